/*
 * fuzz_import.c - libFuzzer target for the importers (lib/import.c) over
 * an in-memory SQLite store.
 *
 * The first byte chooses the format (bit 0: JSONL, else CSV), skip_bad
 * (bit 1), a default platform (bit 2) and column maps for accounts
 * (bit 3); the rest is the file, imported as each of the four kinds.
 * Checked on every import:
 *  - a failed import wrote nothing: the store's counts are unchanged;
 *  - a successful one accounts for every row (imported + skipped = rows),
 *    skips nothing without skip_bad, and when it imported no row it
 *    changed nothing either.
 * The store is opened once and emptied now and then so it stays small.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "niche/import.h"
#include "niche/store.h"
#include "internal.h"
#include "banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct niche_store *store;

static void on_skip(void *ctx, const struct niche_error *e)
{
    long *n = ctx;

    if (!e || e->code >= 0 || !e->msg[0])
        NICHE_BUG("skipped row without an error");
    (*n)++;
}

static void counts(struct niche_store_counts *c)
{
    struct niche_error err = NICHE_ERROR_INIT;

    if (niche_store_counts(store, NULL, c, &err) < 0)
        NICHE_BUG("counts failed: %s", err.msg);
}

static void open_store(void)
{
    struct niche_error err = NICHE_ERROR_INIT;

    if (niche_store_open(&store, ":memory:", NICHE_STORE_CREATE, &err) < 0)
        NICHE_BUG("cannot open an in-memory store: %s", err.msg);
}

static void import_one(const char *data, size_t size, struct niche_import_opts *o)
{
    struct niche_import_result res;
    struct niche_error err = NICHE_ERROR_INIT;
    struct niche_store_counts before, after;
    long skipped = 0;
    int rc;

    o->ctx = &skipped;
    counts(&before);
    memset(&res, 0, sizeof(res));
    rc = niche_import_mem(store, o->format == NICHE_FORMAT_JSONL ? "fuzz.jsonl" : "fuzz.csv",
                          data, size, o, &res, &err);
    counts(&after);
    if (rc < 0) {
        if (err.code != rc || !err.msg[0])
            NICHE_BUG("import failed with %d but err says %d '%s'", rc, err.code, err.msg);
        if (rc == NICHE_ESTORE || rc == NICHE_EIO)
            NICHE_BUG("import of memory input failed in the store: %s", err.msg);
        if (memcmp(&before, &after, sizeof(before)) != 0)
            NICHE_BUG("a failed %s import changed the store (%s)",
                      niche_import_kind_name(o->kind), err.msg);
    } else {
        if (res.imported + res.skipped != res.rows || res.rows < 0)
            NICHE_BUG("rows %lld = imported %lld + skipped %lld does not hold",
                      (long long)res.rows, (long long)res.imported,
                      (long long)res.skipped);
        if (res.skipped != skipped || (!o->skip_bad && res.skipped))
            NICHE_BUG("skipped %lld rows, reported %ld", (long long)res.skipped, skipped);
        if (res.imported == 0 && memcmp(&before, &after, sizeof(before)) != 0)
            NICHE_BUG("a %s import of no good row changed the store",
                      niche_import_kind_name(o->kind));
    }
    niche_import_result_release(&res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct niche_import_map maps[] = {
        { "followers", "Subscribers" }, { "category", "cat" }, { "category", "Cat#2" },
        { "handle", "owner.username" },
    };
    static unsigned long runs;
    struct niche_error err = NICHE_ERROR_INIT;
    struct niche_import_opts o = NICHE_IMPORT_OPTS_INIT;
    int k;
    uint8_t b;

    if (!store)
        open_store();
    if (++runs % 256 == 0 && niche_store_workspace_clear(store, &err) < 0)
        NICHE_BUG("clear failed: %s", err.msg);
    if (size == 0)
        return 0;
    b = data[0];
    o.format = (b & 1) ? NICHE_FORMAT_JSONL : NICHE_FORMAT_CSV;
    o.skip_bad = (b & 2) != 0;
    o.platform = (b & 4) ? NICHE_PLATFORM_INSTAGRAM : NICHE_PLATFORM_UNKNOWN;
    o.on_skip = on_skip;
    for (k = 0; k < NICHE_IMPORT__COUNT; k++) {
        o.kind = (enum niche_import_kind)k;
        o.maps = NULL;
        o.nmaps = 0;
        if ((b & 8) && o.kind == NICHE_IMPORT_ACCOUNTS) {
            o.maps = maps;
            /* The dotted path names a JSONL key; CSV has no such column. */
            o.nmaps = o.format == NICHE_FORMAT_JSONL ? 4 : 3;
        }
        import_one((const char *)data + 1, size - 1, &o);
    }
    return 0;
}
