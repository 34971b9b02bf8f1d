/* dnsq_nslookup.c — what nslookup 9.18 prints (bin/dig/nslookup.c:
 * printmessage(), printsection()).
 *
 * Looking a name up (the default) asks A and then, when the A answer
 * came back without error, AAAA for the name the CNAME chain ends at.
 * The "Server:" block and "Non-authoritative answer:" go with the A
 * answer only; "*** Can't find NAME: No answer" only when neither A nor
 * AAAA had anything.  With -type=T the one answer is shown, and a
 * non-authoritative answer for a type other than A/AAAA is followed by
 * "Authoritative answers can be found from:" and the authority and
 * additional sections.  Names are shown without their final dot.
 * Exit status 1 when an answer carried an error rcode or no server
 * answered, else 0; the output always ends with a blank line. */
#include <stdio.h>
#include <string.h>

#include "proc/dnsq.h"
#include "proc/proc.h"
#include "wire/ipv4.h"

struct ns_state {
	bool a_noanswer;
	bool print_error, query_error;
};

/* nslookup's rtypetext[] for the types wirelab decodes. */
static const char *rtype_text(uint16_t t, char buf[32])
{
	switch (t) {
	case DNS_T_A: return "internet address = ";
	case DNS_T_NS: return "nameserver = ";
	case DNS_T_CNAME: return "canonical name = ";
	case DNS_T_SOA: return "soa = ";
	case DNS_T_PTR: return "name = ";
	case DNS_T_MX: return "mail exchanger = ";
	case DNS_T_TXT: return "text = ";
	case DNS_T_AAAA: return "has AAAA address ";
	case DNS_T_SRV: return "service = ";
	}
	snprintf(buf, 32, "rdata_%u = ", t);
	return buf;
}

static void print_section(struct proc *p, const struct dns_msg *m, int from, int count,
			  bool answer_section)
{
	char name[DNS_NAME_TEXT], rd[2048], tb[32];
	for (int i = from; i < from + count; i++) {
		const struct dns_rr *rr = &m->rr[i];
		if (rr->type == DNS_T_OPT)
			continue;
		dnsq_no_dot(rr->name, name);
		dns_rdata_text(rr, rd, sizeof rd);
		if ((rr->type == DNS_T_A || rr->type == DNS_T_AAAA) && answer_section) {
			proc_printf(p, "Name:\t%s\n", name);
			proc_printf(p, "Address: %s\n", rd);
		} else if (rr->type == DNS_T_SOA && rr->d.soa) {
			const struct dns_soa *s = rr->d.soa;
			proc_printf(p, "%s\n", name);
			proc_printf(p, "\torigin = %s\n", s->mname[1] ? (dnsq_no_dot(s->mname, rd), rd) : s->mname);
			proc_printf(p, "\tmail addr = %s\n", s->rname[1] ? (dnsq_no_dot(s->rname, rd), rd) : s->rname);
			proc_printf(p, "\tserial = %u\n", s->serial);
			proc_printf(p, "\trefresh = %u\n", s->refresh);
			proc_printf(p, "\tretry = %u\n", s->retry);
			proc_printf(p, "\texpire = %u\n", s->expire);
			proc_printf(p, "\tminimum = %u\n", s->minimum);
		} else {
			proc_printf(p, "%s\t%s%s\n", name, rtype_text(rr->type, tb), rd);
		}
	}
}

