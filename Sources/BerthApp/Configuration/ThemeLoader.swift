import FoundationEssentials
import Glibc
import TOMLKit
import TerminalUI

/// Finds and parses themes: `--theme NAME|PATH`, the files in `themes/`, or the compiled-in copies.
public enum ThemeLoader {
  /// Parses a theme file's text, layered over `base` (keys left out keep `base`'s value).
  public static func theme(fromTOML text: String, file: String, base: AppTheme = .default) throws(ConfigurationError) -> AppTheme {
    let table = try parseTOML(text, file: file)
    let known: Set<String> = ["theme", "palette", "roles"]
    if let unknown = table.keys.sorted().first(where: { !known.contains($0) }) {
      throw ConfigurationError(file: file, reason: "unknown table [\(unknown)]; a theme has [theme], [palette] and [roles]")
    }
    guard let header = table["theme"]?.table, let name = header["name"]?.string, !name.isEmpty else {
      throw ConfigurationError(file: file, reason: "missing [theme] name = \"…\"")
    }
    var palette: [String: String] = [:]
    if let paletteTable = table["palette"]?.table {
      for key in paletteTable.keys {
        guard let value = paletteTable[key]?.string else {
          throw ConfigurationError(file: file, reason: "palette.\(key): expected a colour string")
        }
        palette[key] = value
      }
    }
    var roles: [String: ThemeRoleValue] = [:]
    if let rolesTable = table["roles"]?.table {
      for key in rolesTable.keys {
        roles[key] = try roleValue(rolesTable[key], key: "roles.\(key)", file: file)
      }
    }
    do {
      return try AppTheme(name: name, palette: palette, roles: roles, base: base)
    } catch {
      throw ConfigurationError(file: file, reason: error.description)
    }
  }

  private static func roleValue(_ value: (any TOMLValueConvertible)?, key: String, file: String) throws(ConfigurationError)
    -> ThemeRoleValue
  {
    if let text = value?.string {
      return key == "roles.graph_symbols" ? .symbols(text) : .color(text)
    }
    guard let table = value?.table else {
      throw ConfigurationError(file: file, reason: "\(key): expected a colour string or a table")
    }
    if table["start"] != nil || table["mid"] != nil || table["end"] != nil {
      guard let start = table["start"]?.string, let mid = table["mid"]?.string, let end = table["end"]?.string else {
        throw ConfigurationError(file: file, reason: "\(key): a gradient needs start, mid and end colours")
      }
      return .gradient(start: start, mid: mid, end: end)
    }
    let allowed: Set<String> = ["fg", "bg", "bold", "dim", "reverse", "underline"]
    if let unknown = table.keys.sorted().first(where: { !allowed.contains($0) }) {
      throw ConfigurationError(file: file, reason: "\(key).\(unknown): unknown; a style has fg, bg, bold, dim, reverse, underline")
    }
    func flag(_ name: String) throws(ConfigurationError) -> Bool? {
      guard let raw = table[name] else { return nil }
      guard let bool = raw.bool else { throw ConfigurationError(file: file, reason: "\(key).\(name): expected true or false") }
      return bool
    }
    func color(_ name: String) throws(ConfigurationError) -> String? {
      guard let raw = table[name] else { return nil }
      if let text = raw.string { return text }
      if let number = raw.int { return String(number) }
      throw ConfigurationError(file: file, reason: "\(key).\(name): expected a colour")
    }
    return .style(
      fg: try color("fg"), bg: try color("bg"), bold: try flag("bold"), dim: try flag("dim"),
      reverse: try flag("reverse"), underline: try flag("underline"))
  }

  /// Resolves `--theme`: a path to a `.toml` file, or the name of a shipped theme.
  ///
  /// Names are looked up in `$BERTH_THEMES`, then `~/.config/berth/themes`, then the compiled-in themes.
  public static func load(_ nameOrPath: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
    throws(ConfigurationError) -> AppTheme
  {
    let requested = nameOrPath ?? "default"
    if requested.contains("/") || requested.hasSuffix(".toml") {
      return try theme(fromTOML: readText(requested), file: requested)
    }
    var directories: [String] = []
    if let custom = environment["BERTH_THEMES"], !custom.isEmpty { directories.append(custom) }
    if let home = environment["HOME"] { directories.append(home + "/.config/berth/themes") }
    for directory in directories {
      let path = "\(directory)/\(requested).toml"
      if FileManager.default.fileExists(atPath: path) {
        return try theme(fromTOML: readText(path), file: path)
      }
    }
    guard let builtin = BuiltinFiles.themes[requested] else {
      let names = BuiltinFiles.themes.keys.sorted().joined(separator: ", ")
      throw ConfigurationError(file: requested, reason: "no such theme; shipped themes: \(names), or give a path to a .toml file")
    }
    return try theme(fromTOML: builtin, file: "themes/\(requested).toml")
  }
}
