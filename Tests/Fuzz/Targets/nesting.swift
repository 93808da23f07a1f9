// libFuzzer target: the JSON nesting bound in front of every decoder. Whatever the bytes, the
// depth check answers in one pass, and a reply it lets through never nests deeper than the
// bound — so the recursive decoders behind it (here the stats parser's skip; the models target
// drives JSONDecoder and the line decoder) stay within a few hundred frames.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNesting(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  // Small bounds make deep nesting reachable from short inputs.
  let bound = Int(bytes.first ?? 0) % 16
  let passes = (try? JSONDepth.check(bytes, limit: bound)) != nil
  let deepest = bytes.withUnsafeBufferPointer { JSONDepth.deepestNesting($0, stoppingAbove: Int.max) }
  precondition(passes == (deepest <= bound), "the check disagrees with the full count")
  // The input as a member the stats parser skips: its recursive path, which the bound protects.
  _ = try? StatsParser.parse(Array(#"{"extra":"#.utf8) + bytes.dropFirst() + [UInt8(ascii: "}")])
  return 0
}
