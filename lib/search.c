/*
 * search.c - queries over the discovery index (index_int.h).
 *
 * A query runs in three steps:
 *   1. categories to bitmaps: each list filter (platforms, tiers, niches,
 *      countries, languages, brands, words, hashtags, audience minimums)
 *      becomes one bitmap of rows; they are intersected smallest first, so
 *      a narrow filter makes the rest cheap; no list filter means every row;
 *   2. the candidates are read in row order and checked against the
 *      numeric ranges (columns, no bitmaps);
 *   3. the survivors are counted and the best offset + limit kept in a
 *      bounded heap, ordered by the sort key (unknown last), then by
 *      account id; the page is sorted at the end.
 * Brand fit (NICHE_KEY_FIT) is computed in step 3 for survivors only.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "index_int.h"
#include "niche/search.h"

static const char *const key_names[NICHE_KEY__COUNT] = {
    [NICHE_KEY_FOLLOWERS] = "followers", [NICHE_KEY_ER] = "er",
    [NICHE_KEY_ER_MEDIAN] = "er-median", [NICHE_KEY_ER_V] = "er-views",
    [NICHE_KEY_ER_PCT] = "er-percentile", [NICHE_KEY_AQS] = "aqs",
    [NICHE_KEY_FAKE] = "fake", [NICHE_KEY_GROWTH] = "growth",
    [NICHE_KEY_POSTS_WEEK] = "posts-week", [NICHE_KEY_PRICE] = "price",
    [NICHE_KEY_LAST_POST] = "last-post", [NICHE_KEY_FIT] = "fit",
};

/* Float column of each key (-1: not a float column). */
static const int key_col[NICHE_KEY__COUNT] = {
    [NICHE_KEY_FOLLOWERS] = -1, [NICHE_KEY_ER] = IX_ER, [NICHE_KEY_ER_MEDIAN] = IX_ER_MEDIAN,
    [NICHE_KEY_ER_V] = IX_ER_V, [NICHE_KEY_ER_PCT] = IX_ER_PCT, [NICHE_KEY_AQS] = IX_AQS,
    [NICHE_KEY_FAKE] = IX_FAKE, [NICHE_KEY_GROWTH] = IX_GROWTH,
    [NICHE_KEY_POSTS_WEEK] = IX_POSTS_WEEK, [NICHE_KEY_PRICE] = IX_PRICE,
    [NICHE_KEY_LAST_POST] = -1, [NICHE_KEY_FIT] = -1,
};

static const char *const fit_names[NICHE_FIT__COUNT] = {
    "niche", "audience", "quality", "engagement", "price", "reliability"
};

/* docs/discovery.md: what a brand asks first (topic, who is reached),
 * then whether the reach is real, then what it costs. */
static const double fit_weights[NICHE_FIT__COUNT] = { 0.30, 0.20, 0.20, 0.15, 0.10, 0.05 };

const char *niche_search_key_name(enum niche_search_key k)
{
    return (unsigned)k < NICHE_KEY__COUNT ? key_names[k] : "?";
}

int niche_search_key_parse(const char *name)
{
    int k;

    for (k = 0; k < NICHE_KEY__COUNT; k++)
        if (!strcmp(name, key_names[k]))
            return k;
    return -1;
}

const char *niche_fit_part_name(enum niche_fit_part p)
{
    return (unsigned)p < NICHE_FIT__COUNT ? fit_names[p] : "?";
}

void niche_fit_default_weights(double w[NICHE_FIT__COUNT])
{
    memcpy(w, fit_weights, sizeof(fit_weights));
}

void niche_search_query_init(struct niche_search_query *q)
{
    int k;

    memset(q, 0, sizeof(*q));
    for (k = 0; k < NICHE_KEY__COUNT; k++)
        q->lo[k] = q->hi[k] = NAN;
    q->verified = -1;
    q->sort = NICHE_KEY_FOLLOWERS;
    q->limit = 50;
    q->budget = NAN;
    niche_fit_default_weights(q->weights);
}

