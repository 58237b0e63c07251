#!/usr/bin/env bash
# synth.sh - the world generator's benchmark (docs/benchmarks.md).
#
#   bench/synth.sh BUILD_DIR
#
# Generates the same world to files with one worker thread (the peer: the
# same algorithm without parallelism) and with one per core, checks that
# both wrote byte-identical files, and reports wall and CPU time, peak
# memory, throughput and the ratio. Then generates a smaller world into a
# SQLite database, which is bounded by SQLite's insert rate, not by the
# generator. Times and peak RSS come from GNU time.
#
# Environment (defaults in brackets):
#   BENCH_SYNTH_ACCOUNTS [1000000]   creator accounts of the files runs
#   BENCH_SYNTH_DB_ACCOUNTS [20000]  creator accounts of the database run
#   BENCH_SYNTH_NULL [0]             1: send the text files (posts, comments,
#                                    snapshots, audience, truth_posts) to
#                                    /dev/null, for worlds larger than the disk
#   BENCH_SYNTH_HUGE [0]             1: also 10M accounts, one run, text files
#                                    to /dev/null (about 20 min, 10 GB disk)
#   BENCH_SYNTH_TMP [BUILD_DIR/bench-synth]   where the worlds are written
set -euo pipefail

BUILD=${1:?usage: bench/synth.sh BUILD_DIR}
NICHE="$BUILD/niche"
ACCOUNTS=${BENCH_SYNTH_ACCOUNTS:-1000000}
DB_ACCOUNTS=${BENCH_SYNTH_DB_ACCOUNTS:-20000}
NULL_TEXT=${BENCH_SYNTH_NULL:-0}
HUGE=${BENCH_SYNTH_HUGE:-0}
TMP=${BENCH_SYNTH_TMP:-$BUILD/bench-synth}
TEXT_FILES="posts.jsonl comments.csv snapshots.csv audience.csv truth_posts.csv"

[ -x "$NICHE" ] || { echo "synth.sh: no $NICHE (run make bench)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "synth.sh: needs GNU time (/usr/bin/time)" >&2; exit 1; }
rm -rf "$TMP"
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT

# prepare DIR NULL: an empty output directory; with NULL=1 the text files
# are links to /dev/null.
prepare() {
    rm -rf "$1"
    mkdir -p "$1"
    if [ "$2" = 1 ]; then
        for f in $TEXT_FILES; do ln -s /dev/null "$1/$f"; done
    fi
}

# run NAME ARGS...: time one niche command; prints "wall cpu rss_mb" into
# $TMP/NAME.time and the command's --json output into $TMP/NAME.json.
run() {
    local name=$1
    shift
    /usr/bin/time -f '%e %U %S %M' -o "$TMP/$name.time" "$NICHE" --json "$@" >"$TMP/$name.json"
    awk '{ printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$TMP/$name.time" >"$TMP/$name.t"
}

field() {   # field NAME KEY: a number from NAME's --json output
    sed -n "s/.*\"$2\": *\\([0-9]*\\).*/\\1/p" "$TMP/$1.json" | head -1
}

bytes() {   # bytes DIR: what the run wrote to disk
    du -sb --dereference-args "$1" | cut -f1
}

report() {  # report NAME LABEL THREADS DIR
    local name=$1 label=$2 threads=$3 dir=$4 wall cpu rss posts edges mb
    read -r wall cpu rss <"$TMP/$name.t"
    posts=$(field "$name" posts)
    edges=$(field "$name" follower_edges)
    if [ -n "$dir" ]; then mb=$(( $(bytes "$dir") / 1000000 )); else mb=-; fi
    awk -v l="$label" -v t="$threads" -v w="$wall" -v c="$cpu" -v r="$rss" -v p="$posts" \
        -v e="$edges" -v m="$mb" 'BEGIN {
        printf "%-28s %7s %9.1f %9.1f %9d %12.0f %12.0f %9s\n", l, t, w, c, r, p / w, e / w, m }'
}

echo "synth: $ACCOUNTS creator accounts to files (text to /dev/null: $NULL_TEXT), $(nproc) CPUs"
printf '%-28s %7s %9s %9s %9s %12s %12s %9s\n' run threads wall_s cpu_s peak_MB posts/s edges/s disk_MB

prepare "$TMP/one" "$NULL_TEXT"
run one synth --accounts "$ACCOUNTS" --out "$TMP/one" --threads 1 --quiet
report one "files, 1 thread (peer)" 1 "$TMP/one"
prepare "$TMP/all" "$NULL_TEXT"
run all synth --accounts "$ACCOUNTS" --out "$TMP/all" --quiet
report all "files, one per core" "$(nproc)" "$TMP/all"

# The same world, byte for byte: the two runs did the same work.
for f in "$TMP"/one/*; do
    [ -L "$f" ] && continue
    cmp -s "$f" "$TMP/all/$(basename "$f")" || { echo "synth.sh: $(basename "$f") differs" >&2; exit 1; }
done
echo "identical output: yes ($(ls "$TMP/one" | wc -l) files compared or skipped as /dev/null)"
awk -v a="$(cut -d' ' -f1 "$TMP/one.t")" -v b="$(cut -d' ' -f1 "$TMP/all.t")" \
    'BEGIN { printf "speed-up of one thread per core over one thread: %.2fx\n", a / b }'
awk -v p="$(field all posts)" -v e="$(field all follower_edges)" -v w="$(cut -d' ' -f1 "$TMP/all.t")" \
    -v r="$(cut -d' ' -f3 "$TMP/all.t")" 'BEGIN {
    printf "bar: %s posts, %s edges in %.1f s (goal <= 60 s), peak %d MB (goal <= 8192 MB)\n", p, e, w, r }'
rm -rf "$TMP/one" "$TMP/all"

echo
echo "synth: $DB_ACCOUNTS creator accounts into SQLite (one transaction)"
run db --db "$TMP/world.db" synth --accounts "$DB_ACCOUNTS" --quiet
report db "database" 1 ""
awk -v w="$(cut -d' ' -f1 "$TMP/db.t")" -v n="$(sqlite3 "$TMP/world.db" \
    'select (select count(*) from account) + (select count(*) from post) + (select count(*) from follower) + (select count(*) from snapshot) + (select count(*) from post_comment) + (select count(*) from audience_share) + (select count(*) from truth_account) + (select count(*) from truth_post) + (select count(*) from creator)')" \
    'BEGIN { printf "rows written: %d, %.0f rows/s\n", n, n / w }'
rm -f "$TMP"/world.db*

if [ "$HUGE" = 1 ]; then
    echo
    echo "synth: 10000000 creator accounts to files, text to /dev/null"
    prepare "$TMP/huge" 1
    run huge synth --accounts 10000000 --out "$TMP/huge" --quiet
    report huge "files, 10M, one per core" "$(nproc)" "$TMP/huge"
    rm -rf "$TMP/huge"
fi
