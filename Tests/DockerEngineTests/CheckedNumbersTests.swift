@testable import DockerEngine
import Foundation
import Testing

/// Absurd engine and kernel numbers become nil (`?`), never a trap.
struct CheckedNumbersTests {
  @Test func conversionsAndSums() {
    #expect(Checked.int(Double.nan) == nil)
    #expect(Checked.int(Double.infinity) == nil)
    #expect(Checked.int(-Double.infinity) == nil)
    #expect(Checked.int(1e19) == nil)
    #expect(Checked.int(2.5) == 3 && Checked.int(2.5, rounding: .towardZero) == 2)
    #expect(Checked.int(UInt64.max) == nil && Checked.int(UInt64(7)) == 7)
    #expect(Checked.sum([UInt64.max, 1]) == nil && Checked.sum([UInt64(1), 2]) == 3)
    #expect(Checked.saturatingSum([UInt64.max, 1]) == UInt64.max)
    #expect(Checked.saturatingSum([Int.max, 1]) == Int.max && Checked.saturatingSum([Int.min, -1]) == Int.min)
    #expect(Checked.product(UInt64.max, 2) == nil)
    #expect(Checked.plausible(UInt64.max) == nil && Checked.plausible(UInt64(Int64.max)) == UInt64(Int64.max))
  }

  @Test func onlineCPUsBeyondIntAreUnknown() throws {
    let text = #"{"cpu_stats":{"cpu_usage":{"total_usage":1},"online_cpus":18446744073709551615}}"#
    let sample = try StatsParser.parse(Array(text.utf8))
    #expect(sample.cpu?.usage?.total == 1)
    #expect(sample.cpu?.onlineCPUs == nil)
  }
}
