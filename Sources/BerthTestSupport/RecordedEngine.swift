import DockerEngine
import Foundation
import Monitor

// MARK: - h10: the recorded engine as a script, and bounded waits (BEGIN)
//
// The one fake engine is `FakeEngine` (a unix-socket HTTP server the real `DockerClient` talks
// to). `EngineScript` is what the monitor tests script it with: the recorded replies of a real
// engine (`FakeEngine.recordedReply`), plus the changes a test makes between requests.

/// The recorded replies of a real engine, changed by a test between requests: a container's listed
/// state, a paused container, inspects held until released, stats that never answer, an engine
/// that hangs up on every request. Serve it with `FakeEngine(script:)`.
public final class EngineScript: @unchecked Sendable {
  private let lock = NSCondition()
  private var listed: [String: (status: String, state: String)] = [:]
  private var paused: Set<String> = []
  private var stalled: Set<String> = []
  private var hangingUp = false
  private var inspectsHeld = false
  private var inspects = 0
  private var inspectsWaiting = 0
  private var statsServed: [String: Int] = [:]

  /// The longest a held inspect waits for `releaseInspects()` (so a broken test cannot hang).
  public static let holdLimit = Duration.seconds(30)

  /// A script that answers everything as the real engine did.
  public init() {}

  /// Lists container `id` with this `status` text and `state`, instead of the recorded ones.
  public func list(_ id: String, status: String, state: String = "running") {
    lock.withLock { listed[id] = (status, state) }
  }

  /// Inspects of container `id` say it is paused.
  public func pause(_ id: String) { lock.withLock { _ = paused.insert(id) } }

  /// Stats requests for container `id` are read and never answered.
  public func stallStats(of id: String) { lock.withLock { _ = stalled.insert(id) } }

  /// Whether every request is answered by closing the connection (an engine going away).
  public var isHangingUp: Bool {
    get { lock.withLock { hangingUp } }
    set { lock.withLock { hangingUp = newValue } }
  }

  /// Inspects wait from now until `releaseInspects()` (at most `holdLimit`).
  public func holdInspects() { lock.withLock { inspectsHeld = true } }

  /// Lets held inspects answer.
  public func releaseInspects() {
    lock.withLock {
      inspectsHeld = false
      lock.broadcast()
    }
  }

  /// Inspect requests answered (or being answered) so far.
  public var inspectCount: Int { lock.withLock { inspects } }

