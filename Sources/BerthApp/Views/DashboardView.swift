import Dashboard
import DockerEngine
import FoundationEssentials
import Glibc
import Monitor
import TerminalUI

/// Where each part of the dashboard sits on a screen of a given size.
struct DashboardLayout: Equatable {
  /// The smallest screen the panes are drawn on; below it a note is shown instead.
  static let minimumSize = Size(width: 60, height: 15)

  var header: Rect
  var services: Rect
  var details: Rect
  var logs: Rect
  var footer: Rect
  /// Everything between header and footer (the full-screen logs).
  var body: Rect
  /// Whether the screen is too small for the panes.
  var isTooSmall: Bool

  /// Lays out the panes: services beside details and logs on wide screens, above them otherwise.
  init(size: Size) {
    let bounds = Rect(size)
    isTooSmall = size.width < Self.minimumSize.width || size.height < Self.minimumSize.height
    let rows = bounds.split(.vertical, [.fixed(1), .fill(), .fixed(2)])
    header = rows[0]
    footer = rows[2]
    body = rows[1]
    if size.width >= 160 {
      let columns = rows[1].split(.horizontal, [.percentage(62), .fill()])
      services = columns[0]
      let right = columns[1].split(.vertical, [.percentage(50), .fill()])
      details = right[0]
      logs = right[1]
    } else {
      let stacked = rows[1].split(.vertical, [.percentage(55), .fill()])
      services = stacked[0]
      let bottom = stacked[1].split(.horizontal, [.percentage(45), .fill()])
      details = bottom[0]
      logs = bottom[1]
    }
  }
}

/// What the views need besides the dashboard state.
struct ViewContext {
  var theme: AppTheme
  var glyphs: GlyphSet
  var keymap: Keymap
  var now: Date
  /// Whether the engine is reached over TLS that does not verify its certificate: the header
  /// says so for as long as the dashboard is open.
  var isTLSUnverified = false
}

/// Draws the whole dashboard from the app model; pure apart from writing into `screen`.
struct DashboardView {
  let model: AppModel
  let context: ViewContext

  /// Renders everything and returns the services table's scroll state after drawing.
  func draw(on screen: inout Screen) -> Table.State {
    screen.clear()
    let layout = DashboardLayout(size: screen.size)
    if layout.isTooSmall {
      drawTooSmall(on: &screen)
      return model.servicesTable
    }
    drawHeader(in: layout.header, on: &screen)
    var tableState = model.servicesTable
    if model.isLogsFullScreen {
      drawLogs(in: layout.body, on: &screen, isFocused: true)
    } else {
      tableState = drawServices(in: layout.services, on: &screen)
      drawDetails(in: layout.details, on: &screen)
      drawLogs(in: layout.logs, on: &screen, isFocused: state.focusedPane == .logs)
    }
    drawFooter(in: layout.footer, on: &screen)
    drawOverlay(on: &screen)
    if context.glyphs == .ascii { Self.downgradeToASCII(&screen) }
    return tableState
  }

  /// Without a UTF-8 locale the terminal cannot show other characters: map the symbols the
  /// views use to ASCII and anything else (e.g. in container names) to `?`.
  static func downgradeToASCII(_ screen: inout Screen) {
    let replacements: [Character: String] = [
      "·": "|", "●": "*", "○": "o", "✖": "x", "—": "-", "–": "-", "…": "~", "█": "#", "▾": "-", "▸": "+",
      "≥": ">", "↑": "^", "↓": "v", "←": "<", "→": ">", "µ": "u",
    ]
    for y in 0..<screen.height {
      for x in 0..<screen.width {
        guard let cell = screen[x, y], !cell.isContinuation, !cell.character.isASCII else { continue }
        let replacement = replacements[cell.character] ?? "?"
        screen.put(replacement + String(repeating: " ", count: max(0, cell.width - 1)), x: x, y: y, style: cell.style)
      }
    }
  }

  private var state: DashboardState { model.state }
  private var theme: AppTheme { context.theme }

  // MARK: Too small

  private func drawTooSmall(on screen: inout Screen) {
    let minimum = DashboardLayout.minimumSize
    let lines = [
      "Terminal too small", "\(screen.width)×\(screen.height), need \(minimum.width)×\(minimum.height)", "q quits",
    ]
    for (index, line) in lines.enumerated() {
      let y = screen.height / 2 - 1 + index
      let text = line.truncated(toWidth: screen.width, ellipsis: "")
      screen.put(text, x: max(0, (screen.width - text.displayWidth) / 2), y: y, style: index == 0 ? theme.warning : theme.muted)
    }
  }

