/*
 * synth.c - a synthetic creator world with ground truth (synth.h).
 *
 * Design. The world has two populations. Creator accounts (the ones a
 * brand searches) belong to creators, one to three each, and publish
 * posts. Audience accounts (real users, mass followers, inactive accounts
 * and bought bots) follow creators. Generation runs in three passes:
 *
 *   1. layout: every creator account's platform, niche, country, follower
 *      count, whether it bought followers and when, its engagement pod; and
 *      every audience account's role, country, interests and demographics.
 *      This is the only state kept, a few dozen bytes per account.
 *   2. accounts: every account is emitted with its ground truth.
 *   3. per creator account, in index order: its known followers (a sample
 *      drawn with niche and country homophily; bots in proportion to what it
 *      bought), the audience demographics aggregated from that sample, its
 *      weekly snapshots (a jump where followers were bought), and its posts
 *      with engagement, disclosure and comment authors.
 *
 * Posts and edges are handed to the sink as they are made, so memory does
 * not grow with them. Every entity draws from its own stream, seeded from
 * (seed, stream, index) by splitmix64 and run by xoshiro256**, so the
 * world does not depend on generation order or on the machine.
 *
 * Calibration (the figures and their sources are in docs/synth.md):
 * log10(followers) ~ N(4.0, 0.93) puts half the accounts under 10k (nano)
 * and about 1.6% at 1M or more; engagement falls with size as a power law
 * fitted to the published bands by tier and platform; 8% of creator
 * accounts bought followers, 3% sit in pods, 8% of posts are sponsored and
 * a fifth of those carry no disclosure.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "niche/store.h"
#include "niche/synth.h"
#include "niche/tier.h"
#include "rng.h"
#include "synth_int.h"
#include "internal.h"
#include "banned.h"

/* ---- random streams --------------------------------------------------- */

/* The stream of entity idx of a kind: independent of every other. */
static void rng_seed(struct rng *r, uint64_t seed, uint64_t kind, uint64_t idx)
{
    rng_seed_mix(r, seed ^ (kind * 0xd1342543de82ef95ULL) ^ (idx * 0x9e3779b97f4a7c15ULL));
}

/* The platforms the engagement models cover (model_for). */
#define SYNTH_PLATFORMS                                                     \
    (1u << NICHE_PLATFORM_INSTAGRAM | 1u << NICHE_PLATFORM_TIKTOK |         \
     1u << NICHE_PLATFORM_YOUTUBE | 1u << NICHE_PLATFORM_X)

enum { STREAM_CREATOR = 1, STREAM_ACCOUNT, STREAM_AUDIENCE, STREAM_POSTS, STREAM_GRAPH,
       STREAM_PODS };

/* ---- vocabulary --------------------------------------------------------- */

#define NNICHES 14
#define NCOUNTRIES 11
#define NAGES 5

struct niche_vocab {
    const char *name;
    const char *tags[6];
    const char *words[8];
    const char *bio;
    const char *brands[3];         /* fictional brand handles */
    double female;                 /* audience share that is female */
    double ages[NAGES];            /* 13-17, 18-24, 25-34, 35-44, 45+ */
};

static const struct niche_vocab vocab[NNICHES] = {
    { "beauty", { "beauty", "makeup", "skincare", "glowup", "mua", "selfcare" },
      { "serum", "glow", "routine", "lipstick", "foundation", "skin", "palette", "lashes" },
      "Makeup artist and skincare nerd", { "glowlab", "velvetskin", "lumacosmetics" },
      0.86, { 0.08, 0.38, 0.32, 0.14, 0.08 } },
    { "fashion", { "fashion", "ootd", "style", "streetstyle", "outfit", "lookbook" },
      { "outfit", "vintage", "denim", "sneakers", "thrift", "look", "tailoring", "linen" },
      "Everyday style, thrifted and new", { "threadco", "urbanloom", "maisonrue" },
      0.74, { 0.07, 0.36, 0.34, 0.15, 0.08 } },
    { "fitness", { "fitness", "workout", "gym", "fitfam", "running", "strength" },
      { "squat", "run", "workout", "protein", "mobility", "reps", "marathon", "hiit" },
      "Coach. Strength, running, recovery", { "ironpeak", "stridegear", "fuelbar" },
      0.48, { 0.04, 0.33, 0.38, 0.17, 0.08 } },
    { "food", { "food", "foodie", "recipe", "homecooking", "vegan", "baking" },
      { "recipe", "pasta", "sourdough", "brunch", "spicy", "dinner", "bake", "noodles" },
      "Recipes that work on a weeknight", { "panfresh", "spicebox", "oatfield" },
      0.62, { 0.03, 0.24, 0.34, 0.22, 0.17 } },
    { "travel", { "travel", "wanderlust", "travelgram", "roadtrip", "backpacking", "explore" },
      { "beach", "mountains", "hostel", "flight", "itinerary", "sunset", "island", "train" },
      "Slow travel on a budget", { "roamly", "packlight", "skyhopper" },
      0.57, { 0.02, 0.28, 0.38, 0.19, 0.13 } },
    { "family", { "family", "momlife", "parenting", "dadlife", "toddler", "kids" },
      { "toddler", "bedtime", "school", "baby", "weekend", "naps", "lunchbox", "playground" },
      "Parent of three, honest about it", { "tinysteps", "cozynest", "lullabee" },
      0.80, { 0.01, 0.12, 0.46, 0.30, 0.11 } },
    { "pets", { "pets", "dogsofinstagram", "catlife", "puppy", "petcare", "rescue" },
      { "puppy", "walk", "treats", "kitten", "vet", "leash", "adoption", "fetch" },
      "Two rescue dogs and a cat in charge", { "wagwell", "purrfood", "furbox" },
      0.68, { 0.05, 0.27, 0.33, 0.19, 0.16 } },
    { "home", { "home", "interiordesign", "homedecor", "diy", "plants", "renovation" },
      { "paint", "shelf", "plants", "renovation", "lamp", "kitchen", "tiles", "cozy" },
      "Renovating a 1930s house, slowly", { "nestcraft", "lumenhome", "greenleaf" },
      0.71, { 0.02, 0.17, 0.39, 0.25, 0.17 } },
    { "gaming", { "gaming", "gamer", "twitch", "esports", "streamer", "retrogaming" },
      { "stream", "ranked", "speedrun", "controller", "patch", "boss", "clutch", "loot" },
      "Streams most nights, speedruns sometimes", { "pixelforge", "hyperkey", "lagfree" },
      0.22, { 0.18, 0.44, 0.26, 0.09, 0.03 } },
    { "tech", { "tech", "gadgets", "coding", "smartphone", "setup", "ai" },
      { "review", "laptop", "unboxing", "battery", "keyboard", "chip", "update", "camera" },
      "Honest gadget reviews", { "voltwave", "codenest", "orbitlabs" },
      0.27, { 0.07, 0.34, 0.34, 0.16, 0.09 } },
    { "music", { "music", "newmusic", "singer", "guitar", "producer", "livemusic" },
      { "single", "studio", "tour", "chorus", "beat", "acoustic", "setlist", "demo" },
      "Songwriter. New single out now", { "soundgrid", "echotone", "riffhouse" },
      0.55, { 0.12, 0.41, 0.28, 0.12, 0.07 } },
    { "sports", { "sports", "football", "basketball", "matchday", "athlete", "training" },
      { "match", "goal", "training", "season", "derby", "assist", "league", "final" },
      "Athlete. Matchday to recovery day", { "kickline", "courtpro", "stadiumx" },
      0.30, { 0.10, 0.35, 0.30, 0.15, 0.10 } },
    { "finance", { "finance", "investing", "personalfinance", "budget", "money", "stocks" },
      { "budget", "savings", "index", "debt", "dividend", "portfolio", "taxes", "retire" },
      "Plain money advice, no hype", { "coinwise", "ledgerly", "nestegg" },
      0.38, { 0.01, 0.22, 0.40, 0.23, 0.14 } },
    { "education", { "education", "studytips", "learning", "teacher", "science", "languages" },
      { "lesson", "exam", "notes", "history", "physics", "grammar", "revision", "lecture" },
      "Teacher explaining things in 60 seconds", { "brightdesk", "notably", "quizly" },
      0.58, { 0.22, 0.38, 0.22, 0.11, 0.07 } },
};

