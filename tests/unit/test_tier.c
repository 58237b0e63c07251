/*
 * test_tier.c - unit tests of the follower tier schemes (lib/tier.c,
 * tier.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "niche/tier.h"
#include "banned.h"

struct case_ { int64_t followers; enum niche_tier want; };

static void expect_tiers(const char *id, const struct case_ *cases, size_t n)
{
    const struct niche_tier_scheme *s = niche_tier_scheme_find(id);
    size_t i;

    if (!s)
        fail_msg("no scheme '%s'", id);
    for (i = 0; i < n; i++) {
        enum niche_tier t = niche_tier_of(s, cases[i].followers);

        if (t != cases[i].want)
            fail_msg("%s: %lld followers is %s; want %s", id,
                     (long long)cases[i].followers, niche_tier_name(t),
                     niche_tier_name(cases[i].want));
    }
}

static void test_tier__find(void **state)
{
    const struct niche_tier_scheme *def = niche_tier_scheme_find(NULL);

    (void)state;
    assert_non_null(def);
    assert_string_equal(def->id, "later-fohr");
    assert_ptr_equal(niche_tier_scheme_find("later-fohr"), def);
    assert_ptr_equal(niche_tier_scheme_at(0), def);
    assert_non_null(niche_tier_scheme_find("chizcomm"));
    assert_string_equal(niche_tier_scheme_find("people-first")->id, "people-first");
    assert_null(niche_tier_scheme_find("Later-Fohr"));   /* ids are exact */
    assert_null(niche_tier_scheme_find(""));
    assert_null(niche_tier_scheme_find("nope"));
    assert_null(niche_tier_scheme_at(-1));
    assert_null(niche_tier_scheme_at(1000));
}

/* Every built-in scheme is well formed: unique ids, titles and sources,
 * and bounds that rise through the tiers it has. */
static void test_tier__schemes_well_formed(void **state)
{
    const struct niche_tier_scheme *s, *o;
    int i, k, t, n = 0;

    (void)state;
    for (i = 0; (s = niche_tier_scheme_at(i)) != NULL; i++, n++) {
        int64_t last = -1;

        assert_true(s->id && *s->id && s->title && *s->title && s->source && *s->source);
        assert_ptr_equal(niche_tier_scheme_find(s->id), s);
        for (k = 0; k < i; k++) {
            o = niche_tier_scheme_at(k);
            assert_string_not_equal(o->id, s->id);
        }
        assert_true(s->lower[NICHE_TIER_UNKNOWN] == -1);
        for (t = NICHE_TIER_NANO; t <= NICHE_TIER_MEGA; t++) {
            if (s->lower[t] < 0)
                continue;
            if (s->lower[t] <= last)
                fail_msg("%s: %s starts at %lld, not above %lld", s->id,
                         niche_tier_name((enum niche_tier)t), (long long)s->lower[t],
                         (long long)last);
            last = s->lower[t];
        }
        assert_true(s->lower[NICHE_TIER_MEGA] > 0);
    }
    assert_int_equal(n, 5);
}

static void test_tier__later_fohr(void **state)
{
    static const struct case_ cases[] = {
        { 0, NICHE_TIER_NANO }, { 1, NICHE_TIER_NANO }, { 9999, NICHE_TIER_NANO },
        { 10000, NICHE_TIER_MICRO }, { 42000, NICHE_TIER_MICRO },
        { 99999, NICHE_TIER_MICRO }, { 100000, NICHE_TIER_MID },
        { 499999, NICHE_TIER_MID }, { 500000, NICHE_TIER_MACRO },
        { 999999, NICHE_TIER_MACRO }, { 1000000, NICHE_TIER_MEGA },
        { 475800000, NICHE_TIER_MEGA }, { INT64_MAX, NICHE_TIER_MEGA },
        { -5, NICHE_TIER_BELOW }, { NICHE_MISSING, NICHE_TIER_UNKNOWN },
    };

    (void)state;
    expect_tiers("later-fohr", cases, sizeof(cases) / sizeof(cases[0]));
    /* A NULL scheme is the default. */
    assert_int_equal(niche_tier_of(NULL, 10000), NICHE_TIER_MICRO);
    assert_int_equal(niche_tier_of(NULL, 9999), NICHE_TIER_NANO);
    assert_int_equal(niche_tier_of(NULL, NICHE_MISSING), NICHE_TIER_UNKNOWN);
}

