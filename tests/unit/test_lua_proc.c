/* test_lua_proc.c — the process handle of a scenario (sim/lua/lua_api_proc.c):
 * the counters a DNS or HTTP server's handle shows (p.queries,
 * p.cache_hits, p.forwarded, p.requests, p.connections).  Each case is a
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_server_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
