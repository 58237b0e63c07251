/*
 * test_value.c - unit tests of the cell parsers (lib/value.c, value.h):
 * the numbers, rates, flags, times and missing markers real exports hold.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "niche/error.h"
#include "niche/value.h"
#include "banned.h"

/* ---- helpers: each names the input in its failure message ------------- */

static void expect_int(const char *s, int64_t want)
{
    int64_t v = 0;
    const char *why = NULL;
    int rc = niche_value_int(s, strlen(s), &v, &why);

    if (rc != 0 || v != want)
        fail_msg("int '%s': rc %d, value %lld (%s); want %lld", s, rc,
                 (long long)v, why ? why : "-", (long long)want);
}

/* An error whose reason contains want_why (NULL: any reason). */
static void expect_int_error(const char *s, const char *want_why)
{
    int64_t v = 0;
    const char *why = NULL;
    int rc = niche_value_int(s, strlen(s), &v, &why);

    if (rc != NICHE_EINVAL)
        fail_msg("int '%s': rc %d value %lld; want NICHE_EINVAL", s, rc, (long long)v);
    if (!why || (want_why && !strstr(why, want_why)))
        fail_msg("int '%s': reason '%s'; want '%s'", s, why ? why : "(null)",
                 want_why ? want_why : "any");
    if (v != NICHE_MISSING)
        fail_msg("int '%s': failed but left %lld in *out", s, (long long)v);
}

static void expect_real(const char *s, double want)
{
    double v = 0;
    const char *why = NULL;
    int rc = niche_value_real(s, strlen(s), &v, &why);

    if (rc != 0 || v != want)
        fail_msg("real '%s': rc %d, value %.17g (%s); want %.17g", s, rc, v,
                 why ? why : "-", want);
}

static void expect_real_error(const char *s, const char *want_why)
{
    double v = 0;
    const char *why = NULL;
    int rc = niche_value_real(s, strlen(s), &v, &why);

    if (rc != NICHE_EINVAL || !isnan(v))
        fail_msg("real '%s': rc %d value %.17g; want NICHE_EINVAL and NaN", s, rc, v);
    if (!why || (want_why && !strstr(why, want_why)))
        fail_msg("real '%s': reason '%s'; want '%s'", s, why ? why : "(null)",
                 want_why ? want_why : "any");
}

static void expect_ratio(const char *s, double want)
{
    double v = 0;
    const char *why = NULL;
    int rc = niche_value_ratio(s, strlen(s), &v, &why);

    if (rc != 0 || v != want)
        fail_msg("ratio '%s': rc %d, value %.17g (%s); want %.17g", s, rc, v,
                 why ? why : "-", want);
}

static void expect_bool(const char *s, int want)
{
    int v = 7;
    const char *why = NULL;
    int rc = niche_value_bool(s, strlen(s), &v, &why);

    if (rc != 0 || v != want)
        fail_msg("bool '%s': rc %d value %d; want %d", s, rc, v, want);
}

static void expect_time(const char *s, int64_t want_ms)
{
    int64_t v = 0;
    const char *why = NULL;
    int rc = niche_value_time(s, strlen(s), &v, &why);

    if (rc != 0 || v != want_ms)
        fail_msg("time '%s': rc %d, value %lld (%s); want %lld", s, rc,
                 (long long)v, why ? why : "-", (long long)want_ms);
}

static void expect_time_error(const char *s)
{
    int64_t v = 0;
    const char *why = NULL;
    int rc = niche_value_time(s, strlen(s), &v, &why);

    if (rc != NICHE_EINVAL || v != NICHE_MISSING || !why || !strstr(why, "not a date"))
        fail_msg("time '%s': rc %d value %lld why '%s'; want NICHE_EINVAL", s, rc,
                 (long long)v, why ? why : "(null)");
}

