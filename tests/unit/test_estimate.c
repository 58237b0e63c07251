/*
 * test_estimate.c - unit tests of estimated reach, impressions and price,
 * and of the price table parser (lib/estimate.c, metrics.h).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "niche/error.h"
#include "niche/metrics.h"
#include "banned.h"

static void expect_near(const char *what, double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.10g, want %.10g (+-%g)", what, got, want, tol);
}

/* Field by field: a failed parse must leave every one of them alone. */
static void expect_same_table(const struct niche_price_table *a,
                              const struct niche_price_table *b)
{
    int p;

    assert_string_equal(a->currency, b->currency);
    for (p = 0; p < NICHE_PLATFORM__COUNT; p++)
        if (a->cpm[p] != b->cpm[p])
            fail_msg("cpm[%d] changed: %g, was %g", p, a->cpm[p], b->cpm[p]);
    assert_true(a->min_price == b->min_price && a->max_price == b->max_price);
    assert_true(a->er_weight == b->er_weight);
    assert_string_equal(a->source, b->source);
}

/* ---- the default table -------------------------------------------------- */

static void test_estimate__default_table(void **state)
{
    struct niche_price_table t;

    (void)state;
    niche_price_table_default(&t);
    assert_string_equal(t.currency, "USD");
    expect_near("instagram", t.cpm[NICHE_PLATFORM_INSTAGRAM], 20, 0);
    expect_near("tiktok", t.cpm[NICHE_PLATFORM_TIKTOK], 5, 0);
    expect_near("youtube", t.cpm[NICHE_PLATFORM_YOUTUBE], 25, 0);
    expect_near("x", t.cpm[NICHE_PLATFORM_X], 8, 0);
    expect_near("facebook", t.cpm[NICHE_PLATFORM_FACEBOOK], 15, 0);
    expect_near("pinterest", t.cpm[NICHE_PLATFORM_PINTEREST], 15, 0);
    expect_near("blog", t.cpm[NICHE_PLATFORM_BLOG], 15, 0);
    expect_near("min", t.min_price, 10, 0);
    expect_near("max", t.max_price, 10e6, 0);
    expect_near("er_weight", t.er_weight, 0.4, 0);
    assert_true(t.source[0] != '\0');
}

/* ---- reach, impressions, price ----------------------------------------- */

static double share_at(enum niche_platform p, int64_t followers)
{
    struct niche_price_table t;
    struct niche_estimate e;

    niche_price_table_default(&t);
    niche_estimate(p, followers, NAN, NAN, &t, &e);
    assert_string_equal(e.basis, "followers");
    return e.reach / (double)followers;
}

/* [Cirqle]: 15.7% at 10k-50k (middle ~22,361), 3.2% at 500k-1M (middle
 * ~707,107), a straight line in log(followers) between and beyond,
 * clamped to 2-30%. */
static void test_estimate__reach_share(void **state)
{
    (void)state;
    expect_near("share at 22,361", share_at(NICHE_PLATFORM_INSTAGRAM, 22361), 0.157, 1e-5);
    expect_near("share at 707,107", share_at(NICHE_PLATFORM_INSTAGRAM, 707107), 0.032, 1e-5);
    /* Log-linear: halfway in log is the geometric mean, halfway in share. */
    expect_near("share at 125,743", share_at(NICHE_PLATFORM_INSTAGRAM, 125743), 0.0945, 1e-5);
    /* One decade is 0.125 / 1.5 of share: 1,000 followers get 26.95%. */
    expect_near("share at 1,000", share_at(NICHE_PLATFORM_INSTAGRAM, 1000), 0.26946, 1e-4);
    expect_near("share at 100", share_at(NICHE_PLATFORM_INSTAGRAM, 100), 0.30, 1e-12);
    expect_near("share at 1", share_at(NICHE_PLATFORM_INSTAGRAM, 1), 0.30, 1e-12);
    expect_near("share at 100M", share_at(NICHE_PLATFORM_INSTAGRAM, 100000000), 0.02, 1e-12);
    expect_near("x, by followers", share_at(NICHE_PLATFORM_X, 22361), 0.157, 1e-5);
}

