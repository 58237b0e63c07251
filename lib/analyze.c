/*
 * analyze.c - niche_analyze(): read the workspace in account order and
 * audit every account (analyze.h).
 *
 * Each pass streams one kind of row ordered by account id and finishes an
 * account's share of the work when the id changes, so memory holds the
 * results and never the posts or edges. The passes and what they fill:
 *
 *   accounts   index of ids, follower features and signals, bios -> niches
 *   snapshots  growth and anomalies (analyze_snaps.c)
 *   posts      engagement rates, activity, markers, mentions, captions -> niches,
 *              from each account's post facts (analyze_facts.c)
 *   followers  follower types of each audience, fake share, reachability
 *              and the audience sketches (analyze_sketch.c)
 *   comments   comment counts, recurring commenters (pods, analyze_global.c)
 *
 * The snapshots pass runs on a second thread beside the accounts pass
 * (analyze_snaps.c), the followers pass on one beside the posts and
 * comments passes; stale post facts are built on several.
 *
 * Then analyze_global.c finds pods, learns brands and peer percentiles, and
 * everything is written in one transaction that first deletes the
 * previous results (docs/quality.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include "analyze_int.h"
#include "store_int.h"
#include "internal.h"
#include "banned.h"

#define DAY_MS 86400000LL
#define HOUR_MS 3600000LL

/* ---- the account index --------------------------------------------------- */

