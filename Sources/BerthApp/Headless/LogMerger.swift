import DockerEngine
import FoundationEssentials

/// An incremental k-way merge of several containers' log histories into one time-ordered stream.
///
/// Each source's lines arrive in order, in batches; a line is released only when every source
/// that has not ended has a line waiting (or has ended), since until then a smaller timestamp
/// could still come. So the merge holds one batch or so per source, never a whole history.
/// Equal timestamps keep the sources' order; a line without a timestamp goes right after the line
/// before it in its source.
public struct LogMerger: Sendable {
  /// What the merge can do next.
  public enum Step: Equatable, Sendable {
    /// The next line in time order.
    case line(source: Int, LogLine)
    /// Nothing can be released until this source sends more lines or ends.
    case needs(source: Int)
    /// Every source ended and every line was released.
    case finished
  }

  /// One source's waiting lines.
  private struct Source: Sendable {
    var lines: [LogLine] = []
    var head = 0
    var hasEnded = false
    /// The timestamp of the last line taken from this source, for lines without one.
    var lastTime: Date = .distantPast
    var isEmpty: Bool { head == lines.count }
  }

  private var sources: [Source]
  /// Sources with a line waiting, as a binary min-heap by (time of their first line, source).
  private var heap: [Int] = []
  /// Sources that have not ended and have no line waiting: while there is one, nothing is released.
  private var starving: Set<Int>

  /// Starts a merge of `sourceCount` sources, none of which has sent anything yet.
  public init(sourceCount: Int) {
    sources = Array(repeating: Source(), count: sourceCount)
    starving = Set(0..<sourceCount)
  }

  /// Adds the next lines of `source` (in its own order).
  public mutating func append(_ lines: [LogLine], from source: Int) {
    guard !lines.isEmpty, !sources[source].hasEnded else { return }
    let wasEmpty = sources[source].isEmpty
    if wasEmpty {
      sources[source].lines = lines
      sources[source].head = 0
      starving.remove(source)
      push(source)
    } else {
      sources[source].lines += lines
    }
  }

  /// Marks `source` as ended: it sends no more lines.
  public mutating func finish(_ source: Int) {
    sources[source].hasEnded = true
    starving.remove(source)
  }

  /// The next step: a line, the source the merge waits for, or the end. O(log k) for k sources.
  public mutating func next() -> Step {
    if let waiting = starving.min() { return .needs(source: waiting) }
    guard let source = popMin() else { return .finished }
    let line = sources[source].lines[sources[source].head]
    sources[source].head += 1
    if let time = line.timestamp { sources[source].lastTime = time }
    if sources[source].isEmpty {
      sources[source].lines.removeAll(keepingCapacity: true)
      sources[source].head = 0
      if !sources[source].hasEnded { starving.insert(source) }
    } else {
      push(source)
    }
    return .line(source: source, line)
  }

  /// Merges whole histories at once (stable for equal times).
  public static func merge(_ histories: [[LogLine]]) -> [(source: Int, line: LogLine)] {
    var merger = LogMerger(sourceCount: histories.count)
    for (source, lines) in histories.enumerated() {
      merger.append(lines, from: source)
      merger.finish(source)
    }
    var merged: [(source: Int, line: LogLine)] = []
    while case .line(let source, let line) = merger.next() { merged.append((source, line)) }
    return merged
  }

  // MARK: The heap

  private func key(_ source: Int) -> (Date, Int) {
    let state = sources[source]
    return (state.lines[state.head].timestamp ?? state.lastTime, source)
  }

  private func less(_ a: Int, _ b: Int) -> Bool { key(a) < key(b) }

  private mutating func push(_ source: Int) {
    heap.append(source)
    var child = heap.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard less(heap[child], heap[parent]) else { break }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  private mutating func popMin() -> Int? {
    guard let first = heap.first else { return nil }
    let last = heap.removeLast()
    if !heap.isEmpty {
      heap[0] = last
      var parent = 0
      while true {
        let left = 2 * parent + 1
        let right = left + 1
        var smallest = parent
        if left < heap.count, less(heap[left], heap[smallest]) { smallest = left }
        if right < heap.count, less(heap[right], heap[smallest]) { smallest = right }
        if smallest == parent { break }
        heap.swapAt(parent, smallest)
        parent = smallest
      }
    }
    return first
  }
}
