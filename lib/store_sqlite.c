/*
 * store_sqlite.c - the embedded SQLite backend (store_int.h).
 *
 * One connection per store, in WAL mode with foreign keys on. Hot
 * statements (the upserts an import runs a million times) are prepared once
 * and kept; rarely used ones are prepared per call. Values that are missing
 * in the model (NICHE_MISSING, NaN, -1 flags, NULL strings) bind as SQL
 * NULL, and the upserts coalesce so that NULL never erases a stored value.
 */
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <xxhash.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <math.h>
#include <stddef.h>
#include <limits.h>
#include "store_int.h"
#include "buf.h"
#include "internal.h"
#include "banned.h"

enum stmt_id {
    S_ACCOUNT_NEW, S_ACCOUNT_UPSERT, S_ACCOUNT_UPSERT_ID, S_ACCOUNT_FIND,
    S_ACCOUNT_INSERT, S_POST_NEW, S_POST_UPSERT, S_POST_UPSERT_ID, S_FOLLOWER_ADD,
    S_SNAPSHOT_UPSERT, S_COMMENT_ADD, S_CREATOR_ADD, S_SHARE_PUT, S_TRUTH_ACCOUNT,
    S_TRUTH_POST, S_ANOMALY_PUT, S_BRAND_PUT, S_NICHE_PUT, S_CLASS_PUT, S_SPONSOR_PUT,
    S_TAG_PUT,
    S_AUDIENCE_PUT,
    S_FACTS_NEW,
    S_FACTS_CLAIM,
    S_FACTS_CLAIM_REFRESH,
    S_FACTS_PUT,
    S_POST_ONE,
    S_POST_AFTER,
    S_KEPT_TAGS_DEL,
    S_KEPT_AUDIENCE_DEL,
    S__COUNT
};

/*
 * Writes of imported rows try a plain INSERT first and fall back to the
 * upsert only when the key exists: an upsert pays for its conflict check on
 * every row, which costs about 15% of a first import (docs/benchmarks.md).
 */
#define ACCOUNT_INSERT_SQL                                                   \
    "INSERT INTO account(workspace_id, platform, handle, name, followers,"    \
    " following, posts, bio, country, language, category, verified,"         \
    " has_avatar, last_active_ms, avg_likes, avg_comments, avg_views,"       \
    " avg_shares, reported_er, audience_country, creator_id, updated_ms)"    \
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,"   \
    "?18,?19,?20,?21,?22)"

#define ACCOUNT_UPSERT_SQL                                                   \
    ACCOUNT_INSERT_SQL                                                       \
    " ON CONFLICT(workspace_id, platform, handle) DO UPDATE SET"             \
    " name=coalesce(excluded.name, name),"                                   \
    " followers=coalesce(excluded.followers, followers),"                    \
    " following=coalesce(excluded.following, following),"                    \
    " posts=coalesce(excluded.posts, posts),"                                \
    " bio=coalesce(excluded.bio, bio),"                                      \
    " country=coalesce(excluded.country, country),"                          \
    " language=coalesce(excluded.language, language),"                       \
    " category=coalesce(excluded.category, category),"                       \
    " verified=coalesce(excluded.verified, verified),"                       \
    " has_avatar=coalesce(excluded.has_avatar, has_avatar),"                 \
    " last_active_ms=coalesce(excluded.last_active_ms, last_active_ms),"     \
    " avg_likes=coalesce(excluded.avg_likes, avg_likes),"                    \
    " avg_comments=coalesce(excluded.avg_comments, avg_comments),"           \
    " avg_views=coalesce(excluded.avg_views, avg_views),"                    \
    " avg_shares=coalesce(excluded.avg_shares, avg_shares),"                 \
    " reported_er=coalesce(excluded.reported_er, reported_er),"              \
    " audience_country=coalesce(excluded.audience_country, audience_country)," \
    " creator_id=coalesce(excluded.creator_id, creator_id),"                 \
    " updated_ms=excluded.updated_ms"

#define POST_INSERT_SQL                                                      \
    "INSERT INTO post(workspace_id, account_id, platform, post_id, posted_ms,"  \
    " type, caption, hashtags, mentions, likes, comments, shares, saves,"       \
    " views, reach, impressions, reach_estimated, sponsored, updated_ms)"       \
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)"

#define POST_UPSERT_SQL \
        POST_INSERT_SQL \
        " ON CONFLICT(workspace_id, platform, post_id) DO UPDATE SET" \
        " account_id=excluded.account_id," \
        " posted_ms=coalesce(excluded.posted_ms, posted_ms)," \
        " type=coalesce(excluded.type, type)," \
        " caption=coalesce(excluded.caption, caption)," \
        " hashtags=coalesce(excluded.hashtags, hashtags)," \
        " mentions=coalesce(excluded.mentions, mentions)," \
        " likes=coalesce(excluded.likes, likes)," \
        " comments=coalesce(excluded.comments, comments)," \
        " shares=coalesce(excluded.shares, shares)," \
        " saves=coalesce(excluded.saves, saves)," \
        " views=coalesce(excluded.views, views)," \
        " reach=coalesce(excluded.reach, reach)," \
        " impressions=coalesce(excluded.impressions, impressions)," \
        " reach_estimated=coalesce(excluded.reach_estimated, reach_estimated)," \
        " sponsored=coalesce(excluded.sponsored, sponsored)," \
        " updated_ms=excluded.updated_ms"

/* A whole-workspace scan reads only what analysis uses: each column read
 * costs, and it reads tens of millions of rows. */
#define POST_SCAN_COLUMNS                                                    \
    "SELECT id, account_id, platform, posted_ms, caption, hashtags, mentions," \
    " likes, comments, shares, views, sponsored"
#define POST_SCAN_MORE ", post_id, type, saves, reach, impressions, reach_estimated"

static const char *const stmt_sql[S__COUNT] = {
    [S_ANOMALY_PUT] =
        "INSERT INTO account_anomaly(account_id, kind, from_ms, to_ms, delta, relative,"
        " score) VALUES (?1,?2,?3,?4,?5,?6,?7)",
    [S_BRAND_PUT] =
        "INSERT OR REPLACE INTO account_brand(account_id, brand, posts, disclosed,"
        " ambiguous, undisclosed) VALUES (?1,?2,?3,?4,?5,?6)",
    [S_NICHE_PUT] =
        "INSERT OR REPLACE INTO account_niche(account_id, niche, score) VALUES (?1,?2,?3)",
    [S_CLASS_PUT] =
        "INSERT OR REPLACE INTO follower_class(account_id, type, bot, signals)"
        " VALUES (?1,?2,?3,?4)",
    [S_TAG_PUT] =
        "INSERT OR REPLACE INTO account_tag(account_id, tag, posts) VALUES (?1,?2,?3)",
    [S_SPONSOR_PUT] =
        "INSERT OR REPLACE INTO post_sponsorship(post_id, account_id, marker, word, flag,"
        " buried, compliance, likely_undisclosed, brand) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
    [S_ACCOUNT_UPSERT] = ACCOUNT_UPSERT_SQL,
    [S_ACCOUNT_UPSERT_ID] = ACCOUNT_UPSERT_SQL " RETURNING id",
    [S_ACCOUNT_FIND] =
        "SELECT id FROM account WHERE workspace_id=?1 AND platform=?2 AND handle=?3",
    [S_ACCOUNT_INSERT] =
        "INSERT INTO account(workspace_id, platform, handle, updated_ms)"
        " VALUES (?1,?2,?3,?4)",
    [S_ACCOUNT_NEW] = ACCOUNT_INSERT_SQL,
    [S_POST_NEW] = POST_INSERT_SQL,
    [S_POST_UPSERT] = POST_UPSERT_SQL,
    [S_POST_UPSERT_ID] = POST_UPSERT_SQL " RETURNING id",
    [S_COMMENT_ADD] =
        "INSERT INTO post_comment(post_id, author_id, commented_ms, text)"
        " VALUES (?1,?2,?3,?4)",
    [S_CREATOR_ADD] =
        "INSERT INTO creator(workspace_id, name, country, language, email, notes)"
        " VALUES (?1,?2,?3,?4,?5,?6)",
    [S_SHARE_PUT] =
        "INSERT OR REPLACE INTO audience_share(account_id, dimension, key, share)"
        " VALUES (?1,?2,?3,?4)",
    [S_TRUTH_ACCOUNT] =
        "INSERT OR REPLACE INTO truth_account(account_id, role, niches,"
        " bought_followers, bought_at_ms, pod) VALUES (?1,?2,?3,?4,?5,?6)",
    [S_TRUTH_POST] =
        "INSERT OR REPLACE INTO truth_post(post_id, disclosure, brand) VALUES (?1,?2,?3)",
    [S_FOLLOWER_ADD] =
        "INSERT INTO follower(account_id, follower_id, since_ms) VALUES (?1,?2,?3)"
        " ON CONFLICT(account_id, follower_id) DO UPDATE SET"
        " since_ms=coalesce(excluded.since_ms, since_ms)",
    [S_SNAPSHOT_UPSERT] =
        "INSERT INTO snapshot(account_id, taken_ms, followers, following, posts)"
        " VALUES (?1,?2,?3,?4,?5)"
        " ON CONFLICT(account_id, taken_ms) DO UPDATE SET"
        " followers=coalesce(excluded.followers, followers),"
        " following=coalesce(excluded.following, following),"
        " posts=coalesce(excluded.posts, posts)",
    /* Only for an account of the workspace (?6): 0 rows written otherwise. */
    [S_AUDIENCE_PUT] =
        "INSERT OR REPLACE INTO audience(account_id, sample_size, hll, minhash, updated_ms)"
        " SELECT ?1,?2,?3,?4,?5 WHERE EXISTS"
        " (SELECT 1 FROM account WHERE id=?1 AND workspace_id=?6)",
    /* One account's posts, every field: analysis reads one account at a
     * time when it rebuilds facts, tens of thousands of times a run. */
    [S_POST_ONE] =
        POST_SCAN_COLUMNS POST_SCAN_MORE " FROM post WHERE workspace_id=?1 AND account_id=?2"
        " ORDER BY posted_ms DESC",
    /* One account's posts past a post id (?3), every field, through
     * post_account_time: the ids are in that index, so SQLite reads only
     * the rows of the new posts (docs/internals/facts.md). */
    [S_POST_AFTER] =
        POST_SCAN_COLUMNS POST_SCAN_MORE " FROM post WHERE workspace_id=?1 AND account_id=?2"
        " AND id>?3 ORDER BY posted_ms DESC",
    /* An account a transaction inserted posts of (see mark_new()): its
     * facts are built when new; else 2 for current facts, which are then
     * refreshed from the new posts alone, unless they are 1 already; 1 over
     * a run's claim, since what the row said before it is not known. */
    [S_FACTS_NEW] =
        "INSERT INTO post_facts(account_id) VALUES (?1)"
        " ON CONFLICT(account_id) DO UPDATE SET changed=CASE WHEN changed=0 THEN 2 ELSE 1 END"
        " WHERE data IS NOT NULL AND changed NOT IN (1, 2)",
    /* Claimed with the run's token (?3, negative) for an account of the
     * workspace (?2): to be built (x''), or refreshed (the blob kept, if
     * it is still the one the run read, ?4). Stored only while still
     * claimed by that run: a post written since set data back to NULL or
     * changed to 1, and another run's claim changed the token. */
    [S_FACTS_CLAIM] =
        "UPDATE post_facts SET data=x'', changed=?3 WHERE account_id=?1 AND EXISTS"
        " (SELECT 1 FROM account WHERE id=?1 AND workspace_id=?2)",
    [S_FACTS_CLAIM_REFRESH] =
        "UPDATE post_facts SET changed=?3 WHERE account_id=?1 AND data=?4 AND changed=?5"
        " AND EXISTS (SELECT 1 FROM account WHERE id=?1 AND workspace_id=?2)",
    [S_FACTS_PUT] =
        "UPDATE post_facts SET data=?2, changed=0 WHERE account_id=?1 AND changed=?3"
        " AND data IS NOT NULL",
    /* Results kept across runs (result_tables), of an account of the
     * workspace (?2) that a run found changed or no longer has any. */
    [S_KEPT_TAGS_DEL] =
        "DELETE FROM account_tag WHERE account_id=?1 AND EXISTS"
        " (SELECT 1 FROM account WHERE id=?1 AND workspace_id=?2)",
    [S_KEPT_AUDIENCE_DEL] =
        "DELETE FROM audience WHERE account_id=?1 AND EXISTS"
        " (SELECT 1 FROM account WHERE id=?1 AND workspace_id=?2)",
};

struct sq {
    sqlite3 *db;
    sqlite3_stmt *stmt[S__COUNT];
    /* Per table (0 accounts, 1 posts): 1 while rows keep hitting existing
     * keys, so a re-import goes straight to the upsert (see try_insert). */
    int upsert_first[2];
    sqlite3_stmt *metric_put;   /* built from metric_cols[] on first use */
    sqlite3_stmt *tags_put[NICHE__TAGS_PUT_MAX + 1];   /* n rows, built on first use */
    int accounts_dirty;         /* this transaction wrote accounts or shares */
    /* accounts this transaction inserted posts of, for mark_new() */
    int64_t *touched_new;       /* owned */
    size_t nnew, anew;
};

#define SQ(st) ((struct sq *)(st)->impl)

/* ---- errors and binding ----------------------------------------------- */

static int sq_error(struct sq *s, int rc, struct niche_error *err, const char *what)
{
    int code = NICHE_ESTORE;

    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        code = NICHE_EINVAL;
    return niche_error_set(err, code, "%s: %s", what,
                           s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
}

static int prepare(struct sq *s, const char *sql, sqlite3_stmt **out,
                   struct niche_error *err)
{
    int rc = sqlite3_prepare_v2(s->db, sql, -1, out, NULL);

    return rc == SQLITE_OK ? 0 : sq_error(s, rc, err, "preparing a statement");
}

/* The cached statement id, reset and ready to bind. */
static int cached(struct sq *s, enum stmt_id id, sqlite3_stmt **out,
                  struct niche_error *err)
{
    int rc;

    if (!s->stmt[id] && (rc = prepare(s, stmt_sql[id], &s->stmt[id], err)) < 0)
        return rc;
    /* No sqlite3_clear_bindings(): every caller binds every parameter. */
    sqlite3_reset(s->stmt[id]);
    *out = s->stmt[id];
    return 0;
}

static void bind_i64(sqlite3_stmt *q, int i, int64_t v)
{
    if (v == NICHE_MISSING)
        sqlite3_bind_null(q, i);
    else
        sqlite3_bind_int64(q, i, v);
}

static void bind_flag(sqlite3_stmt *q, int i, int v)
{
    if (v < 0)
        sqlite3_bind_null(q, i);
    else
        sqlite3_bind_int(q, i, v ? 1 : 0);
}

static void bind_real(sqlite3_stmt *q, int i, double v)
{
    if (niche_is_missing_real(v))
        sqlite3_bind_null(q, i);
    else
        sqlite3_bind_double(q, i, v);
}

/* Strings are bound SQLITE_STATIC: they outlive the step that reads them. */
static void bind_text(sqlite3_stmt *q, int i, const char *v)
{
    if (!v)
        sqlite3_bind_null(q, i);
    else
        sqlite3_bind_text(q, i, v, -1, SQLITE_STATIC);
}

static int64_t col_i64(sqlite3_stmt *q, int i)
{
    return sqlite3_column_type(q, i) == SQLITE_NULL ? NICHE_MISSING
                                                     : sqlite3_column_int64(q, i);
}

static int col_flag(sqlite3_stmt *q, int i)
{
    return sqlite3_column_type(q, i) == SQLITE_NULL ? -1 : sqlite3_column_int(q, i);
}

static double col_real(sqlite3_stmt *q, int i)
{
    return sqlite3_column_type(q, i) == SQLITE_NULL ? niche_missing_real()
                                                     : sqlite3_column_double(q, i);
}

/* Borrowed text: valid until the next step. */
static char *col_borrow(sqlite3_stmt *q, int i)
{
    return (char *)sqlite3_column_text(q, i);
}

static char *col_text(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);

    return t ? niche_xstrdup((const char *)t) : NULL;
}

