@testable import BerthApp
import Dashboard
import Foundation
import TerminalUI
import Testing

/// The header says when the engine is reached over TLS that does not verify it.
struct TLSHeaderTests {
  func header(isTLSUnverified: Bool, width: Int = 120) -> (text: String, styles: [String]) {
    let model = loadedModel(width: width, height: 30)
    var screen = Screen(width: width, height: 30)
    let context = ViewContext(theme: .default, glyphs: .unicode, keymap: model.keymap, now: fixedNow, isTLSUnverified: isTLSUnverified)
    _ = DashboardView(model: model, context: context).draw(on: &screen)
    return (screen.textDump[0], screen.styleDump.filter { $0.contains(" y=0:") })
  }

  @Test func unverifiedTLSIsMarkedInTheHeader() throws {
    let marked = header(isTLSUnverified: true)
    #expect(marked.text.hasPrefix(" berth ● TLS not verified · 11/12 running"))
    // The mark is drawn in the theme's danger colour on the header's background.
    let danger = Theme.default.danger.patched(with: Style(background: Theme.default.statusBar.background))
    #expect(marked.styles.contains("x=9 y=0: \(danger)"))
    try assertGolden((["text: " + marked.text] + marked.styles).joined(separator: "\n"), named: "header-tls-unverified-120")
  }

  @Test func verifiedOrPlainConnectionsHaveNoMark() {
    let plain = header(isTLSUnverified: false)
    #expect(!plain.text.contains("TLS"))
    #expect(plain.text.hasPrefix(" berth ● 11/12 running"))
  }

  @Test func theMarkStaysOnANarrowScreen() {
    #expect(header(isTLSUnverified: true, width: 60).text.contains("TLS not verified"))
  }
}
