// Groups a snapshot's containers into compose projects and services and totals their usage.
// Pure: no I/O, no clock. Integer sums saturate (`Checked.saturatingSum`): an absurd figure from
// the engine makes its total read `?`, never trap.
import DockerEngine
import Monitor

/// Identifies a compose service; the project is part of the key, so `web` in two projects is two services.
public struct ServiceKey: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// `com.docker.compose.project`.
  public var project: String
  /// `com.docker.compose.service`.
  public var service: String

  /// Makes a key.
  public init(project: String, service: String) {
    self.project = project
    self.service = service
  }

  /// `project/service`.
  public var description: String { "\(project)/\(service)" }

  /// Orders by project, then service.
  public static func < (lhs: ServiceKey, rhs: ServiceKey) -> Bool {
    (lhs.project, lhs.service) < (rhs.project, rhs.service)
  }
}

/// Totals over a group of containers (a service, a project, the standalone group, or one container).
///
/// Counted *replicas* give the numbers (replicas, CPU, memory, limits, restarts); the alert flags
/// (health, OOM, crash loop, throttling) look at every container in the group, one-offs included.
public struct UsageTotals: Sendable, Equatable {
  /// Counted replicas whose state is `running`.
  public var replicasRunning: Int
  /// Counted replicas (one-off containers excluded).
  public var replicasTotal: Int
  /// Host CPU % summed over replicas that have usage (100 % = one core).
  public var cpuPercent: Double
  /// CPU limit summed over replicas; nil when any replica is unlimited or there are no replicas.
  public var cpuLimitCores: Double?
  /// Memory in use summed over replicas that have usage (above `Checked.largestCount`: absurd).
  public var memoryBytes: UInt64
  /// Memory limit summed over replicas; nil when any replica is unlimited or there are no replicas.
  public var memoryLimitBytes: UInt64?
  /// Engine restarts summed over replicas.
  public var restartCount: Int
  /// The worst health of any container.
  public var health: HealthStatus
  /// Whether any container was OOM-killed (last run or while watched).
  public var wasOOMKilled: Bool
  /// OOM kills seen while watched, summed.
  public var oomKillCount: Int
  /// Whether any container is in the `restarting` state.
  public var isCrashLooping: Bool
  /// Whether any container was CPU-throttled during the last interval.
  public var hasThrottling: Bool

  /// Totals `replicas` for the numbers and `containers` (a superset) for the alert flags.
  public init(replicas: [ContainerSnapshot], containers: [ContainerSnapshot]) {
    replicasRunning = replicas.count { $0.state == .running }
    replicasTotal = replicas.count
    cpuPercent = replicas.reduce(0) { $0 + ($1.usage?.cpuPercent ?? 0) }
    memoryBytes = Checked.saturatingSum(replicas.lazy.map { $0.usage?.memoryBytes ?? 0 })
    restartCount = Checked.saturatingSum(replicas.lazy.map(\.restartCount))
    cpuLimitCores = Self.sumOfLimits(replicas.map(\.limits.cpuCores)).map { $0.reduce(0, +) }
    memoryLimitBytes = Self.sumOfLimits(replicas.map(\.limits.memoryBytes)).map(Checked.saturatingSum)
    health = containers.map(\.health).max() ?? .none
    wasOOMKilled = containers.contains { $0.wasOOMKilled || $0.oomKillCount > 0 }
    oomKillCount = Checked.saturatingSum(containers.lazy.map(\.oomKillCount))
    isCrashLooping = containers.contains { $0.state == .restarting }
    hasThrottling = containers.contains { ($0.usage?.cpuThrottledPercent ?? 0) > 0 }
  }

  /// Totals one container as a group of one.
  public init(container: ContainerSnapshot) {
    self.init(replicas: [container], containers: [container])
  }

  /// CPU as a % of the summed limit (100 % = the whole limit); nil when unlimited.
  public var cpuPercentOfLimit: Double? {
    guard let cpuLimitCores, cpuLimitCores > 0 else { return nil }
    return cpuPercent / cpuLimitCores
  }

  /// Whether a CPU limit bounds every replica.
  public var hasCPULimit: Bool { cpuLimitCores != nil }

  /// Whether a memory limit bounds every replica.
  public var hasMemoryLimit: Bool { memoryLimitBytes != nil }

  /// A coarse status for the group.
  public var state: GroupState {
    if isCrashLooping { return .restarting }
    if replicasTotal == 0 { return .empty }
    if replicasRunning == replicasTotal { return .running }
    return replicasRunning == 0 ? .stopped : .partial
  }

  /// How much the group needs attention; lower is worse (used by the status sort).
  public var attentionRank: Int {
    if isCrashLooping { return 0 }
    if health == .unhealthy { return 1 }
    if wasOOMKilled { return 2 }
    if state == .partial { return 3 }
    if health == .starting { return 4 }
    switch state {
    case .running: return 5
    case .stopped: return 6
    default: return 7
    }
  }

  /// The limits to sum: nil when there are none or any replica is unlimited.
  private static func sumOfLimits<T>(_ limits: [T?]) -> [T]? {
    guard !limits.isEmpty else { return nil }
    let known = limits.compactMap { $0 }
    return known.count == limits.count ? known : nil
  }
}

/// A coarse status of a service, project or group.
public enum GroupState: String, Sendable, Equatable {
  /// Every replica runs.
  case running
  /// Some replicas run.
  case partial
  /// No replica runs.
  case stopped
  /// A container is restarting (crash loop).
  case restarting
  /// No replicas (only one-off containers, or nothing).
  case empty
}