/* Step a write statement to completion. */
static int step_done(struct sq *s, sqlite3_stmt *q, struct niche_error *err,
                     const char *what)
{
    int rc = sqlite3_step(q);

    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        return 0;
    return sq_error(s, rc, err, what);
}

static int exec(struct sq *s, const char *sql, struct niche_error *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);

    if (rc != SQLITE_OK) {
        niche_error_set(err, NICHE_ESTORE, "sqlite: %s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return NICHE_ESTORE;
    }
    return 0;
}

/* ---- schema ----------------------------------------------------------- */

static int latest_version(void)
{
    int i, v = 0;

    for (i = 0; niche__schema_sqlite[i].sql; i++)
        v = niche__schema_sqlite[i].version;
    return v;
}

static int user_version(struct sq *s, int *out, struct niche_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = prepare(s, "PRAGMA user_version", &q, err);

    if (rc < 0)
        return rc;
    if (sqlite3_step(q) == SQLITE_ROW)
        *out = sqlite3_column_int(q, 0);
    else
        rc = sq_error(s, sqlite3_errcode(s->db), err, "reading the schema version");
    sqlite3_finalize(q);
    return rc;
}

/* Each migration commits on its own, so a crash between two leaves the
 * database at a valid earlier version. */
static int migrate(struct sq *s, struct niche_error *err)
{
    char setv[64];
    int i, cur = 0, rc;

    if ((rc = user_version(s, &cur, err)) < 0)
        return rc;
    if (cur > latest_version())
        return niche_error_set(err, NICHE_ESCHEMA,
                               "database schema version %d is newer than this build's %d",
                               cur, latest_version());
    for (i = 0; niche__schema_sqlite[i].sql; i++) {
        const struct niche__migration *m = &niche__schema_sqlite[i];

        if (m->version <= cur)
            continue;
        snprintf(setv, sizeof(setv), "PRAGMA user_version=%d", m->version);
        if ((rc = exec(s, "BEGIN IMMEDIATE", err)) < 0)
            return rc;
        if ((rc = exec(s, m->sql, err)) < 0 || (rc = exec(s, setv, err)) < 0 ||
            (rc = exec(s, "COMMIT", err)) < 0) {
            exec(s, "ROLLBACK", NULL);
            return niche_error_set(err, rc, "migration %s failed: %s", m->name,
                                   err ? err->msg : "");
        }
    }
    return 0;
}

static int sq_schema_version(struct niche_store *st, int *current, int *latest,
                             struct niche_error *err)
{
    *latest = latest_version();
    return user_version(SQ(st), current, err);
}

/* ---- open and close --------------------------------------------------- */

static int configure(struct sq *s, unsigned flags, struct niche_error *err)
{
    int rc;

    sqlite3_busy_timeout(s->db, 5000);
    sqlite3_extended_result_codes(s->db, 1);
    if ((rc = exec(s, "PRAGMA foreign_keys=ON", err)) < 0)
        return rc;
    if (flags & NICHE_STORE_READONLY) {
        int cur = 0;

        if ((rc = user_version(s, &cur, err)) < 0)
            return rc;
        if (cur != latest_version())
            return niche_error_set(err, NICHE_ESCHEMA,
                                   "database schema version %d is not this build's %d"
                                   " (open it read-write to upgrade)", cur, latest_version());
        return 0;
    }
    /* WAL: readers never block the writer; NORMAL sync is durable across
     * application crashes and loses at most the last commits on power loss. */
    if ((rc = exec(s, "PRAGMA journal_mode=WAL", err)) < 0 ||
        (rc = exec(s, "PRAGMA synchronous=NORMAL", err)) < 0 ||
        (rc = exec(s, "PRAGMA cache_size=-65536", err)) < 0 ||
        (rc = exec(s, "PRAGMA temp_store=MEMORY", err)) < 0)
        return rc;
    return migrate(s, err);
}

/* Memory statistics put a global mutex on every SQLite allocation; niche
 * never reads them. This must run before SQLite initialises, and fails
 * harmlessly (SQLITE_MISUSE) when an embedding program already did. */
static void configure_library(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int sq_open(struct niche_store *st, const char *path, unsigned flags,
                   struct niche_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;

    struct sq *s = niche_xcalloc(1, sizeof(*s));
    int oflags = SQLITE_OPEN_NOMUTEX, rc;

    pthread_once(&once, configure_library);
    st->impl = s;
    if (flags & NICHE_STORE_READONLY)
        oflags |= SQLITE_OPEN_READONLY;
    else
        oflags |= SQLITE_OPEN_READWRITE | (flags & NICHE_STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
    if (!(flags & NICHE_STORE_CREATE) && strcmp(path, ":memory:") && access(path, F_OK) < 0)
        return niche_error_set(err, NICHE_ENOTFOUND,
                               "database '%s' does not exist (run 'niche init' first)", path);
    rc = sqlite3_open_v2(path, &s->db, oflags, NULL);
    if (rc != SQLITE_OK)
        return niche_error_set(err, NICHE_ESTORE, "cannot open database '%s': %s", path,
                               s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
    rc = configure(s, flags, err);
    if (rc < 0 && err && (sqlite3_errcode(s->db) & 0xff) == SQLITE_NOTADB)
        niche_error_set(err, NICHE_ESTORE, "'%s' is not a niche database (%s)", path,
                        sqlite3_errmsg(s->db));
    return rc;
}

static void sq_close(struct niche_store *st)
{
    struct sq *s = SQ(st);
    int i;

    for (i = 0; i < S__COUNT; i++)
        sqlite3_finalize(s->stmt[i]);
    sqlite3_finalize(s->metric_put);
    for (i = 0; i <= NICHE__TAGS_PUT_MAX; i++)
        sqlite3_finalize(s->tags_put[i]);
    sqlite3_close(s->db);
    free(s->touched_new);
    free(s);
    st->impl = NULL;
}

static int sq_begin(struct niche_store *st, struct niche_error *err)
{
    return exec(SQ(st), "BEGIN IMMEDIATE", err);
}

static void sq_rollback(struct niche_store *st)
{
    struct sq *s = SQ(st);
    int i;

    s->accounts_dirty = 0;
    s->nnew = 0;
    /* Reset statements first: a pending statement would block ROLLBACK. */
    for (i = 0; i < S__COUNT; i++)
        if (s->stmt[i])
            sqlite3_reset(s->stmt[i]);
    exec(s, "ROLLBACK", NULL);
}

static int write_one(struct sq *s, sqlite3_stmt *q, struct niche_error *err,
                     const char *what);

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return x < y ? -1 : x > y;
}

/* The post facts of each account this transaction inserted posts of get
 * their new posts (docs/internals/facts.md): marked once per account, at
 * commit. Posts it updated marked their own, by trigger. */
static int mark_new(struct sq *s, struct niche_error *err)
{
    sqlite3_stmt *q;
    size_t i;
    int rc = 0;

    qsort(s->touched_new, s->nnew, sizeof(*s->touched_new), cmp_id);
    for (i = 0; i < s->nnew && rc == 0; i++) {
        if (i && s->touched_new[i] == s->touched_new[i - 1])
            continue;
        if ((rc = cached(s, S_FACTS_NEW, &q, err)) == 0) {
            sqlite3_bind_int64(q, 1, s->touched_new[i]);
            rc = write_one(s, q, err, "marking post facts changed");
        }
    }
    s->nnew = 0;
    return rc;
}

/* A transaction that wrote accounts or audience shares bumps its
 * workspace's data_version: the search index's stamp (sq_index_stamp). */
static int sq_commit(struct niche_store *st, struct niche_error *err)
{
    struct sq *s = SQ(st);
    char sql[128];
    int rc;

    if (s->nnew && (rc = mark_new(s, err)) < 0) {
        sq_rollback(st);
        return rc;
    }
    if (s->accounts_dirty) {
        s->accounts_dirty = 0;
        snprintf(sql, sizeof(sql), "UPDATE workspace SET data_version = data_version + 1"
                 " WHERE id = %lld", (long long)st->ws_id);
        if ((rc = exec(s, sql, err)) < 0) {
            sq_rollback(st);
            return rc;
        }
    }
    /* A COMMIT that fails (busy, full disk) leaves the transaction open:
     * roll it back, so that a failed commit never leaves work pending. */
    if ((rc = exec(s, "COMMIT", err)) < 0 && !sqlite3_get_autocommit(s->db))
        sq_rollback(st);
    return rc;
}

/* ---- workspaces ------------------------------------------------------- */

static int sq_workspace_get(struct niche_store *st, const char *name, int create,
                            int64_t *id, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int rc;

    if (create) {
        if ((rc = prepare(s, "INSERT INTO workspace(name, created_ms) VALUES (?1, ?2)"
                             " ON CONFLICT(name) DO NOTHING", &q, err)) < 0)
            return rc;
        sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, niche__now_ms());
        rc = step_done(s, q, err, "creating a workspace");
        sqlite3_finalize(q);
        q = NULL;
        if (rc < 0)
            return rc;
    }
    if ((rc = prepare(s, "SELECT id FROM workspace WHERE name=?1", &q, err)) < 0)
        return rc;
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(q, 0), rc = 0;
    else if (rc == SQLITE_DONE)
        rc = niche_error_set(err, NICHE_ENOTFOUND, "workspace '%s' does not exist", name);
    else
        rc = sq_error(s, rc, err, "finding a workspace");
    sqlite3_finalize(q);
    return rc;
}

static int sq_workspace_clear(struct niche_store *st, struct niche_error *err)
{
    static const char *const tables[] = {
        "analysis_run", "campaign", "ambassador_program", "brand", "shortlist", "post",
        "account", "creator", "user", NULL
    };
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    char sql[128];
    int i, rc = 0;

    s->accounts_dirty = 1;
    /* Children go with their parents through ON DELETE CASCADE. */
    for (i = 0; tables[i] && rc == 0; i++) {
        snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE workspace_id=?1", tables[i]);
        if ((rc = prepare(s, sql, &q, err)) < 0)
            break;
        sqlite3_bind_int64(q, 1, st->ws_id);
        rc = step_done(s, q, err, "clearing the workspace");
        sqlite3_finalize(q);
        q = NULL;
    }
    return rc;
}

/* ---- accounts --------------------------------------------------------- */

static void bind_account(struct niche_store *st, sqlite3_stmt *q,
                         const struct niche_account *a)
{
    sqlite3_bind_int64(q, 1, st->ws_id);
    sqlite3_bind_text(q, 2, niche_platform_name(a->platform), -1, SQLITE_STATIC);
    bind_text(q, 3, a->handle);
    bind_text(q, 4, a->name);
    bind_i64(q, 5, a->followers);
    bind_i64(q, 6, a->following);
    bind_i64(q, 7, a->posts);
    bind_text(q, 8, a->bio);
    bind_text(q, 9, a->country);
    bind_text(q, 10, a->language);
    bind_text(q, 11, a->category);
    bind_flag(q, 12, a->verified);
    bind_flag(q, 13, a->has_avatar);
    bind_i64(q, 14, a->last_active_ms);
    bind_real(q, 15, a->avg_likes);
    bind_real(q, 16, a->avg_comments);
    bind_real(q, 17, a->avg_views);
    bind_real(q, 18, a->avg_shares);
    bind_real(q, 19, a->reported_er);
    bind_text(q, 20, a->audience_country);
    if (a->creator_id > 0)
        sqlite3_bind_int64(q, 21, a->creator_id);
    else
        sqlite3_bind_null(q, 21);
    sqlite3_bind_int64(q, 22, a->updated_ms != NICHE_MISSING ? a->updated_ms
                                                             : niche__now_ms());
}

/* Step a plain INSERT; 1 when the row's key already exists (the caller
 * then runs the upsert), 0 when inserted. */
static int try_insert(struct sq *s, sqlite3_stmt *q, struct niche_error *err,
                      const char *what)
{
    int rc = sqlite3_step(q);

    sqlite3_reset(q);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return 1;
    return sq_error(s, rc, err, what);
}

/*
 * Run the upsert q (bound by the caller): 1 when it inserted, 0 when it
 * updated. Only an insert sets the last rowid (a trigger's inserts do not
 * outlive it), and none is INT64_MIN, so that value set before tells. When
 * it inserted, new keys are back and the next row tries the plain INSERT
 * first again. *id gets the row id when id is not NULL.
 */
static int run_upsert(struct sq *s, sqlite3_stmt *q, int table, int64_t *id,
                      struct niche_error *err, const char *what)
{
    int rc, inserted;

    sqlite3_set_last_insert_rowid(s->db, INT64_MIN);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW && id)
        *id = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sq_error(s, rc, err, what);
    inserted = sqlite3_last_insert_rowid(s->db) != INT64_MIN;
    s->upsert_first[table] = !inserted;
    return inserted;
}

static int sq_account_upsert(struct niche_store *st, const struct niche_account *a,
                             int64_t *id, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q;
    int rc;

    s->accounts_dirty = 1;
    if (!s->upsert_first[0]) {
        if ((rc = cached(s, S_ACCOUNT_NEW, &q, err)) < 0)
            return rc;
        bind_account(st, q, a);
        if ((rc = try_insert(s, q, err, "storing an account")) <= 0) {
            if (rc == 0 && id)
                *id = sqlite3_last_insert_rowid(s->db);
            return rc;
        }
    }
    if ((rc = cached(s, id ? S_ACCOUNT_UPSERT_ID : S_ACCOUNT_UPSERT, &q, err)) < 0)
        return rc;
    bind_account(st, q, a);
    rc = run_upsert(s, q, 0, id, err, "storing an account");
    return rc < 0 ? rc : 0;
}

