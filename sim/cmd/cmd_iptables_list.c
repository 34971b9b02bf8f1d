/* cmd_iptables_list.c — what iptables-nft 1.8.9 prints of a rule set:
 * `iptables -L` (print_header, print_rule_details, print_ifaces,
 * print_ipv4_addresses of iptables/xshared.c and nft-ipv4.c), `iptables -S`
 * and `iptables-save` (save_rule, nft_chain_save), with the matches' and
 * targets' own words from cmd_iptables_ext.c.
 *
 * Names without -n: 0.0.0.0/0 is "anywhere", protocols and ports by
 * name (/etc/protocols and /etc/services of Debian 12's netbase, built
 * in here), interfaces "any"; an address by its first name in the
 * node's /etc/hosts, else its /etc/networks name when Debian's file has
 * one (default, loopback, link-local), else as numbers — iptables would
 * then also ask DNS (a PTR query), which wirelab's iptables does not.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd_int.h"
#include "cmd/cmd_nf_int.h"
#include "core/world.h"
#include "dev/node.h"
#include "wire/ipv4.h"

/* ---- names ------------------------------------------------------------------ */

/* Debian 12 netbase /etc/services: the first name of each port/protocol. */
static const struct service {
	uint16_t port;
	uint8_t proto;
	const char *name;
} services[] = {
	{ 1, 6, "tcpmux" },
	{ 7, 6, "echo" },
	{ 7, 17, "echo" },
	{ 9, 6, "discard" },
	{ 9, 17, "discard" },
	{ 11, 6, "systat" },
	{ 13, 6, "daytime" },
	{ 13, 17, "daytime" },
	{ 15, 6, "netstat" },
	{ 17, 6, "qotd" },
	{ 19, 6, "chargen" },
	{ 19, 17, "chargen" },
	{ 20, 6, "ftp-data" },
	{ 21, 6, "ftp" },
	{ 21, 17, "fsp" },
	{ 22, 6, "ssh" },
	{ 23, 6, "telnet" },
	{ 25, 6, "smtp" },
	{ 37, 6, "time" },
	{ 37, 17, "time" },
	{ 43, 6, "whois" },
	{ 49, 6, "tacacs" },
	{ 49, 17, "tacacs" },
	{ 53, 6, "domain" },
	{ 53, 17, "domain" },
	{ 67, 17, "bootps" },
	{ 68, 17, "bootpc" },
	{ 69, 17, "tftp" },
	{ 70, 6, "gopher" },
	{ 79, 6, "finger" },
	{ 80, 6, "http" },
	{ 88, 6, "kerberos" },
	{ 88, 17, "kerberos" },
	{ 102, 6, "iso-tsap" },
	{ 104, 6, "acr-nema" },
	{ 110, 6, "pop3" },
	{ 111, 6, "sunrpc" },
	{ 111, 17, "sunrpc" },
	{ 113, 6, "auth" },
	{ 119, 6, "nntp" },
	{ 123, 17, "ntp" },
	{ 135, 6, "epmap" },
	{ 137, 17, "netbios-ns" },
	{ 138, 17, "netbios-dgm" },
	{ 139, 6, "netbios-ssn" },
	{ 143, 6, "imap2" },
	{ 161, 6, "snmp" },
	{ 161, 17, "snmp" },
	{ 162, 6, "snmp-trap" },
	{ 162, 17, "snmp-trap" },
	{ 163, 6, "cmip-man" },
	{ 163, 17, "cmip-man" },
	{ 164, 6, "cmip-agent" },
	{ 164, 17, "cmip-agent" },
	{ 174, 6, "mailq" },
	{ 177, 17, "xdmcp" },
	{ 179, 6, "bgp" },
	{ 199, 6, "smux" },
	{ 209, 6, "qmtp" },
	{ 210, 6, "z3950" },
	{ 213, 17, "ipx" },
	{ 319, 17, "ptp-event" },
	{ 320, 17, "ptp-general" },
	{ 345, 6, "pawserv" },
	{ 346, 6, "zserv" },
	{ 369, 6, "rpc2portmap" },
	{ 369, 17, "rpc2portmap" },
	{ 370, 6, "codaauth2" },
	{ 370, 17, "codaauth2" },
	{ 371, 17, "clearcase" },
	{ 389, 6, "ldap" },
	{ 389, 17, "ldap" },
	{ 427, 6, "svrloc" },
	{ 427, 17, "svrloc" },
	{ 443, 6, "https" },
	{ 443, 17, "https" },
	{ 444, 6, "snpp" },
	{ 445, 6, "microsoft-ds" },
	{ 464, 6, "kpasswd" },
	{ 464, 17, "kpasswd" },
	{ 465, 6, "submissions" },
	{ 487, 6, "saft" },
	{ 500, 17, "isakmp" },
	{ 554, 6, "rtsp" },
	{ 554, 17, "rtsp" },
	{ 607, 6, "nqs" },
	{ 623, 17, "asf-rmcp" },
	{ 628, 6, "qmqp" },
	{ 631, 6, "ipp" },
	{ 646, 6, "ldp" },
	{ 646, 17, "ldp" },
	{ 512, 6, "exec" },
	{ 512, 17, "biff" },
	{ 513, 6, "login" },
	{ 513, 17, "who" },
	{ 514, 6, "shell" },
	{ 514, 17, "syslog" },
	{ 515, 6, "printer" },
	{ 517, 17, "talk" },
	{ 518, 17, "ntalk" },
	{ 520, 17, "route" },
	{ 538, 6, "gdomap" },
	{ 538, 17, "gdomap" },
	{ 540, 6, "uucp" },
	{ 543, 6, "klogin" },
	{ 544, 6, "kshell" },
	{ 546, 17, "dhcpv6-client" },
	{ 547, 17, "dhcpv6-server" },
	{ 548, 6, "afpovertcp" },
	{ 563, 6, "nntps" },
	{ 587, 6, "submission" },
	{ 636, 6, "ldaps" },
	{ 636, 17, "ldaps" },
	{ 655, 6, "tinc" },
	{ 655, 17, "tinc" },
	{ 706, 6, "silc" },
	{ 749, 6, "kerberos-adm" },
	{ 853, 6, "domain-s" },
	{ 853, 17, "domain-s" },
	{ 873, 6, "rsync" },
	{ 989, 6, "ftps-data" },
	{ 990, 6, "ftps" },
	{ 992, 6, "telnets" },
	{ 993, 6, "imaps" },
	{ 995, 6, "pop3s" },
	{ 1080, 6, "socks" },
	{ 1093, 6, "proofd" },
	{ 1094, 6, "rootd" },
	{ 1194, 6, "openvpn" },
	{ 1194, 17, "openvpn" },
	{ 1099, 6, "rmiregistry" },
	{ 1352, 6, "lotusnote" },
	{ 1433, 6, "ms-sql-s" },
	{ 1434, 17, "ms-sql-m" },
	{ 1524, 6, "ingreslock" },
	{ 1645, 6, "datametrics" },
	{ 1645, 17, "datametrics" },
	{ 1646, 6, "sa-msg-port" },
	{ 1646, 17, "sa-msg-port" },
	{ 1649, 6, "kermit" },
	{ 1677, 6, "groupwise" },
	{ 1701, 17, "l2f" },
	{ 1812, 6, "radius" },
	{ 1812, 17, "radius" },
	{ 1813, 6, "radius-acct" },
	{ 1813, 17, "radius-acct" },
	{ 2000, 6, "cisco-sccp" },
	{ 2049, 6, "nfs" },
	{ 2049, 17, "nfs" },
	{ 2086, 6, "gnunet" },
	{ 2086, 17, "gnunet" },
	{ 2101, 6, "rtcm-sc104" },
	{ 2101, 17, "rtcm-sc104" },
	{ 2119, 6, "gsigatekeeper" },
	{ 2135, 6, "gris" },
	{ 2401, 6, "cvspserver" },
	{ 2430, 6, "venus" },
	{ 2430, 17, "venus" },
	{ 2431, 6, "venus-se" },
	{ 2431, 17, "venus-se" },
	{ 2432, 6, "codasrv" },
	{ 2432, 17, "codasrv" },
	{ 2433, 6, "codasrv-se" },
	{ 2433, 17, "codasrv-se" },
	{ 2583, 6, "mon" },
	{ 2583, 17, "mon" },
	{ 2628, 6, "dict" },
	{ 2792, 6, "f5-globalsite" },
	{ 2811, 6, "gsiftp" },
	{ 2947, 6, "gpsd" },
	{ 3050, 6, "gds-db" },
	{ 3130, 17, "icpv2" },
	{ 3205, 6, "isns" },
	{ 3205, 17, "isns" },
	{ 3260, 6, "iscsi-target" },
	{ 3306, 6, "mysql" },
	{ 3389, 6, "ms-wbt-server" },
	{ 3493, 6, "nut" },
	{ 3493, 17, "nut" },
	{ 3632, 6, "distcc" },
	{ 3689, 6, "daap" },
	{ 3690, 6, "svn" },
	{ 4031, 6, "suucp" },
	{ 4094, 6, "sysrqd" },
	{ 4190, 6, "sieve" },
	{ 4369, 6, "epmd" },
	{ 4373, 6, "remctl" },
	{ 4353, 6, "f5-iquery" },
	{ 4460, 6, "ntske" },
	{ 4500, 17, "ipsec-nat-t" },
	{ 4569, 17, "iax" },
	{ 4691, 6, "mtn" },
	{ 4899, 6, "radmin-port" },
	{ 5060, 6, "sip" },
	{ 5060, 17, "sip" },
	{ 5061, 6, "sip-tls" },
	{ 5061, 17, "sip-tls" },
	{ 5222, 6, "xmpp-client" },
	{ 5269, 6, "xmpp-server" },
	{ 5308, 6, "cfengine" },
	{ 5353, 17, "mdns" },
	{ 5432, 6, "postgresql" },
	{ 5556, 6, "freeciv" },
	{ 5671, 6, "amqps" },
	{ 5672, 6, "amqp" },
	{ 6000, 6, "x11" },
	{ 6001, 6, "x11-1" },
	{ 6002, 6, "x11-2" },
	{ 6003, 6, "x11-3" },
	{ 6004, 6, "x11-4" },
	{ 6005, 6, "x11-5" },
	{ 6006, 6, "x11-6" },
	{ 6007, 6, "x11-7" },
	{ 6346, 6, "gnutella-svc" },
	{ 6346, 17, "gnutella-svc" },
	{ 6347, 6, "gnutella-rtr" },
	{ 6347, 17, "gnutella-rtr" },
	{ 6379, 6, "redis" },
	{ 6444, 6, "sge-qmaster" },
	{ 6445, 6, "sge-execd" },
	{ 6446, 6, "mysql-proxy" },
	{ 6696, 17, "babel" },
	{ 6697, 6, "ircs-u" },
	{ 7000, 6, "bbs" },
	{ 7000, 17, "afs3-fileserver" },
	{ 7001, 17, "afs3-callback" },
	{ 7002, 17, "afs3-prserver" },
	{ 7003, 17, "afs3-vlserver" },
	{ 7004, 17, "afs3-kaserver" },
	{ 7005, 17, "afs3-volser" },
	{ 7007, 17, "afs3-bos" },
	{ 7008, 17, "afs3-update" },
	{ 7009, 17, "afs3-rmtsys" },
	{ 7100, 6, "font-service" },
	{ 8080, 6, "http-alt" },
	{ 8140, 6, "puppet" },
	{ 9101, 6, "bacula-dir" },
	{ 9102, 6, "bacula-fd" },
	{ 9103, 6, "bacula-sd" },
	{ 9667, 6, "xmms2" },
	{ 10809, 6, "nbd" },
	{ 10050, 6, "zabbix-agent" },
	{ 10051, 6, "zabbix-trapper" },
	{ 10080, 6, "amanda" },
	{ 11112, 6, "dicom" },
	{ 11371, 6, "hkp" },
	{ 17500, 6, "db-lsp" },
	{ 22125, 6, "dcap" },
	{ 22128, 6, "gsidcap" },
	{ 22273, 6, "wnn6" },
	{ 750, 17, "kerberos4" },
	{ 750, 6, "kerberos4" },
	{ 751, 17, "kerberos-master" },
	{ 751, 6, "kerberos-master" },
	{ 752, 17, "passwd-server" },
	{ 754, 6, "krb-prop" },
	{ 2102, 17, "zephyr-srv" },
	{ 2103, 17, "zephyr-clt" },
	{ 2104, 17, "zephyr-hm" },
	{ 2121, 6, "iprop" },
	{ 871, 6, "supfilesrv" },
	{ 1127, 6, "supfiledbg" },
	{ 106, 6, "poppassd" },
	{ 775, 6, "moira-db" },
	{ 777, 6, "moira-update" },
	{ 779, 17, "moira-ureg" },
	{ 783, 6, "spamd" },
	{ 1178, 6, "skkserv" },
	{ 1210, 17, "predict" },
	{ 1236, 6, "rmtcfg" },
	{ 1313, 6, "xtel" },
	{ 1314, 6, "xtelw" },
	{ 2600, 6, "zebrasrv" },
	{ 2601, 6, "zebra" },
	{ 2602, 6, "ripd" },
	{ 2603, 6, "ripngd" },
	{ 2604, 6, "ospfd" },
	{ 2605, 6, "bgpd" },
	{ 2606, 6, "ospf6d" },
	{ 2607, 6, "ospfapi" },
	{ 2608, 6, "isisd" },
	{ 4557, 6, "fax" },
	{ 4559, 6, "hylafax" },
	{ 4949, 6, "munin" },
	{ 5555, 17, "rplay" },
	{ 5666, 6, "nrpe" },
	{ 5667, 6, "nsca" },
	{ 5680, 6, "canna" },
	{ 6514, 6, "syslog-tls" },
	{ 6566, 6, "sane-port" },
	{ 6667, 6, "ircd" },
	{ 8021, 6, "zope-ftp" },
	{ 8081, 6, "tproxy" },
	{ 8088, 6, "omniorb" },
	{ 8990, 6, "clc-build-daemon" },
	{ 9098, 6, "xinetd" },
	{ 9418, 6, "git" },
	{ 9673, 6, "zope" },
	{ 10000, 6, "webmin" },
	{ 10081, 6, "kamanda" },
	{ 10082, 6, "amandaidx" },
	{ 10083, 6, "amidxtape" },
	{ 17001, 17, "sgi-cmsd" },
	{ 17002, 17, "sgi-crsd" },
	{ 17003, 17, "sgi-gcd" },
	{ 17004, 6, "sgi-cad" },
	{ 24554, 6, "binkp" },
	{ 27374, 6, "asp" },
	{ 27374, 17, "asp" },
	{ 30865, 6, "csync2" },
	{ 57000, 6, "dircproxy" },
	{ 60177, 6, "tfido" },
	{ 60179, 6, "fido" },
};