  // MARK: Header

  private func drawHeader(in area: Rect, on screen: inout Screen) {
    screen.fill(area, with: .blank(theme.statusBar))
    let background = Style(background: theme.statusBar.background)
    var spans: [Span] = [Span(" berth ", style: theme.title.patched(with: theme.statusBar))]
    let snapshot = state.snapshot
    switch snapshot?.connection ?? .connecting {
    case .connected:
      spans.append(Span("● ", style: theme.ok.patched(with: background)))
    case .connecting:
      spans.append(Span("○ connecting… ", style: theme.warning.patched(with: background)))
    case .disconnected:
      spans.append(Span("✖ disconnected — retrying ", style: theme.danger.patched(with: background)))
    }
    if context.isTLSUnverified {
      spans.append(Span("TLS not verified", style: theme.danger.patched(with: background)))
      spans.append(Span(" · ", style: theme.statusBar))
    }
    if let engine = snapshot?.engine {
      let containers = snapshot?.containers ?? []
      let running = containers.count { $0.state == .running }
      let cpu = containers.compactMap(\.usage?.cpuPercent).reduce(0, +)
      let memory = Checked.saturatingSum(containers.compactMap(\.usage?.memoryBytes))
      spans.append(
        Span(
          "\(running)/\(containers.count) running · CPU \(Compact.percent(cpu)) of \(engine.cpuCount) cpu · MEM \(Compact.bytes(memory)) / \(Compact.bytes(engine.memoryTotalBytes)) · \(TerminalText.sanitize(engine.host)) · Docker \(TerminalText.sanitize(engine.version)) (API \(engine.apiVersion))",
          style: theme.statusBar))
    }
    screen.put(spans, x: area.x, y: area.y, maxWidth: area.width)
  }

  // MARK: Services

  private static let columns = [
    Table.Column("NAME", width: .min(24), priority: 10),
    Table.Column("STATE", width: .fixed(9), priority: 9),
    Table.Column("CPU", width: .fixed(16), alignment: .right, priority: 8),
    Table.Column("MEM", width: .fixed(16), alignment: .right, priority: 7),
    Table.Column("", width: .fixed(10), priority: 3),
    Table.Column("RST", width: .fixed(3), alignment: .right, priority: 4),
    Table.Column("HEALTH", width: .fixed(9), priority: 5),
    Table.Column("", width: .fixed(10), priority: 6),
  ]

  private func drawServices(in area: Rect, on screen: inout Screen) -> Table.State {
    let focused = state.focusedPane == .services && state.overlay == .none
    let title = state.filter.isEmpty ? "Services" : "Services — filter: \(TerminalText.sanitize(state.filter))"
    let block = Block(
      title: title, isFocused: focused, borderStyle: theme.border, focusedBorderStyle: theme.borderFocused,
      titleStyle: theme.title, border: context.glyphs.border)
    screen.draw(block, in: area)
    let inner = block.inner(area)
    if state.rows.isEmpty {
      let message: String
      switch state.snapshot?.connection {
      case .none, .connecting?: message = "Connecting to the engine…"
      case .disconnected(let reason, _)?: message = TerminalText.sanitize(reason)
      case .connected?:
        message = state.filter.isEmpty ? "No containers on this engine." : "Nothing matches \"\(TerminalText.sanitize(state.filter))\"."
      }
      screen.draw(Paragraph([Line(message, style: theme.muted)], overflow: .wrap), in: inner.inset(left: 1))
      return Table.State()
    }
    var tableState = model.servicesTable
    tableState.selection = state.selectedIndex
    // Only the rows in view are laid out; the others stay empty (the table never draws them).
    let inView = Table.rowsInView(height: inner.height, rowCount: state.rows.count, state: tableState)
    let rows = state.rows.indices.map { inView.contains($0) ? row(for: state.rows[$0]) : Table.Row([]) }
    let table = Table(columns: Self.columns, rows: rows, state: tableState, headerStyle: theme.header, selectionStyle: theme.selection)
    table.draw(in: inner, on: &screen, state: &tableState)
    return tableState
  }

