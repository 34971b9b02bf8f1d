/* tui_grid.c — the screen as a grid of cells (tui_grid.h). */
#include "tui/tui_grid.h"

#include <stdlib.h>
#include <string.h>

#include "util/die.h"

static const struct tui_lines lines_unicode = {
	.h = 0x2500, .v = 0x2502, .tl = 0x250c, .tr = 0x2510, .bl = 0x2514, .br = 0x2518,
	.tee_l = 0x251c, .tee_r = 0x2524, .tee_t = 0x252c, .tee_b = 0x2534, .cross = 0x253c,
	.mark = 0x25b6, .arrow = 0x2192,
};
static const struct tui_lines lines_ascii = {
	.h = '-', .v = '|', .tl = '+', .tr = '+', .bl = '+', .br = '+',
	.tee_l = '+', .tee_r = '+', .tee_t = '+', .tee_b = '+', .cross = '+',
	.mark = '>', .arrow = '>',
};

const struct tui_lines *tui_lines_get(bool unicode)
{
	return unicode ? &lines_unicode : &lines_ascii;
}

void tui_grid_init(struct tui_grid *g, int w, int h)
{
	WL_ASSERT(w > 0 && h > 0, "empty grid");
	g->w = w;
	g->h = h;
	g->ch = wl_calloc((size_t)w * (size_t)h, sizeof *g->ch);
	g->style = wl_calloc((size_t)w * (size_t)h, sizeof *g->style);
	tui_grid_clear(g);
}

void tui_grid_free(struct tui_grid *g)
{
	free(g->ch);
	free(g->style);
	g->ch = NULL;
	g->style = NULL;
}

void tui_grid_clear(struct tui_grid *g)
{
	for (size_t i = 0; i < (size_t)g->w * (size_t)g->h; i++) {
		g->ch[i] = ' ';
		g->style[i] = TS_NORMAL;
	}
}

void tui_grid_put(struct tui_grid *g, int x, int y, uint32_t ch, enum tui_style st)
{
	if (x < 0 || y < 0 || x >= g->w || y >= g->h)
		return;
	size_t i = (size_t)y * (size_t)g->w + (size_t)x;
	g->ch[i] = ch;
	g->style[i] = (uint8_t)st;
}

uint32_t tui_utf8_next(const char **sp)
{
	const unsigned char *s = (const unsigned char *)*sp;
	uint32_t c = s[0];
	int n = 0;
	if (c < 0x80) {
		*sp += 1;
		return c;
	}
	if ((c & 0xe0) == 0xc0) {
		n = 1;
		c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		n = 2;
		c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		n = 3;
		c &= 0x07;
	} else {
		*sp += 1;
		return '?';
	}
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*sp += i;
			return '?';
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*sp += n + 1;
	return c;
}

int tui_utf8_put(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

int tui_grid_text(struct tui_grid *g, int x, int y, int maxw, const char *s,
		  enum tui_style st)
{
	if (maxw < 0 || x + maxw > g->w)
		maxw = g->w - x;
	int n = 0;
	while (s && *s && n < maxw) {
		uint32_t c = tui_utf8_next(&s);
		if (c < 0x20 || c == 0x7f)
			c = c == '\t' ? ' ' : '?';
		tui_grid_put(g, x + n, y, c, st);
		n++;
	}
	return n;
}

void tui_grid_fill(struct tui_grid *g, int x, int y, int n, uint32_t ch, enum tui_style st)
{
	for (int i = 0; i < n; i++)
		tui_grid_put(g, x + i, y, ch, st);
}

void tui_grid_style(struct tui_grid *g, int x, int y, int n, enum tui_style st)
{
	for (int i = 0; i < n; i++)
		if (x + i >= 0 && x + i < g->w && y >= 0 && y < g->h)
			g->style[(size_t)y * (size_t)g->w + (size_t)(x + i)] = (uint8_t)st;
}

void tui_grid_box(struct tui_grid *g, const struct tui_lines *ln, int x, int y, int w, int h,
		  const char *title, enum tui_style frame)
{
	if (w < 2 || h < 2)
		return;
	tui_grid_put(g, x, y, ln->tl, frame);
	tui_grid_fill(g, x + 1, y, w - 2, ln->h, frame);
	tui_grid_put(g, x + w - 1, y, ln->tr, frame);
	for (int r = y + 1; r < y + h - 1; r++) {
		tui_grid_put(g, x, r, ln->v, frame);
		tui_grid_put(g, x + w - 1, r, ln->v, frame);
	}
	tui_grid_put(g, x, y + h - 1, ln->bl, frame);
	tui_grid_fill(g, x + 1, y + h - 1, w - 2, ln->h, frame);
	tui_grid_put(g, x + w - 1, y + h - 1, ln->br, frame);
	if (title && *title && w > 6) {
		tui_grid_put(g, x + 1, y, ' ', frame);
		int n = tui_grid_text(g, x + 2, y, w - 5, title,
				      frame == TS_FOCUS ? TS_FOCUS : TS_TITLE);
		tui_grid_put(g, x + 2 + n, y, ' ', frame);
	}
}

char *tui_grid_text_dump(const struct tui_grid *g)
{
	size_t cap = (size_t)g->h * ((size_t)g->w * 4 + 1) + 1;
	char *out = wl_calloc(cap, 1), *p = out;
	for (int y = 0; y < g->h; y++) {
		char *line = p;
		char *last = p;         /* just past the last non-blank */
		for (int x = 0; x < g->w; x++) {
			uint32_t c = g->ch[(size_t)y * (size_t)g->w + (size_t)x];
			p += tui_utf8_put(c, p);
			if (c != ' ')
				last = p;
		}
		(void)line;
		p = last;
		*p++ = '\n';
	}
	*p = '\0';
	return out;
}
