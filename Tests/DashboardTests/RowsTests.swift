import Monitor
import Testing

@testable import Dashboard

private let shopWeb = ServiceKey(project: "shop", service: "web")
private let shopCelery = ServiceKey(project: "shop", service: "celery")
private let blogWeb = ServiceKey(project: "blog", service: "web")

private func list(
  _ containers: [ContainerSnapshot], sort: SortMode = .name, filter: String = "",
  collapsed: Set<RowID> = []
) -> RowList {
  RowList(snapshot(containers).aggregated(), sortedBy: sort, filter: filter, collapsed: collapsed)
}

@Suite("Rows")
struct RowsTests {
  @Test func treeOrderDepthsAndParents() {
    let rows = list(sampleContainers()).rows
    #expect(
      rows.map(\.id) == [
        .project("blog"), .service(blogWeb), .container("id-blog-web-1"),
        .project("shop"), .service(shopCelery), .container("id-shop-celery-1"),
        .container("id-shop-celery-run-ab12"),
        .container("id-shop-celery-2"), .container("id-shop-celery-3"),
        .service(shopWeb), .container("id-shop-web-1"), .container("id-shop-web-2"),
        .standalone, .container("id-adminer"), .container("id-registry"),
      ])
    #expect(rows.map(\.depth) == [0, 1, 2, 0, 1, 2, 2, 2, 2, 1, 2, 2, 0, 1, 1])
    #expect(rows[2].parentID == .service(blogWeb))
    #expect(rows[1].parentID == .project("blog"))
    #expect(rows[0].parentID == nil)
    #expect(rows[13].parentID == .standalone)
    #expect(rows.filter(\.isExpandable).count == 6)
    #expect(rows.allSatisfy { $0.isExpandable == $0.isExpanded })
    #expect(rows[12].title == "(standalone)")
    #expect(rows[12].totals.replicasTotal == 2)
    #expect(rows[4].containers.count == 4)
  }

  @Test func collapsingHidesChildrenAndKeepsTheRow() {
    let rows = list(
      sampleContainers(), collapsed: [.project("shop"), .service(blogWeb), .standalone]
    ).rows
    #expect(rows.map(\.id) == [.project("blog"), .service(blogWeb), .project("shop"), .standalone])
    #expect(rows.map(\.isExpanded) == [true, false, false, false])
  }

  @Test func collapsedServiceInsideOpenProject() {
    let ids = list(sampleContainers(), collapsed: [.service(shopCelery)]).rows.map(\.id)
    #expect(ids.contains(.service(shopCelery)))
    #expect(!ids.contains(.container("id-shop-celery-1")))
    #expect(ids.contains(.container("id-shop-web-1")))
  }

  @Test func cpuSortAppliesAtEveryLevel() {
    let ids = list(sampleContainers(), sort: .cpu).rows.map(\.id)
    #expect(
      ids == [
        .project("shop"), .service(shopCelery), .container("id-shop-celery-1"),
        .container("id-shop-celery-2"),
        .container("id-shop-celery-run-ab12"), .container("id-shop-celery-3"),
        .service(shopWeb), .container("id-shop-web-1"), .container("id-shop-web-2"),
        .project("blog"), .service(blogWeb), .container("id-blog-web-1"),
        .standalone, .container("id-registry"), .container("id-adminer"),
      ])
  }

  @Test func memorySortPutsBiggestFirst() throws {
    let ids = list(sampleContainers(), sort: .memory).rows.map(\.id)
    #expect(ids.prefix(2) == [.project("shop"), .service(shopCelery)])
    let web2 = try #require(ids.firstIndex(of: .container("id-shop-web-2")))
    let web1 = try #require(ids.firstIndex(of: .container("id-shop-web-1")))
    #expect(web2 < web1)
  }

  @Test func statusSortPutsTroubleFirst() {
    let containers = [
      replica("p", "calm", 1), replica("p", "crashing", 1, state: .restarting),
      replica("p", "sick", 1, health: .unhealthy), replica("p", "half", 1),
      replica("p", "half", 2, state: .exited),
      replica("p", "off", 1, state: .exited), replica("p", "oom", 1, oomKilled: true),
    ]
    let services = list(containers, sort: .status).rows.compactMap { row -> String? in
      if case .service(let key) = row.id { return key.service } else { return nil }
    }
    #expect(services == ["crashing", "sick", "oom", "half", "calm", "off"])
  }

  @Test(arguments: [SortMode.name, .cpu, .memory, .status])
  func tiesBreakByNameWhateverTheInputOrder(mode: SortMode) {
    let containers = [
      replica("p", "b", 1, cpu: 5, memory: 10), replica("p", "a", 1, cpu: 5, memory: 10),
      replica("p", "c", 1, cpu: 5, memory: 10),
      standaloneContainer("y", cpu: 1, memory: 1), standaloneContainer("x", cpu: 1, memory: 1),
    ]
    let forward = list(containers, sort: mode).rows.map(\.id)
    let backward = list(containers.reversed(), sort: mode).rows.map(\.id)
    #expect(forward == backward)
    #expect(
      forward == [
        .project("p"), .service(ServiceKey(project: "p", service: "a")), .container("id-p-a-1"),
        .service(ServiceKey(project: "p", service: "b")), .container("id-p-b-1"),
        .service(ServiceKey(project: "p", service: "c")), .container("id-p-c-1"),
        .standalone, .container("id-x"), .container("id-y"),
      ])
  }

  @Test func filterByImageShowsTheServiceWithAllItsContainersAndItsProject() {
    let ids = list(sampleContainers(), filter: "WORKER").rows.map(\.id)
    #expect(
      ids == [
        .project("shop"), .service(shopCelery), .container("id-shop-celery-1"),
        .container("id-shop-celery-run-ab12"),
        .container("id-shop-celery-2"), .container("id-shop-celery-3"),
      ])
  }

  @Test(arguments: [
    ("web", [RowID.service(blogWeb), .service(ShopKeys.web)]),
    ("shop", [.service(ShopKeys.celery), .service(ShopKeys.web)]),
    ("run-ab12", [.service(ShopKeys.celery)]),
    ("regis", []),
    ("nothing-matches", []),
  ])
  func filterMatchesProjectServiceContainerNameAndImage(query: String, expectedServices: [RowID]) {
    let rows = list(sampleContainers(), filter: query).rows
    #expect(
      rows.filter { if case .service = $0.id { true } else { false } }.map(\.id) == expectedServices
    )
  }

  @Test func filterOnStandaloneShowsOnlyTheGroup() {
    let rows = RowList(snapshot(sampleContainers()).aggregated(), filter: "regis")
    #expect(rows.rows.map(\.id) == [.standalone, .container("id-registry")])
    #expect(rows.firstServiceOrContainer == .container("id-registry"))
  }

  @Test func filterForcesCollapsedProjectsOpen() {
    let rows = list(sampleContainers(), filter: "celery", collapsed: [.project("shop")]).rows
    #expect(rows.map(\.id).prefix(2) == [.project("shop"), .service(shopCelery)])
    #expect(rows[0].isExpanded)
  }

  @Test func filteredProjectTotalsCoverOnlyShownServices() throws {
    let project = try #require(
      snapshot(sampleContainers()).aggregated().filtered(matching: "worker").projects.first)
    #expect(project.replicasTotal == 3)
  }

  @Test func firstServiceOrContainer() {
    #expect(list(sampleContainers(), filter: "web").firstServiceOrContainer == .service(blogWeb))
    #expect(list([]).firstServiceOrContainer == nil)
    #expect(list([], filter: "x").rows.isEmpty)
  }
}

