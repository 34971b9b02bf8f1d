/* curl.c — curl 7.88.1's HTTP transfer over the simulated TCP (curl.h).
 * Messages and their order were captured from Debian 12's curl 7.88.1
 * against nginx 1.22.1 and small Python servers in network namespaces. */
#include "proc/curl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/event.h"
#include "core/world.h"
#include "dev/node.h"
#include "dev/node_files.h"
#include "net/tcp.h"
#include "proc/proc.h"
#include "proc/resolver.h"
#include "util/die.h"
#include "util/strbuf.h"
#include "util/units.h"
#include "wire/http.h"
#include "wire/ipv4.h"

#define DEFAULT_CONNECT_TIMEOUT_NS (300 * NS_PER_S)   /* DEFAULT_CONNECT_TIMEOUT */
#define IN_MAX (4u * HTTP_HEAD_MAX)

enum phase { PH_RESOLVE, PH_CONNECT, PH_HEAD, PH_BODY, PH_DONE };
enum body_mode { BODY_NONE, BODY_LENGTH, BODY_CHUNKED, BODY_CLOSE };

struct curl {
	struct proc *proc;
	struct node *node;
	struct curl_opts o;
	char *hdr_copy[CURL_MAX_HEADERS];
	char *data, *output, *write_out, *method, *user_agent;
	enum phase phase;
	struct res_lookup *lookup;
	struct tcp_sock *s;
	uint32_t addr;
	char addr_text[16];
	int64_t start_ns, namelookup_ns, connect_ns, first_byte_ns;
	bool connected, got_byte, phase_resolved;
	uint32_t laddr;
	uint16_t lport;
	struct ev max_timer, conn_timer;
	struct strbuf req;
	size_t req_off;
	char *in;                       /* the response head while it arrives */
	size_t in_len;
	char *head;                     /* the complete head, kept for resp's pointers */
	struct http_resp resp;
	enum body_mode mode;
	uint64_t body_got;
	struct http_chunked chunk;
	struct strbuf file;             /* -o: what goes into the file */
	bool file_checked;
	bool keep_alive;
	struct curl_result res;
};

static void finish(struct curl *c, int code, const char *msg);

static int64_t elapsed_ms(const struct curl *c)
{
	return (c->node->w->now_ns - c->start_ns) / NS_PER_MS;
}

static void vinfo(struct curl *c, const char *line)
{
	if (c->o.verbose)
		proc_eprintf(c->proc, "* %s\n", line);
}

/* ---- URLs ----------------------------------------------------------------- */

