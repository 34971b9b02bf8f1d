/* test_cmd_ip_route.c — `ip route` against iproute2 6.1 on Debian 12.
 *
 * Every expected string below was printed by the real `ip` in a network
 * namespace set up the same way (IPv6 off, lo up), with the same exit
 * status: the steps were captured line by line, stdout and stderr apart.
 * Lines whose answer wirelab cannot give (see the ENGINE notes in
 * cmd_ip_route.c) are left out and listed in test_divergences below with
 * what wirelab says instead.
 *
 * A step whose out is NULL is set-up done through the engine, standing in
 * for the `ip link` command that was run on the real machine. */
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
#include "util/units.h"
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

/* What `ip route show table all` (table 0 means all) prints once show_steps
 * has added its routes. */
static const char show_all_tables[] =
	"default via 10.0.0.1 dev eth0 \n"
	"10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 \n"
	"10.5.0.0/16 via 10.0.0.1 dev eth0 metric 50 \n"
	"10.6.0.0/24 dev eth0 proto static scope link src 10.0.0.2 \n"
	"10.6.0.5 via 10.0.0.1 dev eth0 \n"
	"prohibit 10.7.0.0/16 \n"
	"blackhole 10.8.0.0/16 \n"
	"unreachable 10.9.0.0/16 \n"
	"local 10.0.0.2 dev eth0 table local proto kernel scope host src 10.0.0.2 \n"
	"broadcast 10.0.0.255 dev eth0 table local proto kernel scope link src 10.0.0.2 \n"
	"local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 \n"
	"local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 \n"
	"broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 \n";

/* The main table as `ip route` (and each spelling of show/list for it) prints
 * it once show_steps has added its routes. */
static const char show_main_table[] =
	"default via 10.0.0.1 dev eth0 \n"
	"10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 \n"
	"10.5.0.0/16 via 10.0.0.1 dev eth0 metric 50 \n"
	"10.6.0.0/24 dev eth0 proto static scope link src 10.0.0.2 \n"
	"10.6.0.5 via 10.0.0.1 dev eth0 \n"
	"prohibit 10.7.0.0/16 \n"
	"blackhole 10.8.0.0/16 \n"
	"unreachable 10.9.0.0/16 \n";

/* The main table as `ip route show all` (and the abbreviations `ip route s`,
 * `ip route l`) prints it at that point of modify_steps. */
static const char modify_main_table[] =
	"0.0.0.0/1 dev eth0 scope link \n"
	"default via 10.0.0.1 dev eth0 \n"
	"blackhole default metric 900 \n"
	"8.34.0.0/16 dev eth0 scope link \n"
	"10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 \n"
	"10.0.0.0/8 dev eth0 scope link \n"
	"10.1.0.0/16 dev eth0 scope link \n"
	"10.20.0.0/16 dev eth0 scope link \n"
	"10.20.0.0/16 via 10.0.0.7 dev eth0 \n"
	"10.20.0.0/16 via 10.0.0.7 dev eth0 metric 5 \n"
	"10.25.0.0/16 dev eth0 \n"
	"10.27.0.0/16 via 10.0.0.0 dev eth0 \n"
	"10.29.0.0/16 via 10.0.0.1 dev eth0 src 10.0.0.2 \n"
	"10.30.0.0/16 dev eth0 scope link \n"
	"10.32.0.0/14 dev eth0 scope link \n"
	"10.33.0.0/16 dev lo scope link \n"
	"10.36.0.0/16 via 10.0.0.1 dev eth0 proto kernel \n"
	"10.37.0.1 dev eth0 scope link \n"
	"10.41.0.0/16 via 10.0.0.1 dev eth0 \n"
	"unreachable 10.43.0.0/16 \n"
	"unreachable 10.60.0.0/16 \n"
	"blackhole 10.61.0.0/16 \n"
	"unreachable 10.63.0.0/16 \n"
	"10.68.0.0/16 dev eth0 scope link \n";

/* What `ip route help` prints, and what any usage error in ip route prints with it. */
static const char ip_route_usage[] =
	"Usage: ip route { list | flush } SELECTOR\n"
	"       ip route save SELECTOR\n"
	"       ip route restore\n"
	"       ip route showdump\n"
	"       ip route get [ ROUTE_GET_FLAGS ] ADDRESS\n"
	"                            [ from ADDRESS iif STRING ]\n"
	"                            [ oif STRING ] [ tos TOS ]\n"
	"                            [ mark NUMBER ] [ vrf NAME ]\n"
	"                            [ uid NUMBER ] [ ipproto PROTOCOL ]\n"
	"                            [ sport NUMBER ] [ dport NUMBER ]\n"
	"       ip route { add | del | change | append | replace } ROUTE\n"
	"SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]\n"
	"            [ table TABLE_ID ] [ vrf NAME ] [ proto RTPROTO ]\n"
	"            [ type TYPE ] [ scope SCOPE ]\n"
	"ROUTE := NODE_SPEC [ INFO_SPEC ]\n"
	"NODE_SPEC := [ TYPE ] PREFIX [ tos TOS ]\n"
	"             [ table TABLE_ID ] [ proto RTPROTO ]\n"
	"             [ scope SCOPE ] [ metric METRIC ]\n"
	"             [ ttl-propagate { enabled | disabled } ]\n"
	"INFO_SPEC := { NH | nhid ID } OPTIONS FLAGS [ nexthop NH ]...\n"
	"NH := [ encap ENCAPTYPE ENCAPHDR ] [ via [ FAMILY ] ADDRESS ]\n"
	"      [ dev STRING ] [ weight NUMBER ] NHFLAGS\n"
	"FAMILY := [ inet | inet6 | mpls | bridge | link ]\n"
	"OPTIONS := FLAGS [ mtu NUMBER ] [ advmss NUMBER ] [ as [ to ] ADDRESS ]\n"
	"           [ rtt TIME ] [ rttvar TIME ] [ reordering NUMBER ]\n"
	"           [ window NUMBER ] [ cwnd NUMBER ] [ initcwnd NUMBER ]\n"
	"           [ ssthresh NUMBER ] [ realms REALM ] [ src ADDRESS ]\n"
	"           [ rto_min TIME ] [ hoplimit NUMBER ] [ initrwnd NUMBER ]\n"
	"           [ features FEATURES ] [ quickack BOOL ] [ congctl NAME ]\n"
	"           [ pref PREF ] [ expires TIME ] [ fastopen_no_cookie BOOL ]\n"
	"TYPE := { unicast | local | broadcast | multicast | throw |\n"
	"          unreachable | prohibit | blackhole | nat }\n"
	"TABLE_ID := [ local | main | default | all | NUMBER ]\n"
	"SCOPE := [ host | link | global | NUMBER ]\n"
	"NHFLAGS := [ onlink | pervasive ]\n"
	"RTPROTO := [ kernel | boot | static | NUMBER ]\n"
	"PREF := [ low | medium | high ]\n"
	"TIME := NUMBER[s|ms]\n"
	"BOOL := [1|0]\n"
	"FEATURES := ecn\n"
	"ENCAPTYPE := [ mpls | ip | ip6 | seg6 | seg6local | rpl | ioam6 | xfrm ]\n"
	"ENCAPHDR := [ MPLSLABEL | SEG6HDR | SEG6LOCAL | IOAM6HDR | XFRMINFO ]\n"
	"SEG6HDR := [ mode SEGMODE ] segs ADDR1,ADDRi,ADDRn [hmac HMACKEYID] [cleanup]\n"
	"SEGMODE := [ encap | encap.red | inline | l2encap | l2encap.red ]\n"
	"SEG6LOCAL := action ACTION [ OPTIONS ] [ count ]\n"
	"ACTION := { End | End.X | End.T | End.DX2 | End.DX6 | End.DX4 |\n"
	"            End.DT6 | End.DT4 | End.DT46 | End.B6 | End.B6.Encaps |\n"
	"            End.BM | End.S | End.AS | End.AM | End.BPF }\n"
	"OPTIONS := OPTION [ OPTIONS ]\n"
	"OPTION := { flavors FLAVORS | srh SEG6HDR | nh4 ADDR | nh6 ADDR | iif DEV | oif DEV |\n"
	"            table TABLEID | vrftable TABLEID | endpoint PROGNAME }\n"
	"FLAVORS := { FLAVOR[,FLAVOR] }\n"
	"FLAVOR := { psp | usp | usd | next-csid }\n"
	"IOAM6HDR := trace prealloc type IOAM6_TRACE_TYPE ns IOAM6_NAMESPACE size IOAM6_TRACE_SIZE\n"
	"XFRMINFO := if_id IF_ID [ link_dev LINK ]\n"
	"ROUTE_GET_FLAGS := [ fibmatch ]\n";

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

