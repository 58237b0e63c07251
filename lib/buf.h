/*
 * buf.h - a growable byte buffer with a size cap (curl's dynbuf).
 *
 * Buffers that hold untrusted input (CSV records, JSONL lines) are capped:
 * growth past `max` fails with NICHE_ETOOBIG instead of eating memory. The
 * content is always NUL-terminated. Not API.
 */
#ifndef NICHE_BUF_H
#define NICHE_BUF_H

#include <stddef.h>
#include <string.h>

struct niche__buf {
    char *buf;      /* owned; NUL-terminated once anything was added */
    size_t len;     /* bytes used, without the NUL */
    size_t alloc;   /* bytes allocated */
    size_t max;     /* cap on len; 0 means no cap */
};

#define NICHE__BUF_INIT(max) { NULL, 0, 0, (max) }

void niche__buf_release(struct niche__buf *b);
/* Make room for extra more bytes (plus the NUL); NICHE_ETOOBIG past max. */
int niche__buf_grow(struct niche__buf *b, size_t extra);
int niche__buf_add_slow(struct niche__buf *b, const void *p, size_t n);

/* Inline when the bytes fit: the CSV reader appends every field. */
static inline int niche__buf_add(struct niche__buf *b, const void *p, size_t n)
{
    if (b->buf && b->len + n < b->alloc && (!b->max || b->len + n <= b->max)) {
        if (n)
            memcpy(b->buf + b->len, p, n);
        b->len += n;
        b->buf[b->len] = '\0';
        return 0;
    }
    return niche__buf_add_slow(b, p, n);
}

static inline int niche__buf_addch(struct niche__buf *b, char c)
{
    return niche__buf_add(b, &c, 1);
}
static inline void niche__buf_reset(struct niche__buf *b)
{
    b->len = 0;
    if (b->buf)
        b->buf[0] = '\0';
}

#endif
