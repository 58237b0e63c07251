#!/bin/bash
# t1003-reimport: importing again updates in place (accounts by platform +
# handle, posts by post id, snapshots by account + time, edges by pair),
# and a value missing in the file never erases a stored one.
. "$NICHE_SRC/tests/cli/lib.sh"

sql() {
    sqlite3 niche.db "$1"
}

counts() {
    sql "select (select count(*) from account) || ' ' || (select count(*) from post) || ' ' ||
                (select count(*) from follower) || ' ' || (select count(*) from snapshot)"
}

expect_exit 0 niche init

cat >accounts.csv <<'EOF'
platform,handle,name,followers,following,posts,bio,country,category,verified,reported_er,avg_likes
instagram,ana,Ana,1000,10,5,First bio,ES,food,yes,2.5%,40
instagram,ben,Ben,2000,20,6,Ben bio,FR,travel,no,1%,30
tiktok,ana,Ana on TikTok,3000,30,7,,,,,,
EOF
cat >posts.csv <<'EOF'
platform,handle,post_id,likes,comments,views,caption
instagram,ana,p1,100,10,1000,first #one
instagram,ana,p2,200,20,2000,second
EOF
cat >followers.csv <<'EOF'
platform,handle,follower_handle,follower_followers
instagram,ana,ben,2000
instagram,ana,fan,50
EOF
cat >snapshots.csv <<'EOF'
platform,handle,date,followers,following,posts
instagram,ana,2024-01-01,900,10,4
instagram,ana,2024-02-01,1000,10,5
EOF

for k in accounts posts followers snapshots; do
    expect_exit 0 niche import $k $k.csv
done
expect_eq "$(counts)" "4 2 2 2" "first import: 4 accounts (fan made bare), 2 posts, 2 edges, 2 snapshots"
first=$(db_digest niche.db)

# The same files again: the same counts.
for k in accounts posts followers snapshots; do
    expect_exit 0 niche import $k $k.csv
done
expect_eq "$(counts)" "4 2 2 2" "the same files again change no count"

# Accounts: new values replace old ones; missing values keep old ones.
cat >accounts2.csv <<'EOF'
platform,handle,name,followers,following,posts,bio,country,category,verified,reported_er,avg_likes
instagram,ANA,Ana R.,1.5K,,N/A,Second bio,-,,no,#VALOR!,
instagram,@ben,,,,,,,,,,
EOF
expect_exit 0 niche import accounts accounts2.csv
expect_contains out 'imported 2 accounts'
expect_eq "$(counts)" "4 2 2 2" "an update adds no account"
expect_exit 0 niche --json accounts show instagram:ana
expect_py "new values replace stored ones" \
    'j["name"] == "Ana R." and j["followers"] == 1500 and j["bio"] == "Second bio" and j["verified"] is False'
expect_py "empty, N/A, '-', #VALOR! keep the stored value" \
    'j["following"] == 10 and j["posts"] == 5 and j["country"] == "ES" and j["category"] == "food" and abs(j["reported_er"] - 0.025) < 1e-12 and j["avg_likes"] == 40'
expect_exit 0 niche --json accounts show instagram:ben
expect_py "a row of nothing but the key erases nothing" \
    'j["name"] == "Ben" and j["followers"] == 2000 and j["following"] == 20 and j["bio"] == "Ben bio" and j["country"] == "FR" and j["verified"] is False and j["reported_er"] == 0.01'
expect_exit 0 niche --json accounts show tiktok:ana
expect_py "the same handle on another platform is another account, untouched" \
    'j["name"] == "Ana on TikTok" and j["followers"] == 3000'

# A file with fewer columns leaves the others alone.
printf 'platform,handle,followers\ninstagram,ana,1600\n' >narrow.csv
expect_exit 0 niche import accounts narrow.csv
expect_exit 0 niche --json accounts show instagram:ana
expect_py "a narrow file updates only its columns" \
    'j["followers"] == 1600 and j["name"] == "Ana R." and j["bio"] == "Second bio" and j["country"] == "ES"'

# A follower row with features updates the follower's account; a bare
# follower row leaves them.
printf 'platform,handle,follower_handle,follower_followers\ninstagram,ana,ben,\ninstagram,ana,fan,N/A\n' >followers2.csv
expect_exit 0 niche import followers followers2.csv
expect_exit 0 niche --json accounts show instagram:ben
expect_py "a bare follower row keeps ben's followers" 'j["followers"] == 2000 and j["name"] == "Ben"'
expect_exit 0 niche --json accounts show instagram:fan
expect_py "N/A follower_followers keeps fan's 50" 'j["followers"] == 50'
expect_eq "$(counts)" "4 2 2 2" "re-imported edges are not duplicated"

# Posts: updated by post id, missing values kept, hidden likes not erasing
# a known count.
cat >posts2.csv <<'EOF'
platform,handle,post_id,likes,comments,views,caption
instagram,ana,p1,150,,N/A,
instagram,ana,p2,-1,25,-,second edited
instagram,ana,p3,5,,,
EOF
expect_exit 0 niche import posts posts2.csv
expect_eq "$(counts)" "4 3 2 2" "one new post, two updated"
expect_eq "$(sql "select likes, comments, views, caption, hashtags from post where post_id = 'p1'")" \
    "150|10|1000|first #one|one" "p1: likes updated; empty and N/A keep comments, views, caption"
expect_eq "$(sql "select likes, comments, views, caption from post where post_id = 'p2'")" \
    "200|25|2000|second edited" "p2: hidden likes (-1) keep the known 200"

# Snapshots: keyed by account and time.
cat >snapshots2.csv <<'EOF'
platform,handle,date,followers,following,posts
instagram,ana,2024-02-01T00:00:00Z,1100,,
instagram,ana,2024-03-01,1200,11,6
EOF
expect_exit 0 niche import snapshots snapshots2.csv
expect_eq "$(counts)" "4 3 2 3" "the same instant updates, a new date adds"
expect_eq "$(sql "select followers, following, posts from snapshot where taken_ms = 1706745600000")" \
    "1100|10|5" "the updated snapshot keeps following and posts"

# JSON null is missing too.
printf '{"platform":"instagram","handle":"ana","name":null,"followers":null,"country":null,"bio":""}\n' >nulls.jsonl
expect_exit 0 niche import accounts nulls.jsonl
expect_exit 0 niche --json accounts show instagram:ana
expect_py "JSON null and empty strings erase nothing" \
    'j["name"] == "Ana R." and j["followers"] == 1600 and j["country"] == "ES" and j["bio"] == "Second bio"'

# updated_ms moves forward on an update.
before=$(sql "select updated_ms from account where platform = 'instagram' and handle = 'ben'")
sleep 0.01
printf 'platform,handle,followers\ninstagram,ben,2001\n' >ben.csv
expect_exit 0 niche import accounts ben.csv
after=$(sql "select updated_ms from account where platform = 'instagram' and handle = 'ben'")
expect_true "updated_ms grew on update ($before -> $after)" test "$after" -gt "$before"

expect_true "the database changed since the first import" test "$(db_digest niche.db)" != "$first"

test_done
