@testable import BerthApp
import BerthTestSupport
import DockerEngine
import Foundation
import Monitor
import Synchronization
import TerminalUI

/// Signals as a test raises them: "quit" and "resized" flags the loop reads.
final class TestSignals: SignalSource {
  private let quit = Atomic<Bool>(false)
  private let resize = Atomic<Bool>(false)

  var isQuitRequested: Bool { quit.load(ordering: .sequentiallyConsistent) }

  func takeResize() -> Bool { resize.exchange(false, ordering: .sequentiallyConsistent) }

  /// As SIGTERM: the loop ends at its next turn.
  func requestQuit() { quit.store(true, ordering: .sequentiallyConsistent) }
}

/// The machine's monotonic clock (frame pacing) with a fixed wall clock, so ages on screen do not
/// depend on when the test runs.
struct FixedDateClock: LoopClock {
  var now: ContinuousClock.Instant { .now }
  var date: Date { fixedNow }
}

/// The whole app — `AppLoop` with its model, interpreter, views, mailbox, runner, monitor and a
/// real `DockerClient` — on a `TestBackend`, against the recorded stack of `FakeEngine`: keys and
/// engine replies in, screens out.
final class AppHarness: Sendable {
  let engine: FakeEngine
  let logs: LogFeed
  let link = TestBackendLink()
  let signals = TestSignals()
  let services: AppServices
  /// What a shell started with `e` reads (write keys here) and writes (read its output here).
  let shellInput: (read: Int32, write: Int32)
  let shellOutput: (read: Int32, write: Int32)
  private let loop: Task<Void, any Error>

  /// Starts the app on a `width`×`height` test terminal. The monitor samples every `interval`
  /// (by default seldom enough that a frame after a key is drawn for the key, not for a sample).
  init(
    width: Int = 120, height: Int = 30, logs: LogFeed = LogFeed(), shell: ShellFeed = ShellFeed(),
    interval: Duration = .seconds(60)
  ) async throws {
    self.logs = logs
    engine = try FakeEngine.recordedStack(logs: logs, shell: shell)
    let endpoint = try Endpoint(parsing: engine.url)
    let configuration = Monitor.Configuration(
      interval: interval, maximumBackoff: .milliseconds(300), statsSource: .engine)
    let options = DashboardOptions(endpoint: endpoint, enablesMouse: false, monitor: configuration)
    // As `DashboardApp.run` starts them.
    services = try await DashboardApp.startServices(options, requestTimeout: .seconds(5), replicaReadyTimeout: .seconds(5))
    shellInput = Self.makePipe()
    shellOutput = Self.makePipe()
    let environment = LoopEnvironment(
      inputDescriptor: link.inputDescriptor, signals: signals, clock: FixedDateClock(), glyphs: .unicode,
      sessionInput: shellInput.read, sessionOutput: shellOutput.write)
    let backend = TestBackend(width: width, height: height, link: link)
    let services = self.services
    loop = Task {
      try await DashboardApp.onOwnThread {
        AppLoop(
          backend: backend, environment: environment, services: services, keymap: .default, theme: .default,
          options: options
        ).run()
      }
    }
  }

  /// Types `keys`, one key each.
  func type(_ keys: String) {
    link.send(keys.map { .key(.character($0)) })
  }

  /// Sends input events, in order.
  func send(_ events: InputEvent...) {
    link.send(events)
  }

  /// The first frame, from now on (or the last one drawn), whose text satisfies `predicate`;
  /// nil if none came within `limit`.
  func frame(within limit: Duration = .seconds(10), where predicate: @escaping @Sendable (String) -> Bool) async -> String? {
    let (stream, continuation) = AsyncStream<Screen>.makeStream()
    let token = link.addObserver { continuation.yield($0) }
    defer { link.removeObserver(token) }
    if let last = link.frames.last, predicate(Self.text(of: last)) { return Self.text(of: last) }
    let timer = Task {
      try? await Task.sleep(for: limit)
      continuation.finish()
    }
    defer { timer.cancel() }
    for await screen in stream where predicate(Self.text(of: screen)) {
      return Self.text(of: screen)
    }
    return nil
  }

  /// The first frame showing `text`, within `limit`.
  func frame(showing text: String, within limit: Duration = .seconds(10)) async -> String? {
    await frame(within: limit) { $0.contains(text) }
  }

  /// The last frame drawn.
  var lastFrame: String { link.frames.last.map(Self.text(of:)) ?? "" }

  /// Quits as SIGTERM does and waits (at most `limit`) for the loop to end; stops the app's
  /// background work and the engine. Returns whether the loop ended in time.
  @discardableResult
  func quit(within limit: Duration = .seconds(10)) async -> Bool {
    signals.requestQuit()
    services.mailbox.wake()
    let loop = self.loop
    let ended = await withTaskGroup(of: Bool.self) { group in
      group.addTask { (try? await loop.value) != nil }
      group.addTask {
        try? await Task.sleep(for: limit)
        return false
      }
      let first = await group.next() ?? false
      group.cancelAll()
      return first
    }
    services.stop()
    engine.stop()
    return ended
  }

  /// What the shell wrote so far (read without waiting).
  func shellOutputText() -> String {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = read(shellOutput.read, &buffer, buffer.count)
      guard count > 0 else { break }
      bytes += buffer.prefix(count)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// A pipe whose ends do not block.
  private static func makePipe() -> (read: Int32, write: Int32) {
    var fds: [Int32] = [-1, -1]
    _ = pipe(&fds)
    for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    return (fds[0], fds[1])
  }

  deinit {
    for fd in [shellInput.read, shellInput.write, shellOutput.read, shellOutput.write] { close(fd) }
  }

  /// A screen's text, one line per row.
  static func text(of screen: Screen) -> String { screen.textDump.joined(separator: "\n") }
}
