/// Reads a stats reply without `JSONDecoder`: a single pass over the bytes that keeps only the
/// fields Berth uses and skips the rest. The monitor decodes one per running container per
/// interval, so this is its hot path; it gives the same `StatsSample` as decoding would (with
/// `memory_stats.stats` reduced to the page-cache keys the memory figure needs).
public enum StatsParser {
  /// The `memory_stats.stats` keys kept.
  public static let memoryKeys: Set<String> = ["total_inactive_file", "inactive_file", "cache"]

  /// Parses one stats document; throws `.malformedReply` on anything that is not JSON or that
  /// nests deeper than `JSONDepth.limit` (skipping a value recurses once per level).
  public static func parse(_ bytes: some Collection<UInt8>) throws(DockerEngineError) -> StatsSample {
    let array = Array(bytes)
    try JSONDepth.check(array)
    return try array.withUnsafeBufferPointer { (buffer) throws(DockerEngineError) -> StatsSample in
      var scanner = Scanner(bytes: buffer)
      return try scanner.sample()
    }
  }

  private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func failure(_ what: String) -> DockerEngineError {
      DockerEngineError(.malformedReply, "The engine sent stats Berth cannot read (\(what) at byte \(index)).")
    }

    mutating func skipSpace() {
      while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
        index += 1
      }
    }

    mutating func expect(_ byte: UInt8) throws(DockerEngineError) {
      skipSpace()
      guard index < bytes.count, bytes[index] == byte else { throw failure("expected \(Character(Unicode.Scalar(byte)))") }
      index += 1
    }

    /// Whether the next byte is `byte` (consumed when it is).
    mutating func take(_ byte: UInt8) -> Bool {
      skipSpace()
      if index < bytes.count, bytes[index] == byte {
        index += 1
        return true
      }
      return false
    }

    /// An object member's name, still in the reply's bytes.
    typealias Key = RawName

    /// Iterates an object's members: `body` reads (or skips) each value.
    mutating func object(_ body: (inout Scanner, Key) throws(DockerEngineError) -> Void) throws(DockerEngineError) {
      skipSpace()
      if take(UInt8(ascii: "n")) {  // null
        index += 3
        return
      }
      try expect(UInt8(ascii: "{"))
      if take(UInt8(ascii: "}")) { return }
      repeat {
        let key = Key(raw: try rawString())
        try expect(UInt8(ascii: ":"))
        try body(&self, key)
      } while take(UInt8(ascii: ","))
      try expect(UInt8(ascii: "}"))
    }

    mutating func string() throws(DockerEngineError) -> String {
      let raw = try rawString()
      let text = String(decoding: raw, as: UTF8.self)
      return raw.contains(UInt8(ascii: "\\")) ? text.replacing("\\/", with: "/").replacing("\\\"", with: "\"") : text
    }

    /// A string's bytes between its quotes, escapes left as they are.
    mutating func rawString() throws(DockerEngineError) -> UnsafeBufferPointer<UInt8> {
      try expect(UInt8(ascii: "\""))
      let start = index
      while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
        if bytes[index] == UInt8(ascii: "\\") { index += 1 }
        index += 1
      }
      guard index < bytes.count else { throw failure("unterminated string") }
      let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
      index += 1
      return raw
    }

    /// A non-negative integer, or nil for `null` (other numbers are read and dropped).
    mutating func unsigned() throws(DockerEngineError) -> UInt64? {
      skipSpace()
      if take(UInt8(ascii: "n")) {
        index += 3
        return nil
      }
      var value: UInt64 = 0
      var digits = 0
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
        let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
        let (sum, overflowB) = times.addingReportingOverflow(UInt64(bytes[index] - 0x30))
        if overflowA || overflowB { throw failure("number too large") }
        value = sum
        digits += 1
        index += 1
      }
      if digits == 0 {
        try skipValue()
        return nil
      }
      if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
        try skipValue()
      }
      return value
    }

    mutating func skipValue() throws(DockerEngineError) {
      skipSpace()
      guard index < bytes.count else { throw failure("unexpected end") }
      switch bytes[index] {
      case UInt8(ascii: "\""):
        _ = try rawString()
      case UInt8(ascii: "{"):
        try object { (scanner, _) throws(DockerEngineError) in try scanner.skipValue() }
      case UInt8(ascii: "["):
        index += 1
        if take(UInt8(ascii: "]")) { return }
        repeat { try skipValue() } while take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
      default:
        let start = index
        while index < bytes.count, !Self.isDelimiter(bytes[index]) { index += 1 }
        if index == start { throw failure("unexpected character") }
      }
    }

    static func isDelimiter(_ byte: UInt8) -> Bool {
      byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || byte == 0x20 || byte == 0x0A
        || byte == 0x0D || byte == 0x09
    }

    mutating func numbers() throws(DockerEngineError) -> [UInt64]? {
      skipSpace()
      if take(UInt8(ascii: "n")) {
        index += 3
        return nil
      }
      try expect(UInt8(ascii: "["))
      var values: [UInt64] = []
      if take(UInt8(ascii: "]")) { return values }
      repeat {
        if let value = try unsigned() { values.append(value) }
      } while take(UInt8(ascii: ","))
      try expect(UInt8(ascii: "]"))
      return values
    }

    mutating func sample() throws(DockerEngineError) -> StatsSample {
      var sample = StatsSample()
      try object { (scanner, key) throws(DockerEngineError) in
        switch key {
        case "read": sample.read = try scanner.string()
        case "preread": sample.preread = try scanner.string()
        case "id": sample.id = try scanner.string()
        case "name": sample.name = try scanner.string()
        case "cpu_stats": sample.cpu = try scanner.cpu()
        case "precpu_stats": sample.previousCPU = try scanner.cpu()
        case "memory_stats": sample.memory = try scanner.memory()
        case "pids_stats":
          var pids = StatsSample.PidsStats()
          try scanner.object { (scanner, key) throws(DockerEngineError) in
            switch key {
            case "current": pids.current = try scanner.unsigned()
            case "limit": pids.limit = try scanner.unsigned()
            default: try scanner.skipValue()
            }
          }
          sample.pids = pids
        default: try scanner.skipValue()
        }
      }
      skipSpace()
      guard index == bytes.count else { throw failure("trailing bytes") }
      return sample
    }

    mutating func cpu() throws(DockerEngineError) -> StatsSample.CPUStats {
      var cpu = StatsSample.CPUStats()
      try object { (scanner, key) throws(DockerEngineError) in
        switch key {
        case "cpu_usage":
          var usage = StatsSample.CPUUsage()
          try scanner.object { (scanner, key) throws(DockerEngineError) in
            switch key {
            case "total_usage": usage.total = try scanner.unsigned()
            case "percpu_usage": usage.perCPU = try scanner.numbers()
            default: try scanner.skipValue()
            }
          }
          cpu.usage = usage
        case "system_cpu_usage": cpu.systemUsage = try scanner.unsigned()
        case "online_cpus": cpu.onlineCPUs = try scanner.unsigned().flatMap(Checked.int)
        case "throttling_data":
          var throttling = StatsSample.Throttling()
          try scanner.object { (scanner, key) throws(DockerEngineError) in
            switch key {
            case "periods": throttling.periods = try scanner.unsigned()
            case "throttled_periods": throttling.throttledPeriods = try scanner.unsigned()
            case "throttled_time": throttling.throttledTime = try scanner.unsigned()
            default: try scanner.skipValue()
            }
          }
          cpu.throttling = throttling
        default: try scanner.skipValue()
        }
      }
      return cpu
    }

    mutating func memory() throws(DockerEngineError) -> StatsSample.MemoryStats {
      var memory = StatsSample.MemoryStats(usage: nil)
      try object { (scanner, key) throws(DockerEngineError) in
        switch key {
        case "usage": memory.usage = try scanner.unsigned()
        case "max_usage": memory.maxUsage = try scanner.unsigned()
        case "limit": memory.limit = try scanner.unsigned()
        case "failcnt": memory.failcnt = try scanner.unsigned()
        case "stats":
          var stats: [String: UInt64] = [:]
          try scanner.object { (scanner, key) throws(DockerEngineError) in
            switch key {
            case "total_inactive_file", "inactive_file", "cache":
              if let value = try scanner.unsigned() { stats[key.string] = value }
            default: try scanner.skipValue()
            }
          }
          memory.stats = stats
        default: try scanner.skipValue()
        }
      }
      return memory
    }
  }
}
