/* test_cmd_conntrack.c — `conntrack` against conntrack-tools 1.4.7 of
 * Debian 12: -L with its filters, -D, -F, -C, the closing line on stderr
 * ("conntrack v1.4.7 (conntrack-tools): N flow entries have been shown."),
 * the exit statuses (-D that deletes nothing exits 1) and the messages
 * for mistakes, each captured from the real tool in a fresh namespace.
 * The entries are made through the conntrack engine (net/conntrack.h) as
 * its packets would make them; the line of each entry is the engine's
 * ct_format(). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/conntrack.h"
#include "net/nf.h"
#include "cmd_fixture.h"

struct fx {
	struct world *w;
	struct node *n;
	char *out, *err;
};

#define CT "conntrack v1.4.7 (conntrack-tools): "
#define TRY "Try `conntrack -h' or 'conntrack --help' for more information.\n"

static uint32_t ip(unsigned a, unsigned b, unsigned c, unsigned d)
{
	return a << 24 | b << 16 | c << 8 | d;
}

static struct ct_entry *flow(struct node *n, uint8_t proto, uint32_t s, uint32_t d, uint16_t sp,
			     uint16_t dp)
{
	struct ct_tuple t = { .src = s, .dst = d, .sport = sp, .dport = dp, .proto = proto };
	if (proto == 1) {
		t.sport = t.dport = 0;
		t.type = 8;
		t.id = sp;
	}
	struct ct_entry *e = ct_new(n, &t);
	ct_update(n, e, CT_DIR_ORIGINAL, 0x02, 60);
	return e;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->w = world_new(1);
	f->n = node_new(f->w, "h", NODE_HOST);
	netdev_set_up(f->n->lo, true);
	/* a rule that needs conntrack, as on a real machine */
	char *o = NULL, *e = NULL;
	assert_int_equal(cmd_fx_run(f->w, f->n, "iptables -A INPUT -m conntrack --ctstate NEW", &o, &e), 0);
	free(o);
	free(e);
	struct ct_entry *u = flow(f->n, 17, ip(10, 0, 0, 1), ip(10, 0, 0, 2), 40000, 53);
	ct_confirm(f->n, u);
	struct ct_entry *t = flow(f->n, 6, ip(10, 0, 0, 1), ip(10, 0, 0, 2), 40001, 80);
	ct_confirm(f->n, t);
	ct_update(f->n, t, CT_DIR_REPLY, 0x12, 60);
	ct_update(f->n, t, CT_DIR_ORIGINAL, 0x10, 52);
	struct ct_entry *i = flow(f->n, 1, ip(10, 0, 0, 3), ip(10, 0, 0, 2), 77, 0);
	ct_confirm(f->n, i);
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

static int run(struct fx *f, const char *line)
{
	return cmd_fx_run(f->w, f->n, line, &f->out, &f->err);
}

/* The engine's line for the n-th entry (0-based), with a newline. */
static char *line_of(struct fx *f, int k)
{
	const struct ct_entry *e = ct_first(f->n);
	while (k-- > 0)
		e = ct_next(e);
	static char buf[512];
	ct_format(f->n, e, buf, sizeof buf - 1);
	strcat(buf, "\n");
	return buf;
}

