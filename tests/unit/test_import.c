/*
 * test_import.c - lib/import.c: binding columns to fields, converting
 * messy cells, writing rows, and leaving nothing behind on failure.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "niche/niche.h"

static int setup(void **state)
{
    struct niche_store *st = NULL;

    if (niche_store_open(&st, ":memory:", NICHE_STORE_CREATE, NULL) < 0)
        return -1;
    *state = st;
    return 0;
}

static int teardown(void **state)
{
    niche_store_close(*state);
    return 0;
}

static int run(struct niche_store *st, enum niche_import_kind kind,
               enum niche_import_format fmt, const char *data,
               const struct niche_import_map *maps, size_t nmaps,
               struct niche_import_result *res, struct niche_error *err)
{
    struct niche_import_opts o = NICHE_IMPORT_OPTS_INIT;

    o.kind = kind;
    o.format = fmt;
    o.maps = maps;
    o.nmaps = nmaps;
    return niche_import_mem(st, "in", data, strlen(data), &o, res, err);
}

static struct niche_account get(struct niche_store *st, enum niche_platform p, const char *h)
{
    struct niche_account a;

    assert_int_equal(niche_store_account_get(st, p, h, &a, NULL), 0);
    return a;
}

static int64_t n_accounts(struct niche_store *st)
{
    struct niche_store_counts n;

    assert_int_equal(niche_store_counts(st, NULL, &n, NULL), 0);
    return n.accounts[0];
}

static void test_import__accounts_messy_values(void **state)
{
    struct niche_store *st = *state;
    struct niche_import_result r;
    struct niche_account a;
    const char *csv =
        "\xef\xbb\xbfplatform,handle,name,followers,following,posts,country,verified\r\n"
        "Instagram,@Cristiano,\"Cristiano \xf0\x9f\x87\xb5\xf0\x9f\x87\xb9\",475.8M,560,\"3,300\",N/A,yes\r\n"
        "tiktok,b,B,137.6K,-,#VALOR!,,\r\n"
        ",,,,,,,\r\n";

    assert_int_equal(run(st, NICHE_IMPORT_ACCOUNTS, NICHE_FORMAT_CSV, csv, NULL, 0, &r, NULL), 0);
    assert_int_equal(r.rows, 2);
    assert_int_equal(r.imported, 2);
    assert_int_equal(r.blank, 1);
    a = get(st, NICHE_PLATFORM_INSTAGRAM, "cristiano");   /* '@' gone, lowercase */
    assert_int_equal(a.followers, 475800000);
    assert_int_equal(a.posts, 3300);
    assert_null(a.country);                               /* N/A is missing */
    assert_int_equal(a.verified, 1);
    assert_string_equal(a.name, "Cristiano \xf0\x9f\x87\xb5\xf0\x9f\x87\xb9");
    niche_account_release(&a);
    a = get(st, NICHE_PLATFORM_TIKTOK, "b");
    assert_int_equal(a.followers, 137600);
    assert_int_equal(a.following, NICHE_MISSING);         /* '-' */
    assert_int_equal(a.posts, NICHE_MISSING);             /* #VALOR! */
    assert_int_equal(a.verified, -1);
    niche_account_release(&a);
    niche_import_result_release(&r);
}

static void test_import__maps_repeated_headers_and_joins(void **state)
{
    struct niche_store *st = *state;
    struct niche_import_result r;
    struct niche_account a;
    const struct niche_import_map maps[] = {
        { "handle", "Instagram name" }, { "followers", "followers#2" },
        { "category", "Category_1" }, { "category", "Category_2" },
        { "reported_er", "Eng rate" },
    };
    const char *csv =
        "S.no,\"Instagram name\n\",followers,followers,Category_1,Category_2,Eng rate\n"
        "1,leomessi,409.8M,409800000,Sports with a ball,Family,1.39%\n";
    struct niche_import_opts o = NICHE_IMPORT_OPTS_INIT;

    o.platform = NICHE_PLATFORM_INSTAGRAM;
    o.maps = maps;
    o.nmaps = 5;
    assert_int_equal(niche_import_mem(st, "x.csv", csv, strlen(csv), &o, &r, NULL), 0);
    a = get(st, NICHE_PLATFORM_INSTAGRAM, "leomessi");
    assert_int_equal(a.followers, 409800000);
    assert_string_equal(a.category, "Sports with a ball; Family");
    assert_true(fabs(a.reported_er - 0.0139) < 1e-12);
    niche_account_release(&a);
    assert_non_null(r.ignored_columns);
    assert_non_null(strstr(r.ignored_columns, "S.no"));
    assert_non_null(strstr(r.ignored_columns, "followers"));   /* the first, unused */
    niche_import_result_release(&r);
}