int curl_url_parse(const char *text, struct curl_url *u)
{
	memset(u, 0, sizeof *u);
	for (const char *p = text; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return 3;       /* "URL using bad/illegal format or missing URL" */
	const char *rest = text;
	const char *sep = strstr(text, "://");
	if (sep) {
		size_t n = (size_t)(sep - text);
		if (n == 0 || n >= sizeof u->scheme)
			return n == 0 ? 3 : 1;
		for (size_t i = 0; i < n; i++) {
			char ch = text[i];
			bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
				  (i > 0 && ((ch >= '0' && ch <= '9') || ch == '+' || ch == '-' ||
					     ch == '.'));
			if (!ok)
				return 3;
			u->scheme[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
		}
		rest = sep + 3;
	} else {
		snprintf(u->scheme, sizeof u->scheme, "http");
	}
	size_t alen = strcspn(rest, "/?#");
	const char *auth = rest, *after = rest + alen;
	const char *at = NULL;
	for (const char *p = auth; p < after; p++)
		if (*p == '@')
			at = p;
	if (at) {
		size_t ul = (size_t)(at - auth);
		const char *colon = memchr(auth, ':', ul);
		size_t nl = colon ? (size_t)(colon - auth) : ul;
		if (nl >= sizeof u->user || (colon && (size_t)(at - colon - 1) >= sizeof u->password))
			return 3;
		memcpy(u->user, auth, nl);
		if (colon)
			memcpy(u->password, colon + 1, (size_t)(at - colon - 1));
		u->has_user = true;
		auth = at + 1;
	}
	const char *hend = after;
	if (*auth == '[') {
		const char *close = memchr(auth, ']', (size_t)(after - auth));
		if (!close)
			return 3;
		hend = close + 1;
	} else {
		const char *colon = memchr(auth, ':', (size_t)(after - auth));
		if (colon)
			hend = colon;
	}
	size_t hl = (size_t)(hend - auth);
	if (hl == 0 || hl >= sizeof u->host)
		return 3;
	memcpy(u->host, auth, hl);
	if (strcmp(u->scheme, "http") != 0)
		return 1;
	u->port = 80;
	if (hend < after && *hend == ':') {
		const char *p = hend + 1;
		if (p < after) {
			long v = 0;
			for (; p < after; p++) {
				if (*p < '0' || *p > '9' || v > 65535)
					return 3;
				v = v * 10 + (*p - '0');
			}
			if (v > 65535)
				return 3;
			u->port = (uint16_t)v;
			u->port_given = true;
		}
	} else if (hend != after) {
		return 3;
	}
	size_t pl = strcspn(after, "#");
	if (pl + 2 >= sizeof u->path)
		return 3;
	if (pl == 0 || after[0] != '/')
		u->path[0] = '/';
	memcpy(u->path + strlen(u->path), after, pl);
	return 0;
}

/* ---- the request ---------------------------------------------------------- */

/* The custom header named like `name` (case-insensitive), or NULL. */
static const char *custom(const struct curl *c, const char *name, size_t *vlen, bool *removed)
{
	size_t n = strlen(name);
	for (int i = 0; i < c->o.n_headers; i++) {
		const char *h = c->o.headers[i];
		if (strncasecmp(h, name, n) == 0 && (h[n] == ':' || h[n] == ';')) {
			const char *v = h + n + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			*vlen = strlen(v);
			*removed = h[n] == ':' && *vlen == 0;
			return v;
		}
	}
	return NULL;
}

static void base64(struct strbuf *b, const char *s, size_t n)
{
	static const char tbl[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)(unsigned char)s[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)(unsigned char)s[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)s[i + 2];
		char q[4] = { tbl[v >> 18], tbl[(v >> 12) & 63], i + 1 < n ? tbl[(v >> 6) & 63] : '=',
			      i + 2 < n ? tbl[v & 63] : '=' };
		sb_append(b, q, 4);
	}
}

/* Curl_http(): request line, Host, Authorization, User-Agent, Accept,
 * the -H headers in their order (one replacing User-Agent or Accept takes
 * its place at the end; "Name:" removes it), then the -d body's
 * Content-Length and Content-Type. */
static void build_request(struct curl *c)
{
	struct strbuf *b = &c->req;
	const struct curl_url *u = &c->o.url;
	const char *method = c->method ? c->method : c->o.head ? "HEAD" : c->data ? "POST" : "GET";
	sb_printf(b, "%s %s HTTP/1.1\r\n", method, u->path);
	size_t vl;
	bool removed;
	const char *v = custom(c, "Host", &vl, &removed);
	if (v && !removed)
		sb_printf(b, "Host: %.*s\r\n", (int)vl, v);
	else if (!v && u->port_given && u->port != 80)
		sb_printf(b, "Host: %s:%u\r\n", u->host, u->port);
	else if (!v)
		sb_printf(b, "Host: %s\r\n", u->host);
	if (u->has_user && !custom(c, "Authorization", &vl, &removed)) {
		struct strbuf cred = { 0 };
		sb_printf(&cred, "%s:%s", u->user, u->password);
		sb_puts(b, "Authorization: Basic ");
		base64(b, sb_str(&cred), cred.len);
		sb_puts(b, "\r\n");
		sb_free(&cred);
	}
	if (!custom(c, "User-Agent", &vl, &removed)) {
		const char *ua = c->o.user_agent ? c->o.user_agent : "curl/7.88.1";
		if (*ua)
			sb_printf(b, "User-Agent: %s\r\n", ua);
	}
	if (!custom(c, "Accept", &vl, &removed))
		sb_puts(b, "Accept: */*\r\n");
	for (int i = 0; i < c->o.n_headers; i++) {
		const char *h = c->o.headers[i];
		const char *colon = strchr(h, ':');
		const char *semi = strchr(h, ';');
		if (strncasecmp(h, "Host:", 5) == 0)
			continue;
		if (colon && (!semi || colon < semi)) {
			const char *val = colon + 1;
			while (*val == ' ' || *val == '\t')
				val++;
			if (*val)
				sb_printf(b, "%s\r\n", h);
		} else if (semi && semi[1] == '\0') {
			/* "Name;" sends the header with an empty value. */
			sb_printf(b, "%.*s:\r\n", (int)(semi - h), h);
		}
		/* A header with neither ':' nor ';' is ignored, as curl does. */
	}
	if (c->data) {
		if (!custom(c, "Content-Length", &vl, &removed))
			sb_printf(b, "Content-Length: %zu\r\n", c->o.data_len);
		if (!custom(c, "Content-Type", &vl, &removed))
			sb_puts(b, "Content-Type: application/x-www-form-urlencoded\r\n");
	}
	sb_puts(b, "\r\n");
	if (c->o.verbose) {
		const char *p = sb_str(b), *end = p + b->len;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
			proc_eprintf(c->proc, "> %.*s", (int)n, p);
			p += n;
		}
	}
	if (c->data)
		sb_append(b, c->data, c->o.data_len);
}

