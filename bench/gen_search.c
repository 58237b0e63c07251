/*
 * gen_search.c - the world of the discovery benchmark (bench/search.sh).
 *
 *   gen_search [--accounts N] [--seed S] [--quiet] DB
 *
 * Creates DB with libniche (niche_store_open, so that every schema
 * migration runs, as `niche init` does), then writes N creator accounts of
 * workspace 1 and what `niche analyze` would have stored about them, with
 * the sqlite3 API directly: one transaction, prepared statements, rows in
 * primary-key order. A world of 10M accounts is about 200M rows.
 *
 *   account         every account: platform, handle, name, followers,
 *                   following, posts, bio, country, language, verified
 *   analysis_run    one finished run (scheme later-fohr, USD)
 *   account_metric  90% of accounts: tier, rates, percentile, AQS, fake
 *                   share, growth, activity, estimated price
 *   account_niche   1-3 labels of the 20 niches of topics.h, scores <= 1
 *   audience_share  country (2-4 keys), age (6 bands), gender
 *   account_brand   10% of accounts: 1-3 brands of a pool of 200
 *   account_tag     3-10 hashtags per analysed account
 *
 * The distributions follow lib/synth.c (docs/synth.md) where it has one:
 * platforms a quarter each, log10 followers ~ N(4.0, 0.93) (half nano,
 * a third micro), synth's country weights and languages, engagement that
 * falls with size (per-platform power laws fitted to synth's measured
 * medians by tier), 8% of accounts over 1k with bought followers (a high
 * fake share, lower engagement and AQS). What synth does not generate
 * (the six niches past its fourteen, prices, brands worked with, hashtags
 * per account, a sixth age band) is our assumption, stated where drawn.
 *
 * Every account draws from its own random stream seeded by (seed, id), so
 * a world of N accounts starts with the same accounts as any larger one.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sqlite3.h>
#include "niche/analyze.h"
#include "niche/model.h"
#include "niche/store.h"
#include "niche/tier.h"
#include "niche/topics.h"
#include "rng.h"
#include "banned.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))
#define AS_OF_MS INT64_C(1793491200000)   /* 2026-11-01T00:00:00Z, synth's world end */
#define DAY_MS INT64_C(86400000)
#define NNICHES NICHE_TOPIC__COUNT
#define NCOUNTRIES 11
#define NAGES 6
#define NBRANDS 200
#define BRANDS_PER_NICHE 10

/* ---- random streams (xoshiro256** seeded by splitmix64, as lib/synth.c) -- */

