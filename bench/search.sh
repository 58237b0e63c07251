#!/usr/bin/env bash
# search.sh - the discovery benchmark (docs/benchmarks.md, "Search").
#
#   bench/search.sh BUILD_DIR
#
# Generates a world of creator accounts with their analysis results
# (BUILD_DIR/bench/gen_search: accounts, metrics, niches, audience shares,
# brands, hashtags; docs in bench/gen_search.c) or reuses BENCH_SEARCH_DB,
# then runs BUILD_DIR/bench/search_bench on it: index build, snapshot save
# and load, bytes per account, and 20 typical queries timed on the index
# (niche_search, one thread) and in SQLite (the statement niche_search_sql
# writes, after creating the indexes that help it and ANALYZE), checking
# that both return the same page and the same match count. Wall and CPU
# time and peak memory of each step come from GNU time.
#
# Environment (defaults in brackets):
#   BENCH_SEARCH_ACCOUNTS [1000000]   creator accounts of the world
#   BENCH_SEARCH_SEED [42]
#   BENCH_SEARCH_DB []                reuse this database (kept, and it keeps
#                                     the SQL indexes and FTS table made on it)
#   BENCH_SEARCH_KEEP [0]             1: keep the generated world in TMP
#   BENCH_SEARCH_TMP [BUILD_DIR/bench-search]
#   BENCH_SEARCH_REPS [101]           index runs per query (after a warm-up)
#   BENCH_SEARCH_SQL_REPS [5; 3 from 5M accounts]  SQLite runs per query
set -euo pipefail

BUILD=${1:?usage: bench/search.sh BUILD_DIR}
GEN="$BUILD/bench/gen_search"
DRIVER="$BUILD/bench/search_bench"
ACCOUNTS=${BENCH_SEARCH_ACCOUNTS:-1000000}
SEED=${BENCH_SEARCH_SEED:-42}
TMP=${BENCH_SEARCH_TMP:-$BUILD/bench-search}
DB=${BENCH_SEARCH_DB:-}
KEEP=${BENCH_SEARCH_KEEP:-0}
REPS=${BENCH_SEARCH_REPS:-101}
if [ "$ACCOUNTS" -ge 5000000 ]; then SQL_REPS=${BENCH_SEARCH_SQL_REPS:-3}; else
    SQL_REPS=${BENCH_SEARCH_SQL_REPS:-5}; fi
for x in "$GEN" "$DRIVER"; do
    [ -x "$x" ] || { echo "search.sh: no $x (run make bench)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "search.sh: needs GNU time (/usr/bin/time)" >&2; exit 1; }
mkdir -p "$TMP"

if [ -z "$DB" ]; then
    DB="$TMP/world-$ACCOUNTS.db"
    # About 0.9 KB per account for the world, as much again for SQLite's
    # indexes and FTS table, and the snapshot: ask for 2 KB per account.
    need=$(( ACCOUNTS * 2 / 1024 ))
    free=$(df -Pk "$TMP" | awk 'NR == 2 { print $4 }')
    [ "$free" -gt "$need" ] ||
        { echo "search.sh: $TMP has $free KB free, needs about $need KB" >&2; exit 1; }
    rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.index"
    [ "$KEEP" = 1 ] || trap 'rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.index"' EXIT
    /usr/bin/time -f '%e %U %S %M' -o "$TMP/gen.time" \
        "$GEN" --accounts "$ACCOUNTS" --seed "$SEED" --quiet "$DB" >"$TMP/gen.out"
    read -r gw gu gs gm <"$TMP/gen.time"
    echo "world: $ACCOUNTS accounts (seed $SEED) in $gw s wall, $(echo "$gu + $gs" | bc) s CPU," \
         "peak $(( gm / 1024 )) MB"
    sed 's/^/  /' "$TMP/gen.out"
    [ "$KEEP" = 1 ] && echo "kept: $DB (BENCH_SEARCH_DB=$DB reuses it)"
fi

echo "database: $DB, $(du -m "$DB" | cut -f1) MB"
status=0
/usr/bin/time -f '%e %U %S %M' -o "$TMP/driver.time" \
    "$DRIVER" --reps "$REPS" --sql-reps "$SQL_REPS" --snapshot "$DB.index" "$DB" || status=$?
read -r dw du ds dm <"$TMP/driver.time"
echo "search_bench: $dw s wall, $(echo "$du + $ds" | bc) s CPU, peak RSS $(( dm / 1024 )) MB" \
     "(index and SQLite's 1 GiB page cache and mapped pages together)"
[ "$status" = 0 ] || echo "search.sh: search_bench failed (status $status)" >&2
exit "$status"