const char *ipt_port_name(uint16_t port, uint8_t proto)
{
	for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
		if (services[i].port == port && services[i].proto == proto)
			return services[i].name;
	return NULL;
}

int ipt_parse_port(const char *s, uint8_t proto)
{
	if (!s || !*s)
		return -1;
	/* xtables_strtoui(base 0): 0x50 is 80, 080 is no number */
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 0);
	if (isdigit((unsigned char)s[0]))
		return *end == '\0' && !errno && v <= 65535 ? (int)v : -1;
	for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
		if (services[i].proto == proto && strcmp(services[i].name, s) == 0)
			return services[i].port;
	return -1;
}

/* xtables_chain_protos, then Debian's /etc/protocols. */
static const struct { uint8_t num; const char *name; } protos[] = {
	{ 6, "tcp" }, { 17, "udp" }, { 136, "udplite" }, { 1, "icmp" }, { 58, "ipv6-icmp" },
	{ 50, "esp" }, { 51, "ah" }, { 132, "sctp" }, { 135, "mh" },
	{ 2, "igmp" }, { 3, "ggp" }, { 4, "ipencap" }, { 5, "st" }, { 8, "egp" }, { 9, "igp" },
	{ 12, "pup" }, { 20, "hmp" }, { 22, "xns-idp" }, { 27, "rdp" }, { 29, "iso-tp4" },
	{ 33, "dccp" }, { 36, "xtp" }, { 37, "ddp" }, { 38, "idpr-cmtp" }, { 41, "ipv6" },
	{ 43, "ipv6-route" }, { 44, "ipv6-frag" }, { 45, "idrp" }, { 46, "rsvp" }, { 47, "gre" },
	{ 57, "skip" }, { 59, "ipv6-nonxt" }, { 60, "ipv6-opts" }, { 73, "rspf" }, { 81, "vmtp" },
	{ 88, "eigrp" }, { 89, "ospf" }, { 93, "ax.25" }, { 94, "ipip" }, { 97, "etherip" },
	{ 98, "encap" }, { 103, "pim" }, { 108, "ipcomp" }, { 112, "vrrp" }, { 115, "l2tp" },
	{ 124, "isis" }, { 133, "fc" }, { 137, "mpls-in-ip" },
};

