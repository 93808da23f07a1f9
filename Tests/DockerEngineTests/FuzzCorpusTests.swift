@testable import DockerEngine
import Foundation
import Testing

/// Every input the fuzzers kept (Tests/Fuzz/Corpus, see scripts/fuzz) replayed as a regression test.
struct FuzzCorpusTests {
  static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fuzz/Corpus")

  static func inputs(_ target: String, named prefix: String = "") -> [[UInt8]] {
    let directory = corpus.appendingPathComponent(target)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasPrefix(prefix) }.sorted().compactMap {
      FileManager.default.contents(atPath: directory.appendingPathComponent($0).path).map(Array.init)
    }
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

  /// Every mutated input decodes or fails cleanly. (Mutations may repeat a key, where the
  /// one-pass parser keeps the last value and JSONDecoder another: engines never do that, so the
  /// two are compared on the recorded replies only.)
  @Test func modelsCorpusNeverCrashesAndParsersAgreeOnRecordedReplies() throws {
    let inputs = Self.inputs("models")
    #expect(inputs.count >= 10)
    for bytes in inputs {
      _ = try? StatsParser.parse(bytes)
      _ = try? JSONDecoder().decode(ContainerDetails.self, from: Data(bytes))
      var events = JSONLineDecoder<EngineEvent>()
      _ = events.feed(bytes)
    }
    let recorded = Self.inputs("models", named: "stats-")
    #expect(recorded.count == 3)
    for bytes in recorded {
      var decoded = try JSONDecoder().decode(StatsSample.self, from: Data(bytes))
      let kept = decoded.memory?.stats?.filter { StatsParser.memoryKeys.contains($0.key) }
      decoded.memory?.stats = kept
      #expect(try StatsParser.parse(bytes) == decoded)
    }
  }

  /// Every kept text parses to a positive duration that `describe` writes back in the grammar, or
  /// is refused with a message that says what is accepted (scripts/fuzz durations).
  @Test func durationsCorpusParsesOrIsRefused() throws {
    let inputs = Self.inputs("durations")
    #expect(inputs.count >= 10)
    var parsed = 0
    var refused = 0
    for bytes in inputs {
      do {
        let duration = try DurationText.parse(String(decoding: bytes, as: UTF8.self))
        #expect(duration > .zero)
        #expect((try? DurationText.parse(DurationText.describe(duration))) == duration)
        parsed += 1
      } catch {
        #expect(error.message.contains(DurationText.accepted) || error.message.contains("too long"))
        refused += 1
      }
    }
    #expect(parsed > 0 && refused > 0)
  }

  /// The depth check agrees with a full count on every kept input (its first byte picks a small
  /// bound), and the stats parser's recursive skip never meets more than the bound
  /// (scripts/fuzz nesting).
  @Test func nestingCorpusIsBoundedBeforeAnyRecursion() throws {
    let inputs = Self.inputs("nesting")
    #expect(inputs.count >= 5)
    var deeperThanTheLimit = 0
    for bytes in inputs {
      let bound = Int(bytes.first ?? 0) % 16
      let deepest = bytes.withUnsafeBufferPointer { JSONDepth.deepestNesting($0, stoppingAbove: Int.max) }
      #expect(((try? JSONDepth.check(bytes, limit: bound)) != nil) == (deepest <= bound))
      if deepest > JSONDepth.limit {
        deeperThanTheLimit += 1
        #expect(throws: DockerEngineError.self) { try JSONDepth.check(bytes) }
      }
      _ = try? StatsParser.parse(Array(#"{"extra":"#.utf8) + bytes.dropFirst() + [UInt8(ascii: "}")])
    }
    #expect(deeperThanTheLimit >= 1)
  }
}
