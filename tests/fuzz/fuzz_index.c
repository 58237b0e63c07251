/*
 * fuzz_index.c - libFuzzer target for the discovery index's snapshot
 * parser (niche__index_parse, lib/index_snap.c).
 *
 * Any bytes may come in; what must hold:
 *  - the parser returns 0 or NICHE_EPARSE with a message naming the input;
 *  - an index it accepts can be searched and described without reading
 *    outside the buffer (ASan watches), whatever its bitmaps say.
 * Most inputs fail the checksum at once, so the corpus holds whole
 * snapshots; the fuzzer also tries each with the checksum recomputed, to
 * reach the section parsers behind it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#include "niche/error.h"
#include "niche/index.h"
#include "niche/search.h"
#include "index_int.h"
#include "internal.h"
#include "banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use(const struct niche_index *ix)
{
    struct niche_search_query q;
    struct niche_search_result r;
    struct niche_index_stats s;
    struct niche_error err;

    niche_index_stats(ix, &s);
    niche_search_query_init(&q);
    q.all_accounts = 1;
    q.niches[q.nniches++] = "fitness";
    q.targets[0].dimension = "gender";   /* dense in a world of creators */
    q.targets[0].key = "female";
    q.targets[0].min = 0.5;
    q.targets[1].dimension = "country";
    q.targets[1].key = "US";
    q.targets[1].min = 0.3;
    q.ntargets = 2;
    q.sort = NICHE_KEY_FIT;
    if (niche_search(ix, &q, &r, &err) == 0)
        niche_search_result_free(&r);
    niche_search_query_init(&q);
    q.audience[0].dimension = "country";
    q.audience[0].key = "US";
    q.audience[0].min = 0.3;
    q.naudience = 1;
    q.keywords[q.nkeywords++] = "fit";
    if (niche_search(ix, &q, &r, &err) == 0)
        niche_search_result_free(&r);
}

static void one(const uint8_t *data, size_t size)
{
    struct niche_index *ix = NULL;
    struct niche_error err;
    int rc;

    niche_error_clear(&err);
    rc = niche__index_parse(data, size, "fuzz", &ix, &err);
    if (rc == 0) {
        use(ix);
        niche_index_free(ix);
    } else if (rc != NICHE_EPARSE || !strstr(err.msg, "fuzz")) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy;
    uint64_t sum;

    one(data, size);
    if (size <= 128)
        return 0;
    /* The same bytes with a valid length and checksum. */
    copy = niche_xmalloc(size);
    memcpy(copy, data, size);
    sum = XXH3_64bits(copy + 128, size - 128);
    memcpy(copy + 16, &(uint64_t){ size }, 8);
    memcpy(copy + 24, &sum, 8);
    one(copy, size);
    free(copy);
    return 0;
}
