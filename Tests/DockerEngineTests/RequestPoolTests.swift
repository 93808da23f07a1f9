import BerthTestSupport
@testable import DockerEngine
import Foundation
import Testing

/// The per-engine pool of short requests: a burst never holds more than `requestsPerEngine`
/// requests open at once, every request of it completes, and streams never wait for a place.
@Suite(.timeLimit(.minutes(1)))
struct RequestPoolTests {
  func connect(_ fake: FakeEngine) async throws -> DockerClient {
    try await DockerClient.connect(to: try Endpoint(parsing: fake.url), requestTimeout: .seconds(20))
  }

  @Test func aBurstOf300RequestsNeverExceedsThePoolAndAllComplete() async throws {
    // Each answer takes a few milliseconds, as an engine's does, so the requests overlap.
    let fake = try FakeEngine { _, path in
      if path.hasSuffix("/version") { return .http(status: 200, body: FakeEngine.versionBody()) }
      Thread.sleep(forTimeInterval: 0.005)
      return .http(status: 200, body: "[]")
    }
    let client = try await connect(fake)
    let completed = try await withThrowingTaskGroup(of: Int.self) { group in
      for _ in 0..<300 { group.addTask { try await client.containers().count + 1 } }
      return try await group.reduce(0, +)
    }
    #expect(completed == 300)
    #expect(fake.peakRequestsInFlight <= CurlLoop.requestsPerEngine)
    // The pool is used, not a one-at-a-time queue.
    #expect(fake.peakRequestsInFlight > 1)
  }

  @Test func aStatsBurstOver300ContainersStaysWithinThePool() async throws {
    let sample = String(decoding: try Fixtures.data("stats-oneshot-1.json"), as: UTF8.self)
    let fake = try FakeEngine { _, path in
      if path.hasSuffix("/version") { return .http(status: 200, body: FakeEngine.versionBody()) }
      Thread.sleep(forTimeInterval: 0.005)
      return .http(status: 200, body: sample)
    }
    let client = try await connect(fake)
    let ids = (0..<300).map { "container\($0)" }
    let results = await client.statsBurst(for: ids, deadline: .seconds(20))
    #expect(results.count == 300)
    #expect(results.values.allSatisfy { (try? $0.get()) != nil })
    #expect(fake.peakRequestsInFlight <= CurlLoop.requestsPerEngine)
  }

  @Test func streamsTakeNoPlaceInThePool() async throws {
    let fake = try FakeEngine { _, path in
      if path.hasSuffix("/version") { return .http(status: 200, body: FakeEngine.versionBody()) }
      if path.contains("/events") { return .stall }
      return .http(status: 200, body: "[]")
    }
    let client = try await connect(fake)
    // More open streams than the pool has places; each is open once the engine has seen it.
    let streams = (0..<(CurlLoop.requestsPerEngine + 8)).map { _ in client.events() }
    var iterators = streams.map { $0.makeAsyncIterator() }
    try await fake.requests(containing: "/events", atLeast: streams.count)
    // A short request still goes through at once.
    let listed = try await client.containers()
    #expect(listed.isEmpty)
    iterators.removeAll()
  }

  @Test func aWaitingRequestCancelledLeavesTheQueue() async throws {
    let fake = try FakeEngine { _, path in
      if path.hasSuffix("/version") { return .http(status: 200, body: FakeEngine.versionBody()) }
      return path.contains("/containers/json") ? .stall : .http(status: 200, body: "{}")
    }
    let client = try await connect(fake)
    // Fill the pool with requests the engine never answers, then queue one more and cancel it.
    let holders = (0..<CurlLoop.requestsPerEngine).map { _ in Task { try await client.containers() } }
    try await fake.requests(containing: "/containers/json", atLeast: holders.count)
    let waiting = Task { try await client.info() }
    // The queue is the curl loop's own state, with no event to await: polled, within a bound.
    #expect(try await eventually(timeout: .seconds(10), every: .milliseconds(5)) { CurlLoop.shared.waitingRequests > 0 })
    waiting.cancel()
    let outcome = await waiting.result
    #expect(throws: DockerEngineError.self) { try outcome.get() }
    // It never reached the engine.
    #expect(!fake.requestLines.contains { $0.contains("/info") })
    for holder in holders { holder.cancel() }
    for holder in holders { _ = await holder.result }
    // The places are free again.
    _ = try? await client.info()
    #expect(fake.requestLines.contains { $0.contains("/info") })
  }
}