static void test_import__bad_row_writes_nothing(void **state)
{
    struct niche_store *st = *state;
    struct niche_error err = NICHE_ERROR_INIT;
    const char *csv =
        "platform,handle,followers\n"
        "instagram,a,100\n"
        "instagram,b,1,3Q\n"      /* extra field is ignored; '1' parses */
        "instagram,c,\"1,3Q\"\n";

    assert_int_equal(run(st, NICHE_IMPORT_ACCOUNTS, NICHE_FORMAT_CSV, csv, NULL, 0, NULL, &err),
                     NICHE_EPARSE);
    assert_string_equal(err.file, "in");
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 13);
    assert_non_null(strstr(err.msg, "in:4:13: followers '1,3Q'"));
    assert_int_equal(n_accounts(st), 0);
}

struct skips {
    int n;
    long lines[4];
};

static void on_skip(void *ctx, const struct niche_error *e)
{
    struct skips *s = ctx;

    if (s->n < 4)
        s->lines[s->n] = e->line;
    s->n++;
}

static void test_import__skip_bad(void **state)
{
    struct niche_store *st = *state;
    struct niche_import_opts o = NICHE_IMPORT_OPTS_INIT;
    struct niche_import_result r;
    struct skips s = { 0, { 0 } };
    const char *csv =
        "platform,handle,followers\n"
        "instagram,a,100\n"
        "myspace,b,1\n"
        "instagram,c,-4\n"
        "instagram,,5\n"
        "instagram,d,2K\n";

    o.skip_bad = 1;
    o.on_skip = on_skip;
    o.ctx = &s;
    assert_int_equal(niche_import_mem(st, "in.csv", csv, strlen(csv), &o, &r, NULL), 0);
    assert_int_equal(r.imported, 2);
    assert_int_equal(r.skipped, 3);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.lines[0], 3);
    assert_int_equal(s.lines[1], 4);
    assert_int_equal(s.lines[2], 5);
    assert_int_equal(n_accounts(st), 2);
    niche_import_result_release(&r);
}

static void test_import__reimport_updates_in_place(void **state)
{
    struct niche_store *st = *state;
    struct niche_account a;

    assert_int_equal(run(st, NICHE_IMPORT_ACCOUNTS, NICHE_FORMAT_CSV,
                         "platform,handle,followers,bio\nx,a,10,hello\n", NULL, 0, NULL, NULL), 0);
    assert_int_equal(run(st, NICHE_IMPORT_ACCOUNTS, NICHE_FORMAT_CSV,
                         "platform,handle,followers,bio\nX,A,20,\n", NULL, 0, NULL, NULL), 0);
    assert_int_equal(n_accounts(st), 1);
    a = get(st, NICHE_PLATFORM_X, "a");
    assert_int_equal(a.followers, 20);
    assert_string_equal(a.bio, "hello");   /* empty did not erase it */
    niche_account_release(&a);
}

static void test_import__posts_jsonl(void **state)
{
    struct niche_store *st = *state;
    struct niche_import_result r;
    struct niche_store_counts n;
    const struct niche_import_map maps[] = { { "handle", "owner.username" },
                                             { "post_id", "shortcode" } };
    const char *jl =
        "{\"platform\":\"instagram\",\"owner\":{\"username\":\"Amy\"},\"shortcode\":\"C1\","
        "\"posted_at\":\"2024-03-01T12:00:00+02:00\",\"type\":\"Sidecar\","
        "\"caption\":\"Glow #SkinCare #ad with @Brand.Co. today\",\"likes\":-1,\"comments\":4}\n"
        "\n"
        "{\"platform\":\"instagram\",\"owner\":{\"username\":\"amy\"},\"shortcode\":\"C2\","
        "\"likes\":\"1.2K\",\"hashtags\":[\"A\",\"#b\"]}\n";

    assert_int_equal(run(st, NICHE_IMPORT_POSTS, NICHE_FORMAT_JSONL, jl, maps, 2, &r, NULL), 0);
    assert_int_equal(r.imported, 2);
    assert_int_equal(r.accounts_created, 1);   /* amy, once */
    assert_int_equal(niche_store_counts(st, NULL, &n, NULL), 0);
    assert_int_equal(n.posts[0], 2);
    assert_int_equal(n.accounts[0], 1);
    niche_import_result_release(&r);
}

