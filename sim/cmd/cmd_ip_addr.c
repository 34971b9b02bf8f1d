/* cmd_ip_addr.c — `ip address` (add, change, replace, del, show, flush) and
 * the lister that `ip link show` shares with it, as iproute2 6.1 has them in
 * ip/ipaddress.c: ipaddr_modify(), ipaddr_list_flush_or_save(),
 * print_linkinfo(), print_linkinfo_brief() and print_addrinfo().
 *
 * What a device looks like is derived here from the engine's state, the way
 * the kernel derives what it reports over netlink (net/core/dev.c
 * dev_get_flags(), net/core/link_watch.c rfc2863_policy()):
 *
 *   flags     BROADCAST,MULTICAST (LOOPBACK for lo); UP when set up; LOWER_UP
 *             when up with a carrier; NO-CARRIER when up and not "running"
 *             (operstate neither UP nor UNKNOWN); M-DOWN when the veth peer
 *             in the same namespace is down.
 *   state     DOWN when down; lo UNKNOWN; a veth without carrier
 *             LOWERLAYERDOWN (it has a lower device, its peer), a NIC or a
 *             bridge without carrier DOWN; a bridge that never had a port
 *             UNKNOWN (its carrier was never switched).
 *   qdisc     noop until the device is first brought up, then noqueue (veth,
 *             bridge, lo are IFF_NO_QUEUE devices) or, for a cabled NIC,
 *             fq_codel: Debian 12's systemd sets net.core.default_qdisc =
 *             fq_codel, and a single-queue NIC (virtio, e1000) shows it.
 *
 * IPv6 is not modelled: no inet6 line is ever printed, `ip -6 addr` prints
 * nothing, as on a machine booted with IPv6 disabled (the kernel tests
 * disable it in their namespaces so the outputs compare).  Address labels,
 * lifetimes, metrics, scopes other than the default, and peer addresses are
 * not modelled either; commands using them say so.
 *
 * Where the engine does not (yet) hold what Linux shows, this file derives
 * it and says so at the spot: see link_qlen(), link_ever_up(), addr_brd()
 * and bridge_carrier().
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd_int.h"
#include "core/event.h"
#include "core/world.h"
#include "dev/bridge.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "util/die.h"
#include "util/units.h"

/* ---- how a device looks ---------------------------------------------------- */

struct link_view {
	bool up, lower_up, running, m_down;
	const char *state;
};

/* A bridge's carrier (net/bridge/br_stp.c br_port_state_selection()): on
 * while some port forwards, which with STP off is a port that is up with a
 * carrier.  The selection runs when a port comes or goes or changes state,
 * and when the bridge's MAC is set by hand (br_stp_change_bridge_id()); a
 * bridge where it never ran keeps the carrier it was registered with (on),
 * and its operstate stays UNKNOWN.
 * ENGINE: netdev_carrier() says a bridge always has carrier; and a bridge
 * whose last port left has no carrier on Linux, which cannot be told from
 * one that never had a port without a flag the engine does not keep. */
static bool bridge_selection_ran(const struct netdev *dev)
{
	return dev->br && (dev->br->n_ports > 0 || dev->br->mac_set);
}

static bool bridge_carrier(const struct netdev *dev)
{
	const struct bridge *b = dev->br;
	if (!bridge_selection_ran(dev))
		return true;
	for (int i = 0; i < b->n_ports; i++)
		if (netdev_oper_up(b->ports[i]))
			return true;
	return false;
}

static struct link_view link_view_of(const struct netdev *dev)
{
	struct link_view v = { .up = dev->up, .state = "DOWN" };
	if (dev->kind == ND_VETH && dev->peer && dev->peer->node == dev->node)
		v.m_down = !dev->peer->up;
	if (!dev->up)
		return v;
	switch (dev->kind) {
	case ND_LOOPBACK:
		v.lower_up = true;
		v.state = "UNKNOWN";
		break;
	case ND_BRIDGE:
		v.lower_up = bridge_carrier(dev);
		if (!bridge_selection_ran(dev))
			v.state = "UNKNOWN";
		else
			v.state = v.lower_up ? "UP" : "DOWN";
		break;
	case ND_VETH:
		/* 6.1's default_operstate(): no carrier on a device whose
		 * iflink (its peer's ifindex) is not its own ifindex is
		 * LOWERLAYERDOWN.  (Kernels from 6.11 on look the peer up by
		 * that index in the device's own namespace and say DOWN when
		 * it is not there or has a carrier.) */
		v.lower_up = netdev_carrier(dev);
		if (v.lower_up)
			v.state = "UP";
		else if (dev->peer && dev->peer->ifindex == dev->ifindex)
			v.state = "DOWN";
		else
			v.state = "LOWERLAYERDOWN";
		break;
	case ND_ETH:
		v.lower_up = netdev_carrier(dev);
		v.state = v.lower_up ? "UP" : "DOWN";
		break;
	}
	v.running = strcmp(v.state, "UP") == 0 || strcmp(v.state, "UNKNOWN") == 0;
	return v;
}

/* The kernel attaches a qdisc when a device is first opened and keeps it
 * when the device goes down again.
 * ENGINE: there is no "was ever up" flag; a device that counted a frame
 * was up once, which covers every case but up-then-down without traffic. */
static bool link_ever_up(const struct netdev *dev)
{
	return dev->up || dev->stats.tx_packets || dev->stats.rx_packets;
}

static const char *link_qdisc(const struct netdev *dev)
{
	if (!link_ever_up(dev))
		return "noop";
	return dev->kind == ND_ETH ? "fq_codel" : "noqueue";
}

/* ENGINE: netdev_new() gives veth and bridge devices txqueuelen 0; Linux
 * gives them ether_setup()'s 1000 (they are IFF_NO_QUEUE devices, but keep
 * the number) and `ip link` shows "qlen 1000". */
static unsigned link_qlen(const struct netdev *dev)
{
	if (dev->txqueuelen == 0 && (dev->kind == ND_VETH || dev->kind == ND_BRIDGE))
		return 1000;
	return dev->txqueuelen;
}

/* "veth0@veth1" for a peer in the same namespace, "veth0@if7" for one in
 * another (print_linkinfo(): IFLA_LINK, with IFLA_LINK_NETNSID). */
