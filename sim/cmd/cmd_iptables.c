/* cmd_iptables.c — `iptables` as iptables-nft 1.8.9 has it (Debian 12's
 * default): the command line read the way do_parse() of iptables/xshared.c
 * reads it with getopt_long(), the extensions' options joining the table
 * as -m / -j / -p load them, and the commands run against the node's rule
 * set (net/nf.h):
 *
 *   iptables [-t TABLE] -A|-C|-D CHAIN RULE     -I CHAIN [N] RULE
 *   iptables -R CHAIN N RULE    -D CHAIN N      -N|-X [CHAIN]   -E OLD NEW
 *   iptables -P CHAIN ACCEPT|DROP               -F|-Z [CHAIN]   -Z CHAIN N
 *   iptables -L [CHAIN [N]] [-n] [-v] [-x] [--line-numbers]  -S [CHAIN [N]]
 *   iptables-save [-t TABLE] [-c]     iptables-restore [-n] [-c] [-T T] [FILE]
 *
 * with -s/-d (comma lists make one rule per pair, as iptables does), -i/-o
 * (`veth+`), -p, -j/-g, -c, `!`, long options and their unique prefixes,
 * -v's one-line echo of each rule, "Flushing chain", and iptables' own
 * messages and exit statuses: 1 for a refused operation, 2 for a bad
 * command line (with the "Try `iptables -h'" line), 3 for an unknown
 * table, 4 for what the kernel refuses (RULE_APPEND failed ...).
 * The engine words its refusals (world_error(), nf_exit_status()).
 *
 * Differences, each on purpose (docs/iptables.md has the full list):
 *   - extensions wirelab does not model (-m limit, -m recent, -j CT,
 *     -j REDIRECT, ...) and -f are refused with a message saying so, where
 *     iptables would accept them; -m state is kept as -m conntrack;
 *   - -s/-d names are looked up in the node's /etc/hosts only (iptables
 *     would then ask DNS);
 *   - a built-in chain's policy counters: iptables-nft shows them only from
 *     the chain's -P on; the engine counts from the start.
 *
 * Engine API notes (net/nf.h) — nothing blocks; what is done here in place
 * on the engine's data for want of a call, and what would make it exact:
 *   1. -Z CHAIN N zeroes one rule's counters in place (nf_rule_zero()).
 *   2. -c PKTS BYTES and iptables-restore --counters set the new rule's
 *      counters after nf_rule_append/insert/replace, which copy the rule
 *      with counters at 0 (keep r->pkts/bytes, or nf_rule_set_counters()).
 *   3. -P and iptables-restore reset the policy counters to 0, as
 *      iptables-nft does; to list 0 before any -P, as iptables-nft does, the
 *      chain needs a flag "policy counted" set by nf_chain_policy().
 *   4. -m state: `bool state` in struct nf_m_conntrack (see
 *      cmd_iptables_ext.c) to list it under the name it was given.
 *   5. iptables-restore without --noflush deletes the table: done by
 *      flushing, deleting user chains, resetting policies and clearing
 *      `present` (nf_table_delete() would say it).
 *   6. -X on an empty built-in chain: iptables-nft deletes the kernel's
 *      chain and exits 0 when it had been created; the engine answers
 *      ENOENT always (the common case: it was never created). With rules
 *      it is CHAIN_DEL busy, which this file says (the engine's ENOENT
 *      would be wrong there).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmd_int.h"
#include "cmd/cmd_nf_int.h"
#include "core/world.h"
#include "dev/node.h"
#include "util/die.h"

static const char help_text[] =
	"iptables v1.8.9 (nf_tables)\n"
	"\n"
	"Usage: iptables -[ACD] chain rule-specification [options]\n"
	"       iptables -I chain [rulenum] rule-specification [options]\n"
	"       iptables -R chain rulenum rule-specification [options]\n"
	"       iptables -D chain rulenum [options]\n"
	"       iptables -[LS] [chain [rulenum]] [options]\n"
	"       iptables -[FZ] [chain] [options]\n"
	"       iptables -[NX] chain\n"
	"       iptables -E old-chain-name new-chain-name\n"
	"       iptables -P chain target [options]\n"
	"       iptables -h (print this help information)\n"
	"\n"
	"Commands:\n"
	"Either long or short options are allowed.\n"
	"  --append  -A chain\t\tAppend to chain\n"
	"  --check   -C chain\t\tCheck for the existence of a rule\n"
	"  --delete  -D chain\t\tDelete matching rule from chain\n"
	"  --delete  -D chain rulenum\n"
	"\t\t\t\tDelete rule rulenum (1 = first) from chain\n"
	"  --insert  -I chain [rulenum]\n"
	"\t\t\t\tInsert in chain as rulenum (default 1=first)\n"
	"  --replace -R chain rulenum\n"
	"\t\t\t\tReplace rule rulenum (1 = first) in chain\n"
	"  --list    -L [chain [rulenum]]\n"
	"\t\t\t\tList the rules in a chain or all chains\n"
	"  --list-rules -S [chain [rulenum]]\n"
	"\t\t\t\tPrint the rules in a chain or all chains\n"
	"  --flush   -F [chain]\t\tDelete all rules in  chain or all chains\n"
	"  --zero    -Z [chain [rulenum]]\n"
	"\t\t\t\tZero counters in chain or all chains\n"
	"  --new     -N chain\t\tCreate a new user-defined chain\n"
	"  --delete-chain\n"
	"            -X [chain]\t\tDelete a user-defined chain\n"
	"  --policy  -P chain target\n"
	"\t\t\t\tChange policy on chain to target\n"
	"  --rename-chain\n"
	"            -E old-chain new-chain\n"
	"\t\t\t\tChange chain name, (moving any references)\n"
	"\n"
	"Options:\n"
	"    --ipv4\t-4\t\tNothing (line is ignored by ip6tables-restore)\n"
	"    --ipv6\t-6\t\tError (line is ignored by iptables-restore)\n"
	"[!] --protocol\t-p proto\tprotocol: by number or name, eg. `tcp'\n"
	"[!] --source\t-s address[/mask][...]\n"
	"\t\t\t\tsource specification\n"
	"[!] --destination -d address[/mask][...]\n"
	"\t\t\t\tdestination specification\n"
	"[!] --in-interface -i input name[+]\n"
	"\t\t\t\tnetwork interface name ([+] for wildcard)\n"
	" --jump\t-j target\n"
	"\t\t\t\ttarget for rule (may load target extension)\n"
	"  --goto      -g chain\n"
	"\t\t\t       jump to chain with no return\n"
	"  --match\t-m match\n"
	"\t\t\t\textended match (may load extension)\n"
	"  --numeric\t-n\t\tnumeric output of addresses and ports\n"
	"[!] --out-interface -o output name[+]\n"
	"\t\t\t\tnetwork interface name ([+] for wildcard)\n"
	"  --table\t-t table\ttable to manipulate (default: `filter')\n"
	"  --verbose\t-v\t\tverbose mode\n"
	"  --wait\t-w [seconds]\tmaximum wait to acquire xtables lock before give up\n"
	"  --line-numbers\t\tprint line numbers when listing\n"
	"  --exact\t-x\t\texpand numbers (display exact values)\n"
	"[!] --fragment\t-f\t\tmatch second or further fragments only\n"
	"  --modprobe=<command>\t\ttry to insert modules using this command\n"
	"  --set-counters -c PKTS BYTES\tset the counter during insert/append\n"
	"[!] --version\t-V\t\tprint package version.\n"
	;

/* ---- commands and options (xshared.h) ----------------------------------------- */

