#!/usr/bin/env bash
# import.sh - the import benchmark: niche's importers against the sqlite3
# shell's `.import` of the same rows into the same tables (docs/benchmarks.md).
#
#   bench/import.sh BUILD_DIR
#
# Each run starts from a fresh database made by `niche init` (same schema,
# indexes and WAL mode for both tools), imports the accounts, then the posts
# of 50k of those accounts. niche reads accounts.csv and posts.jsonl;
# sqlite3 reads the same rows laid out as the tables (bench/gen_import.c).
# Every import is timed with GNU time (wall seconds, peak RSS); each is run
# BENCH_REPS times, alternating which tool goes first, and the median is
# reported. The first run also proves both databases hold the same rows.
#
# Environment (defaults in brackets):
#   BENCH_ROWS [1000000]        accounts, and posts
#   BENCH_POSTERS [50000]       accounts that have posts
#   BENCH_REPS [3]              runs of each import
#   BENCH_VERIFY [1]            compare the two databases after run 1
#   BENCH_PROFILE_ROWS [100000] accounts imported under callgrind; 0: skip
#   BENCH_PROFILE_POSTS [0]     1: profile the JSONL posts import as well
#   SQLITE3 [sqlite3]           the shell to compare against
set -euo pipefail

BUILD=${1:?usage: bench/import.sh BUILD_DIR}
ROWS=${BENCH_ROWS:-1000000}
POSTERS=${BENCH_POSTERS:-50000}
REPS=${BENCH_REPS:-3}
VERIFY=${BENCH_VERIFY:-1}
PROFILE_ROWS=${BENCH_PROFILE_ROWS:-100000}
PROFILE_POSTS=${BENCH_PROFILE_POSTS:-0}
SQLITE3=${SQLITE3:-sqlite3}
SEED=42

NICHE=$BUILD/niche
GEN=$BUILD/bench/gen_import
DATA=$BUILD/bench/import
TIME=/usr/bin/time
RESULTS=$DATA/results.tsv
REPORT=$DATA/report.md

# The peer runs with the connection settings niche's store uses
# (lib/store_sqlite.c), so that the importers are compared, not the page
# cache. Foreign keys stay off, as in the shell by default: `.import`
# writes '' for the empty creator_id, which is no creator.
PEER_PRAGMAS=(-cmd "PRAGMA synchronous=NORMAL" -cmd "PRAGMA cache_size=-65536"
              -cmd "PRAGMA temp_store=MEMORY")

die() {
    echo "bench/import: $*" >&2
    exit 1
}

need() {
    command -v "$1" >/dev/null 2>&1 || die "$1 not found ($2)"
}

# ---- inputs -------------------------------------------------------------

