import Dashboard
import DockerEngine
import FoundationEssentials
import Glibc
import Monitor

/// Does the background work of effects against the engine and reports back through the mailbox;
/// which work, for which effect, is decided by the loop's interpreter (`AppLoop.interpret(_:)`).
final class EffectRunner: @unchecked Sendable {
  /// The engine's one connection, shared with the monitor: each piece of work takes its current
  /// client, so it follows the monitor's reconnects.
  private let connection: EngineConnection
  private let mailbox: Mailbox
  private let lock = Lock()
  /// Log followers by container ID, all of `followGeneration`.
  private var followers: [String: Task<Void, Never>] = [:]
  private var followGeneration = -1
  /// How long a rolling restart waits for each replica to be running (and healthy).
  let replicaReadyTimeout: Duration

  init(connection: EngineConnection, mailbox: Mailbox, replicaReadyTimeout: Duration = .seconds(120)) {
    self.connection = connection
    self.mailbox = mailbox
    self.replicaReadyTimeout = replicaReadyTimeout
  }

  /// Cancels everything (on quit).
  func stop() {
    lock.withLock {
      for task in followers.values { task.cancel() }
      followers.removeAll()
    }
  }

  /// Runs `action` on every container at once, in the background; posts progress and the result.
  func perform(_ action: ContainerAction, on ids: [String], label: String) {
    Task { await self.performNow(action, on: ids, label: label) }
  }

  /// Restarts replicas one at a time in the background (see `rollingRestartNow`).
  func rollingRestart(_ ids: [String], label: String) {
    Task { await self.rollingRestartNow(ids, label: label) }
  }

  private func performNow(_ action: ContainerAction, on ids: [String], label: String) async {
    let total = ids.count
    mailbox.post(.dashboard(.actionProgress(label: label, completed: 0, total: total)))
    let errors = await withTaskGroup(of: String?.self) { group in
      for id in ids {
        group.addTask {
          do {
            try await self.apply(action, to: id)
            return nil
          } catch {
            return "\(String(id.prefix(12))): \((error as? DockerEngineError)?.message ?? "\(error)")"
          }
        }
      }
      var errors: [String] = []
      var completed = 0
      for await error in group {
        completed += 1
        if let error { errors.append(error) }
        if completed < total {
          mailbox.post(.dashboard(.actionProgress(label: label, completed: completed, total: total)))
        }
      }
      return errors
    }
    mailbox.post(.dashboard(.actionFinished(label: label, error: errors.isEmpty ? nil : errors.joined(separator: "; "))))
  }

  private func apply(_ action: ContainerAction, to id: String) async throws {
    let client = try await connection.client()
    switch action {
    case .start: try await client.start(id)
    case .stop: try await client.stop(id)
    case .restart: try await client.restart(id)
    case .pause: try await client.pause(id)
    case .unpause: try await client.unpause(id)
    case .kill: try await client.kill(id)
    case .remove(let force): try await client.remove(id, force: force)
    }
  }

  /// Restarts replicas one at a time, each waiting until running (and healthy, with a health check).
  private func rollingRestartNow(_ ids: [String], label: String) async {
    for (index, id) in ids.enumerated() {
      mailbox.post(.dashboard(.actionProgress(label: label, completed: index, total: ids.count)))
      do {
        try await connection.client().restart(id)
        try await waitUntilReady(id)
      } catch {
        let message = (error as? DockerEngineError)?.message ?? "\(error)"
        mailbox.post(
          .dashboard(
            .actionFinished(
              label: label, error: "stopped at replica \(index + 1) of \(ids.count): \(message)")))
        return
      }
    }
    mailbox.post(.dashboard(.actionFinished(label: label, error: nil)))
  }

  private func waitUntilReady(_ id: String) async throws {
    let deadline = ContinuousClock.now + replicaReadyTimeout
    while ContinuousClock.now < deadline {
      let details = try await connection.client().inspect(id)
      let running = details.state?.running == true && details.state?.restarting != true
      let health = details.state?.health?.status
      if running && (health == nil || health == "healthy" || health == "none") { return }
      if details.state?.status == "exited" || details.state?.status == "dead" {
        throw DockerEngineError(.conflict, "\(details.displayName) exited (code \(details.state?.exitCode ?? 0)) after the restart")
      }
      try await Task.sleep(for: .milliseconds(250))
    }
    throw DockerEngineError(.timedOut, "\(id.prefix(12)) was not running and healthy within \(replicaReadyTimeout)")
  }

  /// Follows exactly `containers`: a new generation restarts every follower, the same one
  /// starts and stops only the difference (a replica joined or left).
  func follow(_ containers: [FollowedContainer], generation: Int) {
    lock.withLock {
      if generation != followGeneration {
        for task in followers.values { task.cancel() }
        followers.removeAll()
        followGeneration = generation
      }
      let wanted = Set(containers.map(\.id))
      for (id, task) in followers where !wanted.contains(id) {
        task.cancel()
        followers[id] = nil
      }
      for container in containers where followers[container.id] == nil {
        followers[container.id] = makeFollower(container, generation: generation)
      }
    }
  }

  /// Streams one container's logs into the mailbox; when the stream ends because the container
  /// stopped (or the engine went away), waits for it to run again and carries on after the last
  /// line seen. Ends when the container is removed or the follower is cancelled.
  private func makeFollower(_ container: FollowedContainer, generation: Int) -> Task<Void, Never> {
    Task {
      var options = LogOptions(
        follow: true, tail: container.since == nil ? 200 : nil,
        since: container.since.map { Date().addingTimeInterval(-$0.seconds) }, timestamps: true)
      var lastTimestamp: Date?
      while !Task.isCancelled {
        do {
          let client = try await self.connection.client()
          for try await lines in client.logBatches(for: container.id, options: options, isTTY: container.hasTTY) {
            lastTimestamp = lines.last(where: { $0.timestamp != nil })?.timestamp ?? lastTimestamp
            self.mailbox.post(.logLines(lines, source: container.name, sourceIndex: container.index, generation: generation))
          }
        } catch let error as DockerEngineError where error.kind == .notFound {
          return
        } catch {
          if Task.isCancelled { return }
        }
        guard await self.waitUntilRunning(container.id) else { return }
        options = LogOptions(follow: true, tail: nil, since: lastTimestamp?.addingTimeInterval(0.000_001), timestamps: true)
      }
    }
  }

  /// Polls until the container runs (true) or is gone (false); engine errors just mean "not yet".
  private func waitUntilRunning(_ id: String) async -> Bool {
    while !Task.isCancelled {
      do {
        try await Task.sleep(for: .seconds(1))
        let details = try await connection.client().inspect(id)
        if details.state?.running == true { return true }
      } catch let error as DockerEngineError where error.kind == .notFound {
        return false
      } catch is CancellationError {
        return false
      } catch {
        continue
      }
    }
    return false
  }

  /// Writes saved logs to a new file (see `SavedLogFile`) and reports where.
  func save(_ text: String, name: String) {
    let directories = SavedLogFile.directories(
      currentDirectory: FileManager.default.currentDirectoryPath, environment: ProcessInfo.processInfo.environment)
    do {
      let path = try SavedLogFile.create(text, stem: SavedLogFile.stem(for: name, at: Date()), in: directories)
      let count = text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
      mailbox.post(.dashboard(.showStatus(StatusMessage("Saved \(count) lines to \(path)"))))
    } catch {
      let message = (error as? SavedLogFile.Failure)?.message ?? "Could not save the logs: \(error)"
      mailbox.post(.dashboard(.showStatus(StatusMessage(message, isError: true))))
    }
  }
}
