/* test_cmd_bridge.c — `bridge fdb|link|vlan|mdb` against iproute2 6.1 on
 * Debian 12 (Linux 6.x, IPv6 disabled in every namespace).
 *
 * Every expected string below was printed by the real `bridge` in network
 * namespaces set up the same way, with the same exit status, captured
 * line by line, stdout and stderr apart.  The topology:
 *
 *   p: eth0 10.1.0.5 02:..:05 --- veth1 02:..:0b:01 \
 *                                                    br0 02:..:0b:00   (node h)
 *   q: eth0 10.1.0.6 02:..:06 --- veth2 02:..:0b:02 /
 *
 * A step whose out is NULL is done through the engine, standing in for
 * what was run on the real machine: "master DEV" / "nomaster DEV" (ip link
 * set DEV master br0 / nomaster), "up [NODE:]DEV", "down DEV", and
 * "ping NODE ADDR" (ping -c1 -W1 in that namespace). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/world.h"
#include "dev/bridge.h"
#include "dev/link.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "proc/ping.h"
#include "util/units.h"
#include "cmd_fixture.h"

struct fx {
	struct world *w;
	struct node *n, *p, *q;
	char *out, *err;
};

struct step {
	const char *line, *out, *err;
	int rc;
};

/* What `bridge help` (or `bridge` alone) prints. */
static const char bridge_usage[] =
	"Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\n"
	"       bridge [ -force ] -batch filename\n"
	"where  OBJECT := { link | fdb | mdb | vlan | monitor }\n"
	"       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |\n"
	"                    -o[neline] | -t[imestamp] | -n[etns] name |\n"
	"                    -c[ompressvlans] -color -p[retty] -j[son] }\n";

/* The whole forwarding database as `bridge fdb show` prints it (and its
 * abbreviations, and `br br0`, which holds every port here). */
static const char bridge_fdb_all[] =
	"33:33:00:00:00:01 dev br0 self permanent\n"
	"01:00:5e:00:00:6a dev br0 self permanent\n"
	"33:33:00:00:00:6a dev br0 self permanent\n"
	"01:00:5e:00:00:01 dev br0 self permanent\n"
	"02:00:00:00:0b:00 dev br0 master br0 permanent\n"
	"02:00:00:00:00:05 dev veth1 master br0 \n"
	"02:00:00:00:0b:01 dev veth1 master br0 permanent\n"
	"33:33:00:00:00:01 dev veth1 self permanent\n"
	"01:00:5e:00:00:01 dev veth1 self permanent\n"
	"02:00:00:00:00:06 dev veth2 master br0 \n"
	"02:00:00:00:0b:02 dev veth2 master br0 permanent\n"
	"33:33:00:00:00:01 dev veth2 self permanent\n"
	"01:00:5e:00:00:01 dev veth2 self permanent\n";

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

static struct netdev *dev(struct node *n, const char *name)
{
	struct netdev *d = node_dev(n, name);
	assert_non_null(d);
	return d;
}

static void mac(struct node *n, const char *name, const char *text)
{
	uint8_t m[6];
	assert_int_equal(units_parse_mac(text, m, NULL, 0), 0);
	netdev_set_mac(dev(n, name), m);
}

static void addr(struct node *n, const char *name, const char *prefix)
{
	uint32_t a;
	int plen;
	assert_int_equal(units_parse_prefix(prefix, &a, &plen, NULL, 0), 0);
	assert_int_equal(netdev_addr_add(dev(n, name), a, plen), 0);
}

/* "DEV" on h, or "p:DEV" / "q:DEV". */
static struct netdev *named(struct fx *f, const char *s)
{
	if (s[0] == 'p' && s[1] == ':')
		return dev(f->p, s + 2);
	if (s[0] == 'q' && s[1] == ':')
		return dev(f->q, s + 2);
	return dev(f->n, s);
}

