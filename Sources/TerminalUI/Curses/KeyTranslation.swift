internal import CNCurses

/// One result of `wget_wch`: a (wide) character, or a function-key code.
enum CursesInput: Hashable, Sendable {
  /// `wget_wch` returned `OK` with this character.
  case character(UInt32)
  /// `wget_wch` returned `KEY_CODE_YES` with this key code.
  case functionKey(Int32)
}

/// Pure translation from ncurses input to `KeyEvent`s; the one place that knows
/// ncurses key codes.
enum KeyTranslation {
  /// What one input means.
  enum Meaning: Hashable, Sendable {
    /// A key press.
    case key(KeyEvent)
    /// A bare ESC: the caller checks whether another key follows at once (Alt
    /// chord) or not (Escape).
    case escapePrefix
    /// The terminal was resized (`KEY_RESIZE`).
    case resize
    /// A mouse event is waiting (`KEY_MOUSE`).
    case mouse
    /// A bracketed paste begins (`ESC[200~`): what follows up to its end marker is text.
    case pasteStart
    /// Nothing Berth handles.
    case ignored
  }

  private static let functionKeys: [Int32: KeyEvent] = [
    CNCurses_KEY_UP(): .up, CNCurses_KEY_DOWN(): .down,
    CNCurses_KEY_LEFT(): .left, CNCurses_KEY_RIGHT(): .right,
    CNCurses_KEY_HOME(): .home, CNCurses_KEY_END(): .end,
    CNCurses_KEY_PPAGE(): .pageUp,
    CNCurses_KEY_NPAGE(): .pageDown, CNCurses_KEY_ENTER(): .enter,
    CNCurses_KEY_BACKSPACE(): .backspace,
    CNCurses_KEY_DC(): .delete, CNCurses_KEY_BTAB(): .backTab,
  ]
  private static let keyResize = CNCurses_KEY_RESIZE()
  private static let keyMouse = CNCurses_KEY_MOUSE()
  private static let keyF0 = CNCurses_KEY_F(0)

  /// The meaning of one input.
  static func meaning(of input: CursesInput) -> Meaning {
    switch input {
    case .functionKey(let code):
      if let key = functionKeys[code] { return .key(key) }
      if code == keyResize { return .resize }
      if code == keyMouse { return .mouse }
      if code == BracketedPaste.startKeyCode { return .pasteStart }
      if (keyF0...keyF0 + 24).contains(code) {
        return .key(.function(Int(code - keyF0)))
      }
      return .ignored
    case .character(let value):
      switch value {
      case 0x1B: return .escapePrefix
      case 0x0D, 0x0A: return .key(.enter)
      case 0x09: return .key(.tab)
      case 0x08, 0x7F: return .key(.backspace)
      case 0x00: return .key(.ctrl(" "))
      case 0x01...0x1A:
        return .key(.ctrl(Character(Unicode.Scalar(UInt8(value) + 0x60))))
      case 0x1C...0x1F:
        return .key(.ctrl(Character(Unicode.Scalar(UInt8(value) + 0x40))))
      case 0x80...0x9F: return .ignored
      default:
        guard let scalar = Unicode.Scalar(value) else { return .ignored }
        return .key(.character(Character(scalar)))
      }
    }
  }

  /// The key for ESC followed at once by `next` (`nil`: nothing followed), and whether it
  /// consumed `next`: ESC plus a character is Alt+character; anything else is Escape alone,
  /// and `next` must be read again (pushed back) so a resize, mouse event or key typed right
  /// after Escape is not lost.
  static func key(afterEscape next: Meaning?) -> (key: KeyEvent, consumesNext: Bool) {
    switch next {
    case .key(.character(let character)): return (.alt(character), true)
    case nil, .key, .escapePrefix, .resize, .mouse, .pasteStart, .ignored: return (.escape, false)
    }
  }

  private static let clickMask = UInt(
    CNCurses_BUTTON1_CLICKED() | CNCurses_BUTTON1_PRESSED())
  private static let wheelUpMask = UInt(CNCurses_BUTTON4_PRESSED())
  private static let wheelDownMask = UInt(CNCurses_BUTTON5_PRESSED())

  /// The mouse event for a `getmouse` result, or `nil` for buttons Berth
  /// ignores.
  static func mouseEvent(x: Int, y: Int, buttonState: UInt) -> MouseEvent? {
    if buttonState & wheelUpMask != 0 {
      return MouseEvent(.wheelUp, x: x, y: y)
    }
    if buttonState & wheelDownMask != 0 {
      return MouseEvent(.wheelDown, x: x, y: y)
    }
    if buttonState & clickMask != 0 { return MouseEvent(.click, x: x, y: y) }
    return nil
  }

  /// The buttons to ask `mousemask` for.
  static var mouseMask: UInt { clickMask | wheelUpMask | wheelDownMask }
}
