/*
 * sample.h - a small generated sample of exports for the demo.
 *
 * Writes accounts.csv, posts.jsonl, followers.csv and snapshots.csv into a
 * directory, in the messy shapes real exports have ("12.3K", "N/A", hidden
 * likes as -1, a byte-order mark), so that `niche demo` runs the real
 * importers end to end. Deterministic for a seed. This is a stopgap: the
 * synthetic world with ground truth (`niche synth`) replaces it.
 */
#ifndef NICHE_SAMPLE_H
#define NICHE_SAMPLE_H

#include <stdint.h>
#include "common.h"
#include "error.h"

/** Write the sample files for n accounts into dir (which must exist). */
NICHE_API int niche_sample_write(const char *dir, uint64_t seed, int n,
                                 struct niche_error *err);

#endif
