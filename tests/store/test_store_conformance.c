/*
 * test_store_conformance.c - what every storage backend must do.
 *
 * The same cases run against each backend named by a DSN: SQLite on a
 * fresh temporary file always, PostgreSQL when NICHE_TEST_PG_DSN names a
 * database (reported skipped otherwise, never passed). A backend is done
 * when this suite passes against it.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "niche/niche.h"
#include "store_int.h"   /* the post facts calls, private to lib/ */

struct fixture {
    const char *backend;   /* "sqlite" or "pg" */
    char dsn[512];
    struct niche_store *st;
    struct niche_error err;
};

static int next_db;

static int setup_sqlite(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    const char *tmp = getenv("NICHE_TEST_TMP");
    char dir[400];

    snprintf(dir, sizeof(dir), "%s", tmp && *tmp ? tmp : "/tmp");
    mkdir(dir, 0755);   /* ctest's scratch dir; it may exist already */
    f->backend = "sqlite";
    snprintf(f->dsn, sizeof(f->dsn), "%s/conformance-%d-%d.db", dir, (int)getpid(), next_db++);
    unlink(f->dsn);
    if (niche_store_open(&f->st, f->dsn, NICHE_STORE_CREATE, &f->err) < 0) {
        fprintf(stderr, "open %s: %s\n", f->dsn, f->err.msg);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int setup_pg(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    const char *dsn = getenv("NICHE_TEST_PG_DSN");

    f->backend = "pg";
    *state = f;
    if (!dsn || !*dsn)
        return 0;   /* each case skips */
    snprintf(f->dsn, sizeof(f->dsn), "%s", dsn);
    if (niche_store_open(&f->st, f->dsn, NICHE_STORE_CREATE, &f->err) < 0)
        f->st = NULL;   /* EUNSUPPORTED until store_pg.c exists: skipped */
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char path[600];

    niche_store_close(f->st);
    if (!strcmp(f->backend, "sqlite")) {
        unlink(f->dsn);
        snprintf(path, sizeof(path), "%s-wal", f->dsn);
        unlink(path);
        snprintf(path, sizeof(path), "%s-shm", f->dsn);
        unlink(path);
    }
    free(f);
    return 0;
}

/* The store of the fixture, or skip when the backend is not available. */
static struct niche_store *store(void **state)
{
    struct fixture *f = *state;

    if (!f->st)
        skip();
    return f->st;
}

static void account(struct niche_account *a, enum niche_platform p, const char *h,
                    int64_t followers)
{
    niche_account_init(a);
    a->platform = p;
    a->handle = (char *)h;
    a->followers = followers;
}

static int64_t count_accounts(struct niche_store *st)
{
    struct niche_store_counts n;

    assert_int_equal(niche_store_counts(st, NULL, &n, NULL), 0);
    return n.accounts[0];
}

/* ---- cases ------------------------------------------------------------ */

static void test_store__schema_is_latest(void **state)
{
    struct niche_store *st = store(state);
    int cur = -1, latest = -2;

    assert_int_equal(niche_store_schema_version(st, &cur, &latest, NULL), 0);
    assert_true(latest >= 1);
    assert_int_equal(cur, latest);
    assert_string_equal(niche_store_workspace_name(st), "default");
    assert_true(niche_store_workspace_id(st) > 0);
}

static void test_store__account_round_trip(void **state)
{
    struct niche_store *st = store(state);
    struct niche_account a, b;
    int64_t id = 0;

    account(&a, NICHE_PLATFORM_INSTAGRAM, "cristiano", 475800000);
    a.name = (char *)"Cristiano Ronaldo \xf0\x9f\x87\xb5\xf0\x9f\x87\xb9";
    a.following = 560;
    a.verified = 1;
    a.reported_er = 0.0139;
    a.country = (char *)"Spain";
    assert_int_equal(niche_store_account_upsert(st, &a, &id, NULL), 0);
    assert_true(id > 0);
    assert_int_equal(niche_store_account_get(st, NICHE_PLATFORM_INSTAGRAM, "cristiano", &b, NULL), 0);
    assert_int_equal(b.id, id);
    assert_int_equal(b.followers, 475800000);
    assert_int_equal(b.following, 560);
    assert_int_equal(b.posts, NICHE_MISSING);        /* missing stays missing */
    assert_int_equal(b.verified, 1);
    assert_int_equal(b.has_avatar, -1);
    assert_true(fabs(b.reported_er - 0.0139) < 1e-12);
    assert_true(niche_is_missing_real(b.avg_likes));
    assert_string_equal(b.name, a.name);
    assert_string_equal(b.country, "Spain");
    assert_null(b.bio);
    niche_account_release(&b);
}

static void test_store__upsert_merges(void **state)
{
    struct niche_store *st = store(state);
    struct niche_account a, b;
    int64_t id1 = 0, id2 = 0;

    account(&a, NICHE_PLATFORM_TIKTOK, "khaby.lame", 149200000);
    a.posts = 1200;
    assert_int_equal(niche_store_account_upsert(st, &a, &id1, NULL), 0);
    account(&a, NICHE_PLATFORM_TIKTOK, "khaby.lame", NICHE_MISSING);   /* unknown now */
    a.posts = 1300;
    assert_int_equal(niche_store_account_upsert(st, &a, &id2, NULL), 0);
    assert_int_equal(id1, id2);
    assert_int_equal(count_accounts(st), 1);
    assert_int_equal(niche_store_account_get(st, NICHE_PLATFORM_TIKTOK, "khaby.lame", &b, NULL), 0);
    assert_int_equal(b.followers, 149200000);   /* not erased */
    assert_int_equal(b.posts, 1300);            /* updated */
    niche_account_release(&b);
}

static void test_store__same_handle_other_platform(void **state)
{
    struct niche_store *st = store(state);
    struct niche_account a;

    account(&a, NICHE_PLATFORM_INSTAGRAM, "mrbeast", 1);
    assert_int_equal(niche_store_account_upsert(st, &a, NULL, NULL), 0);
    account(&a, NICHE_PLATFORM_YOUTUBE, "mrbeast", 2);
    assert_int_equal(niche_store_account_upsert(st, &a, NULL, NULL), 0);
    assert_int_equal(count_accounts(st), 2);
}

static void test_store__ensure(void **state)
{
    struct niche_store *st = store(state);
    int64_t id1 = 0, id2 = 0;
    int created = -1;

    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_X, "jack", &id1, &created, NULL), 0);
    assert_int_equal(created, 1);
    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_X, "jack", &id2, &created, NULL), 0);
    assert_int_equal(created, 0);
    assert_int_equal(id1, id2);
}

static void test_store__rejects_bad_accounts(void **state)
{
    struct fixture *f = *state;
    struct niche_store *st = store(state);
    struct niche_account a;

    account(&a, NICHE_PLATFORM_INSTAGRAM, "neg", -5);
    assert_int_equal(niche_store_account_upsert(st, &a, NULL, &f->err), NICHE_EINVAL);
    assert_non_null(strstr(f->err.msg, "negative"));
    account(&a, NICHE_PLATFORM_UNKNOWN, "x", 5);
    assert_int_equal(niche_store_account_upsert(st, &a, NULL, NULL), NICHE_EINVAL);
    account(&a, NICHE_PLATFORM_INSTAGRAM, "", 5);
    assert_int_equal(niche_store_account_upsert(st, &a, NULL, NULL), NICHE_EINVAL);
    assert_int_equal(count_accounts(st), 0);
}

static void test_store__get_missing(void **state)
{
    struct niche_store *st = store(state);
    struct niche_account b;

    assert_int_equal(niche_store_account_get(st, NICHE_PLATFORM_INSTAGRAM, "nobody", &b, NULL),
                     NICHE_ENOTFOUND);
    niche_account_release(&b);
}