const char *ipt_proto_name(uint8_t proto)
{
	if (proto == 0)
		return "all";
	for (size_t i = 0; i < sizeof protos / sizeof protos[0]; i++)
		if (protos[i].num == proto)
			return protos[i].name;
	return NULL;
}

static int mask_bits(uint32_t m)
{
	int n = 0;
	while (n < 32 && (m & (0x80000000u >> n)))
		n++;
	return (n == 32 || (uint32_t)(m << n) == 0) ? n : -1;
}

/* xtables_ipmask_to_numeric: "" for /32, "/N", or "/a.b.c.d" when not
 * contiguous. */
static void mask_str(uint32_t m, char *buf, size_t len)
{
	int bits = mask_bits(m);
	if (bits == 32)
		buf[0] = '\0';
	else if (bits >= 0)
		snprintf(buf, len, "/%d", bits);
	else {
		char a[16];
		ipv4_addr_str(m, a);
		snprintf(buf, len, "/%s", a);
	}
}

/* /etc/networks of Debian 12 (getnetbyaddr, xtables_ipaddr_to_anyname). */
static const char *network_name(uint32_t a)
{
	if (a == 0x7f000000u)
		return "loopback";
	if (a == 0xa9fe0000u)
		return "link-local";
	if (a == 0)
		return "default";
	return NULL;
}

