/* model.c - names of enumerations and lifecycles of the model structs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "niche/model.h"
#include "internal.h"
#include "banned.h"

struct alias { const char *name; int value; };

static const char *const platform_names[NICHE_PLATFORM__COUNT] = {
    "unknown", "instagram", "tiktok", "youtube", "x", "facebook",
    "pinterest", "twitch", "blog"
};

static const struct alias platform_aliases[] = {
    { "ig", NICHE_PLATFORM_INSTAGRAM }, { "insta", NICHE_PLATFORM_INSTAGRAM },
    { "tt", NICHE_PLATFORM_TIKTOK }, { "tik tok", NICHE_PLATFORM_TIKTOK },
    { "yt", NICHE_PLATFORM_YOUTUBE }, { "twitter", NICHE_PLATFORM_X },
    { "fb", NICHE_PLATFORM_FACEBOOK }, { NULL, 0 }
};

static const char *const post_type_names[NICHE_POST__COUNT] = {
    "unknown", "image", "carousel", "video", "reel", "story", "short", "live"
};

static const struct alias post_type_aliases[] = {
    { "photo", NICHE_POST_IMAGE }, { "graphimage", NICHE_POST_IMAGE },
    { "sidecar", NICHE_POST_CAROUSEL }, { "album", NICHE_POST_CAROUSEL },
    { "graphsidecar", NICHE_POST_CAROUSEL }, { "graphvideo", NICHE_POST_VIDEO },
    { "reels", NICHE_POST_REEL }, { "clip", NICHE_POST_REEL },
    { "stories", NICHE_POST_STORY }, { "shorts", NICHE_POST_SHORT },
    { "stream", NICHE_POST_LIVE }, { NULL, 0 }
};

static int lookup(const char *const *names, int count, const struct alias *aliases,
                  const char *s, size_t len)
{
    int i;

    niche__trim(&s, &len);
    for (i = 1; i < count; i++)
        if (niche__strncaseeq(s, len, names[i]))
            return i;
    for (i = 0; aliases[i].name; i++)
        if (niche__strncaseeq(s, len, aliases[i].name))
            return aliases[i].value;
    return 0;
}

const char *niche_platform_name(enum niche_platform p)
{
    return (unsigned)p < NICHE_PLATFORM__COUNT ? platform_names[p] : "unknown";
}

enum niche_platform niche_platform_parse(const char *s, size_t len)
{
    return (enum niche_platform)lookup(platform_names, NICHE_PLATFORM__COUNT,
                                       platform_aliases, s, len);
}

const char *niche_post_type_name(enum niche_post_type t)
{
    return (unsigned)t < NICHE_POST__COUNT ? post_type_names[t] : "unknown";
}

enum niche_post_type niche_post_type_parse(const char *s, size_t len)
{
    return (enum niche_post_type)lookup(post_type_names, NICHE_POST__COUNT,
                                        post_type_aliases, s, len);
}

static const char *const role_names[NICHE_ROLE__COUNT] = {
    "creator", "real", "mass", "inactive", "bot"
};

static const char *const disclosure_names[] = {
    "none", "explicit", "ambiguous", "undisclosed"
};

const char *niche_role_name(enum niche_role r)
{
    return (unsigned)r < NICHE_ROLE__COUNT ? role_names[r] : "unknown";
}

const char *niche_disclosure_name(enum niche_disclosure d)
{
    return (unsigned)d <= NICHE_DISCLOSURE_UNDISCLOSED ? disclosure_names[d] : "unknown";
}

void niche_account_init(struct niche_account *a)
{
    memset(a, 0, sizeof(*a));
    a->followers = a->following = a->posts = NICHE_MISSING;
    a->verified = a->has_avatar = -1;
    a->last_active_ms = NICHE_MISSING;
    a->avg_likes = a->avg_comments = a->avg_views = a->avg_shares = NAN;
    a->reported_er = NAN;
    a->updated_ms = NICHE_MISSING;
}

void niche_account_release(struct niche_account *a)
{
    if (!a)
        return;
    free(a->handle);
    free(a->name);
    free(a->bio);
    free(a->country);
    free(a->language);
    free(a->category);
    free(a->audience_country);
    niche_account_init(a);
}

void niche_post_init(struct niche_post *p)
{
    memset(p, 0, sizeof(*p));
    p->posted_ms = NICHE_MISSING;
    p->likes = p->comments = p->shares = p->saves = p->views = NICHE_MISSING;
    p->reach = p->impressions = NICHE_MISSING;
    p->reach_estimated = p->sponsored = -1;
}

void niche_post_release(struct niche_post *p)
{
    if (!p)
        return;
    free(p->post_id);
    free(p->caption);
    free(p->hashtags);
    free(p->mentions);
    niche_post_init(p);
}

void niche_snapshot_init(struct niche_snapshot *s)
{
    memset(s, 0, sizeof(*s));
    s->taken_ms = NICHE_MISSING;
    s->followers = s->following = s->posts = NICHE_MISSING;
}

void niche_audience_release(struct niche_audience *a)
{
    if (!a)
        return;
    free(a->hll);
    free(a->minhash);
    memset(a, 0, sizeof(*a));
    a->sample_size = a->updated_ms = NICHE_MISSING;
}