struct collected {
    char handles[16][32];
    int n;
};

static int collect(void *ctx, const struct niche_account *a)
{
    struct collected *c = ctx;

    if (c->n < 16)
        snprintf(c->handles[c->n++], 32, "%s", a->handle);
    return 0;
}

static void seed_query_accounts(struct niche_store *st)
{
    static const struct { enum niche_platform p; const char *h; int64_t f; } rows[] = {
        { NICHE_PLATFORM_INSTAGRAM, "a", 500 }, { NICHE_PLATFORM_INSTAGRAM, "b", 50000 },
        { NICHE_PLATFORM_INSTAGRAM, "c", NICHE_MISSING }, { NICHE_PLATFORM_TIKTOK, "d", 20000 },
        { NICHE_PLATFORM_INSTAGRAM, "e", 2000000 },
    };
    struct niche_account a;
    size_t i;

    assert_int_equal(niche_store_begin(st, NULL), 0);
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        account(&a, rows[i].p, rows[i].h, rows[i].f);
        assert_int_equal(niche_store_account_upsert(st, &a, NULL, NULL), 0);
    }
    assert_int_equal(niche_store_commit(st, NULL), 0);
}

static void test_store__query(void **state)
{
    struct niche_store *st = store(state);
    struct niche_account_query q = NICHE_ACCOUNT_QUERY_INIT;
    struct collected c;

    seed_query_accounts(st);
    memset(&c, 0, sizeof(c));
    assert_int_equal(niche_store_account_query(st, &q, collect, &c, NULL), 0);
    assert_int_equal(c.n, 5);
    assert_string_equal(c.handles[0], "e");       /* most followers first */
    assert_string_equal(c.handles[4], "c");       /* unknown last */

    memset(&c, 0, sizeof(c));
    q.platform = NICHE_PLATFORM_INSTAGRAM;
    q.min_followers = 1000;
    q.max_followers = 100000;
    assert_int_equal(niche_store_account_query(st, &q, collect, &c, NULL), 0);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.handles[0], "b");

    memset(&c, 0, sizeof(c));
    q = (struct niche_account_query)NICHE_ACCOUNT_QUERY_INIT;
    q.descending = 0;
    q.limit = 2;
    q.offset = 1;
    assert_int_equal(niche_store_account_query(st, &q, collect, &c, NULL), 0);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.handles[0], "d");       /* 500, [20000, 50000], ... */
    assert_string_equal(c.handles[1], "b");
}

static int stop_after_one(void *ctx, const struct niche_account *a)
{
    (void)a;
    ++*(int *)ctx;
    return NICHE_ECANCELED;
}

static void test_store__query_stops(void **state)
{
    struct niche_store *st = store(state);
    struct niche_account_query q = NICHE_ACCOUNT_QUERY_INIT;
    int calls = 0;

    seed_query_accounts(st);
    assert_int_equal(niche_store_account_query(st, &q, stop_after_one, &calls, NULL),
                     NICHE_ECANCELED);
    assert_int_equal(calls, 1);
}

static void test_store__rollback_leaves_nothing(void **state)
{
    struct niche_store *st = store(state);
    struct niche_account a;

    account(&a, NICHE_PLATFORM_INSTAGRAM, "gone", 10);
    assert_int_equal(niche_store_begin(st, NULL), 0);
    assert_int_equal(niche_store_account_upsert(st, &a, NULL, NULL), 0);
    niche_store_rollback(st);
    assert_int_equal(count_accounts(st), 0);
}

/* The search index's stamp moves with every committed write of accounts
 * or audience shares, and only then. */
static void test_store__index_stamp(void **state)
{
    struct niche_store *st = store(state);
    struct niche_account a;
    struct niche_audience_share sh = { 0, (char *)"country", (char *)"US", 0.4 };
    uint64_t s0, s1, s2, s3;
    int64_t id;

    assert_int_equal(niche_store_index_stamp(st, &s0, NULL), 0);
    account(&a, NICHE_PLATFORM_INSTAGRAM, "stamped", 10);
    assert_int_equal(niche_store_begin(st, NULL), 0);
    assert_int_equal(niche_store_account_upsert(st, &a, NULL, NULL), 0);
    niche_store_rollback(st);
    assert_int_equal(niche_store_index_stamp(st, &s1, NULL), 0);
    assert_true(s1 == s0);                      /* rolled back: nothing changed */
    assert_int_equal(niche_store_account_upsert(st, &a, &id, NULL), 0);
    assert_int_equal(niche_store_index_stamp(st, &s2, NULL), 0);
    assert_true(s2 != s1);
    assert_int_equal(count_accounts(st), 1);    /* a read changes nothing */
    assert_int_equal(niche_store_index_stamp(st, &s3, NULL), 0);
    assert_true(s3 == s2);
    sh.account_id = id;
    assert_int_equal(niche_store_audience_share_put(st, &sh, NULL), 0);
    assert_int_equal(niche_store_index_stamp(st, &s3, NULL), 0);
    assert_true(s3 != s2);
}

static void test_store__inner_rollback_dooms_outer(void **state)
{
    struct niche_store *st = store(state);
    struct niche_account a;

    account(&a, NICHE_PLATFORM_INSTAGRAM, "outer", 10);
    assert_int_equal(niche_store_begin(st, NULL), 0);
    assert_int_equal(niche_store_account_upsert(st, &a, NULL, NULL), 0);
    assert_int_equal(niche_store_begin(st, NULL), 0);
    niche_store_rollback(st);
    account(&a, NICHE_PLATFORM_INSTAGRAM, "after", 10);
    assert_int_equal(niche_store_account_upsert(st, &a, NULL, NULL), NICHE_ESTORE);
    assert_int_equal(niche_store_commit(st, NULL), NICHE_ESTORE);
    assert_int_equal(count_accounts(st), 0);
    /* The store is usable again afterwards. */
    assert_int_equal(niche_store_account_upsert(st, &a, NULL, NULL), 0);
    assert_int_equal(count_accounts(st), 1);
}

static void test_store__posts_keyed_by_platform_id(void **state)
{
    struct niche_store *st = store(state);
    struct niche_store_counts n;
    struct niche_account_counts ac;
    struct niche_post p;
    int64_t id = 0;

    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_INSTAGRAM, "poster", &id, NULL, NULL), 0);
    niche_post_init(&p);
    p.account_id = id;
    p.platform = NICHE_PLATFORM_INSTAGRAM;
    p.post_id = (char *)"C1";
    p.likes = NICHE_MISSING;    /* hidden */
    p.comments = 4;
    p.posted_ms = 1700000000000;
    assert_int_equal(niche_store_post_upsert(st, &p, NULL, NULL), 0);
    p.comments = 9;
    assert_int_equal(niche_store_post_upsert(st, &p, NULL, NULL), 0);
    p.platform = NICHE_PLATFORM_TIKTOK;   /* same id on another platform */
    assert_int_equal(niche_store_post_upsert(st, &p, NULL, NULL), 0);
    assert_int_equal(niche_store_counts(st, NULL, &n, NULL), 0);
    assert_int_equal(n.posts[0], 2);
    assert_int_equal(n.posts[NICHE_PLATFORM_INSTAGRAM], 1);
    assert_int_equal(niche_store_account_counts(st, id, &ac, NULL), 0);
    assert_int_equal(ac.posts, 2);
    assert_int_equal(ac.first_post_ms, 1700000000000);
    p.comments = -3;
    assert_int_equal(niche_store_post_upsert(st, &p, NULL, NULL), NICHE_EINVAL);
}

/* ---- post facts ------------------------------------------------------------- */

struct facts_seen {
    int rows;
    int64_t id;
    size_t len;               /* 0: stale, or claimed to be built */
    int64_t changed;          /* to be refreshed (2: only new posts), or claimed */
};

