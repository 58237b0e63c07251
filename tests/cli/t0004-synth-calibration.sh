#!/bin/bash
# t0004-synth-calibration: the distributions of a generated world against
# the published figures they are calibrated to (docs/synth.md has the
# sources; docs/domain.md the figures). One world of 20,000 creator
# accounts is generated with --out and measured once by calib.py; every
# figure is printed with its tolerance, then asserted. The seed is fixed,
# so the figures only move when the generator does.
. "$NICHE_SRC/tests/cli/lib.sh"

expect_exit 0 niche synth --accounts 20000 --seed 2024 --out world --quiet

cat >calib.py <<'PY'
# calib.py DIR: measure a generated world against its calibration
# targets; print the figures, write them to cal.json.
import array, collections, csv, json, math, statistics, sys

d = sys.argv[1]
TIERS = ("nano", "micro", "mid", "macro", "mega")
PLATFORMS = ("instagram", "tiktok", "youtube", "x")
med = statistics.median


def tier(f):                # Later x Fohr 2020
    return ("nano" if f < 10000 else "micro" if f < 100000 else "mid" if f < 500000
            else "macro" if f < 1000000 else "mega")


def rows(name):
    """Split by hand, for speed: in these files no generated value (handle,
    post id, role, date, count, share) holds a comma or a quote."""
    with open("%s/%s" % (d, name), encoding="utf-8") as f:
        next(f)
        for line in f:
            yield line.rstrip("\n").split(",")


# ---- accounts and their ground truth -----------------------------------
acc = {}                    # creator handle -> dict
byid = {}
with open(d + "/accounts.csv", newline="", encoding="utf-8") as f:   # bios hold commas
    rd = csv.reader(f)
    next(rd)
    for c in rd:
        if c[14]:
            a = {"id": int(c[0]), "platform": c[1], "handle": c[2], "F": int(c[4]),
                 "country": c[8], "bought": 0, "pod": 0}
            a["tier"] = tier(a["F"])
            acc[c[2]] = byid[a["id"]] = a
role = []
for c in rows("truth_accounts.csv"):
    role.append(c[3])
    a = acc.get(c[2])
    if a:
        a["bought"], a["bought_at"], a["pod"] = int(c[5]), c[6], int(c[7])
creators = list(acc.values())
n = len(creators)
fig = {"creator_accounts": n}

# ---- follower counts and tiers ------------------------------------------
logs = [math.log10(a["F"]) for a in creators]
fig["log10_followers_mean"] = statistics.fmean(logs)
fig["log10_followers_sd"] = statistics.pstdev(logs)
tc = collections.Counter(a["tier"] for a in creators)
for t in TIERS:
    fig["tier_share_" + t] = tc[t] / n

# ---- posts ----------------------------------------------------------------
disclosure = {}
for c in rows("truth_posts.csv"):
    disclosure[c[1]] = c[2]           # post ids are unique across platforms
posts = collections.defaultdict(list)  # handle -> [(posted_at, L, C, S, views, sponsored)]
hidden = collections.Counter()
nposts = collections.Counter()
decode = json.JSONDecoder().raw_decode   # json.loads without its wrapper: 720k lines
with open(d + "/posts.jsonl", encoding="utf-8") as f:
    for line in f:
        p = decode(line)[0]
        pl = p["platform"]
        nposts[pl] += 1
        hidden[pl] += p["likes"] == -1
        posts[p["handle"]].append((p["posted_at"], p["likes"], p["comments"],
                                   p.get("shares", 0), p.get("views", 0),
                                   disclosure[p["post_id"]] != "none"))
for pl in PLATFORMS:
    fig["hidden_likes_" + pl] = hidden[pl] / nposts[pl] if nposts[pl] else 0.0
dc = collections.Counter(disclosure.values())
sp = len(disclosure) - dc["none"]
fig["sponsored_share"] = sp / len(disclosure)
for k in ("explicit", "ambiguous", "undisclosed"):
    fig["disclosure_" + k] = dc[k] / sp

# ER_F: mean over the latest 12 posts with likes >= 0 of (L+C)/F.
# ER_V: sum(L+C+S)/sum(views) over the latest 30 posts with likes and views.
for a in creators:
    ps = sorted(posts[a["handle"]], reverse=True)
    v = [p for p in ps if p[1] >= 0][:12]
    a["erf"] = statistics.fmean((p[1] + p[2]) / a["F"] for p in v) if v else None
    v = [p for p in ps if p[1] >= 0 and p[4] > 0][:30]
    views = sum(p[4] for p in v)
    a["erv"] = sum(p[1] + p[2] + p[3] for p in v) / views if views else None


