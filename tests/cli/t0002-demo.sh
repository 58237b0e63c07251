#!/bin/bash
# t0002-demo: `niche demo` builds the workspace 'demo' from a generated
# world (niche synth), can run again with the same result, and leaves
# other workspaces alone.
. "$NICHE_SRC/tests/cli/lib.sh"

# A digest of a workspace's accounts without their update times, for
# comparing two states; a unique word when listing fails, so that two
# failures never compare equal.
listing() {
    if "$NICHE" --workspace "$1" --json accounts list --limit 0 --sort handle >listing.json &&
        test_py_ 'sorted(tuple(sorted((k, str(v)) for k, v in a.items() if k != "updated_ms")) for a in j)' listing.json get >listing.txt; then
        sha256sum <listing.txt | cut -d' ' -f1
    else
        echo "listing-failed-$RANDOM$RANDOM"
    fi
}

# Something of the user's own, in the default workspace and in another.
cat >mine.csv <<'EOF'
platform,handle,name,followers
instagram,creator0001,Not a demo account,123
tiktok,mine,Mine,456
EOF
expect_exit 0 niche import accounts mine.csv
expect_exit 0 niche --workspace client import accounts mine.csv
default_before=$(listing default)
client_before=$(listing client)

# ---- the demo ------------------------------------------------------------

expect_exit 0 niche demo
expect_contains out "niche demo: a generated world in workspace 'demo' of niche.db (seed 42)"
cp out demo1.txt
expect_match out '^  [0-9,]+ creators with 2,000 accounts on instagram, tiktok, youtube and x$'
expect_match out '^  6,000 audience accounts, [0-9,]+ posts, [0-9,]+ follower edges, 52,000 snapshots$'
expect_match out '^  nano [0-9,]+, micro [0-9,]+, mid [0-9,]+, macro [0-9,]+, mega [0-9,]+$'
expect_contains out 'Micro-creators (10000-99999 followers), largest first:'
expect_contains out 'Micro-creators with the best audience quality (niche analyze):'
expect_contains out 'Discovery: fitness micro and mid-tier creators'
expect_match out '^  [a-z]+:[^ ]+ +fit 0\.[0-9]{3}  \(niche '
expect_match out '^  bought followers: [0-9,]+ accounts flagged, [0-9,]+ bought$'
expect_match out '^  engagement pods:  [0-9,]+ accounts in [0-9,]+ pods found, [0-9,]+ in pods$'
expect_match out '^  undisclosed sponsorship: [0-9,]+ posts flagged, [0-9,]+ without disclosure$'
expect_contains out 'niche --db niche.db --workspace demo audit PLATFORM:HANDLE'
# The best audiences are listed by descending score, each from 0 to 100.
sed -n '/^Micro-creators with the best/,/^$/p' out | sed '1,2d;$d' | grep -v '^  (' >best.txt
expect_eq "$(wc -l <best.txt)" 8 "eight best audiences listed"
expect_true "audience quality scores descend within 0-100" \
    awk '{ s = $2 + 0; if (s < 0 || s > 100 || (NR > 1 && s > prev)) exit 1; prev = s }' best.txt
expect_contains out 'niche --db niche.db --workspace demo stats'
expect_empty err
# The creators per tier add up to the 2,000 creator accounts.
expect_eq "$(sed -n 's/^  nano //p' out | tr -d ',' | awk -F'[ ]' '{ s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) s += $i; print s }')" \
    2000 "the tier counts add up to the creator accounts"
# The eight micro-creators it names are micro and in descending order.
sed -n '/^Micro-creators (/,/^$/p' out | sed '1d;$d' >top.txt
expect_eq "$(wc -l <top.txt)" 8 "eight micro-creators listed"
expect_true "the listed follower counts are micro and descending" \
    awk '{ gsub(",", "", $2); n = $2 + 0; if (n < 10000 || n > 99999 || (NR > 1 && n > prev)) exit 1; prev = n }
         END { if (NR != 8) exit 1 }' top.txt

expect_exit 0 niche --workspace demo --json stats
cp out stats1.json
expect_py "stats show the demo workspace: 8,000 accounts, 52,000 snapshots" \
    'j["platforms"]["all"]["accounts"] == 8000 and j["platforms"]["all"]["snapshots"] == 52000 and j["platforms"]["all"]["follower_edges"] > 100000'
expect_eq "$(sed -n 's/^  6,000 audience accounts, \([0-9,]*\) posts, \([0-9,]*\) follower edges.*/\1 \2/p' demo1.txt | tr -d ',')" \
    "$(jget '"%d %d" % (j["platforms"]["all"]["posts"], j["platforms"]["all"]["follower_edges"])' stats1.json)" \
    "the demo reports the posts and follower edges the store holds"
expect_py "the demo spans instagram, tiktok, youtube and x, every tier known" \
    'set(j["platforms"]) == {"all", "instagram", "tiktok", "youtube", "x"} and "unknown" not in j["platforms"]["all"]["tiers"] and j["platforms"]["all"]["tiers"]["micro"] > 0'
demo_once=$(listing demo)

# Ground truth and hidden likes are stored, never as zero.
expect_eq "$(sqlite3 niche.db "select count(*) from truth_account t join account a on a.id = t.account_id join workspace w on w.id = a.workspace_id where w.name = 'demo'")" \
    8000 "every demo account has its ground truth"