enum {
	CMD_INSERT = 1 << 0, CMD_DELETE = 1 << 1, CMD_DELETE_NUM = 1 << 2, CMD_REPLACE = 1 << 3,
	CMD_APPEND = 1 << 4, CMD_LIST = 1 << 5, CMD_FLUSH = 1 << 6, CMD_ZERO = 1 << 7,
	CMD_NEW_CHAIN = 1 << 8, CMD_DELETE_CHAIN = 1 << 9, CMD_SET_POLICY = 1 << 10,
	CMD_RENAME_CHAIN = 1 << 11, CMD_LIST_RULES = 1 << 12, CMD_ZERO_NUM = 1 << 13,
	CMD_CHECK = 1 << 14,
};
#define N_CMDS 15
static const char cmdflags[N_CMDS] = { 'I', 'D', 'D', 'R', 'A', 'L', 'F', 'Z', 'N', 'X', 'P', 'E',
				       'S', 'Z', 'C' };

enum {
	OPT_NUMERIC = 1 << 0, OPT_SOURCE = 1 << 1, OPT_DESTINATION = 1 << 2, OPT_PROTOCOL = 1 << 3,
	OPT_JUMP = 1 << 4, OPT_VERBOSE = 1 << 5, OPT_EXPANDED = 1 << 6, OPT_VIANAMEIN = 1 << 7,
	OPT_VIANAMEOUT = 1 << 8, OPT_LINENUMBERS = 1 << 9, OPT_COUNTERS = 1 << 10,
	OPT_FRAGMENT = 1 << 11,
};
#define N_OPTS 12
static const char optflags[N_OPTS] = { 'n', 's', 'd', 'p', 'j', 'v', 'x', 'i', 'o', '0', 'c', 'f' };
static const bool inverse_ok[N_OPTS] = { false, true, true, true, false, false, false, true, true,
					 false, false, true };

/* commands_v_options: 'x' = illegal, ' ' = allowed. */
static const char cmd_v_opt[N_CMDS][N_OPTS + 1] = {
	/*            n s d p j v x i o 0 c f */
	/*INSERT*/   "x     x  x  ",
	/*DELETE*/   "x     x  xx ",
	/*DEL_NUM*/  "xxxxx xxxxxx",
	/*REPLACE*/  "x     x  x  ",
	/*APPEND*/   "x     x  x  ",
	/*LIST*/     " xxxx  xx xx",
	/*FLUSH*/    "xxxxx xxxxxx",
	/*ZERO*/     "xxxxx xxxxxx",
	/*NEW*/      "xxxxx xxxxxx",
	/*DEL_CH*/   "xxxxx xxxxxx",
	/*POLICY*/   "xxxxx xxxx x",
	/*RENAME*/   "xxxxx xxxxxx",
	/*LIST_R*/   "xxxxx xxxxxx",
	/*ZERO_NUM*/ "xxxxx xxxxxx",
	/*CHECK*/    "x     x  xx ",
};

static int cmd_index(unsigned cmd)
{
	for (int i = 0; i < N_CMDS; i++)
		if (cmd & (1u << i))
			return i;
	return 0;
}

/* ---- getopt_long, as glibc runs it for iptables --------------------------------- */

/* An entry of the merged long-option table: a global option (ext NULL,
 * val the short letter) or an extension's (ext, id). */
struct lopt {
	const char *name;
	int has_arg;                    /* 0, 1, 2 (optional) */
	int val;
	int slot;                       /* loaded extension index, -1 for global */
};

static const struct lopt global_opts[] = {
	{ "append", 1, 'A', -1 }, { "delete", 1, 'D', -1 }, { "check", 1, 'C', -1 },
	{ "insert", 1, 'I', -1 }, { "replace", 1, 'R', -1 }, { "list", 2, 'L', -1 },
	{ "list-rules", 2, 'S', -1 }, { "flush", 2, 'F', -1 }, { "zero", 2, 'Z', -1 },
	{ "new-chain", 1, 'N', -1 }, { "delete-chain", 2, 'X', -1 }, { "rename-chain", 1, 'E', -1 },
	{ "policy", 1, 'P', -1 }, { "source", 1, 's', -1 }, { "destination", 1, 'd', -1 },
	{ "src", 1, 's', -1 }, { "dst", 1, 'd', -1 }, { "protocol", 1, 'p', -1 },
	{ "in-interface", 1, 'i', -1 }, { "jump", 1, 'j', -1 }, { "table", 1, 't', -1 },
	{ "match", 1, 'm', -1 }, { "numeric", 0, 'n', -1 }, { "out-interface", 1, 'o', -1 },
	{ "verbose", 0, 'v', -1 }, { "wait", 2, 'w', -1 }, { "wait-interval", 2, 'W', -1 },
	{ "exact", 0, 'x', -1 }, { "fragments", 0, 'f', -1 }, { "version", 0, 'V', -1 },
	{ "help", 2, 'h', -1 }, { "line-numbers", 0, '0', -1 }, { "modprobe", 1, 'M', -1 },
	{ "set-counters", 1, 'c', -1 }, { "goto", 1, 'g', -1 }, { "ipv4", 0, '4', -1 },
	{ "ipv6", 0, '6', -1 },
};
#define N_GLOBAL (sizeof global_opts / sizeof global_opts[0])

static const char optstring[] = "A:C:D:R:I:L::S::M:F::Z::N:X::E:P:Vh::o:p:s:d:j:i:fbvw::W::nt:m:xc:g:46";

