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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "store_int.h"
#include "internal.h"
#include "banned.h"

enum stmt_id {
    S_ACCOUNT_NEW, S_ACCOUNT_UPSERT, S_ACCOUNT_UPSERT_ID, S_ACCOUNT_FIND,
    S_ACCOUNT_INSERT, S_POST_NEW, S_POST_UPSERT, S_POST_UPSERT_ID, S_FOLLOWER_ADD,
    S_SNAPSHOT_UPSERT, S_COMMENT_ADD, S_CREATOR_ADD, S_SHARE_PUT, S_TRUTH_ACCOUNT,
    S_TRUTH_POST, S__COUNT
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

static const char *const stmt_sql[S__COUNT] = {
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
};

struct sq {
    sqlite3 *db;
    sqlite3_stmt *stmt[S__COUNT];
    /* Per table (0 accounts, 1 posts): 1 while rows keep hitting existing
     * keys, so a re-import goes straight to the upsert (see try_insert). */
    int upsert_first[2];
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
    sqlite3_close(s->db);
    free(s);
    st->impl = NULL;
}

static int sq_begin(struct niche_store *st, struct niche_error *err)
{
    return exec(SQ(st), "BEGIN IMMEDIATE", err);
}

static int sq_commit(struct niche_store *st, struct niche_error *err)
{
    return exec(SQ(st), "COMMIT", err);
}

static void sq_rollback(struct niche_store *st)
{
    struct sq *s = SQ(st);
    int i;

    /* Reset statements first: a pending statement would block ROLLBACK. */
    for (i = 0; i < S__COUNT; i++)
        if (s->stmt[i])
            sqlite3_reset(s->stmt[i]);
    exec(s, "ROLLBACK", NULL);
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
        "campaign", "ambassador_program", "brand", "post", "account",
        "creator", "user", NULL
    };
    struct sq *s = SQ(st);
    sqlite3_stmt *q = NULL;
    char sql[128];
    int i, rc = 0;

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
 * Run the upsert q (bound by the caller); when it inserted rather than
 * updated (the last rowid moved), new keys are back and the next row tries
 * the plain INSERT first again. *id gets the row id when id is not NULL.
 */
static int run_upsert(struct sq *s, sqlite3_stmt *q, int table, int64_t *id,
                      struct niche_error *err, const char *what)
{
    sqlite3_int64 before = sqlite3_last_insert_rowid(s->db);
    int rc = sqlite3_step(q);

    if (rc == SQLITE_ROW && id)
        *id = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sq_error(s, rc, err, what);
    s->upsert_first[table] = sqlite3_last_insert_rowid(s->db) == before;
    return 0;
}

static int sq_account_upsert(struct niche_store *st, const struct niche_account *a,
                             int64_t *id, struct niche_error *err)
{
    struct sq *s = SQ(st);
    sqlite3_stmt *q;
    int rc;

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
    return run_upsert(s, q, 0, id, err, "storing an account");
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
    case NICHE_SORT_FOLLOWERS: break;
    }
    return "followers";
}

static void query_sql(const struct niche_account_query *q, char *sql, size_t n)
{
    const char *dir = q->descending ? "DESC" : "ASC";

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
            return rc;
        }
    }
    if ((rc = cached(s, id ? S_POST_UPSERT_ID : S_POST_UPSERT, &q, err)) < 0)
        return rc;
    bind_post(st, q, p);
    return run_upsert(s, q, 1, id, err, "storing a post");
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
};
