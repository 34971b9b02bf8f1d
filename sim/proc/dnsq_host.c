/* dnsq_host.c — what host 9.18 prints (bin/dig/host.c: printmessage(),
 * printsection(), say_message()).
 *
 * `host NAME` asks A, then — when the A answer had no error — AAAA and
 * MX for the name the CNAME chain ends at, and prints one line per answer
 * record: "NAME has address A", "NAME is an alias for T.", "NAME mail is
 * handled by 10 MX.".  An empty answer prints nothing, unless the type
 * was asked for with -t ("NAME has no AAAA record").  An error rcode
 * prints "Host NAME not found: 3(NXDOMAIN)" and ends the run with status
 * 1; so does a lookup no server answered.  With -v, each name asked is
 * announced ("Trying \"NAME\""), each answer shown whole as dig shows it
 * (without its banner) and followed by "Received N bytes from S#53 in T
 * ms". */
#include <stdio.h>
#include <string.h>

#include "proc/dnsq.h"
#include "proc/proc.h"
#include "wire/ipv4.h"

struct host_state {
	bool server_shown;
	bool failed;
};

/* host.c's rtypes[]; other types say "has TYPE record". */
static const char *say_text(uint16_t t)
{
	switch (t) {
	case DNS_T_A: return "has address";
	case DNS_T_NS: return "name server";
	case DNS_T_CNAME: return "is an alias for";
	case DNS_T_PTR: return "domain name pointer";
	case DNS_T_MX: return "mail is handled by";
	case DNS_T_TXT: return "descriptive text";
	case DNS_T_AAAA: return "has IPv6 address";
	}
	return NULL;
}

static void host_answer(struct dnsq *q, const struct dnsq_answer *a)
{
	struct host_state *st = dnsq_tool_state(q);
	const struct dnsq_opts *o = dnsq_options(q);
	struct proc *p = dnsq_proc(q);
	const struct dns_msg *m = a->msg;
	if (o->server_given && !st->server_shown) {
		char ip[16];
		ipv4_addr_str(a->server->addr, ip);
		proc_printf(p, "Using domain server:\nName: %s\nAddress: %s#%u\nAliases: \n\n",
			    a->server->name, ip, a->port);
	}
	st->server_shown = true;
	char name[DNS_NAME_TEXT], rb[16], tb[16], ip[16];
	ipv4_addr_str(a->server->addr, ip);
	if (dns_rcode(m) != DNS_R_NOERROR) {
		dnsq_no_dot(dns_rcode(m) == DNS_R_NXDOMAIN ? a->lookup->textname : a->qname, name);
		proc_printf(p, "Host %s not found: %u(%s)\n", name, dns_rcode(m),
			    dns_rcode_name(dns_rcode(m), rb));
		if (o->host_verbose)
			proc_printf(p, "Received %u bytes from %s#%u in %lld ms\n", a->len, ip, a->port,
				    (long long)(a->rtt_ns / 1000000));
		st->failed = true;
		dnsq_clear_lookups(q);
		return;
	}
	if (o->default_lookups && a->lookup->qtype == DNS_T_A) {
		char canon[DNS_NAME_TEXT];
		snprintf(canon, sizeof canon, "%s", a->qname);
		dnsq_chase_cname(m, canon);
		struct dnsq_lookup l = { .qclass = a->lookup->qclass };
		snprintf(l.textname, sizeof l.textname, "%s", canon);
		l.qtype = DNS_T_AAAA;
		dnsq_add_lookup(q, &l);
		l.qtype = DNS_T_MX;
		dnsq_add_lookup(q, &l);
	}
	if (o->host_verbose) {
		/* -v: the whole message, as dig shows it without its banner. */
		static const struct dnsq_dig_style all = {
			.comments = true, .question = true, .answer = true, .authority = true,
			.additional = true,
		};
		dnsq_print_message(p, m, &all, a->sent_flags, NULL);
		proc_printf(p, "Received %u bytes from %s#%u in %lld ms\n", a->len, ip, a->port,
			    (long long)(a->rtt_ns / 1000000));
		return;
	}
	if (m->ancount == 0) {
		if (o->host_explicit_type) {
			dnsq_no_dot(a->qname, name);
			proc_printf(p, "%s has no %s record\n", name, dns_type_name(a->lookup->qtype, tb));
		}
		return;
	}
	char rd[2048];
	for (int i = 0; i < m->ancount; i++) {
		const struct dns_rr *rr = &m->rr[i];
		dnsq_no_dot(rr->name, name);
		dns_rdata_text(rr, rd, sizeof rd);
		const char *say = say_text(rr->type);
		if (say)
			proc_printf(p, "%s %s %s\n", name, say, rd);
		else
			proc_printf(p, "%s has %s record %s\n", name, dns_type_name(rr->type, tb), rd);
	}
}

static void host_sending(struct dnsq *q, const char *qname)
{
	if (!dnsq_options(q)->host_verbose)
		return;
	char name[DNS_NAME_TEXT];
	dnsq_no_dot(qname, name);
	proc_printf(dnsq_proc(q), "Trying \"%s\"\n", name);
}

/* Said with -v only (dighost prints it as a comment). */
static void host_truncated(struct dnsq *q)
{
	if (dnsq_options(q)->host_verbose)
		proc_printf(dnsq_proc(q), ";; Truncated, retrying in TCP mode.\n");
}

static void host_no_servers(struct dnsq *q, const struct dnsq_lookup *l)
{
	(void)l;
	struct host_state *st = dnsq_tool_state(q);
	st->failed = true;
	if (!dnsq_last_setup_failed(q))
		proc_printf(dnsq_proc(q), ";; no servers could be reached\n");
	dnsq_clear_lookups(q);
}

static int host_finish(struct dnsq *q)
{
	struct host_state *st = dnsq_tool_state(q);
	return st->failed ? 1 : 0;
}

const struct dnsq_tool_ops dnsq_host_ops = {
	.sending = host_sending,
	.truncated = host_truncated,
	.answer = host_answer,
	.no_servers = host_no_servers,
	.finish = host_finish,
};
