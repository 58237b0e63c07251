#!/bin/bash
# t0003-synth: `niche synth` is deterministic, writes files that parse
# and that the importers load, keeps its follower graph consistent with
# its ground truth, fills an empty workspace with what it reports, refuses
# a workspace that holds accounts and rejects bad options. The calibration
# of its distributions is t0004-synth-calibration.
. "$NICHE_SRC/tests/cli/lib.sh"

N=1200          # creator accounts: big enough for every role, pod and tier

# digest DIR: "name sha256" for every file synth wrote, one a line.
digest() {
    (cd "$1" && sha256sum accounts.csv creators.csv posts.jsonl snapshots.csv comments.csv \
        audience.csv truth_accounts.csv truth_posts.csv edges.bin world.json) 2>&1
}

# ---- determinism -----------------------------------------------------------

expect_exit 0 niche --json synth --accounts $N --seed 7 --out w1
cp out synth1.json
expect_empty err
expect_exit 0 niche --json synth --accounts $N --seed 7 --out w2
expect_eq "$(digest w2)" "$(digest w1)" "the same seed twice: every file byte for byte the same"
expect_eq "$(jget 'j' out)" "$(jget 'j' synth1.json)" "the same seed twice: the same --json summary"
# Worker threads split the work, never the result. Workers take chunks of
# 2048 creator accounts, so this world needs many chunks (15, more than
# the chunks held in memory at once) and more workers than cores; a
# deadlock fails the run after 120 s instead of hanging the suite (under
# ASan on a busy 2-core machine one run took over 30 s).
expect_exit 0 timeout 120 "$NICHE" synth --accounts 30000 --seed 7 --out big --threads 1 --quiet
one=$(digest big)
rm -rf big
for run in 1 2; do   # twice: a scheduling race shows up in some runs only
    expect_exit 0 timeout 120 "$NICHE" synth --accounts 30000 --seed 7 --out big --threads 8 --quiet
    expect_eq "$(digest big)" "$one" "--threads 8, run $run: the same files as one thread"
    rm -rf big
done
expect_exit 0 niche --json synth --accounts $N --seed 8 --out w3
expect_true "another seed: other posts" sh -c '! cmp -s w1/posts.jsonl w3/posts.jsonl'
expect_true "another seed: another follower graph" sh -c '! cmp -s w1/edges.bin w3/edges.bin'
# Every entity draws from its own random stream, so a smaller world with
# the same seed starts with the same creator accounts (pods aside: they
# are formed over the whole world).
expect_exit 0 niche synth --accounts 50 --seed 7 --out w4
expect_eq "$(sed -n 2,31p w4/truth_accounts.csv | cut -d, -f1-7)" \
    "$(sed -n 2,31p w1/truth_accounts.csv | cut -d, -f1-7)" \
    "the first creator accounts' ground truth does not depend on --accounts"

expect_py "--json: the summary's keys" \
    'sorted(j) == sorted(["version", "seed", "creators", "creator_accounts", "audience_accounts", "posts", "follower_edges", "snapshots", "comments", "audience_shares", "bought_accounts", "pod_accounts", "undisclosed_posts"])' synth1.json
expect_py "--json: $N creator accounts, 3 audience accounts each, version 1, seed 7" \
    "j['creator_accounts'] == $N and j['audience_accounts'] == 3 * $N and j['version'] == 1 and j['seed'] == 7 and 0 < j['creators'] <= $N" synth1.json
expect_py "--json: something of every kind, bought accounts, pods and undisclosed posts" \
    'all(j[k] > 0 for k in ("posts", "follower_edges", "snapshots", "comments", "audience_shares", "bought_accounts", "pod_accounts", "undisclosed_posts"))' synth1.json

# ---- the files parse -------------------------------------------------------

# check.py DIR: parse every file strictly and print what it found as JSON:
# row counts, and the number of rows breaking each rule (0 is right).
cat >check.py <<'EOF'
import array, collections, csv, json, re, struct, sys