def median_er(key, platform, tr, pred=lambda a: True):
    v = [a[key] for a in creators if a["platform"] == platform and a["tier"] == tr and
         a[key] is not None and pred(a)]
    return (med(v), len(v)) if v else (None, 0)


for pl in PLATFORMS:
    for t in TIERS:
        fig["erf_%s_%s" % (pl, t)], fig["n_%s_%s" % (pl, t)] = median_er("erf", pl, t)
        if pl in ("tiktok", "youtube"):
            fig["erv_%s_%s" % (pl, t)] = median_er("erv", pl, t)[0]

# PPP on instagram: mean per-post (L+C)/F of sponsored over organic posts.
s = {True: [0.0, 0], False: [0.0, 0]}
for a in creators:
    if a["platform"] == "instagram":
        for p in posts[a["handle"]]:
            if p[1] >= 0:
                s[p[5]][0] += (p[1] + p[2]) / a["F"]
                s[p[5]][1] += 1
fig["ppp_instagram"] = (s[True][0] / s[True][1]) / (s[False][0] / s[False][1])

# ---- bought followers -------------------------------------------------------
big = [a for a in creators if a["F"] >= 1000]
fig["bought_share_1k"] = sum(a["bought"] > 0 for a in big) / len(big)
fig["bought_under_1k"] = sum(a["bought"] > 0 for a in creators if a["F"] < 1000)
snaps = collections.defaultdict(list)
for c in rows("snapshots.csv"):
    if c[1] in acc and acc[c[1]]["bought"]:
        snaps[c[1]].append((c[2], int(c[3])))
jumps = []
for a in creators:
    if a["bought"]:
        sn = sorted(snaps[a["handle"]])
        before = [v for t, v in sn if t < a["bought_at"]]
        after = [v for t, v in sn if t >= a["bought_at"]]
        jumps.append((after[0] - before[-1]) / a["bought"] if before and after else 0.0)
fig["bought_jump_min"] = min(jumps)
fig["bought_jump_ok"] = sum(j >= 0.8 for j in jumps) / len(jumps)
# Each bought account against the median ER_F of the non-bought accounts
# of its platform and tier.
peer = {}
for pl in PLATFORMS:
    for t in TIERS:
        peer[pl, t] = median_er("erf", pl, t, lambda a: not a["bought"])[0]
below = [a["erf"] < peer[a["platform"], a["tier"]] for a in creators
         if a["bought"] and a["erf"] is not None]
fig["bought_below_peer_median"] = sum(below) / len(below)
ratios = [a["erf"] / peer[a["platform"], a["tier"]] for a in creators
          if a["bought"] and a["erf"] is not None]
fig["bought_er_vs_peers_median"] = med(ratios)

# ---- engagement pods ----------------------------------------------------------
fig["pod_share"] = sum(a["pod"] > 0 for a in creators) / n
members = collections.defaultdict(set)
for a in creators:
    if a["pod"]:
        members[a["pod"]].add(a["handle"])
fig["pods"] = len(members)
fig["pod_size_min"] = min(map(len, members.values())) if members else 0
fig["pod_size_max"] = max(map(len, members.values())) if members else 0
# Post ids are "<account id in hex>-<n>", n = 0 the newest.
authors = collections.defaultdict(set)
pod_ids = {a["id"]: a for a in creators if a["pod"]}
for c in rows("comments.csv"):
    h, _, k = c[1].partition("-")
    if int(k) < 6 and int(h, 16) in pod_ids:
        authors[c[1]].add(c[2])
ok = 0
for i, a in pod_ids.items():
    mates = members[a["pod"]] - {a["handle"]}
    ok += sum(bool(authors["%x-%d" % (i, k)] & mates) for k in range(6)) >= 4
fig["pod_members_commented_by_pod"] = ok / len(pod_ids) if pod_ids else 0.0
del posts

# ---- audiences ------------------------------------------------------------------
country = collections.defaultdict(dict)
for c in rows("audience.csv"):
    if c[2] == "country":
        country[c[1]][c[3]] = float(c[4])
