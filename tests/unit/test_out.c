/* test_out.c — the trace consumers in sim/out: pcap files and the event log.
 *
 * A tiny world is built by hand (nodes and devices, no links) and records
 * are fed straight into trace_emit(), so these tests check the writers
 * alone: what libpcap reads back from each file (link type, snapshot,
 * nanosecond timestamps, bytes), which files exist when (lazy creation,
 * header-only files at close, a file closed when its device is deleted,
 * -2 names), the open-file limit, exact JSON lines with every escaping
 * rule, and byte-identical output for identical input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "core/trace.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "out/jsonl_out.h"
#include "out/pcap_out.h"
#include "wire/bytes.h"
#include "wire/csum.h"

#define ERRLEN 512

/* ---- fixtures ------------------------------------------------------------ */

/* ICMP echo request 10.0.0.1 -> 10.0.0.2, id 1, seq 1, 56 bytes of data,
 * in an Ethernet II frame 02:00:00:00:00:01 -> 02:00:00:00:00:02: 98 bytes,
 * checksums correct.  Byte `salt` varies the payload between frames. */
#define PING_LEN 98
static void make_ping(uint8_t f[PING_LEN], uint8_t salt)
{
	static const uint8_t head[34] = {
		0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00,
		0x45, 0x00, 0x00, 0x54, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01, 0x00, 0x00,
		10, 0, 0, 1, 10, 0, 0, 2,
	};
	memcpy(f, head, sizeof head);
	wr_be16(f + 24, csum_inet(f + 14, 20));
	uint8_t *icmp = f + 34;
	memset(icmp, 0, PING_LEN - 34);
	icmp[0] = 8;                      /* echo request */
	wr_be16(icmp + 4, 1);             /* id */
	wr_be16(icmp + 6, 1);             /* seq */
	for (int i = 8; i < PING_LEN - 34; i++)
		icmp[i] = (uint8_t)(i + salt);
	wr_be16(icmp + 2, csum_inet(icmp, PING_LEN - 34));
}

struct mini {
	struct world *w;
	struct node *a, *b;
	struct netdev *a_eth0, *b_eth0;
	char dir[64];
};

static void mini_init(struct mini *m)
{
	m->w = world_new(1);
	m->a = node_new(m->w, "a", NODE_HOST);
	m->b = node_new(m->w, "b", NODE_HOST);
	assert_non_null(m->a);
	assert_non_null(m->b);
	m->a_eth0 = netdev_new(m->a, "eth0", ND_ETH);
	m->b_eth0 = netdev_new(m->b, "eth0", ND_ETH);
	assert_non_null(m->a_eth0);
	assert_non_null(m->b_eth0);
	snprintf(m->dir, sizeof m->dir, "%s", "/tmp/wl-test-out.XXXXXX");
	assert_non_null(mkdtemp(m->dir));
}

