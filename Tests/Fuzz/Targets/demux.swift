// libFuzzer target: the multiplexed log stream decoder and the line assembler, fed in two pieces
// split where the first input byte says. Built by scripts/fuzz with the DockerEngine stream sources.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDemux(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let first = bytes.first else { return 0 }
  let cut = min(bytes.count, 1 + Int(first))
  var demultiplexer = LogDemultiplexer(maximumPayload: 64)
  var assembler = LogLineAssembler(timestamps: first & 1 == 1, maximumLineLength: 32)
  var total = 0
  for frame in demultiplexer.feed(bytes[1..<cut]) + demultiplexer.feed(bytes[cut...]) {
    precondition(frame.bytes.count <= 64)
    total += frame.bytes.count
    for line in assembler.feed(frame) { precondition(line.bytes.count <= 32) }
  }
  _ = assembler.finish()
  precondition(total <= bytes.count)
  return 0
}