/* gethostbyaddr() through /etc/hosts (files; wirelab's iptables asks no
 * DNS server): the first name of the first line with that address. */
static bool hosts_name(const char *hosts, uint32_t a, char *out, size_t len)
{
	char as[16];
	ipv4_addr_str(a, as);
	for (const char *l = hosts; l && *l;) {
		const char *e = strchr(l, '\n');
		size_t ll = e ? (size_t)(e - l) : strlen(l);
		char line[512];
		snprintf(line, sizeof line, "%.*s", (int)(ll < sizeof line ? ll : sizeof line - 1), l);
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *save = NULL, *addr = strtok_r(line, " \t", &save);
		char *name = addr ? strtok_r(NULL, " \t", &save) : NULL;
		if (addr && name && strcmp(addr, as) == 0) {
			snprintf(out, len, "%s", name);
			return true;
		}
		l = e ? e + 1 : NULL;
	}
	return false;
}

/* xtables_ipaddr_to_anyname: a host name, else a network name, else
 * the number; then the mask. */
static void addr_col(char *buf, size_t len, uint32_t a, uint32_t m, unsigned fmt,
		     const char *hosts)
{
	char as[64], ms[24];
	if (m == 0 && !(fmt & IPT_FMT_NUMERIC)) {
		snprintf(buf, len, "anywhere");
		return;
	}
	const char *name = NULL;
	if (!(fmt & IPT_FMT_NUMERIC)) {
		if (hosts_name(hosts, a, as, sizeof as))
			name = as;
		else
			name = network_name(a);
	}
	char num[16];
	ipv4_addr_str(a, num);
	mask_str(m, ms, sizeof ms);
	snprintf(buf, len, "%s%s", name ? name : num, ms);
}

