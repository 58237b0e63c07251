/*
 * jsonl.h - streaming JSON Lines reader with positions. Not API.
 *
 * One JSON object per line, parsed with jansson; blank lines are skipped. A
 * line is capped at max_line bytes (NICHE_ETOOBIG past it), so memory stays
 * constant whatever the file size. Errors carry FILE:LINE:COLUMN.
 */
#ifndef NICHE_JSONL_H
#define NICHE_JSONL_H

#include <jansson.h>
#include <stddef.h>
#include "buf.h"
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
    json_t *obj;             /* owned: the current object */
};

void niche__jsonl_init_fd(struct niche__jsonl *j, int fd, const char *path);
void niche__jsonl_init_mem(struct niche__jsonl *j, const char *data, size_t len,
                           const char *path);
void niche__jsonl_release(struct niche__jsonl *j);

/* 1: j->obj holds the next object (valid until the next call); 0: end;
 * < 0: error in err. */
int niche__jsonl_next(struct niche__jsonl *j, struct niche_error *err);

/* Column (1-based) where "key" appears in the current line, or 0. Used to
 * point errors in a field's value at the right place. */
long niche__jsonl_key_column(const struct niche__jsonl *j, const char *key);

#endif
