/// Measuring and sanitising text shown in the terminal.
///
/// Every untrusted string (names, labels, log lines, engine messages) must pass through `sanitize`
/// before it reaches a `Screen` or leaves Berth on a terminal (tables, prefixes, error messages): it
/// removes everything a terminal would interpret rather than print, and what would hide or reorder
/// the text a reader sees.
public enum TerminalText {
  /// Removes terminal controls from untrusted bytes, returning printable text.
  ///
  /// - Strips C0 controls, DEL and C1 controls (U+0080–U+009F, and raw 8-bit bytes 0x80–0x9F).
  /// - Removes escape sequences: CSI (`ESC [` or 0x9B … final 0x40–0x7E), OSC (`ESC ]` or 0x9D …
  ///   BEL or ST), DCS/SOS/PM/APC (`ESC P`/`X`/`^`/`_` … ST), two-byte escapes and bare ESC.
  ///   Unterminated sequences are dropped to the end of the input.
  /// - Expands TAB to spaces up to the next multiple of 8 columns.
  /// - Drops bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the Arabic
  ///   letter mark (U+061C) and zero-width or invisible format characters that can hide or reorder
  ///   what a name seems to say: U+200B–U+200F (zero-width space, joiners, LRM/RLM), U+2060–U+2064
  ///   (word joiner, invisible operators) and U+FEFF (zero-width no-break space, BOM).
  /// - Replaces invalid UTF-8 with U+FFFD (one per maximal invalid subpart).
  /// - With `preservingNewlines`, keeps LF (restarting tab stops); otherwise LF is removed too.
  public static func sanitize(
    _ bytes: some Collection<UInt8>, preservingNewlines: Bool = false
  ) -> String {
    var sanitizer = Sanitizer(preservingNewlines: preservingNewlines)
    return sanitizer.feed(bytes) + sanitizer.finish()
  }

  /// Removes terminal controls from an untrusted string; see
  /// `sanitize(_:preservingNewlines:)` for bytes.
  public static func sanitize(_ text: String, preservingNewlines: Bool = false)
    -> String
  {
    sanitize(text.utf8, preservingNewlines: preservingNewlines)
  }

  /// A streaming sanitiser: keeps its state between chunks, so sequences split
  /// across reads are still removed.
  ///
  /// Applies exactly the rules of `TerminalText.sanitize`.
  public struct Sanitizer: Sendable {
    /// Escape sequences and control strings longer than this many scalars are
    /// abandoned, so a stray `ESC ]` cannot swallow a log stream forever; what
    /// follows is then shown as (harmless) text.
    public static let maximumSequenceLength = 4096

    /// Whether LF survives (for multi-line text such as log streams).
    public var preservesNewlines: Bool

    private enum Mode: Sendable {
      case ground, escape, escapeIntermediate, controlSequence, controlString,
        controlStringEscape
    }

    private var mode = Mode.ground
    private var sequenceLength = 0
    private var column = 0
    private var pendingScalar: UInt32 = 0
    private var pendingCount = 0
    private var expectedCount = 0
    private var nextByteRange: ClosedRange<UInt8> = 0x80...0xBF

    /// Creates a sanitiser in its initial state.
    public init(preservingNewlines: Bool = false) {
      preservesNewlines = preservingNewlines
    }

    /// Sanitises the next chunk of a stream, returning the printable text it
    /// completes.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> String {
      var output = String.UnicodeScalarView()
      for byte in bytes { decode(byte, into: &output) }
      return String(output)
    }

    /// Ends the stream: a truncated UTF-8 sequence becomes U+FFFD, an
    /// unterminated escape sequence is dropped, and the sanitiser is reset.
    public mutating func finish() -> String {
      let output = expectedCount > 0 && mode == .ground ? "\u{FFFD}" : ""
      self = Sanitizer(preservingNewlines: preservesNewlines)
      return output
    }

