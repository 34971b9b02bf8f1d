/* test_cmd_iptables.c — `iptables`, `iptables-save` and `iptables-restore`
 * against iptables v1.8.9 (nf_tables) of Debian 12.
 *
 * Every expected text and exit status was printed by the real tool in a
 * fresh network namespace (`unshare -n`), stdout and stderr apart.  The
 * long listings of the Docker and kube-proxy rule sets are compared with
 * the real tool by tests/kernel/test-iptables-output.sh; here are the
 * exact exit statuses (1, 2, 3, 4), the counters' formats (-v, -x, -c,
 * K/M suffixes), the -v echo of a rule, and iptables-restore. */
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
#include "dev/node_files.h"
#include "cmd_fixture.h"

struct fx {
	struct world *w;
	struct node *n;
	char *out, *err;
};

struct step {
	const char *line, *out, *err;
	int rc;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->w = world_new(1);
	f->n = node_new(f->w, "h", NODE_HOST);
	netdev_set_up(f->n->lo, true);
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

static void steps(struct fx *f, const struct step *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = run(f, s[i].line);
		if (rc != s[i].rc || strcmp(f->out, s[i].out) != 0 || strcmp(f->err, s[i].err) != 0)
			fail_msg("`%s`\n  want %d [%s] [%s]\n  got  %d [%s] [%s]", s[i].line, s[i].rc,
				 s[i].out, s[i].err, rc, f->out, f->err);
	}
}

#define STEPS(f, table) steps(f, table, sizeof table / sizeof table[0])
#define TRY "Try `iptables -h' or 'iptables --help' for more information.\n"
#define PFX "iptables v1.8.9 (nf_tables): "

/* ---- exit statuses and messages ---------------------------------------------------- */

