/*
 * fuzz_prices.c - libFuzzer target for the price table parser
 * (niche_price_table_parse, lib/estimate.c).
 *
 * Any bytes may come in; what must hold:
 *  - the parser returns 0 or NICHE_EPARSE, and fails with a message that
 *    names the input;
 *  - a failure leaves the table exactly as it was (all or nothing);
 *  - a table it accepts is usable: a 3-letter upper-case currency, finite
 *    CPMs >= 0, 0 <= min <= max, er_weight in [0, 2], and estimates priced
 *    within [min, max];
 *  - the answer does not depend on having an error record.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "niche/error.h"
#include "niche/metrics.h"
#include "internal.h"
#include "banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_same(const struct niche_price_table *a, const struct niche_price_table *b)
{
    int p;

    if (strcmp(a->currency, b->currency) || strcmp(a->source, b->source) ||
        a->min_price != b->min_price || a->max_price != b->max_price ||
        a->er_weight != b->er_weight)
        NICHE_BUG("a failed parse changed the table");
    for (p = 0; p < NICHE_PLATFORM__COUNT; p++)
        if (a->cpm[p] != b->cpm[p])
            NICHE_BUG("a failed parse changed cpm[%d]", p);
}

static void check_currency(const char *c)
{
    int i;

    for (i = 0; i < 3; i++)
        if (c[i] < 'A' || c[i] > 'Z')
            NICHE_BUG("currency '%.4s' is not 3 upper-case letters", c);
    if (c[3] != '\0')
        NICHE_BUG("currency is not terminated");
}

/* An accepted table prices every platform inside its bounds. */
static void check_table(const struct niche_price_table *t)
{
    struct niche_estimate e;
    int p;

    check_currency(t->currency);
    if (!memchr(t->source, '\0', sizeof(t->source)))
        NICHE_BUG("source is not terminated");
    if (!(t->min_price >= 0 && t->min_price <= t->max_price && isfinite(t->max_price)))
        NICHE_BUG("bounds %g..%g", t->min_price, t->max_price);
    if (!(t->er_weight >= 0 && t->er_weight <= 2))
        NICHE_BUG("er_weight %g", t->er_weight);
    for (p = 0; p < NICHE_PLATFORM__COUNT; p++) {
        if (!isfinite(t->cpm[p]) || t->cpm[p] < 0)
            NICHE_BUG("cpm[%d] = %g", p, t->cpm[p]);
        niche_estimate((enum niche_platform)p, 50000, 10000, 1.0, t, &e);
        if (!(e.price >= t->min_price && e.price <= t->max_price))
            NICHE_BUG("price %g outside %g..%g", e.price, t->min_price, t->max_price);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct niche_error err = NICHE_ERROR_INIT;
    struct niche_price_table t, before, again;
    const char *json = (const char *)data;
    int rc, rc2;

    niche_price_table_default(&t);
    before = t;
    again = t;
    rc = niche_price_table_parse(&t, json, size, "prices.json", &err);
    rc2 = niche_price_table_parse(&again, json, size, "prices.json", NULL);
    if (rc != rc2)
        NICHE_BUG("rc %d with an error record, %d without", rc, rc2);
    if (rc == 0) {
        if (err.code != 0)
            NICHE_BUG("success with error code %d", err.code);
        check_table(&t);
        return 0;
    }
    if (rc != NICHE_EPARSE || err.code != NICHE_EPARSE)
        NICHE_BUG("rc %d, code %d; want NICHE_EPARSE", rc, err.code);
    if (strncmp(err.msg, "prices.json:", 12) != 0)
        NICHE_BUG("message '%s' does not name the input", err.msg);
    check_same(&t, &before);
    check_same(&again, &before);
    return 0;
}
