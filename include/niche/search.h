/*
 * search.h: filters, sorts and brand-fit ranking over the discovery index.
 *
 *     struct niche_search_query q;
 *     niche_search_query_init(&q);
 *     q.platforms = 1u << NICHE_PLATFORM_INSTAGRAM;
 *     q.niches[q.nniches++] = "fitness";
 *     q.sort = NICHE_KEY_ER;
 *     q.limit = 50;
 *     niche_search(ix, &q, &res, &err);
 *
 * Every filter is a conjunction; lists inside one filter (niches,
 * countries, languages, brands worked with) match any of their entries,
 * keywords and hashtags match all. An account whose value is unknown never
 * passes a bound on that value. Ties are broken by account id, so that the
 * same query gives the same page. niche_search_sql() writes the same query
 * in SQL over the store: tests check both agree, benchmarks time both.
 * Semantics and precision of each filter: docs/discovery.md.
 */
#ifndef NICHE_SEARCH_H
#define NICHE_SEARCH_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "error.h"

struct niche_index;

/** What search can sort by (and what a range filter can bound). */
enum niche_search_key {
    NICHE_KEY_FOLLOWERS = 0,
    NICHE_KEY_ER,          /* ER_F_MEAN */
    NICHE_KEY_ER_MEDIAN,   /* ER_F_MEDIAN */
    NICHE_KEY_ER_V,        /* ER_V (views based) */
    NICHE_KEY_ER_PCT,      /* ER_F_MEAN percentile among peers, [0, 1] */
    NICHE_KEY_AQS,         /* audience quality score, 0-100 */
    NICHE_KEY_FAKE,        /* bot share of known followers, [0, 1] */
    NICHE_KEY_GROWTH,      /* growth per month, ratio */
    NICHE_KEY_POSTS_WEEK,  /* posts per week */
    NICHE_KEY_PRICE,       /* estimated price per post */
    NICHE_KEY_LAST_POST,   /* latest post time, ms */
    NICHE_KEY_FIT,         /* brand fit (niche_search_fit); sort only */
    NICHE_KEY__COUNT
};

/** The key's name on the command line ("followers", "er", ...). */
NICHE_API const char *niche_search_key_name(enum niche_search_key k);
/** Parse a key name; -1 if unknown. */
NICHE_API int niche_search_key_parse(const char *name);

#define NICHE_SEARCH_MAX_LIST 16

/** A minimum share of an account's audience: "country" "US" 0.30. */
struct niche_audience_min {
    const char *dimension;    /* country, age, gender, language (borrowed) */
    const char *key;          /* borrowed */
    double min;               /* a whole percent in [NICHE_SEARCH_SHARE_FLOOR, 1] */
};

/** Shares below this are not kept by the index (docs/discovery.md). */
#define NICHE_SEARCH_SHARE_FLOOR 0.01

/** Brand-fit components, in [0, 1] each (NaN when unknown). */
enum niche_fit_part {
    NICHE_FIT_NICHE = 0,      /* best niche score among the wanted niches */
    NICHE_FIT_AUDIENCE,       /* how far the audience meets the target shares */
    NICHE_FIT_QUALITY,        /* AQS / 100 */
    NICHE_FIT_ENGAGEMENT,     /* ER percentile among peers */
    NICHE_FIT_PRICE,          /* 1 at no cost, 0 at the budget or above */
    NICHE_FIT_RELIABILITY,    /* regular and recent posting */
    NICHE_FIT__COUNT
};

NICHE_API const char *niche_fit_part_name(enum niche_fit_part p);

/** Default weights (sum 1): docs/discovery.md. */
NICHE_API void niche_fit_default_weights(double w[NICHE_FIT__COUNT]);

/** A query. Strings are borrowed. Bounds are inclusive; NaN or
 *  NICHE_MISSING: unbounded. */
struct niche_search_query {
    unsigned platforms;       /* bits 1 << enum niche_platform; 0: any */
    unsigned tiers;           /* bits 1 << enum niche_tier (index's scheme); 0: any */
    double lo[NICHE_KEY__COUNT], hi[NICHE_KEY__COUNT];   /* ranges by key (not FIT) */
    int active_days;          /* latest post within N days of as-of; 0: any */
    int verified;             /* 1 or 0; -1: any */
    int all_accounts;         /* 0: analysed accounts only (creators); 1: every one */
    const char *niches[NICHE_SEARCH_MAX_LIST];      int nniches;
    const char *countries[NICHE_SEARCH_MAX_LIST];   int ncountries;
    const char *languages[NICHE_SEARCH_MAX_LIST];   int nlanguages;
    struct niche_audience_min audience[NICHE_SEARCH_MAX_LIST]; int naudience;
    /* Brand fit's audience targets: shares wanted, not required (a filter
     * would leave every match at the target and the part at 1). */
    struct niche_audience_min targets[NICHE_SEARCH_MAX_LIST]; int ntargets;
    const char *keywords[NICHE_SEARCH_MAX_LIST];    int nkeywords;
    const char *hashtags[NICHE_SEARCH_MAX_LIST];    int nhashtags;
    const char *worked_with[NICHE_SEARCH_MAX_LIST]; int nworked_with;
    const char *not_worked_with[NICHE_SEARCH_MAX_LIST]; int nnot_worked_with;
    enum niche_search_key sort;
    int ascending;            /* default: descending (best first) */
    int64_t limit;            /* default 50 */
    int64_t offset;
    double weights[NICHE_FIT__COUNT];   /* for NICHE_KEY_FIT */
    double budget;            /* price fit scale; NaN: the price column's median */
};

NICHE_API void niche_search_query_init(struct niche_search_query *q);

/** Check a query before running it (names, ranges, list sizes). */
NICHE_API int niche_search_query_check(const struct niche_search_query *q,
                                       struct niche_error *err);

struct niche_search_hit {
    int64_t account_id;
    int64_t row;
    double value;                     /* the sort key's value (NaN: unknown) */
    double fit;                       /* NICHE_KEY_FIT only, else NaN */
    double part[NICHE_FIT__COUNT];    /* fit components, NICHE_KEY_FIT only */
};

struct niche_search_result {
    int64_t matched;                  /* accounts passing every filter */
    int64_t n;                        /* hits on this page */
    struct niche_search_hit *hits;    /* owned: niche_search_result_free() */
};

NICHE_API int niche_search(const struct niche_index *ix,
                           const struct niche_search_query *q,
                           struct niche_search_result *out, struct niche_error *err);

NICHE_API void niche_search_result_free(struct niche_search_result *r);

/**
 * The same query in SQL over the store's tables, for the index's workspace
 * and as-of time: one statement whose rows are (account id, sort value) in
 * result order (LIMIT and OFFSET included when q->limit > 0; q->limit < 0
 * leaves them out, so that counting the rows gives `matched`). Keywords
 * need an FTS5 table account_fts(bio) whose rowid is the account id, made
 * with tokenize='unicode61 remove_diacritics 2' (niche_search_sql_fts()
 * gives the statements). NICHE_KEY_FIT is refused (NICHE_EUNSUPPORTED).
 * *sql is owned by the caller (free()).
 */
NICHE_API int niche_search_sql(const struct niche_index *ix,
                               const struct niche_search_query *q,
                               char **sql, struct niche_error *err);

/** The SQL that creates and fills account_fts (static string). */
NICHE_API const char *niche_search_sql_fts(void);

#endif
