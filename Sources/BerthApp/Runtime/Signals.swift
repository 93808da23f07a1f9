#if canImport(Glibc)
import Glibc
#endif

/// Signal plumbing for the UI loop: handlers only set flags and write one byte to the wake pipe.
enum Signals {
  nonisolated(unsafe) static var wakeDescriptor: Int32 = -1
  nonisolated(unsafe) static var quitRequested: sig_atomic_t = 0
  nonisolated(unsafe) static var resizeRequested: sig_atomic_t = 0
  nonisolated(unsafe) static var previousWinch: (@convention(c) (Int32) -> Void)?

  /// Routes SIGINT/SIGTERM/SIGHUP to a quit request and SIGWINCH to a wake-up (after curses' own handler).
  static func install(wakeDescriptor: Int32) {
    Signals.wakeDescriptor = wakeDescriptor
    quitRequested = 0
    resizeRequested = 0
    for signal in [SIGINT, SIGTERM, SIGHUP] {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { _ in
        Signals.quitRequested = 1
        Signals.poke()
      }
      sigemptyset(&action.sa_mask)
      sigaction(signal, &action, nil)
    }
    var winch = sigaction()
    var previous = sigaction()
    winch.__sigaction_handler.sa_handler = { signal in
      Signals.previousWinch?(signal)
      Signals.resizeRequested = 1
      Signals.poke()
    }
    sigemptyset(&winch.sa_mask)
    sigaction(SIGWINCH, &winch, &previous)
    let handler = previous.__sigaction_handler.sa_handler
    // SIG_DFL and SIG_IGN are small integers, not functions.
    if let handler, unsafeBitCast(handler, to: Int.self) > 1 { previousWinch = handler }
  }

  /// Puts the default handlers back.
  static func uninstall() {
    for signal in [SIGINT, SIGTERM, SIGHUP] { Glibc.signal(signal, SIG_DFL) }
    wakeDescriptor = -1
  }

  private static func poke() {
    var byte: UInt8 = 2
    if wakeDescriptor >= 0 { _ = write(wakeDescriptor, &byte, 1) }
  }
}
