#!/usr/bin/env bash
# quality.sh - how well `niche analyze` finds what the synthetic world hides
# (docs/quality.md): precision and recall of each detector against the
# ground truth of `niche synth`, on the default world and on harder ones.
#
#   bench/quality.sh BUILD_DIR
#
# Worlds: the default (10,000 creator accounts, seed 42), a small one (500
# accounts: fewer disclosed posts to learn brands from), and a large one
# (100,000: audience handles carry 6-digit numbers, so the digit signal
# misfires). Then the default world made poorer, as real exports are:
#   followers/4    a random quarter of the known followers kept
#   snapshots/5    every fifth weekly snapshot kept (about monthly)
#   no-snapshots   no follower history at all
#   comments/3     a random third of the comment authors kept
#   export         what a plain export gives: no snapshots, a quarter of the
#                  known followers, a third of the comment authors
#
# Environment: BENCH_QUALITY_LARGE [1] 0 skips the 100,000-account world
# (about 12 minutes of synth into SQLite); BENCH_QUALITY_TMP [BUILD/bench-quality].
set -euo pipefail

BUILD=${1:?usage: bench/quality.sh BUILD_DIR}
NICHE="$BUILD/niche"
LARGE=${BENCH_QUALITY_LARGE:-1}
TMP=${BENCH_QUALITY_TMP:-$BUILD/bench-quality}
[ -x "$NICHE" ] || { echo "quality.sh: no $NICHE (run make bench)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "quality.sh: needs sqlite3" >&2; exit 1; }
rm -rf "$TMP"
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT

# score DB SQL: "precision recall truth-count" of a query yielding (t, p).
score() {
    sqlite3 "$1" "WITH x AS ($2) SELECT printf('%.3f %.3f %d',
        1.0 * sum(t AND p) / max(sum(p), 1), 1.0 * sum(t AND p) / max(sum(t), 1), sum(t)) FROM x"
}

BOUGHT="SELECT t.bought_followers > 0 AS t, coalesce(m.bought, 0) = 1 AS p FROM truth_account t
        LEFT JOIN account_metric m ON m.account_id = t.account_id WHERE t.role = 'creator'"
BOTS="SELECT t.role = 'bot' AS t, coalesce(c.bot, 0) AS p
      FROM (SELECT DISTINCT follower_id AS id FROM follower) f
      JOIN truth_account t ON t.account_id = f.id LEFT JOIN follower_class c ON c.account_id = f.id"
PODS="SELECT t.pod > 0 AS t, coalesce(m.pod, 0) > 0 AS p FROM truth_account t
      LEFT JOIN account_metric m ON m.account_id = t.account_id WHERE t.role = 'creator'"
UNDISCLOSED="SELECT tp.disclosure = 'undisclosed' AS t, coalesce(s.likely_undisclosed, 0) AS p
             FROM truth_post tp LEFT JOIN post_sponsorship s ON s.post_id = tp.post_id"
TOP1="SELECT printf('%.3f %d', avg(n.niche = substr(t.niches, 1, instr(t.niches || ' ', ' ') - 1)),
        (SELECT count(*) FROM truth_account WHERE role = 'creator'))
      FROM truth_account t JOIN account_niche n ON n.account_id = t.account_id
      WHERE n.score = (SELECT max(score) FROM account_niche n2 WHERE n2.account_id = t.account_id)"

row() {   # NAME DB
    local b o p u n
    b=$(score "$2" "$BOUGHT"); o=$(score "$2" "$BOTS"); p=$(score "$2" "$PODS")
    u=$(score "$2" "$UNDISCLOSED"); n=$(sqlite3 "$2" "$TOP1")
    printf '%-14s %-17s %-19s %-15s %-17s %s\n' "$1" "$b" "$o" "$p" "$u" "$n"
}

header() {
    printf '%-14s %-17s %-19s %-15s %-17s %s\n' world "bought P R n" "bot followers P R n" \
        "pods P R n" "undisclosed P R n" "niche top-1, n"
}

world() {   # NAME ACCOUNTS
    "$NICHE" --db "$TMP/$1.db" synth --accounts "$2" --seed 42 --quiet >/dev/null
}

analyze() {   # DB
    local t0 t1
    t0=$(date +%s.%N)
    "$NICHE" --db "$1" analyze --quiet >/dev/null
    t1=$(date +%s.%N)
    echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }'
}

# Rows are dropped by a hash of their ids, not random(), so that two runs
# drop the same rows.
degrade() {   # NAME SQL
    cp "$TMP/default.db" "$TMP/$1.db"
    sqlite3 "$TMP/$1.db" "PRAGMA foreign_keys = ON; $2"
}

world default 10000
world small 500
[ "$LARGE" = 1 ] && world large 100000
degrade followers4 "DELETE FROM follower WHERE (account_id * 7919 + follower_id * 104729) % 4 <> 0;"
degrade snapshots5 "DELETE FROM snapshot WHERE ((taken_ms / 86400000) / 7) % 5 <> 0;"
degrade nosnapshots "DELETE FROM snapshot;"
degrade comments3 "DELETE FROM post_comment WHERE (rowid * 7919 + author_id * 104729) % 3 <> 0;"
degrade export "DELETE FROM snapshot; DELETE FROM follower WHERE (account_id * 7919 + follower_id * 104729) % 4 <> 0;
    DELETE FROM post_comment WHERE (rowid * 7919 + author_id * 104729) % 3 <> 0;"

header
for w in default small large followers4 snapshots5 nosnapshots comments3 export; do
    [ -f "$TMP/$w.db" ] || continue
    secs=$(analyze "$TMP/$w.db")
    row "$w" "$TMP/$w.db"
    echo "   (analyze ${secs} s)" >&2
done
