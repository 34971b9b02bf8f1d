/* wl_bench.c — the reference workloads of WORKLOADS.md, built in C with the
 * engine API and timed.
 *
 *   wl-bench w1 N [--pcap DIR]    W1 lan-echo: N hosts on one learning switch
 *   wl-bench w2 R [--pcap DIR]    W2 router-chain: left host, R routers, right host
 *
 * One run per process, so that the peak RSS printed (getrusage, the whole
 * process) belongs to that run alone.  Set-up (building the topology and
 * starting the processes), the event loop (world_run) and tear-down (closing
 * the pcap writer, world_free) are timed separately; frames/s and events/s
 * use the event loop's wall time only, as WORKLOADS.md counts them.  The
 * loop's CPU time (user + system, getrusage) is printed beside it: on a
 * shared machine it shows how much of the wall time was this process.
 *
 * The run prints one line of key=value pairs (easy to read and to parse) and
 * checks the expected counts: N*K (W1) or K (W2) datagrams sent, echoed and
 * received, and no drop other than "otherhost" (a unicast frame flooded by
 * the switch to a host it is not for, discarded as Linux's PACKET_OTHERHOST
 * discards it: not a lost datagram).  Exit status 0 when the counts are
 * right, 1 when not (with the reason on stderr), 2 on a usage or set-up error.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "core/trace.h"
#include "core/world.h"
#include "dev/bridge.h"
#include "dev/link.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/route.h"
#include "net/sysctl.h"
#include "out/pcap_out.h"
#include "proc/proc.h"
#include "proc/udp_echo.h"
#include "util/units.h"

#define ECHO_PORT 9
#define PAYLOAD 64

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of the whole process so far (user + system), in seconds. */
static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

static void fail_setup(struct world *w, const char *what)
{
	fprintf(stderr, "wl-bench: set-up failed: %s: %s\n", what, w ? world_error(w) : "");
	exit(2);
}

static struct node *mk_node(struct world *w, const char *name, enum node_role role)
{
	struct node *n = node_new(w, name, role);
	if (!n)
		fail_setup(w, name);
	netdev_set_up(n->lo, true);
	return n;
}

static struct netdev *mk_dev(struct node *n, int idx)
{
	char name[IFNAMSIZ];
	snprintf(name, sizeof name, "eth%d", idx);
	struct netdev *d = netdev_new(n, name, ND_ETH);
	if (!d)
		fail_setup(n->w, name);
	return d;
}

/* Cable a to b with new devices a:eth<ia> and b:eth<ib>; a switch's end is
 * enslaved to its br0.  Returns the two devices, up. */
static void mk_link(struct world *w, struct node *a, int ia, struct node *b, int ib,
		    const struct link_params *lp, struct netdev **da, struct netdev **db)
{
	struct node *ends[2] = { a, b };
	int idx[2] = { ia, ib };
	struct netdev *devs[2];
	for (int i = 0; i < 2; i++) {
		devs[i] = mk_dev(ends[i], idx[i]);
		if (ends[i]->role == NODE_SWITCH) {
			struct netdev *br = node_dev(ends[i], "br0");
			if (!br || bridge_add_port(br, devs[i]) != 0)
				fail_setup(w, "bridge_add_port");
		}
	}
	if (!link_connect(w, devs[0], devs[1], lp))
		fail_setup(w, "link_connect");
	netdev_set_up(devs[0], true);
	netdev_set_up(devs[1], true);
	if (da)
		*da = devs[0];
	if (db)
		*db = devs[1];
}

static void mk_addr(struct netdev *d, uint32_t addr, int plen)
{
	if (netdev_addr_add(d, addr, plen) != 0)
		fail_setup(d->node->w, "netdev_addr_add");
}

static void mk_route(struct node *n, uint32_t dst, int plen, uint32_t gw)
{
	struct route r = { 0 };
	r.dst = dst;
	r.plen = plen;
	r.gw = gw;
	r.proto = RTP_BOOT;
	if (route_add(n, &r, ROUTE_EXCL) != 0)
		fail_setup(n->w, "route_add");
}

static void mk_sysctl(struct node *n, const char *name, int v)
{
	if (sysctl_set(n, name, v) != 0)
		fail_setup(n->w, name);
}

/* ---- the run ------------------------------------------------------------- */

struct run {
	const char *wl;                 /* "W1" or "W2" */
	const char *size_key;           /* "N" or "R" */
	long size;
	const char *pcap_dir;
	struct world *w;
	struct proc **clients, **servers;
	size_t n_clients, n_servers;
	long expect;                    /* datagrams each of sent, echoed, received */
	int64_t until_ns;
	const char *note;               /* extra words for the output line, or NULL */
};

