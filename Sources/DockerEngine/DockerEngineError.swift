import FoundationEssentials

/// Every failure of the engine client, with a message that says what to do about it.
public struct DockerEngineError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What went wrong, for matching.
  public enum Kind: Sendable, Equatable {
    /// Nothing answers at the endpoint (no socket file, connection refused, DNS).
    case unreachable
    /// The socket exists but this user may not use it.
    case permissionDenied
    /// The container (or other object) does not exist.
    case notFound
    /// The engine refused because of the object's state (e.g. removing a running container).
    case conflict
    /// Any other 4xx/5xx reply, with its status.
    case engine(status: Int)
    /// The reply was not what the API promises (bad JSON, truncated, not HTTP).
    case malformedReply
    /// The engine did not answer within the time-out.
    case timedOut
    /// The engine's API is older than Berth supports.
    case engineTooOld
    /// TLS set-up or verification failed.
    case tls
    /// The configuration names an endpoint Berth cannot use.
    case badEndpoint
    /// The caller cancelled the request.
    case cancelled
  }

  /// What went wrong.
  public var kind: Kind
  /// One paragraph for the user.
  public var message: String

  /// Makes an error.
  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  /// The message, for printing.
  public var description: String { message }

  /// Builds the error for an HTTP reply with a failure status, using the engine's own `message`.
  static func fromReply(status: Int, body: [UInt8], what: String) -> DockerEngineError {
    let engineMessage =
      (try? JSONDecoder().decode(EngineMessage.self, from: Data(body)))?.message
      ?? String(decoding: body.prefix(500), as: UTF8.self).trimmingWhitespace()
    let detail = engineMessage.isEmpty ? "HTTP \(status)" : engineMessage
    switch status {
    case 404: return DockerEngineError(.notFound, "\(what): \(detail)")
    case 409: return DockerEngineError(.conflict, "\(what): \(detail)")
    default: return DockerEngineError(.engine(status: status), "\(what) failed (HTTP \(status)): \(detail)")
    }
  }
}

private struct EngineMessage: Decodable {
  var message: String
}
