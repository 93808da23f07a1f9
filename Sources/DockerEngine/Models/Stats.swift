import FoundationEssentials

/// One sample of `GET /containers/{id}/stats` (cgroup v1 and v2 shapes).
public struct StatsSample: Codable, Sendable, Equatable {
  /// When the engine read the sample (RFC 3339 with nanoseconds).
  public var read: String?
  /// When it read the previous one (zero time for one-shot samples).
  public var preread: String?
  /// The container's full ID.
  public var id: String?
  /// Name with its leading slash.
  public var name: String?
  /// The CPU reading of this sample.
  public var cpu: CPUStats?
  /// The engine's previous CPU reading; empty in one-shot samples.
  public var previousCPU: CPUStats?
  /// Memory counters.
  public var memory: MemoryStats?
  /// Process counters.
  public var pids: PidsStats?

  enum CodingKeys: String, CodingKey {
    case read, preread, id, name
    case cpu = "cpu_stats", previousCPU = "precpu_stats", memory = "memory_stats", pids = "pids_stats"
  }

  /// Makes an empty sample (filled in by parsers and tests).
  public init() {}

  /// CPU counters (nanoseconds).
  public struct CPUStats: Codable, Sendable, Equatable {
    /// The container's CPU time.
    public var usage: CPUUsage?
    /// Host CPU time of all CPUs; absent on Windows and when the engine could not read it.
    public var systemUsage: UInt64?
    /// CPUs online on the host.
    public var onlineCPUs: Int?
    /// CFS throttling; zero without a CPU quota.
    public var throttling: Throttling?

    enum CodingKeys: String, CodingKey {
      case usage = "cpu_usage", systemUsage = "system_cpu_usage", onlineCPUs = "online_cpus"
      case throttling = "throttling_data"
    }

    /// Makes empty CPU counters.
    public init() {}
  }

  /// Container CPU time.
  public struct CPUUsage: Codable, Sendable, Equatable {
    /// Nanoseconds of CPU time, all CPUs together.
    public var total: UInt64?
    /// Per CPU (cgroup v1 only).
    public var perCPU: [UInt64]?

    enum CodingKeys: String, CodingKey {
      case total = "total_usage", perCPU = "percpu_usage"
    }

    /// Makes empty usage counters.
    public init() {}
  }

  /// CFS throttling counters.
  public struct Throttling: Codable, Sendable, Equatable {
    /// CFS periods in which the container was runnable.
    public var periods: UInt64?
    /// Periods in which it used its whole quota and was held back.
    public var throttledPeriods: UInt64?
    /// Nanoseconds.
    public var throttledTime: UInt64?

    enum CodingKeys: String, CodingKey {
      case periods, throttledPeriods = "throttled_periods", throttledTime = "throttled_time"
    }

    /// Makes empty throttling counters.
    public init() {}
  }

  /// Memory counters (bytes).
  public struct MemoryStats: Codable, Sendable, Equatable {
    /// Memory charged to the cgroup, page cache included.
    public var usage: UInt64?
    /// The highest `usage` seen (cgroup v1 only).
    public var maxUsage: UInt64?
    /// The cgroup's limit; the host's memory when unlimited.
    public var limit: UInt64?
    /// Raw cgroup statistics (`total_inactive_file` on v1, `inactive_file` on v2 …).
    public var stats: [String: UInt64]?
    /// Times the limit was hit (cgroup v1 only).
    public var failcnt: UInt64?

    enum CodingKeys: String, CodingKey {
      case usage, maxUsage = "max_usage", limit, stats, failcnt
    }

    /// Makes memory counters (tests and fakes).
    public init(
      usage: UInt64?, maxUsage: UInt64? = nil, limit: UInt64? = nil, stats: [String: UInt64]? = nil,
      failcnt: UInt64? = nil
    ) {
      self.usage = usage
      self.maxUsage = maxUsage
      self.limit = limit
      self.stats = stats
      self.failcnt = failcnt
    }
  }

  /// Process counters.
  public struct PidsStats: Codable, Sendable, Equatable {
    /// Processes (and threads) in the container now.
    public var current: UInt64?
    /// The most allowed; absent or 0 when unlimited.
    public var limit: UInt64?

    /// Makes empty process counters.
    public init() {}
  }
}
