/*
 * test_metrics.c - unit tests of the audit formulas (lib/metrics.c,
 * metrics.h): engagement rates and their windows, peer bands, the Wilson
 * interval and sample sizes, activity, growth and its anomalies, and the
 * audience quality score.
 *
 * Expected values are worked by hand (or quoted from domain.md) rather
 * than recomputed with the library's own formulas, so that a wrong
 * formula fails here.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "niche/metrics.h"
#include "niche/model.h"
#include "banned.h"

#define DAY_MS 86400000LL
#define WEEK_MS (7 * DAY_MS)
#define NOW_MS 1700000000000LL /* 2023-11-14, anchors every window */

/* ---- helpers ------------------------------------------------------------ */

static struct niche_post post(enum niche_platform p, int64_t likes, int64_t comments,
                              int64_t shares, int64_t views)
{
    struct niche_post x;

    niche_post_init(&x);
    x.platform = p;
    x.likes = likes;
    x.comments = comments;
    x.shares = shares;
    x.views = views;
    return x;
}

static void expect_near(const char *what, double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.10g, want %.10g (+-%g)", what, got, want, tol);
}

static void expect_nan(const char *what, double got)
{
    if (!isnan(got))
        fail_msg("%s: got %.10g, want NaN", what, got);
}

#define M NICHE_MISSING

/* ---- numerators and hidden likes --------------------------------------- */

static void test_metrics__numerators(void **state)
{
    struct niche_post p;

    (void)state;
    p = post(NICHE_PLATFORM_INSTAGRAM, 100, 10, 5, 2000);
    expect_near("instagram L+C", niche_engagements(&p, 0), 110, 0);
    p.platform = NICHE_PLATFORM_YOUTUBE;
    expect_near("youtube L+C", niche_engagements(&p, 0), 110, 0);
    p.platform = NICHE_PLATFORM_TIKTOK;
    expect_near("tiktok L+C+S", niche_engagements(&p, 0), 115, 0);
    p.platform = NICHE_PLATFORM_FACEBOOK;
    expect_near("facebook L+C+S", niche_engagements(&p, 0), 115, 0);
    p.platform = NICHE_PLATFORM_X;
    expect_near("x likes+reposts", niche_engagements(&p, 0), 105, 0);
    p.platform = NICHE_PLATFORM_PINTEREST;
    expect_near("others L+C", niche_engagements(&p, 0), 110, 0);
}

/* A part the numerator needs is missing: the whole is missing. A part it
 * does not need changes nothing. */
static void test_metrics__numerators_missing_parts(void **state)
{
    struct niche_post p;

    (void)state;
    p = post(NICHE_PLATFORM_INSTAGRAM, M, 10, 5, M);
    expect_nan("instagram without likes", niche_engagements(&p, 0));
    p = post(NICHE_PLATFORM_INSTAGRAM, 100, M, 5, M);
    expect_nan("instagram without comments", niche_engagements(&p, 0));
    p = post(NICHE_PLATFORM_INSTAGRAM, 100, 10, M, M);
    expect_near("instagram without shares", niche_engagements(&p, 0), 110, 0);
    p = post(NICHE_PLATFORM_TIKTOK, 100, 10, M, M);
    expect_nan("tiktok without shares", niche_engagements(&p, 0));
    p = post(NICHE_PLATFORM_X, 100, 10, M, M);
    expect_nan("x without reposts", niche_engagements(&p, 0));
    p = post(NICHE_PLATFORM_X, 100, M, 5, M);
    expect_near("x without comments", niche_engagements(&p, 0), 105, 0);
    p = post(NICHE_PLATFORM_INSTAGRAM, -1, 10, 5, M); /* a scraper's -1 */
    expect_nan("instagram likes -1", niche_engagements(&p, 0));
}

/* For ER_V shares join the numerator when known, and are not required. */
static void test_metrics__numerators_for_views(void **state)
{
    struct niche_post p;

    (void)state;
    p = post(NICHE_PLATFORM_TIKTOK, 100, 10, 5, 5000);
    expect_near("tiktok for views", niche_engagements(&p, 1), 115, 0);
    p.shares = M;
    expect_near("tiktok for views, no shares", niche_engagements(&p, 1), 110, 0);
    p = post(NICHE_PLATFORM_YOUTUBE, 100, 10, 5, 5000);
    expect_near("youtube for views", niche_engagements(&p, 1), 115, 0);
}

