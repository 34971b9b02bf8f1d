#!/bin/bash
# Differential test against the Linux kernel: cases/no-route-host.sh
# (A missing route on a host: a has no default route, so ping fails in)
# Runs the scenario in real network namespaces and in wirelab, compares the
# per-interface traces and the marked commands' output (docs/kernel-tests.md).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-kernel.sh"
wlk_need_env
wlk_case no-route-host
