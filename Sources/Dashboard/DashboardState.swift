// The pure state machine the app loop drives: `state.update(event)` returns effects as data.
import Monitor

/// A focusable pane.
public enum Pane: String, Sendable, CaseIterable {
  /// The project/service/container tree.
  case services
  /// Details of the selected row.
  case details
  /// Logs of the selected container or service.
  case logs
}

/// What is drawn over the panes.
public enum Overlay: Sendable, Equatable {
  /// Nothing over the panes.
  case none
  /// The help screen.
  case help
  /// A yes/no question; `effect` runs on `.confirm(true)` once the question was on screen
  /// (`DashboardState.isConfirmationArmed`).
  case confirm(prompt: String, effect: Effect)
}

/// How CPU figures are shown.
public enum CPUDisplayMode: String, Sendable, CaseIterable {
  /// % of the host, like `docker stats` (100 % = one core).
  case host
  /// % of the container's or service's own limit.
  case limit
}

/// The status line.
public struct StatusMessage: Sendable, Equatable {
  /// What to show.
  public var text: String
  /// Whether to show it as an error.
  public var isError: Bool

  /// Makes a message.
  public init(_ text: String, isError: Bool = false) {
    self.text = text
    self.isError = isError
  }
}

/// The dashboard's whole UI state; change it only through `update(_:)`.
///
/// Defaults: sorted by name, everything expanded (projects, services, the standalone group), the
/// services pane focused. On the first snapshot the selection lands on the first service.
public struct DashboardState: Sendable, Equatable {
  /// The latest snapshot, nil before the first.
  public private(set) var snapshot: EngineSnapshot?
  /// The latest snapshot grouped (unfiltered, sorted by name).
  public private(set) var aggregation: Aggregation = .empty
  /// The visible rows.
  public private(set) var list = RowList(rows: [])
  /// The selected row's identity.
  public private(set) var selection: RowID?
  /// The ordering at every level.
  public private(set) var sortMode: SortMode
  /// The filter text (applied live while the prompt is open).
  public private(set) var filter = ""
  /// Whether the filter prompt has the keyboard.
  public private(set) var isFilterPromptOpen = false
  /// Rows whose children are hidden.
  public private(set) var collapsed: Set<RowID> = []
  /// The focused pane.
  public private(set) var focusedPane: Pane = .services
  /// The overlay.
  public private(set) var overlay: Overlay = .none
  /// Whether the open confirmation has been on screen, so a key may answer it (see
  /// `DashboardEvent.confirmationShown`); false while none is open.
  public private(set) var isConfirmationArmed = false
  /// How CPU figures are shown.
  public private(set) var cpuMode: CPUDisplayMode = .host
  /// The status line, nil when empty.
  public private(set) var statusMessage: StatusMessage?
  /// Whether mutating actions are refused with a status message instead of producing effects.
  public private(set) var isReadOnly: Bool
  /// Rows per page for page up/down.
  public private(set) var pageSize: Int
  /// The containers whose logs were last requested with `.followLogs`.
  public private(set) var followedContainerIDs: [String] = []
  private var filterBeforePrompt = ""
  /// The status line shown when the open confirmation is accepted.
  private var confirmedStatus: StatusMessage?

  /// Makes an empty state.
  public init(readOnly: Bool = false, sortMode: SortMode = .name, pageSize: Int = 10) {
    isReadOnly = readOnly
    self.sortMode = sortMode
    self.pageSize = max(1, pageSize)
  }

  /// The visible rows.
  public var rows: [DashboardRow] { list.rows }

  /// The selected row. O(rows).
  public var selectedRow: DashboardRow? { selection.flatMap(list.row(for:)) }

  /// The selected row's index. O(rows).
  public var selectedIndex: Int? { selection.flatMap(list.index(of:)) }

