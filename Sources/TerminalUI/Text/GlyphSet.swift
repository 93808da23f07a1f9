/// The characters widgets draw with: Unicode box drawing, blocks and braille,
/// or a plain-ASCII fallback.
public struct GlyphSet: Hashable, Sendable {
  /// Border pieces.
  public struct Border: Hashable, Sendable {
    /// Horizontal line.
    public var horizontal: Character
    /// Vertical line.
    public var vertical: Character
    /// Top-left corner.
    public var topLeft: Character
    /// Top-right corner.
    public var topRight: Character
    /// Bottom-left corner.
    public var bottomLeft: Character
    /// Bottom-right corner.
    public var bottomRight: Character
  }

  /// Border pieces.
  public var border: Border
  /// Graph symbols to use when a theme does not choose otherwise.
  public var graphSymbols: GraphSymbols
  /// A filled gauge cell.
  public var gaugeFilled: Character
  /// An empty gauge cell.
  public var gaugeEmpty: Character
  /// Partial gauge cells, from 1/8 to 7/8 filled (none in ASCII).
  public var gaugePartials: [Character]
  /// Marks text that was cut.
  public var ellipsis: String
  /// Shown when more content lies above.
  public var moreAbove: Character
  /// Shown when more content lies below.
  public var moreBelow: Character

  /// Box drawing, block elements and braille.
  public static let unicode = GlyphSet(
    border: Border(
      horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐",
      bottomLeft: "└", bottomRight: "┘"),
    graphSymbols: .braille, gaugeFilled: "█", gaugeEmpty: "░",
    gaugePartials: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"], ellipsis: "…",
    moreAbove: "▲", moreBelow: "▼")

  /// Plain ASCII for terminals without a UTF-8 locale.
  public static let ascii = GlyphSet(
    border: Border(
      horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
      bottomLeft: "+", bottomRight: "+"),
    graphSymbols: .ascii, gaugeFilled: "#", gaugeEmpty: ".", gaugePartials: [],
    ellipsis: "~",
    moreAbove: "^", moreBelow: "v")

  /// `.unicode` when the locale in `environment` (LC_ALL, else LC_CTYPE, else
  /// LANG) is UTF-8, else `.ascii`.
  public static func forLocale(environment: [String: String]) -> GlyphSet {
    let locale =
      ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first {
        !$0.isEmpty
      } ?? ""
    return locale.lowercased().filter { $0 != "-" }.contains("utf8")
      ? .unicode : .ascii
  }
}

/// Which symbols graphs are drawn with.
public enum GraphSymbols: String, Hashable, Sendable, CaseIterable {
  /// Braille dots: 2 samples per cell, 4 levels per row.
  case braille
  /// Block elements ▁▂▃▄▅▆▇█: 1 sample per cell, 8 levels per row.
  case block
  /// ASCII `_`, `-`, `=`, `#`: 1 sample per cell, 4 levels per row.
  case ascii
}
