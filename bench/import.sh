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
# Every import is timed with GNU time (wall seconds, CPU seconds, peak RSS);
# each is run BENCH_REPS times, alternating which tool goes first, and the
# run with the median wall time is reported.
#
# Before timing, a small data set from the same generator is imported by
# both tools and the two databases are compared row by row: the peer's
# files really hold the rows niche stores.
#
# Environment (defaults in brackets):
#   BENCH_ROWS [1000000]         accounts, and posts
#   BENCH_POSTERS [50000]        accounts that have posts
#   BENCH_REPS [3]               runs of each import
#   BENCH_VERIFY_ROWS [20000]    rows of the equivalence check; 0: skip it
#   BENCH_PROFILE [0]            1: profile niche's CSV accounts import
#                                under callgrind (about 90 s at 100k rows)
#   BENCH_PROFILE_ROWS [100000]  rows of the profiled import
#   BENCH_PROFILE_POSTS [0]      1: profile the JSONL posts import as well
#   BENCH_FLOOR [0]              1: also time SQLite alone (INSERT ... SELECT
#                                from a staging table, no parsing), once
#   SQLITE3 [sqlite3]            the shell to compare against
set -Eeuo pipefail
trap 'echo "bench/import: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

BUILD=${1:?usage: bench/import.sh BUILD_DIR}
ROWS=${BENCH_ROWS:-1000000}
POSTERS=${BENCH_POSTERS:-50000}
REPS=${BENCH_REPS:-3}
VERIFY_ROWS=${BENCH_VERIFY_ROWS:-20000}
PROFILE=${BENCH_PROFILE:-0}
PROFILE_ROWS=${BENCH_PROFILE_ROWS:-100000}
PROFILE_POSTS=${BENCH_PROFILE_POSTS:-0}
FLOOR=${BENCH_FLOOR:-0}
SQLITE3=${SQLITE3:-sqlite3}
SEED=42

NICHE=$BUILD/niche
GEN=$BUILD/bench/gen_import
DATA=$BUILD/bench/import
TIME=/usr/bin/time
RESULTS=$DATA/results.tsv
REPORT=$DATA/report.md

# The peer runs with the connection settings of niche's store
# (lib/store_sqlite.c: configure()), so that the importers are compared,
# not the page cache. Foreign keys stay off, as in the shell by default:
# `.import` writes '' for the empty creator_id, which names no creator.
PRAGMAS=(-cmd "PRAGMA synchronous=NORMAL" -cmd "PRAGMA cache_size=-65536"
         -cmd "PRAGMA temp_store=MEMORY")

die() {
    echo "bench/import: $*" >&2
    exit 1
}

# ---- inputs -------------------------------------------------------------

