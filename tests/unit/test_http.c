/* test_http.c — HTTP heads (wire/http.c): requests checked as nginx 1.22.1
 * checks them (the statuses were captured from nginx-light 1.22.1 on
 * Debian 12 with raw requests from a socket), responses read as curl reads
 * them, chunked decoding, dates; and hostile input: every prefix of every
 * request, random bytes, lengths at the limits. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc/curl.h"
#include "proc/http_server.h"
#include "wire/http.h"

static int parse(const char *s, struct http_req *r)
{
	return http_req_parse(s, strlen(s), r);
}

static void test_request_ok(void **state)
{
	(void)state;
	struct http_req r;
	const char *req = "GET /api?x=1 HTTP/1.1\r\nHost: 10.0.0.80\r\nUser-Agent: curl/7.88.1\r\n"
			  "Accept: */*\r\n\r\nextra";
	assert_int_equal(parse(req, &r), 1);
	assert_int_equal(r.head_len, strlen(req) - 5);
	assert_true(http_str_eq(r.method, "GET"));
	assert_int_equal(r.path.len, 4);
	assert_memory_equal(r.path.p, "/api", 4);
	assert_int_equal(r.target.len, 8);
	assert_int_equal(r.version, 11);
	assert_true(http_str_eq(r.host, "10.0.0.80"));
	assert_true(http_str_eq(r.user_agent, "curl/7.88.1"));
	assert_int_equal(r.n_headers, 3);
	assert_true(http_str_eq(r.line, "GET /api?x=1 HTTP/1.1"));
	/* bare LF, leading empty lines, HTTP/1.0 without Host */
	assert_int_equal(parse("\r\n\nGET / HTTP/1.0\n\n", &r), 1);
	assert_int_equal(r.version, 10);
	/* absolute form: the host comes from the target */
	assert_int_equal(parse("GET http://web.example/a HTTP/1.1\r\n\r\n", &r), 1);
	assert_true(http_str_eq(r.host, "web.example"));
	assert_true(http_str_eq(r.path, "/a"));
	/* Connection tokens, Content-Length, chunked */
	assert_int_equal(parse("POST / HTTP/1.1\r\nHost: x\r\nConnection: Keep-Alive, Close\r\n"
			       "Content-Length: 3\r\n\r\nabc", &r), 1);
	assert_true(r.conn_close && r.conn_keep_alive && r.has_length);
	assert_int_equal(r.content_length, 3);
	assert_int_equal(parse("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
			       &r), 1);
	assert_true(r.chunked);
}

static void test_request_incomplete(void **state)
{
	(void)state;
	const char *req = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	struct http_req r;
	for (size_t n = 0; n < strlen(req); n++)
		assert_int_equal(http_req_parse(req, n, &r), 0);
	assert_int_equal(http_req_parse(req, strlen(req), &r), 1);
}