/* ---- one rule ------------------------------------------------------------------ */

static const char *target_label(const struct nf_target *t)
{
	if (t->kind == NF_T_JUMP || t->kind == NF_T_GOTO)
		return t->chain ? t->chain->name : t->chain_name;
	return nf_target_name(t->kind);
}

/* xtables_print_num */
static void print_num(struct strbuf *o, uint64_t n, unsigned fmt)
{
	unsigned long long v = n;
	bool notable = fmt & IPT_FMT_NOTABLE;
	if (!(fmt & IPT_FMT_KMG)) {
		sb_printf(o, notable ? "%llu " : "%8llu ", v);
		return;
	}
	if (v <= 99999) {
		sb_printf(o, notable ? "%llu " : "%5llu ", v);
		return;
	}
	static const char suffix[] = "KMGT";
	for (int i = 0; i < 4; i++) {
		v = (v + 500) / 1000;
		if (v <= 9999 || i == 3) {
			sb_printf(o, notable ? "%llu%c " : "%4llu%c ", v, suffix[i]);
			return;
		}
	}
}

void ipt_rule_print(struct strbuf *o, const struct nf_rule *r, unsigned num, unsigned fmt,
		    const char *hosts)
{
	bool nt = fmt & IPT_FMT_NOTABLE;
	if (fmt & IPT_FMT_LINENUMBERS)
		sb_printf(o, nt ? "%u " : "%-4u ", num);
	if (!(fmt & IPT_FMT_NOCOUNTS)) {
		print_num(o, r->pkts, fmt);
		print_num(o, r->bytes, fmt);
	}
	if (!(fmt & IPT_FMT_NOTARGET))
		sb_printf(o, nt ? "%s " : "%-9s ", target_label(&r->target));
	sb_puts(o, r->proto_inv ? "!" : " ");
	const char *pname = ipt_proto_name(r->proto);
	if (((fmt & (IPT_FMT_NUMERIC | IPT_FMT_NOTABLE)) == IPT_FMT_NUMERIC) || !pname)
		sb_printf(o, nt ? "%u " : "%-5u", r->proto);
	else
		sb_printf(o, nt ? "%s " : "%-5s", pname);
	if (fmt & IPT_FMT_OPTIONS) {
		if (nt)
			sb_puts(o, "opt ");
		sb_puts(o, "-- ");
	}
	if (fmt & IPT_FMT_VIA) {
		char ifn[NF_IFNAME_MAX + 2];
		const char *any = (fmt & IPT_FMT_NUMERIC) ? "*" : "any";
		snprintf(ifn, sizeof ifn, "%s%s", r->in_inv ? "!" : "", r->in_if[0] ? r->in_if : any);
		sb_printf(o, nt ? "in %s " : " %-6s ", ifn);
		snprintf(ifn, sizeof ifn, "%s%s", r->out_inv ? "!" : "", r->out_if[0] ? r->out_if : any);
		sb_printf(o, nt ? "out %s " : "%-6s ", ifn);
	}
	char buf[64];
	sb_puts(o, r->src_inv ? "!" : " ");
	addr_col(buf, sizeof buf, r->src, r->src_mask, fmt, hosts);
	sb_printf(o, nt ? "%s " : "%-19s ", buf);
	sb_puts(o, r->dst_inv ? "!" : " ");
	addr_col(buf, sizeof buf, r->dst, r->dst_mask, fmt, hosts);
	sb_printf(o, nt ? "-> %s" : "%-19s ", buf);
	if (nt)
		sb_puts(o, "  ");
	if (r->target.kind == NF_T_GOTO)
		sb_puts(o, "[goto] ");
	for (size_t i = 0; i < r->n_matches; i++)
		ipt_match_print(o, &r->matches[i], r->proto, fmt);
	ipt_target_print(o, &r->target, fmt);
	sb_puts(o, "\n");
}

