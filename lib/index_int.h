/*
 * index_int.h - the discovery index's layout, shared by index.c (build,
 * snapshot) and search.c (queries). Not API.
 */
#ifndef NICHE_INDEX_INT_H
#define NICHE_INDEX_INT_H

#include <stdint.h>
#include <roaring/roaring.h>

#include "niche/index.h"
#include "niche/model.h"
#include "niche/tier.h"

/* Float columns; NaN is unknown. Values are the stored ones exactly (the
 * store keeps results at float precision). */
enum ix_col {
    IX_ER = 0, IX_ER_MEDIAN, IX_ER_V, IX_ER_PCT, IX_AQS, IX_FAKE, IX_GROWTH,
    IX_POSTS_WEEK, IX_PRICE, IX_CV, IX__NF
};

#define IX_NO_FOLLOWERS UINT32_MAX   /* followers unknown */
#define IX_WORD_MAX 64               /* longer words are not indexed */

/*
 * Names to bitmaps of rows (countries, niches, words...), optionally with
 * one 8-bit value per member (shares in whole percents). A sparse entry
 * keeps its values in member order, found by rank; a dense one (members at
 * least half the rows, such as gender:female) keeps one byte per row,
 * IX_NO_VAL for non-members, found at once, for at most twice the bytes
 * (the same at full coverage).
 */
#define IX_NO_VAL 255

struct ix_dict {
    uint32_t n, cap;
    const char **name;          /* owned when built, else into the map */
    roaring_bitmap_t **bm;      /* owned */
    const uint8_t **val;        /* per entry, or NULL: the dict has no values */
    uint8_t *dense;             /* owned, per entry: 1 when val is per row */
    int64_t nrow;               /* rows of the index: a dense entry's length */
    int has_val;
    uint32_t *slot, nslot;      /* owned: open addressing, entry + 1 */
    /* while building */
    uint32_t **rows, *nrows, *arows;
    uint8_t **vals;
};

struct niche_index {
    int64_t workspace_id, run_id, as_of_ms, n, analysed;
    uint64_t stamp;
    char scheme[32];
    roaring_bitmap_t *ids;       /* account ids: row r holds the r-th smallest */
    const uint32_t *followers;   /* IX_NO_FOLLOWERS unknown */
    const uint32_t *last_post;   /* seconds since the epoch; 0 unknown */
    const float *col[IX__NF];
    roaring_bitmap_t *platform[NICHE_PLATFORM__COUNT];
    roaring_bitmap_t *tier[NICHE_TIER__COUNT];
    roaring_bitmap_t *verified[2];
    roaring_bitmap_t *analysed_rows;   /* rows with analysis results */
    struct ix_dict country, language, niche, brand, word, tag, audience;
    void *map;                   /* a loaded snapshot, or NULL */
    int borrowed;                /* parsed from the caller's memory */
    size_t map_len;
    void *heap[2 + IX__NF];      /* owned columns of a built index */
};

/* Is an entry of card members among n rows kept dense? */
static inline int niche__ix_is_dense(uint64_t card, int64_t n)
{
    return n > 0 && card * 2 >= (uint64_t)n;
}

/* Value of row in entry e of a dict with values, or -1. */
int niche__ix_value(const struct ix_dict *d, int64_t e, int64_t row);

/* The dicts in snapshot order. */
#define IX_NDICTS 7
struct ix_dict *niche__ix_dicts(struct niche_index *ix, int i);

/* Parse a snapshot held in buf (borrowed: it must outlive *out); for
 * tests and fuzzing. niche_index_load() maps a file and parses it so. */
int niche__index_parse(const void *buf, size_t len, const char *name,
                       struct niche_index **out, struct niche_error *err);

/* (Re)make d's name lookup table. */
void niche__ix_rehash(struct ix_dict *d);

/* Entry of name in d, or -1. */
int64_t niche__ix_find(const struct ix_dict *d, const char *name);

/* The words of text (NFC, case folded, accents removed; runs of letters and
 * digits, like SQLite FTS5's unicode61 tokenizer), each NUL-terminated
 * into out (capacity cap); returns how many, or -1 on bad UTF-8. */
int niche__ix_words(const char *text, char *out, size_t cap);

/* Seconds from which a post is within days of the as-of time (rounded up
 * to a whole second); 0 when days is 0 or the as-of time is unknown. */
int64_t niche__search_active_from(const struct niche_index *ix, int days);

/* Audience dict key: "dimension:key". */
void niche__ix_audience_key(const char *dim, const char *key, char *out, size_t cap);

#endif
