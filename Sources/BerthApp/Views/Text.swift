import Dashboard
import DockerEngine
import FoundationEssentials
import Glibc
import Monitor
import TerminalUI

/// Compact figures for narrow columns.
enum Compact {
  /// `41M`, `1.2G`, `512K`, `900B` (binary units, as `docker stats` but shorter).
  static func bytes(_ value: UInt64) -> String {
    guard Checked.isPlausible(value) else { return Formatting.unknown }
    let units: [(String, Double)] = [("T", 1_099_511_627_776), ("G", 1_073_741_824), ("M", 1_048_576), ("K", 1024)]
    let v = Double(value)
    for (suffix, scale) in units where v >= scale {
      let scaled = v / scale
      return scaled >= 10 ? "\(Int(scaled.rounded()))\(suffix)" : Formatting.fixed(scaled, digits: 1) + suffix
    }
    return "\(value)B"
  }

  /// `24%`, `3.5%`, `0%`.
  static func percent(_ value: Double) -> String {
    if value >= 9.95 || value == 0 { return Checked.int(value).map { "\($0)%" } ?? Formatting.unknown }
    return Formatting.percent(value)
  }

  /// `0.75`, `2`, `0.5`.
  static func cores(_ value: Double) -> String { Formatting.cores(value) }

  /// `3m`, `2h`, `5d`, `42s`.
  static func duration(_ seconds: TimeInterval) -> String {
    guard let s = Checked.int(max(0, seconds), rounding: .towardZero) else { return Formatting.unknown }
    switch s {
    case ..<60: return "\(s)s"
    case ..<3600: return "\(s / 60)m"
    case ..<86_400: return "\(s / 3600)h\(s % 3600 / 60 > 0 ? "\(s % 3600 / 60)m" : "")"
    default: return "\(s / 86_400)d"
    }
  }
}

/// Texts shared by the panes, so a figure reads the same everywhere.
enum Figures {
  /// CPU column: `24% / 0.75 cpu`, `24% / unlimited`, or in limit mode `96% of 0.25`.
  static func cpu(_ totals: UsageTotals, mode: CPUDisplayMode, hasUsage: Bool) -> String {
    let used = hasUsage ? Compact.percent(totals.cpuPercent) : "–"
    switch mode {
    case .host:
      return "\(used) / \(totals.cpuLimitCores.map { "\(Compact.cores($0)) cpu" } ?? "unlimited")"
    case .limit:
      guard let limit = totals.cpuLimitCores else { return "\(used) (no limit)" }
      let share = hasUsage ? Compact.percent(totals.cpuPercent / limit) : "–"
      return "\(share) of \(Compact.cores(limit))"
    }
  }

  /// Memory column: `41M / 288M`, `41M / unlimited`.
  static func memory(_ totals: UsageTotals, hasUsage: Bool) -> String {
    let used = hasUsage ? Compact.bytes(totals.memoryBytes) : "–"
    return "\(used) / \(totals.memoryLimitBytes.map(Compact.bytes) ?? "unlimited")"
  }

  /// Share of the memory limit in use, nil when unlimited.
  static func memoryRatio(_ totals: UsageTotals) -> Double? {
    guard let limit = totals.memoryLimitBytes, limit > 0 else { return nil }
    return Double(totals.memoryBytes) / Double(limit)
  }

  /// Badges that need attention, in this order: OOM, RESTARTING, THROTTLED, MEM≥90%.
  static func badges(_ totals: UsageTotals) -> [String] {
    var badges: [String] = []
    if totals.wasOOMKilled || totals.oomKillCount > 0 { badges.append("OOM") }
    if totals.isCrashLooping { badges.append("RESTARTING") }
    if totals.hasThrottling { badges.append("THROTTLED") }
    if let ratio = memoryRatio(totals), ratio >= 0.9 { badges.append("MEM≥90%") }
    return badges
  }

  /// The health word, `-` for none.
  static func health(_ status: HealthStatus) -> String {
    status == .none ? "-" : status.rawValue
  }
}

extension AppTheme {
  /// The style of a container state.
  func style(for state: ContainerState) -> Style {
    switch state {
    case .running: stateRunning
    case .paused: statePaused
    case .restarting: stateRestarting
    case .exited, .dead, .created, .removing, .unknown: stateExited
    }
  }

  /// The style of a group state.
  func style(for state: GroupState) -> Style {
    switch state {
    case .running: stateRunning
    case .partial: base.warning
    case .restarting: stateRestarting
    case .stopped, .empty: stateExited
    }
  }

  /// The style of a health status.
  func style(for health: HealthStatus) -> Style {
    switch health {
    case .none: base.muted
    case .healthy: stateHealthy
    case .starting: stateStarting
    case .unhealthy: stateUnhealthy
    }
  }
}

extension Duration {
  /// The duration in seconds.
  var seconds: TimeInterval { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

extension StringProtocol {
  /// The first range of `query`, ignoring case (letters compared lowercased, Character by Character).
  func rangeIgnoringCase(of query: some StringProtocol) -> Range<Index>? {
    let needle = Array(query)
    guard let head = needle.first else { return nil }
    var start = startIndex
    while start < endIndex {
      if Self.sameIgnoringCase(self[start], head) {
        var index = index(after: start)
        var matched = 1
        while matched < needle.count, index < endIndex, Self.sameIgnoringCase(self[index], needle[matched]) {
          formIndex(after: &index)
          matched += 1
        }
        if matched == needle.count { return start..<index }
      }
      formIndex(after: &start)
    }
    return nil
  }

  private static func sameIgnoringCase(_ a: Character, _ b: Character) -> Bool {
    if a == b { return true }
    if let x = a.asciiValue, let y = b.asciiValue {
      return (x | 0x20) == (y | 0x20) && (x | 0x20) >= UInt8(ascii: "a") && (x | 0x20) <= UInt8(ascii: "z")
    }
    return a.lowercased() == b.lowercased()
  }

  /// The text cut or padded with spaces to exactly `width` characters.
  func padded(to width: Int) -> String {
    count >= width ? String(prefix(width)) : String(self) + String(repeating: " ", count: width - count)
  }
}
