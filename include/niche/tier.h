/*
 * tier.h - follower tiers, kept as data.
 *
 * No standard tier scheme exists (docs/domain.md section 3), so schemes are
 * rows of a table and every report names the one it used. The default is
 * Later x Fohr 2020: nano < 10k <= micro < 100k <= mid < 500k <= macro
 * < 1M <= mega. A scheme may leave a tier out ("people-first" has no nano)
 * or start above zero (accounts under its first bound are "below").
 *
 *     const struct niche_tier_scheme *s = niche_tier_scheme_find("later-fohr");
 *     enum niche_tier t = niche_tier_of(s, 42000);   // NICHE_TIER_MICRO
 */
#ifndef NICHE_TIER_H
#define NICHE_TIER_H

#include <stdint.h>
#include "common.h"

enum niche_tier {
    NICHE_TIER_BELOW = 0,  /* under the scheme's first bound */
    NICHE_TIER_NANO,
    NICHE_TIER_MICRO,
    NICHE_TIER_MID,
    NICHE_TIER_MACRO,
    NICHE_TIER_MEGA,
    NICHE_TIER_UNKNOWN,    /* follower count missing */
    NICHE_TIER__COUNT
};

/**
 * lower[t] is the least follower count in tier t, or -1 when the scheme has
 * no such tier; a tier ends where the next present one starts.
 */
struct niche_tier_scheme {
    const char *id;        /* "later-fohr" */
    const char *title;     /* "Later x Fohr 2020" */
    const char *source;    /* key in docs/domain.md section 10 */
    int64_t lower[NICHE_TIER__COUNT];
};

/** Scheme by id, NULL if unknown; borrowed, static. NULL id: the default. */
NICHE_API const struct niche_tier_scheme *niche_tier_scheme_find(const char *id);

/** The i-th built-in scheme (0 is the default), NULL past the last. */
NICHE_API const struct niche_tier_scheme *niche_tier_scheme_at(int i);

/** Tier of an account with this many followers (NICHE_MISSING: UNKNOWN). */
NICHE_API enum niche_tier niche_tier_of(const struct niche_tier_scheme *s,
                                        int64_t followers);

/** "nano", "micro"...; borrowed, static. */
NICHE_API const char *niche_tier_name(enum niche_tier t);

#endif
