/// Writes JSON text straight into bytes, for the documents Berth prints every refresh.
///
/// `berth snapshot --watch` prints a whole document per sampling round; through `Codable` that was
/// a third of the monitor's CPU. Callers write each object's keys in sorted order themselves (the
/// tests check the output against a sorted re-serialisation). Slashes are not escaped; non-finite
/// numbers are written as `null`.
struct JSONWriter {
  private(set) var bytes: [UInt8] = []
  private let pretty: Bool
  /// Per open object or array, innermost last: whether it has a member yet (a comma goes before
  /// the next). Its count is the nesting depth.
  private var hasMember: [Bool] = []
  /// Whether a key was just written, so the value follows it on the same line.
  private var expectingValue = false

  init(pretty: Bool = false, capacity: Int = 4096) {
    self.pretty = pretty
    bytes.reserveCapacity(capacity)
  }

  // MARK: Structure

  mutating func object(_ body: (inout JSONWriter) -> Void) { open(UInt8(ascii: "{")); body(&self); close(UInt8(ascii: "}")) }
  mutating func array(_ body: (inout JSONWriter) -> Void) { open(UInt8(ascii: "[")); body(&self); close(UInt8(ascii: "]")) }

  /// Starts a member of the enclosing object; the value is written next.
  mutating func key(_ name: StaticString) {
    separate()
    bytes.append(UInt8(ascii: "\""))
    name.withUTF8Buffer { bytes.append(contentsOf: $0) }
    bytes.append(UInt8(ascii: "\""))
    if pretty { bytes += [0x20, UInt8(ascii: ":"), 0x20] } else { bytes.append(UInt8(ascii: ":")) }
    expectingValue = true
  }

  // MARK: Values

  mutating func null() { value(); append("null") }
  mutating func bool(_ flag: Bool) { value(); append(flag ? "true" : "false") }
  mutating func int<I: BinaryInteger>(_ number: I) { value(); append(String(number)) }
  mutating func int<I: BinaryInteger>(_ number: I?) { if let number { int(number) } else { null() } }
  mutating func double(_ number: Double?) {
    guard let number, number.isFinite else { return null() }
    value()
    if number == number.rounded(), abs(number) < 1e15 { append(String(Int64(number))) } else { append(number.description) }
  }
  mutating func string(_ text: String?) {
    guard let text else { return null() }
    value()
    bytes.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
      case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
      case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
      case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
      case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
      case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
      case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
      case ..<0x20:
        let hex = Array("0123456789abcdef".utf8)
        bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
      default: bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  // MARK: Layout

  private mutating func value() {
    if expectingValue { expectingValue = false } else { separate() }
  }

  private mutating func separate() {
    guard let last = hasMember.last else { return }
    if last { bytes.append(UInt8(ascii: ",")) }
    hasMember[hasMember.count - 1] = true
    newline()
  }

  private mutating func open(_ bracket: UInt8) {
    value()
    bytes.append(bracket)
    hasMember.append(false)
  }

  private mutating func close(_ bracket: UInt8) {
    let hadMembers = hasMember.removeLast()
    if hadMembers { newline() }
    bytes.append(bracket)
  }

  private mutating func newline() {
    guard pretty else { return }
    bytes.append(0x0A)
    bytes += repeatElement(0x20, count: 2 * hasMember.count)
  }

  private mutating func append(_ text: String) { bytes += text.utf8 }
}