static void link_name(struct strbuf *b, const struct netdev *dev)
{
	sb_puts(b, dev->name);
	if (dev->kind != ND_VETH || !dev->peer)
		return;
	if (dev->peer->node == dev->node)
		sb_printf(b, "@%s", dev->peer->name);
	else
		sb_printf(b, "@if%d", dev->peer->ifindex);
}

/* " link-netns NAME" when the peer's namespace has a name in this machine's
 * /var/run/netns (one made by `ip netns add`), else " link-netnsid N".
 * The kernel numbers peer namespaces per namespace, lazily, from 0; wirelab
 * keeps no such numbers and says 0, which is what a namespace sees of the
 * first other one it meets (a container of its host). */
static void link_netns(struct strbuf *b, const struct netdev *dev)
{
	if (dev->kind != ND_VETH || !dev->peer || dev->peer->node == dev->node)
		return;
	struct node *pn = dev->peer->node;
	struct node *m = node_machine(dev->node);
	if (pn->machine && pn->machine == m)
		sb_printf(b, " link-netns %s", pn->name);
	else
		sb_puts(b, " link-netnsid 0");
}

static void link_flags(struct strbuf *b, const struct netdev *dev, const struct link_view *v)
{
	const char *f[6];
	int n = 0;
	if (v->up && !v->running)
		f[n++] = "NO-CARRIER";
	if (dev->kind == ND_LOOPBACK) {
		f[n++] = "LOOPBACK";
	} else {
		f[n++] = "BROADCAST";
		f[n++] = "MULTICAST";
	}
	if (v->up)
		f[n++] = "UP";
	if (v->lower_up)
		f[n++] = "LOWER_UP";
	sb_puts(b, "<");
	for (int i = 0; i < n; i++)
		sb_printf(b, "%s%s", i ? "," : "", f[i]);
	if (v->m_down)
		sb_puts(b, ",M-DOWN");
	sb_puts(b, "> ");
}

static void link_addr(struct strbuf *b, const struct netdev *dev)
{
	char mac[18];
	units_format_mac(dev->mac, mac);
	if (dev->kind == ND_LOOPBACK)
		sb_printf(b, "    link/loopback %s brd 00:00:00:00:00:00", mac);
	else
		sb_printf(b, "    link/ether %s brd ff:ff:ff:ff:ff:ff", mac);
}

/* A bridge id as iproute2 prints it: priority in hex, then the MAC with
 * %x per byte (no leading zeros): "8000.52:b0:3:24:e6:ad". */
