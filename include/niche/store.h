/*
 * store.h - where a workspace's data lives.
 *
 * A store is opened from a DSN: a file path or "sqlite:PATH" for the
 * embedded SQLite backend (the default; WAL mode, foreign keys on), or
 * "postgres://..." for PostgreSQL (not in this build yet: NICHE_EUNSUPPORTED).
 * Opening applies any pending schema migrations, so a database is always at
 * this build's schema version; a database from a newer build is refused with
 * NICHE_ESCHEMA rather than misread.
 *
 * All calls act on the current workspace, "default" until
 * niche_store_use_workspace() selects another. Every write runs in a
 * transaction: a call made outside niche_store_begin()/commit() is its own
 * transaction, and a failed or rolled-back batch leaves nothing behind.
 * Transactions nest; an inner rollback dooms the outer one.
 *
 * Writes merge: a field that is missing in what you write (NICHE_MISSING,
 * NaN, -1, NULL) never erases a value already stored.
 *
 * A store handle is not thread-safe: use one per thread.
 *
 *     struct niche_store *st = NULL;
 *     if (niche_store_open(&st, "niche.db", NICHE_STORE_CREATE, &err) < 0) ...
 *     niche_store_begin(st, &err);
 *     niche_store_account_upsert(st, &acct, NULL, &err);
 *     niche_store_commit(st, &err);
 *     niche_store_close(st);
 */
#ifndef NICHE_STORE_H
#define NICHE_STORE_H

#include <stdint.h>
#include "common.h"
#include "error.h"
#include "model.h"
#include "tier.h"
#include "analyze.h"

struct niche_store;

enum {
    NICHE_STORE_CREATE = 1 << 0,   /* create the database if missing */
    NICHE_STORE_READONLY = 1 << 1  /* open read-only; writes fail */
};

/**
 * Open the store named by dsn into *out. Without NICHE_STORE_CREATE a
 * missing database is NICHE_ENOTFOUND. Returns NICHE_ESTORE when the file
 * is not a database, NICHE_ESCHEMA when it is newer than this build.
 * Caller owns *out; close with niche_store_close().
 */
NICHE_API int niche_store_open(struct niche_store **out, const char *dsn,
                               unsigned flags, struct niche_error *err);

/** Roll back any open transaction and close. NULL is a no-op. */
NICHE_API void niche_store_close(struct niche_store *st);

/** Backend name ("sqlite"); borrowed, static. */
NICHE_API const char *niche_store_backend(const struct niche_store *st);

/** Schema version of the open database and the one this build knows. */
NICHE_API int niche_store_schema_version(struct niche_store *st, int *current,
                                         int *latest, struct niche_error *err);

/**
 * Select the workspace named name for later calls; with create, make it
 * when missing (else NICHE_ENOTFOUND).
 */
NICHE_API int niche_store_use_workspace(struct niche_store *st, const char *name,
                                        int create, struct niche_error *err);

/** Id and name of the current workspace; name borrowed from st. */
NICHE_API int64_t niche_store_workspace_id(const struct niche_store *st);
NICHE_API const char *niche_store_workspace_name(const struct niche_store *st);

/** Delete every row of the current workspace (the workspace stays). */
NICHE_API int niche_store_workspace_clear(struct niche_store *st,
                                          struct niche_error *err);

NICHE_API int niche_store_begin(struct niche_store *st, struct niche_error *err);
NICHE_API int niche_store_commit(struct niche_store *st, struct niche_error *err);
/** Roll back the outermost transaction; later commits of it fail. */
NICHE_API void niche_store_rollback(struct niche_store *st);

/* ---- accounts --------------------------------------------------------- */

/**
 * Insert or update the account keyed by (platform, handle); the handle must
 * already be normalised (lowercase, no '@'). Missing fields keep stored
 * values. *id gets the row id when id is not NULL.
 */
NICHE_API int niche_store_account_upsert(struct niche_store *st,
                                         const struct niche_account *a,
                                         int64_t *id, struct niche_error *err);

/** Id of (platform, handle), inserting a bare account if none: *created
 *  (may be NULL) says which. */
NICHE_API int niche_store_account_ensure(struct niche_store *st,
                                         enum niche_platform platform,
                                         const char *handle, int64_t *id,
                                         int *created, struct niche_error *err);

/** Fill *out (caller releases with niche_account_release()); NICHE_ENOTFOUND
 *  when there is no such account. */
