#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// Berth links FoundationEssentials only, not the whole of Foundation: the classic Foundation
// (NSString bridging, CoreFoundation, ICU) costs several MiB of resident memory that a monitor
// kept open all day should not pay. These are the few things it took from there.

/// A mutual-exclusion lock (a pthread mutex), for state shared with the curl loop thread.
public final class Lock: @unchecked Sendable {
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>

  /// Makes an unlocked lock.
  public init() {
    mutex = .allocate(capacity: 1)
    mutex.initialize(to: pthread_mutex_t())
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  /// Runs `body` holding the lock (not reentrant) and returns what it returns.
  public func withLock<T>(_ body: () throws -> T) rethrows -> T {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body()
  }
}

/// Runs `body` on a new detached thread with its own stack size.
public func startThread(stackSize: Int = 1 << 20, _ body: @escaping @Sendable () -> Void) {
  final class Start { let body: @Sendable () -> Void; init(_ body: @escaping @Sendable () -> Void) { self.body = body } }
  var attributes = pthread_attr_t()
  pthread_attr_init(&attributes)
  defer { pthread_attr_destroy(&attributes) }
  pthread_attr_setstacksize(&attributes, stackSize)
  pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
  let start = Unmanaged.passRetained(Start(body)).toOpaque()
  var thread = pthread_t()
  let status = pthread_create(
    &thread, &attributes,
    { raw in
      let start = Unmanaged<Start>.fromOpaque(raw!).takeRetainedValue()
      start.body()
      return nil
    }, start)
  precondition(status == 0, "pthread_create failed: \(status)")
}

extension StringProtocol {
  /// The text without leading and trailing spaces, tabs and line breaks.
  public func trimmingWhitespace() -> String {
    guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
      return ""
    }
    return String(self[first...last])
  }
}

/// A name still in the bytes it was read from (a JSON member, a `key value` line of a kernel
/// file): matched against literals without making a `String` of it (`switch key { case "read": … }`).
public struct RawName {
  /// The name's bytes, valid only as long as the buffer they were read from.
  public let raw: UnsafeBufferPointer<UInt8>

  /// Wraps the bytes of a name.
  public init(raw: UnsafeBufferPointer<UInt8>) { self.raw = raw }

  /// Whether the name's bytes are exactly the literal's.
  public static func ~= (pattern: StaticString, key: RawName) -> Bool {
    pattern.utf8CodeUnitCount == key.raw.count
      && pattern.withUTF8Buffer { $0.elementsEqual(key.raw) }
  }

  /// The name as a `String`.
  public var string: String { String(decoding: raw, as: UTF8.self) }
}

/// Writes all of `bytes` to a file descriptor, retrying short writes and EINTR; false on error.
@discardableResult
public func writeAll(_ fd: Int32, _ bytes: some Collection<UInt8>) -> Bool {
  // Arrays and Data are written in place; other collections are copied once.
  bytes.withContiguousStorageIfAvailable { writeAll(fd, UnsafeRawBufferPointer($0)) } ?? Array(bytes).withUnsafeBytes { writeAll(fd, $0) }
}

private func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
  var offset = 0
  while offset < buffer.count {
    let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
    if written < 0 {
      if errno == EINTR { continue }
      return false
    }
    offset += written
  }
  return true
}
