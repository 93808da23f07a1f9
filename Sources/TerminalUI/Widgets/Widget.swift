/// Something that draws itself into an area of a screen and has no other side
/// effects.
public protocol Widget {
  /// Draws into `area`; must tolerate any size, including 0×0, and never write
  /// outside `area`.
  func draw(in area: Rect, on screen: inout Screen)
}

extension Screen {
  /// Draws `widget` into `area`, clipped to the screen.
  public mutating func draw(_ widget: some Widget, in area: Rect) {
    widget.draw(in: area.intersection(bounds), on: &self)
  }
}
