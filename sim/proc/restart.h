/* restart.h — rebooting a node (`reboot`, or node:restart() in Lua).
 *
 * What a reboot keeps: the machine's hardware devices (lo and its cabled
 * NICs, still cabled) and its files.  What it loses: everything set at
 * run time — addresses, routes, neighbours, FDB entries, virtual devices
 * (veth, bridges), namespaces made with `ip netns add`, sysctls changed
 * with `sysctl -w` or `echo > /proc/sys/...` — and its processes.  Then,
 * as systemd-sysctl does at boot, /etc/sysctl.conf is applied, and lo is
 * brought up; the NICs stay down (no interface configuration is modelled).
 * This is the persistence lesson: ip_forward set in the file survives.
 */
#ifndef WL_RESTART_H
#define WL_RESTART_H

struct node;

void node_restart(struct node *n);

#endif
