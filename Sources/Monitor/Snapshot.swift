// Monitor: keeps an up-to-date picture of every container on one engine (list + inspect,
// /events, concurrent stats samples) and publishes immutable snapshots. Depends on
// DockerEngine and swift-collections; never draws, sorts for display or holds UI state.
import DockerEngine
import FoundationEssentials

/// A container's lifecycle state as the engine reports it.
public enum ContainerState: String, Sendable, Codable, CaseIterable {
  /// The engine's words (`State.Status`); `unknown` for any other.
  case created, running, paused, restarting, removing, exited, dead, unknown

  /// Parses the engine's state word; unknown words map to `.unknown`.
  public init(engineValue: String?) {
    self = engineValue.flatMap { ContainerState(rawValue: $0.lowercased()) } ?? .unknown
  }
}

/// Health-check status, ordered from best to worst so `max()` gives the worst.
public enum HealthStatus: String, Sendable, Codable, Comparable, CaseIterable {
  /// No health check is defined.
  case none
  /// The last check passed.
  case healthy
  /// Within the start period, or no check has passed yet.
  case starting
  /// The failing streak reached the retries.
  case unhealthy

  /// Parses the engine's health word; nil/unknown map to `.none`.
  public init(engineValue: String?) {
    self = engineValue.flatMap { HealthStatus(rawValue: $0.lowercased()) } ?? .none
  }

  private var rank: Int {
    switch self {
    case .none: 0
    case .healthy: 1
    case .starting: 2
    case .unhealthy: 3
    }
  }

  /// Orders by severity: none < healthy < starting < unhealthy, so `max` is the worst.
  public static func < (lhs: HealthStatus, rhs: HealthStatus) -> Bool { lhs.rank < rhs.rank }
}

/// Compose identity of a container, from its `com.docker.compose.*` labels.
public struct ComposeIdentity: Sendable, Equatable, Hashable {
  /// `com.docker.compose.project`.
  public var project: String
  /// `com.docker.compose.service`.
  public var service: String
  /// `com.docker.compose.container-number`, when present.
  public var number: Int?
  /// `com.docker.compose.oneoff == True`: a `compose run` container, not a replica.
  public var isOneOff: Bool

  /// Makes an identity.
  public init(project: String, service: String, number: Int? = nil, isOneOff: Bool = false) {
    self.project = project
    self.service = service
    self.number = number
    self.isOneOff = isOneOff
  }

  /// Reads the compose labels; nil when the project or service label is missing.
  public init?(labels: [String: String]) {
    guard let project = labels["com.docker.compose.project"], !project.isEmpty,
      let service = labels["com.docker.compose.service"], !service.isEmpty
    else { return nil }
    self.init(
      project: project, service: service,
      number: labels["com.docker.compose.container-number"].flatMap { Int($0) },
      isOneOff: labels["com.docker.compose.oneoff"]?.lowercased() == "true")
  }
}

/// Resource limits of a container, from `HostConfig`. A nil limit is unlimited.
public struct ResourceLimits: Sendable, Equatable {
  /// Memory limit in bytes.
  public var memoryBytes: UInt64?
  /// CPU limit in cores: NanoCpus, else CpuQuota/CpuPeriod, else the cpuset size.
  public var cpuCores: Double?
  /// The cpuset, e.g. `0-1`.
  public var cpuset: String?
  /// CFS quota in microseconds when set directly.
  public var cpuQuota: Int64?
  /// CFS period in microseconds when set.
  public var cpuPeriod: Int64?
  /// Maximum processes.
  public var pids: Int64?
  /// `no`, `always`, `unless-stopped` or `on-failure`.
  public var restartPolicy: String
  /// `on-failure:N`'s N, when set.
  public var maximumRetryCount: Int?

  /// Makes limits (all unlimited by default).
  public init(
    memoryBytes: UInt64? = nil, cpuCores: Double? = nil, cpuset: String? = nil,
    cpuQuota: Int64? = nil, cpuPeriod: Int64? = nil, pids: Int64? = nil,
    restartPolicy: String = "no", maximumRetryCount: Int? = nil
  ) {
    self.memoryBytes = memoryBytes
    self.cpuCores = cpuCores
    self.cpuset = cpuset
    self.cpuQuota = cpuQuota
    self.cpuPeriod = cpuPeriod
    self.pids = pids
    self.restartPolicy = restartPolicy
    self.maximumRetryCount = maximumRetryCount
  }
}

