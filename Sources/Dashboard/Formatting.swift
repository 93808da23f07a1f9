// Locale-independent number and date formatting shared by the table, the JSON document and the UI.
import DockerEngine
import FoundationEssentials
import Glibc

/// Pure formatters for bytes, percentages, cores and RFC 3339 dates; never locale-dependent.
///
/// A figure that is not one (NaN, infinity, beyond `Int`, a count above `Checked.largestCount`)
/// reads `?`: engines send absurd numbers, and a formatter must not trap on them.
public enum Formatting {
  /// What an absurd or unreadable figure reads.
  public static let unknown = "?"

  private static let byteUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]

  /// Binary units like `docker stats`, one decimal without a trailing `.0`: `512B`, `41.2MiB`, `1.5GiB`.
  public static func bytes(_ count: UInt64) -> String {
    guard Checked.isPlausible(count) else { return unknown }
    if count < 1024 { return "\(count)B" }
    var unit = 0
    var value = Double(count)
    while value >= 1024, unit < byteUnits.count - 1 {
      value /= 1024
      unit += 1
    }
    var tenths = Int((value * 10).rounded(.toNearestOrAwayFromZero))
    if tenths >= 10240, unit < byteUnits.count - 1 {
      unit += 1
      tenths = Int((value / 1024 * 10).rounded(.toNearestOrAwayFromZero))
    }
    return decimal(tenths, scale: 10) + byteUnits[unit]
  }

  /// A percentage with one decimal: `24.3%`; `?` when not a figure.
  public static func percent(_ value: Double) -> String {
    guard let tenths = Checked.int(value * 10) else { return unknown }
    return fixed(tenths, digits: 1) + "%"
  }

  /// CPU cores with up to two decimals and no trailing zeros: `0.75`, `1.5`, `2`.
  public static func cores(_ value: Double) -> String {
    guard let hundredths = Checked.int(value * 100) else { return unknown }
    return decimal(hundredths, scale: 100)
  }

  /// RFC 3339 in UTC: `2024-05-01T12:00:00Z`, with milliseconds only when the date has a fraction.
  public static func rfc3339(_ date: Date) -> String {
    let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
    let hasFraction = milliseconds.truncatingRemainder(dividingBy: 1000) != 0
    return EngineTime.format(Date(timeIntervalSince1970: milliseconds / 1000), fractionDigits: hasFraction ? 3 : 0)
  }

  /// `value` with exactly `digits` decimals, rounded half away from zero: `1.5`, `0.25`; `?` when
  /// not a figure.
  public static func fixed(_ value: Double, digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    guard let units = Checked.int(value * scale) else { return unknown }
    return fixed(units, digits: digits)
  }

  /// Rounds to two decimals, for stable JSON numbers.
  static func roundedToHundredths(_ value: Double) -> Double {
    (value * 100).rounded(.toNearestOrAwayFromZero) / 100
  }

  /// `units / scale` with the fraction's trailing zeros (and a bare point) removed.
  private static func decimal(_ units: Int, scale: Int) -> String {
    let digits = String(scale).count - 1
    var text = fixed(units, digits: digits)
    guard text.contains(".") else { return text }
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }

  /// `units` shifted `digits` places right, always printing `digits` decimals.
  private static func fixed(_ units: Int, digits: Int) -> String {
    let sign = units < 0 ? "-" : ""
    let magnitude = units.magnitude
    var scale: UInt = 1
    for _ in 0..<digits { scale *= 10 }
    let whole = magnitude / scale
    guard digits > 0 else { return sign + String(whole) }
    return sign + String(whole) + "." + padded(Int64(magnitude % scale), digits)
  }

  private static func padded<T: BinaryInteger>(_ value: T, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }
}
