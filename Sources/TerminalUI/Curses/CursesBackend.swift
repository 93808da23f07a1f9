internal import CNCurses

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The real terminal, through ncursesw; the only type that talks to curses.
///
/// Not `Sendable`: create, use and release it on the UI thread. Call `restore()` on every exit
/// path (it is idempotent); `deinit` calls it too.
public final class CursesBackend: TerminalBackend {
  /// The current size in cells (updated on resize and `resume()`).
  public private(set) var size: Size
  /// What colours are converted to: from `COLORS` (256, 16 or 8), or `.none`
  /// under `NO_COLOR`.
  public let colorDepth: ColorDepth
  /// What puts the terminal back if the process ends without `restore()` (a fatal signal).
  public let restoration: TerminalRestoration

  private let screen: OpaquePointer
  private let window: UnsafeMutablePointer<WINDOW>
  private let hasDefaultColors: Bool
  private var pairs: ColorPairAllocator
  private var isActive = true
  private var isRestored = false

  /// Takes over the terminal: locale, `newterm`, cbreak/noecho/nonl/keypad, a
  /// 25 ms ESC delay, hidden cursor, colours unless `noColor` (default:
  /// `NO_COLOR` is set and non-empty), mouse reporting if `enablesMouse`, and
  /// bracketed paste (a paste arrives as one `InputEvent.paste`, never as keys).
  public init(enablesMouse: Bool = false, noColor: Bool? = nil)
    throws(TerminalError)
  {
    CNCurses_setlocale_all()
    var modes = termios()
    let savedModes = tcgetattr(STDIN_FILENO, &modes) == 0 ? modes : nil
    guard let screen = CNCurses_newterm_stdio(), let window = CNCurses_stdscr()
    else {
      throw TerminalError(
        message:
          "cannot initialise the terminal: is TERM set to a terminal with a terminfo entry?"
      )
    }
    self.screen = screen
    self.window = window
    restoration = TerminalRestoration(
      bytes: TerminalRestoration.sequence(for: CursesBackend.restoreCapabilities()), savedModes: savedModes)
    cbreak()
    noecho()
    nonl()
    keypad(window, true)
    set_escdelay(25)
    _ = define_key(BracketedPaste.startMarker, BracketedPaste.startKeyCode)
    _ = define_key(BracketedPaste.endMarker, BracketedPaste.endKeyCode)
    curs_set(0)
    if !(noColor ?? CursesBackend.isNoColorRequested()), has_colors() {
      start_color()
      hasDefaultColors = use_default_colors() == CNCurses_OK()
      colorDepth = ColorDepth(colorCount: Int(CNCurses_COLORS()))
      pairs = ColorPairAllocator(pairCount: Int(CNCurses_COLOR_PAIRS()))
    } else {
      hasDefaultColors = false
      colorDepth = .none
      pairs = ColorPairAllocator(pairCount: 1)
    }
    if enablesMouse {
      _ = CNCurses_mousemask(
        mmask_t(truncatingIfNeeded: KeyTranslation.mouseMask))
    }
    size = Size(
      width: Int(CNCurses_getmaxx(window)),
      height: Int(CNCurses_getmaxy(window)))
    CursesBackend.setBracketedPaste(true)
  }

  deinit {
    restore()
    delscreen(screen)
  }

  /// The current terminal's terminfo strings that `TerminalRestoration` uses.
  private static func restoreCapabilities() -> TerminalRestoration.Capabilities {
    func string(_ name: String) -> [UInt8]? {
      guard let value = CNCurses_tigetstr(name), Int(bitPattern: value) != -1 else { return nil }
      return Array(UnsafeRawBufferPointer(start: value, count: strlen(value)))
    }
    return TerminalRestoration.Capabilities(
      resetAttributes: string("sgr0"), keypadLocal: string("rmkx"), showCursor: string("cnorm"),
      exitAlternateScreen: string("rmcup"))
  }

  private static func isNoColorRequested() -> Bool {
    guard let value = getenv("NO_COLOR") else { return false }
    return value.pointee != 0
  }

