import Testing

@testable import TerminalUI

@Suite("Terminal diffing")
struct TerminalTests {
  @Test func firstFrameIsSentInFullThenOnlyChangedCells() {
    var terminal = Terminal(backend: TestBackend(width: 10, height: 3))
    let first = terminal.draw { $0.put("hello", x: 0, y: 0) }
    #expect(first == 30)
    #expect(terminal.backend.clearCount == 1)
    #expect(terminal.backend.screen.textDump == ["hello", "", ""])

    let unchanged = terminal.draw { $0.put("hello", x: 0, y: 0) }
    #expect(unchanged == 0)
    #expect(terminal.backend.flushedChanges.last == [])

    terminal.draw { $0.put("help", x: 0, y: 0) }
    #expect(
      terminal.backend.flushedChanges.last == [
        CellChange(x: 3, y: 0, cell: Cell(character: "p", width: 1)),
        CellChange(x: 4, y: 0, cell: .blank()),
      ])
    #expect(terminal.backend.screen.textDump == ["help", "", ""])
    #expect(terminal.backend.flushCount == 3)
    #expect(terminal.backend.clearCount == 1)
  }

  @Test func aReusedFrameStartsBlank() {
    // Frames are drawn into the screen of the frame before last: nothing of it may show through.
    var terminal = Terminal(backend: TestBackend(width: 6, height: 2))
    terminal.draw { $0.put("first", x: 0, y: 0, style: Style(foreground: .red)) }
    terminal.draw { $0.put("second", x: 0, y: 1) }
    terminal.draw { $0.put("x", x: 5, y: 0) }
    #expect(terminal.backend.screen.textDump == ["     x", ""])
    #expect(terminal.backend.screen.styleDump == ["x=0 y=0: plain"])
  }

  @Test func styleChangesAreSent() {
    var terminal = Terminal(backend: TestBackend(width: 3, height: 1))
    terminal.draw { $0.put("abc", x: 0, y: 0) }
    terminal.draw { $0.put("abc", x: 0, y: 0, style: Style(foreground: .red)) }
    #expect(terminal.backend.flushedChanges.last?.map(\.x) == [0, 1, 2])
    #expect(terminal.backend.screen.styleDump == ["x=0 y=0: fg=red"])
  }

  @Test func wideCharactersAreSentWithoutTheirContinuation() {
    var terminal = Terminal(backend: TestBackend(width: 4, height: 1))
    terminal.draw { $0.put("ab", x: 0, y: 0) }
    terminal.draw { $0.put("日", x: 0, y: 0) }
    #expect(
      terminal.backend.flushedChanges.last == [
        CellChange(x: 0, y: 0, cell: Cell(character: "日", width: 2))
      ])
    #expect(terminal.backend.screen.textDump == ["日"])
    terminal.draw { $0.put("xy", x: 0, y: 0) }
    #expect(terminal.backend.flushedChanges.last?.map(\.x) == [0, 1])
    #expect(terminal.backend.screen.textDump == ["xy"])
  }

  @Test func resizeForcesAFullRedraw() {
    var terminal = Terminal(
      backend: TestBackend(
        width: 4, height: 2, events: [.resize(width: 6, height: 1)]))
    terminal.draw { $0.put("ab", x: 0, y: 0) }
    #expect(terminal.readEvent(timeout: .zero) == .resize(width: 6, height: 1))
    #expect(terminal.size == Size(width: 6, height: 1))
    let sent = terminal.draw { $0.put("ab", x: 0, y: 0) }
    #expect(sent == 6)
    #expect(terminal.backend.clearCount == 2)
    #expect(terminal.backend.screen.textDump == ["ab"])
    #expect(terminal.readEvent(timeout: .zero) == nil)
  }

  @Test func invalidateAndWithBackendForceAFullRedraw() {
    var terminal = Terminal(backend: TestBackend(width: 2, height: 1))
    terminal.draw { $0.put("ab", x: 0, y: 0) }
    terminal.invalidate()
    #expect(terminal.draw { $0.put("ab", x: 0, y: 0) } == 2)
    terminal.withBackend { $0.setCursorVisible(false) }
    #expect(terminal.backend.isCursorVisible == false)
    #expect(terminal.draw { $0.put("ab", x: 0, y: 0) } == 2)
  }

  @Test func zeroSizedTerminalStillFlushes() {
    var terminal = Terminal(backend: TestBackend(width: 0, height: 0))
    #expect(terminal.draw { $0.put("x", x: 0, y: 0) } == 0)
    #expect(terminal.backend.flushCount == 1)
  }

  @Test func scriptedEventsAreReplayedInOrder() {
    var backend = TestBackend(
      width: 1, height: 1,
      events: [.key(.character("q")), .mouse(MouseEvent(.click, x: 1, y: 2))])
    #expect(backend.readEvent(timeout: nil) == .key(.character("q")))
    #expect(
      backend.readEvent(timeout: nil) == .mouse(MouseEvent(.click, x: 1, y: 2)))
    #expect(backend.readEvent(timeout: nil) == nil)
  }
}
