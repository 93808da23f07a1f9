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
  public init(
    endpoint: Endpoint, theme: String? = nil, keymapPath: String? = nil, enablesMouse: Bool = true,
    isReadOnly: Bool = false, monitor: Monitor.Configuration = .init(), shell: [String] = defaultShell,
    logLines: Int = 5_000
  ) {
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
    let services = try await startServices(options)
    defer {
      services.stop()
      // Told to quit by SIGTERM, SIGINT or SIGHUP: end by that signal, as the shell expects.
      Signals.finishQuit()
    }
    let loopKeymap = keymap
    try await onOwnThread {
      try runOnTerminal(services: services, keymap: loopKeymap, theme: theme, options: options)
    }
  }

  /// Connects to the engine — once: the monitor, the actions, the logs and the shells share this
  /// one connection — and starts the monitor on it.
  ///
  /// - Throws: `DockerEngineError` when the engine cannot be reached or is too old.
  static func startServices(
    _ options: DashboardOptions, requestTimeout: Duration = .seconds(15),
    replicaReadyTimeout: Duration = .seconds(120)
  ) async throws -> AppServices {
    let connection = try await EngineConnection.connect(to: options.endpoint, requestTimeout: requestTimeout)
    return await AppServices(
      connection: connection, monitor: options.monitor, logLines: options.logLines,
      replicaReadyTimeout: replicaReadyTimeout)
  }

  /// Runs `body` on a dedicated thread (curses calls stay on it) and waits for it to end.
  static func onOwnThread(_ body: @escaping @Sendable () throws -> Void) async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
      startThread(stackSize: 8 << 20) {
        do {
          try body()
          continuation.resume()
        } catch {
          continuation.resume(throwing: error)
        }
      }
    }
  }

  /// Takes the real terminal (curses), arms the emergency restore and the signal handlers, runs
  /// the loop on it and gives the terminal back on every path.
  private static func runOnTerminal(services: AppServices, keymap: Keymap, theme: AppTheme, options: DashboardOptions) throws {
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
    Signals.install(wakeDescriptor: services.mailbox.writeDescriptor)
    let glyphs = GlyphSet.forLocale(environment: ProcessInfo.processInfo.environment)
    let drawTheme = backend.colorDepth == .none ? theme.monochrome : theme.converted(to: backend.colorDepth)
    let loop = AppLoop(
      backend: backend, environment: .process(glyphs: glyphs), services: services, keymap: keymap, theme: drawTheme,
      options: options)
    loop.run()
  }
}
