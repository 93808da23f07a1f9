import DockerEngine
import Foundation
import Monitor
import Testing

@testable import Dashboard

/// Absurd engine figures (2^64−1, NaN, infinity, counters at Int.max) go through aggregation,
/// the table and the JSON document as `?` and `null` — before, the sums and `Int(double)` trapped.
@Suite("Absurd numbers")
struct AbsurdNumbersTests {
  /// Two replicas of one service that each report 2^64−1 bytes, Int.max restarts and an
  /// uncountable cpuset, built from real decoding: an inspect reply and two stats replies.
  func absurdReplicas() throws -> [ContainerSnapshot] {
    try (1...2).map { number in
      let inspect = """
        {"Id":"id-\(number)","Name":"/shop-web-\(number)","RestartCount":9223372036854775807,
         "State":{"Status":"running"},
         "Config":{"Labels":{"com.docker.compose.project":"shop","com.docker.compose.service":"web",
                             "com.docker.compose.container-number":"\(number)"}},
         "HostConfig":{"Memory":9223372036854775807,"CpusetCpus":"0-4294967295"}}
        """
      var snapshot = ContainerSnapshot(details: try JSONDecoder().decode(ContainerDetails.self, from: Data(inspect.utf8)))
      let max = UInt64.max
      let before = try StatsParser.parse(Array(#"{"cpu_stats":{"cpu_usage":{"total_usage":0},"system_cpu_usage":0,"online_cpus":4},"memory_stats":{"usage":1}}"#.utf8))
      let now = try StatsParser.parse(Array(#"{"cpu_stats":{"cpu_usage":{"total_usage":\#(max)},"system_cpu_usage":1,"online_cpus":4},"memory_stats":{"usage":\#(max)},"pids_stats":{"current":\#(max)}}"#.utf8))
      snapshot.usage = UsageCalculator.usage(current: now, previous: before, cpuLimitCores: snapshot.limits.cpuCores)
      return snapshot
    }
  }

  @Test func totalsSaturateInsteadOfTrapping() throws {
    let replicas = try absurdReplicas()
    let totals = UsageTotals(replicas: replicas, containers: replicas)
    #expect(totals.memoryBytes == UInt64.max)
    #expect(totals.memoryLimitBytes == UInt64(Int64.max) * 2)
    #expect(totals.restartCount == Int.max)
    #expect(totals.cpuLimitCores?.isNaN == true)
  }

  @Test func theTableShowsQuestionMarks() throws {
    let table = SnapshotTable(Aggregation(containers: try absurdReplicas())).text
    let lines = table.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
    // Service row: CPU% of an absurd 7e20 % over an unknown limit, memory 2^64−1 over 2 × 2^63−1.
    #expect(lines.contains("web running 2/2 ? / ? cpu ? / ? 9223372036854775807 -"))
    // A replica: its own limit (2^63−1 bytes, 8 EiB) is a figure; its usage (2^64−1) is not.
    #expect(lines.contains("shop-web-1 running ? / ? cpu ? / 8EiB 9223372036854775807 -"))
  }

  @Test func theDocumentWritesNullNeverNaNOrInfinity() throws {
    let replicas = try absurdReplicas()
    let text = String(decoding: SnapshotDocument(snapshot: snapshot(replicas)).jsonData(prettyPrinted: false), as: UTF8.self)
    #expect(!text.contains("nan") && !text.contains("inf") && !text.contains("18446744073709551615"))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let service = try #require(((json["projects"] as? [[String: Any]])?.first?["services"] as? [[String: Any]])?.first)
    #expect(service["memory_bytes"] is NSNull && service["memory_limit_bytes"] is NSNull)
    #expect(service["cpu_limit_cores"] is NSNull)
    let container = try #require((service["containers"] as? [[String: Any]])?.first)
    #expect(container["memory_bytes"] is NSNull && container["pids"] is NSNull)
    #expect(container["memory_limit_bytes"] as? Int64 == Int64.max)
    #expect(container["cpu_percent_of_limit"] is NSNull)
  }

  @Test(arguments: [1e300, -1e300, Double.infinity, -Double.infinity, Double.nan, 9.3e17, -9.3e17])
  func formattersNeverTrap(value: Double) {
    #expect(Formatting.percent(value) == "?")
    #expect(Formatting.cores(value) == "?")
    #expect(Formatting.fixed(value, digits: 2) == "?")
  }
}
