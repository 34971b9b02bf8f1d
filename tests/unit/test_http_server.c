/* test_http_server.c — the HTTP server (proc/http_server.c) fed raw bytes
 * through a simulated TCP connection, as a socket client fed nginx 1.22.1
 * on the real machine: bad requests get nginx's error pages and a closed
 * connection, pipelined requests are answered in order, HTTP/1.0 and
 * "Connection: close" close, HEAD has no body, and a silent server makes
 * curl time out with "Operation timed out". */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/tcp.h"
#include "proc/http_server.h"
#include "proc/proc.h"
#include "util/strbuf.h"
#include "util/units.h"
#include "cmd_fixture.h"

struct fx {
	struct world *w;
	struct node *h, *a, *web;
	struct proc *srv;
	char *out, *err;
};

/* A raw client: sends `req` once connected, keeps everything it reads. */
struct raw {
	const char *req;
	size_t req_len, sent;
	struct strbuf got;
	bool eof, error, done;
	struct tcp_sock *s;
};

static void raw_connected(void *ctx, struct tcp_sock *s)
{
	struct raw *r = ctx;
	r->sent += tcp_send(s, r->req + r->sent, r->req_len - r->sent);
}

static void raw_readable(void *ctx, struct tcp_sock *s)
{
	struct raw *r = ctx;
	char buf[4096];
	size_t k;
	while ((k = tcp_recv(s, buf, sizeof buf)) > 0)
		sb_append(&r->got, buf, k);
}

static void raw_eof(void *ctx, struct tcp_sock *s)
{
	(void)s;
	((struct raw *)ctx)->eof = true;
}

static void raw_error(void *ctx, struct tcp_sock *s, int err)
{
	(void)s, (void)err;
	((struct raw *)ctx)->error = true;
}

static const struct tcp_cb raw_cb = {
	.on_connected = raw_connected,
	.on_writable = raw_connected,
	.on_readable = raw_readable,
	.on_eof = raw_eof,
	.on_error = raw_error,
};

/* Send req from a to web:80 and let 1 s of simulated time pass. */
static const char *exchange(struct fx *f, struct raw *r, const char *req, size_t len)
{
	memset(r, 0, sizeof *r);
	r->req = req;
	r->req_len = len;
	r->s = tcp_connect(f->a, 0x0a000050, 80, &raw_cb, r);
	assert_non_null(r->s);
	world_run(f->w, f->w->now_ns + NS_PER_S, 0);
	return sb_str(&r->got);
}

/* Each exchange runs a second later: the Date lines read as the first. */
static const char *same_date(struct raw *r)
{
	char *p = r->got.s;
	while (p && (p = strstr(p, "Date: ")) != NULL) {
		memcpy(p + 6, "Wed, 01 Jan 2025 00:00:00 GMT", 29);
		p += 35;
	}
	return sb_str(&r->got);
}

static void raw_done(struct raw *r)
{
	tcp_close(r->s);
	sb_free(&r->got);
}

static const char *const topology[] = {
	"ip netns add a",
	"ip netns add web",
	"ip -n a link add eth0 type veth peer name eth0 netns web",
	"ip -n a addr add 10.0.0.1/24 dev eth0",
	"ip -n web addr add 10.0.0.80/24 dev eth0",
	"ip -n a link set eth0 up",
	"ip -n web link set eth0 up",
	"ip -n a link set lo up",
	"ip -n web link set lo up",
};

static const struct http_route routes[] = {
	{ .key = "/", .body = "hello from web\n", .body_len = 15 },
	{ .key = "/api", .body = "{\"ok\":true}\n", .body_len = 12 },
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->w = world_new(1);
	f->h = node_new(f->w, "h", NODE_HOST);
	for (size_t i = 0; i < sizeof topology / sizeof topology[0]; i++)
		if (cmd_fx_run(f->w, f->h, topology[i], &f->out, &f->err) != 0)
			return -1;
	f->a = world_node(f->w, "a");
	f->web = world_node(f->w, "web");
	struct http_server_opts o = { .routes = routes, .n_routes = 2 };
	f->srv = http_server_start(f->web, &o);
	*state = f;
	return f->srv ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	free(f->out);
	free(f->err);
	world_free(f->w);
	free(f);
	return 0;
}

