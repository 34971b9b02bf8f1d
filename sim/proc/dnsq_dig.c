/* dnsq_dig.c — what dig 9.18 prints (bin/dig/dig.c: printmessage(),
 * dig's master-file style; lib/dns/masterdump.c for the columns).
 *
 * The banner ("; <<>> DiG 9.18... <<>> ARGS") is printed lazily, when the
 * first answer arrives or when every server has failed, so the
 * "communications error" lines of failed attempts come before it, as the
 * real dig shows them.  Exit status: 0 with an answer (NXDOMAIN too), 9
 * when no server answered. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/world.h"
#include "dev/node.h"
#include "proc/dnsq.h"
#include "proc/proc.h"
#include "wire/ipv4.h"

struct dig_state {
	bool banner_done;
	int exit_code;
};

/* masterdump.c's indent(): tabs of 8 up to column `to` (at least one
 * character forward), then spaces. */
static size_t indent(char *out, size_t cap, size_t n, unsigned *col, unsigned to)
{
	if (to < *col + 1)
		to = *col + 1;
	unsigned from = *col;
	int ntabs = (int)(to / 8) - (int)(from / 8);
	if (ntabs > 0) {
		for (int i = 0; i < ntabs && n + 1 < cap; i++)
			out[n++] = '\t';
		from = (to / 8) * 8;
	}
	for (unsigned i = from; i < to && n + 1 < cap; i++)
		out[n++] = ' ';
	out[n < cap ? n : cap - 1] = '\0';
	*col = to;
	return n;
}

static size_t put(char *out, size_t cap, size_t n, unsigned *col, const char *s)
{
	size_t l = strlen(s);
	if (n + l + 1 > cap)
		l = n + 1 < cap ? cap - n - 1 : 0;
	memcpy(out + n, s, l);
	n += l;
	out[n] = '\0';
	*col += (unsigned)l;
	return n;
}

static const char *class_name(uint16_t k, char buf[16])
{
	switch (k) {
	case 1: return "IN";
	case 3: return "CH";
	case 4: return "HS";
	case 254: return "NONE";
	case 255: return "ANY";
	}
	snprintf(buf, 16, "CLASS%u", k);
	return buf;
}

void dnsq_format_question(char *out, size_t cap, const struct dns_question *qd)
{
	/* The ';' is printed before the name and is not counted. */
	char tb[16], cb[16];
	unsigned col = 0;
	size_t n = 0;
	out[0] = '\0';
	n = put(out, cap, n, &col, ";");
	col = 0;
	n = put(out, cap, n, &col, qd->name);
	n = indent(out, cap, n, &col, 32);
	n = put(out, cap, n, &col, class_name(qd->klass, cb));
	n = indent(out, cap, n, &col, 40);
	put(out, cap, n, &col, dns_type_name(qd->type, tb));
}

void dnsq_format_rr(char *out, size_t cap, const struct dns_rr *rr)
{
	char tb[16], cb[16], num[16], rd[2048];
	unsigned col = 0;
	size_t n = 0;
	out[0] = '\0';
	n = put(out, cap, n, &col, rr->name);
	n = indent(out, cap, n, &col, 24);
	snprintf(num, sizeof num, "%u", rr->ttl);
	n = put(out, cap, n, &col, num);
	n = indent(out, cap, n, &col, 32);
	n = put(out, cap, n, &col, class_name(rr->klass, cb));
	n = indent(out, cap, n, &col, 40);
	n = put(out, cap, n, &col, dns_type_name(rr->type, tb));
	n = indent(out, cap, n, &col, 48);
	dns_rdata_text(rr, rd, sizeof rd);
	put(out, cap, n, &col, rd);
}

static void banner(struct dnsq *q)
{
	struct dig_state *st = dnsq_tool_state(q);
	const struct dnsq_opts *o = dnsq_options(q);
	struct proc *p = dnsq_proc(q);
	if (st->banner_done)
		return;
	st->banner_done = true;
	if (!o->style.cmd || o->style.short_form)
		return;
	proc_printf(p, "\n; <<>> DiG %s <<>>%s%s\n", DNSQ_VERSION, o->cmdline[0] ? " " : "", o->cmdline);
	if (o->servers_found)
		proc_printf(p, "; (%d server%s found)\n", o->servers_found,
			    o->servers_found == 1 ? "" : "s");
	proc_printf(p, ";; global options: +cmd\n");
}

