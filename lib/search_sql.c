/*
 * search_sql.c - a search query written as one SQL statement over the
 * store's tables: the peer that tests check search against and benchmarks
 * time it against. It states each filter the way docs/discovery.md
 * defines it, independently of the index's bitmaps and columns.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "index_int.h"
#include "internal.h"
#include "niche/search.h"

/* The index keeps these columns of account_metric (m) and account (a). */
static const char *const key_sql[NICHE_KEY__COUNT] = {
    [NICHE_KEY_FOLLOWERS] = "a.followers", [NICHE_KEY_ER] = "m.er_f_mean",
    [NICHE_KEY_ER_MEDIAN] = "m.er_f_median", [NICHE_KEY_ER_V] = "m.er_v",
    [NICHE_KEY_ER_PCT] = "m.er_f_mean_pct", [NICHE_KEY_AQS] = "m.aqs",
    [NICHE_KEY_FAKE] = "m.fake", [NICHE_KEY_GROWTH] = "m.growth_monthly",
    [NICHE_KEY_POSTS_WEEK] = "m.posts_per_week", [NICHE_KEY_PRICE] = "m.est_price",
    [NICHE_KEY_LAST_POST] = "(m.last_post_ms / 1000 * 1000)", [NICHE_KEY_FIT] = NULL,
};

static void add(struct niche__buf *b, const char *s)
{
    (void)niche__buf_add(b, s, strlen(s));   /* no cap: fails only out of memory */
}

