import Testing

@testable import TerminalUI

/// One hostile input and exactly what the sanitiser must turn it into.
struct HostileCase: Sendable, CustomTestStringConvertible {
  let name: String
  let input: [UInt8]
  let expected: String

  init(_ name: String, _ input: String, _ expected: String) {
    self.init(name, Array(input.utf8), expected)
  }

  init(_ name: String, _ input: [UInt8], _ expected: String) {
    self.name = name
    self.input = input
    self.expected = expected
  }

  var testDescription: String { name }
}

let hostileCorpus: [HostileCase] = [
  HostileCase("OSC title ended by BEL", "a\u{1B}]0;pwned\u{07}b", "ab"),
  HostileCase("OSC title ended by ST", "a\u{1B}]2;x\u{1B}\\b", "ab"),
  HostileCase(
    "OSC 52 clipboard write", "\u{1B}]52;c;cm0gLXJmIH4=\u{07}ok", "ok"),
  HostileCase("erase display", "\u{1B}[2Jclear", "clear"),
  HostileCase("cursor home", "\u{1B}[Hhome", "home"),
  HostileCase("cursor moves", "x\u{1B}[10;20Hy\u{1B}[3A\u{1B}[5Cz", "xyz"),
  HostileCase("private mode set", "\u{1B}[?1049hscreen", "screen"),
  HostileCase(
    "SGR colours", "\u{1B}[31;1mred\u{1B}[0m \u{1B}[38;2;1;2;3mrgb", "red rgb"),
  HostileCase("8-bit C1 CSI", [0x9B] + Array("31mok".utf8), "ok"),
  HostileCase(
    "8-bit C1 OSC", [0x9D] + Array("0;title".utf8) + [0x07] + Array("ok".utf8),
    "ok"),
  HostileCase(
    "8-bit OSC ended by 8-bit ST",
    [0x9D] + Array("0;t".utf8) + [0x9C] + Array("ok".utf8), "ok"),
  HostileCase("UTF-8 encoded C1 CSI", "\u{9B}31mok", "ok"),
  HostileCase("UTF-8 encoded NEL", "a\u{85}b", "ab"),
  HostileCase("DCS", "\u{1B}P1$r0m\u{1B}\\ok", "ok"),
  HostileCase("APC", "\u{1B}_payload\u{1B}\\ok", "ok"),
  HostileCase("PM and SOS", "\u{1B}^pm\u{1B}\\\u{1B}Xsos\u{1B}\\ok", "ok"),
  HostileCase("truncated CSI at end", "abc\u{1B}[", "abc"),
  HostileCase("truncated CSI parameters at end", "abc\u{1B}[12;", "abc"),
  HostileCase("unterminated OSC", "abc\u{1B}]0;title", "abc"),
  HostileCase("bare ESC at end", "a\u{1B}", "a"),
  HostileCase("two-byte escapes", "a\u{1B}7b\u{1B}8c\u{1B}cd", "abcd"),
  HostileCase("charset designation", "\u{1B}(0x\u{1B}(By", "xy"),
  HostileCase("CAN aborts a sequence", "\u{1B}[31\u{18}ok", "ok"),
  HostileCase(
    "ESC inside OSC starts a new sequence", "\u{1B}]0;t\u{1B}[31mok", "ok"),
  HostileCase("BEL", "a\u{07}b", "ab"),
  HostileCase("backspace", "abc\u{08}\u{08}x", "abcx"),
  HostileCase("carriage return", "10%\r20%", "10%20%"),
  HostileCase("NUL", "a\u{0}b", "ab"),
  HostileCase("DEL", "a\u{7F}b", "ab"),
  HostileCase("line feed", "a\nb", "ab"),
  HostileCase("tab to next stop", "a\tb", "a       b"),
  HostileCase("tab at a stop", "12345678\tx", "12345678        x"),
  HostileCase("lone 0xFF", [0x61, 0xFF, 0x62], "a\u{FFFD}b"),
  HostileCase("truncated multi-byte at end", [0x61, 0xE2, 0x82], "a\u{FFFD}"),
  HostileCase(
    "truncated multi-byte mid-string", [0xE2, 0x82, 0x61], "\u{FFFD}a"),
  HostileCase("overlong slash", [0xC0, 0xAF], "\u{FFFD}\u{FFFD}"),
  HostileCase("encoded surrogate", [0xED, 0xA0, 0x80], "\u{FFFD}\u{FFFD}"),
  HostileCase("lone continuation byte", [0x61, 0xA9, 0x62], "a\u{FFFD}b"),
  HostileCase("bidi override", "abc\u{202E}fed\u{202C}", "abcfed"),
  HostileCase("bidi isolates", "\u{2066}x\u{2067}y\u{2068}z\u{2069}", "xyz"),
  HostileCase("Arabic letter mark", "a\u{061C}b", "ab"),
  HostileCase("zero-width space in a name", "ad\u{200B}min", "admin"),
  HostileCase(
    "zero-width joiners and direction marks", "a\u{200C}b\u{200D}c\u{200E}d\u{200F}e", "abcde"),
  HostileCase(
    "word joiner and invisible operators", "\u{2060}x\u{2061}\u{2062}\u{2063}\u{2064}y", "xy"),
  HostileCase("zero-width no-break space (BOM)", "\u{FEFF}name\u{FEFF}", "name"),
  HostileCase(
    "visible neighbours of the invisible ranges survive", "\u{200A}\u{2010}\u{2070}\u{2065}\u{FEFE}",
    "\u{200A}\u{2010}\u{2070}\u{2065}\u{FEFE}"),
  HostileCase("wide and combining text survives", "日本🙂e\u{301}", "日本🙂e\u{301}"),
  HostileCase("plain text survives", "web-1 (healthy)", "web-1 (healthy)"),
]

