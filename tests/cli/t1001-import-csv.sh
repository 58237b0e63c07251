#!/bin/bash
# t1001-import-csv: every kind from CSV, the messy values real exports
# contain, byte-order marks, multi-line quoted headers, repeated headers,
# --map and --platform.
. "$NICHE_SRC/tests/cli/lib.sh"

# show PLATFORM:HANDLE: the account as JSON in ./out (an assertion).
show() {
    expect_exit 0 niche --json accounts show "$1"
}

sql() {
    sqlite3 niche.db "$1"
}

expect_exit 0 niche init

# ---- accounts: clean values ----------------------------------------------

cat >clean.csv <<'EOF'
platform,handle,name,followers,following,posts,bio,country,language,category,verified
instagram,clean_one,Clean One,15000,300,120,"Cooking, daily",FR,fr,food,true
tiktok,@Clean_Two,Clean Two,999,0,0,,US,en,dance,no
EOF
expect_exit 0 niche import accounts clean.csv
expect_contains out 'imported 2 accounts from clean.csv'
expect_not_contains out 'columns not imported'
show instagram:clean_one
expect_py "clean row: every field as written" \
    'j["name"] == "Clean One" and j["followers"] == 15000 and j["following"] == 300 and j["posts"] == 120 and j["bio"] == "Cooking, daily" and j["country"] == "FR" and j["language"] == "fr" and j["category"] == "food" and j["verified"] is True and j["tier"] == "micro"'
show tiktok:clean_two
expect_py "handle: '@' dropped and lowercased; zero is zero, not missing" \
    'j["handle"] == "clean_two" and j["followers"] == 999 and j["following"] == 0 and j["posts"] == 0 and j["verified"] is False and j["bio"] is None'
expect_exit 0 niche accounts show tiktok:@CLEAN_TWO
expect_contains out 'tiktok:clean_two  Clean Two'

# ---- accounts: messy values ----------------------------------------------

# Suffixes, thousands commas, percentages; every missing marker is null.
cat >messy.csv <<'EOF'
platform,handle,followers,following,posts,avg_likes,avg_views,avg_comments,reported_er,verified,country
instagram,m_suffix,1.3M,137.6K,29.0b,"1,234",2.5k,12,1.39%,Yes,N/A
instagram,m_comma,"1,234",999,"1,000,000",0.5,1e3,0,1.39,no,-
instagram,m_na,N/A,-,NaN,#VALOR!,n/a,NULL,NaN%,,
instagram,m_empty,,,,,,,,,
instagram,m_spaces,  42  ,' 7',"",#N/A,#DIV/0!,--,#VALUE!,?,none
instagram,m_upper,2.1M,3.4k,12 K,1.5 M,7B,0,0%,TRUE,#REF!
EOF
expect_exit 0 niche import accounts messy.csv
expect_contains out 'imported 6 accounts'
show instagram:m_suffix
expect_py "1.3M 137.6K 29.0b scale exactly" \
    'j["followers"] == 1300000 and j["following"] == 137600 and j["posts"] == 29000000000'
expect_py "avg columns: 1,234 / 2.5k / 12" \
    'j["avg_likes"] == 1234 and j["avg_views"] == 2500 and j["avg_comments"] == 12'
expect_py "1.39% is the rate 0.0139" 'abs(j["reported_er"] - 0.0139) < 1e-12'
expect_py "Yes is verified; N/A country is missing" 'j["verified"] is True and j["country"] is None'
show instagram:m_comma
expect_py "1,234 and 1,000,000 are whole numbers" \
    'j["followers"] == 1234 and j["following"] == 999 and j["posts"] == 1000000'
expect_py "1.39 without a sign is 1.39 percent too; 1e3 is 1000; 0 is 0" \
    'abs(j["reported_er"] - 0.0139) < 1e-12 and j["avg_views"] == 1000 and j["avg_comments"] == 0 and j["avg_likes"] == 0.5'
expect_py "'-' country is missing" 'j["country"] is None and j["verified"] is False'
for h in m_na m_empty; do
    show instagram:$h
    expect_py "$h: every marker (N/A, -, NaN, #VALOR!, NULL, NaN%, empty) is null, never 0" \
        'all(j[k] is None for k in ("followers", "following", "posts", "avg_likes", "avg_views", "avg_comments", "reported_er", "verified", "country"))'
