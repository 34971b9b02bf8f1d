/* cmd_dig.c — `dig`, `nslookup` and `host` from BIND 9.18 (Debian 12:
 * 9.18.49-1~deb12u3), their command lines read as bin/dig/dig.c, host.c
 * and nslookup.c read them, with the same complaints and exit statuses.
 * The lookups themselves run as a process (proc/dnsq.h), which prints
 * what the real tool prints as the answers (or the timeouts) come in.
 *
 * What is modelled: dig NAME [TYPE] [CLASS], @SERVER, -t -q -x -p -c,
 * +[no]short +[no]all +[no]cmd +[no]comments +[no]question +[no]answer
 * +[no]authority +[no]additional +[no]stats +[no]search +ndots= +tries=
 * +retry= +timeout= +[no]recurse +[no]edns +[no]cookie +[no]adflag
 * +[no]tcp; nslookup NAME [SERVER] with -type= -query= -timeout= -retry=
 * -port= -[no]search -ndots= -[no]recurse -vc; host [-t TYPE] [-W N]
 * [-R N] [-p PORT] [-N NDOTS] [-r] [-T] NAME [SERVER].  A server is an
 * address or a name of the node's /etc/hosts; host -v prints each answer
 * whole.  Not modelled (said so, exit 2): IPv6 transport, +trace, zone
 * transfers, the other display options (+multiline, +nottlid, ...),
 * host -a/-l, interactive nslookup.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmd_int.h"
#include "core/world.h"
#include "dev/node.h"
#include "proc/dnsq.h"
#include "proc/proc.h"
#include "proc/traceroute.h"
#include "util/units.h"


/* ---- shared ---------------------------------------------------------------- */

/* A server as get_address() finds it: an address, or a name of the
 * node's /etc/hosts (wirelab does not ask DNS for a server's address). */
static bool server_from(struct cmd_ctx *c, const char *text, struct dnsq_server *s)
{
	uint32_t a;
	if (!*text)
		return false;
	if (!inet_aton_host(text, &a) && !etc_hosts_by_name(c->node, text, &a, NULL))
		return false;
	memset(s, 0, sizeof *s);
	s->addr = a;
	snprintf(s->name, sizeof s->name, "%s", text);
	return true;
}

static uint16_t class_from_name(const char *s)
{
	if (strcasecmp(s, "IN") == 0)
		return 1;
	if (strcasecmp(s, "CH") == 0 || strcasecmp(s, "CHAOS") == 0)
		return 3;
	if (strcasecmp(s, "HS") == 0)
		return 4;
	if (strncasecmp(s, "CLASS", 5) == 0 && s[5]) {
		char *end;
		unsigned long v = strtoul(s + 5, &end, 10);
		if (!*end && v <= 65535)
			return (uint16_t)v;
	}
	return 0;
}

/* Apply resolv.conf (BIND's reading) to the tool's defaults. */
static void apply_conf(struct cmd_ctx *c, struct dnsq_opts *o, bool take_attempts)
{
	struct dnsq_conf rc;
	dnsq_conf_load(c->node, &rc);
	memcpy(o->servers, rc.ns, sizeof rc.ns);
	o->n_servers = rc.n_ns;
	memcpy(o->search_list, rc.search, sizeof rc.search);
	o->n_search = rc.n_search;
	o->ndots = rc.ndots;
	if (rc.timeout_s > 0)
		o->timeout_ns = (int64_t)rc.timeout_s * NS_PER_S;
	if (take_attempts && rc.attempts > 0)
		o->tries = rc.attempts;
}

/* isc_parse_uint32() as parse_uint() reports it. */
static bool bind_uint(struct cmd_ctx *c, const char *value, unsigned long max, const char *desc,
		      unsigned long *out)
{
	const char *why = NULL;
	if (!*value) {
		why = "not a valid number";
	} else {
		for (const char *p = value; *p; p++)
			if (*p < '0' || *p > '9')
				why = "not a valid number";
	}
	unsigned long v = 0;
	if (!why) {
		errno = 0;
		v = strtoul(value, NULL, 10);
		if (errno == ERANGE || v > 0xffffffffUL || v > max)
			why = "out of range";
	}
	if (why) {
		sb_printf(c->out, "invalid %s '%s': %s\n", desc, value, why);
		return false;
	}
	*out = v;
	return true;
}

