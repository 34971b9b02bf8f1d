/* cmd_int.h — what the command implementations share (callers use cmd.h).
 *
 * Every command is a function taking a struct cmd_ctx: its argv, the node
 * it runs in, and two buffers for what it prints.  It returns its exit
 * status.  A command that must let simulated time pass (ping) starts a
 * foreground process, stores it in ctx->proc and returns; its output is
 * collected when it exits.
 *
 * Files, one per command family:
 *   cmd.c            lines: words, sequences, redirection, waiting
 *   cmd_table.c      the table of commands, `help`, "command not found"
 *   cmd_files.c      reading and writing files and /proc/sys for commands
 *   cmd_ip.c         `ip`: options (-n -4 -br -s -d -o) and objects
 *   cmd_ip_link.c    ip link          cmd_ip_addr.c    ip address
 *   cmd_ip_route.c   ip route         cmd_ip_neigh.c   ip neighbour
 *   cmd_ip_netns.c   ip netns         cmd_bridge.c     bridge fdb|link
 *   cmd_nettools.c   route -n, arp -n
 *   cmd_sysctl.c     sysctl           cmd_shell.c      cat, echo, hostname,
 *                                                     reboot, sleep, true, false
 *   cmd_ping.c       ping, traceroute cmd_getopt.c    getopt(3) for ping, host
 *   cmd_dig.c        dig, nslookup, host   cmd_getent.c  getent hosts|ahosts
 *   cmd_curl.c       curl
 *   cmd_iptables*.c  iptables, iptables-save, iptables-restore (cmd_nf_int.h)
 *   cmd_conntrack.c  conntrack
 */
#ifndef WL_CMD_INT_H
#define WL_CMD_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "util/strbuf.h"

struct world;
struct node;
struct proc;

struct cmd_ctx {
	struct world *w;
	struct node *node;              /* the namespace the command runs in */
	int argc;
	char **argv;                    /* argv[0] is the command's name */
	struct strbuf *out, *err;
	struct proc *proc;              /* set by a command that started a foreground process */
};

typedef int cmd_fn(struct cmd_ctx *c);

struct cmd_def {
	const char *name;
	cmd_fn *fn;
	const char *what;               /* one line for `help` */
};

const struct cmd_def *cmd_find(const char *name);

/* Run argv as a command in node n (for `ip netns exec`, `ip -n`). */
int cmd_exec_argv(struct cmd_ctx *c, struct node *n, int argc, char **argv);

/* Files as commands see them: /proc/sys/... is the node's sysctls (one
 * integer and a newline), everything else the node's file map.  Errors
 * are -ENOENT (no such file), -EINVAL (a value /proc/sys refuses). */
int cmd_file_read(struct node *n, const char *path, struct strbuf *to);
int cmd_file_write(struct node *n, const char *path, const char *data, bool append);

/* iproute2's matches(): arg is a non-empty prefix of keyword. */
bool cmd_matches(const char *arg, const char *keyword);

/* getopt(3) over c->argv's short options (cmd_getopt.c): optstring is
 * getopt's ("c:" takes an argument).  Start with a zeroed struct but for
 * optstring; each call returns the next option letter (its argument, if it
 * takes one, in arg), CMD_GETOPT_OPERAND (the word in arg),
 * CMD_GETOPT_UNKNOWN or CMD_GETOPT_MISSING (an unknown letter, or one
 * missing its argument: the letter in opt), or CMD_GETOPT_END. */
struct cmd_getopt {
	const char *optstring;
	int i, k;                       /* the word and the letter being read */
	bool only_operands;             /* after "--" */
	char opt;                       /* the letter just read */
	char *arg;
};
enum {
	CMD_GETOPT_END = -1,
	CMD_GETOPT_OPERAND = -2,
	CMD_GETOPT_UNKNOWN = -3,
	CMD_GETOPT_MISSING = -4,
};
int cmd_getopt_next(const struct cmd_ctx *c, struct cmd_getopt *g);

