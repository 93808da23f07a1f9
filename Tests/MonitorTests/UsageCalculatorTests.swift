import BerthTestSupport
import DockerEngine
import Monitor
import Testing

struct UsageCalculatorTests {
  /// Two one-shot samples recorded 2 s apart from a container burning CPU under `--cpus 0.5`.
  let first: StatsSample
  let second: StatsSample

  init() throws {
    first = try Fixtures.decode(StatsSample.self, from: "stats-oneshot-1.json")
    second = try Fixtures.decode(StatsSample.self, from: "stats-oneshot-2.json")
  }

  @Test func cpuPercentIsDockerStatsFormulaWithOnlineCPUs() throws {
    // Δtotal 1 025 593 648 / Δsystem 4 040 000 000 × 2 online CPUs × 100.
    let percent = try #require(UsageCalculator.cpuPercent(current: second, previous: first))
    #expect(abs(percent - 50.771_962_772_277) < 1e-9)
  }

  @Test func oneShotSampleAloneHasNoCPUFigure() {
    #expect(UsageCalculator.cpuPercent(current: first, previous: nil) == nil)
  }

  @Test func samplesWithPrecpuNeedNoPreviousSample() throws {
    let sample = try Fixtures.decode(StatsSample.self, from: "stats-with-precpu.json")
    let percent = try #require(UsageCalculator.cpuPercent(current: sample, previous: nil))
    #expect(percent > 40 && percent < 60)
  }

  @Test func usageCarriesLimitShareAndThrottling() throws {
    let usage = try #require(UsageCalculator.usage(current: second, previous: first, cpuLimitCores: 0.5))
    #expect(abs((usage.cpuPercentOfLimit ?? 0) - 101.543_925_544_554) < 1e-6)
    // 20 more periods, 20 more throttled: 100 %.
    #expect(usage.cpuThrottledPercent == 100)
    // 1.016 s throttled over 2.023 s.
    #expect(abs((usage.cpuThrottledTimeRate ?? 0) - 1_016_237_827 / 1e9 / 2.023_000_946) < 1e-6)
    #expect(usage.memoryBytes == 614_400)
    #expect(usage.pids == second.pids?.current)
  }

  @Test func memorySubtractsInactiveFileOnCgroupV1() {
    let memory = StatsSample.MemoryStats(
      usage: 100_000_000, maxUsage: nil, limit: 9_000_000_000,
      stats: ["total_inactive_file": 30_000_000, "inactive_file": 10_000_000, "cache": 60_000_000], failcnt: nil)
    #expect(UsageCalculator.memoryBytes(memory) == 70_000_000)
  }

  @Test func memorySubtractsInactiveFileButNotCacheOnCgroupV2() {
    // cgroup v2 has no `cache` or `total_*` keys; peers that subtract `cache` get this wrong.
    let memory = StatsSample.MemoryStats(
      usage: 100_000_000, maxUsage: nil, limit: nil,
      stats: ["inactive_file": 25_000_000, "active_file": 5_000_000, "anon": 70_000_000], failcnt: nil)
    #expect(UsageCalculator.memoryBytes(memory) == 75_000_000)
  }

  @Test func memoryNeverUnderflows() {
    let memory = StatsSample.MemoryStats(usage: 10, maxUsage: nil, limit: nil, stats: ["inactive_file": 20], failcnt: nil)
    #expect(UsageCalculator.memoryBytes(memory) == 10)
  }

  @Test(
    arguments: [
      (Int64(500_000_000), Int64(0), Int64(0), "", 0.5),
      (0, 25_000, 0, "", 0.25),
      (0, 150_000, 50_000, "", 3.0),
      (0, 0, 0, "0-1,3", 3.0),
      (0, -1, 0, "2", 1.0),
    ] as [(Int64, Int64, Int64, String, Double)])
  func cpuLimitCores(nano: Int64, quota: Int64, period: Int64, cpuset: String, expected: Double) {
    #expect(UsageCalculator.cpuLimitCores(nanoCPUs: nano, quota: quota, period: period, cpuset: cpuset) == expected)
  }

  @Test func noCPULimitIsUnlimited() {
    #expect(UsageCalculator.cpuLimitCores(nanoCPUs: 0, quota: -1, period: 0, cpuset: "") == nil)
    #expect(UsageCalculator.cpusetSize("a-b") == nil)
    #expect(UsageCalculator.cpusetSize("3-1") == nil)
  }
}

struct HistoryRingTests {
  @Test func keepsOnlyTheNewestValues() {
    var ring = HistoryRing<Int>(capacity: 3)
    for value in 1...5 { ring.append(value) }
    #expect(ring.values == [3, 4, 5])
    #expect(ring.count == 3)
    #expect(ring.last == 5)
  }
}