static void send_more(struct curl *c)
{
	while (c->s && c->req_off < c->req.len) {
		size_t k = tcp_send(c->s, c->req.s + c->req_off, c->req.len - c->req_off);
		if (k == 0)
			return;
		c->req_off += k;
	}
}

/* ---- output --------------------------------------------------------------- */

static bool to_file(const struct curl *c)
{
	return c->output && strcmp(c->output, "-") != 0;
}

static bool to_null(const struct curl *c)
{
	return c->output && strcmp(c->output, "/dev/null") == 0;
}

/* Body (or -i's head) bytes, to stdout or into the -o file. */
static bool sink(struct curl *c, const char *p, size_t n)
{
	if (!to_file(c)) {
		proc_printf(c->proc, "%.*s", (int)n, p);
		return true;
	}
	if (to_null(c))
		return true;
	if (!c->file_checked) {
		/* curl opens the file at the first byte to write. */
		c->file_checked = true;
		if (node_file_write(c->node, c->output, "", 0, false) != 0) {
			if (!c->o.silent)
				proc_eprintf(c->proc, "Warning: Failed to open the file %s: No such file "
						      "or directory\n", c->output);
			finish(c, 23, "Failure writing output to destination");
			return false;
		}
	}
	sb_append(&c->file, p, n);
	return true;
}

/* max5data(): a size in at most 5 characters. */
static void max5(char out[24], uint64_t v)
{
	const uint64_t K = 1024, M = K * K;
	if (v < 100000)
		snprintf(out, 24, "%5llu", (unsigned long long)v);
	else if (v < 10000 * K)
		snprintf(out, 24, "%4lluk", (unsigned long long)(v / K));
	else if (v < 100 * M)
		snprintf(out, 24, "%2llu.%0lluM", (unsigned long long)(v / M),
			 (unsigned long long)((v % M) / (M / 10)));
	else
		snprintf(out, 24, "%4lluM", (unsigned long long)(v / M));
}

static void time2str(char out[32], int64_t s)
{
	if (s <= 0)
		snprintf(out, 32, "--:--:--");
	else if (s < 100 * 3600)
		snprintf(out, 32, "%2lld:%02lld:%02lld", (long long)(s / 3600),
			 (long long)(s / 60 % 60), (long long)(s % 60));
	else
		snprintf(out, 32, "%3lldd %02lldh", (long long)(s / 86400),
			 (long long)(s / 3600 % 24));
}

/* progress.c's line, the state it ends in (a terminal shows the last). */
static void meter_line(struct curl *c)
{
	int64_t us = (c->node->w->now_ns - c->start_ns) / 1000;
	uint64_t got = c->body_got;
	bool known = c->resp.has_length && c->mode == BODY_LENGTH;
	uint64_t total = known ? c->resp.content_length : got;
	int pct = known && total ? (int)(got * 100 / total) : (known ? 100 : 0);
	uint64_t speed = got * 1000000u / (uint64_t)(us > 0 ? us : 1);
	int64_t ms = us / 1000;
	uint64_t cur = got * 1000u / (uint64_t)(ms > 0 ? ms : 1);
	char a[24], b[24], x[24], d[24], u[24], cs[24], tt[32], ts[32], tl[32];
	max5(a, total);
	max5(b, got);
	max5(x, 0);
	max5(d, speed);
	max5(u, 0);
	max5(cs, cur);
	int64_t spent = us / 1000000;
	int64_t est = known && speed ? (int64_t)(total / speed) : 0;
	time2str(tt, est);
	time2str(ts, spent);
	time2str(tl, est > spent ? est - spent : 0);
	proc_eprintf(c->proc, "%3d %s  %3d %s  %3d %s  %s  %s %s %s %s %s\n", pct, a, pct, b, 0, x,
		     d, u, tt, ts, tl, cs);
}

