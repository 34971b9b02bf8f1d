#!/bin/bash
# Differential test against the Linux kernel: cases/arp-failure.sh
# (ARP failure: red pings an address nobody has.  Three broadcast who-has,)
# Runs the scenario in real network namespaces and in wirelab, compares the
# per-interface traces and the marked commands' output (docs/kernel-tests.md).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-kernel.sh"
wlk_need_env
wlk_case arp-failure