d = sys.argv[1]
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
PLATFORMS = {"instagram", "tiktok", "youtube", "x"}
TYPES = {"instagram": {"image", "carousel", "reel"}, "tiktok": {"video"},
         "youtube": {"video", "short"}, "x": {"image", "video"}}
END = "2026-11-01T00:00:00Z"
r = {"bad": collections.Counter()}
bad = r["bad"]

def rows(name, header):
    with open("%s/%s" % (d, name), newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        h = next(rd)
        if h != header:
            bad[name + " header"] += 1
        for row in rd:
            if len(row) != len(header):
                bad[name + " width"] += 1
                continue
            yield dict(zip(header, row))

def count(v, name, neg=False):
    if not re.fullmatch(r"-?\d+" if neg else r"\d+", v):
        bad[name] += 1
        return 0
    return int(v)

world = json.load(open(d + "/world.json"))
r["world"] = world

creators = set()
for x in rows("creators.csv", ["creator", "name"]):
    creators.add(count(x["creator"], "creators.csv creator"))
    bad["creators.csv name"] += not x["name"]
r["creators"] = len(creators)
bad["creators.csv ids not 1..n"] += creators != set(range(1, len(creators) + 1))

acc = {}          # (platform, handle) -> row
byid = []
for x in rows("accounts.csv", ["id", "platform", "handle", "name", "followers", "following",
                               "posts", "bio", "country", "language", "category", "verified",
                               "has_avatar", "last_active", "creator"]):
    bad["accounts.csv id not the row number"] += count(x["id"], "accounts.csv id") != len(byid)
    bad["accounts.csv platform"] += x["platform"] not in PLATFORMS
    bad["accounts.csv duplicate handle"] += (x["platform"], x["handle"]) in acc
    for k in ("followers", "following", "posts"):
        count(x[k], "accounts.csv " + k)
    bad["accounts.csv verified"] += x["verified"] not in ("true", "false", "")
    bad["accounts.csv creator account verified unknown"] += x["creator"] != "" and x["verified"] == ""
    bad["accounts.csv has_avatar"] += x["has_avatar"] not in ("true", "false")
    bad["accounts.csv last_active"] += not ISO.match(x["last_active"]) or x["last_active"] > END
    bad["accounts.csv country"] += not re.fullmatch(r"[A-Z]{2}", x["country"])
    if x["creator"]:
        bad["accounts.csv creator unknown"] += count(x["creator"], "accounts.csv creator") not in creators
    acc[(x["platform"], x["handle"])] = x
    byid.append(x)
r["accounts"] = len(byid)

truth = []
for x in rows("truth_accounts.csv", ["id", "platform", "handle", "role", "niches",
                                     "bought_followers", "bought_at", "pod"]):
    i = count(x["id"], "truth_accounts.csv id")
    a = byid[i] if i < len(byid) else None
    bad["truth_accounts.csv row not its account's"] += (
        i != len(truth) or a is None or (a["platform"], a["handle"]) != (x["platform"], x["handle"]))
    bad["truth_accounts.csv role"] += x["role"] not in ("creator", "real", "mass", "inactive", "bot")
    creator = x["role"] == "creator"
    bad["truth_accounts.csv creator role without a creator id"] += (
        a is not None and creator != (a["creator"] != ""))
    b = count(x["bought_followers"], "truth_accounts.csv bought_followers")
    bad["truth_accounts.csv bought_at iff bought"] += (b > 0) != (x["bought_at"] != "")
    bad["truth_accounts.csv bought_at"] += x["bought_at"] != "" and (
        not ISO.match(x["bought_at"]) or x["bought_at"] > END)
    bad["truth_accounts.csv bought more than shown"] += a is not None and b >= int(a["followers"] or 0) and b > 0
    bad["truth_accounts.csv niches only for creators"] += creator != (x["niches"] != "")
    pod = count(x["pod"], "truth_accounts.csv pod")
    bad["truth_accounts.csv pod or bought on an audience account"] += not creator and (pod or b)
    truth.append(x)
r["truth_accounts"] = len(truth)
role = [x["role"] for x in truth]
pod_platforms = collections.defaultdict(set)
for x in truth:
    if x["pod"] != "0":
        pod_platforms[x["pod"]].add(x["platform"])
bad["truth_accounts.csv pod spanning platforms"] += sum(len(v) > 1 for v in pod_platforms.values())
bad["truth_accounts.csv pod off instagram and tiktok"] += sum(
    not v <= {"instagram", "tiktok"} for v in pod_platforms.values())
r["creator_accounts"] = role.count("creator")
r["audience_accounts"] = len(role) - role.count("creator")
r["bought_accounts"] = sum(x["bought_followers"] != "0" for x in truth)
r["pod_accounts"] = sum(x["pod"] != "0" for x in truth)
r["roles"] = sorted(set(role))

posts = {}        # (platform, post_id) -> handle
nposts = collections.Counter()
hidden = collections.Counter()
for line in open(d + "/posts.jsonl", encoding="utf-8"):
    p = json.loads(line)
    key = (p.get("platform"), p.get("post_id"))
    a = acc.get((p.get("platform"), p.get("handle")))
    bad["posts.jsonl account unknown or not a creator's"] += a is None or a["creator"] == ""
    bad["posts.jsonl duplicate post_id"] += key in posts
    bad["posts.jsonl type for its platform"] += p.get("type") not in TYPES.get(p.get("platform"), ())
    bad["posts.jsonl posted_at"] += not ISO.match(p.get("posted_at", "")) or p["posted_at"] > END
    bad["posts.jsonl caption"] += not isinstance(p.get("caption"), str) or not p["caption"]
    bad["posts.jsonl sponsored"] += not isinstance(p.get("sponsored"), bool)
    for k in ("likes", "comments", "shares", "saves", "views"):
        v = p.get(k, 0)
        bad["posts.jsonl " + k] += not isinstance(v, int) or v < (-1 if k == "likes" else 0)
    bad["posts.jsonl likes -1 off instagram"] += p.get("likes") == -1 and p["platform"] != "instagram"
    bad["posts.jsonl no views on a video"] += p.get("type") in ("video", "reel", "short") and "views" not in p
    hidden[p.get("platform")] += p.get("likes") == -1
    nposts[p.get("handle")] += 1
    posts[key] = p.get("handle")
r["posts"] = len(posts)
r["hidden_likes"] = dict(hidden)
r["posts_per_account_min"] = min(nposts.values())
r["posts_per_account_max"] = max(nposts.values())
r["post_platforms"] = sorted({k[0] for k in posts})

tp = 0
disclosure = collections.Counter()
for x in rows("truth_posts.csv", ["platform", "post_id", "disclosure", "brand"]):
    bad["truth_posts.csv post unknown"] += (x["platform"], x["post_id"]) not in posts
    bad["truth_posts.csv disclosure"] += x["disclosure"] not in ("none", "explicit", "ambiguous", "undisclosed")
    bad["truth_posts.csv brand iff sponsored"] += (x["disclosure"] != "none") != (x["brand"] != "")
    disclosure[x["disclosure"]] += 1
    tp += 1
r["truth_posts"] = tp
r["undisclosed_posts"] = disclosure["undisclosed"]

snaps = collections.defaultdict(list)
for x in rows("snapshots.csv", ["platform", "handle", "date", "followers"]):
    a = acc.get((x["platform"], x["handle"]))
    bad["snapshots.csv account unknown or not a creator's"] += a is None or a["creator"] == ""
    bad["snapshots.csv date"] += not ISO.match(x["date"]) or x["date"] > END
    count(x["followers"], "snapshots.csv followers")
    snaps[(x["platform"], x["handle"])].append(x["date"])
r["snapshots"] = sum(len(v) for v in snaps.values())
r["snapshot_accounts"] = len(snaps)
bad["snapshots.csv not 26 distinct weekly dates"] += sum(
    len(set(v)) != 26 or max(v) != END for v in snaps.values())

nc = 0
comment_off_platform = 0
for x in rows("comments.csv", ["platform", "post_id", "author_handle", "commented_at"]):
    bad["comments.csv post unknown"] += (x["platform"], x["post_id"]) not in posts
    bad["comments.csv author unknown"] += not any((p, x["author_handle"]) in acc for p in PLATFORMS)
    comment_off_platform += (x["platform"], x["author_handle"]) not in acc
    bad["comments.csv commented_at"] += not ISO.match(x["commented_at"])
    nc += 1
r["comments"] = nc
r["comment_authors_off_platform"] = comment_off_platform

shares = collections.defaultdict(float)
ns = 0
for x in rows("audience.csv", ["platform", "handle", "dimension", "key", "share"]):
    a = acc.get((x["platform"], x["handle"]))
    bad["audience.csv account unknown or not a creator's"] += a is None or a["creator"] == ""
    bad["audience.csv dimension"] += x["dimension"] not in ("country", "age", "gender", "language")
    if not re.fullmatch(r"[01]\.\d{4}", x["share"]) or float(x["share"]) > 1:
        bad["audience.csv share"] += 1
    else:
        shares[(x["platform"], x["handle"], x["dimension"])] += float(x["share"])
    ns += 1
r["audience_shares"] = ns
# Four-place rounding of at most 11 shares moves a sum by < 0.0006.
bad["audience.csv shares of a dimension not summing to 1"] += sum(abs(v - 1) > 0.0006 for v in shares.values())

# edges.bin: 32-byte header, then (account id, follower id) u32 LE pairs.
data = open(d + "/edges.bin", "rb").read()
r["edges_magic"] = data[:8].decode("latin-1")
r["edges_version"] = data[8]
r["edges_header_zero"] = data[9:16] == bytes(7)
r["edges_accounts"], r["edges_count"] = struct.unpack_from("<QQ", data, 16)
r["edges_size"] = len(data)
e = array.array("I")
e.frombytes(data[32:len(data) - (len(data) - 32) % 8])
if sys.byteorder != "little":
    e.byteswap()
n = len(byid)
pairs = set()
per = collections.Counter()
for k in range(0, len(e), 2):
    a, f = e[k], e[k + 1]
    if a >= n or f >= n:
        bad["edges.bin id out of range"] += 1
        continue
    bad["edges.bin followed account not a creator"] += role[a] != "creator"
    bad["edges.bin follower not an audience account"] += role[f] == "creator"
    bad["edges.bin across platforms"] += byid[a]["platform"] != byid[f]["platform"]
    bad["edges.bin duplicate pair"] += (a, f) in pairs
    pairs.add((a, f))
    per[a] += 1
r["edges"] = len(e) // 2
r["followed_accounts"] = len(per)
bad["edges.bin more known followers than followers"] += sum(
    c > int(byid[a]["followers"]) for a, c in per.items())
r["bad"] = {k: v for k, v in bad.items() if v}
json.dump(r, sys.stdout, indent=1, sort_keys=True)
EOF

expect_true "check.py reads the world" sh -c '"$PYTHON" check.py w1 >check.json'
expect_py "no file breaks a rule" 'j["bad"] == {}' check.json
expect_py "accounts: creator then audience accounts, as many as --json says" \
    "j['accounts'] == j['truth_accounts'] == $N * 4 and j['creator_accounts'] == $N and j['audience_accounts'] == 3 * $N" check.json
expect_py "truth: every role occurs" 'j["roles"] == ["bot", "creator", "inactive", "mass", "real"]' check.json
expect_py "every creator account has posts (12 to 60) and 26 weekly snapshots" \
    "j['snapshot_accounts'] == $N and 12 <= j['posts_per_account_min'] and j['posts_per_account_max'] <= 60" check.json
expect_py "hidden likes (-1) on instagram only, and some there" \
    'j["hidden_likes"]["instagram"] > 0 and sum(j["hidden_likes"].values()) == j["hidden_likes"]["instagram"]' check.json
expect_py "every creator account has known followers" "j['followed_accounts'] == $N" check.json
# The files hold what --json reports.
for k in creators creator_accounts audience_accounts posts snapshots comments bought_accounts \
         pod_accounts undisclosed_posts; do
    expect_eq "$(jget "j['$k']" check.json)" "$(jget "j['$k']" synth1.json)" "files and --json agree: $k"
done
expect_eq "$(jget 'j["truth_posts"]' check.json)" "$(jget 'j["posts"]' synth1.json)" "one truth_posts.csv row per post"
expect_eq "$(jget 'j["edges"]' check.json)" "$(jget 'j["follower_edges"]' synth1.json)" "files and --json agree: follower edges"
expect_eq "$(jget 'j["audience_shares"]' check.json)" "$(jget 'j["audience_shares"]' synth1.json)" \
    "files and --json agree: audience shares (rows of audience.csv)"
# world.json and the edge header.
expect_py "world.json: generator, version, seed, sizes" \
    "j['world'] == {'generator': 'niche synth', 'version': 1, 'seed': 7, 'accounts': $N, 'platforms': ['instagram', 'tiktok', 'youtube', 'x'], 'audience_ratio': 3, 'accounts_total': 4 * $N, 'posts': j['posts'], 'follower_edges': j['edges']}" check.json
expect_py "edges.bin header: NICHEEDG, version 1, zero padding" \
    'j["edges_magic"] == "NICHEEDG" and j["edges_version"] == 1 and j["edges_header_zero"]' check.json
expect_py "edges.bin header: account and edge counts match world.json and the file size" \
    'j["edges_accounts"] == j["world"]["accounts_total"] and j["edges_count"] == j["world"]["follower_edges"] and j["edges_size"] == 32 + 8 * j["edges_count"]' check.json
expect_py "every comment author is an account on the post's platform" \
    'j["comment_authors_off_platform"] == 0' check.json

# ---- the importers load the files --------------------------------------------

expect_exit 0 niche --db imp.db import accounts w1/accounts.csv
expect_contains out "imported $((N * 4)) accounts from w1/accounts.csv"
expect_exit 0 niche --db imp.db import posts w1/posts.jsonl
expect_contains out "imported $(jget 'j["posts"]' synth1.json) posts from w1/posts.jsonl"
expect_exit 0 niche --db imp.db import snapshots w1/snapshots.csv
expect_exit 0 niche --db imp.db --json stats
expect_py "imported counts match world.json" \
    "j['platforms']['all']['accounts'] == $(jget 'j["accounts_total"]' w1/world.json) and j['platforms']['all']['posts'] == $(jget 'j["posts"]' w1/world.json) and j['platforms']['all']['snapshots'] == $(jget 'j["snapshots"]' synth1.json)"
expect_eq "$(sqlite3 imp.db 'select count(*) from post where likes is null')" \
    "$(grep -c '"likes":-1,' w1/posts.jsonl)" "hidden likes (-1) import as missing"

# ---- into the database ----------------------------------------------------------

expect_exit 0 niche --json synth --accounts $N --seed 7
cp out dbsynth.json
expect_eq "$(jget 'j' dbsynth.json)" "$(jget 'j' synth1.json)" "into the database: the same summary as into files"
expect_exit 0 niche --json stats
expect_eq "$(jget '[j["platforms"]["all"][k] for k in ("accounts", "posts", "follower_edges", "snapshots")]' out)" \
    "$(jget '[j["creator_accounts"] + j["audience_accounts"], j["posts"], j["follower_edges"], j["snapshots"]]' dbsynth.json)" \
    "stats count the accounts, posts, follower edges and snapshots synth --json reported"
sql() {
    sqlite3 niche.db "$1"
}
expect_eq "$(sql 'select count(*) from creator'),$(sql 'select count(*) from post_comment'),$(sql 'select count(*) from truth_account'),$(sql 'select count(*) from truth_post')" \
    "$(jget '"%d,%d,%d,%d" % (j["creators"], j["comments"], j["creator_accounts"] + j["audience_accounts"], j["posts"])' dbsynth.json)" \
    "creators, comments and both truth tables hold what synth reported"
expect_eq "$(sql 'select count(*) from truth_account where bought_followers > 0'),$(sql 'select count(*) from truth_account where pod > 0'),$(sql "select count(*) from truth_post where disclosure = 'undisclosed'")" \
    "$(jget '"%d,%d,%d" % (j["bought_accounts"], j["pod_accounts"], j["undisclosed_posts"])' dbsynth.json)" \
    "bought, pod and undisclosed ground truth as reported"
expect_eq "$(sql 'select count(*) from audience_share')" "$(jget 'j["audience_shares"]' dbsynth.json)" \
    "audience_share holds as many rows as synth reported"
# The database holds the same world as the files.
expect_eq "$(sql "select platform || ',' || handle || ',' || followers from account" | sort | sha256sum)" \
    "$(tail -n +2 w1/accounts.csv | cut -d, -f2,3,5 | sort | sha256sum)" \
    "the database and the files hold the same accounts and follower counts"
expect_eq "$(sql "select p.platform || ',' || p.post_id || ',' || coalesce(p.likes, -1) || ',' || p.comments || ',' || t.disclosure from post p join truth_post t on t.post_id = p.id" | sort | sha256sum)" \
    "$("$PYTHON" -c '
import csv, json, sys
t = {(r["platform"], r["post_id"]): r["disclosure"] for r in csv.DictReader(open("w1/truth_posts.csv"))}
out = []
for line in open("w1/posts.jsonl"):
    p = json.loads(line)
    out.append("%s,%s,%d,%d,%s" % (p["platform"], p["post_id"], p["likes"], p["comments"], t[(p["platform"], p["post_id"])]))
sys.stdout.write("".join(s + "\n" for s in out))' | sort | sha256sum)" \
    "the database and the files hold the same posts, counts and disclosures"
expect_eq "$(sql 'select count(*) from post where hashtags is null')" 0 \
    "database: posts carry the hashtags of their caption, as imported posts do"
expect_eq "$(sql "select count(*) from follower f join account a on a.id = f.account_id join account b on b.id = f.follower_id join truth_account ta on ta.account_id = a.id join truth_account tb on tb.account_id = b.id where a.platform != b.platform or ta.role != 'creator' or tb.role = 'creator'")" \
    0 "database: every follower edge runs from an audience account to a creator account on its platform"

# A workspace that holds accounts is refused, and nothing changes.
before=$(db_digest niche.db)
expect_exit 1 niche synth --accounts 10 --seed 9
expect_contains err "already holds $((N * 4)) accounts"
expect_eq "$(db_digest niche.db)" "$before" "a refused synth changes nothing"
expect_exit 1 niche --workspace default synth --accounts 10 --seed 7
expect_eq "$(db_digest niche.db)" "$before" "a refused synth with the same seed changes nothing either"
# Another workspace of the same database is empty, so it can take a world.
expect_exit 0 niche --workspace other --json synth --accounts 10 --seed 9
expect_exit 0 niche --workspace other --json stats
expect_py "a world goes into an empty workspace next to a full one" \
    'j["platforms"]["all"]["accounts"] == 40'
expect_exit 0 niche --json stats
expect_py "... and the full workspace keeps its own" \
    "j['platforms']['all']['accounts'] == $((N * 4))"

# ---- options -------------------------------------------------------------------

expect_exit 2 niche synth --accounts 0 --out bad
expect_contains err "--accounts must be 1 to 100000000"
expect_exit 2 niche synth --accounts -5 --out bad
expect_exit 2 niche synth --platforms myspace --out bad
expect_contains err "myspace"
expect_exit 2 niche synth --platforms instagram,,tiktok --out bad
expect_exit 2 niche synth --audience-ratio x --out bad
expect_contains err "--audience-ratio"
expect_exit 2 niche synth --audience-ratio 2x --out bad
expect_exit 2 niche synth --seed -1 --out bad
expect_exit 2 niche synth --threads 9 --out bad
expect_exit 2 niche synth --threads x --out bad
expect_exit 2 niche synth --no-such-option
expect_true "usage errors write nothing" test ! -e bad
expect_exit 2 niche synth --audience-ratio 0 --out bad2
expect_exit 2 niche synth --accounts 5 --platforms twitch --out bad3
expect_contains err "instagram, tiktok, youtube and x"
expect_exit 2 niche synth --accounts 5 --threads 2
expect_contains err "--threads applies to --out only"
: >afile
expect_exit 1 niche synth --accounts 5 --out afile/sub
expect_contains err "afile/sub"
# world.json is written last: a run killed midway must not leave the
# world.json of an earlier run next to its own partial files.
expect_exit 0 niche synth --accounts 20 --seed 1 --out rerun --quiet
sh -c 'timeout -s KILL 0.5 "$NICHE" synth --accounts 200000 --seed 2 --out rerun --quiet' >/dev/null 2>&1
expect_true "a killed rerun into a directory leaves no stale world.json" \
    sh -c 'test ! -e rerun/world.json || grep -q "\"seed\":2," rerun/world.json'
rm -rf rerun

# --platforms and --audience-ratio.
expect_exit 0 niche --json synth --accounts 300 --seed 3 --platforms instagram,tiktok --audience-ratio 2 --out two
expect_py "--audience-ratio 2: two audience accounts per creator account" \
    'j["creator_accounts"] == 300 and j["audience_accounts"] == 600'
expect_true "check.py reads the two-platform world" sh -c '"$PYTHON" check.py two >two.json'
expect_py "the two-platform world breaks no rule" 'j["bad"] == {}' two.json
expect_eq "$(tail -n +2 two/accounts.csv | cut -d, -f2 | sort -u | tr '\n' ' ')" "instagram tiktok " \
    "--platforms instagram,tiktok: accounts on those platforms only"
expect_py "--platforms instagram,tiktok: posts on those platforms only" \
    'j["post_platforms"] == ["instagram", "tiktok"]' two.json
expect_exit 0 niche --db two.db synth --accounts 300 --seed 3 --platforms tiktok,instagram --audience-ratio 2
expect_exit 0 niche --db two.db --json stats
expect_py "into the database too: instagram and tiktok only" \
    'set(j["platforms"]) == {"all", "instagram", "tiktok"} and j["platforms"]["all"]["accounts"] == 900'
expect_eq "$(sqlite3 two.db "select platform || ',' || handle || ',' || followers from account" | sort | sha256sum)" \
    "$(tail -n +2 two/accounts.csv | cut -d, -f2,3,5 | sort | sha256sum)" \
    "tiktok,instagram gives the world of instagram,tiktok: the list's order does not matter"
expect_exit 0 niche synth --accounts 40 --seed 3 --platforms youtube --out yt
expect_eq "$(tail -n +2 yt/accounts.csv | cut -d, -f2 | sort -u)" youtube "--platforms youtube: youtube only"

expect_eq "$(sqlite3 niche.db 'PRAGMA integrity_check')" ok "integrity_check after the runs"

test_done
