internal import CCurl
import DequeModule
import FoundationEssentials
import Glibc

/// An HTTP request to the engine.
struct HTTPRequest: Sendable {
  var method: String
  /// Path and query, e.g. `/v1.41/containers/json?all=1`.
  var path: String
  var body: [UInt8]?
  var contentType: String?
  /// Whole-request time-out, counted from when the request is sent (not while it waits for a
  /// place in its engine's pool); nil for streams, which may last forever.
  var timeout: Duration?
  /// libcurl's receive buffer for this transfer; nil keeps its default (16 KiB). A stats burst
  /// holds one per container for up to a second, for replies of about 2 KiB.
  var receiveBufferSize: Int?

  /// Whether this is a stream (no time-out: events, log follows, stats streams, log histories).
  /// Streams stay open for as long as they are read, so they never wait for, nor take, a place in
  /// the engine's pool of short requests (`CurlLoop.requestsPerEngine`).
  var isStream: Bool { timeout == nil }
}

/// Receives a transfer's reply on the loop thread. Never blocks.
protocol TransferDelegate: AnyObject, Sendable {
  /// Called with each chunk of a 2xx body; return false to abort the transfer.
  func transfer(didReceive bytes: UnsafeRawBufferPointer) -> Bool
  /// Called once at the end with the HTTP status and, for non-2xx replies, the (bounded) body.
  func transferDidComplete(status: Int, errorBody: [UInt8], error: DockerEngineError?)
  /// Asked before each chunk of a 2xx body: true holds the transfer (curl keeps the chunk and
  /// reads nothing more from the socket) until `CurlLoop.resume` is called.
  func transferShouldPause() -> Bool
}

extension TransferDelegate {
  /// By default a delegate takes every chunk as it comes.
  func transferShouldPause() -> Bool { false }
}

/// One libcurl easy handle and everything C holds a pointer to during its transfer.
final class CurlTransfer: @unchecked Sendable {
  let handle: UnsafeMutableRawPointer
  private var headers: UnsafeMutablePointer<curl_slist>?
  let delegate: TransferDelegate
  let endpoint: Endpoint
  /// Whether the transfer takes a place in its engine's pool (see `HTTPRequest.isStream`).
  let isPooled: Bool
  /// The pool it belongs to: one per engine.
  var poolKey: String { endpoint.description }
  /// Set on the loop thread only.
  var status = 0
  var errorBody: [UInt8] = []
  var abortedByDelegate = false
  var cancelled = false
  /// Set by `CurlLoop.cancel` from any thread, under the loop's lock.
  var cancelRequested = false
  /// Whether it waits for a place in its engine's pool. Loop thread only.
  var isWaiting = false