static int check_lists(const struct niche_search_query *q, struct niche_error *err)
{
    const int n[] = { q->nniches, q->ncountries, q->nlanguages, q->naudience, q->ntargets,
                      q->nkeywords, q->nhashtags, q->nworked_with, q->nnot_worked_with };
    size_t i;
    int a;

    for (i = 0; i < sizeof(n) / sizeof(n[0]); i++)
        if (n[i] < 0 || n[i] > NICHE_SEARCH_MAX_LIST)
            return niche_error_set(err, NICHE_EINVAL, "at most %d values per filter",
                                   NICHE_SEARCH_MAX_LIST);
    for (a = 0; a < q->naudience + q->ntargets; a++) {
        const struct niche_audience_min *m = a < q->naudience ? &q->audience[a]
                                             : &q->targets[a - q->naudience];

        if (!m->dimension || !m->key || !*m->key)
            return niche_error_set(err, NICHE_EINVAL, "audience share without a key");
        if (strcmp(m->dimension, "country") && strcmp(m->dimension, "age") &&
            strcmp(m->dimension, "gender") && strcmp(m->dimension, "language"))
            return niche_error_set(err, NICHE_EINVAL, "unknown audience dimension '%s'"
                                   " (expected country, age, gender or language)",
                                   m->dimension);
        if (!(m->min >= NICHE_SEARCH_SHARE_FLOOR && m->min <= 1) ||
            fabs(m->min * 100.0 - nearbyint(m->min * 100.0)) > 1e-9)
            return niche_error_set(err, NICHE_EINVAL, "audience share for %s %s must be"
                                   " a whole percent from 1%% to 100%%", m->dimension,
                                   m->key);
    }
    return 0;
}

int niche_search_query_check(const struct niche_search_query *q, struct niche_error *err)
{
    double wsum = 0;
    int k;

    if ((unsigned)q->sort >= NICHE_KEY__COUNT)
        return niche_error_set(err, NICHE_EINVAL, "bad sort key");
    if (q->limit < 0 || q->offset < 0 || q->limit > 100000 || q->offset > INT64_MAX / 2)
        return niche_error_set(err, NICHE_EINVAL, "limit must be 0 to 100000 and offset"
                               " not negative");
    if (q->active_days < 0)
        return niche_error_set(err, NICHE_EINVAL, "active days must not be negative");
    for (k = 0; k < NICHE_KEY__COUNT; k++)
        if (!isnan(q->lo[k]) && !isnan(q->hi[k]) && q->lo[k] > q->hi[k])
            return niche_error_set(err, NICHE_EINVAL, "the %s range is empty (%g > %g)",
                                   key_names[k], q->lo[k], q->hi[k]);
    for (k = 0; k < NICHE_FIT__COUNT; k++) {
        if (!(q->weights[k] >= 0))
            return niche_error_set(err, NICHE_EINVAL, "fit weights must not be negative");
        wsum += q->weights[k];
    }
    if (q->sort == NICHE_KEY_FIT && !(wsum > 0))
        return niche_error_set(err, NICHE_EINVAL, "fit weights sum to zero");
    if (!isnan(q->budget) && !(q->budget > 0))
        return niche_error_set(err, NICHE_EINVAL, "budget must be positive");
    return check_lists(q, err);
}

/* ---- step 1: bitmaps ------------------------------------------------------------ */

struct cand {
    roaring_bitmap_t *bm[8 + 3 * NICHE_SEARCH_MAX_LIST + 2 * 4 * NICHE_SEARCH_MAX_LIST];
    int n;
    roaring_bitmap_t *minus;     /* rows excluded (not worked with); owned */
};

static void cand_push(struct cand *c, roaring_bitmap_t *bm)
{
    c->bm[c->n++] = bm;
}

/* OR of the named entries of d (owned result; unknown names add nothing). */
static roaring_bitmap_t *dict_any(const struct ix_dict *d, const char *const *names, int n)
{
    roaring_bitmap_t *u = roaring_bitmap_create();
    int i;

    for (i = 0; i < n; i++) {
        int64_t e = niche__ix_find(d, names[i]);

        if (e >= 0)
            roaring_bitmap_or_inplace(u, d->bm[e]);
    }
    return u;
}

static roaring_bitmap_t *bits_any(roaring_bitmap_t *const *bm, int nbm, unsigned mask)
{
    roaring_bitmap_t *u = roaring_bitmap_create();
    int i;

    for (i = 0; i < nbm; i++)
        if (mask >> i & 1)
            roaring_bitmap_or_inplace(u, bm[i]);
    return u;
}

static roaring_bitmap_t *dict_copy(const struct ix_dict *d, const char *name)
{
    int64_t e = niche__ix_find(d, name);

    return e >= 0 ? roaring_bitmap_copy(d->bm[e]) : roaring_bitmap_create();
}

/* Rows whose share of (dim, key) is at least min, in whole percents: the
 * entry's rows are read in bulk beside their values, and the passing ones
 * (still in row order) become a bitmap at once. Sparse entries only
 * (audience_split() checks dense ones row by row). */
