import Testing

@testable import TerminalUI

/// One of each widget, with enough content to exercise clipping.
enum SampleWidget: String, CaseIterable, Sendable {
  case block, table, sparkline, gauge, paragraph, helpBar, dialog, overlay

  var widget: any Widget {
    switch self {
    case .block: return Block(title: "A rather long title", isFocused: true)
    case .table:
      let rows = (0..<100).map {
        Table.Row([
          Span("item-\($0) 日本"), Span("\($0 * 7)%"), Span("label=value"),
        ])
      }
      return Table(
        columns: [
          Table.Column("NAME", width: .min(6), priority: 3),
          Table.Column("CPU", width: .fixed(5), alignment: .right, priority: 2),
          Table.Column("LABELS", width: .flex(1), priority: 1),
        ], rows: rows, state: Table.State(selection: 57))
    case .sparkline:
      return Sparkline(values: (0..<500).map { Double($0 % 10) / 9 })
    case .gauge: return Gauge(ratio: 0.73, label: "73%")
    case .paragraph:
      return Paragraph(
        Array(
          repeating: Line("The quick brown fox jumps over the lazy dog 日本語"),
          count: 80))
    case .helpBar:
      return HelpBar(
        items: (1...20).map {
          HelpBar.Item(key: "k\($0)", description: "action \($0)")
        })
    case .dialog:
      return Dialog(
        title: "Confirm", message: "Delete 3 items?\nThis cannot be undone.",
        hint: "y/N")
    case .overlay:
      return Overlay(
        title: "Help",
        rows: [.heading("Global")]
          + (1...50).map {
            Overlay.Row(key: "key\($0)", description: "does \($0)")
          },
        scrollOffset: 10)
    }
  }
}

@Suite("Widgets at every size")
struct WidgetSizeMatrixTests {
  static let sizes = [
    Size(width: 0, height: 0), Size(width: 1, height: 1),
    Size(width: 20, height: 5),
    Size(width: 80, height: 24), Size(width: 200, height: 60),
  ]

  @Test(arguments: SampleWidget.allCases, sizes)
  func drawsWithoutCrashingAndStaysInsideItsArea(
    _ sample: SampleWidget, _ size: Size
  ) {
    // Draw into `size` surrounded by a margin of sentinel cells that must stay untouched.
    let sentinel = Cell(character: "·", width: 1)
    var screen = Screen(width: size.width + 4, height: size.height + 4)
    screen.fill(screen.bounds, with: sentinel)
    let area = Rect(x: 2, y: 2, width: size.width, height: size.height)
    screen.draw(sample.widget, in: area)
    for y in 0..<screen.height {
      for x in 0..<screen.width where !area.contains(x: x, y: y) {
        #expect(
          screen[x, y] == sentinel,
          "\(sample) wrote outside its area at \(x),\(y)")
      }
    }
  }

  @Test(arguments: SampleWidget.allCases)
  func drawsSomethingWhenThereIsRoom(_ sample: SampleWidget) {
    var screen = Screen(width: 80, height: 24)
    screen.draw(sample.widget, in: screen.bounds)
    #expect(screen.textDump.contains { !$0.isEmpty })
  }
}

@Suite("Widget output")
struct WidgetOutputTests {
  @Test func blockWithTitle() {
    var screen = Screen(width: 10, height: 3)
    screen.draw(Block(title: "Hi"), in: screen.bounds)
    #expect(screen.textDump == ["┌ Hi ────┐", "│        │", "└────────┘"])
  }

  @Test func asciiBlockTruncatesItsTitle() {
    var screen = Screen(width: 8, height: 2)
    screen.draw(
      Block(title: "Containers", border: GlyphSet.ascii.border),
      in: screen.bounds)
    #expect(screen.textDump == ["+ Con… +", "+------+"])
  }

  @Test func focusedBlockUsesTheFocusedStyle() {
    var screen = Screen(width: 4, height: 2)
    let block = Block(
      isFocused: true, borderStyle: Style(foreground: .blue),
      focusedBorderStyle: Style(foreground: .cyan))
    screen.draw(block, in: screen.bounds)
    #expect(screen.styleDump == ["x=0 y=0: fg=cyan"])
    #expect(block.inner(screen.bounds) == Rect(x: 1, y: 1, width: 2, height: 0))
  }

