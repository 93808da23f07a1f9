import DockerEngine

/// How much of a log flood Berth keeps: the same bound for the logs pane's buffer and for the
/// lines waiting in the mailbox while the UI loop is away (a shell session), so an hour beside
/// a flood costs bounded memory.
struct LogBudget: Equatable, Sendable {
  /// Most lines kept; the oldest go first.
  var lines: Int
  /// Most bytes kept (text plus `entryOverhead` per line); the oldest lines go first.
  var bytes: Int

  /// The default byte budget: 8 MiB, so 5 000 long lines cannot take hundreds of MiB.
  static let defaultBytes = 8 << 20
  /// Longest line kept; a longer one is cut at a character boundary and marked as cut.
  static let lineBytes = 16 << 10
  /// What one line costs besides its text (its record, source and timestamp), for the budget.
  static let entryOverhead = 64

  /// A budget of `lines` lines (at least 10) and `bytes` bytes (at least one longest line).
  init(lines: Int = 5_000, bytes: Int = defaultBytes) {
    self.lines = max(10, lines)
    self.bytes = max(Self.lineBytes + Self.entryOverhead, bytes)
  }

  /// What a line of `textBytes` bytes costs against the byte budget.
  static func cost(ofTextBytes textBytes: Int) -> Int { textBytes + entryOverhead }

  /// The bytes of a line cut to `lineBytes` at a UTF-8 character boundary, and whether they were cut.
  static func cut(_ bytes: [UInt8]) -> (bytes: [UInt8], isCut: Bool) {
    guard bytes.count > lineBytes else { return (bytes, false) }
    var end = lineBytes
    // Back off over continuation bytes (10xxxxxx) so a character is not split.
    while end > lineBytes - 4, end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
    return (Array(bytes[..<end]), true)
  }

  /// A line cut to `lineBytes`; a line cut before (by the engine stream's own bound) stays marked.
  static func cut(_ line: LogLine) -> LogLine {
    let (bytes, isCut) = cut(line.bytes)
    guard isCut else { return line }
    var cut = line
    cut.bytes = bytes
    cut.isTruncated = true
    return cut
  }
}
