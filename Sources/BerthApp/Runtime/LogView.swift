import DequeModule
import DockerEngine
import Foundation
import TerminalUI

/// One sanitised log line, ready to draw.
struct LogEntry: Equatable, Sendable {
  /// The container's name (the replica name in merged service logs).
  var source: String
  /// Stable index of the source, for its colour.
  var sourceIndex: Int
  /// When the engine received the line.
  var timestamp: Date?
  /// Text with every terminal control sequence removed.
  var text: String
  var isStderr: Bool

  /// Sanitises an engine log line from `source`.
  init(line: LogLine, source: String, sourceIndex: Int) {
    self.source = source
    self.sourceIndex = sourceIndex
    timestamp = line.timestamp
    text = TerminalText.sanitize(line.bytes)
    isStderr = line.stream == .stderr
  }

  init(source: String, sourceIndex: Int, timestamp: Date?, text: String, isStderr: Bool) {
    self.source = source
    self.sourceIndex = sourceIndex
    self.timestamp = timestamp
    self.text = text
    self.isStderr = isStderr
  }
}

/// The logs pane's buffer: lines of the followed containers merged in time order, bounded.
struct LogView: Equatable {
  /// Most lines kept; the oldest are dropped beyond it.
  let capacity: Int
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
  /// Shown while there are no lines.
  private(set) var placeholder = "Select a container or service to see its logs."

  init(capacity: Int = 5_000) {
    self.capacity = max(10, capacity)
  }

  /// Whether following is paused because the user scrolled up.
  var isPaused: Bool { scrollOffset > 0 }

  /// Starts over for a new selection; returns the new generation.
  mutating func follow(subject: String?, sourceCount: Int) -> Int {
    generation += 1
    self.subject = subject
    self.sourceCount = sourceCount
    lines.removeAll()
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
    for entry in entries {
      insert(entry)
    }
    if isPaused {
      unseenCount += entries.count
      scrollOffset = min(scrollOffset + entries.count, max(0, lines.count - 1))
    }
    while lines.count > capacity { lines.removeFirst() }
  }

  private mutating func insert(_ entry: LogEntry) {
    guard let time = entry.timestamp, let last = lines.last?.timestamp, time < last else {
      lines.append(entry)
      return
    }
    // Late lines of another replica: walk back to their place (usually a few steps).
    var index = lines.count
    while index > 0, let previous = lines[index - 1].timestamp, previous > time { index -= 1 }
    lines.insert(entry, at: index)
  }

  /// The lines to show in a pane `height` rows tall (no wrapping), oldest first.
  func visibleLines(height: Int) -> [LogEntry] {
    guard height > 0, !lines.isEmpty else { return [] }
    let end = max(0, lines.count - scrollOffset)
    let start = max(0, end - height)
    return Array(lines[start..<end])
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