  /// Applies an event and returns the work for the app to do.
  public mutating func update(_ event: DashboardEvent) -> [Effect] {
    var effects: [Effect]
    switch event {
    case .snapshot(let snapshot):
      self.snapshot = snapshot
      aggregation = snapshot.aggregated()
      rebuild(jumpToFirstMatch: false)
      effects = []
    case .key(let action):
      effects = handle(action)
    case .filterInput(let character):
      guard isFilterPromptOpen else { return [] }
      filter.append(character)
      rebuild(jumpToFirstMatch: true)
      effects = []
    case .filterPaste(let text):
      guard isFilterPromptOpen, !text.isEmpty else { return [] }
      filter += text
      rebuild(jumpToFirstMatch: true)
      effects = []
    case .filterBackspace:
      guard isFilterPromptOpen, !filter.isEmpty else { return [] }
      filter.removeLast()
      rebuild(jumpToFirstMatch: true)
      effects = []
    case .filterCommit:
      guard isFilterPromptOpen else { return [] }
      isFilterPromptOpen = false
      effects = []
    case .filterCancel:
      guard isFilterPromptOpen else { return [] }
      cancelFilterPrompt()
      effects = []
    case .confirmationShown:
      if case .confirm = overlay { isConfirmationArmed = true }
      effects = []
    case .confirm(let answer):
      effects = answerConfirmation(answer)
    case .actionProgress(let label, let completed, let total):
      statusMessage = StatusMessage("\(label): \(completed)/\(total)")
      effects = []
    case .actionFinished(let label, let error):
      statusMessage =
        error.map { StatusMessage("\(label) failed: \($0)", isError: true) }
        ?? StatusMessage("\(label): done")
      effects = []
    case .select(let id):
      guard overlay == .none, list.index(of: id) != nil else { return [] }
      selection = id
      focusedPane = .services
      effects = []
    case .showStatus(let message):
      statusMessage = message
      effects = []
    case .focus(let pane):
      guard overlay == .none, !isFilterPromptOpen else { return [] }
      focusedPane = pane
      effects = []
    case .viewport(let visibleRows):
      pageSize = max(1, visibleRows)
      effects = []
    case .dismissStatus:
      statusMessage = nil
      effects = []
    }
    return effects + followLogsIfNeeded()
  }

  // MARK: - Keys

  private mutating func handle(_ action: DashboardAction) -> [Effect] {
    switch overlay {
    case .confirm:
      // Only `.confirm(true)` accepts; any key seen on the question cancels it (even quit: one
      // more press quits), and keys that came before it was on screen are ignored.
      return answerConfirmation(false)
    case .help:
      if action == .quit { return [.quit] }
      if action == .escape || action == .help { overlay = .none }
      return []
    case .none:
      if action == .quit { return [.quit] }
    }
    if isFilterPromptOpen, action == .escape {
      cancelFilterPrompt()
      return []
    }
    if action.isMutating {
      return command(action)
    }
    switch action {
    case .moveUp: move(.up)
    case .moveDown: move(.down)
    case .pageUp: move(.pageUp)
    case .pageDown: move(.pageDown)
    case .top: move(.top)
    case .bottom: move(.bottom)
    case .toggleExpand: toggleExpand()
    case .nextPane: focusedPane = Self.pane(after: focusedPane, step: 1)
    case .previousPane: focusedPane = Self.pane(after: focusedPane, step: -1)
    case .focusLogs: focusedPane = .logs
    case .beginFilter:
      filterBeforePrompt = filter
      isFilterPromptOpen = true
    case .sortByCPU: resort(.cpu)
    case .sortByMemory: resort(.memory)
    case .sortByName: resort(.name)
    case .sortByStatus: resort(.status)
    case .toggleCPUMode: cpuMode = cpuMode == .host ? .limit : .host
    case .help: overlay = .help
    case .escape: escape()
    default: break
    }
    return []
  }

  private mutating func move(_ move: SelectionMove) {
    selection = list.selection(after: move, from: selection, pageSize: pageSize)
  }

