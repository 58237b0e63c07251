/*
 * error.h - error codes and the per-call error record.
 *
 * Every fallible libniche function returns 0 or one of the negative codes
 * below and fills an optional `struct niche_error` given as its last
 * argument. The record belongs to that call (never to the process), so
 * threads each keep their own. Input errors carry the position in `file`,
 * `line` and `column` as well as at the start of `msg`
 * ("accounts.csv:14:22: followers '1,3Q' is not a number").
 *
 *     struct niche_error err = NICHE_ERROR_INIT;
 *     if (niche_store_open(&st, "niche.db", &err) < 0)
 *         fprintf(stderr, "niche: %s\n", err.msg);
 */
#ifndef NICHE_ERROR_H
#define NICHE_ERROR_H

#include <stddef.h>
#include "common.h"

enum {
    NICHE_OK = 0,
    NICHE_EINVAL = -1,     /* bad argument or bad input value */
    NICHE_ENOMEM = -2,     /* allocation failed (only where propagated) */
    NICHE_EIO = -3,        /* reading or writing a file failed */
    NICHE_ENOTFOUND = -4,  /* no such account, file, workspace... */
    NICHE_EEXIST = -5,     /* already exists */
    NICHE_EPARSE = -6,     /* malformed input; position in the record */
    NICHE_ETOOBIG = -7,    /* input past a size cap */
    NICHE_ESTORE = -8,     /* the storage backend failed */
    NICHE_ESCHEMA = -9,    /* database schema newer than this build */
    NICHE_ECANCELED = -10, /* a callback asked to stop */
    NICHE_EUNSUPPORTED = -11 /* not built in, or not for this backend */
};

/** Per-call error record; embed by value, initialise with NICHE_ERROR_INIT. */
struct niche_error {
    int code;            /* last code set, NICHE_OK if none */
    char msg[512];       /* human-readable, lowercase, no final period */
    char file[256];      /* input file of an input error, else "" */
    long line;           /* 1-based line of an input error, else 0 */
    long column;         /* 1-based column (in bytes) of an input error, else 0 */
};

#define NICHE_ERROR_INIT { 0, "", "", 0, 0 }

/** Reset err to NICHE_ERROR_INIT. err may be NULL. */
NICHE_API void niche_error_clear(struct niche_error *err);

/**
 * Record code and a printf-style message in err (which may be NULL) and
 * return code, so that `return niche_error_set(err, NICHE_EINVAL, ...)`
 * reads as one statement.
 */
NICHE_API int niche_error_set(struct niche_error *err, int code,
                              const char *fmt, ...) NICHE_PRINTF(3, 4);

/**
 * Like niche_error_set() for input errors: the message starts with
 * "FILE:LINE:COLUMN: " (or "FILE:LINE: " when column is 0) and the position
 * is kept in the fields. file may be NULL for "<input>".
 */
NICHE_API int niche_error_at(struct niche_error *err, int code,
                             const char *file, long line, long column,
                             const char *fmt, ...) NICHE_PRINTF(6, 7);

/** Short description of a code; borrowed, static storage. */
NICHE_API const char *niche_strerror(int code);

#endif
