// berth-trap-probe: a test-only program (not a product, never shipped). It takes the terminal the
// way the dashboard does (curses, the emergency restore armed, the signal handlers installed),
// says so, and on `t` hits a real Swift runtime trap (an index out of range), so the end-to-end
// tests (Tests/e2e/signals.sh) see what a trap leaves of the terminal, not a `kill -ILL`.
@testable import BerthApp
import TerminalUI

#if canImport(Glibc)
  import Glibc
#endif

let backend: CursesBackend
do {
  backend = try CursesBackend(enablesMouse: true)
} catch {
  print("berth-trap-probe: \(error)")
  exit(2)
}
EmergencyRestore.arm(backend.restoration)
Signals.install(wakeDescriptor: -1)
var terminal = Terminal(backend: backend)
terminal.draw { screen in screen.put("TRAP-PROBE-READY: t traps", x: 0, y: 0, style: .plain) }
while true {
  guard case .key(.character("t"))? = terminal.readEvent(timeout: nil) else { continue }
  let empty: [Int] = []
  print(empty[Int(getpid() & 0) + 1])  // Fatal error: Index out of range
}
