#!/bin/bash
# Differential test against the Linux kernel: cases/traceroute.sh
# (traceroute through a router: UDP probes, time exceeded, port unreachable, rate limits).
# Runs the scenario in real network namespaces and in wirelab, compares the
# per-interface traces and the marked commands' output (docs/kernel-tests.md).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-kernel.sh
. "$(dirname "$0")/lib-kernel.sh"
wlk_need_env
wlk_case traceroute
