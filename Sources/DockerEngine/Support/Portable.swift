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

  public init() {
    mutex = .allocate(capacity: 1)
    mutex.initialize(to: pthread_mutex_t())
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  public func lock() { pthread_mutex_lock(mutex) }
  public func unlock() { pthread_mutex_unlock(mutex) }

  @inlinable
  public func withLock<T>(_ body: () throws -> T) rethrows -> T {
    lock()
    defer { unlock() }
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
  let status = pthread_create(&thread, &attributes, { raw in
    let start = Unmanaged<Start>.fromOpaque(raw!).takeRetainedValue()
    start.body()
    return nil
  }, start)
  precondition(status == 0, "pthread_create failed: \(status)")
}

extension StringProtocol {
  /// The text without leading and trailing spaces, tabs and line breaks.
  public func trimmingWhitespace() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0.isNewline }
    guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
      return ""
    }
    return String(self[first...last])
  }
}

/// `printf`-style formatting of numbers (the C library's), e.g. `cFormat("%.9f", seconds)`.
public func cFormat(_ format: String, _ arguments: any CVarArg...) -> String {
  var size = 64
  while true {
    var buffer = [CChar](repeating: 0, count: size)
    let needed = Int(withVaList(arguments) { vsnprintf(&buffer, size, format, $0) })
    if needed < 0 { return "" }
    if needed < size { return String(decoding: buffer[..<needed].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    size = needed + 1
  }
}

/// Writes all of `bytes` to a file descriptor, retrying short writes and EINTR; false on error.
@discardableResult
public func writeAll(_ fd: Int32, _ bytes: some Collection<UInt8>) -> Bool {
  var array = Array(bytes)
  return array.withUnsafeMutableBytes { buffer in
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
}
