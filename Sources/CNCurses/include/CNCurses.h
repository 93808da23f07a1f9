// Typed, one-to-one access to ncursesw for TerminalUI's Curses backend.
// Declarations and one-line forwards only: every decision lives in Swift (TerminalUI/Curses).
// Macros become functions and mutable globals become accessors, because Swift imports neither
// (and Swift 6 rejects unsynchronised access to C globals such as COLORS and stdscr).
#ifndef CNCURSES_H
#define CNCURSES_H

// SwiftPM ignores pkg-config -D flags, so enable the wide-character API here, before curses.h.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <curses.h>

// MARK: Screen setup and globals

/// `setlocale(LC_ALL, "")`, needed before `newterm` for wide characters.
void CNCurses_setlocale_all(void);
/// `newterm(NULL, stdout, stdin)`; NULL on failure (unlike `initscr`, it does not exit).
SCREEN *CNCurses_newterm_stdio(void);
/// The `stdscr` global.
WINDOW *CNCurses_stdscr(void);
/// The `COLORS` global (0 before `start_color`).
int CNCurses_COLORS(void);
/// The `COLOR_PAIRS` global (0 before `start_color`).
int CNCurses_COLOR_PAIRS(void);
/// `getmaxy(win)`: the window's row count.
int CNCurses_getmaxy(WINDOW *win);
/// `getmaxx(win)`: the window's column count.
int CNCurses_getmaxx(WINDOW *win);
/// `tigetstr(name)`: a terminfo string of the current terminal; NULL if absent, (char *)-1 if
/// `name` is not a string capability.
char *CNCurses_tigetstr(const char *name);

// MARK: Attributes and colours

/// `A_NORMAL`.
attr_t CNCurses_A_NORMAL(void);
/// `A_BOLD`.
attr_t CNCurses_A_BOLD(void);
/// `A_DIM`.
attr_t CNCurses_A_DIM(void);
/// `A_REVERSE`.
attr_t CNCurses_A_REVERSE(void);
/// `A_UNDERLINE`.
attr_t CNCurses_A_UNDERLINE(void);
/// `COLOR_PAIR(n)`.
attr_t CNCurses_COLOR_PAIR(int n);

// MARK: Key codes

/// `ERR`.
int CNCurses_ERR(void);
/// `OK`.
int CNCurses_OK(void);
/// `KEY_CODE_YES`: `wget_wch`'s result for a function key.
int CNCurses_KEY_CODE_YES(void);
/// `KEY_UP`.
int CNCurses_KEY_UP(void);
/// `KEY_DOWN`.
int CNCurses_KEY_DOWN(void);
/// `KEY_LEFT`.
int CNCurses_KEY_LEFT(void);
/// `KEY_RIGHT`.
int CNCurses_KEY_RIGHT(void);
/// `KEY_HOME`.
int CNCurses_KEY_HOME(void);
/// `KEY_END`.
int CNCurses_KEY_END(void);
/// `KEY_NPAGE` (page down).
int CNCurses_KEY_NPAGE(void);
/// `KEY_PPAGE` (page up).
int CNCurses_KEY_PPAGE(void);
/// `KEY_ENTER`.
int CNCurses_KEY_ENTER(void);
/// `KEY_BACKSPACE`.
int CNCurses_KEY_BACKSPACE(void);
/// `KEY_DC` (delete).
int CNCurses_KEY_DC(void);
/// `KEY_BTAB` (shift+tab).
int CNCurses_KEY_BTAB(void);
/// `KEY_RESIZE`.
int CNCurses_KEY_RESIZE(void);
/// `KEY_MOUSE`.
int CNCurses_KEY_MOUSE(void);
/// `KEY_F(n)`.
int CNCurses_KEY_F(int n);

// MARK: Mouse

/// `BUTTON1_PRESSED`.
mmask_t CNCurses_BUTTON1_PRESSED(void);
/// `BUTTON1_CLICKED`.
mmask_t CNCurses_BUTTON1_CLICKED(void);
/// `BUTTON4_PRESSED` (wheel up).
mmask_t CNCurses_BUTTON4_PRESSED(void);
/// `BUTTON5_PRESSED` (wheel down).
mmask_t CNCurses_BUTTON5_PRESSED(void);
/// `mousemask(mask, NULL)`; returns the mask actually enabled.
mmask_t CNCurses_mousemask(mmask_t mask);
/// `getmouse(event)`; `OK` or `ERR`.
int CNCurses_getmouse(MEVENT *event);

// MARK: Wide characters

/// `CCHARW_MAX`: how many wide characters one cell holds.
int CNCurses_CCHARW_MAX(void);
/// `setcchar(cell, text, attributes, pair, NULL)`; `text` is NUL-terminated.
int CNCurses_setcchar(cchar_t *cell, const wchar_t *text, attr_t attributes, short pair);
/// `mvwadd_wch(win, y, x, cell)`.
int CNCurses_mvwadd_wch(WINDOW *win, int y, int x, const cchar_t *cell);
/// `wget_wch(win, out)`: `OK`, `KEY_CODE_YES` or `ERR`.
int CNCurses_wget_wch(WINDOW *win, wint_t *out);

#endif
