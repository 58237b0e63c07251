/*
 * metrics.h - the formulas of an account audit, one function each.
 *
 * Every definition is the one in docs/quality.md (which follows the
 * project's domain reference): engagement rates by followers and by views,
 * log-scaled peer bands, posting activity, growth and its anomalies,
 * follower types, the Wilson interval, sponsorship markers and the
 * estimates of reach, impressions and price. These are pure functions over
 * plain structs; lib/analyze.c runs them over a whole workspace.
 *
 * Missing is never zero: a rate that cannot be computed is NaN, and the
 * structs below say how many posts, snapshots or followers stood behind
 * each value.
 */
#ifndef NICHE_METRICS_H
#define NICHE_METRICS_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "error.h"
#include "model.h"

/* ---- engagement rate --------------------------------------------------- */

enum niche_er_variant {
    NICHE_ER_F_MEAN = 0,   /* sum(engagements) / (F * N), latest 12 posts */
    NICHE_ER_F_MEDIAN,     /* median(likes) / F, about 2 months of posts */
    NICHE_ER_V,            /* sum(L+C+S) / sum(views), latest 30 posts */
    NICHE_ER__COUNT
};

/** "ER_F_MEAN"...; borrowed, static. */
NICHE_API const char *niche_er_variant_name(enum niche_er_variant v);

/** Windows and floors; NICHE_ER_OPTS_INIT holds the documented defaults. */
struct niche_er_opts {
    int mean_window;        /* latest posts for ER_F_MEAN (12) */
    int min_posts;          /* fewer valid posts: the rate is missing (10) */
    int median_days;        /* ER_F_MEDIAN window (60 days) */
    int median_max_days;    /* never older than this (300 days, ~10 months) */
    int median_max_posts;   /* at most this many posts (500) */
    int views_window;       /* latest posts for ER_V (30) */
    int ppp_min_posts;      /* PPP: posts needed on each side (3) */
};

#define NICHE_ER_OPTS_INIT { 12, 10, 60, 300, 500, 30, 3 }

/** One engagement rate with what it rests on. */
struct niche_er {
    double value;           /* ratio (0.034 = 3.4%); NaN: insufficient data */
    int n;                  /* posts used */
    int hidden;             /* posts in the window dropped for hidden likes */
    int no_views;           /* ER_V: posts dropped for a missing view count */
};

/**
 * 1 when the like count of p is usable: not missing, and not the bogus 3
 * that some scrapers write for hidden likes (3 with more than 3 comments,
 * or with views over 1,000 times higher).
 */
NICHE_API int niche_likes_valid(const struct niche_post *p);

/**
 * The engagements of a post by its network's numerator: instagram and
 * youtube likes + comments; tiktok and facebook likes + comments + shares;
 * x likes + reposts (shares); others likes + comments. NaN when a part is
 * missing or the likes are not valid. With views (ER_V) shares join the
 * numerator when known (L+C+S, HypeAuditor TikTok).
 */
NICHE_API double niche_engagements(const struct niche_post *p, int for_views);

/** Video platforms, where ER_V is the rate to compare (tiktok, youtube). */
NICHE_API int niche_platform_has_views(enum niche_platform p);

/**
 * The three variants over posts[0..n) of one account, newest first (posts
 * with an unknown time last). now_ms anchors ER_F_MEDIAN's window.
 */
NICHE_API void niche_er_f_mean(const struct niche_post *posts, size_t n, int64_t followers,
                               const struct niche_er_opts *o, struct niche_er *out);
NICHE_API void niche_er_f_median(const struct niche_post *posts, size_t n,
                                 int64_t followers, int64_t now_ms,
                                 const struct niche_er_opts *o, struct niche_er *out);
NICHE_API void niche_er_v(const struct niche_post *posts, size_t n,
                          const struct niche_er_opts *o, struct niche_er *out);

/** Per-post rate: engagements / F, NaN when either is missing. */
NICHE_API double niche_post_er(const struct niche_post *p, int64_t followers);

/** Median of x[0..n) (reorders x: sorted when it holds no NaN); NaN for n = 0. */
NICHE_API double niche_median(double *x, size_t n);

/* ---- peer bands --------------------------------------------------------- */

/** b = floor(30 * log10(F)): about 8% wide; -1 for F < 1 or missing. */
NICHE_API int niche_band_of(int64_t followers);
/** The least follower count of band b. */
NICHE_API int64_t niche_band_floor(int b);

/* ---- intervals and sample sizes ----------------------------------------- */

/** Wilson score interval of x successes in n at z (1.96 for 95%). NaN, NaN
 *  when n = 0. */
NICHE_API void niche_wilson(int64_t x, int64_t n, double z, double *lo, double *hi);