static struct netdev *dev(struct fx *f, const char *name)
{
	struct netdev *d = node_dev(f->n, name);
	assert_non_null(d);
	return d;
}

static void addr(struct fx *f, const char *name, const char *prefix)
{
	uint32_t a;
	int plen;
	assert_int_equal(units_parse_prefix(prefix, &a, &plen, NULL, 0), 0);
	assert_int_equal(netdev_addr_add(dev(f, name), a, plen), 0);
}

/* `ip link add NAME type veth peer name PEER` in the same namespace. */
static void veth(struct fx *f, const char *name, const char *peer)
{
	assert_non_null(netdev_veth_pair(f->n, name, f->n, peer));
}

/* Set-up steps: "up DEV", "down DEV". */
static void action(struct fx *f, const char *line)
{
	if (strncmp(line, "up ", 3) == 0)
		netdev_set_up(dev(f, line + 3), true);
	else if (strncmp(line, "down ", 5) == 0)
		netdev_set_up(dev(f, line + 5), false);
	else
		fail_msg("unknown set-up step %s", line);
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

/* eth0 (10.0.0.2/24, up) with its veth peer peer0 (down) in the node. */
static void topo_eth0(struct fx *f)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 2 };
	veth(f, "eth0", "peer0");
	netdev_set_mac(dev(f, "eth0"), mac);
	addr(f, "eth0", "10.0.0.2/24");
	netdev_set_up(dev(f, "eth0"), true);
}

/* ---- listing ------------------------------------------------------------- */

static const struct step show_steps[] = {
	/* no carrier yet: the peer is down */
	{ "ip route",
	  "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 linkdown \n",
	  "", 0 },
	{ "up peer0", NULL, NULL, 0 },
	{ "ip route",
	  "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 \n",
	  "", 0 },
	{ "ip route add default via 10.0.0.1",
	  "",
	  "", 0 },
	{ "ip route add 10.5.0.0/16 via 10.0.0.1 metric 50",
	  "",
	  "", 0 },
	{ "ip route add unreachable 10.9.0.0/16",
	  "",
	  "", 0 },
	{ "ip route add blackhole 10.8.0.0/16",
	  "",
	  "", 0 },
	{ "ip route add prohibit 10.7.0.0/16",
	  "",
	  "", 0 },
	{ "ip route add 10.6.0.5 via 10.0.0.1",
	  "",
	  "", 0 },
	{ "ip route add 10.6.0.0/24 dev eth0 src 10.0.0.2 proto static scope link",
	  "",
	  "", 0 },
	{ "ip route",
	  show_main_table,
	  "", 0 },
	{ "ip route show",
	  show_main_table,
	  "", 0 },
	{ "ip route list",
	  show_main_table,
	  "", 0 },
	{ "ip route lst",
	  show_main_table,
	  "", 0 },
	{ "ip route s",
	  show_main_table,
	  "", 0 },
	{ "ip route l",
	  show_main_table,
	  "", 0 },
	{ "ip -4 route",
	  show_main_table,
	  "", 0 },
	{ "ip -6 route",
	  "",
	  "", 0 },
	{ "ip -0 route",
	  "",
	  "", 0 },
	{ "ip route show table main",
	  show_main_table,
	  "", 0 },
	{ "ip route show dev eth0",
	  "default via 10.0.0.1 \n"
	  "10.0.0.0/24 proto kernel scope link src 10.0.0.2 \n"
	  "10.5.0.0/16 via 10.0.0.1 metric 50 \n"
	  "10.6.0.0/24 proto static scope link src 10.0.0.2 \n"
	  "10.6.0.5 via 10.0.0.1 \n",
	  "", 0 },
	{ "ip route show table local",
	  "local 10.0.0.2 dev eth0 proto kernel scope host src 10.0.0.2 \n"
	  "broadcast 10.0.0.255 dev eth0 proto kernel scope link src 10.0.0.2 \n"
	  "local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 \n"
	  "local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 \n"
	  "broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 \n",
	  "", 0 },
	{ "ip route show table all",
	  show_all_tables,
	  "", 0 },
	{ "ip route show table 255",
	  "local 10.0.0.2 dev eth0 proto kernel scope host src 10.0.0.2 \n"
	  "broadcast 10.0.0.255 dev eth0 proto kernel scope link src 10.0.0.2 \n"
	  "local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 \n"
	  "local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 \n"
	  "broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 \n",
	  "", 0 },
	{ "ip route show table 0",
	  show_all_tables,
	  "", 0 },
	{ "ip route show table default",
	  "",
	  "Error: ipv4: FIB table does not exist.\n"
	  "Dump terminated\n", 2 },
	{ "ip route show table 5",
	  "",
	  "Error: ipv4: FIB table does not exist.\n"
	  "Dump terminated\n", 2 },
	{ "ip route show table foo",
	  "",
	  "Error: argument \"foo\" is wrong: table id value is invalid\n"
	  "\n", 255 },
	{ "ip -d route show default",
	  "unicast default via 10.0.0.1 dev eth0 proto boot scope global \n",
	  "", 0 },
	{ "ip -d route show 10.9.0.0/16",
	  "unreachable 10.9.0.0/16 proto boot scope global \n",
	  "", 0 },
	{ "ip -d route show 10.0.0.0/24",
	  "unicast 10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 \n",
	  "", 0 },
	{ "ip route show via 10.0.0.1",
	  "default dev eth0 \n"
	  "10.5.0.0/16 dev eth0 metric 50 \n"
	  "10.6.0.5 dev eth0 \n",
	  "", 0 },
	{ "ip route show src 10.0.0.2",
	  "10.0.0.0/24 dev eth0 proto kernel scope link \n"
	  "10.6.0.0/24 dev eth0 proto static scope link \n",
	  "", 0 },
	{ "ip route show match 10.6.0.5/32",
	  "default via 10.0.0.1 dev eth0 \n"
	  "10.6.0.0/24 dev eth0 proto static scope link src 10.0.0.2 \n"
	  "10.6.0.5 via 10.0.0.1 dev eth0 \n",
	  "", 0 },
	{ "ip route show match 10.6.0.5",
	  "default via 10.0.0.1 dev eth0 \n"
	  "10.6.0.0/24 dev eth0 proto static scope link src 10.0.0.2 \n"
	  "10.6.0.5 via 10.0.0.1 dev eth0 \n",
	  "", 0 },
	{ "ip route show match default",
	  "default via 10.0.0.1 dev eth0 \n",
	  "", 0 },
	{ "ip route show root 10/8",
	  "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 \n"
	  "10.5.0.0/16 via 10.0.0.1 dev eth0 metric 50 \n"
	  "10.6.0.0/24 dev eth0 proto static scope link src 10.0.0.2 \n"
	  "10.6.0.5 via 10.0.0.1 dev eth0 \n"
	  "prohibit 10.7.0.0/16 \n"
	  "blackhole 10.8.0.0/16 \n"
	  "unreachable 10.9.0.0/16 \n",
	  "", 0 },
	{ "ip route show ro 10.6.0.0/16",
	  "10.6.0.0/24 dev eth0 proto static scope link src 10.0.0.2 \n"
	  "10.6.0.5 via 10.0.0.1 dev eth0 \n",
	  "", 0 },
	{ "ip route show exact 10.6.0.0/24",
	  "10.6.0.0/24 dev eth0 proto static scope link src 10.0.0.2 \n",
	  "", 0 },
	{ "ip route show 10.6.0.0/24",
	  "10.6.0.0/24 dev eth0 proto static scope link src 10.0.0.2 \n",
	  "", 0 },
	{ "ip route show to 10.6.0.5",
	  "10.6.0.5 via 10.0.0.1 dev eth0 \n",
	  "", 0 },
	{ "ip route show 10/8",
	  "",
	  "", 0 },
	{ "ip route show default",
	  "default via 10.0.0.1 dev eth0 \n",
	  "", 0 },
	{ "ip route show all",
	  show_main_table,
	  "", 0 },
	{ "ip route show any",
	  show_main_table,
	  "", 0 },
	{ "ip route show type unreachable",
	  "unreachable 10.9.0.0/16 \n",
	  "", 0 },
	{ "ip route show table main type blackhole",
	  "blackhole 10.8.0.0/16 \n",
	  "", 0 },
	{ "ip route show proto static",
	  "10.6.0.0/24 dev eth0 scope link src 10.0.0.2 \n",
	  "", 0 },
	{ "ip route show proto boot",
	  "default via 10.0.0.1 dev eth0 \n"
	  "10.5.0.0/16 via 10.0.0.1 dev eth0 metric 50 \n"
	  "10.6.0.5 via 10.0.0.1 dev eth0 \n"
	  "prohibit 10.7.0.0/16 \n"
	  "blackhole 10.8.0.0/16 \n"
	  "unreachable 10.9.0.0/16 \n",
	  "", 0 },
	{ "ip route show proto kernel",
	  "10.0.0.0/24 dev eth0 scope link src 10.0.0.2 \n",
	  "", 0 },
	{ "ip route show scope link",
	  "10.0.0.0/24 dev eth0 proto kernel src 10.0.0.2 \n"
	  "10.6.0.0/24 dev eth0 proto static src 10.0.0.2 \n",
	  "", 0 },
	{ "ip route show scope global",
	  "default via 10.0.0.1 dev eth0 \n"
	  "10.5.0.0/16 via 10.0.0.1 dev eth0 metric 50 \n"
	  "10.6.0.5 via 10.0.0.1 dev eth0 \n"
	  "prohibit 10.7.0.0/16 \n"
	  "blackhole 10.8.0.0/16 \n"
	  "unreachable 10.9.0.0/16 \n",
	  "", 0 },
	{ "ip route show metric 50",
	  "10.5.0.0/16 via 10.0.0.1 dev eth0 \n",
	  "", 0 },
	{ "ip route show dev eth0 proto kernel",
	  "10.0.0.0/24 scope link src 10.0.0.2 \n",
	  "", 0 },
	{ "ip route show dev eth0 table local",
	  "local 10.0.0.2 proto kernel scope host src 10.0.0.2 \n"
	  "broadcast 10.0.0.255 proto kernel scope link src 10.0.0.2 \n",
	  "", 0 },
	{ "ip route show type local",
	  "",
	  "", 0 },
	{ "ip route show table all type broadcast",
	  "broadcast 10.0.0.255 dev eth0 table local proto kernel scope link src 10.0.0.2 \n"
	  "broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 \n",
	  "", 0 },
	{ "ip route show cloned",
	  "",
	  "", 0 },
	{ "ip route show cache",
	  "",
	  "", 0 },
	{ "ip route show dev eth9",
	  "",
	  "Cannot find device \"eth9\"\n", 1 },
	{ "ip route show dev",
	  "",
	  "Command line is not complete. Try option \"help\"\n", 255 },
	{ "ip route show proto",
	  "",
	  "Command line is not complete. Try option \"help\"\n", 255 },
	{ "ip route show proto foo",
	  "",
	  "Error: argument \"foo\" is wrong: invalid \"protocol\"\n"
	  "\n", 255 },
	{ "ip route show scope foo",
	  "",
	  "Error: argument \"foo\" is wrong: invalid \"scope\"\n"
	  "\n", 255 },
	{ "ip route show type foo",
	  "",
	  "Error: argument \"foo\" is wrong: node type value is invalid\n"
	  "\n", 255 },
	{ "ip route show foo",
	  "",
	  "Error: any valid prefix is expected rather than \"foo\".\n", 1 },
	{ "ip route show table help",
	  "",
	  ip_route_usage, 255 },
};

