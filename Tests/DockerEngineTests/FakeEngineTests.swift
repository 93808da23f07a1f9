import BerthTestSupport
@testable import DockerEngine
import Foundation
import Testing

/// The client against an engine that misbehaves on purpose: every case ends in a typed error
/// (or a clean end of stream) within the time-out, never a crash or a hang.
@Suite(.timeLimit(.minutes(1)))
struct FakeEngineTests {
  /// A fake whose `/version` is fine and whose other paths answer `reply`.
  func engine(apiVersion: String = "1.41", _ reply: @escaping @Sendable (String, String) -> FakeEngine.Reply) throws -> FakeEngine {
    try FakeEngine { method, path in
      path.hasSuffix("/version") ? .http(status: 200, body: FakeEngine.versionBody(apiVersion: apiVersion)) : reply(method, path)
    }
  }

  func connect(_ fake: FakeEngine, timeout: Duration = .seconds(2)) async throws -> DockerClient {
    try await DockerClient.connect(to: try Endpoint(parsing: fake.url), requestTimeout: timeout)
  }

  func kind(of body: () async throws -> Void) async -> DockerEngineError.Kind? {
    do {
      try await body()
      return nil
    } catch let error as DockerEngineError {
      return error.kind
    } catch {
      return nil
    }
  }

  @Test func refusesAnEngineOlderThanAPI125() async throws {
    let fake = try engine(apiVersion: "1.24") { _, _ in .http(status: 200, body: "[]") }
    do {
      _ = try await connect(fake)
      Issue.record("connected to API 1.24")
    } catch let error as DockerEngineError {
      #expect(error.kind == .engineTooOld)
      #expect(error.message.contains("1.24") && error.message.contains("1.25"))
    }
  }

  @Test func speaksTheLowerOfBothVersions() async throws {
    let fake = try engine(apiVersion: "1.99") { _, _ in .http(status: 200, body: "[]") }
    let client = try await connect(fake)
    #expect(client.apiVersion == .newestKnown)
    _ = try await client.containers()
    #expect(fake.requestLines.last?.hasPrefix("GET /v\(APIVersion.newestKnown)/containers/json?all=1") == true)
    let old = try engine(apiVersion: "1.30") { _, _ in .http(status: 200, body: "[]") }
    let oldClient = try await connect(old)
    _ = try await oldClient.containers()
    #expect(old.requestLines.last?.hasPrefix("GET /v1.30/containers/json") == true)
    #expect(!oldClient.supportsOneShotStats)
  }

  @Test func garbageInsteadOfHTTPIsAnError() async throws {
    let fake = try engine { _, _ in .raw("this is not HTTP at all\r\n\r\n") }
    let client = try await connect(fake)
    let kind = await kind { _ = try await client.containers() }
    #expect(kind == .malformedReply || kind == .unreachable)
  }

  @Test func malformedJSONIsAMalformedReplyNamingTheRequest() async throws {
    let fake = try engine { _, _ in .http(status: 200, body: #"[{"Id": 42, "Names": "#) }
    let client = try await connect(fake)
    do {
      _ = try await client.containers()
      Issue.record("decoded garbage")
    } catch let error as DockerEngineError {
      #expect(error.kind == .malformedReply)
      #expect(error.message.contains("Listing containers"))
    }
  }

  @Test func aTruncatedBodyIsAnError() async throws {
    let fake = try engine { _, _ in .truncated(body: #"[{"Id":"abc"#, declared: 500) }
    let client = try await connect(fake)
    let kind = await kind { _ = try await client.containers() }
    #expect(kind == .malformedReply)
  }

  @Test func aNeverEndingBodyTimesOut() async throws {
    let fake = try engine { _, _ in .endless(chunk: "[", every: .milliseconds(50)) }
    let client = try await connect(fake, timeout: .seconds(1))
    let kind = await kind { _ = try await client.containers() }
    #expect(kind == .timedOut)
  }

  @Test func aStalledConnectionTimesOut() async throws {
    let fake = try engine { _, _ in .stall }
    let client = try await connect(fake, timeout: .seconds(1))
    let kind = await kind { try await client.start("abc") }
    #expect(kind == .timedOut)
  }

  @Test func slowBytesWithinTheTimeOutStillArrive() async throws {
    let fake = try engine { _, _ in .slow(status: 200, body: #"[{"Id":"abc","Names":["/slow"]}]"#, every: .milliseconds(2)) }
    let client = try await connect(fake, timeout: .seconds(10))
    let containers = try await client.containers()
    #expect(containers.map(\.name) == ["slow"])
  }

  @Test func engineErrorsKeepTheEngineMessage() async throws {
    let fake = try engine { _, _ in .http(status: 500, body: #"{"message":"driver failed programming external connectivity"}"#) }
    let client = try await connect(fake)
    do {
      try await client.restart("web-1")
      Issue.record("restart succeeded")
    } catch let error as DockerEngineError {
      #expect(error.kind == .engine(status: 500))
      #expect(error.message.contains("driver failed programming external connectivity"))
    }
  }

  @Test func followStreamsHaveNoTimeOutAndStopWhenCancelled() async throws {
    let fake = try engine { _, _ in .endless(chunk: "\n", every: .milliseconds(100)) }
    let client = try await connect(fake, timeout: .milliseconds(500))
    let events = client.events()
    let reader = Task { () -> Int in
      var count = 0
      for try await _ in events { count += 1 }
      return count
    }
    // Wall-clock on purpose: curl's request time-out runs on the wall clock, and three of them
    // must pass with the stream still open.
    try await Task.sleep(for: .milliseconds(1500))
    reader.cancel()
    let count = try await reader.value
    #expect(count == 0)  // blank lines are keep-alives, not events
  }

  @Test func aLogStreamCutMidFrameEndsCleanly() async throws {
    var frameBytes = frame(1, Array("complete\n".utf8)) + frame(1, Array("partial line".utf8))
    frameBytes += frame(2, Array("cut off in the mid".utf8)).prefix(12)
    let body = String(decoding: frameBytes, as: UTF8.self)
    let fake = try engine { _, _ in .raw("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n\r\n" + body) }
    let client = try await connect(fake)
    var lines: [String] = []
    for try await line in client.logs(for: "gone", options: LogOptions(follow: true, timestamps: false), isTTY: false) {
      lines.append(String(decoding: line.bytes, as: UTF8.self))
    }
    #expect(lines == ["complete", "partial line"])
  }

  @Test func aMissingContainerInAStreamIsNotFound() async throws {
    let fake = try engine { _, _ in .http(status: 404, body: #"{"message":"No such container: gone"}"#) }
    let client = try await connect(fake)
    do {
      for try await _ in client.logs(for: "gone", options: LogOptions(follow: true), isTTY: false) {}
      Issue.record("stream of a missing container ended without error")
    } catch let error as DockerEngineError {
      #expect(error.kind == .notFound)
    }
  }
}
