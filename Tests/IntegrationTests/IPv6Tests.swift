import BerthTestSupport
import DockerEngine
import Foundation
import Testing

/// Every kind of request over the private engine's IPv6 loopback listener (`tcp://[::1]:PORT`):
/// plain requests, a follow stream and a hijacked exec, whose URL and `Host` header need the
/// address in brackets.
@Suite(
  .enabled(if: TestEngine.shouldRunIPv6, "no IPv6 listener: run through scripts/test (BERTH_TEST_DOCKER_IPV6_HOST)"),
  .timeLimit(.minutes(1)))
struct IPv6Tests {
  @Test func listsInspectsFollowsLogsAndExecsOverIPv6() async throws {
    let endpoint = try TestEngine.ipv6Endpoint()
    #expect(endpoint.description.hasPrefix("tcp://[::1]:"))
    let client = try await DockerClient.connect(to: endpoint)
    let name = TestEngine.uniqueName("ipv6")
    let id = try await TestEngine.run(name: name, command: "echo v6-first; sleep 1; echo v6-second; sleep 300")
    defer { TestEngine.remove([id]) }

    let listed = try await client.containers(labels: [TestEngine.label])
    #expect(listed.contains { $0.id == id })
    #expect(try await client.inspect(id).name == "/" + name)

    // A follow stream: the second line comes a second after the stream opened.
    var seen: [String] = []
    for try await line in client.logs(for: id, options: LogOptions(follow: true, tail: nil, timestamps: false), isTTY: false) {
      seen.append(String(decoding: line.bytes, as: UTF8.self))
      if seen.contains("v6-second") { break }
    }
    #expect(seen == ["v6-first", "v6-second"])

    // A hijacked connection (exec): connect step, request line and Host header by hand.
    let exec = try await client.createExec(in: id, ExecConfiguration(command: ["sh", "-c", "echo over-v6-$((40+2))"]))
    let connection = try client.startExec(exec)
    defer { connection.close() }
    var output: [UInt8] = []
    let deadline = ContinuousClock.now + .seconds(10)
    while ContinuousClock.now < deadline, !String(decoding: output, as: UTF8.self).contains("over-v6-42") {
      guard let bytes = try connection.read(waiting: .milliseconds(200)) else { break }
      output += bytes
    }
    #expect(String(decoding: output, as: UTF8.self).contains("over-v6-42"))
  }
}
