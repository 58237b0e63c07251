/*
 * test_quality.c - unit tests of follower types and their suspicious
 * signals (lib/quality.c, metrics.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "niche/metrics.h"
#include "niche/model.h"
#include "banned.h"

#define DAY_MS 86400000LL
#define NOW_MS 1700000000000LL

/* An ordinary person: avatar, a few dozen posts, balanced counts, a
 * handle with few digits, active yesterday. No signal at all. */
static struct niche_account person(void)
{
    struct niche_account a;

    niche_account_init(&a);
    a.platform = NICHE_PLATFORM_INSTAGRAM;
    a.handle = (char *)"mariasilva12";
    a.has_avatar = 1;
    a.posts = 40;
    a.followers = 300;
    a.following = 400;
    a.last_active_ms = NOW_MS - DAY_MS;
    return a;
}

/* A fresh bot: no avatar and no posts (two signals), still active. */
static struct niche_account bot(void)
{
    struct niche_account a = person();

    a.has_avatar = 0;
    a.posts = 0;
    return a;
}

static void expect_type(const char *what, const struct niche_account *a,
                        enum niche_follower_type want, int want_bot)
{
    int b = -7;
    enum niche_follower_type t = niche_follower_type(a, NOW_MS, &b);

    if (t != want || b != want_bot)
        fail_msg("%s: %s (bot %d); want %s (bot %d)", what, niche_follower_type_name(t), b,
                 niche_follower_type_name(want), want_bot);
}

/* ---- signals ------------------------------------------------------------ */

static void test_quality__no_signal(void **state)
{
    struct niche_account a = person();

    (void)state;
    assert_int_equal(niche_suspicious_signals(&a), 0);
}

static void test_quality__avatar(void **state)
{
    struct niche_account a = person();

    (void)state;
    a.has_avatar = 0;
    assert_int_equal(niche_suspicious_signals(&a), NICHE_SIGNAL_NO_AVATAR);
    a.has_avatar = -1; /* unknown is no evidence */
    assert_int_equal(niche_suspicious_signals(&a), 0);
}

static void test_quality__few_posts(void **state)
{
    struct niche_account a = person();

    (void)state;
    a.posts = 3;
    assert_int_equal(niche_suspicious_signals(&a), NICHE_SIGNAL_FEW_POSTS);
    a.posts = 0;
    assert_int_equal(niche_suspicious_signals(&a), NICHE_SIGNAL_FEW_POSTS);
    a.posts = 4;
    assert_int_equal(niche_suspicious_signals(&a), 0);
    a.posts = NICHE_MISSING;
    assert_int_equal(niche_suspicious_signals(&a), 0);
}

static void test_quality__follow_ratio(void **state)
{
    struct niche_account a = person();

    (void)state;
    a.followers = 50;
    a.following = 1000; /* 20 x */
    assert_int_equal(niche_suspicious_signals(&a), NICHE_SIGNAL_FOLLOW_RATIO);
    a.following = 999;
    assert_int_equal(niche_suspicious_signals(&a), 0);
    /* No followers: 20 x max(0, 1). */
    a.followers = 0;
    a.following = 20;
    assert_int_equal(niche_suspicious_signals(&a), NICHE_SIGNAL_FOLLOW_RATIO);
    a.following = 19;
    assert_int_equal(niche_suspicious_signals(&a), 0);
    a.following = 5000;
    a.followers = NICHE_MISSING;
    assert_int_equal(niche_suspicious_signals(&a), 0);
}

static void expect_digit_handle(const char *handle, int want)
{
    struct niche_account a = person();
    unsigned s;

    a.handle = (char *)handle;
    s = niche_suspicious_signals(&a);
    if (!!(s & NICHE_SIGNAL_DIGIT_HANDLE) != want)
        fail_msg("handle '%s': digit-heavy %d; want %d", handle,
                 !!(s & NICHE_SIGNAL_DIGIT_HANDLE), want);
}

static void test_quality__digit_handle(void **state)
{
    (void)state;
    expect_digit_handle("maria_12345678", 1);
    expect_digit_handle("user84736251", 1);
    expect_digit_handle("12345678", 1);
    expect_digit_handle("mariasilva12", 0);
    expect_digit_handle("maria.squat17", 0);
    expect_digit_handle("cristiano", 0);
    expect_digit_handle("a1b2c", 0);
    expect_digit_handle("", 0);
    expect_digit_handle(NULL, 0);
}

