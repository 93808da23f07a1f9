/// A bordered box with an optional title; draw content inside `inner(_:)`.
public struct Block: Widget, Sendable {
  /// The title shown in the top border (sanitised text).
  public var title: String
  /// Whether the block has focus (draws with `focusedBorderStyle`).
  public var isFocused: Bool
  /// The border style when not focused.
  public var borderStyle: Style
  /// The border style when focused.
  public var focusedBorderStyle: Style
  /// The title style.
  public var titleStyle: Style
  /// The border characters (`GlyphSet.unicode.border` or
  /// `GlyphSet.ascii.border`).
  public var border: GlyphSet.Border

  /// Creates a block.
  public init(
    title: String = "", isFocused: Bool = false, borderStyle: Style = .plain,
    focusedBorderStyle: Style = Style(bold: true), titleStyle: Style = .plain,
    border: GlyphSet.Border = GlyphSet.unicode.border
  ) {
    self.title = title
    self.isFocused = isFocused
    self.borderStyle = borderStyle
    self.focusedBorderStyle = focusedBorderStyle
    self.titleStyle = titleStyle
    self.border = border
  }

  /// The area inside the border.
  public func inner(_ area: Rect) -> Rect { area.inset(by: 1) }

  /// Draws the border and title; areas smaller than 2×2 get nothing.
  public func draw(in area: Rect, on screen: inout Screen) {
    guard area.width >= 2, area.height >= 2 else { return }
    let style = isFocused ? focusedBorderStyle : borderStyle
    let horizontal = String(repeating: border.horizontal, count: area.width - 2)
    screen.put(
      "\(border.topLeft)\(horizontal)\(border.topRight)", x: area.x, y: area.y,
      style: style)
    for y in area.y + 1..<area.maxY - 1 {
      screen.put(String(border.vertical), x: area.x, y: y, style: style)
      screen.put(String(border.vertical), x: area.maxX - 1, y: y, style: style)
    }
    screen.put(
      "\(border.bottomLeft)\(horizontal)\(border.bottomRight)", x: area.x,
      y: area.maxY - 1, style: style)
    guard !title.isEmpty, area.width >= 5 else { return }
    let label = " " + title.truncated(toWidth: area.width - 4) + " "
    screen.put(
      label, x: area.x + 1, y: area.y, style: titleStyle,
      maxWidth: area.width - 2)
  }
}
