import BerthTestSupport
import DockerEngine
import Foundation
@testable import Monitor
import Testing

/// An engine made of recorded replies, whose behaviour a test can change.
final class FakeEngine: EngineAPI, @unchecked Sendable {
  let lock = NSLock()
  var list: [ContainerSummary]
  var details: [String: ContainerDetails]
  var samples: [String: [StatsSample]] = [:]
  var failing: DockerEngineError?
  var statsCalls = 0
  var statsCallsByID: [String: Int] = [:]
  var slowIDs: Set<String> = []

  var endpointDescription: String { "unix:///fake.sock" }
  var engineVersion: EngineVersion { EngineVersion(version: "20.10.24", apiVersion: "1.41") }
  var apiVersion: APIVersion { APIVersion(1, 41) }
  var supportsOneShotStats: Bool { true }

  init() throws {
    list = try Fixtures.decode([ContainerSummary].self, from: "containers-list.json")
    var details: [String: ContainerDetails] = [:]
    for name in ["container-inspect-limited.json", "container-inspect-exited.json", "container-inspect-plain.json"] {
      let detail = try Fixtures.decode(ContainerDetails.self, from: name)
      details[detail.id] = detail
    }
    self.details = details
    let web = try #require(list.first { $0.name == "fixture-web" })
    samples[web.id] = [
      try Fixtures.decode(StatsSample.self, from: "stats-oneshot-1.json"),
      try Fixtures.decode(StatsSample.self, from: "stats-oneshot-2.json"),
    ]
  }

  func check() throws { if let failing = lock.withLock({ failing }) { throw failing } }

  func info() async throws -> EngineInfo {
    try check()
    return try Fixtures.decode(EngineInfo.self, from: "info.json")
  }

  func containers(includeStopped: Bool, labels: [String]) async throws -> [ContainerSummary] {
    try check()
    return lock.withLock { list }
  }

  var inspectCalls = 0

  func inspect(_ id: String) async throws -> ContainerDetails {
    try check()
    lock.withLock { inspectCalls += 1 }
    guard let detail = lock.withLock({ details[id] }) else { throw DockerEngineError(.notFound, "No such container: \(id)") }
    return detail
  }

  func stats(for id: String, oneShot: Bool) async throws -> StatsSample {
    try check()
    if lock.withLock({ slowIDs.contains(id) }) { try await Task.sleep(for: .seconds(3600)) }
    return try lock.withLock {
      statsCalls += 1
      statsCallsByID[id, default: 0] += 1
      guard var queue = samples[id], !queue.isEmpty else { throw DockerEngineError(.notFound, "No such container: \(id)") }
      let sample = queue.removeFirst()
      samples[id] = queue.isEmpty ? [sample] : queue
      return sample
    }
  }

  func events(since: Date?, filters: [String: [String]]) -> AsyncThrowingStream<EngineEvent, any Error> {
    AsyncThrowingStream { continuation in
      if let failing = lock.withLock({ failing }) { continuation.finish(throwing: failing) }
    }
  }
}

struct MonitorTests {
  @Test func snapshotHasLimitsUsageAndComposeIdentity() async throws {
    let engine = try FakeEngine()
    let monitor = Monitor { engine }
    let snapshot = try await monitor.takeSnapshot(gap: .milliseconds(1))
    #expect(snapshot.engine?.apiVersion == "1.41")
    #expect(snapshot.containers.count == 3)
    let web = try #require(snapshot.containers.first { $0.name == "fixture-web" })
    #expect(web.compose == ComposeIdentity(project: "django", service: "web", number: 1, isOneOff: false))
    #expect(web.limits.memoryBytes == 134_217_728)
    #expect(web.limits.cpuCores == 0.5)
    #expect(web.limits.pids == 100)
    #expect(web.limits.restartPolicy == "unless-stopped")
    let usage = try #require(web.usage)
    #expect(abs(usage.cpuPercent - 50.771_962_772_277) < 1e-9)
    #expect(web.history.cpuPercent.count == 1)
    let oneoff = try #require(snapshot.containers.first { $0.name == "fixture-oneoff" })
    #expect(oneoff.compose?.isOneOff == true)
    #expect(oneoff.state == .exited)
    #expect(oneoff.limits.memoryBytes == nil && oneoff.limits.cpuCores == nil && oneoff.limits.pids == nil)
    #expect(oneoff.usage == nil)
    let plain = try #require(snapshot.containers.first { $0.name == "fixture-plain" })
    #expect(plain.compose == nil)
  }