/* Extended DNS Errors (RFC 8914 §4). */
static const char *ede_text(unsigned code)
{
	static const char *const t[] = {
		"Other", "Unsupported DNSKEY Algorithm", "Unsupported DS Digest Type",
		"Stale Answer", "Forged Answer", "DNSSEC Indeterminate", "DNSSEC Bogus",
		"Signature Expired", "Signature Not Yet Valid", "DNSKEY Missing", "RRSIGs Missing",
		"No Zone Key Bit Set", "NSEC Missing", "Cached Error", "Not Ready", "Blocked",
		"Censored", "Filtered", "Prohibited", "Stale NXDOMAIN Answer", "Not Authoritative",
		"Not Supported", "No Reachable Authority", "Network Error", "Invalid Data",
	};
	return code < sizeof t / sizeof t[0] ? t[code] : NULL;
}

static void print_opt(struct proc *p, const struct dns_rr *opt, const uint8_t *cookie)
{
	proc_printf(p, ";; OPT PSEUDOSECTION:\n");
	proc_printf(p, "; EDNS: version: %u, flags:%s; udp: %u\n", (opt->ttl >> 16) & 0xff,
		    (opt->ttl & 0x8000) ? " do" : "", opt->klass);
	size_t len = opt->rdlen < sizeof opt->rdata ? opt->rdlen : sizeof opt->rdata;
	for (size_t i = 0; i + 4 <= len;) {
		unsigned code = (unsigned)opt->rdata[i] << 8 | opt->rdata[i + 1];
		size_t olen = (size_t)opt->rdata[i + 2] << 8 | opt->rdata[i + 3];
		const uint8_t *v = opt->rdata + i + 4;
		if (i + 4 + olen > len)
			break;
		if (code == 10) {
			proc_printf(p, "; COOKIE: ");
			for (size_t k = 0; k < olen; k++)
				proc_printf(p, "%02x", v[k]);
			bool ours = cookie && olen >= 8 && memcmp(v, cookie, 8) == 0;
			if (ours && olen > 8)
				proc_printf(p, " (good)");
			else if (ours)
				proc_printf(p, " (echoed)");
			proc_printf(p, "\n");
		} else if (code == 15 && olen >= 2) {
			unsigned info = (unsigned)v[0] << 8 | v[1];
			const char *t = ede_text(info);
			proc_printf(p, "; EDE: %u", info);
			if (t)
				proc_printf(p, " (%s)", t);
			if (olen > 2)
				proc_printf(p, ": (%.*s)", (int)(olen - 2), (const char *)v + 2);
			proc_printf(p, "\n");
		} else {
			proc_printf(p, "; OPT=%u:", code);
			for (size_t k = 0; k < olen; k++)
				proc_printf(p, " %02x", v[k]);
			proc_printf(p, "\n");
		}
		i += 4 + olen;
	}
}

static void print_section(struct proc *p, const struct dns_msg *m, int from, int count,
			  const char *title, bool comments)
{
	int shown = 0;
	for (int i = from; i < from + count; i++)
		shown += m->rr[i].type != DNS_T_OPT;
	if (!shown)
		return;
	if (comments)
		proc_printf(p, ";; %s SECTION:\n", title);
	char line[4096];
	for (int i = from; i < from + count; i++) {
		if (m->rr[i].type == DNS_T_OPT)
			continue;
		dnsq_format_rr(line, sizeof line, &m->rr[i]);
		proc_printf(p, "%s\n", line);
	}
	/* dns_message_sectiontotext(): a blank line after each section shown
	 * with its comments. */
	if (comments)
		proc_printf(p, "\n");
}

/* The header (with comments), the OPT pseudosection and the sections of
 * m, as dig prints them after ";; Got answer:" and host -v after its
 * "Trying" line. */
