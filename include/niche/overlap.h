/*
 * overlap.h - how much the audiences of a set of accounts overlap.
 *
 * For accounts A_1..A_n of one platform, over each account's *known*
 * followers F_i (the sample the store holds, not every follower):
 *
 *   union          size(F_1 | ... | F_n): the set's unique audience
 *   unique share   size(F_i - union of the others) / size(F_i)
 *   pairwise       size(F_i & F_j) / min(size(F_i), size(F_j))
 *
 * (domain.md section 8). Two methods:
 *
 *   exact      CRoaring bitmaps of the follower ids read from the store,
 *              when the set has at most NICHE_OVERLAP_EXACT_EDGES known
 *              follower edges in all and every id fits in 32 bits;
 *   estimate   the HyperLogLog sketches `niche analyze` stored: the union
 *              by merging them, unique shares and pairwise overlap by
 *              inclusion-exclusion, clipped to [0, 1]. Each count then has
 *              a relative standard error of 1.04/sqrt(2^p) (sketch.h).
 *
 * NICHE_OVERLAP_AUTO picks exact when it can. Formulas, bounds and the
 * threshold: docs/sketches.md.
 *
 *     struct niche_overlap ov;
 *     rc = niche_overlap(st, accounts, n, NICHE_OVERLAP_AUTO, &ov, &err);
 *     ... ov.union_size, ov.items[i].unique_share, ov.pairs[k].overlap ...
 *     niche_overlap_release(&ov);
 */
#ifndef NICHE_OVERLAP_H
#define NICHE_OVERLAP_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "error.h"
#include "model.h"

struct niche_store;

/** Accounts in one comparison at most (domain.md: <= 50 creators). */
#define NICHE_OVERLAP_MAX 50
/** Known follower edges in all up to which AUTO counts exactly: 5M ids
 *  take about 20 MB of bitmaps and well under a second to read. */
#define NICHE_OVERLAP_EXACT_EDGES 5000000

enum niche_overlap_method {
    NICHE_OVERLAP_AUTO = 0,   /* exact when it can, else estimate */
    NICHE_OVERLAP_EXACT,      /* exact at any size (ids must fit 32 bits) */
    NICHE_OVERLAP_ESTIMATE    /* the stored HyperLogLog sketches */
};

/** One account of the set. Counts are exact or estimates, per the method. */
struct niche_overlap_item {
    int64_t account_id;
    int64_t known;           /* known followers: edges read, or the sketch's sample */
    double size;             /* size(F_i) */
    double unique;           /* size(F_i - union of the others) */
    double unique_share;     /* unique / size, in [0, 1]; NaN when size is 0 */
};

/** One pair i < j, in the order the accounts were given. */
struct niche_overlap_pair {
    size_t i, j;
    double shared;           /* size(F_i & F_j) */
    double overlap;          /* shared / min(size(F_i), size(F_j)), in [0, 1] */
    double overlap_se;       /* its standard error (estimate), 0 when exact */
};

struct niche_overlap {
    enum niche_overlap_method method;   /* EXACT or ESTIMATE: what was used */
    int precision;           /* HyperLogLog precision (estimate), else 0 */
    double std_error;        /* relative standard error of one estimated count:
                              * 1.04/sqrt(2^p), or 1.04/sqrt(2^25) when every
                              * sketch involved was sparse; 0 when exact */
    int64_t edges;           /* known follower edges of the set */
    double union_size;       /* size(F_1 | ... | F_n) */
    int64_t sketched_ms;     /* estimate: when the oldest sketch last changed
                              * (an analysis that finds it unchanged keeps it) */
    size_t n;
    struct niche_overlap_item *items;   /* owned: n, in the order given */
    size_t npairs;
    struct niche_overlap_pair *pairs;   /* owned: n (n - 1) / 2 */
    char why[160];           /* why this method, for people */
};

/**
 * Measure the overlap of the n accounts (2..NICHE_OVERLAP_MAX, distinct,
 * one platform; only id, platform and handle are read) of the current
 * workspace. NICHE_EINVAL for a bad set (message names the accounts),
 * NICHE_ENOTFOUND when an account has no known followers (exact) or no
 * stored sketch (estimate), NICHE_EUNSUPPORTED when EXACT meets a follower
 * id past 32 bits, or a store error. *out is filled on success and must be
 * released with niche_overlap_release() (also after a failure: harmless).
 */
NICHE_API int niche_overlap(struct niche_store *st, const struct niche_account *accounts,
                            size_t n, enum niche_overlap_method method,
                            struct niche_overlap *out, struct niche_error *err);

/** Free what *o owns and zero it. NULL is a no-op. */
NICHE_API void niche_overlap_release(struct niche_overlap *o);

#endif
