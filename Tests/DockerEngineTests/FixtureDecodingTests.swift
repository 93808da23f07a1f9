@testable import DockerEngine
import BerthTestSupport
import Foundation
import Testing

func fixture(_ name: String) throws -> Data { try Fixtures.data(name) }

struct FixtureDecodingTests {
  @Test func version() throws {
    let version = try JSONDecoder().decode(EngineVersion.self, from: fixture("version.json"))
    #expect(version.apiVersion == "1.41")
    #expect(version.version.hasPrefix("20.10"))
    #expect(APIVersion(parsing: version.apiVersion) == APIVersion(1, 41))
  }

  @Test func info() throws {
    let info = try JSONDecoder().decode(EngineInfo.self, from: fixture("info.json"))
    #expect((info.cpuCount ?? 0) >= 1)
    #expect((info.memoryTotal ?? 0) > 1 << 20)
    #expect(info.cgroupVersion == "1")
  }

  @Test func containerList() throws {
    let list = try JSONDecoder().decode([ContainerSummary].self, from: fixture("containers-list.json"))
    let names = Set(list.map(\.name))
    #expect(names == ["fixture-web", "fixture-oneoff", "fixture-plain"])
    let oneoff = try #require(list.first { $0.name == "fixture-oneoff" })
    #expect(oneoff.state == "exited")
    #expect(oneoff.labels?["com.docker.compose.oneoff"] == "True")
  }

  @Test func inspectOfALimitedContainer() throws {
    let details = try JSONDecoder().decode(ContainerDetails.self, from: fixture("container-inspect-limited.json"))
    #expect(details.displayName == "fixture-web")
    #expect(details.hostConfig?.memory == 134_217_728)
    #expect(details.hostConfig?.nanoCpus == 500_000_000)
    #expect(details.hostConfig?.pidsLimit == 100)
    #expect(details.hostConfig?.restartPolicy?.name == "unless-stopped")
    #expect(details.state?.health?.status != nil)
    #expect(details.config?.labels?["com.docker.compose.service"] == "web")
    #expect(details.config?.cmd == ["sh", "-c", "while :; do :; done"])
    #expect(EngineTime.parse(details.state?.startedAt ?? "") != nil)
  }

  @Test func inspectOfAnUnlimitedExitedContainer() throws {
    let details = try JSONDecoder().decode(ContainerDetails.self, from: fixture("container-inspect-exited.json"))
    #expect(details.state?.status == "exited")
    #expect(details.state?.exitCode == 0)
    #expect(details.hostConfig?.memory == 0)
    #expect(details.hostConfig?.nanoCpus == 0)
    #expect(details.state?.health == nil)
    let plain = try JSONDecoder().decode(ContainerDetails.self, from: fixture("container-inspect-plain.json"))
    #expect(plain.hostConfig?.pidsLimit == nil || plain.hostConfig?.pidsLimit == 0)
  }

  @Test func oneShotStatsHaveNoPreviousCPU() throws {
    let sample = try JSONDecoder().decode(StatsSample.self, from: fixture("stats-oneshot-1.json"))
    #expect(sample.cpu?.usage?.total ?? 0 > 0)
    #expect(sample.cpu?.systemUsage ?? 0 > 0)
    #expect(sample.previousCPU?.systemUsage == nil)
    #expect(sample.memory?.stats?["total_inactive_file"] != nil)
    #expect(sample.pids?.current ?? 0 >= 1)
    #expect(sample.cpu?.throttling?.periods != nil)
  }

  @Test func statsWithPreviousCPU() throws {
    let sample = try JSONDecoder().decode(StatsSample.self, from: fixture("stats-with-precpu.json"))
    #expect(sample.previousCPU?.systemUsage ?? 0 > 0)
    #expect(EngineTime.parse(sample.preread ?? "") != nil)
  }

  @Test func eventStream() throws {
    var decoder = JSONLineDecoder<EngineEvent>()
    let events = decoder.feed(Array(try fixture("events.jsonl"))).compactMap { try? $0.get() }
    let actions = events.map { $0.action ?? "" }
    #expect(actions.contains("kill"))
    #expect(actions.contains("die"))
    #expect(actions.contains("start"))
    #expect(events.allSatisfy { $0.type == "container" && $0.actor?.attributes?["name"] == "fixture-plain" })
  }

  @Test func notFoundBodyBecomesATypedError() throws {
    let error = DockerEngineError.fromReply(status: 404, body: Array(try fixture("error-not-found.json")), what: "Inspecting x")
    #expect(error.kind == .notFound)
    #expect(error.message == "Inspecting x: No such container: no-such-container")
  }

  @Test func toleratesMissingAndExtraFields() throws {
    let sparse = #"{"Id":"abc","Surprise":{"new":true},"State":{"Status":"running"},"Config":{"Cmd":"sleep 1"}}"#
    let details = try JSONDecoder().decode(ContainerDetails.self, from: Data(sparse.utf8))
    #expect(details.id == "abc")
    #expect(details.state?.status == "running")
    #expect(details.config?.cmd == ["sleep 1"])
    #expect(details.hostConfig == nil)
  }
}

struct ErrorMappingTests {
  @Test func permissionDeniedSaysHowToFixIt() {
    let endpoint = Endpoint(.unixSocket(path: "/var/run/docker.sock"))
    let error = CurlTransfer.connectError(osErrno: EACCES, reason: "Couldn't connect", endpoint: endpoint)
    #expect(error.kind == .permissionDenied)
    #expect(error.message.contains("docker` group"))
    #expect(error.message.contains("--host"))
    let refused = CurlTransfer.connectError(osErrno: ECONNREFUSED, reason: "Couldn't connect", endpoint: endpoint)
    #expect(refused.kind == .unreachable)
    #expect(refused.message.contains("unix:///var/run/docker.sock"))
  }

  @Test func engineMessageIsKept() {
    let error = DockerEngineError.fromReply(status: 500, body: Array(#"{"message":"boom"}"#.utf8), what: "Starting x")
    #expect(error.kind == .engine(status: 500))
    #expect(error.message.contains("boom"))
    let garbage = DockerEngineError.fromReply(status: 502, body: Array("<html>bad gateway</html>".utf8), what: "Listing")
    #expect(garbage.message.contains("bad gateway"))
  }
}
