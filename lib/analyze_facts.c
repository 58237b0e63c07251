/*
 * analyze_facts.c - the posts pass of niche_analyze(): every account's
 * post facts (facts.h) read from the store and used; the stale ones built
 * again from the posts first, and the ones that only got new posts or new
 * numbers refreshed (docs/internals/facts.md).
 *
 * Building reads and reduces every caption of the accounts it covers: most
 * of a first run. Refreshing reads their posts too, but reduces only the
 * new ones. Both are shared between
 * builders, one per thread, each with its own store handle and topic
 * tables (a stemmer is not shared), that read the account index and touch
 * nothing else of the run. Their blobs wait in memory until all are done;
 * the main thread then stores and uses them, always in the same order.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>
#include "analyze_int.h"
#include "store_int.h"
#include "internal.h"
#include "banned.h"

/* Builders at most, and accounts each must have before one more starts: a
 * thread with its own handle and topic tables costs about a millisecond. */
#define FB_MAX NICHE_ANALYZE_THREADS_MAX
#define FB_MIN_ACCOUNTS 64

/*
 * Rebuilt facts are stored in transactions of FACTS_CHUNK accounts, each
 * only if its row is still claimed (see rebuild_facts()), so that the
 * write lock is held briefly and a cancelled run keeps what it stored.
 */
#define FACTS_CHUNK 1024

/* One account's blob, in fb.pend. */
struct built {
    int32_t ai;
    uint32_t len;
    size_t off;
};

/* What the builders share. */
struct fb_shared {
    atomic_int stop;              /* one failed or the run was cancelled */
    atomic_llong posts;           /* posts reduced so far, for progress */
    size_t *list;                 /* owned: the redo entries read account by account */
    size_t nlist;
    int64_t lo, hi;               /* by scan: the post ids when building began */
};

struct fb {
    struct an *an;                /* read only while building */
    struct fb_shared *sh;
    struct niche_store *st;       /* an->st, or owned: a second handle */
    struct niche_topics *topics;  /* an->topics, or owned */
    struct niche__facts facts;    /* owned: the account being built */
    struct niche__buf pend;       /* owned: the built blobs, one after another */
    struct built *b;              /* owned */
    size_t nb, ab;
    int64_t cur_id;               /* by scan: the account being read */
    int32_t building;             /* its index, -1: none being built */
    int64_t after;                /* its facts hold every post up to this id */
    int64_t nposts;               /* posts in facts */
    int scan;                     /* by scan: the posts with ids in lo..hi */
    int64_t lo, hi;
    size_t from, to;              /* then account by account: sh->list[from..to) */
    int main;                     /* runs on the main thread: reports progress */
    pthread_t tid;
    int threaded;
    int rc;
    struct niche_error err;
};

/* ---- reading the stored facts ---------------------------------------------------- */

/* Facts read from the store: used when fresh; else the account waits to
 * be refreshed (changed: its blob is kept for that) or built whole. */
static int facts_cb(void *ctx, int64_t account_id, const void *data, size_t len,
                    int64_t changed)
{
    struct an *an = ctx;
    int32_t ai = niche__an_index(an, account_id);
    int usable;

    if (ai < 0)
        return 0;
    an->nfacts++;
    usable = data && niche__facts_decode(&an->facts, data, len) == 0 &&
             !strcmp(an->facts.lang, an->acc[ai].lang);
    if (usable && !changed) {
        niche__an_use_facts(an, ai, &an->facts);
        return 0;
    }
    an->seen[ai] |= FACTS_STALE;
    NICHE_ALLOC_GROW(an->redo, an->nredo + 1, an->aredo);
    NICHE_ALLOC_GROW(an->base, an->nredo + 1, an->abase);
    an->base[an->nredo] = (struct an_base){ an->fbase.len, 0, changed };
    if (usable) {   /* no cap: only OOM, fatal */
        an->seen[ai] |= FACTS_REFRESH;
        (void)niche__buf_add(&an->fbase, data, len);
        an->base[an->nredo].len = (uint32_t)len;
    }
    an->redo[an->nredo++] = ai;
    return 0;
}