static void rm_rf(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	char path[512];
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static void mini_fini(struct mini *m)
{
	world_free(m->w);
	rm_rf(m->dir);
}

static void emit_frame(struct world *w, enum trace_kind k, struct netdev *dev, int64_t t_ns,
		       const uint8_t *b, uint32_t len, uint64_t pkt)
{
	struct trace_rec r = { .kind = k, .t_ns = t_ns, .node = dev->node, .dev = dev,
			       .layer = TL_ETH, .bytes = b, .len = len, .pkt_id = pkt };
	trace_emit(w, &r);
}

static bool file_exists(const char *dir, const char *name)
{
	char path[512];
	struct stat sb;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return stat(path, &sb) == 0;
}

static long file_size(const char *dir, const char *name)
{
	char path[512];
	struct stat sb;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (stat(path, &sb) != 0)
		return -1;
	return (long)sb.st_size;
}

static size_t count_files(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);
	assert_non_null(buf);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* One packet as libpcap reads it back. */
struct got_pkt {
	int64_t t_ns;
	uint32_t caplen, len;
	uint8_t bytes[PING_LEN];
};

/* Read dir/name with nanosecond precision; checks the header and returns
 * the number of packets (up to max stored in out). */
static int read_pcap(const char *dir, const char *name, struct got_pkt *out, int max)
{
	char path[512], errbuf[PCAP_ERRBUF_SIZE];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	pcap_t *p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!p)
		fail_msg("pcap_open_offline(%s): %s", path, errbuf);
	assert_int_equal(pcap_datalink(p), DLT_EN10MB);
	assert_int_equal(pcap_snapshot(p), 262144);
	assert_int_equal(pcap_get_tstamp_precision(p), PCAP_TSTAMP_PRECISION_NANO);
	int n = 0, rc;
	struct pcap_pkthdr *h;
	const u_char *data;
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		if (n < max) {
			out[n].t_ns = (int64_t)h->ts.tv_sec * NS_PER_S + h->ts.tv_usec;
			out[n].caplen = h->caplen;
			out[n].len = h->len;
			memcpy(out[n].bytes, data, h->caplen < PING_LEN ? h->caplen : PING_LEN);
		}
		n++;
	}
	assert_int_equal(rc, PCAP_ERROR_BREAK);     /* a clean end of file */
	pcap_close(p);
	return n;
}

/* ---- pcap ---------------------------------------------------------------- */

static void test_pcap_roundtrip(void **state)
{
	(void)state;
	struct mini m;
	mini_init(&m);
	char err[ERRLEN] = "";
	struct pcap_out *po = pcap_out_open(m.w, m.dir, err, sizeof err);
	assert_non_null(po);

	uint8_t f1[PING_LEN], f2[PING_LEN];
	make_ping(f1, 1);
	make_ping(f2, 2);
	emit_frame(m.w, TR_TX, m.a_eth0, 0, f1, PING_LEN, 1);
	emit_frame(m.w, TR_TX, m.a_eth0, 1000000123, f2, PING_LEN, 2);
	emit_frame(m.w, TR_RX, m.b_eth0, 1000000123 + 5000, f2, PING_LEN, 2);
	/* 59 bytes: shorter than Ethernet's minimum, kept as it is. */
	emit_frame(m.w, TR_TX, m.a_eth0, 7 * NS_PER_S + 999999999, f1, 59, 3);
	/* Not Ethernet: a pcap of link type EN10MB cannot hold it. */
	struct trace_rec ip = { .kind = TR_TX, .t_ns = 8 * NS_PER_S, .node = m.a, .dev = m.a_eth0,
				.layer = TL_IP, .bytes = f1 + 14, .len = PING_LEN - 14 };
	trace_emit(m.w, &ip);
	/* Longer than the snapshot length: cut, with the real length kept. */
	uint32_t big_len = 300000;
	uint8_t *big = calloc(1, big_len);
	assert_non_null(big);
	memcpy(big, f1, PING_LEN);
	emit_frame(m.w, TR_TX, m.a_eth0, 9 * NS_PER_S, big, big_len, 4);
	free(big);

	/* Lazy: files exist only for devices that carried a frame. */
	assert_int_equal(pcap_out_files(po), 2);
	assert_true(file_exists(m.dir, "a-eth0.pcap"));
	assert_true(file_exists(m.dir, "b-eth0.pcap"));
	assert_false(file_exists(m.dir, "a-lo.pcap"));

	/* a-eth0, b-eth0, and header-only files for a-lo and b-lo. */
	assert_int_equal(pcap_out_close(po, err, sizeof err), 4);
	assert_int_equal(count_files(m.dir), 4);

	/* The file header by hand: nanosecond magic, v2.4, snaplen, EN10MB. */
	char path[512];
	snprintf(path, sizeof path, "%s/a-eth0.pcap", m.dir);
	size_t flen;
	uint8_t *raw = (uint8_t *)slurp(path, &flen);
	assert_true(flen >= 24);
	uint32_t magic, snap, linktype;
	uint16_t vmaj, vmin;
	memcpy(&magic, raw, 4);
	memcpy(&vmaj, raw + 4, 2);
	memcpy(&vmin, raw + 6, 2);
	memcpy(&snap, raw + 16, 4);
	memcpy(&linktype, raw + 20, 4);
	assert_int_equal(magic, 0xa1b23c4du);
	assert_int_equal(vmaj, 2);
	assert_int_equal(vmin, 4);
	assert_int_equal(snap, 262144);
	assert_int_equal(linktype, 1);
	/* 24 header + 4 records of 16 + data */
	assert_int_equal(flen, 24 + 16 * 4 + PING_LEN * 2 + 59 + 262144);
	free(raw);

	struct got_pkt got[8];
	assert_int_equal(read_pcap(m.dir, "a-eth0.pcap", got, 8), 4);
	assert_int_equal(got[0].t_ns, 0);
	assert_int_equal(got[1].t_ns, 1000000123);
	assert_int_equal(got[2].t_ns, 7999999999);
	assert_int_equal(got[3].t_ns, 9000000000);
	assert_int_equal(got[0].caplen, PING_LEN);
	assert_int_equal(got[0].len, PING_LEN);
	assert_memory_equal(got[0].bytes, f1, PING_LEN);
	assert_memory_equal(got[1].bytes, f2, PING_LEN);
	assert_int_equal(got[2].caplen, 59);
	assert_int_equal(got[2].len, 59);
	assert_memory_equal(got[2].bytes, f1, 59);
	assert_int_equal(got[3].caplen, 262144);
	assert_int_equal(got[3].len, 300000);
	assert_memory_equal(got[3].bytes, f1, PING_LEN);

	assert_int_equal(read_pcap(m.dir, "b-eth0.pcap", got, 8), 1);
	assert_int_equal(got[0].t_ns, 1000005123);
	assert_memory_equal(got[0].bytes, f2, PING_LEN);

	assert_int_equal(read_pcap(m.dir, "a-lo.pcap", got, 8), 0);
	assert_int_equal(file_size(m.dir, "a-lo.pcap"), 24);
	assert_int_equal(read_pcap(m.dir, "b-lo.pcap", got, 8), 0);

	/* The writer gave tap back. */
	assert_null(m.a_eth0->tap);
	assert_null(m.b_eth0->tap);
	mini_fini(&m);
}