static const struct step error_steps[] = {
	{ "iptables -N DOCKER", "", "", 0 },
	{ "iptables -A FORWARD -o docker0 -j DOCKER", "", "", 0 },
	{ "iptables -A INPUT --foo", "", PFX "unknown option \"--foo\"\n" TRY, 2 },
	{ "iptables -A INPUT x", "", "Bad argument `x'\n" TRY, 2 },
	{ "iptables -A INPUT -s x", "", PFX "host/network `x' not found\n" TRY, 2 },
	{ "iptables -A INPUT -j FOO", "", PFX "Chain 'FOO' does not exist\n" TRY, 2 },
	{ "iptables -A NOPE -j ACCEPT", "", "iptables: No chain/target/match by that name.\n", 1 },
	{ "iptables -D INPUT -p udp -j ACCEPT", "",
	  "iptables: Bad rule (does a matching rule exist in that chain?).\n", 1 },
	{ "iptables -A", "", PFX "option \"-A\" requires an argument\n" TRY, 2 },
	{ "iptables -L NOPE", "", PFX "chain `NOPE' in table `filter' is incompatible, use 'nft' tool.\n", 1 },
	{ "iptables -t bogus -L", "",
	  PFX "table 'bogus' does not exist\nPerhaps iptables or your kernel needs to be upgraded.\n", 3 },
	{ "iptables -P INPUT FOO", "", "iptables: Bad policy name. Run `dmesg' for more information.\n", 1 },
	{ "iptables -P DOCKER DROP", "", "iptables: Bad built-in chain name.\n", 1 },
	{ "iptables -N DOCKER", "", "iptables: Chain already exists.\n", 1 },
	{ "iptables -X DOCKER", "", PFX " CHAIN_DEL failed (Device or resource busy): chain DOCKER\n", 4 },
	{ "iptables -X FORWARD", "", PFX " CHAIN_DEL failed (Device or resource busy): chain FORWARD\n", 4 },
	{ "iptables -D INPUT 9", "", "iptables: Index of deletion too big.\n", 1 },
	{ "iptables -I INPUT 9 -j ACCEPT", "", "iptables: Index of insertion too big.\n", 1 },
	{ "iptables -R INPUT 9 -j ACCEPT", "", "iptables: Index of replacement too big.\n", 1 },
	{ "iptables -R INPUT", "", PFX "-R requires a rule number\n" TRY, 2 },
	{ "iptables -A INPUT -L", "", PFX "Cannot use -L with -A\n" TRY, 2 },
	{ "iptables -A INPUT -p foo", "", PFX "unknown protocol \"foo\" specified\n" TRY, 2 },
	{ "iptables -A INPUT --dport 80", "", PFX "unknown option \"--dport\"\n" TRY, 2 },
	{ "iptables -A INPUT -p tcp --dport 99999", "", PFX "invalid port/service `99999' specified\n" TRY, 2 },
	{ "iptables -t nat -A POSTROUTING -j DROP", "",
	  PFX "\nThe \"nat\" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n\n" TRY, 2 },
	{ "iptables -A INPUT -j DNAT --to-destination 1.2.3.4", "",
	  PFX " RULE_APPEND failed (Invalid argument): rule in chain INPUT\n", 4 },
	{ "iptables -E NOPE X", "", "iptables: No chain/target/match by that name.\n", 1 },
	{ "iptables -E DOCKER INPUT", "", "iptables: File exists.\n", 1 },
	{ "iptables -C INPUT -j DROP", "", "iptables: Bad rule (does a matching rule exist in that chain?).\n", 1 },
	{ "iptables -N -x", "", PFX "chain name not allowed to start with `-'\n" TRY, 2 },
	{ "iptables -N ACCEPT", "", PFX "chain name may not clash with target name\n" TRY, 2 },
	{ "iptables -N aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "",
	  PFX "chain name `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' too long (must be under 29 chars)\n" TRY, 2 },
	{ "iptables -A INPUT -m nosuch", "", PFX "Couldn't load match `nosuch':No such file or directory\n\n" TRY, 2 },
	{ "iptables -A INPUT -s 1.2.3.4/33", "", PFX "invalid mask `33' specified\n" TRY, 2 },
	{ "iptables -Q", "", PFX "unknown option \"-Q\"\n" TRY, 2 },
	{ "iptables", "", PFX "no command specified\n" TRY, 2 },
	{ "iptables -A INPUT -p tcp -m tcp --dport 80 --dport 81", "",
	  PFX "Only one `--destination-port' allowed\n" TRY, 2 },
	{ "iptables -A INPUT ! ! -p tcp", "", PFX "multiple consecutive ! not allowed\n" TRY, 2 },
	{ "iptables -A INPUT -o eth0", "", PFX "Can't use -o with INPUT\n\n" TRY, 2 },
	{ "iptables -A INPUT !", "", PFX "nothing appropriate following !\n" TRY, 2 },
	{ "iptables -L INPUT 0", "", PFX "Invalid rule number `0'\n" TRY, 2 },
	{ "iptables -L -p tcp", "", PFX "Illegal option `-p' with this command\n" TRY, 2 },
	{ "iptables -A INPUT -m comment", "", PFX "comment: option \"--comment\" must be specified\n\n" TRY, 2 },
	{ "iptables -A INPUT -m tcp --dport 1", "", PFX "TCP match requires '-p tcp'\n" TRY, 2 },
	{ "iptables -A INPUT -m statistic ! --mode random --probability 0.5", "",
	  PFX "statistic: option \"--mode\" cannot be inverted.\n\n" TRY, 2 },
	{ "iptables -A INPUT -j MARK --set-mark x", "",
	  PFX "MARK: bad integer value for option \"--set-mark\", or out of range.\n\n" TRY, 2 },
	{ "iptables -A INPUT -c 5", "", PFX "-c requires packet and byte counter\n" TRY, 2 },
	{ "iptables -D INPUT -c 1 2 -j ACCEPT", "", PFX "Illegal option `-c' with this command\n" TRY, 2 },
	{ "iptables -V", "iptables v1.8.9 (nf_tables)\n", "", 0 },
	{ "iptables-save -t bogus", "", "Table `bogus' does not exist\n", 1 },
	{ "iptables-save -x", "",
	  "iptables-save: invalid option -- 'x'\nLook at manual page `iptables-save.8' for more information.\n", 1 },
};

static void test_errors(void **state)
{
	STEPS(*state, error_steps);
}

/* ---- counters: -c, -v, -x, K and M ---------------------------------------------------- */