/* ---- dig ------------------------------------------------------------------- */

static const char dig_help_text[] =
	"Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n"
	"            {global-d-opt} host [@local-server] {local-d-opt}\n"
	"            [ host [@local-server] {local-d-opt} [...]]\n"
	"Where:  domain\t  is in the Domain Name System\n"
	"        q-class  is one of (in,hs,ch,...) [default: in]\n"
	"        q-type   is one of (a,any,mx,ns,soa,hinfo,axfr,txt,...) [default:a]\n"
	"                 (Use ixfr=version for type ixfr)\n"
	"        q-opt    is one of:\n"
	"                 -4                  (use IPv4 query transport only)\n"
	"                 -6                  (use IPv6 query transport only)\n"
	"                 -b address[#port]   (bind to source address/port)\n"
	"                 -c class            (specify query class)\n"
	"                 -f filename         (batch mode)\n"
	"                 -k keyfile          (specify tsig key file)\n"
	"                 -m                  (enable memory usage debugging)\n"
	"                 -p port             (specify port number)\n"
	"                 -q name             (specify query name)\n"
	"                 -r                  (do not read ~/.digrc)\n"
	"                 -t type             (specify query type)\n"
	"                 -u                  (display times in usec instead of msec)\n"
	"                 -x dot-notation     (shortcut for reverse lookups)\n"
	"                 -y [hmac:]name:key  (specify named base64 tsig key)\n"
	"        d-opt    is of the form +keyword[=value], where keyword is:\n"
	"                 +[no]aaflag         (Set AA flag in query (+[no]aaflag))\n"
	"                 +[no]aaonly         (Set AA flag in query (+[no]aaflag))\n"
	"                 +[no]additional     (Control display of additional section)\n"
	"                 +[no]adflag         (Set AD flag in query (default on))\n"
	"                 +[no]all            (Set or clear all display flags)\n"
	"                 +[no]answer         (Control display of answer section)\n"
	"                 +[no]authority      (Control display of authority section)\n"
	"                 +[no]badcookie      (Retry BADCOOKIE responses)\n"
	"                 +[no]besteffort     (Try to parse even illegal messages)\n"
	"                 +bufsize[=###]      (Set EDNS0 Max UDP packet size)\n"
	"                 +[no]cdflag         (Set checking disabled flag in query)\n"
	"                 +[no]class          (Control display of class in records)\n"
	"                 +[no]cmd            (Control display of command line -\n"
	"                                      global option)\n"
	"                 +[no]coflag         (Set compact denial of existence ok flag)\n"
	"                                      in query)\n"
	"                 +[no]comments       (Control display of packet header\n"
	"                                      and section name comments)\n"
	"                 +[no]cookie         (Add a COOKIE option to the request)\n"
	"                 +[no]crypto         (Control display of cryptographic\n"
	"                                      fields in records)\n"
	"                 +[no]defname        (Use search list (+[no]search))\n"
	"                 +[no]dns64prefix    (Get the DNS64 prefixes from ipv4only.arpa)\n"
	"                 +[no]dnssec         (Request DNSSEC records)\n"
	"                 +domain=###         (Set default domainname)\n"
	"                 +[no]edns[=###]     (Set EDNS version) [0]\n"
	"                 +ednsflags=###      (Set undefined EDNS flag bits)\n"
	"                 +[no]ednsnegotiation (Set EDNS version negotiation)\n"
	"                 +ednsopt=###[:value] (Send specified EDNS option)\n"
	"                 +noednsopt          (Clear list of +ednsopt options)\n"
	"                 +[no]expandaaaa     (Expand AAAA records)\n"
	"                 +[no]expire         (Request time to expire)\n"
	"                 +[no]fail           (Don't try next server on SERVFAIL)\n"
	"                 +[no]header-only    (Send query without a question section)\n"
	"                 +[no]https[=###]    (DNS-over-HTTPS mode) [/]\n"
	"                 +[no]https-get      (Use GET instead of default POST method\n"
	"                                      while using HTTPS)\n"
	"                 +[no]http-plain[=###] (DNS over plain HTTP mode) [/]\n"
	"                 +[no]http-plain-get (Use GET instead of default POST method\n"
	"                                      while using plain HTTP)\n"
	"                 +[no]identify       (ID responders in short answers)\n"
	"                 +[no]idnin          (Parse IDN names [default=on on tty])\n"
	"                 +[no]idnout         (Convert IDN response [default=on on tty])\n"
	"                 +[no]ignore         (Don't revert to TCP for TC responses.)\n"
	"                 +[no]keepalive      (Request EDNS TCP keepalive)\n"
	"                 +[no]keepopen       (Keep the TCP socket open between queries)\n"
	"                 +[no]multiline      (Print records in an expanded format)\n"
	"                 +ndots=###          (Set search NDOTS value)\n"
	"                 +[no]nsid           (Request Name Server ID)\n"
	"                 +[no]nssearch       (Search all authoritative nameservers)\n"
	"                 +[no]onesoa         (AXFR prints only one soa record)\n"
	"                 +[no]opcode=###     (Set the opcode of the request)\n"
	"                 +padding=###        (Set padding block size [0])\n"
	"                 +qid=###            (Specify the query ID to use when sending\n"
	"                                      queries)\n"
	"                 +[no]qr             (Print question before sending)\n"
	"                 +[no]question       (Control display of question section)\n"
	"                 +[no]raflag         (Set RA flag in query (+[no]raflag))\n"
	"                 +[no]rdflag         (Recursive mode (+[no]recurse))\n"
	"                 +[no]recurse        (Recursive mode (+[no]rdflag))\n"
	"                 +retry=###          (Set number of UDP retries) [2]\n"
	"                 +[no]rrcomments     (Control display of per-record comments)\n"
	"                 +[no]search         (Set whether to use searchlist)\n"
	"                 +[no]short          (Display nothing except short\n"
	"                                      form of answers - global option)\n"
	"                 +[no]showbadcookie  (Show BADCOOKIE message)\n"
	"                 +[no]showsearch     (Search with intermediate results)\n"
	"                 +[no]split=##       (Split hex/base64 fields into chunks)\n"
	"                 +[no]stats          (Control display of statistics)\n"
	"                 +subnet=addr        (Set edns-client-subnet option)\n"
	"                 +[no]tcflag         (Set TC flag in query (+[no]tcflag))\n"
	"                 +[no]tcp            (TCP mode (+[no]vc))\n"
	"                 +timeout=###        (Set query timeout) [5]\n"
	"                 +[no]tls            (DNS-over-TLS mode)\n"
	"                 +[no]tls-ca[=file]  (Enable remote server's TLS certificate\n"
	"                                      validation)\n"
	"                 +[no]tls-hostname=hostname (Explicitly set the expected TLS\n"
	"                                      hostname)\n"
	"                 +[no]tls-certfile=file (Load client TLS certificate chain from\n"
	"                                      file)\n"
	"                 +[no]tls-keyfile=file (Load client TLS private key from file)\n"
	"                 +[no]trace          (Trace delegation down from root [implies\n"
	"                                      +dnssec])\n"
	"                 +tries=###          (Set number of UDP attempts) [3]\n"
	"                 +[no]ttlid          (Control display of ttls in records)\n"
	"                 +[no]ttlunits       (Display TTLs in human-readable units)\n"
	"                 +[no]unknownformat  (Print RDATA in RFC 3597 \"unknown\" format)\n"
	"                 +[no]vc             (TCP mode (+[no]tcp))\n"
	"                 +[no]yaml           (Present the results as YAML)\n"
	"                 +[no]zflag          (Set Z flag in query)\n"
	"        global d-opts and servers (before host name) affect all queries.\n"
	"        local d-opts and servers (after host name) affect only that lookup.\n"
	"        -h                           (print help and exit)\n"
	"        -v                           (print version and exit)\n";