static void test_pcap_empty_run(void **state)
{
	(void)state;
	struct mini m;
	mini_init(&m);
	char err[ERRLEN] = "";
	struct pcap_out *po = pcap_out_open(m.w, m.dir, err, sizeof err);
	assert_non_null(po);
	assert_int_equal(pcap_out_files(po), 0);
	assert_int_equal(count_files(m.dir), 0);
	assert_int_equal(pcap_out_close(po, err, sizeof err), 4);
	const char *names[] = { "a-lo.pcap", "a-eth0.pcap", "b-lo.pcap", "b-eth0.pcap" };
	struct got_pkt got[1];
	for (int i = 0; i < 4; i++) {
		assert_int_equal(file_size(m.dir, names[i]), 24);
		assert_int_equal(read_pcap(m.dir, names[i], got, 1), 0);
	}
	mini_fini(&m);
}

static void test_pcap_device_deleted(void **state)
{
	(void)state;
	struct mini m;
	mini_init(&m);
	char err[ERRLEN] = "";
	struct netdev *eth1 = netdev_new(m.a, "eth1", ND_ETH);
	struct netdev *eth9 = netdev_new(m.a, "eth9", ND_ETH);
	assert_non_null(eth1);
	assert_non_null(eth9);
	/* A trailing slash on the directory is fine. */
	char dir_slash[80];
	snprintf(dir_slash, sizeof dir_slash, "%s/", m.dir);
	struct pcap_out *po = pcap_out_open(m.w, dir_slash, err, sizeof err);
	assert_non_null(po);

	uint8_t f1[PING_LEN], f2[PING_LEN];
	make_ping(f1, 1);
	make_ping(f2, 2);
	emit_frame(m.w, TR_TX, eth1, 10, f1, PING_LEN, 1);
	emit_frame(m.w, TR_TX, eth1, 20, f2, PING_LEN, 2);
	/* Buffered, not yet on disk in full. */
	assert_true(file_size(m.dir, "a-eth1.pcap") < 24 + 2 * (16 + PING_LEN));

	/* The engine emits TR_TABLE link del: the file is flushed and closed. */
	netdev_del(eth1);
	assert_int_equal(file_size(m.dir, "a-eth1.pcap"), 24 + 2 * (16 + PING_LEN));
	struct got_pkt got[4];
	assert_int_equal(read_pcap(m.dir, "a-eth1.pcap", got, 4), 2);
	assert_int_equal(got[1].t_ns, 20);

	/* Deleted without a frame: a header-only file right away. */
	netdev_del(eth9);
	assert_int_equal(file_size(m.dir, "a-eth9.pcap"), 24);
	assert_int_equal(pcap_out_files(po), 2);

	/* A new device with the old name gets a file of its own. */
	struct netdev *eth1b = netdev_new(m.a, "eth1", ND_ETH);
	assert_non_null(eth1b);
	emit_frame(m.w, TR_RX, eth1b, 30, f2, PING_LEN, 3);
	assert_int_equal(pcap_out_files(po), 3);

	/* Renamed after its first frame: the file keeps the name it was
	 * given, and a new device of the old name gets -2. */
	emit_frame(m.w, TR_TX, m.a_eth0, 40, f1, PING_LEN, 4);
	snprintf(m.a_eth0->name, sizeof m.a_eth0->name, "%s", "uplink");
	struct netdev *eth0b = netdev_new(m.a, "eth0", ND_ETH);
	assert_non_null(eth0b);
	emit_frame(m.w, TR_TX, eth0b, 50, f2, PING_LEN, 5);
	emit_frame(m.w, TR_TX, m.a_eth0, 60, f2, PING_LEN, 6);

	/* Files: a-eth1, a-eth9, a-eth1-2, a-eth0, a-eth0-2; at close a-lo,
	 * b-lo, b-eth0. */
	assert_int_equal(pcap_out_close(po, err, sizeof err), 8);
	assert_int_equal(count_files(m.dir), 8);
	assert_int_equal(read_pcap(m.dir, "a-eth1-2.pcap", got, 4), 1);
	assert_int_equal(got[0].t_ns, 30);
	assert_int_equal(read_pcap(m.dir, "a-eth0.pcap", got, 4), 2);
	assert_int_equal(got[0].t_ns, 40);
	assert_int_equal(got[1].t_ns, 60);
	assert_int_equal(read_pcap(m.dir, "a-eth0-2.pcap", got, 4), 1);
	assert_int_equal(got[0].t_ns, 50);
	assert_memory_equal(got[0].bytes, f2, PING_LEN);
	assert_int_equal(read_pcap(m.dir, "b-eth0.pcap", got, 4), 0);
	assert_false(file_exists(m.dir, "a-uplink.pcap"));
	mini_fini(&m);
}

