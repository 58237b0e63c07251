/*
 * tags.h - an account's most used hashtags (lib/tags.c). Not API.
 */
#ifndef NICHE_TAGS_H
#define NICHE_TAGS_H

#include <stddef.h>
#include <stdint.h>

#define NICHE_TAG_MAX 32        /* longer tags are not kept */
#define NICHE_TAGS_KEPT 10      /* tags stored per account */

struct niche_tag_count {
    char tag[NICHE_TAG_MAX + 1];
    int64_t posts;              /* posts that carry the tag */
};

/* One account's tally; zero-initialise, reset between accounts. */
struct niche__tags {
    struct tag_slot *slot;      /* owned: open addressing, cap a power of 2 */
    size_t n, cap;
    char *arena;                /* owned: the tags, NUL-terminated */
    size_t narena, aarena;
    int64_t post;               /* posts fed since the reset */
};

/* Count the tags of one post ("a b c"); NULL is no tags. */
void niche__tags_add(struct niche__tags *t, const char *hashtags);
/* A tag counted elsewhere, with its count (a tally kept in a blob, being
 * restored); it must not be in the tally yet. */
void niche__tags_put(struct niche__tags *t, const char *tag, size_t len, int64_t posts);
/* The k most used (most posts first, then by name) into out; returns how
 * many. k may be the tally's size, t->n. */
int niche__tags_top(struct niche__tags *t, int k, struct niche_tag_count *out);
void niche__tags_reset(struct niche__tags *t);
void niche__tags_release(struct niche__tags *t);

#endif
