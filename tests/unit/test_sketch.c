/*
 * test_sketch.c - unit tests of the audience sketches (lib/sketch.c,
 * sketch.h): HyperLogLog error against its theoretical bound from 1 to
 * 1,000,000 ids at several precisions, the sparse-to-dense switch, merge
 * against the sketch of the union, blob round trips, malformed blobs, and
 * MinHash Jaccard estimates against sets of known overlap.
 *
 * The bounds are the textbook ones, not fitted to this code: 3 standard
 * errors, 1.04/sqrt(2^p) for HyperLogLog and sqrt(J(1-J)/k) for MinHash.
 * The id sets are fixed, so each run checks the same estimates.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "niche/error.h"
#include "niche/sketch.h"
#include "banned.h"

/* ---- helpers ------------------------------------------------------------ */

static struct niche_hll *hll(int p)
{
    struct niche_hll *h = NULL;

    assert_int_equal(niche_hll_new(&h, p, NULL), 0);
    return h;
}

static struct niche_minhash *mh(int k)
{
    struct niche_minhash *m = NULL;

    assert_int_equal(niche_minhash_new(&m, k, NULL), 0);
    return m;
}

/* ids lo..hi-1, spread out the way row ids are not, to vary the input */
static void add_range(struct niche_hll *h, int64_t lo, int64_t hi)
{
    int64_t i;

    for (i = lo; i < hi; i++)
        niche_hll_add(h, i * 7919 + 13);
}

static void mh_range(struct niche_minhash *m, int64_t lo, int64_t hi)
{
    int64_t i;

    for (i = lo; i < hi; i++)
        niche_minhash_add(m, i * 7919 + 13);
}

/* Byte equality of the blobs of two sketches. */
static void expect_same_hll(struct niche_hll *a, struct niche_hll *b)
{
    unsigned char *x, *y;
    size_t nx, ny;

    niche_hll_serialize(a, &x, &nx);
    niche_hll_serialize(b, &y, &ny);
    assert_int_equal(nx, ny);
    assert_memory_equal(x, y, nx);
    free(x);
    free(y);
}

/* ---- HyperLogLog: error within 3 standard errors --------------------------- */

static const int64_t sizes[] = { 1, 2, 5, 10, 50, 100, 500, 1000, 2000, 3000, 5000, 10000,
                                 30000, 100000, 300000, 1000000 };

static void check_error(int p, int64_t base)
{
    struct niche_hll *h = hll(p);
    double se = 1.04 / sqrt((double)(1 << p));
    size_t i;
    int64_t done = 0;

    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        double e, rel, bound;

        add_range(h, base + done, base + sizes[i]);
        done = sizes[i];
        e = niche_hll_estimate(h);
        rel = fabs(e - (double)sizes[i]) / (double)sizes[i];
        /* Sparse, it is a sketch of precision 25: bound it by that too. */
        bound = niche_hll_is_sparse(h) ? 3 * 1.04 / sqrt((double)(1 << 25)) : 3 * se;
        if (rel > bound)
            fail_msg("p=%d n=%lld: estimate %.2f, relative error %.5f > %.5f (%s)", p,
                     (long long)sizes[i], e, rel, bound,
                     niche_hll_is_sparse(h) ? "sparse" : "dense");
        assert_true(niche_hll_std_error(h) <= se + 1e-12);
    }
    assert_false(niche_hll_is_sparse(h));   /* a million ids never fit sparse */
    niche_hll_free(h);
}

static void test_sketch__hll_error_p4(void **state)
{
    (void)state;
    check_error(4, 0);
}

static void test_sketch__hll_error_p10(void **state)
{
    (void)state;
    check_error(10, 5000000);
}

static void test_sketch__hll_error_p14(void **state)
{
    (void)state;
    check_error(14, 10000000);
}

static void test_sketch__hll_error_p18(void **state)
{
    (void)state;
    check_error(18, 20000000);
}

static void test_sketch__hll_empty(void **state)
{
    struct niche_hll *h = hll(14);

    (void)state;
    assert_true(niche_hll_estimate(h) == 0);
    niche_hll_add(h, 42);
    niche_hll_add(h, 42);   /* twice is once */
    assert_true(fabs(niche_hll_estimate(h) - 1) < 1e-3);
    niche_hll_reset(h);
    assert_true(niche_hll_estimate(h) == 0);
    niche_hll_free(h);
    niche_hll_free(NULL);
}

static void test_sketch__hll_bad_precision(void **state)
{
    struct niche_error err = NICHE_ERROR_INIT;
    struct niche_hll *h = (struct niche_hll *)&err;   /* must come back NULL */

    (void)state;
    assert_int_equal(niche_hll_new(&h, 3, &err), NICHE_EINVAL);
    assert_null(h);
    assert_int_equal(niche_hll_new(&h, 19, &err), NICHE_EINVAL);
    assert_non_null(strstr(err.msg, "precision 19"));
}

