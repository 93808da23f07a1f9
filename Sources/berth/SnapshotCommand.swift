import ArgumentParser
import BerthApp
import Monitor

/// `berth snapshot`: one sample (or one per interval with --watch) printed as JSON or a table.
struct SnapshotCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "snapshot",
    abstract: "Print every container grouped by compose project and service, with usage and limits.",
    discussion: """
      Takes two stats samples a second apart (CPU % needs a delta), prints, and exits. The JSON is a
      stable contract: unset limits are null; see the README for every field. With --watch one JSON
      document per line is printed after every sampling round. A container that cannot be read is
      listed under "unreadable" (and named on stderr) and the exit status is 1; so it is when the
      output cannot be written.
      """)

  @OptionGroup var engine: EngineOptions

  @Option(help: "Output format: json or table.")
  var format: SnapshotPrinter.Format = .json

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
    StandardOutput.ignoreBrokenPipe()
    let printer = SnapshotPrinter(monitor: monitor, options: .init(format: format, watch: watch, pretty: pretty))
    let status = await printer.run()
    if status != 0 { throw ExitCode(status) }
  }
}

extension SnapshotPrinter.Format: ExpressibleByArgument {}
