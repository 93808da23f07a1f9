@testable import DockerEngine
import Foundation
import Testing

/// The helpers that stand in for classic Foundation in shipped code, checked against Foundation.
struct PortableTests {
  @Test(arguments: [0, 1_764_400_000, 1_764_400_000.5, 1_764_400_000.25, 1_764_400_000.123456789, 1_764_400_000.999])
  func unixSecondsAreWhatPrintfWrites(seconds: Double) {
    #expect(EngineTime.unixSeconds(Date(timeIntervalSince1970: seconds)) == String(format: "%.9f", seconds))
  }

  @Test(arguments: ["", "  ", "\t x y \n", "x", " \r\nhello world\r\n ", "é ", " 🐳\t"])
  func trimmingMatchesFoundation(text: String) {
    #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  @Test func percentEncodingMatchesFoundation() {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    for text in ["abc123", "web_1", "a b", "x/y?z=1&w", "ünïcode", "🐳", "%20", "a+b"] {
      let ascii = text.unicodeScalars.allSatisfy { $0.isASCII }
      if ascii { #expect(DockerClient.escape(text) == text.addingPercentEncoding(withAllowedCharacters: allowed)) }
      #expect(DockerClient.escape(text).removingPercentEncoding == text)
    }
  }

  @Test func filtersAreSortedJSON() throws {
    let json = DockerClient.filtersJSON(["type": ["container"], "label": ["com.docker.compose.project=a/b"]])
    #expect(json == #"{"label":["com.docker.compose.project=a/b"],"type":["container"]}"#)
    let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: [String]]
    #expect(decoded?["type"] == ["container"])
  }

  @Test func writeAllWritesEverythingToAPipe() throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    let payload = [UInt8](repeating: UInt8(ascii: "x"), count: 40_000)  // less than a pipe's buffer
    #expect(writeAll(fds[1], payload))
    close(fds[1])
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 8192)
    while case let n = read(fds[0], &buffer, buffer.count), n > 0 { received += buffer[..<n] }
    close(fds[0])
    #expect(received == payload)
    #expect(!writeAll(-1, payload))
  }

  @Test func lockAndThreadsCountTogether() async {
    final class Counter: @unchecked Sendable { let lock = Lock(); var value = 0 }
    let counter = Counter()
    await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
      let finished = Counter()
      for _ in 0..<4 {
        startThread {
          for _ in 0..<10_000 { counter.lock.withLock { counter.value += 1 } }
          let last = finished.lock.withLock {
            finished.value += 1; return finished.value == 4
          }
          if last { done.resume() }
        }
      }
    }
    #expect(counter.value == 40_000)
  }
}
