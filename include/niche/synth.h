/*
 * synth.h - a synthetic creator world with ground truth.
 *
 * niche_synth_run() generates creators with one to three accounts on
 * instagram, tiktok, youtube and x; their posts, snapshots, audiences and a
 * follower graph drawn from a pool of audience accounts (real users, mass
 * followers, inactive accounts and bought bots); and the ground truth that
 * detectors are scored against: who bought followers and when, which
 * followers are bots, mass or inactive, which posts are undisclosed
 * sponsorship, each creator's true niches, and engagement-pod membership.
 * Every distribution and the published figure it is calibrated to is in
 * docs/synth.md.
 *
 * The world is a pure function of (seed, accounts, platforms, version):
 * each entity draws from its own random stream, so output is identical on
 * every machine and run. It goes either into the current workspace of a
 * store, or with out_dir into files (CSV, JSONL and a binary edge file)
 * written as they are generated, so memory grows with the number of
 * accounts, never with posts or edges.
 *
 *     struct niche_synth_opts o = NICHE_SYNTH_OPTS_INIT;
 *     o.accounts = 2000;
 *     o.seed = 42;
 *     rc = niche_synth_run(st, &o, &res, &err);
 */
#ifndef NICHE_SYNTH_H
#define NICHE_SYNTH_H

#include <stdint.h>
#include "common.h"
#include "error.h"

struct niche_store;

/** Bumped whenever the same seed would generate a different world. */
#define NICHE_SYNTH_VERSION 1

struct niche_synth_opts {
    int64_t accounts;         /* creator accounts to generate (>= 1) */
    uint64_t seed;
    unsigned platforms;       /* bit (1 << niche_platform) per platform; 0: the
                               * default instagram, tiktok, youtube, x */
    double audience_ratio;    /* audience accounts per creator account (default 3) */
    const char *out_dir;      /* write files here instead of into the store */
    int threads;              /* files mode: worker threads, 0 = one per core (max 8) */
    /* Called every 4096 creator accounts; non-zero cancels (NICHE_ECANCELED). */
    int (*on_progress)(void *ctx, int64_t done, int64_t total);
    void *ctx;
};

#define NICHE_SYNTH_OPTS_INIT { 10000, 42, 0, 3.0, NULL, 0, NULL, NULL }

/** What was generated. */
struct niche_synth_result {
    int64_t creators;          /* people */
    int64_t creator_accounts;  /* their accounts */
    int64_t audience_accounts; /* followers' accounts */
    int64_t posts, follower_edges, snapshots, comments, audience_shares;
    int64_t bought_accounts;   /* creator accounts that bought followers */
    int64_t pod_accounts;      /* creator accounts in an engagement pod */
    int64_t undisclosed_posts; /* sponsored posts without any marker */
    int64_t creator_tiers[7];  /* creator accounts per niche_tier, default scheme */
};

/**
 * Generate a world. Into the store (st, current workspace, which must hold
 * no accounts: NICHE_EEXIST otherwise), in one transaction; or into
 * out_dir (created if missing; st may be NULL), files listed in
 * docs/synth.md. Returns 0, NICHE_EINVAL (bad options), NICHE_EEXIST,
 * NICHE_EIO, NICHE_ESTORE or NICHE_ECANCELED; a failed run into the store
 * leaves nothing behind.
 */
NICHE_API int niche_synth_run(struct niche_store *st, const struct niche_synth_opts *o,
                              struct niche_synth_result *res, struct niche_error *err);

/** Parse "instagram,tiktok" into a platform bit set; -1 if a name is unknown. */
NICHE_API int niche_synth_platforms(const char *list, unsigned *out);

#endif
