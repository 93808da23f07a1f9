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
