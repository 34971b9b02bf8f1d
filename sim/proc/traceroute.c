/* traceroute.c — traceroute 2.1.2's default (UDP) method as a process.
 *
 * The loop is the real tool's do_it() (traceroute/traceroute.c), run on
 * the event loop instead of poll(): each pass looks at the probes from the
 * first unprinted one, prints what is complete, sends what may be sent
 * (at most -N probes in flight) and sleeps until the earliest deadline or
 * until an answer arrives.  get_timeout(), check_expired(), print_probe()
 * and parse_icmp_res() keep their names and their logic.
 *
 * A probe is sent the way mod-udp.c sends it, a socket per probe: bound to
 * an ephemeral port, TTL set, "connected" (a route lookup: no route ends
 * the program with "connect: Network is unreachable"), IP_PMTUDISC_DONT so
 * DF is clear.  The engine's udp_sendto() takes no TTL, so the datagram is
 * built here and handed to ip_send(); the ICMP error comes back through the
 * socket's on_error, which tells the probe by its socket.
 *
 * What the engine does not give the error callback, and so is left out:
 * the TTL of the ICMP packet (traceroute uses it only to guess where a
 * late "final" answer belongs, and for --back), and the next-hop MTU of a
 * fragmentation-needed error (!F-<mtu> prints !F-0).
 */
#include "proc/traceroute.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/world.h"
#include "dev/node.h"
#include "dev/node_files.h"
#include "net/route.h"
#include "net/stack.h"
#include "net/udp.h"
#include "proc/proc.h"
#include "proc/resolver.h"
#include "util/die.h"
#include "util/units.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"
#include "wire/udp.h"

#define DEF_WAIT_PREC_NS NS_PER_MS      /* "+1 ms to avoid precision issues" */
/* What a probe costs the real one before it leaves: socket(), the
 * setsockopt()s, connect(), send() — about 25 us on a Debian 12 machine
 * (the gaps between its probes in a capture).  A pass of its loop sends
 * its probes one after the other, and only then poll()s for answers: with
 * short round trips the answers to the first probes are in before the
 * last ones leave, as a capture of the real one shows. */
#define PROBE_SEND_NS (25 * NS_PER_US)

struct tr;

struct tr_probe {
	struct tr *tr;
	bool sent, done, final;
	bool has_res;                   /* an address answered (res) */
	bool replied;                   /* recv_ns is set */
	uint32_t res;
	int64_t send_ns, recv_ns;
	uint16_t port;                  /* destination port (the real one's seq) */
	struct udp_sock *sk;
	char err_str[16];
};

struct tr {
	struct res_lookup *lookup;      /* traceroute NAME: resolving first; then hop names */
	/* The name of the next address to print, once getnameinfo() is done
	 * (looked up again for every address printed, as addr2str() does). */
	bool name_ready;
	uint32_t name_addr;
	char name[DNS_NAME_TEXT];
	char host[256];
	int host_argc;
	struct proc *proc;
	struct node *node;
	struct world *w;
	struct traceroute_opts o;
	struct tr_probe *probes;
	unsigned num_probes;
	unsigned start, end;            /* do_it()'s window */
	uint16_t next_port;
	int64_t last_send_ns;
	bool any_sent;
	struct ev wake;                 /* poll(): a deadline or an answer */
	bool finished;
	/* The probes this pass sends, in order, PROBE_SEND_NS apart. */
	unsigned *plan;
	unsigned plan_len, plan_pos;
	struct ev send_timer;
	bool sending;                   /* a pass is still sending */
	bool answered;                  /* an answer came while it was */
	bool poll_have;                 /* the pass's next_time, if any */
	int64_t poll_at;
};

void traceroute_opts_default(struct traceroute_opts *o)
{
	memset(o, 0, sizeof *o);
	o->first_ttl = 1;
	o->max_ttl = 30;
	o->nqueries = 3;
	o->sim_queries = 16;
	o->wait_ns = 5 * NS_PER_S;
	o->here_milli = 3000;
	o->near_milli = 10000;
	o->port = 33434;
	o->data_len = 32;
}

