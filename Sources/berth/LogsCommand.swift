import ArgumentParser
import BerthApp
import DockerEngine
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#endif

/// `berth logs`: merged, prefixed logs of a service or container on stdout.
struct LogsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "logs",
    abstract: "Print a compose service's logs (all replicas merged in time order) or a container's.",
    discussion: """
      Lines of several replicas are prefixed with the replica's name, like `docker compose logs`. On a \
      terminal, control sequences in the logs are removed; to a pipe the bytes pass unchanged.

      Lines are printed as they arrive, however long the history; with -f, a reader slower than the \
      container (a pipe nobody drains yet) slows the engine's transfer down instead of filling memory. \
      Without --tail, the whole history is printed; with -f and neither --tail nor --since, only the \
      last \(LogsPrinter.followTail) lines of each container before following (`--tail all` for everything).
      """)

  @OptionGroup var engine: EngineOptions

  @Argument(help: "A compose service name, or a container name or ID.")
  var target: String

  @Option(help: "The compose project of the service (when several projects have it).")
  var project: String?

  @Flag(name: [.short, .long], help: "Keep printing new lines.")
  var follow = false

  @Option(help: "Only lines this recent, e.g. 10m, 2h.", transform: parseDuration)
  var since: Duration?

  @Option(
    help: ArgumentHelp(
      "Only the last N lines of each container, or `all` (default: all; with -f and no --since: \(LogsPrinter.followTail)).",
      valueName: "N|all"),
    transform: parseTail)
  var tail: LogsPrinter.Tail?

  @Flag(name: [.short, .long], help: "Show the engine's timestamp of each line.")
  var timestamps = false

  func run() async throws {
    do {
      let client = try await DockerClient.connect(to: try engine.endpoint())
      let printer = LogsPrinter(
        client: client,
        options: .init(target: target, project: project, follow: follow, since: since, tail: tail, timestamps: timestamps))
      StandardOutput.ignoreBrokenPipe()
      do {
        try await printer.run(write: { try StandardOutput.write($0) }, isTerminal: isatty(STDOUT_FILENO) == 1)
      } catch StandardOutput.WriteError.closed {
        return  // the reader went away (e.g. `| head`): not a failure
      }
    } catch {
      throw fail(error)
    }
  }
}

/// Parses `--tail`: a number of lines or `all`.
func parseTail(_ text: String) throws -> LogsPrinter.Tail {
  guard let tail = LogsPrinter.Tail(parsing: text.trimmingWhitespace().lowercased()) else {
    throw ValidationError("'\(text)' is not a number of lines; use e.g. --tail 100, or --tail all.")
  }
  return tail
}
