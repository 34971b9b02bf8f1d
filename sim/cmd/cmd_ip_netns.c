/* cmd_ip_netns.c — `ip netns` as iproute2 6.1 has it (ip/ipnetns.c).
 *
 *   ip netns add NAME        a new namespace of this machine: only lo, down
 *   ip netns del NAME        gone, with its veths (and their peers, as Linux
 *                            destroys both ends); a cabled NIC returns to
 *                            the machine, as Linux returns physical devices
 *                            to the initial namespace.  Only from the
 *                            machine: a line running inside a namespace
 *                            must not see its node vanish
 *   ip netns [list|show]     newest first, as readdir() lists /run/netns on
 *                            Debian 12 (tmpfs); "NAME (id: N)" when the
 *                            viewing namespace has an id for it
 *   ip netns exec NAME CMD   CMD run in NAME (/etc/netns/NAME/ files first)
 *   ip netns identify [PID], ip netns pids NAME, ip netns list-id
 *
 * Namespace ids (the "(id: N)") are what the kernel allocates, in the
 * viewing namespace, for a namespace a device of it is linked with — when a
 * veth end is moved out of it or has its peer over there.  The engine keeps
 * no such table, so they are worked out from the veths as they stand: the
 * machine has an id for every namespace holding a veth whose peer lies
 * outside it (the curriculum's "create the pair here, move each end into a
 * namespace"), numbered in the order the namespaces were made; a namespace
 * has one for each namespace its veths lead to, in device order.  Linux
 * keeps ids once given, and gives none for a pair made directly between two
 * namespaces with `ip -n`; DIVERGENCES in the report list such cases.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/cmd_int.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "proc/proc.h"

static int netns_usage(struct cmd_ctx *c)
{
	sb_puts(c->err, "Usage:\tip netns list\n"
			"\tip netns add NAME\n"
			"\tip netns attach NAME PID\n"
			"\tip netns set NAME NETNSID\n"
			"\tip [-all] netns delete [NAME]\n"
			"\tip netns identify [PID]\n"
			"\tip netns pids NAME\n"
			"\tip [-all] netns exec [NAME] cmd ...\n"
			"\tip netns monitor\n"
			"\tip netns list-id [target-nsid POSITIVE-INT] [nsid POSITIVE-INT]\n"
			"NETNSID := auto | POSITIVE-INT\n");
	return 255;
}

/* A namespace made by `ip netns add` on the machine m, by name. */
static struct node *netns_of(struct world *w, struct node *m, const char *name)
{
	struct node *n = world_node(w, name);
	return n && n->machine == m ? n : NULL;
}

/* ---- namespace ids ----------------------------------------------------------- */

/* Does n hold a veth whose peer is in `to` (any node other than n when
 * to is NULL)? */
static bool veth_to(const struct node *n, const struct node *to)
{
	for (size_t i = 0; i < n->n_devs; i++) {
		const struct netdev *d = n->devs[i];
		if (d->kind != ND_VETH || !d->peer || d->peer->node == n)
			continue;
		if (!to || d->peer->node == to)
			return true;
	}
	return false;
}

/* The id `viewer` has for `target`, or -1 (see the top of the file). */
static int nsid_of(struct world *w, struct node *viewer, struct node *target)
{
	if (viewer == target)
		return -1;
	int id = 0;
	if (!viewer->machine) {
		/* The machine: its namespaces that are wired to something. */
		for (size_t i = 0; i < w->n_nodes; i++) {
			struct node *t = w->nodes[i];
			if (t->machine != viewer)
				continue;
			if (veth_to(t, NULL) || veth_to(viewer, t)) {
				if (t == target)
					return id;
				id++;
			}
		}
		return -1;
	}
	/* A namespace: the nodes its veths lead to, in device order. */
	struct node *seen[64];
	int n_seen = 0;
	for (size_t i = 0; i < viewer->n_devs && n_seen < 64; i++) {
		const struct netdev *d = viewer->devs[i];
		if (d->kind != ND_VETH || !d->peer || d->peer->node == viewer)
			continue;
		struct node *p = d->peer->node;
		bool dup = false;
		for (int k = 0; k < n_seen; k++)
			dup |= seen[k] == p;
		if (dup)
			continue;
		if (p == target)
			return n_seen;
		seen[n_seen++] = p;
	}
	return -1;
}

/* ---- subcommands ---------------------------------------------------------- */

