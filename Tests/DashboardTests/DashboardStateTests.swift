import Monitor
import Testing

@testable import Dashboard

private let shopWeb = ServiceKey(project: "shop", service: "web")
private let shopCelery = ServiceKey(project: "shop", service: "celery")
private let blogWeb = ServiceKey(project: "blog", service: "web")
private let celeryReplicas = ["id-shop-celery-1", "id-shop-celery-2", "id-shop-celery-3"]

/// A state that has seen one snapshot of `containers` and has `selected` selected.
private func loaded(
  _ containers: [ContainerSnapshot] = sampleContainers(), selecting selected: RowID? = nil,
  readOnly: Bool = false
) -> DashboardState {
  var state = DashboardState(readOnly: readOnly)
  _ = state.update(.snapshot(snapshot(containers)))
  if let selected { _ = state.update(.select(selected)) }
  return state
}

fileprivate extension DashboardState {
  /// Presses the key, and reports the confirmation it opens as drawn (as the app loop does).
  mutating func ask(_ action: DashboardAction) -> [Effect] {
    let effects = update(.key(action))
    _ = update(.confirmationShown)
    return effects
  }
}

@Suite("DashboardState")
struct DashboardStateTests {
  // MARK: Snapshots and logs

  @Test func firstSnapshotSelectsTheFirstServiceAndFollowsItsLogs() {
    var state = DashboardState()
    let effects = state.update(.snapshot(snapshot(sampleContainers())))
    #expect(state.selection == .service(blogWeb))
    #expect(effects == [.followLogs(containerIDs: ["id-blog-web-1"])])
    #expect(state.aggregation.projects.count == 2)
    #expect(state.rows.count == 15)
  }

