/* http_server.c — nginx 1.22.1's answers to HTTP/1.1 requests over TCP
 * (see http_server.h).  The texts (status lines, header order, error
 * pages, the access log) were captured from nginx-light 1.22.1-9+deb12u11
 * serving files, in network namespaces. */
#include "proc/http_server.h"

#include <stdio.h>
#include <string.h>

#include "core/event.h"
#include "core/world.h"
#include "dev/node.h"
#include "dev/node_files.h"
#include "net/tcp.h"
#include "proc/proc.h"
#include "util/die.h"
#include "util/strbuf.h"
#include "util/units.h"
#include "wire/http.h"
#include "wire/ipv4.h"

#define ACCESS_LOG "/var/log/nginx/access.log"
#define KEEPALIVE_NS (65 * NS_PER_S)    /* keepalive_timeout 65 */
#define LINGER_NS (5 * NS_PER_S)        /* lingering_timeout 5 */
#define BODY_MAX (1u << 20)                     /* client_max_body_size 1m */

struct hroute {
	char *host;                     /* NULL: any host */
	char *path;
	int status;
	char *body;
	size_t body_len;
	char *type;
};

struct hsrv;

struct hconn {
	struct hsrv *srv;
	struct tcp_sock *s;
	uint32_t raddr;
	char *in;
	size_t in_len;
	uint64_t body_left;             /* request body still to be read and dropped */
	struct strbuf out;              /* answer bytes not yet taken by tcp_send */
	size_t out_off;
	bool close_after;               /* close once out is sent */
	bool lingering;                 /* FIN sent: draining until the client's */
	bool eof;
	struct ev idle;                 /* keepalive_timeout */
	struct hconn *next;
};

struct hsrv {
	struct proc *proc;
	struct node *node;
	struct tcp_sock *listener;
	char *server;
	struct hroute *routes;
	int n_routes;
	int64_t mtime_s;                /* every route's Last-Modified */
	struct hconn *conns;
	struct http_server_stats st;
};

const char *http_reason(int status)
{
	/* ngx_http_status_lines[] */
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 206: return "Partial Content";
	case 301: return "Moved Permanently";
	case 302: return "Moved Temporarily";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 307: return "Temporary Redirect";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 402: return "Payment Required";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Not Allowed";
	case 406: return "Not Acceptable";
	case 408: return "Request Time-out";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 411: return "Length Required";
	case 412: return "Precondition Failed";
	case 413: return "Request Entity Too Large";
	case 414: return "Request-URI Too Large";
	case 415: return "Unsupported Media Type";
	case 416: return "Requested Range Not Satisfiable";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Temporarily Unavailable";
	case 504: return "Gateway Time-out";
	case 505: return "HTTP Version Not Supported";
	default: return "";
	}
}

const char *http_mime_type(const char *path)
{
	static const struct { const char *ext, *type; } types[] = {
		{ "html", "text/html" }, { "htm", "text/html" }, { "shtml", "text/html" },
		{ "css", "text/css" }, { "xml", "text/xml" }, { "txt", "text/plain" },
		{ "js", "application/javascript" }, { "json", "application/json" },
		{ "png", "image/png" }, { "gif", "image/gif" }, { "jpg", "image/jpeg" },
		{ "jpeg", "image/jpeg" }, { "svg", "image/svg+xml" }, { "ico", "image/x-icon" },
		{ "pdf", "application/pdf" }, { "zip", "application/zip" },
	};
	size_t n = strlen(path);
	if (n == 0 || path[n - 1] == '/')
		return "text/html";     /* the directory's index.html */
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(path, '.');
	if (dot && (!slash || dot > slash)) {
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (strcmp(dot + 1, types[i].ext) == 0)
				return types[i].type;
	}
	return "application/octet-stream";     /* Debian's default_type */
}

/* ngx_http_error_tail and friends: the page nginx writes for an error. */
static void error_page(struct strbuf *b, int status, bool too_large, const char *server)
{
	if (too_large) {
		sb_printf(b, "<html>\r\n<head><title>400 Request Header Or Cookie Too Large</title>"
			     "</head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n"
			     "<center>Request Header Or Cookie Too Large</center>\r\n");
	} else {
		sb_printf(b, "<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n"
			     "<center><h1>%d %s</h1></center>\r\n", status, http_reason(status), status,
			  http_reason(status));
	}
	sb_printf(b, "<hr><center>%s</center>\r\n</body>\r\n</html>\r\n", server);
}

/* ---- the access log ------------------------------------------------------ */

