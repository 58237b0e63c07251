#!/bin/bash
# t2001-accounts: reading accounts back: accounts list filters, sorting and
# paging, accounts show, stats per platform and tier, tier schemes.
. "$NICHE_SRC/tests/cli/lib.sh"

# handles ARGS...: the handles `accounts list --json ARGS...` prints, on
# one line; "FAILED: ..." when the command fails.
handles() {
    if "$NICHE" --json accounts list "$@" >list.json 2>list.err; then
        jget '" ".join(a["handle"] for a in j)' list.json
    else
        echo "FAILED ($RANDOM$RANDOM): exit $?: $(head -c 200 list.err)"
    fi
}

# Tiers under the default scheme (Later x Fohr 2020): nano < 10K <= micro
# < 100K <= mid < 500K <= macro < 1M <= mega.
cat >accounts.csv <<'EOF'
platform,handle,name,followers,following,posts,reported_er,country,category,verified
instagram,ig_nano,Nano,500,50,10,5.2%,FR,food,no
instagram,ig_micro_lo,Micro Lo,10000,100,20,3.1%,FR,travel,yes
instagram,ig_micro_hi,Micro Hi,99999,,30,,DE,food,
instagram,ig_mid,Mid,100000,300,,2.0%,US,tech,yes
instagram,ig_macro,Macro,750000,400,50,1.1%,US,,yes
instagram,ig_mega,Mega,2.5M,500,60,0.9%,BR,sport,yes
instagram,ig_unknown,Unknown,N/A,600,70,4.4%,,,
tiktok,tt_micro,TT Micro,45000,10,5,8%,ES,dance,no
tiktok,tt_unknown,TT Unknown,,,,,,,
youtube,yt_mid,YT Mid,300000,0,1000,1.5%,IN,music,
x,x_nano,X Nano,9999,9999,9999,,,,
EOF
expect_exit 0 niche import accounts accounts.csv
expect_contains out 'imported 11 accounts'

# ---- sorting -------------------------------------------------------------

expect_eq "$(handles)" \
    "ig_mega ig_macro yt_mid ig_mid ig_micro_hi tt_micro ig_micro_lo x_nano ig_nano ig_unknown tt_unknown" \
    "default: followers, largest first, unknown followers last"
expect_eq "$(handles --asc)" \
    "ig_nano x_nano ig_micro_lo tt_micro ig_micro_hi ig_mid yt_mid ig_macro ig_mega ig_unknown tt_unknown" \
    "--asc: smallest first, unknown followers still last"
expect_eq "$(handles --sort followers --desc)" "$(handles)" "--desc is the default for followers"
expect_eq "$(handles --sort er)" \
    "tt_micro ig_nano ig_unknown ig_micro_lo ig_mid yt_mid ig_macro ig_mega ig_micro_hi tt_unknown x_nano" \
    "--sort er: highest reported ER first, unknown ER last"
expect_eq "$(handles --sort posts --asc)" \
    "tt_micro ig_nano ig_micro_lo ig_micro_hi ig_macro ig_mega ig_unknown yt_mid x_nano ig_mid tt_unknown" \
    "--sort posts --asc: unknown posts last"
expect_eq "$(handles --sort following | cut -d' ' -f1-3)" "x_nano ig_unknown ig_mega" \
    "--sort following: largest first"
expect_eq "$(handles --sort following | awk '{print $NF}')" "tt_unknown" "--sort following: unknown last"
expect_eq "$(handles --sort handle)" \
    "ig_macro ig_mega ig_micro_hi ig_micro_lo ig_mid ig_nano ig_unknown tt_micro tt_unknown x_nano yt_mid" \
    "--sort handle: A to Z by default"
expect_eq "$(handles --sort handle --desc)" \
    "yt_mid x_nano tt_unknown tt_micro ig_unknown ig_nano ig_mid ig_micro_lo ig_micro_hi ig_mega ig_macro" \
    "--sort handle --desc: Z to A"

# updated: the most recently imported first.
sleep 0.01
printf 'platform,handle,followers\nx,x_nano,9999\n' >touch.csv
expect_exit 0 niche import accounts touch.csv
expect_eq "$(handles --sort updated --limit 1)" "x_nano" "--sort updated: the latest update first"
expect_eq "$(handles --sort updated --asc | awk '{print $NF}')" "x_nano" "--sort updated --asc: the latest update last"

