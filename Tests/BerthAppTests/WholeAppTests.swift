@testable import BerthApp
import BerthTestSupport
import DockerEngine
import Foundation
import TerminalUI
import Testing

/// The whole app (loop, model, effect interpreter, views, mailbox, runner, monitor, a real
/// `DockerClient`) on a test terminal against the fake engine's recorded compose stack.
@Suite(.timeLimit(.minutes(1)))
struct WholeAppTests {
  @Test func startUpDrawsTheStackInTheFirstFrames() async throws {
    let app = try await AppHarness()
    let screen = await app.frame { $0.contains("fixture-plain") && $0.contains("django") }
    #expect(screen != nil, "last frame:\n\(app.lastFrame)")
    print(screen ?? app.lastFrame)
    #expect(await app.quit())
  }
}