static const char host_usage_text[] =
	"Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n"
	"            [-R number] [-m flag] [-p port] hostname [server]\n"
	"       -a is equivalent to -v -t ANY\n"
	"       -A is like -a but omits RRSIG, NSEC, NSEC3\n"
	"       -c specifies query class for non-IN data\n"
	"       -C compares SOA records on authoritative nameservers\n"
	"       -d is equivalent to -v\n"
	"       -l lists all hosts in a domain, using AXFR\n"
	"       -m set memory debugging flag (trace|record|usage)\n"
	"       -N changes the number of dots allowed before root lookup is done\n"
	"       -p specifies the port on the server to query\n"
	"       -r disables recursive processing\n"
	"       -R specifies number of retries for UDP packets\n"
	"       -s a SERVFAIL response should stop query\n"
	"       -t specifies the query type\n"
	"       -T enables TCP/IP mode\n"
	"       -U enables UDP mode\n"
	"       -v enables verbose output\n"
	"       -V print version number and exit\n"
	"       -w specifies to wait forever for a reply\n"
	"       -W specifies how long to wait for a reply\n"
	"       -4 use IPv4 query transport only\n"
	"       -6 use IPv6 query transport only\n";

static const char dig_short_usage[] =
	"Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n"
	"            {global-d-opt} host [@local-server] {local-d-opt}\n"
	"            [ host [@local-server] {local-d-opt} [...]]\n"
	"\n"
	"Use \"dig -h\" (or \"dig -h | more\") for complete list of options\n";