/* -w's variables (tool_writeout.c), the ones a transfer here has. */
static void write_out(struct curl *c, int code, const char *errmsg)
{
	const char *p = c->write_out;
	struct strbuf out = { 0 };
	int64_t now = c->node->w->now_ns;
	while (*p) {
		if (p[0] == '%' && p[1] == '%') {
			sb_puts(&out, "%");
			p += 2;
		} else if (p[0] == '%' && p[1] == '{') {
			const char *end = strchr(p + 2, '}');
			if (!end) {
				sb_puts(&out, p);
				break;
			}
			char var[64];
			snprintf(var, sizeof var, "%.*s", (int)(end - p - 2), p + 2);
			p = end + 1;
			uint32_t la = c->laddr;
			uint16_t lp = c->lport;
			if (!strcmp(var, "http_code") || !strcmp(var, "response_code"))
				sb_printf(&out, "%03d", c->res.http_code);
			else if (!strcmp(var, "size_download"))
				sb_printf(&out, "%llu", (unsigned long long)c->body_got);
			else if (!strcmp(var, "size_header"))
				sb_printf(&out, "%llu", (unsigned long long)c->res.size_header);
			else if (!strcmp(var, "size_request"))
				sb_printf(&out, "%zu", c->req.len - (c->data ? c->o.data_len : 0));
			else if (!strcmp(var, "remote_ip"))
				sb_puts(&out, c->connected ? c->addr_text : "");
			else if (!strcmp(var, "remote_port")) {
				if (c->connected)
					sb_printf(&out, "%u", c->o.url.port);
			}
			else if (!strcmp(var, "local_ip"))
				sb_puts(&out, ipv4_addr_str(la, (char[IPV4_ADDR_STRLEN]){ 0 }));
			else if (!strcmp(var, "local_port"))
				sb_printf(&out, "%u", lp);
			else if (!strcmp(var, "content_type"))
				sb_printf(&out, "%.*s", (int)c->resp.content_type.len,
					  c->resp.content_type.p ? c->resp.content_type.p : "");
			else if (!strcmp(var, "url_effective"))
				sb_puts(&out, c->o.url_text);
			else if (!strcmp(var, "exitcode"))
				sb_printf(&out, "%d", code);
			else if (!strcmp(var, "errormsg"))
				sb_puts(&out, errmsg ? errmsg : "");
			else if (!strcmp(var, "num_connects"))
				sb_printf(&out, "%d", c->connected ? 1 : 0);
			else if (!strcmp(var, "method"))
				sb_puts(&out, c->method ? c->method : c->o.head ? "HEAD"
								       : c->data ? "POST" : "GET");
			else if (!strcmp(var, "scheme"))
				sb_puts(&out, "HTTP");
			else if (!strcmp(var, "time_total") || !strcmp(var, "time_namelookup") ||
				 !strcmp(var, "time_connect") || !strcmp(var, "time_starttransfer")) {
				int64_t at = !strcmp(var, "time_total") ? now
					     : !strcmp(var, "time_namelookup") ? c->namelookup_ns
					     : !strcmp(var, "time_connect") ? c->connect_ns
					     : c->first_byte_ns;
				bool reached = !strcmp(var, "time_total") ||
					       (!strcmp(var, "time_namelookup") && c->phase_resolved) ||
					       (!strcmp(var, "time_connect") && c->connected) ||
					       (!strcmp(var, "time_starttransfer") && c->got_byte);
				int64_t us = reached ? (at - c->start_ns) / 1000 : 0;
				sb_printf(&out, "%lld.%06lld", (long long)(us / 1000000),
					  (long long)(us % 1000000));
			} else
				proc_eprintf(c->proc, "curl: unknown --write-out variable: '%s'\n", var);
		} else if (p[0] == '\\' && (p[1] == 'n' || p[1] == 't' || p[1] == 'r')) {
			sb_puts(&out, p[1] == 'n' ? "\n" : p[1] == 't' ? "\t" : "\r");
			p += 2;
		} else {
			sb_append(&out, p, 1);
			p++;
		}
	}
	if (out.len)
		proc_printf(c->proc, "%s", sb_str(&out));
	sb_free(&out);
}

