#!/bin/bash
# Differential test against the Linux kernel: cases/forward-off.sh
# (ip_forward 0: the router drops silently).
# Runs the scenario in real network namespaces and in wirelab, compares the
# per-interface traces and the marked commands' output (docs/kernel-tests.md).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-kernel.sh
. "$(dirname "$0")/lib-kernel.sh"
wlk_need_env
wlk_case forward-off