/* "a-b" + "c" and "a" + "b-c" would both be a-b-c.pcap. */
static void test_pcap_name_clash(void **state)
{
	(void)state;
	struct mini m;
	mini_init(&m);
	char err[ERRLEN] = "";
	struct node *ab = node_new(m.w, "a-b", NODE_HOST);
	assert_non_null(ab);
	struct netdev *c = netdev_new(ab, "c", ND_VETH);
	struct netdev *bc = netdev_new(m.a, "b-c", ND_VETH);
	assert_non_null(c);
	assert_non_null(bc);
	struct pcap_out *po = pcap_out_open(m.w, m.dir, err, sizeof err);
	assert_non_null(po);
	uint8_t f[PING_LEN];
	make_ping(f, 0);
	emit_frame(m.w, TR_TX, bc, 1, f, PING_LEN, 1);
	emit_frame(m.w, TR_TX, c, 2, f, PING_LEN, 2);
	/* a-b-c, a-b-c-2; at close a-lo a-eth0 b-lo b-eth0 a-b-lo */
	assert_int_equal(pcap_out_close(po, err, sizeof err), 7);
	struct got_pkt got[2];
	assert_int_equal(read_pcap(m.dir, "a-b-c.pcap", got, 2), 1);
	assert_int_equal(got[0].t_ns, 1);
	assert_int_equal(read_pcap(m.dir, "a-b-c-2.pcap", got, 2), 1);
	assert_int_equal(got[0].t_ns, 2);
	assert_true(file_exists(m.dir, "a-b-lo.pcap"));
	mini_fini(&m);
}

