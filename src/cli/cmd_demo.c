/*
 * cmd_demo.c - `niche demo`: the main job on generated data.
 *
 * Until the synthetic world exists (`niche synth`), the demo writes a small
 * sample of messy exports to a temporary directory and imports them with
 * the real importers into the workspace "demo", then summarises it.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

static const struct { const char *file; enum niche_import_kind kind; } demo_files[] = {
    { "accounts.csv", NICHE_IMPORT_ACCOUNTS },
    { "posts.jsonl", NICHE_IMPORT_POSTS },
    { "followers.csv", NICHE_IMPORT_FOLLOWERS },
    { "snapshots.csv", NICHE_IMPORT_SNAPSHOTS },
};
#define NDEMO (sizeof(demo_files) / sizeof(demo_files[0]))

static int import_all(struct cli *c, const char *dir, int64_t *rows)
{
    struct niche_import_opts o = NICHE_IMPORT_OPTS_INIT;
    struct niche_import_result r;
    char path[4200];
    size_t i;
    int rc;

    for (i = 0; i < NDEMO; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, demo_files[i].file);
        o.kind = demo_files[i].kind;
        if ((rc = niche_import_file(c->st, path, &o, &r, &c->err)) < 0)
            return rc;
        rows[i] = r.imported;
        niche_import_result_release(&r);
    }
    return 0;
}

static void remove_dir(const char *dir)
{
    char path[4200];
    size_t i;

    for (i = 0; i < NDEMO; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, demo_files[i].file);
        unlink(path);
    }
    rmdir(dir);
}

static int build(struct cli *c, int64_t accounts, int64_t seed, int64_t *rows)
{
    char dir[] = "/tmp/niche-demo-XXXXXX";
    int rc;

    if (!mkdtemp(dir))
        return niche_error_set(&c->err, NICHE_EIO, "cannot make a temporary directory");
    rc = niche_sample_write(dir, (uint64_t)seed, (int)accounts, &c->err);
    /* One transaction: a failed demo leaves the old demo workspace intact. */
    if (rc == 0 && (rc = niche_store_begin(c->st, &c->err)) == 0) {
        rc = niche_store_workspace_clear(c->st, &c->err);
        if (rc == 0)
            rc = import_all(c, dir, rows);
        if (rc == 0)
            rc = niche_store_commit(c->st, &c->err);
        else
            niche_store_rollback(c->st);
    }
    remove_dir(dir);
    return rc;
}

static int top_row(void *ctx, const struct niche_account *a)
{
    char b[32];

    (void)ctx;
    printf("  %-10s %-14s %10s followers  %s\n", niche_platform_name(a->platform), a->handle,
           cli_fmt_count(b, a->followers), a->category ? a->category : "");
    return 0;
}

static void summary(struct cli *c, const int64_t *rows)
{
    struct niche_account_query q = NICHE_ACCOUNT_QUERY_INIT;
    const struct niche_tier_scheme *sc = niche_tier_scheme_find(NULL);

    printf("niche demo: workspace '%s' in %s\n\n", niche_store_workspace_name(c->st), c->db);
    printf("Imported from generated exports (messy on purpose: \"12.3K\", \"N/A\",\n"
           "hidden likes, a byte-order mark):\n");
    printf("  %lld accounts, %lld posts, %lld follower edges, %lld snapshots\n\n",
           (long long)rows[0], (long long)rows[1], (long long)rows[2], (long long)rows[3]);
    printf("Micro-creators (%lld-%lld followers, %s), largest first:\n",
           (long long)sc->lower[NICHE_TIER_MICRO], (long long)sc->lower[NICHE_TIER_MID] - 1,
           sc->title);
    q.min_followers = sc->lower[NICHE_TIER_MICRO];
    q.max_followers = sc->lower[NICHE_TIER_MID] - 1;
    q.limit = 5;
    niche_store_account_query(c->st, &q, top_row, NULL, &c->err);
    printf("\nNext:\n"
           "  niche --workspace demo stats\n"
           "  niche --workspace demo accounts list --tier micro --limit 20\n"
           "  niche --workspace demo accounts show PLATFORM:HANDLE\n"
           "  niche import accounts YOUR_EXPORT.csv --map handle=Username --platform instagram\n");
}

int cmd_demo(struct cli *c, int argc, char **argv)
{
    int64_t accounts = 500, seed = 42, rows[NDEMO] = { 0 };
    char *pos[1];
    int npos, rc;
    const struct cli_opt opts[] = {
        { "--accounts", OPT_INT, &accounts, "N", "accounts to generate (default 500)" },
        { "--seed", OPT_INT, &seed, "S", "random seed (default 42)" },
        { NULL, OPT_FLAG, NULL, NULL, NULL }
    };

    if ((rc = cli_parse(c, argc, argv, opts, pos, 0, &npos)) != 0)
        return rc;
    if (accounts < 1 || accounts > 100000)
        return cli_usage_error(c, "--accounts must be 1 to 100000");
    if (!c->workspace && (rc = niche_store_use_workspace(c->st, "demo", 1, &c->err)) < 0)
        return cli_fail(c, rc);
    if ((rc = build(c, accounts, seed, rows)) < 0)
        return cli_fail(c, rc);
    if (c->json)
        return cli_json_out(json_pack("{s:s, s:s, s:I, s:I, s:I, s:I}", "database", c->db,
            "workspace", niche_store_workspace_name(c->st), "accounts", (json_int_t)rows[0],
            "posts", (json_int_t)rows[1], "follower_edges", (json_int_t)rows[2],
            "snapshots", (json_int_t)rows[3]));
    summary(c, rows);
    return CLI_OK;
}
