/* http.c — HTTP/1.1 heads as text (RFC 9112): nginx's request checks,
 * curl's response reading, chunked decoding, dates.  See http.h. */
#include "wire/http.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char wdays[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

void http_date(int64_t unix_s, char out[32])
{
	time_t t = (time_t)unix_s;
	struct tm tm;
	gmtime_r(&t, &tm);
	/* The fields are bounded for the compiler too (gmtime_r's ranges, a
	 * four-digit year), so it can see the text fits in 32 bytes. */
	snprintf(out, 32, "%s, %02u %s %04u %02u:%02u:%02u GMT", wdays[tm.tm_wday % 7],
		 (unsigned)tm.tm_mday % 100u, months[tm.tm_mon % 12],
		 (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)tm.tm_hour % 100u,
		 (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
}

void http_log_time(int64_t unix_s, char out[32])
{
	time_t t = (time_t)unix_s;
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, 32, "%02u/%s/%04u:%02u:%02u:%02u +0000", (unsigned)tm.tm_mday % 100u,
		 months[tm.tm_mon % 12], (unsigned)(tm.tm_year + 1900) % 10000u,
		 (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

bool http_str_eq(struct http_str s, const char *word)
{
	size_t n = strlen(word);
	if (s.len != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)s.p[i]) != lower((unsigned char)word[i]))
			return false;
	return true;
}

struct http_str http_header_get(const struct http_header *h, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (http_str_eq(h[i].name, name))
			return h[i].value;
	return (struct http_str){ NULL, 0 };
}

/* One line of buf starting at pos: its length without CR LF, and where the
 * next starts.  False when no LF has arrived yet. */
static bool next_line(const char *buf, size_t len, size_t pos, size_t *line_len, size_t *next)
{
	const char *nl = memchr(buf + pos, '\n', len - pos);
	if (!nl)
		return false;
	size_t n = (size_t)(nl - (buf + pos));
	*next = pos + n + 1;
	if (n > 0 && buf[pos + n - 1] == '\r')
		n--;
	*line_len = n;
	return true;
}

static struct http_str trim(const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return (struct http_str){ p, n };
}

/* The Connection header's tokens (RFC 9110 7.6.1), comma-separated. */
static void connection_tokens(struct http_str v, bool *close, bool *keep_alive)
{
	size_t i = 0;
	while (i < v.len) {
		size_t j = i;
		while (j < v.len && v.p[j] != ',')
			j++;
		struct http_str t = trim(v.p + i, j - i);
		if (http_str_eq(t, "close"))
			*close = true;
		else if (http_str_eq(t, "keep-alive"))
			*keep_alive = true;
		i = j + 1;
	}
}

static bool all_digits(struct http_str v, uint64_t *out)
{
	if (v.len == 0 || v.len > 18)
		return false;
	uint64_t n = 0;
	for (size_t i = 0; i < v.len; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return false;
		n = n * 10 + (uint64_t)(v.p[i] - '0');
	}
	*out = n;
	return true;
}

/* ngx_http_parse_request_line(), the parts a learner meets. */
static int parse_request_line(const char *s, size_t n, struct http_req *r)
{
	size_t i = 0;
	while (i < n && s[i] != ' ') {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || c == '_' || c == '-'))
			return 400;
		i++;
	}
	if (i == 0 || i == n)
		return 400;
	r->method = (struct http_str){ s, i };
	while (i < n && s[i] == ' ')
		i++;
	size_t t0 = i;
	while (i < n && s[i] != ' ') {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x21 || c == 0x7f)
			return 400;
		i++;
	}
	if (i == t0)
		return 400;
	struct http_str target = { s + t0, i - t0 };
	if (target.p[0] == '/') {
		r->target = target;
	} else {
		/* Absolute form (RFC 9112 3.2.2): scheme "://" authority path. */
		const char *sep = memchr(target.p, ':', target.len);
		if (!sep || (size_t)(sep - target.p) + 3 > target.len || sep[1] != '/' || sep[2] != '/')
			return 400;
		for (const char *c = target.p; c < sep; c++)
			if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')))
				return 400;
		const char *auth = sep + 3, *end = target.p + target.len;
		const char *slash = memchr(auth, '/', (size_t)(end - auth));
		if (!slash)
			return 400;
		if (slash > auth)
			r->host = (struct http_str){ auth, (size_t)(slash - auth) };
		r->target = (struct http_str){ slash, (size_t)(end - slash) };
	}
	const char *q = memchr(r->target.p, '?', r->target.len);
	r->path = (struct http_str){ r->target.p, q ? (size_t)(q - r->target.p) : r->target.len };
	while (i < n && s[i] == ' ')
		i++;
	/* No version: an HTTP/0.9 request, which wirelab does not model. */
	if (n - i < 8 || memcmp(s + i, "HTTP/", 5) != 0)
		return 400;
	i += 5;
	unsigned major = 0, minor = 0;
	size_t d = i;
	while (i < n && s[i] >= '0' && s[i] <= '9' && i - d < 3)
		major = major * 10 + (unsigned)(s[i++] - '0');
	if (i == d || i >= n || s[i] != '.')
		return 400;
	d = ++i;
	while (i < n && s[i] >= '0' && s[i] <= '9' && i - d < 3)
		minor = minor * 10 + (unsigned)(s[i++] - '0');
	if (i == d)
		return 400;
	while (i < n && s[i] == ' ')
		i++;
	if (i != n)
		return 400;
	if (major == 0)
		return 400;
	if (major > 1)
		return 505;     /* "HTTP Version Not Supported" */
	r->version = minor == 0 ? 10 : 11;
	return 0;
}

