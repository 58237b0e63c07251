/* buf.c - capped growable byte buffer; see buf.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "internal.h"
#include "banned.h"

void niche__buf_release(struct niche__buf *b)
{
    if (!b)
        return;
    free(b->buf);
    b->buf = NULL;
    b->len = b->alloc = 0;
}

int niche__buf_grow(struct niche__buf *b, size_t extra)
{
    size_t need, na;

    if (b->max && (extra > b->max || b->len > b->max - extra))
        return NICHE_ETOOBIG;
    /* Uncapped, len + extra + 1 could wrap around and look small, and
     * doubling na past half the address space would wrap to 0 and loop. */
    if (b->len >= SIZE_MAX / 2 || extra >= SIZE_MAX / 2 - b->len)
        return NICHE_ETOOBIG;
    need = b->len + extra + 1;
    if (need <= b->alloc)
        return 0;
    na = b->alloc ? b->alloc : 256;
    while (na < need)
        na *= 2;
    /* Never allocate far past the cap: the cap bounds memory, not just len. */
    if (b->max && na > b->max + 1)
        na = b->max + 1;
    b->buf = niche_xrealloc(b->buf, na);
    b->alloc = na;
    return 0;
}

int niche__buf_add_slow(struct niche__buf *b, const void *p, size_t n)
{
    int rc = niche__buf_grow(b, n);

    if (rc < 0)
        return rc;
    if (n)
        memcpy(b->buf + b->len, p, n);
    b->len += n;
    b->buf[b->len] = '\0';
    return 0;
}
