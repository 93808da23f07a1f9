// The vocabulary between the app loop and DashboardState: actions in, events in, effects out.
import Monitor

/// A Berth-level user action; the app maps keystrokes to these through its keymap.
public enum DashboardAction: String, Sendable, CaseIterable {
  case moveUp, moveDown, pageUp, pageDown, top, bottom
  case toggleExpand, nextPane, previousPane
  case startStop, restart, pauseUnpause, kill, remove, rollingRestart
  case focusLogs, beginFilter
  case sortByCPU, sortByMemory, sortByName, sortByStatus
  case toggleCPUMode, help, escape, quit, exec, attach

  /// Whether the action changes containers (or runs commands in them); disabled in read-only mode.
  public var isMutating: Bool {
    switch self {
    case .startStop, .restart, .pauseUnpause, .kill, .remove, .rollingRestart, .exec, .attach: true
    default: false
    }
  }

  /// Whether the action is always confirmed before it runs.
  public var isDestructive: Bool { self == .kill || self == .remove }

  /// A short title for the help screen and status messages.
  public var title: String {
    switch self {
    case .moveUp: "up"
    case .moveDown: "down"
    case .pageUp: "page up"
    case .pageDown: "page down"
    case .top: "top"
    case .bottom: "bottom"
    case .toggleExpand: "expand/collapse"
    case .nextPane: "next pane"
    case .previousPane: "previous pane"
    case .startStop: "start/stop"
    case .restart: "restart"
    case .pauseUnpause: "pause/unpause"
    case .kill: "kill"
    case .remove: "remove"
    case .rollingRestart: "rolling restart"
    case .focusLogs: "logs"
    case .beginFilter: "filter"
    case .sortByCPU: "sort by CPU"
    case .sortByMemory: "sort by memory"
    case .sortByName: "sort by name"
    case .sortByStatus: "sort by status"
    case .toggleCPUMode: "CPU % of host/limit"
    case .help: "help"
    case .escape: "back"
    case .quit: "quit"
    case .exec: "exec"
    case .attach: "attach"
    }
  }
}

/// An engine operation on containers, performed by the app.
public enum ContainerAction: Sendable, Hashable {
  case start, stop, restart, pause, unpause, kill
  /// `force` also removes running containers.
  case remove(force: Bool)

  /// Whether the operation loses state (always confirmed).
  public var isDestructive: Bool {
    switch self {
    case .kill, .remove: true
    default: false
    }
  }

  /// The capitalised verb for prompts and labels, e.g. `Restart`.
  public var verb: String {
    switch self {
    case .start: "Start"
    case .stop: "Stop"
    case .restart: "Restart"
    case .pause: "Pause"
    case .unpause: "Unpause"
    case .kill: "Kill"
    case .remove: "Remove"
    }
  }
}

/// Work for the app to do; results come back as `DashboardEvent`s.
public enum Effect: Sendable, Equatable {
  /// Run `action` on every container (concurrently is fine); `label` names it in the status line.
  case perform(ContainerAction, containerIDs: [String], label: String)
  /// Restart the containers one at a time, waiting for each to run (and be healthy) before the next.
  case rollingRestart(containerIDs: [String], label: String)
  /// Show these containers' logs (merged) in the log pane; empty stops following.
  case followLogs(containerIDs: [String])
  /// Suspend the UI and run an interactive shell in the container.
  case exec(containerID: String)
  /// Suspend the UI and attach to the container's TTY.
  case attach(containerID: String)
  /// Restore the terminal and exit.
  case quit
}

/// Everything that can happen to the dashboard.
public enum DashboardEvent: Sendable, Equatable {
  /// A fresh picture from the monitor.
  case snapshot(EngineSnapshot)
  /// A user action.
  case key(DashboardAction)
  /// A character typed into the open filter prompt (applied live).
  case filterInput(Character)
  /// Backspace in the filter prompt.
  case filterBackspace
  /// Enter in the filter prompt: keep the filter, close the prompt.
  case filterCommit
  /// Escape in the filter prompt: restore the previous filter, close the prompt.
  case filterCancel
  /// The answer to the open confirmation.
  case confirm(Bool)
  /// Progress of a running effect, e.g. a rolling restart at 2 of 3.
  case actionProgress(label: String, completed: Int, total: Int)
  /// A finished effect; `error` is the user-facing failure, nil on success.
  case actionFinished(label: String, error: String?)
  /// A mouse click on a row.
  case select(RowID)
  /// The services pane shows this many rows (the page size).
  case viewport(visibleRows: Int)
  /// Clear the status line (e.g. after a timeout the app measured).
  case dismissStatus
}