static void test_pcap_bad_dir(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	char err[ERRLEN] = "";
	assert_null(pcap_out_open(w, "/nonexistent/wl-dir", err, sizeof err));
	assert_string_equal(err, "pcap: cannot use directory /nonexistent/wl-dir: "
				 "No such file or directory");
	assert_null(pcap_out_open(w, "/dev/null", err, sizeof err));
	assert_string_equal(err, "pcap: /dev/null is not a directory");
	/* A failed open leaves no subscription behind. */
	assert_false(trace_wants(w, TR_TX));
	assert_false(trace_wants(w, TR_TABLE));
	world_free(w);
}

/* In a child, with RLIMIT_NOFILE soft = `soft` and hard = `hard`, capture
 * n_devs devices at once.  Returns pcap_out_close()'s result through the
 * exit status: 0..n as the file count, 255 for -1 with the expected
 * message; any other failure 254. */
static int nofile_child(const char *dir, rlim_t soft, rlim_t hard, int n_devs)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl = { soft, hard };
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			_exit(254);
		struct world *w = world_new(1);
		struct node *n = node_new(w, "h", NODE_HOST);
		char err[ERRLEN] = "";
		struct pcap_out *po = pcap_out_open(w, dir, err, sizeof err);
		if (!po)
			_exit(254);
		uint8_t f[PING_LEN];
		make_ping(f, 0);
		for (int i = 0; i < n_devs; i++) {
			char name[16];
			snprintf(name, sizeof name, "veth%d", i);
			struct netdev *d = netdev_new(n, name, ND_VETH);
			if (!d)
				_exit(254);
			emit_frame(w, TR_TX, d, i, f, PING_LEN, (uint64_t)i + 1);
			emit_frame(w, TR_TX, d, i + 1000, f, PING_LEN, (uint64_t)i + 1);
		}
		int rc = pcap_out_close(po, err, sizeof err);
		world_free(w);
		if (rc >= 0)
			_exit(rc < 250 ? rc : 254);
		if (strstr(err, "pcap: cannot create ") && strstr(err, "Too many open files") &&
		    strstr(err, "ulimit -n") && strstr(err, "frames not written"))
			_exit(255);
		fprintf(stderr, "unexpected error: %s\n", err);
		_exit(254);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void test_pcap_open_file_limit(void **state)
{
	(void)state;
	char dir[64] = "/tmp/wl-test-out.XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct rlimit rl;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < 256) {
		rmdir(dir);
		skip();
	}
	/* Soft 32, hard 256: 100 devices need the soft limit raised. */
	assert_int_equal(nofile_child(dir, 32, 256, 100), 100 + 1);   /* + h-lo */
	struct got_pkt got[2];
	assert_int_equal(read_pcap(dir, "h-veth99.pcap", got, 2), 2);
	rm_rf(dir);
	assert_non_null(mkdtemp(strcpy(dir, "/tmp/wl-test-out.XXXXXX")));
	/* Hard 32: not all fit; the run goes on and close says why. */
	assert_int_equal(nofile_child(dir, 32, 32, 100), 255);
	assert_int_equal(read_pcap(dir, "h-veth0.pcap", got, 2), 2);
	rm_rf(dir);
}

