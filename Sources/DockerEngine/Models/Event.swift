import FoundationEssentials

/// One message of `GET /events`.
public struct EngineEvent: Codable, Sendable, Equatable {
  /// `container`, `image`, `network`, `volume`, `daemon` …
  public var type: String?
  /// `start`, `die`, `health_status: healthy`, `oom` …
  public var action: String?
  /// The object the event is about.
  public var actor: Actor?
  /// Seconds since 1970.
  public var time: Int64?
  /// Nanoseconds since 1970.
  public var timeNano: Int64?

  enum CodingKeys: String, CodingKey {
    case type = "Type", action = "Action", actor = "Actor", time, timeNano
  }

  /// The object the event is about.
  public struct Actor: Codable, Sendable, Equatable {
    /// The object's ID (a container's full ID).
    public var id: String?
    /// Labels of the container plus `name`, `image`, `exitCode` …
    public var attributes: [String: String]?

    enum CodingKeys: String, CodingKey {
      case id = "ID", attributes = "Attributes"
    }
  }

  /// Makes an event (tests and fakes).
  public init(
    type: String?, action: String?, actorID: String?, attributes: [String: String]? = nil,
    time: Int64? = nil, timeNano: Int64? = nil
  ) {
    self.type = type
    self.action = action
    self.actor = Actor(id: actorID, attributes: attributes)
    self.time = time
    self.timeNano = timeNano
  }
}
