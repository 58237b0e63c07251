/*
 * lookalike.c - the accounts most like one account (lookalike.h).
 *
 * One pass per source, each a whole-workspace scan in account id order,
 * into one record per account of the query's platform (found by binary
 * search in the sorted ids of that platform):
 *
 *   niche scores   (account_niche)  dot product with q's, own norm
 *   hashtags       (account_tag)    the same, over posts per hashtag
 *   sketches       (audience)       MinHash Jaccard with q's signature
 *
 * A label scan meets q's labels somewhere in the middle, so it keeps the
 * platform's labels, keyed by a 64-bit hash of their text (24 bytes each,
 * no strings), and the dot products are taken once it is over: one scan
 * per source, each the cost of a whole-table join in the store. Memory is
 * one 48-byte record per account of the platform plus those labels; time
 * is the three scans plus, per sketch, one merge walk of at most 2k
 * values.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#include "niche/lookalike.h"
#include "niche/sketch.h"
#include "niche/store.h"
#include "internal.h"
#include "banned.h"

enum { SRC_NICHE = 0, SRC_TAG = 1 };

/* q's labels of one source: hashed keys and values. */
struct qvec {
    uint64_t *key;
    double *v;
    size_t n, alloc;
    double norm2;
};

struct cand {
    double dot[2], norm2[2];
    double jaccard;
    uint8_t has[2], sketch;
};

/* A label of a candidate, until q's vector is known. */
struct label {
    uint64_t key;
    double v;
    uint32_t ci;                  /* index into ids[] and c[] */
};

struct look {
    int64_t qid;
    int64_t *ids;                 /* the platform's accounts, ascending */
    size_t nids, aids;
    struct cand *c;               /* one per ids[] entry */
    struct qvec q[2];
    int src;                      /* the label pass running */
    struct label *lab;            /* the pass's candidate labels */
    size_t nlab, alab;
    struct niche_minhash *qmh;    /* q's signature, or NULL */
};

static const char *const by_names[] = { "both", "audience", "content" };

const char *niche_lookalike_by_name(enum niche_lookalike_by by)
{
    return (unsigned)by < 3 ? by_names[by] : "?";
}

int niche_lookalike_by_parse(const char *name)
{
    int i;

    for (i = 0; i < 3; i++)
        if (name && !strcmp(name, by_names[i]))
            return i;
    return -1;
}

void niche_lookalike_release(struct niche_lookalike *l)
{
    if (!l)
        return;
    free(l->hits);
    memset(l, 0, sizeof(*l));
}

static uint64_t key_of(const char *s)
{
    return XXH3_64bits(s, strlen(s));
}