/* ---- `ip` ---------------------------------------------------------------- */

struct ip_opts {
	int family;                     /* 0 any, 4 (-4), 6 (-6), 1 (-0: link) */
	bool brief;                     /* -br */
	int stats;                      /* -s, counted */
	bool details;                   /* -d */
	bool oneline;                   /* -o */
	struct node *ns;                /* -n NAME resolved, else the node itself */
};

/* An address or prefix as get_addr_1()/get_prefix_1() read it. */
struct ipr_prefix {
	int family;             /* 0 (unspec), 4 or 6, as in struct ip_opts */
	int bitlen;             /* -1: an address without a length */
	bool len_given;         /* PREFIXLEN_SPECIFIED: "default" or "A/N" */
	uint32_t a;             /* IPv4, host order */
};

/* iproute2's readers (cmd_iparg.c), named after lib/utils.c's. */
const char *ipa_family_verbose(int family);
bool ipa_get_u32(uint32_t *val, const char *arg);
bool ipa_get_addr_ipv4(const char *cp, uint32_t *out);
bool ipa_get_addr_1(struct ipr_prefix *p, const char *name, int family);
int ipa_mask2bits(uint32_t mask);
bool ipa_get_netmask(unsigned *plen, const char *arg);
bool ipa_get_prefix_1(struct ipr_prefix *p, const char *arg, int family);

int cmd_ip(struct cmd_ctx *c);
/* The namespace NAME as `ip -n NAME`, `ip netns exec NAME` and `ip link set
 * DEV netns NAME` find it: one made by `ip netns add` on the same machine as
 * c->node (or the machine itself when it is named so).  NULL when none. */
struct node *cmd_find_netns(struct cmd_ctx *c, const char *name);
/* Each object gets argv after the object word (argv[0] is the object as typed). */
int ip_link(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv);
int ip_addr(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv);
int ip_route(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv);
int ip_neigh(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv);
int ip_netns(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv);
/* The lister `ip address show|flush` and `ip link show` share, as iproute2's
 * ipaddr_list_flush_or_save(): argv holds the words after the subcommand
 * (dev, up, master, type, to, scope, ...); link_only for `ip link`, flush
 * for `ip address flush` (cmd_ip_addr.c). */
int ip_addr_list(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv,
		 bool link_only, bool flush);
/* `ip link help`'s text, on err (cmd_ip_link.c). */
void ip_link_usage(struct strbuf *err);

/* ---- other commands ------------------------------------------------------ */

int cmd_bridge(struct cmd_ctx *c);
int cmd_route(struct cmd_ctx *c);      /* net-tools route */
int cmd_arp(struct cmd_ctx *c);        /* net-tools arp */
int cmd_sysctl(struct cmd_ctx *c);
int cmd_cat(struct cmd_ctx *c);
int cmd_echo(struct cmd_ctx *c);
int cmd_hostname(struct cmd_ctx *c);
int cmd_reboot(struct cmd_ctx *c);
int cmd_sleep(struct cmd_ctx *c);
int cmd_true(struct cmd_ctx *c);
int cmd_false(struct cmd_ctx *c);
int cmd_ping(struct cmd_ctx *c);
int cmd_traceroute(struct cmd_ctx *c);
int cmd_help(struct cmd_ctx *c);
int cmd_dig(struct cmd_ctx *c);        /* cmd_dig.c: dig, nslookup, host */
int cmd_nslookup(struct cmd_ctx *c);
int cmd_host(struct cmd_ctx *c);
int cmd_getent(struct cmd_ctx *c);     /* cmd_getent.c */
int cmd_curl(struct cmd_ctx *c);       /* cmd_curl.c */
int cmd_iptables(struct cmd_ctx *c);   /* cmd_iptables.c */
int cmd_iptables_save(struct cmd_ctx *c);      /* cmd_iptables_save.c */
int cmd_iptables_restore(struct cmd_ctx *c);
int cmd_conntrack(struct cmd_ctx *c);  /* cmd_conntrack.c */

#endif
