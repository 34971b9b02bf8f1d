/* test_cmd_curl.c — `curl` (7.88.1) against the HTTP server (nginx 1.22.1's
 * answers) through the simulated TCP, compared with the real tools.
 *
 * The topology is the one the expected texts were captured on, on Debian
 * 12 in network namespaces, nginx-light serving two files (index.html
 * "hello from web\n" and api '{"ok":true}\n'):
 *
 *     a ──eth0──────eth0── web
 *     10.0.0.1/24          10.0.0.80/24
 *
 * Differences from the real texts, all from the clock: Date and
 * Last-Modified are the simulated wall clock (2025-01-01 00:00:00 at time
 * 0, and the server "file" was written when the server started), so the
 * ETag (mtime-size in hex) is "67748580-f"; a veth pair crosses in no
 * time, so "after 0 ms" everywhere except the timeouts.  Each test builds a
 * fresh world, so every transfer starts at time 0 too. */
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
#include "dev/node_files.h"
#include "proc/curl.h"
#include "proc/http_server.h"
#include "proc/proc.h"
#include "cmd_fixture.h"

struct fx {
	struct world *w;
	struct node *n;
	struct proc *srv;
	char *out, *err;
};

static int run(struct fx *f, const char *line)
{
	return cmd_fx_run(f->w, f->n, line, &f->out, &f->err);
}

#define STEPS(f, table) \
	cmd_fx_steps((f)->w, (f)->n, &(f)->out, &(f)->err, table, sizeof table / sizeof table[0])

static const char *const topology[] = {
	"ip netns add a",
	"ip netns add web",
	"ip -n a link set lo up",
	"ip -n web link set lo up",
	"ip -n a link add eth0 type veth peer name eth0 netns web",
	"ip -n a addr add 10.0.0.1/24 dev eth0",
	"ip -n web addr add 10.0.0.80/24 dev eth0",
	"ip -n a link set eth0 up",
	"ip -n web link set eth0 up",
};

