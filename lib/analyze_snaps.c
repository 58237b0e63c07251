/*
 * analyze_snaps.c - the snapshots pass of niche_analyze(): each account's
 * growth and growth anomalies from its follower counts over time.
 *
 * The pass needs nothing of the accounts pass, so it reads on a thread of
 * its own, with its own store handle, while the main thread reads the
 * accounts (the two took 11 s one after the other at 3.6M accounts). Its
 * results wait, by account id, until the accounts are read; the main
 * thread then gives them slots in the order the scan met them, as a pass
 * of its own would have, so that a run gives one result either way.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include "analyze_int.h"
#include "store_int.h"
#include "internal.h"
#include "banned.h"

/* One account's growth, as the reader found it. */
struct snap_res {
    int64_t account_id;
    int64_t latest_ms;            /* its latest snapshot */
    int64_t count;                /* its snapshots */
    struct niche_growth growth;
    uint32_t anom;                /* its first anomaly in job->anom */
    uint8_t nanom;                /* how many: growth.anomalies, capped */
};

struct an_snap_job {
    struct niche_store *st;       /* an->st, or owned: the reader's handle */
    atomic_int stop;              /* the accounts pass failed: stop reading */
    struct niche_snapshot *snaps; /* owned: the account being read */
    size_t nsnaps, asnaps;
    int64_t cur_id;
    struct snap_res *res;         /* owned: in the order the scan met them */
    size_t nres, ares;
    struct niche_anomaly *anom;   /* owned */
    size_t nanom, aanom;
    pthread_t tid;
    int threaded;
    int rc;
    struct niche_error err;
};

static int cmp_taken(const void *a, const void *b)
{
    const struct niche_snapshot *x = a, *y = b;

    return x->taken_ms < y->taken_ms ? -1 : x->taken_ms > y->taken_ms;
}

/* Growth and anomalies of snaps[0..n) (any order: the store gives them
 * sorted, so they are rarely sorted here). */
static void growth_of(struct niche_snapshot *snaps, size_t n, struct niche_growth *g,
                      struct niche_anomaly *anom)
{
    size_t i;

    for (i = 1; i < n && cmp_taken(&snaps[i - 1], &snaps[i]) <= 0; i++)
        ;
    if (i < n)
        qsort(snaps, n, sizeof(*snaps), cmp_taken);
    niche_growth(snaps, n, g, anom, NICHE_MAX_ANOMALIES);
}

/* The account read so far, into the results. */
static void close_account(struct an_snap_job *j)
{
    struct niche_anomaly anom[NICHE_MAX_ANOMALIES];
    struct snap_res *r;
    size_t i;

    if (!j->nsnaps)
        return;
    NICHE_ALLOC_GROW(j->res, j->nres + 1, j->ares);
    r = &j->res[j->nres++];
    memset(r, 0, sizeof(*r));
    r->account_id = j->cur_id;
    r->count = (int64_t)j->nsnaps;
    r->latest_ms = INT64_MIN;
    for (i = 0; i < j->nsnaps; i++)
        if (j->snaps[i].taken_ms > r->latest_ms)
            r->latest_ms = j->snaps[i].taken_ms;
    growth_of(j->snaps, j->nsnaps, &r->growth, anom);
    r->nanom = (uint8_t)(r->growth.anomalies < NICHE_MAX_ANOMALIES ? r->growth.anomalies
                                                                   : NICHE_MAX_ANOMALIES);
    r->anom = (uint32_t)j->nanom;
    if (r->nanom) {   /* anom stays NULL until the first */
        NICHE_ALLOC_GROW(j->anom, j->nanom + r->nanom, j->aanom);
        memcpy(j->anom + j->nanom, anom, r->nanom * sizeof(*anom));
        j->nanom += r->nanom;
    }
    j->nsnaps = 0;
}

static void keep(struct niche_snapshot **snaps, size_t *n, size_t *alloc,
                 const struct niche_snapshot *s)
{
    NICHE_ALLOC_GROW(*snaps, *n + 1, *alloc);
    (*snaps)[(*n)++] = *s;
}

static int read_cb(void *ctx, const struct niche_snapshot *s)
{
    struct an_snap_job *j = ctx;

    if (s->account_id != j->cur_id) {
        close_account(j);
        if (atomic_load_explicit(&j->stop, memory_order_relaxed))
            return niche_error_set(&j->err, NICHE_ECANCELED, "analysis cancelled");
        j->cur_id = s->account_id;
    }
    keep(&j->snaps, &j->nsnaps, &j->asnaps, s);
    return 0;
}