static int finish(struct run *r, double setup_s)
{
	struct world *w = r->w;
	char err[512] = "";
	struct pcap_out *po = NULL;
	double t0 = now_s();
	if (r->pcap_dir) {
		if (mkdir(r->pcap_dir, 0777) != 0 && errno != EEXIST) {
			fprintf(stderr, "wl-bench: cannot create %s: %s\n", r->pcap_dir, strerror(errno));
			return 2;
		}
		po = pcap_out_open(w, r->pcap_dir, err, sizeof err);
		if (!po) {
			fprintf(stderr, "wl-bench: pcap: %s\n", err);
			return 2;
		}
		if (!trace_wants(w, TR_TX) || !trace_wants(w, TR_RX)) {
			fprintf(stderr, "wl-bench: pcap: the trace stream does not deliver frames\n");
			return 2;
		}
	}
	setup_s += now_s() - t0;

	/* The event loop, and nothing else, is timed here. */
	double c0 = cpu_s();
	double l0 = now_s();
	enum world_stop why = world_run(w, r->until_ns, 0);
	double loop_s = now_s() - l0;
	double loop_cpu_s = cpu_s() - c0;

	long sent = 0, echoed = 0, received = 0, errors = 0;
	for (size_t i = 0; i < r->n_clients; i++) {
		const struct udp_echo_stats *st = udp_echo_stats(r->clients[i]);
		sent += st->sent;
		received += st->received;
		errors += st->errors;
	}
	for (size_t i = 0; i < r->n_servers; i++)
		echoed += udp_echo_stats(r->servers[i])->echoed;
	uint64_t frames = w->stats.frames, events = w->stats.events;
	uint64_t drops = 0, drops_other = 0;
	char reasons[1024] = "";
	size_t rl = 0;
	for (int k = 0; k < DROP__COUNT; k++) {
		uint64_t c = w->stats.drops[k];
		if (!c)
			continue;
		drops += c;
		if (k != DROP_OTHERHOST)
			drops_other += c;
		if (rl < sizeof reasons - 1)
			rl += (size_t)snprintf(reasons + rl, sizeof reasons - rl, "%s%s:%llu",
					       rl ? "," : "", drop_reason_word((enum drop_reason)k),
					       (unsigned long long)c);
	}

	double d0 = now_s();
	int files = 0;
	double pcap_close_s = 0;
	if (po) {
		files = pcap_out_close(po, err, sizeof err);
		pcap_close_s = now_s() - d0;
	}
	world_free(w);
	double teardown_s = now_s() - d0;

	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double rss_mib = (double)ru.ru_maxrss / 1024.0;  /* KiB on Linux */

	printf("%s %s=%ld pcap=%s frames=%llu events=%llu setup_s=%.3f loop_s=%.4f "
	       "loop_cpu_s=%.4f teardown_s=%.3f frames_per_s=%.0f events_per_s=%.0f peak_rss_mib=%.1f "
	       "sent=%ld echoed=%ld received=%ld errors=%ld drops=%llu drops_not_otherhost=%llu "
	       "drop_reasons=%s",
	       r->wl, r->size_key, r->size, po ? "on" : "off", (unsigned long long)frames,
	       (unsigned long long)events, setup_s, loop_s, loop_cpu_s, teardown_s,
	       loop_s > 0 ? (double)frames / loop_s : 0.0,
	       loop_s > 0 ? (double)events / loop_s : 0.0, rss_mib, sent, echoed, received,
	       errors, (unsigned long long)drops, (unsigned long long)drops_other,
	       rl ? reasons : "none");
	if (po)
		printf(" pcap_files=%d pcap_close_s=%.3f", files, pcap_close_s);
	if (r->note)
		printf(" note=%s", r->note);
	putchar('\n');
	fflush(stdout);

	int bad = 0;
	if (why != WS_UNTIL && why != WS_IDLE) {
		fprintf(stderr, "wl-bench: %s %s=%ld: event loop stopped early (%d)\n", r->wl,
			r->size_key, r->size, (int)why);
		bad = 1;
	}
	if (sent != r->expect || echoed != r->expect || received != r->expect) {
		fprintf(stderr,
			"wl-bench: %s %s=%ld: expected %ld sent, echoed and received; got %ld sent, "
			"%ld echoed, %ld received\n",
			r->wl, r->size_key, r->size, r->expect, sent, echoed, received);
		bad = 1;
	}
	if (errors) {
		fprintf(stderr, "wl-bench: %s %s=%ld: %ld send errors or ICMP errors at clients\n",
			r->wl, r->size_key, r->size, errors);
		bad = 1;
	}
	if (drops_other) {
		fprintf(stderr, "wl-bench: %s %s=%ld: unexpected drops: %s\n", r->wl, r->size_key,
			r->size, reasons);
		bad = 1;
	}
	if (po && files < 0) {
		fprintf(stderr, "wl-bench: pcap: %s\n", err);
		bad = 1;
	}
	free(r->clients);
	free(r->servers);
	return bad;
}