  private mutating func toggleExpand() {
    guard let row = selectedRow else { return }
    if row.isExpandable {
      if collapsed.contains(row.id) { collapsed.remove(row.id) } else { collapsed.insert(row.id) }
    } else if let parent = row.parentID {
      collapsed.insert(parent)
      selection = parent
    }
    rebuild(jumpToFirstMatch: false)
  }

  private mutating func resort(_ mode: SortMode) {
    sortMode = mode
    rebuild(jumpToFirstMatch: false)
  }

  private mutating func escape() {
    if focusedPane != .services {
      focusedPane = .services
    } else if !filter.isEmpty {
      filter = ""
      rebuild(jumpToFirstMatch: false)
    } else {
      statusMessage = nil
    }
  }

  private mutating func cancelFilterPrompt() {
    isFilterPromptOpen = false
    guard filter != filterBeforePrompt else { return }
    filter = filterBeforePrompt
    rebuild(jumpToFirstMatch: false)
  }

  private static func pane(after pane: Pane, step: Int) -> Pane {
    let all = Pane.allCases
    let index = all.firstIndex(of: pane) ?? 0
    return all[(index + step + all.count) % all.count]
  }

  // MARK: - Rows and selection

  /// Rebuilds the rows; the selection follows its item, or jumps to the first matching service.
  private mutating func rebuild(jumpToFirstMatch: Bool) {
    let previous = list
    list = RowList(aggregation, sortedBy: sortMode, filter: filter, collapsed: collapsed)
    if jumpToFirstMatch, !filter.isEmpty {
      selection = list.firstServiceOrContainer
    } else {
      selection =
        list.reconciled(selection: selection, from: previous) ?? list.firstServiceOrContainer
    }
  }

  private mutating func followLogsIfNeeded() -> [Effect] {
    let ids: [String]
    switch selectedRow?.content {
    case .container(let container, _): ids = [container.id]
    case .service(let service): ids = service.containers.map(\.id)
    default: ids = []
    }
    guard ids != followedContainerIDs else { return [] }
    followedContainerIDs = ids
    return [.followLogs(containerIDs: ids)]
  }

  // MARK: - Container commands

  /// What a command on the selected row acts on.
  private struct Target {
    /// The containers in scope (a service's replicas; a project's or group's containers).
    var containers: [ContainerSnapshot]
    /// The name for labels, e.g. `celery`, `project shop`.
    var name: String
    /// Phrase for prompts given a count, e.g. `3 containers of celery`.
    var phrase: (Int) -> String
    /// Whether every command needs a confirmation (project and standalone group rows).
    var isGroup: Bool
    /// The service, when the row is one.
    var service: ServiceSummary?

    init(_ row: DashboardRow) {
      service = nil
      switch row.content {
      case .container(let container, _):
        containers = [container]
        name = container.name
        phrase = { _ in "container \(container.name)" }
        isGroup = false
      case .service(let summary):
        containers = summary.replicas.isEmpty ? summary.containers : summary.replicas
        name = summary.name
        phrase = { "\($0) \(Self.noun($0)) of \(summary.name)" }
        isGroup = false
        service = summary
      case .project(let project):
        containers = project.containers
        name = "project \(project.name)"
        phrase = { "\($0) \(Self.noun($0)) of project \(project.name)" }
        isGroup = true
      case .standalone(let standalone, _):
        containers = standalone
        name = "standalone containers"
        phrase = { "\($0) standalone \(Self.noun($0))" }
        isGroup = true
      }
    }

    static func noun(_ count: Int) -> String { count == 1 ? "container" : "containers" }
  }

