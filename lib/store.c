/*
 * store.c - backend-neutral entry points of the store (store.h).
 *
 * Everything a backend would otherwise repeat lives here: the DSN picks
 * the backend, arguments are checked once, transactions nest by count, and
 * a write made outside a transaction gets one of its own so that no write
 * path can leave half a change behind.
 */
#include <stdlib.h>
#include <string.h>
#include "store_int.h"
#include "niche/shortlist.h"
#include "internal.h"
#include "banned.h"

static int has_prefix(const char *s, const char *p)
{
    return !strncmp(s, p, strlen(p));
}

int niche_store_open(struct niche_store **out, const char *dsn, unsigned flags,
                     struct niche_error *err)
{
    struct niche_store *st;
    int rc;

    *out = NULL;
    if (!dsn || !*dsn)
        return niche_error_set(err, NICHE_EINVAL, "no database given");
    if (has_prefix(dsn, "postgres://") || has_prefix(dsn, "postgresql://") ||
        has_prefix(dsn, "pg:"))
        return niche_error_set(err, NICHE_EUNSUPPORTED,
                               "'%s': this build has no PostgreSQL backend yet", dsn);
    if (has_prefix(dsn, "sqlite:"))
        dsn += strlen("sqlite:");
    st = niche_xcalloc(1, sizeof(*st));
    st->be = &niche__store_sqlite;
    st->flags = flags;
    st->dsn = niche_xstrdup(dsn);
    rc = st->be->open(st, dsn, flags, err);
    if (rc < 0)
        goto fail;
    rc = niche_store_use_workspace(st, "default", !(flags & NICHE_STORE_READONLY), err);
    if (rc == NICHE_ENOTFOUND)   /* read-only and never written: still valid */
        rc = 0, st->ws_id = 0, st->ws_name = niche_xstrdup("default");
    if (rc < 0)
        goto fail;
    *out = st;
    return 0;
fail:
    niche_store_close(st);
    return rc;
}

void niche_store_close(struct niche_store *st)
{
    if (!st)
        return;
    if (st->depth > 0 && st->be)
        st->be->rollback(st);
    if (st->be && st->impl)
        st->be->close(st);
    free(st->ws_name);
    free(st->dsn);
    free(st);
}

int niche__store_reopen(struct niche_store *st, struct niche_store **out,
                        struct niche_error *err)
{
    int rc = niche_store_open(out, st->dsn, NICHE_STORE_READONLY, err);

    if (rc == 0 && st->ws_name && (rc = niche_store_use_workspace(*out, st->ws_name, 0, err)) < 0) {
        niche_store_close(*out);
        *out = NULL;
    }
    return rc;
}

const char *niche_store_backend(const struct niche_store *st)
{
    return st->be->name;
}

int niche_store_schema_version(struct niche_store *st, int *current, int *latest,
                               struct niche_error *err)
{
    return st->be->schema_version(st, current, latest, err);
}

int niche_store_use_workspace(struct niche_store *st, const char *name, int create,
                              struct niche_error *err)
{
    int64_t id = 0;
    int rc;

    if (!name || !*name || strlen(name) > 64)
        return niche_error_set(err, NICHE_EINVAL,
                               "workspace name must be 1 to 64 bytes");
    if (st->depth > 0)
        return niche_error_set(err, NICHE_EINVAL,
                               "cannot switch workspace inside a transaction");
    rc = st->be->workspace_get(st, name, create, &id, err);
    if (rc < 0)
        return rc;
    free(st->ws_name);
    st->ws_name = niche_xstrdup(name);
    st->ws_id = id;
    return 0;
}

int64_t niche_store_workspace_id(const struct niche_store *st)
{
    return st->ws_id;
}

const char *niche_store_workspace_name(const struct niche_store *st)
{
    return st->ws_name;
}

/* ---- transactions ----------------------------------------------------- */

