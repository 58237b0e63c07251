/*
 * analyze.h - audit every account of a workspace and store the results.
 *
 * niche_analyze() reads the workspace in account order (accounts, posts,
 * snapshots, known followers, comment authors), computes the metrics of
 * metrics.h for each account, then what needs the whole workspace: peer
 * percentiles in log-scaled follower bands, engagement pods from recurring
 * reciprocal commenters, brands learned from disclosed posts and the
 * likely undisclosed sponsorship they reveal; and each account's audience
 * sketches (sketch.h) from its known followers. It replaces the previous
 * results of the workspace in one transaction, stamped with the analysis
 * version, the tier scheme, the as-of time and the price table used.
 *
 *     struct niche_analyze_opts o = NICHE_ANALYZE_OPTS_INIT;
 *     struct niche_analysis_run run;
 *     rc = niche_analyze(st, &o, &run, &err);
 *     struct niche_metrics m;
 *     rc = niche_store_metrics_get(st, account_id, &m, &err);
 */
#ifndef NICHE_ANALYZE_H
#define NICHE_ANALYZE_H

#include <stdint.h>
#include "common.h"
#include "error.h"
#include "metrics.h"
#include "model.h"
#include "tier.h"
#include "topics.h"

struct niche_store;

/** The most threads niche_analyze() uses (niche_analyze_opts.threads). */
#define NICHE_ANALYZE_THREADS_MAX 16

/** Bumped whenever the same data would give different results. */
#define NICHE_ANALYSIS_VERSION 1

struct niche_analyze_opts {
    const struct niche_tier_scheme *scheme;   /* NULL: the default */
    struct niche_er_opts er;
    const struct niche_price_table *prices;   /* NULL: the default table */
    int64_t as_of_ms;        /* NICHE_MISSING: the latest activity or snapshot
                              * time in the workspace, else the latest post */
    int min_peers;           /* merge neighbouring bands until this many (50) */
    /* Threads: stale post facts are built on this many (at most
     * NICHE_ANALYZE_THREADS_MAX), and from 2 on the snapshots are read
     * beside the accounts, the known followers beside the posts and their
     * sketches sealed beside the writing; 0: one per core; 1: everything
     * on one. */
    int threads;
    /* Called at each stage and every 65,536 accounts; non-zero cancels. */
    int (*on_progress)(void *ctx, const char *stage, int64_t done, int64_t total);
    void *ctx;
    /* Precision p of the audience HyperLogLog sketches built from known
     * followers (sketch.h): 4..18, default 14 (relative error 0.81%). */
    int hll_precision;
};

#define NICHE_ANALYZE_OPTS_INIT \
    { NULL, NICHE_ER_OPTS_INIT, NULL, NICHE_MISSING, 50, 0, NULL, NULL, 14 }

/** One run of niche_analyze(), as stored. */
struct niche_analysis_run {
    int64_t id;
    int version;
    char scheme[32];         /* tier scheme id */
    int64_t as_of_ms, started_ms, finished_ms;
    int64_t accounts;        /* accounts in the workspace */
    int64_t analysed;        /* with posts, snapshots or known followers */
    int64_t posts, follower_edges, snapshots, comments;
    int64_t followers_classified;  /* accounts typed as followers */
    int64_t er_known;        /* accounts with ER_F_MEAN */
    int64_t bought_flagged, pod_accounts, pods, undisclosed_posts, brands;
    int64_t facts_built;     /* accounts whose posts were read anew, not their facts */
    int64_t facts_refreshed; /* accounts whose facts got only their new posts and
                              * numbers (docs/internals/facts.md) */
    /* accounts whose hashtags or audience sketches changed and were
     * written (the others' stored rows were found equal and kept) */
    int64_t tags_written, sketches_written;
    char currency[4];
    char prices[64];         /* price table source */
};

#define NICHE_MAX_ANOMALIES 4
#define NICHE_MAX_BRANDS 4

/** A brand an account has posted about, and how. */
struct niche_brand_use {
    char name[48];           /* handle, lowercase without '@' */
    int posts, disclosed, ambiguous, undisclosed;
};

/** Where an account stands among same-platform peers of similar size. */
struct niche_peer {
    int band_lo, band_hi;    /* bands merged, b = floor(30 log10 F); -1: none */
    int64_t peers;           /* accounts with the rate in those bands */
    double percentile;       /* share of peers below, in [0, 1]; NaN: unknown */
    double median;           /* the peers' median rate */
};

/** Every result for one account; missing values as in model.h. */
struct niche_metrics {
    int64_t account_id, run_id;
    enum niche_platform platform;
    int64_t followers;       /* F the rates divide by */
    enum niche_tier tier;
    char scheme[32];
    int64_t as_of_ms;
    struct niche_er er[NICHE_ER__COUNT];
    struct niche_peer peer[NICHE_ER__COUNT];
    struct niche_activity activity;
    struct niche_growth growth;
    struct niche_anomaly anomaly[NICHE_MAX_ANOMALIES];   /* growth.anomalies, capped */
    /* audience: known followers by type, and bots (any type) */
    int64_t followers_known;
    int64_t by_type[NICHE_FOLLOWER__COUNT];
    int64_t bots;
    double authentic, authentic_lo, authentic_hi;   /* real + influencer share */
    double fake, fake_lo, fake_hi;                  /* bot share, Wilson 95% */
    double reachability;                            /* following < 1,500 */
    int bought;              /* 1 bought followers likely, 0 no sign, -1 unknown */
    /* comments */
    int64_t comments_known, pod_comments, first_hour_comments;
    double comment_authenticity;
    int64_t pod;             /* pod number, 0 if none */
    int64_t pod_size;
    double aqs;
    double aqs_part[NICHE_AQS__COUNT];
    /* sponsorship, over every known post */
    int posts_scanned, sponsored, ambiguous, undisclosed, buried;
    struct niche_er ppp_sponsored, ppp_organic;     /* ER_F_MEAN sides */
    double ppp;
    int nbrands;
    struct niche_brand_use brand[NICHE_MAX_BRANDS];
    /* niches */
    int nniches;
    struct niche_topic_label niche[NICHE_TOPIC_MAX_LABELS];
    /* estimates (always labelled so) */
    struct niche_estimate est;
    char currency[4];
};

/** Sponsorship found in one post (stored only for posts with a sign). */
struct niche_post_sponsorship {
    int64_t post_id, account_id;
    struct niche_disclosure_check check;
    int likely_undisclosed;  /* a learned brand, phrased like a deal, no marker */
    char brand[48];          /* brand mentioned, "" if none */
};

/**
 * Analyse the current workspace and replace its stored results. Returns 0,
 * NICHE_EINVAL, NICHE_ESTORE or NICHE_ECANCELED (nothing changed then);
 * *run (may be NULL) gets the run as stored.
 */
NICHE_API int niche_analyze(struct niche_store *st, const struct niche_analyze_opts *o,
                            struct niche_analysis_run *run, struct niche_error *err);

#endif