/* ---- /etc/hosts ------------------------------------------------------------ */

bool etc_hosts_scan(struct node *n, bool (*fn)(void *ctx, uint32_t addr, char **names, int count),
		    void *ctx)
{
	size_t len;
	const char *text = node_file_read(n, "/etc/hosts", &len);
	if (!text)
		return false;
	const char *p = text, *endp = text + len;
	while (p < endp) {
		const char *eol = memchr(p, '\n', (size_t)(endp - p));
		size_t l = eol ? (size_t)(eol - p) : (size_t)(endp - p);
		char line[1024];
		if (l >= sizeof line)
			l = sizeof line - 1;
		memcpy(line, p, l);
		line[l] = '\0';
		p += l + (eol ? 1 : 0);
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *words[64];
		int k = 0;
		for (char *tok = strtok(line, " \t\r"); tok && k < 64; tok = strtok(NULL, " \t\r"))
			words[k++] = tok;
		if (k < 2)
			continue;
		uint32_t a;
		/* glibc's files backend takes the address with inet_pton(). */
		if (units_parse_ipv4(words[0], &a, NULL, 0) != 0)
			continue;
		if (fn(ctx, a, words + 1, k - 1))
			return true;
	}
	return false;
}

struct by_name {
	const char *name;
	uint32_t addr;
	char *canon;
};

static bool match_name(void *ctx, uint32_t addr, char **names, int count)
{
	struct by_name *b = ctx;
	for (int i = 0; i < count; i++) {
		if (strcasecmp(names[i], b->name) == 0) {
			b->addr = addr;
			if (b->canon)
				snprintf(b->canon, 256, "%s", names[0]);
			return true;
		}
	}
	return false;
}

bool etc_hosts_by_name(struct node *n, const char *name, uint32_t *addr, char canon[256])
{
	struct by_name b = { .name = name, .canon = canon };
	if (!etc_hosts_scan(n, match_name, &b))
		return false;
	*addr = b.addr;
	return true;
}

struct by_addr {
	uint32_t addr;
	char *name;
};

static bool match_addr(void *ctx, uint32_t addr, char **names, int count)
{
	struct by_addr *b = ctx;
	(void)count;
	if (addr != b->addr)
		return false;
	snprintf(b->name, 256, "%s", names[0]);
	return true;
}

bool etc_hosts_by_addr(struct node *n, uint32_t addr, char name[256])
{
	struct by_addr b = { .addr = addr, .name = name };
	return etc_hosts_scan(n, match_addr, &b);
}

bool inet_aton_host(const char *s, uint32_t *addr)
{
	/* glibc inet_aton(): up to four parts, each decimal, 0x hex or 0
	 * octal; the last part fills the bytes that remain. */
	uint32_t parts[4];
	int k = 0;
	const char *p = s;
	for (;;) {
		if (!isdigit((unsigned char)*p))
			return false;
		char *end;
		errno = 0;
		unsigned long v = strtoul(p, &end, 0);
		if (errno || v > 0xffffffffUL)
			return false;
		if (k == 4)
			return false;
		parts[k++] = (uint32_t)v;
		p = end;
		if (*p == '.') {
			p++;
			continue;
		}
		if (*p)
			return false;
		break;
	}
	uint32_t a;
	switch (k) {
	case 1:
		a = parts[0];
		break;
	case 2:
		if (parts[0] > 0xff || parts[1] > 0xffffff)
			return false;
		a = parts[0] << 24 | parts[1];
		break;
	case 3:
		if (parts[0] > 0xff || parts[1] > 0xff || parts[2] > 0xffff)
			return false;
		a = parts[0] << 24 | parts[1] << 16 | parts[2];
		break;
	default:
		for (int i = 0; i < 4; i++)
			if (parts[i] > 0xff)
				return false;
		a = parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3];
		break;
	}
	*addr = a;
	return true;
}