static void action(struct fx *f, const char *line)
{
	if (strncmp(line, "master ", 7) == 0) {
		assert_int_equal(bridge_add_port(dev(f->n, "br0"), named(f, line + 7)), 0);
	} else if (strncmp(line, "nomaster ", 9) == 0) {
		assert_int_equal(bridge_del_port(dev(f->n, "br0"), named(f, line + 9)), 0);
	} else if (strncmp(line, "up ", 3) == 0) {
		netdev_set_up(named(f, line + 3), true);
	} else if (strncmp(line, "down ", 5) == 0) {
		netdev_set_up(named(f, line + 5), false);
	} else if (strncmp(line, "ping ", 5) == 0) {
		struct ping_opts o;
		ping_opts_default(&o);
		o.count = 1;
		o.quiet = 1;
		assert_int_equal(units_parse_ipv4(line + 7, &o.dst, NULL, 0), 0);
		ping_start(line[5] == 'p' ? f->p : f->q, &o);
		world_run(f->w, f->w->now_ns + NS_PER_S, 0);
	} else {
		fail_msg("unknown set-up step %s", line);
	}
}

static void steps(struct fx *f, const struct step *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!s[i].out) {
			action(f, s[i].line);
			continue;
		}
		int rc = run(f, s[i].line);
		if (rc != s[i].rc || strcmp(f->out, s[i].out) != 0 || strcmp(f->err, s[i].err) != 0)
			fail_msg("`%s`\n  want %d [%s] [%s]\n  got  %d [%s] [%s]", s[i].line, s[i].rc,
				 s[i].out, s[i].err, rc, f->out, f->err);
	}
}

#define STEPS(f, table) steps(f, table, sizeof table / sizeof table[0])

static void topo(struct fx *f)
{
	f->p = node_new(f->w, "p", NODE_HOST);
	f->q = node_new(f->w, "q", NODE_HOST);
	netdev_set_up(f->p->lo, true);
	netdev_set_up(f->q->lo, true);
	assert_non_null(netdev_new(f->n, "br0", ND_BRIDGE));
	mac(f->n, "br0", "02:00:00:00:0b:00");
	assert_non_null(netdev_veth_pair(f->n, "veth1", f->p, "eth0"));
	assert_non_null(netdev_veth_pair(f->n, "veth2", f->q, "eth0"));
	mac(f->n, "veth1", "02:00:00:00:0b:01");
	mac(f->n, "veth2", "02:00:00:00:0b:02");
	mac(f->p, "eth0", "02:00:00:00:00:05");
	mac(f->q, "eth0", "02:00:00:00:00:06");
	addr(f->p, "eth0", "10.1.0.5/24");
	addr(f->q, "eth0", "10.1.0.6/24");
}