/* ---- JSON Lines ---------------------------------------------------------- */

static void test_jsonl_lines(void **state)
{
	(void)state;
	struct mini m;
	mini_init(&m);
	char path[128], err[ERRLEN] = "";
	snprintf(path, sizeof path, "%s/events.jsonl", m.dir);
	struct jsonl_out *jo = jsonl_out_open(m.w, path, 0, err, sizeof err);
	assert_non_null(jo);

	uint8_t f[PING_LEN];
	make_ping(f, 0);
	emit_frame(m.w, TR_TX, m.a_eth0, 1000000123, f, PING_LEN, 12);

	struct trace_rec drop = { .kind = TR_DROP, .t_ns = 2 * NS_PER_S, .node = m.b,
				  .dev = m.b_eth0, .layer = TL_IP, .bytes = f + 14,
				  .len = PING_LEN - 14, .pkt_id = 12, .reason = DROP_IP_FORWARD_OFF,
				  .what = "ip_forward_off",
				  .text = "not for 10.0.0.2 and net.ipv4.ip_forward is 0" };
	trace_emit(m.w, &drop);

	/* Every escaping rule in one string. */
	static const char nasty[] =
		"q\" b\\ nl\n tab\t ctl\x01 del\x7f / "
		"e\xc3\xa9 euro\xe2\x82\xac smile\xf0\x9f\x98\x80 "
		"ff\xff lone\x80 overlong\xc0\xaf surrogate\xed\xa0\x80 "
		"big\xf4\x90\x80\x80 short\xe2\x82";
	struct trace_rec table = { .kind = TR_TABLE, .t_ns = 0, .node = m.a, .dev = m.a_eth0,
				   .table = "neigh", .what = "REACHABLE", .text = nasty };
	trace_emit(m.w, &table);

	struct trace_rec dec = { .kind = TR_DECISION, .t_ns = 123456789012345678, .node = m.a,
				 .what = "flood", .text = NULL };
	trace_emit(m.w, &dec);

	struct trace_rec log = { .kind = TR_LOG, .t_ns = 5, .node = m.a, .what = "ping",
				 .text = "64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.010 ms" };
	trace_emit(m.w, &log);

	/* The engine's own emitter, through netdev_new(). */
	struct netdev *e2 = netdev_new(m.b, "e2", ND_VETH);
	assert_non_null(e2);

	/* An ARP frame (60 bytes, padded) at Ethernet layer, in a drop. */
	static const uint8_t arp[60] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x06,
		0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
		0x02, 0, 0, 0, 0, 0x01, 10, 0, 0, 1,
		0, 0, 0, 0, 0, 0, 10, 0, 0, 2,
	};
	struct trace_rec adrop = { .kind = TR_DROP, .t_ns = 7, .node = m.a, .dev = m.a_eth0,
				   .layer = TL_ETH, .bytes = arp, .len = sizeof arp, .pkt_id = 99,
				   .reason = DROP_LINK_DOWN, .what = "link_down", .text = "eth0 is down" };
	trace_emit(m.w, &adrop);

	assert_int_equal(jsonl_out_records(jo), 7);
	assert_int_equal(jsonl_out_close(jo, err, sizeof err), 0);

	const char *want =
		"{\"t_ns\":1000000123,\"t\":\"1.000000123\",\"kind\":\"tx\",\"node\":\"a\","
		"\"dev\":\"eth0\",\"pkt\":12,\"len\":98,\"summary\":\"IP 10.0.0.1 > 10.0.0.2: "
		"ICMP echo request, id 1, seq 1, length 64\"}\n"

		"{\"t_ns\":2000000000,\"t\":\"2.000000000\",\"kind\":\"drop\",\"node\":\"b\","
		"\"dev\":\"eth0\",\"pkt\":12,\"len\":84,\"summary\":\"IP 10.0.0.1 > 10.0.0.2: "
		"ICMP echo request, id 1, seq 1, length 64\",\"reason\":\"ip_forward_off\","
		"\"text\":\"not for 10.0.0.2 and net.ipv4.ip_forward is 0\"}\n"

		"{\"t_ns\":0,\"t\":\"0.000000000\",\"kind\":\"table\",\"node\":\"a\",\"dev\":\"eth0\","
		"\"table\":\"neigh\",\"what\":\"REACHABLE\",\"text\":\""
		"q\\\" b\\\\ nl\\u000a tab\\u0009 ctl\\u0001 del\\u007f / "
		"e\xc3\xa9 euro\xe2\x82\xac smile\xf0\x9f\x98\x80 "
		"ff\\u00ff lone\\u0080 overlong\\u00c0\\u00af surrogate\\u00ed\\u00a0\\u0080 "
		"big\\u00f4\\u0090\\u0080\\u0080 short\\u00e2\\u0082\"}\n"

		"{\"t_ns\":123456789012345678,\"t\":\"123456789.012345678\",\"kind\":\"decision\","
		"\"node\":\"a\",\"what\":\"flood\"}\n"

		"{\"t_ns\":5,\"t\":\"0.000000005\",\"kind\":\"log\",\"node\":\"a\",\"what\":\"ping\","
		"\"text\":\"64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.010 ms\"}\n"

		"{\"t_ns\":0,\"t\":\"0.000000000\",\"kind\":\"table\",\"node\":\"b\",\"dev\":\"e2\","
		"\"table\":\"link\",\"what\":\"add\",\"text\":\"e2: new veth device\"}\n"

		"{\"t_ns\":7,\"t\":\"0.000000007\",\"kind\":\"drop\",\"node\":\"a\",\"dev\":\"eth0\","
		"\"pkt\":99,\"len\":60,\"summary\":\"ARP, Request who-has 10.0.0.2 tell 10.0.0.1, "
		"length 46\",\"reason\":\"link_down\",\"text\":\"eth0 is down\"}\n";
	char *got = slurp(path, NULL);
	assert_string_equal(got, want);
	free(got);
	mini_fini(&m);
}

