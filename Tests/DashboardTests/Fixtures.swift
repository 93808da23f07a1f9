// Hand-made snapshots for the Dashboard tests: fixed IDs, fixed times, no engine.
import Foundation
import Monitor

@testable import Dashboard

/// A fixed "now": 2024-05-01T12:00:00Z.
let fixedNow = Date(timeIntervalSince1970: 1_714_564_800)

/// Compose labels for a replica or a one-off container.
func composeLabels(_ project: String, _ service: String, number: Int? = nil, oneOff: Bool = false)
  -> [String: String]
{
  var labels = ["com.docker.compose.project": project, "com.docker.compose.service": service]
  if let number { labels["com.docker.compose.container-number"] = String(number) }
  if oneOff { labels["com.docker.compose.oneoff"] = "True" }
  return labels
}

/// A running compose container with usage.
func replica(
  _ project: String, _ service: String, _ number: Int, id: String? = nil, name: String? = nil,
  image: String? = nil, state: ContainerState = .running, health: HealthStatus = .none,
  restarts: Int = 0,
  cpu: Double? = 10, memory: UInt64 = 100 << 20, cpuLimit: Double? = 0.5,
  memoryLimit: UInt64? = 256 << 20,
  oneOff: Bool = false, throttled: Double? = nil, oomKilled: Bool = false
) -> ContainerSnapshot {
  let name = name ?? "\(project)-\(service)-\(number)"
  return ContainerSnapshot(
    id: id ?? "id-\(name)", name: name, image: image ?? "\(service):latest",
    labels: composeLabels(project, service, number: number, oneOff: oneOff), state: state,
    status: state == .running ? "Up 5 minutes" : "Exited (0) 1 minute ago", health: health,
    restartCount: restarts, wasOOMKilled: oomKilled, exitCode: state == .running ? nil : 0,
    limits: ResourceLimits(
      memoryBytes: memoryLimit, cpuCores: cpuLimit, restartPolicy: "unless-stopped"),
    usage: state == .running
      ? cpu.map {
        ResourceUsage(cpuPercent: $0, cpuThrottledPercent: throttled, memoryBytes: memory)
      } : nil)
}

/// A running container without compose labels.
func standaloneContainer(
  _ name: String, image: String = "busybox", state: ContainerState = .running,
  cpu: Double = 1, memory: UInt64 = 1 << 20
) -> ContainerSnapshot {
  ContainerSnapshot(
    id: "id-\(name)", name: name, image: image, state: state, status: "Up",
    usage: state == .running ? ResourceUsage(cpuPercent: cpu, memoryBytes: memory) : nil)
}

/// A snapshot at `fixedNow` with the given containers.
func snapshot(_ containers: [ContainerSnapshot]) -> EngineSnapshot {
  EngineSnapshot(
    engine: EngineSummary(
      host: "unix:///var/run/docker.sock", version: "27.1.0", apiVersion: "1.46", cpuCount: 8,
      memoryTotalBytes: 16 << 30),
    takenAt: fixedNow, containers: containers)
}

/// Two projects (`shop`, `blog`) that both have a `web` service, plus a worker, a one-off and standalones.
func sampleContainers() -> [ContainerSnapshot] {
  [
    replica("shop", "web", 1, cpu: 12.5, memory: 40 << 20),
    replica("shop", "web", 2, cpu: 7.5, memory: 60 << 20),
    replica("shop", "celery", 1, image: "shop/worker:2", cpu: 30, cpuLimit: 1),
    replica("shop", "celery", 2, image: "shop/worker:2", cpu: 20, cpuLimit: 1),
    replica("shop", "celery", 3, image: "shop/worker:2", state: .exited, cpuLimit: 1),
    replica("shop", "celery", 1, name: "shop-celery-run-ab12", oneOff: true),
    replica("blog", "web", 1, image: "ghost:5", cpu: 3, cpuLimit: nil, memoryLimit: nil),
    standaloneContainer("registry", image: "registry:2"),
    standaloneContainer("adminer", state: .exited),
  ]
}
