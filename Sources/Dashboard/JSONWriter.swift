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
  /// A JSON string. What a terminal would act on rather than print is escaped as `\uXXXX`: C0
  /// controls (but `\n \r \t \b \f`), DEL, C1 (U+0080–U+009F), and the bidi controls and
  /// invisible format characters `TerminalText.sanitize` drops (U+061C, U+200B–U+200F,
  /// U+202A–U+202E, U+2060–U+2064, U+2066–U+2069, U+FEFF), plus U+2028/U+2029; so a document
  /// printed to a terminal cannot drive it or disguise a name, and a JSON reader still gets every
  /// character back. Everything else is written as UTF-8.
  mutating func string(_ text: String?) {
    guard let text else { return null() }
    value()
    bytes.append(UInt8(ascii: "\""))
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x22: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
      case 0x5C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
      case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
      case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
      case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
      case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
      case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
      case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2064, 0x2066...0x2069,
        0xFEFF:
        escape(scalar.value)
      case 0x20..<0x80: bytes.append(UInt8(scalar.value))
      default: UTF8.encode(scalar) { bytes.append($0) }
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  /// `\uXXXX` for a code point of the Basic Multilingual Plane, lower-case hex.
  private mutating func escape(_ codePoint: UInt32) {
    let hex = Array("0123456789abcdef".utf8)
    bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u")]
    for shift in stride(from: 12, through: 0, by: -4) { bytes.append(hex[Int(codePoint >> UInt32(shift) & 0xF)]) }
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
