/* test_cmd_netns.c — `ip netns` against iproute2 6.1 on Debian 12.
 *
 * Expected strings were printed by the real `ip netns` (names prefixed on
 * the real machine, shown here without the prefix), stdout and stderr
 * apart, with the exit status.  Two things cannot be checked on the test
 * machine and follow Linux 6.1's code instead: the listing order (newest
 * first: /run/netns is a tmpfs, whose readdir() returns the newest entry
 * first), and namespace ids that depend on history (see cmd_ip_netns.c;
 * test_divergences shows where wirelab's reading of the veths differs). */
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
#include "proc/proc.h"
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

#define NETNS_USAGE \
	"Usage:\tip netns list\n" \
	"\tip netns add NAME\n" \
	"\tip netns attach NAME PID\n" \
	"\tip netns set NAME NETNSID\n" \
	"\tip [-all] netns delete [NAME]\n" \
	"\tip netns identify [PID]\n" \
	"\tip netns pids NAME\n" \
	"\tip [-all] netns exec [NAME] cmd ...\n" \
	"\tip netns monitor\n" \
	"\tip netns list-id [target-nsid POSITIVE-INT] [nsid POSITIVE-INT]\n" \
	"NETNSID := auto | POSITIVE-INT\n"

/* The curriculum: two namespaces, a veth pair made on the host and an end
 * moved into each. */
static const struct step curriculum_steps[] = {
	{ "ip netns", "", "", 0 },
	{ "ip netns add red", "", "", 0 },
	{ "ip netns add blue", "", "", 0 },
	/* no ids yet: nothing links the namespaces to anything */
	{ "ip netns", "blue\nred\n", "", 0 },
	{ "ip netns list", "blue\nred\n", "", 0 },
	{ "ip netns show", "blue\nred\n", "", 0 },
	{ "ip netns lst", "blue\nred\n", "", 0 },
	{ "ip netns l", "blue\nred\n", "", 0 },
	{ "ip netns s", "blue\nred\n", "", 0 },
	{ "ip netns list extra", "blue\nred\n", "", 0 },
	{ "ip netns list-id", "", "", 0 },
	/* a new namespace holds only lo, down */
	{ "ip -n red -br link", "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n", "", 0 },
	{ "ip netns exec red ip -br link",
	  "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n", "", 0 },
	{ "ip link add veth-red type veth peer name veth-blue", "", "", 0 },
	{ "ip netns", "blue\nred\n", "", 0 },
	{ "ip link set veth-red netns red", "", "", 0 },
	{ "ip link set veth-blue netns blue", "", "", 0 },
	/* the host allocated an id for each namespace it moved a device to */
	{ "ip netns", "blue (id: 1)\nred (id: 0)\n", "", 0 },
	{ "ip netns list-id",
	  "nsid 0 (iproute2 netns name: red)\nnsid 1 (iproute2 netns name: blue)\n", "", 0 },
	{ "ip -n red addr add 192.168.15.1/24 dev veth-red", "", "", 0 },
	{ "ip -n blue addr add 192.168.15.2/24 dev veth-blue", "", "", 0 },
	{ "ip -n red link set veth-red up", "", "", 0 },
	{ "ip -n blue link set veth-blue up", "", "", 0 },
	{ "ip netns exec red ping -c 1 -q 192.168.15.2",
	  "PING 192.168.15.2 (192.168.15.2) 56(84) bytes of data.\n"
	  "\n"
	  "--- 192.168.15.2 ping statistics ---\n"
	  "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
	  "rtt min/avg/max/mdev = 0.000/0.000/0.000/0.000 ms\n", "", 0 },
	/* deleting blue destroys veth-blue, and its peer veth-red with it */
	{ "ip netns del blue", "", "", 0 },
	{ "ip -n red -br link", "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n", "", 0 },
	{ "ip netns exec red ping -c 1 192.168.15.2", "", "ping: connect: Network is unreachable\n", 2 },
	{ "ip netns delete red", "", "", 0 },
	{ "ip netns", "", "", 0 },
};

