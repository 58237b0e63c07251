/*
 * value.c - cell parsers for messy exports (value.h).
 *
 * Numbers are read into a decimal mantissa and a power of ten and scaled
 * exactly, because "1.3M" read through a double is 1299999.9999 and would
 * round to the wrong count. Nothing here consults the locale.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "niche/value.h"
#include "internal.h"
#include "banned.h"

/* ---- missing markers -------------------------------------------------- */

static const char *const missing_words[] = {
    "n/a", "na", "n.a.", "n.a", "-", "--", "---", "?", "nan", "null", "nil",
    "none", "undefined", "#valor!", "#value!", "#n/a", "#n/d", "#div/0!",
    "#ref!", "#num!", "#name?", "#null!", "#nv", NULL
};

/* Bytes a missing marker can start with (its first letter in either case,
 * '-', '?', '#', and the lead byte of the en and em dashes). */
static const unsigned char could_be_missing[256] = {
    ['n'] = 1, ['N'] = 1, ['u'] = 1, ['U'] = 1, ['-'] = 1, ['?'] = 1, ['#'] = 1,
    [0xe2] = 1,
};

/* Strip whitespace, then one spreadsheet apostrophe at either end. */
static void clean(const char **s, size_t *len)
{
    niche__trim(s, len);
    if (*len && (*s)[0] == '\'') {
        (*s)++;
        (*len)--;
    }
    if (*len && (*s)[*len - 1] == '\'')
        (*len)--;
    niche__trim(s, len);
}

static int is_missing_clean(const char *s, size_t len)
{
    int i;

    /* "NaN%": a rate column's way of saying unknown. */
    if (len > 1 && s[len - 1] == '%')
        len--;
    if (len == 0)
        return 1;
    /* Fast path for the common case: no marker is longer than "undefined",
     * and markers start with one of few bytes. */
    if (len > 9 || !could_be_missing[(unsigned char)s[0]])
        return 0;
    /* En dash and em dash, as typed by spreadsheets' autocorrect. */
    if ((len == 3 && !memcmp(s, "\xe2\x80\x93", 3)) ||
        (len == 3 && !memcmp(s, "\xe2\x80\x94", 3)))
        return 1;
    for (i = 0; missing_words[i]; i++)
        if (niche__lower((unsigned char)s[0]) == missing_words[i][0] &&
            niche__strncaseeq(s, len, missing_words[i]))
            return 1;
    return 0;
}

int niche_value_is_missing(const char *s, size_t len)
{
    clean(&s, &len);
    return is_missing_clean(s, len);
}

/* ---- decimal numbers -------------------------------------------------- */

/* 19 digits: every int64 is exact, and 10^19 - 1 still fits a uint64. */
#define MAX_DIGITS 19

struct decimal {
    int negative;
    uint64_t mant;   /* significant digits, at most MAX_DIGITS */
    int exp10;       /* value = mant * 10^exp10 */
    int scaled;      /* a suffix or exponent was used */
    int percent;     /* ended in '%' */
};

struct suffix { const char *word; int pow10; };

static const struct suffix suffixes[] = {
    { "k", 3 }, { "thousand", 3 }, { "m", 6 }, { "mn", 6 }, { "mm", 6 },
    { "million", 6 }, { "b", 9 }, { "bn", 9 }, { "billion", 9 }, { NULL, 0 }
};

static void add_digit(struct decimal *d, int digit, int *ndig, int in_fraction)
{
    if (*ndig < MAX_DIGITS) {
        d->mant = d->mant * 10 + (uint64_t)digit;
        if (d->mant)
            (*ndig)++;
        if (in_fraction)
            d->exp10--;
    } else if (!in_fraction) {
        d->exp10++;   /* an integer digit past our precision */
    }
}

/* Digits with optional thousands commas: "1,234,567". */
static const char *read_int_part(const char *p, const char *end,
                                 struct decimal *d, int *ndig, int *seen,
                                 const char **why)
{
    int group = 0, commas = 0;

    for (; p < end; p++) {
        if (niche__isdigit((unsigned char)*p)) {
            add_digit(d, *p - '0', ndig, 0);
            group++;
            *seen = 1;
        } else if (*p == ',' && *seen) {
            if ((commas == 0 && group > 3) || (commas > 0 && group != 3))
                break;
            commas++;
            group = 0;
        } else {
            break;
        }
    }
    if (commas && group != 3) {
        *why = "is not a number (commas must separate groups of three digits)";
        return NULL;
    }
    return p;
}

