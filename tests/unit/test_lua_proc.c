/* test_lua_proc.c — the process handle of a scenario (sim/lua/lua_api_proc.c):
 * the counters a DNS or HTTP server's handle shows (p.queries,
 * p.cache_hits, p.forwarded, p.requests, p.connections), and n:ping() on
 * a name, resolved as the ping command resolves it (/etc/hosts first, then
 * the nameserver of /etc/resolv.conf, the reply lines' sources by PTR; a
 * name nobody knows fails as iputils fails, exit 2).  Each case is a
 * scenario run in-process: every expect() must pass. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/world.h"
#include "lua/lua_api.h"

/* Run src as a scenario; all its checks pass, and there are n of them. */
static void run_scenario(const char *src, size_t want)
{
	char path[64];
	snprintf(path, sizeof path, "/tmp/wl-lua-proc-%d.lua", (int)getpid());
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(src, fp);
	fclose(fp);
	struct world *w = world_new(11);
	struct lua_scenario_opts o = { .seed = 11 };
	struct lua_scenario *s = lua_scenario_new(w, &o);
	assert_int_equal(lua_scenario_load(s, path), 0);
	unlink(path);
	lua_scenario_start(s);
	world_run(w, -1, 0);
	if (lua_scenario_status(s) != LSS_DONE)
		fail_msg("scenario: %s", lua_scenario_error(s) ? lua_scenario_error(s) : "?");
	size_t n, passed, failed;
	const struct lua_check *c = lua_scenario_checks(s, &n, &passed, &failed);
	for (size_t i = 0; i < n; i++)
		if (!c[i].passed)
			fail_msg("%s: %s (got %s, expected %s)", c[i].where,
				 c[i].message ? c[i].message : "", c[i].got ? c[i].got : "",
				 c[i].expected ? c[i].expected : "");
	assert_int_equal(passed, want);
	assert_int_equal(failed, 0);
	lua_scenario_free(s);
	world_free(w);
}

/* c, dns (a server for the zone "lab"), db, web on one switch. */
#define LAN \
	"local sw = switch('sw')\n" \
	"local c, dns, db, web = host('c'), host('dns'), host('db'), host('web')\n" \
	"for _, h in ipairs({ c, dns, db, web }) do link(h, sw) end\n" \
	"c:ip('eth0', '10.0.0.10/24')\n" \
	"dns:ip('eth0', '10.0.0.53/24')\n" \
	"db:ip('eth0', '10.0.0.20/24')\n" \
	"web:ip('eth0', '10.0.0.80/24')\n" \
	"local d = dns:dns_server{ zones = { lab = { { 'db', 'A', '10.0.0.20' }, " \
	"{ 'web', 'A', '10.0.0.80' } } }, ptr = true }\n"

static void test_ping_names(void **state)
{
	(void)state;
	run_scenario(LAN
		/* /etc/hosts: no DNS at all, for the name or the reply lines. */
		"c:sh(\"echo '10.0.0.20 dbhost' >> /etc/hosts\")\n"
		"local p = c:ping('dbhost', { count = 2, interval = '200ms' })\n"
		"expect_eq(p:wait(), 0)\n"
		"expect(p.output:find('PING dbhost (10.0.0.20) 56(84) bytes of data.\\n', 1, true), 'PING line')\n"
		"expect(p.output:find('64 bytes from dbhost (10.0.0.20): icmp_seq=2 ttl=64 time=', 1, true), 'reply')\n"
		"expect_eq(p.received, 2)\n"
		"expect_eq(d.queries, 0, 'no query for a name in /etc/hosts')\n"
		/* Not in /etc/hosts and no nameserver: getaddrinfo fails. */
		"p = c:ping('web.lab', { count = 1 })\n"
		"expect_eq(p:wait(), 2)\n"
		"expect_eq(p.output, 'ping: web.lab: Temporary failure in name resolution\\n')\n"
		/* Through the DNS server; the reply's source looked up by PTR. */
		"c:sh(\"echo 'nameserver 10.0.0.53' > /etc/resolv.conf\")\n"
		"p = c:ping('web.lab', { count = 1 })\n"
		"expect_eq(p:wait(), 0)\n"
		"expect(p.output:find('PING web.lab (10.0.0.80) 56(84) bytes of data.\\n64 bytes from "
		"web.lab (10.0.0.80): icmp_seq=1 ttl=64 time=', 1, true), 'resolved by DNS')\n"
		"expect(d.queries >= 2, 'the A query and the PTR')\n"
		/* -n: no PTR for the reply line. */
		"local q = d.queries\n"
		"p = c:ping('web.lab', { count = 1, numeric = true })\n"
		"expect_eq(p:wait(), 0)\n"
		"expect(p.output:find('64 bytes from 10.0.0.80: icmp_seq=1', 1, true), '-n')\n"
		"expect(d.queries > q, 'the name was still asked for')\n"
		/* A name nobody knows: iputils' words, exit 2, nothing sent. */
		"p = c:ping('nope.lab', { count = 1 })\n"
		"expect_eq(p:wait(), 2)\n"
		"expect_eq(p.output, 'ping: nope.lab: Name or service not known\\n')\n"
		"expect_eq(p.transmitted, 0)\n"
		/* An address is still an address: no lookup. */
		"q = d.queries\n"
		"p = c:ping('10.0.0.20', { count = 1 })\n"
		"expect_eq(p:wait(), 0)\n"
		"expect(p.output:find('64 bytes from 10.0.0.20: icmp_seq=1', 1, true), 'address')\n"
		"expect_eq(d.queries, q)\n", 19);
}