# generate DIR ACCOUNTS POSTS POSTERS: write DIR's files unless they exist
# for the same arguments and generator binary (the output is deterministic).
generate() {
    local dir=$1 stamp
    stamp="$2 $3 $4 $SEED $(cksum <"$GEN")"
    if [ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$stamp" ]; then
        return
    fi
    mkdir -p "$dir"
    rm -f "$dir/stamp"
    "$GEN" --accounts "$2" --posts "$3" --posters "$4" --seed "$SEED" "$dir"
    echo "$stamp" >"$dir/stamp"
}

fresh_db() {
    rm -f "$1" "$1-wal" "$1-shm"
    "$NICHE" --db "$1" init >/dev/null
}

drop_db() {
    rm -f "$1" "$1-wal" "$1-shm"
}

# ---- importing ----------------------------------------------------------

# cmd_niche DB DIR KIND, cmd_sqlite3 DB DIR KIND: set CMD to the tool's
# import of DIR's rows of KIND (accounts or posts) into DB.
cmd_niche() {
    local file=accounts.csv
    [ "$3" = posts ] && file=posts.jsonl
    CMD=("$NICHE" --db "$1" import "$3" "$2/$file")
}

cmd_sqlite3() {
    local table=account
    [ "$3" = posts ] && table=post
    CMD=("$SQLITE3" "${PRAGMAS[@]}" "$1" ".import --csv --skip 1 $2/sqlite_$3.csv $table")
}

# import TOOL DB DIR KIND [TIMER...]: run the import, under TIMER if given.
# The shell reports a bad row on stderr and goes on, so for either tool
# any output on stderr is a failure.
import() {
    local tool=$1 err=$DATA/import.err
    "cmd_$tool" "$2" "$3" "$4"
    shift 4
    if ! "$@" "${CMD[@]}" >/dev/null 2>"$err" || [ -s "$err" ]; then
        head -5 "$err" >&2
        return 1
    fi
}

check_count() {
    local n
    n=$("$SQLITE3" "$1" "SELECT count(*) FROM $2") || die "cannot count the rows of $2 in $1"
    [ "$n" = "$3" ] || die "$1: $2 holds $n rows, expected $3"
}

# timed KIND TOOL REP: one timed import into TOOL's database; appends
# "kind tool rep wall_s rss_kb user_s sys_s" to the results.
timed() {
    local kind=$1 tool=$2 rep=$3 tf=$DATA/time.out
    import "$tool" "$DATA/$tool.db" "$DATA/in" "$kind" "$TIME" -f '%e %M %U %S' -o "$tf" ||
        die "$kind import with $tool failed (run $rep)"
    printf '%s\t%s\t%s\t%s\n' "$kind" "$tool" "$rep" "$(tail -1 "$tf" | tr ' ' '\t')" \
        >>"$RESULTS"
}

run() {
    local tool=$1 rep=$2 db=$DATA/$1.db
    fresh_db "$db"
    timed accounts "$tool" "$rep"
    timed posts "$tool" "$rep"
    check_count "$db" account "$ROWS"
    check_count "$db" post "$ROWS"
    drop_db "$db"
}

# ---- same rows? ---------------------------------------------------------

# A digest of TABLE's rows with '' read as NULL (what `.import` writes for
# an empty field) and updated_ms (the time of the import) left out; quote()
# keeps the storage class, so '12' and 12 differ.
digest() {
    local cols
    cols=$("$SQLITE3" "$1" "SELECT group_concat('quote(nullif(' || name || ', ''''))',
            ' || ''|'' || ') FROM pragma_table_info('$2') WHERE name <> 'updated_ms'")
    "$SQLITE3" "$1" "SELECT $cols FROM $2 ORDER BY id" | cksum
}

verify() {
    local dir=$DATA/verify t tool kind
    [ "$VERIFY_ROWS" -gt 0 ] || return 0
    generate "$dir" "$VERIFY_ROWS" "$VERIFY_ROWS" $(((VERIFY_ROWS + 19) / 20))
    for tool in niche sqlite3; do
        fresh_db "$dir/$tool.db"
        for kind in accounts posts; do
            import "$tool" "$dir/$tool.db" "$dir" "$kind" ||
                die "$kind import with $tool failed (equivalence check)"
        done
    done
    for t in account post; do
        check_count "$dir/niche.db" $t "$VERIFY_ROWS"
        [ "$(digest "$dir/niche.db" $t)" = "$(digest "$dir/sqlite3.db" $t)" ] ||
            die "niche and sqlite3 stored different $t rows ($dir)"
    done
    drop_db "$dir/niche.db"
    drop_db "$dir/sqlite3.db"
    echo "checked: both tools store the same $VERIFY_ROWS account and post rows"
}

# ---- report -------------------------------------------------------------

# One line per (kind, tool): the run with the median wall time, as
# "kind tool wall_s rss_kb cpu_s".
medians() {
    sort -t$'\t' -k1,1 -k2,2 -k4,4g "$RESULTS" | awk -F'\t' '
        { k = $1 "\t" $2; n[k]++; s[k, n[k]] = $4; m[k, n[k]] = $5; c[k, n[k]] = $6 + $7 }
        END {
            for (k in n) {
                i = int((n[k] + 1) / 2)
                printf "%s\t%s\t%s\t%.2f\n", k, s[k, i], m[k, i], c[k, i]
            }
        }' | sort
}

table() {
    echo "| import | tool | input | rows | wall s | rows/s | CPU s | peak RSS MB | speed vs sqlite3 (wall / CPU) |"
    echo "|---|---|---|---|---|---|---|---|---|"
    medians | awk -F'\t' -v rows="$ROWS" '
        { t[$1, $2] = $3; rss[$1, $2] = $4; cpu[$1, $2] = $5 }
        END {
            fmt["accounts", "niche"] = "CSV"; fmt["posts", "niche"] = "JSONL"
            fmt["accounts", "sqlite3"] = "CSV"; fmt["posts", "sqlite3"] = "CSV"
            for (c = 1; c <= 2; c++) {
                k = c == 1 ? "accounts" : "posts"
                for (i = 1; i <= 2; i++) {
                    x = i == 1 ? "niche" : "sqlite3"
                    s = t[k, x] > 0 ? t[k, x] : 0.01
                    u = cpu[k, x] > 0 ? cpu[k, x] : 0.01
                    ratio = x == "niche" ? sprintf("%.2fx / %.2fx",
                        t[k, "sqlite3"] / s, cpu[k, "sqlite3"] / u) : "1"
                    printf "| %s | %s | %s | %d | %.2f | %.0f | %.2f | %.0f | %s |\n",
                        k, x, fmt[k, x], rows, t[k, x], rows / s, cpu[k, x],
                        rss[k, x] / 1024, ratio
                }
            }
        }'
}

report() {
    table >"$REPORT"
    echo
    echo "import benchmark, $(date -u +%Y-%m-%d), $(nproc) CPUs," \
         "sqlite3 $("$SQLITE3" --version | cut -d' ' -f1), $ROWS rows," \
         "median of $REPS runs:"
    cat "$REPORT"
    echo "speed vs sqlite3: sqlite3's time over niche's, wall and CPU (above 1: niche is faster)"
    echo "raw runs: $RESULTS"
}

# ---- parsing alone -------------------------------------------------------

# niche's side of an import without SQLite: `import --dry-run` reads,
# converts and checks every row and writes nothing. The median of REPS
# runs, against the issue's goal of 1M CSV rows/s.
parse_only() {
    local kind file tf=$DATA/time.out rep
    echo
    echo "parsing alone (niche import --dry-run: read, convert, check; no SQLite), median of $REPS:"
    echo "| import | input | rows | wall s | rows/s | CPU s | peak RSS MB |"
    echo "|---|---|---|---|---|---|---|"
    for kind in accounts posts; do
        file=accounts.csv
        [ $kind = posts ] && file=posts.jsonl
        for rep in $(seq 1 "$REPS"); do
            "$TIME" -f '%e %M %U %S' -o "$tf" "$NICHE" --db "$DATA/none.db" import "$kind" \
                "$DATA/in/$file" --dry-run >/dev/null || die "dry run of $kind failed"
            tail -1 "$tf"
        done | sort -g | awk -v k="$kind" -v f="${file##*.}" -v rows="$ROWS" -v n="$REPS" '
            NR == int((n + 1) / 2) {
                printf "| %s | %s | %d | %.2f | %.0f | %.2f | %.0f |\n", k, toupper(f), rows,
                    $1, rows / ($1 > 0 ? $1 : 0.01), $3 + $4, $2 / 1024 }'
    done
    [ ! -e "$DATA/none.db" ] || die "a dry run created a database"
}

# ---- SQLite alone -------------------------------------------------------

# What SQLite itself costs for the same rows into the same tables: load the
# peer files into plain staging tables (untimed), then time one
# INSERT ... SELECT per table. No parsing, no per-row statement.
floor() {
    local db=$DATA/floor.db tf=$DATA/time.out t
    [ "$FLOOR" = 1 ] || return 0
    fresh_db "$db"
    for t in account post; do
        "$SQLITE3" "$db" "CREATE TABLE stage_$t AS SELECT * FROM $t WHERE 0" \
            ".import --csv --skip 1 $DATA/in/sqlite_${t}s.csv stage_$t"
    done
    echo
    echo "SQLite alone (INSERT INTO t SELECT * FROM staging, one run):"
    for t in account post; do
        "$TIME" -f '%e %M %U %S' -o "$tf" "$SQLITE3" "${PRAGMAS[@]}" "$db" \
            "INSERT INTO $t SELECT * FROM stage_$t" || die "floor: $t failed"
        read -r wall _ user sys <"$tf"
        awk -v t="$t" -v w="$wall" -v u="$user" -v s="$sys" -v n="$ROWS" 'BEGIN {
            printf "  %-8s %.2f s wall, %.2f s CPU, %.0f rows/s\n", t, w, u + s, n / w }'
    done
    drop_db "$db"
}

