/* cmd_iptables_ext.c — iptables' extensions as iptables 1.8.9 has them
 * (extensions/libxt_*.c, libipt_*.c): the options of each match and
 * target, their error messages, and the two ways each prints itself: the
 * -L column ("tcp dpt:80", "ctstate RELATED,ESTABLISHED", "to:1.2.3.4:80")
 * and the iptables-save words ("-m tcp --dport 80").
 *
 * Matches: tcp, udp, icmp, multiport, statistic, mark, conntrack
 * (--ctstate), addrtype, comment, and state (kept as conntrack: see
 * state_parse for what nf.h would need to list it under its own name).
 * Targets: REJECT, LOG, MARK, DNAT, SNAT, MASQUERADE (ACCEPT, DROP,
 * RETURN and chains are the parser's).
 * Other extensions iptables has (limit, recent, CT, CONNMARK, ...)
 * are refused with a wirelab message naming them: the engine has no
 * behaviour for them.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmd_int.h"
#include "cmd/cmd_nf_int.h"
#include "wire/ipv4.h"

int ipt_perr(struct strbuf *err, const char *fmt, ...)
{
	va_list ap;
	char msg[512];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sb_printf(err, "%s%s\n%s", IPT_PREFIX, msg, IPT_TRY);
	return 2;
}

/* xtables_option_parse's messages end with a newline of their own: an
 * empty line before "Try". */
static int perr_nl(struct strbuf *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int perr_nl(struct strbuf *err, const char *fmt, ...)
{
	va_list ap;
	char msg[512];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sb_printf(err, "%s%s\n\n%s", IPT_PREFIX, msg, IPT_TRY);
	return 2;
}

/* xtables_strtoui with base 0: decimal, 0x hex, 0 octal, whole string. */
static bool parse_u32(const char *s, uint32_t *out, uint32_t max)
{
	if (!s || !*s || *s == '-' || isspace((unsigned char)*s))
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || *end || v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* value[/mask] as xtables_parse_mark_mask reads it. */
static bool parse_mark_mask(const char *s, uint32_t *mark, uint32_t *mask)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s", s);
	char *slash = strchr(buf, '/');
	*mask = 0xffffffffu;
	if (slash) {
		*slash = '\0';
		if (!parse_u32(slash + 1, mask, 0xffffffffu))
			return false;
	}
	return parse_u32(buf, mark, 0xffffffffu);
}

/* ---- tcp and udp ----------------------------------------------------------- */

enum { O_SPORT = 1, O_DPORT, O_SYN, O_FLAGS, O_TCPOPT };
static const struct ipt_opt tcp_opts[] = {
	{ "source-port", 1, O_SPORT }, { "sport", 1, O_SPORT },
	{ "destination-port", 1, O_DPORT }, { "dport", 1, O_DPORT },
	{ "syn", 0, O_SYN }, { "tcp-flags", 1, O_FLAGS }, { "tcp-option", 1, O_TCPOPT },
	{ NULL, 0, 0 },
};
static const struct ipt_opt udp_opts[] = {
	{ "source-port", 1, O_SPORT }, { "sport", 1, O_SPORT },
	{ "destination-port", 1, O_DPORT }, { "dport", 1, O_DPORT },
	{ NULL, 0, 0 },
};

/* parse_tcp_ports / parse_udp_ports: "P", "A:B", "A:", ":B". */
static int parse_ports(struct strbuf *err, const char *s, uint8_t proto, struct nf_port_range *r)
{
	char buf[128];
	snprintf(buf, sizeof buf, "%s", s);
	char *colon = strchr(buf, ':');
	int lo, hi;
	if (!colon) {
		lo = hi = ipt_parse_port(buf, proto);
		if (lo < 0)
			return ipt_perr(err, "invalid port/service `%s' specified", buf);
	} else {
		*colon = '\0';
		const char *b = colon + 1;
		lo = buf[0] ? ipt_parse_port(buf, proto) : 0;
		if (lo < 0)
			return ipt_perr(err, "invalid port/service `%s' specified", buf);
		hi = b[0] ? ipt_parse_port(b, proto) : 0xffff;
		if (hi < 0)
			return ipt_perr(err, "invalid port/service `%s' specified", b);
		if (lo > hi)
			return ipt_perr(err, "invalid portrange (min > max)");
	}
	r->lo = (uint16_t)lo;
	r->hi = (uint16_t)hi;
	return 0;
}

/* udp's ports go through xtables' generic port-range option (XTTYPE_PORTRC,
 * xtopt_parse_mport), unlike tcp's: at most two ':' parts, an empty part
 * is 0 (first) or 65535 (second), a number is what getaddrinfo() makes of
 * it (taken modulo 65536: 70000 is 4464), a name must resolve, and lo > hi
 * is kept as given. */
static int udp_ports(struct strbuf *err, const char *s, const char *opt, struct nf_port_range *r)
{
	char buf[128];
	snprintf(buf, sizeof buf, "%s", s);
	uint16_t v[2] = { 0, 0 };
	int n = 0;
	char *next = buf;
	for (char *part = strsep(&next, ":"); part; part = strsep(&next, ":"), n++) {
		if (n == 2)
			return perr_nl(err, "udp: Too many components for option \"--%s\" (max: 2)", opt);
		if (*part == '\0') {
			v[n] = n == 1 ? 0xffff : 0;
		} else if (strspn(part, "0123456789") == strlen(part)) {
			v[n] = (uint16_t)strtoul(part, NULL, 10);
		} else {
			int p = ipt_parse_port(part, 17);
			if (p < 0)
				p = ipt_parse_port(part, 6);
			if (p < 0)
				return perr_nl(err, "Port \"%s\" does not resolve to anything.", part);
			v[n] = (uint16_t)p;
		}
	}
	r->lo = v[0];
	r->hi = n == 1 ? v[0] : v[1];
	return 0;
}

static const struct { const char *name; uint8_t flag; } tcp_flag_names[] = {
	{ "FIN", 0x01 }, { "SYN", 0x02 }, { "RST", 0x04 }, { "PSH", 0x08 },
	{ "ACK", 0x10 }, { "URG", 0x20 }, { "ALL", 0x3f }, { "NONE", 0 },
};

static int parse_tcp_flag_list(struct strbuf *err, const char *s, uint8_t *out)
{
	char buf[128];
	snprintf(buf, sizeof buf, "%s", s);
	*out = 0;
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < sizeof tcp_flag_names / sizeof tcp_flag_names[0]; i++)
			if (strcasecmp(tcp_flag_names[i].name, tok) == 0)
				break;
		if (i == sizeof tcp_flag_names / sizeof tcp_flag_names[0])
			return ipt_perr(err, "Unknown TCP flag `%s'", tok);
		*out |= tcp_flag_names[i].flag;
	}
	return 0;
}

