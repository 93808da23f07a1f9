// berth: the executable. Parses arguments and hands over to BerthApp; nothing else.
import ArgumentParser
import BerthApp
import Dashboard
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

  @Option(help: "Time between stats samples, e.g. 2s, 500ms.", transform: parseDuration)
  var interval: Duration = .seconds(2)

  @Option(name: .customLong("label"), help: "Only containers with this label (key or key=value); repeatable.")
  var labels: [String] = []

  @Option(name: .customLong("stats-source"), help: ArgumentHelp(
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

/// Parses `2s`, `500ms`, `1.5` (seconds) or `1m`.
func parseDuration(_ text: String) throws -> Duration {
  let trimmed = text.trimmingWhitespace().lowercased()
  let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
  for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
    if let value = Double(trimmed.dropLast(suffix.count)), value > 0 {
      return .milliseconds(Int64(value * scale * 1000))
    }
  }
  if let value = Double(trimmed), value > 0 { return .milliseconds(Int64(value * 1000)) }
  throw ValidationError("'\(text)' is not a duration; use e.g. 2s, 500ms, 1m.")
}

/// Prints a failure the way a user can act on (sanitised: it may quote the engine) and exits non-zero.
func fail(_ error: any Error) -> ExitCode {
  StandardError.report(StandardError.message(for: error))
  return ExitCode(1)
}
