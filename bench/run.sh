#!/usr/bin/env bash
# run.sh - run every benchmark against one build (`make bench` passes
# build-bench, a Release build). Each benchmark is a bench/<name>.sh that
# takes the build directory, prints its own table and exits non-zero on
# failure. Figures worth keeping go to docs/benchmarks.md by hand, with the
# date and the machine.
#
#   bench/run.sh BUILD_DIR [NAME...]     (default: every benchmark)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:?usage: bench/run.sh BUILD_DIR [NAME...]}
shift
BENCHMARKS=(import)
[ $# -gt 0 ] && BENCHMARKS=("$@")

for name in "${BENCHMARKS[@]}"; do
    [ -f "$here/$name.sh" ] || { echo "bench: no benchmark '$name'" >&2; exit 2; }
    echo "== bench/$name.sh ($(uname -m), $(nproc) CPUs, $(date -u '+%Y-%m-%d %H:%M UTC'))"
    start=$(date +%s)
    "$here/$name.sh" "$BUILD"
    echo "== bench/$name.sh took $(( $(date +%s) - start )) s"
done