static int tcpudp_parse(struct strbuf *err, void *data, unsigned *seen, int id, const char *arg,
			bool inv, int *optind, int argc, char **argv)
{
	struct nf_match *m = data;
	struct nf_m_tcp *t = &m->u.tcp;
	uint8_t proto = m->kind == NF_M_TCP ? 6 : 17;
	int rc;
	if (proto == 17 && (id == O_SPORT || id == O_DPORT)) {
		const char *opt = id == O_SPORT ? "source-port" : "destination-port";
		if (*seen & (1u << id))
			return perr_nl(err, "udp: option \"--%s\" can only be used once.", opt);
		if ((rc = udp_ports(err, arg, opt, id == O_SPORT ? &t->sport : &t->dport)))
			return rc;
		if (id == O_SPORT) {
			t->has_sport = true;
			t->sport_inv = inv;
		} else {
			t->has_dport = true;
			t->dport_inv = inv;
		}
		*seen |= 1u << id;
		return 0;
	}
	switch (id) {
	case O_SPORT:
		if (*seen & (1u << O_SPORT))
			return ipt_perr(err, "Only one `--source-port' allowed");
		if ((rc = parse_ports(err, arg, proto, &t->sport)))
			return rc;
		t->has_sport = true;
		t->sport_inv = inv;
		break;
	case O_DPORT:
		if (*seen & (1u << O_DPORT))
			return ipt_perr(err, "Only one `--destination-port' allowed");
		if ((rc = parse_ports(err, arg, proto, &t->dport)))
			return rc;
		t->has_dport = true;
		t->dport_inv = inv;
		break;
	case O_SYN:
	case O_FLAGS:
		if (*seen & ((1u << O_SYN) | (1u << O_FLAGS)))
			return ipt_perr(err, "Only one of `--syn' or `--tcp-flags'  allowed");
		if (id == O_SYN) {
			t->flags_mask = 0x17;
			t->flags_cmp = 0x02;
		} else {
			if (*optind >= argc || argv[*optind][0] == '-' || argv[*optind][0] == '!')
				return ipt_perr(err, "--tcp-flags requires two args.");
			if ((rc = parse_tcp_flag_list(err, arg, &t->flags_mask)) ||
			    (rc = parse_tcp_flag_list(err, argv[*optind], &t->flags_cmp)))
				return rc;
			(*optind)++;
		}
		t->has_flags = true;
		t->flags_inv = inv;
		break;
	case O_TCPOPT:
		return ipt_perr(err, "tcp: --tcp-option is not modelled by wirelab");
	}
	*seen |= 1u << id;
	return 0;
}

static void print_port(struct strbuf *o, uint16_t port, uint8_t proto, unsigned fmt)
{
	const char *name = (fmt & IPT_FMT_NUMERIC) ? NULL : ipt_port_name(port, proto);
	if (name)
		sb_puts(o, name);
	else
		sb_printf(o, "%u", port);
}

static void print_ports(struct strbuf *o, const char *name, bool has, struct nf_port_range r,
			bool inv, uint8_t proto, unsigned fmt)
{
	if (!has || (r.lo == 0 && r.hi == 0xffff && !inv))
		return;
	const char *bang = inv ? "!" : "";
	if (r.lo == r.hi) {
		sb_printf(o, " %s:%s", name, bang);
		print_port(o, r.lo, proto, fmt);
	} else {
		sb_printf(o, " %ss:%s", name, bang);
		print_port(o, r.lo, proto, fmt);
		sb_puts(o, ":");
		print_port(o, r.hi, proto, fmt);
	}
}

static void print_tcpf(struct strbuf *o, uint8_t flags)
{
	if (!flags) {
		sb_puts(o, "NONE");
		return;
	}
	bool first = true;
	while (flags) {
		size_t i = 0;
		while (!(flags & tcp_flag_names[i].flag))
			i++;
		sb_printf(o, "%s%s", first ? "" : ",", tcp_flag_names[i].name);
		first = false;
		flags &= (uint8_t)~tcp_flag_names[i].flag;
	}
}

static void tcpudp_print(struct strbuf *o, const struct nf_m_tcp *t, uint8_t proto, unsigned fmt)
{
	sb_puts(o, proto == 6 ? " tcp" : " udp");
	print_ports(o, "spt", t->has_sport, t->sport, t->sport_inv, proto, fmt);
	print_ports(o, "dpt", t->has_dport, t->dport, t->dport_inv, proto, fmt);
	if (proto == 6 && t->has_flags) {
		sb_printf(o, " flags:%s", t->flags_inv ? "!" : "");
		if (fmt & IPT_FMT_NUMERIC) {
			sb_printf(o, "0x%02X/0x%02X", t->flags_mask, t->flags_cmp);
		} else {
			print_tcpf(o, t->flags_mask);
			sb_puts(o, "/");
			print_tcpf(o, t->flags_cmp);
		}
	}
}

static void save_ports(struct strbuf *o, const char *opt, bool has, struct nf_port_range r,
		       bool inv)
{
	if (!has || (r.lo == 0 && r.hi == 0xffff))
		return;
	if (inv)
		sb_puts(o, " !");
	if (r.lo != r.hi)
		sb_printf(o, " %s %u:%u", opt, r.lo, r.hi);
	else
		sb_printf(o, " %s %u", opt, r.lo);
}

static void tcpudp_save(struct strbuf *o, const struct nf_m_tcp *t, bool tcp)
{
	save_ports(o, "--sport", t->has_sport, t->sport, t->sport_inv);
	save_ports(o, "--dport", t->has_dport, t->dport, t->dport_inv);
	if (tcp && t->has_flags) {
		if (t->flags_inv)
			sb_puts(o, " !");
		sb_puts(o, " --tcp-flags ");
		print_tcpf(o, t->flags_mask);
		sb_puts(o, " ");
		print_tcpf(o, t->flags_cmp);
	}
}

/* ---- icmp ---------------------------------------------------------------- */

static const struct ipt_opt icmp_opts[] = { { "icmp-type", 1, 1 }, { NULL, 0, 0 } };

static const struct icmp_name {
	const char *name;
	uint8_t type, lo, hi;
} icmp_names[] = {
	{ "any", 0xff, 0, 0xff },
	{ "echo-reply", 0, 0, 0xff },
	{ "destination-unreachable", 3, 0, 0xff },
	{ "network-unreachable", 3, 0, 0 },
	{ "host-unreachable", 3, 1, 1 },
	{ "protocol-unreachable", 3, 2, 2 },
	{ "port-unreachable", 3, 3, 3 },
	{ "fragmentation-needed", 3, 4, 4 },
	{ "source-route-failed", 3, 5, 5 },
	{ "network-unknown", 3, 6, 6 },
	{ "host-unknown", 3, 7, 7 },
	{ "network-prohibited", 3, 9, 9 },
	{ "host-prohibited", 3, 10, 10 },
	{ "TOS-network-unreachable", 3, 11, 11 },
	{ "TOS-host-unreachable", 3, 12, 12 },
	{ "communication-prohibited", 3, 13, 13 },
	{ "host-precedence-violation", 3, 14, 14 },
	{ "precedence-cutoff", 3, 15, 15 },
	{ "source-quench", 4, 0, 0xff },
	{ "redirect", 5, 0, 0xff },
	{ "network-redirect", 5, 0, 0 },
	{ "host-redirect", 5, 1, 1 },
	{ "TOS-network-redirect", 5, 2, 2 },
	{ "TOS-host-redirect", 5, 3, 3 },
	{ "echo-request", 8, 0, 0xff },
	{ "router-advertisement", 9, 0, 0xff },
	{ "router-solicitation", 10, 0, 0xff },
	{ "time-exceeded", 11, 0, 0xff },
	{ "ttl-zero-during-transit", 11, 0, 0 },
	{ "ttl-zero-during-reassembly", 11, 1, 1 },
	{ "parameter-problem", 12, 0, 0xff },
	{ "ip-header-bad", 12, 0, 0 },
	{ "required-option-missing", 12, 1, 1 },
	{ "timestamp-request", 13, 0, 0xff },
	{ "timestamp-reply", 14, 0, 0xff },
	{ "address-mask-request", 17, 0, 0xff },
	{ "address-mask-reply", 18, 0, 0xff },
};
#define N_ICMP (sizeof icmp_names / sizeof icmp_names[0])

