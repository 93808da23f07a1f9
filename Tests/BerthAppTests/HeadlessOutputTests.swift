import BerthTestSupport
import Dashboard
import DockerEngine
import Foundation
import Monitor
import Testing

@testable import BerthApp

/// What a printer wrote to its stdout and stderr.
final class CapturedOutput: @unchecked Sendable {
  private let lock = NSLock()
  private var written: [UInt8] = []
  private var reported: [String] = []

  var text: String { lock.withLock { String(decoding: written, as: UTF8.self) } }
  var reports: [String] { lock.withLock { reported } }

  /// Signalled at each write and report, for tests that await output.
  let changes = ChangeSignal()

  func write(_ bytes: [UInt8]) {
    lock.withLock { written += bytes }
    changes.signal()
  }

  func report(_ message: String) {
    lock.withLock { reported.append(message) }
    changes.signal()
  }
}

/// `berth snapshot` against the one fake engine, answering with the recorded replies of a real
/// engine except where a test makes one request fail.
@Suite(.timeLimit(.minutes(1)))
struct SnapshotPrinterTests {
  /// `fixture-plain`, a running standalone container of the recorded fixtures.
  static let plainID = "6213db833dce58fdc4abe9550d8d426eed4f6e71837a0cda5539f2f240b346c0"
  /// The engine's error message, quoting something hostile (JSON-escaped in the reply body).
  static let hostileMessage = #"\u001b]52;c;cm0gLXJmIH4=\u0007layer \u001b[2Jbroken\u009b31m \u202egone\u200b"#