#define MAX_EXT 16
#define MAX_LOPTS (N_GLOBAL + MAX_EXT * 8)
#define MAX_ADDRS 16

struct loaded {
	const struct ipt_ext *e;
	size_t match_idx;               /* in rule.matches (matches only) */
	unsigned seen;
};

struct parse {
	struct cmd_ctx *c;
	int argc;
	char **argv;
	/* getopt */
	int optind;
	const char *nextchar;
	const char *optarg;
	int slot, ext_id;               /* of the last extension option found */
	struct lopt lopts[MAX_LOPTS];
	size_t n_lopts;
	/* do_parse */
	unsigned command, options;
	bool invert;
	const char *chain, *newname, *policy, *table_name;
	unsigned rulenum;
	struct nf_rule rule;
	const char *shost, *dhost;
	const char *jumpto;
	bool jump_goto;
	struct loaded ext[MAX_EXT];
	size_t n_ext;
	int target_slot;                /* -1 if no extension target */
	bool proto_loaded;
	bool restore;
	bool dry_run;                   /* iptables-restore's check before COMMIT */
};

static void add_ext_opts(struct parse *p, int slot)
{
	for (const struct ipt_opt *o = p->ext[slot].e->opts; o->name && p->n_lopts < MAX_LOPTS; o++)
		p->lopts[p->n_lopts++] = (struct lopt){ o->name, o->has_arg, o->id, slot };
}

/* One step of getopt_long (RETURN_IN_ORDER, ':' first, opterr 0): 1 for
 * a non-option (in optarg), the option's letter, 0 for an extension's
 * option (slot, ext_id), '?' unknown, ':' missing argument, -1 at the end. */
static int next_opt(struct parse *p)
{
	p->optarg = NULL;
	if (!p->nextchar || !*p->nextchar) {
		p->nextchar = NULL;
		if (p->optind >= p->argc)
			return -1;
		const char *a = p->argv[p->optind];
		if (strcmp(a, "--") == 0) {
			p->optind = p->argc;
			return -1;
		}
		if (a[0] != '-' || a[1] == '\0') {
			p->optarg = a;
			p->optind++;
			return 1;
		}
		if (a[1] == '-') {
			const char *name = a + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			const struct lopt *hit = NULL;
			bool ambiguous = false;
			p->optind++;
			for (size_t i = 0; i < p->n_lopts; i++) {
				const struct lopt *l = &p->lopts[i];
				if (strncmp(l->name, name, len) != 0)
					continue;
				if (strlen(l->name) == len) {
					hit = l;
					ambiguous = false;
					break;
				}
				if (!hit)
					hit = l;
				else if (hit->val != l->val || hit->slot != l->slot ||
					 hit->has_arg != l->has_arg)
					ambiguous = true;
			}
			if (!hit || ambiguous || len == 0)
				return '?';
			if (hit->has_arg == 0 && eq)
				return '?';
			if (hit->has_arg == 1) {
				if (eq)
					p->optarg = eq + 1;
				else if (p->optind < p->argc)
					p->optarg = p->argv[p->optind++];
				else
					return ':';
			} else if (hit->has_arg == 2 && eq) {
				p->optarg = eq + 1;
			}
			p->slot = hit->slot;
			p->ext_id = hit->val;
			return hit->slot >= 0 ? 0 : hit->val;
		}
		p->nextchar = a + 1;
		p->optind++;
	}
	char ch = *p->nextchar++;
	const char *spec = ch != ':' ? strchr(optstring, ch) : NULL;
	if (!spec)
		return '?';
	if (spec[1] == ':') {
		if (spec[2] == ':') {                   /* optional: only attached */
			if (*p->nextchar)
				p->optarg = p->nextchar;
		} else if (*p->nextchar) {
			p->optarg = p->nextchar;
		} else if (p->optind < p->argc) {
			p->optarg = p->argv[p->optind++];
		} else {
			p->nextchar = NULL;
			return ':';
		}
		p->nextchar = NULL;
	}
	return ch;
}

/* ---- do_parse ------------------------------------------------------------------- */

static int add_command(struct parse *p, unsigned newcmd, unsigned othercmds)
{
	if (p->invert)
		return ipt_perr(p->c->err, "unexpected '!' flag");
	if (p->command & ~othercmds)
		return ipt_perr(p->c->err, "Cannot use -%c with -%c", cmdflags[cmd_index(newcmd)],
				cmdflags[cmd_index(p->command & ~othercmds)]);
	p->command |= newcmd;
	return 0;
}

static int set_option(struct parse *p, unsigned opt, bool *inv)
{
	int i = cmd_index(opt);
	if (p->options & opt)
		return ipt_perr(p->c->err, "multiple -%c flags not allowed", optflags[i]);
	p->options |= opt;
	if (p->invert) {
		if (!inverse_ok[i])
			return ipt_perr(p->c->err, "cannot have ! before -%c", optflags[i]);
		if (inv)
			*inv = true;
	}
	return 0;
}

/* The next word as the optional argument of -L CHAIN, -D CHAIN NUM ...:
 * present when it does not start with '-' or '!'. */
static const char *next_word(struct parse *p)
{
	if (p->optind < p->argc && p->argv[p->optind][0] != '-' && p->argv[p->optind][0] != '!')
		return p->argv[p->optind++];
	return NULL;
}

static int parse_rulenumber(struct parse *p, const char *s, unsigned *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno || v <= 0 || v > 0x7fffffff || !isdigit((unsigned char)s[0]))
		return ipt_perr(p->c->err, "Invalid rule number `%s'", s);
	*out = (unsigned)v;
	return 0;
}

static int load_ext(struct parse *p, const struct ipt_ext *e)
{
	if (p->n_ext >= MAX_EXT)
		return ipt_perr(p->c->err, "too many matches in one rule (wirelab keeps %d)", MAX_EXT);
	struct loaded *l = &p->ext[p->n_ext];
	l->e = e;
	l->seen = 0;
	if (!e->is_target) {
		struct nf_match m;
		ipt_match_init(&m, e);
		nf_rule_add_match(&p->rule, &m);
		l->match_idx = p->rule.n_matches - 1;
	} else {
		ipt_target_init(&p->rule.target, e);
	}
	add_ext_opts(p, (int)p->n_ext);
	p->n_ext++;
	return 0;
}

/* parse_target(): a -j/-g word. */
static int check_target_name(struct parse *p, const char *s)
{
	if (!*s)
		return ipt_perr(p->c->err, "Invalid target name (too short)");
	if (strlen(s) >= NF_CHAIN_NAME_MAX)
		return ipt_perr(p->c->err, "Invalid target name `%s' (%u chars max)", s,
				NF_CHAIN_NAME_MAX - 1);
	for (const char *q = s; *q; q++)
		if (isspace((unsigned char)*q))
			return ipt_perr(p->c->err, "Invalid target name `%s'", s);
	return 0;
}