NICHE_API int niche_store_account_get(struct niche_store *st,
                                      enum niche_platform platform,
                                      const char *handle,
                                      struct niche_account *out,
                                      struct niche_error *err);

enum niche_account_sort {
    NICHE_SORT_FOLLOWERS = 0, NICHE_SORT_HANDLE, NICHE_SORT_FOLLOWING,
    NICHE_SORT_POSTS, NICHE_SORT_REPORTED_ER, NICHE_SORT_UPDATED,
    NICHE_SORT_ID                   /* store order, for whole-workspace scans */
};

/** A query over accounts; NICHE_ACCOUNT_QUERY_INIT matches every account. */
struct niche_account_query {
    enum niche_platform platform;   /* UNKNOWN: any */
    int64_t min_followers;          /* NICHE_MISSING: no bound */
    int64_t max_followers;          /* inclusive; NICHE_MISSING: no bound */
    enum niche_account_sort sort;
    int descending;
    int64_t limit;                  /* <= 0: no limit */
    int64_t offset;
};

#define NICHE_ACCOUNT_QUERY_INIT \
    { NICHE_PLATFORM_UNKNOWN, NICHE_MISSING, NICHE_MISSING, \
      NICHE_SORT_FOLLOWERS, 1, 0, 0 }

/**
 * Call cb once per matching account, in order. The account is borrowed:
 * valid only during the call. A non-zero return from cb stops the scan and
 * is returned (use a negative NICHE_E* code or NICHE_ECANCELED). Accounts
 * with missing follower counts sort last and never match a follower bound.
 */
typedef int (*niche_account_cb)(void *ctx, const struct niche_account *a);
NICHE_API int niche_store_account_query(struct niche_store *st,
                                        const struct niche_account_query *q,
                                        niche_account_cb cb, void *ctx,
                                        struct niche_error *err);

/* ---- posts, followers, snapshots --------------------------------------- */

/** Insert or update the post keyed by (platform, post_id); account_id must
 *  name an account of the workspace. *id (may be NULL) gets its row id. */
NICHE_API int niche_store_post_upsert(struct niche_store *st,
                                      const struct niche_post *p, int64_t *id,
                                      struct niche_error *err);

/** Record a comment's author (and text, time when known). */
NICHE_API int niche_store_comment_add(struct niche_store *st,
                                      const struct niche_comment *c,
                                      struct niche_error *err);

/** Record that follower_id follows account_id (idempotent). */
NICHE_API int niche_store_follower_add(struct niche_store *st,
                                       const struct niche_follower_edge *e,
                                       struct niche_error *err);

/** Insert or update the snapshot keyed by (account_id, taken_ms). */
NICHE_API int niche_store_snapshot_upsert(struct niche_store *st,
                                          const struct niche_snapshot *s,
                                          struct niche_error *err);

/* ---- creators, audiences, ground truth ---------------------------------- */

/** Insert a creator (a person); *id gets its row id. */
NICHE_API int niche_store_creator_add(struct niche_store *st,
                                      const struct niche_creator *c, int64_t *id,
                                      struct niche_error *err);

/** Insert or replace one demographic share of an account's audience. */
NICHE_API int niche_store_audience_share_put(struct niche_store *st,
                                             const struct niche_audience_share *s,
                                             struct niche_error *err);

/** Insert or replace the ground truth of a generated account or post. */
NICHE_API int niche_store_truth_account_put(struct niche_store *st,
                                            const struct niche_truth_account *t,
                                            struct niche_error *err);
NICHE_API int niche_store_truth_post_put(struct niche_store *st,
                                         const struct niche_truth_post *t,
                                         struct niche_error *err);

/* ---- analysis: scans in account order, results ------------------------- */

/*
 * Scans for niche_analyze() and audits: every row of the current workspace,
 * or of one account when account_id is not 0. Rows are borrowed: valid only
 * during the callback, strings included. A non-zero return from cb stops
 * the scan and is returned. Whole-workspace scans come in storage order,
 * which is the fastest to read and usually groups rows by account (imports
 * and synth write them so), but callers must not rely on any order.
 */
typedef int (*niche_post_cb)(void *ctx, const struct niche_post *p);
typedef int (*niche_edge_cb)(void *ctx, int64_t account_id, int64_t follower_id);
typedef int (*niche_snapshot_cb)(void *ctx, const struct niche_snapshot *s);
typedef int (*niche_comment_cb)(void *ctx, const struct niche_comment *c);