static void test_show(void **state)
{
	struct fx *f = *state;
	topo_eth0(f);
	STEPS(f, show_steps);
}

/* ---- ip route get ---------------------------------------------------------- */

static const struct step get_steps[] = {
	{ "ip route get 10.99.1.1",
	  "",
	  "RTNETLINK answers: Network is unreachable\n", 2 },
	{ "ip route add default via 10.0.0.1",
	  "",
	  "", 0 },
	{ "ip route add unreachable 10.9.0.0/16",
	  "",
	  "", 0 },
	{ "ip route add blackhole 10.8.0.0/16",
	  "",
	  "", 0 },
	{ "ip route add prohibit 10.7.0.0/16",
	  "",
	  "", 0 },
	{ "ip route add 10.6.0.0/24 dev eth0 src 10.0.0.2 proto static scope link",
	  "",
	  "", 0 },
	{ "ip route get 10.0.0.1",
	  "10.0.0.1 dev eth0 src 10.0.0.2 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get 10.0.0.2",
	  "local 10.0.0.2 dev lo src 10.0.0.2 uid 0 \n"
	  "    cache <local> \n",
	  "", 0 },
	{ "ip route get 10.99.1.1",
	  "10.99.1.1 via 10.0.0.1 dev eth0 src 10.0.0.2 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get 10.9.1.1",
	  "",
	  "RTNETLINK answers: No route to host\n", 2 },
	{ "ip route get 10.8.1.1",
	  "",
	  "RTNETLINK answers: Invalid argument\n", 2 },
	{ "ip route get 10.7.1.1",
	  "",
	  "RTNETLINK answers: Permission denied\n", 2 },
	{ "ip route get 10.6.0.9",
	  "10.6.0.9 dev eth0 src 10.0.0.2 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get 10.0.0.0",
	  "10.0.0.0 dev eth0 src 10.0.0.2 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get 10.0.0.255",
	  "broadcast 10.0.0.255 dev eth0 src 10.0.0.2 uid 0 \n"
	  "    cache <local,brd> \n",
	  "", 0 },
	{ "ip route get 255.255.255.255",
	  "broadcast 255.255.255.255 dev eth0 src 10.0.0.2 uid 0 \n"
	  "    cache <local,brd> \n",
	  "", 0 },
	{ "ip route get 224.0.0.1",
	  "multicast 224.0.0.1 dev eth0 src 10.0.0.2 rt_offload_failed uid 0 \n"
	  "    cache <local,mc> \n",
	  "", 0 },
	{ "ip route get 224.0.0.5",
	  "multicast 224.0.0.5 dev eth0 src 10.0.0.2 rt_offload_failed uid 0 \n"
	  "    cache <mc> \n",
	  "", 0 },
	{ "ip route get 127.0.0.1",
	  "local 127.0.0.1 dev lo src 127.0.0.1 uid 0 \n"
	  "    cache <local> \n",
	  "", 0 },
	{ "ip route get 127.0.0.5",
	  "local 127.0.0.5 dev lo src 127.0.0.1 uid 0 \n"
	  "    cache <local> \n",
	  "", 0 },
	{ "ip route get 0.0.0.0",
	  "local 0.0.0.0 dev lo src 127.0.0.1 uid 0 \n"
	  "    cache <local> \n",
	  "", 0 },
	{ "ip route get fibmatch 10.6.0.9",
	  "10.6.0.0/24 dev eth0 proto static scope link src 10.0.0.2 \n",
	  "", 0 },
	{ "ip route get fibmatch 10.99.1.1",
	  "default via 10.0.0.1 dev eth0 \n",
	  "", 0 },
	{ "ip route get fibmatch 10.0.0.2",
	  "local 10.0.0.2 dev eth0 proto kernel scope host src 10.0.0.2 \n",
	  "", 0 },
	{ "ip route get fibmatch 10.0.0.255",
	  "broadcast 10.0.0.255 dev eth0 proto kernel scope link src 10.0.0.2 \n",
	  "", 0 },
	{ "ip route get fibmatch 127.0.0.5",
	  "local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 \n",
	  "", 0 },
	{ "ip route get fibmatch 10.9.1.1",
	  "",
	  "RTNETLINK answers: No route to host\n", 2 },
	{ "ip route get 10.6.0.9 from 10.0.0.2",
	  "10.6.0.9 from 10.0.0.2 dev eth0 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get 10.6.0.9 from 0.0.0.0",
	  "10.6.0.9 dev eth0 src 10.0.0.2 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get 10.0.0.2 from 10.0.0.2",
	  "local 10.0.0.2 from 10.0.0.2 dev lo uid 0 \n"
	  "    cache <local> \n",
	  "", 0 },
	{ "ip route get 10.6.0.9 from 1.2.3.4",
	  "",
	  "RTNETLINK answers: Network is unreachable\n", 2 },
	{ "ip route get 10.0.0.1 oif eth0",
	  "10.0.0.1 dev eth0 src 10.0.0.2 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get 10.0.0.1 dev eth0",
	  "10.0.0.1 dev eth0 src 10.0.0.2 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get 10.0.0.1 oif eth0 from 10.0.0.2",
	  "10.0.0.1 from 10.0.0.2 dev eth0 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get 10.0.0.1 oif eth9",
	  "",
	  "Cannot find device \"eth9\"\n", 1 },
	{ "ip route get to 10.0.0.1",
	  "10.0.0.1 dev eth0 src 10.0.0.2 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get 10.0.0.1 uid 1000",
	  "10.0.0.1 dev eth0 src 10.0.0.2 uid 1000 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get 10.0.0.0/24",
	  "10.0.0.0 dev eth0 src 10.0.0.2 uid 0 \n"
	  "    cache \n",
	  "Warning: /24 as prefix is invalid, only /32 (or none) is supported.\n", 0 },
	{ "ip route get 10.0.0.1 10.0.0.2",
	  "local 10.0.0.2 dev lo src 10.0.0.2 uid 0 \n"
	  "    cache <local> \n",
	  "", 0 },
	{ "ip -d route get 10.0.0.1",
	  "unicast 10.0.0.1 dev eth0 table main src 10.0.0.2 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip -d route get 10.0.0.2",
	  "local 10.0.0.2 dev lo table main src 10.0.0.2 uid 0 \n"
	  "    cache <local> \n",
	  "", 0 },
	{ "ip -o route get 10.0.0.1",
	  "10.0.0.1 dev eth0 src 10.0.0.2 uid 0 \\    cache \n",
	  "", 0 },
	{ "ip -o route get 10.0.0.2",
	  "local 10.0.0.2 dev lo src 10.0.0.2 uid 0 \\    cache <local> \n",
	  "", 0 },
	{ "ip r g 10.0.0.1",
	  "10.0.0.1 dev eth0 src 10.0.0.2 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get x",
	  "",
	  "Error: any valid prefix is expected rather than \"x\".\n", 1 },
	{ "ip route get",
	  "",
	  "need at least a destination address\n", 1 },
	{ "ip route get 10.0.0.1 foo",
	  "",
	  "Error: inet prefix is expected rather than \"foo\".\n", 1 },
	{ "ip route get 10.0.0.1 from",
	  "",
	  "Command line is not complete. Try option \"help\"\n", 255 },
	{ "ip -4 route get x",
	  "",
	  "Error: inet prefix is expected rather than \"x\".\n", 1 },
};