/* Views where the platform measures them and the median is known. */
static void test_estimate__basis(void **state)
{
    struct niche_price_table t;
    struct niche_estimate e;

    (void)state;
    niche_price_table_default(&t);
    niche_estimate(NICHE_PLATFORM_TIKTOK, 22361, 5000, NAN, &t, &e);
    assert_string_equal(e.basis, "views");
    expect_near("tiktok reach", e.reach, 5000, 0);
    niche_estimate(NICHE_PLATFORM_YOUTUBE, 22361, 80000, NAN, &t, &e);
    assert_string_equal(e.basis, "views");
    expect_near("youtube reach", e.reach, 80000, 0);
    niche_estimate(NICHE_PLATFORM_TIKTOK, 22361, NAN, NAN, &t, &e);
    assert_string_equal(e.basis, "followers");
    expect_near("tiktok without views", e.reach, 22361 * 0.157, 0.5);
    niche_estimate(NICHE_PLATFORM_INSTAGRAM, 22361, 5000, NAN, &t, &e);
    assert_string_equal(e.basis, "followers");
    expect_near("instagram ignores views", e.reach, 22361 * 0.157, 0.5);
}

static void test_estimate__impressions_and_price(void **state)
{
    struct niche_price_table t;
    struct niche_estimate e;

    (void)state;
    niche_price_table_default(&t);
    /* 10,000 views: 15,000 impressions at $5 CPM = $75. */
    niche_estimate(NICHE_PLATFORM_TIKTOK, 50000, 10000, NAN, &t, &e);
    expect_near("impressions", e.impressions, 15000, 0);
    expect_near("price", e.price, 75, 1e-9);
    niche_estimate(NICHE_PLATFORM_INSTAGRAM, 22361, NAN, NAN, &t, &e);
    expect_near("impressions 1.5 x reach", e.impressions, 1.5 * e.reach, 1e-9);
    expect_near("instagram price", e.price, e.impressions / 1000 * 20, 1e-9);
    /* The table's CPM is the one used. */
    t.cpm[NICHE_PLATFORM_TIKTOK] = 12;
    niche_estimate(NICHE_PLATFORM_TIKTOK, 50000, 10000, NAN, &t, &e);
    expect_near("price at CPM 12", e.price, 180, 1e-9);
}

/* Price x (1 + 0.4 (percentile - 0.5)): 0.8 at the bottom, 1.2 at the top. */
static void test_estimate__er_modifier(void **state)
{
    struct niche_price_table t;
    struct niche_estimate e;

    (void)state;
    niche_price_table_default(&t);
    niche_estimate(NICHE_PLATFORM_TIKTOK, 50000, 10000, 1.0, &t, &e);
    expect_near("top percentile", e.price, 90, 1e-9);
    niche_estimate(NICHE_PLATFORM_TIKTOK, 50000, 10000, 0.0, &t, &e);
    expect_near("bottom percentile", e.price, 60, 1e-9);
    niche_estimate(NICHE_PLATFORM_TIKTOK, 50000, 10000, 0.5, &t, &e);
    expect_near("median percentile", e.price, 75, 1e-9);
    t.er_weight = 0;
    niche_estimate(NICHE_PLATFORM_TIKTOK, 50000, 10000, 1.0, &t, &e);
    expect_near("weight 0", e.price, 75, 1e-9);
    expect_near("reach unchanged", e.reach, 10000, 0);
}

static void test_estimate__price_bounds(void **state)
{
    struct niche_price_table t;
    struct niche_estimate e;

    (void)state;
    niche_price_table_default(&t);
    niche_estimate(NICHE_PLATFORM_TIKTOK, 1000, 100, NAN, &t, &e); /* $0.75 */
    expect_near("minimum", e.price, 10, 0);
    niche_estimate(NICHE_PLATFORM_YOUTUBE, 300000000, 1e9, NAN, &t, &e); /* $37.5M */
    expect_near("maximum", e.price, 10e6, 0);
    niche_estimate(NICHE_PLATFORM_INSTAGRAM, 0, NAN, NAN, &t, &e);
    expect_near("no followers: no reach", e.reach, 0, 0);
    expect_near("no followers: minimum", e.price, 10, 0);
    t.min_price = 0;
    t.max_price = 50;
    niche_estimate(NICHE_PLATFORM_TIKTOK, 50000, 10000, NAN, &t, &e);
    expect_near("table's maximum", e.price, 50, 0);
}

