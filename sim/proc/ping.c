/* ping.c — iputils ping, as `ping -c N -i I -W T -t TTL -s SIZE DEST` runs
 * on Debian 12 (iputils 20221126).  The printed text, the statistics and
 * the exit status follow ping_common.c: finish(), gather_statistics(),
 * acknowledge() and schedule_exit(). */
#include "proc/ping.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/world.h"
#include "dev/node.h"
#include "net/icmp.h"
#include "net/stack.h"
#include "proc/proc.h"
#include "proc/resolver.h"
#include "util/die.h"
#include "util/units.h"
#include "wire/icmp.h"

#define MAXWAIT_NS (10 * NS_PER_S)      /* iputils' default lingertime */

struct ping {
	struct proc *proc;
	struct node *node;
	struct ping_opts o;
	char dst_text[1024];
	struct icmp_sock *sock;
	struct ev send_timer;           /* next probe */
	struct ev exit_timer;           /* linger after the last probe */
	struct ev deadline_timer;       /* -w */
	struct ping_stats st;
	int64_t start_ns, last_send_ns;
	uint8_t *payload;               /* -s bytes */
	int pipesize;
	bool exit_scheduled;
	/* iputils keeps usec sums for the mdev line. */
	long long tsum_us, tsum2_us;
	long tmin_us, tmax_us;
	/* ping NAME: the lookup before anything is sent. */
	struct res_lookup *lookup;
	/* Lines waiting for the getnameinfo() of their source, oldest first. */
	bool names;                     /* look the sources up (a name, no -n) */
	struct ping_line *lines;
	size_t n_lines, cap_lines;
	bool finish_waits;              /* ping_finish() once the lines are out */
	bool broadcast;
	long ttl_arg;
	/* The last sendto() that failed: its errno, sequence and time. */
	int send_errno;
	uint16_t send_err_seq;
	int64_t send_err_ns;
};

void ping_opts_default(struct ping_opts *o)
{
	memset(o, 0, sizeof *o);
	o->interval_ns = NS_PER_S;
	o->size = 56;
}

static struct ping *impl_of(const struct proc *p);

/* A reply or error line as it came, until its source has a name. */
struct ping_line {
	bool is_err;
	int send_errno;                 /* "ping: sendmsg: ..." (stderr), no source */
	uint32_t from;
	uint16_t seq;
	uint8_t ttl, type, code;
	uint16_t mtu;
	uint32_t len;
	long us;
	bool timing;
};

static void ping_finish(struct ping *pg);
static void print_line(struct ping *pg, const struct ping_line *ln, const char *from);
static void name_next(struct ping *pg);

static void name_done(void *ctx, const struct res_result *r)
{
	struct ping *pg = ctx;
	pg->lookup = NULL;
	char ip[16], from[DNS_NAME_TEXT + 24];
	const struct ping_line *ln = &pg->lines[0];
	units_format_ipv4(ln->from, ip);
	/* iputils' pr_addr(): getnameinfo() without NI_NAMEREQD gives the
	 * number when nobody knows the name; it fails on EAI_AGAIN, and
	 * then only the number is printed. */
	if (r->status == RES_OK)
		snprintf(from, sizeof from, "%.1000s (%s)", r->canon, ip);
	else if (r->status == RES_NONAME)
		snprintf(from, sizeof from, "%s (%s)", ip, ip);
	else
		snprintf(from, sizeof from, "%s", ip);
	print_line(pg, ln, from);
	memmove(pg->lines, pg->lines + 1, (pg->n_lines - 1) * sizeof *pg->lines);
	pg->n_lines--;
	name_next(pg);
}

static void name_next(struct ping *pg)
{
	if (pg->lookup)
		return;
	while (pg->n_lines && pg->lines[0].send_errno) {
		print_line(pg, &pg->lines[0], NULL);
		memmove(pg->lines, pg->lines + 1, (pg->n_lines - 1) * sizeof *pg->lines);
		pg->n_lines--;
	}
	if (pg->n_lines) {
		pg->lookup = res_lookup_addr(pg->node, pg->lines[0].from, name_done, pg);
		return;
	}
	if (pg->finish_waits) {
		pg->finish_waits = false;
		ping_finish(pg);
	}
}