static void test_curriculum(void **state)
{
	STEPS(*state, curriculum_steps);
}

static const struct step error_steps[] = {
	{ "ip netns add red", "", "", 0 },
	{ "ip netns add red", "", "Cannot create namespace file \"/run/netns/red\": File exists\n", 1 },
	{ "ip netns add", "", "No netns name specified\n", 1 },
	{ "ip netns add a/b", "", "Invalid netns name \"a/b\"\n", 255 },
	{ "ip netns add ..", "", "Invalid netns name \"..\"\n", 255 },
	{ "ip netns add .", "", "Invalid netns name \".\"\n", 255 },
	{ "ip netns add ''", "", "Invalid netns name \"\"\n", 255 },
	/* extra words after the name are ignored */
	{ "ip netns add green extra", "", "", 0 },
	{ "ip netns del nope", "", "Cannot remove namespace file \"/run/netns/nope\": No such file or "
				   "directory\n", 1 },
	{ "ip netns del", "", "No netns name specified\n", 1 },
	{ "ip netns delete nope extra", "", "Cannot remove namespace file \"/run/netns/nope\": No such "
					    "file or directory\n", 1 },
	{ "ip netns del a/b", "", "Invalid netns name \"a/b\"\n", 255 },
	{ "ip netns exec nope ls", "", "Cannot open network namespace \"nope\": No such file or "
				       "directory\n", 255 },
	{ "ip netns exec a/b ls", "", "Invalid netns name \"a/b\"\n", 255 },
	{ "ip netns exec", "", "No netns name specified\n", 1 },
	{ "ip netns exec red", "", "No command specified\n", 1 },
	{ "ip netns foo", "", "Command \"foo\" is unknown, try \"ip netns help\".\n", 255 },
	{ "ip netns help", "", NETNS_USAGE, 255 },
	{ "ip netns list-id x", "", NETNS_USAGE, 255 },
	{ "ip netns set nope 3", "", "wirelab: ip netns set is not modelled (ids follow the veths: ip "
				     "netns list shows them)\n", 1 },
	{ "ip netns set red", "", "No nsid specified\n", 1 },
	{ "ip netns pids", "", "No netns name specified\n", 1 },
	{ "ip netns pids red x", "", "extra arguments specified\n", 1 },
	{ "ip netns pids nope", "", "Cannot open network namespace: No such file or directory\n", 1 },
	{ "ip netns pids red", "", "", 0 },
	{ "ip netns monitor", "", "wirelab: ip netns monitor is not modelled (wirelab has: ip netns "
				  "add, del, list, exec, identify, pids, list-id)\n", 255 },
	/* namespaces are deleted from the machine, not from inside one */
	{ "ip netns exec red ip netns del red", "",
	  "wirelab: ip netns del red: this command runs in namespace red; delete namespaces from h "
	  "itself\n", 1 },
	{ "ip netns exec red ip netns del green", "",
	  "wirelab: ip netns del green: this command runs in namespace red; delete namespaces from h "
	  "itself\n", 1 },
	/* the machine is not in /run/netns */
	{ "ip netns exec h true", "", "Cannot open network namespace \"h\": No such file or "
				      "directory\n", 255 },
	{ "ip netns", "green\nred\n", "", 0 },
};

static void test_errors(void **state)
{
	STEPS(*state, error_steps);
}

