/*
 * sketch.c - HyperLogLog and MinHash sketches of audiences (sketch.h).
 *
 * Hashing. Every id is hashed once, with XXH3-64 over its 8 little-endian
 * bytes and a fixed seed, so that a sketch built at analysis time merges
 * with one built later, on another machine.
 *
 * HyperLogLog (Flajolet, Fusy, Gandouet and Meunier, AofA 2007). The top p
 * bits of a hash pick one of m = 2^p registers; the register keeps the
 * largest rank seen, the rank being 1 + the number of leading zeros of the
 * remaining q = 64 - p bits (q + 1 when they are all zero). Registers hold
 * 0..q+1, so 6 bits each: a dense blob is m * 6 / 8 bytes (12 KiB at p =
 * 14). In memory a register is a byte, for speed.
 *
 * Sparse form (Heule, Nunkesser and Hall, "HyperLogLog in Practice", EDBT
 * 2013). An audience of a hundred followers would waste 12 KiB, so a new
 * sketch keeps a sorted list of (25-bit index, rank over the 39 bits left)
 * entries, one 32-bit word each: index << 6 | rank. That is a HyperLogLog
 * of precision 25, whose estimate is exact in practice up to thousands of
 * ids. Adds go to an unsorted buffer that is sorted and merged into the
 * list when it reaches half the list's size, so an add costs O(log n)
 * amortised. When the list would serialize larger than the dense form
 * (more than m * 3 / 16 entries) the sketch turns dense: an entry's dense
 * register is the top p bits of its index, and its rank comes from the
 * index's other 25 - p bits when any is set, else 25 - p + its own rank.
 * Converting loses nothing a dense sketch of the same ids would have.
 *
 * Estimator (Ertl, "New cardinality estimation algorithms for HyperLogLog
 * sketches", arXiv:1702.01284, 2017, algorithm 6, the "improved raw
 * estimator"). From the histogram C[0..q+1] of register values:
 *     z = m * tau(1 - C[q+1]/m); z = (z + C[k]) / 2 for k = q..1;
 *     z += m * sigma(C[0]/m);    estimate = m^2 / (2 ln 2 * z)
 * It needs no bias tables and no switch to linear counting: it is
 * unbiased over the whole range, from one id (where sigma dominates and it
 * behaves as linear counting) to 2^64. Its relative standard error is
 * about 1.04 / sqrt(m) dense, and 1.04 / sqrt(2^25) = 0.018% sparse.
 *
 * MinHash, bottom-k variant (Broder, "On the resemblance and containment
 * of documents", 1997; Cohen and Kaplan, PODC 2007). One hash function;
 * the signature is the k smallest distinct values of the low 32 bits of
 * the hashes, sorted. For two sets, the k smallest values of the union of
 * the signatures are the k smallest of A | B, and the share of them found
 * in both signatures estimates J = |A & B| / |A | B| with standard error
 * about sqrt(J (1 - J) / k). One hash per id (not k) keeps analysis fast;
 * a set smaller than k is held whole and compared exactly. 32-bit values
 * halve the memory; two distinct ids collide in the bottom k with
 * probability about k / 2^32, negligible next to that error.
 *
 * Blobs. Header: 4-byte magic ("nHLL" or "nMHS"), version (1), kind, then
 * the precision (HLL) or k (MinHash); integers little-endian. The
 * deserializers check every byte they accept: magic, version, kind, sizes
 * against the blob's length, ranges of ranks and registers, strictly
 * increasing entries. Anything else is NICHE_EPARSE naming the offset.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#include "niche/sketch.h"
#include "internal.h"
#include "banned.h"

#define SP_P NICHE_HLL_P_SPARSE         /* sparse index bits */
#define SP_Q (64 - SP_P)                /* bits left for the sparse rank */
#define HLL_HEADER 8
#define MH_HEADER 12
#define BLOB_VERSION 1

enum { KIND_SPARSE = 1, KIND_DENSE = 2, KIND_BOTTOM_K = 1 };

uint64_t niche_sketch_hash(int64_t id)
{
    unsigned char b[8];
    uint64_t u = (uint64_t)id;
    int i;

    for (i = 0; i < 8; i++)
        b[i] = (unsigned char)(u >> (8 * i));
    return XXH3_64bits_withSeed(b, sizeof(b), NICHE_SKETCH_SEED);
}

