import Testing

@testable import TerminalUI

@Suite("TerminalRestoration")
struct TerminalRestorationTests {
  private static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  /// xterm-256color's strings, as `infocmp -1 xterm-256color` prints them.
  private static let xterm = TerminalRestoration.Capabilities(
    resetAttributes: bytes("\u{1B}(B\u{1B}[m"), keypadLocal: bytes("\u{1B}[?1l\u{1B}>"),
    showCursor: bytes("\u{1B}[?12l\u{1B}[?25h"), exitAlternateScreen: bytes("\u{1B}[?1049l\u{1B}[23;0;0t"))

  @Test func xtermSequenceSwitchesEveryModeOffAndLeavesTheAlternateScreenLast() {
    let expected =
      "\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l\u{1B}[?2004l"
      + "\u{1B}(B\u{1B}[m" + "\u{1B}[?1l\u{1B}>" + "\u{1B}[?12l\u{1B}[?25h" + "\u{1B}[?1049l\u{1B}[23;0;0t"
    #expect(TerminalRestoration.sequence(for: Self.xterm) == Self.bytes(expected))
  }

  @Test func missingCapabilitiesAreLeftOut() {
    // vt100 has no alternate screen and no cursor visibility; its sgr0 carries a 2 ms delay.
    let vt100 = TerminalRestoration.Capabilities(
      resetAttributes: Self.bytes("\u{1B}[m\u{0F}$<2>"), keypadLocal: Self.bytes("\u{1B}[?1l\u{1B}>"))
    #expect(
      TerminalRestoration.sequence(for: vt100)
        == TerminalRestoration.privateModesOff + Self.bytes("\u{1B}[m\u{0F}\u{1B}[?1l\u{1B}>"))
    #expect(TerminalRestoration.sequence(for: .init()) == TerminalRestoration.privateModesOff)
  }

  @Test(arguments: [
    ("\u{1B}[m$<2>", "\u{1B}[m"),
    ("$<5*/>\u{1B}[?25h", "\u{1B}[?25h"),
    ("a$<1.5>b$<10/>c", "abc"),
    // Not delays: kept as they are.
    ("$<x>", "$<x>"), ("$<>", "$<>"), ("$<12", "$<12"), ("cost $5", "cost $5"), ("$", "$"),
  ])
  func paddingIsRemoved(_ capability: String, _ expected: String) {
    #expect(TerminalRestoration.withoutPadding(Self.bytes(capability)) == Self.bytes(expected))
  }

  @Test func anOversizedCapabilityIsDroppedWholeAndTheRestKept() {
    var capabilities = Self.xterm
    capabilities.keypadLocal = [UInt8](repeating: UInt8(ascii: "x"), count: TerminalRestoration.maximumCount)
    let sequence = TerminalRestoration.sequence(for: capabilities)
    #expect(sequence.count <= TerminalRestoration.maximumCount)
    #expect(!sequence.contains(UInt8(ascii: "x")))
    let expected =
      TerminalRestoration.privateModesOff + Self.bytes("\u{1B}(B\u{1B}[m")
      + Self.bytes("\u{1B}[?12l\u{1B}[?25h\u{1B}[?1049l\u{1B}[23;0;0t")
    #expect(sequence == expected)
  }
}