struct country {
    const char *code, *language;
    double weight;
    const char *ad_marker;         /* the local explicit disclosure */
};

static const struct country countries[NCOUNTRIES] = {
    { "US", "en", 0.30, "#ad" }, { "BR", "pt", 0.10, "#publi" },
    { "IN", "en", 0.10, "#ad" }, { "GB", "en", 0.08, "#ad" },
    { "DE", "de", 0.07, "#werbung" }, { "FR", "fr", 0.07, "#sponsorise" },
    { "ES", "es", 0.06, "#publicidad" }, { "MX", "es", 0.06, "#publicidad" },
    { "IT", "it", 0.05, "#adv" }, { "ID", "id", 0.06, "#iklan" },
    { "EE", "et", 0.05, "#reklaam" },
};

static const char *const first_names[32] = {
    "maria", "luca", "ana", "noah", "emma", "liam", "sofia", "mateo", "mia", "leo",
    "zoe", "arjun", "lena", "yuki", "chloe", "omar", "ines", "hugo", "nora", "kai",
    "lara", "theo", "ava", "rafa", "elif", "jonas", "sara", "ravi", "julia", "tomas",
    "priya", "felix"
};
static const char *const last_names[32] = {
    "silva", "rossi", "smith", "garcia", "muller", "martin", "kumar", "tanaka",
    "lopez", "dubois", "tamm", "santos", "costa", "bauer", "moreau", "patel",
    "nguyen", "kim", "sato", "ferri", "ortiz", "weber", "lee", "cruz", "novak",
    "rey", "vidal", "haas", "mori", "park", "roth", "ivanov"
};

static const char *const age_keys[NAGES] = { "13-17", "18-24", "25-34", "35-44", "45+" };

/* The generated world ends here, whatever the wall clock says. */
#define WORLD_END_MS 1793491200000LL   /* 2026-11-01T00:00:00Z */
#define DAY_MS 86400000LL
#define WEEKS 26

/* ---- the layout --------------------------------------------------------- */

enum { F_BOUGHT = 1, F_POD = 2, F_VERIFIED = 4 };

struct cacc {                 /* one creator account */
    int64_t followers;        /* shown now, bought ones included */
    int64_t bought;           /* bought followers, 0 if none */
    int32_t creator;
    int32_t pod;              /* 1-based, 0: none */
    uint8_t platform, niche, niche2, country, flags, bought_week;
    float er;                 /* the account's engagement factor */
};

struct aud {                  /* one audience account */
    uint8_t slot;             /* its platform, as an index into gen.plats */
    uint8_t role, country, niche1, niche2, age, female;
};

struct gen {
    const struct niche_synth_opts *o;
    uint64_t seed;
    enum niche_platform plats[NICHE_PLATFORM__COUNT];
    int nplats;
    int slot_of[NICHE_PLATFORM__COUNT];     /* platform -> index in plats */
    int64_t n, m, ncreators;  /* creator accounts, audience accounts, creators */
    struct cacc *acc;         /* owned, n */
    struct aud *aud;          /* owned, m */
    /* Audience accounts follow creators on their own platform only. */
    int32_t *bucket_start;    /* owned: real users by (platform, niche, country), CSR */
    int32_t *bucket;
    int32_t *role_start;      /* owned: audience by (platform, role), CSR */
    int32_t *role_list;
    int32_t *pod_start, *pod_members;        /* owned: CSR over pods */
    int32_t npods;
    struct synth_sink *sink;
    struct niche_synth_result *res;
};

/* What one thread needs to generate creator accounts' followers, posts and
 * snapshots: the layout is shared and read-only by then. */
struct work {
    const struct gen *g;
    struct synth_sink *sink;
    int64_t *sample;          /* owned: one account's followers */
    size_t sample_cap;
    int64_t *seen;            /* owned: open-addressing set for the sample */
    size_t seen_cap;
    struct niche_synth_result res;   /* counts of what this work emitted */
};

static int creator_accounts_of(struct rng *r, int nplats)
{
    static const double w[3] = { 0.6, 0.3, 0.1 };
    int k = 1 + rng_pick(r, w, 3);

    return k < nplats ? k : nplats;
}

static void layout_account(struct gen *g, struct cacc *a, int32_t creator, double base,
                           int platform_slot)
{
    struct rng r;
    double logf;

    rng_seed(&r, g->seed, STREAM_ACCOUNT, (uint64_t)(a - g->acc));
    a->creator = creator;
    a->platform = (uint8_t)g->plats[platform_slot];
    logf = base + 0.35 * rng_normal(&r);
    a->followers = (int64_t)llround(pow(10.0, logf < 1.5 ? 1.5 : logf > 8.7 ? 8.7 : logf));
    a->er = (float)exp(0.3 * rng_normal(&r));
    if (rng_unif(&r) < 0.08 && a->followers >= 1000) {
        a->flags |= F_BOUGHT;
        a->bought = (int64_t)((double)a->followers * (0.2 + 0.4 * rng_unif(&r)));
        a->bought_week = (uint8_t)(2 + rng_below(&r, WEEKS - 4));
    }
    if (rng_unif(&r) < (a->followers >= 1000000 ? 0.7 : a->followers >= 100000 ? 0.3 : 0.02))
        a->flags |= F_VERIFIED;
}

/* Creators and their accounts until n accounts exist. */
static void layout_creators(struct gen *g)
{
    static const double cw[NCOUNTRIES] = { 0.30, 0.10, 0.10, 0.08, 0.07, 0.07, 0.06,
                                           0.06, 0.05, 0.06, 0.05 };
    int64_t i = 0;
    int32_t c = 0;

    while (i < g->n) {
        struct rng r;
        int k, j, slots[NICHE_PLATFORM__COUNT];
        double base;
        uint8_t niche, niche2, country;

        rng_seed(&r, g->seed, STREAM_CREATOR, (uint64_t)c);
        k = creator_accounts_of(&r, g->nplats);
        niche = (uint8_t)rng_below(&r, NNICHES);
        niche2 = rng_unif(&r) < 0.4 ? (uint8_t)((niche + 1 + rng_below(&r, NNICHES - 1)) % NNICHES)
                                : niche;
        country = (uint8_t)rng_pick(&r, cw, NCOUNTRIES);
        base = 4.0 + 0.86 * rng_normal(&r);
        for (j = 0; j < g->nplats; j++)
            slots[j] = j;
        for (j = 0; j < k && i < g->n; j++, i++) {
            int s = j + (int)rng_below(&r, g->nplats - j), t = slots[j];

            slots[j] = slots[s];
            slots[s] = t;
            g->acc[i].niche = niche;
            g->acc[i].niche2 = niche2;
            g->acc[i].country = country;
            layout_account(g, &g->acc[i], c, base, slots[j]);
        }
        c++;
    }
    g->ncreators = c;
}

