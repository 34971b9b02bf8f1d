#!/bin/bash
# Differential test against the Linux kernel: cases/lan-ping.sh
# (LAN ping: two namespaces, red and blue, on a bridge br0 in the host.)
# Runs the scenario in real network namespaces and in wirelab, compares the
# per-interface traces and the marked commands' output (docs/kernel-tests.md).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-kernel.sh"
wlk_need_env
wlk_case lan-ping