/* Redo entry i's stored blob, or NULL when its facts are built whole. */
static const char *base_blob(const struct an *an, size_t i, uint32_t *len)
{
    *len = an->base[i].len;
    return *len ? an->fbase.buf + an->base[i].off : NULL;
}

/* ---- one builder ----------------------------------------------------------------- */

/* Start account ai, redo entry i: from its stored blob when it is to be
 * refreshed, else from nothing. Read alone (not by scan), an account that
 * only got new posts is refreshed from those alone (b->after). */
static void fb_open(struct fb *b, int32_t ai, size_t i, int alone)
{
    const char *lang = b->an->acc[ai].lang, *blob;
    uint32_t len;

    b->building = ai;
    b->nposts = 0;
    b->after = INT64_MIN;
    blob = b->an->seen[ai] & FACTS_REFRESH ? base_blob(b->an, i, &len) : NULL;
    if (blob && niche__facts_decode(&b->facts, blob, len) == 0) {
        niche__facts_reopen(&b->facts, alone && b->an->base[i].changed == 2);
        if (b->facts.only_new)
            b->after = niche__facts_newest_id(&b->facts);
        return;
    }
    niche__facts_reset(&b->facts, lang[0] ? lang : NULL);
}

/* The account being built, finished and appended to the blobs (a failed
 * refresh as an empty one); 0 when there was none. */
static int fb_close(struct fb *b)
{
    size_t off = b->pend.len;

    if (b->building < 0)
        return 0;
    if (niche__facts_finish(&b->facts) == 0)
        niche__facts_encode(&b->facts, &b->pend);
    NICHE_ALLOC_GROW(b->b, b->nb + 1, b->ab);
    b->b[b->nb++] = (struct built){ b->building, (uint32_t)(b->pend.len - off), off };
    b->building = -1;
    atomic_fetch_add_explicit(&b->sh->posts, b->nposts, memory_order_relaxed);
    return 1;
}

static int fb_add(struct fb *b, const struct niche_post *p)
{
    niche__facts_add(&b->facts, b->topics, p);
    b->nposts++;
    return 0;
}

static int fb_stopped(struct fb *b)
{
    return atomic_load_explicit(&b->sh->stop, memory_order_relaxed)
               ? niche_error_set(&b->err, NICHE_ECANCELED, "analysis cancelled")
               : 0;
}

/* After its first account and then every 1,024, the main thread's
 * builder says how far all are, and stops the others when the run is
 * cancelled. */
static int fb_progress(struct fb *b)
{
    int64_t done;

    if (!b->main || b->nb % 1024 != 1)
        return fb_stopped(b);
    done = atomic_load_explicit(&b->sh->posts, memory_order_relaxed);
    if (niche__an_progress(b->an, "posts", done, -1) < 0)
        return niche_error_set(&b->err, NICHE_ECANCELED, "analysis cancelled");
    return fb_stopped(b);
}

static int cmp_index(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

    return (x > y) - (x < y);
}

/* The redo entry of account ai, which has one (redo is in account order,
 * as the facts scan met them). */
static size_t redo_entry(const struct an *an, int32_t ai)
{
    const int32_t *e = bsearch(&ai, an->redo, an->nredo, sizeof(*an->redo), cmp_index);

    return (size_t)(e - an->redo);
}

/* By scan: posts in storage order, built into facts as runs of one
 * account's posts go by. An account met twice (its posts came in two
 * imports, or lie across two parts) gets two blobs; the store step sees it
 * and builds it again: alone when built whole, by a second round of
 * builders when refreshed (an account with new posts always has them
 * elsewhere in storage order than its first ones). */