/* ---- sparse to dense ----------------------------------------------------------- */

/* The switch happens past 2^p * 3 / 16 distinct registers and loses
 * nothing: the same ids in another order (switching at another point)
 * give the same dense registers. */
static void test_sketch__sparse_to_dense(void **state)
{
    struct niche_hll *a = hll(14), *b = hll(14);
    int64_t n = 0;

    (void)state;
    while (niche_hll_is_sparse(a)) {
        add_range(a, n, n + 1);
        n++;
    }
    /* 3072 entries at most while sparse; collisions of 25-bit indexes are rare */
    assert_true(n > 3072 && n < 3200);
    add_range(a, n, 20000);
    add_range(b, 10000, 20000);
    assert_false(niche_hll_is_sparse(b));
    add_range(b, 0, 10000);
    expect_same_hll(a, b);
    assert_true(fabs(niche_hll_estimate(a) - 20000) < 3 * 0.0082 * 20000);
    niche_hll_free(a);
    niche_hll_free(b);
}

/* ---- merge ------------------------------------------------------------------------ */

/* merge(A, B) is the sketch of A | B, byte for byte, in every form. */
static void check_merge(int p, int64_t a_hi, int64_t b_lo, int64_t b_hi)
{
    struct niche_hll *a = hll(p), *b = hll(p), *u = hll(p);
    int64_t hi = a_hi > b_hi ? a_hi : b_hi;

    add_range(a, 0, a_hi);
    add_range(b, b_lo, b_hi);
    add_range(u, 0, hi);
    assert_int_equal(niche_hll_merge(a, b, NULL), 0);
    expect_same_hll(a, u);
    niche_hll_free(a);
    niche_hll_free(b);
    niche_hll_free(u);
}

static void test_sketch__hll_merge(void **state)
{
    (void)state;
    check_merge(14, 500, 300, 900);          /* sparse + sparse, stays sparse */
    check_merge(14, 2500, 1000, 3500);       /* sparse + sparse, union turns dense */
    check_merge(14, 100, 50, 60000);         /* sparse + dense */
    check_merge(14, 60000, 10, 200);         /* dense + sparse */
    check_merge(14, 60000, 40000, 100000);   /* dense + dense */
    check_merge(4, 5, 3, 9);
    check_merge(18, 100000, 50000, 300000);
}

static void test_sketch__hll_merge_precisions(void **state)
{
    struct niche_hll *a = hll(12), *b = hll(14);
    struct niche_error err = NICHE_ERROR_INIT;

    (void)state;
    assert_int_equal(niche_hll_merge(a, b, &err), NICHE_EINVAL);
    assert_int_equal(niche_hll_merge(a, a, NULL), 0);   /* with itself: unchanged */
    niche_hll_free(a);
    niche_hll_free(b);
}

/* ---- serialization ------------------------------------------------------------------ */

static void round_trip(struct niche_hll *h)
{
    struct niche_hll *back = NULL;
    unsigned char *b;
    size_t n;

    niche_hll_serialize(h, &b, &n);
    assert_int_equal(niche_hll_deserialize(&back, b, n, NULL), 0);
    assert_int_equal(niche_hll_precision(back), niche_hll_precision(h));
    assert_int_equal(niche_hll_is_sparse(back), niche_hll_is_sparse(h));
    assert_true(niche_hll_estimate(back) == niche_hll_estimate(h));
    expect_same_hll(back, h);
    free(b);
    niche_hll_free(back);
}

static void test_sketch__hll_round_trip(void **state)
{
    int p;

    (void)state;
    for (p = NICHE_HLL_P_MIN; p <= NICHE_HLL_P_MAX; p++) {
        struct niche_hll *h = hll(p);

        round_trip(h);             /* empty */
        add_range(h, 0, 3);
        round_trip(h);             /* sparse (dense at p = 4) */
        add_range(h, 3, 70000);
        round_trip(h);             /* dense */
        niche_hll_free(h);
    }
}

/* Every proper prefix of a valid blob, and every byte changed to some
 * values, must fail cleanly or parse into a usable sketch. */
static void expect_bad(const unsigned char *b, size_t n, const char *what)
{
    struct niche_error err = NICHE_ERROR_INIT;
    struct niche_hll *h = NULL;

    if (niche_hll_deserialize(&h, b, n, &err) != NICHE_EPARSE)
        fail_msg("%s: accepted", what);
    assert_null(h);
    assert_int_equal(err.code, NICHE_EPARSE);
    assert_non_null(strstr(err.msg, "hll sketch: byte "));
    assert_true(err.column >= 1 && (size_t)err.column <= n + 1);
}

