import ArgumentParser
import Dashboard
import DockerEngine
import FoundationEssentials
import Glibc
import Monitor

/// `berth snapshot`: one sample (or one per interval with --watch) printed as JSON or a table.
struct SnapshotCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "snapshot",
    abstract: "Print every container grouped by compose project and service, with usage and limits.",
    discussion: """
      Takes two stats samples a second apart (CPU % needs a delta), prints, and exits. The JSON is a
      stable contract: unset limits are null; see the README for every field. With --watch one JSON
      document per line is printed after every sampling round.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case json, table
  }

  @OptionGroup var engine: EngineOptions

  @Option(help: "Output format: json or table.")
  var format: Format = .json

  @Flag(help: "Keep sampling at --interval and print after every round (one JSON document per line).")
  var watch = false

  @Flag(help: "Indent the JSON (ignored with --watch).")
  var pretty = false

  func run() async throws {
    let monitor: Monitor
    do {
      monitor = Monitor(endpoint: try engine.endpoint(), configuration: engine.monitorConfiguration)
    } catch {
      throw fail(error)
    }
    if !watch {
      do {
        let snapshot = try await monitor.takeSnapshot()
        try emit(snapshot, pretty: pretty)
      } catch {
        throw fail(error)
      }
      return
    }
    let snapshots = await monitor.snapshots()
    let runner = Task { await monitor.run() }
    defer { runner.cancel() }
    var printedRound = 0
    for await snapshot in snapshots {
      switch snapshot.connection {
      case .disconnected(let reason, let retry):
        writeAll(STDERR_FILENO, "berth: disconnected — retrying in \(retry): \(reason)\n".utf8)
      case .connected where snapshot.sampleRound >= 2 && snapshot.sampleRound != printedRound:
        printedRound = snapshot.sampleRound
        try emit(snapshot, pretty: false)
      default:
        break
      }
    }
  }

  private func emit(_ snapshot: EngineSnapshot, pretty: Bool) throws {
    let aggregation = Aggregation(snapshot)
    switch format {
    case .json:
      var data = SnapshotDocument(snapshot: snapshot, aggregation: aggregation).jsonData(prettyPrinted: pretty)
      data.append(UInt8(ascii: "\n"))
      writeAll(STDOUT_FILENO, data)
    case .table:
      writeAll(STDOUT_FILENO, (SnapshotTable(aggregation).text + (watch ? "\n" : "")).utf8)
    }
  }
}
