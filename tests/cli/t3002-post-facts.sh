#!/bin/bash
# t3002-post-facts: `niche analyze` reads each account's posts once and
# keeps their facts (lib/facts.c); later runs read the facts, and refresh
# them when only new posts or new numbers came in. Whatever changed in
# between (new posts, new numbers, an edited or deleted post, an account's
# language, a damaged or foreign blob), the results must be those of a run
# that reads every post afresh.
. "$NICHE_SRC/tests/cli/lib.sh"

command -v sqlite3 >/dev/null || skip_all "needs the sqlite3 shell"

facts_built() { niche --db w.db --json analyze >out 2>err; jget 'j["facts_built"]'; }
# Analyse; print how many accounts' facts were built whole, and refreshed.
facts_work() {
    niche --db w.db --json analyze >out 2>err
    jget '"%d %d" % (j["facts_built"], j["facts_refreshed"])'
}
same_as_fresh() {
    expect_eq "$(results_digest w.db)" "$(fresh_results_digest w.db)" "$1"
}

expect_exit 0 niche --db w.db synth --accounts 300 --seed 7 --quiet
with_posts=$(db_count w.db "SELECT count(DISTINCT account_id) FROM post")
expect_eq "$(db_count w.db "SELECT count(*) FROM post_facts WHERE data IS NULL")" "$with_posts" \
    "synth leaves one stale facts row per account with posts"

expect_eq "$(facts_built)" "$with_posts" "the first run reduces every account's posts"
expect_eq "$(db_count w.db "SELECT count(*) FROM post_facts WHERE data IS NULL")" 0 \
    "and stores their facts"
first=$(results_digest w.db)
expect_eq "$(facts_built)" 0 "a second run reads only facts"
expect_eq "$(results_digest w.db)" "$first" "and gives the first run's results"
same_as_fresh "a run from facts gives what a run from the posts gives"
expect_true "the run's numbers name the posts read" \
    test "$(jget 'j["posts"]')" = "$(db_count w.db "SELECT count(*) FROM post")"
expect_true "and every comment author" \
    test "$(jget 'j["comments"]')" = "$(db_count w.db "SELECT count(*) FROM post_comment")"
expect_true "and every known follower" \
    test "$(jget 'j["follower_edges"]')" = "$(db_count w.db "SELECT count(*) FROM follower")"
expect_true "and every snapshot" \
    test "$(jget 'j["snapshots"]')" = "$(db_count w.db "SELECT count(*) FROM snapshot")"

# ---- changes between runs ------------------------------------------------------

read -r pl h1 <<<"$(sqlite3 -separator ' ' w.db \
    "SELECT platform, handle FROM account WHERE id IN (SELECT account_id FROM post)
     ORDER BY id LIMIT 1")"
read -r pl2 h2 <<<"$(sqlite3 -separator ' ' w.db \
    "SELECT platform, handle FROM account WHERE id IN (SELECT account_id FROM post)
     ORDER BY id LIMIT 1 OFFSET 5")"
cat >more.csv <<EOF
platform,handle,post_id,posted_at,type,caption,likes,comments,shares,saves,views,sponsored
$pl,$h1,new1,2026-11-20T10:00:00Z,image,#ad Loving this with @newbrand today,500,40,3,,,
$pl,$h1,new2,2026-11-21T10:00:00Z,image,Thanks to @newbrand for the gift #gifted,-1,12,,,,
$pl,$h1,new4,2026-11-18T10:00:00Z,image,Made with @newbrand and @al! cc @b,70,5,,,,
$pl2,$h2,new3,2026-11-19T10:00:00Z,image,A morning run and a protein shake #fitness,80,9,,,,
EOF
expect_exit 0 niche --db w.db import posts more.csv
expect_eq "$(db_count w.db "SELECT count(*) FROM post_facts WHERE changed = 2
                            AND data IS NOT NULL")" 2 \
    "an import of new posts marks the facts of the accounts it touched to be refreshed"
expect_eq "$(facts_work)" "0 2" "the next run refreshes those two accounts' facts"
expect_contains out '"facts_refreshed": 2'
same_as_fresh "new posts: same as a run from every post"

# New numbers for known posts: the blob is refreshed, not rebuilt.
sed 's/,500,40,3,,,$/,650,44,5,,,/; s/,80,9,,,,$/,81,9,,,,/' more.csv >more2.csv
expect_exit 0 niche --db w.db import posts more2.csv
expect_eq "$(db_count w.db "SELECT count(*) FROM post_facts WHERE changed = 1")" 2 \
    "new numbers mark them to be refreshed from every post"
