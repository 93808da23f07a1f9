/// A small graph of recent values, newest on the right, drawn with braille,
/// block or ASCII symbols.
public struct Sparkline: Widget, Sendable {
  /// The samples, oldest first.
  public var values: [Double]
  /// The value that fills the full height; values are clamped to 0…maximum.
  public var maximum: Double
  /// The symbol set.
  public var symbols: GraphSymbols
  /// The style of the drawn symbols.
  public var style: Style

  /// Creates a sparkline; with the default `maximum` values are ratios in 0…1.
  public init(
    values: [Double], maximum: Double = 1, symbols: GraphSymbols = .braille,
    style: Style = .plain
  ) {
    self.values = values
    self.maximum = maximum
    self.symbols = symbols
    self.style = style
  }

  private static let blocks: [Character] = [
    "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█",
  ]
  private static let asciiLevels: [Character] = ["_", "-", "=", "#"]
  // Braille dot bits from the bottom up, for the left and the right dot column.
  private static let brailleLeft: [UInt32] = [0x40, 0x04, 0x02, 0x01]
  private static let brailleRight: [UInt32] = [0x80, 0x20, 0x10, 0x08]

  /// Draws the most recent values that fit, right-aligned; any positive value
  /// shows at least one level.
  public func draw(in area: Rect, on screen: inout Screen) {
    guard !area.isEmpty else { return }
    let perCell = symbols == .braille ? 2 : 1
    let perRow = symbols == .block ? 8 : 4
    let levels = area.height * perRow
    let shown = values.suffix(area.width * perCell).map {
      level(of: $0, outOf: levels)
    }
    let padded =
      Array(repeating: 0, count: area.width * perCell - shown.count) + shown
    for column in 0..<area.width {
      for row in 0..<area.height {  // row 0 is the bottom row
        let fills = (0..<perCell).map {
          max(0, min(perRow, padded[column * perCell + $0] - row * perRow))
        }
        guard let symbol = symbol(for: fills) else { continue }
        screen.put(
          String(symbol), x: area.x + column, y: area.maxY - 1 - row,
          style: style)
      }
    }
  }

  private func level(of value: Double, outOf levels: Int) -> Int {
    guard maximum > 0, value.isFinite, value > 0 else { return 0 }
    return max(1, Int((min(1, value / maximum) * Double(levels)).rounded()))
  }

  private func symbol(for fills: [Int]) -> Character? {
    guard fills.contains(where: { $0 > 0 }) else { return nil }
    switch symbols {
    case .block: return Sparkline.blocks[fills[0] - 1]
    case .ascii: return Sparkline.asciiLevels[fills[0] - 1]
    case .braille:
      var bits: UInt32 = 0
      for dot in 0..<fills[0] { bits |= Sparkline.brailleLeft[dot] }
      for dot in 0..<fills[1] { bits |= Sparkline.brailleRight[dot] }
      return Unicode.Scalar(0x2800 + bits).map(Character.init)
    }
  }
}