static int facts_seen_cb(void *ctx, int64_t account_id, const void *data, size_t len,
                         int64_t changed)
{
    struct facts_seen *f = ctx;

    f->rows++;
    f->id = account_id;
    f->len = data ? len : 0;
    f->changed = changed;
    return 0;
}

/* The account's blob length (0: none), and whether it is to be refreshed. */
static size_t facts_len(struct niche_store *st, int64_t id, int64_t *changed)
{
    struct facts_seen f = { 0, 0, 0, 0 };

    assert_int_equal(niche__store_facts_scan(st, facts_seen_cb, &f, NULL), 0);
    assert_int_equal(f.rows, 1);
    assert_int_equal(f.id, id);
    *changed = f.changed;
    return f.len;
}

/* Write post_id of account with that many likes (a second write of it,
 * as an import does, brings new numbers). */
static void write_post(struct niche_store *st, int64_t account, const char *post_id,
                       const char *caption, int64_t likes)
{
    struct niche_post p;

    niche_post_init(&p);
    p.account_id = account;
    p.platform = NICHE_PLATFORM_INSTAGRAM;
    p.post_id = (char *)post_id;
    p.caption = (char *)caption;
    p.likes = likes;
    assert_int_equal(niche_store_post_upsert(st, &p, NULL, NULL), 0);
}

static void add_post(struct niche_store *st, int64_t account, const char *post_id,
                     const char *caption)
{
    write_post(st, account, post_id, caption, 5);
}

static void bump_post(struct niche_store *st, int64_t account, const char *post_id,
                      const char *caption)
{
    write_post(st, account, post_id, caption, 6);
}

/*
 * A row per account with posts. New posts mark it to be refreshed from
 * them alone (2), new numbers from all its posts (1), the blob kept; the
 * same post again marks nothing; new text makes it stale. A blob is stored only while its row stays claimed
 * by the same run, so facts built from posts that a writer changed
 * meanwhile, or claimed since by another run, are not kept.
 */
static void test_store__post_facts(void **state)
{
    struct niche_store *st = store(state);
    struct niche_error e;
    int64_t id = 0, other = 0, run = -7, run2 = -8, changed = -1;

    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_INSTAGRAM, "poster", &id, NULL, NULL), 0);
    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_INSTAGRAM, "quiet", &other, NULL, NULL), 0);
    add_post(st, id, "P1", "first");
    assert_int_equal(facts_len(st, id, &changed), 0);
    assert_int_equal(niche__store_facts_claim(st, id, run, NULL, 0, 0, NULL), 1);
    assert_int_equal(niche__store_facts_put(st, id, run, "NF1", 3, NULL), 1);
    assert_int_equal(facts_len(st, id, &changed), 3);
    assert_int_equal(changed, 0);
    assert_int_equal(niche__store_facts_put(st, id, run, "NF22", 4, NULL), 0);   /* not claimed */
    assert_int_equal(facts_len(st, id, &changed), 3);

    add_post(st, id, "P2", "second");   /* a new post: refresh from it, the blob kept */
    assert_int_equal(facts_len(st, id, &changed), 3);
    assert_int_equal(changed, 2);
    add_post(st, id, "P3", "third");    /* still only new posts */
    assert_int_equal(facts_len(st, id, &changed), 3);
    assert_int_equal(changed, 2);
    assert_int_equal(niche__store_facts_claim(st, id, run, "NF2", 3, 2, NULL), 0);   /* not read */
    assert_int_equal(niche__store_facts_claim(st, id, run, "NF1", 3, 1, NULL), 0);   /* nor that */
    assert_int_equal(niche__store_facts_claim(st, id, run, "NF1", 3, 2, NULL), 1);
    assert_int_equal(niche__store_facts_put(st, id, run, "NF22", 4, NULL), 1);
    assert_int_equal(facts_len(st, id, &changed), 4);
    assert_int_equal(changed, 0);
    add_post(st, id, "P2", "second");   /* the same post again: nothing to refresh */
    assert_int_equal(facts_len(st, id, &changed), 4);
    assert_int_equal(changed, 0);

    bump_post(st, id, "P2", "second");   /* new numbers: refresh from every post */
    assert_int_equal(facts_len(st, id, &changed), 4);
    assert_int_equal(changed, 1);
    add_post(st, id, "P4", "fourth");    /* and a new post: still from every post */
    assert_int_equal(facts_len(st, id, &changed), 4);
    assert_int_equal(changed, 1);
    assert_int_equal(niche__store_facts_claim(st, id, run, "NF22", 4, 1, NULL), 1);
    add_post(st, id, "P5", "fifth");     /* a new post after the claim: from every post */
    assert_int_equal(niche__store_facts_put(st, id, run, "NF333", 5, NULL), 0);
    assert_int_equal(facts_len(st, id, &changed), 4);
    assert_int_equal(changed, 1);
    assert_int_equal(niche__store_facts_claim(st, id, run, "NF22", 4, 1, NULL), 1);
    bump_post(st, id, "P1", "first");    /* written again after the claim */
    assert_int_equal(niche__store_facts_put(st, id, run, "NF333", 5, NULL), 0);
    assert_int_equal(facts_len(st, id, &changed), 4);
    assert_int_equal(changed, 1);

    /* Two runs: the later claim wins, the earlier put is refused. The
     * later one read the row before the earlier claimed it: its refresh
     * claim fails, and it claims the row to build it. */
    assert_int_equal(niche__store_facts_claim(st, id, run, "NF22", 4, 1, NULL), 1);
    assert_int_equal(niche__store_facts_claim(st, id, run2, "NF22", 4, 1, NULL), 0);
    assert_int_equal(niche__store_facts_claim(st, id, run2, NULL, 0, 0, NULL), 1);
    assert_int_equal(niche__store_facts_put(st, id, run, "NF333", 5, NULL), 0);
    assert_int_equal(niche__store_facts_put(st, id, run2, "NF333", 5, NULL), 1);

    add_post(st, id, "P1", "first, edited");   /* new text: built whole */
    assert_int_equal(facts_len(st, id, &changed), 0);
    assert_int_equal(changed, 0);
    assert_int_equal(niche__store_facts_claim(st, id, run, NULL, 0, 0, NULL), 1);
    add_post(st, id, "P6", "sixth");   /* a new post after the claim */
    assert_int_equal(niche__store_facts_put(st, id, run, "NF1", 3, NULL), 0);
    assert_int_equal(facts_len(st, id, &changed), 0);   /* x'' to build: built whole */
    assert_int_equal(changed, 1);
    assert_int_equal(niche__store_facts_claim(st, id, run, NULL, 0, 0, NULL), 1);
    add_post(st, id, "P6", "sixth, edited");   /* new text after the claim */
    assert_int_equal(niche__store_facts_put(st, id, run, "NF1", 3, NULL), 0);
    assert_int_equal(niche__store_facts_claim(st, id, run, NULL, 0, 0, NULL), 1);
    assert_int_equal(niche__store_facts_put(st, id, run, "NF1", 3, NULL), 1);
    assert_int_equal(facts_len(st, id, &changed), 3);
    assert_int_equal(changed, 0);
    assert_true(niche__store_facts_claim(st, other, run, NULL, 0, 0, &e) < 0);   /* no row */
    assert_true(niche__store_facts_claim(st, id, 5, NULL, 0, 0, &e) < 0);        /* token >= 0 */
}

static int count_post_cb(void *ctx, const struct niche_post *p)
{
    int64_t *last = ctx;

    last[0]++;
    last[1] = p->id;
    return 0;
}

