/// Hands out curses colour-pair numbers for foreground/background combinations.
///
/// Pure and unit-tested. Pair 0 is the terminal default (−1/−1) and never allocated; numbers
/// 1..<capacity are handed out in order and reused for the same combination. Pairs are never
/// evicted, because redefining a pair would recolour cells already on screen: when all are in use
/// `pair(foreground:background:)` returns `nil` and the caller falls back to pair 0.
struct ColorPairAllocator: Sendable {
  /// A pair number and whether the caller must define it (`init_pair`) before
  /// use.
  struct Allocation: Hashable, Sendable {
    /// The pair number.
    var pair: Int
    /// Whether the pair was just allocated.
    var isNew: Bool
  }

  private struct Key: Hashable, Sendable {
    var foreground: Int
    var background: Int
  }

  /// One more than the highest usable pair number.
  let capacity: Int
  private var pairs: [Key: Int] = [:]

  /// Creates an allocator for a terminal reporting `pairCount` (curses'
  /// `COLOR_PAIRS`), capped at 32767 because pair numbers travel as a C
  /// `short`.
  init(pairCount: Int) { capacity = max(1, min(pairCount, Int(Int16.max))) }

  /// Pair numbers handed out so far.
  var allocatedCount: Int { pairs.count }

  /// The pair for a colour combination (−1 is the terminal default), or `nil`
  /// if none is left.
  mutating func pair(foreground: Int, background: Int) -> Allocation? {
    if foreground == -1, background == -1 {
      return Allocation(pair: 0, isNew: false)
    }
    let key = Key(foreground: foreground, background: background)
    if let existing = pairs[key] {
      return Allocation(pair: existing, isNew: false)
    }
    let next = pairs.count + 1
    guard next < capacity else { return nil }
    pairs[key] = next
    return Allocation(pair: next, isNew: true)
  }
}