static const char *read_exponent(const char *p, const char *end,
                                 struct decimal *d, const char **why)
{
    int sign = 1, e = 0, any = 0;

    if (p < end && (*p == '+' || *p == '-'))
        sign = *p++ == '-' ? -1 : 1;
    for (; p < end && niche__isdigit((unsigned char)*p); p++, any = 1)
        if (e < 1000)
            e = e * 10 + (*p - '0');
    if (!any) {
        *why = "is not a number (bad exponent)";
        return NULL;
    }
    d->exp10 += sign * e;
    d->scaled = 1;
    return p;
}

static int read_suffix(const char *p, const char *end, struct decimal *d,
                       const char **why)
{
    int i;

    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (p == end)
        return 0;
    if (end - p == 1 && *p == '%') {
        d->percent = 1;
        return 0;
    }
    for (i = 0; suffixes[i].word; i++) {
        if (niche__strncaseeq(p, (size_t)(end - p), suffixes[i].word)) {
            d->exp10 += suffixes[i].pow10;
            d->scaled = 1;
            return 0;
        }
    }
    *why = "is not a number";
    return NICHE_EINVAL;
}

/* Parse a cleaned, non-missing cell into d. */
static int read_decimal(const char *s, size_t len, struct decimal *d,
                        const char **why)
{
    const char *p = s, *end = s + len;
    int ndig = 0, seen = 0;

    memset(d, 0, sizeof(*d));
    if (p < end && (*p == '+' || *p == '-'))
        d->negative = *p++ == '-';
    p = read_int_part(p, end, d, &ndig, &seen, why);
    if (!p)
        return NICHE_EINVAL;
    if (p < end && *p == '.') {
        for (p++; p < end && niche__isdigit((unsigned char)*p); p++) {
            add_digit(d, *p - '0', &ndig, 1);
            seen = 1;
        }
    }
    if (!seen) {
        *why = "is not a number";
        return NICHE_EINVAL;
    }
    if (p < end && (*p == 'e' || *p == 'E') && p + 1 < end &&
        (niche__isdigit((unsigned char)p[1]) || p[1] == '+' || p[1] == '-')) {
        p = read_exponent(p + 1, end, d, why);
        if (!p)
            return NICHE_EINVAL;
    }
    return read_suffix(p, end, d, why);
}

static double pow10_of(int e)
{
    static const double exact[] = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };
    int a = e < 0 ? -e : e;

    return a <= 22 ? exact[a] : pow(10.0, a);
}

static double decimal_to_real(const struct decimal *d)
{
    int e = d->exp10 - (d->percent ? 2 : 0);
    double v = (double)d->mant;

    /* Zero stays zero: 0 * 10^400 would be 0 * inf, which is NaN. */
    if (v != 0)
        v = e < 0 ? v / pow10_of(e) : v * pow10_of(e);
    return d->negative ? -v : v;
}

static int decimal_to_int(const struct decimal *d, int64_t *out, const char **why)
{
    uint64_t v = d->mant, div = 1, r = 0;
    int e = d->exp10, round_up = 0;

    for (; e > 0; e--) {
        if (v > (uint64_t)INT64_MAX / 10) {
            *why = "is too large";
            return NICHE_EINVAL;
        }
        v *= 10;
    }
    for (; e < 0 && div <= UINT64_MAX / 10; e++)
        div *= 10;
    if (e < 0) {
        /* More than 19 fraction digits: v < 10^19 scaled down by more than
         * 10^19 is a fraction below 0.1, which rounds to 0. */
        r = v;
        v = 0;
    } else {
        r = v % div;
        v /= div;
        round_up = r >= div - r;   /* half up */
    }
    if (r && !d->scaled) {
        *why = "is not a whole number";
        return NICHE_EINVAL;
    }
    if (r && round_up)
        v++;
    if (v > (uint64_t)INT64_MAX) {
        *why = "is too large";
        return NICHE_EINVAL;
    }
    *out = d->negative ? -(int64_t)v : (int64_t)v;
    return 0;
}