static bool is_standard_target(const char *s)
{
	return strcmp(s, "ACCEPT") == 0 || strcmp(s, "DROP") == 0 || strcmp(s, "RETURN") == 0 ||
	       strcmp(s, "QUEUE") == 0;
}

static int parse_jump(struct parse *p, const char *arg, bool is_goto)
{
	int rc;
	if ((rc = set_option(p, OPT_JUMP, NULL)) || (rc = check_target_name(p, arg)))
		return rc;
	p->jumpto = arg;
	p->jump_goto = is_goto;
	if (is_goto)
		return 0;
	const struct ipt_ext *e = ipt_ext_find(arg, true);
	if (e) {
		p->target_slot = (int)p->n_ext;
		return load_ext(p, e);
	}
	if (ipt_target_unmodelled(arg) || strcmp(arg, "QUEUE") == 0)
		return ipt_perr(p->c->err, "target `%s' is not modelled by wirelab", arg);
	return 0;
}

static int parse_match(struct parse *p, const char *arg)
{
	if (p->invert)
		return ipt_perr(p->c->err, "unexpected ! flag before --match");
	const struct ipt_ext *e = ipt_ext_find(arg, false);
	if (!e) {
		if (ipt_match_unmodelled(arg))
			return ipt_perr(p->c->err, "match `%s' is not modelled by wirelab", arg);
		sb_printf(p->c->err, IPT_PREFIX "Couldn't load match `%s':No such file or directory\n\n%s",
			  arg, IPT_TRY);
		return 2;
	}
	/* iptables-nft turns tcp and udp matches into nft payload
	 * expressions and reads them back as one match: a second -m tcp
	 * adds to the first (at its place), a repeated option replaces */
	if (strcmp(e->name, "tcp") == 0 || strcmp(e->name, "udp") == 0)
		for (size_t i = 0; i < p->n_ext; i++)
			if (p->ext[i].e == e) {
				p->ext[i].seen = 0;
				return 0;
			}
	return load_ext(p, e);
}

static int parse_proto(struct parse *p, const char *arg)
{
	int rc;
	if ((rc = set_option(p, OPT_PROTOCOL, &p->rule.proto_inv)))
		return rc;
	char low[32];
	size_t i;
	for (i = 0; arg[i] && i + 1 < sizeof low; i++)
		low[i] = (char)tolower((unsigned char)arg[i]);
	low[i] = '\0';
	char *end;
	long v = strtol(low, &end, 10);
	if (low[0] && *end == '\0' && isdigit((unsigned char)low[0])) {
		if (v > 255)
			return ipt_perr(p->c->err, "unknown protocol \"%s\" specified", arg);
		p->rule.proto = (uint8_t)v;
	} else if (strcmp(low, "all") == 0) {
		p->rule.proto = 0;
	} else {
		int num = -1;
		for (int k = 1; k < 256 && num < 0; k++) {
			const char *n = ipt_proto_name((uint8_t)k);
			if (n && strcmp(n, low) == 0)
				num = k;
		}
		if (num < 0 && strcmp(low, "icmpv6") == 0)
			num = 58;
		if (num < 0)
			return ipt_perr(p->c->err, "unknown protocol \"%s\" specified", arg);
		p->rule.proto = (uint8_t)num;
	}
	if (p->rule.proto == 0 && p->rule.proto_inv)
		return ipt_perr(p->c->err, "rule would never match protocol");
	return 0;
}

static int parse_iface(struct parse *p, const char *arg, unsigned opt, char *dst, bool *inv)
{
	int rc;
	if ((rc = set_option(p, opt, inv)))
		return rc;
	if (strlen(arg) > NF_IFNAME_MAX - 1)
		return ipt_perr(p->c->err, "interface name `%s' must be shorter than IFNAMSIZ (%i)",
				arg, NF_IFNAME_MAX - 1);
	if (strpbrk(arg, "/ "))
		sb_printf(p->c->err, "Warning: weird character in interface `%s' ('/' and ' ' are not allowed by the kernel).\n",
			  arg);
	/* "+" alone matches every interface: it is no test at all */
	snprintf(dst, NF_IFNAME_MAX, "%s", strcmp(arg, "+") == 0 ? "" : arg);
	return 0;
}

/* -c PKTS BYTES */
static int parse_counters(struct parse *p, const char *pc)
{
	int rc;
	if ((rc = set_option(p, OPT_COUNTERS, NULL)))
		return rc;
	const char *bc = next_word(p);
	if (!bc)
		return ipt_perr(p->c->err, "-c requires packet and byte counter");
	char *end;
	errno = 0;
	unsigned long long v = strtoull(pc, &end, 10);
	if (*end || errno || !*pc)
		return ipt_perr(p->c->err, "-c packet counter not numeric");
	p->rule.pkts = v;
	v = strtoull(bc, &end, 10);
	if (*end || errno || !*bc)
		return ipt_perr(p->c->err, "-c byte counter not numeric");
	p->rule.bytes = v;
	return 0;
}

/* An option no built-in case took: an extension's, or the protocol's
 * match loaded on demand (command_default()). */
static int command_default(struct parse *p, int c)
{
	if (c == 0) {
		struct loaded *l = &p->ext[p->slot];
		void *data = l->e->is_target ? (void *)&p->rule.target
					     : (void *)&p->rule.matches[l->match_idx];
		bool inv = p->invert;
		p->invert = false;
		return l->e->parse(p->c->err, data, &l->seen, p->ext_id, p->optarg, inv, &p->optind,
				   p->argc, p->argv);
	}
	/* load_proto: -p tcp/udp/icmp brings its match the first time one
	 * of its options is seen, and the option is read again. */
	if (!p->proto_loaded && (p->options & OPT_PROTOCOL) && !p->rule.proto_inv) {
		const char *pn = p->rule.proto == 6 ? "tcp" : p->rule.proto == 17 ? "udp" :
				 p->rule.proto == 1 ? "icmp" : NULL;
		if (pn) {
			p->proto_loaded = true;
			int rc = load_ext(p, ipt_ext_find(pn, false));
			if (rc)
				return rc;
			p->optind--;
			p->nextchar = NULL;
			return -1;      /* read again */
		}
	}
	if (c == ':')
		return ipt_perr(p->c->err, "option \"%s\" requires an argument", p->argv[p->optind - 1]);
	return ipt_perr(p->c->err, "unknown option \"%s\"", p->argv[p->optind - 1]);
}

