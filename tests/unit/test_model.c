/*
 * test_model.c - unit tests of the model's names, aliases and lifecycles
 * (lib/model.c, model.h).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "niche/alloc.h"
#include "niche/model.h"
#include "banned.h"

static void expect_platform(const char *s, enum niche_platform want)
{
    enum niche_platform got = niche_platform_parse(s, strlen(s));

    if (got != want)
        fail_msg("platform '%s' is %s; want %s", s, niche_platform_name(got),
                 niche_platform_name(want));
}

static void expect_post_type(const char *s, enum niche_post_type want)
{
    enum niche_post_type got = niche_post_type_parse(s, strlen(s));

    if (got != want)
        fail_msg("post type '%s' is %s; want %s", s, niche_post_type_name(got),
                 niche_post_type_name(want));
}

static void test_model__platform_names(void **state)
{
    int p;

    (void)state;
    assert_string_equal(niche_platform_name(NICHE_PLATFORM_INSTAGRAM), "instagram");
    assert_string_equal(niche_platform_name(NICHE_PLATFORM_X), "x");
    assert_string_equal(niche_platform_name(NICHE_PLATFORM_BLOG), "blog");
    assert_string_equal(niche_platform_name(NICHE_PLATFORM_UNKNOWN), "unknown");
    assert_string_equal(niche_platform_name(NICHE_PLATFORM__COUNT), "unknown");
    assert_string_equal(niche_platform_name((enum niche_platform)-3), "unknown");
    /* Every canonical name parses back to its platform. */
    for (p = 1; p < NICHE_PLATFORM__COUNT; p++)
        expect_platform(niche_platform_name((enum niche_platform)p), (enum niche_platform)p);
}

static void test_model__platform_aliases(void **state)
{
    (void)state;
    expect_platform("Instagram", NICHE_PLATFORM_INSTAGRAM);
    expect_platform("INSTAGRAM", NICHE_PLATFORM_INSTAGRAM);
    expect_platform(" IG ", NICHE_PLATFORM_INSTAGRAM);
    expect_platform("insta", NICHE_PLATFORM_INSTAGRAM);
    expect_platform("TikTok", NICHE_PLATFORM_TIKTOK);
    expect_platform("tik tok", NICHE_PLATFORM_TIKTOK);
    expect_platform("TT", NICHE_PLATFORM_TIKTOK);
    expect_platform("YT", NICHE_PLATFORM_YOUTUBE);
    expect_platform("YouTube", NICHE_PLATFORM_YOUTUBE);
    expect_platform("twitter", NICHE_PLATFORM_X);
    expect_platform("X", NICHE_PLATFORM_X);
    expect_platform("fb", NICHE_PLATFORM_FACEBOOK);
    expect_platform("\tPinterest\r\n", NICHE_PLATFORM_PINTEREST);
    expect_platform("twitch", NICHE_PLATFORM_TWITCH);
    expect_platform("", NICHE_PLATFORM_UNKNOWN);
    expect_platform("unknown", NICHE_PLATFORM_UNKNOWN);
    expect_platform("instagramx", NICHE_PLATFORM_UNKNOWN);
    expect_platform("insta gram", NICHE_PLATFORM_UNKNOWN);
    expect_platform("tiktok.com", NICHE_PLATFORM_UNKNOWN);
    expect_platform("myspace", NICHE_PLATFORM_UNKNOWN);
    /* Exactly len bytes are read. */
    assert_int_equal(niche_platform_parse("ig", 1), NICHE_PLATFORM_UNKNOWN);
    assert_int_equal(niche_platform_parse("xyz", 1), NICHE_PLATFORM_X);
    assert_int_equal(niche_platform_parse("fbi", 2), NICHE_PLATFORM_FACEBOOK);
}

static void test_model__post_types(void **state)
{
    int t;

    (void)state;
    for (t = 1; t < NICHE_POST__COUNT; t++)
        expect_post_type(niche_post_type_name((enum niche_post_type)t),
                         (enum niche_post_type)t);
    assert_string_equal(niche_post_type_name(NICHE_POST_REEL), "reel");
    assert_string_equal(niche_post_type_name(NICHE_POST__COUNT), "unknown");
    expect_post_type("Photo", NICHE_POST_IMAGE);
    expect_post_type("GraphImage", NICHE_POST_IMAGE);
    expect_post_type("Sidecar", NICHE_POST_CAROUSEL);
    expect_post_type("album", NICHE_POST_CAROUSEL);
    expect_post_type("GraphSidecar", NICHE_POST_CAROUSEL);
    expect_post_type("GraphVideo", NICHE_POST_VIDEO);
    expect_post_type("Reels", NICHE_POST_REEL);
    expect_post_type("clip", NICHE_POST_REEL);
    expect_post_type("stories", NICHE_POST_STORY);
    expect_post_type("Shorts", NICHE_POST_SHORT);
    expect_post_type("stream", NICHE_POST_LIVE);
    expect_post_type(" live ", NICHE_POST_LIVE);
    expect_post_type("", NICHE_POST_UNKNOWN);
    expect_post_type("unknown", NICHE_POST_UNKNOWN);
    expect_post_type("gif", NICHE_POST_UNKNOWN);
    expect_post_type("reelz", NICHE_POST_UNKNOWN);
    assert_int_equal(niche_post_type_parse("reels", 4), NICHE_POST_REEL);
}