/* ---- the end -------------------------------------------------------------- */

static void stop_io(struct curl *c)
{
	struct world *w = c->node->w;
	ev_cancel(w, &c->max_timer);
	ev_cancel(w, &c->conn_timer);
	if (c->lookup) {
		res_cancel(c->lookup);
		c->lookup = NULL;
	}
}

/* The transfer ends with exit status code (msg: curl's error text). */
static void finish(struct curl *c, int code, const char *msg)
{
	if (c->phase == PH_DONE)
		return;
	c->phase = PH_DONE;
	stop_io(c);
	if (code == 0 && c->o.verbose) {
		if (c->keep_alive)
			proc_eprintf(c->proc, "* Connection #0 to host %s left intact\n", c->o.url.host);
		else
			proc_eprintf(c->proc, "* Closing connection 0\n");
	} else if (code != 0) {
		vinfo(c, "Closing connection 0");
	}
	if (c->s) {
		tcp_close(c->s);
		c->s = NULL;
	}
	if (to_file(c) && !to_null(c) && code != 23) {
		if (!c->file_checked && code == 0) {
			c->file_checked = true;
			if (node_file_write(c->node, c->output, "", 0, false) != 0) {
				if (!c->o.silent)
					proc_eprintf(c->proc, "Warning: Failed to open the file %s: No "
							      "such file or directory\n", c->output);
				code = 23;
				msg = "Failure writing output to destination";
			}
		}
		if (c->file_checked && code != 23)
			node_file_write(c->node, c->output, sb_str(&c->file), c->file.len, false);
	}
	if (to_file(c) && !c->o.silent)
		meter_line(c);
	if (code && (!c->o.silent || c->o.show_error))
		proc_eprintf(c->proc, "curl: (%d) %s\n", code, msg);
	if (c->write_out)
		write_out(c, code, code ? msg : NULL);
	c->res.exit_code = code;
	proc_exit(c->proc, code);
}

/* An error curl reports with failf(): "* msg" under -v, then the end. */
static void fail(struct curl *c, int code, const char *msg)
{
	vinfo(c, msg);
	finish(c, code, msg);
}

static const char *errno_text(int err)
{
	switch (err) {
	case ECONNREFUSED: return "Connection refused";
	case EHOSTUNREACH: return "No route to host";
	case ENETUNREACH: return "Network is unreachable";
	case ETIMEDOUT: return "Connection timed out";
	case ECONNRESET: return "Connection reset by peer";
	case EACCES: return "Permission denied";
	default: return "Connection refused";
	}
}

static void connect_failed(struct curl *c, int err)
{
	char msg[160];
	snprintf(msg, sizeof msg, "connect to %s port %u failed: %s", c->addr_text, c->o.url.port,
		 errno_text(err));
	vinfo(c, msg);
	snprintf(msg, sizeof msg, "Failed to connect to %s port %u after %lld ms: Couldn't connect "
				  "to server", c->addr_text, c->o.url.port, (long long)elapsed_ms(c));
	/* The kernel giving up on its SYNs is a timeout to curl: 28, with
	 * the same words (checked with tcp_syn_retries=1). */
	fail(c, err == ETIMEDOUT ? 28 : 7, msg);
}

/* ---- the answer ----------------------------------------------------------- */

static void body_done(struct curl *c)
{
	finish(c, 0, NULL);
}

static void body_bytes(struct curl *c, const char *p, size_t n)
{
	if (c->mode == BODY_LENGTH) {
		uint64_t left = c->resp.content_length - c->body_got;
		if (n > left)
			n = (size_t)left;
		c->body_got += n;
		if (n && !sink(c, p, n))
			return;
		if (c->body_got == c->resp.content_length)
			body_done(c);
	} else if (c->mode == BODY_CHUNKED) {
		while (n) {
			char buf[4096];
			size_t got = 0;
			bool done;
			long k = http_chunked_feed(&c->chunk, p, n, buf, sizeof buf, &got, &done);
			if (k < 0) {
				fail(c, 56, "Illegal or missing hexadecimal sequence in chunked-encoding");
				return;
			}
			c->body_got += got;
			if (got && !sink(c, buf, got))
				return;
			p += k;
			n -= (size_t)k;
			if (done) {
				body_done(c);
				return;
			}
			if (k == 0 && got == 0)
				break;
		}
	} else if (c->mode == BODY_CLOSE) {
		c->body_got += n;
		if (n)
			sink(c, p, n);
	}
}

