/// Which output stream a log frame came from.
public enum LogStream: UInt8, Sendable, Codable {
  /// Standard input (the engine's framing has it; logs never carry it).
  case stdin = 0
  /// Standard output.
  case stdout = 1
  /// Standard error.
  case stderr = 2
}

/// A piece of container output as the engine framed it.
public struct LogFrame: Sendable, Equatable {
  /// Where the bytes came from.
  public var stream: LogStream
  /// The payload, untrusted.
  public var bytes: [UInt8]

  /// Makes a frame.
  public init(stream: LogStream, bytes: [UInt8]) {
    self.stream = stream
    self.bytes = bytes
  }
}

/// Splits the engine's multiplexed log/attach stream (non-TTY containers) into frames.
///
/// Each frame is an 8-byte header — stream type, three zero bytes, a big-endian 32-bit
/// length — followed by the payload. Frames may be split anywhere across reads; the
/// decoder keeps the partial state. A frame larger than `maximumPayload` is delivered in
/// pieces of at most that size so memory stays bounded.
public struct LogDemultiplexer: Sendable {
  /// Largest payload piece delivered at once.
  public let maximumPayload: Int
  private var header: [UInt8] = []
  private var current: LogStream = .stdout
  private var remaining = 0
  private var payload: [UInt8] = []

  /// Makes a demultiplexer.
  public init(maximumPayload: Int = 1 << 20) {
    self.maximumPayload = max(1, maximumPayload)
    header.reserveCapacity(8)
  }

  /// Feeds the next bytes read; returns the frames (or frame pieces) they complete.
  public mutating func feed(_ bytes: some Collection<UInt8>) -> [LogFrame] {
    var frames: [LogFrame] = []
    var index = bytes.startIndex
    while index != bytes.endIndex {
      if remaining == 0 && payload.isEmpty {
        header.append(bytes[index])
        index = bytes.index(after: index)
        if header.count == 8 {
          current = LogStream(rawValue: header[0]) ?? .stdout
          remaining = Int(header[4]) << 24 | Int(header[5]) << 16 | Int(header[6]) << 8 | Int(header[7])
          header.removeAll(keepingCapacity: true)
        }
        continue
      }
      let available = bytes.distance(from: index, to: bytes.endIndex)
      let take = min(available, remaining, maximumPayload - payload.count)
      let end = bytes.index(index, offsetBy: take)
      payload.append(contentsOf: bytes[index..<end])
      index = end
      remaining -= take
      if remaining == 0 || payload.count == maximumPayload {
        frames.append(LogFrame(stream: current, bytes: payload))
        payload.removeAll(keepingCapacity: true)
      }
    }
    return frames
  }

  /// Whether a frame is partially read (a truncated stream when the transfer ends).
  public var hasPartialFrame: Bool { !header.isEmpty || remaining > 0 || !payload.isEmpty }
}