static const struct step counter_steps[] = {
	{ "iptables -A INPUT -c 123456 98765432 -j ACCEPT", "", "", 0 },
	{ "iptables -A INPUT -c 99999 100000 -p udp", "", "", 0 },
	{ "iptables -I INPUT -c 7 8 -s 10.0.0.0/8", "", "", 0 },
	{ "iptables -L INPUT -v",
	  "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	  " pkts bytes target     prot opt in     out     source               destination         \n"
	  "    7     8            all  --  any    any     10.0.0.0/8           anywhere            \n"
	  " 123K   99M ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	  "99999  100K            udp  --  any    any     anywhere             anywhere            \n",
	  "", 0 },
	{ "iptables -L INPUT -v -x -n --line-numbers",
	  "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	  "num      pkts      bytes target     prot opt in     out     source               destination         \n"
	  "1           7        8            0    --  *      *       10.0.0.0/8           0.0.0.0/0           \n"
	  "2      123456 98765432 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	  "3       99999   100000            17   --  *      *       0.0.0.0/0            0.0.0.0/0           \n",
	  "", 0 },
	{ "iptables -S INPUT -v",
	  "-P INPUT ACCEPT -c 0 0\n"
	  "-A INPUT -s 10.0.0.0/8 -c 7 8\n"
	  "-A INPUT -c 123456 98765432 -j ACCEPT\n"
	  "-A INPUT -p udp -c 99999 100000\n",
	  "", 0 },
	{ "iptables-save -c -t filter",
	  "# Generated by iptables-save v1.8.9 (nf_tables) on Wed Jan  1 00:00:00 2025\n"
	  "*filter\n"
	  ":INPUT ACCEPT [0:0]\n"
	  ":FORWARD ACCEPT [0:0]\n"
	  ":OUTPUT ACCEPT [0:0]\n"
	  "[7:8] -A INPUT -s 10.0.0.0/8\n"
	  "[123456:98765432] -A INPUT -j ACCEPT\n"
	  "[99999:100000] -A INPUT -p udp\n"
	  "COMMIT\n"
	  "# Completed on Wed Jan  1 00:00:00 2025\n",
	  "", 0 },
	{ "iptables -Z INPUT 2", "", "", 0 },
	{ "iptables -L INPUT 2 -v -x -n", "       0        0 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n", "", 0 },
	{ "iptables -L -v -Z INPUT",
	  "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	  " pkts bytes target     prot opt in     out     source               destination         \n"
	  "    7     8            all  --  any    any     10.0.0.0/8           anywhere            \n"
	  "    0     0 ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	  "99999  100K            udp  --  any    any     anywhere             anywhere            \n"
	  "Zeroing chain `INPUT'\n",
	  "", 0 },
	{ "iptables -L INPUT 3 -v", "    0     0            udp  --  any    any     anywhere             anywhere            \n", "", 0 },
};

static void test_counters(void **state)
{
	STEPS(*state, counter_steps);
}

/* ---- -v: the rule echoed, chains named ---------------------------------------------------- */

static const struct step verbose_steps[] = {
	{ "iptables -A INPUT -p tcp -j ACCEPT -v", "ACCEPT  tcp opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0  \n", "", 0 },
	{ "iptables -A INPUT -s 1.2.3.0/24 -i eth0 -p tcp --dport 80 -m comment --comment hi -j DNAT --to-destination 1.1.1.1 -v",
	  "DNAT  tcp opt -- in eth0 out *  1.2.3.0/24  -> 0.0.0.0/0   tcp dpt:80 /* hi */ to:1.1.1.1\n",
	  PFX " RULE_APPEND failed (Invalid argument): rule in chain INPUT\n", 4 },
	{ "iptables -A INPUT -s 1.1.1.1,2.2.2.2 -d 3.3.3.3,4.4.4.4 -j DROP -v",
	  "DROP  all opt -- in * out *  1.1.1.1  -> 3.3.3.3  \n"
	  "DROP  all opt -- in * out *  1.1.1.1  -> 4.4.4.4  \n"
	  "DROP  all opt -- in * out *  2.2.2.2  -> 3.3.3.3  \n"
	  "DROP  all opt -- in * out *  2.2.2.2  -> 4.4.4.4  \n",
	  "", 0 },
	{ "iptables -N Y", "", "", 0 },
	{ "iptables -F -v", "Flushing chain `INPUT'\nFlushing chain `FORWARD'\nFlushing chain `OUTPUT'\nFlushing chain `Y'\n", "", 0 },
	{ "iptables -Z -v", "Zeroing chain `INPUT'\nZeroing chain `FORWARD'\nZeroing chain `OUTPUT'\nZeroing chain `Y'\n", "", 0 },
	{ "iptables -X -v", "Deleting chain `Y'\n", "", 0 },
	{ "iptables -S", "-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n", "", 0 },
};

