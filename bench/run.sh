#!/usr/bin/env bash
# run.sh - run every benchmark against one build (`make bench` passes
# build-bench, a Release build). Each benchmark is a bench/<name>.sh that
# takes the build directory, prints its own table and exits non-zero on
# failure; every such script but this one is a benchmark, run in name order.
# Figures worth keeping go to docs/benchmarks.md by hand, with the date,
# the machine and the tree.
#
#   bench/run.sh BUILD_DIR [NAME...]     (default: every benchmark)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:?usage: bench/run.sh BUILD_DIR [NAME...]}
shift
BENCHMARKS=()
for f in "$here"/*.sh; do
    name=$(basename "$f" .sh)
    [ "$name" = run ] || BENCHMARKS+=("$name")
done
[ $# -gt 0 ] && BENCHMARKS=("$@")

# The tree measured, and how busy the machine was: on a shared machine the
# load average says how much to trust a wall time.
revision() {
    local rev
    rev=$(git -C "$here/.." rev-parse --short HEAD 2>/dev/null) || { echo unknown; return; }
    git -C "$here/.." diff --quiet HEAD -- lib src include schema 2>/dev/null ||
        rev="$rev+changes"
    echo "$rev"
}

load() {
    cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown
}

for name in "${BENCHMARKS[@]}"; do
    [ -f "$here/$name.sh" ] || { echo "bench: no benchmark '$name'" >&2; exit 2; }
    echo "== bench/$name.sh: $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -m)," \
         "$(nproc) CPUs, tree $(revision), load average $(load)"
    start=$(date +%s)
    bash "$here/$name.sh" "$BUILD"
    echo "== bench/$name.sh took $(( $(date +%s) - start )) s, load average now $(load)"
done
