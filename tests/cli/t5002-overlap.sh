#!/bin/bash
# t5002-overlap: the audience sketches `niche analyze` stores, and `niche
# overlap` on a generated world: exact counts equal what SQL counts in the
# follower table, estimates from the HyperLogLog sketches (sparse and
# dense) lie within their bound, --list, and every error with its status.
. "$NICHE_SRC/tests/cli/lib.sh"

expect_exit 0 niche synth --accounts 80 --seed 5 --quiet
expect_exit 0 niche analyze --quiet

q() { sqlite3 niche.db "$1"; }

# ---- the stored sketches ---------------------------------------------------------

expect_eq "$(q 'select count(*) from audience')" "$(q 'select count(distinct account_id) from follower')" \
    "one sketch per account with known followers"
expect_eq "$(q 'select count(*) from audience x where sample_size <> (select count(*) from follower f where f.account_id = x.account_id)')" 0 \
    "each sketch's sample size is the account's known followers"
expect_eq "$(q "select count(*) from audience where hex(substr(hll, 1, 7)) <> '6E484C4C01010E' or hex(substr(minhash, 1, 8)) <> '6E4D485301018000'")" 0 \
    "sparse HyperLogLog blobs at precision 14, MinHash blobs of k = 128"

# ---- three instagram accounts with the most known followers ----------------------

pick="select a.id as id, a.platform || ':' || a.handle as h from account a join follower f on f.account_id = a.id where a.platform = 'instagram' group by a.id order by count(*) desc, a.id limit 3"
ids=($(q "select id from ($pick)"))
names=($(q "select h from ($pick)"))
expect_eq "${#ids[@]} ${#names[@]}" "3 3" "three instagram accounts with known followers"
all="${ids[0]},${ids[1]},${ids[2]}"

# ---- exact: the same numbers as SQL ------------------------------------------------

expect_exit 0 niche --json overlap "${names[@]}"
cp out exact.json
expect_py "exact, over known followers" \
    'j["method"] == "exact" and j["basis"] == "known followers" and j["standard_error"] == 0 and j["platform"] == "instagram"'
expect_eq "$(jget 'j["union"]')" "$(q "select count(distinct follower_id) from follower where account_id in ($all)")" \
    "union = count(distinct follower_id)"
expect_eq "$(jget 'j["edges"]')" "$(q "select count(*) from follower where account_id in ($all)")" \
    "edges = the known follower edges of the set"
for k in 0 1 2; do
    others=$(echo "$all" | tr ',' '\n' | grep -vx "${ids[$k]}" | paste -sd,)
    expect_eq "$(jget "j['accounts'][$k]['account']")" "${names[$k]}" "accounts in the order given ($k)"
    expect_eq "$(jget "j['accounts'][$k]['audience']")" "$(q "select count(*) from follower where account_id = ${ids[$k]}")" \
        "audience $k = its known followers"
    expect_eq "$(jget "j['accounts'][$k]['unique']")" \
        "$(q "select count(*) from follower where account_id = ${ids[$k]} and follower_id not in (select follower_id from follower where account_id in ($others))")" \
        "unique $k = followers none of the others has"
done
k=0
for pair in "0 1" "0 2" "1 2"; do
    set -- $pair
    shared=$(q "select count(*) from follower f join follower g on g.follower_id = f.follower_id where f.account_id = ${ids[$1]} and g.account_id = ${ids[$2]}")
    lo=$(q "select min(n) from (select count(*) as n from follower where account_id in (${ids[$1]}, ${ids[$2]}) group by account_id)")
    expect_eq "$(jget "j['pairs'][$k]['shared']")" "$shared" "pair $pair: shared followers"
    expect_py "pair $pair: overlap = shared / the smaller audience" \
        "abs(j['pairs'][$k]['overlap'] - $shared / $lo) < 1e-12 and j['pairs'][$k]['account'] == '${names[$1]}' and j['pairs'][$k]['with'] == '${names[$2]}'"
    k=$((k + 1))
done
expect_py "unique shares are unique / audience" \
    'all(abs(a["unique_share"] - a["unique"] / a["audience"]) < 1e-12 for a in j["accounts"])'

expect_exit 0 niche overlap "${names[@]}"
expect_contains out "over their known followers"
expect_contains out "Method: exact"
expect_contains out "Unique audience of the set: $(jget 'j["union"]' exact.json) known followers"
expect_exit 0 niche overlap --exact "${names[0]}" "${names[1]}"
expect_contains out "asked for"

# ---- estimates within their bound --------------------------------------------------

# Every count is within 3 standard errors of the truth; a difference of two
# estimates (unique, shared) within the sum of their bounds.
cat >bound.py <<'EOF'
import json, sys
ex, es, p = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[3])
z = 3 * es["standard_error"]
size = {a["account"]: a["audience"] for a in ex["accounts"]}
U = ex["union"]
bad = []
if es["method"] != "estimate" or es["precision"] != p:
    bad.append("method or precision")
if abs(es["union"] - U) > z * U:
    bad.append("union %g vs %g" % (es["union"], U))
for x, y in zip(ex["accounts"], es["accounts"]):
    if abs(y["audience"] - x["audience"]) > z * x["audience"]:
        bad.append("audience of %s" % x["account"])
    if abs(y["unique"] - x["unique"]) > 2 * z * U:
        bad.append("unique of %s" % x["account"])
    if not 0 <= y["unique_share"] <= 1:
        bad.append("unique share of %s" % x["account"])
