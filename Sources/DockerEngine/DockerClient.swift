import FoundationEssentials

/// A client of one Docker engine, speaking the API version both sides know.
///
/// Make one with `connect(to:)`, which asks the engine its version first; to share one among
/// everything that talks to an engine, and renegotiate after the engine restarts, hold it in an
/// `EngineConnection`. Every request runs on a shared libcurl loop thread; methods are safe to call
/// from any task.
public struct DockerClient: Sendable {
  /// Where the engine listens.
  public let endpoint: Endpoint
  /// The API version used in every path: the lower of the engine's and `APIVersion.newestKnown`.
  public let apiVersion: APIVersion
  /// What the engine said of itself.
  public let engineVersion: EngineVersion
  /// Time-out for ordinary (non-follow) requests, counted from when each is sent: a request that
  /// waits for a place among the engine's `CurlLoop.requestsPerEngine` in flight is not yet timed.
  public let requestTimeout: Duration

  /// Connects: asks `GET /version` and settles the API version.
  ///
  /// - Throws: `DockerEngineError` — `.unreachable`, `.permissionDenied`, `.engineTooOld` …
  public static func connect(to endpoint: Endpoint, requestTimeout: Duration = .seconds(15)) async throws -> DockerClient {
    let probe = DockerClient(endpoint: endpoint, apiVersion: nil, engineVersion: nil, requestTimeout: requestTimeout)
    let version: EngineVersion = try await probe.get("/version", what: "Asking the engine its version")
    guard let offered = APIVersion(parsing: version.apiVersion) else {
      throw DockerEngineError(.malformedReply, "The engine at \(endpoint) reported an unreadable API version \"\(version.apiVersion)\".")
    }
    guard offered >= APIVersion.oldestSupported else {
      throw DockerEngineError(
        .engineTooOld,
        "The Docker engine at \(endpoint) speaks API \(offered) (engine \(version.version)); Berth needs \(APIVersion.oldestSupported) or newer (Docker 1.13+). Upgrade the engine."
      )
    }
    return DockerClient(
      endpoint: endpoint, apiVersion: min(offered, .newestKnown), engineVersion: version,
      requestTimeout: requestTimeout)
  }

  private init(endpoint: Endpoint, apiVersion: APIVersion?, engineVersion: EngineVersion?, requestTimeout: Duration) {
    self.endpoint = endpoint
    self.apiVersion = apiVersion ?? APIVersion(0, 0)
    self.engineVersion = engineVersion ?? EngineVersion(version: "", apiVersion: "")
    self.requestTimeout = requestTimeout
  }

  // MARK: Reads

  /// `GET /version`.
  public func version() async throws -> EngineVersion {
    try await get("/version", what: "Asking the engine its version")
  }

  /// `GET /info`.
  public func info() async throws -> EngineInfo {
    try await get("/info", what: "Reading engine information")
  }

  /// `GET /containers/json`.
  ///
  /// - Parameters:
  ///   - includeStopped: Whether to list stopped containers too (`all=1`).
  ///   - labels: Label filters, `key` or `key=value`; all must match.
  public func containers(includeStopped: Bool = true, labels: [String] = []) async throws -> [ContainerSummary] {
    var query = [("all", includeStopped ? "1" : "0")]
    if !labels.isEmpty { query.append(("filters", Self.filtersJSON(["label": labels]))) }
    return try await get("/containers/json", query: query, what: "Listing containers")
  }

  /// `GET /containers/{id}/json`.
  public func inspect(_ id: String) async throws -> ContainerDetails {
    try await get("/containers/\(Self.escape(id))/json", what: "Inspecting container \(id)")
  }

  /// `GET /containers/{id}/top`.
  public func top(_ id: String) async throws -> ProcessList {
    try await get("/containers/\(Self.escape(id))/top", what: "Listing processes of \(id)")
  }

  /// One stats sample of a container.
  ///
  /// With `oneShot` (API 1.41+) the engine answers at once but leaves `precpu_stats` empty:
  /// keep the previous sample to compute CPU %. Without it the engine waits for its next
  /// sampling round (about a second) and fills `precpu_stats`.
  public func stats(for id: String, oneShot: Bool = true) async throws -> StatsSample {
    var query = [("stream", "0")]
    if oneShot && apiVersion >= APIVersion(1, 41) { query.append(("one-shot", "1")) }
    return try await get("/containers/\(Self.escape(id))/stats", query: query, what: "Reading stats of \(id)")
  }

