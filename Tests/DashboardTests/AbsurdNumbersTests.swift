import BerthTestSupport
import DockerEngine
import Foundation
import Monitor
import Testing

@testable import Dashboard

/// Absurd engine figures (2^64−1, NaN, infinity, counters at Int.max) go through aggregation,
/// the table and the JSON document as `?` and `null` — before, the sums and `Int(double)` trapped.
@Suite("Absurd numbers")
struct AbsurdNumbersTests {
  @Test func totalsSaturateInsteadOfTrapping() throws {
    let replicas = try AbsurdFigures.replicas()
    let totals = UsageTotals(replicas: replicas, containers: replicas)
    #expect(totals.memoryBytes == UInt64.max)
    #expect(totals.memoryLimitBytes == UInt64(Int64.max) * 2)
    #expect(totals.restartCount == Int.max)
    #expect(totals.cpuLimitCores?.isNaN == true)
  }

  @Test func theDocumentWritesNullNeverNaNOrInfinity() throws {
    let replicas = try AbsurdFigures.replicas()
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
