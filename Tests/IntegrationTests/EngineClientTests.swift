import BerthTestSupport
import DockerEngine
import Foundation
import Monitor
import Testing

/// The engine client against the private dockerd started by scripts/test.
@Suite(.enabled(if: TestEngine.shouldRun), .timeLimit(.minutes(2)))
struct EngineClientTests {
  @Test func negotiatesTheEngineAPIVersion() async throws {
    let client = try await TestEngine.client()
    let offered = try #require(APIVersion(parsing: client.engineVersion.apiVersion))
    #expect(client.apiVersion == min(offered, .newestKnown))
    let info = try await client.info()
    #expect((info.cpuCount ?? 0) >= 1)
    #expect((info.memoryTotal ?? 0) > 0)
  }

  @Test func listsAndInspectsWithLimits() async throws {
    let client = try await TestEngine.client()
    let name = TestEngine.uniqueName("inspect")
    let id = try await TestEngine.run(
      name: name,
      options: [
        "-m", "64m", "--cpus", "0.5", "--pids-limit", "50", "--restart", "on-failure:3",
        "--label", "com.docker.compose.project=berthtest", "--label", "com.docker.compose.service=web",
      ],
      command: "sleep 300")
    defer { TestEngine.remove([id]) }

    let listed = try await client.containers(labels: ["com.docker.compose.project=berthtest", TestEngine.label])
    let summary = try #require(listed.first { $0.id == id })
    #expect(summary.name == name)
    #expect(summary.state == "running")
    #expect(summary.labels?["com.docker.compose.service"] == "web")

    let details = try await client.inspect(id)
    #expect(details.displayName == name)
    #expect(details.state?.running == true)
    #expect(details.hostConfig?.memory == Int64(64 << 20))
    #expect(details.hostConfig?.nanoCpus == 500_000_000)
    #expect(details.hostConfig?.pidsLimit == 50)
    #expect(details.hostConfig?.restartPolicy?.name == "on-failure")
    #expect(details.hostConfig?.restartPolicy?.maximumRetryCount == 3)
    #expect(details.config?.tty == false)

    var processes = try await client.top(id)
    #expect(processes.titles.contains("PID"))
    // Right after start the shell may not have started its child yet: poll briefly.
    let sleeping = try await eventually(timeout: .seconds(10)) {
      processes = try await client.top(id)
      return processes.processes.contains { $0.joined(separator: " ").contains("sleep") }
    }
    #expect(sleeping, "top: \(processes.processes)")
  }

  @Test func cpuOfABusyContainerUnderHalfACPUIsNearFiftyPercent() async throws {
    let client = try await TestEngine.client()
    let id = try await TestEngine.run(name: TestEngine.uniqueName("burn"), options: ["--cpus", "0.5"], command: "while :; do :; done")
    defer { TestEngine.remove([id]) }
    // Wall-clock on purpose: CPU % is CPU time over elapsed time, measured across this window.
    try await Task.sleep(for: .seconds(1))
    let first = try await client.stats(for: id)
    try await Task.sleep(for: .seconds(3))
    let second = try await client.stats(for: id)
    let percent = try #require(UsageCalculator.cpuPercent(current: second, previous: first))
    // The limit holds; on a busy 2-core machine the burner may get less than its half core.
    #expect(percent > 10 && percent < 60, "CPU was \(percent)%")
    // Whatever it got, the docker-stats formula agrees with the container's CPU time over wall time.
    let used = Double((second.cpu?.usage?.total ?? 0) - (first.cpu?.usage?.total ?? 0)) / 1e9
    let elapsed = try #require(EngineTime.parse(second.read ?? "")).timeIntervalSince(try #require(EngineTime.parse(first.read ?? "")))
    #expect(abs(percent - used / elapsed * 100) < 5, "formula \(percent)% vs measured \(used / elapsed * 100)%")
    #expect(UsageCalculator.memoryBytes(second.memory) != nil)
    #expect(second.pids?.current ?? 0 >= 1)
  }

