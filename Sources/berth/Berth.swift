// berth: the executable. Parses arguments and hands over to BerthApp; nothing else.
import ArgumentParser
import BerthApp
import DockerEngine
import FoundationEssentials
import Monitor
import TerminalUI

#if canImport(Glibc)
  import Glibc
#endif

@main
struct Berth: AsyncParsableCommand {
  /// One malloc arena instead of one per thread: a dashboard allocates little, and each idle
  /// arena would hold on to resident memory.
  static func main() async {
    #if canImport(Glibc)
      // mallopt(M_ARENA_MAX, 1); <malloc.h> is not part of the Glibc module.
      if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        _ = unsafeBitCast(symbol, to: Mallopt.self)(-8, 1)
      }
    #endif
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      exit(sanitisingMessageOf: error)
    }
  }

  /// `exit(withError:)`, with the message sanitised: ArgumentParser quotes arguments as typed.
  static func exit(sanitisingMessageOf error: any Error) -> Never {
    let code = exitCode(for: error)
    let message = fullMessage(for: error)
    if !message.isEmpty {
      let text = TerminalText.sanitize(message, preservingNewlines: true) + "\n"
      // Help and version (status 0) go to stdout, errors to stderr, as ArgumentParser does.
      _ = try? StandardOutput.write(Array(text.utf8), to: code == .success ? STDOUT_FILENO : STDERR_FILENO)
    }
    Glibc.exit(code.rawValue)
  }

  static let configuration = CommandConfiguration(
    commandName: "berth",
    abstract: "A terminal dashboard for Docker: containers grouped by compose service, with their limits.",
    discussion: """
      With no subcommand Berth opens the dashboard. The engine is --host, else DOCKER_HOST, else the
      current docker context, else unix:///var/run/docker.sock.
      """,
    version: BerthVersion.current,
    subcommands: [DashboardCommand.self, SnapshotCommand.self, LogsCommand.self],
    defaultSubcommand: DashboardCommand.self)
}

/// Options every subcommand shares.
struct EngineOptions: ParsableArguments {
  @Option(name: [.customShort("H"), .customLong("host")], help: "Engine endpoint, as docker -H: unix:///path or tcp://host:port.")
  var host: String?

  @Option(help: "Time between stats samples, at least 500ms: e.g. 2s, 500ms, 1m.", transform: parseInterval)
  var interval: Duration = .seconds(2)

  @Option(name: .customLong("label"), help: "Only containers with this label (key or key=value); repeatable.")
  var labels: [String] = []

  @Option(
    name: .customLong("stats-source"),
    help: ArgumentHelp(
      "Where container stats are read: auto or engine.",
      discussion: """
        auto reads a container's CPU, memory and pids counters from its cgroup when the engine runs on \
        this machine and the cgroup is readable (the counters the engine itself reads, at no cost to \
        it), and asks the engine otherwise; engine always asks the engine.
        """))
  var statsSource: StatsSource = .automatic

  /// The endpoint chosen from --host, the environment and the docker context; a warning about
  /// it (TLS that does not verify the engine) goes to stderr now, before any screen is drawn.
  func endpoint() throws -> Endpoint {
    let endpoint = try Endpoint.resolve(
      flag: host, environment: ProcessInfo.processInfo.environment,
      homeDirectory: FileManager.default.homeDirectoryForCurrentUser.path)
    if let warning = endpoint.securityWarning { writeAll(STDERR_FILENO, "berth: \(warning)\n".utf8) }
    return endpoint
  }

  /// The monitor configuration these options describe.
  var monitorConfiguration: Monitor.Configuration {
    Monitor.Configuration(interval: interval, labelFilter: labels, statsSource: statsSource)
  }
}

extension StatsSource: ExpressibleByArgument {}

/// `--since`: a duration of `DurationText`'s grammar (`30s`, `5m`, `2h`, `1d`).
func parseDuration(_ text: String) throws -> Duration {
  do { return try DurationText.parse(text) } catch { throw ValidationError(error.message) }
}

/// `--interval`: a duration of `DurationText`'s grammar, at least 500 ms.
func parseInterval(_ text: String) throws -> Duration {
  do { return try Monitor.Configuration.interval(parsing: text) } catch { throw ValidationError(error.message) }
}

/// Prints a failure the way a user can act on (sanitised: it may quote the engine) and exits non-zero.
func fail(_ error: any Error) -> ExitCode {
  StandardError.report(StandardError.message(for: error))
  return ExitCode(1)
}
