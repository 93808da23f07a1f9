import BerthTestSupport
import DockerEngine
import Foundation
import Testing

/// Exec and attach over hijacked connections, with no docker CLI involved.
@Suite(.enabled(if: TestEngine.shouldRun), .timeLimit(.minutes(2)))
struct ExecTests {
  /// Reads until the stream closes or `until` appears (bounded by `timeout`).
  func read(_ connection: HijackedConnection, until marker: String? = nil, timeout: Duration = .seconds(10)) throws -> String {
    var output: [UInt8] = []
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      guard let bytes = try connection.read(waiting: .milliseconds(200)) else { break }
      output += bytes
      if let marker, String(decoding: output, as: UTF8.self).contains(marker) { break }
    }
    return String(decoding: output, as: UTF8.self)
  }

  @Test func execRunsACommandAndReportsItsOutputAndExitCode() async throws {
    let client = try await TestEngine.client()
    let id = try await TestEngine.run(name: TestEngine.uniqueName("exec"), command: "sleep 300")
    defer { TestEngine.remove([id]) }
    let exec = try await client.createExec(in: id, ExecConfiguration(command: ["sh", "-c", "echo $((6*7)); exit 3"]))
    let connection = try client.startExec(exec)
    let output = try read(connection)
    #expect(output.contains("42"))
    let exitCode = try await eventually { try await client.inspectExec(exec).exitCode == 3 }
    #expect(exitCode)
  }

  @Test func anInteractiveShellTakesInputAndResizes() async throws {
    let client = try await TestEngine.client()
    let id = try await TestEngine.run(name: TestEngine.uniqueName("shell"), command: "sleep 300")
    defer { TestEngine.remove([id]) }
    let exec = try await client.createExec(in: id, ExecConfiguration(command: ["sh"]))
    let connection = try client.startExec(exec)
    try await client.resizeExec(exec, columns: 101, rows: 33)
    try connection.write(Array("stty size; echo done-$((1+1))\n".utf8))
    let output = try read(connection, until: "done-2\r\n")
    #expect(output.contains("33 101"))
    try connection.write(Array("exit 0\n".utf8))
    _ = try read(connection)
    #expect(try await eventually { try await client.inspectExec(exec).running == false })
  }

  @Test func resizeBeforeStartIsRefused() async throws {
    let client = try await TestEngine.client()
    let id = try await TestEngine.run(name: TestEngine.uniqueName("early"), command: "sleep 300")
    defer { TestEngine.remove([id]) }
    let exec = try await client.createExec(in: id, ExecConfiguration(command: ["sh"]))
    await #expect(throws: DockerEngineError.self) { try await client.resizeExec(exec, columns: 80, rows: 24) }
  }

  @Test func execInAStoppedContainerIsAClearError() async throws {
    let client = try await TestEngine.client()
    let id = try await TestEngine.run(name: TestEngine.uniqueName("stopped"), command: "true")
    defer { TestEngine.remove([id]) }
    _ = try await TestEngine.docker(["wait", id])
    do {
      _ = try await client.createExec(in: id, ExecConfiguration(command: ["sh"]))
      Issue.record("exec in a stopped container succeeded")
    } catch let error as DockerEngineError {
      #expect(error.kind == .conflict)
      #expect(error.message.contains("not running"))
    }
  }

  @Test func attachSeesTheMainProcessAndDetachLeavesItRunning() async throws {
    let client = try await TestEngine.client()
    let id = try await TestEngine.run(
      name: TestEngine.uniqueName("attach"), options: ["-i", "-t"],
      command: "i=0; while :; do i=$((i+1)); echo tick-$i; sleep 0.2; done")
    defer { TestEngine.remove([id]) }
    let connection = try client.attach(to: id)
    let output = try read(connection, until: "tick-")
    #expect(output.contains("tick-"))
    try connection.write([0x10, 0x11])  // ctrl-p ctrl-q
    _ = try read(connection, timeout: .seconds(5))
    connection.close()
    // Wall-clock on purpose: "still running" after a detach is the absence of an exit, which only
    // a while can show.
    try await Task.sleep(for: .milliseconds(500))
    #expect(try await client.inspect(id).state?.running == true)
  }

  @Test func attachToANonTTYContainerIsMultiplexed() async throws {
    let client = try await TestEngine.client()
    let id = try await TestEngine.run(
      name: TestEngine.uniqueName("attachmux"), command: "while :; do echo out; echo err >&2; sleep 0.2; done")
    defer { TestEngine.remove([id]) }
    let connection = try client.attach(to: id)
    var demultiplexer = LogDemultiplexer()
    var streams: Set<LogStream> = []
    let deadline = ContinuousClock.now + .seconds(10)
    while streams.count < 2, ContinuousClock.now < deadline {
      guard let bytes = try connection.read(waiting: .milliseconds(200)) else { break }
      for frame in demultiplexer.feed(bytes) { streams.insert(frame.stream) }
    }
    #expect(streams == [.stdout, .stderr])
  }

  @Test func execWorksOverTLS() async throws {
    let (host, certificates) = try TestEngine.tls()
    let endpoint = try Endpoint.resolve(
      flag: host, environment: ["DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": certificates], homeDirectory: "/nonexistent")
    let client = try await DockerClient.connect(to: endpoint)
    let id = try await TestEngine.run(name: TestEngine.uniqueName("tlsexec"), command: "sleep 300")
    defer { TestEngine.remove([id]) }
    let exec = try await client.createExec(in: id, ExecConfiguration(command: ["sh", "-c", "echo over-$((20+22))"]))
    let output = try read(try client.startExec(exec))
    #expect(output.contains("over-42"))
  }
}