/** Followers to sample for margin e (0 < e <= 1) at 95%, finite-population
 *  corrected for an audience of F (F <= 0: no correction); -1 for a bad e. */
NICHE_API int64_t niche_sample_size(double e, int64_t followers);

/* ---- activity and growth ------------------------------------------------ */

struct niche_activity {
    int n;                  /* posts with a time */
    double posts_per_week;  /* (n - 1) / span, NaN below 2 posts */
    double interval_cv;     /* sd / mean of gaps: 0 = like clockwork; NaN below 3 */
    int64_t first_ms, last_ms;  /* MISSING without posts */
};

/** Activity of posts[0..n) (any order). */
NICHE_API void niche_activity(const struct niche_post *posts, size_t n,
                              struct niche_activity *out);

enum niche_anomaly_kind { NICHE_ANOMALY_SPIKE = 1, NICHE_ANOMALY_DROP = -1 };

/** A step in the follower curve far from the account's baseline. */
struct niche_anomaly {
    enum niche_anomaly_kind kind;
    int64_t from_ms, to_ms;  /* the two snapshots around it */
    int64_t delta;           /* followers gained (spike) or lost (drop) */
    double relative;         /* delta / followers before */
    double score;            /* robust z: (rate - median) / (1.4826 MAD) */
};

struct niche_growth {
    int n;                   /* snapshots with a follower count */
    int64_t from_ms, to_ms;
    double monthly;          /* compound growth per 30 days over the span; NaN below 2 */
    double last_30d;         /* relative change over the latest 30 days; NaN if unknown */
    int anomalies;           /* found, may exceed what fits in the array */
};

/** Thresholds of anomaly detection; see docs/quality.md. */
#define NICHE_ANOMALY_Z 8.0          /* robust z at least */
#define NICHE_ANOMALY_MIN_REL 0.05   /* and at least 5% of followers */

/**
 * Growth of snaps[0..n) sorted by time, and its anomalies (at most max into
 * out[], largest first). A step is anomalous when its daily rate is
 * NICHE_ANOMALY_Z robust deviations from the median daily rate and it moves
 * at least NICHE_ANOMALY_MIN_REL of the followers.
 */
NICHE_API void niche_growth(const struct niche_snapshot *snaps, size_t n,
                            struct niche_growth *out, struct niche_anomaly *an,
                            int max);

/* ---- follower types ----------------------------------------------------- */

enum niche_follower_type {
    NICHE_FOLLOWER_REAL = 0, NICHE_FOLLOWER_MASS, NICHE_FOLLOWER_INFLUENCER,
    NICHE_FOLLOWER_SUSPICIOUS, NICHE_FOLLOWER_INACTIVE, NICHE_FOLLOWER__COUNT
};

/** "real", "mass", ...; borrowed, static. */
NICHE_API const char *niche_follower_type_name(enum niche_follower_type t);

/* The suspicious signals of an account (docs/quality.md). */
enum {
    NICHE_SIGNAL_NO_AVATAR = 1 << 0,     /* has_avatar = 0 */
    NICHE_SIGNAL_FEW_POSTS = 1 << 1,     /* posts <= 3 */
    NICHE_SIGNAL_FOLLOW_RATIO = 1 << 2,  /* 20 x max(followers, 1) <= following <= 1,500 */
    NICHE_SIGNAL_DIGIT_HANDLE = 1 << 3   /* 6+ digits, no fewer than letters */
};
#define NICHE_INACTIVE_DAYS 90            /* no activity for this long: inactive */
#define NICHE_MASS_FOLLOWING 1500
#define NICHE_INFLUENCER_FOLLOWERS 5000

/** Signals of a, as a bit set. */
NICHE_API unsigned niche_suspicious_signals(const struct niche_account *a);

/**
 * Type of follower a as of now_ms, in this order: following > 1,500 mass;
 * followers > 5,000 influencer; inactive for NICHE_INACTIVE_DAYS inactive;
 * two or more signals suspicious; else real. *bot (may be NULL) is 1 when a
 * has two or more signals and is not dormant, whatever its type (a mass
 * follower can be a bot).
 */
NICHE_API enum niche_follower_type niche_follower_type(const struct niche_account *a,
                                                       int64_t now_ms, int *bot);

/* ---- sponsorship -------------------------------------------------------- */

enum niche_marker { NICHE_MARKER_NONE = 0, NICHE_MARKER_AMBIGUOUS, NICHE_MARKER_EXPLICIT };