/* One account's posts past an id: those written after the ones up to it. */
static void test_store__posts_after(void **state)
{
    struct niche_store *st = store(state);
    int64_t id = 0, other = 0, p2 = 0, seen[2];
    struct niche_post p;

    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_INSTAGRAM, "poster", &id, NULL, NULL), 0);
    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_INSTAGRAM, "other", &other, NULL, NULL), 0);
    add_post(st, id, "A1", "one");
    niche_post_init(&p);
    p.account_id = id;
    p.platform = NICHE_PLATFORM_INSTAGRAM;
    p.post_id = (char *)"A2";
    assert_int_equal(niche_store_post_upsert(st, &p, &p2, NULL), 0);
    add_post(st, other, "B1", "theirs");
    add_post(st, id, "A3", "three");
    seen[0] = seen[1] = 0;
    assert_int_equal(niche__store_post_scan_after(st, id, p2, count_post_cb, seen, NULL), 0);
    assert_int_equal(seen[0], 1);
    assert_true(seen[1] > p2);
    seen[0] = 0;
    assert_int_equal(niche__store_post_scan_after(st, id, INT64_MIN, count_post_cb, seen, NULL), 0);
    assert_int_equal(seen[0], 3);
    seen[0] = 0;
    assert_int_equal(niche__store_post_scan_after(st, id, INT64_MAX, count_post_cb, seen, NULL), 0);
    assert_int_equal(seen[0], 0);
}

static void test_store__followers_and_snapshots(void **state)
{
    struct niche_store *st = store(state);
    struct niche_follower_edge e = { 0, 0, NICHE_MISSING };
    struct niche_snapshot s;
    struct niche_store_counts n;
    struct niche_account_counts ac;

    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_X, "star", &e.account_id, NULL, NULL), 0);
    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_X, "fan", &e.follower_id, NULL, NULL), 0);
    assert_int_equal(niche_store_follower_add(st, &e, NULL), 0);
    assert_int_equal(niche_store_follower_add(st, &e, NULL), 0);   /* idempotent */
    e.follower_id = e.account_id;
    assert_int_equal(niche_store_follower_add(st, &e, NULL), NICHE_EINVAL);
    niche_snapshot_init(&s);
    s.account_id = e.account_id;
    s.taken_ms = 86400000;
    s.followers = 10;
    assert_int_equal(niche_store_snapshot_upsert(st, &s, NULL), 0);
    s.followers = 11;
    assert_int_equal(niche_store_snapshot_upsert(st, &s, NULL), 0);
    assert_int_equal(niche_store_counts(st, NULL, &n, NULL), 0);
    assert_int_equal(n.follower_edges[NICHE_PLATFORM_X], 1);
    assert_int_equal(n.snapshots[0], 1);
    assert_int_equal(niche_store_account_counts(st, e.account_id, &ac, NULL), 0);
    assert_int_equal(ac.followers_known, 1);
    assert_int_equal(ac.snapshots, 1);
}

/* A metrics record with a value in every kind of column, some missing. */
static void sample_metrics(struct niche_metrics *m, int64_t account_id, int64_t run_id)
{
    memset(m, 0, sizeof(*m));
    m->account_id = account_id;
    m->run_id = run_id;
    m->followers = 42000;
    m->tier = NICHE_TIER_MICRO;
    snprintf(m->scheme, sizeof(m->scheme), "later-fohr");
    m->er[NICHE_ER_F_MEAN].value = 0.0345;
    m->er[NICHE_ER_F_MEAN].n = 11;
    m->er[NICHE_ER_F_MEAN].hidden = 1;
    m->er[NICHE_ER_F_MEDIAN].value = niche_missing_real();
    m->er[NICHE_ER_V].value = niche_missing_real();
    m->peer[0].percentile = 0.75;
    m->peer[0].peers = 120;
    m->peer[1].percentile = m->peer[2].percentile = niche_missing_real();
    m->activity.first_ms = NICHE_MISSING;
    m->activity.last_ms = 1700000000000;
    m->growth.n = 26;
    m->growth.anomalies = 1;
    m->anomaly[0] = (struct niche_anomaly){ NICHE_ANOMALY_SPIKE, 1, 2, 9000, 0.3, 42 };
    m->bought = 1;
    m->by_type[NICHE_FOLLOWER_MASS] = 7;
    m->authentic = m->fake = m->aqs = niche_missing_real();
    m->pod = 3;
    m->nbrands = 1;
    snprintf(m->brand[0].name, sizeof(m->brand[0].name), "glowlab");
    m->brand[0].posts = 2;
    m->brand[0].undisclosed = 1;
    m->nniches = 2;
    m->niche[0] = (struct niche_topic_label){ NICHE_TOPIC_BEAUTY, 0.7 };
    m->niche[1] = (struct niche_topic_label){ NICHE_TOPIC_FASHION, 0.3 };
    m->est.basis = "followers";
    m->est.price = 55.5;
    memcpy(m->currency, "EUR", 4);
}

static int pod_mate(void *ctx, const struct niche_account *a)
{
    int64_t *seen = ctx;

    assert_int_equal(*seen, 0);   /* one mate only */
    *seen = a->id;
    return 0;
}

static void test_store__analysis_round_trip(void **state)
{
    struct niche_store *st = store(state);
    struct niche_analysis_run run, got;
    struct niche_metrics m, b;
    int64_t id = 0, other = 0;

    assert_int_equal(niche_store_analysis_get(st, &got, NULL), NICHE_ENOTFOUND);
    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_INSTAGRAM, "a", &id, NULL, NULL), 0);
    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_INSTAGRAM, "b", &other, NULL, NULL), 0);
    memset(&run, 0, sizeof(run));
    run.version = 1;
    snprintf(run.scheme, sizeof(run.scheme), "chizcomm");
    run.as_of_ms = 5;
    assert_int_equal(niche_store_begin(st, NULL), 0);
    assert_int_equal(niche_store_analysis_begin(st, &run, NULL), 0);
    sample_metrics(&m, id, run.id);
    assert_int_equal(niche_store_metrics_put(st, &m, NULL), 0);
    sample_metrics(&m, other, run.id);
    assert_int_equal(niche_store_metrics_put(st, &m, NULL), 0);
    run.analysed = 2;
    run.finished_ms = 6;
    memcpy(run.currency, "EUR", 4);
    assert_int_equal(niche_store_analysis_finish(st, &run, NULL), 0);
    assert_int_equal(niche_store_commit(st, NULL), 0);

    assert_int_equal(niche_store_analysis_get(st, &got, NULL), 0);
    assert_int_equal(got.id, run.id);
    assert_string_equal(got.scheme, "chizcomm");
    assert_int_equal(got.analysed, 2);
    assert_int_equal(niche_store_metrics_get(st, id, &b, NULL), 0);
    assert_int_equal(b.platform, NICHE_PLATFORM_INSTAGRAM);
    assert_int_equal(b.tier, NICHE_TIER_MICRO);
    /* Results are stored at float precision (docs/internals/store.md). */
    assert_true(b.er[0].value == (double)(float)0.0345);
    assert_int_equal(b.er[0].n, 11);
    assert_true(niche_is_missing_real(b.er[1].value));        /* missing stays missing */
    assert_int_equal(b.activity.first_ms, NICHE_MISSING);
    assert_int_equal(b.bought, 1);
    assert_int_equal(b.by_type[NICHE_FOLLOWER_MASS], 7);
    assert_int_equal(b.anomaly[0].delta, 9000);
    assert_string_equal(b.brand[0].name, "glowlab");
    assert_int_equal(b.nniches, 2);
    assert_int_equal(b.niche[0].topic, NICHE_TOPIC_BEAUTY);
    assert_string_equal(b.est.basis, "followers");
    assert_string_equal(b.currency, "EUR");
    {
        int64_t seen = 0;

        assert_int_equal(niche_store_pod_members(st, 3, id, pod_mate, &seen, NULL), 0);
        assert_int_equal(seen, other);
    }
    /* A new run replaces the old results. */
    assert_int_equal(niche_store_begin(st, NULL), 0);
    assert_int_equal(niche_store_analysis_begin(st, &run, NULL), 0);
    run.finished_ms = 7;
    assert_int_equal(niche_store_analysis_finish(st, &run, NULL), 0);
    assert_int_equal(niche_store_commit(st, NULL), 0);
    assert_int_equal(niche_store_metrics_get(st, id, &b, NULL), NICHE_ENOTFOUND);
}

