/*
 * model.h - the entities of a niche workspace, as plain structs.
 *
 * One workspace is one tenant: every stored row belongs to exactly one.
 * A creator (a person) owns accounts, one per platform profile; posts,
 * follower edges, snapshots and audiences hang off accounts. Brands run
 * campaigns; a campaign has missions and collaborations (a creator in the
 * campaign), which have submissions and conversions. Ambassador programs
 * recur.
 *
 * Conventions for every struct here:
 *  - Integer counts that are not known hold NICHE_MISSING, reals hold NaN,
 *    tri-state flags hold -1. Missing is never zero: a hidden like count is
 *    NICHE_MISSING, not 0.
 *  - Money is `_cents` (int64 minor units) beside a `currency` (ISO 4217);
 *    times are `_ms` (Unix milliseconds, UTC).
 *  - Strings are UTF-8. A struct that a store function filled *owns* its
 *    strings; release it with the matching `_release()` (which also accepts
 *    a zeroed struct). A struct you fill yourself to pass to the store may
 *    point anywhere: the store copies what it keeps and never frees yours.
 *  - `id` is the store's row id, 0 before the row is stored.
 *
 *     struct niche_account a;
 *     niche_account_init(&a);           // every field missing
 *     a.platform = NICHE_PLATFORM_INSTAGRAM;
 *     a.handle = "cristiano";
 *     a.followers = 475800000;
 */
#ifndef NICHE_MODEL_H
#define NICHE_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

/* ---- platforms and post types ---------------------------------------- */

enum niche_platform {
    NICHE_PLATFORM_UNKNOWN = 0,
    NICHE_PLATFORM_INSTAGRAM,
    NICHE_PLATFORM_TIKTOK,
    NICHE_PLATFORM_YOUTUBE,
    NICHE_PLATFORM_X,
    NICHE_PLATFORM_FACEBOOK,
    NICHE_PLATFORM_PINTEREST,
    NICHE_PLATFORM_TWITCH,
    NICHE_PLATFORM_BLOG,
    NICHE_PLATFORM__COUNT
};

enum niche_post_type {
    NICHE_POST_UNKNOWN = 0,
    NICHE_POST_IMAGE,
    NICHE_POST_CAROUSEL,
    NICHE_POST_VIDEO,
    NICHE_POST_REEL,
    NICHE_POST_STORY,
    NICHE_POST_SHORT,
    NICHE_POST_LIVE,
    NICHE_POST__COUNT
};

/** Canonical lowercase name ("instagram"); borrowed, static. */
NICHE_API const char *niche_platform_name(enum niche_platform p);

/**
 * Platform from a name, case-insensitive, accepting common aliases
 * ("IG", "Insta", "twitter", "YT", "fb"). NICHE_PLATFORM_UNKNOWN if none.
 */
NICHE_API enum niche_platform niche_platform_parse(const char *s, size_t len);

/** Canonical name ("reel"); borrowed, static. */
NICHE_API const char *niche_post_type_name(enum niche_post_type t);

/** Type from a name, with aliases ("photo", "sidecar", "reels"). */
NICHE_API enum niche_post_type niche_post_type_parse(const char *s, size_t len);

/* ---- tenancy ---------------------------------------------------------- */

enum niche_user_role { NICHE_USER_OWNER = 0, NICHE_USER_MEMBER, NICHE_USER_VIEWER };

struct niche_workspace {
    int64_t id;
    char *name;            /* unique; "default" for the CLI's own */
    int64_t created_ms;
};

struct niche_user {
    int64_t id, workspace_id;
    char *email, *name;
    enum niche_user_role role;
    int64_t created_ms;
};

/** An API token is stored only as a hash of its secret. */
struct niche_api_token {
    int64_t id, user_id;
    char *label;
    unsigned char hash[32];
    int64_t created_ms, expires_ms, last_used_ms;
};

/* ---- creators, accounts and what they publish ------------------------- */

struct niche_creator {
    int64_t id, workspace_id;
    char *name, *country, *language, *email, *notes;
};