  /// A stats request that never answers would hang the snapshot past the time limit.
  @Test(.timeLimit(.minutes(1))) func aVanishedOrSlowContainerDoesNotStallTheOthers() async throws {
    let engine = try FakeEngine()
    let plain = try #require(engine.list.first { $0.name == "fixture-plain" })
    engine.slowIDs = [plain.id]  // its stats never answer in time
    let monitor = Monitor(configuration: .init(sampleTimeout: .milliseconds(300))) { engine }
    let snapshot = try await monitor.takeSnapshot(gap: .milliseconds(1))
    #expect(snapshot.containers.first { $0.name == "fixture-web" }?.usage != nil)
    #expect(snapshot.containers.first { $0.id == plain.id }?.usage == nil)
  }

  @Test func eventsRemoveDestroyedContainersAndCountOOMBurstsOnce() async throws {
    let engine = try FakeEngine()
    let monitor = Monitor { engine }
    var snapshot = try await monitor.takeSnapshot(gap: .milliseconds(1))
    let web = try #require(snapshot.containers.first { $0.name == "fixture-web" })
    let base: Int64 = 1_795_927_537_000_000_000
    for offset in 0..<13 {  // one OOM produced 13 events on a real engine
      await monitor.handle(EngineEvent(type: "container", action: "oom", actorID: web.id, timeNano: base + Int64(offset) * 1_000_000))
    }
    await monitor.handle(EngineEvent(type: "container", action: "oom", actorID: web.id, timeNano: base + 5_000_000_000))
    let plain = try #require(snapshot.containers.first { $0.name == "fixture-plain" })
    await monitor.handle(EngineEvent(type: "container", action: "destroy", actorID: plain.id))
    snapshot = try #require(await monitor.currentSnapshot)
    #expect(snapshot.containers.first { $0.id == web.id }?.oomKillCount == 2)
    #expect(!snapshot.containers.contains { $0.id == plain.id })
  }

  @Test func anEventReinspectsTheContainer() async throws {
    let engine = try FakeEngine()
    let monitor = Monitor { engine }
    let snapshot = try await monitor.takeSnapshot(gap: .milliseconds(1))
    let plain = try #require(snapshot.containers.first { $0.name == "fixture-plain" })
    engine.lock.withLock {
      engine.details[plain.id]?.state?.status = "paused"
    }
    await monitor.handle(EngineEvent(type: "container", action: "pause", actorID: plain.id))
    let paused = try await eventually(timeout: .seconds(2)) {
      await monitor.currentSnapshot?.containers.first { $0.id == plain.id }?.state == .paused
    }
    #expect(paused)
    #expect(await monitor.currentSnapshot?.containers.first { $0.id == plain.id }?.status.contains("Paused") == true)
  }

  @Test func aReconcileReinspectsChangesNotTheClock() async throws {
    let engine = try FakeEngine()
    let monitor = Monitor(configuration: .init(statsSource: .engine)) { engine }
    let snapshot = try await monitor.takeSnapshot(gap: .milliseconds(1))
    let web = try #require(snapshot.containers.first { $0.name == "fixture-web" })
    let index = try #require(engine.list.firstIndex { $0.id == web.id })
    func reconcile(status: String, state: String = "running") async throws -> Int {
      let before = engine.lock.withLock {
        engine.list[index].status = status
        engine.list[index].state = state
        return engine.inspectCalls
      }
      try await monitor.reconcile(engine)
      return engine.lock.withLock { engine.inspectCalls } - before
    }
    _ = try await reconcile(status: "Up 4 minutes")
    #expect(try await reconcile(status: "Up 5 minutes") == 0)  // the clock moved: nothing to inspect
    #expect(try await reconcile(status: "Up 2 seconds") == 1)  // a restart whose events were missed
    #expect(try await reconcile(status: "Up 3 seconds") == 0)
    #expect(try await reconcile(status: "Up 3 seconds (Paused)", state: "paused") == 1)
  }

