/// Durations as users type them: `--interval`, `--since` and the logs pane's since prompt all read
/// this one grammar.
///
/// A duration is a positive decimal number and a unit, with no space between them:
///
///     duration = digits [ "." digits ] [ unit ]
///     unit     = "ms" | "s" | "m" | "h" | "d"      (any letter case)
///
/// A bare number is seconds (`90` is `90s`). Decimals are allowed (`1.5s`, `0.5m`); digits past
/// the ninth decimal are below a nanosecond and ignored. Refused, with a message saying what is
/// accepted: empty text, a sign (`-5s`, `+5s`), an exponent (`1e20s`), `inf`, `nan`, a space
/// inside (`5 m`), other units, zero (`0`, `0.0000000001s`), and anything longer than a signed
/// 64-bit count of nanoseconds (about 292 years). Surrounding spaces are ignored.
public enum DurationText {
  /// Why a text is not a duration, in a sentence for the user.
  public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One sentence naming the text and what is accepted.
    public let message: String

    /// The message, for printing.
    public var description: String { message }
  }

  /// What the grammar accepts, for messages and help.
  public static let accepted = "a number and a unit ms, s, m, h or d, e.g. 500ms, 2s, 1.5m, 2h, 1d (a bare number is seconds)"

  private static let units: [(name: String, nanoseconds: UInt64)] = [
    ("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000), ("d", 86_400_000_000_000),
  ]

  /// Parses `text`; with `minimum`, a shorter duration is refused too.
  public static func parse(_ text: String, minimum: Duration? = nil) throws(ParseError) -> Duration {
    let trimmed = text.trimmingWhitespace()
    guard !trimmed.isEmpty else { throw ParseError(message: "A duration is needed: \(accepted).") }
    let shown = quoted(trimmed)
    let bytes = Array(trimmed.utf8)
    var index = 0
    var whole: UInt64 = 0
    var wholeDigits = 0
    while index < bytes.count, let digit = digit(bytes[index]) {
      // A number that overflows here is far beyond `longest` in any unit.
      guard let times = Checked.product(whole, 10), case (let sum, false) = times.addingReportingOverflow(digit) else {
        throw tooLong(shown)
      }
      whole = sum
      wholeDigits += 1
      index += 1
    }
    var fraction: UInt64 = 0
    var fractionScale: UInt64 = 1
    var fractionDigits = 0
    if wholeDigits > 0, index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      fractionDigits = -1  // a point must be followed by a digit
      while index < bytes.count, let digit = digit(bytes[index]) {
        if fractionScale < 1_000_000_000 {  // nine decimals: nanoseconds of a second
          fraction = fraction * 10 + digit
          fractionScale *= 10
        }
        fractionDigits = max(fractionDigits, 0) + 1
        index += 1
      }
    }
    guard wholeDigits > 0, fractionDigits >= 0 else { throw notADuration(shown) }
    let suffix = String(decoding: bytes[index...], as: UTF8.self).lowercased()
    let unit: UInt64
    if suffix.isEmpty {
      unit = 1_000_000_000
    } else if let match = units.first(where: { $0.name == suffix }) {
      unit = match.nanoseconds
    } else {
      throw notADuration(shown)
    }
    // whole × unit + fraction × unit / scale, each step checked; the fraction's product is
    // computed in full width (it is below `unit`, so the quotient always fits).
    let fractionNanoseconds = fractionScale.dividingFullWidth(fraction.multipliedFullWidth(by: unit)).quotient
    guard let wholeNanoseconds = Checked.product(whole, unit),
      case (let total, false) = wholeNanoseconds.addingReportingOverflow(fractionNanoseconds),
      let nanoseconds = Int64(exactly: total)
    else { throw tooLong(shown) }
    guard nanoseconds > 0 else {
      throw ParseError(message: "\(shown) is no time: a duration is more than zero, \(accepted).")
    }
    let duration = Duration.nanoseconds(nanoseconds)
    if let minimum, duration < minimum {
      throw ParseError(message: "\(shown) is too short: at least \(describe(minimum)).")
    }
    return duration
  }

  /// The shortest text of the grammar for `duration`: `1d`, `2h`, `5m`, `90s`, `500ms`, `1.5s`.
  /// Parsing it gives `duration` back (to the nanosecond); a negative duration reads `0s`.
  public static func describe(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    guard seconds >= 0, attoseconds >= 0, seconds > 0 || attoseconds > 0 else { return "0s" }
    let nanoseconds = attoseconds / 1_000_000_000
    if nanoseconds == 0 {
      for (name, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60)] where seconds % size == 0 {
        return "\(seconds / size)\(name)"
      }
      return "\(seconds)s"
    }
    if seconds == 0, nanoseconds % 1_000_000 == 0 { return "\(nanoseconds / 1_000_000)ms" }
    var decimals = String(nanoseconds)
    decimals = String(repeating: "0", count: 9 - decimals.count) + decimals
    while decimals.hasSuffix("0") { decimals.removeLast() }
    return "\(seconds).\(decimals)s"
  }

  private static func digit(_ byte: UInt8) -> UInt64? {
    (48...57).contains(byte) ? UInt64(byte - 48) : nil
  }

  /// The user's text in quotes, cut to 40 characters (a message never repeats a whole paste).
  private static func quoted(_ text: String) -> String {
    text.count > 40 ? "'\(text.prefix(40))…'" : "'\(text)'"
  }

  private static func notADuration(_ shown: String) -> ParseError {
    ParseError(message: "\(shown) is not a duration: use \(accepted).")
  }

  private static func tooLong(_ shown: String) -> ParseError {
    ParseError(message: "\(shown) is too long: at most 106751d (about 292 years).")
  }
}