static const struct http_route routes[] = {
	{ .key = "/", .body = "hello from web\n", .body_len = 15 },
	{ .key = "/api", .body = "{\"ok\":true}\n", .body_len = 12 },
	{ .key = "web.example/", .body = "virtual host\n", .body_len = 13 },
	{ .key = "/made", .status = 201, .body = "made\n", .body_len = 5, .type = "text/plain" },
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->w = world_new(1);
	f->n = node_new(f->w, "h", NODE_HOST);
	netdev_set_up(f->n->lo, true);
	for (size_t i = 0; i < sizeof topology / sizeof topology[0]; i++) {
		if (run(f, topology[i]) != 0) {
			fprintf(stderr, "set-up `%s` failed: %s\n", topology[i], f->err);
			return -1;
		}
	}
	struct http_server_opts o = { .routes = routes, .n_routes = 4 };
	f->srv = http_server_start(world_node(f->w, "web"), &o);
	if (!f->srv)
		return -1;
	*state = f;
	return 0;
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
#define HEAD_200(conn) \
	"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: " DATE "\r\n" \
	"Content-Type: text/html\r\nContent-Length: 15\r\nLast-Modified: " DATE "\r\n" \
	"Connection: " conn "\r\nETag: \"67748580-f\"\r\nAccept-Ranges: bytes\r\n\r\n"
#define PAGE_404 \
	"<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n" \
	"<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n" \
	"</body>\r\n</html>\r\n"
#define PAGE_405 \
	"<html>\r\n<head><title>405 Not Allowed</title></head>\r\n<body>\r\n" \
	"<center><h1>405 Not Allowed</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n" \
	"</body>\r\n</html>\r\n"
#define REQ(path) \
	"> GET " path " HTTP/1.1\r\n> Host: 10.0.0.80\r\n> User-Agent: curl/7.88.1\r\n" \
	"> Accept: */*\r\n> \r\n"
#define CONNECTED "*   Trying 10.0.0.80:80...\n* Connected to 10.0.0.80 (10.0.0.80) port 80 (#0)\n"
#define LEFT_INTACT "* Connection #0 to host 10.0.0.80 left intact\n"

static void test_get(void **state)
{
	struct fx *f = *state;
	static const struct cmd_fx_step s[] = {
		{ "ip netns exec a curl http://10.0.0.80/", "hello from web\n", "", 0 },
		/* no scheme: http */
		{ "ip netns exec a curl -s 10.0.0.80/api", "{\"ok\":true}\n", "", 0 },
		{ "ip netns exec a curl -v http://10.0.0.80/", "hello from web\n",
		  CONNECTED REQ("/")
		  "< HTTP/1.1 200 OK\r\n< Server: nginx/1.22.1\r\n< Date: " DATE "\r\n"
		  "< Content-Type: text/html\r\n< Content-Length: 15\r\n< Last-Modified: " DATE "\r\n"
		  "< Connection: keep-alive\r\n< ETag: \"67748580-f\"\r\n< Accept-Ranges: bytes\r\n"
		  "< \r\n" LEFT_INTACT, 0 },
		{ "ip netns exec a curl -s http://10.0.0.80/nope", PAGE_404, "", 0 },
		{ "ip netns exec a curl -sv http://10.0.0.80/nope", PAGE_404,
		  CONNECTED REQ("/nope")
		  "< HTTP/1.1 404 Not Found\r\n< Server: nginx/1.22.1\r\n< Date: " DATE "\r\n"
		  "< Content-Type: text/html\r\n< Content-Length: 153\r\n"
		  "< Connection: keep-alive\r\n< \r\n" LEFT_INTACT, 0 },
		{ "ip netns exec a curl -sI http://10.0.0.80/", HEAD_200("keep-alive"), "", 0 },
		{ "ip netns exec a curl -si http://10.0.0.80/api",
		  "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: " DATE "\r\n"
		  "Content-Type: application/octet-stream\r\nContent-Length: 12\r\nLast-Modified: "
		  DATE "\r\nConnection: keep-alive\r\nETag: \"67748580-c\"\r\n"
		  "Accept-Ranges: bytes\r\n\r\n{\"ok\":true}\n", "", 0 },
		{ "ip netns exec a curl -s -H 'Connection: close' http://10.0.0.80/", "hello from web\n",
		  "", 0 },
		{ "ip netns exec a curl -sv -H 'Connection: close' http://10.0.0.80/", "hello from web\n",
		  CONNECTED "> GET / HTTP/1.1\r\n> Host: 10.0.0.80\r\n> User-Agent: curl/7.88.1\r\n"
		  "> Accept: */*\r\n> Connection: close\r\n> \r\n"
		  "< HTTP/1.1 200 OK\r\n< Server: nginx/1.22.1\r\n< Date: " DATE "\r\n"
		  "< Content-Type: text/html\r\n< Content-Length: 15\r\n< Last-Modified: " DATE "\r\n"
		  "< Connection: close\r\n< ETag: \"67748580-f\"\r\n< Accept-Ranges: bytes\r\n"
		  "< \r\n* Closing connection 0\n", 0 },
		/* virtual host and a `return 201` route */
		{ "ip netns exec a curl -s -H 'Host: web.example' http://10.0.0.80/", "virtual host\n",
		  "", 0 },
		{ "ip netns exec a curl -si http://10.0.0.80/made",
		  "HTTP/1.1 201 Created\r\nServer: nginx/1.22.1\r\nDate: " DATE "\r\n"
		  "Content-Type: text/plain\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\n"
		  "made\n", "", 0 },
		{ "ip netns exec a curl -s -o /dev/null -w '%{http_code}\\n' http://10.0.0.80/",
		  "200\n", "", 0 },
		{ "ip netns exec a curl -s -o /dev/null -w '%{http_code} %{size_download} %{remote_ip} "
		  "%{remote_port} %{content_type} %{url_effective} %{exitcode} %{num_connects} "
		  "%{method}\\n' http://10.0.0.80/",
		  "200 15 10.0.0.80 80 text/html http://10.0.0.80/ 0 1 GET\n", "", 0 },
	};
	STEPS(f, s);
}

static void test_post_and_fail(void **state)
{
	struct fx *f = *state;
	static const struct cmd_fx_step s[] = {
		{ "ip netns exec a curl -sv -d a=1 http://10.0.0.80/", PAGE_405,
		  CONNECTED "> POST / HTTP/1.1\r\n> Host: 10.0.0.80\r\n> User-Agent: curl/7.88.1\r\n"
		  "> Accept: */*\r\n> Content-Length: 3\r\n"
		  "> Content-Type: application/x-www-form-urlencoded\r\n> \r\n"
		  "< HTTP/1.1 405 Not Allowed\r\n< Server: nginx/1.22.1\r\n< Date: " DATE "\r\n"
		  "< Content-Type: text/html\r\n< Content-Length: 157\r\n"
		  "< Connection: keep-alive\r\n< \r\n" LEFT_INTACT, 0 },
		{ "ip netns exec a curl -s -X DELETE http://10.0.0.80/", PAGE_405, "", 0 },
		/* -A in User-Agent's place, -u as Authorization after Host (captured) */
		{ "ip netns exec a curl -sv -A 'my agent' -u bob:secret http://10.0.0.80/",
		  "hello from web\n",
		  CONNECTED "* Server auth using Basic with user 'bob'\n"
		  "> GET / HTTP/1.1\r\n> Host: 10.0.0.80\r\n"
		  "> Authorization: Basic Ym9iOnNlY3JldA==\r\n> User-Agent: my agent\r\n"
		  "> Accept: */*\r\n> \r\n"
		  "< HTTP/1.1 200 OK\r\n< Server: nginx/1.22.1\r\n< Date: " DATE "\r\n"
		  "< Content-Type: text/html\r\n< Content-Length: 15\r\n< Last-Modified: " DATE "\r\n"
		  "< Connection: keep-alive\r\n< ETag: \"67748580-f\"\r\n< Accept-Ranges: bytes\r\n"
		  "< \r\n" LEFT_INTACT, 0 },
		{ "ip netns exec a curl -sv -d a=1 -H 'X-A: b' -H 'User-Agent: mine' http://10.0.0.80/",
		  PAGE_405,
		  CONNECTED "> POST / HTTP/1.1\r\n> Host: 10.0.0.80\r\n> Accept: */*\r\n> X-A: b\r\n"
		  "> User-Agent: mine\r\n> Content-Length: 3\r\n"
		  "> Content-Type: application/x-www-form-urlencoded\r\n> \r\n"
		  "< HTTP/1.1 405 Not Allowed\r\n< Server: nginx/1.22.1\r\n< Date: " DATE "\r\n"
		  "< Content-Type: text/html\r\n< Content-Length: 157\r\n"
		  "< Connection: keep-alive\r\n< \r\n" LEFT_INTACT, 0 },
		{ "ip netns exec a curl -sf http://10.0.0.80/nope", "", "", 22 },
		{ "ip netns exec a curl -f http://10.0.0.80/nope", "",
		  "curl: (22) The requested URL returned error: 404\n", 22 },
		{ "ip netns exec a curl -sSvf http://10.0.0.80/x", "",
		  CONNECTED REQ("/x")
		  "< HTTP/1.1 404 Not Found\r\n< Server: nginx/1.22.1\r\n< Date: " DATE "\r\n"
		  "< Content-Type: text/html\r\n< Content-Length: 153\r\n< Connection: keep-alive\r\n"
		  "* The requested URL returned error: 404\n* Closing connection 0\n"
		  "curl: (22) The requested URL returned error: 404\n", 22 },
		{ "ip netns exec a curl -s -f -w '[%{http_code}]\\n' http://10.0.0.80/x", "[404]\n", "",
		  22 },
	};
	STEPS(f, s);
}

static void test_output_file(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "ip netns exec a curl -s -o /tmp/out.html http://10.0.0.80/"), 0);
	assert_string_equal(f->out, "");
	assert_string_equal(f->err, "");
	assert_int_equal(run(f, "ip netns exec a cat /tmp/out.html"), 0);
	assert_string_equal(f->out, "hello from web\n");
	/* Without -s a terminal shows the meter on stderr: its header, and the
	 * line it ends with. */
	assert_int_equal(run(f, "ip netns exec a curl -o /tmp/o2 http://10.0.0.80/api"), 0);
	assert_string_equal(f->out, "");
	const char *hdr = "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  "
			  "Current\n                                 Dload  Upload   Total   Spent    "
			  "Left  Speed\n100    12  100    12    0     0 ";
	assert_memory_equal(f->err, hdr, strlen(hdr));
	/* -O: the URL's last part, in root's home */
	assert_int_equal(run(f, "ip netns exec a curl -sO http://10.0.0.80/api"), 0);
	assert_int_equal(run(f, "ip netns exec a cat /root/api"), 0);
	assert_string_equal(f->out, "{\"ok\":true}\n");
	static const struct cmd_fx_step s[] = {
		{ "ip netns exec a curl -sS -o /nonexist/x http://10.0.0.80/", "",
		  "curl: (23) Failure writing output to destination\n", 23 },
		{ "ip netns exec a curl -sSO http://10.0.0.80/", "",
		  "curl: (23) Failed writing received data to disk/application\n", 23 },
	};
	STEPS(f, s);
	/* The access log: on the server's stdout and in its file, one line per
	 * request, nginx's "combined" format. */
	const char *line = "10.0.0.1 - - [01/Jan/2025:00:00:00 +0000] \"GET / HTTP/1.1\" 200 15 \"-\" "
			   "\"curl/7.88.1\"\n";
	assert_memory_equal(f->srv->out, line, strlen(line));
	size_t len;
	const char *log = node_file_read(world_node(f->w, "web"), "/var/log/nginx/access.log", &len);
	assert_non_null(log);
	assert_int_equal(len, f->srv->out_len);
	assert_memory_equal(log, f->srv->out, len);
	assert_non_null(strstr(log, "\"GET /api HTTP/1.1\" 200 12 \"-\" \"curl/7.88.1\"\n"));
}

