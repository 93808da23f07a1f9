// Where the headless commands' bytes leave Berth: stdout (checked) and stderr (sanitised).
import DockerEngine
import Glibc
import TerminalUI

/// Writing a headless command's output to stdout, with errors reported rather than ignored.
///
/// A reader that goes away (`berth snapshot | head -c1`) is not a failure: the write throws
/// `.closed` and the command ends quietly with status 0. Any other error (`> /dev/full`, a full
/// disk, an I/O error) throws `.failed` and the command exits 1 with the message on stderr.
public enum StandardOutput {
  /// Why stdout did not take the output.
  public enum WriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reader went away (EPIPE).
    case closed
    /// Any other error, with its `errno`.
    case failed(errno: Int32)

    /// `cannot write to standard output: No space left on device`.
    public var description: String {
      switch self {
      case .closed: "standard output was closed"
      case .failed(let code): "cannot write to standard output: " + String(cString: strerror(code))
      }
    }
  }

  /// Ignores SIGPIPE for the whole process, so a closed pipe shows as `WriteError.closed` instead
  /// of killing Berth (call once, before the first write).
  public static func ignoreBrokenPipe() {
    signal(SIGPIPE, SIG_IGN)
  }

  /// Serialises writers: `berth logs -f` writes each replica's chunks from its own task, and a
  /// chunk must reach the pipe whole.
  private static let lock = Lock()

  /// Writes all of `bytes` to `descriptor` (stdout unless a test passes another) with the one
  /// write loop (`writeAll`, which retries short writes and EINTR); safe to call from any task.
  public static func write(_ bytes: some Collection<UInt8>, to descriptor: Int32 = STDOUT_FILENO) throws(WriteError) {
    let failure: Int32? = lock.withLock { writeAll(descriptor, bytes) ? nil : errno }
    switch failure {
    case nil: return
    case .some(EPIPE): throw .closed
    case let code?: throw .failed(errno: code)
    }
  }
}

/// Berth's messages on stderr: `berth: MESSAGE`, one line each.
public enum StandardError {
  /// The line printed for `message`: sanitised, since messages quote the engine (container names,
  /// engine errors), so none can drive the terminal; newlines inside are dropped.
  public static func line(_ message: String) -> String {
    "berth: " + TerminalText.sanitize(message) + "\n"
  }

  /// What a user can act on for `error`: a `DockerEngineError`'s message, else its description.
  public static func message(for error: any Error) -> String {
    (error as? DockerEngineError)?.message ?? "\(error)"
  }

  /// Writes `line(message)` to stderr (a failure to write it is ignored: there is nowhere left to say so).
  @Sendable public static func report(_ message: String) {
    _ = try? StandardOutput.write(line(message).utf8, to: STDERR_FILENO)
  }
}