static const struct step bridge_steps[] = {
	{ "bridge fdb show",
	  "33:33:00:00:00:01 dev br0 self permanent\n"
	  "02:00:00:00:0b:00 dev br0 master br0 permanent\n"
	  "33:33:00:00:00:01 dev veth1 self permanent\n"
	  "33:33:00:00:00:01 dev veth2 self permanent\n",
	  "", 0 },
	{ "bridge link show",
	  "",
	  "", 0 },
	{ "master veth1", NULL, NULL, 0 },
	{ "bridge fdb show",
	  "33:33:00:00:00:01 dev br0 self permanent\n"
	  "02:00:00:00:0b:00 dev br0 master br0 permanent\n"
	  "02:00:00:00:0b:01 dev veth1 master br0 permanent\n"
	  "33:33:00:00:00:01 dev veth1 self permanent\n"
	  "33:33:00:00:00:01 dev veth2 self permanent\n",
	  "", 0 },
	{ "bridge link show",
	  "3: veth1@br0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 master br0 state disabled priority 32 cost 2 \n",
	  "", 0 },
	{ "up br0", NULL, NULL, 0 },
	{ "bridge fdb show",
	  "33:33:00:00:00:01 dev br0 self permanent\n"
	  "01:00:5e:00:00:6a dev br0 self permanent\n"
	  "33:33:00:00:00:6a dev br0 self permanent\n"
	  "01:00:5e:00:00:01 dev br0 self permanent\n"
	  "02:00:00:00:0b:00 dev br0 master br0 permanent\n"
	  "02:00:00:00:0b:01 dev veth1 master br0 permanent\n"
	  "33:33:00:00:00:01 dev veth1 self permanent\n"
	  "33:33:00:00:00:01 dev veth2 self permanent\n",
	  "", 0 },
	{ "up veth1", NULL, NULL, 0 },
	{ "bridge fdb show",
	  "33:33:00:00:00:01 dev br0 self permanent\n"
	  "01:00:5e:00:00:6a dev br0 self permanent\n"
	  "33:33:00:00:00:6a dev br0 self permanent\n"
	  "01:00:5e:00:00:01 dev br0 self permanent\n"
	  "02:00:00:00:0b:00 dev br0 master br0 permanent\n"
	  "02:00:00:00:0b:01 dev veth1 master br0 permanent\n"
	  "33:33:00:00:00:01 dev veth1 self permanent\n"
	  "01:00:5e:00:00:01 dev veth1 self permanent\n"
	  "33:33:00:00:00:01 dev veth2 self permanent\n",
	  "", 0 },
	{ "bridge link show",
	  "3: veth1@br0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 master br0 state disabled priority 32 cost 2 \n",
	  "", 0 },
	{ "up p:eth0", NULL, NULL, 0 },
	{ "bridge link show",
	  "3: veth1@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n",
	  "", 0 },
	{ "master veth2", NULL, NULL, 0 },
	{ "up veth2", NULL, NULL, 0 },
	{ "up q:eth0", NULL, NULL, 0 },
	{ "bridge link",
	  "3: veth1@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n"
	  "4: veth2@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n",
	  "", 0 },
	{ "bridge link show dev veth2",
	  "4: veth2@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n",
	  "", 0 },
	{ "ping p 10.1.0.6", NULL, NULL, 0 },
	{ "bridge fdb show",
	  bridge_fdb_all,
	  "", 0 },
	{ "bridge fdb",
	  bridge_fdb_all,
	  "", 0 },
	{ "bridge fdb sh",
	  bridge_fdb_all,
	  "", 0 },
	{ "bridge fdb list",
	  bridge_fdb_all,
	  "", 0 },
	{ "bridge fd",
	  bridge_fdb_all,
	  "", 0 },
	{ "bridge f",
	  bridge_fdb_all,
	  "", 0 },
	{ "bridge fdb show br br0",
	  bridge_fdb_all,
	  "", 0 },
	{ "bridge fdb show dev veth1",
	  "02:00:00:00:00:05 master br0 \n"
	  "02:00:00:00:0b:01 master br0 permanent\n"
	  "33:33:00:00:00:01 self permanent\n"
	  "01:00:5e:00:00:01 self permanent\n",
	  "", 0 },
	{ "bridge fdb show brport veth2",
	  "02:00:00:00:00:06 master br0 \n"
	  "02:00:00:00:0b:02 master br0 permanent\n"
	  "33:33:00:00:00:01 self permanent\n"
	  "01:00:5e:00:00:01 self permanent\n",
	  "", 0 },
	{ "bridge fdb show dev br0",
	  "33:33:00:00:00:01 self permanent\n"
	  "01:00:5e:00:00:6a self permanent\n"
	  "33:33:00:00:00:6a self permanent\n"
	  "01:00:5e:00:00:01 self permanent\n"
	  "02:00:00:00:0b:00 master br0 permanent\n",
	  "", 0 },
	{ "bridge fdb show br br0 dev veth2",
	  "02:00:00:00:00:06 master br0 \n"
	  "02:00:00:00:0b:02 master br0 permanent\n"
	  "33:33:00:00:00:01 self permanent\n"
	  "01:00:5e:00:00:01 self permanent\n",
	  "", 0 },
	{ "bridge fdb show dynamic",
	  "02:00:00:00:00:05 dev veth1 master br0 \n"
	  "02:00:00:00:00:06 dev veth2 master br0 \n",
	  "", 0 },
	{ "bridge fdb show state permanent",
	  "33:33:00:00:00:01 dev br0 self permanent\n"
	  "01:00:5e:00:00:6a dev br0 self permanent\n"
	  "33:33:00:00:00:6a dev br0 self permanent\n"
	  "01:00:5e:00:00:01 dev br0 self permanent\n"
	  "02:00:00:00:0b:00 dev br0 master br0 permanent\n"
	  "02:00:00:00:0b:01 dev veth1 master br0 permanent\n"
	  "33:33:00:00:00:01 dev veth1 self permanent\n"
	  "01:00:5e:00:00:01 dev veth1 self permanent\n"
	  "02:00:00:00:0b:02 dev veth2 master br0 permanent\n"
	  "33:33:00:00:00:01 dev veth2 self permanent\n"
	  "01:00:5e:00:00:01 dev veth2 self permanent\n",
	  "", 0 },
	{ "bridge fdb show state dynamic",
	  "02:00:00:00:00:05 dev veth1 master br0 \n"
	  "02:00:00:00:00:06 dev veth2 master br0 \n",
	  "", 0 },
	{ "bridge fdb show state static",
	  "",
	  "", 0 },
	{ "bridge fdb show state foo",
	  "",
	  "Error: argument \"foo\" is wrong: invalid state\n", 255 },
	{ "bridge fdb show vlan 1",
	  "",
	  "", 0 },
	{ "bridge fdb show vlan 1 vlan 2",
	  "",
	  "Error: duplicate \"vlan\": \"2\" is the second value.\n", 255 },
	{ "bridge fdb show bogus",
	  bridge_fdb_all,
	  "", 0 },
	{ "bridge fdb show dev",
	  "",
	  "Command line is not complete. Try option \"help\"\n", 255 },
	{ "bridge fdb show br",
	  "",
	  "Command line is not complete. Try option \"help\"\n", 255 },
	{ "bridge fdb show br nosuch",
	  "",
	  "Cannot find bridge device \"nosuch\"\n", 255 },
	{ "bridge fdb show dev nosuch",
	  "",
	  "Cannot find device \"nosuch\"\n", 255 },
	{ "bridge fdb show br veth1",
	  "",
	  "", 0 },
	{ "bridge -d fdb show dev veth1",
	  "02:00:00:00:00:05 master br0 \n"
	  "02:00:00:00:0b:01 master br0 permanent\n"
	  "33:33:00:00:00:01 self permanent\n"
	  "01:00:5e:00:00:01 self permanent\n",
	  "", 0 },
	{ "bridge -4 fdb show dev veth1",
	  "02:00:00:00:00:05 master br0 \n"
	  "02:00:00:00:0b:01 master br0 permanent\n"
	  "33:33:00:00:00:01 self permanent\n"
	  "01:00:5e:00:00:01 self permanent\n",
	  "", 0 },
	{ "bridge fdb foo",
	  "",
	  "Command \"foo\" is unknown, try \"bridge fdb help\".\n", 255 },
	{ "bridge fdb help",
	  "",
	  "Usage: bridge fdb { add | append | del | replace } ADDR dev DEV\n"
	  "              [ self ] [ master ] [ use ] [ router ] [ extern_learn ]\n"
	  "              [ sticky ] [ local | static | dynamic ] [ vlan VID ]\n"
	  "              { [ dst IPADDR ] [ port PORT] [ vni VNI ] | [ nhid NHID ] }\n"
	  "\t       [ via DEV ] [ src_vni VNI ]\n"
	  "       bridge fdb [ show [ br BRDEV ] [ brport DEV ] [ vlan VID ]\n"
	  "              [ state STATE ] [ dynamic ] ]\n"
	  "       bridge fdb get [ to ] LLADDR [ br BRDEV ] { brport | dev } DEV\n"
	  "              [ vlan VID ] [ vni VNI ] [ self ] [ master ] [ dynamic ]\n"
	  "       bridge fdb flush dev DEV [ brport DEV ] [ vlan VID ]\n"
	  "              [ self ] [ master ] [ [no]permanent | [no]static | [no]dynamic ]\n"
	  "              [ [no]added_by_user ] [ [no]extern_learn ] [ [no]sticky ]\n"
	  "              [ [no]offloaded ]\n", 255 },
	{ "bridge l",
	  "3: veth1@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n"
	  "4: veth2@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n",
	  "", 0 },
	{ "bridge li sh",
	  "3: veth1@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n"
	  "4: veth2@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n",
	  "", 0 },
	{ "bridge -s link",
	  "3: veth1@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n"
	  "4: veth2@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n",
	  "", 0 },
	{ "bridge -d link show dev veth1",
	  "3: veth1@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n"
	  "    hairpin off guard off root_block off fastleave off learning on flood on mcast_flood on bcast_flood on mcast_router 1 mcast_to_unicast off neigh_suppress off vlan_tunnel off isolated off locked off \n",
	  "", 0 },
	{ "bridge -o -d link show dev veth1",
	  "3: veth1@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \\    hairpin off guard off root_block off fastleave off learning on flood on mcast_flood on bcast_flood on mcast_router 1 mcast_to_unicast off neigh_suppress off vlan_tunnel off isolated off locked off \n",
	  "", 0 },
	{ "bridge link show dev nosuch",
	  "",
	  "Cannot find device \"nosuch\"\n", 255 },
	{ "bridge link show bogus",
	  "3: veth1@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n"
	  "4: veth2@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n",
	  "", 0 },
	{ "bridge link foo",
	  "",
	  "Command \"foo\" is unknown, try \"bridge link help\".\n", 255 },
	{ "bridge link help",
	  "",
	  "Usage: bridge link set dev DEV [ cost COST ] [ priority PRIO ] [ state STATE ]\n"
	  "                               [ guard {on | off} ]\n"
	  "                               [ hairpin {on | off} ]\n"
	  "                               [ fastleave {on | off} ]\n"
	  "                               [ root_block {on | off} ]\n"
	  "                               [ learning {on | off} ]\n"
	  "                               [ learning_sync {on | off} ]\n"
	  "                               [ flood {on | off} ]\n"
	  "                               [ mcast_router MULTICAST_ROUTER ]\n"
	  "                               [ mcast_flood {on | off} ]\n"
	  "                               [ bcast_flood {on | off} ]\n"
	  "                               [ mcast_to_unicast {on | off} ]\n"
	  "                               [ neigh_suppress {on | off} ]\n"
	  "                               [ vlan_tunnel {on | off} ]\n"
	  "                               [ isolated {on | off} ]\n"
	  "                               [ locked {on | off} ]\n"
	  "                               [ hwmode {vepa | veb} ]\n"
	  "                               [ backup_port DEVICE ] [ nobackup_port ]\n"
	  "                               [ self ] [ master ]\n"
	  "       bridge link show [dev DEV]\n", 255 },
	{ "bridge vlan",
	  "port              vlan-id  \n",
	  "", 0 },
	{ "bridge vlan show",
	  "port              vlan-id  \n",
	  "", 0 },
	{ "bridge mdb",
	  "",
	  "", 0 },
	{ "bridge mdb show",
	  "",
	  "", 0 },
	{ "bridge -V",
	  "bridge utility, 6.1.0\n",
	  "", 0 },
	{ "bridge -V link",
	  "bridge utility, 6.1.0\n",
	  "", 0 },
	{ "bridge -x fdb",
	  "",
	  "Option \"-x\" is unknown, try \"bridge help\".\n", 255 },
	{ "bridge --x fdb",
	  "",
	  "Option \"-x\" is unknown, try \"bridge help\".\n", 255 },
	{ "bridge help",
	  "",
	  bridge_usage, 255 },
	{ "bridge",
	  "",
	  bridge_usage, 255 },
	{ "bridge foo",
	  "",
	  "Object \"foo\" is unknown, try \"bridge help\".\n", 255 },
	{ "bridge -n nosuch fdb",
	  "",
	  "Cannot open network namespace \"nosuch\": No such file or directory\n", 255 },
	{ "down veth1", NULL, NULL, 0 },
	{ "bridge fdb show",
	  "33:33:00:00:00:01 dev br0 self permanent\n"
	  "01:00:5e:00:00:6a dev br0 self permanent\n"
	  "33:33:00:00:00:6a dev br0 self permanent\n"
	  "01:00:5e:00:00:01 dev br0 self permanent\n"
	  "02:00:00:00:0b:00 dev br0 master br0 permanent\n"
	  "02:00:00:00:0b:01 dev veth1 master br0 permanent\n"
	  "33:33:00:00:00:01 dev veth1 self permanent\n"
	  "02:00:00:00:00:06 dev veth2 master br0 \n"
	  "02:00:00:00:0b:02 dev veth2 master br0 permanent\n"
	  "33:33:00:00:00:01 dev veth2 self permanent\n"
	  "01:00:5e:00:00:01 dev veth2 self permanent\n",
	  "", 0 },
	{ "bridge link show",
	  "3: veth1@br0: <BROADCAST,MULTICAST> mtu 1500 master br0 state disabled priority 32 cost 2 \n"
	  "4: veth2@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n",
	  "", 0 },
	{ "up veth1", NULL, NULL, 0 },
	{ "ping p 10.1.0.6", NULL, NULL, 0 },
	{ "bridge fdb show dev veth1",
	  "02:00:00:00:00:05 master br0 \n"
	  "02:00:00:00:0b:01 master br0 permanent\n"
	  "33:33:00:00:00:01 self permanent\n"
	  "01:00:5e:00:00:01 self permanent\n",
	  "", 0 },
	{ "nomaster veth1", NULL, NULL, 0 },
	{ "bridge fdb show",
	  "33:33:00:00:00:01 dev br0 self permanent\n"
	  "01:00:5e:00:00:6a dev br0 self permanent\n"
	  "33:33:00:00:00:6a dev br0 self permanent\n"
	  "01:00:5e:00:00:01 dev br0 self permanent\n"
	  "02:00:00:00:0b:00 dev br0 master br0 permanent\n"
	  "33:33:00:00:00:01 dev veth1 self permanent\n"
	  "01:00:5e:00:00:01 dev veth1 self permanent\n"
	  "02:00:00:00:00:06 dev veth2 master br0 \n"
	  "02:00:00:00:0b:02 dev veth2 master br0 permanent\n"
	  "33:33:00:00:00:01 dev veth2 self permanent\n"
	  "01:00:5e:00:00:01 dev veth2 self permanent\n",
	  "", 0 },
	{ "bridge link show",
	  "4: veth2@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n",
	  "", 0 },
};

