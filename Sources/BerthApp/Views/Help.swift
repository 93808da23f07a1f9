import Dashboard
import TerminalUI

/// The footer's key hints: the keys that apply to what is selected and focused now.
enum FooterHints {
  static func items(state: DashboardState, keymap: Keymap, logsHaveKeys: Bool = false) -> [HelpBar.Item] {
    var actions: [DashboardAction]
    switch state.overlay {
    case .help: return [HelpBar.Item(key: keymap.primaryKey(for: .escape) ?? "esc", description: "close")]
    case .confirm: return [HelpBar.Item(key: "y", description: "yes"), HelpBar.Item(key: "any other key", description: "cancel")]
    case .none: break
    }
    if logsHaveKeys {
      let logActions: [LogAction] = [.search, .olderMatch, .filter, .since, .toggleTimestamps, .toggleWrap, .save, .fullScreen]
      let items = logActions.compactMap { action in
        keymap.keyList(for: action).map { HelpBar.Item(key: $0, description: action.title) }
      }
      let general: [DashboardAction] = [.bottom, .escape, .help, .quit]
      return items
        + general.compactMap { action in
          keymap.keyList(for: action).map { HelpBar.Item(key: $0, description: action == .bottom ? "follow" : action.title) }
        }
    }
    switch state.focusedPane {
    case .logs:
      actions = [.moveUp, .moveDown, .bottom, .nextPane, .escape, .help, .quit]
    default:
      actions = [
        .startStop, .restart, .rollingRestart, .pauseUnpause, .kill, .remove, .exec, .attach, .focusLogs,
        .beginFilter, .toggleExpand, .toggleCPUMode, .sortByCPU, .help, .quit,
      ]
    }
    if state.selectedRow == nil { actions.removeAll { $0.isMutating } }
    return actions.compactMap { action in
      keymap.primaryKey(for: action).map { HelpBar.Item(key: keymap.keyList(for: action) ?? $0, description: action.title) }
    }
  }
}

/// The help overlay: every bound action, grouped, from the live keymap.
enum HelpScreen {
  static let groups: [(String, [DashboardAction])] = [
    ("Move", [.moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom, .toggleExpand, .nextPane, .previousPane]),
    (
      "Act on the selection (a service: all its replicas)",
      [.startStop, .restart, .rollingRestart, .pauseUnpause, .kill, .remove, .exec, .attach]
    ),
    (
      "View",
      [
        .focusLogs, .beginFilter, .sortByCPU, .sortByMemory, .sortByName, .sortByStatus, .toggleCPUMode,
        .revealSecrets,
      ]
    ),
    ("General", [.help, .escape, .quit]),
  ]

  static func rows(keymap: Keymap) -> [TerminalUI.Overlay.Row] {
    var rows: [TerminalUI.Overlay.Row] = []
    for (heading, actions) in groups {
      let bound = actions.compactMap { action in
        keymap.keyList(for: action).map {
          TerminalUI.Overlay.Row(key: $0, description: action.title + (action.isDestructive ? " (asks first)" : ""))
        }
      }
      guard !bound.isEmpty else { continue }
      rows.append(.heading(heading))
      rows += bound
    }
    let logRows = LogAction.allCases.compactMap { action in
      keymap.keyList(for: action).map { TerminalUI.Overlay.Row(key: $0, description: action.title) }
    }
    if !logRows.isEmpty {
      rows.append(.heading("In the logs pane (↑/↓, PgUp/PgDn, g/G scroll; scrolling up pauses following)"))
      rows += logRows
    }
    return rows
  }
}
