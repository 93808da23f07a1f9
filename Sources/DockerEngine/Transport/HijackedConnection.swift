internal import CCurl
import FoundationEssentials
import Glibc

/// A raw, two-way byte stream to the engine after an HTTP upgrade (`exec start`, `attach`).
///
/// libcurl makes the connection (unix socket, TCP or TLS alike, with `CURLOPT_CONNECT_ONLY`);
/// the request is written by hand and everything after the reply's head is the process's
/// terminal. Not `Sendable`: one thread drives it. Closed on `close()` or `deinit`.
public final class HijackedConnection {
  private let handle: UnsafeMutableRawPointer
  /// Bytes that arrived with the reply head and belong to the stream.
  private var pending: [UInt8] = []
  private var isClosed = false
  /// The socket, for `poll`.
  public let socket: Int32

  init(endpoint: Endpoint, request: HTTPRequest, timeout: Duration) throws {
    guard let handle = curl_easy_init() else {
      throw DockerEngineError(.malformedReply, "libcurl could not create a connection handle.")
    }
    self.handle = handle
    func set(_ code: CURLcode) throws {
      guard code == CURLE_OK else {
        throw DockerEngineError(.badEndpoint, "libcurl refused an option: \(String(cString: curl_easy_strerror(code))).")
      }
    }
    do {
      try endpoint.configure(handle, path: "/")
      try set(CCurl_easy_setopt_long(handle, CURLOPT_CONNECT_ONLY, 1))
      try set(CCurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
      try set(CCurl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(timeout.milliseconds)))
      let result = curl_easy_perform(handle)
      guard result == CURLE_OK else {
        var osErrno = 0
        _ = CCurl_easy_getinfo_long(handle, CURLINFO_OS_ERRNO, &osErrno)
        throw CurlTransfer.error(
          for: result, osErrno: Int32(osErrno), reason: String(cString: curl_easy_strerror(result)), endpoint: endpoint,
          gotReply: false)
      }
      var descriptor: curl_socket_t = -1
      _ = CCurl_easy_getinfo_socket(handle, &descriptor)
      socket = Int32(descriptor)
    } catch {
      curl_easy_cleanup(handle)
      throw error
    }
    do {
      try open(request, host: endpoint.hostHeader, timeout: timeout)
    } catch {
      close()
      throw error
    }
  }

  deinit { close() }

  /// Writes the request and reads the reply head; anything but 101 (or 200) is an error.
  private func open(_ request: HTTPRequest, host: String, timeout: Duration) throws {
    var head = "\(request.method) \(request.path) HTTP/1.1\r\nHost: \(host)\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
    let body = request.body ?? []
    if !body.isEmpty { head += "Content-Type: \(request.contentType ?? "application/json")\r\n" }
    head += "Content-Length: \(body.count)\r\n\r\n"
    try write(Array(head.utf8) + body)
    var reply: [UInt8] = []
    let deadline = ContinuousClock.now + timeout
    while true {
      if let end = reply.firstRange(of: Array("\r\n\r\n".utf8)) {
        pending = Array(reply[end.upperBound...])
        reply = Array(reply[..<end.lowerBound])
        break
      }
      guard reply.count < 65_536 else { throw DockerEngineError(.malformedReply, "The engine's reply head is too long.") }
      let remaining = deadline - ContinuousClock.now
      guard remaining > .zero else { throw DockerEngineError(.timedOut, "The engine did not answer the \(request.method) in time.") }
      guard let chunk = try read(waiting: remaining) else {
        throw DockerEngineError(.malformedReply, "The engine closed the connection before answering.")
      }
      reply += chunk
    }
    let headText = String(decoding: reply, as: UTF8.self)
    let statusLine = headText.split(separator: "\r\n").first ?? ""
    let status = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    guard status == 101 || status == 200 else {
      // The error body follows the head; read what the engine sends (bounded, briefly).
      var errorBody = pending
      while errorBody.count < 65_536, let chunk = try? read(waiting: .milliseconds(500)) { errorBody += chunk }
      throw DockerEngineError.fromReply(status: status, body: errorBody, what: "\(request.method) \(request.path)")
    }
  }

  /// How long a write waits for the engine to take bytes ("again" with no progress) before it
  /// fails, so a stuck connection ends the session with an error instead of hanging it.
  public var writeStallLimit: Duration = .seconds(10)
  /// How many "again" answers in a row a write accepts while `poll` says the socket is
  /// writable before it fails instead of spinning.
  public var againLimit = 10_000

  /// Writes every byte (blocking until sent, at most `writeStallLimit` without progress).
  public func write(_ bytes: [UInt8]) throws {
    var offset = 0
    var stalledSince: ContinuousClock.Instant?
    var readyAgains = 0
    while offset < bytes.count {
      var sent = 0
      let result = bytes[offset...].withUnsafeBytes { buffer in
        curl_easy_send(handle, buffer.baseAddress, buffer.count, &sent)
      }
      if result == CURLE_AGAIN {
        let now = ContinuousClock.now
        let start = stalledSince ?? now
        stalledSince = start
        let left = writeStallLimit - (now - start)
        guard left > .zero else {
          throw DockerEngineError(
            .timedOut, "The engine took no input for \(writeStallLimit); the session was closed.")
        }
        var descriptor = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
        if poll(&descriptor, 1, Int32(max(1, min(left.milliseconds, 1000)))) > 0 {
          readyAgains += 1
          guard readyAgains < againLimit else {
            throw DockerEngineError(
              .unreachable,
              "The connection to the engine kept answering \"try again\" to a write (\(againLimit) times in a row while ready).")
          }
        }
        continue
      }
      guard result == CURLE_OK else {
        throw DockerEngineError(.unreachable, "Writing to the engine failed: \(String(cString: curl_easy_strerror(result))).")
      }
      offset += sent
      stalledSince = nil
      readyAgains = 0
    }
  }

  /// The bytes available now (first those that came with the reply head); `[]` when none,
  /// nil when the engine closed the stream.
  public func readAvailable() throws -> [UInt8]? {
    if !pending.isEmpty {
      defer { pending.removeAll() }
      return pending
    }
    var buffer = [UInt8](repeating: 0, count: 16_384)
    var received = 0
    let result = buffer.withUnsafeMutableBytes { curl_easy_recv(handle, $0.baseAddress, $0.count, &received) }
    if result == CURLE_AGAIN { return [] }
    guard result == CURLE_OK else {
      throw DockerEngineError(.unreachable, "Reading from the engine failed: \(String(cString: curl_easy_strerror(result))).")
    }
    return received == 0 ? nil : Array(buffer.prefix(received))
  }

  /// Waits up to `timeout` for bytes; nil when the engine closed the stream.
  public func read(waiting timeout: Duration) throws -> [UInt8]? {
    let deadline = ContinuousClock.now + timeout
    while true {
      guard let bytes = try readAvailable() else { return nil }
      if !bytes.isEmpty { return bytes }
      let left = deadline - ContinuousClock.now
      if left <= .zero { return [] }
      var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
      _ = poll(&descriptor, 1, Int32(min(left.milliseconds, 1000)))
    }
  }

  /// Half-closes nothing and closes everything; idempotent.
  public func close() {
    guard !isClosed else { return }
    isClosed = true
    curl_easy_cleanup(handle)
  }
}
