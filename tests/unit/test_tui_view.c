/* test_tui_view.c — the TUI's screen model, without curses: the grid,
 * the packet dissection (Wireshark's field names), key scripts, and what
 * the screen shows after given keys at 80x24, in Unicode and in ASCII. */
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
#include "dev/node.h"
#include "tui/tui_dissect.h"
#include "tui/tui_grid.h"
#include "tui/tui_session.h"
#include "tui/tui_view.h"

static const char scenario[] =
	"local sw = switch('sw1')\n"
	"local a, b = host('a'), host('b')\n"
	"link(a, sw, { delay = '100us' })\n"
	"link(b, sw, { delay = '100us' })\n"
	"a:ip('eth0', '10.0.0.1/24')\n"
	"b:ip('eth0', '10.0.0.2/24')\n"
	"local p = a:ping('10.0.0.2', { count = 1 })\n"
	"p:wait()\n";

/* A router masquerading a's ping to b, its rule added at t = 1 s. */
static const char nat_scenario[] =
	"local a, r, b = host('a'), router('r'), host('b')\n"
	"link(a, r, { delay = '100us' })\n"
	"link(r, b, { delay = '100us' })\n"
	"a:ip('eth0', '10.0.0.1/24')\n"
	"r:ip('eth0', '10.0.0.254/24')\n"
	"r:ip('eth1', '203.0.113.1/24')\n"
	"b:ip('eth0', '203.0.113.2/24')\n"
	"a:route('default', '10.0.0.254')\n"
	"sleep(1)\n"
	"r:sh('iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE')\n"
	"local p = a:ping('203.0.113.2', { count = 1 })\n"
	"p:wait()\n";

static char path[64], nat_path[64];

static int write_tmp(char *buf, size_t len, const char *text, size_t tlen)
{
	snprintf(buf, len, "/tmp/test_tuiv_XXXXXX.lua");
	int fd = mkstemps(buf, 4);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, tlen);
	close(fd);
	return n == (ssize_t)tlen ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	if (write_tmp(path, sizeof path, scenario, sizeof scenario - 1) != 0)
		return -1;
	return write_tmp(nat_path, sizeof nat_path, nat_scenario, sizeof nat_scenario - 1);
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	unlink(nat_path);
	return 0;
}

static void test_grid_text_and_dump(void **state)
{
	(void)state;
	struct tui_grid g;
	tui_grid_init(&g, 10, 3);
	tui_grid_text(&g, 1, 0, -1, "héllo wörld", TS_NORMAL);      /* cut at the edge */
	tui_grid_box(&g, tui_lines_get(false), 0, 1, 4, 2, NULL, TS_FRAME);
	tui_grid_text(&g, 0, 2, 3, "a\tb\x01", TS_NORMAL);
	char *t = tui_grid_text_dump(&g);
	assert_string_equal(t, " héllo wör\n+--+\na b+\n");
	free(t);
	tui_grid_clear(&g);
	tui_grid_box(&g, tui_lines_get(true), 0, 0, 3, 3, NULL, TS_FRAME);
	t = tui_grid_text_dump(&g);
	assert_string_equal(t, "┌─┐\n│ │\n└─┘\n");
	free(t);
	tui_grid_free(&g);
}

static void test_utf8_bad_bytes(void **state)
{
	(void)state;
	const char *s = "\xff\xc3";
	assert_int_equal(tui_utf8_next(&s), '?');
	assert_int_equal(tui_utf8_next(&s), '?');
	assert_int_equal(*s, '\0');
}

static bool has_line(const struct tui_text *t, const char *l)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->line[i], l) == 0)
			return true;
	return false;
}

/* An ICMP echo request, 10.0.0.1 -> 10.0.0.2, TTL 64, DF, as Linux sends it. */
static const uint8_t echo[] = {
	0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x1c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x01, 0x00, 0x00,
	10, 0, 0, 1, 10, 0, 0, 2,
	0x08, 0x00, 0xf7, 0xfe, 0x00, 0x01, 0x00, 0x01,
};

