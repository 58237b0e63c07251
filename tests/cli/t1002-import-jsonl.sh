#!/bin/bash
# t1002-import-jsonl: every kind from JSON Lines: JSON types and messy
# strings, null and missing keys, nested key paths through --map.
. "$NICHE_SRC/tests/cli/lib.sh"

show() {
    expect_exit 0 niche --json accounts show "$1"
}

sql() {
    sqlite3 niche.db "$1"
}

expect_exit 0 niche init

# ---- accounts ------------------------------------------------------------

cat >accounts.jsonl <<'EOF'
{"platform":"youtube","handle":"@Zed","name":"Zed 🎸","followers":"1.3M","following":12,"posts":340.0,"verified":true,"reported_er":"1.39%","category":"music","avg_likes":"137.6K","avg_views":2500000}
{"platform":"youtube","handle":"yan","followers":null,"following":"N/A","posts":"-","verified":null,"reported_er":"NaN","avg_likes":"#VALOR!","country":"N/A","name":""}
{"platform":"youtube","handle":"xi","followers":1234,"avg_likes":12.5,"reported_er":2.5,"verified":"no","posts":"29.0b","following":"1,234"}
{"platform":"instagram","handle":"wu","followers":"","bio":"line\nbreak \"quoted\" \u00e9 \ud83d\ude00","verified":1}
EOF
expect_exit 0 niche import accounts accounts.jsonl
expect_contains out 'imported 4 accounts from accounts.jsonl'
show youtube:zed
expect_py "strings with suffixes and JSON numbers" \
    'j["followers"] == 1300000 and j["following"] == 12 and j["posts"] == 340 and j["avg_likes"] == 137600 and j["avg_views"] == 2500000'
expect_py "name with emoji; true; 1.39%" \
    'j["name"] == "Zed 🎸" and j["verified"] is True and abs(j["reported_er"] - 0.0139) < 1e-12 and j["category"] == "music"'
show youtube:yan
expect_py "null, N/A, -, NaN, #VALOR!, empty string: all missing" \
    'all(j[k] is None for k in ("followers", "following", "posts", "verified", "reported_er", "avg_likes", "country", "name"))'
show youtube:xi
expect_py "a JSON number rate is in percent points (2.5 -> 0.025)" \
    'abs(j["reported_er"] - 0.025) < 1e-12 and j["avg_likes"] == 12.5 and j["followers"] == 1234'
expect_py "strings '29.0b' and '1,234'; 'no'" \
    'j["posts"] == 29000000000 and j["following"] == 1234 and j["verified"] is False'
show instagram:wu
expect_py "JSON escapes decode; 1 is true; '' followers missing" \
    'j["bio"] == "line\nbreak \"quoted\" é \U0001F600" and j["verified"] is True and j["followers"] is None'
expect_eq "$(sql "select count(*) from account where followers = 0 or posts = 0")" 0 \
    "no missing count became 0"

# A key the importer does not know is ignored; a blank line is skipped.
printf '{"platform":"x","handle":"extra","followers":5,"unknown_key":{"a":[1,2]}}\n\n   \n{"platform":"x","handle":"extra2"}\n' >extra.jsonl
expect_exit 0 niche --json import accounts extra.jsonl
expect_py "unknown keys ignored, blank lines not rows" 'j["imported"] == 2 and j["skipped"] == 0'

# ---- nested key paths ----------------------------------------------------

cat >nested.jsonl <<'EOF'
{"owner":{"username":"Nested_One","full_name":"Nested One","stats":{"subs":"2.5K","er":"3.1%"}},"tags":{"a":"food","b":"travel"},"followers":999}
{"owner":{"username":"nested_two","stats":{"subs":null}},"tags":{"a":"tech"}}
{"owner":{"username":"nested_three","stats":"flat"},"tags":null}
EOF
expect_exit 0 niche import accounts nested.jsonl --platform instagram \
    --map handle=owner.username --map name=owner.full_name --map followers=owner.stats.subs \
    --map reported_er=owner.stats.er --map category=tags.a --map category=tags.b
expect_contains out 'imported 3 accounts'
show instagram:nested_one
expect_py "owner.username, owner.stats.subs: the map wins over the top-level key" \
    'j["name"] == "Nested One" and j["followers"] == 2500 and abs(j["reported_er"] - 0.031) < 1e-12'
expect_py "two key paths into category" 'j["category"] == "food; travel"'
show instagram:nested_two
expect_py "null at the end of a path is missing" 'j["followers"] is None and j["category"] == "tech"'
show instagram:nested_three
expect_py "a path through a non-object is missing" 'j["followers"] is None and j["category"] is None'

# ---- posts ---------------------------------------------------------------

