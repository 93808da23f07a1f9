import BerthTestSupport
@testable import DockerEngine
import Foundation
import Testing

/// The hand-written stats reader agrees with `JSONDecoder` on every recorded reply.
struct StatsParserTests {
  /// What `JSONDecoder` gives, with the memory statistics reduced to the keys the parser keeps.
  func decoded(_ name: String) throws -> StatsSample {
    var sample = try Fixtures.decode(StatsSample.self, from: name)
    let kept = sample.memory?.stats?.filter { StatsParser.memoryKeys.contains($0.key) }
    sample.memory?.stats = kept
    return sample
  }

  @Test(arguments: ["stats-oneshot-1.json", "stats-oneshot-2.json", "stats-with-precpu.json"])
  func agreesWithJSONDecoder(name: String) throws {
    let parsed = try StatsParser.parse(try Fixtures.data(name))
    #expect(parsed == (try decoded(name)))
    #expect(parsed.cpu?.usage?.total ?? 0 > 0)
    #expect(parsed.memory?.stats?["total_inactive_file"] != nil)
  }

  @Test func handlesNullsNumbersAndEscapes() throws {
    let text =
      #"{"read":"2026-11-29T04:45:33Z","name":"\/web-1","pids_stats":{},"cpu_stats":{"cpu_usage":{"total_usage":12,"percpu_usage":null},"system_cpu_usage":null,"online_cpus":2,"x":[1,2.5e3,{"a":[true,false,null]}]},"memory_stats":{"usage":1.5e6,"stats":{"inactive_file":7,"anon":9}},"extra":"\"quoted\""}"#
    let sample = try StatsParser.parse(Array(text.utf8))
    #expect(sample.name == "/web-1")
    #expect(sample.cpu?.usage?.total == 12)
    #expect(sample.cpu?.usage?.perCPU == nil)
    #expect(sample.cpu?.systemUsage == nil)
    #expect(sample.cpu?.onlineCPUs == 2)
    #expect(sample.memory?.stats == ["inactive_file": 7])
    #expect(sample.pids == StatsSample.PidsStats())
  }

  @Test func everyTruncationIsAnErrorNotACrash() throws {
    let bytes = Array(try Fixtures.data("stats-oneshot-1.json"))
    var failures = 0
    for cut in stride(from: 0, to: bytes.count - 1, by: 7) {
      do {
        _ = try StatsParser.parse(bytes[..<cut])
      } catch {
        #expect(error.kind == .malformedReply)
        failures += 1
      }
    }
    #expect(failures == (bytes.count - 1 + 6) / 7)
  }

  /// Seeded, so a failure reproduces.
  @Test func randomBytesNeverCrash() {
    var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return seed >> 33
    }
    let alphabet = Array(#"{}[]:,"0123456789.-eE nultrfas\"#.utf8)
    var parsed = 0
    for _ in 0..<5000 {
      let bytes = (0..<Int(next() % 64)).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }
      if (try? StatsParser.parse(bytes)) != nil { parsed += 1 }
    }
    #expect(parsed < 5000)
  }
}