static int dig_invalid(struct cmd_ctx *c, const char *opt)
{
	sb_printf(c->err, "Invalid option: %s\n", opt);
	sb_puts(c->err, dig_short_usage);
	return 1;
}

/* dig 9.18's +options; an abbreviation must be a prefix of one only. */
static const char *const dig_plus_names[] = {
	"aaflag", "aaonly", "additional", "adflag", "all", "answer", "authority", "badcookie",
	"besteffort", "bufsize", "cdflag", "class", "cmd", "comments", "cookie", "crypto",
	"defname", "dns64prefix", "dnssec", "domain", "edns", "ednsflags", "ednsnegotiation",
	"ednsopt", "expandaaaa", "expire", "fail", "header-only", "http-plain", "http-plain-get",
	"http-plain-post", "https", "https-get", "https-post", "identify", "idnin", "idnout",
	"ignore", "keepalive", "keepopen", "mapped", "multiline", "ndots", "nsid", "nssearch",
	"onesoa", "opcode", "padding", "qid", "qr", "question", "raflag", "rdflag", "recurse",
	"retry", "rrcomments", "search", "short", "showbadcookie", "showsearch", "sigchase",
	"split", "stats", "subnet", "tcflag", "tcp", "timeout", "tls", "tls-ca", "tls-certfile",
	"tls-hostname", "tls-keyfile", "topdown", "trace", "tries", "ttlid", "ttlunits",
	"unexpected", "unknownformat", "vc", "yaml", "zflag",
};

static const char *dig_plus_match(const char *word, size_t len)
{
	const char *hit = NULL;
	for (size_t i = 0; i < sizeof dig_plus_names / sizeof dig_plus_names[0]; i++) {
		const char *n = dig_plus_names[i];
		if (strlen(n) == len && strncmp(n, word, len) == 0)
			return n;
		if (strlen(n) > len && strncmp(n, word, len) == 0) {
			if (hit)
				return NULL;    /* ambiguous */
			hit = n;
		}
	}
	return hit;
}

