#!/bin/bash
# t1900-real-exports: every CSV of the public influencer exports in
# shared/data/influencers/ imports whole, and its numbers parse right.
#
# Most of these exports write each number twice under the same header: an
# abbreviation ("409.8M") and a plain twin ("409800000", sometimes
# "477900000.00"), the second addressed as NAME#2. Each file is imported
# twice, into workspace aN from the abbreviated columns and into pN from
# the plain twins, with the same maps otherwise; every account must then
# agree on every twin field. Known values are spot-checked on top.
#
# Skipped (exit 77) when the data directory is absent.
. "$NICHE_SRC/tests/cli/lib.sh"

DATA=$NICHE_SRC/../shared/data/influencers
[ -d "$DATA" ] || skip_all "no $DATA"

expect_exit 0 niche init

# One line per file:
#   N|path under $DATA|platform|maps|twins|abbreviated-missing-vs-plain-zero
# maps: FIELD=COLUMN;... the same in both workspaces.
# twins: FIELD=ABBREVIATED~PLAIN;... (FIELD=COLUMN alone when a column has no
# twin: the same in both). The last number is how many rows leave a twin
# cell empty in the abbreviated column beside a 0 in the plain one (a fact
# of the data, counted below): those accounts may disagree.
#
# Comments on the maps:
# - Handles and display names sit in differently named columns per file
#   ("Tiktoker name" is the handle, "Tiktok name" the display name).
# - INSTAGRAM DEC 2022 names its handle column "name": the map takes it for
#   handle, and name is mapped to "instagram name", so no column feeds two
#   fields.
# - instagram june 2022 labels its country column "Views avg." (it holds
#   "Spain", "Indonesia"...): mapped to audience_country, as the other
#   Instagram exports of this set report the audience's country.
# - Engagement columns ("Eng. (Avg.)", "Authentic engagement") have no
#   field of their own and are left out.
# - TIKTOK DEC 2022 has no plain twin for followers; tiktok nov 2022 has no
#   twins at all (and a row of empty cells under the header, a blank row).
# - insta.csv and top_insta_influencers_data.csv are the same 200 rows, one
#   plain and one abbreviated ("3.3k", "475.8m", "1.39%", "29.0b"): they are
#   each other's twins (compared below).
cat >files.txt <<'EOF'
1|social-media-influencers-2022/social media influencers - Tiktok sep 2022.csv|tiktok|handle=Tiktoker name;name=Tiktok name|followers=Subscribers~Subscribers#2;avg_views=Views avg.~Views avg.#2;avg_likes=Likes avg.~Likes avg.#2;avg_comments=Comments avg.~Comments avg.#2;avg_shares=Shares avg.~Shares avg.#2|0
2|social-media-influencers-2022/social media influencers - Youtube sep-2022.csv|youtube|handle=Youtuber;name=Name;country=Country;category=Category_2;category=Category_3|followers=Subscribers~Subscribers#2;avg_likes=Avg. likes~Avg. likes#2;avg_comments=Avg Comments~Avg Comments#2|0
3|social-media-influencers-2022/social media influencers - instagram sep-2022.csv|instagram|handle=Instagram name;name=Name;audience_country=Audience country;category=Category_1;category=Category_2|followers=Subscribers~Subscribers#2|0
4|social-media-influencers-2022/social media influencers - instagram.csv|instagram|handle=Influencer insta name;name=instagram name;audience_country=Audience country(mostly);category=category_1;category=category_2|followers=Followers~Followers Numbers|0
5|social-media-influencers-2022/social media influencers - tiktok.csv|tiktok|handle=Tiktoker name;name=Tiktok name|followers=Subscribers count~Subscribers count#2;avg_views=Views avg.~Views avg.#2;avg_likes=Likes avg~Likes avg#2;avg_comments=Comments avg.~Comments avg.#2;avg_shares=Shares avg~Shares avg#2|0
6|social-media-influencers-2022/social media influencers - youtube.csv|youtube|handle=youtuber name;name=channel name;category=Category;audience_country=Audience Country|followers=Subscribers~Subscribers#2;avg_views=avg views~avg views#2;avg_likes=avg likes~avg likes#2;avg_comments=avg comments~avg comments#2|0
7|social-media-influencers-2022/social media influencers-INSTAGRAM - -DEC 2022.csv|instagram|handle=name;name=instagram name;category=Category_1;category=Category_2;audience_country=country|followers=followers~followers#2|0
8|social-media-influencers-2022/social media influencers-TIKTOK - ---DEC 2022.csv|tiktok|handle=Tiktoker name;name=Tiktok name|followers=followers;avg_views=views(avg)~views(avg)#2;avg_likes=likes(avg.)~likes(avg.)#2;avg_comments=comments(avg.)~comments(avg.)#2;avg_shares=shares(avg.)~shares(avg.)#2|0
9|social-media-influencers-2022/social media influencers-YOUTUBE - --DEC 2022.csv|youtube|handle=Youtube channel;name=youtuber name;category=Category;category=Category-2;country=Country|followers=Followers~Followers#2;avg_views=Views (Avg.)~Views (Avg.)#2;avg_likes=Likes (Avg.)~Likes (Avg.)#2;avg_comments=Comments (Avg.)~Comments (Avg.)#2|0
10|social-media-influencers-2022/social media influencers-instagram - -nov 2022.csv|instagram|handle=Name;name=Instagram Name;category=Category-1;category=Category-2;audience_country=Country|followers=Followers~Followers#2|0
11|social-media-influencers-2022/social media influencers-instagram june 2022 - june 2022.csv|instagram|handle=instagram name;name=influencer name;category=Category_1;category=Category_2;audience_country=Views avg.|followers=Subscribers count~Subscribers count#2;avg_likes=Likes avg~Likes avg#2;avg_comments=Comments avg.~Comments avg.#2|16
12|social-media-influencers-2022/social media influencers-tiktok - ---nov 2022.csv|tiktok|handle=Tiktoker name;name=Tiktok name|followers=Followers;avg_views=Views (Avg.);avg_likes=Likes (Avg.);avg_comments=Comments (Avg.);avg_shares=Shares (Avg.)|0
13|social-media-influencers-2022/social media influencers-tiktok june 2022 - june 2022.csv|tiktok|handle=Tiktoker;name=influencer name|followers=Subscribers count~Subscribers count#2;avg_views=Views avg.~Views avg.#2;avg_likes=Likes avg~Likes avg#2;avg_comments=Comments avg.~Comments avg.#2;avg_shares=Shares avg~Shares avg#2|0
14|social-media-influencers-2022/social media influencers-youtube - --nov 2022.csv|youtube|handle=Youtube channel;name=youtuber name;category=Category;category=Category-2;country=Country|followers=Followers~Followers#2;avg_views=Views (Avg.)~Views (Avg.)#2;avg_likes=Likes (Avg.)~Likes (Avg.)#2;avg_comments=Comments (Avg.)~Comments (Avg.)#2|0
15|social-media-influencers-2022/social media influencers-youtube june 2022 - june 2022.csv|youtube|handle=channel name;name=youTuber;category=Category;category=Category_2;country=Country|followers=Subscribers count~Subscribers count#2;avg_views=Views avg.~Views avg.#2;avg_likes=Likes avg~Likes avg#2;avg_comments=Comments avg.~Comments avg.#2|0
16|top-instagram-influencers/insta.csv|instagram|handle=channel_info;reported_er=60d_eng_rate|posts=posts;followers=followers;avg_likes=avg_likes|0
17|top-instagram-influencers/top_insta_influencers_data.csv|instagram|handle=channel_info;reported_er=60d_eng_rate|posts=posts;followers=followers;avg_likes=avg_likes|0
EOF

