import DequeModule
import FoundationEssentials

/// A stream from the engine that goes no faster than its reader: at most `capacity` elements
/// wait unread, and past that the transfer pauses (curl stops reading the socket, so the engine's
/// writes wait in the kernel's buffers) until the reader has taken half of them.
///
/// For readers that must see every element but may be slower than the engine, such as
/// `berth logs` writing to a pipe nobody reads yet: memory stays bounded and nothing is dropped.
/// Dropping the stream (or cancelling the task reading it) stops the transfer.
public final class PacedStream<Element: Sendable>: AsyncSequence, Sendable {
  let buffer: PacedBuffer<Element>

  init(buffer: PacedBuffer<Element>) {
    self.buffer = buffer
  }

  deinit { buffer.cancel() }

  /// The most elements that were ever waiting unread at once (at most `capacity`).
  public var peakBuffered: Int { buffer.peakCount }

  /// Whether the transfer is held until the reader catches up.
  var isPaused: Bool { buffer.isHeld }

  /// Elements waiting unread.
  var bufferedCount: Int { buffer.count }

  /// Makes the stream's one iterator.
  public func makeAsyncIterator() -> Iterator { Iterator(stream: self) }

  /// Reads the stream in order.
  public struct Iterator: AsyncIteratorProtocol {
    let stream: PacedStream

    /// The next element; nil at the end of the stream, or when the reading task is cancelled.
    public mutating func next() async throws -> Element? { try await stream.buffer.next() }
  }
}

/// The elements between a transfer (the loop thread) and its reader (any task).
final class PacedBuffer<Element: Sendable>: StreamSink, @unchecked Sendable {
  private let lock = Lock()
  private let capacity: Int
  private var elements = Deque<Element>()
  private var isPaused = false
  private var ended = false
  private var failure: (any Error)?
  private var waiter: CheckedContinuation<Element?, any Error>?
  private var resumeTransfer: (@Sendable () -> Void)?
  private var cancelTransfer: (@Sendable () -> Void)?
  private var peak = 0

  /// What a read finds.
  private enum Step {
    case element(Element)
    case end
    case failed(any Error)
    case wait
  }

  init(capacity: Int) {
    self.capacity = max(2, capacity)
  }

  /// Connects the buffer to its transfer (until it ends: the closures hold the transfer).
  func attach(resume: @escaping @Sendable () -> Void, cancel: @escaping @Sendable () -> Void) {
    lock.withLock {
      guard !ended else { return }
      resumeTransfer = resume
      cancelTransfer = cancel
    }
  }

  var peakCount: Int { lock.withLock { peak } }
  var isHeld: Bool { lock.withLock { isPaused } }
  var count: Int { lock.withLock { elements.count } }

  // MARK: The transfer's side (loop thread)

  var isFull: Bool {
    lock.withLock {
      if elements.count >= capacity { isPaused = true }
      return isPaused
    }
  }

  func yield(_ new: [Element]) -> Bool {
    guard !new.isEmpty else { return true }
    let (isOpen, handOver) = lock.withLock { () -> (Bool, (CheckedContinuation<Element?, any Error>, Element)?) in
      // Ended early: the reader cancelled, and the transfer is being stopped.
      if ended { return (false, nil) }
      var rest = new[...]
      var handOver: (CheckedContinuation<Element?, any Error>, Element)?
      if let waiter {
        self.waiter = nil
        handOver = (waiter, rest.removeFirst())
      }
      elements.append(contentsOf: rest)
      peak = max(peak, elements.count)
      return (true, handOver)
    }
    if let (waiter, first) = handOver { waiter.resume(returning: first) }
    return isOpen
  }

  func finish(throwing error: (any Error)?) {
    let waiter = lock.withLock { () -> CheckedContinuation<Element?, any Error>? in
      guard !ended else { return nil }
      ended = true
      failure = error
      resumeTransfer = nil
      cancelTransfer = nil
      defer { self.waiter = nil }
      return self.waiter
    }
    if let error { waiter?.resume(throwing: error) } else { waiter?.resume(returning: nil) }
  }

  // MARK: The reader's side

  /// Stops the transfer; the reader sees the end of the stream.
  func cancel() {
    let cancel = lock.withLock { cancelTransfer }
    if let cancel { cancel() } else { finish(throwing: nil) }
  }

  func next() async throws -> Element? {
    let take = { [self] () -> (Step, (@Sendable () -> Void)?) in
      if let element = elements.popFirst() {
        // Half empty again: let the transfer read on.
        if isPaused, elements.count <= capacity / 2 {
          isPaused = false
          return (.element(element), resumeTransfer)
        }
        return (.element(element), nil)
      }
      if ended {
        if let failure {
          self.failure = nil
          return (.failed(failure), nil)
        }
        return (.end, nil)
      }
      return (.wait, nil)
    }
    let (step, resume) = lock.withLock(take)
    resume?()
    switch step {
    case .element(let element): return element
    case .end: return nil
    case .failed(let error): throw error
    case .wait: break
    }
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { continuation in
        let (step, resume) = lock.withLock { () -> (Step, (@Sendable () -> Void)?) in
          let result = take()
          if case .wait = result.0 { waiter = continuation }
          return result
        }
        resume?()
        switch step {
        case .element(let element): continuation.resume(returning: element)
        case .end: continuation.resume(returning: nil)
        case .failed(let error): continuation.resume(throwing: error)
        case .wait: break
        }
      }
    } onCancel: {
      cancel()
    }
  }
}
