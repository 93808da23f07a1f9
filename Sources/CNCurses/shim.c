// One-line forwards for the macros and globals declared in CNCurses.h.
#include "CNCurses.h"

void CNCurses_setlocale_all(void) { setlocale(LC_ALL, ""); }
SCREEN *CNCurses_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }
WINDOW *CNCurses_stdscr(void) { return stdscr; }
int CNCurses_COLORS(void) { return COLORS; }
int CNCurses_COLOR_PAIRS(void) { return COLOR_PAIRS; }
int CNCurses_getmaxy(WINDOW *win) { return getmaxy(win); }
int CNCurses_getmaxx(WINDOW *win) { return getmaxx(win); }
char *CNCurses_tigetstr(const char *name) { return tigetstr((NCURSES_CONST char *)name); }

attr_t CNCurses_A_NORMAL(void) { return A_NORMAL; }
attr_t CNCurses_A_BOLD(void) { return A_BOLD; }
attr_t CNCurses_A_DIM(void) { return A_DIM; }
attr_t CNCurses_A_REVERSE(void) { return A_REVERSE; }
attr_t CNCurses_A_UNDERLINE(void) { return A_UNDERLINE; }
attr_t CNCurses_COLOR_PAIR(int n) { return COLOR_PAIR(n); }

int CNCurses_ERR(void) { return ERR; }
int CNCurses_OK(void) { return OK; }
int CNCurses_KEY_CODE_YES(void) { return KEY_CODE_YES; }
int CNCurses_KEY_UP(void) { return KEY_UP; }
int CNCurses_KEY_DOWN(void) { return KEY_DOWN; }
int CNCurses_KEY_LEFT(void) { return KEY_LEFT; }
int CNCurses_KEY_RIGHT(void) { return KEY_RIGHT; }
int CNCurses_KEY_HOME(void) { return KEY_HOME; }
int CNCurses_KEY_END(void) { return KEY_END; }
int CNCurses_KEY_NPAGE(void) { return KEY_NPAGE; }
int CNCurses_KEY_PPAGE(void) { return KEY_PPAGE; }
int CNCurses_KEY_ENTER(void) { return KEY_ENTER; }
int CNCurses_KEY_BACKSPACE(void) { return KEY_BACKSPACE; }
int CNCurses_KEY_DC(void) { return KEY_DC; }
int CNCurses_KEY_BTAB(void) { return KEY_BTAB; }
int CNCurses_KEY_RESIZE(void) { return KEY_RESIZE; }
int CNCurses_KEY_MOUSE(void) { return KEY_MOUSE; }
int CNCurses_KEY_F(int n) { return KEY_F(n); }

mmask_t CNCurses_BUTTON1_PRESSED(void) { return BUTTON1_PRESSED; }
mmask_t CNCurses_BUTTON1_CLICKED(void) { return BUTTON1_CLICKED; }
mmask_t CNCurses_BUTTON4_PRESSED(void) { return BUTTON4_PRESSED; }
mmask_t CNCurses_BUTTON5_PRESSED(void) { return BUTTON5_PRESSED; }
mmask_t CNCurses_mousemask(mmask_t mask) { return mousemask(mask, NULL); }
int CNCurses_getmouse(MEVENT *event) { return getmouse(event); }

int CNCurses_CCHARW_MAX(void) { return CCHARW_MAX; }
int CNCurses_setcchar(cchar_t *cell, const wchar_t *text, attr_t attributes, short pair) {
  return setcchar(cell, text, attributes, pair, NULL);
}
int CNCurses_mvwadd_wch(WINDOW *win, int y, int x, const cchar_t *cell) { return mvwadd_wch(win, y, x, cell); }
int CNCurses_wget_wch(WINDOW *win, wint_t *out) { return wget_wch(win, out); }
