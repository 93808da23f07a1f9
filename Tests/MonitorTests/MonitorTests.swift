import BerthTestSupport
import DockerEngine
import Foundation
@testable import Monitor
import Testing

/// The monitor against the one fake engine: the real `DockerClient` talks HTTP over a unix socket
/// to `FakeEngine`, which serves the replies a real engine gave (`EngineScript`, changed by each
/// test). Stats come from the engine, never from this machine's cgroups.
struct Recorded {
  let script = EngineScript()
  let fake: BerthTestSupport.FakeEngine

  init() throws { fake = try BerthTestSupport.FakeEngine(script: script) }

  /// A monitor of this engine.
  func monitor(_ configuration: Monitor.Configuration = .init(statsSource: .engine)) throws -> Monitor {
    Monitor(endpoint: try Endpoint(parsing: fake.url), configuration: configuration)
  }

  /// A client of this engine, for calls the monitor makes with one.
  func client() async throws -> DockerClient { try await DockerClient.connect(to: try Endpoint(parsing: fake.url)) }

  /// The ID of the recorded container `name`.
  static func id(of name: String) throws -> String {
    let list = try Fixtures.decode([ContainerSummary].self, from: "containers-list.json")
    return try #require(list.first { $0.name == name }).id
  }
}

@Suite(.timeLimit(.minutes(1)))
struct MonitorTests {
  @Test func snapshotHasLimitsUsageAndComposeIdentity() async throws {
    let engine = try Recorded()
    let snapshot = try await engine.monitor().takeSnapshot(gap: .milliseconds(1))
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

  /// A stats request that never answers would hang the snapshot past its bound.
  @Test func aVanishedOrSlowContainerDoesNotStallTheOthers() async throws {
    let engine = try Recorded()
    let plainID = try Recorded.id(of: "fixture-plain")
    engine.script.stallStats(of: plainID)  // its stats are read and never answered
    let monitor = try engine.monitor(.init(sampleTimeout: .milliseconds(300), statsSource: .engine))
    // Two rounds of 300 ms each, well within the bound.
    let snapshot = try await withTimeLimit(.seconds(5)) { try await monitor.takeSnapshot(gap: .milliseconds(1)) }
    #expect(snapshot.containers.first { $0.name == "fixture-web" }?.usage != nil)
    #expect(snapshot.containers.first { $0.id == plainID }?.usage == nil)
  }

  @Test func eventsRemoveDestroyedContainersAndCountOOMBurstsOnce() async throws {
    let engine = try Recorded()
    let monitor = try engine.monitor()
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
    let engine = try Recorded()
    let monitor = try engine.monitor()
    let snapshot = try await monitor.takeSnapshot(gap: .milliseconds(1))
    let plain = try #require(snapshot.containers.first { $0.name == "fixture-plain" })
    #expect(plain.state == .running)
    engine.script.pause(plain.id)
    await monitor.handle(EngineEvent(type: "container", action: "pause", actorID: plain.id))
    // Awaited on the monitor's snapshot stream: the re-inspect publishes.
    let paused = try await monitor.firstSnapshot(within: .seconds(10)) {
      $0.containers.first { $0.id == plain.id }?.state == .paused
    }
    #expect(paused.containers.first { $0.id == plain.id }?.status.contains("Paused") == true)
  }

  @Test func aReconcileReinspectsChangesNotTheClock() async throws {
    let engine = try Recorded()
    let monitor = try engine.monitor()
    let client = try await engine.client()
    let webID = try Recorded.id(of: "fixture-web")
    func reconcile(status: String, state: String = "running") async throws -> Int {
      engine.script.list(webID, status: status, state: state)
      let before = engine.script.inspectCount
      try await monitor.reconcile(client)
      return engine.script.inspectCount - before
    }
    #expect(try await reconcile(status: "Up 4 minutes") == 3)  // the first reconcile inspects every container
    #expect(try await reconcile(status: "Up 5 minutes") == 0)  // the clock moved: nothing to inspect
    #expect(try await reconcile(status: "Up 2 seconds") == 1)  // a restart whose events were missed
    #expect(try await reconcile(status: "Up 3 seconds") == 0)
    #expect(try await reconcile(status: "Up 3 seconds (Paused)", state: "paused") == 1)
  }

  /// The reconnect waits, as the monitor asks for them (returning at once: no wall-clock wait).
  final class Waits: @unchecked Sendable {
    private let lock = NSLock()
    private var waits: [Duration] = []
    let changes = ChangeSignal()
    var recorded: [Duration] { lock.withLock { waits } }
    func wait(_ duration: Duration) async {
      lock.withLock { waits.append(duration) }
      changes.signal()
      await Task.yield()
    }
  }

  @Test func reconnectBackoffDoublesUpToTheMaximum() async throws {
    let engine = try Recorded()
    engine.script.isHangingUp = true
    let waits = Waits()
    var configuration = Monitor.Configuration(maximumBackoff: .seconds(1), statsSource: .engine)
    configuration.waitBeforeReconnecting = { await waits.wait($0) }
    let monitor = try engine.monitor(configuration)
    let runner = Task { await monitor.run() }
    defer { runner.cancel() }
    try await waits.changes.until(within: .seconds(10)) { waits.recorded.count >= 5 }
    #expect(Array(waits.recorded.prefix(5)) == [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(1), .seconds(1)])
  }

  @Test func reportsDisconnectedAndRecoversByItself() async throws {
    let engine = try Recorded()
    engine.script.isHangingUp = true
    let waits = Waits()
    var configuration = Monitor.Configuration(interval: .milliseconds(50), statsSource: .engine)
    configuration.waitBeforeReconnecting = { await waits.wait($0) }
    let monitor = try engine.monitor(configuration)
    let runner = Task { await monitor.run() }
    defer { runner.cancel() }
    let disconnected = try await monitor.firstSnapshot(within: .seconds(10)) {
      if case .disconnected = $0.connection { true } else { false }
    }
    guard case .disconnected(let reason, _) = disconnected.connection else { return }
    #expect(reason.contains(engine.fake.url))
    engine.script.isHangingUp = false
    let recovered = try await monitor.firstSnapshot(within: .seconds(10)) {
      $0.connection == .connected && $0.containers.count == 3
    }
    #expect(Set(recovered.containers.map(\.name)) == ["fixture-web", "fixture-oneoff", "fixture-plain"])
  }

  /// The monitor shares its client through an `EngineConnection`; after the engine went away and
  /// came back speaking another API version, the monitor negotiated anew and everyone sharing
  /// the connection gets that client, without a negotiation of their own.
  @Test func afterALostEngineTheSharedClientFollowsTheMonitorsReconnect() async throws {
    let script = EngineScript()
    let apiVersion = NSLockedValue("1.41")
    let fake = try BerthTestSupport.FakeEngine { _, path in
      if path == "/version" && !script.isHangingUp {
        return .http(status: 200, body: BerthTestSupport.FakeEngine.versionBody(apiVersion: apiVersion.value))
      }
      return script.reply(to: path)
    }
    let connection = try await EngineConnection.connect(to: try Endpoint(parsing: fake.url))
    let waits = Waits()
    var configuration = Monitor.Configuration(interval: .milliseconds(50), statsSource: .engine)
    configuration.waitBeforeReconnecting = { await waits.wait($0) }
    let monitor = Monitor(connection: connection, configuration: configuration)
    let runner = Task { await monitor.run() }
    defer { runner.cancel() }
    _ = try await monitor.firstSnapshot(within: .seconds(10)) { $0.connection == .connected && $0.containers.count == 3 }
    #expect(fake.requestLines.filter { $0.hasPrefix("GET /version ") }.count == 1)  // the monitor used the connection's client
    script.isHangingUp = true
    _ = try await monitor.firstSnapshot(within: .seconds(10)) {
      if case .disconnected = $0.connection { true } else { false }
    }
    apiVersion.value = "1.40"
    script.isHangingUp = false
    let recovered = try await monitor.firstSnapshot(within: .seconds(10)) {
      $0.connection == .connected && $0.engine?.apiVersion == "1.40"
    }
    #expect(recovered.containers.count == 3)
    let negotiations = fake.requestLines.filter { $0.hasPrefix("GET /version ") }.count
    #expect(try await connection.client().apiVersion == APIVersion(1, 40))
    #expect(fake.requestLines.filter { $0.hasPrefix("GET /version ") }.count == negotiations)
  }

  @Test(
    arguments: [
      (0.0, "Less than a second"), (1, "1 second"), (42, "42 seconds"), (90, "About a minute"), (600, "10 minutes"),
      (4000, "About an hour"), (10_800, "3 hours"), (259_200, "3 days"),
    ] as [(Double, String)])
  func humanDurations(seconds: Double, text: String) {
    #expect(Monitor.humanDuration(seconds) == text)
  }
}

struct EarlyPublishTests {
  @Test(.timeLimit(.minutes(1))) func theListIsPublishedBeforeTheInspectsReturn() async throws {
    let engine = try Recorded()
    engine.script.holdInspects()
    defer { engine.script.releaseInspects() }
    let monitor = try engine.monitor()
    let runner = Task { await monitor.run() }
    defer { runner.cancel() }
    let first = try await monitor.firstSnapshot(within: .seconds(10)) { $0.containers.count == 3 }
    #expect(first.connection == .connected)
    #expect(Set(first.containers.map(\.name)) == ["fixture-web", "fixture-oneoff", "fixture-plain"])
    #expect(first.containers.allSatisfy { $0.limits.memoryBytes == nil })  // limits come with the inspect
    engine.script.releaseInspects()
    _ = try await monitor.firstSnapshot(within: .seconds(10)) {
      $0.containers.first { $0.name == "fixture-web" }?.limits.memoryBytes == 134_217_728
    }
  }
}

/// A value shared between a fake engine's threads and a test.
final class NSLockedValue<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Value
  init(_ value: Value) { stored = value }
  var value: Value {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}
