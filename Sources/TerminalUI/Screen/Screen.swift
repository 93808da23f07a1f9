/// A grid of cells in row-major order: what one frame of the terminal shows.
///
/// Writes outside the grid are clipped, never trapped, and a 0×0 screen is legal. The grid keeps
/// two invariants: a width-2 cell is always followed by its continuation cell, and no cell holds
/// a control character.
public struct Screen: Hashable, Sendable {
  /// Columns.
  public private(set) var width: Int
  /// Rows.
  public private(set) var height: Int
  /// All cells, row by row.
  public private(set) var cells: [Cell]

  /// A blank screen of the given size.
  public init(width: Int, height: Int, style: Style = .plain) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = Array(repeating: .blank(style), count: self.width * self.height)
  }

  /// A blank screen of `size`.
  public init(size: Size) { self.init(width: size.width, height: size.height) }

  /// The screen's size.
  public var size: Size { Size(width: width, height: height) }
  /// The whole screen as a rectangle at the origin.
  public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

  /// The cell at `x`,`y`, or `nil` outside the grid.
  public subscript(x: Int, y: Int) -> Cell? {
    bounds.contains(x: x, y: y) ? cells[y * width + x] : nil
  }

  /// Writes `string` from `x`,`y` on one row, stopping at the right edge or
  /// after `maxWidth` columns.
  ///
  /// Returns the columns advanced (including any clipped off the left edge). Zero-width graphemes
  /// are skipped; control characters (which `TerminalText.sanitize` should already have removed)
  /// become U+FFFD; a wide grapheme that does not fit entirely is not drawn. O(n).
  @discardableResult
  public mutating func put(
    _ string: String, x: Int, y: Int, style: Style = .plain,
    maxWidth: Int? = nil
  ) -> Int {
    guard y >= 0, y < height else { return 0 }
    let limit = max(0, maxWidth ?? Int.max)
    var column = x
    var written = 0
    if TerminalText.printableASCIICount(string) != nil {
      // One column per byte: no grapheme breaking, no width look-ups.
      for byte in string.utf8 {
        if written >= limit || column >= width { break }
        if column >= 0 {
          setCell(Cell(character: Character(Unicode.Scalar(byte)), width: 1, style: style), x: column, y: y)
        }
        column += 1
        written += 1
      }
      return written
    }
    for original in string {
      var character = original
      var w = TerminalText.displayWidth(of: character)
      if w == 0 {
        guard let first = original.unicodeScalars.first, Screen.isControl(first)
        else { continue }
        character = "\u{FFFD}"
        w = 1
      }
      if w > limit - written || column + w > width { break }
      if column >= 0 {
        setCell(
          Cell(character: character, width: w, style: style), x: column, y: y)
      }
      column += w
      written += w
    }
    return written
  }

  /// Writes styled spans one after another; returns the columns advanced.
  @discardableResult
  public mutating func put(
    _ spans: [Span], x: Int, y: Int, maxWidth: Int? = nil
  ) -> Int {
    var written = 0
    for span in spans {
      let remaining = maxWidth.map { $0 - written }
      if let remaining, remaining <= 0 { break }
      let advanced = put(
        span.text, x: x + written, y: y, style: span.style, maxWidth: remaining)
      written += advanced
      if advanced < span.width { break }
    }
    return written
  }

  /// Replaces every cell of `area` (clipped to the screen) with `cell` (a wide
  /// cell becomes a blank).
  public mutating func fill(_ area: Rect, with cell: Cell = .blank()) {
    let clipped = area.intersection(bounds)
    guard !clipped.isEmpty else { return }
    let stored =
      cell.width == 1
        && !Screen.isControl(cell.character.unicodeScalars.first ?? " ")
      ? cell : .blank(cell.style)
    for y in clipped.y..<clipped.maxY {
      for x in clipped.x..<clipped.maxX { setCell(stored, x: x, y: y) }
    }
  }

  /// Overlays `style` onto every cell of `area` (clipped), keeping the
  /// characters.
  public mutating func patchStyle(_ area: Rect, with style: Style) {
    let clipped = area.intersection(bounds)
    guard !clipped.isEmpty else { return }
    for y in clipped.y..<clipped.maxY {
      for x in clipped.x..<clipped.maxX {
        cells[y * width + x].style.patch(with: style)
      }
    }
  }

  /// Resets every cell to a blank in `style`.
  public mutating func clear(style: Style = .plain) {
    let blank = Cell.blank(style)
    if cells.count == width * height {
      // In place: a screen reused frame after frame keeps its storage.
      cells.withUnsafeMutableBufferPointer { $0.update(repeating: blank) }
    } else {
      cells = Array(repeating: blank, count: width * height)
    }
  }

  /// Resizes the screen, keeping the top-left content that still fits.
  public mutating func resize(to size: Size) {
    var resized = Screen(size: size)
    for y in 0..<min(height, resized.height) {
      for x in 0..<min(width, resized.width) {
        let cell = cells[y * width + x]
        if cell.width == 2, x + 1 >= resized.width { continue }
        resized.cells[y * resized.width + x] = cell
      }
    }
    self = resized
  }

  /// The text of each row, wide graphemes once, trailing spaces trimmed.
  ///
  /// O(width × height).
  public var textDump: [String] {
    (0..<height).map { y in
      var line = ""
      for cell in cells[y * width..<(y + 1) * width] where !cell.isContinuation { line.append(cell.character) }
      while line.last == " " { line.removeLast() }
      return line
    }
  }

  /// One line per style change in row-major order, for example `x=4 y=0: fg=red
  /// bold`.
  ///
  /// O(width × height).
  public var styleDump: [String] {
    var lines: [String] = []
    var previous: Style?
    for (index, cell) in cells.enumerated() where cell.style != previous {
      lines.append("x=\(index % width) y=\(index / width): \(cell.style)")
      previous = cell.style
    }
    return lines
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }

  /// Stores one cell, blanking the other half of any wide grapheme it cuts in
  /// two.
  private mutating func setCell(_ cell: Cell, x: Int, y: Int) {
    let index = y * width + x
    if cells[index].isContinuation, x > 0 {
      cells[index - 1] = .blank(cells[index - 1].style)
    }
    if cells[index].width == 2, x + 1 < width {
      cells[index + 1] = .blank(cells[index + 1].style)
    }
    cells[index] = cell
    guard cell.width == 2 else { return }
    if cells[index + 1].width == 2, x + 2 < width {
      cells[index + 2] = .blank(cells[index + 2].style)
    }
    cells[index + 1] = .continuation(cell.style)
  }
}