int niche_value_int(const char *s, size_t len, int64_t *out, const char **why)
{
    struct decimal d;
    const char *dummy;

    if (!why)
        why = &dummy;
    *out = NICHE_MISSING;
    clean(&s, &len);
    if (is_missing_clean(s, len))
        return NICHE_VALUE_MISSING;
    if (read_decimal(s, len, &d, why) < 0)
        return NICHE_EINVAL;
    if (d.percent) {
        *why = "is a percentage, not a count";
        return NICHE_EINVAL;
    }
    return decimal_to_int(&d, out, why);
}

int niche_value_real(const char *s, size_t len, double *out, const char **why)
{
    struct decimal d;
    const char *dummy;

    if (!why)
        why = &dummy;
    *out = NAN;
    clean(&s, &len);
    if (is_missing_clean(s, len))
        return NICHE_VALUE_MISSING;
    if (read_decimal(s, len, &d, why) < 0)
        return NICHE_EINVAL;
    *out = decimal_to_real(&d);
    if (!isfinite(*out)) {
        *out = NAN;
        *why = "is too large";
        return NICHE_EINVAL;
    }
    return 0;
}

int niche_value_ratio(const char *s, size_t len, double *out, const char **why)
{
    struct decimal d;
    const char *dummy;

    if (!why)
        why = &dummy;
    *out = NAN;
    clean(&s, &len);
    if (is_missing_clean(s, len))
        return NICHE_VALUE_MISSING;
    if (read_decimal(s, len, &d, why) < 0)
        return NICHE_EINVAL;
    d.percent = 1;   /* percent points with or without the sign */
    *out = decimal_to_real(&d);
    if (!isfinite(*out)) {
        *out = NAN;
        *why = "is too large";
        return NICHE_EINVAL;
    }
    return 0;
}

/* ---- flags ------------------------------------------------------------ */

static const char *const true_words[] = {
    "true", "t", "yes", "y", "1", "on", "verified", "\xe2\x9c\x93",
    "\xe2\x9c\x94", "x", NULL
};
static const char *const false_words[] = {
    "false", "f", "no", "n", "0", "off", "unverified", "\xe2\x9c\x97",
    "\xe2\x9c\x98", NULL
};

int niche_value_bool(const char *s, size_t len, int *out, const char **why)
{
    int i;

    *out = -1;
    clean(&s, &len);
    if (len == 1 && (s[0] == '0' || s[0] == '1'))   /* the common case */
        return *out = s[0] == '1', 0;
    if (is_missing_clean(s, len))
        return NICHE_VALUE_MISSING;
    for (i = 0; true_words[i]; i++)
        if (niche__lower((unsigned char)s[0]) == (unsigned char)true_words[i][0] &&
            niche__strncaseeq(s, len, true_words[i]))
            return *out = 1, 0;
    for (i = 0; false_words[i]; i++)
        if (niche__lower((unsigned char)s[0]) == (unsigned char)false_words[i][0] &&
            niche__strncaseeq(s, len, false_words[i]))
            return *out = 0, 0;
    if (why)
        *why = "is not true or false";
    return NICHE_EINVAL;
}

