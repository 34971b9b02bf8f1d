#!/bin/bash
# Differential test against the Linux kernel: cases/nat-masquerade.sh
# (a home router with `iptables -t nat -A POSTROUTING -o wan0 -j
# MASQUERADE`): ping and traceroute's UDP probes from a private LAN to a
# server with no route back.  Compared, as for every case
# (docs/kernel-tests.md): the packets on every interface, and the output
# of the marked commands.  On top of that:
#   - the translations themselves, across the router: on lan0 and wan0
#     the same echo ids and the same UDP source ports, the source
#     192.168.1.10 inside and 203.0.113.2 outside (the per-interface
#     comparison renames ids and ports, so it cannot see that);
#   - every frame of every trace decodes in tshark with good checksums;
#   - `conntrack -L`: lines sorted (the kernel lists in hash order), the
#     timeouts masked, ids and ports renamed per line in order of
#     appearance (so "the same id in both tuples" still shows).
# Skips (77) without root, namespaces, iptables, conntrack or traceroute
# (apt-get install iptables conntrack traceroute).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-kernel.sh
. "$(dirname "$0")/lib-kernel.sh"
# shellcheck source=tests/kernel/lib-nat.sh
. "$(dirname "$0")/lib-nat.sh"
wlk_need_env
wlnat_need_tools
wlnat_case nat-masquerade home-lan0 home-wan0
