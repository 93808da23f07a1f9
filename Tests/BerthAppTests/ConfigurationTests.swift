@testable import BerthApp
import Dashboard
import Foundation
import TerminalUI
import Testing

struct ThemeFileTests {
  static let themeNames = ["default", "light", "high-contrast", "monochrome"]

  @Test(arguments: themeNames + ["keys"])
  func shippedFileEqualsTheCompiledCopy(name: String) throws {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("themes/\(name).toml"), encoding: .utf8)
    let compiled = name == "keys" ? BuiltinFiles.keymap : BuiltinFiles.themes[name]
    #expect(text == compiled, "themes/\(name).toml changed: run scripts/embed-builtins")
  }

  @Test func defaultFileIsExactlyTheCompiledDefaultTheme() throws {
    #expect(try ThemeLoader.load("default") == AppTheme.default)
  }

  @Test(arguments: themeNames)
  func everyShippedThemeLoadsAndSetsEveryRole(name: String) throws {
    let theme = try ThemeLoader.load(name)
    #expect(theme.name == name)
    let text = try #require(BuiltinFiles.themes[name])
    for role in AppTheme.roleNames {
      #expect(text.contains("\n\(role) = "), "themes/\(name).toml does not set \(role)")
    }
  }

  @Test func themesDifferFromEachOther() throws {
    let themes = try Self.themeNames.map { try ThemeLoader.load($0) }
    #expect(Set(themes.map(\.selection)).count == themes.count)
  }

  @Test func aPathLoadsAFileLayeredOverTheDefault() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("berth-theme-\(UUID().uuidString).toml")
    try "[theme]\nname = \"mine\"\n[roles]\nselection = { fg = \"white\", bg = \"#005f87\" }\n".write(
      to: url, atomically: true, encoding: .utf8)
    let theme = try ThemeLoader.load(url.path)
    #expect(theme.name == "mine")
    #expect(theme.selection == Style(foreground: .white, background: try Color(parsing: "#005f87")))
    #expect(theme.stateRunning == AppTheme.default.stateRunning)
  }

  @Test func unknownThemeNameListsTheShippedOnes() {
    #expect {
      try ThemeLoader.load("solarized")
    } throws: { error in
      "\(error)".contains("default, high-contrast, light, monochrome")
    }
  }

  /// Every file in InvalidThemes/ starts with `# expect: TEXT`; loading it must fail with TEXT in the message.
  @Test func invalidThemesFailNamingTheKey() throws {
    let directory = repositoryRoot.appendingPathComponent("Tests/BerthAppTests/InvalidThemes")
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".toml") }.sorted()
    #expect(files.count >= 6)
    for file in files {
      let path = directory.appendingPathComponent(file).path
      let text = try String(contentsOfFile: path, encoding: .utf8)
      let expected = try #require(text.split(separator: "\n").first?.replacingOccurrences(of: "# expect: ", with: ""))
      do {
        _ = try ThemeLoader.load(path)
        Issue.record("\(file) loaded but should fail with \(expected)")
      } catch {
        #expect(error.description.contains(expected), "\(file): \(error.description)")
        #expect(error.description.hasPrefix(path), "\(file): the message names the file")
      }
    }
  }
}

struct KeymapTests {
  @Test func defaultBindsEveryAction() {
    let keymap = Keymap.default
    let unbound = Set(Keymap.actionNames.map(\.action)).filter { keymap.keys[$0]?.isEmpty ?? true }
    #expect(unbound.isEmpty)
    #expect(LogAction.allCases.allSatisfy { keymap.logKeys[$0]?.isEmpty == false })
    #expect(keymap.logAction(for: .character("s")) == .since)
    #expect(keymap.action(for: .character("s")) == .startStop)
    #expect(keymap.action(for: .character("e")) == .exec)
    #expect(keymap.action(for: .character("r")) == .restart)
    #expect(keymap.action(for: .character("K")) == .kill)
    #expect(keymap.action(for: .down) == .moveDown)
    #expect(keymap.action(for: .character("j")) == .moveDown)
    #expect(keymap.action(for: .escape) == .escape)
    #expect(keymap.action(for: .character("x")) == nil)
  }

  @Test func anOverrideChangesOnlyTheActionsItNames() throws {
    let keymap = try Keymap(parsingTOML: "[keys]\n\"selection.restart\" = [\"ctrl+r\", \"F5\"]\n", file: "mine.toml", base: .default)
    #expect(keymap.action(for: .ctrl("r")) == .restart)
    #expect(keymap.action(for: .function(5)) == .restart)
    #expect(keymap.action(for: .character("r")) == nil)
    #expect(keymap.action(for: .character("s")) == .startStop)
  }

  @Test(arguments: [
    ("[keys]\n\"selection.explode\" = [\"x\"]\n", "keys.selection.explode: unknown action"),
    ("[keys]\nquit = [\"ctrl+\"]\n", "keys.quit:"),
    ("[keys]\nquit = [\"r\"]\n", "\"r\" is bound to both"),
    ("[shortcuts]\nquit = [\"q\"]\n", "unknown table [shortcuts]"),
    ("[logs]\n\"logs.explode\" = [\"x\"]\n", "logs.logs.explode: unknown action"),
    ("[logs]\n\"logs.wrap\" = [\"t\"]\n", "\"t\" is bound to both"),
    ("[keys]\nquit = 3\n", "keys.quit: expected a key"),
    ("[keys\nquit = 3\n", "line 1"),
  ])
  func badKeymapsAreClearErrors(text: String, expected: String) {
    #expect {
      try Keymap(parsingTOML: text, file: "bad.toml", base: .default)
    } throws: { error in
      "\(error)".hasPrefix("bad.toml: ") && "\(error)".contains(expected)
    }
  }

  @Test func readOnlyRemovesEveryMutatingAction() {
    let keymap = Keymap.default.removingMutatingActions()
    #expect(keymap.action(for: .character("r")) == nil)
    #expect(keymap.action(for: .character("K")) == nil)
    #expect(keymap.action(for: .character("q")) == .quit)
    #expect(!HelpScreen.rows(keymap: keymap).contains { $0.description.hasPrefix("kill") })
  }

  @Test func helpListsEveryBoundAction() {
    let rows = HelpScreen.rows(keymap: .default)
    for (_, action) in Keymap.actionNames where Keymap.default.keys[action] != nil {
      #expect(rows.contains { $0.description.hasPrefix(action.title) }, "help does not list \(action.title)")
    }
    #expect(rows.contains { $0.key == "K" && $0.description == "kill (asks first)" })
  }
}