static int parse_loop(struct parse *p)
{
	int c, rc = 0;
	const char *w;
	while ((c = next_opt(p)) != -1) {
		switch (c) {
		case 'A':
			rc = add_command(p, CMD_APPEND, 0);
			p->chain = p->optarg;
			break;
		case 'C':
			rc = add_command(p, CMD_CHECK, 0);
			p->chain = p->optarg;
			break;
		case 'D':
			rc = add_command(p, CMD_DELETE, 0);
			p->chain = p->optarg;
			if (!rc && (w = next_word(p))) {
				rc = parse_rulenumber(p, w, &p->rulenum);
				p->command = CMD_DELETE_NUM;
			}
			break;
		case 'R':
			rc = add_command(p, CMD_REPLACE, 0);
			p->chain = p->optarg;
			if (!rc) {
				if ((w = next_word(p)))
					rc = parse_rulenumber(p, w, &p->rulenum);
				else
					rc = ipt_perr(p->c->err, "-R requires a rule number");
			}
			break;
		case 'I':
			rc = add_command(p, CMD_INSERT, 0);
			p->chain = p->optarg;
			p->rulenum = 1;
			if (!rc && (w = next_word(p)))
				rc = parse_rulenumber(p, w, &p->rulenum);
			break;
		case 'L':
		case 'S':
			rc = add_command(p, c == 'L' ? CMD_LIST : CMD_LIST_RULES, CMD_ZERO | CMD_ZERO_NUM);
			p->chain = p->optarg ? p->optarg : next_word(p);
			if (!rc && p->chain && (w = next_word(p)))
				rc = parse_rulenumber(p, w, &p->rulenum);
			break;
		case 'F':
			rc = add_command(p, CMD_FLUSH, 0);
			p->chain = p->optarg ? p->optarg : next_word(p);
			break;
		case 'Z':
			rc = add_command(p, CMD_ZERO, CMD_LIST | CMD_LIST_RULES);
			p->chain = p->optarg ? p->optarg : next_word(p);
			if (!rc && p->chain && (w = next_word(p))) {
				rc = parse_rulenumber(p, w, &p->rulenum);
				p->command = (p->command & ~(unsigned)CMD_ZERO) | CMD_ZERO_NUM;
			}
			break;
		case 'N':
			rc = add_command(p, CMD_NEW_CHAIN, 0);
			if (!rc && (p->optarg[0] == '-' || p->optarg[0] == '!'))
				rc = ipt_perr(p->c->err, "chain name not allowed to start with `%c'",
					      p->optarg[0]);
			else if (!rc && (!p->optarg[0] || is_standard_target(p->optarg) ||
					 ipt_ext_find(p->optarg, true) || ipt_target_unmodelled(p->optarg)))
				/* "" too: it is the name of iptables' standard target */
				rc = ipt_perr(p->c->err, "chain name may not clash with target name");
			else if (!rc && strpbrk(p->optarg, " \t\n\r\f\v"))
				rc = ipt_perr(p->c->err, "Invalid chain name `%s'", p->optarg);
			p->chain = p->optarg;
			break;
		case 'X':
			rc = add_command(p, CMD_DELETE_CHAIN, 0);
			p->chain = p->optarg ? p->optarg : next_word(p);
			break;
		case 'E':
			rc = add_command(p, CMD_RENAME_CHAIN, 0);
			p->chain = p->optarg;
			if (!rc && !(p->newname = next_word(p)))
				rc = ipt_perr(p->c->err, "-E requires old-chain-name and new-chain-name");
			break;
		case 'P':
			rc = add_command(p, CMD_SET_POLICY, 0);
			p->chain = p->optarg;
			if (!rc && !(p->policy = next_word(p)))
				rc = ipt_perr(p->c->err, "-P requires a chain and a policy");
			break;
		case 'h':
			sb_puts(p->c->out, help_text);
			return -100;    /* exit 0 */
		case 'V':
			sb_puts(p->c->out, "iptables v1.8.9 (nf_tables)\n");
			return -100;
		case 'p':
			rc = parse_proto(p, p->optarg);
			break;
		case 's':
			rc = set_option(p, OPT_SOURCE, &p->rule.src_inv);
			p->shost = p->optarg;
			break;
		case 'd':
			rc = set_option(p, OPT_DESTINATION, &p->rule.dst_inv);
			p->dhost = p->optarg;
			break;
		case 'j':
		case 'g':
			rc = parse_jump(p, p->optarg, c == 'g');
			break;
		case 'i':
			rc = parse_iface(p, p->optarg, OPT_VIANAMEIN, p->rule.in_if, &p->rule.in_inv);
			break;
		case 'o':
			rc = parse_iface(p, p->optarg, OPT_VIANAMEOUT, p->rule.out_if, &p->rule.out_inv);
			break;
		case 'f':
			rc = ipt_perr(p->c->err, "-f (fragments) is not modelled by wirelab");
			break;
		case 'm':
			rc = parse_match(p, p->optarg);
			break;
		case 'n':
			rc = set_option(p, OPT_NUMERIC, NULL);
			break;
		case 't':
			if (p->invert)
				rc = ipt_perr(p->c->err, "unexpected ! flag before --table");
			else if (p->restore)
				rc = ipt_perr(p->c->err, "The -t option cannot be used in iptables-restore.");
			p->table_name = p->optarg;
			break;
		case 'v':
			p->options |= OPT_VERBOSE;      /* -vv: more verbose, same here */
			break;
		case 'x':
			rc = set_option(p, OPT_EXPANDED, NULL);
			break;
		case '0':
			rc = set_option(p, OPT_LINENUMBERS, NULL);
			break;
		case 'c':
			rc = parse_counters(p, p->optarg);
			break;
		case 'w':
		case 'W':
			/* the xtables lock: nothing to wait for here; -w 5 and
			 * -W 100000 take the next word, as parse_wait_time() */
			if (!p->optarg)
				next_word(p);
			if (c == 'W')
				sb_puts(p->c->err, "Ignoring deprecated --wait-interval option.\n");
			break;
		case 'M':
		case '4':
			break;
		case '6':
			/* iptables-nft 1.8.9 prints only this line */
			sb_puts(p->c->err, IPT_TRY);
			return 2;
		case 1:
			if (p->optarg[0] == '!' && p->optarg[1] == '\0') {
				if (p->invert)
					return ipt_perr(p->c->err, "multiple consecutive ! not allowed");
				p->invert = true;
				continue;
			}
			sb_printf(p->c->err, "Bad argument `%s'\n%s", p->optarg, IPT_TRY);
			return 2;
		default:
			rc = command_default(p, c);
			if (rc == -1)
				continue;       /* read again, the `!` still pending */
			break;
		}
		if (rc)
			return rc;
		p->invert = false;
	}
	return 0;
}

