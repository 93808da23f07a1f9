// The plain-text table of `berth snapshot --format table`: one tree of project, service and container rows.
import Monitor

/// Renders an aggregation as an aligned plain-text table (`--format table`); deterministic.
///
/// Columns: NAME (tree, two spaces per level), STATE, REPLICAS, CPU%, MEM, RESTARTS, HEALTH. Columns are
/// left-aligned, separated by two spaces, trailing spaces trimmed; every line ends with a newline.
public struct SnapshotTable: Sendable, Equatable {
  /// Title of the group holding containers without compose labels (never a valid project name).
  public static let standaloneTitle = "(standalone)"

  /// The column titles.
  public static let header = ["NAME", "STATE", "REPLICAS", "CPU%", "MEM", "RESTARTS", "HEALTH"]

  /// The aggregation to render.
  public var aggregation: Aggregation

  /// Makes a table over an aggregation.
  public init(_ aggregation: Aggregation) {
    self.aggregation = aggregation
  }

  /// The table cells, header first, one array per line. O(containers).
  public var cells: [[String]] {
    var lines = [Self.header]
    for project in aggregation.projects {
      lines.append(Self.groupCells(name: project.name, depth: 0, totals: project.totals))
      for service in project.services {
        lines.append(Self.groupCells(name: service.name, depth: 1, totals: service.totals))
        lines += service.containers.map { Self.containerCells($0, depth: 2) }
      }
    }
    if !aggregation.standalone.isEmpty {
      lines.append(
        Self.groupCells(name: Self.standaloneTitle, depth: 0, totals: aggregation.standaloneTotals))
      lines += aggregation.standalone.map { Self.containerCells($0, depth: 1) }
    }
    return lines
  }

  /// The table as text. O(containers).
  public var text: String {
    let lines = cells.map { $0.map(Self.sanitized) }
    var widths = Array(repeating: 0, count: Self.header.count)
    for line in lines {
      for (column, cell) in line.enumerated() { widths[column] = max(widths[column], cell.count) }
    }
    var output = ""
    for line in lines {
      var text = ""
      for (column, cell) in line.enumerated() {
        text += cell
        if column < line.count - 1 {
          text += String(repeating: " ", count: widths[column] - cell.count + 2)
        }
      }
      while text.hasSuffix(" ") { text.removeLast() }
      output += text + "\n"
    }
    return output
  }

  /// `24.3% / 0.75 cpu`, `24.3% / unlimited`; `-` for the usage when unknown.
  public static func cpuText(percent: Double?, limitCores: Double?) -> String {
    let usage = percent.map(Formatting.percent) ?? "-"
    return usage + " / " + (limitCores.map { Formatting.cores($0) + " cpu" } ?? "unlimited")
  }

  /// `41.2MiB / 128MiB`, `41.2MiB / unlimited`; `-` for the usage when unknown.
  public static func memoryText(bytes: UInt64?, limitBytes: UInt64?) -> String {
    let usage = bytes.map(Formatting.bytes) ?? "-"
    return usage + " / " + (limitBytes.map(Formatting.bytes) ?? "unlimited")
  }

  /// The health word, `-` when there is no health check.
  public static func healthText(_ health: HealthStatus) -> String {
    health == .none ? "-" : health.rawValue
  }

  private static func groupCells(name: String, depth: Int, totals: UsageTotals) -> [String] {
    [
      indent(depth) + name, totals.state.rawValue,
      "\(totals.replicasRunning)/\(totals.replicasTotal)",
      cpuText(percent: totals.cpuPercent, limitCores: totals.cpuLimitCores),
      memoryText(bytes: totals.memoryBytes, limitBytes: totals.memoryLimitBytes),
      String(totals.restartCount), healthText(totals.health),
    ]
  }

  private static func containerCells(_ container: ContainerSnapshot, depth: Int) -> [String] {
    [
      indent(depth) + container.name, container.state.rawValue,
      container.isReplica ? "" : "one-off",
      cpuText(percent: container.usage?.cpuPercent, limitCores: container.limits.cpuCores),
      memoryText(bytes: container.usage?.memoryBytes, limitBytes: container.limits.memoryBytes),
      String(container.restartCount), healthText(container.health),
    ]
  }

  private static func indent(_ depth: Int) -> String { String(repeating: "  ", count: depth) }

  /// Replaces control characters (C0, DEL, C1) so untrusted names cannot drive the terminal.
  static func sanitized(_ text: String) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
      scalars.append(isControl ? "?" : scalar)
    }
    return String(scalars)
  }
}