/* ---- little-endian bytes and parse errors --------------------------------- */

static void put_le(unsigned char *p, uint32_t v, int n)
{
    int i;

    for (i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_le(const unsigned char *p, int n)
{
    uint32_t v = 0;
    int i;

    for (i = 0; i < n; i++)
        v |= (uint32_t)p[i] << (8 * i);
    return v;
}

/* NICHE_EPARSE naming the sketch kind and the byte offset (also in column,
 * 1-based, for callers that want the number). */
static int bad_blob(struct niche_error *err, const char *what, size_t at, const char *fmt, ...)
    NICHE_PRINTF(4, 5);

static int bad_blob(struct niche_error *err, const char *what, size_t at, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    niche_error_set(err, NICHE_EPARSE, "%s sketch: byte %zu: %s", what, at, msg);
    if (err)
        err->column = (long)at + 1;
    return NICHE_EPARSE;
}

/* The common header: magic, version, kind; returns 0 or NICHE_EPARSE. */
static int check_header(const unsigned char *b, size_t len, const char *magic,
                        size_t header, const char *what, struct niche_error *err)
{
    size_t i;

    for (i = 0; i < 4; i++)
        if (i >= len || b[i] != (unsigned char)magic[i])
            return bad_blob(err, what, i, "not a %s sketch (bad magic)", what);
    if (len < 5 || b[4] != BLOB_VERSION)
        return bad_blob(err, what, 4, "unknown version %d", len < 5 ? -1 : b[4]);
    if (len < header)
        return bad_blob(err, what, len, "truncated header (%zu of %zu bytes)", len, header);
    return 0;
}

/* ---- HyperLogLog ------------------------------------------------------------ */

struct niche_hll {
    int p;                 /* precision: 2^p registers once dense */
    int dense;
    uint8_t *reg;          /* dense: 2^p registers, values 0..65-p */
    uint32_t *sp;          /* sparse: index << 6 | rank, sorted, one per index */
    size_t nsp, asp;
    uint32_t *tmp;         /* sparse: entries added since the last compaction */
    size_t ntmp, atmp;
};

static size_t nreg(int p)
{
    return (size_t)1 << p;
}

/* Entries past which the sparse form serializes larger than the dense. */
static size_t sparse_max(int p)
{
    return nreg(p) * 3 / 16;
}

static size_t dense_bytes(int p)
{
    return nreg(p) * 6 / 8;
}

int niche_hll_new(struct niche_hll **out, int p, struct niche_error *err)
{
    *out = NULL;
    if (p < NICHE_HLL_P_MIN || p > NICHE_HLL_P_MAX)
        return niche_error_set(err, NICHE_EINVAL, "HyperLogLog precision %d is not in %d..%d",
                               p, NICHE_HLL_P_MIN, NICHE_HLL_P_MAX);
    *out = niche_xcalloc(1, sizeof(**out));
    (*out)->p = p;
    return 0;
}

void niche_hll_free(struct niche_hll *h)
{
    if (!h)
        return;
    free(h->reg);
    free(h->sp);
    free(h->tmp);
    free(h);
}

void niche_hll_reset(struct niche_hll *h)
{
    h->dense = 0;
    h->nsp = h->ntmp = 0;
}

int niche_hll_precision(const struct niche_hll *h)
{
    return h->p;
}

/* Dense register and rank of a sparse entry at precision p. */
static void sparse_to_dense(int p, uint32_t e, size_t *idx, uint8_t *rank)
{
    uint32_t i25 = e >> 6, shift = (uint32_t)(SP_P - p), lo = i25 & ((1u << shift) - 1);

    *idx = i25 >> shift;
    if (lo)   /* the first set bit after the p index bits is within the index */
        *rank = (uint8_t)(shift - (32 - (uint32_t)__builtin_clz(lo)) + 1);
    else
        *rank = (uint8_t)(shift + (e & 63));
}

static void set_reg(struct niche_hll *h, size_t idx, uint8_t r)
{
    if (r > h->reg[idx])
        h->reg[idx] = r;
}

static void to_dense(struct niche_hll *h)
{
    size_t i, idx;
    uint8_t r;

    if (!h->reg)
        h->reg = niche_xmalloc(nreg(h->p));
    memset(h->reg, 0, nreg(h->p));
    h->dense = 1;
    for (i = 0; i < h->nsp; i++) {
        sparse_to_dense(h->p, h->sp[i], &idx, &r);
        set_reg(h, idx, r);
    }
    for (i = 0; i < h->ntmp; i++) {
        sparse_to_dense(h->p, h->tmp[i], &idx, &r);
        set_reg(h, idx, r);
    }
    h->nsp = h->ntmp = 0;
}

/* ---- sorting entries ---------------------------------------------------------
 *
 * Compaction sorts the buffered entries and a bulk MinHash add sorts its
 * values: random 32-bit words, on which comparison sorts mispredict half
 * their branches (qsort() took a fifth of analysis' sketch time, an
 * introsort still 47 ns per value). An LSD radix sort, one byte per pass
 * and the four histograms counted in one read, has no branch on the data
 * and is linear whatever the input. Short runs use insertion sort. */

static void insertion_u32(uint32_t *a, size_t n)
{
    size_t i, j;

    for (i = 1; i < n; i++) {
        uint32_t x = a[i];

        for (j = i; j > 0 && a[j - 1] > x; j--)
            a[j] = a[j - 1];
        a[j] = x;
    }
}

static void radix_u32(uint32_t *a, size_t n, uint32_t *tmp)
{
    size_t count[4][256], i, d;
    uint32_t *src = a, *dst = tmp, *t;

    memset(count, 0, sizeof(count));
    for (i = 0; i < n; i++)
        for (d = 0; d < 4; d++)
            count[d][a[i] >> (8 * d) & 255]++;
    for (d = 0; d < 4; d++) {
        size_t sum = 0, c, b;

        if (count[d][src[0] >> (8 * d) & 255] == n)
            continue;   /* every value has this byte: nothing to move */
        for (b = 0; b < 256; b++) {
            c = count[d][b];
            count[d][b] = sum;
            sum += c;
        }
        for (i = 0; i < n; i++)
            dst[count[d][src[i] >> (8 * d) & 255]++] = src[i];
        t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof(*a));
}

static void sort_u32(uint32_t *a, size_t n)
{
    uint32_t stack[1024], *tmp;

    if (n <= 32) {
        insertion_u32(a, n);
        return;
    }
    tmp = n <= 1024 ? stack : niche_xmalloc(n * sizeof(*tmp));
    radix_u32(a, n, tmp);
    if (tmp != stack)
        free(tmp);
}

/* Sort the buffered entries into the list, in place from the back, then
 * keep one entry per index: sorted by (index, rank), the last of a run has
 * the largest rank. */
static void compact(struct niche_hll *h)
{
    size_t i, j, k, n = 0;

    if (h->dense || !h->ntmp)
        return;
    sort_u32(h->tmp, h->ntmp);
    NICHE_ALLOC_GROW(h->sp, h->nsp + h->ntmp, h->asp);
    i = h->nsp;
    j = h->ntmp;
    k = h->nsp + h->ntmp;
    while (j > 0)
        h->sp[--k] = i > 0 && h->sp[i - 1] > h->tmp[j - 1] ? h->sp[--i] : h->tmp[--j];
    for (i = 0; i < h->nsp + h->ntmp; i++) {
        if (n && h->sp[n - 1] >> 6 == h->sp[i] >> 6)
            h->sp[n - 1] = h->sp[i];
        else
            h->sp[n++] = h->sp[i];
    }
    h->nsp = n;
    h->ntmp = 0;
    if (h->nsp > sparse_max(h->p))
        to_dense(h);
}

static void push_sparse(struct niche_hll *h, uint32_t e)
{
    NICHE_ALLOC_GROW(h->tmp, h->ntmp + 1, h->atmp);
    h->tmp[h->ntmp++] = e;
    if (h->ntmp >= h->nsp / 2 + 64)
        compact(h);
}

void niche_hll_add_hash(struct niche_hll *h, uint64_t x)
{
    uint64_t w;

    if (h->dense) {
        w = x << h->p;
        set_reg(h, (size_t)(x >> (64 - h->p)),
                (uint8_t)(w ? __builtin_clzll(w) + 1 : 65 - h->p));
        return;
    }
    w = x << SP_P;
    push_sparse(h, (uint32_t)(x >> SP_Q) << 6 | (uint32_t)(w ? __builtin_clzll(w) + 1 : SP_Q + 1));
}

void niche_hll_add_hashes(struct niche_hll *h, const uint64_t *x, size_t n)
{
    size_t i;

    if (h->dense) {
        for (i = 0; i < n; i++)
            niche_hll_add_hash(h, x[i]);
        return;
    }
    /* All into the buffer, then one sort: no compaction on the way. */
    NICHE_ALLOC_GROW(h->tmp, h->ntmp + n, h->atmp);
    for (i = 0; i < n; i++) {
        uint64_t w = x[i] << SP_P;

        h->tmp[h->ntmp++] = (uint32_t)(x[i] >> SP_Q) << 6 |
                            (uint32_t)(w ? __builtin_clzll(w) + 1 : SP_Q + 1);
    }
    compact(h);
}

void niche_hll_add(struct niche_hll *h, int64_t id)
{
    niche_hll_add_hash(h, niche_sketch_hash(id));
}

int niche_hll_is_sparse(struct niche_hll *h)
{
    compact(h);
    return !h->dense;
}

int niche_hll_merge(struct niche_hll *dst, struct niche_hll *src, struct niche_error *err)
{
    size_t i, idx, n;
    uint8_t r;

    if (dst->p != src->p)
        return niche_error_set(err, NICHE_EINVAL, "cannot merge HyperLogLog sketches of"
                               " precisions %d and %d", dst->p, src->p);
    if (dst == src)
        return 0;   /* a set's union with itself */
    compact(src);
    if (!src->dense) {
        n = src->nsp;
        for (i = 0; i < n; i++) {
            if (dst->dense) {
                sparse_to_dense(dst->p, src->sp[i], &idx, &r);
                set_reg(dst, idx, r);
            } else {
                push_sparse(dst, src->sp[i]);
            }
        }
        compact(dst);
        return 0;
    }
    if (!dst->dense)
        to_dense(dst);
    for (i = 0; i < nreg(dst->p); i++)
        set_reg(dst, i, src->reg[i]);
    return 0;
}

/* sigma and tau of Ertl's estimator (arXiv:1702.01284, algorithm 6); both
 * series stop when a term no longer changes the sum. */
static double ertl_sigma(double x)
{
    double y = 1, z = x, zp;

    if (x == 1)
        return INFINITY;
    do {
        x *= x;
        zp = z;
        z += x * y;
        y += y;
    } while (z != zp);
    return z;
}

static double ertl_tau(double x)
{
    double y = 1, z, zp;

    if (x == 0 || x == 1)
        return 0;
    z = 1 - x;
    do {
        x = sqrt(x);
        zp = z;
        y *= 0.5;
        z -= (1 - x) * (1 - x) * y;
    } while (z != zp);
    return z / 3;
}

/* The estimate from the histogram c[0..q+1] of m registers. */
static double ertl_estimate(const uint32_t *c, int q, double m)
{
    double z = m * ertl_tau(1 - c[q + 1] / m);
    int k;

    for (k = q; k >= 1; k--)
        z = 0.5 * (z + c[k]);
    z += m * ertl_sigma(c[0] / m);
    return m * m / (2 * log(2) * z);
}

double niche_hll_estimate(struct niche_hll *h)
{
    uint32_t c[66] = { 0 };
    size_t i;

    compact(h);
    if (h->dense) {
        for (i = 0; i < nreg(h->p); i++)
            c[h->reg[i]]++;
        return ertl_estimate(c, 64 - h->p, (double)nreg(h->p));
    }
    c[0] = (uint32_t)(nreg(SP_P) - h->nsp);
    for (i = 0; i < h->nsp; i++)
        c[h->sp[i] & 63]++;
    return ertl_estimate(c, SP_Q, (double)nreg(SP_P));
}

double niche_hll_std_error(struct niche_hll *h)
{
    return 1.04 / sqrt((double)nreg(niche_hll_is_sparse(h) ? SP_P : h->p));
}

void niche_hll_serialize(struct niche_hll *h, unsigned char **out, size_t *len)
{
    unsigned char *b;
    size_t i, n;

    compact(h);
    n = h->dense ? HLL_HEADER + dense_bytes(h->p) : HLL_HEADER + 4 + 4 * h->nsp;
    b = niche_xcalloc(n, 1);
    memcpy(b, "nHLL", 4);
    b[4] = BLOB_VERSION;
    b[5] = h->dense ? KIND_DENSE : KIND_SPARSE;
    b[6] = (unsigned char)h->p;
    if (!h->dense) {
        put_le(b + HLL_HEADER, (uint32_t)h->nsp, 4);
        for (i = 0; i < h->nsp; i++)
            put_le(b + HLL_HEADER + 4 + 4 * i, h->sp[i], 4);
    } else {
        /* 6 bits per register, least significant bits first */
        for (i = 0; i < nreg(h->p); i++) {
            size_t bit = 6 * i, at = HLL_HEADER + bit / 8;
            unsigned v = (unsigned)h->reg[i] << (bit % 8);

            b[at] |= (unsigned char)v;
            if (v >> 8)
                b[at + 1] |= (unsigned char)(v >> 8);
        }
    }
    *out = b;
    *len = n;
}

static int read_sparse(struct niche_hll *h, const unsigned char *b, size_t len,
                       struct niche_error *err)
{
    size_t i, n;
    uint32_t e, prev = 0;

    if (len < HLL_HEADER + 4)
        return bad_blob(err, "hll", len, "truncated entry count");
    n = get_le(b + HLL_HEADER, 4);
    if (n > (len - HLL_HEADER - 4) / 4 || len != HLL_HEADER + 4 + 4 * n)
        return bad_blob(err, "hll", HLL_HEADER, "%zu entries do not fill the %zu bytes left",
                        n, len - HLL_HEADER - 4);
    h->sp = niche_xmalloc((n ? n : 1) * sizeof(*h->sp));
    h->asp = n ? n : 1;
    for (i = 0; i < n; i++) {
        size_t at = HLL_HEADER + 4 + 4 * i;

        e = get_le(b + at, 4);
        if ((e & 63) < 1 || (e & 63) > SP_Q + 1 || e >> 31)
            return bad_blob(err, "hll", at, "entry %zu has rank %u or index past 2^25", i,
                            e & 63);
        if (i && e >> 6 <= prev >> 6)
            return bad_blob(err, "hll", at, "entry %zu is not after the one before", i);
        h->sp[i] = prev = e;
    }
    h->nsp = n;
    if (h->nsp > sparse_max(h->p))   /* valid, just not canonical: make it so */
        to_dense(h);
    return 0;
}

static int read_dense(struct niche_hll *h, const unsigned char *b, size_t len,
                      struct niche_error *err)
{
    size_t i, m = nreg(h->p);

    if (len != HLL_HEADER + dense_bytes(h->p))
        return bad_blob(err, "hll", len < HLL_HEADER + dense_bytes(h->p) ? len
                        : HLL_HEADER + dense_bytes(h->p),
                        "dense registers need %zu bytes, blob has %zu", dense_bytes(h->p),
                        len - HLL_HEADER);
    h->reg = niche_xmalloc(m);
    h->dense = 1;
    for (i = 0; i < m; i++) {
        size_t bit = 6 * i, at = HLL_HEADER + bit / 8;
        unsigned v = b[at] | (at + 1 < len ? (unsigned)b[at + 1] << 8 : 0u);

        h->reg[i] = (uint8_t)(v >> (bit % 8) & 63);
        if (h->reg[i] > 65 - h->p)
            return bad_blob(err, "hll", at, "register %zu holds %u, past the largest rank %d",
                            i, h->reg[i], 65 - h->p);
    }
    return 0;
}

int niche_hll_deserialize(struct niche_hll **out, const void *blob, size_t len,
                          struct niche_error *err)
{
    const unsigned char *b = blob;
    struct niche_hll *h = NULL;
    int rc;

    *out = NULL;
    if ((rc = check_header(b, len, "nHLL", HLL_HEADER, "hll", err)) < 0)
        return rc;
    if (b[5] != KIND_SPARSE && b[5] != KIND_DENSE)
        return bad_blob(err, "hll", 5, "unknown kind %u", b[5]);
    if (b[6] < NICHE_HLL_P_MIN || b[6] > NICHE_HLL_P_MAX)
        return bad_blob(err, "hll", 6, "precision %u is not in %d..%d", b[6], NICHE_HLL_P_MIN,
                        NICHE_HLL_P_MAX);
    if (b[7] != 0)
        return bad_blob(err, "hll", 7, "reserved byte is %u, not 0", b[7]);
    niche_hll_new(&h, b[6], NULL);
    rc = b[5] == KIND_SPARSE ? read_sparse(h, b, len, err) : read_dense(h, b, len, err);
    if (rc < 0) {
        niche_hll_free(h);
        return rc;
    }
    *out = h;
    return 0;
}

/* ---- MinHash (bottom-k) -------------------------------------------------------- */

struct niche_minhash {
    int k;
    int n;                 /* values held, <= k */
    int alloc;             /* room in v: grows with n, up to k */
    uint32_t *v;           /* the n smallest distinct values, ascending */
};

int niche_minhash_new(struct niche_minhash **out, int k, struct niche_error *err)
{
    *out = NULL;
    if (k < 1 || k > NICHE_MINHASH_K_MAX)
        return niche_error_set(err, NICHE_EINVAL, "MinHash size %d is not in 1..%d", k,
                               NICHE_MINHASH_K_MAX);
    *out = niche_xcalloc(1, sizeof(**out));
    (*out)->k = k;
    return 0;
}

/* Room for n values: a signature of a small audience stays small. */
static void minhash_room(struct niche_minhash *m, int n)
{
    if (n <= m->alloc)
        return;
    m->alloc = m->alloc ? 2 * m->alloc : 8;
    if (m->alloc < n)
        m->alloc = n;
    if (m->alloc > m->k)
        m->alloc = m->k;
    m->v = niche_xrealloc(m->v, (size_t)m->alloc * sizeof(*m->v));
}

void niche_minhash_free(struct niche_minhash *m)
{
    if (!m)
        return;
    free(m->v);
    free(m);
}

void niche_minhash_reset(struct niche_minhash *m)
{
    m->n = 0;
}

int niche_minhash_k(const struct niche_minhash *m)
{
    return m->k;
}

int niche_minhash_count(const struct niche_minhash *m)
{
    return m->n;
}

static void insert_value(struct niche_minhash *m, uint32_t x)
{
    int lo = 0, hi = m->n;

    if (m->n == m->k && x >= m->v[m->n - 1])
        return;   /* the common case once full: not among the k smallest */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;

        if (m->v[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < m->n && m->v[lo] == x)
        return;
    if (m->n == m->k)
        m->n--;   /* the largest falls off */
    minhash_room(m, m->n + 1);
    memmove(m->v + lo + 1, m->v + lo, (size_t)(m->n - lo) * sizeof(*m->v));
    m->v[lo] = x;
    m->n++;
}

void niche_minhash_add_hash(struct niche_minhash *m, uint64_t hash)
{
    insert_value(m, (uint32_t)hash);
}

void niche_minhash_add_hashes(struct niche_minhash *m, const uint64_t *x, size_t n)
{
    uint32_t *w, *r;
    size_t i, j = 0, out = 0, cap;

    if (!n)
        return;
    /* Sort the new values once and merge them with the signature. */
    w = niche_xmalloc(n * sizeof(*w));
    for (i = 0; i < n; i++)
        w[i] = (uint32_t)x[i];
    sort_u32(w, n);
    cap = (size_t)m->n + n < (size_t)m->k ? (size_t)m->n + n : (size_t)m->k;
    r = niche_xmalloc(cap * sizeof(*r));
    for (i = 0; out < cap && (i < (size_t)m->n || j < n);) {
        uint32_t v = j == n || (i < (size_t)m->n && m->v[i] <= w[j]) ? m->v[i++] : w[j++];

        if (!out || r[out - 1] != v)
            r[out++] = v;
    }
    free(w);
    free(m->v);
    m->v = r;
    m->n = (int)out;
    m->alloc = (int)cap;
}

void niche_minhash_add(struct niche_minhash *m, int64_t id)
{
    insert_value(m, (uint32_t)niche_sketch_hash(id));
}

int niche_minhash_merge(struct niche_minhash *dst, const struct niche_minhash *src,
                        struct niche_error *err)
{
    int i, n = src->n;

    if (dst->k != src->k)
        return niche_error_set(err, NICHE_EINVAL, "cannot merge MinHash signatures of"
                               " sizes %d and %d", dst->k, src->k);
    if (dst == src)
        return 0;
    for (i = 0; i < n; i++)
        insert_value(dst, src->v[i]);
    return 0;
}

double niche_minhash_jaccard(const struct niche_minhash *a, const struct niche_minhash *b)
{
    int k = a->k < b->k ? a->k : b->k, i = 0, j = 0, taken = 0, both = 0;
    int na = a->n < k ? a->n : k, nb = b->n < k ? b->n : k;

    if (!na || !nb)
        return NAN;
    /* Walk the union of the two sorted lists, smallest first, for k values. */
    while (taken < k && (i < na || j < nb)) {
        if (j == nb || (i < na && a->v[i] < b->v[j])) {
            i++;
        } else if (i == na || b->v[j] < a->v[i]) {
            j++;
        } else {
            both++;
            i++;
            j++;
        }
        taken++;
    }
    return (double)both / (double)taken;
}

void niche_minhash_serialize(const struct niche_minhash *m, unsigned char **out, size_t *len)
{
    size_t n = MH_HEADER + 4 * (size_t)m->n;
    unsigned char *b = niche_xcalloc(n, 1);
    int i;

    memcpy(b, "nMHS", 4);
    b[4] = BLOB_VERSION;
    b[5] = KIND_BOTTOM_K;
    put_le(b + 6, (uint32_t)m->k, 2);
    put_le(b + 8, (uint32_t)m->n, 2);
    for (i = 0; i < m->n; i++)
        put_le(b + MH_HEADER + 4 * (size_t)i, m->v[i], 4);
    *out = b;
    *len = n;
}

int niche_minhash_deserialize(struct niche_minhash **out, const void *blob, size_t len,
                              struct niche_error *err)
{
    const unsigned char *b = blob;
    struct niche_minhash *m = NULL;
    uint32_t k, n, i;
    int rc;

    *out = NULL;
    if ((rc = check_header(b, len, "nMHS", MH_HEADER, "minhash", err)) < 0)
        return rc;
    if (b[5] != KIND_BOTTOM_K)
        return bad_blob(err, "minhash", 5, "unknown kind %u", b[5]);
    k = get_le(b + 6, 2);
    n = get_le(b + 8, 2);
    if (k < 1 || k > NICHE_MINHASH_K_MAX)
        return bad_blob(err, "minhash", 6, "k = %u is not in 1..%d", k, NICHE_MINHASH_K_MAX);
    if (n > k)
        return bad_blob(err, "minhash", 8, "%u values, more than k = %u", n, k);
    if (b[10] || b[11])
        return bad_blob(err, "minhash", b[10] ? 10 : 11, "reserved bytes are not 0");
    if (len != MH_HEADER + 4 * (size_t)n)
        return bad_blob(err, "minhash", len < MH_HEADER + 4 * (size_t)n ? len
                        : MH_HEADER + 4 * (size_t)n,
                        "%u values need %zu bytes, blob has %zu", n, 4 * (size_t)n,
                        len - MH_HEADER);
    niche_minhash_new(&m, (int)k, NULL);
    minhash_room(m, (int)n);
    for (i = 0; i < n; i++) {
        m->v[i] = get_le(b + MH_HEADER + 4 * (size_t)i, 4);
        if (i && m->v[i] <= m->v[i - 1]) {
            niche_minhash_free(m);
            return bad_blob(err, "minhash", MH_HEADER + 4 * (size_t)i,
                            "value %u is not above the one before", i);
        }
    }
    m->n = (int)n;
    *out = m;
    return 0;
}
