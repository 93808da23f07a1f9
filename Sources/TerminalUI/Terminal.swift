/// Double-buffered drawing: renders a frame into a back `Screen`, sends only
/// the cells that differ from the front (what the terminal shows), then flushes
/// once.
public struct Terminal<Backend: TerminalBackend> {
  /// The backend frames go to.
  public private(set) var backend: Backend
  /// What the terminal currently shows.
  public private(set) var front: Screen
  /// The screen the next frame is drawn into: the frame before last, reused for its storage.
  private var back: Screen
  private var needsFullRedraw = true

  /// Wraps `backend`; the first frame is drawn in full.
  public init(backend: Backend) {
    self.backend = backend
    front = Screen(size: backend.size)
    back = front
  }

  /// The size frames are drawn at.
  public var size: Size { front.size }

  /// Renders a frame with `render` into a blank screen and sends the difference
  /// to the backend.
  ///
  /// After a resize or `invalidate()` the terminal is cleared and every cell is sent.
  /// Returns the number of cells sent. O(width × height).
  @discardableResult
  public mutating func draw(_ render: (inout Screen) throws -> Void) rethrows
    -> Int
  {
    if backend.size != front.size { resize(to: backend.size) }
    if back.size != front.size { back = Screen(size: front.size) } else { back.clear() }
    try render(&back)
    if needsFullRedraw { backend.clear() }
    var changes: [CellChange] = []
    for (index, cell) in back.cells.enumerated() where !cell.isContinuation {
      guard needsFullRedraw || cell != front.cells[index] else { continue }
      changes.append(
        CellChange(x: index % back.width, y: index / back.width, cell: cell))
    }
    if !changes.isEmpty { backend.draw(changes) }
    backend.flush()
    swap(&front, &back)
    needsFullRedraw = false
    return changes.count
  }

  /// Adopts a new size; the next frame is drawn in full.
  public mutating func resize(to size: Size) {
    front = Screen(size: size)
    needsFullRedraw = true
  }

  /// Makes the next frame be drawn in full (for example after another program
  /// used the terminal).
  public mutating func invalidate() { needsFullRedraw = true }

  /// Shows or hides the cursor.
  public mutating func setCursorVisible(_ isVisible: Bool) {
    backend.setCursorVisible(isVisible)
  }

  /// Reads the next event; a resize event also resizes the terminal (forcing a
  /// full redraw).
  public mutating func readEvent(timeout: Duration?) -> InputEvent? {
    let event = backend.readEvent(timeout: timeout)
    if case .resize(let width, let height) = event {
      resize(to: Size(width: width, height: height))
    }
    return event
  }

  /// Throws away input typed ahead (see `TerminalBackend.discardPendingInput()`); what is on
  /// screen stays valid, so the next frame is still a difference.
  public mutating func discardPendingInput() {
    backend.discardPendingInput()
  }

  /// Gives `body` the backend (for example to suspend and resume curses), then
  /// forces a full redraw.
  public mutating func withBackend<Result>(
    _ body: (inout Backend) throws -> Result
  ) rethrows -> Result {
    defer { needsFullRedraw = true }
    return try body(&backend)
  }
}
