import Dashboard
import DockerEngine
import Foundation
import Monitor
import TerminalUI

#if canImport(Glibc)
import Glibc
#endif

/// How the dashboard is started (from the command line).
public struct DashboardOptions: Sendable {
  public var endpoint: Endpoint
  /// `--theme NAME|PATH`.
  public var theme: String?
  /// `--keymap PATH`.
  public var keymapPath: String?
  public var enablesMouse: Bool
  /// Hide and refuse actions that change containers.
  public var isReadOnly: Bool
  public var monitor: Monitor.Configuration

  /// Makes options.
  public init(endpoint: Endpoint, theme: String? = nil, keymapPath: String? = nil, enablesMouse: Bool = true,
              isReadOnly: Bool = false, monitor: Monitor.Configuration = .init()) {
    self.endpoint = endpoint
    self.theme = theme
    self.keymapPath = keymapPath
    self.enablesMouse = enablesMouse
    self.isReadOnly = isReadOnly
    self.monitor = monitor
  }
}

/// The interactive dashboard: one UI thread owns the terminal; the monitor, actions and log
/// followers run as tasks and post events to it.
public enum DashboardApp {
  /// Runs until the user quits; throws (before touching the terminal) when the engine or the
  /// configuration is unusable, so the caller prints one clear message and exits non-zero.
  public static func run(_ options: DashboardOptions) async throws {
    var keymap = try Keymap.load(overridePath: options.keymapPath)
    if options.isReadOnly { keymap = keymap.removingMutatingActions() }
    let theme = try ThemeLoader.load(options.theme)
    let client = try await DockerClient.connect(to: options.endpoint)
    let endpoint = options.endpoint
    let monitor = Monitor(configuration: options.monitor) { try await DockerClient.connect(to: endpoint) }
    let mailbox = Mailbox()
    let runner = EffectRunner(client: client, mailbox: mailbox)
    let snapshots = await monitor.snapshots()
    let monitorTask = Task { await monitor.run() }
    let forwardTask = Task {
      for await snapshot in snapshots { mailbox.post(.snapshot(snapshot)) }
    }
    defer {
      monitorTask.cancel()
      forwardTask.cancel()
      runner.stop()
    }
    let loop = UILoop(mailbox: mailbox, runner: runner, keymap: keymap, theme: theme, options: options)
    try await loop.runOnOwnThread()
  }
}

/// The UI thread: reads input, drains the mailbox, updates the model, redraws what changed.
final class UILoop: @unchecked Sendable {
  private let mailbox: Mailbox
  private let runner: EffectRunner
  private let keymap: Keymap
  private let theme: Theme
  private let options: DashboardOptions

  init(mailbox: Mailbox, runner: EffectRunner, keymap: Keymap, theme: Theme, options: DashboardOptions) {
    self.mailbox = mailbox
    self.runner = runner
    self.keymap = keymap
    self.theme = theme
    self.options = options
  }

  /// Runs the loop on a dedicated thread (curses calls stay on it) and waits for it to end.
  func runOnOwnThread() async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
      let thread = Thread {
        do {
          try self.run()
          continuation.resume()
        } catch {
          continuation.resume(throwing: error)
        }
      }
      thread.name = "berth.ui"
      thread.start()
    }
  }

  private func run() throws {
    let backend: CursesBackend
    do {
      backend = try CursesBackend(enablesMouse: options.enablesMouse)
    } catch {
      throw DockerEngineError(.badEndpoint, error.message)
    }
    defer {
      Signals.uninstall()
      backend.restore()
    }
    Signals.install(wakeDescriptor: mailbox.writeDescriptor)
    var terminal = Terminal(backend: backend)
    let glyphs = GlyphSet.forLocale(environment: ProcessInfo.processInfo.environment)
    let drawTheme = backend.colorDepth == .none ? theme.monochrome : theme.converted(to: backend.colorDepth)
    var model = AppModel(keymap: keymap, readOnly: options.isReadOnly)
    var running = true
    var needsRender = true

    func process(_ event: AppEvent) {
      for effect in model.handle(event) {
        switch effect {
        case .quit:
          running = false
        case .dashboard(.quit):
          running = false
        default:
          runner.run(effect)
        }
      }
      needsRender = true
    }

    process(.input(.resize(width: backend.size.width, height: backend.size.height)))
    while running {
      if needsRender {
        needsRender = false
        let context = ViewContext(theme: drawTheme, glyphs: glyphs, keymap: keymap, now: Date())
        var tableState = model.servicesTable
        terminal.draw { screen in
          tableState = DashboardView(model: model, context: context).draw(on: &screen)
        }
        model.servicesTable = tableState
      }
      var descriptors = [
        pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
        pollfd(fd: mailbox.readDescriptor, events: Int16(POLLIN), revents: 0),
      ]
      _ = poll(&descriptors, 2, 5_000)
      if Signals.quitRequested != 0 { break }
      if Signals.resizeRequested != 0 || descriptors[0].revents != 0 {
        Signals.resizeRequested = 0
        while let input = terminal.readEvent(timeout: .zero) {
          process(.input(input))
          if !running { break }
        }
      }
      for event in mailbox.drain() {
        process(event)
      }
    }
  }
}