/* Every parser must call s missing and leave its missing value behind. */
static void expect_missing_everywhere(const char *s)
{
    size_t n = strlen(s);
    int64_t i = 0, t = 0;
    double r = 0, q = 0;
    int b = 0;

    if (niche_value_is_missing(s, n) != 1)
        fail_msg("is_missing '%s' is not 1", s);
    if (niche_value_int(s, n, &i, NULL) != NICHE_VALUE_MISSING || i != NICHE_MISSING)
        fail_msg("int '%s' is not missing (%lld)", s, (long long)i);
    if (niche_value_real(s, n, &r, NULL) != NICHE_VALUE_MISSING || !isnan(r))
        fail_msg("real '%s' is not missing (%g)", s, r);
    if (niche_value_ratio(s, n, &q, NULL) != NICHE_VALUE_MISSING || !isnan(q))
        fail_msg("ratio '%s' is not missing (%g)", s, q);
    if (niche_value_bool(s, n, &b, NULL) != NICHE_VALUE_MISSING || b != -1)
        fail_msg("bool '%s' is not missing (%d)", s, b);
    if (niche_value_time(s, n, &t, NULL) != NICHE_VALUE_MISSING || t != NICHE_MISSING)
        fail_msg("time '%s' is not missing (%lld)", s, (long long)t);
}

/* ---- missing markers -------------------------------------------------- */

static void test_value__missing_markers(void **state)
{
    static const char *const markers[] = {
        "", " ", "\t \r\n", "N/A", "n/a", "N/A'", "'N/A", " N/A' ", "NA", "n.a.",
        "-", "--", "---", "?", "NaN", "nan", "NaN%", "NULL", "null", "nil",
        "None", "undefined", "#VALOR!", "#VALUE!", "#N/A", "#n/a", "#N/D",
        "#DIV/0!", "#REF!", "#NUM!", "#NAME?", "#NULL!", "#NV",
        "\xe2\x80\x93",              /* en dash */
        "\xe2\x80\x94",              /* em dash */
        " \xe2\x80\x94 ",
        "\xc2\xa0",                  /* a lone no-break space */
        "\xc2\xa0N/A\xc2\xa0",
        "'", "''", "-%",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(markers) / sizeof(markers[0]); i++)
        expect_missing_everywhere(markers[i]);
}

