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

/// Feeds a follow stream's bytes through a parser into an `AsyncThrowingStream`.
final class StreamFeeder<Element: Sendable>: TransferDelegate, @unchecked Sendable {
  typealias Parser = (UnsafeRawBufferPointer) -> Result<[Element], DockerEngineError>
  private let parse: Parser
  private let finish: () -> Result<[Element], DockerEngineError>
  private let continuation: AsyncThrowingStream<Element, any Error>.Continuation
  private let what: String

  init(what: String, continuation: AsyncThrowingStream<Element, any Error>.Continuation,
       parse: @escaping Parser, finish: @escaping () -> Result<[Element], DockerEngineError>) {
    self.what = what
    self.continuation = continuation
    self.parse = parse
    self.finish = finish
  }

  func transfer(didReceive bytes: UnsafeRawBufferPointer) -> Bool {
    switch parse(bytes) {
    case .success(let elements):
      for element in elements {
        if case .terminated = continuation.yield(element) { return false }
      }
      return true
    case .failure(let error):
      continuation.finish(throwing: error)
      return false
    }
  }

  func transferDidComplete(status: Int, errorBody: [UInt8], error: DockerEngineError?) {
    if let error {
      continuation.finish(throwing: error.kind == .cancelled ? nil : error)
      return
    }
    guard (200..<300).contains(status) else {
      continuation.finish(throwing: DockerEngineError.fromReply(status: status, body: errorBody, what: what))
      return
    }
    switch finish() {
    case .success(let elements):
      for element in elements { continuation.yield(element) }
      continuation.finish()
    case .failure(let error):
      continuation.finish(throwing: error)
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
    parse: @escaping StreamFeeder<Element>.Parser,
    finish: @escaping () -> Result<[Element], DockerEngineError> = { .success([]) }
  ) -> AsyncThrowingStream<Element, any Error> {
    let (stream, continuation) = AsyncThrowingStream<Element, any Error>.makeStream(bufferingPolicy: buffering)
    let feeder = StreamFeeder(what: what, continuation: continuation, parse: parse, finish: finish)
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