done
show instagram:m_spaces
expect_py "m_spaces: padded 42 and spreadsheet-quoted 7 are numbers, the rest missing" \
    'j["followers"] == 42 and j["following"] == 7 and all(j[k] is None for k in ("posts", "avg_likes", "avg_views", "avg_comments", "reported_er", "verified", "country"))'
show instagram:m_upper
expect_py "upper-case and spaced suffixes: 2.1M 3.4k '12 K' '1.5 M' 7B" \
    'j["followers"] == 2100000 and j["following"] == 3400 and j["posts"] == 12000 and j["avg_likes"] == 1500000 and j["avg_views"] == 7e9'
expect_py "0% is a rate of zero, not missing" 'j["reported_er"] == 0 and j["verified"] is True'
expect_eq "$(sql "select count(*) from account where handle like 'm\_%' escape '\\' and followers = 0")" 0 \
    "no missing follower count was stored as 0"
expect_eq "$(sql "select count(*) from account where handle in ('m_na','m_empty') and followers is null and posts is null")" 2 \
    "the store holds NULL for missing counts"

# Missing values are absent from the text output, not shown as 0.
expect_exit 0 niche accounts show instagram:m_na
expect_contains out 'followers     - (unknown'
expect_contains out 'reported ER   -'
expect_not_contains out 'avg likes'

# ---- byte-order mark, multi-line quoted headers, CRLF --------------------

printf '\357\273\277"platform",handle,"Follower\r\ncount",name\r\ninstagram,bom_one,12.5K,"Line one\r\nline two"\r\n' >bom.csv
expect_exit 0 niche import accounts bom.csv --map 'followers=Follower count'
expect_contains out 'imported 1 accounts'
show instagram:bom_one
expect_py "BOM before a quoted header is skipped; CRLF line ends" \
    'j["followers"] == 12500 and j["platform"] == "instagram"'
expect_py "a quoted cell keeps its line break" 'j["name"] == "Line one\r\nline two" or j["name"] == "Line one\nline two"'

# The header names a field itself when its line break is ignored.
printf 'platform,"handle\n","\n Followers \n","Country\r\n"\ninstagram,multi_hdr,2K,DE\n' >multiline.csv
expect_exit 0 niche import accounts multiline.csv
expect_contains out 'imported 1 accounts'
show instagram:multi_hdr
expect_py "a header split over lines matches its field" 'j["followers"] == 2000 and j["country"] == "DE"'

# ---- repeated header names and several columns into one field -----------

cat >repeat.csv <<'EOF'
Rank,Name,Handle,Category_1,Category_2,Followers,Followers,Eng,Eng,Country
1,Repeat One,rep_one,Beauty,Fashion,409.8M,409800000,1.2%,0.012,AR
2,Repeat Two,rep_two,Sports,,1.5K,1500,N/A,,
EOF
expect_exit 0 niche import accounts repeat.csv --platform instagram --map handle=Handle \
    --map followers=Followers#2 --map category=Category_1 --map category=Category_2
expect_contains out 'imported 2 accounts'
expect_contains out 'columns not imported: Rank, Followers, Eng, Eng#2'
show instagram:rep_one
expect_py "Followers#2 is the plain twin column" 'j["followers"] == 409800000'
expect_py "two category columns join with '; '" 'j["category"] == "Beauty; Fashion"'
expect_py "Name and Country matched by name, any case" 'j["name"] == "Repeat One" and j["country"] == "AR"'
show instagram:rep_two
expect_py "an empty second category adds nothing" 'j["category"] == "Sports" and j["followers"] == 1500'
expect_eq "$(sql "select count(*) from account where platform = 'instagram' and handle like 'rep_%'")" 2 \
    "--platform filled the rows' platform"

expect_exit 0 niche --workspace abbrev import accounts repeat.csv --platform instagram \
    --map handle=Handle --map followers=Followers --map reported_er=Eng
expect_exit 0 niche --workspace abbrev --json accounts show instagram:rep_one
expect_py "Followers (the first) is the abbreviated column" \
    'j["followers"] == 409800000 and abs(j["reported_er"] - 0.012) < 1e-12'
expect_exit 0 niche --workspace abbrev --json accounts show instagram:rep_two
expect_py "Eng N/A is missing" 'j["reported_er"] is None and j["followers"] == 1500'
expect_exit 0 niche --workspace abbrev import accounts repeat.csv --platform instagram \
    --map handle=Handle --map 'followers=followers#2'
