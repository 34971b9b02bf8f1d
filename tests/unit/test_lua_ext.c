/* test_lua_ext.c — commands written in Lua (sim/lua/lua_api_ext.c and
 * lib/docker.lua) reached from the three places a command is typed: a line
 * run by the command layer outside any Lua task (as the TUI prompt runs
 * it), the TUI session itself (typed, then replayed when going back), and
 * a scenario's n:sh().  The module's own behaviour is tested by
 * tests/scenario/test-docker.sh; here, the hook: output and status come
 * back as a command's, a command that takes time (docker exec ... ping)
 * leaves a foreground process the line waits for, a scenario's own global
 * `require` does not matter, a world without a scenario has no `docker`,
 * and nothing leaks (ASan). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "lua/lua_api.h"
#include "lua/lua_libs.h"
#include "lua/lua_sandbox.h"

#include <lua.h>
#include "tui/tui_session.h"
#include "cmd_fixture.h"

struct fx {
	struct world *w;
	struct lua_scenario *s;
	struct node *h;
	char *out, *err;
	char path[64];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->w = world_new(7);
	struct lua_scenario_opts o = { .seed = 7 };
	f->s = lua_scenario_new(f->w, &o);
	f->h = node_new(f->w, "host", NODE_HOST);
	netdev_set_up(f->h->lo, true);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	lua_scenario_free(f->s);
	world_free(f->w);
	free(f->out);
	free(f->err);
	if (f->path[0])
		unlink(f->path);
	free(f);
	return 0;
}

static void test_docker_from_the_command_layer(void **state)
{
	struct fx *f = *state;
	assert_int_equal(cmd_fx_run(f->w, f->h, "docker run -d --name web nginx", &f->out, &f->err), 0);
	assert_int_equal(strlen(f->out), 65);          /* 64 hex digits and a newline */
	assert_string_equal(f->err, "");
	assert_int_equal(cmd_fx_run(f->w, f->h, "docker inspect -f '{{.NetworkSettings.IPAddress}}' web",
				    &f->out, &f->err), 0);
	assert_string_equal(f->out, "172.17.0.2\n");
	/* Built with the command layer: it is all there for ip and iptables. */
	assert_int_equal(cmd_fx_run(f->w, f->h, "ip -n web -br addr show eth0", &f->out, &f->err), 0);
	assert_string_equal(f->out, "eth0@if4         UP             172.17.0.2/16 \n");
	assert_int_equal(cmd_fx_run(f->w, f->h, "ip -n web link show eth0", &f->out, &f->err), 0);
	assert_non_null(strstr(f->out, "link/ether 02:42:ac:11:00:02 brd"));
	/* A command that takes time: the line waits for the ping. */
	int64_t t0 = f->w->now_ns;
	assert_int_equal(cmd_fx_run(f->w, f->h, "docker exec web ping -c 2 172.17.0.1 && echo done",
				    &f->out, &f->err), 0);
	assert_non_null(strstr(f->out, "2 packets transmitted, 2 received, 0% packet loss"));
	assert_non_null(strstr(f->out, "\ndone\n"));
	assert_true(f->w->now_ns - t0 >= NS_PER_S);
	/* Errors are the command's: stderr and the docker CLI's status. */
	assert_int_equal(cmd_fx_run(f->w, f->h, "docker run --name web nginx", &f->out, &f->err), 125);
	assert_non_null(strstr(f->err, "docker: Error response from daemon: Conflict. The container "
				       "name \"/web\" is already in use by container \""));
	assert_int_equal(cmd_fx_run(f->w, f->h, "docker rm -f web || echo no", &f->out, &f->err), 0);
	assert_string_equal(f->out, "web\n");
	assert_int_equal(cmd_fx_run(f->w, f->h, "ip netns list", &f->out, &f->err), 0);
	assert_string_equal(f->out, "");
	/* docker-proxy (proc/tcp_proxy.c): the host's 127.0.0.1:8080, which
	 * no DNAT rule sees, relayed to the container; gone with it. */
	assert_int_equal(cmd_fx_run(f->w, f->h, "docker run -d --name pub -p 8080:80 nginx", &f->out,
				    &f->err), 0);
	assert_int_equal(cmd_fx_run(f->w, f->h, "curl -s http://127.0.0.1:8080/ -o /dev/null "
				    "-w '%{http_code} %{size_download}'", &f->out, &f->err), 0);
	assert_string_equal(f->out, "200 615");
	assert_int_equal(cmd_fx_run(f->w, f->h, "curl -s http://127.0.0.1:8080/nope -o /dev/null "
				    "-w '%{http_code}'", &f->out, &f->err), 0);
	assert_string_equal(f->out, "404");
	assert_int_equal(cmd_fx_run(f->w, f->h, "docker rm -f pub", &f->out, &f->err), 0);
	assert_int_equal(cmd_fx_run(f->w, f->h, "curl -s http://127.0.0.1:8080/", &f->out, &f->err), 7);
	/* From a namespace of the machine: the same daemon. */
	assert_int_equal(cmd_fx_run(f->w, f->h, "ip netns add ns1; ip netns exec ns1 docker ps -a -q",
				    &f->out, &f->err), 0);
	assert_string_equal(f->out, "");
	assert_int_equal(cmd_fx_run(f->w, f->h, "help", &f->out, &f->err), 0);
	assert_non_null(strstr(f->out, "\n  docker      run containers"));
}

