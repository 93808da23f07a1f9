// The JSON contract of `berth snapshot --format json`: snake_case keys, explicit nulls, RFC 3339 UTC dates.
import FoundationEssentials
import Glibc
import Monitor

/// The `berth snapshot --format json` document; every key is always present, unset values are `null`.
///
/// Percentages and cores are rounded to two decimals. Projects, services and standalone containers are
/// sorted by name; a service's containers by compose number, then name.
public struct SnapshotDocument: Encodable, Sendable, Equatable {
  /// The engine, nil before first contact.
  public var engine: Engine?
  /// When the snapshot was taken.
  public var takenAt: Date
  /// Compose projects.
  public var projects: [Project]
  /// Containers without compose labels.
  public var standalone: [Container]

  /// Builds the document; pass `aggregation` when it is already computed.
  public init(snapshot: EngineSnapshot, aggregation: Aggregation? = nil) {
    let aggregation = aggregation ?? snapshot.aggregated()
    engine = snapshot.engine.map(Engine.init)
    takenAt = snapshot.takenAt
    projects = aggregation.projects.map(Project.init)
    standalone = aggregation.standalone.map(Container.init)
  }

  /// Encodes with sorted keys; one line unless `prettyPrinted` (for `--watch`, one document per line).
  public func jsonData(prettyPrinted: Bool = false) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting =
      prettyPrinted
      ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
      : [.sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(self)
  }

  private enum CodingKeys: String, CodingKey {
    case engine
    case takenAt = "taken_at"
    case projects, standalone
  }

