/*
 * index.h: the discovery index, a columnar in-memory copy of a workspace's
 * accounts and their analysis results, made for search (search.h).
 *
 * One row per account of the workspace, in account id order. Numbers are
 * columns (struct of arrays); categories (platform, tier, country,
 * language, niche, brand) and text terms (bio words, hashtags) are CRoaring
 * bitmaps over rows; audience shares are sparse columns. What each column
 * holds and at which precision: docs/discovery.md.
 *
 *     struct niche_index *ix;
 *     niche_index_open(st, "niche.db.index", 0, &ix, &rebuilt, &err);
 *     ... niche_search(ix, &q, &res, &err) ...
 *     niche_index_free(ix);
 *
 * An index is read-only once built or loaded: any number of threads may
 * search it at once.
 */
#ifndef NICHE_INDEX_H
#define NICHE_INDEX_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "error.h"

struct niche_store;
struct niche_index;

/** Bumped whenever the snapshot file layout changes. */
#define NICHE_INDEX_FORMAT 2

/** What an index holds and what it costs. */
struct niche_index_stats {
    int64_t accounts;          /* rows */
    int64_t analysed;          /* rows with analysis results */
    int64_t terms;             /* distinct bio words and hashtags */
    int64_t audience_entries;  /* kept (account, dimension, key) shares */
    int64_t dense_keys;        /* audience keys held one byte per row */
    size_t bytes;              /* everything below */
    size_t bytes_columns, bytes_bitmaps, bytes_text, bytes_audience, bytes_dict;
    uint64_t stamp;            /* store state it was built from */
    int64_t run_id;            /* analysis run, 0 if never analysed */
    int64_t as_of_ms;          /* the run's as-of time, or NICHE_MISSING */
    char scheme[32];           /* the run's tier scheme */
};

/** Build the index of st's current workspace from the store. */
NICHE_API int niche_index_build(struct niche_store *st, struct niche_index **out,
                                struct niche_error *err);

/** The store's current stamp: changes when accounts, audience shares or
 *  the analysis change, so that a saved index can tell it is stale. */
NICHE_API int niche_index_stamp(struct niche_store *st, uint64_t *stamp,
                                struct niche_error *err);

/** Write ix to path as a snapshot file (written aside, then renamed). */
NICHE_API int niche_index_save(const struct niche_index *ix, const char *path,
                               struct niche_error *err);

/** Map a snapshot file; columns are used in place. NICHE_EPARSE names the
 *  offset when the file is not a whole snapshot of this format. */
NICHE_API int niche_index_load(const char *path, struct niche_index **out,
                               struct niche_error *err);

enum {
    NICHE_INDEX_REBUILD = 1,   /* build even when the snapshot is current */
    NICHE_INDEX_NO_SAVE = 2    /* do not write the snapshot */
};

/**
 * The index for st's workspace: path's snapshot when its stamp and
 * workspace match the store, else built from the store and saved to path
 * (unless NICHE_INDEX_NO_SAVE; path may be NULL). *rebuilt (may be NULL)
 * says which happened.
 */
NICHE_API int niche_index_open(struct niche_store *st, const char *path, int flags,
                               struct niche_index **out, int *rebuilt,
                               struct niche_error *err);

NICHE_API void niche_index_free(struct niche_index *ix);

NICHE_API void niche_index_stats(const struct niche_index *ix,
                                 struct niche_index_stats *out);

/** The row of account_id, or -1 if the index does not hold it. */
NICHE_API int64_t niche_index_row(const struct niche_index *ix, int64_t account_id);

/** The account id of row. */
NICHE_API int64_t niche_index_account(const struct niche_index *ix, int64_t row);

/** Row's share of its audience in (dimension, key), as the index keeps it
 *  (whole percents, shares under 1% dropped); NaN if not kept. */
NICHE_API double niche_index_share(const struct niche_index *ix, int64_t row,
                                   const char *dimension, const char *key);

/** Row's score for niche (a niche name), NaN if it has no such label. */
NICHE_API double niche_index_niche_score(const struct niche_index *ix, int64_t row,
                                         const char *niche);

/** The workspace the index was built from. */
NICHE_API int64_t niche_index_workspace(const struct niche_index *ix);

#endif
