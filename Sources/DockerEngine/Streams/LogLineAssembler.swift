import FoundationEssentials

/// One line of container output.
public struct LogLine: Sendable, Equatable {
  /// Where it came from.
  public var stream: LogStream
  /// When the engine received it (present when timestamps were requested).
  public var timestamp: Date?
  /// The engine's timestamp text, nanosecond precision, for stable ordering.
  public var timestampText: String?
  /// The line without its newline, untrusted bytes.
  public var bytes: [UInt8]
  /// Whether the line was cut at the maximum length.
  public var isTruncated: Bool

  /// Makes a line.
  public init(
    stream: LogStream, timestamp: Date? = nil, timestampText: String? = nil, bytes: [UInt8],
    isTruncated: Bool = false
  ) {
    self.stream = stream
    self.timestamp = timestamp
    self.timestampText = timestampText
    self.bytes = bytes
    self.isTruncated = isTruncated
  }
}

/// Turns frames into lines, per stream, with a bounded line length.
///
/// With `timestamps`, each line starts with the engine's RFC 3339 nanosecond time and a
/// space; it is parsed off. `\r\n` endings (TTY output) lose their `\r`.
public struct LogLineAssembler: Sendable {
  /// Longest line kept; longer lines are cut and the rest is dropped up to the newline.
  public let maximumLineLength: Int
  /// Whether lines carry a leading timestamp.
  public let timestamps: Bool
  private var partial: [LogStream: [UInt8]] = [:]
  private var overflowing: Set<LogStream> = []

  /// Makes an assembler.
  public init(timestamps: Bool, maximumLineLength: Int = 64 * 1024) {
    self.timestamps = timestamps
    self.maximumLineLength = max(16, maximumLineLength)
  }

  /// Adds a frame; returns the lines it completes.
  public mutating func feed(_ frame: LogFrame) -> [LogLine] {
    var lines: [LogLine] = []
    var buffer = partial[frame.stream] ?? []
    var isOverflowing = overflowing.contains(frame.stream)
    for byte in frame.bytes {
      if byte == UInt8(ascii: "\n") {
        if !isOverflowing { lines.append(makeLine(stream: frame.stream, bytes: buffer, truncated: false)) }
        buffer.removeAll(keepingCapacity: true)
        isOverflowing = false
      } else if isOverflowing {
        continue  // the rest of an overlong line is dropped
      } else if buffer.count < maximumLineLength {
        buffer.append(byte)
      } else {
        lines.append(makeLine(stream: frame.stream, bytes: buffer, truncated: true))
        buffer.removeAll(keepingCapacity: true)
        isOverflowing = true
      }
    }
    partial[frame.stream] = buffer
    if isOverflowing { overflowing.insert(frame.stream) } else { overflowing.remove(frame.stream) }
    return lines
  }

  /// Returns the unfinished lines at the end of a stream.
  public mutating func finish() -> [LogLine] {
    var lines: [LogLine] = []
    for stream in [LogStream.stdout, .stderr, .stdin] {
      if let buffer = partial[stream], !buffer.isEmpty {
        lines.append(makeLine(stream: stream, bytes: buffer, truncated: false))
      }
    }
    partial.removeAll()
    overflowing.removeAll()
    return lines
  }

  private func makeLine(stream: LogStream, bytes: [UInt8], truncated: Bool) -> LogLine {
    var body = bytes[...]
    var timestamp: Date?
    var timestampText: String?
    if timestamps, let space = body.firstIndex(of: UInt8(ascii: " ")), space - body.startIndex <= 40 {
      let text = String(decoding: body[..<space], as: UTF8.self)
      if let parsed = EngineTime.parse(text) {
        timestamp = parsed
        timestampText = text
        body = body[(space + 1)...]
      }
    }
    if body.last == UInt8(ascii: "\r") { body = body.dropLast() }
    return LogLine(
      stream: stream, timestamp: timestamp, timestampText: timestampText, bytes: Array(body),
      isTruncated: truncated)
  }
}

/// Parses the engine's RFC 3339 times (with up to nanosecond fractions).
public enum EngineTime {
  /// Parses `2026-11-29T04:39:26.123456789Z` or with an offset; nil for the zero time or garbage.
  public static func parse(_ text: String) -> Date? {
    let utf8 = Array(text.utf8)
    guard utf8.count >= 20, utf8[4] == UInt8(ascii: "-"), utf8[10] == UInt8(ascii: "T") else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for i in range {
        guard i < utf8.count, (48...57).contains(utf8[i]) else { return nil }
        value = value * 10 + Int(utf8[i] - 48)
      }
      return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
      let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
    else { return nil }
    if year <= 1 { return nil }
    var index = 19
    var fraction = 0.0
    if index < utf8.count, utf8[index] == UInt8(ascii: ".") {
      index += 1
      var scale = 0.1
      while index < utf8.count, (48...57).contains(utf8[index]) {
        fraction += Double(utf8[index] - 48) * scale
        scale /= 10
        index += 1
      }
    }
    var offset = 0
    if index < utf8.count, utf8[index] == UInt8(ascii: "+") || utf8[index] == UInt8(ascii: "-") {
      guard let hours = number((index + 1)..<(index + 3)), let minutes = number((index + 4)..<(index + 6)) else { return nil }
      offset = (hours * 3600 + minutes * 60) * (utf8[index] == UInt8(ascii: "+") ? 1 : -1)
    } else if index >= utf8.count || utf8[index] != UInt8(ascii: "Z") {
      return nil
    }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
    return Date(timeIntervalSince1970: seconds)
  }

  /// Formats a date as RFC 3339 UTC with the given fraction digits.
  public static func format(_ date: Date, fractionDigits: Int = 0) -> String {
    let total = date.timeIntervalSince1970
    let whole = Int(total.rounded(.down))
    var days = whole / 86_400
    var rest = whole % 86_400
    if rest < 0 { rest += 86_400; days -= 1 }
    let (year, month, day) = civilFromDays(days)
    var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2))"
    if fractionDigits > 0 {
      var scale = 1.0
      for _ in 0..<fractionDigits { scale *= 10 }
      let fraction = min(Int(((total - Double(whole)) * scale).rounded(.down)), Int(scale) - 1)
      text += "." + pad(fraction, fractionDigits)
    }
    return text + "Z"
  }

  /// Seconds since the epoch with nine decimals, `1764400000.123456789`: how `since` and `until`
  /// are given to the engine.
  public static func unixSeconds(_ date: Date) -> String {
    let total = date.timeIntervalSince1970
    let whole = total.rounded(.down)
    let nanoseconds = min(Int(((total - whole) * 1e9).rounded()), 999_999_999)
    return "\(Int(whole))." + pad(nanoseconds, 9)
  }

  private static func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }

  private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