static void bridge_id(struct strbuf *b, const uint8_t mac[6])
{
	sb_printf(b, "8000.%x:%x:%x:%x:%x:%x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

/* print_timer(): seconds in four columns, then hundredths. */
static void timer(struct strbuf *b, const char *name, int64_t ns)
{
	if (ns < 0)
		ns = 0;
	sb_printf(b, "%s %4lld.%.2lld ", name, (long long)(ns / 1000000000),
		  (long long)(ns % 1000000000 / 10000000));
}

/* `ip -d`: the link line's tail and the kind lines.  Values wirelab does not
 * model are the kernel's defaults (queues are one per device here; Linux
 * gives a veth one per CPU).  No addrgenmode: IPv6 is not modelled. */
static void link_details(struct strbuf *b, const struct netdev *dev)
{
	bool port = dev->master != NULL;
	bool lo = dev->kind == ND_LOOPBACK;
	sb_printf(b, " promiscuity %d  allmulti %d minmtu %d maxmtu %d ", port ? 1 : 0, port ? 1 : 0,
		  lo ? 0 : 68, lo ? 0 : 65535);
	if (dev->kind == ND_VETH)
		sb_puts(b, "\n    veth ");
	if (dev->kind == ND_BRIDGE && dev->br) {
		const struct bridge *br = dev->br;
		struct world *w = dev->node->w;
		sb_printf(b, "\n    bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time %lld "
			     "stp_state 0 priority 32768 vlan_filtering 0 bridge_id ",
			  (long long)(br->ageing_ns / 10000000));
		bridge_id(b, dev->mac);
		sb_puts(b, " designated_root ");
		bridge_id(b, dev->mac);
		sb_puts(b, " root_port 0 root_path_cost 0 topology_change 0 topology_change_detected 0 ");
		timer(b, "hello_timer", 0);
		timer(b, "tcn_timer", 0);
		timer(b, "topology_change_timer", 0);
		timer(b, "gc_timer", ev_pending(&br->gc) ? br->gc.at_ns - w->now_ns : 0);
		sb_puts(b, "group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 1 "
			   "no_linklocal_learn 0 mcast_vlan_snooping 0 mcast_router 1 "
			   "mcast_query_use_ifaddr 0 mcast_querier 0 mcast_hash_elasticity 16 "
			   "mcast_hash_max 4096 mcast_last_member_count 2 mcast_startup_query_count 2 "
			   "mcast_last_member_interval 100 mcast_membership_interval 26000 "
			   "mcast_querier_interval 25500 mcast_query_interval 12500 "
			   "mcast_query_response_interval 1000 mcast_startup_query_interval 3124 "
			   "mcast_stats_enabled 0 mcast_igmp_version 2 mcast_mld_version 1 "
			   "nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0 ");
	}
	if (port) {
		const struct netdev *br = dev->master;
		sb_printf(b, "\n    bridge_slave state %s priority 32 cost 2 hairpin off guard off "
			     "root_block off fastleave off learning on flood on port_id 0x%x "
			     "port_no 0x%x designated_port %d designated_cost 0 designated_bridge ",
			  netdev_oper_up(dev) ? "forwarding" : "disabled", 0x8000 + dev->port_no,
			  dev->port_no, 0x8000 + dev->port_no);
		bridge_id(b, br->mac);
		sb_puts(b, " designated_root ");
		bridge_id(b, br->mac);
		sb_puts(b, " ");
		timer(b, "hold_timer", 0);
		timer(b, "message_age_timer", 0);
		timer(b, "forward_delay_timer", 0);
		sb_puts(b, "topology_change_ack 0 config_pending 0 proxy_arp off proxy_arp_wifi off "
			   "mcast_router 1 mcast_fast_leave off mcast_flood on bcast_flood on "
			   "mcast_to_unicast off neigh_suppress off group_fwd_mask 0 "
			   "group_fwd_mask_str 0x0 vlan_tunnel off isolated off locked off ");
	}
	sb_printf(b, "numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 "
		     "tso_max_size %d tso_max_segs 65535 gro_max_size 65536 ",
		  dev->kind == ND_BRIDGE && dev->br && dev->br->n_ports == 0 ? 65536 : 524280);
}

/* ---- statistics (print_link_stats64() of 6.1: columns sized to fit) ------- */

static unsigned num_width(uint64_t v)
{
	unsigned w = 1;
	while (v >= 10) {
		v /= 10;
		w++;
	}
	return w;
}

static void size_columns(unsigned *cols, int n, const uint64_t *vals)
{
	for (int i = 0; i < n; i++) {
		unsigned w = num_width(vals[i]);
		if (w > cols[i])
			cols[i] = w;
	}
}

static void print_nums(struct strbuf *b, const unsigned *cols, const uint64_t *vals, int n)
{
	for (int i = 0; i < n; i++)
		sb_printf(b, "%*llu ", (int)cols[i], (unsigned long long)vals[i]);
}

/* Errors, missed, multicast, carrier errors and collisions are not counted
 * by the engine and show 0; so do the -s -s error breakdowns and the
 * carrier transitions (ENGINE: no carrier_changes counter). */
static void link_stats(struct strbuf *b, const struct netdev *dev, int level)
{
	const struct netdev_stats *s = &dev->stats;
	/* "*X errors:", packets, errors, dropped, heartbt, overrun, compressed, otherhost */
	unsigned cols[8] = { 10, 7, 6, 7, 7, 7, 10, 9 };
	uint64_t rx[6] = { s->rx_bytes, s->rx_packets, 0, s->rx_dropped, 0, 0 };
	uint64_t tx[6] = { s->tx_bytes, s->tx_packets, 0, s->tx_dropped, 0, 0 };
	uint64_t zero[6] = { 0 };
	size_columns(cols, 6, rx);
	size_columns(cols, 6, tx);
	if (level > 1)
		size_columns(cols, 6, zero);
	sb_printf(b, "    RX: %*s %*s %*s %*s %*s %*s %*s\n", (int)cols[0] - 4, "bytes", (int)cols[1],
		  "packets", (int)cols[2], "errors", (int)cols[3], "dropped", (int)cols[4], "missed",
		  (int)cols[5], "mcast", (int)cols[6], "");
	sb_puts(b, "    ");
	print_nums(b, cols, rx, 6);
	if (level > 1) {
		sb_printf(b, "\n    RX errors:%*s %*s %*s %*s %*s %*s\n", (int)cols[0] - 10, "",
			  (int)cols[1], "length", (int)cols[2], "crc", (int)cols[3], "frame",
			  (int)cols[4], "fifo", (int)cols[5], "overrun");
		sb_printf(b, "%*s", (int)cols[0] + 5, "");
		print_nums(b, cols + 1, zero, 5);
	}
	sb_printf(b, "\n    TX: %*s %*s %*s %*s %*s %*s %*s\n", (int)cols[0] - 4, "bytes",
		  (int)cols[1], "packets", (int)cols[2], "errors", (int)cols[3], "dropped",
		  (int)cols[4], "carrier", (int)cols[5], "collsns", (int)cols[6], "");
	sb_puts(b, "    ");
	print_nums(b, cols, tx, 6);
	if (level > 1) {
		sb_printf(b, "\n    TX errors:%*s %*s %*s %*s %*s %*s\n", (int)cols[0] - 10, "",
			  (int)cols[1], "aborted", (int)cols[2], "fifo", (int)cols[3], "window",
			  (int)cols[4], "heartbt", (int)cols[5], "transns");
		sb_printf(b, "%*s", (int)cols[0] + 5, "");
		print_nums(b, cols + 1, zero, 5);
	}
	sb_puts(b, "\n");
}

/* ---- one device: the header ----------------------------------------------- */

/* print_linkinfo(): "N: NAME[@PEER]: <FLAGS> mtu M qdisc Q [master BR ]state S
 * [mode DEFAULT ]group default qlen L", then the link/ether line unless
 * `ip -4 addr` (link-netns then ends the first line), details with -d,
 * and, for `ip link -s`, the counters. */
static void print_link(struct strbuf *b, const struct ip_opts *o, int family,
		       const struct netdev *dev, bool do_link)
{
	struct link_view v = link_view_of(dev);
	sb_printf(b, "%d: ", dev->ifindex);
	link_name(b, dev);
	sb_puts(b, ": ");
	link_flags(b, dev, &v);
	sb_printf(b, "mtu %u qdisc %s ", dev->mtu, link_qdisc(dev));
	if (dev->master)
		sb_printf(b, "master %s ", dev->master->name);
	sb_printf(b, "state %s ", v.state);
	if (do_link)
		sb_puts(b, "mode DEFAULT ");
	sb_puts(b, "group default ");
	if (link_qlen(dev))
		sb_printf(b, "qlen %u", link_qlen(dev));
	if (do_link || family != 4 || o->details) {
		sb_puts(b, "\n");
		link_addr(b, dev);
	}
	link_netns(b, dev);
	if (o->details)
		link_details(b, dev);
	sb_puts(b, "\n");
	if (do_link && o->stats)
		link_stats(b, dev, o->stats);
}

/* print_linkinfo_brief() */
static void print_link_brief(struct strbuf *b, const struct netdev *dev, bool with_link)
{
	struct strbuf name = { 0 };
	struct link_view v = link_view_of(dev);
	link_name(&name, dev);
	sb_printf(b, "%-16s %-14s ", sb_str(&name), v.state);
	sb_free(&name);
	if (with_link) {
		char mac[18];
		units_format_mac(dev->mac, mac);
		sb_printf(b, "%s ", mac);
		link_flags(b, dev, &v);
		sb_puts(b, "\n");
	}
}

/* ---- addresses ------------------------------------------------------------- */

/* A secondary address has an earlier one on the same subnet with the same
 * prefix length (net/ipv4/devinet.c __inet_insert_ifa()). */
static bool addr_secondary(const struct netdev *dev, const struct ifaddr *a)
{
	uint32_t mask = units_prefix_mask(a->plen);
	for (const struct ifaddr *b = dev->addrs; b && b != a; b = b->next)
		if (b->plen == a->plen && ((b->addr ^ a->addr) & mask) == 0)
			return true;
	return false;
}

static bool addr_is_host_scope(const struct ifaddr *a)
{
	/* iproute2's default_scope(): 127.0.0.0/8 is scope host. */
	return (a->addr >> 24) == 127;
}

/* The broadcast address as `ip addr` shows it, or 0 for none.  Linux shows
 * "brd" only when one was given (`brd +`, `brd ADDR`, `broadcast ADDR`);
 * the subnet's all-ones address is a broadcast address either way.
 * ENGINE: struct ifaddr keeps one brd, filled in by netdev_addr_add() for
 * every address, with no mark of whether it was given; so a brd equal to
 * that default is not shown, and `brd +` prints like no brd at all. */
static uint32_t addr_brd(const struct ifaddr *a)
{
	uint32_t mask = units_prefix_mask(a->plen);
	uint32_t dflt = a->plen >= 31 ? 0 : (a->addr & mask) | ~mask;
	return a->brd == dflt ? 0 : a->brd;
}

struct addr_filter {
	bool have_pfx;
	uint32_t pfx;
	int pfx_len;
	int scope;                      /* -1: any */
	int primary;                    /* -1 any, 1 primary only, 0 secondary only */
	bool none;                      /* a flag no IPv4 address here has (dynamic, ...) */
	const char *label;
};

static bool addr_match(const struct netdev *dev, const struct ifaddr *a,
		       const struct addr_filter *f)
{
	if (f->none)
		return false;
	if (f->scope >= 0 && f->scope != (addr_is_host_scope(a) ? 254 : 0))
		return false;
	if (f->primary >= 0 && f->primary == (int)addr_secondary(dev, a))
		return false;
	if (f->label && fnmatch(f->label, dev->name, 0) != 0)
		return false;
	if (f->have_pfx && f->pfx_len > 0 &&
	    ((a->addr ^ f->pfx) & units_prefix_mask(f->pfx_len)) != 0)
		return false;
	return true;
}

/* Addresses in the kernel's list order: primaries, then secondaries (a
 * secondary goes to the end of the list, a primary after the last primary).
 * A malloc'd array the caller frees; *n is its length. */
static struct ifaddr **addrs_ordered(const struct netdev *dev, int *n)
{
	int count = 0;
	for (const struct ifaddr *a = dev->addrs; a; a = a->next)
		count++;
	struct ifaddr **out = wl_calloc((size_t)count + 1, sizeof *out);
	*n = 0;
	for (int pass = 0; pass < 2; pass++)
		for (struct ifaddr *a = dev->addrs; a; a = a->next)
			if ((int)addr_secondary(dev, a) == pass)
				out[(*n)++] = a;
	return out;
}

/* print_addrinfo(), IPv4 only. */
static void print_addr(struct strbuf *b, const struct ip_opts *o, const struct netdev *dev,
		       const struct ifaddr *a)
{
	char ip[16];
	units_format_ipv4(a->addr, ip);
	if (o->brief) {
		sb_printf(b, "%s/%d ", ip, a->plen);
		return;
	}
	struct strbuf rec = { 0 };
	if (o->oneline)
		sb_printf(&rec, "%d: %s", dev->ifindex, dev->name);
	sb_printf(&rec, "    inet %s/%d ", ip, a->plen);
	uint32_t brd = addr_brd(a);
	if (brd) {
		char bs[16];
		units_format_ipv4(brd, bs);
		sb_printf(&rec, "brd %s ", bs);
	}
	sb_printf(&rec, "scope %s ", addr_is_host_scope(a) ? "host" : "global");
	if (addr_secondary(dev, a))
		sb_puts(&rec, "secondary ");
	sb_printf(&rec, "%s\n       valid_lft forever preferred_lft forever\n", dev->name);
	if (o->oneline) {
		/* _SL_: lines of one record joined by a backslash. */
		for (size_t i = 0; i + 1 < rec.len; i++)
			if (rec.s[i] == '\n')
				rec.s[i] = '\\';
	}
	sb_puts(b, sb_str(&rec));
	sb_free(&rec);
}

/* ---- reading addresses as iproute2 does -------------------------------------- */

/* get_addr_ipv4() (lib/utils.c): up to four parts, each strtoul() in base 0
 * (so "010" is 8 and "0x0a" is 10), missing parts zero: "10.1" is
 * 10.1.0.0, "10" is 10.0.0.0.  Laxer than units_parse_ipv4() on purpose:
 * this is what `ip` accepts. */
static bool ip4_get_addr(const char *cp, uint32_t *out)
{
	uint8_t ap[4] = { 0 };
	for (int i = 0; i < 4; i++) {
		char *endp;
		if (*cp == '-' || *cp == '+' || *cp == ' ')
			return false;
		unsigned long n = strtoul(cp, &endp, 0);
		if (n > 255 || endp == cp)
			return false;
		ap[i] = (uint8_t)n;
		if (*endp == '\0')
			break;
		if (i == 3 || *endp != '.')
			return false;
		cp = endp + 1;
	}
	*out = (uint32_t)ap[0] << 24 | (uint32_t)ap[1] << 16 | (uint32_t)ap[2] << 8 | ap[3];
	return true;
}

/* get_prefix_1() for IPv4: ADDR[/LEN], LEN a number (base 0) up to 32 or a
 * contiguous dotted netmask; no slash means /32.  *slash tells whether a
 * length was given (`ip addr del` without one deletes by address alone). */
static bool ip4_get_prefix(const char *arg, uint32_t *addr, int *plen, bool *slash)
{
	char buf[64];
	if (strlen(arg) >= sizeof buf)
		return false;
	snprintf(buf, sizeof buf, "%s", arg);
	char *sl = strchr(buf, '/');
	if (sl)
		*sl++ = '\0';
	uint32_t a;
	if (!ip4_get_addr(buf, &a))
		return false;
	int len = 32;
	if (sl) {
		char *end;
		unsigned long v = strtoul(sl, &end, 0);
		if (*sl && *sl != '-' && !*end) {
			if (v > 32)
				return false;
			len = (int)v;
		} else {
			uint32_t m;
			if (!ip4_get_addr(sl, &m))
				return false;
			/* mask2bits(): ones then zeros only */
			len = 0;
			while (len < 32 && (m & (0x80000000u >> len)))
				len++;
			if (len < 32 && (m << len) != 0)
				return false;
		}
	}
	*addr = a;
	*plen = len;
	if (slash)
		*slash = sl != NULL;
	return true;
}

/* ---- finding devices ------------------------------------------------------- */

/* ll_name_to_index(): a name, or "ifN" for index N. */
static struct netdev *dev_lookup(struct node *n, const char *name)
{
	struct netdev *d = node_dev(n, name);
	if (d || strncmp(name, "if", 2) != 0 || !name[2])
		return d;
	int idx = 0;
	for (const char *p = name + 2; *p; p++) {
		if (*p < '0' || *p > '9' || idx > 100000000)
			return NULL;
		idx = idx * 10 + (*p - '0');
	}
	return node_dev_by_index(n, idx);
}

/* The kind as `ip link show type TYPE` matches it (IFLA_INFO_KIND): veth and
 * bridge devices have one; lo and a physical NIC have none. */
static const char *dev_kind_word(const struct netdev *dev)
{
	switch (dev->kind) {
	case ND_VETH: return "veth";
	case ND_BRIDGE: return "bridge";
	default: return NULL;
	}
}

/* ---- the lister -------------------------------------------------------------- */

static void invarg(struct cmd_ctx *c, const char *msg, const char *arg)
{
	sb_printf(c->err, "Error: argument \"%s\" is wrong: %s\n", arg, msg);
}

static void addr_usage(struct strbuf *err);

static int addr_del_one(struct netdev *dev, struct ifaddr *a);

int ip_addr_list(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv,
		 bool do_link, bool flush)
{
	struct node *n = o->ns;
	const char *filter_dev = NULL;
	bool up = false;
	int master = 0;                 /* >0 ifindex, -1 nomaster */
	const char *kind = NULL, *slave_kind = NULL;
	int group = 0;
	struct addr_filter af = { .scope = -1, .primary = -1 };
	/* ip link: AF_PACKET (1); ip -0 addr too. */
	int family = do_link ? 1 : o->family;
	char kindbuf[64];

	if (flush && argc <= 0) {
		sb_puts(c->err, "Flush requires arguments.\n");
		return 1;
	}
	for (; argc > 0; argc--, argv++) {
		const char *a = argv[0];
		if (strcmp(a, "to") == 0) {
			if (argc < 2)
				goto incomplete;
			argc--, argv++;
			if (family == 1) {
				sb_printf(c->err, "Error: \"%s\" may be inet prefix, but it is not "
						  "allowed in this context.\n", argv[0]);
				return 1;
			}
			if (!ip4_get_prefix(argv[0], &af.pfx, &af.pfx_len, NULL)) {
				sb_printf(c->err, "Error: %s prefix is expected rather than \"%s\".\n",
					  family == 4 ? "inet" : "any valid", argv[0]);
				return 1;
			}
			af.have_pfx = true;
			if (family == 0)
				family = 4;     /* filter.family = filter.pfx.family */
		} else if (strcmp(a, "scope") == 0) {
			if (argc < 2)
				goto incomplete;
			argc--, argv++;
			const char *s = argv[0];
			char *end;
			long v;
			if (strcmp(s, "host") == 0)
				af.scope = 254;
			else if (strcmp(s, "link") == 0)
				af.scope = 253;
			else if (strcmp(s, "global") == 0 || strcmp(s, "universe") == 0)
				af.scope = 0;
			else if (strcmp(s, "site") == 0)
				af.scope = 200;
			else if (strcmp(s, "nowhere") == 0)
				af.scope = 255;
			else if (strcmp(s, "all") == 0)
				af.scope = -1;
			else if ((v = strtol(s, &end, 0)) >= 0 && v <= 255 && *s && !*end)
				af.scope = (int)v;
			else {
				invarg(c, "invalid \"scope\"\n", s);
				return 255;
			}
		} else if (strcmp(a, "up") == 0) {
			up = true;
		} else if (strcmp(a, "primary") == 0 || strcmp(a, "-secondary") == 0) {
			af.primary = 1;
		} else if (strcmp(a, "secondary") == 0 || strcmp(a, "-primary") == 0) {
			af.primary = 0;
		} else if (strcmp(a, "permanent") == 0 || strcmp(a, "-dynamic") == 0 ||
			   strcmp(a, "-tentative") == 0 || strcmp(a, "-deprecated") == 0 ||
			   strcmp(a, "-dadfailed") == 0 || strcmp(a, "-temporary") == 0) {
			/* every address here is permanent, none tentative ... */
		} else if (strcmp(a, "dynamic") == 0 || strcmp(a, "-permanent") == 0 ||
			   strcmp(a, "tentative") == 0 || strcmp(a, "deprecated") == 0 ||
			   strcmp(a, "dadfailed") == 0 || strcmp(a, "temporary") == 0) {
			af.none = true;
		} else if (strcmp(a, "label") == 0) {
			if (argc < 2)
				goto incomplete;
			argc--, argv++;
			af.label = argv[0];
		} else if (strcmp(a, "group") == 0) {
			if (argc < 2)
				goto incomplete;
			argc--, argv++;
			char *end;
			long g = strtol(argv[0], &end, 0);
			if (strcmp(argv[0], "default") == 0)
				group = 0;
			else if (*argv[0] && !*end && g >= 0)
				group = (int)g;
			else {
				invarg(c, "Invalid \"group\" value\n", argv[0]);
				return 255;
			}
		} else if (strcmp(a, "master") == 0) {
			if (argc < 2)
				goto incomplete;
			argc--, argv++;
			struct netdev *m = dev_lookup(n, argv[0]);
			if (!m) {
				invarg(c, "Device does not exist\n", argv[0]);
				return 255;
			}
			master = m->ifindex;
		} else if (strcmp(a, "vrf") == 0) {
			sb_puts(c->err, "wirelab: VRFs are not modelled\n");
			return 255;
		} else if (strcmp(a, "nomaster") == 0) {
			master = -1;
		} else if (strcmp(a, "type") == 0) {
			if (argc < 2)
				goto incomplete;
			argc--, argv++;
			snprintf(kindbuf, sizeof kindbuf, "%s", argv[0]);
			size_t len = strlen(kindbuf);
			if (len >= 6 && strcmp(kindbuf + len - 6, "_slave") == 0) {
				kindbuf[len - 6] = '\0';
				slave_kind = kindbuf;
			} else {
				kind = kindbuf;
			}
		} else {
			if (strcmp(a, "dev") == 0) {
				if (argc < 2)
					goto incomplete;
				argc--, argv++;
				a = argv[0];
			} else if (cmd_matches(a, "help")) {
				if (do_link)
					ip_link_usage(c->err);
				else
					addr_usage(c->err);
				return 255;
			}
			if (filter_dev) {
				sb_printf(c->err, "Error: either \"dev\" is duplicate, or \"%s\" is a "
						  "garbage.\n", a);
				return 255;
			}
			filter_dev = a;
		}
	}

	struct netdev *only = NULL;
	if (filter_dev) {
		only = dev_lookup(n, filter_dev);
		if (!only) {
			sb_printf(c->err, "Device \"%s\" does not exist.\n", filter_dev);
			return 1;
		}
		if (do_link && !node_dev(n, filter_dev)) {
			/* `ip link show DEV` asks the kernel by name (iplink_get()),
			 * which knows no "ifN" spelling. */
			sb_puts(c->err, "RTNETLINK answers: No such device\n"
					"Cannot send link get request: No such device\n");
			return 1;
		}
	}
	if (flush && family == 1) {
		sb_puts(c->err, "Cannot flush link addresses.\n");
		return 1;
	}
	if (family == 6) {
		/* No IPv6 addresses exist here: nothing to show or flush. */
		return 0;
	}

	/* The devices to visit, in ifindex order; a flush changes the lists
	 * as it goes, so take them first. */
	size_t nd = n->n_devs;
	struct netdev **devs = wl_calloc(nd + 1, sizeof *devs);
	size_t k = 0;
	for (size_t i = 0; i < nd; i++) {
		struct netdev *d = n->devs[i];
		if (only && d != only)
			continue;
		if (up && !d->up)
			continue;
		if (group != 0)
			continue;
		if (master > 0 && (!d->master || d->master->ifindex != master))
			continue;
		if (master < 0 && d->master)
			continue;
		if (kind && (!dev_kind_word(d) || strcmp(kind, dev_kind_word(d)) != 0))
			continue;
		if (slave_kind && (!d->master || strcmp(slave_kind, "bridge") != 0))
			continue;
		devs[k++] = d;
	}

	if (flush) {
		for (size_t i = 0; i < k; i++) {
			struct netdev *d = devs[i];
			struct ifaddr *a = d->addrs;
			while (a) {
				if (!addr_match(d, a, &af)) {
					a = a->next;
					continue;
				}
				/* Deleting a primary takes its secondaries with it:
				 * start again from the head. */
				if (addr_del_one(d, a) < 0)
					break;
				a = d->addrs;
			}
		}
		free(devs);
		return 0;
	}

	for (size_t i = 0; i < k; i++) {
		struct netdev *d = devs[i];
		int nall = 0, na = 0;
		struct ifaddr **list = addrs_ordered(d, &nall);
		if (family != 1) {
			/* ipaddr_filter(): a device with addresses, none of them
			 * matching, is left out; one with no address at all stays
			 * unless a family was asked for. */
			for (int j = 0; j < nall; j++)
				if (addr_match(d, list[j], &af))
					list[na++] = list[j];
			if (na == 0 && (nall > 0 || family == 4)) {
				free(list);
				continue;
			}
		}
		if (o->brief) {
			print_link_brief(c->out, d, family == 1);
			if (family != 1) {
				for (int j = 0; j < na; j++)
					print_addr(c->out, o, d, list[j]);
				sb_puts(c->out, "\n");
			}
			free(list);
			continue;
		}
		/* With a label filter or -o, ip prints the addresses alone. */
		if ((!o->oneline && !af.label) || family == 1) {
			struct strbuf rec = { 0 };
			print_link(&rec, o, family, d, do_link);
			if (o->oneline) {
				for (size_t j = 0; j + 1 < rec.len; j++)
					if (rec.s[j] == '\n')
						rec.s[j] = '\\';
			}
			sb_puts(c->out, sb_str(&rec));
			sb_free(&rec);
		}
		for (int j = 0; j < na; j++)
			print_addr(c->out, o, d, list[j]);
		if (!do_link && o->stats && ((!o->oneline && !af.label) || family == 1))
			link_stats(c->out, d, o->stats);
		free(list);
	}
	free(devs);
	return 0;

incomplete:
	sb_puts(c->err, "Command line is not complete. Try option \"help\"\n");
	return 255;
}

/* ---- ip address add | change | replace | del ------------------------------ */

static void addr_usage(struct strbuf *err)
{
	sb_puts(err,
		"Usage: ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ]\n"
		"                                                      [ CONFFLAG-LIST ]\n"
		"       ip address del IFADDR dev IFNAME [mngtmpaddr]\n"
		"       ip address {save|flush} [ dev IFNAME ] [ scope SCOPE-ID ]\n"
		"                            [ to PREFIX ] [ FLAG-LIST ] [ label LABEL ] [up]\n"
		"       ip address [ show [ dev IFNAME ] [ scope SCOPE-ID ] [ master DEVICE ]\n"
		"                         [ nomaster ]\n"
		"                         [ type TYPE ] [ to PREFIX ] [ FLAG-LIST ]\n"
		"                         [ label LABEL ] [up] [ vrf NAME ] ]\n"
		"       ip address {showdump|restore}\n"
		"IFADDR := PREFIX | ADDR peer PREFIX\n"
		"          [ broadcast ADDR ] [ anycast ADDR ]\n"
		"          [ label IFNAME ] [ scope SCOPE-ID ] [ metric METRIC ]\n"
		"SCOPE-ID := [ host | link | global | NUMBER ]\n"
		"FLAG-LIST := [ FLAG-LIST ] FLAG\n"
		"FLAG  := [ permanent | dynamic | secondary | primary |\n"
		"           [-]tentative | [-]deprecated | [-]dadfailed | temporary |\n"
		"           CONFFLAG-LIST ]\n"
		"CONFFLAG-LIST := [ CONFFLAG-LIST ] CONFFLAG\n"
		"CONFFLAG  := [ home | nodad | mngtmpaddr | noprefixroute | autojoin ]\n"
		"LIFETIME := [ valid_lft LFT ] [ preferred_lft LFT ]\n"
		"LFT := forever | SECONDS\n"
		"TYPE := { amt | bareudp | bond | bond_slave | bridge | bridge_slave |\n"
		"          dsa | dummy | erspan | geneve | gre | gretap | gtp | ifb |\n"
		"          ip6erspan | ip6gre | ip6gretap | ip6tnl |\n"
		"          ipip | ipoib | ipvlan | ipvtap |\n"
		"          macsec | macvlan | macvtap |\n"
		"          netdevsim | nlmon | rmnet | sit | team | team_slave |\n"
		"          vcan | veth | vlan | vrf | vti | vxcan | vxlan | wwan |\n"
		"          xfrm | virt_wifi }\n");
}

/* Delete one address; a primary takes the secondaries of its subnet with it
 * (net/ipv4/devinet.c __inet_del_ifa() with promote_secondaries off, the
 * default). */
static int addr_del_one(struct netdev *dev, struct ifaddr *a)
{
	if (!addr_secondary(dev, a)) {
		uint32_t mask = units_prefix_mask(a->plen);
		for (;;) {
			struct ifaddr *s = NULL;
			for (struct ifaddr *b = a->next; b; b = b->next)
				if (b->plen == a->plen && ((b->addr ^ a->addr) & mask) == 0)
					s = b;
			if (!s)
				break;
			netdev_addr_del(dev, s->addr, s->plen);
		}
	}
	return netdev_addr_del(dev, a->addr, a->plen);
}

static bool is_ipv6_word(const char *s)
{
	return strchr(s, ':') != NULL;
}

enum addr_cmd { ADDR_ADD, ADDR_CHANGE, ADDR_REPLACE, ADDR_DEL };

static int addr_modify(struct cmd_ctx *c, const struct ip_opts *o, enum addr_cmd cmd, int argc,
		       char **argv)
{
	const char *d = NULL, *label = NULL, *lcl_arg = NULL;
	bool have_local = false, lcl_slash = false, family_known = o->family == 4;
	uint32_t lcl = 0;
	int plen = 32;
	int brd_mode = 0;               /* 0 none, 1 given, -1 '+', -2 '-' */
	uint32_t brd = 0;
	const char *scope = NULL;

	if (o->family == 6 || o->family == 1) {
		sb_printf(c->err, "wirelab: ip -%s address is not modelled: only IPv4 addresses "
				  "exist here\n", o->family == 6 ? "6" : "0");
		return 2;
	}
	for (; argc > 0; argc--, argv++) {
		const char *a = argv[0];
		if (strcmp(a, "peer") == 0 || strcmp(a, "remote") == 0 ||
		    strcmp(a, "anycast") == 0 || cmd_matches(a, "metric") ||
		    cmd_matches(a, "priority") || cmd_matches(a, "preference") ||
		    strcmp(a, "home") == 0 || strcmp(a, "nodad") == 0 ||
		    strcmp(a, "mngtmpaddr") == 0 || strcmp(a, "noprefixroute") == 0 ||
		    strcmp(a, "autojoin") == 0) {
			sb_printf(c->err, "wirelab: ip address ... %s is not modelled (wirelab has: "
					  "PREFIX, broadcast|brd ADDR|+|-, dev, label DEV, "
					  "scope host|global, valid_lft|preferred_lft forever)\n", a);
			return 2;
		} else if (cmd_matches(a, "broadcast") || strcmp(a, "brd") == 0) {
			if (argc < 2)
				goto incomplete;
			argc--, argv++;
			if (brd_mode) {
				sb_printf(c->err, "Error: duplicate \"broadcast\": \"%s\" is the second "
						  "value.\n", argv[0]);
				return 255;
			}
			if (strcmp(argv[0], "+") == 0) {
				brd_mode = -1;
			} else if (strcmp(argv[0], "-") == 0) {
				brd_mode = -2;
			} else {
				if (is_ipv6_word(argv[0]) && !family_known)
					goto ipv6;
				if (!ip4_get_addr(argv[0], &brd)) {
					sb_printf(c->err, "Error: %s address is expected rather than "
							  "\"%s\".\n", family_known ? "inet" : "any valid",
						  argv[0]);
					return 1;
				}
				family_known = true;
				brd_mode = 1;
			}
		} else if (strcmp(a, "scope") == 0) {
			if (argc < 2)
				goto incomplete;
			argc--, argv++;
			scope = argv[0];
			if (strcmp(scope, "host") != 0 && strcmp(scope, "global") != 0 &&
			    strcmp(scope, "universe") != 0 && strcmp(scope, "link") != 0 &&
			    strcmp(scope, "site") != 0 && strcmp(scope, "nowhere") != 0) {
				char *end;
				long v = strtol(scope, &end, 0);
				if (!*scope || *end || v < 0 || v > 255) {
					invarg(c, "invalid scope value.", scope);
					return 255;
				}
			}
		} else if (strcmp(a, "dev") == 0) {
			if (argc < 2)
				goto incomplete;
			argc--, argv++;
			d = argv[0];
		} else if (strcmp(a, "label") == 0) {
			if (argc < 2)
				goto incomplete;
			argc--, argv++;
			label = argv[0];
		} else if (cmd_matches(a, "valid_lft") || cmd_matches(a, "preferred_lft")) {
			if (argc < 2)
				goto incomplete;
			argc--, argv++;
			if (strcmp(argv[0], "forever") != 0) {
				sb_printf(c->err, "wirelab: address lifetimes are not modelled: every "
						  "address is valid and preferred forever\n");
				return 2;
			}
		} else {
			if (strcmp(a, "local") == 0) {
				if (argc < 2)
					goto incomplete;
				argc--, argv++;
				a = argv[0];
			}
			if (cmd_matches(a, "help")) {
				addr_usage(c->err);
				return 255;
			}
			if (have_local) {
				sb_printf(c->err, "Error: either \"local\" is duplicate, or \"%s\" is a "
						  "garbage.\n", a);
				return 255;
			}
			if (is_ipv6_word(a) && !family_known)
				goto ipv6;
			if (!ip4_get_prefix(a, &lcl, &plen, &lcl_slash)) {
				sb_printf(c->err, "Error: %s prefix is expected rather than \"%s\".\n",
					  family_known ? "inet" : "any valid", a);
				return 1;
			}
			family_known = true;
			have_local = true;
			lcl_arg = a;
		}
	}
	if (!d) {
		sb_puts(c->err, "Not enough information: \"dev\" argument is required.\n");
		return 1;
	}
	bool wildcard = false;
	if (cmd == ADDR_DEL && have_local && !lcl_slash) {
		sb_printf(c->err,
			  "Warning: Executing wildcard deletion to stay compatible with old scripts.\n"
			  "         Explicitly specify the prefix length (%s/%d) to avoid this warning.\n"
			  "         This special behaviour is likely to disappear in further releases,\n"
			  "         fix your scripts!\n", lcl_arg, 32);
		wildcard = true;
	}
	struct netdev *dev = dev_lookup(o->ns, d);
	if (!dev) {
		sb_printf(c->err, "Cannot find device \"%s\"\n", d);
		return 1;
	}
	struct world *w = o->ns->w;

	if (cmd == ADDR_DEL) {
		struct ifaddr *a = NULL;
		if (!have_local) {
			/* An RTM_DELADDR without IFA_LOCAL for IPv4: refused. */
			sb_puts(c->err, "RTNETLINK answers: Operation not supported\n");
			return 2;
		}
		int na = 0;
		struct ifaddr **list = addrs_ordered(dev, &na);
		for (int i = 0; i < na && !a; i++)
			if (list[i]->addr == lcl && (wildcard || list[i]->plen == plen))
				a = list[i];
		free(list);
		if (!a) {
			/* 6.1 has no extack here: the errno's words. */
			sb_puts(c->err, "RTNETLINK answers: Cannot assign requested address\n");
			return 2;
		}
		addr_del_one(dev, a);
		return 0;
	}

	if (!have_local) {
		/* An RTM_NEWADDR without IFA_LOCAL: the kernel refuses it. */
		sb_puts(c->err, "RTNETLINK answers: Operation not supported\n");
		return 2;
	}
	if (label && strcmp(label, d) != 0) {
		sb_printf(c->err, "wirelab: address labels are not modelled: the label is always "
				  "the device's name (%s)\n", dev->name);
		return 2;
	}
	bool host = (lcl >> 24) == 127;
	if (scope && strcmp(scope, host ? "host" : "global") != 0 &&
	    !(!host && strcmp(scope, "universe") == 0) &&
	    !(host && strcmp(scope, "254") == 0) && !(!host && strcmp(scope, "0") == 0)) {
		sb_printf(c->err, "wirelab: address scopes are not modelled: %s is scope %s\n",
			  lcl_arg, host ? "host" : "global");
		return 2;
	}
	/* `brd +` / `brd -`: all ones / all zeros in the host part, for
	 * prefixes up to /30 (ipaddr_modify()). */
	uint32_t mask = units_prefix_mask(plen);
	bool set_brd = false;
	if (brd_mode == 1) {
		set_brd = true;
	} else if (brd_mode < 0) {
		set_brd = true;
		if (plen > 30)
			brd = 0;
		else
			brd = brd_mode == -1 ? (lcl & mask) | ~mask : lcl & mask;
	}

	struct ifaddr *have = NULL;
	for (struct ifaddr *a = dev->addrs; a; a = a->next)
		if (a->addr == lcl && a->plen == plen)
			have = a;
	if (have) {
		if (cmd == ADDR_ADD) {
			sb_puts(c->err, "RTNETLINK answers: File exists\n");
			return 2;
		}
		/* NLM_F_REPLACE on an existing address changes its lifetimes and
		 * metric only (inet_rtm_newaddr()); the broadcast stays. */
		return 0;
	}
	int rc = netdev_addr_add(dev, lcl, plen);
	if (rc < 0) {
		sb_printf(c->err, "%s\n", world_error(w));
		return 2;
	}
	if (set_brd) {
		for (struct ifaddr *a = dev->addrs; a; a = a->next)
			if (a->addr == lcl && a->plen == plen)
				a->brd = brd;
	}
	return 0;

ipv6:
	sb_puts(c->err, "wirelab: IPv6 is not modelled: only IPv4 addresses exist here\n");
	return 2;
incomplete:
	sb_puts(c->err, "Command line is not complete. Try option \"help\"\n");
	return 255;
}

/* do_ipaddr(): subcommands matched in iproute2's order, so `ip a a` adds. */
int ip_addr(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	argc--, argv++;
	if (argc < 1)
		return ip_addr_list(c, o, 0, NULL, false, false);
	const char *s = argv[0];
	argc--, argv++;
	if (cmd_matches(s, "add"))
		return addr_modify(c, o, ADDR_ADD, argc, argv);
	if (cmd_matches(s, "change") || strcmp(s, "chg") == 0)
		return addr_modify(c, o, ADDR_CHANGE, argc, argv);
	if (cmd_matches(s, "replace"))
		return addr_modify(c, o, ADDR_REPLACE, argc, argv);
	if (cmd_matches(s, "delete"))
		return addr_modify(c, o, ADDR_DEL, argc, argv);
	if (cmd_matches(s, "list") || cmd_matches(s, "show") || cmd_matches(s, "lst"))
		return ip_addr_list(c, o, argc, argv, false, false);
	if (cmd_matches(s, "flush"))
		return ip_addr_list(c, o, argc, argv, false, true);
	if (cmd_matches(s, "save") || cmd_matches(s, "showdump") || cmd_matches(s, "restore")) {
		sb_printf(c->err, "wirelab: ip address %s is not modelled (wirelab has: add, change, "
				  "replace, del, show, flush)\n", s);
		return 255;
	}
	if (cmd_matches(s, "help")) {
		addr_usage(c->err);
		return 255;
	}
	sb_printf(c->err, "Command \"%s\" is unknown, try \"ip address help\".\n", s);
	return 255;
}
