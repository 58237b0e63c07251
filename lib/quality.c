/*
 * quality.c - follower types and their suspicious signals (metrics.h;
 * rules and thresholds in docs/quality.md).
 *
 * The order of the rules is HypeAuditor's [HA-types]: mass first, then
 * influencer, then the rest. Being a bot is kept apart from the type: a
 * mass follower with a bot's profile is both, and counting it once as
 * "mass" must not hide it from the fake share.
 */
#include <string.h>
#include "niche/metrics.h"
#include "internal.h"
#include "banned.h"

#define DAY_MS 86400000LL

static const char *const type_names[NICHE_FOLLOWER__COUNT] = {
    "real", "mass", "influencer", "suspicious", "inactive"
};

const char *niche_follower_type_name(enum niche_follower_type t)
{
    return (unsigned)t < NICHE_FOLLOWER__COUNT ? type_names[t] : "unknown";
}

/* "maria_48213377", "user84736251": six digits or more, and no fewer
 * digits than letters. */
static int digit_heavy(const char *h)
{
    int digits = 0, letters = 0;

    for (; h && *h; h++) {
        if (niche__isdigit((unsigned char)*h))
            digits++;
        else if (*h != '_' && *h != '.')
            letters++;
    }
    return digits >= 6 && digits >= letters;
}

static int known(int64_t v) { return v != NICHE_MISSING && v >= 0; }

unsigned niche_suspicious_signals(const struct niche_account *a)
{
    unsigned s = 0;

    if (a->has_avatar == 0)
        s |= NICHE_SIGNAL_NO_AVATAR;
    if (known(a->posts) && a->posts <= 3)
        s |= NICHE_SIGNAL_FEW_POSTS;
    /* Following more than 1,500 is the mass test already: counted again as
     * a ratio it would make every mass follower without an avatar a bot. */
    if (known(a->following) && known(a->followers) &&
        a->following <= NICHE_MASS_FOLLOWING &&
        a->following >= 20 * (a->followers > 1 ? a->followers : 1))
        s |= NICHE_SIGNAL_FOLLOW_RATIO;
    if (digit_heavy(a->handle))
        s |= NICHE_SIGNAL_DIGIT_HANDLE;
    return s;
}

static int popcount(unsigned x)
{
    int n = 0;

    for (; x; x &= x - 1)
        n++;
    return n;
}

enum niche_follower_type niche_follower_type(const struct niche_account *a,
                                             int64_t now_ms, int *bot)
{
    int dormant = a->last_active_ms != NICHE_MISSING &&
                  a->last_active_ms < now_ms - NICHE_INACTIVE_DAYS * DAY_MS;
    /* A dormant account is inactive, not a bot: bought followers are fresh
     * and active; old empty profiles are a separate (weaker) problem. */
    int b = !dormant && popcount(niche_suspicious_signals(a)) >= 2;

    if (bot)
        *bot = b;
    if (known(a->following) && a->following > NICHE_MASS_FOLLOWING)
        return NICHE_FOLLOWER_MASS;
    if (known(a->followers) && a->followers > NICHE_INFLUENCER_FOLLOWERS)
        return NICHE_FOLLOWER_INFLUENCER;
    if (dormant)
        return NICHE_FOLLOWER_INACTIVE;
    return b ? NICHE_FOLLOWER_SUSPICIOUS : NICHE_FOLLOWER_REAL;
}
