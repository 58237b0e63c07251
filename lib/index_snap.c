/*
 * index_snap.c - the discovery index as a snapshot file: save, map, open.
 *
 * Layout (all integers little-endian as on the machine that wrote it; the
 * format number changes with the layout):
 *
 *   header   128 bytes: "NICHEIX\n", format, header size, file length,
 *            XXH3 of every byte after the header, workspace, run, as-of,
 *            rows, analysed rows, store stamp, tier scheme, counts
 *   blobs    each a u64 length, the bytes, zero padding to 8:
 *            the account ids as a bitmap; followers, last_post, then each
 *            float column (rows * 4);
 *            platform, tier, verified and analysed bitmaps (CRoaring
 *            portable);
 *            per dictionary: u64 entries, u64 has values, a names blob
 *            (NUL-terminated names), then per entry its bitmap and, with
 *            values (niche and audience only), a blob of one byte per
 *            member in member order, or, for a dense entry (members at
 *            least half the rows), one byte per row, IX_NO_VAL for rows
 *            that are not members.
 *
 * A snapshot is a cache: niche_index_open() rebuilds when it is missing,
 * stale (another store stamp or workspace) or damaged.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "internal.h"
#include "index_int.h"
#include "niche/store.h"

#define SNAP_MAGIC "NICHEIX\n"
#define SNAP_HEADER 128

struct snap_header {
    char magic[8];
    uint32_t format, header_bytes;
    uint64_t file_len, checksum;
    int64_t workspace, run, as_of, n, analysed;
    uint64_t stamp;
    char scheme[32];
    uint32_t nplatform, ntier, ncols, ndicts;
};

/* ---- writing --------------------------------------------------------------------- */

struct writer {
    FILE *f;
    uint64_t off;
    XXH3_state_t *h;       /* owned */
    int failed;
};

static void w_bytes(struct writer *w, const void *p, size_t n)
{
    if (w->failed || (n && fwrite(p, 1, n, w->f) != n)) {
        w->failed = 1;
        return;
    }
    XXH3_64bits_update(w->h, p, n);
    w->off += n;
}

static void w_blob(struct writer *w, const void *p, uint64_t n)
{
    static const char zero[8];

    w_bytes(w, &n, sizeof(n));
    w_bytes(w, p, (size_t)n);
    w_bytes(w, zero, (size_t)((8 - n % 8) % 8));
}

static void w_bitmap(struct writer *w, const roaring_bitmap_t *bm)
{
    size_t n = roaring_bitmap_portable_size_in_bytes(bm);
    char *buf = niche_xmalloc(n ? n : 1);   /* owned */

    roaring_bitmap_portable_serialize(bm, buf);
    w_blob(w, buf, n);
    free(buf);
}

static void w_dict(struct writer *w, const struct ix_dict *d, int64_t n)
{
    uint64_t v[2] = { d->n, (uint64_t)d->has_val };
    char *names;           /* owned */
    size_t len = 0, k;
    uint32_t e;

    w_bytes(w, v, sizeof(v));
    for (e = 0; e < d->n; e++)
        len += strlen(d->name[e]) + 1;
    names = niche_xmalloc(len ? len : 1);
    for (e = 0, k = 0; e < d->n; e++) {
        size_t l = strlen(d->name[e]) + 1;

        memcpy(names + k, d->name[e], l);
        k += l;
    }
    w_blob(w, names, len);
    free(names);
    for (e = 0; e < d->n; e++) {
        w_bitmap(w, d->bm[e]);
        if (d->has_val)
            w_blob(w, d->val[e], d->dense[e] ? (size_t)n
                   : roaring_bitmap_get_cardinality(d->bm[e]) * sizeof(uint8_t));
    }
}

static void w_body(struct writer *w, const struct niche_index *ix)
{
    struct niche_index *m = (struct niche_index *)ix;   /* dicts are only read */
    size_t colb = (size_t)ix->n * sizeof(uint32_t);
    int i;

    w_bitmap(w, ix->ids);
    w_blob(w, ix->followers, colb);
    w_blob(w, ix->last_post, colb);
    for (i = 0; i < IX__NF; i++)
        w_blob(w, ix->col[i], colb);
    for (i = 0; i < NICHE_PLATFORM__COUNT; i++)
        w_bitmap(w, ix->platform[i]);
    for (i = 0; i < NICHE_TIER__COUNT; i++)
        w_bitmap(w, ix->tier[i]);
    w_bitmap(w, ix->verified[0]);
    w_bitmap(w, ix->verified[1]);
    w_bitmap(w, ix->analysed_rows);
    for (i = 0; i < IX_NDICTS; i++)
        w_dict(w, niche__ix_dicts(m, i), ix->n);
}

