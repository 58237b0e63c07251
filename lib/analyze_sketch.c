/*
 * analyze_sketch.c - each account's audience sketches, built by the
 * followers pass of niche_analyze() and written with its results.
 *
 * The pass hands every known follower edge to niche__an_sk_add() on the
 * thread that reads the edges. The store gives them grouped by account,
 * but nothing here relies on it: each account with known followers gets a
 * builder, found through a 4-byte slot per account of the workspace, so
 * edges in any order build the same sketches (grouped, the builder being
 * filled stays in cache).
 *
 * A builder first stages its followers' row ids, 32 bits each (they fit
 * in practice), in one array: 4 bytes per follower, half the finished
 * blobs of a small audience (4 bytes per sparse HyperLogLog entry plus 4
 * per MinHash value), and one cache line touched per edge where feeding
 * two sketch objects would touch five. Past STAGE_MAX followers, or at an
 * id past 32 bits, the builder turns into a real HyperLogLog and MinHash,
 * so a large audience costs what its sketches cost (at most 12 KiB + 512
 * bytes at p = 14), not 4 bytes per follower.
 *
 * When the edges are all read, sealing turns every builder into its two
 * blobs (staged hashes through one reused pair of sketches), in one
 * allocation about the size of the staged hashes it frees, so that the
 * allocator reuses that memory; the blobs are then compared with the
 * stored ones, and only those that changed are written. Both run on a
 * thread of their own while the main thread concludes and writes the
 * metric rows (niche__an_sk_start()). docs/benchmarks.md ("Audience
 * sketches") has the measured cost.
 */
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include "analyze_int.h"
#include "store_int.h"
#include "internal.h"
#include "banned.h"

#define STAGE_MAX 2048   /* ids staged before real sketches (8 KiB) */

static int sk_join(struct an_sketches *sk);

void niche__an_sk_init(struct an_sketches *sk, int p, size_t nacc)
{
    memset(sk, 0, sizeof(*sk));
    sk->p = p;
    sk->nacc = nacc;
    sk->slot = niche_xcalloc(nacc ? nacc : 1, sizeof(*sk->slot));
    niche_hll_new(&sk->hll, p, NULL);   /* p was checked by setup() */
    niche_minhash_new(&sk->mh, NICHE_MINHASH_K_DEFAULT, NULL);
}

static void builder_release(struct an_sk1 *b)
{
    free(b->blob);
    free(b->h);
    niche_hll_free(b->hll);
    niche_minhash_free(b->mh);
    memset(b, 0, sizeof(*b));
}

void niche__an_sk_release(struct an *an)
{
    struct an_sketches *sk = &an->sk;
    size_t i;

    (void)sk_join(sk);   /* a run that failed after starting it */

    for (i = 0; i < sk->nb; i++)
        builder_release(&sk->b[i]);
    free(sk->b);
    free(sk->slot);
    free(sk->gone);
    niche_hll_free(sk->hll);
    niche_minhash_free(sk->mh);
    memset(sk, 0, sizeof(*sk));
}

/* Hash staged ids and add them to both sketches. */
static void feed(struct niche_hll *h, struct niche_minhash *m, const uint32_t *id, size_t n)
{
    uint64_t x[STAGE_MAX];
    size_t i;

    for (i = 0; i < n; i++)
        x[i] = niche_sketch_hash((int64_t)id[i]);
    niche_hll_add_hashes(h, x, n);
    niche_minhash_add_hashes(m, x, n);
}

/* A staged builder grown past STAGE_MAX: real sketches from now on. */
static void promote(struct an_sketches *sk, struct an_sk1 *b)
{
    niche_hll_new(&b->hll, sk->p, NULL);
    niche_minhash_new(&b->mh, NICHE_MINHASH_K_DEFAULT, NULL);
    feed(b->hll, b->mh, b->h, b->nh);
    free(b->h);
    b->h = NULL;
    b->nh = b->ah = 0;
}

static struct an_sk1 *builder_of(struct an_sketches *sk, int32_t ai)
{
    struct an_sk1 *b;

    if (sk->slot[ai])
        return &sk->b[sk->slot[ai] - 1];
    NICHE_ALLOC_GROW(sk->b, sk->nb + 1, sk->ab);
    b = &sk->b[sk->nb++];
    memset(b, 0, sizeof(*b));
    b->ai = ai;
    sk->slot[ai] = (int32_t)sk->nb;
    return b;
}

void niche__an_sk_add(struct an_sketches *sk, int32_t ai, int64_t follower_id)
{
    struct an_sk1 *b = builder_of(sk, ai);

    b->n++;
    if (!b->hll && (follower_id < 0 || follower_id > (int64_t)UINT32_MAX))
        promote(sk, b);
    if (b->hll) {
        uint64_t h = niche_sketch_hash(follower_id);

        niche_hll_add_hash(b->hll, h);
        niche_minhash_add_hash(b->mh, h);
        return;
    }
    if (b->nh == b->ah) {
        b->ah = b->ah ? 2 * b->ah : 8;
        b->h = niche_xrealloc(b->h, b->ah * sizeof(*b->h));
    }
    b->h[b->nh++] = (uint32_t)follower_id;
    if (b->nh == STAGE_MAX)
        promote(sk, b);
}

