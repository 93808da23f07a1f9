import Testing

@testable import TerminalUI

@Suite("KeyEvent strings")
struct KeyEventTests {
  static let canonical: [(String, KeyEvent)] = [
    ("q", .character("q")), ("K", .character("K")), ("?", .character("?")),
    ("/", .character("/")),
    ("space", .character(" ")), ("ctrl+r", .ctrl("r")),
    ("ctrl+space", .ctrl(" ")), ("alt+x", .alt("x")),
    ("enter", .enter), ("esc", .escape), ("tab", .tab), ("shift+tab", .backTab),
    ("backspace", .backspace),
    ("delete", .delete), ("up", .up), ("down", .down), ("left", .left),
    ("right", .right), ("home", .home),
    ("end", .end), ("pgup", .pageUp), ("pgdn", .pageDown), ("f1", .function(1)),
    ("f12", .function(12)),
    ("é", .character("é")), ("+", .character("+")),
  ]

  @Test(arguments: canonical)
  func canonicalStringsRoundTrip(_ text: String, _ key: KeyEvent) throws {
    #expect(try KeyEvent(parsing: text) == key)
    #expect(key.description == text)
  }

  @Test(arguments: [
    ("Escape", KeyEvent.escape), ("RETURN", .enter), ("ctrl+R", .ctrl("r")),
    ("C-a", .ctrl("a")),
    ("M-x", .alt("x")), ("backtab", .backTab), ("del", .delete),
    ("PageDown", .pageDown), ("F5", .function(5)),
    (" q ", .character("q")), ("alt+X", .alt("X")),
  ])
  func aliasesParse(_ text: String, _ key: KeyEvent) throws {
    #expect(try KeyEvent(parsing: text) == key)
  }

  @Test(arguments: [
    "", "  ", "ctrl+", "ctrl+1", "ctrl+ab", "hyper+x", "f99", "\u{1}",
    "alt+\u{7F}", "fx",
  ])
  func invalidStringsThrowNamingTheInput(_ text: String) {
    #expect(throws: KeyParsingError.self) { try KeyEvent(parsing: text) }
    do {
      _ = try KeyEvent(parsing: text)
    } catch {
      #expect(error.description.contains("\"\(text)\""))
    }
  }
}

@Suite("KeyTranslation (ncurses codes → KeyEvent)")
struct KeyTranslationTests {
  // The literal values are ncurses' own (curses.h), so these tests also check the shim's wiring.
  @Test(
    arguments: [
      (259, KeyEvent.up), (258, .down), (260, .left), (261, .right),
      (262, .home), (360, .end), (339, .pageUp),
      (338, .pageDown), (343, .enter), (263, .backspace), (330, .delete),
      (353, .backTab), (265, .function(1)),
      (276, .function(12)),
    ] as [(Int32, KeyEvent)])
  func functionKeys(_ code: Int32, _ key: KeyEvent) {
    #expect(KeyTranslation.meaning(of: .functionKey(code)) == .key(key))
  }

  @Test func resizeMouseAndUnknownCodes() {
    #expect(KeyTranslation.meaning(of: .functionKey(410)) == .resize)
    #expect(KeyTranslation.meaning(of: .functionKey(409)) == .mouse)
    #expect(KeyTranslation.meaning(of: .functionKey(999)) == .ignored)
  }

  @Test(
    arguments: [
      (13, KeyEvent.enter), (10, .enter), (9, .tab), (127, .backspace),
      (8, .backspace), (18, .ctrl("r")),
      (1, .ctrl("a")), (26, .ctrl("z")), (0, .ctrl(" ")), (31, .ctrl("_")),
      (0x71, .character("q")),
      (0x51, .character("Q")), (0x65E5, .character("日")),
      (0x1F642, .character("🙂")),
    ] as [(UInt32, KeyEvent)])
  func characters(_ value: UInt32, _ key: KeyEvent) {
    #expect(KeyTranslation.meaning(of: .character(value)) == .key(key))
  }