static void test_dissect_fields(void **state)
{
	(void)state;
	struct tui_text t = { 0 };
	tui_dissect(echo, sizeof echo, 0, &t);
	assert_true(has_line(&t, "Ethernet II, Src: 02:00:00:00:00:01, Dst: 02:00:00:00:00:02"));
	assert_true(has_line(&t, "  eth.type = 0x0800 (IPv4)"));
	assert_true(has_line(&t, "Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2"));
	assert_true(has_line(&t, "  ip.ttl = 64"));
	assert_true(has_line(&t, "  ip.flags = 0x02, Don't fragment"));
	assert_true(has_line(&t, "  ip.proto = 1 (ICMP)"));
	assert_true(has_line(&t, "  icmp.type = 8 (Echo (ping) request)"));
	assert_true(has_line(&t, "  icmp.seq = 1 (0x0001)"));
	tui_text_free(&t);
	/* Cut short: no read past the end, and it says so. */
	tui_dissect(echo, 20, 0, &t);
	assert_true(has_line(&t, "[Malformed: too short for IPv4]"));
	tui_text_free(&t);
	tui_hexdump(echo, 18, 16, &t);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.line[0], "0000  02 00 00 00 00 02 02 00 00 00 00 01 08 00 45 00  "
				       "..............E.");
	assert_string_equal(t.line[1], "0010  00 1c                                            ..");
	tui_text_free(&t);
	tui_hexdump(echo, 10, 8, &t);
	assert_string_equal(t.line[0], "0000 02 00 00 00 00 02 02 00 ........");
	assert_string_equal(t.line[1], "0008 00 00                   ..");
	tui_text_free(&t);
}

static void test_keys_parse(void **state)
{
	(void)state;
	int k[32];
	char err[300];
	int n = tui_keys_parse("s space b \"ip r\" enter tab q", k, 32, err, sizeof err);
	assert_int_equal(n, 10);
	assert_int_equal(k[0], 's');
	assert_int_equal(k[1], ' ');
	assert_int_equal(k[3], 'i');
	assert_int_equal(k[5], ' ');
	assert_int_equal(k[7], TK_ENTER);
	assert_int_equal(k[8], TK_TAB);
	assert_int_equal(tui_keys_parse("sss", k, 32, err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown key \"sss\""));
	assert_int_equal(tui_keys_parse("\"x", k, 32, err, sizeof err), -1);
}

static char *screen(struct tui_view *v)
{
	struct tui_grid g = { 0 };
	tui_view_render(v, &g);
	char *t = tui_grid_text_dump(&g);
	tui_grid_free(&g);
	return t;
}

static struct tui_session *open_path(const char *p)
{
	char err[600];
	struct tui_session *s = tui_session_new(p, 1, NULL, err, sizeof err);
	if (!s)
		fail_msg("%s", err);
	return s;
}

static struct tui_session *open_session(void)
{
	return open_path(path);
}

static void press(struct tui_view *v, const char *script)
{
	int k[256];
	char err[300];
	int n = tui_keys_parse(script, k, 256, err, sizeof err);
	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		tui_view_key(v, k[i]);
		while (v->running)
			tui_view_tick(v);
	}
}

static void test_screen_at_start(void **state)
{
	(void)state;
	struct tui_session *s = open_session();
	struct tui_view *v = tui_view_new(s, 80, 24, false);
	char *t = screen(v);
	/* 24 lines, none wider than 80. */
	int lines = 0;
	for (char *p = t; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 24);
	assert_non_null(strstr(t, "  t=0.000000s  event 0  step 0  paused  "));
	assert_non_null(strstr(t, "(paused at t = 0: press s to take a step, ? for help)"));
	assert_non_null(strstr(t, "+ Events (0) ---"));
	assert_non_null(strstr(t, "s step  b back  n next pkt  c run"));
	free(t);
	tui_view_free(v);
	tui_session_free(s);
}

