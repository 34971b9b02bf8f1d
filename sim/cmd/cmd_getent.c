/* cmd_getent.c — `getent hosts|ahosts|ahostsv4 [KEY...]` as glibc 2.36's
 * getent (nss/getent.c) prints them on Debian 12.
 *
 *   getent hosts NAME    gethostbyname2(NAME, AF_INET6), and when that
 *                        fails gethostbyname(NAME): one line per address,
 *                        "%-15s %s" address and name, then " alias" each.
 *   getent ahosts NAME   getaddrinfo(AF_UNSPEC, AI_V4MAPPED|AI_ADDRCONFIG|
 *                        AI_CANONNAME): three lines per address (STREAM,
 *                        DGRAM, RAW), "%-15s %-6s %s", the canonical name
 *                        on the first line only.  -A (--no-addrconfig)
 *                        drops AI_ADDRCONFIG, so AAAA is asked for too;
 *                        so does a machine with no IPv4 address but
 *                        127.0.0.1 (AI_ADDRCONFIG then narrows nothing).
 *   no KEY               every line of /etc/hosts (gethostent: AF_INET,
 *                        "::1" shown as 127.0.0.1, other IPv6 lines left out).
 * Several keys are looked up one after the other; the exit status is 2
 * when any was not found, without a word (getent prints no error).
 * Usage errors are argp's: exit 64 for a bad option, 1 for a missing or
 * unknown database.
 *
 * An IPv4 address as KEY of `hosts` is gethostbyaddr(): /etc/hosts, then
 * a PTR query.
 *
 * Not modelled: the other databases (passwd, services...), -s, IPv6
 * address keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmd_int.h"
#include "dev/node.h"
#include "dev/node_files.h"
#include "proc/proc.h"
#include "proc/resolver.h"
#include "util/die.h"
#include "util/units.h"

static const char try_text[] = "Try `getent --help' or `getent --usage' for more information.\n";

static const char help_text[] =
	"Usage: getent [OPTION...] database [key ...]\n"
	"Get entries from administrative database.\n"
	"\n"
	"  -A, --no-addrconfig        do not filter out unsupported IPv4/IPv6 addresses\n"
	"                             (with ahosts*)\n"
	"  -i, --no-idn               disable IDN encoding\n"
	"  -s, --service=CONFIG       Service configuration to be used\n"
	"  -?, --help                 Give this help list\n"
	"      --usage                Give a short usage message\n"
	"  -V, --version              Print program version\n"
	"\n"
	"Mandatory or optional arguments to long options are also mandatory or optional\n"
	"for any corresponding short options.\n"
	"\n"
	"Supported databases:\n"
	"ahosts ahostsv4 ahostsv6 aliases ethers group gshadow hosts initgroups\n"
	"netgroup networks passwd protocols rpc services shadow\n"
	"\n"
	"For bug reporting instructions, please see:\n"
	"<http://www.debian.org/Bugs/>.\n";

static const char usage_text[] =
	"Usage: getent [-Ai?V] [-s CONFIG] [--no-addrconfig] [--no-idn]\n"
	"            [--service=CONFIG] [--help] [--usage] [--version]\n"
	"            database [key ...]\n";

static const char version_text[] =
	"getent (Debian GLIBC 2.36-9+deb12u14) 2.36\n"
	"Copyright (C) 2022 Free Software Foundation, Inc.\n"
	"This is free software; see the source for copying conditions.  There is NO\n"
	"warranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\n"
	"Written by Thorsten Kukuk.\n";

static const char *const databases[] = {
	"ahosts", "ahostsv4", "ahostsv6", "aliases", "ethers", "group", "gshadow", "hosts",
	"initgroups", "netgroup", "networks", "passwd", "protocols", "rpc", "services", "shadow",
};

/* ---- printing ------------------------------------------------------------- */

static void print_hosts(struct proc *p, const struct res_result *r)
{
	char ip[46];
	/* gethostbyname2(AF_INET6) answered: its addresses are IPv6. */
	bool v6 = r->n_addrs6 > 0;
	int n = v6 ? r->n_addrs6 : r->n_addrs;
	for (int i = 0; i < n; i++) {
		if (v6) {
			res_addr6_text(r->addrs6[i], ip);
		} else {
			units_format_ipv4(r->addrs[i], ip);
		}
		proc_printf(p, "%-15s %s", ip, r->canon);
		for (int k = 0; k < r->n_aliases; k++)
			proc_printf(p, " %s", r->aliases[k]);
		proc_printf(p, "\n");
	}
}