static void test_exec(void **state)
{
	struct fx *f = *state;
	static const struct step s[] = {
		{ "ip netns add red", "", "", 0 },
		/* the real tool's error, then wirelab's list of what it has */
		{ "ip netns exec red nosuchcmd", "", NULL, 1 },
		/* a command's status is exec's */
		{ "ip netns exec red false", "", "", 1 },
		{ "ip netns exec red sudo true", "", "", 0 },
		{ "ip netns exec red sysctl -w net.ipv4.ip_forward=1", "net.ipv4.ip_forward = 1\n", "", 0 },
		{ "sysctl -n net.ipv4.ip_forward", "0\n", "", 0 },
		{ "ip netns e red sysctl -n net.ipv4.ip_forward", "1\n", "", 0 },
		{ "ip -n red netns exec red sysctl -n net.ipv4.ip_forward", "1\n", "", 0 },
		/* nested: a namespace's view of the machine's namespaces */
		{ "ip netns exec red ip netns", "red\n", "", 0 },
		{ "ip netns exec red ip netns exec red echo inner", "inner\n", "", 0 },
		/* output redirection of the whole command line still works */
		{ "ip netns exec red echo hi > /tmp/hi", "", "", 0 },
		{ "cat /tmp/hi", "hi\n", "", 0 },
		/* a command that takes time: the line waits for it */
		{ "ip netns exec red sleep 2; echo after", "after\n", "", 0 },
	};
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
		int rc = run(f, s[i].line);
		if (rc != s[i].rc || strcmp(f->out, s[i].out) != 0 ||
		    (s[i].err && strcmp(f->err, s[i].err) != 0))
			fail_msg("`%s`\n  want %d [%s] [%s]\n  got  %d [%s] [%s]", s[i].line, s[i].rc,
				 s[i].out, s[i].err ? s[i].err : "?", rc, f->out, f->err);
		if (!s[i].err) {
			assert_non_null(strstr(f->err, "exec of \"nosuchcmd\" failed: No such file or "
							"directory\n"));
			assert_non_null(strstr(f->err, "wirelab: nosuchcmd: command not found (wirelab has:"));
		}
	}
	assert_int_equal(f->w->now_ns, 2000000000LL);
}

static void test_identify_and_pids(void **state)
{
	struct fx *f = *state;
	static const struct step s[] = {
		{ "ip netns add red", "", "", 0 },
		{ "ip netns identify", "\n", "", 0 },
		{ "ip netns exec red ip netns identify", "red\n", "", 0 },
		{ "ip -n red netns identify", "red\n", "", 0 },
		{ "ip netns identify abc", "", "Specified string 'abc' is not a pid\n", 1 },
		{ "ip netns identify 1 2", "", "extra arguments specified\n", 1 },
		{ "ip netns identify 999999", "", "Cannot open network namespace: No such file or "
						  "directory\n", 1 },
	};
	STEPS(f, s);
	/* A process running in red: a line waiting for its sleep. */
	struct cmd_line *cl = cmd_line_new(f->w, f->n, "ip netns exec red sleep 10");
	assert_false(cmd_line_step(cl));
	struct proc *p = cmd_line_waiting(cl);
	assert_non_null(p);
	char want[32], line[64];
	snprintf(want, sizeof want, "%d\n", p->pid);
	assert_int_equal(run(f, "ip netns pids red"), 0);
	assert_string_equal(f->out, want);
	snprintf(line, sizeof line, "ip netns identify %d", p->pid);
	assert_int_equal(run(f, line), 0);
	assert_string_equal(f->out, "red\n");
	/* the running line is not disturbed by the other one */
	while (p->running && world_step(f->w))
		;
	assert_true(cmd_line_step(cl));
	assert_int_equal(cmd_line_status(cl), 0);
	cmd_line_free(cl);
	assert_int_equal(run(f, "ip netns pids red"), 0);
	assert_string_equal(f->out, "");
}

/* A cabled NIC in a deleted namespace goes back to the machine, as Linux
 * returns physical devices to the initial namespace; veths are destroyed
 * with their peers. */
