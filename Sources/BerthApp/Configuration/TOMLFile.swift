import FoundationEssentials
import Glibc
import TOMLKit

/// A configuration problem, with the file and key it is about.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
  /// The file, or `built-in`.
  public var file: String
  /// What is wrong, naming the key.
  public var reason: String

  /// Makes an error.
  public init(file: String, reason: String) {
    self.file = file
    self.reason = reason
  }

  public var description: String { "\(file): \(reason)" }
}

/// Parses TOML text into a table, turning parse errors into `ConfigurationError`s with line and column.
func parseTOML(_ text: String, file: String) throws(ConfigurationError) -> TOMLTable {
  do {
    return try TOMLTable(string: text)
  } catch let error as TOMLParseError {
    throw ConfigurationError(file: file, reason: "line \(error.source.begin.line): \(error.description)")
  } catch {
    throw ConfigurationError(file: file, reason: "\(error)")
  }
}

/// Reads a file as UTF-8 text.
func readText(_ path: String) throws(ConfigurationError) -> String {
  guard let data = FileManager.default.contents(atPath: path) else {
    throw ConfigurationError(file: path, reason: "cannot be read")
  }
  return String(decoding: data, as: UTF8.self)
}
