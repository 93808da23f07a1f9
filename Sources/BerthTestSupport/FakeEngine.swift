import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A misbehaving Docker engine on a unix socket, for tests of everything a real engine does not
/// do on purpose: garbage, truncated bodies, wrong lengths, never-ending bodies, stalls, slow bytes.
///
/// Each connection serves one request (the reply closes it) on a thread of its own.
public final class FakeEngine: @unchecked Sendable {
  /// How to answer one request.
  public enum Reply: Sendable {
    /// A well-formed HTTP reply.
    case http(status: Int, body: String, contentType: String = "application/json")
    /// These bytes, then close.
    case raw(String)
    /// A `Content-Length` of `declared` but only `body` sent, then close.
    case truncated(body: String, declared: Int)
    /// Headers, then chunks of `chunk` every `every` until the client goes away.
    case endless(chunk: String, every: Duration)
    /// Read the request, then say nothing until the client goes away.
    case stall
    /// These bytes (e.g. a 101 upgrade), then read nothing more until the client goes away, so
    /// the client's writes fill the socket and stall.
    case rawThenDeaf(String)
    /// A well-formed reply written one byte at a time, `every` apart.
    case slow(status: Int, body: String, every: Duration)
    /// Headers, then `chunk` `count` times as fast as the client takes them, then the end of the
    /// body (counted in `repeatedRepliesSent`).
    case repeated(chunk: String, count: Int)
    // MARK: h8 — a held stream (whole-app tests)
    /// Headers of a chunked reply, then whatever `next` returns, as it returns it (`[]`: nothing
    /// yet, asked again shortly), until it returns nil (the end of the body), the client goes
    /// away, or the engine stops answering (`stopAnswering()`).
    case feed(contentType: String, next: @Sendable () -> [UInt8]?)
    /// A `101 UPGRADED` (a hijacked exec or attach), then the raw bytes `next` returns, as it
    /// returns them (`[]`: nothing yet), until it returns nil (then close), the client goes away,
    /// or the engine stops answering; what the client writes is read and dropped.
    case upgraded(next: @Sendable () -> [UInt8]?)
  }

  /// The socket to point a client at: `unix://` + this.
  public let socketPath: String
  private let listener: Int32
  private let handler: @Sendable (_ method: String, _ path: String) -> Reply
  // MARK: h10 — awaited requests (BEGIN): woken at each request recorded, see RecordedEngine.swift
  let requestSeen = ChangeSignal()
  // MARK: h10 — awaited requests (END)
  private let lock = NSLock()
  private var stopped = false
  private var requests: [String] = []
  private var inFlight = 0
  private var peakInFlight = 0
  private var repeatedSent = 0
  // MARK: h8 — going silent (whole-app tests)
  private var silent = false