/* One +option; 0 to go on, else exit status + 1. */
static int dig_plus(struct cmd_ctx *c, struct dnsq_opts *o, const char *arg, bool *tries_set)
{
	const char *word = arg + 1;
	bool on = true;
	if (strncmp(word, "no", 2) == 0) {
		on = false;
		word += 2;
	}
	const char *eq = strchr(word, '=');
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	const char *val = eq ? eq + 1 : NULL;
	const char *name = len ? dig_plus_match(word, len) : NULL;
	if (!name)
		return dig_invalid(c, arg) + 1;
	struct dnsq_dig_style *s = &o->style;
	unsigned long v;
	if (strcmp(name, "short") == 0) {
		s->short_form = on;
		if (on) {
			s->cmd = s->comments = s->stats = s->question = s->authority = s->additional = false;
			s->answer = true;
		} else {
			s->cmd = s->comments = s->stats = s->question = s->authority = s->additional = true;
		}
	} else if (strcmp(name, "all") == 0) {
		s->cmd = s->comments = s->stats = s->question = s->answer = s->authority =
			s->additional = on;
	} else if (strcmp(name, "cmd") == 0) {
		s->cmd = on;
	} else if (strcmp(name, "comments") == 0) {
		s->comments = on;
	} else if (strcmp(name, "question") == 0) {
		s->question = on;
	} else if (strcmp(name, "answer") == 0) {
		s->answer = on;
	} else if (strcmp(name, "authority") == 0) {
		s->authority = on;
	} else if (strcmp(name, "additional") == 0) {
		s->additional = on;
	} else if (strcmp(name, "stats") == 0) {
		s->stats = on;
	} else if (strcmp(name, "search") == 0 || strcmp(name, "defname") == 0) {
		o->search = on;
	} else if (strcmp(name, "recurse") == 0 || strcmp(name, "rdflag") == 0) {
		o->rd = on;
	} else if (strcmp(name, "adflag") == 0) {
		o->ad = on;
	} else if (strcmp(name, "edns") == 0) {
		o->edns = on;
	} else if (strcmp(name, "cookie") == 0) {
		o->cookie = on;
	} else if (strcmp(name, "tcp") == 0 || strcmp(name, "vc") == 0) {
		o->tcp = on;
	} else if ((strcmp(name, "identify") == 0 && !on) || (strcmp(name, "ttlid") == 0 && on) ||
		   strcmp(name, "fail") == 0 || strcmp(name, "besteffort") == 0) {
		/* The defaults, or no effect on what wirelab shows. */
	} else if (strcmp(name, "tries") == 0 || strcmp(name, "retry") == 0 ||
		   strcmp(name, "timeout") == 0 || strcmp(name, "ndots") == 0) {
		if (!on || !val)
			return dig_invalid(c, arg) + 1;
		bool timeout = name[1] == 'i';
		const char *desc = timeout ? "timeout" : name[0] == 'n' ? "ndots"
				   : name[2] == 'i' ? "tries" : "retries";
		if (!bind_uint(c, val, timeout ? 0xffff : 0xffffffffUL, desc, &v)) {
			sb_printf(c->err, "dig: Couldn't parse %s\n", desc);
			return 10 + 1;
		}
		if (timeout) {
			o->timeout_ns = (int64_t)(v ? v : 1) * NS_PER_S;
		} else if (name[0] == 'n') {
			o->ndots = (int)(v > 255 ? 255 : v);
		} else {
			if (v > 100)
				v = 100;        /* enough to outlast any lesson */
			o->tries = name[2] == 'i' ? (int)(v ? v : 1) : (int)v + 1;
			*tries_set = true;
		}
	} else {
		sb_printf(c->err, "wirelab: dig +%s is not modelled (UDP queries only; see "
				  "docs/commands.md)\n", name);
		return 2 + 1;
	}
	return 0;
}

struct dig_lk {
	struct dnsq_lookup l;
	bool named, typed;
};