static int icmp_parse(struct strbuf *err, void *data, unsigned *seen, int id, const char *arg,
		      bool inv, int *optind, int argc, char **argv)
{
	(void)id, (void)optind, (void)argc, (void)argv;
	struct nf_m_icmp *ic = &((struct nf_match *)data)->u.icmp;
	if (*seen)
		return perr_nl(err, "icmp: option \"--icmp-type\" can only be used once.");
	size_t len = strlen(arg), hit = N_ICMP;
	for (size_t i = 0; i < N_ICMP && len; i++)
		if (strncasecmp(icmp_names[i].name, arg, len) == 0) {
			if (hit != N_ICMP && (icmp_names[hit].type != icmp_names[i].type ||
					      icmp_names[hit].lo != icmp_names[i].lo ||
					      icmp_names[hit].hi != icmp_names[i].hi))
				return ipt_perr(err, "Ambiguous ICMP type `%s': `%s' or `%s'?", arg,
						icmp_names[hit].name, icmp_names[i].name);
			if (hit == N_ICMP)
				hit = i;
		}
	if (hit != N_ICMP) {
		ic->type = icmp_names[hit].type;
		ic->code_lo = icmp_names[hit].lo;
		ic->code_hi = icmp_names[hit].hi;
	} else {
		char buf[64];
		snprintf(buf, sizeof buf, "%s", arg);
		char *slash = strchr(buf, '/');
		uint32_t v;
		if (slash)
			*slash = '\0';
		if (!parse_u32(buf, &v, 255))
			return ipt_perr(err, "Unknown ICMP type `%s'", arg);
		ic->type = (uint8_t)v;
		ic->code_lo = 0;
		ic->code_hi = 0xff;
		if (slash) {
			if (!parse_u32(slash + 1, &v, 255))
				return ipt_perr(err, "Unknown ICMP code `%s'", arg);
			ic->code_lo = ic->code_hi = (uint8_t)v;
		}
	}
	ic->inv = inv;
	*seen = 1;
	return 0;
}

static void icmp_print(struct strbuf *o, const struct nf_m_icmp *ic, unsigned fmt)
{
	sb_puts(o, " icmp");
	if (!(fmt & IPT_FMT_NUMERIC))
		for (size_t i = 0; i < N_ICMP; i++)
			if (icmp_names[i].type == ic->type && icmp_names[i].lo == ic->code_lo &&
			    icmp_names[i].hi == ic->code_hi) {
				sb_printf(o, " %s%s", ic->inv ? "!" : "", icmp_names[i].name);
				return;
			}
	if (ic->inv)
		sb_puts(o, " !");
	sb_printf(o, "type %u", ic->type);
	if (ic->code_lo == ic->code_hi)
		sb_printf(o, " code %u", ic->code_lo);
	else if (ic->code_lo != 0 || ic->code_hi != 0xff)
		sb_printf(o, " codes %u-%u", ic->code_lo, ic->code_hi);
}

static void icmp_save(struct strbuf *o, const struct nf_m_icmp *ic)
{
	if (ic->inv)
		sb_puts(o, " !");
	if (ic->type == 0xff) {
		sb_puts(o, " --icmp-type any");
		return;
	}
	sb_printf(o, " --icmp-type %u", ic->type);
	if (ic->code_lo != 0 || ic->code_hi != 0xff)
		sb_printf(o, "/%u", ic->code_lo);
}

/* ---- multiport ------------------------------------------------------------- */

static const struct ipt_opt multiport_opts[] = {
	{ "source-ports", 1, NF_MP_SRC + 1 }, { "sports", 1, NF_MP_SRC + 1 },
	{ "destination-ports", 1, NF_MP_DST + 1 }, { "dports", 1, NF_MP_DST + 1 },
	{ "ports", 1, NF_MP_ANY + 1 }, { NULL, 0, 0 },
};

static int multiport_parse(struct strbuf *err, void *data, unsigned *seen, int id, const char *arg,
			   bool inv, int *optind, int argc, char **argv)
{
	(void)optind, (void)argc, (void)argv;
	struct nf_m_multiport *mp = &((struct nf_match *)data)->u.multiport;
	if (*seen) {
		/* xtables' exclusion, naming the options in libxt_multiport's order */
		static const char *const names[] = { "source-ports", "destination-ports", "ports" };
		int a = (int)*seen - 1, b = id - 1;
		if (a == b)
			return perr_nl(err, "multiport: option \"--%s\" can only be used once.", names[a]);
		return perr_nl(err, "multiport: option \"--%s\" cannot be used together with \"--%s\".",
			       names[a < b ? a : b], names[a < b ? b : a]);
	}
	mp->dir = (enum nf_multiport_dir)(id - 1);
	mp->inv = inv;
	mp->count = 0;
	char buf[512];
	snprintf(buf, sizeof buf, "%s", arg);
	unsigned slots = 0;
	/* parse_multi_ports_v1: each entry is a port or a range, a range
	 * taking two of the XT_MULTI_PORTS (15) slots. */
	char *next = buf;
	for (char *tok = strsep(&next, ","); tok; tok = strsep(&next, ",")) {
		char *colon = strchr(tok, ':');
		int lo, hi;
		if (colon)
			*colon = '\0';
		/* the protocol is the rule's; tcp's names are udp's for these */
		lo = ipt_parse_port(tok, 6);
		if (lo < 0)
			return ipt_perr(err, "invalid port/service `%s' specified", tok);
		hi = lo;
		if (colon) {
			hi = ipt_parse_port(colon + 1, 6);
			if (hi < 0)
				return ipt_perr(err, "invalid port/service `%s' specified", colon + 1);
			if (lo > hi)
				return ipt_perr(err, "invalid portrange specified");
		}
		slots += colon ? 2 : 1;
		if (slots > NF_MULTIPORT_MAX || mp->count >= NF_MULTIPORT_MAX)
			return ipt_perr(err, "too many ports specified");
		mp->ports[mp->count].lo = (uint16_t)lo;
		mp->ports[mp->count].hi = (uint16_t)hi;
		mp->count++;
	}
	if (!mp->count)
		return ipt_perr(err, "invalid port/service `' specified");
	*seen = (unsigned)id;
	return 0;
}

static int multiport_final(struct strbuf *err, void *data, unsigned seen)
{
	(void)data;
	if (!seen)
		return ipt_perr(err, "multiport expection an option");     /* sic */
	return 0;
}

static const char *mp_dir_word(enum nf_multiport_dir d)
{
	return d == NF_MP_SRC ? "sports" : d == NF_MP_DST ? "dports" : "ports";
}

static void multiport_print(struct strbuf *o, const struct nf_m_multiport *mp, uint8_t proto,
			    unsigned fmt)
{
	sb_printf(o, " multiport %s %s", mp_dir_word(mp->dir), mp->inv ? " !" : "");
	for (unsigned i = 0; i < mp->count; i++) {
		if (i)
			sb_puts(o, ",");
		print_port(o, mp->ports[i].lo, proto, fmt);
		if (mp->ports[i].hi != mp->ports[i].lo) {
			sb_puts(o, ":");
			print_port(o, mp->ports[i].hi, proto, fmt);
		}
	}
}

static void multiport_save(struct strbuf *o, const struct nf_m_multiport *mp)
{
	sb_printf(o, "%s --%s ", mp->inv ? " !" : "", mp_dir_word(mp->dir));
	for (unsigned i = 0; i < mp->count; i++) {
		sb_printf(o, "%s%u", i ? "," : "", mp->ports[i].lo);
		if (mp->ports[i].hi != mp->ports[i].lo)
			sb_printf(o, ":%u", mp->ports[i].hi);
	}
}

/* ---- statistic ------------------------------------------------------------- */

enum { S_MODE = 1, S_PROB, S_EVERY, S_PACKET };
static const struct ipt_opt statistic_opts[] = {
	{ "mode", 1, S_MODE }, { "probability", 1, S_PROB }, { "every", 1, S_EVERY },
	{ "packet", 1, S_PACKET }, { NULL, 0, 0 },
};
static const char *stat_optname[] = { "", "mode", "probability", "every", "packet" };