static void test_estimate__missing_followers(void **state)
{
    struct niche_price_table t;
    struct niche_estimate e;

    (void)state;
    niche_price_table_default(&t);
    niche_estimate(NICHE_PLATFORM_INSTAGRAM, NICHE_MISSING, NAN, 0.5, &t, &e);
    assert_true(isnan(e.reach) && isnan(e.impressions) && isnan(e.price));
    niche_estimate(NICHE_PLATFORM_TIKTOK, NICHE_MISSING, 5000, 0.5, &t, &e);
    assert_true(isnan(e.reach) && isnan(e.impressions) && isnan(e.price));
    niche_estimate(NICHE_PLATFORM_INSTAGRAM, -1, NAN, NAN, &t, &e);
    assert_true(isnan(e.reach) && isnan(e.price));
}

/* ---- parsing ------------------------------------------------------------ */

static int parse(struct niche_price_table *t, const char *json, struct niche_error *err)
{
    niche_price_table_default(t);
    return niche_price_table_parse(t, json, strlen(json), "prices.json", err);
}

/* Keys left out keep their defaults. */
static void test_estimate__parse_partial(void **state)
{
    struct niche_error err = NICHE_ERROR_INIT;
    struct niche_price_table t;

    (void)state;
    assert_int_equal(parse(&t, "{\"currency\": \"EUR\", \"cpm\": {\"instagram\": 12}}", &err),
                     0);
    assert_string_equal(t.currency, "EUR");
    expect_near("instagram", t.cpm[NICHE_PLATFORM_INSTAGRAM], 12, 0);
    expect_near("tiktok kept", t.cpm[NICHE_PLATFORM_TIKTOK], 5, 0);
    expect_near("youtube kept", t.cpm[NICHE_PLATFORM_YOUTUBE], 25, 0);
    expect_near("min kept", t.min_price, 10, 0);
    expect_near("max kept", t.max_price, 10e6, 0);
    expect_near("er_weight kept", t.er_weight, 0.4, 0);
    assert_string_equal(t.source, "prices.json");
    assert_int_equal(err.code, 0);
}

static void test_estimate__parse_full(void **state)
{
    static const char json[] = "{\n  \"currency\": \"gbp\",\n  \"cpm\": {\"TikTok\": 3.5, "
                               "\"twitter\": 0, \"YT\": 30},\n"
                               "  \"min\": 25, \"max\": 1e6, \"er_weight\": 0\n}\n";
    struct niche_price_table t;

    (void)state;
    assert_int_equal(parse(&t, json, NULL), 0);
    assert_string_equal(t.currency, "GBP"); /* codes are upper case */
    expect_near("tiktok", t.cpm[NICHE_PLATFORM_TIKTOK], 3.5, 0);
    expect_near("x by alias", t.cpm[NICHE_PLATFORM_X], 0, 0);
    expect_near("youtube by alias", t.cpm[NICHE_PLATFORM_YOUTUBE], 30, 0);
    expect_near("min", t.min_price, 25, 0);
    expect_near("max", t.max_price, 1e6, 0);
    expect_near("er_weight", t.er_weight, 0, 0);
    assert_true(t.min_price <= t.max_price);
}

/* Only len bytes are read: the text need not end in a NUL. */
static void test_estimate__parse_len(void **state)
{
    static const char json[] = "{\"min\": 20}{garbage";
    struct niche_error err = NICHE_ERROR_INIT;
    struct niche_price_table t;

    (void)state;
    niche_price_table_default(&t);
    assert_int_equal(niche_price_table_parse(&t, json, 11, NULL, &err), 0);
    expect_near("min", t.min_price, 20, 0);
    assert_int_equal(niche_price_table_parse(&t, json, strlen(json), NULL, &err), NICHE_EPARSE);
    assert_non_null(strstr(err.msg, "<input>"));
}

/* A failed parse returns NICHE_EPARSE with a message naming the input
 * and containing want, and leaves the table as it was. */
static void expect_parse_error(const char *json, const char *want)
{
    struct niche_error err = NICHE_ERROR_INIT;
    struct niche_price_table t, before;
    int rc;

    niche_price_table_default(&before);
    t = before;
    rc = niche_price_table_parse(&t, json, strlen(json), "prices.json", &err);
    if (rc != NICHE_EPARSE || err.code != NICHE_EPARSE)
        fail_msg("'%s': rc %d, code %d; want NICHE_EPARSE", json, rc, err.code);
    if (strncmp(err.msg, "prices.json:", 12) || !strstr(err.msg, want))
        fail_msg("'%s': message '%s'; want 'prices.json:...%s'", json, err.msg, want);
    assert_string_equal(err.file, "prices.json");
    expect_same_table(&t, &before);
    /* Without an error record the code is the same. */
    assert_int_equal(niche_price_table_parse(&t, json, strlen(json), NULL, NULL), NICHE_EPARSE);
    expect_same_table(&t, &before);
}

