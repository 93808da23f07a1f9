import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Signal plumbing for the UI loop.
///
/// - SIGINT, SIGTERM, SIGHUP ask the loop to quit in order (curses' `endwin`, followers
///   cancelled); `finishQuit()` then ends the process by that signal. A second such signal, or
///   the loop not done within `orderlyQuitLimit` seconds (SIGALRM), takes the emergency path.
/// - SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGTRAP (a Swift runtime trap is
///   SIGILL, from `ud2`, on x86_64) restore the terminal in the handler (`EmergencyRestore`), on
///   an alternate stack so a stack overflow still runs it, and end the process by the signal.
/// - SIGWINCH wakes the loop (after curses' own handler).
///
/// Handlers only touch atomics, `previousWinch`, `write(2)` to the wake pipe, `alarm`, and
/// `EmergencyRestore`.
enum Signals {
  /// The signals that ask for an orderly quit.
  static let graceful: [Int32] = [SIGINT, SIGTERM, SIGHUP]
  /// The signals that end the process at once, after the terminal is restored.
  static let fatal: [Int32] = [SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP]
  /// Seconds the orderly quit may take before the emergency path ends the process.
  static let orderlyQuitLimit: UInt32 = 3

  private static let wake = Atomic<Int32>(-1)
  private static let quit = Atomic<Int32>(0)
  private static let resize = Atomic<Int32>(0)
  /// The graceful signal that asked to quit, 0 if none.
  private static let quitSignal = Atomic<Int32>(0)
  /// Curses' SIGWINCH handler, which ours calls first (set by `install` before any SIGWINCH).
  nonisolated(unsafe) static var previousWinch: (@convention(c) (Int32) -> Void)?
  /// The UI thread's alternate signal stack, allocated once.
  nonisolated(unsafe) private static let alternateStack: (base: UnsafeMutableRawPointer, size: Int) = {
    let size = max(64 << 10, Int(MINSIGSTKSZ))
    return (UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16), size)
  }()

  /// Where the handlers write a byte to wake the loop (the mailbox pipe).
  static var wakeDescriptor: Int32 {
    get { wake.load(ordering: .relaxed) }
    set { wake.store(newValue, ordering: .relaxed) }
  }

  /// Non-zero once a graceful signal asked the loop to quit.
  static var quitRequested: sig_atomic_t {
    get { quit.load(ordering: .relaxed) }
    set { quit.store(newValue, ordering: .relaxed) }
  }

  /// Non-zero after SIGWINCH, until the loop resets it.
  static var resizeRequested: sig_atomic_t {
    get { resize.load(ordering: .relaxed) }
    set { resize.store(newValue, ordering: .relaxed) }
  }

  /// Installs every handler above; call on the UI thread (the alternate stack is that thread's),
  /// after curses has taken the terminal: curses installs its SIGWINCH handler only where none is
  /// set, and this one calls it.
  static func install(wakeDescriptor: Int32) {
    Signals.wakeDescriptor = wakeDescriptor
    quitRequested = 0
    resizeRequested = 0
    quitSignal.store(0, ordering: .sequentiallyConsistent)
    alarm(0)

    var stack = stack_t()
    stack.ss_sp = alternateStack.base
    stack.ss_size = alternateStack.size
    sigaltstack(&stack, nil)

    for signal in graceful {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { signal in
        let savedErrno = errno
        if Signals.quitSignal.compareExchange(expected: 0, desired: signal, ordering: .sequentiallyConsistent).exchanged {
          Signals.quitRequested = 1
          Signals.poke()
          alarm(Signals.orderlyQuitLimit)
        } else {
          EmergencyRestore.restoreTerminal()
          EmergencyRestore.die(by: signal)
        }
        errno = savedErrno
      }
      sigemptyset(&action.sa_mask)
      sigaction(signal, &action, nil)
    }

    var limit = sigaction()
    limit.__sigaction_handler.sa_handler = { signal in
      EmergencyRestore.restoreTerminal()
      let pending = Signals.quitSignal.load(ordering: .sequentiallyConsistent)
      EmergencyRestore.die(by: pending != 0 ? pending : signal)
    }
    sigfillset(&limit.sa_mask)
    sigaction(SIGALRM, &limit, nil)

    for signal in fatal {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { signal in
        EmergencyRestore.restoreTerminal()
        EmergencyRestore.die(by: signal)
      }
      action.sa_flags = SA_ONSTACK
      sigfillset(&action.sa_mask)
      sigaction(signal, &action, nil)
    }

    var winch = sigaction()
    var previous = sigaction()
    winch.__sigaction_handler.sa_handler = { signal in
      let savedErrno = errno
      Signals.previousWinch?(signal)
      Signals.resizeRequested = 1
      Signals.poke()
      errno = savedErrno
    }
    sigemptyset(&winch.sa_mask)
    sigaction(SIGWINCH, &winch, &previous)
    let handler = previous.__sigaction_handler.sa_handler
    // SIG_DFL and SIG_IGN are small integers, not functions.
    if let handler, unsafeBitCast(handler, to: Int.self) > 1 { previousWinch = handler }
  }

  /// Puts the default handlers back for SIGINT, SIGTERM and SIGHUP and drops the alternate stack
  /// (call on the thread that installed, after the terminal is given back). The fatal and SIGALRM
  /// handlers stay: once `EmergencyRestore` is disarmed they only end the process by the signal,
  /// and SIGALRM still bounds an orderly quit until `finishQuit()`.
  static func uninstall() {
    for signal in graceful { Glibc.signal(signal, SIG_DFL) }
    var stack = stack_t()
    stack.ss_flags = Int32(SS_DISABLE)
    sigaltstack(&stack, nil)
    wakeDescriptor = -1
  }

  /// Ends the process by the graceful signal that asked to quit, if one did (call after the
  /// orderly shutdown, when the terminal is back); returns otherwise.
  static func finishQuit() {
    let signal = quitSignal.load(ordering: .sequentiallyConsistent)
    guard signal != 0 else { return }
    EmergencyRestore.restoreTerminal()
    EmergencyRestore.die(by: signal)
  }

  private static func poke() {
    var byte: UInt8 = 2
    let descriptor = wakeDescriptor
    if descriptor >= 0 { _ = write(descriptor, &byte, 1) }
  }
}