  private func row(for row: DashboardRow) -> Table.Row {
    let totals = row.totals
    let indent = String(repeating: "  ", count: row.depth)
    let marker = row.isExpandable ? (row.isExpanded ? "▾ " : "▸ ") : "  "
    let glyphMarker = context.glyphs == .ascii ? (row.isExpandable ? (row.isExpanded ? "- " : "+ ") : "  ") : marker
    let name = TerminalText.sanitize(row.title)
    var nameStyle = theme.text
    var stateText: String
    var stateStyle: Style
    var hasUsage = true
    switch row.content {
    case .container(let container, _):
      stateText = container.state.rawValue
      stateStyle = theme.style(for: container.state)
      hasUsage = container.usage != nil
      if !container.isReplica { stateText += "*" }
    default:
      nameStyle = row.depth == 0 ? theme.title : theme.text
      stateText = "\(totals.replicasRunning)/\(totals.replicasTotal)"
      stateStyle = theme.style(for: totals.state)
      hasUsage = row.containers.contains { $0.usage != nil }
    }
    let ratio = Figures.memoryRatio(totals)
    let gauge =
      ratio.map { ratio in
        let width = 10
        let filled = min(width, max(0, Checked.int(ratio * Double(width), rounding: .up) ?? width))
        let bar =
          String(repeating: context.glyphs.gaugeFilled, count: filled)
          + String(repeating: context.glyphs.gaugeEmpty, count: width - filled)
        return Span(bar, style: Style(foreground: theme.usage.color(at: min(1, ratio))))
      } ?? Span("", style: theme.muted)
    let badges = Figures.badges(totals)
    return Table.Row([
      Span(indent + glyphMarker + name, style: nameStyle),
      Span(stateText, style: stateStyle),
      Span(Figures.cpu(totals, mode: state.cpuMode, hasUsage: hasUsage), style: theme.text),
      Span(Figures.memory(totals, hasUsage: hasUsage), style: (ratio ?? 0) >= 0.9 ? theme.danger : theme.text),
      gauge,
      Span(String(totals.restartCount), style: totals.restartCount > 0 ? theme.warning : theme.muted),
      Span(Figures.health(totals.health), style: theme.style(for: totals.health)),
      Span(badges.joined(separator: " "), style: totals.wasOOMKilled ? theme.oomKilled : theme.danger),
    ])
  }

  // MARK: Details

  private func drawDetails(in area: Rect, on screen: inout Screen) {
    let focused = state.focusedPane == .details && state.overlay == .none
    let selected = state.selectedRow
    let block = Block(
      title: selected.map { "Details — \(TerminalText.sanitize($0.title))" } ?? "Details", isFocused: focused,
      borderStyle: theme.border, focusedBorderStyle: theme.borderFocused, titleStyle: theme.title,
      border: context.glyphs.border)
    screen.draw(block, in: area)
    let inner = block.inner(area).inset(left: 1)
    guard let selected else { return }
    let details = DetailsText(
      row: selected, theme: theme, now: context.now, cpuCount: state.snapshot?.engine?.cpuCount ?? 1,
      revealsSecrets: model.revealsSecrets)
    let graphs = details.history
    let lines = details.lines
    // Graph rows each: as tall as the space left under the text allows, 1 to 3.
    let spare = inner.height - lines.count - 1
    let graphRows = graphs == nil ? 0 : max(spare >= 2 ? 1 : 0, min(3, spare / 2))
    let parts = inner.split(.vertical, [.fill(), .fixed(graphRows * 2)])
    screen.draw(Paragraph(lines, overflow: .truncate), in: parts[0])
    if let graphs, graphRows > 0 {
      let labelWidth = 4
      let series = [("CPU", graphs.cpu, graphs.cpuMaximum), ("MEM", graphs.memory, graphs.memoryMaximum)]
      for (index, (label, values, maximum)) in series.enumerated() {
        let y = parts[1].y + index * graphRows
        screen.put(label, x: parts[1].x, y: y + graphRows - 1, style: theme.muted)
        let width = max(0, parts[1].width - labelWidth)
        let symbols = context.glyphs == .ascii ? context.glyphs.graphSymbols : theme.graphSymbols
        let sparkline = Sparkline(
          values: Array(values.suffix(width * 2)), maximum: maximum, symbols: symbols,
          style: Style(foreground: theme.usage.start))
        screen.draw(sparkline, in: Rect(x: parts[1].x + labelWidth, y: y, width: width, height: graphRows))
      }
    }
  }