  /// Whether `stats(for:oneShot: true)` really answers at once on this engine.
  public var supportsOneShotStats: Bool { apiVersion >= APIVersion(1, 41) }

  /// A container's stats, streamed about once a second until cancelled.
  public func statsStream(for id: String) -> AsyncThrowingStream<StatsSample, any Error> {
    let box = UncheckedBox(JSONLineDecoder<StatsSample>())
    return stream(
      HTTPRequest(method: "GET", path: path("/containers/\(Self.escape(id))/stats", query: [("stream", "1")]), timeout: nil),
      what: "Streaming stats of \(id)", buffering: .bufferingNewest(8),
      parse: { bytes in Self.collect(box.value.feed(bytes), into: box) })
  }

  /// Engine events (`GET /events`), followed until cancelled.
  ///
  /// - Parameters:
  ///   - since: Replay events from this time (the engine keeps only its last 256).
  ///   - filters: Event filters, e.g. `["type": ["container"], "event": ["start", "die"]]`.
  public func events(since: Date? = nil, filters: [String: [String]] = [:]) -> AsyncThrowingStream<EngineEvent, any Error> {
    var query: [(String, String)] = []
    if let since { query.append(("since", EngineTime.unixSeconds(since))) }
    if !filters.isEmpty { query.append(("filters", Self.filtersJSON(filters))) }
    let box = UncheckedBox(JSONLineDecoder<EngineEvent>())
    return stream(
      HTTPRequest(method: "GET", path: path("/events", query: query), timeout: nil),
      what: "Following engine events", buffering: .bufferingNewest(100_000),
      parse: { bytes in
        // A malformed event is skipped rather than ending the stream.
        .success(box.value.feed(bytes).compactMap { try? $0.get() })
      })
  }

  /// A container's log lines.
  ///
  /// - Parameters:
  ///   - id: The container.
  ///   - options: Which lines, and whether to follow.
  ///   - isTTY: Whether the container has a TTY (`Config.Tty`): its stream is raw, not multiplexed.
  ///   - bufferLimit: Lines held for a slow reader; the oldest unread are dropped beyond it.
  public func logs(for id: String, options: LogOptions = LogOptions(), isTTY: Bool, bufferLimit: Int = 10_000)
    -> AsyncThrowingStream<LogLine, any Error>
  {
    let parser = LogStreamParser(isTTY: isTTY, timestamps: options.timestamps)
    return stream(
      logsRequest(id, options), what: "Reading logs of \(id)", buffering: .bufferingNewest(bufferLimit),
      parse: { bytes in .success(parser.feed(bytes)) },
      finish: { .success(parser.finish()) })
  }

  /// A container's log lines in batches, one per read from the engine: cheaper to consume
  /// than single lines when a container writes fast.
  ///
  /// - Parameter bufferLimit: Batches held for a slow reader; the oldest unread are dropped beyond
  ///   it. (A reader that must see every line reads `pacedLogBatches` instead.)
  public func logBatches(for id: String, options: LogOptions = LogOptions(), isTTY: Bool, bufferLimit: Int = 256)
    -> AsyncThrowingStream<[LogLine], any Error>
  {
    let batches = LogBatches(isTTY: isTTY, timestamps: options.timestamps)
    return stream(
      logsRequest(id, options), what: "Reading logs of \(id)", buffering: .bufferingNewest(bufferLimit),
      parse: batches.parse, finish: batches.finish)
  }

  /// A container's log lines in batches, one per read from the engine, none of them dropped: when
  /// `capacity` batches wait unread the transfer pauses until the reader has taken half of them,
  /// so a reader slower than the container (a pipe nobody drains yet) holds memory bounded.
  ///
  /// A batch holds the lines of one read of at most 16 KiB (libcurl's buffer), so the buffer
  /// holds about `capacity` × 16 KiB of log text at most.
  public func pacedLogBatches(for id: String, options: LogOptions = LogOptions(), isTTY: Bool, capacity: Int = 16)
    -> PacedStream<[LogLine]>
  {
    let batches = LogBatches(isTTY: isTTY, timestamps: options.timestamps)
    return pacedStream(
      logsRequest(id, options), what: "Reading logs of \(id)", capacity: capacity,
      parse: batches.parse, finish: batches.finish)
  }

  /// `GET /containers/{id}/logs` with the options' query, without a time-out (it may follow).
  private func logsRequest(_ id: String, _ options: LogOptions) -> HTTPRequest {
    HTTPRequest(method: "GET", path: path("/containers/\(Self.escape(id))/logs", query: options.query), timeout: nil)
  }

