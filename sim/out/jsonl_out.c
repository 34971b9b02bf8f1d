/* jsonl_out.c — the JSON Lines event log (see jsonl_out.h).
 *
 * Each record is built in one growable line buffer and handed to stdio in
 * one fwrite(); numbers are formatted by hand because a large run writes
 * millions of lines.
 */
#include "out/jsonl_out.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/trace.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "util/die.h"
#include "wire/describe.h"

#define JSONL_BUF_SIZE (1u << 20)

struct jsonl_out {
	struct world *w;
	int handle;
	FILE *f;
	char *vbuf;             /* the stdio buffer, freed after fclose */
	char *path;
	uint64_t records;
	char *line;             /* the line being built */
	size_t len, cap;
	int write_errno;        /* the first failed write's errno, or 0 */
};

/* ---- the line buffer ----------------------------------------------------- */

static void reserve(struct jsonl_out *jo, size_t more)
{
	if (jo->len + more <= jo->cap)
		return;
	size_t cap = jo->cap ? jo->cap : 1024;
	while (cap < jo->len + more)
		cap *= 2;
	jo->line = wl_realloc(jo->line, cap);
	jo->cap = cap;
}

static void put_mem(struct jsonl_out *jo, const char *s, size_t n)
{
	reserve(jo, n);
	memcpy(jo->line + jo->len, s, n);
	jo->len += n;
}

#define PUT_LIT(jo, lit) put_mem((jo), (lit), sizeof(lit) - 1)

static void put_u64(struct jsonl_out *jo, uint64_t v)
{
	char tmp[20];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	reserve(jo, n);
	while (n)
		jo->line[jo->len++] = tmp[--n];
}

static void put_i64(struct jsonl_out *jo, int64_t v)
{
	if (v < 0) {
		PUT_LIT(jo, "-");
		put_u64(jo, (uint64_t)0 - (uint64_t)v);
	} else {
		put_u64(jo, (uint64_t)v);
	}
}

/* "S.NNNNNNNNN": seconds and nine digits of nanoseconds. */
static void put_seconds(struct jsonl_out *jo, int64_t t_ns)
{
	uint64_t a = t_ns < 0 ? (uint64_t)0 - (uint64_t)t_ns : (uint64_t)t_ns;
	PUT_LIT(jo, "\"");
	if (t_ns < 0)
		PUT_LIT(jo, "-");
	put_u64(jo, a / (uint64_t)NS_PER_S);
	uint64_t frac = a % (uint64_t)NS_PER_S;
	reserve(jo, 10);
	jo->line[jo->len++] = '.';
	for (int i = 8; i >= 0; i--) {
		jo->line[jo->len + (size_t)i] = (char)('0' + frac % 10);
		frac /= 10;
	}
	jo->len += 9;
	PUT_LIT(jo, "\"");
}

/* Length of the valid UTF-8 sequence at s (RFC 3629 section 4), or 0. */
static size_t utf8_seq(const unsigned char *s)
{
	unsigned char c = s[0];
	/* The bounds of the second byte for each lead byte; the others are
	 * plain continuation bytes 80..BF.  A NUL ends the string and fails
	 * every range, so nothing is read past it. */
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;              /* no overlong forms */
		else if (c == 0xed)
			hi = 0x9f;              /* no surrogates D800..DFFF */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;              /* no overlong forms */
		else if (c == 0xf4)
			hi = 0x8f;              /* nothing above U+10FFFF */
	} else {
		return 0;
	}
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/* A JSON string (RFC 8259 section 7), quotes included. */
static void put_str(struct jsonl_out *jo, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	PUT_LIT(jo, "\"");
	while (*s) {
		/* A run of bytes that need nothing. */
		const unsigned char *run = s;
		while (*s >= 0x20 && *s < 0x7f && *s != '"' && *s != '\\')
			s++;
		if (s > run)
			put_mem(jo, (const char *)run, (size_t)(s - run));
		if (!*s)
			break;
		unsigned char c = *s;
		size_t n;
		if (c == '"' || c == '\\') {
			char esc[2] = { '\\', (char)c };
			put_mem(jo, esc, 2);
			s++;
		} else if (c >= 0x80 && (n = utf8_seq(s)) != 0) {
			put_mem(jo, (const char *)s, n);
			s += n;
		} else {
			/* a control character, or a byte that is not UTF-8 */
			char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			put_mem(jo, esc, 6);
			s++;
		}
	}
	PUT_LIT(jo, "\"");
}