static void test_tier__scheme_starting_above_zero(void **state)
{
    static const struct case_ chizcomm[] = {
        { 0, NICHE_TIER_BELOW }, { 999, NICHE_TIER_BELOW }, { 1000, NICHE_TIER_NANO },
        { 9999, NICHE_TIER_NANO }, { 10000, NICHE_TIER_MICRO },
        { 49999, NICHE_TIER_MICRO }, { 50000, NICHE_TIER_MID },
        { 500000, NICHE_TIER_MACRO }, { 1000000, NICHE_TIER_MEGA },
    };
    static const struct case_ hype[] = {
        { 999, NICHE_TIER_BELOW }, { 1000, NICHE_TIER_NANO }, { 5000, NICHE_TIER_MICRO },
        { 20000, NICHE_TIER_MID }, { 100000, NICHE_TIER_MACRO },
        { 999999, NICHE_TIER_MACRO }, { 1000000, NICHE_TIER_MEGA },
    };

    (void)state;
    expect_tiers("chizcomm", chizcomm, sizeof(chizcomm) / sizeof(chizcomm[0]));
    expect_tiers("hypeauditor-2019", hype, sizeof(hype) / sizeof(hype[0]));
}

/* A scheme without a tier never answers it. */
static void test_tier__scheme_without_nano(void **state)
{
    static const struct case_ people[] = {
        { 0, NICHE_TIER_BELOW }, { 1999, NICHE_TIER_BELOW }, { 2000, NICHE_TIER_MICRO },
        { 19999, NICHE_TIER_MICRO }, { 20000, NICHE_TIER_MID },
        { 500000, NICHE_TIER_MACRO }, { 1000000, NICHE_TIER_MEGA },
    };
    static const struct case_ fullscreen[] = {
        { 0, NICHE_TIER_MICRO }, { 249999, NICHE_TIER_MICRO },
        { 250000, NICHE_TIER_MID }, { 1000000, NICHE_TIER_MACRO },
        { 19999999, NICHE_TIER_MACRO }, { 20000000, NICHE_TIER_MEGA },
        { -1, NICHE_TIER_BELOW },
    };

    (void)state;
    expect_tiers("people-first", people, sizeof(people) / sizeof(people[0]));
    expect_tiers("fullscreen", fullscreen, sizeof(fullscreen) / sizeof(fullscreen[0]));
}

static void test_tier__names(void **state)
{
    (void)state;
    assert_string_equal(niche_tier_name(NICHE_TIER_BELOW), "below");
    assert_string_equal(niche_tier_name(NICHE_TIER_NANO), "nano");
    assert_string_equal(niche_tier_name(NICHE_TIER_MICRO), "micro");
    assert_string_equal(niche_tier_name(NICHE_TIER_MID), "mid");
    assert_string_equal(niche_tier_name(NICHE_TIER_MACRO), "macro");
    assert_string_equal(niche_tier_name(NICHE_TIER_MEGA), "mega");
    assert_string_equal(niche_tier_name(NICHE_TIER_UNKNOWN), "unknown");
    assert_string_equal(niche_tier_name(NICHE_TIER__COUNT), "unknown");
    assert_string_equal(niche_tier_name((enum niche_tier)-1), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tier__find),
        cmocka_unit_test(test_tier__schemes_well_formed),
        cmocka_unit_test(test_tier__later_fohr),
        cmocka_unit_test(test_tier__scheme_starting_above_zero),
        cmocka_unit_test(test_tier__scheme_without_nano),
        cmocka_unit_test(test_tier__names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