static void test_steps_back_and_panes(void **state)
{
	(void)state;
	struct tui_session *s = open_session();
	struct tui_view *v = tui_view_new(s, 80, 24, true);
	press(v, "s s");
	char *t = screen(v);
	/* Step 2: a sends its ARP request; the packet pane decodes it. */
	assert_non_null(strstr(t, "  event 2  step 2  "));
	assert_non_null(strstr(t, "a    eth0 Tx   ARP, Request who-has 10.0.0.2 tell 10.0.0.1"));
	assert_non_null(strstr(t, "│Address Resolution Protocol (request)"));
	assert_non_null(strstr(t, "┌ Node a (host) "));
	free(t);
	press(v, "s b");
	t = screen(v);
	assert_non_null(strstr(t, "  event 2  step 2  "));
	free(t);
	/* The route tab of a, as `ip route` prints it. */
	press(v, "2");
	t = screen(v);
	assert_non_null(strstr(t, "│10.0.0.0/24 dev eth0 proto kernel "));
	assert_non_null(strstr(t, "│  scope link src 10.0.0.1 "));
	free(t);
	/* Help over everything; any key closes it. */
	press(v, "?");
	t = screen(v);
	assert_non_null(strstr(t, "wirelab tui - keys"));
	free(t);
	press(v, "x");
	t = screen(v);
	assert_null(strstr(t, "wirelab tui - keys"));
	free(t);
	tui_view_free(v);
	tui_session_free(s);
}

static void test_filter_run_and_prompt(void **state)
{
	(void)state;
	struct tui_session *s = open_session();
	struct tui_view *v = tui_view_new(s, 100, 30, false);
	press(v, "c");
	char *t = screen(v);
	assert_non_null(strstr(t, "  finished"));
	free(t);
	press(v, "/ \"icmp\" enter");
	t = screen(v);
	assert_non_null(strstr(t, "Events ("));
	assert_non_null(strstr(t, "filtered"));
	assert_non_null(strstr(t, "ICMP echo request"));
	assert_null(strstr(t, "ARP, Request"));
	free(t);
	/* A command typed in the selected node, while the prompt shows it. */
	press(v, ": \"ip route\"");
	t = screen(v);
	assert_non_null(strstr(t, "# ip route_"));
	free(t);
	press(v, "enter / bs bs bs bs enter");
	t = screen(v);
	assert_non_null(strstr(t, "$ ip route"));
	free(t);
	/* Going to an event number. */
	press(v, "g \"3\" enter");
	t = screen(v);
	assert_non_null(strstr(t, "  event 3  step 3  "));
	free(t);
	tui_view_free(v);
	tui_session_free(s);
}

static void test_resize_and_wide_topology(void **state)
{
	(void)state;
	struct tui_session *s = open_session();
	struct tui_view *v = tui_view_new(s, 80, 24, false);
	press(v, "s s");
	tui_view_resize(v, 130, 40);
	char *t = screen(v);
	assert_non_null(strstr(t, "+ Topology "));
	/* The frame just sent is on a's cable. */
	assert_non_null(strstr(t, "> a:eth0 ---- sw1:eth0"));
	free(t);
	tui_view_free(v);
	tui_session_free(s);
}

/* Drawing runs the node's show commands (ip, bridge, sysctl, iptables,
 * conntrack) in the world: it must not change the run.  Draw every tab of
 * every node after every step, then re-execute without drawing: the same
 * record. */
static void draw_everything_while_stepping(const char *p, int steps)
{
	struct tui_session *s = open_path(p);
	struct tui_view *v = tui_view_new(s, 132, 40, true);
	for (int k = 0; k < steps; k++) {
		press(v, "s");
		struct world *w = tui_session_world(s);
		for (size_t i = 0; i < w->n_nodes; i++) {
			snprintf(v->node, sizeof v->node, "%s", w->nodes[i]->name);
			for (int tab = 0; tab < TT_TOPO; tab++) {
				v->tab = (enum tui_tab)tab;
				free(screen(v));
			}
		}
	}
	char err[600];
	if (tui_session_verify(s, err, sizeof err) != 0)
		fail_msg("%s: %s", p, err);
	tui_view_free(v);
	tui_session_free(s);
}

