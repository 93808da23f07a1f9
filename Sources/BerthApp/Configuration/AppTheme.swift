import TerminalUI

/// Berth's theme: the generic TerminalUI roles (`base`) and the roles only a Docker dashboard
/// has — container states, health and OOM kills.
///
/// A theme file sets both kinds under one `[roles]` table; `roleNames` lists every key. The generic
/// roles read through this value directly (`theme.text`, `theme.selection`).
@dynamicMemberLookup
public struct AppTheme: Hashable, Sendable {
  /// The generic roles, and the theme's name.
  public var base: Theme
  /// A running container or service.
  public var stateRunning: Style
  /// An exited (or created, dead, being removed, unknown) container; a stopped or empty service.
  public var stateExited: Style
  /// A paused container.
  public var statePaused: Style
  /// A restarting container or service.
  public var stateRestarting: Style
  /// A container failing its health check.
  public var stateUnhealthy: Style
  /// A container passing its health check.
  public var stateHealthy: Style
  /// A container whose health check is starting.
  public var stateStarting: Style
  /// A container killed for running out of memory.
  public var oomKilled: Style

  /// Makes a theme from the generic roles and Berth's own.
  public init(
    base: Theme, stateRunning: Style, stateExited: Style, statePaused: Style, stateRestarting: Style,
    stateUnhealthy: Style, stateHealthy: Style, stateStarting: Style, oomKilled: Style
  ) {
    self.base = base
    self.stateRunning = stateRunning
    self.stateExited = stateExited
    self.statePaused = statePaused
    self.stateRestarting = stateRestarting
    self.stateUnhealthy = stateUnhealthy
    self.stateHealthy = stateHealthy
    self.stateStarting = stateStarting
    self.oomKilled = oomKilled
  }

  /// A generic role (or the name) of `base`.
  public subscript<Value>(dynamicMember keyPath: KeyPath<Theme, Value>) -> Value {
    base[keyPath: keyPath]
  }

  /// Berth's own style roles with their file (snake_case) names, in file order.
  static var styleRoles: [(name: String, keyPath: WritableKeyPath<AppTheme, Style>)] {
    [
      ("state_running", \.stateRunning), ("state_exited", \.stateExited), ("state_paused", \.statePaused),
      ("state_restarting", \.stateRestarting), ("state_unhealthy", \.stateUnhealthy),
      ("state_healthy", \.stateHealthy), ("state_starting", \.stateStarting), ("oom_killed", \.oomKilled),
    ]
  }

  /// Every key a theme file may set under `[roles]`: the generic roles, then Berth's own.
  public static var roleNames: [String] { Theme.roleNames + styleRoles.map(\.name) }

  /// This theme without colours, for `NO_COLOR` and monochrome terminals (see `Theme.monochrome`).
  public var monochrome: AppTheme {
    var result = self
    result.base = base.monochrome
    for role in AppTheme.styleRoles { result[keyPath: role.keyPath] = self[keyPath: role.keyPath].monochrome }
    return result
  }

  /// This theme with every colour converted to `depth` (`.none` gives `monochrome`).
  public func converted(to depth: ColorDepth) -> AppTheme {
    if depth == .none { return monochrome }
    var result = self
    result.base = base.converted(to: depth)
    for role in AppTheme.styleRoles {
      result[keyPath: role.keyPath] = self[keyPath: role.keyPath].converted(to: depth)
    }
    return result
  }

  /// Builds a theme from a palette and role values layered over `base`, as `Theme`'s initialiser
  /// does: Berth's roles are resolved here, the others by `Theme`. Errors name the offending key.
  public init(
    name: String, palette: [String: String], roles: [String: ThemeRoleValue], base: AppTheme = .default
  ) throws(ThemeError) {
    self = base
    let colors = try ThemePalette(palette)
    var generic: [String: ThemeRoleValue] = [:]
    for (roleName, value) in roles.sorted(by: { $0.key < $1.key }) {
      let key = "roles.\(roleName)"
      if let role = AppTheme.styleRoles.first(where: { $0.name == roleName }) {
        self[keyPath: role.keyPath] = try colors.style(value, key: key)
      } else if Theme.roleNames.contains(roleName) {
        generic[roleName] = value
      } else {
        throw ThemeError(
          key: key, reason: "unknown role; known roles: \(AppTheme.roleNames.joined(separator: ", "))")
      }
    }
    self.base = try Theme(name: name, palette: palette, roles: generic, base: base.base)
  }
}

extension AppTheme {
  /// The built-in dark theme; `themes/default.toml` spells out exactly the same values.
  public static let `default` = AppTheme(
    base: .default,
    stateRunning: Style(foreground: .rgb(0x98, 0xC3, 0x79)),
    stateExited: Style(foreground: .rgb(0x92, 0x83, 0x74)),
    statePaused: Style(foreground: .rgb(0xD3, 0x86, 0x9B)),
    stateRestarting: Style(foreground: .rgb(0xFA, 0xBD, 0x2F)),
    stateUnhealthy: Style(foreground: .rgb(0xFB, 0x49, 0x34), bold: true),
    stateHealthy: Style(foreground: .rgb(0x98, 0xC3, 0x79)),
    stateStarting: Style(foreground: .rgb(0x8E, 0xC0, 0x7C)),
    oomKilled: Style(foreground: .rgb(0xFB, 0x49, 0x34), bold: true, reverse: true)
  )
}