sums = [sum(v.values()) for v in country.values()]
fig["audience_accounts_with_shares"] = len(country) / n
fig["country_share_sum_maxdev"] = max(abs(x - 1) for x in sums)
fig["top_country_is_own"] = sum(
    1 for a in creators if country.get(a["handle"]) and
    max(country[a["handle"]], key=country[a["handle"]].get) == a["country"]) / n

# Bots among known followers (edges.bin), by ground-truth role.
with open(d + "/edges.bin", "rb") as f:
    data = f.read()
e = array.array("I")
e.frombytes(data[32:])
if sys.byteorder != "little":
    e.byteswap()
isbot = bytes(r == "bot" for r in role)
known = collections.Counter(e[0::2])
bots = collections.Counter(a for a, f in zip(e[0::2], e[1::2]) if isbot[f])
share = {i: bots[i] / known[i] for i in known}
fig["bot_share_bought"] = statistics.fmean(share[a["id"]] for a in creators if a["bought"])
fig["bot_share_others"] = statistics.fmean(share[a["id"]] for a in creators
                                           if not a["bought"] and a["id"] in share)
rc = collections.Counter(role[f] for f in e[1::2])
fig["follower_edges"] = len(e) // 2
for r in ("real", "mass", "inactive", "bot"):
    fig["edge_role_" + r] = rc[r] / (len(e) // 2)
ac = collections.Counter(role)
for r in ("real", "mass", "inactive", "bot"):
    fig["audience_role_" + r] = ac[r] / (len(role) - n)
fig["known_followers_median"] = med(known.values())
json.dump(fig, open("cal.json", "w"), indent=1, sort_keys=True)

# The engagement table, for the reader.
print("median per-account ER in %% by tier (%d creator accounts)" % n)
print("%-22s" % "" + "".join("%8s" % t for t in TIERS))
for key, pl in [("erf", p) for p in PLATFORMS] + [("erv", "tiktok"), ("erv", "youtube")]:
    print("%-22s" % ("%s %s" % (pl, "ER_F (L+C)/F" if key == "erf" else "ER_V /views")) +
          "".join("%8.2f" % (100 * v) if v is not None else "%8s" % "-"
                  for v in (fig["%s_%s_%s" % (key, pl, t)] for t in TIERS)))
print("%-22s" % "accounts (instagram)" + "".join("%8d" % fig["n_instagram_" + t] for t in TIERS))
PY

if "$PYTHON" calib.py world >table.txt 2>calib.err; then
    test_ok_ "calib.py measured the world"
else
    test_fail_ "calib.py measured the world" "$(tail -1 calib.err)"
fi
sed 's/^/# /' table.txt

# within WHAT KEY LO HI [SCALE]: print figure KEY of cal.json times SCALE
# (100 for percentages) with its tolerance, and assert LO <= it <= HI.
within() {
    v=$(jget "round(j['$2'] * ${5:-1}, 4)" cal.json)
    echo "# $1: $v (tolerance $3 to $4)"
    expect_py "$1: $v within $3 to $4" "$3 <= j['$2'] * ${5:-1} <= $4" cal.json
}

# ---- follower counts and tiers (Later x Fohr 2020 scheme) -----------------------
# log10(followers) ~ N(4.0, 0.93): half the accounts nano, mega rare.
within "mean log10 followers" log10_followers_mean 3.95 4.05
within "sd of log10 followers" log10_followers_sd 0.88 0.98
within "nano share of creator accounts, %" tier_share_nano 46 54 100
within "micro share of creator accounts, %" tier_share_micro 30 42 100
within "mid share of creator accounts, %" tier_share_mid 7 15 100
within "macro share of creator accounts, %" tier_share_macro 0.5 3 100
within "mega share of creator accounts, % (rare, yet present)" tier_share_mega 0.3 3 100

# ---- engagement ---------------------------------------------------------------------
# Instagram ER_F medians in the Untapper bands, +-0.3 points.
within "instagram median ER_F nano, % (Untapper 3-5)" erf_instagram_nano 2.7 5.3 100
within "instagram median ER_F micro, % (Untapper 2-3.5)" erf_instagram_micro 1.7 3.8 100
within "instagram median ER_F mid, % (Untapper 1.5-2.5)" erf_instagram_mid 1.2 2.8 100
within "instagram median ER_F macro, % (Untapper 1-1.8)" erf_instagram_macro 0.7 2.1 100
within "instagram median ER_F mega, % (Untapper 0.7-1.2)" erf_instagram_mega 0.4 1.5 100
for p in instagram tiktok youtube x; do
    expect_py "$p: median ER_F falls from tier to tier" \
        "all(j['erf_${p}_' + a] > j['erf_${p}_' + b] for a, b in zip(('nano', 'micro', 'mid', 'macro'), ('micro', 'mid', 'macro', 'mega')))" cal.json
done
expect_py "tiktok and youtube: median ER_V falls from tier to tier" \
    "all(j['erv_%s_%s' % (p, a)] > j['erv_%s_%s' % (p, b)] for p in ('tiktok', 'youtube') for a, b in zip(('nano', 'micro', 'mid', 'macro'), ('micro', 'mid', 'macro', 'mega')))" cal.json
expect_py "every tier: tiktok ER by views above instagram ER by followers" \
    "all(j['erv_tiktok_' + t] > j['erf_instagram_' + t] for t in ('nano', 'micro', 'mid', 'macro', 'mega'))" cal.json
within "tiktok median ER_V nano, % (Untapper 6-10, +-0.5)" erv_tiktok_nano 5.5 10.5 100
within "tiktok median ER_V mega, % (Untapper 1-2, +-0.5)" erv_tiktok_mega 0.5 2.5 100
within "enough accounts per instagram tier to take a median (mega)" n_instagram_mega 30 1000000
within "instagram PPP = ER(sponsored)/ER(organic) (Wonder 0.84)" ppp_instagram 0.78 0.90

# ---- posts: hidden likes and sponsorship --------------------------------------------
within "instagram posts with hidden likes (-1), %" hidden_likes_instagram 4.5 7.5 100
expect_py "no hidden likes on tiktok, youtube or x" \
    'j["hidden_likes_tiktok"] == j["hidden_likes_youtube"] == j["hidden_likes_x"] == 0' cal.json
within "sponsored share of posts, %" sponsored_share 6.5 9.5 100
within "sponsored posts disclosed explicitly, %" disclosure_explicit 65 75 100
within "sponsored posts with an ambiguous marker only, %" disclosure_ambiguous 5 15 100
within "sponsored posts undisclosed, %" disclosure_undisclosed 15 25 100

# ---- bought followers -------------------------------------------------------------------
within "creator accounts >= 1000 followers that bought followers, %" bought_share_1k 6 10 100
within "accounts under 1000 followers that bought followers" bought_under_1k 0 0
within "bought accounts whose snapshots jump >= 80% of what they bought, %" bought_jump_ok 100 100 100
within "smallest jump at bought_at / bought followers" bought_jump_min 0.8 1.2
within "bought accounts below their platform-and-tier peers' median ER_F, %" bought_below_peer_median 75 100 100
within "median ER_F of bought accounts / their peers' median" bought_er_vs_peers_median 0.3 0.85

# ---- engagement pods ---------------------------------------------------------------------
within "creator accounts in a pod, %" pod_share 2 4 100
within "smallest pod" pod_size_min 5 25
within "largest pod" pod_size_max 5 25
within "pod members commented on by pod mates in >= 4 of their latest 6 posts, %" pod_members_commented_by_pod 100 100 100

# ---- audiences ---------------------------------------------------------------------------
within "creator accounts with audience shares, %" audience_accounts_with_shares 100 100 100
within "largest |sum of country shares - 1| (four-place rounding)" country_share_sum_maxdev 0 0.001
within "creators whose own country is their top audience country, %" top_country_is_own 90 100 100
within "mean bot share of known followers, bought accounts, %" bot_share_bought 20 65 100
within "mean bot share of known followers, other accounts, %" bot_share_others 0 5 100
expect_py "bought accounts have more bots among their known followers than the rest" \
    'j["bot_share_bought"] > 4 * j["bot_share_others"]' cal.json
within "audience accounts that are real users, %" audience_role_real 70 74 100
within "audience accounts that are mass followers, %" audience_role_mass 8.5 11.5 100
within "audience accounts that are inactive, %" audience_role_inactive 8.5 11.5 100
within "audience accounts that are bots, %" audience_role_bot 6.5 9.5 100
echo "# median known followers per creator account: $(jget 'j["known_followers_median"]' cal.json)"

test_done