static void test_metrics__likes_valid(void **state)
{
    struct niche_post p;

    (void)state;
    p = post(NICHE_PLATFORM_INSTAGRAM, M, 10, M, M);
    assert_int_equal(niche_likes_valid(&p), 0);
    p = post(NICHE_PLATFORM_INSTAGRAM, -1, 10, M, M);
    assert_int_equal(niche_likes_valid(&p), 0);
    p = post(NICHE_PLATFORM_INSTAGRAM, 0, 0, M, M); /* zero is a count */
    assert_int_equal(niche_likes_valid(&p), 1);
    /* The bogus 3: implausible next to the comments or the views. */
    p = post(NICHE_PLATFORM_INSTAGRAM, 3, 4, M, M);
    assert_int_equal(niche_likes_valid(&p), 0);
    p = post(NICHE_PLATFORM_INSTAGRAM, 3, 3, M, M);
    assert_int_equal(niche_likes_valid(&p), 1);
    p = post(NICHE_PLATFORM_INSTAGRAM, 3, 0, M, 3001);
    assert_int_equal(niche_likes_valid(&p), 0);
    p = post(NICHE_PLATFORM_INSTAGRAM, 3, 0, M, 3000);
    assert_int_equal(niche_likes_valid(&p), 1);
    p = post(NICHE_PLATFORM_INSTAGRAM, 3, M, M, M); /* nothing to doubt it by */
    assert_int_equal(niche_likes_valid(&p), 1);
    p = post(NICHE_PLATFORM_INSTAGRAM, 4, 500, M, 1000000); /* only 3 is bogus */
    assert_int_equal(niche_likes_valid(&p), 1);
    /* A hidden count makes the engagements missing too. */
    p = post(NICHE_PLATFORM_INSTAGRAM, 3, 40, M, M);
    expect_nan("bogus 3", niche_engagements(&p, 0));
}

static void test_metrics__post_er(void **state)
{
    struct niche_post p = post(NICHE_PLATFORM_INSTAGRAM, 90, 10, M, M);

    (void)state;
    expect_near("post ER", niche_post_er(&p, 1000), 0.1, 1e-15);
    expect_nan("post ER, F missing", niche_post_er(&p, M));
    expect_nan("post ER, F 0", niche_post_er(&p, 0));
    p.likes = M;
    expect_nan("post ER, likes hidden", niche_post_er(&p, 1000));
}

/* ---- ER_F_MEAN ---------------------------------------------------------- */

/* Twelve posts of 1000 + 100 i likes and 50 comments, then older posts
 * with a million likes each, which the window of 12 must leave out. */
static void mean_posts(struct niche_post *posts, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        posts[i] = post(NICHE_PLATFORM_INSTAGRAM, i < 12 ? 1000 + 100 * (int64_t)i : 1000000,
                        50, M, M);
}

static void test_metrics__er_f_mean(void **state)
{
    struct niche_er_opts o = NICHE_ER_OPTS_INIT;
    struct niche_post posts[20];
    struct niche_er er;

    (void)state;
    mean_posts(posts, 20);
    niche_er_f_mean(posts, 20, 10000, &o, &er);
    /* (12 * 1000 + 100 * 66 + 12 * 50) / (10000 * 12) */
    expect_near("ER_F_MEAN", er.value, 19200.0 / 120000.0, 1e-12);
    assert_int_equal(er.n, 12);
    assert_int_equal(er.hidden, 0);
    niche_er_f_mean(posts, 20, M, &o, &er);
    expect_nan("ER_F_MEAN, F missing", er.value);
    niche_er_f_mean(posts, 20, 0, &o, &er);
    expect_nan("ER_F_MEAN, F 0", er.value);
}

/* Hidden likes leave the numerator and N: with posts 3 and 7 hidden the
 * rate is over 10 posts (counting them in N would give 16100 / 120000). */
static void test_metrics__er_f_mean_hidden(void **state)
{
    struct niche_er_opts o = NICHE_ER_OPTS_INIT;
    struct niche_post posts[20];
    struct niche_er er;

    (void)state;
    mean_posts(posts, 20);
    posts[3].likes = M;
    posts[7].likes = 3; /* the bogus 3: 50 comments */
    niche_er_f_mean(posts, 20, 10000, &o, &er);
    expect_near("ER_F_MEAN, 2 hidden", er.value, 16100.0 / 100000.0, 1e-12);
    assert_int_equal(er.n, 10);
    assert_int_equal(er.hidden, 2);
    /* A third hidden post leaves 9 valid, below the floor of 10; the
     * window does not reach past 12 posts to make up for it. */
    posts[0].likes = M;
    niche_er_f_mean(posts, 20, 10000, &o, &er);
    expect_nan("ER_F_MEAN, 9 valid", er.value);
    assert_int_equal(er.n, 9);
    assert_int_equal(er.hidden, 3);
}

