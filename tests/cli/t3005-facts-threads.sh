#!/bin/bash
# t3005-facts-threads: `niche analyze --threads N` builds stale post facts
# on N threads (lib/analyze_facts.c): by parts of the post table when most
# accounts are stale, else by shares of the stale accounts; facts to
# refresh (new posts) always by shares. Whatever the number of threads, the
# stored facts and the results must be those of one thread, including for
# accounts whose posts lie in two parts or came in two imports (each of
# those is built again alone).
. "$NICHE_SRC/tests/cli/lib.sh"

command -v sqlite3 >/dev/null || skip_all "needs the sqlite3 shell"

facts_digest() {
    sqlite3 "$1" "SELECT account_id, hex(data) FROM post_facts ORDER BY 1" | md5sum
}
# Analyse a copy of $1 on $2 threads; prints how many accounts' facts it
# built and refreshed.
run_on() {
    cp "$1" "t$2.db"
    niche --db "t$2.db" --json analyze --threads "$2" >out 2>err || echo "(analyze failed)"
    jget '"%d %d" % (j["facts_built"], j["facts_refreshed"])'
}
# The results and facts of $2 threads against one, on copies of $1.
same_on() {
    local one many
    one=$(run_on "$1" 1)
    many=$(run_on "$1" "$2")
    expect_eq "$many" "$one" "$3: $2 threads build as many accounts as one ($one)"
    expect_eq "$(facts_digest "t$2.db")" "$(facts_digest t1.db)" "$3: the same facts"
    expect_eq "$(results_digest "t$2.db")" "$(results_digest t1.db)" "$3: the same results"
    expect_eq "$(results_digest t1.db)" "$(fresh_results_digest t1.db)" \
        "$3: as a run from every post"
}

expect_exit 0 niche --db w.db synth --accounts 1000 --seed 7 --quiet
with_posts=$(db_count w.db "SELECT count(DISTINCT account_id) FROM post")
same_on w.db 4 "a first run (by parts)"
expect_eq "$(db_count t4.db "SELECT count(*) FROM post_facts WHERE length(data) < 4")" 0 \
    "every account's facts are stored"
expect_eq "$(run_on w.db 16)" "$with_posts 0" "16 threads build every account once"
expect_eq "$(results_digest t16.db)" "$(results_digest t1.db)" "with the same results"

# Accounts whose posts came in two imports: their new posts sit at the end
# of the table, in another part than their first ones.
cp t1.db w2.db
sqlite3 -csv w2.db "SELECT platform, handle, 'late-' || id, '2026-11-20T10:00:00Z',
                      'Back with @latebrand #ad #late', 90, 7
                    FROM account WHERE id IN (SELECT account_id FROM post)
                    AND id % 3 = 0" >late.rows
{ echo "platform,handle,post_id,posted_at,caption,likes,comments"; cat late.rows; } >late.csv
expect_exit 0 niche --db w2.db import posts late.csv
touched=$(db_count w2.db "SELECT count(*) FROM post_facts WHERE changed = 2")
expect_true "a third of the accounts are to be refreshed ($touched)" test "$touched" -gt 300
sqlite3 w2.db "UPDATE post_facts SET data = NULL"
same_on w2.db 3 "posts in two places (by parts)"

# Facts to refresh, and fewer than half stale: each account is read alone,
# shared between threads.
cp t16.db w3.db   # analysed, before any late post
expect_exit 0 niche --db w3.db import posts late.csv
sqlite3 w3.db "UPDATE post_facts SET data = NULL WHERE account_id % 7 = 0"
same_on w3.db 4 "a run after an import (account by account)"
expect_py "which refreshes most of the accounts it touched and builds the stale ones" \
    'j["facts_refreshed"] > 250 and j["facts_built"] > 100'

# Account by account, some accounts got only new posts (refreshed from
# those alone), others new numbers too (refreshed from all their posts).
cp t16.db w6.db   # analysed, before any late post
expect_exit 0 niche --db w6.db import posts late.csv
sqlite3 w6.db "UPDATE post SET likes = likes + 2 WHERE id IN
                 (SELECT min(id) FROM post WHERE account_id % 2 = 0 GROUP BY account_id)"
expect_eq "$(db_count w6.db "SELECT count(DISTINCT changed) FROM post_facts WHERE changed > 0")" \
    2 "some accounts to refresh from their new posts, some from all"
same_on w6.db 2 "new posts and new numbers (account by account)"

# Most accounts to refresh or build: one scan refreshes the accounts whose
# posts it meets in one place; those with new posts elsewhere get a second
# round, account by account.
cp t16.db w4.db
expect_exit 0 niche --db w4.db import posts late.csv
sqlite3 w4.db "UPDATE post_facts SET data = NULL WHERE account_id % 4 = 1"
same_on w4.db 3 "refreshes and builds by scan, then a second round"
expect_py "which refreshes the accounts with new posts and builds the stale ones" \
    'j["facts_refreshed"] > 200 and j["facts_built"] > 200'

# New numbers for every account's latest post: all refreshed, by scan, and
# for the third whose latest post lies apart from its others, by a second
# round.
cp t1.db w5.db
sqlite3 -csv w5.db "SELECT a.platform, a.handle, p.post_id,
                      strftime('%Y-%m-%dT%H:%M:%SZ', p.posted_ms / 1000, 'unixepoch'), p.type,
                      p.caption, coalesce(p.hashtags, ''), coalesce(p.mentions, ''),
                      coalesce(p.likes + 3, ''), coalesce(p.comments, ''),
                      coalesce(p.shares, ''), coalesce(p.views, ''),
                      CASE p.sponsored WHEN 1 THEN 'true' WHEN 0 THEN 'false' ELSE '' END
                    FROM post p JOIN account a ON a.id = p.account_id
                    WHERE p.id IN (SELECT max(id) FROM post GROUP BY account_id)" >upd.rows
{ echo "platform,handle,post_id,posted_at,type,caption,hashtags,mentions,likes,comments,shares,views,sponsored"
  cat upd.rows; } >upd.csv
expect_exit 0 niche --db w5.db import posts upd.csv
expect_eq "$(db_count w5.db "SELECT count(*) FROM post_facts WHERE data IS NULL")" 0 \
    "new numbers leave every blob in place"
same_on w5.db 4 "new numbers for every account (by scan)"
expect_eq "$(jget '"%d %d" % (j["facts_built"], j["facts_refreshed"])')" "0 $with_posts" \
    "every account refreshed, none built"

expect_exit 2 niche --db w.db analyze --threads 17
expect_contains err "--threads must be 0 (one per core) to 16"
expect_exit 2 niche --db w.db analyze --threads -1

test_done