expect_exit 0 niche --workspace abbrev --json accounts show instagram:rep_one
expect_py "NAME#2 matches without regard to case" 'j["followers"] == 409800000'

# Map fields with a platform column present: the row's platform wins.
cat >plat.csv <<'EOF'
platform,handle,followers
tiktok,plat_row,10
,plat_default,20
N/A,plat_na,30
EOF
expect_exit 0 niche import accounts plat.csv --platform youtube
expect_exit 0 niche --json accounts list --min-followers 10 --max-followers 30 --sort handle
expect_py "--platform fills only rows that name none" \
    '[(a["platform"], a["handle"]) for a in j] == [("youtube", "plat_default"), ("youtube", "plat_na"), ("tiktok", "plat_row")]'

# ---- UTF-8 names ---------------------------------------------------------

cat >utf8.csv <<'EOF'
platform,handle,name,bio,country
instagram,emoji_one,NJ 🇧🇷,Ünïcödé bio ✨ 日本語,Brasil
instagram,emoji_two,김우빈,"يزن الأسمر",한국
EOF
expect_exit 0 niche import accounts utf8.csv
show instagram:emoji_one
expect_py "emoji and accents survive" 'j["name"] == "NJ \U0001F1E7\U0001F1F7" and j["bio"] == "Ünïcödé bio ✨ 日本語"'
show instagram:emoji_two
expect_py "Korean and Arabic survive" 'j["name"] == "김우빈" and j["bio"] == "يزن الأسمر" and j["country"] == "한국"'
expect_exit 0 niche accounts list --sort handle --limit 0
expect_contains out 'NJ 🇧🇷'

# ---- posts ---------------------------------------------------------------

cat >posts.csv <<'EOF'
platform,handle,post_id,posted_at,type,caption,likes,comments,shares,saves,views,sponsored
instagram,@Poster,p1,2024-03-01T12:00:00Z,reel,"Summer is here #Summer #BeachLife with @Friend.One, ""quoted""",-1,12,N/A,,"1,234",true
instagram,poster,p2,2024-03-02,image,no tags,1.2K,-1,0,0,-,no
instagram,poster,p3,2024-03-03 10:00:00+02:00,carousel,,0,0,0,0,0,
tiktok,tok_poster,777,1709294400,video,#a #B,5,,,,2.5M,
EOF
expect_exit 0 niche import posts posts.csv
expect_contains out 'imported 4 posts from posts.csv'
expect_contains out 'created 2 accounts seen for the first time'
expect_eq "$(sql "select likes is null, comments, shares is null, saves is null, views, sponsored, type from post where post_id = 'p1'")" \
    "1|12|1|1|1234|1|reel" "p1: likes -1 is hidden (null), N/A and empty are null, 1,234 views"
expect_eq "$(sql "select likes, comments is null, shares, saves, views is null, sponsored from post where post_id = 'p2'")" \
    "1200|1|0|0|1|0" "p2: 1.2K likes, comments -1 hidden, zeros stay zero, '-' views null"
expect_eq "$(sql "select likes, comments, views, sponsored is null from post where post_id = 'p3'")" \
    "0|0|0|1" "p3: zero likes is zero, not hidden"
expect_eq "$(sql "select posted_ms from post where post_id in ('p1','p2','p3') order by post_id")" \
    "$(printf '1709294400000\n1709337600000\n1709452800000')" "ISO 8601 times, with and without offsets, in UTC ms"
expect_eq "$(sql "select hashtags || '|' || mentions from post where post_id = 'p1'")" \
    "summer beachlife|friend.one" "hashtags and mentions from the caption, lowercased"
expect_eq "$(sql "select caption from post where post_id = 'p1'")" \
    'Summer is here #Summer #BeachLife with @Friend.One, "quoted"' "doubled quotes in a caption"
expect_eq "$(sql "select posted_ms, views, hashtags from post where post_id = '777'")" \
    "1709294400000|2500000|a b" "Unix seconds; 2.5M views; tags"
show instagram:poster
expect_py "accounts show counts the stored posts" 'j["stored"]["posts"] == 3 and j["followers"] is None'
expect_exit 0 niche accounts show instagram:poster
expect_contains out 'stored        3 posts (2024-03-01T12:00:00Z to 2024-03-03T08:00:00Z)'

# ---- followers -----------------------------------------------------------

