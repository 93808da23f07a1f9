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
      Lines of several replicas are prefixed with the replica's name, like `docker compose logs`. On a
      terminal, control sequences in the logs are removed; to a pipe the bytes pass unchanged.
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

  @Option(help: "Only the last N lines of each container.")
  var tail: Int?

  @Flag(name: [.short, .long], help: "Show the engine's timestamp of each line.")
  var timestamps = false

  func run() async throws {
    do {
      let client = try await DockerClient.connect(to: try engine.endpoint())
      let printer = LogsPrinter(
        client: client,
        options: .init(target: target, project: project, follow: follow, since: since, tail: tail, timestamps: timestamps))
      signal(SIGPIPE, SIG_IGN)
      try await printer.run(
        write: { bytes in
          bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
              let written = Glibc.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
              if written <= 0 { Glibc.exit(0) }  // the reader went away (e.g. `| head`)
              offset += written
            }
          }
        }, isTerminal: isatty(STDOUT_FILENO) == 1)
    } catch {
      throw fail(error)
    }
  }
}
