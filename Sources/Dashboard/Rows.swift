// The flat list the services pane renders: project, service and container rows in tree order, plus
// sorting, filtering, collapse/expand and selection that survives refreshes. Pure.
import Monitor

/// Stable identity of a row, kept across refreshes, re-sorts and filter changes.
public enum RowID: Hashable, Sendable {
  /// A compose project, by name.
  case project(String)
  /// A compose service.
  case service(ServiceKey)
  /// A container, by full ID.
  case container(String)
  /// The group of containers without compose labels.
  case standalone
}

/// One line of the services pane.
///
/// Tree: project (depth 0) → service (1) → container (2); the standalone group (depth 0) comes after
/// every project and holds container rows (depth 1) directly.
public struct DashboardRow: Sendable, Equatable, Identifiable {
  /// What a row shows.
  public enum Content: Sendable, Equatable {
    /// A compose project and its totals.
    case project(ProjectSummary)
    /// A compose service and its totals.
    case service(ServiceSummary)
    /// A container; `service` is nil for standalone containers.
    case container(ContainerSnapshot, service: ServiceKey?)
    /// The standalone group: its containers and their totals.
    case standalone([ContainerSnapshot], totals: UsageTotals)
  }

  /// Identity.
  public var id: RowID
  /// The row this one is nested under; nil at depth 0.
  public var parentID: RowID?
  /// Nesting level, 0 for projects and the standalone group.
  public var depth: Int
  /// Whether the children are shown (always false for containers).
  public var isExpanded: Bool
  /// What the row shows.
  public var content: Content

  /// Makes a row.
  public init(id: RowID, parentID: RowID?, depth: Int, isExpanded: Bool, content: Content) {
    self.id = id
    self.parentID = parentID
    self.depth = depth
    self.isExpanded = isExpanded
    self.content = content
  }

  /// Whether the row can be expanded or collapsed (everything but containers).
  public var isExpandable: Bool {
    if case .container = id { return false }
    return true
  }

  /// The name to show: project, service or container name, or `(standalone)`.
  public var title: String {
    switch content {
    case .project(let project): project.name
    case .service(let service): service.name
    case .container(let container, _): container.name
    case .standalone: Aggregation.standaloneTitle
    }
  }

  /// Totals for the row; a container row is a group of one.
  public var totals: UsageTotals {
    switch content {
    case .project(let project): project.totals
    case .service(let service): service.totals
    case .container(let container, _): UsageTotals(container: container)
    case .standalone(_, let totals): totals
    }
  }

  /// Every container the row stands for, in display order.
  public var containers: [ContainerSnapshot] {
    switch content {
    case .project(let project): project.containers
    case .service(let service): service.containers
    case .container(let container, _): [container]
    case .standalone(let containers, _): containers
    }
  }
}

/// Orderings for every level of the tree; ties always break by name, then ID.
public enum SortMode: String, Sendable, CaseIterable {
  /// Name ascending; a service's containers by compose number, then name.
  case name
  /// Host CPU descending; containers without usage last.
  case cpu
  /// Memory descending; containers without usage last.
  case memory
  /// Most in need of attention first (`UsageTotals.attentionRank`).
  case status
}

/// A selection movement.
public enum SelectionMove: Sendable, Equatable {
  /// One row up.
  case up
  /// One row down.
  case down
  /// One page up.
  case pageUp
  /// One page down.
  case pageDown
  /// The first row.
  case top
  /// The last row.
  case bottom
}

extension Aggregation {
  /// Keeps services whose project or service name, or any container's name or image, contains `query`
  /// (case-insensitive), and standalone containers whose name or image does; an empty query keeps all.
  ///
  /// A matching service keeps all its containers; project totals are recomputed over the kept services.
  /// Result is sorted by name. O(containers).
  public func filtered(matching query: String) -> Aggregation {
    let needle = query.lowercased()
    guard !needle.isEmpty else { return self }
    func matches(_ text: String) -> Bool { text.lowercased().contains(needle) }
    func matches(_ container: ContainerSnapshot) -> Bool {
      matches(container.name) || matches(container.image)
    }
    let kept = self.projects.compactMap { project -> ProjectSummary? in
      let services = project.services.filter { service in
        matches(service.key.project) || matches(service.key.service)
          || service.containers.contains(where: matches)
      }
      return services.isEmpty ? nil : ProjectSummary(name: project.name, services: services)
    }
    return Aggregation(projects: kept, standalone: standalone.filter(matches))
  }