static void test_list(void **state)
{
	struct fx *f = *state;
	char all[1600] = "";
	for (int k = 0; k < 3; k++)
		strcat(all, line_of(f, k));
	assert_int_equal(run(f, "conntrack -L"), 0);
	assert_string_equal(f->out, all);
	assert_string_equal(f->err, CT "3 flow entries have been shown.\n");
	assert_non_null(strstr(f->out, "tcp      6 "));
	assert_non_null(strstr(f->out, " ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40001 [ASSURED] mark=0 use=1\n"));
	assert_non_null(strstr(f->out, "udp      17 "));
	assert_non_null(strstr(f->out, " src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=53 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=53 dport=40000 mark=0 use=1\n"));

	assert_int_equal(run(f, "conntrack -L -p tcp"), 0);
	assert_string_equal(f->out, line_of(f, 1));
	assert_string_equal(f->err, CT "1 flow entries have been shown.\n");
	assert_int_equal(run(f, "conntrack -L -p udp --dport 53"), 0);
	assert_string_equal(f->out, line_of(f, 0));
	assert_int_equal(run(f, "conntrack -L -p tcp --state ESTABLISHED --orig-port-src 40001"), 0);
	assert_string_equal(f->out, line_of(f, 1));
	assert_int_equal(run(f, "conntrack -L -s 10.0.0.3"), 0);
	assert_string_equal(f->out, line_of(f, 2));
	assert_int_equal(run(f, "conntrack -L -d 10.0.0.2 -s 10.0.0.3"), 0);
	assert_string_equal(f->out, line_of(f, 2));
	assert_int_equal(run(f, "conntrack -L -r 10.0.0.2 -q 10.0.0.3"), 0);
	assert_string_equal(f->out, line_of(f, 2));
	assert_int_equal(run(f, "conntrack -L -u ASSURED"), 0);
	assert_string_equal(f->out, line_of(f, 1));
	assert_int_equal(run(f, "conntrack -L --status UNREPLIED -p udp"), 0);
	assert_string_equal(f->out, line_of(f, 0));
	assert_int_equal(run(f, "conntrack -L -g"), 0);
	assert_string_equal(f->out, "");
	assert_int_equal(run(f, "conntrack -L -f ipv6"), 0);
	assert_string_equal(f->out, "");
	assert_string_equal(f->err, CT "0 flow entries have been shown.\n");
	assert_int_equal(run(f, "conntrack -L -o extended -p tcp"), 0);
	assert_int_equal(strncmp(f->out, "ipv4     2 tcp      6 ", 22), 0);
	assert_int_equal(run(f, "conntrack -L -s 1.2.3.4"), 0);
	assert_string_equal(f->out, "");
	assert_string_equal(f->err, CT "0 flow entries have been shown.\n");
	assert_int_equal(run(f, "conntrack -C"), 0);
	assert_string_equal(f->out, "3\n");
}

static void test_delete(void **state)
{
	struct fx *f = *state;
	char udp[512];
	strcpy(udp, line_of(f, 0));
	assert_int_equal(run(f, "conntrack -D -p tcp --dport 1"), 1);
	assert_string_equal(f->out, "");
	assert_string_equal(f->err, CT "0 flow entries have been deleted.\n");
	assert_int_equal(run(f, "conntrack -D -p udp"), 0);
	assert_string_equal(f->out, udp);
	assert_string_equal(f->err, CT "1 flow entries have been deleted.\n");
	assert_int_equal(run(f, "conntrack -C"), 0);
	assert_string_equal(f->out, "2\n");
	assert_int_equal(run(f, "conntrack -F"), 0);
	assert_string_equal(f->err, CT "connection tracking table has been emptied.\n");
	assert_int_equal(run(f, "conntrack -L"), 0);
	assert_string_equal(f->out, "");
	assert_string_equal(f->err, CT "0 flow entries have been shown.\n");
	assert_int_equal(run(f, "conntrack -D"), 1);
	assert_string_equal(f->err, CT "0 flow entries have been deleted.\n");
}

static void test_mistakes(void **state)
{
	struct fx *f = *state;
	static const struct { const char *line, *err; int rc; } cases[] = {
		{ "conntrack -L --sport 5", CT "unknown option `--sport'\n" TRY, 2 },
		{ "conntrack -L -x", CT "unknown option `-x'\n" TRY, 2 },
		{ "conntrack -L -p foo", CT "`foo' unsupported protocol\n" TRY, 2 },
		{ "conntrack -L -s x", CT "Invalid IP address `x'\n" TRY, 2 },
		{ "conntrack -L -p tcp --state FOO", CT "unknown TCP state `FOO'\n" TRY, 2 },
		{ "conntrack -L -o foo", CT "Bad parameter `foo'\n" TRY, 2 },
		{ "conntrack -L -D", CT "Invalid commands combination\n" TRY, 2 },
		{ "conntrack -X", CT "unknown option `-X'\n" TRY, 2 },
		{ "conntrack -L -u FOO", CT "Bad parameter `FOO'\n" TRY, 2 },
		{ "conntrack -L -g x", CT "Invalid IP address `x'\n" TRY, 2 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = run(f, cases[i].line);
		if (rc != cases[i].rc || strcmp(f->err, cases[i].err) != 0)
			fail_msg("`%s`: want %d [%s] got %d [%s]", cases[i].line, cases[i].rc,
				 cases[i].err, rc, f->err);
	}
	assert_int_equal(run(f, "conntrack"), 0);
	assert_non_null(strstr(f->out, "Command line interface for the connection tracking system. Version 1.4.7\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mistakes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
