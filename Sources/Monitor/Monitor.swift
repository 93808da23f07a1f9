import DockerEngine
import FoundationEssentials

/// Keeps an up-to-date picture of every container on one engine and publishes snapshots.
///
/// Start-up is one list plus concurrent inspects; after that `/events` (container events only)
/// marks containers to re-inspect within a fraction of a second, a periodic list reconciles
/// anything missed, and each interval one concurrent burst of one-shot stats requests samples
/// every running container (the previous sample is kept here to compute CPU %). When the engine
/// runs on this machine, containers whose cgroup Berth can read are sampled from their cgroup
/// files instead: the counters the engine itself reads, without costing it anything
/// (`StatsSource`). A lost engine shows as `.disconnected` and is retried with back-off;
/// everything recovers by itself.
public actor Monitor {
  /// How the monitor reaches an engine: called to connect, and again after every disconnect.
  public typealias Connector = @Sendable () async throws -> any EngineAPI

  /// Tunables.
  public struct Configuration: Sendable {
    /// Time between stats bursts.
    public var interval: Duration
    /// Samples of history kept per container.
    public var historyLength: Int
    /// Full list every this many intervals, to catch missed events.
    public var reconcileEvery: Int
    /// Only containers with all these labels (`key` or `key=value`).
    public var labelFilter: [String]
    /// Longest wait between reconnect attempts.
    public var maximumBackoff: Duration
    /// How long one stats burst waits for slow containers before it moves on without them.
    public var sampleTimeout: Duration
    /// With a focus set (the dashboard's visible rows), the other containers are sampled every
    /// this many intervals.
    public var backgroundEvery: Int
    /// Where stats come from.
    public var statsSource: StatsSource
    /// Waits out a reconnect backoff: the clock seam, so a test can see the backoffs without
    /// waiting for them.
    public var waitBeforeReconnecting: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

    /// Makes a configuration; history defaults to 5 minutes' worth.
    public init(
      interval: Duration = .seconds(2), historyLength: Int? = nil, reconcileEvery: Int = 15,
      labelFilter: [String] = [], maximumBackoff: Duration = .seconds(5), sampleTimeout: Duration? = nil,
      backgroundEvery: Int = 5, statsSource: StatsSource = .automatic
    ) {
      self.interval = interval
      let seconds = max(0.1, Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18)
      self.historyLength = historyLength ?? max(10, Int(300 / seconds))
      self.reconcileEvery = max(1, reconcileEvery)
      self.labelFilter = labelFilter
      self.maximumBackoff = maximumBackoff
      self.sampleTimeout = sampleTimeout ?? min(max(interval, .seconds(1)), .seconds(5))
      self.backgroundEvery = max(1, backgroundEvery)
      self.statsSource = statsSource
    }
  }

  /// Where the monitor gets its engine client.
  private enum Source {
    /// Called to connect and after every disconnect.
    case connector(Connector)
    /// Shared with the app: its current client to connect, `reconnect()` after a disconnect.
    case connection(EngineConnection)
  }

  private let source: Source
  /// Whether the engine was lost since the last successful connect: the next connect through an
  /// `EngineConnection` negotiates anew.
  private var hasLostEngine = false
  private let configuration: Configuration
  /// This machine's cgroup hierarchy, when containers may be sampled from it.
  private let cgroups: CgroupLayout?
  private var engine: (any EngineAPI)?
  private var summary: EngineSummary?
  private var records: [String: ContainerRecord] = [:]
  /// Listed containers whose last inspect failed (other than "no such container"), by ID.
  private var unreadable: [String: UnreadableContainer] = [:]
  private var connection: ConnectionState = .connecting
  private var dirty: Set<String> = []
  private var refreshTask: Task<Void, Never>?
  private var continuations: [UUID: AsyncStream<EngineSnapshot>.Continuation] = [:]
  private var latest: EngineSnapshot?
  private var sampleRound = 0

  /// Makes a monitor that connects with `connector` (at start and after every disconnect).
  public init(configuration: Configuration = Configuration(), connector: @escaping Connector) {
    self.init(source: .connector(connector), configuration: configuration)
  }

  /// Makes a monitor that uses `connection`'s client, shared with whoever else talks to that
  /// engine. After losing the engine the monitor calls `connection.reconnect()`, so everyone's
  /// client follows an engine that came back speaking another API version.
  public init(connection: EngineConnection, configuration: Configuration = Configuration()) {
    self.init(source: .connection(connection), configuration: configuration)
  }

  /// Makes a monitor of the engine at `endpoint`, with a connection of its own.
  public init(endpoint: Endpoint, configuration: Configuration = Configuration()) {
    self.init(connection: EngineConnection(endpoint: endpoint), configuration: configuration)
  }

  private init(source: Source, configuration: Configuration) {
    self.configuration = configuration
    self.source = source
    cgroups = configuration.statsSource == .automatic ? CgroupLayout.current() : nil
  }

  /// Snapshots as they are published; a slow reader only ever sees the newest.
  public func snapshots() -> AsyncStream<EngineSnapshot> {
    let (stream, continuation) = AsyncStream<EngineSnapshot>.makeStream(bufferingPolicy: .bufferingNewest(1))
    let id = UUID()
    continuations[id] = continuation
    if let latest { continuation.yield(latest) }
    continuation.onTermination = { _ in Task { await self.removeContinuation(id) } }
    return stream
  }

  private func removeContinuation(_ id: UUID) {
    continuations[id] = nil
  }

  /// Runs until cancelled: connects, follows events, samples stats, reconnects after failures.
  public func run() async {
    var backoff = Duration.milliseconds(250)
    while !Task.isCancelled {
      do {
        try await runConnected()
      } catch is CancellationError {
        break
      } catch {
        if Task.isCancelled { break }
        engine = nil
        hasLostEngine = true
        let message = (error as? DockerEngineError)?.message ?? "\(error)"
        connection = .disconnected(reason: message, retryingIn: backoff)
        publish()
        try? await configuration.waitBeforeReconnecting(backoff)
        backoff = min(backoff * 2, configuration.maximumBackoff)
        continue
      }
    }
    for continuation in continuations.values { continuation.finish() }
  }

  /// Connects (negotiating anew after a lost engine) and reads what the engine is (for the
  /// header and the snapshot JSON).
  private func connect() async throws -> any EngineAPI {
    let engine: any EngineAPI
    switch source {
    case .connector(let connector):
      engine = try await connector()
    case .connection(let connection):
      engine = hasLostEngine ? try await connection.reconnect() : try await connection.client()
    }
    hasLostEngine = false
    self.engine = engine
    let info = try await engine.info()
    summary = EngineSummary(
      host: engine.endpointDescription, version: engine.engineVersion.version, apiVersion: engine.apiVersion.description,
      cpuCount: info.cpuCount ?? 1, memoryTotalBytes: info.memoryTotal ?? 0)
    return engine
  }

  /// Connects once and samples until the engine fails.
  private func runConnected() async throws {
    let engine = try await connect()
    // Events first, so nothing between the list and the stream is missed.
    let events = engine.events(since: nil, filters: eventFilters)
    connection = .connected
    try await reconcile(engine, publishingEarly: true)
    publish()
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await self.follow(events) }
      group.addTask { try await self.sampleForever(engine) }
      // The first to end (an error, or the event stream closing) ends the connection.
      _ = try await group.next()
      group.cancelAll()
      throw DockerEngineError(.unreachable, "The connection to the Docker engine at \(engine.endpointDescription) was lost.")
    }
  }

  private var eventFilters: [String: [String]] {
    var filters = ["type": ["container"]]
    filters["event"] = [
      "create", "start", "restart", "stop", "die", "kill", "pause", "unpause", "destroy", "oom", "rename",
      "update", "health_status",
    ]
    if !configuration.labelFilter.isEmpty { filters["label"] = configuration.labelFilter }
    return filters
  }

  private func follow(_ events: AsyncThrowingStream<EngineEvent, any Error>) async throws {
    for try await event in events {
      handle(event)
    }
  }

  /// Applies one engine event: remove on destroy, count OOM kills, re-inspect otherwise.
  func handle(_ event: EngineEvent) {
    guard event.type == nil || event.type == "container", let id = event.actor?.id, let action = event.action else { return }
    let when = event.timeNano.map { Date(timeIntervalSince1970: Double($0) / 1e9) } ?? Date()
    switch action {
    case "destroy":
      records[id] = nil
      unreadable[id] = nil
      dirty.remove(id)
      publish()
      return
    case "oom":
      if var record = records[id] {
        if record.lastOOMEvent.map({ when.timeIntervalSince($0) > 1 }) ?? true {
          record.snapshot.oomKillCount += 1
        }
        record.lastOOMEvent = when
        records[id] = record
      }
    default:
      break
    }
    dirty.insert(id)
    scheduleRefresh()
  }

  /// Re-inspects dirty containers shortly, so a burst of events costs one round.
  private func scheduleRefresh() {
    guard refreshTask == nil else { return }
    refreshTask = Task {
      try? await Task.sleep(for: .milliseconds(30))
      await self.refreshDirty()
    }
  }

  private func refreshDirty() async {
    refreshTask = nil
    guard let engine, !dirty.isEmpty else { return }
    let ids = dirty
    dirty.removeAll()
    let details = await inspectAll(Array(ids), engine)
    for id in ids {
      switch details[id] {
      case .some(.success(let detail)):
        upsert(detail, summary: nil)
      case .some(.failure(let error)) where (error as? DockerEngineError)?.kind == .notFound:
        records[id] = nil
        unreadable[id] = nil
      case .some(.failure(let error)):
        if let name = records[id]?.snapshot.name { markUnreadable(id, name: name, error) }
      case nil:
        break
      }
    }
    publish()
  }

  /// Lists every container and inspects new or changed ones; drops vanished ones.
  ///
  /// With `publishingEarly`, containers seen for the first time are published from the list
  /// alone before the inspects return, so the first frame does not wait for them.
  func reconcile(_ engine: any EngineAPI, publishingEarly: Bool = false) async throws {
    let listed = try await engine.containers(includeStopped: true, labels: configuration.labelFilter)
    let ids = Set(listed.map(\.id))
    for id in records.keys where !ids.contains(id) { records[id] = nil }
    for id in unreadable.keys where !ids.contains(id) { unreadable[id] = nil }
    if publishingEarly {
      for summary in listed where records[summary.id] == nil {
        var record = ContainerRecord(snapshot: ContainerSnapshot(summary: summary), historyLength: configuration.historyLength)
        record.isInspected = false
        records[summary.id] = record
      }
      publish()
    }
    let changed = listed.filter { summary in
      guard let record = records[summary.id], record.isInspected, unreadable[summary.id] == nil else { return true }
      return record.snapshot.state != ContainerState(engineValue: summary.state)
        || Self.statusShape(record.snapshot.status) != Self.statusShape(summary.status ?? "")
    }
    let details = await inspectAll(changed.map(\.id), engine)
    for summary in changed {
      switch details[summary.id] {
      case .success(let detail):
        upsert(detail, summary: summary)
      case .failure(let error) where (error as? DockerEngineError)?.kind == .notFound:
        // Removed since the list: the next list (or its destroy event) drops it.
        unreadable[summary.id] = nil
      case .failure(let error):
        // Listed but not readable: never left out silently (`berth snapshot` reports it).
        markUnreadable(summary.id, name: summary.name, error)
      case nil:
        break
      }
    }
    // The list's human status text ("Up 3 minutes") ages; refresh it for everyone.
    for summary in listed {
      if let status = summary.status { records[summary.id]?.snapshot.status = status }
    }
  }

  private func markUnreadable(_ id: String, name: String, _ error: any Error) {
    let reason = (error as? DockerEngineError)?.message ?? "\(error)"
    unreadable[id] = UnreadableContainer(id: id, name: name, reason: reason)
  }

  private func upsert(_ details: ContainerDetails, summary: ContainerSummary?) {
    unreadable[details.id] = nil
    var fresh = ContainerSnapshot(details: details, summary: summary)
    if var record = records[details.id] {
      fresh.oomKillCount = record.snapshot.oomKillCount
      if summary == nil { fresh.status = record.snapshot.status }
      if fresh.isRunning {
        fresh.usage = record.snapshot.usage
      } else {
        record.previousSample = nil
      }
      if fresh.startedAt != record.snapshot.startedAt { record.previousSample = nil }
      record.snapshot = fresh
      record.isInspected = true
      records[details.id] = record
    } else {
      records[details.id] = ContainerRecord(snapshot: fresh, historyLength: configuration.historyLength)
    }
    if summary == nil {
      // Status text after an event: derive it, since no list reply is at hand.
      records[details.id]?.snapshot.status = Self.statusText(of: fresh, now: Date())
    }
    locateCgroup(of: details)
  }

  /// Finds a freshly inspected container's cgroup when it runs on this machine (again after a
  /// restart: a new main process); forgets it when the container stops.
  private func locateCgroup(of details: ContainerDetails) {
    guard let cgroups, let isRunning = records[details.id]?.snapshot.isRunning else { return }
    let pid = details.state?.pid ?? 0
    guard isRunning, pid > 0 else {
      records[details.id]?.cgroup = nil
      records[details.id]?.cgroupPID = nil
      return
    }
    guard pid != records[details.id]?.cgroupPID else { return }
    records[details.id]?.cgroupPID = pid
    records[details.id]?.cgroup = cgroups.cgroup(pid: pid, containerID: details.id)
  }

  /// A status text without its figures: "Up 4 minutes" and "Up 5 minutes" are the same shape,
  /// "Up 2 seconds" after "Up 5 minutes" (a restart whose events were missed) is not. The clock
  /// alone changes the text of every container each minute; re-inspecting them all for that
  /// was most of what a reconcile cost the engine.
  static func statusShape(_ status: String) -> String {
    String(status.unicodeScalars.filter { !("0"..."9").contains($0) })
  }

  /// A `docker ps`-like status for a freshly inspected container.
  static func statusText(of snapshot: ContainerSnapshot, now: Date) -> String {
    switch snapshot.state {
    case .running:
      let health =
        snapshot.health == .none ? "" : " (\(snapshot.health.rawValue == "starting" ? "health: starting" : snapshot.health.rawValue))"
      return "Up \(humanDuration(now.timeIntervalSince(snapshot.startedAt ?? now)))\(health)"
    case .paused:
      return "Up \(humanDuration(now.timeIntervalSince(snapshot.startedAt ?? now))) (Paused)"
    case .restarting:
      return "Restarting (\(snapshot.exitCode ?? 0))"
    case .exited:
      return "Exited (\(snapshot.exitCode ?? 0)) \(humanDuration(now.timeIntervalSince(snapshot.finishedAt ?? now))) ago"
    default:
      return snapshot.state.rawValue.capitalized
    }
  }

  /// `docker ps`'s rough durations: "Less than a second", "3 seconds", "5 minutes", "2 hours", "3 days".
  static func humanDuration(_ seconds: TimeInterval) -> String {
    let s = Checked.int(max(0, seconds), rounding: .towardZero) ?? Int.max
    switch s {
    case 0: return "Less than a second"
    case 1: return "1 second"
    case ..<60: return "\(s) seconds"
    case ..<120: return "About a minute"
    case ..<3600: return "\(s / 60) minutes"
    case ..<7200: return "About an hour"
    case ..<172_800: return "\(s / 3600) hours"
    default: return "\(s / 86_400) days"
    }
  }

  private func inspectAll(_ ids: [String], _ engine: any EngineAPI) async -> [String: Result<ContainerDetails, any Error>] {
    await withTaskGroup(of: Outcome<ContainerDetails>.self) { group in
      for id in ids {
        group.addTask {
          do { return Outcome(id: id, result: .success(try await engine.inspect(id))) } catch {
            return Outcome(id: id, result: .failure((error as? DockerEngineError) ?? DockerEngineError(.malformedReply, "\(error)")))
          }
        }
      }
      var results: [String: Result<ContainerDetails, any Error>] = [:]
      for await outcome in group { results[outcome.id] = outcome.result.mapError { $0 as any Error } }
      return results
    }
  }

  private func sampleForever(_ engine: any EngineAPI) async throws {
    var round = 0
    let clock = ContinuousClock()
    while !Task.isCancelled {
      let started = clock.now
      let sampledLocally = try await sample(engine)
      round += 1
      if round % configuration.reconcileEvery == 0 {
        try await reconcile(engine)
      }
      publish()
      // The first CPU figure needs two samples: take the second early (a one-shot request is
      // answered at the engine's next collector tick, about a second later; cgroup counters
      // are read at once, so they wait that second here), then keep the interval.
      if round == 1 && sampledLocally {
        try await clock.sleep(until: started + min(configuration.interval, Self.firstGap))
        continue
      }
      if round == 1 && engine.supportsOneShotStats { continue }
      try await clock.sleep(until: started + configuration.interval)
    }
  }

  /// Containers to sample at every interval; nil: all. Others are sampled every
  /// `backgroundEvery` intervals (and at once when they have no figures yet).
  private var focus: Set<String>?

  /// Sets what is on screen or selected: sampled every interval, the rest less often.
  public func setFocus(_ ids: Set<String>?) {
    focus = ids
  }

  /// One sampling round: the running containers read from their cgroup (all of them, every
  /// round: it costs the engine nothing), then one concurrent burst of stats requests for the
  /// others due this round.
  ///
  /// Returns whether any container was read from its cgroup.
  @discardableResult
  func sample(_ engine: any EngineAPI) async throws -> Bool {
    let round = sampleRound
    var local: [(id: String, cgroup: ContainerCgroup)] = []
    var due: [String] = []
    for record in records.values where record.snapshot.state == .running {
      if let cgroup = record.cgroup {
        local.append((record.snapshot.id, cgroup))
      } else if focus.map({ $0.contains(record.snapshot.id) }) ?? true || record.snapshot.usage == nil
        || round % configuration.backgroundEvery == 0
      {
        due.append(record.snapshot.id)
      }
    }
    if !local.isEmpty {
      let samples = await Self.read(local)
      for (id, cgroup) in local {
        if let sample = samples[id] {
          records[id]?.record(sample, origin: .cgroup(cgroup.version))
        } else if records[id]?.cgroup == cgroup {
          // Gone (stopped, or unreadable): the engine answers for it until its next start.
          records[id]?.cgroup = nil
        }
      }
    }
    let results =
      due.isEmpty
      ? [:] : await engine.statsBurst(for: due, oneShot: engine.supportsOneShotStats, deadline: configuration.sampleTimeout)
    var unreachable: DockerEngineError?
    for (id, result) in results {
      switch result {
      case .success(let sample):
        // In place: a copy taken out of the dictionary would copy both history rings on append.
        records[id]?.record(sample, origin: .engine)
      case .failure(let error) where error.kind == .unreachable || error.kind == .permissionDenied:
        unreachable = error
      case .failure:
        // A vanished or slow container does not hold up the others.
        break
      }
    }
    if let unreachable, !results.isEmpty, results.values.allSatisfy({ (try? $0.get()) == nil }) { throw unreachable }
    sampleRound += 1
    return !local.isEmpty
  }

  /// Reads cgroup samples off the actor, with one host CPU reading for all of them.
  private nonisolated static func read(_ cgroups: [(id: String, cgroup: ContainerCgroup)]) async -> [String: StatsSample] {
    guard let host = HostCPU.read() else { return [:] }
    let read = EngineTime.format(Date(), fractionDigits: 9)
    var samples: [String: StatsSample] = [:]
    samples.reserveCapacity(cgroups.count)
    for (id, cgroup) in cgroups {
      samples[id] = cgroup.sample(host: host, read: read)
    }
    return samples
  }

  @discardableResult
  private func publish() -> EngineSnapshot {
    let snapshot = EngineSnapshot(
      engine: summary, takenAt: Date(), containers: records.values.map(\.published), connection: connection,
      sampleRound: sampleRound, unreadable: unreadable.values.sorted { ($0.name, $0.id) < ($1.name, $1.id) })
    latest = snapshot
    for continuation in continuations.values { continuation.yield(snapshot) }
    return snapshot
  }

  /// The newest snapshot, if any was taken.
  public var currentSnapshot: EngineSnapshot? { latest }

  /// The span of the first CPU figure read from cgroups: the engine's collector interval, the
  /// span `docker stats --no-stream` measures over.
  static let firstGap = Duration.seconds(1)

  /// Takes one complete picture: connect, list, inspect, two stats rounds `gap` apart
  /// (the CPU delta needs two samples). For `berth snapshot`.
  ///
  /// A one-shot request is answered at the engine's next collector tick (about once a second),
  /// so two back-to-back bursts already land a tick apart: no extra gap is needed. Cgroup
  /// counters are read at once, so with any of those the gap is at least a second.
  public func takeSnapshot(gap: Duration = .zero) async throws -> EngineSnapshot {
    let engine = try await connect()
    try await reconcile(engine)
    connection = .connected
    let sampledLocally = try await sample(engine)
    let pause = sampledLocally ? max(gap, Self.firstGap) : gap
    if pause > .zero { try await Task.sleep(for: pause) }
    try await sample(engine)
    return publish()
  }
}