expect_eq "$(facts_work)" "0 2" "new likes and comments refresh the facts"
same_as_fresh "new numbers: same as a run from every post"
sqlite3 w.db "UPDATE post SET likes = likes + 7, posted_ms = posted_ms - 86400000
              WHERE id IN (SELECT min(id) FROM post GROUP BY account_id LIMIT 5)"
expect_eq "$(facts_work)" "0 5" "numbers and times edited by hand refresh the facts"
same_as_fresh "new numbers and times: same as a run from every post"
expect_exit 0 niche --db w.db import posts more2.csv
expect_eq "$(db_count w.db "SELECT count(*) FROM post_facts WHERE changed <> 0")" 0 \
    "posts imported again, unchanged, mark nothing"
expect_eq "$(facts_work)" "0 0" "and the next run reads only facts"
same_as_fresh "the same posts again: same as a run from every post"

# A hashtag only new posts carry climbs into the account's top tags.
{ echo "platform,handle,post_id,posted_at,caption,hashtags,likes,comments"
  for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
      echo "$pl2,$h2,rise$i,2026-11-2${i: -1}T08:00:00Z,Rising #risingtag,risingtag,10,1"
  done; } >rise.csv
expect_exit 0 niche --db w.db import posts rise.csv
expect_eq "$(db_count w.db "SELECT changed FROM post_facts WHERE account_id =
                            (SELECT id FROM account WHERE handle = '$h2')")" 2 \
    "new posts only: refreshed from them alone"
expect_eq "$(facts_work)" "0 1" "twelve new posts are added to the account's facts"
expect_eq "$(db_count w.db "SELECT posts FROM account_tag WHERE tag = 'risingtag'")" 12 \
    "and their hashtag is among its top tags"
same_as_fresh "a new top hashtag: same as a run from every post"

sqlite3 w.db "UPDATE post SET likes = likes + 1000, caption = caption || ' #ad'
              WHERE id = (SELECT min(id) FROM post WHERE account_id =
                          (SELECT max(account_id) FROM post))"
expect_eq "$(facts_built)" 1 "an edited post makes its account's facts stale"
same_as_fresh "an edited post: same as a run from every post"

sqlite3 w.db "DELETE FROM post WHERE id = (SELECT max(id) FROM post)"
expect_eq "$(facts_built)" 1 "a deleted post makes its account's facts stale"
same_as_fresh "a deleted post: same as a run from every post"

acct=$(db_count w.db "SELECT min(account_id) FROM post")
sqlite3 w.db "DELETE FROM post WHERE account_id = $acct"
expect_eq "$(facts_built)" 1 "an account whose posts are all gone is read again"
expect_eq "$(db_count w.db "SELECT count(*) FROM account_metric WHERE account_id = $acct
                            AND er_f_mean IS NOT NULL")" 0 \
    "and has no rate left"
same_as_fresh "no posts left: same as a run from every post"
read -r pl0 h0 <<<"$(sqlite3 -separator ' ' w.db "SELECT platform, handle FROM account
                                                  WHERE id = $acct")"
printf 'platform,handle,post_id,posted_at,caption,likes,comments\n%s,%s,back1,%s,%s,40,2\n' \
    "$pl0" "$h0" 2026-11-22T09:00:00Z "Back again #fitness" >back.csv
expect_exit 0 niche --db w.db import posts back.csv
expect_eq "$(facts_work)" "0 1" "a post for an account with none refreshes its empty facts"
same_as_fresh "a first post again: same as a run from every post"

# Captions are read in the account's language: a new one needs a new read.
read -r pl3 h3 <<<"$(sqlite3 -separator ' ' w.db \
    "SELECT platform, handle FROM account WHERE id IN (SELECT account_id FROM post)
     AND language = 'en' ORDER BY id DESC LIMIT 1")"
printf 'platform,handle,language\n%s,%s,de\n' "$pl3" "$h3" >lang.csv
expect_exit 0 niche --db w.db import accounts lang.csv
expect_eq "$(facts_built)" 1 "an account in another language is read again"
same_as_fresh "a new language: same as a run from every post"

# ---- damaged facts are rebuilt, never trusted ---------------------------------

sqlite3 w.db "UPDATE post_facts SET data = x'4e4601' || randomblob(64)
              WHERE account_id = (SELECT max(account_id) FROM post_facts);
              UPDATE post_facts SET data = x'4e467f00'
              WHERE account_id = (SELECT min(account_id) FROM post_facts);
              UPDATE post_facts SET data = substr(data, 1, length(data) - 3)
              WHERE account_id = (SELECT min(account_id) + 7 FROM post_facts)"