static void header_of(const struct niche_index *ix, struct snap_header *h)
{
    memset(h, 0, sizeof(*h));
    memcpy(h->magic, SNAP_MAGIC, 8);
    h->format = NICHE_INDEX_FORMAT;
    h->header_bytes = SNAP_HEADER;
    h->workspace = ix->workspace_id;
    h->run = ix->run_id;
    h->as_of = ix->as_of_ms;
    h->n = ix->n;
    h->analysed = ix->analysed;
    h->stamp = ix->stamp;
    memcpy(h->scheme, ix->scheme, sizeof(h->scheme));
    h->nplatform = NICHE_PLATFORM__COUNT;
    h->ntier = NICHE_TIER__COUNT;
    h->ncols = IX__NF;
    h->ndicts = IX_NDICTS;
}

/* Write the header (with the body's length and checksum) over the start. */
static int w_header(struct writer *w, const struct niche_index *ix)
{
    char buf[SNAP_HEADER];
    struct snap_header h;

    header_of(ix, &h);
    h.file_len = w->off;
    h.checksum = XXH3_64bits_digest(w->h);
    memset(buf, 0, sizeof(buf));
    memcpy(buf, &h, sizeof(h));
    return fseek(w->f, 0, SEEK_SET) == 0 && fwrite(buf, 1, sizeof(buf), w->f) == sizeof(buf)
           ? 0 : -1;
}

int niche_index_save(const struct niche_index *ix, const char *path, struct niche_error *err)
{
    struct writer w = { NULL, SNAP_HEADER, XXH3_createState(), 0 };
    char tmp[4096];
    char zero[SNAP_HEADER];
    int rc = 0;

    if (!w.h)
        niche__oom(64 * 9);   /* XXH3_state_t is opaque; about 576 bytes */
    XXH3_64bits_reset(w.h);
    if (snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path, (long)getpid()) >= (int)sizeof(tmp)) {
        rc = niche_error_set(err, NICHE_EINVAL, "index path too long");
        goto out;
    }
    if (!(w.f = fopen(tmp, "wb"))) {
        rc = niche_error_set(err, NICHE_EIO, "%s: %s", tmp, strerror(errno));
        goto out;
    }
    memset(zero, 0, sizeof(zero));
    w.failed = fwrite(zero, 1, sizeof(zero), w.f) != sizeof(zero);
    w_body(&w, ix);
    if (w.failed || w_header(&w, ix) < 0 || fflush(w.f) != 0 || fsync(fileno(w.f)) != 0) {
        rc = niche_error_set(err, NICHE_EIO, "writing %s: %s", tmp, strerror(errno));
        goto out;
    }
    if (fclose(w.f) != 0 || rename(tmp, path) != 0) {
        w.f = NULL;
        rc = niche_error_set(err, NICHE_EIO, "saving %s: %s", path, strerror(errno));
        goto out;
    }
    w.f = NULL;
out:
    if (w.f)
        fclose(w.f);
    if (rc < 0)
        unlink(tmp);
    XXH3_freeState(w.h);
    return rc;
}

/* ---- reading ---------------------------------------------------------------------- */

struct reader {
    const char *base;
    uint64_t off, len;
    const char *path;
    struct niche_error *err;
};

static int r_fail(struct reader *r, const char *what)
{
    return niche_error_set(r->err, NICHE_EPARSE, "%s: offset %llu: %s (not a whole niche index"
                           " snapshot of format %d)", r->path, (unsigned long long)r->off, what,
                           NICHE_INDEX_FORMAT);
}

/* The next blob: *p into the map, *n its length. */
static int r_blob(struct reader *r, const char **p, uint64_t *n)
{
    uint64_t len;

    if (r->len - r->off < 8)
        return r_fail(r, "truncated");
    memcpy(&len, r->base + r->off, 8);
    if (len > r->len - r->off - 8)
        return r_fail(r, "blob longer than the file");
    *p = r->base + r->off + 8;
    *n = len;
    r->off += 8 + len + (8 - len % 8) % 8;
    if (r->off > r->len)
        r->off = r->len;
    return 0;
}