static void test_bridge(void **state)
{
	struct fx *f = *state;
	topo(f);
	STEPS(f, bridge_steps);
}

#define NM(what) "wirelab: bridge " what " is not modelled (wirelab has bridge fdb show, " \
	"bridge link show)\n"

static const struct step unmodelled_steps[] = {
	{ "bridge fdb add 02:00:00:00:00:99 dev veth1 master", "", NM("fdb add (static entries)"), 255 },
	{ "bridge fdb del 02:00:00:00:00:99 dev veth1 master", "", NM("fdb del (static entries)"), 255 },
	{ "bridge fdb get 02:00:00:00:00:05 br br0", "", NM("fdb get (static entries)"), 255 },
	{ "bridge link set dev veth1 cost 4", "", NM("link set (port flags, cost, priority)"), 255 },
	{ "bridge vlan add vid 5 dev veth1", "", NM("vlan (VLAN filtering)"), 255 },
	{ "bridge monitor", "", NM("monitor"), 255 },
	{ "bridge -j fdb", "", "wirelab: bridge -j is not supported here\n", 255 },
};

static void test_unmodelled(void **state)
{
	struct fx *f = *state;
	topo(f);
	STEPS(f, unmodelled_steps);
}

/* A port on a cable costs by the cable's rate (port_cost()): 1 Gbit/s is
 * 4, 100 Mbit/s 19, an unplugged NIC 100; its name has no "@peer". */
