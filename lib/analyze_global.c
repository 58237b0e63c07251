/*
 * analyze_global.c - the parts of an analysis that need every account:
 * engagement pods, brands learned from disclosed posts (and the
 * undisclosed sponsorship they reveal), and peer percentiles in
 * log-scaled follower bands (analyze_int.h; rules in docs/quality.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyze_int.h"
#include "internal.h"
#include "banned.h"

/* ---- interned strings ------------------------------------------------------- */

static uint32_t hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    size_t i;

    for (i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void dict_grow(struct an_dict *d)
{
    size_t i, slots = d->slots ? d->slots * 2 : 1024;
    uint32_t *nt = niche_xcalloc(slots, sizeof(*nt));

    for (i = 0; i < d->n; i++) {
        size_t j = hash(d->str[i], strlen(d->str[i])) & (slots - 1);

        while (nt[j])
            j = (j + 1) & (slots - 1);
        nt[j] = (uint32_t)i + 1;
    }
    free(d->slot);
    d->slot = nt;
    d->slots = slots;
}

uint32_t niche__an_intern(struct an_dict *d, const char *s, size_t len)
{
    size_t j;

    if ((d->n + 1) * 2 > d->slots)
        dict_grow(d);
    for (j = hash(s, len) & (d->slots - 1); d->slot[j]; j = (j + 1) & (d->slots - 1)) {
        const char *t = d->str[d->slot[j] - 1];

        if (!strncmp(t, s, len) && t[len] == '\0')
            return d->slot[j] - 1;
    }
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 256;
        d->str = niche_xrealloc(d->str, d->cap * sizeof(*d->str));
        d->marked = niche_xrealloc(d->marked, d->cap * sizeof(*d->marked));
        d->total = niche_xrealloc(d->total, d->cap * sizeof(*d->total));
    }
    d->str[d->n] = niche_xstrndup(s, len);
    d->marked[d->n] = d->total[d->n] = 0;
    d->slot[j] = (uint32_t)d->n + 1;
    return (uint32_t)d->n++;
}

void niche__an_dict_free(struct an_dict *d)
{
    size_t i;

    for (i = 0; i < d->n; i++)
        free(d->str[i]);
    free(d->str);
    free(d->slot);
    free(d->marked);
    free(d->total);
}

/* ---- brands and undisclosed sponsorship --------------------------------------- */

/* marker: NICHE_MARKER_* of the post (the platform flag counts as explicit). */
void niche__an_brand_use(struct niche_metrics *m, const char *brand, int marker,
                         int undisclosed)
{
    struct niche_brand_use *b = NULL;
    int i;

    for (i = 0; i < m->nbrands; i++)
        if (!strcmp(m->brand[i].name, brand))
            b = &m->brand[i];
    if (!b) {
        if (m->nbrands == NICHE_MAX_BRANDS)
            return;   /* the first four brands; a fifth is rare */
        b = &m->brand[m->nbrands++];
        memset(b, 0, sizeof(*b));
        snprintf(b->name, sizeof(b->name), "%s", brand);
    }
    b->posts++;
    b->disclosed += marker == NICHE_MARKER_EXPLICIT;
    b->ambiguous += marker == NICHE_MARKER_AMBIGUOUS;
    b->undisclosed += undisclosed;
}

#define BRAND_MIN_MARKED 2     /* disclosed mentions before a handle is a brand */
#define WORD_MIN_SUPPORT 20    /* mentions before a phrasing is judged */
#define WORD_MIN_LIFT 0.5      /* phrasing's marked share vs all mentions */

/*
 * A mention in an unmarked post is likely undisclosed sponsorship when the
 * handle is a brand (mentioned in at least two marked posts of the
 * workspace) and the word before it is one that marked posts use: a
 * phrasing seen at least WORD_MIN_SUPPORT times whose marked share is at
 * least WORD_MIN_LIFT times the overall one. "love my @brand" is fan talk;
 * "with @brand" is how the disclosed deals read.
 */
static int phrased_like_deal(const struct an *an, uint32_t w, double base)
{
    const struct an_dict *d = &an->words;

    if (d->total[w] < WORD_MIN_SUPPORT)
        return 1;   /* unknown phrasing: the brand decides */
    return (double)d->marked[w] / (double)d->total[w] >= WORD_MIN_LIFT * base;
}

static void flag_post(struct an *an, const struct an_cand *c)
{
    struct niche_post_sponsorship *ps;
    struct niche_metrics *m = &an->m[c->mi];

    m->undisclosed++;
    niche__an_brand_use(m, an->brands.str[c->brand], NICHE_MARKER_NONE, 1);
    NICHE_ALLOC_GROW(an->spons, an->nspons + 1, an->aspons);
    ps = &an->spons[an->nspons++];
    memset(ps, 0, sizeof(*ps));
    ps->post_id = c->post_id;
    ps->account_id = m->account_id;
    ps->check.compliance = NICHE_COMPLIANCE_FAIL;
    ps->likely_undisclosed = 1;
    snprintf(ps->brand, sizeof(ps->brand), "%s", an->brands.str[c->brand]);
    an->run.undisclosed_posts++;
}