static void test_scenario_require_does_not_matter(void **state)
{
	struct fx *f = *state;
	snprintf(f->path, sizeof f->path, "/tmp/wl-lua-ext-%d.lua", (int)getpid());
	FILE *fp = fopen(f->path, "w");
	assert_non_null(fp);
	fputs("local d = require 'docker'\n"
	      "expect_eq(type(d.command), 'function')\n"
	      "require = nil\n"
	      "local h = node('host')\n"
	      "local out = h:sh('docker run -d --name c1 busybox sleep 100')\n"
	      "expect_eq(#out, 65)\n"
	      "expect_eq(h:sh(\"docker inspect -f '{{.State.Status}}' c1\"), 'running\\n')\n"
	      "local o, st, e = h:sh('docker exec c1 nosuch', {check = false})\n"
	      "expect_eq(st, 126)\n"
	      "expect(e:find('executable file not found', 1, true) ~= nil)\n"
	      "sleep(200)\n"
	      "expect_eq(h:sh('docker ps --quiet'), '')\n"
	      "expect_eq(h:sh(\"docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' c1\"), "
	      "'exited 0\\n')\n"
	      "expect_eq(h:sh('ip netns list'), '')\n", fp);
	fclose(fp);
	assert_int_equal(lua_scenario_load(f->s, f->path), 0);
	lua_scenario_start(f->s);
	world_run(f->w, -1, 0);
	if (lua_scenario_status(f->s) != LSS_DONE)
		fail_msg("scenario: %s", lua_scenario_error(f->s) ? lua_scenario_error(f->s) : "?");
	size_t n, passed, failed;
	const struct lua_check *c = lua_scenario_checks(f->s, &n, &passed, &failed);
	for (size_t i = 0; i < n; i++)
		if (!c[i].passed)
			fail_msg("%s: %s (got %s)", c[i].where, c[i].message, c[i].got ? c[i].got : "");
	assert_int_equal(passed, 8);
}

/* What `docker run -d` prints (the container id) is recorded in the trace
 * as the line's output, like any command's: the process it leaves in the
 * background prints nothing into the line. */
struct id_seen {
	int stdout_ids;
};

static void count_ids(void *ctx, const struct trace_rec *r)
{
	struct id_seen *seen = ctx;
	if (!r->what || strcmp(r->what, "stdout") != 0 || !r->text || strlen(r->text) != 64)
		return;
	if (strspn(r->text, "0123456789abcdef") == 64)
		seen->stdout_ids++;
}

