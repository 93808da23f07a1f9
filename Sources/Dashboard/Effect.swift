// The vocabulary between the app loop and DashboardState: actions in, events in, effects out.
import Monitor

/// A Berth-level user action; the app maps keystrokes to these through its keymap.
public enum DashboardAction: String, Sendable, CaseIterable {
  /// Select the row above.
  case moveUp
  /// Select the row below.
  case moveDown
  /// Move the selection one page up.
  case pageUp
  /// Move the selection one page down.
  case pageDown
  /// Select the first row.
  case top
  /// Select the last row.
  case bottom
  /// Expand or collapse the selected project, service or group (on a container: collapse its parent).
  case toggleExpand
  /// Focus the next pane.
  case nextPane
  /// Focus the previous pane.
  case previousPane
  /// Start the selection when nothing in it runs, else stop what runs.
  case startStop
  /// Restart the selection (a service: all its replicas).
  case restart
  /// Unpause the paused containers of the selection, else pause the running ones.
  case pauseUnpause
  /// Kill the running containers of the selection (always confirmed).
  case kill
  /// Remove the selection's containers (always confirmed; forced when any runs).
  case remove
  /// Restart a service's (or, confirmed, a project's) replicas one at a time.
  case rollingRestart
  /// Focus the log pane.
  case focusLogs
  /// Open the filter prompt.
  case beginFilter
  /// Sort by CPU, highest first.
  case sortByCPU
  /// Sort by memory, highest first.
  case sortByMemory
  /// Sort by name.
  case sortByName
  /// Sort by status, most in need of attention first.
  case sortByStatus
  /// Switch CPU figures between % of host and % of limit.
  case toggleCPUMode
  /// Show the help overlay.
  case help
  /// Close the overlay, else leave the pane, else clear the filter.
  case escape
  /// Quit Berth.
  case quit
  /// Open a shell in the selected container (a service: its first running replica).
  case exec
  /// Show or hide secret-looking environment values in the details.
  case revealSecrets
  /// Attach to the selected container (a service: its first running replica).
  case attach

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
    case .revealSecrets: "show/hide secret values"
    }
  }
}

/// An engine operation on containers, performed by the app.
public enum ContainerAction: Sendable, Hashable {
  /// Start stopped containers.
  case start
  /// Stop running containers.
  case stop
  /// Restart containers.
  case restart
  /// Freeze containers' processes.
  case pause
  /// Thaw paused containers.
  case unpause
  /// Send SIGKILL.
  case kill
  /// `force` also removes running containers.
  case remove(force: Bool)

  /// Whether the operation loses state (always confirmed).
  public var isDestructive: Bool {
    switch self {
    case .kill, .remove: true
    default: false
    }
  }

  /// The capitalised present participle for progress messages, e.g. `Restarting`.
  public var progressiveVerb: String {
    switch self {
    case .start: "Starting"
    case .stop: "Stopping"
    case .restart: "Restarting"
    case .pause: "Pausing"
    case .unpause: "Unpausing"
    case .kill: "Killing"
    case .remove: "Removing"
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
  /// Text pasted into the open filter prompt, appended as if typed; the app has already removed
  /// control characters and newlines.
  case filterPaste(String)
  /// Backspace in the filter prompt.
  case filterBackspace
  /// Enter in the filter prompt: keep the filter, close the prompt.
  case filterCommit
  /// Escape in the filter prompt: restore the previous filter, close the prompt.
  case filterCancel
  /// The open confirmation is on screen (the app drew the frame that shows it): from now on a
  /// key answers it. Keys that arrive before this are ignored, so keys typed or pasted ahead
  /// while Berth was busy cannot answer a question the user has not seen.
  case confirmationShown
  /// The answer to the open confirmation; ignored until `confirmationShown`.
  case confirm(Bool)
  /// Progress of a running effect, e.g. a rolling restart at 2 of 3.
  case actionProgress(label: String, completed: Int, total: Int)
  /// A finished effect; `error` is the user-facing failure, nil on success.
  case actionFinished(label: String, error: String?)
  /// A mouse click on a row.
  case select(RowID)
  /// A mouse click on a pane focuses it.
  case focus(Pane)
  /// Show a message the app produced (e.g. where it saved a file).
  case showStatus(StatusMessage)
  /// The services pane shows this many rows (the page size).
  case viewport(visibleRows: Int)
  /// Clear the status line (e.g. after a timeout the app measured).
  case dismissStatus
}
