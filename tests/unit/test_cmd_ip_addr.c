/* test_cmd_ip_addr.c — `ip address`: show (plain, -br, -o, -4, -0, every
 * filter), add, change, replace, del, flush, and every error, against
 * iproute2 6.1 on Linux.  The expected texts were copied from the
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
#include "dev/netdev.h"
#include "dev/node.h"
#include "cmd_fixture.h"

struct fx {
	struct world *w;
	struct node *n;                 /* plays the root namespace */
	char *out, *err;
};

/* What `ip addr show dev br0` prints at that point of test_addr_show (and the
 * other selectors of br0 alone: by name, by type bridge, permanent). */
static const char br0_addrs[] =
	"2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	"    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n"
	"    inet 10.0.0.1/24 scope global br0\n"
	"       valid_lft forever preferred_lft forever\n"
	"    inet 10.1.0.1/16 scope global br0\n"
	"       valid_lft forever preferred_lft forever\n"
	"    inet 10.0.0.5/24 scope global secondary br0\n"
	"       valid_lft forever preferred_lft forever\n";

/* What `ip -o addr` prints at that point of test_addr_show (the same as
 * `ip -o -4 addr`). */
static const char oneline_addrs[] =
	"1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n"
	"1: lo    inet 127.0.0.2/8 scope host secondary lo\\       valid_lft forever preferred_lft forever\n"
	"2: br0    inet 10.0.0.1/24 scope global br0\\       valid_lft forever preferred_lft forever\n"
	"2: br0    inet 10.1.0.1/16 scope global br0\\       valid_lft forever preferred_lft forever\n"
	"2: br0    inet 10.0.0.5/24 scope global secondary br0\\       valid_lft forever preferred_lft forever\n"
	"3: veth1    inet 10.9.0.1/24 brd 10.9.0.7 scope global veth1\\       valid_lft forever preferred_lft forever\n"
	"3: veth1    inet 192.168.1.1/32 scope global veth1\\       valid_lft forever preferred_lft forever\n"
	"3: veth1    inet 172.16.0.1/31 scope global veth1\\       valid_lft forever preferred_lft forever\n"
	"3: veth1    inet 10.8.0.2/24 brd 10.8.0.0 scope global veth1\\       valid_lft forever preferred_lft forever\n";

/* What `ip addr` (and `ip addr show up`, every link being up) prints at
 * that point of test_addr_show. */
static const char show_all_addrs[] =
	"1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"
	"    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	"    inet 127.0.0.1/8 scope host lo\n"
	"       valid_lft forever preferred_lft forever\n"
	"    inet 127.0.0.2/8 scope host secondary lo\n"
	"       valid_lft forever preferred_lft forever\n"
	"2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	"    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n"
	"    inet 10.0.0.1/24 scope global br0\n"
	"       valid_lft forever preferred_lft forever\n"
	"    inet 10.1.0.1/16 scope global br0\n"
	"       valid_lft forever preferred_lft forever\n"
	"    inet 10.0.0.5/24 scope global secondary br0\n"
	"       valid_lft forever preferred_lft forever\n"
	"3: veth1@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	"    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff\n"
	"    inet 10.9.0.1/24 brd 10.9.0.7 scope global veth1\n"
	"       valid_lft forever preferred_lft forever\n"
	"    inet 192.168.1.1/32 scope global veth1\n"
	"       valid_lft forever preferred_lft forever\n"
	"    inet 172.16.0.1/31 scope global veth1\n"
	"       valid_lft forever preferred_lft forever\n"
	"    inet 10.8.0.2/24 brd 10.8.0.0 scope global veth1\n"
	"       valid_lft forever preferred_lft forever\n"
	"4: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP group default qlen 1000\n"
	"    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n";

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

