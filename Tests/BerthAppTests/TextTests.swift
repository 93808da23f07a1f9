@testable import BerthApp
import Foundation
import Testing

/// The text helpers that replace Foundation's case-insensitive search and padding.
struct TextTests {
  @Test(arguments: [
    ("Celery worker READY", "ready"), ("celery", "CELERY"), ("abc", "abcd"), ("abc", ""), ("", "a"),
    ("Straße ist", "STRASSE"), ("ÉCOLE école", "école"), ("x@y `z`", "@Y"), ("[ERROR] x", "[error]"),
    ("🐳 Whale", "whale"), ("e\u{301}t", "É"),
  ])
  func searchAgreesWithFoundationOnWhetherItMatches(text: String, query: String) {
    let ours = text.rangeIgnoringCase(of: query)
    let foundation = query.isEmpty ? nil : text.range(of: query, options: .caseInsensitive)
    if text == "Straße ist" {
      #expect(ours == nil)  // Foundation folds ß to SS; a Character-by-Character search does not.
    } else {
      #expect(ours == foundation)
    }
  }

  @Test func searchFindsTheFirstMatchInASubstring() {
    let text = "aXbxcX"
    let rest = text.dropFirst(2)
    let range = rest.rangeIgnoringCase(of: "x")
    #expect(range.map { text.distance(from: text.startIndex, to: $0.lowerBound) } == 3)
  }

  @Test func paddingCutsOrFills() {
    #expect("Memory".padded(to: 11) == "Memory     ")
    #expect("A very long label".padded(to: 11) == "A very long")
    #expect("".padded(to: 3) == "   ")
  }
}