static int fb_scan_cb(void *ctx, const struct niche_post *p)
{
    struct fb *b = ctx;
    const struct an *an = b->an;
    int32_t ai;
    int rc;

    if (p->account_id != b->cur_id) {
        if ((rc = fb_close(b) ? fb_progress(b) : fb_stopped(b)) < 0)
            return rc;
        b->cur_id = p->account_id;
        ai = niche__an_index(an, p->account_id);
        if (ai >= 0 && (an->seen[ai] & FACTS_STALE))
            fb_open(b, ai, an->seen[ai] & FACTS_REFRESH ? redo_entry(an, ai) : 0, 0);
    }
    return b->building >= 0 ? fb_add(b, p) : 0;
}

static int fb_each_cb(void *ctx, const struct niche_post *p)
{
    return fb_add(ctx, p);
}

/* The redo entries of sh->list[from..to), each alone, by its posts (its
 * new ones only, when that is all it got). */
static int fb_each(struct fb *b)
{
    const struct an *an = b->an;
    size_t j;
    int rc = 0;

    for (j = b->from; j < b->to && rc == 0; j++) {
        size_t i = b->sh->list[j];
        int64_t id = an->acc[an->redo[i]].id;

        fb_open(b, an->redo[i], i, 1);
        rc = b->facts.only_new
             ? niche__store_post_scan_after(b->st, id, b->after, fb_each_cb, b, &b->err)
             : niche_store_post_scan(b->st, id, fb_each_cb, b, &b->err);
        if (rc == 0) {
            (void)fb_close(b);
            rc = fb_progress(b);
        }
    }
    return rc;
}

static int fb_work(struct fb *b)
{
    int rc = b->scan ? niche__store_post_scan_ids(b->st, b->lo, b->hi, fb_scan_cb, b, &b->err)
                     : 0;

    if (rc == 0)
        (void)fb_close(b);
    if (rc == 0)
        rc = fb_each(b);
    if (rc < 0)
        atomic_store(&b->sh->stop, 1);
    return b->rc = rc;
}

static void *fb_run(void *arg)
{
    fb_work(arg);
    return NULL;
}

static void fb_release(struct fb *b)
{
    struct an *an = b->an;

    if (b->st && b->st != an->st)
        niche_store_close(b->st);
    if (b->topics && b->topics != an->topics)
        niche_topics_free(b->topics);
    b->st = NULL;
    b->topics = NULL;
    niche__facts_release(&b->facts);
    niche__buf_release(&b->pend);
    free(b->b);
    b->b = NULL;
    b->nb = b->ab = 0;
}

/* ---- all builders ------------------------------------------------------------------ */

/* How many builders for `work` accounts: --threads, else one per core. */
static int fb_count(const struct an *an, size_t work)
{
    long n = an->o->threads > 0 ? an->o->threads : sysconf(_SC_NPROCESSORS_ONLN);
    size_t most = work / FB_MIN_ACCOUNTS + 1;

    if (n < 1)
        n = 1;
    if (n > FB_MAX)
        n = FB_MAX;
    return (size_t)n > most ? (int)most : (int)n;
}

/* floor(span * k / n) without overflowing (k <= n). */
static uint64_t share(uint64_t span, int k, int n)
{
    return span / (uint64_t)n * (uint64_t)k + span % (uint64_t)n * (uint64_t)k / (uint64_t)n;
}

/* Builder k of n: by scan, the k-th of n equal ranges of the post ids the
 * main thread read once (a post written later has a larger id, and its
 * account's claim is broken anyway); then its share of the accounts read
 * one by one. A builder whose thread, handle or topic tables do not start
 * runs on the main thread after the first. */