/* __numeric_to_ipaddr: 1 to 4 dotted numbers 0..255, the missing ones
 * 0 ("10.1" is 10.1.0.0). */
static bool numeric_addr(const char *s, uint32_t *out)
{
	uint32_t a = 0;
	int parts = 0;
	const char *q = s;
	while (*q) {
		if (!isdigit((unsigned char)*q) || parts == 4)
			return false;
		unsigned v = 0;
		int digits = 0;
		while (isdigit((unsigned char)*q)) {
			v = v * 10 + (unsigned)(*q++ - '0');
			if (++digits > 3 || v > 255)
				return false;
		}
		a |= v << (24 - 8 * parts++);
		if (*q == '.') {
			q++;
			if (!*q)
				return false;
		} else if (*q) {
			return false;
		}
	}
	if (!parts)
		return false;
	*out = a;
	return true;
}

/* The IPv4 addresses /etc/hosts gives name (files only), in file
 * order, each once. */
static size_t hosts_lookup(struct node *n, const char *name, uint32_t *out, size_t max)
{
	struct strbuf hosts = { 0 };
	size_t k = 0;
	if (cmd_file_read(n, "/etc/hosts", &hosts) < 0) {
		sb_free(&hosts);
		return 0;
	}
	const char *l = sb_str(&hosts);
	while (l && *l && k < max) {
		const char *e = strchr(l, '\n');
		size_t ll = e ? (size_t)(e - l) : strlen(l);
		char line[512];
		snprintf(line, sizeof line, "%.*s", (int)(ll < sizeof line ? ll : sizeof line - 1), l);
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *save = NULL, *addr = strtok_r(line, " \t", &save);
		uint32_t a;
		if (addr && strchr(addr, '.') && numeric_addr(addr, &a))
			for (char *w = strtok_r(NULL, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
				if (strcasecmp(w, name) == 0) {
					bool dup = false;
					for (size_t i = 0; i < k; i++)
						dup |= out[i] == a;
					if (!dup)
						out[k++] = a;
					break;
				}
		l = e ? e + 1 : NULL;
	}
	sb_free(&hosts);
	return k;
}

/* xtables_ipparse_multiple for one -s/-d word: "A[/M][,A[/M]...]". */
static int parse_hosts(struct parse *p, const char *spec, uint32_t *addr, uint32_t *mask, size_t *n)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s", spec);
	*n = 0;
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (*n >= MAX_ADDRS)
			return ipt_perr(p->c->err, "too many addresses (wirelab takes %d)", MAX_ADDRS);
		char *slash = strchr(tok, '/');
		uint32_t m = 0xffffffffu, a;
		if (slash) {
			*slash = '\0';
			const char *ms = slash + 1;
			if (strchr(ms, '.')) {
				if (!numeric_addr(ms, &m))
					return ipt_perr(p->c->err, "host/network `%s' not found", ms);
			} else {
				char *end;
				long bits = strtol(ms, &end, 10);
				if (!isdigit((unsigned char)*ms) || *end || bits > 32)
					return ipt_perr(p->c->err, "invalid mask `%s' specified", ms);
				m = bits ? 0xffffffffu << (32 - bits) : 0;
			}
		}
		if (numeric_addr(tok, &a)) {
			addr[*n] = a & m;
			mask[*n] = m;
			(*n)++;
			continue;
		}
		/* a name: every IPv4 address /etc/hosts gives it, one rule each
		 * (getaddrinfo; wirelab's iptables asks no DNS server) */
		uint32_t found[MAX_ADDRS];
		size_t nf = hosts_lookup(p->c->node, tok, found, MAX_ADDRS);
		if (!nf)
			return ipt_perr(p->c->err, "host/network `%s' not found", tok);
		for (size_t k = 0; k < nf && *n < MAX_ADDRS; k++) {
			addr[*n] = found[k] & m;
			mask[*n] = m;
			(*n)++;
		}
	}
	if (*n == 0)
		return ipt_perr(p->c->err, "host/network `%s' not found", spec);
	return 0;
}

/* ---- after the command line ------------------------------------------------------ */

static int generic_opt_check(struct parse *p)
{
	for (int i = 0; i < N_OPTS; i++) {
		if (!(p->options & (1u << i)))
			continue;
		int legal = 0;
		for (int j = 0; j < N_CMDS; j++) {
			if (!(p->command & (1u << j)))
				continue;
			if (cmd_v_opt[j][i] != 'x')
				legal = 1;
			else if (legal == 0)
				legal = -1;
		}
		if (legal == -1)
			return ipt_perr(p->c->err, "Illegal option `-%c' with this command", optflags[i]);
	}
	return 0;
}

#define RULE_CMDS (CMD_APPEND | CMD_DELETE | CMD_INSERT | CMD_REPLACE | CMD_CHECK)

static int check_rule_parts(struct parse *p)
{
	struct strbuf *err = p->c->err;
	const char *ch = p->chain;
	if (p->options & OPT_VIANAMEOUT && (strcmp(ch, "PREROUTING") == 0 || strcmp(ch, "INPUT") == 0)) {
		sb_printf(err, IPT_PREFIX "Can't use -o with %s\n\n%s", ch, IPT_TRY);
		return 2;
	}
	if (p->options & OPT_VIANAMEIN && (strcmp(ch, "POSTROUTING") == 0 || strcmp(ch, "OUTPUT") == 0)) {
		sb_printf(err, IPT_PREFIX "Can't use -i with %s\n\n%s", ch, IPT_TRY);
		return 2;
	}
	for (size_t i = 0; i < p->rule.n_matches; i++) {
		int rc = ipt_match_check_proto(err, &p->rule.matches[i], p->rule.proto,
					       p->rule.proto_inv);
		if (rc)
			return rc;
	}
	const struct nf_target *t = &p->rule.target;
	if ((t->kind == NF_T_DNAT || t->kind == NF_T_SNAT || t->kind == NF_T_MASQUERADE) &&
	    t->u.nat.has_ports && p->rule.proto != 6 && p->rule.proto != 17)
		return ipt_perr(err, "Need TCP, UDP, SCTP or DCCP with port specification");
	return 0;
}