static void layout_audience(struct gen *g)
{
    static const double roles[4] = { 0.72, 0.10, 0.10, 0.08 };  /* real mass inactive bot */
    int64_t i;

    for (i = 0; i < g->m; i++) {
        struct aud *u = &g->aud[i];
        const struct niche_vocab *v;
        struct rng r;

        rng_seed(&r, g->seed, STREAM_AUDIENCE, (uint64_t)i);
        u->slot = (uint8_t)rng_below(&r, g->nplats);
        u->role = (uint8_t)(NICHE_ROLE_REAL + rng_pick(&r, roles, 4));
        u->country = (uint8_t)rng_pick(&r, (const double[]){ 0.30, 0.10, 0.10, 0.08, 0.07, 0.07,
                                                         0.06, 0.06, 0.05, 0.06, 0.05 },
                                   NCOUNTRIES);
        u->niche1 = (uint8_t)rng_below(&r, NNICHES);
        u->niche2 = (uint8_t)rng_below(&r, NNICHES);
        v = &vocab[u->niche1];
        u->female = rng_unif(&r) < v->female;
        u->age = (uint8_t)rng_pick(&r, v->ages, NAGES);
    }
}

static int bucket_of(int slot, int niche, int country)
{
    return (slot * NNICHES + niche) * NCOUNTRIES + country;
}

/* Counting sort of audience indexes into nb lists; key(i) < 0 skips i,
 * key2 (when >= 0) files i a second time. */
static void csr_fill(struct gen *g, int nb, int32_t **start_out, int32_t **list_out,
                     int (*key)(const struct gen *, int64_t, int))
{
    int32_t *start = niche_xcalloc((size_t)nb + 1, sizeof(int32_t)), *fill, *list;
    int64_t i;
    int b, k;

    for (i = 0; i < g->m; i++)
        for (k = 0; k < 2; k++)
            if ((b = key(g, i, k)) >= 0)
                start[b + 1]++;
    for (b = 0; b < nb; b++)
        start[b + 1] += start[b];
    list = niche_xmalloc(((size_t)start[nb] + 1) * sizeof(int32_t));
    fill = niche_xmalloc(((size_t)nb + 1) * sizeof(int32_t));
    memcpy(fill, start, (size_t)nb * sizeof(int32_t));
    for (i = 0; i < g->m; i++)
        for (k = 0; k < 2; k++)
            if ((b = key(g, i, k)) >= 0)
                list[fill[b]++] = (int32_t)i;
    free(fill);
    *start_out = start;
    *list_out = list;
}

/* Real users by (platform, interest, country), once per distinct interest. */
static int interest_key(const struct gen *g, int64_t i, int k)
{
    const struct aud *u = &g->aud[i];

    if (u->role != NICHE_ROLE_REAL || (k == 1 && u->niche2 == u->niche1))
        return -1;
    return bucket_of(u->slot, k ? u->niche2 : u->niche1, u->country);
}

static int role_key(const struct gen *g, int64_t i, int k)
{
    return k ? -1 : g->aud[i].slot * NICHE_ROLE__COUNT + g->aud[i].role;
}

static void build_buckets(struct gen *g)
{
    csr_fill(g, g->nplats * NNICHES * NCOUNTRIES, &g->bucket_start, &g->bucket, interest_key);
    csr_fill(g, g->nplats * NICHE_ROLE__COUNT, &g->role_start, &g->role_list, role_key);
}

/* Engagement pods: about 3% of instagram and tiktok accounts under 200k
 * join one. Pods form within a niche on one platform (members comment on
 * each other's posts, so they must share the platform), 5 to 25 members
 * each; candidates a niche has too few of for a pod are pooled across
 * niches of the same platform at the end, so small worlds get pods too. */
static int64_t close_pods(struct gen *g, struct rng *r, int32_t *members, int64_t start,
                          int64_t total, int *npods)
{
    while (total - start >= 5) {
        int64_t size = 5 + rng_below(r, 21);

        if (size > total - start)
            size = total - start;
        start += size;
        g->pod_start[++*npods] = (int32_t)start;
    }
    return start;   /* members[start..total) are left over */
}

/* Pods of one platform; members and pod_start grow in place. */
static void pods_of_platform(struct gen *g, struct rng *r, int platform, int32_t *members,
                             int32_t *left, int *npods)
{
    int64_t i, total = g->pod_start[*npods], nleft = 0, start;
    int niche;

    for (niche = 0; niche < NNICHES; niche++) {
        start = total;
        for (i = 0; i < g->n; i++) {
            const struct cacc *a = &g->acc[i];
            struct rng ar;

            if (a->niche != niche || a->platform != platform || a->followers >= 200000)
                continue;
            rng_seed(&ar, g->seed, STREAM_PODS, (uint64_t)i + 1);
            if (rng_unif(&ar) < 0.06)   /* eligible accounts are about half of all */
                members[total++] = (int32_t)i;
        }
        start = close_pods(g, r, members, start, total, npods);
        while (start < total)
            left[nleft++] = members[start++];
        total = g->pod_start[*npods];
    }
    memcpy(members + total, left, (size_t)nleft * sizeof(int32_t));
    close_pods(g, r, members, total, total + nleft, npods);
}

static void layout_pods(struct gen *g)
{
    int32_t *members = niche_xmalloc(((size_t)g->n + 1) * sizeof(int32_t));
    int32_t *left = niche_xmalloc(((size_t)g->n + 1) * sizeof(int32_t));
    int64_t i;
    int k, npods = 0;
    struct rng r;

    rng_seed(&r, g->seed, STREAM_PODS, 0);
    g->pod_start = niche_xcalloc((size_t)g->n / 5 + 2, sizeof(int32_t));
    pods_of_platform(g, &r, NICHE_PLATFORM_INSTAGRAM, members, left, &npods);
    pods_of_platform(g, &r, NICHE_PLATFORM_TIKTOK, members, left, &npods);
    free(left);
    for (k = 1; k <= npods; k++)
        for (i = g->pod_start[k - 1]; i < g->pod_start[k]; i++) {
            g->acc[members[i]].pod = k;
            g->acc[members[i]].flags |= F_POD;
        }
    g->pod_members = members;
    g->npods = npods;
}

/* ---- names -------------------------------------------------------------- */

/* Handles, built by hand (tens of millions of comment authors): a creator
 * account "maria.squat17", a person "mariasilva4242", a bot "maria_04211337"
 * (digit-heavy, as bought accounts are). The index makes each unique. */
struct sbuf { char *p; size_t n, len; };

static void sb_add(struct sbuf *b, const char *s)
{
    while (*s && b->len + 1 < b->n)
        b->p[b->len++] = *s++;
}

