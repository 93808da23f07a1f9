@testable import BerthApp
import Foundation
import Glibc
import Testing

/// The logs pane's saved files: new, private, never through a link, never in /tmp.
struct SavedLogFileTests {
  /// A fresh directory for one test.
  func directory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("berth-save-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  func contents(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
  }

  @Test func theFileIsReadableByItsOwnerOnly() throws {
    let folder = try directory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let previous = umask(0)  // the mode must not rely on the user's umask
    defer { umask(previous) }
    let path = try SavedLogFile.create("one\n", stem: "berth-web-20261129044000", in: [folder])
    var status = stat()
    #expect(lstat(path, &status) == 0)
    #expect(status.st_mode & 0o7777 == 0o600)
    #expect((status.st_mode & S_IFMT) == S_IFREG)
    #expect(contents(path) == "one\n")
  }

  @Test func twoSavesInTheSameSecondAreBothKept() throws {
    let folder = try directory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let stem = SavedLogFile.stem(for: "celery (3 containers)", at: Date(timeIntervalSince1970: 1_795_927_200))
    #expect(stem == "berth-celery--3-containers--20261129044000")
    let first = try SavedLogFile.create("first\n", stem: stem, in: [folder])
    let second = try SavedLogFile.create("second\n", stem: stem, in: [folder])
    #expect(first == "\(folder)/\(stem).log")
    #expect(second == "\(folder)/\(stem)-2.log")
    #expect(contents(first) == "first\n")
    #expect(contents(second) == "second\n")
  }

  @Test func aPlantedSymlinkIsNotFollowed() throws {
    let folder = try directory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let victim = folder + "/victim"
    try "precious\n".write(toFile: victim, atomically: false, encoding: .utf8)
    try FileManager.default.createSymbolicLink(atPath: "\(folder)/berth-web-1.log", withDestinationPath: victim)
    // A dangling link too: following it would create the file it names.
    try FileManager.default.createSymbolicLink(atPath: "\(folder)/berth-web-1-2.log", withDestinationPath: folder + "/created")
    let path = try SavedLogFile.create("logs\n", stem: "berth-web-1", in: [folder])
    #expect(path == "\(folder)/berth-web-1-3.log")
    #expect(contents(victim) == "precious\n")
    #expect(!FileManager.default.fileExists(atPath: folder + "/created"))
    #expect(contents(path) == "logs\n")
  }

  @Test func anUnusableDirectoryFallsBackToTheNextOne() throws {
    let home = try directory()
    defer { try? FileManager.default.removeItem(atPath: home) }
    let path = try SavedLogFile.create("x\n", stem: "berth-a-1", in: ["/nonexistent-berth-dir", home])
    #expect(path == "\(home)/berth-a-1.log")
  }

  @Test func savesGoToTheWorkingDirectoryThenHomeNeverTmp() {
    #expect(
      SavedLogFile.directories(currentDirectory: "/work", environment: ["HOME": "/home/u", "TMPDIR": "/tmp"])
        == ["/work", "/home/u"])
    #expect(SavedLogFile.directories(currentDirectory: "/home/u", environment: ["HOME": "/home/u"]) == ["/home/u"])
    #expect(SavedLogFile.directories(currentDirectory: "/work", environment: [:]) == ["/work"])
    // A removed working directory reads as "": it must not become "/" (the root directory).
    #expect(SavedLogFile.directories(currentDirectory: "", environment: ["HOME": "/home/u"]) == ["/home/u"])
    #expect(SavedLogFile.directories(currentDirectory: "", environment: ["HOME": "relative"]) == [])
  }

  @Test func relativeDirectoriesAreNeverUsed() throws {
    let home = try directory()
    defer { try? FileManager.default.removeItem(atPath: home) }
    #expect(try SavedLogFile.create("x\n", stem: "berth-rel-1", in: ["", home]) == "\(home)/berth-rel-1.log")
    #expect(!FileManager.default.fileExists(atPath: "/berth-rel-1.log"))
    #expect(throws: SavedLogFile.Failure.self) { try SavedLogFile.create("x\n", stem: "berth-rel-2", in: [""]) }
    #expect(!FileManager.default.fileExists(atPath: "/berth-rel-2.log"))
  }

  @Test func noUsableDirectoryIsAClearError() {
    #expect {
      try SavedLogFile.create("x\n", stem: "berth-a-1", in: ["/nonexistent-berth-dir"])
    } throws: { error in
      (error as? SavedLogFile.Failure)?.message.contains("/nonexistent-berth-dir: No such file or directory") == true
    }
  }
}
