import FoundationEssentials

/// Splits a stream of newline-delimited JSON documents (`/events`, streaming stats) and decodes each.
public struct JSONLineDecoder<Value: Decodable>: Sendable {
  /// Longest document kept; a longer one is skipped as malformed.
  public let maximumDocumentLength: Int
  private var buffer: [UInt8] = []
  private var skipping = false

  /// Makes a decoder.
  public init(maximumDocumentLength: Int = 4 << 20) {
    self.maximumDocumentLength = maximumDocumentLength
  }

  /// Feeds bytes; returns one result per complete document (a failure for each malformed one).
  public mutating func feed(_ bytes: some Collection<UInt8>) -> [Result<Value, DockerEngineError>] {
    var results: [Result<Value, DockerEngineError>] = []
    for byte in bytes {
      if byte == UInt8(ascii: "\n") {
        if skipping {
          results.append(
            .failure(DockerEngineError(.malformedReply, "The engine sent a JSON document over \(maximumDocumentLength) bytes.")))
        } else if let result = decode() {
          results.append(result)
        }
        buffer.removeAll(keepingCapacity: true)
        skipping = false
      } else if !skipping {
        buffer.append(byte)
        if buffer.count > maximumDocumentLength {
          skipping = true
          buffer.removeAll()
        }
      }
    }
    return results
  }

  /// Decodes what is left when the stream ends without a final newline.
  public mutating func finish() -> [Result<Value, DockerEngineError>] {
    defer { buffer.removeAll() }
    return decode().map { [$0] } ?? []
  }

  private func decode() -> Result<Value, DockerEngineError>? {
    guard buffer.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\t") }) else {
      return nil
    }
    do {
      try JSONDepth.check(buffer)
      return .success(try JSONDecoder().decode(Value.self, from: Data(buffer)))
    } catch let error as DockerEngineError {
      return .failure(error)
    } catch {
      return .failure(DockerEngineError(.malformedReply, "The engine sent JSON Berth cannot read: \(error)"))
    }
  }
}
