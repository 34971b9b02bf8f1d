/* test_cmd_iptables_fuzz.c — 20000 seeded random command lines of
 * iptables, iptables-save, iptables-restore and conntrack words (real
 * options, extensions, addresses, numbers, junk) run against one node:
 * none may crash, leak or trip the sanitizers, and the rule set must
 * still list and save afterwards.  Deterministic: same seed, same lines. */
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

static const char *const words[] = {
	"-A", "-I", "-D", "-R", "-N", "-X", "-F", "-Z", "-L", "-S", "-P", "-E", "-C", "-t", "nat",
	"filter", "mangle", "raw", "INPUT", "OUTPUT", "FORWARD", "PREROUTING", "POSTROUTING", "X",
	"DOCKER", "-j", "-g", "ACCEPT", "DROP", "RETURN", "REJECT", "LOG", "MARK", "DNAT", "SNAT",
	"MASQUERADE", "-p", "tcp", "udp", "icmp", "all", "47", "-s", "-d", "1.2.3.4", "10.0.0.0/8",
	"1.2.3.4/33", "1,2", "-i", "-o", "eth0", "veth+", "!", "-m", "comment", "--comment", "x y",
	"multiport", "--dports", "--sports", "80,443", "1:2,3", "statistic", "--mode", "random",
	"nth", "--probability", "0.5", "--every", "3", "--packet", "1", "mark", "--mark",
	"0x4000/0x4000", "conntrack", "--ctstate", "NEW,ESTABLISHED", "addrtype", "--src-type",
	"--dst-type", "LOCAL", "--limit-iface-in", "--dport", "--sport", "22", "1000:", ":99",
	"--syn", "--tcp-flags", "SYN,ACK", "ALL", "--icmp-type", "any", "3/3", "echo-request",
	"--reject-with", "tcp-reset", "--log-prefix", "p: ", "--log-level", "7", "--set-mark",
	"--or-mark", "--xor-mark", "--and-mark", "--set-xmark", "5/7", "--to-destination",
	"1.2.3.4:80", ":80-90", "--to-source", "--to-ports", "1000-2000", "--random",
	"--random-fully", "--persistent", "-n", "-v", "-x", "--line-numbers", "-c", "7", "8", "1",
	"2", "0", "-1", "99999999999", "--", "-", "--foo", "-Q", "--dp", "--dpor=1", "-nvL",
	"-LINPUT", "", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "-u", "ASSURED,UNREPLIED",
	"-n", "-g", "-j", "-w", "-W", "state", "--state", "-f", "ipv6", "-o", "extended,id",
	"70000", "5:3:1", "-E", "--to-ports", "0x50",
};
#define N_WORDS (sizeof words / sizeof words[0])

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void test_random_lines(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct node *n = node_new(w, "h", NODE_HOST);
	netdev_set_up(n->lo, true);
	const char *restore = "*nat\n:KUBE-X - [0:0]\n-A KUBE-X -p tcp -j DNAT --to-destination 1.2.3.4:80\nCOMMIT\n";
	assert_int_equal(node_file_write(n, "/tmp/r", restore, strlen(restore), false), 0);
	char *out = NULL, *err = NULL;
	/* WL_FUZZ_SEED=N tries another sequence (by hand) */
	uint64_t seed = getenv("WL_FUZZ_SEED") ? strtoull(getenv("WL_FUZZ_SEED"), NULL, 0) * 2654435761u + 1
					       : 0x9e3779b97f4a7c15ull;
	static const char *const cmds[] = { "iptables", "iptables", "iptables", "iptables",
					    "iptables-save", "iptables-restore", "conntrack" };
	for (int i = 0; i < 20000; i++) {
		char line[2048];
		size_t len = (size_t)snprintf(line, sizeof line, "%s", cmds[rnd(&seed) % 7]);
		int nw = (int)(rnd(&seed) % 12);
		for (int k = 0; k < nw && len < sizeof line - 100; k++) {
			const char *wd = rnd(&seed) % 50 == 0 ? "/tmp/r" : words[rnd(&seed) % N_WORDS];
			len += (size_t)snprintf(line + len, sizeof line - len, " '%s'", wd);
		}
		if (getenv("WL_FUZZ_TRACE"))
			fprintf(stderr, "%d: %s\n", i, line);
		cmd_fx_run(w, n, line, &out, &err);
	}
	assert_int_equal(cmd_fx_run(w, n, "iptables -t nat -L -n -v --line-numbers", &out, &err), 0);
	assert_int_equal(cmd_fx_run(w, n, "iptables-save -c", &out, &err), 0);
	free(out);
	free(err);
	world_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