/// Resource usage computed from two stats samples with the `docker stats` formulas.
public struct ResourceUsage: Sendable, Equatable {
  /// CPU % of the host as `docker stats` shows it (100 % = one core).
  public var cpuPercent: Double
  /// CPU % of the container's own limit (nil when unlimited).
  public var cpuPercentOfLimit: Double?
  /// Share of CFS periods in which the container was throttled over the interval, in %.
  public var cpuThrottledPercent: Double?
  /// Throttled time over the interval, in seconds per second.
  public var cpuThrottledTimeRate: Double?
  /// Memory usage minus inactive page cache, as `docker stats`.
  public var memoryBytes: UInt64
  /// Processes and threads.
  public var pids: UInt64?
  /// Where the figures were read.
  public var origin: UsageOrigin

  /// Makes a usage record.
  public init(
    cpuPercent: Double, cpuPercentOfLimit: Double? = nil, cpuThrottledPercent: Double? = nil,
    cpuThrottledTimeRate: Double? = nil, memoryBytes: UInt64, pids: UInt64? = nil, origin: UsageOrigin = .engine
  ) {
    self.cpuPercent = cpuPercent
    self.cpuPercentOfLimit = cpuPercentOfLimit
    self.cpuThrottledPercent = cpuThrottledPercent
    self.cpuThrottledTimeRate = cpuThrottledTimeRate
    self.memoryBytes = memoryBytes
    self.pids = pids
    self.origin = origin
  }
}

/// Where a container's figures were read: the engine's stats endpoint, or the container's
/// cgroup files on this machine (the same kernel counters the engine reads).
public enum UsageOrigin: Sendable, Equatable {
  /// `GET /containers/{id}/stats`.
  case engine
  /// The container's cgroup files on this machine, of this hierarchy.
  case cgroup(CgroupVersion)
}

/// Where the monitor reads container stats.
public enum StatsSource: String, Sendable, CaseIterable {
  /// From a container's cgroup when the engine runs on this machine and the cgroup is
  /// readable; from the engine otherwise.
  case automatic = "auto"
  /// Always from the engine (`GET /containers/{id}/stats`).
  case engine
}

/// Recent CPU and memory values of one container, oldest first, for sparklines.
public struct UsageHistory: Sendable, Equatable {
  /// CPU % of the host per sample.
  public var cpuPercent: [Double]
  /// Memory bytes per sample.
  public var memoryBytes: [UInt64]

  /// Makes a history.
  public init(cpuPercent: [Double] = [], memoryBytes: [UInt64] = []) {
    self.cpuPercent = cpuPercent
    self.memoryBytes = memoryBytes
  }
}

/// Everything Berth knows about one container at one moment.
public struct ContainerSnapshot: Sendable, Equatable, Identifiable {
  /// Full container ID.
  public var id: String
  /// Name without the leading slash.
  public var name: String
  /// Image as the user named it.
  public var image: String
  /// Command line (entrypoint and arguments).
  public var command: String
  /// Creation time.
  public var createdAt: Date?
  /// All labels.
  public var labels: [String: String]
  /// Compose identity, nil for standalone containers.
  public var compose: ComposeIdentity?
  /// Lifecycle state.
  public var state: ContainerState
  /// Human status, e.g. `Up 3 minutes (healthy)`.
  public var status: String
  /// Health-check state; `.none` without a health check.
  public var health: HealthStatus
  /// Output of the last health check, trimmed.
  public var lastHealthOutput: String?
  /// Consecutive failed health checks.
  public var healthFailingStreak: Int?
  /// When the current or last run started; nil if it never ran.
  public var startedAt: Date?
  /// When the last run ended; nil if none has.
  public var finishedAt: Date?
  /// Restarts done by the engine under the restart policy.
  public var restartCount: Int
  /// Whether the OOM killer ended the last run.
  public var wasOOMKilled: Bool
  /// OOM events seen while Berth watched.
  public var oomKillCount: Int
  /// Exit code of the last run (meaningful when not running).
  public var exitCode: Int?
  /// Memory, CPU and pids limits and the restart policy.
  public var limits: ResourceLimits
  /// Whether the container has a TTY (raw logs).
  public var hasTTY: Bool
  /// `NAME=value` environment (untrusted; mask secrets before showing).
  public var environment: [String]
  /// Latest usage; nil until two samples exist or when not running.
  public var usage: ResourceUsage?
  /// Recent usage for sparklines.
  public var history: UsageHistory

