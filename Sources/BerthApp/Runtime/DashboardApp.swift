import Dashboard
import DockerEngine
import FoundationEssentials
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
  /// The command `e` runs in a container.
  public var shell: [String]
  /// Log lines kept for the logs pane; older ones drop off.
  public var logLines: Int

  /// The default shell: bash where the image has it, else sh.
  public static let defaultShell = ["/bin/sh", "-c", "if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi"]

  /// Makes options.
  public init(endpoint: Endpoint, theme: String? = nil, keymapPath: String? = nil, enablesMouse: Bool = true,
              isReadOnly: Bool = false, monitor: Monitor.Configuration = .init(), shell: [String] = defaultShell,
              logLines: Int = 5_000) {
    self.endpoint = endpoint
    self.shell = shell
    self.logLines = logLines
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
    let mailbox = Mailbox(logBudget: LogBudget(lines: options.logLines))
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
      // Told to quit by SIGTERM, SIGINT or SIGHUP: end by that signal, as the shell expects.
      Signals.finishQuit()
    }
    let loop = UILoop(client: client, mailbox: mailbox, runner: runner, keymap: keymap, theme: theme, options: options) {
      focus in Task { await monitor.setFocus(focus) }
    }
    try await loop.runOnOwnThread()
  }
}

/// The UI thread: reads input, drains the mailbox, updates the model, redraws what changed.
final class UILoop: @unchecked Sendable {
  private let client: DockerClient
  private let mailbox: Mailbox
  private let runner: EffectRunner
  private let keymap: Keymap
  private let theme: AppTheme
  private let options: DashboardOptions
  /// Tells the monitor which containers are on screen (sampled every interval; the rest less often).
  private let onFocus: @Sendable (Set<String>) -> Void

  init(client: DockerClient, mailbox: Mailbox, runner: EffectRunner, keymap: Keymap, theme: AppTheme, options: DashboardOptions,
       onFocus: @escaping @Sendable (Set<String>) -> Void) {
    self.client = client
    self.onFocus = onFocus
    self.mailbox = mailbox
    self.runner = runner
    self.keymap = keymap
    self.theme = theme
    self.options = options
  }