static int find_account(struct niche_store *st, enum niche_platform platform,
                        const char *handle, int64_t *id, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q;
    int rc = cached(s, S_ACCOUNT_FIND, &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, st->ws_id);
    sqlite3_bind_text(q, 2, niche_platform_name(platform), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, handle, -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(q, 0);
        rc = 0;
    } else if (rc == SQLITE_DONE) {
        rc = NICHE_ENOTFOUND;
    } else {
        rc = sq_error(s, rc, err, "finding an account");
    }
    sqlite3_reset(q);
    return rc;
}

static int sq_account_ensure(struct niche_store *st, enum niche_platform platform,
                             const char *handle, int64_t *id, int *created,
                             struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q;
    int rc = find_account(st, platform, handle, id, err);

    s->accounts_dirty = 1;
    if (created)
        *created = 0;
    if (rc != NICHE_ENOTFOUND)
        return rc;
    if ((rc = cached(s, S_ACCOUNT_INSERT, &q, err)) < 0)
        return rc;
    sqlite3_bind_int64(q, 1, st->ws_id);
    sqlite3_bind_text(q, 2, niche_platform_name(platform), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, handle, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, niche__now_ms());
    if ((rc = step_done(s, q, err, "storing an account")) < 0)
        return rc;
    sqlite3_reset(q);
    *id = sqlite3_last_insert_rowid(s->db);
    if (created)
        *created = 1;
    return 0;
}

#define ACCOUNT_COLUMNS                                                      \
    "id, workspace_id, creator_id, platform, handle, name, followers,"       \
    " following, posts, bio, country, language, category, verified,"        \
    " has_avatar, last_active_ms, avg_likes, avg_comments, avg_views,"       \
    " avg_shares, reported_er, audience_country, updated_ms"

/* Fill a from a row of ACCOUNT_COLUMNS; a owns the strings. */
static void read_account(sqlite3_stmt *q, struct niche_account *a)
{
    const unsigned char *platform = sqlite3_column_text(q, 3);

    niche_account_init(a);
    a->id = sqlite3_column_int64(q, 0);
    a->workspace_id = sqlite3_column_int64(q, 1);
    a->creator_id = sqlite3_column_int64(q, 2);
    a->platform = platform ? niche_platform_parse((const char *)platform,
                                                  strlen((const char *)platform))
                           : NICHE_PLATFORM_UNKNOWN;
    a->handle = col_text(q, 4);
    a->name = col_text(q, 5);
    a->followers = col_i64(q, 6);
    a->following = col_i64(q, 7);
    a->posts = col_i64(q, 8);
    a->bio = col_text(q, 9);
    a->country = col_text(q, 10);
    a->language = col_text(q, 11);
    a->category = col_text(q, 12);
    a->verified = col_flag(q, 13);
    a->has_avatar = col_flag(q, 14);
    a->last_active_ms = col_i64(q, 15);
    a->avg_likes = col_real(q, 16);
    a->avg_comments = col_real(q, 17);
    a->avg_views = col_real(q, 18);
    a->avg_shares = col_real(q, 19);
    a->reported_er = col_real(q, 20);
    a->audience_country = col_text(q, 21);
    a->updated_ms = col_i64(q, 22);
}

static int sq_account_get(struct niche_store *st, enum niche_platform platform,
                          const char *handle, struct niche_account *out,
                          struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int rc = prepare(s, "SELECT " ACCOUNT_COLUMNS " FROM account"
                        " WHERE workspace_id=?1 AND platform=?2 AND handle=?3", &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, st->ws_id);
    sqlite3_bind_text(q, 2, niche_platform_name(platform), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, handle, -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        read_account(q, out);
        rc = 0;
    } else if (rc == SQLITE_DONE) {
        rc = niche_error_set(err, NICHE_ENOTFOUND, "no account %s:%s",
                             niche_platform_name(platform), handle);
    } else {
        rc = sq_error(s, rc, err, "reading an account");
    }
    sqlite3_finalize(q);
    return rc;
}

static const char *sort_column(enum niche_account_sort k)
{
    switch (k) {
    case NICHE_SORT_HANDLE: return "handle";
    case NICHE_SORT_FOLLOWING: return "following";
    case NICHE_SORT_POSTS: return "posts";
    case NICHE_SORT_REPORTED_ER: return "reported_er";
    case NICHE_SORT_UPDATED: return "updated_ms";
    case NICHE_SORT_ID: return "id";
    case NICHE_SORT_FOLLOWERS: break;
    }
    return "followers";
}

static void query_sql(const struct niche_account_query *q, char *sql, size_t n)
{
    const char *dir = q->descending ? "DESC" : "ASC";

    if (q->sort == NICHE_SORT_ID) {   /* store order: the rowid, no sort */
        snprintf(sql, n, "SELECT " ACCOUNT_COLUMNS " FROM account WHERE +workspace_id=?1"
                 " AND (?2 IS NULL OR platform=?2) AND (?3 IS NULL OR followers>=?3)"
                 " AND (?4 IS NULL OR followers<=?4) ORDER BY id %s LIMIT ?5 OFFSET ?6", dir);
        return;
    }
    /* The id breaks ties so that pages never overlap. */
    snprintf(sql, n,
             "SELECT " ACCOUNT_COLUMNS " FROM account WHERE workspace_id=?1"
             " AND (?2 IS NULL OR platform=?2)"
             " AND (?3 IS NULL OR followers>=?3) AND (?4 IS NULL OR followers<=?4)"
             " ORDER BY %s IS NULL, %s %s, id LIMIT ?5 OFFSET ?6",
             sort_column(q->sort), sort_column(q->sort), dir);
}

static int sq_account_query(struct niche_store *st, const struct niche_account_query *aq,
                            niche_account_cb cb, void *ctx, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    struct niche_account a;
    char sql[1024];
    int rc;

    query_sql(aq, sql, sizeof(sql));
    if ((rc = prepare(s, sql, &q, err)) < 0)
        return rc;
    sqlite3_bind_int64(q, 1, st->ws_id);
    if (aq->platform != NICHE_PLATFORM_UNKNOWN)
        sqlite3_bind_text(q, 2, niche_platform_name(aq->platform), -1, SQLITE_STATIC);
    bind_i64(q, 3, aq->min_followers);
    bind_i64(q, 4, aq->max_followers);
    sqlite3_bind_int64(q, 5, aq->limit > 0 ? aq->limit : -1);
    sqlite3_bind_int64(q, 6, aq->offset > 0 ? aq->offset : 0);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int stop;

        read_account(q, &a);
        stop = cb(ctx, &a);
        niche_account_release(&a);
        if (stop) {
            sqlite3_finalize(q);
            return stop;
        }
    }
    rc = rc == SQLITE_DONE ? 0 : sq_error(s, rc, err, "listing accounts");
    sqlite3_finalize(q);
    return rc;
}

/* ---- posts, followers, snapshots --------------------------------------- */

static void bind_post(struct niche_store *st, sqlite3_stmt *q, const struct niche_post *p)
{
    sqlite3_bind_int64(q, 1, st->ws_id);
    sqlite3_bind_int64(q, 2, p->account_id);
    sqlite3_bind_text(q, 3, niche_platform_name(p->platform), -1, SQLITE_STATIC);
    bind_text(q, 4, p->post_id);
    bind_i64(q, 5, p->posted_ms);
    if (p->type != NICHE_POST_UNKNOWN)
        sqlite3_bind_text(q, 6, niche_post_type_name(p->type), -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, 6);
    bind_text(q, 7, p->caption);
    bind_text(q, 8, p->hashtags);
    bind_text(q, 9, p->mentions);
    bind_i64(q, 10, p->likes);
    bind_i64(q, 11, p->comments);
    bind_i64(q, 12, p->shares);
    bind_i64(q, 13, p->saves);
    bind_i64(q, 14, p->views);
    bind_i64(q, 15, p->reach);
    bind_i64(q, 16, p->impressions);
    bind_flag(q, 17, p->reach_estimated);
    bind_flag(q, 18, p->sponsored);
    sqlite3_bind_int64(q, 19, niche__now_ms());
}

/* Remember that posts of account were inserted (consecutive posts are
 * usually one account's). */
static int touch(struct sq *s, int64_t account)
{
    if (s->nnew && s->touched_new[s->nnew - 1] == account)
        return 0;
    NICHE_ALLOC_GROW(s->touched_new, s->nnew + 1, s->anew);
    s->touched_new[s->nnew++] = account;
    return 0;
}

static int sq_post_upsert(struct niche_store *st, const struct niche_post *p,
                          int64_t *id, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q;
    int rc = cached(s, S_POST_NEW, &q, err);

    if (rc < 0)
        return rc;
    if (!s->upsert_first[1]) {
        bind_post(st, q, p);
        if ((rc = try_insert(s, q, err, "storing a post")) <= 0) {
            if (rc == 0 && id)
                *id = sqlite3_last_insert_rowid(s->db);
            return rc < 0 ? rc : touch(s, p->account_id);
        }
    }
    if ((rc = cached(s, id ? S_POST_UPSERT_ID : S_POST_UPSERT, &q, err)) < 0)
        return rc;
    bind_post(st, q, p);
    /* An update marks the facts itself, by trigger, and only for what it
     * changed (0009_facts_refresh.sql): the same post again marks nothing. */
    if ((rc = run_upsert(s, q, 1, id, err, "storing a post")) <= 0)
        return rc;
    return touch(s, p->account_id);
}

/* Run a cached statement already bound: one row written, no result. */
static int write_one(struct sq *s, sqlite3_stmt *q, struct niche_error *err,
                     const char *what)
{
    int rc = step_done(s, q, err, what);

    sqlite3_reset(q);
    return rc;
}

static int sq_comment_add(struct niche_store *st, const struct niche_comment *c,
                          struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q;
    int rc = cached(s, S_COMMENT_ADD, &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, c->post_id);
    sqlite3_bind_int64(q, 2, c->author_id);
    bind_i64(q, 3, c->commented_ms);
    bind_text(q, 4, c->text);
    return write_one(s, q, err, "storing a comment");
}

static int sq_creator_add(struct niche_store *st, const struct niche_creator *c,
                          int64_t *id, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q;
    int rc = cached(s, S_CREATOR_ADD, &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, st->ws_id);
    bind_text(q, 2, c->name);
    bind_text(q, 3, c->country);
    bind_text(q, 4, c->language);
    bind_text(q, 5, c->email);
    bind_text(q, 6, c->notes);
    if ((rc = write_one(s, q, err, "storing a creator")) == 0 && id)
        *id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int sq_audience_share_put(struct niche_store *st,
                                 const struct niche_audience_share *a,
                                 struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q;
    int rc = cached(s, S_SHARE_PUT, &q, err);

    s->accounts_dirty = 1;
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, a->account_id);
    bind_text(q, 2, a->dimension);
    bind_text(q, 3, a->key);
    sqlite3_bind_double(q, 4, a->share);
    return write_one(s, q, err, "storing an audience share");
}

static int sq_truth_account_put(struct niche_store *st, const struct niche_truth_account *t,
                                struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q;
    int rc = cached(s, S_TRUTH_ACCOUNT, &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, t->account_id);
    sqlite3_bind_text(q, 2, niche_role_name(t->role), -1, SQLITE_STATIC);
    bind_text(q, 3, t->niches);
    sqlite3_bind_int64(q, 4, t->bought_followers);
    bind_i64(q, 5, t->bought_at_ms);
    sqlite3_bind_int64(q, 6, t->pod);
    return write_one(s, q, err, "storing ground truth");
}

static int sq_truth_post_put(struct niche_store *st, const struct niche_truth_post *t,
                             struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q;
    int rc = cached(s, S_TRUTH_POST, &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, t->post_id);
    sqlite3_bind_text(q, 2, niche_disclosure_name(t->disclosure), -1, SQLITE_STATIC);
    bind_text(q, 3, t->brand);
    return write_one(s, q, err, "storing ground truth");
}

static int sq_follower_add(struct niche_store *st, const struct niche_follower_edge *e,
                           struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q;
    int rc = cached(s, S_FOLLOWER_ADD, &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, e->account_id);
    sqlite3_bind_int64(q, 2, e->follower_id);
    bind_i64(q, 3, e->since_ms);
    rc = step_done(s, q, err, "storing a follower edge");
    sqlite3_reset(q);
    return rc;
}

static int sq_snapshot_upsert(struct niche_store *st, const struct niche_snapshot *sn,
                              struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q;
    int rc = cached(s, S_SNAPSHOT_UPSERT, &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, sn->account_id);
    sqlite3_bind_int64(q, 2, sn->taken_ms);
    bind_i64(q, 3, sn->followers);
    bind_i64(q, 4, sn->following);
    bind_i64(q, 5, sn->posts);
    rc = step_done(s, q, err, "storing a snapshot");
    sqlite3_reset(q);
    return rc;
}

/* ---- counts ----------------------------------------------------------- */

/* Run sql (binding the workspace as ?1); rows are (platform, [tier,] n). */
static int count_by_platform(struct sq *s, int64_t ws, const char *sql, int with_tier,
                             int64_t *out, struct niche_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = prepare(s, sql, &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, ws);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(q, 0);
        int p = name ? (int)niche_platform_parse(name, strlen(name)) : 0;
        int t = with_tier ? sqlite3_column_int(q, 1) : 0;
        int64_t n = sqlite3_column_int64(q, with_tier ? 2 : 1);

        if (t < 0 || t >= NICHE_TIER__COUNT)
            continue;
        out[p * (with_tier ? NICHE_TIER__COUNT : 1) + t] += n;
        if (p)
            out[t] += n;   /* index 0: all platforms */
    }
    rc = rc == SQLITE_DONE ? 0 : sq_error(s, rc, err, "counting");
    sqlite3_finalize(q);
    return rc;
}

/* CASE expression that maps followers to a tier number under scheme. */
static void tier_case(const struct niche_tier_scheme *sc, char *out, size_t n)
{
    size_t len;
    int t;

    len = (size_t)snprintf(out, n, "CASE WHEN followers IS NULL THEN %d",
                           NICHE_TIER_UNKNOWN);
    for (t = NICHE_TIER_MEGA; t >= NICHE_TIER_NANO && len < n; t--)
        if (sc->lower[t] >= 0)
            len += (size_t)snprintf(out + len, n - len, " WHEN followers>=%lld THEN %d",
                                    (long long)sc->lower[t], t);
    if (len < n)
        snprintf(out + len, n - len, " ELSE %d END", NICHE_TIER_BELOW);
}

static int sq_counts(struct niche_store *st, const struct niche_tier_scheme *sc,
                     struct niche_store_counts *out, struct niche_error *err)
{
    struct sq *s = SQ(st);
    char tc[512], sql[1024];
    int rc;

