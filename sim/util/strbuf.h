/* strbuf.h — a growable NUL-terminated text buffer (command output). */
#ifndef WL_STRBUF_H
#define WL_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *s;        /* always NUL-terminated once anything was added; NULL before */
	size_t len, cap;
};

void sb_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_append(struct strbuf *b, const char *data, size_t len);
void sb_puts(struct strbuf *b, const char *s);
/* The text so far ("" when empty). */
const char *sb_str(const struct strbuf *b);
void sb_reset(struct strbuf *b);
void sb_free(struct strbuf *b);

#endif
