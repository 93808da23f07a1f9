@testable import BerthApp
import Dashboard
import DockerEngine
import Foundation
import Monitor
import TerminalUI
import Testing

/// Log lines of a source at whole seconds after `fixedNow`.
func logLines(_ texts: [String], from start: Double = 0, stderr: Bool = false) -> [LogLine] {
  texts.enumerated().map { index, text in
    LogLine(stream: stderr ? .stderr : .stdout, timestamp: fixedNow.addingTimeInterval(start + Double(index)), bytes: Array(text.utf8))
  }
}

struct LogViewTests {
  func view(_ texts: [String]) -> LogView {
    var logs = LogView(capacity: 1000)
    let generation = logs.follow(subject: "x", sourceCount: 1)
    logs.append(logLines(texts).map { LogEntry(line: $0, source: "x", sourceIndex: 0) }, generation: generation)
    return logs
  }

  @Test func mergesInterleavedReplicasByTimestamp() {
    var logs = LogView()
    let generation = logs.follow(subject: "celery", sourceCount: 3)
    let a = logLines(["a0", "a2", "a4"], from: 0).enumerated().map { index, line in
      var line = line
      line.timestamp = fixedNow.addingTimeInterval(Double(index * 2))
      return LogEntry(line: line, source: "a", sourceIndex: 0)
    }
    let b = [1.0, 3.0, 5.0].map {
      LogEntry(source: "b", sourceIndex: 1, timestamp: fixedNow.addingTimeInterval($0), text: "b\(Int($0))", isStderr: false)
    }
    let c = [0.5, 4.5].map {
      LogEntry(source: "c", sourceIndex: 2, timestamp: fixedNow.addingTimeInterval($0), text: "c\($0)", isStderr: false)
    }
    logs.append(a, generation: generation)
    logs.append(b, generation: generation)
    logs.append(c, generation: generation)
    #expect(logs.lines.map(\.text) == ["a0", "c0.5", "b1", "a2", "b3", "a4", "c4.5", "b5"])
  }

  @Test func searchJumpsToTheNewestMatchAndWalksBothWays() {
    var logs = view((0..<50).map { $0 % 10 == 3 ? "ERROR job \($0)" : "ok \($0)" })
    logs.search("error")
    #expect(logs.isPaused)
    #expect(logs.visibleLines(height: 1).first?.text == "ERROR job 43")
    var moved = logs.nextMatch(older: true)
    #expect(moved)
    #expect(logs.visibleLines(height: 1).first?.text == "ERROR job 33")
    moved = logs.nextMatch(older: false)
    #expect(moved)
    #expect(logs.visibleLines(height: 1).first?.text == "ERROR job 43")
    moved = logs.nextMatch(older: false)
    #expect(!moved)
  }

  @Test func filterShowsOnlyMatchingLines() {
    var logs = view(["GET / 200", "GET /x 500", "POST /y 200", "GET /z 500"])
    logs.search("500")
    logs.toggleFilter()
    #expect(logs.visibleLines(height: 10).map(\.text) == ["GET /x 500", "GET /z 500"])
    logs.toggleFilter()
    #expect(logs.visibleLines(height: 10).count == 4)
  }

  @Test func wrappedLinesFillRowsFromTheBottom() {
    let logs = view(["short", String(repeating: "x", count: 25), "end"])
    // width 10: "end" 1 row, the long line 3 rows, "short" 1 row.
    let visible = logs.visibleWrappedLines(height: 4, width: 10) { _ in 0 }
    #expect(visible.map(\.text.count) == [25, 3])
    #expect(
      DashboardView.wrap([Span("abcdefghij"), Span("klm")], width: 4).map { $0.map(\.text).joined() } == ["abcd", "efgh", "ijkl", "m"])
  }

  @Test func plainTextForSavingHasTimestampsSourcesAndStderrMarks() {
    var logs = LogView()
    let generation = logs.follow(subject: "web", sourceCount: 2)
    logs.append(
      [
        LogEntry(source: "web-1", sourceIndex: 0, timestamp: fixedNow, text: "hello", isStderr: false),
        LogEntry(source: "web-2", sourceIndex: 1, timestamp: fixedNow.addingTimeInterval(1), text: "oops", isStderr: true),
      ],
      generation: generation)
    #expect(
      logs.plainText(withSources: true) == "2026-11-29T04:40:00.000000Z web-1 | hello\n2026-11-29T04:40:01.000000Z web-2 | [stderr] oops\n")
  }
}

