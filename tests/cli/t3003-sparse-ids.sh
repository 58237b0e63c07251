#!/bin/bash
# t3003-sparse-ids: `niche analyze` finds an account by id through a direct
# table when the workspace's ids are dense, and by binary search when they
# are not (lib/analyze.c, build_index). The followers and comments passes
# read followers and comment authors through byte tables built only in the
# dense case. Both ways must give the same results.
. "$NICHE_SRC/tests/cli/lib.sh"

command -v sqlite3 >/dev/null || skip_all "needs the sqlite3 shell"

expect_exit 0 niche --db dense.db synth --accounts 300 --seed 3 --quiet
cp dense.db sparse.db
# An account with nothing known, a billion ids away: the id span is now far
# more than four times the number of accounts, so no direct table is built.
# It follows an account and comments on a post, so both passes meet an id
# they must look up in the sparse case as well.
sqlite3 sparse.db "
  INSERT INTO account(id, workspace_id, platform, handle, updated_ms)
    SELECT 1000000000, workspace_id, 'x', 'far_away', 0 FROM account LIMIT 1;
  INSERT INTO follower(account_id, follower_id)
    SELECT min(account_id), 1000000000 FROM follower;
  INSERT INTO post_comment(post_id, author_id)
    SELECT min(id), 1000000000 FROM post;"
sqlite3 dense.db "
  INSERT INTO account(id, workspace_id, platform, handle, updated_ms)
    SELECT max(id) + 1, workspace_id, 'x', 'far_away', 0 FROM account;
  INSERT INTO follower(account_id, follower_id)
    SELECT min(account_id), (SELECT max(id) FROM account) FROM follower;
  INSERT INTO post_comment(post_id, author_id)
    SELECT min(id), (SELECT max(id) FROM account) FROM post;"

expect_exit 0 niche --db dense.db --json analyze
expect_py "the dense world is analysed, with a pod among its commenters" \
    'j["follower_edges"] > 1000 and j["comments"] > 100 and j["pods"] >= 1'
expect_exit 0 niche --db sparse.db --json analyze
edges=$(db_count dense.db "SELECT count(*) FROM follower")
comments=$(db_count dense.db "SELECT count(*) FROM post_comment")
expect_py "the sparse world reads as many edges and comments" \
    "j['follower_edges'] == $edges and j['comments'] == $comments"

# The far account's id differs between the two: compare without it, and
# without the sketch of the account it follows (a sketch hashes ids).
for db in sparse.db dense.db; do
    sqlite3 $db "DELETE FROM follower_class WHERE account_id = (SELECT max(id) FROM account);
                 DELETE FROM audience WHERE account_id = (SELECT min(account_id) FROM follower)"
done
expect_eq "$(results_digest sparse.db)" "$(results_digest dense.db)" \
    "sparse ids give the results of dense ids"
expect_true "the far account was typed as a follower in both" \
    test "$(db_count sparse.db "SELECT followers_classified FROM analysis_run")" = \
         "$(db_count dense.db "SELECT followers_classified FROM analysis_run")"

test_done
