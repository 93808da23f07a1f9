@testable import BerthApp
import Dashboard
import DockerEngine
import Foundation
import Monitor
import TerminalUI
import Testing

/// The dashboard rendered into the test grid and compared with golden text files.
struct DashboardViewTests {
  @Test func djangoStackWide() throws {
    let screen = render(loadedModel(width: 160, height: 40), width: 160, height: 40)
    try assertGolden(screen.textDump.joined(separator: "\n"), named: "django-160x40")
    let text = screen.textDump.joined(separator: "\n")
    #expect(text.contains("3/3"))  // celery replicas
    #expect(text.contains("2/2"))  // web: the exited one-off is not a replica
    #expect(text.contains("26% / 0.75 cpu"))  // celery CPU summed with its summed limit
    #expect(text.contains("216M / 256M"))  // web memory and limit summed
    #expect(text.contains("431M / unlimited"))  // celery has no memory limit
    #expect(text.contains("OOM"))
    #expect(text.contains("THROTTLED"))
  }

  @Test func djangoStackNarrow() throws {
    let screen = render(loadedModel(width: 80, height: 24), width: 80, height: 24)
    try assertGolden(screen.textDump.joined(separator: "\n"), named: "django-80x24")
  }

  @Test func djangoStackStylesOfTheDefaultTheme() throws {
    let screen = render(loadedModel(width: 120, height: 30), width: 120, height: 30)
    try assertGolden(screen.styleDump.joined(separator: "\n"), named: "django-120x30-styles")
  }

  @Test func asciiFallbackWithoutUTF8() throws {
    let screen = render(loadedModel(width: 100, height: 24), width: 100, height: 24, glyphs: .ascii)
    let text = screen.textDump.joined(separator: "\n")
    #expect(!text.unicodeScalars.contains { $0.value > 0x7E })
    try assertGolden(text, named: "django-ascii-100x24")
  }

  @Test func detailsOfAnUnhealthyReplicaShowLimitsAndTheLastCheck() throws {
    var model = loadedModel(width: 170, height: 44)
    _ = model.handle(.dashboard(.select(.container("id-shop-web-2"))))
    let screen = render(model, width: 170, height: 44)
    let text = screen.textDump.joined(separator: "\n")
    #expect(text.contains("unhealthy"))
    #expect(text.contains("curl: (7) Failed to connect to localhost port 8000"))
    #expect(text.contains("120M / 128M (94%)"))
    #expect(text.contains("MEM≥90%"))
    #expect(text.contains("unless-stopped · 2 restarts"))
    try assertGolden(text, named: "details-unhealthy-170x44")
  }

  @Test func cpuAsShareOfTheLimit() {
    var model = loadedModel(width: 160, height: 40)
    _ = model.handle(.input(.key(.character("%"))))
    let text = render(model, width: 160, height: 40).textDump.joined(separator: "\n")
    #expect(text.contains("34% of 0.75"))  // celery: 25.8 % of host over 0.75 cpu
    #expect(text.contains("(no limit)"))  // rabbitmq
    #expect(text.contains("CPU as % of limit"))
  }

  @Test func longAndHostileNamesAreCutAndSanitised() throws {
    let hostile = container("evil\u{1B}]0;pwned\u{07}\u{1B}[2J-" + String(repeating: "x", count: 200), project: "p", service: "s")
    let screen = render(loadedModel([hostile], width: 100, height: 24), width: 100, height: 24)
    let text = screen.textDump.joined(separator: "\n")
    #expect(!text.contains("\u{1B}"))
    #expect(!text.contains("pwned"))
    #expect(text.contains("evil-xxx"))
    try assertGolden(text, named: "long-names-100x24")
  }

  @Test func unlimitedAndExitedServices() throws {
    let containers = [
      container("a-worker-1", project: "a", service: "worker", state: .exited, exitCode: 137),
      container("a-worker-2", project: "a", service: "worker", number: 2, state: .exited, exitCode: 1),
      container("a-api-1", project: "a", service: "api", cpu: 4, memory: 300 << 20),
    ]
    let screen = render(loadedModel(containers, width: 120, height: 30), width: 120, height: 30)
    let text = screen.textDump.joined(separator: "\n")
    #expect(text.contains("0/2"))
    #expect(text.contains("exited"))
    #expect(text.contains("4.0% / unlimited"))
    try assertGolden(text, named: "exited-unlimited-120x30")
  }

  @Test func emptyEngine() throws {
    let text = render(loadedModel([], width: 80, height: 24), width: 80, height: 24).textDump.joined(separator: "\n")
    #expect(text.contains("No containers on this engine."))
    try assertGolden(text, named: "empty-80x24")
  }

  @Test func disconnectedShowsTheReasonAndRetry() {
    let connection = ConnectionState.disconnected(reason: "Cannot connect to the Docker engine at unix:///x.sock", retryingIn: .seconds(2))
    let text = render(loadedModel(djangoStack(), width: 120, height: 30, connection: connection), width: 120, height: 30)
      .textDump.joined(separator: "\n")
    #expect(text.contains("disconnected — retrying"))
    #expect(text.contains("Disconnected — retrying in 2s: Cannot connect to the Docker engine at unix:///x.sock"))
  }

