/*
 * shortlist.c - shortlist names and lists resolved into account ids
 * (shortlist.h); the lists themselves are rows of the store.
 */
#include <stdlib.h>
#include <string.h>
#include "niche/shortlist.h"
#include "niche/store.h"
#include "internal.h"
#include "banned.h"

/* The byte offset of the first control character (C0, DEL, or C1 as the
 * two bytes C2 80..9F), or -1. A name is printed in tables and messages,
 * where such a character would move the cursor or hide text. */
static long control_at(const unsigned char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (s[i] < 0x20 || s[i] == 0x7f ||
            (s[i] == 0xc2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f))
            return (long)i;
    return -1;
}

int niche_shortlist_name_check(const char *name, struct niche_error *err)
{
    size_t len = name ? strlen(name) : 0, bad;
    long ctl;

    if (!len)
        return niche_error_set(err, NICHE_EINVAL, "list name is empty");
    if (len > NICHE_SHORTLIST_NAME_MAX)
        return niche_error_set(err, NICHE_EINVAL, "list name is %zu bytes long (at most %d)",
                               len, NICHE_SHORTLIST_NAME_MAX);
    if (!niche__utf8_valid(name, len, &bad))
        return niche_error_set(err, NICHE_EINVAL,
                               "list name is not valid UTF-8 (byte %zu)", bad + 1);
    if ((ctl = control_at((const unsigned char *)name, len)) >= 0)
        return niche_error_set(err, NICHE_EINVAL,
                               "list name has a control character (byte %ld)", ctl + 1);
    if (niche__isspace(name[0]) || niche__isspace(name[len - 1]))
        return niche_error_set(err, NICHE_EINVAL,
                               "list name '%s' starts or ends with a space", name);
    return 0;
}

struct ids {
    int64_t *items;
    size_t nr, alloc;
};

static int collect(void *ctx, const struct niche_shortlist_member *m)
{
    struct ids *v = ctx;

    NICHE_ALLOC_GROW(v->items, v->nr + 1, v->alloc);
    v->items[v->nr++] = m->account.id;
    return 0;
}

int niche_shortlist_resolve(struct niche_store *st, const char *name, int64_t **ids,
                            size_t *nr, struct niche_error *err)
{
    struct niche_shortlist l;
    struct ids v = { NULL, 0, 0 };
    int rc;

    *ids = NULL;
    *nr = 0;
    if ((rc = niche_store_shortlist_find(st, name, &l, err)) < 0)
        goto out;
    if ((rc = niche_store_shortlist_members(st, l.id, collect, &v, err)) < 0)
        goto out;
    *ids = v.items;          /* caller owns it now */
    *nr = v.nr;
    v.items = NULL;
out:
    free(v.items);
    return rc;
}