expect_eq "$(facts_built)" 3 "damaged, foreign and cut blobs are read again"
same_as_fresh "damaged facts: same as a run from every post"
expect_eq "$(facts_built)" 0 "and stored anew"

# A run killed while rebuilding leaves its claimed rows (an empty blob).
sqlite3 w.db "UPDATE post_facts SET data = x'' WHERE account_id IN
              (SELECT account_id FROM post_facts ORDER BY account_id LIMIT 4)"
expect_eq "$(facts_built)" 4 "rows a killed run had claimed are read again"
same_as_fresh "claimed rows: same as a run from every post"
expect_eq "$(db_count w.db "SELECT count(*) FROM post_facts WHERE length(data) < 4")" 0 \
    "and stored"

# ---- pods are numbered the same whichever facts were fresh ---------------------

# Six creators without a bio, category or snapshots (as `import posts` makes
# them) get their result slot in the posts pass, in the order their facts
# are used; two pods among them must keep their numbers anyway.
expect_exit 0 niche --db p.db synth --accounts 300 --seed 7 --quiet
sqlite3 p.db "DELETE FROM post_comment;
              UPDATE account SET bio = NULL, category = NULL WHERE id BETWEEN 21 AND 26;
              DELETE FROM snapshot WHERE account_id BETWEEN 21 AND 26"
for pod in "21 22 23" "24 25 26"; do
    for x in $pod; do
        for y in $pod; do
            [ "$x" = "$y" ] || sqlite3 p.db "INSERT INTO post_comment(post_id, author_id,
                commented_ms) SELECT id, $x, posted_ms + 1000 FROM post
                WHERE account_id = $y ORDER BY id LIMIT 3"
        done
    done
done
pods() {
    niche --db p.db analyze --quiet >/dev/null 2>&1
    sqlite3 p.db "SELECT group_concat(account_id || ':' || pod, ' ') FROM
                  (SELECT account_id, pod FROM account_metric
                   WHERE account_id BETWEEN 21 AND 26 ORDER BY account_id)"
}
expect_eq "$(pods)" "21:1 22:1 23:1 24:2 25:2 26:2" "two pods, numbered by their first account"
sqlite3 p.db "UPDATE post_facts SET data = NULL WHERE account_id IN (21, 22, 23)"
expect_eq "$(pods)" "21:1 22:1 23:1 24:2 25:2 26:2" "the same numbers when some facts are rebuilt"

# ---- another workspace in the same database ----------------------------------

expect_exit 0 niche --db w.db --workspace other synth --accounts 40 --seed 3 --quiet
in_other="FROM post p JOIN account a ON a.id = p.account_id
          JOIN workspace s ON s.id = a.workspace_id WHERE s.name = 'other'"
expect_exit 0 niche --db w.db --workspace other --json analyze
expect_py "another workspace: its own posts only, each of its accounts reduced" \
    "j['posts'] == $(db_count w.db "SELECT count(*) $in_other") and j['facts_built'] == $(db_count w.db "SELECT count(DISTINCT p.account_id) $in_other")"
default_posts=$(db_count w.db "SELECT count(*) FROM post p JOIN account a ON a.id = p.account_id
                               JOIN workspace s ON s.id = a.workspace_id
                               WHERE s.name = 'default'")
expect_exit 0 niche --db w.db --json analyze
expect_py "and the first workspace's facts are still fresh, its posts still its own" \
    "j['facts_built'] == 0 and j['posts'] == $default_posts"

# A post moved to the other workspace by hand is no longer the first's.
# (fresh_results_digest analyses the first workspace only: both here.)
other=$(db_count w.db "SELECT id FROM workspace WHERE name = 'other'")
sqlite3 w.db "UPDATE post SET workspace_id = $other, post_id = post_id || '-moved'
              WHERE id = (SELECT min(id) FROM post WHERE account_id = 2)"
expect_eq "$(facts_built)" 1 "a post moved to another workspace makes the facts stale"
expect_exit 0 niche --db w.db --workspace other analyze --quiet
cp w.db both.db
sqlite3 both.db "UPDATE post_facts SET data = NULL; DELETE FROM account_tag; DELETE FROM audience"
expect_exit 0 niche --db both.db analyze --quiet
expect_exit 0 niche --db both.db --workspace other analyze --quiet
expect_eq "$(results_digest w.db)" "$(results_digest both.db)" \
    "a post in another workspace: same as a run from every post"

test_done
