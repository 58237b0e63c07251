/*
 * test_analyze.c - niche_analyze() through the library: how it writes its
 * results. A run writes them without the store checking each reference
 * (foreign keys) when no writer changed the workspace's accounts since it
 * began; otherwise with the checks. Either way they are back on after it.
 * (What the results are is tested through the CLI: tests/cli/t3001, t3002.)
 */
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

struct fixture {
    char path[512];
    struct niche_store *st;
    struct niche_error err;
    int changed;              /* accounts written during the run */
};

static int setup_world(void **state, int64_t accounts)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct niche_synth_opts o = NICHE_SYNTH_OPTS_INIT;
    const char *tmp = getenv("NICHE_TEST_TMP");
    char dir[400];

    snprintf(dir, sizeof(dir), "%s", tmp && *tmp ? tmp : "/tmp");
    mkdir(dir, 0755);
    snprintf(f->path, sizeof(f->path), "%s/analyze-%d.db", dir, (int)getpid());
    unlink(f->path);
    o.accounts = accounts;
    o.seed = 5;
    if (niche_store_open(&f->st, f->path, NICHE_STORE_CREATE, &f->err) < 0 ||
        niche_synth_run(f->st, &o, NULL, &f->err) < 0) {
        fprintf(stderr, "%s: %s\n", f->path, f->err.msg);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int setup(void **state)
{
    return setup_world(state, 60);
}

/* Enough accounts with posts for four threads to build their facts. */
static int setup_400(void **state)
{
    return setup_world(state, 400);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char p[600];

    niche_store_close(f->st);
    unlink(f->path);
    snprintf(p, sizeof(p), "%s-wal", f->path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", f->path);
    unlink(p);
    free(f);
    return 0;
}

/* A hashtag row for an account that does not exist: refused when the
 * store checks references. */
static void expect_refs_checked(struct fixture *f)
{
    struct niche_error e;

    assert_true(niche_store_account_tag_put(f->st, 987654321, "ghost", 1, &e) < 0);
    assert_non_null(strstr(e.msg, "FOREIGN KEY"));
}

/* The run as stored: the one niche_analyze() returned. */
static void expect_stored(struct fixture *f, const struct niche_analysis_run *run)
{
    struct niche_analysis_run got;
    struct niche_error e;

    assert_int_equal(niche_store_analysis_get(f->st, &got, &e), 0);
    assert_int_equal(got.id, run->id);   /* ids are reused: the times tell runs apart */
    assert_int_equal(got.started_ms, run->started_ms);
    assert_int_equal(got.finished_ms, run->finished_ms);
    assert_int_equal(got.analysed, run->analysed);
}

static void test_analyze__refs_checked_after_a_run(void **state)
{
    struct fixture *f = *state;
    struct niche_analyze_opts o = NICHE_ANALYZE_OPTS_INIT;
    struct niche_analysis_run run;

    expect_refs_checked(f);
    assert_int_equal(niche_analyze(f->st, &o, &run, &f->err), 0);
    assert_true(run.analysed > 0);
    expect_refs_checked(f);
    expect_stored(f, &run);
}

/* Between two passes, another writer adds an account. */
static int add_account(void *ctx, const char *stage, int64_t done, int64_t total)
{
    struct fixture *f = ctx;
    struct niche_account a;
    int64_t id;

    (void)done;
    (void)total;
    if (f->changed || strcmp(stage, "posts"))
        return 0;
    niche_account_init(&a);
    a.platform = NICHE_PLATFORM_INSTAGRAM;
    a.handle = (char *)"newcomer";
    a.followers = 10;
    f->changed = niche_store_account_upsert(f->st, &a, &id, &f->err) == 0;
    return 0;
}

static void test_analyze__accounts_changed_during_the_run(void **state)
{
    struct fixture *f = *state;
    struct niche_analyze_opts o = NICHE_ANALYZE_OPTS_INIT;
    struct niche_analysis_run run;

    o.on_progress = add_account;
    o.ctx = f;
    assert_int_equal(niche_analyze(f->st, &o, &run, &f->err), 0);
    assert_true(f->changed);
    assert_true(run.analysed > 0);
    expect_refs_checked(f);
    expect_stored(f, &run);
}

/* Cancel the run when a stage ends. */
static int cancel_at(void *ctx, const char *stage, int64_t done, int64_t total)
{
    return done == total && !strcmp(stage, (const char *)ctx) ? NICHE_ECANCELED : 0;
}

/* A run stopped at any stage, before or after its results transaction
 * opened (it opens while the followers are still read), leaves the last
 * results as they were, references checked, and no transaction open. */
static void test_analyze__cancelled_runs_leave_the_results(void **state)
{
    static const char *const stages[] = { "accounts", "snapshots", "posts", "comments",
                                          "post-results", "followers", "concluding" };
    struct fixture *f = *state;
    struct niche_analyze_opts o = NICHE_ANALYZE_OPTS_INIT;
    struct niche_analysis_run first, run;
    size_t i;

    assert_int_equal(niche_analyze(f->st, &o, &first, &f->err), 0);
    for (i = 0; i < sizeof(stages) / sizeof(*stages); i++) {
        o.on_progress = cancel_at;
        o.ctx = (void *)stages[i];
        assert_int_equal(niche_analyze(f->st, &o, &run, &f->err), NICHE_ECANCELED);
        expect_stored(f, &first);
        expect_refs_checked(f);
    }
    /* The last report comes after the commit: a cancel there is not
     * heard, since the run did replace the results. */
    o.ctx = (void *)"writing";
    assert_int_equal(niche_analyze(f->st, &o, &run, &f->err), 0);
    expect_stored(f, &run);
    expect_refs_checked(f);
}

/* Cancel while the posts pass is under way (its total is not known yet). */
static int cancel_building(void *ctx, const char *stage, int64_t done, int64_t total)
{
    int *calls = ctx;

    (void)done;
    if (strcmp(stage, "posts") || total != -1)
        return 0;
    ++*calls;
    return NICHE_ECANCELED;
}

/* A first run cancelled while four threads build the post facts stores
 * nothing, and the next run builds every account's facts. */
static void test_analyze__cancelled_while_building_facts(void **state)
{
    struct fixture *f = *state;
    struct niche_analyze_opts o = NICHE_ANALYZE_OPTS_INIT;
    struct niche_analysis_run run;
    struct niche_error e;
    int calls = 0;

    o.threads = 4;
    o.on_progress = cancel_building;
    o.ctx = &calls;
    assert_int_equal(niche_analyze(f->st, &o, &run, &f->err), NICHE_ECANCELED);
    assert_int_equal(calls, 1);
    assert_int_equal(niche_store_analysis_get(f->st, &run, &e), NICHE_ENOTFOUND);
    expect_refs_checked(f);
    o.on_progress = NULL;
    assert_int_equal(niche_analyze(f->st, &o, &run, &f->err), 0);
    assert_int_equal(run.facts_built, 400);   /* synth gives every creator posts */
    expect_stored(f, &run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_analyze__refs_checked_after_a_run, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_analyze__accounts_changed_during_the_run, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_analyze__cancelled_runs_leave_the_results, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_analyze__cancelled_while_building_facts,
                                        setup_400, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