# Every CSV of the directory is in the table, and nothing else.
expect_eq "$(cd "$DATA" && find . -name '*.csv' | sed 's|^\./||' | LC_ALL=C sort)" \
    "$(cut -d'|' -f2 files.txt | LC_ALL=C sort)" "the table lists every CSV under $DATA"
expect_eq "$(wc -l <files.txt)" 17 "17 files"

# Independent of niche: data rows, blank rows and distinct handles
# (stripped, '@' dropped, ASCII lowercased) of a file's handle column.
cat >facts.py <<'EOF'
import csv, sys
path, column = sys.argv[1], sys.argv[2]
with open(path, newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
head = [" ".join(h.split()) for h in rows[0]]
i = [h.lower() for h in head].index(column.lower())
data = rows[1:]
blank = sum(1 for r in data if all(not c.strip() for c in r))
handles = set()
for r in data:
    h = r[i].strip()
    if h.startswith("@"):
        h = h[1:]
    if h:
        handles.add("".join(c.lower() if "A" <= c <= "Z" else c for c in h))
print(len(data) - blank, blank, len(handles))
EOF

# Compare workspace a (abbreviated) with p (plain) on the twin fields.
cat >compare.py <<'EOF'
import json, math, sys
a_path, p_path, fields, allowed = sys.argv[1], sys.argv[2], sys.argv[3].split(","), int(sys.argv[4])
a = {(x["platform"], x["handle"]): x for x in json.load(open(a_path, encoding="utf-8"))}
p = {(x["platform"], x["handle"]): x for x in json.load(open(p_path, encoding="utf-8"))}
bad, missing_vs_zero, compared = [], 0, 0
if set(a) != set(p):
    bad.append("accounts differ: %s" % sorted(set(a) ^ set(p))[:5])
for k in sorted(set(a) & set(p)):
    for f in fields:
        x, y = a[k][f], p[k][f]
        if x is None and y is None:
            continue
        if x is None and y == 0:
            missing_vs_zero += 1
            continue
        compared += 1
        if x is None or y is None or abs(x - y) > 1e-9 * max(abs(y), 1):
            bad.append("%s:%s %s: abbreviated %r, plain %r" % (k[0], k[1], f, x, y))
# Rows whose abbreviated cell is empty beside a plain 0 may disagree: at
# most `allowed` of them (fewer when a handle's other row has a value).
if missing_vs_zero > allowed or (allowed and not missing_vs_zero):
    bad.append("%d cells empty vs 0, expected 1 to %d" % (missing_vs_zero, allowed))
if compared == 0:
    bad.append("nothing compared")
for b in bad[:10]:
    print(b)
print("compared %d values of %d accounts" % (compared, len(a)), file=sys.stderr)
sys.exit(1 if bad else 0)
EOF

# import_file WORKSPACE SIDE(1 abbreviated, 2 plain) PATH PLATFORM MAPS TWINS
import_file() {
    ws=$1 side=$2 path=$3 platform=$4 maps=$5 twins=$6
    args=()
    IFS=';' read -ra list <<<"$maps"
    for m in "${list[@]}"; do
        args+=(--map "$m")
    done
    IFS=';' read -ra list <<<"$twins"
    for t in "${list[@]}"; do
        field=${t%%=*} cols=${t#*=}
        case $cols in
        *~*) [ "$side" = 1 ] && col=${cols%%~*} || col=${cols#*~} ;;
        *) col=$cols ;;
        esac
        args+=(--map "$field=$col")
    done
    expect_exit 0 niche --workspace "$ws" --json import accounts "$DATA/$path" \
        --platform "$platform" "${args[@]}"
}

while IFS='|' read -r n path platform maps twins allowed; do
    handle_col=${maps#handle=}
    handle_col=${handle_col%%;*}
    read -r rows blank handles < <("$PYTHON" facts.py "$DATA/$path" "$handle_col")
    fields=$(printf '%s\n' "${twins//;/$'\n'}" | sed 's/=.*//' | paste -sd, -)
    for side in 1 2; do
        ws=$([ $side = 1 ] && echo a$n || echo p$n)
        import_file "$ws" $side "$path" "$platform" "$maps" "$twins"
        expect_py "file $n ($ws): all $rows rows imported, none skipped, $blank blank" \
            "j['rows'] == $rows and j['imported'] == $rows and j['skipped'] == 0 and j['blank'] == $blank"
        expect_exit 0 niche --workspace "$ws" --json stats
        expect_py "file $n ($ws): $handles distinct handles, $handles $platform accounts" \
            "j['platforms']['all']['accounts'] == $handles and j['platforms']['$platform']['accounts'] == $handles"
        expect_exit 0 niche --workspace "$ws" --json accounts list --limit 0
        mv out "$ws.json"
    done
    if "$PYTHON" compare.py a$n.json p$n.json "$fields" "$allowed" >cmp.out 2>cmp.err; then
        test_ok_ "file $n: abbreviated and plain columns agree on $fields ($(cat cmp.err))"
    else
        test_fail_ "file $n: abbreviated and plain columns agree on $fields" "$(cat cmp.out cmp.err)"
    fi
done <files.txt

# File 11 has 16 rows with an empty abbreviated cell beside a plain 0.
expect_eq "$("$PYTHON" -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
print(sum(1 for r in rows[1:] if r[9].strip() == "" and r[10].strip() == "0"))
' "$DATA/social-media-influencers-2022/social media influencers-instagram june 2022 - june 2022.csv")" 16 \
    "file 11: 16 rows leave 'Comments avg.' empty and its twin 0"

# insta.csv (plain) against top_insta_influencers_data.csv (abbreviated).
if "$PYTHON" compare.py a17.json a16.json posts,followers,avg_likes,reported_er 0 >cmp.out 2>cmp.err; then
    test_ok_ "top_insta_influencers_data.csv agrees with insta.csv ($(cat cmp.err))"
else
    test_fail_ "top_insta_influencers_data.csv agrees with insta.csv" "$(cat cmp.out cmp.err)"
fi

# ---- spot checks ---------------------------------------------------------

show() {
    expect_exit 0 niche --workspace "$1" --json accounts show "$2"
}

show a7 instagram:leomessi
expect_py "DEC 2022 Instagram: leomessi 409.8M followers, both categories" \
    'j["followers"] == 409800000 and j["name"] == "Leo Messi" and j["category"] == "Sports with a ball; Family" and j["audience_country"] == "Argentina"'
show a7 instagram:cristiano
expect_py "DEC 2022 Instagram: cristiano 523M (no decimal point)" 'j["followers"] == 523000000'
show a7 instagram:neymarjr
expect_py "DEC 2022 Instagram: an emoji name" 'j["name"] == "NJ 🇧🇷" and j["followers"] == 198900000'
show p3 instagram:cristiano
expect_py "sep 2022 Instagram: '477900000.00' is 477900000" 'j["followers"] == 477900000'
show a1 tiktok:khaby.lame
expect_py "sep 2022 TikTok: khaby.lame" \
    'j["followers"] == 149200000 and j["avg_views"] == 17300000 and j["avg_likes"] == 2300000 and j["avg_comments"] == 15200 and j["avg_shares"] == 8700 and j["name"] == "Khabane lame"'
show a5 tiktok:ekin.721
expect_py "TikTok: a typographic apostrophe in a name" 'j["name"] == "MOMO’s" and j["followers"] == 221700 and j["avg_views"] == 26000000'
show a8 tiktok:mrbeast
expect_py "DEC 2022 TikTok: mrbeast" 'j["followers"] == 60300000 and j["avg_views"] == 29200000 and j["avg_comments"] == 30800'
show a12 tiktok:yossikramer
expect_py "nov 2022 TikTok (no twins): 145.6K, 26.8M" \
    'j["followers"] == 145600 and j["avg_views"] == 26800000 and j["avg_likes"] == 2200000 and j["avg_shares"] == 71200'
show a15 youtube:juptube
expect_py "june 2022 YouTube: N/A' and #VALOR! are missing, '-' country too, 0 views is 0" \
    'j["avg_likes"] is None and j["avg_comments"] is None and j["country"] is None and j["avg_views"] == 0 and j["followers"] == 30500000'
show a15 "youtube:Baby Big Mouth Kids - Sing, Dance, Explore"
expect_py "june 2022 YouTube: 348.5 average views" 'j["avg_views"] == 348.5 and j["category"] == "Animation; Toys"'
show a9 youtube:tseries
expect_py "DEC 2022 YouTube: tseries" \
    'j["followers"] == 229500000 and j["avg_views"] == 103800 and j["avg_likes"] == 2800 and j["avg_comments"] == 158 and j["country"] == "India" and j["category"] == "Music & Dance"'
show a11 instagram:433
expect_py "june 2022 Instagram: the mislabelled country column" 'j["audience_country"] == "Spain" and j["followers"] == 50700000'
show a17 instagram:cristiano
expect_py "top_insta: 3.3k posts, 475.8m, 8.7m, 1.39%" \
    'j["posts"] == 3300 and j["followers"] == 475800000 and j["avg_likes"] == 8700000 and abs(j["reported_er"] - 0.0139) < 1e-12 and j["country"] == "Spain"'
show a17 instagram:leomessi
expect_py "top_insta: 0.89k posts is 890; NaN country is missing" 'j["posts"] == 890 and j["country"] is None'
show a16 instagram:leomessi
expect_py "insta.csv: the same leomessi, plain" 'j["posts"] == 890 and j["followers"] == 357300000 and j["country"] is None'

# The abbreviated and plain imports of the same file hold the same data.
expect_exit 0 niche --workspace a7 --json stats
cp out a7.stats
expect_exit 0 niche --workspace p7 --json stats
expect_eq "$(jget 'j["platforms"]["instagram"]["tiers"]')" "$(jget 'j["platforms"]["instagram"]["tiers"]' a7.stats)" \
    "DEC 2022 Instagram: the same tiers from either column"

# Analysis of real, messy exports (accounts only, no posts): it runs, and
# what the exports cannot tell stays unknown.
for w in a7 a16 a17; do
    expect_exit 0 niche --workspace $w analyze --quiet
done
expect_exit 0 niche --workspace a16 --json audit instagram:leomessi
expect_py "a real account without posts: no rate invented" \
    '"engagement" not in j or all(v["value"] is None for v in j["engagement"].values())'

test_done