/* One builder into its blobs; its other memory is freed. */
static void seal_one(struct an_sketches *sk, struct an_sk1 *b)
{
    struct niche_hll *h = b->hll ? b->hll : sk->hll;
    struct niche_minhash *m = b->mh ? b->mh : sk->mh;
    unsigned char *hb, *mb;
    size_t hl, ml;

    if (!b->hll) {   /* staged: through the shared pair */
        niche_hll_reset(h);
        niche_minhash_reset(m);
        feed(h, m, b->h, b->nh);
    }
    niche_hll_serialize(h, &hb, &hl);
    niche_minhash_serialize(m, &mb, &ml);
    free(b->h);   /* first, so that the blob below can take its place */
    b->blob = niche_xmalloc(hl + ml);
    memcpy(b->blob, hb, hl);
    memcpy(b->blob + hl, mb, ml);
    b->hll_len = (uint32_t)hl;
    b->mh_len = (uint32_t)ml;
    free(hb);
    free(mb);
    niche_hll_free(b->hll);
    niche_minhash_free(b->mh);
    b->h = NULL;
    b->hll = NULL;
    b->mh = NULL;
    b->nh = b->ah = 0;
    b->sealed = 1;
}

static void sk_seal(struct an_sketches *sk)
{
    size_t i;

    /* In account order, which is the audience table's key order. */
    for (i = 0; i < sk->nacc; i++)
        if (sk->slot[i] && !sk->b[sk->slot[i] - 1].sealed)
            seal_one(sk, &sk->b[sk->slot[i] - 1]);
}

/* A stored pair: this run's own (kept as it is, b->same), or of an
 * account this run has none for (to delete), or else rewritten. */
static int stored_cb(void *ctx, const struct niche_audience *a)
{
    struct an *an = ctx;
    struct an_sketches *sk = &an->sk;
    int32_t ai = niche__an_index(an, a->account_id);
    struct an_sk1 *b = ai >= 0 && sk->slot[ai] ? &sk->b[sk->slot[ai] - 1] : NULL;

    if (ai < 0)   /* no account of this run (an orphan row): not ours */
        return 0;
    if (!b) {
        NICHE_ALLOC_GROW(sk->gone, sk->ngone + 1, sk->agone);
        sk->gone[sk->ngone++] = a->account_id;
        return 0;
    }
    b->same = a->sample_size == b->n && a->hll_len == b->hll_len &&
              a->minhash_len == b->mh_len &&
              (!b->hll_len || !memcmp(a->hll, b->blob, b->hll_len)) &&
              (!b->mh_len || !memcmp(a->minhash, b->blob + b->hll_len, b->mh_len));
    return 0;
}

/* Seal the sketches and compare them with the stored ones, read through
 * st. */
static int sk_compare(struct an *an, struct niche_store *st, struct niche_error *err)
{
    struct an_sketches *sk = &an->sk;

    sk_seal(sk);
    sk->ngone = 0;
    return niche_store_audience_scan(st, NICHE_PLATFORM_UNKNOWN,
                                     NICHE_AUDIENCE_HLL | NICHE_AUDIENCE_MINHASH, stored_cb, an,
                                     err);
}

static void *sk_run(void *arg)
{
    struct an *an = arg;
    struct an_sketches *sk = &an->sk;

    sk->rc = sk_compare(an, sk->st, &sk->err);
    return NULL;
}

/*
 * Sealing and comparing take a tenth of a run's CPU (8 s at 3.6M
 * accounts). Before the followers are joined both cores are busy; after
 * it, the main thread concludes and writes the metric rows alone. So the
 * sketches are sealed and compared then, on a thread with its own handle
 * (the stored ones are the last committed: this run writes its own only
 * in niche__an_sk_write()). Else that does both, on the run's handle.
 */
void niche__an_sk_start(struct an *an)
{
    struct an_sketches *sk = &an->sk;

    if (!sk->slot || an->o->threads == 1 || niche__store_reopen(an->st, &sk->st, NULL) < 0)
        return;
    if (pthread_create(&sk->tid, NULL, sk_run, an) != 0) {
        niche_store_close(sk->st);
        sk->st = NULL;
        return;
    }
    sk->threaded = 1;
}

/* Wait for the thread, if one runs: its result, else 0. */
static int sk_join(struct an_sketches *sk)
{
    if (!sk->threaded)
        return 0;
    pthread_join(sk->tid, NULL);
    niche_store_close(sk->st);
    sk->st = NULL;
    sk->threaded = 0;
    return sk->rc;
}

/*
 * Only the sketches that changed are written: a second run over the same
 * followers reads the stored ones (85 MB at 100,000 accounts) instead of
 * writing them again, and their updated_ms stays the time they last
 * changed. Stored sketches of accounts with no known followers now go.
 */
int niche__an_sk_write(struct an *an)
{
    struct an_sketches *sk = &an->sk;
    int64_t now = niche__now_ms();
    size_t i;
    int rc = !sk->threaded ? sk_compare(an, an->st, an->err) : sk_join(sk);

    if (rc < 0 && sk->rc < 0 && an->err)   /* the thread's own error */
        *an->err = sk->err;
    for (i = 0; i < sk->ngone && rc == 0; i++)
        rc = niche__store_kept_delete(an->st, NICHE__KEPT_AUDIENCE, sk->gone[i], an->err);
    for (i = 0; i < sk->nacc && rc == 0; i++) {
        struct an_sk1 *b = sk->slot[i] ? &sk->b[sk->slot[i] - 1] : NULL;
        struct niche_audience a;

        if (!b || b->same)
            continue;
        a.account_id = an->acc[i].id;
        a.sample_size = b->n;
        a.updated_ms = now;
        a.hll = b->blob;
        a.hll_len = b->hll_len;
        a.minhash = b->blob + b->hll_len;
        a.minhash_len = b->mh_len;
        rc = niche_store_audience_put(an->st, &a, an->err);
        an->run.sketches_written++;
        free(b->blob);   /* stored: its memory goes back now */
        b->blob = NULL;
    }
    return rc;
}
