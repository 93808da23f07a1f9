import Foundation
import Testing

@testable import Dashboard

@Suite("Formatting")
struct FormattingTests {
  @Test(arguments: [
    (UInt64(0), "0B"), (512, "512B"), (1023, "1023B"), (1024, "1KiB"), (1536, "1.5KiB"),
    (43_201_331, "41.2MiB"), (128 << 20, "128MiB"), (1_610_612_736, "1.5GiB"),
    (1_073_720_000, "1GiB"),  // 1023.98 MiB rounds up to the next unit
    (5 << 40, "5TiB"), (UInt64(Int64.max), "8EiB"), (UInt64(Int64.max) + 1, "?"), (UInt64.max, "?"),
  ])
  func bytes(_ count: UInt64, _ expected: String) {
    #expect(Formatting.bytes(count) == expected)
  }

  @Test(arguments: [
    (24.3, "24.3%"), (0, "0.0%"), (0.04, "0.0%"), (0.05, "0.1%"), (150, "150.0%"),
    (99.96, "100.0%"),
    (-1.25, "-1.3%"), (Double.nan, "?"), (Double.infinity, "?"),
  ])
  func percent(_ value: Double, _ expected: String) {
    #expect(Formatting.percent(value) == expected)
  }

  @Test(arguments: [
    (0.75, "0.75"), (1.5, "1.5"), (2, "2"), (0.125, "0.13"), (0, "0"), (12.999, "13"),
  ])
  func cores(_ value: Double, _ expected: String) {
    #expect(Formatting.cores(value) == expected)
  }

  @Test(arguments: [
    (1.25, 1, "1.3"), (0.05, 1, "0.1"), (12.346, 2, "12.35"), (3, 1, "3.0"), (-0.04, 1, "0.0"), (-1.25, 1, "-1.3"), (2.5, 0, "3"),
    (Double.nan, 1, "?"),
  ])
  func fixed(_ value: Double, _ digits: Int, _ expected: String) {
    #expect(Formatting.fixed(value, digits: digits) == expected)
  }

  @Test(arguments: [
    (0.0, "1970-01-01T00:00:00Z"), (1_714_564_800, "2024-05-01T12:00:00Z"),
    (1_709_164_800.25, "2024-02-29T00:00:00.250Z"), (951_782_400, "2000-02-29T00:00:00Z"),
    (-1, "1969-12-31T23:59:59Z"), (4_102_444_799, "2099-12-31T23:59:59Z"),
  ])
  func rfc3339(_ seconds: Double, _ expected: String) {
    #expect(Formatting.rfc3339(Date(timeIntervalSince1970: seconds)) == expected)
  }
}