/** One creator's profile on one platform; keyed by (platform, handle). */
struct niche_account {
    int64_t id, workspace_id;
    int64_t creator_id;           /* 0 while unassigned */
    enum niche_platform platform;
    char *handle;                 /* lowercase, without '@' */
    char *name;                   /* display name, as published */
    int64_t followers, following, posts;
    char *bio;
    char *country;                /* where the account is based */
    char *language;
    char *category;               /* source categories, '; '-separated */
    int verified;                 /* 1, 0, or -1 unknown */
    int has_avatar;               /* 1, 0, or -1 unknown */
    int64_t last_active_ms;       /* latest known activity, or MISSING */
    /* Figures an export reports about the account (averages per post, its
     * own engagement rate). Kept as reported, never recomputed here. */
    double avg_likes, avg_comments, avg_views, avg_shares;
    double reported_er;           /* ratio: 0.0139 for "1.39%" */
    char *audience_country;       /* top audience country, as reported */
    int64_t updated_ms;
};

/** Reach and impressions are measured ("actual") unless flagged estimated. */
struct niche_post {
    int64_t id, workspace_id, account_id;
    enum niche_platform platform;
    char *post_id;                /* the platform's id, unique per platform */
    int64_t posted_ms;
    enum niche_post_type type;
    char *caption;
    char *hashtags;               /* lowercase tags without '#', ' '-separated */
    char *mentions;               /* lowercase handles without '@' */
    int64_t likes;                /* MISSING when hidden (-1 in scrapes) */
    int64_t comments, shares, saves, views;
    int64_t reach, impressions;
    int reach_estimated;          /* 1 estimated, 0 measured, -1 unknown */
    int sponsored;                /* platform paid-partnership flag, -1 unknown */
};

/** account <- follower, with the follower's features kept on its account. */
struct niche_follower_edge {
    int64_t account_id, follower_id;
    int64_t since_ms;             /* MISSING when not known */
};

/** An account's counts at one time (one per account and day). */
struct niche_snapshot {
    int64_t account_id;
    int64_t taken_ms;
    int64_t followers, following, posts;
};

/** Who commented on a post, where known (pod detection needs authors). */
struct niche_comment {
    int64_t post_id, author_id;   /* store row ids */
    int64_t commented_ms;         /* MISSING when not known */
    char *text;
};

/** Demographic share of an audience: dimension "country", "age", "gender"
 *  or "language", key ("US", "18-24", "female", "en"), share in [0, 1]. */
struct niche_audience_share {
    int64_t account_id;
    char *dimension, *key;
    double share;
};

/** Audience sketches (HyperLogLog, MinHash), opaque bytes here. */
struct niche_audience {
    int64_t account_id;
    int64_t sample_size;          /* followers the sketches were built from */
    unsigned char *hll;           /* owned; hll_len bytes */
    size_t hll_len;
    unsigned char *minhash;       /* owned; minhash_len bytes */
    size_t minhash_len;
    int64_t updated_ms;
};

/* ---- brands and campaigns --------------------------------------------- */

struct niche_brand {
    int64_t id, workspace_id;
    char *name;
    char *handles;                /* JSON array of "platform:handle" */
    char *competitors;            /* JSON array of brand names or handles */
    char *target_audience;        /* JSON object of share minimums */
    char *banned_terms;           /* JSON array of strings */
};

enum niche_campaign_status {
    NICHE_CAMPAIGN_DRAFT = 0, NICHE_CAMPAIGN_ACTIVE, NICHE_CAMPAIGN_PAUSED,
    NICHE_CAMPAIGN_DONE, NICHE_CAMPAIGN_CANCELLED
};

struct niche_campaign {
    int64_t id, workspace_id, brand_id;
    char *name;
    char *objective;              /* "reach", "engagement", "cascade", "sales" */
    int64_t budget_cents;
    char currency[4];
    int64_t start_ms, end_ms;
    char *hashtags, *required_mentions;  /* ' '-separated */
    char *disclosure_rules;       /* JSON */
    char *brief;
    char *tier_mix;               /* "micro>=0.6,mid<=0.3" */
    enum niche_campaign_status status;
};

