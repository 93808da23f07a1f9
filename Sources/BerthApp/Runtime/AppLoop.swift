import Dashboard
import DockerEngine
import FoundationEssentials
import Monitor
import TerminalUI

#if canImport(Glibc)
  import Glibc
#endif

/// The UI loop, generic over the terminal: reads input, drains the mailbox, updates the model,
/// interprets the effects (`interpret(_:)`), redraws what changed.
///
/// Everything it touches outside itself is injected (the backend, where input arrives, signals,
/// clocks), so a test runs the whole app on a `TestBackend`. Use from one thread only.
final class AppLoop<Backend: TerminalBackend> {
  var terminal: Terminal<Backend>
  var model: AppModel
  let environment: LoopEnvironment
  let services: AppServices
  let keymap: Keymap
  /// The theme as drawn on this terminal (colours already converted to its depth).
  let theme: AppTheme
  let options: DashboardOptions
  /// Whether the loop goes on; an effect (`quit`) or a quit request ends it.
  var isRunning = true
  var needsRender = true
  /// Input was handled since the last frame: the next frame is drawn at once, not paced.
  var inputArrived = false
  /// Read the terminal's input on the next turn even if its descriptor is quiet (after a shell:
  /// the window may have changed size meanwhile, which the backend reports on the next read).
  var readsInputNext = false
  private var lastFocus: Set<String> = []
  private var lastFrame: ContinuousClock.Instant?

  /// Frames are paced: at most one every 33 ms for background updates (a log flood), at once
  /// after input, so keys stay snappy and a flood costs at most ~30 redraws a second.
  static var frameInterval: Duration { .milliseconds(33) }

  init(
    backend: Backend, environment: LoopEnvironment, services: AppServices, keymap: Keymap, theme: AppTheme,
    options: DashboardOptions
  ) {
    terminal = Terminal(backend: backend)
    self.environment = environment
    self.services = services
    self.keymap = keymap
    self.theme = theme
    self.options = options
    model = AppModel(keymap: keymap, readOnly: options.isReadOnly, logCapacity: options.logLines)
  }

  /// Runs until an effect or a signal ends the loop.
  func run() {
    let size = terminal.backend.size
    process(.input(.resize(width: size.width, height: size.height)))
    let mailbox = services.mailbox
    while isRunning {
      if needsRender, inputArrived || lastFrame.map({ environment.clock.now - $0 >= Self.frameInterval }) ?? true {
        render()
      }
      var descriptors = [
        pollfd(fd: environment.inputDescriptor, events: Int16(POLLIN), revents: 0),
        pollfd(fd: mailbox.readDescriptor, events: Int16(POLLIN), revents: 0),
      ]
      _ = poll(&descriptors, 2, waitMilliseconds())
      if environment.signals.isQuitRequested { break }
      if environment.signals.takeResize() || readsInputNext || descriptors[0].revents != 0 {
        readsInputNext = false
        while let input = terminal.readEvent(timeout: .zero) {
          process(.input(input))
          inputArrived = true
          // Once an event opens a confirmation, the rest of this batch (keys typed ahead) is
          // dropped when the dialog is drawn, not read as its answer.
          if !isRunning || model.isConfirmationAwaitingFrame { break }
        }
      }
      for event in mailbox.drain() {
        process(event)
      }
    }
  }

  /// How long `poll` may sleep: until the next paced frame is due, else 5 s.
  private func waitMilliseconds() -> Int32 {
    guard needsRender, let lastFrame else { return needsRender ? 1 : 5_000 }
    let left = lastFrame + Self.frameInterval - environment.clock.now
    let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
    return Int32(clamping: max(1, milliseconds))
  }

  /// Applies one event and interprets the effects it returns.
  func process(_ event: AppEvent) {
    for effect in model.handle(event) {
      interpret(effect)
    }
    needsRender = true
  }

  /// Draws a frame of the model; a confirmation on it starts taking answers (typed-ahead input
  /// is discarded first), and the monitor learns which containers are on screen.
  private func render() {
    needsRender = false
    inputArrived = false
    lastFrame = environment.clock.now
    let context = ViewContext(
      theme: theme, glyphs: environment.glyphs, keymap: keymap, now: environment.clock.date,
      isTLSUnverified: options.endpoint.isTLSUnverified)
    var tableState = model.servicesTable
    let model = self.model
    terminal.draw { screen in
      tableState = DashboardView(model: model, context: context).draw(on: &screen)
    }
    self.model.servicesTable = tableState
    if self.model.showsUnarmedConfirmation {
      // The question is on screen now: what was typed before it cannot answer it.
      terminal.discardPendingInput()
      let size = terminal.backend.size
      if size != self.model.size {
        process(.input(.resize(width: size.width, height: size.height)))
      }
      for effect in self.model.frameDrawn() { interpret(effect) }
      // Draw again at once: the dialog now shows the keys that answer it.
      needsRender = true
      inputArrived = true
    }
    let focus = self.model.containersOnScreen
    if focus != lastFocus {
      lastFocus = focus
      services.setFocus(focus)
    }
  }
}