static void test_sketch__hll_malformed(void **state)
{
    struct niche_hll *s = hll(10), *d = hll(10);
    unsigned char *sb, *db, *x;
    size_t sn, dn, i;

    (void)state;
    add_range(s, 0, 20);
    add_range(d, 0, 5000);
    niche_hll_serialize(s, &sb, &sn);
    niche_hll_serialize(d, &db, &dn);
    for (i = 0; i < sn; i++)
        expect_bad(sb, i, "truncated sparse");
    for (i = 0; i < dn; i += 7)
        expect_bad(db, i, "truncated dense");
    x = malloc(dn + 1);
    memcpy(x, db, dn);
    x[dn] = 0;
    expect_bad(x, dn + 1, "trailing byte");
    memcpy(x, sb, sn);
#define MUTATE(at, val, what) do { unsigned char o_ = x[at]; x[at] = (val); \
        expect_bad(x, sn, what); x[at] = o_; } while (0)
    MUTATE(0, 'N', "magic");
    MUTATE(4, 2, "version");
    MUTATE(5, 3, "kind");
    MUTATE(6, 3, "precision 3");
    MUTATE(6, 19, "precision 19");
    MUTATE(7, 1, "reserved");
    MUTATE(8, 21, "count past the end");
    MUTATE(12, (unsigned char)(x[12] & 0xc0), "rank 0");
    MUTATE(12, (unsigned char)((x[12] & 0xc0) | 41), "rank 41");
    MUTATE(15, (unsigned char)(x[15] | 0x80), "index past 2^25");
    /* entries out of order: swap the first two */
    memcpy(x + 12, sb + 16, 4);
    memcpy(x + 16, sb + 12, 4);
    expect_bad(x, sn, "unsorted");
    memcpy(x + 16, sb + 12, 4);
    memcpy(x + 12, sb + 12, 4);
    expect_bad(x, sn, "duplicate index");
    /* a dense register past 65 - p = 55: 63 in register 0 */
    memcpy(x, db, dn);
    x[8] |= 63;
    expect_bad(x, dn, "register too large");
    free(x);
    free(sb);
    free(db);
    niche_hll_free(s);
    niche_hll_free(d);
}

/* ---- MinHash --------------------------------------------------------------------------- */

/* A = [0, na), B = [na - shared, na - shared + nb): J = shared / (na + nb - shared). */
static void check_jaccard(int k, int64_t na, int64_t nb, int64_t shared)
{
    struct niche_minhash *a = mh(k), *b = mh(k);
    double j = (double)shared / (double)(na + nb - shared), e, bound;

    mh_range(a, 0, na);
    mh_range(b, na - shared, na - shared + nb);
    e = niche_minhash_jaccard(a, b);
    bound = na < k && nb < k ? 1e-12 : 3 * sqrt(j * (1 - j) / k) + 1e-12;
    if (fabs(e - j) > bound)
        fail_msg("k=%d |A|=%lld |B|=%lld shared=%lld: J %.4f, estimate %.4f, bound %.4f", k,
                 (long long)na, (long long)nb, (long long)shared, j, e, bound);
    assert_true(niche_minhash_jaccard(a, b) == niche_minhash_jaccard(b, a));
    niche_minhash_free(a);
    niche_minhash_free(b);
}

static void test_sketch__minhash_jaccard(void **state)
{
    (void)state;
    check_jaccard(128, 50, 80, 30);           /* small: held whole, exact */
    check_jaccard(128, 100, 100, 0);          /* disjoint */
    check_jaccard(128, 1000, 1000, 1000);     /* equal */
    check_jaccard(128, 1000, 1000, 500);
    check_jaccard(128, 10000, 10000, 2000);
    check_jaccard(128, 10000, 30000, 9000);
    check_jaccard(128, 100000, 100000, 80000);
    check_jaccard(128, 200000, 5000, 2500);
    check_jaccard(64, 20000, 20000, 10000);
    check_jaccard(512, 50000, 50000, 5000);
}

static void test_sketch__minhash_merge(void **state)
{
    struct niche_minhash *a = mh(128), *b = mh(128), *u = mh(128), *c = mh(64);
    unsigned char *x, *y;
    size_t nx, ny;

    (void)state;
    mh_range(a, 0, 5000);
    mh_range(b, 3000, 9000);
    mh_range(u, 0, 9000);
    assert_int_equal(niche_minhash_merge(a, b, NULL), 0);
    niche_minhash_serialize(a, &x, &nx);
    niche_minhash_serialize(u, &y, &ny);
    assert_int_equal(nx, ny);
    assert_memory_equal(x, y, nx);
    assert_int_equal(niche_minhash_merge(a, c, NULL), NICHE_EINVAL);
    assert_int_equal(niche_minhash_count(a), 128);
    free(x);
    free(y);
    niche_minhash_free(a);
    niche_minhash_free(b);
    niche_minhash_free(u);
    niche_minhash_free(c);
}