for x, y in zip(ex["pairs"], es["pairs"]):
    a, b = size[x["account"]], size[x["with"]]
    err = z * (a + b + (a + b - x["shared"]))
    if abs(y["shared"] - x["shared"]) > err or abs(y["overlap"] - x["overlap"]) > err / min(a, b):
        bad.append("pair %s %s: %g vs %g" % (x["account"], x["with"], y["shared"], x["shared"]))
    if not 0 <= y["overlap"] <= 1:
        bad.append("overlap out of [0, 1]")
print("; ".join(bad))
sys.exit(1 if bad else 0)
EOF

expect_exit 0 niche --json overlap --estimate "${names[@]}"
cp out sparse.json
expect_py "sparse sketches: the error of precision 25" \
    'abs(j["standard_error"] - 1.04 / 2 ** 12.5) < 1e-12 and j["precision"] == 14 and j["edges"] == sum(a["known"] for a in j["accounts"])'
expect_true "sparse estimates within 3 standard errors of the exact counts" \
    "$PYTHON" bound.py exact.json sparse.json 14

# Precision 8 makes these audiences dense: 1.04/16 = 6.5% per count.
expect_exit 0 niche analyze --quiet --hll-precision 8
expect_eq "$(q "select count(*) from audience where hex(substr(hll, 6, 2)) <> '0208'")" \
    "$(q 'select count(*) from audience where sample_size <= 48')" \
    "a new run replaces every sketch: dense at p = 8 past 48 entries"
expect_exit 0 niche --json overlap --estimate "${names[@]}"
cp out dense.json
expect_py "dense sketches: 1.04/sqrt(2^8)" 'abs(j["standard_error"] - 0.065) < 1e-12 and j["precision"] == 8'
expect_true "dense estimates within 3 standard errors of the exact counts" \
    "$PYTHON" bound.py exact.json dense.json 8
expect_exit 0 niche overlap --estimate "${names[@]}"
expect_contains out "Method: estimate from the HyperLogLog sketches"
expect_contains out "relative standard error of 6.50%"
expect_exit 0 niche analyze --quiet

# ---- errors --------------------------------------------------------------------------

expect_exit 2 niche overlap "${names[0]}"
expect_contains err "at least two accounts"
expect_exit 2 niche overlap "${names[0]}" "${names[0]}"
expect_contains err "is given twice"
tk=$(q "select a.platform || ':' || a.handle from account a join follower f on f.account_id = a.id where a.platform = 'tiktok' limit 1")
expect_exit 2 niche overlap "${names[0]}" "$tk"
expect_contains err "different platforms"
expect_exit 2 niche overlap --exact --estimate "${names[0]}" "${names[1]}"
expect_exit 2 niche overlap nocolon "${names[0]}"
expect_exit 2 niche overlap $(seq -f 'instagram:h%g' 1 51)
expect_contains err "at most 50 accounts"
expect_exit 1 niche overlap "${names[0]}" instagram:nobody
expect_contains err "no account instagram:nobody"

# An account without known followers: named, with what to do.
none=$(q "select handle from account a where platform = 'instagram' and not exists (select 1 from follower f where f.account_id = a.id) order by id limit 1")
expect_exit 1 niche overlap "${names[0]}" "instagram:$none"
expect_contains err "instagram:$none has no known followers"
# Followers imported after the analysis: exact works, the estimate asks for a run.
f1=$(q "select b.handle from follower f join account b on b.id = f.follower_id where f.account_id = ${ids[0]} and b.handle <> '$none' order by b.id limit 1")
printf 'platform,handle,follower_handle\ninstagram,%s,%s\n' "$none" "$f1" >followers.csv
expect_exit 0 niche import followers followers.csv
expect_exit 0 niche --json overlap "${names[0]}" "instagram:$none"
expect_py "one shared follower, overlap 1 on the smaller audience" \
    'j["method"] == "exact" and j["pairs"][0]["shared"] == 1 and j["pairs"][0]["overlap"] == 1'
expect_exit 1 niche overlap --estimate "${names[0]}" "instagram:$none"
expect_contains err "instagram:$none has no audience sketch"
expect_contains err "'niche analyze'"

# --help touches nothing and exits 0.
expect_exit 0 niche overlap --help
expect_contains out "usage: niche overlap"

# ---- --list NAME -------------------------------------------------------------------------

expect_exit 0 niche list create trio
expect_exit 0 niche list add trio "${names[@]}"
expect_exit 0 niche --json overlap --list trio
expect_py "a list gives the same answer as its accounts" \
    "j['union'] == $(jget 'j["union"]' exact.json) and [a['account'] for a in j['accounts']] == $(jget '[a["account"] for a in j["accounts"]]' exact.json)"
expect_exit 0 niche list create solo
expect_exit 0 niche list add solo "${names[0]}"
expect_exit 1 niche overlap --list solo
expect_contains err "at least two accounts"
expect_exit 0 niche --json overlap --list solo "${names[1]}"
expect_py "a list and arguments together" 'len(j["accounts"]) == 2'
expect_exit 1 niche overlap --list nosuch
expect_contains err "no list 'nosuch'"

test_done
