@testable import BerthApp
import BerthTestSupport
import Dashboard
import DockerEngine
import Foundation
import TerminalUI
import Testing

/// Lines of `count` bytes of `fill`, one a second after `fixedNow`.
private func longLines(_ count: Int, bytes: Int, fill: UInt8 = UInt8(ascii: "x")) -> [LogLine] {
  let text = [UInt8](repeating: fill, count: bytes)
  return (0..<count).map {
    LogLine(stream: .stdout, timestamp: fixedNow.addingTimeInterval(Double($0)), bytes: Array("\($0):".utf8) + text)
  }
}

/// The log lines of drained mailbox events, and the skipped counts per generation.
private func logContent(of events: [AppEvent]) -> (lines: [String], skipped: [Int: Int]) {
  var lines: [String] = []
  var skipped: [Int: Int] = [:]
  for event in events {
    switch event {
    case .logLines(let batch, _, _, _): lines += batch.map { String(decoding: $0.bytes, as: UTF8.self) }
    case .logLinesSkipped(let count, let generation): skipped[generation, default: 0] += count
    default: break
    }
  }
  return (lines, skipped)
}

struct MailboxBoundTests {
  @Test func logLinesPostedWhileNothingDrainsKeepTheNewestAndCountTheRest() {
    let mailbox = Mailbox(logBudget: LogBudget(lines: 100))
    for batch in 0..<1_000 {
      let lines = (0..<10).map { LogLine(stream: .stdout, bytes: Array("\(batch)-\($0)".utf8)) }
      mailbox.post(.logLines(lines, source: "web-1", sourceIndex: 0, generation: 7))
      if batch == 995 { mailbox.post(.dashboard(.showStatus(StatusMessage("between")))) }
    }
    let events = mailbox.drain()
    let (lines, skipped) = logContent(of: events)
    #expect(lines.count == 100)
    #expect(lines.first == "990-0")
    #expect(lines.last == "999-9")
    #expect(skipped == [7: 9_900])
    // Other events keep their place among the kept lines.
    let statusIndex = events.firstIndex { if case .dashboard(.showStatus) = $0 { true } else { false } }
    let laterLines = events[(statusIndex ?? 0)...].compactMap { event -> Int? in
      if case .logLines(let batch, _, _, _) = event { batch.count } else { nil }
    }
    #expect(laterLines.reduce(0, +) == 40)
    #expect(mailbox.drain().isEmpty)
  }

  @Test func longLinesAreBoundedByBytesAndCut() {
    let mailbox = Mailbox()
    for line in longLines(5_000, bytes: 64 << 10) {
      mailbox.post(.logLines([line], source: "web-1", sourceIndex: 0, generation: 1))
    }
    var kept = 0
    var bytes = 0
    var skipped = 0
    var allCut = true
    for event in mailbox.drain() {
      if case .logLines(let batch, _, _, _) = event {
        kept += batch.count
        bytes += batch.reduce(0) { $0 + LogBudget.cost(ofTextBytes: $1.bytes.count) }
        allCut = allCut && batch.allSatisfy { $0.isTruncated && $0.bytes.count <= LogBudget.lineBytes }
      }
      if case .logLinesSkipped(let count, _) = event { skipped += count }
    }
    #expect(allCut)
    #expect(bytes <= LogBudget.defaultBytes)
    #expect(kept == LogBudget.defaultBytes / LogBudget.cost(ofTextBytes: LogBudget.lineBytes))
    #expect(kept + skipped == 5_000)
  }

  @Test func theSkippedCountIsNotedInThePane() {
    let mailbox = Mailbox(logBudget: LogBudget(lines: 100))
    var model = AppModel(keymap: .default, logCapacity: 100)
    let generation = model.logs.follow(subject: "web-1", sourceCount: 1)
    for batch in 0..<30 {
      let lines = (0..<10).map {
        LogLine(
          stream: .stdout, timestamp: fixedNow.addingTimeInterval(Double(batch * 10 + $0)), bytes: Array("line \(batch * 10 + $0)".utf8))
      }
      mailbox.post(.logLines(lines, source: "web-1", sourceIndex: 0, generation: generation))
    }
    for event in mailbox.drain() { _ = model.handle(event) }
    #expect(model.logs.skippedCount == 200)
    #expect(model.logs.lines.first?.text == "line 200")
    #expect(model.logs.lines.last?.text == "line 299")
    _ = model.handle(.input(.resize(width: 160, height: 40)))
    #expect(render(model, width: 160, height: 40).textDump.contains { $0.contains("Logs — web-1 · 200 lines skipped") })
    // Lines of an older generation do not count against the new one.
    model.logs.noteSkipped(5, generation: generation - 1)
    #expect(model.logs.skippedCount == 200)
  }
}