int niche_store_begin(struct niche_store *st, struct niche_error *err)
{
    int rc;

    if (st->flags & NICHE_STORE_READONLY)
        return niche_error_set(err, NICHE_EINVAL, "the store is open read-only");
    if (st->depth == 0) {
        rc = st->be->begin(st, err);
        if (rc < 0)
            return rc;
        st->doomed = 0;
    }
    st->depth++;
    return 0;
}

int niche_store_commit(struct niche_store *st, struct niche_error *err)
{
    if (st->depth == 0)
        return niche_error_set(err, NICHE_EINVAL, "commit without a transaction");
    if (--st->depth > 0)
        return 0;
    if (st->doomed) {
        st->doomed = 0;
        return niche_error_set(err, NICHE_ESTORE,
                               "transaction was rolled back by an inner failure");
    }
    return st->be->commit(st, err);
}

void niche_store_rollback(struct niche_store *st)
{
    if (!st || st->depth == 0)
        return;
    if (!st->doomed)
        st->be->rollback(st);
    if (--st->depth > 0)
        st->doomed = 1;
    else
        st->doomed = 0;
}

/* Run one write in its own transaction when the caller has none open. */
#define WRITE(st, err, call)                                               \
    do {                                                                   \
        int rc_ = niche_store_begin((st), (err));                          \
        if (rc_ < 0)                                                       \
            return rc_;                                                    \
        if (st->doomed)                                                    \
            rc_ = niche_error_set((err), NICHE_ESTORE,                     \
                                  "transaction was already rolled back");  \
        else                                                               \
            rc_ = (call);                                                  \
        if (rc_ < 0) {                                                     \
            niche_store_rollback(st);                                      \
            return rc_;                                                    \
        }                                                                  \
        return niche_store_commit((st), (err));                            \
    } while (0)

static int need_workspace(struct niche_store *st, struct niche_error *err)
{
    if (!st->ws_id)
        return niche_error_set(err, NICHE_ENOTFOUND, "workspace '%s' does not exist",
                               st->ws_name ? st->ws_name : "?");
    return 0;
}

int niche_store_workspace_clear(struct niche_store *st, struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (rc < 0)
        return rc;
    WRITE(st, err, st->be->workspace_clear(st, err));
}

/* ---- argument checks shared by every backend ------------------------- */

static int check_handle(enum niche_platform platform, const char *handle,
                        struct niche_error *err)
{
    if (platform <= NICHE_PLATFORM_UNKNOWN || platform >= NICHE_PLATFORM__COUNT)
        return niche_error_set(err, NICHE_EINVAL, "account has no platform");
    if (!handle || !*handle)
        return niche_error_set(err, NICHE_EINVAL, "account has no handle");
    return 0;
}

static int check_count(const char *what, int64_t v, struct niche_error *err)
{
    if (v != NICHE_MISSING && v < 0)
        return niche_error_set(err, NICHE_EINVAL, "%s is negative (%lld)", what,
                               (long long)v);
    return 0;
}

static int check_account(const struct niche_account *a, struct niche_error *err)
{
    int rc = check_handle(a->platform, a->handle, err);

    if (!rc)
        rc = check_count("followers", a->followers, err);
    if (!rc)
        rc = check_count("following", a->following, err);
    if (!rc)
        rc = check_count("posts", a->posts, err);
    return rc;
}

static int check_post(const struct niche_post *p, struct niche_error *err)
{
    const int64_t *v[] = { &p->likes, &p->comments, &p->shares, &p->saves,
                           &p->views, &p->reach, &p->impressions };
    const char *names[] = { "likes", "comments", "shares", "saves", "views",
                            "reach", "impressions" };
    size_t i;
    int rc;

    if (!p->post_id || !*p->post_id)
        return niche_error_set(err, NICHE_EINVAL, "post has no id");
    if (!p->account_id)
        return niche_error_set(err, NICHE_EINVAL, "post has no account");
    for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        if ((rc = check_count(names[i], *v[i], err)) < 0)
            return rc;
    return 0;
}

/* ---- entry points ----------------------------------------------------- */

int niche_store_account_upsert(struct niche_store *st, const struct niche_account *a,
                               int64_t *id, struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (rc < 0 || (rc = check_account(a, err)) < 0)
        return rc;
    WRITE(st, err, st->be->account_upsert(st, a, id, err));
}