static void ns_answer(struct dnsq *q, const struct dnsq_answer *a)
{
	struct ns_state *st = dnsq_tool_state(q);
	const struct dnsq_opts *o = dnsq_options(q);
	struct proc *p = dnsq_proc(q);
	const struct dns_msg *m = a->msg;
	uint16_t type = a->lookup->qtype;
	bool dflt = o->default_lookups;
	if (!dflt || type == DNS_T_A) {
		char ip[16];
		ipv4_addr_str(a->server->addr, ip);
		proc_printf(p, "Server:\t\t%s\n", a->server->name);
		proc_printf(p, "Address:\t%s#%u\n", ip, a->port);
		proc_printf(p, "\n");
	}
	if (dns_rcode(m) != DNS_R_NOERROR) {
		/* The name as typed for NXDOMAIN, the name asked otherwise. */
		char rb[16], name[DNS_NAME_TEXT];
		dnsq_no_dot(dns_rcode(m) == DNS_R_NXDOMAIN ? a->lookup->textname : a->qname, name);
		proc_printf(p, "** server can't find %s: %s\n", name, dns_rcode_name(dns_rcode(m), rb));
		st->print_error = true;
		return;
	}
	if (dflt && type == DNS_T_A) {
		struct dnsq_lookup l = { .qtype = DNS_T_AAAA, .qclass = a->lookup->qclass };
		char canon[DNS_NAME_TEXT];
		snprintf(canon, sizeof canon, "%s", a->qname);
		dnsq_chase_cname(m, canon);
		dnsq_no_dot(canon, l.textname);
		/* The canonical name is absolute: no search list for it. */
		size_t tl = strlen(l.textname);
		if (tl + 1 < sizeof l.textname && strcmp(l.textname, ".") != 0)
			l.textname[tl] = '.', l.textname[tl + 1] = '\0';
		dnsq_add_lookup(q, &l);
	}
	bool aa = m->flags & DNS_F_AA;
	if (!aa && (!dflt || type == DNS_T_A))
		proc_printf(p, "Non-authoritative answer:\n");
	if (m->ancount) {
		print_section(p, m, 0, m->ancount, true);
	} else if (dflt && type == DNS_T_A) {
		st->a_noanswer = true;
	} else if (!dflt || (type == DNS_T_AAAA && st->a_noanswer)) {
		char name[DNS_NAME_TEXT];
		dnsq_no_dot(a->lookup->textname, name);
		proc_printf(p, "*** Can't find %s: No answer\n", name);
	}
	if (!aa && type != DNS_T_A && type != DNS_T_AAAA) {
		proc_printf(p, "\nAuthoritative answers can be found from:\n");
		print_section(p, m, m->ancount, m->nscount, false);
		print_section(p, m, m->ancount + m->nscount, m->arcount, false);
	}
}

/* Said as answers arrive (the one a search walk passes over included),
 * as the real nslookup does: a SERVFAIL, from any server; else, from a
 * server of resolv.conf, an answer without RA to a query that asked for
 * recursion.  With a next server in the list, that one is asked instead
 * (", trying next server"). */
static bool ns_received(struct dnsq *q, const struct dnsq_answer *a, bool more_servers)
{
	const char *what;
	if (dns_rcode(a->msg) == DNS_R_SERVFAIL)
		what = "SERVFAIL reply";
	else if (!dnsq_options(q)->server_given && (a->sent_flags & DNS_F_RD) &&
		 !(a->msg->flags & DNS_F_RA))
		what = "recursion not available";
	else
		return false;
	char ip[16];
	ipv4_addr_str(a->server->addr, ip);
	proc_printf(dnsq_proc(q), ";; Got %s from %s%s\n", what, ip,
		    more_servers ? ", trying next server" : "");
	return more_servers;
}

static void ns_no_servers(struct dnsq *q, const struct dnsq_lookup *l)
{
	(void)l;
	struct ns_state *st = dnsq_tool_state(q);
	st->query_error = true;
	if (!dnsq_last_setup_failed(q))
		proc_printf(dnsq_proc(q), ";; no servers could be reached\n");
}

static void ns_truncated(struct dnsq *q)
{
	proc_printf(dnsq_proc(q), ";; Truncated, retrying in TCP mode.\n");
}

static int ns_finish(struct dnsq *q)
{
	struct ns_state *st = dnsq_tool_state(q);
	proc_printf(dnsq_proc(q), "\n");
	return st->print_error || st->query_error ? 1 : 0;
}

const struct dnsq_tool_ops dnsq_nslookup_ops = {
	.truncated = ns_truncated,
	.received = ns_received,
	.answer = ns_answer,
	.no_servers = ns_no_servers,
	.finish = ns_finish,
};
