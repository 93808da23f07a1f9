/// A centred box with a title, a message and a hint line, for example "Delete 3
/// items?" over "y/N".
public struct Dialog: Widget, Sendable {
  /// The title in the top border.
  public var title: String
  /// The message; `\n` starts a new line and long lines wrap.
  public var message: String
  /// The hint line at the bottom, for example `y/N`.
  public var hint: String
  /// The box's style (fills its background).
  public var style: Style
  /// The border and title style (overlaid on `style`).
  public var borderStyle: Style
  /// The hint's style (overlaid on `style`).
  public var hintStyle: Style
  /// The border characters.
  public var border: GlyphSet.Border
  /// The widest the box may get, border included.
  public var maximumWidth: Int

  /// Creates a dialog.
  public init(
    title: String = "", message: String, hint: String, style: Style = .plain,
    borderStyle: Style = Style(bold: true),
    hintStyle: Style = Style(dim: true),
    border: GlyphSet.Border = GlyphSet.unicode.border, maximumWidth: Int = 60
  ) {
    self.title = title
    self.message = message
    self.hint = hint
    self.style = style
    self.borderStyle = borderStyle
    self.hintStyle = hintStyle
    self.border = border
    self.maximumWidth = maximumWidth
  }

  private func messageLines(width: Int) -> [Line] {
    let source = message.split(
      separator: "\n", omittingEmptySubsequences: false
    ).map { Line(String($0)) }
    return Paragraph(source).displayLines(width: width)
  }

  /// The box's rectangle when centred in `area`: border, message lines, a blank
  /// line, the hint, border.
  public func frame(in area: Rect) -> Rect {
    let widest =
      message.split(separator: "\n").map { TerminalText.displayWidth(of: $0) }
      .max() ?? 0
    let content = max(widest, hint.displayWidth, title.displayWidth + 2)
    let width = min(area.width, maximumWidth, content + 4)
    let height = messageLines(width: max(1, width - 4)).count + 4
    return area.centered(width: width, height: height)
  }

  /// Clears the box, then draws border, title, the message and the hint, both
  /// centred.
  public func draw(in area: Rect, on screen: inout Screen) {
    let box = frame(in: area)
    guard !box.isEmpty else { return }
    screen.fill(box, with: .blank(style))
    let edge = style.patched(with: borderStyle)
    Block(title: title, borderStyle: edge, titleStyle: edge, border: border)
      .draw(in: box, on: &screen)
    let inner = box.inset(top: 1, left: 2, bottom: 1, right: 2)
    guard !inner.isEmpty else { return }
    for (row, line) in messageLines(width: inner.width).prefix(
      max(0, inner.height - 2)
    ).enumerated() {
      screen.put(
        line.text, x: inner.x + (inner.width - line.width) / 2,
        y: inner.y + row, style: style)
    }
    let hintText = hint.truncated(toWidth: inner.width)
    screen.put(
      hintText, x: inner.x + (inner.width - hintText.displayWidth) / 2,
      y: inner.maxY - 1,
      style: style.patched(with: hintStyle))
  }
}
