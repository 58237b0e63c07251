/*
 * tags.c - the hashtags one account uses most, counted post by post.
 *
 * Analysis feeds each post's hashtags ("a b c", lowercase, ' '-separated,
 * as the importer stores them) for the current account, then takes the
 * top few and resets. Tags are copied into an arena that lives as long as
 * the account, so the caller's strings may be borrowed. A tag counts once
 * per post, however often the post repeats it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "internal.h"
#include "tags.h"

struct tag_slot {
    uint32_t off;      /* into arena; 0 marks an empty slot */
    uint32_t len;
    int64_t posts;
    int64_t last;      /* post number that counted it last */
};

static void tally_rehash(struct niche__tags *t);

/* Count tag s[0..len) once for the current post; the slot it is in. */
static struct tag_slot *put(struct niche__tags *t, const char *s, size_t len)
{
    uint64_t h = XXH3_64bits(s, len);
    size_t mask, i;

    if ((t->n + 1) * 2 > t->cap)
        tally_rehash(t);
    mask = t->cap - 1;
    for (i = (size_t)h & mask;; i = (i + 1) & mask) {
        struct tag_slot *e = &t->slot[i];

        if (!e->off) {
            NICHE_ALLOC_GROW(t->arena, t->narena + len + 1, t->aarena);
            if (!t->narena)
                t->arena[t->narena++] = '\0';   /* offset 0 means empty */
            NICHE_ALLOC_GROW(t->arena, t->narena + len + 1, t->aarena);
            e->off = (uint32_t)t->narena;
            e->len = (uint32_t)len;
            memcpy(t->arena + t->narena, s, len);
            t->arena[t->narena + len] = '\0';
            t->narena += len + 1;
            e->posts = 1;
            e->last = t->post;
            t->n++;
            return e;
        }
        if (e->len == len && !memcmp(t->arena + e->off, s, len)) {
            if (e->last != t->post) {
                e->posts++;
                e->last = t->post;
            }
            return e;
        }
    }
}

static void tally_rehash(struct niche__tags *t)
{
    struct tag_slot *old = t->slot;
    size_t ocap = t->cap, i;

    t->cap = t->cap ? t->cap * 2 : 64;
    t->slot = niche_xcalloc(t->cap, sizeof(*t->slot));
    for (i = 0; i < ocap; i++) {
        const struct tag_slot *e = &old[i];
        size_t j;

        if (!e->off)
            continue;
        j = (size_t)XXH3_64bits(t->arena + e->off, e->len) & (t->cap - 1);
        while (t->slot[j].off)
            j = (j + 1) & (t->cap - 1);
        t->slot[j] = *e;
    }
    free(old);
}

void niche__tags_put(struct niche__tags *t, const char *tag, size_t len, int64_t posts)
{
    /* counted as if by post 0, which no post fed after this is */
    put(t, tag, len)->posts = posts;
}

void niche__tags_add(struct niche__tags *t, const char *hashtags)
{
    const char *p = hashtags, *q;

    if (!hashtags)
        return;
    t->post++;
    while (*p) {
        while (*p == ' ')
            p++;
        for (q = p; *q && *q != ' '; q++)
            ;
        /* Tags longer than the index keeps are not worth a search term. */
        if (q > p && q - p <= NICHE_TAG_MAX)
            (void)put(t, p, (size_t)(q - p));
        p = q;
    }
}

static int cmp_count(const void *a, const void *b)
{
    const struct niche_tag_count *x = a, *y = b;

    if (x->posts != y->posts)
        return x->posts > y->posts ? -1 : 1;
    return strcmp(x->tag, y->tag);
}

int niche__tags_top(struct niche__tags *t, int k, struct niche_tag_count *out)
{
    struct niche_tag_count *v;   /* owned: every tag, then sorted */
    size_t i, n = 0;
    int m;

    if (!t->n)
        return 0;
    v = niche_xmalloc(t->n * sizeof(*v));
    for (i = 0; i < t->cap; i++) {
        const struct tag_slot *e = &t->slot[i];

        if (!e->off)
            continue;
        memcpy(v[n].tag, t->arena + e->off, e->len + 1);
        v[n++].posts = e->posts;
    }
    qsort(v, n, sizeof(*v), cmp_count);
    for (m = 0; m < k && (size_t)m < n; m++)
        out[m] = v[m];
    free(v);
    return m;
}

void niche__tags_reset(struct niche__tags *t)
{
    if (t->n)
        memset(t->slot, 0, t->cap * sizeof(*t->slot));
    t->n = 0;
    t->narena = 0;
    t->post = 0;
}

void niche__tags_release(struct niche__tags *t)
{
    free(t->slot);
    free(t->arena);
    memset(t, 0, sizeof(*t));
}
