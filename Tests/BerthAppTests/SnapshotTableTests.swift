import BerthTestSupport
import Dashboard
import Monitor
import TerminalUI
import Testing

@testable import BerthApp

@Suite("SnapshotTable")
struct SnapshotTableTests {
  func table(_ containers: [ContainerSnapshot], unreadable: [UnreadableContainer] = []) -> String {
    SnapshotTable(EngineSnapshot(engine: nil, takenAt: fixedNow, containers: containers, unreadable: unreadable)).text
  }

  @Test func rendersTheTreeWithAlignedColumns() {
    let containers = [
      container("shop-web-1", project: "shop", service: "web", cpu: 12.5, memory: 40 << 20, memoryLimit: 256 << 20, cpuLimit: 0.5),
      container(
        "shop-web-2", project: "shop", service: "web", number: 2, cpu: 7.5, memory: 60 << 20, memoryLimit: 256 << 20,
        cpuLimit: 0.5, health: .healthy),
      container("shop-celery-1", project: "shop", service: "celery", state: .exited, restarts: 3),
      container(
        "shop-celery-run-1", project: "shop", service: "celery", oneOff: true, cpu: 2, memory: 1 << 20,
        memoryLimit: 256 << 20, cpuLimit: 0.5),
      container("registry", cpu: 1, memory: 1 << 20),
    ]
    let expected = """
      NAME                   STATE    REPLICAS  CPU%               MEM                 RESTARTS  HEALTH
      shop                   partial  2/3       20.0% / unlimited  100MiB / unlimited  3         healthy
        celery               stopped  0/1       0.0% / unlimited   0B / unlimited      3         -
          shop-celery-1      exited             - / unlimited      - / unlimited       3         -
          shop-celery-run-1  running  one-off   2.0% / 0.5 cpu     1MiB / 256MiB       0         -
        web                  running  2/2       20.0% / 1 cpu      100MiB / 512MiB     0         healthy
          shop-web-1         running            12.5% / 0.5 cpu    40MiB / 256MiB      0         -
          shop-web-2         running            7.5% / 0.5 cpu     60MiB / 256MiB      0         healthy
      (standalone)           running  1/1       1.0% / unlimited   1MiB / unlimited    0         -
        registry             running            1.0% / unlimited   1MiB / unlimited    0         -

      """
    #expect(table(containers) == expected)
  }

  @Test func emptySnapshotIsHeaderOnly() {
    #expect(SnapshotTable(.empty).text == "NAME  STATE  REPLICAS  CPU%  MEM  RESTARTS  HEALTH\n")
  }

  /// Names, compose labels (project and service rows) and images come from whoever started the
  /// container: each hostile one is cleaned by the one sanitiser, and the columns still align.
  @Test(arguments: [
    ("OSC title", "x\u{1B}]0;pwned\u{07}y", "xy"),
    ("OSC 52 clipboard write", "\u{1B}]52;c;cm0gLXJmIH4=\u{07}web", "web"),
    ("erase display", "evil\u{1B}[2Jname", "evilname"),
    ("8-bit CSI", "evil\u{9B}31mname", "evilname"),
    ("C1 NEL and DEL", "a\u{85}b\u{7F}c", "abc"),
    ("bidi override", "abc\u{202E}fed", "abcfed"),
    ("zero-width characters", "ad\u{200B}m\u{200D}i\u{2060}n\u{FEFF}", "admin"),
  ])
  func hostileNamesAndLabelsAreSanitised(_ kind: String, _ hostile: String, _ clean: String) {
    let text = table([
      container(hostile, project: "p" + hostile, service: "s" + hostile, cpu: 1, memory: 1 << 20),
      container(hostile + "-solo", cpu: 1, memory: 1 << 20),
    ])
    let allowed = text.unicodeScalars.allSatisfy { $0 == "\n" || (0x20..<0x7F).contains($0.value) }
    #expect(allowed, "\(kind): \(text.unicodeScalars.filter { !(0x20..<0x7F).contains($0.value) }.map(\.value))")
    let names = text.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
    #expect(names == ["NAME", "p" + clean, "s" + clean, clean, "(standalone)", clean + "-solo"], "\(kind)")
    let stateColumns = text.split(separator: "\n").dropFirst().map { line in
      line.firstRange(of: "running").map { TerminalText.displayWidth(of: line[..<$0.lowerBound]) } ?? -1
    }
    #expect(Set(stateColumns).count == 1, "\(kind): STATE column misaligned: \(stateColumns)")
  }