static void put_summary(struct jsonl_out *jo, const struct trace_rec *r)
{
	char buf[512];
	int at_ip = r->layer == TL_IP;
	size_t n = wire_describe(r->bytes, r->len, at_ip, buf, sizeof buf);
	PUT_LIT(jo, ",\"summary\":");
	if (n < sizeof buf) {
		put_str(jo, buf);
		return;
	}
	char *big = wl_calloc(1, n + 1);
	wire_describe(r->bytes, r->len, at_ip, big, n + 1);
	put_str(jo, big);
	free(big);
}

/* ---- the trace subscriber ------------------------------------------------ */

static void on_trace(void *ctx, const struct trace_rec *r)
{
	struct jsonl_out *jo = ctx;
	jo->len = 0;
	PUT_LIT(jo, "{\"t_ns\":");
	put_i64(jo, r->t_ns);
	PUT_LIT(jo, ",\"t\":");
	put_seconds(jo, r->t_ns);
	PUT_LIT(jo, ",\"kind\":");
	put_str(jo, trace_kind_word(r->kind));
	PUT_LIT(jo, ",\"node\":");
	put_str(jo, r->node ? r->node->name : "");
	if (r->dev) {
		PUT_LIT(jo, ",\"dev\":");
		put_str(jo, r->dev->name);
	}
	if (r->pkt_id) {
		PUT_LIT(jo, ",\"pkt\":");
		put_u64(jo, r->pkt_id);
	}
	if (r->bytes) {
		PUT_LIT(jo, ",\"len\":");
		put_u64(jo, r->len);
		if (r->layer == TL_ETH || r->layer == TL_IP)
			put_summary(jo, r);
	}
	if (r->kind == TR_DROP) {
		PUT_LIT(jo, ",\"reason\":");
		put_str(jo, drop_reason_word(r->reason));
	}
	if (r->table) {
		PUT_LIT(jo, ",\"table\":");
		put_str(jo, r->table);
	}
	if (r->what && r->kind != TR_DROP) {
		PUT_LIT(jo, ",\"what\":");
		put_str(jo, r->what);
	}
	if (r->text) {
		PUT_LIT(jo, ",\"text\":");
		put_str(jo, r->text);
	}
	PUT_LIT(jo, "}\n");
	if (fwrite(jo->line, 1, jo->len, jo->f) != jo->len && !jo->write_errno)
		jo->write_errno = errno ? errno : EIO;
	jo->records++;
}

/* ---- API ----------------------------------------------------------------- */

static void set_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

struct jsonl_out *jsonl_out_open(struct world *w, const char *path, uint32_t kinds_mask,
				 char *err, size_t errlen)
{
	kinds_mask &= TR_MASK_ALL;
	if (!kinds_mask)
		kinds_mask = TR_MASK_ALL;
	FILE *f = fopen(path, "wbe");
	if (!f) {
		set_err(err, errlen, "event log: cannot create %s: %s", path, strerror(errno));
		return NULL;
	}
	struct jsonl_out *jo = wl_calloc(1, sizeof *jo);
	jo->w = w;
	jo->f = f;
	jo->vbuf = wl_calloc(1, JSONL_BUF_SIZE);
	setvbuf(f, jo->vbuf, _IOFBF, JSONL_BUF_SIZE);
	size_t pl = strlen(path);
	jo->path = wl_calloc(1, pl + 1);
	memcpy(jo->path, path, pl + 1);
	jo->handle = trace_subscribe(w, kinds_mask, on_trace, jo);
	if (jo->handle < 0) {
		set_err(err, errlen, "event log: no free trace subscription (at most %d)",
			TRACE_MAX_SINKS);
		fclose(f);
		free(jo->vbuf);
		free(jo->path);
		free(jo);
		return NULL;
	}
	return jo;
}

int jsonl_out_close(struct jsonl_out *jo, char *err, size_t errlen)
{
	trace_unsubscribe(jo->w, jo->handle);
	int e = jo->write_errno;
	if (fflush(jo->f) != 0 && !e)
		e = errno ? errno : EIO;
	if (ferror(jo->f) && !e)
		e = EIO;
	if (fclose(jo->f) != 0 && !e)
		e = errno ? errno : EIO;
	int rc = 0;
	if (e) {
		set_err(err, errlen, "event log: error writing %s: %s", jo->path, strerror(e));
		rc = -1;
	}
	free(jo->vbuf);
	free(jo->path);
	free(jo->line);
	free(jo);
	return rc;
}

uint64_t jsonl_out_records(const struct jsonl_out *jo)
{
	return jo->records;
}