static int netns_list(struct cmd_ctx *c, const struct ip_opts *o)
{
	struct world *w = c->w;
	struct node *m = node_machine(o->ns);
	/* Newest first: tmpfs lists a directory's newest entry first. */
	for (size_t i = w->n_nodes; i-- > 0;) {
		struct node *t = w->nodes[i];
		if (t->machine != m)
			continue;
		int id = nsid_of(w, o->ns, t);
		if (id >= 0)
			sb_printf(c->out, "%s (id: %d)\n", t->name, id);
		else
			sb_printf(c->out, "%s\n", t->name);
	}
	return 0;
}

static int netns_list_id(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	if (argc > 0)
		return netns_usage(c);
	(void)argv;
	struct world *w = c->w;
	struct node *m = node_machine(o->ns);
	/* Every node the viewer has an id for, by id. */
	for (int want = 0;; want++) {
		struct node *found = NULL;
		for (size_t i = 0; i < w->n_nodes && !found; i++) {
			struct node *t = w->nodes[i];
			if ((t == m || t->machine == m) && nsid_of(w, o->ns, t) == want)
				found = t;
		}
		if (!found)
			break;
		if (found->machine)
			sb_printf(c->out, "nsid %d (iproute2 netns name: %s)\n", want, found->name);
		else
			sb_printf(c->out, "nsid %d \n", want);
	}
	return 0;
}

static int netns_add(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	if (argc < 1) {
		sb_puts(c->err, "No netns name specified\n");
		return 1;
	}
	const char *name = argv[0];
	struct node *m = node_machine(o->ns);
	struct node *other = world_node(c->w, name);
	if (other && other->machine == m) {
		sb_printf(c->err, "Cannot create namespace file \"/run/netns/%s\": File exists\n", name);
		return 1;
	}
	if (other) {
		/* Linux would allow it (names are per machine); wirelab's names
		 * are world-wide, since they name the traces. */
		sb_printf(c->err, "wirelab: \"%s\" is already the name of a node of this world; "
				  "give the namespace another name\n", name);
		return 1;
	}
	if (!node_netns_add(m, name)) {
		sb_printf(c->err, "wirelab: cannot add namespace \"%s\": %s\n", name, world_error(c->w));
		return 1;
	}
	return 0;
}

static int netns_delete(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	if (argc < 1) {
		sb_puts(c->err, "No netns name specified\n");
		return 1;
	}
	const char *name = argv[0];
	struct node *m = node_machine(o->ns);
	struct node *ns = netns_of(c->w, m, name);
	if (!ns) {
		sb_printf(c->err, "Cannot remove namespace file \"/run/netns/%s\": "
				  "No such file or directory\n", name);
		return 1;
	}
	if (c->node->machine) {
		/* Linux keeps a namespace alive while something runs in it.
		 * Here the command line running in a namespace could lose the
		 * node under its feet (this one, or the one an `ip netns exec`
		 * came from), so namespaces are deleted from the machine. */
		sb_printf(c->err, "wirelab: ip netns del %s: this command runs in namespace %s; "
				  "delete namespaces from %s itself\n", name, c->node->name, m->name);
		return 1;
	}
	/* default_device_exit(): physical devices go back to the initial
	 * namespace (renamed "devN" when their name is taken there); veths
	 * and bridges are destroyed, a veth taking its peer with it. */
	for (size_t i = ns->n_devs; i-- > 0;) {
		struct netdev *d = ns->devs[i];
		if (d->kind != ND_ETH)
			continue;
		if (node_dev(m, d->name)) {
			char fresh[IFNAMSIZ];
			snprintf(fresh, sizeof fresh, "dev%d", d->ifindex);
			netdev_set_up(d, false);
			if (node_dev(m, fresh) || netdev_rename(d, fresh) != 0)
				continue;       /* no name free: it is destroyed with the namespace */
		}
		netdev_move(d, m);
	}
	trace_table(c->w, m, NULL, "netns", "del", "%s", name);
	node_free(ns);
	return 0;
}

static int netns_exec(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	if (argc < 1) {
		sb_puts(c->err, "No netns name specified\n");
		return 1;
	}
	if (argc < 2) {
		sb_puts(c->err, "No command specified\n");
		return 1;
	}
	const char *name = argv[0];
	/* Only a namespace in /run/netns: the machine itself has no name
	 * there (and running a machine's reboot from inside one of its
	 * namespaces would pull the line's own node away). */
	struct node *ns = netns_of(c->w, node_machine(o->ns), name);
	if (!ns) {
		sb_printf(c->err, "Cannot open network namespace \"%s\": No such file or directory\n",
			  name);
		return 255;
	}
	int k = 1;
	while (k < argc && strcmp(argv[k], "sudo") == 0)
		k++;
	if (k < argc && !cmd_lookup(c->w, argv[k])) {
		const char *const *names = cmd_names();
		sb_printf(c->err, "exec of \"%s\" failed: No such file or directory\n", argv[k]);
		sb_printf(c->err, "wirelab: %s: command not found (wirelab has:", argv[k]);
		for (int i = 0; names[i]; i++)
			sb_printf(c->err, " %s", names[i]);
		sb_puts(c->err, ")\n");
		return 1;
	}
	return cmd_exec_argv(c, ns, argc - 1, argv + 1);
}

