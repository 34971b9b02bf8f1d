#!/bin/bash
# Differential test against the Linux kernel: cases/forward-off.sh
# (ip_forward 0: the same routed topology, but the router does not forward.)
# Runs the scenario in real network namespaces and in wirelab, compares the
# per-interface traces and the marked commands' output (docs/kernel-tests.md).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-kernel.sh"
wlk_need_env
wlk_case forward-off
