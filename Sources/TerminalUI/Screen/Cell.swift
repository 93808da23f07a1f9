/// One terminal cell: a grapheme, how many columns it occupies, and its style.
///
/// A wide (two-column) grapheme occupies its own cell plus a *continuation* cell to its right,
/// which has width 0 and is never drawn on its own.
public struct Cell: Hashable, Sendable {
  /// The grapheme shown (a space for blank and continuation cells).
  public var character: Character
  /// Columns occupied: 1 or 2, or 0 for the continuation cell of a wide
  /// grapheme.
  public var width: Int
  /// The cell's style.
  public var style: Style

  /// A blank (space) cell in `style`.
  public static func blank(_ style: Style = .plain) -> Cell {
    Cell(character: " ", width: 1, style: style)
  }

  /// The continuation cell that follows a wide grapheme in `style`.
  public static func continuation(_ style: Style = .plain) -> Cell {
    Cell(character: " ", width: 0, style: style)
  }

  /// Creates a cell; prefer `Screen.put`, which measures and sanitises.
  public init(character: Character, width: Int, style: Style = .plain) {
    self.character = character
    self.width = width
    self.style = style
  }

  /// Whether this is the right half of a wide grapheme.
  public var isContinuation: Bool { width == 0 }
}
