import Dashboard
import DockerEngine
import FoundationEssentials
import Glibc
import Monitor
import TerminalUI

/// `berth logs`: a service's (or a container's) logs merged in time order and prefixed with the
/// replica's name, like `docker compose logs`, written to stdout.
public struct LogsPrinter: Sendable {
  /// What to print.
  public struct Options: Sendable {
    /// A compose service name, or a container name or ID (prefix).
    public var target: String
    /// Only this compose project's service.
    public var project: String?
    public var follow: Bool
    public var since: Duration?
    /// Lines per container; nil: all.
    public var tail: Int?
    public var timestamps: Bool

    /// Makes options.
    public init(target: String, project: String? = nil, follow: Bool = false, since: Duration? = nil, tail: Int? = nil,
                timestamps: Bool = false) {
      self.target = target
      self.project = project
      self.follow = follow
      self.since = since
      self.tail = tail
      self.timestamps = timestamps
    }
  }

  private let client: DockerClient
  private let options: Options

  /// Makes a printer.
  public init(client: DockerClient, options: Options) {
    self.client = client
    self.options = options
  }

  /// The containers `target` names: a service's containers (by compose number), else one container.
  public static func resolve(_ target: String, project: String?, in containers: [ContainerSummary]) throws -> [ContainerSummary] {
    let service = containers.filter { summary in
      let labels = summary.labels ?? [:]
      return labels["com.docker.compose.service"] == target
        && (project == nil || labels["com.docker.compose.project"] == project)
    }
    if !service.isEmpty {
      let projects = Set(service.compactMap { $0.labels?["com.docker.compose.project"] })
      if project == nil, projects.count > 1 {
        throw DockerEngineError(
          .conflict, "The service \(target) exists in several projects (\(projects.sorted().joined(separator: ", "))): add --project.")
      }
      return service.sorted { a, b in
        let na = Int(a.labels?["com.docker.compose.container-number"] ?? "") ?? 0
        let nb = Int(b.labels?["com.docker.compose.container-number"] ?? "") ?? 0
        return (na, a.name) < (nb, b.name)
      }
    }
    if let exact = containers.first(where: { $0.name == target || $0.id == target }) { return [exact] }
    let byPrefix = containers.filter { $0.id.hasPrefix(target) }
    if byPrefix.count == 1 { return byPrefix }
    throw DockerEngineError(.notFound, "No compose service or container named \(target)\(project.map { " in project \($0)" } ?? "").")
  }

  /// Merges per-container lines into one time-ordered list (stable for equal times).
  public static func merge(_ sources: [[LogLine]]) -> [(source: Int, line: LogLine)] {
    var all: [(source: Int, position: Int, line: LogLine)] = []
    for (source, lines) in sources.enumerated() {
      for (position, line) in lines.enumerated() { all.append((source, position, line)) }
    }
    all.sort { a, b in
      switch (a.line.timestamp, b.line.timestamp) {
      case let (x?, y?) where x != y: return x < y
      default: return (a.source, a.position) < (b.source, b.position)
      }
    }
    return all.map { ($0.source, $0.line) }
  }

  /// One output line: `[timestamp ]name | text`, sanitised and coloured for a terminal.
  ///
  /// The name prefix is always sanitised (a container or compose label may hold escape sequences,
  /// and the prefix is Berth's output, not the container's); the line's own bytes pass unchanged
  /// unless `forTerminal`.
  public static func format(_ line: LogLine, name: String?, color: Int, timestamps: Bool, forTerminal: Bool) -> [UInt8] {
    var out: [UInt8] = []
    if timestamps, let time = line.timestamp {
      out += Array((EngineTime.format(time, fractionDigits: 9) + " ").utf8)
    }
    if let name {
      let label = TerminalText.sanitize(name)
      if forTerminal { out += Array("\u{1B}[\(31 + color % 6)m".utf8) }
      out += Array((label + " | ").utf8)
      if forTerminal { out += Array("\u{1B}[0m".utf8) }
    }
    out += forTerminal ? Array(TerminalText.sanitize(line.bytes).utf8) : line.bytes
    out.append(UInt8(ascii: "\n"))
    return out
  }

  /// Prints the history, then (with `follow`) new lines as they come, until cancelled or every stream ends.
  public func run(write: @escaping @Sendable ([UInt8]) -> Void, isTerminal: Bool) async throws {
    let containers = try Self.resolve(options.target, project: options.project, in: try await client.containers())
    let prefixed = containers.count > 1
    let since = options.since.map { Date().addingTimeInterval(-$0.seconds) }
    var history: [[LogLine]] = []
    for container in containers {
      let details = try await client.inspect(container.id)
      var lines: [LogLine] = []
      let stream = client.logs(
        for: container.id, options: LogOptions(follow: false, tail: options.tail, since: since, timestamps: true),
        isTTY: details.config?.tty ?? false, bufferLimit: Int.max)
      for try await line in stream { lines.append(line) }
      history.append(lines)
    }
    for (source, line) in Self.merge(history) {
      write(Self.format(line, name: prefixed ? containers[source].name : nil, color: source, timestamps: options.timestamps,
                        forTerminal: isTerminal))
    }
    guard options.follow else { return }
    let last = history.map { $0.last(where: { $0.timestamp != nil })?.timestamp }
    try await withThrowingTaskGroup(of: Void.self) { group in
      for (source, container) in containers.enumerated() {
        let after = (last[source] ?? since ?? Date()).addingTimeInterval(0.000_001)
        group.addTask {
          let details = try await client.inspect(container.id)
          // Every line must reach the pipe: no dropping here, unlike the dashboard's bounded view.
          let stream = client.logBatches(
            for: container.id, options: LogOptions(follow: true, tail: nil, since: after, timestamps: true),
            isTTY: details.config?.tty ?? false, bufferLimit: .max)
          for try await lines in stream {
            var chunk: [UInt8] = []
            for line in lines {
              chunk += Self.format(line, name: prefixed ? container.name : nil, color: source, timestamps: options.timestamps,
                                   forTerminal: isTerminal)
            }
            write(chunk)
          }
        }
      }
      try await group.waitForAll()
    }
  }
}