    tier_case(sc, tc, sizeof(tc));
    snprintf(sql, sizeof(sql), "SELECT platform, %s, count(*) FROM account"
             " WHERE workspace_id=?1 GROUP BY 1, 2", tc);
    if ((rc = count_by_platform(s, st->ws_id, sql, 1, &out->tiers[0][0], err)) < 0 ||
        (rc = count_by_platform(s, st->ws_id,
              "SELECT platform, count(*) FROM account WHERE workspace_id=?1 GROUP BY 1",
              0, out->accounts, err)) < 0 ||
        (rc = count_by_platform(s, st->ws_id,
              "SELECT platform, count(*) FROM post WHERE workspace_id=?1 GROUP BY 1",
              0, out->posts, err)) < 0 ||
        (rc = count_by_platform(s, st->ws_id,
              "SELECT a.platform, count(*) FROM follower f JOIN account a"
              " ON a.id=f.account_id WHERE a.workspace_id=?1 GROUP BY 1",
              0, out->follower_edges, err)) < 0)
        return rc;
    return count_by_platform(s, st->ws_id,
              "SELECT a.platform, count(*) FROM snapshot n JOIN account a"
              " ON a.id=n.account_id WHERE a.workspace_id=?1 GROUP BY 1",
              0, out->snapshots, err);
}

static int sq_account_counts(struct niche_store *st, int64_t id,
                             struct niche_account_counts *out, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int rc = prepare(s,
        "SELECT (SELECT count(*) FROM post WHERE account_id=?1),"
        " (SELECT min(posted_ms) FROM post WHERE account_id=?1),"
        " (SELECT max(posted_ms) FROM post WHERE account_id=?1),"
        " (SELECT count(*) FROM follower WHERE account_id=?1),"
        " (SELECT count(*) FROM follower WHERE follower_id=?1),"
        " (SELECT count(*) FROM snapshot WHERE account_id=?1)", &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        out->posts = sqlite3_column_int64(q, 0);
        out->first_post_ms = col_i64(q, 1);
        out->last_post_ms = col_i64(q, 2);
        out->followers_known = sqlite3_column_int64(q, 3);
        out->following_known = sqlite3_column_int64(q, 4);
        out->snapshots = sqlite3_column_int64(q, 5);
        rc = 0;
    } else {
        rc = sq_error(s, rc, err, "counting an account's rows");
    }
    sqlite3_finalize(q);
    return rc;
}

/* ---- analysis: scans ---------------------------------------------------- */

/* Run q (bound) and hand each row to fn; stop on a non-zero return. */
static int each_row(struct sq *s, sqlite3_stmt *q, int (*fn)(sqlite3_stmt *, void *),
                    void *arg, const char *what, struct niche_error *err)
{
    int rc, stop = 0;

    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if ((stop = fn(q, arg)) != 0)
            break;
    if (stop)
        rc = stop;
    else
        rc = rc == SQLITE_DONE ? 0 : sq_error(s, rc, err, what);
    sqlite3_finalize(q);
    return rc;
}

/* A scan over the workspace, or over one account when id is not 0. */
static int scan_prepare(struct niche_store *st, const char *sql, int64_t account_id,
                        sqlite3_stmt **q, struct niche_error *err)
{
    int rc = prepare(SQ(st), sql, q, err);

    if (rc < 0)
        return rc;
    if (strstr(sql, "?1"))
        sqlite3_bind_int64(*q, 1, st->ws_id);
    if (account_id)
        sqlite3_bind_int64(*q, 2, account_id);
    return 0;
}

/*
 * The ids of the workspace's accounts (or posts), as a bit set over their
 * range. Whole-table scans of follower, snapshot and post_comment, which
 * have no workspace column, read in key order and keep the rows whose id is
 * in the set: several times faster than joining each row to its parent.
 */
struct id_set {
    int64_t lo, hi;
    uint64_t *bits;
};

static int id_set_row(sqlite3_stmt *q, void *arg)
{
    struct id_set *s = arg;
    int64_t id = sqlite3_column_int64(q, 0);

    if (s->bits) {
        s->bits[(id - s->lo) >> 6] |= 1ULL << ((id - s->lo) & 63);
        return 0;
    }
    if (id < s->lo)
        s->lo = id;
    if (id > s->hi)
        s->hi = id;
    return 0;
}

static int id_set_build(struct niche_store *st, const char *sql, struct id_set *s,
                        struct niche_error *err)
{
    sqlite3_stmt *q = NULL;
    int pass, rc = 0;

    s->lo = INT64_MAX;
    s->hi = INT64_MIN;
    s->bits = NULL;
    for (pass = 0; pass < 2 && rc == 0; pass++) {   /* the range, then the bits */
        if (pass == 1) {
            if (s->hi < s->lo)
                break;
            s->bits = niche_xcalloc((size_t)((s->hi - s->lo) >> 6) + 1, sizeof(*s->bits));
        }
        if ((rc = scan_prepare(st, sql, 0, &q, err)) == 0)
            rc = each_row(SQ(st), q, id_set_row, s, "reading ids", err);
    }
    return rc;
}

static int id_set_has(const struct id_set *s, int64_t id)
{
    return s->bits && id >= s->lo && id <= s->hi &&
           (s->bits[(id - s->lo) >> 6] >> ((id - s->lo) & 63) & 1);
}

/* One scan's callback; the union keeps function pointers apart from data
 * pointers, which ISO C does not let us convert between. */
struct scan_ctx {
    union {
        niche_post_cb post;
        niche_edge_cb edge;
        niche_snapshot_cb snapshot;
        niche_comment_cb comment;
        niche_sponsorship_cb sponsorship;
        niche_metric_row_cb metric;
        niche_label_cb label;
        niche__facts_cb facts;
        niche_audience_cb audience;
        niche_account_cb account;
    } cb;
    void *ctx;
    struct id_set ids;     /* rows to keep, for whole-table scans */
    int filter;
    int dim;               /* a label scan with a dimension column */
};

static int post_row(sqlite3_stmt *q, void *arg)
{
    struct scan_ctx *c = arg;
    struct niche_post p;
    const char *v;

    niche_post_init(&p);
    p.id = sqlite3_column_int64(q, 0);
    p.account_id = sqlite3_column_int64(q, 1);
    v = (const char *)sqlite3_column_text(q, 2);
    p.platform = v ? niche_platform_parse(v, (size_t)sqlite3_column_bytes(q, 2))
                   : NICHE_PLATFORM_UNKNOWN;
    p.posted_ms = col_i64(q, 3);
    p.caption = col_borrow(q, 4);
    p.hashtags = col_borrow(q, 5);
    p.mentions = col_borrow(q, 6);
    p.likes = col_i64(q, 7);
    p.comments = col_i64(q, 8);
    p.shares = col_i64(q, 9);
    p.views = col_i64(q, 10);
    p.sponsored = col_flag(q, 11);
    if (sqlite3_column_count(q) > 12) {   /* one account's posts: every field */
        p.post_id = col_borrow(q, 12);
        v = (const char *)sqlite3_column_text(q, 13);
        p.type = v ? niche_post_type_parse(v, (size_t)sqlite3_column_bytes(q, 13))
                   : NICHE_POST_UNKNOWN;
        p.saves = col_i64(q, 14);
        p.reach = col_i64(q, 15);
        p.impressions = col_i64(q, 16);
        p.reach_estimated = col_flag(q, 17);
    }
    return c->cb.post(c->ctx, &p);
}

/* One account's posts through a cached statement (S_POST_ONE, or
 * S_POST_AFTER those past an id; so a callback must not scan one
 * account's posts itself), reset at the end so that it does not hold its
 * read snapshot. */
static int post_scan_one(struct niche_store *st, enum stmt_id which, int64_t account_id,
                         int64_t after, struct scan_ctx *c, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q;
    int rc = cached(s, which, &q, err), stop = 0;

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, st->ws_id);
    sqlite3_bind_int64(q, 2, account_id);
    if (which == S_POST_AFTER)
        sqlite3_bind_int64(q, 3, after);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if ((stop = post_row(q, c)) != 0)
            break;
    rc = stop ? stop : rc == SQLITE_DONE ? 0 : sq_error(s, rc, err, "reading posts");
    sqlite3_reset(q);
    return rc;
}

static int sq_post_scan(struct niche_store *st, int64_t account_id, niche_post_cb cb,
                        void *ctx, struct niche_error *err)
{
    struct scan_ctx c = { .cb.post = cb, .ctx = ctx };
    sqlite3_stmt *q = NULL;
    int rc;

    if (account_id)
        return post_scan_one(st, S_POST_ONE, account_id, 0, &c, err);
    /* The whole workspace in rowid order ('+' keeps SQLite off the
     * workspace index, whose order would cost a lookup per row). */
    rc = scan_prepare(st, POST_SCAN_COLUMNS " FROM post WHERE +workspace_id=?1", 0, &q, err);
    return rc < 0 ? rc : each_row(SQ(st), q, post_row, &c, "reading posts", err);
}

static int sq_post_scan_after(struct niche_store *st, int64_t account_id, int64_t after,
                              niche_post_cb cb, void *ctx, struct niche_error *err)
{
    struct scan_ctx c = { .cb.post = cb, .ctx = ctx };

    return post_scan_one(st, S_POST_AFTER, account_id, after, &c, err);
}

/* The smallest and largest post id; 0 when there is no post, 1 else. */
static int post_id_range(struct sq *s, int64_t *lo, int64_t *hi, struct niche_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = prepare(s, "SELECT min(id), max(id) FROM post", &q, err);

    if (rc < 0)
        return rc;
    if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        rc = sqlite3_column_type(q, 0) != SQLITE_NULL;
        *lo = sqlite3_column_int64(q, 0);
        *hi = sqlite3_column_int64(q, 1);
    } else {
        rc = sq_error(s, rc, err, "reading posts");
    }
    sqlite3_finalize(q);
    return rc;
}

static int sq_post_id_range(struct niche_store *st, int64_t *lo, int64_t *hi,
                            struct niche_error *err)
{
    return post_id_range(SQ(st), lo, hi, err);
}

/* The workspace's posts with ids in lo..hi, in rowid order like the whole
 * scan. */
static int sq_post_scan_ids(struct niche_store *st, int64_t lo, int64_t hi, niche_post_cb cb,
                            void *ctx, struct niche_error *err)
{
    struct scan_ctx c = { .cb.post = cb, .ctx = ctx };
    sqlite3_stmt *q = NULL;
    int rc = scan_prepare(st, POST_SCAN_COLUMNS " FROM post WHERE +workspace_id=?1"
                          " AND id BETWEEN ?2 AND ?3", 0, &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 2, lo);
    sqlite3_bind_int64(q, 3, hi);
    return each_row(SQ(st), q, post_row, &c, "reading posts", err);
}

static int edge_row(sqlite3_stmt *q, void *arg)
{
    struct scan_ctx *c = arg;
    int64_t a = sqlite3_column_int64(q, 0);

    if (c->filter && !id_set_has(&c->ids, a))
        return 0;
    return c->cb.edge(c->ctx, a, sqlite3_column_int64(q, 1));
}

/*
 * 1 when every account of the database is the workspace's, so that a whole
 * table is: the usual case, where the id set would cost 14% of an analysis
 * (reading every account id, and every post id for the comments, twice).
 * Two probes of the account_followers index.
 */
static int alone(struct niche_store *st, struct niche_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = prepare(SQ(st), "SELECT NOT EXISTS (SELECT 1 FROM account WHERE workspace_id<?1)"
                             " AND NOT EXISTS (SELECT 1 FROM account WHERE workspace_id>?1)",
                     &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, st->ws_id);
    rc = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) != 0
                                       : sq_error(SQ(st), sqlite3_errcode(SQ(st)->db), err,
                                                  "reading workspaces");
    sqlite3_finalize(q);
    return rc;
}

/* Scan sql (a whole table, in key order) keeping the rows whose first
 * column is in the set that ids_sql selects; or run sql for one account. */
static int filtered_scan(struct niche_store *st, struct scan_ctx *c, const char *all_sql,
                         const char *one_sql, const char *ids_sql, int64_t account_id,
                         int (*fn)(sqlite3_stmt *, void *), struct niche_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc;

    c->filter = account_id == 0;
    if (c->filter && (rc = alone(st, err)) != 0) {   /* 1: every row is the workspace's */
        c->filter = 0;
        if (rc < 0)
            return rc;
    }
    if (c->filter && (rc = id_set_build(st, ids_sql, &c->ids, err)) < 0)
        goto out;
    if ((rc = scan_prepare(st, account_id ? one_sql : all_sql, account_id, &q, err)) == 0)
        rc = each_row(SQ(st), q, fn, c, "scanning", err);
out:
    free(c->ids.bits);
    return rc;
}

#define WS_ACCOUNTS "SELECT id FROM account WHERE workspace_id=?1"

static int account_row(sqlite3_stmt *q, void *arg)
{
    struct scan_ctx *c = arg;
    const char *platform = col_borrow(q, 1);
    struct niche_account a;

    niche_account_init(&a);
    a.id = sqlite3_column_int64(q, 0);
    a.platform = platform ? niche_platform_parse(platform, strlen(platform))
                          : NICHE_PLATFORM_UNKNOWN;
    a.handle = col_borrow(q, 2);
    a.followers = col_i64(q, 3);
    a.following = col_i64(q, 4);
    a.posts = col_i64(q, 5);
    a.bio = col_borrow(q, 6);
    a.language = col_borrow(q, 7);
    a.category = col_borrow(q, 8);
    a.has_avatar = col_flag(q, 9);
    a.last_active_ms = col_i64(q, 10);
    return c->cb.account(c->ctx, &a);
}

/* The workspace's accounts by id, with only the columns analysis reads
 * and its strings borrowed: a tenth of a run went into reading every
 * column of 400,000 accounts and copying seven strings of each. Rowid
 * order (+workspace_id): through the workspace index SQLite would sort. */
static int sq_account_scan(struct niche_store *st, niche_account_cb cb, void *ctx,
                           struct niche_error *err)
{
    struct scan_ctx c = { .cb.account = cb, .ctx = ctx };
    sqlite3_stmt *q = NULL;
    int rc = scan_prepare(st, "SELECT id, platform, handle, followers, following, posts, bio,"
                              " language, category, has_avatar, last_active_ms FROM account"
                              " WHERE +workspace_id=?1 ORDER BY id", 0, &q, err);

    return rc < 0 ? rc : each_row(SQ(st), q, account_row, &c, "listing accounts", err);
}

static int facts_row(sqlite3_stmt *q, void *arg)
{
    struct scan_ctx *c = arg;
    int64_t a = sqlite3_column_int64(q, 0);
    const void *data = sqlite3_column_blob(q, 1);
    int n = sqlite3_column_bytes(q, 1);

    if (c->filter && !id_set_has(&c->ids, a))
        return 0;
    return c->cb.facts(c->ctx, a, n > 0 ? data : NULL, n > 0 ? (size_t)n : 0,
                       sqlite3_column_int64(q, 2));
}

