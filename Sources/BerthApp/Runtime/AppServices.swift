import DockerEngine
import Monitor

/// The app's parts beside the loop: the engine client, the mailbox the loop drains, the runner of
/// background work, and the monitor whose snapshots are posted to the mailbox.
final class AppServices: Sendable {
  let client: DockerClient
  let mailbox: Mailbox
  let runner: EffectRunner
  private let monitor: Monitor
  private let monitorTask: Task<Void, Never>
  private let forwardTask: Task<Void, Never>

  /// Starts `monitor` and the forwarding of its snapshots into a new mailbox that keeps at most
  /// `logLines` queued log lines.
  init(client: DockerClient, monitor: Monitor, logLines: Int, replicaReadyTimeout: Duration = .seconds(120)) async {
    self.client = client
    self.monitor = monitor
    let mailbox = Mailbox(logBudget: LogBudget(lines: logLines))
    self.mailbox = mailbox
    runner = EffectRunner(client: client, mailbox: mailbox, replicaReadyTimeout: replicaReadyTimeout)
    let snapshots = await monitor.snapshots()
    monitorTask = Task { await monitor.run() }
    forwardTask = Task {
      for await snapshot in snapshots { mailbox.post(.snapshot(snapshot)) }
    }
  }

  /// Tells the monitor which containers are on screen (sampled every interval; the rest less often).
  func setFocus(_ focus: Set<String>) {
    let monitor = self.monitor
    Task { await monitor.setFocus(focus) }
  }

  /// Cancels the monitor, the forwarding and every background effect (on quit).
  func stop() {
    monitorTask.cancel()
    forwardTask.cancel()
    runner.stop()
  }
}
