@testable import DockerEngine
import Foundation
@testable import Monitor
import Testing

/// Cpusets are counted from their ranges, within the CPUs Linux can have; user intervals have a floor.
struct CpusetAndIntervalTests {
  @Test(arguments: [
    ("0-1,3", 3), ("0", 1), ("0-3,2-5", 6), ("1,1", 1), ("4-7,0-1", 6), ("0-65535", 65_536), (" 2 - 3 ", 2),
  ])
  func cpusetsAreCounted(cpuset: String, count: Int) {
    #expect(UsageCalculator.cpusetSize(cpuset) == count)
  }

  /// `0-4294967295` used to make a set of four billion CPUs (and take the machine's memory).
  @Test(arguments: ["0-4294967295", "0-65536", "65536", "-1", "1-", "0-9223372036854775807", "1,,2", "0-1-2", "3-1", "a-b", ""])
  func cpusetsOutsideTheBoundAreRefused(cpuset: String) {
    #expect(UsageCalculator.cpusetSize(cpuset) == nil)
  }

  /// A limit given only by a cpuset Berth cannot count is unknown (NaN, shown `?`), not "unlimited".
  @Test func anUncountableCpusetIsAnUnknownLimit() throws {
    let cores = try #require(UsageCalculator.cpuLimitCores(nanoCPUs: 0, quota: 0, period: 0, cpuset: "0-4294967295"))
    #expect(cores.isNaN)
    #expect(UsageCalculator.cpuLimitCores(nanoCPUs: 0, quota: 0, period: 0, cpuset: " ") == nil)
  }

  /// The parser `--interval` uses (berth's `parseInterval` calls exactly this).
  @Test func intervalsBelowHalfASecondAreRefused() throws {
    #expect(throws: DurationText.ParseError(message: "'0.1s' is too short: at least 500ms.")) {
      try Monitor.Configuration.interval(parsing: "0.1s")
    }
    #expect(throws: DurationText.ParseError(message: "'499ms' is too short: at least 500ms.")) {
      try Monitor.Configuration.interval(parsing: "499ms")
    }
    #expect(try Monitor.Configuration.interval(parsing: "0.5s") == .milliseconds(500))
    #expect(try Monitor.Configuration.interval(parsing: "2") == .seconds(2))
    #expect(throws: DurationText.ParseError.self) { try Monitor.Configuration.interval(parsing: "inf") }
  }

  /// An inspect reply with absurd limits and counters decodes into a snapshot without trapping.
  @Test func absurdInspectFiguresDecodeWithoutTrapping() throws {
    let json = """
      {"Id":"abc","Name":"/x","RestartCount":9223372036854775807,
       "State":{"Status":"running","Pid":9223372036854775807,"ExitCode":-9223372036854775808},
       "HostConfig":{"Memory":9223372036854775807,"NanoCpus":0,"CpuQuota":-9223372036854775808,
                     "CpuPeriod":-1,"CpusetCpus":"0-4294967295","PidsLimit":9223372036854775807}}
      """
    let details = try JSONDecoder().decode(ContainerDetails.self, from: Data(json.utf8))
    let snapshot = ContainerSnapshot(details: details)
    #expect(snapshot.limits.cpuCores?.isNaN == true)
    #expect(snapshot.limits.memoryBytes == UInt64(Int64.max))
    #expect(snapshot.restartCount == Int.max)
    // A number beyond the field's type is a decoding error (the reply is refused), not a trap.
    let tooLarge = #"{"Id":"abc","RestartCount":18446744073709551615}"#
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(ContainerDetails.self, from: Data(tooLarge.utf8)) }
  }

  /// Stats with 2^64−1 counters give usage (CPU % finite, memory as sent), never a trap.
  @Test func absurdStatsGiveFiniteUsage() throws {
    let max = UInt64.max
    let before = try StatsParser.parse(
      Array(
        #"{"read":"2026-11-29T04:45:31Z","cpu_stats":{"cpu_usage":{"total_usage":0},"system_cpu_usage":0,"online_cpus":9223372036854775807,"throttling_data":{"periods":0,"throttled_periods":0,"throttled_time":0}},"memory_stats":{"usage":1}}"#
          .utf8))
    let now = try StatsParser.parse(
      Array(
        #"{"read":"2026-11-29T04:45:33Z","cpu_stats":{"cpu_usage":{"total_usage":\#(max)},"system_cpu_usage":1,"online_cpus":9223372036854775807,"throttling_data":{"periods":\#(max),"throttled_periods":\#(max),"throttled_time":\#(max)}},"memory_stats":{"usage":\#(max),"stats":{"inactive_file":0}},"pids_stats":{"current":\#(max)}}"#
          .utf8))
    let usage = try #require(UsageCalculator.usage(current: now, previous: before, cpuLimitCores: 1e-9))
    #expect(usage.cpuPercent.isFinite && usage.cpuPercent > 1e30)
    #expect(usage.memoryBytes == max && usage.pids == max)
    #expect(usage.cpuThrottledPercent == 100)
  }
}