#define DATE "Wed, 01 Jan 2025 00:00:00 GMT"
#define ERR_HEAD(code, len) \
	"HTTP/1.1 " code "\r\nServer: nginx/1.22.1\r\nDate: " DATE "\r\n" \
	"Content-Type: text/html\r\nContent-Length: " len "\r\nConnection: close\r\n\r\n"
#define PAGE(t) \
	"<html>\r\n<head><title>" t "</title></head>\r\n<body>\r\n<center><h1>" t \
	"</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n"

/* The answers nginx gave to the same bytes (capture6 in the notes). */
static void test_bad_requests(void **state)
{
	struct fx *f = *state;
	static const struct { const char *req, *answer, *log; } cases[] = {
		{ "HELLO\r\n\r\n", ERR_HEAD("400 Bad Request", "157") PAGE("400 Bad Request"),
		  "\"HELLO\" 400 157" },
		{ "GET / HTTP/1.1\r\n\r\n", ERR_HEAD("400 Bad Request", "157") PAGE("400 Bad Request"),
		  "\"GET / HTTP/1.1\" 400 157" },
		{ "GET / HTTP/2.7\r\nHost: x\r\n\r\n",
		  ERR_HEAD("505 HTTP Version Not Supported", "187")
		  PAGE("505 HTTP Version Not Supported"), "\"GET / HTTP/2.7\" 505 187" },
		{ "get / HTTP/1.1\r\nHost: x\r\n\r\n",
		  ERR_HEAD("400 Bad Request", "157") PAGE("400 Bad Request"),
		  "\"get / HTTP/1.1\" 400 157" },
		{ "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
		  ERR_HEAD("400 Bad Request", "157") PAGE("400 Bad Request"),
		  "\"POST / HTTP/1.1\" 400 157" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct raw r;
		exchange(f, &r, cases[i].req, strlen(cases[i].req));
		const char *got = same_date(&r);
		if (strcmp(got, cases[i].answer) != 0)
			fail_msg("%s: got [%s]", cases[i].req, got);
		assert_true(r.eof);
		assert_non_null(strstr(f->srv->out, cases[i].log));
		raw_done(&r);
	}
	/* a header line past 8 KiB */
	char big[9100];
	int n = snprintf(big, sizeof big, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: ");
	memset(big + n, 'a', 9000);
	memcpy(big + n + 9000, "\r\n\r\n", 4);
	struct raw r;
	exchange(f, &r, big, (size_t)n + 9004);
	const char *got = same_date(&r);
	assert_string_equal(got, ERR_HEAD("400 Bad Request", "233")
			    "<html>\r\n<head><title>400 Request Header Or Cookie Too Large</title>"
			    "</head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n"
			    "<center>Request Header Or Cookie Too Large</center>\r\n"
			    "<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n");
	raw_done(&r);
}

static void test_keepalive_pipelining(void **state)
{
	struct fx *f = *state;
	const char *req = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
			  "HEAD /api HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	struct raw r;
	const char *got = exchange(f, &r, req, strlen(req));
	assert_string_equal(got,
		"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: " DATE "\r\n"
		"Content-Type: text/html\r\nContent-Length: 15\r\nLast-Modified: " DATE "\r\n"
		"Connection: keep-alive\r\nETag: \"67748580-f\"\r\nAccept-Ranges: bytes\r\n\r\n"
		"hello from web\n"
		"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: " DATE "\r\n"
		"Content-Type: application/octet-stream\r\nContent-Length: 12\r\nLast-Modified: "
		DATE "\r\nConnection: close\r\nETag: \"67748580-c\"\r\nAccept-Ranges: bytes\r\n\r\n");
	assert_true(r.eof);
	assert_non_null(strstr(f->srv->out, "\"HEAD /api HTTP/1.1\" 200 0 \"-\" \"-\"\n"));
	raw_done(&r);
	/* HTTP/1.0: answered as 1.1, then closed */
	got = exchange(f, &r, "GET / HTTP/1.0\r\n\r\n", 18);
	assert_non_null(strstr(got, "Connection: close\r\n"));
	assert_true(r.eof);
	raw_done(&r);
	/* a request with a body, then the next one on the same connection */
	const char *two = "POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
			  "GET /api HTTP/1.1\r\nHost: x\r\n\r\n";
	got = exchange(f, &r, two, strlen(two));
	assert_memory_equal(got, "HTTP/1.1 404 Not Found\r\n", 24);
	assert_non_null(strstr(got, "{\"ok\":true}\n"));
	assert_false(r.eof);    /* keep-alive: still open */
	/* nginx closes an idle connection after keepalive_timeout, 65 s */
	world_run(f->w, f->w->now_ns + 65 * NS_PER_S, 0);
	assert_true(r.eof);
	raw_done(&r);
	const struct http_server_stats *st = http_server_stats(f->srv);
	assert_int_equal(st->connections, 3);
	assert_int_equal(st->requests, 5);
}

/* A large request body is read and dropped as it comes; the request after
 * it on the same connection is answered. */
static void test_big_body(void **state)
{
	struct fx *f = *state;
	size_t body = 100000;
	char *req = malloc(body + 256);
	int n = snprintf(req, 256, "POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: %zu\r\n\r\n",
			 body);
	memset(req + n, 'b', body);
	size_t len = (size_t)n + body;
	len += (size_t)snprintf(req + len, 64, "GET /api HTTP/1.1\r\nHost: x\r\n\r\n");
	struct raw r;
	const char *got = exchange(f, &r, req, len);
	assert_memory_equal(got, "HTTP/1.1 405 Not Allowed\r\n", 26);
	const char *second = strstr(got + 1, "HTTP/1.1 200 OK\r\n");
	assert_non_null(second);
	assert_non_null(strstr(second, "{\"ok\":true}\n"));
	assert_false(r.eof);
	raw_done(&r);
	free(req);
	/* past client_max_body_size: 413 and close */
	const char *huge = "POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\nxx";
	got = exchange(f, &r, huge, strlen(huge));
	assert_memory_equal(got, "HTTP/1.1 413 Request Entity Too Large\r\n", 39);
	assert_true(r.eof);
	raw_done(&r);
}

/* A server that accepts and never answers: curl's -m reports what it got. */
static void noop_accept(void *ctx, struct tcp_sock *l, struct tcp_sock *child)
{
	(void)ctx, (void)l;
	*(struct tcp_sock **)ctx = child;
}

static void test_silent_server(void **state)
{
	struct fx *f = *state;
	struct tcp_sock *child = NULL;
	static const struct tcp_cb cb = { .on_accept = noop_accept };
	struct tcp_sock *l = tcp_listen(f->web, 0, 8081, 5, &cb, &child);
	assert_non_null(l);
	int rc = cmd_fx_run(f->w, f->a, "curl -sSv -m 2 http://10.0.0.80:8081/", &f->out, &f->err);
	assert_int_equal(rc, 28);
	assert_string_equal(f->err,
		"*   Trying 10.0.0.80:8081...\n* Connected to 10.0.0.80 (10.0.0.80) port 8081 (#0)\n"
		"> GET / HTTP/1.1\r\n> Host: 10.0.0.80:8081\r\n> User-Agent: curl/7.88.1\r\n"
		"> Accept: */*\r\n> \r\n"
		"* Operation timed out after 2000 milliseconds with 0 bytes received\n"
		"* Closing connection 0\n"
		"curl: (28) Operation timed out after 2000 milliseconds with 0 bytes received\n");
	if (child)
		tcp_close(child);
	tcp_close(l);
	/* the port is taken: a second server cannot start */
	struct http_server_opts o = { 0 };
	assert_null(http_server_start(f->web, &o));
}

/* A canned server on 8082: reads the request, sends `answer`, closes (as
 * the small Python servers of the real captures did). */
struct canned {
	const char *answer;
	struct tcp_sock *child;
};

static void canned_readable(void *ctx, struct tcp_sock *s)
{
	struct canned *k = ctx;
	char buf[4096];
	while (tcp_recv(s, buf, sizeof buf) > 0)
		;
	if (k->child) {
		if (strcmp(k->answer, "RST") == 0) {
			tcp_abort(s);   /* SO_LINGER 0 */
		} else {
			if (k->answer[0])
				tcp_send(s, k->answer, strlen(k->answer));
			tcp_close(s);
		}
		k->child = NULL;
	}
}

static void canned_error(void *ctx, struct tcp_sock *s, int err)
{
	(void)s, (void)err;
	struct canned *k = ctx;
	if (k->child) {
		tcp_close(k->child);
		k->child = NULL;
	}
}

static const struct tcp_cb canned_child_cb = { .on_readable = canned_readable,
					       .on_error = canned_error };

static void canned_accept(void *ctx, struct tcp_sock *l, struct tcp_sock *child)
{
	(void)l;
	struct canned *k = ctx;
	k->child = child;
	tcp_set_cb(child, &canned_child_cb, k);
}

#define TRIED "*   Trying 10.0.0.80:8082...\n* Connected to 10.0.0.80 (10.0.0.80) port 8082 (#0)\n" \
	"> GET / HTTP/1.1\r\n> Host: 10.0.0.80:8082\r\n> User-Agent: curl/7.88.1\r\n" \
	"> Accept: */*\r\n> \r\n"

/* capture5 and capture8: chunked, HTTP/1.0 close-delimited, a short body,
 * nothing at all, not HTTP. */
static void test_client_reads(void **state)
{
	struct fx *f = *state;
	static const struct { const char *answer, *out, *err; int rc; } cases[] = {
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
		  "5\r\nhello\r\n7\r\n world\n\r\n0\r\n\r\n", "hello world\n",
		  TRIED "< HTTP/1.1 200 OK\r\n< Transfer-Encoding: chunked\r\n"
		  "< Content-Type: text/plain\r\n< \r\n"
		  "* Connection #0 to host 10.0.0.80 left intact\n", 0 },
		{ "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nclose-delimited\n",
		  "close-delimited\n",
		  TRIED "* HTTP 1.0, assume close after body\n< HTTP/1.0 200 OK\r\n"
		  "< Content-Type: text/plain\r\n< \r\n* Closing connection 0\n", 0 },
		{ "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly10byte", "only10byte",
		  TRIED "< HTTP/1.1 200 OK\r\n< Content-Length: 100\r\n< \r\n"
		  "* transfer closed with 90 bytes remaining to read\n* Closing connection 0\n"
		  "curl: (18) transfer closed with 90 bytes remaining to read\n", 18 },
		{ "", "", TRIED "* Empty reply from server\n* Closing connection 0\n"
		  "curl: (52) Empty reply from server\n", 52 },
		{ "SSH-2.0-x\r\n", "", TRIED "* Received HTTP/0.9 when not allowed\n"
		  "* Closing connection 0\ncurl: (1) Received HTTP/0.9 when not allowed\n", 1 },
		{ "RST", "", TRIED "* Recv failure: Connection reset by peer\n"
		  "* Closing connection 0\ncurl: (56) Recv failure: Connection reset by peer\n", 56 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct canned k = { .answer = cases[i].answer };
		static const struct tcp_cb cb = { .on_accept = canned_accept };
		struct tcp_sock *l = tcp_listen(f->web, 0, 8082, 5, &cb, &k);
		assert_non_null(l);
		int rc = cmd_fx_run(f->w, f->a, "curl -sSv http://10.0.0.80:8082/", &f->out, &f->err);
		if (rc != cases[i].rc || strcmp(f->out, cases[i].out) || strcmp(f->err, cases[i].err))
			fail_msg("case %zu: got %d [%s] [%s]", i, rc, f->out, f->err);
		world_run(f->w, f->w->now_ns + NS_PER_S, 0);
		if (k.child)
			tcp_close(k.child);
		tcp_close(l);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bad_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keepalive_pipelining, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_silent_server, setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_reads, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
