// `berth snapshot`: one complete sample, or one per sampling round with --watch, as JSON or a table.
import Dashboard
import DockerEngine
import Monitor

/// Prints what a `Monitor` sees as the `berth snapshot` JSON document or table, and decides the
/// command's exit status.
///
/// Exit status: 0 when everything was printed; 1 when a container could not be read (the output
/// still lists it, under `unreadable`, and stderr names it), when the engine fails, or when stdout
/// fails (e.g. `> /dev/full`); 0 without a word when the reader of stdout goes away (`| head`).
/// Every message goes through `StandardError.line`, so the engine's words are sanitised.
public struct SnapshotPrinter: Sendable {
  /// The output format.
  public enum Format: String, Sendable, CaseIterable {
    case json, table
  }

  /// What to print.
  public struct Options: Sendable {
    public var format: Format
    /// Keep sampling and print after every round (one JSON document per line).
    public var watch: Bool
    /// Indent the JSON (ignored with `watch`).
    public var pretty: Bool

    /// Makes options.
    public init(format: Format = .json, watch: Bool = false, pretty: Bool = false) {
      self.format = format
      self.watch = watch
      self.pretty = pretty
    }
  }

  /// The status when the output is incomplete or could not be written, or the engine failed.
  public static let failureStatus: Int32 = 1

  private let monitor: Monitor
  private let options: Options
  private let output: @Sendable ([UInt8]) throws -> Void
  private let report: @Sendable (String) -> Void

  /// Makes a printer; `output` and `report` default to stdout (`StandardOutput.write`) and stderr
  /// (`StandardError.report`).
  public init(
    monitor: Monitor, options: Options, output: @escaping @Sendable ([UInt8]) throws -> Void = { try StandardOutput.write($0) },
    report: @escaping @Sendable (String) -> Void = StandardError.report
  ) {
    self.monitor = monitor
    self.options = options
    self.output = output
    self.report = report
  }

  /// Prints (once, or every round until cancelled with `watch`) and returns the exit status.
  public func run() async -> Int32 {
    do {
      return options.watch ? try await watch() : try await once()
    } catch StandardOutput.WriteError.closed {
      return 0
    } catch {
      report(StandardError.message(for: error))
      return Self.failureStatus
    }
  }

  private func once() async throws -> Int32 {
    let snapshot = try await monitor.takeSnapshot()
    try emit(snapshot)
    reportUnreadable(snapshot.unreadable)
    return snapshot.unreadable.isEmpty ? 0 : Self.failureStatus
  }

  private func watch() async throws -> Int32 {
    let snapshots = await monitor.snapshots()
    let runner = Task { await monitor.run() }
    defer { runner.cancel() }
    var printedRound = 0
    var reported: [UnreadableContainer] = []
    for await snapshot in snapshots {
      switch snapshot.connection {
      case .disconnected(let reason, let retry):
        report("disconnected — retrying in \(retry): \(reason)")
      case .connected where snapshot.sampleRound >= 2 && snapshot.sampleRound != printedRound:
        printedRound = snapshot.sampleRound
        try emit(snapshot)
        // Said once when a container becomes unreadable, not every round.
        reportUnreadable(snapshot.unreadable.filter { !reported.contains($0) })
        reported = snapshot.unreadable
      default:
        break
      }
    }
    return 0
  }

  private func emit(_ snapshot: EngineSnapshot) throws {
    switch options.format {
    case .json:
      let document = SnapshotDocument(snapshot: snapshot).jsonData(prettyPrinted: options.pretty && !options.watch)
      try output(Array(document) + [UInt8(ascii: "\n")])
    case .table:
      try output(Array((SnapshotTable(snapshot).text + (options.watch ? "\n" : "")).utf8))
    }
  }

  private func reportUnreadable(_ containers: [UnreadableContainer]) {
    for container in containers {
      report("could not read container \(container.name) (\(container.id.prefix(12))): \(container.reason)")
    }
  }
}