static void test_store__analysis_rollback_keeps_old(void **state)
{
    struct niche_store *st = store(state);
    struct niche_analysis_run run;
    struct niche_metrics m, b;
    int64_t id = 0;

    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_X, "a", &id, NULL, NULL), 0);
    memset(&run, 0, sizeof(run));
    snprintf(run.scheme, sizeof(run.scheme), "later-fohr");
    assert_int_equal(niche_store_begin(st, NULL), 0);
    assert_int_equal(niche_store_analysis_begin(st, &run, NULL), 0);
    sample_metrics(&m, id, run.id);
    assert_int_equal(niche_store_metrics_put(st, &m, NULL), 0);
    run.finished_ms = 1;
    assert_int_equal(niche_store_analysis_finish(st, &run, NULL), 0);
    assert_int_equal(niche_store_commit(st, NULL), 0);
    /* A second run that fails half way changes nothing. */
    assert_int_equal(niche_store_begin(st, NULL), 0);
    assert_int_equal(niche_store_analysis_begin(st, &run, NULL), 0);
    niche_store_rollback(st);
    assert_int_equal(niche_store_metrics_get(st, id, &b, NULL), 0);
    assert_int_equal(b.followers, 42000);
}

static void test_store__tier_counts(void **state)
{
    struct niche_store *st = store(state);
    struct niche_store_counts n;

    seed_query_accounts(st);   /* 500, 50000, missing, 20000 (tiktok), 2000000 */
    assert_int_equal(niche_store_counts(st, niche_tier_scheme_find("later-fohr"), &n, NULL), 0);
    assert_int_equal(n.tiers[0][NICHE_TIER_NANO], 1);
    assert_int_equal(n.tiers[0][NICHE_TIER_MICRO], 2);
    assert_int_equal(n.tiers[0][NICHE_TIER_MEGA], 1);
    assert_int_equal(n.tiers[0][NICHE_TIER_UNKNOWN], 1);
    assert_int_equal(n.tiers[NICHE_PLATFORM_TIKTOK][NICHE_TIER_MICRO], 1);
    assert_int_equal(niche_store_counts(st, niche_tier_scheme_find("hypeauditor-2019"), &n, NULL), 0);
    assert_int_equal(n.tiers[0][NICHE_TIER_BELOW], 1);    /* 500 < 1k */
    assert_int_equal(n.tiers[0][NICHE_TIER_MID], 2);      /* 20k-100k */
}

static void test_store__workspaces_are_isolated(void **state)
{
    struct niche_store *st = store(state);
    struct niche_account a, b;

    account(&a, NICHE_PLATFORM_INSTAGRAM, "shared", 1);
    assert_int_equal(niche_store_account_upsert(st, &a, NULL, NULL), 0);
    assert_int_equal(niche_store_use_workspace(st, "other", 0, NULL), NICHE_ENOTFOUND);
    assert_int_equal(niche_store_use_workspace(st, "other", 1, NULL), 0);
    assert_int_equal(count_accounts(st), 0);
    assert_int_equal(niche_store_account_get(st, NICHE_PLATFORM_INSTAGRAM, "shared", &b, NULL),
                     NICHE_ENOTFOUND);
    account(&a, NICHE_PLATFORM_INSTAGRAM, "shared", 2);
    assert_int_equal(niche_store_account_upsert(st, &a, NULL, NULL), 0);
    assert_int_equal(niche_store_workspace_clear(st, NULL), 0);
    assert_int_equal(count_accounts(st), 0);
    assert_int_equal(niche_store_use_workspace(st, "default", 0, NULL), 0);
    assert_int_equal(niche_store_account_get(st, NICHE_PLATFORM_INSTAGRAM, "shared", &b, NULL), 0);
    assert_int_equal(b.followers, 1);
    niche_account_release(&b);
}

static void test_store__reopen_keeps_data(void **state)
{
    struct fixture *f = *state;
    struct niche_account a;

    store(state);
    if (strcmp(f->backend, "sqlite"))
        skip();
    account(&a, NICHE_PLATFORM_INSTAGRAM, "durable", 7);
    assert_int_equal(niche_store_account_upsert(f->st, &a, NULL, NULL), 0);
    niche_store_close(f->st);
    f->st = NULL;
    assert_int_equal(niche_store_open(&f->st, f->dsn, 0, &f->err), 0);
    assert_int_equal(count_accounts(f->st), 1);
}

/* Not store-specific, but every backend's open must refuse these. */
static void test_store__open_errors(void **state)
{
    struct niche_store *st = NULL;
    struct niche_error err = NICHE_ERROR_INIT;
    char path[512];
    FILE *fp;

    (void)state;
    assert_int_equal(niche_store_open(&st, "/nonexistent/dir/x.db", 0, &err), NICHE_ENOTFOUND);
    assert_non_null(strstr(err.msg, "niche init"));
    assert_null(st);
    assert_int_equal(niche_store_open(&st, "", 0, NULL), NICHE_EINVAL);
    assert_int_equal(niche_store_open(&st, "postgres://localhost/x", 0, NULL), NICHE_EUNSUPPORTED);
    snprintf(path, sizeof(path), "/tmp/niche-notadb-%d", (int)getpid());
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("this is not a database, just text long enough to have a header.......\n", fp);
    fclose(fp);
    assert_int_equal(niche_store_open(&st, path, 0, &err), NICHE_ESTORE);
    assert_null(st);
    unlink(path);
    niche_store_close(NULL);
}

/* ---- shortlists ---------------------------------------------------------- */

/* Three accounts for the list cases; ids in *ids. */
static void seed_list_accounts(struct niche_store *st, int64_t ids[3])
{
    static const char *const handles[] = { "ana", "ben", "cleo" };
    struct niche_account a;
    int i;

    for (i = 0; i < 3; i++) {
        account(&a, NICHE_PLATFORM_INSTAGRAM, handles[i], 1000 * (i + 1));
        assert_int_equal(niche_store_account_upsert(st, &a, &ids[i], NULL), 0);
    }
}

struct members {
    char handles[8][32];
    char notes[8][32];
    int64_t added_ms[8];
    int n;
};

static int collect_member(void *ctx, const struct niche_shortlist_member *m)
{
    struct members *c = ctx;

    if (c->n < 8) {
        snprintf(c->handles[c->n], 32, "%s", m->account.handle);
        snprintf(c->notes[c->n], 32, "%s", m->note ? m->note : "(none)");
        c->added_ms[c->n++] = m->added_ms;
    }
    return 0;
}

static void list_members(struct niche_store *st, int64_t id, struct members *c)
{
    memset(c, 0, sizeof(*c));
    assert_int_equal(niche_store_shortlist_members(st, id, collect_member, c, NULL), 0);
}