static void save_addr(struct strbuf *o, const char *opt, uint32_t a, uint32_t m, bool inv)
{
	if (m == 0 && !inv)
		return;
	char as[16];
	ipv4_addr_str(a, as);
	int bits = mask_bits(m);
	if (bits >= 0)
		sb_printf(o, "%s %s %s/%d", inv ? " !" : "", opt, as, bits);
	else {
		char ms[16];
		ipv4_addr_str(m, ms);
		sb_printf(o, "%s %s %s/%s", inv ? " !" : "", opt, as, ms);
	}
}

void ipt_rule_save(struct strbuf *o, const struct nf_rule *r, bool counters)
{
	save_addr(o, "-s", r->src, r->src_mask, r->src_inv);
	save_addr(o, "-d", r->dst, r->dst_mask, r->dst_inv);
	if (r->in_if[0])
		sb_printf(o, "%s -i %s", r->in_inv ? " !" : "", r->in_if);
	if (r->out_if[0])
		sb_printf(o, "%s -o %s", r->out_inv ? " !" : "", r->out_if);
	if (r->proto) {
		const char *pname = ipt_proto_name(r->proto);
		sb_printf(o, "%s -p ", r->proto_inv ? " !" : "");
		if (pname)
			sb_puts(o, pname);
		else
			sb_printf(o, "%u", r->proto);
	}
	for (size_t i = 0; i < r->n_matches; i++) {
		sb_printf(o, " -m %s", nf_match_name(r->matches[i].kind));
		ipt_match_save(o, &r->matches[i]);
	}
	if (counters)
		sb_printf(o, " -c %llu %llu", (unsigned long long)r->pkts,
			  (unsigned long long)r->bytes);
	if (r->target.kind != NF_T_NONE) {
		sb_printf(o, " -%c %s", r->target.kind == NF_T_GOTO ? 'g' : 'j',
			  target_label(&r->target));
		ipt_target_save(o, &r->target);
	}
}

