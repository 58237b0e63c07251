/*
 * overlap.c - audience overlap of a set of accounts (overlap.h).
 *
 * Exact. Each account's known followers are read from the store into a
 * CRoaring bitmap (ids are row ids, which fit in 32 bits in practice; one
 * that does not makes AUTO fall back to the sketches). The union is the OR
 * of all; the unique share needs, for each account, its followers that no
 * other account has. Rather than one union of the others per account (n
 * unions of n - 1 bitmaps), one pass keeps `seen` (followed by an account
 * so far) and `twice` (followed by two or more): F_i - twice is what only
 * F_i has. Pairs are AND cardinalities, which CRoaring computes without
 * building the intersection.
 *
 * Estimate. From the HyperLogLog sketches `niche analyze` stored:
 *   union       estimate of the merge of all sketches;
 *   unique_i    est(U) - est(U without i), where U without i merges the
 *               prefix unions before i and the suffix unions after it
 *               (2n merges instead of n^2);
 *   shared_ij   est(F_i) + est(F_j) - est(F_i | F_j) (inclusion-exclusion);
 * each clipped to [0, size], so shares stay in [0, 1]. A difference of two
 * estimates carries the error of the larger: the standard error of a
 * pair's overlap is about se * est(F_i | F_j) / min(est(F_i), est(F_j)),
 * large when a small audience meets a large one (docs/sketches.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <roaring/roaring.h>
#include "niche/overlap.h"
#include "niche/sketch.h"
#include "niche/store.h"
#include "internal.h"
#include "banned.h"

void niche_overlap_release(struct niche_overlap *o)
{
    if (!o)
        return;
    free(o->items);
    free(o->pairs);
    memset(o, 0, sizeof(*o));
}

static const char *label(const struct niche_account *a, char *buf, size_t n)
{
    snprintf(buf, n, "%s:%s", niche_platform_name(a->platform), a->handle ? a->handle : "?");
    return buf;
}

/* 2..MAX distinct accounts of one platform. */
static int check_set(const struct niche_account *a, size_t n, struct niche_error *err)
{
    char x[160], y[160];
    size_t i, j;

    if (n < 2)
        return niche_error_set(err, NICHE_EINVAL, "overlap needs at least two accounts");
    if (n > NICHE_OVERLAP_MAX)
        return niche_error_set(err, NICHE_EINVAL, "overlap compares at most %d accounts, not %zu",
                               NICHE_OVERLAP_MAX, n);
    for (i = 0; i < n; i++) {
        if (a[i].platform != a[0].platform)
            return niche_error_set(err, NICHE_EINVAL, "%s and %s are on different platforms:"
                                   " overlap compares audiences on one platform",
                                   label(&a[0], x, sizeof(x)), label(&a[i], y, sizeof(y)));
        for (j = 0; j < i; j++)
            if (a[i].id == a[j].id)
                return niche_error_set(err, NICHE_EINVAL, "%s is given twice",
                                       label(&a[i], x, sizeof(x)));
    }
    return 0;
}

static void set_result(struct niche_overlap *o, size_t n)
{
    size_t i, j, k = 0;

    o->n = n;
    o->items = niche_xcalloc(n, sizeof(*o->items));
    o->npairs = n * (n - 1) / 2;
    o->pairs = niche_xcalloc(o->npairs ? o->npairs : 1, sizeof(*o->pairs));
    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++, k++) {
            o->pairs[k].i = i;
            o->pairs[k].j = j;
        }
}

