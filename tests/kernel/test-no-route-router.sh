#!/bin/bash
# Differential test against the Linux kernel: cases/no-route-router.sh
# (A missing route on a router: a sends to 10.0.9.9 through its default)
# Runs the scenario in real network namespaces and in wirelab, compares the
# per-interface traces and the marked commands' output (docs/kernel-tests.md).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-kernel.sh"
wlk_need_env
wlk_case no-route-router
