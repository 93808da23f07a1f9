@testable import BerthApp
import BerthTestSupport
import DockerEngine
import Foundation
import Testing

/// `berth logs` streams: the merge of several replicas is incremental, the first line goes out
/// before the engine has sent the whole log, the default tail depends on following, and a write
/// error is told apart from a reader that went away.
@Suite(.timeLimit(.minutes(1)))
struct LogsStreamingTests {
  /// A line of `text` at `seconds` after `fixedNow`.
  func line(_ text: String, at seconds: Double) -> LogLine {
    LogLine(stream: .stdout, timestamp: fixedNow.addingTimeInterval(seconds), bytes: Array(text.utf8))
  }

  func text(_ step: LogMerger.Step) -> String? {
    if case .line(_, let line) = step { return String(decoding: line.bytes, as: UTF8.self) }
    return nil
  }

  // MARK: The merge

  @Test func mergesInterleavedReplicasIncrementally() {
    var merger = LogMerger(sourceCount: 3)
    // Nothing can go out before every replica has said something (or ended).
    #expect(merger.next() == .needs(source: 0))
    merger.append([line("a0", at: 0), line("a3", at: 3)], from: 0)
    #expect(merger.next() == .needs(source: 1))
    merger.append([line("b1", at: 1), line("b4", at: 4)], from: 1)
    #expect(merger.next() == .needs(source: 2))
    merger.append([line("c2", at: 2)], from: 2)
    var out: [String] = []
    var step = merger.next()
    while let text = text(step) {
      out.append(text)
      step = merger.next()
    }
    // c's only line is out; what follows depends on c's next line, which may be older than a3.
    #expect(out == ["a0", "b1", "c2"])
    #expect(step == .needs(source: 2))
    merger.append([line("c2.5", at: 2.5), line("c5", at: 5)], from: 2)
    merger.finish(2)
    merger.finish(0)
    merger.finish(1)
    step = merger.next()
    while let text = text(step) {
      out.append(text)
      step = merger.next()
    }
    #expect(out == ["a0", "b1", "c2", "c2.5", "a3", "b4", "c5"])
    #expect(step == .finished)
  }

  @Test func equalTimesKeepTheReplicasOrderAndUntimedLinesFollowTheirSource() {
    let merged = LogMerger.merge([
      [line("a1", at: 1), LogLine(stream: .stdout, bytes: Array("a-untimed".utf8)), line("a2", at: 2)],
      [line("b1", at: 1), line("b1.5", at: 1.5)],
    ])
    #expect(merged.map { String(decoding: $0.line.bytes, as: UTF8.self) } == ["a1", "a-untimed", "b1", "b1.5", "a2"])
    #expect(merged.map(\.source) == [0, 0, 1, 1, 0])
  }

  // MARK: Against a fake engine

  /// One multiplexed stdout frame holding `text`.
  static func frame(_ text: String) -> String {
    "\u{01}\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}" + String(UnicodeScalar(UInt8(text.utf8.count))) + text
  }