static void set_target(struct parse *p)
{
	struct nf_target *t = &p->rule.target;
	if (p->target_slot >= 0 || !p->jumpto)
		return;
	if (p->jump_goto) {
		/* -g ACCEPT is a goto to a chain named ACCEPT, which the
		 * engine does not find */
		t->kind = NF_T_GOTO;
		snprintf(t->chain_name, sizeof t->chain_name, "%s", p->jumpto);
	} else if (strcmp(p->jumpto, "ACCEPT") == 0)
		t->kind = NF_T_ACCEPT;
	else if (strcmp(p->jumpto, "DROP") == 0)
		t->kind = NF_T_DROP;
	else if (strcmp(p->jumpto, "RETURN") == 0)
		t->kind = NF_T_RETURN;
	else {
		t->kind = p->jump_goto ? NF_T_GOTO : NF_T_JUMP;
		snprintf(t->chain_name, sizeof t->chain_name, "%s", p->jumpto);
	}
}

/* The engine's refusal, as iptables prints it. */
static int engine_error(struct cmd_ctx *c, int rc)
{
	int st = nf_exit_status(c->node, rc);
	sb_printf(c->err, "%s\n", world_error(c->w));
	if (st == 2)
		sb_puts(c->err, IPT_TRY);
	return st ? st : 1;
}

static const char NO_CHAIN[] = "iptables: No chain/target/match by that name.\n";

/* -c PKTS BYTES: the engine keeps a copy of the rule with its counters
 * at zero (nf.h); the new rule's counters are set in place. */
static void set_counters(struct parse *p, enum nf_table_id table)
{
	struct nf_chain *ch = nf_chain_find(p->c->node, table, p->chain);
	size_t i;
	if (!ch || !ch->n_rules)
		return;
	if (p->command == CMD_APPEND)
		i = ch->n_rules - 1;
	else if (p->command == CMD_INSERT || p->command == CMD_REPLACE)
		i = p->rulenum - 1;
	else
		return;
	if (i < ch->n_rules) {
		ch->rules[i].pkts = p->rule.pkts;
		ch->rules[i].bytes = p->rule.bytes;
	}
}

static int run_rule_cmd(struct parse *p, enum nf_table_id table)
{
	struct cmd_ctx *c = p->c;
	uint32_t sa[MAX_ADDRS] = { 0 }, sm[MAX_ADDRS] = { 0 };
	uint32_t da[MAX_ADDRS] = { 0 }, dm[MAX_ADDRS] = { 0 };
	size_t ns = 1, nd = 1;
	int rc;
	if (p->shost && (rc = parse_hosts(p, p->shost, sa, sm, &ns)))
		return rc;
	if (p->dhost && (rc = parse_hosts(p, p->dhost, da, dm, &nd)))
		return rc;
	if (p->command == CMD_REPLACE && ns * nd > 1)
		return ipt_perr(c->err, "Replacement rule does not specify a unique address");
	for (size_t i = 0; i < ns; i++)
		for (size_t k = 0; k < nd; k++) {
			p->rule.src = sa[i];
			p->rule.src_mask = sm[i];
			p->rule.dst = da[k];
			p->rule.dst_mask = dm[k];
			if (p->options & OPT_VERBOSE)
				ipt_rule_print(c->out, &p->rule, 0,
					       IPT_FMT_NOCOUNTS | IPT_FMT_OPTIONS | IPT_FMT_VIA |
					       IPT_FMT_NUMERIC | IPT_FMT_NOTABLE, NULL);
			switch (p->command) {
			case CMD_APPEND: rc = nf_rule_append(c->node, table, p->chain, &p->rule); break;
			case CMD_INSERT:
				rc = nf_rule_insert(c->node, table, p->chain, p->rulenum, &p->rule);
				break;
			case CMD_REPLACE:
				rc = nf_rule_replace(c->node, table, p->chain, p->rulenum, &p->rule);
				break;
			case CMD_DELETE: rc = nf_rule_delete(c->node, table, p->chain, &p->rule); break;
			default: rc = nf_rule_check(c->node, table, p->chain, &p->rule); break;
			}
			if (rc)
				return engine_error(c, rc);
			if (p->options & OPT_COUNTERS)
				set_counters(p, table);
		}
	return 0;
}

static void each_chain_verbose(struct parse *p, enum nf_table_id table, const char *what)
{
	if (!(p->options & OPT_VERBOSE))
		return;
	const struct nf_table *t = nf_table_peek(p->c->node, table);
	if (p->chain) {
		sb_printf(p->c->out, "%s chain `%s'\n", what, p->chain);
		return;
	}
	for (size_t i = 0; t && i < t->n_chains; i++)
		sb_printf(p->c->out, "%s chain `%s'\n", what, t->chains[i]->name);
}

static int zero_cmd(struct parse *p, enum nf_table_id table)
{
	int rc = nf_chain_zero(p->c->node, table, p->chain);
	if (rc)
		return engine_error(p->c, rc);
	each_chain_verbose(p, table, "Zeroing");
	return 0;
}

