/* cmd_nf_int.h — what the netfilter commands share: `iptables`
 * (cmd_iptables.c: the command line, as iptables-nft 1.8.9's do_parse()),
 * its extensions (cmd_iptables_ext.c: -m tcp/udp/icmp/multiport/
 * statistic/mark/conntrack/addrtype/comment and the targets REJECT, LOG,
 * MARK, DNAT, SNAT, MASQUERADE: their options, their -L text and their
 * iptables-save text), the listers (cmd_iptables_list.c: -L, -S,
 * iptables-save) and `conntrack` (cmd_conntrack.c).  The rule set itself
 * is net/nf.h's. */
#ifndef WL_CMD_NF_INT_H
#define WL_CMD_NF_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "net/nf.h"
#include "util/strbuf.h"

struct cmd_ctx;

#define IPT_PREFIX "iptables v1.8.9 (nf_tables): "
#define IPT_TRY "Try `iptables -h' or 'iptables --help' for more information.\n"

/* iptables' FMT_* bits (include/xtables.h), the listing format. */
enum {
	IPT_FMT_NUMERIC = 1 << 0,       /* -n */
	IPT_FMT_NOCOUNTS = 1 << 1,      /* no -v */
	IPT_FMT_KMG = 1 << 2,           /* no -x: 12K, 3M */
	IPT_FMT_OPTIONS = 1 << 3,
	IPT_FMT_NOTABLE = 1 << 4,       /* the one-line form of -v with -A/-I/-D/-R */
	IPT_FMT_NOTARGET = 1 << 5,
	IPT_FMT_VIA = 1 << 6,           /* in/out columns (-v) */
	IPT_FMT_LINENUMBERS = 1 << 8,
};

/* A parameter problem (xtables_error(PARAMETER_PROBLEM, ...)): writes
 * "iptables v1.8.9 (nf_tables): MSG\nTry `iptables -h' ..." to err and
 * returns 2, iptables' exit status for it. */
int ipt_perr(struct strbuf *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- extensions (cmd_iptables_ext.c) ------------------------------------ */

/* A long option an extension adds to getopt_long's table. */
struct ipt_opt {
	const char *name;
	int has_arg;                    /* 0 none, 1 required */
	int id;                         /* extension's own number */
};

/* An extension loaded for the rule being parsed (a match or the target). */
struct ipt_ext {
	const char *name;               /* "tcp", "DNAT", ... */
	bool is_target;
	const struct ipt_opt *opts;     /* NULL-terminated */
	/* Parse option id with argument arg (NULL for none); inv: a `!` came
	 * before it; next/argc/argv: what follows (--tcp-flags takes two
	 * words).  Returns 0 or an exit status (message in err). */
	int (*parse)(struct strbuf *err, void *data, unsigned *seen, int id, const char *arg,
		     bool inv, int *optind, int argc, char **argv);
	/* After the command line: required options ("must be specified"). */
	int (*final)(struct strbuf *err, void *data, unsigned seen);
};

/* The extension named name (a match when !target), or NULL. */
const struct ipt_ext *ipt_ext_find(const char *name, bool target);
/* Is name a target iptables knows but wirelab does not model? */
bool ipt_target_unmodelled(const char *name);
/* Is name a match iptables has but wirelab does not model? */
bool ipt_match_unmodelled(const char *name);

/* Start a match / target of that extension with its defaults. */
void ipt_match_init(struct nf_match *m, const struct ipt_ext *e);
void ipt_target_init(struct nf_target *t, const struct ipt_ext *e);
/* The protocol a match needs (tcp 6, udp 17, icmp 1), 0 if none; with
 * the message iptables prints when -p is missing or different. */
int ipt_match_check_proto(struct strbuf *err, const struct nf_match *m, uint8_t proto,
			  bool proto_inv);

/* -L text of a match / target (each piece starts with a space; proto:
 * the rule's -p, for service names), and the iptables-save text
 * (" --dport 80", " --to-destination 1.2.3.4:80"). */
void ipt_match_print(struct strbuf *o, const struct nf_match *m, uint8_t proto, unsigned fmt);
void ipt_target_print(struct strbuf *o, const struct nf_target *t, unsigned fmt);
void ipt_match_save(struct strbuf *o, const struct nf_match *m);
void ipt_target_save(struct strbuf *o, const struct nf_target *t);

/* ---- shared readers and printers (cmd_iptables_list.c) ------------------- */

/* /etc/services' name for a port, NULL if none (a built-in copy of
 * Debian 12's netbase for the common ones). */
const char *ipt_port_name(uint16_t port, uint8_t proto);
/* A port number or a service name (xtables_parse_port); -1 if neither. */
int ipt_parse_port(const char *s, uint8_t proto);
/* "tcp" for 6, NULL if no name (xtables_chain_protos, then /etc/protocols). */
const char *ipt_proto_name(uint8_t proto);

/* One rule in iptables-save form, without "-A CHAIN" (starts with a
 * space when non-empty); with counters as -S -v puts them (" -c P B"
 * before the target) when counters is true. */
void ipt_rule_save(struct strbuf *o, const struct nf_rule *r, bool counters);
/* One rule in -L form (fmt IPT_FMT_*), num for --line-numbers; hosts:
 * the node's /etc/hosts text for names without -n (NULL: none). */
void ipt_rule_print(struct strbuf *o, const struct nf_rule *r, unsigned num, unsigned fmt,
		    const char *hosts);

/* iptables -L [chain [num]] / -S [chain [num]] for a table, as
 * iptables-nft prints them.  chain NULL: every chain.  num 0: every rule.
 * Returns the exit status (messages in err). */
int ipt_list(struct cmd_ctx *c, enum nf_table_id table, const char *chain, unsigned num,
	     unsigned fmt);
int ipt_list_rules(struct cmd_ctx *c, enum nf_table_id table, const char *chain, unsigned num,
		   bool counters);
/* The "*table" block of iptables-save (header to COMMIT and Completed). */
void ipt_save_table(struct cmd_ctx *c, const struct nf_table *t, bool counters);
/* The same for table id, its empty built-in chains if never used. */
void ipt_save_table_id(struct cmd_ctx *c, enum nf_table_id id, bool counters);

/* ---- iptables-restore (cmd_iptables.c) ---------------------------------- */

/* Parse and run one iptables command line (argv[0] "iptables");
 * restore_table: the table of an iptables-restore block (then -t is
 * refused); dry_run: check the line as iptables parses it, change
 * nothing.  Returns the exit status. */
int ipt_do_command(struct cmd_ctx *c, int argc, char **argv, const char *restore_table,
		   bool dry_run);

#endif
