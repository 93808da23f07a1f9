// Numbers from an engine, the kernel or a user may be absurd (2^64−1, NaN, infinity, a negative
// count). Swift traps on integer overflow and on `Int(someDouble)` of a value out of range, and a
// trap ends the dashboard. Every conversion or sum of such a number goes through here instead: it
// gives nil (shown as `?`, written as JSON null) or saturates, never traps.

/// Overflow-checked conversions and sums of untrusted numbers.
public enum Checked {
  /// The largest count (bytes, pids, nanoseconds) Berth takes as real: `Int64.max`. The kernel's
  /// counters are signed 64-bit or capped below it (a cgroup's "no limit" is 2^63 − 4096); a figure
  /// above is an engine's garbage or a sum that overflowed, and is shown as `?`.
  public static let largestCount = UInt64(Int64.max)

  /// Whether `count` is a figure Berth shows (at most `largestCount`).
  public static func isPlausible(_ count: UInt64) -> Bool { count <= largestCount }

  /// `count` when plausible, else nil.
  public static func plausible(_ count: UInt64?) -> UInt64? {
    count.flatMap { isPlausible($0) ? $0 : nil }
  }

  /// `value` rounded to an integer; nil when it is NaN, infinite or beyond `Int`.
  public static func int(_ value: Double, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Int? {
    let rounded = value.rounded(rule)
    // Int(exactly:) is nil for NaN, ±inf and anything out of range, where Int(_:) traps.
    return Int(exactly: rounded)
  }

  /// `value` as an `Int`; nil when it does not fit.
  public static func int<T: BinaryInteger>(_ value: T) -> Int? { Int(exactly: value) }

  /// The sum of `values`, nil on overflow.
  public static func sum<T: FixedWidthInteger>(_ values: some Sequence<T>) -> T? {
    var total = T.zero
    for value in values {
      let (next, overflow) = total.addingReportingOverflow(value)
      if overflow { return nil }
      total = next
    }
    return total
  }

  /// The sum of `values`, `T.max` (or `T.min`) when it overflows: for counters that only grow and
  /// whose overflowed total is shown as implausible, not as a small wrapped number.
  public static func saturatingSum<T: FixedWidthInteger>(_ values: some Sequence<T>) -> T {
    var total = T.zero
    for value in values {
      let (next, overflow) = total.addingReportingOverflow(value)
      if overflow { return value < 0 ? T.min : T.max }
      total = next
    }
    return total
  }

  /// `lhs × rhs`, nil on overflow.
  public static func product<T: FixedWidthInteger>(_ lhs: T, _ rhs: T) -> T? {
    let (result, overflow) = lhs.multipliedReportingOverflow(by: rhs)
    return overflow ? nil : result
  }

  /// `ticks` of `1/perSecond` s in nanoseconds (ticks × 10^9 / perSecond) without the intermediate
  /// product overflowing; nil when the result does not fit or `perSecond` is zero.
  public static func nanoseconds(ticks: UInt64, perSecond: UInt64) -> UInt64? {
    guard perSecond > 0 else { return nil }
    let (whole, rest) = ticks.quotientAndRemainder(dividingBy: perSecond)
    // rest < perSecond, so rest × 10^9 overflows only for a clock faster than 18 GHz.
    guard let seconds = product(whole, 1_000_000_000), let fraction = product(rest, 1_000_000_000) else { return nil }
    let (total, overflow) = seconds.addingReportingOverflow(fraction / perSecond)
    return overflow ? nil : total
  }
}
