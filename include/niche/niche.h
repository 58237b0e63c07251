/*
 * niche.h - libniche, the micro-influencer marketing engine.
 *
 * Include this one header for the whole API. Modules:
 *   common.h  conventions, version, missing values
 *   error.h   return codes and the per-call error record
 *   alloc.h   allocation and the out-of-memory handler
 *   model.h   workspaces, creators, accounts, posts, campaigns...
 *   tier.h    follower tier schemes
 *   value.h   parsing messy export values ("1.3M", "N/A", "1.39%")
 *   store.h   the database (SQLite by default)
 *   import.h  CSV and JSONL importers
 *   synth.h   a synthetic creator world with ground truth
 *   metrics.h audit formulas: engagement, bands, growth, followers, markers
 *   topics.h  niche classification of bios, captions and hashtags
 *   analyze.h audit every account of a workspace, results in the store
 */
#ifndef NICHE_NICHE_H
#define NICHE_NICHE_H

#include "alloc.h"
#include "analyze.h"
#include "common.h"
#include "error.h"
#include "import.h"
#include "metrics.h"
#include "model.h"
#include "store.h"
#include "synth.h"
#include "tier.h"
#include "topics.h"
#include "value.h"

#endif