static void sb_num(struct sbuf *b, uint64_t v, int width)
{
    char tmp[24];
    int k = 0;

    do {
        tmp[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v || k < width);
    while (k && b->len + 1 < b->n)
        b->p[b->len++] = tmp[--k];
}

static const char *account_handle(void *gp, int64_t idx, char *buf, size_t n)
{
    struct gen *g = gp;
    struct sbuf b = { buf, n, 0 };

    if (idx < g->n) {
        const struct cacc *a = &g->acc[idx];
        sb_add(&b, first_names[a->creator % 32]);
        sb_add(&b, ".");
        sb_add(&b, vocab[a->niche].words[(a->creator / 32) % 8]);
        sb_num(&b, (uint64_t)idx, 1);
    } else {
        int64_t u = idx - g->n;

        sb_add(&b, first_names[u % 32]);
        if (g->aud[u].role == NICHE_ROLE_BOT) {
            sb_add(&b, "_");
            sb_num(&b, (uint64_t)u * 2654435761u % 100000000, 8);
        } else {
            sb_add(&b, last_names[(u / 32) % 32]);
            sb_num(&b, (uint64_t)u, 1);
        }
    }
    buf[b.len] = '\0';
    return buf;
}

static enum niche_platform account_platform(void *gp, int64_t idx)
{
    struct gen *g = gp;

    return idx < g->n ? (enum niche_platform)g->acc[idx].platform
                      : g->plats[g->aud[idx - g->n].slot];
}

/* ---- pass 2: accounts ----------------------------------------------------- */

static int emit_creators(struct gen *g, struct niche_error *err)
{
    struct niche_creator c;
    char name[64];
    int64_t i;
    int rc;

    memset(&c, 0, sizeof(c));
    for (i = 0; i < g->ncreators; i++) {
        snprintf(name, sizeof(name), "%c%s %c%s", first_names[i % 32][0] - 32,
                 first_names[i % 32] + 1, last_names[(i / 32) % 32][0] - 32,
                 last_names[(i / 32) % 32] + 1);
        c.name = name;
        if ((rc = g->sink->ops->creator(g->sink, i, &c, err)) < 0)
            return rc;
    }
    return 0;
}

static int emit_creator_account(struct gen *g, int64_t i, struct niche_error *err)
{
    const struct cacc *a = &g->acc[i];
    const struct niche_vocab *v = &vocab[a->niche];
    struct niche_account acct;
    struct niche_truth_account t;
    char handle[96], name[64], bio[200], niches[64], cat[64];
    struct rng r;

    rng_seed(&r, g->seed, STREAM_ACCOUNT, (uint64_t)i + 0x100000000ULL);
    niche_account_init(&acct);
    acct.platform = (enum niche_platform)a->platform;
    acct.handle = (char *)account_handle(g, i, handle, sizeof(handle));
    snprintf(name, sizeof(name), "%c%s %s", first_names[a->creator % 32][0] - 32,
             first_names[a->creator % 32] + 1, v->words[(a->creator / 32) % 8]);
    acct.name = name;
    snprintf(bio, sizeof(bio), "%s | %s #%s%s%s | collabs: %s@mail.example", v->bio,
             countries[a->country].code, v->tags[0], a->niche2 != a->niche ? " #" : "",
             a->niche2 != a->niche ? vocab[a->niche2].tags[0] : "", first_names[a->creator % 32]);
    acct.bio = bio;
    acct.followers = a->followers;
    acct.following = (int64_t)rng_lognormal(&r, 6.0, 0.6);
    acct.posts = 60 + (int64_t)rng_lognormal(&r, 5.5, 0.8);
    acct.country = (char *)countries[a->country].code;
    acct.language = (char *)countries[a->country].language;
    snprintf(cat, sizeof(cat), "%s", v->name);
    acct.category = cat;
    acct.verified = (a->flags & F_VERIFIED) != 0;
    acct.has_avatar = 1;
    acct.last_active_ms = WORLD_END_MS - rng_below(&r, 3) * DAY_MS;
    acct.creator_id = a->creator + 1;
    memset(&t, 0, sizeof(t));
    t.role = NICHE_ROLE_CREATOR;
    snprintf(niches, sizeof(niches), "%s%s%s", v->name, a->niche2 != a->niche ? " " : "",
             a->niche2 != a->niche ? vocab[a->niche2].name : "");
    t.niches = niches;
    t.bought_followers = a->bought;
    t.bought_at_ms = a->bought ? WORLD_END_MS - (int64_t)a->bought_week * 7 * DAY_MS
                               : NICHE_MISSING;
    t.pod = a->pod;
    return g->sink->ops->account(g->sink, i, &acct, &t, err);
}

/* Profile features by role: what audience-quality rules look at. */
static void audience_features(struct rng *r, enum niche_role role, struct niche_account *a)
{
    switch (role) {
    case NICHE_ROLE_MASS:
        a->followers = (int64_t)rng_lognormal(r, 5.5, 0.8);
        a->following = 1500 + (int64_t)rng_lognormal(r, 7.3, 0.6);
        a->posts = (int64_t)rng_lognormal(r, 4.0, 1.0);
        a->has_avatar = rng_unif(r) < 0.9;
        a->last_active_ms = WORLD_END_MS - rng_below(r, 20) * DAY_MS;
        break;
    case NICHE_ROLE_INACTIVE:
        a->followers = (int64_t)rng_lognormal(r, 4.0, 0.9);
        a->following = (int64_t)rng_lognormal(r, 5.2, 0.7);
        a->posts = (int64_t)rng_lognormal(r, 2.0, 1.0);
        a->has_avatar = rng_unif(r) < 0.7;
        a->last_active_ms = WORLD_END_MS - (120 + rng_below(r, 900)) * DAY_MS;
        break;
    case NICHE_ROLE_BOT:
        a->followers = (int64_t)rng_below(r, 40);
        a->following = 200 + (int64_t)rng_lognormal(r, 6.5, 0.7);
        a->posts = rng_unif(r) < 0.7 ? 0 : rng_below(r, 4);
        a->has_avatar = rng_unif(r) < 0.25;
        a->last_active_ms = WORLD_END_MS - rng_below(r, 60) * DAY_MS;
        break;
    default:
        a->followers = (int64_t)rng_lognormal(r, 5.3, 0.9);
        a->following = (int64_t)rng_lognormal(r, 5.6, 0.6);
        if (a->following > 1400)
            a->following = 1400;
        a->posts = (int64_t)rng_lognormal(r, 3.8, 1.0);
        a->has_avatar = rng_unif(r) < 0.96;
        a->last_active_ms = WORLD_END_MS - rng_below(r, 14) * DAY_MS;
    }
}

static int emit_audience_account(struct gen *g, int64_t u, struct niche_error *err)
{
    const struct aud *au = &g->aud[u];
    struct niche_account acct;
    struct niche_truth_account t;
    char handle[96];
    struct rng r;

    rng_seed(&r, g->seed, STREAM_AUDIENCE, (uint64_t)u + 0x100000000ULL);
    niche_account_init(&acct);
    acct.platform = g->plats[au->slot];
    acct.handle = (char *)account_handle(g, g->n + u, handle, sizeof(handle));
    audience_features(&r, (enum niche_role)au->role, &acct);
    acct.country = (char *)countries[au->country].code;
    acct.language = (char *)countries[au->country].language;
    memset(&t, 0, sizeof(t));
    t.role = (enum niche_role)au->role;
    t.bought_at_ms = NICHE_MISSING;
    return g->sink->ops->account(g->sink, g->n + u, &acct, &t, err);
}

/* ---- pass 3: followers --------------------------------------------------- */

/* How many of an account's followers are known: all of a small audience,
 * a sample that grows slowly with size for a large one (crawls are
 * throttled; docs/domain.md section 4). */
static int64_t sample_size(int64_t followers)
{
    int64_t s = (int64_t)llround(6.0 * pow((double)followers, 0.3));

    return s < followers ? s : followers;
}

static int seen_add(struct work *w, int64_t v)
{
    size_t mask = w->seen_cap - 1, h = (size_t)((uint64_t)v * 0x9e3779b97f4a7c15ULL >> 20) & mask;

    while (w->seen[h] >= 0) {
        if (w->seen[h] == v)
            return 0;
        h = (h + 1) & mask;
    }
    w->seen[h] = v;
    return 1;
}

/* One follower of account a: bots in the share it bought, then mass and
 * inactive accounts at their base rates, else a real user who shares its
 * niche (and mostly its country). */
static int64_t draw_follower(const struct gen *g, const struct cacc *a, struct rng *r)
{
    double x = rng_unif(r), bot = 0.02 + (a->followers ? (double)a->bought / (double)a->followers : 0);
    int role = x < bot ? NICHE_ROLE_BOT : x < bot + 0.10 ? NICHE_ROLE_MASS
             : x < bot + 0.20 ? NICHE_ROLE_INACTIVE : NICHE_ROLE_REAL;
    int niche = rng_unif(r) < 0.7 ? a->niche2 == a->niche || rng_unif(r) < 0.7 ? a->niche : a->niche2
                              : (int)rng_below(r, NNICHES);
    int country = rng_unif(r) < 0.7 ? a->country : (int)rng_below(r, NCOUNTRIES);
    int slot = g->slot_of[a->platform], b = bucket_of(slot, niche, country);
    int64_t nb = g->bucket_start[b + 1] - g->bucket_start[b];

    if (role == NICHE_ROLE_REAL && nb > 0)
        return g->bucket[g->bucket_start[b] + rng_below(r, nb)];
    b = slot * NICHE_ROLE__COUNT + role;
    if (g->role_start[b + 1] == g->role_start[b])
        b = slot * NICHE_ROLE__COUNT + NICHE_ROLE_REAL;
    nb = g->role_start[b + 1] - g->role_start[b];
    return nb > 0 ? g->role_list[g->role_start[b] + rng_below(r, nb)] : -1;
}

static int64_t draw_sample(struct work *w, int64_t i, struct rng *r)
{
    const struct gen *g = w->g;
    const struct cacc *a = &g->acc[i];
    int64_t want = sample_size(a->followers), n = 0, tries = 0, f;

    if ((size_t)want > w->sample_cap) {
        w->sample_cap = (size_t)want;
        w->sample = niche_xrealloc(w->sample, w->sample_cap * sizeof(int64_t));
    }
    if ((size_t)want * 2 > w->seen_cap) {
        while ((size_t)want * 2 > w->seen_cap)
            w->seen_cap = w->seen_cap ? w->seen_cap * 2 : 1024;
        w->seen = niche_xrealloc(w->seen, w->seen_cap * sizeof(int64_t));
    }
    memset(w->seen, 0xff, w->seen_cap * sizeof(int64_t));
    while (n < want && tries++ < want * 4) {
        f = draw_follower(g, a, r);
        if (f >= 0 && seen_add(w, f))
            w->sample[n++] = f;
    }
    return n;
}

/* Demographic shares of the sample's humans (bots have none worth
 * reporting): country, gender, age. Language follows country here, so it
 * is not written separately. */
static int put_share(struct work *w, int64_t i, const char *dim, const char *key,
                     double share, struct niche_error *err)
{
    w->res.audience_shares++;
    return w->sink->ops->share(w->sink, i, dim, key, share, err);
}

static int emit_shares(struct work *w, int64_t i, int64_t n, struct niche_error *err)
{
    const struct gen *g = w->g;
    int64_t cc[NCOUNTRIES] = { 0 }, ages[NAGES] = { 0 }, female = 0, humans = 0, k;
    int c, rc = 0;

    for (k = 0; k < n; k++) {
        const struct aud *u = &g->aud[w->sample[k]];

        if (u->role == NICHE_ROLE_BOT)
            continue;
        humans++;
        cc[u->country]++;
        ages[u->age]++;
        female += u->female;
    }
    if (!humans)
        return 0;
    for (c = 0; c < NCOUNTRIES && rc == 0; c++)
        if (cc[c])
            rc = put_share(w, i, "country", countries[c].code,
                                     (double)cc[c] / (double)humans, err);
    for (c = 0; c < NAGES && rc == 0; c++)
        if (ages[c])
            rc = put_share(w, i, "age", age_keys[c],
                                     (double)ages[c] / (double)humans, err);
    if (rc == 0)
        rc = put_share(w, i, "gender", "female",
                                 (double)female / (double)humans, err);
    if (rc == 0)
        rc = put_share(w, i, "gender", "male",
                                 (double)(humans - female) / (double)humans, err);
    return rc;
}

static int emit_followers(struct work *w, int64_t i, int64_t *n, struct niche_error *err)
{
    const struct gen *g = w->g;
    struct rng r;
    int64_t k;
    int rc;

    rng_seed(&r, g->seed, STREAM_GRAPH, (uint64_t)i);
    *n = draw_sample(w, i, &r);
    for (k = 0; k < *n; k++)
        if ((rc = w->sink->ops->edge(w->sink, i, g->n + w->sample[k], err)) < 0)
            return rc;
    w->res.follower_edges += *n;
    return emit_shares(w, i, *n, err);
}

/* ---- pass 3: snapshots ---------------------------------------------------- */

static int emit_snapshots(struct work *w, int64_t i, struct niche_error *err)
{
    const struct gen *g = w->g;
    const struct cacc *a = &g->acc[i];
    double growth, real_now = (double)(a->followers - a->bought);
    struct niche_snapshot s;
    struct rng r;
    int week, rc;

    rng_seed(&r, g->seed, STREAM_ACCOUNT, (uint64_t)i + 0x200000000ULL);
    growth = 0.004 * rng_lognormal(&r, 0.0, 0.5);   /* organic, per week */
    niche_snapshot_init(&s);
    for (week = WEEKS - 1; week >= 0; week--) {   /* weeks before the end */
        double real = real_now * exp(-growth * week) * (1.0 + 0.002 * rng_normal(&r));

        s.taken_ms = WORLD_END_MS - (int64_t)week * 7 * DAY_MS;
        s.followers = (int64_t)llround(real) + (a->bought && week <= a->bought_week ? a->bought : 0);
        if (s.followers < 0)
            s.followers = 0;
        if ((rc = w->sink->ops->snapshot(w->sink, i, &s, err)) < 0)
            return rc;
    }
    w->res.snapshots += WEEKS;
    return 0;
}

/* ---- pass 3: posts -------------------------------------------------------- */

/* Expected engagements per post and views, by platform, from the account's
 * real followers F (docs/synth.md has the fits and their sources). */
struct post_model {
    double engagements, views;
    double like, comment, share, save;   /* shares of engagements */
};

static void model_for(const struct cacc *a, struct post_model *m)
{
    double f = (double)(a->followers - a->bought), er = a->er;

    if (f < 1)
        f = 1;
    memset(m, 0, sizeof(*m));
    switch (a->platform) {
    case NICHE_PLATFORM_TIKTOK:          /* ER by views 10% at 1k to 1.6% at 10M */
        m->views = f * 1.6 * pow(f / 1e4, -0.12);
        m->engagements = m->views * 0.10 * pow(f / 1e3, -0.2) * er;
        m->like = 0.86, m->comment = 0.02, m->share = 0.09, m->save = 0.03;
        break;
    case NICHE_PLATFORM_YOUTUBE:         /* ER by views 4.5% at 1k to 1.5% at 10M */
        m->views = f * 0.25 * pow(f / 1e4, -0.1);
        m->engagements = m->views * 0.045 * pow(f / 1e3, -0.12) * er;
        m->like = 0.93, m->comment = 0.07;
        break;
    case NICHE_PLATFORM_X:               /* ER by followers 1% at 1k to 0.25% at 10M */
        m->views = f * 0.3;
        m->engagements = f * 0.01 * pow(f / 1e3, -0.15) * er;
        m->like = 0.78, m->comment = 0.07, m->share = 0.15;
        break;
    default:                             /* instagram: ER by followers, (L+C)/F */
        m->engagements = f * 0.235 * pow(f, -0.208) * er;
        m->views = f * 0.9;
        m->like = 0.965, m->comment = 0.035;
        break;
    }
}

static enum niche_post_type post_type(enum niche_platform p, struct rng *r)
{
    double x = rng_unif(r);

    switch (p) {
    case NICHE_PLATFORM_TIKTOK: return NICHE_POST_VIDEO;
    case NICHE_PLATFORM_YOUTUBE: return x < 0.6 ? NICHE_POST_VIDEO : NICHE_POST_SHORT;
    case NICHE_PLATFORM_X: return x < 0.8 ? NICHE_POST_IMAGE : NICHE_POST_VIDEO;
    default: return x < 0.45 ? NICHE_POST_IMAGE : x < 0.7 ? NICHE_POST_CAROUSEL : NICHE_POST_REEL;
    }
}

static int64_t count_of(double expected, struct rng *r)
{
    double v = expected * rng_lognormal(r, -0.06, 0.35);

    return v < 0 ? 0 : (int64_t)llround(v);
}

struct caption {
    char text[512];
    size_t len;
    char tags[256];                      /* the caption's hashtags, as import stores them */
    size_t tags_len;
    enum niche_disclosure disclosure;
    const char *brand;
    const char *mention;                 /* a brand named without a deal */
    int flag;                            /* platform paid-partnership flag */
};

/* Remember a hashtag (without '#') the way the importer would extract it. */
static void add_tag(struct caption *c, const char *tag)
{
    size_t n = strlen(tag);

    if (c->tags_len + n + 2 >= sizeof(c->tags))
        return;
    if (c->tags_len)
        c->tags[c->tags_len++] = ' ';
    memcpy(c->tags + c->tags_len, tag, n);
    c->tags_len += n;
    c->tags[c->tags_len] = '\0';
}

/* Append to the caption; generated pieces are short, the cap is a guard. */
static void add(struct caption *c, const char *s)
{
    size_t n = strlen(s);

    if (c->len + n >= sizeof(c->text))
        n = sizeof(c->text) - 1 - c->len;
    memcpy(c->text + c->len, s, n);
    c->len += n;
    c->text[c->len] = '\0';
}

/* Caption text, with sponsorship markers placed as people place them. */
static void write_caption(const struct cacc *a, struct rng *r, struct caption *c)
{
    static const char *const openers[] = { "New ", "Today: ", "Finally ", "Quick ", "Sunday ",
                                           "Honest take: ", "My ", "Trying " };
    static const char *const ambiguous[] = { " #sp", " #collab", " #ambassador", " #spon" };
    const struct niche_vocab *v = &vocab[a->niche];
    int k, first, ntags = 2 + (int)rng_below(r, 4);

    c->len = 0;
    c->text[0] = '\0';
    c->tags_len = 0;
    c->tags[0] = '\0';
    c->brand = NULL;
    c->mention = NULL;
    c->flag = 0;
    c->disclosure = NICHE_DISCLOSURE_NONE;
    if (rng_unif(r) < 0.08) {
        double d = rng_unif(r);

        c->brand = v->brands[rng_below(r, 3)];
        c->disclosure = d < 0.70 ? NICHE_DISCLOSURE_EXPLICIT
                      : d < 0.80 ? NICHE_DISCLOSURE_AMBIGUOUS : NICHE_DISCLOSURE_UNDISCLOSED;
        if (c->disclosure == NICHE_DISCLOSURE_EXPLICIT && a->platform == NICHE_PLATFORM_INSTAGRAM &&
            rng_unif(r) < 0.4) {
            c->flag = 1;
        } else if (c->disclosure == NICHE_DISCLOSURE_EXPLICIT) {
            const char *m = rng_unif(r) < 0.5 ? countries[a->country].ad_marker : "#sponsored";

            add(c, m);
            add(c, " ");
            add_tag(c, m + 1);
        }
    }
    k = (int)rng_below(r, 8);
    add(c, openers[rng_below(r, 8)]);
    add(c, v->words[k]);
    add(c, " ");
    add(c, v->words[(k + 1 + rng_below(r, 7)) % 8]);
    if (c->brand) {
        add(c, " with @");
        add(c, c->brand);
    } else if (rng_unif(r) < 0.02) {   /* a brand named without a deal */
        c->mention = v->brands[rng_below(r, 3)];
        add(c, " (love my @");
        add(c, c->mention);
        add(c, ")");
    }
    /* Distinct tags: a rotation of the niche's six from a random start, the
     * last one from the second niche when there is one. */
    first = (int)rng_below(r, 6);
    for (k = 0; k < ntags; k++) {
        const struct niche_vocab *tv = k == ntags - 1 && a->niche2 != a->niche
                                     ? &vocab[a->niche2] : v;
        add(c, " #");
        add(c, tv->tags[(first + k) % 6]);
        add_tag(c, tv->tags[(first + k) % 6]);
    }
    if (c->disclosure == NICHE_DISCLOSURE_AMBIGUOUS) {
        const char *m = ambiguous[rng_below(r, 4)];

        add(c, m);
        add_tag(c, m + 2);   /* past " #" */
    }
}

static void engagement(const struct cacc *a, const struct post_model *m, struct rng *r,
                       const struct caption *c, int pod_comments, struct niche_post *p)
{
    /* Sponsored posts do a little worse: PPP ~ 0.84 (docs/domain.md 5). */
    double e = m->engagements * (c->brand ? 0.84 : 1.0);
    int video = p->type == NICHE_POST_VIDEO || p->type == NICHE_POST_REEL ||
                p->type == NICHE_POST_SHORT;

    p->likes = count_of(e * m->like, r);
    p->comments = count_of(e * m->comment, r) + pod_comments;
    p->shares = m->share > 0 ? count_of(e * m->share, r) : NICHE_MISSING;
    p->saves = m->save > 0 || a->platform == NICHE_PLATFORM_INSTAGRAM
             ? count_of(e * (m->save > 0 ? m->save : 0.04), r) : NICHE_MISSING;
    p->views = video || a->platform == NICHE_PLATFORM_X ? count_of(m->views, r) : NICHE_MISSING;
    /* Hidden like counts on instagram arrive as -1: missing, never zero. */
    if (a->platform == NICHE_PLATFORM_INSTAGRAM && rng_unif(r) < 0.06)
        p->likes = NICHE_MISSING;
}

static int emit_comments(struct work *w, int64_t i, int64_t key, const struct niche_post *p,
                         int64_t nsample, int64_t pod_n, struct rng *r, struct niche_error *err)
{
    const struct gen *g = w->g;
    const struct cacc *a = &g->acc[i];
    int64_t k, n = nsample < 4 ? nsample : 4;
    int rc;

    /* Pod members comment within the first hour; every pod comment is
     * recorded, the rest of the comments are a sample of followers. */
    for (k = 0; a->pod && k < pod_n; k++) {
        int64_t mbr = g->pod_members[g->pod_start[a->pod - 1] + k];

        if (mbr == i || rng_unif(r) >= 0.8)
            continue;
        if ((rc = w->sink->ops->comment(w->sink, key, p->post_id, p->platform, mbr,
                                        p->posted_ms + rng_below(r, 3600000), err)) < 0)
            return rc;
        w->res.comments++;
    }
    for (k = 0; k < n && k < p->comments; k++) {
        int64_t author = g->n + w->sample[rng_below(r, nsample)];
        int64_t when = p->posted_ms + rng_below(r, 2 * DAY_MS);

        if ((rc = w->sink->ops->comment(w->sink, key, p->post_id, p->platform,
                                        author, when, err)) < 0)
            return rc;
        w->res.comments++;
    }
    return 0;
}

/* "<account hex>-<n>", formatted by hand (tens of millions of calls). */
static void post_id(char *out, int64_t account, int64_t k)
{
    static const char hex[] = "0123456789abcdef";
    char tmp[40];
    int n = 0, j = 0;

    do {
        tmp[n++] = hex[account & 15];
        account >>= 4;
    } while (account);
    while (n)
        out[j++] = tmp[--n];
    out[j++] = '-';
    do {
        tmp[n++] = (char)('0' + k % 10);
        k /= 10;
    } while (k);
    while (n)
        out[j++] = tmp[--n];
    out[j] = '\0';
}

static int emit_posts(struct work *w, int64_t i, int64_t nsample, struct niche_error *err)
{
    const struct gen *g = w->g;
    const struct cacc *a = &g->acc[i];
    int64_t nposts, k, key, pod_n = a->pod ? g->pod_start[a->pod] - g->pod_start[a->pod - 1] : 0;
    struct post_model m;
    struct niche_post p;
    struct niche_truth_post t;
    struct caption c;
    char id[48];
    struct rng r;
    int rc;

    rng_seed(&r, g->seed, STREAM_POSTS, (uint64_t)i);
    model_for(a, &m);
    nposts = 12 + rng_below(&r, 49);
    for (k = 0; k < nposts; k++) {
        niche_post_init(&p);
        p.platform = (enum niche_platform)a->platform;
        post_id(id, i, k);
        p.post_id = id;
        /* Newest first, about every 180/nposts days, never in the future. */
        p.posted_ms = WORLD_END_MS - (k * 180 * DAY_MS) / nposts - rng_below(&r, DAY_MS);
        p.type = post_type(p.platform, &r);
        write_caption(a, &r, &c);
        p.caption = c.text;
        p.hashtags = c.tags_len ? c.tags : NULL;
        p.mentions = (char *)(c.brand ? c.brand : c.mention);
        p.sponsored = c.flag;
        engagement(a, &m, &r, &c, a->pod ? (int)(0.8 * (double)(pod_n - 1)) : 0, &p);
        t.disclosure = c.disclosure;
        t.brand = (char *)c.brand;
        if ((rc = w->sink->ops->post(w->sink, i, &p, &t, &key, err)) < 0)
            return rc;
        w->res.posts++;
        w->res.undisclosed_posts += c.disclosure == NICHE_DISCLOSURE_UNDISCLOSED;
        if (k < 6 && (rc = emit_comments(w, i, key, &p, nsample, pod_n, &r, err)) < 0)
            return rc;
    }
    return 0;
}

/* ---- driver ------------------------------------------------------------- */

static int emit_accounts(struct gen *g, struct niche_error *err)
{
    int64_t i;
    int rc;

    if ((rc = emit_creators(g, err)) < 0)
        return rc;
    for (i = 0; i < g->n; i++)
        if ((rc = emit_creator_account(g, i, err)) < 0)
            return rc;
    for (i = 0; i < g->m; i++)
        if ((rc = emit_audience_account(g, i, err)) < 0)
            return rc;
    return 0;
}

/* Followers, snapshots and posts of creator accounts [from, to). */
static int emit_range(struct work *w, int64_t from, int64_t to, struct niche_error *err)
{
    int64_t i, nsample;
    int rc;

    for (i = from; i < to; i++)
        if ((rc = emit_followers(w, i, &nsample, err)) < 0 ||
            (rc = emit_snapshots(w, i, err)) < 0 ||
            (rc = emit_posts(w, i, nsample, err)) < 0)
            return rc;
    return 0;
}

static void add_result(struct niche_synth_result *to, const struct niche_synth_result *from)
{
    to->posts += from->posts;
    to->follower_edges += from->follower_edges;
    to->snapshots += from->snapshots;
    to->comments += from->comments;
    to->audience_shares += from->audience_shares;
    to->undisclosed_posts += from->undisclosed_posts;
}

static void work_release(struct work *w)
{
    free(w->sample);
    free(w->seen);
}

#define CHUNK 2048        /* creator accounts per chunk of parallel work */

static int progress(struct gen *g, int64_t done, struct niche_error *err)
{
    if (g->o->on_progress && g->o->on_progress(g->o->ctx, done, g->n))
        return niche_error_set(err, NICHE_ECANCELED, "synth canceled");
    return 0;
}

static int emit_sequential(struct gen *g, struct niche_error *err)
{
    struct work w;
    int64_t c;
    int rc = 0;

    memset(&w, 0, sizeof(w));
    w.g = g;
    w.sink = g->sink;
    for (c = 0; c < g->n && rc == 0; c += CHUNK) {
        int64_t end = c + CHUNK < g->n ? c + CHUNK : g->n;

        rc = emit_range(&w, c, end, err);
        if (rc == 0)
            rc = progress(g, end, err);
    }
    add_result(g->res, &w.res);
    work_release(&w);
    return rc;
}

/*
 * Files mode on several cores: workers generate chunks of CHUNK creator
 * accounts into memory sinks, the calling thread appends finished chunks
 * to the files strictly in chunk order, so the output is byte for byte
 * what one thread writes. At most RING chunks are in memory at once.
 */
#define RING 6

struct slot {
    struct synth_sink *chunk;   /* owned memory sink */
    int64_t index;              /* chunk number held, -1 when free */
    int done;
};

struct pool {
    struct gen *g;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct slot slots[RING];
    int64_t next, nchunks;
    int64_t drained;            /* chunks flushed to the files */
    int failed;                 /* stop everything */
    struct niche_error err;     /* the first worker error */
    struct niche_synth_result res;
};

/* Claim the next chunk and a free slot for it; -1 when all are claimed. */
static int64_t claim(struct pool *p, struct slot **out)
{
    int64_t c;

    pthread_mutex_lock(&p->mu);
    c = p->next < p->nchunks && !p->failed ? p->next++ : -1;
    while (c >= 0 && c >= p->drained + RING && !p->failed)
        pthread_cond_wait(&p->cv, &p->mu);
    if (c >= 0 && !p->failed) {
        p->slots[c % RING].index = c;
        *out = &p->slots[c % RING];
    } else {
        c = -1;
    }
    pthread_mutex_unlock(&p->mu);
    return c;
}

static void *worker(void *arg)
{
    struct pool *p = arg;
    struct niche_error err = NICHE_ERROR_INIT;
    struct slot *s;
    struct work w;
    int64_t c;
    int rc = 0;

    memset(&w, 0, sizeof(w));
    w.g = p->g;
    while (rc == 0 && (c = claim(p, &s)) >= 0) {
        int64_t from = c * CHUNK, to = from + CHUNK < p->g->n ? from + CHUNK : p->g->n;

        w.sink = s->chunk;
        rc = emit_range(&w, from, to, &err);
        pthread_mutex_lock(&p->mu);
        if (rc < 0 && !p->failed) {
            p->failed = 1;
            p->err = err;
        }
        s->done = 1;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    pthread_mutex_lock(&p->mu);
    add_result(&p->res, &w.res);
    pthread_mutex_unlock(&p->mu);
    work_release(&w);
    return NULL;
}

/* The calling thread: append chunks in order as they finish. */
static int drain(struct pool *p, struct niche_error *err)
{
    int64_t c;
    int rc = 0;

    for (c = 0; c < p->nchunks && rc == 0; c++) {
        struct slot *s = &p->slots[c % RING];

        pthread_mutex_lock(&p->mu);
        while (!(s->index == c && s->done) && !p->failed)
            pthread_cond_wait(&p->cv, &p->mu);
        rc = p->failed ? -1 : 0;
        pthread_mutex_unlock(&p->mu);
        if (rc == 0)
            rc = niche__synth_sink_chunk_flush(p->g->sink, s->chunk, err);
        if (rc == 0)
            rc = progress(p->g, c + 1 < p->nchunks ? (c + 1) * CHUNK : p->g->n, err);
        pthread_mutex_lock(&p->mu);
        if (rc < 0)
            p->failed = 1;
        s->index = -1;
        s->done = 0;
        p->drained = c + 1;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    return rc;
}

static int emit_parallel(struct gen *g, int nthreads, struct niche_error *err)
{
    pthread_t tid[8];
    struct pool p;
    int t, k, rc;

    memset(&p, 0, sizeof(p));
    p.g = g;
    p.nchunks = (g->n + CHUNK - 1) / CHUNK;
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    for (k = 0; k < RING; k++) {
        p.slots[k].index = -1;
        p.slots[k].chunk = niche__synth_sink_chunk(g->sink);
    }
    for (t = 0; t < nthreads && pthread_create(&tid[t], NULL, worker, &p) == 0; t++)
        ;
    rc = t ? drain(&p, err) : niche_error_set(err, NICHE_EIO, "cannot start threads");
    if (rc < 0 && p.err.code && err)
        *err = p.err;
    if (rc < 0) {
        pthread_mutex_lock(&p.mu);
        p.failed = 1;
        pthread_cond_broadcast(&p.cv);
        pthread_mutex_unlock(&p.mu);
    }
    while (t-- > 0)
        pthread_join(tid[t], NULL);
    for (k = 0; k < RING; k++)
        niche__synth_sink_chunk_free(p.slots[k].chunk);
    add_result(g->res, &p.res);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    return rc < 0 ? (err && err->code ? err->code : NICHE_EIO) : 0;
}

static int emit_all(struct gen *g, struct niche_error *err)
{
    long cpus = g->o->threads > 0 ? g->o->threads : sysconf(_SC_NPROCESSORS_ONLN);
    int nthreads = cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus;
    int rc = emit_accounts(g, err);

    if (rc < 0)
        return rc;
    /* A store takes one writer; files take every core. */
    if (g->o->out_dir && nthreads > 1 && g->n > CHUNK)
        return emit_parallel(g, nthreads, err);
    return emit_sequential(g, err);
}

static int check_opts(const struct niche_synth_opts *o, struct gen *g, struct niche_error *err)
{
    unsigned set = o->platforms ? o->platforms : SYNTH_PLATFORMS;
    int p;

    if (o->accounts < 1 || o->accounts > 100000000)
        return niche_error_set(err, NICHE_EINVAL, "accounts must be 1 to 100000000");
    if (!(o->audience_ratio >= 0.1 && o->audience_ratio <= 100))
        return niche_error_set(err, NICHE_EINVAL, "audience ratio must be 0.1 to 100");
    if (o->threads < 0 || o->threads > 8)
        return niche_error_set(err, NICHE_EINVAL, "threads must be 0 (one per core) to 8");
    for (p = 1; p < NICHE_PLATFORM__COUNT; p++)
        if (set & (1u << p)) {
            g->slot_of[p] = g->nplats;
            g->plats[g->nplats++] = (enum niche_platform)p;
        }
    if (!g->nplats || (set & ~SYNTH_PLATFORMS))
        return niche_error_set(err, NICHE_EINVAL,
                               "synth models instagram, tiktok, youtube and x only");
    g->n = o->accounts;
    g->m = (int64_t)ceil((double)o->accounts * o->audience_ratio);
    if (g->n + g->m > INT32_MAX)
        return niche_error_set(err, NICHE_EINVAL, "world too large (over 2^31 accounts)");
    return 0;
}

static void gen_release(struct gen *g)
{
    free(g->acc);
    free(g->aud);
    free(g->bucket_start);
    free(g->bucket);
    free(g->role_start);
    free(g->role_list);
    free(g->pod_start);
    free(g->pod_members);
}

static void summarise(struct gen *g, struct niche_synth_result *res)
{
    int64_t i;

    res->creators = g->ncreators;
    res->creator_accounts = g->n;
    res->audience_accounts = g->m;
    for (i = 0; i < g->n; i++) {
        res->bought_accounts += g->acc[i].bought > 0;
        res->pod_accounts += g->acc[i].pod > 0;
        res->creator_tiers[niche_tier_of(NULL, g->acc[i].followers)]++;
    }
}

int niche_synth_run(struct niche_store *st, const struct niche_synth_opts *o,
                    struct niche_synth_result *out, struct niche_error *err)
{
    struct niche_synth_result res;
    struct gen g;
    int rc;

    memset(&g, 0, sizeof(g));
    memset(&res, 0, sizeof(res));
    g.o = o;
    g.seed = o->seed;
    g.res = &res;
    if ((rc = check_opts(o, &g, err)) < 0)
        return rc;
    /* The sink first: opening the files removes an old world.json before
     * anything else can fail or be killed. */
    rc = o->out_dir ? niche__synth_sink_files(o->out_dir, g.n + g.m, o, &g.sink, err)
                    : niche__synth_sink_store(st, g.n + g.m, &g.sink, err);
    if (rc == 0) {
        g.acc = niche_xcalloc((size_t)g.n, sizeof(*g.acc));
        g.aud = niche_xcalloc((size_t)g.m + 1, sizeof(*g.aud));
        layout_creators(&g);
        layout_audience(&g);
        build_buckets(&g);
        layout_pods(&g);
        g.sink->gen = &g;
        g.sink->handle_of = account_handle;
        g.sink->platform_of = account_platform;
        summarise(&g, &res);
        rc = emit_all(&g, err);
        rc = g.sink->ops->finish(g.sink, rc == 0, rc == 0 ? err : NULL) < 0 && rc == 0
           ? (err ? err->code : NICHE_EIO) : rc;
    }
    gen_release(&g);
    if (rc == 0 && out)
        *out = res;
    return rc;
}

int niche_synth_platforms(const char *list, unsigned *out)
{
    const char *p = list, *comma;
    enum niche_platform pl;

    *out = 0;
    while (*p) {
        comma = strchr(p, ',');
        pl = niche_platform_parse(p, comma ? (size_t)(comma - p) : strlen(p));
        if (!(SYNTH_PLATFORMS & (1u << pl)))
            return -1;
        *out |= 1u << pl;
        if (!comma)
            break;
        p = comma + 1;
    }
    return *out ? 0 : -1;
}
