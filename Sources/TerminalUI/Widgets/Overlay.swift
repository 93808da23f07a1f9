/// A centred, scrollable box listing key rows (key column + description), for
/// example a help screen.
public struct Overlay: Widget, Sendable {
  /// One listed row; a row with an empty key is a section heading.
  public struct Row: Hashable, Sendable {
    /// The key text, or empty for a heading.
    public var key: String
    /// The description, or the heading text.
    public var description: String

    /// Creates a row.
    public init(key: String, description: String) {
      self.key = key
      self.description = description
    }

    /// A section heading.
    public static func heading(_ text: String) -> Row {
      Row(key: "", description: text)
    }
  }

  /// The title in the top border.
  public var title: String
  /// All rows.
  public var rows: [Row]
  /// The first row shown; clamped to `maximumScrollOffset(in:)` when drawing.
  public var scrollOffset: Int
  /// Box and description style.
  public var style: Style
  /// Key column style (overlaid on `style`).
  public var keyStyle: Style
  /// Heading style (overlaid on `style`).
  public var headingStyle: Style
  /// Border style (overlaid on `style`).
  public var borderStyle: Style
  /// Border characters and scroll markers.
  public var glyphs: GlyphSet

  /// Creates an overlay.
  public init(
    title: String, rows: [Row], scrollOffset: Int = 0, style: Style = .plain,
    keyStyle: Style = Style(bold: true),
    headingStyle: Style = Style(bold: true, underline: true),
    borderStyle: Style = Style(bold: true),
    glyphs: GlyphSet = .unicode
  ) {
    self.title = title
    self.rows = rows
    self.scrollOffset = scrollOffset
    self.style = style
    self.keyStyle = keyStyle
    self.headingStyle = headingStyle
    self.borderStyle = borderStyle
    self.glyphs = glyphs
  }

  private var keyWidth: Int { rows.map(\.key.displayWidth).max() ?? 0 }

  /// The box's rectangle when centred in `area`, leaving a margin when there is
  /// room.
  public func frame(in area: Rect) -> Rect {
    let content = rows.map {
      $0.key.isEmpty
        ? $0.description.displayWidth
        : keyWidth + 2 + $0.description.displayWidth
    }
    let width = min(
      area.width - (area.width > 8 ? 4 : 0),
      max(content.max() ?? 0, title.displayWidth + 2) + 4)
    let height = min(area.height - (area.height > 6 ? 2 : 0), rows.count + 2)
    return area.centered(width: width, height: height)
  }

  /// The largest useful scroll offset in `area`.
  public func maximumScrollOffset(in area: Rect) -> Int {
    max(0, rows.count - max(0, frame(in: area).height - 2))
  }

  /// Clears the box and draws the visible rows, with more-above/below markers
  /// on the right border.
  public func draw(in area: Rect, on screen: inout Screen) {
    let box = frame(in: area)
    guard !box.isEmpty else { return }
    screen.fill(box, with: .blank(style))
    let edge = style.patched(with: borderStyle)
    Block(
      title: title, borderStyle: edge, titleStyle: edge, border: glyphs.border
    ).draw(in: box, on: &screen)
    let inner = box.inset(top: 1, left: 2, bottom: 1, right: 2)
    guard !inner.isEmpty else { return }
    let offset = min(max(0, scrollOffset), maximumScrollOffset(in: area))
    for (line, row) in rows.dropFirst(offset).prefix(inner.height).enumerated() {
      let y = inner.y + line
      if row.key.isEmpty {
        let heading = row.description.truncated(toWidth: inner.width)
        screen.put(
          heading, x: inner.x, y: y, style: style.patched(with: headingStyle))
        continue
      }
      screen.put(
        row.key, x: inner.x, y: y, style: style.patched(with: keyStyle),
        maxWidth: inner.width)
      let room = inner.width - keyWidth - 2
      if room > 0 {
        screen.put(
          row.description.truncated(toWidth: room), x: inner.x + keyWidth + 2,
          y: y, style: style)
      }
    }
    if offset > 0 {
      screen.put(
        String(glyphs.moreAbove), x: box.maxX - 1, y: box.y + 1, style: edge)
    }
    if offset + inner.height < rows.count {
      screen.put(
        String(glyphs.moreBelow), x: box.maxX - 1, y: box.maxY - 2, style: edge)
    }
  }
}
