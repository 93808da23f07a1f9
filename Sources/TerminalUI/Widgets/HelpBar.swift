/// A one-line list of key hints ("q quit  ? help"); items that do not fit are
/// dropped from the end.
public struct HelpBar: Widget, Sendable {
  /// One key and what it does.
  public struct Item: Hashable, Sendable {
    /// The key as shown, for example `ctrl+r`.
    public var key: String
    /// What the key does.
    public var description: String

    /// Creates an item.
    public init(key: String, description: String) {
      self.key = key
      self.description = description
    }
  }

  /// Hints in priority order (most important first).
  public var items: [Item]
  /// Style of the key text (overlaid on `descriptionStyle`).
  public var keyStyle: Style
  /// Style of the descriptions and the bar's background.
  public var descriptionStyle: Style
  /// Placed between items.
  public var separator: String

  /// Creates a help bar.
  public init(
    items: [Item], keyStyle: Style = Style(bold: true),
    descriptionStyle: Style = .plain, separator: String = "  "
  ) {
    self.items = items
    self.keyStyle = keyStyle
    self.descriptionStyle = descriptionStyle
    self.separator = separator
  }

  /// The leading items that fit in `width` columns.
  public func fittingItems(width: Int) -> [Item] {
    var used = 0
    var fitting: [Item] = []
    for item in items {
      let gap = fitting.isEmpty ? 0 : separator.displayWidth
      let needed =
        gap + item.key.displayWidth + 1 + item.description.displayWidth
      guard used + needed <= width else { break }
      used += needed
      fitting.append(item)
    }
    return fitting
  }

  /// Fills the top row of `area` and draws the items that fit.
  public func draw(in area: Rect, on screen: inout Screen) {
    guard !area.isEmpty else { return }
    screen.fill(
      Rect(x: area.x, y: area.y, width: area.width, height: 1),
      with: .blank(descriptionStyle))
    var spans: [Span] = []
    for (index, item) in fittingItems(width: area.width).enumerated() {
      if index > 0 { spans.append(Span(separator, style: descriptionStyle)) }
      spans.append(
        Span(item.key, style: descriptionStyle.patched(with: keyStyle)))
      spans.append(Span(" " + item.description, style: descriptionStyle))
    }
    screen.put(spans, x: area.x, y: area.y, maxWidth: area.width)
  }
}