struct LogsPaneModelTests {
  /// A model with celery selected, its logs focused and 30 lines in the buffer.
  func celeryLogs() -> AppModel {
    var model = loadedModel()
    _ = model.handle(.dashboard(.select(.service(ServiceKey(project: "shop", service: "web")))))
    _ = model.handle(.dashboard(.select(.service(ServiceKey(project: "shop", service: "celery")))))
    let lines = logLines((0..<30).map { $0 == 7 ? "Task failed: timeout" : "Task \($0) succeeded" })
    _ = model.handle(.logLines(lines, source: "shop-celery-1", sourceIndex: 0, generation: model.logs.generation))
    _ = model.handle(.input(.key(.character("l"))))
    return model
  }

  @Test func searchPromptHighlightsAndFilterKeepsMatches() {
    var model = celeryLogs()
    for key: KeyEvent in [.character("/"), .character("f"), .character("a"), .character("i"), .character("l"), .enter] {
      _ = model.handle(.input(.key(key)))
    }
    #expect(model.logs.query == "fail")
    var screen = render(model, width: 120, height: 36)
    #expect(screen.textDump.joined().contains("Task failed: timeout"))
    let row = screen.textDump.firstIndex { $0.contains("Task failed") } ?? 0
    let column = screen.textDump[row].distance(
      from: screen.textDump[row].startIndex,
      to: screen.textDump[row].range(of: "fail")!.lowerBound)
    #expect(screen[column, row]?.style == Theme.default.searchMatch)
    _ = model.handle(.input(.key(.character("f"))))
    screen = render(model, width: 120, height: 36)
    #expect(screen.textDump.joined().contains("only \"fail\""))
    #expect(!screen.textDump.joined().contains("Task 8 succeeded"))
  }

  @Test func sinceRestartsTheFollowersWithANewGeneration() {
    var model = celeryLogs()
    let before = model.logs.generation
    var effects: [AppEffect] = []
    for key: KeyEvent in [.character("s"), .character("5"), .character("m"), .enter] {
      effects += model.handle(.input(.key(key)))
    }
    guard case .followLogs(let followed, let generation)? = effects.first else {
      Issue.record("no followLogs in \(effects)")
      return
    }
    #expect(generation == before + 1)
    #expect(followed.count == 3 && followed.allSatisfy { $0.since == .seconds(300) })
    #expect(model.logs.lines.isEmpty)
    #expect(model.state.statusMessage?.text == "Logs since 5m ago")
  }

  @Test func aBadSinceIsAnErrorNotAnAction() {
    var model = celeryLogs()
    var effects: [AppEffect] = []
    for key: KeyEvent in [.character("s"), .character("x"), .enter] { effects += model.handle(.input(.key(key))) }
    #expect(!effects.contains { if case .followLogs = $0 { true } else { false } })
    #expect(model.state.statusMessage?.isError == true)
    // The one duration parser's message: what was typed and what is accepted.
    #expect(
      model.state.statusMessage?.text
        == "'x' is not a duration: use a number and a unit ms, s, m, h or d, e.g. 500ms, 2s, 1.5m, 2h, 1d (a bare number is seconds).")
  }

  @Test func saveHandsTheBufferToTheRunner() {
    var model = celeryLogs()
    let effects = model.handle(.input(.key(.character("S"))))
    guard case .saveLogs(let text, let name)? = effects.first else {
      Issue.record("no saveLogs in \(effects)")
      return
    }
    #expect(name == "celery-(3-containers)")
    #expect(text.split(separator: "\n").count == 30)
  }

  @Test func timestampsWrapAndFullScreen() {
    var model = celeryLogs()
    _ = model.handle(.input(.key(.character("t"))))
    #expect(render(model, width: 120, height: 36).textDump.joined().contains("04:40:29.000 "))
    _ = model.handle(.input(.key(.enter)))
    #expect(model.isLogsFullScreen)
    let full = render(model, width: 120, height: 36).textDump
    #expect(full.joined().contains("Logs (full screen — esc returns)"))
    #expect(!full.joined().contains("Details"))
    _ = model.handle(.input(.key(.escape)))
    #expect(!model.isLogsFullScreen)
    _ = model.handle(.input(.key(.character("w"))))
    #expect(model.logs.wraps)
  }

  @Test func aReplicaThatJoinsKeepsTheBuffer() {
    var model = celeryLogs()
    let generation = model.logs.generation
    var stack = djangoStack()
    stack.append(container("shop-celery-4", project: "shop", service: "celery", number: 4, cpuLimit: 0.25))
    let effects = model.handle(.snapshot(engineSnapshot(stack)))
    guard case .followLogs(let followed, let newGeneration)? = effects.last else {
      Issue.record("no followLogs in \(effects)")
      return
    }
    #expect(newGeneration == generation)
    #expect(followed.map(\.name).contains("shop-celery-4"))
    #expect(model.logs.lines.count == 30)
    #expect(Set(followed.map(\.index)).count == followed.count)
  }

  @Test func logsPaneKeysOverrideOnlyThere() {
    var model = loadedModel()
    // In the services pane `s` is start/stop (it asks nothing and acts on the selection).
    let effects = model.handle(.input(.key(.character("s"))))
    #expect(effects.contains { if case .dashboard(.perform) = $0 { true } else { false } })
    #expect(model.logPrompt == nil)
  }
}