/* Print ln now, or queue it behind the names being looked up. */
static void emit_line(struct ping *pg, const struct ping_line *ln)
{
	if (!pg->names || (ln->send_errno && !pg->n_lines && !pg->lookup)) {
		char ip[16];
		units_format_ipv4(ln->from, ip);
		print_line(pg, ln, ip);
		return;
	}
	if (pg->n_lines == pg->cap_lines) {
		pg->cap_lines = pg->cap_lines ? 2 * pg->cap_lines : 8;
		pg->lines = wl_realloc(pg->lines, pg->cap_lines * sizeof *pg->lines);
	}
	pg->lines[pg->n_lines++] = *ln;
	name_next(pg);
}

static void ping_finish(struct ping *pg)
{
	struct proc *p = pg->proc;
	if (pg->lookup) {
		/* iputils is still inside getnameinfo(): the statistics come
		 * after the lines it is printing. */
		pg->finish_waits = true;
		return;
	}
	struct ping_stats *st = &pg->st;
	ev_cancel(pg->node->w, &pg->send_timer);
	ev_cancel(pg->node->w, &pg->exit_timer);
	ev_cancel(pg->node->w, &pg->deadline_timer);
	int64_t span = pg->last_send_ns - pg->start_ns;
	proc_printf(p, "\n--- %s ping statistics ---\n", pg->dst_text);
	proc_printf(p, "%ld packets transmitted, %ld received", st->transmitted, st->received);
	if (st->errors)
		proc_printf(p, ", +%ld errors", st->errors);
	if (st->transmitted) {
		double loss = (double)(st->transmitted - st->received) * 100.0 / (double)st->transmitted;
		proc_printf(p, ", %g%% packet loss", (float)loss);
		proc_printf(p, ", time %lldms", (long long)((span + 500000) / 1000000));
	}
	proc_printf(p, "\n");
	const char *comma = "";
	if (st->received && pg->o.size >= 16) {
		long long n = st->received;
		long long tsum = pg->tsum_us / n, tsum2 = pg->tsum2_us / n;
		long long var = tsum2 - tsum * tsum;
		long long mdev = 0;
		while ((mdev + 1) * (mdev + 1) <= var)
			mdev++;
		proc_printf(p, "rtt min/avg/max/mdev = %ld.%03ld/%lld.%03lld/%ld.%03ld/%lld.%03lld ms",
			    pg->tmin_us / 1000, pg->tmin_us % 1000, tsum / 1000, tsum % 1000,
			    pg->tmax_us / 1000, pg->tmax_us % 1000, mdev / 1000, mdev % 1000);
		comma = ", ";
	}
	if (pg->pipesize > 1)
		proc_printf(p, "%spipe %d", comma, pg->pipesize);
	proc_printf(p, "\n");
	icmp_close(pg->sock);
	pg->sock = NULL;
	/* ping exits 0 when anything came back, 1 when nothing did. */
	proc_exit(p, st->received ? 0 : 1);
}

static void exit_fire(struct world *w, struct ev *ev)
{
	(void)w;
	struct ping *pg = (struct ping *)((char *)ev - offsetof(struct ping, exit_timer));
	ping_finish(pg);
}

/* schedule_exit(): after the last probe, wait 2 x the slowest reply (at
 * least one interval) when something came back, else the linger time. */
static void schedule_exit(struct ping *pg)
{
	if (pg->exit_scheduled)
		return;
	pg->exit_scheduled = true;
	int64_t wait;
	if (pg->st.received) {
		wait = 2 * (int64_t)pg->tmax_us * NS_PER_US;
		if (wait < pg->o.interval_ns)
			wait = pg->o.interval_ns;
	} else {
		wait = pg->o.timeout_ns ? pg->o.timeout_ns : MAXWAIT_NS;
	}
	struct world *w = pg->node->w;
	int64_t at = w->now_ns + wait;
	if (!ev_pending(&pg->exit_timer) || at < pg->exit_timer.at_ns)
		ev_schedule(w, &pg->exit_timer, at);
}

