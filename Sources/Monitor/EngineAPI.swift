import DockerEngine
import FoundationEssentials

/// The engine calls the monitor needs; `DockerClient` provides them (tests point one at
/// BerthTestSupport's `FakeEngine`, a unix-socket server serving recorded replies).
public protocol EngineAPI: Sendable {
  /// The endpoint, for display.
  var endpointDescription: String { get }
  /// The engine's release.
  var engineVersion: EngineVersion { get }
  /// The API version in use.
  var apiVersion: APIVersion { get }
  /// Whether one-shot stats answer at once.
  var supportsOneShotStats: Bool { get }
  /// `GET /info`.
  func info() async throws -> EngineInfo
  /// `GET /containers/json`.
  func containers(includeStopped: Bool, labels: [String]) async throws -> [ContainerSummary]
  /// `GET /containers/{id}/json`.
  func inspect(_ id: String) async throws -> ContainerDetails
  /// One stats sample.
  func stats(for id: String, oneShot: Bool) async throws -> StatsSample
  /// Followed engine events.
  func events(since: Date?, filters: [String: [String]]) -> AsyncThrowingStream<EngineEvent, any Error>
  /// One stats sample of each container, collected together; stragglers past `deadline` are left out.
  func statsBurst(for ids: [String], oneShot: Bool, deadline: Duration) async -> [String: Result<StatsSample, DockerEngineError>]
}

/// The result of one request of a concurrent burst, with the container it was about.
///
/// A struct rather than a `(String, Result)` tuple: with tuple child results, task groups crashed
/// in release builds under Swift 6.3 (a corrupted String in `TaskGroup.offer`).
struct Outcome<Value: Sendable>: Sendable {
  var id: String
  var result: Result<Value, DockerEngineError>
}

extension DockerClient: EngineAPI {
  /// The endpoint as a URL.
  public var endpointDescription: String { endpoint.description }
}