void niche__an_undisclosed(struct an *an)
{
    int64_t marked = 0, total = 0;
    size_t i;
    double base;

    for (i = 0; i < an->brands.n; i++) {
        marked += an->brands.marked[i];
        total += an->brands.total[i];
        an->run.brands += an->brands.marked[i] >= BRAND_MIN_MARKED;
    }
    base = total ? (double)marked / (double)total : 0;
    for (i = 0; i < an->ncand; i++) {
        const struct an_cand *c = &an->cand[i];

        /* One flag per post, whatever number of brands it names. */
        if (i > 0 && an->cand[i - 1].post_id == c->post_id &&
            an->spons[an->nspons - 1].post_id == c->post_id)
            continue;
        if (an->brands.marked[c->brand] >= BRAND_MIN_MARKED &&
            phrased_like_deal(an, c->word, base))
            flag_post(an, c);
    }
}

/* ---- engagement pods ------------------------------------------------------------ */

#define POD_MIN_POSTS 3   /* a commenter on this many of an account's posts recurs */
#define POD_MIN_SIZE 3    /* accounts linked by reciprocal recurring comments */

static int cmp_triple(const void *a, const void *b)
{
    const struct an_triple *x = a, *y = b;

    if (x->mi != y->mi)
        return x->mi < y->mi ? -1 : 1;
    if (x->author != y->author)
        return x->author < y->author ? -1 : 1;
    return x->post_id < y->post_id ? -1 : x->post_id > y->post_id;
}

struct pod_link {
    int32_t from, to;     /* metrics slots: from comments on to's posts */
};

static int cmp_link(const void *a, const void *b)
{
    const struct pod_link *x = a, *y = b;

    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return x->to < y->to ? -1 : x->to > y->to;
}