  private mutating func command(_ action: DashboardAction) -> [Effect] {
    if isReadOnly {
      statusMessage = StatusMessage("Read-only mode: \(action.title) is disabled", isError: true)
      return []
    }
    guard let row = selectedRow else {
      statusMessage = StatusMessage("Nothing selected", isError: true)
      return []
    }
    let target = Target(row)
    switch action {
    case .startStop:
      let running = target.containers.filter(\.isRunning)
      return running.isEmpty
        ? request(.start, on: target.containers, target) : request(.stop, on: running, target)
    case .restart:
      return request(.restart, on: target.containers, target)
    case .pauseUnpause:
      let paused = target.containers.filter { $0.state == .paused }
      if !paused.isEmpty { return request(.unpause, on: paused, target) }
      return request(.pause, on: target.containers.filter { $0.state == .running }, target)
    case .kill:
      return request(.kill, on: target.containers.filter(\.isRunning), target)
    case .remove:
      return request(
        .remove(force: target.containers.contains(where: \.isRunning)), on: target.containers,
        target)
    case .rollingRestart:
      return rollingRestart(target, row: row)
    case .exec, .attach:
      guard row.id != .standalone, Self.isContainerOrService(row) else {
        statusMessage = StatusMessage(
          "Select a service or a container to \(action.title)", isError: true)
        return []
      }
      guard let container = target.containers.first(where: { $0.state == .running }) else {
        statusMessage = StatusMessage("\(target.name) has no running container", isError: true)
        return []
      }
      return [
        action == .exec ? .exec(containerID: container.id) : .attach(containerID: container.id)
      ]
    default:
      return []
    }
  }

  /// A rolling restart of a service's replicas, or (confirmed) of every replica of a project.
  private mutating func rollingRestart(_ target: Target, row: DashboardRow) -> [Effect] {
    let replicas: [ContainerSnapshot]
    switch row.content {
    case .service(let service): replicas = service.replicas
    case .project: replicas = target.containers.filter(\.isReplica)
    default: replicas = []
    }
    guard !replicas.isEmpty else {
      statusMessage = StatusMessage(
        "Rolling restart needs a service or project with replicas", isError: true)
      return []
    }
    let label = "Rolling restart \(target.name)"
    let effect = Effect.rollingRestart(containerIDs: replicas.map(\.id), label: label)
    let status = StatusMessage(Self.progress(label, count: replicas.count))
    if target.isGroup {
      ask("Rolling restart \(target.phrase(replicas.count)), one at a time?", effect: effect, then: status)
      return []
    }
    statusMessage = status
    return [effect]
  }

  /// The status line before an action acts: `Restarting celery: 3 containers…` (the count only
  /// when it is more than one).
  private static func progress(_ text: String, count: Int) -> String {
    count > 1 ? "\(text): \(count) containers…" : "\(text)…"
  }

  /// Opens a confirmation; it answers keys only once it has been shown.
  private mutating func ask(_ question: String, effect: Effect, then status: StatusMessage) {
    overlay = .confirm(prompt: "\(question) y/N", effect: effect)
    isConfirmationArmed = false
    confirmedStatus = status
  }

  private static func isContainerOrService(_ row: DashboardRow) -> Bool {
    switch row.id {
    case .container, .service: true
    default: false
    }
  }

  /// Produces the effect, or the confirmation that guards it.
  private mutating func request(
    _ action: ContainerAction, on containers: [ContainerSnapshot], _ target: Target
  ) -> [Effect] {
    guard !containers.isEmpty else {
      statusMessage = StatusMessage(
        "Nothing to \(action.verb.lowercased()) in \(target.name)", isError: true)
      return []
    }
    let label = "\(action.verb) \(target.name)"
    let effect = Effect.perform(action, containerIDs: containers.map(\.id), label: label)
    let status = StatusMessage(
      Self.progress("\(action.progressiveVerb) \(target.name)", count: containers.count))
    if action.isDestructive || target.isGroup {
      ask("\(action.verb) \(target.phrase(containers.count))?", effect: effect, then: status)
      return []
    }
    statusMessage = status
    return [effect]
  }

  private mutating func answerConfirmation(_ answer: Bool) -> [Effect] {
    guard case .confirm(_, let effect) = overlay, isConfirmationArmed else { return [] }
    overlay = .none
    isConfirmationArmed = false
    defer { confirmedStatus = nil }
    guard answer else {
      statusMessage = StatusMessage("Cancelled")
      return []
    }
    statusMessage = confirmedStatus
    return [effect]
  }
}