static void test_drawing_does_not_change_the_run(void **state)
{
	(void)state;
	draw_everything_while_stepping(path, 12);
	/* With netfilter: the nat table in use, a conntrack entry made,
	 * translated and listed (its timeout read) at every step. */
	draw_everything_while_stepping(nat_path, 14);
}

static bool on_screen(const char *t, const char *what)
{
	return strstr(t, what) != NULL;
}

static void test_netfilter_tabs(void **state)
{
	(void)state;
	struct tui_session *s = open_path(nat_path);
	struct tui_view *v = tui_view_new(s, 80, 24, false);
	press(v, "s 6");
	char *t = screen(v);
	/* At 80 columns the tab bar is abbreviated to fit the pane. */
	assert_true(on_screen(t, "|addr route neigh fdb sys ipt ct topo  |"));
	assert_true(on_screen(t, "|no rules (netfilter not in use)"));
	assert_true(on_screen(t, "1-8 tabs  ? help  q quit"));
	for (const char *l = t; *l; l = strchr(l, '\n') + 1)
		assert_true(strcspn(l, "\n") <= 80);
	free(t);
	press(v, "7");
	t = screen(v);
	assert_true(on_screen(t, "|# conntrack -L "));
	assert_true(on_screen(t, "|conntrack v1.4.7 (conntrack-tools): 0 "));
	free(t);
	press(v, "8");
	assert_int_equal(v->tab, TT_TOPO);
	/* The whole run, on a wide screen: r's nat table with the rule's
	 * counters, no filter table (nothing was set in it), and the ping's
	 * connection with conntrack's summary line from stderr. */
	press(v, "c");
	tui_view_resize(v, 200, 50);
	snprintf(v->node, sizeof v->node, "r");
	press(v, "6");
	t = screen(v);
	assert_true(on_screen(t, "addr route neigh fdb sysctl iptables conntrack "));
	assert_true(on_screen(t, "# iptables -t nat -L -n -v "));
	assert_false(on_screen(t, "# iptables -L -n -v "));
	assert_true(on_screen(t, "|Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes) "));
	assert_true(on_screen(t, "|pkts bytes target     prot opt in out  source    destination "));
	assert_true(on_screen(t, "|   1    84 MASQUERADE 0    --  *  eth1 0.0.0.0/0 0.0.0.0/0 "));
	free(t);
	press(v, "7");
	t = screen(v);
	assert_true(on_screen(t, "|icmp     1 25 src=10.0.0.1 dst=203.0.113.2 type=8 code=0 id="));
	assert_true(on_screen(t, "|conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown."));
	free(t);
	/* Seven tabs where the topology has its own pane: 8 is no tab. */
	press(v, "8");
	assert_int_equal(v->tab, TT_CT);
	/* A filter rule typed at the prompt: the filter table comes first. */
	press(v, ": \"iptables -A FORWARD -p icmp -j ACCEPT\" enter 6");
	t = screen(v);
	assert_true(on_screen(t, "|# iptables -L -n -v "));
	assert_true(on_screen(t, "|Chain FORWARD (policy ACCEPT 0 packets, 0 bytes) "));
	assert_true(strstr(t, "# iptables -L -n -v ") < strstr(t, "# iptables -t nat -L -n -v "));
	free(t);
	/* mangle after them, with its counters; raw, never used, not at all. */
	press(v, ": \"iptables -t mangle -A PREROUTING -j ACCEPT\" enter 6 tab tab end");
	t = screen(v);
	assert_true(on_screen(t, "|# iptables -t mangle -L -n -v "));
	assert_true(on_screen(t, "|   0     0 ACCEPT 0    --  *  *   0.0.0.0/0 0.0.0.0/0 "));
	assert_false(on_screen(t, "-t raw"));
	free(t);
	/* The help lists every tab with its key. */
	press(v, "?");
	t = screen(v);
	assert_true(on_screen(t, "5 sysctl  6 iptables  7 conntrack  8 topo"));
	free(t);
	tui_view_free(v);
	tui_session_free(s);
}