static void test_sketch__minhash_empty(void **state)
{
    struct niche_minhash *a = mh(128), *b = mh(128), *bad = NULL;

    (void)state;
    assert_true(isnan(niche_minhash_jaccard(a, b)));
    mh_range(a, 0, 3);
    mh_range(a, 0, 3);   /* twice is once */
    assert_int_equal(niche_minhash_count(a), 3);
    assert_true(isnan(niche_minhash_jaccard(a, b)));
    assert_true(niche_minhash_jaccard(a, a) == 1);
    assert_int_equal(niche_minhash_new(&bad, 0, NULL), NICHE_EINVAL);
    assert_int_equal(niche_minhash_new(&bad, NICHE_MINHASH_K_MAX + 1, NULL), NICHE_EINVAL);
    assert_null(bad);
    niche_minhash_reset(a);
    assert_int_equal(niche_minhash_count(a), 0);
    niche_minhash_free(a);
    niche_minhash_free(b);
    niche_minhash_free(NULL);
}

static void mh_expect_bad(const unsigned char *b, size_t n, const char *what)
{
    struct niche_error err = NICHE_ERROR_INIT;
    struct niche_minhash *m = NULL;

    if (niche_minhash_deserialize(&m, b, n, &err) != NICHE_EPARSE)
        fail_msg("%s: accepted", what);
    assert_null(m);
    assert_non_null(strstr(err.msg, "minhash sketch: byte "));
}

static void test_sketch__minhash_blobs(void **state)
{
    struct niche_minhash *a = mh(128), *back = NULL;
    unsigned char *b, *y;
    size_t n, ny, i;

    (void)state;
    mh_range(a, 0, 1000);
    niche_minhash_serialize(a, &b, &n);
    assert_int_equal(n, 12 + 4 * 128);
    assert_int_equal(niche_minhash_deserialize(&back, b, n, NULL), 0);
    niche_minhash_serialize(back, &y, &ny);
    assert_int_equal(n, ny);
    assert_memory_equal(b, y, n);
    assert_true(niche_minhash_jaccard(a, back) == 1);
    for (i = 0; i < n; i += 5)
        mh_expect_bad(b, i, "truncated");
#define MH_MUTATE(at, val, what) do { unsigned char o_ = b[at]; b[at] = (val); \
        mh_expect_bad(b, n, what); b[at] = o_; } while (0)
    MH_MUTATE(1, 'x', "magic");
    MH_MUTATE(4, 0, "version");
    MH_MUTATE(5, 2, "kind");
    MH_MUTATE(6, 0, "k low byte");        /* k = 0 */
    MH_MUTATE(7, 0x20, "k past the max"); /* k = 8192 + 128 */
    MH_MUTATE(8, 200, "more values than k");
    MH_MUTATE(10, 1, "reserved");
    MH_MUTATE(12 + 4 * 5 + 3, 0xff, "values out of order");
    free(b);
    free(y);
    niche_minhash_free(a);
    niche_minhash_free(back);
}

/* The hash is fixed: sketches stored by one build must read in the next. */
static void test_sketch__hash_stable(void **state)
{
    (void)state;
    assert_true(niche_sketch_hash(1) == niche_sketch_hash(1));
    assert_true(niche_sketch_hash(1) != niche_sketch_hash(2));
    assert_true(niche_sketch_hash(0) != 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sketch__hll_error_p4),
        cmocka_unit_test(test_sketch__hll_error_p10),
        cmocka_unit_test(test_sketch__hll_error_p14),
        cmocka_unit_test(test_sketch__hll_error_p18),
        cmocka_unit_test(test_sketch__hll_empty),
        cmocka_unit_test(test_sketch__hll_bad_precision),
        cmocka_unit_test(test_sketch__sparse_to_dense),
        cmocka_unit_test(test_sketch__hll_merge),
        cmocka_unit_test(test_sketch__hll_merge_precisions),
        cmocka_unit_test(test_sketch__hll_round_trip),
        cmocka_unit_test(test_sketch__hll_malformed),
        cmocka_unit_test(test_sketch__minhash_jaccard),
        cmocka_unit_test(test_sketch__minhash_merge),
        cmocka_unit_test(test_sketch__minhash_empty),
        cmocka_unit_test(test_sketch__minhash_blobs),
        cmocka_unit_test(test_sketch__hash_stable),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