  @Test func escapeAloneVersusAlt() {
    #expect(KeyTranslation.meaning(of: .character(0x1B)) == .escapePrefix)
    #expect(KeyTranslation.meaning(of: .character(0x9B)) == .ignored)
    #expect(KeyTranslation.key(afterEscape: nil) == (.escape, false))
    #expect(KeyTranslation.key(afterEscape: .escapePrefix) == (.escape, false))
    #expect(KeyTranslation.key(afterEscape: .key(.character("x"))) == (.alt("x"), true))
    // Escape then Up, a resize or a click: Escape now, the other event on the next read.
    #expect(KeyTranslation.key(afterEscape: .key(.up)) == (.escape, false))
    #expect(KeyTranslation.key(afterEscape: .resize) == (.escape, false))
    #expect(KeyTranslation.key(afterEscape: .mouse) == (.escape, false))
  }

  @Test func mouseButtons() {
    // ncurses mouse version 2: BUTTON1_PRESSED 0x2, BUTTON1_CLICKED 0x4, BUTTON4_PRESSED 0x10000, BUTTON5_PRESSED 0x200000.
    #expect(
      KeyTranslation.mouseEvent(x: 3, y: 4, buttonState: 0x4)
        == MouseEvent(.click, x: 3, y: 4))
    #expect(
      KeyTranslation.mouseEvent(x: 3, y: 4, buttonState: 0x2)
        == MouseEvent(.click, x: 3, y: 4))
    #expect(
      KeyTranslation.mouseEvent(x: 0, y: 1, buttonState: 0x10000)
        == MouseEvent(.wheelUp, x: 0, y: 1))
    #expect(
      KeyTranslation.mouseEvent(x: 0, y: 1, buttonState: 0x200000)
        == MouseEvent(.wheelDown, x: 0, y: 1))
    #expect(KeyTranslation.mouseEvent(x: 0, y: 0, buttonState: 0x1) == nil)
    #expect(KeyTranslation.mouseMask == 0x2 | 0x4 | 0x10000 | 0x200000)
  }
}

@Suite("ColorPairAllocator")
struct ColorPairAllocatorTests {
  @Test func defaultColoursUsePairZero() {
    var allocator = ColorPairAllocator(pairCount: 8)
    #expect(
      allocator.pair(foreground: -1, background: -1)
        == .init(pair: 0, isNew: false))
    #expect(allocator.allocatedCount == 0)
  }

  @Test func pairsAreReusedAndBounded() {
    var allocator = ColorPairAllocator(pairCount: 4)
    #expect(
      allocator.pair(foreground: 1, background: -1)
        == .init(pair: 1, isNew: true))
    #expect(
      allocator.pair(foreground: 2, background: 0)
        == .init(pair: 2, isNew: true))
    #expect(
      allocator.pair(foreground: 1, background: -1)
        == .init(pair: 1, isNew: false))
    #expect(
      allocator.pair(foreground: -1, background: 1)
        == .init(pair: 3, isNew: true))
    #expect(allocator.pair(foreground: 5, background: 5) == nil)
    #expect(
      allocator.pair(foreground: 2, background: 0)
        == .init(pair: 2, isNew: false))
    #expect(allocator.allocatedCount == 3)
  }

  @Test func capacityIsCappedToAShort() {
    #expect(ColorPairAllocator(pairCount: 65_536).capacity == 32_767)
    #expect(ColorPairAllocator(pairCount: 0).capacity == 1)
    var none = ColorPairAllocator(pairCount: 0)
    #expect(none.pair(foreground: 1, background: 2) == nil)
  }
}

@Suite("Bracketed paste")
struct BracketedPasteTests {
  static let resize: Int32 = 0x19A

