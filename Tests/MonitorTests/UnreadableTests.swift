import BerthTestSupport
import DockerEngine
import Foundation
import Monitor
import Testing

/// A listed container whose inspect fails is carried as `unreadable`, never dropped silently, and
/// leaves that list once it is read or gone. Against the one fake engine (BerthTestSupport), with
/// the recorded replies of a real engine.
@Suite(.timeLimit(.minutes(1)))
struct UnreadableTests {
  /// `fixture-plain`, a running standalone container of the recorded fixtures.
  static let plainID = "6213db833dce58fdc4abe9550d8d426eed4f6e71837a0cda5539f2f240b346c0"

  /// What the fake answers for `fixture-plain`, switchable between snapshots.
  final class Behaviour: @unchecked Sendable {
    enum Plain { case readable, failing, removed }
    private let lock = NSLock()
    private var plain = Plain.failing
    var current: Plain {
      get { lock.withLock { plain } }
      set { lock.withLock { plain = newValue } }
    }
  }

  @Test func anUnreadableContainerIsListedThenClearedWhenReadOrRemoved() async throws {
    let behaviour = Behaviour()
    let list = try Fixtures.data("containers-list.json")
    let listWithoutPlain = try JSONSerialization.data(
      withJSONObject: try #require(try JSONSerialization.jsonObject(with: list) as? [[String: Any]]).filter {
        $0["Id"] as? String != Self.plainID
      })
    let fake = try BerthTestSupport.FakeEngine { _, path in
      switch behaviour.current {
      case .failing where path.contains("/containers/\(Self.plainID)/json"):
        return .http(status: 500, body: #"{"message":"layer does not exist"}"#)
      case .removed where path.contains("/containers/json"):
        return .http(status: 200, body: String(decoding: listWithoutPlain, as: UTF8.self))
      default:
        return BerthTestSupport.FakeEngine.recordedReply(to: path) ?? .http(status: 404, body: "{}")
      }
    }
    let monitor = Monitor(endpoint: try Endpoint(parsing: fake.url), configuration: .init(statsSource: .engine))

    let expected = [
      UnreadableContainer(
        id: Self.plainID, name: "fixture-plain",
        reason: "Inspecting container \(Self.plainID) failed (HTTP 500): layer does not exist")
    ]
    let failing = try await monitor.takeSnapshot()
    #expect(failing.unreadable == expected)
    #expect(failing.readableContainers.map(\.name).sorted() == ["fixture-oneoff", "fixture-web"])

    behaviour.current = .removed
    let removed = try await monitor.takeSnapshot()
    #expect(removed.unreadable == [])
    #expect(removed.containers.map(\.name).sorted() == ["fixture-oneoff", "fixture-web"])

    behaviour.current = .failing
    #expect(try await monitor.takeSnapshot().unreadable == expected)
    behaviour.current = .readable
    let read = try await monitor.takeSnapshot()
    #expect(read.unreadable == [])
    #expect(read.readableContainers.map(\.name).sorted() == ["fixture-oneoff", "fixture-plain", "fixture-web"])
  }
}