static bool all_answered(const struct ping *pg)
{
	return pg->o.count && pg->st.received + pg->st.errors >= pg->o.count;
}

static void acknowledge(struct ping *pg, uint16_t seq)
{
	uint16_t diff = (uint16_t)((uint16_t)pg->st.transmitted - seq);
	if (diff <= 0x7fff && (int)diff + 1 > pg->pipesize)
		pg->pipesize = (int)diff + 1;
}

static void send_fire(struct world *w, struct ev *ev)
{
	struct ping *pg = (struct ping *)((char *)ev - offsetof(struct ping, send_timer));
	long seq = pg->st.transmitted + 1;
	uint8_t *payload = pg->payload;
	uint32_t len = (uint32_t)pg->o.size;
	/* iputils puts a struct timeval at the start of the payload and fills
	 * the rest with 0x08, 0x09, ... (the pattern of "fill()"). */
	for (uint32_t i = 0; i < len; i++)
		payload[i] = (uint8_t)(i + 8);
	if (len >= 16) {
		uint64_t sec = (uint64_t)(w->now_ns / NS_PER_S);
		uint64_t usec = (uint64_t)(w->now_ns % NS_PER_S) / 1000u;
		for (int i = 0; i < 8; i++) {
			payload[i] = (uint8_t)(sec >> (8 * i));
			payload[8 + i] = (uint8_t)(usec >> (8 * i));
		}
	}
	int rc = icmp_send_echo(pg->sock, pg->o.dst, (uint16_t)seq,
				(uint8_t)(pg->o.ttl ? pg->o.ttl : 0), payload, len);
	pg->st.transmitted++;
	pg->last_send_ns = w->now_ns;
	/* sendto() failed: a rule dropped the packet in OUTPUT or POSTROUTING
	 * (EPERM), or the route went away (ENETUNREACH).  iputils 20221126
	 * (pinger()) then reads the socket's error queue: with nothing there
	 * it says nothing, and the packet counts as sent and lost (exit 1
	 * after the linger time); only when the send queued an ICMP error
	 * (a REJECT) does it print that error and "ping: sendmsg: Operation
	 * not permitted" under it.  Both checked on Linux 6.x.  Here the
	 * error comes back through lo at this same instant, after the send:
	 * on_error() prints the line then. */
	pg->send_errno = rc < 0 ? -rc : 0;
	pg->send_err_seq = (uint16_t)seq;
	pg->send_err_ns = w->now_ns;
	if (pg->o.count && pg->st.transmitted >= pg->o.count) {
		if (all_answered(pg))
			ping_finish(pg);
		else
			schedule_exit(pg);
		return;
	}
	ev_schedule(w, &pg->send_timer, w->now_ns + pg->o.interval_ns);
}

static void on_reply(void *ctx, uint32_t from, uint16_t seq, uint8_t ttl, const uint8_t *data,
		     uint32_t len)
{
	struct ping *pg = ctx;
	struct world *w = pg->node->w;
	if (!pg->sock)
		return;
	/* Like iputils, the send time comes back in the echoed payload (a
	 * struct timeval), so sequence numbers may wrap at 65536 freely; with
	 * fewer than 16 bytes of payload there is no timing at all. */
	bool timing = pg->o.size >= 16 && len >= 16;
	long us = 0;
	if (timing) {
		uint64_t sec = 0, usec = 0;
		for (int i = 7; i >= 0; i--) {
			sec = sec << 8 | data[i];
			usec = usec << 8 | data[8 + i];
		}
		int64_t now_us = w->now_ns / 1000;
		us = (long)(now_us - (int64_t)(sec * 1000000u + usec));
		if (us < 0)
			us = 0;
	}
	int64_t rtt_ns = (int64_t)us * 1000;
	pg->st.received++;
	pg->st.rtt_sum_ns += rtt_ns;
	if (pg->st.received == 1 || rtt_ns < pg->st.rtt_min_ns)
		pg->st.rtt_min_ns = rtt_ns;
	if (rtt_ns > pg->st.rtt_max_ns)
		pg->st.rtt_max_ns = rtt_ns;
	if (pg->st.received == 1 || us < pg->tmin_us)
		pg->tmin_us = us;
	if (us > pg->tmax_us)
		pg->tmax_us = us;
	pg->tsum_us += us;
	pg->tsum2_us += (long long)us * us;
	acknowledge(pg, seq);
	if (!pg->o.quiet) {
		struct ping_line ln = { .from = from, .seq = seq, .ttl = ttl, .len = len, .us = us,
					.timing = timing };
		emit_line(pg, &ln);
	}
	if (all_answered(pg))
		ping_finish(pg);
}