static void test_get(void **state)
{
	struct fx *f = *state;
	topo_eth0(f);
	netdev_set_up(dev(f, "peer0"), true);
	STEPS(f, get_steps);
}

/* ---- add, del, change, replace, append, prepend, test, flush, errors ------- */

static const struct step modify_steps[] = {
	{ "ip route add default via 10.0.0.1",
	  "",
	  "", 0 },
	{ "ip route add default via 10.0.0.1",
	  "",
	  "RTNETLINK answers: File exists\n", 2 },
	{ "ip route add 10.1.0.0/16 via 10.3.0.1",
	  "",
	  "Error: Nexthop has invalid gateway.\n", 2 },
	{ "ip route add x via 10.0.0.1",
	  "",
	  "Error: any valid prefix is expected rather than \"via\".\n", 1 },
	{ "ip route add 10.1.0.1/16 via 10.0.0.1",
	  "",
	  "Error: Invalid prefix for given prefix length.\n", 2 },
	{ "ip route add 10.1.0.0/16 via x",
	  "",
	  "Error: inet address is expected rather than \"x\".\n", 1 },
	{ "ip route add 10.1.0.0/16 dev eth9",
	  "",
	  "Cannot find device \"eth9\"\n", 1 },
	{ "ip route add 10.1.0.0/16 via 10.0.0.1 dev eth9",
	  "",
	  "Cannot find device \"eth9\"\n", 1 },
	{ "ip route del 10.44.0.0/16",
	  "",
	  "RTNETLINK answers: No such process\n", 2 },
	{ "ip route del 10.5.0.0/16 via 10.0.0.9",
	  "",
	  "RTNETLINK answers: No such process\n", 2 },
	{ "ip route add 10.1.0.0/16",
	  "",
	  "RTNETLINK answers: No such device\n", 2 },
	{ "ip route add 10.1.0.0/33 dev eth0",
	  "",
	  "Error: any valid prefix is expected rather than \"10.1.0.0/33\".\n", 1 },
	{ "ip route add 10.1.0.0/16 dev eth0 metric x",
	  "",
	  "Error: argument \"x\" is wrong: \"metric\" value is invalid\n"
	  "\n", 255 },
	{ "ip route add 10.1.0.0/16 dev eth0 proto foo",
	  "",
	  "Error: argument \"foo\" is wrong: \"protocol\" value is invalid\n"
	  "\n", 255 },
	{ "ip route add 10.1.0.0/16 dev eth0 scope foo",
	  "",
	  "Error: argument \"foo\" is wrong: invalid \"scope\" value\n"
	  "\n", 255 },
	{ "ip route add 10.1.0.0/16 dev eth0 src 1.2.3.4",
	  "",
	  "Error: Invalid prefsrc address.\n", 2 },
	{ "ip route add 10.1.0.0/16 dev eth0 src x",
	  "",
	  "Error: inet address is expected rather than \"x\".\n", 1 },
	{ "ip route add 10.1.0.0/16 dev eth0 bogus",
	  "",
	  "Error: either \"to\" is duplicate, or \"bogus\" is a garbage.\n", 255 },
	{ "ip route foo",
	  "",
	  "Command \"foo\" is unknown, try \"ip route help\".\n", 255 },
	{ "ip route get 10.9.1.1",
	  "10.9.1.1 via 10.0.0.1 dev eth0 src 10.0.0.2 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get x",
	  "",
	  "Error: any valid prefix is expected rather than \"x\".\n", 1 },
	{ "ip route get",
	  "",
	  "need at least a destination address\n", 1 },
	{ "ip -4 route add x dev eth0",
	  "",
	  "Error: inet prefix is expected rather than \"dev\".\n", 1 },
	{ "ip route add foo dev eth0",
	  "",
	  "Error: any valid prefix is expected rather than \"foo\".\n", 1 },
	{ "ip route add to 10.2.0.0/16 dev eth0",
	  "",
	  "", 0 },
	{ "ip route add 10.2.0.0/16 to 10.3.0.0/16 dev eth0",
	  "",
	  "Error: either \"to\" is duplicate, or \"10.3.0.0/16\" is a garbage.\n", 255 },
	{ "ip route add 10.3.0.0/16 dev eth0 metric",
	  "",
	  "Command line is not complete. Try option \"help\"\n", 255 },
	{ "ip route add 10.3.0.0/16 via",
	  "",
	  "Command line is not complete. Try option \"help\"\n", 255 },
	{ "ip route add 10.3.0.0/16 via 10.0.0.1 via 10.0.0.1",
	  "",
	  "Error: argument \"via\" is wrong: use nexthop syntax to specify multiple via\n"
	  "\n", 255 },
	{ "ip route add 10.3.0.0/16 dev eth0 dev lo",
	  "",
	  "", 0 },
	{ "ip route add 10.3.0.0/16 dev eth0 metric -1",
	  "",
	  "Error: argument \"-1\" is wrong: \"metric\" value is invalid\n"
	  "\n", 255 },
	{ "ip route add 10.3.0.0/16 dev eth0 metric 4294967295",
	  "",
	  "", 0 },
	{ "ip route add 10.3.0.0/16 dev eth0 metric 4294967296",
	  "",
	  "Error: argument \"4294967296\" is wrong: \"metric\" value is invalid\n"
	  "\n", 255 },
	{ "ip route add 10.3.0.0/16 dev eth0 metric 0x10",
	  "",
	  "", 0 },
	{ "ip route add 10.4.0.0/16 dev eth0 priority 7",
	  "",
	  "", 0 },
	{ "ip route add 10.4.0.0/16 dev eth0 pri 7",
	  "",
	  "RTNETLINK answers: File exists\n", 2 },
	{ "ip route add 10.4.0.0/16 dev eth0 preference 8",
	  "",
	  "", 0 },
	{ "ip route add 10.4.0.0/16 dev eth0 proto 99",
	  "",
	  "", 0 },
	{ "ip route add 10.4.0.0/16 dev eth0 proto dhcp metric 100",
	  "",
	  "", 0 },
	{ "ip route add 10.4.0.0/16 dev eth0 proto boot metric 101",
	  "",
	  "", 0 },
	{ "ip route add 10.4.0.0/16 dev eth0 proto kernel metric 102",
	  "",
	  "", 0 },
	{ "ip route add 10.4.0.0/16 dev eth0 prot stat metric 105",
	  "",
	  "Error: argument \"stat\" is wrong: \"protocol\" value is invalid\n"
	  "\n", 255 },
	{ "ip route add 10.4.0.0/16 dev eth0 scope host metric 106",
	  "",
	  "", 0 },
	{ "ip route add 10.4.0.0/16 dev eth0 scope global metric 107",
	  "",
	  "", 0 },
	{ "ip route add 10.4.0.0/16 dev eth0 scope 200 metric 108",
	  "",
	  "", 0 },
	{ "ip route add 10.4.0.0/16 dev eth0 scope nowhere metric 110",
	  "",
	  "Error: Invalid scope.\n", 2 },
	{ "ip route add 10.4.0.0/16 dev eth0 scope 300 metric 111",
	  "",
	  "Error: argument \"300\" is wrong: invalid \"scope\" value\n"
	  "\n", 255 },
	{ "ip route",
	  "default via 10.0.0.1 dev eth0 \n"
	  "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 \n"
	  "10.2.0.0/16 dev eth0 scope link \n"
	  "10.3.0.0/16 dev lo scope link \n"
	  "10.3.0.0/16 dev eth0 scope link metric 16 \n"
	  "10.3.0.0/16 dev eth0 scope link metric 4294967295 \n"
	  "10.4.0.0/16 dev eth0 proto openr scope link \n"
	  "10.4.0.0/16 dev eth0 scope link metric 7 \n"
	  "10.4.0.0/16 dev eth0 scope link metric 8 \n"
	  "10.4.0.0/16 dev eth0 proto dhcp scope link metric 100 \n"
	  "10.4.0.0/16 dev eth0 scope link metric 101 \n"
	  "10.4.0.0/16 dev eth0 proto kernel scope link metric 102 \n"
	  "10.4.0.0/16 dev eth0 scope host metric 106 \n"
	  "10.4.0.0/16 dev eth0 metric 107 \n"
	  "10.4.0.0/16 dev eth0 scope site metric 108 \n",
	  "", 0 },
	{ "ip route show proto dhcp",
	  "10.4.0.0/16 dev eth0 scope link metric 100 \n",
	  "", 0 },
	{ "ip route show scope link",
	  "10.0.0.0/24 dev eth0 proto kernel src 10.0.0.2 \n"
	  "10.2.0.0/16 dev eth0 \n"
	  "10.3.0.0/16 dev lo \n"
	  "10.3.0.0/16 dev eth0 metric 16 \n"
	  "10.3.0.0/16 dev eth0 metric 4294967295 \n"
	  "10.4.0.0/16 dev eth0 proto openr \n"
	  "10.4.0.0/16 dev eth0 metric 7 \n"
	  "10.4.0.0/16 dev eth0 metric 8 \n"
	  "10.4.0.0/16 dev eth0 proto dhcp metric 100 \n"
	  "10.4.0.0/16 dev eth0 metric 101 \n"
	  "10.4.0.0/16 dev eth0 proto kernel metric 102 \n",
	  "", 0 },
	{ "ip route show 10.4.0.0/16 metric 7",
	  "10.4.0.0/16 dev eth0 scope link \n",
	  "", 0 },
	{ "ip route show dev eth9",
	  "",
	  "Cannot find device \"eth9\"\n", 1 },
	{ "ip route show table 5",
	  "",
	  "Error: ipv4: FIB table does not exist.\n"
	  "Dump terminated\n", 2 },
	{ "ip route show table foo",
	  "",
	  "Error: argument \"foo\" is wrong: table id value is invalid\n"
	  "\n", 255 },
	{ "ip route show foo",
	  "",
	  "Error: any valid prefix is expected rather than \"foo\".\n", 1 },
	{ "ip route flush 10.4.0.0/16",
	  "",
	  "", 0 },
	{ "ip route flush dev eth9",
	  "",
	  "Cannot find device \"eth9\"\n", 1 },
	{ "ip route flush",
	  "",
	  "\"ip route flush\" requires arguments.\n", 1 },
	{ "ip -s route flush 10.3.0.0/16",
	  "\n"
	  "*** Round 1, deleting 3 entries ***\n"
	  "*** Flush is complete after 1 round ***\n",
	  "", 0 },
	{ "ip -s route flush 10.3.0.0/16",
	  "Nothing to flush.\n",
	  "", 0 },
	{ "ip route",
	  "default via 10.0.0.1 dev eth0 \n"
	  "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 \n"
	  "10.2.0.0/16 dev eth0 scope link \n",
	  "", 0 },
	{ "ip route replace 10.20.0.0/16 via 10.0.0.1",
	  "",
	  "", 0 },
	{ "ip route replace 10.20.0.0/16 via 10.0.0.5 metric 0",
	  "",
	  "", 0 },
	{ "ip route change 10.21.0.0/16 via 10.0.0.5",
	  "",
	  "RTNETLINK answers: No such file or directory\n", 2 },
	{ "ip route change 10.20.0.0/16 dev eth0",
	  "",
	  "", 0 },
	{ "ip route append 10.20.0.0/16 dev eth0",
	  "",
	  "RTNETLINK answers: File exists\n", 2 },
	{ "ip route append 10.20.0.0/16 via 10.0.0.7",
	  "",
	  "", 0 },
	{ "ip route append 10.20.0.0/16 via 10.0.0.7 metric 5",
	  "",
	  "", 0 },
	{ "ip route prepend 10.20.0.0/16 via 10.0.0.8",
	  "",
	  "", 0 },
	{ "ip route",
	  "default via 10.0.0.1 dev eth0 \n"
	  "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 \n"
	  "10.2.0.0/16 dev eth0 scope link \n"
	  "10.20.0.0/16 via 10.0.0.8 dev eth0 \n"
	  "10.20.0.0/16 dev eth0 scope link \n"
	  "10.20.0.0/16 via 10.0.0.7 dev eth0 \n"
	  "10.20.0.0/16 via 10.0.0.7 dev eth0 metric 5 \n",
	  "", 0 },
	{ "ip route get 10.20.1.1",
	  "10.20.1.1 via 10.0.0.8 dev eth0 src 10.0.0.2 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route del 10.20.0.0/16",
	  "",
	  "", 0 },
	{ "ip route",
	  "default via 10.0.0.1 dev eth0 \n"
	  "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 \n"
	  "10.2.0.0/16 dev eth0 scope link \n"
	  "10.20.0.0/16 dev eth0 scope link \n"
	  "10.20.0.0/16 via 10.0.0.7 dev eth0 \n"
	  "10.20.0.0/16 via 10.0.0.7 dev eth0 metric 5 \n",
	  "", 0 },
	{ "ip route add 10.22.0.0/16 via 10.0.0.1 dev lo",
	  "",
	  "Error: Nexthop has invalid gateway.\n", 2 },
	{ "ip route add 10.23.0.0/16 via 10.0.0.1 onlink",
	  "",
	  "Error: Nexthop device required for onlink.\n", 2 },
	{ "ip route add 10.25.0.0/16 via 0.0.0.0 dev eth0",
	  "",
	  "", 0 },
	{ "ip route add 10.26.0.0/16 via 10.0.0.255",
	  "",
	  "Error: Nexthop has invalid gateway.\n", 2 },
	{ "ip route add 10.27.0.0/16 via 10.0.0.0",
	  "",
	  "", 0 },
	{ "ip route add 10.29.0.0/16 via 10.0.0.1 src 10.0.0.2",
	  "",
	  "", 0 },
	{ "ip route add 10.31.0.0/16 via 10.0.0.1 scope link",
	  "",
	  "Error: Nexthop has invalid gateway.\n", 2 },
	{ "ip route add 10.32.0.0/16 via 10.0.0.1 scope host",
	  "",
	  "Error: Route with host scope can not have a gateway.\n", 2 },
	{ "ip route add 10.33.0.0/16 dev lo",
	  "",
	  "", 0 },
	{ "ip route add unreachable 10.34.0.0/16 dev eth0",
	  "",
	  "Error: Gateway, device and multipath can not be specified for this route type.\n", 2 },
	{ "ip route add unreachable 10.35.0.0/16 via 10.0.0.1",
	  "",
	  "Error: Gateway, device and multipath can not be specified for this route type.\n", 2 },
	{ "ip route add blackhole default metric 900",
	  "",
	  "", 0 },
	{ "ip route add 10.36.0.0/16 via 10.0.0.1 proto kernel",
	  "",
	  "", 0 },
	{ "ip route add u 10.60.0.0/16",
	  "",
	  "", 0 },
	{ "ip route add bl 10.61.0.0/16",
	  "",
	  "", 0 },
	{ "ip route add p 10.62.0.0/16",
	  "",
	  "Error: argument \"10.62.0.0/16\" is wrong: \"metric\" value is invalid\n"
	  "\n", 255 },
	{ "ip route add un 10.63.0.0/16",
	  "",
	  "", 0 },
	{ "ip route add unicast 10.68.0.0/16 dev eth0",
	  "",
	  "", 0 },
	{ "ip route add any dev eth0 metric 80",
	  "",
	  "Error: any valid prefix is expected rather than \"dev\".\n", 1 },
	{ "ip route add 10/8 dev eth0",
	  "",
	  "", 0 },
	{ "ip route add 10.1/16 dev eth0",
	  "",
	  "", 0 },
	{ "ip route add 10.30.0.0/255.255.0.0 dev eth0",
	  "",
	  "", 0 },
	{ "ip route add 10.38.0.0/255.0.255.0 dev eth0",
	  "",
	  "Error: any valid prefix is expected rather than \"10.38.0.0/255.0.255.0\".\n", 1 },
	{ "ip route add 10.32.0.0/016 dev eth0",
	  "",
	  "", 0 },
	{ "ip route add 10.33.0.0/ dev eth0",
	  "",
	  "Error: any valid prefix is expected rather than \"10.33.0.0/\".\n", 1 },
	{ "ip route add 010.34.0.0/16 dev eth0",
	  "",
	  "", 0 },
	{ "ip route add 10.35.0.0/16/ dev eth0",
	  "",
	  "Error: any valid prefix is expected rather than \"10.35.0.0/16/\".\n", 1 },
	{ "ip route add 256.1.0.0/16 dev eth0",
	  "",
	  "Error: any valid prefix is expected rather than \"256.1.0.0/16\".\n", 1 },
	{ "ip route add 10.37.0.1/32 dev eth0",
	  "",
	  "", 0 },
	{ "ip route add 0.0.0.0/1 dev eth0",
	  "",
	  "", 0 },
	{ "ip route add 10.40.0.0/16 via 2001:db8::1",
	  "",
	  "Error: inet address is expected rather than \"2001:db8::1\".\n", 1 },
	{ "ip route add 10.41.0.0/16 via inet 10.0.0.1",
	  "",
	  "", 0 },
	{ "ip route add unreachable to 10.44.0.0/16",
	  "",
	  "Error: any valid prefix is expected rather than \"to\".\n", 1 },
	{ "ip route add to unreachable 10.43.0.0/16",
	  "",
	  "", 0 },
	{ "ip route",
	  "0.0.0.0/1 dev eth0 scope link \n"
	  "default via 10.0.0.1 dev eth0 \n"
	  "blackhole default metric 900 \n"
	  "8.34.0.0/16 dev eth0 scope link \n"
	  "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 \n"
	  "10.0.0.0/8 dev eth0 scope link \n"
	  "10.1.0.0/16 dev eth0 scope link \n"
	  "10.2.0.0/16 dev eth0 scope link \n"
	  "10.20.0.0/16 dev eth0 scope link \n"
	  "10.20.0.0/16 via 10.0.0.7 dev eth0 \n"
	  "10.20.0.0/16 via 10.0.0.7 dev eth0 metric 5 \n"
	  "10.25.0.0/16 dev eth0 \n"
	  "10.27.0.0/16 via 10.0.0.0 dev eth0 \n"
	  "10.29.0.0/16 via 10.0.0.1 dev eth0 src 10.0.0.2 \n"
	  "10.30.0.0/16 dev eth0 scope link \n"
	  "10.32.0.0/14 dev eth0 scope link \n"
	  "10.33.0.0/16 dev lo scope link \n"
	  "10.36.0.0/16 via 10.0.0.1 dev eth0 proto kernel \n"
	  "10.37.0.1 dev eth0 scope link \n"
	  "10.41.0.0/16 via 10.0.0.1 dev eth0 \n"
	  "unreachable 10.43.0.0/16 \n"
	  "unreachable 10.60.0.0/16 \n"
	  "blackhole 10.61.0.0/16 \n"
	  "unreachable 10.63.0.0/16 \n"
	  "10.68.0.0/16 dev eth0 scope link \n",
	  "", 0 },
	{ "ip route del 10.2.0.0/16 dev eth0 scope host",
	  "",
	  "RTNETLINK answers: No such process\n", 2 },
	{ "ip route del 10.2.0.0/16 proto static",
	  "",
	  "RTNETLINK answers: No such process\n", 2 },
	{ "ip route del 10.2.0.0/16 proto boot",
	  "",
	  "", 0 },
	{ "ip route del 10.7.0.0/16",
	  "",
	  "RTNETLINK answers: No such process\n", 2 },
	{ "ip route del unicast 10.8.0.0/16",
	  "",
	  "RTNETLINK answers: No such process\n", 2 },
	{ "ip route del blackhole 10.8.0.0/16 dev eth0",
	  "",
	  "RTNETLINK answers: No such process\n", 2 },
	{ "ip route del x",
	  "",
	  "Command line is not complete. Try option \"help\"\n", 255 },
	{ "ip route del 10.6.0.0/24 dev eth9",
	  "",
	  "Cannot find device \"eth9\"\n", 1 },
	{ "ip route del",
	  "",
	  ip_route_usage, 255 },
	{ "ip route show table main type blackhole",
	  "blackhole default metric 900 \n"
	  "blackhole 10.61.0.0/16 \n",
	  "", 0 },
	{ "ip route show type foo",
	  "",
	  "Error: argument \"foo\" is wrong: node type value is invalid\n"
	  "\n", 255 },
	{ "ip route show proto",
	  "",
	  "Command line is not complete. Try option \"help\"\n", 255 },
	{ "ip route show proto foo",
	  "",
	  "Error: argument \"foo\" is wrong: invalid \"protocol\"\n"
	  "\n", 255 },
	{ "ip route show scope foo",
	  "",
	  "Error: argument \"foo\" is wrong: invalid \"scope\"\n"
	  "\n", 255 },
	{ "ip route show dev",
	  "",
	  "Command line is not complete. Try option \"help\"\n", 255 },
	{ "ip route show cloned",
	  "",
	  "", 0 },
	{ "ip -6 route",
	  "",
	  "", 0 },
	{ "ip route show all",
	  modify_main_table,
	  "", 0 },
	{ "ip route show match default",
	  "default via 10.0.0.1 dev eth0 \n"
	  "blackhole default metric 900 \n",
	  "", 0 },
	{ "ip route show exact 10.37.0.1",
	  "10.37.0.1 dev eth0 scope link \n",
	  "", 0 },
	{ "ip route show to 10.37.0.1",
	  "10.37.0.1 dev eth0 scope link \n",
	  "", 0 },
	{ "ip route show ro 10.30.0.0/15",
	  "10.30.0.0/16 dev eth0 scope link \n",
	  "", 0 },
	{ "ip route test 10.30.0.0/16 dev eth0",
	  "",
	  "RTNETLINK answers: File exists\n", 2 },
	{ "ip route test 10.99.0.0/16 dev eth0",
	  "",
	  "RTNETLINK answers: No such file or directory\n", 2 },
	{ "ip route s",
	  modify_main_table,
	  "", 0 },
	{ "ip route l",
	  modify_main_table,
	  "", 0 },
	{ "ip route c 10.40.0.0/16 dev eth0",
	  "",
	  "RTNETLINK answers: No such file or directory\n", 2 },
	{ "ip route r 10.40.0.0/16 dev eth0",
	  "",
	  "", 0 },
	{ "ip route d 10.40.0.0/16 dev eth0",
	  "",
	  "", 0 },
	{ "ip route help",
	  "",
	  ip_route_usage, 255 },
	{ "ip route add 10.46.0.0/16 dev eth0 table main",
	  "",
	  "", 0 },
	{ "ip -s -s route flush 10.46.0.0/16",
	  "10.46.0.0/16 dev eth0 scope link \n"
	  "\n"
	  "*** Round 1, deleting 1 entries ***\n"
	  "*** Flush is complete after 1 round ***\n",
	  "", 0 },
	{ "ip route flush cache",
	  "",
	  "", 0 },
	{ "ip route flush table main proto boot",
	  "",
	  "", 0 },
	{ "ip route",
	  "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 \n"
	  "10.36.0.0/16 via 10.0.0.1 dev eth0 proto kernel \n",
	  "", 0 },
};

