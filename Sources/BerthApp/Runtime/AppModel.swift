import Dashboard
import DockerEngine
import FoundationEssentials
import Glibc
import Monitor
import TerminalUI

/// Everything that reaches the app loop, from the terminal or from background work.
enum AppEvent: Sendable {
  case input(InputEvent)
  case snapshot(EngineSnapshot)
  case dashboard(DashboardEvent)
  case logLines([LogLine], source: String, sourceIndex: Int, generation: Int)
  /// Log lines of a generation the mailbox dropped while the loop was away (bounded queue).
  case logLinesSkipped(Int, generation: Int)
  case logNote(String, generation: Int)
  case quit
}

/// Work the loop hands to the runtime.
enum AppEffect: Equatable, Sendable {
  /// A container action, rolling restart, exec or attach from the dashboard.
  case dashboard(Effect)
  /// Follow exactly these containers' logs: a new generation restarts every follower; the
  /// same generation keeps those already followed and starts or stops only the difference.
  case followLogs([FollowedContainer], generation: Int)
  /// Write the text to a new file named after `name` and report where.
  case saveLogs(text: String, name: String)
  case quit
}

/// A container whose logs are followed.
struct FollowedContainer: Equatable, Sendable {
  var id: String
  var name: String
  var hasTTY: Bool
  /// Stable colour index of the source.
  var index: Int
  /// Lines since this long ago; nil: the last 200 lines.
  var since: Duration? = nil
}

/// A one-line text prompt of the logs pane.
struct LogPrompt: Equatable {
  enum Kind: Equatable {
    case search
    case since
  }

  var kind: Kind
  var text = ""

  /// The prompt's label in the footer.
  var label: String { kind == .search ? "search: " : "since (e.g. 30s, 5m, 2h, 1d): " }
}

/// The app's whole state and its event handling; pure, so tests drive it without a terminal.
struct AppModel {
  var state: DashboardState
  var logs = LogView()
  /// Scroll state of the services table, kept across frames.
  var servicesTable = Table.State()
  var helpScroll = 0
  /// The logs pane's text prompt, when open.
  var logPrompt: LogPrompt?
  /// Whether the logs fill the screen.
  var isLogsFullScreen = false
  /// The row whose secret-looking values the details show (`v`); nil: masked everywhere.
  /// Revealing covers the selection of the moment only and ends when the selection moves.
  private(set) var secretsRevealedRow: RowID?
  /// Whether the details show the selected row's secret-looking values.
  var revealsSecrets: Bool { secretsRevealedRow != nil && secretsRevealedRow == state.selectedRow?.id }
  /// The containers whose logs are followed, and for which row.
  private(set) var followed: [FollowedContainer] = []
  private var followedRow: RowID?
  private var sourceIndexes: [String: Int] = [:]
  let keymap: Keymap
  /// Last drawn screen size, for mouse hit-testing and page sizes.
  var size = Size(width: 80, height: 24)

  init(keymap: Keymap, readOnly: Bool = false, logCapacity: Int = 5_000) {
    self.keymap = keymap
    state = DashboardState(readOnly: readOnly)
    logs = LogView(capacity: logCapacity)
  }

  /// Applies one event; returns the work to start.
  mutating func handle(_ event: AppEvent) -> [AppEffect] {
    switch event {
    case .snapshot(let snapshot):
      return dashboard(.snapshot(snapshot))
    case .dashboard(let event):
      return dashboard(event)
    case .logLines(let lines, let source, let index, let generation):
      logs.append(lines.map { LogEntry(line: $0, source: source, sourceIndex: index) }, generation: generation)
      return []
    case .logLinesSkipped(let count, let generation):
      logs.noteSkipped(count, generation: generation)
      return []
    case .logNote(let text, let generation):
      logs.note(text, generation: generation)
      return []
    case .quit:
      return [.quit]
    case .input(let input):
      return handle(input)
    }
  }

