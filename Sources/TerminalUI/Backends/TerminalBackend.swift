/// One cell to write at a position.
public struct CellChange: Hashable, Sendable {
  /// Column.
  public var x: Int
  /// Row.
  public var y: Int
  /// The new content.
  public var cell: Cell

  /// Creates a change.
  public init(x: Int, y: Int, cell: Cell) {
    self.x = x
    self.y = y
    self.cell = cell
  }
}

/// Where frames go and where input comes from: a real terminal or a test
/// double.
///
/// Backends are used from one thread (the UI loop) only.
public protocol TerminalBackend {
  /// The current size in cells.
  var size: Size { get }
  /// Writes changed cells, not yet visible until `flush()`; continuation cells
  /// are never sent.
  mutating func draw(_ changes: [CellChange])
  /// Shows or hides the cursor.
  mutating func setCursorVisible(_ isVisible: Bool)
  /// Clears the whole terminal.
  mutating func clear()
  /// Makes everything drawn so far visible.
  mutating func flush()
  /// Waits up to `timeout` (`nil`: indefinitely) for the next input event;
  /// `nil` if none arrived.
  mutating func readEvent(timeout: Duration?) -> InputEvent?
  /// Throws away input the terminal has sent but nobody has read yet (keys typed ahead of a
  /// question, or before another program takes the terminal).
  mutating func discardPendingInput()
  /// Hands the terminal to another program (a shell) until `resume()`.
  mutating func suspend()
  /// Takes the terminal back after `suspend()`; the next frame must be drawn in full.
  mutating func resume()
}