int niche_store_account_ensure(struct niche_store *st, enum niche_platform platform,
                               const char *handle, int64_t *id, int *created,
                               struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (rc < 0 || (rc = check_handle(platform, handle, err)) < 0)
        return rc;
    WRITE(st, err, st->be->account_ensure(st, platform, handle, id, created, err));
}

int niche_store_account_get(struct niche_store *st, enum niche_platform platform,
                            const char *handle, struct niche_account *out,
                            struct niche_error *err)
{
    int rc = check_handle(platform, handle, err);

    niche_account_init(out);
    if (rc < 0)
        return rc;
    if (!st->ws_id)
        return niche_error_set(err, NICHE_ENOTFOUND, "no account %s:%s",
                               niche_platform_name(platform), handle);
    return st->be->account_get(st, platform, handle, out, err);
}

int niche_store_account_query(struct niche_store *st,
                              const struct niche_account_query *q,
                              niche_account_cb cb, void *ctx,
                              struct niche_error *err)
{
    if (!st->ws_id)
        return 0;
    return st->be->account_query(st, q, cb, ctx, err);
}

int niche_store_post_upsert(struct niche_store *st, const struct niche_post *p,
                            int64_t *id, struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (rc < 0 || (rc = check_post(p, err)) < 0)
        return rc;
    WRITE(st, err, st->be->post_upsert(st, p, id, err));
}

int niche_store_comment_add(struct niche_store *st, const struct niche_comment *c,
                            struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (rc < 0)
        return rc;
    if (!c->post_id || !c->author_id)
        return niche_error_set(err, NICHE_EINVAL, "comment needs a post and an author");
    WRITE(st, err, st->be->comment_add(st, c, err));
}

int niche_store_creator_add(struct niche_store *st, const struct niche_creator *c,
                            int64_t *id, struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (rc < 0)
        return rc;
    WRITE(st, err, st->be->creator_add(st, c, id, err));
}

int niche_store_audience_share_put(struct niche_store *st,
                                   const struct niche_audience_share *s,
                                   struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (rc < 0)
        return rc;
    if (!s->account_id || !s->dimension || !s->key || !(s->share >= 0 && s->share <= 1))
        return niche_error_set(err, NICHE_EINVAL,
                               "audience share needs an account, a dimension, a key"
                               " and a share in [0, 1]");
    WRITE(st, err, st->be->audience_share_put(st, s, err));
}

int niche_store_truth_account_put(struct niche_store *st,
                                  const struct niche_truth_account *t,
                                  struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (rc < 0)
        return rc;
    if (!t->account_id || (unsigned)t->role >= NICHE_ROLE__COUNT)
        return niche_error_set(err, NICHE_EINVAL, "truth needs an account and a role");
    WRITE(st, err, st->be->truth_account_put(st, t, err));
}

int niche_store_truth_post_put(struct niche_store *st, const struct niche_truth_post *t,
                               struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (rc < 0)
        return rc;
    if (!t->post_id || (unsigned)t->disclosure > NICHE_DISCLOSURE_UNDISCLOSED)
        return niche_error_set(err, NICHE_EINVAL, "truth needs a post and a disclosure");
    WRITE(st, err, st->be->truth_post_put(st, t, err));
}

int niche_store_follower_add(struct niche_store *st,
                             const struct niche_follower_edge *e,
                             struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (rc < 0)
        return rc;
    if (!e->account_id || !e->follower_id)
        return niche_error_set(err, NICHE_EINVAL, "follower edge needs two accounts");
    if (e->account_id == e->follower_id)
        return niche_error_set(err, NICHE_EINVAL, "an account cannot follow itself");
    WRITE(st, err, st->be->follower_add(st, e, err));
}