static void test_eth_port_cost(void **state)
{
	struct fx *f = *state;
	topo(f);
	struct netdev *e = netdev_new(f->n, "eth5", ND_ETH);
	struct netdev *far = netdev_new(f->p, "eth5", ND_ETH);
	assert_int_equal(bridge_add_port(dev(f->n, "br0"), e), 0);
	assert_int_equal(run(f, "bridge link show dev eth5"), 0);
	assert_string_equal(f->out, "5: eth5: <BROADCAST,MULTICAST> mtu 1500 master br0 state disabled "
				    "priority 32 cost 100 \n");
	struct link_params lp;
	link_params_default(&lp);
	assert_non_null(link_connect(f->w, e, far, &lp));
	netdev_set_up(e, true);
	netdev_set_up(far, true);
	netdev_set_up(dev(f->n, "br0"), true);
	assert_int_equal(run(f, "bridge link show dev eth5"), 0);
	assert_string_equal(f->out, "5: eth5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 "
				    "state forwarding priority 32 cost 4 \n");
	lp.rate_bps = 100000000;
	link_set_params(e->link, &lp);
	assert_int_equal(run(f, "bridge link show dev eth5"), 0);
	assert_string_equal(f->out, "5: eth5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 "
				    "state forwarding priority 32 cost 19 \n");
}

