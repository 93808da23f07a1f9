import DockerEngine
import FoundationEssentials
import Glibc

/// Events posted from any thread to the UI loop, which sleeps in `poll` until one arrives.
///
/// A self-pipe wakes the loop; consecutive snapshots are coalesced (only the newest is kept),
/// so a burst of engine events costs one redraw.
final class Mailbox: @unchecked Sendable {
  private let lock = Lock()
  private var events: [AppEvent] = []
  private var pendingSnapshot: AppEvent?
  /// Read end (polled by the loop) and write end of the wake-up pipe.
  let readDescriptor: Int32
  let writeDescriptor: Int32

  init() {
    var fds: [Int32] = [0, 0]
    if pipe(&fds) != 0 { fds = [-1, -1] }
    readDescriptor = fds[0]
    writeDescriptor = fds[1]
    for fd in fds where fd >= 0 {
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }
  }

  deinit {
    close(readDescriptor)
    close(writeDescriptor)
  }

  /// Queues an event and wakes the loop.
  func post(_ event: AppEvent) {
    lock.withLock {
      if case .snapshot = event { pendingSnapshot = event } else { events.append(event) }
    }
    wake()
  }

  /// Wakes the loop without an event (e.g. after a signal).
  func wake() {
    var byte: UInt8 = 1
    _ = write(writeDescriptor, &byte, 1)
  }

  /// Takes every queued event, the newest snapshot first.
  func drain() -> [AppEvent] {
    var buffer = [UInt8](repeating: 0, count: 256)
    while read(readDescriptor, &buffer, buffer.count) > 0 {}
    return lock.withLock {
      defer {
        events.removeAll(keepingCapacity: true)
        pendingSnapshot = nil
      }
      return (pendingSnapshot.map { [$0] } ?? []) + events
    }
  }
}