static void test_modify_and_errors(void **state)
{
	struct fx *f = *state;
	topo_eth0(f);
	netdev_set_up(dev(f, "peer0"), true);
	STEPS(f, modify_steps);
}

/* ---- several devices, secondary addresses, carrier, device down ------------ */

static const struct step devs_steps[] = {
	{ "ip route",
	  "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 linkdown \n",
	  "", 0 },
	{ "ip route add 10.5.0.0/16 via 10.0.0.1",
	  "",
	  "", 0 },
	{ "ip route add 10.6.0.0/16 dev eth0",
	  "",
	  "", 0 },
	{ "ip route add 10.7.0.0/16 dev eth1",
	  "",
	  "Error: Device for nexthop is not up.\n", 2 },
	{ "ip route add 10.7.0.0/16 via 10.0.1.1",
	  "",
	  "Error: Nexthop has invalid gateway.\n", 2 },
	{ "ip route get 10.5.1.1",
	  "10.5.1.1 via 10.0.0.1 dev eth0 src 10.0.0.2 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get 10.0.0.2",
	  "local 10.0.0.2 dev lo src 10.0.0.2 uid 0 \n"
	  "    cache <local> \n",
	  "", 0 },
	{ "up eth1", NULL, NULL, 0 },
	{ "ip route show table local",
	  "local 10.0.0.2 dev eth0 proto kernel scope host src 10.0.0.2 \n"
	  "broadcast 10.0.0.255 dev eth0 proto kernel scope link src 10.0.0.2 linkdown \n"
	  "local 10.0.1.2 dev eth1 proto kernel scope host src 10.0.1.2 \n"
	  "local 10.0.1.3 dev eth1 proto kernel scope host src 10.0.1.2 \n"
	  "broadcast 10.0.1.255 dev eth1 proto kernel scope link src 10.0.1.2 linkdown \n"
	  "local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 \n"
	  "local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 \n"
	  "broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 \n",
	  "", 0 },
	{ "ip route",
	  "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 linkdown \n"
	  "10.0.1.0/24 dev eth1 proto kernel scope link src 10.0.1.2 linkdown \n"
	  "10.5.0.0/16 via 10.0.0.1 dev eth0 linkdown \n"
	  "10.6.0.0/16 dev eth0 scope link linkdown \n",
	  "", 0 },
	{ "up peer1", NULL, NULL, 0 },
	{ "ip route show table local",
	  "local 10.0.0.2 dev eth0 proto kernel scope host src 10.0.0.2 \n"
	  "broadcast 10.0.0.255 dev eth0 proto kernel scope link src 10.0.0.2 linkdown \n"
	  "local 10.0.1.2 dev eth1 proto kernel scope host src 10.0.1.2 \n"
	  "local 10.0.1.3 dev eth1 proto kernel scope host src 10.0.1.2 \n"
	  "broadcast 10.0.1.255 dev eth1 proto kernel scope link src 10.0.1.2 \n"
	  "local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 \n"
	  "local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 \n"
	  "broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 \n",
	  "", 0 },
	{ "ip route add 10.8.0.0/16 via 10.0.1.1 src 10.0.1.3",
	  "",
	  "", 0 },
	{ "ip route add 10.9.0.0/16 via 10.0.1.1 dev eth0",
	  "",
	  "Error: Nexthop has invalid gateway.\n", 2 },
	{ "ip route add 10.9.0.0/16 via 10.0.1.1 dev eth1",
	  "",
	  "", 0 },
	{ "ip route get 10.9.0.1",
	  "10.9.0.1 via 10.0.1.1 dev eth1 src 10.0.1.2 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get 10.9.0.1 oif eth0",
	  "10.9.0.1 dev eth0 src 10.0.0.2 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get 10.9.0.1 dev eth1",
	  "10.9.0.1 via 10.0.1.1 dev eth1 src 10.0.1.2 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get 10.8.0.1",
	  "10.8.0.1 via 10.0.1.1 dev eth1 src 10.0.1.3 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get 10.0.1.2",
	  "local 10.0.1.2 dev lo src 10.0.1.2 uid 0 \n"
	  "    cache <local> \n",
	  "", 0 },
	{ "ip route get 10.0.1.3",
	  "local 10.0.1.3 dev lo src 10.0.1.2 uid 0 \n"
	  "    cache <local> \n",
	  "", 0 },
	{ "ip route get 10.0.1.255",
	  "broadcast 10.0.1.255 dev eth1 src 10.0.1.2 uid 0 \n"
	  "    cache <local,brd> \n",
	  "", 0 },
	{ "ip route get fibmatch 10.0.1.255",
	  "broadcast 10.0.1.255 dev eth1 proto kernel scope link src 10.0.1.2 \n",
	  "", 0 },
	{ "ip route get fibmatch 10.0.1.3",
	  "local 10.0.1.3 dev eth1 proto kernel scope host src 10.0.1.2 \n",
	  "", 0 },
	{ "ip route get 10.8.0.1 from 10.0.1.2",
	  "10.8.0.1 from 10.0.1.2 via 10.0.1.1 dev eth1 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route get 10.8.0.1 from 0.0.0.0",
	  "10.8.0.1 via 10.0.1.1 dev eth1 src 10.0.1.3 uid 0 \n"
	  "    cache \n",
	  "", 0 },
	{ "ip route show src 10.0.1.3",
	  "10.8.0.0/16 via 10.0.1.1 dev eth1 \n",
	  "", 0 },
	{ "ip route show via 10.0.1.0/24",
	  "10.8.0.0/16 via 10.0.1.1 dev eth1 src 10.0.1.3 \n"
	  "10.9.0.0/16 via 10.0.1.1 dev eth1 \n",
	  "", 0 },
	{ "ip route flush dev eth1",
	  "",
	  "", 0 },
	{ "ip route",
	  "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 linkdown \n"
	  "10.5.0.0/16 via 10.0.0.1 dev eth0 linkdown \n"
	  "10.6.0.0/16 dev eth0 scope link linkdown \n",
	  "", 0 },
	{ "down eth0", NULL, NULL, 0 },
	{ "ip route",
	  "",
	  "", 0 },
	{ "ip route get 10.5.1.1",
	  "",
	  "RTNETLINK answers: Network is unreachable\n", 2 },
	{ "ip route add 10.11.0.0/16 dev eth0",
	  "",
	  "Error: Device for nexthop is not up.\n", 2 },
	{ "ip route add 10.11.0.0/16 via 10.0.0.1",
	  "",
	  "Error: Nexthop has invalid gateway.\n", 2 },
	{ "ip route add 10.11.0.0/16 via 10.0.0.1 dev eth0 onlink",
	  "",
	  "Error: Nexthop device is not up.\n", 2 },
	{ "ip route del default",
	  "",
	  "RTNETLINK answers: No such process\n", 2 },
	{ "ip route add default via 10.0.1.1 metric 100",
	  "",
	  "Error: Nexthop has invalid gateway.\n", 2 },
	{ "ip route add default via 10.0.1.1 metric 50 proto dhcp src 10.0.1.2",
	  "",
	  "Error: Nexthop has invalid gateway.\n", 2 },
	{ "ip route",
	  "",
	  "", 0 },
	{ "ip route get 1.1.1.1",
	  "",
	  "RTNETLINK answers: Network is unreachable\n", 2 },
};