enum niche_compliance {
    NICHE_COMPLIANCE_NA = 0,       /* no sign of sponsorship */
    NICHE_COMPLIANCE_OK,           /* explicit marker or flag, visible */
    NICHE_COMPLIANCE_REVIEW,       /* ambiguous or buried marker */
    NICHE_COMPLIANCE_FAIL          /* a deal likely, no marker */
};

NICHE_API const char *niche_compliance_name(enum niche_compliance c);

/** Characters of a caption shown before "more" (instagram's cut). */
#define NICHE_PREVIEW_CHARS 125

struct niche_disclosure_check {
    enum niche_marker marker;      /* strongest marker found */
    enum niche_compliance compliance;
    const char *word;              /* the marker without '#' ("ad"), static; NULL if none */
    int flag;                      /* the platform's paid-partnership flag */
    int buried;                    /* marker past the preview or in the tag block */
};

/**
 * Markers in a caption (and the platform flag, 1/0/-1): explicit tags of
 * the multi-language lexicon (#ad, #sponsored, #werbung, #publi, ...) and
 * ambiguous ones (#sp, #spon, #collab, #ambassador, #gifted, ...). Matching
 * is case- and accent-insensitive. Compliance is OK, REVIEW or NA here;
 * FAIL needs a deal, which the caller decides.
 */
NICHE_API void niche_disclosure_check(const char *caption, int sponsored_flag,
                                      struct niche_disclosure_check *out);

/** The lexicon, for docs and `niche audit --json`: NULL-terminated,
 *  borrowed, static. */
NICHE_API const char *const *niche_markers(enum niche_marker kind);

/* ---- estimates ---------------------------------------------------------- */

/** CPMs per platform, in currency units per 1,000 impressions, and bounds. */
struct niche_price_table {
    char currency[4];
    double cpm[NICHE_PLATFORM__COUNT];   /* per 1,000 estimated impressions */
    double min_price, max_price;         /* per post, in currency units */
    double er_weight;                    /* price x (1 + w (percentile - 0.5)) */
    char source[64];                     /* what the table is */
};

/** USD CPMs inside the published bands (docs/quality.md): instagram 20,
 *  tiktok 5, youtube 25, x 8, facebook 15, others 15; min 10, max 10M,
 *  er_weight 0.4. */
NICHE_API void niche_price_table_default(struct niche_price_table *t);

/**
 * Parse a price table from JSON text ({"currency": "EUR", "cpm":
 * {"instagram": 12, ...}, "min": 25, "max": 1e6, "er_weight": 0.4}); keys
 * left out keep their defaults. name names the input in errors
 * (NICHE_EPARSE with line and column).
 */
NICHE_API int niche_price_table_parse(struct niche_price_table *t, const char *json,
                                      size_t len, const char *name,
                                      struct niche_error *err);

struct niche_estimate {
    double reach;            /* people reached by a typical post */
    double impressions;      /* 1.5 x reach */
    double price;            /* per post, in the table's currency units */
    const char *basis;       /* "views" or "followers"; static */
};

/**
 * Estimates for a post of an account: reach is the median views where the
 * platform measures views, else a share of followers falling from 15.7% at
 * 10k-50k to 3.2% at 500k-1M (log-linear, clamped to 2-30%) [Cirqle];
 * impressions are 1.5 x reach [MD-camp]. Price is impressions / 1000 x CPM,
 * times (1 + er_weight x (percentile - 0.5)) when the percentile is known,
 * clamped to the table's bounds. NaN fields when followers are missing.
 */
NICHE_API void niche_estimate(enum niche_platform p, int64_t followers,
                              double median_views, double er_percentile,
                              const struct niche_price_table *t,
                              struct niche_estimate *out);

/* ---- audience quality score -------------------------------------------- */

enum niche_aqs_part {
    NICHE_AQS_AUTHENTIC = 0,  /* authentic share of known followers */
    NICHE_AQS_ENGAGEMENT,     /* engagement percentile among peers */
    NICHE_AQS_GROWTH,         /* no unexplained spike: 1, else 0 */
    NICHE_AQS_COMMENTS,       /* share of comments from outside pods */
    NICHE_AQS_REACHABILITY,   /* share of followers following < 1,500 */
    NICHE_AQS__COUNT
};

NICHE_API const char *niche_aqs_part_name(enum niche_aqs_part p);

/** The default weights (0.35, 0.25, 0.15, 0.15, 0.10). */
NICHE_API double niche_aqs_weight(enum niche_aqs_part p);

/**
 * Score 0..100 from parts in [0, 1] (NaN: unknown). Unknown parts are left
 * out and the weights of the known ones rescaled; NaN when fewer than two
 * parts, or the authentic share, are known.
 */
NICHE_API double niche_aqs(const double part[NICHE_AQS__COUNT]);

#endif