static void test_model__account_init(void **state)
{
    struct niche_account a;

    (void)state;
    memset(&a, 0x5a, sizeof(a));
    niche_account_init(&a);
    assert_true(a.id == 0 && a.workspace_id == 0 && a.creator_id == 0);
    assert_int_equal(a.platform, NICHE_PLATFORM_UNKNOWN);
    assert_null(a.handle);
    assert_null(a.name);
    assert_null(a.bio);
    assert_null(a.country);
    assert_null(a.language);
    assert_null(a.category);
    assert_null(a.audience_country);
    /* Missing is never zero. */
    assert_true(a.followers == NICHE_MISSING);
    assert_true(a.following == NICHE_MISSING);
    assert_true(a.posts == NICHE_MISSING);
    assert_true(a.last_active_ms == NICHE_MISSING);
    assert_true(a.updated_ms == NICHE_MISSING);
    assert_int_equal(a.verified, -1);
    assert_int_equal(a.has_avatar, -1);
    assert_true(isnan(a.avg_likes) && isnan(a.avg_comments));
    assert_true(isnan(a.avg_views) && isnan(a.avg_shares));
    assert_true(isnan(a.reported_er));
}

static void test_model__account_release(void **state)
{
    struct niche_account a;

    (void)state;
    niche_account_init(&a);
    a.handle = niche_xstrdup("alice");
    a.name = niche_xstrdup("Alice");
    a.bio = niche_xstrdup("bio");
    a.country = niche_xstrdup("US");
    a.language = niche_xstrdup("en");
    a.category = niche_xstrdup("food; travel");
    a.audience_country = niche_xstrdup("CA");
    a.followers = 42;
    a.verified = 1;
    niche_account_release(&a);   /* leaks show under ASan */
    assert_null(a.handle);
    assert_null(a.category);
    assert_true(a.followers == NICHE_MISSING);
    assert_int_equal(a.verified, -1);
    memset(&a, 0, sizeof(a));
    niche_account_release(&a);   /* a zeroed struct is fine */
    niche_account_release(NULL);
}

static void test_model__post_lifecycle(void **state)
{
    struct niche_post p;

    (void)state;
    memset(&p, 0x5a, sizeof(p));
    niche_post_init(&p);
    assert_true(p.id == 0 && p.account_id == 0);
    assert_null(p.post_id);
    assert_null(p.caption);
    assert_null(p.hashtags);
    assert_null(p.mentions);
    assert_int_equal(p.type, NICHE_POST_UNKNOWN);
    assert_true(p.posted_ms == NICHE_MISSING);
    assert_true(p.likes == NICHE_MISSING && p.comments == NICHE_MISSING);
    assert_true(p.shares == NICHE_MISSING && p.saves == NICHE_MISSING);
    assert_true(p.views == NICHE_MISSING);
    assert_true(p.reach == NICHE_MISSING && p.impressions == NICHE_MISSING);
    assert_int_equal(p.reach_estimated, -1);
    assert_int_equal(p.sponsored, -1);
    p.post_id = niche_xstrdup("123");
    p.caption = niche_xstrdup("hello #a @b");
    p.hashtags = niche_xstrdup("a");
    p.mentions = niche_xstrdup("b");
    p.likes = 0;
    niche_post_release(&p);
    assert_null(p.post_id);
    assert_null(p.caption);
    assert_true(p.likes == NICHE_MISSING);
    niche_post_release(NULL);
}

static void test_model__snapshot_init(void **state)
{
    struct niche_snapshot s;

    (void)state;
    memset(&s, 0x5a, sizeof(s));
    niche_snapshot_init(&s);
    assert_true(s.account_id == 0);
    assert_true(s.taken_ms == NICHE_MISSING);
    assert_true(s.followers == NICHE_MISSING);
    assert_true(s.following == NICHE_MISSING);
    assert_true(s.posts == NICHE_MISSING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model__platform_names),
        cmocka_unit_test(test_model__platform_aliases),
        cmocka_unit_test(test_model__post_types),
        cmocka_unit_test(test_model__account_init),
        cmocka_unit_test(test_model__account_release),
        cmocka_unit_test(test_model__post_lifecycle),
        cmocka_unit_test(test_model__snapshot_init),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