static int statistic_parse(struct strbuf *err, void *data, unsigned *seen, int id, const char *arg,
			   bool inv, int *optind, int argc, char **argv)
{
	(void)optind, (void)argc, (void)argv;
	struct nf_m_statistic *st = &((struct nf_match *)data)->u.statistic;
	if (*seen & (1u << id))
		return perr_nl(err, "statistic: option \"--%s\" can only be used once.",
			       stat_optname[id]);
	if (inv && id != S_PROB && id != S_EVERY)
		return perr_nl(err, "statistic: option \"--%s\" cannot be inverted.", stat_optname[id]);
	uint32_t v;
	switch (id) {
	case S_MODE:
		if (strcmp(arg, "random") == 0)
			st->mode = NF_STAT_RANDOM;
		else if (strcmp(arg, "nth") == 0)
			st->mode = NF_STAT_NTH;
		else
			return ipt_perr(err, "Bad mode \"%s\"", arg);
		break;
	case S_PROB: {
		char *end;
		double p = strtod(arg, &end);
		if (*end || end == arg || !(p >= 0.0 && p <= 1.0))
			return perr_nl(err, "statistic: bad value for option \"--probability\", or out of range (0-1).");
		st->probability = (uint32_t)lround(0x80000000 * p);
		st->inv = inv;
		break;
	}
	case S_EVERY:
		if (!parse_u32(arg, &v, 0xffffffffu) || v == 0)
			return perr_nl(err, "statistic: bad value for option \"--every\", or out of range (1-4294967295).");
		st->every = v;
		st->inv = inv;
		break;
	case S_PACKET:
		if (!parse_u32(arg, &v, 0xffffffffu))
			return perr_nl(err, "statistic: bad integer value for option \"--packet\", or out of range.");
		st->packet = v;
		break;
	}
	*seen |= 1u << id;
	return 0;
}

static int statistic_final(struct strbuf *err, void *data, unsigned seen)
{
	struct nf_m_statistic *st = &((struct nf_match *)data)->u.statistic;
	unsigned prob = 1u << S_PROB, every = 1u << S_EVERY, packet = 1u << S_PACKET;
	/* xtables' own checks first (mandatory, exclusive, also-requires),
	 * then libxt_statistic's, in their order, with their words */
	if (!(seen & (1u << S_MODE)))
		return perr_nl(err, "statistic: option \"--mode\" must be specified");
	if ((seen & prob) && (seen & (every | packet)))
		return perr_nl(err, "statistic: option \"--probability\" cannot be used together with \"--%s\".",
			       (seen & every) ? "every" : "packet");
	if ((seen & every) && !(seen & packet))
		return perr_nl(err, "statistic: option \"--every\" also requires \"--packet\".");
	if (st->mode == NF_STAT_RANDOM) {
		if (!(seen & prob))
			return ipt_perr(err, "--probability must be specified when using random mode");
		if (seen & (every | packet))
			return ipt_perr(err, "--every and --packet only valid in nth mode");
	} else {
		if (seen & prob)
			return ipt_perr(err, "--probability only valid in random mode");
		if (!(seen & (every | packet)))
			return ipt_perr(err, "--every and --packet must be specified when using nth mode");
		/* libxt keeps every - 1 (0 when --every is missing) */
		if (!(seen & every) || st->packet > st->every - 1)
			return ipt_perr(err, "the --packet p must be 0 <= p <= n-1");
	}
	st->count = st->packet;
	return 0;
}

static void statistic_print(struct strbuf *o, const struct nf_m_statistic *st)
{
	if (st->mode == NF_STAT_RANDOM) {
		sb_printf(o, " statistic mode random%s probability %.11f", st->inv ? " !" : "",
			  1.0 * st->probability / 0x80000000);
	} else {
		/* -L leaves out packet 0; iptables-save always has --packet */
		sb_printf(o, " statistic mode nth%s every %u", st->inv ? " !" : "", st->every);
		if (st->packet)
			sb_printf(o, " packet %u", st->packet);
	}
}

static void statistic_save(struct strbuf *o, const struct nf_m_statistic *st)
{
	if (st->mode == NF_STAT_RANDOM) {
		sb_printf(o, " --mode random%s --probability %.11f", st->inv ? " !" : "",
			  1.0 * st->probability / 0x80000000);
	} else {
		sb_printf(o, " --mode nth%s --every %u --packet %u", st->inv ? " !" : "", st->every,
			  st->packet);
	}
}

/* ---- mark ----------------------------------------------------------------- */

static const struct ipt_opt mark_opts[] = { { "mark", 1, 1 }, { NULL, 0, 0 } };

static int mark_parse(struct strbuf *err, void *data, unsigned *seen, int id, const char *arg,
		      bool inv, int *optind, int argc, char **argv)
{
	(void)id, (void)optind, (void)argc, (void)argv;
	struct nf_m_mark *mk = &((struct nf_match *)data)->u.mark;
	if (*seen)
		return perr_nl(err, "mark: option \"--mark\" can only be used once.");
	if (!parse_mark_mask(arg, &mk->mark, &mk->mask))
		return perr_nl(err, "mark: bad integer value for option \"--mark\", or out of range.");
	mk->inv = inv;
	*seen = 1;
	return 0;
}

static int mark_final(struct strbuf *err, void *data, unsigned seen)
{
	(void)data;
	return seen ? 0 : perr_nl(err, "mark: option \"--mark\" must be specified");
}

static void print_mark(struct strbuf *o, uint32_t mark, uint32_t mask)
{
	if (mask != 0xffffffffu)
		sb_printf(o, " 0x%x/0x%x", mark, mask);
	else
		sb_printf(o, " 0x%x", mark);
}

/* ---- conntrack (--ctstate) -------------------------------------------------- */

static const struct ipt_opt conntrack_opts[] = {
	{ "ctstate", 1, 1 },
	/* libxt_conntrack's others: known, not modelled */
	{ "ctproto", 1, 2 }, { "ctorigsrc", 1, 2 }, { "ctorigdst", 1, 2 }, { "ctreplsrc", 1, 2 },
	{ "ctrepldst", 1, 2 }, { "ctorigsrcport", 1, 2 }, { "ctorigdstport", 1, 2 },
	{ "ctreplsrcport", 1, 2 }, { "ctrepldstport", 1, 2 }, { "ctstatus", 1, 2 },
	{ "ctexpire", 1, 2 }, { "ctdir", 1, 2 },
	{ NULL, 0, 0 },
};
static const char *const ct_state_names[] = {
	"INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED", "SNAT", "DNAT",
};
#define N_CTSTATES (sizeof ct_state_names / sizeof ct_state_names[0])

static int conntrack_parse(struct strbuf *err, void *data, unsigned *seen, int id, const char *arg,
			   bool inv, int *optind, int argc, char **argv)
{
	(void)id, (void)optind, (void)argc, (void)argv;
	struct nf_m_conntrack *ct = &((struct nf_match *)data)->u.conntrack;
	if (id == 2)
		return ipt_perr(err, "conntrack: only --ctstate is modelled by wirelab");
	if (*seen)
		return perr_nl(err, "conntrack: option \"--ctstate\" can only be used once.");
	char buf[256];
	snprintf(buf, sizeof buf, "%s", arg);
	ct->states = 0;
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < N_CTSTATES; i++)
			if (strcasecmp(tok, ct_state_names[i]) == 0)
				break;
		if (i == N_CTSTATES)
			return ipt_perr(err, "Bad ctstate \"%s\"", tok);
		ct->states |= (uint16_t)(1u << i);
	}
	ct->inv = inv;
	*seen = 1;
	return 0;
}

static int conntrack_final(struct strbuf *err, void *data, unsigned seen)
{
	(void)data;
	return seen ? 0 : ipt_perr(err, "conntrack: At least one option is required");
}

static void ctstates(struct strbuf *o, uint16_t states)
{
	bool first = true;
	for (size_t i = 0; i < N_CTSTATES; i++)
		if (states & (1u << i)) {
			sb_printf(o, "%s%s", first ? "" : ",", ct_state_names[i]);
			first = false;
		}
}

