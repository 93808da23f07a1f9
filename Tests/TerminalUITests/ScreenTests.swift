import Testing

@testable import TerminalUI

@Suite("Screen")
struct ScreenTests {
  @Test func putClipsAtTheRightEdgeAndReportsColumns() {
    var screen = Screen(width: 5, height: 1)
    #expect(screen.put("hello world", x: 0, y: 0) == 5)
    #expect(screen.textDump == ["hello"])
  }

  @Test func putClipsOffTheLeftEdge() {
    var screen = Screen(width: 5, height: 1)
    #expect(screen.put("hello", x: -2, y: 0) == 5)
    #expect(screen.textDump == ["llo"])
  }

  @Test func writesOutsideTheGridAreIgnored() {
    var screen = Screen(width: 3, height: 2)
    #expect(screen.put("x", x: 0, y: 2) == 0)
    #expect(screen.put("x", x: 0, y: -1) == 0)
    #expect(screen.put("x", x: 3, y: 0) == 0)
    screen.fill(
      Rect(x: -5, y: -5, width: 2, height: 2),
      with: Cell(character: "#", width: 1))
    #expect(screen == Screen(width: 3, height: 2))
    #expect(screen[3, 0] == nil)
    #expect(screen[-1, 0] == nil)
  }

  @Test func maxWidthLimitsTheWrite() {
    var screen = Screen(width: 10, height: 1)
    #expect(screen.put("abcdef", x: 1, y: 0, maxWidth: 3) == 3)
    #expect(screen.textDump == [" abc"])
  }

  @Test func zeroByZeroScreenIsLegal() {
    var screen = Screen(width: 0, height: 0)
    #expect(screen.put("hello", x: 0, y: 0) == 0)
    screen.fill(Rect(x: 0, y: 0, width: 10, height: 10))
    screen.clear()
    screen.patchStyle(screen.bounds, with: Style(bold: true))
    #expect(screen.textDump == [])
    #expect(screen.styleDump == [])
    #expect(screen.cells.isEmpty)
  }

  @Test func wideCharactersTakeTwoCellsWithAContinuation() {
    var screen = Screen(width: 5, height: 1)
    #expect(screen.put("日本", x: 0, y: 0) == 4)
    #expect(screen[0, 0]?.width == 2)
    #expect(screen[1, 0]?.isContinuation == true)
    #expect(screen[2, 0]?.character == "本")
    #expect(screen.textDump == ["日本"])
  }

  @Test func wideCharacterThatDoesNotFitIsNotDrawn() {
    var screen = Screen(width: 3, height: 1)
    #expect(screen.put("日本", x: 0, y: 0) == 2)
    #expect(screen.textDump == ["日"])
    #expect(screen[2, 0] == .blank())
  }

  @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
    var screen = Screen(width: 4, height: 1)
    screen.put("日本", x: 0, y: 0)
    screen.put("x", x: 1, y: 0)
    #expect(screen.textDump == [" x本"])
    screen.put("y", x: 2, y: 0)
    #expect(screen.textDump == [" xy"])
    #expect(screen[3, 0] == .blank())
  }

  @Test func controlCharactersBecomeReplacementCharacters() {
    var screen = Screen(width: 4, height: 1)
    screen.put("a\u{1B}b", x: 0, y: 0)
    #expect(screen.textDump == ["a\u{FFFD}b"])
  }

  @Test func textDumpTrimsTrailingSpacesPerRow() {
    var screen = Screen(width: 6, height: 2)
    screen.put("ab  ", x: 0, y: 0)
    screen.put("c", x: 2, y: 1)
    #expect(screen.textDump == ["ab", "  c"])
  }

  @Test func styleDumpListsOnlyChanges() {
    var screen = Screen(width: 4, height: 2)
    screen.put("ab", x: 0, y: 0, style: Style(foreground: .red, bold: true))
    screen.put("c", x: 3, y: 1, style: Style(background: .rgb(1, 2, 3)))
    #expect(
      screen.styleDump == [
        "x=0 y=0: fg=red bold",
        "x=2 y=0: plain",
        "x=3 y=1: bg=#010203",
      ])
  }

  @Test func patchStyleKeepsCharacters() {
    var screen = Screen(width: 3, height: 1)
    screen.put("abc", x: 0, y: 0, style: Style(foreground: .red))
    screen.patchStyle(
      Rect(x: 1, y: 0, width: 5, height: 5), with: Style(bold: true))
    #expect(screen.textDump == ["abc"])
    #expect(screen.styleDump == ["x=0 y=0: fg=red", "x=1 y=0: fg=red bold"])
  }

  @Test func resizeKeepsTopLeftContent() {
    var screen = Screen(width: 4, height: 2)
    screen.put("abcd", x: 0, y: 0)
    screen.put("efgh", x: 0, y: 1)
    screen.resize(to: Size(width: 2, height: 3))
    #expect(screen.textDump == ["ab", "ef", ""])
  }
}