static int sq_facts_scan(struct niche_store *st, niche__facts_cb cb, void *ctx,
                         struct niche_error *err)
{
    struct scan_ctx c = { .cb.facts = cb, .ctx = ctx };

    return filtered_scan(st, &c, "SELECT account_id, data, changed FROM post_facts", NULL, WS_ACCOUNTS,
                         0, facts_row, err);
}

static int sq_facts_claim(struct niche_store *st, int64_t account_id, int64_t token,
                          const void *read, size_t len, int64_t changed,
                          struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q;
    int rc = cached(s, read ? S_FACTS_CLAIM_REFRESH : S_FACTS_CLAIM, &q, err);

    if (rc < 0)
        return rc;
    if (len > INT_MAX)
        return niche_error_set(err, NICHE_ETOOBIG, "post facts of %zu bytes", len);
    sqlite3_bind_int64(q, 1, account_id);
    sqlite3_bind_int64(q, 2, st->ws_id);
    sqlite3_bind_int64(q, 3, token);
    if (read) {
        sqlite3_bind_blob(q, 4, read, (int)len, SQLITE_STATIC);
        sqlite3_bind_int64(q, 5, changed);
    }
    if ((rc = write_one(s, q, err, "claiming post facts")) < 0)
        return rc;
    if (sqlite3_changes(s->db) > 0)
        return 1;
    return read ? 0 : niche_error_set(err, NICHE_ENOTFOUND, "no post facts for account %lld",
                                      (long long)account_id);
}

static int sq_facts_put(struct niche_store *st, int64_t account_id, int64_t token,
                        const void *data, size_t len, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q;
    int rc = cached(s, S_FACTS_PUT, &q, err);

    if (rc < 0)
        return rc;
    if (len > INT_MAX)
        return niche_error_set(err, NICHE_ETOOBIG, "post facts of %zu bytes", len);
    sqlite3_bind_int64(q, 1, account_id);
    sqlite3_bind_blob(q, 2, data, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, token);
    if ((rc = write_one(s, q, err, "storing post facts")) < 0)
        return rc;
    return sqlite3_changes(s->db) > 0;
}

/* The pragma does nothing inside a transaction, and says nothing either:
 * a transaction a failed COMMIT left open (the store's count is already
 * 0) is rolled back first, and the setting is read back. */
static int sq_check_refs(struct niche_store *st, int on, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int rc;

    if (!sqlite3_get_autocommit(s->db))
        (void)exec(s, "ROLLBACK", NULL);
    if ((rc = exec(s, on ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF", err)) < 0 ||
        (rc = prepare(s, "PRAGMA foreign_keys", &q, err)) < 0)
        return rc;
    rc = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) == on ? 0
         : niche_error_set(err, NICHE_ESTORE, "foreign keys could not be turned %s",
                           on ? "on" : "off");
    sqlite3_finalize(q);
    return rc;
}

static int sq_follower_scan(struct niche_store *st, int64_t account_id, niche_edge_cb cb,
                            void *ctx, struct niche_error *err)
{
    struct scan_ctx c = { .cb.edge = cb, .ctx = ctx };

    /* In key order, by account: the smaller covering index follower_reverse
     * would read faster, but by follower, and analysis then touches another
     * account's counts and sketch at every edge, which costs more. */
    return filtered_scan(st, &c, "SELECT account_id, follower_id FROM follower"
                         " ORDER BY account_id",
                         "SELECT account_id, follower_id FROM follower WHERE ?1 > 0"
                         " AND account_id=?2", WS_ACCOUNTS, account_id, edge_row, err);
}

static int snapshot_row(sqlite3_stmt *q, void *arg)
{
    struct scan_ctx *c = arg;
    struct niche_snapshot sn;

    sn.account_id = sqlite3_column_int64(q, 0);
    if (c->filter && !id_set_has(&c->ids, sn.account_id))
        return 0;
    sn.taken_ms = sqlite3_column_int64(q, 1);
    sn.followers = col_i64(q, 2);
    sn.following = col_i64(q, 3);
    sn.posts = col_i64(q, 4);
    return c->cb.snapshot(c->ctx, &sn);
}

static int sq_snapshot_scan(struct niche_store *st, int64_t account_id,
                            niche_snapshot_cb cb, void *ctx, struct niche_error *err)
{
    struct scan_ctx c = { .cb.snapshot = cb, .ctx = ctx };

    return filtered_scan(st, &c,
        "SELECT account_id, taken_ms, followers, following, posts FROM snapshot",
        "SELECT account_id, taken_ms, followers, following, posts FROM snapshot"
        " WHERE ?1 > 0 AND account_id=?2 ORDER BY taken_ms", WS_ACCOUNTS, account_id,
        snapshot_row, err);
}

static int comment_row(sqlite3_stmt *q, void *arg)
{
    struct scan_ctx *c = arg;
    struct niche_comment cm;

    cm.post_id = sqlite3_column_int64(q, 0);
    if (c->filter && !id_set_has(&c->ids, cm.post_id))
        return 0;
    cm.author_id = sqlite3_column_int64(q, 1);
    cm.commented_ms = col_i64(q, 2);
    cm.text = NULL;   /* no analysis reads it yet; saves the copy */
    return c->cb.comment(c->ctx, &cm);
}

static int sq_comment_scan(struct niche_store *st, niche_comment_cb cb, void *ctx,
                           struct niche_error *err)
{
    struct scan_ctx c = { .cb.comment = cb, .ctx = ctx };

    return filtered_scan(st, &c, "SELECT post_id, author_id, commented_ms FROM post_comment",
                         NULL, "SELECT id FROM post WHERE workspace_id=?1", 0, comment_row,
                         err);
}

/* ---- analysis: runs ----------------------------------------------------- */

static int run_exec(struct sq *s, const char *sql, int64_t ws, struct niche_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = prepare(s, sql, &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, ws);
    rc = step_done(s, q, err, "replacing the analysis");
    sqlite3_finalize(q);
    return rc;
}

/* The tables a run replaces, children first. It also writes account_tag
 * and audience, but not anew: it compares them with what it found and
 * writes only the accounts whose rows changed (niche__store_kept_delete()). */
static const char *const result_tables[] = {
    "account_niche", "account_anomaly", "account_brand", "follower_class",
    "post_sponsorship", "account_metric", "analysis_run", NULL
};

/* 1 when no other workspace has results: the tables can be emptied whole. */
static int results_alone(struct niche_store *st, struct niche_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = prepare(SQ(st), "SELECT count(*) FROM analysis_run WHERE workspace_id<>?1",
                     &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, st->ws_id);
    rc = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) == 0
                                       : sq_error(SQ(st), sqlite3_errcode(SQ(st)->db), err,
                                                  "reading runs");
    sqlite3_finalize(q);
    return rc;
}

/*
 * Empty a result table by dropping it and creating it again from its own
 * schema rows (table first, then its indexes). With foreign keys on,
 * SQLite deletes a table's rows one by one even without a WHERE clause (a
 * quarter of a run's writing at 100,000 accounts); a table that no other
 * table references is dropped without visiting them.
 */
static int recreate(struct sq *s, const char *table, struct niche_error *err)
{
    struct niche__buf ddl = NICHE__BUF_INIT(0);
    sqlite3_stmt *q = NULL;
    char drop[96];
    int rc = prepare(s, "SELECT sql FROM sqlite_schema WHERE tbl_name=?1 AND sql IS NOT NULL"
                        " ORDER BY type <> 'table'", &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        (void)niche__buf_add(&ddl, sqlite3_column_text(q, 0),
                             (size_t)sqlite3_column_bytes(q, 0));   /* no cap: OOM is fatal */
        (void)niche__buf_add(&ddl, ";\n", 2);
    }
    rc = rc == SQLITE_DONE ? 0 : sq_error(s, rc, err, "reading the schema");
    sqlite3_finalize(q);
    snprintf(drop, sizeof(drop), "DROP TABLE %s", table);
    if (rc == 0 && !ddl.len)
        rc = niche_error_set(err, NICHE_ESCHEMA, "no table %s", table);
    if (rc == 0 && (rc = exec(s, drop, err)) == 0)
        rc = exec(s, ddl.buf, err);
    niche__buf_release(&ddl);
    return rc;
}

static int clear_results(struct niche_store *st, struct niche_error *err)
{
    char sql[256];
    int i, rc = results_alone(st, err);

    for (i = 0; rc >= 0 && result_tables[i]; i++) {
        int parent = !strcmp(result_tables[i], "analysis_run");   /* of account_metric */

        if (rc == 1 && !parent) {
            if (recreate(SQ(st), result_tables[i], err) < 0)
                return NICHE_ESTORE;
            continue;
        }
        if (rc == 1)
            snprintf(sql, sizeof(sql), "DELETE FROM %s", result_tables[i]);
        else if (parent)
            snprintf(sql, sizeof(sql), "DELETE FROM analysis_run WHERE workspace_id=?1");
        else
            snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE account_id IN"
                     " (SELECT id FROM account WHERE workspace_id=?1)", result_tables[i]);
        if (run_exec(SQ(st), sql, st->ws_id, err) < 0)
            return NICHE_ESTORE;
    }
    return rc < 0 ? rc : 0;
}

static int sq_analysis_begin(struct niche_store *st, struct niche_analysis_run *run,
                             struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int rc = clear_results(st, err);

    if (rc < 0 || (rc = prepare(s, "INSERT INTO analysis_run(workspace_id, version, scheme,"
                                   " as_of_ms, started_ms) VALUES (?1,?2,?3,?4,?5)",
                                &q, err)) < 0)
        return rc;
    sqlite3_bind_int64(q, 1, st->ws_id);
    sqlite3_bind_int(q, 2, run->version);
    sqlite3_bind_text(q, 3, run->scheme, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, run->as_of_ms);
    sqlite3_bind_int64(q, 5, run->started_ms);
    rc = step_done(s, q, err, "starting an analysis");
    sqlite3_finalize(q);
    run->id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

#define RUN_COUNTS                                                           \
    "accounts, analysed, posts, follower_edges, snapshots, comments,"         \
    " followers_classified, er_known, bought_flagged, pod_accounts, pods,"    \
    " undisclosed_posts, brands, facts_built, tags_written, sketches_written,"  \
    " facts_refreshed"

static int64_t *run_count(struct niche_analysis_run *r, int i)
{
    int64_t *f[] = { &r->accounts, &r->analysed, &r->posts, &r->follower_edges,
                     &r->snapshots, &r->comments, &r->followers_classified,
                     &r->er_known, &r->bought_flagged, &r->pod_accounts, &r->pods,
                     &r->undisclosed_posts, &r->brands, &r->facts_built,
                     &r->tags_written, &r->sketches_written, &r->facts_refreshed };

    return f[i];
}
#define RUN_NCOUNTS 17

static int sq_analysis_finish(struct niche_store *st, const struct niche_analysis_run *run,
                              struct niche_error *err)
{
    struct sq *s = SQ(st);
    struct niche_analysis_run r = *run;
    sqlite3_stmt *q = NULL;
    int i, rc = prepare(s, "UPDATE analysis_run SET (finished_ms, currency, prices, "
                           RUN_COUNTS ") = (?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,"
                           "?15,?16,?17,?18,?19,?20,?21) WHERE id=?1", &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, run->id);
    sqlite3_bind_int64(q, 2, run->finished_ms);
    sqlite3_bind_text(q, 3, run->currency, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, run->prices, -1, SQLITE_STATIC);
    for (i = 0; i < RUN_NCOUNTS; i++)
        sqlite3_bind_int64(q, 5 + i, *run_count(&r, i));
    rc = step_done(s, q, err, "finishing an analysis");
    sqlite3_finalize(q);
    return rc;
}

static void copy_col(sqlite3_stmt *q, int i, char *out, size_t n)
{
    const unsigned char *t = sqlite3_column_text(q, i);

    snprintf(out, n, "%s", t ? (const char *)t : "");
}

static int sq_analysis_get(struct niche_store *st, struct niche_analysis_run *out,
                           struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int i, rc = prepare(s, "SELECT id, version, scheme, as_of_ms, started_ms, finished_ms,"
                           " currency, prices, " RUN_COUNTS " FROM analysis_run"
                           " WHERE workspace_id=?1 AND finished_ms IS NOT NULL"
                           " ORDER BY id DESC LIMIT 1", &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, st->ws_id);
    memset(out, 0, sizeof(*out));
    if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        out->id = sqlite3_column_int64(q, 0);
        out->version = sqlite3_column_int(q, 1);
        copy_col(q, 2, out->scheme, sizeof(out->scheme));
        out->as_of_ms = col_i64(q, 3);
        out->started_ms = col_i64(q, 4);
        out->finished_ms = col_i64(q, 5);
        copy_col(q, 6, out->currency, sizeof(out->currency));
        copy_col(q, 7, out->prices, sizeof(out->prices));
        for (i = 0; i < RUN_NCOUNTS; i++)
            *run_count(out, i) = col_i64(q, 8 + i);
        rc = 0;
    } else {
        rc = rc == SQLITE_DONE
             ? niche_error_set(err, NICHE_ENOTFOUND, "the workspace was never analysed")
             : sq_error(s, rc, err, "reading the analysis");
    }
    sqlite3_finalize(q);
    return rc;
}

/* ---- analysis: per-account results --------------------------------------- */

/* The scalar columns of account_metric, as data: name, C type, member. */
enum col_type { C_I64, C_INT, C_FLAG, C_REAL };
struct metric_col {
    const char *name;
    enum col_type type;
    size_t off;
};

