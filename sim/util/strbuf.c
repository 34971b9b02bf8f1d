/* strbuf.c — growable text. */
#include "util/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/die.h"

static void reserve(struct strbuf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + more + 1)
		cap *= 2;
	b->s = wl_realloc(b->s, cap);
	b->cap = cap;
}

void sb_append(struct strbuf *b, const char *data, size_t len)
{
	reserve(b, len);
	memcpy(b->s + b->len, data, len);
	b->len += len;
	b->s[b->len] = '\0';
}

void sb_puts(struct strbuf *b, const char *s)
{
	sb_append(b, s, strlen(s));
}

void sb_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int k = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (k > 0) {
		reserve(b, (size_t)k);
		vsnprintf(b->s + b->len, (size_t)k + 1, fmt, ap);
		b->len += (size_t)k;
	}
	va_end(ap);
}

const char *sb_str(const struct strbuf *b)
{
	return b->s ? b->s : "";
}

void sb_reset(struct strbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void sb_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