static int read_all(struct an_snap_job *j)
{
    j->rc = niche_store_snapshot_scan(j->st, 0, read_cb, j, &j->err);
    if (j->rc == 0)
        close_account(j);
    return j->rc;
}

static void *reader_run(void *arg)
{
    read_all(arg);
    return NULL;
}

int niche__an_snaps_start(struct an *an)
{
    struct an_snap_job *j = niche_xcalloc(1, sizeof(*j));

    an->snapjob = j;
    atomic_init(&j->stop, 0);
    j->st = an->st;
    if (an->o->threads == 1 || niche__store_reopen(an->st, &j->st, NULL) < 0) {
        j->st = an->st;   /* read later, inline */
        return 0;
    }
    if (pthread_create(&j->tid, NULL, reader_run, j) != 0) {
        niche_store_close(j->st);
        j->st = an->st;
        return 0;
    }
    j->threaded = 1;
    return 0;
}

/* ---- used on the main thread ----------------------------------------------- */

static void use_res(struct an *an, const struct an_snap_job *j, const struct snap_res *r)
{
    int32_t ai = niche__an_index(an, r->account_id);
    struct niche_metrics *m;

    if (ai < 0)   /* not an account of the run (written since it read them) */
        return;
    an->run.snapshots += r->count;
    if (r->latest_ms > an->latest_ms)
        an->latest_ms = r->latest_ms;
    if (an->seen[ai] & SEEN_SNAPS) {   /* met twice: read again alone */
        if (!(an->seen[ai] & SEEN_REDO)) {
            NICHE_ALLOC_GROW(an->redo, an->nredo + 1, an->aredo);
            an->redo[an->nredo++] = ai;
            an->seen[ai] |= SEEN_REDO;
        }
        return;
    }
    an->seen[ai] |= SEEN_SNAPS;
    m = &an->m[niche__an_slot(an, ai)];
    m->growth = r->growth;
    if (r->nanom)
        memcpy(m->anomaly, j->anom + r->anom, r->nanom * sizeof(*j->anom));
}

struct one {
    struct niche_snapshot *snaps;
    size_t n, alloc;
};

static int one_cb(void *ctx, const struct niche_snapshot *s)
{
    struct one *o = ctx;

    keep(&o->snaps, &o->n, &o->alloc, s);
    return 0;
}

/* An account whose snapshots the scan met in two places, read alone. */
static int redo_one(struct an *an, int32_t ai, struct one *o)
{
    struct niche_metrics *m = &an->m[niche__an_slot(an, ai)];
    int rc;

    o->n = 0;
    if ((rc = niche_store_snapshot_scan(an->st, an->acc[ai].id, one_cb, o, an->err)) < 0)
        return rc;
    if (o->n) {   /* none: they went since the scan, which stays */
        memset(m->anomaly, 0, sizeof(m->anomaly));
        growth_of(o->snaps, o->n, &m->growth, m->anomaly);
    }
    return 0;
}

static void job_free(struct an *an)
{
    struct an_snap_job *j = an->snapjob;

    if (!j)
        return;
    if (j->threaded) {
        atomic_store(&j->stop, 1);
        pthread_join(j->tid, NULL);
        niche_store_close(j->st);
    }
    free(j->snaps);
    free(j->res);
    free(j->anom);
    free(j);
    an->snapjob = NULL;
}

int niche__an_snaps_finish(struct an *an, int rc)
{
    struct an_snap_job *j = an->snapjob;
    struct one o = { NULL, 0, 0 };
    size_t i;

    if (rc < 0 || !j) {
        job_free(an);
        return rc;
    }
    if (j->threaded) {
        pthread_join(j->tid, NULL);
        niche_store_close(j->st);
        j->threaded = 0;
        if (j->rc < 0 && an->err)
            *an->err = j->err;
    } else {
        read_all(j);   /* with the run's handle: its error is in j->err */
        if (j->rc < 0 && an->err)
            *an->err = j->err;
    }
    for (i = 0; (rc = j->rc) == 0 && i < an->nacc; i++)
        an->seen[i] &= (uint8_t)~SEEN_REDO;
    for (i = 0; rc == 0 && i < j->nres; i++)
        use_res(an, j, &j->res[i]);
    for (i = 0; rc == 0 && i < an->nredo; i++)
        rc = redo_one(an, an->redo[i], &o);
    an->nredo = 0;
    free(o.snaps);
    job_free(an);
    return rc < 0 ? rc
                  : niche__an_progress(an, "snapshots", an->run.snapshots, an->run.snapshots);
}