/* -m state --state LIST: the old name of --ctstate (libxt_state is
 * libxt_conntrack's alias in iptables 1.8.9).  nf.h has no way to keep
 * the name the rule was written with, so it is stored as a conntrack
 * match and listed as one ("-m conntrack --ctstate", "ctstate NEW");
 * iptables prints "-m state --state", "state NEW".  Engine request: a
 * `bool state` in struct nf_m_conntrack, set here, ignored by matching. */
static const struct ipt_opt state_opts[] = { { "state", 1, 1 }, { NULL, 0, 0 } };

static int state_parse(struct strbuf *err, void *data, unsigned *seen, int id, const char *arg,
		       bool inv, int *optind, int argc, char **argv)
{
	(void)id, (void)optind, (void)argc, (void)argv;
	struct nf_m_conntrack *ct = &((struct nf_match *)data)->u.conntrack;
	if (*seen)
		return perr_nl(err, "state: option \"--state\" can only be used once.");
	char buf[256];
	snprintf(buf, sizeof buf, "%s", arg);
	ct->states = 0;
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i;
		/* --state knows the first five (no SNAT, DNAT) */
		for (i = 0; i < 5; i++)
			if (strcasecmp(tok, ct_state_names[i]) == 0)
				break;
		if (i == 5)
			return ipt_perr(err, "Bad state \"%s\"", tok);
		ct->states |= (uint16_t)(1u << i);
	}
	ct->inv = inv;
	*seen = 1;
	return 0;
}

static int state_final(struct strbuf *err, void *data, unsigned seen)
{
	(void)data;
	return seen ? 0 : perr_nl(err, "state: option \"--state\" must be specified");
}

/* ---- addrtype -------------------------------------------------------------- */

enum { A_SRC = 1, A_DST, A_LIN, A_LOUT };
static const struct ipt_opt addrtype_opts[] = {
	{ "src-type", 1, A_SRC }, { "dst-type", 1, A_DST },
	{ "limit-iface-in", 0, A_LIN }, { "limit-iface-out", 0, A_LOUT }, { NULL, 0, 0 },
};

static int addrtype_parse(struct strbuf *err, void *data, unsigned *seen, int id, const char *arg,
			  bool inv, int *optind, int argc, char **argv)
{
	(void)optind, (void)argc, (void)argv;
	struct nf_m_addrtype *at = &((struct nf_match *)data)->u.addrtype;
	if (*seen & (1u << id))
		return perr_nl(err, "addrtype: option \"--%s\" can only be used once.",
			       addrtype_opts[id - 1].name);
	if (id == A_LIN || id == A_LOUT) {
		if (*seen & (1u << (id == A_LIN ? A_LOUT : A_LIN)))
			return perr_nl(err, "addrtype: option \"--limit-iface-in\" cannot be used together with \"--limit-iface-out\".");
		if (id == A_LIN)
			at->limit_iface_in = true;
		else
			at->limit_iface_out = true;
		*seen |= 1u << id;
		return 0;
	}
	char buf[256];
	snprintf(buf, sizeof buf, "%s", arg);
	uint16_t types = 0;
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		unsigned b;
		for (b = 0; b < 12; b++)
			if (strcasecmp(tok, nf_addrtype_name((uint16_t)(1u << b))) == 0)
				break;
		if (b == 12)
			return ipt_perr(err, "addrtype: bad type \"%s\"", tok);
		types |= (uint16_t)(1u << b);
	}
	if (id == A_SRC) {
		at->src_types = types;
		at->src_inv = inv;
	} else {
		at->dst_types = types;
		at->dst_inv = inv;
	}
	*seen |= 1u << id;
	return 0;
}

static int addrtype_final(struct strbuf *err, void *data, unsigned seen)
{
	(void)data;
	if (!(seen & ((1u << A_SRC) | (1u << A_DST))))
		return ipt_perr(err, "addrtype: you must specify --src-type or --dst-type");
	return 0;
}

static void addrtypes(struct strbuf *o, uint16_t types)
{
	bool first = true;
	for (unsigned b = 0; b < 12; b++)
		if (types & (1u << b)) {
			sb_printf(o, "%s%s", first ? "" : ",", nf_addrtype_name((uint16_t)(1u << b)));
			first = false;
		}
}

/* ---- comment ---------------------------------------------------------------- */

static const struct ipt_opt comment_opts[] = { { "comment", 1, 1 }, { NULL, 0, 0 } };

static int comment_parse(struct strbuf *err, void *data, unsigned *seen, int id, const char *arg,
			 bool inv, int *optind, int argc, char **argv)
{
	(void)id, (void)optind, (void)argc, (void)argv;
	char *cm = ((struct nf_match *)data)->u.comment;
	if (*seen)
		return perr_nl(err, "comment: option \"--comment\" can only be used once.");
	if (inv)
		return perr_nl(err, "comment: option \"--comment\" cannot be inverted.");
	if (strlen(arg) >= NF_COMMENT_MAX)
		return perr_nl(err, "comment: option \"--comment\" must be less than %d characters long.",
			       NF_COMMENT_MAX);
	snprintf(cm, NF_COMMENT_MAX, "%s", arg);
	*seen = 1;
	return 0;
}

static int comment_final(struct strbuf *err, void *data, unsigned seen)
{
	(void)data;
	return seen ? 0 : perr_nl(err, "comment: option \"--comment\" must be specified");
}

/* xtables_save_string: bare when made only of letters, digits, '_' and
 * '-' (and not empty), else in double quotes with " \ ' escaped. */
static void save_string(struct strbuf *o, const char *s)
{
	static const char plain[] = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
	size_t n = strspn(s, plain);
	if (n > 0 && s[n] == '\0') {
		sb_printf(o, " %s", s);
		return;
	}
	sb_puts(o, " \"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\' || *s == '\'')
			sb_puts(o, "\\");
		sb_append(o, s, 1);
	}
	sb_puts(o, "\"");
}

/* ---- REJECT ----------------------------------------------------------------- */

static const struct ipt_opt reject_opts[] = { { "reject-with", 1, 1 }, { NULL, 0, 0 } };

static const struct { const char *name, *alias; enum nf_reject_with with; } reject_names[] = {
	{ "icmp-net-unreachable", "net-unreach", NF_REJ_ICMP_NET_UNREACHABLE },
	{ "icmp-host-unreachable", "host-unreach", NF_REJ_ICMP_HOST_UNREACHABLE },
	{ "icmp-proto-unreachable", "proto-unreach", NF_REJ_ICMP_PROT_UNREACHABLE },
	{ "icmp-port-unreachable", "port-unreach", NF_REJ_ICMP_PORT_UNREACHABLE },
	{ "icmp-net-prohibited", "net-prohib", NF_REJ_ICMP_NET_PROHIBITED },
	{ "icmp-host-prohibited", "host-prohib", NF_REJ_ICMP_HOST_PROHIBITED },
	{ "tcp-reset", "tcp-rst", NF_REJ_TCP_RESET },
	{ "icmp-admin-prohibited", "admin-prohib", NF_REJ_ICMP_ADMIN_PROHIBITED },
};

static int reject_parse(struct strbuf *err, void *data, unsigned *seen, int id, const char *arg,
			bool inv, int *optind, int argc, char **argv)
{
	(void)id, (void)inv, (void)optind, (void)argc, (void)argv;
	struct nf_target *t = data;
	if (*seen)
		return perr_nl(err, "REJECT: option \"--reject-with\" can only be used once.");
	size_t len = strlen(arg);
	for (size_t i = 0; i < sizeof reject_names / sizeof reject_names[0] && len; i++)
		if (strncasecmp(reject_names[i].name, arg, len) == 0 ||
		    strncasecmp(reject_names[i].alias, arg, len) == 0) {
			t->u.reject = reject_names[i].with;
			*seen = 1;
			return 0;
		}
	return ipt_perr(err, "unknown reject type \"%s\"", arg);
}

