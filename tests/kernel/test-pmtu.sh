#!/bin/bash
# Differential test against the Linux kernel: cases/pmtu.sh
# (path MTU: fragmentation needed from a router, the cached PMTU, local fragmentation).
# Runs the scenario in real network namespaces and in wirelab, compares the
# per-interface traces and the marked commands' output (docs/kernel-tests.md).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-kernel.sh
. "$(dirname "$0")/lib-kernel.sh"
wlk_need_env
wlk_case pmtu