/* A NAT rule typed at the prompt is an input of the run: going back before
 * it and forward again runs it again at the same point. */
static void test_typed_iptables_replayed(void **state)
{
	(void)state;
	struct tui_session *s = open_path(nat_path);
	struct tui_view *v = tui_view_new(s, 200, 50, false);
	press(v, "s");
	snprintf(v->node, sizeof v->node, "r");
	press(v, ": \"iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE\" enter 6");
	snprintf(v->node, sizeof v->node, "r");
	char *t = screen(v);
	assert_true(on_screen(t, "|   0     0 MASQUERADE 0    --  *  eth0 0.0.0.0/0 0.0.0.0/0 "));
	free(t);
	/* Back to t = 0: no network yet; one step forward: the typed rule is
	 * there again, made when the step reached the event it was typed at. */
	press(v, "b");
	t = screen(v);
	assert_true(on_screen(t, "|(no node yet"));
	free(t);
	press(v, "s");
	snprintf(v->node, sizeof v->node, "r");
	t = screen(v);
	assert_true(on_screen(t, "|   0     0 MASQUERADE 0    --  *  eth0 0.0.0.0/0 0.0.0.0/0 "));
	free(t);
	press(v, "c");
	snprintf(v->node, sizeof v->node, "r");
	t = screen(v);
	/* Both rules, the typed one first; the scenario's counted the ping. */
	const char *typed = strstr(t, "MASQUERADE 0    --  *  eth0 ");
	const char *own = strstr(t, "|   1    84 MASQUERADE 0    --  *  eth1 ");
	assert_non_null(typed);
	assert_non_null(own);
	assert_true(typed < own);
	free(t);
	char err[600];
	if (tui_session_verify(s, err, sizeof err) != 0)
		fail_msg("%s", err);
	tui_view_free(v);
	tui_session_free(s);
}

static void test_click_on_ct_tab(void **state)
{
	(void)state;
	struct tui_session *s = open_path(nat_path);
	struct tui_view *v = tui_view_new(s, 80, 24, false);
	press(v, "s");
	/* "addr route neigh fdb sys ipt ct topo" from x = 41: ct at 70. */
	tui_view_click(v, 70, 13);
	assert_int_equal(v->tab, TT_CT);
	tui_view_click(v, 66, 13);
	assert_int_equal(v->tab, TT_IPT);
	tui_view_free(v);
	tui_session_free(s);
}

static void test_mouse(void **state)
{
	(void)state;
	struct tui_session *s = open_session();
	struct tui_view *v = tui_view_new(s, 80, 24, false);
	press(v, "s s");
	/* Row 2 of the list (screen row 3) is the second line shown. */
	size_t n;
	const struct tui_entry *e = tui_session_entries(s, &n);
	size_t top = v->list_top;
	tui_view_click(v, 10, 3);
	assert_int_equal(v->sel, top + 1);
	assert_string_equal(v->node, e[top + 1].node);
	assert_int_equal(v->focus, TP_EVENTS);
	/* The node pane's tab row: "addr route ...", route at x = 41 + 5. */
	tui_view_click(v, 46, 13);
	assert_int_equal(v->focus, TP_NODE);
	assert_int_equal(v->tab, TT_ROUTE);
	tui_view_click(v, 5, 15);
	assert_int_equal(v->focus, TP_PACKET);
	tui_view_free(v);
	tui_session_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grid_text_and_dump),
		cmocka_unit_test(test_utf8_bad_bytes),
		cmocka_unit_test(test_dissect_fields),
		cmocka_unit_test(test_keys_parse),
		cmocka_unit_test(test_screen_at_start),
		cmocka_unit_test(test_steps_back_and_panes),
		cmocka_unit_test(test_filter_run_and_prompt),
		cmocka_unit_test(test_resize_and_wide_topology),
		cmocka_unit_test(test_mouse),
		cmocka_unit_test(test_drawing_does_not_change_the_run),
		cmocka_unit_test(test_netfilter_tabs),
		cmocka_unit_test(test_typed_iptables_replayed),
		cmocka_unit_test(test_click_on_ct_tab),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
