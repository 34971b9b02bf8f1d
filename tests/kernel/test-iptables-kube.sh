#!/bin/bash
# Differential test against the Linux kernel: kube-proxy's iptables-mode
# chains (KUBE-SERVICES, KUBE-SVC, KUBE-SEP, KUBE-MARK-MASQ,
# KUBE-POSTROUTING, KUBE-FORWARD) set up with iptables and crossed by a
# client's pings to a Service address (cases/iptables-kube.sh): the traces
# on every interface (DNAT to the endpoint statistic picks, MASQUERADE of
# marked traffic, FORWARD by mark and by conntrack state, a FORWARD DROP
# policy for what is not a Service) and the counters of every rule.
# Exits 77 with a SKIP line when not root, when namespaces cannot be made,
# or when iptables is missing.
#
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-kernel.sh
. "$(dirname "$0")/lib-kernel.sh"
wlk_need_env
wl_need_cmd iptables
wlk_case iptables-kube
