/*
 * search_bench.c - the discovery benchmark's driver (bench/search.sh).
 *
 *   search_bench [--reps R] [--sql-reps R2] [--snapshot PATH] [--plans FILE]
 *                [--only N] [--no-build] [--no-sql] [--keep-sql] DB
 *
 * On a world of gen_search (or any analysed workspace "default"):
 *
 *  1. builds the index from the store (niche_index_build): wall time and
 *     peak RSS of the build; niche_index_stats: bytes per account and its
 *     parts;
 *  2. saves it (niche_index_save), frees it and loads the snapshot back
 *     (niche_index_load): the queries run on the loaded index, as the CLI
 *     would;
 *  3. runs 20 fixed queries (queries[] below) R times each on this thread
 *     after one warm-up run: median and p99 (nearest rank) per query;
 *  4. gives SQLite its best chance: creates the indexes these queries can
 *     use (sql_indexes[], timed) and the FTS5 table keywords need, runs
 *     ANALYZE, a 1 GiB page cache and memory-mapped reads; then runs the
 *     statement niche_search_sql() writes for each query, and the same with
 *     its correlated EXISTS written as IN (sql_in_form()), each prepared
 *     once and stepped through every row, R2 times: medians;
 *  5. checks that SQLite returns the index's page (ids in order) and, with
 *     a COUNT over the same statement without its LIMIT, the index's match
 *     count. Any difference is printed and makes the exit status 1;
 *  6. drops what it added for SQLite (indexes, FTS table, statistics), so
 *     that the database is again as niche made it: the statistics would
 *     change the plans of the store's own scans, and with them the next
 *     index build (--keep-sql keeps them, to rerun the SQL side sooner).
 *
 * --only N runs query N alone, --no-build loads an existing snapshot, and
 * --plans FILE writes every statement with its EXPLAIN QUERY PLAN.
 *
 * Exit status: 0 when every query agrees, 1 on a difference or an error,
 * 2 on a usage error.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sqlite3.h>
#include "niche/index.h"
#include "niche/model.h"
#include "niche/search.h"
#include "niche/store.h"
#include "niche/tier.h"
#include "banned.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))
#define MAXL 4

/* ---- the queries ---------------------------------------------------------- */

struct range {
    int used;
    enum niche_search_key key;
    double lo, hi;
};

struct aud {
    const char *dimension, *key;
    double min;
};

/* A query as data; spec_query() turns it into a struct niche_search_query.
 * Lists end at the first NULL; 0 is "no bound" for followers and limit 50. */
struct spec {
    const char *name;
    unsigned platforms, tiers;
    int64_t fmin, fmax;
    struct range range[3];
    int active_days;
    int verified;                  /* 0 any, 1 yes */
    const char *niches[MAXL], *countries[MAXL], *languages[MAXL];
    struct aud audience[MAXL];
    struct aud targets[MAXL];      /* brand fit's audience targets */
    double budget;                 /* brand fit's price per post; 0 none */
    const char *keywords[MAXL], *hashtags[MAXL], *worked[MAXL], *not_worked[MAXL];
    enum niche_search_key sort;
    int ascending;
};

#define P(x) (1u << NICHE_PLATFORM_##x)
#define T(x) (1u << NICHE_TIER_##x)
#define R(k, lo, hi) { 1, NICHE_KEY_##k, lo, hi }

/* Typical discovery queries, broad and narrow, over gen_search's world:
 * the words, tags, brands and countries are ones it draws. */
