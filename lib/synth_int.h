/*
 * synth_int.h - the generator's sinks (private to lib/).
 *
 * synth.c decides what the world holds; a sink decides where it goes:
 * synth_sink.c has one sink writing into a store and one writing files.
 * Entities are named by their generator index (creator accounts first,
 * then audience accounts), which the store sink maps to row ids.
 */
#ifndef NICHE_SYNTH_INT_H
#define NICHE_SYNTH_INT_H

#include <stdint.h>
#include "niche/model.h"
#include "niche/synth.h"

struct synth_sink;

struct synth_sink_ops {
    int (*creator)(struct synth_sink *, int64_t idx, const struct niche_creator *,
                   struct niche_error *);
    /* a.creator_id holds the creator's index (0-based) + 1, or 0 */
    int (*account)(struct synth_sink *, int64_t idx, const struct niche_account *,
                   const struct niche_truth_account *, struct niche_error *);
    /* p.account_id holds the account's index; returns the post's key in *key */
    int (*post)(struct synth_sink *, int64_t account_idx, const struct niche_post *,
                const struct niche_truth_post *, int64_t *key, struct niche_error *);
    int (*comment)(struct synth_sink *, int64_t post_key, const char *post_id,
                   enum niche_platform, int64_t author_idx, int64_t ms,
                   struct niche_error *);
    int (*edge)(struct synth_sink *, int64_t account_idx, int64_t follower_idx,
                struct niche_error *);
    int (*snapshot)(struct synth_sink *, int64_t account_idx,
                    const struct niche_snapshot *, struct niche_error *);
    int (*share)(struct synth_sink *, int64_t account_idx, const char *dimension,
                 const char *key, double share, struct niche_error *);
    /* commit (ok = 1) or roll back (ok = 0), and free the sink */
    int (*finish)(struct synth_sink *, int ok, struct niche_error *);
};

struct synth_sink {
    const struct synth_sink_ops *ops;
    int64_t naccounts;          /* creator + audience accounts */
    /* handles by account index, for sinks that write names: borrowed */
    const char *(*handle_of)(void *gen, int64_t idx, char *buf, size_t n);
    enum niche_platform (*platform_of)(void *gen, int64_t idx);
    void *gen;
};

int niche__synth_sink_store(struct niche_store *st, int64_t naccounts,
                            struct synth_sink **out, struct niche_error *err);
int niche__synth_sink_files(const char *dir, int64_t naccounts,
                            const struct niche_synth_opts *o,
                            struct synth_sink **out, struct niche_error *err);

/* A memory sink for one chunk of a file sink's output (parallel
 * generation); flush appends its content to the files and empties it. */
struct synth_sink *niche__synth_sink_chunk(struct synth_sink *files);
int niche__synth_sink_chunk_flush(struct synth_sink *files, struct synth_sink *chunk,
                                  struct niche_error *err);
void niche__synth_sink_chunk_free(struct synth_sink *chunk);

#endif
