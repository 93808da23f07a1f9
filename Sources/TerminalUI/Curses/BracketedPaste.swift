/// Collects the text of one bracketed paste (`ESC[200~` … `ESC[201~`) from curses input.
///
/// Pure, so the cases curses cannot be trusted with are testable: the end marker may arrive as
/// its key code (`define_key`) or, when it was split across reads more than the ESC delay apart,
/// as its raw characters; it may never arrive at all (the caller then stops after
/// `idleTimeout` without input). Text beyond `maximumLength` scalars is read and dropped, so a
/// huge paste costs no memory and is never read as keys.
struct BracketedPaste {
  /// What starts a paste, as the terminal sends it.
  static let startMarker = "\u{1B}[200~"
  /// What ends a paste, as the terminal sends it.
  static let endMarker = "\u{1B}[201~"
  /// The key code curses reports for `startMarker` (`define_key`); above every code ncurses assigns.
  static let startKeyCode: Int32 = 0x5E00
  /// The key code curses reports for `endMarker`.
  static let endKeyCode: Int32 = 0x5E01
  /// Scalars kept of one paste; the rest is read and dropped.
  static let maximumLength = 16_384
  /// How long the reader waits for more of a paste before taking it as ended without its marker,
  /// and for the rest of a start marker that arrived split.
  static let idleTimeout: Duration = .milliseconds(250)

  private static let endScalars = Array(endMarker.unicodeScalars)
  private static let startScalarsAfterEscape = Array(startMarker.unicodeScalars.dropFirst())

  /// Whether what was read right after a bare ESC spells the rest of the start marker (`[200~`):
  /// curses matches the marker only when it arrives within the ESC delay, so a marker split
  /// across slower reads reaches Berth as ESC and characters. `true`: it does; `false`: it
  /// cannot; `nil`: so far it does, read on.
  static func isStartMarker(afterEscape inputs: [CursesInput]) -> Bool? {
    for (index, input) in inputs.enumerated() {
      guard index < startScalarsAfterEscape.count, input == .character(startScalarsAfterEscape[index].value)
      else { return false }
    }
    return inputs.count == startScalarsAfterEscape.count ? true : nil
  }

  /// The text so far, raw (control characters included).
  private(set) var text = String.UnicodeScalarView()
  /// How many scalars `text` holds (counting a scalar view is O(n)).
  private(set) var length = 0
  /// Whether text was dropped past `maximumLength`.
  private(set) var isTruncated = false
  /// Whether the terminal was resized during the paste (the caller reports it afterwards).
  private(set) var sawResize = false
  /// Whether the end marker arrived.
  private(set) var isComplete = false
  /// How many scalars of the raw end marker have matched so far (held back from `text`).
  private var matched = 0
  private let resizeCode: Int32

  /// Makes an empty paste; `resizeCode` is the key code of a resize (`KEY_RESIZE`).
  init(resizeCode: Int32) {
    self.resizeCode = resizeCode
  }

  /// Takes the next input; returns whether the paste is complete (the end marker was seen).
  mutating func feed(_ input: CursesInput) -> Bool {
    guard !isComplete else { return true }
    switch input {
    case .functionKey(let code):
      flushMatched()
      if code == Self.endKeyCode {
        isComplete = true
      } else if code == resizeCode {
        sawResize = true
      }
    // Other key codes are escape sequences inside the pasted text (keypad translated them):
    // they carry nothing printable.
    case .character(let value):
      guard let scalar = Unicode.Scalar(value) else {
        flushMatched()
        return false
      }
      if scalar == Self.endScalars[matched] {
        matched += 1
        if matched == Self.endScalars.count { isComplete = true }
      } else {
        flushMatched()
        if scalar == Self.endScalars[0] { matched = 1 } else { append(scalar) }
      }
    }
    return isComplete
  }

  /// The pasted text (without markers).
  var string: String { String(text) }

  /// Ends a paste whose end marker never came: what was held back as a possible marker is text.
  mutating func finishWithoutEndMarker() {
    flushMatched()
  }

  private mutating func flushMatched() {
    for scalar in Self.endScalars.prefix(matched) { append(scalar) }
    matched = 0
  }

  private mutating func append(_ scalar: Unicode.Scalar) {
    guard length < Self.maximumLength else {
      isTruncated = true
      return
    }
    text.append(scalar)
    length += 1
  }
}
