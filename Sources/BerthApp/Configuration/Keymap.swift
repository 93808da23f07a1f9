import Dashboard
import FoundationEssentials
import Glibc
import TOMLKit
import TerminalUI

/// What keys do in the logs pane (looked up before the general keys there).
public enum LogAction: String, Sendable, CaseIterable {
  case toggleTimestamps = "logs.timestamps"
  case toggleWrap = "logs.wrap"
  case search = "logs.search"
  case olderMatch = "logs.older-match"
  case newerMatch = "logs.newer-match"
  case filter = "logs.filter"
  case since = "logs.since"
  case save = "logs.save"
  case fullScreen = "logs.full-screen"

  /// The help text.
  public var title: String {
    switch self {
    case .toggleTimestamps: "timestamps on/off"
    case .toggleWrap: "wrap long lines on/off"
    case .search: "search"
    case .olderMatch: "older match"
    case .newerMatch: "newer match"
    case .filter: "only matching lines on/off"
    case .since: "since… (e.g. 5m, 1h)"
    case .save: "save the logs to a file"
    case .fullScreen: "full-screen logs"
    }
  }
}

/// Key → action bindings, loaded from `themes/keys.toml` (compiled in) and an optional override file.
public struct Keymap: Sendable, Equatable {
  /// Action names as the keymap file spells them.
  public static let actionNames: [(name: String, action: DashboardAction)] = [
    ("move.up", .moveUp), ("move.down", .moveDown), ("move.page-up", .pageUp), ("move.page-down", .pageDown),
    ("move.top", .top), ("move.bottom", .bottom), ("selection.toggle-expand", .toggleExpand),
    ("pane.next", .nextPane), ("pane.previous", .previousPane), ("selection.start-stop", .startStop),
    ("selection.restart", .restart), ("selection.pause-unpause", .pauseUnpause), ("selection.kill", .kill),
    ("selection.remove", .remove), ("selection.rolling-restart", .rollingRestart), ("logs.focus", .focusLogs),
    ("filter", .beginFilter), ("sort.cpu", .sortByCPU), ("sort.memory", .sortByMemory), ("sort.name", .sortByName),
    ("sort.status", .sortByStatus), ("cpu.toggle-mode", .toggleCPUMode), ("container.exec", .exec),
    ("container.attach", .attach), ("details.reveal-secrets", .revealSecrets), ("help", .help), ("back", .escape),
    ("quit", .quit),
  ]

  /// Keys of each action, in the order the file lists them.
  public private(set) var keys: [DashboardAction: [KeyEvent]]
  private var actions: [KeyEvent: DashboardAction]
  /// Keys of the logs pane's own actions.
  public private(set) var logKeys: [LogAction: [KeyEvent]] = [:]
  private var logActions: [KeyEvent: LogAction] = [:]