#define COL(n, t, m) { #n, C_##t, offsetof(struct niche_metrics, m) }
static const struct metric_col metric_cols[] = {
    COL(followers, I64, followers),
    COL(as_of_ms, I64, as_of_ms),
    COL(er_f_mean, REAL, er[0].value),
    COL(er_f_mean_n, INT, er[0].n),
    COL(er_f_mean_hidden, INT, er[0].hidden),
    COL(er_f_median, REAL, er[1].value),
    COL(er_f_median_n, INT, er[1].n),
    COL(er_f_median_hidden, INT, er[1].hidden),
    COL(er_v, REAL, er[2].value),
    COL(er_v_n, INT, er[2].n),
    COL(er_v_hidden, INT, er[2].hidden),
    COL(er_v_no_views, INT, er[2].no_views),
    COL(er_f_mean_band_lo, INT, peer[0].band_lo),
    COL(er_f_mean_band_hi, INT, peer[0].band_hi),
    COL(er_f_mean_peers, I64, peer[0].peers),
    COL(er_f_mean_pct, REAL, peer[0].percentile),
    COL(er_f_mean_peer_median, REAL, peer[0].median),
    COL(er_f_median_band_lo, INT, peer[1].band_lo),
    COL(er_f_median_band_hi, INT, peer[1].band_hi),
    COL(er_f_median_peers, I64, peer[1].peers),
    COL(er_f_median_pct, REAL, peer[1].percentile),
    COL(er_f_median_peer_median, REAL, peer[1].median),
    COL(er_v_band_lo, INT, peer[2].band_lo),
    COL(er_v_band_hi, INT, peer[2].band_hi),
    COL(er_v_peers, I64, peer[2].peers),
    COL(er_v_pct, REAL, peer[2].percentile),
    COL(er_v_peer_median, REAL, peer[2].median),
    COL(posts_dated, INT, activity.n),
    COL(posts_per_week, REAL, activity.posts_per_week),
    COL(interval_cv, REAL, activity.interval_cv),
    COL(first_post_ms, I64, activity.first_ms),
    COL(last_post_ms, I64, activity.last_ms),
    COL(snapshots, INT, growth.n),
    COL(growth_from_ms, I64, growth.from_ms),
    COL(growth_to_ms, I64, growth.to_ms),
    COL(growth_monthly, REAL, growth.monthly),
    COL(growth_30d, REAL, growth.last_30d),
    COL(anomalies, INT, growth.anomalies),
    COL(followers_known, I64, followers_known),
    COL(real_n, I64, by_type[0]),
    COL(mass_n, I64, by_type[1]),
    COL(influencer_n, I64, by_type[2]),
    COL(suspicious_n, I64, by_type[3]),
    COL(inactive_n, I64, by_type[4]),
    COL(bots, I64, bots),
    COL(authentic, REAL, authentic),
    COL(authentic_lo, REAL, authentic_lo),
    COL(authentic_hi, REAL, authentic_hi),
    COL(fake, REAL, fake),
    COL(fake_lo, REAL, fake_lo),
    COL(fake_hi, REAL, fake_hi),
    COL(reachability, REAL, reachability),
    COL(bought, FLAG, bought),
    COL(comments_known, I64, comments_known),
    COL(pod_comments, I64, pod_comments),
    COL(first_hour_comments, I64, first_hour_comments),
    COL(comment_authenticity, REAL, comment_authenticity),
    COL(pod, I64, pod),
    COL(pod_size, I64, pod_size),
    COL(aqs, REAL, aqs),
    COL(aqs_authentic, REAL, aqs_part[0]),
    COL(aqs_engagement, REAL, aqs_part[1]),
    COL(aqs_growth, REAL, aqs_part[2]),
    COL(aqs_comments, REAL, aqs_part[3]),
    COL(aqs_reachability, REAL, aqs_part[4]),
    COL(posts_scanned, INT, posts_scanned),
    COL(sponsored, INT, sponsored),
    COL(ambiguous, INT, ambiguous),
    COL(undisclosed, INT, undisclosed),
    COL(buried, INT, buried),
    COL(ppp, REAL, ppp),
    COL(ppp_sponsored, REAL, ppp_sponsored.value),
    COL(ppp_sponsored_n, INT, ppp_sponsored.n),
    COL(ppp_organic, REAL, ppp_organic.value),
    COL(ppp_organic_n, INT, ppp_organic.n),
    COL(est_reach, REAL, est.reach),
    COL(est_impressions, REAL, est.impressions),
    COL(est_price, REAL, est.price),
};
#undef COL
#define NMETRIC_COLS (sizeof(metric_cols) / sizeof(metric_cols[0]))
/* Bound before the table's columns: account_id, run_id, tier, scheme,
 * est_basis, currency. */
#define METRIC_FIXED 6

static void bind_metric_col(sqlite3_stmt *q, int i, const struct niche_metrics *m,
                            const struct metric_col *c)
{
    const char *p = (const char *)m + c->off;

    switch (c->type) {
    case C_I64: bind_i64(q, i, *(const int64_t *)p); break;
    case C_INT: sqlite3_bind_int(q, i, *(const int *)p); break;
    case C_FLAG: bind_flag(q, i, *(const int *)p); break;
    /* Results are kept at float precision (7 digits, more than any rate
     * needs), so that the discovery index's float columns hold exactly the
     * stored values and its filters agree with SQL over them. */
    case C_REAL: bind_real(q, i, (double)(float)*(const double *)p); break;
    }
}

static void read_metric_col(sqlite3_stmt *q, int i, struct niche_metrics *m,
                            const struct metric_col *c)
{
    char *p = (char *)m + c->off;

    switch (c->type) {
    case C_I64: *(int64_t *)p = col_i64(q, i); break;
    case C_INT: *(int *)p = sqlite3_column_int(q, i); break;
    case C_FLAG: *(int *)p = col_flag(q, i); break;
    case C_REAL: *(double *)p = col_real(q, i); break;
    }
}

/* "INSERT INTO account_metric(...) VALUES (?1, ...)", built once. */
static char *metric_insert_sql(void)
{
    size_t i, n = 4096;
    char *sql = niche_xmalloc(n);
    int len = snprintf(sql, n, "INSERT INTO account_metric(account_id, run_id, tier,"
                                " scheme, est_basis, currency");

    for (i = 0; i < NMETRIC_COLS; i++)
        len += snprintf(sql + len, n - (size_t)len, ", %s", metric_cols[i].name);
    len += snprintf(sql + len, n - (size_t)len, ") VALUES (?1");
    for (i = 2; i <= NMETRIC_COLS + METRIC_FIXED; i++)
        len += snprintf(sql + len, n - (size_t)len, ",?%zu", i);
    snprintf(sql + len, n - (size_t)len, ")");
    return sql;
}

static int put_metric_row(struct sq *s, const struct niche_metrics *m,
                          struct niche_error *err)
{
    size_t i;
    int rc;

    if (!s->metric_put) {
        char *sql = metric_insert_sql();

        rc = prepare(s, sql, &s->metric_put, err);
        free(sql);
        if (rc < 0)
            return rc;
    }
    sqlite3_reset(s->metric_put);
    sqlite3_bind_int64(s->metric_put, 1, m->account_id);
    sqlite3_bind_int64(s->metric_put, 2, m->run_id);
    sqlite3_bind_text(s->metric_put, 3, niche_tier_name(m->tier), -1, SQLITE_STATIC);
    sqlite3_bind_text(s->metric_put, 4, m->scheme, -1, SQLITE_STATIC);
    bind_text(s->metric_put, 5, m->est.basis);
    sqlite3_bind_text(s->metric_put, 6, m->currency, -1, SQLITE_STATIC);
    for (i = 0; i < NMETRIC_COLS; i++)
        bind_metric_col(s->metric_put, (int)(METRIC_FIXED + 1 + i), m, &metric_cols[i]);
    return step_done(s, s->metric_put, err, "storing metrics");
}

static int put_anomalies(struct sq *s, const struct niche_metrics *m,
                         struct niche_error *err)
{
    sqlite3_stmt *q = NULL;
    int i, rc = 0, n = m->growth.anomalies < NICHE_MAX_ANOMALIES ? m->growth.anomalies
                                                                  : NICHE_MAX_ANOMALIES;

    for (i = 0; i < n && rc == 0; i++) {
        const struct niche_anomaly *a = &m->anomaly[i];

        if ((rc = cached(s, S_ANOMALY_PUT, &q, err)) < 0)
            break;
        sqlite3_bind_int64(q, 1, m->account_id);
        sqlite3_bind_text(q, 2, a->kind == NICHE_ANOMALY_SPIKE ? "spike" : "drop", -1,
                          SQLITE_STATIC);
        sqlite3_bind_int64(q, 3, a->from_ms);
        sqlite3_bind_int64(q, 4, a->to_ms);
        sqlite3_bind_int64(q, 5, a->delta);
        sqlite3_bind_double(q, 6, a->relative);
        sqlite3_bind_double(q, 7, a->score);
        rc = step_done(s, q, err, "storing an anomaly");
    }
    return rc;
}

static int put_brands_niches(struct sq *s, const struct niche_metrics *m,
                             struct niche_error *err)
{
    sqlite3_stmt *q = NULL;
    int i, rc = 0;

    for (i = 0; i < m->nbrands && rc == 0; i++) {
        const struct niche_brand_use *b = &m->brand[i];

        if ((rc = cached(s, S_BRAND_PUT, &q, err)) < 0)
            break;
        sqlite3_bind_int64(q, 1, m->account_id);
        sqlite3_bind_text(q, 2, b->name, -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 3, b->posts);
        sqlite3_bind_int(q, 4, b->disclosed);
        sqlite3_bind_int(q, 5, b->ambiguous);
        sqlite3_bind_int(q, 6, b->undisclosed);
        rc = step_done(s, q, err, "storing a brand");
    }
    for (i = 0; i < m->nniches && rc == 0; i++) {
        if ((rc = cached(s, S_NICHE_PUT, &q, err)) < 0)
            break;
        sqlite3_bind_int64(q, 1, m->account_id);
        sqlite3_bind_text(q, 2, niche_topic_name(m->niche[i].topic), -1, SQLITE_STATIC);
        sqlite3_bind_double(q, 3, m->niche[i].score);
        rc = step_done(s, q, err, "storing a niche");
    }
    return rc;
}

static int sq_metrics_put(struct niche_store *st, const struct niche_metrics *m,
                          unsigned parts, struct niche_error *err)
{
    struct sq *s = SQ(st);
    int rc = parts & NICHE__METRICS_ROW ? put_metric_row(s, m, err) : 0;

    if (rc == 0 && (parts & NICHE__METRICS_LISTS))
        rc = put_anomalies(s, m, err);
    if (rc == 0 && (parts & NICHE__METRICS_LISTS))
        rc = put_brands_niches(s, m, err);
    return rc;
}

static const char *static_basis(const unsigned char *t)
{
    if (!t)
        return NULL;
    return !strcmp((const char *)t, "views") ? "views" : "followers";
}

static int get_metric_row(struct sq *s, int64_t id, struct niche_metrics *m,
                          struct niche_error *err)
{
    char sql[4096];
    sqlite3_stmt *q = NULL;
    size_t i;
    int len = snprintf(sql, sizeof(sql), "SELECT run_id, tier, scheme, est_basis, currency,"
                       " (SELECT platform FROM account WHERE id=?1)");
    int rc;

    for (i = 0; i < NMETRIC_COLS; i++)
        len += snprintf(sql + len, sizeof(sql) - (size_t)len, ", %s", metric_cols[i].name);
    snprintf(sql + len, sizeof(sql) - (size_t)len, " FROM account_metric WHERE account_id=?1");
    if ((rc = prepare(s, sql, &q, err)) < 0)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const unsigned char *tier = sqlite3_column_text(q, 1);

        m->account_id = id;
        m->run_id = sqlite3_column_int64(q, 0);
        m->tier = NICHE_TIER_UNKNOWN;
        for (i = 0; tier && i < NICHE_TIER__COUNT; i++)
            if (!strcmp((const char *)tier, niche_tier_name((enum niche_tier)i)))
                m->tier = (enum niche_tier)i;
        copy_col(q, 2, m->scheme, sizeof(m->scheme));
        m->est.basis = static_basis(sqlite3_column_text(q, 3));
        copy_col(q, 4, m->currency, sizeof(m->currency));
        m->platform = sqlite3_column_type(q, 5) == SQLITE_TEXT
                      ? niche_platform_parse((const char *)sqlite3_column_text(q, 5),
                                             (size_t)sqlite3_column_bytes(q, 5))
                      : NICHE_PLATFORM_UNKNOWN;
        for (i = 0; i < NMETRIC_COLS; i++)
            read_metric_col(q, (int)(6 + i), m, &metric_cols[i]);
        rc = 0;
    } else {
        rc = rc == SQLITE_DONE ? niche_error_set(err, NICHE_ENOTFOUND,
                                                 "account %lld has no analysis",
                                                 (long long)id)
                               : sq_error(s, rc, err, "reading metrics");
    }
    sqlite3_finalize(q);
    return rc;
}

static int anomaly_row(sqlite3_stmt *q, void *arg)
{
    struct niche_metrics *m = arg;
    int i;

    for (i = 0; i < NICHE_MAX_ANOMALIES && m->anomaly[i].kind; i++)
        ;
    if (i == NICHE_MAX_ANOMALIES)
        return 0;
    m->anomaly[i].kind = !strcmp((const char *)sqlite3_column_text(q, 0), "spike")
                         ? NICHE_ANOMALY_SPIKE : NICHE_ANOMALY_DROP;
    m->anomaly[i].from_ms = sqlite3_column_int64(q, 1);
    m->anomaly[i].to_ms = sqlite3_column_int64(q, 2);
    m->anomaly[i].delta = sqlite3_column_int64(q, 3);
    m->anomaly[i].relative = sqlite3_column_double(q, 4);
    m->anomaly[i].score = sqlite3_column_double(q, 5);
    return 0;
}

static int brand_row(sqlite3_stmt *q, void *arg)
{
    struct niche_metrics *m = arg;
    struct niche_brand_use *b;

    if (m->nbrands == NICHE_MAX_BRANDS)
        return 0;
    b = &m->brand[m->nbrands++];
    copy_col(q, 0, b->name, sizeof(b->name));
    b->posts = sqlite3_column_int(q, 1);
    b->disclosed = sqlite3_column_int(q, 2);
    b->ambiguous = sqlite3_column_int(q, 3);
    b->undisclosed = sqlite3_column_int(q, 4);
    return 0;
}

static int niche_row(sqlite3_stmt *q, void *arg)
{
    struct niche_metrics *m = arg;
    int t = niche_topic_parse((const char *)sqlite3_column_text(q, 0));

    if (t < 0 || m->nniches == NICHE_TOPIC_MAX_LABELS)
        return 0;
    m->niche[m->nniches].topic = (enum niche_topic)t;
    m->niche[m->nniches++].score = sqlite3_column_double(q, 1);
    return 0;
}