/** Posts; one account's come newest first (unknown times last). A scan of
 *  the whole workspace fills only what analysis reads: id, account, platform,
 *  time, caption, hashtags, mentions, likes, comments, shares, views and the
 *  sponsored flag (the rest is missing). One account's scan is not
 *  re-entrant: its callback must not scan one account's posts itself, nor
 *  roll back a transaction. */
NICHE_API int niche_store_post_scan(struct niche_store *st, int64_t account_id,
                                    niche_post_cb cb, void *ctx, struct niche_error *err);
NICHE_API int niche_store_follower_scan(struct niche_store *st, int64_t account_id,
                                        niche_edge_cb cb, void *ctx,
                                        struct niche_error *err);
/** Snapshots; one account's come oldest first. */
NICHE_API int niche_store_snapshot_scan(struct niche_store *st, int64_t account_id,
                                        niche_snapshot_cb cb, void *ctx,
                                        struct niche_error *err);
/** Comment authors on the workspace's posts (text not filled). */
NICHE_API int niche_store_comment_scan(struct niche_store *st, niche_comment_cb cb,
                                       void *ctx, struct niche_error *err);

/**
 * Start replacing the workspace's analysis: delete every stored result of
 * it and insert run (run->id is set). Call inside a transaction, with the
 * puts below and niche_store_analysis_finish(), so that a failed run
 * leaves the previous results in place.
 */
NICHE_API int niche_store_analysis_begin(struct niche_store *st,
                                         struct niche_analysis_run *run,
                                         struct niche_error *err);
/** Record run's counts and finish time. */
NICHE_API int niche_store_analysis_finish(struct niche_store *st,
                                          const struct niche_analysis_run *run,
                                          struct niche_error *err);
/** The workspace's stored run; NICHE_ENOTFOUND if it was never analysed. */
NICHE_API int niche_store_analysis_get(struct niche_store *st,
                                       struct niche_analysis_run *out,
                                       struct niche_error *err);

/** Store one account's results: metrics, anomalies, brands and niches. */
NICHE_API int niche_store_metrics_put(struct niche_store *st, const struct niche_metrics *m,
                                      struct niche_error *err);
/** An account's stored results; NICHE_ENOTFOUND if it has none. */
NICHE_API int niche_store_metrics_get(struct niche_store *st, int64_t account_id,
                                      struct niche_metrics *out, struct niche_error *err);

/** How the account follower_id was typed as a follower. */
NICHE_API int niche_store_follower_class_put(struct niche_store *st, int64_t follower_id,
                                             enum niche_follower_type type, int bot,
                                             unsigned signals, struct niche_error *err);

NICHE_API int niche_store_sponsorship_put(struct niche_store *st,
                                          const struct niche_post_sponsorship *ps,
                                          struct niche_error *err);

/** One of an account's most used hashtags (lowercase, no '#'), with the
 *  number of its posts that carry it. */
NICHE_API int niche_store_account_tag_put(struct niche_store *st, int64_t account_id,
                                          const char *tag, int64_t posts,
                                          struct niche_error *err);

/** Stored sponsorship signs of an account's posts, newest first; the struct
 *  and the post's platform id (pid) are borrowed. */
typedef int (*niche_sponsorship_cb)(void *ctx, const struct niche_post_sponsorship *ps,
                                    const char *pid, int64_t posted_ms);
NICHE_API int niche_store_sponsorship_list(struct niche_store *st, int64_t account_id,
                                           niche_sponsorship_cb cb, void *ctx,
                                           struct niche_error *err);

/** The known followers of account_id whose stored type is not real or who
 *  are likely bots, up to limit, by id: cb gets the follower's account
 *  (borrowed), its type and bot flag. */
typedef int (*niche_flagged_cb)(void *ctx, const struct niche_account *follower,
                                enum niche_follower_type type, int bot);
NICHE_API int niche_store_flagged_followers(struct niche_store *st, int64_t account_id,
                                            int64_t limit, niche_flagged_cb cb, void *ctx,
                                            struct niche_error *err);

/** Call cb for each account of the pod other than account_id, by id. */
NICHE_API int niche_store_pod_members(struct niche_store *st, int64_t pod,
                                      int64_t account_id, niche_account_cb cb, void *ctx,
                                      struct niche_error *err);

