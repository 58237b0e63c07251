/*
 * analyze_int.h - the state of one niche_analyze() run (private to lib/).
 *
 * analyze.c reads the workspace pass by pass (accounts, posts, snapshots,
 * followers, comments) and fills per-account results; analyze_global.c
 * then does what needs every account at once: pods, learned brands and
 * undisclosed sponsorship, peer percentiles.
 */
#ifndef NICHE_ANALYZE_INT_H
#define NICHE_ANALYZE_INT_H

#include <pthread.h>
#include "niche/analyze.h"
#include "niche/store.h"
#include "niche/topics.h"
#include "niche/sketch.h"
#include "buf.h"
#include "tags.h"
#include "facts.h"

/* One account of the workspace, analysed or not. */
struct an_acc {
    int64_t id;
    int64_t followers, following, posts, last_active_ms;
    int32_t mi;               /* index into an->m, -1: not analysed */
    uint8_t platform;
    uint8_t signals;          /* niche_suspicious_signals() */
    uint8_t has_posts;        /* can be a pod mate */
    uint8_t type, bot;        /* as a follower */
    char lang[3];
};

/* A mention of a possible brand in a post without any marker. */
struct an_cand {
    int32_t mi;
    uint32_t brand, word;     /* dictionary ids */
    int64_t post_id;
};

/* A comment by an account that posts itself (a possible pod mate). */
struct an_triple {
    int32_t mi;               /* commented account */
    int32_t author;           /* an->acc index */
    int64_t post_id;
    uint8_t first_hour;
};

#define FCLASS_TYPE 0x0f
#define FCLASS_BOT 0x10
#define FCLASS_FOLLOWER 0x20

#define SEEN_SNAPS 2
#define SEEN_REDO 4
#define FACTS_STALE 8         /* its post facts must be rebuilt */
#define FACTS_BUILT 16        /* rebuilt by this run */
#define FACTS_SPLIT 32        /* built twice, or its refresh failed: rebuilt alone */
#define FACTS_REFRESH 64      /* its stored facts get only its new posts and numbers */
#define FACTS_AGAIN 128       /* refreshed again, account by account, after the scan */

/* Where the stored blob of an account to refresh is, in an->fbase, and
 * the changed value read with it (2: only new posts came, 1 else). */
struct an_base {
    size_t off;
    uint32_t len;             /* 0: none, the facts are built whole */
    int64_t changed;
};

struct an_post_ref {
    int32_t mi;
    uint32_t posted_s;        /* UINT32_MAX: unknown */
};

/* One account's audience sketches, being built: its followers' row ids
 * staged in h, or (past a threshold) real sketches. */
struct an_sk1 {
    uint32_t *h;              /* owned: staged follower ids */
    uint32_t nh, ah;
    int32_t ai;               /* account index */
    struct niche_hll *hll;    /* owned, NULL while staged */
    struct niche_minhash *mh; /* owned, NULL while staged */
    int64_t n;                /* known followers added */
    /* once sealed: its HyperLogLog blob, then its MinHash blob */
    unsigned char *blob;      /* owned */
    uint32_t hll_len, mh_len;
    int sealed;
    int same;                 /* the stored pair is this one: not written */
};

/* Audience sketches built by the followers pass (analyze_sketch.c); only
 * that pass touches them until it is joined. */
struct an_sketches {
    int p;                    /* HyperLogLog precision */
    int32_t *slot;            /* per account index: builder + 1, 0 none */
    size_t nacc;
    struct an_sk1 *b;         /* the builders */
    size_t nb, ab;
    struct niche_hll *hll;    /* reused to sketch staged hashes */
    struct niche_minhash *mh;
    /* sealed and compared with the stored ones, maybe on a thread of its
     * own (niche__an_sk_start()): the accounts whose stored sketches this
     * run has none for */
    int64_t *gone;            /* owned */
    size_t ngone, agone;
    struct niche_store *st;   /* owned: the thread's handle */
    pthread_t tid;
    int threaded, rc;
    struct niche_error err;
};

/* Interned strings: brands and the words before them. */
struct an_dict {
    char **str;
    uint32_t *slot;           /* open addressing: id + 1, 0 empty */
    size_t n, cap, slots;
    int64_t *marked, *total;  /* per id: mentions in marked posts, all */
};