  init(request: HTTPRequest, endpoint: Endpoint, delegate: TransferDelegate) throws {
    guard let handle = curl_easy_init() else {
      throw DockerEngineError(.malformedReply, "libcurl could not create a transfer handle.")
    }
    self.handle = handle
    self.delegate = delegate
    self.endpoint = endpoint
    isPooled = !request.isStream
    try endpoint.configure(handle, path: request.path)
    try check(CCurl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method))
    try check(CCurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
    if let size = request.receiveBufferSize {
      try check(CCurl_easy_setopt_long(handle, CURLOPT_BUFFERSIZE, size))
    }
    try check(CCurl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, 5_000))
    if let timeout = request.timeout {
      try check(CCurl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(timeout.milliseconds)))
    } else {
      // Follow streams: no overall time-out, but notice a dead peer through TCP keep-alive.
      try check(CCurl_easy_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1))
    }
    if let body = request.body {
      try check(CCurl_easy_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count))
      try body.withUnsafeBufferPointer { buffer in
        try check(CCurl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress)))
      }
      headers = curl_slist_append(headers, "Content-Type: \(request.contentType ?? "application/json")")
    } else if request.method == "POST" {
      try check(CCurl_easy_setopt_long(handle, CURLOPT_POSTFIELDSIZE, 0))
      try check(CCurl_easy_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, ""))
    }
    headers = curl_slist_append(headers, "Expect:")
    try check(CCurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headers))
    try check(CCurl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteCallback))
    try check(CCurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(self).toOpaque()))
    try check(CCurl_easy_setopt_pointer(handle, CURLOPT_PRIVATE, Unmanaged.passUnretained(self).toOpaque()))
  }

  deinit {
    curl_easy_cleanup(handle)
    if let headers { curl_slist_free_all(headers) }
  }

  /// What the write callback tells curl about a chunk.
  enum Receipt {
    /// Taken: curl may read on.
    case taken
    /// Held: curl keeps it and pauses the transfer.
    case paused
    /// Refused: curl ends the transfer.
    case aborted
  }

  /// Handles body bytes on the loop thread.
  func receive(_ bytes: UnsafeRawBufferPointer) -> Receipt {
    if cancelled { return .aborted }
    if status == 0 {
      var code = 0
      _ = CCurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
      status = code
    }
    if (200..<300).contains(status) {
      if delegate.transferShouldPause() { return .paused }
      if delegate.transfer(didReceive: bytes) { return .taken }
      abortedByDelegate = true
      return .aborted
    }
    // Error bodies are small JSON; keep at most 64 KiB of them.
    let room = max(0, 65_536 - errorBody.count)
    errorBody.append(contentsOf: bytes.prefix(room))
    return .taken
  }

  /// Reports the end of the transfer to the delegate.
  func complete(result: CURLcode) {
    if status == 0 {
      var code = 0
      _ = CCurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
      status = code
    }
    if cancelled || abortedByDelegate {
      delegate.transferDidComplete(status: status, errorBody: [], error: DockerEngineError(.cancelled, "Cancelled."))
      return
    }
    if result == CURLE_OK {
      delegate.transferDidComplete(status: status, errorBody: errorBody, error: nil)
      return
    }
    var osErrno = 0
    _ = CCurl_easy_getinfo_long(handle, CURLINFO_OS_ERRNO, &osErrno)
    let reason = String(cString: curl_easy_strerror(result))
    delegate.transferDidComplete(
      status: status, errorBody: errorBody,
      error: CurlTransfer.error(for: result, osErrno: Int32(osErrno), reason: reason, endpoint: endpoint, gotReply: status != 0))
  }

  /// Maps a libcurl failure to a `DockerEngineError` that says what to do.
  static func error(for code: CURLcode, osErrno: Int32, reason: String, endpoint: Endpoint, gotReply: Bool) -> DockerEngineError {
    switch code {
    case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
      return connectError(osErrno: osErrno, reason: reason, endpoint: endpoint)
    case CURLE_OPERATION_TIMEDOUT:
      return DockerEngineError(.timedOut, "The Docker engine at \(endpoint) did not answer in time.")
    case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
      CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
      CURLE_USE_SSL_FAILED, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS:
      return DockerEngineError(
        .tls,
        "TLS with the Docker engine at \(endpoint) failed (\(reason)). Check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) and DOCKER_TLS_VERIFY."
      )
    case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
      if gotReply {
        return DockerEngineError(.malformedReply, "The Docker engine at \(endpoint) broke off its reply (\(reason)).")
      }
      return DockerEngineError(.unreachable, "The Docker engine at \(endpoint) closed the connection (\(reason)). Is it restarting?")
    default:
      return DockerEngineError(.malformedReply, "The reply of the Docker engine at \(endpoint) could not be read (\(reason)).")
    }
  }

  /// The error for a connection that could not be made, by the OS error behind it.
  static func connectError(osErrno: Int32, reason: String, endpoint: Endpoint) -> DockerEngineError {
    if osErrno == EACCES || osErrno == EPERM {
      return DockerEngineError(.permissionDenied, permissionMessage(endpoint))
    }
    var hint = "Is the Docker engine running? Start it, or point Berth elsewhere with --host or DOCKER_HOST."
    if case .unixSocket(let path) = endpoint.transport, !FileManager.default.fileExists(atPath: path) {
      hint =
        "The socket \(path) does not exist: is the Docker engine running? Start it, or point Berth elsewhere with --host or DOCKER_HOST."
    }
    return DockerEngineError(.unreachable, "Cannot connect to the Docker engine at \(endpoint) (\(reason)). \(hint)")
  }

  static func permissionMessage(_ endpoint: Endpoint) -> String {
    "Permission denied on the Docker socket at \(endpoint). Add your user to the `docker` group (sudo usermod -aG docker $USER, then log in again), run Berth with sudo, or point it at another engine with --host."
  }
}