static int r_u64(struct reader *r, uint64_t *v)
{
    if (r->len - r->off < 8)
        return r_fail(r, "truncated");
    memcpy(v, r->base + r->off, 8);
    r->off += 8;
    return 0;
}

static int r_column(struct reader *r, int64_t n, const void **col)
{
    const char *p = NULL;
    uint64_t len = 0;
    int rc = r_blob(r, &p, &len);

    if (rc == 0 && len != (uint64_t)n * 4)
        rc = r_fail(r, "column of the wrong length");
    *col = p;
    return rc;
}

/* CRoaring 0.2 prints to stderr when a blob lacks its cookie: look first.
 * The portable format opens with 12346 (no runs) or 12347 in the low half. */
static int cookie_ok(const char *p, uint64_t len)
{
    uint32_t cookie;

    if (len < 4)
        return 0;
    memcpy(&cookie, p, 4);
    return cookie == 12346 || (cookie & 0xffff) == 12347;
}

/* CRoaring 0.2's safe reader checks lengths, not order: a crafted blob can
 * hold containers out of order, whose members then escape maximum(). Read
 * every member once: strictly increasing, below n, as many as counted. */
static int members_ok(const roaring_bitmap_t *bm, int64_t n)
{
    uint64_t card = roaring_bitmap_get_cardinality(bm), seen = 0;
    roaring_uint32_iterator_t it;
    uint32_t buf[1024], got, i;
    int64_t prev = -1;

    roaring_init_iterator(bm, &it);
    while ((got = roaring_read_uint32_iterator(&it, buf, 1024)) > 0) {
        for (i = 0; i < got; i++) {
            if ((int64_t)buf[i] <= prev || (int64_t)buf[i] >= n)
                return 0;
            prev = buf[i];
        }
        if ((seen += got) > card)
            return 0;
    }
    return seen == card;
}

/* Values are whole percents; a dense entry's byte is IX_NO_VAL exactly
 * where its bitmap has no member, so that both say the same. */
static int values_ok(const roaring_bitmap_t *bm, const uint8_t *v, int dense, int64_t n)
{
    uint64_t card = roaring_bitmap_get_cardinality(bm), held = 0, k = 0;
    roaring_uint32_iterator_t it;
    uint32_t buf[1024], got, i;
    int64_t row;

    if (dense)
        for (row = 0; row < n; row++)
            held += v[row] != IX_NO_VAL;
    if (dense && held != card)
        return 0;
    roaring_init_iterator(bm, &it);
    while ((got = roaring_read_uint32_iterator(&it, buf, 1024)) > 0)
        for (i = 0; i < got; i++, k++)
            if (v[dense ? buf[i] : k] > 100)
                return 0;
    return 1;
}

static int r_bitmap(struct reader *r, int64_t n, roaring_bitmap_t **bm)
{
    const char *p = NULL;
    uint64_t len = 0;
    int rc = r_blob(r, &p, &len);

    if (rc < 0)
        return rc;
    if (!cookie_ok(p, len))
        return r_fail(r, "not a bitmap");
    *bm = roaring_bitmap_portable_deserialize_safe(p, (size_t)len);
    if (!*bm)
        return r_fail(r, "bad bitmap");
    if (roaring_bitmap_portable_size_in_bytes(*bm) != len || !members_ok(*bm, n))
        return r_fail(r, "bitmap out of order or out of range");
    return 0;
}

static int r_names(struct reader *r, struct ix_dict *d)
{
    const char *p = NULL, *end;
    uint64_t len = 0;
    uint32_t e;
    int rc = r_blob(r, &p, &len);

    if (rc < 0)
        return rc;
    end = p + len;
    d->name = niche_xcalloc(d->n ? d->n : 1, sizeof(*d->name));
    for (e = 0; e < d->n; e++) {
        const char *z = memchr(p, '\0', (size_t)(end - p));

        if (!z)
            return r_fail(r, "names cut short");
        d->name[e] = p;
        p = z + 1;
    }
    return 0;
}

