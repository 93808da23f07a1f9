import Dashboard
import DockerEngine
import FoundationEssentials
import Monitor
import TerminalUI

#if canImport(Glibc)
  import Glibc
#endif

extension AppLoop {
  /// Carries out one effect: the app's only interpreter. The switch is exhaustive, with no
  /// `default`, so a new effect does not compile until it is handled here. Work that takes time
  /// starts in the background (`EffectRunner`) and reports back through the mailbox; a shell or
  /// an attach takes the terminal until it ends.
  func interpret(_ effect: AppEffect) {
    switch effect {
    case .quit, .dashboard(.quit):
      isRunning = false
    case .dashboard(.perform(let action, let ids, let label)):
      services.runner.perform(action, on: ids, label: label)
    case .dashboard(.rollingRestart(let ids, let label)):
      services.runner.rollingRestart(ids, label: label)
    case .dashboard(.followLogs(let ids)):
      // The model resolves these as it returns them (names, colours, a generation); one that
      // arrives unresolved is resolved the same way.
      interpret(model.follow(ids))
    case .followLogs(let containers, let generation):
      services.runner.follow(containers, generation: generation)
    case .saveLogs(let text, let name):
      services.runner.save(text, name: name)
    case .dashboard(.exec(let id)):
      session(in: id, attaching: false)
    case .dashboard(.attach(let id)):
      session(in: id, attaching: true)
    }
  }

  /// Hands the terminal to a shell (exec) or the main process (attach), then takes it back.
  private func session(in containerID: String, attaching: Bool) {
    let name = model.state.snapshot?.containers.first { $0.id == containerID }?.name ?? String(containerID.prefix(12))
    let engine = services.connection
    let shell = options.shell
    var message: StatusMessage
    terminal.withBackend {
      $0.discardPendingInput()
      $0.suspend()
    }
    do {
      let client = try blocking { try await engine.client() }
      let connection: HijackedConnection
      let execID: String?
      let multiplexed: Bool
      if attaching {
        let details = try blocking { try await client.inspect(containerID) }
        guard details.state?.running == true else { throw DockerEngineError(.conflict, "\(name) is not running") }
        multiplexed = !(details.config?.tty ?? false)
        write(
          to: environment.sessionOutput,
          "Attached to \(TerminalText.sanitize(name))'s main process. Detach with Ctrl-P Ctrl-Q (the container keeps running).\r\n")
        connection = try client.attach(to: containerID)
        execID = nil
      } else {
        let id = try blocking { try await client.createExec(in: containerID, ExecConfiguration(command: shell)) }
        connection = try client.startExec(id)
        execID = id
        multiplexed = false
      }
      let session = TerminalSession(
        connection: connection, isMultiplexed: multiplexed, wakeDescriptor: services.mailbox.readDescriptor,
        onResize: { columns, rows in
          Task {
            if let execID {
              try? await client.resizeExec(execID, columns: columns, rows: rows)
            } else {
              try? await client.resizeTTY(of: containerID, columns: columns, rows: rows)
            }
          }
        }, inputDescriptor: environment.sessionInput, outputDescriptor: environment.sessionOutput,
        errorDescriptor: environment.sessionOutput == STDOUT_FILENO ? STDERR_FILENO : environment.sessionOutput,
        signals: environment.signals)
      // Keys typed ahead while Berth was busy were meant for the dashboard, not the shell.
      tcflush(environment.sessionInput, TCIFLUSH)
      let end = session.run()
      connection.close()
      switch end {
      case .quitRequested:
        isRunning = false
        message = StatusMessage("Quit")
      case .failed(let reason):
        message = StatusMessage("\(name): \(reason)", isError: true)
      case .closed:
        if let execID, let code = try? blocking({ try await client.inspectExec(execID) }).exitCode {
          message =
            code == 126 || code == 127  // 128+n is a signal (130: Ctrl-C), not a missing shell
            ? StatusMessage(
              "The shell in \(name) could not start (exit \(code)): is there a shell in the image? Choose one with --shell.", isError: true)
            : StatusMessage("Shell in \(name) exited (\(code))", isError: code != 0)
        } else {
          message = StatusMessage(attaching ? "Detached from \(name)" : "Shell in \(name) ended")
        }
      }
    } catch {
      message = StatusMessage(
        "\(attaching ? "Attach to" : "Shell in") \(name): \((error as? DockerEngineError)?.message ?? "\(error)")", isError: true)
    }
    terminal.withBackend { $0.resume() }
    // The window may have changed size meanwhile: the backend reports it on the next read.
    readsInputNext = true
    let size = terminal.backend.size
    _ = model.handle(.input(.resize(width: size.width, height: size.height)))
    _ = model.handle(.dashboard(.showStatus(message)))
  }

  /// Writes all of `text` to `descriptor` (a line for the user before a session starts).
  private func write(to descriptor: Int32, _ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
      if written < 0, errno == EINTR { continue }
      guard written > 0 else { return }
      bytes = bytes.dropFirst(written)
    }
  }
}
