@testable import BerthApp
import Dashboard
import DockerEngine
import Foundation
import Monitor
import TerminalUI
import Testing

struct AppModelTests {
  let celery = ServiceKey(project: "shop", service: "celery")

  @Test func restartOnAServiceRowActsOnAllItsReplicas() {
    var model = loadedModel()
    _ = model.handle(.dashboard(.select(.service(celery))))
    let effects = model.handle(.input(.key(.character("r"))))
    #expect(
      effects == [
        .dashboard(.perform(.restart, containerIDs: ["id-shop-celery-1", "id-shop-celery-2", "id-shop-celery-3"], label: "Restart celery"))
      ])
    // The footer says how many containers it touches as it starts.
    #expect(render(model, width: 120, height: 36).textDump.last?.contains("Restarting celery: 3 containers…") == true)
  }

  @Test func killAsksAndOnlyYesActs() {
    var model = loadedModel()
    _ = model.handle(.dashboard(.select(.service(celery))))
    #expect(model.handle(.input(.key(.character("K")))).isEmpty)
    #expect(model.frameDrawn().isEmpty)
    #expect(model.handle(.input(.key(.character("x")))).isEmpty)
    #expect(model.state.overlay == .none)
    _ = model.handle(.input(.key(.character("K"))))
    _ = model.frameDrawn()
    let effects = model.handle(.input(.key(.character("y"))))
    #expect(effects.count == 1)
    guard case .dashboard(.perform(.kill, let ids, _))? = effects.first else {
      Issue.record("expected a kill, got \(effects)")
      return
    }
    #expect(ids.count == 3)
  }

  /// Keys read in the same batch as the one that opened the question (typed ahead, or a
  /// paste in a terminal without bracketed paste) cannot answer it.
  @Test func keysQueuedBeforeTheDialogWasDrawnAreIgnored() {
    var model = loadedModel()
    _ = model.handle(.dashboard(.select(.service(celery))))
    for key in "Dy" { #expect(model.handle(.input(.key(.character(key)))).isEmpty) }
    #expect(model.isConfirmationAwaitingFrame)
    guard case .confirm(let prompt, _) = model.state.overlay else {
      Issue.record("the queued y closed the question")
      return
    }
    #expect(prompt == "Remove 3 containers of celery? y/N")
    #expect(model.frameDrawn().isEmpty)
    #expect(!model.isConfirmationAwaitingFrame)
    let effects = model.handle(.input(.key(.character("Y"))))
    guard case .dashboard(.perform(.remove, let ids, _))? = effects.first else {
      Issue.record("expected a remove, got \(effects)")
      return
    }
    #expect(ids == ["id-shop-celery-1", "id-shop-celery-2", "id-shop-celery-3"])
  }

  @Test func aDialogTheTerminalIsTooSmallToShowIsNotArmed() {
    var model = loadedModel()
    _ = model.handle(.dashboard(.select(.service(celery))))
    _ = model.handle(.input(.key(.character("K"))))
    _ = model.handle(.input(.resize(width: 50, height: 12)))
    #expect(!model.showsUnarmedConfirmation)
    _ = model.frameDrawn()
    #expect(model.isConfirmationAwaitingFrame)
    #expect(model.handle(.input(.key(.character("y")))).isEmpty)
    _ = model.handle(.input(.resize(width: 120, height: 36)))
    #expect(model.showsUnarmedConfirmation)
    _ = model.frameDrawn()
    #expect(!model.showsUnarmedConfirmation)
    #expect(model.handle(.input(.key(.character("y")))).count == 1)
  }

  @Test(arguments: [
    KeyEvent.character("n"), .character("N"), .escape, .enter, .character("q"), .character("D"),
    .character("K"), .down, .ctrl("c"),
  ])
  func anyKeyButYCancelsTheConfirmation(key: KeyEvent) {
    var model = loadedModel()
    _ = model.handle(.dashboard(.select(.service(celery))))
    _ = model.handle(.input(.key(.character("D"))))
    _ = model.frameDrawn()
    #expect(model.handle(.input(.key(key))).isEmpty)
    #expect(model.state.overlay == .none)
    #expect(model.state.statusMessage == StatusMessage("Cancelled"))
  }

  @Test func pasteIsNeverReadAsKeysAndIsDroppedWithANote() {
    var model = loadedModel()
    _ = model.handle(.dashboard(.select(.service(celery))))
    let effects = model.handle(.input(.paste("xDyx e\nq")))
    #expect(!effects.contains { if case .dashboard = $0 { true } else { false } })
    #expect(model.state.overlay == .none)
    #expect(model.state.statusMessage == StatusMessage("Pasted text ignored: \"xDyx eq\""))
    let long = String(repeating: "K", count: 100)
    _ = model.handle(.input(.paste(long)))
    #expect(model.state.statusMessage?.text == "Pasted text ignored: \"\(long.prefix(32))…\"")
    #expect(model.state.overlay == .none)
    let footer = render(model, width: 120, height: 36).textDump.last ?? ""
    #expect(footer.contains("Pasted text ignored"))
  }

  @Test func pasteOnAConfirmationNeitherAnswersNorCancelsIt() {
    var model = loadedModel()
    _ = model.handle(.dashboard(.select(.service(celery))))
    _ = model.handle(.input(.key(.character("D"))))
    _ = model.frameDrawn()
    #expect(model.handle(.input(.paste("y"))).allSatisfy { if case .dashboard = $0 { false } else { true } })
    guard case .confirm = model.state.overlay else {
      Issue.record("a paste answered the question")
      return
    }
    // Still the same question, still armed: a typed y after the paste removes the replicas.
    let effects = model.handle(.input(.key(.character("y"))))
    guard case .dashboard(.perform(.remove, let ids, _))? = effects.first else {
      Issue.record("the question no longer answers y after a paste: \(effects)")
      return
    }
    #expect(ids == ["id-shop-celery-1", "id-shop-celery-2", "id-shop-celery-3"])
  }

  @Test func pasteGoesIntoTheFilterPromptWithoutControlsOrNewlines() {
    var model = loadedModel()
    _ = model.handle(.input(.key(.character("/"))))
    _ = model.handle(.input(.paste("cel\r\n\u{1B}[31mery\u{7}")))
    #expect(model.state.isFilterPromptOpen)
    #expect(model.state.filter == "celery")
    #expect(model.state.selection == .service(celery))
    #expect(model.state.statusMessage == nil)
  }

  @Test func pasteGoesIntoTheLogsSearchAndSincePrompts() {
    var model = loadedModel()
    _ = model.handle(.dashboard(.select(.service(celery))))
    _ = model.handle(.input(.key(.character("l"))))
    _ = model.handle(.input(.key(.character("/"))))
    _ = model.handle(.input(.paste("tick\n")))
    #expect(model.logPrompt?.text == "tick")
    #expect(model.logs.query == "tick")
    _ = model.handle(.input(.key(.enter)))
    _ = model.handle(.input(.key(.character("s"))))
    _ = model.handle(.input(.paste("5m\r\n")))
    #expect(model.logPrompt == LogPrompt(kind: .since, text: "5m"))
    _ = model.handle(.input(.key(.enter)))
    #expect(model.logs.since == .seconds(300))
  }

  @Test func filterLandsOnTheFirstMatchingServiceAndEscapeClears() {
    var model = loadedModel()
    for key: KeyEvent in [.character("/"), .character("c"), .character("e"), .character("l"), .enter] {
      _ = model.handle(.input(.key(key)))
    }
    #expect(model.state.selection == .service(celery))
    #expect(!model.state.isFilterPromptOpen)
    _ = model.handle(.input(.key(.escape)))
    #expect(model.state.filter.isEmpty)
  }

  @Test func quitKeyQuits() {
    var model = loadedModel()
    #expect(model.handle(.input(.key(.character("q")))) == [.dashboard(.quit)])
  }

  @Test func selectingAServiceFollowsAllItsContainersLogs() {
    var model = loadedModel()
    let effects = model.handle(.dashboard(.select(.service(ServiceKey(project: "shop", service: "web")))))
    guard case .followLogs(let followed, let generation)? = effects.last else {
      Issue.record("no followLogs in \(effects)")
      return
    }
    #expect(Set(followed.map(\.name)) == ["shop-web-1", "shop-web-2", "shop-web-run-8f2c"])
    #expect(followed.map(\.index) == [0, 1, 2])
    #expect(generation == model.logs.generation)
  }

  @Test func scrollKeysInTheLogsPaneScrollTheLogsAndPauseFollowing() {
    var model = loadedModel()
    _ = model.handle(.dashboard(.select(.service(celery))))
    let lines = (0..<100).map {
      LogLine(stream: .stdout, timestamp: fixedNow.addingTimeInterval(Double($0)), bytes: Array("line \($0)".utf8))
    }
    _ = model.handle(.logLines(lines, source: "shop-celery-1", sourceIndex: 0, generation: model.logs.generation))
    _ = model.handle(.input(.key(.character("l"))))
    #expect(model.state.focusedPane == .logs)
    let selection = model.state.selection
    _ = model.handle(.input(.key(.character("k"))))
    _ = model.handle(.input(.key(.up)))
    #expect(model.state.selection == selection)
    #expect(model.logs.isPaused)
    _ = model.handle(
      .logLines(
        [LogLine(stream: .stdout, timestamp: fixedNow.addingTimeInterval(200), bytes: Array("new".utf8))],
        source: "shop-celery-1", sourceIndex: 0, generation: model.logs.generation))
    #expect(model.logs.unseenCount == 1)
    #expect(render(model, width: 120, height: 36).textDump.joined().contains("paused, 1 new"))
    _ = model.handle(.input(.key(.end)))
    #expect(!model.logs.isPaused)
  }

  @Test func mouseClickSelectsTheRowUnderIt() {
    var model = loadedModel(width: 120, height: 36)
    _ = render(model, width: 120, height: 36)
    // Row 0 of the table is at y = 3 (header line, border, column header).
    let layout = DashboardLayout(size: Size(width: 120, height: 36))
    let rowIndex = model.state.rows.firstIndex { $0.id == .service(celery) } ?? 0
    _ = model.handle(.input(.mouse(MouseEvent(.click, x: 5, y: layout.services.y + 2 + rowIndex))))
    #expect(model.state.selection == .service(celery))
    _ = model.handle(.input(.mouse(MouseEvent(.click, x: layout.logs.x + 3, y: layout.logs.y + 2))))
    #expect(model.state.focusedPane == .logs)
  }

  @Test func resizeSetsThePageSize() {
    var model = loadedModel(width: 120, height: 36)
    _ = model.handle(.input(.resize(width: 100, height: 50)))
    #expect(model.state.pageSize == DashboardLayout(size: Size(width: 100, height: 50)).services.height - 3)
  }

  @Test func logBufferIsBounded() {
    var logs = LogView(capacity: 100)
    let generation = logs.follow(subject: "x", sourceCount: 1)
    for batch in 0..<50 {
      let entries = (0..<100).map { LogEntry(source: "x", sourceIndex: 0, timestamp: nil, text: "\(batch)-\($0)", isStderr: false) }
      logs.append(entries, generation: generation)
    }
    #expect(logs.lines.count == 100)
    #expect(logs.lines.last?.text == "49-99")
  }
}

struct FocusTests {
  @Test func onlyVisibleRowsAndTheSelectionAreInFocus() {
    // 24 rows tall: the services table shows a few rows only.
    var model = loadedModel(width: 80, height: 24)
    _ = render(model, width: 80, height: 24)
    let focus = model.containersOnScreen
    #expect(focus.contains("id-shop-celery-1"))
    #expect(!focus.contains("id-buildkit"))  // far below the fold
    _ = model.handle(.dashboard(.select(.container("id-buildkit"))))
    #expect(model.containersOnScreen.contains("id-buildkit"))
  }
}
