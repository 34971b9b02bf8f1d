/* test_tui_session.c — the TUI's session: steps, going back by
 * re-execution (the same record, byte for byte), typed commands replayed
 * where they were typed, saving as a scenario. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/world.h"
#include "tui/tui_session.h"

/* Two hosts on a switch; a pings b three times. */
static const char scenario[] =
	"local sw = switch('sw1')\n"
	"local a, b = host('a'), host('b')\n"
	"link(a, sw, { delay = '100us' })\n"
	"link(b, sw, { delay = '100us' })\n"
	"a:ip('eth0', '10.0.0.1/24')\n"
	"b:ip('eth0', '10.0.0.2/24')\n"
	"local p = a:ping('10.0.0.2', { count = 3 })\n"
	"p:wait()\n"
	"expect_eq(p.received, 3, 'three replies')\n";

static char path[64];

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/test_tui_XXXXXX.lua");
	int fd = mkstemps(path, 4);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, scenario, sizeof scenario - 1);
	close(fd);
	return n == (ssize_t)(sizeof scenario - 1) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static struct tui_session *open_session(void)
{
	char err[600];
	struct tui_session *s = tui_session_new(path, 1, NULL, err, sizeof err);
	if (!s)
		fail_msg("%s", err);
	return s;
}

/* Everything recorded, as one string: what two runs must agree on. */
static char *record_text(const struct tui_session *s)
{
	size_t n, cap = 1, len = 0;
	const struct tui_entry *e = tui_session_entries(s, &n);
	for (size_t i = 0; i < n; i++)
		cap += strlen(e[i].summary) + 200 + e[i].len * 2;
	char *out = calloc(cap, 1);
	for (size_t i = 0; i < n; i++) {
		len += (size_t)snprintf(out + len, cap - len, "%d %lld %llu %s %s %s|", e[i].kind,
					(long long)e[i].t_ns, (unsigned long long)e[i].event,
					e[i].node, e[i].dev, e[i].summary);
		for (uint32_t k = 0; k < e[i].len; k++)
			len += (size_t)snprintf(out + len, cap - len, "%02x", e[i].bytes[k]);
		out[len++] = '\n';
	}
	return out;
}

static void test_starts_paused_at_zero(void **state)
{
	(void)state;
	struct tui_session *s = open_session();
	size_t n;
	tui_session_entries(s, &n);
	assert_int_equal(n, 0);
	assert_int_equal(tui_session_pos(s), 0);
	assert_int_equal(tui_session_world(s)->now_ns, 0);
	assert_int_equal(tui_session_world(s)->stats.events, 0);
	tui_session_free(s);
}

static void test_step_is_one_event_with_entries(void **state)
{
	(void)state;
	struct tui_session *s = open_session();
	/* Step 1: the main chunk at t = 0 builds the network and starts ping. */
	assert_true(tui_session_step(s));
	size_t n;
	const struct tui_entry *e = tui_session_entries(s, &n);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(e[i].event, 1);
	/* Each later step ends after one event that showed something. */
	for (int k = 0; k < 10; k++) {
		size_t before = n;
		uint64_t ev = tui_session_world(s)->stats.events;
		assert_true(tui_session_step(s));
		e = tui_session_entries(s, &n);
		assert_true(n > before);
		assert_int_equal(tui_session_step_first(s), before);
		for (size_t i = before; i < n; i++)
			assert_true(e[i].event > ev && e[i].event == e[n - 1].event);
		assert_int_equal(e[n - 1].event, tui_session_world(s)->stats.events);
	}
	tui_session_free(s);
}

static void test_back_reexecutes_to_the_same_record(void **state)
{
	(void)state;
	struct tui_session *s = open_session(), *fresh = open_session();
	for (int k = 0; k < 20; k++)
		assert_true(tui_session_step(s));
	char *at20 = record_text(s);
	uint64_t ev20 = tui_session_world(s)->stats.events;
	/* Back to 12: the same as a fresh session stepped 12 times. */
	assert_int_equal(tui_session_goto(s, 12), 0);
	for (int k = 0; k < 12; k++)
		assert_true(tui_session_step(fresh));
	char *a = record_text(s), *b = record_text(fresh);
	assert_string_equal(a, b);
	assert_int_equal(tui_session_world(s)->stats.events,
			 tui_session_world(fresh)->stats.events);
	assert_int_equal(tui_session_world(s)->now_ns, tui_session_world(fresh)->now_ns);
	/* Forward again: byte for byte what it was. */
	assert_int_equal(tui_session_goto(s, 20), 0);
	char *again = record_text(s);
	assert_string_equal(at20, again);
	assert_int_equal(tui_session_world(s)->stats.events, ev20);
	char err[600];
	assert_int_equal(tui_session_verify(s, err, sizeof err), 0);
	free(at20);
	free(a);
	free(b);
	free(again);
	tui_session_free(s);
	tui_session_free(fresh);
}

static void test_back_to_start(void **state)
{
	(void)state;
	struct tui_session *s = open_session();
	for (int k = 0; k < 5; k++)
		assert_true(tui_session_step(s));
	assert_int_equal(tui_session_goto(s, 0), 0);
	size_t n;
	tui_session_entries(s, &n);
	assert_int_equal(n, 0);
	assert_int_equal(tui_session_world(s)->stats.events, 0);
	assert_true(tui_session_step(s));
	tui_session_free(s);
}