static int32_t uf_find(int32_t *parent, int32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* Links author -> account where the author commented on POD_MIN_POSTS or
 * more distinct posts. Caller frees. */
static struct pod_link *recurring_links(struct an *an, size_t *nlinks)
{
    struct pod_link *l = NULL;
    size_t i = 0, n = 0, alloc = 0;

    if (an->ntrip > 1)   /* qsort() must not see the NULL of an empty list */
        qsort(an->trip, an->ntrip, sizeof(*an->trip), cmp_triple);
    while (i < an->ntrip) {
        size_t j = i + 1;
        int posts = 1;

        for (; j < an->ntrip && an->trip[j].mi == an->trip[i].mi &&
               an->trip[j].author == an->trip[i].author; j++)
            posts += an->trip[j].post_id != an->trip[j - 1].post_id;
        if (posts >= POD_MIN_POSTS) {
            NICHE_ALLOC_GROW(l, n + 1, alloc);
            l[n++] = (struct pod_link){ niche__an_slot(an, an->trip[i].author),
                                        an->trip[i].mi };
        }
        i = j;
    }
    *nlinks = n;
    return l;
}

/* Union the two ends of every reciprocal link. */
static void join_reciprocal(struct pod_link *l, size_t n, int32_t *parent)
{
    size_t i;

    if (n == 0)
        return;
    qsort(l, n, sizeof(*l), cmp_link);
    for (i = 0; i < n; i++) {
        struct pod_link back = { l[i].to, l[i].from };

        if (l[i].from < l[i].to && bsearch(&back, l, n, sizeof(*l), cmp_link)) {
            int32_t a = uf_find(parent, l[i].from), b = uf_find(parent, l[i].to);

            if (a != b)
                parent[a < b ? b : a] = a < b ? a : b;
        }
    }
}

/* Number the components of POD_MIN_SIZE or more in account order (a pod's
 * number comes from its smallest account id), not slot order: slots are
 * handed out in whatever order the passes meet accounts, which depends on
 * which accounts' post facts were fresh. */
static void number_pods(struct an *an, int32_t *parent)
{
    int64_t *size = niche_xcalloc(an->nm ? an->nm : 1, sizeof(*size));
    int64_t *num = niche_xcalloc(an->nm ? an->nm : 1, sizeof(*num));
    size_t i;

    for (i = 0; i < an->nm; i++)
        size[uf_find(parent, (int32_t)i)]++;
    for (i = 0; i < an->nacc; i++) {
        int32_t mi = an->acc[i].mi, r;

        if (mi < 0 || size[r = uf_find(parent, mi)] < POD_MIN_SIZE)
            continue;
        if (!num[r])
            num[r] = ++an->run.pods;
        an->m[mi].pod = num[r];
        an->m[mi].pod_size = size[r];
    }
    free(size);
    free(num);
}

void niche__an_pods(struct an *an)
{
    size_t i, nlinks;
    struct pod_link *l = recurring_links(an, &nlinks);
    int32_t *parent = niche_xmalloc((an->nm ? an->nm : 1) * sizeof(*parent));

    for (i = 0; i < an->nm; i++)
        parent[i] = (int32_t)i;
    join_reciprocal(l, nlinks, parent);
    number_pods(an, parent);
    /* Comments from pod mates, and how many came in the first hour. */
    for (i = 0; i < an->ntrip; i++) {
        const struct an_triple *t = &an->trip[i];
        struct niche_metrics *m = &an->m[t->mi];
        int32_t ami = an->acc[t->author].mi;

        if (m->pod && ami >= 0 && an->m[ami].pod == m->pod) {
            m->pod_comments++;
            m->first_hour_comments += t->first_hour;
        }
    }
    free(parent);
    free(l);
}

/* ---- peer percentiles ------------------------------------------------------------- */

struct peer_val {
    int32_t mi;
    int16_t band;
    double v;
};

static int cmp_peer(const void *a, const void *b)
{
    const struct peer_val *x = a, *y = b;

    if (x->band != y->band)
        return x->band < y->band ? -1 : 1;
    return x->v < y->v ? -1 : x->v > y->v;
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Values below v (ties count half) in sorted x[0..n). */
static double rank_of(const double *x, size_t n, double v)
{
    size_t lo = 0, hi = n, eq;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (x[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (eq = lo; eq < n && x[eq] == v; eq++)
        ;
    return (double)lo + 0.5 * (double)(eq - lo);
}

/* The values of bands [lo, hi], sorted: p is sorted by band, so they are
 * the contiguous run p[start[lo] .. start[hi + 1]). */
static double *merge_bands(const struct peer_val *p, const size_t *start, int lo, int hi,
                           size_t *out_n)
{
    size_t i, k = 0, n = start[hi + 1] - start[lo];
    double *x = niche_xmalloc((n ? n : 1) * sizeof(*x));

    for (i = start[lo]; i < start[hi + 1]; i++)
        x[k++] = p[i].v;
    qsort(x, k, sizeof(*x), cmp_dbl);
    *out_n = k;
    return x;
}

/* Widen [lo, hi] around band b, one band each side at a time, until it
 * holds min_peers values or every populated band [first, last]. */
static void widen(const int64_t *count, int first, int last, int b, int min_peers, int *lo,
                  int *hi)
{
    int64_t have = count[b];

    *lo = *hi = b;
    while (have < min_peers && (*lo > first || *hi < last)) {
        if (*lo > first)
            have += count[--*lo];
        if (*hi < last && have < min_peers)
            have += count[++*hi];
    }
}

#define NBANDS 512

static void peers_of(struct an *an, struct peer_val *p, size_t n, enum niche_er_variant v)
{
    int64_t count[NBANDS] = { 0 };
    size_t i = 0, k, start[NBANDS + 1];

    for (k = 0; k < n; k++)
        count[p[k].band]++;
    start[0] = 0;
    for (k = 0; k < NBANDS; k++)
        start[k + 1] = start[k] + (size_t)count[k];
    while (i < n) {
        size_t j = i, nx;
        int lo, hi;
        double *x;

        while (j < n && p[j].band == p[i].band)
            j++;
        widen(count, p[0].band, p[n - 1].band, p[i].band, an->o->min_peers, &lo, &hi);
        x = merge_bands(p, start, lo, hi, &nx);
        for (; i < j; i++) {
            struct niche_peer *pr = &an->m[p[i].mi].peer[v];

            pr->band_lo = lo;
            pr->band_hi = hi;
            pr->peers = (int64_t)nx;
            /* Fewer peers than the floor on the whole platform: no benchmark. */
            if (nx < (size_t)an->o->min_peers)
                continue;
            pr->percentile = rank_of(x, nx, p[i].v) / (double)nx;
            pr->median = nx % 2 ? x[nx / 2] : (x[nx / 2 - 1] + x[nx / 2]) / 2;
        }
        free(x);
    }
}

/* Percentile of each rate among same-platform accounts of similar size. */
void niche__an_peers(struct an *an)
{
    struct peer_val *p = niche_xmalloc((an->nm ? an->nm : 1) * sizeof(*p));
    int plat, v;

    for (plat = 1; plat < NICHE_PLATFORM__COUNT; plat++)
        for (v = 0; v < NICHE_ER__COUNT; v++) {
            size_t i, n = 0;

            for (i = 0; i < an->nm; i++) {
                const struct niche_metrics *m = &an->m[i];
                int b = niche_band_of(m->followers);

                if ((int)m->platform != plat || isnan(m->er[v].value) || b < 0 || b >= NBANDS)
                    continue;
                p[n++] = (struct peer_val){ (int32_t)i, (int16_t)b, m->er[v].value };
            }
            qsort(p, n, sizeof(*p), cmp_peer);
            peers_of(an, p, n, (enum niche_er_variant)v);
        }
    free(p);
}
