@testable import BerthApp
import Foundation
import Monitor
import Testing

/// The dashboard draws absurd engine figures as `?`: the header's sum, the gauge, the details.
struct AbsurdFiguresTests {
  /// Two replicas reporting 2^64−1 bytes against a 1-byte limit and 10^300 % CPU against an
  /// uncountable cpuset, and an exited container that finished 10^300 s ago.
  func absurdStack() -> [ContainerSnapshot] {
    var stack = [
      container("shop-web-1", project: "shop", service: "web", cpu: 1e300, memory: UInt64.max, memoryLimit: 1, cpuLimit: .nan),
      container(
        "shop-web-2", project: "shop", service: "web", number: 2, cpu: 1e300, memory: UInt64.max, memoryLimit: 1,
        cpuLimit: .nan),
      container("shop-worker-1", project: "shop", service: "worker", state: .exited),
    ]
    stack[2].finishedAt = Date(timeIntervalSince1970: -1e300)
    return stack
  }

  @Test func theDashboardAndDetailsShowQuestionMarks() throws {
    var model = loadedModel(absurdStack(), width: 170, height: 44)
    let overview = render(model, width: 170, height: 44).textDump.joined(separator: "\n")
    #expect(overview.contains("CPU ? of 2 cpu · MEM ? / 8.0G"))
    let service = try #require(overview.split(separator: "\n").first { $0.contains("▾ web") })
    #expect(service.contains("? / ? cpu") && service.contains("? / 2B"))
    _ = model.handle(.dashboard(.select(.container("id-shop-web-1"))))
    let details = render(model, width: 170, height: 44).textDump.joined(separator: "\n")
    #expect(details.contains("memory     ? / 1B"))
    #expect(details.contains("cpu        ? of host · limit ? cpu (? used)"))
  }

  @Test(arguments: [1e300, Double.infinity, Double.nan, 9.3e18])
  func compactFiguresNeverTrap(value: Double) {
    #expect(Compact.percent(value) == "?")
    #expect(Compact.duration(value) == (value.isNaN ? "0s" : "?"))
  }

  @Test func compactBytesAboveTheLargestCountAreUnknown() {
    #expect(Compact.bytes(UInt64.max) == "?")
    #expect(Compact.bytes(UInt64(Int64.max)) == "8388608T")
  }
}