static const char *icmp_error_text(uint8_t type, uint8_t code, uint16_t mtu, char *buf, size_t len)
{
	if (type == ICMP_DEST_UNREACH) {
		switch (code) {
		case ICMP_NET_UNREACH: return "Destination Net Unreachable";
		case ICMP_HOST_UNREACH: return "Destination Host Unreachable";
		case ICMP_PROT_UNREACH: return "Destination Protocol Unreachable";
		case ICMP_PORT_UNREACH: return "Destination Port Unreachable";
		case ICMP_FRAG_NEEDED:
			snprintf(buf, len, "Frag needed and DF set (mtu = %u)", mtu);
			return buf;
		/* The rest of iputils' pr_icmph() table (RFC 1122, RFC 1812
		 * codes): iptables' REJECT sends 9, 10 and 13. */
		case 5: return "Source Route Failed";
		case 6: return "Destination Net Unknown";
		case 7: return "Destination Host Unknown";
		case 8: return "Source Host Isolated";
		case 9: return "Destination Net Prohibited";
		case 10: return "Destination Host Prohibited";
		case 11: return "Destination Net Unreachable for Type of Service";
		case 12: return "Destination Host Unreachable for Type of Service";
		case ICMP_PKT_FILTERED: return "Packet filtered";
		case 14: return "Precedence Violation";
		case 15: return "Precedence Cutoff";
		}
		snprintf(buf, len, "Dest Unreachable, Bad Code: %u", code);
		return buf;
	}
	if (type == ICMP_TIME_EXCEEDED)
		return code == ICMP_EXC_TTL ? "Time to live exceeded" : "Frag reassembly time exceeded";
	snprintf(buf, len, "Bad ICMP type: %u", type);
	return buf;
}

static void on_error(void *ctx, uint32_t from, uint8_t type, uint8_t code, uint16_t seq,
		     uint16_t mtu)
{
	struct ping *pg = ctx;
	if (!pg->sock)
		return;
	pg->st.errors++;
	acknowledge(pg, seq);
	if (!pg->o.quiet) {
		struct ping_line ln = { .is_err = true, .from = from, .seq = seq, .type = type,
					.code = code, .mtu = mtu };
		emit_line(pg, &ln);
	}
	if (pg->send_errno && seq == pg->send_err_seq && pg->node->w->now_ns == pg->send_err_ns) {
		/* The error of a send that failed (a REJECT in OUTPUT): in
		 * Linux it is in the error queue when sendto() returns, so
		 * iputils prints it, then the send's errno. */
		struct ping_line ln = { .send_errno = pg->send_errno };
		if (!pg->o.quiet)
			emit_line(pg, &ln);
		pg->send_errno = 0;
	}
	if (all_answered(pg))
		ping_finish(pg);
}

static void print_line(struct ping *pg, const struct ping_line *ln, const char *from)
{
	if (ln->send_errno) {
		proc_eprintf(pg->proc, "ping: sendmsg: %s\n", strerror(ln->send_errno));
		return;
	}
	if (ln->is_err) {
		char buf[64];
		proc_printf(pg->proc, "From %s icmp_seq=%u %s\n", from, ln->seq,
			    icmp_error_text(ln->type, ln->code, ln->mtu, buf, sizeof buf));
		return;
	}
	long us = ln->us;
	proc_printf(pg->proc, "%u bytes from %s: icmp_seq=%u ttl=%u", ln->len + ICMP_HLEN, from, ln->seq,
		    ln->ttl);
	if (!ln->timing)
		proc_printf(pg->proc, "\n");
	else if (us >= 100000 - 50)
		proc_printf(pg->proc, " time=%ld ms\n", (us + 500) / 1000);
	else if (us >= 10000 - 5)
		proc_printf(pg->proc, " time=%ld.%01ld ms\n", (us + 50) / 1000, ((us + 50) % 1000) / 100);
	else if (us >= 1000)
		proc_printf(pg->proc, " time=%ld.%02ld ms\n", (us + 5) / 1000, ((us + 5) % 1000) / 10);
	else
		proc_printf(pg->proc, " time=%ld.%03ld ms\n", us / 1000, us % 1000);
}

