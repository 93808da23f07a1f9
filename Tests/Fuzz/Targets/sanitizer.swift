// libFuzzer target: the terminal-text sanitiser, whole and streamed in two pieces. Nothing it
// returns may contain ESC, C0 or C1 controls (tabs are expanded, newlines dropped).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSanitizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let whole = TerminalText.sanitize(bytes)
  for scalar in whole.unicodeScalars {
    precondition(scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value), "control \(scalar.value) survived")
  }
  var streaming = TerminalText.Sanitizer()
  let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
  let pieces = streaming.feed(bytes[..<cut]) + streaming.feed(bytes[cut...]) + streaming.finish()
  for scalar in pieces.unicodeScalars {
    precondition(scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value), "control \(scalar.value) survived streaming")
  }
  _ = whole.displayWidth
  return 0
}