static void test_detached_run_prints_its_id_in_the_trace(void **state)
{
	struct fx *f = *state;
	struct id_seen seen = { 0 };
	int h = trace_subscribe(f->w, TR_MASK(TR_LOG), count_ids, &seen);
	snprintf(f->path, sizeof f->path, "/tmp/wl-lua-ext-id-%d.lua", (int)getpid());
	FILE *fp = fopen(f->path, "w");
	assert_non_null(fp);
	fputs("local h = node('host')\n"
	      "local out = h:sh('docker run -d --name c1 busybox sleep 100')\n"
	      "expect_eq(#out, 65)\n", fp);
	fclose(fp);
	assert_int_equal(lua_scenario_load(f->s, f->path), 0);
	lua_scenario_start(f->s);
	world_run(f->w, -1, 0);
	assert_int_equal(lua_scenario_status(f->s), LSS_DONE);
	assert_int_equal(seen.stdout_ids, 1);
	trace_unsubscribe(f->w, h);
}

static void test_no_scenario_no_docker(void **state)
{
	struct fx *f = *state;
	struct world *w = world_new(1);
	struct node *n = node_new(w, "h", NODE_HOST);
	assert_non_null(n);
	assert_int_equal(cmd_fx_run(w, n, "docker ps", &f->out, &f->err), 127);
	world_free(w);
	/* And once the scenario is freed, its world has none either. */
	lua_scenario_free(f->s);
	f->s = NULL;
	assert_int_equal(cmd_fx_run(f->w, f->h, "docker ps", &f->out, &f->err), 127);
}

static void test_tui_prompt(void **state)
{
	struct fx *f = *state;
	snprintf(f->path, sizeof f->path, "/tmp/wl-lua-ext-%d.sh", (int)getpid());
	FILE *fp = fopen(f->path, "w");
	assert_non_null(fp);
	fputs("ip link set lo up\n", fp);
	fclose(fp);
	char err[300];
	struct tui_session *s = tui_session_new(f->path, 3, NULL, err, sizeof err);
	assert_non_null(s);
	while (tui_session_step(s))
		;
	assert_int_equal(tui_session_type(s, "host", "docker run -d --name web -p 8080:80 nginx", err,
					  sizeof err), 0);
	assert_int_equal(tui_session_type(s, "host", "docker exec web ping -c 1 172.17.0.1", err,
					  sizeof err), 0);
	while (tui_session_step(s))
		;
	size_t n;
	const struct tui_entry *e = tui_session_entries(s, &n);
	bool id = false, pong = false;
	for (size_t i = 0; i < n; i++) {
		id |= strcmp(e[i].what, "stdout") == 0 && strlen(e[i].summary) == 64;
		pong |= strstr(e[i].summary, "1 packets transmitted, 1 received") != NULL;
	}
	assert_true(id);
	assert_true(pong);
	/* Going back re-runs the typed lines: the same names, the same bytes. */
	assert_int_equal(tui_session_verify(s, err, sizeof err), 0);
	tui_session_free(s);
}

/* Lines made of docker's own words in random order: whatever they ask,
 * the answer is a status the docker CLI uses, the Lua state keeps working,
 * and nothing leaks or crashes (ASan). */