static void test_store__shortlist_names(void **state)
{
    struct fixture *f = *state;
    struct niche_store *st = store(state);
    struct niche_shortlist l;
    char longest[NICHE_SHORTLIST_NAME_MAX + 2];
    int64_t id = 0;

    assert_int_equal(niche_store_shortlist_create(st, "summer 2026", &id, NULL), 0);
    assert_true(id > 0);
    assert_int_equal(niche_store_shortlist_find(st, "summer 2026", &l, NULL), 0);
    assert_int_equal(l.id, id);
    assert_string_equal(l.name, "summer 2026");
    assert_int_equal(l.members, 0);
    assert_true(l.created_ms > 0);
    assert_int_equal(niche_store_shortlist_create(st, "summer 2026", NULL, &f->err), NICHE_EEXIST);
    assert_non_null(strstr(f->err.msg, "already exists"));
    assert_int_equal(niche_store_shortlist_find(st, "Summer 2026", &l, NULL), NICHE_ENOTFOUND);
    /* Valid: UTF-8, exactly the longest; invalid: the rest. */
    assert_int_equal(niche_store_shortlist_create(st, "\xc3\xa9t\xc3\xa9 \xe2\x9c\xa8", NULL, NULL), 0);
    memset(longest, 'x', sizeof(longest));
    longest[NICHE_SHORTLIST_NAME_MAX] = '\0';
    assert_int_equal(niche_store_shortlist_create(st, longest, NULL, NULL), 0);
    longest[NICHE_SHORTLIST_NAME_MAX] = 'x';
    longest[NICHE_SHORTLIST_NAME_MAX + 1] = '\0';
    assert_int_equal(niche_store_shortlist_create(st, longest, NULL, NULL), NICHE_EINVAL);
    assert_int_equal(niche_store_shortlist_create(st, "", NULL, NULL), NICHE_EINVAL);
    assert_int_equal(niche_store_shortlist_create(st, NULL, NULL, NULL), NICHE_EINVAL);
    assert_int_equal(niche_store_shortlist_create(st, "tab\there", NULL, NULL), NICHE_EINVAL);
    assert_int_equal(niche_store_shortlist_create(st, "c1\xc2\x85", NULL, NULL), NICHE_EINVAL);
    assert_int_equal(niche_store_shortlist_create(st, " lead", NULL, NULL), NICHE_EINVAL);
    assert_int_equal(niche_store_shortlist_create(st, "bad\xff", NULL, NULL), NICHE_EINVAL);
    assert_int_equal(niche_store_shortlist_find(st, "", &l, NULL), NICHE_EINVAL);
}

static void test_store__shortlist_members_in_order(void **state)
{
    struct niche_store *st = store(state);
    struct members m;
    struct niche_shortlist l;
    int64_t ids[3], id = 0;
    int added = -1, removed = -1;

    seed_list_accounts(st, ids);
    assert_int_equal(niche_store_shortlist_create(st, "fall", &id, NULL), 0);
    assert_int_equal(niche_store_shortlist_add(st, id, ids[2], NULL, &added, NULL), 0);
    assert_int_equal(added, 1);
    assert_int_equal(niche_store_shortlist_add(st, id, ids[0], "asked rate", NULL, NULL), 0);
    assert_int_equal(niche_store_shortlist_add(st, id, ids[1], NULL, NULL, NULL), 0);
    /* Again: not an error, keeps its place; NULL keeps the note, a note replaces it. */
    assert_int_equal(niche_store_shortlist_add(st, id, ids[0], NULL, &added, NULL), 0);
    assert_int_equal(added, 0);
    list_members(st, id, &m);
    assert_int_equal(m.n, 3);
    assert_string_equal(m.handles[0], "cleo");
    assert_string_equal(m.handles[1], "ana");
    assert_string_equal(m.handles[2], "ben");
    assert_string_equal(m.notes[1], "asked rate");
    assert_string_equal(m.notes[0], "(none)");
    assert_true(m.added_ms[0] > 0 && m.added_ms[0] <= m.added_ms[2]);
    assert_int_equal(niche_store_shortlist_add(st, id, ids[0], "booked", &added, NULL), 0);
    assert_int_equal(added, 0);
    list_members(st, id, &m);
    assert_string_equal(m.notes[1], "booked");
    /* Remove, remove again (not on it), add back: at the end now. */
    assert_int_equal(niche_store_shortlist_remove(st, id, ids[0], &removed, NULL), 0);
    assert_int_equal(removed, 1);
    assert_int_equal(niche_store_shortlist_remove(st, id, ids[0], &removed, NULL), 0);
    assert_int_equal(removed, 0);
    assert_int_equal(niche_store_shortlist_add(st, id, ids[0], NULL, &added, NULL), 0);
    list_members(st, id, &m);
    assert_int_equal(m.n, 3);
    assert_string_equal(m.handles[2], "ana");
    assert_string_equal(m.notes[2], "(none)");
    assert_int_equal(niche_store_shortlist_find(st, "fall", &l, NULL), 0);
    assert_int_equal(l.members, 3);
    assert_int_equal(niche_store_shortlist_add(st, id, 999999, NULL, NULL, NULL), NICHE_ENOTFOUND);
    assert_int_equal(niche_store_shortlist_add(st, 999999, ids[0], NULL, NULL, NULL),
                     NICHE_ENOTFOUND);
}

struct lists {
    char names[4][NICHE_SHORTLIST_NAME_MAX + 1];
    int64_t members[4];
    int n;
};

static int collect_list(void *ctx, const struct niche_shortlist *l)
{
    struct lists *c = ctx;

    if (c->n < 4) {
        snprintf(c->names[c->n], sizeof(c->names[0]), "%s", l->name);
        c->members[c->n++] = l->members;
    }
    return 0;
}

static void test_store__shortlist_scan_rename_delete(void **state)
{
    struct niche_store *st = store(state);
    struct niche_shortlist l;
    struct lists c;
    int64_t ids[3], b = 0, z = 0;

    seed_list_accounts(st, ids);
    assert_int_equal(niche_store_shortlist_create(st, "zeta", &z, NULL), 0);
    assert_int_equal(niche_store_shortlist_create(st, "beta", &b, NULL), 0);
    assert_int_equal(niche_store_shortlist_add(st, z, ids[0], NULL, NULL, NULL), 0);
    assert_int_equal(niche_store_shortlist_add(st, z, ids[1], NULL, NULL, NULL), 0);
    memset(&c, 0, sizeof(c));
    assert_int_equal(niche_store_shortlist_scan(st, collect_list, &c, NULL), 0);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.names[0], "beta");     /* by name */
    assert_int_equal(c.members[0], 0);
    assert_int_equal(c.members[1], 2);
    assert_int_equal(niche_store_shortlist_rename(st, z, "beta", NULL), NICHE_EEXIST);
    assert_int_equal(niche_store_shortlist_rename(st, z, "alpha", NULL), 0);
    assert_int_equal(niche_store_shortlist_find(st, "zeta", &l, NULL), NICHE_ENOTFOUND);
    assert_int_equal(niche_store_shortlist_find(st, "alpha", &l, NULL), 0);
    assert_int_equal(l.members, 2);
    assert_int_equal(niche_store_shortlist_rename(st, 999999, "x", NULL), NICHE_ENOTFOUND);
    /* Deleting a list takes its memberships, never the accounts. */
    assert_int_equal(niche_store_shortlist_delete(st, z, NULL), 0);
    assert_int_equal(niche_store_shortlist_delete(st, z, NULL), NICHE_ENOTFOUND);
    assert_int_equal(count_accounts(st), 3);
    assert_int_equal(niche_store_shortlist_add(st, b, ids[0], NULL, NULL, NULL), 0);
    memset(&c, 0, sizeof(c));
    assert_int_equal(niche_store_shortlist_scan(st, collect_list, &c, NULL), 0);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.members[0], 1);
}

