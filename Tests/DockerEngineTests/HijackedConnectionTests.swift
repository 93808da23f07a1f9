import BerthTestSupport
@testable import DockerEngine
import Foundation
import Testing

/// Carries a write's outcome from its thread.
private final class Outcome: @unchecked Sendable {
  var error: (any Error)?
  let done = DispatchSemaphore(value: 0)
}

/// The raw stream after an upgrade, against an engine that misbehaves on purpose.
@Suite(.timeLimit(.minutes(1)))
struct HijackedConnectionTests {
  @Test func aWriteTheEngineNeverTakesFailsAfterTheStallLimit() throws {
    let engine = try FakeEngine { _, _ in .rawThenDeaf("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n") }
    defer { engine.stop() }
    let connection = try HijackedConnection(
      endpoint: Endpoint(.unixSocket(path: engine.socketPath)), request: HTTPRequest(method: "POST", path: "/exec/x/start"),
      timeout: .seconds(5))
    connection.writeStallLimit = .milliseconds(300)
    let outcome = Outcome()
    nonisolated(unsafe) let writer = connection
    let start = ContinuousClock.now
    Thread {
      do { try writer.write([UInt8](repeating: 0x61, count: 32 << 20)) } catch { outcome.error = error }
      outcome.done.signal()
    }.start()
    // Without the bound the write waits forever for the socket to drain.
    guard outcome.done.wait(timeout: .now() + 20) == .success else {
      Issue.record("the write was still blocked after 20 s")
      return
    }
    let elapsed = ContinuousClock.now - start
    let error = try #require(outcome.error as? DockerEngineError)
    #expect(error.kind == .timedOut)
    #expect(error.message.contains("took no input"))
    #expect(elapsed < .seconds(10))
    connection.close()
  }
}