  /// Below the minimum size only the note is drawn, cut to the window: every non-blank line is the
  /// start of one of its lines (at 1×1 that is the "1" of "1×1, need …"), nothing outside the grid.
  @Test(arguments: [(0, 0), (1, 1), (20, 5), (59, 24), (120, 14), (50, 12)])
  func tooSmallShowsANoteNotGarbage(width: Int, height: Int) {
    let screen = render(loadedModel(width: width, height: height), width: width, height: height)
    let dump = screen.textDump
    #expect(dump.count == height)
    #expect(dump.allSatisfy { $0.displayWidth <= width })
    let minimum = DashboardLayout.minimumSize
    let note = ["Terminal too small", "\(width)×\(height), need \(minimum.width)×\(minimum.height)", "q quits"]
    let drawn = dump.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    #expect(drawn.count == min(height, note.count) || width < note[0].count)
    for line in drawn {
      #expect(note.contains { $0.hasPrefix(line) }, "not part of the note: \(line)")
    }
    if width >= 20 && height >= 3 {
      #expect(drawn.first == "Terminal too small")
    }
  }

  @Test(arguments: [(60, 15), (80, 24), (200, 60)])
  func everySizeFromTheMinimumUpDrawsThePanes(width: Int, height: Int) {
    let text = render(loadedModel(width: width, height: height), width: width, height: height).textDump.joined(separator: "\n")
    #expect(text.contains("Services"))
    #expect(text.contains("Details"))
    #expect(text.contains("Logs"))
  }

  @Test func helpOverlayListsTheKeys() throws {
    var model = loadedModel(width: 100, height: 40)
    _ = model.handle(.input(.key(.character("?"))))
    let text = render(model, width: 100, height: 40).textDump.joined(separator: "\n")
    #expect(text.contains("Keys — esc closes"))
    #expect(text.contains("rolling restart"))
    try assertGolden(text, named: "help-100x40")
  }

  @Test func confirmationDialogSaysHowMany() throws {
    var model = loadedModel(width: 100, height: 30)
    _ = model.handle(.dashboard(.select(.service(ServiceKey(project: "shop", service: "celery")))))
    _ = model.handle(.input(.key(.character("K"))))
    let unarmed = render(model, width: 100, height: 30).textDump.joined(separator: "\n")
    #expect(unarmed.contains("Kill 3 containers of celery? y/N"))
    // Until the question has been on screen it takes no answer, and does not offer one.
    #expect(!unarmed.contains("any other key: cancel"))
    _ = model.frameDrawn()
    let text = render(model, width: 100, height: 30).textDump.joined(separator: "\n")
    #expect(text.contains("Kill 3 containers of celery? y/N"))
    #expect(text.contains("y: yes · any other key: cancel"))
    try assertGolden(text, named: "confirm-kill-100x30")
  }

  @Test func filterPromptShowsWhatIsTyped() {
    var model = loadedModel(width: 100, height: 30)
    for key: KeyEvent in [.character("/"), .character("c"), .character("e"), .character("l")] { _ = model.handle(.input(.key(key))) }
    let text = render(model, width: 100, height: 30).textDump.joined(separator: "\n")
    #expect(text.contains("/cel█"))
    #expect(text.contains("Services — filter: cel"))
    #expect(!text.contains("rabbitmq"))
  }

  @Test func mergedServiceLogsArePrefixedWithTheReplica() throws {
    var model = loadedModel(width: 120, height: 30)
    _ = model.handle(.dashboard(.select(.service(ServiceKey(project: "shop", service: "celery")))))
    let generation = model.logs.generation
    func line(_ text: String, at seconds: Double, stderr: Bool = false) -> LogLine {
      LogLine(stream: stderr ? .stderr : .stdout, timestamp: fixedNow.addingTimeInterval(seconds), bytes: Array(text.utf8))
    }
    _ = model.handle(
      .logLines(
        [line("task A received", at: 1), line("task A done", at: 3)], source: "shop-celery-1", sourceIndex: 0, generation: generation))
    _ = model.handle(
      .logLines(
        [line("task B received", at: 2), line("worker lost\u{1B}[2J", at: 4, stderr: true)], source: "shop-celery-2", sourceIndex: 1,
        generation: generation))
    _ = model.handle(.logLines([line("stale", at: 0)], source: "old", sourceIndex: 0, generation: generation - 1))
    let text = render(model, width: 120, height: 30).textDump.joined(separator: "\n")
    let order = [
      "shop-celery-1 |   task A received", "shop-celery-2 |   task B received", "shop-celery-1 |   task A done",
      "shop-celery-2 | ! worker lost",
    ]
    let positions = order.compactMap { text.range(of: $0)?.lowerBound }
    #expect(positions.count == 4 && positions == positions.sorted())
    #expect(!text.contains("stale"))
    #expect(!text.contains("\u{1B}"))
    #expect(text.contains("Logs — celery (3 containers)"))
  }
}