/* nginx escapes '"', '\\' and bytes outside 0x20..0x7e in logged variables. */
static void log_escaped(struct strbuf *b, struct http_str s)
{
	if (!s.p || s.len == 0) {
		sb_puts(b, "-");
		return;
	}
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c == '"' || c == '\\' || c < 0x20 || c > 0x7e)
			sb_printf(b, "\\x%02X", c);
		else
			sb_append(b, (const char *)&c, 1);
	}
}

static void access_log(struct hconn *c, struct http_str line, int status, size_t body_sent,
		       const struct http_req *r)
{
	struct hsrv *h = c->srv;
	struct world *w = h->node->w;
	char when[32];
	http_log_time(world_wall_s(w), when);
	struct strbuf b = { 0 };
	char as[IPV4_ADDR_STRLEN];
	sb_printf(&b, "%s - - [%s] \"", ipv4_addr_str(c->raddr, as), when);
	if (line.len)
		log_escaped(&b, line);
	sb_printf(&b, "\" %d %zu \"", status, body_sent);
	log_escaped(&b, r ? r->referer : (struct http_str){ NULL, 0 });
	sb_puts(&b, "\" \"");
	log_escaped(&b, r ? r->user_agent : (struct http_str){ NULL, 0 });
	sb_puts(&b, "\"\n");
	proc_printf(h->proc, "%s", sb_str(&b));
	/* The node may not model /var/log: the log then lives on stdout only. */
	node_file_write(h->node, ACCESS_LOG, sb_str(&b), b.len, true);
	sb_free(&b);
	h->st.requests++;
	if (status >= 200 && status < 300)
		h->st.status_2xx++;
	else if (status >= 400 && status < 500)
		h->st.status_4xx++;
	else if (status >= 500)
		h->st.status_5xx++;
}

/* ---- connections ---------------------------------------------------------- */