static void print_ahosts(struct proc *p, const struct res_result *r, bool with_v6)
{
	static const char *const socks[] = { "STREAM", "DGRAM", "RAW" };
	char ip[46];
	bool first = true;
	int n = r->n_addrs + (with_v6 ? r->n_addrs6 : 0);
	for (int i = 0; i < n; i++) {
		if (i < r->n_addrs)
			units_format_ipv4(r->addrs[i], ip);
		else
			res_addr6_text(r->addrs6[i - r->n_addrs], ip);
		for (int k = 0; k < 3; k++) {
			proc_printf(p, "%-15s %-6s %s\n", ip, socks[k], first ? r->canon : "");
			first = false;
		}
	}
}

/* gethostbyaddr()'s answer: the address, the name, the aliases. */
static void print_by_addr(struct proc *p, const struct res_result *r, uint32_t addr)
{
	char ip[16];
	units_format_ipv4(addr, ip);
	proc_printf(p, "%-15s %s", ip, r->canon);
	for (int k = 0; k < r->n_aliases; k++)
		proc_printf(p, " %s", r->aliases[k]);
	proc_printf(p, "\n");
}

/* ---- the process -------------------------------------------------------------- */

struct getent {
	struct proc *proc;
	struct node *node;
	bool ahosts;
	enum res_api api;
	char **keys;
	int n_keys, next;
	int status;
	struct res_lookup *lookup;
	bool by_addr;                   /* the key being looked up is an address */
	uint32_t addr;
};

static void getent_next(struct getent *g);

static void on_done(void *ctx, const struct res_result *r)
{
	struct getent *g = ctx;
	g->lookup = NULL;
	if (r->status != RES_OK || (r->n_addrs == 0 && r->n_addrs6 == 0 && !g->by_addr))
		g->status = 2;
	else if (g->ahosts)
		print_ahosts(g->proc, r, true);
	else if (g->by_addr)
		print_by_addr(g->proc, r, g->addr);
	else
		print_hosts(g->proc, r);
	getent_next(g);
}

static void getent_next(struct getent *g)
{
	while (g->next < g->n_keys) {
		const char *key = g->keys[g->next++];
		/* print_hosts(): an address is looked up with gethostbyaddr()
		 * (/etc/hosts, then a PTR query). */
		g->by_addr = !g->ahosts && res_pton4(key, &g->addr);
		if (g->by_addr)
			g->lookup = res_lookup_addr(g->node, g->addr, on_done, g);
		else
			g->lookup = res_lookup(g->node, key, g->api, on_done, g);
		return;
	}
	proc_exit(g->proc, g->status);
}

static struct getent *getent_of(struct proc *p) { return p->impl; }

static void getent_kill(struct proc *p)
{
	struct getent *g = getent_of(p);
	if (g->lookup)
		res_cancel(g->lookup);
	g->lookup = NULL;
}

static void getent_free(struct proc *p)
{
	struct getent *g = getent_of(p);
	if (g->lookup)
		res_cancel(g->lookup);
	for (int i = 0; i < g->n_keys; i++)
		free(g->keys[i]);
	free(g->keys);
	free(g);
}

static const struct proc_ops getent_ops = { .name = "getent", .kill = getent_kill,
					    .free = getent_free };

/* ---- enumeration ---------------------------------------------------------------- */

static void print_line(void *ctx, uint32_t addr, char **names, int count)
{
	struct strbuf *out = ctx;
	char ip[16];
	units_format_ipv4(addr, ip);
	sb_printf(out, "%-15s %s", ip, names[0]);
	for (int i = 1; i < count; i++)
		sb_printf(out, " %s", names[i]);
	sb_puts(out, "\n");
}

/* ---- the command ---------------------------------------------------------------- */