@Suite("TerminalText.sanitize")
struct SanitizerTests {
  @Test(arguments: hostileCorpus)
  func hostileInputIsNeutralised(_ hostile: HostileCase) {
    #expect(TerminalText.sanitize(hostile.input) == hostile.expected)
  }

  @Test(arguments: hostileCorpus)
  func splittingAtEveryByteBoundaryGivesTheSameResult(_ hostile: HostileCase) {
    for split in 0...hostile.input.count {
      var sanitizer = TerminalText.Sanitizer()
      let output =
        sanitizer.feed(hostile.input[..<split])
        + sanitizer.feed(hostile.input[split...]) + sanitizer.finish()
      #expect(output == hostile.expected, "split at \(split)")
    }
  }

  @Test(arguments: hostileCorpus)
  func feedingOneByteAtATimeGivesTheSameResult(_ hostile: HostileCase) {
    var sanitizer = TerminalText.Sanitizer()
    var output = hostile.input.map { sanitizer.feed([$0]) }.joined()
    output += sanitizer.finish()
    #expect(output == hostile.expected)
  }

  @Test func stringOverloadMatchesBytes() {
    #expect(TerminalText.sanitize("x\u{1B}[1my") == "xy")
  }

  @Test func newlinesCanBePreservedAndRestartTabStops() {
    #expect(
      TerminalText.sanitize("ab\tc\n\td\r\n", preservingNewlines: true)
        == "ab      c\n        d\n")
  }

  @Test func sanitizerStateSurvivesChunksAndResetsAfterFinish() {
    var sanitizer = TerminalText.Sanitizer()
    #expect(sanitizer.feed(Array("log \u{1B}]0;ti".utf8)) == "log ")
    #expect(sanitizer.feed(Array("tle\u{07} line".utf8)) == " line")
    #expect(sanitizer.feed([0xE6, 0x97]) == "")
    #expect(sanitizer.feed([0xA5]) == "日")
    #expect(sanitizer.feed(Array("\u{1B}]0;never ends".utf8)) == "")
    #expect(sanitizer.finish() == "")
    #expect(sanitizer.feed(Array("fresh".utf8)) == "fresh")
  }

  @Test func overlongControlStringIsAbandoned() {
    let payload = String(
      repeating: "A", count: TerminalText.Sanitizer.maximumSequenceLength + 10)
    let output = TerminalText.sanitize("\u{1B}]0;" + payload)
    #expect(output == String(repeating: "A", count: 12))
  }

  @Test func randomBytesNeverYieldControls() {
    var generator = SplitMix64(seed: 0x5EED_BE27)
    let interesting: [UInt8] = [
      0x1B, 0x5B, 0x5D, 0x50, 0x5C, 0x07, 0x9B, 0x9D, 0x9C, 0x90, 0x18, 0x0A,
      0x0D, 0xC2, 0xE2, 0x80, 0xAE, 0xFF, 0x8B, 0x81, 0xD8, 0x9C, 0xEF, 0xBB, 0xBF,
    ]
    for iteration in 0..<4000 {
      let length = Int.random(in: 0...48, using: &generator)
      let bytes: [UInt8] = (0..<length).map { _ in
        Bool.random(using: &generator)
          ? interesting.randomElement(using: &generator)!
          : UInt8.random(in: 0...255, using: &generator)
      }
      let output = TerminalText.sanitize(bytes)
      let bad = output.unicodeScalars.first {
        $0.value < 0x20 || (0x7F...0x9F).contains($0.value)
          || (0x202A...0x202E).contains($0.value)
          || (0x2066...0x2069).contains($0.value) || $0.value == 0x061C
          || (0x200B...0x200F).contains($0.value) || (0x2060...0x2064).contains($0.value)
          || $0.value == 0xFEFF
      }
      #expect(
        bad == nil,
        "iteration \(iteration): \(bytes) gave \(output.unicodeScalars.map(\.value))"
      )
      var streaming = TerminalText.Sanitizer()
      let split = Int.random(in: 0...length, using: &generator)
      let streamed =
        streaming.feed(bytes[..<split]) + streaming.feed(bytes[split...])
        + streaming.finish()
      #expect(
        streamed == output,
        "iteration \(iteration): split at \(split) of \(bytes)")
    }
  }
}

/// A small deterministic generator so fuzz runs are reproducible.
struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Suite("Display width and truncation")
struct DisplayWidthTests {
  @Test(
    arguments: [
      ("a", 1), ("日", 2), ("Ｆ", 2), ("🙂", 2), ("e\u{301}", 1), ("\u{301}", 0),
      ("\u{200B}", 0), ("─", 1),
      ("❤\u{FE0F}", 2), ("한", 2),
    ] as [(Character, Int)])
  func characterWidths(_ character: Character, _ width: Int) {
    #expect(TerminalText.displayWidth(of: character) == width)
  }

  @Test func stringWidthSumsGraphemes() {
    #expect("ab日本🙂".displayWidth == 8)
  }

  @Test func truncationRespectsWideCharactersAndEllipsis() {
    #expect("hello world".truncated(toWidth: 5) == "hell…")
    #expect("hello".truncated(toWidth: 5) == "hello")
    #expect("日本語".truncated(toWidth: 4) == "日…")
    #expect("日本語".truncated(toWidth: 4, ellipsis: "") == "日本")
    #expect("hello".truncated(toWidth: 0) == "")
    #expect("hello".truncated(toWidth: 2, ellipsis: "...") == "he")
  }
}