static void test_metrics__er_f_mean_few_posts(void **state)
{
    struct niche_er_opts o = NICHE_ER_OPTS_INIT;
    struct niche_post posts[12];
    struct niche_er er;

    (void)state;
    mean_posts(posts, 12);
    niche_er_f_mean(posts, 10, 10000, &o, &er);
    assert_int_equal(er.n, 10);
    assert_false(isnan(er.value));
    niche_er_f_mean(posts, 9, 10000, &o, &er);
    assert_int_equal(er.n, 9);
    expect_nan("ER_F_MEAN, 9 posts", er.value);
    niche_er_f_mean(posts, 0, 10000, &o, &er);
    assert_int_equal(er.n, 0);
    expect_nan("ER_F_MEAN, no posts", er.value);
}

/* ---- ER_F_MEDIAN -------------------------------------------------------- */

/* Post i, days_ago[i] days before NOW_MS, with 100 (i + 1) likes: the
 * median tells how many of the newest posts the window took. */
static void dated_posts(struct niche_post *posts, const int *days_ago, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        posts[i] = post(NICHE_PLATFORM_INSTAGRAM, 100 * ((int64_t)i + 1), 1, M, M);
        posts[i].posted_ms = NOW_MS - days_ago[i] * DAY_MS;
    }
}

/* Enough posts in 60 days: exactly those, however many older ones follow. */
static void test_metrics__er_f_median_60_days(void **state)
{
    static const int days[] = {1,  5,  9,  13, 17, 21, 25, 29, 33, 37,
                               41, 45, 49, 53, 59, 61, 65, 70, 80, 90};
    struct niche_er_opts o = NICHE_ER_OPTS_INIT;
    struct niche_post posts[20];
    struct niche_er er;

    (void)state;
    dated_posts(posts, days, 20);
    niche_er_f_median(posts, 20, 10000, NOW_MS, &o, &er);
    assert_int_equal(er.n, 15);
    expect_near("ER_F_MEDIAN, 15 posts", er.value, 800.0 / 10000, 1e-12);
    niche_er_f_median(posts, 20, M, NOW_MS, &o, &er);
    expect_nan("ER_F_MEDIAN, F missing", er.value);
}

/* Four posts in 60 days: older ones join up to the floor of 10. */
static void test_metrics__er_f_median_extended(void **state)
{
    static const int days[] = {2, 10, 30, 50, 80, 100, 120, 140, 160, 180, 200, 220};
    struct niche_er_opts o = NICHE_ER_OPTS_INIT;
    struct niche_post posts[12];
    struct niche_er er;

    (void)state;
    dated_posts(posts, days, 12);
    niche_er_f_median(posts, 12, 10000, NOW_MS, &o, &er);
    assert_int_equal(er.n, 10);
    expect_near("ER_F_MEDIAN, extended", er.value, 550.0 / 10000, 1e-12); /* 100..1000 */
}

/* The extension stops at 300 days even below the floor. */
static void test_metrics__er_f_median_max_days(void **state)
{
    static const int days[] = {2, 10, 100, 200, 290, 310, 320, 330, 340, 350, 360, 370};
    struct niche_er_opts o = NICHE_ER_OPTS_INIT;
    struct niche_post posts[12];
    struct niche_er er;

    (void)state;
    dated_posts(posts, days, 12);
    niche_er_f_median(posts, 12, 10000, NOW_MS, &o, &er);
    assert_int_equal(er.n, 5);
    expect_nan("ER_F_MEDIAN, 5 posts in 300 days", er.value);
    o.min_posts = 5;
    niche_er_f_median(posts, 12, 10000, NOW_MS, &o, &er);
    assert_int_equal(er.n, 5);
    expect_near("ER_F_MEDIAN, floor 5", er.value, 300.0 / 10000, 1e-12);
}

/* Hidden posts are dropped, and the extension reaches for valid posts:
 * hidden ones do not count towards the floor. */