static void test_addr_show(void **state)
{
	struct fx *f = *state;
	expect(f, "ip addr", 0,
	       "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n",
	       "");
	expect(f, "ip link set lo up", 0,
	       "",
	       "");
	expect(f, "ip addr", 0,
	       "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "    inet 127.0.0.1/8 scope host lo\n"
	       "       valid_lft forever preferred_lft forever\n",
	       "");
	expect(f, "ip link add br0 type bridge", 0,
	       "",
	       "");
	expect(f, "ip link set dev br0 address 02:00:00:00:0b:00", 0,
	       "",
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
	expect(f, "ip link set br0 up", 0,
	       "",
	       "");
	expect(f, "ip link set veth0 up", 0,
	       "",
	       "");
	expect(f, "ip link set veth1 up", 0,
	       "",
	       "");
	expect(f, "ip addr add 10.0.0.1/24 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr add 10.0.0.5/24 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr add 10.1.0.1/16 dev br0", 0,
	       "",
	       "");
	expect(f, "ip address add 10.9.0.1/24 brd 10.9.0.7 dev veth1", 0,
	       "",
	       "");
	expect(f, "ip a add 192.168.1.1/32 dev veth1", 0,
	       "",
	       "");
	expect(f, "ip a a 172.16.0.1/31 dev veth1", 0,
	       "",
	       "");
	expect(f, "ip addr add 10.8.0.2/24 brd - dev veth1", 0,
	       "",
	       "");
	expect(f, "ip addr add 127.0.0.2/8 dev lo", 0,
	       "",
	       "");
	expect(f, "ip addr", 0,
	       show_all_addrs,
	       "");
	expect(f, "ip -4 addr", 0,
	       "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"
	       "    inet 127.0.0.1/8 scope host lo\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 127.0.0.2/8 scope host secondary lo\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	       "    inet 10.0.0.1/24 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.1.0.1/16 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.0.0.5/24 scope global secondary br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "3: veth1@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	       "    inet 10.9.0.1/24 brd 10.9.0.7 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 192.168.1.1/32 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 172.16.0.1/31 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.8.0.2/24 brd 10.8.0.0 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n",
	       "");
	expect(f, "ip -br addr", 0,
	       "lo               UNKNOWN        127.0.0.1/8 127.0.0.2/8 \n"
	       "br0              UP             10.0.0.1/24 10.1.0.1/16 10.0.0.5/24 \n"
	       "veth1@veth0      UP             10.9.0.1/24 192.168.1.1/32 172.16.0.1/31 10.8.0.2/24 \n"
	       "veth0@veth1      UP             \n",
	       "");
	expect(f, "ip -br -4 addr", 0,
	       "lo               UNKNOWN        127.0.0.1/8 127.0.0.2/8 \n"
	       "br0              UP             10.0.0.1/24 10.1.0.1/16 10.0.0.5/24 \n"
	       "veth1@veth0      UP             10.9.0.1/24 192.168.1.1/32 172.16.0.1/31 10.8.0.2/24 \n",
	       "");
	expect(f, "ip -o addr", 0,
	       oneline_addrs,
	       "");
	expect(f, "ip -o -4 addr", 0,
	       oneline_addrs,
	       "");
	expect(f, "ip addr show dev br0", 0,
	       br0_addrs,
	       "");
	expect(f, "ip addr show br0", 0,
	       br0_addrs,
	       "");
	expect(f, "ip a s veth1", 0,
	       "3: veth1@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff\n"
	       "    inet 10.9.0.1/24 brd 10.9.0.7 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 192.168.1.1/32 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 172.16.0.1/31 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.8.0.2/24 brd 10.8.0.0 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n",
	       "");
	expect(f, "ip addr list dev veth0", 0,
	       "4: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip -4 addr show dev veth0", 0,
	       "",
	       "");
	expect(f, "ip -br -4 addr show dev veth0", 0,
	       "",
	       "");
	expect(f, "ip -0 addr", 0,
	       "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n"
	       "3: veth1@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff\n"
	       "4: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip -br -0 addr", 0,
	       "lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \n"
	       "br0              UP             02:00:00:00:0b:00 <BROADCAST,MULTICAST,UP,LOWER_UP> \n"
	       "veth1@veth0      UP             02:00:00:00:00:11 <BROADCAST,MULTICAST,UP,LOWER_UP> \n"
	       "veth0@veth1      UP             02:00:00:00:00:10 <BROADCAST,MULTICAST,UP,LOWER_UP> \n",
	       "");
	expect(f, "ip -o -0 addr show br0", 0,
	       "2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\\    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip -6 addr", 0,
	       "",
	       "");
	expect(f, "ip addr show up", 0,
	       show_all_addrs,
	       "");
	expect(f, "ip addr show primary", 0,
	       "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "    inet 127.0.0.1/8 scope host lo\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n"
	       "    inet 10.0.0.1/24 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.1.0.1/16 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "3: veth1@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff\n"
	       "    inet 10.9.0.1/24 brd 10.9.0.7 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 192.168.1.1/32 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 172.16.0.1/31 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.8.0.2/24 brd 10.8.0.0 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "4: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip addr show secondary", 0,
	       "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "    inet 127.0.0.2/8 scope host secondary lo\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n"
	       "    inet 10.0.0.5/24 scope global secondary br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "4: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip addr show scope host", 0,
	       "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "    inet 127.0.0.1/8 scope host lo\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 127.0.0.2/8 scope host secondary lo\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "4: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip addr show scope global", 0,
	       "2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n"
	       "    inet 10.0.0.1/24 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.1.0.1/16 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.0.0.5/24 scope global secondary br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "3: veth1@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff\n"
	       "    inet 10.9.0.1/24 brd 10.9.0.7 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 192.168.1.1/32 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 172.16.0.1/31 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.8.0.2/24 brd 10.8.0.0 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "4: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip addr show to 10.0.0.0/8", 0,
	       "2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	       "    inet 10.0.0.1/24 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.1.0.1/16 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.0.0.5/24 scope global secondary br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "3: veth1@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	       "    inet 10.9.0.1/24 brd 10.9.0.7 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.8.0.2/24 brd 10.8.0.0 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n",
	       "");
	expect(f, "ip addr show to 192.168.1.1", 0,
	       "3: veth1@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	       "    inet 192.168.1.1/32 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n",
	       "");
	expect(f, "ip addr show master br0", 0,
	       "4: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip addr show type bridge", 0,
	       br0_addrs,
	       "");
	expect(f, "ip addr show type veth", 0,
	       "3: veth1@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:11 brd ff:ff:ff:ff:ff:ff\n"
	       "    inet 10.9.0.1/24 brd 10.9.0.7 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 192.168.1.1/32 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 172.16.0.1/31 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.8.0.2/24 brd 10.8.0.0 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "4: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip addr show label veth*", 0,
	       "    inet 10.9.0.1/24 brd 10.9.0.7 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 192.168.1.1/32 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 172.16.0.1/31 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.8.0.2/24 brd 10.8.0.0 scope global veth1\n"
	       "       valid_lft forever preferred_lft forever\n",
	       "");
	expect(f, "ip addr show dynamic", 0,
	       "4: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP group default qlen 1000\n"
	       "    link/ether 02:00:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n",
	       "");
	expect(f, "ip addr show permanent dev br0", 0,
	       br0_addrs,
	       "");
	expect(f, "ip addr show group default dev lo", 0,
	       "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "    inet 127.0.0.1/8 scope host lo\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 127.0.0.2/8 scope host secondary lo\n"
	       "       valid_lft forever preferred_lft forever\n",
	       "");
	expect(f, "ip addr show scope bogus", 255,
	       "",
	       "Error: argument \"bogus\" is wrong: invalid \"scope\"\n"
	       "\n");
	expect(f, "ip addr show to x", 1,
	       "",
	       "Error: any valid prefix is expected rather than \"x\".\n");
	expect(f, "ip addr show dev nosuch", 1,
	       "",
	       "Device \"nosuch\" does not exist.\n");
	expect(f, "ip addr show nosuch", 1,
	       "",
	       "Device \"nosuch\" does not exist.\n");
	expect(f, "ip addr show dev br0 extra", 255,
	       "",
	       "Error: either \"dev\" is duplicate, or \"extra\" is a garbage.\n");
	expect(f, "ip addr show dev", 255,
	       "",
	       "Command line is not complete. Try option \"help\"\n");
	expect(f, "ip addr show master nosuch", 255,
	       "",
	       "Error: argument \"nosuch\" is wrong: Device does not exist\n"
	       "\n");
}

static void test_addr_modify(void **state)
{
	struct fx *f = *state;
	expect(f, "ip link add br0 type bridge", 0,
	       "",
	       "");
	expect(f, "ip link set dev br0 address 02:00:00:00:0b:00", 0,
	       "",
	       "");
	expect(f, "ip addr add 10.0.0.1/24 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr add x dev br0", 1,
	       "",
	       "Error: any valid prefix is expected rather than \"x\".\n");
	expect(f, "ip -4 addr add x dev br0", 1,
	       "",
	       "Error: inet prefix is expected rather than \"x\".\n");
	expect(f, "ip addr add 10.0.0.9/33 dev br0", 1,
	       "",
	       "Error: any valid prefix is expected rather than \"10.0.0.9/33\".\n");
	expect(f, "ip addr add 10.0.0.9/24 brd x dev br0", 1,
	       "",
	       "Error: inet address is expected rather than \"x\".\n");
	expect(f, "ip addr add 10.0.0.9/24 brd dev br0", 1,
	       "",
	       "Error: inet address is expected rather than \"dev\".\n");
	expect(f, "ip addr add 10.0.0.9/24 dev nosuch", 1,
	       "",
	       "Cannot find device \"nosuch\"\n");
	expect(f, "ip addr add 10.0.0.9/24", 1,
	       "",
	       "Not enough information: \"dev\" argument is required.\n");
	expect(f, "ip addr add", 1,
	       "",
	       "Not enough information: \"dev\" argument is required.\n");
	expect(f, "ip addr add 10.0.0.9/24 dev", 255,
	       "",
	       "Command line is not complete. Try option \"help\"\n");
	expect(f, "ip addr add 10.0.0.9/24 dev br0 foo", 255,
	       "",
	       "Error: either \"local\" is duplicate, or \"foo\" is a garbage.\n");
	expect(f, "ip addr add 10.0.0.1/24 local 10.0.0.2 dev br0", 255,
	       "",
	       "Error: either \"local\" is duplicate, or \"10.0.0.2\" is a garbage.\n");
	expect(f, "ip addr add 10.0.0.9/24 brd + brd - dev br0", 255,
	       "",
	       "Error: duplicate \"broadcast\": \"-\" is the second value.\n");
	expect(f, "ip addr add dev br0", 2,
	       "",
	       "RTNETLINK answers: Operation not supported\n");
	expect(f, "ip addr add 10.0.0.9/24 dev br0 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr add local 10.0.0.4/24 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr show br0", 0,
	       "2: br0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000\n"
	       "    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n"
	       "    inet 10.0.0.1/24 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.0.0.9/24 scope global secondary br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.0.0.4/24 scope global secondary br0\n"
	       "       valid_lft forever preferred_lft forever\n",
	       "");
	/* Linux 6.1 answers these two with the errno's words (EADDRNOTAVAIL);
	 * later kernels say "Error: ipv4: Address not found." */
	expect(f, "ip addr del 10.0.0.99/24 dev br0", 2,
	       "",
	       "RTNETLINK answers: Cannot assign requested address\n");
	expect(f, "ip addr del 10.0.0.1/16 dev br0", 2,
	       "",
	       "RTNETLINK answers: Cannot assign requested address\n");
	expect(f, "ip addr del 10.0.0.4/24 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr show br0", 0,
	       "2: br0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000\n"
	       "    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n"
	       "    inet 10.0.0.1/24 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.0.0.9/24 scope global secondary br0\n"
	       "       valid_lft forever preferred_lft forever\n",
	       "");
	expect(f, "ip addr del 10.0.0.1/24", 1,
	       "",
	       "Not enough information: \"dev\" argument is required.\n");
	expect(f, "ip addr del x dev br0", 1,
	       "",
	       "Error: any valid prefix is expected rather than \"x\".\n");
	expect(f, "ip addr del", 1,
	       "",
	       "Not enough information: \"dev\" argument is required.\n");
	expect(f, "ip addr del dev br0", 2,
	       "",
	       "RTNETLINK answers: Operation not supported\n");
	expect(f, "ip addr del 10.0.0.9 dev br0", 0,
	       "",
	       "Warning: Executing wildcard deletion to stay compatible with old scripts.\n"
	       "         Explicitly specify the prefix length (10.0.0.9/32) to avoid this warning.\n"
	       "         This special behaviour is likely to disappear in further releases,\n"
	       "         fix your scripts!\n");
	expect(f, "ip addr show br0", 0,
	       "2: br0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000\n"
	       "    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n"
	       "    inet 10.0.0.1/24 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n",
	       "");
	expect(f, "ip addr add 10.0.0.1/24 dev br0", 2,
	       "",
	       /* 6.1: EEXIST; later kernels: "Error: ipv4: Address already assigned." */
	       "RTNETLINK answers: File exists\n");
	expect(f, "ip addr add 10.0.0.2/24 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr add 10.0.0.3/24 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr add 10.5.0.1/16 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr show br0", 0,
	       "2: br0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000\n"
	       "    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n"
	       "    inet 10.0.0.1/24 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.5.0.1/16 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.0.0.2/24 scope global secondary br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.0.0.3/24 scope global secondary br0\n"
	       "       valid_lft forever preferred_lft forever\n",
	       "");
	expect(f, "ip addr del 10.0.0.1/24 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr show br0", 0,
	       "2: br0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000\n"
	       "    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n"
	       "    inet 10.5.0.1/16 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n",
	       "");
	expect(f, "ip addr replace 10.0.0.1/24 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr replace 10.0.0.1/24 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr change 10.0.0.2/24 dev br0", 0,
	       "",
	       "");
	expect(f, "ip -br addr show br0", 0,
	       "br0              DOWN           10.5.0.1/16 10.0.0.1/24 10.0.0.2/24 \n",
	       "");
	expect(f, "ip addr flush dev br0", 0,
	       "",
	       "");
	expect(f, "ip -br addr show br0", 0,
	       "br0              DOWN           \n",
	       "");
	expect(f, "ip addr flush", 1,
	       "",
	       "Flush requires arguments.\n");
	expect(f, "ip addr flush dev nosuch", 1,
	       "",
	       "Device \"nosuch\" does not exist.\n");
	expect(f, "ip addr flush dev br0 foo", 255,
	       "",
	       "Error: either \"dev\" is duplicate, or \"foo\" is a garbage.\n");
	expect(f, "ip addr add 10.0.0.1/24 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr add 10.6.0.1/24 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr flush br0 to 10.6.0.0/16", 0,
	       "",
	       "");
	expect(f, "ip -br addr show br0", 0,
	       "br0              DOWN           10.0.0.1/24 \n",
	       "");
	expect(f, "ip addr foo", 255,
	       "",
	       "Command \"foo\" is unknown, try \"ip address help\".\n");
	expect(f, "ip -0 addr flush dev br0", 1,
	       "",
	       "Cannot flush link addresses.\n");
}

/* Addresses as iproute2 reads them (get_addr_ipv4(): parts in base 0, the
 * missing ones zero; a length in base 0 or a dotted netmask). */
static void test_addr_forms(void **state)
{
	struct fx *f = *state;
	expect(f, "ip link add br0 type bridge", 0,
	       "",
	       "");
	expect(f, "ip link set dev br0 address 02:00:00:00:0b:00", 0,
	       "",
	       "");
	expect(f, "ip addr add 10.1/16 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr add 10/8 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr add 010.0.0.1/24 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr add 172.16.0.1/255.255.255.0 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr add 172.17.0.1/255.0.255.0 dev br0", 1,
	       "",
	       "Error: any valid prefix is expected rather than \"172.17.0.1/255.0.255.0\".\n");
	expect(f, "ip addr add 172.18.0.1/0x18 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr add 172.19.0.1/ dev br0", 1,
	       "",
	       "Error: any valid prefix is expected rather than \"172.19.0.1/\".\n");
	expect(f, "ip addr add 172.20.0.1/-1 dev br0", 1,
	       "",
	       "Error: any valid prefix is expected rather than \"172.20.0.1/-1\".\n");
	expect(f, "ip addr add 1.2.3.4.5/8 dev br0", 1,
	       "",
	       "Error: any valid prefix is expected rather than \"1.2.3.4.5/8\".\n");
	expect(f, "ip addr add 1.2.256.4/8 dev br0", 1,
	       "",
	       "Error: any valid prefix is expected rather than \"1.2.256.4/8\".\n");
	expect(f, "ip addr add 0x0a.2.3.4/8 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr add 192.168.9.9/24 brd 192.168.9.077 dev br0", 0,
	       "",
	       "");
	expect(f, "ip addr add 192.168.8.9/24 brd 192.168 dev br0", 0,
	       "",
	       "");
	expect(f, "ip -br addr show br0", 0,
	       "br0              DOWN           10.1.0.0/16 10.0.0.0/8 8.0.0.1/24 172.16.0.1/24 172.18.0.1/24 192.168.9.9/24 192.168.8.9/24 10.2.3.4/8 \n",
	       "");
	expect(f, "ip addr show br0", 0,
	       "2: br0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000\n"
	       "    link/ether 02:00:00:00:0b:00 brd ff:ff:ff:ff:ff:ff\n"
	       "    inet 10.1.0.0/16 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.0.0.0/8 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 8.0.0.1/24 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 172.16.0.1/24 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 172.18.0.1/24 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 192.168.9.9/24 brd 192.168.9.63 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 192.168.8.9/24 brd 192.168.0.0 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n"
	       "    inet 10.2.3.4/8 scope global secondary br0\n"
	       "       valid_lft forever preferred_lft forever\n",
	       "");
	expect(f, "ip addr del 10.1.0.0 dev br0", 0,
	       "",
	       "Warning: Executing wildcard deletion to stay compatible with old scripts.\n"
	       "         Explicitly specify the prefix length (10.1.0.0/32) to avoid this warning.\n"
	       "         This special behaviour is likely to disappear in further releases,\n"
	       "         fix your scripts!\n");
	expect(f, "ip addr show to 8/8", 0,
	       "2: br0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000\n"
	       "    inet 8.0.0.1/24 scope global br0\n"
	       "       valid_lft forever preferred_lft forever\n",
	       "");
	expect(f, "ip -br addr show br0", 0,
	       "br0              DOWN           10.0.0.0/8 8.0.0.1/24 172.16.0.1/24 172.18.0.1/24 192.168.9.9/24 192.168.8.9/24 10.2.3.4/8 \n",
	       "");
}

/* `brd +` and a brd equal to the subnet's: Linux shows them, wirelab cannot
 * tell them from no brd at all.
 * ENGINE: struct ifaddr has no mark of a broadcast given by the user.
 * Real: "    inet 10.0.0.1/24 brd 10.0.0.255 scope global br0".  Either way
 * the subnet's broadcast address is one of the node's. */
static void test_brd_plus(void **state)
{
	struct fx *f = *state;
	run(f, "ip link add br0 type bridge");
	run(f, "ip link set dev br0 address 02:00:00:00:0b:00");
	expect(f, "ip addr add 10.0.0.1/24 brd + dev br0", 0, "", "");
	expect(f, "ip addr add 10.0.1.1/24 broadcast 10.0.1.255 dev br0", 0, "", "");
	expect(f, "ip -o addr show br0", 0,
	       "2: br0    inet 10.0.0.1/24 scope global br0\\       valid_lft forever preferred_lft forever\n"
	       "2: br0    inet 10.0.1.1/24 scope global br0\\       valid_lft forever preferred_lft forever\n",
	       "");
	assert_true(node_is_broadcast_addr(f->n, 0x0a0000ffu));
	assert_true(node_is_broadcast_addr(f->n, 0x0a0001ffu));
	/* A broadcast that is not the subnet's shows (as on Linux). */
	expect(f, "ip addr add 10.0.2.1/24 brd 10.0.2.7 dev br0", 0, "", "");
	expect(f, "ip -o addr show to 10.0.2.0/24", 0,
	       "2: br0    inet 10.0.2.1/24 brd 10.0.2.7 scope global br0\\       valid_lft forever preferred_lft forever\n",
	       "");
	assert_true(node_is_broadcast_addr(f->n, 0x0a000207u));
	expect(f, "ip addr add 10.0.3.1/24 brd + brd - dev br0", 255, "",
	       "Error: duplicate \"broadcast\": \"-\" is the second value.\n");
}

/* What wirelab does not model says so, and changes nothing. */
static void test_not_modelled(void **state)
{
	struct fx *f = *state;
	run(f, "ip link add br0 type bridge");
	expect(f, "ip addr add 10.0.0.9/24 dev br0 label br0:1", 2, "",
	       "wirelab: address labels are not modelled: the label is always the device's name "
	       "(br0)\n");
	expect(f, "ip addr add 10.0.0.9/24 dev br0 label br0", 0, "", "");
	expect(f, "ip addr add 10.0.0.10/24 dev br0 scope link", 2, "",
	       "wirelab: address scopes are not modelled: 10.0.0.10/24 is scope global\n");
	expect(f, "ip addr add 10.0.0.10/24 dev br0 scope global", 0, "", "");
	expect(f, "ip addr add 127.0.0.5/8 dev lo scope host", 0, "", "");
	expect(f, "ip addr add 10.0.0.11/24 dev br0 scope bogus", 255, "",
	       "Error: argument \"bogus\" is wrong: invalid scope value.\n");
	expect(f, "ip addr add 10.0.0.12/24 peer 10.0.0.13 dev br0", 2, "",
	       "wirelab: ip address ... peer is not modelled (wirelab has: PREFIX, broadcast|brd "
	       "ADDR|+|-, dev, label DEV, scope host|global, valid_lft|preferred_lft forever)\n");
	expect(f, "ip addr add 10.0.0.12/24 dev br0 metric 5", 2, "",
	       "wirelab: ip address ... metric is not modelled (wirelab has: PREFIX, broadcast|brd "
	       "ADDR|+|-, dev, label DEV, scope host|global, valid_lft|preferred_lft forever)\n");
	expect(f, "ip addr add 10.0.0.12/24 dev br0 valid_lft forever preferred_lft forever", 0,
	       "", "");
	expect(f, "ip addr add 10.0.0.13/24 dev br0 valid_lft 100", 2, "",
	       "wirelab: address lifetimes are not modelled: every address is valid and preferred "
	       "forever\n");
	expect(f, "ip addr add fe80::1/64 dev br0", 2, "",
	       "wirelab: IPv6 is not modelled: only IPv4 addresses exist here\n");
	expect(f, "ip -6 addr add fe80::1/64 dev br0", 2, "",
	       "wirelab: ip -6 address is not modelled: only IPv4 addresses exist here\n");
	expect(f, "ip -6 addr", 0, "", "");
	expect(f, "ip addr save", 255, "",
	       "wirelab: ip address save is not modelled (wirelab has: add, change, replace, del, "
	       "show, flush)\n");
	expect(f, "ip -br addr show br0", 0,
	       "br0              DOWN           10.0.0.9/24 10.0.0.10/24 10.0.0.12/24 \n", "");
}

/* `ip -n NS address ...` acts in NS. */
static void test_in_namespace(void **state)
{
	struct fx *f = *state;
	netns(f, "red");
	expect(f, "ip -n red addr", 0,
	       "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n",
	       "");
	expect(f, "ip -n red link set lo up", 0, "", "");
	expect(f, "ip -n red addr", 0,
	       "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	       "    inet 127.0.0.1/8 scope host lo\n"
	       "       valid_lft forever preferred_lft forever\n",
	       "");
	expect(f, "ip -n red addr add 10.0.0.2/24 dev lo", 0, "", "");
	expect(f, "ip -n red -br addr", 0,
	       "lo               UNKNOWN        127.0.0.1/8 10.0.0.2/24 \n", "");
	expect(f, "ip addr show dev lo", 0,
	       "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN group default qlen 1000\n"
	       "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n",
	       "");
	expect(f, "ip -n red addr flush dev lo", 0, "", "");
	expect(f, "ip -n red -br addr", 0, "lo               UNKNOWN        \n", "");
}

/* `ip address help`: iproute2 6.1's text on stderr, exit 255. */
static void test_addr_help(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "ip addr help"), 255);
	assert_string_equal(f->out, "");
	assert_true(strncmp(f->err, "Usage: ip address {add|change|replace} IFADDR dev IFNAME "
				    "[ LIFETIME ]\n", 70) == 0);
	assert_non_null(strstr(f->err, "\nLFT := forever | SECONDS\n"));
	const char *tail = "          xfrm | virt_wifi }\n";
	assert_string_equal(f->err + strlen(f->err) - strlen(tail), tail);
	char *first = strdup(f->err);
	assert_int_equal(run(f, "ip addr add 1.2.3.4/24 dev lo help"), 255);
	assert_string_equal(f->err, first);
	assert_int_equal(run(f, "ip addr show help"), 255);
	assert_string_equal(f->err, first);
	assert_int_equal(run(f, "ip address help"), 255);
	assert_string_equal(f->err, first);
	free(first);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_addr_show, setup, teardown),
		cmocka_unit_test_setup_teardown(test_addr_modify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_addr_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_brd_plus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_modelled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in_namespace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_addr_help, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