  @Test func reportsDisconnectedAndRecoversByItself() async throws {
    let engine = try FakeEngine()
    engine.failing = DockerEngineError(.unreachable, "Cannot connect to the Docker engine at unix:///fake.sock")
    let monitor = Monitor(configuration: .init(interval: .milliseconds(50), maximumBackoff: .milliseconds(100))) { engine }
    let stream = await monitor.snapshots()
    let runner = Task { await monitor.run() }
    defer { runner.cancel() }
    var sawDisconnect = false
    var recovered = false
    for await snapshot in stream {
      if case .disconnected(let reason, _) = snapshot.connection {
        #expect(reason.contains("unix:///fake.sock"))
        sawDisconnect = true
        engine.lock.withLock { engine.failing = nil }
      }
      if sawDisconnect, snapshot.connection == .connected, snapshot.containers.count == 3 {
        recovered = true
        break
      }
    }
    #expect(sawDisconnect && recovered)
  }

  @Test(arguments: [
    (0.0, "Less than a second"), (1, "1 second"), (42, "42 seconds"), (90, "About a minute"), (600, "10 minutes"),
    (4000, "About an hour"), (10_800, "3 hours"), (259_200, "3 days"),
  ] as [(Double, String)])
  func humanDurations(seconds: Double, text: String) {
    #expect(Monitor.humanDuration(seconds) == text)
  }
}

struct EarlyPublishTests {
  /// An engine whose inspects wait until released, to see what is published before them.
  final class SlowInspectEngine: EngineAPI, @unchecked Sendable {
    let base: FakeEngine
    let lock = NSLock()
    var isReleased = false
    init() throws { base = try FakeEngine() }
    var endpointDescription: String { base.endpointDescription }
    var engineVersion: EngineVersion { base.engineVersion }
    var apiVersion: APIVersion { base.apiVersion }
    var supportsOneShotStats: Bool { true }
    func info() async throws -> EngineInfo { try await base.info() }
    func containers(includeStopped: Bool, labels: [String]) async throws -> [ContainerSummary] {
      try await base.containers(includeStopped: includeStopped, labels: labels)
    }
    func inspect(_ id: String) async throws -> ContainerDetails {
      while !lock.withLock({ isReleased }) { try await Task.sleep(for: .milliseconds(10)) }
      return try await base.inspect(id)
    }
    func stats(for id: String, oneShot: Bool) async throws -> StatsSample { try await base.stats(for: id, oneShot: oneShot) }
    func events(since: Date?, filters: [String: [String]]) -> AsyncThrowingStream<EngineEvent, any Error> {
      base.events(since: since, filters: filters)
    }
  }

  @Test(.timeLimit(.minutes(1))) func theListIsPublishedBeforeTheInspectsReturn() async throws {
    let engine = try SlowInspectEngine()
    let monitor = Monitor { engine }
    let stream = await monitor.snapshots()
    let runner = Task { await monitor.run() }
    defer { runner.cancel() }
    var early: EngineSnapshot?
    for await snapshot in stream where snapshot.containers.count == 3 {
      early = snapshot
      break
    }
    let first = try #require(early)
    #expect(first.connection == .connected)
    #expect(Set(first.containers.map(\.name)) == ["fixture-web", "fixture-oneoff", "fixture-plain"])
    #expect(first.containers.allSatisfy { $0.limits.memoryBytes == nil })  // limits come with the inspect
    engine.lock.withLock { engine.isReleased = true }
    let inspected = try await eventually(timeout: .seconds(10)) {
      await monitor.currentSnapshot?.containers.first { $0.name == "fixture-web" }?.limits.memoryBytes == 134_217_728
    }
    #expect(inspected)
  }
}
