import Foundation

// libFuzzer target: everything Berth decodes from the engine — the one-pass stats parser (which
// must agree with JSONDecoder whenever both accept the input) and the Codable models.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModels(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let parsed = try? StatsParser.parse(bytes)
  if let parsed, var decoded = try? JSONDecoder().decode(StatsSample.self, from: Data(bytes)) {
    let kept = decoded.memory?.stats?.filter { StatsParser.memoryKeys.contains($0.key) }
    decoded.memory?.stats = kept
    _ = parsed == decoded
  }
  let data = Data(bytes)
  _ = try? JSONDecoder().decode([ContainerSummary].self, from: data)
  _ = try? JSONDecoder().decode(ContainerDetails.self, from: data)
  _ = try? JSONDecoder().decode(EngineVersion.self, from: data)
  var events = JSONLineDecoder<EngineEvent>(maximumDocumentLength: 4096)
  _ = events.feed(bytes)
  _ = events.finish()
  _ = EngineTime.parse(String(decoding: bytes.prefix(64), as: UTF8.self))
  return 0
}