  @Test func logsCarryStdoutAndStderrInOrder() async throws {
    let client = try await TestEngine.client()
    let id = try await TestEngine.run(
      name: TestEngine.uniqueName("logs"),
      command: "echo out-1; sleep 0.2; echo err-1 >&2; sleep 0.2; echo out-2; sleep 0.2; printf 'err-2 no newline' >&2")
    defer { TestEngine.remove([id]) }
    _ = try await TestEngine.docker(["wait", id])
    var lines: [LogLine] = []
    for try await line in try await client.logs(for: id, options: LogOptions(tail: nil)) { lines.append(line) }
    let texts = lines.map { String(decoding: $0.bytes, as: UTF8.self) }
    #expect(texts == ["out-1", "err-1", "out-2", "err-2 no newline"])
    #expect(lines.map(\.stream) == [.stdout, .stderr, .stdout, .stderr])
    #expect(lines.allSatisfy { $0.timestamp != nil })
    let stamps = lines.compactMap(\.timestamp)
    #expect(stamps == stamps.sorted())
  }

  @Test func logsOfATTYContainerAreRaw() async throws {
    let client = try await TestEngine.client()
    let id = try await TestEngine.run(name: TestEngine.uniqueName("tty"), options: ["-t"], command: "echo tty-1; echo tty-2 >&2")
    defer { TestEngine.remove([id]) }
    _ = try await TestEngine.docker(["wait", id])
    var texts: [String] = []
    for try await line in try await client.logs(for: id, options: LogOptions(tail: nil, timestamps: false)) {
      texts.append(String(decoding: line.bytes, as: UTF8.self))
    }
    #expect(texts == ["tty-1", "tty-2"])
  }

  @Test func followReceivesALineWrittenAfterTheStreamOpened() async throws {
    let client = try await TestEngine.client()
    let marker = "/tmp/go"
    let id = try await TestEngine.run(
      name: TestEngine.uniqueName("follow"),
      command: "echo before; while [ ! -e \(marker) ]; do sleep 0.1; done; echo after; sleep 300")
    defer { TestEngine.remove([id]) }
    let stream = try await client.logs(for: id, options: LogOptions(follow: true, tail: nil))
    var iterator = stream.makeAsyncIterator()
    let first = try await iterator.next()
    #expect(first.map { String(decoding: $0.bytes, as: UTF8.self) } == "before")
    try await TestEngine.docker(["exec", id, "touch", marker])
    let second = try await iterator.next()
    #expect(second.map { String(decoding: $0.bytes, as: UTF8.self) } == "after")
  }

  @Test func eventsArriveForStartStopAndDie() async throws {
    let client = try await TestEngine.client()
    let runLabel = "berth.test.run=\(UUID().uuidString)"
    // Replayed from now: no need to wait (on the wall clock) for the stream to be open before the
    // container is created; the label is this run's own, so nothing older matches.
    let events = client.events(since: Date(), filters: ["type": ["container"], "label": [runLabel]])
    let collected = Task { () -> [String] in
      var actions: [String] = []
      for try await event in events {
        actions.append(event.action ?? "")
        if actions.contains("stop") && actions.contains("die") { break }
      }
      return actions
    }
    let id = try await TestEngine.run(name: TestEngine.uniqueName("events"), options: ["--label", runLabel], command: "sleep 300")
    defer { TestEngine.remove([id]) }
    try await client.stop(id, timeout: .seconds(1))
    let actions = try await withThrowingTaskGroup(of: [String].self) { group in
      group.addTask { try await collected.value }
      group.addTask {
        try await Task.sleep(for: .seconds(20))
        collected.cancel()
        return []
      }
      let first = try await group.next() ?? []
      group.cancelAll()
      return first
    }
    #expect(actions.contains("create"))
    #expect(actions.contains("start"))
    #expect(actions.contains("die"))
    #expect(actions.contains("stop"))
  }

