import DockerEngine
import Dispatch
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#endif

/// What a terminal session needs of a hijacked connection (`HijackedConnection`; a fake in tests).
protocol SessionStream: AnyObject {
  /// The socket, for `poll`.
  var socket: Int32 { get }
  /// The bytes available now; `[]` when none, nil when the engine closed the stream.
  func readAvailable() throws -> [UInt8]?
  /// Writes every byte.
  func write(_ bytes: [UInt8]) throws
}

extension HijackedConnection: SessionStream {}

/// An interactive session on the user's terminal: stdin in raw mode bridged to a hijacked
/// connection (exec or attach), until the process ends, the engine detaches, or Berth is told
/// to quit. The caller suspends curses first and resumes it after; the terminal's own mode is
/// always put back, on every path.
struct TerminalSession {
  /// How the session ended.
  enum End: Equatable {
    /// The engine closed the stream (the process ended, or the user detached).
    case closed
    /// SIGINT/SIGTERM/SIGHUP reached Berth.
    case quitRequested
    /// Reading or writing failed.
    case failed(String)
  }

  let connection: any SessionStream
  /// Whether the stream is multiplexed (attach to a container without a TTY).
  let isMultiplexed: Bool
  /// Wakes the loop (the mailbox pipe, where the signal handlers write).
  let wakeDescriptor: Int32
  /// Called with the terminal's size at the start and after every resize.
  let onResize: (_ columns: Int, _ rows: Int) -> Void
  /// Where keystrokes come from and where the process's output goes (the terminal; pipes in tests).
  var inputDescriptor = STDIN_FILENO
  var outputDescriptor = STDOUT_FILENO
  var errorDescriptor = STDERR_FILENO
  /// Most bytes taken from the connection per turn; then the keyboard, signals and resizes are
  /// looked at again, so a flood of output cannot starve them.
  var drainBytesPerTurn = 64 << 10
  /// Turns in a row in which `poll` said the connection was readable but reading gave nothing
  /// ("again") before the session gives up instead of spinning.
  var againLimit = 10_000
  /// Where "quit requested" and "resized" are read (the process's signal handlers).
  var signals: any SignalSource = ProcessSignals()

  /// The terminal's size in cells, from the kernel.
  static func terminalSize() -> (columns: Int, rows: Int)? {
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
    return (Int(size.ws_col), Int(size.ws_row))
  }

  func run() -> End {
    var saved = termios()
    let hasTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
    if hasTerminal {
      var raw = saved
      cfmakeraw(&raw)
      tcsetattr(STDIN_FILENO, TCSANOW, &raw)
    }
    defer {
      if hasTerminal { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
    }
    if let size = Self.terminalSize() { onResize(size.columns, size.rows) }
    var demultiplexer = LogDemultiplexer()
    var input = [UInt8](repeating: 0, count: 4096)
    var scratch = [UInt8](repeating: 0, count: 64)
    var emptyReadyTurns = 0
    // Once the keyboard's end is closed (EOF), it is no longer polled: it would be ready forever.
    var isInputOpen = true
    while true {
      if signals.isQuitRequested { return .quitRequested }
      if signals.takeResize() {
        if let size = Self.terminalSize() { onResize(size.columns, size.rows) }
      }
      // Take what the engine has, up to a bound per turn (TLS may hold decrypted bytes the
      // socket no longer shows, so read until "again" or the bound, not only after poll).
      var drained = 0
      do {
        while drained < drainBytesPerTurn, !signals.isQuitRequested {
          guard let bytes = try connection.readAvailable() else { return .closed }
          if bytes.isEmpty { break }
          drained += bytes.count
          if isMultiplexed {
            for frame in demultiplexer.feed(bytes) {
              writeAll(frame.stream == .stderr ? errorDescriptor : outputDescriptor, frame.bytes)
            }
          } else {
            writeAll(outputDescriptor, bytes)
          }
        }
      } catch {
        return .failed((error as? DockerEngineError)?.message ?? "\(error)")
      }
      var descriptors = [
        pollfd(fd: isInputOpen ? inputDescriptor : -1, events: Int16(POLLIN), revents: 0),
        pollfd(fd: connection.socket, events: Int16(POLLIN), revents: 0),
        pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0),
      ]
      // More output may be waiting: only glance at the keyboard; else sleep until something happens.
      _ = poll(&descriptors, 3, drained >= drainBytesPerTurn ? 0 : 1000)
      if drained == 0, descriptors[1].revents != 0 {
        emptyReadyTurns += 1
        if emptyReadyTurns >= againLimit {
          return .failed(
            "The connection to the engine kept answering \"try again\" (\(againLimit) times in a row while ready); the session was closed.")
        }
      } else {
        emptyReadyTurns = 0
      }
      if descriptors[2].revents != 0 { _ = read(wakeDescriptor, &scratch, scratch.count) }
      if descriptors[0].revents & Int16(POLLIN | POLLHUP) != 0 {
        let count = read(inputDescriptor, &input, input.count)
        if count == 0 { isInputOpen = false }
        if count > 0 {
          do { try connection.write(Array(input.prefix(count))) } catch {
            return .failed((error as? DockerEngineError)?.message ?? "\(error)")
          }
        }
      }
    }
  }

  private func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { buffer in
      guard let base = buffer.baseAddress else { return }
      var offset = 0
      while offset < buffer.count {
        let written = write(descriptor, base + offset, buffer.count - offset)
        // A signal interrupts a write blocked on a slow terminal: carry on unless it asks to quit.
        if written < 0, errno == EINTR, !signals.isQuitRequested { continue }
        if written <= 0 { return }
        offset += written
      }
    }
  }
}

/// Runs async engine calls from the UI thread (which is not part of the cooperative pool).
func blocking<Value: Sendable>(_ operation: @escaping @Sendable () async throws -> Value) throws -> Value {
  let box = ResultBox<Value>()
  let semaphore = DispatchSemaphore(value: 0)
  Task {
    do { box.result = .success(try await operation()) } catch { box.result = .failure(error) }
    semaphore.signal()
  }
  semaphore.wait()
  guard let result = box.result else { throw CancellationError() }
  return try result.get()
}

/// Carries a result from a task to the thread waiting for it (the semaphore orders the accesses).
private final class ResultBox<Value>: @unchecked Sendable {
  var result: Result<Value, any Error>?
}