static void got_head(struct curl *c, size_t used)
{
	struct http_resp *r = &c->resp;
	c->res.http_code = r->status;
	c->res.size_header = r->head_len;
	if (r->version == 10)
		vinfo(c, "HTTP 1.0, assume close after body");
	/* -v shows the head line by line; -f stops before the blank line. */
	bool failed = c->o.fail && r->status >= 400;
	if (c->o.verbose) {
		const char *p = c->head, *end = c->head + r->head_len;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
			bool blank = n <= 2 && (p[0] == '\r' || p[0] == '\n');
			if (!(failed && blank))
				proc_eprintf(c->proc, "< %.*s", (int)n, p);
			p += n;
		}
	}
	if (failed) {
		char msg[80];
		snprintf(msg, sizeof msg, "The requested URL returned error: %d", r->status);
		fail(c, 22, msg);
		return;
	}
	if (c->o.include || c->o.head) {
		if (!sink(c, c->head, r->head_len))
			return;
	}
	c->keep_alive = r->version == 11 ? !r->conn_close : r->conn_keep_alive && !r->conn_close;
	if (c->o.head || r->status == 204 || r->status == 304 || r->status / 100 == 1) {
		c->mode = BODY_NONE;
	} else if (r->chunked) {
		c->mode = BODY_CHUNKED;
	} else if (r->has_length) {
		c->mode = BODY_LENGTH;
	} else {
		c->mode = BODY_CLOSE;
		c->keep_alive = false;
	}
	c->phase = PH_BODY;
	if (c->mode == BODY_NONE || (c->mode == BODY_LENGTH && r->content_length == 0)) {
		body_done(c);
		return;
	}
	if (c->in_len > used)
		body_bytes(c, c->in + used, c->in_len - used);
}

static void on_readable(void *ctx, struct tcp_sock *s)
{
	struct curl *c = ctx;
	char buf[4096];
	size_t k;
	while (c->phase != PH_DONE && (k = tcp_recv(s, buf, sizeof buf)) > 0) {
		if (!c->got_byte) {
			c->got_byte = true;
			c->first_byte_ns = c->node->w->now_ns;
		}
		if (c->phase == PH_BODY) {
			body_bytes(c, buf, k);
			continue;
		}
		if (c->phase != PH_HEAD)
			continue;
		if (c->in_len + k > IN_MAX) {
			fail(c, 56, "Too large response headers");
			return;
		}
		memcpy(c->in + c->in_len, buf, k);
		c->in_len += k;
		int st = http_resp_parse(c->in, c->in_len, &c->resp);
		if (st < 0) {
			fail(c, 1, "Received HTTP/0.9 when not allowed");
			return;
		}
		if (st == 0)
			continue;
		/* Keep the head where the parsed pointers can stay valid. */
		c->head = wl_calloc(1, c->in_len + 1);
		memcpy(c->head, c->in, c->in_len);
		http_resp_parse(c->head, c->in_len, &c->resp);
		got_head(c, c->resp.head_len);
	}
}

static void on_eof(void *ctx, struct tcp_sock *s)
{
	(void)s;
	struct curl *c = ctx;
	if (c->phase == PH_HEAD) {
		fail(c, 52, "Empty reply from server");
	} else if (c->phase == PH_BODY) {
		c->keep_alive = false;
		if (c->mode == BODY_CLOSE) {
			body_done(c);
		} else if (c->mode == BODY_LENGTH) {
			char msg[96];
			snprintf(msg, sizeof msg, "transfer closed with %llu bytes remaining to read",
				 (unsigned long long)(c->resp.content_length - c->body_got));
			fail(c, 18, msg);
		} else {
			fail(c, 18, "transfer closed with outstanding read data remaining");
		}
	}
}

