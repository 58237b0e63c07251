#!/bin/bash
# t3001-analyze: `niche analyze` and `niche audit` on hand-made data whose
# rates are computed here by hand, on an account with nothing known, on bad
# options, and on a generated world scored against its ground truth.
. "$NICHE_SRC/tests/cli/lib.sh"

# ---- hand-made: one instagram account, 13 posts ------------------------------

cat >accounts.csv <<'EOF'
platform,handle,name,followers,following,posts,bio
instagram,baker,Baker,10000,300,200,Sourdough recipes and baking at home
instagram,empty,Empty,5000,100,3,
tiktok,dancer,Dancer,20000,50,80,
EOF
# Likes+comments per post over 10,000 followers; post 3 hides its likes (-1)
# and post 13 is past the window of 12. Valid: 11 posts in the window.
{
    echo "platform,handle,post_id,posted_at,type,caption,likes,comments,shares,saves,views,sponsored"
    for i in $(seq 1 13); do
        day=$(printf '%02d' $((30 - i)))
        likes=$((100 * i))
        [ "$i" = 3 ] && likes=-1
        caption="Fresh sourdough loaf #baking #recipe"
        [ "$i" = 2 ] && caption="#ad Baked with @flourco today #baking #recipe"
        echo "instagram,baker,p$i,2026-10-${day}T12:00:00Z,image,$caption,$likes,$((10 * i)),,,,"
    done
    for i in $(seq 1 12); do
        echo "tiktok,dancer,t$i,2026-10-$(printf '%02d' $((28 - i)))T12:00:00Z,video,dance #dance,$((1000 + i)),50,20,,10000,"
    done
} >posts.csv
expect_exit 0 niche import accounts accounts.csv
expect_exit 0 niche import posts posts.csv

expect_exit 0 niche --json analyze
expect_py "analyze --json: three accounts, the two with posts or a bio analysed" \
    'j["accounts"] == 3 and j["analysed"] == 2 and j["posts"] == 25 and j["version"] == 1 and j["tier_scheme"] == "later-fohr"'

expect_exit 0 niche --json audit instagram:baker
cp out baker.json
# Posts 1,2,4..12: likes 100i + comments 10i = 110i over i in {1..12} - {3}.
# Results are stored at float precision (docs/internals/store.md): 1e-7.
expect_py "ER_F_MEAN = sum(L+C)/(F*N) over the 11 valid of the latest 12 posts" \
    'abs(j["engagement"]["ER_F_MEAN"]["value"] / (110 * (78 - 3) / (10000 * 11)) - 1) < 1e-7 and j["engagement"]["ER_F_MEAN"]["posts"] == 11 and j["engagement"]["ER_F_MEAN"]["hidden_likes"] == 1'
expect_py "instagram has no views-based rate (never compared)" '"ER_V" not in j["engagement"]'
expect_py "the #ad post is disclosed and compliant, with its brand" \
    'j["sponsorship"]["disclosed"] == 1 and j["sponsorship"]["posts"][0]["compliance"] == "compliant" and j["sponsorship"]["brands"][0]["brand"] == "flourco"'
expect_py "no known followers: audience unknown, not zero" \
    'j["audience"]["followers_known"] == 0 and j["audience"]["authentic"] == [None, None, None] and j["audience"]["bought_followers"] is None'
expect_py "the bio and captions make it a food account" 'j["niches"][0]["niche"] == "food"'
expect_py "estimates are labelled as such" 'j["estimates"]["estimated"] is True and j["estimates"]["basis"] == "followers"'

expect_exit 0 niche --json audit tiktok:dancer
# ER_V = sum(L+C+S)/sum(views) = sum(1000+i+50+20)/120000.
expect_py "tiktok ER_V is sum(L+C+S)/sum(views)" \
    'abs(j["engagement"]["ER_V"]["value"] / ((12 * 1070 + 78) / 120000) - 1) < 1e-7'

expect_exit 0 niche audit instagram:baker
expect_contains out "ER_F_MEAN   7.50%"
expect_contains out "percentile unknown: 1 instagram peers, fewer than the floor"
expect_contains out "1 with hidden likes left out"
expect_contains out "too few known followers for shares (20 needed): quality unknown"
expect_contains out "Estimates (not measured"

# ---- an account with nothing known ------------------------------------------

expect_exit 0 niche --json audit instagram:empty
expect_py "nothing known: said, not invented" \
    '"unknown" in j and "engagement" not in j and j["tier"] == "unknown"'
expect_exit 0 niche audit instagram:empty
expect_contains out "Nothing to analyse: no posts, no snapshots and no known followers."

# ---- errors -------------------------------------------------------------------

expect_exit 1 niche audit instagram:nobody
expect_contains err "no account instagram:nobody"
expect_exit 2 niche audit nocolon
expect_exit 0 niche analyze --timings
expect_true "--timings: every stage once, in order, and the total" "$PYTHON" -c '
import sys
got = [l.split()[0] for l in open("err") if l.startswith("  ")]
sys.exit(got != ["accounts", "snapshots", "posts", "comments", "post-results", "followers",
                 "concluding", "writing", "total"])'
