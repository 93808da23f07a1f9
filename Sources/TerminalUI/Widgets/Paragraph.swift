/// Lines of styled text that are either word-wrapped or truncated to the area's
/// width.
public struct Paragraph: Widget, Sendable {
  /// What happens to lines wider than the area.
  public enum Overflow: Hashable, Sendable {
    /// Break at spaces (or inside a word longer than the width).
    case wrap
    /// Cut, ending with the ellipsis.
    case truncate
  }

  /// The source lines.
  public var lines: [Line]
  /// Wrap or truncate.
  public var overflow: Overflow
  /// Display lines (after wrapping) skipped at the top.
  public var scrollOffset: Int
  /// Base style under every span.
  public var style: Style
  /// Marks cut text.
  public var ellipsis: String

  /// Creates a paragraph.
  public init(
    _ lines: [Line], overflow: Overflow = .wrap, scrollOffset: Int = 0,
    style: Style = .plain, ellipsis: String = "…"
  ) {
    self.lines = lines
    self.overflow = overflow
    self.scrollOffset = scrollOffset
    self.style = style
    self.ellipsis = ellipsis
  }

  /// The lines as they appear at `width`, before scrolling.
  ///
  /// O(total text length).
  public func displayLines(width: Int) -> [Line] {
    guard width > 0 else { return [] }
    switch overflow {
    case .truncate:
      return lines.map {
        Paragraph.truncate($0, toWidth: width, ellipsis: ellipsis)
      }
    case .wrap: return lines.flatMap { Paragraph.wrap($0, toWidth: width) }
    }
  }

  /// Fills the area with `style` and draws the lines from `scrollOffset`.
  public func draw(in area: Rect, on screen: inout Screen) {
    guard !area.isEmpty else { return }
    screen.fill(area, with: .blank(style))
    let visible = displayLines(width: area.width).dropFirst(
      max(0, scrollOffset)
    ).prefix(area.height)
    for (row, line) in visible.enumerated() {
      let spans = line.spans.map {
        Span($0.text, style: style.patched(with: $0.style))
      }
      screen.put(spans, x: area.x, y: area.y + row, maxWidth: area.width)
    }
  }

  /// `line` cut to `width` columns, with `ellipsis` in the style of the span
  /// that was cut.
  static func truncate(_ line: Line, toWidth width: Int, ellipsis: String)
    -> Line
  {
    guard line.width > width else { return line }
    let ellipsisWidth =
      ellipsis.displayWidth <= width ? ellipsis.displayWidth : 0
    var budget = width - ellipsisWidth
    var spans: [Span] = []
    for span in line.spans {
      let piece = span.text.truncated(toWidth: budget, ellipsis: "")
      if !piece.isEmpty { spans.append(Span(piece, style: span.style)) }
      budget -= piece.displayWidth
      if piece.displayWidth < span.width {
        if ellipsisWidth > 0 { spans.append(Span(ellipsis, style: span.style)) }
        break
      }
    }
    return Line(spans)
  }

  /// `line` word-wrapped to `width` columns; spaces at break points are
  /// dropped.
  static func wrap(_ line: Line, toWidth width: Int) -> [Line] {
    typealias Glyph = (character: Character, style: Style, width: Int)
    var result: [[Glyph]] = []
    var current: [Glyph] = []
    var currentWidth = 0
    var lastSpace: Int?
    func startLine(with glyphs: [Glyph] = []) {
      result.append(current)
      current = glyphs
      currentWidth = glyphs.reduce(0) { $0 + $1.width }
      lastSpace = nil
    }
    for span in line.spans {
      for character in span.text {
        let w = TerminalText.displayWidth(of: character)
        guard w <= width else { continue }
        if currentWidth + w > width {
          if character == " " {
            startLine()
            continue
          }
          if let space = lastSpace, space > 0 {
            let tail = Array(current[(space + 1)...])
            current.removeSubrange(space...)
            startLine(with: tail)
          } else {
            startLine()
          }
        }
        if character == " " { lastSpace = current.count }
        current.append((character, span.style, w))
        currentWidth += w
      }
    }
    if !current.isEmpty || result.isEmpty { result.append(current) }
    return result.map { glyphs in
      var spans: [Span] = []
      for glyph in glyphs {
        if let last = spans.last, last.style == glyph.style {
          spans[spans.count - 1].text.append(glyph.character)
        } else {
          spans.append(Span(String(glyph.character), style: glyph.style))
        }
      }
      return Line(spans)
    }
  }
}
