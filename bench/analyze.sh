#!/usr/bin/env bash
# analyze.sh - the speed of `niche analyze` (docs/benchmarks.md).
#
#   bench/analyze.sh BUILD_DIR
#
# Generates a world into SQLite with `niche synth` (100,000 creator
# accounts by default: 3.6M posts, 11.6M known followers, 2.6M snapshots;
# the issue's 1,000,000 is ten times that and takes over 90 minutes to
# write, since synth into SQLite runs at about 150k rows/s), then times, on
# the same database:
#   niche      `niche analyze` three times: every metric of
#              docs/quality.md, written back; the first run also reduces
#              every post to its account's post facts, the second reads
#              those and finds nothing changed, the third follows an
#              import of a new post and a new known follower for one
#              account with posts in ten (a later day's import)
#   the peer   one SQL query in sqlite3 computing ER_F_MEAN (latest 12 posts,
#              hidden likes left out, per-network numerator, floor of 10
#              valid posts) for every account, results discarded
# and checks that both give the same ER_F_MEAN for every account (the peer
# is also a cross-check of the formula). Wall and CPU time and peak memory
# come from GNU time.
#
# Environment (defaults in brackets):
#   BENCH_ANALYZE_ACCOUNTS [100000]   creator accounts of the world
#   BENCH_ANALYZE_DB []               reuse this database instead (kept,
#                                     with the third run's import in it)
#   BENCH_ANALYZE_UPDATE [1]          0: no import and third run
#   BENCH_ANALYZE_TMP [BUILD_DIR/bench-analyze]
set -euo pipefail

BUILD=${1:?usage: bench/analyze.sh BUILD_DIR}
NICHE="$BUILD/niche"
ACCOUNTS=${BENCH_ANALYZE_ACCOUNTS:-100000}
TMP=${BENCH_ANALYZE_TMP:-$BUILD/bench-analyze}
DB=${BENCH_ANALYZE_DB:-}
[ -x "$NICHE" ] || { echo "analyze.sh: no $NICHE (run make bench)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "analyze.sh: needs GNU time (/usr/bin/time)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "analyze.sh: needs sqlite3" >&2; exit 1; }
mkdir -p "$TMP"

if [ -z "$DB" ]; then
    DB="$TMP/world.db"
    rm -f "$DB" "$DB-wal" "$DB-shm"
    trap 'rm -rf "$TMP"' EXIT
    /usr/bin/time -f '%e %M' -o "$TMP/synth.time" \
        "$NICHE" --db "$DB" synth --accounts "$ACCOUNTS" --seed 42 --quiet >/dev/null
    echo "world: $ACCOUNTS creator accounts into SQLite in $(cut -d' ' -f1 "$TMP/synth.time") s"
fi
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
read -r accounts posts edges snaps <<<"$(sqlite3 -separator ' ' "$DB" \
    "SELECT (SELECT count(*) FROM account), (SELECT count(*) FROM post),
            (SELECT count(*) FROM follower), (SELECT count(*) FROM snapshot)")"
echo "database: $accounts accounts, $posts posts, $edges known followers, $snaps snapshots," \
     "$(du -m "$DB" | cut -f1) MB"
# Both sides start with the database in the page cache, as far as memory
# holds it: at the issue's size (14 GB) a run that reads part of it from
# disk took 75-80 s instead of 44-55 s (docs/benchmarks.md, session 8).
cat "$DB" >/dev/null

# The peer: ER_F_MEAN in one query. Numerators as lib/metrics.c: instagram
# and youtube L+C, tiktok and facebook L+C+shares, x likes+shares; a like
# count of 3 with more comments or many views is the scrapers' "hidden".
PEER_SQL="
WITH r AS (
  SELECT account_id,
         CASE WHEN likes IS NULL THEN NULL
              WHEN likes = 3 AND (comments > 3 OR views > 3000) THEN NULL  -- bogus 3
              WHEN platform = 'x' THEN likes + shares
              WHEN platform IN ('tiktok', 'facebook') THEN likes + comments + shares
              ELSE likes + comments END AS e,
         row_number() OVER (PARTITION BY account_id ORDER BY posted_ms DESC) AS k
  FROM post)
SELECT a.id, sum(r.e) * 1.0 / (a.followers * count(r.e))
FROM r JOIN account a ON a.id = r.account_id
WHERE r.k <= 12 AND a.followers > 0
GROUP BY a.id HAVING count(r.e) >= 10"

/usr/bin/time -f '%e %U %S %M' -o "$TMP/peer.time" \
    sqlite3 "$DB" "$PEER_SQL" >"$TMP/peer.txt"