/* ---- -L ------------------------------------------------------------------------- */

static const char *policy_name(enum nf_policy p)
{
	return p == NF_POLICY_DROP ? "DROP" : "ACCEPT";
}

static void print_header(struct strbuf *o, const struct nf_chain *ch, unsigned fmt)
{
	sb_printf(o, "Chain %s", ch->name);
	if (ch->builtin) {
		sb_printf(o, " (policy %s", policy_name(ch->policy));
		if (!(fmt & IPT_FMT_NOCOUNTS)) {
			sb_puts(o, " ");
			print_num(o, ch->policy_pkts, fmt | IPT_FMT_NOTABLE);
			sb_puts(o, "packets, ");
			print_num(o, ch->policy_bytes, fmt | IPT_FMT_NOTABLE);
			sb_puts(o, "bytes");
		}
		sb_puts(o, ")\n");
	} else {
		sb_printf(o, " (%u references)\n", ch->refs);
	}
	if (fmt & IPT_FMT_LINENUMBERS)
		sb_printf(o, "%-4s ", "num");
	if (!(fmt & IPT_FMT_NOCOUNTS)) {
		if (fmt & IPT_FMT_KMG)
			sb_printf(o, "%5s %5s ", "pkts", "bytes");
		else
			sb_printf(o, "%8s %10s ", "pkts", "bytes");
	}
	sb_printf(o, "%-9s ", "target");
	sb_puts(o, " prot ");
	sb_puts(o, "opt");
	if (fmt & IPT_FMT_VIA)
		sb_printf(o, " %-6s %-6s ", "in", "out");
	sb_printf(o, " %-19s ", "source");
	sb_printf(o, " %-19s \n", "destination");
}

/* A table that was never created lists as its built-in chains with
 * policy ACCEPT and no rules (iptables-nft's fake built-ins). */
static const struct nf_table *fake_table(enum nf_table_id id, struct nf_table *t,
					 struct nf_chain *chains, struct nf_chain **ptrs)
{
	memset(t, 0, sizeof *t);
	t->id = id;
	t->chains = ptrs;
	for (int h = 0; h < NF_HOOK__COUNT; h++)
		if (nf_table_has_hook(id, (enum nf_hook)h)) {
			struct nf_chain *c = &chains[t->n_chains];
			memset(c, 0, sizeof *c);
			snprintf(c->name, sizeof c->name, "%s", nf_hook_name((enum nf_hook)h));
			c->builtin = true;
			c->hook = (enum nf_hook)h;
			ptrs[t->n_chains++] = c;
		}
	return t;
}

struct view {
	struct nf_table t;
	struct nf_chain chains[NF_HOOK__COUNT];
	struct nf_chain *ptrs[NF_HOOK__COUNT];
};

static const struct nf_table *table_view(struct cmd_ctx *c, enum nf_table_id id, struct view *v)
{
	const struct nf_table *t = nf_table_peek(c->node, id);
	if (t && t->n_chains)
		return t;
	return fake_table(id, &v->t, v->chains, v->ptrs);
}

static const struct nf_chain *find_chain(const struct nf_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_chains; i++)
		if (strcmp(t->chains[i]->name, name) == 0)
			return t->chains[i];
	return NULL;
}

static int incompatible(struct cmd_ctx *c, enum nf_table_id id, const char *chain)
{
	sb_printf(c->err, IPT_PREFIX "chain `%s' in table `%s' is incompatible, use 'nft' tool.\n",
		  chain, nf_table_name(id));
	return 1;
}