static void test_metrics__er_f_median_hidden(void **state)
{
    static const int days[] = {2,   10,  30,  50,  80,  100, 120, 140,
                               160, 180, 200, 220, 240, 250, 260};
    struct niche_er_opts o = NICHE_ER_OPTS_INIT;
    struct niche_post posts[15];
    struct niche_er er;

    (void)state;
    dated_posts(posts, days, 15);
    posts[1].likes = M;
    posts[5].likes = 3; /* bogus: 3 likes, 4 comments */
    posts[5].comments = 4;
    posts[8].likes = -1;
    niche_er_f_median(posts, 15, 10000, NOW_MS, &o, &er);
    assert_int_equal(er.hidden, 3);
    assert_int_equal(er.n, 10);
    /* Valid likes 100, 300, 400, 500, 700, 800, 1000, 1100, 1200, 1300. */
    expect_near("ER_F_MEDIAN, hidden", er.value, 750.0 / 10000, 1e-12);
}

static void test_metrics__er_f_median_max_posts(void **state)
{
    struct niche_er_opts o = NICHE_ER_OPTS_INIT;
    struct niche_post *posts = calloc(600, sizeof(*posts));
    struct niche_er er;
    size_t i;

    (void)state;
    assert_non_null(posts);
    for (i = 0; i < 600; i++) { /* one every 2 hours: all within 60 days */
        posts[i] = post(NICHE_PLATFORM_INSTAGRAM, i < 500 ? 10 : 1000000, 1, M, M);
        posts[i].posted_ms = NOW_MS - (int64_t)i * 2 * 3600000LL;
    }
    niche_er_f_median(posts, 600, 1000, NOW_MS, &o, &er);
    assert_int_equal(er.n, 500);
    expect_near("ER_F_MEDIAN, 500 posts", er.value, 0.01, 1e-12);
    free(posts);
}

