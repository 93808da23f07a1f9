// The plain-text table of `berth snapshot --format table`: one tree of project, service and container
// rows, then the containers that could not be read. Every cell passes through TerminalText.sanitize.
import Dashboard
import Monitor
import TerminalUI

/// Renders an aggregation as an aligned plain-text table (`--format table`); deterministic.
///
/// Columns: NAME (tree, two spaces per level), STATE, REPLICAS, CPU%, MEM, RESTARTS, HEALTH. Columns are
/// left-aligned by display width, separated by two spaces, trailing spaces trimmed; every line ends
/// with a newline. When containers could not be read, a blank line and a second table follow
/// (UNREADABLE, ID, REASON). Names, labels and reasons are untrusted: every cell is sanitised, so
/// escape sequences, bidi controls and invisible characters never reach the terminal.
public struct SnapshotTable: Sendable, Equatable {
  /// The column titles.
  public static let header = ["NAME", "STATE", "REPLICAS", "CPU%", "MEM", "RESTARTS", "HEALTH"]

  /// The column titles of the unreadable containers' table.
  public static let unreadableHeader = ["UNREADABLE", "ID", "REASON"]

  /// The aggregation to render.
  public var aggregation: Aggregation
  /// Listed containers that could not be read.
  public var unreadable: [UnreadableContainer]

  /// Makes a table over an aggregation and the containers left out of it.
  public init(_ aggregation: Aggregation, unreadable: [UnreadableContainer] = []) {
    self.aggregation = aggregation
    self.unreadable = unreadable
  }

  /// Makes the table of a snapshot: its readable containers, then its unreadable ones.
  public init(_ snapshot: EngineSnapshot) {
    self.init(Aggregation(containers: snapshot.readableContainers), unreadable: snapshot.unreadable)
  }

  /// The tree's cells, header first, one array per line, not yet sanitised. O(containers).
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
        Self.groupCells(name: Aggregation.standaloneTitle, depth: 0, totals: aggregation.standaloneTotals))
      lines += aggregation.standalone.map { Self.containerCells($0, depth: 1) }
    }
    return lines
  }

  /// The unreadable containers' cells, header first (empty when there are none): name, short ID, reason.
  public var unreadableCells: [[String]] {
    guard !unreadable.isEmpty else { return [] }
    return [Self.unreadableHeader] + unreadable.map { [$0.name, String($0.id.prefix(12)), $0.reason] }
  }

  /// The table as sanitised text. O(containers).
  public var text: String {
    let unreadable = unreadableCells
    return Self.aligned(cells) + (unreadable.isEmpty ? "" : "\n" + Self.aligned(unreadable))
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

  /// Sanitised cells in left-aligned columns two spaces apart, trailing spaces trimmed.
  private static func aligned(_ rows: [[String]]) -> String {
    let lines = rows.map { $0.map { TerminalText.sanitize($0) } }
    var widths: [Int] = []
    for line in lines {
      for (column, cell) in line.enumerated() {
        if column == widths.count { widths.append(0) }
        widths[column] = max(widths[column], cell.displayWidth)
      }
    }
    var output = ""
    for line in lines {
      var text = ""
      for (column, cell) in line.enumerated() {
        text += cell
        if column < line.count - 1 {
          text += String(repeating: " ", count: widths[column] - cell.displayWidth + 2)
        }
      }
      while text.hasSuffix(" ") { text.removeLast() }
      output += text + "\n"
    }
    return output
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
}
