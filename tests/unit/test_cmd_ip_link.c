/* test_cmd_ip_link.c — `ip link`: show, add, set, delete, and every error,
 * against iproute2 6.1 on Linux.  The expected texts were copied from the
 * real tool (Debian 12's iproute2-6.1.0) run on the same commands in fresh
 * network namespaces with IPv6 off, every MAC set explicitly so that the
 * texts do not depend on random addresses.  Where wirelab departs from that
 * on purpose, or because the engine lacks something, the test says so and
 * shows what Linux prints. */
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
#include "dev/bridge.h"
#include "dev/link.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "cmd_fixture.h"

struct fx {
	struct world *w;
	struct node *n;                 /* plays the root namespace */
	char *out, *err;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->w = world_new(1);
	f->n = node_new(f->w, "h", NODE_HOST);
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

/* A namespace as `ip netns add NAME` makes it. */
static void netns(struct fx *f, const char *name)
{
	assert_non_null(node_netns_add(f->n, name));
}

static void expect(struct fx *f, const char *line, int status, const char *out, const char *err)
{
	int st = run(f, line);
	if (st != status || strcmp(f->out, out) != 0 || strcmp(f->err, err) != 0)
		print_message("command: %s\n", line);
	assert_string_equal(f->out, out);
	assert_string_equal(f->err, err);
	assert_int_equal(st, status);
}

static void test_link_veth(void **state)
{
	struct fx *f = *state;
	expect(f, "ip link", 0,
	       "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n",
	       "");
	expect(f, "ip link add veth0 type veth peer name veth1", 0,
	       "",
	       "");
	expect(f, "ip link set dev veth0 address 02:00:00:00:00:10", 0,
	       "",
	       "");
	expect(f, "ip link set dev veth1 address 02:00:00:00:00:11", 0,
	       "",
	       "");
	expect(f, "ip link", 0,
	       "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "2: veth1@veth0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff\n"
	       "3: veth0@veth1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip link set veth0 up", 0,
	       "",
	       "");
	expect(f, "ip link", 0,
	       "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "2: veth1@veth0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff\n"
	       "3: veth0@veth1: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip -br link", 0,
	       "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n"
	       "veth1@veth0      DOWN           02:00:00:00:00:11 <BROADCAST,MULTICAST> \n"
	       "veth0@veth1      LOWERLAYERDOWN 02:00:00:00:00:10 <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> \n",
	       "");
	expect(f, "ip link set veth1 up", 0,
	       "",
	       "");
	expect(f, "ip link set lo up", 0,
	       "",
	       "");
	expect(f, "ip link show veth0", 0,
	       "3: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip -br link", 0,
	       "lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \n"
	       "veth1@veth0      UP             02:00:00:00:00:11 <BROADCAST,MULTICAST,UP,LOWER_UP> \n"
	       "veth0@veth1      UP             02:00:00:00:00:10 <BROADCAST,MULTICAST,UP,LOWER_UP> \n",
	       "");
	expect(f, "ip -o link", 0,
	       "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "2: veth1@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff\n"
	       "3: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip link show dev veth1", 0,
	       "2: veth1@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip link show up", 0,
	       "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "2: veth1@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff\n"
	       "3: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip link set veth1 down", 0,
	       "",
	       "");
	expect(f, "ip -br link", 0,
	       "lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \n"
	       "veth1@veth0      DOWN           02:00:00:00:00:11 <BROADCAST,MULTICAST> \n"
	       "veth0@veth1      LOWERLAYERDOWN 02:00:00:00:00:10 <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> \n",
	       "");
	expect(f, "ip -br link show veth0", 0,
	       "veth0@veth1      LOWERLAYERDOWN 02:00:00:00:00:10 <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> \n",
	       "");
}

static void test_link_netns(void **state)
{
	struct fx *f = *state;
	netns(f, "red");
	netns(f, "blue");
	expect(f, "ip link add veth0 type veth peer name veth1", 0,
	       "",
	       "");
	expect(f, "ip link set dev veth0 address 02:00:00:00:00:10", 0,
	       "",
	       "");
	expect(f, "ip link set dev veth1 address 02:00:00:00:00:11", 0,
	       "",
	       "");
	expect(f, "ip link set veth1 netns red", 0,
	       "",
	       "");
	expect(f, "ip link", 0,
	       "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "3: veth0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff link-netns red\n",
	       "");
	expect(f, "ip -n red link", 0,
	       "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "2: veth1@if3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n",
	       "");
	expect(f, "ip -n red -br link", 0,
	       "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n"
	       "veth1@if3        DOWN           02:00:00:00:00:11 <BROADCAST,MULTICAST> \n",
	       "");
	expect(f, "ip -n red -o link", 0,
	       "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "2: veth1@if3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n",
	       "");
	expect(f, "ip link add v1 netns red type veth peer name v2 netns blue", 0,
	       "",
	       "");
	expect(f, "ip -n red link set dev v1 address 02:00:00:00:00:21", 0,
	       "",
	       "");
	expect(f, "ip -n blue link set dev v2 address 02:00:00:00:00:22", 0,
	       "",
	       "");
	expect(f, "ip -n red link show v1", 0,
	       "3: v1@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:21 brd ff:ff:ff:ff:ff:ff link-netns blue\n",
	       "");
	expect(f, "ip -n blue link show v2", 0,
	       "2: v2@if3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:22 brd ff:ff:ff:ff:ff:ff link-netns red\n",
	       "");
	expect(f, "ip link add v2 type veth peer name v3", 0,
	       "",
	       "");
	expect(f, "ip link set dev v2 address 02:00:00:00:00:32", 0,
	       "",
	       "");
	expect(f, "ip link set dev v3 address 02:00:00:00:00:33", 0,
	       "",
	       "");
	/* Linux 6.1 has no extack here (newer kernels say "Error: An
	 * interface with the same name exists in the target netns."). */
	expect(f, "ip link set v2 netns blue", 2,
	       "",
	       "RTNETLINK answers: File exists\n");
	expect(f, "ip link set v2 netns blue name v4", 0,
	       "",
	       "");
	expect(f, "ip -n blue -br link", 0,
	       "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n"
	       "v2@if3           DOWN           02:00:00:00:00:22 <BROADCAST,MULTICAST> \n"
	       "v4@if4           DOWN           02:00:00:00:00:32 <BROADCAST,MULTICAST> \n",
	       "");
	expect(f, "ip -br link", 0,
	       "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n"
	       "veth0@if2        DOWN           02:00:00:00:00:10 <BROADCAST,MULTICAST> \n"
	       "v3@if5           DOWN           02:00:00:00:00:33 <BROADCAST,MULTICAST> \n",
	       "");
	expect(f, "ip link set v3 netns nosuch", 255,
	       "",
	       "Error: argument \"nosuch\" is wrong: Invalid \"netns\" value\n"
	       "\n");
	expect(f, "ip link set v3 netns red netns blue", 255,
	       "",
	       "Error: duplicate \"netns\": \"blue\" is the second value.\n");
	expect(f, "ip -n blue link set v2 up", 0,
	       "",
	       "");
	expect(f, "ip -n red link set v1 up", 0,
	       "",
	       "");
	expect(f, "ip -n red -br link", 0,
	       "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n"
	       "veth1@if3        DOWN           02:00:00:00:00:11 <BROADCAST,MULTICAST> \n"
	       "v1@if2           UP             02:00:00:00:00:21 <BROADCAST,MULTICAST,UP,LOWER_UP> \n",
	       "");
	expect(f, "ip -n blue link del v2", 0,
	       "",
	       "");
	expect(f, "ip -n red -br link", 0,
	       "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n"
	       "veth1@if3        DOWN           02:00:00:00:00:11 <BROADCAST,MULTICAST> \n",
	       "");
	expect(f, "ip -n blue -br link", 0,
	       "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n"
	       "v4@if4           DOWN           02:00:00:00:00:32 <BROADCAST,MULTICAST> \n",
	       "");
}

static void test_link_bridge(void **state)
{
	struct fx *f = *state;
	expect(f, "ip link add br0 type bridge", 0,
	       "",
	       "");
	expect(f, "ip link set dev br0 address 02:00:00:00:0b:00", 0,
	       "",
	       "");
	expect(f, "ip link show br0", 0,
	       "2: br0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip link set br0 up", 0,
	       "",
	       "");
	expect(f, "ip link show br0", 0,
	       "2: br0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip link add veth0 type veth peer name veth1", 0,
	       "",
	       "");
	expect(f, "ip link set dev veth0 address 02:00:00:00:00:10", 0,
	       "",
	       "");
	expect(f, "ip link set dev veth1 address 02:00:00:00:00:11", 0,
	       "",
	       "");
	expect(f, "ip link set veth0 master br0", 0,
	       "",
	       "");
	expect(f, "ip link show master br0", 0,
	       "4: veth0@veth1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop master br0 state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip link set veth0 up", 0,
	       "",
	       "");
	expect(f, "ip -br link", 0,
	       "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n"
	       "br0              DOWN           02:00:00:00:0b:00 <NO-CARRIER,BROADCAST,MULTICAST,UP> \n"
	       "veth1@veth0      DOWN           02:00:00:00:00:11 <BROADCAST,MULTICAST> \n"
	       "veth0@veth1      LOWERLAYERDOWN 02:00:00:00:00:10 <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> \n",
	       "");
	expect(f, "ip link set veth1 up", 0,
	       "",
	       "");
	expect(f, "ip link", 0,
	       "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n"
	       "3: veth1@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff\n"
	       "4: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip link show type bridge", 0,
	       "2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip link show type veth", 0,
	       "3: veth1@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff\n"
	       "4: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip link show type bridge_slave", 0,
	       "4: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip -br link show nomaster", 0,
	       "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n"
	       "br0              UP             02:00:00:00:0b:00 <BROADCAST,MULTICAST,UP,LOWER_UP> \n"
	       "veth1@veth0      UP             02:00:00:00:00:11 <BROADCAST,MULTICAST,UP,LOWER_UP> \n",
	       "");
	expect(f, "ip link add br2 type bridge", 0,
	       "",
	       "");
	expect(f, "ip link set dev br2 address 02:00:00:00:0b:02", 0,
	       "",
	       "");
	expect(f, "ip link set veth0 master br2", 0,
	       "",
	       "");
	expect(f, "ip link show master br0", 0,
	       "",
	       "");
	expect(f, "ip -br link show master br2", 0,
	       "veth0@veth1      UP             02:00:00:00:00:10 <BROADCAST,MULTICAST,UP,LOWER_UP> \n",
	       "");
	expect(f, "ip link set veth0 nomaster", 0,
	       "",
	       "");
	expect(f, "ip -br link show veth0", 0,
	       "veth0@veth1      UP             02:00:00:00:00:10 <BROADCAST,MULTICAST,UP,LOWER_UP> \n",
	       "");
	expect(f, "ip link set veth0 master veth1", 2,
	       "",
	       "RTNETLINK answers: Operation not supported\n");
	expect(f, "ip link set br0 master br2", 2,
	       "",
	       "Error: Can not enslave a bridge to a bridge.\n");
	expect(f, "ip link set br0 master br0", 2,
	       "",
	       "Error: Can not enslave a bridge to a bridge.\n");
	expect(f, "ip link set lo master br2", 2,
	       "",
	       "RTNETLINK answers: Invalid argument\n");
	expect(f, "ip link set veth0 master nosuch", 255,
	       "",
	       "Error: argument \"nosuch\" is wrong: Device does not exist\n"
	       "\n");
	expect(f, "ip link add br3 type bridge ageing_time 1000 stp_state 0", 0,
	       "",
	       "");
	expect(f, "ip link set dev br3 address 02:00:00:00:0b:03", 0,
	       "",
	       "");
	expect(f, "ip -br link show br3", 0,
	       "br3              DOWN           02:00:00:00:0b:03 <BROADCAST,MULTICAST> \n",
	       "");
	expect(f, "ip link add br4 type bridge ageing_time x", 255,
	       "",
	       "Error: argument \"x\" is wrong: invalid ageing_time\n");
	expect(f, "ip link add br4 type bridge ageing_time -5", 255,
	       "",
	       "Error: argument \"-5\" is wrong: invalid ageing_time\n");
	expect(f, "ip link add br4 type bridge stp_state x", 255,
	       "",
	       "Error: argument \"x\" is wrong: invalid stp_state\n");
	expect(f, "ip link add br4 type bridge foo", 1,
	       "",
	       "bridge: unknown command \"foo\"?\n"
	       "Usage: ... bridge [ fdb_flush ]\n"
	       "\t\t  [ forward_delay FORWARD_DELAY ]\n"
	       "\t\t  [ hello_time HELLO_TIME ]\n"
	       "\t\t  [ max_age MAX_AGE ]\n"
	       "\t\t  [ ageing_time AGEING_TIME ]\n"
	       "\t\t  [ stp_state STP_STATE ]\n"
	       "\t\t  [ priority PRIORITY ]\n"
	       "\t\t  [ group_fwd_mask MASK ]\n"
	       "\t\t  [ group_address ADDRESS ]\n"
	       "\t\t  [ no_linklocal_learn NO_LINKLOCAL_LEARN ]\n"
	       "\t\t  [ vlan_filtering VLAN_FILTERING ]\n"
	       "\t\t  [ vlan_protocol VLAN_PROTOCOL ]\n"
	       "\t\t  [ vlan_default_pvid VLAN_DEFAULT_PVID ]\n"
	       "\t\t  [ vlan_stats_enabled VLAN_STATS_ENABLED ]\n"
	       "\t\t  [ vlan_stats_per_port VLAN_STATS_PER_PORT ]\n"
	       "\t\t  [ mcast_snooping MULTICAST_SNOOPING ]\n"
	       "\t\t  [ mcast_vlan_snooping MULTICAST_VLAN_SNOOPING ]\n"
	       "\t\t  [ mcast_router MULTICAST_ROUTER ]\n"
	       "\t\t  [ mcast_query_use_ifaddr MCAST_QUERY_USE_IFADDR ]\n"
	       "\t\t  [ mcast_querier MULTICAST_QUERIER ]\n"
	       "\t\t  [ mcast_hash_elasticity HASH_ELASTICITY ]\n"
	       "\t\t  [ mcast_hash_max HASH_MAX ]\n"
	       "\t\t  [ mcast_last_member_count LAST_MEMBER_COUNT ]\n"
	       "\t\t  [ mcast_startup_query_count STARTUP_QUERY_COUNT ]\n"
	       "\t\t  [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]\n"
	       "\t\t  [ mcast_membership_interval MEMBERSHIP_INTERVAL ]\n"
	       "\t\t  [ mcast_querier_interval QUERIER_INTERVAL ]\n"
	       "\t\t  [ mcast_query_interval QUERY_INTERVAL ]\n"
	       "\t\t  [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]\n"
	       "\t\t  [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]\n"
	       "\t\t  [ mcast_stats_enabled MCAST_STATS_ENABLED ]\n"
	       "\t\t  [ mcast_igmp_version IGMP_VERSION ]\n"
	       "\t\t  [ mcast_mld_version MLD_VERSION ]\n"
	       "\t\t  [ nf_call_iptables NF_CALL_IPTABLES ]\n"
	       "\t\t  [ nf_call_ip6tables NF_CALL_IP6TABLES ]\n"
	       "\t\t  [ nf_call_arptables NF_CALL_ARPTABLES ]\n"
	       "\n"
	       "Where: VLAN_PROTOCOL := { 802.1Q | 802.1ad }\n");
	expect(f, "ip link set veth0 master br2", 0,
	       "",
	       "");
	expect(f, "ip link del br2", 0,
	       "",
	       "");
	expect(f, "ip -br link", 0,
	       "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n"
	       "br0              DOWN           02:00:00:00:0b:00 <NO-CARRIER,BROADCAST,MULTICAST,UP> \n"
	       "veth1@veth0      UP             02:00:00:00:00:11 <BROADCAST,MULTICAST,UP,LOWER_UP> \n"
	       "veth0@veth1      UP             02:00:00:00:00:10 <BROADCAST,MULTICAST,UP,LOWER_UP> \n"
	       "br3              DOWN           02:00:00:00:0b:03 <BROADCAST,MULTICAST> \n",
	       "");
	expect(f, "ip link show master br2", 255,
	       "",
	       "Error: argument \"br2\" is wrong: Device does not exist\n"
	       "\n");
}

static void test_link_set(void **state)
{
	struct fx *f = *state;
	expect(f, "ip link add veth0 type veth peer name veth1", 0,
	       "",
	       "");
	expect(f, "ip link set dev veth0 address 02:00:00:00:00:10 mtu 1400", 0,
	       "",
	       "");
	expect(f, "ip link set dev veth1 address 02:00:00:00:00:11", 0,
	       "",
	       "");
	expect(f, "ip link set veth1 name eth0", 0,
	       "",
	       "");
	expect(f, "ip link set dev eth0 mtu 9000 up", 0,
	       "",
	       "");
	expect(f, "ip link set veth0 up down up", 0,
	       "",
	       "");
	expect(f, "ip link", 0,
	       "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "2: eth0@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9000 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff\n"
	       "3: veth0@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip link set veth0 mtu 0x5dc", 0,
	       "",
	       "");
	expect(f, "ip link show veth0", 0,
	       "3: veth0@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip link set veth0 address 0x12:0:0:0:0:1", 0,
	       "",
	       "");
	expect(f, "ip -br link show veth0", 0,
	       "veth0@eth0       UP             12:00:00:00:00:01 <BROADCAST,MULTICAST,UP,LOWER_UP> \n",
	       "");
	expect(f, "ip link set dev if2 address 02:00:00:00:00:11", 0,
	       "",
	       "");
	expect(f, "ip link show if2", 1,
	       "",
	       "RTNETLINK answers: No such device\n"
	       "Cannot send link get request: No such device\n");
	expect(f, "ip link show dev eth0", 0,
	       "2: eth0@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9000 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip link set veth0 mtu 40", 2,
	       "",
	       "Error: mtu less than device minimum.\n");
	expect(f, "ip link set veth0 mtu 70000", 2,
	       "",
	       "Error: mtu greater than device maximum.\n");
	expect(f, "ip link set veth0 mtu -1", 2,
	       "",
	       "Error: mtu less than device minimum.\n");
	expect(f, "ip link set veth0 mtu x", 255,
	       "",
	       "Error: argument \"x\" is wrong: Invalid \"mtu\" value\n"
	       "\n");
	expect(f, "ip link set veth0 mtu 1500x", 255,
	       "",
	       "Error: argument \"1500x\" is wrong: Invalid \"mtu\" value\n"
	       "\n");
	expect(f, "ip link set veth0 mtu 1400 mtu 1300", 255,
	       "",
	       "Error: duplicate \"mtu\": \"1300\" is the second value.\n");
	expect(f, "ip link set veth0 address zz", 1,
	       "",
	       "\"zz\" is invalid lladdr.\n");
	expect(f, "ip link set veth0 address 01:00:00:00:00:01", 2,
	       "",
	       "RTNETLINK answers: Cannot assign requested address\n");
	expect(f, "ip link set veth0 address 00:00:00:00:00:00", 2,
	       "",
	       "RTNETLINK answers: Cannot assign requested address\n");
	expect(f, "ip link set veth0 address aa:bb", 1,
	       "",
	       "Invalid address length 2 - must be 6 bytes\n");
	expect(f, "ip link set veth0 address aa:zz:cc:dd:ee:ff", 1,
	       "",
	       "\"zz\" is invalid lladdr.\n");
	expect(f, "ip link set veth0 address 1fg:2:3:4:5:6", 2,
	       "",
	       "RTNETLINK answers: Cannot assign requested address\n");
	expect(f, "ip link set veth0 address 1.2.3.4", 1,
	       "",
	       "Invalid address length 4 - must be 6 bytes\n");
	expect(f, "ip link set veth0 address 300:0:0:0:0:1", 1,
	       "",
	       "\"300\" is invalid lladdr.\n");
	expect(f, "ip link set veth0 address 2:0:0:0:0:1:7", 1,
	       "",
	       "Invalid address length 7 - must be 6 bytes\n");
	/* Linux 6.1 refuses to rename a device that is up before it looks at
	 * the name (dev_change_name(): -EBUSY); kernels from 6.10 on rename
	 * live devices and answer "RTNETLINK answers: File exists" here. */
	expect(f, "ip link set veth0 name eth0", 2,
	       "",
	       "RTNETLINK answers: Device or resource busy\n");
	expect(f, "ip link set veth0 name a/b", 255,
	       "",
	       "Error: argument \"a/b\" is wrong: \"name\" not a valid ifname\n");
	expect(f, "ip link set veth0 name abcdefghijklmnop", 255,
	       "",
	       "Error: argument \"abcdefghijklmnop\" is wrong: \"name\" not a valid ifname\n");
	expect(f, "ip link set veth0 name veth0 name veth2", 255,
	       "",
	       "Error: duplicate \"name\": \"veth2\" is the second value.\n");
	expect(f, "ip link set veth0 netns nosuch", 255,
	       "",
	       "Error: argument \"nosuch\" is wrong: Invalid \"netns\" value\n"
	       "\n");
	expect(f, "ip link set veth0 foo", 255,
	       "",
	       "Error: either \"dev\" is duplicate, or \"foo\" is a garbage.\n");
	expect(f, "ip link set veth0 up eth0", 255,
	       "",
	       "Error: either \"dev\" is duplicate, or \"eth0\" is a garbage.\n");
	expect(f, "ip link set dev", 255,
	       "",
	       "Command line is not complete. Try option \"help\"\n");
	expect(f, "ip link set", 255,
	       "",
	       "Not enough information: \"dev\" argument is required.\n");
	expect(f, "ip link set veth9 up", 1,
	       "",
	       "Cannot find device \"veth9\"\n");
	expect(f, "ip link set dev veth9 up", 1,
	       "",
	       "Cannot find device \"veth9\"\n");
	expect(f, "ip link set veth0 mtu", 255,
	       "",
	       "Command line is not complete. Try option \"help\"\n");
	expect(f, "ip link set veth0 address", 255,
	       "",
	       "Command line is not complete. Try option \"help\"\n");
	expect(f, "ip link set veth0 name", 255,
	       "",
	       "Command line is not complete. Try option \"help\"\n");
	expect(f, "ip link set veth0 master", 255,
	       "",
	       "Command line is not complete. Try option \"help\"\n");
	expect(f, "ip link set veth0 netns", 255,
	       "",
	       "Command line is not complete. Try option \"help\"\n");
	expect(f, "ip link set a/b up", 255,
	       "",
	       "Error: argument \"a/b\" is wrong: \"dev\" not a valid ifname\n");
	expect(f, "ip link set veth0 help", 255,
	       "",
	       "Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME\n"
	       "\t\t    [ txqueuelen PACKETS ]\n"
	       "\t\t    [ address LLADDR ]\n"
	       "\t\t    [ broadcast LLADDR ]\n"
	       "\t\t    [ mtu MTU ] [index IDX ]\n"
	       "\t\t    [ numtxqueues QUEUE_COUNT ]\n"
	       "\t\t    [ numrxqueues QUEUE_COUNT ]\n"
	       "\t\t    [ netns { PID | NAME } ]\n"
	       "\t\t    type TYPE [ ARGS ]\n"
	       "\n"
	       "\tip link delete { DEVICE | dev DEVICE | group DEVGROUP } type TYPE [ ARGS ]\n"
	       "\n"
	       "\tip link set { DEVICE | dev DEVICE | group DEVGROUP }\n"
	       "\t\t\t[ { up | down } ]\n"
	       "\t\t\t[ type TYPE ARGS ]\n"
	       "\t\t[ arp { on | off } ]\n"
	       "\t\t[ dynamic { on | off } ]\n"
	       "\t\t[ multicast { on | off } ]\n"
	       "\t\t[ allmulticast { on | off } ]\n"
	       "\t\t[ promisc { on | off } ]\n"
	       "\t\t[ trailers { on | off } ]\n"
	       "\t\t[ carrier { on | off } ]\n"
	       "\t\t[ txqueuelen PACKETS ]\n"
	       "\t\t[ name NEWNAME ]\n"
	       "\t\t[ address LLADDR ]\n"
	       "\t\t[ broadcast LLADDR ]\n"
	       "\t\t[ mtu MTU ]\n"
	       "\t\t[ netns { PID | NAME } ]\n"
	       "\t\t[ link-netns NAME | link-netnsid ID ]\n"
	       "\t\t[ alias NAME ]\n"
	       "\t\t[ vf NUM [ mac LLADDR ]\n"
	       "\t\t\t [ vlan VLANID [ qos VLAN-QOS ] [ proto VLAN-PROTO ] ]\n"
	       "\t\t\t [ rate TXRATE ]\n"
	       "\t\t\t [ max_tx_rate TXRATE ]\n"
	       "\t\t\t [ min_tx_rate TXRATE ]\n"
	       "\t\t\t [ spoofchk { on | off} ]\n"
	       "\t\t\t [ query_rss { on | off} ]\n"
	       "\t\t\t [ state { auto | enable | disable} ]\n"
	       "\t\t\t [ trust { on | off} ]\n"
	       "\t\t\t [ node_guid EUI64 ]\n"
	       "\t\t\t [ port_guid EUI64 ] ]\n"
	       "\t\t[ { xdp | xdpgeneric | xdpdrv | xdpoffload } { off |\n"
	       "\t\t\t  object FILE [ { section | program } NAME ] [ verbose ] |\n"
	       "\t\t\t  pinned FILE } ]\n"
	       "\t\t[ master DEVICE ][ vrf NAME ]\n"
	       "\t\t[ nomaster ]\n"
	       "\t\t[ addrgenmode { eui64 | none | stable_secret | random } ]\n"
	       "\t\t[ protodown { on | off } ]\n"
	       "\t\t[ protodown_reason PREASON { on | off } ]\n"
	       "\t\t[ gso_max_size BYTES ] | [ gso_max_segs PACKETS ]\n"
	       "\t\t[ gro_max_size BYTES ]\n"
	       "\n"
	       "\tip link show [ DEVICE | group GROUP ] [up] [master DEV] [vrf NAME] [type TYPE]\n"
	       "\t\t[nomaster]\n"
	       "\n"
	       "\tip link xstats type TYPE [ ARGS ]\n"
	       "\n"
	       "\tip link afstats [ dev DEVICE ]\n"
	       "\tip link property add dev DEVICE [ altname NAME .. ]\n"
	       "\tip link property del dev DEVICE [ altname NAME .. ]\n"
	       "\n"
	       "\tip link help [ TYPE ]\n"
	       "\n"
	       "TYPE := { amt | bareudp | bond | bond_slave | bridge | bridge_slave |\n"
	       "          dsa | dummy | erspan | geneve | gre | gretap | gtp | ifb |\n"
	       "          ip6erspan | ip6gre | ip6gretap | ip6tnl |\n"
	       "          ipip | ipoib | ipvlan | ipvtap |\n"
	       "          macsec | macvlan | macvtap |\n"
	       "          netdevsim | nlmon | rmnet | sit | team | team_slave |\n"
	       "          vcan | veth | vlan | vrf | vti | vxcan | vxlan | wwan |\n"
	       "          xfrm | virt_wifi }\n");
}

static void test_link_add_del(void **state)
{
	struct fx *f = *state;
	expect(f, "ip link add", 1,
	       "",
	       "Not enough information: \"type\" argument is required\n");
	expect(f, "ip link add v1", 1,
	       "",
	       "Not enough information: \"type\" argument is required\n");
	expect(f, "ip link add v1 type", 255,
	       "",
	       "Command line is not complete. Try option \"help\"\n");
	expect(f, "ip link add v1 type foo", 2,
	       "",
	       "Error: Unknown device type.\n");
	expect(f, "ip link add v1 type veth peer name", 255,
	       "",
	       "Command line is not complete. Try option \"help\"\n");
	expect(f, "ip link add v1 type veth foo", 1,
	       "Usage: ip link <options> type veth [peer <options>]\n"
	       "To get <options> type 'ip link add help'\n",
	       "");
	expect(f, "ip link add v1 type veth peer name v2 foo", 255,
	       "",
	       "both \"name\" and \"dev\" cannot be used when creating devices.\n");
	expect(f, "ip link add v1 type veth peer v2 name v3", 255,
	       "",
	       "both \"name\" and \"dev\" cannot be used when creating devices.\n");
	expect(f, "ip link add v1 type veth peer name v2 type veth", 255,
	       "",
	       "Error: duplicate \"type\": \"veth\" is the second value.\n");
	expect(f, "ip link add v1 type veth peer name v2 up", 2,
	       "",
	       "RTNETLINK answers: Transport endpoint is not connected\n");
	expect(f, "ip link add abcdefghijklmnopq type bridge", 2,
	       "",
	       "Error: Attribute failed policy validation.\n");
	expect(f, "ip link add a/b type bridge", 255,
	       "",
	       "Error: argument \"a/b\" is wrong: \"dev\" not a valid ifname\n");
	expect(f, "ip link add name a/b type bridge", 255,
	       "",
	       "Error: argument \"a/b\" is wrong: \"name\" not a valid ifname\n");
	expect(f, "ip link add v1 type veth peer name abcdefghijklmnopq", 255,
	       "",
	       "Error: argument \"abcdefghijklmnopq\" is wrong: \"name\" not a valid ifname\n");
	expect(f, "ip link add v1 type veth peer abcdefghijklmnopq", 2,
	       "",
	       "Error: Attribute failed policy validation.\n");
	expect(f, "ip link add q1 address aa:bb type bridge", 2,
	       "",
	       "RTNETLINK answers: Invalid argument\n");
	expect(f, "ip link add q1 address 01:00:00:00:00:01 type bridge", 2,
	       "",
	       "RTNETLINK answers: Cannot assign requested address\n");
	expect(f, "ip link add q1 mtu 40 type bridge", 2,
	       "",
	       "Error: mtu less than device minimum.\n");
	expect(f, "ip link add v1 type veth peer name v1", 2,
	       "",
	       "RTNETLINK answers: File exists\n");
	expect(f, "ip link add v1 type veth peer v2", 0,
	       "",
	       "");
	expect(f, "ip link set dev v1 address 02:00:00:00:00:01", 0,
	       "",
	       "");
	expect(f, "ip link set dev v2 address 02:00:00:00:00:02", 0,
	       "",
	       "");
	expect(f, "ip link add v1 type veth peer name v3", 2,
	       "",
	       "RTNETLINK answers: File exists\n");
	expect(f, "ip link add v3 type veth peer name v2", 2,
	       "",
	       "RTNETLINK answers: File exists\n");
	expect(f, "ip link add p3 address 02:00:00:00:00:03 mtu 1400 type veth peer name p4 address 02:00:00:00:00:04 mtu 1300", 0,
	       "",
	       "");
	expect(f, "ip link add name br0 type bridge", 0,
	       "",
	       "");
	expect(f, "ip link set dev br0 address 02:00:00:00:0b:00", 0,
	       "",
	       "");
	expect(f, "ip link add dev br1 mtu 1400 type bridge", 0,
	       "",
	       "");
	expect(f, "ip link set dev br1 address 02:00:00:00:0b:01", 0,
	       "",
	       "");
	expect(f, "ip link add x9 up type veth peer name y9", 0,
	       "",
	       "");
	expect(f, "ip link set dev x9 address 02:00:00:00:00:09", 0,
	       "",
	       "");
	expect(f, "ip link set dev y9 address 02:00:00:00:00:19", 0,
	       "",
	       "");
	expect(f, "ip link add br0 type bridge", 2,
	       "",
	       "RTNETLINK answers: File exists\n");
	expect(f, "ip link", 0,
	       "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "4: v2@v1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff\n"
	       "5: v1@v2: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n"
	       "6: p4@p3: <BROADCAST,MULTICAST,M-DOWN> mtu 1300 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:04 brd ff:ff:ff:ff:ff:ff\n"
	       "7: p3@p4: <BROADCAST,MULTICAST,M-DOWN> mtu 1400 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:03 brd ff:ff:ff:ff:ff:ff\n"
	       "8: br0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n"
	       "9: br1: <BROADCAST,MULTICAST> mtu 1400 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff\n"
	       "10: y9@x9: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:19 brd ff:ff:ff:ff:ff:ff\n"
	       "11: x9@y9: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:09 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip link del v1", 0,
	       "",
	       "");
	expect(f, "ip link del v2", 1,
	       "",
	       "Cannot find device \"v2\"\n");
	expect(f, "ip link delete dev p4", 0,
	       "",
	       "");
	expect(f, "ip link del br1 type veth", 0,
	       "",
	       "");
	expect(f, "ip link del", 255,
	       "",
	       "Not enough information: \"dev\" argument is required.\n");
	expect(f, "ip link del x9 foo", 255,
	       "",
	       "Error: either \"dev\" is duplicate, or \"foo\" is a garbage.\n");
	expect(f, "ip link del lo", 2,
	       "",
	       "RTNETLINK answers: Operation not supported\n");
	expect(f, "ip link del x9 type bridge", 0,
	       "",
	       "");
	expect(f, "ip link", 0,
	       "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "8: br0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip link foo", 255,
	       "",
	       "Command \"foo\" is unknown, try \"ip link help\".\n");
	expect(f, "ip link help veth", 0,
	       "Usage: ip link <options> type veth [peer <options>]\n"
	       "To get <options> type 'ip link add help'\n",
	       "");
	/* Real: "xstats: missing argument" (exit 1); wirelab has no xstats. */
	expect(f, "ip link xstats", 255,
	       "",
	       "wirelab: ip link xstats is not modelled (wirelab has: add, set, delete, show)\n");
}

/* A bridge that never had a port and whose MAC was never set keeps the
 * carrier it was registered with: UP,LOWER_UP and operstate UNKNOWN (the
 * text around the MAC is the real tool's; the MAC is wirelab's own, since
 * Linux's is random).  Setting its MAC runs the port state selection,
 * which finds no port forwarding: NO-CARRIER, DOWN (see link_bridge). */
static void test_bridge_never_switched(void **state)
{
	struct fx *f = *state;
	expect(f, "ip link add br9 type bridge", 0, "", "");
	expect(f, "ip link set br9 up", 0, "", "");
	struct netdev *br = node_dev(f->n, "br9");
	assert_non_null(br);
	char want[512];
	snprintf(want, sizeof want,
		 "2: br9: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN "
		 "mode DEFAULT group default qlen 1000\n"
		 "    link/ether %02x:%02x:%02x:%02x:%02x:%02x brd ff:ff:ff:ff:ff:ff\n",
		 br->mac[0], br->mac[1], br->mac[2], br->mac[3], br->mac[4], br->mac[5]);
	expect(f, "ip link show br9", 0, want, "");
	expect(f, "ip link set dev br9 address 02:00:00:00:0b:09", 0, "", "");
	expect(f, "ip -br link show br9", 0,
	       "br9              DOWN           02:00:00:00:0b:09 <NO-CARRIER,BROADCAST,MULTICAST,UP> \n",
	       "");
}

/* ageing_time is in centiseconds (the kernel's clock_t): 1000 is 10 s. */
static void test_bridge_ageing_time(void **state)
{
	struct fx *f = *state;
	expect(f, "ip link add br3 type bridge ageing_time 1000 stp_state 0", 0, "", "");
	struct netdev *br = node_dev(f->n, "br3");
	assert_non_null(br);
	assert_true(br->br->ageing_ns == 10LL * 1000000000);
	expect(f, "ip link set br3 type bridge ageing_time 0x10", 0, "", "");
	assert_true(br->br->ageing_ns == 160LL * 1000000);
	expect(f, "ip link set br3 type bridge ageing_time 30000", 0, "", "");
	assert_true(br->br->ageing_ns == 300LL * 1000000000);
	/* Real: accepted (STP on).  wirelab runs bridges without STP. */
	expect(f, "ip link add br4 type bridge stp_state 1", 2, "",
	       "wirelab: STP is not modelled: a bridge here runs with stp_state 0, as Linux does "
	       "by default\n");
	assert_null(node_dev(f->n, "br4"));
	expect(f, "ip link add br4 type bridge forward_delay 400", 2, "",
	       "wirelab: bridge option forward_delay is not modelled (wirelab has: ageing_time "
	       "CENTISECONDS, stp_state 0)\n");
	/* type options must be the device's own kind */
	expect(f, "ip link add v1 type veth peer name v2", 0, "", "");
	expect(f, "ip link set v1 type bridge ageing_time 5", 2, "",
	       "RTNETLINK answers: Operation not supported\n");
	expect(f, "ip link set br3 type veth", 0, "", "");
	expect(f, "ip link set v1 type veth peer name x", 2, "",
	       "RTNETLINK answers: Operation not supported\n");
}

/* lo cannot leave its namespace.  Linux 6.1 says EINVAL without extack
 * (newer kernels: "Error: The interface netns is immutable."). */
static void test_lo_stays(void **state)
{
	struct fx *f = *state;
	netns(f, "red");
	expect(f, "ip link set lo netns red", 2, "", "RTNETLINK answers: Invalid argument\n");
	expect(f, "ip link del lo", 2, "", "RTNETLINK answers: Operation not supported\n");
	assert_non_null(node_dev(f->n, "lo"));
	/* Nor can a bridge (NETIF_F_NETNS_LOCAL); a port can, and arrives
	 * released from its bridge. */
	run(f, "ip link add br0 type bridge");
	run(f, "ip link add veth0 type veth peer name veth1");
	run(f, "ip link set dev veth0 address 02:00:00:00:00:10");
	run(f, "ip link set veth0 master br0");
	expect(f, "ip link set br0 netns red", 2, "", "RTNETLINK answers: Invalid argument\n");
	expect(f, "ip link set veth0 netns red", 0, "", "");
	expect(f, "ip -n red link", 0,
	       "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "4: veth0@if3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n",
	       "");
}

/* From a namespace, a peer in the root namespace (which has no name in
 * /var/run/netns) is shown by its netns id: the first one a namespace
 * meets is 0 (a container looking at its host's end). */
static void test_peer_in_root_namespace(void **state)
{
	struct fx *f = *state;
	netns(f, "red");
	expect(f, "ip link add veth0 type veth peer name eth0 netns red", 0, "", "");
	expect(f, "ip link set dev veth0 address 02:00:00:00:00:10", 0, "", "");
	expect(f, "ip -n red link set dev eth0 address 02:00:00:00:00:11", 0, "", "");
	expect(f, "ip -n red link show eth0", 0,
	       "2: eth0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n",
	       "");
	expect(f, "ip link show veth0", 0,
	       "2: veth0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff link-netns red\n",
	       "");
}

/* A veth without carrier is LOWERLAYERDOWN because it has a lower device
 * (its iflink, the peer's ifindex, differs from its own ifindex); when the
 * two numbers happen to be equal (ends in two namespaces), Linux 6.1's
 * default_operstate() takes it for a device of its own and says DOWN. */
static void test_veth_operstate(void **state)
{
	struct fx *f = *state;
	netns(f, "red");
	expect(f, "ip link add x1 type veth peer name y1 netns red", 0, "", "");
	expect(f, "ip link set dev x1 address 02:00:00:00:00:0a", 0, "", "");
	expect(f, "ip link set x1 up", 0, "", "");
	expect(f, "ip -br link show x1", 0,
	       "x1@if2           DOWN           02:00:00:00:00:0a <NO-CARRIER,BROADCAST,MULTICAST,UP> \n",
	       "");
	expect(f, "ip link add x2 type veth peer name y2 netns red", 0, "", "");
	expect(f, "ip link set dev x2 address 02:00:00:00:00:0c", 0, "", "");
	expect(f, "ip link set x2 up", 0, "", "");
	expect(f, "ip -br link show x2", 0,
	       "x2@if3           DOWN           02:00:00:00:00:0c <NO-CARRIER,BROADCAST,MULTICAST,UP> \n",
	       "");
	expect(f, "ip link add x3 type veth peer name y3", 0, "", "");
	expect(f, "ip link set dev x3 address 02:00:00:00:00:0e", 0, "", "");
	expect(f, "ip link set x3 up", 0, "", "");
	expect(f, "ip -br link show x3", 0,
	       "x3@y3            LOWERLAYERDOWN 02:00:00:00:00:0e <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> \n",
	       "");
	expect(f, "ip -n red link set y1 up", 0, "", "");
	expect(f, "ip -br link show x1", 0,
	       "x1@if2           UP             02:00:00:00:00:0a <BROADCAST,MULTICAST,UP,LOWER_UP> \n",
	       "");
}

/* Counters as `ip -s link` prints them (print_link_stats64() of 6.1): the
 * texts are the real tool's after three pings over a veth pair (one ARP
 * exchange and three echoes each way: 4 frames, 336 bytes). */
static void test_stats(void **state)
{
	struct fx *f = *state;
	netns(f, "red");
	expect(f, "ip link add veth0 type veth peer name veth1", 0, "", "");
	expect(f, "ip link set dev veth0 address 02:00:00:00:00:10", 0, "", "");
	expect(f, "ip link set dev veth1 address 02:00:00:00:00:11", 0, "", "");
	expect(f, "ip link set veth1 netns red", 0, "", "");
	expect(f, "ip addr add 10.0.0.1/24 dev veth0", 0, "", "");
	expect(f, "ip link set veth0 up", 0, "", "");
	expect(f, "ip -n red link set veth1 up", 0, "", "");
	struct netdev *d = node_dev(f->n, "veth0");
	d->stats.rx_bytes = d->stats.tx_bytes = 336;
	d->stats.rx_packets = d->stats.tx_packets = 4;
	expect(f, "ip -s link show veth0", 0,
	       "3: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff link-netns red\n"
	       "    RX:  bytes packets errors dropped  missed   mcast           \n"
	       "           336       4      0       0       0       0 \n"
	       "    TX:  bytes packets errors dropped carrier collsns           \n"
	       "           336       4      0       0       0       0 \n",
	       "");
	/* The last number, carrier transitions, is 2 on Linux here (off at
	 * creation, on when both ends came up); the engine does not count
	 * them, so wirelab prints 0. */
	expect(f, "ip -s -s link show veth0", 0,
	       "3: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff link-netns red\n"
	       "    RX:  bytes packets errors dropped  missed   mcast           \n"
	       "           336       4      0       0       0       0 \n"
	       "    RX errors:  length    crc   frame    fifo overrun\n"
	       "                     0      0       0       0       0 \n"
	       "    TX:  bytes packets errors dropped carrier collsns           \n"
	       "           336       4      0       0       0       0 \n"
	       "    TX errors: aborted   fifo  window heartbt transns\n"
	       "                     0      0       0       0       0 \n",
	       "");
	expect(f, "ip -o -s link show veth0", 0,
	       "3: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff link-netns red\\    RX:  bytes packets errors dropped  missed   mcast           \\           336       4      0       0       0       0 \\    TX:  bytes packets errors dropped carrier collsns           \\           336       4      0       0       0       0 \n",
	       "");
	expect(f, "ip -s addr show veth0", 0,
	       "3: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff link-netns red\n"
	       "    inet 10.0.0.1/24 scope global veth0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    RX:  bytes packets errors dropped  missed   mcast           \n"
	       "           336       4      0       0       0       0 \n"
	       "    TX:  bytes packets errors dropped carrier collsns           \n"
	       "           336       4      0       0       0       0 \n",
	       "");
	expect(f, "ip -n red -s -br link", 0,
	       "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n"
	       "veth1@if3        UP             02:00:00:00:00:11 <BROADCAST,MULTICAST,UP,LOWER_UP> \n",
	       "");
	/* Wider numbers widen their column and its header (size_columns()). */
	d->stats.rx_bytes = 123456789012ULL;
	d->stats.tx_packets = 98765432;
	expect(f, "ip -s link show veth0", 0,
	       "3: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff link-netns red\n"
	       "    RX:    bytes  packets errors dropped  missed   mcast           \n"
	       "    123456789012        4      0       0       0       0 \n"
	       "    TX:    bytes  packets errors dropped carrier collsns           \n"
	       "             336 98765432      0       0       0       0 \n",
	       "");
}

/* A cabled NIC: wirelab shows the qdisc a single-queue NIC has on Debian 12
 * (systemd sets net.core.default_qdisc = fq_codel); without a cable, or with
 * the far end down, it is NO-CARRIER and DOWN (a NIC has no lower device). */
static void test_eth_nic(void **state)
{
	struct fx *f = *state;
	struct node *m = node_new(f->w, "m", NODE_HOST);
	struct netdev *a = netdev_new(f->n, "eth0", ND_ETH);
	struct netdev *b = netdev_new(m, "eth0", ND_ETH);
	uint8_t ma[6] = { 2, 0, 0, 0, 0, 0xa1 };
	netdev_set_mac(a, ma);
	expect(f, "ip link show eth0", 0,
	       "2: eth0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:a1 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip link set eth0 up", 0, "", "");
	expect(f, "ip link show eth0", 0,
	       "2: eth0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc fq_codel state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:a1 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	struct link_params p;
	link_params_default(&p);
	assert_non_null(link_connect(f->w, a, b, &p));
	netdev_set_up(b, true);
	expect(f, "ip -br link show eth0", 0,
	       "eth0             UP             02:00:00:00:00:a1 <BROADCAST,MULTICAST,UP,LOWER_UP> \n",
	       "");
	expect(f, "ip link show type veth", 0, "", "");
	expect(f, "ip link del eth0", 2, "", "RTNETLINK answers: Operation not supported\n");
}

/* -d: the lines and fields the real tool shows for a veth pair in a bridge
 * (the real one goes on with "addrgenmode eui64" where IPv6 is on, and
 * counts a veth's queues per CPU, where wirelab says 1). */
static void test_details(void **state)
{
	struct fx *f = *state;
	run(f, "ip link add br0 type bridge");
	run(f, "ip link set dev br0 address 02:00:00:00:0b:00");
	run(f, "ip link add veth0 type veth peer name veth1");
	run(f, "ip link set dev veth0 address 02:00:00:00:00:10");
	run(f, "ip link set veth0 master br0");
	expect(f, "ip -d link show veth0", 0,
	       "4: veth0@veth1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop master br0 state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff promiscuity 1  allmulti 1 minmtu 68 maxmtu 65535 \n"
	       "    veth \n"
	       "    bridge_slave state disabled priority 32 cost 2 hairpin off guard off root_block off fastleave off learning on flood on port_id 0x8001 port_no 0x1 designated_port 32769 designated_cost 0 designated_bridge 8000.2:0:0:0:b:0 designated_root 8000.2:0:0:0:b:0 hold_timer    0.00 message_age_timer    0.00 forward_delay_timer    0.00 topology_change_ack 0 config_pending 0 proxy_arp off proxy_arp_wifi off mcast_router 1 mcast_fast_leave off mcast_flood on bcast_flood on mcast_to_unicast off neigh_suppress off group_fwd_mask 0 group_fwd_mask_str 0x0 vlan_tunnel off isolated off locked off numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 \n",
	       "");
	expect(f, "ip -d link show lo", 0,
	       "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0  allmulti 0 minmtu 0 maxmtu 0 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 \n",
	       "");
	run(f, "ip -d link show br0");
	assert_non_null(strstr(f->out, "\n    bridge forward_delay 1500 hello_time 200 max_age 2000 "
				       "ageing_time 30000 stp_state 0 priority 32768 vlan_filtering 0 "
				       "bridge_id 8000.2:0:0:0:b:0 designated_root 8000.2:0:0:0:b:0 "));
}

/* `ip link help` and friends: iproute2 6.1's text, on stderr, exit 255. */
static void test_help(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "ip link help"), 255);
	assert_string_equal(f->out, "");
	assert_true(strncmp(f->err, "Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME\n"
				    "\t\t    [ txqueuelen PACKETS ]\n", 80) == 0);
	assert_non_null(strstr(f->err, "\n\tip link show [ DEVICE | group GROUP ] [up] [master DEV] "
				       "[vrf NAME] [type TYPE]\n\t\t[nomaster]\n"));
	const char *tail = "          xfrm | virt_wifi }\n";
	assert_string_equal(f->err + strlen(f->err) - strlen(tail), tail);
	char *first = strdup(f->err);
	assert_int_equal(run(f, "ip link show help"), 255);
	assert_string_equal(f->err, first);
	assert_int_equal(run(f, "ip link set help"), 255);
	assert_string_equal(f->err, first);
	assert_int_equal(run(f, "ip link add help"), 255);
	assert_string_equal(f->err, first);
	assert_int_equal(run(f, "ip link help foo"), 255);
	assert_string_equal(f->err, first);
	free(first);
	assert_int_equal(run(f, "ip link add br0 type bridge help"), 255);
	assert_true(strncmp(f->err, "Usage: ... bridge [ fdb_flush ]\n", 32) == 0);
	/* types Linux has and wirelab does not */
	expect(f, "ip link add vx0 type vxlan id 42 dstport 4789", 2, "",
	       "wirelab: ip link add type vxlan is not modelled (wirelab has: type veth, type bridge; "
	       "a cabled NIC comes from the scenario's links)\n");
	expect(f, "ip link add link lo name lo.5 type vlan id 5", 2, "",
	       "wirelab: ip link add link DEV (stacked devices: vlan, macvlan, ...) is not modelled "
	       "(wirelab has: type veth, type bridge)\n");
	expect(f, "ip link set lo promisc on", 2, "",
	       "wirelab: ip link ... promisc is not modelled (wirelab has: up, down, name, address, "
	       "mtu, netns, master, nomaster, type veth|bridge)\n");
	expect(f, "ip link set lo txqueuelen 5", 2, "",
	       "wirelab: ip link ... txqueuelen is not modelled (wirelab has: up, down, name, "
	       "address, mtu, netns, master, nomaster, type veth|bridge)\n");
	expect(f, "ip link set lo promisc", 255, "",
	       "Command line is not complete. Try option \"help\"\n");
	/* "b" is iproute2's abbreviation of "broadcast": its value is read as
	 * a link-layer address first. */
	expect(f, "ip link add b type bridge", 1, "", "\"type\" is invalid lladdr.\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_link_veth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_netns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_bridge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_add_del, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bridge_never_switched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bridge_ageing_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lo_stays, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_in_root_namespace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_veth_operstate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eth_nic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_details, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
