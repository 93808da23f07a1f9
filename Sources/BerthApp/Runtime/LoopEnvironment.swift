import FoundationEssentials
import TerminalUI

#if canImport(Glibc)
  import Glibc
#endif

/// Where the loop learns that the user asked to quit with a signal or that the window changed
/// size. The process's handlers (`Signals`) in the app; a value the test sets in tests.
protocol SignalSource: Sendable {
  /// Whether a graceful signal (SIGINT, SIGTERM, SIGHUP) asked the loop to quit.
  var isQuitRequested: Bool { get }
  /// Whether the window changed size since the last call; clears it.
  func takeResize() -> Bool
}

/// The process's signal handlers, read through the async-signal-safe flags they set.
struct ProcessSignals: SignalSource {
  var isQuitRequested: Bool { Signals.quitRequested != 0 }

  func takeResize() -> Bool {
    guard Signals.resizeRequested != 0 else { return false }
    Signals.resizeRequested = 0
    return true
  }
}

/// The loop's clocks: a monotonic one for frame pacing and the wall clock the views show ages by.
protocol LoopClock: Sendable {
  /// Monotonic time, for pacing frames.
  var now: ContinuousClock.Instant { get }
  /// The wall-clock time of a frame (uptimes, "5 minutes ago").
  var date: Date { get }
}

/// The machine's clocks.
struct SystemLoopClock: LoopClock {
  var now: ContinuousClock.Instant { .now }
  var date: Date { Date() }
}

/// What the loop needs from outside besides the terminal and the app's parts: injected, so a
/// test runs the whole loop on a test backend.
struct LoopEnvironment {
  /// Readable when the terminal has input: standard input, or a test backend's link.
  var inputDescriptor: Int32
  var signals: any SignalSource
  var clock: any LoopClock
  /// Characters the views draw with (from the locale).
  var glyphs: GlyphSet
  /// Where a shell or an attach (`e`, `a`) reads keys and writes its output while it has the
  /// terminal: standard input and output; pipes in tests.
  var sessionInput = STDIN_FILENO
  var sessionOutput = STDOUT_FILENO

  /// The real terminal's: standard input, the process's signals, the machine's clocks.
  static func process(glyphs: GlyphSet) -> LoopEnvironment {
    LoopEnvironment(inputDescriptor: STDIN_FILENO, signals: ProcessSignals(), clock: SystemLoopClock(), glyphs: glyphs)
  }
}
