/*
 * lookalike.h - the accounts most like one account, by audience and by
 * content.
 *
 * Two similarities between the query account q and a same-platform
 * account a, both in [0, 1]:
 *
 *   audience  the Jaccard index of their known audiences,
 *             |F_q & F_a| / |F_q | F_a|, estimated from the MinHash
 *             signatures `niche analyze` stored (sketch.h): within about
 *             3 sqrt(J (1 - J) / k) of the truth, exact for audiences of
 *             fewer than k = 128 known followers;
 *   content   the mean of two cosines: of their niche scores (topics.h)
 *             and of their most used hashtags (posts carrying each); a
 *             side q has nothing for is left out of the mean, and an
 *             account with nothing where q has something scores 0 there.
 *
 * NICHE_LOOKALIKE_BOTH ranks by sqrt(audience * content), the geometric
 * mean: it needs both to be high, and does not care that Jaccard indexes
 * run much lower than cosines (scaling either leaves the order alone).
 * Candidates are the accounts of q's platform, other than q, that have
 * known followers (a sketch) or hashtags: accounts known only as
 * someone's follower are not candidates. Accounts whose ranking
 * similarity is 0 or unknown are not listed. docs/sketches.md.
 *
 *     struct niche_lookalike l;
 *     rc = niche_lookalike(st, &account, NICHE_LOOKALIKE_BOTH, 10, &l, &err);
 *     ... l.hits[i].account_id, .audience, .content, .score ...
 *     niche_lookalike_release(&l);
 */
#ifndef NICHE_LOOKALIKE_H
#define NICHE_LOOKALIKE_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "error.h"
#include "model.h"

struct niche_store;

enum niche_lookalike_by {
    NICHE_LOOKALIKE_BOTH = 0,   /* sqrt(audience * content) */
    NICHE_LOOKALIKE_AUDIENCE,   /* audience, then content */
    NICHE_LOOKALIKE_CONTENT     /* content, then audience */
};

/** "both", "audience", "content"; borrowed, static. */
NICHE_API const char *niche_lookalike_by_name(enum niche_lookalike_by by);
/** The enum of a name, or -1. */
NICHE_API int niche_lookalike_by_parse(const char *name);

#define NICHE_LOOKALIKE_MAX 1000   /* hits at most */

struct niche_lookalike_hit {
    int64_t account_id;
    double audience;         /* MinHash Jaccard estimate; NaN: no sketch */
    double content;          /* mean of the cosines below that q has */
    double niches;           /* cosine of niche scores; NaN when q has none */
    double hashtags;         /* cosine of hashtag counts; NaN when q has none */
    double score;            /* what the ranking used */
};

struct niche_lookalike {
    enum niche_lookalike_by by;
    int64_t candidates;      /* accounts compared */
    int k;                   /* MinHash size of q's signature, 0 without one */
    int64_t known;           /* q's known followers in its sketch, or 0 */
    int query_niches;        /* niche scores q has */
    int query_hashtags;      /* hashtags q has */
    size_t n;
    struct niche_lookalike_hit *hits;   /* owned: best first */
};

/**
 * The limit (1..NICHE_LOOKALIKE_MAX) accounts most like q (id and platform
 * read) in the current workspace, ranked by by; ties go to the other
 * similarity, then to the lower id. NICHE_ENOTFOUND when q has no sketch
 * and by needs the audience, or no niches and no hashtags and by needs
 * the content (message names q); NICHE_EINVAL for a bad limit; store
 * errors. Release *out with niche_lookalike_release() (also after a
 * failure: harmless).
 */
NICHE_API int niche_lookalike(struct niche_store *st, const struct niche_account *q,
                              enum niche_lookalike_by by, size_t limit,
                              struct niche_lookalike *out, struct niche_error *err);

/** Free what *l owns and zero it. NULL is a no-op. */
NICHE_API void niche_lookalike_release(struct niche_lookalike *l);

#endif