static void test_random_lines(void **state)
{
	struct fx *f = *state;
	static const char *const words[] = {
		"run", "-d", "--rm", "--name", "web", "c1", "-p", "8080:80", "80", "::", "-P",
		"--network", "host", "none", "bridge", "net1", "nginx", "busybox", "sleep", "1",
		"exec", "ps", "-a", "-q", "rm", "-f", "network", "create", "ls", "inspect",
		"'{{.Id}}'", "'{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}'", "stop",
		"images", "version", "''", "--", "--subnet", "10.1.0.0/24", "ip", "addr", "-it",
		"--name=x1", "-p=1:2", "0.0.0.0:9:9/udp", "nosuch:tag", "'{{'", "help", "nosuchcmd",
		"--publish", "--network=net1", "hostname", "true", "false",
	};
	const size_t nw = sizeof words / sizeof words[0];
	uint64_t x = 12345;
	int counts[4] = { 0 };
	for (int i = 0; i < 600; i++) {
		static const char *const subs[] = { "run", "run", "run", "run -d", "run -d --name c2",
						    "exec", "exec c1", "ps", "rm", "rm -f",
						    "network", "network create", "inspect", "stop" };
		char line[512] = "docker ";
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		strcat(line, subs[(x >> 33) % (sizeof subs / sizeof subs[0])]);
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		int n = (int)((x >> 33) % 7);
		for (int k = 0; k < n; k++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			strcat(line, " ");
			strcat(line, words[(x >> 33) % nw]);
		}
		int st = cmd_fx_run(f->w, f->h, line, &f->out, &f->err);
		if (st != 0 && st != 1 && st != 125 && st != 126 && st != 127)
			fail_msg("%s: status %d\n%s", line, st, f->err);
		counts[st == 0 ? 0 : st == 1 ? 1 : st == 125 ? 2 : 3]++;
		if (strstr(f->err, "wirelab: docker:"))
			fail_msg("%s: the module failed: %s", line, f->err);
	}
	/* Every kind of answer came up: successes and each failure. */
	assert_true(counts[0] >= 15 && counts[1] >= 100 && counts[2] >= 100 && counts[3] > 0);
	assert_int_equal(cmd_fx_run(f->w, f->h, "docker version", &f->out, &f->err), 0);
}

/* The sandbox's built-in modules (lsb_limits.builtins): found by exact
 * name, run once, their errors named after their path. */
static int run_lua(struct lsb *sb, const char *code, char *msg, size_t len)
{
	lua_State *L = lsb_state(sb);
	int rc = lsb_load_string(sb, code, "=test");
	if (rc == LUA_OK)
		rc = lua_pcall(L, 0, 1, 0);
	snprintf(msg, len, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "");
	lua_pop(L, 1);
	return rc;
}

static void test_sandbox_builtins(void **state)
{
	(void)state;
	static const char good[] = "count = (count or 0) + 1\nreturn { n = count, name = ... }\n";
	static const char bad[] = "local x = 1\nerror('broken here')\n";
	static const char syntax[] = "return {\n";
	const struct lsb_builtin mods[] = {
		{ "good", "lib/good.lua", good, sizeof good - 1 },
		{ "net.bad", "lib/net/bad.lua", bad, sizeof bad - 1 },
		{ "syntax", "lib/syntax.lua", syntax, sizeof syntax - 1 },
		{ NULL, NULL, NULL, 0 },
	};
	struct lsb_limits lim = { .builtins = mods };
	struct lsb *sb = lsb_new(&lim);
	char msg[400];
	assert_int_equal(run_lua(sb, "local a = require 'good'; local b = require 'good'; "
				     "return tostring(a == b) .. a.n .. a.name", msg, sizeof msg), LUA_OK);
	assert_string_equal(msg, "true1good");
	assert_int_equal(run_lua(sb, "return require 'net.bad'", msg, sizeof msg), LUA_ERRRUN);
	assert_string_equal(msg, "lib/net/bad.lua:2: broken here");
	assert_int_equal(run_lua(sb, "return require 'syntax'", msg, sizeof msg), LUA_ERRRUN);
	assert_non_null(strstr(msg, "error loading module 'syntax' from file 'lib/syntax.lua':"));
	assert_int_equal(run_lua(sb, "return require 'goo'", msg, sizeof msg), LUA_ERRRUN);
	assert_non_null(strstr(msg, "module 'goo' not found"));
	lsb_free(sb);
	/* wirelab's own: docker is there. */
	bool docker = false;
	for (const struct lsb_builtin *b = wl_lua_libs; b->name; b++)
		docker |= strcmp(b->name, "docker") == 0 && strcmp(b->path, "lib/docker.lua") == 0 &&
			  b->len == strlen(b->text) && strstr(b->text, "function M.command") != NULL;
	assert_true(docker);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_docker_from_the_command_layer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scenario_require_does_not_matter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detached_run_prints_its_id_in_the_trace, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_scenario_no_docker, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tui_prompt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_lines, setup, teardown),
		cmocka_unit_test(test_sandbox_builtins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