/* ---- W1 lan-echo ----------------------------------------------------------- */

static int run_w1(long n, const char *pcap_dir)
{
	const long K = 100;
	if (n < 2 || n > 65533) {
		fprintf(stderr, "wl-bench: w1: N must be 2..65533\n");
		return 2;
	}
	double s0 = now_s();
	struct run r = { .wl = "W1", .size_key = "N", .size = n, .pcap_dir = pcap_dir };
	struct world *w = r.w = world_new(1);

	struct link_params lp;
	link_params_default(&lp);
	lp.rate_bps = 100000000ULL;     /* 100 Mbit/s */
	lp.delay_ns = 1 * NS_PER_US;

	struct node *sw = mk_node(w, "sw", NODE_SWITCH);
	struct netdev *br = netdev_new(sw, "br0", ND_BRIDGE);
	if (!br)
		fail_setup(w, "br0");
	netdev_set_up(br, true);

	const uint32_t base = 0x0a000000u;  /* 10.0.0.0/16 */
	r.clients = calloc((size_t)n, sizeof *r.clients);
	r.servers = calloc((size_t)n, sizeof *r.servers);
	if (!r.clients || !r.servers)
		fail_setup(w, "out of memory");
	for (long i = 0; i < n; i++) {
		char name[NODE_NAME_MAX];
		snprintf(name, sizeof name, "h%ld", i);
		struct node *h = mk_node(w, name, NODE_HOST);
		struct netdev *hd;
		mk_link(w, h, 0, sw, (int)i, &lp, &hd, NULL);
		mk_addr(hd, base + (uint32_t)i + 1, 16);
		r.servers[i] = udp_echo_server_start(h, ECHO_PORT);
		if (!r.servers[i])
			fail_setup(w, "udp_echo_server_start");
		r.n_servers++;
	}
	for (long i = 0; i < n; i++) {
		struct udp_echo_client_opts o = {
			.dst = base + (uint32_t)((i + 1) % n) + 1,
			.port = ECHO_PORT,
			.count = K,
			.size = PAYLOAD,
			.interval_ns = NS_PER_MS,
			.start_ns = NS_PER_S + i * 100 * NS_PER_US,
		};
		r.clients[i] = udp_echo_client_start(w->nodes[i + 1], &o);
		if (!r.clients[i])
			fail_setup(w, "udp_echo_client_start");
		r.n_clients++;
	}
	r.expect = n * K;
	r.until_ns = NS_PER_S + (n - 1) * 100 * NS_PER_US + K * NS_PER_MS + 100 * NS_PER_MS;
	return finish(&r, now_s() - s0);
}

/* ---- W2 router-chain ------------------------------------------------------- */

/* Link k's subnet: 10.0.k.0/24 as WORKLOADS.md says for k < 256; from 256 on
 * the third and second octets carry on counting, 10.(k/256).(k%256).0/24,
 * which is the same formula for k < 256. */
static uint32_t w2_subnet(long k)
{
	return 0x0a000000u + ((uint32_t)k << 8);
}

/* Routes on router j (node j) for the subnets of links 0..j-2 (those left of
 * its own left link), via its left neighbour gw: the smallest set of CIDR
 * blocks covering that contiguous range of /24s. */
static void w2_left_routes(struct node *rt, long j, uint32_t gw)
{
	uint64_t lo = 0, hi = (uint64_t)(j - 1);        /* /24 indices [lo, hi) */
	while (lo < hi) {
		uint64_t size = 1;
		while ((lo & (size * 2 - 1)) == 0 && lo + size * 2 <= hi)
			size *= 2;
		int plen = 24;
		for (uint64_t s = size; s > 1; s >>= 1)
			plen--;
		mk_route(rt, w2_subnet((long)lo), plen, gw);
		lo += size;
	}
}