static int run(struct parse *p, enum nf_table_id table)
{
	struct cmd_ctx *c = p->c;
	struct node *n = c->node;
	int rc = 0;
	unsigned fmt;
	switch (p->command) {
	case CMD_APPEND:
	case CMD_INSERT:
	case CMD_REPLACE:
	case CMD_DELETE:
	case CMD_CHECK:
		return run_rule_cmd(p, table);
	case CMD_DELETE_NUM:
		rc = nf_rule_delete_num(n, table, p->chain, p->rulenum);
		break;
	case CMD_LIST:
	case CMD_LIST | CMD_ZERO:
	case CMD_LIST | CMD_ZERO_NUM:
		fmt = IPT_FMT_OPTIONS;
		fmt |= (p->options & OPT_VERBOSE) ? IPT_FMT_VIA : IPT_FMT_NOCOUNTS;
		if (p->options & OPT_NUMERIC)
			fmt |= IPT_FMT_NUMERIC;
		if (!(p->options & OPT_EXPANDED))
			fmt |= IPT_FMT_KMG;
		if (p->options & OPT_LINENUMBERS)
			fmt |= IPT_FMT_LINENUMBERS;
		if ((rc = ipt_list(c, table, p->chain, p->rulenum, fmt)))
			return rc;
		return (p->command & CMD_ZERO) ? zero_cmd(p, table) : 0;
	case CMD_LIST_RULES:
	case CMD_LIST_RULES | CMD_ZERO:
	case CMD_LIST_RULES | CMD_ZERO_NUM:
		if ((rc = ipt_list_rules(c, table, p->chain, p->rulenum, p->options & OPT_VERBOSE)))
			return rc;
		return (p->command & CMD_ZERO) ? zero_cmd(p, table) : 0;
	case CMD_FLUSH:
		if ((rc = nf_chain_flush(n, table, p->chain)))
			break;
		each_chain_verbose(p, table, "Flushing");
		return 0;
	case CMD_ZERO:
		return zero_cmd(p, table);
	case CMD_ZERO_NUM: {
		struct nf_chain *ch = nf_chain_find(n, table, p->chain);
		if (!ch) {
			sb_puts(c->err, NO_CHAIN);
			return 1;
		}
		if (p->rulenum > ch->n_rules) {
			sb_puts(c->err, "iptables: Index of deletion too big.\n");
			return 1;
		}
		ch->rules[p->rulenum - 1].pkts = ch->rules[p->rulenum - 1].bytes = 0;
		return 0;
	}
	case CMD_NEW_CHAIN:
		rc = nf_chain_new(n, table, p->chain);
		break;
	case CMD_DELETE_CHAIN: {
		/* iptables-nft asks the kernel to delete a base chain too: one
		 * with rules is refused as busy; an empty one is deleted (and
		 * listed again as a fake built-in), or was never created
		 * (ENOENT, the engine's answer, which wirelab always gives). */
		struct nf_chain *ch = p->chain ? nf_chain_find(n, table, p->chain) : NULL;
		if (ch && ch->builtin && ch->n_rules) {
			sb_printf(c->err, IPT_PREFIX " CHAIN_DEL failed (Device or resource busy): chain %s\n",
				  ch->name);
			return 4;
		}
		char names[64][NF_CHAIN_NAME_MAX];
		size_t nn = 0;
		const struct nf_table *t = nf_table_peek(n, table);
		if (!p->chain)
			for (size_t i = 0; t && i < t->n_chains && nn < 64; i++)
				if (!t->chains[i]->builtin)
					snprintf(names[nn++], NF_CHAIN_NAME_MAX, "%s", t->chains[i]->name);
		if ((rc = nf_chain_delete(n, table, p->chain)))
			break;
		if (p->options & OPT_VERBOSE) {
			if (p->chain)
				sb_printf(c->out, "Deleting chain `%s'\n", p->chain);
			for (size_t i = 0; i < nn; i++)
				sb_printf(c->out, "Deleting chain `%s'\n", names[i]);
		}
		return 0;
	}
	case CMD_RENAME_CHAIN:
		if (strlen(p->newname) >= NF_CHAIN_NAME_MAX)
			return ipt_perr(c->err, "chain name `%s' too long (must be under %u chars)",
					p->newname, NF_CHAIN_NAME_MAX);
		rc = nf_chain_rename(n, table, p->chain, p->newname);
		break;
	case CMD_SET_POLICY: {
		enum nf_policy pol = NF_POLICY_ACCEPT;
		struct nf_chain *ch = nf_chain_find(n, table, p->chain);
		if (strcmp(p->policy, "DROP") == 0)
			pol = NF_POLICY_DROP;
		else if (strcmp(p->policy, "ACCEPT") != 0 && ch && ch->builtin) {
			sb_puts(c->err, "iptables: Bad policy name. Run `dmesg' for more information.\n");
			return 1;
		}
		rc = nf_chain_policy(n, table, p->chain, pol);
		/* iptables-nft sets the chain's counters with its policy: they
		 * start again at 0 (-c is ignored here, as by iptables-nft) */
		if (!rc && ch) {
			ch->policy_pkts = 0;
			ch->policy_bytes = 0;
		}
		break;
	}
	default:
		return ipt_perr(c->err, "no command specified");
	}
	return rc ? engine_error(c, rc) : 0;
}

static void parse_init(struct parse *p, struct cmd_ctx *c, int argc, char **argv)
{
	memset(p, 0, sizeof *p);
	p->c = c;
	p->argc = argc;
	p->argv = argv;
	p->optind = 1;
	p->target_slot = -1;
	p->table_name = "filter";
	for (size_t i = 0; i < N_GLOBAL; i++)
		p->lopts[p->n_lopts++] = global_opts[i];
	nf_rule_init(&p->rule);
}

static int do_command(struct parse *p)
{
	int rc = parse_loop(p);
	if (rc == -100)
		return 0;
	if (rc)
		return rc;
	struct strbuf *err = p->c->err;
	if (strcmp(p->table_name, "nat") == 0 &&
	    ((p->policy && strcmp(p->policy, "DROP") == 0) ||
	     (p->jumpto && strcmp(p->jumpto, "DROP") == 0)))
		return ipt_perr(err, "\nThe \"nat\" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n");
	for (size_t i = 0; i < p->n_ext; i++) {
		struct loaded *l = &p->ext[i];
		void *data = l->e->is_target ? (void *)&p->rule.target
					     : (void *)&p->rule.matches[l->match_idx];
		if (l->e->final && (rc = l->e->final(err, data, l->seen)))
			return rc;
	}
	if (p->optind < p->argc)
		return ipt_perr(err, "unknown arguments found on commandline");
	if (!p->command)
		return ipt_perr(err, "no command specified");
	if (p->invert)
		return ipt_perr(err, "nothing appropriate following !");
	if ((rc = generic_opt_check(p)))
		return rc;
	if (p->chain && strlen(p->chain) >= NF_CHAIN_NAME_MAX)
		return ipt_perr(err, "chain name `%s' too long (must be under %u chars)", p->chain,
				NF_CHAIN_NAME_MAX);
	if (p->command & RULE_CMDS) {
		if ((rc = check_rule_parts(p)))
			return rc;
		set_target(p);
	}
	int table = nf_table_by_name(p->table_name);
	if (table < 0) {
		sb_printf(err, IPT_PREFIX "table '%s' does not exist\n"
			  "Perhaps iptables or your kernel needs to be upgraded.\n", p->table_name);
		return 3;
	}
	if (p->dry_run)
		return 0;
	return run(p, (enum nf_table_id)table);
}

int ipt_do_command(struct cmd_ctx *c, int argc, char **argv, const char *restore_table,
		   bool dry_run)
{
	struct parse *p = wl_calloc(1, sizeof *p);
	parse_init(p, c, argc, argv);
	p->dry_run = dry_run;
	if (restore_table) {
		p->table_name = restore_table;
		p->restore = true;
	}
	int rc = do_command(p);
	nf_rule_clear(&p->rule);
	free(p);
	return rc;
}

int cmd_iptables(struct cmd_ctx *c)
{
	return ipt_do_command(c, c->argc, c->argv, NULL, false);
}
