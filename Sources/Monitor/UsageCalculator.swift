import FoundationEssentials
import DockerEngine

/// Computes `ResourceUsage` from two stats samples with the formulas `docker stats` uses.
public enum UsageCalculator {
  /// CPU % of the host: Δcontainer / Δsystem × online CPUs × 100 (100 % = one core).
  ///
  /// `previous` is the earlier sample (Berth's own, since one-shot samples carry no
  /// `precpu_stats`); when nil, the sample's own `precpu_stats` is used.
  public static func cpuPercent(current: StatsSample, previous: StatsSample?) -> Double? {
    let before = previous?.cpu ?? current.previousCPU
    guard let now = current.cpu, let before,
      let total = now.usage?.total, let totalBefore = before.usage?.total,
      let system = now.systemUsage, let systemBefore = before.systemUsage,
      system > systemBefore, total >= totalBefore
    else { return nil }
    let cpus = Double(now.onlineCPUs ?? now.usage?.perCPU?.count ?? 1)
    return Double(total - totalBefore) / Double(system - systemBefore) * max(cpus, 1) * 100
  }

  /// Memory as `docker stats` shows it: usage minus inactive page cache
  /// (`total_inactive_file` on cgroup v1, `inactive_file` on v2).
  public static func memoryBytes(_ memory: StatsSample.MemoryStats?) -> UInt64? {
    guard let memory, let usage = memory.usage else { return nil }
    let stats = memory.stats ?? [:]
    // v1 reports both keys; total_inactive_file is the hierarchical one docker uses there.
    let inactive = stats["total_inactive_file"] ?? stats["inactive_file"] ?? 0
    return inactive < usage ? usage - inactive : usage
  }

  /// The CPU limit in cores: NanoCpus, else CpuQuota/CpuPeriod, else the cpuset's size.
  /// NaN (shown as `?`) when only a cpuset is set and Berth cannot count it.
  public static func cpuLimitCores(nanoCPUs: Int64?, quota: Int64?, period: Int64?, cpuset: String?) -> Double? {
    if let nanoCPUs, nanoCPUs > 0 { return Double(nanoCPUs) / 1e9 }
    if let quota, quota > 0 {
      let period = (period ?? 0) > 0 ? period! : 100_000
      return Double(quota) / Double(period)
    }
    if let cpuset, !cpuset.trimmingWhitespace().isEmpty {
      return cpusetSize(cpuset).map(Double.init) ?? .nan
    }
    return nil
  }

  /// CPU numbers a cpuset may name: Linux allows at most 8192 CPUs (`CONFIG_NR_CPUS`); this
  /// leaves room for growth and refuses `0-4294967295`.
  public static let cpusetCPUs = 0..<65_536

  /// Number of CPUs in a cpuset list such as `0-2,4`; nil when unparsable, empty, or naming a
  /// CPU outside `cpusetCPUs`. Counted from the ranges, without a set of CPUs.
  public static func cpusetSize(_ cpuset: String) -> Int? {
    let trimmed = cpuset.trimmingWhitespace()
    guard !trimmed.isEmpty else { return nil }
    var ranges: [ClosedRange<Int>] = []
    for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
      let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingWhitespace()) }
      guard (1...2).contains(bounds.count), let low = bounds[0], let high = bounds[bounds.count - 1], low <= high,
        cpusetCPUs.contains(low), cpusetCPUs.contains(high)
      else { return nil }
      ranges.append(low...high)
    }
    // Overlapping ranges (`0-3,2-5`) count once: merge them in order.
    var count = 0
    var covered = -1  // highest CPU counted so far
    for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where range.upperBound > covered {
      count += range.upperBound - max(range.lowerBound, covered + 1) + 1
      covered = range.upperBound
    }
    return count
  }

  /// Usage between two samples of a container whose CPU limit is `cpuLimitCores`.
  public static func usage(current: StatsSample, previous: StatsSample?, cpuLimitCores: Double?) -> ResourceUsage? {
    guard let cpu = cpuPercent(current: current, previous: previous), let memory = memoryBytes(current.memory) else {
      return nil
    }
    var throttledPercent: Double?
    var throttledRate: Double?
    if let now = current.cpu?.throttling, let before = (previous?.cpu ?? current.previousCPU)?.throttling,
      let periods = now.periods, let periodsBefore = before.periods, periods > periodsBefore,
      let throttled = now.throttledPeriods, let throttledBefore = before.throttledPeriods, throttled >= throttledBefore
    {
      throttledPercent = Double(throttled - throttledBefore) / Double(periods - periodsBefore) * 100
      if let time = now.throttledTime, let timeBefore = before.throttledTime, time >= timeBefore,
        let readNow = current.read.flatMap(EngineTime.parse),
        let readBefore = (previous?.read ?? current.preread).flatMap(EngineTime.parse),
        readNow > readBefore
      {
        throttledRate = Double(time - timeBefore) / 1e9 / readNow.timeIntervalSince(readBefore)
      }
    } else if current.cpu?.throttling != nil {
      throttledPercent = 0
    }
    return ResourceUsage(
      cpuPercent: cpu,
      cpuPercentOfLimit: cpuLimitCores.map { cpu / $0 },
      cpuThrottledPercent: throttledPercent,
      cpuThrottledTimeRate: throttledRate,
      memoryBytes: memory,
      pids: current.pids?.current)
  }
}
