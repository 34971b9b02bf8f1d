#!/bin/bash
# Differential test against the Linux kernel: cases/routed-ping.sh
# (Routed ping: a (10.0.1.2) -- router (10.0.1.1 | 10.0.2.1) -- b (10.0.2.2),)
# Runs the scenario in real network namespaces and in wirelab, compares the
# per-interface traces and the marked commands' output (docs/kernel-tests.md).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-kernel.sh"
wlk_need_env
wlk_case routed-ping