  @Test func actionsChangeTheContainerState() async throws {
    let client = try await TestEngine.client()
    let id = try await TestEngine.run(name: TestEngine.uniqueName("actions"), command: "trap 'exit 0' TERM; sleep 300 & wait")
    defer { TestEngine.remove([id]) }
    func status() async throws -> String? { try await client.inspect(id).state?.status }

    try await client.pause(id)
    #expect(try await status() == "paused")
    try await client.unpause(id)
    #expect(try await status() == "running")
    try await client.start(id)  // already running: 304 is not an error
    let startedBefore = try await client.inspect(id).state?.startedAt
    try await client.restart(id, timeout: .seconds(2))
    #expect(try await status() == "running")
    #expect(try await client.inspect(id).state?.startedAt != startedBefore)
    try await client.stop(id, timeout: .seconds(2))
    #expect(try await status() == "exited")
    try await client.stop(id)  // already stopped: 304
    try await client.start(id)
    #expect(try await status() == "running")
    try await client.kill(id, signal: "SIGKILL")
    #expect(try await eventually { try await status() == "exited" })
    #expect(try await client.inspect(id).state?.exitCode == 137)
    try await client.remove(id)
    await #expect(throws: DockerEngineError.self) { try await client.inspect(id) }
  }

  @Test func removingARunningContainerWithoutForceIsAConflict() async throws {
    let client = try await TestEngine.client()
    let id = try await TestEngine.run(name: TestEngine.uniqueName("conflict"), command: "sleep 300")
    defer { TestEngine.remove([id]) }
    do {
      try await client.remove(id)
      Issue.record("remove without force succeeded")
    } catch let error as DockerEngineError {
      #expect(error.kind == .conflict)
      #expect(error.message.lowercased().contains("stop the container"))
    }
    try await client.remove(id, force: true)
  }

  @Test func missingContainerIsNotFound() async throws {
    let client = try await TestEngine.client()
    do {
      _ = try await client.inspect("berth-no-such-container")
      Issue.record("inspect of a missing container succeeded")
    } catch let error as DockerEngineError {
      #expect(error.kind == .notFound)
      #expect(error.message.contains("No such container"))
    }
    await #expect(throws: DockerEngineError.self) { try await client.start("berth-no-such-container") }
  }

  @Test func streamingStatsDeliverSamples() async throws {
    let client = try await TestEngine.client()
    let id = try await TestEngine.run(name: TestEngine.uniqueName("statsstream"), command: "sleep 300")
    defer { TestEngine.remove([id]) }
    var samples: [StatsSample] = []
    for try await sample in client.statsStream(for: id) {
      samples.append(sample)
      if samples.count == 2 { break }
    }
    #expect(samples.count == 2)
    #expect(UsageCalculator.cpuPercent(current: samples[1], previous: nil) != nil)
  }
}

/// Errors that need no engine at all.
struct UnreachableEngineTests {
  @Test func aMissingSocketIsUnreachableAndNamesThePath() async throws {
    let endpoint = try Endpoint(parsing: "unix:///tmp/berth-no-such-dir/docker.sock")
    do {
      _ = try await DockerClient.connect(to: endpoint)
      Issue.record("connected to a missing socket")
    } catch let error as DockerEngineError {
      #expect(error.kind == .unreachable)
      #expect(error.message.contains("/tmp/berth-no-such-dir/docker.sock"))
    }
  }

  @Test func aClosedTCPPortIsUnreachable() async throws {
    let endpoint = try Endpoint(parsing: "tcp://127.0.0.1:9")
    await #expect(throws: DockerEngineError.self) { try await DockerClient.connect(to: endpoint) }
  }
}

/// A reader that must see every line does, even when it is slower than the container, and holds
/// no more than its paced stream's capacity meanwhile.
@Suite(.enabled(if: TestEngine.shouldRun), .timeLimit(.minutes(2)))
struct LogBurstTests {
  @Test func aPacedFollowLosesNoLineOfABurst() async throws {
    let client = try await TestEngine.client()
    let id = try await TestEngine.run(name: TestEngine.uniqueName("burst"), command: "sleep 1; seq 1 60000; sleep 300")
    defer { TestEngine.remove([id]) }
    var count = 0
    var last = ""
    let stream = client.pacedLogBatches(
      for: id, options: LogOptions(follow: true, tail: nil, timestamps: false), isTTY: false,
      capacity: 8)
    var batches = 0
    for try await lines in stream {
      count += lines.count
      batches += 1
      if let line = lines.last { last = String(decoding: line.bytes, as: UTF8.self) }
      if batches % 200 == 0 { try await Task.sleep(for: .milliseconds(20)) }  // a reader slower than the burst
      if last == "60000" { break }
    }
    #expect(count == 60000)
    #expect(stream.peakBuffered <= 8)
  }
}