  /// A container's log lines, asking the engine first whether it has a TTY.
  public func logs(for id: String, options: LogOptions = LogOptions()) async throws -> AsyncThrowingStream<LogLine, any Error> {
    let details = try await inspect(id)
    return logs(for: id, options: options, isTTY: details.config?.tty ?? false)
  }

  // MARK: Actions

  /// Starts a container; starting a running one is not an error.
  public func start(_ id: String) async throws {
    try await post("/containers/\(Self.escape(id))/start", what: "Starting \(id)")
  }

  /// Stops a container, killing it after `timeout`; stopping a stopped one is not an error.
  public func stop(_ id: String, timeout: Duration = .seconds(10)) async throws {
    try await post(
      "/containers/\(Self.escape(id))/stop", query: [("t", String(timeout.components.seconds))],
      what: "Stopping \(id)", timeout: timeout + requestTimeout)
  }

  /// Restarts a container, killing it after `timeout` if it does not stop.
  public func restart(_ id: String, timeout: Duration = .seconds(10)) async throws {
    try await post(
      "/containers/\(Self.escape(id))/restart", query: [("t", String(timeout.components.seconds))],
      what: "Restarting \(id)", timeout: timeout + requestTimeout)
  }

  /// Sends a signal (default `SIGKILL`).
  public func kill(_ id: String, signal: String = "SIGKILL") async throws {
    try await post("/containers/\(Self.escape(id))/kill", query: [("signal", signal)], what: "Killing \(id)")
  }

  /// Freezes a container's processes.
  public func pause(_ id: String) async throws {
    try await post("/containers/\(Self.escape(id))/pause", what: "Pausing \(id)")
  }

  /// Thaws a paused container.
  public func unpause(_ id: String) async throws {
    try await post("/containers/\(Self.escape(id))/unpause", what: "Unpausing \(id)")
  }

  /// Removes a container.
  ///
  /// - Parameters:
  ///   - force: Kill it first when running.
  ///   - removeVolumes: Also remove its anonymous volumes.
  public func remove(_ id: String, force: Bool = false, removeVolumes: Bool = false) async throws {
    let query = [("force", force ? "1" : "0"), ("v", removeVolumes ? "1" : "0")]
    let reply = try await exchange(
      HTTPRequest(method: "DELETE", path: path("/containers/\(Self.escape(id))", query: query), timeout: requestTimeout))
    guard (200..<300).contains(reply.status) else {
      throw DockerEngineError.fromReply(status: reply.status, body: reply.body, what: "Removing \(id)")
    }
  }

  // MARK: Plumbing

  /// `/v1.41/…?query` for a path, without the version prefix while negotiating.
  func path(_ path: String, query: [(String, String)] = []) -> String {
    var full = apiVersion.major == 0 ? path : "/v\(apiVersion)\(path)"
    if !query.isEmpty {
      full += "?" + query.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
    }
    return full
  }

  /// Sends a GET and decodes its JSON reply.
  func get<Value: Decodable>(_ path: String, query: [(String, String)] = [], what: String) async throws -> Value {
    let reply = try await exchange(HTTPRequest(method: "GET", path: self.path(path, query: query), timeout: requestTimeout))
    guard (200..<300).contains(reply.status) else {
      throw DockerEngineError.fromReply(status: reply.status, body: reply.body, what: what)
    }
    try JSONDepth.check(reply.body)
    do {
      return try JSONDecoder().decode(Value.self, from: Data(reply.body))
    } catch {
      throw DockerEngineError(
        .malformedReply, "\(what): the engine at \(endpoint) sent a reply Berth cannot read (\(Self.describe(error))).")
    }
  }

  /// Sends a POST without a body; 304 (already in that state) counts as success.
  func post(_ path: String, query: [(String, String)] = [], what: String, timeout: Duration? = nil) async throws {
    let reply = try await exchange(
      HTTPRequest(method: "POST", path: self.path(path, query: query), timeout: timeout ?? requestTimeout))
    guard (200..<300).contains(reply.status) || reply.status == 304 else {
      throw DockerEngineError.fromReply(status: reply.status, body: reply.body, what: what)
    }
  }

  /// Sends a POST with a JSON body and returns the raw reply.
  func post(_ path: String, json: some Encodable, what: String) async throws -> [UInt8] {
    let body = try JSONEncoder().encode(json)
    let reply = try await exchange(
      HTTPRequest(method: "POST", path: self.path(path), body: Array(body), contentType: "application/json", timeout: requestTimeout))
    guard (200..<300).contains(reply.status) else {
      throw DockerEngineError.fromReply(status: reply.status, body: reply.body, what: what)
    }
    return reply.body
  }