/* -s shows an entry's age in seconds (used/updated); -n NS another node. */
static void test_stats_and_netns(void **state)
{
	struct fx *f = *state;
	topo(f);
	action(f, "master veth1");
	action(f, "master veth2");
	action(f, "up br0");
	action(f, "up veth1");
	action(f, "up veth2");
	action(f, "up p:eth0");
	action(f, "up q:eth0");
	action(f, "ping p 10.1.0.6");
	world_run(f->w, f->w->now_ns + 9 * NS_PER_S, 0);
	/* p's last frame was its answer to q's unicast ARP probe, 5 s after
	 * the ping (q's entry went STALE, DELAY, PROBE). */
	assert_int_equal(run(f, "bridge -s fdb show dev veth1 state dynamic"), 0);
	assert_string_equal(f->out, "02:00:00:00:00:05 used 5/5 master br0 \n");
	assert_int_equal(run(f, "bridge -n nosuch fdb"), 255);
}

/* A bridge that goes down disables its ports and forgets what they
 * learned (br_stp_disable_port() -> br_fdb_delete_by_port()), as Linux
 * does.  Still open: Linux also forgets when a port merely loses its
 * carrier; the engine forgets only when the port itself goes down. */
static void test_divergences(void **state)
{
	struct fx *f = *state;
	topo(f);
	action(f, "master veth1");
	action(f, "up br0");
	action(f, "up veth1");
	action(f, "up p:eth0");
	action(f, "ping p 10.1.0.1");
	action(f, "down br0");
	assert_int_equal(run(f, "bridge fdb show dev veth1 state dynamic"), 0);
	assert_string_equal(f->out, "");
	assert_int_equal(run(f, "bridge link show"), 0);
	assert_string_equal(f->out, "3: veth1@br0: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 "
				    "master br0 state disabled priority 32 cost 2 \n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bridge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmodelled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eth_port_cost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_and_netns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_divergences, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
