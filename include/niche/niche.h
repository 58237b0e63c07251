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
 *   shortlist.h  shortlist names; a list resolved into account ids
 *   import.h  CSV and JSONL importers
 *   synth.h   a synthetic creator world with ground truth
 *   metrics.h audit formulas: engagement, bands, growth, followers, markers
 *   topics.h  niche classification of bios, captions and hashtags
 *   analyze.h audit every account of a workspace, results in the store
 *   sketch.h  HyperLogLog and MinHash audience sketches
 *   overlap.h audience overlap of accounts: union, unique shares, pairs
 *   lookalike.h  the accounts most like one, by audience and content
 */
#ifndef NICHE_NICHE_H
#define NICHE_NICHE_H

#include "alloc.h"
#include "analyze.h"
#include "common.h"
#include "error.h"
#include "import.h"
#include "index.h"
#include "lookalike.h"
#include "metrics.h"
#include "model.h"
#include "overlap.h"
#include "search.h"
#include "shortlist.h"
#include "sketch.h"
#include "store.h"
#include "synth.h"
#include "tier.h"
#include "topics.h"
#include "value.h"

#endif