static void on_error(void *ctx, struct tcp_sock *s, int err)
{
	(void)s;
	struct curl *c = ctx;
	if (err < 0)
		err = -err;
	if (c->phase == PH_CONNECT) {
		connect_failed(c, err);
		return;
	}
	if (c->phase == PH_DONE)
		return;
	char msg[96];
	if (c->phase == PH_HEAD && c->req_off < c->req.len)
		snprintf(msg, sizeof msg, "Send failure: %s", errno_text(err));
	else
		snprintf(msg, sizeof msg, "Recv failure: %s", errno_text(err));
	fail(c, 56, msg);
}

static void on_writable(void *ctx, struct tcp_sock *s)
{
	(void)s;
	send_more(ctx);
}

static void on_connected(void *ctx, struct tcp_sock *s)
{
	struct curl *c = ctx;
	struct world *w = c->node->w;
	c->connect_ns = w->now_ns;
	c->connected = true;
	uint32_t ra;
	uint16_t rp;
	tcp_addrs(s, &c->laddr, &c->lport, &ra, &rp);
	ev_cancel(w, &c->conn_timer);
	if (c->o.verbose)
		proc_eprintf(c->proc, "* Connected to %s (%s) port %u (#0)\n", c->o.url.host,
			     c->addr_text, c->o.url.port);
	if (c->o.url.has_user && c->o.verbose)
		proc_eprintf(c->proc, "* Server auth using Basic with user '%s'\n", c->o.url.user);
	c->phase = PH_HEAD;
	build_request(c);
	send_more(c);
}

static const struct tcp_cb curl_cb = {
	.on_connected = on_connected,
	.on_readable = on_readable,
	.on_writable = on_writable,
	.on_eof = on_eof,
	.on_error = on_error,
};

static void on_resolved(void *ctx, const struct res_result *r)
{
	struct curl *c = ctx;
	c->lookup = NULL;
	c->namelookup_ns = c->node->w->now_ns;
	c->phase_resolved = true;
	if (r->status != RES_OK || r->n_addrs == 0) {
		char msg[320];
		snprintf(msg, sizeof msg, "Could not resolve host: %s", c->o.url.host);
		fail(c, 6, msg);
		return;
	}
	c->addr = r->addrs[0];
	ipv4_addr_str(c->addr, c->addr_text);
	if (c->o.verbose)
		proc_eprintf(c->proc, "*   Trying %s:%u...\n", c->addr_text, c->o.url.port);
	c->phase = PH_CONNECT;
	c->s = tcp_connect(c->node, c->addr, c->o.url.port, &curl_cb, c);
	/* tcp_connect fails at once only for want of a route: connect()
	 * returned ENETUNREACH, which curl words differently. */
	if (!c->s) {
		char msg[160];
		snprintf(msg, sizeof msg, "Immediate connect fail for %s: Network is unreachable",
			 c->addr_text);
		vinfo(c, msg);
		snprintf(msg, sizeof msg, "Failed to connect to %s port %u after %lld ms: Couldn't "
					  "connect to server", c->addr_text, c->o.url.port,
			 (long long)elapsed_ms(c));
		fail(c, 7, msg);
	}
}

/* ---- timers --------------------------------------------------------------- */

static void max_fire(struct world *w, struct ev *ev)
{
	(void)w;
	struct curl *c = (struct curl *)((char *)ev - offsetof(struct curl, max_timer));
	char msg[160];
	long long ms = (long long)elapsed_ms(c);
	if (c->phase == PH_RESOLVE)
		snprintf(msg, sizeof msg, "Resolving timed out after %lld milliseconds", ms);
	else if (c->phase == PH_CONNECT)
		snprintf(msg, sizeof msg, "Connection timed out after %lld milliseconds", ms);
	else if (c->phase == PH_BODY && c->mode == BODY_LENGTH)
		snprintf(msg, sizeof msg, "Operation timed out after %lld milliseconds with %llu out "
					  "of %llu bytes received", ms,
			 (unsigned long long)c->body_got,
			 (unsigned long long)c->resp.content_length);
	else
		snprintf(msg, sizeof msg, "Operation timed out after %lld milliseconds with %llu "
					  "bytes received", ms, (unsigned long long)c->body_got);
	fail(c, 28, msg);
}