int cmd_dig(struct cmd_ctx *c)
{
	struct dnsq_opts o;
	dnsq_opts_default(&o, DNSQ_DIG);
	apply_conf(c, &o, true);
	struct dig_lk lk[DNSQ_MAX_LOOKUPS];
	int n = 0;
	memset(lk, 0, sizeof lk);
	lk[0].l = (struct dnsq_lookup){ .qtype = DNS_T_A, .qclass = DNS_C_IN };
	bool tries_set = false;
	const char *server_arg = NULL;
	size_t cl = 0;
	o.cmdline[0] = '\0';
	for (int i = 1; i < c->argc; i++)
		if (cl < sizeof o.cmdline)
			cl += (size_t)snprintf(o.cmdline + cl, sizeof o.cmdline - cl, "%s%s",
					       i > 1 ? " " : "", c->argv[i]);
	for (int i = 1; i < c->argc; i++) {
		const char *a = c->argv[i];
		struct dig_lk *cur = &lk[n];
		if (a[0] == '@') {
			server_arg = a + 1;
		} else if (a[0] == '+') {
			int rc = dig_plus(c, &o, a, &tries_set);
			if (rc)
				return rc - 1;
		} else if (a[0] == '-' && a[1]) {
			char opt = a[1];
			const char *val = NULL;
			if (strchr("bcfkpqtxy", opt)) {
				if (a[2])
					val = a + 2;
				else if (i + 1 < c->argc)
					val = c->argv[++i];
				else
					return dig_invalid(c, a);
			} else if (a[2] && !strchr("46dhimnruv", opt)) {
				return dig_invalid(c, a);
			}
			unsigned long v;
			uint16_t t;
			switch (opt) {
			case 'h':
				sb_puts(c->out, dig_help_text);
				return 0;
			case 'v':
				sb_printf(c->err, "DiG %s\n", DNSQ_VERSION);
				return 0;
			case '4': case 'm': case 'r': case 'u': case 'i': case 'n': case 'd':
				break;
			case '6':
				sb_puts(c->err, "wirelab: dig -6: IPv6 transport is not modelled\n");
				return 2;
			case 'p':
				if (!bind_uint(c, val, 65535, "port number", &v)) {
					sb_puts(c->err, "dig: Couldn't parse port number\n");
					return 1;
				}
				o.port = (uint16_t)v;
				break;
			case 't':
				t = dns_type_from_name(val);
				if (!t && strncasecmp(val, "TYPE", 4) == 0)
					t = (uint16_t)strtoul(val + 4, NULL, 10);
				if (!t) {
					sb_printf(c->err, ";; Warning, ignoring invalid type %s\n", val);
					break;
				}
				cur->l.qtype = t;
				cur->typed = true;
				break;
			case 'c':
				t = class_from_name(val);
				if (!t) {
					sb_printf(c->err, ";; Warning, ignoring invalid class %s\n", val);
					break;
				}
				cur->l.qclass = t;
				break;
			case 'q':
			case 'x':
				if (cur->named && n + 1 < DNSQ_MAX_LOOKUPS) {
					cur = &lk[++n];
					cur->l = (struct dnsq_lookup){ .qtype = DNS_T_A, .qclass = DNS_C_IN };
				}
				cur->named = true;
				if (opt == 'q') {
					snprintf(cur->l.textname, sizeof cur->l.textname, "%s", val);
					cur->l.search = true;
				} else {
					dnsq_reverse_name(val, cur->l.textname);
					if (!cur->typed)
						cur->l.qtype = DNS_T_PTR;
				}
				break;
			default:
				if (opt == 'b' || opt == 'f' || opt == 'k' || opt == 'y') {
					sb_printf(c->err, "wirelab: dig -%c is not modelled\n", opt);
					return 2;
				}
				return dig_invalid(c, a);
			}
		} else {
			uint16_t t = dns_type_from_name(a);
			uint16_t k = t ? 0 : class_from_name(a);
			if (t) {
				cur->l.qtype = t;
				cur->typed = true;
			} else if (k) {
				cur->l.qclass = k;
			} else {
				if (cur->named && n + 1 < DNSQ_MAX_LOOKUPS) {
					cur = &lk[++n];
					cur->l = (struct dnsq_lookup){ .qtype = DNS_T_A, .qclass = DNS_C_IN };
				}
				cur->named = true;
				snprintf(cur->l.textname, sizeof cur->l.textname, "%s", a);
				cur->l.search = true;
			}
		}
	}
	if (server_arg) {
		if (!server_from(c, server_arg, &o.servers[0])) {
			sb_printf(c->err, "dig: couldn't get address for '%s': not found\n", server_arg);
			return 1;
		}
		o.n_servers = 1;
		o.servers_found = 1;
		o.server_given = true;
	}
	(void)tries_set;
	struct dnsq_lookup ls[DNSQ_MAX_LOOKUPS];
	int count = n + 1;
	for (int i = 0; i < count; i++) {
		ls[i] = lk[i].l;
		/* dig 9.18 asks ANY over TCP from the start (seen on the real one). */
		ls[i].tcp = ls[i].qtype == DNS_T_ANY;
		if (!lk[i].named) {
			/* No name: the root, NS unless a type was given. */
			snprintf(ls[i].textname, sizeof ls[i].textname, ".");
			if (!lk[i].typed)
				ls[i].qtype = DNS_T_NS;
		}
	}
	c->proc = dnsq_start(c->node, &o, ls, count);
	return 0;
}

/* ---- nslookup -------------------------------------------------------------- */

static bool ns_opt(const char *opt, const char *name, size_t n)
{
	return strncasecmp(opt, name, n) == 0;
}