private let curlWriteCallback: CCurl_data_callback = { pointer, size, count, context in
  guard let context else { return 0 }
  let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
  let length = size * count
  let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
  switch transfer.receive(bytes) {
  case .taken: return length
  // curl keeps the chunk and hands it over again once the transfer is resumed.
  case .paused: return Int(CURL_WRITEFUNC_PAUSE)
  case .aborted: return 0
  }
}

private func check(_ code: CURLcode) throws {
  guard code == CURLE_OK else {
    throw DockerEngineError(.badEndpoint, "libcurl refused an option: \(String(cString: curl_easy_strerror(code))).")
  }
}

/// Runs every transfer of a process on one thread through a curl multi handle, so a hundred
/// concurrent stats requests and a dozen follow streams cost one thread.
///
/// It uses libcurl's event interface (`curl_multi_socket_action` with epoll): curl is told only
/// about the sockets that are ready, so a burst of N transfers costs O(N) work, not the O(N²)
/// of re-polling every socket on every wake-up.
///
/// Short requests (those with a time-out) run at most `requestsPerEngine` at once per engine; the
/// rest wait in order of arrival and are handed to curl as places free up, so a stats or inspect
/// burst over a thousand containers opens a bounded number of sockets, not one per container.
/// Streams never wait for, nor take, a place: an engine with many followed logs still answers a
/// list or an action at once. (libcurl's own `CURLMOPT_MAX_HOST_CONNECTIONS` and
/// `MAX_TOTAL_CONNECTIONS` queue too, but they count connections, streams included, so a dozen
/// followed logs would starve short requests; and a request held here is not yet handed to curl,
/// so its `CURLOPT_TIMEOUT_MS` starts when it is sent, whatever the wait.)
final class CurlLoop: @unchecked Sendable {
  /// The process-wide loop; `curl_global_init` runs once, before it.
  static let shared = CurlLoop()

  /// Short requests in flight at once per engine. dockerd serves each request on a goroutine of
  /// its own, and a one-shot stats or an inspect spends most of its few milliseconds waiting on
  /// containerd, so a few dozen in flight keep the engine busy (more only queue inside dockerd);
  /// 32 sockets, plus the streams, stay far below a `ulimit -n` of 1024 whatever the number of
  /// containers.
  static let requestsPerEngine = 32

  private let multi: UnsafeMutableRawPointer
  private let epoll: Int32
  private let wakeup: Int32
  private let lock = Lock()
  private var toAdd: [CurlTransfer] = []
  /// Held strongly until handled: an identifier alone could match a new transfer allocated at
  /// the address of one that finished meanwhile, and cancel it.
  private var toCancel: [CurlTransfer] = []
  /// Paused transfers whose reader has room again.
  private var toResume: [CurlTransfer] = []
  /// Short requests waiting for a place, over all engines, as of the loop's last turn (under the lock).
  private var waitingTotal = 0
  /// Transfers in flight, by handle address. Loop thread only.
  private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
  /// Each engine's short requests: how many are in flight and which wait. Loop thread only.
  private var pools: [String: RequestPool] = [:]
  /// When curl wants its timeout action (a one-shot timer: curl sets it again if it still needs
  /// one); nil for none. Loop thread only.
  fileprivate var deadline: ContinuousClock.Instant?
  /// Sockets curl asked to watch. Loop thread only.
  fileprivate var watched: Set<Int32> = []

