import DequeModule

/// A fixed-capacity FIFO of recent values: appending beyond the capacity drops the oldest.
public struct HistoryRing<Element: Sendable>: Sendable {
  /// Most values kept.
  public let capacity: Int
  private var storage: Deque<Element>

  /// Makes an empty ring.
  public init(capacity: Int) {
    self.capacity = max(1, capacity)
    storage = Deque(minimumCapacity: self.capacity)
  }

  /// Adds a value, dropping the oldest when full.
  public mutating func append(_ value: Element) {
    if storage.count == capacity { storage.removeFirst() }
    storage.append(value)
  }

  /// The values, oldest first. O(n).
  public var values: [Element] { Array(storage) }

  /// How many values are held.
  public var count: Int { storage.count }

  /// The newest value.
  public var last: Element? { storage.last }
}