  /// Feeds `text` as curses would deliver it, character by character; returns the paste and
  /// whether it completed.
  private func collect(_ inputs: [CursesInput]) -> (paste: BracketedPaste, completedAt: Int?) {
    var paste = BracketedPaste(resizeCode: Self.resize)
    for (index, input) in inputs.enumerated() where paste.feed(input) {
      return (paste, index)
    }
    return (paste, nil)
  }

  private func characters(_ text: String) -> [CursesInput] {
    text.unicodeScalars.map { .character($0.value) }
  }

  @Test func theStartMarkersKeyCodeMeansAPasteBegins() {
    #expect(KeyTranslation.meaning(of: .functionKey(BracketedPaste.startKeyCode)) == .pasteStart)
    // A stray end marker outside a paste is nothing.
    #expect(KeyTranslation.meaning(of: .functionKey(BracketedPaste.endKeyCode)) == .ignored)
    // Escape then a paste: Escape now, the paste on the next read.
    #expect(KeyTranslation.key(afterEscape: .pasteStart) == (.escape, false))
  }

  @Test func endsAtTheEndMarkersKeyCode() {
    let (paste, end) = collect(characters("xDyx") + [.functionKey(BracketedPaste.endKeyCode)] + characters("q"))
    #expect(paste.string == "xDyx")
    #expect(paste.isComplete)
    #expect(end == 4)
  }

  /// An end marker split across reads (more than the ESC delay apart) reaches Berth as raw
  /// characters: it still ends the paste, and nothing after it is part of the paste.
  @Test func endsAtARawEndMarker() {
    let (paste, end) = collect(characters("rm -rf /\n\u{1B}[201~Dy"))
    #expect(paste.string == "rm -rf /\n")
    #expect(end == 14)
  }

  @Test func aPartialEndMarkerInsideTheTextIsText() {
    let (paste, end) = collect(characters("a\u{1B}[20x\u{1B}\u{1B}[201~"))
    #expect(end != nil)
    #expect(paste.string == "a\u{1B}[20x\u{1B}")
  }

  @Test func withoutAnEndMarkerTheHeldBackPrefixIsText() {
    var (paste, end) = collect(characters("abc\u{1B}[20"))
    #expect(end == nil)
    #expect(!paste.isComplete)
    paste.finishWithoutEndMarker()
    #expect(paste.string == "abc\u{1B}[20")
  }

  @Test func keyCodesInsideAPasteCarryNoTextAndAResizeIsRemembered() {
    let (paste, end) = collect(
      characters("a") + [.functionKey(0x103), .functionKey(Self.resize)] + characters("b\u{1B}[201~"))
    #expect(paste.string == "ab")
    #expect(paste.sawResize)
    #expect(end != nil)
  }

  @Test func aHugePasteIsBoundedButStillReadToItsEnd() {
    let size = BracketedPaste.maximumLength + 1_000
    let (paste, end) = collect(Array(repeating: .character(0x61), count: size) + characters("\u{1B}[201~"))
    #expect(paste.length == BracketedPaste.maximumLength)
    #expect(paste.isTruncated)
    #expect(end == size + 5)
  }
}

@Suite("Bracketed paste, start marker split across reads")
struct SplitStartMarkerTests {
  private func characters(_ text: String) -> [CursesInput] {
    text.unicodeScalars.map { .character($0.value) }
  }

  @Test(
    arguments: [
      ("[", nil), ("[2", nil), ("[200", nil), ("[200~", true), ("[201~", false), ("[A", false),
      ("x", false), ("[200~x", false),
    ] as [(String, Bool?)])
  func theRestOfTheStartMarkerAfterEscape(read: String, expected: Bool?) {
    #expect(BracketedPaste.isStartMarker(afterEscape: characters(read)) == expected)
  }

  @Test func aKeyCodeIsNeverPartOfTheMarker() {
    #expect(BracketedPaste.isStartMarker(afterEscape: [.functionKey(0x103)]) == false)
    #expect(BracketedPaste.isStartMarker(afterEscape: characters("[2") + [.functionKey(0x19A)]) == false)
  }
}
