/// A width and a height in terminal cells.
public struct Size: Hashable, Sendable, CustomStringConvertible {
  /// Columns.
  public var width: Int
  /// Rows.
  public var height: Int
  /// Creates a size; negative values become 0.
  public init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
  }
  /// `WIDTHxHEIGHT`.
  public var description: String { "\(width)x\(height)" }
}

/// A rectangle of cells; `x`/`y` is the top-left corner, width and height are
/// never negative.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
  /// Leftmost column.
  public var x: Int
  /// Top row.
  public var y: Int
  /// Columns covered (≥ 0).
  public var width: Int
  /// Rows covered (≥ 0).
  public var height: Int

  /// Creates a rectangle; negative sizes become 0.
  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  /// A rectangle at the origin of `size`.
  public init(_ size: Size) {
    self.init(x: 0, y: 0, width: size.width, height: size.height)
  }

  /// The empty rectangle at the origin.
  public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

  /// One past the rightmost column.
  public var maxX: Int { x + width }
  /// One past the bottom row.
  public var maxY: Int { y + height }
  /// Whether the rectangle covers no cells.
  public var isEmpty: Bool { width == 0 || height == 0 }
  /// The rectangle's size.
  public var size: Size { Size(width: width, height: height) }
  /// `x,y WxH`.
  public var description: String { "\(x),\(y) \(width)x\(height)" }

  /// Whether the cell at `x`,`y` lies inside.
  public func contains(x px: Int, y py: Int) -> Bool {
    px >= x && px < maxX && py >= y && py < maxY
  }

  /// The overlap of two rectangles (empty, at the clamped corner, if they do
  /// not overlap).
  public func intersection(_ other: Rect) -> Rect {
    let left = max(x, other.x)
    let top = max(y, other.y)
    return Rect(
      x: left, y: top, width: min(maxX, other.maxX) - left,
      height: min(maxY, other.maxY) - top)
  }

  /// This rectangle clipped to `bounds`; the same as `intersection(_:)`.
  public func clipped(to bounds: Rect) -> Rect { intersection(bounds) }

  /// The rectangle shrunk by the given margins, never below zero size.
  public func inset(
    top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0
  ) -> Rect {
    Rect(
      x: x + min(left, width), y: y + min(top, height),
      width: width - left - right, height: height - top - bottom)
  }

  /// The rectangle shrunk by `margin` on every side.
  public func inset(by margin: Int) -> Rect {
    inset(top: margin, left: margin, bottom: margin, right: margin)
  }

  /// A rectangle of at most the given size, centred in this one.
  public func centered(width w: Int, height h: Int) -> Rect {
    let cw = min(max(0, w), width)
    let ch = min(max(0, h), height)
    return Rect(
      x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
  }

  /// The direction along which `split` lays out parts.
  public enum Direction: Sendable {
    /// Parts side by side, left to right (columns).
    case horizontal
    /// Parts stacked top to bottom (rows).
    case vertical
  }

  /// How big one part of a split is.
  public enum Constraint: Hashable, Sendable {
    /// Exactly this many cells (fewer if space runs out).
    case fixed(Int)
    /// This percentage (0–100) of the whole length, rounded down.
    case percentage(Int)
    /// A share of whatever is left, proportional to the weight (at least 1).
    case fill(Int = 1)
  }

  /// Splits the rectangle into one part per constraint along `direction`.
  ///
  /// Fixed and percentage parts are sized first, in order, each limited to the space still free;
  /// fill parts then share the rest by weight, the last fill part taking any rounding remainder.
  public func split(_ direction: Direction, _ constraints: [Constraint])
    -> [Rect]
  {
    let total = direction == .horizontal ? width : height
    var lengths = [Int](repeating: 0, count: constraints.count)
    var remaining = total
    for (index, constraint) in constraints.enumerated() {
      let wanted: Int
      switch constraint {
      case .fixed(let n): wanted = n
      case .percentage(let p): wanted = total * min(100, max(0, p)) / 100
      case .fill: continue
      }
      lengths[index] = min(max(0, wanted), remaining)
      remaining -= lengths[index]
    }
    let fills = constraints.indices.compactMap {
      index -> (index: Int, weight: Int)? in
      if case .fill(let weight) = constraints[index] {
        return (index, max(1, weight))
      }
      return nil
    }
    let totalWeight = fills.reduce(0) { $0 + $1.weight }
    var shared = 0
    for (position, fill) in fills.enumerated() {
      let share =
        position == fills.count - 1
        ? remaining - shared : remaining * fill.weight / totalWeight
      lengths[fill.index] = share
      shared += share
    }
    var offset = direction == .horizontal ? x : y
    return lengths.map { length in
      defer { offset += length }
      return direction == .horizontal
        ? Rect(x: offset, y: y, width: length, height: height)
        : Rect(x: x, y: offset, width: width, height: length)
    }
  }
}