static roaring_bitmap_t *audience_at_least(const struct ix_dict *d,
                                           const struct niche_audience_min *m)
{
    char name[96];
    int64_t e;
    roaring_bitmap_t *out;
    roaring_uint32_iterator_t it;
    uint8_t want = (uint8_t)lround(m->min * 100.0);
    uint32_t buf[1024], got, i, *rows;   /* rows: owned */
    size_t k = 0, n = 0;

    niche__ix_audience_key(m->dimension, m->key, name, sizeof(name));
    if ((e = niche__ix_find(d, name)) < 0)
        return roaring_bitmap_create();
    rows = niche_xmalloc((size_t)roaring_bitmap_get_cardinality(d->bm[e]) * sizeof(*rows) + 4);
    roaring_init_iterator(d->bm[e], &it);
    while ((got = roaring_read_uint32_iterator(&it, buf, 1024)) > 0) {
        const uint8_t *v = d->val[e] + k;

        for (i = 0; i < got; i++) {
            rows[n] = buf[i];
            n += v[i] >= want;
        }
        k += got;
    }
    out = roaring_bitmap_of_ptr(n, rows);
    free(rows);
    if (!out)
        niche__oom(n * sizeof(uint32_t));
    return out;
}

/* Lowercase a hashtag and drop its '#', as the importer stores them. */
static void tag_norm(const char *in, char *out, size_t cap)
{
    size_t i = 0;

    if (*in == '#')
        in++;
    for (; *in && i + 1 < cap; in++)
        out[i++] = (*in >= 'A' && *in <= 'Z') ? (char)(*in - 'A' + 'a') : *in;
    out[i] = '\0';
}

static int words_of(const struct niche_index *ix, const struct niche_search_query *q,
                    struct cand *c, struct niche_error *err)
{
    char words[1024], tag[IX_WORD_MAX + 2];
    const char *p;
    int i, w, n;

    for (i = 0; i < q->nkeywords; i++) {
        n = niche__ix_words(q->keywords[i], words, sizeof(words));
        if (n <= 0)
            return niche_error_set(err, NICHE_EINVAL, "keyword '%s' has no letters or digits",
                                   q->keywords[i]);
        for (w = 0, p = words; w < n; w++, p += strlen(p) + 1)
            if (c->n < (int)(sizeof(c->bm) / sizeof(c->bm[0])))
                cand_push(c, dict_copy(&ix->word, p));
    }
    for (i = 0; i < q->nhashtags; i++) {
        tag_norm(q->hashtags[i], tag, sizeof(tag));
        if (!*tag)
            return niche_error_set(err, NICHE_EINVAL, "empty hashtag");
        cand_push(c, dict_copy(&ix->tag, tag));
    }
    return 0;
}

static int cand_build(const struct niche_index *ix, const struct niche_search_query *q,
                      struct cand *c, struct niche_error *err)
{
    if (q->platforms)
        cand_push(c, bits_any((roaring_bitmap_t *const *)ix->platform, NICHE_PLATFORM__COUNT,
                              q->platforms));
    if (q->tiers)
        cand_push(c, bits_any((roaring_bitmap_t *const *)ix->tier, NICHE_TIER__COUNT, q->tiers));
    if (q->verified == 0 || q->verified == 1)
        cand_push(c, roaring_bitmap_copy(ix->verified[q->verified]));
    /* Accounts never analysed are mostly followers, not creators to hire. */
    if (!q->all_accounts)
        cand_push(c, roaring_bitmap_copy(ix->analysed_rows));
    if (q->nniches)
        cand_push(c, dict_any(&ix->niche, q->niches, q->nniches));
    if (q->ncountries)
        cand_push(c, dict_any(&ix->country, q->countries, q->ncountries));
    if (q->nlanguages)
        cand_push(c, dict_any(&ix->language, q->languages, q->nlanguages));
    if (q->nworked_with)
        cand_push(c, dict_any(&ix->brand, q->worked_with, q->nworked_with));
    if (q->nnot_worked_with)
        c->minus = dict_any(&ix->brand, q->not_worked_with, q->nnot_worked_with);
    return words_of(ix, q, c, err);
}

static int cmp_card(const void *a, const void *b)
{
    uint64_t x = roaring_bitmap_get_cardinality(*(roaring_bitmap_t *const *)a);
    uint64_t y = roaring_bitmap_get_cardinality(*(roaring_bitmap_t *const *)b);

    return x < y ? -1 : x > y;
}

