// TerminalUI: a generic terminal toolkit. Cell grid (Screen), styles and
// colours, text width and sanitising, pure widgets, the double-buffered
// Terminal and its backends.
//
// May depend on: the Swift standard library; CNCurses only inside Curses/,
// through `internal import`, so no C type appears in the public API.
// Must not know about: Docker, dashboard state, keymaps or files on disk.
// Threading: Terminal and the backends belong to the one UI thread; the value
// types are Sendable.