static double clip(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static double ratio(double a, double b)
{
    return b > 0 ? clip(a / b, 0, 1) : NAN;
}

/* ---- exact ----------------------------------------------------------------------- */

struct bm_read {
    roaring_bitmap_t *b;
    int64_t n;
    int wide;              /* met an id that does not fit 32 bits */
};

static int bm_edge(void *ctx, int64_t account_id, int64_t follower_id)
{
    struct bm_read *r = ctx;

    (void)account_id;
    if (follower_id < 0 || follower_id > (int64_t)UINT32_MAX) {
        r->wide = 1;
        return 1;   /* stop the scan */
    }
    roaring_bitmap_add(r->b, (uint32_t)follower_id);
    r->n++;
    return 0;
}

/* Read every account's known followers into bm[i]; *wide when one id does
 * not fit (then the bitmaps are incomplete and unused). */
static int exact_read(struct niche_store *st, const struct niche_account *a, size_t n,
                      roaring_bitmap_t **bm, struct niche_overlap *o, int *wide,
                      struct niche_error *err)
{
    size_t i;
    int rc;

    *wide = 0;
    for (i = 0; i < n; i++) {
        struct bm_read r = { roaring_bitmap_create(), 0, 0 };

        bm[i] = r.b;
        rc = niche_store_follower_scan(st, a[i].id, bm_edge, &r, err);
        if (r.wide) {
            *wide = 1;
            return 0;
        }
        if (rc < 0)
            return rc;
        o->items[i].account_id = a[i].id;
        o->items[i].known = r.n;
        o->edges += r.n;
    }
    return 0;
}

/* Union, unique shares through the seen/twice pass, and pairs. */
static void exact_counts(struct niche_overlap *o, roaring_bitmap_t **bm)
{
    roaring_bitmap_t *seen = roaring_bitmap_create(), *twice = roaring_bitmap_create();
    size_t i, k;

    for (i = 0; i < o->n; i++) {
        roaring_bitmap_t *again = roaring_bitmap_and(seen, bm[i]);

        roaring_bitmap_or_inplace(twice, again);
        roaring_bitmap_free(again);
        roaring_bitmap_or_inplace(seen, bm[i]);
    }
    o->union_size = (double)roaring_bitmap_get_cardinality(seen);
    for (i = 0; i < o->n; i++) {
        struct niche_overlap_item *it = &o->items[i];

        it->size = (double)roaring_bitmap_get_cardinality(bm[i]);
        it->unique = (double)roaring_bitmap_andnot_cardinality(bm[i], twice);
        it->unique_share = ratio(it->unique, it->size);
    }
    for (k = 0; k < o->npairs; k++) {
        struct niche_overlap_pair *p = &o->pairs[k];
        double lo = fmin(o->items[p->i].size, o->items[p->j].size);

        p->shared = (double)roaring_bitmap_and_cardinality(bm[p->i], bm[p->j]);
        p->overlap = ratio(p->shared, lo);
    }
    roaring_bitmap_free(seen);
    roaring_bitmap_free(twice);
}

/* 1 when exact was done, 0 when ids were too wide for it. */
static int exact(struct niche_store *st, const struct niche_account *a, struct niche_overlap *o,
                 struct niche_error *err)
{
    roaring_bitmap_t **bm = niche_xcalloc(o->n, sizeof(*bm));
    size_t i;
    int wide = 0, rc = exact_read(st, a, o->n, bm, o, &wide, err);

    if (rc == 0 && !wide) {
        exact_counts(o, bm);
        o->method = NICHE_OVERLAP_EXACT;
        rc = 1;
    }
    for (i = 0; i < o->n; i++)
        if (bm[i])
            roaring_bitmap_free(bm[i]);
    free(bm);
    return rc;
}

/* ---- estimate ---------------------------------------------------------------------- */

/* A new sketch holding the union of a and b (b may be NULL). */
static struct niche_hll *hll_union(struct niche_hll *a, struct niche_hll *b)
{
    struct niche_hll *u = NULL;

    niche_hll_new(&u, niche_hll_precision(a), NULL);
    niche_hll_merge(u, a, NULL);   /* same precision: cannot fail */
    if (b)
        niche_hll_merge(u, b, NULL);
    return u;
}

/* The estimate of h, noting its standard error in o. */
static double est(struct niche_overlap *o, struct niche_hll *h)
{
    double se = niche_hll_std_error(h);

    if (se > o->std_error)
        o->std_error = se;
    return niche_hll_estimate(h);
}

/* Account a's stored sketch into *h; the item gets its sample size, and
 * o->sketched_ms the oldest build time. */
static int read_sketch(struct niche_store *st, const struct niche_account *a,
                       struct niche_hll **h, struct niche_overlap *o,
                       struct niche_overlap_item *it, struct niche_error *err)
{
    struct niche_audience au;
    char name[160];
    int rc = niche_store_audience_get(st, a->id, &au, err);

    if (rc == NICHE_ENOTFOUND || (rc == 0 && !au.hll))
        rc = niche_error_set(err, NICHE_ENOTFOUND, "%s has no audience sketch: it has no known"
                             " followers, or 'niche analyze' has not run since they were"
                             " imported", label(a, name, sizeof(name)));
    if (rc == 0 && (rc = niche_hll_deserialize(h, au.hll, au.hll_len, err)) < 0 && err)
        niche_error_set(err, rc, "%s: the stored audience sketch is damaged (%s): run"
                        " 'niche analyze' again", label(a, name, sizeof(name)), err->msg);
    if (rc == 0) {
        it->account_id = a->id;
        it->known = au.sample_size == NICHE_MISSING ? 0 : au.sample_size;
        if (au.updated_ms != NICHE_MISSING &&
            (o->sketched_ms == NICHE_MISSING || au.updated_ms < o->sketched_ms))
            o->sketched_ms = au.updated_ms;
    }
    niche_audience_release(&au);
    return rc;
}

/* Unique share of each account: est(U) - est(prefix[i-1] | suffix[i+1]). */
static void estimate_unique(struct niche_overlap *o, struct niche_hll **h, const double *size)
{
    size_t i, n = o->n;
    struct niche_hll **pre = niche_xcalloc(n, sizeof(*pre)), **suf = niche_xcalloc(n, sizeof(*suf));

    for (i = 0; i < n; i++)
        pre[i] = hll_union(h[i], i ? pre[i - 1] : NULL);
    for (i = n; i-- > 0;)
        suf[i] = hll_union(h[i], i + 1 < n ? suf[i + 1] : NULL);
    o->union_size = est(o, pre[n - 1]);
    for (i = 0; i < n; i++) {
        struct niche_hll *rest = hll_union(i ? pre[i - 1] : suf[i + 1],
                                           i && i + 1 < n ? suf[i + 1] : NULL);

        o->items[i].unique = clip(o->union_size - est(o, rest), 0, size[i]);
        o->items[i].unique_share = ratio(o->items[i].unique, size[i]);
        niche_hll_free(rest);
    }
    for (i = 0; i < n; i++) {
        niche_hll_free(pre[i]);
        niche_hll_free(suf[i]);
    }
    free(pre);
    free(suf);
}

static void estimate_pairs(struct niche_overlap *o, struct niche_hll **h)
{
    size_t k;

    for (k = 0; k < o->npairs; k++) {
        struct niche_overlap_pair *p = &o->pairs[k];
        struct niche_hll *u = hll_union(h[p->i], h[p->j]);
        double a = o->items[p->i].size, b = o->items[p->j].size, lo = fmin(a, b);
        double eu = est(o, u);

        p->shared = clip(a + b - eu, 0, lo);
        p->overlap = ratio(p->shared, lo);
        p->overlap_se = lo > 0 ? niche_hll_std_error(u) * eu / lo : NAN;
        niche_hll_free(u);
    }
}

static int estimate(struct niche_store *st, const struct niche_account *a,
                    struct niche_overlap *o, struct niche_error *err)
{
    struct niche_hll **h = niche_xcalloc(o->n, sizeof(*h));
    double *size = niche_xcalloc(o->n, sizeof(*size));
    size_t i;
    int rc = 0;

    o->edges = 0;
    o->std_error = 0;
    o->sketched_ms = NICHE_MISSING;
    for (i = 0; i < o->n && rc == 0; i++) {
        memset(&o->items[i], 0, sizeof(o->items[i]));
        if ((rc = read_sketch(st, &a[i], &h[i], o, &o->items[i], err)) == 0 &&
            niche_hll_precision(h[i]) != niche_hll_precision(h[0]))
            rc = niche_error_set(err, NICHE_EINVAL, "the stored sketches have different"
                                 " precisions: run 'niche analyze' again");
        if (rc == 0) {
            o->edges += o->items[i].known;
            size[i] = o->items[i].size = est(o, h[i]);
        }
    }
    if (rc == 0) {
        o->method = NICHE_OVERLAP_ESTIMATE;
        o->precision = niche_hll_precision(h[0]);
        estimate_unique(o, h, size);
        estimate_pairs(o, h);
    }
    for (i = 0; i < o->n; i++)
        niche_hll_free(h[i]);
    free(h);
    free(size);
    return rc;
}

/* ---- choosing ------------------------------------------------------------------------ */

/* Known follower edges in all; NICHE_ENOTFOUND when an account has none. */
static int count_edges(struct niche_store *st, const struct niche_account *a, size_t n,
                       int64_t *total, struct niche_error *err)
{
    struct niche_account_counts c;
    char name[160];
    size_t i;
    int rc;

    *total = 0;
    for (i = 0; i < n; i++) {
        if ((rc = niche_store_account_counts(st, a[i].id, &c, err)) < 0)
            return rc;
        if (c.followers_known <= 0)
            return niche_error_set(err, NICHE_ENOTFOUND, "%s has no known followers: import"
                                   " them ('niche import followers'), then run 'niche analyze'",
                                   label(&a[i], name, sizeof(name)));
        *total += c.followers_known;
    }
    return 0;
}

int niche_overlap(struct niche_store *st, const struct niche_account *a, size_t n,
                  enum niche_overlap_method method, struct niche_overlap *o,
                  struct niche_error *err)
{
    int64_t edges = 0;
    int rc;

    memset(o, 0, sizeof(*o));
    o->sketched_ms = NICHE_MISSING;
    if ((rc = check_set(a, n, err)) < 0)
        return rc;
    set_result(o, n);
    if (method == NICHE_OVERLAP_ESTIMATE) {
        snprintf(o->why, sizeof(o->why), "asked for");
        return estimate(st, a, o, err);
    }
    if ((rc = count_edges(st, a, n, &edges, err)) < 0)
        return rc;
    if (method == NICHE_OVERLAP_AUTO && edges > NICHE_OVERLAP_EXACT_EDGES) {
        snprintf(o->why, sizeof(o->why), "%lld known follower edges, more than the %d"
                 " counted exactly", (long long)edges, NICHE_OVERLAP_EXACT_EDGES);
        return estimate(st, a, o, err);
    }
    if ((rc = exact(st, a, o, err)) < 0)
        return rc;
    if (rc == 1) {
        if (method == NICHE_OVERLAP_EXACT)
            snprintf(o->why, sizeof(o->why), "asked for");
        else
            snprintf(o->why, sizeof(o->why), "%lld known follower edges, at most %d",
                     (long long)edges, NICHE_OVERLAP_EXACT_EDGES);
        return 0;
    }
    if (method == NICHE_OVERLAP_EXACT)
        return niche_error_set(err, NICHE_EUNSUPPORTED, "follower ids do not fit in 32 bits:"
                               " exact overlap cannot count them (use the estimate)");
    snprintf(o->why, sizeof(o->why), "follower ids do not fit in 32 bits");
    o->edges = 0;
    return estimate(st, a, o, err);
}
