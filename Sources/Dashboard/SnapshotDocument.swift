// The JSON contract of `berth snapshot --format json`: snake_case keys, explicit nulls, RFC 3339 UTC dates.
import DockerEngine
import FoundationEssentials
import Glibc
import Monitor

/// The `berth snapshot --format json` document; every key is always present, unset values are `null`.
///
/// Percentages and cores are rounded to two decimals; a figure that is not one (NaN, infinity, a
/// count above `Checked.largestCount`) is `null`, as unset. Projects, services and standalone
/// containers are sorted by name; a service's containers by compose number, then name. A container
/// whose details could not be read is never left out: it is listed in `unreadable` (and only
/// there), with why.
public struct SnapshotDocument: Sendable, Equatable {
  /// The engine, nil before first contact.
  public var engine: Engine?
  /// When the snapshot was taken.
  public var takenAt: Date
  /// Compose projects.
  public var projects: [Project]
  /// Containers without compose labels.
  public var standalone: [Container]
  /// Listed containers that could not be read, sorted by name; empty when every one was read.
  public var unreadable: [UnreadableContainer]

  /// Builds the document; pass `aggregation` when it is already computed (of
  /// `snapshot.readableContainers`, so an unreadable container is not also counted with no limits).
  public init(snapshot: EngineSnapshot, aggregation: Aggregation? = nil) {
    let aggregation = aggregation ?? Aggregation(containers: snapshot.readableContainers)
    engine = snapshot.engine.map(Engine.init)
    takenAt = snapshot.takenAt
    projects = aggregation.projects.map(Project.init)
    standalone = aggregation.standalone.map(Container.init)
    unreadable = snapshot.unreadable
  }

  /// The document with sorted keys: one line, or indented when `prettyPrinted` (`--watch` prints
  /// one line per refresh).
  public func jsonData(prettyPrinted: Bool = false) -> Data {
    var writer = JSONWriter(
      pretty: prettyPrinted,
      capacity: 1024 + 700
        * projects.reduce(standalone.count) {
          $0 + $1.services.reduce(0) { $0 + $1.containers.count }
        })
    // Keys in sorted order, at every level.
    writer.object { w in
      w.key("engine")
      if let engine { engine.write(to: &w) } else { w.null() }
      w.key("projects")
      w.array { w in for project in projects { project.write(to: &w) } }
      w.key("standalone")
      w.array { w in for container in standalone { container.write(to: &w) } }
      w.key("taken_at")
      w.string(Formatting.rfc3339(takenAt))
      w.key("unreadable")
      w.array { w in
        for container in unreadable {
          w.object { w in
            w.key("id"); w.string(container.id)
            w.key("name"); w.string(container.name)
            w.key("reason"); w.string(container.reason)
          }
        }
      }
    }
    return Data(writer.bytes)
  }

  /// The `engine` object.
  public struct Engine: Sendable, Equatable {
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

    fileprivate func write(to w: inout JSONWriter) {
      w.object { w in
        w.key("api_version"); w.string(apiVersion)
        w.key("host"); w.string(host)
        w.key("mem_total_bytes"); w.int(memoryTotalBytes)
        w.key("ncpu"); w.int(cpuCount)
        w.key("version"); w.string(version)
      }
    }
  }

  /// A `projects[]` object.
  public struct Project: Sendable, Equatable {
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

    fileprivate func write(to w: inout JSONWriter) {
      w.object { w in
        writeGroup(name: name, totals, health: nil, members: nil, to: &w)
        w.key("services")
        w.array { w in for service in services { service.write(to: &w) } }
      }
    }
  }

  /// A `services[]` object.
  public struct Service: Sendable, Equatable {
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

    fileprivate func write(to w: inout JSONWriter) {
      w.object { w in
        writeGroup(name: name, totals, health: totals.health.rawValue, members: containers, to: &w)
      }
    }
  }

  /// A `containers[]` / `standalone[]` object.
  public struct Container: Sendable, Equatable {
    /// The container as Monitor saw it.
    public var snapshot: ContainerSnapshot

    /// Wraps a container snapshot.
    public init(_ snapshot: ContainerSnapshot) {
      self.snapshot = snapshot
    }

    fileprivate func write(to w: inout JSONWriter) {
      let usage = snapshot.usage
      let rounded = Formatting.roundedToHundredths
      w.object { w in
        w.key("cpu_limit_cores"); w.double(snapshot.limits.cpuCores.map(rounded))
        w.key("cpu_percent"); w.double(usage.map { rounded($0.cpuPercent) })
        w.key("cpu_percent_of_limit"); w.double(usage?.cpuPercentOfLimit.map(rounded))
        w.key("cpu_throttled_percent"); w.double(usage?.cpuThrottledPercent.map(rounded))
        w.key("exit_code"); w.int(snapshot.exitCode)
        w.key("health"); w.string(snapshot.health.rawValue)
        w.key("id"); w.string(snapshot.id)
        w.key("image"); w.string(snapshot.image)
        w.key("memory_bytes"); w.int(Checked.plausible(usage?.memoryBytes))
        w.key("memory_limit_bytes"); w.int(Checked.plausible(snapshot.limits.memoryBytes))
        w.key("name"); w.string(snapshot.name)
        w.key("oom_killed"); w.bool(snapshot.wasOOMKilled)
        w.key("pids"); w.int(Checked.plausible(usage?.pids))
        w.key("pids_limit"); w.int(snapshot.limits.pids)
        w.key("restart_count"); w.int(snapshot.restartCount)
        w.key("restart_policy"); w.string(snapshot.limits.restartPolicy)
        w.key("started_at"); w.string(snapshot.startedAt.map(Formatting.rfc3339))
        w.key("state"); w.string(snapshot.state.rawValue)
        w.key("status"); w.string(snapshot.status)
      }
    }
  }
}

/// The keys a project and a service share, and the service's own (`health`, `containers`), in
/// sorted order; unset limits as `null`. A project writes its `services` after these.
private func writeGroup(
  name: String, _ totals: UsageTotals, health: String?, members: [SnapshotDocument.Container]?, to w: inout JSONWriter
) {
  if let members {
    w.key("containers")
    w.array { w in for container in members { container.write(to: &w) } }
  }
  w.key("cpu_limit_cores"); w.double(totals.cpuLimitCores.map(Formatting.roundedToHundredths))
  w.key("cpu_percent"); w.double(Formatting.roundedToHundredths(totals.cpuPercent))
  if let health { w.key("health"); w.string(health) }
  w.key("memory_bytes"); w.int(Checked.plausible(totals.memoryBytes))
  w.key("memory_limit_bytes"); w.int(Checked.plausible(totals.memoryLimitBytes))
  w.key("name"); w.string(name)
  w.key("replicas_running"); w.int(totals.replicasRunning)
  w.key("replicas_total"); w.int(totals.replicasTotal)
  w.key("restart_count"); w.int(totals.restartCount)
}