int cmd_getent(struct cmd_ctx *c)
{
	bool no_addrconfig = false;
	char *operands[256];
	int n_ops = 0;
	bool only_operands = false;
	/* argp permutes: options may come after the database and keys. */
	for (int i = 1; i < c->argc; i++) {
		char *a = c->argv[i];
		if (only_operands || a[0] != '-' || a[1] == '\0') {
			if (n_ops < 256)
				operands[n_ops++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_operands = true;
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			static const char *const longs[] = { "no-addrconfig", "no-idn", "service", "help",
							     "usage", "version" };
			int match = -1, n_match = 0;
			for (int k = 0; k < 6; k++) {
				if (strncmp(longs[k], name, len) == 0 && len > 0) {
					if (strlen(longs[k]) == len) {
						match = k;
						n_match = 1;
						break;
					}
					match = k;
					n_match++;
				}
			}
			if (n_match != 1) {
				sb_printf(c->err, "getent: %s option '%s'\n",
					  n_match ? "ambiguous" : "unrecognized", a);
				sb_puts(c->err, try_text);
				return 64;
			}
			switch (match) {
			case 0: no_addrconfig = true; break;
			case 1: break;
			case 2:
				sb_puts(c->err, "wirelab: getent --service is not modelled\n");
				return 2;
			case 3: sb_puts(c->out, help_text); return 0;
			case 4: sb_puts(c->out, usage_text); return 0;
			default: sb_puts(c->out, version_text); return 0;
			}
			continue;
		}
		for (int k = 1; a[k]; k++) {
			switch (a[k]) {
			case 'A': no_addrconfig = true; break;
			case 'i': break;
			case '?': sb_puts(c->out, help_text); return 0;
			case 'V': sb_puts(c->out, version_text); return 0;
			case 's':
				if (!a[k + 1] && i + 1 >= c->argc) {
					sb_puts(c->err, "getent: option requires an argument -- 's'\n");
					sb_puts(c->err, try_text);
					return 64;
				}
				sb_puts(c->err, "wirelab: getent -s is not modelled\n");
				return 2;
			default:
				sb_printf(c->err, "getent: invalid option -- '%c'\n", a[k]);
				sb_puts(c->err, try_text);
				return 64;
			}
		}
	}
	if (n_ops == 0) {
		sb_puts(c->err, "getent: wrong number of arguments\n");
		sb_puts(c->err, try_text);
		return 1;
	}
	const char *db = operands[0];
	bool known = false;
	for (size_t k = 0; k < sizeof databases / sizeof databases[0]; k++)
		known |= strcmp(databases[k], db) == 0;
	if (!known) {
		sb_printf(c->err, "Unknown database: %s\n", db);
		sb_puts(c->err, try_text);
		return 1;
	}
	bool hosts = strcmp(db, "hosts") == 0;
	bool ahosts = strcmp(db, "ahosts") == 0 || strcmp(db, "ahostsv4") == 0;
	if (!hosts && !ahosts) {
		sb_printf(c->err, "wirelab: getent %s is not modelled (hosts, ahosts and ahostsv4 are)\n", db);
		return 2;
	}
	if (n_ops == 1) {
		/* No key: the whole database (ahosts enumerates as hosts does). */
		res_hosts_enum(node_file_read(c->node, "/etc/hosts", NULL), print_line, c->out);
		return 0;
	}
	struct getent *g = wl_calloc(1, sizeof *g);
	g->node = c->node;
	g->ahosts = ahosts;
	if (hosts)
		g->api = RES_GETENT_HOSTS;
	else if (strcmp(db, "ahostsv4") == 0)
		g->api = RES_GETENT_AHOSTS;    /* AF_INET + AI_ADDRCONFIG: A only (checked) */
	else
		g->api = no_addrconfig ? RES_GETADDRINFO : RES_GETENT_AHOSTS;
	g->n_keys = n_ops - 1;
	g->keys = wl_calloc((size_t)g->n_keys, sizeof *g->keys);
	for (int i = 0; i < g->n_keys; i++) {
		g->keys[i] = strdup(operands[i + 1]);
		WL_ASSERT(g->keys[i] != NULL, "out of memory");
	}
	g->proc = proc_new(c->node, &getent_ops, g, true);
	c->proc = g->proc;
	getent_next(g);
	return 0;
}