  static func filtersJSON(_ filters: [String: [String]]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(filters)) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }

  static func escape(_ text: String) -> String {
    if text.utf8.allSatisfy({ Self.unreserved($0) }) { return text }
    let hex = Array("0123456789ABCDEF".utf8)
    var escaped: [UInt8] = []
    for byte in text.utf8 {
      if Self.unreserved(byte) {
        escaped.append(byte)
      } else {
        escaped += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
      }
    }
    return String(decoding: escaped, as: UTF8.self)
  }

  private static func unreserved(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
      UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
      true
    default: false
    }
  }

  static func collect<Value>(
    _ results: [Result<Value, DockerEngineError>], into box: UncheckedBox<JSONLineDecoder<Value>>
  ) -> Result<[Value], DockerEngineError> {
    var values: [Value] = []
    for result in results {
      switch result {
      case .success(let value): values.append(value)
      case .failure(let error): return .failure(error)
      }
    }
    return .success(values)
  }

  static func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.dataCorrupted(let context): return "corrupted data at \(codingPath(context.codingPath)): \(context.debugDescription)"
    case DecodingError.typeMismatch(_, let context): return "type mismatch at \(codingPath(context.codingPath))"
    case DecodingError.keyNotFound(let key, let context): return "missing \(codingPath(context.codingPath + [key]))"
    case DecodingError.valueNotFound(_, let context): return "missing value at \(codingPath(context.codingPath))"
    default: return "\(error)"
    }
  }

  private static func codingPath(_ path: [any CodingKey]) -> String {
    path.isEmpty ? "the top level" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
  }
}

/// Which log lines to read.
public struct LogOptions: Sendable, Equatable {
  /// Keep the stream open for new lines.
  public var follow: Bool
  /// Only the last N lines of history (nil: all).
  public var tail: Int?
  /// Only lines since this time.
  public var since: Date?
  /// Only lines until this time.
  public var until: Date?
  /// Prefix each line with the engine's timestamp (parsed into `LogLine.timestamp`).
  public var timestamps: Bool
  /// Include the container's standard output.
  public var stdout: Bool
  /// Include the container's standard error.
  public var stderr: Bool

  /// Makes options; by default the last 100 lines of both streams, with timestamps, not followed.
  public init(
    follow: Bool = false, tail: Int? = 100, since: Date? = nil, until: Date? = nil, timestamps: Bool = true,
    stdout: Bool = true, stderr: Bool = true
  ) {
    self.follow = follow
    self.tail = tail
    self.since = since
    self.until = until
    self.timestamps = timestamps
    self.stdout = stdout
    self.stderr = stderr
  }

  var query: [(String, String)] {
    var query = [
      ("stdout", stdout ? "1" : "0"), ("stderr", stderr ? "1" : "0"), ("follow", follow ? "1" : "0"),
      ("timestamps", timestamps ? "1" : "0"), ("tail", tail.map(String.init) ?? "all"),
    ]
    if let since { query.append(("since", EngineTime.unixSeconds(since))) }
    if let until { query.append(("until", EngineTime.unixSeconds(until))) }
    return query
  }
}

/// Demultiplexes (unless TTY) and splits a log stream into lines; used on the loop thread only.
final class LogStreamParser: @unchecked Sendable {
  private let isTTY: Bool
  private var demultiplexer = LogDemultiplexer(maximumPayload: 256 * 1024)
  private var assembler: LogLineAssembler

  init(isTTY: Bool, timestamps: Bool) {
    self.isTTY = isTTY
    assembler = LogLineAssembler(timestamps: timestamps)
  }

  func feed(_ bytes: UnsafeRawBufferPointer) -> [LogLine] {
    let frames = isTTY ? [LogFrame(stream: .stdout, bytes: Array(bytes))] : demultiplexer.feed(bytes)
    return frames.flatMap { assembler.feed($0) }
  }

  func finish() -> [LogLine] { assembler.finish() }
}

/// A mutable value shared between a transfer's callbacks, which run one at a time on the loop thread.
final class UncheckedBox<Value>: @unchecked Sendable {
  var value: Value
  init(_ value: Value) { self.value = value }
}

