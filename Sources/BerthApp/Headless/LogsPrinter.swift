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
    /// Lines of each container's history; nil: the default, `historyTail`.
    public var tail: Tail?
    public var timestamps: Bool

    /// Makes options.
    public init(
      target: String, project: String? = nil, follow: Bool = false, since: Duration? = nil, tail: Tail? = nil,
      timestamps: Bool = false
    ) {
      self.target = target
      self.project = project
      self.follow = follow
      self.since = since
      self.tail = tail
      self.timestamps = timestamps
    }

    /// The history printed of each container: `tail` if given; else all of it, unless following
    /// without `since`, where it is the last `LogsPrinter.followTail` lines (as the dashboard's logs
    /// pane), so `-f` on a long-running container starts at once with recent lines.
    public var historyTail: Tail {
      tail ?? (follow && since == nil ? .last(LogsPrinter.followTail) : .all)
    }
  }

  /// How much of a container's history to print.
  public enum Tail: Sendable, Equatable {
    /// All of it.
    case all
    /// The last N lines.
    case last(Int)

    /// Parses `all` or a number of lines.
    public init?(parsing text: String) {
      if text == "all" {
        self = .all
      } else if let count = Int(text), count >= 0 {
        self = .last(count)
      } else {
        return nil
      }
    }

    /// The engine's `tail` (nil: all).
    var lineCount: Int? {
      switch self {
      case .all: nil
      case .last(let count): count
      }
    }
  }

  /// Lines of history per container before following, when neither `--tail` nor `--since` is given.
  public static let followTail = 200

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

  /// Merges whole per-container histories into one time-ordered list (stable for equal times).
  public static func merge(_ sources: [[LogLine]]) -> [(source: Int, line: LogLine)] { LogMerger.merge(sources) }

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

  /// Prints the history, then (with `follow`) new lines as they come, until cancelled or every
  /// stream ends.
  ///
  /// Lines go out as they arrive: one container is streamed straight through; several replicas'
  /// histories are read at once and merged in time order as they come (`LogMerger`), then each is
  /// followed from its last line. Every stream holds a bounded number of unread lines and pauses its
  /// transfer when `write` is behind, so memory stays bounded whatever the size of the logs and
  /// however slow the reader.
  ///
  /// - Parameter write: Takes each chunk of output; blocking in it slows the engine's transfers
  ///   down, and throwing ends the run with that error.
  public func run(write: @escaping @Sendable ([UInt8]) throws -> Void, isTerminal: Bool) async throws {
    let containers = try Self.resolve(options.target, project: options.project, in: try await client.containers())
    let since = options.since.map { Date().addingTimeInterval(-$0.seconds) }
    var hasTTY: [Bool] = []
    for container in containers { hasTTY.append(try await client.inspect(container.id).config?.tty ?? false) }
    let ttys = hasTTY
    let tail = options.historyTail.lineCount
    let prefixed = containers.count > 1
    let format = { @Sendable (lines: [LogLine], source: Int) -> [UInt8] in
      var chunk: [UInt8] = []
      for line in lines {
        chunk += Self.format(
          line, name: prefixed ? containers[source].name : nil, color: source,
          timestamps: options.timestamps, forTerminal: isTerminal)
      }
      return chunk
    }

    if containers.count == 1 {
      let stream = client.pacedLogBatches(
        for: containers[0].id,
        options: LogOptions(follow: options.follow, tail: tail, since: since, timestamps: options.timestamps), isTTY: ttys[0])
      for try await lines in stream { try write(format(lines, 0)) }
      return
    }

    // Several replicas: merge their histories in time order as they arrive. Each stream holds its
    // share of a fixed budget of batches, so many replicas cost no more memory than a few.
    let started = Date()
    let capacity = max(4, 64 / containers.count)
    let histories = containers.indices.map { source in
      client.pacedLogBatches(
        for: containers[source].id, options: LogOptions(follow: false, tail: tail, since: since, timestamps: true),
        isTTY: ttys[source], capacity: capacity)
    }
    var readers = histories.map { $0.makeAsyncIterator() }
    var merger = LogMerger(sourceCount: containers.count)
    var last = [Date?](repeating: nil, count: containers.count)
    var chunk: [UInt8] = []
    merging: while true {
      switch merger.next() {
      case .line(let source, let line):
        if let time = line.timestamp { last[source] = time }
        chunk += format([line], source)
        if chunk.count >= 64 << 10 {
          try write(chunk)
          chunk.removeAll(keepingCapacity: true)
        }
      case .needs(let source):
        // Hand over what is decided before waiting for more.
        if !chunk.isEmpty {
          try write(chunk)
          chunk.removeAll(keepingCapacity: true)
        }
        if let lines = try await readers[source].next() { merger.append(lines, from: source) } else { merger.finish(source) }
      case .finished:
        break merging
      }
    }
    try write(chunk)
    readers.removeAll()
    guard options.follow else { return }

    // Then each replica from just after its last line (or since the history was asked for).
    let from = last.map { ($0 ?? since ?? started).addingTimeInterval(0.000_001) }
    try await withThrowingTaskGroup(of: Void.self) { group in
      for source in containers.indices {
        group.addTask {
          let stream = client.pacedLogBatches(
            for: containers[source].id, options: LogOptions(follow: true, tail: nil, since: from[source], timestamps: true),
            isTTY: ttys[source], capacity: capacity)
          for try await lines in stream { try write(format(lines, source)) }
        }
      }
      try await group.waitForAll()
    }
  }
}