@Suite("Rect")
struct RectTests {
  let area = Rect(x: 2, y: 1, width: 20, height: 10)

  @Test func splitFixedThenFill() {
    #expect(
      area.split(.vertical, [.fixed(1), .fill(), .fixed(2)]) == [
        Rect(x: 2, y: 1, width: 20, height: 1),
        Rect(x: 2, y: 2, width: 20, height: 7),
        Rect(x: 2, y: 9, width: 20, height: 2),
      ])
  }

  @Test func splitPercentagesAndWeightedFill() {
    let parts = area.split(.horizontal, [.percentage(25), .fill(1), .fill(2)])
    #expect(parts.map(\.width) == [5, 5, 10])
    #expect(parts.map(\.x) == [2, 7, 12])
  }

  @Test func splitNeverExceedsTheArea() {
    let parts = area.split(.horizontal, [.fixed(15), .fixed(15), .fill()])
    #expect(parts.map(\.width) == [15, 5, 0])
    #expect(
      Rect.zero.split(.vertical, [.fixed(3), .fill()]).map(\.height) == [0, 0])
  }

  @Test func insetAndIntersection() {
    #expect(area.inset(by: 1) == Rect(x: 3, y: 2, width: 18, height: 8))
    #expect(Rect(x: 0, y: 0, width: 1, height: 1).inset(by: 1).isEmpty)
    #expect(
      area.intersection(Rect(x: 0, y: 0, width: 5, height: 5))
        == Rect(x: 2, y: 1, width: 3, height: 4))
    #expect(area.intersection(Rect(x: 50, y: 50, width: 5, height: 5)).isEmpty)
    #expect(
      area.centered(width: 4, height: 2)
        == Rect(x: 10, y: 5, width: 4, height: 2))
  }
}

/// The printable-ASCII fast paths give what the grapheme-by-grapheme path gives.
@Suite("ASCII fast paths")
struct ASCIIFastPathTests {
  static let samples = [
    "", "a", "celery-worker-1", "24% / 0.75 cpu", "  ▾ web", "tab\there", "cr\r\nlf", "bell\u{7}", "del\u{7F}x",
    "日本", "e\u{301}", "~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./", String(repeating: "x", count: 300),
  ]

  @Test(arguments: samples)
  func widthAgrees(text: String) {
    #expect(TerminalText.displayWidth(of: text) == text.reduce(0) { $0 + TerminalText.displayWidth(of: $1) })
  }

  @Test(arguments: samples)
  func truncationAgrees(text: String) {
    for width in [0, 1, 2, 5, 14, 15, 16, 400] {
      var slow = ""
      let total = text.reduce(0) { $0 + TerminalText.displayWidth(of: $1) }
      if width > 0 && total <= width {
        slow = text
      } else if width > 0 {
        var used = 0
        for character in text {
          let w = TerminalText.displayWidth(of: character)
          if used + w > width - 1 { break }
          slow.append(character)
          used += w
        }
        slow += "…"
      }
      #expect(text.truncated(toWidth: width) == slow, "width \(width)")
    }
  }

  @Test(arguments: samples)
  func putAgrees(text: String) {
    for (x, maxWidth) in [(0, nil), (-3, nil), (5, 4), (0, 0), (70, nil)] as [(Int, Int?)] {
      var fast = Screen(size: Size(width: 80, height: 1))
      var slow = Screen(size: Size(width: 80, height: 1))
      let advanced = fast.put(text, x: x, y: 0, maxWidth: maxWidth)
      // The general path, forced grapheme by grapheme by a zero-width space (which is skipped).
      var written = 0
      for character in text {
        let one = slow.put(String(character) + "\u{200B}", x: x + written, y: 0, maxWidth: maxWidth.map { $0 - written })
        if one == 0 && TerminalText.displayWidth(of: character) > 0 { break }
        written += one
      }
      #expect(fast.cells == slow.cells, "x \(x) maxWidth \(String(describing: maxWidth))")
      #expect(advanced == written)
    }
  }
}

@Suite("Common narrow symbols")
struct CommonNarrowSymbolTests {
  /// The shortcut for box drawing and punctuation agrees with the Unicode property look-ups.
  @Test func shortcutAgreesWithProperties() {
    for value in UInt32(0x2000)...0x27FF {
      guard TerminalText.isCommonNarrowSymbol(value), let scalar = Unicode.Scalar(value) else { continue }
      let category = scalar.properties.generalCategory
      #expect(![.nonspacingMark, .enclosingMark, .format, .control].contains(category), "U+\(String(value, radix: 16))")
      #expect(!scalar.properties.isEmojiPresentation, "U+\(String(value, radix: 16))")
      #expect(TerminalText.displayWidth(of: Character(scalar)) == 1)
    }
    #expect(TerminalText.displayWidth(of: Character("\u{25FD}")) == 2)
    #expect(TerminalText.displayWidth(of: Character("\u{200B}")) == 0)
    #expect(TerminalText.displayWidth(of: "─│┌…▾█░") == 7)
  }
}