# The first run reads every post whose facts are stale (all of them in a
# new world) and stores their facts; the second reads the facts
# (docs/internals/facts.md). Both are timed.
/usr/bin/time -f '%e %U %S %M' -o "$TMP/niche.time" \
    "$NICHE" --db "$DB" --json analyze --quiet >"$TMP/run1.json"
/usr/bin/time -f '%e %U %S %M' -o "$TMP/niche2.time" \
    "$NICHE" --db "$DB" --json analyze --quiet >"$TMP/run2.json"
# The rates to check against the peer's, before the import changes some.
sqlite3 "$DB" "SELECT account_id, er_f_mean FROM account_metric WHERE er_f_mean IS NOT NULL" \
    >"$TMP/niche.txt"
rm -f "$TMP/run3.json" "$TMP/niche3.time"
# A later day: a new post and a new known follower for one account with
# posts in ten, imported as a user would, then the analysis again.
# Post ids and follower handles are new on every run of the benchmark,
# so that a reused database gets a day of new data each time.
if [ "${BENCH_ANALYZE_UPDATE:-1}" != 0 ]; then
    day=$(date +%s)
    { echo "platform,handle,post_id,posted_at,caption,likes,comments"
      sqlite3 -csv "$DB" "SELECT platform, handle, 'bench-$day-' || id, '2026-11-02T00:00:00Z',
                                 'A new post #benchtag', 100, 10 FROM account
                          WHERE id % 10 = 0 AND id IN (SELECT account_id FROM post_facts)"
    } >"$TMP/new-posts.csv"
    { echo "platform,handle,follower_handle"
      sqlite3 -csv "$DB" "SELECT platform, handle, 'bench_fan_${day}_' || id FROM account
                          WHERE id % 10 = 0 AND id IN (SELECT account_id FROM post_facts)"
    } >"$TMP/new-followers.csv"
    "$NICHE" --db "$DB" import posts "$TMP/new-posts.csv" >/dev/null
    "$NICHE" --db "$DB" import followers "$TMP/new-followers.csv" >/dev/null
    /usr/bin/time -f '%e %U %S %M' -o "$TMP/niche3.time" \
        "$NICHE" --db "$DB" --json analyze --quiet >"$TMP/run3.json"
fi
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
for k in 1 2 3; do
    [ -e "$TMP/run$k.json" ] || continue
    echo "run $k: post facts built for $(field "$TMP/run$k.json" facts_built) accounts," \
         "refreshed for $(field "$TMP/run$k.json" facts_refreshed)," \
         "hashtags written for $(field "$TMP/run$k.json" tags_written)," \
         "sketches for $(field "$TMP/run$k.json" sketches_written)"
done

row() {   # label, then wall user sys peak-KB from a GNU time file
    local w u s m
    read -r w u s m <"$2"
    printf '%-40s %9.1f %9.1f %9.0f\n' "$1" "$w" "$(echo "$u + $s" | bc)" "$(echo "$m / 1024" | bc)"
}
printf '%-40s %9s %9s %9s\n' "" "wall s" "CPU s" "peak MB"
row "niche analyze, first run (everything)" "$TMP/niche.time"
row "niche analyze, again (from post facts)" "$TMP/niche2.time"
[ ! -e "$TMP/niche3.time" ] || row "niche analyze, after a day's import" "$TMP/niche3.time"
row "sqlite3 one query (ER_F_MEAN)" "$TMP/peer.time"
pw=$(cut -d' ' -f1 "$TMP/peer.time")
ratio() { echo "scale=2; $pw / $(cut -d' ' -f1 "$1")" | bc; }
third=""
[ ! -e "$TMP/niche3.time" ] || third=", after the import $(ratio "$TMP/niche3.time")"
echo "ratio (peer wall / niche wall): first run $(ratio "$TMP/niche.time")," \
     "again $(ratio "$TMP/niche2.time")$third"

# The same rates: every account the peer rates, niche rates alike.
python3 - "$TMP/peer.txt" "$TMP/niche.txt" <<'EOF'
import sys
def load(p):
    return {int(a): float(b) for a, b in (l.strip().split('|') for l in open(p) if l.strip())}
peer, ours = load(sys.argv[1]), load(sys.argv[2])
# niche stores results at float precision (docs/internals/store.md): the
# difference is relative, and within float rounding (2^-24 ~ 6e-8).
diff = max((abs(peer[k] - ours.get(k, float('inf'))) / max(abs(peer[k]), 1e-300)
            for k in peer), default=0.0)
print(f"ER_F_MEAN agreement: {len(peer)} accounts rated by the peer, {len(ours)} by niche, "
      f"max relative difference {diff:.2e}")
sys.exit(0 if len(peer) == len(ours) and diff < 1e-7 else 1)
EOF