static bool has_entry(const struct tui_session *s, const char *node, const char *text)
{
	size_t n;
	const struct tui_entry *e = tui_session_entries(s, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(e[i].node, node) == 0 && strstr(e[i].summary, text))
			return true;
	return false;
}

static void test_typed_command_replayed_on_back(void **state)
{
	(void)state;
	struct tui_session *s = open_session();
	for (int k = 0; k < 3; k++)
		assert_true(tui_session_step(s));
	char err[300];
	assert_int_equal(tui_session_type(s, "a", "ip route add 10.9.0.0/16 via 10.0.0.2", err,
					  sizeof err), 0);
	assert_true(has_entry(s, "a", "$ ip route add 10.9.0.0/16 via 10.0.0.2"));
	assert_int_equal(tui_session_type(s, "nosuch", "true", err, sizeof err), -1);
	assert_string_equal(err, "no node named nosuch");
	for (int k = 0; k < 10; k++)
		assert_true(tui_session_step(s));
	char *before = record_text(s);
	/* Back past the command: it is gone from the record and the table... */
	assert_int_equal(tui_session_goto(s, 2), 0);
	assert_false(has_entry(s, "a", "$ ip route add"));
	char *routes = tui_session_show(s, "a", "ip route");
	assert_null(strstr(routes, "10.9.0.0/16"));
	free(routes);
	/* ... and comes back, at the same place, when stepping forward. */
	assert_int_equal(tui_session_goto(s, 13), 0);
	char *after = record_text(s);
	assert_string_equal(before, after);
	routes = tui_session_show(s, "a", "ip route");
	assert_non_null(strstr(routes, "10.9.0.0/16 via 10.0.0.2 dev eth0"));
	free(routes);
	assert_int_equal(tui_session_verify(s, err, sizeof err), 0);
	free(before);
	free(after);
	tui_session_free(s);
}

static void test_typed_ping_runs_in_simulated_time(void **state)
{
	(void)state;
	struct tui_session *s = open_session();
	assert_true(tui_session_step(s));
	char err[300];
	assert_int_equal(tui_session_type(s, "b", "ping -c1 10.0.0.1", err, sizeof err), 0);
	for (int k = 0; k < 60 && !has_entry(s, "b", "1 packets transmitted, 1 received"); k++)
		assert_true(tui_session_step(s));
	assert_true(has_entry(s, "b", "64 bytes from 10.0.0.1: icmp_seq=1 ttl=64"));
	assert_true(has_entry(s, "b", "1 packets transmitted, 1 received, 0% packet loss"));
	size_t pos = tui_session_pos(s);
	char *rec = record_text(s);
	assert_int_equal(tui_session_goto(s, pos - 1), 0);
	assert_int_equal(tui_session_goto(s, pos), 0);
	char *rec2 = record_text(s);
	assert_string_equal(rec, rec2);
	free(rec);
	free(rec2);
	tui_session_free(s);
}

static void test_save_as_scenario(void **state)
{
	(void)state;
	struct tui_session *s = open_session();
	assert_true(tui_session_step(s));
	char err[300];
	assert_int_equal(tui_session_type(s, "a", "ip link set eth0 down", err, sizeof err), 0);
	char out[64];
	snprintf(out, sizeof out, "/tmp/test_tui_save_XXXXXX.lua");
	int fd = mkstemps(out, 4);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(tui_session_save(s, out, err, sizeof err), 0);
	FILE *f = fopen(out, "r");
	char text[4096] = "";
	size_t k = fread(text, 1, sizeof text - 1, f);
	text[k] = '\0';
	fclose(f);
	assert_non_null(strstr(text, "at(\"0ns\", function() node(\"a\"):sh([[ip link set eth0 "
				     "down]], { check = false }) end)  -- typed at event 1\n"));
	assert_non_null(strstr(text, scenario));
	/* The saved file runs, and the typed line runs in it. */
	struct tui_session *r = tui_session_new(out, 1, NULL, err, sizeof err);
	assert_non_null(r);
	for (int i = 0; i < 5; i++)
		tui_session_step(r);
	assert_true(has_entry(r, "a", "$ ip link set eth0 down"));
	assert_int_equal(tui_session_save(s, path, err, sizeof err), -1);
	tui_session_free(r);
	unlink(out);
	tui_session_free(s);
}

static void test_bad_file(void **state)
{
	(void)state;
	char err[600];
	assert_null(tui_session_new("/nonexistent/x.lua", 1, NULL, err, sizeof err));
	assert_string_equal(err, "cannot open /nonexistent/x.lua: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_starts_paused_at_zero),
		cmocka_unit_test(test_step_is_one_event_with_entries),
		cmocka_unit_test(test_back_reexecutes_to_the_same_record),
		cmocka_unit_test(test_back_to_start),
		cmocka_unit_test(test_typed_command_replayed_on_back),
		cmocka_unit_test(test_typed_ping_runs_in_simulated_time),
		cmocka_unit_test(test_save_as_scenario),
		cmocka_unit_test(test_bad_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
