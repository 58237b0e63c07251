/*
 * facts.h - an account's post facts (lib/facts.c). Not API.
 *
 * What niche_analyze() uses of one account's posts, with every caption
 * already reduced: each post's numbers (newest first) and disclosure check,
 * its mentions with the word before each, the account's niche evidence
 * from captions and hashtags, and its most used hashtags. Built once from
 * the posts, kept as a blob in the store's post_facts table and read back
 * by every later analysis: refreshed when the account gets new posts or
 * new numbers, built again when a post's text changes or a post goes
 * (docs/internals/facts.md).
 */
#ifndef NICHE_FACTS_H
#define NICHE_FACTS_H

#include <stddef.h>
#include <stdint.h>
#include "niche/metrics.h"
#include "niche/model.h"
#include "niche/topics.h"
#include "buf.h"
#include "tags.h"

/* Bump with any change to what is reduced or how (the marker or topic
 * lexicons, the mention rule): older blobs are then rebuilt. */
#define NICHE_FACTS_VERSION 2

/* Brands longer than this are not kept with a flagged post (as before). */
#define NICHE_FACTS_BRAND_MAX 47
/* A longer "mention" is not a handle: it is left out. */
#define NICHE_FACTS_HANDLE_MAX 255

/* One mention: a handle and the lowercase word before it ("with"). */
struct niche__facts_mention {
    uint32_t post;                /* index into post[] */
    uint32_t brand, blen;         /* the handle: offset and length in text */
    uint32_t word, wlen;          /* the word before it */
};

/* A marked post whose disclosure needs a reviewer: its first mention. */
struct niche__facts_kept {
    uint32_t post;
    uint32_t brand, blen;         /* in text; blen 0: none */
};

struct niche__facts_known {
    int64_t id;
    uint32_t post;                /* index into post[] */
};

/* A hashtag past the top ones, and the posts that carry it. */
struct niche__facts_rest {
    uint32_t tag, len;            /* in text */
    int64_t posts;
};

struct niche__facts {
    char lang[3];                 /* the language captions were read in, or "" */
    /* Per post, newest first (unknown times last, then by id): numbers
     * only (no text), and its disclosure check. */
    struct niche_post *post;      /* owned */
    struct niche_disclosure_check *check;   /* owned */
    size_t n, apost, acheck;
    /* Mentions and kept posts in post id order: the order the posts were
     * stored in, which analysis counts brands in. */
    struct niche__facts_mention *men;       /* owned */
    size_t nmen, amen;
    struct niche__facts_kept *kept;         /* owned */
    size_t nkept, akept;
    struct niche__buf text;       /* owned: the handles and words */
    struct niche_topic_acc topic; /* captions, and hashtags of posts without one */
    struct niche_tag_count tag[NICHE_TAGS_KEPT];
    int ntags;
    /* Every other hashtag of the posts, most used first: with tag[], the
     * whole tally, so that a refresh counts only its new posts' tags. */
    struct niche__facts_rest *rest;         /* owned */
    size_t nrest, arest;
    struct niche__tags tally;     /* building only */
    /* Refreshing only (niche__facts_reopen()): the posts the blob held, by
     * id, and how many of them the account's posts have met again (all
     * must be, unless only the new posts are fed). */
    struct niche__facts_known *known;       /* owned */
    size_t nknown, aknown, nmet;
    int only_new;
};

/* Start facts for an account whose captions are in lang (NULL: unknown). */
void niche__facts_reset(struct niche__facts *f, const char *lang);
/*
 * Refresh decoded facts: feed the account's posts through
 * niche__facts_add(), every one of them, or (only_new) just those past the
 * newest the blob holds, when no post it holds changed. A post the blob
 * held (same id) only has its numbers (time, likes, comments, shares,
 * views) replaced; its text is not read, since a change to it would have
 * made the blob stale, and its hashtags are in the tally the blob kept.
 * Any other post is reduced as new.
 */
void niche__facts_reopen(struct niche__facts *f, int only_new);
/* The largest post id the facts hold, INT64_MIN when none. */
int64_t niche__facts_newest_id(const struct niche__facts *f);
/* Reduce one post (its text may be borrowed: it is not kept). */
void niche__facts_add(struct niche__facts *f, struct niche_topics *t, const struct niche_post *p);
/* Order the posts and take the top hashtags; the facts are then complete.
 * -1 when refreshed facts did not meet every post they held again (a post
 * is gone): they must be built from the posts alone. */
int niche__facts_finish(struct niche__facts *f);

/* The blob of finished facts, appended to out. */
void niche__facts_encode(const struct niche__facts *f, struct niche__buf *out);
/* Facts from a blob; -1 when it is not one of this version (the caller
 * rebuilds them from the posts), 0 otherwise. */
int niche__facts_decode(struct niche__facts *f, const void *data, size_t len);

void niche__facts_release(struct niche__facts *f);

#endif