struct LogsPrinterTests {
  func summary(_ name: String, project: String? = nil, service: String? = nil, number: Int = 1) -> ContainerSummary {
    var labels: [String: String] = [:]
    if let project, let service {
      labels = [
        "com.docker.compose.project": project, "com.docker.compose.service": service,
        "com.docker.compose.container-number": String(number),
      ]
    }
    return try! JSONDecoder().decode(
      ContainerSummary.self,
      from: JSONSerialization.data(withJSONObject: ["Id": "id\(name)", "Names": ["/\(name)"], "Labels": labels]))
  }

  @Test func resolvesAServiceToItsReplicasInOrder() throws {
    let all = [
      summary("shop-celery-2", project: "shop", service: "celery", number: 2),
      summary("shop-celery-1", project: "shop", service: "celery", number: 1), summary("redis"),
    ]
    #expect(try LogsPrinter.resolve("celery", project: nil, in: all).map(\.name) == ["shop-celery-1", "shop-celery-2"])
    #expect(try LogsPrinter.resolve("redis", project: nil, in: all).map(\.name) == ["redis"])
    #expect(try LogsPrinter.resolve("idred", project: nil, in: all).map(\.name) == ["redis"])
    #expect(throws: DockerEngineError.self) { try LogsPrinter.resolve("nginx", project: nil, in: all) }
  }

  @Test func aServiceInTwoProjectsNeedsTheProject() throws {
    let all = [summary("a-web-1", project: "a", service: "web"), summary("b-web-1", project: "b", service: "web")]
    #expect(throws: DockerEngineError.self) { try LogsPrinter.resolve("web", project: nil, in: all) }
    #expect(try LogsPrinter.resolve("web", project: "b", in: all).map(\.name) == ["b-web-1"])
  }

  @Test func mergesByTimeAndFormatsLikeComposeLogs() {
    let merged = LogsPrinter.merge([
      logLines(["a0", "a2"], from: 0).enumerated().map { i, l in
        var l = l; l.timestamp = fixedNow.addingTimeInterval(Double(i * 2)); return l
      },
      logLines(["b1"], from: 1),
    ])
    #expect(merged.map { String(decoding: $0.line.bytes, as: UTF8.self) } == ["a0", "b1", "a2"])
    let hostile = LogLine(stream: .stdout, timestamp: fixedNow, bytes: Array("\u{1B}]0;pwned\u{07}x\u{1B}[2J".utf8))
    let tty = String(decoding: LogsPrinter.format(hostile, name: "web-1", color: 0, timestamps: false, forTerminal: true), as: UTF8.self)
    #expect(tty == "\u{1B}[31mweb-1 | \u{1B}[0mx\n")
    let piped = LogsPrinter.format(hostile, name: "web-1", color: 0, timestamps: true, forTerminal: false)
    #expect(piped == Array("2026-11-29T04:40:00.000000000Z web-1 | ".utf8) + hostile.bytes + [10])
  }
}
