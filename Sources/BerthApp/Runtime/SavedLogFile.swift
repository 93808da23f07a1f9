import DockerEngine
import FoundationEssentials
import Glibc

/// A new file for the logs pane's `S`, made so that nothing else can be hit by the write.
///
/// The file is created with `open(2)`: `O_CREAT | O_EXCL` (an existing file is never opened, let
/// alone truncated), `O_NOFOLLOW` (a symlink planted at the name is never followed; with `O_EXCL`
/// it counts as taken) and mode 0600 (logs often hold secrets). When a name is taken — another
/// save in the same second, or anything planted there — a counter goes before the extension
/// (`-2`, `-3`, …). The file goes in the current directory when it can be created there, else in
/// `$HOME`; never in a shared temporary directory, where others can predict the name.
enum SavedLogFile {
  /// How many names are tried per directory before giving up.
  static let attemptsPerDirectory = 1_000

  /// Where saves go, in order: the current directory, then `$HOME` (when set and different).
  /// Only absolute paths count: a working directory that was removed reads as "", which must
  /// not turn into the root directory.
  ///
  /// - Parameters:
  ///   - currentDirectory: The process's working directory.
  ///   - environment: The process environment (for `HOME`).
  static func directories(currentDirectory: String, environment: [String: String]) -> [String] {
    var result: [String] = []
    for directory in [currentDirectory, environment["HOME"] ?? ""] where directory.hasPrefix("/") && !result.contains(directory) {
      result.append(directory)
    }
    return result
  }

  /// The file name stem for a save: `berth-NAME-YYYYMMDDhhmmss`, with anything but letters,
  /// digits, `-` and `_` in `name` replaced by `-`.
  static func stem(for name: String, at date: Date) -> String {
    let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }.prefix(60))
    return "berth-\(safe)-\(EngineTime.format(date).filter(\.isNumber))"
  }

  /// Creates a new file `STEM.log` (or `STEM-N.log` when taken) in the first of `directories`
  /// where one can be created, writes `text` into it and returns its path.
  ///
  /// - Throws: `SavedLogFile.Failure` saying why, for every directory tried.
  static func create(_ text: String, stem: String, in directories: [String]) throws -> String {
    var reasons: [String] = []
    for directory in directories where directory.hasPrefix("/") {
      let prefix = (directory.hasSuffix("/") ? directory : directory + "/") + stem
      var attempt = 1
      while attempt <= attemptsPerDirectory {
        let path = attempt == 1 ? prefix + ".log" : "\(prefix)-\(attempt).log"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
          defer { close(descriptor) }
          if let error = write(Array(text.utf8), to: descriptor) {
            unlink(path)
            throw Failure(message: "Could not write \(path): \(error)")
          }
          return path
        }
        let error = errno
        if error == EEXIST || error == ELOOP {
          attempt += 1
          continue
        }
        if error == EINTR { continue }
        reasons.append("\(directory): \(describe(error))")
        break
      }
      if attempt > attemptsPerDirectory {
        reasons.append("\(directory): \(attemptsPerDirectory) files named \(stem)… exist already")
      }
    }
    guard !reasons.isEmpty else {
      throw Failure(message: "Could not save the logs: no usable directory (the working directory is gone and HOME is not set)")
    }
    throw Failure(message: "Could not save the logs (\(reasons.joined(separator: "; ")))")
  }

  /// Why a save failed, for the status line.
  struct Failure: Error {
    var message: String
  }

  /// Writes every byte; returns the reason when a write fails.
  private static func write(_ bytes: [UInt8], to descriptor: Int32) -> String? {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        return describe(errno)
      }
      offset += written
    }
    return nil
  }

  private static func describe(_ error: Int32) -> String {
    String(cString: strerror(error))
  }
}