static const struct spec queries[] = {
    { .name = "ig fitness 10k-100k by ER", .platforms = P(INSTAGRAM), .fmin = 10000,
      .fmax = 100000, .niches = { "fitness" }, .sort = NICHE_KEY_ER },
    { .name = "tt gaming 1k-10k, age 18-24>=40%, by ER_V", .platforms = P(TIKTOK),
      .fmin = 1000, .fmax = 10000, .niches = { "gaming" },
      .audience = { { "age", "18-24", 0.40 } }, .sort = NICHE_KEY_ER_V },
    { .name = "country US, audience US>=30%, by followers", .countries = { "US" },
      .audience = { { "country", "US", 0.30 } }, .sort = NICHE_KEY_FOLLOWERS },
    { .name = "lang pt, audience BR>=50%, by AQS", .languages = { "pt" },
      .audience = { { "country", "BR", 0.50 } }, .sort = NICHE_KEY_AQS },
    { .name = "bio 'vegan' by ER", .keywords = { "vegan" }, .sort = NICHE_KEY_ER },
    { .name = "bio 'marathon' 'coach' by followers", .keywords = { "marathon", "coach" },
      .sort = NICHE_KEY_FOLLOWERS },
    { .name = "#skincare by ER", .hashtags = { "skincare" }, .sort = NICHE_KEY_ER },
    { .name = "#travelgram #roadtrip in ES/MX by followers",
      .hashtags = { "travelgram", "roadtrip" }, .countries = { "ES", "MX" },
      .sort = NICHE_KEY_FOLLOWERS },
    { .name = "AQS>=60 fake<=0.15 by AQS", .range = { R(AQS, 60, NAN), R(FAKE, NAN, 0.15) },
      .sort = NICHE_KEY_AQS },
    { .name = "micro+mid by ER percentile", .tiers = T(MICRO) | T(MID),
      .sort = NICHE_KEY_ER_PCT },
    { .name = "price 100-1000 by price asc", .range = { R(PRICE, 100, 1000) },
      .sort = NICHE_KEY_PRICE, .ascending = 1 },
    { .name = "food, active 30 d, by posts/week", .niches = { "food" }, .active_days = 30,
      .sort = NICHE_KEY_POSTS_WEEK },
    { .name = "beauty, not worked with glowlab, by ER", .niches = { "beauty" },
      .not_worked = { "glowlab" }, .sort = NICHE_KEY_ER },
    { .name = "worked with glowlab by followers", .worked = { "glowlab" },
      .sort = NICHE_KEY_FOLLOWERS },
    { .name = "lang de by ER", .languages = { "de" }, .sort = NICHE_KEY_ER },
    { .name = "verified by followers", .verified = 1, .sort = NICHE_KEY_FOLLOWERS },
    { .name = "brand fit: beauty|fashion 5k-100k female>=70% US>=30% AQS>=60 fake<=.15"
              " active 30 d, by AQS",
      .niches = { "beauty", "fashion" }, .fmin = 5000, .fmax = 100000,
      .audience = { { "gender", "female", 0.70 }, { "country", "US", 0.30 } },
      .range = { R(AQS, 60, NAN), R(FAKE, NAN, 0.15) }, .active_days = 30,
      .sort = NICHE_KEY_AQS },
    { .name = "all instagram by followers", .platforms = P(INSTAGRAM),
      .sort = NICHE_KEY_FOLLOWERS },
    { .name = "everything by ER", .sort = NICHE_KEY_ER },
    { .name = "yt automotive IT growth>=2%/month by growth", .platforms = P(YOUTUBE),
      .niches = { "automotive" }, .countries = { "IT" }, .range = { R(GROWTH, 0.02, NAN) },
      .sort = NICHE_KEY_GROWTH },
};

#define NQUERIES ((int)COUNT_OF(queries))

/* Brand-fit ranks, timed on the index alone: SQLite has no form of fit to
 * compare with (docs/discovery.md, section 4). */
static const struct spec fit_queries[] = {
    { .name = "fit: beauty|fashion, aim female 70% US 30%, $500", .niches = { "beauty", "fashion" },
      .targets = { { "gender", "female", 0.70 }, { "country", "US", 0.30 } }, .budget = 500,
      .sort = NICHE_KEY_FIT },
    { .name = "fit: fitness micro+mid AQS>=50, aim US 40%, $300", .niches = { "fitness" },
      .tiers = T(MICRO) | T(MID), .range = { R(AQS, 50, NAN) },
      .targets = { { "country", "US", 0.40 } }, .budget = 300, .sort = NICHE_KEY_FIT },
    { .name = "fit: every account, aim age 18-24 30% BR 20%", .targets =
      { { "age", "18-24", 0.30 }, { "country", "BR", 0.20 } }, .sort = NICHE_KEY_FIT },
};

static int fill_list(const char **to, int *n, const char *const *from)
{
    for (*n = 0; *n < MAXL && from[*n]; (*n)++)
        to[*n] = from[*n];
    return *n;
}

static void spec_query(const struct spec *s, struct niche_search_query *q)
{
    int k;

    niche_search_query_init(q);
    q->platforms = s->platforms;
    q->tiers = s->tiers;
    if (s->fmin)
        q->lo[NICHE_KEY_FOLLOWERS] = (double)s->fmin;
    if (s->fmax)
        q->hi[NICHE_KEY_FOLLOWERS] = (double)s->fmax;
    for (k = 0; k < 3 && s->range[k].used; k++) {
        q->lo[s->range[k].key] = s->range[k].lo;
        q->hi[s->range[k].key] = s->range[k].hi;
    }
    q->active_days = s->active_days;
    q->verified = s->verified ? 1 : -1;
    fill_list(q->niches, &q->nniches, s->niches);
    fill_list(q->countries, &q->ncountries, s->countries);
    fill_list(q->languages, &q->nlanguages, s->languages);
    fill_list(q->keywords, &q->nkeywords, s->keywords);
    fill_list(q->hashtags, &q->nhashtags, s->hashtags);
    fill_list(q->worked_with, &q->nworked_with, s->worked);
    fill_list(q->not_worked_with, &q->nnot_worked_with, s->not_worked);
    for (k = 0; k < MAXL && s->audience[k].dimension; k++) {
        q->audience[k].dimension = s->audience[k].dimension;
        q->audience[k].key = s->audience[k].key;
        q->audience[k].min = s->audience[k].min;
    }
    q->naudience = k;
    for (k = 0; k < MAXL && s->targets[k].dimension; k++) {
        q->targets[k].dimension = s->targets[k].dimension;
        q->targets[k].key = s->targets[k].key;
        q->targets[k].min = s->targets[k].min;
    }
    q->ntargets = k;
    if (s->budget > 0)
        q->budget = s->budget;
    q->sort = s->sort;
    q->ascending = s->ascending;
    q->limit = 50;
}