  /// Makes a keymap from bindings; fails when two actions of one section share a key.
  public init(keys: [DashboardAction: [KeyEvent]], logKeys: [LogAction: [KeyEvent]] = [:], file: String = "built-in")
    throws(ConfigurationError)
  {
    self.keys = keys
    self.logKeys = logKeys
    actions = [:]
    for (action, events) in keys.sorted(by: { Self.name(of: $0.key) < Self.name(of: $1.key) }) {
      for event in events {
        if let other = actions[event], other != action {
          throw ConfigurationError(
            file: file, reason: "\"\(event)\" is bound to both \(Self.name(of: other)) and \(Self.name(of: action))")
        }
        actions[event] = action
      }
    }
    for (action, events) in logKeys.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      for event in events {
        if let other = logActions[event], other != action {
          throw ConfigurationError(
            file: file, reason: "\"\(event)\" is bound to both \(other.rawValue) and \(action.rawValue) in [logs]")
        }
        logActions[event] = action
      }
    }
  }

  /// The shipped keymap, compiled in from `themes/keys.toml`.
  ///
  /// Throws when the compiled-in file does not parse (a build defect), with a message that says so;
  /// the app loads it through `load(overridePath:)` before touching the terminal, so a broken
  /// built-in keymap stops Berth at start-up with that message instead of leaving it keyless.
  public static func builtin() throws(ConfigurationError) -> Keymap {
    try builtin(parsingTOML: BuiltinFiles.keymap)
  }

  /// Parses `text` as the built-in keymap; an error names it as a broken built-in file.
  static func builtin(parsingTOML text: String) throws(ConfigurationError) -> Keymap {
    do {
      return try Keymap(parsingTOML: text, file: "themes/keys.toml")
    } catch {
      throw ConfigurationError(
        file: "built-in keymap (themes/keys.toml)",
        reason:
          "\(error.reason) — this copy is compiled into berth, so the build is broken: fix themes/keys.toml and run scripts/embed-builtins")
    }
  }

  /// The shipped keymap, for tests and previews; stops the program, with the error, when the
  /// compiled-in file does not parse (the app itself loads `builtin()`, which throws).
  public static var `default`: Keymap {
    do { return try builtin() } catch { preconditionFailure(error.description) }
  }

  /// Parses a keymap file; actions it names replace `base`'s keys for those actions.
  public init(parsingTOML text: String, file: String, base: Keymap? = nil) throws(ConfigurationError) {
    let table = try parseTOML(text, file: file)
    if let unknown = table.keys.sorted().first(where: { $0 != "keys" && $0 != "logs" }) {
      throw ConfigurationError(file: file, reason: "unknown table [\(unknown)]; a keymap has [keys] and [logs] tables")
    }
    guard table["keys"] != nil || table["logs"] != nil else {
      throw ConfigurationError(file: file, reason: "missing [keys] table")
    }
    var keys = base?.keys ?? [:]
    var logKeys = base?.logKeys ?? [:]
    if let bindings = table["keys"]?.table {
      for name in bindings.keys.sorted() {
        guard let action = Self.action(named: name) else {
          let known = Self.actionNames.map(\.name).joined(separator: ", ")
          throw ConfigurationError(file: file, reason: "keys.\(name): unknown action; known actions: \(known)")
        }
        keys[action] = try Self.keyEvents(bindings[name], key: "keys.\(name)", file: file)
      }
    }
    if let bindings = table["logs"]?.table {
      for name in bindings.keys.sorted() {
        guard let action = LogAction(rawValue: name) else {
          let known = LogAction.allCases.map(\.rawValue).joined(separator: ", ")
          throw ConfigurationError(file: file, reason: "logs.\(name): unknown action; known actions: \(known)")
        }
        logKeys[action] = try Self.keyEvents(bindings[name], key: "logs.\(name)", file: file)
      }
    }
    try self.init(keys: keys, logKeys: logKeys, file: file)
  }

  private static func keyEvents(_ raw: (any TOMLValueConvertible)?, key: String, file: String) throws(ConfigurationError)
    -> [KeyEvent]
  {
    let texts: [String]
    if let single = raw?.string {
      texts = [single]
    } else if let array = raw?.array {
      texts = try array.map { (item) throws(ConfigurationError) -> String in
        guard let text = item.string else { throw ConfigurationError(file: file, reason: "\(key): expected key strings") }
        return text
      }
    } else {
      throw ConfigurationError(file: file, reason: "\(key): expected a key or a list of keys")
    }
    var events: [KeyEvent] = []
    for text in texts {
      do {
        events.append(try KeyEvent(parsing: text))
      } catch {
        throw ConfigurationError(file: file, reason: "\(key): \(error.description)")
      }
    }
    return events
  }

  /// Loads the default keymap, overridden by the file at `path` when given.
  public static func load(overridePath path: String?) throws(ConfigurationError) -> Keymap {
    let base = try builtin()
    guard let path else { return base }
    return try Keymap(parsingTOML: readText(path), file: path, base: base)
  }

  /// The action bound to a key, if any.
  public func action(for key: KeyEvent) -> DashboardAction? { actions[key] }

  /// The logs-pane action bound to a key, if any.
  public func logAction(for key: KeyEvent) -> LogAction? { logActions[key] }

  /// All keys of a logs-pane action for help (e.g. `L/enter`).
  public func keyList(for action: LogAction) -> String? {
    guard let events = logKeys[action], !events.isEmpty else { return nil }
    return events.map { $0.helpLabel }.joined(separator: "/")
  }

  /// The first key of an action, as shown in help (e.g. `r`, `enter`).
  public func primaryKey(for action: DashboardAction) -> String? { keys[action]?.first?.description }

  /// All keys of an action joined for the help screen (e.g. `up/k`).
  public func keyList(for action: DashboardAction) -> String? {
    guard let events = keys[action], !events.isEmpty else { return nil }
    return events.map { $0.helpLabel }.joined(separator: "/")
  }

  /// The keymap without the actions that change containers (`--read-only`).
  public func removingMutatingActions() -> Keymap {
    var copy = self
    for action in keys.keys where action.isMutating {
      for event in copy.keys[action] ?? [] { copy.actions[event] = nil }
      copy.keys[action] = nil
    }
    return copy
  }

  /// The file's name for an action.
  public static func name(of action: DashboardAction) -> String {
    actionNames.first { $0.action == action }?.name ?? "\(action)"
  }

  /// The action a file name means.
  public static func action(named name: String) -> DashboardAction? {
    actionNames.first { $0.name == name }?.action
  }
}

extension KeyEvent {
  /// A compact label for help: arrows as glyphs, others as their canonical text.
  var helpLabel: String {
    switch self {
    case .up: "↑"
    case .down: "↓"
    case .left: "←"
    case .right: "→"
    default: description
    }
  }
}
