#!/bin/bash
# t3004-kept-results: `niche analyze` does not rewrite an account's
# hashtags (account_tag) or audience sketches (audience) when the store
# already holds what it found; it writes the changed ones and deletes those
# of accounts that have none now. Whatever changed, the stored results must
# be those of a run that starts from empty tables.
. "$NICHE_SRC/tests/cli/lib.sh"

command -v sqlite3 >/dev/null || skip_all "needs the sqlite3 shell"

same_as_fresh() {
    expect_eq "$(results_digest w.db)" "$(fresh_results_digest w.db)" "$1"
}
analyze() { expect_exit 0 niche --db w.db --json analyze; }
written() { jget 'str(j["tags_written"]) + " " + str(j["sketches_written"])'; }
q() { sqlite3 w.db "$1"; }

expect_exit 0 niche --db w.db synth --accounts 300 --seed 7 --quiet
analyze
expect_eq "$(written)" "$(q "SELECT count(DISTINCT account_id) FROM account_tag") $(q "SELECT count(*) FROM audience")" \
    "the first run writes every account's tags and sketches"
expect_true "and they are many" test "$(q "SELECT count(*) FROM audience")" -gt 250
q "CREATE TABLE before AS SELECT account_id, updated_ms FROM audience"
analyze
expect_eq "$(written)" "0 0" "a second run over the same data writes none"
expect_eq "$(q "SELECT count(*) FROM audience JOIN before USING (account_id)
                WHERE audience.updated_ms = before.updated_ms")" \
          "$(q "SELECT count(*) FROM before")" "and every sketch keeps its time"
same_as_fresh "and the stored results are a fresh run's"

# ---- changes between runs ------------------------------------------------------
A=$(q "SELECT account_id FROM audience ORDER BY account_id LIMIT 1")
F=$(q "SELECT id FROM account WHERE id NOT IN (SELECT follower_id FROM follower
        WHERE account_id = $A) AND id <> $A ORDER BY id LIMIT 1")
q "INSERT INTO follower(account_id, follower_id) VALUES ($A, $F)"
analyze
expect_eq "$(written)" "0 1" "a new follower: one sketch written"
expect_eq "$(q "SELECT count(*) FROM audience JOIN before USING (account_id)
                WHERE audience.updated_ms <> before.updated_ms")" 1 \
    "only that account's sketch has a new time"
same_as_fresh "a new follower"

B=$(q "SELECT account_id FROM audience ORDER BY account_id LIMIT 1 OFFSET 1")
q "DELETE FROM follower WHERE account_id = $B"
analyze
expect_eq "$(q "SELECT count(*) FROM audience WHERE account_id = $B")" 0 \
    "an account with no known followers now: its sketch is gone"
same_as_fresh "followers deleted"

C=$(q "SELECT account_id FROM account_tag ORDER BY account_id LIMIT 1 OFFSET 40")
q "UPDATE post SET hashtags = hashtags || ' brandnewtag',
                   caption = caption || ' #brandnewtag' WHERE account_id = $C"
analyze
expect_eq "$(written)" "1 0" "an account's new hashtag: its tags written, no sketch"
expect_eq "$(q "SELECT posts FROM account_tag WHERE account_id = $C AND tag = 'brandnewtag'")" \
    "$(q "SELECT count(*) FROM post WHERE account_id = $C")" "with the new tag"
same_as_fresh "hashtags changed"

D=$(q "SELECT account_id FROM account_tag ORDER BY account_id LIMIT 1 OFFSET 80")
q "DELETE FROM post WHERE account_id = $D"
analyze
expect_eq "$(q "SELECT count(*) FROM account_tag WHERE account_id = $D")" 0 \
    "an account with no posts now: its tags are gone"
same_as_fresh "posts deleted"

# Rows edited by hand, or written by another version, are found and mended.
E=$(q "SELECT account_id FROM account_tag ORDER BY account_id LIMIT 1 OFFSET 120")
G=$(q "SELECT account_id FROM account_tag ORDER BY account_id LIMIT 1 OFFSET 160")
H=$(q "SELECT account_id FROM audience ORDER BY account_id LIMIT 1 OFFSET 20")
I=$(q "SELECT account_id FROM account_tag ORDER BY account_id LIMIT 1 OFFSET 170")
q "UPDATE account_tag SET posts = posts + 1 WHERE account_id = $E
     AND tag = (SELECT min(tag) FROM account_tag WHERE account_id = $E);
   INSERT INTO account_tag(account_id, tag, posts) VALUES ($G, 'zzz_stray', 1);
   UPDATE account_tag SET posts = posts + 0.5 WHERE account_id = $I
     AND tag = (SELECT min(tag) FROM account_tag WHERE account_id = $I);
   UPDATE audience SET minhash = zeroblob(length(minhash)) WHERE account_id = $H"
analyze
expect_eq "$(written)" "3 1" \
    "a changed count, a stray tag, a fractional count and a damaged sketch are rewritten"
same_as_fresh "rows edited by hand"

# An account nothing is known of any more (no posts, snapshots, known
# followers or bio: not analysed at all) keeps no rows.
K=$(q "SELECT account_id FROM audience WHERE account_id IN (SELECT account_id FROM account_tag)
        ORDER BY account_id LIMIT 1 OFFSET 200")
q "DELETE FROM post WHERE account_id = $K; DELETE FROM follower WHERE account_id = $K;
   DELETE FROM snapshot WHERE account_id = $K;
   UPDATE account SET bio = NULL, category = NULL WHERE id = $K"
analyze
expect_eq "$(q "SELECT (SELECT count(*) FROM account_tag WHERE account_id = $K) +
                       (SELECT count(*) FROM audience WHERE account_id = $K) +
                       (SELECT count(*) FROM account_metric WHERE account_id = $K)")" 0 \
    "an account no longer analysed keeps no results"
same_as_fresh "an account no longer analysed"

# ---- another workspace ---------------------------------------------------------
tags=$(q "SELECT count(*) FROM account_tag"); sketches=$(q "SELECT count(*) FROM audience")
expect_exit 0 niche --db w.db --workspace other synth --accounts 40 --seed 3 --quiet
expect_exit 0 niche --db w.db --workspace other --json analyze
expect_true "another workspace's run writes its own" \
    test "$(q "SELECT count(*) FROM audience")" -gt "$sketches"
analyze
expect_eq "$(written)" "0 0" "and leaves the first workspace's as they were"
expect_true "which still has its own, the other's too" \
    test "$(q "SELECT count(*) FROM account_tag")" -gt "$tags"

test_done