/* The intersection (owned), or NULL for every row. */
static roaring_bitmap_t *cand_meet(struct cand *c, int64_t n)
{
    roaring_bitmap_t *r;
    int i;

    if (!c->n && !c->minus)
        return NULL;
    qsort(c->bm, (size_t)c->n, sizeof(c->bm[0]), cmp_card);
    r = c->n ? roaring_bitmap_copy(c->bm[0]) : roaring_bitmap_from_range(0, (uint64_t)n, 1);
    for (i = 1; i < c->n && !roaring_bitmap_is_empty(r); i++)
        roaring_bitmap_and_inplace(r, c->bm[i]);
    if (c->minus)
        roaring_bitmap_andnot_inplace(r, c->minus);
    return r;
}

static void cand_free(struct cand *c)
{
    int i;

    for (i = 0; i < c->n; i++)
        roaring_bitmap_free(c->bm[i]);
    if (c->minus)
        roaring_bitmap_free(c->minus);
}

/*
 * A forward cursor over one dict entry, for the values of rows asked in
 * increasing order. A member's value sits at its rank, and CRoaring 0.2's
 * rank walks every container before the row's: per candidate that was most
 * of a broad brand-fit query. The cursor reads the members in chunks
 * instead, and jumps (one rank) only when the rows outrun a chunk.
 */
#define CUR_BUF 64

struct cursor {
    const roaring_bitmap_t *bm;   /* NULL: the entry is not in the index */
    const uint8_t *val;
    int dense;                    /* val is per row: no walking */
    roaring_uint32_iterator_t it;
    uint32_t buf[CUR_BUF], n, pos;
    uint64_t base;                /* rank - 1 of buf[0] */
};

static void cur_init(struct cursor *c, const struct ix_dict *d, int64_t e)
{
    c->bm = e >= 0 ? d->bm[e] : NULL;
    c->val = e >= 0 ? d->val[e] : NULL;
    c->dense = e >= 0 && d->dense[e];
    c->n = c->pos = 0;
    c->base = 0;
    if (c->bm)
        roaring_init_iterator(c->bm, &c->it);
}

static void cur_refill(struct cursor *c)
{
    c->base += c->n;
    c->n = roaring_read_uint32_iterator(&c->it, c->buf, CUR_BUF);
    c->pos = 0;
}

static void cur_jump(struct cursor *c, uint32_t row)
{
    c->base = row ? roaring_bitmap_rank(c->bm, row - 1) : 0;
    roaring_init_iterator(c->bm, &c->it);
    c->n = 0;
    if (roaring_move_uint32_iterator_equalorlarger(&c->it, row))
        c->n = roaring_read_uint32_iterator(&c->it, c->buf, CUR_BUF);
    c->pos = 0;
}