static void test_verbose(void **state)
{
	STEPS(*state, verbose_steps);
}

/* ---- iptables-restore ---------------------------------------------------------------------- */

static void test_restore(void **state)
{
	struct fx *f = *state;
	const char *rules =
		"# kube-proxy style\n"
		"*nat\n"
		":KUBE-SERVICES - [0:0]\n"
		":KUBE-MARK-MASQ - [0:0]\n"
		"-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
		"-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000\n"
		"-A KUBE-SERVICES -m comment --comment \"ns4/svc4:p80 cluster IP\" -m tcp -p tcp -d 172.30.0.44 --dport 80 -j KUBE-MARK-MASQ\n"
		"COMMIT\n";
	assert_int_equal(node_file_write(f->n, "/tmp/rules", rules, strlen(rules), false), 0);
	assert_int_equal(run(f, "iptables-restore --noflush /tmp/rules"), 0);
	assert_string_equal(f->err, "");
	assert_int_equal(run(f, "iptables -t nat -S"), 0);
	assert_string_equal(f->out,
		"-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n"
		"-N KUBE-MARK-MASQ\n-N KUBE-SERVICES\n"
		"-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
		"-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n"
		"-A KUBE-SERVICES -d 172.30.0.44/32 -p tcp -m comment --comment \"ns4/svc4:p80 cluster IP\" -m tcp --dport 80 -j KUBE-MARK-MASQ\n");
	/* a second --noflush run flushes the chains it declares, keeps the rest */
	const char *again = "*nat\n:KUBE-SERVICES - [0:0]\nCOMMIT\n";
	assert_int_equal(node_file_write(f->n, "/tmp/again", again, strlen(again), false), 0);
	assert_int_equal(run(f, "iptables-restore -n /tmp/again"), 0);
	assert_int_equal(run(f, "iptables -t nat -S KUBE-SERVICES"), 0);
	assert_string_equal(f->out, "-N KUBE-SERVICES\n");
	assert_int_equal(run(f, "iptables -t nat -S PREROUTING"), 0);
	assert_string_equal(f->out, "-P PREROUTING ACCEPT\n"
		"-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n");
	/* without -n the table is replaced */
	assert_int_equal(run(f, "iptables-restore /tmp/again"), 0);
	assert_int_equal(run(f, "iptables -t nat -S"), 0);
	assert_string_equal(f->out,
		"-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n"
		"-N KUBE-SERVICES\n");
	/* a bad line: iptables' message, the line number */
	const char *bad = "*filter\n-A INPUT --foo\nCOMMIT\n";
	assert_int_equal(node_file_write(f->n, "/tmp/bad", bad, strlen(bad), false), 0);
	assert_int_equal(run(f, "iptables-restore /tmp/bad"), 2);
	assert_string_equal(f->err,
		"iptables-restore v1.8.9 (nf_tables): unknown option \"--foo\"\n"
		"Error occurred at line: 2\n"
		"Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n");
	static const struct { const char *text, *err; int rc; } more[] = {
		{ "*filter\n-A INPUT -j ACCEPT\n", "iptables-restore: COMMIT expected at line 3\n", 1 },
		{ "-A INPUT -j ACCEPT\n", "iptables-restore: line 1 failed\n", 1 },
		{ "*bogus\nCOMMIT\n",
		  "iptables-restore v1.8.9 (nf_tables): iptables-restore: line 1 table name 'bogus' invalid\n"
		  "Error occurred at line: 1\n"
		  "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n", 2 },
	};
	for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
		assert_int_equal(node_file_write(f->n, "/tmp/m", more[i].text, strlen(more[i].text), false), 0);
		assert_int_equal(run(f, "iptables-restore /tmp/m"), more[i].rc);
		assert_string_equal(f->err, more[i].err);
	}
	assert_int_equal(run(f, "iptables-restore /nonexist"), 1);
	assert_string_equal(f->err, "Can't open /nonexist: No such file or directory\n");
}

/* ---- where wirelab knowingly differs (docs/iptables.md) --------------------------------- */