int cmd_nslookup(struct cmd_ctx *c)
{
	struct dnsq_opts o;
	dnsq_opts_default(&o, DNSQ_NSLOOKUP);
	apply_conf(c, &o, true);
	uint16_t type = DNS_T_A, klass = DNS_C_IN;
	const char *operands[2] = { NULL, NULL };
	int n_ops = 0;
	for (int i = 1; i < c->argc; i++) {
		const char *a = c->argv[i];
		if (a[0] != '-' || !a[1]) {
			if (n_ops < 2)
				operands[n_ops] = a;
			n_ops++;
			continue;
		}
		const char *opt = a + 1;
		const char *tv = NULL;
		unsigned long v;
		if (ns_opt(opt, "type=", 5))
			tv = opt + 5;
		else if (ns_opt(opt, "ty=", 3))
			tv = opt + 3;
		else if (ns_opt(opt, "querytype=", 10))
			tv = opt + 10;
		else if (ns_opt(opt, "query=", 6))
			tv = opt + 6;
		else if (ns_opt(opt, "qu=", 3))
			tv = opt + 3;
		else if (ns_opt(opt, "q=", 2))
			tv = opt + 2;
		if (tv) {
			uint16_t t = dns_type_from_name(tv);
			if (!t) {
				sb_printf(c->out, "unknown query type: %s\n", tv);
			} else {
				type = t;
				o.default_lookups = false;
			}
		} else if (ns_opt(opt, "class=", 6) || ns_opt(opt, "cl=", 3)) {
			const char *cv = strchr(opt, '=') + 1;
			uint16_t k = class_from_name(cv);
			if (!k)
				sb_printf(c->out, "unknown query class: %s\n", cv);
			else
				klass = k;
		} else if (ns_opt(opt, "port=", 5) || ns_opt(opt, "po=", 3)) {
			if (bind_uint(c, strchr(opt, '=') + 1, 65535, "port", &v))
				o.port = (uint16_t)v;
		} else if (ns_opt(opt, "timeout=", 8) || ns_opt(opt, "t=", 2)) {
			if (bind_uint(c, strchr(opt, '=') + 1, 0xffffffffUL, "timeout", &v))
				o.timeout_ns = (int64_t)(v ? v : 1) * NS_PER_S;
		} else if (ns_opt(opt, "retry=", 6) || ns_opt(opt, "ret=", 4)) {
			if (bind_uint(c, strchr(opt, '=') + 1, 0x7fffffffUL, "tries", &v))
				o.tries = (int)(v == 0 ? 1 : v > 100 ? 100 : v);
		} else if (ns_opt(opt, "ndots=", 6)) {
			if (bind_uint(c, opt + 6, 128, "ndots", &v))
				o.ndots = (int)v;
		} else if (ns_opt(opt, "norec", 5)) {
			o.rd = false;
		} else if (ns_opt(opt, "rec", 3)) {
			o.rd = true;
		} else if (ns_opt(opt, "nosearch", 5) || ns_opt(opt, "nodef", 5)) {
			o.search = false;
		} else if (ns_opt(opt, "search", 3) || ns_opt(opt, "def", 3)) {
			o.search = true;
		} else if (strcmp(opt, "vc") == 0) {
			o.tcp = true;
		} else if (ns_opt(opt, "deb", 3) || ns_opt(opt, "d2", 2) ||
			   ns_opt(opt, "all", 4)) {
			sb_printf(c->err, "wirelab: nslookup -%s is not modelled\n", opt);
			return 2;
		} else if (ns_opt(opt, "novc", 5) || ns_opt(opt, "nodeb", 5) ||
			   ns_opt(opt, "nod2", 4) || ns_opt(opt, "fail", 3) ||
			   ns_opt(opt, "nofail", 5) || ns_opt(opt, "sil", 3)) {
			/* Already so, or no effect on what is shown. */
		} else {
			sb_printf(c->out, "*** Invalid option: %s\n", opt);
		}
	}
	if (n_ops == 0) {
		sb_puts(c->err, "wirelab: interactive nslookup is not modelled: give the name to "
				"look up (nslookup NAME [SERVER])\n");
		return 2;
	}
	if (operands[1]) {
		if (!server_from(c, operands[1], &o.servers[0])) {
			sb_printf(c->err, "nslookup: couldn't get address for '%s': failure\n",
				  operands[1]);
			return 1;
		}
		o.n_servers = 1;
		o.server_given = true;
	}
	struct dnsq_lookup l = { .qtype = type, .qclass = klass, .search = true };
	uint32_t addr;
	if ((o.default_lookups || type == DNS_T_PTR) && dnsq_dotted_quad(operands[0], &addr)) {
		dns_ptr_name(addr, l.textname);
		l.qtype = DNS_T_PTR;
		l.search = false;
	} else {
		snprintf(l.textname, sizeof l.textname, "%s", operands[0]);
	}
	c->proc = dnsq_start(c->node, &o, &l, 1);
	return 0;
}