static void test_errors(void **state)
{
	struct fx *f = *state;
	static const struct cmd_fx_step s[] = {
		{ "ip netns exec a curl http://10.0.0.80:81/", "",
		  "curl: (7) Failed to connect to 10.0.0.80 port 81 after 0 ms: Couldn't connect to "
		  "server\n", 7 },
		{ "ip netns exec a curl -s http://10.0.0.80:81/", "", "", 7 },
		{ "ip netns exec a curl -sv http://10.0.0.80:81/", "",
		  "*   Trying 10.0.0.80:81...\n* connect to 10.0.0.80 port 81 failed: Connection "
		  "refused\n* Failed to connect to 10.0.0.80 port 81 after 0 ms: Couldn't connect to "
		  "server\n* Closing connection 0\n", 7 },
		{ "ip netns exec a curl -S -s -w '[%{http_code}]\\n' http://10.0.0.80:81/", "[000]\n",
		  "curl: (7) Failed to connect to 10.0.0.80 port 81 after 0 ms: Couldn't connect to "
		  "server\n", 7 },
		/* no route: connect() fails at once (ENETUNREACH) */
		{ "ip netns exec a curl -sS http://10.9.9.9/", "",
		  "curl: (7) Failed to connect to 10.9.9.9 port 80 after 0 ms: Couldn't connect to "
		  "server\n", 7 },
		{ "ip netns exec a curl -sv http://10.9.9.9/", "",
		  "*   Trying 10.9.9.9:80...\n* Immediate connect fail for 10.9.9.9: Network is "
		  "unreachable\n* Failed to connect to 10.9.9.9 port 80 after 0 ms: Couldn't connect "
		  "to server\n* Closing connection 0\n", 7 },
		{ "ip netns exec a curl -sS http://nosuchhost/", "",
		  "curl: (6) Could not resolve host: nosuchhost\n", 6 },
		{ "ip netns exec a curl -sSv http://nosuchhost/", "",
		  "* Could not resolve host: nosuchhost\n* Closing connection 0\n"
		  "curl: (6) Could not resolve host: nosuchhost\n", 6 },
		{ "ip netns exec a curl -sS foo://10.0.0.80/", "",
		  "curl: (1) Protocol \"foo\" not supported or disabled in libcurl\n", 1 },
		{ "ip netns exec a curl -sSv nosuchscheme://x/", "",
		  "* Protocol \"nosuchscheme\" not supported or disabled in libcurl\n"
		  "* Closing connection -1\n"
		  "curl: (1) Protocol \"nosuchscheme\" not supported or disabled in libcurl\n", 1 },
		{ "curl", "", "curl: try 'curl --help' or 'curl --manual' for more information\n", 2 },
		{ "curl -sS ''", "", "curl: (3) URL using bad/illegal format or missing URL\n", 3 },
		{ "curl -sS http://", "", "curl: (3) URL using bad/illegal format or missing URL\n", 3 },
		{ "curl -sS http://10.0.0.80:99999/", "",
		  "curl: (3) URL using bad/illegal format or missing URL\n", 3 },
		{ "curl -sS 'http://10.0.0.80/a b'", "",
		  "curl: (3) URL using bad/illegal format or missing URL\n", 3 },
		{ "curl --bogus", "", "curl: option --bogus: is unknown\n"
		  "curl: try 'curl --help' or 'curl --manual' for more information\n", 2 },
		{ "curl -m", "", "curl: option -m: requires parameter\n"
		  "curl: try 'curl --help' or 'curl --manual' for more information\n", 2 },
		{ "curl -m abc http://10.0.0.80/", "",
		  "curl: option -m: expected a proper numerical parameter\n"
		  "curl: try 'curl --help' or 'curl --manual' for more information\n", 2 },
		{ "curl -m -1 http://10.0.0.80/", "",
		  "curl: option -m: expected a positive numerical parameter\n"
		  "curl: try 'curl --help' or 'curl --manual' for more information\n", 2 },
		{ "curl -sS --max-time 1x http://10.0.0.80/", "",
		  "curl: option --max-time: expected a proper numerical parameter\n"
		  "curl: try 'curl --help' or 'curl --manual' for more information\n", 2 },
		{ "curl -I -d x http://10.0.0.80/", "",
		  "Warning: You can only select one HTTP request method! You asked for both POST \n"
		  "Warning: (-d, --data) and HEAD (-I, --head).\n", 2 },
	};
	STEPS(f, s);
}

