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

  /// 2^64−1 ticks, or ticks whose nanoseconds pass 2^64, are no reading (they used to wrap).
  @Test func hostCPUBeyondSixtyFourBitsIsNoReading() throws {
    #expect(HostCPU.parse(procStat: "cpu  18446744073709551615 1 0 0 0 0 0\n", clockTicksPerSecond: 100, onlineCPUs: 2) == nil)
    #expect(HostCPU.parse(procStat: "cpu  1844674407370955162 0 0 0 0 0 0\n", clockTicksPerSecond: 100, onlineCPUs: 2) == nil)
    // Past the point where ticks × 10^9 overflows, the division comes first and the result is exact.
    let big = try #require(HostCPU.parse(procStat: "cpu  184467440737 0 0 0 0 0 0\n", clockTicksPerSecond: 100, onlineCPUs: 2))
    #expect(big.systemUsage == 1_844_674_407_370_000_000)
    #expect(HostCPU.parse(procStat: "cpu  1 0 0 0 0 0 0\n", clockTicksPerSecond: 0, onlineCPUs: 2) == nil)
  }

  /// cgroup v2 counts microseconds: a count whose nanoseconds pass 2^64 is no sample (it used to wrap).
  @Test func v2MicrosecondsBeyondSixtyFourBitsOfNanosecondsAreNoSample() throws {
    let root = try CgroupTests.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let directory = "system.slice/docker-\(CgroupTests.id).scope"
    try CgroupTests.write(root, "\(directory)/memory.current", "52428800\n")
    try CgroupTests.write(root, "\(directory)/memory.stat", "inactive_file 8388608\n")
    let layout = try #require(CgroupLayout(mountinfo: "35 24 0:30 / \(root) rw - cgroup2 cgroup2 rw\n"))
    let cgroup = try #require(layout.cgroup(processCgroups: "0::/\(directory)\n", containerID: CgroupTests.id))
    let host = HostCPU(systemUsage: 10, onlineCPUs: 4)
    try CgroupTests.write(root, "\(directory)/cpu.stat", "usage_usec 18446744073709552\n")
    #expect(cgroup.sample(host: host, read: "") == nil)
    try CgroupTests.write(root, "\(directory)/cpu.stat", "usage_usec 5\nthrottled_usec 18446744073709552\n")
    #expect(cgroup.sample(host: host, read: "") == nil)
    try CgroupTests.write(root, "\(directory)/cpu.stat", "usage_usec 18446744073709551\n")
    #expect(cgroup.sample(host: host, read: "")?.cpu?.usage?.total == 18_446_744_073_709_551_000)
  }
}