static void fb_start(struct an *an, struct fb *b, struct fb_shared *sh, int k, int n,
                     int scan)
{
    uint64_t span = (uint64_t)sh->hi - (uint64_t)sh->lo;   /* exact, even from a negative id */

    memset(b, 0, sizeof(*b));
    b->an = an;
    b->sh = sh;
    b->cur_id = 0;
    b->building = -1;
    b->main = k == 0;
    if (scan) {
        b->scan = 1;
        b->lo = k == 0 ? sh->lo : (int64_t)((uint64_t)sh->lo + share(span, k, n) + 1);
        b->hi = k + 1 == n ? sh->hi : (int64_t)((uint64_t)sh->lo + share(span, k + 1, n));
    }
    b->from = sh->nlist * (size_t)k / (size_t)n;
    b->to = sh->nlist * (size_t)(k + 1) / (size_t)n;
    b->st = an->st;
    b->topics = an->topics;
    if (k == 0)
        return;
    if (niche__store_reopen(an->st, &b->st, NULL) < 0 || niche_topics_new(&b->topics, NULL) < 0 ||
        pthread_create(&b->tid, NULL, fb_run, b) != 0) {
        fb_release(b);   /* closes what did start */
        b->st = an->st;
        b->topics = an->topics;
        return;
    }
    b->threaded = 1;
}

/* Run builder 0 and the ones that did not start here, join the others;
 * the first failure is the run's. */
static int fb_finish(struct an *an, struct fb *fb, int n)
{
    int k, rc = 0;

    for (k = 0; k < n; k++)
        if (!fb[k].threaded && (k == 0 || !atomic_load(&fb[0].sh->stop)))
            fb_work(&fb[k]);
    /* the first failure, not a cancel it caused in the others */
    for (k = 0; k < n; k++) {
        if (fb[k].threaded)
            pthread_join(fb[k].tid, NULL);
        if (fb[k].rc < 0 && (rc == 0 || (rc == NICHE_ECANCELED && fb[k].rc != rc))) {
            rc = fb[k].rc;
            if (an->err)
                *an->err = fb[k].err;
        }
    }
    return rc;
}

/* ---- storing and using ------------------------------------------------------------- */

static int put_facts(struct an *an, int32_t ai, const char *blob, size_t len)
{
    int rc = 0;

    if (!an->facts_txn && (rc = niche_store_begin(an->st, an->err)) < 0)
        return rc;
    an->facts_txn++;
    if ((rc = niche__store_facts_put(an->st, an->acc[ai].id, an->facts_token, blob, len,
                                     an->err)) < 0) {
        niche_store_rollback(an->st);
        an->facts_txn = 0;
        return rc;
    }
    if (an->facts_txn == FACTS_CHUNK) {
        an->facts_txn = 0;
        return niche_store_commit(an->st, an->err);
    }
    return 0;
}

/* Commit the last chunk, or (rc < 0) drop it. */
static int end_facts(struct an *an, int rc)
{
    if (!an->facts_txn)
        return rc;
    an->facts_txn = 0;
    if (rc < 0) {
        niche_store_rollback(an->st);
        return rc;
    }
    return niche_store_commit(an->st, an->err);
}

static int build_cb(void *ctx, const struct niche_post *p)
{
    struct an *an = ctx;

    niche__facts_add(&an->facts, an->topics, p);
    return 0;
}

/* Account ai's facts from its posts alone, stored and used: an account
 * the scan met twice, or a stale one with no post left. */
static int build_one(struct an *an, int32_t ai, struct niche__buf *blob)
{
    const struct an_acc *x = &an->acc[ai];
    int rc;

    niche__facts_reset(&an->facts, x->lang[0] ? x->lang : NULL);
    if ((rc = niche_store_post_scan(an->st, x->id, build_cb, an, an->err)) < 0)
        return rc;
    (void)niche__facts_finish(&an->facts);   /* built whole: cannot fail */
    niche__buf_reset(blob);
    niche__facts_encode(&an->facts, blob);
    if ((rc = put_facts(an, ai, blob->buf, blob->len)) == 0)
        niche__an_use_facts(an, ai, &an->facts);
    return rc;
}

/* An account built twice (by two builders, or twice by one), or whose
 * refresh failed (no blob), is split: built again. */