/* Value of row in the cursor's entry, or -1; rows only grow between calls. */
static int cur_value(struct cursor *c, uint32_t row)
{
    uint32_t lo, hi;
    int tries = 0;

    if (!c->bm)
        return -1;
    if (c->dense)
        return c->val[row] == IX_NO_VAL ? -1 : c->val[row];
    while (!c->n || c->buf[c->n - 1] < row) {
        if (!c->it.has_value)
            return -1;
        if (tries++ == 0)
            cur_refill(c);
        else
            cur_jump(c, row);
    }
    for (lo = c->pos, hi = c->n - 1; lo < hi;) {   /* first member >= row */
        uint32_t mid = lo + (hi - lo) / 2;

        if (c->buf[mid] < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    c->pos = lo;
    return c->buf[lo] == row ? c->val[c->base + lo] : -1;
}

/* ---- step 2: ranges ----------------------------------------------------------- */

struct run {
    const struct niche_index *ix;
    const struct niche_search_query *q;
    int cols[NICHE_KEY__COUNT];      /* keys with a bound: their float column */
    double lo[NICHE_KEY__COUNT], hi[NICHE_KEY__COUNT];
    int nb;
    int fbound;                      /* followers bounded: fmin <= f <= fmax */
    uint32_t fmin, fmax;
    int64_t active_from;             /* seconds: last post at or after; 0 none */
    /* step 3 */
    struct niche_search_hit *heap;   /* owned: a min-heap of the best k */
    int64_t k, nheap, matched;
    struct cursor *niche_c, *aud_c;  /* owned: one per wanted niche / target entry */
    int aud_want[NICHE_SEARCH_MAX_LIST];   /* the targets in whole percents */
    double budget;
    /* audience minimums checked row by row (audience_split()) */
    struct cursor *late_c;           /* owned */
    uint8_t late_min[NICHE_SEARCH_MAX_LIST];
    int nlate;
};

/*
 * Keep the rows of rows[0..n) that pass every numeric bound, in order;
 * returns how many. One bound at a time over the whole chunk, without
 * branches: unknown values (NaN, no followers, no post) compare false.
 */
static uint32_t filter_chunk(const struct run *r, uint32_t *rows, uint32_t n)
{
    const struct niche_index *ix = r->ix;
    uint32_t i, k;
    int b;

    if (r->fbound) {
        const uint32_t *f = ix->followers;

        for (i = k = 0; i < n; i++) {
            uint32_t v = f[rows[i]];

            rows[k] = rows[i];
            k += (v != IX_NO_FOLLOWERS) & (v >= r->fmin) & (v <= r->fmax);
        }
        n = k;
    }
    for (b = 0; b < r->nb; b++) {
        const float *c = ix->col[r->cols[b]];
        double lo = r->lo[b], hi = r->hi[b];

        for (i = k = 0; i < n; i++) {
            double v = (double)c[rows[i]];

            rows[k] = rows[i];
            k += (v >= lo) & (v <= hi);
        }
        n = k;
    }
    if (r->active_from) {
        for (i = k = 0; i < n; i++) {
            rows[k] = rows[i];
            k += ix->last_post[rows[i]] >= (uint64_t)r->active_from;
        }
        n = k;
    }
    return n;
}

/* Keep the rows of rows[0..n) whose shares meet the late minimums. */
static uint32_t late_chunk(struct run *r, uint32_t *rows, uint32_t n)
{
    uint32_t i, k;
    int a;

    for (a = 0; a < r->nlate; a++) {
        for (i = k = 0; i < n; i++) {
            rows[k] = rows[i];
            k += cur_value(&r->late_c[a], rows[i]) >= (int)r->late_min[a];
        }
        n = k;
    }
    return n;
}

/*
 * Each audience minimum either narrows the candidates as a bitmap (every
 * member of the entry read in bulk, the passing ones collected) or is
 * checked row by row on the candidates with a cursor. A dense entry costs
 * the cursor one byte per candidate: always the cursor. A sparse one costs
 * it a walk of the members between candidates, slower per member than the
 * bulk read, which only pays when the candidates are so few that the walk
 * jumps (LATE_RATIO: 1M bench, query 4). *meet (owned; NULL every row) may
 * be replaced.
 */
#define LATE_RATIO 8

static void audience_split(struct run *r, roaring_bitmap_t **meet)
{
    const struct ix_dict *d = &r->ix->audience;
    const struct niche_search_query *q = r->q;
    char name[96];
    int i;

    r->late_c = niche_xmalloc((size_t)(q->naudience + 1) * sizeof(*r->late_c));
    for (i = 0; i < q->naudience; i++) {
        const struct niche_audience_min *m = &q->audience[i];
        int64_t e;
        uint64_t cands;
        roaring_bitmap_t *bm;

        niche__ix_audience_key(m->dimension, m->key, name, sizeof(name));
        e = niche__ix_find(d, name);
        cands = *meet ? roaring_bitmap_get_cardinality(*meet) : (uint64_t)r->ix->n;
        if (e >= 0 && (d->dense[e] ||
                       cands * LATE_RATIO <= roaring_bitmap_get_cardinality(d->bm[e]))) {
            cur_init(&r->late_c[r->nlate], d, e);
            r->late_min[r->nlate++] = (uint8_t)lround(m->min * 100.0);
            continue;
        }
        bm = audience_at_least(d, m);
        if (*meet) {
            roaring_bitmap_and_inplace(*meet, bm);
            roaring_bitmap_free(bm);
        } else {
            *meet = bm;
        }
    }
}

/* Seconds since the epoch from which a post counts as recent: the cutoff
 * rounded up to a whole second (the index keeps seconds). */
int64_t niche__search_active_from(const struct niche_index *ix, int days)
{
    int64_t cut;

    if (days <= 0 || ix->as_of_ms == NICHE_MISSING)
        return 0;
    cut = ix->as_of_ms - (int64_t)days * 86400000;
    return cut <= 0 ? 1 : (cut + 999) / 1000;
}

/* Follower bounds as whole counts: lo rounded up, hi down, clipped to u32. */
static void followers_bounds(struct run *r, double lo, double hi)
{
    if (isnan(lo) && isnan(hi))
        return;
    r->fbound = 1;
    lo = isnan(lo) || lo < 0 ? 0 : ceil(lo);
    hi = isnan(hi) || hi >= (double)IX_NO_FOLLOWERS ? (double)IX_NO_FOLLOWERS - 1 : floor(hi);
    if (lo > hi) {                 /* nothing passes: an empty range */
        r->fmin = 1;
        r->fmax = 0;
        return;
    }
    r->fmin = (uint32_t)lo;
    r->fmax = (uint32_t)hi;
}

static int run_setup(struct run *r, const struct niche_index *ix,
                     const struct niche_search_query *q, struct niche_error *err)
{
    int k;

    memset(r, 0, sizeof(*r));
    r->ix = ix;
    r->q = q;
    followers_bounds(r, q->lo[NICHE_KEY_FOLLOWERS], q->hi[NICHE_KEY_FOLLOWERS]);
    for (k = 0; k < NICHE_KEY__COUNT; k++) {
        if (key_col[k] < 0 || (isnan(q->lo[k]) && isnan(q->hi[k])))
            continue;
        r->cols[r->nb] = key_col[k];
        /* The float the store holds, widened: the bound compares as SQL's. */
        r->lo[r->nb] = isnan(q->lo[k]) ? -INFINITY : q->lo[k];
        r->hi[r->nb++] = isnan(q->hi[k]) ? INFINITY : q->hi[k];
    }
    if (!isnan(q->lo[NICHE_KEY_LAST_POST]) || !isnan(q->hi[NICHE_KEY_LAST_POST]))
        return niche_error_set(err, NICHE_EUNSUPPORTED, "bound the latest post with"
                               " active days instead");
    if (q->active_days && ix->as_of_ms == NICHE_MISSING)
        return niche_error_set(err, NICHE_EINVAL, "no analysis: the as-of time for active"
                               " days is unknown (run niche analyze)");
    r->active_from = niche__search_active_from(ix, q->active_days);
    r->k = q->limit + q->offset;
    r->heap = niche_xmalloc((size_t)(r->k ? r->k : 1) * sizeof(*r->heap));
    return 0;
}

/* ---- step 3: order, fit and the page ------------------------------------------ */

/* 1 when a ranks before b: known first, then by value, then by row. */
static int before(const struct niche_search_hit *a, const struct niche_search_hit *b,
                  int ascending)
{
    int ka = !isnan(a->value), kb = !isnan(b->value);

    if (ka != kb)
        return ka;
    if (ka && a->value != b->value)
        return ascending ? a->value < b->value : a->value > b->value;
    return a->row < b->row;
}

static void heap_down(struct run *r, int64_t i)
{
    int asc = r->q->ascending;

    for (;;) {
        int64_t l = 2 * i + 1, w = i;
        struct niche_search_hit t;

        /* The root is the worst kept hit. */
        if (l < r->nheap && before(&r->heap[w], &r->heap[l], asc))
            w = l;
        if (l + 1 < r->nheap && before(&r->heap[w], &r->heap[l + 1], asc))
            w = l + 1;
        if (w == i)
            return;
        t = r->heap[i];
        r->heap[i] = r->heap[w];
        r->heap[w] = t;
        i = w;
    }
}

static void heap_up(struct run *r, int64_t i)
{
    while (i > 0) {
        int64_t p = (i - 1) / 2;
        struct niche_search_hit t;

        if (!before(&r->heap[p], &r->heap[i], r->q->ascending))
            return;
        t = r->heap[i];
        r->heap[i] = r->heap[p];
        r->heap[p] = t;
        i = p;
    }
}

static void keep(struct run *r, const struct niche_search_hit *h)
{
    if (r->nheap < r->k) {
        r->heap[r->nheap] = *h;
        heap_up(r, r->nheap++);
    } else if (r->k && before(h, &r->heap[0], r->q->ascending)) {
        r->heap[0] = *h;
        heap_down(r, 0);
    }
}

static double fit_audience(struct run *r, uint32_t row)
{
    double sum = 0;
    int i, v;

    for (i = 0; i < r->q->ntargets; i++) {
        v = cur_value(&r->aud_c[i], row);
        if (v > 0)
            sum += v >= r->aud_want[i] ? 1.0 : v / (double)r->aud_want[i];
    }
    return sum / r->q->ntargets;
}

/* The weighted mean of the parts the query asks about; an asked part that
 * is unknown counts as zero. Monotone in every part: the same sum over
 * parts no smaller is no smaller, which makes fit()'s bound safe. */
static double fit_sum(const struct run *r, const double *part)
{
    const struct niche_search_query *q = r->q;
    double wsum = 0, s = 0;
    int i;

    for (i = 0; i < NICHE_FIT__COUNT; i++) {
        int asked = !(i == NICHE_FIT_NICHE && !q->nniches) &&
                    !(i == NICHE_FIT_AUDIENCE && !q->ntargets) &&
                    !(i == NICHE_FIT_PRICE && isnan(r->budget));

        if (!asked)
            continue;
        wsum += q->weights[i];
        if (!isnan(part[i]))
            s += q->weights[i] * part[i];
    }
    return wsum > 0 ? s / wsum : NAN;
}

/*
 * Row's fit into h; 0 when it cannot enter the full heap. The column parts
 * come first; with niche and audience at their most (1) the fit is a bound,
 * and most rows of a broad query lose to the worst kept hit on it before
 * their niche and audience shares are looked up.
 */
static int fit(struct run *r, uint32_t row, struct niche_search_hit *h)
{
    const struct niche_index *ix = r->ix;
    const struct niche_search_query *q = r->q;
    double price = ix->col[IX_PRICE][row], cv = ix->col[IX_CV][row];
    int i, v, best = -1;

    h->part[NICHE_FIT_NICHE] = q->nniches ? 1.0 : NAN;
    h->part[NICHE_FIT_AUDIENCE] = q->ntargets ? 1.0 : NAN;
    h->part[NICHE_FIT_QUALITY] = (double)ix->col[IX_AQS][row] / 100.0;
    h->part[NICHE_FIT_ENGAGEMENT] = (double)ix->col[IX_ER_PCT][row];
    h->part[NICHE_FIT_PRICE] = isnan(r->budget) ? NAN : isnan(price) ? NAN
                               : price > r->budget ? 0 : 1.0 - 0.5 * price / r->budget;
    h->part[NICHE_FIT_RELIABILITY] = isnan(cv) ? NAN : 1.0 / (1.0 + cv);
    if (r->nheap == r->k && r->k && !q->ascending && (q->nniches || q->ntargets) &&
        fit_sum(r, h->part) < r->heap[0].value)
        return 0;
    for (i = 0; i < q->nniches; i++)
        if ((v = cur_value(&r->niche_c[i], row)) > best)
            best = v;
    if (q->nniches)   /* a damaged snapshot's byte may exceed 100 */
        h->part[NICHE_FIT_NICHE] = best <= 0 ? 0 : best >= 100 ? 1.0 : best / 100.0;
    if (q->ntargets)
        h->part[NICHE_FIT_AUDIENCE] = fit_audience(r, row);
    h->fit = fit_sum(r, h->part);
    return 1;
}

/* The sort value of row (not fit); NaN unknown. */
static double key_value(const struct run *r, uint32_t row)
{
    const struct niche_index *ix = r->ix;
    int k = r->q->sort;

    if (k == NICHE_KEY_FOLLOWERS)
        return ix->followers[row] == IX_NO_FOLLOWERS ? NAN : (double)ix->followers[row];
    if (k == NICHE_KEY_LAST_POST)
        return ix->last_post[row] ? (double)ix->last_post[row] * 1000.0 : NAN;
    return (double)ix->col[key_col[k]][row];
}

/*
 * Once the heap is full, keep only the rows of rows[0..n) that beat its
 * worst hit: rows come in increasing order, so a tie loses (by row), and
 * most rows of a broad query go here without a hit being made for them.
 */
static uint32_t better_chunk(const struct run *r, uint32_t *rows, uint32_t n)
{
    double worst;
    uint32_t i, k;

    if (r->nheap < r->k || r->q->sort == NICHE_KEY_FIT)
        return n;
    if (!r->k)
        return 0;
    worst = r->heap[0].value;
    for (i = k = 0; i < n; i++) {
        double v = key_value(r, rows[i]);

        rows[k] = rows[i];
        /* NaN compares false: unknown never beats, anything known beats it */
        k += isnan(worst) ? v == v : r->q->ascending ? v < worst : v > worst;
    }
    return k;
}

static void visit(struct run *r, uint32_t row)
{
    struct niche_search_hit h;
    int c;

    h.row = row;
    h.account_id = 0;   /* for the page only: a select per hit */
    h.fit = NAN;
    if (r->q->sort == NICHE_KEY_FIT) {
        if (fit(r, row, &h)) {
            h.value = h.fit;
            keep(r, &h);
        }
        return;
    }
    h.value = key_value(r, row);
    /* Most rows lose to the worst kept hit: skip them before filling in. */
    if (r->nheap == r->k && (!r->k || !before(&h, &r->heap[0], r->q->ascending)))
        return;
    for (c = 0; c < NICHE_FIT__COUNT; c++)
        h.part[c] = NAN;
    keep(r, &h);
}

#define SCAN_CHUNK 4096

/* The candidates in chunks: each is filtered by the bounds, then the
 * survivors are counted and offered to the heap. */
static void scan(struct run *r, const roaring_bitmap_t *cand)
{
    uint32_t rows[SCAN_CHUNK], got, i;
    roaring_uint32_iterator_t it;
    int64_t next = 0;

    if (cand)
        roaring_init_iterator(cand, &it);
    for (;;) {
        if (cand) {
            got = roaring_read_uint32_iterator(&it, rows, SCAN_CHUNK);
        } else {
            got = (uint32_t)(r->ix->n - next < SCAN_CHUNK ? r->ix->n - next : SCAN_CHUNK);
            for (i = 0; i < got; i++)
                rows[i] = (uint32_t)(next + i);
            next += got;
        }
        if (!got)
            return;
        got = filter_chunk(r, rows, got);
        got = late_chunk(r, rows, got);
        r->matched += got;
        got = better_chunk(r, rows, got);
        for (i = 0; i < got; i++)
            visit(r, rows[i]);
    }
}

static int cmp_desc(const void *a, const void *b)
{
    return before(a, b, 0) ? -1 : before(b, a, 0) ? 1 : 0;
}
static int cmp_asc(const void *a, const void *b)
{
    return before(a, b, 1) ? -1 : before(b, a, 1) ? 1 : 0;
}

static void page(struct run *r, struct niche_search_result *out)
{
    int64_t from = r->q->offset < r->nheap ? r->q->offset : r->nheap, i;

    qsort(r->heap, (size_t)r->nheap, sizeof(*r->heap), r->q->ascending ? cmp_asc : cmp_desc);
    out->matched = r->matched;
    out->n = r->nheap - from;
    out->hits = niche_xmalloc((size_t)(out->n ? out->n : 1) * sizeof(*out->hits));
    memcpy(out->hits, r->heap + from, (size_t)out->n * sizeof(*out->hits));
    for (i = 0; i < out->n; i++)
        out->hits[i].account_id = niche_index_account(r->ix, out->hits[i].row);
}

static void fit_setup(struct run *r)
{
    const struct niche_index *ix = r->ix;
    const struct niche_search_query *q = r->q;
    char name[96];
    int i;

    r->niche_c = niche_xmalloc((size_t)(q->nniches + 1) * sizeof(*r->niche_c));
    r->aud_c = niche_xmalloc((size_t)(q->ntargets + 1) * sizeof(*r->aud_c));
    for (i = 0; i < q->nniches; i++)
        cur_init(&r->niche_c[i], &ix->niche, niche__ix_find(&ix->niche, q->niches[i]));
    for (i = 0; i < q->ntargets; i++) {
        niche__ix_audience_key(q->targets[i].dimension, q->targets[i].key, name,
                               sizeof(name));
        cur_init(&r->aud_c[i], &ix->audience, niche__ix_find(&ix->audience, name));
        r->aud_want[i] = (int)lround(q->targets[i].min * 100.0);
    }
    r->budget = !isnan(q->budget) ? q->budget : q->hi[NICHE_KEY_PRICE];
}

int niche_search(const struct niche_index *ix, const struct niche_search_query *q,
                 struct niche_search_result *out, struct niche_error *err)
{
    struct cand c;
    struct run r;
    roaring_bitmap_t *meet = NULL;
    int rc;

    memset(out, 0, sizeof(*out));
    memset(&c, 0, sizeof(c));
    if ((rc = niche_search_query_check(q, err)) < 0 || (rc = run_setup(&r, ix, q, err)) < 0)
        return rc;
    fit_setup(&r);
    if ((rc = cand_build(ix, q, &c, err)) == 0) {
        meet = cand_meet(&c, ix->n);
        audience_split(&r, &meet);
        scan(&r, meet);
        page(&r, out);
    }
    if (meet)
        roaring_bitmap_free(meet);
    cand_free(&c);
    free(r.heap);
    free(r.niche_c);
    free(r.aud_c);
    free(r.late_c);
    return rc;
}

void niche_search_result_free(struct niche_search_result *r)
{
    if (!r)
        return;
    free(r->hits);
    memset(r, 0, sizeof(*r));
}