  /// Encodes every key, `null` included.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(engine, forKey: .engine)
    try container.encode(Formatting.rfc3339(takenAt), forKey: .takenAt)
    try container.encode(projects, forKey: .projects)
    try container.encode(standalone, forKey: .standalone)
  }

  /// The `engine` object.
  public struct Engine: Encodable, Sendable, Equatable {
    /// Endpoint.
    public var host: String
    /// Engine release.
    public var version: String
    /// API version in use.
    public var apiVersion: String
    /// Host CPUs.
    public var cpuCount: Int
    /// Host memory.
    public var memoryTotalBytes: UInt64

    /// Copies an engine summary.
    public init(_ summary: EngineSummary) {
      host = summary.host
      version = summary.version
      apiVersion = summary.apiVersion
      cpuCount = summary.cpuCount
      memoryTotalBytes = summary.memoryTotalBytes
    }

    private enum CodingKeys: String, CodingKey {
      case host, version
      case apiVersion = "api_version"
      case cpuCount = "ncpu"
      case memoryTotalBytes = "mem_total_bytes"
    }
  }

  /// A `projects[]` object.
  public struct Project: Encodable, Sendable, Equatable {
    /// Project name.
    public var name: String
    /// Totals over the project's replicas.
    public var totals: UsageTotals
    /// Services, sorted by name.
    public var services: [Service]

    /// Copies a project summary.
    public init(_ project: ProjectSummary) {
      name = project.name
      totals = project.totals
      services = project.services.map(Service.init)
    }

    /// Encodes every key, `null` included.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: GroupKeys.self)
      try container.encodeTotals(name: name, totals)
      try container.encode(services, forKey: .services)
    }
  }

  /// A `services[]` object.
  public struct Service: Encodable, Sendable, Equatable {
    /// Service name.
    public var name: String
    /// Totals over the service's replicas.
    public var totals: UsageTotals
    /// Replicas and one-off containers.
    public var containers: [Container]

    /// Copies a service summary.
    public init(_ service: ServiceSummary) {
      name = service.name
      totals = service.totals
      containers = service.containers.map(Container.init)
    }

    /// Encodes every key, `null` included.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: GroupKeys.self)
      try container.encodeTotals(name: name, totals)
      try container.encode(totals.health.rawValue, forKey: .health)
      try container.encode(containers, forKey: .containers)
    }
  }

  /// A `containers[]` / `standalone[]` object.
  public struct Container: Encodable, Sendable, Equatable {
    /// The container as Monitor saw it.
    public var snapshot: ContainerSnapshot

    /// Wraps a container snapshot.
    public init(_ snapshot: ContainerSnapshot) {
      self.snapshot = snapshot
    }

    private enum CodingKeys: String, CodingKey {
      case id, name, image, state, status, health
      case startedAt = "started_at"
      case restartCount = "restart_count"
      case restartPolicy = "restart_policy"
      case oomKilled = "oom_killed"
      case exitCode = "exit_code"
      case cpuPercent = "cpu_percent"
      case cpuLimitCores = "cpu_limit_cores"
      case cpuPercentOfLimit = "cpu_percent_of_limit"
      case cpuThrottledPercent = "cpu_throttled_percent"
      case memoryBytes = "memory_bytes"
      case memoryLimitBytes = "memory_limit_bytes"
      case pids
      case pidsLimit = "pids_limit"
    }

    /// Encodes every key, `null` included.
    public func encode(to encoder: any Encoder) throws {
      let usage = snapshot.usage
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(snapshot.id, forKey: .id)
      try container.encode(snapshot.name, forKey: .name)
      try container.encode(snapshot.image, forKey: .image)
      try container.encode(snapshot.state.rawValue, forKey: .state)
      try container.encode(snapshot.status, forKey: .status)
      try container.encode(snapshot.health.rawValue, forKey: .health)
      try container.encode(snapshot.startedAt.map(Formatting.rfc3339), forKey: .startedAt)
      try container.encode(snapshot.restartCount, forKey: .restartCount)
      try container.encode(snapshot.limits.restartPolicy, forKey: .restartPolicy)
      try container.encode(snapshot.wasOOMKilled, forKey: .oomKilled)
      try container.encode(snapshot.exitCode, forKey: .exitCode)
      try container.encode(
        usage.map { Formatting.roundedToHundredths($0.cpuPercent) }, forKey: .cpuPercent)
      try container.encode(
        snapshot.limits.cpuCores.map(Formatting.roundedToHundredths), forKey: .cpuLimitCores)
      try container.encode(
        usage?.cpuPercentOfLimit.map(Formatting.roundedToHundredths), forKey: .cpuPercentOfLimit)
      try container.encode(
        usage?.cpuThrottledPercent.map(Formatting.roundedToHundredths), forKey: .cpuThrottledPercent
      )
      try container.encode(usage?.memoryBytes, forKey: .memoryBytes)
      try container.encode(snapshot.limits.memoryBytes, forKey: .memoryLimitBytes)
      try container.encode(usage?.pids, forKey: .pids)
      try container.encode(snapshot.limits.pids, forKey: .pidsLimit)
    }
  }
}

/// The keys of a project or service object (each encodes the ones it has).
private enum GroupKeys: String, CodingKey {
  case name, health, services, containers
  case cpuPercent = "cpu_percent"
  case cpuLimitCores = "cpu_limit_cores"
  case memoryBytes = "memory_bytes"
  case memoryLimitBytes = "memory_limit_bytes"
  case replicasRunning = "replicas_running"
  case replicasTotal = "replicas_total"
  case restartCount = "restart_count"
}

extension KeyedEncodingContainer where K == GroupKeys {
  /// The name and the totals a project and a service share, unset limits as `null`.
  fileprivate mutating func encodeTotals(name: String, _ totals: UsageTotals) throws {
    try encode(name, forKey: .name)
    try encode(totals.replicasRunning, forKey: .replicasRunning)
    try encode(totals.replicasTotal, forKey: .replicasTotal)
    try encode(Formatting.roundedToHundredths(totals.cpuPercent), forKey: .cpuPercent)
    try encode(totals.cpuLimitCores.map(Formatting.roundedToHundredths), forKey: .cpuLimitCores)
    try encode(totals.memoryBytes, forKey: .memoryBytes)
    try encode(totals.memoryLimitBytes, forKey: .memoryLimitBytes)
    try encode(totals.restartCount, forKey: .restartCount)
  }
}