static int run_w2(long R, const char *pcap_dir)
{
	const long K = 1000;
	if (R < 1 || R > 65534) {
		fprintf(stderr, "wl-bench: w2: R must be 1..65534\n");
		return 2;
	}
	double s0 = now_s();
	struct run r = { .wl = "W2", .size_key = "R", .size = R, .pcap_dir = pcap_dir };
	if (R > 254)
		fprintf(stderr, "wl-bench: warning: W2 R=%ld: a datagram sent with TTL 255 expires "
			"after 254 routers, so this run cannot deliver\n", R);
	if (R + 1 > 256)
		r.note = "links_from_256_use_10.(k/256).(k%256).0/24";
	struct world *w = r.w = world_new(1);

	struct link_params lp;
	link_params_default(&lp);
	lp.rate_bps = 1000000000ULL;    /* 1 Gbit/s */
	lp.delay_ns = 1 * NS_PER_US;

	long nn = R + 2;
	struct node **nodes = calloc((size_t)nn, sizeof *nodes);
	if (!nodes)
		fail_setup(w, "out of memory");
	for (long k = 0; k < nn; k++) {
		char name[NODE_NAME_MAX];
		if (k == 0)
			snprintf(name, sizeof name, "left");
		else if (k == nn - 1)
			snprintf(name, sizeof name, "right");
		else
			snprintf(name, sizeof name, "r%ld", k);
		nodes[k] = mk_node(w, name, (k == 0 || k == nn - 1) ? NODE_HOST : NODE_ROUTER);
	}
	/* Link k joins node k (its eth1, or eth0 on the left host: .1) and node
	 * k+1 (its eth0: .2). */
	for (long k = 0; k <= R; k++) {
		struct netdev *a, *b;
		mk_link(w, nodes[k], k == 0 ? 0 : 1, nodes[k + 1], 0, &lp, &a, &b);
		mk_addr(a, w2_subnet(k) + 1, 24);
		mk_addr(b, w2_subnet(k) + 2, 24);
	}
	/* Hosts: a default route to the neighbouring router.  Routers: a
	 * default route to the right, and routes for the subnets on the left. */
	mk_route(nodes[0], 0, 0, w2_subnet(0) + 2);
	mk_route(nodes[nn - 1], 0, 0, w2_subnet(R) + 1);
	for (long j = 1; j <= R; j++) {
		mk_route(nodes[j], 0, 0, w2_subnet(j) + 2);
		w2_left_routes(nodes[j], j, w2_subnet(j - 1) + 1);
	}
	mk_sysctl(nodes[0], "net.ipv4.ip_default_ttl", 255);
	mk_sysctl(nodes[nn - 1], "net.ipv4.ip_default_ttl", 255);

	r.servers = calloc(1, sizeof *r.servers);
	r.clients = calloc(1, sizeof *r.clients);
	if (!r.servers || !r.clients)
		fail_setup(w, "out of memory");
	r.servers[0] = udp_echo_server_start(nodes[nn - 1], ECHO_PORT);
	if (!r.servers[0])
		fail_setup(w, "udp_echo_server_start");
	r.n_servers = 1;
	struct udp_echo_client_opts o = {
		.dst = w2_subnet(R) + 2,
		.port = ECHO_PORT,
		.count = K,
		.size = PAYLOAD,
		.interval_ns = NS_PER_MS,
		.start_ns = NS_PER_S,
	};
	r.clients[0] = udp_echo_client_start(nodes[0], &o);
	if (!r.clients[0])
		fail_setup(w, "udp_echo_client_start");
	r.n_clients = 1;
	free(nodes);
	r.expect = K;
	r.until_ns = 2 * NS_PER_S + 100 * NS_PER_MS;
	return finish(&r, now_s() - s0);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: wl-bench w1 N [--pcap DIR]   W1 lan-echo, N hosts on a switch\n"
		   "       wl-bench w2 R [--pcap DIR]   W2 router-chain, R routers\n"
		   "Workloads as /work/shared/WORKLOADS.md defines them; one run per process.\n");
}

int main(int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc != 3 && !(argc == 5 && strcmp(argv[3], "--pcap") == 0)) {
		usage(stderr);
		return 2;
	}
	char *end;
	errno = 0;
	long size = strtol(argv[2], &end, 10);
	if (errno || *end || end == argv[2]) {
		fprintf(stderr, "wl-bench: bad size \"%s\": expected a whole number\n", argv[2]);
		return 2;
	}
	const char *pcap = argc == 5 ? argv[4] : NULL;
	if (strcmp(argv[1], "w1") == 0)
		return run_w1(size, pcap);
	if (strcmp(argv[1], "w2") == 0)
		return run_w2(size, pcap);
	usage(stderr);
	return 2;
}