/* What nginx answered to each, captured. */
static void test_request_bad(void **state)
{
	(void)state;
	static const struct { const char *req; int status; } cases[] = {
		{ "HELLO\r\n\r\n", 400 },
		{ "GET / HTTP/1.1\r\n\r\n", 400 },                      /* no Host */
		{ "GET / HTTP/2.7\r\nHost: x\r\n\r\n", 505 },
		{ "get / HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
		{ "GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 400 },
		{ "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400 },
		{ "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400 },
		{ "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n", 400 },
		{ "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
		  "Transfer-Encoding: chunked\r\n\r\n", 400 },
		{ "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501 },
		{ "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400 },
		{ "GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400 },
		{ "GET /\r\n\r\n", 400 },                               /* HTTP/0.9: not modelled */
		{ "GET x HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
		{ "GET / HTTP/1.1 junk\r\nHost: x\r\n\r\n", 400 },
		{ "GET / HTTP/0.9\r\n\r\n", 400 },
		{ "GET / HTTP/1.\r\n\r\n", 400 },
		{ "GET / HTTP/1.1\r\nHost: x\r\n: empty\r\n\r\n", 400 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct http_req r;
		int st = parse(cases[i].req, &r);
		if (st != cases[i].status)
			fail_msg("%s: want %d, got %d", cases[i].req, cases[i].status, st);
	}
}

static void test_request_limits(void **state)
{
	(void)state;
	struct http_req r;
	size_t big = HTTP_HEAD_MAX + HTTP_LINE_MAX;
	char *buf = malloc(big + 64);
	/* a request line longer than 8 KiB: 414, complete or not */
	memcpy(buf, "GET /", 5);
	memset(buf + 5, 'a', 9000);
	assert_int_equal(http_req_parse(buf, 9005, &r), 414);
	memcpy(buf + 9005, " HTTP/1.1\r\nHost: x\r\n\r\n", 22);
	assert_int_equal(http_req_parse(buf, 9027, &r), 414);
	/* a header line longer than 8 KiB: 400 Request Header Or Cookie Too Large */
	int n = snprintf(buf, 64, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: ");
	memset(buf + n, 'a', 9000);
	assert_int_equal(http_req_parse(buf, (size_t)n + 9000, &r), 400);
	assert_true(r.too_large);
	/* many small headers past 32 KiB */
	size_t at = (size_t)snprintf(buf, 64, "GET / HTTP/1.1\r\nHost: x\r\n");
	while (at + 20 < big) {
		memcpy(buf + at, "X-Hdr: 0123456789\r\n", 19);
		at += 19;
	}
	assert_int_equal(http_req_parse(buf, at, &r), 400);
	assert_true(r.too_large);
	free(buf);
}

/* Random bytes and mutated requests never crash or read out of bounds
 * (run under ASan); the answer is always one of the defined ones. */
static void test_request_hostile(void **state)
{
	(void)state;
	uint32_t x = 12345;
	const char *seed = "POST http://h:8/a?b HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n"
			   "Connection: close\r\nTransfer-Encoding: chunked\r\n\r\nab";
	size_t sl = strlen(seed);
	for (int iter = 0; iter < 20000; iter++) {
		char buf[256];
		size_t len;
		x = x * 1103515245u + 12345u;
		if (iter % 2) {
			len = (x >> 8) % sizeof buf;
			for (size_t i = 0; i < len; i++) {
				x = x * 1103515245u + 12345u;
				buf[i] = (char)(x >> 16);
			}
		} else {
			len = sl;
			memcpy(buf, seed, sl);
			for (int k = 0; k < 3; k++) {
				x = x * 1103515245u + 12345u;
				buf[(x >> 8) % sl] = (char)(x >> 20);
			}
		}
		char *heap = malloc(len ? len : 1);
		memcpy(heap, buf, len);
		struct http_req r;
		int st = http_req_parse(heap, len, &r);
		assert_true(st == 0 || st == 1 || st == 400 || st == 414 || st == 501 || st == 505);
		struct http_resp rs;
		int rst = http_resp_parse(heap, len, &rs);
		assert_true(rst >= -1 && rst <= 1);
		struct http_chunked ch = { 0 };
		char out[64];
		size_t ol = 0;
		bool done;
		long k = http_chunked_feed(&ch, heap, len, out, sizeof out, &ol, &done);
		assert_true(k >= -1 && k <= (long)len && ol <= sizeof out);
		free(heap);
	}
}

static void test_response(void **state)
{
	(void)state;
	struct http_resp r;
	const char *h = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Type: text/html\r\n"
			"Content-Length: 15\r\nConnection: keep-alive\r\n\r\nhello from web\n";
	assert_int_equal(http_resp_parse(h, strlen(h), &r), 1);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.version, 11);
	assert_true(r.has_length);
	assert_int_equal(r.content_length, 15);
	assert_int_equal(r.head_len, strlen(h) - 15);
	assert_true(http_str_eq(r.content_type, "text/html"));
	assert_true(http_str_eq(r.reason, "OK"));
	assert_int_equal(http_resp_parse("HTTP/1.0 404\r\n\r\n", 16, &r), 1);
	assert_int_equal(r.status, 404);
	assert_int_equal(r.version, 10);
	assert_int_equal(http_resp_parse("HTTP/1.1 200 OK\r\n", 17, &r), 0);
	assert_int_equal(http_resp_parse("HTT", 3, &r), 0);
	assert_int_equal(http_resp_parse("SSH-2.0-x\r\n", 11, &r), -1);
	assert_int_equal(http_resp_parse("HTTP/1.1 2x0 OK\r\n\r\n", 19, &r), -1);
}

static void test_chunked(void **state)
{
	(void)state;
	const char *body = "5\r\nhello\r\n7;ext=1\r\n world\n\r\n0\r\nTrailer: x\r\n\r\n";
	/* fed whole and byte by byte, the same bytes come out */
	for (int mode = 0; mode < 2; mode++) {
		struct http_chunked c = { 0 };
		char out[64];
		size_t ol = 0, i = 0, n = strlen(body);
		bool done = false;
		while (i < n && !done) {
			size_t step = mode ? 1 : n - i;
			long k = http_chunked_feed(&c, body + i, step, out, sizeof out, &ol, &done);
			assert_true(k > 0);
			i += (size_t)k;
		}
		assert_true(done);
		assert_int_equal(i, n);
		assert_int_equal(ol, 12);
		assert_memory_equal(out, "hello world\n", 12);
	}
	struct http_chunked c = { 0 };
	char out[8];
	size_t ol = 0;
	bool done;
	assert_int_equal(http_chunked_feed(&c, "zz\r\n", 4, out, sizeof out, &ol, &done), -1);
	struct http_chunked c2 = { 0 };
	assert_int_equal(http_chunked_feed(&c2, "2\r\nabX", 6, out, sizeof out, &ol, &done), -1);
}

static void test_dates(void **state)
{
	(void)state;
	char d[32];
	http_date(1735689600, d);
	assert_string_equal(d, "Wed, 01 Jan 2025 00:00:00 GMT");
	http_date(1795698856, d);
	assert_string_equal(d, "Thu, 26 Nov 2026 13:14:16 GMT");
	http_log_time(1735689602, d);
	assert_string_equal(d, "01/Jan/2025:00:00:02 +0000");
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(http_reason(405), "Not Allowed");
	assert_string_equal(http_reason(414), "Request-URI Too Large");
	assert_string_equal(http_reason(299), "");
	assert_string_equal(http_mime_type("/"), "text/html");
	assert_string_equal(http_mime_type("/a/index.html"), "text/html");
	assert_string_equal(http_mime_type("/api"), "application/octet-stream");
	assert_string_equal(http_mime_type("/x.json"), "application/json");
	assert_string_equal(http_mime_type("/v1.2/data"), "application/octet-stream");
}

static void test_url(void **state)
{
	(void)state;
	struct curl_url u;
	assert_int_equal(curl_url_parse("http://10.0.0.80/", &u), 0);
	assert_string_equal(u.host, "10.0.0.80");
	assert_int_equal(u.port, 80);
	assert_string_equal(u.path, "/");
	assert_int_equal(curl_url_parse("10.0.0.80:8081/api?q=1#frag", &u), 0);
	assert_string_equal(u.scheme, "http");
	assert_int_equal(u.port, 8081);
	assert_true(u.port_given);
	assert_string_equal(u.path, "/api?q=1");
	assert_int_equal(curl_url_parse("HTTP://web", &u), 0);
	assert_string_equal(u.path, "/");
	assert_int_equal(curl_url_parse("http://u:p@h/", &u), 0);
	assert_true(u.has_user);
	assert_string_equal(u.user, "u");
	assert_string_equal(u.password, "p");
	assert_string_equal(u.host, "h");
	assert_int_equal(curl_url_parse("http://h?x", &u), 0);
	assert_string_equal(u.path, "/?x");
	/* curl's exit statuses for bad ones */
	assert_int_equal(curl_url_parse("https://10.0.0.80/", &u), 1);
	assert_int_equal(curl_url_parse("foo://10.0.0.80/", &u), 1);
	assert_int_equal(curl_url_parse("", &u), 3);
	assert_int_equal(curl_url_parse("http://", &u), 3);
	assert_int_equal(curl_url_parse("http://10.0.0.80:99999/", &u), 3);
	assert_int_equal(curl_url_parse("http://10.0.0.80/a b", &u), 3);
	assert_int_equal(curl_url_parse("http://h:8x/", &u), 3);
	assert_int_equal(curl_url_parse("://h/", &u), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_ok),
		cmocka_unit_test(test_request_incomplete),
		cmocka_unit_test(test_request_bad),
		cmocka_unit_test(test_request_limits),
		cmocka_unit_test(test_request_hostile),
		cmocka_unit_test(test_response),
		cmocka_unit_test(test_chunked),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_url),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