/* ---- host ------------------------------------------------------------------ */

static int host_usage(struct cmd_ctx *c)
{
	sb_puts(c->err, host_usage_text);
	return 1;
}

int cmd_host(struct cmd_ctx *c)
{
	static const char optstring[] = "46aAc:dilnm:p:rst:vVwCDN:R:TUW:";
	struct dnsq_opts o;
	dnsq_opts_default(&o, DNSQ_HOST);
	apply_conf(c, &o, false);
	uint16_t type = DNS_T_A, klass = DNS_C_IN;
	const char *operands[2] = { NULL, NULL };
	int n_ops = 0;
	struct cmd_getopt g = { .optstring = optstring };
	int ch;
	while ((ch = cmd_getopt_next(c, &g)) != CMD_GETOPT_END) {
		if (ch == CMD_GETOPT_OPERAND) {
			if (n_ops < 2)
				operands[n_ops] = g.arg;
			n_ops++;
			continue;
		}
		if (ch == CMD_GETOPT_UNKNOWN) {
			sb_printf(c->err, "host: illegal option -- %c\n", g.opt);
			return host_usage(c);
		}
		if (ch == CMD_GETOPT_MISSING) {
			sb_printf(c->err, "host: option requires an argument -- %c\n", g.opt);
			return host_usage(c);
		}
		const char *arg = g.arg;
		unsigned long v;
		switch (ch) {
		case 't': {
			uint16_t t = dns_type_from_name(arg);
			if (!t) {
				sb_printf(c->err, "host: invalid type: %s\n\n", arg);
				return 2;
			}
			type = t;
			o.default_lookups = false;
			o.host_explicit_type = true;
			break;
		}
		case 'c': {
			uint16_t k2 = class_from_name(arg);
			if (!k2) {
				sb_printf(c->err, "host: invalid class: %s\n\n", arg);
				return 2;
			}
			klass = k2;
			break;
		}
		case 'W': {
			long t = strtol(arg, NULL, 10);
			o.timeout_ns = (int64_t)(t < 1 ? 1 : t > 0xffff ? 0xffff : t) * NS_PER_S;
			break;
		}
		case 'R':
			if (!bind_uint(c, arg, 0xffffffffUL, "retries", &v))
				return 1;
			o.tries = (int)(v > 100 ? 100 : v) + 1;
			break;
		case 'N':
			if (!bind_uint(c, arg, 0xffffffffUL, "ndots", &v))
				return 1;
			o.ndots = (int)(v > 255 ? 255 : v);
			break;
		case 'p':
			if (!bind_uint(c, arg, 65535, "port number", &v))
				return 1;
			o.port = (uint16_t)v;
			break;
		case 'r':
			o.rd = false;
			break;
		case 'w':
			o.timeout_ns = 0xffffLL * NS_PER_S;
			break;
		case 'V':
			sb_printf(c->err, "host %s\n", DNSQ_VERSION);
			return 0;
		case 'T':
			o.tcp = true;
			break;
		case 'v':
		case 'd':
			o.host_verbose = true;
			break;
		case 'U':
			o.tcp = false;
			break;
		case '4': case 's': case 'm': case 'D': case 'n':
			break;
		default:
			sb_printf(c->err, "wirelab: host -%c is not modelled (host prints the short "
					  "form only)\n", ch);
			return 2;
		}
	}
	if (n_ops == 0)
		return host_usage(c);
	if (operands[1]) {
		if (!server_from(c, operands[1], &o.servers[0])) {
			sb_printf(c->err, "host: couldn't get address for '%s': failure\n", operands[1]);
			return 1;
		}
		o.n_servers = 1;
		o.server_given = true;
	}
	struct dnsq_lookup l = { .qtype = type, .qclass = klass, .search = true };
	uint32_t addr;
	if (dnsq_dotted_quad(operands[0], &addr)) {
		/* host ADDR: the PTR name, whatever -t says (unless -t was PTR). */
		dns_ptr_name(addr, l.textname);
		l.qtype = DNS_T_PTR;
		l.search = false;
		o.default_lookups = false;
	} else {
		snprintf(l.textname, sizeof l.textname, "%s", operands[0]);
	}
	c->proc = dnsq_start(c->node, &o, &l, 1);
	return 0;
}