/* ---- LOG ------------------------------------------------------------------- */

enum { L_LEVEL = 1, L_PREFIX, L_FLAG };
static const struct ipt_opt log_opts[] = {
	{ "log-level", 1, L_LEVEL }, { "log-prefix", 1, L_PREFIX },
	{ "log-tcp-sequence", 0, L_FLAG }, { "log-tcp-options", 0, L_FLAG },
	{ "log-ip-options", 0, L_FLAG }, { "log-uid", 0, L_FLAG }, { "log-macdecode", 0, L_FLAG },
	{ NULL, 0, 0 },
};
/* The level names the iptables-nft 1.8.9 lister prints (nft's). */
static const char *const log_level_print[] = {
	"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug",
};
/* The names --log-level takes (libxt_LOG's table). */
static const struct { const char *name; uint8_t level; } log_level_names[] = {
	{ "alert", 1 }, { "crit", 2 }, { "debug", 7 }, { "emerg", 0 }, { "error", 3 },
	{ "info", 6 }, { "notice", 5 }, { "panic", 0 }, { "warning", 4 },
};

static int log_parse(struct strbuf *err, void *data, unsigned *seen, int id, const char *arg,
		     bool inv, int *optind, int argc, char **argv)
{
	(void)inv, (void)optind, (void)argc, (void)argv;
	struct nf_target *t = data;
	if (id == L_FLAG)
		return ipt_perr(err, "LOG: the --log-tcp-sequence/--log-*-options/--log-uid/--log-macdecode flags are not modelled by wirelab");
	if (*seen & (1u << id))
		return perr_nl(err, "LOG: option \"--%s\" can only be used once.",
			       id == L_LEVEL ? "log-level" : "log-prefix");
	if (id == L_LEVEL) {
		uint32_t v;
		size_t i;
		for (i = 0; i < sizeof log_level_names / sizeof log_level_names[0]; i++)
			if (strcmp(log_level_names[i].name, arg) == 0)
				break;
		if (i < sizeof log_level_names / sizeof log_level_names[0])
			t->u.log.level = log_level_names[i].level;
		else if (parse_u32(arg, &v, 7))
			t->u.log.level = (uint8_t)v;
		else
			return perr_nl(err, "log level \"%s\" unknown", arg);
	} else {
		/* iptables-nft keeps the first 29 characters, silently */
		snprintf(t->u.log.prefix, sizeof t->u.log.prefix, "%s", arg);
	}
	*seen |= 1u << id;
	return 0;
}

/* ---- MARK ------------------------------------------------------------------- */

enum { M_SETX = 1, M_SET, M_AND, M_OR, M_XOR };
static const struct ipt_opt mark_tg_opts[] = {
	{ "set-xmark", 1, M_SETX }, { "set-mark", 1, M_SET }, { "and-mark", 1, M_AND },
	{ "or-mark", 1, M_OR }, { "xor-mark", 1, M_XOR }, { NULL, 0, 0 },
};
static const char *const mark_tg_names[] = { "", "set-xmark", "set-mark", "and-mark", "or-mark",
					      "xor-mark" };

static int mark_tg_parse(struct strbuf *err, void *data, unsigned *seen, int id, const char *arg,
			 bool inv, int *optind, int argc, char **argv)
{
	(void)inv, (void)optind, (void)argc, (void)argv;
	struct nf_target *t = data;
	if (*seen) {
		int other = 1;
		while (!(*seen & (1u << other)))
			other++;
		if (other == id)
			return perr_nl(err, "MARK: option \"--%s\" can only be used once.",
				       mark_tg_names[id]);
		return perr_nl(err, "MARK: option \"--%s\" cannot be used together with \"--%s\".",
			       mark_tg_names[other < id ? other : id], mark_tg_names[other < id ? id : other]);
	}
	uint32_t v, m;
	bool ok;
	if (id == M_SETX || id == M_SET)
		ok = parse_mark_mask(arg, &v, &m);
	else
		ok = parse_u32(arg, &v, 0xffffffffu);
	if (!ok && (id == M_SETX || id == M_SET))
		return perr_nl(err, "MARK: bad integer value for option \"--%s\", or out of range.",
			       mark_tg_names[id]);
	if (!ok)
		return perr_nl(err, "MARK: bad value for option \"--%s\", or out of range (0-4294967295).",
			       mark_tg_names[id]);
	switch (id) {
	case M_SETX: t->u.mark.value = v; t->u.mark.mask = m; break;
	case M_SET: t->u.mark.value = v; t->u.mark.mask = v | m; break;
	case M_AND: t->u.mark.value = 0; t->u.mark.mask = ~v; break;
	case M_OR: t->u.mark.value = v; t->u.mark.mask = v; break;
	case M_XOR: t->u.mark.value = v; t->u.mark.mask = 0; break;
	}
	*seen |= 1u << id;
	return 0;
}

static int mark_tg_final(struct strbuf *err, void *data, unsigned seen)
{
	(void)data;
	if (!seen)
		return ipt_perr(err, "MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required");
	return 0;
}

/* ---- DNAT, SNAT, MASQUERADE ----------------------------------------------------- */

enum { N_TO = 1, N_RANDOM, N_PERSISTENT, N_RANDOM_FULLY, N_PORTS };
static const struct ipt_opt dnat_opts[] = {
	{ "to-destination", 1, N_TO }, { "random", 0, N_RANDOM }, { "persistent", 0, N_PERSISTENT },
	{ "random-fully", 0, N_RANDOM_FULLY }, { NULL, 0, 0 },
};
static const struct ipt_opt snat_opts[] = {
	{ "to-source", 1, N_TO }, { "random", 0, N_RANDOM }, { "persistent", 0, N_PERSISTENT },
	{ "random-fully", 0, N_RANDOM_FULLY }, { NULL, 0, 0 },
};
static const struct ipt_opt masq_opts[] = {
	{ "to-ports", 1, N_PORTS }, { "random", 0, N_RANDOM }, { "random-fully", 0, N_RANDOM_FULLY },
	{ NULL, 0, 0 },
};

static bool dotted(const char *s, uint32_t *a)
{
	unsigned b[4];
	char tail;
	if (sscanf(s, "%u.%u.%u.%u%c", &b[0], &b[1], &b[2], &b[3], &tail) != 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (b[i] > 255)
			return false;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			return false;
	*a = b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
	return true;
}

/* port[-port] of --to-destination / --to-ports. */
static int parse_nat_ports(struct strbuf *err, const char *s, struct nf_nat_range *r)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s", s);
	if (strchr(buf, ':'))
		return ipt_perr(err, "Invalid port:port syntax - use dash");
	char *dash = strchr(buf, '-');
	uint32_t lo, hi;
	if (dash)
		*dash = '\0';
	if (!parse_u32(buf, &lo, 65535))
		return ipt_perr(err, "Port `%s' not valid", buf);
	hi = lo;
	if (dash && !parse_u32(dash + 1, &hi, 65535))
		return ipt_perr(err, "Port `%s' not valid", dash + 1);
	if (hi < lo)
		return ipt_perr(err, "Port range `%s' funky", dash + 1);
	r->has_ports = true;
	r->min_port = (uint16_t)lo;
	r->max_port = (uint16_t)hi;
	return 0;
}

/* [ipaddr[-ipaddr]][:port[-port]] (parse_to of libxt_DNAT). */
static int parse_nat_to(struct strbuf *err, const char *s, struct nf_nat_range *r)
{
	char buf[128];
	snprintf(buf, sizeof buf, "%s", s);
	char *colon = strchr(buf, ':');
	int rc;
	if (colon) {
		*colon = '\0';
		if ((rc = parse_nat_ports(err, colon + 1, r)))
			return rc;
	}
	if (buf[0]) {
		char *dash = strchr(buf, '-');
		if (dash)
			*dash = '\0';
		if (!dotted(buf, &r->min_addr))
			return ipt_perr(err, "Bad IP address \"%s\"", buf);
		r->max_addr = r->min_addr;
		if (dash && !dotted(dash + 1, &r->max_addr))
			return ipt_perr(err, "Bad IP address \"%s\"", dash + 1);
		if (r->max_addr < r->min_addr)
			return ipt_perr(err, "Bad IP address \"%s\"", s);
		r->has_addr = true;
	}
	return 0;
}