cat >followers.csv <<'EOF'
platform,handle,follower_handle,follower_followers,follower_following,follower_posts,follower_has_avatar,since
instagram,poster,@Fan_One,12,"1,500",0,no,2024-01-01
instagram,poster,fan_two,,,,,
instagram,poster,fan_three,N/A,-,3.2K,yes,
instagram,clean_one,fan_one,,,,,
EOF
expect_exit 0 niche import followers followers.csv
expect_contains out 'imported 4 followers from followers.csv'
show instagram:poster
expect_py "three followers known" 'j["stored"]["followers_known"] == 3'
show instagram:fan_one
expect_py "a follower's own features" \
    'j["followers"] == 12 and j["following"] == 1500 and j["posts"] == 0 and j["stored"]["following_known"] == 2'
show instagram:fan_three
expect_py "follower features: N/A and - are null, 3.2K posts" \
    'j["followers"] is None and j["following"] is None and j["posts"] == 3200'
expect_eq "$(sql "select count(*) from follower where since_ms = 1704067200000")" 1 "since is stored"
# Follower accounts that the import creates count in accounts_created,
# as the followed accounts do; ones that exist already do not.
printf 'platform,handle,follower_handle\ninstagram,kb_star,kb_fan\n' >kb.csv
expect_exit 0 niche --db kb.db --json import followers kb.csv
expect_py "import followers counts the star and the follower it creates" \
    'j["imported"] == 1 and j["accounts_created"] == 2'
printf 'platform,handle,follower_handle\ninstagram,kb_star,kb_fan\ninstagram,kb_star,kb_fan2\n' >kb2.csv
expect_exit 0 niche --db kb.db --json import followers kb2.csv
expect_py "import followers counts only the follower account that is new" \
    'j["imported"] == 2 and j["accounts_created"] == 1'
expect_eq "$(sqlite3 kb.db 'select count(*) from account')" 3 "kb.db holds the three accounts counted"

# ---- snapshots -----------------------------------------------------------

cat >snapshots.csv <<'EOF'
platform,handle,date,followers,following,posts
instagram,poster,2024-01-01,1.1M,10,100
instagram,poster,2024-02-01T00:00:00Z,"1,200,000",N/A,
instagram,snap_new,2024-02-01 10:00:00+02:00,500,,
EOF
expect_exit 0 niche import snapshots snapshots.csv
expect_contains out 'imported 3 snapshots'
expect_contains out 'created 1 accounts seen for the first time'
show instagram:poster
expect_py "two snapshots for poster" 'j["stored"]["snapshots"] == 2'
expect_eq "$(sql "select s.taken_ms, s.followers, coalesce(s.following, 'null'), coalesce(s.posts, 'null') from snapshot s join account a on a.id = s.account_id where a.handle = 'poster' order by s.taken_ms")" \
    "$(printf '1704067200000|1100000|10|100\n1706745600000|1200000|null|null')" "snapshot values, missing as null"
expect_eq "$(sql "select s.taken_ms from snapshot s join account a on a.id = s.account_id where a.handle = 'snap_new'")" \
    "1706774400000" "a +02:00 offset is converted to UTC"

# ---- stats over all of it ------------------------------------------------

expect_exit 0 niche --json stats
expect_py "stats count what was imported" \
    'j["platforms"]["all"]["posts"] == 4 and j["platforms"]["all"]["follower_edges"] == 4 and j["platforms"]["all"]["snapshots"] == 3 and j["platforms"]["tiktok"]["posts"] == 1'
expect_eq "$(jget 'j["platforms"]["all"]["accounts"]')" "$(sql 'select count(*) from account a join workspace w on w.id = a.workspace_id where w.name = "default"')" \
    "stats accounts equal the store's"

# ---- format detection ----------------------------------------------------

cp clean.csv clean.txt
expect_exit 0 niche import accounts clean.txt
expect_contains out 'imported 2 accounts'
printf 'platform,handle,followers\ninstagram,fmt_forced,5\n' >forced.jsonl
expect_exit 0 niche import accounts forced.jsonl --format csv
show instagram:fmt_forced
expect_py "--format csv overrides the .jsonl name" 'j["followers"] == 5'
expect_exit 0 sh -c 'printf "platform,handle,followers\ninstagram,from_stdin,77\n" | "$NICHE" import accounts -'
show instagram:from_stdin
expect_py "'-' reads standard input" 'j["followers"] == 77'

test_done