int niche_store_snapshot_upsert(struct niche_store *st, const struct niche_snapshot *s,
                                struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (rc < 0)
        return rc;
    if (!s->account_id || s->taken_ms == NICHE_MISSING)
        return niche_error_set(err, NICHE_EINVAL, "snapshot needs an account and a date");
    if ((rc = check_count("followers", s->followers, err)) < 0 ||
        (rc = check_count("following", s->following, err)) < 0 ||
        (rc = check_count("posts", s->posts, err)) < 0)
        return rc;
    WRITE(st, err, st->be->snapshot_upsert(st, s, err));
}

int niche_store_counts(struct niche_store *st, const struct niche_tier_scheme *scheme,
                       struct niche_store_counts *out, struct niche_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!st->ws_id)
        return 0;
    return st->be->counts(st, scheme ? scheme : niche_tier_scheme_find(NULL), out, err);
}

int niche_store_account_counts(struct niche_store *st, int64_t account_id,
                               struct niche_account_counts *out,
                               struct niche_error *err)
{
    memset(out, 0, sizeof(*out));
    out->first_post_ms = out->last_post_ms = NICHE_MISSING;
    return st->be->account_counts(st, account_id, out, err);
}

/* ---- analysis ---------------------------------------------------------- */

/* Reads of a workspace that was never written find nothing. */
#define SCAN(st, call) return (st)->ws_id ? (call) : 0

int niche_store_post_scan(struct niche_store *st, int64_t account_id, niche_post_cb cb,
                          void *ctx, struct niche_error *err)
{
    SCAN(st, st->be->post_scan(st, account_id, cb, ctx, err));
}

int niche__store_post_id_range(struct niche_store *st, int64_t *lo, int64_t *hi,
                               struct niche_error *err)
{
    *lo = *hi = 0;
    SCAN(st, st->be->post_id_range(st, lo, hi, err));
}

int niche__store_post_scan_ids(struct niche_store *st, int64_t lo, int64_t hi,
                               niche_post_cb cb, void *ctx, struct niche_error *err)
{
    SCAN(st, st->be->post_scan_ids(st, lo, hi, cb, ctx, err));
}

int niche__store_post_scan_after(struct niche_store *st, int64_t account_id, int64_t after,
                                 niche_post_cb cb, void *ctx, struct niche_error *err)
{
    if (account_id <= 0)
        return niche_error_set(err, NICHE_EINVAL, "posts need an account");
    SCAN(st, st->be->post_scan_after(st, account_id, after, cb, ctx, err));
}

int niche_store_follower_scan(struct niche_store *st, int64_t account_id,
                              niche_edge_cb cb, void *ctx, struct niche_error *err)
{
    SCAN(st, st->be->follower_scan(st, account_id, cb, ctx, err));
}

int niche_store_snapshot_scan(struct niche_store *st, int64_t account_id,
                              niche_snapshot_cb cb, void *ctx, struct niche_error *err)
{
    SCAN(st, st->be->snapshot_scan(st, account_id, cb, ctx, err));
}

int niche_store_comment_scan(struct niche_store *st, niche_comment_cb cb, void *ctx,
                             struct niche_error *err)
{
    SCAN(st, st->be->comment_scan(st, cb, ctx, err));
}

int niche_store_analysis_begin(struct niche_store *st, struct niche_analysis_run *run,
                               struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (rc < 0)
        return rc;
    WRITE(st, err, st->be->analysis_begin(st, run, err));
}

int niche_store_analysis_finish(struct niche_store *st, const struct niche_analysis_run *run,
                                struct niche_error *err)
{
    WRITE(st, err, st->be->analysis_finish(st, run, err));
}

int niche_store_analysis_get(struct niche_store *st, struct niche_analysis_run *out,
                             struct niche_error *err)
{
    if (!st->ws_id)
        return niche_error_set(err, NICHE_ENOTFOUND, "the workspace was never analysed");
    return st->be->analysis_get(st, out, err);
}

int niche__store_metrics_put(struct niche_store *st, const struct niche_metrics *m,
                             unsigned parts, struct niche_error *err)
{
    if (m->account_id <= 0 || m->run_id <= 0)
        return niche_error_set(err, NICHE_EINVAL, "metrics need an account and a run");
    WRITE(st, err, st->be->metrics_put(st, m, parts, err));
}

