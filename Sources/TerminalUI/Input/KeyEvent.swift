/// A key press as a typed value, with a canonical string form for keymap files.
///
/// Canonical strings: a printable character as itself (`q`, `K`, `?`, `/`), `space`, `ctrl+r`,
/// `alt+x`, `enter`, `esc`, `tab`, `shift+tab`, `backspace`, `delete`, `up`, `down`, `left`, `right`,
/// `home`, `end`, `pgup`, `pgdn`, `f1`…`f24`. Parsing also accepts common aliases (`escape`,
/// `return`, `backtab`, `del`, `pageup`, `pagedown`, `ctrl-r`, `C-r`, `M-x`) and is
/// case-insensitive for names and modifiers (`ctrl+R` is `ctrl+r`).
public enum KeyEvent: Hashable, Sendable {
  /// A printable character (never a control character).
  case character(Character)
  /// A control chord; the character is a lowercase letter, one of `@[\]^_`, or
  /// a space.
  case ctrl(Character)
  /// An Alt (Meta) chord with a printable character.
  case alt(Character)
  /// Arrow up.
  case up
  /// Arrow down.
  case down
  /// Arrow left.
  case left
  /// Arrow right.
  case right
  /// Home.
  case home
  /// End.
  case end
  /// Page up.
  case pageUp
  /// Page down.
  case pageDown
  /// Enter / Return.
  case enter
  /// Escape on its own.
  case escape
  /// Tab.
  case tab
  /// Shift+Tab.
  case backTab
  /// Backspace.
  case backspace
  /// Delete (forward).
  case delete
  /// Function key F0–F24.
  case function(Int)

  private static let names: [(key: KeyEvent, spellings: [String])] = [
    (.up, ["up"]), (.down, ["down"]), (.left, ["left"]), (.right, ["right"]),
    (.home, ["home"]), (.end, ["end"]),
    (.pageUp, ["pgup", "pageup", "page-up"]),
    (.pageDown, ["pgdn", "pagedown", "page-down"]),
    (.enter, ["enter", "return", "ret"]), (.escape, ["esc", "escape"]),
    (.tab, ["tab"]),
    (.backTab, ["shift+tab", "backtab", "btab"]),
    (.backspace, ["backspace", "bs"]),
    (.delete, ["delete", "del"]), (.character(" "), ["space", "spc"]),
  ]

  /// Parses a canonical keystroke string or alias (see the type's
  /// documentation).
  public init(parsing text: String) throws(KeyParsingError) {
    let trimmed = text.trimmingSpaces()
    guard let first = trimmed.first else {
      throw KeyParsingError(text: text, reason: "empty keystroke")
    }
    if trimmed.count == 1 {
      guard KeyEvent.isPrintable(first) else {
        throw KeyParsingError(text: text, reason: "not a printable key")
      }
      self = .character(first)
      return
    }
    let lowered = trimmed.lowercased()
    if let match = KeyEvent.names.first(where: {
      $0.spellings.contains(lowered)
    }) {
      self = match.key
      return
    }
    let digits = lowered.dropFirst()
    if lowered.first == "f", !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit),
      let n = Int(digits), n <= 24
    {
      self = .function(n)
      return
    }
    let chords: [(prefixes: [String], make: (Character) -> KeyEvent?)] = [
      (["ctrl+", "ctrl-", "c-", "control+"], KeyEvent.ctrlChord),
      (["alt+", "alt-", "m-", "meta+"], KeyEvent.altChord),
    ]
    for chord in chords {
      guard let prefix = chord.prefixes.first(where: { lowered.hasPrefix($0) })
      else { continue }
      let rest = String(trimmed.dropFirst(prefix.count))
      let key = rest.lowercased() == "space" ? " " : rest
      guard key.count == 1, let character = key.first,
        let event = chord.make(character)
      else {
        throw KeyParsingError(
          text: text, reason: "\"\(rest)\" cannot follow \"\(prefix)\"")
      }
      self = event
      return
    }
    throw KeyParsingError(text: text, reason: "unknown key name")
  }

  private static func ctrlChord(_ character: Character) -> KeyEvent? {
    let lowered = Character(character.lowercased())
    guard ("a"..."z").contains(lowered) || "@[\\]^_ ".contains(lowered) else {
      return nil
    }
    return .ctrl(lowered)
  }

  private static func altChord(_ character: Character) -> KeyEvent? {
    isPrintable(character) ? .alt(character) : nil
  }

  /// Whether `character` can be a `.character` key (not a control character).
  static func isPrintable(_ character: Character) -> Bool {
    guard let scalar = character.unicodeScalars.first else { return false }
    return !(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
  }
}

extension KeyEvent: CustomStringConvertible {
  /// The canonical string form; `KeyEvent(parsing: key.description) == key` for
  /// every valid key.
  public var description: String {
    switch self {
    case .character(" "): return "space"
    case .character(let character): return String(character)
    case .ctrl(" "): return "ctrl+space"
    case .ctrl(let character): return "ctrl+\(character)"
    case .alt(" "): return "alt+space"
    case .alt(let character): return "alt+\(character)"
    case .function(let number): return "f\(number)"
    case .up: return "up"
    case .down: return "down"
    case .left: return "left"
    case .right: return "right"
    case .home: return "home"
    case .end: return "end"
    case .pageUp: return "pgup"
    case .pageDown: return "pgdn"
    case .enter: return "enter"
    case .escape: return "esc"
    case .tab: return "tab"
    case .backTab: return "shift+tab"
    case .backspace: return "backspace"
    case .delete: return "delete"
    }
  }
}

/// The error thrown for a keystroke string that names no key.
public struct KeyParsingError: Error, Equatable, CustomStringConvertible {
  /// The rejected text.
  public var text: String
  /// Why it was rejected.
  public var reason: String
  /// A user-facing explanation.
  public var description: String { "invalid key \"\(text)\": \(reason)" }
}
