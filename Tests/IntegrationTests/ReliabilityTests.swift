import BerthTestSupport
import DockerEngine
import Foundation
import Monitor
import Testing

/// The repository root, for scripts and the built binary.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path

/// Whether this process may start its own dockerd (root, with dockerd installed).
let canStartEngines = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/dockerd")

@Suite(.enabled(if: TestEngine.shouldRun), .timeLimit(.minutes(3)))
struct ReliabilityTests {
  @Test func churnKeepsTheMonitorSaneAndBounded() async throws {
    let runLabel = "berth.test.churn=\(UUID().uuidString.prefix(8))"
    let monitor = Monitor(
      endpoint: try TestEngine.endpoint(), configuration: .init(interval: .milliseconds(500), labelFilter: [runLabel]))
    let stream = await monitor.snapshots()
    let runner = Task { await monitor.run() }
    defer { runner.cancel() }
    let watcher = Task { () -> Int in
      var most = 0
      for await snapshot in stream { most = max(most, snapshot.containers.count) }
      return most
    }
    // Four workers, 60 cycles each: create (half of them also start), then remove.
    try await withThrowingTaskGroup(of: Void.self) { group in
      for worker in 0..<4 {
        group.addTask {
          for cycle in 0..<60 {
            let id = try await TestEngine.docker(
              ["create", "--network", "none", "--label", TestEngine.label, "--label", runLabel, "busybox:local", "sleep", "30"])
            if cycle % 2 == worker % 2 { try await TestEngine.docker(["start", id]) }
            try await TestEngine.docker(["rm", "-f", id])
          }
        }
      }
      try await group.waitForAll()
    }
    // Removed containers must not linger in the monitor.
    _ = try await monitor.firstSnapshot(within: .seconds(20)) { $0.containers.isEmpty }
    runner.cancel()
    let most = await watcher.value
    #expect(most <= 16, "at most the 4 live containers (plus events in flight) at once, saw \(most)")
    #expect(await monitor.currentSnapshot?.connection == .connected)
  }

  @Test(.enabled(if: TestEngine.isOnThisMachine))
  func aRestartedContainerIsReadFromItsNewCgroup() async throws {
    let run = UUID().uuidString.prefix(8).lowercased()
    let runLabel = "berth.test.cgroup=\(run)"
    let id = try await TestEngine.run(
      name: "cgroup-\(run)", options: ["--label", runLabel, "--cpus", "0.5"], command: "while :; do :; done")
    defer { TestEngine.remove([id]) }
    let monitor = Monitor(
      endpoint: try TestEngine.endpoint(), configuration: .init(interval: .milliseconds(500), labelFilter: [runLabel]))
    let runner = Task { await monitor.run() }
    defer { runner.cancel() }
    @Sendable func readFromCgroup(_ container: ContainerSnapshot?) -> Bool {
      if case .cgroup = container?.usage?.origin { return true } else { return false }
    }

    func container(in snapshot: EngineSnapshot) -> ContainerSnapshot? { snapshot.containers.first { $0.id == id } }
    // Read from its cgroup, twice.
    let sampled = try await monitor.firstSnapshot(within: .seconds(10)) {
      let container = $0.containers.first { $0.id == id }
      return readFromCgroup(container) && (container?.history.cpuPercent.count ?? 0) >= 2
    }
    let burning = try #require(container(in: sampled)?.usage)
    // Burning, within its limit (the exact figure is DjangoStackTests' job; other suites load the CPUs).
    #expect(burning.cpuPercent > 5 && burning.cpuPercent < 60 && burning.cpuPercentOfLimit != nil)
    let firstStart = container(in: sampled)?.startedAt

    // Restarted: a new main process. Stopped in between: nothing to read, and no error.
    try await TestEngine.docker(["restart", "-t", "0", id])
    let restarted = try await monitor.firstSnapshot(within: .seconds(15)) {
      guard let container = $0.containers.first(where: { $0.id == id }), container.isRunning else { return false }
      return container.startedAt != firstStart
    }
    let pointsAtRestart = container(in: restarted)?.history.cpuPercent.count ?? 0
    // Read from its new cgroup, twice.
    let resampled = try await monitor.firstSnapshot(within: .seconds(10)) {
      let container = $0.containers.first { $0.id == id }
      return readFromCgroup(container) && (container?.history.cpuPercent.count ?? 0) >= pointsAtRestart + 2
    }
    let afterRestart = container(in: resampled)?.usage
    #expect((afterRestart?.cpuPercent ?? 0) > 5 && (afterRestart?.cpuPercent ?? 100) < 60)
    #expect(await monitor.currentSnapshot?.connection == .connected)
  }

