#!/bin/bash
# Differential test against the Linux kernel: cases/neigh-probe.sh
# (The neighbour entry after more than 30 s, and the unicast probe.)
# Runs the scenario in real network namespaces and in wirelab, compares the
# per-interface traces and the marked commands' output (docs/kernel-tests.md).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-kernel.sh"
wlk_need_env
wlk_case neigh-probe