/* One header line (ngx_http_parse_header_line + ngx_http_process_request_headers). */
static int parse_header(const char *s, size_t n, struct http_req *r, bool *host_seen)
{
	if (s[0] == ' ' || s[0] == '\t')
		return 400;     /* obsolete line folding (RFC 9112 5.2) */
	const char *colon = memchr(s, ':', n);
	if (!colon || colon == s)
		return 400;
	for (const char *c = s; c < colon; c++)
		if ((unsigned char)*c <= 0x20 || *c == 0x7f)
			return 400;
	if (memchr(s, '\0', n))
		return 400;
	struct http_str name = { s, (size_t)(colon - s) };
	struct http_str value = trim(colon + 1, n - (size_t)(colon + 1 - s));
	if (r->n_headers < HTTP_MAX_HEADERS)
		r->headers[r->n_headers++] = (struct http_header){ name, value };
	if (http_str_eq(name, "host")) {
		if (*host_seen)
			return 400;     /* "client sent duplicate host header" */
		*host_seen = true;
		/* ngx_http_validate_host(): no '/', no "..", not empty. */
		if (value.len == 0 || memchr(value.p, '/', value.len))
			return 400;
		for (size_t i = 0; i + 1 < value.len; i++)
			if (value.p[i] == '.' && value.p[i + 1] == '.')
				return 400;
		if (!r->host.p)
			r->host = value;
	} else if (http_str_eq(name, "content-length")) {
		if (r->has_length || !all_digits(value, &r->content_length))
			return 400;
		r->has_length = true;
	} else if (http_str_eq(name, "transfer-encoding")) {
		if (!http_str_eq(value, "chunked"))
			return 501;
		r->chunked = true;
	} else if (http_str_eq(name, "connection")) {
		connection_tokens(value, &r->conn_close, &r->conn_keep_alive);
	} else if (http_str_eq(name, "user-agent")) {
		r->user_agent = value;
	} else if (http_str_eq(name, "referer")) {
		r->referer = value;
	}
	return 0;
}

int http_req_parse(const char *buf, size_t len, struct http_req *r)
{
	memset(r, 0, sizeof *r);
	size_t pos = 0;
	/* RFC 9112 2.2: ignore empty lines before the request line. */
	while (pos < len && (buf[pos] == '\r' || buf[pos] == '\n'))
		pos++;
	size_t n, next;
	if (!next_line(buf, len, pos, &n, &next)) {
		if (len - pos > HTTP_LINE_MAX)
			return 414;
		return 0;
	}
	r->line = (struct http_str){ buf + pos, n };
	if (n > HTTP_LINE_MAX)
		return 414;     /* "Request-URI Too Large" */
	int st = parse_request_line(buf + pos, n, r);
	if (st)
		return st;
	bool host_seen = false;
	pos = next;
	for (;;) {
		if (!next_line(buf, len, pos, &n, &next)) {
			if (len - pos > HTTP_LINE_MAX || len > HTTP_HEAD_MAX) {
				r->too_large = true;
				return 400;
			}
			return 0;
		}
		if (n > HTTP_LINE_MAX || next > HTTP_HEAD_MAX) {
			r->too_large = true;
			return 400;
		}
		if (n == 0)
			break;
		st = parse_header(buf + pos, n, r, &host_seen);
		if (st)
			return st;
		pos = next;
	}
	r->head_len = next;
	if (r->has_length && r->chunked)
		return 400;     /* both Content-Length and Transfer-Encoding */
	if (r->version == 11 && !host_seen && !r->host.p)
		return 400;     /* RFC 9112 3.2: "A client MUST send a Host header field" */
	return 1;
}