  @Test func selectionChangeFollowsTheNewSelectionsLogs() {
    var state = loaded(selecting: .service(shopCelery))
    #expect(
      state.followedContainerIDs == [
        "id-shop-celery-1", "id-shop-celery-run-ab12", "id-shop-celery-2", "id-shop-celery-3",
      ])
    #expect(state.update(.key(.moveDown)) == [.followLogs(containerIDs: ["id-shop-celery-1"])])
    #expect(state.update(.key(.moveUp)).count == 1)
    #expect(state.update(.key(.moveUp)) == [.followLogs(containerIDs: [])])  // project row: no logs
    #expect(state.selection == .project("shop"))
  }

  @Test func unchangedSelectionDoesNotRefollow() {
    var state = loaded(selecting: .project("blog"))
    _ = state.update(.key(.moveUp))
    #expect(state.update(.key(.moveUp)) == [])
    #expect(state.update(.snapshot(snapshot(sampleContainers()))) == [])
  }

  @Test func vanishedContainerMovesSelectionToItsNeighbourAndRefollows() {
    var state = loaded(selecting: .container("id-shop-web-1"))
    let effects = state.update(
      .snapshot(snapshot(sampleContainers().filter { $0.id != "id-shop-web-1" })))
    #expect(state.selection == .container("id-shop-web-2"))
    #expect(effects == [.followLogs(containerIDs: ["id-shop-web-2"])])
  }

  @Test func newReplicaOfSelectedServiceIsFollowed() {
    var state = loaded(selecting: .service(shopWeb))
    let effects = state.update(
      .snapshot(snapshot(sampleContainers() + [replica("shop", "web", 3)])))
    #expect(state.selection == .service(shopWeb))
    #expect(
      effects == [.followLogs(containerIDs: ["id-shop-web-1", "id-shop-web-2", "id-shop-web-3"])])
  }

  @Test func everythingVanishingClearsTheSelection() {
    var state = loaded(selecting: .container("id-shop-web-1"))
    #expect(state.update(.snapshot(snapshot([]))) == [.followLogs(containerIDs: [])])
    #expect(state.selection == nil)
    #expect(state.selectedRow == nil)
  }

  // MARK: Actions on services, containers, projects

  @Test func restartOnServiceFansOutToExactlyItsReplicas() {
    var state = loaded(selecting: .service(shopCelery))
    #expect(
      state.update(.key(.restart)) == [
        .perform(.restart, containerIDs: celeryReplicas, label: "Restart celery")
      ])
    #expect(state.overlay == .none)
    #expect(state.statusMessage == StatusMessage("Restarting celery: 3 containers…"))
  }

  @Test func restartOnSameNamedServiceInOtherProjectTouchesOnlyThatProject() {
    var state = loaded(selecting: .service(blogWeb))
    #expect(
      state.update(.key(.restart)) == [
        .perform(.restart, containerIDs: ["id-blog-web-1"], label: "Restart web")
      ])
  }

  @Test func restartOnContainerNeedsNoConfirmation() {
    var state = loaded(selecting: .container("id-shop-web-2"))
    #expect(
      state.update(.key(.restart))
        == [.perform(.restart, containerIDs: ["id-shop-web-2"], label: "Restart shop-web-2")])
  }

  @Test func killAsksThenPerformsOnYes() {
    var state = loaded(selecting: .service(shopCelery))
    #expect(state.ask(.kill) == [])
    let expected = Effect.perform(
      .kill, containerIDs: ["id-shop-celery-1", "id-shop-celery-2"], label: "Kill celery")
    #expect(state.overlay == .confirm(prompt: "Kill 2 containers of celery? y/N", effect: expected))
    #expect(state.update(.confirm(true)) == [expected])
    #expect(state.overlay == .none)
    #expect(state.statusMessage == StatusMessage("Killing celery: 2 containers…"))
  }

  @Test func killDoesNothingOnNo() {
    var state = loaded(selecting: .service(shopCelery))
    _ = state.ask(.kill)
    #expect(state.update(.confirm(false)) == [])
    #expect(state.overlay == .none)
    #expect(state.statusMessage == StatusMessage("Cancelled"))
    #expect(state.update(.confirm(true)) == [])  // nothing pending any more
  }

  @Test func killWithThreeRunningReplicas() {
    let containers = (1...3).map { replica("shop", "celery", $0) }
    var state = loaded(containers, selecting: .service(shopCelery))
    _ = state.update(.key(.kill))
    guard case .confirm(let prompt, _) = state.overlay else {
      Issue.record("no confirmation")
      return
    }
    #expect(prompt == "Kill 3 containers of celery? y/N")
  }

  @Test func killOnSingleContainerAlsoAsks() {
    var state = loaded(selecting: .container("id-shop-web-1"))
    #expect(state.update(.key(.kill)) == [])
    guard case .confirm(let prompt, _) = state.overlay else {
      Issue.record("no confirmation")
      return
    }
    #expect(prompt == "Kill container shop-web-1? y/N")
  }

  @Test func killWithNothingRunningIsAnError() {
    var state = loaded(selecting: .container("id-shop-celery-3"))
    #expect(state.update(.key(.kill)) == [])
    #expect(state.overlay == .none)
    #expect(state.statusMessage?.isError == true)
  }

  @Test(arguments: [("id-shop-web-1", true), ("id-shop-celery-3", false)])
  func removeAsksAndForcesOnlyRunningContainers(id: String, force: Bool) {
    var state = loaded(selecting: .container(id))
    _ = state.ask(.remove)
    let effects = state.update(.confirm(true))
    #expect(effects.count == 1)
    guard case .perform(.remove(let forced), let ids, _) = effects.first else {
      Issue.record("expected a remove, got \(effects)")
      return
    }
    #expect(forced == force)
    #expect(ids == [id])
  }

  @Test func projectWideActionConfirmsWithTheCount() {
    var state = loaded(selecting: .project("shop"))
    #expect(state.ask(.restart) == [])
    let ids = [
      "id-shop-celery-1", "id-shop-celery-run-ab12", "id-shop-celery-2", "id-shop-celery-3",
      "id-shop-web-1",
      "id-shop-web-2",
    ]
    let expected = Effect.perform(.restart, containerIDs: ids, label: "Restart project shop")
    #expect(
      state.overlay
        == .confirm(prompt: "Restart 6 containers of project shop? y/N", effect: expected))
    #expect(state.update(.confirm(true)) == [expected])
    #expect(state.statusMessage == StatusMessage("Restarting project shop: 6 containers…"))
  }

  @Test(arguments: [DashboardAction.startStop, .pauseUnpause])
  func projectWideStartStopAndPauseAsk(action: DashboardAction) {
    var state = loaded(selecting: .project("shop"))
    #expect(state.update(.key(action)) == [])
    guard case .confirm(let prompt, _) = state.overlay else {
      Issue.record("\(action) on a project row did not ask")
      return
    }
    #expect(prompt.contains("containers of project shop? y/N"))
  }

  @Test func rollingRestartOnAProjectAsksWithTheReplicaCount() {
    var state = loaded(selecting: .project("shop"))
    #expect(state.ask(.rollingRestart) == [])
    // The one-off `compose run` container is not a replica.
    let replicas = ["id-shop-celery-1", "id-shop-celery-2", "id-shop-celery-3", "id-shop-web-1", "id-shop-web-2"]
    let expected = Effect.rollingRestart(containerIDs: replicas, label: "Rolling restart project shop")
    #expect(
      state.overlay
        == .confirm(prompt: "Rolling restart 5 containers of project shop, one at a time? y/N", effect: expected))
    #expect(state.update(.confirm(true)) == [expected])
    #expect(state.statusMessage == StatusMessage("Rolling restart project shop: 5 containers…"))
  }

  @Test func serviceWideActionsSayHowManyContainersBeforeActing() {
    var state = loaded(selecting: .service(shopCelery))
    _ = state.update(.key(.pauseUnpause))
    #expect(state.statusMessage == StatusMessage("Pausing celery: 2 containers…"))
    _ = state.update(.key(.rollingRestart))
    #expect(state.statusMessage == StatusMessage("Rolling restart celery: 3 containers…"))
    var single = loaded(selecting: .container("id-shop-web-2"))
    _ = single.update(.key(.restart))
    #expect(single.statusMessage == StatusMessage("Restarting shop-web-2…"))
  }

  @Test func standaloneGroupActionConfirmsWithTheCount() {
    var state = loaded(selecting: .standalone)
    _ = state.update(.key(.startStop))
    let expected = Effect.perform(
      .stop, containerIDs: ["id-registry"], label: "Stop standalone containers")
    #expect(state.overlay == .confirm(prompt: "Stop 1 standalone container? y/N", effect: expected))
  }

  @Test func startStopStartsWhenNothingRunsElseStopsTheRunningOnes() {
    var state = loaded(selecting: .service(shopCelery))
    #expect(
      state.update(.key(.startStop))
        == [
          .perform(
            .stop, containerIDs: ["id-shop-celery-1", "id-shop-celery-2"], label: "Stop celery")
        ])
    let stopped = (1...2).map { replica("shop", "celery", $0, state: .exited) }
    var idle = loaded(stopped, selecting: .service(shopCelery))
    #expect(
      idle.update(.key(.startStop))
        == [
          .perform(
            .start, containerIDs: ["id-shop-celery-1", "id-shop-celery-2"], label: "Start celery")
        ])
  }

  @Test func pauseUnpauseUnpausesWhenPaused() {
    let containers = [replica("p", "s", 1, state: .paused), replica("p", "s", 2)]
    let key = ServiceKey(project: "p", service: "s")
    var state = loaded(containers, selecting: .service(key))
    #expect(
      state.update(.key(.pauseUnpause)) == [
        .perform(.unpause, containerIDs: ["id-p-s-1"], label: "Unpause s")
      ])
    var running = loaded([replica("p", "s", 1), replica("p", "s", 2)], selecting: .service(key))
    #expect(
      running.update(.key(.pauseUnpause))
        == [.perform(.pause, containerIDs: ["id-p-s-1", "id-p-s-2"], label: "Pause s")])
  }

  @Test func rollingRestartOnServiceListsReplicasInOrder() {
    var state = loaded(selecting: .service(shopCelery))
    #expect(
      state.update(.key(.rollingRestart))
        == [.rollingRestart(containerIDs: celeryReplicas, label: "Rolling restart celery")])
    var onContainer = loaded(selecting: .container("id-shop-web-1"))
    #expect(onContainer.update(.key(.rollingRestart)) == [])
    #expect(onContainer.statusMessage?.isError == true)
  }

  @Test func execAndAttachPickTheFirstRunningReplica() {
    let containers = [replica("shop", "web", 1, state: .exited), replica("shop", "web", 2)]
    var state = loaded(containers, selecting: .service(shopWeb))
    #expect(state.update(.key(.exec)) == [.exec(containerID: "id-shop-web-2")])
    #expect(state.update(.key(.attach)) == [.attach(containerID: "id-shop-web-2")])
  }

  @Test func execOnStoppedContainerOrProjectIsAnError() {
    var stopped = loaded(selecting: .container("id-shop-celery-3"))
    #expect(stopped.update(.key(.exec)) == [])
    #expect(stopped.statusMessage?.isError == true)
    var project = loaded(selecting: .project("shop"))
    #expect(project.update(.key(.attach)) == [])
    #expect(project.statusMessage?.isError == true)
  }

  @Test(arguments: DashboardAction.allCases.filter(\.isMutating))
  func readOnlyRefusesMutatingActions(action: DashboardAction) {
    var state = loaded(selecting: .service(shopCelery), readOnly: true)
    #expect(state.update(.key(action)) == [])
    #expect(state.overlay == .none)
    #expect(
      state.statusMessage
        == StatusMessage("Read-only mode: \(action.title) is disabled", isError: true))
  }

  @Test func readOnlyStillNavigates() {
    var state = loaded(selecting: .service(shopCelery), readOnly: true)
    _ = state.update(.key(.moveDown))
    #expect(state.selection == .container("id-shop-celery-1"))
  }

  @Test func nothingSelectedIsAnError() {
    var state = DashboardState()
    #expect(state.update(.key(.restart)) == [])
    #expect(state.statusMessage == StatusMessage("Nothing selected", isError: true))
  }

  // MARK: Filter

  @Test func filterMovesSelectionToTheFirstMatchingService() {
    var state = loaded(selecting: .container("id-registry"))
    _ = state.update(.key(.beginFilter))
    #expect(state.isFilterPromptOpen)
    _ = state.update(.filterInput("w"))
    #expect(state.selection == .service(blogWeb))
    _ = state.update(.filterInput("o"))
    #expect(state.filter == "wo")
    #expect(state.selection == .service(shopCelery))  // "wo" matches the worker image only
    _ = state.update(.filterBackspace)
    #expect(state.filter == "w")
    _ = state.update(.filterInput("O"))
    _ = state.update(.filterCommit)
    #expect(!state.isFilterPromptOpen)
    #expect(state.filter == "wO")
    #expect(state.selection == .service(shopCelery))
    #expect(state.rows.first?.id == .project("shop"))
  }

  @Test func filterOutsideThePromptIsIgnored() {
    var state = loaded()
    _ = state.update(.filterInput("x"))
    #expect(state.filter == "")
  }

  @Test func escapeClearsTheFilterAndKeepsTheSelection() {
    var state = loaded()
    _ = state.update(.key(.beginFilter))
    for character in "celery" { _ = state.update(.filterInput(character)) }
    _ = state.update(.filterCommit)
    _ = state.update(.key(.moveDown))
    #expect(state.selection == .container("id-shop-celery-1"))
    _ = state.update(.key(.escape))
    #expect(state.filter == "")
    #expect(state.selection == .container("id-shop-celery-1"))
    #expect(state.rows.count == 15)
  }

  @Test func cancellingThePromptRestoresThePreviousFilter() {
    var state = loaded()
    _ = state.update(.key(.beginFilter))
    _ = state.update(.filterInput("b"))
    _ = state.update(.filterCommit)
    _ = state.update(.key(.beginFilter))
    _ = state.update(.filterInput("x"))
    #expect(state.rows.isEmpty)
    _ = state.update(.key(.escape))
    #expect(!state.isFilterPromptOpen)
    #expect(state.filter == "b")
    #expect(!state.rows.isEmpty)
    _ = state.update(.key(.beginFilter))
    _ = state.update(.filterInput("z"))
    _ = state.update(.filterCancel)
    #expect(state.filter == "b")
  }

  @Test func refreshWhileFilteredKeepsTheSelection() {
    var state = loaded()
    _ = state.update(.key(.beginFilter))
    _ = state.update(.filterInput("w"))
    _ = state.update(.filterCommit)
    _ = state.update(.select(.service(shopWeb)))
    _ = state.update(.snapshot(snapshot(sampleContainers())))
    #expect(state.selection == .service(shopWeb))
  }

  // MARK: Overlays, panes, modes

  @Test func escapeClosesTheConfirmationWithoutEffect() {
    var state = loaded(selecting: .service(shopCelery))
    _ = state.ask(.kill)
    #expect(state.update(.key(.escape)) == [])
    #expect(state.overlay == .none)
    #expect(state.update(.confirm(true)) == [])
  }

  @Test func anyKeyOnTheConfirmationCancelsIt() {
    var state = loaded(selecting: .service(shopCelery))
    _ = state.ask(.kill)
    #expect(state.update(.key(.moveDown)) == [])
    #expect(state.selection == .service(shopCelery))
    #expect(state.overlay == .none)
    #expect(state.statusMessage == StatusMessage("Cancelled"))
    #expect(state.update(.confirm(true)) == [])
  }

  @Test func keysBeforeTheConfirmationWasShownAreIgnored() {
    var state = loaded(selecting: .service(shopCelery))
    _ = state.update(.key(.remove))
    #expect(!state.isConfirmationArmed)
    // Typed ahead: neither a yes nor a cancel.
    #expect(state.update(.confirm(true)) == [])
    #expect(state.update(.key(.moveDown)) == [])
    #expect(state.update(.confirm(false)) == [])
    guard case .confirm(_, let effect) = state.overlay else {
      Issue.record("the confirmation closed before it was shown")
      return
    }
    _ = state.update(.confirmationShown)
    #expect(state.isConfirmationArmed)
    #expect(state.update(.confirm(true)) == [effect])
    #expect(!state.isConfirmationArmed)
    // A new question starts unarmed again.
    _ = state.update(.key(.remove))
    #expect(state.update(.confirm(true)) == [])
  }

  @Test func confirmationShownWithoutAQuestionArmsNothing() {
    var state = loaded(selecting: .service(shopCelery))
    _ = state.update(.confirmationShown)
    #expect(!state.isConfirmationArmed)
    _ = state.update(.key(.kill))
    #expect(state.update(.confirm(true)) == [])
  }

  @Test func helpOpensAndEscapeClosesIt() {
    var state = loaded()
    _ = state.update(.key(.help))
    #expect(state.overlay == .help)
    _ = state.update(.key(.moveDown))
    #expect(state.selection == .service(blogWeb))
    _ = state.update(.key(.escape))
    #expect(state.overlay == .none)
  }

  @Test(arguments: [Overlay.none, .help])
  func quitYieldsQuit(overlay: Overlay) {
    var state = loaded()
    if overlay == .help { _ = state.update(.key(.help)) }
    #expect(state.update(.key(.quit)) == [.quit])
  }

  @Test func quitOnTheConfirmationCancelsItThenQuits() {
    var state = loaded(selecting: .service(shopCelery))
    _ = state.ask(.kill)
    #expect(state.update(.key(.quit)) == [])
    #expect(state.overlay == .none)
    #expect(state.update(.key(.quit)) == [.quit])
  }

  @Test func pastedTextGoesIntoTheOpenFilterPromptOnly() {
    var state = loaded()
    _ = state.update(.filterPaste("celery"))
    #expect(state.filter.isEmpty)
    _ = state.update(.key(.beginFilter))
    _ = state.update(.filterPaste("cel"))
    _ = state.update(.filterInput("e"))
    #expect(state.filter == "cele")
    #expect(state.selection == .service(shopCelery))
  }

  @Test func panesCycleAndEscapeReturnsToServices() {
    var state = loaded()
    _ = state.update(.key(.nextPane))
    #expect(state.focusedPane == .details)
    _ = state.update(.key(.nextPane))
    _ = state.update(.key(.nextPane))
    #expect(state.focusedPane == .services)
    _ = state.update(.key(.previousPane))
    #expect(state.focusedPane == .logs)
    _ = state.update(.key(.escape))
    #expect(state.focusedPane == .services)
    _ = state.update(.key(.focusLogs))
    #expect(state.focusedPane == .logs)
  }

  @Test func sortKeepsTheSelectionAndToggleCPUModeFlips() {
    var state = loaded(selecting: .container("id-adminer"))
    _ = state.update(.key(.sortByCPU))
    #expect(state.sortMode == .cpu)
    #expect(state.selection == .container("id-adminer"))
    #expect(state.rows.first?.id == .project("shop"))
    _ = state.update(.key(.sortByStatus))
    #expect(state.sortMode == .status)
    _ = state.update(.key(.sortByMemory))
    #expect(state.sortMode == .memory)
    _ = state.update(.key(.sortByName))
    #expect(state.rows.first?.id == .project("blog"))
    _ = state.update(.key(.toggleCPUMode))
    #expect(state.cpuMode == .limit)
    _ = state.update(.key(.toggleCPUMode))
    #expect(state.cpuMode == .host)
  }

  @Test func toggleExpandCollapsesAndSurvivesRefresh() {
    var state = loaded(selecting: .service(shopCelery))
    _ = state.update(.key(.toggleExpand))
    #expect(state.rows.first { $0.id == .service(shopCelery) }?.isExpanded == false)
    #expect(!state.rows.contains { $0.id == .container("id-shop-celery-1") })
    _ = state.update(.snapshot(snapshot(sampleContainers())))
    #expect(!state.rows.contains { $0.id == .container("id-shop-celery-1") })
    _ = state.update(.key(.toggleExpand))
    #expect(state.rows.contains { $0.id == .container("id-shop-celery-1") })
  }

  @Test func toggleExpandOnContainerCollapsesItsService() {
    var state = loaded(selecting: .container("id-shop-web-2"))
    _ = state.update(.key(.toggleExpand))
    #expect(state.selection == .service(shopWeb))
    #expect(state.collapsed == [.service(shopWeb)])
  }

  @Test func selectIgnoresUnknownRows() {
    var state = loaded(selecting: .service(shopWeb))
    _ = state.update(.select(.container("nope")))
    #expect(state.selection == .service(shopWeb))
    _ = state.update(.key(.focusLogs))
    _ = state.update(.select(.project("blog")))
    #expect(state.focusedPane == .services)
  }

  @Test func focusEventFocusesAPaneButNotUnderAnOverlay() {
    var state = loaded(selecting: .service(shopWeb))
    _ = state.update(.focus(.logs))
    #expect(state.focusedPane == .logs)
    _ = state.update(.focus(.details))
    #expect(state.focusedPane == .details)
    _ = state.update(.key(.help))
    _ = state.update(.focus(.services))
    #expect(state.focusedPane == .details)
  }

  @Test func viewportSetsThePageSize() {
    var state = loaded(selecting: .project("blog"))
    _ = state.update(.viewport(visibleRows: 3))
    _ = state.update(.key(.pageDown))
    #expect(state.selection == .project("shop"))
    _ = state.update(.key(.bottom))
    #expect(state.selection == .container("id-registry"))
    _ = state.update(.key(.top))
    #expect(state.selection == .project("blog"))
  }

  @Test func actionResultsReachTheStatusLine() {
    var state = loaded()
    _ = state.update(.actionProgress(label: "Rolling restart celery", completed: 2, total: 3))
    #expect(state.statusMessage == StatusMessage("Rolling restart celery: 2/3"))
    _ = state.update(.actionFinished(label: "Restart celery", error: nil))
    #expect(state.statusMessage == StatusMessage("Restart celery: done"))
    _ = state.update(.actionFinished(label: "Kill celery", error: "permission denied"))
    #expect(
      state.statusMessage == StatusMessage("Kill celery failed: permission denied", isError: true))
    _ = state.update(.dismissStatus)
    #expect(state.statusMessage == nil)
  }
}
