import Monitor
import Testing

@testable import Dashboard

@Suite("SnapshotTable")
struct SnapshotTableTests {
  @Test func rendersTheTreeWithAlignedColumns() {
    let containers = [
      replica("shop", "web", 1, cpu: 12.5, memory: 40 << 20),
      replica("shop", "web", 2, health: .healthy, cpu: 7.5, memory: 60 << 20),
      replica("shop", "celery", 1, state: .exited, restarts: 3, cpuLimit: nil, memoryLimit: nil),
      replica(
        "shop", "celery", 1, name: "shop-celery-run-1", cpu: 2, memory: 1 << 20, oneOff: true),
      standaloneContainer("registry"),
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
    #expect(SnapshotTable(snapshot(containers).aggregated()).text == expected)
  }

  @Test func emptySnapshotIsHeaderOnly() {
    #expect(SnapshotTable(.empty).text == "NAME  STATE  REPLICAS  CPU%  MEM  RESTARTS  HEALTH\n")
  }

  @Test func controlCharactersInNamesAreReplaced() {
    let hostile = ContainerSnapshot(id: "x", name: "evil\u{1B}[2Jname\u{9B}", state: .running)
    let text = SnapshotTable(snapshot([hostile]).aggregated()).text
    #expect(text.contains("evil?[2Jname?"))
    #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B })
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
}
