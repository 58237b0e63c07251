/*
 * shortlist.h - shortlists by name: which names are valid, and a list
 * resolved into the account ids that overlap and the planner take.
 *
 * The lists themselves live in the store (store.h, "shortlists": create,
 * add, remove, scan). This module is what every caller needs on top of it,
 * so that the CLI, overlap, the planner and a server agree on names and on
 * the order of members (the order they were added).
 *
 *     int64_t *ids = NULL;
 *     size_t n = 0;
 *     if (niche_shortlist_resolve(st, "summer-2026", &ids, &n, &err) < 0)
 *         ...err.msg says "no list 'summer-2026' in workspace 'default'"...
 *     for (i = 0; i < n; i++) ...ids[i], in the order added...
 *     free(ids);
 */
#ifndef NICHE_SHORTLIST_H
#define NICHE_SHORTLIST_H

#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "error.h"

struct niche_store;

/**
 * 0 when name can name a list: 1 to NICHE_SHORTLIST_NAME_MAX (64) bytes of
 * valid UTF-8, no control character (C0, DEL, C1), no space at either end.
 * Otherwise NICHE_EINVAL with a message that says why (and never echoes a
 * control character). Pure; thread-safe.
 */
NICHE_API int niche_shortlist_name_check(const char *name, struct niche_error *err);

/**
 * The ids of the accounts on the list called name in the current workspace,
 * in the order added: *ids gets an array of *nr ids (NULL and 0 for an
 * empty list). Caller owns *ids; free with free(). Returns NICHE_EINVAL for
 * an invalid name, NICHE_ENOTFOUND when there is no such list, or a store
 * error (then *ids is NULL).
 */
NICHE_API int niche_shortlist_resolve(struct niche_store *st, const char *name,
                                      int64_t **ids, size_t *nr, struct niche_error *err);

#endif
