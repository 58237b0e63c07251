/*
 * fuzz_value.c - libFuzzer target for the cell parsers (lib/value.c).
 *
 * Every niche_value_* function reads the input, and the answers must agree:
 *  - each returns 0, NICHE_VALUE_MISSING or NICHE_EINVAL (with a reason),
 *    and leaves its missing value behind unless it returns 0;
 *  - all of them call a cell missing exactly when niche_value_is_missing()
 *    does;
 *  - a count is also a real within rounding, a real is also a rate (the
 *    same, or a hundredth of it), and a syntax error is one for all three;
 *  - whitespace around the cell changes nothing.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "niche/value.h"
#include "internal.h"
#include "banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct answers {
    int missing;
    int rc_int, rc_real, rc_ratio, rc_bool, rc_time;
    int64_t i, t;
    double r, q;
    int b;
    const char *why_int, *why_real, *why_ratio;
};

static void check_rc(const char *fn, int rc, const char *why)
{
    if (rc != 0 && rc != NICHE_VALUE_MISSING && rc != NICHE_EINVAL)
        NICHE_BUG("%s returned %d", fn, rc);
    if (rc == NICHE_EINVAL && (!why || !*why))
        NICHE_BUG("%s failed without a reason", fn);
}

static void ask(const char *s, size_t n, struct answers *a)
{
    const char *why_bool = NULL, *why_time = NULL;

    memset(a, 0, sizeof(*a));
    a->missing = niche_value_is_missing(s, n);
    a->rc_int = niche_value_int(s, n, &a->i, &a->why_int);
    a->rc_real = niche_value_real(s, n, &a->r, &a->why_real);
    a->rc_ratio = niche_value_ratio(s, n, &a->q, &a->why_ratio);
    a->rc_bool = niche_value_bool(s, n, &a->b, &why_bool);
    a->rc_time = niche_value_time(s, n, &a->t, &why_time);
    check_rc("int", a->rc_int, a->why_int);
    check_rc("real", a->rc_real, a->why_real);
    check_rc("ratio", a->rc_ratio, a->why_ratio);
    check_rc("bool", a->rc_bool, why_bool);
    check_rc("time", a->rc_time, why_time);
}

/* Missing exactly when is_missing says so; missing values left behind. */
static void check_missing(const struct answers *a)
{
    int m = a->missing;

    if (m != 0 && m != 1)
        NICHE_BUG("is_missing returned %d", m);
    if ((a->rc_int == NICHE_VALUE_MISSING) != m || (a->rc_real == NICHE_VALUE_MISSING) != m ||
        (a->rc_ratio == NICHE_VALUE_MISSING) != m || (a->rc_bool == NICHE_VALUE_MISSING) != m ||
        (a->rc_time == NICHE_VALUE_MISSING) != m)
        NICHE_BUG("parsers disagree on missing (is_missing %d)", m);
    if (a->rc_int != 0 && a->i != NICHE_MISSING)
        NICHE_BUG("int failed but left %lld", (long long)a->i);
    if (a->rc_real != 0 && !isnan(a->r))
        NICHE_BUG("real failed but left %g", a->r);
    if (a->rc_ratio != 0 && !isnan(a->q))
        NICHE_BUG("ratio failed but left %g", a->q);
    if (a->rc_bool != 0 && a->b != -1)
        NICHE_BUG("bool failed but left %d", a->b);
    if (a->rc_time != 0 && a->t != NICHE_MISSING)
        NICHE_BUG("time failed but left %lld", (long long)a->t);
}

static int close_to(double x, double y)
{
    return fabs(x - y) <= 1e-12 * fabs(y) + 1e-300;
}

static int too_large(const char *why)
{
    return why && strstr(why, "too large") != NULL;
}

/* A count is a real, a real is a rate. */
static void check_numbers(const struct answers *a)
{
    if (a->rc_int == 0) {
        if (a->i == NICHE_MISSING)
            NICHE_BUG("int returned the missing value as a count");
        if (a->rc_real != 0 || !isfinite(a->r))
            NICHE_BUG("count %lld is not a real", (long long)a->i);
        if (fabs(a->r - (double)a->i) > 0.5 + 1e-15 * fabs(a->r))
            NICHE_BUG("count %lld but real %.17g", (long long)a->i, a->r);
    }
    if (a->rc_real == 0) {
        if (!isfinite(a->r))
            NICHE_BUG("real returned %g", a->r);
        if (a->rc_ratio != 0 || !(close_to(a->q, a->r) || close_to(a->q, a->r / 100)))
            NICHE_BUG("real %.17g but ratio %.17g (rc %d)", a->r, a->q, a->rc_ratio);
    }
    /* A cell that is no number at all is no number for any of them. */
    if (a->rc_real == NICHE_EINVAL && !too_large(a->why_real) &&
        (a->rc_int != NICHE_EINVAL || a->rc_ratio != NICHE_EINVAL))
        NICHE_BUG("real says '%s' but int %d, ratio %d", a->why_real, a->rc_int,
                  a->rc_ratio);
    if (a->rc_ratio == NICHE_EINVAL && !too_large(a->why_ratio) && a->rc_real == 0)
        NICHE_BUG("ratio says '%s' but real read %g", a->why_ratio, a->r);
    if (a->rc_bool == 0 && a->b != 0 && a->b != 1)
        NICHE_BUG("bool returned %d", a->b);
    if (a->rc_time == 0 && a->t == NICHE_MISSING)
        NICHE_BUG("time returned the missing value as a time");
}

static int same_real(double x, double y)
{
    return (isnan(x) && isnan(y)) || x == y;
}

static void check_same(const struct answers *a, const struct answers *b)
{
    if (a->missing != b->missing || a->rc_int != b->rc_int || a->i != b->i ||
        a->rc_real != b->rc_real || !same_real(a->r, b->r) ||
        a->rc_ratio != b->rc_ratio || !same_real(a->q, b->q) ||
        a->rc_bool != b->rc_bool || a->b != b->b ||
        a->rc_time != b->rc_time || a->t != b->t)
        NICHE_BUG("surrounding whitespace changed an answer");
}

/* days_from_civil on small dates: consecutive days are one apart. */
static void check_civil(const uint8_t *data, size_t size)
{
    int64_t y;
    unsigned m, d;

    if (size < 4)
        return;
    y = (int64_t)((data[0] << 8 | data[1]) % 20000) - 10000;
    m = data[2] % 12 + 1;
    d = data[3] % 27 + 1;
    if (niche_days_from_civil(y, m, d + 1) != niche_days_from_civil(y, m, d) + 1)
        NICHE_BUG("days_from_civil(%lld, %u, %u) is not one day before the next",
                  (long long)y, m, d);
    if (m < 12 && niche_days_from_civil(y, m + 1, 1) <= niche_days_from_civil(y, m, d))
        NICHE_BUG("days_from_civil(%lld, %u, 1) does not follow", (long long)y, m + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct answers a, b;
    char *padded;

    ask((const char *)data, size, &a);
    check_missing(&a);
    check_numbers(&a);

    padded = malloc(size + 3);
    if (!padded)
        abort();
    padded[0] = ' ';
    padded[1] = '\t';
    if (size)
        memcpy(padded + 2, data, size);
    padded[size + 2] = ' ';
    ask(padded, size + 3, &b);
    check_same(&a, &b);
    free(padded);

    check_civil(data, size);
    return 0;
}