static void mark_built(struct an *an, const struct fb *fb, int n)
{
    size_t i;
    int k;

    for (k = 0; k < n; k++)
        for (i = 0; i < fb[k].nb; i++) {
            uint8_t *s = &an->seen[fb[k].b[i].ai];

            *s |= *s & FACTS_BUILT || !fb[k].b[i].len ? FACTS_SPLIT : 0;
            *s |= FACTS_BUILT;
        }
}

/* The blobs of one round of builders stored and used, in builder order
 * (by scan: the posts' storage order), but for accounts built twice or
 * again in a later round. */
static int store_round(struct an *an, const struct fb *fb, int n, uint8_t skip)
{
    size_t i;
    int k, rc = 0;

    for (k = 0; k < n && rc == 0; k++)
        for (i = 0; i < fb[k].nb && rc == 0; i++) {
            const struct built *x = &fb[k].b[i];
            const char *blob = fb[k].pend.buf + x->off;

            if (an->seen[x->ai] & skip)
                continue;
            if (niche__facts_decode(&an->facts, blob, x->len) < 0) {
                an->seen[x->ai] |= FACTS_SPLIT;   /* cannot happen: rebuilt alone if it does */
                continue;
            }
            if ((rc = put_facts(an, x->ai, blob, x->len)) == 0)
                niche__an_use_facts(an, x->ai, &an->facts);
            if (an->seen[x->ai] & FACTS_REFRESH)
                an->run.facts_refreshed++;
            else
                an->run.facts_built++;
        }
    return rc;
}

/* The blobs of both rounds; then the accounts still split (or never met)
 * built alone, whole. */
static int store_built(struct an *an, const struct fb *fb, int n, const struct fb *again,
                       int nagain)
{
    struct niche__buf one = NICHE__BUF_INIT(0);
    size_t i;
    int rc = store_round(an, fb, n, FACTS_SPLIT | FACTS_AGAIN);

    if (rc == 0)
        rc = store_round(an, again, nagain, FACTS_SPLIT);
    for (i = 0; i < an->nredo && rc == 0; i++) {
        uint8_t st = an->seen[an->redo[i]];

        if ((st & FACTS_SPLIT) || !(st & FACTS_BUILT)) {
            rc = build_one(an, an->redo[i], &one);
            an->run.facts_built++;
        }
    }
    niche__buf_release(&one);
    return rc;
}

/* One round of n builders: by scan (sh->lo..hi), then account by account
 * (sh->list); marked built when all are done. */
static int run_round(struct an *an, struct fb *fb, int n, struct fb_shared *sh, int scan)
{
    int k, rc;

    atomic_init(&sh->stop, 0);
    atomic_init(&sh->posts, 0);
    for (k = 0; k < n; k++)
        fb_start(an, &fb[k], sh, k, n, scan);
    if ((rc = fb_finish(an, fb, n)) == 0)
        mark_built(an, fb, n);
    return rc;
}

/* The accounts to refresh that the scan met twice, or whose refresh
 * failed, listed in sh for a second round account by account. */
static void list_again(struct an *an, struct fb_shared *sh)
{
    size_t i;

    sh->nlist = 0;
    for (i = 0; i < an->nredo; i++) {
        uint8_t *st = &an->seen[an->redo[i]];

        if ((*st & (FACTS_REFRESH | FACTS_SPLIT)) == (FACTS_REFRESH | FACTS_SPLIT)) {
            *st = (uint8_t)((*st & ~(FACTS_SPLIT | FACTS_BUILT)) | FACTS_AGAIN);
            sh->list[sh->nlist++] = i;
        }
    }
}

/*
 * Build every stale account's facts on the builders, then store them.
 * When at least half of the accounts are to be built or refreshed, one
 * scan of every post beats a query per account; the accounts to refresh
 * whose posts the scan met in two places then get a second round, account
 * by account. Else every account is read alone.
 */
