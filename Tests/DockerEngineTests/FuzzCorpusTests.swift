@testable import DockerEngine
import Foundation
import Testing

/// Every input the fuzzers kept (Tests/Fuzz/Corpus, see scripts/fuzz) replayed as a regression test.
struct FuzzCorpusTests {
  static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fuzz/Corpus")

  static func inputs(_ target: String) -> [[UInt8]] {
    let directory = corpus.appendingPathComponent(target)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.sorted().compactMap { FileManager.default.contents(atPath: directory.appendingPathComponent($0).path).map(Array.init) }
  }

  @Test func demuxCorpusDecodesWithinBounds() {
    let inputs = Self.inputs("demux")
    #expect(inputs.count >= 3)
    for bytes in inputs {
      guard let first = bytes.first else { continue }
      var demultiplexer = LogDemultiplexer(maximumPayload: 64)
      var assembler = LogLineAssembler(timestamps: first & 1 == 1, maximumLineLength: 32)
      let cut = min(bytes.count, 1 + Int(first))
      var total = 0
      for frame in demultiplexer.feed(bytes[1..<cut]) + demultiplexer.feed(bytes[cut...]) {
        #expect(frame.bytes.count <= 64)
        total += frame.bytes.count
        for line in assembler.feed(frame) { #expect(line.bytes.count <= 32) }
      }
      #expect(total <= bytes.count)
    }
  }

  @Test func modelsCorpusNeverCrashesAndParsersAgree() throws {
    let inputs = Self.inputs("models")
    #expect(inputs.count >= 10)
    var agreed = 0
    for bytes in inputs {
      if let parsed = try? StatsParser.parse(bytes), var decoded = try? JSONDecoder().decode(StatsSample.self, from: Data(bytes)) {
        let kept = decoded.memory?.stats?.filter { StatsParser.memoryKeys.contains($0.key) }
        decoded.memory?.stats = kept
        #expect(parsed == decoded)
        agreed += 1
      }
      _ = try? JSONDecoder().decode(ContainerDetails.self, from: Data(bytes))
      var events = JSONLineDecoder<EngineEvent>()
      _ = events.feed(bytes)
    }
    #expect(agreed >= 3)
  }
}