# Generate DIR's files unless they exist for the same arguments and the
# same generator binary (generation is deterministic).
generate() {
    local dir=$1 accounts=$2 posts=$3 posters=$4 stamp
    stamp="$accounts $posts $posters $SEED $(cksum <"$GEN")"
    if [ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$stamp" ]; then
        return
    fi
    mkdir -p "$dir"
    rm -f "$dir/stamp"
    "$GEN" --accounts "$accounts" --posts "$posts" --posters "$posters" \
        --seed "$SEED" "$dir"
    echo "$stamp" >"$dir/stamp"
}

# ---- timing -------------------------------------------------------------

# timed CASE TOOL REP CMD...: run CMD under GNU time, append a result line.
timed() {
    local case=$1 tool=$2 rep=$3 tf=$DATA/time.out
    shift 3
    if ! "$TIME" -f '%e %M %U %S' -o "$tf" "$@" >"$DATA/cmd.out" 2>"$DATA/cmd.err"; then
        cat "$DATA/cmd.err" >&2
        die "$case with $tool failed (run $rep)"
    fi
    # sqlite3 reports a bad row on stderr and goes on: any output is a failure.
    if [ "$tool" = sqlite3 ] && [ -s "$DATA/cmd.err" ]; then
        head -5 "$DATA/cmd.err" >&2
        die "sqlite3 .import reported errors (run $rep)"
    fi
    printf '%s\t%s\t%s\t%s\n' "$case" "$tool" "$rep" "$(tail -1 "$tf" | tr ' ' '\t')" \
        >>"$RESULTS"
}

fresh_db() {
    rm -f "$1" "$1-wal" "$1-shm"
    "$NICHE" --db "$1" init >/dev/null
}

count_rows() {
    "$SQLITE3" "$1" "SELECT count(*) FROM $2"
}

check_count() {
    local n
    n=$(count_rows "$1" "$2")
    [ "$n" = "$ROWS" ] || die "$1: $2 holds $n rows, expected $ROWS"
}

run_niche() {
    local rep=$1 db=$DATA/niche.db
    fresh_db "$db"
    timed accounts niche "$rep" "$NICHE" --db "$db" import accounts "$DATA/in/accounts.csv"
    timed posts niche "$rep" "$NICHE" --db "$db" import posts "$DATA/in/posts.jsonl"
    check_count "$db" account
    check_count "$db" post
}

run_sqlite3() {
    local rep=$1 db=$DATA/sqlite3.db
    fresh_db "$db"
    timed accounts sqlite3 "$rep" "$SQLITE3" "${PEER_PRAGMAS[@]}" "$db" \
        ".import --csv --skip 1 $DATA/in/sqlite_accounts.csv account"
    timed posts sqlite3 "$rep" "$SQLITE3" "${PEER_PRAGMAS[@]}" "$db" \
        ".import --csv --skip 1 $DATA/in/sqlite_posts.csv post"
    check_count "$db" account
    check_count "$db" post
}

# ---- same rows? ---------------------------------------------------------

# A digest of TABLE's rows with '' read as NULL (what `.import` writes for
# an empty field) and updated_ms (the time of the import) left out.
digest() {
    local db=$1 table=$2 cols
    cols=$("$SQLITE3" "$db" "SELECT group_concat('quote(nullif(' || name || ', ''''))',
            ' || ''|'' || ') FROM pragma_table_info('$table') WHERE name <> 'updated_ms'")
    "$SQLITE3" "$db" "SELECT $cols FROM $table ORDER BY id" | cksum
}

verify() {
    local t
    for t in account post; do
        [ "$(digest "$DATA/niche.db" $t)" = "$(digest "$DATA/sqlite3.db" $t)" ] ||
            die "niche and sqlite3 stored different $t rows"
    done
    echo "verified: niche and sqlite3 stored the same account and post rows"
}

# ---- report -------------------------------------------------------------

# Median of each (case, tool) over the runs: seconds and peak RSS.
medians() {
    sort -t$'\t' -k1,1 -k2,2 -k4,4g "$RESULTS" | awk -F'\t' '
        { k = $1 "\t" $2; n[k]++; s[k, n[k]] = $4; m[k, n[k]] = $5; u[k, n[k]] = $6 + $7 }
        END {
            for (k in n) {
                i = int((n[k] + 1) / 2)
                # RSS and CPU of the run whose time is the median.
                printf "%s\t%s\t%s\t%s\t%d\n", k, s[k, i], m[k, i], u[k, i], n[k]
            }
        }' | sort
}

report() {
    local med
    med=$(medians)
    {
        echo "| import | tool | input | rows | median s | rows/s | CPU s | peak RSS MB | niche/sqlite3 speed |"
        echo "|---|---|---|---|---|---|---|---|---|"
        echo "$med" | awk -F'\t' -v rows="$ROWS" '
            { t[$1, $2] = $3; rss[$1, $2] = $4; cpu[$1, $2] = $5 }
            END {
                split("accounts posts", cases, " ")
                input["accounts", "niche"] = "CSV"; input["posts", "niche"] = "JSONL"
                input["accounts", "sqlite3"] = "CSV"; input["posts", "sqlite3"] = "CSV"
                for (c = 1; c <= 2; c++) {
                    k = cases[c]
                    for (tool = 1; tool <= 2; tool++) {
                        x = tool == 1 ? "niche" : "sqlite3"
                        s = t[k, x] > 0 ? t[k, x] : 0.01
                        ratio = x == "niche" ? sprintf("%.2fx", t[k, "sqlite3"] / s) : ""
                        printf "| %s | %s | %s | %d | %.2f | %.0f | %.2f | %.0f | %s |\n",
                            k, x, input[k, x], rows, t[k, x], rows / s, cpu[k, x],
                            rss[k, x] / 1024, ratio
                    }
                }
            }'
    } >"$REPORT"
    echo
    echo "import benchmark: $ROWS rows, median of $REPS runs ($(date -u +%Y-%m-%d),"\
         "$(nproc) CPUs, $($SQLITE3 --version | cut -d' ' -f1-2 | sed 's/ / sqlite3 /;s/^/SQLite /'))"
    cat "$REPORT"
    echo
    echo "niche/sqlite3 speed: sqlite3's median time over niche's (above 1: niche is faster)."
    echo "raw runs: $RESULTS"
}

# ---- profile ------------------------------------------------------------

# Top self-cost functions of one niche import under callgrind.
profile() {
    local kind=$1 file=$2 dir=$DATA/profile out
    out=$dir/callgrind.$kind.out
    valgrind --tool=callgrind --callgrind-out-file="$out" \
        "$NICHE" --db "$dir/niche.db" import "$kind" "$dir/$file" >/dev/null 2>"$dir/valgrind.err" ||
        { tail -5 "$dir/valgrind.err" >&2; die "callgrind run failed"; }
    echo
    echo "callgrind: niche import $kind ($file), $PROFILE_ROWS rows," \
         "top 10 functions by own instructions (Ir)"
    callgrind_annotate --threshold=100 "$out" 2>/dev/null | awk '
        /PROGRAM TOTALS/ { print "  " $0 }
        /file:function/ { go = 1; next }
        go && NF >= 2 && !/^-+$/ && n < 10 {
            sub(/ \[.*\/[^\/]*\]$/, "")   # drop the object file
            sub(/[^ ]*\/sysdeps\/[^:]*:/, "libc:")
            sub(/\.\/malloc\/[^:]*:/, "libc:")
            print "  " $0; n++
        }'
    echo "(full profile: callgrind_annotate --inclusive=yes $out)"
}

# The accounts profile runs on a fresh database; the posts profile, when
# asked for, on the accounts it left.
profiles() {
    [ "$PROFILE_ROWS" -gt 0 ] || return 0
    if ! command -v valgrind >/dev/null 2>&1; then
        echo "profile skipped: valgrind not installed (apt-get install valgrind)"
        return 0
    fi
    generate "$DATA/profile" "$PROFILE_ROWS" "$PROFILE_ROWS" $(((PROFILE_ROWS + 19) / 20))
    fresh_db "$DATA/profile/niche.db"
    profile accounts accounts.csv
    if [ "$PROFILE_POSTS" = 1 ]; then
        profile posts posts.jsonl
    fi
    rm -f "$DATA"/profile/niche.db*
}

# ---- main ---------------------------------------------------------------

[ -x "$NICHE" ] || die "$NICHE not built"
[ -x "$GEN" ] || die "$GEN not built"
[ -x "$TIME" ] || die "$TIME not found (apt-get install time)"
need "$SQLITE3" "apt-get install sqlite3"

mkdir -p "$DATA"
: >"$RESULTS"
echo "bench/import: generating $ROWS accounts and $ROWS posts of $POSTERS accounts"
generate "$DATA/in" "$ROWS" "$ROWS" "$POSTERS"
for rep in $(seq 1 "$REPS"); do
    if [ $((rep % 2)) = 1 ]; then
        run_niche "$rep"
        run_sqlite3 "$rep"
    else
        run_sqlite3 "$rep"
        run_niche "$rep"
    fi
    if [ "$rep" = 1 ] && [ "$VERIFY" = 1 ]; then
        verify
    fi
    echo "run $rep of $REPS done"
done
rm -f "$DATA"/niche.db* "$DATA"/sqlite3.db*
report
profiles