static void deadline_fire(struct world *w, struct ev *ev)
{
	(void)w;
	struct ping *pg = (struct ping *)((char *)ev - offsetof(struct ping, deadline_timer));
	if (pg->proc->running && pg->sock)
		ping_finish(pg);
}

static void ping_kill(struct proc *p)
{
	struct ping *pg = impl_of(p);
	if (pg->lookup) {
		res_cancel(pg->lookup);
		pg->lookup = NULL;
		pg->n_lines = 0;
		pg->finish_waits = false;
		/* Killed while resolving the destination: nothing was printed
		 * yet, and nothing is. */
		if (!pg->sock)
			return;
	}
	/* Like Ctrl-C: the statistics are still printed. */
	if (pg->sock) {
		struct world *w = pg->node->w;
		ev_cancel(w, &pg->send_timer);
		ev_cancel(w, &pg->exit_timer);
		ping_finish(pg);
	}
}

static void ping_free(struct proc *p)
{
	struct ping *pg = impl_of(p);
	struct world *w = pg->node->w;
	ev_cancel(w, &pg->send_timer);
	ev_cancel(w, &pg->exit_timer);
	ev_cancel(w, &pg->deadline_timer);
	if (pg->lookup)
		res_cancel(pg->lookup);
	if (pg->sock)
		icmp_close(pg->sock);
	free(pg->lines);
	free(pg->payload);
	free(pg);
}

static const struct proc_ops ping_ops = { .name = "ping", .kill = ping_kill, .free = ping_free };

static struct ping *impl_of(const struct proc *p)
{
	return p->ops == &ping_ops ? p->impl : NULL;
}

const struct ping_stats *ping_stats(const struct proc *p)
{
	struct ping *pg = impl_of(p);
	return pg ? &pg->st : NULL;
}

static struct ping *ping_new(struct node *n, const struct ping_opts *o)
{
	struct ping *pg = wl_calloc(1, sizeof *pg);
	pg->node = n;
	pg->o = *o;
	if (pg->o.interval_ns <= 0)
		pg->o.interval_ns = NS_PER_S;
	if (pg->o.size < 0)
		pg->o.size = 56;
	if (pg->o.size > 65507)
		pg->o.size = 65507;
	pg->payload = wl_calloc(1, (size_t)pg->o.size + 1);
	ev_init(&pg->send_timer, send_fire);
	ev_init(&pg->exit_timer, exit_fire);
	ev_init(&pg->deadline_timer, deadline_fire);
	pg->proc = proc_new(n, &ping_ops, pg, true);
	return pg;
}

/* From the destination on: the PING line and the first probe. */
static void ping_begin(struct ping *pg)
{
	struct node *n = pg->node;
	struct world *w = n->w;
	struct proc *p = pg->proc;
	const struct ping_opts *o = &pg->o;
	if (o->dst_text)
		snprintf(pg->dst_text, sizeof pg->dst_text, "%s", o->dst_text);
	else
		units_format_ipv4(o->dst, pg->dst_text);
	pg->o.dst_text = NULL;  /* the caller's string may not outlive this call */
	pg->start_ns = pg->last_send_ns = w->now_ns;
	/* ping connect()s a UDP socket first to learn its source address: with
	 * no route it stops there, before printing anything. */
	int rc = ip_route_check(n, o->dst);
	if (rc != 0) {
		proc_eprintf(p, "ping: connect: %s\n", strerror(-rc));
		proc_exit(p, 2);
		return;
	}
	pg->sock = icmp_open(n);
	pg->sock->on_reply = on_reply;
	pg->sock->on_error = on_error;
	pg->sock->ctx = pg;
	char ip[16];
	units_format_ipv4(o->dst, ip);
	proc_printf(p, "PING %s (%s) %d(%d) bytes of data.\n", pg->dst_text, ip, pg->o.size,
		    pg->o.size + 28);
	if (o->deadline_ns > 0)
		ev_schedule(w, &pg->deadline_timer, w->now_ns + o->deadline_ns);
	ev_schedule(w, &pg->send_timer, w->now_ns);
}