/* ---- printing (print_header, print_addr, print_probe, print_end) ------------ */

static void print_addr(struct tr *t, uint32_t addr)
{
	char ip[16];
	units_format_ipv4(addr, ip);
	if (t->o.numeric) {
		proc_printf(t->proc, " %s", ip);
	} else {
		/* addr2str(): getnameinfo(), the address itself when it fails
		 * (no name, or no answer: both print "ADDR (ADDR)"). */
		proc_printf(t->proc, " %s (%s)", t->name_ready && t->name_addr == addr ? t->name : ip, ip);
		t->name_ready = false;
	}
}

/* print_probe()'s rule: does this probe's line part show its address? */
static bool probe_shows_addr(struct tr *t, struct tr_probe *pb)
{
	unsigned idx = (unsigned)(pb - t->probes);
	unsigned np = idx % t->o.nqueries;
	if (!pb->has_res)
		return false;
	if (np == 0)
		return true;
	struct tr_probe *p;
	for (p = pb - 1; np && !p->has_res; p--, np--)
		;
	return !np || p->res != pb->res;
}

static void tr_run(struct tr *t);

static void tr_named(void *ctx, const struct res_result *r)
{
	struct tr *t = ctx;
	t->lookup = NULL;
	t->name_ready = true;
	if (r->status == RES_OK)
		snprintf(t->name, sizeof t->name, "%s", r->canon);
	else
		units_format_ipv4(t->name_addr, t->name);
	tr_run(t);
}

/* Before printing pb: its address's name, when it needs one and does not
 * have it yet.  False while the lookup runs (tr_named() goes on). */
static bool name_ready_for(struct tr *t, struct tr_probe *pb)
{
	if (t->o.numeric || !probe_shows_addr(t, pb))
		return true;
	if (t->name_ready && t->name_addr == pb->res)
		return true;
	if (!t->lookup) {
		t->name_ready = false;
		t->name_addr = pb->res;
		t->lookup = res_lookup_addr(t->node, pb->res, tr_named, t);
	}
	return false;
}

static void print_probe(struct tr *t, struct tr_probe *pb)
{
	unsigned idx = (unsigned)(pb - t->probes);
	unsigned ttl = idx / t->o.nqueries + 1;
	unsigned np = idx % t->o.nqueries;
	if (np == 0)
		proc_printf(t->proc, "\n%2u ", ttl);
	if (!pb->has_res) {
		proc_printf(t->proc, " *");
	} else {
		bool prn = np == 0;     /* print if the first... */
		if (np) {               /* ...and if it differs from the previous */
			struct tr_probe *p;
			/* skip expired */
			for (p = pb - 1; np && !p->has_res; p--, np--)
				;
			if (!np || p->res != pb->res)
				prn = true;
		}
		if (prn)
			print_addr(t, pb->res);
	}
	if (pb->replied) {
		int64_t us = (pb->recv_ns - pb->send_ns + 500) / 1000;
		proc_printf(t->proc, "  %lld.%03lld ms", (long long)(us / 1000), (long long)(us % 1000));
	}
	if (pb->err_str[0])
		proc_printf(t->proc, " %s", pb->err_str);
}

/* ---- probes ---------------------------------------------------------------- */

static void probe_done(struct tr_probe *pb)
{
	if (pb->sk) {
		udp_close(pb->sk);
		pb->sk = NULL;
	}
	pb->done = true;
}