static void test_quality__signals_combine(void **state)
{
    struct niche_account a = bot();

    (void)state;
    a.handle = (char *)"maria_12345678";
    assert_int_equal(niche_suspicious_signals(&a), NICHE_SIGNAL_NO_AVATAR |
                                                       NICHE_SIGNAL_FEW_POSTS |
                                                       NICHE_SIGNAL_DIGIT_HANDLE);
}

/* ---- types, in the documented order ------------------------------------ */

static void test_quality__real(void **state)
{
    struct niche_account a = person();

    (void)state;
    expect_type("person", &a, NICHE_FOLLOWER_REAL, 0);
    a.has_avatar = 0; /* one signal is not enough */
    expect_type("one signal", &a, NICHE_FOLLOWER_REAL, 0);
    assert_int_equal(niche_follower_type(&a, NOW_MS, NULL), NICHE_FOLLOWER_REAL);
}

static void test_quality__suspicious(void **state)
{
    struct niche_account a = bot();

    (void)state;
    expect_type("two signals", &a, NICHE_FOLLOWER_SUSPICIOUS, 1);
    a.last_active_ms = NICHE_MISSING; /* unknown activity: not dormant */
    expect_type("two signals, activity unknown", &a, NICHE_FOLLOWER_SUSPICIOUS, 1);
}

/* Mass comes first: a bot following 1,501 accounts is mass, and still a
 * bot for the fake share. */
static void test_quality__mass(void **state)
{
    struct niche_account a = person();

    (void)state;
    a.following = 1501;
    expect_type("mass", &a, NICHE_FOLLOWER_MASS, 0);
    a.following = 1500;
    expect_type("following 1500", &a, NICHE_FOLLOWER_REAL, 0);
    a = bot();
    a.following = 1501;
    expect_type("mass bot", &a, NICHE_FOLLOWER_MASS, 1);
    a.followers = 100000; /* mass before influencer */
    expect_type("mass influencer", &a, NICHE_FOLLOWER_MASS, 1);
}

static void test_quality__influencer(void **state)
{
    struct niche_account a = person();

    (void)state;
    a.followers = 5001;
    expect_type("influencer", &a, NICHE_FOLLOWER_INFLUENCER, 0);
    a.followers = 5000;
    expect_type("followers 5000", &a, NICHE_FOLLOWER_REAL, 0);
    a = bot();
    a.followers = 5001;
    a.last_active_ms = NOW_MS - 200 * DAY_MS; /* influencer before inactive */
    expect_type("dormant influencer", &a, NICHE_FOLLOWER_INFLUENCER, 0);
}

/* Dormant for over 90 days: inactive, and never a bot. */
static void test_quality__inactive(void **state)
{
    struct niche_account a = bot();

    (void)state;
    a.last_active_ms = NOW_MS - 91 * DAY_MS;
    expect_type("dormant bot", &a, NICHE_FOLLOWER_INACTIVE, 0);
    a = person();
    a.last_active_ms = NOW_MS - 91 * DAY_MS;
    expect_type("dormant person", &a, NICHE_FOLLOWER_INACTIVE, 0);
    a.last_active_ms = NOW_MS - 89 * DAY_MS;
    expect_type("active 89 days ago", &a, NICHE_FOLLOWER_REAL, 0);
    a = bot();
    a.following = 2000;
    a.last_active_ms = NOW_MS - 91 * DAY_MS;
    expect_type("dormant mass bot", &a, NICHE_FOLLOWER_MASS, 0);
}

static void test_quality__names(void **state)
{
    (void)state;
    assert_string_equal(niche_follower_type_name(NICHE_FOLLOWER_REAL), "real");
    assert_string_equal(niche_follower_type_name(NICHE_FOLLOWER_MASS), "mass");
    assert_string_equal(niche_follower_type_name(NICHE_FOLLOWER_INFLUENCER), "influencer");
    assert_string_equal(niche_follower_type_name(NICHE_FOLLOWER_SUSPICIOUS), "suspicious");
    assert_string_equal(niche_follower_type_name(NICHE_FOLLOWER_INACTIVE), "inactive");
    assert_string_equal(niche_follower_type_name(NICHE_FOLLOWER__COUNT), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quality__no_signal),
        cmocka_unit_test(test_quality__avatar),
        cmocka_unit_test(test_quality__few_posts),
        cmocka_unit_test(test_quality__follow_ratio),
        cmocka_unit_test(test_quality__digit_handle),
        cmocka_unit_test(test_quality__signals_combine),
        cmocka_unit_test(test_quality__real),
        cmocka_unit_test(test_quality__suspicious),
        cmocka_unit_test(test_quality__mass),
        cmocka_unit_test(test_quality__influencer),
        cmocka_unit_test(test_quality__inactive),
        cmocka_unit_test(test_quality__names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
