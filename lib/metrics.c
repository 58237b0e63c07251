/*
 * metrics.c - engagement rates, peer bands, intervals, activity and growth
 * (metrics.h; definitions in docs/quality.md).
 *
 * Every function takes plain structs and returns NaN rather than guess:
 * a hidden like count, a missing view count or too few posts make a rate
 * missing, never zero.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "niche/metrics.h"
#include "internal.h"
#include "banned.h"

#define DAY_MS 86400000LL

static const char *const variant_names[NICHE_ER__COUNT] = {
    "ER_F_MEAN", "ER_F_MEDIAN", "ER_V"
};

const char *niche_er_variant_name(enum niche_er_variant v)
{
    return (unsigned)v < NICHE_ER__COUNT ? variant_names[v] : "unknown";
}

static int known(int64_t v) { return v != NICHE_MISSING && v >= 0; }

int niche_likes_valid(const struct niche_post *p)
{
    if (!known(p->likes))
        return 0;
    /* Zeeschuimer and instagrapi write 3 for hidden likes (domain.md 2). */
    if (p->likes == 3 && ((known(p->comments) && p->comments > 3) ||
                          (known(p->views) && p->views > 3000)))
        return 0;
    return 1;
}

int niche_platform_has_views(enum niche_platform p)
{
    return p == NICHE_PLATFORM_TIKTOK || p == NICHE_PLATFORM_YOUTUBE;
}

/* Which counts a network adds to likes [Keyhole]. */
static int counts_shares(enum niche_platform p)
{
    return p == NICHE_PLATFORM_TIKTOK || p == NICHE_PLATFORM_FACEBOOK ||
           p == NICHE_PLATFORM_X;
}

double niche_engagements(const struct niche_post *p, int for_views)
{
    double e;

    if (!niche_likes_valid(p))
        return NAN;
    e = (double)p->likes;
    if (p->platform != NICHE_PLATFORM_X) {   /* x: likes + reposts only */
        if (!known(p->comments))
            return NAN;
        e += (double)p->comments;
    }
    if (counts_shares(p->platform) || for_views) {
        if (known(p->shares))
            e += (double)p->shares;
        else if (counts_shares(p->platform) && !for_views)
            return NAN;
    }
    return e;
}

double niche_post_er(const struct niche_post *p, int64_t followers)
{
    if (!known(followers) || followers == 0)
        return NAN;
    return niche_engagements(p, 0) / (double)followers;
}