  @Test(.enabled(if: canStartEngines)) func theMonitorReportsARestartedEngineAndRecoversByItself() async throws {
    let directory = try Shell.run(["mktemp", "-d", "/tmp/berth-restart-XXXXXX"])
    let script = repositoryRoot + "/scripts/test-engine"
    try await Shell.runOffPool(["-u", "BERTH_TEST_TLS_PORT", "timeout", "180", script, "start", directory])
    defer { _ = try? Shell.run(["timeout", "120", script, "stop", directory]) }
    let host = "unix://\(directory)/docker.sock"
    try await Shell.runOffPool([
      "timeout", "60", "docker", "-H", host, "run", "-d", "--name", "survivor", "--network", "none",
      "busybox:local", "sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait; done",
    ])
    let monitor = Monitor(
      endpoint: try Endpoint(parsing: host), configuration: .init(interval: .milliseconds(500), maximumBackoff: .seconds(1)))
    let runner = Task { await monitor.run() }
    defer { runner.cancel() }
    _ = try await monitor.firstSnapshot(within: .seconds(20)) { $0.containers.contains { $0.name == "survivor" } }
    let pid = try String(contentsOfFile: directory + "/docker.pid", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    try await Shell.runOffPool(["kill", pid])
    // The monitor reports the engine going away.
    _ = try await monitor.firstSnapshot(within: .seconds(30)) {
      if case .disconnected = $0.connection { true } else { false }
    }
    // dockerd closes its socket before it has finished exiting (and removed its pid file): start
    // the new one only once the old one is gone.
    try await Shell.runOffPool(["timeout", "60", "sh", "-c", "while kill -0 \(pid) 2>/dev/null; do sleep 0.1; done"])
    try await Shell.runOffPool(["-u", "BERTH_TEST_TLS_PORT", "timeout", "180", script, "start", directory])
    // It comes back by itself once the engine has restarted.
    _ = try await monitor.firstSnapshot(within: .seconds(60)) {
      $0.connection == .connected && $0.containers.contains { $0.name == "survivor" }
    }
  }
}

/// The binary's start-up errors: one clear paragraph, a non-zero status, nothing else.
@Suite(.timeLimit(.minutes(1)))
struct StartupErrorTests {
  let berth = repositoryRoot + "/.build/debug/berth"

  /// Runs berth; returns its status and what it printed on stderr.
  func run(_ arguments: [String], asNobody: Bool = false) throws -> (status: Int32, output: String, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: asNobody ? "/usr/bin/setpriv" : berth)
    process.arguments = asNobody ? ["--reuid=65534", "--regid=65534", "--clear-groups", berth] + arguments : arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, out, err)
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: repositoryRoot + "/.build/debug/berth")))
  func aMissingSocketNamesTheSocket() throws {
    for arguments in [["-H", "unix:///tmp/berth-nowhere/docker.sock"], ["snapshot", "-H", "unix:///tmp/berth-nowhere/docker.sock"]] {
      let result = try run(arguments)
      #expect(result.status == 1)
      #expect(result.errors.contains("/tmp/berth-nowhere/docker.sock does not exist"))
      #expect(result.output.isEmpty, "nothing but the message: \(result.output)")
    }
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: repositoryRoot + "/.build/debug/berth")))
  func aWrongHostAndAnOldEngineAreClear() throws {
    let refused = try run(["snapshot", "-H", "tcp://127.0.0.1:9"])
    #expect(refused.status == 1)
    #expect(refused.errors.contains("Cannot connect to the Docker engine at tcp://127.0.0.1:9"))
    let old = try FakeEngine { _, path in
      path.hasSuffix("/version") ? .http(status: 200, body: FakeEngine.versionBody(apiVersion: "1.24")) : .http(status: 500, body: "{}")
    }
    let result = try run(["-H", old.url])
    #expect(result.status == 1)
    #expect(result.errors.contains("speaks API 1.24"))
    let badScheme = try run(["snapshot", "-H", "ssh://user@host"])
    #expect(badScheme.status == 1)
    #expect(badScheme.errors.contains("ssh://"))
  }

  @Test(.enabled(if: TestEngine.host != nil && getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
  func permissionDeniedSaysWhatToDo() throws {
    // The checkout must be readable by others for an unprivileged user to run the binary at all.
    guard try run(["--version"], asNobody: true).status == 0 else { return }
    let result = try run(["snapshot", "-H", try #require(TestEngine.host)], asNobody: true)
    #expect(result.status == 1)
    #expect(result.errors.contains("Permission denied"))
    #expect(result.errors.contains("docker` group"))
  }
}
