/* tui_text.h — a list of lines, what the panes of the TUI are made of. */
#ifndef WL_TUI_TEXT_H
#define WL_TUI_TEXT_H

#include <stddef.h>

struct tui_text {
	char **line;
	size_t n, cap;
};

void tui_text_addf(struct tui_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Each '\n'-separated line of s (a trailing '\n' makes no empty line). */
void tui_text_add_lines(struct tui_text *t, const char *s);
void tui_text_free(struct tui_text *t);

#endif
