@testable import BerthApp
import BerthTestSupport
import DockerEngine
import Foundation
import TerminalUI
import Testing

/// The whole app (loop, model, effect interpreter, views, mailbox, runner, monitor, a real
/// `DockerClient`) on a test terminal against the fake engine's recorded compose stack: keys and
/// engine replies in, screens out. Every wait is for a frame, with a time limit.
@Suite(.timeLimit(.minutes(1)))
struct WholeAppTests {
  /// The IDs of the recorded containers (`Sources/BerthTestSupport/Fixtures`).
  static let webID = "59c08db6416c"
  static let oneOffID = "bfbd365cc57b"
  static let plainID = "6213db833dce"

  @Test func startUpDrawsTheComposeStackFromTheEngine() async throws {
    let app = try await AppHarness()
    let screen = await app.frame { $0.contains("fixture-plain") && $0.contains("fixture-web") }
    #expect(screen != nil, "last frame:\n\(app.lastFrame)")
    if let screen {
      #expect(screen.contains("2/3 running"))
      #expect(screen.contains("▾ django"))
      #expect(screen.contains("▾ web"))
      #expect(screen.contains("Details — web"))
    }
    #expect(await app.quit())
  }

  /// One engine, one client: the monitor, an action and the log followers all use the connection
  /// the app opened at start-up, so the engine is asked its version (`GET /version`, the client's
  /// negotiation) exactly once.
  @Test func theAppAndTheMonitorShareOneClientOfTheEngine() async throws {
    let app = try await AppHarness()
    // The monitor has connected, listed and inspected.
    #expect(await app.frame(showing: "Details — web") != nil, "last frame:\n\(app.lastFrame)")
    // An action and the selection's log followers have used the client too.
    app.type("r")
    #expect(await app.frame(showing: "Restart web: done") != nil, "last frame:\n\(app.lastFrame)")
    try await app.engine.requests(containing: "/logs", atLeast: 1)
    let negotiations = app.engine.requestLines.filter { $0.hasPrefix("GET /version ") }
    #expect(negotiations.count == 1, "\(app.engine.requestLines)")
    #expect(await app.quit())
  }

  @Test func restartingAServiceByKeyRestartsEachReplicaOnceAndSaysSoInTheFooter() async throws {
    let app = try await AppHarness()
    #expect(await app.frame(showing: "Details — web") != nil, "last frame:\n\(app.lastFrame)")
    app.type("r")
    let done = await app.frame(showing: "Restart web: done")
    #expect(done != nil, "last frame:\n\(app.lastFrame)")
    #expect(app.engine.actionCount("restart", container: Self.webID) == 1)
    #expect(app.engine.actionCount("restart", container: Self.plainID) == 0)
    #expect(app.engine.actionCount("restart", container: Self.oneOffID) == 0)
    #expect(await app.quit())
  }

  @Test func theFilterKeepsOnlyMatchingContainers() async throws {
    let app = try await AppHarness()
    #expect(await app.frame(showing: "fixture-plain") != nil)
    app.type("/plain")
    app.send(.key(.enter))
    let filtered = await app.frame { $0.contains("fixture-plain") && !$0.contains("fixture-web") }
    #expect(filtered != nil, "last frame:\n\(app.lastFrame)")
    // Esc outside the prompt clears the filter.
    app.send(.key(.escape))
    #expect(await app.frame { $0.contains("fixture-web") && $0.contains("fixture-plain") } != nil, "last frame:\n\(app.lastFrame)")
    #expect(await app.quit())
  }

  @Test func theLogsPaneFollowsNewLinesAndSearchesThem() async throws {
    let logs = LogFeed()
    let start = Date(timeIntervalSince1970: 1_795_927_000)
    logs.append("booting the web server", to: "\(Self.webID)", at: start)
    let app = try await AppHarness(logs: logs)
    #expect(await app.frame(showing: "booting the web server") != nil, "last frame:\n\(app.lastFrame)")
    // A line written while the pane follows appears without a key.
    logs.append("GET /health 200", to: Self.webID, at: start.addingTimeInterval(1))
    #expect(await app.frame(showing: "GET /health 200") != nil, "last frame:\n\(app.lastFrame)")
    // Search, then show only the matching lines.
    app.type("l/health")
    app.send(.key(.enter))
    app.type("f")
    let matching = await app.frame { $0.contains("GET /health 200") && !$0.contains("booting the web server") }
    #expect(matching != nil, "last frame:\n\(app.lastFrame)")
    #expect(await app.quit())
  }

  @Test func theHelpOverlayOpensAndCloses() async throws {
    let app = try await AppHarness()
    #expect(await app.frame(showing: "fixture-plain") != nil)
    app.type("?")
    #expect(await app.frame(showing: "Keys — esc closes") != nil, "last frame:\n\(app.lastFrame)")
    app.send(.key(.escape))
    #expect(await app.frame { !$0.contains("Keys — esc closes") && $0.contains("fixture-plain") } != nil)
    #expect(await app.quit())
  }