static void rng_seed(struct rng *r, uint64_t seed, uint64_t idx)
{
    rng_seed_mix(r, seed ^ (idx * UINT64_C(0x9e3779b97f4a7c15)) ^ UINT64_C(0x5eac4));
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* Rounded down to 4 decimals, as synth writes shares: sums never pass 1. */
static double floor4(double x)
{
    return floor(x * 10000.0) / 10000.0;
}

/* ---- vocabulary ----------------------------------------------------------- */

/* Per niche, in enum niche_topic order. The first fourteen take synth's
 * words, tags, bios and audience priors; the last six are our assumption.
 * Ages: 13-17, 18-24, 25-34, 35-44, 45-54, 55+ (synth's 45+ split 0.65 /
 * 0.35). The brand stem makes the niche's ten brands (brand_name()). */
struct vocab {
    const char *tags[8];
    const char *words[8];
    const char *bio;
    const char *brand_stem;
    double female;
    double ages[NAGES];
};

static const struct vocab vocab[NNICHES] = {
    { { "beauty", "makeup", "skincare", "glowup", "mua", "selfcare", "skincareroutine", "nails" },
      { "serum", "glow", "routine", "lipstick", "foundation", "skin", "palette", "lashes" },
      "Makeup artist and skincare nerd", "glow", 0.86, { .08, .38, .32, .14, .052, .028 } },
    { { "fashion", "ootd", "style", "streetstyle", "outfit", "lookbook", "thrifted", "vintage" },
      { "outfit", "vintage", "denim", "sneakers", "thrift", "look", "tailoring", "linen" },
      "Everyday style, thrifted and new", "thread", 0.74, { .07, .36, .34, .15, .052, .028 } },
    { { "fitness", "workout", "gym", "fitfam", "running", "strength", "marathon", "yoga" },
      { "squat", "run", "workout", "protein", "mobility", "reps", "marathon", "hiit" },
      "Coach. Strength, running, recovery", "iron", 0.48, { .04, .33, .38, .17, .052, .028 } },
    { { "food", "foodie", "recipe", "homecooking", "vegan", "baking", "plantbased", "brunch" },
      { "recipe", "pasta", "sourdough", "brunch", "spicy", "vegan", "bake", "noodles" },
      "Recipes that work on a weeknight", "pan", 0.62, { .03, .24, .34, .22, .11, .06 } },
    { { "travel", "wanderlust", "travelgram", "roadtrip", "backpacking", "explore", "vanlife",
        "beach" },
      { "beach", "mountains", "hostel", "flight", "itinerary", "sunset", "island", "train" },
      "Slow travel on a budget", "roam", 0.57, { .02, .28, .38, .19, .085, .045 } },
    { { "family", "momlife", "parenting", "dadlife", "toddler", "kids", "motherhood", "baby" },
      { "toddler", "bedtime", "school", "baby", "weekend", "naps", "lunchbox", "playground" },
      "Parent of three, honest about it", "tiny", 0.80, { .01, .12, .46, .30, .072, .038 } },
    { { "pets", "dogsofinstagram", "catlife", "puppy", "petcare", "rescue", "dogmom", "cats" },
      { "puppy", "walk", "treats", "kitten", "vet", "leash", "adoption", "fetch" },
      "Two rescue dogs and a cat in charge", "wag", 0.68, { .05, .27, .33, .19, .10, .06 } },
    { { "home", "interiordesign", "homedecor", "diy", "plants", "renovation", "cozyhome",
        "gardening" },
      { "paint", "shelf", "plants", "renovation", "lamp", "kitchen", "tiles", "cozy" },
      "Renovating a 1930s house, slowly", "nest", 0.71, { .02, .17, .39, .25, .11, .06 } },
    { { "gaming", "gamer", "twitch", "esports", "streamer", "retrogaming", "speedrun", "pcgaming" },
      { "stream", "ranked", "speedrun", "controller", "patch", "boss", "clutch", "loot" },
      "Streams most nights, speedruns sometimes", "pixel", 0.22, { .18, .44, .26, .09, .02, .01 } },
    { { "tech", "gadgets", "coding", "smartphone", "setup", "ai", "techreview", "developer" },
      { "review", "laptop", "unboxing", "battery", "keyboard", "chip", "update", "camera" },
      "Honest gadget reviews", "volt", 0.27, { .07, .34, .34, .16, .059, .031 } },
    { { "music", "newmusic", "singer", "guitar", "producer", "livemusic", "songwriter", "piano" },
      { "single", "studio", "tour", "chorus", "beat", "acoustic", "setlist", "demo" },
      "Songwriter. New single out now", "sound", 0.55, { .12, .41, .28, .12, .045, .025 } },
    { { "sports", "football", "basketball", "matchday", "athlete", "training", "soccer",
        "tennis" },
      { "match", "goal", "training", "season", "derby", "assist", "league", "final" },
      "Athlete. Matchday to recovery day", "kick", 0.30, { .10, .35, .30, .15, .065, .035 } },
    { { "finance", "investing", "personalfinance", "budget", "money", "stocks", "crypto",
        "frugal" },
      { "budget", "savings", "index", "debt", "dividend", "portfolio", "taxes", "retire" },
      "Plain money advice, no hype", "coin", 0.38, { .01, .22, .40, .23, .09, .05 } },
    { { "education", "studytips", "learning", "teacher", "science", "languages", "studygram",
        "history" },
      { "lesson", "exam", "notes", "history", "physics", "grammar", "revision", "lecture" },
      "Teacher explaining things in 60 seconds", "bright", 0.58, { .22, .38, .22, .11, .045, .025 } },
    { { "art", "artist", "illustration", "painting", "drawing", "sketchbook", "watercolor",
        "digitalart" },
      { "canvas", "sketch", "paint", "ink", "mural", "gallery", "portrait", "studio" },
      "Illustrator. Commissions open", "canvas", 0.63, { .09, .35, .31, .14, .07, .04 } },
    { { "photography", "photooftheday", "portrait", "streetphotography", "filmphotography",
        "landscape", "camera", "goldenhour" },
      { "lens", "film", "portrait", "shoot", "light", "frame", "editing", "camera" },
      "Photographer chasing light", "lens", 0.45, { .05, .31, .34, .17, .08, .05 } },
    { { "automotive", "cars", "carsofinstagram", "jdm", "carlifestyle", "motorsport", "classiccar",
        "ev" },
      { "engine", "drift", "garage", "restoration", "turbo", "track", "detailing", "wheels" },
      "Cars, garage days and track days", "torque", 0.12, { .06, .30, .32, .18, .09, .05 } },
    { { "comedy", "funny", "memes", "sketch", "standup", "lol", "humor", "skits" },
      { "sketch", "prank", "standup", "parody", "meme", "skit", "joke", "bit" },
      "Making bad jokes on purpose", "giggle", 0.44, { .15, .43, .26, .10, .04, .02 } },
    { { "business", "entrepreneur", "startup", "marketing", "smallbusiness", "leadership",
        "sidehustle", "productivity" },
      { "startup", "founder", "growth", "sales", "brand", "strategy", "hiring", "pitch" },
      "Founder writing about building a company", "venture", 0.36,
      { .01, .19, .40, .25, .10, .05 } },
    { { "health", "wellness", "mentalhealth", "nutrition", "healthyliving", "mindfulness",
        "sleep", "selfcare" },
      { "sleep", "nutrition", "stress", "habits", "mindful", "doctor", "therapy", "vitamins" },
      "Nurse sharing evidence-based health tips", "vital", 0.70,
      { .03, .22, .33, .21, .13, .08 } },
};

static const char *const brand_suffix[BRANDS_PER_NICHE] = {
    "lab", "co", "works", "house", "hub", "box", "ly", "wave", "line", "field"
};

/* Tags that any niche uses. */
static const char *const generic_tags[] = {
    "instagood", "photooftheday", "reels", "fyp", "viral", "explore", "trending", "love",
};
static const char *const fillers[] = {
    "DM for collabs", "links below", "she/her", "he/him", "new video every Sunday",
    "based in", "daily tips", "\xe2\x9c\xa8", "\xf0\x9f\x93\x8d", "no gatekeeping",
};

/* synth's countries and languages (lib/synth.c). */
static const char *const country_code[NCOUNTRIES] = {
    "US", "BR", "IN", "GB", "DE", "FR", "ES", "MX", "IT", "ID", "EE"
};
static const char *const country_lang[NCOUNTRIES] = {
    "en", "pt", "en", "en", "de", "fr", "es", "es", "it", "id", "et"
};
static const double country_weight[NCOUNTRIES] = {
    0.30, 0.10, 0.10, 0.08, 0.07, 0.07, 0.06, 0.06, 0.05, 0.06, 0.05
};
static const char *const age_key[NAGES] = { "13-17", "18-24", "25-34", "35-44", "45-54",
                                            "55+" };

static const char *const first_names[32] = {
    "maria", "luca", "ana", "noah", "emma", "liam", "sofia", "mateo", "mia", "leo",
    "zoe", "arjun", "lena", "yuki", "chloe", "omar", "ines", "hugo", "nora", "kai",
    "lara", "theo", "ava", "rafa", "elif", "jonas", "sara", "ravi", "julia", "tomas",
    "priya", "felix"
};

static const enum niche_platform platforms[4] = {
    NICHE_PLATFORM_INSTAGRAM, NICHE_PLATFORM_TIKTOK, NICHE_PLATFORM_YOUTUBE, NICHE_PLATFORM_X
};

/* Engagement per follower by platform: er = a (F / 10^4)^-b, fitted to
 * synth's measured medians by tier (docs/synth.md section 5); views-based
 * for the video platforms the same way; CPM from the default price table. */
static const double er_a[4] = { 0.034, 0.085, 0.008, 0.0055 };
static const double er_b[4] = { 0.23, 0.33, 0.25, 0.16 };
static const double erv_a[4] = { 0, 0.055, 0.031, 0 };
static const double erv_b[4] = { 0, 0.17, 0.09, 0 };
static const double cpm[4] = { 20, 5, 25, 8 };

/* ---- one account --------------------------------------------------------- */

struct acct {
    int64_t id;
    int plat;                       /* index into platforms[] */
    int country, lang_en;           /* index into country_code[]; 1: speaks English */
    int nniche, niche[3];
    double score[3];
    int64_t followers, following, posts;
    int verified, analysed, bought;
    double z;                       /* the account's engagement factor, N(0, 1) */
    double fake;
};

static void draw_niches(struct acct *a, struct rng *r)
{
    double u = rng_unif(r);
    int k;

    a->nniche = u < 0.03 ? 0 : u < 0.55 ? 1 : u < 0.88 ? 2 : 3;
    a->niche[0] = rng_below(r, NNICHES);
    for (k = 1; k < a->nniche; k++) {
        do
            a->niche[k] = rng_below(r, NNICHES);
        while (a->niche[k] == a->niche[0] || (k == 2 && a->niche[k] == a->niche[1]));
    }
    /* Labels need a share of at least 0.2 (NICHE_TOPIC_MIN_SHARE). */
    if (a->nniche == 1) {
        a->score[0] = 0.6 + 0.4 * rng_unif(r);
    } else if (a->nniche == 2) {
        a->score[0] = 0.5 + 0.3 * rng_unif(r);
        a->score[1] = 0.2 + (fmin(a->score[0], 1.0 - a->score[0]) - 0.2) * rng_unif(r);
    } else if (a->nniche == 3) {
        a->score[0] = 0.34 + 0.2 * rng_unif(r);
        a->score[1] = 0.2 + (fmin(a->score[0], 0.8 - a->score[0]) - 0.2) * rng_unif(r);
        a->score[2] = 0.2 + (fmin(a->score[1], 1.0 - a->score[0] - a->score[1]) - 0.2) * rng_unif(r);
    }
    for (k = 0; k < a->nniche; k++)
        a->score[k] = floor4(a->score[k]);
}

static void draw_account(struct acct *a, int64_t id, uint64_t seed, struct rng *r)
{
    double logf;

    memset(a, 0, sizeof(*a));
    a->id = id;
    rng_seed(r, seed, (uint64_t)id);
    a->plat = rng_below(r, 4);
    a->country = rng_pick(r, country_weight, NCOUNTRIES);
    a->lang_en = rng_unif(r) < 0.12;    /* assumption: some post in English anyway */
    logf = clamp(4.0 + 0.93 * rng_normal(r), 1.5, 8.7);
    a->followers = llround(pow(10.0, logf));
    a->following = llround(rng_lognormal(r, 6.0, 0.6));
    a->posts = 60 + llround(rng_lognormal(r, 5.5, 0.8));
    a->verified = rng_unif(r) < (a->followers >= 1000000 ? 0.7 : a->followers >= 100000 ? 0.3
                                                                                     : 0.02);
    a->z = rng_normal(r);
    a->bought = a->followers >= 1000 && rng_unif(r) < 0.08;
    a->analysed = rng_unif(r) < 0.90;
    draw_niches(a, r);
}

static const char *language_of(const struct acct *a)
{
    return a->lang_en ? "en" : country_lang[a->country];
}

/* ---- text --------------------------------------------------------------- */

struct text {
    char buf[512];
    size_t len;
};

static void text_add(struct text *t, const char *s)
{
    size_t n = strlen(s);

    if (t->len + n >= sizeof(t->buf))
        n = sizeof(t->buf) - 1 - t->len;
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

/* "maria.serum1234": unique by the id, lowercase like stored handles. */
static void make_handle(const struct acct *a, struct rng *r, struct text *h, struct text *name)
{
    const char *first = first_names[rng_below(r, 32)];
    const char *word = vocab[a->niche[0]].words[rng_below(r, 8)];
    char num[24];

    h->len = 0;
    text_add(h, first);
    text_add(h, rng_below(r, 2) ? "." : "_");
    text_add(h, word);
    snprintf(num, sizeof(num), "%lld", (long long)a->id);
    text_add(h, num);
    name->len = 0;
    text_add(name, first);
    name->buf[0] = (char)(name->buf[0] - 'a' + 'A');
    text_add(name, " ");
    text_add(name, word);
}

/* A few words: maybe the niche's bio line, 2-5 niche words (mostly of the
 * first niche), maybe a filler and the country. */
static void make_bio(const struct acct *a, struct rng *r, struct text *b)
{
    int k, n = 2 + rng_below(r, 4);

    b->len = 0;
    if (a->nniche > 0 && rng_unif(r) < 0.4) {
        text_add(b, vocab[a->niche[0]].bio);
        text_add(b, ". ");
    }
    for (k = 0; k < n; k++) {
        int ni = a->nniche > 1 && rng_unif(r) < 0.3 ? a->niche[1 + rng_below(r, a->nniche - 1)]
                 : a->nniche > 0                ? a->niche[0]
                                                : rng_below(r, NNICHES);

        if (k)
            text_add(b, ", ");
        text_add(b, vocab[ni].words[rng_below(r, 8)]);
    }
    if (rng_unif(r) < 0.5) {
        text_add(b, " | ");
        text_add(b, fillers[rng_below(r, (int)COUNT_OF(fillers))]);
        text_add(b, " ");
        text_add(b, country_code[a->country]);
    }
}

/* ---- the writer ---------------------------------------------------------- */

/*
 * Accounts and metrics go one row per statement. The child tables, several
 * rows per account, go BATCH rows per INSERT: one statement run instead of
 * BATCH halves the time SQLite spends outside the B-tree. Their strings
 * point to static storage (vocabulary, country codes, the brand pool), so
 * a row can wait in its table's buffer until the batch is written.
 */
#define BATCH 64

enum { S_ACCOUNT, S_METRIC, S_NICHE, S_SHARE, S_BRAND, S_TAG, S__COUNT };

struct row {
    int64_t id;
    const char *t1, *t2;
    double r;
    int i[4];
};

static void bind_niche(sqlite3_stmt *q, int b, const struct row *w)
{
    sqlite3_bind_int64(q, b, w->id);
    sqlite3_bind_text(q, b + 1, w->t1, -1, SQLITE_STATIC);
    sqlite3_bind_double(q, b + 2, w->r);
}

static void bind_share(sqlite3_stmt *q, int b, const struct row *w)
{
    sqlite3_bind_int64(q, b, w->id);
    sqlite3_bind_text(q, b + 1, w->t1, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, b + 2, w->t2, -1, SQLITE_STATIC);
    sqlite3_bind_double(q, b + 3, w->r);
}

static void bind_brand(sqlite3_stmt *q, int b, const struct row *w)
{
    int k;

    sqlite3_bind_int64(q, b, w->id);
    sqlite3_bind_text(q, b + 1, w->t1, -1, SQLITE_STATIC);
    for (k = 0; k < 4; k++)
        sqlite3_bind_int(q, b + 2 + k, w->i[k]);
}

static void bind_tag(sqlite3_stmt *q, int b, const struct row *w)
{
    sqlite3_bind_int64(q, b, w->id);
    sqlite3_bind_text(q, b + 1, w->t1, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, b + 2, w->i[0]);
}

struct table {
    const char *name;
    const char *cols;              /* the INSERT's column list */
    int ncols;
    void (*bind)(sqlite3_stmt *q, int base, const struct row *w);
    sqlite3_stmt *batch;           /* BATCH rows */
    struct row buf[BATCH];
    int n;
};

static struct table tables[S__COUNT] = {
    { "account", "account(id, workspace_id, platform, handle, name, followers, following,"
                 " posts, bio, country, language, verified, updated_ms)", 13, NULL, NULL,
      { { 0 } }, 0 },
    { "account_metric", "account_metric(account_id, run_id, tier, scheme, currency, followers,"
                        " as_of_ms, er_f_mean, er_f_median, er_v, er_f_mean_pct, aqs, fake,"
                        " growth_monthly, posts_per_week, interval_cv, last_post_ms, est_price)",
      18, NULL, NULL, { { 0 } }, 0 },
    { "account_niche", "account_niche(account_id, niche, score)", 3, bind_niche, NULL,
      { { 0 } }, 0 },
    { "audience_share", "audience_share(account_id, dimension, key, share)", 4, bind_share,
      NULL, { { 0 } }, 0 },
    { "account_brand", "account_brand(account_id, brand, posts, disclosed, ambiguous,"
                       " undisclosed)", 6, bind_brand, NULL, { { 0 } }, 0 },
    { "account_tag", "account_tag(account_id, tag, posts)", 3, bind_tag, NULL, { { 0 } }, 0 },
};

struct gen {
    sqlite3 *db;
    sqlite3_stmt *stmt[S__COUNT];  /* one row */
    int64_t rows[S__COUNT];
    int64_t workspace, run_id;
    uint64_t seed;
    const struct niche_tier_scheme *scheme;
    char brand[NBRANDS][24];
};

static int db_fail(struct gen *g, const char *what)
{
    fprintf(stderr, "gen_search: %s: %s\n", what, sqlite3_errmsg(g->db));
    return -1;
}

/* "INSERT INTO t(...) VALUES (?,?),(?,?)...", rows rows; caller frees. */
static char *insert_sql(const struct table *t, int rows)
{
    size_t cap = strlen(t->cols) + 32 + (size_t)rows * ((size_t)t->ncols * 2 + 3), len;
    char *sql = malloc(cap);
    int r, c;

    if (!sql)
        return NULL;
    len = (size_t)snprintf(sql, cap, "INSERT INTO %s VALUES ", t->cols);
    for (r = 0; r < rows; r++) {
        sql[len++] = r ? ',' : ' ';
        sql[len++] = '(';
        for (c = 0; c < t->ncols; c++) {
            sql[len++] = c ? ',' : '?';
            if (c)
                sql[len++] = '?';
        }
        sql[len++] = ')';
    }
    sql[len] = '\0';
    return sql;
}

static int prepare(struct gen *g, const struct table *t, int rows, sqlite3_stmt **out)
{
    char *sql = insert_sql(t, rows);
    int rc = sql ? sqlite3_prepare_v2(g->db, sql, -1, out, NULL) : SQLITE_NOMEM;

    free(sql);
    return rc == SQLITE_OK ? 0 : db_fail(g, t->name);
}

static int run(struct gen *g, sqlite3_stmt *q, int s, int rows)
{
    int rc = sqlite3_step(q);

    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return db_fail(g, tables[s].name);
    g->rows[s] += rows;
    return 0;
}

static int step(struct gen *g, int s)
{
    return run(g, g->stmt[s], s, 1);
}

/* Write the buffered rows of table s: a whole batch, or one by one. */
static int flush(struct gen *g, int s)
{
    struct table *t = &tables[s];
    int k, rc = 0;

    if (t->n == BATCH) {
        for (k = 0; k < BATCH; k++)
            t->bind(t->batch, 1 + k * t->ncols, &t->buf[k]);
        rc = run(g, t->batch, s, BATCH);
    } else {
        for (k = 0; k < t->n && rc == 0; k++) {
            t->bind(g->stmt[s], 1, &t->buf[k]);
            rc = step(g, s);
        }
    }
    t->n = 0;
    return rc;
}

/* The next row of child table s, to fill; NULL when a write failed. */
static struct row *add_row(struct gen *g, int s, int64_t id)
{
    struct table *t = &tables[s];

    if (t->n == BATCH && flush(g, s) < 0)
        return NULL;
    memset(&t->buf[t->n], 0, sizeof(t->buf[0]));
    t->buf[t->n].id = id;
    return &t->buf[t->n++];
}

/* Analysis results are stored at float precision (lib/store_sqlite.c), so
 * that the index's float columns hold exactly what SQL compares. */
static void bind_result(sqlite3_stmt *q, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(q, i);
    else
        sqlite3_bind_double(q, i, (double)(float)v);
}

static int put_account(struct gen *g, const struct acct *a, struct rng *r)
{
    sqlite3_stmt *q = g->stmt[S_ACCOUNT];
    struct text handle, name, bio;

    make_handle(a, r, &handle, &name);
    make_bio(a, r, &bio);
    sqlite3_bind_int64(q, 1, a->id);
    sqlite3_bind_int64(q, 2, g->workspace);
    sqlite3_bind_text(q, 3, niche_platform_name(platforms[a->plat]), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, handle.buf, (int)handle.len, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, name.buf, (int)name.len, SQLITE_STATIC);
    sqlite3_bind_int64(q, 6, a->followers);
    sqlite3_bind_int64(q, 7, a->following);
    sqlite3_bind_int64(q, 8, a->posts);
    sqlite3_bind_text(q, 9, bio.buf, (int)bio.len, SQLITE_STATIC);
    sqlite3_bind_text(q, 10, country_code[a->country], -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 11, language_of(a), -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 12, a->verified);
    sqlite3_bind_int64(q, 13, AS_OF_MS - rng_below(r, 30) * DAY_MS - rng_below(r, 86400000));
    return step(g, S_ACCOUNT);
}

/* ---- analysis results ---------------------------------------------------- */

/* What `niche analyze` would have found. Rates are ratios; unknown is NaN. */
struct metric {
    double er, er_median, er_v, pct, aqs, fake, growth, ppw, cv, price;
    int64_t last_post_ms;
};

/* The standard normal CDF: the percentile of the account's factor. */
static double phi(double z)
{
    return 0.5 * erfc(-z / 1.4142135623730951);
}

static double days_since_post(struct rng *r)
{
    double u = rng_unif(r);

    /* Assumption: most creators posted this week, a tail has gone quiet. */
    return u < 0.6 ? 7 * rng_unif(r) : u < 0.85 ? 7 + 23 * rng_unif(r) : 30 + 170 * rng_unif(r);
}

static void draw_rates(const struct acct *a, struct rng *r, struct metric *m)
{
    double f = (double)a->followers / 1e4, factor = exp(0.3 * a->z) * (a->bought ? 0.6 : 1);

    m->er = er_a[a->plat] * pow(f, -er_b[a->plat]) * factor;
    m->er_median = m->er * rng_lognormal(r, -0.05, 0.1);
    m->er_v = erv_a[a->plat] > 0 ? erv_a[a->plat] * pow(f, -erv_b[a->plat]) * factor
                                    * rng_lognormal(r, 0, 0.15)
                                  : NAN;
    m->pct = floor4(phi(a->z + 0.3 * rng_normal(r) - (a->bought ? 1.0 : 0.0)));
    if (rng_unif(r) < 0.03)             /* too few posts with visible likes */
        m->er = m->er_median = m->pct = NAN;
    else if (rng_unif(r) < 0.02)        /* no peers in its band */
        m->pct = NAN;
}

static void draw_metric(const struct acct *a, struct rng *r, struct metric *m)
{
    double reach;

    draw_rates(a, r, m);
    m->fake = a->bought ? 0.02 + 0.2 + 0.4 * rng_unif(r) : fmin(0.5, 0.01 + rng_lognormal(r, -3.5, 0.6));
    m->aqs = isnan(m->fake) ? NAN
                            : floor(10 * clamp(80 - 100 * m->fake + 12 * rng_normal(r)
                                               + 10 * ((isnan(m->pct) ? 0.5 : m->pct) - 0.5),
                                               1, 100)) / 10;
    m->growth = 0.017 * rng_lognormal(r, 0, 0.5) + 0.01 * rng_normal(r) + (a->bought ? 0.08 : 0);
    if (rng_unif(r) < 0.02)
        m->growth = NAN;
    m->ppw = floor(100 * rng_lognormal(r, log(1.5), 0.6)) / 100;
    m->cv = rng_lognormal(r, log(0.6), 0.4);
    m->last_post_ms = AS_OF_MS - (int64_t)(days_since_post(r) * (double)DAY_MS);
    reach = (double)a->followers * 0.25 * pow((double)a->followers / 1e4, -0.1);
    m->price = floor(100 * clamp(reach * cpm[a->plat] / 1000
                                 * (1 + 0.4 * ((isnan(m->pct) ? 0.5 : m->pct) - 0.5)),
                                 10, 10e6)) / 100;
}

static int put_metric(struct gen *g, const struct acct *a, struct rng *r)
{
    sqlite3_stmt *q = g->stmt[S_METRIC];
    struct metric m;

    draw_metric(a, r, &m);
    sqlite3_bind_int64(q, 1, a->id);
    sqlite3_bind_int64(q, 2, g->run_id);
    sqlite3_bind_text(q, 3, niche_tier_name(niche_tier_of(g->scheme, a->followers)), -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(q, 4, g->scheme->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, "USD", -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 6, a->followers);
    sqlite3_bind_int64(q, 7, AS_OF_MS);
    bind_result(q, 8, m.er);
    bind_result(q, 9, m.er_median);
    bind_result(q, 10, m.er_v);
    bind_result(q, 11, m.pct);
    bind_result(q, 12, m.aqs);
    bind_result(q, 13, m.fake);
    bind_result(q, 14, m.growth);
    bind_result(q, 15, m.ppw);
    bind_result(q, 16, m.cv);
    sqlite3_bind_int64(q, 17, m.last_post_ms);
    bind_result(q, 18, m.price);
    return step(g, S_METRIC);
}

/* Sort names (and their values) so that rows go in primary-key order. */
static void sort_names(const char **name, double *val, int n)
{
    int i, j;

    for (i = 1; i < n; i++)
        for (j = i; j > 0 && strcmp(name[j - 1], name[j]) > 0; j--) {
            const char *t = name[j];
            double v = val ? val[j] : 0;

            name[j] = name[j - 1];
            name[j - 1] = t;
            if (val) {
                val[j] = val[j - 1];
                val[j - 1] = v;
            }
        }
}

static int put_niches(struct gen *g, const struct acct *a)
{
    struct row *w;
    const char *name[3];
    double score[3];
    int k;

    for (k = 0; k < a->nniche; k++) {
        name[k] = niche_topic_name((enum niche_topic)a->niche[k]);
        score[k] = a->score[k];
    }
    sort_names(name, score, a->nniche);
    for (k = 0; k < a->nniche; k++) {
        if (!(w = add_row(g, S_NICHE, a->id)))
            return -1;
        w->t1 = name[k];
        w->r = score[k];
    }
    return 0;
}

static int put_share(struct gen *g, int64_t id, const char *dim, const char *key, double share)
{
    struct row *w = add_row(g, S_SHARE, id);

    if (!w)
        return -1;
    w->t1 = dim;
    w->t2 = key;
    w->r = share;
    return 0;
}

/* 2-4 countries: the account's own first (35-80%), then others by synth's
 * weights; what is left over is the long tail, not stored. */
static int put_countries(struct gen *g, const struct acct *a, struct rng *r)
{
    const char *key[4];
    double share[4], rest;
    int k, n = 2 + rng_below(r, 3), c;

    key[0] = country_code[a->country];
    share[0] = 0.35 + 0.45 * rng_unif(r);
    rest = (1.0 - share[0]) * (0.5 + 0.45 * rng_unif(r));
    for (k = 1; k < n; k++) {
        int again;

        do {
            c = rng_pick(r, country_weight, NCOUNTRIES);
            again = c == a->country;
            for (int j = 1; j < k; j++)
                again |= key[j] == country_code[c];
        } while (again);
        key[k] = country_code[c];
        share[k] = fmax(0.01, floor4(rest * (k == n - 1 ? 1.0 : 0.3 + 0.4 * rng_unif(r))));
        rest = fmax(0, rest - share[k]);
    }
    share[0] = floor4(share[0]);
    sort_names(key, share, n);
    for (k = 0; k < n; k++)
        if (put_share(g, a->id, "country", key[k], share[k]) < 0)
            return -1;
    return 0;
}

static int put_audience(struct gen *g, const struct acct *a, struct rng *r)
{
    const struct vocab *v = &vocab[a->nniche > 0 ? a->niche[0] : rng_below(r, NNICHES)];
    double age[NAGES], sum = 0, female;
    int k;

    for (k = 0; k < NAGES; k++)
        sum += (age[k] = v->ages[k] * rng_lognormal(r, 0, 0.25));
    for (k = 0; k < NAGES; k++)
        if (put_share(g, a->id, "age", age_key[k], floor4(age[k] / sum)) < 0)
            return -1;
    if (put_countries(g, a, r) < 0)
        return -1;
    female = floor4(clamp(v->female + 0.12 * rng_normal(r), 0.02, 0.98));
    return put_share(g, a->id, "gender", "female", female) < 0 ||
                   put_share(g, a->id, "gender", "male", floor4(1.0 - female)) < 0
               ? -1
               : 0;
}

/* A brand of the pool: 70% one of the first niche's ten, the popular ones
 * more often (weight 1 / (rank + 1)), else any. */
static int draw_brand(const struct acct *a, struct rng *r)
{
    static const double w[BRANDS_PER_NICHE] = { .34, .17, .11, .085, .068,
                                                .057, .049, .043, .038, .04 };

    if (a->nniche > 0 && rng_unif(r) < 0.7)
        return a->niche[0] * BRANDS_PER_NICHE + rng_pick(r, w, BRANDS_PER_NICHE);
    return rng_below(r, NBRANDS);
}

static int put_brands(struct gen *g, const struct acct *a, struct rng *r)
{
    struct row *w;
    const char *name[3];
    int k, n = 1 + (rng_unif(r) < 0.35) + (rng_unif(r) < 0.15);

    for (k = 0; k < n; k++) {
        int again;

        do {
            name[k] = g->brand[draw_brand(a, r)];
            again = 0;
            for (int j = 0; j < k; j++)
                again |= name[j] == name[k];
        } while (again);
    }
    sort_names(name, NULL, n);
    for (k = 0; k < n; k++) {
        int posts = 1 + rng_below(r, 8), disclosed = rng_below(r, posts + 1),
            ambiguous = rng_below(r, posts - disclosed + 1);

        if (!(w = add_row(g, S_BRAND, a->id)))
            return -1;
        w->t1 = name[k];
        w->i[0] = posts;
        w->i[1] = disclosed;
        w->i[2] = ambiguous;
        w->i[3] = posts - disclosed - ambiguous;
    }
    return 0;
}

/* 3-10 distinct hashtags: the niches' own (first niche 70%), some generic. */
static int put_tags(struct gen *g, const struct acct *a, struct rng *r)
{
    struct row *w;
    const char *tag[10];
    int k, j, n = 3 + rng_below(r, 8);

    for (k = 0; k < n;) {
        double u = rng_unif(r);
        int ni = a->nniche == 0 ? rng_below(r, NNICHES)
                 : u < 0.7 || a->nniche == 1 ? a->niche[0]
                                            : a->niche[1 + rng_below(r, a->nniche - 1)];
        const char *t = rng_unif(r) < 0.12 ? generic_tags[rng_below(r, (int)COUNT_OF(generic_tags))]
                                       : vocab[ni].tags[rng_below(r, 8)];

        for (j = 0; j < k && strcmp(tag[j], t); j++)
            ;
        if (j == k)
            tag[k++] = t;
    }
    sort_names(tag, NULL, n);
    for (k = 0; k < n; k++) {
        if (!(w = add_row(g, S_TAG, a->id)))
            return -1;
        w->t1 = tag[k];
        w->i[0] = 1 + (int)rng_lognormal(r, 1.5, 0.8);
    }
    return 0;
}

static int put_one(struct gen *g, int64_t id)
{
    struct acct a;
    struct rng r;

    draw_account(&a, id, g->seed, &r);
    if (put_account(g, &a, &r) < 0)
        return -1;
    if (!a.analysed)
        return 0;
    if (put_metric(g, &a, &r) < 0 || put_niches(g, &a) < 0 || put_audience(g, &a, &r) < 0 ||
        put_tags(g, &a, &r) < 0)
        return -1;
    return rng_unif(&r) < 0.111 ? put_brands(g, &a, &r) : 0;   /* 10% of all accounts */
}

/* ---- the run ------------------------------------------------------------- */

static int exec(struct gen *g, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(g->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "gen_search: %s: %s\n", sql, msg ? msg : "?");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int put_run(struct gen *g, int64_t n, int64_t analysed)
{
    char sql[1024];

    snprintf(sql, sizeof(sql),
             "INSERT INTO analysis_run(workspace_id, version, scheme, as_of_ms, started_ms,"
             " finished_ms, accounts, analysed, currency, prices) VALUES (%lld, %d, '%s', %lld,"
             " %lld, %lld, %lld, %lld, 'USD', 'default (Wordontheblock, Untapper CPM bands)')",
             (long long)g->workspace, NICHE_ANALYSIS_VERSION, g->scheme->id,
             (long long)AS_OF_MS, (long long)AS_OF_MS, (long long)AS_OF_MS, (long long)n,
             (long long)analysed);
    if (exec(g, sql) < 0)
        return -1;
    g->run_id = sqlite3_last_insert_rowid(g->db);
    return 0;
}

/* Make the database with libniche, so that it is at this build's schema. */
static int create_store(const char *path, int64_t *workspace)
{
    struct niche_error err = NICHE_ERROR_INIT;
    struct niche_store *st = NULL;
    struct stat sb;

    if (stat(path, &sb) == 0) {
        fprintf(stderr, "gen_search: '%s' exists; remove it first\n", path);
        return -1;
    }
    if (niche_store_open(&st, path, NICHE_STORE_CREATE, &err) < 0) {
        fprintf(stderr, "gen_search: %s\n", err.msg);
        return -1;
    }
    *workspace = niche_store_workspace_id(st);
    niche_store_close(st);
    return 0;
}

/* Speed over safety: the world is rebuilt from its seed if a run dies. */
static int open_db(struct gen *g, const char *path)
{
    int s;

    /* One thread: no mutexes (they were 3% of the time). */
    if (sqlite3_open_v2(path, &g->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK)
        return db_fail(g, "opening the database");
    if (exec(g, "PRAGMA journal_mode=OFF") < 0 || exec(g, "PRAGMA synchronous=OFF") < 0 ||
        exec(g, "PRAGMA locking_mode=EXCLUSIVE") < 0 || exec(g, "PRAGMA foreign_keys=OFF") < 0 ||
        exec(g, "PRAGMA cache_size=-4000000") < 0 || exec(g, "PRAGMA temp_store=MEMORY") < 0)
        return -1;
    for (s = 0; s < S__COUNT; s++)
        if (prepare(g, &tables[s], 1, &g->stmt[s]) < 0 ||
            (tables[s].bind && prepare(g, &tables[s], BATCH, &tables[s].batch) < 0))
            return -1;
    return 0;
}

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int generate(struct gen *g, int64_t n, int quiet)
{
    double t0 = now_s();
    char sql[128];
    int64_t id;
    int s;

    if (exec(g, "BEGIN") < 0 || put_run(g, n, 0) < 0)
        return -1;
    for (id = 1; id <= n; id++) {
        if (put_one(g, id) < 0)
            return -1;
        if (!quiet && id % 1000000 == 0)
            fprintf(stderr, "gen_search: %lld accounts, %.0f s\n", (long long)id, now_s() - t0);
    }
    for (s = S_NICHE; s < S__COUNT; s++)
        if (flush(g, s) < 0)
            return -1;
    snprintf(sql, sizeof(sql), "UPDATE analysis_run SET analysed=%lld WHERE id=%lld",
             (long long)g->rows[S_METRIC], (long long)g->run_id);
    /* Leave the database in the store's journal mode. */
    return exec(g, sql) < 0 || exec(g, "COMMIT") < 0 || exec(g, "PRAGMA journal_mode=WAL") < 0
               ? -1
               : 0;
}

static void report(const struct gen *g, const char *path, double secs)
{
    struct stat sb;
    int64_t total = 1;
    int s;

    for (s = 0; s < S__COUNT; s++) {
        printf("%-15s %12lld rows\n", tables[s].name, (long long)g->rows[s]);
        total += g->rows[s];
    }
    printf("total           %12lld rows in %.1f s: %.0f rows/s\n", (long long)total, secs,
           (double)total / secs);
    if (stat(path, &sb) == 0)
        printf("database        %12.0f MB (%s)\n", (double)sb.st_size / 1e6, path);
}

static void gen_release(struct gen *g)
{
    int s;

    for (s = 0; s < S__COUNT; s++) {
        sqlite3_finalize(g->stmt[s]);
        sqlite3_finalize(tables[s].batch);
        g->stmt[s] = tables[s].batch = NULL;
    }
    sqlite3_close(g->db);
    g->db = NULL;
}

static int usage(void)
{
    fprintf(stderr, "usage: gen_search [--accounts N] [--seed S] [--quiet] DB\n");
    return 2;
}

int main(int argc, char **argv)
{
    struct gen g;
    int64_t n = 1000000;
    const char *path = NULL;
    int i, quiet = 0, rc = 1, s;
    double t0;

    memset(&g, 0, sizeof(g));
    g.seed = 42;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--accounts") && i + 1 < argc)
            n = strtoll(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            g.seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--quiet"))
            quiet = 1;
        else if (argv[i][0] != '-' && !path)
            path = argv[i];
        else
            return usage();
    }
    if (!path || n < 1 || n > INT64_C(1000000000))
        return usage();
    g.scheme = niche_tier_scheme_find(NULL);
    for (s = 0; s < NBRANDS; s++)
        snprintf(g.brand[s], sizeof(g.brand[s]), "%s%s",
                 vocab[s / BRANDS_PER_NICHE].brand_stem, brand_suffix[s % BRANDS_PER_NICHE]);
    t0 = now_s();
    if (create_store(path, &g.workspace) < 0 || open_db(&g, path) < 0 ||
        generate(&g, n, quiet) < 0)
        goto out;
    rc = 0;
out:
    gen_release(&g);   /* closed first, so that the size is the whole file */
    if (rc == 0)
        report(&g, path, now_s() - t0);
    return rc;
}