void dnsq_print_message(struct proc *p, const struct dns_msg *m, const struct dnsq_dig_style *s,
			uint16_t sent_flags, const uint8_t *cookie)
{
	int an = m->ancount, ns = m->nscount, ar = m->arcount;
	char rb[16];
	if (s->comments) {
		proc_printf(p, ";; ->>HEADER<<- opcode: %s, status: %s, id: %u\n",
			    dns_opcode(m) == 0 ? "QUERY" : dns_opcode(m) == 2 ? "STATUS" : "NOTIFY",
			    dns_rcode_name(dns_rcode(m), rb), m->id);
		static const struct { uint16_t bit; const char *name; } fl[] = {
			{ DNS_F_QR, " qr" }, { DNS_F_AA, " aa" }, { DNS_F_TC, " tc" },
			{ DNS_F_RD, " rd" }, { DNS_F_RA, " ra" }, { DNS_F_AD, " ad" },
			{ DNS_F_CD, " cd" },
		};
		proc_printf(p, ";; flags:");
		for (size_t i = 0; i < sizeof fl / sizeof fl[0]; i++)
			if (m->flags & fl[i].bit)
				proc_printf(p, "%s", fl[i].name);
		proc_printf(p, "; QUERY: %u, ANSWER: %u, AUTHORITY: %u, ADDITIONAL: %u\n", m->qdcount,
			    an, ns, ar);
		if ((sent_flags & DNS_F_RD) && !(m->flags & DNS_F_RA))
			proc_printf(p, ";; WARNING: recursion requested but not available\n");
		proc_printf(p, "\n");
		for (int i = an + ns; i < an + ns + ar; i++)
			if (m->rr[i].type == DNS_T_OPT)
				print_opt(p, &m->rr[i], cookie);
	}
	if (s->question && m->qdcount) {
		if (s->comments)
			proc_printf(p, ";; QUESTION SECTION:\n");
		char line[2048];
		for (int i = 0; i < m->qdcount && i < DNS_MAX_QD; i++) {
			dnsq_format_question(line, sizeof line, &m->qd[i]);
			proc_printf(p, "%s\n", line);
		}
		if (s->comments)
			proc_printf(p, "\n");
	}
	if (s->answer)
		print_section(p, m, 0, an, "ANSWER", s->comments);
	if (s->authority)
		print_section(p, m, an, ns, "AUTHORITY", s->comments);
	if (s->additional)
		print_section(p, m, an + ns, ar, "ADDITIONAL", s->comments);
}

static void dig_answer(struct dnsq *q, const struct dnsq_answer *a)
{
	const struct dnsq_opts *o = dnsq_options(q);
	const struct dnsq_dig_style *s = &o->style;
	struct proc *p = dnsq_proc(q);
	const struct dns_msg *m = a->msg;
	int an = m->ancount;
	if (s->short_form) {
		char rd[2048];
		for (int i = 0; i < an; i++) {
			dns_rdata_text(&m->rr[i], rd, sizeof rd);
			proc_printf(p, "%s\n", rd);
		}
		return;
	}
	banner(q);      /* once, however many lookups follow */
	if (s->comments)
		proc_printf(p, ";; Got answer:\n");
	dnsq_print_message(p, m, s, a->sent_flags, a->cookie);
	if (s->stats) {
		char ip[IPV4_ADDR_STRLEN], when[64];
		ipv4_addr_str(a->server->addr, ip);
		time_t t = (time_t)world_wall_s(dnsq_proc(q)->node->w);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(when, sizeof when, "%a %b %d %H:%M:%S UTC %Y", &tm);
		proc_printf(p, ";; Query time: %lld msec\n", (long long)(a->rtt_ns / NS_PER_MS));
		proc_printf(p, ";; SERVER: %s#%u(%s) (%s)\n", ip, a->port, a->server->name,
			    a->tcp ? "TCP" : "UDP");
		proc_printf(p, ";; WHEN: %s\n", when);
		proc_printf(p, ";; MSG SIZE  rcvd: %u\n", a->len);
		proc_printf(p, "\n");
	}
}

static void dig_no_servers(struct dnsq *q, const struct dnsq_lookup *l)
{
	(void)l;
	struct dig_state *st = dnsq_tool_state(q);
	st->exit_code = 9;
	if (dnsq_last_setup_failed(q))
		return;
	banner(q);
	proc_printf(dnsq_proc(q), ";; no servers could be reached\n");
}

static void dig_truncated(struct dnsq *q)
{
	proc_printf(dnsq_proc(q), ";; Truncated, retrying in TCP mode.\n");
}

static int dig_finish(struct dnsq *q)
{
	struct dig_state *st = dnsq_tool_state(q);
	return st->exit_code;
}

const struct dnsq_tool_ops dnsq_dig_ops = {
	.truncated = dig_truncated,
	.answer = dig_answer,
	.no_servers = dig_no_servers,
	.finish = dig_finish,
};
