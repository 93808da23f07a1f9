import Dashboard
import DockerEngine
import FoundationEssentials
import Glibc
import Monitor
import TerminalUI

/// The detail pane's lines for the selected row: limits, state, health, throttling, identity.
struct DetailsText {
  let row: DashboardRow
  let theme: AppTheme
  let now: Date
  let cpuCount: Int
  /// Show secret-looking environment values and command-line arguments instead of masking them.
  var revealsSecrets = false

  /// The text lines, label then value.
  var lines: [Line] {
    switch row.content {
    case .container(let container, _):
      return containerLines(container)
    default:
      return groupLines()
    }
  }

  /// CPU % and memory history for the sparklines, summed over a group's replicas.
  var history: (cpu: [Double], memory: [Double], cpuMaximum: Double, memoryMaximum: Double)? {
    let containers = row.containers.filter { !$0.history.cpuPercent.isEmpty }
    guard !containers.isEmpty else { return nil }
    let length = containers.map(\.history.cpuPercent.count).max() ?? 0
    var cpu = [Double](repeating: 0, count: length)
    var memory = [Double](repeating: 0, count: length)
    for container in containers {
      let offset = length - container.history.cpuPercent.count
      for (index, value) in container.history.cpuPercent.enumerated() { cpu[offset + index] += value }
      let memoryOffset = length - container.history.memoryBytes.count
      for (index, value) in container.history.memoryBytes.enumerated() where memoryOffset + index >= 0 {
        memory[memoryOffset + index] += Double(value)
      }
    }
    let totals = row.totals
    let cpuMaximum = totals.cpuLimitCores.map { $0 * 100 } ?? max(100, (cpu.max() ?? 0) * 1.2)
    let memoryMaximum = totals.memoryLimitBytes.map(Double.init) ?? max(1, (memory.max() ?? 0) * 1.2)
    return (cpu, memory, cpuMaximum, memoryMaximum)
  }

  private func field(_ label: String, _ value: String, _ style: Style? = nil) -> Line {
    Line([
      Span(label.padded(to: 11), style: theme.muted),
      Span(TerminalText.sanitize(value), style: style ?? theme.text),
    ])
  }

