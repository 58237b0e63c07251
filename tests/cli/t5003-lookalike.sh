#!/bin/bash
# t5003-lookalike: `niche lookalike` on a generated world. Audience
# similarities are checked against the exact Jaccard index that SQL counts
# in the follower table (within the MinHash bound), content similarities
# against cosines recomputed here from the stored niche scores and
# hashtags, the rankings and the combination, and every error.
. "$NICHE_SRC/tests/cli/lib.sh"

expect_exit 0 niche synth --accounts 80 --seed 5 --quiet
expect_exit 0 niche analyze --quiet

q() { sqlite3 niche.db "$1"; }

read -r qid qname <<<"$(q "select a.id, a.platform || ':' || a.handle from account a join follower f on f.account_id = a.id where a.platform = 'instagram' group by a.id order by count(*) desc, a.id limit 1" | tr '|' ' ')"

# What every ranking must hold, checked against the database itself.
cat >check.py <<'EOF'
import json, math, sqlite3, sys
j = json.load(open(sys.argv[1]))
qid, by, k = int(sys.argv[2]), sys.argv[3], 128
db = sqlite3.connect("niche.db")
def one(sql, *a):
    return db.execute(sql, a).fetchone()[0]
def followers(i):
    return {r[0] for r in db.execute("select follower_id from follower where account_id = ?", (i,))}
def vec(sql, i):
    return dict(db.execute(sql, (i,)).fetchall())
def cos(a, b):
    if not a:
        return None
    d = sum(v * b.get(x, 0) for x, v in a.items())
    n = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return d / n if n else 0.0
NICHES = "select niche, score from account_niche where account_id = ?"
TAGS = "select tag, posts from account_tag where account_id = ?"
fq, nq, tq = followers(qid), vec(NICHES, qid), vec(TAGS, qid)
bad, prev = [], None
for h in j["hits"]:
    plat, handle = h["account"].split(":", 1)
    aid = one("select id from account where platform = ? and handle = ?", plat, handle)
    if aid == qid or plat != j["account"].split(":")[0]:
        bad.append("%s: the query or another platform" % h["account"])
    fa = followers(aid)
    if fa:
        J = len(fq & fa) / len(fq | fa)
        bound = 1e-9 if len(fq) < k and len(fa) < k else 3 * math.sqrt(J * (1 - J) / k) + 1e-9
        if h["audience"] is None or abs(h["audience"] - J) > bound:
            bad.append("%s: audience %s, exact Jaccard %.4f, bound %.4f" % (h["account"], h["audience"], J, bound))
    elif h["audience"] is not None:
        bad.append("%s: an audience without known followers" % h["account"])
    n, t = cos(nq, vec(NICHES, aid)), cos(tq, vec(TAGS, aid))
    for name, want in (("niches", n), ("hashtags", t)):
        if (want is None) != (h[name] is None) or (want is not None and abs(h[name] - want) > 1e-9):
            bad.append("%s: %s %s, want %s" % (h["account"], name, h[name], want))
    parts = [x for x in (n, t) if x is not None]
    if parts and abs(h["content"] - sum(parts) / len(parts)) > 1e-9:
        bad.append("%s: content is not the mean of the cosines" % h["account"])
    a, c = h["audience"] or 0.0, h["content"] or 0.0
    want = {"audience": h["audience"], "content": h["content"], "both": math.sqrt(a * c)}[by]
    if abs(h["score"] - want) > 1e-12 or not h["score"] > 0:
        bad.append("%s: score %s, want %s" % (h["account"], h["score"], want))
    if prev is not None and h["score"] > prev + 1e-15:
        bad.append("not best first at %s" % h["account"])
    prev = h["score"]
print("; ".join(bad))
sys.exit(1 if bad else 0)
EOF

for by in audience content both; do
    expect_exit 0 niche --json lookalike "$qname" --by $by --limit 8
    cp out $by.json
    expect_py "--by $by: up to 8 hits, the query named, the rule said" \
        "0 < len(j['hits']) <= 8 and j['account'] == '$qname' and j['by'] == '$by' and j['minhash_k'] == 128 and j['candidates'] >= len(j['hits'])"
    expect_true "--by $by: similarities match the database, ranked by the rule" \
        "$PYTHON" check.py $by.json "$qid" $by
done
expect_py "by audience, the best share most of their known followers" \
    'j["hits"][0]["audience"] >= max(h["audience"] or 0 for h in j["hits"])' audience.json
expect_py "by content, the best has the most similar content" \
    'j["hits"][0]["content"] >= max(h["content"] or 0 for h in j["hits"])' content.json
expect_eq "$(jget 'j["known_followers"]' both.json)" "$(q "select count(*) from follower where account_id = $qid")" \
    "the query's sketch holds its known followers"

# Candidates are the platform's accounts with known followers or hashtags.
expect_eq "$(jget 'j["candidates"]' both.json)" \
    "$(q "select count(*) from account a where a.platform = 'instagram' and a.id <> $qid and (exists (select 1 from audience x where x.account_id = a.id) or exists (select 1 from account_tag t where t.account_id = a.id))")" \
    "candidates: same platform, with a sketch or hashtags"

expect_exit 0 niche lookalike "$qname" --limit 3
expect_contains out "Accounts most like $qname, ranked by sqrt(audience x content)"
expect_contains out "MinHash signatures of 128 values"
expect_match out '^ *1  instagram:'
expect_exit 0 niche --json lookalike "$qname" --limit 1
expect_py "--limit" 'len(j["hits"]) == 1'

# ---- errors ---------------------------------------------------------------------------

expect_exit 2 niche lookalike
expect_exit 2 niche lookalike "$qname" instagram:other
expect_exit 2 niche lookalike "$qname" --by followers
expect_contains err "--by is audience, content or both"
expect_exit 2 niche lookalike "$qname" --limit 0
expect_exit 2 niche lookalike "$qname" --limit 1001
expect_exit 2 niche lookalike nocolon
expect_exit 1 niche lookalike instagram:nobody
expect_contains err "no account instagram:nobody"

# An account with nothing known: each ranking says what it lacks.
printf 'platform,handle\ninstagram,bare\n' >bare.csv
expect_exit 0 niche import accounts bare.csv
expect_exit 1 niche lookalike instagram:bare
expect_contains err "instagram:bare has no audience sketch"
expect_exit 1 niche lookalike instagram:bare --by content
expect_contains err "instagram:bare has no niches and no hashtags"
expect_exit 0 niche lookalike --help
expect_contains out "usage: niche lookalike"

test_done