int niche_store_metrics_put(struct niche_store *st, const struct niche_metrics *m,
                            struct niche_error *err)
{
    return niche__store_metrics_put(st, m, NICHE__METRICS_ROW | NICHE__METRICS_LISTS, err);
}

int niche_store_metrics_get(struct niche_store *st, int64_t account_id,
                            struct niche_metrics *out, struct niche_error *err)
{
    return st->be->metrics_get(st, account_id, out, err);
}

int niche_store_follower_class_put(struct niche_store *st, int64_t follower_id,
                                   enum niche_follower_type type, int bot, unsigned signals,
                                   struct niche_error *err)
{
    if ((unsigned)type >= NICHE_FOLLOWER__COUNT)
        return niche_error_set(err, NICHE_EINVAL, "bad follower type %d", (int)type);
    WRITE(st, err, st->be->follower_class_put(st, follower_id, type, bot, signals, err));
}

int niche_store_sponsorship_put(struct niche_store *st,
                                const struct niche_post_sponsorship *ps,
                                struct niche_error *err)
{
    WRITE(st, err, st->be->sponsorship_put(st, ps, err));
}

int niche_store_account_tag_put(struct niche_store *st, int64_t account_id, const char *tag,
                                int64_t posts, struct niche_error *err)
{
    if (!tag || !*tag || posts < 1)
        return niche_error_set(err, NICHE_EINVAL, "empty hashtag or no posts");
    WRITE(st, err, st->be->account_tag_put(st, account_id, tag, posts, err));
}

int niche__store_tags_put(struct niche_store *st, int64_t account_id, const char *const *tag,
                          const int64_t *posts, int n, struct niche_error *err)
{
    int i;

    if (n < 1 || n > NICHE__TAGS_PUT_MAX)
        return niche_error_set(err, NICHE_EINVAL, "%d hashtags at once", n);
    for (i = 0; i < n; i++)
        if (!tag[i] || !*tag[i] || posts[i] < 1)
            return niche_error_set(err, NICHE_EINVAL, "empty hashtag or no posts");
    WRITE(st, err, st->be->tags_put(st, account_id, tag, posts, n, err));
}

int niche__store_account_scan(struct niche_store *st, niche_account_cb cb, void *ctx,
                              struct niche_error *err)
{
    SCAN(st, st->be->account_scan(st, cb, ctx, err));
}

int niche__store_kept_delete(struct niche_store *st, enum niche__kept kind, int64_t account_id,
                             struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (rc < 0)
        return rc;
    WRITE(st, err, st->be->kept_delete(st, kind, account_id, err));
}

int niche_store_metric_scan(struct niche_store *st, niche_metric_row_cb cb, void *ctx,
                            struct niche_error *err)
{
    if (!cb)
        return niche_error_set(err, NICHE_EINVAL, "no callback");
    return st->be->metric_scan(st, cb, ctx, err);
}

int niche_store_label_scan(struct niche_store *st, enum niche_label_kind kind,
                           niche_label_cb cb, void *ctx, struct niche_error *err)
{
    if (!cb || (unsigned)kind > NICHE_LABEL_AUDIENCE)
        return niche_error_set(err, NICHE_EINVAL, "bad label kind %d", (int)kind);
    return st->be->label_scan(st, kind, cb, ctx, err);
}

int niche_store_index_stamp(struct niche_store *st, uint64_t *stamp,
                            struct niche_error *err)
{
    return st->be->index_stamp(st, stamp, err);
}

int niche_store_sponsorship_list(struct niche_store *st, int64_t account_id,
                                 niche_sponsorship_cb cb, void *ctx, struct niche_error *err)
{
    SCAN(st, st->be->sponsorship_list(st, account_id, cb, ctx, err));
}

int niche_store_flagged_followers(struct niche_store *st, int64_t account_id, int64_t limit,
                                  niche_flagged_cb cb, void *ctx, struct niche_error *err)
{
    SCAN(st, st->be->flagged_followers(st, account_id, limit, cb, ctx, err));
}