static void test_estimate__parse_syntax(void **state)
{
    struct niche_error err = NICHE_ERROR_INIT;
    struct niche_price_table t;

    (void)state;
    assert_int_equal(parse(&t, "{\"cpm\": {\"instagram\": }}", &err), NICHE_EPARSE);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 23); /* the '}' where a number belongs */
    assert_string_equal(err.msg, "prices.json:1:23: price table: unexpected token near '}'");
    assert_int_equal(parse(&t, "{\n\"cpm\": {\n  \"tiktok\": 1,,\n}}", &err), NICHE_EPARSE);
    assert_int_equal(err.line, 3);
    assert_true(err.column > 0);
    expect_parse_error("{\"cpm\": {\"instagram\": }}", "unexpected token");
    expect_parse_error("", "expected");
    expect_parse_error("{\"min\": 1", "");
    expect_parse_error("{\"min\": 1} x", "");
}

static void test_estimate__parse_errors(void **state)
{
    (void)state;
    expect_parse_error("{\"cpm\": {\"mastodon\": 3}}", "unknown platform \"mastodon\"");
    expect_parse_error("{\"cpm\": {\"unknown\": 3}}", "unknown platform");
    expect_parse_error("{\"cpm\": {\"instagram\": -1}}", "\"instagram\" must be a number");
    expect_parse_error("{\"cpm\": {\"tiktok\": \"5\"}}", "\"tiktok\" must be a number");
    expect_parse_error("{\"cpm\": {\"tiktok\": null}}", "must be a number");
    expect_parse_error("{\"cpm\": 3}", "\"cpm\" must be an object");
    expect_parse_error("{\"min\": 5, \"max\": 4}", "\"min\" is above \"max\"");
    expect_parse_error("{\"min\": 2e7}", "\"min\" is above \"max\""); /* default max */
    expect_parse_error("{\"min\": -1}", "\"min\" must be a number");
    expect_parse_error("{\"er_weight\": 3}", "\"er_weight\" must be a number");
    expect_parse_error("{\"currency\": \"EURO\"}", "3-letter code");
    expect_parse_error("{\"currency\": \"EU\"}", "3-letter code");
    expect_parse_error("{\"currency\": \"12$\"}", "3-letter code");
    expect_parse_error("{\"currency\": \"\xe2\x82\xac\"}", "3-letter code"); /* € */
    expect_parse_error("{\"currency\": 978}", "3-letter code");
    expect_parse_error("{\"min\": 1, \"min\": 2}", "duplicate");
    expect_parse_error("{\"cpm\": {\"tiktok\": 1, \"tiktok\": 2}}", "duplicate");
    expect_parse_error("[]", "expected a JSON object");
    expect_parse_error("42", "");
}

/* All or nothing: good keys before the bad one are not applied either. */
static void test_estimate__parse_all_or_nothing(void **state)
{
    (void)state;
    expect_parse_error("{\"currency\": \"EUR\", \"min\": 1, \"cpm\": {\"instagram\": 12, "
                       "\"tiktok\": 1, \"mastodon\": 1}}",
                       "mastodon");
    expect_parse_error("{\"currency\": \"EUR\", \"cpm\": {\"instagram\": 12}, \"min\": 50, "
                       "\"max\": 40}",
                       "above");
    expect_parse_error(
        "{\"currency\": \"EUR\", \"cpm\": {\"instagram\": 12}, \"er_weight\": -1}",
        "er_weight");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_estimate__default_table),
        cmocka_unit_test(test_estimate__reach_share),
        cmocka_unit_test(test_estimate__basis),
        cmocka_unit_test(test_estimate__impressions_and_price),
        cmocka_unit_test(test_estimate__er_modifier),
        cmocka_unit_test(test_estimate__price_bounds),
        cmocka_unit_test(test_estimate__missing_followers),
        cmocka_unit_test(test_estimate__parse_partial),
        cmocka_unit_test(test_estimate__parse_full),
        cmocka_unit_test(test_estimate__parse_len),
        cmocka_unit_test(test_estimate__parse_syntax),
        cmocka_unit_test(test_estimate__parse_errors),
        cmocka_unit_test(test_estimate__parse_all_or_nothing),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
