/* http.h — HTTP/1.1 message heads (RFC 9112), as text: parsing a request
 * the way nginx 1.22 does, parsing a response head the way curl does, and
 * the two date formats HTTP servers print.
 *
 * Everything here reads bytes that came off the network, so every limit is
 * checked and nothing is trusted: a parser answers "complete", "need more"
 * or "bad" (with the status nginx answers), never crashes, never reads past
 * the length it was given.  Parsed fields point into the caller's buffer
 * (no copies): they are valid while it is.
 *
 * What nginx checks, and what is left out (docs/http.md has the table):
 * the request line (method of capitals, '_' and '-'; target in origin form
 * "/..." or absolute form "http://host/..."; HTTP/1.x, and 505 for a higher
 * major version), header lines "Name: value" (a line with no colon or a
 * name with a blank in it is 400), duplicate Host or Content-Length (400),
 * a Content-Length that is not a number (400), both Content-Length and
 * Transfer-Encoding (400), a Transfer-Encoding other than chunked (501),
 * HTTP/1.1 without Host (400).  Limits are nginx's defaults: a request
 * line longer than 8 KiB is 414, a header line longer than 8 KiB or a head
 * longer than 32 KiB is 400 "Request Header Or Cookie Too Large"
 * (large_client_header_buffers 4 8k).  Left out: HTTP/0.9 requests (a line
 * with no version is 400 here, nginx answers 0.9 style), obsolete line
 * folding (400), header names nginx ignores (underscores) are kept.
 */
#ifndef WL_WIRE_HTTP_H
#define WL_WIRE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_LINE_MAX 8192              /* large_client_header_buffers 4 8k */
#define HTTP_HEAD_MAX (4 * 8192)
#define HTTP_MAX_HEADERS 100

/* A piece of the caller's buffer. */
struct http_str {
	const char *p;
	size_t len;
};

struct http_header {
	struct http_str name, value;
};

struct http_req {
	struct http_str line;           /* the request line as received, for the log */
	struct http_str method, target; /* target: origin form ("/a?b"), fragment never sent */
	struct http_str path;           /* target up to '?' */
	int version;                    /* 10 or 11 (HTTP/1.0, HTTP/1.1; 1.x > 1 reads as 11) */
	struct http_header headers[HTTP_MAX_HEADERS];
	int n_headers;                  /* beyond HTTP_MAX_HEADERS they are checked, not kept */
	struct http_str host;           /* Host header (or the absolute target's host) */
	struct http_str user_agent, referer;
	bool has_length;
	uint64_t content_length;
	bool chunked;
	bool conn_close, conn_keep_alive;
	bool too_large;                 /* the 400 was "Request Header Or Cookie Too Large" */
	size_t head_len;                /* bytes of the head, blank line included */
};

/* Parse the request head at buf[0..len).  Returns 1 when complete (r->head_len
 * says where the body starts), 0 when more bytes are needed, or the status
 * to answer when the request is bad (400, 414, 501, 505); r->line is then
 * what nginx logs as the request (possibly empty). */
int http_req_parse(const char *buf, size_t len, struct http_req *r);

/* A response head, as a client reads it. */
struct http_resp {
	int version;                    /* 10 or 11 */
	int status;
	struct http_str reason;
	struct http_str status_line;    /* without CRLF */
	struct http_header headers[HTTP_MAX_HEADERS];
	int n_headers;
	bool has_length;
	uint64_t content_length;
	bool chunked;
	bool conn_close, conn_keep_alive;
	struct http_str content_type;
	size_t head_len;
};

/* 1 complete, 0 need more, -1 not an HTTP response ("weird server reply"). */
int http_resp_parse(const char *buf, size_t len, struct http_resp *r);

/* Decode chunked transfer coding incrementally.  Feed bytes; the decoded
 * data is appended to out (cap bytes at out, *out_len so far).  Returns
 * the number of input bytes consumed; *done once the last chunk and its
 * trailers are read; -1 on a malformed chunk. */
struct http_chunked {
	int state;
	uint64_t left;                  /* bytes left in the current chunk */
	int digits;
};
long http_chunked_feed(struct http_chunked *c, const char *in, size_t len, char *out, size_t cap,
		       size_t *out_len, bool *done);

/* RFC 9110 5.6.7 IMF-fixdate: "Wed, 01 Jan 2025 00:00:02 GMT" (29 chars). */
void http_date(int64_t unix_s, char out[32]);
/* nginx's $time_local with TZ=UTC: "01/Jan/2025:00:00:02 +0000". */
void http_log_time(int64_t unix_s, char out[32]);

/* Case-insensitive compare of a piece with a NUL-terminated word. */
bool http_str_eq(struct http_str s, const char *word);
/* The value of the first header named name, or {NULL, 0}. */
struct http_str http_header_get(const struct http_header *h, int n, const char *name);

#endif
