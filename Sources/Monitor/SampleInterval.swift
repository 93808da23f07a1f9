import DockerEngine

extension Monitor.Configuration {
  /// The shortest time between stats samples a user may ask for: every round samples every
  /// running container, and faster rounds would keep the engine (and Berth) busy for nothing.
  public static let minimumInterval = Duration.milliseconds(500)

  /// Reads an interval typed by a user (`--interval`): `DurationText`'s grammar, at least
  /// `minimumInterval`; the error says what is accepted.
  public static func interval(parsing text: String) throws(DurationText.ParseError) -> Duration {
    try DurationText.parse(text, minimum: minimumInterval)
  }
}