static int r_dict(struct reader *r, int64_t n, struct ix_dict *d)
{
    uint64_t cnt = 0, has_val = 0, len = 0;
    const char *p = NULL;
    uint32_t e;
    int rc;

    if ((rc = r_u64(r, &cnt)) < 0 || (rc = r_u64(r, &has_val)) < 0)
        return rc;
    if (cnt > r->len / 8 || has_val > 1)
        return r_fail(r, "bad dictionary size");
    d->n = d->cap = (uint32_t)cnt;
    d->has_val = (int)has_val;
    if ((rc = r_names(r, d)) < 0)
        return rc;
    d->bm = niche_xcalloc(d->n ? d->n : 1, sizeof(*d->bm));
    d->val = niche_xcalloc(d->n ? d->n : 1, sizeof(*d->val));
    d->dense = niche_xcalloc(d->n ? d->n : 1, 1);
    d->nrow = n;
    for (e = 0; e < d->n; e++) {
        uint64_t card;

        if ((rc = r_bitmap(r, n, &d->bm[e])) < 0)
            return rc;
        if (!d->has_val)
            continue;
        if ((rc = r_blob(r, &p, &len)) < 0)
            return rc;
        card = roaring_bitmap_get_cardinality(d->bm[e]);
        d->dense[e] = (uint8_t)niche__ix_is_dense(card, n);
        if (len != (d->dense[e] ? (uint64_t)n : card) ||
            !values_ok(d->bm[e], (const uint8_t *)(const void *)p, d->dense[e], n))
            return r_fail(r, "values do not match their bitmap");
        d->val[e] = (const uint8_t *)(const void *)p;
    }
    return 0;
}

static int r_header(struct reader *r, struct niche_index *ix)
{
    struct snap_header h;

    if (r->len < SNAP_HEADER)
        return r_fail(r, "shorter than the header");
    memcpy(&h, r->base, sizeof(h));
    if (memcmp(h.magic, SNAP_MAGIC, 8) || h.format != NICHE_INDEX_FORMAT ||
        h.header_bytes != SNAP_HEADER || h.nplatform != NICHE_PLATFORM__COUNT ||
        h.ntier != NICHE_TIER__COUNT || h.ncols != IX__NF || h.ndicts != IX_NDICTS)
        return r_fail(r, "bad header");
    if (h.file_len != r->len)
        return r_fail(r, "file length differs from the header's");
    if (XXH3_64bits(r->base + SNAP_HEADER, (size_t)(r->len - SNAP_HEADER)) != h.checksum)
        return r_fail(r, "checksum mismatch");
    if (h.n < 0 || (uint64_t)h.n > r->len / 4)
        return r_fail(r, "bad row count");
    ix->workspace_id = h.workspace;
    ix->run_id = h.run;
    ix->as_of_ms = h.as_of;
    ix->n = h.n;
    ix->analysed = h.analysed;
    ix->stamp = h.stamp;
    memcpy(ix->scheme, h.scheme, sizeof(ix->scheme));
    ix->scheme[sizeof(ix->scheme) - 1] = '\0';
    r->off = SNAP_HEADER;
    return 0;
}

/* The ids: a bitmap of exactly n ids, all positive. */
static int r_ids(struct reader *r, struct niche_index *ix)
{
    int rc = r_bitmap(r, (int64_t)UINT32_MAX + 1, &ix->ids);

    if (rc == 0 && (roaring_bitmap_get_cardinality(ix->ids) != (uint64_t)ix->n ||
                    roaring_bitmap_contains(ix->ids, 0)))
        rc = r_fail(r, "ids do not match the rows");
    return rc;
}

static int r_index(struct reader *r, struct niche_index *ix)
{
    const void *c;
    int rc, i;

    if ((rc = r_header(r, ix)) < 0)
        return rc;
    if ((rc = r_ids(r, ix)) < 0)
        return rc;
    if ((rc = r_column(r, ix->n, &c)) < 0)
        return rc;
    ix->followers = c;
    if ((rc = r_column(r, ix->n, &c)) < 0)
        return rc;
    ix->last_post = c;
    for (i = 0; i < IX__NF; i++) {
        if ((rc = r_column(r, ix->n, &c)) < 0)
            return rc;
        ix->col[i] = c;
    }
    for (i = 0; i < NICHE_PLATFORM__COUNT && rc == 0; i++)
        rc = r_bitmap(r, ix->n, &ix->platform[i]);
    for (i = 0; i < NICHE_TIER__COUNT && rc == 0; i++)
        rc = r_bitmap(r, ix->n, &ix->tier[i]);
    for (i = 0; i < 2 && rc == 0; i++)
        rc = r_bitmap(r, ix->n, &ix->verified[i]);
    if (rc == 0)
        rc = r_bitmap(r, ix->n, &ix->analysed_rows);
    for (i = 0; i < IX_NDICTS && rc == 0; i++) {
        struct ix_dict *d = niche__ix_dicts(ix, i);

        /* Search reads the values of exactly these two. */
        if ((rc = r_dict(r, ix->n, d)) == 0 &&
            d->has_val != (d == &ix->niche || d == &ix->audience))
            rc = r_fail(r, "a dictionary with values where none belong, or none where they do");
    }
    return rc;
}

