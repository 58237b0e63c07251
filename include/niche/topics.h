/*
 * topics.h - niche (topic) classification of accounts from their text.
 *
 * An account's bio, captions and hashtags are normalised with utf8proc
 * (NFKC, case folding, accents stripped), split into words, stemmed with
 * libstemmer (Snowball) and matched against a lexicon of terms per niche in
 * several languages. Each match adds its weight to its niche; the scores
 * are the shares of the total, so they sum to 1 over the niches matched.
 * The taxonomy and the lexicon are data in lib/topics.c, listed in
 * docs/quality.md.
 *
 *     struct niche_topics *t = NULL;
 *     niche_topics_new(&t, &err);
 *     struct niche_topic_acc acc;
 *     niche_topic_acc_init(&acc);
 *     niche_topics_feed(t, &acc, NICHE_TOPIC_BIO, bio, strlen(bio), "en");
 *     niche_topics_feed(t, &acc, NICHE_TOPIC_HASHTAGS, "skincare ootd", 13, "en");
 *     struct niche_topic_label labels[NICHE_TOPIC_MAX_LABELS];
 *     int n = niche_topics_labels(&acc, labels);   // primary first
 *     niche_topics_free(t);
 *
 * A struct niche_topics is read-only after niche_topics_new() except for
 * its stemmer caches: use one per thread.
 */
#ifndef NICHE_TOPICS_H
#define NICHE_TOPICS_H

#include <stddef.h>
#include "common.h"
#include "error.h"

struct niche_topics;

/* The taxonomy: index = niche id. NICHE_TOPIC__COUNT niches. */
enum niche_topic {
    NICHE_TOPIC_BEAUTY = 0, NICHE_TOPIC_FASHION, NICHE_TOPIC_FITNESS,
    NICHE_TOPIC_FOOD, NICHE_TOPIC_TRAVEL, NICHE_TOPIC_FAMILY, NICHE_TOPIC_PETS,
    NICHE_TOPIC_HOME, NICHE_TOPIC_GAMING, NICHE_TOPIC_TECH, NICHE_TOPIC_MUSIC,
    NICHE_TOPIC_SPORTS, NICHE_TOPIC_FINANCE, NICHE_TOPIC_EDUCATION,
    NICHE_TOPIC_ART, NICHE_TOPIC_PHOTOGRAPHY, NICHE_TOPIC_AUTOMOTIVE,
    NICHE_TOPIC_COMEDY, NICHE_TOPIC_BUSINESS, NICHE_TOPIC_HEALTH,
    NICHE_TOPIC__COUNT
};

/** Lowercase niche name ("beauty"); borrowed, static. */
NICHE_API const char *niche_topic_name(enum niche_topic t);
/** Niche from its name, -1 if unknown. */
NICHE_API int niche_topic_parse(const char *name);

/* Where a text came from; sets the weight of its matches. */
enum niche_topic_source {
    NICHE_TOPIC_BIO = 0,      /* weight 3: what the creator says they do */
    NICHE_TOPIC_HASHTAGS,     /* weight 2 per tag: ' '-separated, no '#' */
    NICHE_TOPIC_CAPTION,      /* weight 1 per word */
    NICHE_TOPIC_CATEGORY      /* weight 3: an export's category column */
};

/** Scores collected for one account. */
struct niche_topic_acc {
    double score[NICHE_TOPIC__COUNT];
    double total;             /* sum of score[] */
    long matches;             /* matched words */
};

NICHE_API void niche_topic_acc_init(struct niche_topic_acc *acc);

/** Build the lexicon and stemmers into *out (caller frees). */
NICHE_API int niche_topics_new(struct niche_topics **out, struct niche_error *err);
NICHE_API void niche_topics_free(struct niche_topics *t);

/**
 * Add the matches of text[0..len) (UTF-8; invalid bytes are skipped, never
 * an error) to acc. lang is an ISO 639-1 code ("de") that picks a stemmer
 * besides English, or NULL.
 */
NICHE_API void niche_topics_feed(struct niche_topics *t, struct niche_topic_acc *acc,
                                 enum niche_topic_source src, const char *text,
                                 size_t len, const char *lang);

#define NICHE_TOPIC_MAX_LABELS 3
/** A label needs at least this share of the account's score. */
#define NICHE_TOPIC_MIN_SHARE 0.2

struct niche_topic_label {
    enum niche_topic topic;
    double score;             /* share of acc->total, in (0, 1] */
};

/**
 * The labels of acc: niches with a share >= NICHE_TOPIC_MIN_SHARE, best
 * first, at most NICHE_TOPIC_MAX_LABELS; ties by niche id. Returns how
 * many (0 when nothing matched: the niche is unknown, not "none").
 */
NICHE_API int niche_topics_labels(const struct niche_topic_acc *acc,
                                  struct niche_topic_label *out);

#endif