/* RFC 792 codes to traceroute's marks (parse_icmp_res(), AF_INET). */
static void parse_icmp_res(struct tr_probe *pb, uint8_t type, uint8_t code, unsigned info)
{
	char buf[sizeof pb->err_str];
	const char *str = NULL;
	if (type == ICMP_TIME_EXCEEDED) {
		if (code == ICMP_EXC_TTL)
			return;         /* an intermediate hop: not final */
	} else if (type == ICMP_DEST_UNREACH) {
		switch (code) {
		case 0:  /* net */
		case 6:  /* net unknown */
		case 8:  /* source host isolated */
		case 11: /* net for TOS */
			str = "!N";
			break;
		case 1:  /* host */
		case 7:  /* host unknown */
		case 12: /* host for TOS */
			str = "!H";
			break;
		case 9:  /* net administratively prohibited */
		case 10: /* host administratively prohibited */
		case 13: /* communication administratively prohibited */
			str = "!X";
			break;
		case 3:  /* port: the destination is reached */
			str = "";
			break;
		case 2:
			str = "!P";
			break;
		case 4:
			snprintf(buf, sizeof buf, "!F-%u", info);
			str = buf;
			break;
		case 5:
			str = "!S";
			break;
		case 14:
			str = "!V";
			break;
		case 15:
			str = "!C";
			break;
		default:
			snprintf(buf, sizeof buf, "!<%u>", code);
			str = buf;
			break;
		}
	}
	if (!str) {
		snprintf(buf, sizeof buf, "!<%u-%u>", type, code);
		str = buf;
	}
	if (*str)
		snprintf(pb->err_str, sizeof pb->err_str, "%s", str);
	pb->final = true;
}

static void tr_poll_now(struct tr *t)
{
	/* Like poll() returning: run the loop once more, after whatever else
	 * happens at this same instant (answers arriving together).  While a
	 * pass is still sending, the answer waits in its socket. */
	if (t->finished)
		return;
	if (t->sending)
		t->answered = true;
	else
		ev_schedule(t->w, &t->wake, t->w->now_ns);
}

static void on_error(void *ctx, struct udp_sock *s, uint32_t from, uint8_t type, uint8_t code)
{
	(void)s;
	struct tr_probe *pb = ctx;
	struct tr *t = pb->tr;
	if (pb->done)
		return;
	pb->recv_ns = t->w->now_ns;
	pb->replied = true;
	pb->res = from;         /* SO_EE_OFFENDER */
	pb->has_res = true;
	parse_icmp_res(pb, type, code, 0);
	probe_done(pb);
	tr_poll_now(t);
}

static void on_recv(void *ctx, struct udp_sock *s, uint32_t src, uint16_t sport, const uint8_t *data,
		    uint32_t len)
{
	(void)s, (void)data, (void)len;
	struct tr_probe *pb = ctx;
	struct tr *t = pb->tr;
	/* udp_check_reply(): an answer from the port we sent to ends the trace. */
	if (pb->done || sport != pb->port)
		return;
	pb->recv_ns = t->w->now_ns;
	pb->replied = true;
	pb->res = src;
	pb->has_res = true;
	pb->final = true;
	probe_done(pb);
	tr_poll_now(t);
}

static void tr_exit(struct tr *t, int code)
{
	t->finished = true;
	ev_cancel(t->w, &t->wake);
	ev_cancel(t->w, &t->send_timer);
	for (unsigned i = 0; i < t->num_probes; i++)
		if (t->probes[i].sk) {
			udp_close(t->probes[i].sk);
			t->probes[i].sk = NULL;
		}
	proc_exit(t->proc, code);
}

/* udp_send_probe(): a socket, TTL, connect, send.  False when the program
 * must stop (it has already said why). */
