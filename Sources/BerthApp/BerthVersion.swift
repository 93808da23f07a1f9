// BerthApp: dashboard views, keymap, themes and the event loop. Depends on Dashboard and TerminalUI.

/// Berth's release, printed by `berth --version`.
public enum BerthVersion {
  /// Semantic version of this build.
  public static let current = "0.1.0"
}