# ---- profile ------------------------------------------------------------

# Top self-cost functions of one niche import under callgrind.
profile() {
    local kind=$1 dir=$DATA/profile out
    out=$dir/callgrind.$kind.out
    valgrind --tool=callgrind --callgrind-out-file="$out" \
        "$NICHE" --db "$dir/niche.db" import "$kind" "$dir/$2" >/dev/null 2>"$dir/valgrind.err" ||
        { tail -5 "$dir/valgrind.err" >&2; die "callgrind run failed"; }
    echo
    echo "callgrind: niche import $kind ($2), $PROFILE_ROWS rows," \
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
    echo "  (callers and inclusive costs: callgrind_annotate --inclusive=yes $out)"
}

# The accounts profile runs on a fresh database; the posts profile, when
# asked for, on the accounts it left.
profiles() {
    [ "$PROFILE" = 1 ] || return 0
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
    drop_db "$DATA/profile/niche.db"
}

# ---- main ---------------------------------------------------------------

[ -x "$NICHE" ] || die "$NICHE not built"
[ -x "$GEN" ] || die "$GEN not built"
[ -x "$TIME" ] || die "$TIME not found (apt-get install time)"
command -v "$SQLITE3" >/dev/null || die "$SQLITE3 not found (apt-get install sqlite3)"

mkdir -p "$DATA"
: >"$RESULTS"
echo "generating $ROWS accounts and $ROWS posts of $POSTERS accounts (bench/gen_import)"
generate "$DATA/in" "$ROWS" "$ROWS" "$POSTERS"
verify
for rep in $(seq 1 "$REPS"); do
    if [ $((rep % 2)) = 1 ]; then
        run niche "$rep"
        run sqlite3 "$rep"
    else
        run sqlite3 "$rep"
        run niche "$rep"
    fi
    echo "run $rep of $REPS done"
done
report
parse_only
floor
profiles