static bool send_probe(struct tr *t, struct tr_probe *pb, unsigned ttl)
{
	struct node *n = t->node;
	struct world *w = t->w;
	/* connect() looks the route up: no route is fatal (error("connect")). */
	int rc = ip_route_check(n, t->o.dst);
	if (rc != 0) {
		proc_eprintf(t->proc, "\nconnect: %s\n", strerror(-rc));
		tr_exit(t, 1);
		return false;
	}
	struct udp_sock *sk = udp_bind(n, 0, 0, on_recv, on_error, pb);
	if (!sk) {
		proc_eprintf(t->proc, "\nbind: Address already in use\n");
		tr_exit(t, 1);
		return false;
	}
	uint32_t src = ip_select_src(n, t->o.dst);
	uint32_t len = UDP_HLEN + t->o.data_len;
	struct pkt *p = pkt_alloc(w, len);
	/* fill_data(): 0x40 + (i & 0x3f), "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_" */
	for (uint32_t i = 0; i < t->o.data_len; i++)
		p->data[UDP_HLEN + i] = (uint8_t)(0x40 + (i & 0x3f));
	struct udp_repr u = { .sport = sk->port, .dport = t->next_port };
	udp_emit(p->data, p->len, src, t->o.dst, &u);
	/* IP_PMTUDISC_DONT: DF clear. */
	struct ip_send o = { .src = src, .dst = t->o.dst, .proto = IP_PROTO_UDP, .ttl = (uint8_t)ttl,
			     .tos = t->o.tos };
	pb->send_ns = w->now_ns;        /* its planned time: the timer is exact */
	pb->sent = true;
	pb->sk = sk;
	pb->port = t->next_port;
	t->next_port++;
	rc = ip_send(n, p, &o);
	if (rc == 0)
		n->udp.out_datagrams++;
	/* do_send(): EMSGSIZE and EHOSTUNREACH are left for the error queue;
	 * wirelab's stack sends nothing then, so the probe simply expires. */
	return true;
}

static int64_t scaled(int64_t rtt_ns, int64_t factor_milli)
{
	return (rtt_ns + DEF_WAIT_PREC_NS) * factor_milli / 1000;
}

static int64_t get_timeout(struct tr *t, struct tr_probe *pb)
{
	unsigned idx = (unsigned)(pb - t->probes);
	if (t->o.here_milli) {
		/* check for already replied from the same hop */
		struct tr_probe *p = &t->probes[idx - idx % t->o.nqueries];
		for (unsigned i = 0; i < t->o.nqueries; i++, p++) {
			int64_t v;
			if (p->done && p->replied && (v = p->recv_ns - p->send_ns) > 0) {
				v = scaled(v, t->o.here_milli);
				return v < t->o.wait_ns ? v : t->o.wait_ns;
			}
		}
	}
	if (t->o.near_milli) {
		/* check forward for already replied */
		for (struct tr_probe *p = pb + 1; p < t->probes + t->num_probes && p->sent; p++) {
			int64_t v;
			if (p->done && p->replied && (v = p->recv_ns - p->send_ns) > 0) {
				v = scaled(v, t->o.near_milli);
				return v < t->o.wait_ns ? v : t->o.wait_ns;
			}
		}
	}
	return t->o.wait_ns;
}

/* check_expired(): a probe with no answer may yet take the place of a
 * "final" answer that arrived for a later probe, when the destination
 * dropped the first ones (it rate-limits its ICMP errors). */
static void check_expired(struct tr *t, struct tr_probe *pb)
{
	unsigned q = t->o.nqueries;
	unsigned idx = (unsigned)(pb - t->probes);
	struct tr_probe *p, *endp = t->probes + t->num_probes;
	struct tr_probe *fp = NULL, *pfp = NULL;
	if (!pb->done)
		return;
	/* check all the previous in the same hop */
	for (p = &t->probes[idx - idx % q]; p < pb; p++) {
		if (!p->done || !p->final)
			return;
		pfp = p;
	}
	/* check forward all the sent probes */
	for (p = pb + 1; p < endp && p->sent; p++) {
		if (p->done) {
			if (!p->final)
				return;
			fp = p;
			break;
		}
	}
	if (!fp)
		return;
	/* "Icmp_echoreply, tcp_reset and even icmp_port_unreach looks like
	 * going in the right order": only an error report moves. */
	if (!fp->err_str[0])
		return;
	if (pfp || (idx % q) + (unsigned)(fp - pb) < q)
		goto replace_by_final;
	/* The final report could follow a time-exceeded from the same hop. */
	for (p = pb; p-- > t->probes;)
		if (p->has_res && p->res == fp->res)
			goto replace_by_final;
	/* The real one now guesses from the TTL of the report, which the
	 * engine does not pass on: "No idea what to do. Assume expired." */
	return;
replace_by_final:
	*pb = *fp;
	memset(fp, 0, sizeof *fp);
	fp->tr = t;
	fp->sent = true;        /* block extra re-send */
}