static void test_value__not_missing(void **state)
{
    static const char *const values[] = {
        "0", "N", "NaNa", "-5", "%", "NA1", "#", "#VALOR", "n/a/", "x",
        "\xe2\x80\x92",              /* figure dash is not one of ours */
        "- -",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
        if (niche_value_is_missing(values[i], strlen(values[i])) != 0)
            fail_msg("'%s' taken for missing", values[i]);
}

/* ---- integers --------------------------------------------------------- */

static void test_value__int_plain(void **state)
{
    (void)state;
    expect_int("0", 0);
    expect_int("42", 42);
    expect_int("  42\t", 42);
    expect_int("+7", 7);
    expect_int("-5", -5);
    expect_int("'0123", 123);          /* a spreadsheet's text marker */
    expect_int("0123'", 123);
    expect_int("\xc2\xa0" "17\xc2\xa0", 17);
    expect_int("007", 7);
    expect_int("-0", 0);
}

static void test_value__int_suffix(void **state)
{
    (void)state;
    expect_int("1.3M", 1300000);       /* exactly, never 1299999 */
    expect_int("1.3m", 1300000);
    expect_int("137.6K", 137600);
    expect_int("29.0b", 29000000000LL);
    expect_int("29.0B", 29000000000LL);
    expect_int("0.89k", 890);
    expect_int(".5k", 500);
    expect_int("1.2345K", 1235);       /* rounds half up from 1234.5 */
    expect_int("1.2344K", 1234);
    expect_int("-1.2345K", -1235);     /* half away from zero */
    expect_int("1.5 mn", 1500000);
    expect_int("2bn", 2000000000);
    expect_int("1.1 MM", 1100000);
    expect_int("3 thousand", 3000);
    expect_int("1.1 Million", 1100000);
    expect_int("2 billion", 2000000000);
    expect_int("4.56789M", 4567890);
    expect_int("1,234.5K", 1234500);
    expect_int("475.8M", 475800000);
    expect_int("-2.5M", -2500000);
}

static void test_value__int_exponent(void **state)
{
    (void)state;
    expect_int("1.2E+07", 12000000);
    expect_int("1.2e7", 12000000);
    expect_int("5E0", 5);
    expect_int("12E-1", 1);            /* an exponent scales, so it rounds */
    expect_int("15e-1", 2);
    expect_int("1e3k", 1000000);
    expect_int_error("1e", "not a number");
    expect_int_error("1e+", "bad exponent");
    expect_int_error("1E-", "bad exponent");
    expect_int_error("e5", "not a number");
}

static void test_value__int_commas(void **state)
{
    (void)state;
    expect_int("1,234", 1234);
    expect_int("1,234,567", 1234567);
    expect_int("12,345,678", 12345678);
    expect_int("-1,234", -1234);
    expect_int("1,234.00", 1234);
    expect_int("1,300K", 1300000);
    expect_int_error("1,3", "groups of three");
    expect_int_error("1,23,456", "groups of three");
    expect_int_error("1,2345", "groups of three");
    expect_int_error("1,", "groups of three");
    expect_int_error("1234,567", "not a number");
    expect_int_error(",123", "not a number");
    expect_int_error("1,,234", "groups of three");
}

static void test_value__int_whole(void **state)
{
    (void)state;
    expect_int("477900000.00", 477900000);
    expect_int("12.", 12);
    expect_int_error("348.5", "not a whole number");
    expect_int_error("0.5", "not a whole number");
    expect_int_error("1.000001", "not a whole number");
    /* More fraction digits than a uint64 can scale by. */
    expect_int_error("0.00000000000000000001", "not a whole number");
    expect_int_error("0.000000000000000000000000000001", "not a whole number");
    expect_int("0.00000000000000000000", 0);
    expect_int("0.00000000000000000001K", 0);
}

static void test_value__int_range(void **state)
{
    (void)state;
    expect_int("9223372036854775807", INT64_MAX);
    expect_int("-9223372036854775807", -INT64_MAX);
    expect_int("1234567890123456789", 1234567890123456789LL);
    expect_int("999999999999999999", 999999999999999999LL);
    expect_int("9.223372036854775807E18", INT64_MAX);
    expect_int_error("9223372036854775808", "too large");
    /* INT64_MIN is NICHE_MISSING, so it cannot be a count either. */
    expect_int_error("-9223372036854775808", "too large");
    expect_int_error("99999999999999999999", "too large");
    expect_int_error("1e19", "too large");
    expect_int_error("1e999", "too large");
    expect_int_error("10000000000000000000000000K", "too large");
    expect_int_error("9999999999b", "too large");
    expect_int("0e999", 0);
    expect_int("1e-999", 0);
}

static void test_value__int_bad(void **state)
{
    static const char *const bad[] = {
        "abc", "1.3Q", "1.3 kk", "0x10", "1 2", "+", "+-5", "--5x", ".", "1..2",
        "1.2.3", "K", "1k2", "12abc", "1/2", "\342\210\2225",   /* U+2212 minus, then 5 */
        "1.3M'x", "5 %x",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        expect_int_error(bad[i], "not a number");
    expect_int_error("1.39%", "percentage");
    expect_int_error("50 %", "percentage");
}

/* Exactly len bytes are read: what follows must not change the result. */
static void test_value__reads_len_bytes(void **state)
{
    int64_t i = 0;
    double r = 0;
    int b = -2;

    (void)state;
    assert_int_equal(niche_value_int("1.3Mxyz", 4, &i, NULL), 0);
    assert_true(i == 1300000);
    assert_int_equal(niche_value_int("12345", 2, &i, NULL), 0);
    assert_true(i == 12);
    assert_int_equal(niche_value_real("1.39%%%", 5, &r, NULL), 0);
    assert_true(r == 0.0139);
    assert_int_equal(niche_value_ratio("2.5garbage", 3, &r, NULL), 0);
    assert_true(r == 0.025);
    assert_int_equal(niche_value_bool("yesterday", 3, &b, NULL), 0);
    assert_int_equal(b, 1);
    assert_int_equal(niche_value_time("1970-01-02T", 10, &i, NULL), 0);
    assert_true(i == 86400000);
    assert_int_equal(niche_value_is_missing("N/Ax", 3), 1);
    assert_int_equal(niche_value_int("5N/A", 0, &i, NULL), NICHE_VALUE_MISSING);
    assert_true(i == NICHE_MISSING);
}

/* ---- reals and ratios ------------------------------------------------- */

static void test_value__real(void **state)
{
    (void)state;
    expect_real("348.5", 348.5);
    expect_real("-2.25", -2.25);
    expect_real("1.39%", 0.0139);
    expect_real("1.39 %", 0.0139);
    expect_real("100%", 1.0);
    expect_real("1.3M", 1300000.0);
    expect_real("137.6K", 137600.0);
    expect_real("1.2345K", 1234.5);    /* reals keep the fraction */
    expect_real("1,234,567.5", 1234567.5);
    expect_real("477900000.00", 477900000.0);
    expect_real("1.2E+07", 1.2e7);
    expect_real("2.5e-3", 0.0025);
    expect_real("0.1", 0.1);
    expect_real("1e308", 1e308);
    expect_real("0", 0.0);
    expect_real("0e999", 0.0);         /* zero times any power is zero */
    expect_real("0.0e400k", 0.0);
    expect_real("1e-400", 0.0);
    expect_real("'12.5'", 12.5);
    expect_real_error("1e309", "too large");
    expect_real_error("1e400", "too large");
    expect_real_error("1,3", "groups of three");
    expect_real_error("12.5kg", "not a number");
    expect_real_error("abc", "not a number");
    {
        double v = 1;
        assert_int_equal(niche_value_real("NaN%", 4, &v, NULL), NICHE_VALUE_MISSING);
        assert_true(isnan(v));
    }
}

static void test_value__ratio(void **state)
{
    double v = 0;
    const char *why = NULL;

    (void)state;
    expect_ratio("1.39", 0.0139);      /* percent points without the sign */
    expect_ratio("1.39%", 0.0139);
    expect_ratio(" 1.39 % ", 0.0139);
    expect_ratio("100", 1.0);
    expect_ratio("0", 0.0);
    expect_ratio("0.5%", 0.005);
    expect_ratio("-3", -0.03);
    expect_ratio("1.2K", 12.0);
    assert_int_equal(niche_value_ratio("NaN%", 4, &v, &why), NICHE_VALUE_MISSING);
    assert_true(isnan(v));
    v = 0;
    assert_int_equal(niche_value_ratio("1.3%%", 5, &v, &why), NICHE_EINVAL);
    assert_true(isnan(v));
    assert_non_null(why);
    assert_non_null(strstr(why, "not a number"));
}

/* ---- flags ------------------------------------------------------------ */

static void test_value__bool(void **state)
{
    static const char *const yes[] = {
        "true", "TRUE", "True", "t", "yes", "Y", "1", "on", "verified",
        "\xe2\x9c\x93", "\xe2\x9c\x94", "x", " yes' ",
    };
    static const char *const no[] = {
        "false", "F", "no", "n", "0", "OFF", "unverified", "\xe2\x9c\x97",
        "\xe2\x9c\x98",
    };
    const char *why = NULL;
    size_t i;
    int v = 5;

    (void)state;
    for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        expect_bool(yes[i], 1);
    for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        expect_bool(no[i], 0);
    assert_int_equal(niche_value_bool("maybe", 5, &v, &why), NICHE_EINVAL);
    assert_int_equal(v, -1);
    assert_non_null(why);
    assert_string_equal(why, "is not true or false");
    assert_int_equal(niche_value_bool("2", 1, &v, NULL), NICHE_EINVAL);
    assert_int_equal(niche_value_bool("N/A", 3, &v, NULL), NICHE_VALUE_MISSING);
    assert_int_equal(v, -1);
}

/* ---- times ------------------------------------------------------------ */

/* 2024-03-01T00:00:00Z */
#define MAR1 INT64_C(1709251200000)

static void test_value__time_iso(void **state)
{
    (void)state;
    expect_time("1970-01-01", 0);
    expect_time("1969-12-31T23:59:59Z", -1000);
    expect_time("2024-03-01", MAR1);
    expect_time("2024-03-01T12:34:56Z", MAR1 + 45296000);
    expect_time("2024-03-01t12:34:56z", MAR1 + 45296000);
    expect_time("2024-03-01 12:34:56", MAR1 + 45296000);    /* UTC */
    expect_time("2024-03-01T12:34", MAR1 + 45240000);
    expect_time("2024-03-01 12:34:56.789+02:00", MAR1 + 45296789 - 7200000);
    expect_time("2024-03-01T12:34:56.7-0530", MAR1 + 45296700 + 19800000);
    expect_time("2024-03-01T12:34:56,5+01", MAR1 + 45296500 - 3600000);
    expect_time("2024-03-01T12:34:56.123456789Z", MAR1 + 45296123);
    expect_time("2024-03-01T00:30:00+01:00", MAR1 - 1800000);  /* previous day */
    expect_time("2024-02-29", MAR1 - 86400000);               /* leap year */
    expect_time("2000-02-29T00:00:00Z", INT64_C(951782400000));
    expect_time(" '2024-03-01' ", MAR1);
}

static void test_value__time_invalid(void **state)
{
    static const char *const bad[] = {
        "2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31",
        "2024-01-00", "2024-01-32", "2024-3-1", "24-03-01", "2024/03/01",
        "2024-03-01X", "2024-03-01T", "2024-03-01T24:00", "2024-03-01T12:60",
        "2024-03-01T12:00:60", "2024-03-01T12:00+25:00", "2024-03-01T12:00+01:60",
        "2024-03-01T12:00Zjunk", "2024-03-01T1:00", "2024-03-01T12:00:00+0",
        "March 1, 2024", "-1709251200", "1.5", "12345678901234567",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        expect_time_error(bad[i]);
}

static void test_value__time_epoch(void **state)
{
    (void)state;
    expect_time("0", 0);
    expect_time("1709251200", MAR1);                   /* seconds */
    expect_time("99999999999", INT64_C(99999999999000)); /* 11 digits: seconds */
    expect_time("100000000000", INT64_C(100000000000));  /* 12 digits: ms */
    expect_time("1709251200123", MAR1 + 123);          /* ms */
    expect_time("9999999999999999", INT64_C(9999999999999999));
    expect_time("'1709251200'", MAR1);
}

static void test_value__days_from_civil(void **state)
{
    (void)state;
    assert_true(niche_days_from_civil(1970, 1, 1) == 0);
    assert_true(niche_days_from_civil(1969, 12, 31) == -1);
    assert_true(niche_days_from_civil(2000, 3, 1) == 11017);
    assert_true(niche_days_from_civil(2024, 3, 1) == 19783);
    assert_true(niche_days_from_civil(1600, 1, 1) == -135140);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value__missing_markers),
        cmocka_unit_test(test_value__not_missing),
        cmocka_unit_test(test_value__int_plain),
        cmocka_unit_test(test_value__int_suffix),
        cmocka_unit_test(test_value__int_exponent),
        cmocka_unit_test(test_value__int_commas),
        cmocka_unit_test(test_value__int_whole),
        cmocka_unit_test(test_value__int_range),
        cmocka_unit_test(test_value__int_bad),
        cmocka_unit_test(test_value__reads_len_bytes),
        cmocka_unit_test(test_value__real),
        cmocka_unit_test(test_value__ratio),
        cmocka_unit_test(test_value__bool),
        cmocka_unit_test(test_value__time_iso),
        cmocka_unit_test(test_value__time_invalid),
        cmocka_unit_test(test_value__time_epoch),
        cmocka_unit_test(test_value__days_from_civil),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