/* Posts of unknown time come last and never enter the window. */
static void test_metrics__er_f_median_unknown_time(void **state)
{
    static const int days[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    struct niche_er_opts o = NICHE_ER_OPTS_INIT;
    struct niche_post posts[12];
    struct niche_er er;

    (void)state;
    dated_posts(posts, days, 12);
    posts[10].posted_ms = posts[11].posted_ms = M;
    niche_er_f_median(posts, 12, 10000, NOW_MS, &o, &er);
    assert_int_equal(er.n, 10);
}

/* ---- ER_V --------------------------------------------------------------- */

/* Ten posts with views (five of 1,000 and five of 9,000, 100 engagements
 * each), twenty without, then posts past the window of 30. */
static void test_metrics__er_v(void **state)
{
    struct niche_er_opts o = NICHE_ER_OPTS_INIT;
    struct niche_post posts[34];
    struct niche_er er;
    size_t i;

    (void)state;
    for (i = 0; i < 34; i++) {
        int64_t views = i < 10 ? (i % 2 ? 9000 : 1000) : i < 30 ? (i % 2 ? M : 0) : 100;

        posts[i] = post(NICHE_PLATFORM_TIKTOK, i < 30 ? 80 : 90, 10, 10, views);
    }
    niche_er_v(posts, 34, &o, &er);
    /* sum/sum: 1000 / 50000; a mean of ratios would be 0.0556. */
    expect_near("ER_V", er.value, 0.02, 1e-12);
    assert_int_equal(er.n, 10);
    assert_int_equal(er.no_views, 20);
    assert_int_equal(er.hidden, 0);
}

static void test_metrics__er_v_floor(void **state)
{
    struct niche_er_opts o = NICHE_ER_OPTS_INIT;
    struct niche_post posts[10];
    struct niche_er er;
    size_t i;

    (void)state;
    for (i = 0; i < 10; i++)
        posts[i] = post(NICHE_PLATFORM_YOUTUBE, 40, 10, M, 1000);
    niche_er_v(posts, 10, &o, &er);
    expect_near("ER_V, youtube", er.value, 0.05, 1e-12);
    posts[4].likes = M;
    niche_er_v(posts, 10, &o, &er);
    expect_nan("ER_V, 9 valid", er.value);
    assert_int_equal(er.n, 9);
    assert_int_equal(er.hidden, 1);
}

/* ---- median and bands --------------------------------------------------- */

static void test_metrics__median(void **state)
{
    double odd[] = {9, 1, 5}, even[] = {4, 1, 3, 2}, one[] = {7};

    (void)state;
    expect_near("median odd", niche_median(odd, 3), 5, 0);
    expect_near("median even", niche_median(even, 4), 2.5, 0);
    expect_near("median one", niche_median(one, 1), 7, 0);
    expect_nan("median empty", niche_median(NULL, 0));
}

static int cmp_ref(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Both ways of niche_median (inline sort for short inputs, qsort beyond)
 * against a plain sort, at every length around the switch, with ties. */
static void test_metrics__median_lengths(void **state)
{
    double x[130], ref[130];
    uint64_t r = 88172645463325252ull;
    size_t n, i;

    (void)state;
    for (n = 1; n <= 130; n++) {
        for (i = 0; i < n; i++) {
            r ^= r << 13, r ^= r >> 7, r ^= r << 17;
            x[i] = (double)(r % 40) - 20.5;   /* ties and negatives */
        }
        memcpy(ref, x, n * sizeof(*x));
        qsort(ref, n, sizeof(*ref), cmp_ref);
        assert_true(niche_median(x, n) ==
                    (n % 2 ? ref[n / 2] : (ref[n / 2 - 1] + ref[n / 2]) / 2));
        assert_memory_equal(x, ref, n * sizeof(*x));   /* left sorted (metrics.h) */
    }
}

static void test_metrics__band_of(void **state)
{
    (void)state;
    assert_int_equal(niche_band_of(1000), 90);
    assert_int_equal(niche_band_of(999), 89);
    assert_int_equal(niche_band_of(1), 0);
    assert_int_equal(niche_band_of(10), 30);
    assert_int_equal(niche_band_of(1000000), 180);
    assert_int_equal(niche_band_of(100000000), 240);
    assert_int_equal(niche_band_of(0), -1);
    assert_int_equal(niche_band_of(-3), -1);
    assert_int_equal(niche_band_of(M), -1);
}

/*
 * niche_band_floor(b) is the least follower count in band b or above. Of
 * the bands below 30 (under 10 followers) many hold no whole count (band
 * 1 runs from 1.08 to 1.17), so there the floor belongs to a later band;
 * from band 30 up every band holds counts and the round trip is exact.
 */
static void test_metrics__band_floor(void **state)
{
    int b;

    (void)state;
    assert_int_equal(niche_band_floor(0), 1);
    assert_int_equal(niche_band_floor(90), 1000);
    assert_int_equal(niche_band_floor(180), 1000000);
    for (b = 0; b <= 260; b++) {
        int64_t f = niche_band_floor(b);

        if (niche_band_of(f) < b || (f > 1 && niche_band_of(f - 1) >= b))
            fail_msg("band %d: floor %lld is in band %d, %lld in band %d", b, (long long)f,
                     niche_band_of(f), (long long)(f - 1), niche_band_of(f - 1));
        if ((b == 0 || b >= 30) && niche_band_of(f) != b)
            fail_msg("band %d: floor %lld is in band %d", b, (long long)f, niche_band_of(f));
    }
}

/* ---- Wilson interval and sample sizes ----------------------------------- */

static void test_metrics__wilson(void **state)
{
    double lo, hi;

    (void)state;
    /* domain.md 4: 60 of 385 flagged, interval 12.3-19.5%. */
    niche_wilson(60, 385, 1.96, &lo, &hi);
    expect_near("wilson 60/385 lo", lo, 0.123, 0.0005);
    expect_near("wilson 60/385 hi", hi, 0.195, 0.0005);
    /* 0 of 385 still bounds at 1.0%. */
    niche_wilson(0, 385, 1.96, &lo, &hi);
    expect_near("wilson 0/385 lo", lo, 0, 0);
    expect_near("wilson 0/385 hi", hi, 0.010, 0.0005);
    /* All flagged mirrors none flagged. */
    niche_wilson(385, 385, 1.96, &lo, &hi);
    expect_near("wilson 385/385 lo", lo, 0.990, 0.0005);
    expect_near("wilson 385/385 hi", hi, 1, 1e-12);
    niche_wilson(0, 0, 1.96, &lo, &hi);
    expect_nan("wilson n 0 lo", lo);
    expect_nan("wilson n 0 hi", hi);
    niche_wilson(5, 4, 1.96, &lo, &hi);
    expect_nan("wilson x > n", lo);
}

static void test_metrics__sample_size(void **state)
{
    (void)state;
    assert_int_equal(niche_sample_size(0.05, 0), 385);
    assert_int_equal(niche_sample_size(0.10, 0), 97);
    assert_int_equal(niche_sample_size(0.03, 0), 1068);
    assert_int_equal(niche_sample_size(0.01, 0), 9604);
    assert_int_equal(niche_sample_size(0.05, 2000), 323);
    assert_int_equal(niche_sample_size(0.05, -1), 385);
    assert_int_equal(niche_sample_size(0.05, M), 385);
    /* A tiny audience: sample (almost) everyone, never more. */
    assert_true(niche_sample_size(0.05, 50) <= 50);
}

/* ---- activity ----------------------------------------------------------- */

/* Posts on days 14, 0, (unknown), 28, 7: four dated over four weeks,
 * gaps 7, 7, 14 days (mean 28/3, sd sqrt(98)/3: CV sqrt(2)/4). */
static void test_metrics__activity(void **state)
{
    static const int64_t days[] = {14, 0, -1, 28, 7};
    struct niche_post posts[5];
    struct niche_activity a;
    size_t i;

    (void)state;
    for (i = 0; i < 5; i++) {
        posts[i] = post(NICHE_PLATFORM_INSTAGRAM, 1, 1, M, M);
        posts[i].posted_ms = days[i] < 0 ? M : NOW_MS + days[i] * DAY_MS;
    }
    niche_activity(posts, 5, &a);
    assert_int_equal(a.n, 4);
    expect_near("posts per week", a.posts_per_week, 0.75, 1e-12);
    expect_near("interval CV", a.interval_cv, sqrt(2.0) / 4, 1e-12);
    assert_true(a.first_ms == NOW_MS);
    assert_true(a.last_ms == NOW_MS + 28 * DAY_MS);
}

static void test_metrics__activity_small(void **state)
{
    struct niche_post posts[3];
    struct niche_activity a;
    size_t i;

    (void)state;
    for (i = 0; i < 3; i++) {
        posts[i] = post(NICHE_PLATFORM_INSTAGRAM, 1, 1, M, M);
        posts[i].posted_ms = NOW_MS + (int64_t)i * 2 * DAY_MS;
    }
    niche_activity(posts, 3, &a); /* like clockwork */
    expect_near("clockwork CV", a.interval_cv, 0, 0);
    expect_near("every 2 days", a.posts_per_week, 3.5, 1e-12);
    niche_activity(posts, 2, &a);
    expect_near("two posts", a.posts_per_week, 3.5, 1e-12);
    expect_nan("CV of two posts", a.interval_cv);
    niche_activity(posts, 1, &a);
    expect_nan("one post", a.posts_per_week);
    niche_activity(posts, 0, &a);
    assert_int_equal(a.n, 0);
    assert_true(a.first_ms == M && a.last_ms == M);
}

/* ---- growth ------------------------------------------------------------- */

/* 26 weekly snapshots growing 1% a week, with a slight wobble; from week
 * `at` on (if at > 0) the curve is multiplied by `step`. */
static void weekly(struct niche_snapshot *s, int n, int at, double step)
{
    int i;

    for (i = 0; i < n; i++) {
        double f = 20000 * pow(1.01, i) * (i % 3 == 2 ? 1.001 : 1.0);

        niche_snapshot_init(&s[i]);
        s[i].taken_ms = NOW_MS + i * WEEK_MS;
        s[i].followers = (int64_t)llround(at > 0 && i >= at ? f * step : f);
    }
}

static void test_metrics__growth_smooth(void **state)
{
    struct niche_snapshot s[26];
    struct niche_anomaly an[4];
    struct niche_growth g;

    (void)state;
    weekly(s, 26, 0, 1);
    niche_growth(s, 26, &g, an, 4);
    assert_int_equal(g.n, 26);
    assert_int_equal(g.anomalies, 0);
    assert_true(g.from_ms == NOW_MS && g.to_ms == NOW_MS + 25 * WEEK_MS);
    /* 1% a week (the wobble misses both ends): 1.01^(30/7) - 1. */
    expect_near("monthly", g.monthly, pow(1.01, 30.0 / 7) - 1, 1e-5);
}

static void test_metrics__growth_spike(void **state)
{
    struct niche_snapshot s[26];
    struct niche_anomaly an[4];
    struct niche_growth g;

    (void)state;
    weekly(s, 26, 13, 1.3);
    niche_growth(s, 26, &g, an, 4);
    assert_int_equal(g.anomalies, 1);
    assert_int_equal(an[0].kind, NICHE_ANOMALY_SPIKE);
    assert_true(an[0].from_ms == s[12].taken_ms && an[0].to_ms == s[13].taken_ms);
    assert_true(an[0].delta == s[13].followers - s[12].followers);
    expect_near("spike relative", an[0].relative, (double)an[0].delta / (double)s[12].followers,
                1e-12);
    assert_true(an[0].relative > 0.3);
    assert_true(an[0].score >= NICHE_ANOMALY_Z);
}

static void test_metrics__growth_drop(void **state)
{
    struct niche_snapshot s[26];
    struct niche_anomaly an[4];
    struct niche_growth g;

    (void)state;
    weekly(s, 26, 20, 0.8);
    niche_growth(s, 26, &g, an, 4);
    assert_int_equal(g.anomalies, 1);
    assert_int_equal(an[0].kind, NICHE_ANOMALY_DROP);
    assert_true(an[0].from_ms == s[19].taken_ms && an[0].to_ms == s[20].taken_ms);
    assert_true(an[0].delta == s[20].followers - s[19].followers);
    assert_true(an[0].delta < 0);
    expect_near("drop relative", an[0].relative, -0.19, 0.01);
    assert_true(an[0].score <= -NICHE_ANOMALY_Z);
}

/* Two spikes with room for one: both counted, the larger kept. */
static void test_metrics__growth_largest_first(void **state)
{
    struct niche_snapshot s[26];
    struct niche_anomaly an[1];
    struct niche_growth g;
    int i;

    (void)state;
    weekly(s, 26, 8, 1.2);
    for (i = 18; i < 26; i++)
        s[i].followers = s[i].followers * 3 / 2;
    niche_growth(s, 26, &g, an, 1);
    assert_int_equal(g.anomalies, 2);
    assert_true(an[0].from_ms == s[17].taken_ms);
    niche_growth(s, 26, &g, NULL, 0);
    assert_int_equal(g.anomalies, 2);
}

/* Four steps are the least a baseline is drawn from. */
static void test_metrics__growth_few_snapshots(void **state)
{
    struct niche_snapshot s[5];
    struct niche_anomaly an[2];
    struct niche_growth g;

    (void)state;
    weekly(s, 5, 3, 2.0);
    niche_growth(s, 4, &g, an, 2); /* 3 steps, one doubling: not judged */
    assert_int_equal(g.n, 4);
    assert_int_equal(g.anomalies, 0);
    assert_false(isnan(g.monthly));
    niche_growth(s, 5, &g, an, 2); /* 4 steps: judged */
    assert_int_equal(g.anomalies, 1);
    assert_int_equal(an[0].kind, NICHE_ANOMALY_SPIKE);
}

/* Days 0, 20, 40, 90 at 1000, 1050, 1100, 1440 followers (and one
 * snapshot without a count): monthly 1.44^(30/90) - 1; last_30d from day
 * 40, the latest snapshot at least 30 days before day 90. */
static void test_metrics__growth_monthly(void **state)
{
    static const int64_t days[] = {0, 20, 40, 70, 90};
    static const int64_t followers[] = {1000, 1050, 1100, M, 1440};
    struct niche_snapshot s[5];
    struct niche_growth g;
    int i;

    (void)state;
    for (i = 0; i < 5; i++) {
        niche_snapshot_init(&s[i]);
        s[i].taken_ms = NOW_MS + days[i] * DAY_MS;
        s[i].followers = followers[i];
    }
    niche_growth(s, 5, &g, NULL, 0);
    assert_int_equal(g.n, 4);
    expect_near("monthly", g.monthly, pow(1.44, 1.0 / 3) - 1, 1e-12);
    expect_near("last 30 days", g.last_30d, 340.0 / 1100, 1e-12);
    /* A span under 30 days has no last_30d; one snapshot no growth. */
    niche_growth(s, 2, &g, NULL, 0);
    expect_near("monthly, 20 days", g.monthly, pow(1.05, 1.5) - 1, 1e-12);
    expect_nan("last 30 days, 20-day span", g.last_30d);
    niche_growth(s, 1, &g, NULL, 0);
    expect_nan("monthly, one snapshot", g.monthly);
    assert_int_equal(g.anomalies, 0);
}

/* ---- audience quality score -------------------------------------------- */

static void fill(double *part, double v)
{
    int i;

    for (i = 0; i < NICHE_AQS__COUNT; i++)
        part[i] = v;
}

static void test_metrics__aqs_weights(void **state)
{
    double sum = 0;
    int i;

    (void)state;
    for (i = 0; i < NICHE_AQS__COUNT; i++)
        sum += niche_aqs_weight((enum niche_aqs_part)i);
    expect_near("weights sum", sum, 1, 1e-12);
    expect_near("authentic weight", niche_aqs_weight(NICHE_AQS_AUTHENTIC), 0.35, 0);
    expect_near("reachability weight", niche_aqs_weight(NICHE_AQS_REACHABILITY), 0.10, 0);
    expect_near("unknown part", niche_aqs_weight(NICHE_AQS__COUNT), 0, 0);
    assert_string_equal(niche_aqs_part_name(NICHE_AQS_AUTHENTIC), "authentic_share");
    assert_string_equal(niche_aqs_part_name(NICHE_AQS__COUNT), "unknown");
}

static void test_metrics__aqs(void **state)
{
    double part[NICHE_AQS__COUNT];

    (void)state;
    fill(part, 1);
    expect_near("all 1", niche_aqs(part), 100, 1e-9);
    fill(part, 0.5);
    expect_near("all 0.5", niche_aqs(part), 50, 1e-9);
    /* Only authenticity (1) and engagement (0): 0.35 / 0.60. */
    fill(part, NAN);
    part[NICHE_AQS_AUTHENTIC] = 1;
    part[NICHE_AQS_ENGAGEMENT] = 0;
    expect_near("two parts", niche_aqs(part), 100 * 0.35 / 0.60, 1e-9);
    part[NICHE_AQS_ENGAGEMENT] = NAN;
    expect_nan("authentic alone", niche_aqs(part));
    fill(part, 1);
    part[NICHE_AQS_AUTHENTIC] = NAN;
    expect_nan("authentic missing", niche_aqs(part));
    fill(part, 2); /* parts are clamped to [0, 1] */
    expect_near("clamped", niche_aqs(part), 100, 1e-9);
}

static void test_metrics__names(void **state)
{
    (void)state;
    assert_string_equal(niche_er_variant_name(NICHE_ER_F_MEAN), "ER_F_MEAN");
    assert_string_equal(niche_er_variant_name(NICHE_ER_F_MEDIAN), "ER_F_MEDIAN");
    assert_string_equal(niche_er_variant_name(NICHE_ER_V), "ER_V");
    assert_string_equal(niche_er_variant_name(NICHE_ER__COUNT), "unknown");
    assert_true(niche_platform_has_views(NICHE_PLATFORM_TIKTOK));
    assert_true(niche_platform_has_views(NICHE_PLATFORM_YOUTUBE));
    assert_false(niche_platform_has_views(NICHE_PLATFORM_INSTAGRAM));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics__numerators),
        cmocka_unit_test(test_metrics__numerators_missing_parts),
        cmocka_unit_test(test_metrics__numerators_for_views),
        cmocka_unit_test(test_metrics__likes_valid),
        cmocka_unit_test(test_metrics__post_er),
        cmocka_unit_test(test_metrics__er_f_mean),
        cmocka_unit_test(test_metrics__er_f_mean_hidden),
        cmocka_unit_test(test_metrics__er_f_mean_few_posts),
        cmocka_unit_test(test_metrics__er_f_median_60_days),
        cmocka_unit_test(test_metrics__er_f_median_extended),
        cmocka_unit_test(test_metrics__er_f_median_max_days),
        cmocka_unit_test(test_metrics__er_f_median_hidden),
        cmocka_unit_test(test_metrics__er_f_median_max_posts),
        cmocka_unit_test(test_metrics__er_f_median_unknown_time),
        cmocka_unit_test(test_metrics__er_v),
        cmocka_unit_test(test_metrics__er_v_floor),
        cmocka_unit_test(test_metrics__median),
        cmocka_unit_test(test_metrics__median_lengths),
        cmocka_unit_test(test_metrics__band_of),
        cmocka_unit_test(test_metrics__band_floor),
        cmocka_unit_test(test_metrics__wilson),
        cmocka_unit_test(test_metrics__sample_size),
        cmocka_unit_test(test_metrics__activity),
        cmocka_unit_test(test_metrics__activity_small),
        cmocka_unit_test(test_metrics__growth_smooth),
        cmocka_unit_test(test_metrics__growth_spike),
        cmocka_unit_test(test_metrics__growth_drop),
        cmocka_unit_test(test_metrics__growth_largest_first),
        cmocka_unit_test(test_metrics__growth_few_snapshots),
        cmocka_unit_test(test_metrics__growth_monthly),
        cmocka_unit_test(test_metrics__aqs_weights),
        cmocka_unit_test(test_metrics__aqs),
        cmocka_unit_test(test_metrics__names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
