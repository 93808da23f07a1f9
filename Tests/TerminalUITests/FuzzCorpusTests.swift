import Foundation
import Testing

@testable import TerminalUI

/// The sanitiser fuzzer's corpus (Tests/Fuzz/Corpus/sanitizer, see scripts/fuzz) as a regression test.
struct SanitizerFuzzCorpusTests {
  @Test func noControlSurvivesAnyCorpusInput() throws {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fuzz/Corpus/sanitizer")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    #expect(names.count >= 5)
    for name in names {
      let bytes = try #require(FileManager.default.contents(atPath: directory.appendingPathComponent(name).path))
      let whole = TerminalText.sanitize(Array(bytes))
      var streaming = TerminalText.Sanitizer()
      let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
      let pieces = streaming.feed(bytes.prefix(cut)) + streaming.feed(bytes.dropFirst(cut)) + streaming.finish()
      for text in [whole, pieces] {
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(name)")
      }
    }
  }
}
