/*
 * fuzz_sketch.c - libFuzzer target for the sketch deserializers
 * (niche_hll_deserialize, niche_minhash_deserialize; lib/sketch.c).
 *
 * The blobs come from the database, which anyone can edit, so any bytes
 * may come in; what must hold:
 *  - each deserializer returns 0 or NICHE_EPARSE; on failure *out is NULL
 *    and the message names the sketch and a byte offset within the input
 *    (or just past it);
 *  - a blob it accepts gives a usable sketch: a finite estimate >= 0, a
 *    Jaccard index of 1 with itself (NaN when empty), merges with itself
 *    unchanged, and serializes to a canonical blob that reads back to the
 *    same bytes;
 *  - the answer does not depend on having an error record.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "niche/error.h"
#include "niche/sketch.h"
#include "internal.h"
#include "banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_failure(int rc, const void *out, const struct niche_error *err,
                          const char *what, size_t size)
{
    if (rc != NICHE_EPARSE || err->code != NICHE_EPARSE)
        NICHE_BUG("%s: rc %d, code %d; want NICHE_EPARSE", what, rc, err->code);
    if (out)
        NICHE_BUG("%s: a failure left a sketch behind", what);
    if (!strstr(err->msg, "sketch: byte ") || err->column < 1 || (size_t)err->column > size + 1)
        NICHE_BUG("%s: message '%s' (column %ld) does not name an offset", what, err->msg,
                  err->column);
}

static void check_hll(struct niche_hll *h)
{
    struct niche_hll *again = NULL;
    unsigned char *a, *b;
    size_t na, nb;
    double e = niche_hll_estimate(h);

    if (!isfinite(e) || e < 0)
        NICHE_BUG("estimate %g", e);
    niche_hll_serialize(h, &a, &na);
    if (niche_hll_deserialize(&again, a, na, NULL) != 0)
        NICHE_BUG("a serialized sketch does not read back");
    if (niche_hll_merge(again, h, NULL) != 0)
        NICHE_BUG("merge with a copy failed");
    niche_hll_serialize(again, &b, &nb);
    if (na != nb || memcmp(a, b, na))
        NICHE_BUG("merging a sketch with itself changed it");
    free(a);
    free(b);
    niche_hll_free(again);
}

static void check_minhash(struct niche_minhash *m)
{
    struct niche_minhash *again = NULL;
    unsigned char *a, *b;
    size_t na, nb;
    double j = niche_minhash_jaccard(m, m);

    if (niche_minhash_count(m) ? j != 1 : !isnan(j))
        NICHE_BUG("Jaccard with itself %g over %d values", j, niche_minhash_count(m));
    niche_minhash_serialize(m, &a, &na);
    if (niche_minhash_deserialize(&again, a, na, NULL) != 0 ||
        niche_minhash_merge(again, m, NULL) != 0)
        NICHE_BUG("a serialized signature does not read back or merge");
    niche_minhash_serialize(again, &b, &nb);
    if (na != nb || memcmp(a, b, na))
        NICHE_BUG("merging a signature with itself changed it");
    free(a);
    free(b);
    niche_minhash_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct niche_error err = NICHE_ERROR_INIT;
    struct niche_hll *h = NULL, *h2 = NULL;
    struct niche_minhash *m = NULL, *m2 = NULL;
    int rc, rc2;

    rc = niche_hll_deserialize(&h, data, size, &err);
    rc2 = niche_hll_deserialize(&h2, data, size, NULL);
    if (rc != rc2)
        NICHE_BUG("hll: rc %d with an error record, %d without", rc, rc2);
    if (rc == 0)
        check_hll(h);
    else
        check_failure(rc, h, &err, "hll", size);
    niche_hll_free(h);
    niche_hll_free(h2);

    niche_error_clear(&err);
    rc = niche_minhash_deserialize(&m, data, size, &err);
    rc2 = niche_minhash_deserialize(&m2, data, size, NULL);
    if (rc != rc2)
        NICHE_BUG("minhash: rc %d with an error record, %d without", rc, rc2);
    if (rc == 0)
        check_minhash(m);
    else
        check_failure(rc, m, &err, "minhash", size);
    niche_minhash_free(m);
    niche_minhash_free(m2);
    return 0;
}
