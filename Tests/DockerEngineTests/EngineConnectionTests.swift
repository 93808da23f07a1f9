import BerthTestSupport
@testable import DockerEngine
import Foundation
import Testing

/// `EngineConnection`: one negotiation for everyone, a new one only when its owner reconnects.
@Suite(.timeLimit(.minutes(1)))
struct EngineConnectionTests {
  /// A fake engine whose `/version` claims API 1.41 at the first answer and 1.40 after, and
  /// hangs up on the first `hangUps` of the requests.
  struct VersionedEngine {
    final class Script: @unchecked Sendable {
      private let lock = NSLock()
      private var answered = 0
      private var hangUps: Int
      init(hangUps: Int) { self.hangUps = hangUps }

      func reply(to path: String) -> FakeEngine.Reply {
        guard path == "/version" else { return .http(status: 404, body: #"{"message":"page not found"}"#) }
        return lock.withLock {
          if hangUps > 0 {
            hangUps -= 1
            return .raw("")
          }
          answered += 1
          return .http(status: 200, body: FakeEngine.versionBody(apiVersion: answered == 1 ? "1.41" : "1.40"))
        }
      }
    }

    let fake: FakeEngine

    init(hangUps: Int = 0) throws {
      let script = Script(hangUps: hangUps)
      fake = try FakeEngine { _, path in script.reply(to: path) }
    }

    /// `GET /version` requests (negotiations) the engine has read.
    var negotiations: Int { fake.requestLines.filter { $0.hasPrefix("GET /version ") }.count }
    var endpoint: Endpoint { get throws { try Endpoint(parsing: fake.url) } }
  }

  @Test func theClientIsNegotiatedOnceAndAgainOnlyOnReconnect() async throws {
    let engine = try VersionedEngine()
    defer { engine.fake.stop() }
    let connection = try await EngineConnection.connect(to: try engine.endpoint)
    for _ in 0..<3 { #expect(try await connection.client().apiVersion == APIVersion(1, 41)) }
    #expect(engine.negotiations == 1)
    #expect(try await connection.reconnect().apiVersion == APIVersion(1, 40))
    #expect(engine.negotiations == 2)
    #expect(try await connection.client().apiVersion == APIVersion(1, 40))
    #expect(connection.currentClient?.apiVersion == APIVersion(1, 40))
    #expect(engine.negotiations == 2)
  }

  @Test func aFailedNegotiationIsTriedAgainByTheNextCaller() async throws {
    let engine = try VersionedEngine(hangUps: 1)
    defer { engine.fake.stop() }
    let connection = EngineConnection(endpoint: try engine.endpoint, requestTimeout: .seconds(5))
    await #expect(throws: DockerEngineError.self) { try await connection.client() }
    #expect(connection.currentClient == nil)
    #expect(try await connection.client().apiVersion == APIVersion(1, 41))
    #expect(engine.negotiations == 2)
  }
}
