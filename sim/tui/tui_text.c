/* tui_text.c — lists of lines (tui_text.h). */
#include "tui/tui_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/die.h"

static void add(struct tui_text *t, const char *s, size_t len)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->line = wl_realloc(t->line, t->cap * sizeof *t->line);
	}
	char *l = wl_calloc(len + 1, 1);
	memcpy(l, s, len);
	t->line[t->n++] = l;
}

void tui_text_addf(struct tui_text *t, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	add(t, buf, strlen(buf));
}

void tui_text_add_lines(struct tui_text *t, const char *s)
{
	while (s && *s) {
		size_t k = strcspn(s, "\n");
		add(t, s, k);
		s += k + (s[k] == '\n');
	}
}

void tui_text_free(struct tui_text *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->line[i]);
	free(t->line);
	t->line = NULL;
	t->n = t->cap = 0;
}