  // MARK: Logs

  private func drawLogs(in area: Rect, on screen: inout Screen, isFocused: Bool) {
    let focused = isFocused && state.overlay == .none
    let logs = model.logs
    var title = model.isLogsFullScreen ? "Logs (full screen — esc returns)" : "Logs"
    if let subject = logs.subject { title += " — \(TerminalText.sanitize(subject))" }
    if let since = logs.since { title += " · since \(DurationText.describe(since)) ago" }
    if !logs.query.isEmpty {
      title += logs.isFiltered ? " · only \"\(TerminalText.sanitize(logs.query))\"" : " · /\(TerminalText.sanitize(logs.query))"
    }
    if logs.skippedCount > 0 { title += " · \(logs.skippedCount) lines skipped" }
    if logs.isPaused { title += " · paused, \(logs.unseenCount) new — End resumes" }
    let block = Block(
      title: title, isFocused: focused, borderStyle: theme.border, focusedBorderStyle: theme.borderFocused,
      titleStyle: theme.title, border: context.glyphs.border)
    screen.draw(block, in: area)
    let inner = block.inner(area)
    guard inner.height > 0, inner.width > 0 else { return }
    let showsSource = logs.sourceCount > 1
    func prefix(_ line: LogEntry) -> [Span] {
      var spans: [Span] = []
      if logs.showsTimestamps {
        let stamp =
          line.timestamp.map { String(EngineTime.format($0, fractionDigits: 3).dropFirst(11).dropLast()) }
          ?? String(repeating: " ", count: 12)
        spans.append(Span(stamp + " ", style: theme.logTimestamp))
      }
      if showsSource {
        spans.append(Span("\(TerminalText.sanitize(line.source)) | ", style: LogPalette.style(for: line.sourceIndex, theme: theme)))
      }
      spans.append(Span(line.isStderr ? "! " : "  ", style: theme.logStderr))
      return spans
    }
    // A line cut at the buffer's line bound ends with a mark saying so.
    let cutMark = Span(" \(context.glyphs.ellipsis) [line cut]", style: theme.muted)
    func decorationWidth(_ line: LogEntry) -> Int {
      prefix(line).reduce(0) { $0 + $1.width } + (line.isCut ? cutMark.width : 0)
    }
    let visible =
      logs.wraps
      ? logs.visibleWrappedLines(height: inner.height, width: inner.width, decorationWidth: decorationWidth)
      : logs.visibleLines(height: inner.height)
    if visible.isEmpty {
      screen.put(logs.placeholder, x: inner.x + 1, y: inner.y, style: theme.muted, maxWidth: inner.width - 1)
      return
    }
    var rows: [[Span]] = []
    for line in visible {
      let text = highlighted(line.text, query: logs.query, base: line.isStderr ? theme.logStderr : theme.text)
      let spans = prefix(line) + text + (line.isCut ? [cutMark] : [])
      rows += logs.wraps ? Self.wrap(spans, width: inner.width) : [spans]
    }
    // With wrapping the oldest line may not fit entirely: keep the newest rows.
    for (offset, spans) in rows.suffix(inner.height).enumerated() {
      screen.put(spans, x: inner.x, y: inner.y + offset, maxWidth: inner.width)
    }
  }

  /// Splits text into spans with every case-insensitive match of `query` highlighted.
  private func highlighted(_ text: String, query: String, base: Style) -> [Span] {
    guard !query.isEmpty else { return [Span(text, style: base)] }
    var spans: [Span] = []
    var rest = text[...]
    while let range = rest.rangeIgnoringCase(of: query) {
      if range.lowerBound > rest.startIndex { spans.append(Span(String(rest[..<range.lowerBound]), style: base)) }
      spans.append(Span(String(rest[range]), style: theme.searchMatch))
      rest = rest[range.upperBound...]
    }
    if !rest.isEmpty { spans.append(Span(String(rest), style: base)) }
    return spans
  }

  /// Cuts a row of spans into rows of at most `width` columns.
  static func wrap(_ spans: [Span], width: Int) -> [[Span]] {
    guard width > 0 else { return [spans] }
    var rows: [[Span]] = [[]]
    var used = 0
    for span in spans {
      var current = ""
      for character in span.text {
        let characterWidth = TerminalText.displayWidth(of: character)
        if used + characterWidth > width {
          if !current.isEmpty { rows[rows.count - 1].append(Span(current, style: span.style)) }
          rows.append([])
          current = ""
          used = 0
        }
        current.append(character)
        used += characterWidth
      }
      if !current.isEmpty { rows[rows.count - 1].append(Span(current, style: span.style)) }
    }
    return rows
  }