  /// The same groups ordered by `mode` at every level. O(n log n).
  public func sorted(by mode: SortMode) -> Aggregation {
    var copy = self
    copy.sort(by: mode)
    return copy
  }

  /// Orders every level by `mode`. O(n log n).
  public mutating func sort(by mode: SortMode) {
    projects.sort { Self.ordered($0.totals, $0.name, $1.totals, $1.name, by: mode) }
    for index in projects.indices {
      projects[index].services.sort {
        Self.ordered($0.totals, $0.name, $1.totals, $1.name, by: mode)
      }
      for serviceIndex in projects[index].services.indices {
        projects[index].services[serviceIndex].containers.sort {
          Self.ordered($0, $1, by: mode, inService: true)
        }
      }
    }
    standalone.sort { Self.ordered($0, $1, by: mode, inService: false) }
  }

  /// The rows in tree order; `collapsed` rows hide their children, except that projects and the
  /// standalone group are forced open when `expandingProjects` (used while a filter is active). O(n).
  public func rows(collapsed: Set<RowID> = [], expandingProjects: Bool = false) -> [DashboardRow] {
    var rows: [DashboardRow] = []
    for project in projects {
      let projectID = RowID.project(project.name)
      let projectOpen = expandingProjects || !collapsed.contains(projectID)
      rows.append(
        DashboardRow(
          id: projectID, parentID: nil, depth: 0, isExpanded: projectOpen,
          content: .project(project)))
      guard projectOpen else { continue }
      for service in project.services {
        let serviceID = RowID.service(service.key)
        let serviceOpen = !collapsed.contains(serviceID)
        rows.append(
          DashboardRow(
            id: serviceID, parentID: projectID, depth: 1, isExpanded: serviceOpen,
            content: .service(service)))
        guard serviceOpen else { continue }
        for container in service.containers {
          rows.append(
            DashboardRow(
              id: .container(container.id), parentID: serviceID, depth: 2, isExpanded: false,
              content: .container(container, service: service.key)))
        }
      }
    }
    if !standalone.isEmpty {
      let open = expandingProjects || !collapsed.contains(.standalone)
      rows.append(
        DashboardRow(
          id: .standalone, parentID: nil, depth: 0, isExpanded: open,
          content: .standalone(standalone, totals: standaloneTotals)))
      if open {
        for container in standalone {
          rows.append(
            DashboardRow(
              id: .container(container.id), parentID: .standalone, depth: 1, isExpanded: false,
              content: .container(container, service: nil)))
        }
      }
    }
    return rows
  }

  private static func ordered(
    _ lhs: UsageTotals, _ lhsName: String, _ rhs: UsageTotals, _ rhsName: String, by mode: SortMode
  ) -> Bool {
    switch mode {
    case .name: break
    case .cpu: if lhs.cpuPercent != rhs.cpuPercent { return lhs.cpuPercent > rhs.cpuPercent }
    case .memory: if lhs.memoryBytes != rhs.memoryBytes { return lhs.memoryBytes > rhs.memoryBytes }
    case .status:
      if lhs.attentionRank != rhs.attentionRank { return lhs.attentionRank < rhs.attentionRank }
    }
    return lhsName < rhsName
  }

