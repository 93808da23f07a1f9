internal import CCurl
import FoundationEssentials

/// Collects a whole reply body for one request and resumes the waiting task.
final class ReplyCollector: TransferDelegate, @unchecked Sendable {
  private let limit: Int
  private var body: [UInt8] = []
  private var overflowed = false
  private let lock = Lock()
  private var continuation: CheckedContinuation<(status: Int, body: [UInt8]), any Error>?

  init(limit: Int) {
    self.limit = limit
  }

  func set(_ continuation: CheckedContinuation<(status: Int, body: [UInt8]), any Error>) {
    lock.withLock { self.continuation = continuation }
  }

  func transfer(didReceive bytes: UnsafeRawBufferPointer) -> Bool {
    guard body.count + bytes.count <= limit else {
      overflowed = true
      return false
    }
    body.append(contentsOf: bytes)
    return true
  }

  func transferDidComplete(status: Int, errorBody: [UInt8], error: DockerEngineError?) {
    let continuation = lock.withLock { () -> CheckedContinuation<(status: Int, body: [UInt8]), any Error>? in
      defer { self.continuation = nil }
      return self.continuation
    }
    if overflowed {
      continuation?.resume(throwing: DockerEngineError(.malformedReply, "The engine's reply exceeded \(limit) bytes."))
    } else if let error {
      continuation?.resume(throwing: error)
    } else {
      continuation?.resume(returning: (status, (200..<300).contains(status) ? body : errorBody))
    }
  }
}

/// Where a stream's elements go: an `AsyncThrowingStream` (dropping the oldest for a slow reader)
/// or a `PacedStream` (pausing the transfer for one). Called on the loop thread.
protocol StreamSink<Element>: Sendable {
  associatedtype Element
  /// Hands elements over; false if the reader went away (the transfer then stops).
  func yield(_ elements: [Element]) -> Bool
  /// Ends the stream, with an error or cleanly (nil).
  func finish(throwing error: (any Error)?)
  /// Whether the reader is behind: the transfer pauses until it catches up.
  var isFull: Bool { get }
}

/// An `AsyncThrowingStream`'s continuation as a sink.
struct ContinuationSink<Element: Sendable>: StreamSink {
  let continuation: AsyncThrowingStream<Element, any Error>.Continuation

  func yield(_ elements: [Element]) -> Bool {
    for element in elements {
      if case .terminated = continuation.yield(element) { return false }
    }
    return true
  }

  func finish(throwing error: (any Error)?) {
    continuation.finish(throwing: error)
  }

  /// Never: it drops the oldest elements instead, as its buffering policy says.
  var isFull: Bool { false }
}

/// Feeds a stream's bytes through a parser into a sink.
final class StreamFeeder<Sink: StreamSink>: TransferDelegate, @unchecked Sendable {
  typealias Element = Sink.Element
  typealias Parser = (UnsafeRawBufferPointer) -> Result<[Element], DockerEngineError>
  private let parse: Parser
  private let finish: () -> Result<[Element], DockerEngineError>
  private let sink: Sink
  private let what: String

  init(what: String, sink: Sink, parse: @escaping Parser, finish: @escaping () -> Result<[Element], DockerEngineError>) {
    self.what = what
    self.sink = sink
    self.parse = parse
    self.finish = finish
  }

  func transferShouldPause() -> Bool { sink.isFull }

  func transfer(didReceive bytes: UnsafeRawBufferPointer) -> Bool {
    switch parse(bytes) {
    case .success(let elements):
      return elements.isEmpty || sink.yield(elements)
    case .failure(let error):
      sink.finish(throwing: error)
      return false
    }
  }

  func transferDidComplete(status: Int, errorBody: [UInt8], error: DockerEngineError?) {
    if let error {
      sink.finish(throwing: error.kind == .cancelled ? nil : error)
      return
    }
    guard (200..<300).contains(status) else {
      sink.finish(throwing: DockerEngineError.fromReply(status: status, body: errorBody, what: what))
      return
    }
    switch finish() {
    case .success(let elements):
      _ = elements.isEmpty || sink.yield(elements)
      sink.finish(throwing: nil)
    case .failure(let error):
      sink.finish(throwing: error)
    }
  }
}

extension DockerClient {
  /// Sends one request and returns its status and body (the error body for non-2xx).
  func exchange(_ request: HTTPRequest, limit: Int = 64 << 20) async throws -> (status: Int, body: [UInt8]) {
    let collector = ReplyCollector(limit: limit)
    let transfer = try CurlTransfer(request: request, endpoint: endpoint, delegate: collector)
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { continuation in
        collector.set(continuation)
        CurlLoop.shared.start(transfer)
      }
    } onCancel: {
      CurlLoop.shared.cancel(transfer)
    }
  }

  /// Opens a follow stream whose bytes `parse` turns into elements.
  func stream<Element: Sendable>(
    _ request: HTTPRequest, what: String, buffering: AsyncThrowingStream<Element, any Error>.Continuation.BufferingPolicy,
    parse: @escaping (UnsafeRawBufferPointer) -> Result<[Element], DockerEngineError>,
    finish: @escaping () -> Result<[Element], DockerEngineError> = { .success([]) }
  ) -> AsyncThrowingStream<Element, any Error> {
    let (stream, continuation) = AsyncThrowingStream<Element, any Error>.makeStream(bufferingPolicy: buffering)
    let feeder = StreamFeeder(what: what, sink: ContinuationSink(continuation: continuation), parse: parse, finish: finish)
    do {
      let transfer = try CurlTransfer(request: request, endpoint: endpoint, delegate: feeder)
      continuation.onTermination = { _ in CurlLoop.shared.cancel(transfer) }
      CurlLoop.shared.start(transfer)
    } catch {
      continuation.finish(throwing: error)
    }
    return stream
  }
}

extension DockerClient {
  /// Opens a stream whose bytes `parse` turns into elements, holding at most `capacity` of them
  /// for the reader: past that the transfer pauses until the reader has caught up.
  func pacedStream<Element: Sendable>(
    _ request: HTTPRequest, what: String, capacity: Int,
    parse: @escaping (UnsafeRawBufferPointer) -> Result<[Element], DockerEngineError>,
    finish: @escaping () -> Result<[Element], DockerEngineError> = { .success([]) }
  ) -> PacedStream<Element> {
    let buffer = PacedBuffer<Element>(capacity: capacity)
    let feeder = StreamFeeder(what: what, sink: buffer, parse: parse, finish: finish)
    do {
      let transfer = try CurlTransfer(request: request, endpoint: endpoint, delegate: feeder)
      buffer.attach(resume: { CurlLoop.shared.resume(transfer) }, cancel: { CurlLoop.shared.cancel(transfer) })
      CurlLoop.shared.start(transfer)
    } catch {
      buffer.finish(throwing: error)
    }
    return PacedStream(buffer: buffer)
  }
}
