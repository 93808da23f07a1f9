#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What hands the terminal back when the process must end without curses' own `endwin` (a fatal
/// signal): the bytes to write and the terminal modes saved before curses took the terminal.
///
/// Made once, when the terminal is taken, so a signal handler only has to copy it out with
/// `write(2)` and `tcsetattr` (it must not allocate).
public struct TerminalRestoration: Sendable {
  /// The bytes that put the terminal's modes back (see `sequence(for:)`).
  public var bytes: [UInt8]
  /// The terminal modes (cooked, echoing) from before curses, or `nil` when standard input is
  /// not a terminal.
  public var savedModes: termios?

  /// Makes a restoration from its parts.
  public init(bytes: [UInt8], savedModes: termios?) {
    self.bytes = bytes
    self.savedModes = savedModes
  }

  /// The most bytes `sequence(for:)` returns: a signal handler copies them from a buffer of
  /// this size, allocated in advance.
  public static let maximumCount = 256

  /// The terminfo strings a restore uses; `nil` where the terminal has no such capability.
  public struct Capabilities: Equatable, Sendable {
    /// `sgr0`: plain attributes and colours.
    public var resetAttributes: [UInt8]?
    /// `rmkx`: the keypad back in local (cursor keys send the normal sequences).
    public var keypadLocal: [UInt8]?
    /// `cnorm`: the cursor visible.
    public var showCursor: [UInt8]?
    /// `rmcup`: leave the alternate screen (the shell's screen comes back).
    public var exitAlternateScreen: [UInt8]?

    /// Makes capabilities from terminfo strings.
    public init(
      resetAttributes: [UInt8]? = nil, keypadLocal: [UInt8]? = nil, showCursor: [UInt8]? = nil,
      exitAlternateScreen: [UInt8]? = nil
    ) {
      self.resetAttributes = resetAttributes
      self.keypadLocal = keypadLocal
      self.showCursor = showCursor
      self.exitAlternateScreen = exitAlternateScreen
    }
  }

  /// xterm's private modes that report the mouse (1000 clicks, 1002 drags, 1003 all motion,
  /// 1006 SGR encoding) and bracketed paste (2004), switched off: no terminfo string does it.
  public static let privateModesOff: [UInt8] = Array(
    "\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l\u{1B}[?2004l".utf8)

  /// The bytes that restore a terminal: mouse reporting and bracketed paste off, attributes
  /// reset, keypad local, cursor visible, and last the normal screen (as curses' `endwin` orders
  /// them).
  ///
  /// Terminfo padding (`$<5>`, `$<2*/>`) is removed: nothing waits inside a signal handler. A
  /// capability that would not fit in `maximumCount` bytes is left out whole, never cut in the
  /// middle of a sequence.
  public static func sequence(for capabilities: Capabilities) -> [UInt8] {
    var bytes = privateModesOff
    let parts = [
      capabilities.resetAttributes, capabilities.keypadLocal, capabilities.showCursor,
      capabilities.exitAlternateScreen,
    ]
    for part in parts {
      guard let part else { continue }
      let unpadded = withoutPadding(part)
      if bytes.count + unpadded.count <= maximumCount { bytes += unpadded }
    }
    return bytes
  }

  /// `capability` without its terminfo delays (`$<` digits, `.`, `*`, `/` `>`).
  static func withoutPadding(_ capability: [UInt8]) -> [UInt8] {
    var result: [UInt8] = []
    var index = 0
    while index < capability.count {
      if capability[index] == UInt8(ascii: "$"), index + 1 < capability.count,
        capability[index + 1] == UInt8(ascii: "<"), let end = paddingEnd(in: capability, from: index + 2)
      {
        index = end + 1
        continue
      }
      result.append(capability[index])
      index += 1
    }
    return result
  }

  /// The index of the `>` closing a delay whose body starts at `start`, or `nil` when what follows
  /// `$<` is not a delay.
  private static func paddingEnd(in bytes: [UInt8], from start: Int) -> Int? {
    var index = start
    var sawDigit = false
    while index < bytes.count {
      switch bytes[index] {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        sawDigit = true
      case UInt8(ascii: "."), UInt8(ascii: "*"), UInt8(ascii: "/"):
        break
      case UInt8(ascii: ">"):
        return sawDigit ? index : nil
      default:
        return nil
      }
      index += 1
    }
    return nil
  }
}
