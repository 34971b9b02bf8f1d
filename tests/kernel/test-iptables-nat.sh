#!/bin/bash
# Differential test against the Linux kernel: Docker's NAT rules set up
# with iptables (cases/iptables-nat.sh) and crossed by pings both ways:
# the traces on every interface (MASQUERADE rewriting the container's
# source, DNAT the client's destination, conntrack undoing both on the
# replies), and what iptables -L -v -x (the counters of every rule) and
# conntrack print afterwards.  lib-kernel.sh runs it in real namespaces and
# in wirelab.  Exits 77 with a SKIP line when not root, when namespaces
# cannot be made, or when iptables/conntrack are missing.
#
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-kernel.sh
. "$(dirname "$0")/lib-kernel.sh"
wlk_need_env
wl_need_cmd iptables conntrack
wlk_case iptables-nat