  /// The reply to `path`: the recorded one, changed as scripted; `/events` is an open stream that
  /// sends nothing.
  public func reply(to path: String) -> FakeEngine.Reply {
    if isHangingUp { return .raw("") }
    let route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
    let parts = route.split(separator: "/").filter { !$0.hasPrefix("v1.") }
    switch (parts.count, parts.first, parts.last) {
    case (1, "events", _):
      return .rawThenDeaf("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    case (2, "containers", "json"):
      return listReply()
    case (3, "containers", "json"):
      let id = String(parts[1])
      waitWhileInspectsAreHeld()
      let paused = lock.withLock { () -> Bool in
        inspects += 1
        return self.paused.contains(id)
      }
      guard paused, case .http(let status, let body, let type)? = FakeEngine.recordedReply(to: path) else {
        return FakeEngine.recordedReply(to: path) ?? Self.notFound
      }
      let pausedBody = body.replacingOccurrences(of: #""Status":"running""#, with: #""Status":"paused""#)
        .replacingOccurrences(of: #""Paused":false"#, with: #""Paused":true"#)
      return .http(status: status, body: pausedBody, contentType: type)
    case (3, "containers", "stats"):
      let id = String(parts[1])
      let served = lock.withLock { () -> Int? in
        if stalled.contains(id) { return nil }
        statsServed[id, default: 0] += 1
        return statsServed[id]
      }
      guard let served else { return .stall }
      // The first request gets the first recorded sample, every later one the second.
      return FakeEngine.recordedReply(to: path, statsSample: served == 1 ? 1 : 2) ?? Self.notFound
    default:
      return FakeEngine.recordedReply(to: path) ?? Self.notFound
    }
  }

  private static let notFound = FakeEngine.Reply.http(status: 404, body: #"{"message":"page not found"}"#)

  private func waitWhileInspectsAreHeld() {
    let deadline = Date(timeIntervalSinceNow: Double(Self.holdLimit.components.seconds))
    lock.withLock {
      while inspectsHeld, lock.wait(until: deadline) {}
    }
  }

  private func listReply() -> FakeEngine.Reply {
    guard let data = try? Fixtures.data("containers-list.json") else { return Self.notFound }
    let changes = lock.withLock { listed }
    guard !changes.isEmpty, var list = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] else {
      return .http(status: 200, body: String(decoding: data, as: UTF8.self))
    }
    for index in list.indices {
      if let id = list[index]["Id"] as? String, let change = changes[id] {
        list[index]["Status"] = change.status
        list[index]["State"] = change.state
      }
    }
    let body = (try? JSONSerialization.data(withJSONObject: list)) ?? data
    return .http(status: 200, body: String(decoding: body, as: UTF8.self))
  }
}

extension FakeEngine {
  /// A fake engine that answers as `script` says.
  public convenience init(script: EngineScript) throws {
    try self.init { _, path in script.reply(to: path) }
  }
}

/// The value `operation` returns, or `TimeLimitExceeded` once `limit` has passed: the bound every
/// awaited event in a test gets (Swift Testing's `.timeLimit` counts only in whole minutes).
public func withTimeLimit<Value: Sendable>(
  _ limit: Duration, _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
  try await withThrowingTaskGroup(of: Value?.self) { group in
    group.addTask { try await operation() }
    group.addTask {
      try await Task.sleep(for: limit)
      return nil
    }
    defer { group.cancelAll() }
    guard let first = try await group.next(), let value = first else { throw TimeLimitExceeded(limit: limit) }
    return value
  }
}

/// An awaited event did not come within its bound.
public struct TimeLimitExceeded: Error, CustomStringConvertible {
  /// The bound that passed.
  public let limit: Duration
  /// For the test log.
  public var description: String { "nothing came within \(limit)" }
}

extension Monitor {
  /// The first snapshot this monitor publishes (its latest included) that satisfies `condition`,
  /// awaited on its snapshot stream — no polling — for at most `limit`.
  public func firstSnapshot(
    within limit: Duration = .seconds(10), where condition: @escaping @Sendable (EngineSnapshot) -> Bool
  ) async throws -> EngineSnapshot {
    let stream = snapshots()
    return try await withTimeLimit(limit) {
      for await snapshot in stream where condition(snapshot) { return snapshot }
      throw TimeLimitExceeded(limit: limit)
    }
  }
}

/// Something a test can await changing: the owner calls `signal()` at each change, a test awaits
/// `until(within:_:)` — woken at each change, never polling.
public final class ChangeSignal: @unchecked Sendable {
  private let lock = NSLock()
  private var waiters: [UUID: AsyncStream<Void>.Continuation] = [:]

  /// A signal nobody awaits yet.
  public init() {}

  /// Wakes every waiter.
  public func signal() {
    for waiter in lock.withLock({ Array(waiters.values) }) { waiter.yield() }
  }

  /// Returns once `condition` holds, checked now and after each `signal()`; throws
  /// `TimeLimitExceeded` after `limit`.
  public func until(within limit: Duration = .seconds(10), _ condition: @escaping @Sendable () -> Bool) async throws {
    let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    let id = UUID()
    lock.withLock { waiters[id] = continuation }  // before the first check: no wake-up is lost
    defer {
      lock.withLock { waiters[id] = nil }
      continuation.finish()
    }
    if condition() { return }
    try await withTimeLimit(limit) {
      for await _ in stream where condition() { return }
      throw TimeLimitExceeded(limit: limit)
    }
  }
}

extension FakeEngine {
  /// Returns once at least `count` request lines containing `text` have been read (an awaited
  /// event, not a polling loop); throws `TimeLimitExceeded` after `limit`.
  public func requests(containing text: String, atLeast count: Int, within limit: Duration = .seconds(10)) async throws {
    try await requestSeen.until(within: limit) { [self] in requestLines.filter { $0.contains(text) }.count >= count }
  }
}

// MARK: - h10: the recorded engine as a script, and bounded waits (END)
