/* tui_view.h — the TUI's screen as a model: panes, selection, keys.
 *
 * Everything a learner sees is decided here and drawn into a text grid
 * (tui_grid.h); there is no curses in it, so that the tests can press keys
 * and read the screen.  The curses layer (tui_curses.c) only turns terminal
 * keys into the codes below, calls tui_view_tick() while running, and copies
 * the grid to the terminal.
 *
 * The screen, top to bottom:
 *   status line   scenario, simulated time, event number, step, paused or
 *                 running, speed, the scenario's state
 *   event list    one line per trace record: event number, time, node,
 *                 device, direction, tcpdump's one-liner (drops with their
 *                 reason; decisions, table changes, output as lines of
 *                 their own); the step just taken is marked
 *   packet pane   the selected entry's packet, layer by layer with
 *                 Wireshark's field names, then its bytes in hex
 *   node pane     the selected node's tables as its own commands print
 *                 them, one tab each: addr, route, neigh, fdb, sysctl,
 *                 ipt (iptables -L -n -v of each table in use), ct
 *                 (conntrack -L), and topo when the screen is too narrow
 *                 for its pane
 *   topology      nodes and links, the link carrying the selected frame
 *                 marked (its own pane from 120 columns)
 *   hint line     the main keys, or the prompt being typed, or a message
 * `?` shows the help screen over it all.
 */
#ifndef WL_TUI_VIEW_H
#define WL_TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui/tui_grid.h"

struct tui_session;

/* Keys beyond plain characters (which are their own code, < 256). */
enum {
	TK_UP = 0x1000, TK_DOWN, TK_LEFT, TK_RIGHT, TK_PGUP, TK_PGDN, TK_HOME, TK_END,
	TK_ENTER, TK_TAB, TK_BTAB, TK_BACKSPACE, TK_ESC,
};

enum tui_pane { TP_EVENTS = 0, TP_PACKET, TP_NODE, TP_TOPO, TP__COUNT };
/* Keys 1-8 choose them in this order; TT_TOPO is last as it is a tab only
 * when the screen is too narrow for the topology pane. */
enum tui_tab {
	TT_ADDR = 0, TT_ROUTE, TT_NEIGH, TT_FDB, TT_SYSCTL, TT_IPT, TT_CT, TT_TOPO, TT__COUNT
};
enum tui_prompt { TPR_NONE = 0, TPR_CMD, TPR_GOTO, TPR_FILTER, TPR_SAVE };

struct tui_view {
	struct tui_session *s;
	int w, h;
	bool unicode;
	enum tui_pane focus;
	size_t sel;                     /* selected entry; SIZE_MAX: none */
	size_t list_top;                /* first shown row of the (filtered) list */
	bool to_end;                    /* a step was taken: show the newest entries */
	int pkt_scroll, node_scroll, topo_scroll;
	enum tui_tab tab;
	char node[32];                  /* the node of the node pane */
	bool help;
	enum tui_prompt prompt;
	char input[256];
	char filter[256];               /* "" shows everything */
	bool running;
	int speed;                      /* index into the speed table */
	double acc;                     /* steps owed by tick() */
	char msg[1200];                 /* shown in the hint line until the next key */
	bool quit;
	char save_default[300];
};

struct tui_view *tui_view_new(struct tui_session *s, int w, int h, bool unicode);
void tui_view_free(struct tui_view *v);
void tui_view_resize(struct tui_view *v, int w, int h);

/* One key.  Sets v->quit on q. */
void tui_view_key(struct tui_view *v, int key);
/* A mouse click at column x, row y (0-based): a line of the event list is
 * selected, a pane gets the keyboard, a tab of the node pane is chosen. */
void tui_view_click(struct tui_view *v, int x, int y);
/* Called ten times a second while v->running: steps as the speed says;
 * stops running at the end of the run. */
void tui_view_tick(struct tui_view *v);
/* Steps per second at the current speed. */
int tui_view_speed(const struct tui_view *v);

/* Compose the screen into g (made or remade at v->w x v->h). */
void tui_view_render(struct tui_view *v, struct tui_grid *g);

/* A key script as the headless mode takes it: words separated by spaces,
 * each a key name (space enter tab btab esc bs up down left right pgup
 * pgdn home end), a single character, or a "quoted string" typed
 * character by character.  Fills keys (at most max); returns the count,
 * or -1 with a message in err. */
int tui_keys_parse(const char *script, int *keys, int max, char *err, size_t errlen);

#endif