  private mutating func dashboard(_ event: DashboardEvent) -> [AppEffect] {
    let effects = state.update(event)
    if secretsRevealedRow != state.selectedRow?.id { secretsRevealedRow = nil }  // the selection moved
    return effects.map { effect in
      guard case .followLogs(let ids) = effect else { return .dashboard(effect) }
      return follow(ids)
    }
  }

  /// Follows the logs of `ids` for the selected row: the same row keeps its buffer and the
  /// followers that stay; another starts a new generation.
  mutating func follow(_ ids: [String]) -> AppEffect {
    let containers = ids.compactMap { id in state.snapshot?.containers.first { $0.id == id } }
    let row = state.selectedRow
    let subject: String? = row.map { row in
      containers.count > 1 ? "\(row.title) (\(containers.count) containers)" : containers.first?.name ?? row.title
    }
    let generation: Int
    if let row, row.id == followedRow, !containers.isEmpty {
      // Same selection, replicas came or went: keep the buffer and the followers that stay.
      logs.continueFollowing(sourceCount: containers.count, subject: subject)
      generation = logs.generation
    } else {
      generation = logs.follow(subject: subject, sourceCount: containers.count)
      sourceIndexes = [:]
    }
    followedRow = row?.id
    for container in containers where sourceIndexes[container.id] == nil {
      sourceIndexes[container.id] = sourceIndexes.count
    }
    followed = containers.map { container in
      FollowedContainer(
        id: container.id, name: container.name, hasTTY: container.hasTTY,
        index: sourceIndexes[container.id] ?? 0, since: logs.since)
    }
    return .followLogs(followed, generation: generation)
  }

  private mutating func handle(_ input: InputEvent) -> [AppEffect] {
    switch input {
    case .resize(let width, let height):
      size = Size(width: width, height: height)
      return dashboard(.viewport(visibleRows: servicesVisibleRows))
    case .mouse(let mouse):
      return handle(mouse)
    case .key(let key):
      return handle(key)
    case .paste(let text):
      return paste(text)
    }
  }

  /// Pasted text is never read as keys: it goes into the open text prompt (control characters
  /// and newlines removed), otherwise it is dropped with a note.
  private mutating func paste(_ raw: String) -> [AppEffect] {
    let text = TerminalText.sanitize(raw)
    if state.isFilterPromptOpen, state.overlay == .none {
      return dashboard(.filterPaste(text))
    }
    if var prompt = logPrompt, state.overlay == .none {
      prompt.text += text
      logPrompt = prompt
      if prompt.kind == .search { logs.search(prompt.text) }
      return []
    }
    let excerptLength = 32
    let excerpt = text.count > excerptLength ? String(text.prefix(excerptLength)) + "…" : text
    return status("Pasted text ignored: \"\(excerpt)\"")
  }

  /// Whether a confirmation is open that has not been on screen yet: the loop stops reading
  /// the current batch of input, draws, discards what was typed ahead, then calls `frameDrawn()`.
  var isConfirmationAwaitingFrame: Bool {
    if case .confirm = state.overlay { return !state.isConfirmationArmed }
    return false
  }

  /// Whether a frame of the current state shows a confirmation that does not take answers yet
  /// (a terminal too small for the panes shows no dialog): after drawing it, the loop discards
  /// typed-ahead input and calls `frameDrawn()`.
  var showsUnarmedConfirmation: Bool {
    isConfirmationAwaitingFrame && !DashboardLayout(size: size).isTooSmall
  }

  /// The loop drew a frame of the current state: an open confirmation is now on screen (unless
  /// the terminal is too small to show it), so the next key answers it.
  mutating func frameDrawn() -> [AppEffect] {
    guard showsUnarmedConfirmation else { return [] }
    return dashboard(.confirmationShown)
  }

