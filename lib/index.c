/*
 * index.c - the discovery index: built from the store, saved and mapped as
 * a snapshot file. Layout: index_int.h; queries: search.c.
 *
 * Building reads the workspace in account id order: accounts, then the
 * analysis results, then each kind of label (niches, brands, hashtags,
 * audience shares). Every read is one scan, so rows map to accounts by a
 * cursor that only moves forward; a label of an account the index has not
 * seen (another workspace's) cannot happen, since the scans join on the
 * workspace.
 *
 * The snapshot is the index's memory written out: a header, the columns,
 * then each bitmap in CRoaring's portable format, all 8-byte aligned, with
 * an XXH3 checksum of everything after the header. Loading maps the file,
 * checks the checksum, points the columns into the map and deserialises
 * the bitmaps (bounds-checked, so a damaged file is an error, not a crash).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>
#include <xxhash.h>

#include "internal.h"
#include "index_int.h"
#include "niche/analyze.h"
#include "niche/search.h"
#include "niche/store.h"

/* ---- words ------------------------------------------------------------------ */

static int word_char(utf8proc_int32_t c)
{
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
    case UTF8PROC_CATEGORY_CO:
        return 1;
    default:
        return 0;
    }
}

/* The bytes out[*start..*o) end a word: keep it (NUL-terminated) unless it
 * is empty or too long; returns 1 when kept. */
static int word_end(char *out, size_t *o, size_t *start)
{
    if (*o == *start)
        return 0;
    if (*o - *start > IX_WORD_MAX) {
        *o = *start;
        return 0;
    }
    out[(*o)++] = '\0';
    *start = *o;
    return 1;
}

/* The same for ASCII text, where normalising changes only the case: most
 * bios, and five times faster than going through utf8proc. */
static int ascii_words(const char *text, char *out, size_t cap)
{
    size_t o = 0, start = 0;
    const char *p = text;
    int n = 0;

    for (;; p++) {
        char c = *p;

        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
            if (o + 2 < cap)
                out[o++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            continue;
        }
        n += word_end(out, &o, &start);
        if (!c)
            return n;
    }
}

static int is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

