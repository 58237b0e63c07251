/*
 * fuzz_facts.c - libFuzzer target for the post facts decoder
 * (niche__facts_decode; lib/facts.c).
 *
 * The blobs come from the store's post_facts table, which anyone can
 * edit, so any bytes may come in; what must hold:
 *  - the decoder returns 0 or -1, and never reads past the input;
 *  - facts it accepts are what analysis may index without checks: posts
 *    newest first, mentions and kept posts pointing at a post, strings of
 *    the lengths analysis copies into fixed buffers;
 *  - they encode to a blob that decodes again, and that second decode
 *    encodes to the same bytes (encoding is deterministic and stable);
 *  - reopened for new posts (the tally restored from the blob) they
 *    finish, and encode to a blob that decodes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "facts.h"
#include "internal.h"
#include "banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What analysis relies on without looking (analyze.c use_facts()). */
static void check_shape(const struct niche__facts *f)
{
    size_t i;

    if (f->lang[0] && (!f->lang[1] || f->lang[2]))
        NICHE_BUG("language of %zu bytes", strlen(f->lang));
    for (i = 1; i < f->n; i++) {
        const struct niche_post *a = &f->post[i - 1], *b = &f->post[i];

        if (b->posted_ms != NICHE_MISSING &&
            (a->posted_ms == NICHE_MISSING || a->posted_ms < b->posted_ms))
            NICHE_BUG("post %zu is newer than the one before it", i);
    }
    for (i = 0; i < f->nmen; i++)
        if (f->men[i].post >= f->n || !f->men[i].blen || f->men[i].wlen >= 32 ||
            f->men[i].brand + f->men[i].blen > f->text.len ||
            f->men[i].word + f->men[i].wlen > f->text.len)
            NICHE_BUG("mention %zu out of range", i);
    for (i = 0; i < f->nkept; i++)
        if (f->kept[i].post >= f->n || f->kept[i].blen > NICHE_FACTS_BRAND_MAX ||
            f->kept[i].brand + f->kept[i].blen > f->text.len)
            NICHE_BUG("kept post %zu out of range", i);
    if (f->ntags < 0 || f->ntags > NICHE_TAGS_KEPT)
        NICHE_BUG("%d tags", f->ntags);
    for (i = 0; i < f->nrest; i++)
        if (!f->rest[i].len || f->rest[i].len > NICHE_TAG_MAX || f->rest[i].posts <= 0 ||
            f->rest[i].tag + f->rest[i].len > f->text.len)
            NICHE_BUG("tag %zu past the top out of range", i);
}

/* Accepted facts reopened as a refresh from new posts (none came). */
static void check_reopen(const uint8_t *data, size_t size)
{
    struct niche__facts h = { 0 }, k = { 0 };
    struct niche__buf e = NICHE__BUF_INIT(0);

    if (niche__facts_decode(&h, data, size) != 0)
        NICHE_BUG("a blob decoded once does not decode again");
    niche__facts_reopen(&h, 1);
    if (niche__facts_finish(&h) != 0)
        NICHE_BUG("facts reopened for new posts do not finish");
    niche__facts_encode(&h, &e);
    if (niche__facts_decode(&k, e.buf, e.len) != 0)
        NICHE_BUG("refreshed facts encode to a blob that does not decode");
    check_shape(&k);
    niche__buf_release(&e);
    niche__facts_release(&h);
    niche__facts_release(&k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct niche__facts f = { 0 }, g = { 0 };
    struct niche__buf e1 = NICHE__BUF_INIT(0), e2 = NICHE__BUF_INIT(0);
    int rc = niche__facts_decode(&f, data, size);

    if (rc != 0 && rc != -1)
        NICHE_BUG("decode returned %d", rc);
    if (rc != 0)
        goto out;
    check_shape(&f);
    niche__facts_encode(&f, &e1);
    if (niche__facts_decode(&g, e1.buf, e1.len) != 0)
        NICHE_BUG("accepted facts encode to a blob of %zu bytes that does not decode",
                  e1.len);
    check_shape(&g);
    niche__facts_encode(&g, &e2);
    if (e1.len != e2.len || memcmp(e1.buf, e2.buf, e1.len))
        NICHE_BUG("encoding is not stable: %zu bytes, then %zu", e1.len, e2.len);
    check_reopen(data, size);
out:
    niche__buf_release(&e1);
    niche__buf_release(&e2);
    niche__facts_release(&f);
    niche__facts_release(&g);
    return 0;
}