/* Send the pass's next planned probe; after the last one, poll(): at once
 * if answers came meanwhile, else at the pass's next_time. */
static void send_next(struct tr *t)
{
	struct world *w = t->w;
	unsigned n = t->plan[t->plan_pos++];
	if (!send_probe(t, &t->probes[n], n / t->o.nqueries + 1))
		return;         /* exited */
	if (t->plan_pos < t->plan_len) {
		ev_schedule(w, &t->send_timer, w->now_ns + PROBE_SEND_NS);
		return;
	}
	t->plan_len = t->plan_pos = 0;
	t->sending = false;
	int64_t at = w->now_ns;
	if (!t->answered && t->poll_have && t->poll_at > at)
		at = t->poll_at;
	ev_schedule(w, &t->wake, at);
}

static void send_fire(struct world *w, struct ev *ev)
{
	(void)w;
	struct tr *t = (struct tr *)((char *)ev - offsetof(struct tr, send_timer));
	send_next(t);
}

/* One pass of do_it()'s loop; false when it must wait (wake is set). */
static bool tr_pass(struct tr *t)
{
	struct world *w = t->w;
	unsigned q = t->o.nqueries;
	unsigned num = 0;
	bool have_next = false;
	int64_t next_ns = 0;
	int64_t now = w->now_ns;
	for (unsigned n = t->start; n < t->end; n++) {
		struct tr_probe *pb = &t->probes[n];
		if (n == t->start && !pb->done && pb->sent) {
			/* probably time to print, but not yet replied */
			int64_t expire = pb->send_ns + get_timeout(t, pb);
			if (expire > now) {
				next_ns = expire;
				have_next = true;
			} else {
				probe_done(pb);         /* udp_expire_probe() */
				check_expired(t, pb);
			}
		}
		if (pb->done) {
			if (n == t->start) {    /* can print it now */
				if (!name_ready_for(t, pb))
					return false;   /* getnameinfo() first */
				print_probe(t, pb);
				t->start++;
			}
			if (pb->final)
				t->end = (n / q + 1) * q;
			continue;
		}
		if (!pb->sent) {
			if (t->o.sendwait_ns && t->any_sent && t->last_send_ns + t->o.sendwait_ns > now) {
				next_ns = t->last_send_ns + t->o.sendwait_ns;
				have_next = true;
				break;
			}
			/* ops->send_probe(): it leaves when the ones before it
			 * in this pass are out (send_next()). */
			pb->sent = true;
			pb->send_ns = now + (int64_t)t->plan_len * PROBE_SEND_NS;
			t->plan[t->plan_len++] = n;
			t->last_send_ns = pb->send_ns;
			t->any_sent = true;
		}
		if (!have_next) {
			next_ns = pb->send_ns + get_timeout(t, pb);
			have_next = true;
		}
		if (++num >= t->o.sim_queries)
			break;
	}
	if (t->plan_len) {
		t->sending = true;
		t->answered = false;
		t->poll_have = have_next;
		t->poll_at = next_ns;
		t->plan_pos = 0;
		send_next(t);
		return false;
	}
	if (have_next) {
		ev_schedule(w, &t->wake, next_ns > now ? next_ns : now);
		return false;
	}
	return true;
}

static void tr_run(struct tr *t)
{
	while (!t->finished && t->start < t->end) {
		if (!tr_pass(t))
			return;
	}
	if (!t->finished) {
		proc_printf(t->proc, "\n");     /* print_end() */
		tr_exit(t, 0);
	}
}

static void wake_fire(struct world *w, struct ev *ev)
{
	(void)w;
	struct tr *t = (struct tr *)((char *)ev - offsetof(struct tr, wake));
	tr_run(t);
}