  /// Writes the cells into curses' buffer, wide graphemes via
  /// `setcchar`/`mvwadd_wch`.
  public func draw(_ changes: [CellChange]) {
    let maxCharacters = Int(CNCurses_CCHARW_MAX())
    for change in changes where !change.cell.isContinuation {
      let (attributes, pair) = cursesAttributes(for: change.cell.style)
      var text = change.cell.character.unicodeScalars.prefix(maxCharacters).map { wchar_t(bitPattern: $0.value) }
      text.append(0)
      var cell = cchar_t()
      if CNCurses_setcchar(&cell, text, attributes, pair) == CNCurses_ERR() {
        _ = CNCurses_setcchar(&cell, [wchar_t(0xFFFD), 0], attributes, pair)
      }
      _ = CNCurses_mvwadd_wch(window, Int32(change.y), Int32(change.x), &cell)
    }
  }

  /// Curses attributes and pair number for a style, its colours converted to
  /// `colorDepth`.
  private func cursesAttributes(for style: Style) -> (attr_t, Int16) {
    var attributes = CNCurses_A_NORMAL()
    if style.isBold { attributes |= CNCurses_A_BOLD() }
    if style.isDim { attributes |= CNCurses_A_DIM() }
    if style.isReversed { attributes |= CNCurses_A_REVERSE() }
    if style.isUnderlined { attributes |= CNCurses_A_UNDERLINE() }
    guard colorDepth != .none else { return (attributes, 0) }
    let foreground = colorNumber(style.foreground, fallback: 7)
    let background = colorNumber(style.background, fallback: 0)
    guard
      let allocation = pairs.pair(
        foreground: foreground, background: background)
    else { return (attributes, 0) }
    if allocation.isNew {
      init_pair(Int16(allocation.pair), Int16(foreground), Int16(background))
    }
    return (attributes, Int16(allocation.pair))
  }

  private func colorNumber(_ color: Color?, fallback: Int) -> Int {
    switch (color ?? .default).converted(to: colorDepth) {
    case .default: return hasDefaultColors ? -1 : fallback
    case .indexed(let index): return Int(index)
    // Not reached: colorDepth is at most 256 colours.
    case .rgb: return fallback
    }
  }

  /// Shows or hides the cursor.
  public func setCursorVisible(_ isVisible: Bool) {
    curs_set(isVisible ? 1 : 0)
  }

  /// Clears the terminal on the next flush.
  public func clear() { wclear(window) }

  /// Sends buffered changes to the terminal.
  public func flush() { wrefresh(window) }

  /// Waits up to `timeout` (`nil`: indefinitely) for a key, mouse event, paste
  /// or resize.
  public func readEvent(timeout: Duration?) -> InputEvent? {
    wtimeout(window, timeout.map(CursesBackend.milliseconds) ?? -1)
    guard let input = nextInput() else { return nil }
    switch KeyTranslation.meaning(of: input) {
    case .key(let key):
      return .key(key)
    case .escapePrefix:
      wtimeout(window, 0)
      let next = nextInput()
      if let next, BracketedPaste.isStartMarker(afterEscape: [next]) == nil {
        // `ESC [`: perhaps a paste whose start marker arrived split, slower than curses waits
        // (only a lone Alt+[ pays this wait; a longer sequence fails the match at once).
        var read = [next]
        wtimeout(window, CursesBackend.milliseconds(BracketedPaste.idleTimeout))
        while BracketedPaste.isStartMarker(afterEscape: read) == nil, let more = nextInput() {
          read.append(more)
        }
        if BracketedPaste.isStartMarker(afterEscape: read) == true { return .paste(readPaste()) }
        // Not a marker: what followed `next` is read again on the next calls, in order.
        for input in read.dropFirst().reversed() { unread(input) }
      }
      let (key, consumesNext) = KeyTranslation.key(afterEscape: next.map(KeyTranslation.meaning))
      if !consumesNext, let next {
        // Read it again on the next call (a resize right after Escape must not be lost).
        unread(next)
      }
      return .key(key)
    case .resize:
      size = Size(
        width: Int(CNCurses_getmaxx(window)),
        height: Int(CNCurses_getmaxy(window)))
      return .resize(width: size.width, height: size.height)
    case .pasteStart:
      return .paste(readPaste())
    case .mouse:
      var event = MEVENT()
      guard CNCurses_getmouse(&event) == CNCurses_OK() else { return nil }
      let mouse = KeyTranslation.mouseEvent(
        x: Int(event.x), y: Int(event.y), buttonState: UInt(event.bstate))
      return mouse.map(InputEvent.mouse)
    case .ignored:
      return nil
    }
  }