/* The index of account id in ids[], or -1 (q itself too). */
static ptrdiff_t cand_index(const struct look *lk, int64_t id)
{
    size_t lo = 0, hi = lk->nids;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (lk->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < lk->nids && lk->ids[lo] == id && id != lk->qid ? (ptrdiff_t)lo : -1;
}

static struct cand *cand_of(struct look *lk, int64_t id)
{
    ptrdiff_t i = cand_index(lk, id);

    return i < 0 ? NULL : &lk->c[i];
}

/* ---- the scans ---------------------------------------------------------------- */

static int platform_cb(void *ctx, const struct niche_account *a)
{
    struct look *lk = ctx;

    NICHE_ALLOC_GROW(lk->ids, lk->nids + 1, lk->aids);
    lk->ids[lk->nids++] = a->id;
    return 0;
}

static int load_platform(struct niche_store *st, struct look *lk, enum niche_platform p,
                         struct niche_error *err)
{
    struct niche_account_query q = NICHE_ACCOUNT_QUERY_INIT;
    int rc;

    q.platform = p;
    q.sort = NICHE_SORT_ID;
    q.descending = 0;
    if ((rc = niche_store_account_query(st, &q, platform_cb, lk, err)) < 0)
        return rc;
    lk->c = niche_xcalloc(lk->nids ? lk->nids : 1, sizeof(*lk->c));
    return 0;
}

static void query_label(struct look *lk, const char *key, double value)
{
    struct qvec *q = &lk->q[lk->src];

    if (q->n == q->alloc) {
        q->alloc = q->alloc ? 2 * q->alloc : 16;
        q->key = niche_xrealloc(q->key, q->alloc * sizeof(*q->key));
        q->v = niche_xrealloc(q->v, q->alloc * sizeof(*q->v));
    }
    q->key[q->n] = key_of(key);
    q->v[q->n++] = value;
    q->norm2 += value * value;
}

static int label_cb(void *ctx, int64_t account_id, const char *dim, const char *key,
                    double value)
{
    struct look *lk = ctx;
    ptrdiff_t ci;

    (void)dim;
    if (!key || !(value > 0))
        return 0;
    if (account_id == lk->qid) {
        query_label(lk, key, value);
        return 0;
    }
    if ((ci = cand_index(lk, account_id)) < 0)
        return 0;
    lk->c[ci].has[lk->src] = 1;
    lk->c[ci].norm2[lk->src] += value * value;
    NICHE_ALLOC_GROW(lk->lab, lk->nlab + 1, lk->alab);
    lk->lab[lk->nlab++] = (struct label){ key_of(key), value, (uint32_t)ci };
    return 0;
}

static int label_pass(struct niche_store *st, struct look *lk, int src,
                      struct niche_error *err)
{
    enum niche_label_kind kind = src == SRC_NICHE ? NICHE_LABEL_NICHE : NICHE_LABEL_TAG;
    const struct qvec *q = &lk->q[src];
    size_t i, j;
    int rc;

    lk->src = src;
    lk->nlab = 0;
    if ((rc = niche_store_label_scan(st, kind, label_cb, lk, err)) < 0)
        return rc;
    for (i = 0; i < lk->nlab; i++)   /* q has a few labels: a linear look-up */
        for (j = 0; j < q->n; j++)
            if (q->key[j] == lk->lab[i].key)
                lk->c[lk->lab[i].ci].dot[src] += lk->lab[i].v * q->v[j];
    return 0;
}

static int sketch_cb(void *ctx, const struct niche_audience *a)
{
    struct look *lk = ctx;
    struct cand *c = cand_of(lk, a->account_id);
    struct niche_minhash *m = NULL;

    if (!c || !a->minhash)
        return 0;
    c->sketch = 1;
    /* A damaged blob is left out rather than failing the whole search. */
    if (lk->qmh && niche_minhash_deserialize(&m, a->minhash, a->minhash_len, NULL) == 0)
        c->jaccard = niche_minhash_jaccard(lk->qmh, m);
    else
        c->jaccard = NAN;
    niche_minhash_free(m);
    return 0;
}

/* q's signature, when it has one. */
static int query_sketch(struct niche_store *st, struct look *lk, struct niche_lookalike *out,
                        struct niche_error *err)
{
    struct niche_audience a;
    int rc = niche_store_audience_get(st, lk->qid, &a, err);

    if (rc == NICHE_ENOTFOUND) {   /* no sketch: check_query() decides */
        niche_error_clear(err);
        rc = 0;
    } else if (rc == 0 && a.minhash &&
               (rc = niche_minhash_deserialize(&lk->qmh, a.minhash, a.minhash_len, err)) == 0) {
        out->k = niche_minhash_k(lk->qmh);
        out->known = a.sample_size == NICHE_MISSING ? 0 : a.sample_size;
    }
    niche_audience_release(&a);
    return rc;
}

/* ---- ranking ---------------------------------------------------------------------- */

static double cosine(const struct look *lk, const struct cand *c, int src)
{
    double d = lk->q[src].norm2 * c->norm2[src];

    if (!lk->q[src].n)
        return NAN;
    return c->has[src] && d > 0 ? fmin(1, c->dot[src] / sqrt(d)) : 0;
}

static void fill_hit(const struct look *lk, const struct cand *c, enum niche_lookalike_by by,
                     struct niche_lookalike_hit *h)
{
    double a, b;

    h->niches = cosine(lk, c, SRC_NICHE);
    h->hashtags = cosine(lk, c, SRC_TAG);
    h->content = isnan(h->niches) ? h->hashtags
                 : isnan(h->hashtags) ? h->niches : (h->niches + h->hashtags) / 2;
    h->audience = c->sketch ? c->jaccard : NAN;
    a = isnan(h->audience) ? 0 : h->audience;
    b = isnan(h->content) ? 0 : h->content;
    h->score = by == NICHE_LOOKALIKE_AUDIENCE ? h->audience
               : by == NICHE_LOOKALIKE_CONTENT ? h->content : sqrt(a * b);
}

/* A hit and its tie-break (the other similarity, -1 when unknown): qsort
 * has no context argument in C11, so the key travels with the hit. */
struct ranked {
    struct niche_lookalike_hit h;
    double tie;
};

/* Best score first, then the other similarity, then the lower id. */
static int cmp_ranked(const void *x, const void *y)
{
    const struct ranked *a = x, *b = y;

    if (a->h.score != b->h.score)
        return a->h.score > b->h.score ? -1 : 1;
    if (a->tie != b->tie)
        return a->tie > b->tie ? -1 : 1;
    return a->h.account_id < b->h.account_id ? -1 : a->h.account_id > b->h.account_id;
}

static void rank(struct look *lk, enum niche_lookalike_by by, size_t limit,
                 struct niche_lookalike *out)
{
    struct ranked *r = niche_xmalloc((lk->nids ? lk->nids : 1) * sizeof(*r));
    size_t i, n = 0;

    for (i = 0; i < lk->nids; i++) {
        const struct cand *c = &lk->c[i];
        double tie;

        if (lk->ids[i] == lk->qid || (!c->sketch && !c->has[SRC_TAG]))
            continue;
        out->candidates++;
        r[n].h.account_id = lk->ids[i];
        fill_hit(lk, c, by, &r[n].h);
        tie = by == NICHE_LOOKALIKE_AUDIENCE ? r[n].h.content : r[n].h.audience;
        r[n].tie = isnan(tie) ? -1 : tie;
        if (r[n].h.score > 0)   /* NaN fails too */
            n++;
    }
    qsort(r, n, sizeof(*r), cmp_ranked);
    out->n = n < limit ? n : limit;
    out->hits = niche_xmalloc((out->n ? out->n : 1) * sizeof(*out->hits));
    for (i = 0; i < out->n; i++)
        out->hits[i] = r[i].h;
    free(r);
}

/* ---- the entry point ---------------------------------------------------------------- */

/* What by needs of q, or NICHE_ENOTFOUND naming it. */
static int check_query(const struct niche_account *q, enum niche_lookalike_by by,
                       const struct niche_lookalike *out, struct niche_error *err)
{
    const char *p = niche_platform_name(q->platform), *h = q->handle ? q->handle : "?";

    if (by != NICHE_LOOKALIKE_CONTENT && !out->k)
        return niche_error_set(err, NICHE_ENOTFOUND, "%s:%s has no audience sketch: it has no"
                               " known followers, or 'niche analyze' has not run since they"
                               " were imported (try --by content)", p, h);
    if (by != NICHE_LOOKALIKE_AUDIENCE && !out->query_niches && !out->query_hashtags)
        return niche_error_set(err, NICHE_ENOTFOUND, "%s:%s has no niches and no hashtags:"
                               " run 'niche analyze' after importing its posts (or try --by"
                               " audience)", p, h);
    return 0;
}

static void look_release(struct look *lk)
{
    int i;

    for (i = 0; i < 2; i++) {
        free(lk->q[i].key);
        free(lk->q[i].v);
    }
    free(lk->ids);
    free(lk->c);
    free(lk->lab);
    niche_minhash_free(lk->qmh);
}

int niche_lookalike(struct niche_store *st, const struct niche_account *q,
                    enum niche_lookalike_by by, size_t limit, struct niche_lookalike *out,
                    struct niche_error *err)
{
    struct look lk;
    int rc;

    memset(out, 0, sizeof(*out));
    memset(&lk, 0, sizeof(lk));
    out->by = by;
    lk.qid = q->id;
    if ((unsigned)by > NICHE_LOOKALIKE_CONTENT || limit < 1 || limit > NICHE_LOOKALIKE_MAX)
        return niche_error_set(err, NICHE_EINVAL, "lookalike needs a ranking and a limit of"
                               " 1 to %d", NICHE_LOOKALIKE_MAX);
    if ((rc = query_sketch(st, &lk, out, err)) < 0 ||
        (rc = load_platform(st, &lk, q->platform, err)) < 0 ||
        (rc = label_pass(st, &lk, SRC_NICHE, err)) < 0 ||
        (rc = label_pass(st, &lk, SRC_TAG, err)) < 0)
        goto out;
    out->query_niches = (int)lk.q[SRC_NICHE].n;
    out->query_hashtags = (int)lk.q[SRC_TAG].n;
    if ((rc = check_query(q, by, out, err)) < 0 ||
        (rc = niche_store_audience_scan(st, q->platform, NICHE_AUDIENCE_MINHASH, sketch_cb,
                                        &lk, err)) < 0)
        goto out;
    rank(&lk, by, limit, out);
    rc = 0;
out:
    look_release(&lk);
    return rc;
}
