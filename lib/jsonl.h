/*
 * jsonl.h - streaming JSON Lines reader with positions. Not API.
 *
 * One JSON object per line; blank lines are skipped. A line is capped at
 * max_line bytes (NICHE_ETOOBIG past it), so memory stays constant whatever
 * the file size. Errors carry FILE:LINE:COLUMN.
 *
 * Each line is first offered to the flat-object parser (jsonflat.h), which
 * reads the common case (a flat object of strings, numbers, true, false
 * and null) without allocating. When it declines, jansson parses the line
 * and words any error. So after niche__jsonl_next() returns 1, exactly one
 * of these holds the record:
 *
 *     const struct niche__jflat *f = niche__jsonl_flat(j);
 *     if (f)  ... read f ...
 *     else    ... read j->obj ...
 *
 * or, when speed does not matter, niche__jsonl_object() gives a json_t
 * either way (for a flat record it builds one, and keeps it in j->obj).
 */
#ifndef NICHE_JSONL_H
#define NICHE_JSONL_H

#include <jansson.h>
#include <stddef.h>
#include "buf.h"
#include "jsonflat.h"
#include "niche/error.h"

struct niche__jsonl {
    int fd;                  /* < 0: read from mem */
    const char *mem;
    const char *path;        /* borrowed, for messages */
    char *in;                /* owned read buffer */
    size_t in_len, in_pos;
    int eof;
    long line;               /* line of the current object */
    long next_line;
    struct niche__buf acc;   /* a line that spans reads */
    const char *text;        /* current line, borrowed */
    size_t text_len;
    json_t *obj;             /* owned: the current object, when jansson
                              * parsed it (or niche__jsonl_object() built it) */
    struct niche__jflat flat;   /* owned: the current object, when flat */
    int is_flat;             /* 1: flat holds the current object */
};

void niche__jsonl_init_fd(struct niche__jsonl *j, int fd, const char *path);
void niche__jsonl_init_mem(struct niche__jsonl *j, const char *data, size_t len,
                           const char *path);
void niche__jsonl_release(struct niche__jsonl *j);

/* 1: the next object is ready, in niche__jsonl_flat(j) or else in j->obj
 * (valid until the next call); 0: end; < 0: error in err. At the end and
 * after an error neither holds anything. */
int niche__jsonl_next(struct niche__jsonl *j, struct niche_error *err);

/* The current object when the flat parser read it, or NULL (then j->obj
 * holds it, if there is one). Borrowed: valid until the next call. */
static inline const struct niche__jflat *niche__jsonl_flat(const struct niche__jsonl *j)
{
    return j->is_flat ? &j->flat : NULL;
}

/* The current object as a jansson object, built from the flat record on
 * the first call if need be; NULL when there is none. Borrowed: valid until
 * the next call of niche__jsonl_next(). For tests and rare paths: building
 * it costs what the flat parser saved. */
json_t *niche__jsonl_object(struct niche__jsonl *j);

/* Column (1-based) where "key" appears in the current line, or 0. Used to
 * point errors in a field's value at the right place. */
long niche__jsonl_key_column(const struct niche__jsonl *j, const char *key);

#endif