  private func containerLines(_ c: ContainerSnapshot) -> [Line] {
    var lines: [Line] = []
    var state = "\(c.state.rawValue) — \(c.status)"
    if !c.isReplica { state += " (one-off)" }
    lines.append(field("state", state, theme.style(for: c.state)))
    let limits = c.limits
    let memoryUsed = c.usage.map { Compact.bytes($0.memoryBytes) } ?? "–"
    var memory = "\(memoryUsed) / \(limits.memoryBytes.map(Compact.bytes) ?? "unlimited")"
    if let used = c.usage?.memoryBytes, let limit = limits.memoryBytes, limit > 0 {
      memory += " (\(Compact.percent(Double(used) / Double(limit) * 100)))"
    }
    lines.append(
      field(
        "memory", memory,
        (c.usage?.memoryBytes).flatMap { used in limits.memoryBytes.map { Double(used) >= 0.9 * Double($0) } } == true ? theme.danger : nil)
    )
    var cpu = c.usage.map { "\(Compact.percent($0.cpuPercent)) of host" } ?? "–"
    if let cores = limits.cpuCores {
      cpu += " · limit \(Compact.cores(cores)) cpu"
      if let share = c.usage?.cpuPercentOfLimit { cpu += " (\(Compact.percent(share)) used)" }
    } else {
      cpu += " · no limit (\(cpuCount) cpu host)"
    }
    lines.append(field("cpu", cpu))
    var quota: [String] = []
    if let q = limits.cpuQuota { quota.append("quota \(q)/\(limits.cpuPeriod ?? 100_000) µs") }
    if let set = limits.cpuset { quota.append("cpuset \(set)") }
    if !quota.isEmpty { lines.append(field("", quota.joined(separator: " · "))) }
    if let throttled = c.usage?.cpuThrottledPercent, throttled > 0 {
      var text = "\(Compact.percent(throttled)) of periods"
      if let rate = c.usage?.cpuThrottledTimeRate { text += ", \(Formatting.fixed(rate, digits: 2)) s/s" }
      lines.append(field("throttled", text, theme.warning))
    }
    let pids = "\(c.usage?.pids.map(String.init) ?? "–") / \(limits.pids.map(String.init) ?? "unlimited")"
    lines.append(field("pids", pids))
    var restart = limits.restartPolicy
    if let retries = limits.maximumRetryCount, retries > 0 { restart += ":\(retries)" }
    restart += " · \(c.restartCount) restarts"
    lines.append(field("restart", restart, c.restartCount > 0 ? theme.warning : nil))
    if c.wasOOMKilled || c.oomKillCount > 0 {
      lines.append(field("oom", "OOM-killed\(c.oomKillCount > 0 ? " (\(c.oomKillCount) seen)" : "")", theme.oomKilled))
    }
    if c.health != .none {
      var health = c.health.rawValue
      if let streak = c.healthFailingStreak, streak > 0 { health += " · \(streak) failing" }
      lines.append(field("health", health, theme.style(for: c.health)))
      if c.health == .unhealthy, let output = c.lastHealthOutput, !output.isEmpty {
        lines.append(field("", output, theme.stateUnhealthy))
      }
    }
    if c.isRunning, let started = c.startedAt {
      lines.append(field("started", "\(EngineTime.formatLocal(started)) · up \(Compact.duration(now.timeIntervalSince(started)))"))
    } else {
      if let code = c.exitCode { lines.append(field("exit code", String(code), code == 0 ? nil : theme.danger)) }
      if let finished = c.finishedAt { lines.append(field("finished", EngineTime.formatLocal(finished))) }
    }
    lines.append(field("image", c.image))
    lines.append(field("command", revealsSecrets ? c.command : SecretMasking.maskingSecrets(in: c.command)))
    lines.append(field("id", String(c.id.prefix(12))))
    switch c.usage?.origin {
    case .cgroup(let version): lines.append(field("stats", "read from its cgroup (\(version.rawValue)) on this machine", theme.muted))
    case .engine: lines.append(field("stats", "from the engine's stats endpoint", theme.muted))
    case nil: break
    }
    for (index, variable) in c.environment.enumerated() {
      lines.append(field(index == 0 ? "env" : "", revealsSecrets ? variable : SecretMasking.mask(variable), theme.muted))
    }
    return lines
  }

  private func groupLines() -> [Line] {
    let t = row.totals
    var lines: [Line] = []
    lines.append(field("replicas", "\(t.replicasRunning) running of \(t.replicasTotal)", theme.style(for: t.state)))
    lines.append(
      field("cpu", "\(Compact.percent(t.cpuPercent)) of host · limit \(t.cpuLimitCores.map { "\(Compact.cores($0)) cpu" } ?? "unlimited")"))
    if let share = t.cpuPercentOfLimit { lines.append(field("", "\(Compact.percent(share)) of its limit")) }
    lines.append(field("memory", "\(Compact.bytes(t.memoryBytes)) / \(t.memoryLimitBytes.map(Compact.bytes) ?? "unlimited")"))
    let replicas = row.containers.filter(\.isReplica)
    let policies = Set(replicas.map(\.limits.restartPolicy))
    if !policies.isEmpty { lines.append(field("restart", policies.sorted().joined(separator: ", ") + " · \(t.restartCount) restarts")) }
    let pids = Set(replicas.map { $0.limits.pids.map(String.init) ?? "unlimited" })
    if !pids.isEmpty { lines.append(field("pids limit", pids.sorted().joined(separator: ", "))) }
    if t.health != .none { lines.append(field("health", "worst: \(t.health.rawValue)", theme.style(for: t.health))) }
    if t.wasOOMKilled || t.oomKillCount > 0 { lines.append(field("oom", "a replica was OOM-killed", theme.oomKilled)) }
    if t.hasThrottling { lines.append(field("throttled", "a replica is CPU-throttled", theme.warning)) }
    let images = Set(row.containers.map(\.image))
    if images.count == 1, let image = images.first { lines.append(field("image", image)) }
    return lines
  }
}

extension EngineTime {
  /// `2026-11-29 04:39:26` in UTC, for the detail pane.
  static func formatLocal(_ date: Date) -> String {
    EngineTime.format(date).replacing("T", with: " ").replacing("Z", with: " UTC")
  }
}