struct LogBudgetTests {
  @Test func longLinesStayWithinTheByteBudgetOldestDroppedFirst() {
    var logs = LogView(capacity: 5_000)
    let generation = logs.follow(subject: "web-1", sourceCount: 1)
    // Sanitising 80 MiB in a debug build takes long; the budget does not depend on it.
    let decode = { (bytes: [UInt8]) in String(decoding: bytes, as: UTF8.self) }
    for line in longLines(5_000, bytes: 64 << 10) {
      logs.append([LogEntry(line: line, source: "web-1", sourceIndex: 0, sanitize: decode)], generation: generation)
    }
    let perLine = LogBudget.cost(ofTextBytes: LogBudget.lineBytes)
    #expect(logs.byteCount <= LogBudget.defaultBytes)
    #expect(logs.byteCount == logs.lines.reduce(0) { $0 + $1.cost })
    #expect(logs.lines.count == LogBudget.defaultBytes / perLine)
    #expect(logs.lines.last?.text.hasPrefix("4999:") == true)
    #expect(logs.lines.first?.text.hasPrefix("\(5_000 - LogBudget.defaultBytes / perLine):") == true)
    let allCut = logs.lines.allSatisfy { $0.isCut && $0.text.utf8.count == LogBudget.lineBytes }
    #expect(allCut)
  }

  @Test func anOverlongLineIsCutAtACharacterAndMarked() throws {
    let line = LogLine(stream: .stdout, bytes: Array(String(repeating: "é", count: 10_000).utf8))
    let entry = LogEntry(line: line, source: "web-1", sourceIndex: 0)
    let (isCut, text) = (entry.isCut, entry.text)
    #expect(isCut)
    #expect(text.utf8.count == LogBudget.lineBytes)
    #expect(text.allSatisfy { $0 == "é" })
    var model = AppModel(keymap: .default)
    let generation = model.logs.follow(subject: "web-1", sourceCount: 1)
    model.logs.append([entry], generation: generation)
    model.logs.wraps = true
    #expect(model.logs.plainText(withSources: false).hasSuffix("é [line cut]\n"))
    let screen = render(model, width: 100, height: 30)
    #expect(screen.textDump.contains { $0.contains("é … [line cut]") })
  }

  @Test func searchingAndDrawingDoNotSanitiseAgain() {
    final class Counter: @unchecked Sendable { var calls = 0 }
    let counter = Counter()
    func counted(_ bytes: [UInt8]) -> String {
      counter.calls += 1
      return TerminalText.sanitize(bytes)
    }
    var model = AppModel(keymap: .default)
    _ = model.handle(.input(.resize(width: 120, height: 40)))
    let generation = model.logs.follow(subject: "web-1", sourceCount: 1)
    let lines = (0..<1_000).map { LogLine(stream: .stdout, timestamp: fixedNow, bytes: Array("\u{1B}[31mrequest \($0)\u{1B}[0m".utf8)) }
    model.logs.append(lines.map { LogEntry(line: $0, source: "web-1", sourceIndex: 0, sanitize: counted) }, generation: generation)
    #expect(counter.calls == 1_000)
    model.logs.search("request 7")
    model.logs.toggleFilter()
    for _ in 0..<20 {
      _ = render(model, width: 120, height: 40)
      model.logs.wraps.toggle()
    }
    _ = model.logs.plainText(withSources: true)
    #expect(model.logs.shownLines.count == 111)
    #expect(model.logs.shownLines.first?.text == "request 7")
    #expect(counter.calls == 1_000)
  }
}

/// A connection whose socket is always readable but whose reads always answer "again".
private final class AlwaysAgainStream: SessionStream {
  let socket: Int32
  private let peer: Int32
  private(set) var reads = 0

  init() {
    var pair: [Int32] = [-1, -1]
    _ = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair)
    socket = pair[0]
    peer = pair[1]
    var byte: UInt8 = 1
    _ = Glibc.write(peer, &byte, 1)
  }

  deinit {
    close(socket)
    close(peer)
  }

  func readAvailable() throws -> [UInt8]? {
    reads += 1
    return []
  }

  func write(_ bytes: [UInt8]) throws {}
}

/// A pipe whose descriptors are closed with it.
private final class Pipe2: @unchecked Sendable {
  let read: Int32
  let write: Int32
  init() {
    var fds: [Int32] = [-1, -1]
    _ = pipe(&fds)
    read = fds[0]
    write = fds[1]
  }
  deinit {
    close(read)
    close(write)
  }
  func send(_ text: [UInt8]) { _ = text.withUnsafeBytes { Glibc.write(write, $0.baseAddress, $0.count) } }
}

/// Runs a session on its own thread (as the UI loop does) and waits at most `seconds` for it to end.
private final class SessionRun: @unchecked Sendable {
  let session: TerminalSession
  private(set) var end: TerminalSession.End?
  private let done = DispatchSemaphore(value: 0)

  init(_ session: TerminalSession) {
    self.session = session
    Thread { [self] in
      end = self.session.run()
      done.signal()
    }.start()
  }

  /// How the session ended, or nil when it is still running after `seconds`.
  func wait(seconds: Double) -> TerminalSession.End? {
    done.wait(timeout: .now() + seconds) == .success ? end : nil
  }
}