int niche_store_pod_members(struct niche_store *st, int64_t pod, int64_t account_id,
                            niche_account_cb cb, void *ctx, struct niche_error *err)
{
    if (pod <= 0)
        return 0;
    return st->be->pod_members(st, pod, account_id, cb, ctx, err);
}

/* ---- shortlists --------------------------------------------------------- */

/* Notes are free text a person types; the cap keeps a pasted file out. */
#define SHORTLIST_NOTE_MAX 1000

static int check_note(const char *note, struct niche_error *err)
{
    size_t len = note ? strlen(note) : 0, bad;

    if (len > SHORTLIST_NOTE_MAX)
        return niche_error_set(err, NICHE_EINVAL, "note is %zu bytes long (at most %d)",
                               len, SHORTLIST_NOTE_MAX);
    if (note && !niche__utf8_valid(note, len, &bad))
        return niche_error_set(err, NICHE_EINVAL, "note is not valid UTF-8 (byte %zu)",
                               bad + 1);
    return 0;
}

static int check_ids(int64_t list_id, int64_t account_id, struct niche_error *err)
{
    if (list_id <= 0 || account_id <= 0)
        return niche_error_set(err, NICHE_EINVAL, "a membership needs a list and an account");
    return 0;
}

int niche_store_shortlist_create(struct niche_store *st, const char *name, int64_t *id,
                                 struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (rc < 0 || (rc = niche_shortlist_name_check(name, err)) < 0)
        return rc;
    WRITE(st, err, st->be->shortlist_create(st, name, id, err));
}

int niche_store_shortlist_delete(struct niche_store *st, int64_t id, struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (rc < 0)
        return rc;
    WRITE(st, err, st->be->shortlist_delete(st, id, err));
}

int niche_store_shortlist_rename(struct niche_store *st, int64_t id, const char *name,
                                 struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (rc < 0 || (rc = niche_shortlist_name_check(name, err)) < 0)
        return rc;
    WRITE(st, err, st->be->shortlist_rename(st, id, name, err));
}

int niche_store_shortlist_find(struct niche_store *st, const char *name,
                               struct niche_shortlist *out, struct niche_error *err)
{
    int rc = niche_shortlist_name_check(name, err);

    memset(out, 0, sizeof(*out));
    if (rc < 0)
        return rc;
    if (!st->ws_id)
        return niche_error_set(err, NICHE_ENOTFOUND, "no list '%s' in workspace '%s'", name,
                               st->ws_name ? st->ws_name : "?");
    return st->be->shortlist_find(st, name, out, err);
}

int niche_store_shortlist_add(struct niche_store *st, int64_t id, int64_t account_id,
                              const char *note, int *added, struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (added)
        *added = 0;
    if (rc < 0 || (rc = check_ids(id, account_id, err)) < 0 ||
        (rc = check_note(note, err)) < 0)
        return rc;
    WRITE(st, err, st->be->shortlist_add(st, id, account_id, note, added, err));
}

int niche_store_shortlist_remove(struct niche_store *st, int64_t id, int64_t account_id,
                                 int *removed, struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (removed)
        *removed = 0;
    if (rc < 0 || (rc = check_ids(id, account_id, err)) < 0)
        return rc;
    WRITE(st, err, st->be->shortlist_remove(st, id, account_id, removed, err));
}

int niche_store_shortlist_members(struct niche_store *st, int64_t id,
                                  niche_shortlist_member_cb cb, void *ctx,
                                  struct niche_error *err)
{
    SCAN(st, st->be->shortlist_members(st, id, cb, ctx, err));
}

int niche_store_shortlist_scan(struct niche_store *st, niche_shortlist_cb cb, void *ctx,
                               struct niche_error *err)
{
    SCAN(st, st->be->shortlist_scan(st, cb, ctx, err));
}

/* ---- audience sketches ----------------------------------------------------- */