# ---- filters -------------------------------------------------------------

expect_eq "$(handles --platform tiktok)" "tt_micro tt_unknown" "--platform tiktok"
expect_eq "$(handles --platform youtube)" "yt_mid" "--platform youtube"
expect_eq "$(handles --platform twitch)" "" "--platform with no accounts: an empty list"
expect_exit 0 niche --json accounts list --platform twitch
expect_py "an empty JSON list" 'j == []'
expect_exit 0 niche accounts list --platform twitch
expect_empty out
expect_contains err 'no accounts match'

expect_eq "$(handles --tier nano)" "x_nano ig_nano" "--tier nano: below 10,000"
expect_eq "$(handles --tier micro)" "ig_micro_hi tt_micro ig_micro_lo" "--tier micro: 10,000 to 99,999 inclusive"
expect_eq "$(handles --tier mid)" "yt_mid ig_mid" "--tier mid: 100,000 to 499,999"
expect_eq "$(handles --tier macro)" "ig_macro" "--tier macro"
expect_eq "$(handles --tier mega)" "ig_mega" "--tier mega: 1M and up"
expect_eq "$(handles --tier micro --platform instagram)" "ig_micro_hi ig_micro_lo" "--tier with --platform"
expect_eq "$(handles --tier micro --scheme hypeauditor-2019)" "ig_micro_lo x_nano" \
    "--tier micro under hypeauditor-2019 is 5,000 to 19,999"
expect_eq "$(handles --tier micro --scheme people-first)" "ig_micro_lo x_nano" \
    "--tier micro under people-first is 2,000 to 19,999"
expect_eq "$(handles --tier micro --scheme fullscreen --asc)" \
    "ig_nano x_nano ig_micro_lo tt_micro ig_micro_hi ig_mid" "--tier micro under fullscreen is below 250,000"
expect_exit 2 niche accounts list --tier nano --scheme people-first
expect_contains err "'nano' is not a tier of scheme people-first"

expect_eq "$(handles --min-followers 10000 --max-followers 100000)" "ig_mid ig_micro_hi tt_micro ig_micro_lo" \
    "--min/--max-followers are inclusive"
expect_eq "$(handles --min-followers 2500000)" "ig_mega" "--min-followers alone"
expect_eq "$(handles --max-followers 500)" "ig_nano" "--max-followers alone; unknown followers excluded"
expect_eq "$(handles --max-followers 0)" "" "--max-followers 0"
expect_eq "$(handles --tier micro --min-followers 40000)" "ig_micro_hi tt_micro" "--tier and --min-followers intersect"
expect_eq "$(handles --tier micro --max-followers 50000)" "tt_micro ig_micro_lo" "--tier and --max-followers intersect"
expect_eq "$(handles --tier micro --min-followers 1 --max-followers 5000000)" "ig_micro_hi tt_micro ig_micro_lo" \
    "a wider range does not widen the tier"
expect_eq "$(handles --min-followers 200000 --max-followers 100000)" "" "an empty range"

# ---- paging --------------------------------------------------------------

expect_eq "$(handles --limit 3)" "ig_mega ig_macro yt_mid" "--limit 3"
expect_eq "$(handles --limit 3 --offset 3)" "ig_mid ig_micro_hi tt_micro" "--offset 3"
expect_eq "$(handles --limit 3 --offset 9)" "ig_unknown tt_unknown" "the last page is short"
expect_eq "$(handles --offset 11)" "" "an offset past the end"
all=$(handles --limit 0)
pages=$(for o in 0 4 8; do handles --limit 4 --offset $o; done | paste -sd' ' -)
expect_eq "$pages" "$all" "pages of 4 put together are the whole list"
expect_eq "$(echo "$all" | wc -w)" 11 "--limit 0 lists all"

