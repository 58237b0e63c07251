/*
 * sketch.h - audience sketches: HyperLogLog for the size of audiences and
 * of their unions, MinHash for their similarity.
 *
 * An audience is a set of follower ids (store row ids). Both sketches hash
 * each id once with xxHash (XXH3, 64 bits, a fixed seed: niche_sketch_hash())
 * so that sketches built anywhere, at any time, merge and compare.
 *
 * HyperLogLog (niche_hll) counts distinct ids with a relative standard
 * error of 1.04/sqrt(2^p) for a precision p of 4 to 18 (default 14: 0.81%,
 * 12 KiB serialized). Small audiences stay in a sparse form that keeps
 * 25-bit register indexes (as HyperLogLog++ does) and is exact in practice;
 * it turns dense when the sparse form would be the larger. Merging two
 * sketches gives the sketch of the union, whatever the order of adds.
 *
 * MinHash (niche_minhash) keeps the k smallest hash values of a set (a
 * bottom-k signature, k = 128 by default); two signatures estimate the
 * Jaccard index |A & B| / |A | B| with a standard error of about
 * sqrt(J(1-J)/k), and exactly when both sets have fewer than k ids.
 *
 * Both serialize to versioned blobs (magic, version, kind, precision or k);
 * the deserializers accept only whole, canonical blobs and report anything
 * else as NICHE_EPARSE with the byte offset. Formats, estimator and error
 * bounds: docs/sketches.md.
 *
 *     struct niche_hll *h = NULL;
 *     niche_hll_new(&h, NICHE_HLL_P_DEFAULT, &err);
 *     for (i = 0; i < n; i++)
 *         niche_hll_add(h, follower_id[i]);
 *     printf("%.0f\n", niche_hll_estimate(h));
 *     niche_hll_free(h);
 *
 * A sketch is not thread-safe; distinct sketches may be used from distinct
 * threads. Functions that read a HyperLogLog take it non-const because they
 * first fold in the adds it buffers.
 */
#ifndef NICHE_SKETCH_H
#define NICHE_SKETCH_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "error.h"

/** The hash every sketch uses for an id: XXH3-64 of its 8 little-endian
 *  bytes with seed NICHE_SKETCH_SEED. Pure; thread-safe. */
#define NICHE_SKETCH_SEED 0x6e69636865ULL   /* "niche" */
NICHE_API uint64_t niche_sketch_hash(int64_t id);

/* ---- HyperLogLog -------------------------------------------------------- */

#define NICHE_HLL_P_MIN 4
#define NICHE_HLL_P_MAX 18
#define NICHE_HLL_P_DEFAULT 14
#define NICHE_HLL_P_SPARSE 25   /* register index bits of the sparse form */

struct niche_hll;

/** A new, empty sketch of precision p (NICHE_HLL_P_MIN..MAX), else
 *  NICHE_EINVAL. Caller owns *out; free with niche_hll_free(). */
NICHE_API int niche_hll_new(struct niche_hll **out, int p, struct niche_error *err);

/** NULL is a no-op. */
NICHE_API void niche_hll_free(struct niche_hll *h);

/** Empty h again (sparse, same precision), keeping its memory. */
NICHE_API void niche_hll_reset(struct niche_hll *h);

/** Add one id, or an id already hashed by niche_sketch_hash(). */
NICHE_API void niche_hll_add(struct niche_hll *h, int64_t id);
NICHE_API void niche_hll_add_hash(struct niche_hll *h, uint64_t hash);
/** Add n hashes at once: faster than one by one for a whole audience. */
NICHE_API void niche_hll_add_hashes(struct niche_hll *h, const uint64_t *hashes, size_t n);

/** dst becomes the sketch of the union of both sets; src is unchanged but
 *  compacted. NICHE_EINVAL when the precisions differ. */
NICHE_API int niche_hll_merge(struct niche_hll *dst, struct niche_hll *src,
                              struct niche_error *err);

/** Estimated number of distinct ids added (Ertl's improved estimator). */
NICHE_API double niche_hll_estimate(struct niche_hll *h);

/** Relative standard error of the estimate: 1.04/sqrt(2^25) while h is
 *  sparse, 1.04/sqrt(2^p) once dense. */
NICHE_API double niche_hll_std_error(struct niche_hll *h);

NICHE_API int niche_hll_precision(const struct niche_hll *h);
/** 1 while h is in the sparse form. */
NICHE_API int niche_hll_is_sparse(struct niche_hll *h);

/** Serialize h: *out gets a blob of *len bytes. Caller owns *out; free with
 *  free(). Never fails (allocation failure goes to the OOM handler). */
NICHE_API void niche_hll_serialize(struct niche_hll *h, unsigned char **out, size_t *len);

/** A sketch from a blob niche_hll_serialize() wrote. NICHE_EPARSE (message
 *  and err->column give the byte offset) for anything else: never reads
 *  past len. Caller owns *out (NULL on failure). */
NICHE_API int niche_hll_deserialize(struct niche_hll **out, const void *blob, size_t len,
                                    struct niche_error *err);

/* ---- MinHash ------------------------------------------------------------- */

#define NICHE_MINHASH_K_DEFAULT 128
#define NICHE_MINHASH_K_MAX 4096

struct niche_minhash;

/** A new, empty signature keeping k values (1..NICHE_MINHASH_K_MAX), else
 *  NICHE_EINVAL. Caller owns *out; free with niche_minhash_free(). */
NICHE_API int niche_minhash_new(struct niche_minhash **out, int k, struct niche_error *err);

/** NULL is a no-op. */
NICHE_API void niche_minhash_free(struct niche_minhash *m);

/** Empty m again, keeping k and its memory. */
NICHE_API void niche_minhash_reset(struct niche_minhash *m);

NICHE_API void niche_minhash_add(struct niche_minhash *m, int64_t id);
NICHE_API void niche_minhash_add_hash(struct niche_minhash *m, uint64_t hash);
/** Add n hashes at once: one sort, not n insertions. */
NICHE_API void niche_minhash_add_hashes(struct niche_minhash *m, const uint64_t *hashes,
                                        size_t n);

/** dst becomes the signature of the union; NICHE_EINVAL when k differs. */
NICHE_API int niche_minhash_merge(struct niche_minhash *dst, const struct niche_minhash *src,
                                  struct niche_error *err);

/**
 * Estimated Jaccard index of the two sets, in [0, 1]: of the k smallest
 * values of the union (k the smaller of the two), the share found in both
 * signatures. NaN when either set is empty.
 */
NICHE_API double niche_minhash_jaccard(const struct niche_minhash *a,
                                       const struct niche_minhash *b);

/** k, and the values held (min(k, distinct ids added)). */
NICHE_API int niche_minhash_k(const struct niche_minhash *m);
NICHE_API int niche_minhash_count(const struct niche_minhash *m);

/** As niche_hll_serialize(): caller frees *out with free(). */
NICHE_API void niche_minhash_serialize(const struct niche_minhash *m, unsigned char **out,
                                       size_t *len);

/** As niche_hll_deserialize(): NICHE_EPARSE with the byte offset. */
NICHE_API int niche_minhash_deserialize(struct niche_minhash **out, const void *blob,
                                        size_t len, struct niche_error *err);

#endif
