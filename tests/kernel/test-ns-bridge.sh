#!/bin/bash
# Differential test against the Linux kernel: cases/ns-bridge.sh
# (The namespace lesson of the curriculum: namespaces red and blue on a)
# Runs the scenario in real network namespaces and in wirelab, compares the
# per-interface traces and the marked commands' output (docs/kernel-tests.md).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-kernel.sh"
wlk_need_env
wlk_case ns-bridge