static void test_devices(void **state)
{
	struct fx *f = *state;
	veth(f, "eth0", "peer0");
	veth(f, "eth1", "peer1");
	addr(f, "eth0", "10.0.0.2/24");
	addr(f, "eth1", "10.0.1.2/24");
	addr(f, "eth1", "10.0.1.3/24");
	netdev_set_up(dev(f, "eth0"), true);
	STEPS(f, devs_steps);
}

/* ---- what wirelab does not model says so ----------------------------------- */

#define NM(what) "wirelab: ip route: " what " is not modelled (wirelab has the main table's " \
	"unicast, unreachable, prohibit and blackhole IPv4 routes)\n"

static const struct step unmodelled_steps[] = {
	{ "ip route add throw 10.65.0.0/16", "", NM("the route type throw"), 2 },
	{ "ip route add local 10.49.0.1 dev eth0", "", NM("the route type local"), 2 },
	{ "ip route add nat 10.66.0.0/16 via 10.0.0.1", "", NM("the route type nat"), 2 },
	{ "ip route add 10.45.0.0/16 dev eth0 tos 4", "", NM("tos"), 2 },
	{ "ip route add 10.48.0.0/16 dev eth0 mtu 1400", "", NM("mtu"), 2 },
	{ "ip route add 10.48.0.0/16 dev eth0 window 100", "", NM("window"), 2 },
	{ "ip route add 10.50.0.0/16 nexthop via 10.0.0.1", "", NM("multipath (nexthop)"), 2 },
	{ "ip route add 10.47.0.0/16 dev eth0 table local", "", NM("a table other than main"), 2 },
	{ "ip route add 10.47.0.0/16 dev eth0 table 100", "", NM("a table other than main"), 2 },
	{ "ip route add 2001:db8::/64 dev eth0", "", NM("IPv6"), 2 },
	{ "ip route add 10.40.0.0/16 via inet6 fe80::1 dev eth0", "", NM("a non-IPv4 gateway"), 2 },
	{ "ip route get 10.0.0.1 iif eth0", "",
	  NM("iif (the route of a packet being forwarded)"), 2 },
	{ "ip route get 10.0.0.1 mark 5", "", NM("mark"), 2 },
	{ "ip route show vrf blue", "", NM("vrf"), 2 },
	{ "ip route flush table local", "", NM("flushing the local table"), 2 },
	{ "ip route save", "",
	  "wirelab: ip route save is not modelled (it reads and writes binary netlink dumps)\n", 255 },
	/* An onlink gateway inside the device's network is an ordinary route
	 * (shown without "onlink": the engine has no such flag). */
	{ "ip route add 10.23.0.0/16 via 10.99.0.1 dev eth0 onlink", "",
	  NM("onlink to a gateway outside the device's networks"), 2 },
	{ "ip route add 10.23.0.0/16 via 10.0.0.1 dev eth0 onlink", "", "", 0 },
	{ "ip route show 10.23.0.0/16", "10.23.0.0/16 via 10.0.0.1 dev eth0 \n", "", 0 },
};

