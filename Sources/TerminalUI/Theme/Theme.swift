/// Generic semantic styles for an application, built from a palette and named roles.
///
/// Role names in files are snake_case (`border_focused`); `roleNames` lists them all. An
/// application adds its own roles beside these (resolving them with `ThemePalette`) and hands
/// the roles it does not know to `init(name:palette:roles:base:)`.
public struct Theme: Hashable, Sendable {
  /// The theme's name.
  public var name: String
  /// Ordinary text.
  public var text: Style
  /// De-emphasised text.
  public var muted: Style
  /// Borders of unfocused panes.
  public var border: Style
  /// Border of the focused pane.
  public var borderFocused: Style
  /// Pane titles.
  public var title: Style
  /// Table headers.
  public var header: Style
  /// The selected row.
  public var selection: Style
  /// Destructive actions and errors.
  public var danger: Style
  /// Warnings.
  public var warning: Style
  /// Success.
  public var ok: Style
  /// The status bar.
  public var statusBar: Style
  /// An error in the status bar.
  public var statusError: Style
  /// Key hint descriptions.
  public var keyHint: Style
  /// Key hint keys.
  public var keyHintKey: Style
  /// Log timestamps.
  public var logTimestamp: Style
  /// Log lines from stderr.
  public var logStderr: Style
  /// Search matches.
  public var searchMatch: Style
  /// Colours of usage gauges and graphs.
  public var usage: Gradient
  /// Symbols for graphs.
  public var graphSymbols: GraphSymbols

  /// The style roles with their file (snake_case) names, in file order.
  static var styleRoles: [(name: String, keyPath: WritableKeyPath<Theme, Style>)] {
    [
      ("text", \.text), ("muted", \.muted), ("border", \.border),
      ("border_focused", \.borderFocused),
      ("title", \.title), ("header", \.header), ("selection", \.selection),
      ("danger", \.danger), ("warning", \.warning),
      ("ok", \.ok),
      ("status_bar", \.statusBar), ("status_error", \.statusError),
      ("key_hint", \.keyHint),
      ("key_hint_key", \.keyHintKey), ("log_timestamp", \.logTimestamp),
      ("log_stderr", \.logStderr),
      ("search_match", \.searchMatch),
    ]
  }

  /// Every key a theme file may set under `[roles]` (snake_case): the style
  /// roles, then `usage` and `graph_symbols`.
  public static var roleNames: [String] {
    styleRoles.map(\.name) + ["usage", "graph_symbols"]
  }

  /// The style for a snake_case role name, or `nil` if there is no such style
  /// role.
  public subscript(role name: String) -> Style? {
    Theme.styleRoles.first { $0.name == name }.map { self[keyPath: $0.keyPath] }
  }

  /// This theme without colours, for `NO_COLOR` and monochrome terminals.
  ///
  /// Bold, dim, reverse and underline are kept; a role whose background was a colour (such as a
  /// selection) becomes reversed so it stays visible.
  public var monochrome: Theme {
    var result = self
    for role in Theme.styleRoles {
      result[keyPath: role.keyPath] = self[keyPath: role.keyPath].monochrome
    }
    result.usage = Gradient(start: .default, mid: .default, end: .default)
    return result
  }

  /// This theme with every colour converted to `depth` (`.none` gives
  /// `monochrome`).
  public func converted(to depth: ColorDepth) -> Theme {
    if depth == .none { return monochrome }
    var result = self
    for role in Theme.styleRoles {
      result[keyPath: role.keyPath] = self[keyPath: role.keyPath].converted(
        to: depth)
    }
    result.usage = Gradient(
      start: usage.start.converted(to: depth),
      mid: usage.mid.converted(to: depth), end: usage.end.converted(to: depth))
    return result
  }
}

extension Theme {
  /// Builds a theme from a palette and role values layered over `base`.
  ///
  /// Colour strings resolve through `palette` first, then as colour names, `#rrggbb` or 0–255.
  /// Each role named replaces that role of `base` entirely; roles not named keep `base`'s value.
  /// Errors name the offending key, for example `roles.selection.bg` or `palette.green`.
  public init(
    name: String, palette: [String: String], roles: [String: ThemeRoleValue],
    base: Theme = .default
  ) throws(ThemeError) {
    self = base
    self.name = name
    let palette = try ThemePalette(palette)
    for (roleName, value) in roles.sorted(by: { $0.key < $1.key }) {
      let key = "roles.\(roleName)"
      switch (roleName, value) {
      case ("usage", .gradient(let start, let mid, let end)):
        usage = Gradient(
          start: try palette.color(start, key: key + ".start"),
          mid: try palette.color(mid, key: key + ".mid"),
          end: try palette.color(end, key: key + ".end"))
      case ("usage", _):
        throw ThemeError(
          key: key, reason: "expected a table { start = …, mid = …, end = … }")
      case ("graph_symbols", .symbols(let symbols)),
        ("graph_symbols", .color(let symbols)):
        guard let parsed = GraphSymbols(rawValue: symbols.lowercased()) else {
          throw ThemeError(
            key: key,
            reason: "\"\(symbols)\" is not one of braille, block, ascii")
        }
        graphSymbols = parsed
      case ("graph_symbols", _):
        throw ThemeError(
          key: key, reason: "expected one of \"braille\", \"block\", \"ascii\"")
      default:
        guard let role = Theme.styleRoles.first(where: { $0.name == roleName })
        else {
          throw ThemeError(
            key: key,
            reason:
              "unknown role; known roles: \(Theme.roleNames.joined(separator: ", "))"
          )
        }
        self[keyPath: role.keyPath] = try palette.style(value, key: key)
      }
    }
  }
}

/// A role's value as read from a theme file.
public enum ThemeRoleValue: Hashable, Sendable {
  /// A colour string used as the foreground: `role = "red"`.
  case color(String)
  /// A style table: `role = { fg = "black", bg = "cyan", bold = true }`; absent
  /// keys are unset/off.
  case style(
    fg: String?, bg: String?, bold: Bool?, dim: Bool?, reverse: Bool?,
    underline: Bool?)
  /// A gradient table: `usage = { start = "green", mid = "yellow", end = "red"
  /// }`.
  case gradient(start: String, mid: String, end: String)
  /// A symbol set name: `graph_symbols = "braille"`.
  case symbols(String)
}

/// The error thrown for a bad theme key or value; the message names the key.
public struct ThemeError: Error, Equatable, CustomStringConvertible {
  /// The dotted key, for example `roles.selection.bg`.
  public var key: String
  /// What is wrong with it.
  public var reason: String

  /// Makes an error about `key`.
  public init(key: String, reason: String) {
    self.key = key
    self.reason = reason
  }

  /// `key: reason`.
  public var description: String { "\(key): \(reason)" }
}