  /// Starts listening; `handler` picks the reply for each `method path` (path with query).
  public init(handler: @escaping @Sendable (_ method: String, _ path: String) -> Reply) throws {
    self.handler = handler
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("berth-fake-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    socketPath = directory.appendingPathComponent("docker.sock").path
    listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    guard listener >= 0 else { throw TestEngineError("socket() failed: \(errno)") }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let pathBytes = Array(socketPath.utf8)
    withUnsafeMutableBytes(of: &address.sun_path) { buffer in
      for (index, byte) in pathBytes.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard bound == 0, listen(listener, 64) == 0 else { throw TestEngineError("bind/listen on \(socketPath) failed: \(errno)") }
    let thread = Thread { [self] in acceptLoop() }
    thread.start()
  }

  deinit { stop() }

  /// The endpoint URL of this engine.
  public var url: String { "unix://\(socketPath)" }

  /// Request lines seen so far, e.g. `GET /v1.41/containers/json?all=1`.
  public var requestLines: [String] { lock.withLock { requests } }

  /// The most requests this engine held at once: read, not yet answered (a client has each of them
  /// outstanding, so this is a lower bound on its concurrent connections).
  public var peakRequestsInFlight: Int { lock.withLock { peakInFlight } }

  /// How many `.repeated` replies were sent to their end.
  public var repeatedRepliesSent: Int { lock.withLock { repeatedSent } }

  /// Stops accepting; open connections end at their next write or poll.
  public func stop() {
    let wasStopped = lock.withLock { () -> Bool in
      defer { stopped = true }
      return stopped
    }
    guard !wasStopped else { return }
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
    unlink(socketPath)
  }

  private var isStopped: Bool { lock.withLock { stopped } }

  // MARK: h8 — going silent (whole-app tests)

  /// Stops answering, as an engine that went away: every new connection is closed unanswered and
  /// held streams (`.endless`, `.feed`) end, until `answerAgain()`.
  public func stopAnswering() { lock.withLock { silent = true } }

  /// Answers again after `stopAnswering()`.
  public func answerAgain() { lock.withLock { silent = false } }

  private var isSilent: Bool { lock.withLock { silent } }

  private func acceptLoop() {
    while !isStopped {
      let connection = accept(listener, nil, nil)
      if connection < 0 {
        if isStopped { return }
        continue
      }
      Thread { [self] in serve(connection) }.start()
    }
  }

  private func serve(_ connection: Int32) {
    defer { close(connection) }
    if isSilent { return }  // h8: a silent engine hangs up without answering
    var head: [UInt8] = []
    var byte: UInt8 = 0
    while !head.suffix(4).elementsEqual(Array("\r\n\r\n".utf8)) {
      guard read(connection, &byte, 1) == 1, head.count < 65_536 else { return }
      head.append(byte)
    }
    let text = String(decoding: head, as: UTF8.self)
    let requestLine = text.split(separator: "\r\n").first.map(String.init) ?? ""
    if let lengthLine = text.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
      let length = Int(lengthLine.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)), length > 0
    {
      var body = [UInt8](repeating: 0, count: length)
      _ = read(connection, &body, length)
    }
    lock.withLock {
      requests.append(requestLine)
      inFlight += 1
      peakInFlight = max(peakInFlight, inFlight)
    }
    requestSeen.signal()  // h10: awaited requests
    let parts = requestLine.split(separator: " ")
    let reply = parts.count >= 2 ? handler(String(parts[0]), String(parts[1])) : nil
    // Answered (or about to be): the client may start its next request as soon as it reads this.
    lock.withLock { inFlight -= 1 }
    guard let reply else { return }
    switch reply {
    case .http(let status, let body, let contentType):
      send(connection, Self.head(status: status, length: body.utf8.count, contentType: contentType) + body)
    case .raw(let bytes):
      send(connection, bytes)
    case .truncated(let body, let declared):
      send(connection, Self.head(status: 200, length: declared, contentType: "application/json") + body)
    case .endless(let chunk, let every):
      guard send(connection, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n") else { return }
      while !isStopped, !isSilent {
        let hex = String(chunk.utf8.count, radix: 16)
        guard send(connection, "\(hex)\r\n\(chunk)\r\n") else { return }
        Thread.sleep(forTimeInterval: Double(every.components.attoseconds) / 1e18 + Double(every.components.seconds))
      }
    case .stall:
      // Wait until the client hangs up (or the fake stops).
      var descriptor = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
      while !isStopped {
        if poll(&descriptor, 1, 100) > 0 {
          var scratch: UInt8 = 0
          if read(connection, &scratch, 1) <= 0 { return }
        }
      }
    case .rawThenDeaf(let bytes):
      guard send(connection, bytes) else { return }
      // No events asked: poll still reports the hang-up (POLLHUP) when the client closes.
      var descriptor = pollfd(fd: connection, events: 0, revents: 0)
      while !isStopped {
        if poll(&descriptor, 1, 100) > 0 { return }
      }
    case .repeated(let chunk, let count):
      guard send(connection, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n") else { return }
      let framed = Array("\(String(chunk.utf8.count, radix: 16))\r\n\(chunk)\r\n".utf8)
      for _ in 0..<count {
        guard !isStopped, send(connection, framed) else { return }
      }
      guard send(connection, "0\r\n\r\n") else { return }
      lock.withLock { repeatedSent += 1 }
    case .feed(let contentType, let next):
      // h8: a held stream.
      guard send(connection, "HTTP/1.1 200 OK\r\nContent-Type: \(contentType)\r\nTransfer-Encoding: chunked\r\n\r\n") else { return }
      var descriptor = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
      while !isStopped, !isSilent {
        guard let bytes = next() else {
          send(connection, "0\r\n\r\n")
          return
        }
        if bytes.isEmpty {
          // Nothing to send yet: wait a little, noticing the client hanging up.
          if poll(&descriptor, 1, 20) > 0 {
            var scratch: UInt8 = 0
            if read(connection, &scratch, 1) <= 0 { return }
          }
          continue
        }
        guard send(connection, Array("\(String(bytes.count, radix: 16))\r\n".utf8) + bytes + Array("\r\n".utf8)) else { return }
      }
    case .upgraded(let next):
      // h8: a held hijacked session.
      guard
        send(
          connection,
          "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n")
      else { return }
      var descriptor = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
      var scratch = [UInt8](repeating: 0, count: 1024)
      while !isStopped, !isSilent {
        guard let bytes = next() else { return }
        if !bytes.isEmpty {
          guard send(connection, bytes) else { return }
          continue
        }
        if poll(&descriptor, 1, 20) > 0, read(connection, &scratch, scratch.count) <= 0 { return }
      }
    case .slow(let status, let body, let every):
      let reply = Self.head(status: status, length: body.utf8.count, contentType: "application/json") + body
      for byte in reply.utf8 {
        guard !isStopped, send(connection, [byte]) else { return }
        Thread.sleep(forTimeInterval: Double(every.components.attoseconds) / 1e18 + Double(every.components.seconds))
      }
    }
  }

  private static func head(status: Int, length: Int, contentType: String) -> String {
    "HTTP/1.1 \(status) Fake\r\nContent-Type: \(contentType)\r\nContent-Length: \(length)\r\nConnection: close\r\n\r\n"
  }

  @discardableResult
  private func send(_ connection: Int32, _ text: String) -> Bool { send(connection, Array(text.utf8)) }

  @discardableResult
  private func send(_ connection: Int32, _ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      if written <= 0 { return false }
      offset += written
    }
    return true
  }

  /// The reply a real engine gave (the recorded `Fixtures`) to `path` (with or without `/vX.Y` and a
  /// query), for the requests a monitor makes: `/version`, `/info`, `/containers/json`, the inspect
  /// of each fixture container (the recorded 404 for any other) and its one-shot stats (the first
  /// or second recorded sample, by `statsSample`). Nil for any other path.
  public static func recordedReply(to path: String, statsSample: Int = 1) -> Reply? {
    var route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
    if route.hasPrefix("/v"), let slash = route.dropFirst().firstIndex(of: "/") { route = String(route[slash...]) }
    func recorded(_ name: String, status: Int = 200) -> Reply? {
      (try? Fixtures.data(name)).map { .http(status: status, body: String(decoding: $0, as: UTF8.self)) }
    }
    let parts = route.split(separator: "/")
    switch (parts.count, parts.first, parts.last) {
    case (1, "version", _): return recorded("version.json")
    case (1, "info", _): return recorded("info.json")
    case (2, "containers", "json"): return recorded("containers-list.json")
    case (3, "containers", "json"):
      let id = String(parts[1])
      for name in ["container-inspect-limited.json", "container-inspect-exited.json", "container-inspect-plain.json"] {
        if let data = try? Fixtures.data(name), String(decoding: data, as: UTF8.self).contains(#""Id":"\#(id)""#) {
          return recorded(name)
        }
      }
      return recorded("error-not-found.json", status: 404)
    case (3, "containers", "stats"): return recorded(statsSample == 1 ? "stats-oneshot-1.json" : "stats-oneshot-2.json")
    default: return nil
    }
  }

  /// A `/version` body claiming `apiVersion`.
  public static func versionBody(apiVersion: String = "1.41") -> String {
    #"{"Version":"20.10.24","ApiVersion":"\#(apiVersion)","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64"}"#
  }
}

// MARK: - h8: a live recorded compose stack (whole-app tests)

extension FakeEngine {
  /// A fake engine that serves the recorded `Fixtures` as a live engine would: the small compose
  /// stack `django` (service `web`: the running replica `fixture-web` and an exited one-off) and
  /// the standalone `fixture-plain`, with `recordedReply`'s list, inspects and stats; `/events`
  /// held open (no events); each container's logs streamed from `logs` and held open; and
  /// `POST …/containers/ID/{start,stop,restart,pause,unpause,kill}` answered 204 for a fixture
  /// container (404 for any other). Count the actions with `actionCount(_:container:)`. A shell
  /// (`POST …/exec`, then `/exec/ID/start`) writes what `shell` is given and ends, with exit code
  /// 0, when `shell` ends.
  public static func recordedStack(logs: LogFeed = LogFeed(), shell: ShellFeed = ShellFeed()) throws -> FakeEngine {
    try FakeEngine { method, path in
      let route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
      let parts = route.split(separator: "/").map(String.init)
      let notFound = Reply.http(status: 404, body: #"{"message":"page not found"}"#)
      if route.hasSuffix("/events") {
        return .feed(contentType: "application/json") { [] }
      }
      if parts.count >= 3, parts[parts.count - 3] == "exec" {
        switch (method, parts[parts.count - 1]) {
        case ("POST", "start"):
          shell.start()
          return .upgraded { shell.next() }
        case ("POST", "resize"): return .http(status: 201, body: "")
        case ("GET", "json"): return .http(status: 200, body: #"{"ID":"fake-exec","Running":false,"ExitCode":0}"#)
        default: return notFound
        }
      }
      if parts.count >= 3, parts[parts.count - 3] == "containers" {
        let id = parts[parts.count - 2]
        let action = parts[parts.count - 1]
        let isFixture: Bool = {
          if case .http(200, _, _)? = recordedReply(to: "/containers/\(id)/json") { return true }
          return false
        }()
        if action == "logs", method == "GET" {
          guard isFixture else { return notFound }
          let reader = logs.reader(for: id)
          return .feed(contentType: "application/vnd.docker.multiplexed-stream") { reader.next() }
        }
        if action == "exec", method == "POST" {
          return isFixture ? .http(status: 201, body: #"{"Id":"fake-exec"}"#) : notFound
        }
        if method == "POST", ["start", "stop", "restart", "pause", "unpause", "kill"].contains(action) {
          return isFixture ? .http(status: 204, body: "") : recordedReply(to: "/containers/\(id)/json") ?? notFound
        }
      }
      return recordedReply(to: path) ?? notFound
    }
  }

  /// How many `POST …/containers/ID/action` requests reached this engine for `container` (its
  /// ID, or the start of it).
  public func actionCount(_ action: String, container: String) -> Int {
    requestLines.filter { line in
      let parts = line.split(separator: " ")
      guard parts.count >= 2, parts[0] == "POST" else { return false }
      let route = parts[1].split(separator: "?").first.map(String.init) ?? ""
      let segments = route.split(separator: "/")
      guard segments.count >= 3, segments[segments.count - 3] == "containers", segments.last.map(String.init) == action
      else { return false }
      return segments[segments.count - 2].hasPrefix(container)
    }.count
  }
}

/// Log lines a test hands to a fake engine's log streams (`FakeEngine.recordedStack(logs:)`), per
/// container: every stream of a container sends all its lines, from the first, then the lines
/// added later, as they are added.
public final class LogFeed: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String: [[UInt8]]] = [:]

  /// A feed with no lines.
  public init() {}

  /// Adds a line to `container`'s log (`container`: its full ID), written at `time`, on stdout
  /// or stderr, framed as the engine frames a container without a TTY.
  public func append(_ text: String, to container: String, at time: Date, isError: Bool = false) {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let payload = Array("\(formatter.string(from: time)) \(text)\n".utf8)
    let size = UInt32(payload.count)
    let header: [UInt8] = [
      isError ? 2 : 1, 0, 0, 0, UInt8(size >> 24), UInt8((size >> 16) & 0xFF), UInt8((size >> 8) & 0xFF), UInt8(size & 0xFF),
    ]
    lock.withLock { lines[container, default: []].append(header + payload) }
  }

  /// One stream's position in `container`'s lines.
  final class Reader: @unchecked Sendable {
    private let feed: LogFeed
    private let container: String
    private var sent = 0

    init(feed: LogFeed, container: String) {
      self.feed = feed
      self.container = container
    }

    /// The lines not sent yet, framed; `[]` when there are none.
    func next() -> [UInt8]? {
      let all = feed.lock.withLock { feed.lines.first { container.hasPrefix($0.key) || $0.key.hasPrefix(container) }?.value ?? [] }
      defer { sent = all.count }
      return all.dropFirst(sent).flatMap { $0 }
    }
  }

  func reader(for container: String) -> Reader { Reader(feed: self, container: container) }
}

/// A shell session a test holds open through a fake engine (`FakeEngine.recordedStack(shell:)`):
/// it writes `output`, then stays open until `end()` (a feed made with `endsAtOnce` ends after its
/// output). `started()` waits for the session to begin.
public final class ShellFeed: @unchecked Sendable {
  private let lock = NSLock()
  private var pending: [UInt8]
  private var isEnded: Bool
  private var hasStarted = false
  private var waiters: [CheckedContinuation<Void, Never>] = []

  /// A shell that writes `output`; with `endsAtOnce`, it then ends by itself.
  public init(output: String = "hello from the shell\r\n", endsAtOnce: Bool = true) {
    pending = Array(output.utf8)
    isEnded = endsAtOnce
  }

  /// Ends the session (the shell exits).
  public func end() { lock.withLock { isEnded = true } }

  /// Returns once a session has started.
  public func started() async {
    await withCheckedContinuation { continuation in
      let now = lock.withLock { () -> Bool in
        if hasStarted { return true }
        waiters.append(continuation)
        return false
      }
      if now { continuation.resume() }
    }
  }

  func start() {
    let waiting = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
      hasStarted = true
      defer { waiters = [] }
      return waiters
    }
    for waiter in waiting { waiter.resume() }
  }

  /// The output not sent yet; `[]` while the shell is open with nothing to say; nil once ended.
  func next() -> [UInt8]? {
    lock.withLock {
      if !pending.isEmpty {
        defer { pending = [] }
        return pending
      }
      return isEnded ? nil : []
    }
  }
}