static void test_server_fields(void **state)
{
	(void)state;
	run_scenario(LAN
		"local up = db:dns_server{ records = { ['example.org'] = '93.184.215.14' } }\n"
		"local f = web:dns_server{ forward = { '10.0.0.20' } }\n"
		"expect_eq(d.queries, 0)\n"
		"c:sh('dig +short @10.0.0.53 db.lab')\n"
		"expect_eq(d.queries, 1)\n"
		"expect_eq(d.authoritative, 1)\n"
		"expect_eq(d.forwarded, 0)\n"
		"expect_eq(c:sh('dig +short @10.0.0.80 example.org'), '93.184.215.14\\n')\n"
		"c:sh('dig +short @10.0.0.80 example.org')\n"
		"expect_eq(f.queries, 2)\n"
		"expect_eq(f.forwarded, 1, 'the first went upstream')\n"
		"expect_eq(f.cache_hits, 1, 'the second came from the cache')\n"
		"expect_eq(f.cache_entries, 1)\n"
		"expect_eq(up.queries, 1)\n"
		"expect_eq(d.requests, nil, 'not an http server')\n"
		"up:kill()\n"
		"local h = db:http_server{ port = 8080, routes = { ['/'] = 'hi\\n' } }\n"
		"expect_eq(h.requests, 0)\n"
		"c:sh('curl -s http://10.0.0.20:8080/')\n"
		"c:sh('curl -s http://10.0.0.20:8080/nope')\n"
		"expect_eq(h.connections, 2, 'a connection per curl')\n"
		"expect_eq(h.requests, 2)\n"
		"expect_eq(h.queries, nil, 'not a DNS server')\n", 15);
}

/* The route goes away under a running ping: sendto() fails with
 * ENETUNREACH and nothing is queued, so iputils 20221126 prints nothing
 * for those requests (strace on Linux: "sendto(...) = -1 ENETUNREACH", no
 * line); they count as sent and lost. */
static void test_ping_route_gone(void **state)
{
	(void)state;
	run_scenario("local sw = switch('sw')\n"
		"local a, b = host('a'), host('b')\n"
		"link(a, sw) link(b, sw)\n"
		"a:ip('eth0', '10.0.0.1/24')\n"
		"b:ip('eth0', '10.0.0.2/24')\n"
		"local p = a:ping('10.0.0.2', { count = 4 })\n"
		"sleep(1.5)\n"
		"a:sh('ip addr del 10.0.0.1/24 dev eth0')\n"
		"expect_eq(p:wait(), 0)\n"
		"expect_eq(p.transmitted, 4)\n"
		"expect_eq(p.received, 2)\n"
		"expect_eq(p.errors, 0)\n"
		"expect(not p.output:find('sendmsg', 1, true), 'no sendmsg line')\n"
		"expect(p.output:find('\\n4 packets transmitted, 2 received, 50% packet loss, time "
		"3000ms\\n', 1, true), 'the statistics')\n", 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ping_names),
		cmocka_unit_test(test_server_fields),
		cmocka_unit_test(test_ping_route_gone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