static bool all_digits(const char *s)
{
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static int netns_identify(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	struct node *where = o->ns;
	if (argc > 1) {
		sb_puts(c->err, "extra arguments specified\n");
		return 1;
	}
	if (argc == 1) {
		if (!all_digits(argv[0])) {
			sb_printf(c->err, "Specified string '%s' is not a pid\n", argv[0]);
			return 1;
		}
		long pid = strtol(argv[0], NULL, 10);
		where = NULL;
		for (size_t i = 0; i < c->w->n_nodes && !where; i++)
			for (struct proc *p = c->w->nodes[i]->procs; p; p = p->next)
				if (p->running && p->pid == pid)
					where = c->w->nodes[i];
		if (!where) {
			sb_puts(c->err, "Cannot open network namespace: No such file or directory\n");
			return 1;
		}
	}
	if (where->machine)
		sb_printf(c->out, "%s\n", where->name);
	else
		sb_puts(c->out, "\n");
	return 0;
}

static int netns_pids(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	if (argc < 1) {
		sb_puts(c->err, "No netns name specified\n");
		return 1;
	}
	if (argc > 1) {
		sb_puts(c->err, "extra arguments specified\n");
		return 1;
	}
	struct node *ns = netns_of(c->w, node_machine(o->ns), argv[0]);
	if (!ns) {
		sb_puts(c->err, "Cannot open network namespace: No such file or directory\n");
		return 1;
	}
	/* /proc is walked in pid order. */
	int last = 0;
	for (;;) {
		int next = 0;
		for (struct proc *p = ns->procs; p; p = p->next)
			if (p->running && p->pid > last && (!next || p->pid < next))
				next = p->pid;
		if (!next)
			break;
		sb_printf(c->out, "%d\n", next);
		last = next;
	}
	return 0;
}

/* Linux's rule for a name under /run/netns. */
static bool invalid_name(const char *name)
{
	return !*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..");
}

int ip_netns(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	argc--, argv++;         /* past "netns" */
	if (argc < 1)
		return netns_list(c, o);
	if (argc > 1 && invalid_name(argv[1])) {
		sb_printf(c->err, "Invalid netns name \"%s\"\n", argv[1]);
		return 255;
	}
	const char *cmd = argv[0];
	argc--, argv++;
	if (cmd_matches(cmd, "list") || cmd_matches(cmd, "show") || cmd_matches(cmd, "lst"))
		return netns_list(c, o);
	if (cmd_matches(cmd, "list-id"))
		return netns_list_id(c, o, argc, argv);
	if (cmd_matches(cmd, "help"))
		return netns_usage(c);
	if (cmd_matches(cmd, "add"))
		return netns_add(c, o, argc, argv);
	if (cmd_matches(cmd, "set")) {
		if (argc < 1) {
			sb_puts(c->err, "No netns name specified\n");
			return 1;
		}
		if (argc < 2) {
			sb_puts(c->err, "No nsid specified\n");
			return 1;
		}
		sb_puts(c->err, "wirelab: ip netns set is not modelled (ids follow the veths: "
				"ip netns list shows them)\n");
		return 1;
	}
	if (cmd_matches(cmd, "delete"))
		return netns_delete(c, o, argc, argv);
	if (cmd_matches(cmd, "identify"))
		return netns_identify(c, o, argc, argv);
	if (cmd_matches(cmd, "pids"))
		return netns_pids(c, o, argc, argv);
	if (cmd_matches(cmd, "exec"))
		return netns_exec(c, o, argc, argv);
	if (cmd_matches(cmd, "monitor") || cmd_matches(cmd, "attach")) {
		sb_printf(c->err, "wirelab: ip netns %s is not modelled (wirelab has: ip netns add, "
				  "del, list, exec, identify, pids, list-id)\n", cmd);
		return 255;
	}
	sb_printf(c->err, "Command \"%s\" is unknown, try \"ip netns help\".\n", cmd);
	return 255;
}
