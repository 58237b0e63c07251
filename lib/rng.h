/*
 * rng.h - random streams for generated worlds (niche synth, bench/gen_*):
 * xoshiro256** seeded by splitmix64, with uniforms, normals (Box-Muller, in
 * pairs), log-normals and weighted picks. Inline: the generators call them
 * per row. Not API.
 */
#ifndef NICHE_RNG_H
#define NICHE_RNG_H

#include <math.h>
#include <stdint.h>

struct rng {
    uint64_t s[4];
    double spare;            /* Box-Muller makes normals in pairs */
    int has_spare;
};

static inline uint64_t rng_splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* The stream whose state splitmix64 draws from x (each caller mixes its
 * seed and indexes into x its own way). */
static inline void rng_seed_mix(struct rng *r, uint64_t x)
{
    int i;

    for (i = 0; i < 4; i++)
        r->s[i] = rng_splitmix(&x);
    r->spare = 0;
    r->has_spare = 0;
}

static inline uint64_t rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s, out = rng_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rng_rotl(s[3], 45);
    return out;
}

/* Uniform in [0, 1). */
static inline double rng_unif(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in 0..n-1; 0 when n <= 0. */
static inline int64_t rng_below(struct rng *r, int64_t n)
{
    return n > 0 ? (int64_t)(rng_unif(r) * (double)n) : 0;
}

static inline double rng_normal(struct rng *r)
{
    double u, v, rad;

    if (r->has_spare) {
        r->has_spare = 0;
        return r->spare;
    }
    u = rng_unif(r);
    v = rng_unif(r);
    rad = sqrt(-2.0 * log(u > 0 ? u : 1e-300));
    r->spare = rad * sin(6.283185307179586 * v);
    r->has_spare = 1;
    return rad * cos(6.283185307179586 * v);
}

static inline double rng_lognormal(struct rng *r, double mu, double sigma)
{
    return exp(mu + sigma * rng_normal(r));
}

/* An index drawn with weights w[0..n) (summing to 1; the last takes the rest). */
static inline int rng_pick(struct rng *r, const double *w, int n)
{
    double x = rng_unif(r), acc = 0;
    int i;

    for (i = 0; i < n - 1; i++) {
        acc += w[i];
        if (x < acc)
            return i;
    }
    return n - 1;
}

#endif