struct niche_mission {
    int64_t id, campaign_id;
    char *title;
    char *deliverable;            /* post, story, reel, video, takeover, review */
    int64_t due_ms;
    char *reward_kind;            /* cash, product, commission, points */
    int64_t reward_cents;
    char currency[4];
    int64_t reward_points;
    char *usage_rights;
};

struct niche_collaboration {
    int64_t id, campaign_id, creator_id, account_id;
    char *stage;                  /* prospect ... paid, see schema */
    int64_t fee_cents;
    char currency[4];
    char *promo_code, *tracking_link;
    char *shipment_status;
    int64_t shipped_ms;
};

struct niche_submission {
    int64_t id, collaboration_id, mission_id;
    int64_t submitted_ms;
    char *content_url, *caption;
    char *checks;                 /* JSON: disclosure, brief, banned terms */
    char *decision;               /* pending, approved, changes_requested, rejected */
    int64_t decided_ms;
    char *note;
};

struct niche_conversion {
    int64_t id, campaign_id, collaboration_id;
    char *source;                 /* "code" or "link" */
    char *ref;                    /* the code or the link id */
    int64_t value_cents;
    char currency[4];
    int64_t at_ms;
};

struct niche_ambassador_program {
    int64_t id, workspace_id, brand_id;
    char *name;
    char *mission_template;       /* JSON */
    int64_t cadence_days;
    int64_t points_per_mission;
};

/* ---- ground truth of generated worlds ---------------------------------- */

/* What `niche synth` knows about the accounts and posts it made, so that
 * detectors can be scored against it (precision, recall). Real imports
 * have none. */
enum niche_role {
    NICHE_ROLE_CREATOR = 0, NICHE_ROLE_REAL, NICHE_ROLE_MASS,
    NICHE_ROLE_INACTIVE, NICHE_ROLE_BOT, NICHE_ROLE__COUNT
};

struct niche_truth_account {
    int64_t account_id;
    enum niche_role role;
    char *niches;                 /* creators: true niches, primary first, ' '-separated */
    int64_t bought_followers;     /* followers bought, 0 if none */
    int64_t bought_at_ms;         /* MISSING if none */
    int64_t pod;                  /* engagement pod number, 0 if none */
};

enum niche_disclosure {
    NICHE_DISCLOSURE_NONE = 0,    /* not sponsored */
    NICHE_DISCLOSURE_EXPLICIT,    /* #ad, #sponsored, paid-partnership flag */
    NICHE_DISCLOSURE_AMBIGUOUS,   /* #sp, #collab, #ambassador */
    NICHE_DISCLOSURE_UNDISCLOSED  /* a deal, and no marker */
};

struct niche_truth_post {
    int64_t post_id;
    enum niche_disclosure disclosure;
    char *brand;                  /* the sponsoring brand, NULL if none */
};

/** "creator", "real"...; "none", "explicit"...; borrowed, static. */
NICHE_API const char *niche_role_name(enum niche_role r);
NICHE_API const char *niche_disclosure_name(enum niche_disclosure d);

/* ---- lifecycle -------------------------------------------------------- */

/** Set every field of a to missing (counts MISSING, reals NaN, flags -1,
 *  strings NULL, ids 0). */
NICHE_API void niche_account_init(struct niche_account *a);
/** Free the strings of an account filled by the store; then re-init it. */
NICHE_API void niche_account_release(struct niche_account *a);

NICHE_API void niche_post_init(struct niche_post *p);
NICHE_API void niche_post_release(struct niche_post *p);

NICHE_API void niche_snapshot_init(struct niche_snapshot *s);

/** Free the blobs of an audience filled by the store and zero it (sample
 *  size and time missing). NULL is a no-op. */
NICHE_API void niche_audience_release(struct niche_audience *a);

#endif