static const struct step divergence_steps[] = {
	/* -m state is kept as the conntrack match it is an alias of: Linux
	 * lists "-m state --state RELATED,ESTABLISHED" / "state ..." */
	{ "iptables -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT", "", "", 0 },
	{ "iptables -S INPUT", "-P INPUT ACCEPT\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n", "", 0 },
	{ "iptables -A INPUT -m state --state FOO", "", PFX "Bad state \"FOO\"\n" TRY, 2 },
	{ "iptables -A INPUT -m state --state SNAT", "", PFX "Bad state \"SNAT\"\n" TRY, 2 },
	{ "iptables -A INPUT -m state", "", PFX "state: option \"--state\" must be specified\n\n" TRY, 2 },
	/* extensions with no model: refused, where Linux accepts them */
	{ "iptables -A INPUT -m limit --limit 1/s", "", PFX "match `limit' is not modelled by wirelab\n" TRY, 2 },
	{ "iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 8080", "",
	  PFX "target `REDIRECT' is not modelled by wirelab\n" TRY, 2 },
	{ "iptables -A INPUT -f", "", PFX "-f (fragments) is not modelled by wirelab\n" TRY, 2 },
	{ "iptables -A INPUT -p tcp --tcp-option 5", "", PFX "tcp: --tcp-option is not modelled by wirelab\n" TRY, 2 },
	{ "iptables -A INPUT -m conntrack --ctstatus ASSURED", "",
	  PFX "conntrack: only --ctstate is modelled by wirelab\n" TRY, 2 },
	/* iptables-nft renames a built-in chain (the table then holds a base
	 * chain it cannot list); the engine refuses */
	{ "iptables -E INPUT X", "", "iptables: No chain/target/match by that name.\n", 1 },
	/* -s/-d names from /etc/hosts (as Linux); no DNS after it */
	{ "iptables -A INPUT -s localhost -d h", "", "", 0 },
	{ "iptables -S INPUT 2", "-A INPUT -s 127.0.0.1/32 -d 127.0.1.1/32\n", "", 0 },
	{ "iptables -A INPUT -s www.example.com", "", PFX "host/network `www.example.com' not found\n" TRY, 2 },
};

static void test_divergences(void **state)
{
	STEPS(*state, divergence_steps);
}

/* ---- what it never does: crash on odd command lines ----------------------------------- */

static void test_odd_lines(void **state)
{
	struct fx *f = *state;
	static const char *const lines[] = {
		"iptables -A INPUT -p tcp --tcp-flags",
		"iptables -A INPUT -p tcp --tcp-flags ALL",
		"iptables -A INPUT -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 -p tcp",
		"iptables -A INPUT -p tcp -m multiport --dports 1:2,3:4,5:6,7:8,9:10,11:12,13:14,15:16",
		"iptables -A INPUT -m comment --comment " 
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"iptables -A INPUT -j LOG --log-prefix aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"iptables -A INPUT -m mark -m mark -m mark -m mark -m mark -m mark -m mark -m mark -m mark -m mark -m mark -m mark -m mark -m mark -m mark -m mark -m mark -m mark --mark 1",
		"iptables --",
		"iptables -A INPUT --dport=80",
		"iptables -LINPUT",
		"iptables -nvL",
		"iptables -t",
		"iptables -A INPUT -s 1.2.3.4/",
		"iptables -A INPUT -s /24",
		"iptables -A INPUT -s 1..2.3",
		"iptables -A INPUT -s 1.2.3.4.5",
		"iptables -A INPUT -p tcp --dport :",
		"iptables -A INPUT -j DNAT --to-destination :",
		"iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4-1.2.3.1",
		"iptables -A INPUT -i ''",
		"iptables -A INPUT -m icmp --icmp-type 3/300 -p icmp",
		"iptables -A INPUT -m statistic --mode nth --every 2 --packet 5",
		"iptables -A INPUT -g",
		"iptables -I",
		"iptables -E a",
		"iptables-restore /nonexistent",
		"iptables-restore",
		"conntrack -L -p",
		"conntrack -D -s",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		run(f, lines[i]);
	assert_int_equal(run(f, "iptables -nvL"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verbose, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_divergences, setup, teardown),
		cmocka_unit_test_setup_teardown(test_odd_lines, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