expect_true "some instagram like counts are hidden (null), none is negative" \
    sh -c 'test "$(sqlite3 niche.db "select count(*) from post where platform = '"'"'instagram'"'"' and likes is null")" -gt 0 &&
           test "$(sqlite3 niche.db "select count(*) from post where likes < 0")" -eq 0'

# ---- again: the same workspace, nothing added ----------------------------

expect_exit 0 niche demo
expect_eq "$(cat out)" "$(cat demo1.txt)" "a second demo prints the same summary"
expect_exit 0 niche --workspace demo --json stats
expect_eq "$(jget 'j["platforms"]' out)" "$(jget 'j["platforms"]' stats1.json)" "a second demo gives the same stats"
expect_eq "$(listing demo)" "$demo_once" "a second demo gives the same accounts"

# ---- other workspaces ----------------------------------------------------

expect_eq "$(listing default)" "$default_before" "the default workspace is untouched"
expect_eq "$(listing client)" "$client_before" "another workspace is untouched"
expect_exit 0 niche --json stats
expect_py "stats without --workspace show the default workspace" \
    'j["platforms"]["all"]["accounts"] == 2 and j["platforms"]["all"]["posts"] == 0'
expect_exit 0 niche --json accounts show instagram:creator0001
expect_py "a default account named like a demo one keeps its values" 'j["followers"] == 123 and j["name"] == "Not a demo account"'

# Extra accounts put into the demo workspace go on the next demo.
printf 'platform,handle,followers\ntwitch,stray,5\n' >stray.csv
expect_exit 0 niche --workspace demo import accounts stray.csv
expect_exit 0 niche demo
expect_exit 1 niche --workspace demo accounts show twitch:stray
expect_eq "$(listing demo)" "$demo_once" "the demo replaces what its workspace held"

# --json, --accounts and --seed.
expect_exit 0 niche --json demo --accounts 20 --seed 7
cp out demo7.json
expect_py "demo --json: its keys" \
    'sorted(j) == sorted(["database", "workspace", "seed", "creators", "creator_accounts", "audience_accounts", "posts", "follower_edges", "snapshots", "analysis"])'
expect_py "demo --json: database, workspace and generated counts" \
    'j["workspace"] == "demo" and j["database"] == "niche.db" and j["seed"] == 7 and j["creator_accounts"] == 20 and j["audience_accounts"] == 60 and j["snapshots"] == 520 and j["posts"] >= 240 and j["follower_edges"] > 0'
expect_exit 0 niche --workspace demo --json stats
expect_py "the smaller demo replaced the larger" 'j["platforms"]["all"]["accounts"] == 80'
expect_eq "$(jget '[j["creator_accounts"] + j["audience_accounts"], j["posts"], j["follower_edges"], j["snapshots"]]' demo7.json)" \
    "$(jget '[j["platforms"]["all"][k] for k in ("accounts", "posts", "follower_edges", "snapshots")]' out)" \
    "demo --json counts are the store's (stats) counts"
seed7=$(listing demo)
expect_exit 0 niche demo --accounts 20 --seed 7
expect_eq "$(listing demo)" "$seed7" "the same seed gives the same demo"
expect_exit 0 niche demo --accounts 20 --seed 8
seed8=$(listing demo)
expect_true "another seed gives another demo" \
    sh -c 'test "$1" != "$2" && test "${1#listing-failed}" = "$1" && test "${2#listing-failed}" = "$2"' - "$seed8" "$seed7"

# The demo always builds workspace 'demo': NICHE_WORKSPACE and --workspace
# are ignored, and the workspace they name is neither touched nor created.
expect_exit 0 env NICHE_WORKSPACE=client "$NICHE" demo --accounts 2
expect_contains out "niche demo: a generated world in workspace 'demo' of niche.db"
expect_exit 0 niche --workspace demo --json stats
expect_py "NICHE_WORKSPACE=client: the demo went into 'demo'" 'j["platforms"]["all"]["accounts"] == 8'
expect_eq "$(listing client)" "$client_before" "NICHE_WORKSPACE=client demo leaves client untouched"
expect_exit 0 niche --workspace client demo --accounts 3
expect_contains out "niche demo: a generated world in workspace 'demo' of niche.db"
expect_exit 0 niche --workspace demo --json stats
expect_py "--workspace client: the demo went into 'demo'" 'j["platforms"]["all"]["accounts"] == 12'
expect_eq "$(listing client)" "$client_before" "--workspace client demo leaves client untouched"
expect_exit 0 env NICHE_WORKSPACE=newclient "$NICHE" --db ws.db demo --accounts 2
expect_exit 0 niche --db ws.db --workspace newclient demo --accounts 2
expect_eq "$(sqlite3 ws.db "select count(*) from workspace where name = 'newclient'")" 0 \
    "a demo does not create the workspace NICHE_WORKSPACE or --workspace names"
expect_eq "$(sqlite3 ws.db "select count(*) from workspace where name = 'demo'")" 1 "ws.db has the demo workspace"

# A demo into a database that does not exist yet creates it.
expect_exit 0 niche --db fresh.db demo --accounts 3
expect_exit 0 niche --db fresh.db --workspace demo --json stats
expect_py "fresh.db holds the demo" 'j["platforms"]["all"]["accounts"] == 12'
expect_eq "$(listing default)" "$default_before" "still untouched after all demos"
expect_eq "$(listing client)" "$client_before" "client still untouched after all demos"
expect_eq "$(sqlite3 niche.db 'PRAGMA integrity_check')" ok "integrity_check after the demos"

test_done