/* ---- times ------------------------------------------------------------ */

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar, with no table and no library time functions. */
int64_t niche_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The inverse of niche_days_from_civil(), from the same paper. */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static void two(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

char *niche_time_format(int64_t ms, char *buf, size_t n)
{
    int64_t days = ms >= 0 ? ms / 86400000 : -((-(ms + 1)) / 86400000) - 1, secs, y;
    unsigned m, d;

    char tmp[32];

    secs = (ms - days * 86400000) / 1000;
    civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) {
        snprintf(buf, n, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d,
                 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
        return buf;
    }
    /* By hand: generated worlds format tens of millions of times. */
    two(tmp, (int)(y / 100));
    two(tmp + 2, (int)(y % 100));
    tmp[4] = '-';
    two(tmp + 5, (int)m);
    tmp[7] = '-';
    two(tmp + 8, (int)d);
    tmp[10] = 'T';
    two(tmp + 11, (int)(secs / 3600));
    tmp[13] = ':';
    two(tmp + 14, (int)(secs / 60 % 60));
    tmp[16] = ':';
    two(tmp + 17, (int)(secs % 60));
    tmp[19] = 'Z';
    tmp[20] = '\0';
    if (n) {
        size_t k = n - 1 < 20 ? n - 1 : 20;
        memcpy(buf, tmp, k);
        buf[k] = '\0';
    }
    return buf;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 && leap ? 29 : dm[m - 1];
}

/* Read exactly n digits at *p into *v. */
static int digits(const char **p, const char *end, int n, int *v)
{
    int i;

    *v = 0;
    for (i = 0; i < n; i++, (*p)++) {
        if (*p >= end || !niche__isdigit((unsigned char)**p))
            return -1;
        *v = *v * 10 + (**p - '0');
    }
    return 0;
}

static int read_offset(const char *p, const char *end, int64_t *off_ms)
{
    int sign, hh, mm = 0;

    *off_ms = 0;
    if (p == end)
        return 0;
    if ((*p == 'Z' || *p == 'z') && p + 1 == end)
        return 0;
    if (*p != '+' && *p != '-')
        return -1;
    sign = *p++ == '-' ? -1 : 1;
    if (digits(&p, end, 2, &hh) < 0)
        return -1;
    if (p < end && *p == ':')
        p++;
    if (p < end && digits(&p, end, 2, &mm) < 0)
        return -1;
    if (p != end || hh > 23 || mm > 59)
        return -1;
    *off_ms = sign * ((int64_t)hh * 3600 + mm * 60) * 1000;
    return 0;
}

/* "HH:MM[:SS[.fff]]" then an optional offset; adds to *ms. */
static int read_clock(const char *p, const char *end, int64_t *ms)
{
    int hh, mi, ss = 0, frac = 0, scale = 1000;
    int64_t off;

    if (digits(&p, end, 2, &hh) < 0 || p >= end || *p++ != ':' ||
        digits(&p, end, 2, &mi) < 0)
        return -1;
    if (p < end && *p == ':') {
        p++;
        if (digits(&p, end, 2, &ss) < 0)
            return -1;
        if (p < end && (*p == '.' || *p == ',')) {
            for (p++; p < end && niche__isdigit((unsigned char)*p); p++)
                if (scale > 1)
                    scale /= 10, frac += (*p - '0') * scale;
        }
    }
    if (hh > 23 || mi > 59 || ss > 59 || read_offset(p, end, &off) < 0)
        return -1;
    *ms += ((int64_t)hh * 3600 + mi * 60 + ss) * 1000 + frac - off;
    return 0;
}

static int read_epoch(const char *s, size_t len, int64_t *out)
{
    int64_t v = 0;
    size_t i;

    if (len > 16)
        return -1;
    for (i = 0; i < len; i++) {
        if (!niche__isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = len >= 12 ? v : v * 1000;
    return 0;
}

int niche_value_time(const char *s, size_t len, int64_t *out_ms, const char **why)
{
    const char *p, *end;
    int y, m, d;
    int64_t ms;

    *out_ms = NICHE_MISSING;
    clean(&s, &len);
    if (is_missing_clean(s, len))
        return NICHE_VALUE_MISSING;
    if (read_epoch(s, len, out_ms) == 0)
        return 0;
    p = s, end = s + len;
    if (digits(&p, end, 4, &y) < 0 || p >= end || *p++ != '-' ||
        digits(&p, end, 2, &m) < 0 || p >= end || *p++ != '-' ||
        digits(&p, end, 2, &d) < 0 || m < 1 || m > 12 || d < 1 ||
        (unsigned)d > days_in_month(y, (unsigned)m))
        goto bad;
    ms = niche_days_from_civil(y, (unsigned)m, (unsigned)d) * 86400000;
    if (p < end) {
        if (*p != 'T' && *p != 't' && *p != ' ')
            goto bad;
        if (read_clock(p + 1, end, &ms) < 0)
            goto bad;
    }
    *out_ms = ms;
    return 0;
bad:
    if (why)
        *why = "is not a date (expected ISO 8601 such as 2024-03-01T12:00:00Z)";
    *out_ms = NICHE_MISSING;
    return NICHE_EINVAL;
}