static int nat_parse(struct strbuf *err, void *data, unsigned *seen, int id, const char *arg,
		     bool inv, int *optind, int argc, char **argv)
{
	(void)inv, (void)optind, (void)argc, (void)argv;
	struct nf_target *t = data;
	const char *tn = nf_target_name(t->kind);
	if (*seen & (1u << id)) {
		const struct ipt_opt *o = t->kind == NF_T_DNAT ? dnat_opts
					  : t->kind == NF_T_SNAT ? snat_opts : masq_opts;
		while (o->name && o->id != id)
			o++;
		return perr_nl(err, "%s: option \"--%s\" can only be used once.", tn,
			       o->name ? o->name : "");
	}
	struct nf_nat_range *r = &t->u.nat;
	int rc;
	switch (id) {
	case N_TO:
		if ((rc = parse_nat_to(err, arg, r)))
			return rc;
		break;
	case N_PORTS:
		if ((rc = parse_nat_ports(err, arg, r)))
			return rc;
		break;
	case N_RANDOM: r->random = true; break;
	case N_PERSISTENT: r->persistent = true; break;
	case N_RANDOM_FULLY: r->random_fully = true; break;
	}
	*seen |= 1u << id;
	return 0;
}

static int nat_final(struct strbuf *err, void *data, unsigned seen)
{
	struct nf_target *t = data;
	if (t->kind != NF_T_MASQUERADE && !(seen & (1u << N_TO)))
		return perr_nl(err, "%s: option \"--to-%s\" must be specified", nf_target_name(t->kind),
			       t->kind == NF_T_DNAT ? "destination" : "source");
	return 0;
}

static void nat_range(struct strbuf *o, const struct nf_nat_range *r)
{
	char a[16], b[16];
	if (r->has_addr) {
		ipv4_addr_str(r->min_addr, a);
		sb_puts(o, a);
		if (r->max_addr != r->min_addr) {
			ipv4_addr_str(r->max_addr, b);
			sb_printf(o, "-%s", b);
		}
	}
	if (r->has_ports) {
		sb_printf(o, ":%u", r->min_port);
		if (r->max_port != r->min_port)
			sb_printf(o, "-%u", r->max_port);
	}
}

/* ---- the table -------------------------------------------------------------- */

static const struct ipt_ext exts[] = {
	{ "tcp", false, tcp_opts, tcpudp_parse, NULL },
	{ "udp", false, udp_opts, tcpudp_parse, NULL },
	{ "icmp", false, icmp_opts, icmp_parse, NULL },
	{ "multiport", false, multiport_opts, multiport_parse, multiport_final },
	{ "statistic", false, statistic_opts, statistic_parse, statistic_final },
	{ "mark", false, mark_opts, mark_parse, mark_final },
	{ "conntrack", false, conntrack_opts, conntrack_parse, conntrack_final },
	{ "addrtype", false, addrtype_opts, addrtype_parse, addrtype_final },
	{ "comment", false, comment_opts, comment_parse, comment_final },
	{ "state", false, state_opts, state_parse, state_final },
	{ "REJECT", true, reject_opts, reject_parse, NULL },
	{ "LOG", true, log_opts, log_parse, NULL },
	{ "MARK", true, mark_tg_opts, mark_tg_parse, mark_tg_final },
	{ "DNAT", true, dnat_opts, nat_parse, nat_final },
	{ "SNAT", true, snat_opts, nat_parse, nat_final },
	{ "MASQUERADE", true, masq_opts, nat_parse, NULL },
};

const struct ipt_ext *ipt_ext_find(const char *name, bool target)
{
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
		if (exts[i].is_target == target && strcmp(exts[i].name, name) == 0)
			return &exts[i];
	return NULL;
}

/* Extensions Debian 12's iptables ships that wirelab has no model for. */
static const char *const unmodelled_targets[] = {
	"AUDIT", "CHECKSUM", "CLASSIFY", "CLUSTERIP", "CONNMARK", "CONNSECMARK", "CT", "DSCP",
	"ECN", "HMARK", "IDLETIMER", "LED", "NETMAP", "NFLOG", "NFQUEUE", "NOTRACK", "QUEUE",
	"RATEEST", "REDIRECT", "SECMARK", "SET", "SYNPROXY", "TCPMSS", "TCPOPTSTRIP", "TEE",
	"TOS", "TPROXY", "TRACE", "TTL", "ULOG",
};
static const char *const unmodelled_matches[] = {
	"ah", "bpf", "cgroup", "cluster", "connbytes", "connlabel", "connlimit", "connmark",
	"cpu", "dccp", "devgroup", "dscp", "dst", "ecn", "esp", "hashlimit", "helper", "hl",
	"iprange", "ipvs", "length", "limit", "mac", "nfacct", "osf", "owner", "physdev",
	"pkttype", "policy", "quota", "rateest", "realm", "recent", "rpfilter", "sctp", "set",
	"socket", "string", "tcpmss", "time", "tos", "ttl", "u32", "udplite",
};

bool ipt_target_unmodelled(const char *name)
{
	for (size_t i = 0; i < sizeof unmodelled_targets / sizeof unmodelled_targets[0]; i++)
		if (strcmp(unmodelled_targets[i], name) == 0)
			return true;
	return false;
}

bool ipt_match_unmodelled(const char *name)
{
	for (size_t i = 0; i < sizeof unmodelled_matches / sizeof unmodelled_matches[0]; i++)
		if (strcmp(unmodelled_matches[i], name) == 0)
			return true;
	return false;
}

static const enum nf_match_kind match_kinds[] = {
	NF_M_TCP, NF_M_UDP, NF_M_ICMP, NF_M_MULTIPORT, NF_M_STATISTIC, NF_M_MARK,
	NF_M_CONNTRACK, NF_M_ADDRTYPE, NF_M_COMMENT, NF_M_CONNTRACK /* state */,
};

void ipt_match_init(struct nf_match *m, const struct ipt_ext *e)
{
	memset(m, 0, sizeof *m);
	m->kind = match_kinds[e - exts];
	if (m->kind == NF_M_ICMP) {
		m->u.icmp.type = 0xff;          /* libxt_icmp's init: any */
		m->u.icmp.code_hi = 0xff;
	}
	if (m->kind == NF_M_TCP || m->kind == NF_M_UDP) {
		m->u.tcp.sport.hi = 0xffff;
		m->u.tcp.dport.hi = 0xffff;
	}
}

void ipt_target_init(struct nf_target *t, const struct ipt_ext *e)
{
	memset(t, 0, sizeof *t);
	static const enum nf_target_kind kinds[] = { NF_T_REJECT, NF_T_LOG, NF_T_MARK, NF_T_DNAT,
						     NF_T_SNAT, NF_T_MASQUERADE };
	t->kind = kinds[(e - exts) - 10];
	if (t->kind == NF_T_REJECT)
		t->u.reject = NF_REJ_ICMP_PORT_UNREACHABLE;
	if (t->kind == NF_T_LOG)
		t->u.log.level = 4;
}

