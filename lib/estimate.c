/*
 * estimate.c - estimated reach, impressions and price per post, and the
 * price table they use (metrics.h; rules in docs/quality.md).
 *
 * Everything here is an estimate and is labelled so wherever it is shown:
 * measured reach needs the creator's own statistics.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "niche/metrics.h"
#include "internal.h"
#include "banned.h"

void niche_price_table_default(struct niche_price_table *t)
{
    int p;

    memset(t, 0, sizeof(*t));
    memcpy(t->currency, "USD", 4);
    for (p = 0; p < NICHE_PLATFORM__COUNT; p++)
        t->cpm[p] = 15;
    t->cpm[NICHE_PLATFORM_INSTAGRAM] = 20;
    t->cpm[NICHE_PLATFORM_TIKTOK] = 5;
    t->cpm[NICHE_PLATFORM_YOUTUBE] = 25;
    t->cpm[NICHE_PLATFORM_X] = 8;
    t->min_price = 10;
    t->max_price = 10e6;
    t->er_weight = 0.4;
    snprintf(t->source, sizeof(t->source), "default (Wordontheblock, Untapper CPM bands)");
}

/* A value that parsed but is wrong. jansson keeps no positions past
 * parsing, so the message names the file and the key instead of a line. */
static int bad(struct niche_error *err, const char *name, const char *fmt, ...)
    NICHE_PRINTF(3, 4);

static int bad(struct niche_error *err, const char *name, const char *fmt, ...)
{
    char what[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    niche_error_set(err, NICHE_EPARSE, "%s: price table: %s", name ? name : "<input>", what);
    if (err)
        snprintf(err->file, sizeof(err->file), "%s", name ? name : "<input>");
    return NICHE_EPARSE;
}

static int read_number(json_t *o, const char *key, double lo, double hi, double *out,
                       const char *name, struct niche_error *err)
{
    json_t *v = json_object_get(o, key);

    if (!v)
        return 0;
    if (!json_is_number(v) || json_number_value(v) < lo || json_number_value(v) > hi ||
        isnan(json_number_value(v)))
        return bad(err, name, "\"%s\" must be a number from %g to %g", key, lo, hi);
    *out = json_number_value(v);
    return 0;
}

static int read_cpms(struct niche_price_table *t, json_t *cpm, const char *name,
                     struct niche_error *err)
{
    const char *key;
    json_t *v;

    if (!cpm)
        return 0;
    if (!json_is_object(cpm))
        return bad(err, name, "\"cpm\" must be an object of platform: number");
    json_object_foreach(cpm, key, v) {
        enum niche_platform p = niche_platform_parse(key, strlen(key));

        if (p == NICHE_PLATFORM_UNKNOWN)
            return bad(err, name, "unknown platform \"%s\" in \"cpm\"", key);
        if (read_number(cpm, key, 0, 1e6, &t->cpm[p], name, err) < 0)
            return err ? err->code : NICHE_EPARSE;
    }
    return 0;
}

/* Three ASCII letters, either case: a length test alone let "12$" and
 * "\u20ac" (three bytes of UTF-8) through as currency codes. */
static int is_currency(const char *c)
{
    int i;

    for (i = 0; c && i < 3; i++)
        if (!((c[i] >= 'A' && c[i] <= 'Z') || (c[i] >= 'a' && c[i] <= 'z')))
            return 0;
    return c && c[3] == '\0';
}

/* A misspelt key ("er_wieght") must not pass silently as a default. */
static int known_keys(json_t *root, const char *name, struct niche_error *err)
{
    static const char *const keys[] = { "currency", "cpm", "min", "max", "er_weight", NULL };
    const char *key;
    json_t *v;
    int i;

    json_object_foreach(root, key, v) {
        for (i = 0; keys[i] && strcmp(keys[i], key); i++)
            ;
        if (!keys[i])
            return bad(err, name, "unknown key \"%s\" (expected currency, cpm, min, max,"
                       " er_weight)", key);
    }
    return 0;
}

static int read_table(struct niche_price_table *t, json_t *root, const char *name,
                      struct niche_error *err)
{
    json_t *cur = json_object_get(root, "currency");
    int i;

    if (!json_is_object(root))
        return bad(err, name, "expected a JSON object");
    if (known_keys(root, name, err) < 0)
        return NICHE_EPARSE;
    if (cur) {
        const char *c = json_string_value(cur);

        if (!is_currency(c))
            return bad(err, name, "\"currency\" must be a 3-letter code such as \"EUR\"");
        for (i = 0; i < 3; i++)
            t->currency[i] = (char)(c[i] >= 'a' ? c[i] - 32 : c[i]);
        t->currency[3] = '\0';
    }
    if (read_cpms(t, json_object_get(root, "cpm"), name, err) < 0 ||
        read_number(root, "min", 0, 1e12, &t->min_price, name, err) < 0 ||
        read_number(root, "max", 0, 1e12, &t->max_price, name, err) < 0 ||
        read_number(root, "er_weight", 0, 2, &t->er_weight, name, err) < 0)
        return err ? err->code : NICHE_EPARSE;
    if (t->min_price > t->max_price)
        return bad(err, name, "\"min\" is above \"max\"");
    snprintf(t->source, sizeof(t->source), "%s", name ? name : "<input>");
    return 0;
}

int niche_price_table_parse(struct niche_price_table *t, const char *json, size_t len,
                            const char *name, struct niche_error *err)
{
    struct niche_price_table tmp = *t;
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    int rc;

    if (!root)
        return niche_error_at(err, NICHE_EPARSE, name, je.line, je.column,
                              "price table: %s", je.text);
    rc = read_table(&tmp, root, name, err);
    json_decref(root);
    if (rc == 0)
        *t = tmp;   /* all or nothing */
    return rc;
}

/* Share of followers a feed post reaches: 15.7% at 10k-50k, 3.2% at
 * 500k-1M [Cirqle], log-linear between the middles of the two ranges. */
static double reach_share(int64_t followers)
{
    double x1 = log10(22360.7), x2 = log10(707106.8), y1 = 0.157, y2 = 0.032;
    double r = y1 + (log10((double)followers) - x1) * (y2 - y1) / (x2 - x1);

    return fmin(fmax(r, 0.02), 0.30);
}

void niche_estimate(enum niche_platform p, int64_t followers, double median_views,
                    double er_percentile, const struct niche_price_table *t,
                    struct niche_estimate *out)
{
    double price, mod = 1;

    out->reach = out->impressions = out->price = NAN;
    out->basis = "followers";
    if (followers == NICHE_MISSING || followers < 0)
        return;
    if (niche_platform_has_views(p) && !isnan(median_views)) {
        out->reach = median_views;
        out->basis = "views";
    } else {
        out->reach = followers > 0 ? (double)followers * reach_share(followers) : 0;
    }
    out->impressions = 1.5 * out->reach;
    if (!isnan(er_percentile))
        mod = 1 + t->er_weight * (er_percentile - 0.5);
    price = out->impressions / 1000.0 * t->cpm[p] * mod;
    out->price = fmin(fmax(price, t->min_price), t->max_price);
}
