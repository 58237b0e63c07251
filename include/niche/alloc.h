/*
 * alloc.h - allocation that cannot return NULL.
 *
 * niche_xmalloc() and its siblings call the out-of-memory handler when the
 * system allocator fails. The default handler writes one line to stderr and
 * aborts; an embedder that can do better installs its own. The handler is the
 * only way libniche ends a process apart from NICHE_BUG(). Growth driven by
 * input does not rely on it: capped buffers fail with NICHE_ETOOBIG first.
 */
#ifndef NICHE_ALLOC_H
#define NICHE_ALLOC_H

#include <stddef.h>
#include "common.h"

/** Called with the size that could not be allocated; must not return. */
typedef void (*niche_oom_handler)(size_t size);

/** Install handler (NULL restores the default); not thread-safe. */
NICHE_API void niche_set_oom_handler(niche_oom_handler handler);

/** Caller owns the results; free with free(). */
NICHE_API void *niche_xmalloc(size_t size);
NICHE_API void *niche_xcalloc(size_t n, size_t size);
NICHE_API void *niche_xrealloc(void *p, size_t size);
NICHE_API char *niche_xstrdup(const char *s);
NICHE_API char *niche_xstrndup(const char *s, size_t n);

#endif
