import Synchronization
import TerminalUI

#if canImport(Glibc)
  import Glibc
#endif

/// Puts the terminal back from a signal handler and ends the process by that signal.
///
/// A signal handler may only make async-signal-safe calls: no allocation, no locks, nothing of
/// the Swift runtime that allocates. So `arm(_:)` copies the restore bytes and the saved terminal
/// modes into memory allocated once, when the terminal is taken, and `restoreTerminal()` does no
/// more than `write(2)` and `tcsetattr`; `die(by:)` no more than `sigaction`, `pthread_sigmask`
/// and `raise`. This file and `Signals` hold the only global mutable state the handlers need.
enum EmergencyRestore {
  /// What the handlers read; in memory allocated once and never freed.
  private struct State {
    /// Room for `TerminalRestoration.maximumCount` bytes.
    var bytes: UnsafeMutablePointer<UInt8>
    var count: Int
    var modes: termios
    var hasModes: Bool
  }

  nonisolated(unsafe) private static let state: UnsafeMutablePointer<State> = {
    let state = UnsafeMutablePointer<State>.allocate(capacity: 1)
    state.initialize(
      to: State(
        bytes: .allocate(capacity: TerminalRestoration.maximumCount), count: 0, modes: termios(),
        hasModes: false))
    return state
  }()

  /// Whether `state` describes a terminal Berth has taken and not yet given back. Claimed with an
  /// exchange, so two handlers running at once restore only once.
  private static let isArmed = Atomic<Bool>(false)

  /// Makes the handlers restore `restoration` (call when the terminal is taken).
  static func arm(_ restoration: TerminalRestoration) {
    isArmed.store(false, ordering: .sequentiallyConsistent)
    let count = min(restoration.bytes.count, TerminalRestoration.maximumCount)
    let state = Self.state
    restoration.bytes.withUnsafeBufferPointer { bytes in
      if let base = bytes.baseAddress { state.pointee.bytes.update(from: base, count: count) }
    }
    state.pointee.count = count
    state.pointee.hasModes = restoration.savedModes != nil
    state.pointee.modes = restoration.savedModes ?? termios()
    isArmed.store(true, ordering: .sequentiallyConsistent)
  }

  /// Stops the handlers restoring (call once the terminal has been given back in order).
  static func disarm() {
    isArmed.store(false, ordering: .sequentiallyConsistent)
  }

  /// Writes the restore bytes to standard output and puts the saved terminal modes back, if the
  /// terminal is armed; async-signal-safe.
  static func restoreTerminal() {
    guard isArmed.exchange(false, ordering: .sequentiallyConsistent) else { return }
    let state = Self.state
    var offset = 0
    while offset < state.pointee.count {
      let written = write(STDOUT_FILENO, state.pointee.bytes + offset, state.pointee.count - offset)
      if written > 0 {
        offset += written
      } else if written < 0 && errno == EINTR {
        continue
      } else {
        break
      }
    }
    if state.pointee.hasModes { _ = tcsetattr(STDIN_FILENO, TCSANOW, &state.pointee.modes) }
  }

  /// Ends the process by `signal` with its default action (so the shell sees 128 + `signal`):
  /// resets its handler, unblocks it and raises it; async-signal-safe.
  static func die(by signal: Int32) -> Never {
    var action = sigaction()
    sigemptyset(&action.sa_mask)
    sigaction(signal, &action, nil)
    var unblocked = sigset_t()
    sigemptyset(&unblocked)
    sigaddset(&unblocked, signal)
    pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    raise(signal)
    // Not reached for the signals Berth handles, whose default action ends the process.
    _exit(128 + signal)
  }
}
