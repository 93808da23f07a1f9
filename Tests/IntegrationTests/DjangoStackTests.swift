import BerthTestSupport
import Dashboard
import DockerEngine
import Foundation
import Monitor
import Testing

/// A compose-labelled stack shaped like a Django deployment, on the private engine.
///
/// Serialized: the two stats sources each start a stack with a CPU burner; side by side on a
/// 2-core machine they starve each other's burner below its quota, and throttling reads low.
@Suite(.enabled(if: TestEngine.shouldRun), .timeLimit(.minutes(3)), .serialized)
struct DjangoStackTests {
  /// Once per stats source: read from the cgroups on this machine (auto), and from the engine.
  @Test(arguments: StatsSource.allCases)
  func aggregatesReplicasAndLimitsExactlyAndAgreesWithDockerStats(source: StatsSource) async throws {
    let run = UUID().uuidString.prefix(8).lowercased()
    let project = "django\(run)"
    let runLabel = "berth.test.run=\(run)"
    func compose(_ service: String, _ number: Int, oneOff: Bool = false) -> [String] {
      [
        "--label", runLabel, "--label", "com.docker.compose.project=\(project)", "--label", "com.docker.compose.service=\(service)",
        "--label", "com.docker.compose.container-number=\(number)",
      ] + (oneOff ? ["--label", "com.docker.compose.oneoff=True"] : [])
    }
    var ids: [String] = []
    defer { TestEngine.remove(ids) }
    ids.append(try await TestEngine.run(name: "\(project)-nginx-1", options: compose("nginx", 1), command: "sleep 600"))
    for n in 1...2 {
      ids.append(
        try await TestEngine.run(
          name: "\(project)-web-\(n)", options: compose("web", n) + ["-m", "128m", "--cpus", "0.5"], command: "sleep 600"))
    }
    for n in 1...3 {
      let command = n == 1 ? "while :; do :; done" : "sleep 600"
      ids.append(
        try await TestEngine.run(name: "\(project)-celery-\(n)", options: compose("celery", n) + ["--cpus", "0.25"], command: command))
    }
    ids.append(
      try await TestEngine.run(
        name: "\(project)-postgres-1",
        options: compose("postgres", 1) + ["-m", "256m", "--pids-limit", "100", "--restart", "unless-stopped"],
        command: "dd if=/dev/zero of=/dev/shm/buffers bs=1M count=40 2>/dev/null; sleep 600"))
    ids.append(try await TestEngine.run(name: "\(project)-redis-1", options: compose("redis", 1), command: "sleep 600"))
    let oneOff = try await TestEngine.run(name: "\(project)-web-run-1", options: compose("web", 1, oneOff: true), command: "echo migrated")
    ids.append(oneOff)
    ids.append(try await TestEngine.run(name: "\(project)-standalone", options: ["--label", runLabel], command: "sleep 600"))
    _ = try await TestEngine.docker(["wait", oneOff])
    try await Task.sleep(for: .seconds(2))  // wall-clock on purpose: the burner's CPU share and dd's memory settle

    let monitor = Monitor(endpoint: try TestEngine.endpoint(), configuration: .init(labelFilter: [runLabel], statsSource: source))
    let statsArguments = ["stats", "--no-stream", "--format", "{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}"] + ids
    let dockerStats = Task { try await TestEngine.docker(statsArguments) }
    let snapshot = try await monitor.takeSnapshot()
    let reference = try parseDockerStats(try await dockerStats.value)
    let aggregation = Aggregation(snapshot)

    let stack = try #require(aggregation.project(named: project))
    #expect(stack.services.map(\.name) == ["celery", "nginx", "postgres", "redis", "web"])
    let web = try #require(aggregation.service(for: ServiceKey(project: project, service: "web")))
    #expect(web.totals.replicasRunning == 2 && web.totals.replicasTotal == 2)
    #expect(web.containers.count == 3)  // the one-off is shown, not counted
    #expect(web.totals.cpuLimitCores == 1.0)
    #expect(web.totals.memoryLimitBytes == 256 << 20)
    let celery = try #require(aggregation.service(for: ServiceKey(project: project, service: "celery")))
    #expect(celery.totals.replicasRunning == 3 && celery.totals.replicasTotal == 3)
    #expect(celery.totals.cpuLimitCores == 0.75)
    #expect(celery.totals.memoryLimitBytes == nil)
    let postgres = try #require(aggregation.service(for: ServiceKey(project: project, service: "postgres")))
    let pg = try #require(postgres.containers.first)
    #expect(pg.limits.memoryBytes == 256 << 20 && pg.limits.pids == 100 && pg.limits.restartPolicy == "unless-stopped")
    #expect((pg.usage?.memoryBytes ?? 0) >= 40 << 20)  // shared memory is not page cache
    let redis = try #require(aggregation.service(for: ServiceKey(project: project, service: "redis")))
    #expect(redis.totals.cpuLimitCores == nil && redis.totals.memoryLimitBytes == nil)
    #expect(stack.totals.memoryLimitBytes == nil)  // some replicas are unlimited
    #expect(stack.totals.replicasTotal == 8)
    #expect(aggregation.standalone.map(\.name) == ["\(project)-standalone"])

    // The same numbers as `docker stats`, taken at the same time.
    let expectedOrigin: UsageOrigin? =
      source == .engine ? .engine : TestEngine.isOnThisMachine ? .cgroup(CgroupLayout.current()!.version) : nil
    for container in snapshot.containers where container.state == .running {
      if let expectedOrigin {
        #expect(container.usage?.origin == expectedOrigin, "\(container.name) sampled from \(String(describing: container.usage?.origin))")
      }
      let theirs = try #require(reference[container.name], "docker stats has no \(container.name)")
      let usage = try #require(container.usage, "no usage for \(container.name)")
      #expect(abs(usage.cpuPercent - theirs.cpu) < 5, "\(container.name): CPU \(usage.cpuPercent) vs docker stats \(theirs.cpu)")
      let tolerance = max(Double(theirs.memory) * 0.05, 512 * 1024)
      #expect(
        abs(Double(usage.memoryBytes) - Double(theirs.memory)) <= tolerance,
        "\(container.name): memory \(usage.memoryBytes) vs docker stats \(theirs.memory)")
    }
    let burner = try #require(snapshot.containers.first { $0.name == "\(project)-celery-1" })
    #expect(abs((burner.usage?.cpuPercent ?? 0) - 25) < 5)
    #expect(abs((burner.usage?.cpuPercentOfLimit ?? 0) - 100) < 20)
    #expect((burner.usage?.cpuThrottledPercent ?? 0) > 50)
  }

  /// `name → (CPU %, memory bytes)` from `docker stats --format '{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}'`.
  func parseDockerStats(_ output: String) throws -> [String: (cpu: Double, memory: UInt64)] {
    var result: [String: (cpu: Double, memory: UInt64)] = [:]
    for line in output.split(separator: "\n") {
      let fields = line.split(separator: "\t").map(String.init)
      guard fields.count == 3, let cpu = Double(fields[1].dropLast()) else { continue }
      let usage = fields[2].split(separator: "/").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
      result[fields[0]] = (cpu, try bytes(usage))
    }
    return result
  }

  func bytes(_ text: String) throws -> UInt64 {
    let units: [(String, Double)] = [
      ("GiB", 1_073_741_824), ("MiB", 1_048_576), ("KiB", 1024), ("kB", 1000), ("MB", 1e6), ("GB", 1e9), ("B", 1),
    ]
    for (unit, scale) in units where text.hasSuffix(unit) {
      if let value = Double(text.dropLast(unit.count)) { return UInt64(value * scale) }
    }
    throw TestEngineError("unreadable size \(text)")
  }
}