int niche_store_audience_put(struct niche_store *st, const struct niche_audience *a,
                             struct niche_error *err)
{
    int rc = need_workspace(st, err);

    if (rc < 0)
        return rc;
    if (a->account_id <= 0)
        return niche_error_set(err, NICHE_EINVAL, "audience sketches need an account");
    if ((a->hll && !a->hll_len) || (a->minhash && !a->minhash_len))
        return niche_error_set(err, NICHE_EINVAL, "an audience sketch blob is empty");
    WRITE(st, err, st->be->audience_put(st, a, err));
}

int niche_store_audience_get(struct niche_store *st, int64_t account_id,
                             struct niche_audience *out, struct niche_error *err)
{
    memset(out, 0, sizeof(*out));
    out->sample_size = out->updated_ms = NICHE_MISSING;
    if (!st->ws_id || account_id <= 0)
        return niche_error_set(err, NICHE_ENOTFOUND, "account %lld has no audience sketch",
                               (long long)account_id);
    return st->be->audience_get(st, account_id, out, err);
}

int niche_store_audience_scan(struct niche_store *st, enum niche_platform platform,
                              unsigned fields, niche_audience_cb cb, void *ctx,
                              struct niche_error *err)
{
    if ((unsigned)platform >= NICHE_PLATFORM__COUNT)
        return niche_error_set(err, NICHE_EINVAL, "bad platform %d", (int)platform);
    SCAN(st, st->be->audience_scan(st, platform, fields, cb, ctx, err));
}

int niche__store_facts_scan(struct niche_store *st, niche__facts_cb cb, void *ctx,
                            struct niche_error *err)
{
    SCAN(st, st->be->facts_scan(st, cb, ctx, err));
}

int niche__store_facts_claim(struct niche_store *st, int64_t account_id, int64_t token,
                             const void *read, size_t len, int64_t changed,
                             struct niche_error *err)
{
    int rc = need_workspace(st, err), claimed;

    if (rc < 0)
        return rc;
    if (account_id <= 0 || token >= 0 || (read && !len))
        return niche_error_set(err, NICHE_EINVAL,
                               "post facts need an account, a negative token and a blob read");
    if ((rc = niche_store_begin(st, err)) < 0)
        return rc;
    claimed = st->doomed ? niche_error_set(err, NICHE_ESTORE,
                                           "transaction was already rolled back")
                         : st->be->facts_claim(st, account_id, token, read, len, changed, err);
    if (claimed < 0) {
        niche_store_rollback(st);
        return claimed;
    }
    return (rc = niche_store_commit(st, err)) < 0 ? rc : claimed;
}

int niche__store_facts_put(struct niche_store *st, int64_t account_id, int64_t token,
                           const void *data, size_t len, struct niche_error *err)
{
    int rc = need_workspace(st, err), put;

    if (rc < 0)
        return rc;
    if (account_id <= 0 || token >= 0 || !data || !len)
        return niche_error_set(err, NICHE_EINVAL,
                               "post facts need an account, a negative token and a blob");
    if ((rc = niche_store_begin(st, err)) < 0)
        return rc;
    put = st->doomed ? niche_error_set(err, NICHE_ESTORE, "transaction was already rolled back")
                     : st->be->facts_put(st, account_id, token, data, len, err);
    if (put < 0) {
        niche_store_rollback(st);
        return put;
    }
    return (rc = niche_store_commit(st, err)) < 0 ? rc : put;
}

int niche__store_check_refs(struct niche_store *st, int on, struct niche_error *err)
{
    if (st->depth)
        return niche_error_set(err, NICHE_EINVAL,
                               "reference checks change only between transactions");
    return st->be->check_refs ? st->be->check_refs(st, on, err) : 0;
}

int niche_store_account_get_by_id(struct niche_store *st, int64_t id,
                                  struct niche_account *out, struct niche_error *err)
{
    niche_account_init(out);
    if (!st->ws_id || id <= 0)
        return niche_error_set(err, NICHE_ENOTFOUND, "no account with id %lld", (long long)id);
    return st->be->account_get_by_id(st, id, out, err);
}
