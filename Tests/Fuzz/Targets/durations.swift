// libFuzzer target: the one grammar of durations users type (`--interval`, `--since`, the logs
// pane's prompt). Any text either parses to a positive duration that `describe` writes back in
// the grammar, or is refused with a short message that names what is accepted; never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDurations(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  do {
    let duration = try DurationText.parse(text)
    precondition(duration > .zero, "parsed a duration that is not positive")
    precondition((try? DurationText.parse(DurationText.describe(duration))) == duration, "describe does not parse back")
  } catch {
    precondition(error.message.utf8.count < 400, "a message repeats too much of the input")
    precondition(error.message.contains("duration") || error.message.contains("too long"), "a message without the grammar")
  }
  return 0
}