static void test_store__shortlist_rollback_and_workspaces(void **state)
{
    struct niche_store *st = store(state);
    struct niche_shortlist l;
    int64_t ids[3], id = 0, other = 0;

    seed_list_accounts(st, ids);
    assert_int_equal(niche_store_begin(st, NULL), 0);
    assert_int_equal(niche_store_shortlist_create(st, "draft", &id, NULL), 0);
    assert_int_equal(niche_store_shortlist_add(st, id, ids[0], NULL, NULL, NULL), 0);
    niche_store_rollback(st);
    assert_int_equal(niche_store_shortlist_find(st, "draft", &l, NULL), NICHE_ENOTFOUND);
    assert_int_equal(niche_store_shortlist_create(st, "mine", &id, NULL), 0);
    assert_int_equal(niche_store_use_workspace(st, "other", 1, NULL), 0);
    /* Another workspace sees none of it and cannot touch it. */
    assert_int_equal(niche_store_shortlist_find(st, "mine", &l, NULL), NICHE_ENOTFOUND);
    assert_int_equal(niche_store_shortlist_add(st, id, ids[0], NULL, NULL, NULL), NICHE_ENOTFOUND);
    assert_int_equal(niche_store_shortlist_delete(st, id, NULL), NICHE_ENOTFOUND);
    assert_int_equal(niche_store_shortlist_create(st, "mine", &other, NULL), 0);
    assert_int_equal(niche_store_shortlist_add(st, other, ids[0], NULL, NULL, NULL),
                     NICHE_ENOTFOUND);   /* an account of the first workspace */
    assert_int_equal(niche_store_workspace_clear(st, NULL), 0);
    assert_int_equal(niche_store_shortlist_find(st, "mine", &l, NULL), NICHE_ENOTFOUND);
    assert_int_equal(niche_store_use_workspace(st, "default", 0, NULL), 0);
    assert_int_equal(niche_store_shortlist_find(st, "mine", &l, NULL), 0);
    assert_int_equal(l.id, id);
}

static void test_store__shortlist_resolve(void **state)
{
    struct fixture *f = *state;
    struct niche_store *st = store(state);
    int64_t ids[3], id = 0, *got = NULL;
    size_t n = 99;

    seed_list_accounts(st, ids);
    assert_int_equal(niche_store_shortlist_create(st, "resolve", &id, NULL), 0);
    assert_int_equal(niche_shortlist_resolve(st, "resolve", &got, &n, NULL), 0);
    assert_null(got);
    assert_int_equal(n, 0);
    assert_int_equal(niche_store_shortlist_add(st, id, ids[1], NULL, NULL, NULL), 0);
    assert_int_equal(niche_store_shortlist_add(st, id, ids[0], NULL, NULL, NULL), 0);
    assert_int_equal(niche_shortlist_resolve(st, "resolve", &got, &n, NULL), 0);
    assert_int_equal(n, 2);
    assert_int_equal(got[0], ids[1]);
    assert_int_equal(got[1], ids[0]);
    free(got);
    assert_int_equal(niche_shortlist_resolve(st, "nope", &got, &n, &f->err), NICHE_ENOTFOUND);
    assert_non_null(strstr(f->err.msg, "no list 'nope'"));
    assert_null(got);
    assert_int_equal(n, 0);
}

/* ---- audience sketches ------------------------------------------------------ */

static void audience_blobs(struct niche_audience *a, int64_t id, unsigned char *h,
                           size_t nh, unsigned char *m, size_t nm)
{
    memset(a, 0, sizeof(*a));
    a->account_id = id;
    a->sample_size = 3;
    a->hll = h;
    a->hll_len = nh;
    a->minhash = m;
    a->minhash_len = nm;
    a->updated_ms = 77;
}

struct audience_seen {
    int64_t ids[4];
    int n, with_hll, with_minhash;
};

static int audience_cb(void *ctx, const struct niche_audience *a)
{
    struct audience_seen *s = ctx;

    if (s->n < 4)
        s->ids[s->n++] = a->account_id;
    s->with_hll += a->hll != NULL;
    s->with_minhash += a->minhash != NULL;
    return 0;
}

static void test_store__audience_round_trip(void **state)
{
    struct niche_store *st = store(state);
    unsigned char h[] = { 1, 2, 3 }, m[] = { 4, 5 }, h2[] = { 9 };
    struct niche_audience a, got;
    struct audience_seen seen;
    struct niche_account acc;
    int64_t ia = 0, ib = 0, ic = 0;

    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_INSTAGRAM, "a", &ia, NULL, NULL), 0);
    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_TIKTOK, "b", &ib, NULL, NULL), 0);
    assert_int_equal(niche_store_audience_get(st, ia, &got, NULL), NICHE_ENOTFOUND);
    audience_blobs(&a, ia, h, sizeof(h), m, sizeof(m));
    assert_int_equal(niche_store_audience_put(st, &a, NULL), 0);
    audience_blobs(&a, ib, h2, sizeof(h2), NULL, 0);
    assert_int_equal(niche_store_audience_put(st, &a, NULL), 0);
    assert_int_equal(niche_store_audience_get(st, ia, &got, NULL), 0);
    assert_int_equal(got.sample_size, 3);
    assert_int_equal(got.updated_ms, 77);
    assert_int_equal(got.hll_len, 3);
    assert_memory_equal(got.hll, h, 3);
    assert_int_equal(got.minhash_len, 2);
    assert_memory_equal(got.minhash, m, 2);
    niche_audience_release(&got);
    /* A second put replaces; an account of no workspace is refused. */
    audience_blobs(&a, ia, h2, sizeof(h2), m, sizeof(m));
    assert_int_equal(niche_store_audience_put(st, &a, NULL), 0);
    assert_int_equal(niche_store_audience_get(st, ia, &got, NULL), 0);
    assert_int_equal(got.hll_len, 1);
    niche_audience_release(&got);
    audience_blobs(&a, ib + 1000, h, sizeof(h), m, sizeof(m));
    assert_int_equal(niche_store_audience_put(st, &a, NULL), NICHE_ENOTFOUND);
    /* Scans: by account id, by platform, only the blobs asked for. */
    memset(&seen, 0, sizeof(seen));
    assert_int_equal(niche_store_audience_scan(st, NICHE_PLATFORM_UNKNOWN,
                     NICHE_AUDIENCE_HLL | NICHE_AUDIENCE_MINHASH, audience_cb, &seen, NULL), 0);
    assert_int_equal(seen.n, 2);
    assert_true(seen.ids[0] == ia && seen.ids[1] == ib);
    assert_int_equal(seen.with_minhash, 1);
    memset(&seen, 0, sizeof(seen));
    assert_int_equal(niche_store_audience_scan(st, NICHE_PLATFORM_TIKTOK, NICHE_AUDIENCE_MINHASH,
                                               audience_cb, &seen, NULL), 0);
    assert_true(seen.n == 1 && seen.ids[0] == ib && seen.with_hll == 0);
    /* By id, within the workspace only. */
    assert_int_equal(niche_store_account_get_by_id(st, ib, &acc, NULL), 0);
    assert_string_equal(acc.handle, "b");
    assert_int_equal(acc.platform, NICHE_PLATFORM_TIKTOK);
    niche_account_release(&acc);
    assert_int_equal(niche_store_account_get_by_id(st, ib + 1000, &acc, NULL), NICHE_ENOTFOUND);
    assert_int_equal(niche_store_use_workspace(st, "elsewhere", 1, NULL), 0);
    assert_int_equal(niche_store_account_get_by_id(st, ia, &acc, NULL), NICHE_ENOTFOUND);
    assert_int_equal(niche_store_audience_get(st, ia, &got, NULL), NICHE_ENOTFOUND);
    /* With sketches in two workspaces, each scan sees its own (every
     * platform reads the whole table and keeps the workspace's ids). */
    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_TIKTOK, "c", &ic, NULL, NULL), 0);
    audience_blobs(&a, ic, h, sizeof(h), m, sizeof(m));
    assert_int_equal(niche_store_audience_put(st, &a, NULL), 0);
    memset(&seen, 0, sizeof(seen));
    assert_int_equal(niche_store_audience_scan(st, NICHE_PLATFORM_UNKNOWN, NICHE_AUDIENCE_HLL,
                                               audience_cb, &seen, NULL), 0);
    assert_true(seen.n == 1 && seen.ids[0] == ic);
    memset(&seen, 0, sizeof(seen));
    assert_int_equal(niche_store_audience_scan(st, NICHE_PLATFORM_TIKTOK, NICHE_AUDIENCE_HLL,
                                               audience_cb, &seen, NULL), 0);
    assert_true(seen.n == 1 && seen.ids[0] == ic);
    assert_int_equal(niche_store_use_workspace(st, "default", 0, NULL), 0);
    memset(&seen, 0, sizeof(seen));
    assert_int_equal(niche_store_audience_scan(st, NICHE_PLATFORM_UNKNOWN, NICHE_AUDIENCE_HLL,
                                               audience_cb, &seen, NULL), 0);
    assert_true(seen.n == 2 && seen.ids[0] == ia && seen.ids[1] == ib);
}

