import FoundationEssentials

/// What to run with `docker exec`.
public struct ExecConfiguration: Encodable, Sendable {
  /// Connect the session's input to the process (with a TTY).
  public var attachStdin = true
  /// Send the process's standard output to the session.
  public var attachStdout = true
  /// Send the process's standard error to the session.
  public var attachStderr = true
  /// Allocate a TTY: the output is then raw, not multiplexed.
  public var tty = true
  /// The program and its arguments (`Cmd`).
  public var command: [String]
  /// `NAME=value` pairs added to the container's environment.
  public var environment: [String]

  /// Makes an interactive configuration running `command` with a TTY.
  public init(command: [String], environment: [String] = ["TERM=xterm-256color"], tty: Bool = true) {
    self.command = command
    self.environment = environment
    self.tty = tty
    attachStdin = tty
  }

  enum CodingKeys: String, CodingKey {
    case attachStdin = "AttachStdin", attachStdout = "AttachStdout", attachStderr = "AttachStderr", tty = "Tty"
    case command = "Cmd", environment = "Env"
  }
}

/// The reply of `GET /exec/{id}/json`.
public struct ExecDetails: Decodable, Sendable, Equatable {
  /// Whether the process still runs.
  public var running: Bool?
  /// Exit code once finished.
  public var exitCode: Int?
  /// The process's ID on the host.
  public var pid: Int?

  enum CodingKeys: String, CodingKey {
    case running = "Running", exitCode = "ExitCode", pid = "Pid"
  }
}

private struct IdentifierReply: Decodable {
  var id: String
  enum CodingKeys: String, CodingKey { case id = "Id" }
}

private struct ExecStart: Encodable {
  var detach = false
  var tty: Bool
  enum CodingKeys: String, CodingKey { case detach = "Detach", tty = "Tty" }
}

extension DockerClient {
  /// Creates an exec instance in a running container; returns its ID.
  public func createExec(in container: String, _ configuration: ExecConfiguration) async throws -> String {
    let body = try await post("/containers/\(Self.escape(container))/exec", json: configuration, what: "Starting a shell in \(container)")
    do {
      return try JSONDecoder().decode(IdentifierReply.self, from: Data(body)).id
    } catch {
      throw DockerEngineError(.malformedReply, "The engine's reply to exec create could not be read.")
    }
  }

  /// Starts an exec instance over a hijacked connection: the returned stream is its terminal.
  ///
  /// Blocking; call it off the cooperative pool (the UI thread, which owns the terminal anyway).
  public func startExec(_ id: String, tty: Bool = true) throws -> HijackedConnection {
    let body = try JSONEncoder().encode(ExecStart(tty: tty))
    return try HijackedConnection(
      endpoint: endpoint,
      request: HTTPRequest(
        method: "POST", path: path("/exec/\(Self.escape(id))/start"), body: Array(body),
        contentType: "application/json", timeout: nil),
      timeout: requestTimeout)
  }

  /// Sets an exec's terminal size (only after it started).
  public func resizeExec(_ id: String, columns: Int, rows: Int) async throws {
    try await post("/exec/\(Self.escape(id))/resize", query: [("h", String(rows)), ("w", String(columns))], what: "Resizing the shell")
  }

  /// `GET /exec/{id}/json`.
  public func inspectExec(_ id: String) async throws -> ExecDetails {
    try await get("/exec/\(Self.escape(id))/json", what: "Inspecting the shell")
  }

  /// Attaches to a container's main process (stdin, stdout, stderr) over a hijacked connection.
  /// The engine detaches on `detachKeys` (docker's default ctrl-p,ctrl-q) and leaves the container running.
  public func attach(to container: String, detachKeys: String = "ctrl-p,ctrl-q") throws -> HijackedConnection {
    let query = [("stream", "1"), ("stdin", "1"), ("stdout", "1"), ("stderr", "1"), ("detachKeys", detachKeys)]
    return try HijackedConnection(
      endpoint: endpoint,
      request: HTTPRequest(
        method: "POST", path: path("/containers/\(Self.escape(container))/attach", query: query),
        timeout: nil),
      timeout: requestTimeout)
  }

  /// Sets a container's TTY size (for attach).
  public func resizeTTY(of container: String, columns: Int, rows: Int) async throws {
    try await post(
      "/containers/\(Self.escape(container))/resize", query: [("h", String(rows)), ("w", String(columns))],
      what: "Resizing \(container)")
  }
}