static void test_import__jsonl_errors_have_positions(void **state)
{
    struct niche_store *st = *state;
    struct niche_error err = NICHE_ERROR_INIT;

    assert_int_equal(run(st, NICHE_IMPORT_ACCOUNTS, NICHE_FORMAT_JSONL,
                         "{\"platform\":\"x\",\"handle\":\"a\"}\n{\"platform\":\"x\",\"handle\":\"b\","
                         "\"followers\":\"many\"}\n", NULL, 0, NULL, &err), NICHE_EPARSE);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 30);   /* where "followers" is */
    assert_int_equal(run(st, NICHE_IMPORT_ACCOUNTS, NICHE_FORMAT_JSONL,
                         "{\"platform\":\"x\",\"handle\":\"a\"}\n[1,2]\n", NULL, 0, NULL, &err),
                     NICHE_EPARSE);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "expected a JSON object"));
    assert_int_equal(n_accounts(st), 0);
}

static void test_import__binding_errors(void **state)
{
    struct niche_store *st = *state;
    struct niche_error err = NICHE_ERROR_INIT;
    const struct niche_import_map bad_col[] = { { "followers", "Followerz" } };
    const struct niche_import_map bad_field[] = { { "folowers", "followers" } };
    const struct niche_import_map twice[] = { { "followers", "a" }, { "followers", "b" } };

    assert_int_equal(run(st, NICHE_IMPORT_ACCOUNTS, NICHE_FORMAT_CSV, "platform,name\nx,y\n",
                         NULL, 0, NULL, &err), NICHE_EINVAL);
    assert_non_null(strstr(err.msg, "no column for handle"));
    assert_int_equal(run(st, NICHE_IMPORT_ACCOUNTS, NICHE_FORMAT_CSV, "handle\na\n",
                         NULL, 0, NULL, &err), NICHE_EINVAL);
    assert_non_null(strstr(err.msg, "--platform"));
    assert_int_equal(run(st, NICHE_IMPORT_ACCOUNTS, NICHE_FORMAT_CSV,
                         "platform,handle,followers\nx,a,1\n", bad_col, 1, NULL, &err),
                     NICHE_EINVAL);
    assert_non_null(strstr(err.msg, "'followers'"));   /* lists the columns */
    assert_int_equal(run(st, NICHE_IMPORT_ACCOUNTS, NICHE_FORMAT_CSV,
                         "platform,handle\nx,a\n", bad_field, 1, NULL, &err), NICHE_EINVAL);
    assert_int_equal(run(st, NICHE_IMPORT_ACCOUNTS, NICHE_FORMAT_CSV,
                         "platform,handle,a,b\nx,h,1,2\n", twice, 2, NULL, &err), NICHE_EINVAL);
    assert_int_equal(run(st, NICHE_IMPORT_ACCOUNTS, NICHE_FORMAT_CSV, "", NULL, 0, NULL, &err),
                     NICHE_EPARSE);
    assert_int_equal(n_accounts(st), 0);
}

static void test_import__followers_and_snapshots(void **state)
{
    struct niche_store *st = *state;
    struct niche_import_result r;
    struct niche_store_counts n;
    struct niche_account a;

    assert_int_equal(run(st, NICHE_IMPORT_FOLLOWERS, NICHE_FORMAT_CSV,
                         "platform,handle,follower_handle,follower_following\n"
                         "ig,star,fan1,2000\nig,star,fan2,\nig,star,fan1,2100\n",
                         NULL, 0, &r, NULL), 0);
    assert_int_equal(r.accounts_created, 3);   /* star, fan1, fan2: each once */
    a = get(st, NICHE_PLATFORM_INSTAGRAM, "fan1");
    assert_int_equal(a.following, 2100);
    niche_account_release(&a);
    assert_int_equal(run(st, NICHE_IMPORT_SNAPSHOTS, NICHE_FORMAT_CSV,
                         "platform,handle,date,followers\nig,star,2024-01-01,10\n"
                         "ig,star,2024-01-02,1.1K\nig,star,2024-01-01,12\n", NULL, 0, NULL, NULL), 0);
    assert_int_equal(niche_store_counts(st, NULL, &n, NULL), 0);
    assert_int_equal(n.follower_edges[0], 2);
    assert_int_equal(n.snapshots[0], 2);
    assert_int_equal(n.accounts[0], 3);
    niche_import_result_release(&r);
}