# The default limit is 50.
awk 'BEGIN { print "platform,handle,followers"; for (i = 1; i <= 60; i++) printf "pinterest,pin_%02d,%d\n", i, i }' >many.csv
expect_exit 0 niche --workspace many import accounts many.csv
expect_exit 0 niche --workspace many --json accounts list
expect_py "50 accounts by default" 'len(j) == 50 and j[0]["handle"] == "pin_60" and j[-1]["handle"] == "pin_11"'
expect_exit 0 niche --workspace many --json accounts list --limit 0
expect_py "--limit 0: all 60" 'len(j) == 60'
expect_exit 0 niche --workspace many --json accounts list --limit 100 --offset 55
expect_py "--offset 55 of 60" '[a["handle"] for a in j] == ["pin_05", "pin_04", "pin_03", "pin_02", "pin_01"]'

# ---- list output ---------------------------------------------------------

expect_exit 0 niche accounts list --limit 0
expect_eq "$(head -n 1 out | tr -s ' ')" "ACCOUNT NAME FOLLOWERS TIER ER (REPORTED) COUNTRY CATEGORY" "the table header"
expect_eq "$(wc -l <out)" 12 "a header and 11 rows"
expect_match out '^instagram:ig_mega +Mega +2,500,000 +mega +0\.90% +BR +sport$'
expect_match out '^instagram:ig_unknown +Unknown +- +unknown +4\.40% +- +-$'
expect_match out '^x:x_nano +X Nano +9,999 +nano +- +- +-$'
expect_exit 0 niche --json accounts list --limit 1
expect_py "list --json: one object per account with every field" \
    'set(j[0]) >= {"platform", "handle", "name", "followers", "following", "posts", "tier", "bio", "country", "language", "category", "verified", "avg_likes", "avg_comments", "avg_views", "avg_shares", "reported_er", "audience_country", "updated_ms"} and j[0]["tier"] == "mega" and j[0]["followers"] == 2500000'
expect_exit 0 niche --json accounts list --scheme hypeauditor-2019 --sort handle --limit 0
expect_py "--scheme changes the tier shown" \
    '{a["handle"]: a["tier"] for a in j} == {"ig_macro": "macro", "ig_mega": "mega", "ig_micro_hi": "mid", "ig_micro_lo": "micro", "ig_mid": "macro", "ig_nano": "below", "ig_unknown": "unknown", "tt_micro": "mid", "tt_unknown": "unknown", "x_nano": "micro", "yt_mid": "macro"}'

# ---- accounts show -------------------------------------------------------

expect_exit 0 niche accounts show instagram:ig_mid
expect_eq "$(head -n 1 out)" "instagram:ig_mid  Mid" "show: the title line"
expect_contains out 'followers     100,000 (mid, Later x Fohr 2020)'
expect_contains out 'following     300'
expect_contains out 'posts         -'
expect_contains out 'verified      yes'
expect_contains out 'country       US'
expect_contains out 'language      unknown'
expect_contains out 'category      tech'
expect_contains out 'reported ER   2.00% (as the export reported it)'
expect_contains out 'stored        0 posts, 0 followers known, 0 snapshots'
expect_exit 0 niche accounts show instagram:ig_mid --scheme chizcomm
expect_contains out 'followers     100,000 (mid, chizcomm / J-14)'
expect_exit 0 niche accounts show instagram:ig_unknown
expect_contains out 'followers     - (unknown, Later x Fohr 2020)'
expect_contains out 'verified      unknown'
expect_exit 2 niche accounts show @tiktok:tt_micro
expect_exit 0 niche accounts show TikTok:@TT_Micro
expect_contains out 'tiktok:tt_micro  TT Micro'
expect_exit 0 niche --json accounts show instagram:ig_mega --scheme hypeauditor-2019
expect_py "show --json: values, tier under the scheme, stored counts" \
    'j["handle"] == "ig_mega" and j["followers"] == 2500000 and j["tier"] == "mega" and j["tier_scheme"] == "hypeauditor-2019" and j["verified"] is True and abs(j["reported_er"] - 0.009) < 1e-12 and j["stored"] == {"posts": 0, "followers_known": 0, "following_known": 0, "snapshots": 0}'
expect_exit 0 niche --json accounts show instagram:ig_micro_hi
expect_py "show --json: missing values are null" \
    'j["following"] is None and j["reported_er"] is None and j["verified"] is None and j["posts"] == 30 and j["tier"] == "micro"'