static int map_file(const char *path, void **map, size_t *len, struct niche_error *err)
{
    struct stat sb;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return niche_error_set(err, errno == ENOENT ? NICHE_ENOTFOUND : NICHE_EIO, "%s: %s",
                               path, strerror(errno));
    if (fstat(fd, &sb) < 0 || sb.st_size < SNAP_HEADER) {
        close(fd);
        return niche_error_set(err, NICHE_EPARSE, "%s: not a niche index snapshot", path);
    }
    *len = (size_t)sb.st_size;
    *map = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (*map == MAP_FAILED)
        return niche_error_set(err, NICHE_EIO, "%s: %s", path, strerror(errno));
    return 0;
}

static int parse_into(struct niche_index *ix, const void *buf, size_t len, const char *name,
                      struct niche_error *err)
{
    struct reader r;
    int rc, d;

    r.base = buf;
    r.len = len;
    r.off = 0;
    r.path = name;
    r.err = err;
    if ((rc = r_index(&r, ix)) < 0)
        return rc;
    for (d = 0; d < IX_NDICTS; d++) {
        struct ix_dict *x = niche__ix_dicts(ix, d);

        if (x->n)
            niche__ix_rehash(x);
    }
    return 0;
}

int niche__index_parse(const void *buf, size_t len, const char *name,
                       struct niche_index **out, struct niche_error *err)
{
    struct niche_index *ix = niche_xcalloc(1, sizeof(*ix));
    int rc;

    ix->borrowed = 1;
    if ((rc = parse_into(ix, buf, len, name, err)) < 0) {
        niche_index_free(ix);
        return rc;
    }
    *out = ix;
    return 0;
}

int niche_index_load(const char *path, struct niche_index **out, struct niche_error *err)
{
    struct niche_index *ix = niche_xcalloc(1, sizeof(*ix));
    int rc;

    if ((rc = map_file(path, &ix->map, &ix->map_len, err)) < 0) {
        free(ix);
        return rc;
    }
    if ((rc = parse_into(ix, ix->map, ix->map_len, path, err)) < 0) {
        niche_index_free(ix);
        return rc;
    }
    *out = ix;
    return 0;
}

/* ---- open: the snapshot if current, else a fresh build ------------------------------ */

static int current(struct niche_store *st, const struct niche_index *ix, uint64_t stamp)
{
    return ix->stamp == stamp && ix->workspace_id == niche_store_workspace_id(st);
}

int niche_index_open(struct niche_store *st, const char *path, int flags,
                     struct niche_index **out, int *rebuilt, struct niche_error *err)
{
    struct niche_index *ix = NULL;
    uint64_t stamp;
    int rc;

    if ((rc = niche_store_index_stamp(st, &stamp, err)) < 0)
        return rc;
    if (path && !(flags & NICHE_INDEX_REBUILD) && niche_index_load(path, &ix, err) == 0) {
        if (current(st, ix, stamp)) {
            *out = ix;
            if (rebuilt)
                *rebuilt = 0;
            return 0;
        }
        niche_index_free(ix);
    }
    niche_error_clear(err);     /* missing, stale or damaged: build anew */
    if ((rc = niche_index_build(st, &ix, err)) < 0)
        return rc;
    if (path && !(flags & NICHE_INDEX_NO_SAVE) && (rc = niche_index_save(ix, path, err)) < 0) {
        niche_index_free(ix);
        return rc;
    }
    *out = ix;
    if (rebuilt)
        *rebuilt = 1;
    return 0;
}