static int cancel(void *ctx, int64_t rows, int64_t bytes)
{
    (void)ctx;
    (void)bytes;
    return rows >= 65536;
}

static void test_import__cancel_rolls_back(void **state)
{
    struct niche_store *st = *state;
    struct niche_import_opts o = NICHE_IMPORT_OPTS_INIT;
    size_t cap = 80 * 70000, len = 0;
    char *csv = malloc(cap);
    int i;

    assert_non_null(csv);
    len += (size_t)snprintf(csv, cap, "platform,handle,followers\n");
    for (i = 0; i < 70000; i++)
        len += (size_t)snprintf(csv + len, cap - len, "tiktok,user%d,%d\n", i, i);
    o.on_progress = cancel;
    assert_int_equal(niche_import_mem(st, "big.csv", csv, len, &o, NULL, NULL), NICHE_ECANCELED);
    assert_int_equal(n_accounts(st), 0);
    free(csv);
}

/* Regressions found by fuzz_import (their inputs are in the corpus too). */
static void test_import__skipped_self_follow_writes_nothing(void **state)
{
    struct niche_store *st = *state;
    struct niche_import_opts o = NICHE_IMPORT_OPTS_INIT;
    struct niche_import_result r;
    const char *csv = "platform,handle,follower_handle,follower_followers\nx,a,A,500\n";

    o.kind = NICHE_IMPORT_FOLLOWERS;
    o.skip_bad = 1;
    assert_int_equal(niche_import_mem(st, "f.csv", csv, strlen(csv), &o, &r, NULL), 0);
    assert_int_equal(r.skipped, 1);
    assert_int_equal(r.imported, 0);
    assert_int_equal(r.accounts_created, 0);
    assert_int_equal(n_accounts(st), 0);
    niche_import_result_release(&r);
}

static void test_import__reader_error_after_skipped_row(void **state)
{
    struct niche_store *st = *state;
    struct niche_import_opts o = NICHE_IMPORT_OPTS_INIT;
    struct niche_error err = NICHE_ERROR_INIT;
    const char *csv = "platform,handle,followers\nx,a,many\nx,b,1\nx,\"c,2\n";

    o.skip_bad = 1;
    assert_int_equal(niche_import_mem(st, "q.csv", csv, strlen(csv), &o, NULL, &err),
                     NICHE_EPARSE);
    assert_int_equal(err.line, 4);                 /* the open quote, not row 2 */
    assert_non_null(strstr(err.msg, "not closed"));
    assert_int_equal(n_accounts(st), 0);
}

static void test_import__real_count_out_of_range(void **state)
{
    struct niche_store *st = *state;
    struct niche_error err = NICHE_ERROR_INIT;

    assert_int_equal(run(st, NICHE_IMPORT_ACCOUNTS, NICHE_FORMAT_JSONL,
                         "{\"platform\":\"x\",\"handle\":\"a\",\"followers\":1e300}\n",
                         NULL, 0, NULL, &err), NICHE_EPARSE);
    assert_non_null(strstr(err.msg, "too large"));
    assert_int_equal(n_accounts(st), 0);
}

static void test_import__kinds_and_fields(void **state)
{
    const struct niche_import_field_info *f;
    size_t i;
    int required = 0;

    (void)state;
    assert_int_equal(niche_import_kind_parse("posts"), NICHE_IMPORT_POSTS);
    assert_int_equal(niche_import_kind_parse("post"), -1);
    assert_string_equal(niche_import_kind_name(NICHE_IMPORT_SNAPSHOTS), "snapshots");
    for (i = 0; (f = niche_import_field(NICHE_IMPORT_POSTS, i)) != NULL; i++)
        required += f->required == 1;
    assert_int_equal(required, 2);   /* handle, post_id */
    assert_null(niche_import_field(NICHE_IMPORT__COUNT, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_import__accounts_messy_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__maps_repeated_headers_and_joins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__bad_row_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__skip_bad, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__reimport_updates_in_place, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__posts_jsonl, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__jsonl_errors_have_positions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__binding_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__followers_and_snapshots, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__cancel_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__skipped_self_follow_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__reader_error_after_skipped_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__real_count_out_of_range, setup, teardown),
        cmocka_unit_test(test_import__kinds_and_fields),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