int http_resp_parse(const char *buf, size_t len, struct http_resp *r)
{
	memset(r, 0, sizeof *r);
	if (len >= 5 && memcmp(buf, "HTTP/", 5) != 0)
		return -1;
	if (len < 5)
		return memcmp(buf, "HTTP/", len) == 0 ? 0 : -1;
	size_t n, next;
	if (!next_line(buf, len, 0, &n, &next))
		return len > HTTP_HEAD_MAX ? -1 : 0;
	/* "HTTP/1.1 200 OK": version, three digits, optional reason. */
	if (n < 12 || buf[5] != '1' || buf[6] != '.' || buf[8] != ' ')
		return -1;
	r->version = buf[7] == '0' ? 10 : 11;
	for (int i = 9; i < 12; i++)
		if (buf[i] < '0' || buf[i] > '9')
			return -1;
	r->status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
	if (n > 12 && buf[12] != ' ')
		return -1;
	r->reason = n > 13 ? (struct http_str){ buf + 13, n - 13 } : (struct http_str){ buf + n, 0 };
	r->status_line = (struct http_str){ buf, n };
	size_t pos = next;
	for (;;) {
		if (!next_line(buf, len, pos, &n, &next))
			return len > 4 * HTTP_HEAD_MAX ? -1 : 0;
		if (n == 0)
			break;
		const char *s = buf + pos;
		const char *colon = memchr(s, ':', n);
		if (colon && colon > s) {
			struct http_str name = { s, (size_t)(colon - s) };
			struct http_str value = trim(colon + 1, n - (size_t)(colon + 1 - s));
			if (r->n_headers < HTTP_MAX_HEADERS)
				r->headers[r->n_headers++] = (struct http_header){ name, value };
			uint64_t v;
			if (http_str_eq(name, "content-length") && all_digits(value, &v)) {
				r->has_length = true;
				r->content_length = v;
			} else if (http_str_eq(name, "transfer-encoding")) {
				struct http_str t = value;
				if (t.len >= 7 && http_str_eq((struct http_str){ t.p + t.len - 7, 7 }, "chunked"))
					r->chunked = true;
			} else if (http_str_eq(name, "connection")) {
				connection_tokens(value, &r->conn_close, &r->conn_keep_alive);
			} else if (http_str_eq(name, "content-type")) {
				r->content_type = value;
			}
		}
		pos = next;
	}
	r->head_len = next;
	return 1;
}

enum { CH_SIZE, CH_EXT, CH_DATA, CH_DATA_END, CH_DATA_LF, CH_TRAILER, CH_TRAILER_LINE,
       CH_LAST_LF, CH_DONE };

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long http_chunked_feed(struct http_chunked *c, const char *in, size_t len, char *out, size_t cap,
		       size_t *out_len, bool *done)
{
	size_t i = 0;
	*done = c->state == CH_DONE;
	while (i < len && c->state != CH_DONE) {
		char ch = in[i];
		switch (c->state) {
		case CH_SIZE: {
			int v = hexval(ch);
			if (v >= 0) {
				if (++c->digits > 15)
					return -1;
				c->left = c->left * 16 + (uint64_t)v;
				i++;
				break;
			}
			if (c->digits == 0)
				return -1;
			if (ch == ';' || ch == ' ' || ch == '\t' || ch == '\r') {
				c->state = CH_EXT;
				i++;
				break;
			}
			if (ch != '\n')
				return -1;
			i++;
			c->state = c->left ? CH_DATA : CH_TRAILER;
			break;
		}
		case CH_EXT:
			if (ch == '\n')
				c->state = c->left ? CH_DATA : CH_TRAILER;
			i++;
			break;
		case CH_DATA: {
			size_t k = len - i;
			if (k > c->left)
				k = (size_t)c->left;
			if (k > cap - *out_len)
				k = cap - *out_len;
			if (k == 0)
				return (long)i;         /* the caller's buffer is full */
			memcpy(out + *out_len, in + i, k);
			*out_len += k;
			c->left -= k;
			i += k;
			if (c->left == 0)
				c->state = CH_DATA_END;
			break;
		}
		case CH_DATA_END:
			if (ch == '\r')
				c->state = CH_DATA_LF;
			else if (ch == '\n')
				c->state = CH_SIZE;
			else
				return -1;
			c->digits = 0;
			i++;
			break;
		case CH_DATA_LF:
			if (ch != '\n')
				return -1;
			c->state = CH_SIZE;
			i++;
			break;
		case CH_TRAILER:
			if (ch == '\r')
				c->state = CH_LAST_LF;
			else if (ch == '\n')
				c->state = CH_DONE;
			else
				c->state = CH_TRAILER_LINE;
			i++;
			break;
		case CH_TRAILER_LINE:
			if (ch == '\n')
				c->state = CH_TRAILER;
			i++;
			break;
		case CH_LAST_LF:
			if (ch != '\n')
				return -1;
			c->state = CH_DONE;
			i++;
			break;
		default:
			return -1;
		}
	}
	*done = c->state == CH_DONE;
	return (long)i;
}