struct scanned {
    int64_t ids[4];
    int n;
};

static int scanned_cb(void *ctx, const struct niche_account *a)
{
    struct scanned *s = ctx;

    if (s->n < 4)
        s->ids[s->n] = a->id;
    s->n++;
    if (!strcmp(a->handle, "a")) {   /* what analysis reads is there */
        assert_int_equal(a->platform, NICHE_PLATFORM_X);
        assert_int_equal(a->followers, 10);
        assert_int_equal(a->following, 20);
        assert_string_equal(a->bio, "vegan food");
        assert_string_equal(a->language, "en");
        assert_int_equal(a->has_avatar, 0);
        assert_true(a->name == NULL);   /* and what it does not read is not */
    }
    return 0;
}

/* The analysis scan of accounts: the workspace's, by id, the fields
 * analysis uses. */
static void test_store__account_scan(void **state)
{
    struct niche_store *st = store(state);
    struct niche_account a;
    struct scanned seen = { { 0 }, 0 };
    int64_t ia = 0, ib = 0, other = 0;

    niche_account_init(&a);
    a.platform = NICHE_PLATFORM_X;
    a.handle = (char *)"a";
    a.name = (char *)"A";
    a.followers = 10;
    a.following = 20;
    a.bio = (char *)"vegan food";
    a.language = (char *)"en";
    a.has_avatar = 0;
    assert_int_equal(niche_store_account_upsert(st, &a, &ia, NULL), 0);
    assert_int_equal(niche_store_use_workspace(st, "other", 1, NULL), 0);
    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_X, "o", &other, NULL, NULL), 0);
    assert_int_equal(niche_store_use_workspace(st, "default", 0, NULL), 0);
    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_X, "b", &ib, NULL, NULL), 0);
    assert_int_equal(niche__store_account_scan(st, scanned_cb, &seen, NULL), 0);
    assert_int_equal(seen.n, 2);
    assert_true(seen.ids[0] == ia && seen.ids[1] == ib);
}

static int count_tags(void *ctx, int64_t account_id, const char *dim, const char *tag,
                      double posts)
{
    (void)account_id, (void)dim, (void)tag, (void)posts;
    ++*(int *)ctx;
    return 0;
}

/* Sketches and hashtags are analysis results that a run does not empty:
 * it deletes an account's (niche__store_kept_delete()) when they changed
 * or went. Only the workspace's own go, and a rolled-back delete keeps
 * them. */
static void test_store__kept_results(void **state)
{
    struct niche_store *st = store(state);
    unsigned char h[] = { 1 };
    const char *tag[] = { "vegan" };
    int64_t posts[] = { 2 }, id = 0, other = 0;
    struct niche_analysis_run run;
    struct niche_audience a, got;
    int tags = 0;

    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_X, "a", &id, NULL, NULL), 0);
    audience_blobs(&a, id, h, sizeof(h), NULL, 0);
    assert_int_equal(niche_store_audience_put(st, &a, NULL), 0);
    assert_int_equal(niche__store_tags_put(st, id, tag, posts, 1, NULL), 0);
    memset(&run, 0, sizeof(run));
    snprintf(run.scheme, sizeof(run.scheme), "later-fohr");
    assert_int_equal(niche_store_begin(st, NULL), 0);
    assert_int_equal(niche_store_analysis_begin(st, &run, NULL), 0);
    run.finished_ms = 1;
    assert_int_equal(niche_store_analysis_finish(st, &run, NULL), 0);
    assert_int_equal(niche_store_commit(st, NULL), 0);
    assert_int_equal(niche_store_audience_get(st, id, &got, NULL), 0);
    niche_audience_release(&got);
    assert_int_equal(niche_store_label_scan(st, NICHE_LABEL_TAG, count_tags, &tags, NULL), 0);
    assert_int_equal(tags, 1);

    /* Another workspace cannot delete them. */
    assert_int_equal(niche_store_use_workspace(st, "other", 1, NULL), 0);
    assert_int_equal(niche_store_account_ensure(st, NICHE_PLATFORM_X, "b", &other, NULL, NULL), 0);
    assert_int_equal(niche__store_kept_delete(st, NICHE__KEPT_AUDIENCE, id, NULL), 0);
    assert_int_equal(niche__store_kept_delete(st, NICHE__KEPT_TAGS, id, NULL), 0);
    assert_int_equal(niche_store_use_workspace(st, "default", 0, NULL), 0);
    assert_int_equal(niche_store_audience_get(st, id, &got, NULL), 0);
    niche_audience_release(&got);

    assert_int_equal(niche_store_begin(st, NULL), 0);
    assert_int_equal(niche__store_kept_delete(st, NICHE__KEPT_AUDIENCE, id, NULL), 0);
    assert_int_equal(niche__store_kept_delete(st, NICHE__KEPT_TAGS, id, NULL), 0);
    niche_store_rollback(st);
    assert_int_equal(niche_store_audience_get(st, id, &got, NULL), 0);
    niche_audience_release(&got);

    assert_int_equal(niche__store_kept_delete(st, NICHE__KEPT_AUDIENCE, id, NULL), 0);
    assert_int_equal(niche__store_kept_delete(st, NICHE__KEPT_TAGS, id, NULL), 0);
    assert_int_equal(niche_store_audience_get(st, id, &got, NULL), NICHE_ENOTFOUND);
    tags = 0;
    assert_int_equal(niche_store_label_scan(st, NICHE_LABEL_TAG, count_tags, &tags, NULL), 0);
    assert_int_equal(tags, 0);
}

#define CASES(setup)                                                         \
    cmocka_unit_test_setup_teardown(test_store__schema_is_latest, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__account_round_trip, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__upsert_merges, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__same_handle_other_platform, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__ensure, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__rejects_bad_accounts, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__get_missing, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__query, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__query_stops, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__rollback_leaves_nothing, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__index_stamp, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__inner_rollback_dooms_outer, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__posts_keyed_by_platform_id, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__post_facts, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__posts_after, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__followers_and_snapshots, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__tier_counts, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__workspaces_are_isolated, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__reopen_keeps_data, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__analysis_round_trip, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__analysis_rollback_keeps_old, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__shortlist_names, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__shortlist_members_in_order, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__shortlist_scan_rename_delete, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__shortlist_rollback_and_workspaces, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__shortlist_resolve, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__audience_round_trip, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__kept_results, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_store__account_scan, setup, teardown)

int main(void)
{
    const struct CMUnitTest sqlite_tests[] = {
        CASES(setup_sqlite),
        cmocka_unit_test(test_store__open_errors),
    };
    const struct CMUnitTest pg_tests[] = { CASES(setup_pg) };
    int failed = cmocka_run_group_tests_name("store/sqlite", sqlite_tests, NULL, NULL);

    failed += cmocka_run_group_tests_name("store/pg", pg_tests, NULL, NULL);
    return failed ? 1 : 0;
}