static void conn_free(struct hconn *c)
{
	struct hsrv *h = c->srv;
	for (struct hconn **pp = &h->conns; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	ev_cancel(h->node->w, &c->idle);
	if (c->s)
		tcp_close(c->s);
	free(c->in);
	sb_free(&c->out);
	free(c);
}

static void flush(struct hconn *c)
{
	while (c->out_off < c->out.len) {
		size_t k = tcp_send(c->s, c->out.s + c->out_off, c->out.len - c->out_off);
		if (k == 0)
			return;         /* on_writable brings us back */
		c->out_off += k;
	}
	sb_reset(&c->out);
	c->out_off = 0;
	struct world *w = c->srv->node->w;
	if (c->eof) {
		/* The client is gone: tcp_close sends FIN after what is queued. */
		conn_free(c);
		return;
	}
	if (c->close_after) {
		if (!c->lingering) {
			/* ngx_http_set_lingering_close(): FIN after the answer,
			 * then read and drop what the client still sends until it
			 * closes, or 5 s pass with nothing (lingering_timeout), so
			 * that its late bytes meet no RST that would destroy the
			 * answer in its receive queue. */
			c->lingering = true;
			tcp_shutdown(c->s);
		}
		ev_schedule(w, &c->idle, w->now_ns + LINGER_NS);
		return;
	}
	ev_schedule(w, &c->idle, w->now_ns + KEEPALIVE_NS);
}

static void respond(struct hconn *c, const struct http_req *r, bool head, int status,
		    const char *type, const char *body, size_t body_len, bool file)
{
	struct hsrv *h = c->srv;
	char date[32], mdate[32];
	http_date(world_wall_s(h->node->w), date);
	struct strbuf *b = &c->out;
	sb_printf(b, "HTTP/1.1 %d %s\r\nServer: %s\r\nDate: %s\r\nContent-Type: %s\r\n"
		     "Content-Length: %zu\r\n", status, http_reason(status), h->server, date, type,
		  body_len);
	if (file) {
		http_date(h->mtime_s, mdate);
		sb_printf(b, "Last-Modified: %s\r\n", mdate);
	}
	sb_printf(b, "Connection: %s\r\n", c->close_after ? "close" : "keep-alive");
	if (file)
		sb_printf(b, "ETag: \"%llx-%zx\"\r\nAccept-Ranges: bytes\r\n",
			  (unsigned long long)h->mtime_s, body_len);
	sb_puts(b, "\r\n");
	if (!head)
		sb_append(b, body, body_len);
	access_log(c, r ? r->line : (struct http_str){ NULL, 0 }, status, head ? 0 : body_len, r);
}

static void respond_error(struct hconn *c, const struct http_req *r, bool head, int status,
			  bool too_large)
{
	struct strbuf page = { 0 };
	error_page(&page, status, too_large, c->srv->server);
	respond(c, r, head, status, "text/html", sb_str(&page), page.len, false);
	sb_free(&page);
}

static const struct hroute *find_route(const struct hsrv *h, const struct http_req *r)
{
	char host[256] = "";
	size_t n = r->host.len;
	const char *colon = r->host.p ? memchr(r->host.p, ':', n) : NULL;
	if (colon)
		n = (size_t)(colon - r->host.p);
	if (n >= sizeof host)
		n = sizeof host - 1;
	for (size_t i = 0; i < n; i++)
		host[i] = (char)(r->host.p[i] >= 'A' && r->host.p[i] <= 'Z' ? r->host.p[i] + 32
									     : r->host.p[i]);
	const struct hroute *any = NULL;
	for (int i = 0; i < h->n_routes; i++) {
		const struct hroute *rt = &h->routes[i];
		if (strlen(rt->path) != r->path.len || memcmp(rt->path, r->path.p, r->path.len) != 0)
			continue;
		if (rt->host && strcmp(rt->host, host) == 0)
			return rt;
		if (!rt->host && !any)
			any = rt;
	}
	return any;
}

static void handle(struct hconn *c, const struct http_req *r)
{
	bool head = r->method.len == 4 && memcmp(r->method.p, "HEAD", 4) == 0;
	bool get = r->method.len == 3 && memcmp(r->method.p, "GET", 3) == 0;
	/* HTTP/1.0 closes unless it asks to keep alive; a chunked body is not
	 * read (nginx would read it; wirelab closes instead). */
	if (r->conn_close || (r->version == 10 && !r->conn_keep_alive) || r->chunked)
		c->close_after = true;
	const struct hroute *rt = find_route(c->srv, r);
	if (!rt) {
		respond_error(c, r, head, 404, false);
		return;
	}
	if (!get && !head) {
		respond_error(c, r, false, 405, false);
		return;
	}
	const char *type = rt->type ? rt->type : http_mime_type(rt->path);
	bool file = rt->status == 200;
	respond(c, r, head, rt->status, type, rt->body, rt->body_len, file);
}

/* Answer every complete request in the buffer, in order (pipelining);
 * the answers wait in c->out for flush(). */
static void serve_requests(struct hconn *c)
{
	while (!c->close_after) {
		if (c->body_left) {
			size_t k = c->in_len < c->body_left ? c->in_len : (size_t)c->body_left;
			memmove(c->in, c->in + k, c->in_len - k);
			c->in_len -= k;
			c->body_left -= k;
			if (c->body_left)
				break;
		}
		if (c->in_len == 0)
			break;
		struct http_req r;
		int st = http_req_parse(c->in, c->in_len, &r);
		if (st == 0) {
			if (c->eof)
				c->close_after = true;  /* half a request, then FIN: nginx logs nothing */
			break;
		}
		if (st != 1) {
			c->close_after = true;
			respond_error(c, &r, false, st, r.too_large);
			break;
		}
		ev_cancel(c->srv->node->w, &c->idle);
		if (r.has_length && r.content_length > BODY_MAX) {
			c->close_after = true;
			respond_error(c, &r, false, 413, false);
			break;
		}
		handle(c, &r);
		size_t used = r.head_len;
		memmove(c->in, c->in + used, c->in_len - used);
		c->in_len -= used;
		c->body_left = r.has_length ? r.content_length : 0;
	}
}

static void conn_readable(void *ctx, struct tcp_sock *s)
{
	struct hconn *c = ctx;
	char buf[4096];
	size_t k;
	const size_t cap = HTTP_HEAD_MAX + HTTP_LINE_MAX;
	while ((k = tcp_recv(s, buf, sizeof buf)) > 0) {
		const char *p = buf;
		while (k && !c->close_after) {
			/* A request body is dropped as it comes, never buffered. */
			if (c->in_len == 0 && c->body_left) {
				size_t d = k < c->body_left ? k : (size_t)c->body_left;
				c->body_left -= d;
				p += d;
				k -= d;
				continue;
			}
			size_t n = k < cap - c->in_len ? k : cap - c->in_len;
			memcpy(c->in + c->in_len, p, n);
			c->in_len += n;
			p += n;
			k -= n;
			/* Full: answer what is complete to make room (a head that
			 * alone fills it is "too large" and closes). */
			if (k)
				serve_requests(c);
		}
		/* Once an answer closes the connection, the rest is dropped. */
	}
	if (c->lingering) {
		ev_schedule(c->srv->node->w, &c->idle, c->srv->node->w->now_ns + LINGER_NS);
		return;
	}
	serve_requests(c);
	flush(c);
}

static void conn_writable(void *ctx, struct tcp_sock *s)
{
	(void)s;
	struct hconn *c = ctx;
	if (c->out.len)
		flush(c);
}

static void conn_eof(void *ctx, struct tcp_sock *s)
{
	(void)s;
	struct hconn *c = ctx;
	c->eof = true;
	if (c->out.len == 0 || c->lingering)
		conn_free(c);
}

static void conn_error(void *ctx, struct tcp_sock *s, int err)
{
	(void)s, (void)err;
	conn_free(ctx);
}

static void idle_fire(struct world *w, struct ev *ev)
{
	(void)w;
	conn_free((struct hconn *)((char *)ev - offsetof(struct hconn, idle)));
}

static const struct tcp_cb conn_cb = {
	.on_readable = conn_readable,
	.on_writable = conn_writable,
	.on_eof = conn_eof,
	.on_error = conn_error,
};

static void srv_accept(void *ctx, struct tcp_sock *listener, struct tcp_sock *child)
{
	(void)listener;
	struct hsrv *h = ctx;
	struct hconn *c = wl_calloc(1, sizeof *c);
	c->srv = h;
	c->s = child;
	c->in = wl_calloc(1, HTTP_HEAD_MAX + HTTP_LINE_MAX);
	ev_init(&c->idle, idle_fire);
	uint32_t la, ra;
	uint16_t lp, rp;
	tcp_addrs(child, &la, &lp, &ra, &rp);
	c->raddr = ra;
	c->next = h->conns;
	h->conns = c;
	h->st.connections++;
	tcp_set_cb(child, &conn_cb, c);
	/* client_header_timeout 60s is not modelled; keepalive's is. */
	ev_schedule(h->node->w, &c->idle, h->node->w->now_ns + KEEPALIVE_NS);
	/* Bytes that came with the handshake are announced by on_readable
	 * after this returns (tcp.h); the socket is not closed from in here. */
}

static const struct tcp_cb listen_cb = { .on_accept = srv_accept };

/* ---- the process ---------------------------------------------------------- */

static void srv_kill(struct proc *p)
{
	struct hsrv *h = p->impl;
	while (h->conns)
		conn_free(h->conns);
	if (h->listener) {
		tcp_close(h->listener);
		h->listener = NULL;
	}
}

static void srv_free(struct proc *p)
{
	struct hsrv *h = p->impl;
	srv_kill(p);
	for (int i = 0; i < h->n_routes; i++) {
		free(h->routes[i].host);
		free(h->routes[i].path);
		free(h->routes[i].body);
		free(h->routes[i].type);
	}
	free(h->routes);
	free(h->server);
	free(h);
}

static const struct proc_ops srv_ops = { .name = "nginx", .kill = srv_kill, .free = srv_free };

static struct hsrv *impl_of(const struct proc *p)
{
	return p && p->ops == &srv_ops ? p->impl : NULL;
}

const struct http_server_stats *http_server_stats(const struct proc *p)
{
	struct hsrv *h = impl_of(p);
	return h ? &h->st : NULL;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = wl_calloc(1, n + 1);
	if (n)
		memcpy(d, s, n);
	return d;
}

struct proc *http_server_start(struct node *n, const struct http_server_opts *o)
{
	struct hsrv *h = wl_calloc(1, sizeof *h);
	h->node = n;
	h->server = dup_n(o->server ? o->server : "nginx/1.22.1",
			  strlen(o->server ? o->server : "nginx/1.22.1"));
	h->mtime_s = world_wall_s(n->w);
	h->routes = wl_calloc(o->n_routes > 0 ? (size_t)o->n_routes : 1, sizeof *h->routes);
	for (int i = 0; i < o->n_routes; i++) {
		const struct http_route *src = &o->routes[i];
		struct hroute *rt = &h->routes[h->n_routes++];
		const char *slash = strchr(src->key, '/');
		if (!slash)
			slash = src->key + strlen(src->key);
		if (slash != src->key) {
			rt->host = dup_n(src->key, (size_t)(slash - src->key));
			for (char *q = rt->host; *q; q++)
				if (*q >= 'A' && *q <= 'Z')
					*q = (char)(*q + 32);
		}
		rt->path = dup_n(*slash ? slash : "/", strlen(*slash ? slash : "/"));
		rt->status = src->status ? src->status : 200;
		rt->body = dup_n(src->body ? src->body : "", src->body ? src->body_len : 0);
		rt->body_len = src->body ? src->body_len : 0;
		rt->type = src->type ? dup_n(src->type, strlen(src->type)) : NULL;
	}
	h->listener = tcp_listen(n, 0, o->port ? o->port : 80, 511, &listen_cb, h);
	if (!h->listener) {
		h->proc = NULL;
		struct proc tmp = { .impl = h };
		srv_free(&tmp);
		return NULL;
	}
	h->proc = proc_new(n, &srv_ops, h, false);
	return h->proc;
}