  private init() {
    curl_global_init(Int(CURL_GLOBAL_ALL))
    multi = curl_multi_init()
    epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
    wakeup = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
    var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(fd: wakeup))
    epoll_ctl(epoll, EPOLL_CTL_ADD, wakeup, &event)
    let context = Unmanaged.passUnretained(self).toOpaque()
    // No limit of curl's own: the pools below bound short requests, and streams must never queue.
    _ = CCurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 0)
    _ = CCurl_multi_setopt_socket_callback(multi, curlSocketCallback)
    _ = CCurl_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, context)
    _ = CCurl_multi_setopt_timer_callback(multi, curlTimerCallback)
    _ = CCurl_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, context)
    startThread { [unowned self] in self.run() }
  }

  /// Starts a transfer; its delegate hears the outcome on the loop thread.
  func start(_ transfer: CurlTransfer) { start([transfer]) }

  /// Starts transfers with a single wake-up of the loop (a stats burst starts one per container).
  func start(_ transfers: [CurlTransfer]) {
    guard !transfers.isEmpty else { return }
    lock.withLock { toAdd += transfers }
    wake()
  }

  /// Stops a transfer; its delegate hears `.cancelled` unless it already completed.
  func cancel(_ transfer: CurlTransfer) { cancel([transfer]) }

  /// Stops transfers with a single wake-up of the loop.
  func cancel(_ transfers: [CurlTransfer]) {
    guard !transfers.isEmpty else { return }
    lock.withLock {
      for transfer in transfers { transfer.cancelRequested = true }
      toCancel += transfers
    }
    wake()
  }

  /// Short requests waiting for a place in their engine's pool, as of the loop's last turn.
  var waitingRequests: Int { lock.withLock { waitingTotal } }

  /// Lets a transfer its delegate paused (`transferShouldPause`) read again.
  func resume(_ transfer: CurlTransfer) {
    lock.withLock { toResume.append(transfer) }
    wake()
  }

  private func wake() {
    var one: UInt64 = 1
    _ = write(wakeup, &one, 8)
  }

  /// Called by curl (on this thread) to watch or forget a socket.
  fileprivate func watch(_ socket: Int32, what: Int32) {
    if what == CURL_POLL_REMOVE {
      if watched.remove(socket) != nil { epoll_ctl(epoll, EPOLL_CTL_DEL, socket, nil) }
      return
    }
    var events: UInt32 = 0
    if what == CURL_POLL_IN || what == CURL_POLL_INOUT { events |= EPOLLIN.rawValue }
    if what == CURL_POLL_OUT || what == CURL_POLL_INOUT { events |= EPOLLOUT.rawValue }
    var event = epoll_event(events: events, data: epoll_data_t(fd: socket))
    if watched.insert(socket).inserted {
      epoll_ctl(epoll, EPOLL_CTL_ADD, socket, &event)
    } else {
      epoll_ctl(epoll, EPOLL_CTL_MOD, socket, &event)
    }
  }

  private func run() {
    var running: Int32 = 0
    var events = [epoll_event](repeating: epoll_event(), count: 64)
    while true {
      // Sleep until a socket is ready, another thread wakes the loop, or curl's timer is due.
      var wait: Int32 = -1
      if let deadline {
        let left = deadline - ContinuousClock.now
        wait = left <= .zero ? 0 : Int32(min(left.milliseconds, 60_000))
      }
      let count = epoll_wait(epoll, &events, Int32(events.count), wait)
      if count > 0 {
        for event in events.prefix(Int(count)) {
          let fd = event.data.fd
          if fd == wakeup {
            var value: UInt64 = 0
            _ = read(wakeup, &value, 8)
            continue
          }
          var mask: Int32 = 0
          if event.events & EPOLLIN.rawValue != 0 { mask |= CURL_CSELECT_IN }
          if event.events & EPOLLOUT.rawValue != 0 { mask |= CURL_CSELECT_OUT }
          if event.events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 { mask |= CURL_CSELECT_ERR }
          curl_multi_socket_action(multi, fd, mask, &running)
        }
      }
      applyRequests()
      // The timer fires once: it is cleared first, and curl arms it again if it needs to. (Left
      // armed at zero after curl's last transfer, it had the loop spin on a whole core while the
      // engine was unreachable.)
      if let due = deadline, due <= ContinuousClock.now {
        deadline = nil
        curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running)
      }
      collectFinished()
      let waiting = pools.values.reduce(0) { $0 + $1.waitingCount }
      lock.withLock { waitingTotal = waiting }
    }
  }

  /// Adds, cancels and resumes what other threads asked for.
  private func applyRequests() {
    let (adds, cancels, resumes) = lock.withLock { () -> ([(CurlTransfer, Bool)], [CurlTransfer], [CurlTransfer]) in
      defer {
        toAdd.removeAll(keepingCapacity: true)
        toCancel.removeAll(keepingCapacity: true)
        toResume.removeAll(keepingCapacity: true)
      }
      return (toAdd.map { ($0, $0.cancelRequested) }, toCancel, toResume)
    }
    for (transfer, isCancelled) in adds {
      if isCancelled {
        transfer.cancelled = true
        transfer.complete(result: CURLE_ABORTED_BY_CALLBACK)
        continue
      }
      if transfer.isPooled, !pools[transfer.poolKey, default: RequestPool()].admit(transfer) { continue }
      launch(transfer)
    }
    for transfer in cancels {
      if active[transfer.handle] === transfer {
        transfer.cancelled = true
        curl_multi_remove_handle(multi, transfer.handle)
        active[transfer.handle] = nil
        transfer.complete(result: CURLE_ABORTED_BY_CALLBACK)
        release(transfer)
      } else if transfer.isPooled, pools[transfer.poolKey]?.withdraw(transfer) == true {
        transfer.cancelled = true
        transfer.complete(result: CURLE_ABORTED_BY_CALLBACK)
      }
    }
    for transfer in resumes where active[transfer.handle] === transfer && !transfer.cancelled {
      // curl may hand over the chunk it kept at once, from inside this call.
      curl_easy_pause(transfer.handle, CURLPAUSE_CONT)
    }
  }

  /// Hands a transfer to curl.
  private func launch(_ transfer: CurlTransfer) {
    active[transfer.handle] = transfer
    curl_multi_add_handle(multi, transfer.handle)
  }

  /// Gives a finished short request's place in its pool to the next one waiting.
  private func release(_ transfer: CurlTransfer) {
    guard transfer.isPooled else { return }
    let key = transfer.poolKey
    if let next = pools[key]?.next() {
      launch(next)
    } else if pools[key]?.isIdle == true {
      pools[key] = nil
    }
  }

  private func collectFinished() {
    var remaining: Int32 = 0
    while let message = curl_multi_info_read(multi, &remaining) {
      var handle: UnsafeMutableRawPointer?
      var result = CURLE_OK
      guard CCurl_multi_done(message, &handle, &result) == 1, let handle else { continue }
      curl_multi_remove_handle(multi, handle)
      if let transfer = active.removeValue(forKey: handle) {
        transfer.complete(result: result)
        release(transfer)
      }
    }
  }
}

