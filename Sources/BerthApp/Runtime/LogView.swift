import DequeModule
import DockerEngine
import FoundationEssentials
import Glibc
import TerminalUI

/// One log line of the pane, sanitised once when it is made: drawing, searching and filtering
/// read the stored text on every frame without sanitising again.
struct LogEntry: Equatable, Sendable {
  /// The container's name (the replica name in merged service logs).
  var source: String
  /// Stable index of the source, for its colour.
  var sourceIndex: Int
  /// When the engine received the line.
  var timestamp: Date?
  /// The line with every terminal control sequence removed.
  let text: String
  var isStderr: Bool
  /// Whether the line was longer than `LogBudget.lineBytes` (or the engine stream's bound) and cut.
  var isCut = false

  /// An engine log line from `source`, cut to `LogBudget.lineBytes` and sanitised with `sanitize`.
  init(
    line: LogLine, source: String, sourceIndex: Int,
    sanitize: ([UInt8]) -> String = { TerminalText.sanitize($0) }
  ) {
    self.source = source
    self.sourceIndex = sourceIndex
    timestamp = line.timestamp
    let (bytes, isCut) = LogBudget.cut(line.bytes)
    text = sanitize(bytes)
    self.isCut = isCut || line.isTruncated
    isStderr = line.stream == .stderr
  }

  /// A line of `text` (sanitised here too) from `source`.
  init(source: String, sourceIndex: Int, timestamp: Date?, text: String, isStderr: Bool) {
    self.init(
      line: LogLine(stream: isStderr ? .stderr : .stdout, timestamp: timestamp, bytes: Array(text.utf8)),
      source: source, sourceIndex: sourceIndex)
  }

  /// What the line costs against `LogBudget.bytes`.
  var cost: Int { LogBudget.cost(ofTextBytes: text.utf8.count) }
}

/// The logs pane's buffer: lines of the followed containers merged in time order, bounded by
/// lines and by bytes (`LogBudget`), the oldest dropped first.
struct LogView: Equatable {
  /// How many lines and bytes are kept.
  let budget: LogBudget
  /// Most lines kept; the oldest are dropped beyond it.
  var capacity: Int { budget.lines }
  /// What the kept lines cost against `budget.bytes` (text bytes plus a per-line overhead).
  private(set) var byteCount = 0
  /// What is followed, e.g. `celery (3 replicas)`.
  private(set) var subject: String?
  /// Number of containers followed.
  private(set) var sourceCount = 0
  /// Bumped on every re-follow; lines of an older generation are ignored.
  private(set) var generation = 0
  private(set) var lines: Deque<LogEntry> = []
  /// Lines scrolled up from the bottom; 0 follows the newest line.
  private(set) var scrollOffset = 0
  /// Lines that arrived while scrolled up.
  private(set) var unseenCount = 0
  /// Lines of this generation dropped before reaching the buffer (`noteSkipped`).
  private(set) var skippedCount = 0
  /// Shown while there are no lines.
  private(set) var placeholder = "Select a container or service to see its logs."
  /// Show the engine's timestamp before each line.
  var showsTimestamps = false
  /// Wrap long lines instead of cutting them.
  var wraps = false
  /// The search text (case-insensitive); empty: no search.
  private(set) var query = ""
  /// Show only lines that match the query.
  private(set) var isFiltered = false
  /// Only lines since this long before following started (nil: the last 200 lines).
  private(set) var since: Duration?

  /// A buffer of at most `capacity` lines (at least 10) and `byteBudget` bytes.
  init(capacity: Int = 5_000, byteBudget: Int = LogBudget.defaultBytes) {
    budget = LogBudget(lines: capacity, bytes: byteBudget)
  }

  /// Whether following is paused because the user scrolled up.
  var isPaused: Bool { scrollOffset > 0 }

  /// Starts over for a new selection; returns the new generation.
  mutating func follow(subject: String?, sourceCount: Int) -> Int {
    generation += 1
    since = nil
    self.subject = subject
    self.sourceCount = sourceCount
    lines.removeAll()
    byteCount = 0
    skippedCount = 0
    scrollOffset = 0
    unseenCount = 0
    placeholder = sourceCount == 0 ? "Select a container or service to see its logs." : "No log lines yet."
    return generation
  }

  /// Shows a note (e.g. an error reading the logs) while there are no lines.
  mutating func note(_ text: String, generation: Int) {
    guard generation == self.generation else { return }
    placeholder = text
  }

  /// Adds lines of `generation`, keeping the buffer in time order across sources.
  mutating func append(_ entries: [LogEntry], generation: Int) {
    guard generation == self.generation, !entries.isEmpty else { return }
    // A batch larger than the buffer only leaves its newest lines.
    for entry in entries.suffix(capacity) {
      insert(entry)
    }
    if isPaused {
      let shown = isFiltered ? entries.count { matches($0) } : entries.count
      unseenCount += shown
      scrollOffset = min(scrollOffset + shown, max(0, lines.count - 1))
    }
    while !lines.isEmpty, lines.count > budget.lines || byteCount > budget.bytes {
      byteCount -= lines.removeFirst().cost
    }
    scrollOffset = min(scrollOffset, max(0, lines.count - 1))
  }