/* ---- SQLite's best chance ------------------------------------------------- */

/* Indexes a DBA would add for these queries, besides the schema's own
 * (account(workspace_id, platform, followers), the tables' primary keys). */
static const char *const sql_indexes[] = {
    "CREATE INDEX IF NOT EXISTS bench_account_country ON account(country, platform)",
    "CREATE INDEX IF NOT EXISTS bench_account_language ON account(language)",
    "CREATE INDEX IF NOT EXISTS bench_account_verified ON account(verified)",
    "CREATE INDEX IF NOT EXISTS bench_metric_er ON account_metric(er_f_mean)",
    "CREATE INDEX IF NOT EXISTS bench_metric_er_v ON account_metric(er_v)",
    "CREATE INDEX IF NOT EXISTS bench_metric_pct ON account_metric(er_f_mean_pct)",
    "CREATE INDEX IF NOT EXISTS bench_metric_aqs ON account_metric(aqs)",
    "CREATE INDEX IF NOT EXISTS bench_metric_price ON account_metric(est_price)",
    "CREATE INDEX IF NOT EXISTS bench_metric_growth ON account_metric(growth_monthly)",
    "CREATE INDEX IF NOT EXISTS bench_metric_tier ON account_metric(tier)",
    "CREATE INDEX IF NOT EXISTS bench_metric_last_post ON account_metric(last_post_ms)",
    "CREATE INDEX IF NOT EXISTS bench_niche ON account_niche(niche, account_id)",
    "CREATE INDEX IF NOT EXISTS bench_tag ON account_tag(tag)",
    "CREATE INDEX IF NOT EXISTS bench_brand ON account_brand(brand)",
};

/* One more, bench_share: audience_share(dimension, key, E), where E is the
 * expression the audience filter compares (sql_share_index()). */
#define NSQL_INDEXES ((int)COUNT_OF(sql_indexes) + 1)

struct sql {
    sqlite3 *db;
    const struct niche_index *ix;   /* niche_search_sql() takes its workspace, as-of */
    FILE *plans;                    /* EXPLAIN QUERY PLAN of every statement, or NULL */
};

