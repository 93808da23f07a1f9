@testable import DockerEngine
import Testing

/// The one grammar of durations users type (`--interval`, `--since`, the logs pane's prompt).
struct DurationTextTests {
  static let accepted: [(String, Duration)] = [
    ("500ms", .milliseconds(500)), ("2s", .seconds(2)), ("1.5s", .milliseconds(1500)), ("90", .seconds(90)),
    ("1.5", .milliseconds(1500)), ("5m", .seconds(300)), ("1.5m", .seconds(90)), ("2h", .seconds(7200)),
    ("1d", .seconds(86_400)), (" 30s ", .seconds(30)), ("2S", .seconds(2)), ("10MS", .milliseconds(10)),
    ("0.000000001s", .nanoseconds(1)), ("1.0000000019s", .nanoseconds(1_000_000_001)),
    ("106751d", .seconds(106_751 * 86_400)), ("0.5ms", .microseconds(500)),
  ]

  @Test(arguments: accepted)
  func accepts(text: String, expected: Duration) throws {
    #expect(try DurationText.parse(text) == expected)
  }

  static let notADuration =
    "is not a duration: use a number and a unit ms, s, m, h or d, e.g. 500ms, 2s, 1.5m, 2h, 1d (a bare number is seconds)."

  static let refused: [(String, String)] = [
    ("", "A duration is needed: a number and a unit ms, s, m, h or d, e.g. 500ms, 2s, 1.5m, 2h, 1d (a bare number is seconds)."),
    ("   ", "A duration is needed: a number and a unit ms, s, m, h or d, e.g. 500ms, 2s, 1.5m, 2h, 1d (a bare number is seconds)."),
    ("inf", "'inf' \(notADuration)"), ("nan", "'nan' \(notADuration)"), ("infs", "'infs' \(notADuration)"),
    ("1e20s", "'1e20s' \(notADuration)"), ("1e3", "'1e3' \(notADuration)"), ("-5s", "'-5s' \(notADuration)"),
    ("+5s", "'+5s' \(notADuration)"), ("5 m", "'5 m' \(notADuration)"), ("5 minutes", "'5 minutes' \(notADuration)"),
    ("5w", "'5w' \(notADuration)"), ("s", "'s' \(notADuration)"), (".5s", "'.5s' \(notADuration)"),
    ("5.s", "'5.s' \(notADuration)"), ("1.2.3s", "'1.2.3s' \(notADuration)"), ("0x10s", "'0x10s' \(notADuration)"),
    ("1m30s", "'1m30s' \(notADuration)"), ("١s", "'١s' \(notADuration)"),
    (
      "0",
      "'0' is no time: a duration is more than zero, a number and a unit ms, s, m, h or d, e.g. 500ms, 2s, 1.5m, 2h, 1d (a bare number is seconds)."
    ),
    (
      "0.0000000001s",
      "'0.0000000001s' is no time: a duration is more than zero, a number and a unit ms, s, m, h or d, e.g. 500ms, 2s, 1.5m, 2h, 1d (a bare number is seconds)."
    ),
    ("106752d", "'106752d' is too long: at most 106751d (about 292 years)."),
    ("9223372037s", "'9223372037s' is too long: at most 106751d (about 292 years)."),
    ("18446744073709551616", "'18446744073709551616' is too long: at most 106751d (about 292 years)."),
    (String(repeating: "9", count: 100) + "s", "'\(String(repeating: "9", count: 40))…' is too long: at most 106751d (about 292 years)."),
  ]

  @Test(arguments: refused)
  func refuses(text: String, message: String) {
    #expect(throws: DurationText.ParseError(message: message)) { try DurationText.parse(text) }
  }

  @Test func aMinimumRefusesShorterDurations() throws {
    #expect(throws: DurationText.ParseError(message: "'0.1s' is too short: at least 500ms.")) {
      try DurationText.parse("0.1s", minimum: .milliseconds(500))
    }
    #expect(try DurationText.parse("0.5s", minimum: .milliseconds(500)) == .milliseconds(500))
  }

  @Test(arguments: [
    (Duration.seconds(86_400), "1d"), (.seconds(7200), "2h"), (.seconds(300), "5m"), (.seconds(90), "90s"),
    (.milliseconds(500), "500ms"), (.milliseconds(1500), "1.5s"), (.nanoseconds(1), "0.000000001s"),
    (.zero, "0s"), (.seconds(-5), "0s"),
  ])
  func describes(duration: Duration, text: String) {
    #expect(DurationText.describe(duration) == text)
  }

  /// What `describe` writes, `parse` reads back: the status line and the prompt speak one language.
  @Test func describeAndParseRoundTrip() throws {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<2000 {
      let duration = Duration.nanoseconds(
        max(1, Int64.random(in: 1...Int64.max, using: &generator) >> Int64.random(in: 0...62, using: &generator)))
      #expect(try DurationText.parse(DurationText.describe(duration)) == duration)
    }
  }
}