int ipt_list(struct cmd_ctx *c, enum nf_table_id id, const char *chain, unsigned num, unsigned fmt)
{
	struct view v;
	const struct nf_table *t = table_view(c, id, &v);
	const struct nf_chain *only = NULL;
	if (chain && !(only = find_chain(t, chain)))
		return incompatible(c, id, chain);
	struct strbuf hosts = { 0 };
	if (!(fmt & IPT_FMT_NUMERIC))
		cmd_file_read(c->node, "/etc/hosts", &hosts);
	const char *h = sb_str(&hosts);
	bool first = true;
	for (size_t i = 0; i < t->n_chains; i++) {
		const struct nf_chain *ch = t->chains[i];
		if (only && ch != only)
			continue;
		if (num) {
			/* -L CHAIN N: that rule alone, no header */
			if (num <= ch->n_rules)
				ipt_rule_print(c->out, &ch->rules[num - 1], num, fmt, h);
			continue;
		}
		if (!first)
			sb_puts(c->out, "\n");
		first = false;
		print_header(c->out, ch, fmt);
		for (size_t k = 0; k < ch->n_rules; k++)
			ipt_rule_print(c->out, &ch->rules[k], (unsigned)k + 1, fmt, h);
	}
	sb_free(&hosts);
	return 0;
}

/* ---- -S and iptables-save ------------------------------------------------------------ */

static void save_rule_line(struct strbuf *o, const struct nf_chain *ch, const struct nf_rule *r,
			   bool counters)
{
	sb_printf(o, "-A %s", ch->name);
	ipt_rule_save(o, r, counters);
	sb_puts(o, "\n");
}

int ipt_list_rules(struct cmd_ctx *c, enum nf_table_id id, const char *chain, unsigned num,
		   bool counters)
{
	struct view v;
	const struct nf_table *t = table_view(c, id, &v);
	const struct nf_chain *only = NULL;
	if (chain && !(only = find_chain(t, chain)))
		return incompatible(c, id, chain);
	if (num && only) {
		if (num <= only->n_rules)
			save_rule_line(c->out, only, &only->rules[num - 1], counters);
		return 0;
	}
	for (size_t i = 0; i < t->n_chains; i++) {
		const struct nf_chain *ch = t->chains[i];
		if (only && ch != only)
			continue;
		if (ch->builtin) {
			sb_printf(c->out, "-P %s %s", ch->name, policy_name(ch->policy));
			if (counters)
				sb_printf(c->out, " -c %llu %llu", (unsigned long long)ch->policy_pkts,
					  (unsigned long long)ch->policy_bytes);
			sb_puts(c->out, "\n");
		} else {
			sb_printf(c->out, "-N %s\n", ch->name);
		}
	}
	for (size_t i = 0; i < t->n_chains; i++) {
		const struct nf_chain *ch = t->chains[i];
		if (only && ch != only)
			continue;
		for (size_t k = 0; k < ch->n_rules; k++)
			save_rule_line(c->out, ch, &ch->rules[k], counters);
	}
	return 0;
}

/* The time as iptables-save prints it: ctime() of the wall clock, UTC. */
static void save_date(struct cmd_ctx *c, char *buf, size_t len)
{
	time_t now = (time_t)world_wall_s(c->w);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(buf, len, "%a %b %e %H:%M:%S %Y", &tm);
}

void ipt_save_table(struct cmd_ctx *c, const struct nf_table *t, bool counters)
{
	char date[64];
	save_date(c, date, sizeof date);
	sb_printf(c->out, "# Generated by iptables-save v1.8.9 (nf_tables) on %s\n", date);
	sb_printf(c->out, "*%s\n", nf_table_name(t->id));
	for (size_t i = 0; i < t->n_chains; i++) {
		const struct nf_chain *ch = t->chains[i];
		sb_printf(c->out, ":%s %s [%llu:%llu]\n", ch->name,
			  ch->builtin ? policy_name(ch->policy) : "-",
			  (unsigned long long)(ch->builtin ? ch->policy_pkts : 0),
			  (unsigned long long)(ch->builtin ? ch->policy_bytes : 0));
	}
	for (size_t i = 0; i < t->n_chains; i++) {
		const struct nf_chain *ch = t->chains[i];
		for (size_t k = 0; k < ch->n_rules; k++) {
			if (counters)
				sb_printf(c->out, "[%llu:%llu] ", (unsigned long long)ch->rules[k].pkts,
					  (unsigned long long)ch->rules[k].bytes);
			save_rule_line(c->out, ch, &ch->rules[k], false);
		}
	}
	sb_puts(c->out, "COMMIT\n");
	save_date(c, date, sizeof date);
	sb_printf(c->out, "# Completed on %s\n", date);
}

void ipt_save_table_id(struct cmd_ctx *c, enum nf_table_id id, bool counters)
{
	struct view v;
	ipt_save_table(c, table_view(c, id, &v), counters);
}
