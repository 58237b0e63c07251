/*
 * import.h - importing accounts, posts, followers and snapshots from CSV
 * (RFC 4180) and JSON Lines, the way real exports come.
 *
 * An import streams its file in constant memory and writes it in one
 * transaction: a bad row stops the import with "FILE:LINE:COLUMN: what was
 * wrong" and the store exactly as it was, unless skip_bad is set, in which
 * case each bad row is reported to on_skip and the good rows are imported.
 * Re-importing updates in place: accounts are keyed by platform + handle,
 * posts by platform + post id, snapshots by account + time, follower edges
 * by the pair. A value missing in the file never erases a stored one.
 *
 * Columns are matched to fields by name (case-insensitive, surrounding
 * whitespace and line breaks ignored); `maps` names other columns:
 * { "followers", "Subscribers" }. A header repeated in the file is
 * addressed as "NAME#2", "NAME#3". Several maps to one text field join the
 * columns with "; " (two category columns into category). In JSONL, a map
 * names a key, or a dotted path into nested objects ("owner.username").
 *
 * Posts, followers and snapshots may name accounts not yet in the store:
 * those are created bare (platform and handle only) and counted in
 * accounts_created.
 */
#ifndef NICHE_IMPORT_H
#define NICHE_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "error.h"
#include "model.h"

struct niche_store;

enum niche_import_kind {
    NICHE_IMPORT_ACCOUNTS = 0,
    NICHE_IMPORT_POSTS,
    NICHE_IMPORT_FOLLOWERS,
    NICHE_IMPORT_SNAPSHOTS,
    NICHE_IMPORT__COUNT
};

enum niche_import_format {
    NICHE_FORMAT_AUTO = 0,   /* from the file name: .jsonl/.ndjson/.json, else CSV */
    NICHE_FORMAT_CSV,
    NICHE_FORMAT_JSONL
};

struct niche_import_map {
    const char *field;       /* a field name of the kind (niche_import_field) */
    const char *column;      /* CSV header, "HEADER#N", or JSONL key path */
};

struct niche_import_opts {
    enum niche_import_kind kind;
    enum niche_import_format format;
    enum niche_platform platform;   /* for rows without a platform column */
    const struct niche_import_map *maps;   /* borrowed */
    size_t nmaps;
    int skip_bad;
    /* Called for each skipped row when skip_bad is set; e is borrowed. */
    void (*on_skip)(void *ctx, const struct niche_error *e);
    /* Called every 65536 rows; a non-zero return cancels the import, which
     * then rolls back and returns NICHE_ECANCELED. */
    int (*on_progress)(void *ctx, int64_t rows, int64_t bytes);
    void *ctx;
    /* Read, convert and check every row exactly as an import does, and
     * write nothing (the store is not touched; st may be NULL): to vet an
     * export, or to measure parsing apart from storage. */
    int dry_run;
};

#define NICHE_IMPORT_OPTS_INIT \
    { NICHE_IMPORT_ACCOUNTS, NICHE_FORMAT_AUTO, NICHE_PLATFORM_UNKNOWN, \
      NULL, 0, 0, NULL, NULL, NULL, 0 }

struct niche_import_result {
    int64_t rows;              /* data rows read (blank rows excluded) */
    int64_t imported;          /* rows written (dry run: rows that would be) */
    int64_t skipped;           /* bad rows skipped (skip_bad) */
    int64_t blank;             /* rows with every cell empty, ignored */
    int64_t accounts_created;  /* bare accounts made for unknown handles */
    char *ignored_columns;     /* owned: CSV columns no field used, ", "-joined */
};

/** Free what a result owns; a zeroed result is fine. */
NICHE_API void niche_import_result_release(struct niche_import_result *r);

/**
 * Import path ("-" reads standard input) into the current workspace of st.
 * Returns 0; NICHE_EPARSE, NICHE_EINVAL or NICHE_ETOOBIG for bad input
 * (err holds FILE:LINE:COLUMN), NICHE_EIO, NICHE_ESTORE, NICHE_ECANCELED.
 * On any failure nothing was written. res may be NULL.
 */
NICHE_API int niche_import_file(struct niche_store *st, const char *path,
                                const struct niche_import_opts *opts,
                                struct niche_import_result *res,
                                struct niche_error *err);

/** The same from memory; name is used in messages. format must not be AUTO
 *  unless name ends in a known extension. */
NICHE_API int niche_import_mem(struct niche_store *st, const char *name,
                               const char *data, size_t len,
                               const struct niche_import_opts *opts,
                               struct niche_import_result *res,
                               struct niche_error *err);

/** "accounts", "posts", "followers", "snapshots"; borrowed, static. */
NICHE_API const char *niche_import_kind_name(enum niche_import_kind k);
/** Kind from its name; -1 if unknown. */
NICHE_API int niche_import_kind_parse(const char *s);

/** What a kind's field accepts, for help texts. */
struct niche_import_field_info {
    const char *name;
    const char *type;        /* "text", "count", "rate", "time"... */
    int required;            /* 1 required, 2 required unless --platform */
    const char *help;
};

/** The i-th field of kind k, NULL past the last. Borrowed, static. */
NICHE_API const struct niche_import_field_info *
niche_import_field(enum niche_import_kind k, size_t i);

#endif