int niche__ix_words(const char *text, char *out, size_t cap)
{
    utf8proc_uint8_t *norm = NULL;
    utf8proc_ssize_t len, i = 0, k;
    utf8proc_int32_t c;
    size_t o = 0, start = 0;
    int n = 0;

    if (is_ascii(text))
        return ascii_words(text, out, cap);
    len = utf8proc_map((const utf8proc_uint8_t *)text, 0, &norm,
                       UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                       UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
    if (len < 0)
        return -1;
    while (i <= len) {
        k = i < len ? utf8proc_iterate(norm + i, len - i, &c) : 0;
        if (k > 0 && word_char(c)) {
            if (o + (size_t)k + 1 < cap) {
                memcpy(out + o, norm + i, (size_t)k);
                o += (size_t)k;
            }
            i += k;
            continue;
        }
        n += word_end(out, &o, &start);
        i += k > 0 ? k : 1;
    }
    free(norm);
    return n;
}

void niche__ix_audience_key(const char *dim, const char *key, char *out, size_t cap)
{
    size_t d = strlen(dim), k = strlen(key);

    if (d + k + 2 > cap) {          /* cut, as snprintf would */
        k = d + 2 < cap ? cap - d - 2 : 0;
        d = d + 1 < cap ? d : cap - 1;
    }
    memcpy(out, dim, d);
    if (d + 1 < cap)
        out[d++] = ':';
    memcpy(out + d, key, k);
    out[d + k] = '\0';
}

/* ---- dictionaries ---------------------------------------------------------- */

static uint32_t dict_hash(const char *s)
{
    return (uint32_t)XXH3_64bits(s, strlen(s));
}

void niche__ix_rehash(struct ix_dict *d)
{
    uint32_t i, j;

    free(d->slot);
    d->nslot = 64;
    while (d->nslot < d->n * 2 + 2)
        d->nslot *= 2;
    d->slot = niche_xcalloc(d->nslot, sizeof(*d->slot));
    for (i = 0; i < d->n; i++) {
        for (j = dict_hash(d->name[i]) & (d->nslot - 1); d->slot[j]; j = (j + 1) & (d->nslot - 1))
            ;
        d->slot[j] = i + 1;
    }
}

int64_t niche__ix_find(const struct ix_dict *d, const char *name)
{
    uint32_t j;

    if (!d->nslot)
        return -1;
    for (j = dict_hash(name) & (d->nslot - 1); d->slot[j]; j = (j + 1) & (d->nslot - 1))
        if (!strcmp(d->name[d->slot[j] - 1], name))
            return d->slot[j] - 1;
    return -1;
}

/* The entry of name, made on first use (while building). */
static uint32_t dict_entry(struct ix_dict *d, const char *name)
{
    int64_t e = niche__ix_find(d, name);

    if (e >= 0)
        return (uint32_t)e;
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->name = niche_xrealloc(d->name, d->cap * sizeof(*d->name));
        d->rows = niche_xrealloc(d->rows, d->cap * sizeof(*d->rows));
        d->nrows = niche_xrealloc(d->nrows, d->cap * sizeof(*d->nrows));
        d->arows = niche_xrealloc(d->arows, d->cap * sizeof(*d->arows));
        d->vals = niche_xrealloc(d->vals, d->cap * sizeof(*d->vals));
    }
    d->name[d->n] = niche_xstrdup(name);
    d->rows[d->n] = NULL;
    d->vals[d->n] = NULL;
    d->nrows[d->n] = d->arows[d->n] = 0;
    d->n++;
    if (d->n * 2 + 2 > d->nslot)
        niche__ix_rehash(d);
    else {
        uint32_t j;

        for (j = dict_hash(name) & (d->nslot - 1); d->slot[j]; j = (j + 1) & (d->nslot - 1))
            ;
        d->slot[j] = d->n;
    }
    return d->n - 1;
}

/* Add row (rows come in ascending order; a repeat is ignored). */
static void dict_add(struct ix_dict *d, const char *name, uint32_t row, uint8_t val)
{
    uint32_t e = dict_entry(d, name), k = d->nrows[e];

    if (k && d->rows[e][k - 1] == row)
        return;
    if (k == d->arows[e]) {
        d->arows[e] = d->arows[e] ? d->arows[e] * 2 : 4;
        d->rows[e] = niche_xrealloc(d->rows[e], d->arows[e] * sizeof(uint32_t));
        if (d->has_val)
            d->vals[e] = niche_xrealloc(d->vals[e], d->arows[e] * sizeof(uint8_t));
    }
    d->rows[e][k] = row;
    if (d->has_val)
        d->vals[e][k] = val;
    d->nrows[e] = k + 1;
}

static roaring_bitmap_t *bitmap_of(const uint32_t *rows, size_t n)
{
    roaring_bitmap_t *bm = roaring_bitmap_of_ptr(n, rows);

    if (!bm)
        niche__oom(n * sizeof(uint32_t));
    roaring_bitmap_run_optimize(bm);
    roaring_bitmap_shrink_to_fit(bm);
    return bm;
}

/* Values of a dense entry: one byte per row of n. Owned result. */
static uint8_t *dense_of(const uint32_t *rows, const uint8_t *vals, uint32_t k, int64_t n)
{
    uint8_t *v = niche_xmalloc((size_t)n);
    uint32_t i;

    memset(v, IX_NO_VAL, (size_t)n);
    for (i = 0; i < k; i++)
        v[rows[i]] = vals[i];
    return v;
}