/* Timeouts: SYNs into the void (a neighbour entry for a machine that is not
 * there), as on the real machine. */
static void test_timeouts(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "ip -n a neigh add 10.0.0.98 lladdr 02:00:00:00:00:99 dev eth0 "
				"nud permanent"), 0);
	static const struct cmd_fx_step s[] = {
		{ "ip netns exec a curl -sSv -m 2 http://10.0.0.98/", "",
		  "*   Trying 10.0.0.98:80...\n* Connection timed out after 2000 milliseconds\n"
		  "* Closing connection 0\ncurl: (28) Connection timed out after 2000 milliseconds\n",
		  28 },
		{ "ip netns exec a curl -sS --max-time 0.5 http://10.0.0.98/", "",
		  "curl: (28) Connection timed out after 500 milliseconds\n", 28 },
		{ "ip netns exec a curl -sSv --connect-timeout 1.5 http://10.0.0.98/", "",
		  "*   Trying 10.0.0.98:80...\n* ipv4 connect timeout after 1500ms, move on!\n"
		  "* Failed to connect to 10.0.0.98 port 80 after 1500 ms: Timeout was reached\n"
		  "* Closing connection 0\n"
		  "curl: (28) Failed to connect to 10.0.0.98 port 80 after 1500 ms: Timeout was "
		  "reached\n", 28 },
		/* no -m: the kernel gives up after tcp_syn_retries (6) SYNs, 127 s
		 * (ETIMEDOUT); curl says 28 with its "couldn't connect" words */
		{ "ip netns exec a curl -sSv http://10.0.0.98/", "",
		  "*   Trying 10.0.0.98:80...\n* connect to 10.0.0.98 port 80 failed: Connection "
		  "timed out\n* Failed to connect to 10.0.0.98 port 80 after 127000 ms: Couldn't "
		  "connect to server\n* Closing connection 0\n"
		  "curl: (28) Failed to connect to 10.0.0.98 port 80 after 127000 ms: Couldn't "
		  "connect to server\n", 28 },
		/* nobody answers ARP: the kernel gives up after 3 s (EHOSTUNREACH) */
		{ "ip netns exec a curl -sSv http://10.0.0.99/", "",
		  "*   Trying 10.0.0.99:80...\n* connect to 10.0.0.99 port 80 failed: No route to "
		  "host\n* Failed to connect to 10.0.0.99 port 80 after 3000 ms: Couldn't connect to "
		  "server\n* Closing connection 0\n"
		  "curl: (7) Failed to connect to 10.0.0.99 port 80 after 3000 ms: Couldn't connect to "
		  "server\n", 7 },
	};
	STEPS(f, s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_post_and_fail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_output_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeouts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
