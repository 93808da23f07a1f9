import DockerEngine
import Monitor

/// The app's parts beside the loop: the engine connection, the mailbox the loop drains, the runner
/// of background work, and the monitor whose snapshots are posted to the mailbox.
///
/// One engine, one connection: the monitor, the actions, the log followers and the shells all use
/// `connection`'s client, so the engine is asked its version once, and after the monitor
/// reconnects to an engine that came back, everyone uses the client it negotiated.
final class AppServices: Sendable {
  let connection: EngineConnection
  let mailbox: Mailbox
  let runner: EffectRunner
  private let monitor: Monitor
  private let monitorTask: Task<Void, Never>
  private let forwardTask: Task<Void, Never>

  /// Starts a monitor on `connection` and the forwarding of its snapshots into a new mailbox that
  /// keeps at most `logLines` queued log lines.
  init(
    connection: EngineConnection, monitor configuration: Monitor.Configuration, logLines: Int,
    replicaReadyTimeout: Duration = .seconds(120)
  ) async {
    self.connection = connection
    let monitor = Monitor(connection: connection, configuration: configuration)
    self.monitor = monitor
    let mailbox = Mailbox(logBudget: LogBudget(lines: logLines))
    self.mailbox = mailbox
    runner = EffectRunner(connection: connection, mailbox: mailbox, replicaReadyTimeout: replicaReadyTimeout)
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