/* Turn the row lists into bitmaps, values dense or sparse among n rows. */
static void dict_finish(struct ix_dict *d, int64_t n)
{
    uint32_t e;

    d->bm = niche_xcalloc(d->n ? d->n : 1, sizeof(*d->bm));
    d->val = niche_xcalloc(d->n ? d->n : 1, sizeof(*d->val));
    d->dense = niche_xcalloc(d->n ? d->n : 1, 1);
    d->nrow = n;
    for (e = 0; e < d->n; e++) {
        d->bm[e] = bitmap_of(d->rows[e], d->nrows[e]);
        d->dense[e] = (uint8_t)(d->has_val && niche__ix_is_dense(d->nrows[e], n));
        if (d->dense[e]) {
            d->val[e] = dense_of(d->rows[e], d->vals[e], d->nrows[e], n);
            free(d->vals[e]);
        } else if (d->has_val) {
            d->val[e] = d->vals[e];   /* now owned through val */
        }
        free(d->rows[e]);
    }
    free(d->rows);
    free(d->nrows);
    free(d->arows);
    free(d->vals);
    d->rows = NULL;
    d->nrows = d->arows = NULL;
    d->vals = NULL;
}

static void dict_free(struct ix_dict *d, int owned)
{
    uint32_t e;

    for (e = 0; e < d->n; e++) {
        if (d->bm && d->bm[e])
            roaring_bitmap_free(d->bm[e]);
        if (owned) {
            free((void *)d->name[e]);
            if (d->val)
                free((void *)d->val[e]);
        }
    }
    free(d->name);
    free(d->bm);
    free(d->val);
    free(d->dense);
    free(d->slot);
    memset(d, 0, sizeof(*d));
}

struct ix_dict *niche__ix_dicts(struct niche_index *ix, int i)
{
    struct ix_dict *d[IX_NDICTS] = { &ix->country, &ix->language, &ix->niche, &ix->brand,
                                     &ix->word, &ix->tag, &ix->audience };

    return d[i];
}

/* ---- building --------------------------------------------------------------- */

struct build {
    struct niche_index *ix;
    uint32_t *id, *followers, *last_post;    /* growing columns (owned by ix at the end) */
    float *col[IX__NF];
    uint8_t *platform, *tier, *verified, *has_m;   /* owned: per row, until bitmaps */
    size_t n, cap;
    uint32_t cursor;                         /* row of the last label */
    char words[4096];
    const struct niche_tier_scheme *scheme;
    struct niche_error *err;
};

static void build_grow(struct build *b)
{
    int c;

    b->cap = b->cap ? b->cap * 2 : 4096;
    b->id = niche_xrealloc(b->id, b->cap * sizeof(*b->id));
    b->followers = niche_xrealloc(b->followers, b->cap * sizeof(*b->followers));
    b->last_post = niche_xrealloc(b->last_post, b->cap * sizeof(*b->last_post));
    for (c = 0; c < IX__NF; c++)
        b->col[c] = niche_xrealloc(b->col[c], b->cap * sizeof(float));
    b->platform = niche_xrealloc(b->platform, b->cap);
    b->tier = niche_xrealloc(b->tier, b->cap);
    b->verified = niche_xrealloc(b->verified, b->cap);
    b->has_m = niche_xrealloc(b->has_m, b->cap);
}