  @Test func tableRendersHeaderRowsAndAlignment() {
    let table = Table(
      columns: [
        Table.Column("NAME", width: .min(4)),
        Table.Column("CPU", width: .fixed(4), alignment: .right),
      ],
      rows: [
        Table.Row(["web", "12%"]), Table.Row(["database-primary", "3%"]),
      ],
      state: Table.State(selection: 1))
    var screen = Screen(width: 12, height: 4)
    screen.draw(table, in: screen.bounds)
    #expect(
      screen.textDump == ["NAME     CPU", "web      12%", "databa…   3%", ""])
    #expect(
      screen.styleDump == [
        "x=0 y=0: bold", "x=4 y=0: plain", "x=9 y=0: bold", "x=0 y=1: plain",
        "x=0 y=2: reverse", "x=0 y=3: plain",
      ])
  }

  @Test func tableColumnsDropOutByPriorityAsWidthShrinks() {
    let table = Table(
      columns: [
        Table.Column("NAME", width: .min(10), priority: 10),
        Table.Column("STATE", width: .fixed(8), priority: 5),
        Table.Column("CPU", width: .fixed(6), priority: 8),
        Table.Column("PORTS", width: .min(12), priority: 1),
      ], rows: [])
    func headers(_ width: Int) -> [String] {
      table.columnLayout(width: width).map { table.columns[$0.index].header }
    }
    #expect(headers(120) == ["NAME", "STATE", "CPU", "PORTS"])
    #expect(headers(39) == ["NAME", "STATE", "CPU", "PORTS"])
    #expect(headers(38) == ["NAME", "STATE", "CPU"])
    #expect(headers(26) == ["NAME", "STATE", "CPU"])
    #expect(headers(25) == ["NAME", "CPU"])
    #expect(headers(17) == ["NAME", "CPU"])
    #expect(headers(16) == ["NAME"])
    #expect(headers(3) == ["NAME"])
    #expect(headers(0) == [])
    #expect(table.columnLayout(width: 3).first?.width == 3)
  }

  @Test func tableFlexColumnsShareLeftoverSpace() {
    let table = Table(
      columns: [
        Table.Column("A", width: .fixed(4)), Table.Column("B", width: .flex(1)),
        Table.Column("C", width: .flex(3)),
      ],
      rows: [])
    let layout = table.columnLayout(width: 26)
    #expect(layout.map(\.width) == [4, 5, 15])
    #expect(layout.map(\.x) == [0, 5, 11])
  }

  @Test func tableScrollKeepsTheSelectionVisible() {
    let rows = (0..<20).map { Table.Row([Span("row\($0)")]) }
    let table = Table(columns: [Table.Column("N", width: .flex(1))], rows: rows)
    var state = Table.State(selection: 10, offset: 0)
    var screen = Screen(width: 8, height: 4)
    table.draw(in: screen.bounds, on: &screen, state: &state)
    #expect(state.offset == 8)
    #expect(screen.textDump == ["N", "row8", "row9", "row10"])
    state.selection = 2
    table.draw(in: screen.bounds, on: &screen, state: &state)
    #expect(state.offset == 2)
    #expect(
      Table.State(selection: nil, offset: 50).adjustedOffset(
        visibleRows: 5, rowCount: 20) == 15)
  }

  @Test func sparklineBlocksAndBraille() {
    var screen = Screen(width: 4, height: 1)
    screen.draw(
      Sparkline(values: [0, 0.5, 1], symbols: .block), in: screen.bounds)
    #expect(screen.textDump == ["  ▄█"])
    screen.clear()
    screen.draw(
      Sparkline(values: [1, 1, 0.25, 0.5], symbols: .braille),
      in: Rect(x: 0, y: 0, width: 2, height: 1))
    #expect(screen.textDump == ["⣿⣠"])
    screen.clear()
    screen.draw(
      Sparkline(values: [10, 40], maximum: 40, symbols: .ascii),
      in: screen.bounds)
    #expect(screen.textDump == ["  _#"])
  }

  @Test func sparklineSpansRows() {
    var screen = Screen(width: 2, height: 2)
    screen.draw(
      Sparkline(values: [1, 0.75], symbols: .block), in: screen.bounds)
    #expect(screen.textDump == ["█▄", "██"])
  }

  @Test func gaugeFillsByRatioWithLabel() {
    var screen = Screen(width: 10, height: 1)
    screen.draw(
      Gauge(ratio: 0.5, label: "50%", glyphs: .ascii), in: screen.bounds)
    #expect(screen.textDump == ["###... 50%"])
    screen.clear()
    screen.draw(
      Gauge(ratio: 0.55, glyphs: .unicode),
      in: Rect(x: 0, y: 0, width: 4, height: 1))
    #expect(screen.textDump == ["██▎░"])
  }

  @Test func gaugeColoursFollowTheGradient() {
    var screen = Screen(width: 3, height: 1)
    screen.draw(
      Gauge(
        ratio: 1, gradient: Gradient(start: .green, mid: .yellow, end: .red),
        glyphs: .ascii), in: screen.bounds)
    #expect(
      screen.styleDump == [
        "x=0 y=0: fg=green", "x=1 y=0: fg=yellow", "x=2 y=0: fg=red",
      ])
  }

  @Test func gradientInterpolatesInRGB() {
    let gradient = Gradient(
      start: .rgb(0, 0, 0), mid: .rgb(100, 100, 100), end: .rgb(200, 0, 0))
    #expect(gradient.color(at: 0.25) == .rgb(50, 50, 50))
    #expect(gradient.color(at: 0.75) == .rgb(150, 50, 50))
    #expect(gradient.color(at: 2) == .rgb(200, 0, 0))
    #expect(
      Gradient(start: .default, mid: .red, end: .red).color(at: 0.1) == .default
    )
  }

  @Test func paragraphWrapsAtSpacesAndTruncates() {
    let paragraph = Paragraph(["the quick brown fox", "", "abcdefghijkl"])
    #expect(
      paragraph.displayLines(width: 10).map(\.text) == [
        "the quick", "brown fox", "", "abcdefghij", "kl",
      ])
    var truncating = paragraph
    truncating.overflow = .truncate
    #expect(
      truncating.displayLines(width: 10).map(\.text) == [
        "the quick…", "", "abcdefghi…",
      ])
    var screen = Screen(width: 10, height: 2)
    var scrolled = paragraph
    scrolled.scrollOffset = 1
    screen.draw(scrolled, in: screen.bounds)
    #expect(screen.textDump == ["brown fox", ""])
  }

  @Test func paragraphKeepsSpanStylesAcrossWraps() {
    let line = Line([
      Span("red ", style: Style(foreground: .red)),
      Span("blue words", style: Style(foreground: .blue)),
    ])
    let lines = Paragraph([line]).displayLines(width: 9)
    #expect(lines.map(\.text) == ["red blue", "words"])
    #expect(lines[0].spans.map(\.style.foreground) == [.red, .blue])
  }

  @Test func helpBarDropsItemsThatDoNotFit() {
    let bar = HelpBar(items: [
      HelpBar.Item(key: "q", description: "quit"),
      HelpBar.Item(key: "?", description: "help"),
      HelpBar.Item(key: "/", description: "filter"),
    ])
    var screen = Screen(width: 15, height: 1)
    screen.draw(bar, in: screen.bounds)
    #expect(screen.textDump == ["q quit  ? help"])
    #expect(bar.fittingItems(width: 24).count == 3)
    #expect(bar.fittingItems(width: 23).count == 2)
    #expect(
      screen.styleDump == [
        "x=0 y=0: bold", "x=1 y=0: plain", "x=8 y=0: bold", "x=9 y=0: plain",
      ])
  }

  @Test func dialogIsCentred() {
    let dialog = Dialog(
      title: "Kill", message: "Kill 3 containers?", hint: "y/N")
    var screen = Screen(width: 30, height: 7)
    screen.draw(dialog, in: screen.bounds)
    #expect(
      dialog.frame(in: screen.bounds) == Rect(x: 4, y: 1, width: 22, height: 5))
    #expect(
      screen.textDump == [
        "",
        "    ┌ Kill ──────────────┐",
        "    │ Kill 3 containers? │",
        "    │                    │",
        "    │        y/N         │",
        "    └────────────────────┘",
        "",
      ])
  }

  @Test func overlayScrollsAndShowsMarkers() {
    let rows = (1...30).map {
      Overlay.Row(key: "k\($0)", description: "action \($0)")
    }
    var overlay = Overlay(title: "Help", rows: rows)
    let area = Rect(x: 0, y: 0, width: 30, height: 10)
    #expect(overlay.maximumScrollOffset(in: area) == 24)
    var screen = Screen(width: 30, height: 10)
    screen.draw(overlay, in: area)
    #expect(screen.textDump[1].hasSuffix("┐"))
    #expect(screen.textDump[2].contains("k1   action 1"))
    #expect(screen.textDump[7].hasSuffix("▼"))
    #expect(!screen.textDump[2].hasSuffix("▲"))
    overlay.scrollOffset = 100
    screen = Screen(width: 30, height: 10)
    screen.draw(overlay, in: area)
    #expect(
      screen.textDump[2].contains("k25") && screen.textDump[2].hasSuffix("▲"))
    #expect(
      screen.textDump[7].contains("k30") && !screen.textDump[7].hasSuffix("▼"))
  }
}