void niche_er_f_mean(const struct niche_post *posts, size_t n, int64_t followers,
                     const struct niche_er_opts *o, struct niche_er *out)
{
    double sum = 0;
    size_t i, w = n < (size_t)o->mean_window ? n : (size_t)o->mean_window;

    memset(out, 0, sizeof(*out));
    for (i = 0; i < w; i++) {
        double e = niche_engagements(&posts[i], 0);

        if (isnan(e)) {
            out->hidden += !niche_likes_valid(&posts[i]);
            continue;
        }
        sum += e;
        out->n++;
    }
    out->value = out->n >= o->min_posts && known(followers) && followers > 0
                 ? sum / ((double)followers * out->n) : NAN;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Most medians are of a window of posts or snapshots (12 to 30 values):
 * below this, an inline insertion sort beats qsort's merge sort and its
 * comparison calls (3% of an analysis). */
#define MEDIAN_SMALL 48

double niche_median(double *x, size_t n)
{
    size_t i, j;

    if (n == 0)
        return NAN;
    if (n > MEDIAN_SMALL) {
        qsort(x, n, sizeof(*x), cmp_double);
    } else {
        for (i = 1; i < n; i++) {
            double v = x[i];

            for (j = i; j > 0 && v < x[j - 1]; j--)
                x[j] = x[j - 1];
            x[j] = v;
        }
    }
    return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

/* Posts of ER_F_MEDIAN's window: those of the last median_days; if fewer
 * than min_posts have valid likes, older ones until min_posts do, never
 * past median_max_days. The floor counts valid posts, so hidden ones must
 * not end the extension short of it. */
static size_t median_window(const struct niche_post *posts, size_t n, int64_t now_ms,
                            const struct niche_er_opts *o)
{
    size_t i;
    int valid = 0;

    for (i = 0; i < n && i < (size_t)o->median_max_posts; i++) {
        int64_t t = posts[i].posted_ms;

        if (t == NICHE_MISSING || t < now_ms - o->median_max_days * DAY_MS)
            break;
        if (t < now_ms - o->median_days * DAY_MS && valid >= o->min_posts)
            break;
        valid += niche_likes_valid(&posts[i]);
    }
    return i;
}

void niche_er_f_median(const struct niche_post *posts, size_t n, int64_t followers,
                       int64_t now_ms, const struct niche_er_opts *o, struct niche_er *out)
{
    size_t i, w = median_window(posts, n, now_ms, o);
    double *likes = niche_xmalloc((w ? w : 1) * sizeof(*likes));

    memset(out, 0, sizeof(*out));
    for (i = 0; i < w; i++) {
        if (!niche_likes_valid(&posts[i])) {
            out->hidden++;
            continue;
        }
        likes[out->n++] = (double)posts[i].likes;
    }
    out->value = out->n >= o->min_posts && known(followers) && followers > 0
                 ? niche_median(likes, (size_t)out->n) / (double)followers : NAN;
    free(likes);
}

void niche_er_v(const struct niche_post *posts, size_t n, const struct niche_er_opts *o,
                struct niche_er *out)
{
    double eng = 0, views = 0;
    size_t i, w = n < (size_t)o->views_window ? n : (size_t)o->views_window;

    memset(out, 0, sizeof(*out));
    for (i = 0; i < w; i++) {
        double e = niche_engagements(&posts[i], 1);

        if (!known(posts[i].views) || posts[i].views == 0) {
            out->no_views++;
            continue;
        }
        if (isnan(e)) {
            out->hidden += !niche_likes_valid(&posts[i]);
            continue;
        }
        eng += e;
        views += (double)posts[i].views;
        out->n++;
    }
    /* sum/sum, as HypeAuditor aggregates TikTok (domain.md 2). */
    out->value = out->n >= o->min_posts && views > 0 ? eng / views : NAN;
}

/* ---- peer bands --------------------------------------------------------- */

int niche_band_of(int64_t followers)
{
    if (!known(followers) || followers < 1)
        return -1;
    /* The epsilon keeps exact powers (1000 -> 90) out of the band below. */
    return (int)floor(30.0 * log10((double)followers) + 1e-9);
}

int64_t niche_band_floor(int b)
{
    int64_t f = b <= 0 ? 1 : (int64_t)ceil(pow(10.0, b / 30.0) - 1e-9);

    /* Near 10^(b/30) pow() and band_of()'s epsilon can disagree by one
     * follower (215443469 is in band 250 by band_of); band_of decides. */
    while (f > 1 && niche_band_of(f - 1) >= b)
        f--;
    while (niche_band_of(f) < b)
        f++;
    return f;
}

/* ---- intervals ---------------------------------------------------------- */

void niche_wilson(int64_t x, int64_t n, double z, double *lo, double *hi)
{
    double p, nn, d, centre, half;

    if (n <= 0 || x < 0 || x > n) {
        *lo = *hi = NAN;
        return;
    }
    p = (double)x / (double)n;
    nn = (double)n;
    d = 1 + z * z / nn;
    centre = (p + z * z / (2 * nn)) / d;
    half = z / d * sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
    *lo = centre - half < 0 ? 0 : centre - half;
    *hi = centre + half > 1 ? 1 : centre + half;
}

int64_t niche_sample_size(double e, int64_t followers)
{
    double z = 1.96, n;

    if (!(e > 0 && e <= 1))
        return -1;
    n = ceil(z * z * 0.25 / (e * e));
    if (followers > 0)
        n = ceil(n / (1 + (n - 1) / (double)followers));
    return (int64_t)n;
}

/* ---- activity ----------------------------------------------------------- */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return x < y ? -1 : x > y;
}

static double gaps_cv(const int64_t *t, int n)
{
    double mean = 0, var = 0;
    int i;

    for (i = 1; i < n; i++)
        mean += (double)(t[i] - t[i - 1]);
    mean /= n - 1;
    for (i = 1; i < n; i++) {
        double d = (double)(t[i] - t[i - 1]) - mean;

        var += d * d;
    }
    return mean > 0 ? sqrt(var / (n - 1)) / mean : NAN;
}

/* Ascending. Posts usually come newest first, so a reversal often does. */
static void sort_times(int64_t *t, size_t n)
{
    size_t i, up = 1, down = 1;

    for (i = 1; i < n && (up || down); i++) {
        up &= t[i - 1] <= t[i];
        down &= t[i - 1] >= t[i];
    }
    if (up)
        return;
    if (!down) {
        qsort(t, n, sizeof(*t), cmp_i64);
        return;
    }
    for (i = 0; i < n / 2; i++) {
        int64_t x = t[i];

        t[i] = t[n - 1 - i];
        t[n - 1 - i] = x;
    }
}

void niche_activity(const struct niche_post *posts, size_t n, struct niche_activity *out)
{
    int64_t *t = niche_xmalloc((n ? n : 1) * sizeof(*t));
    size_t i;
    double weeks;

    out->n = 0;
    for (i = 0; i < n; i++)
        if (posts[i].posted_ms != NICHE_MISSING)
            t[out->n++] = posts[i].posted_ms;
    sort_times(t, (size_t)out->n);
    out->first_ms = out->n ? t[0] : NICHE_MISSING;
    out->last_ms = out->n ? t[out->n - 1] : NICHE_MISSING;
    weeks = out->n ? (double)(t[out->n - 1] - t[0]) / (7.0 * DAY_MS) : 0;
    out->posts_per_week = out->n >= 2 && weeks > 0 ? (out->n - 1) / weeks : NAN;
    out->interval_cv = out->n >= 3 ? gaps_cv(t, out->n) : NAN;
    free(t);
}

/* ---- growth ------------------------------------------------------------- */

/* Relative daily growth of the step from a to b. */
static double step_rate(const struct niche_snapshot *a, const struct niche_snapshot *b)
{
    double days = (double)(b->taken_ms - a->taken_ms) / DAY_MS;

    if (days <= 0 || a->followers <= 0)
        return NAN;
    return ((double)(b->followers - a->followers) / (double)a->followers) / days;
}

static void growth_span(const struct niche_snapshot *s, size_t n, struct niche_growth *g)
{
    const struct niche_snapshot *first = &s[0], *last = &s[n - 1];
    double days = (double)(last->taken_ms - first->taken_ms) / DAY_MS;
    size_t i;

    g->from_ms = first->taken_ms;
    g->to_ms = last->taken_ms;
    g->monthly = days > 0 && first->followers > 0
                 ? pow((double)last->followers / (double)first->followers, 30.0 / days) - 1
                 : NAN;
    g->last_30d = NAN;
    for (i = n - 1; i-- > 0;)
        if (s[i].taken_ms <= last->taken_ms - 30 * DAY_MS) {
            if (s[i].followers > 0)
                g->last_30d = (double)(last->followers - s[i].followers) /
                              (double)s[i].followers;
            break;
        }
}

static int anomaly_cmp(const void *a, const void *b)
{
    double x = fabs(((const struct niche_anomaly *)a)->relative);
    double y = fabs(((const struct niche_anomaly *)b)->relative);

    return x < y ? 1 : x > y ? -1 : 0;
}

/* Keep a among the max largest in an[0..*kept): once an[] is full, a
 * replaces the smallest kept anomaly if it is larger, so that "largest
 * first" holds even when there are more anomalies than room. */
static void keep_largest(struct niche_anomaly *an, int *kept, int max,
                         const struct niche_anomaly *a)
{
    int i, small = 0;

    if (*kept < max) {
        an[(*kept)++] = *a;
        return;
    }
    if (max <= 0)
        return;
    for (i = 1; i < max; i++)
        if (anomaly_cmp(&an[i], &an[small]) > 0)
            small = i;
    if (anomaly_cmp(a, &an[small]) < 0)
        an[small] = *a;
}

/* Steps whose rate is NICHE_ANOMALY_Z robust deviations off the median. The
 * scale has a floor (0.02% a day) so that a perfectly smooth curve does not
 * turn its first wobble into an anomaly. */
static void find_anomalies(const struct niche_snapshot *s, const double *rate, size_t m,
                           struct niche_growth *g, struct niche_anomaly *an, int max)
{
    double *tmp = niche_xmalloc(m * sizeof(*tmp)), med, mad, scale;
    size_t i;
    int kept = 0;

    memcpy(tmp, rate, m * sizeof(*tmp));
    med = niche_median(tmp, m);
    for (i = 0; i < m; i++)
        tmp[i] = fabs(rate[i] - med);
    mad = niche_median(tmp, m);
    scale = fmax(1.4826 * mad, 0.0002);
    for (i = 0; i < m; i++) {
        struct niche_anomaly a;

        a.score = (rate[i] - med) / scale;
        a.relative = (double)(s[i + 1].followers - s[i].followers) / (double)s[i].followers;
        if (fabs(a.score) < NICHE_ANOMALY_Z || fabs(a.relative) < NICHE_ANOMALY_MIN_REL)
            continue;
        a.kind = a.score > 0 ? NICHE_ANOMALY_SPIKE : NICHE_ANOMALY_DROP;
        a.from_ms = s[i].taken_ms;
        a.to_ms = s[i + 1].taken_ms;
        a.delta = s[i + 1].followers - s[i].followers;
        g->anomalies++;
        keep_largest(an, &kept, max, &a);
    }
    if (kept > 1)   /* an may be NULL with max 0; qsort(NULL, 0) is undefined */
        qsort(an, (size_t)kept, sizeof(*an), anomaly_cmp);
    free(tmp);
}

void niche_growth(const struct niche_snapshot *snaps, size_t n, struct niche_growth *out,
                  struct niche_anomaly *an, int max)
{
    struct niche_snapshot *s = niche_xmalloc((n ? n : 1) * sizeof(*s));
    double *rate;
    size_t i, m = 0, k = 0;

    memset(out, 0, sizeof(*out));
    out->monthly = out->last_30d = NAN;
    out->from_ms = out->to_ms = NICHE_MISSING;
    for (i = 0; i < n; i++) {
        if (!known(snaps[i].followers) || snaps[i].taken_ms == NICHE_MISSING)
            continue;
        if (k > 0 && s[k - 1].taken_ms == snaps[i].taken_ms)
            k--;   /* two counts at one time: the later row wins */
        s[k++] = snaps[i];
    }
    out->n = (int)k;
    if (k >= 2)
        growth_span(s, k, out);
    rate = niche_xmalloc((k ? k : 1) * sizeof(*rate));
    for (i = 1; i < k; i++) {
        rate[m] = step_rate(&s[i - 1], &s[i]);
        if (isnan(rate[m]))
            break;   /* a zero count before a step: no rate to compare */
        m++;
    }
    /* Four steps at least, or a median means nothing. */
    if (m == k - 1 && m >= 4)
        find_anomalies(s, rate, m, out, an, max);
    free(rate);
    free(s);
}

/* ---- audience quality score -------------------------------------------- */

static const char *const aqs_names[NICHE_AQS__COUNT] = {
    "authentic_share", "engagement_percentile", "growth_without_anomaly",
    "comment_authenticity", "reachability"
};
static const double aqs_weights[NICHE_AQS__COUNT] = { 0.35, 0.25, 0.15, 0.15, 0.10 };

const char *niche_aqs_part_name(enum niche_aqs_part p)
{
    return (unsigned)p < NICHE_AQS__COUNT ? aqs_names[p] : "unknown";
}

double niche_aqs_weight(enum niche_aqs_part p)
{
    return (unsigned)p < NICHE_AQS__COUNT ? aqs_weights[p] : 0;
}

double niche_aqs(const double part[NICHE_AQS__COUNT])
{
    double sum = 0, w = 0;
    int i, nknown = 0;

    if (isnan(part[NICHE_AQS_AUTHENTIC]))
        return NAN;
    for (i = 0; i < NICHE_AQS__COUNT; i++) {
        if (isnan(part[i]))
            continue;
        sum += aqs_weights[i] * fmin(fmax(part[i], 0), 1);
        w += aqs_weights[i];
        nknown++;
    }
    return nknown >= 2 ? 100.0 * sum / w : NAN;
}
