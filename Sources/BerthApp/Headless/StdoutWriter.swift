import DockerEngine
import FoundationEssentials
import Glibc

/// Writes whole chunks to a file descriptor (stdout by default), one chunk at a time from any task.
///
/// A write blocks while the reader is behind (that is the back-pressure a headless command passes
/// on to the engine). A reader that went away (`EPIPE`, e.g. `| head`) ends the output quietly;
/// any other failure (a full disk, an I/O error) is an `OutputError` naming it, so the command
/// exits non-zero with a message instead of losing output silently. `SIGPIPE` must be ignored.
public final class StdoutWriter: Sendable {
  /// Why output stopped.
  public struct OutputError: Error, CustomStringConvertible, Sendable {
    /// Whether the reader closed the pipe: not a failure, the output is simply no longer wanted.
    public let isClosedPipe: Bool
    /// What failed, for the user.
    public let description: String
  }

  private let descriptor: Int32
  private let lock = Lock()

  /// Makes a writer to `descriptor`.
  public init(descriptor: Int32 = STDOUT_FILENO) {
    self.descriptor = descriptor
  }

  /// Writes all of `bytes`, retrying partial writes and interruptions.
  ///
  /// - Throws: `OutputError` when the descriptor cannot take them.
  public func write(_ bytes: [UInt8]) throws(OutputError) {
    guard !bytes.isEmpty else { return }
    let failure = lock.withLock { () -> Int32? in
      bytes.withUnsafeBytes { buffer -> Int32? in
        var offset = 0
        while offset < buffer.count {
          let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
          if written < 0 {
            if errno == EINTR { continue }
            return errno
          }
          if written == 0 { return EIO }
          offset += written
        }
        return nil
      }
    }
    guard let failure else { return }
    throw OutputError(
      isClosedPipe: failure == EPIPE,
      description: "Writing to standard output failed: \(String(cString: strerror(failure))).")
  }
}
