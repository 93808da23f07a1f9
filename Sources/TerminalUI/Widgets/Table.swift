/// Rows of styled cells under a header, with a highlighted selection and
/// columns that drop out, lowest priority first, when the area is too narrow.
public struct Table: Widget, Sendable {
  /// One column's header and sizing.
  public struct Column: Hashable, Sendable {
    /// How wide a column is.
    public enum Width: Hashable, Sendable {
      /// Exactly this many columns.
      case fixed(Int)
      /// At least this many columns; grows with weight 1 when space is left
      /// over.
      case min(Int)
      /// At least one column; grows with this weight when space is left over.
      case flex(Int)
    }

    /// Where text sits within the column.
    public enum Alignment: Hashable, Sendable {
      /// Flush left.
      case left
      /// Flush right (numbers).
      case right
    }

    /// The header text.
    public var header: String
    /// The sizing rule.
    public var width: Width
    /// Alignment of the header and cells.
    public var alignment: Alignment
    /// Higher priorities survive longer when width shrinks.
    public var priority: Int

    /// Creates a column.
    public init(
      _ header: String, width: Width, alignment: Alignment = .left,
      priority: Int = 0
    ) {
      self.header = header
      self.width = width
      self.alignment = alignment
      self.priority = priority
    }

    /// The width the column needs to be shown at all.
    var minimumWidth: Int {
      switch width {
      case .fixed(let n), .min(let n): return max(0, n)
      case .flex: return 1
      }
    }

    /// The column's share of leftover space (0 for fixed columns).
    var growthWeight: Int {
      switch width {
      case .fixed: return 0
      case .min: return 1
      case .flex(let weight): return max(1, weight)
      }
    }
  }

  /// Where a visible column ends up.
  public struct ColumnPlacement: Hashable, Sendable {
    /// The column's index in `columns`.
    public var index: Int
    /// Offset from the table's left edge.
    public var x: Int
    /// Columns allotted.
    public var width: Int
  }

  /// One row: a span per column plus a style for the whole row.
  public struct Row: Hashable, Sendable {
    /// One span per column (missing spans are blank).
    public var cells: [Span]
    /// The style under the cells.
    public var style: Style

    /// Creates a row.
    public init(_ cells: [Span], style: Style = .plain) {
      self.cells = cells
      self.style = style
    }
  }

  /// The selection and scroll position, owned by the caller and passed in on
  /// every draw.
  public struct State: Hashable, Sendable {
    /// The selected row index, if any.
    public var selection: Int?
    /// The first row shown.
    public var offset: Int

    /// Creates a state.
    public init(selection: Int? = nil, offset: Int = 0) {
      self.selection = selection
      self.offset = offset
    }

    /// The offset moved just enough that the selection is among `visibleRows`
    /// rows, clamped to the rows that exist.
    public func adjustedOffset(visibleRows: Int, rowCount: Int) -> Int {
      guard visibleRows > 0 else { return 0 }
      var result = offset
      if let selection {
        if selection < result { result = selection }
        if selection >= result + visibleRows {
          result = selection - visibleRows + 1
        }
      }
      return max(0, min(result, rowCount - visibleRows))
    }
  }

  /// The columns, left to right.
  public var columns: [Column]
  /// The data rows.
  public var rows: [Row]
  /// Selection and scroll position.
  public var state: State
  /// The header style.
  public var headerStyle: Style
  /// Overlaid on the selected row.
  public var selectionStyle: Style
  /// Blank columns between adjacent columns.
  public var columnSpacing: Int
  /// Marks cut text.
  public var ellipsis: String

  /// Creates a table.
  public init(
    columns: [Column], rows: [Row], state: State = State(),
    headerStyle: Style = Style(bold: true),
    selectionStyle: Style = Style(reverse: true), columnSpacing: Int = 1,
    ellipsis: String = "…"
  ) {
    self.columns = columns
    self.rows = rows
    self.state = state
    self.headerStyle = headerStyle
    self.selectionStyle = selectionStyle
    self.columnSpacing = columnSpacing
    self.ellipsis = ellipsis
  }

