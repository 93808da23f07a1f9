@testable import BerthApp
import Foundation
import Testing

/// Every TOML file shipped in `themes/` loads, from disk and from its compiled-in copy, and the
/// copies in `BuiltinFiles.swift` are the files byte for byte (a forgotten `scripts/embed-builtins`
/// fails here). The files are listed from the directory, so a new file is covered without a test edit.
struct ShippedFilesTests {
  static let themesDirectory = repositoryRoot.appendingPathComponent("themes")

  /// The names (without `.toml`) of the files in `themes/`.
  static func shippedNames() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: themesDirectory.path)
      .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
  }

  static func text(of name: String) throws -> String {
    try String(contentsOf: themesDirectory.appendingPathComponent("\(name).toml"), encoding: .utf8)
  }

  @Test func everyShippedFileIsCompiledInUnchanged() throws {
    let names = try Self.shippedNames()
    #expect(names.contains("keys") && names.contains("default"))
    #expect(Set(BuiltinFiles.themes.keys) == Set(names.filter { $0 != "keys" }), "run scripts/embed-builtins")
    for name in names {
      let compiled = name == "keys" ? BuiltinFiles.keymap : BuiltinFiles.themes[name]
      #expect(try Self.text(of: name) == compiled, "themes/\(name).toml differs from its compiled copy: run scripts/embed-builtins")
    }
  }

  @Test func everyShippedFileLoadsFromDiskAndFromTheBinary() throws {
    for name in try Self.shippedNames() {
      let file = "themes/\(name).toml"
      if name == "keys" {
        let fromDisk = try Keymap.builtin(parsingTOML: try Self.text(of: name))
        #expect(try Keymap.builtin().keys == fromDisk.keys)
        #expect(try Keymap.builtin().logKeys == fromDisk.logKeys)
        #expect(!fromDisk.keys.isEmpty && !fromDisk.logKeys.isEmpty)
      } else {
        let fromDisk = try ThemeLoader.theme(fromTOML: try Self.text(of: name), file: file)
        #expect(fromDisk.name == name)
        #expect(try ThemeLoader.load(name) == fromDisk)
      }
    }
  }

  /// A built-in keymap that does not parse is an error naming it as compiled in, not an empty keymap.
  @Test func aBrokenBuiltinKeymapIsAnErrorSayingSo() {
    #expect {
      try Keymap.builtin(parsingTOML: "[keys]\nquit = 5\n")
    } throws: { error in
      let message = "\(error)"
      return message.contains("built-in keymap") && message.contains("keys.quit")
        && message.contains("scripts/embed-builtins")
    }
  }

  /// Each shipped theme sets exactly the roles a theme has, generic and Berth's own (moved here
  /// from TerminalUI's tests, which know nothing of Berth's files).
  @Test func everyShippedThemeSetsExactlyEveryRole() throws {
    for name in try Self.shippedNames() where name != "keys" {
      var section = ""
      var keys: [String] = []
      for rawLine in try Self.text(of: name).split(separator: "\n") {
        let trimmed = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
          .trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("[") { section = trimmed }
        if section == "[roles]", let equals = trimmed.firstIndex(of: "=") {
          keys.append(String(trimmed[..<equals]).trimmingCharacters(in: .whitespaces))
        }
      }
      #expect(keys.sorted() == AppTheme.roleNames.sorted(), "themes/\(name).toml")
    }
  }
}
