extension TerminalText {
  /// Columns a grapheme occupies: 2 for East-Asian wide/fullwidth and emoji, 0
  /// for combining marks, invisible format characters and controls, 1
  /// otherwise.
  public static func displayWidth(of character: Character) -> Int {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    if character.isASCII {
      return first.value < 0x20 || first.value == 0x7F ? 0 : 1
    }
    // The glyphs a dashboard draws all the time (dashes, bullets, the ellipsis, box drawing,
    // blocks, triangles): one column, without a Unicode property look-up.
    if isCommonNarrowSymbol(first.value), scalars.index(after: scalars.startIndex) == scalars.endIndex {
      return 1
    }
    if isZeroWidth(first) { return 0 }
    if isWide(first) { return 2 }
    // Text-style emoji followed by VARIATION SELECTOR-16 render as emoji, two columns wide.
    if first.properties.isEmoji, scalars.contains("\u{FE0F}") { return 2 }
    return 1
  }

  /// Columns a string occupies: the sum of its graphemes' widths.
  ///
  /// O(n).
  public static func displayWidth(of string: some StringProtocol) -> Int {
    if let count = printableASCIICount(string) { return count }
    return string.reduce(0) { $0 + displayWidth(of: $1) }
  }

  /// The length of `string` when it is all printable ASCII (one column per byte), else nil.
  ///
  /// Nearly every string a dashboard draws is; this skips grapheme breaking for them.
  @inline(__always)
  static func printableASCIICount(_ string: some StringProtocol) -> Int? {
    var count = 0
    for byte in string.utf8 {
      guard byte >= 0x20, byte < 0x7F else { return nil }
      count += 1
    }
    return count
  }

  /// Width of a lone scalar (the sanitiser's tab stops).
  static func displayWidth(of scalar: Unicode.Scalar) -> Int {
    if scalar.value < 0x20 || scalar.value == 0x7F { return 0 }
    if scalar.isASCII { return 1 }
    if isZeroWidth(scalar) { return 0 }
    return isWide(scalar) ? 2 : 1
  }

  /// General punctuation from U+2010 (after the zero-width format characters) to the ellipsis,
  /// and box drawing, block elements and geometric shapes up to U+25FC (U+25FD and U+25FE are
  /// emoji, two columns).
  @inline(__always)
  static func isCommonNarrowSymbol(_ value: UInt32) -> Bool {
    (0x2010...0x2027).contains(value) || (0x2500...0x25FC).contains(value)
  }

  private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format, .control: return true
    // Hangul medial vowels and final consonants.
    default: return (0x1160...0x11FF).contains(scalar.value)
    }
  }

  private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.properties.isEmojiPresentation { return true }
    let value = scalar.value
    return wideRanges.contains { $0.contains(value) }
  }

  /// East-Asian Wide and Fullwidth ranges (abridged to whole blocks).
  private static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
    0x3400...0x4DBF,
    0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
    0xF900...0xFAFF,
    0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
    0x16FE0...0x16FE4,
    0x17000...0x18AFF, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF, 0x1F300...0x1F64F,
    0x1F900...0x1F9FF,
    0x20000...0x2FFFD, 0x30000...0x3FFFD,
  ]
}

extension String {
  /// Columns this string occupies in a terminal (see
  /// `TerminalText.displayWidth(of:)`).
  ///
  /// O(n).
  public var displayWidth: Int { TerminalText.displayWidth(of: self) }

  /// This string cut to at most `width` columns, ending in `ellipsis` when
  /// anything was cut.
  ///
  /// If even the ellipsis does not fit, the string is cut without one. O(n).
  public func truncated(toWidth width: Int, ellipsis: String = "…") -> String {
    guard width > 0 else { return "" }
    let fast = TerminalText.printableASCIICount(self)
    guard (fast ?? displayWidth) > width else { return self }
    let ellipsisWidth = ellipsis.displayWidth
    let budget = ellipsisWidth <= width ? width - ellipsisWidth : width
    if fast != nil {
      let kept = String(decoding: utf8.prefix(budget), as: UTF8.self)
      return ellipsisWidth <= width ? kept + ellipsis : kept
    }
    var result = ""
    var used = 0
    for character in self {
      let w = TerminalText.displayWidth(of: character)
      if used + w > budget { break }
      result.append(character)
      used += w
    }
    return ellipsisWidth <= width ? result + ellipsis : result
  }
}
