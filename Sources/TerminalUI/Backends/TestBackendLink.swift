import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// What connects a `TestBackend` owned by a loop on another thread to the test driving it: input
/// the test sends (read by the backend in order), and every frame the backend flushes.
///
/// A pipe tells a `poll`ing loop that input is waiting: it holds a byte exactly while events are
/// queued (`inputDescriptor` is readable then, as standard input is when keys were typed).
public final class TestBackendLink: Sendable {
  private struct State {
    var input: [InputEvent] = []
    var frames: [Screen] = []
    var discardedEvents = 0
    var suspensions = 0
    var observers: [Int: @Sendable (Screen) -> Void] = [:]
    var nextObserver = 0
  }

  private let state = Mutex(State())
  /// Readable while input is queued; poll it as the terminal's input.
  public let inputDescriptor: Int32
  private let writeDescriptor: Int32

  /// A link with no input queued and no frames.
  public init() {
    var fds: [Int32] = [-1, -1]
    _ = pipe(&fds)
    for fd in fds where fd >= 0 {
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }
    inputDescriptor = fds[0]
    writeDescriptor = fds[1]
  }

  deinit {
    close(inputDescriptor)
    close(writeDescriptor)
  }

  /// Queues input for the backend to read, after what is queued already.
  public func send(_ events: [InputEvent]) {
    guard !events.isEmpty else { return }
    state.withLock { state in
      if state.input.isEmpty { signalInput(true) }
      state.input += events
    }
  }

  /// The next queued event, if any.
  func next() -> InputEvent? {
    state.withLock { state in
      guard !state.input.isEmpty else { return nil }
      let event = state.input.removeFirst()
      if state.input.isEmpty { signalInput(false) }
      return event
    }
  }

  /// Drops every queued event (the terminal's input was discarded).
  func discard() {
    state.withLock { state in
      if !state.input.isEmpty { signalInput(false) }
      state.discardedEvents += state.input.count
      state.input.removeAll()
    }
  }

  /// Records a flushed frame and shows it to the observers.
  func record(_ frame: Screen) {
    let observers = state.withLock { state in
      state.frames.append(frame)
      return Array(state.observers.values)
    }
    for observer in observers { observer(frame) }
  }

  /// Counts a hand-over of the terminal.
  func recordSuspension() {
    state.withLock { $0.suspensions += 1 }
  }

  /// Every frame flushed so far, oldest first.
  public var frames: [Screen] { state.withLock { $0.frames } }

  /// How many queued events were thrown away by `discardPendingInput()`.
  public var discardedEventCount: Int { state.withLock { $0.discardedEvents } }

  /// How many times the terminal was handed to another program.
  public var suspensionCount: Int { state.withLock { $0.suspensions } }

  /// Whether input is queued, not yet read.
  public var hasPendingInput: Bool { state.withLock { !$0.input.isEmpty } }

  /// Calls `observer` with every frame flushed from now on (on the backend's thread); returns a
  /// token for `removeObserver(_:)`.
  public func addObserver(_ observer: @escaping @Sendable (Screen) -> Void) -> Int {
    state.withLock { state in
      state.nextObserver += 1
      state.observers[state.nextObserver] = observer
      return state.nextObserver
    }
  }

  /// Stops calling the observer `token`.
  public func removeObserver(_ token: Int) {
    _ = state.withLock { $0.observers.removeValue(forKey: token) }
  }

  /// Puts a byte in the pipe (input waiting) or takes it out.
  private func signalInput(_ isWaiting: Bool) {
    var byte: UInt8 = 1
    if isWaiting {
      _ = write(writeDescriptor, &byte, 1)
    } else {
      _ = read(inputDescriptor, &byte, 1)
    }
  }
}