static int account_cb(void *ctx, const struct niche_account *a)
{
    struct build *b = ctx;
    struct niche_index *ix = b->ix;
    uint32_t row = (uint32_t)b->n;
    int c, nw, w;
    const char *p;

    if (a->id <= 0 || a->id > (int64_t)UINT32_MAX)
        return niche_error_set(b->err, NICHE_ETOOBIG, "account id %lld does not fit the index",
                               (long long)a->id);
    if (b->n == b->cap)
        build_grow(b);
    b->id[row] = (uint32_t)a->id;
    b->followers[row] = a->followers >= 0 && a->followers < (int64_t)UINT32_MAX
                        ? (uint32_t)a->followers : IX_NO_FOLLOWERS;
    b->last_post[row] = 0;
    for (c = 0; c < IX__NF; c++)
        b->col[c][row] = NAN;
    b->platform[row] = (uint8_t)a->platform;
    b->tier[row] = 0xff;
    b->verified[row] = (uint8_t)(a->verified == 1 ? 1 : a->verified == 0 ? 0 : 2);
    b->has_m[row] = 0;
    if (a->country && *a->country)
        dict_add(&ix->country, a->country, row, 0);
    if (a->language && *a->language)
        dict_add(&ix->language, a->language, row, 0);
    if (a->bio && (nw = niche__ix_words(a->bio, b->words, sizeof(b->words))) > 0)
        for (w = 0, p = b->words; w < nw; w++, p += strlen(p) + 1)
            dict_add(&ix->word, p, row, 0);
    b->n++;
    return 0;
}