  @Test func unreadableContainersFollowTheTreeSanitised() {
    let unreadable = [
      UnreadableContainer(
        id: "6213db833dce58fdc4abe9550d8d426eed4f6e71837a0cda5539f2f240b346c0", name: "db\u{1B}]0;t\u{07}",
        reason: "Inspecting container 6213db833dce failed (HTTP 500): \u{1B}[2Jdisk \u{202E}full\u{200B}")
    ]
    let expected = """
      NAME          STATE    REPLICAS  CPU%              MEM               RESTARTS  HEALTH
      (standalone)  running  1/1       1.0% / unlimited  1MiB / unlimited  0         -
        registry    running            1.0% / unlimited  1MiB / unlimited  0         -

      UNREADABLE  ID            REASON
      db          6213db833dce  Inspecting container 6213db833dce failed (HTTP 500): disk full

      """
    #expect(table([container("registry", cpu: 1, memory: 1 << 20)], unreadable: unreadable) == expected)
  }

  @Test func anUnreadableContainerIsNotAlsoCountedWithoutLimits() {
    let listedOnly = container("db", project: "shop", service: "db", cpu: nil)
    let text = table(
      [listedOnly, container("registry", cpu: 1, memory: 1 << 20)],
      unreadable: [UnreadableContainer(id: listedOnly.id, name: "db", reason: "timed out")])
    #expect(!text.contains("shop"))
    #expect(text.hasSuffix("UNREADABLE  ID     REASON\ndb          id-db  timed out\n"))
  }

  @Test func wideCharactersAlignByDisplayWidth() {
    let text = table([container("日本", cpu: 1, memory: 1 << 20), container("ab", cpu: 1, memory: 1 << 20)])
    let rows = text.split(separator: "\n").filter { $0.contains("running") && !$0.contains("standalone") }
    #expect(rows.map { TerminalText.displayWidth(of: $0.prefix { $0 != "r" }) } == [14, 14])
  }

  @Test(arguments: [
    (Double?.some(24.3), Double?.some(0.75), "24.3% / 0.75 cpu"), (24.3, nil, "24.3% / unlimited"),
    (nil, 2, "- / 2 cpu"),
  ])
  func cpuText(_ percent: Double?, _ limit: Double?, _ expected: String) {
    #expect(SnapshotTable.cpuText(percent: percent, limitCores: limit) == expected)
  }

  @Test(arguments: [
    (UInt64?.some(43_201_331), UInt64?.some(128 << 20), "41.2MiB / 128MiB"),
    (43_201_331, nil, "41.2MiB / unlimited"), (nil, 512, "- / 512B"),
  ])
  func memoryText(_ bytes: UInt64?, _ limit: UInt64?, _ expected: String) {
    #expect(SnapshotTable.memoryText(bytes: bytes, limitBytes: limit) == expected)
  }

  @Test func theTableShowsQuestionMarks() throws {
    let table = SnapshotTable(Aggregation(containers: try AbsurdFigures.replicas())).text
    let lines = table.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
    // Service row: CPU% of an absurd 7e20 % over an unknown limit, memory 2^64−1 over 2 × 2^63−1.
    #expect(lines.contains("web running 2/2 ? / ? cpu ? / ? 9223372036854775807 -"))
    // A replica: its own limit (2^63−1 bytes, 8 EiB) is a figure; its usage (2^64−1) is not.
    #expect(lines.contains("shop-web-1 running ? / ? cpu ? / 8EiB 9223372036854775807 -"))
  }
}
