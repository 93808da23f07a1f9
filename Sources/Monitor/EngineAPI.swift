import DockerEngine
import Foundation

/// The engine calls the monitor needs; `DockerClient` provides them and tests fake them.
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
}

extension DockerClient: EngineAPI {
  /// The endpoint as a URL.
  public var endpointDescription: String { endpoint.description }
}