/// Keys usable in parameterised arguments.
enum ShopKeys {
  static let web = ServiceKey(project: "shop", service: "web")
  static let celery = ServiceKey(project: "shop", service: "celery")
}

@Suite("Selection")
struct SelectionTests {
  let before = list(sampleContainers())

  @Test func survivingItemKeepsItsSelectionAcrossResort() {
    let after = list(sampleContainers(), sort: .cpu)
    #expect(
      after.reconciled(selection: .container("id-shop-web-2"), from: before)
        == .container("id-shop-web-2"))
    #expect(
      after.index(of: .container("id-shop-web-2")) != before.index(of: .container("id-shop-web-2")))
  }

  @Test func vanishedContainerSelectsTheNextSibling() {
    let after = list(sampleContainers().filter { $0.id != "id-shop-celery-2" })
    #expect(
      after.reconciled(selection: .container("id-shop-celery-2"), from: before)
        == .container("id-shop-celery-3"))
  }

  @Test func vanishedLastContainerSelectsThePreviousSibling() {
    let after = list(sampleContainers().filter { $0.id != "id-shop-web-2" })
    #expect(
      after.reconciled(selection: .container("id-shop-web-2"), from: before)
        == .container("id-shop-web-1"))
  }

  @Test func vanishedOnlyContainerSelectsItsService() {
    var containers = sampleContainers()
    containers.append(replica("blog", "db", 1))
    let withDB = list(containers)
    let after = list(containers.filter { $0.id != "id-blog-web-1" })
    // blog/web vanished with its container: the sibling service takes over.
    #expect(
      after.reconciled(selection: .service(blogWeb), from: withDB)
        == .service(ServiceKey(project: "blog", service: "db")))
    // A lone container whose service still exists (collapsed elsewhere): walk up to an ancestor.
    let collapsed = list(containers, collapsed: [.service(blogWeb)])
    #expect(
      collapsed.reconciled(selection: .container("id-blog-web-1"), from: withDB)
        == .service(blogWeb))
  }

  @Test func vanishedProjectSelectsTheNextProject() {
    let after = list(sampleContainers().filter { $0.compose?.project != "blog" })
    #expect(
      after.reconciled(selection: .container("id-blog-web-1"), from: before) == .project("shop"))
    #expect(after.reconciled(selection: .project("blog"), from: before) == .project("shop"))
  }

  @Test func emptyListHasNoSelection() {
    #expect(list([]).reconciled(selection: .project("shop"), from: before) == nil)
  }

  @Test func unknownSelectionFallsBackToTheTop() {
    #expect(
      before.reconciled(selection: .container("never-seen"), from: list([])) == .project("blog"))
  }

  @Test(arguments: [
    (SelectionMove.down, RowID?.some(.container("id-blog-web-1")), RowID.project("shop")),
    (.up, .service(blogWeb), .project("blog")),
    (.up, .project("blog"), .project("blog")),
    (.down, .container("id-registry"), .container("id-registry")),
    (.pageDown, .project("blog"), .container("id-shop-celery-run-ab12")),
    (.pageDown, .service(ShopKeys.web), .container("id-registry")),
    (.pageUp, .container("id-shop-celery-run-ab12"), .project("blog")),
    (.pageUp, .service(blogWeb), .project("blog")),
    (.top, .container("id-registry"), .project("blog")),
    (.bottom, .project("blog"), .container("id-registry")),
    (.down, nil, .project("blog")),
    (.bottom, nil, .container("id-registry")),
  ])
  func movement(move: SelectionMove, from: RowID?, expected: RowID) {
    #expect(before.selection(after: move, from: from, pageSize: 6) == expected)
  }

  @Test func movementInEmptyList() {
    #expect(list([]).selection(after: .down, from: nil, pageSize: 5) == nil)
  }
}