static void addf(struct niche__buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void addf(struct niche__buf *b, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n > 0)
        (void)niche__buf_add(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* A string literal, quotes doubled. */
static void lit(struct niche__buf *b, const char *s)
{
    (void)niche__buf_addch(b, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            (void)niche__buf_addch(b, '\'');
        (void)niche__buf_addch(b, *s);
    }
    (void)niche__buf_addch(b, '\'');
}

static void in_list(struct niche__buf *b, const char *const *v, int n)
{
    int i;

    add(b, " IN (");
    for (i = 0; i < n; i++) {
        if (i)
            add(b, ",");
        lit(b, v[i]);
    }
    add(b, ")");
}

static void exists(struct niche__buf *b, const char *not, const char *table,
                   const char *col, const char *const *v, int n)
{
    addf(b, " AND %sEXISTS (SELECT 1 FROM %s x WHERE x.account_id = a.id AND x.%s", not,
         table, col);
    in_list(b, v, n);
    add(b, ")");
}

static void names_of(struct niche__buf *b, const char *col, unsigned mask, int count,
                     const char *(*name)(int))
{
    int i, first = 1;

    addf(b, " AND %s IN (", col);
    for (i = 0; i < count; i++) {
        if (!(mask >> i & 1))
            continue;
        if (!first)
            add(b, ",");
        lit(b, name(i));
        first = 0;
    }
    add(b, ")");
}

static const char *platform_name(int i)
{
    return niche_platform_name((enum niche_platform)i);
}

static const char *tier_name(int i)
{
    return niche_tier_name((enum niche_tier)i);
}

static void ranges(struct niche__buf *b, const struct niche_search_query *q)
{
    int k;

    for (k = 0; k < NICHE_KEY__COUNT; k++) {
        if (!key_sql[k])
            continue;
        if (!isnan(q->lo[k]))
            addf(b, " AND %s >= %.17g", key_sql[k], q->lo[k]);
        if (!isnan(q->hi[k]))
            addf(b, " AND %s <= %.17g", key_sql[k], q->hi[k]);
    }
}

static void audience(struct niche__buf *b, const struct niche_search_query *q)
{
    int i;

    for (i = 0; i < q->naudience; i++) {
        add(b, " AND EXISTS (SELECT 1 FROM audience_share x WHERE x.account_id = a.id"
               " AND x.dimension = ");
        lit(b, q->audience[i].dimension);
        add(b, " AND x.key = ");
        lit(b, q->audience[i].key);
        addf(b, " AND CAST(round(x.share * 100) AS INTEGER) >= %ld)",
             lround(q->audience[i].min * 100.0));
    }
}

static int words(struct niche__buf *b, const struct niche_search_query *q,
                 struct niche_error *err)
{
    char w[1024];
    const char *p;
    int i, k, n;

    for (i = 0; i < q->nkeywords; i++) {
        if ((n = niche__ix_words(q->keywords[i], w, sizeof(w))) <= 0)
            return niche_error_set(err, NICHE_EINVAL, "keyword '%s' has no letters or digits",
                                   q->keywords[i]);
        for (k = 0, p = w; k < n; k++, p += strlen(p) + 1) {
            add(b, " AND a.id IN (SELECT rowid FROM account_fts WHERE account_fts MATCH '\"");
            add(b, p);   /* letters and digits only: nothing to quote */
            add(b, "\"')");
        }
    }
    for (i = 0; i < q->nhashtags; i++) {
        const char *t = q->hashtags[i] + (q->hashtags[i][0] == '#');
        char low[IX_WORD_MAX + 2];
        size_t j;

        for (j = 0; t[j] && j + 1 < sizeof(low); j++)
            low[j] = (t[j] >= 'A' && t[j] <= 'Z') ? (char)(t[j] - 'A' + 'a') : t[j];
        low[j] = '\0';
        add(b, " AND EXISTS (SELECT 1 FROM account_tag x WHERE x.account_id = a.id"
               " AND x.tag = ");
        lit(b, low);
        add(b, ")");
    }
    return 0;
}

static int where(struct niche__buf *b, const struct niche_index *ix,
                 const struct niche_search_query *q, struct niche_error *err)
{
    int64_t from = niche__search_active_from(ix, q->active_days);

    addf(b, " WHERE a.workspace_id = %lld", (long long)niche_index_workspace(ix));
    if (q->platforms)
        names_of(b, "a.platform", q->platforms, NICHE_PLATFORM__COUNT, platform_name);
    if (q->tiers)
        names_of(b, "m.tier", q->tiers, NICHE_TIER__COUNT, tier_name);
    if (q->verified == 0 || q->verified == 1)
        addf(b, " AND a.verified = %d", q->verified);
    if (q->nniches)
        exists(b, "", "account_niche", "niche", q->niches, q->nniches);
    if (q->ncountries) {
        add(b, " AND a.country");
        in_list(b, q->countries, q->ncountries);
    }
    if (q->nlanguages) {
        add(b, " AND a.language");
        in_list(b, q->languages, q->nlanguages);
    }
    if (q->nworked_with)
        exists(b, "", "account_brand", "brand", q->worked_with, q->nworked_with);
    if (q->nnot_worked_with)
        exists(b, "NOT ", "account_brand", "brand", q->not_worked_with, q->nnot_worked_with);
    audience(b, q);
    ranges(b, q);
    if (from)
        addf(b, " AND m.last_post_ms >= %lld", (long long)from * 1000);
    return words(b, q, err);
}

int niche_search_sql(const struct niche_index *ix, const struct niche_search_query *q,
                     char **sql, struct niche_error *err)
{
    struct niche__buf b = NICHE__BUF_INIT(0);
    const char *v;
    int rc;

    *sql = NULL;
    if (q->sort == NICHE_KEY_FIT)
        return niche_error_set(err, NICHE_EUNSUPPORTED, "brand fit has no SQL form");
    {
        struct niche_search_query c = *q;   /* a negative limit is ours: no LIMIT */

        c.limit = c.limit < 0 ? 0 : c.limit;
        if ((rc = niche_search_query_check(&c, err)) < 0)
            return rc;
    }
    v = key_sql[q->sort];
    addf(&b, "SELECT a.id, %s AS v FROM account a", v);
    add(&b, q->all_accounts ? " LEFT JOIN account_metric m ON m.account_id = a.id"
                            : " JOIN account_metric m ON m.account_id = a.id");
    if ((rc = where(&b, ix, q, err)) < 0) {
        niche__buf_release(&b);
        return rc;
    }
    addf(&b, " ORDER BY (v IS NULL), v %s, a.id", q->ascending ? "ASC" : "DESC");
    if (q->limit > 0)
        addf(&b, " LIMIT %lld OFFSET %lld", (long long)q->limit, (long long)q->offset);
    *sql = b.buf ? b.buf : niche_xstrdup("");
    return 0;
}

const char *niche_search_sql_fts(void)
{
    return "CREATE VIRTUAL TABLE IF NOT EXISTS account_fts USING fts5(bio, content='',"
           " tokenize='unicode61 remove_diacritics 2');"
           "INSERT INTO account_fts(rowid, bio) SELECT id, bio FROM account"
           " WHERE bio IS NOT NULL;";
}