struct proc *ping_start(struct node *n, const struct ping_opts *o)
{
	struct ping *pg = ping_new(n, o);
	ping_begin(pg);
	return pg->proc;
}

int ping_precheck(struct node *n, uint32_t dst, bool broadcast, long ttl, char *msg, size_t cap)
{
	msg[0] = '\0';
	/* ping connect()s a probe socket before setting the TTL, so a missing
	 * route is reported first (by ping_begin). */
	int rc = ip_route_check(n, dst);
	/* connect() to a broadcast address, or through a prohibit route,
	 * fails with EACCES, which ping reads as a broadcast ping. */
	bool to_broadcast = node_is_broadcast_addr(n, dst);
	if ((rc == -EACCES || to_broadcast) && !broadcast) {
		snprintf(msg, cap, "ping: Do you want to ping broadcast? Then -b. If not, check your "
			 "local firewall rules\n");
		return 2;
	}
	if (rc == -EACCES) {
		snprintf(msg, cap, "WARNING: pinging broadcast address\nping: connect: Permission denied\n");
		return 2;
	}
	if (to_broadcast) {
		snprintf(msg, cap, "wirelab: ping -b: broadcast pings are not modelled\n");
		return 2;
	}
	if (rc == 0 && ttl == 0) {
		snprintf(msg, cap, "ping: cannot set unicast time-to-live: Invalid argument\n");
		return 2;
	}
	return 0;
}

static void on_resolved(void *ctx, const struct res_result *r)
{
	struct ping *pg = ctx;
	struct proc *p = pg->proc;
	pg->lookup = NULL;
	if (r->status != RES_OK || r->n_addrs == 0) {
		/* iputils: error(2, 0, "%s: %s", target, gai_strerror(ret)).  A
		 * name with only IPv6 addresses would be pinged over IPv6,
		 * which wirelab does not model. */
		if (r->status == RES_OK)
			proc_eprintf(p, "wirelab: ping: %s has only IPv6 addresses (not modelled)\n",
				     pg->dst_text);
		else
			proc_eprintf(p, "ping: %s: %s\n", pg->dst_text, res_status_text(r->status));
		proc_exit(p, 2);
		return;
	}
	pg->o.dst = r->addrs[0];
	char msg[160];
	int rc = ping_precheck(pg->node, pg->o.dst, pg->broadcast, pg->ttl_arg, msg, sizeof msg);
	if (rc) {
		proc_eprintf(p, "%s", msg);
		proc_exit(p, rc);
		return;
	}
	if (pg->ttl_arg > 0)
		pg->o.ttl = (int)pg->ttl_arg;
	/* The PING line shows getaddrinfo's canonical name (AI_CANONNAME). */
	char canon[DNS_NAME_TEXT];
	snprintf(canon, sizeof canon, "%s", r->canon);
	pg->o.dst_text = canon;
	ping_begin(pg);
}

struct proc *ping_start_name(struct node *n, const struct ping_opts *o, const char *host,
			     bool ipv4_only, bool broadcast, long ttl)
{
	struct ping *pg = ping_new(n, o);
	pg->names = !o->numeric;
	pg->broadcast = broadcast;
	pg->ttl_arg = ttl;
	/* Until it resolves, errors name the host as typed. */
	snprintf(pg->dst_text, sizeof pg->dst_text, "%s", host);
	pg->lookup = res_lookup(n, host, ipv4_only ? RES_GETADDRINFO_V4 : RES_GETADDRINFO, on_resolved, pg);
	return pg->proc;
}
