/*
 * jsonflat.h - a fast parser for flat JSON objects, in front of jansson.
 * Not API.
 *
 * Most JSON Lines records are one flat object: keys mapped to strings,
 * numbers, true, false or null. niche__jflat_parse() reads exactly that and
 * nothing more, without allocating per value. It never accepts a text that
 * json_loadb(text, len, JSON_REJECT_DUPLICATES, &err) would reject, and it
 * gives the same values jansson would; anything else (nested values, a big
 * integer, every error) makes it return 0, and the caller asks jansson,
 * which then decides and words any error. See jsonflat.c for the design.
 *
 *     struct niche__jflat j = NICHE__JFLAT_INIT;
 *     const struct niche__jflat_field *f;
 *
 *     if (niche__jflat_parse(&j, line, len) &&
 *         (f = niche__jflat_get(&j, "likes")) && f->kind == NICHE__JFLAT_INT)
 *         use(f->i);
 *     niche__jflat_release(&j);
 */
#ifndef NICHE_JSONFLAT_H
#define NICHE_JSONFLAT_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"

/* Decoded keys and strings of one line never outgrow the line itself, and
 * jsonl.c caps a line at 4 MiB; a longer text is left to jansson. */
#define NICHE__JFLAT_MAX_TEXT (8 * 1024 * 1024)

/* Duplicate keys are found by comparing each key with those before it:
 * quadratic, so an object with more keys than this is left to jansson. */
#define NICHE__JFLAT_MAX_FIELDS 256

enum niche__jflat_kind {
    NICHE__JFLAT_STR,
    NICHE__JFLAT_INT,
    NICHE__JFLAT_REAL,
    NICHE__JFLAT_TRUE,
    NICHE__JFLAT_FALSE,
    NICHE__JFLAT_NULL
};

struct niche__jflat_field {
    const char *key;             /* borrowed from j->buf; NUL-terminated,
                                  * never holds a NUL */
    size_t key_len;              /* bytes, without the NUL */
    uint32_t hash;               /* of the key, to skip most comparisons */
    enum niche__jflat_kind kind;
    const char *s;               /* STR: borrowed from j->buf; UTF-8,
                                  * NUL-terminated, never holds a NUL */
    size_t len;                  /* STR: bytes, without the NUL */
    int64_t i;                   /* INT */
    double d;                    /* REAL: finite */
};

struct niche__jflat {
    struct niche__buf buf;       /* owned: decoded keys and strings */
    struct niche__jflat_field *items;   /* owned; in the order of the text */
    size_t nr, alloc;
};

#define NICHE__JFLAT_INIT { NICHE__BUF_INIT(NICHE__JFLAT_MAX_TEXT), NULL, 0, 0 }

void niche__jflat_init(struct niche__jflat *j);
/* Frees what j owns and leaves it initialised; NULL does nothing. */
void niche__jflat_release(struct niche__jflat *j);

/**
 * Parse text[0..len) as one flat JSON object (RFC 8259).
 *
 * Returns 1 when the text is an object whose values are all strings,
 * numbers, true, false or null, with no duplicate keys, valid UTF-8, no
 * NUL (raw or \u0000), integers that fit int64_t, finite reals, and only
 * whitespace around it; j->items then holds its fields, borrowed until the
 * next parse or release. Returns 0 for anything else, including valid JSON
 * it does not handle; j->nr is then 0. The text needs no NUL terminator.
 * Real numbers are read as in the C locale, whatever the current one is.
 */
int niche__jflat_parse(struct niche__jflat *j, const char *text, size_t len);

/* The field named key (a NUL-terminated string), or NULL. Borrowed: valid
 * until the next parse or release. */
const struct niche__jflat_field *niche__jflat_get(const struct niche__jflat *j,
                                                  const char *key);

#endif
