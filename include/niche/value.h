/*
 * value.h - parsing the values real influencer exports contain.
 *
 * Exports write numbers for people: "1.3M", "137.6K", "29.0b", "1,234",
 * "1.39%", "477900000.00", and they write unknowns as "N/A", "-", "NaN",
 * "#VALOR!" or nothing. These functions read one cell each. Every one
 * returns:
 *
 *   0                  a value, stored in *out
 *   NICHE_VALUE_MISSING the cell says "unknown"; *out is NICHE_MISSING, NaN
 *                      or -1 (never zero)
 *   NICHE_EINVAL       not a value of that kind; *why (static text such as
 *                      "is not a number") says what was expected
 *
 * Leading and trailing whitespace is ignored, as is one spreadsheet
 * apostrophe at either end ("'0123", "N/A'"). Suffixes scale exactly, in
 * decimal: "1.3M" is 1300000, never 1299999. Parsing never depends on the
 * locale. All functions are thread-safe and read exactly len bytes of s
 * (which need not be NUL-terminated).
 */
#ifndef NICHE_VALUE_H
#define NICHE_VALUE_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"

#define NICHE_VALUE_MISSING 1

/**
 * 1 when the cell is one of the missing markers: empty, "N/A", "NA", "n.a.",
 * "-", "--", a dash, "?", "NaN", "null", "none", "undefined" or a
 * spreadsheet error ("#VALOR!", "#VALUE!", "#N/A", "#DIV/0!", "#REF!",
 * "#NUM!", "#NAME?", "#NULL!"), in any case.
 */
NICHE_API int niche_value_is_missing(const char *s, size_t len);

/**
 * A whole number, with thousands commas ("1,234,567"), an exponent
 * ("1.2E+07") or a suffix k, m, b (also "bn", "mn", thousand, million,
 * billion), any case. A fraction is an error unless a suffix or exponent
 * scaled it ("1.2345K" rounds to 1235); ".00" is fine.
 */
NICHE_API int niche_value_int(const char *s, size_t len, int64_t *out,
                              const char **why);

/** A real, with the same forms as niche_value_int() plus "%" (divides by
 *  100) and any fraction. */
NICHE_API int niche_value_real(const char *s, size_t len, double *out,
                               const char **why);

/**
 * A rate as a ratio. Both "1.39%" and "1.39" read as 1.39 percent (0.0139):
 * exports write rates in percent points, with or without the sign.
 */
NICHE_API int niche_value_ratio(const char *s, size_t len, double *out,
                                const char **why);

/** A flag: true/false, yes/no, y/n, 1/0, t/f, on/off, verified, "✓"/"✗". */
NICHE_API int niche_value_bool(const char *s, size_t len, int *out,
                               const char **why);

/**
 * A time as Unix milliseconds UTC: ISO 8601 "2024-03-01",
 * "2024-03-01T12:34:56Z", "2024-03-01 12:34:56.789+02:00"; a time without
 * an offset is taken as UTC. A bare integer is Unix seconds, or
 * milliseconds when it has 12 or more digits.
 */
NICHE_API int niche_value_time(const char *s, size_t len, int64_t *out_ms,
                               const char **why);

/** Days since 1970-01-01 of a proleptic Gregorian date (no validation). */
NICHE_API int64_t niche_days_from_civil(int64_t y, unsigned m, unsigned d);

/**
 * Unix milliseconds as ISO 8601 UTC, "2026-03-01T12:00:00Z", into buf (at
 * least 32 bytes; the result is truncated to n otherwise). Returns buf.
 */
NICHE_API char *niche_time_format(int64_t ms, char *buf, size_t n);

#endif