  /// Counts lines of `generation` that never reached the buffer: they came faster than it keeps
  /// while the loop was away (a shell session) and the mailbox dropped them. The pane says so.
  mutating func noteSkipped(_ count: Int, generation: Int) {
    guard generation == self.generation else { return }
    skippedCount += count
  }

  private mutating func insert(_ entry: LogEntry) {
    byteCount += entry.cost
    guard let time = entry.timestamp, let last = lines.last?.timestamp, time < last else {
      lines.append(entry)
      return
    }
    // Late lines of another replica: walk back to their place (usually a few steps).
    var index = lines.count
    while index > 0, let previous = lines[index - 1].timestamp, previous > time { index -= 1 }
    lines.insert(entry, at: index)
  }

  /// The lines the pane shows: all, or only matches while filtering.
  var shownLines: [LogEntry] {
    guard isFiltered, !query.isEmpty else { return Array(lines) }
    return lines.filter { matches($0) }
  }

  /// Whether a line contains the query (case-insensitive).
  func matches(_ entry: LogEntry) -> Bool {
    !query.isEmpty && entry.text.rangeIgnoringCase(of: query) != nil
  }

  /// The lines to show in a pane `height` rows tall (no wrapping), oldest first.
  func visibleLines(height: Int) -> [LogEntry] {
    let shown = shownLines
    guard height > 0, !shown.isEmpty else { return [] }
    let end = max(0, shown.count - scrollOffset)
    let start = max(0, end - height)
    return Array(shown[start..<end])
  }

  /// The newest lines that end `scrollOffset` lines from the bottom and fill `height` rows of
  /// `width` columns, each with the rows it takes when wrapped; `decorationWidth` is what a line
  /// takes besides its text (prefix, cut mark).
  func visibleWrappedLines(height: Int, width: Int, decorationWidth: (LogEntry) -> Int) -> [LogEntry] {
    let shown = shownLines
    guard height > 0, width > 0 else { return [] }
    var result: [LogEntry] = []
    var used = 0
    var index = shown.count - scrollOffset - 1
    while index >= 0, used < height {
      let entry = shown[index]
      let rows = max(1, (decorationWidth(entry) + entry.text.displayWidth + width - 1) / width)
      used += rows
      result.append(entry)
      index -= 1
    }
    return result.reversed()
  }

  /// Sets the search text and jumps to the newest match (pausing following); empty clears it.
  mutating func search(_ text: String) {
    query = text
    if text.isEmpty {
      isFiltered = false
      return
    }
    if !isFiltered { jumpToMatch(olderThan: lines.count) }
  }

  /// Shows only matching lines, or all again.
  mutating func toggleFilter() {
    guard !query.isEmpty else { return }
    isFiltered.toggle()
    scrollOffset = 0
    unseenCount = 0
  }

  /// Scrolls to the next match above (`older`) or below the line at the bottom of the view.
  /// Returns false when there is none.
  @discardableResult
  mutating func nextMatch(older: Bool) -> Bool {
    guard !query.isEmpty, !isFiltered else { return false }
    let bottom = lines.count - 1 - scrollOffset
    if older { return jumpToMatch(olderThan: bottom) }
    var index = bottom + 1
    while index < lines.count {
      if matches(lines[index]) {
        scrollOffset = lines.count - 1 - index
        if scrollOffset == 0 { unseenCount = 0 }
        return true
      }
      index += 1
    }
    return false
  }

  @discardableResult
  private mutating func jumpToMatch(olderThan limit: Int) -> Bool {
    var index = min(limit, lines.count) - 1
    while index >= 0 {
      if matches(lines[index]) {
        scrollOffset = lines.count - 1 - index
        return true
      }
      index -= 1
    }
    return false
  }

  /// Starts over with lines since `duration` ago; returns the new generation.
  mutating func restart(since duration: Duration?) -> Int {
    generation += 1
    since = duration
    lines.removeAll()
    byteCount = 0
    skippedCount = 0
    scrollOffset = 0
    unseenCount = 0
    placeholder = "No log lines in that time."
    return generation
  }

  /// Keeps the buffer but takes lines from a new generation (a replica joined or left).
  mutating func continueFollowing(sourceCount: Int, subject: String?) {
    self.sourceCount = sourceCount
    self.subject = subject
  }

  /// The buffer as plain text, for saving: `[timestamp] source | text` per line.
  func plainText(withSources: Bool) -> String {
    var text = ""
    for entry in lines {
      if let time = entry.timestamp { text += EngineTime.format(time, fractionDigits: 6) + " " }
      if withSources { text += entry.source + " | " }
      if entry.isStderr { text += "[stderr] " }
      text += entry.text + (entry.isCut ? " [line cut]" : "") + "\n"
    }
    return text
  }

  /// Scrolls towards older lines (pauses following).
  mutating func scrollUp(_ count: Int) {
    scrollOffset = min(scrollOffset + count, max(0, lines.count - 1))
  }

  /// Scrolls towards newer lines; at the bottom following resumes.
  mutating func scrollDown(_ count: Int) {
    scrollOffset = max(0, scrollOffset - count)
    if scrollOffset == 0 { unseenCount = 0 }
  }

  /// Jumps to the oldest line.
  mutating func scrollToTop() { scrollOffset = max(0, lines.count - 1) }

  /// Jumps to the newest line and resumes following.
  mutating func resume() {
    scrollOffset = 0
    unseenCount = 0
  }
}
