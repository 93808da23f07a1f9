import Foundation
import Monitor
import Testing

@testable import Dashboard

@Suite("Aggregation")
struct AggregationTests {
  let aggregation = snapshot(sampleContainers()).aggregated()

  @Test func groupsProjectsAndServicesSortedByName() {
    #expect(aggregation.projects.map(\.name) == ["blog", "shop"])
    #expect(aggregation.project(named: "shop")?.services.map(\.name) == ["celery", "web"])
    #expect(aggregation.standalone.map(\.name) == ["adminer", "registry"])
  }

  @Test func sameServiceNameInTwoProjectsIsTwoServices() throws {
    let shopWeb = try #require(
      aggregation.service(for: ServiceKey(project: "shop", service: "web")))
    let blogWeb = try #require(
      aggregation.service(for: ServiceKey(project: "blog", service: "web")))
    #expect(shopWeb.containers.map(\.name) == ["shop-web-1", "shop-web-2"])
    #expect(blogWeb.containers.map(\.name) == ["blog-web-1"])
    #expect(aggregation.services.count == 3)
  }

  @Test func oneOffIsShownButNotCountedAsReplica() throws {
    let celery = try #require(
      aggregation.service(for: ServiceKey(project: "shop", service: "celery")))
    #expect(celery.containers.count == 4)
    #expect(celery.replicas.map(\.name) == ["shop-celery-1", "shop-celery-2", "shop-celery-3"])
    #expect(celery.replicasTotal == 3)
    #expect(celery.replicasRunning == 2)
    // The one-off (10 % CPU, 100 MiB) is not in the sums.
    #expect(celery.cpuPercent == 50)
    #expect(celery.memoryBytes == 200 << 20)
    #expect(celery.cpuLimitCores == 3)
    #expect(celery.memoryLimitBytes == 3 * (256 << 20))
    #expect(celery.state == .partial)
  }

  @Test func containersSortByComposeNumberThenName() {
    let service = ServiceSummary(
      key: ServiceKey(project: "p", service: "s"),
      containers: [
        replica("p", "s", 10), replica("p", "s", 2), replica("p", "s", 2, name: "a-dup"),
        ContainerSnapshot(id: "x", name: "no-number", labels: composeLabels("p", "s")),
      ])
    #expect(service.containers.map(\.name) == ["a-dup", "p-s-2", "p-s-10", "no-number"])
  }

  @Test func exitedReplicaCountsTowardTotalAndLimitsButNotUsage() {
    let service = ServiceSummary(
      key: ServiceKey(project: "p", service: "s"),
      containers: [replica("p", "s", 1, cpu: 5, memory: 10), replica("p", "s", 2, state: .exited)])
    #expect(service.replicasRunning == 1)
    #expect(service.replicasTotal == 2)
    #expect(service.cpuPercent == 5)
    #expect(service.memoryBytes == 10)
    #expect(service.cpuLimitCores == 1)
    #expect(service.state == .partial)
  }

  @Test(arguments: [
    (Double?.some(0.5), UInt64?.some(64), Double?.some(1.0), UInt64?.some(128)),
    (nil, 64, nil, 128),
    (0.5, nil, 1.0, nil),
    (nil, nil, nil, nil),
  ])
  func anyUnlimitedReplicaMakesTheSumUnlimited(
    cpuLimit: Double?, memoryLimit: UInt64?, expectedCPU: Double?, expectedMemory: UInt64?
  ) {
    let service = ServiceSummary(
      key: ServiceKey(project: "p", service: "s"),
      containers: [
        replica("p", "s", 1, cpuLimit: 0.5, memoryLimit: 64),
        replica("p", "s", 2, cpuLimit: cpuLimit, memoryLimit: memoryLimit),
      ])
    #expect(service.cpuLimitCores == expectedCPU)
    #expect(service.memoryLimitBytes == expectedMemory)
    #expect(service.hasCPULimit == (expectedCPU != nil))
    #expect(service.hasMemoryLimit == (expectedMemory != nil))
  }

  @Test func unlimitedOneOffDoesNotMakeTheServiceUnlimited() {
    let service = ServiceSummary(
      key: ServiceKey(project: "p", service: "s"),
      containers: [
        replica("p", "s", 1), replica("p", "s", 1, name: "run", cpuLimit: nil, oneOff: true),
      ])
    #expect(service.cpuLimitCores == 0.5)
  }

  @Test func serviceWithOnlyOneOffsHasNoReplicasAndNoLimit() {
    let service = ServiceSummary(
      key: ServiceKey(project: "p", service: "migrate"),
      containers: [replica("p", "migrate", 1, oneOff: true)])
    #expect(service.replicasTotal == 0)
    #expect(service.cpuLimitCores == nil)
    #expect(service.cpuPercent == 0)
    #expect(service.state == .empty)
  }

  @Test func flagsAndWorstHealth() {
    let service = ServiceSummary(
      key: ServiceKey(project: "p", service: "s"),
      containers: [
        replica("p", "s", 1, health: .healthy, restarts: 2),
        replica("p", "s", 2, state: .restarting, health: .unhealthy, restarts: 5),
        replica("p", "s", 3, health: .starting, throttled: 12, oomKilled: true),
      ])
    #expect(service.health == .unhealthy)
    #expect(service.restartCount == 7)
    #expect(service.isCrashLooping)
    #expect(service.hasThrottling)
    #expect(service.wasOOMKilled)
    #expect(service.state == .restarting)
    let calm = ServiceSummary(
      key: ServiceKey(project: "p", service: "t"), containers: [replica("p", "t", 1)])
    #expect(
      !calm.isCrashLooping && !calm.hasThrottling && !calm.wasOOMKilled && calm.health == .none)
    #expect(calm.state == .running)
  }

  @Test func cpuPercentOfLimit() {
    let service = ServiceSummary(
      key: ServiceKey(project: "p", service: "s"),
      containers: [
        replica("p", "s", 1, cpu: 30, cpuLimit: 0.5), replica("p", "s", 2, cpu: 30, cpuLimit: 0.25),
      ])
    #expect(service.cpuPercentOfLimit == 80)
  }

  @Test func projectTotalsSumAllReplicas() throws {
    let shop = try #require(aggregation.project(named: "shop"))
    #expect(shop.replicasTotal == 5)
    #expect(shop.replicasRunning == 4)
    #expect(shop.cpuPercent == 70)
    #expect(shop.memoryBytes == 300 << 20)
    #expect(shop.cpuLimitCores == 4)
    let blog = try #require(aggregation.project(named: "blog"))
    #expect(blog.cpuLimitCores == nil)
    #expect(blog.memoryLimitBytes == nil)
  }

  @Test func standaloneContainersAreGroupedApart() {
    #expect(aggregation.standaloneTotals.replicasTotal == 2)
    #expect(aggregation.standaloneTotals.replicasRunning == 1)
    #expect(aggregation.container(withID: "id-registry")?.image == "registry:2")
    #expect(aggregation.container(withID: "id-shop-web-2")?.name == "shop-web-2")
    #expect(aggregation.container(withID: "missing") == nil)
  }

  @Test func emptySnapshot() {
    let empty = snapshot([]).aggregated()
    #expect(empty == .empty)
    #expect(empty.standaloneTotals.cpuLimitCores == nil)
  }
}