  /// Containers whose figures are on screen: those of the visible service and container rows,
  /// the selection's and those whose logs are followed. The monitor samples them every interval.
  var containersOnScreen: Set<String> {
    let rows = state.rows
    let start = min(servicesTable.offset, rows.count)
    let end = min(rows.count, start + servicesVisibleRows)
    var ids = Set<String>()
    for row in rows[start..<end] {
      switch row.content {
      case .container(let container, _): ids.insert(container.id)
      case .service: ids.formUnion(row.containers.map(\.id))
      default: break
      }
    }
    ids.formUnion(state.selectedRow?.containers.map(\.id) ?? [])
    ids.formUnion(followed.map(\.id))
    return ids
  }

  /// Rows the services table shows at the current size (its inner height minus the header).
  var servicesVisibleRows: Int {
    max(1, DashboardLayout(size: size).services.height - 3)
  }

  private mutating func handle(_ key: KeyEvent) -> [AppEffect] {
    if state.isFilterPromptOpen {
      switch key {
      case .enter: return dashboard(.filterCommit)
      case .escape: return dashboard(.filterCancel)
      case .backspace, .delete: return dashboard(.filterBackspace)
      case .character(let character): return dashboard(.filterInput(character))
      default: return []
      }
    }
    if logPrompt != nil { return handlePrompt(key) }
    let action = keymap.action(for: key)
    switch state.overlay {
    case .confirm:
      // Keys typed before the question was on screen are ignored (the state drops them); after,
      // y/Y accepts and any other key cancels.
      return dashboard(.confirm(key == .character("y") || key == .character("Y")))
    case .help:
      switch action {
      case .moveDown?: helpScroll += 1
      case .moveUp?: helpScroll = max(0, helpScroll - 1)
      case .pageDown?: helpScroll += 10
      case .pageUp?: helpScroll = max(0, helpScroll - 10)
      case .some(let other):
        if other == .help || other == .escape { helpScroll = 0 }
        return dashboard(.key(other))
      case nil: break
      }
      return []
    case .none:
      break
    }
    let logsHaveKeys = isLogsFullScreen || state.focusedPane == .logs
    if let logAction = keymap.logAction(for: key), logsHaveKeys || logAction == .fullScreen && key != .enter {
      return handle(logAction)
    }
    if isLogsFullScreen {
      if action == .escape || action == .focusLogs {
        isLogsFullScreen = false
        return []
      }
      if let action, scrollLogs(action) { return [] }
      return action == .quit || action == .help ? dashboard(.key(action!)) : []
    }
    if state.focusedPane == .logs, let action, scrollLogs(action) { return [] }
    guard let action else { return [] }
    if action == .revealSecrets {
      guard let row = state.selectedRow else { return status("Select a container first", isError: true) }
      secretsRevealedRow = revealsSecrets ? nil : row.id
      return status(
        revealsSecrets
          ? "Secret values of \(row.title) shown until the selection moves — \(keymap.keyList(for: .revealSecrets) ?? "v") hides them"
          : "Secret values hidden")
    }
    return dashboard(.key(action))
  }

  private mutating func handle(_ action: LogAction) -> [AppEffect] {
    switch action {
    case .toggleTimestamps: logs.showsTimestamps.toggle()
    case .toggleWrap: logs.wraps.toggle()
    case .search: logPrompt = LogPrompt(kind: .search, text: logs.query)
    case .since: logPrompt = LogPrompt(kind: .since)
    case .olderMatch, .newerMatch:
      if logs.query.isEmpty {
        return status("Search first (\(keymap.keyList(for: .search) ?? "/"))", isError: true)
      }
      if !logs.nextMatch(older: action == .olderMatch) {
        return status("No \(action == .olderMatch ? "older" : "newer") line matches \"\(logs.query)\"", isError: true)
      }
    case .filter:
      if logs.query.isEmpty {
        return status(
          "Search first (\(keymap.keyList(for: .search) ?? "/")), then \(keymap.keyList(for: .filter) ?? "f") shows only matching lines",
          isError: true)
      }
      logs.toggleFilter()
    case .save:
      guard !logs.lines.isEmpty else { return status("No log lines to save", isError: true) }
      let name = (logs.subject ?? "logs").replacing(" ", with: "-")
      return [.saveLogs(text: logs.plainText(withSources: logs.sourceCount > 1), name: name)]
    case .fullScreen:
      isLogsFullScreen = true
    }
    return []
  }

