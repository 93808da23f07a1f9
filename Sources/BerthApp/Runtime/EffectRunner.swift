import Dashboard
import DockerEngine
import Foundation
import Monitor

/// Carries out the dashboard's effects against the engine and reports back through the mailbox.
final class EffectRunner: @unchecked Sendable {
  private let client: DockerClient
  private let mailbox: Mailbox
  private let lock = NSLock()
  private var logTasks: [Task<Void, Never>] = []
  /// How long a rolling restart waits for each replica to be running (and healthy).
  let replicaReadyTimeout: Duration

  init(client: DockerClient, mailbox: Mailbox, replicaReadyTimeout: Duration = .seconds(120)) {
    self.client = client
    self.mailbox = mailbox
    self.replicaReadyTimeout = replicaReadyTimeout
  }

  /// Starts one effect in the background.
  func run(_ effect: AppEffect) {
    switch effect {
    case .quit:
      break
    case .followLogs(let containers, let generation):
      follow(containers, generation: generation)
    case .dashboard(let effect):
      switch effect {
      case .perform(let action, let ids, let label):
        Task { await self.perform(action, on: ids, label: label) }
      case .rollingRestart(let ids, let label):
        Task { await self.rollingRestart(ids, label: label) }
      case .followLogs, .quit, .exec, .attach:
        break  // followLogs is turned into AppEffect.followLogs by the model; exec/attach by the loop
      }
    }
  }

  /// Cancels everything (on quit).
  func stop() {
    lock.withLock {
      for task in logTasks { task.cancel() }
      logTasks.removeAll()
    }
  }

  private func perform(_ action: ContainerAction, on ids: [String], label: String) async {
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
  private func rollingRestart(_ ids: [String], label: String) async {
    for (index, id) in ids.enumerated() {
      mailbox.post(.dashboard(.actionProgress(label: label, completed: index, total: ids.count)))
      do {
        try await client.restart(id)
        try await waitUntilReady(id)
      } catch {
        let message = (error as? DockerEngineError)?.message ?? "\(error)"
        mailbox.post(.dashboard(.actionFinished(
          label: label, error: "stopped at replica \(index + 1) of \(ids.count): \(message)")))
        return
      }
    }
    mailbox.post(.dashboard(.actionFinished(label: label, error: nil)))
  }

  private func waitUntilReady(_ id: String) async throws {
    let deadline = ContinuousClock.now + replicaReadyTimeout
    while ContinuousClock.now < deadline {
      let details = try await client.inspect(id)
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

  /// Replaces the log followers with ones for `containers`.
  private func follow(_ containers: [FollowedContainer], generation: Int) {
    let tasks = containers.map { container in
      Task {
        let options = LogOptions(follow: true, tail: 200, timestamps: true)
        let batches = self.client.logBatches(for: container.id, options: options, isTTY: container.hasTTY)
        do {
          for try await lines in batches {
            self.mailbox.post(.logLines(lines, source: container.name, sourceIndex: container.index, generation: generation))
          }
        } catch {
          if !Task.isCancelled {
            let message = (error as? DockerEngineError)?.message ?? "\(error)"
            self.mailbox.post(.logNote("Logs of \(container.name): \(message)", generation: generation))
          }
        }
      }
    }
    lock.withLock {
      for task in logTasks { task.cancel() }
      logTasks = tasks
    }
  }
}
