import Testing

/// The golden-screen rule: a mismatch and a missing file fail; only `BERTH_RECORD=1` outside CI
/// records (scripts/test also unsets it under `CI=true`, this holds when `swift test` runs alone).
struct GoldenRuleTests {
  static let screen = "Services\n web 2/2"

  @Test(arguments: [[:], ["CI": "true"], ["BERTH_RECORD": "0"], ["BERTH_RECORD": "1", "CI": "true"]])
  func aMissingGoldenFileFailsUnlessRecording(environment: [String: String]) {
    #expect(goldenVerdict(Self.screen, expected: nil, environment: environment) == .missing)
  }

  @Test(arguments: [[:], ["CI": "true"], ["BERTH_RECORD": "1", "CI": "true"], ["BERTH_RECORD": "yes"]])
  func aMismatchFailsAndCIDoesNotRecordIt(environment: [String: String]) {
    #expect(goldenVerdict(Self.screen, expected: "Services\n web 1/2", environment: environment) == .differs)
    #expect(goldenVerdict(Self.screen, expected: Self.screen + "\n", environment: environment) == .differs)
    #expect(goldenVerdict(Self.screen, expected: Self.screen, environment: environment) == .matches)
  }

  @Test(arguments: [["BERTH_RECORD": "1"], ["BERTH_RECORD": "1", "CI": "false"]])
  func onlyAnExplicitRecordOutsideCIRecords(environment: [String: String]) {
    #expect(goldenVerdict(Self.screen, expected: nil, environment: environment) == .record)
    #expect(goldenVerdict(Self.screen, expected: "old", environment: environment) == .record)
  }
}