  private static func ordered(
    _ lhs: ContainerSnapshot, _ rhs: ContainerSnapshot, by mode: SortMode, inService: Bool
  ) -> Bool {
    switch mode {
    case .name: break
    case .cpu:
      let left = lhs.usage?.cpuPercent ?? -1
      let right = rhs.usage?.cpuPercent ?? -1
      if left != right { return left > right }
    case .memory:
      let left = lhs.usage.map { Int64(clamping: $0.memoryBytes) } ?? -1
      let right = rhs.usage.map { Int64(clamping: $0.memoryBytes) } ?? -1
      if left != right { return left > right }
    case .status:
      let left = UsageTotals(container: lhs).attentionRank
      let right = UsageTotals(container: rhs).attentionRank
      if left != right { return left < right }
    }
    if inService { return ServiceSummary.replicaOrder(lhs, rhs) }
    return (lhs.name, lhs.id) < (rhs.name, rhs.id)
  }
}

/// The visible rows for one aggregation, sort, filter and collapse state, with selection logic.
public struct RowList: Sendable, Equatable {
  /// Rows in display order.
  public var rows: [DashboardRow]

  /// Wraps rows already built.
  public init(rows: [DashboardRow]) {
    self.rows = rows
  }

  /// Filters, sorts and flattens an aggregation; a non-empty filter forces projects open. O(n log n).
  public init(
    _ aggregation: Aggregation, sortedBy mode: SortMode = .name, filter: String = "",
    collapsed: Set<RowID> = []
  ) {
    rows = aggregation.filtered(matching: filter).sorted(by: mode)
      .rows(collapsed: collapsed, expandingProjects: !filter.isEmpty)
  }

  /// The index of a row. O(n).
  public func index(of id: RowID) -> Int? { rows.firstIndex { $0.id == id } }

  /// The row with this ID. O(n).
  public func row(for id: RowID) -> DashboardRow? { rows.first { $0.id == id } }

  /// The first service row, else the first container row, else the first row. O(n).
  public var firstServiceOrContainer: RowID? {
    if let service = rows.first(where: { if case .service = $0.id { true } else { false } }) {
      return service.id
    }
    if let container = rows.first(where: { if case .container = $0.id { true } else { false } }) {
      return container.id
    }
    return rows.first?.id
  }

  /// Where `selection` (made in `previous`) lands in this list: itself when still present; else the next
  /// surviving sibling, else the previous one, else the parent; when the parent vanished too, the same
  /// search one level up; finally the same index clamped. Nil only when the list is empty. O(n).
  public func reconciled(selection: RowID?, from previous: RowList) -> RowID? {
    guard !rows.isEmpty else { return nil }
    guard let selection else { return nil }
    if index(of: selection) != nil { return selection }
    guard let oldIndex = previous.index(of: selection) else { return rows[0].id }
    let present = Set(rows.map(\.id))
    var node = previous.rows[oldIndex]
    var nodeIndex = oldIndex
    while true {
      let parentID = node.parentID
      let siblings = previous.rows.indices.filter {
        $0 != nodeIndex && previous.rows[$0].parentID == parentID
          && present.contains(previous.rows[$0].id)
      }
      if let next = siblings.first(where: { $0 > nodeIndex }) { return previous.rows[next].id }
      if let before = siblings.last(where: { $0 < nodeIndex }) { return previous.rows[before].id }
      guard let parentID, let parentIndex = previous.index(of: parentID) else { break }
      if present.contains(parentID) { return parentID }
      node = previous.rows[parentIndex]
      nodeIndex = parentIndex
    }
    return rows[min(oldIndex, rows.count - 1)].id
  }

  /// The selection after a movement; a missing or unknown selection starts at the top. O(n).
  public func selection(after move: SelectionMove, from current: RowID?, pageSize: Int) -> RowID? {
    guard !rows.isEmpty else { return nil }
    let last = rows.count - 1
    let page = max(1, pageSize)
    guard let current, let index = index(of: current) else {
      return move == .bottom ? rows[last].id : rows[0].id
    }
    let target: Int
    switch move {
    case .up: target = index - 1
    case .down: target = index + 1
    case .pageUp: target = index - page
    case .pageDown: target = index + page
    case .top: target = 0
    case .bottom: target = last
    }
    return rows[min(max(target, 0), last)].id
  }
}