cat >posts.jsonl <<'EOF'
{"platform":"tiktok","handle":"@Zoe","post_id":12345678901234567,"posted_at":"2024-05-01T08:30:00+02:00","type":"short","caption":"hi @Pal. #Tag","likes":-1,"comments":"N/A","views":"2.5M","hashtags":["#One","two"],"sponsored":false}
{"platform":"tiktok","handle":"zoe","post_id":"abc","posted_at":1714550400000,"likes":"1,234","comments":-1,"views":null,"shares":"12","saves":0}
{"platform":"tiktok","handle":"zoe","post_id":"def","likes":0,"comments":0,"views":-1}
EOF
expect_exit 0 niche --json import posts posts.jsonl
expect_py "import --json reports rows and the new account" \
    'j["kind"] == "posts" and j["file"] == "posts.jsonl" and j["rows"] == 3 and j["imported"] == 3 and j["accounts_created"] == 1 and j["skipped_rows"] == []'
expect_eq "$(sql "select post_id, posted_ms, type, likes is null, comments is null, views, sponsored, hashtags, mentions from post where post_id = '12345678901234567'")" \
    "12345678901234567|1714545000000|short|1|1|2500000|0|one two|pal" \
    "a numeric post id kept exactly; likes -1 hidden; N/A comments null; a list of hashtags"
expect_eq "$(sql "select posted_ms, likes, comments is null, views is null, shares, saves from post where post_id = 'abc'")" \
    "1714550400000|1234|1|1|12|0" "Unix ms time; '1,234' likes; comments -1 hidden; views null"
expect_eq "$(sql "select likes, comments, views is null from post where post_id = 'def'")" \
    "0|0|1" "zero likes is 0; views -1 hidden"
show tiktok:zoe
expect_py "three posts stored for zoe" 'j["stored"]["posts"] == 3'

# ---- followers -----------------------------------------------------------

cat >followers.jsonl <<'EOF'
{"platform":"tiktok","handle":"zoe","follower_handle":"f1","follower_followers":"3.4K","follower_has_avatar":true,"since":"2024-01-01"}
{"platform":"tiktok","handle":"zoe","follower_handle":"@F2","follower_followers":null}
{"platform":"tiktok","handle":"zoe","follower":{"handle":"f3","n":17}}
EOF
expect_exit 0 niche import followers followers.jsonl --map follower_handle=follower.handle \
    --map follower_followers=follower.n --skip-bad
expect_contains out 'skipped 2 bad rows'
expect_contains err 'followers.jsonl:1:'
expect_contains err 'follower_handle is empty'
expect_exit 0 niche import followers followers.jsonl --skip-bad
expect_contains out 'imported 2 followers'
expect_contains err 'followers.jsonl:3:'
show tiktok:zoe
expect_py "three followers known (f3 through the path map)" 'j["stored"]["followers_known"] == 3'
show tiktok:f1
expect_py "follower features from JSON" 'j["followers"] == 3400'
show tiktok:f3
expect_py "follower.n through a path" 'j["followers"] == 17'
show tiktok:f2
expect_py "null follower_followers is missing" 'j["followers"] is None'

# ---- snapshots -----------------------------------------------------------

cat >snapshots.jsonl <<'EOF'
{"platform":"tiktok","handle":"zoe","date":"2024-01-01","followers":"10K","following":"-","posts":3}
{"platform":"tiktok","handle":"zoe","date":1706745600,"followers":10500,"following":null}
EOF
expect_exit 0 niche import snapshots snapshots.jsonl
expect_contains out 'imported 2 snapshots'
expect_eq "$(sql "select s.taken_ms, s.followers, coalesce(s.following, 'null'), coalesce(s.posts, 'null') from snapshot s join account a on a.id = s.account_id where a.handle = 'zoe' order by 1")" \
    "$(printf '1704067200000|10000|null|3\n1706745600000|10500|null|null')" "snapshot values from JSON"

# ---- the extension picks the format; --format overrides ------------------

printf '{"platform":"x","handle":"nd","followers":1}\n' >a.ndjson
expect_exit 0 niche import accounts a.ndjson
expect_contains out 'imported 1 accounts'
printf '{"platform":"x","handle":"jj","followers":2}\n' >a.json
expect_exit 0 niche import accounts a.json
expect_contains out 'imported 1 accounts'
printf '{"platform":"x","handle":"forced","followers":3}\n' >a.txt
expect_exit 0 niche import accounts a.txt --format jsonl
show x:forced
expect_py "--format jsonl reads a .txt file" 'j["followers"] == 3'
expect_exit 0 sh -c 'printf "{\"platform\":\"x\",\"handle\":\"piped\",\"followers\":4}\n" | "$NICHE" import accounts - --format jsonl'
show x:piped
expect_py "JSONL from standard input" 'j["followers"] == 4'

test_done
