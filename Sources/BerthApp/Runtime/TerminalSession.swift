import DockerEngine
import Dispatch
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

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

  let connection: HijackedConnection
  /// Whether the stream is multiplexed (attach to a container without a TTY).
  let isMultiplexed: Bool
  /// Wakes the loop (the mailbox pipe, where the signal handlers write).
  let wakeDescriptor: Int32
  /// Called with the terminal's size at the start and after every resize.
  let onResize: (_ columns: Int, _ rows: Int) -> Void

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
    while true {
      if Signals.quitRequested != 0 { return .quitRequested }
      if Signals.resizeRequested != 0 {
        Signals.resizeRequested = 0
        if let size = Self.terminalSize() { onResize(size.columns, size.rows) }
      }
      // Drain what the engine has (TLS may hold decrypted bytes the socket no longer shows).
      var isClosed = false
      do {
        while true {
          guard let bytes = try connection.readAvailable() else {
            isClosed = true
            break
          }
          if bytes.isEmpty { break }
          if isMultiplexed {
            for frame in demultiplexer.feed(bytes) {
              writeAll(frame.stream == .stderr ? STDERR_FILENO : STDOUT_FILENO, frame.bytes)
            }
          } else {
            writeAll(STDOUT_FILENO, bytes)
          }
        }
      } catch {
        return .failed((error as? DockerEngineError)?.message ?? "\(error)")
      }
      if isClosed { return .closed }
      var descriptors = [
        pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
        pollfd(fd: connection.socket, events: Int16(POLLIN), revents: 0),
        pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0),
      ]
      _ = poll(&descriptors, 3, 1000)
      if descriptors[2].revents != 0 { _ = read(wakeDescriptor, &scratch, scratch.count) }
      if descriptors[0].revents & Int16(POLLIN) != 0 {
        let count = read(STDIN_FILENO, &input, input.count)
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