expect_exit 1 niche accounts show youtube:ig_mid
expect_contains err 'no account youtube:ig_mid'
expect_exit 2 niche accounts show instagram:ig_mid --scheme nosuch
expect_contains err "unknown tier scheme 'nosuch'"

# ---- stats ---------------------------------------------------------------

expect_exit 0 niche --json stats
expect_py "stats: accounts per platform" \
    '{p: v["accounts"] for p, v in j["platforms"].items()} == {"all": 11, "instagram": 7, "tiktok": 2, "youtube": 1, "x": 1}'
expect_py "stats: tiers per platform (later-fohr)" \
    'j["tier_scheme"] == "later-fohr" and j["platforms"]["instagram"]["tiers"] == {"nano": 1, "micro": 2, "mid": 1, "macro": 1, "mega": 1, "unknown": 1} and j["platforms"]["tiktok"]["tiers"] == {"micro": 1, "unknown": 1} and j["platforms"]["all"]["tiers"] == {"nano": 2, "micro": 3, "mid": 2, "macro": 1, "mega": 1, "unknown": 2}'
expect_py "stats: tier counts add up to the accounts" \
    'all(sum(v["tiers"].values()) == v["accounts"] for v in j["platforms"].values())'
expect_py "stats: no posts, edges or snapshots yet" \
    'all(v["posts"] == 0 and v["follower_edges"] == 0 and v["snapshots"] == 0 for v in j["platforms"].values())'
expect_exit 0 niche --json stats --scheme hypeauditor-2019
expect_py "stats --scheme hypeauditor-2019" \
    'j["tier_scheme"] == "hypeauditor-2019" and j["platforms"]["all"]["tiers"] == {"below": 1, "micro": 2, "mid": 2, "macro": 3, "mega": 1, "unknown": 2}'
expect_exit 0 niche --json stats --scheme people-first
expect_py "stats --scheme people-first: nano is not a tier of it" \
    'j["platforms"]["all"]["tiers"] == {"below": 1, "micro": 2, "mid": 4, "macro": 1, "mega": 1, "unknown": 2}'
expect_exit 0 niche stats
expect_match out '^instagram +7 +0 +0 +0$'
expect_match out '^all +11 +0 +0 +0$'
expect_contains out 'Accounts per tier (Later x Fohr 2020):'
expect_match out '^all +0 +2 +3 +2 +1 +1 +2$'
expect_exit 0 niche stats --scheme fullscreen
expect_contains out 'Accounts per tier (Fullscreen / Shareablee):'
expect_match out '^all +0 +0 +6 +2 +1 +0 +2$'

# Posts, edges and snapshots per platform.
printf 'platform,handle,post_id\ninstagram,ig_nano,a\ninstagram,ig_nano,b\ntiktok,tt_micro,c\n' >posts.csv
printf 'platform,handle,follower_handle\ninstagram,ig_nano,ig_mid\ninstagram,ig_mega,ig_nano\n' >edges.csv
printf 'platform,handle,date,followers\nyoutube,yt_mid,2024-01-01,1\n' >snaps.csv
expect_exit 0 niche import posts posts.csv
expect_exit 0 niche import followers edges.csv
expect_exit 0 niche import snapshots snaps.csv
expect_exit 0 niche --json stats
expect_py "stats: posts, edges, snapshots per platform" \
    '(j["platforms"]["instagram"]["posts"], j["platforms"]["tiktok"]["posts"], j["platforms"]["instagram"]["follower_edges"], j["platforms"]["youtube"]["snapshots"], j["platforms"]["all"]["posts"], j["platforms"]["all"]["accounts"]) == (2, 1, 2, 1, 3, 11)'
expect_exit 0 niche --json accounts show instagram:ig_nano
expect_py "show: stored posts and edges both ways" \
    'j["stored"] == {"posts": 2, "followers_known": 1, "following_known": 1, "snapshots": 0}'

# Workspaces are counted apart.
expect_exit 0 niche --workspace many --json stats
expect_py "stats of another workspace" '{p: v["accounts"] for p, v in j["platforms"].items()} == {"all": 60, "pinterest": 60}'

test_done
