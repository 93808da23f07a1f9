@testable import BerthApp
import Testing
import TerminalUI

/// Berth's own theme roles (container states, OOM kills) beside TerminalUI's generic ones.
struct AppThemeTests {
  @Test func rolesSplitBetweenBerthAndTheGenericTheme() throws {
    let theme = try AppTheme(
      name: "split", palette: ["accent": "#010203"],
      roles: ["state_running": .color("accent"), "danger": .color("accent"), "oom_killed": .color("blue")])
    #expect(theme.name == "split")
    #expect(theme.stateRunning == Style(foreground: .rgb(1, 2, 3)))
    #expect(theme.danger == Style(foreground: .rgb(1, 2, 3)))
    #expect(theme.oomKilled == Style(foreground: .blue))
    #expect(theme.stateExited == AppTheme.default.stateExited)
    #expect(theme.muted == AppTheme.default.muted)
  }

  @Test func anUnknownRoleListsBerthsRolesToo() {
    #expect {
      try AppTheme(name: "x", palette: [:], roles: ["state_sleeping": .color("red")])
    } throws: { error in
      guard let error = error as? ThemeError else { return false }
      return error.key == "roles.state_sleeping" && error.reason.contains("state_running")
        && error.reason.contains("selection")
    }
  }

  @Test func monochromeDropsTheColoursOfBerthsRoles() {
    let mono = AppTheme.default.monochrome
    let styles = [
      mono.stateRunning, mono.stateExited, mono.statePaused, mono.stateRestarting, mono.stateUnhealthy,
      mono.stateHealthy, mono.stateStarting, mono.oomKilled,
    ]
    #expect(styles.allSatisfy { $0.foreground == nil && $0.background == nil })
    #expect(mono.oomKilled.isBold && mono.oomKilled.isReversed)
    #expect(mono.base == Theme.default.monochrome)
    #expect(AppTheme.default.converted(to: .none) == mono)
  }

  @Test func conversionReachesBerthsRoles() {
    let converted = AppTheme.default.converted(to: .ansi8)
    #expect(converted.stateRunning == AppTheme.default.stateRunning.converted(to: .ansi8))
    #expect(converted.stateRunning != AppTheme.default.stateRunning)
    #expect(converted.base == Theme.default.converted(to: .ansi8))
  }
}
