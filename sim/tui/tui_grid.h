/* tui_grid.h — a screen as a grid of characters with a style each.
 *
 * The TUI composes its screen here and nowhere else (tui_view.c); the
 * curses layer copies the grid to the terminal, the headless mode and the
 * tests turn it into text.  No curses in here.
 *
 * A cell holds one Unicode code point; every character the TUI writes is
 * one column wide (ASCII, box-drawing, arrows), so cells and columns are
 * the same.  Text is given in UTF-8; a malformed byte shows as '?'.
 */
#ifndef WL_TUI_GRID_H
#define WL_TUI_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a cell means; the curses layer picks colours and attributes for
 * each (tui_curses.c), a monochrome terminal only bold and reverse. */
enum tui_style {
	TS_NORMAL = 0,
	TS_TITLE,       /* a pane's title */
	TS_FRAME,       /* box lines */
	TS_FOCUS,       /* the frame of the pane with the keyboard */
	TS_SELECT,      /* the selected line */
	TS_CURRENT,     /* entries of the step just taken */
	TS_TX, TS_RX, TS_DROP, TS_DECISION, TS_TABLE, TS_LOG, TS_FAIL,
	TS_STATUS,      /* the status line */
	TS_HINT,        /* the hint line */
	TS_FIELD,       /* a field name in the packet pane */
	TS_TAB,         /* an unselected tab */
	TS_TAB_ON,      /* the selected tab */
	TS_ACTIVE,      /* the link carrying the selected frame */
	TS__COUNT
};

struct tui_grid {
	int w, h;
	uint32_t *ch;
	uint8_t *style;
};

/* Line-drawing characters: Unicode box drawing or ASCII. */
struct tui_lines {
	uint32_t h, v, tl, tr, bl, br, tee_l, tee_r, tee_t, tee_b, cross, mark, arrow;
};
const struct tui_lines *tui_lines_get(bool unicode);

void tui_grid_init(struct tui_grid *g, int w, int h);
void tui_grid_free(struct tui_grid *g);
void tui_grid_clear(struct tui_grid *g);

void tui_grid_put(struct tui_grid *g, int x, int y, uint32_t ch, enum tui_style st);
/* Write UTF-8 text at (x, y), at most maxw cells (maxw < 0: to the right
 * edge); returns the cells written.  Control characters show as '?'. */
int tui_grid_text(struct tui_grid *g, int x, int y, int maxw, const char *s,
		  enum tui_style st);
/* Fill cells [x, x+n) of row y with ch. */
void tui_grid_fill(struct tui_grid *g, int x, int y, int n, uint32_t ch, enum tui_style st);
/* Restyle cells [x, x+n) of row y, keeping their characters. */
void tui_grid_style(struct tui_grid *g, int x, int y, int n, enum tui_style st);
/* A box with a title on its top line. */
void tui_grid_box(struct tui_grid *g, const struct tui_lines *ln, int x, int y, int w, int h,
		  const char *title, enum tui_style frame);

/* The grid as UTF-8 text, one line per row, trailing blanks removed,
 * '\n' after each row.  malloc'd. */
char *tui_grid_text_dump(const struct tui_grid *g);

/* Decode one UTF-8 character at *s, advancing it; '?' for a bad byte. */
uint32_t tui_utf8_next(const char **s);
/* Encode cp; returns the bytes written (1..4) into out[4]. */
int tui_utf8_put(uint32_t cp, char out[4]);

#endif