static int build_all(struct an *an)
{
    struct fb fb[FB_MAX], again[FB_MAX];
    struct fb_shared sh = { .list = niche_xmalloc((an->nredo ? an->nredo : 1) * sizeof(size_t)) };
    size_t i;
    int n = fb_count(an, an->nredo), n2 = 0, k, rc, scan = an->nredo * 2 >= an->nfacts;

    for (i = 0; !scan && i < an->nredo; i++)
        sh.list[sh.nlist++] = i;
    if (scan && (rc = niche__store_post_id_range(an->st, &sh.lo, &sh.hi, an->err)) <= 0) {
        free(sh.list);   /* rc 0: no post at all, every stale account is built alone */
        return rc < 0 ? rc : store_built(an, NULL, 0, NULL, 0);
    }
    rc = run_round(an, fb, n, &sh, scan);
    if (rc == 0 && scan) {
        list_again(an, &sh);
        n2 = sh.nlist ? fb_count(an, sh.nlist) : 0;
        if (n2)
            rc = run_round(an, again, n2, &sh, 0);
    }
    if (rc == 0)
        rc = store_built(an, fb, n, again, n2);
    for (k = 0; k < n; k++)
        fb_release(&fb[k]);
    for (k = 0; k < n2; k++)
        fb_release(&again[k]);
    free(sh.list);
    return rc;
}

/* A run's claim token: negative, and unlike that of any other run that
 * could overlap it (time, process, and a count within the process). */
static int64_t claim_token(void)
{
    static atomic_uint seq;
    uint64_t x = (uint64_t)niche__now_ms() << 24 ^ (uint64_t)getpid() << 8 ^
                 (uint64_t)atomic_fetch_add(&seq, 1u);

    return -(int64_t)(x & (UINT64_MAX >> 2)) - 1;
}

/* Claim redo entry i's row: to refresh it if it still holds the blob read,
 * else to build it whole. */
static int claim_one(struct an *an, size_t i)
{
    int64_t id = an->acc[an->redo[i]].id;
    uint32_t len;
    const char *blob = base_blob(an, i, &len);
    int rc;

    if (blob && (rc = niche__store_facts_claim(an->st, id, an->facts_token, blob, len,
                                               an->base[i].changed, an->err)) != 0)
        return rc;
    an->base[i].len = 0;
    an->seen[an->redo[i]] &= (uint8_t)~FACTS_REFRESH;
    return niche__store_facts_claim(an->st, id, an->facts_token, NULL, 0, 0, an->err);
}

/* Mark the stale facts as being built or refreshed by this run, in one
 * short transaction. */
static int claim_facts(struct an *an)
{
    size_t i;
    int rc = niche_store_begin(an->st, an->err);

    an->facts_token = claim_token();
    for (i = 0; i < an->nredo && rc >= 0; i++)
        rc = claim_one(an, i);
    if (rc < 0) {
        niche_store_rollback(an->st);
        return rc;
    }
    return niche_store_commit(an->st, an->err);
}

/*
 * Stale facts from the posts, read without holding the write lock (an
 * import may run meanwhile): each is claimed first, and a post written
 * after the claim marks its row stale or changed again when it commits,
 * so that a blob built from older posts is used by this run but not
 * stored.
 */
static int rebuild_facts(struct an *an)
{
    int rc;

    if (!an->nredo)
        return 0;
    if ((rc = claim_facts(an)) < 0)
        return rc;
    an->run.facts_built = an->run.facts_refreshed = 0;
    rc = build_all(an);
    return end_facts(an, rc);
}

int niche__an_posts(struct an *an)
{
    int rc;

    if ((rc = niche__store_facts_scan(an->st, facts_cb, an, an->err)) < 0 ||
        (rc = rebuild_facts(an)) < 0)
        return rc;
    an->nredo = 0;
    return niche__an_progress(an, "posts", an->run.posts, an->run.posts);
}
