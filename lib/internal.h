/*
 * internal.h - helpers shared by lib/ files; not API.
 */
#ifndef NICHE_INTERNAL_H
#define NICHE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "niche/alloc.h"
#include "niche/common.h"
#include "niche/error.h"

/* Aborts with file and line: for states that are bugs, never for input. */
#define NICHE_BUG(...) niche__bug(__FILE__, __LINE__, __VA_ARGS__)
void niche__bug(const char *file, int line, const char *fmt, ...)
    NICHE_PRINTF(3, 4) __attribute__((noreturn));

#ifdef NDEBUG
#define NICHE_ASSERT(x) ((void)0)
#else
#define NICHE_ASSERT(x) ((x) ? (void)0 : NICHE_BUG("assertion failed: %s", #x))
#endif

/* Out of memory in a library that returns NULL: the OOM handler, no return. */
void niche__oom(size_t size);

/* Git's ALLOC_GROW: make room for nr_ items in (x, alloc). */
#define NICHE_ALLOC_GROW(x, nr_, alloc_)                                  \
    do {                                                                  \
        if ((size_t)(nr_) > (size_t)(alloc_)) {                           \
            size_t na_ = ((size_t)(alloc_) + 16) * 3 / 2;                 \
            if (na_ < (size_t)(nr_))                                      \
                na_ = (size_t)(nr_);                                      \
            (x) = niche_xrealloc((x), na_ * sizeof(*(x)));                \
            (alloc_) = na_;                                               \
        }                                                                 \
    } while (0)

/* ASCII-only helpers: locale-independent by design. */
static inline int niche__lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static inline int niche__isdigit(int c) { return c >= '0' && c <= '9'; }
static inline int niche__isspace(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}
int niche__strncaseeq(const char *a, size_t alen, const char *b);
/* Trim ASCII whitespace and U+00A0 from both ends of (*s, *len). */
void niche__trim(const char **s, size_t *len);
/* Length of the UTF-8 sequence at s[i] (1 for ASCII), 0 when it is not a
 * valid one: overlong forms, surrogates and code points past U+10FFFF. */
size_t niche__utf8_seq(const unsigned char *s, size_t i, size_t len);
/* 1 when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int niche__utf8_valid(const char *s, size_t len, size_t *bad_at);
int64_t niche__now_ms(void);
/* Row i of the niche lexicon (topics.c), for its tests: the terms, their
 * niche and language; NULL past the last row. */
const char *niche__topics_row(size_t i, int *niche, const char **lang);

#endif
