/*
 * tier.c - built-in tier schemes (docs/domain.md section 3).
 *
 * The table is data: each row cites its source, and the first row is the
 * default every report falls back to.
 */
#include <string.h>
#include "niche/tier.h"
#include "internal.h"
#include "banned.h"

/*                                    below nano  micro   mid      macro    mega     unknown */
static const struct niche_tier_scheme schemes[] = {
    { "later-fohr", "Later x Fohr 2020", "LaterFohr",
      { 0, 0, 10000, 100000, 500000, 1000000, -1 } },
    { "chizcomm", "chizcomm / J-14", "Chizcomm",
      { 0, 1000, 10000, 50000, 500000, 1000000, -1 } },
    { "hypeauditor-2019", "HypeAuditor 2019", "HA-36k",
      { 0, 1000, 5000, 20000, 100000, 1000000, -1 } },
    { "people-first", "People First pyramid (micro 2k-20k; mid and up as Later x Fohr)",
      "PeopleFirst",
      { 0, -1, 2000, 20000, 500000, 1000000, -1 } },
    { "fullscreen", "Fullscreen / Shareablee", "Fullscreen",
      { 0, -1, 0, 250000, 1000000, 20000000, -1 } },
};

#define NSCHEMES ((int)(sizeof(schemes) / sizeof(schemes[0])))

static const char *const tier_names[NICHE_TIER__COUNT] = {
    "below", "nano", "micro", "mid", "macro", "mega", "unknown"
};

const struct niche_tier_scheme *niche_tier_scheme_at(int i)
{
    return i >= 0 && i < NSCHEMES ? &schemes[i] : NULL;
}

const struct niche_tier_scheme *niche_tier_scheme_find(const char *id)
{
    int i;

    if (!id)
        return &schemes[0];
    for (i = 0; i < NSCHEMES; i++)
        if (!strcmp(schemes[i].id, id))
            return &schemes[i];
    return NULL;
}

enum niche_tier niche_tier_of(const struct niche_tier_scheme *s, int64_t followers)
{
    int t;

    if (followers == NICHE_MISSING)
        return NICHE_TIER_UNKNOWN;
    if (!s)
        s = &schemes[0];
    /* The highest present tier whose lower bound the count reaches. */
    for (t = NICHE_TIER_MEGA; t >= NICHE_TIER_NANO; t--)
        if (s->lower[t] >= 0 && followers >= s->lower[t])
            return (enum niche_tier)t;
    return NICHE_TIER_BELOW;
}

const char *niche_tier_name(enum niche_tier t)
{
    return (unsigned)t < NICHE_TIER__COUNT ? tier_names[t] : "unknown";
}