/* The row of account id: the cursor moves forward with the ordered scans. */
static int64_t build_row(struct build *b, int64_t id)
{
    size_t lo, hi;

    while (b->cursor < b->n && b->id[b->cursor] < id)
        b->cursor++;
    if (b->cursor < b->n && b->id[b->cursor] == id)
        return b->cursor;
    lo = 0;                      /* out of order after all: search */
    hi = b->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;

        if (b->id[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < b->n && b->id[lo] == id ? (int64_t)lo : -1;
}

static uint8_t tier_parse(const char *name)
{
    int t;

    for (t = 0; t < NICHE_TIER__COUNT; t++)
        if (!strcmp(niche_tier_name((enum niche_tier)t), name))
            return (uint8_t)t;
    return 0xff;
}

static float fcol(double v)
{
    return niche_is_missing_real(v) ? NAN : (float)v;
}

static int metric_cb(void *ctx, const struct niche_metric_row *r)
{
    struct build *b = ctx;
    int64_t row = build_row(b, r->account_id);
    const double v[IX__NF] = { r->er, r->er_median, r->er_v, r->er_pct, r->aqs, r->fake,
                               r->growth, r->posts_week, r->price, r->interval_cv };
    int c;

    if (row < 0)
        return 0;
    for (c = 0; c < IX__NF; c++)
        b->col[c][row] = fcol(v[c]);
    if (r->last_post_ms != NICHE_MISSING && r->last_post_ms >= 1000 &&
        r->last_post_ms / 1000 < (int64_t)UINT32_MAX)
        b->last_post[row] = (uint32_t)(r->last_post_ms / 1000);
    if (r->tier)
        b->tier[row] = tier_parse(r->tier);
    b->has_m[row] = 1;
    b->ix->analysed++;
    return 0;
}

/* A share in whole percents, rounded half away from zero as SQLite's
 * round() does. */
static uint8_t percent(double v)
{
    return v <= 0 ? 0 : v >= 1 ? 100 : (uint8_t)lround(v * 100.0);
}

static int label_cb_niche(void *ctx, int64_t id, const char *dim, const char *key, double v)
{
    struct build *b = ctx;
    int64_t row = build_row(b, id);

    if (row >= 0 && key)
        dict_add(&b->ix->niche, key, (uint32_t)row, percent(v));
    return 0;
}

static int label_cb_plain(void *ctx, int64_t id, const char *dim, const char *key, double v)
{
    struct build *b = ctx;
    int64_t row = build_row(b, id);
    struct ix_dict *d = dim ? &b->ix->brand : &b->ix->tag;

    (void)v;
    if (row >= 0 && key && *key)
        dict_add(d, key, (uint32_t)row, 0);
    return 0;
}

static int label_cb_brand(void *ctx, int64_t id, const char *dim, const char *key, double v)
{
    return label_cb_plain(ctx, id, "brand", key, v);
}

static int label_cb_audience(void *ctx, int64_t id, const char *dim, const char *key,
                             double v)
{
    struct build *b = ctx;
    int64_t row = build_row(b, id);
    char name[96];
    uint8_t pc = percent(v);

    /* Shares under the floor are not kept: filters refuse smaller minimums. */
    if (row < 0 || !dim || !key || pc < percent(NICHE_SEARCH_SHARE_FLOOR))
        return 0;
    niche__ix_audience_key(dim, key, name, sizeof(name));
    dict_add(&b->ix->audience, name, (uint32_t)row, pc);
    return 0;
}

/* The rows whose byte in src is want, as a bitmap. */
static roaring_bitmap_t *rows_where(const uint8_t *src, size_t n, int want, uint32_t *rows)
{
    size_t i, k = 0;

    for (i = 0; i < n; i++)
        if (src[i] == want)
            rows[k++] = (uint32_t)i;
    return bitmap_of(rows, k);
}

/* Per-row bytes become bitmaps: platform, tier, verified, analysed. */
static void build_bitmaps(struct build *b)
{
    struct niche_index *ix = b->ix;
    uint32_t *rows = niche_xmalloc((b->n ? b->n : 1) * sizeof(*rows));   /* owned */
    int v;

    for (v = 0; v < NICHE_PLATFORM__COUNT; v++)
        ix->platform[v] = rows_where(b->platform, b->n, v, rows);
    for (v = 0; v < NICHE_TIER__COUNT; v++)
        ix->tier[v] = rows_where(b->tier, b->n, v, rows);
    for (v = 0; v < 2; v++)
        ix->verified[v] = rows_where(b->verified, b->n, v, rows);
    ix->analysed_rows = rows_where(b->has_m, b->n, 1, rows);
    free(rows);
}

static int build_labels(struct build *b, struct niche_store *st)
{
    static const niche_label_cb cbs[] = {
        [NICHE_LABEL_NICHE] = label_cb_niche, [NICHE_LABEL_BRAND] = label_cb_brand,
        [NICHE_LABEL_TAG] = label_cb_plain, [NICHE_LABEL_AUDIENCE] = label_cb_audience,
    };
    int k, rc = 0;

    for (k = 0; k <= NICHE_LABEL_AUDIENCE && rc == 0; k++) {
        b->cursor = 0;
        rc = niche_store_label_scan(st, (enum niche_label_kind)k, cbs[k], b, b->err);
    }
    return rc;
}

static void build_adopt(struct build *b)
{
    struct niche_index *ix = b->ix;
    int c, d;

    ix->n = (int64_t)b->n;
    /* Ids are sorted and mostly dense: as a bitmap they cost next to
     * nothing, and row <-> id is a rank or a select. */
    ix->ids = bitmap_of(b->id, b->n);
    free(b->id);
    b->id = NULL;
    ix->heap[0] = b->followers;
    ix->heap[1] = b->last_post;
    ix->followers = b->followers;
    ix->last_post = b->last_post;
    for (c = 0; c < IX__NF; c++)
        ix->heap[2 + c] = (void *)(ix->col[c] = b->col[c]);
    build_bitmaps(b);
    for (d = 0; d < IX_NDICTS; d++)
        dict_finish(niche__ix_dicts(ix, d), ix->n);
}

static struct niche_index *index_new(void)
{
    struct niche_index *ix = niche_xcalloc(1, sizeof(*ix));

    ix->niche.has_val = ix->audience.has_val = 1;
    ix->as_of_ms = NICHE_MISSING;
    return ix;
}

static int build_run(struct build *b, struct niche_store *st)
{
    struct niche_analysis_run run;
    struct niche_account_query aq = NICHE_ACCOUNT_QUERY_INIT;
    int rc;

    aq.sort = NICHE_SORT_ID;
    aq.descending = 0;
    if ((rc = niche_store_index_stamp(st, &b->ix->stamp, b->err)) < 0)
        return rc;
    rc = niche_store_analysis_get(st, &run, b->err);
    if (rc == 0) {
        b->ix->run_id = run.id;
        b->ix->as_of_ms = run.as_of_ms;
        snprintf(b->ix->scheme, sizeof(b->ix->scheme), "%s", run.scheme);
    } else if (rc != NICHE_ENOTFOUND) {
        return rc;
    }
    niche_error_clear(b->err);
    if ((rc = niche_store_account_query(st, &aq, account_cb, b, b->err)) < 0)
        return rc;
    b->cursor = 0;
    if ((rc = niche_store_metric_scan(st, metric_cb, b, b->err)) < 0)
        return rc;
    return build_labels(b, st);
}

int niche_index_build(struct niche_store *st, struct niche_index **out,
                      struct niche_error *err)
{
    struct build b;
    int rc, c;

    memset(&b, 0, sizeof(b));
    b.ix = index_new();
    b.err = err;
    b.ix->workspace_id = niche_store_workspace_id(st);
    rc = build_run(&b, st);
    if (rc == 0) {
        build_adopt(&b);
        *out = b.ix;
    } else {
        free(b.id);
        free(b.followers);
        free(b.last_post);
        for (c = 0; c < IX__NF; c++)
            free(b.col[c]);
        for (c = 0; c < IX_NDICTS; c++)
            dict_finish(niche__ix_dicts(b.ix, c), b.ix->n);
        niche_index_free(b.ix);
    }
    free(b.platform);
    free(b.tier);
    free(b.verified);
    free(b.has_m);
    return rc;
}

int niche_index_stamp(struct niche_store *st, uint64_t *stamp, struct niche_error *err)
{
    return niche_store_index_stamp(st, stamp, err);
}

/* CRoaring 0.2 does not accept NULL (a load that failed half way). */
static void bm_free(roaring_bitmap_t *bm)
{
    if (bm)
        roaring_bitmap_free(bm);
}

void niche_index_free(struct niche_index *ix)
{
    size_t i;
    int d;

    if (!ix)
        return;
    for (i = 0; i < NICHE_PLATFORM__COUNT; i++)
        bm_free(ix->platform[i]);
    for (i = 0; i < NICHE_TIER__COUNT; i++)
        bm_free(ix->tier[i]);
    bm_free(ix->verified[0]);
    bm_free(ix->verified[1]);
    bm_free(ix->analysed_rows);
    bm_free(ix->ids);
    for (d = 0; d < IX_NDICTS; d++)
        dict_free(niche__ix_dicts(ix, d), ix->map == NULL && !ix->borrowed);
    for (i = 0; i < sizeof(ix->heap) / sizeof(ix->heap[0]); i++)
        free(ix->heap[i]);
    if (ix->map)
        munmap(ix->map, ix->map_len);
    free(ix);
}

/* ---- facts ------------------------------------------------------------------------ */

static size_t dict_bytes(const struct ix_dict *d, int64_t n, size_t *names)
{
    size_t b = 0;
    uint32_t e;

    for (e = 0; e < d->n; e++) {
        b += roaring_bitmap_size_in_bytes(d->bm[e]) + sizeof(void *) * 3 + 1;
        if (d->dense[e])
            b += (size_t)n;
        else if (d->has_val)
            b += roaring_bitmap_get_cardinality(d->bm[e]) * sizeof(uint8_t);
        *names += strlen(d->name[e]) + 1;
    }
    return b + d->nslot * sizeof(uint32_t);
}

void niche_index_stats(const struct niche_index *ix, struct niche_index_stats *o)
{
    struct niche_index *m = (struct niche_index *)ix;   /* dicts are only read */
    size_t i;

    memset(o, 0, sizeof(*o));
    o->accounts = ix->n;
    o->analysed = ix->analysed;
    o->stamp = ix->stamp;
    o->run_id = ix->run_id;
    o->as_of_ms = ix->as_of_ms;
    memcpy(o->scheme, ix->scheme, sizeof(o->scheme));
    o->bytes_columns = (size_t)ix->n * (2 * sizeof(uint32_t) + IX__NF * sizeof(float)) +
                       roaring_bitmap_size_in_bytes(ix->ids);
    for (i = 0; i < NICHE_PLATFORM__COUNT; i++)
        o->bytes_bitmaps += roaring_bitmap_size_in_bytes(ix->platform[i]);
    for (i = 0; i < NICHE_TIER__COUNT; i++)
        o->bytes_bitmaps += roaring_bitmap_size_in_bytes(ix->tier[i]);
    o->bytes_bitmaps += roaring_bitmap_size_in_bytes(ix->verified[0]) +
                        roaring_bitmap_size_in_bytes(ix->verified[1]) +
                        roaring_bitmap_size_in_bytes(ix->analysed_rows);
    o->bytes_bitmaps += dict_bytes(&m->country, ix->n, &o->bytes_dict) +
                        dict_bytes(&m->language, ix->n, &o->bytes_dict) +
                        dict_bytes(&m->niche, ix->n, &o->bytes_dict) +
                        dict_bytes(&m->brand, ix->n, &o->bytes_dict);
    o->bytes_text = dict_bytes(&m->word, ix->n, &o->bytes_dict) + dict_bytes(&m->tag, ix->n, &o->bytes_dict);
    o->bytes_audience = dict_bytes(&m->audience, ix->n, &o->bytes_dict);
    o->terms = ix->word.n + ix->tag.n;
    for (i = 0; i < ix->audience.n; i++)
    {
        o->audience_entries += (int64_t)roaring_bitmap_get_cardinality(ix->audience.bm[i]);
        o->dense_keys += ix->audience.dense[i];
    }
    o->bytes = o->bytes_columns + o->bytes_bitmaps + o->bytes_text + o->bytes_audience +
               o->bytes_dict;
}

int64_t niche_index_row(const struct niche_index *ix, int64_t account_id)
{
    if (account_id <= 0 || account_id > (int64_t)UINT32_MAX ||
        !roaring_bitmap_contains(ix->ids, (uint32_t)account_id))
        return -1;
    return (int64_t)roaring_bitmap_rank(ix->ids, (uint32_t)account_id) - 1;
}

int64_t niche_index_account(const struct niche_index *ix, int64_t row)
{
    uint32_t id;

    if (row < 0 || row >= ix->n || !roaring_bitmap_select(ix->ids, (uint32_t)row, &id))
        return 0;
    return id;
}

int64_t niche_index_workspace(const struct niche_index *ix)
{
    return ix->workspace_id;
}

int niche__ix_value(const struct ix_dict *d, int64_t e, int64_t row)
{
    if (e < 0 || row < 0 || row >= d->nrow || row > UINT32_MAX)
        return -1;
    if (d->dense[e])
        return d->val[e][row] == IX_NO_VAL ? -1 : d->val[e][row];
    if (!roaring_bitmap_contains(d->bm[e], (uint32_t)row))
        return -1;
    return d->val[e][roaring_bitmap_rank(d->bm[e], (uint32_t)row) - 1];
}

/* The value of a member row in an entry with values, or NaN. */
static double member_value(const struct ix_dict *d, int64_t e, int64_t row)
{
    int v = niche__ix_value(d, e, row);

    return v < 0 ? NAN : v / 100.0;
}

double niche_index_share(const struct niche_index *ix, int64_t row, const char *dimension,
                         const char *key)
{
    char name[96];

    niche__ix_audience_key(dimension, key, name, sizeof(name));
    return member_value(&ix->audience, niche__ix_find(&ix->audience, name), row);
}

double niche_index_niche_score(const struct niche_index *ix, int64_t row, const char *niche)
{
    return member_value(&ix->niche, niche__ix_find(&ix->niche, niche), row);
}
