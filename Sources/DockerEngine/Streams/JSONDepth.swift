/// The nesting bound of every JSON reply Berth reads.
///
/// Decoders descend one call per `[` or `{`: a reply of a million `[` would overflow a thread's
/// stack (a crash, not an error) in any recursive parser. Every path a reply takes — `JSONDecoder`
/// in `DockerClient.get`, `JSONLineDecoder` for the event and stats streams, the one-pass
/// `StatsParser` — first passes this check, one iterative pass with no allocation.
public enum JSONDepth {
  /// Deepest nesting accepted (the engine's replies nest fewer than 10 levels).
  public static let limit = 256

  /// Throws `.malformedReply` when `bytes` nests arrays and objects deeper than `limit`.
  ///
  /// Brackets inside strings do not count (escapes are followed, so `"\""` ends where it should);
  /// the bytes need not be valid JSON — the decoder that follows judges that.
  public static func check(_ bytes: some Collection<UInt8>, limit: Int = limit) throws(DockerEngineError) {
    let deepest =
      bytes.withContiguousStorageIfAvailable { deepestNesting($0, stoppingAbove: limit) }
      ?? Array(bytes).withUnsafeBufferPointer { deepestNesting($0, stoppingAbove: limit) }
    if deepest > limit {
      throw DockerEngineError(.malformedReply, "The engine sent JSON nested deeper than \(limit) levels.")
    }
  }

  /// The deepest nesting in `bytes`, counting no further than `bound + 1`.
  static func deepestNesting(_ bytes: UnsafeBufferPointer<UInt8>, stoppingAbove bound: Int) -> Int {
    var depth = 0
    var deepest = 0
    var inString = false
    var escaped = false
    for byte in bytes {
      if inString {
        if escaped {
          escaped = false
        } else if byte == UInt8(ascii: "\\") {
          escaped = true
        } else if byte == UInt8(ascii: "\"") {
          inString = false
        }
        continue
      }
      switch byte {
      case UInt8(ascii: "\""):
        inString = true
      case UInt8(ascii: "["), UInt8(ascii: "{"):
        depth += 1
        if depth > deepest {
          deepest = depth
          if deepest > bound { return deepest }
        }
      case UInt8(ascii: "]"), UInt8(ascii: "}"):
        depth = max(0, depth - 1)
      default:
        break
      }
    }
    return deepest
  }
}