  private mutating func handlePrompt(_ key: KeyEvent) -> [AppEffect] {
    guard var prompt = logPrompt else { return [] }
    switch key {
    case .escape:
      logPrompt = nil
      if prompt.kind == .search { logs.search("") }
      return []
    case .backspace, .delete:
      if !prompt.text.isEmpty { prompt.text.removeLast() }
    case .character(let character):
      prompt.text.append(character)
    case .enter:
      logPrompt = nil
      return apply(prompt)
    default:
      return []
    }
    logPrompt = prompt
    if prompt.kind == .search { logs.search(prompt.text) }  // incremental
    return []
  }

  private mutating func apply(_ prompt: LogPrompt) -> [AppEffect] {
    switch prompt.kind {
    case .search:
      logs.search(prompt.text)
      if !prompt.text.isEmpty, !logs.lines.contains(where: logs.matches) {
        return status("No line matches \"\(prompt.text)\"", isError: true)
      }
      return []
    case .since:
      let text = prompt.text.trimmingWhitespace()
      let duration: Duration?
      if text.isEmpty || text == "-" {
        duration = nil
      } else {
        do { duration = try DurationText.parse(text) } catch { return status(error.message, isError: true) }
      }
      let generation = logs.restart(since: duration)
      followed = followed.map {
        var container = $0; container.since = duration; return container
      }
      return [.followLogs(followed, generation: generation)]
        + status(duration.map { "Logs since \(DurationText.describe($0)) ago" } ?? "Logs: the last 200 lines")
    }
  }

  private mutating func status(_ text: String, isError: Bool = false) -> [AppEffect] {
    dashboard(.showStatus(StatusMessage(text, isError: isError)))
  }

  /// Scroll keys in the logs pane move the log view; returns whether the key was used.
  private mutating func scrollLogs(_ action: DashboardAction) -> Bool {
    let page = max(1, DashboardLayout(size: size).logs.height - 2)
    switch action {
    case .moveUp: logs.scrollUp(1)
    case .moveDown: logs.scrollDown(1)
    case .pageUp: logs.scrollUp(page)
    case .pageDown: logs.scrollDown(page)
    case .top: logs.scrollToTop()
    case .bottom: logs.resume()
    default: return false
    }
    return true
  }

  private mutating func handle(_ mouse: MouseEvent) -> [AppEffect] {
    guard state.overlay == .none else { return [] }
    let layout = DashboardLayout(size: size)
    guard !layout.isTooSmall else { return [] }
    switch mouse.kind {
    case .wheelUp, .wheelDown:
      let up = mouse.kind == .wheelUp
      if layout.logs.contains(x: mouse.x, y: mouse.y) {
        if up { logs.scrollUp(3) } else { logs.scrollDown(3) }
        return []
      }
      if layout.services.contains(x: mouse.x, y: mouse.y) {
        return (0..<3).flatMap { _ in dashboard(.key(up ? .moveUp : .moveDown)) }
      }
      return []
    case .click:
      if layout.services.contains(x: mouse.x, y: mouse.y) {
        // Border, then the table header, then rows from the scroll offset.
        let index = servicesTable.offset + (mouse.y - layout.services.y - 2)
        if mouse.y >= layout.services.y + 2, state.rows.indices.contains(index) {
          return dashboard(.select(state.rows[index].id))
        }
        return dashboard(.focus(.services))
      }
      if layout.details.contains(x: mouse.x, y: mouse.y) { return dashboard(.focus(.details)) }
      if layout.logs.contains(x: mouse.x, y: mouse.y) { return dashboard(.focus(.logs)) }
      return []
    }
  }
}