static void test_jsonl_mask(void **state)
{
	(void)state;
	struct mini m;
	mini_init(&m);
	char path[128], err[ERRLEN] = "";
	snprintf(path, sizeof path, "%s/log-only.jsonl", m.dir);
	struct jsonl_out *jo = jsonl_out_open(m.w, path, TR_MASK(TR_LOG), err, sizeof err);
	assert_non_null(jo);
	assert_true(trace_wants(m.w, TR_LOG));
	assert_false(trace_wants(m.w, TR_TX));
	uint8_t f[PING_LEN];
	make_ping(f, 0);
	emit_frame(m.w, TR_TX, m.a_eth0, 1, f, PING_LEN, 1);
	trace_log(m.w, m.a, "ping", "PING %s", "10.0.0.2");
	assert_int_equal(jsonl_out_records(jo), 1);
	assert_int_equal(jsonl_out_close(jo, err, sizeof err), 0);
	assert_false(trace_wants(m.w, TR_LOG));
	char *got = slurp(path, NULL);
	assert_string_equal(got, "{\"t_ns\":0,\"t\":\"0.000000000\",\"kind\":\"log\",\"node\":\"a\","
				 "\"what\":\"ping\",\"text\":\"PING 10.0.0.2\"}\n");
	free(got);
	mini_fini(&m);
}