  @Test func resizingToNothingAndBackRedrawsTheDashboard() async throws {
    let app = try await AppHarness()
    #expect(await app.frame(showing: "fixture-plain") != nil)
    app.send(.resize(width: 0, height: 0))
    #expect(await app.frame { $0.isEmpty } != nil, "last frame:\n\(app.lastFrame)")
    app.send(.resize(width: 40, height: 10))
    #expect(await app.frame(showing: "Terminal too small") != nil, "last frame:\n\(app.lastFrame)")
    app.send(.resize(width: 100, height: 28))
    let back = await app.frame { $0.contains("fixture-plain") && $0.split(separator: "\n").count == 28 }
    #expect(back != nil, "last frame:\n\(app.lastFrame)")
    #expect(back?.split(separator: "\n").allSatisfy { $0.count <= 100 } == true)
    #expect(await app.quit())
  }

  @Test func aLostEngineShowsDisconnectedThenTheDashboardComesBack() async throws {
    let app = try await AppHarness()
    #expect(await app.frame(showing: "fixture-plain") != nil)
    app.engine.stopAnswering()
    let lost = await app.frame(showing: "disconnected — retrying")
    #expect(lost != nil, "last frame:\n\(app.lastFrame)")
    app.engine.answerAgain()
    let back = await app.frame { !$0.contains("disconnected") && $0.contains("fixture-plain") && $0.contains("2/3 running") }
    #expect(back != nil, "last frame:\n\(app.lastFrame)")
    #expect(await app.quit())
  }

  @Test func aQuestionIgnoresKeysTypedBeforeItWasOnScreen() async throws {
    let app = try await AppHarness()
    #expect(await app.frame(showing: "Details — web") != nil, "last frame:\n\(app.lastFrame)")
    // `K` and `y` in one read: the `y` was typed before the question was drawn and is dropped.
    app.type("Ky")
    let asked = await app.frame { $0.contains("Confirm") && $0.contains("y: yes · any other key: cancel") }
    #expect(asked != nil, "last frame:\n\(app.lastFrame)")
    #expect(app.link.discardedEventCount == 1)
    #expect(app.engine.actionCount("kill", container: Self.webID) == 0)
    // A `y` typed once the question is on screen answers it.
    app.type("y")
    #expect(await app.frame(showing: "Kill web: done") != nil, "last frame:\n\(app.lastFrame)")
    #expect(app.engine.actionCount("kill", container: Self.webID) == 1)
    #expect(app.engine.actionCount("kill", container: Self.plainID) == 0)
    #expect(await app.quit())
  }

  @Test func aShellTakesTheTerminalAndTheDashboardComesBackAsItWas() async throws {
    let app = try await AppHarness()
    // The first snapshot lists the containers before their inspects: wait for the limits.
    guard let before = await app.frame(where: { $0.contains("Details — web") && $0.contains("limit 0.5 cpu") }) else {
      Issue.record("no dashboard; last frame:\n\(app.lastFrame)")
      return
    }
    // `x` typed in the same read as `e` was meant for the dashboard: the shell never sees it.
    app.type("ex")
    let after = await app.frame(showing: "Shell in fixture-web exited (0)")
    #expect(after != nil, "last frame:\n\(app.lastFrame)")
    #expect(app.link.suspensionCount == 1)
    #expect(app.link.discardedEventCount == 1)
    #expect(app.shellOutputText() == "hello from the shell\r\n")
    // Everything but the status line is as it was before the shell.
    if let after {
      let changed = zip(before.split(separator: "\n"), after.split(separator: "\n")).dropLast().filter { $0 != $1 }
      #expect(changed.isEmpty, "changed lines: \(changed)")
    }
    #expect(await app.quit())
  }

  @Test func whileAShellHasTheTerminalTheAppKeepsWorkingAndShowsItAfter() async throws {
    let logs = LogFeed()
    let shell = ShellFeed(endsAtOnce: false)
    let app = try await AppHarness(logs: logs, shell: shell)
    #expect(await app.frame(where: { $0.contains("Details — web") && $0.contains("limit 0.5 cpu") }) != nil)
    app.type("e")
    await shell.started()
    let framesBeforeShell = app.link.frames.count
    // The log followers keep posting into the (bounded) mailbox while the loop is away.
    logs.append("written while the shell ran", to: Self.webID, at: Date(timeIntervalSince1970: 1_795_927_100))
    #expect(app.link.frames.count == framesBeforeShell, "nothing is drawn while the shell has the terminal")
    shell.end()
    let after = await app.frame { $0.contains("Shell in fixture-web exited (0)") && $0.contains("written while the shell ran") }
    #expect(after != nil, "last frame:\n\(app.lastFrame)")
    #expect(await app.quit())
  }
}