int32_t niche__an_index(const struct an *an, int64_t id)
{
    size_t lo = 0, hi = an->nacc;

    if (an->idx_of)
        return id >= an->id_min && id <= an->id_max ? an->idx_of[id - an->id_min] : -1;
    while (lo < hi) {   /* ids arrive sorted from the account pass */
        size_t mid = lo + (hi - lo) / 2;

        if (an->acc[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < an->nacc && an->acc[lo].id == id ? (int32_t)lo : -1;
}

static void metrics_init(struct an *an, struct niche_metrics *m, const struct an_acc *a)
{
    int v;

    memset(m, 0, sizeof(*m));
    m->account_id = a->id;
    m->platform = (enum niche_platform)a->platform;
    m->followers = a->followers;
    m->as_of_ms = NICHE_MISSING;
    snprintf(m->scheme, sizeof(m->scheme), "%s", an->scheme->id);
    for (v = 0; v < NICHE_ER__COUNT; v++) {
        m->er[v].value = NAN;
        m->peer[v].band_lo = m->peer[v].band_hi = -1;
        m->peer[v].percentile = m->peer[v].median = NAN;
    }
    m->activity.posts_per_week = m->activity.interval_cv = NAN;
    m->activity.first_ms = m->activity.last_ms = NICHE_MISSING;
    m->growth.monthly = m->growth.last_30d = NAN;
    m->growth.from_ms = m->growth.to_ms = NICHE_MISSING;
    m->authentic = m->authentic_lo = m->authentic_hi = NAN;
    m->fake = m->fake_lo = m->fake_hi = m->reachability = NAN;
    m->comment_authenticity = m->aqs = m->ppp = NAN;
    m->ppp_sponsored.value = m->ppp_organic.value = NAN;
    m->bought = -1;
    for (v = 0; v < NICHE_AQS__COUNT; v++)
        m->aqs_part[v] = NAN;
}

/* The results slot of account ai, made on first use. */
int32_t niche__an_slot(struct an *an, int32_t ai)
{
    struct an_acc *a = &an->acc[ai];

    if (a->mi >= 0)
        return a->mi;
    if (an->nm == an->am) {
        an->am = an->am ? an->am * 2 : 1024;
        an->m = niche_xrealloc(an->m, an->am * sizeof(*an->m));
        an->topic = niche_xrealloc(an->topic, an->am * sizeof(*an->topic));
        an->median_views = niche_xrealloc(an->median_views,
                                          an->am * sizeof(*an->median_views));
        an->tag_off = niche_xrealloc(an->tag_off, an->am * sizeof(*an->tag_off));
    }
    metrics_init(an, &an->m[an->nm], a);
    niche_topic_acc_init(&an->topic[an->nm]);
    an->median_views[an->nm] = NAN;
    an->tag_off[an->nm] = -1;
    a->mi = (int32_t)an->nm++;
    return a->mi;
}

int niche__an_progress(struct an *an, const char *stage, int64_t done, int64_t total)
{
    if (an->o->on_progress && an->o->on_progress(an->o->ctx, stage, done, total))
        return niche_error_set(an->err, NICHE_ECANCELED, "analysis cancelled");
    return 0;
}

/* ---- pass 1: accounts ------------------------------------------------------ */

static void feed_text(struct an *an, int32_t mi, enum niche_topic_source src,
                      const char *text, const char *lang)
{
    if (text && *text)
        niche_topics_feed(an->topics, &an->topic[mi], src, text, strlen(text), lang);
}

static int account_cb(void *ctx, const struct niche_account *a)
{
    struct an *an = ctx;
    struct an_acc *x;

    NICHE_ALLOC_GROW(an->acc, an->nacc + 1, an->aacc);
    x = &an->acc[an->nacc];
    memset(x, 0, sizeof(*x));
    x->id = a->id;
    x->followers = a->followers;
    x->following = a->following;
    x->posts = a->posts;
    x->last_active_ms = a->last_active_ms;
    x->mi = -1;
    x->platform = (uint8_t)a->platform;
    x->signals = (uint8_t)niche_suspicious_signals(a);
    if (a->language && strlen(a->language) == 2)
        memcpy(x->lang, a->language, 3);
    if (a->last_active_ms != NICHE_MISSING && a->last_active_ms > an->latest_ms)
        an->latest_ms = a->last_active_ms;
    an->nacc++;
    if ((a->bio && *a->bio) || (a->category && *a->category)) {
        int32_t mi = niche__an_slot(an, (int32_t)(an->nacc - 1));

        feed_text(an, mi, NICHE_TOPIC_BIO, a->bio, x->lang[0] ? x->lang : NULL);
        feed_text(an, mi, NICHE_TOPIC_CATEGORY, a->category, x->lang[0] ? x->lang : NULL);
    }
    return 0;
}

/* A direct id -> index table when ids are dense enough; else bsearch. */
static void build_index(struct an *an)
{
    size_t i, span;

    if (!an->nacc)
        return;
    an->id_min = an->acc[0].id;
    an->id_max = an->acc[an->nacc - 1].id;
    span = (size_t)(an->id_max - an->id_min + 1);
    if (span > 4 * an->nacc + (1u << 20))
        return;
    an->idx_of = niche_xmalloc(span * sizeof(*an->idx_of));
    memset(an->idx_of, 0xff, span * sizeof(*an->idx_of));
    for (i = 0; i < an->nacc; i++)
        an->idx_of[an->acc[i].id - an->id_min] = (int32_t)i;
}

static int pass_accounts(struct an *an)
{
    int rc;

    if ((rc = niche__store_account_scan(an->st, account_cb, an, an->err)) < 0)
        return rc;
    build_index(an);
    an->seen = niche_xcalloc(an->nacc ? an->nacc : 1, 1);
    an->run.accounts = (int64_t)an->nacc;
    return niche__an_progress(an, "accounts", (int64_t)an->nacc, (int64_t)an->nacc);
}

/* ---- pass 2: posts, through their facts ------------------------------------------ */

/*
 * Posts reach analysis as each account's facts (facts.c): its posts'
 * numbers and what their captions said, reduced once. Fresh facts are
 * read as one blob per account; stale ones (a post of the account changed
 * since, or the lexicons did) are rebuilt from the posts, stored for the
 * next run, and then used exactly as read ones, so both give one result.
 */

/* PPP: ER_F_MEAN over every known post on each side, since sponsored
 * posts are few. */
static void ppp(struct an *an, struct niche_metrics *m)
{
    struct niche_post *sp = niche_xmalloc(an->nbuf * sizeof(*sp));
    struct niche_post *org = niche_xmalloc(an->nbuf * sizeof(*org));
    struct niche_er_opts o = an->o->er;
    size_t i, ns = 0, no = 0;

    for (i = 0; i < an->nbuf; i++) {
        if (an->buf[i].saves == 1)   /* the marked flag, see count_markers() */
            sp[ns++] = an->buf[i];
        else
            org[no++] = an->buf[i];
    }
    o.mean_window = (int)an->nbuf;
    o.min_posts = o.ppp_min_posts;
    niche_er_f_mean(sp, ns, m->followers, &o, &m->ppp_sponsored);
    niche_er_f_mean(org, no, m->followers, &o, &m->ppp_organic);
    m->ppp = m->ppp_sponsored.value / m->ppp_organic.value;
    if (!isfinite(m->ppp))
        m->ppp = NAN;
    free(sp);
    free(org);
}

static double median_views(const struct niche_post *p, size_t n)
{
    double *v = niche_xmalloc((n ? n : 1) * sizeof(*v)), med;
    size_t i, nv = 0, w = n < 30 ? n : 30;

    for (i = 0; i < w; i++)
        if (p[i].views != NICHE_MISSING && p[i].views >= 0)
            v[nv++] = (double)p[i].views;
    med = niche_median(v, nv);
    free(v);
    return med;
}

/* Rates over slot mi's buffered posts (newest first). */
static void finish_posts(struct an *an, int32_t mi)
{
    struct niche_metrics *m = &an->m[mi];

    niche_er_f_mean(an->buf, an->nbuf, m->followers, &an->o->er, &m->er[NICHE_ER_F_MEAN]);
    /* The median's two months end at the account's latest post unless an
     * as-of time was given: exports are often months old. */
    niche_er_f_median(an->buf, an->nbuf, m->followers,
                      an->o->as_of_ms != NICHE_MISSING ? an->o->as_of_ms
                      : an->buf[0].posted_ms != NICHE_MISSING ? an->buf[0].posted_ms
                      : niche__now_ms(), &an->o->er, &m->er[NICHE_ER_F_MEDIAN]);
    if (niche_platform_has_views(m->platform)) {
        niche_er_v(an->buf, an->nbuf, &an->o->er, &m->er[NICHE_ER_V]);
        an->median_views[mi] = median_views(an->buf, an->nbuf);
    }
    niche_activity(an->buf, an->nbuf, &m->activity);
    ppp(an, m);
    an->nbuf = 0;
}

/* Where a post's comments lead: its account's slot and its time. */
static void map_post(struct an *an, int64_t id, int32_t mi, int64_t posted_ms)
{
    size_t need;

    if (!an->pm_n) {
        an->pm_lo = id;
    } else if (id < an->pm_lo) {   /* out of order: move the map up */
        int64_t lo = id;
        size_t shift;

        /* by the map's size at least (not below id 1), so that ids read
         * falling move it a few times, not once per post */
        if ((uint64_t)(an->pm_lo - id) < an->pm_n && id > 0)
            lo = an->pm_lo - (int64_t)an->pm_n < 1 ? 1 : an->pm_lo - (int64_t)an->pm_n;
        shift = (size_t)(an->pm_lo - lo);

        NICHE_ALLOC_GROW(an->pm, an->pm_n + shift, an->pm_alloc);
        memmove(an->pm + shift, an->pm, an->pm_n * sizeof(*an->pm));
        memset(an->pm, 0xff, shift * sizeof(*an->pm));
        an->pm_n += shift;
        an->pm_lo = lo;
    }
    need = (size_t)(id - an->pm_lo) + 1;
    if (need > an->pm_n) {
        NICHE_ALLOC_GROW(an->pm, need, an->pm_alloc);
        memset(an->pm + an->pm_n, 0xff, (need - an->pm_n) * sizeof(*an->pm));
        an->pm_n = need;
    }
    an->pm[id - an->pm_lo].mi = mi;
    an->pm[id - an->pm_lo].posted_s = posted_ms == NICHE_MISSING ? UINT32_MAX
                                      : (uint32_t)(posted_ms / 1000);
}

/* A marked post a reviewer must see, kept for the store. */
static void keep_sponsorship(struct an *an, const struct niche__facts *f,
                             const struct niche__facts_kept *k, int64_t account_id)
{
    struct niche_post_sponsorship *ps;

    NICHE_ALLOC_GROW(an->spons, an->nspons + 1, an->aspons);
    ps = &an->spons[an->nspons++];
    memset(ps, 0, sizeof(*ps));
    ps->post_id = f->post[k->post].id;
    ps->account_id = account_id;
    ps->check = f->check[k->post];
    memcpy(ps->brand, f->text.buf + k->brand, k->blen);   /* blen < sizeof(brand) */
    ps->brand[k->blen] = '\0';
}

/* Each mention: learned as a brand when its post is marked, a candidate
 * for undisclosed sponsorship when it is not (analyze_global.c). */
static void count_mentions(struct an *an, int32_t mi, const struct niche__facts *f)
{
    size_t i;

    for (i = 0; i < f->nmen; i++) {
        const struct niche__facts_mention *x = &f->men[i];
        const struct niche_disclosure_check *chk = &f->check[x->post];
        const char *brand = f->text.buf + x->brand;
        uint32_t b = niche__an_intern(&an->brands, brand, x->blen);
        uint32_t w = niche__an_intern(&an->words, f->text.buf + x->word, x->wlen);

        an->brands.total[b]++;
        an->words.total[w]++;
        if (chk->flag || chk->marker != NICHE_MARKER_NONE) {
            char name[48];

            an->brands.marked[b]++;
            an->words.marked[w]++;
            snprintf(name, sizeof(name), "%.*s", (int)x->blen, brand);
            niche__an_brand_use(&an->m[mi], name,
                                chk->flag ? NICHE_MARKER_EXPLICIT : (int)chk->marker, 0);
            continue;
        }
        NICHE_ALLOC_GROW(an->cand, an->ncand + 1, an->acand);
        an->cand[an->ncand++] = (struct an_cand){ mi, b, w, f->post[x->post].id };
    }
}

/* Disclosure counts; the buffered numbers remember which posts were
 * disclosed in saves, which no rate reads (see ppp()). */
static void count_markers(struct an *an, struct niche_metrics *m, const struct niche__facts *f)
{
    size_t i;

    for (i = 0; i < f->n; i++) {
        const struct niche_disclosure_check *chk = &f->check[i];
        int marked = chk->flag || chk->marker != NICHE_MARKER_NONE;

        m->posts_scanned++;
        m->sponsored += chk->flag || chk->marker == NICHE_MARKER_EXPLICIT;
        m->ambiguous += !chk->flag && chk->marker == NICHE_MARKER_AMBIGUOUS;
        m->buried += marked && chk->buried && !chk->flag;
        an->buf[i] = f->post[i];
        an->buf[i].saves = chk->flag || chk->marker == NICHE_MARKER_EXPLICIT;
    }
    an->nbuf = f->n;
}

/* Slot mi's top hashtags as "posts tag" lines ending with an empty one. */
static void keep_tags(struct an *an, int32_t mi, const struct niche__facts *f)
{
    char line[NICHE_TAG_MAX + 32];
    int i, len;

    if (!f->ntags)
        return;
    an->tag_off[mi] = (int64_t)an->tagtext.len;
    for (i = 0; i < f->ntags; i++) {
        len = snprintf(line, sizeof(line), "%lld %s\n", (long long)f->tag[i].posts,
                       f->tag[i].tag);
        (void)niche__buf_add(&an->tagtext, line, (size_t)len);   /* no cap: only OOM, fatal */
    }
    (void)niche__buf_addch(&an->tagtext, '\n');
}

static void add_topics(struct niche_topic_acc *to, const struct niche_topic_acc *from)
{
    int i;

    for (i = 0; i < NICHE_TOPIC__COUNT; i++)
        to->score[i] += from->score[i];
    to->total += from->total;
    to->matches += from->matches;
}

/* Account ai's facts into its results. */
/* An account's post facts, read or built (analyze_facts.c). */
void niche__an_use_facts(struct an *an, int32_t ai, const struct niche__facts *f)
{
    struct niche_metrics *m;
    int32_t mi;
    size_t i;

    if (!f->n)
        return;
    mi = niche__an_slot(an, ai);
    m = &an->m[mi];
    an->acc[ai].has_posts = 1;
    an->run.posts += (int64_t)f->n;
    if (f->post[0].posted_ms != NICHE_MISSING && f->post[0].posted_ms > an->latest_post_ms)
        an->latest_post_ms = f->post[0].posted_ms;   /* newest first */
    for (i = f->n; i-- > 0;)   /* oldest first: ids mostly ascend */
        map_post(an, f->post[i].id, mi, f->post[i].posted_ms);
    NICHE_ALLOC_GROW(an->buf, f->n, an->abuf);
    count_markers(an, m, f);
    for (i = 0; i < f->nkept; i++)
        keep_sponsorship(an, f, &f->kept[i], m->account_id);
    count_mentions(an, mi, f);
    add_topics(&an->topic[mi], &f->topic);
    keep_tags(an, mi, f);
    finish_posts(an, mi);
}

/* ---- pass 4: followers ----------------------------------------------------- */

/* Type every account as a follower would be typed (its own features). */
static void type_followers(struct an *an)
{
    size_t i;

    for (i = 0; i < an->nacc; i++) {
        struct an_acc *x = &an->acc[i];
        struct niche_account a;
        int bot;

        niche_account_init(&a);
        a.followers = x->followers;
        a.following = x->following;
        a.posts = x->posts;
        a.last_active_ms = x->last_active_ms;
        a.has_avatar = x->signals & NICHE_SIGNAL_NO_AVATAR ? 0 : 1;
        x->type = (uint8_t)niche_follower_type(&a, an->as_of_ms, &bot);
        /* The handle is not kept: its signal came from the account pass. */
        bot = x->last_active_ms != NICHE_MISSING &&
              x->last_active_ms < an->as_of_ms - NICHE_INACTIVE_DAYS * DAY_MS
              ? 0 : __builtin_popcount(x->signals) >= 2;
        if (x->type == NICHE_FOLLOWER_REAL && bot)
            x->type = NICHE_FOLLOWER_SUSPICIOUS;
        x->bot = (uint8_t)bot;
        an->fclass[i] = (uint8_t)(x->type | (bot ? FCLASS_BOT : 0));
    }
}

/*
 * The followers pass may run on its own thread, beside the posts pass, on
 * its own store handle. It touches only what no other pass touches while
 * it runs: the counts below (per account index, merged into the results
 * after the join) and the FCLASS_FOLLOWER bits.
 */
struct an_fol {
    int32_t known, bots;
    int32_t by_type[NICHE_FOLLOWER__COUNT];
};

/* In by_id, a byte for an id that is no account of the run. */
#define FOL_NONE 0x80

struct fol_job {
    struct an *an;
    struct niche_store *st;   /* the handle this pass reads with */
    struct an_fol *fol;
    /* owned, NULL when ids are sparse: id - id_min -> FCLASS_* or FOL_NONE,
     * the classes of an->fclass by id, so that a follower costs one random
     * read of a byte table instead of two (its index, then its class) */
    uint8_t *by_id;
    int64_t edges, cur_id;
    struct an_fol *cur;
    int rc;
    struct niche_error err;
};

/* The hottest loop of a run (a hundred known followers per account): the
 * follower's class comes from a byte table by id (one cache miss where the
 * id -> index table and then the class array cost two, and the index table
 * alone is four times larger), or by index when ids are sparse. */
static int edge_cb(void *ctx, int64_t account_id, int64_t follower_id)
{
    struct fol_job *j = ctx;
    uint8_t *fp;
    uint8_t fc;

    if (account_id != j->cur_id) {
        int32_t ai = niche__an_index(j->an, account_id);

        j->cur_id = account_id;
        j->cur = ai < 0 ? NULL : &j->fol[ai];
    }
    if (!j->cur)
        return 0;
    if (j->by_id) {
        if (follower_id < j->an->id_min || follower_id > j->an->id_max)
            return 0;
        fp = &j->by_id[follower_id - j->an->id_min];
    } else {
        int32_t fi = niche__an_index(j->an, follower_id);

        if (fi < 0)
            return 0;
        fp = &j->an->fclass[fi];
    }
    if ((fc = *fp) & FOL_NONE)
        return 0;
    *fp = fc | FCLASS_FOLLOWER;
    j->cur->known++;
    j->cur->by_type[fc & FCLASS_TYPE]++;
    j->cur->bots += (fc & FCLASS_BOT) != 0;
    j->edges++;
    niche__an_sk_add(&j->an->sk, (int32_t)(j->cur - j->fol), follower_id);
    return 0;
}

static void *fol_run(void *arg)
{
    struct fol_job *j = arg;

    j->rc = niche_store_follower_scan(j->st, 0, edge_cb, j, &j->err);
    return NULL;
}

/* The byte table of struct fol_job, where ids are dense enough. */
static void fol_by_id(struct an *an, struct fol_job *j)
{
    size_t i;

    if (!an->idx_of)
        return;
    j->by_id = niche_xmalloc((size_t)(an->id_max - an->id_min + 1));
    memset(j->by_id, FOL_NONE, (size_t)(an->id_max - an->id_min + 1));
    for (i = 0; i < an->nacc; i++)
        j->by_id[an->acc[i].id - an->id_min] = an->fclass[i];
}

/* The FCLASS_FOLLOWER bits the edges set in the byte table, into fclass. */
static void fol_by_id_fold(struct an *an, struct fol_job *j)
{
    size_t i;

    if (!j->by_id)
        return;
    for (i = 0; i < an->nacc; i++)
        an->fclass[i] |= j->by_id[an->acc[i].id - an->id_min] & FCLASS_FOLLOWER;
    free(j->by_id);
    j->by_id = NULL;
}

/* Type the followers and start reading the edges: on a thread with its
 * own handle when threads > 1 and that handle opens, else later, inline. */
static int followers_start(struct an *an, struct fol_job *j, pthread_t *tid, int *threaded)
{
    memset(j, 0, sizeof(*j));
    j->an = an;
    j->st = an->st;
    j->fol = niche_xcalloc(an->nacc ? an->nacc : 1, sizeof(*j->fol));
    an->fclass = niche_xcalloc(an->nacc ? an->nacc : 1, 1);
    type_followers(an);
    fol_by_id(an, j);
    niche__an_sk_init(&an->sk, an->o->hll_precision, an->nacc);
    *threaded = 0;
    if (an->o->threads == 1 || niche__store_reopen(an->st, &j->st, NULL) < 0) {
        j->st = an->st;
        return 0;
    }
    if (pthread_create(tid, NULL, fol_run, j) != 0) {
        niche_store_close(j->st);
        j->st = an->st;
        return 0;
    }
    *threaded = 1;
    return 0;
}

/* Wait for the edges (or read them now) and merge their counts. */
static int followers_finish(struct an *an, struct fol_job *j, pthread_t tid, int threaded)
{
    size_t i;
    int rc;

    if (threaded) {
        pthread_join(tid, NULL);
        niche_store_close(j->st);
        if (j->rc < 0 && an->err)
            *an->err = j->err;
    } else {
        j->rc = niche_store_follower_scan(an->st, 0, edge_cb, j, an->err);
    }
    rc = j->rc;
    fol_by_id_fold(an, j);
    for (i = 0; rc == 0 && i < an->nacc; i++) {
        struct niche_metrics *m;
        int t;

        if (!j->fol[i].known)
            continue;
        m = &an->m[niche__an_slot(an, (int32_t)i)];
        m->followers_known = j->fol[i].known;
        m->bots = j->fol[i].bots;
        for (t = 0; t < NICHE_FOLLOWER__COUNT; t++)
            m->by_type[t] = j->fol[i].by_type[t];
    }
    an->run.follower_edges = j->edges;
    free(j->fol);
    return rc < 0 ? rc : niche__an_progress(an, "followers", j->edges, j->edges);
}

/* ---- pass 5: comments ------------------------------------------------------- */

struct comment_job {
    struct an *an;
    /* owned, NULL when ids are sparse: id - id_min -> the account's index
     * when it has posts (can be a pod mate), else -1. The comments pass
     * reads it for every comment: one random read instead of two. */
    int32_t *mate;
};

/* The author's index when it can be a pod mate of slot mi, else -1. */
static int32_t comment_mate(const struct comment_job *j, int64_t author_id, int32_t mi)
{
    const struct an *an = j->an;
    int32_t au;

    if (j->mate) {
        if (author_id < an->id_min || author_id > an->id_max ||
            author_id == an->m[mi].account_id)   /* an account's own comment */
            return -1;
        return j->mate[author_id - an->id_min];
    }
    au = niche__an_index(an, author_id);
    return au < 0 || an->acc[au].mi == mi || !an->acc[au].has_posts ? -1 : au;
}

static int comment_cb(void *ctx, const struct niche_comment *c)
{
    struct comment_job *j = ctx;
    struct an *an = j->an;
    int64_t k = c->post_id - an->pm_lo;
    int32_t au, mi;
    uint32_t posted_s;
    int first;

    if (k < 0 || (size_t)k >= an->pm_n || an->pm[k].mi < 0)
        return 0;
    mi = an->pm[k].mi;
    posted_s = an->pm[k].posted_s;
    an->m[mi].comments_known++;
    an->run.comments++;
    first = posted_s != UINT32_MAX && c->commented_ms != NICHE_MISSING &&
            c->commented_ms - (int64_t)posted_s * 1000 <= HOUR_MS;
    if ((au = comment_mate(j, c->author_id, mi)) < 0)
        return 0;
    NICHE_ALLOC_GROW(an->trip, an->ntrip + 1, an->atrip);
    an->trip[an->ntrip++] = (struct an_triple){ mi, au, c->post_id, (uint8_t)first };
    return 0;
}

static int pass_comments(struct an *an)
{
    struct comment_job j = { an, NULL };
    size_t i, span;
    int rc;

    if (an->idx_of) {
        span = (size_t)(an->id_max - an->id_min + 1);
        j.mate = niche_xmalloc(span * sizeof(*j.mate));
        memset(j.mate, 0xff, span * sizeof(*j.mate));   /* -1 */
        for (i = 0; i < an->nacc; i++)
            if (an->acc[i].has_posts)
                j.mate[an->acc[i].id - an->id_min] = (int32_t)i;
    }
    rc = niche_store_comment_scan(an->st, comment_cb, &j, an->err);
    free(j.mate);
    return rc < 0 ? rc : niche__an_progress(an, "comments", an->run.comments, an->run.comments);
}

/* ---- per-account conclusions -------------------------------------------------- */

#define MIN_SAMPLE 20          /* known followers before shares are reported */
#define BOUGHT_SPIKE 0.10      /* an unexplained jump of 10% of followers */
#define BOUGHT_FAKE_LO 0.10    /* or a bot share whose interval starts above 10% */

static void audience(struct niche_metrics *m)
{
    int64_t n = m->followers_known;
    int64_t authentic = m->by_type[NICHE_FOLLOWER_REAL] + m->by_type[NICHE_FOLLOWER_INFLUENCER];

    if (n < MIN_SAMPLE)
        return;
    m->authentic = (double)authentic / (double)n;
    niche_wilson(authentic, n, 1.96, &m->authentic_lo, &m->authentic_hi);
    m->fake = (double)m->bots / (double)n;
    niche_wilson(m->bots, n, 1.96, &m->fake_lo, &m->fake_hi);
    m->reachability = 1.0 - (double)m->by_type[NICHE_FOLLOWER_MASS] / (double)n;
}

static void bought(struct niche_metrics *m)
{
    int i, n = m->growth.anomalies < NICHE_MAX_ANOMALIES ? m->growth.anomalies
                                                          : NICHE_MAX_ANOMALIES;

    for (i = 0; i < n; i++)
        if (m->anomaly[i].kind == NICHE_ANOMALY_SPIKE && m->anomaly[i].relative >= BOUGHT_SPIKE) {
            m->bought = 1;
            return;
        }
    if (!isnan(m->fake_lo) && m->fake_lo >= BOUGHT_FAKE_LO)
        m->bought = 1;
    else if (!isnan(m->fake_lo) || m->growth.n >= 5)
        m->bought = 0;
    else
        m->bought = -1;
}

static void aqs(struct niche_metrics *m)
{
    enum niche_er_variant v = niche_platform_has_views(m->platform) ? NICHE_ER_V
                                                                     : NICHE_ER_F_MEAN;

    m->aqs_part[NICHE_AQS_AUTHENTIC] = m->authentic;
    m->aqs_part[NICHE_AQS_ENGAGEMENT] = m->peer[v].percentile;
    m->aqs_part[NICHE_AQS_GROWTH] = m->growth.n >= 5 ? (m->bought == 1 ? 0.0 : 1.0) : NAN;
    m->aqs_part[NICHE_AQS_COMMENTS] = m->comment_authenticity;
    m->aqs_part[NICHE_AQS_REACHABILITY] = m->reachability;
    m->aqs = niche_aqs(m->aqs_part);
}

static void conclude(struct an *an, int32_t mi)
{
    struct niche_metrics *m = &an->m[mi];
    enum niche_er_variant v = niche_platform_has_views(m->platform) ? NICHE_ER_V
                                                                     : NICHE_ER_F_MEAN;

    m->tier = niche_tier_of(an->scheme, m->followers);
    m->as_of_ms = an->as_of_ms;
    audience(m);
    if (m->comments_known >= 10)
        m->comment_authenticity = 1.0 - (double)m->pod_comments / (double)m->comments_known;
    bought(m);
    aqs(m);
    if ((size_t)mi >= an->nm_lists)   /* else write_lists() labelled it */
        m->nniches = niche_topics_labels(&an->topic[mi], m->niche);
    niche_estimate(m->platform, m->followers, an->median_views[mi], m->peer[v].percentile,
                   &an->prices, &m->est);
    memcpy(m->currency, an->prices.currency, 4);
    an->run.er_known += !isnan(m->er[NICHE_ER_F_MEAN].value);
    an->run.bought_flagged += m->bought == 1;
    an->run.pod_accounts += m->pod != 0;
}

/* ---- writing ------------------------------------------------------------------- */

_Static_assert(NICHE_TAGS_KEPT <= NICHE__TAGS_PUT_MAX, "an account's tags in one statement");

/*
 * Hashtags are written only for accounts whose tags changed: a run
 * compares what the store holds (in account order) with its own, and a
 * second run over the same posts writes none of the 845,000 rows of a
 * 100,000-account world. Tags a run has none for are deleted.
 */
#define TAGS_STORED 1   /* per slot: the store has hashtags of its account */
#define TAGS_SAME 2     /* and they are this run's */

/* One account's hashtags, sorted by tag to compare. */
struct tag_list {
    int n;
    char tag[NICHE_TAGS_KEPT][NICHE_TAG_MAX + 1];
    const char *p[NICHE_TAGS_KEPT];   /* -> tag[] */
    int64_t posts[NICHE_TAGS_KEPT];
};

static void tag_list_add(struct tag_list *l, const char *tag, size_t len, int64_t posts)
{
    memcpy(l->tag[l->n], tag, len);
    l->tag[l->n][len] = '\0';
    l->p[l->n] = l->tag[l->n];
    l->posts[l->n++] = posts;
}

/* Slot mi's "posts tag" lines (an empty line ends them), as a list. */
static void tags_of_slot(const struct an *an, size_t mi, struct tag_list *l)
{
    const char *p, *sp, *nl;

    l->n = 0;
    if (an->tag_off[mi] < 0)
        return;
    for (p = an->tagtext.buf + an->tag_off[mi]; *p != '\n' && l->n < NICHE_TAGS_KEPT;
         p = nl + 1) {
        sp = strchr(p, ' ');
        nl = strchr(sp, '\n');
        tag_list_add(l, sp + 1, (size_t)(nl - sp - 1), strtoll(p, NULL, 10));
    }
}

static int tag_lists_equal(struct tag_list *a, struct tag_list *b)
{
    struct tag_list *l[2] = { a, b };
    int i, j, k;

    if (a->n != b->n)
        return 0;
    for (k = 0; k < 2; k++)   /* insertion sort: at most NICHE_TAGS_KEPT */
        for (i = 1; i < l[k]->n; i++)
            for (j = i; j > 0 && strcmp(l[k]->tag[j - 1], l[k]->tag[j]) > 0; j--) {
                char t[NICHE_TAG_MAX + 1];
                int64_t n = l[k]->posts[j];

                memcpy(t, l[k]->tag[j], sizeof(t));
                memcpy(l[k]->tag[j], l[k]->tag[j - 1], sizeof(t));
                memcpy(l[k]->tag[j - 1], t, sizeof(t));
                l[k]->posts[j] = l[k]->posts[j - 1];
                l[k]->posts[j - 1] = n;
            }
    for (i = 0; i < a->n; i++)
        if (strcmp(a->tag[i], b->tag[i]) || a->posts[i] != b->posts[i])
            return 0;
    return 1;
}

struct tag_diff {
    struct an *an;
    uint8_t *state;          /* owned: per slot, TAGS_* */
    int64_t *gone;           /* owned: accounts whose stored tags go */
    size_t ngone, agone;
    int64_t cur_id;          /* the account of the stored rows in cur; 0 none */
    int over;                /* it has rows a run would not write */
    struct tag_list cur, mine;
};

/* The stored rows of d->cur_id are all read: compare them with the run's. */
static void stored_tags_done(struct tag_diff *d)
{
    int32_t ai = d->cur_id ? niche__an_index(d->an, d->cur_id) : -1;
    int32_t mi = ai >= 0 ? d->an->acc[ai].mi : -1;

    if (mi >= 0)
        tags_of_slot(d->an, (size_t)mi, &d->mine);
    /* ai < 0: no account of this run (a row left by a hand edit with the
     * checks off; another workspace's are not read), left alone */
    if (mi >= 0 && d->mine.n) {
        d->state[mi] = TAGS_STORED;
        if (!d->over && tag_lists_equal(&d->cur, &d->mine))
            d->state[mi] |= TAGS_SAME;
    } else if (ai >= 0) {
        NICHE_ALLOC_GROW(d->gone, d->ngone + 1, d->agone);
        d->gone[d->ngone++] = d->cur_id;
    }
    d->cur.n = 0;
    d->over = 0;
}

static int stored_tag_cb(void *ctx, int64_t account_id, const char *dim, const char *tag,
                         double posts)
{
    struct tag_diff *d = ctx;
    size_t len = tag ? strlen(tag) : 0;

    (void)dim;
    if (account_id != d->cur_id) {
        stored_tags_done(d);
        d->cur_id = account_id;
    }
    /* Rows no run writes (too many, a tag too long, a count that is not
     * a whole number) make the account's differ. */
    if (d->cur.n == NICHE_TAGS_KEPT || len > NICHE_TAG_MAX || len == 0 ||
        !(posts >= 1 && posts <= 1e15) || posts != floor(posts))
        d->over = 1;
    else
        tag_list_add(&d->cur, tag, len, (int64_t)posts);
    return 0;
}

/* Compare the stored hashtags with the run's; delete those of accounts
 * that have none now. d->state says what to write. */
static int tags_diff(struct an *an, struct tag_diff *d)
{
    size_t i;
    int rc;

    memset(d, 0, sizeof(*d));
    d->an = an;
    d->state = niche_xcalloc(an->nm ? an->nm : 1, 1);
    rc = niche_store_label_scan(an->st, NICHE_LABEL_TAG, stored_tag_cb, d, an->err);
    stored_tags_done(d);
    for (i = 0; i < d->ngone && rc == 0; i++)
        rc = niche__store_kept_delete(an->st, NICHE__KEPT_TAGS, d->gone[i], an->err);
    free(d->gone);
    return rc;
}

/* Slot mi's hashtags, unless the store has them already. */
static int write_tags(struct an *an, size_t mi, uint8_t state)
{
    struct tag_list l;
    int rc = 0;

    if (state & TAGS_SAME)
        return 0;
    tags_of_slot(an, mi, &l);
    if (state & TAGS_STORED)
        rc = niche__store_kept_delete(an->st, NICHE__KEPT_TAGS, an->m[mi].account_id, an->err);
    if (rc == 0 && l.n) {
        an->run.tags_written++;
        rc = niche__store_tags_put(an->st, an->m[mi].account_id, l.p, l.posts, l.n, an->err);
    }
    return rc;
}

static int write_all_tags(struct an *an)
{
    struct tag_diff d;
    size_t i;
    int rc = tags_diff(an, &d);

    for (i = 0; i < an->nm && rc == 0; i++)
        rc = write_tags(an, i, d.state[i]);
    free(d.state);
    return rc;
}

struct spons_ref {
    int64_t post_id;
    size_t i;   /* into an->spons: the later of two rows for a post wins */
};

static int cmp_spons_ref(const void *a, const void *b)
{
    const struct spons_ref *x = a, *y = b;

    if (x->post_id != y->post_id)
        return x->post_id < y->post_id ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Sponsorship rows in post id order. They come as two runs (the posts'
 * own markers account by account, then the likely undisclosed ones of the
 * whole world), and the second run's inserts into the middle of the table
 * made the step 0.42 s instead of 0.26-0.38 s at 100,000 accounts. */
static int write_sponsorship(struct an *an)
{
    struct spons_ref *r = niche_xmalloc((an->nspons ? an->nspons : 1) * sizeof(*r));
    size_t i;
    int rc = 0;

    for (i = 0; i < an->nspons; i++)
        r[i] = (struct spons_ref){ an->spons[i].post_id, i };
    qsort(r, an->nspons, sizeof(*r), cmp_spons_ref);
    for (i = 0; i < an->nspons && rc == 0; i++)
        rc = niche_store_sponsorship_put(an->st, &an->spons[r[i].i], an->err);
    free(r);
    return rc;
}

/* The results that need the followers, once they are read. */
static int write_results(struct an *an)
{
    size_t i, n = 0;
    int rc = 0;

    /* In account order, the table's key order: slots are in the order
     * the passes met their accounts. */
    for (i = 0; i < an->nacc && rc == 0; i++) {
        struct niche_metrics *m = an->acc[i].mi >= 0 ? &an->m[an->acc[i].mi] : NULL;

        if (!m)
            continue;
        m->run_id = an->run.id;
        /* slots made by the followers pass, after write_lists(): whole */
        rc = niche__store_metrics_put(an->st, m, an->acc[i].mi < (int32_t)an->nm_lists
                                                 ? NICHE__METRICS_ROW
                                                 : NICHE__METRICS_ROW | NICHE__METRICS_LISTS,
                                      an->err);
        if (rc == 0 && ++n % 65536 == 0)
            rc = niche__an_progress(an, "writing", (int64_t)n, (int64_t)an->nm);
    }
    for (i = 0; i < an->nacc && rc == 0; i++) {
        const struct an_acc *x = &an->acc[i];

        if (!an->fclass || !(an->fclass[i] & FCLASS_FOLLOWER))
            continue;
        an->run.followers_classified++;
        /* Most followers are real: the store keeps the others (absence of
         * a row, for an account that follows someone, means real). */
        if (x->type == NICHE_FOLLOWER_REAL && !x->bot)
            continue;
        rc = niche_store_follower_class_put(an->st, x->id, (enum niche_follower_type)x->type,
                                            x->bot, x->signals, an->err);
    }
    return rc < 0 ? rc : niche__an_sk_write(an);
}

/* Each account's niches, brands and growth anomalies, which are known once
 * the posts are read and the brands learned (write_post_results()). */
static int write_lists(struct an *an)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < an->nacc && rc == 0; i++) {   /* in account order, as the rows */
        int32_t mi = an->acc[i].mi;
        struct niche_metrics *m = mi >= 0 ? &an->m[mi] : NULL;

        if (!m)
            continue;
        m->run_id = an->run.id;
        m->nniches = niche_topics_labels(&an->topic[mi], m->niche);
        rc = niche__store_metrics_put(an->st, m, NICHE__METRICS_LISTS, an->err);
    }
    an->nm_lists = an->nm;
    return rc;
}

/*
 * Results reference accounts (and posts) this run read. When no writer
 * changed the workspace's accounts since the run began (its index stamp,
 * read again once the write lock is held), they all still exist, and the
 * store need not look each one up again: a quarter of the writing. Else
 * the references are checked as usual. *unchecked says which.
 */
static int begin_results(struct an *an, int *unchecked)
{
    struct niche_error e;
    uint64_t now;
    int rc;

    *unchecked = 0;
    if (an->stamp_ok && niche__store_check_refs(an->st, 0, &e) == 0) {
        if ((rc = niche_store_begin(an->st, an->err)) == 0 &&
            niche_store_index_stamp(an->st, &now, &e) == 0 && now == an->stamp0) {
            *unchecked = 1;
            return 0;
        }
        if (rc == 0)
            niche_store_rollback(an->st);
        if ((rc = niche__store_check_refs(an->st, 1, an->err)) < 0)
            return rc;
    }
    return niche_store_begin(an->st, an->err);
}

/*
 * What needs only the posts, snapshots and comments (pods, the likely
 * undisclosed posts, sponsorship rows, hashtags, each account's niches,
 * brands and anomalies) is found and written while the other thread still
 * reads the followers: at 3.6M accounts the main thread waited ten
 * seconds for it with nothing to do. This opens the results
 * transaction; end_results() closes it.
 */
static int write_post_results(struct an *an)
{
    int rc;

    niche__an_pods(an);
    niche__an_undisclosed(an);
    an->run.as_of_ms = an->as_of_ms;
    if ((rc = begin_results(an, &an->unchecked)) < 0)
        return rc;
    an->in_results = 1;
    if ((rc = niche_store_analysis_begin(an->st, &an->run, an->err)) < 0 ||
        (rc = write_sponsorship(an)) < 0 || (rc = write_all_tags(an)) < 0 ||
        (rc = write_lists(an)) < 0)
        return rc;
    return niche__an_progress(an, "post-results", (int64_t)an->nm, (int64_t)an->nm);
}

/* Commit the results (rc == 0) or roll them back, and check references
 * again if they were written without. */
static int end_results(struct an *an, int rc)
{
    if (!an->in_results)
        return rc;
    an->in_results = 0;
    if (rc == 0) {
        an->run.finished_ms = niche__now_ms();
        if ((rc = niche_store_analysis_finish(an->st, &an->run, an->err)) == 0)
            rc = niche_store_commit(an->st, an->err);
    }
    if (rc < 0)
        niche_store_rollback(an->st);
    if (an->unchecked && niche__store_check_refs(an->st, 1, rc < 0 ? NULL : an->err) < 0 &&
        !rc)
        rc = NICHE_ESTORE;
    return rc;
}

/* ---- the driver ------------------------------------------------------------------ */

static int setup(struct an *an, struct niche_store *st, const struct niche_analyze_opts *o,
                 struct niche_error *err)
{
    memset(an, 0, sizeof(*an));
    an->st = st;
    an->o = o;
    an->err = err;
    an->scheme = o->scheme ? o->scheme : niche_tier_scheme_find(NULL);
    if (o->prices)
        an->prices = *o->prices;
    else
        niche_price_table_default(&an->prices);
    if (o->er.min_posts < 1 || o->er.mean_window < 1 || o->er.views_window < 1 ||
        o->er.ppp_min_posts < 1 || o->min_peers < 1)
        return niche_error_set(err, NICHE_EINVAL, "analysis windows and floors must be >= 1");
    if (o->threads < 0 || o->threads > NICHE_ANALYZE_THREADS_MAX)
        return niche_error_set(err, NICHE_EINVAL, "threads %d is not in 0..%d", o->threads,
                               NICHE_ANALYZE_THREADS_MAX);
    if (o->hll_precision < NICHE_HLL_P_MIN || o->hll_precision > NICHE_HLL_P_MAX)
        return niche_error_set(err, NICHE_EINVAL, "HyperLogLog precision %d is not in %d..%d",
                               o->hll_precision, NICHE_HLL_P_MIN, NICHE_HLL_P_MAX);
    an->latest_ms = an->latest_post_ms = INT64_MIN;
    an->run.version = NICHE_ANALYSIS_VERSION;
    snprintf(an->run.scheme, sizeof(an->run.scheme), "%s", an->scheme->id);
    memcpy(an->run.currency, an->prices.currency, 4);
    snprintf(an->run.prices, sizeof(an->run.prices), "%s", an->prices.source);
    an->run.started_ms = niche__now_ms();
    return niche_topics_new(&an->topics, err);
}

static void teardown(struct an *an)
{
    niche__an_sk_release(an);   /* first: joins a thread that reads acc */
    free(an->acc);
    free(an->idx_of);
    free(an->m);
    free(an->topic);
    free(an->median_views);
    free(an->tag_off);
    niche__buf_release(&an->tagtext);
    niche__facts_release(&an->facts);
    niche__buf_release(&an->fbase);
    free(an->base);
    free(an->buf);
    free(an->seen);
    free(an->fclass);
    free(an->redo);
    free(an->pm);
    free(an->cand);
    free(an->spons);
    free(an->trip);
    niche__an_dict_free(&an->brands);
    niche__an_dict_free(&an->words);
    niche_topics_free(an->topics);
}

/* The as-of time: given, or the latest activity or snapshot seen, or the
 * latest post when neither is known. It decides who is inactive
 * (NICHE_INACTIVE_DAYS). */
static int64_t as_of(const struct an *an)
{
    int64_t t = an->latest_ms != INT64_MIN ? an->latest_ms : an->latest_post_ms;

    if (an->o->as_of_ms != NICHE_MISSING)
        return an->o->as_of_ms;
    return t != INT64_MIN ? t : niche__now_ms();
}

/* Posts and comments, and beside them on a second thread, the known
 * followers (the comments pass touches nothing the followers pass does
 * until it is joined). Follower types need the as-of time before the
 * posts are read, so the followers wait for the posts when only post
 * times could give it. */
static int read_posts_and_followers(struct an *an)
{
    struct fol_job j;
    pthread_t tid;
    int threaded = 0, rc, frc, early = an->o->as_of_ms != NICHE_MISSING ||
                                    an->latest_ms != INT64_MIN;

    if (early) {
        an->as_of_ms = as_of(an);
        followers_start(an, &j, &tid, &threaded);
    }
    rc = niche__an_posts(an);
    if (!early) {
        if (rc < 0)
            return rc;
        an->as_of_ms = as_of(an);
        followers_start(an, &j, &tid, &threaded);
    }
    if (rc == 0)
        rc = pass_comments(an);
    if (rc == 0)
        rc = write_post_results(an);
    if (rc < 0 && !threaded) {   /* nothing running: no edges to read */
        free(j.fol);
        free(j.by_id);
        return rc;
    }
    frc = followers_finish(an, &j, tid, threaded);
    if (rc == 0 && frc == 0)   /* beside the concluding and writing */
        niche__an_sk_start(an);
    return rc < 0 ? rc : frc;
}

int niche_analyze(struct niche_store *st, const struct niche_analyze_opts *o,
                  struct niche_analysis_run *run, struct niche_error *err)
{
    struct an an;
    size_t i;
    int rc;

    if ((rc = setup(&an, st, o, err)) < 0)
        goto out;
    an.stamp_ok = niche_store_index_stamp(st, &an.stamp0, NULL) == 0;
    /* The snapshots are read beside the accounts, on a thread of their own
     * (analyze_snaps.c). */
    if ((rc = niche__an_snaps_start(&an)) < 0)
        goto out;
    rc = pass_accounts(&an);
    if ((rc = niche__an_snaps_finish(&an, rc)) < 0 || (rc = read_posts_and_followers(&an)) < 0)
        goto out;
    niche__an_peers(&an);
    for (i = 0; i < an.nm; i++)
        conclude(&an, (int32_t)i);
    an.run.analysed = (int64_t)an.nm;
    if ((rc = niche__an_progress(&an, "concluding", (int64_t)an.nm, (int64_t)an.nm)) < 0 ||
        (rc = write_results(&an)) < 0 || (rc = end_results(&an, 0)) < 0)
        goto out;
    /* Committed: a cancel now would report a run that did replace the
     * results, so this last report's answer is not heard. */
    (void)niche__an_progress(&an, "writing", (int64_t)an.nm, (int64_t)an.nm);
    if (run)
        *run = an.run;
out:
    rc = end_results(&an, rc);   /* rolls back what a failure left open */
    teardown(&an);
    return rc;
}