    private mutating func decode(
      _ byte: UInt8, into output: inout String.UnicodeScalarView
    ) {
      if expectedCount > 0 {
        guard nextByteRange.contains(byte) else {
          expectedCount = 0
          handle(.replacement, into: &output)
          decode(byte, into: &output)
          return
        }
        pendingScalar = pendingScalar << 6 | UInt32(byte & 0x3F)
        pendingCount += 1
        nextByteRange = 0x80...0xBF
        if pendingCount == expectedCount {
          expectedCount = 0
          handle(Unicode.Scalar(pendingScalar) ?? .replacement, into: &output)
        }
        return
      }
      switch byte {
      case 0x00...0x7F: handle(Unicode.Scalar(byte), into: &output)
      // A raw C1 byte is not valid UTF-8, but some terminals act on it: treat it as that control.
      case 0x80...0x9F: handle(Unicode.Scalar(byte), into: &output)
      case 0xC2...0xDF:
        beginScalar(byte & 0x1F, continuationBytes: 1, next: 0x80...0xBF)
      case 0xE0:
        beginScalar(byte & 0x0F, continuationBytes: 2, next: 0xA0...0xBF)
      case 0xED:
        beginScalar(byte & 0x0F, continuationBytes: 2, next: 0x80...0x9F)
      case 0xE1...0xEF:
        beginScalar(byte & 0x0F, continuationBytes: 2, next: 0x80...0xBF)
      case 0xF0:
        beginScalar(byte & 0x07, continuationBytes: 3, next: 0x90...0xBF)
      case 0xF1...0xF3:
        beginScalar(byte & 0x07, continuationBytes: 3, next: 0x80...0xBF)
      case 0xF4:
        beginScalar(byte & 0x07, continuationBytes: 3, next: 0x80...0x8F)
      default: handle(.replacement, into: &output)
      }
    }

    private mutating func beginScalar(
      _ bits: UInt8, continuationBytes: Int, next: ClosedRange<UInt8>
    ) {
      pendingScalar = UInt32(bits)
      pendingCount = 0
      expectedCount = continuationBytes
      nextByteRange = next
    }

    private mutating func handle(
      _ scalar: Unicode.Scalar, into output: inout String.UnicodeScalarView
    ) {
      let value = scalar.value
      // CAN and SUB abort any sequence.
      let isCancel = value == 0x18 || value == 0x1A
      if mode != .ground {
        sequenceLength += 1
        if sequenceLength > Sanitizer.maximumSequenceLength { enter(.ground) }
      }
      switch mode {
      case .ground:
        emitOrStart(scalar, into: &output)
      case .escape:
        switch value {
        case 0x5B: enter(.controlSequence)  // [
        case 0x5D, 0x50, 0x58, 0x5E, 0x5F: enter(.controlString)  // ] P X ^ _
        case 0x20...0x2F: mode = .escapeIntermediate
        case 0x30...0x7E: enter(.ground)
        case 0x1B: enter(.escape)
        case _ where isCancel: enter(.ground)
        case 0x00...0x1F, 0x7F: break
        default: reprocessInGround(scalar, into: &output)
        }
      case .escapeIntermediate:
        switch value {
        case 0x30...0x7E: enter(.ground)
        case 0x1B: enter(.escape)
        case _ where isCancel: enter(.ground)
        case 0x00...0x2F, 0x7F: break
        default: reprocessInGround(scalar, into: &output)
        }
      case .controlSequence:
        switch value {
        case 0x40...0x7E: enter(.ground)
        case 0x1B: enter(.escape)
        case _ where isCancel: enter(.ground)
        case 0x00...0x3F, 0x7F: break
        default: reprocessInGround(scalar, into: &output)
        }
      case .controlString:
        switch value {
        case 0x07, 0x9C: enter(.ground)
        case 0x1B: mode = .controlStringEscape
        case _ where isCancel: enter(.ground)
        default: break
        }
      case .controlStringEscape:
        if value == 0x5C {  // ESC \ is the string terminator.
          enter(.ground)
        } else {
          // Any other ESC inside a string ends it and starts a new one.
          enter(.escape)
          handle(scalar, into: &output)
        }
      }
    }

    private mutating func enter(_ newMode: Mode) {
      mode = newMode
      sequenceLength = 0
    }

    private mutating func reprocessInGround(
      _ scalar: Unicode.Scalar, into output: inout String.UnicodeScalarView
    ) {
      enter(.ground)
      emitOrStart(scalar, into: &output)
    }

    private mutating func emitOrStart(
      _ scalar: Unicode.Scalar, into output: inout String.UnicodeScalarView
    ) {
      switch scalar.value {
      case 0x1B: enter(.escape)
      case 0x9B: enter(.controlSequence)
      case 0x9D, 0x90, 0x98, 0x9E, 0x9F: enter(.controlString)
      case 0x09:
        let spaces = 8 - column % 8
        output.append(contentsOf: repeatElement(" ", count: spaces))
        column += spaces
      case 0x0A where preservesNewlines:
        output.append("\n")
        column = 0
      case 0x00...0x1F, 0x7F...0x9F:
        break
      case 0x202A...0x202E, 0x2066...0x2069, 0x061C, 0x200B...0x200F, 0x2060...0x2064, 0xFEFF:
        break  // bidi controls and invisible format characters
      default:
        output.append(scalar)
        column += TerminalText.displayWidth(of: scalar)
      }
    }
  }
}

extension Unicode.Scalar {
  /// U+FFFD REPLACEMENT CHARACTER.
  static let replacement: Unicode.Scalar = "\u{FFFD}"
}
