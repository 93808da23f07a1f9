// TerminalUI: a generic terminal toolkit — cell grid (Screen), styles and colours, text width
// and sanitising, pure widgets, the double-buffered Terminal, and its backends.
//
// May depend on: the Swift standard library; CNCurses, but only inside Curses/ (imported with
// `internal import`, so no C type appears in the public API).
// Must not depend on or know about: Docker, Dashboard state, keymaps or files on disk.
// Threading: Terminal and backends belong to the one UI thread; value types are Sendable.