  /// A fake engine with the replicas `names` of service `web`, whose logs are `logs(name)`.
  func engine(_ names: [String], logs: @escaping @Sendable (String) -> FakeEngine.Reply) throws -> FakeEngine {
    let list =
      "["
      + names.enumerated().map { index, name in
        #"{"Id":"id-\#(name)","Names":["/\#(name)"],"Labels":{"com.docker.compose.project":"shop","com.docker.compose.service":"web","com.docker.compose.container-number":"\#(index + 1)"}}"#
      }.joined(separator: ",") + "]"
    return try FakeEngine { _, path in
      if path.hasSuffix("/version") { return .http(status: 200, body: FakeEngine.versionBody()) }
      if path.contains("/containers/json") { return .http(status: 200, body: list) }
      if let name = names.first(where: { path.contains("/containers/id-\($0)/logs") }) { return logs(name) }
      if path.contains("/containers/id-") { return .http(status: 200, body: #"{"Id":"id","Name":"/x","Config":{"Tty":false}}"#) }
      return .http(status: 404, body: #"{"message":"no such thing"}"#)
    }
  }

  /// Runs the printer until its output contains `expected`, then stops it; returns the output.
  func output(of printer: LogsPrinter, until expected: String) async throws -> String {
    let (chunks, sink) = AsyncStream<[UInt8]>.makeStream()
    let run = Task {
      defer { sink.finish() }
      try await printer.run(write: { sink.yield($0) }, isTerminal: false)
    }
    var text = ""
    for await chunk in chunks {
      text += String(decoding: chunk, as: UTF8.self)
      if text.contains(expected) { break }
    }
    run.cancel()
    if case .failure(let error) = await run.result, !text.contains(expected) { throw error }
    return text
  }

  @Test func theFirstLinesOfAContainerGoOutBeforeItsLogEnds() async throws {
    // The engine sends lines for as long as the client reads: the log never ends.
    let fake = try engine(["shop-web-1"]) { _ in .endless(chunk: Self.frame("hello\n"), every: .milliseconds(10)) }
    let client = try await DockerClient.connect(to: try Endpoint(parsing: fake.url))
    let printer = LogsPrinter(client: client, options: .init(target: "web"))
    let text = try await output(of: printer, until: "hello\nhello\n")
    #expect(text.hasPrefix("hello\nhello\n"))
  }

  @Test func severalReplicasAreMergedAsTheirLogsArrive() async throws {
    let fake = try engine(["shop-web-1", "shop-web-2"]) { name in
      let second = name.hasSuffix("1") ? "00" : "01"
      return .endless(chunk: Self.frame("2026-11-29T04:40:\(second).000000000Z from \(name)\n"), every: .milliseconds(10))
    }
    let client = try await DockerClient.connect(to: try Endpoint(parsing: fake.url))
    let printer = LogsPrinter(client: client, options: .init(target: "web"))
    // web-1's lines are all older, so they go out as long as web-2 has sent one line.
    let text = try await output(of: printer, until: "shop-web-1 | from shop-web-1\nshop-web-1 | from shop-web-1\n")
    #expect(text.hasPrefix("shop-web-1 | from shop-web-1\n"))
  }

  @Test func followingWithoutTailStartsFromTheLast200Lines() async throws {
    let fake = try engine(["shop-web-1"]) { _ in .endless(chunk: Self.frame("x\n"), every: .milliseconds(10)) }
    let client = try await DockerClient.connect(to: try Endpoint(parsing: fake.url))
    _ = try await output(of: LogsPrinter(client: client, options: .init(target: "web", follow: true)), until: "x\n")
    _ = try await output(of: LogsPrinter(client: client, options: .init(target: "web")), until: "x\n")
    _ = try await output(of: LogsPrinter(client: client, options: .init(target: "web", follow: true, tail: .all)), until: "x\n")
    _ = try await output(
      of: LogsPrinter(client: client, options: .init(target: "web", follow: true, since: .seconds(60))),
      until: "x\n")
    let tails = fake.requestLines.filter { $0.contains("/logs?") }.map { line in
      line.split(separator: " ")[1].split(separator: "&").first { $0.hasPrefix("tail=") }.map(String.init) ?? "?"
    }
    #expect(tails == ["tail=200", "tail=all", "tail=all", "tail=all"])
  }

  @Test(arguments: [("all", LogsPrinter.Tail.all), ("0", .last(0)), ("15", .last(15))])
  func tailParses(text: String, tail: LogsPrinter.Tail) {
    #expect(LogsPrinter.Tail(parsing: text) == tail)
  }

  @Test(arguments: ["", "-1", "ten", "1.5"])
  func badTailsAreRefused(text: String) {
    #expect(LogsPrinter.Tail(parsing: text) == nil)
  }
}
