/* cmd_ip.c — `ip [OPTIONS] OBJECT COMMAND`: iproute2 6.1's option loop and
 * object table (ip/ip.c), so abbreviations resolve as they do there:
 * `ip a` is address, `ip r` route, `ip n` neighbour, `ip l` link. */
#include <string.h>

#include "cmd/cmd_int.h"
#include "core/world.h"
#include "dev/node.h"

static void ip_usage(struct strbuf *err)
{
	sb_puts(err,
		"Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       ip [ -force ] -batch filename\n"
		"where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |\n"
		"                   link | macsec | maddress | monitor | mptcp | mroute | mrule |\n"
		"                   neighbor | neighbour | netconf | netns | nexthop | ntable |\n"
		"                   ntbl | route | rule | sr | tap | tcpmetrics |\n"
		"                   token | tunnel | tuntap | vrf | xfrm }\n"
		"       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |\n"
		"                    -h[uman-readable] | -iec | -j[son] | -p[retty] |\n"
		"                    -f[amily] { inet | inet6 | mpls | bridge | link } |\n"
		"                    -4 | -6 | -M | -B | -0 |\n"
		"                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |\n"
		"                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |\n"
		"                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |\n"
		"                    -c[olor]}\n");
}

/* cmd_int.h: the namespace NAME as ip(8) finds it in /var/run/netns. */
struct node *cmd_find_netns(struct cmd_ctx *c, const char *name)
{
	struct node *n = world_node(c->w, name);
	struct node *m = node_machine(c->node);
	if (!n || (n->machine != m && n != m))
		return NULL;
	return n;
}

/* iproute2's matches(): the option as typed may be any prefix of the word
 * (a leading "--" works like "-"). */
static bool opt_is(const char *opt, const char *word)
{
	return cmd_matches(opt, word);
}

typedef int ip_object_fn(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv);

static const struct {
	const char *name;
	ip_object_fn *fn;       /* NULL: a real object wirelab does not model */
} objects[] = {
	{ "address", ip_addr }, { "addrlabel", NULL }, { "maddress", NULL },
	{ "route", ip_route }, { "rule", NULL }, { "neighbor", ip_neigh },
	{ "neighbour", ip_neigh }, { "ntable", NULL }, { "ntbl", NULL }, { "link", ip_link },
	{ "l2tp", NULL }, { "fou", NULL }, { "ila", NULL }, { "macsec", NULL },
	{ "tunnel", NULL }, { "tunl", NULL }, { "tuntap", NULL }, { "tap", NULL },
	{ "token", NULL }, { "tcpmetrics", NULL }, { "tcp_metrics", NULL }, { "monitor", NULL },
	{ "xfrm", NULL }, { "mroute", NULL }, { "mrule", NULL }, { "netns", ip_netns },
	{ "netconf", NULL }, { "vrf", NULL }, { "sr", NULL }, { "nexthop", NULL },
	{ "mptcp", NULL }, { "ioam", NULL }, { "help", NULL }, { "stats", NULL },
};

int cmd_ip(struct cmd_ctx *c)
{
	struct ip_opts o = { .ns = c->node };
	int argc = c->argc - 1;
	char **argv = c->argv + 1;
	while (argc > 0 && argv[0][0] == '-') {
		const char *opt = argv[0];
		if (opt[1] == '-')
			opt++;
		if (strcmp(opt, "--") == 0 || strcmp(opt, "-") == 0) {
			argc--, argv++;
			break;
		}
		if (strcmp(opt, "-4") == 0) {
			o.family = 4;
		} else if (strcmp(opt, "-6") == 0) {
			o.family = 6;
		} else if (strcmp(opt, "-0") == 0) {
			o.family = 1;
		} else if (opt_is(opt, "-family")) {
			if (argc < 2) {
				sb_puts(c->err, "Command line is not complete. Try option \"help\"\n");
				return 255;
			}
			argc--, argv++;
			if (strcmp(argv[0], "inet") == 0)
				o.family = 4;
			else if (strcmp(argv[0], "inet6") == 0)
				o.family = 6;
			else if (strcmp(argv[0], "link") == 0)
				o.family = 1;
			else {
				sb_printf(c->err, "Error: argument \"%s\" is wrong: invalid protocol family\n",
					  argv[0]);
				return 255;
			}
		} else if (opt_is(opt, "-human") || opt_is(opt, "-human-readable") ||
			   opt_is(opt, "-iec") || opt_is(opt, "-resolve") || opt_is(opt, "-Numeric") ||
			   opt_is(opt, "-force") || opt_is(opt, "-pretty") || opt_is(opt, "-color")) {
			/* Accepted; wirelab prints numbers plainly and without colour. */
		} else if (opt_is(opt, "-stats") || opt_is(opt, "-statistics")) {
			o.stats++;
		} else if (opt_is(opt, "-details")) {
			o.details = true;
		} else if (opt_is(opt, "-oneline")) {
			o.oneline = true;
		} else if (opt_is(opt, "-Version")) {
			sb_puts(c->out, "ip utility, iproute2-6.1.0, libbpf 1.1.2\n");
			return 0;
		} else if (opt_is(opt, "-brief")) {
			o.brief = true;
		} else if (opt_is(opt, "-help")) {
			ip_usage(c->err);
			return 255;
		} else if (opt_is(opt, "-netns")) {
			const char *name = argc > 1 ? argv[1] : "(null)";
			struct node *ns = argc > 1 ? cmd_find_netns(c, name) : NULL;
			if (!ns) {
				sb_printf(c->err,
					  "Cannot open network namespace \"%s\": No such file or directory\n",
					  name);
				return 255;
			}
			o.ns = ns;
			argc--, argv++;
		} else if (opt_is(opt, "-json") || opt_is(opt, "-batch") || opt_is(opt, "-timestamp") ||
			   opt_is(opt, "-tshort") || opt_is(opt, "-loops") || opt_is(opt, "-rcvbuf") ||
			   opt_is(opt, "-all") || strcmp(opt, "-M") == 0 || strcmp(opt, "-B") == 0) {
			sb_printf(c->err, "wirelab: ip %s is not supported here\n", argv[0]);
			return 255;
		} else {
			sb_printf(c->err, "Option \"%s\" is unknown, try \"ip -help\".\n", argv[0]);
			return 255;
		}
		argc--, argv++;
	}
	if (argc == 0) {
		ip_usage(c->err);
		return 255;
	}
	for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++) {
		if (!cmd_matches(argv[0], objects[i].name))
			continue;
		if (strcmp(objects[i].name, "help") == 0) {
			ip_usage(c->err);
			return 255;
		}
		if (!objects[i].fn) {
			sb_printf(c->err,
				  "wirelab: ip %s is not modelled (wirelab has: ip address, ip link, "
				  "ip route, ip neighbour, ip netns)\n", objects[i].name);
			return 255;
		}
		return objects[i].fn(c, &o, argc, argv);
	}
	sb_printf(c->err, "Object \"%s\" is unknown, try \"ip help\".\n", argv[0]);
	return 1;
}