/* ---- discovery index: whole-workspace reads in account id order ---------- */

/** The analysis results the search index keeps, per account. */
struct niche_metric_row {
    int64_t account_id;
    const char *tier;             /* name under the run's scheme; NULL unknown */
    double er, er_median, er_v;   /* ER_F_MEAN, ER_F_MEDIAN, ER_V; NaN unknown */
    double er_pct;                /* ER_F_MEAN percentile, [0, 1] */
    double aqs, fake, growth, posts_week, price, interval_cv;
    int64_t last_post_ms;         /* NICHE_MISSING unknown */
};
typedef int (*niche_metric_row_cb)(void *ctx, const struct niche_metric_row *r);

/** Every stored account_metric row of the workspace, by account id. */
NICHE_API int niche_store_metric_scan(struct niche_store *st, niche_metric_row_cb cb,
                                      void *ctx, struct niche_error *err);

enum niche_label_kind {
    NICHE_LABEL_NICHE = 0,        /* key: niche name, value: score */
    NICHE_LABEL_BRAND,            /* key: brand, value: posts */
    NICHE_LABEL_TAG,              /* key: hashtag, value: posts */
    NICHE_LABEL_AUDIENCE          /* dim: dimension, key, value: share */
};
typedef int (*niche_label_cb)(void *ctx, int64_t account_id, const char *dim,
                              const char *key, double value);

/** Every label of one kind in the workspace, by account id; strings are
 *  borrowed for the call; dim is NULL except for audience shares. */
NICHE_API int niche_store_label_scan(struct niche_store *st, enum niche_label_kind kind,
                                     niche_label_cb cb, void *ctx,
                                     struct niche_error *err);

/** A number that changes when the workspace's accounts or analysis do. */
NICHE_API int niche_store_index_stamp(struct niche_store *st, uint64_t *stamp,
                                      struct niche_error *err);

/* ---- counts ----------------------------------------------------------- */

/** What the current workspace holds, per platform (index: niche_platform;
 *  index 0 is the total over all platforms). */
struct niche_store_counts {
    int64_t accounts[NICHE_PLATFORM__COUNT];
    int64_t posts[NICHE_PLATFORM__COUNT];
    int64_t follower_edges[NICHE_PLATFORM__COUNT];
    int64_t snapshots[NICHE_PLATFORM__COUNT];
    /* tiers[platform][tier] under the scheme passed in */
    int64_t tiers[NICHE_PLATFORM__COUNT][NICHE_TIER__COUNT];
};

/** Fill *out under scheme (NULL: the default scheme). */
NICHE_API int niche_store_counts(struct niche_store *st,
                                 const struct niche_tier_scheme *scheme,
                                 struct niche_store_counts *out,
                                 struct niche_error *err);

/** What is known about one account. */
struct niche_account_counts {
    int64_t posts, followers_known, following_known, snapshots;
    int64_t first_post_ms, last_post_ms;   /* MISSING without posts */
};

NICHE_API int niche_store_account_counts(struct niche_store *st, int64_t account_id,
                                         struct niche_account_counts *out,
                                         struct niche_error *err);

/* ---- shortlists --------------------------------------------------------- */

/*
 * A shortlist is a named, saved list of accounts of the workspace, kept in
 * the order they were added, each with the time added and an optional
 * note: the unit a brand hands to overlap and the planner. Names are unique
 * per workspace (shortlist.h says which names are valid). Deleting a list
 * or an account removes its memberships. niche_shortlist_resolve()
 * (shortlist.h) turns a name into account ids.
 */

#define NICHE_SHORTLIST_NAME_MAX 64   /* bytes, without the NUL */

/** One shortlist as stored. */
struct niche_shortlist {
    int64_t id;
    char name[NICHE_SHORTLIST_NAME_MAX + 1];
    int64_t created_ms;
    int64_t members;         /* accounts on it */
};

/** One member of a shortlist; account strings and note are borrowed. */
struct niche_shortlist_member {
    int64_t shortlist_id;
    struct niche_account account;
    int64_t added_ms;
    const char *note;        /* NULL: none */
};

/**
 * Create the list name in the current workspace; *id (may be NULL) gets its
 * id. NICHE_EINVAL for an invalid name, NICHE_EEXIST when it is taken.
 */