extension DockerClient {
  /// One stats sample of each container, all requested at once on the curl loop and collected
  /// together: a single wake-up for the caller, however many containers. Containers that do not
  /// answer within `deadline` are left out (their requests are cancelled), so a slow or vanished
  /// container never holds up the others.
  public func statsBurst(for ids: [String], oneShot: Bool = true, deadline: Duration)
    async -> [String: Result<StatsSample, DockerEngineError>]
  {
    guard !ids.isEmpty else { return [:] }
    var query = [("stream", "0")]
    if oneShot && supportsOneShotStats { query.append(("one-shot", "1")) }
    let burst = StatsBurst(count: ids.count)
    var created: [CurlTransfer] = []
    for id in ids {
      var request = HTTPRequest(
        method: "GET", path: path("/containers/\(Self.escape(id))/stats", query: query),
        timeout: deadline + .seconds(1))
      request.receiveBufferSize = 4096
      do {
        created.append(try CurlTransfer(request: request, endpoint: endpoint, delegate: StatsBurst.Member(id: id, burst: burst)))
      } catch let error as DockerEngineError {
        burst.finish(id, .failure(error))
      } catch {
        burst.finish(id, .failure(DockerEngineError(.malformedReply, "\(error)")))
      }
    }
    let transfers = created
    // Past the deadline, what has not answered is cancelled; once all have, the timer goes (and
    // with it its hold on the transfers, whose handles are then freed at once).
    let timer = Task {
      try? await Task.sleep(for: deadline)
      if !Task.isCancelled { CurlLoop.shared.cancel(transfers) }
    }
    defer { timer.cancel() }
    return await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        burst.set(continuation)
        CurlLoop.shared.start(transfers)
      }
    } onCancel: {
      CurlLoop.shared.cancel(transfers)
    }
  }
}

/// Collects the replies of one stats burst and resumes the caller once, when all are in.
final class StatsBurst: @unchecked Sendable {
  private let lock = Lock()
  private var remaining: Int
  private var results: [String: Result<StatsSample, DockerEngineError>] = [:]
  private var continuation: CheckedContinuation<[String: Result<StatsSample, DockerEngineError>], Never>?

  init(count: Int) {
    remaining = count
  }

  func set(_ continuation: CheckedContinuation<[String: Result<StatsSample, DockerEngineError>], Never>) {
    let done = lock.withLock { () -> [String: Result<StatsSample, DockerEngineError>]? in
      if remaining == 0 { return results }
      self.continuation = continuation
      return nil
    }
    if let done { continuation.resume(returning: done) }
  }

  func finish(_ id: String, _ result: Result<StatsSample, DockerEngineError>) {
    let resume = lock.withLock {
      () -> (
        CheckedContinuation<[String: Result<StatsSample, DockerEngineError>], Never>, [String: Result<StatsSample, DockerEngineError>]
      )? in
      guard results[id] == nil else { return nil }
      results[id] = result
      remaining -= 1
      guard remaining == 0, let continuation else { return nil }
      self.continuation = nil
      return (continuation, results)
    }
    if let (continuation, results) = resume { continuation.resume(returning: results) }
  }

  /// One container's transfer: parses its body on the loop thread.
  final class Member: TransferDelegate, @unchecked Sendable {
    let id: String
    let burst: StatsBurst
    private var body: [UInt8] = []

    init(id: String, burst: StatsBurst) {
      self.id = id
      self.burst = burst
    }

    func transfer(didReceive bytes: UnsafeRawBufferPointer) -> Bool {
      guard body.count + bytes.count <= 1 << 20 else { return false }
      body.append(contentsOf: bytes)
      return true
    }

    func transferDidComplete(status: Int, errorBody: [UInt8], error: DockerEngineError?) {
      if let error {
        burst.finish(id, .failure(error))
      } else if !(200..<300).contains(status) {
        burst.finish(id, .failure(.fromReply(status: status, body: errorBody, what: "Reading stats of \(id)")))
      } else {
        burst.finish(id, Result { () throws(DockerEngineError) -> StatsSample in try StatsParser.parse(body) })
      }
    }
  }
}

/// A log stream's bytes turned into one batch of lines per read from the engine.
private struct LogBatches: Sendable {
  let parser: LogStreamParser

  init(isTTY: Bool, timestamps: Bool) {
    parser = LogStreamParser(isTTY: isTTY, timestamps: timestamps)
  }

  func parse(_ bytes: UnsafeRawBufferPointer) -> Result<[[LogLine]], DockerEngineError> {
    let lines = parser.feed(bytes)
    return .success(lines.isEmpty ? [] : [lines])
  }

  func finish() -> Result<[[LogLine]], DockerEngineError> {
    let lines = parser.finish()
    return .success(lines.isEmpty ? [] : [lines])
  }
}