  /// A fake engine whose inspect of `fixture-plain` answers `plainInspect` (recorded replies otherwise).
  func engine(plainInspect: FakeEngine.Reply? = nil) throws -> FakeEngine {
    try FakeEngine { _, path in
      if let plainInspect, path.contains("/containers/\(Self.plainID)/json") { return plainInspect }
      return FakeEngine.recordedReply(to: path) ?? .http(status: 404, body: #"{"message":"page not found"}"#)
    }
  }

  func printer(
    _ fake: FakeEngine, _ options: SnapshotPrinter.Options = .init(), captured: CapturedOutput,
    output: (@Sendable ([UInt8]) throws -> Void)? = nil
  ) throws -> SnapshotPrinter {
    let monitor = Monitor(endpoint: try Endpoint(parsing: fake.url), configuration: .init(statsSource: .engine))
    return SnapshotPrinter(
      monitor: monitor, options: options, output: output ?? { captured.write($0) }, report: { captured.report($0) })
  }

  @Test func everyContainerReadIsStatusZeroWithAnEmptyUnreadableList() async throws {
    let captured = CapturedOutput()
    let status = try await printer(try engine(), captured: captured).run()
    #expect(status == 0)
    #expect(captured.reports == [])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(captured.text.utf8)) as? [String: Any])
    #expect((json["unreadable"] as? [Any])?.isEmpty == true)
    let standalone = try #require(json["standalone"] as? [[String: Any]])
    #expect(standalone.map { $0["name"] as? String } == ["fixture-plain"])
  }

  @Test func aContainerWhoseInspectFailsIsListedAsUnreadableAndTheStatusIsOne() async throws {
    let fake = try engine(plainInspect: .http(status: 500, body: #"{"message":"\#(Self.hostileMessage)"}"#))
    let captured = CapturedOutput()
    let status = try await printer(fake, captured: captured).run()
    #expect(status == 1)
    // The rest is still printed; the unreadable one only under "unreadable", with the engine's words.
    let json = try #require(try JSONSerialization.jsonObject(with: Data(captured.text.utf8)) as? [String: Any])
    #expect((json["standalone"] as? [Any])?.isEmpty == true)
    let projects = try #require(json["projects"] as? [[String: Any]])
    #expect(projects.map { $0["name"] as? String } == ["django"])
    let unreadable = try #require(json["unreadable"] as? [[String: String]])
    #expect(unreadable.count == 1)
    #expect(unreadable.first?["id"] == Self.plainID)
    #expect(unreadable.first?["name"] == "fixture-plain")
    let reason = try #require(unreadable.first?["reason"])
    #expect(reason.hasPrefix("Inspecting container \(Self.plainID) failed (HTTP 500): \u{1B}]52;c;"))
    // Escaped in the JSON text: no raw ESC, BEL, C1 or bidi control reaches a terminal.
    #expect(
      !captured.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}" })
    #expect(captured.text.contains(#"\u001b]52;c;cm0gLXJmIH4=\u0007layer \u001b[2Jbroken\u009b31m \u202egone\u200b"#))
    // stderr names it, sanitised (by StandardError.line, which the default `report` writes).
    #expect(
      captured.reports.map(StandardError.line) == [
        "berth: could not read container fixture-plain (6213db833dce): Inspecting container \(Self.plainID) failed (HTTP 500): layer broken gone\n"
      ])
  }

  @Test func theTableSaysWhichContainerCouldNotBeRead() async throws {
    let fake = try engine(plainInspect: .http(status: 500, body: #"{"message":"\#(Self.hostileMessage)"}"#))
    let captured = CapturedOutput()
    let status = try await printer(fake, .init(format: .table), captured: captured).run()
    #expect(status == 1)
    let lines = captured.text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(
      lines.suffix(3) == [
        "UNREADABLE     ID            REASON",
        "fixture-plain  6213db833dce  Inspecting container \(Self.plainID) failed (HTTP 500): layer broken gone", "",
      ])
    #expect(captured.text.contains("fixture-web"))
    #expect(!captured.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value >= 0x7F })
  }

  @Test func anEngineThatCannotBeReachedIsStatusOneWithTheMessage() async throws {
    let fake = try engine()
    fake.stop()
    let captured = CapturedOutput()
    let status = try await printer(fake, captured: captured).run()
    #expect(status == 1)
    #expect(captured.text.isEmpty)
    #expect(captured.reports.count == 1)
  }

  @Test func aFailedWriteIsStatusOneWithTheMessageAClosedReaderIsQuiet() async throws {
    let fake = try engine()
    let full = CapturedOutput()
    let failed = try await printer(fake, captured: full, output: { _ in throw StandardOutput.WriteError.failed(errno: ENOSPC) }).run()
    #expect(failed == 1)
    #expect(full.reports == ["cannot write to standard output: No space left on device"])
    let closed = CapturedOutput()
    let quiet = try await printer(fake, captured: closed, output: { _ in throw StandardOutput.WriteError.closed }).run()
    #expect(quiet == 0)
    #expect(closed.reports == [])
  }

  /// `--watch` prints one document per round and says once (not every round) that a container
  /// could not be read.
  @Test func watchListsTheUnreadableContainerInEveryDocumentAndReportsItOnce() async throws {
    let fake = try engine(plainInspect: .http(status: 500, body: #"{"message":"no"}"#))
    let captured = CapturedOutput()
    let monitor = Monitor(
      endpoint: try Endpoint(parsing: fake.url), configuration: .init(interval: .milliseconds(100), statsSource: .engine))
    let printer = SnapshotPrinter(
      monitor: monitor, options: .init(watch: true), output: { captured.write($0) }, report: { captured.report($0) })
    let run = Task { await printer.run() }
    defer { run.cancel() }
    try await captured.changes.until(within: .seconds(20)) { captured.text.split(separator: "\n").count >= 3 }
    run.cancel()
    let documents = captured.text.split(separator: "\n")
    for document in documents.prefix(3) {
      let json = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
      #expect((json["unreadable"] as? [[String: String]])?.map { $0["name"] } == ["fixture-plain"])
    }
    #expect(captured.reports.filter { $0.hasPrefix("could not read container fixture-plain") }.count == 1)
  }
}

/// `--watch` against an engine that is gone says so on stderr (through `report`, whose line is
/// sanitised) and writes nothing to stdout.
@Suite(.timeLimit(.minutes(1)))
struct SnapshotWatchDisconnectTests {
  @Test func aLostEngineIsReportedNotPrinted() async throws {
    let fake = try FakeEngine { _, _ in .raw("") }
    fake.stop()
    let captured = CapturedOutput()
    let monitor = Monitor(endpoint: try Endpoint(parsing: fake.url), configuration: .init(statsSource: .engine))
    let printer = SnapshotPrinter(
      monitor: monitor, options: .init(watch: true), output: { captured.write($0) }, report: { captured.report($0) })
    let run = Task { await printer.run() }
    defer { run.cancel() }
    try await captured.changes.until(within: .seconds(20)) { captured.reports.contains { $0.hasPrefix("disconnected — retrying in ") } }
    #expect(captured.text.isEmpty)
  }
}

@Suite("Standard output")
struct StandardOutputTests {
  @Test func aFullDeviceIsAnErrorWithItsReason() throws {
    let descriptor = open("/dev/full", O_WRONLY)
    try #require(descriptor >= 0)
    defer { close(descriptor) }
    #expect(throws: StandardOutput.WriteError.failed(errno: ENOSPC)) {
      try StandardOutput.write(Array("x".utf8), to: descriptor)
    }
    #expect(StandardOutput.WriteError.failed(errno: ENOSPC).description == "cannot write to standard output: No space left on device")
  }

  @Test func aPipeWithoutReaderIsClosedNotAFailure() throws {
    StandardOutput.ignoreBrokenPipe()
    var ends: [Int32] = [0, 0]
    try #require(pipe(&ends) == 0)
    close(ends[0])
    defer { close(ends[1]) }
    #expect(throws: StandardOutput.WriteError.closed) {
      try StandardOutput.write(Array("x".utf8), to: ends[1])
    }
  }

  @Test func everythingIsWrittenToAReader() throws {
    var ends: [Int32] = [0, 0]
    try #require(pipe(&ends) == 0)
    defer { close(ends[0]) }
    let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0) }
    try StandardOutput.write(bytes, to: ends[1])
    close(ends[1])
    var read: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while case let count = Glibc.read(ends[0], &buffer, buffer.count), count > 0 { read += buffer[..<count] }
    #expect(read == bytes)
  }

  @Test(arguments: [
    ("OSC title", "No such container: x\u{1B}]0;pwned\u{07}", "berth: No such container: x\n"),
    ("clear screen and C1", "engine said \u{1B}[2J\u{9B}31mhi", "berth: engine said hi\n"),
    ("bidi and zero-width", "name \u{202E}txt.exe\u{200B}", "berth: name txt.exe\n"),
    ("newline cannot forge a second line", "a\nberth: fake", "berth: aberth: fake\n"),
  ])
  func stderrLinesAreSanitised(_ kind: String, _ message: String, _ line: String) {
    #expect(StandardError.line(message) == line, "\(kind)")
  }
}

@Suite("berth logs prefix")
struct LogsPrefixTests {
  /// The prefix is a name from the engine: sanitised even to a pipe, where the line's bytes pass unchanged.
  @Test func theNamePrefixIsSanitisedEvenToAPipe() {
    let line = LogLine(stream: .stdout, timestamp: fixedNow, bytes: Array("raw \u{1B}[31mred\u{1B}[0m".utf8))
    let hostileName = "web\u{1B}]0;pwned\u{07}\u{202E}-1\u{200B}"
    let piped = LogsPrinter.format(line, name: hostileName, color: 0, timestamps: false, forTerminal: false)
    #expect(piped == Array("web-1 | ".utf8) + line.bytes + [10])
    let tty = String(decoding: LogsPrinter.format(line, name: hostileName, color: 1, timestamps: false, forTerminal: true), as: UTF8.self)
    #expect(tty == "\u{1B}[32mweb-1 | \u{1B}[0mraw red\n")
  }
}

@Suite("Invisible characters in the dashboard")
struct DashboardInvisibleCharacterTests {
  /// A name that looks like another (`admin` with a zero-width space, a bidi override that shows
  /// `exe.txt` as `txt.exe`) is shown as the characters it really has, without the invisible ones.
  @Test func zeroWidthAndBidiCharactersNeverReachTheScreen() {
    let disguised = container(
      "ad\u{200B}min\u{2060}-\u{202E}txt.exe\u{FEFF}", project: "p\u{200D}roj\u{061C}", service: "w\u{200E}eb\u{2064}")
    let screen = render(loadedModel([disguised], width: 100, height: 24), width: 100, height: 24)
    let text = screen.textDump.joined(separator: "\n")
    let invisible = text.unicodeScalars.filter {
      [0x061C, 0xFEFF].contains($0.value) || (0x200B...0x200F).contains($0.value) || (0x202A...0x202E).contains($0.value)
        || (0x2060...0x2069).contains($0.value)
    }
    #expect(invisible.isEmpty, "\(invisible.map(\.value))")
    #expect(text.contains("admin-txt.exe"))
    #expect(text.contains("proj"))
    #expect(text.contains("web"))
  }
}
