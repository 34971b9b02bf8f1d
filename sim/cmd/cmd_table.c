/* cmd_table.c — the commands wirelab understands, and `help`. */
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/cmd_int.h"

static const struct cmd_def table[] = {
	{ "ip", cmd_ip, "show and change devices, addresses, routes, neighbours, namespaces" },
	{ "bridge", cmd_bridge, "show a bridge's forwarding database and ports" },
	{ "sysctl", cmd_sysctl, "read and set kernel parameters (net.ipv4.ip_forward, ...)" },
	{ "ping", cmd_ping, "send ICMP echo requests (iputils)" },
	{ "traceroute", cmd_traceroute, "print the route packets take (UDP probes from port 33434)" },
	{ "dig", cmd_dig, "ask a DNS server one question (BIND 9.18 dig)" },
	{ "nslookup", cmd_nslookup, "look a name up in DNS (BIND 9.18 nslookup)" },
	{ "host", cmd_host, "look a name up in DNS, briefly (BIND 9.18 host)" },
	{ "getent", cmd_getent, "look a name up as programs do: /etc/hosts, then DNS (getent hosts|ahosts)" },
	{ "curl", cmd_curl, "fetch a URL over HTTP/1.1 (curl 7.88)" },
	{ "iptables", cmd_iptables, "packet filtering and NAT rules (iptables 1.8.9, nf_tables)" },
	{ "iptables-save", cmd_iptables_save, "print the iptables rule set in iptables-restore form" },
	{ "iptables-restore", cmd_iptables_restore, "load a rule set from a file (iptables-save form)" },
	{ "conntrack", cmd_conntrack, "list and delete tracked connections (conntrack-tools 1.4.7)" },
	{ "route", cmd_route, "show the routing table the net-tools way (route -n)" },
	{ "arp", cmd_arp, "show the ARP cache the net-tools way (arp -n)" },
	{ "cat", cmd_cat, "print files: /etc/hosts, /etc/resolv.conf, /proc/sys/net/..." },
	{ "echo", cmd_echo, "print its arguments (echo 1 > /proc/sys/net/ipv4/ip_forward)" },
	{ "hostname", cmd_hostname, "print the host name" },
	{ "reboot", cmd_reboot, "restart the node: runtime settings are lost, files kept" },
	{ "sleep", cmd_sleep, "let simulated time pass" },
	{ "true", cmd_true, "do nothing, successfully" },
	{ "false", cmd_false, "do nothing, unsuccessfully" },
	{ "help", cmd_help, "list these commands" },
};

#define N_CMDS (sizeof table / sizeof table[0])

const struct cmd_def *cmd_find(const char *name)
{
	for (size_t i = 0; i < N_CMDS; i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

const char *const *cmd_names(void)
{
	static const char *names[N_CMDS + 1];
	for (size_t i = 0; i < N_CMDS; i++)
		names[i] = table[i].name;
	names[N_CMDS] = NULL;
	return names;
}

int cmd_help(struct cmd_ctx *c)
{
	sb_puts(c->out, "Commands wirelab understands (as on Debian 12):\n");
	for (size_t i = 0; i < N_CMDS; i++)
		sb_printf(c->out, "  %-11s %s\n", table[i].name, table[i].what);
	/* and those a shipped Lua module adds (cmd_ext.c) */
	const char *name, *what;
	for (size_t i = 0; (name = cmd_ext_name(c->w, i, &what)); i++)
		sb_printf(c->out, "  %-11s %s\n", name, what);
	return 0;
}
