/* tui_curses.h — the TUI on a terminal: the one file that uses curses.
 *
 * It turns terminal keys into the view's key codes, runs the view's clock
 * (ten ticks a second while running), follows resizes, and copies the
 * view's grid to the screen with colours (none when the terminal has none
 * or NO_COLOR is set: https://no-color.org) and Unicode lines when the
 * locale is UTF-8 (ASCII otherwise, or with force_ascii).
 */
#ifndef WL_TUI_CURSES_H
#define WL_TUI_CURSES_H

#include <stdbool.h>

struct tui_session;

/* Run until q.  0, or -1 with a message in err (no terminal). */
int tui_curses_run(struct tui_session *s, bool force_ascii, char *err, unsigned long errlen);

#endif