static void test_unmodelled(void **state)
{
	struct fx *f = *state;
	topo_eth0(f);
	netdev_set_up(dev(f, "peer0"), true);
	STEPS(f, unmodelled_steps);
}

/* Where wirelab's engine answers otherwise than Linux (cmd_ip_route.c's
 * ENGINE notes).  These pin down what wirelab says today; the comments
 * give Linux's answer. */
static void test_divergences(void **state)
{
	struct fx *f = *state;
	topo_eth0(f);
	netdev_set_up(dev(f, "peer0"), true);
	/* Linux accepts one of the node's own addresses as a gateway:
	 * "10.22.0.0/16 via 10.0.0.2 dev eth0". */
	assert_int_equal(run(f, "ip route add 10.22.0.0/16 via 10.0.0.2"), 2);
	assert_string_equal(f->err, "Error: Nexthop has invalid gateway.\n");
	/* Linux keeps an address's local route while its device is down:
	 * "local 10.0.0.2 dev lo src 10.0.0.2 uid 0 \n    cache <local> ". */
	netdev_set_up(dev(f, "eth0"), false);
	assert_int_equal(run(f, "ip route get 10.0.0.2"), 2);
	assert_string_equal(f->err, "RTNETLINK answers: Network is unreachable\n");
}

/* Routes added here are the engine's: lookups and the route table see them. */
static void test_engine_state(void **state)
{
	struct fx *f = *state;
	topo_eth0(f);
	netdev_set_up(dev(f, "peer0"), true);
	assert_int_equal(run(f, "ip route add 10.5.0.0/16 via 10.0.0.1 metric 7 proto static"), 0);
	const struct route *r = route_lookup(f->n, 0x0a050101);
	assert_non_null(r);
	assert_int_equal(r->gw, 0x0a000001);
	assert_int_equal(r->metric, 7);
	assert_int_equal(r->proto, RTP_STATIC);
	assert_int_equal(r->scope, RTS_UNIVERSE);
	assert_ptr_equal(r->dev, dev(f, "eth0"));
	assert_int_equal(run(f, "ip route add 10.6.0.0/16 dev eth0"), 0);
	r = route_lookup(f->n, 0x0a060101);
	assert_int_equal(r->proto, RTP_BOOT);
	assert_int_equal(r->scope, RTS_LINK);
	assert_int_equal(run(f, "ip route del 10.5.0.0/16"), 0);
	assert_null(route_lookup(f->n, 0x0a050101));
	/* ip -n NS acts on that namespace; an unknown one is refused first. */
	assert_int_equal(run(f, "ip -n nosuch route"), 255);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_show, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_modify_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_devices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmodelled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_divergences, setup, teardown),
		cmocka_unit_test_setup_teardown(test_engine_state, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
