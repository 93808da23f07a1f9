/// An in-memory backend for tests: applies changes to a `Screen`, records every
/// flushed frame, and replays scripted input.
public struct TestBackend: TerminalBackend, Sendable {
  /// The current size.
  public private(set) var size: Size
  /// What the terminal shows after the last draw.
  public private(set) var screen: Screen
  /// The screen at each flush, oldest first.
  public private(set) var frames: [Screen] = []
  /// The changes sent before each flush, one array per flush.
  public private(set) var flushedChanges: [[CellChange]] = []
  /// Whether the cursor is visible.
  public private(set) var isCursorVisible = true
  /// How many times `clear()` was called.
  public private(set) var clearCount = 0
  /// Events still to be returned by `readEvent`, next one first.
  public var scriptedEvents: [InputEvent]
  /// Input sent and frames seen across threads, when a loop owns this backend.
  public let link: TestBackendLink?
  /// Whether the terminal is handed to another program (between `suspend()` and `resume()`).
  public private(set) var isSuspended = false
  private var pendingChanges: [CellChange] = []

  /// Creates a backend of `width`×`height` that will replay `events`.
  /// Creates a backend of `width`×`height` that will replay `events`, then read what is sent
  /// through `link`, and report its frames there.
  public init(width: Int, height: Int, events: [InputEvent] = [], link: TestBackendLink? = nil) {
    size = Size(width: width, height: height)
    screen = Screen(size: size)
    scriptedEvents = events
    self.link = link
  }

  /// How many frames were flushed.
  public var flushCount: Int { frames.count }

  /// Applies the changes to `screen`; changes outside the grid are ignored.
  public mutating func draw(_ changes: [CellChange]) {
    pendingChanges += changes
    for change in changes {
      screen.put(
        String(change.cell.character), x: change.x, y: change.y,
        style: change.cell.style,
        maxWidth: change.cell.width)
    }
  }

  /// Records cursor visibility.
  public mutating func setCursorVisible(_ isVisible: Bool) {
    isCursorVisible = isVisible
  }

  /// Blanks the screen.
  public mutating func clear() {
    screen.clear()
    clearCount += 1
  }

  /// Records a frame.
  public mutating func flush() {
    frames.append(screen)
    flushedChanges.append(pendingChanges)
    pendingChanges = []
    link?.record(screen)
  }

  /// Returns the next scripted event (a resize also changes `size`), or `nil`
  /// when the script is done.
  public mutating func readEvent(timeout: Duration?) -> InputEvent? {
    let event: InputEvent
    if !scriptedEvents.isEmpty {
      event = scriptedEvents.removeFirst()
    } else if let next = link?.next() {
      event = next
    } else {
      return nil
    }
    if case .resize(let width, let height) = event {
      resize(width: width, height: height)
    }
    return event
  }

  /// Drops the scripted and linked input not read yet.
  public mutating func discardPendingInput() {
    scriptedEvents.removeAll()
    link?.discard()
  }

  /// Records that the terminal was handed over.
  public mutating func suspend() {
    isSuspended = true
    link?.recordSuspension()
  }

  /// Records that the terminal was taken back.
  public mutating func resume() {
    isSuspended = false
  }

  /// Simulates the terminal changing size (content is kept where it fits, as
  /// terminals do).
  public mutating func resize(width: Int, height: Int) {
    size = Size(width: width, height: height)
    screen.resize(to: size)
  }
}
