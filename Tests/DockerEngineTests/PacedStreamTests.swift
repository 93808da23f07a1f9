import BerthTestSupport
@testable import DockerEngine
import Foundation
import Testing

/// Back-pressure: a reader slower than the engine holds the transfer, not an ever-growing buffer,
/// and once it reads on, every line arrives.
@Suite(.timeLimit(.minutes(1)))
struct PacedStreamTests {
  /// One multiplexed stdout frame holding `text`.
  static func frame(_ text: String) -> String {
    "\u{01}\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}" + String(UnicodeScalar(UInt8(text.utf8.count))) + text
  }

  @Test func aSlowReaderPausesTheTransferAndLosesNothing() async throws {
    let line = "a log line of some length, as a web server would write it\n"
    let chunk = String(repeating: Self.frame(line), count: 100)
    let count = 1_000  // 100 000 lines, about 6 MiB: far beyond the buffer and the socket's
    let fake = try FakeEngine { _, path in
      path.hasSuffix("/version") ? .http(status: 200, body: FakeEngine.versionBody()) : .repeated(chunk: chunk, count: count)
    }
    let client = try await DockerClient.connect(to: try Endpoint(parsing: fake.url), requestTimeout: .seconds(5))
    let capacity = 4
    let stream = client.pacedLogBatches(
      for: "web", options: LogOptions(tail: nil, timestamps: false), isTTY: false,
      capacity: capacity)
    var reader = stream.makeAsyncIterator()
    var lines = try await reader.next()?.count ?? 0
    // The reader stops: the transfer must pause with the buffer full (without back-pressure the
    // engine would instead send its whole reply into memory).
    // The pause is the client's own state, with no event to await: polled, within a bound.
    _ = try await eventually(timeout: .seconds(10), every: .milliseconds(5)) { stream.isPaused || fake.repeatedRepliesSent > 0 }
    #expect(stream.isPaused)
    #expect(fake.repeatedRepliesSent == 0)
    #expect(stream.bufferedCount <= capacity)
    while let batch = try await reader.next() { lines += batch.count }
    #expect(lines == 100 * count)
    #expect(stream.peakBuffered <= capacity)
    #expect(fake.repeatedRepliesSent == 1)
  }
}