  /// Runs the loop on a dedicated thread (curses calls stay on it) and waits for it to end.
  func runOnOwnThread() async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
      startThread(stackSize: 8 << 20) {
        do {
          try self.run()
          continuation.resume()
        } catch {
          continuation.resume(throwing: error)
        }
      }
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
      backend.restore()
      EmergencyRestore.disarm()
      Signals.uninstall()
    }
    EmergencyRestore.arm(backend.restoration)
    // After curses, which installs its SIGWINCH handler only where none is set.
    Signals.install(wakeDescriptor: mailbox.writeDescriptor)
    var terminal = Terminal(backend: backend)
    let glyphs = GlyphSet.forLocale(environment: ProcessInfo.processInfo.environment)
    let drawTheme = backend.colorDepth == .none ? theme.monochrome : theme.converted(to: backend.colorDepth)
    var model = AppModel(keymap: keymap, readOnly: options.isReadOnly, logCapacity: options.logLines)
    var running = true
    var needsRender = true
    var lastFocus: Set<String> = []
    // Frames are paced: at most one every 33 ms for background updates (a log flood), at
    // once after input, so keys stay snappy and a flood costs at most ~30 redraws a second.
    let frameInterval = 0.033
    var lastFrame = 0.0
    var inputArrived = false
    func monotonic() -> Double {
      var time = timespec()
      clock_gettime(CLOCK_MONOTONIC, &time)
      return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    func process(_ event: AppEvent) {
      for effect in model.handle(event) {
        switch effect {
        case .quit:
          running = false
        case .dashboard(.quit):
          running = false
        case .dashboard(.exec(let id)):
          session(in: id, attaching: false)
        case .dashboard(.attach(let id)):
          session(in: id, attaching: true)
        default:
          runner.run(effect)
        }
      }
      needsRender = true
    }

    /// Hands the terminal to a shell (exec) or the main process (attach), then takes it back.
    func session(in containerID: String, attaching: Bool) {
      let name = model.state.snapshot?.containers.first { $0.id == containerID }?.name ?? String(containerID.prefix(12))
      let client = self.client
      let shell = options.shell
      var message: StatusMessage
      terminal.withBackend {
        $0.discardPendingInput()
        $0.suspend()
      }
      do {
        let connection: HijackedConnection
        let execID: String?
        let multiplexed: Bool
        if attaching {
          let details = try blocking { try await client.inspect(containerID) }
          guard details.state?.running == true else { throw DockerEngineError(.conflict, "\(name) is not running") }
          multiplexed = !(details.config?.tty ?? false)
          print("Attached to \(TerminalText.sanitize(name))'s main process. Detach with Ctrl-P Ctrl-Q (the container keeps running).\r")
          connection = try client.attach(to: containerID)
          execID = nil
        } else {
          let id = try blocking { try await client.createExec(in: containerID, ExecConfiguration(command: shell)) }
          connection = try client.startExec(id)
          execID = id
          multiplexed = false
        }
        let session = TerminalSession(
          connection: connection, isMultiplexed: multiplexed, wakeDescriptor: mailbox.readDescriptor,
          onResize: { columns, rows in
            Task {
              if let execID {
                try? await client.resizeExec(execID, columns: columns, rows: rows)
              } else {
                try? await client.resizeTTY(of: containerID, columns: columns, rows: rows)
              }
            }
          })
        // Keys typed ahead while Berth was busy were meant for the dashboard, not the shell.
        tcflush(STDIN_FILENO, TCIFLUSH)
        let end = session.run()
        connection.close()
        switch end {
        case .quitRequested:
          running = false
          message = StatusMessage("Quit")
        case .failed(let reason):
          message = StatusMessage("\(name): \(reason)", isError: true)
        case .closed:
          if let execID, let code = try? blocking({ try await client.inspectExec(execID) }).exitCode {
            message = code == 126 || code == 127  // 128+n is a signal (130: Ctrl-C), not a missing shell
              ? StatusMessage("The shell in \(name) could not start (exit \(code)): is there a shell in the image? Choose one with --shell.", isError: true)
              : StatusMessage("Shell in \(name) exited (\(code))", isError: code != 0)
          } else {
            message = StatusMessage(attaching ? "Detached from \(name)" : "Shell in \(name) ended")
          }
        }
      } catch {
        message = StatusMessage("\(attaching ? "Attach to" : "Shell in") \(name): \((error as? DockerEngineError)?.message ?? "\(error)")", isError: true)
      }
      terminal.withBackend { $0.resume() }
      // The window may have changed size meanwhile: curses reports it on the next read.
      Signals.resizeRequested = 1
      _ = model.handle(.input(.resize(width: backend.size.width, height: backend.size.height)))
      _ = model.handle(.dashboard(.showStatus(message)))
    }

    process(.input(.resize(width: backend.size.width, height: backend.size.height)))
    while running {
      let now = monotonic()
      if needsRender && (inputArrived || now - lastFrame >= frameInterval) {
        needsRender = false
        inputArrived = false
        lastFrame = now
        let context = ViewContext(
          theme: drawTheme, glyphs: glyphs, keymap: keymap, now: Date(), isTLSUnverified: options.endpoint.isTLSUnverified)
        var tableState = model.servicesTable
        terminal.draw { screen in
          tableState = DashboardView(model: model, context: context).draw(on: &screen)
        }
        model.servicesTable = tableState
        if model.showsUnarmedConfirmation {
          // The question is on screen now: what was typed before it cannot answer it.
          backend.discardPendingInput()
          if backend.size != model.size {
            process(.input(.resize(width: backend.size.width, height: backend.size.height)))
          }
          for effect in model.frameDrawn() { runner.run(effect) }
          // Draw again at once: the dialog now shows the keys that answer it.
          needsRender = true
          inputArrived = true
        }
        let focus = model.containersOnScreen
        if focus != lastFocus {
          lastFocus = focus
          onFocus(focus)
        }
      }
      var descriptors = [
        pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
        pollfd(fd: mailbox.readDescriptor, events: Int16(POLLIN), revents: 0),
      ]
      let wait = needsRender ? max(1, Int32((lastFrame + frameInterval - monotonic()) * 1000)) : 5_000
      _ = poll(&descriptors, 2, wait)
      if Signals.quitRequested != 0 { break }
      if Signals.resizeRequested != 0 || descriptors[0].revents != 0 {
        Signals.resizeRequested = 0
        while let input = terminal.readEvent(timeout: .zero) {
          process(.input(input))
          inputArrived = true
          // Once an event opens a confirmation, the rest of this batch (keys typed ahead) is
          // dropped when the dialog is drawn, not read as its answer.
          if !running || model.isConfirmationAwaitingFrame { break }
        }
      }
      for event in mailbox.drain() {
        process(event)
      }
    }
  }
}