static void test_delete_returns_nic(void **state)
{
	struct fx *f = *state;
	assert_non_null(netdev_new(f->n, "eth0", ND_ETH));
	static const struct step s[] = {
		{ "ip netns add red", "", "", 0 },
		{ "ip link set eth0 netns red", "", "", 0 },
		{ "ip link add v0 type veth peer name v1", "", "", 0 },
		{ "ip link set v1 netns red", "", "", 0 },
		{ "ip -n red link set eth0 up", "", "", 0 },
		{ "ip netns del red", "", "", 0 },
	};
	STEPS(f, s);
	assert_non_null(node_dev(f->n, "eth0"));
	assert_false(node_dev(f->n, "eth0")->up);
	assert_null(node_dev(f->n, "v0"));
	assert_null(world_node(f->w, "red"));
	/* its name taken on the machine: renamed devN, as the kernel does */
	static const struct step s2[] = {
		{ "ip netns add red", "", "", 0 },
		{ "ip link set eth0 netns red", "", "", 0 },
	};
	STEPS(f, s2);
	struct netdev *moved = node_dev(world_node(f->w, "red"), "eth0");
	assert_non_null(moved);
	int ifindex = moved->ifindex;
	assert_non_null(netdev_new(f->n, "eth0", ND_ETH));
	assert_int_equal(run(f, "ip netns del red"), 0);
	char name[16];
	snprintf(name, sizeof name, "dev%d", ifindex);
	assert_non_null(node_dev(f->n, name));
}

static void test_names(void **state)
{
	struct fx *f = *state;
	/* Linux would take these; wirelab's node names are world-wide (they
	 * name the pcap files) and of [A-Za-z0-9_.-]. */
	assert_int_equal(run(f, "ip netns add h"), 1);
	assert_string_equal(f->err, "wirelab: \"h\" is already the name of a node of this world; give "
				    "the namespace another name\n");
	assert_int_equal(run(f, "ip netns add 'my ns'"), 1);
	assert_non_null(strstr(f->err, "wirelab: cannot add namespace \"my ns\": "));
	/* ip -n and exec find a namespace only on their own machine */
	struct node *other = node_new(f->w, "other", NODE_HOST);
	assert_non_null(node_netns_add(other, "theirs"));
	assert_int_equal(run(f, "ip netns exec theirs true"), 255);
	assert_int_equal(run(f, "ip netns del theirs"), 1);
	assert_int_equal(run(f, "ip netns"), 0);
	assert_string_equal(f->out, "");
}

/* Where wirelab's ids, read from the veths as they stand, differ from the
 * ids Linux allocated over time. */
static void test_divergences(void **state)
{
	struct fx *f = *state;
	static const struct step s[] = {
		{ "ip netns add red", "", "", 0 },
		{ "ip netns add blue", "", "", 0 },
		{ "ip link add veth-red type veth peer name veth-blue", "", "", 0 },
		{ "ip link set veth-red netns red", "", "", 0 },
		{ "ip link set veth-blue netns blue", "", "", 0 },
		/* Linux (no `ip link` dump in red yet): red has an id only for the
		 * host, blue one for red.  wirelab: each for the other. */
		{ "ip -n red netns", "blue (id: 0)\nred\n", "", 0 },
		{ "ip -n blue netns", "blue\nred (id: 0)\n", "", 0 },
		/* Linux keeps "red (id: 0)" after blue is gone; wirelab's red has
		 * no veth left, so no id. */
		{ "ip netns del blue", "", "", 0 },
		{ "ip netns", "red\n", "", 0 },
		/* Linux gives the host no ids for a pair made between two
		 * namespaces with ip -n; wirelab does. */
		{ "ip netns add green", "", "", 0 },
		{ "ip -n red link add g0 type veth peer name g1 netns green", "", "", 0 },
		{ "ip netns", "green (id: 1)\nred (id: 0)\n", "", 0 },
	};
	STEPS(f, s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_curriculum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exec, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identify_and_pids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_returns_nic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_divergences, setup, teardown),
	};
	return cmocka_run_group_tests_name("cmd_netns", tests, NULL, NULL);
}
