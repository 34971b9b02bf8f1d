/* test_cmd_getent.c — `getent hosts|ahosts` as glibc 2.36's getent prints
 * them (texts captured on Debian 12). */
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
#include "cmd_fixture.h"

struct fx {
	struct world *w;
	struct node *n;
	char *out, *err;
};

static const char try_text[] = "Try `getent --help' or `getent --usage' for more information.\n";

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->w = world_new(1);
	f->n = node_new(f->w, "h", NODE_HOST);
	netdev_set_up(f->n->lo, true);
	const char *hosts = "127.0.0.1\tlocalhost\n"
			    "# comment\n"
			    "10.0.0.90 db.internal db  dbalias # trailing\n"
			    "10.0.0.91 db.internal other\n"
			    "::1 localhost ip6-localhost\n"
			    "fe00::0 ip6-localnet\n"
			    "10.0.0.92\tDB2.Internal\n";
	assert_int_equal(node_file_write(f->n, "/etc/hosts", hosts, strlen(hosts), false), 0);
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

static void steps(struct fx *f, const struct cmd_fx_step *s, size_t n)
{
	cmd_fx_steps(f->w, f->n, &f->out, &f->err, s, n);
}

static void test_usage(void **state)
{
	struct fx *f = *state;
	char wrong[256], unknown[256], inval[256], unrec[256];
	snprintf(wrong, sizeof wrong, "getent: wrong number of arguments\n%s", try_text);
	snprintf(unknown, sizeof unknown, "Unknown database: foo\n%s", try_text);
	snprintf(inval, sizeof inval, "getent: invalid option -- 'x'\n%s", try_text);
	snprintf(unrec, sizeof unrec, "getent: unrecognized option '--foo'\n%s", try_text);
	const struct cmd_fx_step s[] = {
		{ "getent", "", wrong, 1 },
		{ "getent foo", "", unknown, 1 },
		{ "getent foo bar", "", unknown, 1 },
		{ "getent -x hosts", "", inval, 64 },
		{ "getent --foo", "", unrec, 64 },
		{ "getent --usage", "Usage: getent [-Ai?V] [-s CONFIG] [--no-addrconfig] [--no-idn]\n"
		  "            [--service=CONFIG] [--help] [--usage] [--version]\n"
		  "            database [key ...]\n", "", 0 },
	};
	steps(f, s, sizeof s / sizeof s[0]);
	assert_int_equal(cmd_fx_run(f->w, f->n, "getent --help", &f->out, &f->err), 0);
	assert_non_null(strstr(f->out, "Usage: getent [OPTION...] database [key ...]\n"));
	assert_int_equal(cmd_fx_run(f->w, f->n, "getent -V", &f->out, &f->err), 0);
	assert_non_null(strstr(f->out, "getent (Debian GLIBC 2.36"));
}

static void test_enumerate(void **state)
{
	struct fx *f = *state;
	/* gethostent in AF_INET: ::1 shows as 127.0.0.1, other IPv6 lines
	 * are left out */
	const char *all = "127.0.0.1       localhost\n"
			  "10.0.0.90       db.internal db dbalias\n"
			  "10.0.0.91       db.internal other\n"
			  "127.0.0.1       localhost ip6-localhost\n"
			  "10.0.0.92       DB2.Internal\n";
	const struct cmd_fx_step s[] = {
		{ "getent hosts", all, "", 0 },
		{ "getent ahosts", all, "", 0 },
	};
	steps(f, s, sizeof s / sizeof s[0]);
}

static void test_hosts_keys(void **state)
{
	struct fx *f = *state;
	/* Captured with the same /etc/hosts (multi on): several keys, one
	 * after the other; localhost is found as IPv6 first (AF_INET6). */
	const struct cmd_fx_step s[] = {
		{ "getent hosts db.internal dbalias localhost db2.internal",
		  "10.0.0.90       db.internal db dbalias other\n"
		  "10.0.0.91       db.internal db dbalias other\n"
		  "10.0.0.90       db.internal db dbalias\n"
		  "::1             localhost ip6-localhost\n"
		  "10.0.0.92       DB2.Internal\n", "", 0 },
		{ "getent ahosts db.internal",
		  "10.0.0.90       STREAM db.internal\n"
		  "10.0.0.90       DGRAM  \n"
		  "10.0.0.90       RAW    \n"
		  "10.0.0.91       STREAM \n"
		  "10.0.0.91       DGRAM  \n"
		  "10.0.0.91       RAW    \n", "", 0 },
		{ "getent ahosts 10.0.0.7",
		  "10.0.0.7        STREAM 10.0.0.7\n"
		  "10.0.0.7        DGRAM  \n"
		  "10.0.0.7        RAW    \n", "", 0 },
		/* an address: gethostbyaddr, from /etc/hosts */
		{ "getent hosts 10.0.0.91", "10.0.0.91       db.internal other\n", "", 0 },
		/* not found: exit 2 without a word; the others still print */
		{ "getent hosts nosuch db", "10.0.0.90       db.internal db dbalias\n", "", 2 },
		{ "getent ahosts nosuch", "", "", 2 },
	};
	steps(f, s, sizeof s / sizeof s[0]);
}

static void test_ahosts_addrconfig(void **state)
{
	struct fx *f = *state;
	/* Captured in a namespace without IPv6: with only lo, AI_ADDRCONFIG
	 * sees no IPv4 address (loopback does not count) and narrows
	 * nothing: both lines of localhost, IPv4 first */
	const struct cmd_fx_step s1[] = {
		{ "getent ahosts localhost",
		  "127.0.0.1       STREAM localhost\n"
		  "127.0.0.1       DGRAM  \n"
		  "127.0.0.1       RAW    \n"
		  "::1             STREAM \n"
		  "::1             DGRAM  \n"
		  "::1             RAW    \n", "", 0 },
	};
	steps(f, s1, sizeof s1 / sizeof s1[0]);
	/* with an IPv4 address: AF_INET, where "::1" reads as 127.0.0.1 */
	const struct cmd_fx_step s2[] = {
		{ "ip link add v0 type veth peer name v1", "", "", 0 },
		{ "ip addr add 10.9.9.9/24 dev v0", "", "", 0 },
		{ "getent ahosts localhost",
		  "127.0.0.1       STREAM localhost\n"
		  "127.0.0.1       DGRAM  \n"
		  "127.0.0.1       RAW    \n"
		  "127.0.0.1       STREAM \n"
		  "127.0.0.1       DGRAM  \n"
		  "127.0.0.1       RAW    \n", "", 0 },
		{ "getent ahosts ip6-localhost",
		  "127.0.0.1       STREAM localhost\n"
		  "127.0.0.1       DGRAM  \n"
		  "127.0.0.1       RAW    \n", "", 0 },
	};
	steps(f, s2, sizeof s2 / sizeof s2[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_usage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enumerate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hosts_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ahosts_addrconfig, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
