/// Something the user did: a key, a mouse action, a paste, or a terminal resize.
public enum InputEvent: Hashable, Sendable {
  /// A key press.
  case key(KeyEvent)
  /// A mouse click or wheel step.
  case mouse(MouseEvent)
  /// The terminal now has this size.
  case resize(width: Int, height: Int)
  /// Text the terminal delivered as one bracketed paste: never to be read as keys. It is raw
  /// (it may hold newlines and control characters); whoever shows or uses it sanitises it.
  case paste(String)
}

/// A mouse action at a cell.
public struct MouseEvent: Hashable, Sendable {
  /// What the mouse did.
  public enum Kind: Hashable, Sendable {
    /// Primary button pressed or clicked.
    case click
    /// Wheel scrolled up.
    case wheelUp
    /// Wheel scrolled down.
    case wheelDown
  }

  /// What the mouse did.
  public var kind: Kind
  /// Column.
  public var x: Int
  /// Row.
  public var y: Int

  /// Creates a mouse event.
  public init(_ kind: Kind, x: Int, y: Int) {
    self.kind = kind
    self.x = x
    self.y = y
  }
}
