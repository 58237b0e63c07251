/*
 * common.h - export macro, version and the conventions every libniche header
 * shares.
 *
 * Conventions (docs/style.md):
 *  - A function that can fail returns 0 or a negative NICHE_E* code
 *    (error.h) and takes an optional `struct niche_error *err` last.
 *  - Money is int64_t minor units with a currency code (`_cents`); times are
 *    int64_t Unix milliseconds UTC (`_ms`).
 *  - A count that is not known is NICHE_MISSING, a real that is not known is
 *    NaN (niche_is_missing_real()): missing is never zero.
 *  - Only what include/niche/ declares is API.
 */
#ifndef NICHE_COMMON_H
#define NICHE_COMMON_H

#include <stdint.h>

#if defined(NICHE_BUILDING) && defined(__GNUC__)
#define NICHE_API __attribute__((visibility("default")))
#else
#define NICHE_API
#endif

#if defined(__GNUC__)
#define NICHE_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define NICHE_PRINTF(f, a)
#endif

/** The value of an integer field whose value is not known. */
#define NICHE_MISSING INT64_MIN

/** Library version, "MAJOR.MINOR.PATCH"; borrowed, static storage. */
NICHE_API const char *niche_version(void);

/** True when x is NaN, the missing value of real-valued fields. */
NICHE_API int niche_is_missing_real(double x);

/** NaN, the missing value of real-valued fields. */
NICHE_API double niche_missing_real(void);

#endif