static int sql_exec(struct sql *s, const char *q)
{
    char *msg = NULL;

    if (sqlite3_exec(s->db, q, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "search_bench: %s: %s\n", q, msg ? msg : "?");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static double clock_s(clockid_t which)
{
    struct timespec ts;

    clock_gettime(which, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now_s(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

/* CPU seconds of the process: on a shared machine, steadier than wall. */
static double cpu_s(void)
{
    return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

/*
 * bench_share indexes the very expression niche_search_sql() compares
 * audience shares with (such as "CAST(round(x.share * 100) AS INTEGER)"),
 * read from the SQL of a probe query, so that the index still matches when
 * the index's precision changes; (dimension, key, share) if none is found.
 */
static int sql_share_index(struct sql *s)
{
    static const char start[] = "CAST(round(x.", end[] = "AS INTEGER)";
    struct niche_search_query q;
    struct niche_error err = NICHE_ERROR_INIT;
    char *text = NULL, sql[512];
    const char *a, *b;
    int rc;

    niche_search_query_init(&q);
    q.audience[0].dimension = "country";
    q.audience[0].key = "US";
    q.audience[0].min = 0.30;
    q.naudience = 1;
    if (niche_search_sql(s->ix, &q, &text, &err) < 0) {
        fprintf(stderr, "search_bench: niche_search_sql (probe): %s\n", err.msg);
        return -1;
    }
    a = strstr(text, start);
    b = a ? strstr(a, end) : NULL;
    if (a && b && b - a < 200) {
        a += sizeof(start) - 1;          /* "share * 100) AS INTEGER)" */
        b += sizeof(end) - 1;
        snprintf(sql, sizeof(sql), "CREATE INDEX IF NOT EXISTS bench_share ON"
                 " audience_share(dimension, key, CAST(round(%.*s)", (int)(b - a), a);
    } else {
        snprintf(sql, sizeof(sql), "CREATE INDEX IF NOT EXISTS bench_share ON"
                 " audience_share(dimension, key, share)");
    }
    free(text);
    if ((rc = sql_exec(s, sql)) == 0)
        printf("sqlite %s\n", strstr(sql, "bench_share"));
    return rc;
}

static int sql_missing_indexes(struct sql *s)
{
    sqlite3_stmt *q = NULL;
    int n = 0;

    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_schema WHERE type='index'"
                                  " AND name LIKE 'bench\\_%' ESCAPE '\\'",
                           -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return NSQL_INDEXES - n;
}

/* The full-text table that keywords need (niche_search_sql_fts()). */
static int sql_fts(struct sql *s)
{
    sqlite3_stmt *q = NULL;
    int have = 0;
    double t0;

    if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_schema WHERE name='account_fts'", -1,
                           &q, NULL) == SQLITE_OK)
        have = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_finalize(q);
    if (have) {
        printf("sqlite account_fts: kept from an earlier run\n");
        return 0;
    }
    t0 = now_s();
    if (sql_exec(s, niche_search_sql_fts()) < 0)
        return -1;
    printf("sqlite account_fts (FTS5 over bios): %.1f s\n", now_s() - t0);
    return 0;
}

static int sql_open(struct sql *s, const char *path, const struct niche_index *ix)
{
    size_t i;
    double t0;
    int missing;

    s->ix = ix;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        fprintf(stderr, "search_bench: %s: %s\n", path, sqlite3_errmsg(s->db));
        return -1;
    }
    if (sql_exec(s, "PRAGMA cache_size=-1048576") < 0 ||
        sql_exec(s, "PRAGMA mmap_size=68719476736") < 0 ||
        sql_exec(s, "PRAGMA temp_store=MEMORY") < 0)
        return -1;
    missing = sql_missing_indexes(s);
    t0 = now_s();
    for (i = 0; i < COUNT_OF(sql_indexes); i++)
        if (sql_exec(s, sql_indexes[i]) < 0)
            return -1;
    if (sql_share_index(s) < 0)
        return -1;
    printf("sqlite indexes: %d of %d created in %.1f s%s\n", missing, NSQL_INDEXES,
           now_s() - t0, missing ? "" : " (kept from an earlier run)");
    if (sql_fts(s) < 0)
        return -1;
    t0 = now_s();
    if (sql_exec(s, "ANALYZE") < 0)
        return -1;
    printf("sqlite ANALYZE: %.1f s\n", now_s() - t0);
    return 0;
}

/* Put the database back as niche made it: without the SQL side's indexes,
 * full-text table and statistics (the statistics change the plans of the
 * store's own scans, and so the index build time of the next run). */
static int sql_drop(struct sql *s)
{
    char sql[160];
    size_t i;
    double t0 = now_s();

    for (i = 0; i < COUNT_OF(sql_indexes); i++) {
        const char *name = strstr(sql_indexes[i], "bench_");

        snprintf(sql, sizeof(sql), "DROP INDEX IF EXISTS %.*s", (int)strcspn(name, " "), name);
        if (sql_exec(s, sql) < 0)
            return -1;
    }
    if (sql_exec(s, "DROP INDEX IF EXISTS bench_share") < 0 ||
        sql_exec(s, "DROP TABLE IF EXISTS account_fts") < 0 ||
        sql_exec(s, "DROP TABLE IF EXISTS sqlite_stat1") < 0 ||
        sql_exec(s, "PRAGMA wal_checkpoint(TRUNCATE)") < 0)
        return -1;
    printf("sqlite side dropped (indexes, account_fts, statistics) in %.1f s\n", now_s() - t0);
    return 0;
}

/* ---- measuring ---------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile p (0-100) of n sorted samples. */
static double pct_of(const double *sorted, int n, double p)
{
    int rank = (int)ceil(p / 100.0 * n);

    return sorted[rank < 1 ? 0 : rank > n ? n - 1 : rank - 1];
}

static double median_of(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Peak RSS since the last reset, and the reset (Linux: clear_refs 5). */
static long vm_kb(const char *field)
{
    char line[256];
    long kb = -1;
    size_t n = strlen(field);
    FILE *f = fopen("/proc/self/status", "r");

    while (f && fgets(line, sizeof(line), f))
        if (!strncmp(line, field, n))
            kb = strtol(line + n, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

static void reset_peak(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");

    if (f) {
        fputs("5", f);
        fclose(f);
    }
}

/* ---- one query ---------------------------------------------------------- */

struct outcome {
    int64_t matched, sql_matched;
    double ix_median, ix_p99, ix_cpu_median;
    double sql_median, sql_in_median;   /* niche_search_sql()'s statement; its IN form */
    double sql_count_s;
    int ok;
};

/* The rows of stmt: ids (the first cap of them kept) and how many. */
static int64_t sql_rows(sqlite3_stmt *q, int64_t *ids, int64_t cap, int *err)
{
    int64_t n = 0;
    int rc;

    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (n < cap)
            ids[n] = sqlite3_column_int64(q, 0);
        n++;
    }
    *err = rc != SQLITE_DONE;
    sqlite3_reset(q);
    return n;
}

static int sql_prepare(struct sql *s, const char *text, sqlite3_stmt **q)
{
    if (sqlite3_prepare_v2(s->db, text, -1, q, NULL) == SQLITE_OK)
        return 0;
    fprintf(stderr, "search_bench: preparing %s: %s\n", text, sqlite3_errmsg(s->db));
    return -1;
}

static void fail(struct outcome *o, const char *name, const char *what)
{
    fprintf(stderr, "search_bench: DIFFERENCE in '%s': %s\n", name, what);
    o->ok = 0;
}

/* The page of SQLite against the index's hits, id for id. */
static void compare_page(const struct niche_search_result *res, const int64_t *ids, int64_t n,
                         const char *name, struct outcome *o)
{
    char what[256];
    int64_t i;

    if (n != res->n) {
        snprintf(what, sizeof(what), "index page holds %lld hits, SQLite %lld rows",
                 (long long)res->n, (long long)n);
        fail(o, name, what);
    }
    for (i = 0; i < n && i < res->n; i++)
        if (ids[i] != res->hits[i].account_id) {
            snprintf(what, sizeof(what), "hit %lld: index account %lld (value %.17g),"
                     " SQLite account %lld", (long long)i, (long long)res->hits[i].account_id,
                     res->hits[i].value, (long long)ids[i]);
            fail(o, name, what);
            break;
        }
}

/* COUNT(*) of the query without its page bounds, timed once. */
static int sql_count(struct sql *s, const struct niche_search_query *q, struct outcome *o)
{
    struct niche_search_query all = *q;
    struct niche_error err = NICHE_ERROR_INIT;
    sqlite3_stmt *st = NULL;
    char *text = NULL, *wrapped = NULL;
    size_t len;
    double t0;
    int rc = -1;

    all.limit = -1;
    all.offset = 0;
    if (niche_search_sql(s->ix, &all, &text, &err) < 0) {
        fprintf(stderr, "search_bench: niche_search_sql (count): %s\n", err.msg);
        goto out;
    }
    len = strlen(text) + 64;
    if (!(wrapped = malloc(len)))
        goto out;
    snprintf(wrapped, len, "SELECT count(*) FROM (%s)", text);
    if (sql_prepare(s, wrapped, &st) < 0)
        goto out;
    t0 = now_s();
    if (sqlite3_step(st) == SQLITE_ROW) {
        o->sql_matched = sqlite3_column_int64(st, 0);
        rc = 0;
    }
    o->sql_count_s = now_s() - t0;
out:
    sqlite3_finalize(st);
    free(text);
    free(wrapped);
    return rc;
}

/*
 * The same statement with each correlated "EXISTS (SELECT 1 FROM t x WHERE
 * x.account_id = a.id AND ...)" written "a.id IN (SELECT x.account_id FROM
 * t x WHERE ...)" (NOT EXISTS as NOT IN; account_id is never NULL, so both
 * mean the same). SQLite runs a correlated EXISTS once per candidate row,
 * but can drive an IN list from an index on the label (bench_brand,
 * bench_tag...): a DBA would write it so. Caller frees.
 */
static char *sql_in_form(const char *text)
{
    static const char from[] = "EXISTS (SELECT 1 FROM ", corr[] = " x WHERE x.account_id = a.id AND ";
    size_t cap = strlen(text) * 2 + 64, len = 0;
    char *out = malloc(cap);
    const char *p = text, *e, *t;

    if (!out)
        return NULL;
    while ((e = strstr(p, from)) && (t = strstr(e + sizeof(from) - 1, corr))) {
        int neg = e - p >= 4 && !strncmp(e - 4, "NOT ", 4);
        size_t keep = (size_t)(e - p) - (neg ? 4 : 0);

        len += (size_t)snprintf(out + len, cap - len, "%.*sa.id %sIN (SELECT x.account_id FROM"
                                " %.*s x WHERE ", (int)keep, p, neg ? "NOT " : "",
                                (int)(t - (e + sizeof(from) - 1)), e + sizeof(from) - 1);
        p = t + sizeof(corr) - 1;
    }
    snprintf(out + len, cap - len, "%s", p);
    return out;
}

/* text stepped through every row reps times: the median into *median, the
 * page compared with the index's. */
static int sql_time(struct sql *s, const char *text, int reps,
                    const struct niche_search_result *res, const char *name, double *median,
                    struct outcome *o)
{
    sqlite3_stmt *st = NULL;
    int64_t ids[64], n = 0;
    double *t = calloc((size_t)reps, sizeof(double));
    int r, dberr = 0, rc = -1;

    if (!t || sql_prepare(s, text, &st) < 0)
        goto out;
    for (r = 0; r < reps && !dberr; r++) {
        double t0 = now_s();

        n = sql_rows(st, ids, (int64_t)COUNT_OF(ids), &dberr);
        t[r] = now_s() - t0;
    }
    if (dberr) {
        fprintf(stderr, "search_bench: stepping %s: %s\n", text, sqlite3_errmsg(s->db));
        goto out;
    }
    *median = median_of(t, reps);
    compare_page(res, ids, n, name, o);
    rc = 0;
out:
    sqlite3_finalize(st);
    free(t);
    return rc;
}

static void sql_plan(struct sql *s, const char *label, const char *text)
{
    sqlite3_stmt *st = NULL;
    size_t len = strlen(text) + 32;
    char *explain = malloc(len);

    if (!s->plans || !explain)
        goto out;
    snprintf(explain, len, "EXPLAIN QUERY PLAN %s", text);
    fprintf(s->plans, "-- %s\n%s;\n", label, text);
    if (sqlite3_prepare_v2(s->db, explain, -1, &st, NULL) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW)
            fprintf(s->plans, "--   %s\n", (const char *)sqlite3_column_text(st, 3));
    fprintf(s->plans, "\n");
out:
    sqlite3_finalize(st);
    free(explain);
}

/* Both SQL forms of q, timed and checked against the index's page. */
static int sql_both(struct sql *s, const struct niche_search_query *q, int reps,
                    const struct niche_search_result *res, const char *name, struct outcome *o)
{
    struct niche_error err = NICHE_ERROR_INIT;
    char *text = NULL, *in = NULL;
    int rc = -1;

    if (niche_search_sql(s->ix, q, &text, &err) < 0) {
        fprintf(stderr, "search_bench: niche_search_sql: %s\n", err.msg);
        goto out;
    }
    if (!(in = sql_in_form(text)))
        goto out;
    sql_plan(s, name, text);
    sql_plan(s, "the same, IN form", in);
    if (sql_time(s, text, reps, res, name, &o->sql_median, o) < 0 ||
        sql_time(s, in, reps, res, name, &o->sql_in_median, o) < 0)
        goto out;
    rc = 0;
out:
    free(text);
    free(in);
    return rc;
}

/* The index side: one warm-up run kept in *res, then reps timed runs into
 * t[] (wall), with the median of this thread's CPU time beside. */
static int ix_time(const struct niche_index *ix, const struct niche_search_query *q, int reps,
                   struct niche_search_result *res, double *t, struct outcome *o)
{
    struct niche_error err = NICHE_ERROR_INIT;
    double *cpu = calloc((size_t)reps, sizeof(double));
    int r, rc = -1;

    if (!cpu)
        return -1;
    if (niche_search(ix, q, res, &err) < 0)
        goto out;
    for (r = 0; r < reps; r++) {
        struct niche_search_result again = { 0, 0, NULL };
        double t0 = now_s(), c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);

        if (niche_search(ix, q, &again, &err) < 0)
            goto out;
        t[r] = now_s() - t0;
        cpu[r] = clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
        niche_search_result_free(&again);
    }
    qsort(t, (size_t)reps, sizeof(*t), cmp_double);
    o->matched = res->matched;
    o->ix_median = median_of(t, reps);
    o->ix_p99 = pct_of(t, reps, 99);
    o->ix_cpu_median = median_of(cpu, reps);
    rc = 0;
out:
    if (rc < 0)
        fprintf(stderr, "search_bench: niche_search: %s\n", err.msg);
    free(cpu);
    return rc;
}

struct opts {
    int reps, sql_reps, no_sql, no_build, keep_sql, only;
    const char *db, *snapshot, *plans;
};

static int run_query(const struct niche_index *ix, struct sql *s, const struct opts *op,
                     const struct spec *sp, double *t, struct outcome *o)
{
    struct niche_search_query q;
    struct niche_search_result res = { 0, 0, NULL };
    struct niche_error err = NICHE_ERROR_INIT;
    char what[128];
    int rc;

    memset(o, 0, sizeof(*o));
    o->ok = 1;
    spec_query(sp, &q);
    if ((rc = niche_search_query_check(&q, &err)) < 0) {
        fprintf(stderr, "search_bench: query '%s': %s\n", sp->name, err.msg);
        return -1;
    }
    rc = ix_time(ix, &q, op->reps, &res, t, o);
    if (rc == 0 && !op->no_sql && (rc = sql_count(s, &q, o)) == 0 &&
        (rc = sql_both(s, &q, op->sql_reps, &res, sp->name, o)) == 0 &&
        o->sql_matched != o->matched) {
        snprintf(what, sizeof(what), "index matched %lld, SQLite counts %lld",
                 (long long)o->matched, (long long)o->sql_matched);
        fail(o, sp->name, what);
    }
    niche_search_result_free(&res);
    return rc;
}

/* ---- the index ---------------------------------------------------------- */

static void print_stats(const struct niche_index *ix)
{
    struct niche_index_stats s;
    double n;

    niche_index_stats(ix, &s);
    n = s.accounts > 0 ? (double)s.accounts : 1;
    printf("index: %lld accounts (%lld analysed), %lld terms, %lld audience entries"
           " (%lld keys dense)\n", (long long)s.accounts, (long long)s.analysed,
           (long long)s.terms, (long long)s.audience_entries, (long long)s.dense_keys);
    printf("index bytes: %.1f MB, %.1f bytes per account (goal <= 100): columns %.1f,"
           " bitmaps %.1f, text %.1f, audience %.1f, dictionary %.1f\n",
           (double)s.bytes / 1e6, (double)s.bytes / n, (double)s.bytes_columns / n,
           (double)s.bytes_bitmaps / n, (double)s.bytes_text / n, (double)s.bytes_audience / n,
           (double)s.bytes_dict / n);
}

/* 1 when the database holds ANALYZE statistics: the store's scans plan
 * differently with them (an earlier run that kept its SQL side leaves them). */
static int has_stat1(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    int have = 0;

    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE name='sqlite_stat1'", -1, &q,
                           NULL) == SQLITE_OK)
        have = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_finalize(q);
    sqlite3_close(db);
    return have;
}

static int build_save(const struct opts *op)
{
    struct niche_error err = NICHE_ERROR_INIT;
    struct niche_store *st = NULL;
    struct niche_index *ix = NULL;
    struct stat sb;
    long rss0;
    double t0, c0;
    int rc;

    if (has_stat1(op->db))
        printf("note: the database holds ANALYZE statistics (sqlite_stat1) from a run with"
               " --keep-sql: the store's scans plan differently with them\n");
    if ((rc = niche_store_open(&st, op->db, 0, &err)) < 0)
        goto out;
    reset_peak();
    rss0 = vm_kb("VmRSS:");
    t0 = now_s();
    c0 = cpu_s();
    if ((rc = niche_index_build(st, &ix, &err)) < 0)
        goto out;
    printf("index build: %.2f s wall, %.2f s CPU, peak RSS %.0f MB (%.0f MB before the"
           " build), RSS after %.0f MB\n", now_s() - t0, cpu_s() - c0,
           (double)vm_kb("VmHWM:") / 1024, (double)rss0 / 1024, (double)vm_kb("VmRSS:") / 1024);
    print_stats(ix);
    t0 = now_s();
    c0 = cpu_s();
    if ((rc = niche_index_save(ix, op->snapshot, &err)) < 0)
        goto out;
    printf("snapshot save: %.2f s wall, %.2f s CPU, %.1f MB\n", now_s() - t0, cpu_s() - c0,
           stat(op->snapshot, &sb) == 0 ? (double)sb.st_size / 1e6 : -1.0);
out:
    if (rc < 0)
        fprintf(stderr, "search_bench: %s\n", err.msg);
    niche_index_free(ix);
    niche_store_close(st);
    return rc;
}

/* The queries run on the loaded snapshot, as `niche search` would. */
static int load(const struct opts *op, struct niche_index **out)
{
    struct niche_error err = NICHE_ERROR_INIT;
    long rss0 = vm_kb("VmRSS:");
    double t0 = now_s(), c0 = cpu_s();
    int rc = niche_index_load(op->snapshot, out, &err);

    if (rc < 0) {
        fprintf(stderr, "search_bench: %s\n", err.msg);
        return rc;
    }
    printf("snapshot load: %.3f s wall, %.3f s CPU (RSS %.0f MB before, %.0f MB after)\n",
           now_s() - t0, cpu_s() - c0, (double)rss0 / 1024, (double)vm_kb("VmRSS:") / 1024);
    if (op->no_build)
        print_stats(*out);
    return 0;
}

/* ---- the report ----------------------------------------------------------- */

static double best_sql(const struct outcome *o)
{
    return fmin(o->sql_median, o->sql_in_median);
}

static void print_row(int i, const struct outcome *o, int no_sql)
{
    printf("%2d %-44.44s %9lld %8.3f %8.3f %8.3f", i + 1, queries[i].name,
           (long long)o->matched, o->ix_median * 1e3, o->ix_p99 * 1e3, o->ix_cpu_median * 1e3);
    if (no_sql)
        printf("\n");
    else
        printf(" %9.1f %9.1f %9.1f %8.0f %8.0f %s\n", o->sql_median * 1e3,
               o->sql_in_median * 1e3, o->sql_count_s * 1e3, o->sql_median / o->ix_median,
               best_sql(o) / o->ix_median, o->ok ? "ok" : "DIFFERENT");
    fflush(stdout);
}

static void print_head(const struct opts *op)
{
    printf("\n%d queries, top 50 each; index: %d runs after a warm-up (p99 = nearest rank,"
           " cpu = this thread's CPU time); SQLite: %d runs of each form, every row stepped\n",
           op->only ? 1 : NQUERIES, op->reps, op->sql_reps);
    printf("%2s %-44s %9s %8s %8s %8s %9s %9s %9s %8s %8s\n", "#", "query", "matched",
           "ix med", "ix p99", "ix cpu", "sql med", "sql IN", "sql cnt", "ratio", "ratio");
    printf("%2s %-44s %9s %8s %8s %8s %9s %9s %9s %8s %8s\n", "", "", "", "ms", "ms", "ms",
           "ms", "ms", "ms", "sql/ix", "best/ix");
}

/* Medians and ratios over the n queries run; all[] holds every index run. */
static void summary(const struct outcome *o, int n, double *all, int nall, int no_sql)
{
    double ixm[NQUERIES], cpum[NQUERIES], sqm[NQUERIES], bestm[NQUERIES];
    double logsum = 0, logbest = 0, least = INFINITY;
    int i;

    for (i = 0; i < n; i++) {
        ixm[i] = o[i].ix_median;
        cpum[i] = o[i].ix_cpu_median;
        sqm[i] = o[i].sql_median;
        bestm[i] = best_sql(&o[i]);
        logsum += no_sql ? 0 : log(sqm[i] / ixm[i]);
        logbest += no_sql ? 0 : log(bestm[i] / ixm[i]);
        least = fmin(least, bestm[i] / ixm[i]);
    }
    qsort(all, (size_t)nall, sizeof(*all), cmp_double);
    printf("index, all %d runs: median %.3f ms, p99 %.3f ms, max %.3f ms\n", nall,
           pct_of(all, nall, 50) * 1e3, pct_of(all, nall, 99) * 1e3, all[nall - 1] * 1e3);
    printf("index, median of the query medians: %.3f ms wall, %.3f ms CPU\n",
           median_of(ixm, n) * 1e3, median_of(cpum, n) * 1e3);
    if (no_sql)
        return;
    printf("SQLite, median of the query medians: %.1f ms as written, %.1f ms the better form\n",
           median_of(sqm, n) * 1e3, median_of(bestm, n) * 1e3);
    printf("ratio SQLite / index, as written: geometric mean %.0f, ratio of the medians %.0f\n",
           exp(logsum / n), median_of(sqm, n) / median_of(ixm, n));
    printf("ratio SQLite / index, better form: geometric mean %.0f, ratio of the medians %.0f,"
           " least %.0f\n", exp(logbest / n), median_of(bestm, n) / median_of(ixm, n), least);
}

static int run_all(const struct niche_index *ix, struct sql *s, const struct opts *op)
{
    struct outcome o[NQUERIES];
    int first = op->only ? op->only - 1 : 0, last = op->only ? op->only : NQUERIES, i, bad = 0;
    double *all = calloc((size_t)NQUERIES * (size_t)op->reps, sizeof(double));

    if (!all)
        return -1;
    print_head(op);
    for (i = first; i < last; i++) {
        if (run_query(ix, s, op, &queries[i], all + (size_t)(i - first) * (size_t)op->reps,
                      &o[i - first]) < 0) {
            free(all);
            return -1;
        }
        print_row(i, &o[i - first], op->no_sql);
        bad += !o[i - first].ok;
    }
    summary(o, last - first, all, (last - first) * op->reps, op->no_sql);
    free(all);
    if (bad)
        fprintf(stderr, "search_bench: %d of %d queries differ between the index and"
                        " SQLite\n", bad, last - first);
    return bad ? -1 : 0;
}

/* The brand-fit ranks on the index alone. */
static int run_fit(const struct niche_index *ix, const struct opts *op)
{
    double *t = calloc((size_t)op->reps, sizeof(double));
    int i, rc = 0;

    if (!t)
        return -1;
    printf("\n%d brand-fit ranks (--sort fit), top 50, index only: SQLite has no form of fit\n",
           (int)COUNT_OF(fit_queries));
    for (i = 0; rc == 0 && i < (int)COUNT_OF(fit_queries); i++) {
        struct niche_search_query q;
        struct niche_search_result res = { 0, 0, NULL };
        struct outcome o;

        memset(&o, 0, sizeof(o));
        spec_query(&fit_queries[i], &q);
        if ((rc = ix_time(ix, &q, op->reps, &res, t, &o)) == 0)
            printf("F%d %-44.44s %9lld %8.3f %8.3f %8.3f\n", i + 1, fit_queries[i].name,
                   (long long)o.matched, o.ix_median * 1e3, o.ix_p99 * 1e3,
                   o.ix_cpu_median * 1e3);
        niche_search_result_free(&res);
    }
    free(t);
    return rc;
}

static int usage(void)
{
    fprintf(stderr, "usage: search_bench [--reps R] [--sql-reps R2] [--snapshot PATH]"
                    " [--plans FILE]\n"
                    "                    [--only N] [--no-build] [--no-sql] [--keep-sql] DB\n");
    return 2;
}

int main(int argc, char **argv)
{
    struct opts op = { 101, 5, 0, 0, 0, 0, NULL, NULL, NULL };
    struct niche_index *ix = NULL;
    struct sql s = { NULL, NULL, NULL };
    char snap[4096];
    int i, rc = 1;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* progress shows in a log as it happens */
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            op.reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--sql-reps") && i + 1 < argc)
            op.sql_reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--snapshot") && i + 1 < argc)
            op.snapshot = argv[++i];
        else if (!strcmp(argv[i], "--plans") && i + 1 < argc)
            op.plans = argv[++i];
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            op.only = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--no-build"))
            op.no_build = 1;
        else if (!strcmp(argv[i], "--keep-sql"))
            op.keep_sql = 1;
        else if (!strcmp(argv[i], "--no-sql"))
            op.no_sql = 1;
        else if (argv[i][0] != '-' && !op.db)
            op.db = argv[i];
        else
            return usage();
    }
    if (!op.db || op.reps < 1 || op.sql_reps < 1 || op.only < 0 || op.only > NQUERIES)
        return usage();
    if (!op.snapshot) {
        snprintf(snap, sizeof(snap), "%s.index", op.db);
        op.snapshot = snap;
    }
    if (op.plans && !(s.plans = fopen(op.plans, "w"))) {
        fprintf(stderr, "search_bench: cannot write '%s'\n", op.plans);
        goto out;
    }
    if ((!op.no_build && build_save(&op) < 0) || load(&op, &ix) < 0 ||
        (!op.no_sql && sql_open(&s, op.db, ix) < 0))
        goto out;
    rc = run_all(ix, &s, &op) < 0;
    if (!op.only && run_fit(ix, &op) < 0)
        rc = 1;
    if (!op.no_sql && !op.keep_sql && sql_drop(&s) < 0)
        rc = 1;
out:
    niche_index_free(ix);
    sqlite3_close(s.db);
    if (s.plans)
        fclose(s.plans);
    return rc;
}
