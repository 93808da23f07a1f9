@testable import BerthApp
import Dashboard
import Foundation
import Monitor
import TerminalUI
import Testing

/// The repository root, found from this file's path.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// A fixed "now" so durations in the views are deterministic.
let fixedNow = Date(timeIntervalSince1970: 1_795_927_200)  // 2026-11-29T04:40:00Z

/// What a golden comparison does with a screen.
enum GoldenVerdict: Equatable {
  /// Write the screen as the golden file (only with `BERTH_RECORD=1`, never under `CI=true`).
  case record
  /// The screen is the golden file.
  case matches
  /// The screen differs from the golden file: a failure.
  case differs
  /// There is no golden file: a failure, never a silent record.
  case missing
}

/// The verdict on `text` against the golden file's contents (`nil`: no file), in `environment`.
func goldenVerdict(_ text: String, expected: String?, environment: [String: String]) -> GoldenVerdict {
  if environment["BERTH_RECORD"] == "1" && environment["CI"] != "true" { return .record }
  guard let expected else { return .missing }
  return text == expected ? .matches : .differs
}

/// Compares text with a golden file under __Snapshots__; `BERTH_RECORD=1` rewrites it (not in CI).
func assertGolden(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
  let url = repositoryRoot.appendingPathComponent("Tests/BerthAppTests/__Snapshots__/\(name).txt")
  let expected = try? String(contentsOf: url, encoding: .utf8)
  switch goldenVerdict(text, expected: expected, environment: ProcessInfo.processInfo.environment) {
  case .record:
    try text.write(to: url, atomically: true, encoding: .utf8)
  case .matches:
    break
  case .missing:
    Issue.record("No golden file \(name).txt; run the tests with BERTH_RECORD=1 to record it", sourceLocation: sourceLocation)
  case .differs:
    #expect(text == expected, "screen differs from \(name).txt (BERTH_RECORD=1 re-records)", sourceLocation: sourceLocation)
  }
}

/// A container as the monitor would publish it.
func container(
  _ name: String, project: String? = nil, service: String? = nil, number: Int = 1, oneOff: Bool = false,
  state: ContainerState = .running, cpu: Double? = 1.5, memory: UInt64? = 40 << 20, memoryLimit: UInt64? = nil,
  cpuLimit: Double? = nil, pidsLimit: Int64? = nil, health: HealthStatus = .none, restarts: Int = 0,
  oomKilled: Bool = false, throttled: Double? = nil, restartPolicy: String = "unless-stopped", exitCode: Int? = nil
) -> ContainerSnapshot {
  var labels: [String: String] = [:]
  if let project, let service {
    labels["com.docker.compose.project"] = project
    labels["com.docker.compose.service"] = service
    labels["com.docker.compose.container-number"] = String(number)
    if oneOff { labels["com.docker.compose.oneoff"] = "True" }
  }
  let usage = cpu.map { cpu in
    ResourceUsage(
      cpuPercent: cpu, cpuPercentOfLimit: cpuLimit.map { cpu / $0 }, cpuThrottledPercent: throttled ?? 0,
      memoryBytes: memory ?? 0, pids: 3)
  }
  return ContainerSnapshot(
    id: "id-\(name)", name: name, image: "registry.example/\(service ?? name):1.4", command: "/entrypoint.sh run",
    createdAt: fixedNow.addingTimeInterval(-7200), labels: labels, state: state,
    status: state == .running ? "Up 2 hours" : "Exited (\(exitCode ?? 0)) 5 minutes ago", health: health,
    lastHealthOutput: health == .unhealthy ? "curl: (7) Failed to connect to localhost port 8000" : nil,
    startedAt: fixedNow.addingTimeInterval(-7000), finishedAt: state == .running ? nil : fixedNow.addingTimeInterval(-300),
    restartCount: restarts, wasOOMKilled: oomKilled, exitCode: exitCode ?? (state == .running ? 0 : 1),
    limits: ResourceLimits(memoryBytes: memoryLimit, cpuCores: cpuLimit, pids: pidsLimit, restartPolicy: restartPolicy),
    usage: state == .running ? usage : nil,
    history: UsageHistory(
      cpuPercent: state == .running ? (0..<40).map { Double($0 % 10) * (cpu ?? 0) / 5 } : [],
      memoryBytes: state == .running ? (0..<40).map { UInt64($0) * ((memory ?? 0) / 40) } : []))
}

