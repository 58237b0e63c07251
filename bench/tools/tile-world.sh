#!/usr/bin/env bash
# tile-world.sh - make a larger world by tiling a generated one, for the
# analyze benchmark at sizes that `niche synth` takes too long to write
# into SQLite (about 150k rows/s: over 90 minutes for 1M creator accounts).
#
#   bench/tools/tile-world.sh DB COPIES
#
# Appends COPIES copies of every account, post, known follower, snapshot
# and comment author of DB's first workspace (and a stale post facts row
# for each copied account with posts), with ids shifted past the
# originals and handles and post ids suffixed "~k", in one transaction
# (foreign keys off, synchronous off: a scratch database). Creators and
# ground truth are not copied. Each copy has the distributions of the
# original, so the rates and their peers are those of a world COPIES+1
# times larger, though not an independent draw of one.
set -euo pipefail

DB=${1:?usage: tile-world.sh DB COPIES}
COPIES=${2:?usage: tile-world.sh DB COPIES}
A=$(sqlite3 "$DB" "SELECT max(id) FROM account")
P=$(sqlite3 "$DB" "SELECT max(id) FROM post")
FACTS=$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_schema WHERE name = 'post_facts'")

ACCOUNT_COLS="workspace_id, platform, name, followers, following, posts, bio, country,
  language, category, verified, has_avatar, last_active_ms, avg_likes, avg_comments,
  avg_views, avg_shares, reported_er, audience_country, updated_ms"
POST_COLS="workspace_id, platform, posted_ms, type, caption, hashtags, mentions, likes,
  comments, shares, saves, views, reach, impressions, reach_estimated, sponsored, updated_ms"
{
    echo "PRAGMA foreign_keys=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-2000000; BEGIN;"
    for k in $(seq 1 "$COPIES"); do
        cat <<SQL
INSERT INTO account(id, handle, $ACCOUNT_COLS)
  SELECT id + $A * $k, handle || '~$k', $ACCOUNT_COLS FROM account WHERE id <= $A;
INSERT INTO post(id, account_id, post_id, $POST_COLS)
  SELECT id + $P * $k, account_id + $A * $k, post_id || '~$k', $POST_COLS
  FROM post WHERE id <= $P;
INSERT INTO follower(account_id, follower_id, since_ms)
  SELECT account_id + $A * $k, follower_id + $A * $k, since_ms FROM follower WHERE account_id <= $A;
INSERT INTO snapshot(account_id, taken_ms, followers, following, posts)
  SELECT account_id + $A * $k, taken_ms, followers, following, posts FROM snapshot
  WHERE account_id <= $A;
INSERT INTO post_comment(post_id, author_id, commented_ms, text)
  SELECT post_id + $P * $k, author_id + $A * $k, commented_ms, text FROM post_comment
  WHERE post_id <= $P;
SQL
        # Post facts (schema 7) name post ids: the copies' are built anew
        # by their first analysis, from a stale row each.
        [ "$FACTS" = 0 ] || cat <<SQL
INSERT OR IGNORE INTO post_facts(account_id, data)
  SELECT account_id + $A * $k, NULL FROM post_facts WHERE account_id <= $A;
SQL
    done
    echo "COMMIT; PRAGMA wal_checkpoint(TRUNCATE);"
} | sqlite3 "$DB" >/dev/null