static void test_jsonl_errors(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct node *a = node_new(w, "a", NODE_HOST);
	char err[ERRLEN] = "";
	assert_null(jsonl_out_open(w, "/nonexistent/dir/events.jsonl", 0, err, sizeof err));
	assert_string_equal(err, "event log: cannot create /nonexistent/dir/events.jsonl: "
				 "No such file or directory");
	/* A full disk: the error comes at close, the run is not stopped. */
	struct stat sb;
	if (stat("/dev/full", &sb) == 0) {
		struct jsonl_out *jo = jsonl_out_open(w, "/dev/full", 0, err, sizeof err);
		assert_non_null(jo);
		trace_log(w, a, "ping", "hello");
		assert_int_equal(jsonl_out_close(jo, err, sizeof err), -1);
		assert_string_equal(err, "event log: error writing /dev/full: "
					 "No space left on device");
	}
	world_free(w);
}

/* ---- determinism --------------------------------------------------------- */

/* One run: a world, both writers, a few records.  Returns the directory. */
static void run_once(char dir[64])
{
	struct world *w = world_new(7);
	struct node *a = node_new(w, "a", NODE_HOST);
	struct node *b = node_new(w, "b", NODE_ROUTER);
	struct netdev *ae = netdev_new(a, "eth0", ND_ETH);
	struct netdev *be = netdev_new(b, "eth0", ND_ETH);
	strcpy(dir, "/tmp/wl-test-out.XXXXXX");
	assert_non_null(mkdtemp(dir));
	char err[ERRLEN] = "", path[128];
	snprintf(path, sizeof path, "%s/events.jsonl", dir);
	struct pcap_out *po = pcap_out_open(w, dir, err, sizeof err);
	struct jsonl_out *jo = jsonl_out_open(w, path, 0, err, sizeof err);
	assert_non_null(po);
	assert_non_null(jo);
	uint8_t f[PING_LEN];
	for (int i = 0; i < 50; i++) {
		make_ping(f, (uint8_t)i);
		emit_frame(w, TR_TX, ae, i * 1000003LL, f, PING_LEN, (uint64_t)i + 1);
		emit_frame(w, TR_RX, be, i * 1000003LL + 500, f, PING_LEN, (uint64_t)i + 1);
		trace_log(w, a, "ping", "reply %d", i);
	}
	struct netdev *x = netdev_new(b, "x0", ND_VETH);
	emit_frame(w, TR_TX, x, 99, f, PING_LEN, 100);
	netdev_del(x);
	assert_int_equal(jsonl_out_close(jo, err, sizeof err), 0);
	assert_int_equal(pcap_out_close(po, err, sizeof err), 5);
	world_free(w);
}

static void test_deterministic(void **state)
{
	(void)state;
	char d1[64], d2[64];
	run_once(d1);
	run_once(d2);
	const char *names[] = { "events.jsonl", "a-eth0.pcap", "b-eth0.pcap", "a-lo.pcap",
				"b-lo.pcap", "b-x0.pcap" };
	assert_int_equal(count_files(d1), 6);
	assert_int_equal(count_files(d2), 6);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char p1[128], p2[128];
		size_t l1, l2;
		snprintf(p1, sizeof p1, "%s/%s", d1, names[i]);
		snprintf(p2, sizeof p2, "%s/%s", d2, names[i]);
		char *c1 = slurp(p1, &l1), *c2 = slurp(p2, &l2);
		assert_int_equal(l1, l2);
		assert_memory_equal(c1, c2, l1);
		free(c1);
		free(c2);
	}
	rm_rf(d1);
	rm_rf(d2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pcap_roundtrip),
		cmocka_unit_test(test_pcap_empty_run),
		cmocka_unit_test(test_pcap_device_deleted),
		cmocka_unit_test(test_pcap_name_clash),
		cmocka_unit_test(test_pcap_bad_dir),
		cmocka_unit_test(test_pcap_open_file_limit),
		cmocka_unit_test(test_jsonl_lines),
		cmocka_unit_test(test_jsonl_mask),
		cmocka_unit_test(test_jsonl_errors),
		cmocka_unit_test(test_deterministic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