/// One compose service: its containers and their totals (`summary.cpuPercent` reads the totals).
@dynamicMemberLookup
public struct ServiceSummary: Sendable, Equatable, Identifiable {
  /// Project and service name.
  public var key: ServiceKey
  /// Replicas and one-off containers, sorted by compose number (missing last), then name.
  public var containers: [ContainerSnapshot]
  /// Totals over the replicas.
  public var totals: UsageTotals

  /// Groups containers that share `key`.
  public init(key: ServiceKey, containers: [ContainerSnapshot]) {
    self.key = key
    self.containers = containers.sorted(by: Self.replicaOrder)
    totals = UsageTotals(replicas: self.containers.filter(\.isReplica), containers: self.containers)
  }

  /// The key.
  public var id: ServiceKey { key }

  /// The service name.
  public var name: String { key.service }

  /// Counted replicas (one-off containers excluded), in display order.
  public var replicas: [ContainerSnapshot] { containers.filter(\.isReplica) }

  /// Reads a total, e.g. `summary.replicasRunning`.
  public subscript<T>(dynamicMember keyPath: KeyPath<UsageTotals, T>) -> T {
    totals[keyPath: keyPath]
  }

  /// Compose number ascending (missing numbers last), then name, then ID.
  static func replicaOrder(_ lhs: ContainerSnapshot, _ rhs: ContainerSnapshot) -> Bool {
    let left = lhs.compose?.number ?? Int.max
    let right = rhs.compose?.number ?? Int.max
    if left != right { return left < right }
    if lhs.name != rhs.name { return lhs.name < rhs.name }
    return lhs.id < rhs.id
  }
}

/// One compose project: its services (sorted by name) and their totals.
@dynamicMemberLookup
public struct ProjectSummary: Sendable, Equatable, Identifiable {
  /// `com.docker.compose.project`.
  public var name: String
  /// Services, sorted by name.
  public var services: [ServiceSummary]
  /// Totals over every replica of every service.
  public var totals: UsageTotals

  /// Makes a project from its services.
  public init(name: String, services: [ServiceSummary]) {
    self.name = name
    self.services = services.sorted { $0.key < $1.key }
    let all = self.services.flatMap(\.containers)
    totals = UsageTotals(replicas: all.filter(\.isReplica), containers: all)
  }

  /// The project name.
  public var id: String { name }

  /// Every container of every service.
  public var containers: [ContainerSnapshot] { services.flatMap(\.containers) }

  /// Reads a total, e.g. `project.memoryBytes`.
  public subscript<T>(dynamicMember keyPath: KeyPath<UsageTotals, T>) -> T {
    totals[keyPath: keyPath]
  }
}

/// A snapshot grouped into projects, services and standalone containers.
public struct Aggregation: Sendable, Equatable {
  /// Compose projects, sorted by name.
  public var projects: [ProjectSummary]
  /// Containers without compose labels, sorted by name.
  public var standalone: [ContainerSnapshot]

  /// Groups a snapshot's containers. O(n log n).
  public init(_ snapshot: EngineSnapshot) {
    self.init(containers: snapshot.containers)
  }

  /// Groups containers. O(n log n).
  public init(containers: [ContainerSnapshot]) {
    var byService: [ServiceKey: [ContainerSnapshot]] = [:]
    var standalone: [ContainerSnapshot] = []
    for container in containers {
      if let compose = container.compose {
        byService[ServiceKey(project: compose.project, service: compose.service), default: []]
          .append(container)
      } else {
        standalone.append(container)
      }
    }
    let services = byService.map { ServiceSummary(key: $0.key, containers: $0.value) }
    let byProject = Dictionary(grouping: services, by: \.key.project)
    self.init(
      projects: byProject.map { ProjectSummary(name: $0.key, services: $0.value) },
      standalone: standalone)
  }

  /// Makes an aggregation from parts, sorting them by name.
  public init(projects: [ProjectSummary], standalone: [ContainerSnapshot]) {
    self.projects = projects.sorted { $0.name < $1.name }
    self.standalone = standalone.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
  }

  /// An empty aggregation.
  public static let empty = Aggregation(projects: [], standalone: [])

  /// Title of the group holding containers without compose labels (never a valid project name).
  public static let standaloneTitle = "(standalone)"

  /// Totals over the standalone containers (each counts as a replica).
  public var standaloneTotals: UsageTotals {
    UsageTotals(replicas: standalone, containers: standalone)
  }

  /// Every service of every project. O(n).
  public var services: [ServiceSummary] { projects.flatMap(\.services) }

  /// The project with this name. O(projects).
  public func project(named name: String) -> ProjectSummary? {
    projects.first { $0.name == name }
  }

  /// The service with this key. O(services).
  public func service(for key: ServiceKey) -> ServiceSummary? {
    project(named: key.project)?.services.first { $0.key == key }
  }

  /// The container with this ID. O(containers).
  public func container(withID id: String) -> ContainerSnapshot? {
    for project in projects {
      for service in project.services {
        if let match = service.containers.first(where: { $0.id == id }) { return match }
      }
    }
    return standalone.first { $0.id == id }
  }
}

extension EngineSnapshot {
  /// This snapshot grouped into projects, services and standalone containers. O(n log n).
  public func aggregated() -> Aggregation { Aggregation(self) }
}

extension ContainerSnapshot {
  /// Whether the container counts as a replica: standalone or a compose container that is not a one-off.
  public var isReplica: Bool { !(compose?.isOneOff ?? false) }
}