  /// Makes a snapshot; defaults describe a created, never-started container.
  public init(
    id: String, name: String, image: String = "", command: String = "", createdAt: Date? = nil,
    labels: [String: String] = [:], state: ContainerState = .created, status: String = "",
    health: HealthStatus = .none, lastHealthOutput: String? = nil, healthFailingStreak: Int? = nil,
    startedAt: Date? = nil, finishedAt: Date? = nil, restartCount: Int = 0, wasOOMKilled: Bool = false,
    oomKillCount: Int = 0, exitCode: Int? = nil, limits: ResourceLimits = ResourceLimits(),
    hasTTY: Bool = false, environment: [String] = [], usage: ResourceUsage? = nil,
    history: UsageHistory = UsageHistory()
  ) {
    self.id = id
    self.name = name
    self.image = image
    self.command = command
    self.createdAt = createdAt
    self.labels = labels
    self.compose = ComposeIdentity(labels: labels)
    self.state = state
    self.status = status
    self.health = health
    self.lastHealthOutput = lastHealthOutput
    self.healthFailingStreak = healthFailingStreak
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.restartCount = restartCount
    self.wasOOMKilled = wasOOMKilled
    self.oomKillCount = oomKillCount
    self.exitCode = exitCode
    self.limits = limits
    self.hasTTY = hasTTY
    self.environment = environment
    self.usage = usage
    self.history = history
  }

  /// Whether the container is running (or paused: its processes still exist).
  public var isRunning: Bool { state == .running || state == .paused || state == .restarting }
}

/// What the engine is, as shown in the header and the snapshot JSON.
public struct EngineSummary: Sendable, Equatable {
  /// The endpoint, e.g. `unix:///var/run/docker.sock`.
  public var host: String
  /// Engine release.
  public var version: String
  /// API version in use.
  public var apiVersion: String
  /// Host CPUs.
  public var cpuCount: Int
  /// Host memory in bytes.
  public var memoryTotalBytes: UInt64

  /// Makes a summary.
  public init(host: String, version: String, apiVersion: String, cpuCount: Int, memoryTotalBytes: UInt64) {
    self.host = host
    self.version = version
    self.apiVersion = apiVersion
    self.cpuCount = cpuCount
    self.memoryTotalBytes = memoryTotalBytes
  }
}

/// Whether the monitor is in touch with the engine.
public enum ConnectionState: Sendable, Equatable {
  /// Not yet connected.
  case connecting
  /// Connected: events followed, stats sampled.
  case connected
  /// Lost; retrying after the given error message.
  case disconnected(reason: String, retryingIn: Duration)
}

/// An immutable picture of one engine at one moment; the UI reads only these.
public struct EngineSnapshot: Sendable, Equatable {
  /// The engine, nil until first contact.
  public var engine: EngineSummary?
  /// When the picture was taken.
  public var takenAt: Date
  /// Every container, in no particular order.
  public var containers: [ContainerSnapshot]
  /// Whether the monitor is connected to the engine.
  public var connection: ConnectionState
  /// Stats rounds completed so far; snapshots published between rounds (after events) share it.
  public var sampleRound: Int
  /// Listed containers whose details could not be read at the last attempt, sorted by name. One
  /// may also be in `containers`, from the list alone or from an older inspect; see `readableContainers`.
  public var unreadable: [UnreadableContainer]

  /// Makes a snapshot.
  public init(
    engine: EngineSummary?, takenAt: Date, containers: [ContainerSnapshot],
    connection: ConnectionState = .connected, sampleRound: Int = 0, unreadable: [UnreadableContainer] = []
  ) {
    self.engine = engine
    self.takenAt = takenAt
    self.containers = containers
    self.connection = connection
    self.sampleRound = sampleRound
    self.unreadable = unreadable
  }

  /// The containers whose details were read, i.e. all but the `unreadable` ones (whose limits,
  /// health and state are unknown or stale): what `berth snapshot` reports figures for. O(n).
  public var readableContainers: [ContainerSnapshot] {
    guard !unreadable.isEmpty else { return containers }
    let ids = Set(unreadable.map(\.id))
    return containers.filter { !ids.contains($0.id) }
  }
}

/// A listed container whose inspect failed: Berth knows it exists but not its details.
public struct UnreadableContainer: Sendable, Equatable, Identifiable {
  /// Full container ID.
  public var id: String
  /// Name without the leading slash, from the container list (untrusted).
  public var name: String
  /// Why it could not be read: the error, quoting the engine (untrusted).
  public var reason: String

  /// Makes a record of a container that could not be read.
  public init(id: String, name: String, reason: String) {
    self.id = id
    self.name = name
    self.reason = reason
  }
}