/// One engine's short requests: at most `CurlLoop.requestsPerEngine` in flight, the others
/// waiting first in, first out. Loop thread only.
struct RequestPool {
  /// Requests handed to curl and not yet finished.
  private(set) var inFlight = 0
  /// Requests waiting for a place.
  private(set) var waitingCount = 0
  /// Waiting requests, oldest first; withdrawn ones stay in it, unmarked, until `next` skips them
  /// (so cancelling a whole burst costs O(1) a request, not a search of the queue).
  private var queue = Deque<CurlTransfer>()
  /// The pool's size.
  let capacity: Int

  init(capacity: Int = CurlLoop.requestsPerEngine) {
    self.capacity = capacity
  }

  /// Whether nothing is in flight or waiting.
  var isIdle: Bool { inFlight == 0 && waitingCount == 0 }

  /// Takes a place for `transfer` (true: start it now) or queues it (false).
  mutating func admit(_ transfer: CurlTransfer) -> Bool {
    if inFlight < capacity, waitingCount == 0 {
      inFlight += 1
      return true
    }
    transfer.isWaiting = true
    queue.append(transfer)
    waitingCount += 1
    return false
  }

  /// Frees the place of a finished request and returns the waiting request that takes it, if any.
  mutating func next() -> CurlTransfer? {
    inFlight -= 1
    var found: CurlTransfer?
    while found == nil, let transfer = queue.popFirst() {
      if transfer.isWaiting { found = transfer }
    }
    guard let found else { return nil }
    found.isWaiting = false
    waitingCount -= 1
    inFlight += 1
    return found
  }

  /// Takes a request out of the queue before it started; false if it was not waiting.
  mutating func withdraw(_ transfer: CurlTransfer) -> Bool {
    guard transfer.isWaiting else { return false }
    transfer.isWaiting = false
    waitingCount -= 1
    return true
  }
}

private let curlSocketCallback: CCurl_socket_callback = { _, socket, what, context, _ in
  guard let context else { return 0 }
  Unmanaged<CurlLoop>.fromOpaque(context).takeUnretainedValue().watch(Int32(socket), what: what)
  return 0
}

private let curlTimerCallback: CCurl_timer_callback = { _, milliseconds, context in
  guard let context else { return 0 }
  Unmanaged<CurlLoop>.fromOpaque(context).takeUnretainedValue().deadline =
    milliseconds < 0 ? nil : ContinuousClock.now + .milliseconds(milliseconds)
  return 0
}

extension Duration {
  /// Whole milliseconds, rounded up.
  var milliseconds: Int64 {
    let (seconds, attoseconds) = components
    return seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
  }
}
