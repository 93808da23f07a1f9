@testable import DockerEngine
import Foundation
import Testing

/// Every JSON reply is refused, not recursed into, past 256 levels of nesting.
struct JSONDepthTests {
  static let million = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)

  func nested(_ depth: Int) -> [UInt8] {
    Array(String(repeating: "[", count: depth).utf8) + Array(String(repeating: "]", count: depth).utf8)
  }

  static let deeperThanTheLimit = DockerEngineError(.malformedReply, "The engine sent JSON nested deeper than 256 levels.")

  @Test func theLimitIsInclusive() throws {
    try JSONDepth.check(nested(256))
    #expect(throws: Self.deeperThanTheLimit) { try JSONDepth.check(nested(257)) }
    #expect(throws: Self.deeperThanTheLimit) { try JSONDepth.check(Self.million) }
  }

  @Test func bracketsInStringsDoNotCount() throws {
    let inString = Array(("[\"" + String(repeating: "[{", count: 1000) + "\\\"]\"]").utf8)
    try JSONDepth.check(inString)
    // An escaped quote does not end the string; the quote after it does, and the rest counts.
    let afterString = Array("[\"\\\"[[\"".utf8) + [UInt8](repeating: UInt8(ascii: "{"), count: 300)
    #expect(throws: Self.deeperThanTheLimit) { try JSONDepth.check(afterString) }
  }

  @Test func theStatsParserRefusesAMillionBrackets() throws {
    #expect(throws: Self.deeperThanTheLimit) { try StatsParser.parse(Self.million) }
    // Deep inside a member the parser skips (the recursive path).
    let skipped = Array(#"{"read":"x","extra":"#.utf8) + nested(100_000) + Array("}".utf8)
    #expect(throws: Self.deeperThanTheLimit) { try StatsParser.parse(skipped) }
  }

  @Test func theLineDecoderRefusesAMillionBrackets() throws {
    var decoder = JSONLineDecoder<EngineEvent>(maximumDocumentLength: 2_000_000)
    let results = decoder.feed(Self.million + [0x0A] + Array(#"{"Type":"container"}"#.utf8) + [0x0A])
    #expect(results.count == 2)
    #expect(throws: Self.deeperThanTheLimit) { try results[0].get() }
    #expect(try results[1].get().type == "container")
  }

  /// The bound costs one pass: a million brackets in a member the parser would skip (without the
  /// bound, a stack overflow) are refused in well under a second (measured, not slept; the limit
  /// is loose for a loaded machine).
  @Test func aMillionBracketsFailQuickly() throws {
    let reply = Array(#"{"read":"x","extra":"#.utf8) + Self.million
    let clock = ContinuousClock()
    var result: Result<StatsSample, DockerEngineError>?
    let elapsed = clock.measure { result = Result { () throws(DockerEngineError) in try StatsParser.parse(reply) } }
    #expect(throws: Self.deeperThanTheLimit) { try result?.get() }
    #expect(elapsed < .seconds(2))
  }

  /// Paths without the check (an error reply's body, exec create) rely on JSONDecoder's own
  /// bound: a million brackets are an error there too, not a stack overflow.
  @Test func anErrorReplyOfAMillionBracketsIsReadAsText() {
    let error = DockerEngineError.fromReply(status: 500, body: Self.million, what: "Listing containers")
    #expect(error.kind == .engine(status: 500))
    #expect(error.message.hasPrefix("Listing containers failed (HTTP 500): [[["))
    #expect(error.message.utf8.count < 600)
  }
}