expect_exit 2 niche analyze --scheme nosuch
expect_exit 2 niche analyze --min-posts 20 --window 12
before=$(db_digest)
printf '{"currency": "EUR",\n "cpm": {"instagram": }}\n' >bad.json
expect_exit 1 niche analyze --prices bad.json
expect_match err '^niche: bad\.json:2:[0-9]+: price table: '
printf '{"cpm": {"myspace": 3}}' >bad2.json
expect_exit 1 niche analyze --prices bad2.json
expect_contains err 'unknown platform "myspace"'
expect_eq "$(db_digest)" "$before" "a refused price table changes nothing"

# A price table and a scheme are stamped on the results.
printf '{"currency": "EUR", "cpm": {"instagram": 40}}' >eur.json
expect_exit 0 niche --json analyze --prices eur.json --scheme chizcomm
expect_py "the run records the table and the scheme" \
    'j["currency"] == "EUR" and j["price_table"] == "eur.json" and j["tier_scheme"] == "chizcomm"'
expect_exit 0 niche --json audit instagram:baker
expect_py "the audit shows the new currency and scheme" \
    'j["estimates"]["currency"] == "EUR" and j["analysis"]["tier_scheme"] == "chizcomm"'
expect_eq "$(sqlite3 niche.db 'select count(*) from analysis_run')" 1 "a new run replaces the old one"
expect_eq "$(sqlite3 niche.db 'select count(*) from account_metric')" 2 "one result row per analysed account"

# ---- audit before any analysis runs it first ---------------------------------

expect_exit 0 niche --workspace fresh import accounts accounts.csv
expect_exit 0 niche --workspace fresh audit instagram:baker
expect_contains err "never analysed; running 'niche analyze' first"

# ---- a generated world, scored against its ground truth ----------------------

expect_exit 0 niche --workspace world synth --accounts 1500 --seed 11 --quiet
expect_exit 0 niche --workspace world --json analyze
# precision and recall of each detector, as in bench/quality.sh
score() {
    sqlite3 niche.db "WITH x AS ($1) SELECT printf('%.3f %.3f', 1.0 * sum(t AND p) / max(sum(p), 1), 1.0 * sum(t AND p) / max(sum(t), 1)) FROM x"
}
at_least() {   # NAME "P R" FLOOR
    expect_true "$1: precision and recall $2 >= $3" \
        awk -v s="$2" -v f="$3" 'BEGIN { split(s, a, " "); exit !(a[1] >= f && a[2] >= f) }'
}
at_least "bought followers" "$(score "SELECT t.bought_followers > 0 AS t, m.bought = 1 AS p FROM truth_account t JOIN account_metric m ON m.account_id = t.account_id")" 0.9
at_least "bot followers" "$(score "SELECT t.role = 'bot' AS t, coalesce(c.bot, 0) AS p FROM (SELECT DISTINCT follower_id AS id FROM follower) f JOIN truth_account t ON t.account_id = f.id LEFT JOIN follower_class c ON c.account_id = f.id")" 0.9
at_least "pods" "$(score "SELECT t.pod > 0 AS t, coalesce(m.pod, 0) > 0 AS p FROM truth_account t JOIN account_metric m ON m.account_id = t.account_id")" 0.9
at_least "undisclosed sponsorship" "$(score "SELECT tp.disclosure = 'undisclosed' AS t, coalesce(s.likely_undisclosed, 0) AS p FROM truth_post tp LEFT JOIN post_sponsorship s ON s.post_id = tp.post_id")" 0.9
top1=$(sqlite3 niche.db "SELECT printf('%.3f', avg(n.niche = substr(t.niches, 1, instr(t.niches || ' ', ' ') - 1))) FROM truth_account t JOIN account_niche n ON n.account_id = t.account_id WHERE n.score = (SELECT max(score) FROM account_niche n2 WHERE n2.account_id = t.account_id)")
expect_true "niche top-1 accuracy $top1 >= 0.9" awk -v a="$top1" 'BEGIN { exit !(a >= 0.9) }'

# The audit of a buyer lists its likely bots, and only flagged followers.
buyer=$(sqlite3 niche.db "SELECT a.platform || ':' || a.handle FROM truth_account t JOIN account a ON a.id = t.account_id JOIN workspace w ON w.id = a.workspace_id WHERE w.name = 'world' AND t.bought_followers > 0 ORDER BY a.id LIMIT 1")
expect_exit 0 niche --workspace world --json audit "$buyer"
expect_py "a buyer's audit: bought followers likely, bots among its flagged followers" \
    'j["audience"]["bought_followers"] is True and any(f["bot"] for f in j["audience"]["flagged_followers"]) and all(f["bot"] or f["type"] != "real" for f in j["audience"]["flagged_followers"])'

# Percentiles lie in [0, 1] and peers are same-platform counts >= the floor.
expect_eq "$(sqlite3 niche.db 'select count(*) from account_metric where er_f_mean_pct < 0 or er_f_mean_pct > 1 or (er_f_mean_pct is not null and er_f_mean_peers < 50)')" 0 \
    "percentiles in [0, 1] over at least 50 peers"
expect_eq "$(sqlite3 niche.db "select count(*) from account_metric m join account a on a.id = m.account_id where a.platform = 'instagram' and m.er_v is not null")" 0 \
    "no views-based rate on instagram"

test_done
