import DockerEngine
import FoundationEssentials

/// What the monitor holds per container between snapshots.
struct ContainerRecord {
  var snapshot: ContainerSnapshot
  var previousSample: StatsSample?
  var cpuHistory: HistoryRing<Double>
  var memoryHistory: HistoryRing<UInt64>
  /// When the last OOM event was counted (bursts of `oom` events count once).
  var lastOOMEvent: Date?
  /// Whether the snapshot comes from an inspect (false: only from the list, limits unknown yet).
  var isInspected = true
  /// The container's cgroup on this machine, when its stats are read from there.
  var cgroup: ContainerCgroup?
  /// The main process the cgroup was located from (located again when it changes).
  var cgroupPID: Int?

  init(snapshot: ContainerSnapshot, historyLength: Int) {
    self.snapshot = snapshot
    cpuHistory = HistoryRing(capacity: historyLength)
    memoryHistory = HistoryRing(capacity: historyLength)
  }

  /// Takes a stats sample: usage against the previous sample, one more point of history.
  mutating func record(_ sample: StatsSample, origin: UsageOrigin) {
    // One-shot samples carry no precpu_stats: the previous sample kept here is the baseline.
    if var usage = UsageCalculator.usage(current: sample, previous: previousSample, cpuLimitCores: snapshot.limits.cpuCores) {
      usage.origin = origin
      snapshot.usage = usage
      cpuHistory.append(usage.cpuPercent)
      memoryHistory.append(usage.memoryBytes)
    }
    previousSample = sample
  }

  /// The published snapshot, with history attached.
  var published: ContainerSnapshot {
    var snapshot = snapshot
    snapshot.history = UsageHistory(cpuPercent: cpuHistory.values, memoryBytes: memoryHistory.values)
    return snapshot
  }
}

extension ContainerSnapshot {
  /// What the container list alone tells (no limits or health yet): enough for a first frame.
  public init(summary: ContainerSummary) {
    self.init(
      id: summary.id, name: summary.name, image: summary.image ?? "", command: summary.command ?? "",
      createdAt: summary.created.map { Date(timeIntervalSince1970: Double($0)) }, labels: summary.labels ?? [:],
      state: ContainerState(engineValue: summary.state), status: summary.status ?? "")
  }

  /// Builds a container's snapshot from its inspect reply (usage and history start empty).
  public init(details: ContainerDetails, summary: ContainerSummary? = nil) {
    let state = details.state
    let host = details.hostConfig
    let config = details.config
    let memoryLimit = (host?.memory ?? 0) > 0 ? UInt64(host!.memory!) : nil
    let pidsLimit = (host?.pidsLimit ?? 0) > 0 ? host!.pidsLimit : nil
    let policy = host?.restartPolicy?.name.flatMap { $0.isEmpty ? nil : $0 } ?? "no"
    let cpuset = host?.cpusetCpus.flatMap { $0.isEmpty ? nil : $0 }
    let limits = ResourceLimits(
      memoryBytes: memoryLimit,
      cpuCores: UsageCalculator.cpuLimitCores(
        nanoCPUs: host?.nanoCpus, quota: host?.cpuQuota, period: host?.cpuPeriod, cpuset: cpuset),
      cpuset: cpuset,
      cpuQuota: (host?.cpuQuota ?? 0) > 0 ? host?.cpuQuota : nil,
      cpuPeriod: (host?.cpuPeriod ?? 0) > 0 ? host?.cpuPeriod : nil,
      pids: pidsLimit,
      restartPolicy: policy,
      maximumRetryCount: policy == "on-failure" ? host?.restartPolicy?.maximumRetryCount : nil)
    let command = ((config?.entrypoint ?? []) + (config?.cmd ?? [])).joined(separator: " ")
    let lastCheck = state?.health?.log?.last
    let stateValue = ContainerState(engineValue: state?.status)
    self.init(
      id: details.id,
      name: details.displayName,
      image: config?.image ?? summary?.image ?? details.image ?? "",
      command: command.isEmpty ? (summary?.command ?? "") : command,
      createdAt: details.created.flatMap(EngineTime.parse),
      labels: config?.labels ?? summary?.labels ?? [:],
      state: stateValue,
      status: summary?.status ?? Self.describe(state: stateValue, exitCode: state?.exitCode),
      health: HealthStatus(engineValue: state?.health?.status),
      lastHealthOutput: lastCheck?.output?.trimmingWhitespace(),
      healthFailingStreak: state?.health?.failingStreak,
      startedAt: state?.startedAt.flatMap(EngineTime.parse),
      finishedAt: state?.finishedAt.flatMap(EngineTime.parse),
      restartCount: details.restartCount ?? 0,
      wasOOMKilled: state?.oomKilled ?? false,
      exitCode: state?.exitCode,
      limits: limits,
      hasTTY: config?.tty ?? false,
      environment: config?.env ?? [])
  }

  /// A short status when the list's human text is not at hand.
  static func describe(state: ContainerState, exitCode: Int?) -> String {
    switch state {
    case .exited: "Exited (\(exitCode ?? 0))"
    default: state.rawValue.capitalized
    }
  }
}
