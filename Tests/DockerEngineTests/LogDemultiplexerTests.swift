@testable import DockerEngine
import Testing

/// Builds one multiplexed frame: stream byte, three zeros, big-endian length, payload.
func frame(_ stream: UInt8, _ payload: [UInt8]) -> [UInt8] {
  let n = payload.count
  return [stream, 0, 0, 0, UInt8(n >> 24 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + payload
}

struct LogDemultiplexerTests {
  let stream: [UInt8] =
    frame(1, Array("hello\n".utf8)) + frame(2, Array("oops\n".utf8)) + frame(1, [])
    + frame(1, Array("a\nb".utf8))

  /// Joins frames of the same stream that a split delivered in pieces.
  func merged(_ frames: [LogFrame]) -> [LogFrame] {
    var result: [LogFrame] = []
    for frame in frames {
      if let last = result.last, last.stream == frame.stream { result[result.count - 1].bytes += frame.bytes } else { result.append(frame) }
    }
    return result
  }

  /// Zero-length frames carry nothing and produce no frame.
  @Test func decodesWholeFrames() {
    var demux = LogDemultiplexer()
    let frames = demux.feed(stream)
    #expect(
      frames == [
        LogFrame(stream: .stdout, bytes: Array("hello\n".utf8)),
        LogFrame(stream: .stderr, bytes: Array("oops\n".utf8)),
        LogFrame(stream: .stdout, bytes: Array("a\nb".utf8)),
      ])
    #expect(!demux.hasPartialFrame)
  }

  @Test func decodesTheSameWhenSplitAtEveryByteBoundary() {
    var whole = LogDemultiplexer()
    let expected = merged(whole.feed(stream))
    for cut in 0...stream.count {
      var demux = LogDemultiplexer()
      let frames = demux.feed(stream[..<cut]) + demux.feed(stream[cut...])
      #expect(merged(frames) == expected, "split at \(cut)")
    }
  }

  @Test func decodesByteByByte() {
    var demux = LogDemultiplexer()
    var frames: [LogFrame] = []
    for byte in stream { frames += demux.feed([byte]) }
    var whole = LogDemultiplexer()
    #expect(merged(frames) == merged(whole.feed(stream)))
  }

  @Test func deliversAHugeFrameInBoundedPieces() {
    let payload = [UInt8](repeating: 0x41, count: 3_000_000)
    var demux = LogDemultiplexer(maximumPayload: 1 << 20)
    let frames = demux.feed(frame(2, payload))
    #expect(frames.count == 3)
    #expect(frames.allSatisfy { $0.stream == .stderr && $0.bytes.count <= 1 << 20 })
    #expect(frames.reduce(0) { $0 + $1.bytes.count } == payload.count)
  }

  @Test func reportsATruncatedFrame() {
    var demux = LogDemultiplexer()
    _ = demux.feed(frame(1, Array("abcdef".utf8)).prefix(10))
    #expect(demux.hasPartialFrame)
  }
}

struct LogLineAssemblerTests {
  @Test func splitsLinesPerStreamAndParsesTimestamps() {
    var assembler = LogLineAssembler(timestamps: true)
    var lines = assembler.feed(LogFrame(stream: .stdout, bytes: Array("2026-11-29T04:39:26.123456789Z hel".utf8)))
    #expect(lines.isEmpty)
    lines = assembler.feed(LogFrame(stream: .stderr, bytes: Array("2026-11-29T04:39:27Z err\r\n".utf8)))
    lines += assembler.feed(LogFrame(stream: .stdout, bytes: Array("lo\n".utf8)))
    #expect(lines.map { String(decoding: $0.bytes, as: UTF8.self) } == ["err", "hello"])
    #expect(lines.map(\.stream) == [.stderr, .stdout])
    #expect(lines[1].timestampText == "2026-11-29T04:39:26.123456789Z")
    #expect(lines[1].timestamp.map { EngineTime.format($0, fractionDigits: 3) } == "2026-11-29T04:39:26.123Z")
  }

  @Test func cutsOverlongLinesAndKeepsMemoryBounded() {
    var assembler = LogLineAssembler(timestamps: false, maximumLineLength: 100)
    let lines = assembler.feed(LogFrame(stream: .stdout, bytes: [UInt8](repeating: 0x78, count: 1_000_000) + Array("\nnext\n".utf8)))
    #expect(lines.count == 2)
    #expect(lines[0].bytes.count == 100 && lines[0].isTruncated)
    #expect(String(decoding: lines[1].bytes, as: UTF8.self) == "next")
  }

  @Test func finishReturnsTheUnterminatedTail() {
    var assembler = LogLineAssembler(timestamps: false)
    _ = assembler.feed(LogFrame(stream: .stdout, bytes: Array("tail".utf8)))
    #expect(assembler.finish().map { String(decoding: $0.bytes, as: UTF8.self) } == ["tail"])
  }
}

struct EngineTimeTests {
  @Test(arguments: [
    ("2026-11-29T04:39:26Z", 1_795_927_166.0),
    ("2026-11-29T04:39:26.5Z", 1_795_927_166.5),
    ("2026-11-29T05:39:26+01:00", 1_795_927_166.0),
    ("1970-01-01T00:00:00Z", 0.0),
  ])
  func parses(text: String, seconds: Double) {
    #expect(EngineTime.parse(text)?.timeIntervalSince1970 == seconds)
  }

  @Test(arguments: ["0001-01-01T00:00:00Z", "", "garbage", "2026-11-29 04:39:26Z", "2026-11-29T04:39:26"])
  func rejects(text: String) {
    #expect(EngineTime.parse(text) == nil)
  }

  @Test func formatsRoundTrip() throws {
    let date = try #require(EngineTime.parse("2026-02-28T23:59:59.250Z"))
    #expect(EngineTime.format(date) == "2026-02-28T23:59:59Z")
    #expect(EngineTime.format(date, fractionDigits: 3) == "2026-02-28T23:59:59.250Z")
  }
}

struct JSONLineDecoderTests {
  struct Item: Decodable, Equatable { var n: Int }

  @Test func decodesDocumentsSplitAcrossChunksAndReportsBadOnes() {
    var decoder = JSONLineDecoder<Item>()
    var results = decoder.feed(Array("{\"n\":1}\n{\"n\"".utf8))
    results += decoder.feed(Array(":2}\nnot json\n\n".utf8))
    results += decoder.feed(Array("{\"n\":3}".utf8))
    results += decoder.finish()
    #expect(results.compactMap { try? $0.get() } == [Item(n: 1), Item(n: 2), Item(n: 3)])
    #expect(results.count == 4)
  }

  @Test func skipsAnOversizedDocument() {
    var decoder = JSONLineDecoder<Item>(maximumDocumentLength: 16)
    let results = decoder.feed(Array("{\"n\":1,\"pad\":\"xxxxxxxxxxxxxxxxxx\"}\n{\"n\":2}\n".utf8))
    #expect(results.count == 2)
    #expect((try? results[1].get()) == Item(n: 2))
    if case .failure(let error) = results[0] { #expect(error.kind == .malformedReply) } else { Issue.record("not a failure") }
  }
}