/// A slow terminal: reads the session's output at about 200 KB/s (slower than the engine sends
/// `yes`, as a real terminal is) and signals once `mark` bytes arrived. Ends at end-of-file.
private final class SlowTerminal: @unchecked Sendable {
  let pipe = Pipe2()
  let flooding = DispatchSemaphore(value: 0)

  init(mark: Int) {
    let descriptor = pipe.read
    let flooding = flooding
    Thread {
      var buffer = [UInt8](repeating: 0, count: 4096)
      var total = 0
      while true {
        let count = Glibc.read(descriptor, &buffer, buffer.count)
        if count <= 0 { return }
        if total < mark, total + count >= mark { flooding.signal() }
        total += count
        usleep(20_000)
      }
    }.start()
  }
}

/// Keeps what a session that failed to end still uses alive for the rest of the run: closing its
/// pipes or connection under it would crash the test process (SIGPIPE, a freed curl handle).
private func keepForTheStuckSession(_ objects: AnyObject...) {
  for object in objects { _ = Unmanaged.passRetained(object) }
}

/// Sessions share the process's signal flags, so they run one at a time.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct TerminalSessionTests {
  @Test func aConnectionThatKeepsAnsweringAgainEndsTheSessionAfterTheBound() {
    let stream = AlwaysAgainStream()
    let keyboard = Pipe2()
    let wake = Pipe2()
    let output = open("/dev/null", O_WRONLY)
    defer { close(output) }
    let run = SessionRun(
      TerminalSession(
        connection: stream, isMultiplexed: false, wakeDescriptor: wake.read, onResize: { _, _ in },
        inputDescriptor: keyboard.read, outputDescriptor: output, errorDescriptor: output, againLimit: 500))
    let end = run.wait(seconds: 30)
    guard case .failed(let message)? = end else {
      Issue.record("the session did not give up: \(String(describing: end))")
      return
    }
    #expect(message.contains("try again"))
    #expect(stream.reads == 500)
  }

  /// Starts `sh -c yes` with a TTY in a container and a session on it, draining into a slow terminal.
  private func floodingSession(keyboard: Pipe2, wake: Pipe2, terminal: SlowTerminal) async throws -> (
    SessionRun, HijackedConnection, String
  ) {
    let client = try await TestEngine.client()
    let id = try await TestEngine.run(name: TestEngine.uniqueName("flood"), options: ["--init"], command: "sleep 300")
    let exec = try await client.createExec(in: id, ExecConfiguration(command: ["sh", "-c", "yes"]))
    let connection = try client.startExec(exec)
    let run = SessionRun(
      TerminalSession(
        connection: connection, isMultiplexed: false, wakeDescriptor: wake.read, onResize: { _, _ in },
        inputDescriptor: keyboard.read, outputDescriptor: terminal.pipe.write, errorDescriptor: terminal.pipe.write))
    return (run, connection, id)
  }

  @Test(.enabled(if: TestEngine.shouldRun))
  func aFloodOfOutputStillLetsCtrlCThrough() async throws {
    let keyboard = Pipe2()
    let wake = Pipe2()
    let terminal = SlowTerminal(mark: 128 << 10)
    let (run, connection, id) = try await floodingSession(keyboard: keyboard, wake: wake, terminal: terminal)
    #expect(terminal.flooding.wait(timeout: .now() + 30) == .success, "yes did not flood")
    keyboard.send([0x03])  // Ctrl-C: the TTY interrupts yes and the exec ends
    let end = run.wait(seconds: 20)
    #expect(end == .closed)
    if end == nil { keepForTheStuckSession(keyboard, wake, terminal, connection) } else { connection.close() }
    TestEngine.remove([id])
  }

  @Test(.enabled(if: TestEngine.shouldRun))
  func aFloodOfOutputStillAnswersSIGTERM() async throws {
    let keyboard = Pipe2()
    let wake = Pipe2()
    let terminal = SlowTerminal(mark: 128 << 10)
    let (run, connection, id) = try await floodingSession(keyboard: keyboard, wake: wake, terminal: terminal)
    Signals.install(wakeDescriptor: wake.write)
    // The handler also arms the orderly-quit bound (SIGALRM), whose end is the death of the
    // process by the signal: right for Berth, fatal for the test runner. Ignored here.
    signal(SIGALRM, SIG_IGN)
    defer {
      alarm(0)
      signal(SIGALRM, SIG_DFL)
    }
    #expect(terminal.flooding.wait(timeout: .now() + 30) == .success, "yes did not flood")
    kill(getpid(), SIGTERM)
    let end = run.wait(seconds: 10)
    #expect(end == .quitRequested)
    Signals.uninstall()
    Signals.quitRequested = 0
    if end == nil { keepForTheStuckSession(keyboard, wake, terminal, connection) } else { connection.close() }
    TestEngine.remove([id])
  }
}