static void tr_kill(struct proc *p)
{
	struct tr *t = p->impl;
	if (t->lookup) {
		res_cancel(t->lookup);
		t->lookup = NULL;
	}
	t->finished = true;
	ev_cancel(t->w, &t->wake);
	ev_cancel(t->w, &t->send_timer);
	for (unsigned i = 0; i < t->num_probes; i++)
		if (t->probes[i].sk) {
			udp_close(t->probes[i].sk);
			t->probes[i].sk = NULL;
		}
}

static void tr_free(struct proc *p)
{
	struct tr *t = p->impl;
	tr_kill(p);
	free(t->probes);
	free(t->plan);
	free(t);
}

static const struct proc_ops traceroute_ops = { .name = "traceroute", .kill = tr_kill, .free = tr_free };

static struct tr *tr_new(struct node *n, const struct traceroute_opts *o)
{
	struct world *w = n->w;
	struct tr *t = wl_calloc(1, sizeof *t);
	t->node = n;
	t->w = w;
	t->o = *o;
	t->o.dst_text = NULL;
	if (t->o.nqueries < 1)
		t->o.nqueries = 1;
	if (t->o.max_ttl < 1)
		t->o.max_ttl = 1;
	if (t->o.first_ttl < 1)
		t->o.first_ttl = 1;
	t->num_probes = t->o.max_ttl * t->o.nqueries;
	t->probes = wl_calloc(t->num_probes, sizeof *t->probes);
	t->plan = wl_calloc(t->num_probes, sizeof *t->plan);
	for (unsigned i = 0; i < t->num_probes; i++)
		t->probes[i].tr = t;
	t->start = (t->o.first_ttl - 1) * t->o.nqueries;
	t->end = t->num_probes;
	t->next_port = t->o.port;
	ev_init(&t->wake, wake_fire);
	ev_init(&t->send_timer, send_fire);
	t->proc = proc_new(n, &traceroute_ops, t, true);
	return t;
}

static void tr_begin(struct tr *t, const char *shown)
{
	char ip[16];
	units_format_ipv4(t->o.dst, ip);
	/* print_header(): "Note, without ending new-line!" */
	proc_printf(t->proc, "traceroute to %s (%s), %u hops max, %u byte packets",
		    shown ? shown : ip, ip, t->o.max_ttl,
		    (unsigned)(IPV4_HLEN + UDP_HLEN) + t->o.data_len);
	tr_run(t);
}

struct proc *traceroute_start(struct node *n, const struct traceroute_opts *o)
{
	struct tr *t = tr_new(n, o);
	tr_begin(t, o->dst_text);
	return t->proc;
}

static void tr_resolved(void *ctx, const struct res_result *r)
{
	struct tr *t = ctx;
	t->lookup = NULL;
	if (r->status != RES_OK || r->n_addrs == 0) {
		/* getaddr() in traceroute.c, then CLIF's complaint. */
		proc_eprintf(t->proc, "%s: %s\n", t->host,
			     res_status_text(r->status != RES_OK ? r->status : RES_ADDRFAMILY));
		proc_eprintf(t->proc, "Cannot handle \"host\" cmdline arg `%s' on position 1 (argc %d)\n",
			     t->host, t->host_argc);
		t->finished = true;
		proc_exit(t->proc, 2);
		return;
	}
	t->o.dst = r->addrs[0];
	/* The header shows the host as typed. */
	tr_begin(t, t->host);
}

struct proc *traceroute_start_name(struct node *n, const struct traceroute_opts *o, const char *host,
				   int argc_idx)
{
	struct tr *t = tr_new(n, o);
	snprintf(t->host, sizeof t->host, "%s", host);
	t->host_argc = argc_idx;
	/* traceroute 2.1.2 getaddr(): getaddrinfo(AF_UNSPEC) without
	 * AI_ADDRCONFIG, as ping does. */
	t->lookup = res_lookup(n, host, RES_GETADDRINFO, tr_resolved, t);
	return t->proc;
}