  // MARK: Footer

  private func drawFooter(in area: Rect, on screen: inout Screen) {
    guard area.height >= 2 else { return }
    let hintsRow = Rect(x: area.x, y: area.y, width: area.width, height: 1)
    let statusRow = Rect(x: area.x, y: area.y + 1, width: area.width, height: 1)
    if state.isFilterPromptOpen {
      screen.put(
        [
          Span("/", style: theme.keyHintKey), Span(TerminalText.sanitize(state.filter) + "█", style: theme.text),
          Span("   enter apply · esc clear", style: theme.keyHint),
        ], x: hintsRow.x, y: hintsRow.y, maxWidth: hintsRow.width)
    } else if let prompt = model.logPrompt {
      screen.put(
        [
          Span(prompt.label, style: theme.keyHintKey), Span(TerminalText.sanitize(prompt.text) + "█", style: theme.text),
          Span("   enter apply · esc cancel", style: theme.keyHint),
        ], x: hintsRow.x, y: hintsRow.y, maxWidth: hintsRow.width)
    } else {
      let logsHaveKeys = model.isLogsFullScreen || state.focusedPane == .logs
      let bar = HelpBar(
        items: FooterHints.items(state: state, keymap: context.keymap, logsHaveKeys: logsHaveKeys),
        keyStyle: theme.keyHintKey, descriptionStyle: theme.keyHint)
      screen.draw(bar, in: hintsRow)
    }
    screen.fill(statusRow, with: .blank(theme.statusBar))
    if let message = state.statusMessage {
      screen.put(
        " " + TerminalText.sanitize(message.text), x: statusRow.x, y: statusRow.y,
        style: message.isError ? theme.statusError : theme.statusBar, maxWidth: statusRow.width)
    } else if case .disconnected(let reason, let retry)? = state.snapshot?.connection {
      screen.put(
        " Disconnected — retrying in \(retry.formattedSeconds): \(TerminalText.sanitize(reason))", x: statusRow.x,
        y: statusRow.y, style: theme.statusError, maxWidth: statusRow.width)
    } else {
      let sort = "sorted by \(state.sortMode.rawValue) · CPU as % of \(state.cpuMode == .host ? "host" : "limit")"
      screen.put(" " + sort, x: statusRow.x, y: statusRow.y, style: theme.statusBar, maxWidth: statusRow.width)
    }
  }

  // MARK: Overlays

  private func drawOverlay(on screen: inout Screen) {
    switch state.overlay {
    case .none:
      break
    case .help:
      let overlay = TerminalUI.Overlay(
        title: "Keys — esc closes", rows: HelpScreen.rows(keymap: context.keymap),
        scrollOffset: model.helpScroll, style: theme.text, keyStyle: theme.keyHintKey,
        headingStyle: theme.title, borderStyle: theme.borderFocused, glyphs: context.glyphs)
      screen.draw(overlay, in: screen.bounds)
    case .confirm(let prompt, _):
      // The answer keys show once the question takes answers (it was on screen; see
      // `DashboardState.isConfirmationArmed`); until then a blank line of the same width.
      let answers = "y: yes · any other key: cancel"
      let hint = state.isConfirmationArmed ? answers : String(repeating: " ", count: answers.count)
      let dialog = Dialog(
        title: "Confirm", message: TerminalText.sanitize(prompt), hint: hint,
        style: theme.text, borderStyle: theme.danger, hintStyle: theme.keyHint, border: context.glyphs.border)
      screen.draw(dialog, in: screen.bounds)
    }
  }
}

extension Duration {
  /// `2s`, `0.5s`.
  var formattedSeconds: String {
    let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
    return seconds == seconds.rounded() ? "\(Int(seconds))s" : Formatting.fixed(seconds, digits: 1) + "s"
  }
}

/// Per-replica colours for merged logs, stable by the replica's index.
enum LogPalette {
  static func style(for index: Int, theme: AppTheme) -> Style {
    let styles = [theme.stateRunning, theme.stateStarting, theme.warning, theme.statePaused, theme.header, theme.title]
    return Style(foreground: styles[index % styles.count].foreground)
  }
}