int ipt_match_check_proto(struct strbuf *err, const struct nf_match *m, uint8_t proto,
			  bool proto_inv)
{
	switch (m->kind) {
	case NF_M_TCP:
		if (proto != 6 || proto_inv)
			return ipt_perr(err, "TCP match requires '-p tcp'");
		break;
	case NF_M_UDP:
		if (proto != 17 || proto_inv)
			return ipt_perr(err, "UDP match requires '-p udp'");
		break;
	case NF_M_ICMP:
		if (proto != 1 || proto_inv)
			return ipt_perr(err, "ICMP match requires '-p icmp'");
		break;
	case NF_M_MULTIPORT:
		if ((proto != 6 && proto != 17) || proto_inv)
			return ipt_perr(err, "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
		break;
	default:
		break;
	}
	return 0;
}

/* ---- printing ------------------------------------------------------------------ */

void ipt_match_print(struct strbuf *o, const struct nf_match *m, uint8_t proto, unsigned fmt)
{
	switch (m->kind) {
	case NF_M_TCP: tcpudp_print(o, &m->u.tcp, 6, fmt); break;
	case NF_M_UDP: tcpudp_print(o, &m->u.tcp, 17, fmt); break;
	case NF_M_ICMP: icmp_print(o, &m->u.icmp, fmt); break;
	case NF_M_MULTIPORT:
		/* service names are the rule's protocol's (514 is shell/tcp, syslog/udp) */
		multiport_print(o, &m->u.multiport, proto, fmt);
		break;
	case NF_M_STATISTIC: statistic_print(o, &m->u.statistic); break;
	case NF_M_MARK:
		sb_printf(o, " mark match%s", m->u.mark.inv ? " !" : "");
		print_mark(o, m->u.mark.mark, m->u.mark.mask);
		break;
	case NF_M_CONNTRACK:
		sb_printf(o, " %sctstate ", m->u.conntrack.inv ? "! " : "");
		ctstates(o, m->u.conntrack.states);
		break;
	case NF_M_ADDRTYPE: {
		const struct nf_m_addrtype *at = &m->u.addrtype;
		sb_puts(o, " ADDRTYPE match");
		if (at->src_types) {
			sb_printf(o, " src-type %s", at->src_inv ? "!" : "");
			addrtypes(o, at->src_types);
		}
		if (at->dst_types) {
			sb_printf(o, " dst-type %s", at->dst_inv ? "!" : "");
			addrtypes(o, at->dst_types);
		}
		if (at->limit_iface_in)
			sb_puts(o, " limit-in");
		if (at->limit_iface_out)
			sb_puts(o, " limit-out");
		break;
	}
	case NF_M_COMMENT: sb_printf(o, " /* %s */", m->u.comment); break;
	case NF_M__COUNT: break;
	}
}

void ipt_match_save(struct strbuf *o, const struct nf_match *m)
{
	switch (m->kind) {
	case NF_M_TCP: tcpudp_save(o, &m->u.tcp, true); break;
	case NF_M_UDP: tcpudp_save(o, &m->u.tcp, false); break;
	case NF_M_ICMP: icmp_save(o, &m->u.icmp); break;
	case NF_M_MULTIPORT: multiport_save(o, &m->u.multiport); break;
	case NF_M_STATISTIC: statistic_save(o, &m->u.statistic); break;
	case NF_M_MARK:
		sb_printf(o, "%s --mark", m->u.mark.inv ? " !" : "");
		print_mark(o, m->u.mark.mark, m->u.mark.mask);
		break;
	case NF_M_CONNTRACK:
		sb_printf(o, "%s --ctstate ", m->u.conntrack.inv ? " !" : "");
		ctstates(o, m->u.conntrack.states);
		break;
	case NF_M_ADDRTYPE: {
		const struct nf_m_addrtype *at = &m->u.addrtype;
		if (at->src_types) {
			sb_printf(o, "%s --src-type ", at->src_inv ? " !" : "");
			addrtypes(o, at->src_types);
		}
		if (at->dst_types) {
			sb_printf(o, "%s --dst-type ", at->dst_inv ? " !" : "");
			addrtypes(o, at->dst_types);
		}
		if (at->limit_iface_in)
			sb_puts(o, " --limit-iface-in");
		if (at->limit_iface_out)
			sb_puts(o, " --limit-iface-out");
		break;
	}
	case NF_M_COMMENT:
		sb_puts(o, " --comment");
		save_string(o, m->u.comment);
		break;
	case NF_M__COUNT: break;
	}
}

void ipt_target_print(struct strbuf *o, const struct nf_target *t, unsigned fmt)
{
	switch (t->kind) {
	case NF_T_REJECT: sb_printf(o, " reject-with %s", nf_reject_name(t->u.reject)); break;
	case NF_T_LOG:
		sb_puts(o, " LOG");
		if (fmt & IPT_FMT_NUMERIC)
			sb_printf(o, " flags 0 level %u", t->u.log.level);
		else if (t->u.log.level < 8)
			sb_printf(o, " level %s", log_level_print[t->u.log.level]);
		else
			sb_printf(o, " UNKNOWN level %u", t->u.log.level);
		if (t->u.log.prefix[0])
			sb_printf(o, " prefix \"%s\"", t->u.log.prefix);
		break;
	case NF_T_MARK: {
		uint32_t v = t->u.mark.value, m = t->u.mark.mask;
		if (v == 0)
			sb_printf(o, " MARK and 0x%x", ~m);
		else if (v == m)
			sb_printf(o, " MARK or 0x%x", v);
		else if (m == 0)
			sb_printf(o, " MARK xor 0x%x", v);
		else if (m == 0xffffffffu)
			sb_printf(o, " MARK set 0x%x", v);
		else
			sb_printf(o, " MARK xset 0x%x/0x%x", v, m);
		break;
	}
	case NF_T_DNAT:
	case NF_T_SNAT:
		sb_puts(o, " to:");
		nat_range(o, &t->u.nat);
		if (t->u.nat.random)
			sb_puts(o, " random");
		if (t->u.nat.random_fully)
			sb_puts(o, " random-fully");
		if (t->u.nat.persistent)
			sb_puts(o, " persistent");
		break;
	case NF_T_MASQUERADE:
		if (t->u.nat.has_ports) {
			sb_printf(o, " masq ports: %u", t->u.nat.min_port);
			if (t->u.nat.max_port != t->u.nat.min_port)
				sb_printf(o, "-%u", t->u.nat.max_port);
		}
		if (t->u.nat.random)
			sb_puts(o, " random");
		if (t->u.nat.random_fully)
			sb_puts(o, " random-fully");
		break;
	default:
		break;
	}
}

void ipt_target_save(struct strbuf *o, const struct nf_target *t)
{
	switch (t->kind) {
	case NF_T_REJECT: sb_printf(o, " --reject-with %s", nf_reject_name(t->u.reject)); break;
	case NF_T_LOG:
		if (t->u.log.prefix[0]) {
			sb_puts(o, " --log-prefix");
			save_string(o, t->u.log.prefix);
		}
		if (t->u.log.level != 4)
			sb_printf(o, " --log-level %u", t->u.log.level);
		break;
	case NF_T_MARK: sb_printf(o, " --set-xmark 0x%x/0x%x", t->u.mark.value, t->u.mark.mask); break;
	case NF_T_DNAT:
	case NF_T_SNAT:
		sb_printf(o, " --to-%s ", t->kind == NF_T_DNAT ? "destination" : "source");
		nat_range(o, &t->u.nat);
		if (t->u.nat.random)
			sb_puts(o, " --random");
		if (t->u.nat.random_fully)
			sb_puts(o, " --random-fully");
		if (t->u.nat.persistent)
			sb_puts(o, " --persistent");
		break;
	case NF_T_MASQUERADE:
		if (t->u.nat.has_ports) {
			sb_printf(o, " --to-ports %u", t->u.nat.min_port);
			if (t->u.nat.max_port != t->u.nat.min_port)
				sb_printf(o, "-%u", t->u.nat.max_port);
		}
		if (t->u.nat.random)
			sb_puts(o, " --random");
		if (t->u.nat.random_fully)
			sb_puts(o, " --random-fully");
		break;
	default:
		break;
	}
}