/// The Django-like stack of the brief: nginx, web ×2, daphne, celery ×3, rabbitmq, redis, postgres, a one-off, a standalone.
func djangoStack() -> [ContainerSnapshot] {
  [
    container("shop-nginx-1", project: "shop", service: "nginx", cpu: 0.3, memory: 12 << 20, memoryLimit: 64 << 20, cpuLimit: 0.5),
    container(
      "shop-web-1", project: "shop", service: "web", cpu: 12.4, memory: 96 << 20, memoryLimit: 128 << 20, cpuLimit: 0.5,
      health: .healthy),
    container(
      "shop-web-2", project: "shop", service: "web", number: 2, cpu: 10.1, memory: 120 << 20, memoryLimit: 128 << 20,
      cpuLimit: 0.5, health: .unhealthy, restarts: 2),
    container("shop-daphne-1", project: "shop", service: "daphne", cpu: 2.2, memory: 70 << 20, memoryLimit: 256 << 20, cpuLimit: 1),
    container("shop-celery-1", project: "shop", service: "celery", cpu: 24.9, memory: 150 << 20, cpuLimit: 0.25, throttled: 80),
    container("shop-celery-2", project: "shop", service: "celery", number: 2, cpu: 0.4, memory: 140 << 20, cpuLimit: 0.25),
    container("shop-celery-3", project: "shop", service: "celery", number: 3, cpu: 0.5, memory: 141 << 20, cpuLimit: 0.25),
    container("shop-web-run-8f2c", project: "shop", service: "web", number: 1, oneOff: true, state: .exited, exitCode: 0),
    container("shop-rabbitmq-1", project: "shop", service: "rabbitmq", cpu: 3.1, memory: 180 << 20),
    container("shop-redis-1", project: "shop", service: "redis", cpu: 0.8, memory: 9 << 20, memoryLimit: 100 << 20, oomKilled: true),
    container(
      "shop-postgres-1", project: "shop", service: "postgres", cpu: 1.2, memory: 230 << 20, memoryLimit: 256 << 20,
      pidsLimit: 100),
    container("buildkit", cpu: 0, memory: 20 << 20, restartPolicy: "no"),
  ]
}

/// A snapshot of `containers` on a 2-CPU engine.
func engineSnapshot(_ containers: [ContainerSnapshot], connection: ConnectionState = .connected) -> EngineSnapshot {
  EngineSnapshot(
    engine: EngineSummary(
      host: "unix:///var/run/docker.sock", version: "20.10.24", apiVersion: "1.41", cpuCount: 2,
      memoryTotalBytes: 8 << 30),
    takenAt: fixedNow, containers: containers, connection: connection, sampleRound: 5)
}

/// Renders a model at a size with a theme, as the UI loop does.
func render(_ model: AppModel, width: Int, height: Int, theme: AppTheme = .default, glyphs: GlyphSet = .unicode) -> Screen {
  var screen = Screen(width: width, height: height)
  let context = ViewContext(theme: theme, glyphs: glyphs, keymap: model.keymap, now: fixedNow)
  _ = DashboardView(model: model, context: context).draw(on: &screen)
  return screen
}

/// A model that has seen `containers` at a size.
func loadedModel(
  _ containers: [ContainerSnapshot] = djangoStack(), width: Int = 120, height: Int = 36,
  connection: ConnectionState = .connected
) -> AppModel {
  var model = AppModel(keymap: .default)
  _ = model.handle(.input(.resize(width: width, height: height)))
  _ = model.handle(.snapshot(engineSnapshot(containers, connection: connection)))
  return model
}