NICHE_API int niche_store_shortlist_create(struct niche_store *st, const char *name,
                                           int64_t *id, struct niche_error *err);

/** Delete list id and its memberships (never the accounts); NICHE_ENOTFOUND
 *  when the workspace has no such list. */
NICHE_API int niche_store_shortlist_delete(struct niche_store *st, int64_t id,
                                           struct niche_error *err);

/** Rename list id; NICHE_EINVAL, NICHE_EEXIST or NICHE_ENOTFOUND. */
NICHE_API int niche_store_shortlist_rename(struct niche_store *st, int64_t id,
                                           const char *name, struct niche_error *err);

/** Fill *out with the list called name (member count included);
 *  NICHE_ENOTFOUND when there is none. */
NICHE_API int niche_store_shortlist_find(struct niche_store *st, const char *name,
                                         struct niche_shortlist *out,
                                         struct niche_error *err);

/**
 * Add account_id at the end of list id with note (may be NULL). An account
 * already on the list keeps its place and time; a non-NULL note replaces
 * its note. *added (may be NULL) says which happened. NICHE_ENOTFOUND when
 * the list or the account is not of the workspace.
 */
NICHE_API int niche_store_shortlist_add(struct niche_store *st, int64_t id,
                                        int64_t account_id, const char *note,
                                        int *added, struct niche_error *err);

/** Take account_id off list id; *removed (may be NULL) is 0 when it was not
 *  on it (not an error). NICHE_ENOTFOUND when the list is not of the
 *  workspace. */
NICHE_API int niche_store_shortlist_remove(struct niche_store *st, int64_t id,
                                           int64_t account_id, int *removed,
                                           struct niche_error *err);

/** Call cb for each member of list id in the order added, with its account;
 *  the member is borrowed: valid only during the call. A non-zero return
 *  from cb stops the scan and is returned. */
typedef int (*niche_shortlist_member_cb)(void *ctx, const struct niche_shortlist_member *m);
NICHE_API int niche_store_shortlist_members(struct niche_store *st, int64_t id,
                                            niche_shortlist_member_cb cb, void *ctx,
                                            struct niche_error *err);

/** Call cb for each list of the workspace, by name, with its member count;
 *  the list is borrowed. */
typedef int (*niche_shortlist_cb)(void *ctx, const struct niche_shortlist *l);
NICHE_API int niche_store_shortlist_scan(struct niche_store *st, niche_shortlist_cb cb,
                                         void *ctx, struct niche_error *err);

/* ---- audience sketches --------------------------------------------------- */

/*
 * Each account's audience sketches (sketch.h), built from its known
 * followers by niche_analyze() and replaced with its other results. The
 * store keeps the blobs as they are and never reads them.
 */

/** Insert or replace the sketches of a->account_id (an account of the
 *  workspace). The blobs are copied; either may be NULL. */
NICHE_API int niche_store_audience_put(struct niche_store *st,
                                       const struct niche_audience *a,
                                       struct niche_error *err);

/** Fill *out with the stored sketches of account_id; release them with
 *  niche_audience_release(). NICHE_ENOTFOUND when it has none. */
NICHE_API int niche_store_audience_get(struct niche_store *st, int64_t account_id,
                                       struct niche_audience *out,
                                       struct niche_error *err);

/** Which blobs niche_store_audience_scan() reads (the others stay NULL). */
enum { NICHE_AUDIENCE_HLL = 1 << 0, NICHE_AUDIENCE_MINHASH = 1 << 1 };

/**
 * Call cb for the stored sketches of each account of the workspace on
 * platform (NICHE_PLATFORM_UNKNOWN: every platform), by account id. The
 * struct and its blobs are borrowed: valid only during the call. A
 * non-zero return from cb stops the scan and is returned.
 */
typedef int (*niche_audience_cb)(void *ctx, const struct niche_audience *a);
NICHE_API int niche_store_audience_scan(struct niche_store *st, enum niche_platform platform,
                                        unsigned fields, niche_audience_cb cb, void *ctx,
                                        struct niche_error *err);

/** Fill *out with the workspace's account of row id id (release with
 *  niche_account_release()); NICHE_ENOTFOUND when there is none. */
NICHE_API int niche_store_account_get_by_id(struct niche_store *st, int64_t id,
                                            struct niche_account *out,
                                            struct niche_error *err);

#endif
