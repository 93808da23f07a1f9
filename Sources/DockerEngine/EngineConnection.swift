import FoundationEssentials

/// One engine's client, shared by everything that talks to that engine (the monitor, actions, log
/// followers, shells): the engine is asked its version once, not once per user.
///
/// `client()` returns the current client, negotiating one (`DockerClient.connect(to:)`) when there
/// is none. After the engine was lost, its owner (the monitor) calls `reconnect()`: the engine may
/// have come back as another release speaking another API version, and from then on everyone's
/// `client()` returns the client negotiated then. Concurrent callers share one negotiation.
public final class EngineConnection: @unchecked Sendable {
  /// Where the engine listens.
  public let endpoint: Endpoint
  /// Time-out of each client's ordinary requests (`DockerClient.requestTimeout`).
  public let requestTimeout: Duration

  private struct State {
    /// The negotiated client; nil before the first negotiation and after a failed one.
    var client: DockerClient?
    /// The negotiation in flight, which every caller waits for.
    var pending: Task<DockerClient, any Error>?
  }

  private let lock = Lock()
  /// Guarded by `lock`.
  private var state = State()

  /// A connection that negotiates at the first `client()`.
  public init(endpoint: Endpoint, requestTimeout: Duration = .seconds(15)) {
    self.endpoint = endpoint
    self.requestTimeout = requestTimeout
  }

  /// A connection whose client is negotiated now.
  ///
  /// - Throws: `DockerEngineError` as `DockerClient.connect(to:)` does (`.unreachable`,
  ///   `.permissionDenied`, `.engineTooOld` …).
  public static func connect(to endpoint: Endpoint, requestTimeout: Duration = .seconds(15)) async throws
    -> EngineConnection
  {
    let connection = EngineConnection(endpoint: endpoint, requestTimeout: requestTimeout)
    _ = try await connection.client()
    return connection
  }

  /// The current client; negotiates one first (or joins the negotiation in flight) when there is
  /// none.
  ///
  /// - Throws: the negotiation's `DockerEngineError`; the next call tries again.
  public func client() async throws -> DockerClient {
    let next = lock.withLock { () -> Next in
      if let client = state.client { return .ready(client) }
      return .waiting(negotiation())
    }
    switch next {
    case .ready(let client): return client
    case .waiting(let negotiation): return try await negotiation.value
    }
  }

  private enum Next {
    case ready(DockerClient)
    case waiting(Task<DockerClient, any Error>)
  }

  /// Forgets the current client and negotiates a new one (or joins the negotiation in flight):
  /// for the owner that lost the engine, which may come back speaking another API version.
  ///
  /// - Throws: the negotiation's `DockerEngineError`; until one succeeds, `client()` negotiates.
  @discardableResult
  public func reconnect() async throws -> DockerClient {
    let task = lock.withLock { () -> Task<DockerClient, any Error> in
      if let pending = state.pending { return pending }
      state.client = nil
      return negotiation()
    }
    return try await task.value
  }

  /// The client as of now, without negotiating: nil before the first negotiation succeeds, while
  /// one runs, and after a failed one.
  public var currentClient: DockerClient? { lock.withLock { state.client } }

  /// The negotiation in flight, or a new one. Called with the lock held.
  private func negotiation() -> Task<DockerClient, any Error> {
    if let pending = state.pending { return pending }
    let endpoint = self.endpoint
    let requestTimeout = self.requestTimeout
    // Unstructured: one caller's cancellation must not fail the others waiting for it. It ends by
    // itself within the request time-out.
    let task = Task { () async throws -> DockerClient in
      do {
        let client = try await DockerClient.connect(to: endpoint, requestTimeout: requestTimeout)
        lock.withLock {
          state.client = client
          state.pending = nil
        }
        return client
      } catch {
        lock.withLock { state.pending = nil }
        throw error
      }
    }
    state.pending = task
    return task
  }
}