struct an {
    struct niche_store *st;
    const struct niche_analyze_opts *o;
    const struct niche_tier_scheme *scheme;
    struct niche_price_table prices;
    struct niche_error *err;
    struct niche_analysis_run run;
    int64_t as_of_ms, latest_ms;
    uint64_t stamp0;          /* the workspace's index stamp when the run began */
    int stamp_ok;
    int in_results;           /* the results transaction is open */
    int unchecked;            /* it writes without reference checks */

    struct an_acc *acc;
    size_t nacc, aacc;
    int32_t *idx_of;          /* id - id_min -> acc index, or NULL: bsearch */
    int64_t id_min, id_max;

    struct niche_metrics *m;  /* analysed accounts */
    struct niche_topic_acc *topic;
    double *median_views;
    /* Each slot's most used hashtags, as "posts tag\n" lines in tagtext
     * (tag_off < 0: none). */
    int64_t *tag_off;
    struct niche__buf tagtext;
    struct niche__facts facts;   /* the account being read by the posts pass */
    size_t nfacts;            /* accounts with post facts, fresh or stale */
    size_t facts_txn;         /* facts stored in the open transaction, 0: none open */
    int64_t facts_token;      /* this run's claim on the facts it builds */
    struct niche__buf fbase;  /* the stored blobs of accounts to refresh */
    struct an_base *base;     /* per redo entry, during the posts pass */
    size_t abase;
    size_t nm, am;
    size_t nm_lists;          /* slots whose lists write_lists() wrote */
    struct niche_topics *topics;

    /* accounts met before by the current pass: SEEN_* bits per account
     * index; redo lists accounts to re-read alone */
    uint8_t *seen;
    int32_t *redo;
    size_t nredo, aredo;
    struct niche_post *buf;
    size_t nbuf, abuf;
    struct an_snap_job *snapjob;   /* owned: the snapshots pass, while it reads */
    /* post id - pm_lo -> its account's slot (-1: none) and time, for comments */
    struct an_post_ref *pm;
    int64_t pm_lo;
    size_t pm_n, pm_alloc;
    int64_t latest_post_ms;
    /* per account index: FCLASS_* (type, bot, follows someone) */
    uint8_t *fclass;

    struct an_dict brands, words;
    struct an_cand *cand;
    size_t ncand, acand;
    struct niche_post_sponsorship *spons;
    size_t nspons, aspons;
    struct an_triple *trip;
    size_t ntrip, atrip;
    struct an_sketches sk;    /* audience sketches, by the followers pass */
};

/* analyze.c */
int32_t niche__an_index(const struct an *an, int64_t id);
int32_t niche__an_slot(struct an *an, int32_t ai);
void niche__an_use_facts(struct an *an, int32_t ai, const struct niche__facts *f);
/* Report a stage's progress; NICHE_ECANCELED when the caller cancels. */
int niche__an_progress(struct an *an, const char *stage, int64_t done, int64_t total);

/* analyze_facts.c: the posts pass */
int niche__an_posts(struct an *an);

/* analyze_snaps.c: the snapshots pass, started before the accounts pass
 * and read beside it; finished once that is done (rc < 0: it failed, and
 * the snapshots are only dropped). */
int niche__an_snaps_start(struct an *an);
int niche__an_snaps_finish(struct an *an, int rc);

/* analyze_sketch.c */
void niche__an_sk_init(struct an_sketches *sk, int p, size_t nacc);
void niche__an_sk_add(struct an_sketches *sk, int32_t ai, int64_t follower_id);
void niche__an_sk_start(struct an *an);
int niche__an_sk_write(struct an *an);
void niche__an_sk_release(struct an *an);

/* analyze_global.c */
uint32_t niche__an_intern(struct an_dict *d, const char *s, size_t len);
void niche__an_dict_free(struct an_dict *d);
void niche__an_undisclosed(struct an *an);
void niche__an_pods(struct an *an);
void niche__an_peers(struct an *an);
void niche__an_brand_use(struct niche_metrics *m, const char *brand, int marker,
                         int undisclosed);

#endif
