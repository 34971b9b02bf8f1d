/* restart.c — a node's reboot; what survives is listed in restart.h. */
#include "proc/restart.h"

#include <string.h>

#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "dev/node_files.h"
#include "net/nf.h"
#include "net/sysctl.h"
#include "proc/proc.h"

void node_restart(struct node *n)
{
	struct world *w = n->w;
	trace_table(w, n, NULL, "node", "restart", "%s is rebooting", n->name);
	/* Processes die (they stay listed, exited, for a scenario's handles). */
	for (struct proc *p = n->procs; p; p = p->next)
		proc_kill(p);
	/* Namespaces made on this machine vanish with it. */
	for (size_t i = w->n_nodes; i-- > 0;)
		if (w->nodes[i]->machine == n)
			node_free(w->nodes[i]);
	/* Virtual devices are gone; hardware goes down and forgets its addresses. */
	/* Deleting a veth takes its peer along, possibly from this very list:
	 * look again from the start after each deletion. */
	for (;;) {
		struct netdev *victim = NULL;
		for (size_t i = n->n_devs; i-- > 0 && !victim;)
			if (n->devs[i]->kind == ND_VETH || n->devs[i]->kind == ND_BRIDGE)
				victim = n->devs[i];
		if (!victim)
			break;
		netdev_del(victim);
	}
	for (size_t i = 0; i < n->n_devs; i++) {
		struct netdev *d = n->devs[i];
		netdev_set_up(d, false);
		while (d->addrs)
			netdev_addr_del(d, d->addrs->addr, d->addrs->plen);
	}
	/* Connections vanish without a RST, as with a power cut. */
	tcp_table_free(n);
	tcp_table_init(&n->tcp);
	frag_table_free(n);             /* half-built datagrams and learnt path MTUs */
	nf_state_free(n);               /* iptables rules and conntrack entries: not saved */
	sysctl_defaults(&n->sysctl);
	size_t len;
	const char *host = node_file_read(n, "/etc/hostname", &len);
	if (host && len) {
		size_t k = strcspn(host, "\n");
		if (k >= sizeof n->hostname)
			k = sizeof n->hostname - 1;
		memcpy(n->hostname, host, k);
		n->hostname[k] = '\0';
	}
	const char *conf = node_file_read(n, "/etc/sysctl.conf", NULL);
	if (conf)
		sysctl_load_conf(n, conf, NULL, NULL);
	netdev_set_up(n->lo, true);
	trace_table(w, n, NULL, "node", "booted", "%s is up again", n->name);
}
