// BerthTestSupport: the private dockerd harness and fixture loading, used by tests only.
// Depends on DockerEngine; never shipped in the binary.
import DockerEngine
import Foundation
import Monitor

/// The private engine the test command started (`scripts/test` exports `BERTH_TEST_DOCKER_HOST`).
///
/// Tests that need an engine are enabled when one is configured, and also whenever `CI=true`:
/// there a missing engine makes them fail instead of silently skipping.
public enum TestEngine {
  /// Label put on everything the tests create, so they never touch anything else.
  public static let label = "berth.test=1"

  /// The engine URL from `BERTH_TEST_DOCKER_HOST`.
  public static var host: String? {
    ProcessInfo.processInfo.environment["BERTH_TEST_DOCKER_HOST"].flatMap { $0.isEmpty ? nil : $0 }
  }

  /// Whether engine tests should run: an engine is configured, or this is CI (where its absence fails).
  public static var shouldRun: Bool {
    host != nil || ProcessInfo.processInfo.environment["CI"] == "true"
  }

  /// Whether the engine's containers run on this machine with readable cgroups (the private
  /// engine `scripts/test` starts), so the monitor reads their stats from there.
  public static var isOnThisMachine: Bool {
    (host?.hasPrefix("unix://") ?? false) && CgroupLayout.current() != nil
  }

  /// The configured endpoint, or an error saying how to get one.
  public static func endpoint() throws -> Endpoint {
    guard let host else {
      throw TestEngineError(
        "No test engine: run the tests through scripts/test, which starts a private dockerd, or set BERTH_TEST_DOCKER_HOST.")
    }
    return try Endpoint(parsing: host)
  }

  /// The private engine's TLS endpoint (`tcp://127.0.0.1:PORT`) and client certificate folder.
  public static func tls() throws -> (host: String, certificates: String) {
    let environment = ProcessInfo.processInfo.environment
    guard let host = environment["BERTH_TEST_DOCKER_TLS_HOST"], !host.isEmpty,
      let certificates = environment["BERTH_TEST_DOCKER_CERT_PATH"], !certificates.isEmpty
    else {
      throw TestEngineError("No TLS test engine: run the tests through scripts/test (BERTH_TEST_DOCKER_TLS_HOST).")
    }
    return (host, certificates)
  }

  /// The private engine's IPv6 loopback listener (`tcp://[::1]:PORT`) from `BERTH_TEST_DOCKER_IPV6_HOST`,
  /// which `scripts/test` sets when `scripts/test-engine` listens there.
  public static var ipv6Host: String? {
    ProcessInfo.processInfo.environment["BERTH_TEST_DOCKER_IPV6_HOST"].flatMap { $0.isEmpty ? nil : $0 }
  }

  /// Whether the IPv6 tests should run: the listener is configured, or this is CI (where its
  /// absence fails them).
  public static var shouldRunIPv6: Bool {
    ipv6Host != nil || ProcessInfo.processInfo.environment["CI"] == "true"
  }

  /// The endpoint of the IPv6 listener, resolved as `berth -H` would: with TLS and the client
  /// certificates when the engine also serves TLS (dockerd gives every TCP listener the same TLS
  /// settings), plain HTTP otherwise.
  public static func ipv6Endpoint() throws -> Endpoint {
    guard let host = ipv6Host else {
      throw TestEngineError(
        "No IPv6 test engine: run the tests through scripts/test, which listens on tcp://[::1] (BERTH_TEST_DOCKER_IPV6_HOST).")
    }
    var environment: [String: String] = [:]
    if let certificates = ProcessInfo.processInfo.environment["BERTH_TEST_DOCKER_CERT_PATH"], !certificates.isEmpty {
      environment = ["DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": certificates]
    }
    return try Endpoint.resolve(flag: host, environment: environment, homeDirectory: "/nonexistent")
  }

  /// A client connected to the private engine.
  public static func client() async throws -> DockerClient {
    try await DockerClient.connect(to: endpoint())
  }

  /// Runs the docker CLI against the private engine with a time-out; returns trimmed stdout.
  ///
  /// The process runs on its own thread, so a test awaiting it does not hold one of the
  /// few cooperative threads that every parallel test shares.
  @discardableResult
  public static func docker(_ arguments: [String], timeout: Int = 60) async throws -> String {
    guard let host else { throw TestEngineError("No test engine configured.") }
    return try await Shell.runOffPool(["timeout", String(timeout), "docker", "-H", host] + arguments)
  }

  /// Starts a labelled busybox container with no network and returns its ID.
  ///
  /// - Parameters:
  ///   - name: Container name (make it unique per test).
  ///   - options: Extra `docker run` options (limits, labels, `-t` …).
  ///   - command: The command, run by `sh -c`.
  public static func run(name: String, options: [String] = [], command: String) async throws -> String {
    try await docker(
      ["run", "-d", "--name", name, "--network", "none", "--label", label] + options
        + ["busybox:local", "sh", "-c", command])
  }

  /// Removes containers one at a time (mass removal has deadlocked dockerd 20.10); blocking, for `defer`.
  public static func remove(_ ids: [String]) {
    guard let host else { return }
    for id in ids { _ = try? Shell.run(["timeout", "30", "docker", "-H", host, "rm", "-f", id]) }
  }

  /// A name unique to this run, e.g. `berth-logs-3f2a9c`.
  public static func uniqueName(_ stem: String) -> String {
    "berth-\(stem)-\(UUID().uuidString.prefix(8).lowercased())"
  }
}

/// A failure of the test harness itself.
public struct TestEngineError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// Runs a command and returns its trimmed stdout; throws with stderr on failure.
public enum Shell {
  /// Runs `arguments` (looked up on PATH) and waits.
  ///
  /// Output goes to temporary files, not pipes: a daemon the command leaves running (dockerd)
  /// may inherit the descriptors, and a pipe would then never reach end-of-file.
  @discardableResult
  public static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("berth-shell-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let outURL = directory.appendingPathComponent("out")
    let errURL = directory.appendingPathComponent("err")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let output = try FileHandle(forWritingTo: outURL)
    let errors = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try? output.close()
    try? errors.close()
    let out = (try? String(contentsOf: outURL, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    guard process.terminationStatus == 0 else {
      let err = (try? String(contentsOf: errURL, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
      throw TestEngineError("`\(arguments.joined(separator: " "))` exited \(process.terminationStatus): \(err)")
    }
    return out
  }
}

extension Shell {
  /// `run` on a thread of its own, awaited without blocking the caller's thread.
  public static func runOffPool(_ arguments: [String], environment: [String: String]? = nil) async throws -> String {
    try await withCheckedThrowingContinuation { continuation in
      Thread {
        continuation.resume(with: Result { try run(arguments, environment: environment) })
      }.start()
    }
  }
}

/// Polls until a condition holds or the deadline passes.
public func eventually(
  timeout: Duration = .seconds(10), every interval: Duration = .milliseconds(100),
  _ condition: () async throws -> Bool
) async throws -> Bool {
  let deadline = ContinuousClock.now + timeout
  while ContinuousClock.now < deadline {
    if try await condition() { return true }
    try await Task.sleep(for: interval)
  }
  return try await condition()
}