  /// Which columns are shown at `width` and where: the lowest-priority column
  /// (rightmost on ties) is dropped until the rest fit, then leftover space is
  /// shared by weight.
  ///
  /// O(n²) in columns.
  public func columnLayout(width: Int) -> [ColumnPlacement] {
    guard width > 0, !columns.isEmpty else { return [] }
    var visible = Array(columns.indices)
    func required(_ indices: [Int]) -> Int {
      indices.reduce(0) { $0 + columns[$1].minimumWidth } + columnSpacing
        * max(0, indices.count - 1)
    }
    while visible.count > 1, required(visible) > width {
      let victim = visible.indices.min { a, b in
        let (pa, pb) = (
          columns[visible[a]].priority, columns[visible[b]].priority
        )
        return pa != pb ? pa < pb : a > b
      }
      if let victim { visible.remove(at: victim) }
    }
    let extra = max(0, width - required(visible))
    let totalWeight = visible.reduce(0) { $0 + columns[$1].growthWeight }
    let lastGrowable = visible.lastIndex { columns[$0].growthWeight > 0 }
    var given = 0
    var x = 0
    var placements: [ColumnPlacement] = []
    for (position, index) in visible.enumerated() {
      var w = columns[index].minimumWidth
      let weight = columns[index].growthWeight
      if weight > 0 {
        let share =
          position == lastGrowable
          ? extra - given : extra * weight / totalWeight
        w += share
        given += share
      }
      w = min(w, max(0, width - x))
      placements.append(ColumnPlacement(index: index, x: x, width: w))
      x += w + columnSpacing
    }
    return placements
  }

  /// Draws the table with `state`, scrolled so the selection is visible.
  public func draw(in area: Rect, on screen: inout Screen) {
    var state = self.state
    draw(in: area, on: &screen, state: &state)
  }

  /// The rows a table `height` cells tall (its header included) shows, scrolled so that the
  /// selection is in view: what `draw` draws, for callers that build only those rows.
  public static func rowsInView(height: Int, rowCount: Int, state: State) -> Range<Int> {
    let visibleRows = height - 1
    guard visibleRows > 0 else { return 0..<0 }
    let offset = state.adjustedOffset(visibleRows: visibleRows, rowCount: rowCount)
    return offset..<max(offset, min(rowCount, offset + visibleRows))
  }

  /// Draws the table and writes the adjusted scroll offset back into `state`.
  public func draw(in area: Rect, on screen: inout Screen, state: inout State) {
    guard !area.isEmpty else { return }
    let layout = columnLayout(width: area.width)
    for placement in layout {
      let column = columns[placement.index]
      put(
        Span(column.header, style: headerStyle), in: placement,
        alignment: column.alignment, area: area, y: area.y, on: &screen)
    }
    let inView = Table.rowsInView(height: area.height, rowCount: rows.count, state: state)
    state.offset = inView.lowerBound
    for (line, rowIndex) in inView.enumerated() {
      let row = rows[rowIndex]
      let isSelected = rowIndex == state.selection
      let y = area.y + 1 + line
      let rowStyle =
        isSelected ? row.style.patched(with: selectionStyle) : row.style
      screen.fill(
        Rect(x: area.x, y: y, width: area.width, height: 1),
        with: .blank(rowStyle))
      for placement in layout where placement.index < row.cells.count {
        var span = row.cells[placement.index]
        span.style = row.style.patched(with: span.style)
        if isSelected { span.style.patch(with: selectionStyle) }
        put(
          span, in: placement, alignment: columns[placement.index].alignment,
          area: area, y: y, on: &screen)
      }
    }
  }

  private func put(
    _ span: Span, in placement: ColumnPlacement, alignment: Column.Alignment,
    area: Rect, y: Int,
    on screen: inout Screen
  ) {
    let text = span.text.truncated(toWidth: placement.width, ellipsis: ellipsis)
    let indent = alignment == .right ? placement.width - text.displayWidth : 0
    screen.put(
      text, x: area.x + placement.x + indent, y: y, style: span.style,
      maxWidth: placement.width)
  }
}