static int get_list(struct sq *s, const char *sql, int64_t id,
                    int (*fn)(sqlite3_stmt *, void *), struct niche_metrics *m,
                    struct niche_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = prepare(s, sql, &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    return each_row(s, q, fn, m, "reading results", err);
}

static int sq_metrics_get(struct niche_store *st, int64_t id, struct niche_metrics *m,
                          struct niche_error *err)
{
    struct sq *s = SQ(st);
    int rc;

    memset(m, 0, sizeof(*m));
    if ((rc = get_metric_row(s, id, m, err)) < 0)
        return rc;
    rc = get_list(s, "SELECT kind, from_ms, to_ms, delta, relative, score FROM"
                     " account_anomaly WHERE account_id=?1 ORDER BY abs(relative) DESC",
                  id, anomaly_row, m, err);
    if (rc == 0)
        rc = get_list(s, "SELECT brand, posts, disclosed, ambiguous, undisclosed FROM"
                         " account_brand WHERE account_id=?1 ORDER BY posts DESC, brand",
                      id, brand_row, m, err);
    if (rc == 0)
        rc = get_list(s, "SELECT niche, score FROM account_niche WHERE account_id=?1"
                         " ORDER BY score DESC, niche", id, niche_row, m, err);
    return rc;
}

static int sq_follower_class_put(struct niche_store *st, int64_t id,
                                 enum niche_follower_type type, int bot, unsigned signals,
                                 struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int rc = cached(s, S_CLASS_PUT, &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_text(q, 2, niche_follower_type_name(type), -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 3, bot);
    sqlite3_bind_int(q, 4, (int)signals);
    return step_done(s, q, err, "storing a follower type");
}

static const char *const marker_names[] = { "none", "ambiguous", "explicit" };

static int sq_sponsorship_put(struct niche_store *st, const struct niche_post_sponsorship *ps,
                              struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int rc = cached(s, S_SPONSOR_PUT, &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, ps->post_id);
    sqlite3_bind_int64(q, 2, ps->account_id);
    sqlite3_bind_text(q, 3, marker_names[ps->check.marker], -1, SQLITE_STATIC);
    bind_text(q, 4, ps->check.word);
    sqlite3_bind_int(q, 5, ps->check.flag);
    sqlite3_bind_int(q, 6, ps->check.buried);
    sqlite3_bind_text(q, 7, niche_compliance_name(ps->check.compliance), -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 8, ps->likely_undisclosed);
    bind_text(q, 9, ps->brand[0] ? ps->brand : NULL);
    return step_done(s, q, err, "storing a sponsorship sign");
}

/* One account's n hashtags in one statement: a run stores about ten per
 * account, and a statement per row cost a third more. */
static int sq_tags_put(struct niche_store *st, int64_t account_id, const char *const *tag,
                       const int64_t *posts, int n, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt **q = &s->tags_put[n];
    int i, rc;

    if (!*q) {
        char sql[64 + 16 * NICHE__TAGS_PUT_MAX];
        int len = snprintf(sql, sizeof(sql),
                           "INSERT OR REPLACE INTO account_tag(account_id, tag, posts) VALUES");

        for (i = 0; i < n; i++)
            len += snprintf(sql + len, sizeof(sql) - (size_t)len, "%s(?1,?%d,?%d)",
                            i ? "," : " ", 2 + 2 * i, 3 + 2 * i);
        if ((rc = prepare(s, sql, q, err)) < 0)
            return rc;
    }
    sqlite3_reset(*q);
    sqlite3_bind_int64(*q, 1, account_id);
    for (i = 0; i < n; i++) {
        sqlite3_bind_text(*q, 2 + 2 * i, tag[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(*q, 3 + 2 * i, posts[i]);
    }
    return step_done(s, *q, err, "storing an account's hashtags");
}

static int sq_kept_delete(struct niche_store *st, enum niche__kept kind, int64_t account_id,
                          struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int rc = cached(s, kind == NICHE__KEPT_TAGS ? S_KEPT_TAGS_DEL : S_KEPT_AUDIENCE_DEL, &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, account_id);
    sqlite3_bind_int64(q, 2, st->ws_id);
    return step_done(s, q, err, "deleting an account's results");
}

static int sq_account_tag_put(struct niche_store *st, int64_t account_id, const char *tag,
                             int64_t posts, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int rc = cached(s, S_TAG_PUT, &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, account_id);
    sqlite3_bind_text(q, 2, tag, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, posts);
    return step_done(s, q, err, "storing an account's hashtag");
}

/* ---- discovery index reads ---------------------------------------------- */

/*
 * These read whole tables in primary-key (account id) order and keep the
 * rows of the workspace's accounts (an id set, as the follower scan does):
 * joining each row to account made SQLite sort the result, three times
 * slower at 1M accounts.
 */
static int metric_row(sqlite3_stmt *q, void *arg)
{
    struct scan_ctx *c = arg;
    struct niche_metric_row r;

    r.account_id = sqlite3_column_int64(q, 0);
    if (c->filter && !id_set_has(&c->ids, r.account_id))
        return 0;
    r.tier = (const char *)sqlite3_column_text(q, 1);
    r.er = col_real(q, 2);
    r.er_median = col_real(q, 3);
    r.er_v = col_real(q, 4);
    r.er_pct = col_real(q, 5);
    r.aqs = col_real(q, 6);
    r.fake = col_real(q, 7);
    r.growth = col_real(q, 8);
    r.posts_week = col_real(q, 9);
    r.price = col_real(q, 10);
    r.interval_cv = col_real(q, 11);
    r.last_post_ms = col_i64(q, 12);
    return c->cb.metric(c->ctx, &r);
}

static int sq_metric_scan(struct niche_store *st, niche_metric_row_cb cb, void *ctx,
                          struct niche_error *err)
{
    static const char sql[] =
        "SELECT account_id, tier, er_f_mean, er_f_median, er_v, er_f_mean_pct, aqs, fake,"
        " growth_monthly, posts_per_week, est_price, interval_cv, last_post_ms"
        " FROM account_metric ORDER BY account_id";
    struct scan_ctx c = { .cb.metric = cb, .ctx = ctx };

    return filtered_scan(st, &c, sql, sql, WS_ACCOUNTS, 0, metric_row, err);
}

static int label_row(sqlite3_stmt *q, void *arg)
{
    struct scan_ctx *c = arg;
    int64_t id = sqlite3_column_int64(q, 0);
    int k = c->dim ? 2 : 1;

    if (c->filter && !id_set_has(&c->ids, id))
        return 0;
    return c->cb.label(c->ctx, id, c->dim ? (const char *)sqlite3_column_text(q, 1) : NULL,
                       (const char *)sqlite3_column_text(q, k), col_real(q, k + 1));
}

static int sq_label_scan(struct niche_store *st, enum niche_label_kind kind,
                         niche_label_cb cb, void *ctx, struct niche_error *err)
{
    static const char *const sql[] = {
        [NICHE_LABEL_NICHE] = "SELECT account_id, niche, score FROM account_niche"
            " ORDER BY account_id",
        [NICHE_LABEL_BRAND] = "SELECT account_id, brand, posts FROM account_brand"
            " ORDER BY account_id",
        [NICHE_LABEL_TAG] = "SELECT account_id, tag, posts FROM account_tag"
            " ORDER BY account_id",
        [NICHE_LABEL_AUDIENCE] = "SELECT account_id, dimension, key, share"
            " FROM audience_share ORDER BY account_id",
    };
    struct scan_ctx c = { .cb.label = cb, .ctx = ctx, .dim = kind == NICHE_LABEL_AUDIENCE };

    return filtered_scan(st, &c, sql[kind], sql[kind], WS_ACCOUNTS, 0, label_row, err);
}

static int stamp_row(sqlite3_stmt *q, void *arg)
{
    int64_t v[5];
    int i;

    for (i = 0; i < 5; i++)
        v[i] = sqlite3_column_int64(q, i);
    *(uint64_t *)arg = XXH64(v, sizeof(v), 0x6e69636865ULL);
    return 0;
}

/* The workspace's data_version (bumped by every write of accounts or
 * audience shares, sq_commit) and its analysis run: any import, synth or
 * analysis changes one of them, and reading them costs no scan. */
static int sq_index_stamp(struct niche_store *st, uint64_t *stamp, struct niche_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = scan_prepare(st,
        "SELECT ?1, (SELECT data_version FROM workspace WHERE id=?1), 0,"
        " (SELECT max(id) FROM analysis_run WHERE workspace_id=?1),"
        " (SELECT max(finished_ms) FROM analysis_run WHERE workspace_id=?1)", 0, &q, err);

    if (rc == 0)
        rc = each_row(SQ(st), q, stamp_row, stamp, "reading the index stamp", err);
    return rc;
}

static int sponsorship_row(sqlite3_stmt *q, void *arg)
{
    struct scan_ctx *c = arg;
    struct niche_post_sponsorship ps;
    const char *marker = (const char *)sqlite3_column_text(q, 2);
    const char *comp = (const char *)sqlite3_column_text(q, 6);
    int i;

    memset(&ps, 0, sizeof(ps));
    ps.post_id = sqlite3_column_int64(q, 0);
    ps.account_id = sqlite3_column_int64(q, 1);
    for (i = 0; i < 3; i++)
        if (marker && !strcmp(marker, marker_names[i]))
            ps.check.marker = (enum niche_marker)i;
    ps.check.word = col_borrow(q, 3);
    ps.check.flag = sqlite3_column_int(q, 4);
    ps.check.buried = sqlite3_column_int(q, 5);
    for (i = 0; i <= NICHE_COMPLIANCE_FAIL; i++)
        if (comp && !strcmp(comp, niche_compliance_name((enum niche_compliance)i)))
            ps.check.compliance = (enum niche_compliance)i;
    ps.likely_undisclosed = sqlite3_column_int(q, 7);
    copy_col(q, 8, ps.brand, sizeof(ps.brand));
    return c->cb.sponsorship(c->ctx, &ps, (const char *)sqlite3_column_text(q, 9),
                                         col_i64(q, 10));
}

static int sq_sponsorship_list(struct niche_store *st, int64_t account_id,
                               niche_sponsorship_cb cb, void *ctx, struct niche_error *err)
{
    struct scan_ctx c = { .cb.sponsorship = cb, .ctx = ctx };
    sqlite3_stmt *q = NULL;
    int rc = scan_prepare(st,
        "SELECT s.post_id, s.account_id, s.marker, s.word, s.flag, s.buried, s.compliance,"
        " s.likely_undisclosed, s.brand, p.post_id, p.posted_ms FROM post_sponsorship s"
        " JOIN post p ON p.id=s.post_id WHERE p.workspace_id=?1 AND s.account_id=?2"
        " ORDER BY p.posted_ms DESC", account_id, &q, err);

    return rc < 0 ? rc : each_row(SQ(st), q, sponsorship_row, &c, "reading sponsorship", err);
}

static int sq_flagged_followers(struct niche_store *st, int64_t account_id, int64_t limit,
                                niche_flagged_cb cb, void *ctx, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    struct niche_account a;
    int i, stop = 0, rc = prepare(s, "SELECT " ACCOUNT_COLUMNS ", c.type, c.bot FROM follower f"
                                     " JOIN follower_class c ON c.account_id=f.follower_id"
                                     " JOIN account ON account.id=f.follower_id"
                                     " WHERE f.account_id=?1 AND account.workspace_id=?2"
                                     " ORDER BY c.bot DESC, f.follower_id LIMIT ?3", &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, account_id);
    sqlite3_bind_int64(q, 2, st->ws_id);
    sqlite3_bind_int64(q, 3, limit > 0 ? limit : -1);
    while (!stop && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *type = (const char *)sqlite3_column_text(q, 23);
        enum niche_follower_type t = NICHE_FOLLOWER_REAL;

        for (i = 0; type && i < NICHE_FOLLOWER__COUNT; i++)
            if (!strcmp(type, niche_follower_type_name((enum niche_follower_type)i)))
                t = (enum niche_follower_type)i;
        read_account(q, &a);
        stop = cb(ctx, &a, t, sqlite3_column_int(q, 24));
        niche_account_release(&a);
    }
    rc = stop ? stop : rc == SQLITE_DONE ? 0 : sq_error(s, rc, err, "reading followers");
    sqlite3_finalize(q);
    return rc;
}

static int sq_pod_members(struct niche_store *st, int64_t pod, int64_t account_id,
                          niche_account_cb cb, void *ctx, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    struct niche_account a;
    int stop = 0, rc = prepare(s, "SELECT " ACCOUNT_COLUMNS " FROM account WHERE id IN"
                                  " (SELECT account_id FROM account_metric WHERE pod=?1)"
                                  " AND id<>?2 AND workspace_id=?3 ORDER BY id", &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, pod);
    sqlite3_bind_int64(q, 2, account_id);
    sqlite3_bind_int64(q, 3, st->ws_id);
    while (!stop && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        read_account(q, &a);
        stop = cb(ctx, &a);
        niche_account_release(&a);
    }
    rc = stop ? stop : rc == SQLITE_DONE ? 0 : sq_error(s, rc, err, "reading a pod");
    sqlite3_finalize(q);
    return rc;
}


/* ---- shortlists --------------------------------------------------------- */

/* Lists and accounts are addressed by id, and an id may come from another
 * workspace: every statement names the workspace so that a list never
 * reads or holds another tenant's rows. */

/* 0 when list id is of the workspace, else NICHE_ENOTFOUND. */
static int list_of_workspace(struct niche_store *st, int64_t id, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int rc = prepare(s, "SELECT 1 FROM shortlist WHERE id=?1 AND workspace_id=?2", &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, st->ws_id);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        rc = 0;
    else if (rc == SQLITE_DONE)
        rc = niche_error_set(err, NICHE_ENOTFOUND, "no list %lld in workspace '%s'",
                             (long long)id, st->ws_name);
    else
        rc = sq_error(s, rc, err, "finding a list");
    sqlite3_finalize(q);
    return rc;
}

static int sq_shortlist_create(struct niche_store *st, const char *name, int64_t *id,
                               struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int rc = prepare(s, "INSERT INTO shortlist(workspace_id, name, created_ms)"
                        " VALUES (?1,?2,?3) ON CONFLICT(workspace_id, name) DO NOTHING",
                     &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, st->ws_id);
    sqlite3_bind_text(q, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, niche__now_ms());
    rc = step_done(s, q, err, "creating a list");
    if (rc == 0 && sqlite3_changes(s->db) == 0)
        rc = niche_error_set(err, NICHE_EEXIST, "list '%s' already exists", name);
    else if (rc == 0 && id)
        *id = sqlite3_last_insert_rowid(s->db);
    sqlite3_finalize(q);
    return rc;
}

/* Run a one-row write on list id of the workspace (?1 the list, ?2 the
 * workspace, ?3 text when not NULL); NICHE_ENOTFOUND when it touched
 * nothing, NICHE_EEXIST when text is a name already taken. */
static int list_write(struct niche_store *st, const char *sql, int64_t id, const char *text,
                      const char *what, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int rc = prepare(s, sql, &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, st->ws_id);
    if (text)
        bind_text(q, 3, text);
    rc = sqlite3_step(q);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        rc = niche_error_set(err, NICHE_EEXIST, "list '%s' already exists", text ? text : "");
    else if (rc != SQLITE_DONE)
        rc = sq_error(s, rc, err, what);
    else if (sqlite3_changes(s->db) == 0)
        rc = niche_error_set(err, NICHE_ENOTFOUND, "no list %lld in workspace '%s'",
                             (long long)id, st->ws_name);
    else
        rc = 0;
    sqlite3_finalize(q);
    return rc;
}

static int sq_shortlist_delete(struct niche_store *st, int64_t id, struct niche_error *err)
{
    /* Memberships go with the list (ON DELETE CASCADE). */
    return list_write(st, "DELETE FROM shortlist WHERE id=?1 AND workspace_id=?2", id, NULL,
                      "deleting a list", err);
}

static int sq_shortlist_rename(struct niche_store *st, int64_t id, const char *name,
                               struct niche_error *err)
{
    return list_write(st, "UPDATE shortlist SET name=?3 WHERE id=?1 AND workspace_id=?2",
                      id, name, "renaming a list", err);
}

#define SHORTLIST_COLUMNS                                                    \
    "SELECT id, name, created_ms, (SELECT count(*) FROM shortlist_member"    \
    " WHERE shortlist_id=shortlist.id) FROM shortlist WHERE workspace_id=?1"

static void read_shortlist(sqlite3_stmt *q, struct niche_shortlist *l)
{
    l->id = sqlite3_column_int64(q, 0);
    copy_col(q, 1, l->name, sizeof(l->name));
    l->created_ms = sqlite3_column_int64(q, 2);
    l->members = sqlite3_column_int64(q, 3);
}

static int sq_shortlist_find(struct niche_store *st, const char *name,
                             struct niche_shortlist *out, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int rc = prepare(s, SHORTLIST_COLUMNS " AND name=?2", &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, st->ws_id);
    sqlite3_bind_text(q, 2, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        read_shortlist(q, out);
        rc = 0;
    } else if (rc == SQLITE_DONE) {
        rc = niche_error_set(err, NICHE_ENOTFOUND, "no list '%s' in workspace '%s'", name,
                             st->ws_name);
    } else {
        rc = sq_error(s, rc, err, "finding a list");
    }
    sqlite3_finalize(q);
    return rc;
}

/* Run q (bound, a one-row write) and report the rows it changed. */
static int write_count(struct sq *s, sqlite3_stmt *q, int *changed, struct niche_error *err,
                       const char *what)
{
    int rc = step_done(s, q, err, what);

    if (rc == 0 && changed)
        *changed = sqlite3_changes(s->db) > 0;
    sqlite3_finalize(q);
    return rc;
}

/* Insert the membership unless it exists; *added says which. */
static int member_insert(struct niche_store *st, int64_t id, int64_t account_id,
                         const char *note, int *added, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    /* The account must be of the workspace too: no row is inserted otherwise,
     * and the caller tells that apart from "already on the list". */
    int rc = prepare(s, "INSERT INTO shortlist_member(shortlist_id, account_id, added_ms,"
                        " note) SELECT ?1, ?2, ?3, ?4 FROM account WHERE id=?2 AND"
                        " workspace_id=?5 ON CONFLICT(shortlist_id, account_id) DO NOTHING",
                     &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, account_id);
    sqlite3_bind_int64(q, 3, niche__now_ms());
    bind_text(q, 4, note);
    sqlite3_bind_int64(q, 5, st->ws_id);
    return write_count(s, q, added, err, "adding to a list");
}

/* The account is on the list already (1), or not of the workspace (0);
 * with a note, replace the member's note. */
static int member_update(struct niche_store *st, int64_t id, int64_t account_id,
                         const char *note, int *present, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int rc = prepare(s, "UPDATE shortlist_member SET note=coalesce(?3, note)"
                        " WHERE shortlist_id=?1 AND account_id=?2", &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, account_id);
    bind_text(q, 3, note);
    return write_count(s, q, present, err, "updating a list");
}

static int sq_shortlist_add(struct niche_store *st, int64_t id, int64_t account_id,
                            const char *note, int *added, struct niche_error *err)
{
    int ok = 0, rc = list_of_workspace(st, id, err);

    if (rc < 0 || (rc = member_insert(st, id, account_id, note, &ok, err)) < 0)
        return rc;
    if (added)
        *added = ok;
    if (ok)
        return 0;
    if ((rc = member_update(st, id, account_id, note, &ok, err)) < 0)
        return rc;
    return ok ? 0 : niche_error_set(err, NICHE_ENOTFOUND, "no account %lld in workspace '%s'",
                                    (long long)account_id, st->ws_name);
}

static int sq_shortlist_remove(struct niche_store *st, int64_t id, int64_t account_id,
                               int *removed, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int rc = list_of_workspace(st, id, err);

    if (rc < 0 || (rc = prepare(s, "DELETE FROM shortlist_member WHERE shortlist_id=?1"
                                   " AND account_id=?2", &q, err)) < 0)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, account_id);
    return write_count(s, q, removed, err, "removing from a list");
}

/* A shortlist scan's callback (each_row passes one data pointer). */
struct list_scan {
    niche_shortlist_cb list;
    niche_shortlist_member_cb member;
    void *ctx;
    int64_t id;
};

static int member_row(sqlite3_stmt *q, void *arg)
{
    struct list_scan *c = arg;
    struct niche_shortlist_member m;
    int rc;

    m.shortlist_id = c->id;
    read_account(q, &m.account);
    m.added_ms = sqlite3_column_int64(q, 23);
    m.note = (const char *)sqlite3_column_text(q, 24);
    rc = c->member(c->ctx, &m);
    niche_account_release(&m.account);
    return rc;
}

static int sq_shortlist_members(struct niche_store *st, int64_t id,
                                niche_shortlist_member_cb cb, void *ctx,
                                struct niche_error *err)
{
    struct list_scan c = { .member = cb, .ctx = ctx, .id = id };
    sqlite3_stmt *q = NULL;
    int rc = prepare(SQ(st), "SELECT " ACCOUNT_COLUMNS ", m.added_ms, m.note"
                             " FROM shortlist_member m JOIN account ON account.id=m.account_id"
                             " WHERE m.shortlist_id=?1 AND account.workspace_id=?2"
                             " ORDER BY m.seq", &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, st->ws_id);
    return each_row(SQ(st), q, member_row, &c, "reading a list", err);
}

static int list_row(sqlite3_stmt *q, void *arg)
{
    struct list_scan *c = arg;
    struct niche_shortlist l;

    read_shortlist(q, &l);
    return c->list(c->ctx, &l);
}

static int sq_shortlist_scan(struct niche_store *st, niche_shortlist_cb cb, void *ctx,
                             struct niche_error *err)
{
    struct list_scan c = { .list = cb, .ctx = ctx };
    sqlite3_stmt *q = NULL;
    int rc = prepare(SQ(st), SHORTLIST_COLUMNS " ORDER BY name", &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, st->ws_id);
    return each_row(SQ(st), q, list_row, &c, "reading lists", err);
}

/* ---- audience sketches --------------------------------------------------- */

static void bind_blob(sqlite3_stmt *q, int i, const unsigned char *b, size_t n)
{
    if (!b)
        sqlite3_bind_null(q, i);
    else
        sqlite3_bind_blob64(q, i, b, n, SQLITE_STATIC);
}

static int sq_audience_put(struct niche_store *st, const struct niche_audience *a,
                           struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q;
    int rc = cached(s, S_AUDIENCE_PUT, &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, a->account_id);
    bind_i64(q, 2, a->sample_size);
    bind_blob(q, 3, a->hll, a->hll_len);
    bind_blob(q, 4, a->minhash, a->minhash_len);
    sqlite3_bind_int64(q, 5, a->updated_ms == NICHE_MISSING ? niche__now_ms() : a->updated_ms);
    sqlite3_bind_int64(q, 6, st->ws_id);
    if ((rc = write_one(s, q, err, "storing audience sketches")) == 0 &&
        sqlite3_changes(s->db) == 0)
        rc = niche_error_set(err, NICHE_ENOTFOUND, "no account with id %lld",
                             (long long)a->account_id);
    return rc;
}

/* A copy of blob column i (NULL when it is NULL or empty). */
static unsigned char *col_blob(sqlite3_stmt *q, int i, size_t *len)
{
    const void *b = sqlite3_column_blob(q, i);
    int n = sqlite3_column_bytes(q, i);
    unsigned char *out;

    *len = 0;
    if (!b || n <= 0)
        return NULL;
    out = niche_xmalloc((size_t)n);
    memcpy(out, b, (size_t)n);
    *len = (size_t)n;
    return out;
}

static int sq_audience_get(struct niche_store *st, int64_t account_id,
                           struct niche_audience *out, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int rc = prepare(s, "SELECT x.sample_size, x.hll, x.minhash, x.updated_ms FROM audience x"
                        " JOIN account a ON a.id = x.account_id"
                        " WHERE x.account_id=?2 AND a.workspace_id=?1", &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, st->ws_id);
    sqlite3_bind_int64(q, 2, account_id);
    if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        out->account_id = account_id;
        out->sample_size = col_i64(q, 0);
        out->hll = col_blob(q, 1, &out->hll_len);
        out->minhash = col_blob(q, 2, &out->minhash_len);
        out->updated_ms = col_i64(q, 3);
        rc = 0;
    } else {
        rc = rc == SQLITE_DONE ? niche_error_set(err, NICHE_ENOTFOUND,
                                                 "account %lld has no audience sketch",
                                                 (long long)account_id)
                               : sq_error(s, rc, err, "reading audience sketches");
    }
    sqlite3_finalize(q);
    return rc;
}

static int audience_row(sqlite3_stmt *q, void *arg)
{
    struct scan_ctx *c = arg;
    struct niche_audience a;

    a.account_id = sqlite3_column_int64(q, 0);
    if (c->filter && !id_set_has(&c->ids, a.account_id))
        return 0;
    a.sample_size = col_i64(q, 1);
    a.hll = (unsigned char *)sqlite3_column_blob(q, 2);   /* borrowed */
    a.hll_len = a.hll ? (size_t)sqlite3_column_bytes(q, 2) : 0;
    a.minhash = (unsigned char *)sqlite3_column_blob(q, 3);
    a.minhash_len = a.minhash ? (size_t)sqlite3_column_bytes(q, 3) : 0;
    a.updated_ms = col_i64(q, 4);
    return c->cb.audience(c->ctx, &a);
}

static int sq_audience_scan(struct niche_store *st, enum niche_platform platform,
                            unsigned fields, niche_audience_cb cb, void *ctx,
                            struct niche_error *err)
{
    struct scan_ctx c = { .cb.audience = cb, .ctx = ctx };
    sqlite3_stmt *q = NULL;
    char sql[512];
    int rc;

    /* Blobs not asked for are not read: a dense HyperLogLog spills to
     * overflow pages that a MinHash-only scan would read for nothing.
     * Every platform: the table in key order, kept by workspace as the
     * other whole scans are (joined from account, it took a lookup per
     * account of the workspace, most of them with no sketches). */
    snprintf(sql, sizeof(sql), "SELECT x.account_id, x.sample_size, %s, %s, x.updated_ms"
             " FROM %s WHERE %s ORDER BY x.account_id",
             fields & NICHE_AUDIENCE_HLL ? "x.hll" : "NULL",
             fields & NICHE_AUDIENCE_MINHASH ? "x.minhash" : "NULL",
             platform ? "account a JOIN audience x ON x.account_id = a.id" : "audience x",
             platform ? "a.workspace_id=?1 AND a.platform=?2" : "1");
    if (!platform)
        return filtered_scan(st, &c, sql, NULL, WS_ACCOUNTS, 0, audience_row, err);
    if ((rc = prepare(SQ(st), sql, &q, err)) < 0)
        return rc;
    sqlite3_bind_int64(q, 1, st->ws_id);
    sqlite3_bind_text(q, 2, niche_platform_name(platform), -1, SQLITE_STATIC);
    return each_row(SQ(st), q, audience_row, &c, "reading audience sketches", err);
}

static int sq_account_get_by_id(struct niche_store *st, int64_t id, struct niche_account *out,
                                struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    int rc = prepare(s, "SELECT " ACCOUNT_COLUMNS " FROM account WHERE workspace_id=?1"
                        " AND id=?2", &q, err);

    if (rc < 0)
        return rc;
    sqlite3_bind_int64(q, 1, st->ws_id);
    sqlite3_bind_int64(q, 2, id);
    if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        read_account(q, out);
        rc = 0;
    } else {
        rc = rc == SQLITE_DONE ? niche_error_set(err, NICHE_ENOTFOUND, "no account with id %lld",
                                                 (long long)id)
                               : sq_error(s, rc, err, "reading an account");
    }
    sqlite3_finalize(q);
    return rc;
}

const struct niche_store_backend niche__store_sqlite = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .schema_version = sq_schema_version,
    .workspace_get = sq_workspace_get,
    .workspace_clear = sq_workspace_clear,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .account_upsert = sq_account_upsert,
    .account_ensure = sq_account_ensure,
    .account_get = sq_account_get,
    .account_query = sq_account_query,
    .post_upsert = sq_post_upsert,
    .comment_add = sq_comment_add,
    .creator_add = sq_creator_add,
    .audience_share_put = sq_audience_share_put,
    .truth_account_put = sq_truth_account_put,
    .truth_post_put = sq_truth_post_put,
    .follower_add = sq_follower_add,
    .snapshot_upsert = sq_snapshot_upsert,
    .counts = sq_counts,
    .account_counts = sq_account_counts,
    .post_scan = sq_post_scan,
    .post_id_range = sq_post_id_range,
    .post_scan_ids = sq_post_scan_ids,
    .post_scan_after = sq_post_scan_after,
    .follower_scan = sq_follower_scan,
    .facts_scan = sq_facts_scan,
    .facts_claim = sq_facts_claim,
    .facts_put = sq_facts_put,
    .check_refs = sq_check_refs,
    .tags_put = sq_tags_put,
    .account_scan = sq_account_scan,
    .kept_delete = sq_kept_delete,
    .snapshot_scan = sq_snapshot_scan,
    .comment_scan = sq_comment_scan,
    .analysis_begin = sq_analysis_begin,
    .analysis_finish = sq_analysis_finish,
    .analysis_get = sq_analysis_get,
    .metrics_put = sq_metrics_put,
    .metrics_get = sq_metrics_get,
    .follower_class_put = sq_follower_class_put,
    .sponsorship_put = sq_sponsorship_put,
    .account_tag_put = sq_account_tag_put,
    .metric_scan = sq_metric_scan,
    .label_scan = sq_label_scan,
    .index_stamp = sq_index_stamp,
    .sponsorship_list = sq_sponsorship_list,
    .flagged_followers = sq_flagged_followers,
    .pod_members = sq_pod_members,
    .shortlist_create = sq_shortlist_create,
    .shortlist_delete = sq_shortlist_delete,
    .shortlist_rename = sq_shortlist_rename,
    .shortlist_find = sq_shortlist_find,
    .shortlist_add = sq_shortlist_add,
    .shortlist_remove = sq_shortlist_remove,
    .shortlist_members = sq_shortlist_members,
    .shortlist_scan = sq_shortlist_scan,
    .audience_put = sq_audience_put,
    .audience_get = sq_audience_get,
    .audience_scan = sq_audience_scan,
    .account_get_by_id = sq_account_get_by_id,
};