static void conn_fire(struct world *w, struct ev *ev)
{
	(void)w;
	struct curl *c = (struct curl *)((char *)ev - offsetof(struct curl, conn_timer));
	char msg[160];
	long long ms = (long long)elapsed_ms(c);
	if (c->phase == PH_RESOLVE) {
		snprintf(msg, sizeof msg, "Resolving timed out after %lld milliseconds", ms);
		fail(c, 28, msg);
		return;
	}
	snprintf(msg, sizeof msg, "ipv4 connect timeout after %lldms, move on!",
		 (long long)(c->o.connect_timeout_ns ? c->o.connect_timeout_ns
						     : DEFAULT_CONNECT_TIMEOUT_NS) / NS_PER_MS);
	vinfo(c, msg);
	snprintf(msg, sizeof msg, "Failed to connect to %s port %u after %lld ms: Timeout was "
				  "reached", c->addr_text, c->o.url.port, ms);
	fail(c, 28, msg);
}

/* ---- the process ---------------------------------------------------------- */

static void curl_kill(struct proc *p)
{
	struct curl *c = p->impl;
	c->phase = PH_DONE;
	stop_io(c);
	if (c->s) {
		tcp_close(c->s);
		c->s = NULL;
	}
}

static void curl_free(struct proc *p)
{
	struct curl *c = p->impl;
	curl_kill(p);
	for (int i = 0; i < c->o.n_headers; i++)
		free(c->hdr_copy[i]);
	free(c->data);
	free(c->output);
	free(c->write_out);
	free(c->method);
	free(c->user_agent);
	free(c->in);
	free(c->head);
	sb_free(&c->req);
	sb_free(&c->file);
	free(c);
}

static const struct proc_ops curl_ops = { .name = "curl", .kill = curl_kill, .free = curl_free };

const struct curl_result *curl_result(const struct proc *p)
{
	if (!p || p->ops != &curl_ops)
		return NULL;
	return &((const struct curl *)p->impl)->res;
}

static char *dup_or_null(const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *d = wl_calloc(1, n + 1);
	memcpy(d, s, n);
	return d;
}

struct proc *curl_start(struct node *n, const struct curl_opts *o)
{
	struct world *w = n->w;
	struct curl *c = wl_calloc(1, sizeof *c);
	c->node = n;
	c->o = *o;
	for (int i = 0; i < o->n_headers; i++) {
		c->hdr_copy[i] = dup_or_null(o->headers[i], strlen(o->headers[i]));
		c->o.headers[i] = c->hdr_copy[i];
	}
	c->data = dup_or_null(o->data, o->data_len);
	c->output = dup_or_null(o->output, o->output ? strlen(o->output) : 0);
	c->write_out = dup_or_null(o->write_out, o->write_out ? strlen(o->write_out) : 0);
	c->method = dup_or_null(o->method, o->method ? strlen(o->method) : 0);
	c->user_agent = dup_or_null(o->user_agent, o->user_agent ? strlen(o->user_agent) : 0);
	c->o.user_agent = c->user_agent;
	c->o.data = c->data;
	c->o.output = c->output;
	c->o.write_out = c->write_out;
	c->o.method = c->method;
	c->in = wl_calloc(1, IN_MAX);
	c->start_ns = w->now_ns;
	ev_init(&c->max_timer, max_fire);
	ev_init(&c->conn_timer, conn_fire);
	c->proc = proc_new(n, &curl_ops, c, true);
	if (to_file(c) && !o->silent)
		proc_eprintf(c->proc, "  %% Total    %% Received %% Xferd  Average Speed   Time    "
				      "Time     Time  Current\n"
				      "                                 Dload  Upload   Total   Spent    "
				      "Left  Speed\n");
	if (o->max_time_ns > 0)
		ev_schedule(w, &c->max_timer, w->now_ns + o->max_time_ns);
	int64_t ct = o->connect_timeout_ns > 0 ? o->connect_timeout_ns : DEFAULT_CONNECT_TIMEOUT_NS;
	if (!(o->max_time_ns > 0 && o->max_time_ns <= ct))
		ev_schedule(w, &c->conn_timer, w->now_ns + ct);
	c->phase = PH_RESOLVE;
	c->lookup = res_lookup(n, o->url.host, RES_GETADDRINFO, on_resolved, c);
	return c->proc;
}