  /// Puts an input back: the next read returns it (several: the last put back comes first).
  private func unread(_ input: CursesInput) {
    switch input {
    case .functionKey(let code): _ = ungetch(code)
    case .character(let value): _ = unget_wch(wchar_t(bitPattern: value))
    }
  }

  /// Reads the rest of a bracketed paste, up to its end marker or `BracketedPaste.idleTimeout`
  /// without input (a lost end marker must not swallow every later key).
  private func readPaste() -> String {
    var paste = BracketedPaste(resizeCode: CNCurses_KEY_RESIZE())
    wtimeout(window, CursesBackend.milliseconds(BracketedPaste.idleTimeout))
    while let input = nextInput() {
      if paste.feed(input) { break }
    }
    if !paste.isComplete { paste.finishWithoutEndMarker() }
    // A resize during the paste is reported on the next read.
    if paste.sawResize { _ = ungetch(CNCurses_KEY_RESIZE()) }
    return paste.string
  }

  /// Throws away input the terminal has sent but Berth has not read yet (curses' own buffer and
  /// the kernel's), e.g. keys typed ahead before a confirmation was on screen; re-reads the size,
  /// since a resize report may have been among them.
  public func discardPendingInput() {
    guard isActive else { return }
    flushinp()
    size = Size(
      width: Int(CNCurses_getmaxx(window)),
      height: Int(CNCurses_getmaxy(window)))
  }

  /// Asks the terminal to mark pastes (`ESC[?2004h`) or to stop (`ESC[?2004l`); written
  /// directly, after curses has flushed its own output.
  private static func setBracketedPaste(_ isOn: Bool) {
    let sequence = isOn ? "\u{1B}[?2004h" : "\u{1B}[?2004l"
    let bytes = Array(sequence.utf8)
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return -1 }
        return write(STDOUT_FILENO, base + written, buffer.count - written)
      }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { return }
      written += count
    }
  }

  private func nextInput() -> CursesInput? {
    var character: wint_t = 0
    let result = CNCurses_wget_wch(window, &character)
    if result == CNCurses_KEY_CODE_YES() {
      return .functionKey(Int32(bitPattern: UInt32(character)))
    }
    if result == CNCurses_OK() { return .character(UInt32(character)) }
    return nil
  }

  private static func milliseconds(_ duration: Duration) -> Int32 {
    let (seconds, attoseconds) = duration.components
    guard seconds >= 0 else { return 0 }
    guard seconds < Int64(Int32.max / 1000) else { return Int32.max }
    return Int32(seconds * 1000 + attoseconds / 1_000_000_000_000_000)
  }

  /// Hands the terminal back temporarily (for example to run a shell); call
  /// `resume()` afterwards.
  public func suspend() {
    guard isActive else { return }
    endwin()
    CursesBackend.setBracketedPaste(false)
    isActive = false
  }

  /// Takes the terminal back after `suspend()` and re-reads the size.
  ///
  /// The next frame must be drawn in full (`Terminal.withBackend` arranges
  /// that).
  public func resume() {
    guard !isActive, !isRestored else { return }
    CursesBackend.setBracketedPaste(true)
    wrefresh(window)
    isActive = true
    size = Size(
      width: Int(CNCurses_getmaxx(window)),
      height: Int(CNCurses_getmaxy(window)))
  }

  /// Restores the terminal for good (`endwin`); safe to call any number of
  /// times, from any exit path.
  public func restore() {
    guard !isRestored else { return }
    if isActive {
      endwin()
      CursesBackend.setBracketedPaste(false)
    }
    isActive = false
    isRestored = true
  }
}

/// The error thrown when the terminal cannot be set up.
public struct TerminalError: Error, Equatable, CustomStringConvertible {
  /// A user-facing explanation.
  public var message: String
  /// The message.
  public var description: String { message }
}
