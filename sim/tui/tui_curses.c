/* tui_curses.c — the view on a terminal, through ncursesw (tui_curses.h).
 * Everything drawn is decided by tui_view.c; this file only copies. */
#define NCURSES_WIDECHAR 1
#include "tui/tui_curses.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/tui_grid.h"
#include "tui/tui_view.h"

/* Colour pair and attributes of each style; monochrome keeps the attributes. */
static const struct {
	short fg;
	attr_t attr;
} style_map[TS__COUNT] = {
	[TS_NORMAL] = { -1, A_NORMAL },
	[TS_TITLE] = { -1, A_BOLD },
	[TS_FRAME] = { COLOR_BLUE, A_NORMAL },
	[TS_FOCUS] = { COLOR_CYAN, A_BOLD },
	[TS_SELECT] = { -1, A_REVERSE },
	[TS_CURRENT] = { COLOR_YELLOW, A_BOLD },
	[TS_TX] = { COLOR_GREEN, A_NORMAL },
	[TS_RX] = { COLOR_CYAN, A_NORMAL },
	[TS_DROP] = { COLOR_RED, A_BOLD },
	[TS_DECISION] = { COLOR_MAGENTA, A_NORMAL },
	[TS_TABLE] = { COLOR_YELLOW, A_NORMAL },
	[TS_LOG] = { -1, A_NORMAL },
	[TS_FAIL] = { COLOR_RED, A_BOLD },
	[TS_STATUS] = { -1, A_REVERSE },
	[TS_HINT] = { -1, A_REVERSE },
	[TS_FIELD] = { COLOR_CYAN, A_NORMAL },
	[TS_TAB] = { -1, A_DIM },
	[TS_TAB_ON] = { -1, A_REVERSE | A_BOLD },
	[TS_ACTIVE] = { COLOR_YELLOW, A_BOLD | A_REVERSE },
};

static bool colour;

static void setup_colours(void)
{
	colour = has_colors() && !(getenv("NO_COLOR") && *getenv("NO_COLOR"));
	if (!colour)
		return;
	start_color();
	use_default_colors();
	for (int i = 0; i < TS__COUNT; i++)
		init_pair((short)(i + 1), style_map[i].fg, -1);
}

static void draw(const struct tui_grid *g)
{
	for (int y = 0; y < g->h && y < LINES; y++) {
		for (int x = 0; x < g->w && x < COLS; x++) {
			size_t i = (size_t)y * (size_t)g->w + (size_t)x;
			int st = g->style[i];
			attr_t a = style_map[st].attr;
			short pair = colour ? (short)(st + 1) : 0;
			if (!colour && (st == TS_DROP || st == TS_FAIL))
				a |= A_BOLD;
			wchar_t wc[2] = { (wchar_t)g->ch[i], 0 };
			cchar_t cc;
			setcchar(&cc, wc, a, pair, NULL);
			/* The bottom-right cell would scroll the screen. */
			if (y == LINES - 1 && x == COLS - 1)
				continue;
			mvadd_wch(y, x, &cc);
		}
	}
}

static int map_key(int ch)
{
	switch (ch) {
	case KEY_UP: return TK_UP;
	case KEY_DOWN: return TK_DOWN;
	case KEY_LEFT: return TK_LEFT;
	case KEY_RIGHT: return TK_RIGHT;
	case KEY_PPAGE: return TK_PGUP;
	case KEY_NPAGE: return TK_PGDN;
	case KEY_HOME: return TK_HOME;
	case KEY_END: return TK_END;
	case KEY_ENTER: case '\n': case '\r': return TK_ENTER;
	case '\t': return TK_TAB;
	case KEY_BTAB: return TK_BTAB;
	case KEY_BACKSPACE: case 127: case 8: return TK_BACKSPACE;
	case 27: return TK_ESC;
	default: return ch >= 0 && ch < 256 ? ch : -1;
	}
}

int tui_curses_run(struct tui_session *s, bool force_ascii, char *err, unsigned long errlen)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "tui needs a terminal (use --keys and --dump-screen to run it "
			 "without one)");
		return -1;
	}
	setlocale(LC_ALL, "");
	bool unicode = !force_ascii && strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	/* ESC alone is a key here: do not wait a second for a sequence. */
	if (!getenv("ESCDELAY"))
		setenv("ESCDELAY", "25", 1);
	if (!initscr()) {
		snprintf(err, errlen, "cannot start the terminal (TERM=%s)",
			 getenv("TERM") ? getenv("TERM") : "");
		return -1;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	setup_colours();
	struct tui_view *v = tui_view_new(s, COLS, LINES, unicode);
	struct tui_grid g = { 0 };
	bool dirty = true;
	while (!v->quit) {
		if (dirty) {
			tui_view_render(v, &g);
			erase();
			draw(&g);
			refresh();
			dirty = false;
		}
		timeout(v->running ? 100 : -1);
		int ch = getch();
		if (ch == ERR) {
			tui_view_tick(v);
			dirty = true;
			continue;
		}
		if (ch == KEY_RESIZE) {
			tui_view_resize(v, COLS, LINES);
			dirty = true;
			continue;
		}
		if (ch == KEY_MOUSE) {
			MEVENT me;
			if (getmouse(&me) == OK) {
				if (me.bstate & BUTTON4_PRESSED)
					tui_view_key(v, TK_UP);
				else if (me.bstate & BUTTON5_PRESSED)
					tui_view_key(v, TK_DOWN);
				else
					tui_view_click(v, me.x, me.y);
				dirty = true;
			}
			continue;
		}
		int k = map_key(ch);
		if (k >= 0) {
			tui_view_key(v, k);
			dirty = true;
		}
	}
	endwin();
	tui_grid_free(&g);
	tui_view_free(v);
	return 0;
}
