import Dashboard
import DockerEngine
import Foundation
import Monitor
import TerminalUI

/// Everything that reaches the app loop, from the terminal or from background work.
enum AppEvent: Sendable {
  case input(InputEvent)
  case snapshot(EngineSnapshot)
  case dashboard(DashboardEvent)
  case logLines([LogLine], source: String, sourceIndex: Int, generation: Int)
  case logNote(String, generation: Int)
  case quit
}

/// Work the loop hands to the runtime.
enum AppEffect: Equatable, Sendable {
  /// A container action, rolling restart, exec or attach from the dashboard.
  case dashboard(Effect)
  /// Follow these containers' logs for the given generation (an empty list stops following).
  case followLogs([FollowedContainer], generation: Int)
  case quit
}

/// A container whose logs are followed.
struct FollowedContainer: Equatable, Sendable {
  var id: String
  var name: String
  var hasTTY: Bool
  var index: Int
}

/// The app's whole state and its event handling; pure, so tests drive it without a terminal.
struct AppModel {
  var state: DashboardState
  var logs = LogView()
  /// Scroll state of the services table, kept across frames.
  var servicesTable = Table.State()
  var helpScroll = 0
  let keymap: Keymap
  /// Last drawn screen size, for mouse hit-testing and page sizes.
  var size = Size(width: 80, height: 24)

  init(keymap: Keymap, readOnly: Bool = false) {
    self.keymap = keymap
    state = DashboardState(readOnly: readOnly)
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
    state.update(event).map { effect in
      guard case .followLogs(let ids) = effect else { return .dashboard(effect) }
      return follow(ids)
    }
  }

  private mutating func follow(_ ids: [String]) -> AppEffect {
    let containers = ids.compactMap { id in state.snapshot?.containers.first { $0.id == id } }
    let subject: String? = state.selectedRow.map { row in
      containers.count > 1 ? "\(row.title) (\(containers.count) containers)" : containers.first?.name ?? row.title
    }
    let generation = logs.follow(subject: subject, sourceCount: containers.count)
    let followed = containers.enumerated().map { index, container in
      FollowedContainer(id: container.id, name: container.name, hasTTY: container.hasTTY, index: index)
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
    }
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
    let action = keymap.action(for: key)
    switch state.overlay {
    case .confirm:
      switch key {
      case .character("y"), .character("Y"): return dashboard(.confirm(true))
      case .character("n"), .character("N"), .escape: return dashboard(.confirm(false))
      default: return action == .quit ? dashboard(.key(.quit)) : []
      }
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
    if state.focusedPane == .logs, let action, scrollLogs(action) { return [] }
    guard let action else { return [] }
    return dashboard(.key(action))
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
