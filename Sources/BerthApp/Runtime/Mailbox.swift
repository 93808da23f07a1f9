import DequeModule
import DockerEngine
import FoundationEssentials
import Glibc

/// Events posted from any thread to the UI loop, which sleeps in `poll` until one arrives.
///
/// A self-pipe wakes the loop; consecutive snapshots are coalesced (only the newest is kept),
/// so a burst of engine events costs one redraw. Log lines are bounded by a `LogBudget` (the
/// logs pane's): while the loop does not drain (a shell session) and followers keep posting,
/// the oldest queued lines are dropped and counted, and the drain reports the count per
/// generation (`logLinesSkipped`) before the lines that were kept.
final class Mailbox: @unchecked Sendable {
  /// Queued log lines of one post, in posting order among the other events.
  private struct LogBatch {
    var order: Int
    var lines: ArraySlice<LogLine>
    var source: String
    var sourceIndex: Int
    var generation: Int
  }

  private let lock = Lock()
  private let logBudget: LogBudget
  private var events: [(order: Int, event: AppEvent)] = []
  private var logBatches: Deque<LogBatch> = []
  private var nextOrder = 0
  private var pendingSnapshot: AppEvent?
  /// Lines queued and what they cost against `logBudget.bytes`.
  private var queuedLogLines = 0
  private var queuedLogBytes = 0
  /// Lines dropped since the last drain, per generation.
  private var skippedLogLines: [Int: Int] = [:]
  /// Read end (polled by the loop) and write end of the wake-up pipe.
  let readDescriptor: Int32
  let writeDescriptor: Int32

  /// A mailbox keeping at most `logBudget`'s lines and bytes of queued log lines.
  init(logBudget: LogBudget = LogBudget()) {
    self.logBudget = logBudget
    var fds: [Int32] = [0, 0]
    if pipe(&fds) != 0 { fds = [-1, -1] }
    readDescriptor = fds[0]
    writeDescriptor = fds[1]
    for fd in fds where fd >= 0 {
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }
  }

  deinit {
    close(readDescriptor)
    close(writeDescriptor)
  }

  /// Queues an event and wakes the loop.
  func post(_ event: AppEvent) {
    lock.withLock {
      switch event {
      case .snapshot:
        pendingSnapshot = event
      case .logLines(let lines, let source, let sourceIndex, let generation):
        queue(lines, source: source, sourceIndex: sourceIndex, generation: generation)
      default:
        events.append((nextOrder, event))
        nextOrder += 1
      }
    }
    wake()
  }

  /// Queues lines (each cut to `LogBudget.lineBytes`), then drops the oldest queued lines
  /// beyond the budget. Called with the lock held.
  private func queue(_ lines: [LogLine], source: String, sourceIndex: Int, generation: Int) {
    let kept = lines.suffix(logBudget.lines).map { LogBudget.cut($0) }
    skippedLogLines[generation, default: 0] += lines.count - kept.count
    guard !kept.isEmpty else { return }
    logBatches.append(LogBatch(order: nextOrder, lines: kept[...], source: source, sourceIndex: sourceIndex, generation: generation))
    nextOrder += 1
    queuedLogLines += kept.count
    queuedLogBytes += kept.reduce(0) { $0 + LogBudget.cost(ofTextBytes: $1.bytes.count) }
    while queuedLogLines > logBudget.lines || queuedLogBytes > logBudget.bytes, var oldest = logBatches.first {
      let line = oldest.lines.removeFirst()
      queuedLogLines -= 1
      queuedLogBytes -= LogBudget.cost(ofTextBytes: line.bytes.count)
      skippedLogLines[oldest.generation, default: 0] += 1
      if oldest.lines.isEmpty {
        logBatches.removeFirst()
      } else {
        logBatches[logBatches.startIndex] = oldest
      }
    }
  }

  /// Wakes the loop without an event (e.g. after a signal).
  func wake() {
    var byte: UInt8 = 1
    _ = write(writeDescriptor, &byte, 1)
  }

  /// Takes every queued event: the newest snapshot first, then how many log lines were skipped
  /// per generation, then the rest in the order posted.
  func drain() -> [AppEvent] {
    var buffer = [UInt8](repeating: 0, count: 256)
    while read(readDescriptor, &buffer, buffer.count) > 0 {}
    return lock.withLock {
      var drained = pendingSnapshot.map { [$0] } ?? []
      for (generation, count) in skippedLogLines.sorted(by: { $0.key < $1.key }) where count > 0 {
        drained.append(.logLinesSkipped(count, generation: generation))
      }
      var eventIndex = events.startIndex
      for batch in logBatches {
        while eventIndex < events.endIndex, events[eventIndex].order < batch.order {
          drained.append(events[eventIndex].event)
          eventIndex += 1
        }
        drained.append(.logLines(Array(batch.lines), source: batch.source, sourceIndex: batch.sourceIndex, generation: batch.generation))
      }
      drained += events[eventIndex...].map(\.event)
      events.removeAll(keepingCapacity: true)
      logBatches.removeAll()
      pendingSnapshot = nil
      skippedLogLines.removeAll()
      queuedLogLines = 0
      queuedLogBytes = 0
      return drained
    }
  }
}
