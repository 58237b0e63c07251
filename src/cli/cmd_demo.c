/*
 * cmd_demo.c - `niche demo`: the main job on a generated world.
 *
 * Builds the workspace "demo" from a fixed seed with `niche synth` (in one
 * transaction, replacing what it held) and prints what a marketer would
 * look at first: the world, then the audits of `niche analyze` next to the
 * ground truth they are scored against. Later issues add a search, a plan
 * and a report.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

/* Micro accounts with their stored audits, for the "best audiences" list. */
struct best {
    struct cli *c;
    struct best_row {
        char handle[300];
        struct niche_metrics m;
    } *rows;
    size_t n, alloc;
};

static int best_collect(void *ctx, const struct niche_account *a)
{
    struct best *b = ctx;
    struct best_row *r;

    if (b->n == b->alloc) {
        b->alloc = b->alloc ? 2 * b->alloc : 64;
        b->rows = niche_xrealloc(b->rows, b->alloc * sizeof(*b->rows));
    }
    r = &b->rows[b->n];
    if (niche_store_metrics_get(b->c->st, a->id, &r->m, NULL) < 0 || isnan(r->m.aqs))
        return 0;
    snprintf(r->handle, sizeof(r->handle), "%s:%s", niche_platform_name(a->platform),
             a->handle);
    b->n++;
    return 0;
}

static int best_cmp(const void *x, const void *y)
{
    double a = ((const struct best_row *)x)->m.aqs, b = ((const struct best_row *)y)->m.aqs;

    return a < b ? 1 : a > b ? -1 : 0;
}

static void print_best(struct cli *c, const struct niche_tier_scheme *sc)
{
    struct niche_account_query q = NICHE_ACCOUNT_QUERY_INIT;
    struct best b = { c, NULL, 0, 0 };
    size_t i;

    q.min_followers = sc->lower[NICHE_TIER_MICRO];
    q.max_followers = sc->lower[NICHE_TIER_MID] - 1;
    niche_store_account_query(c->st, &q, best_collect, &b, &c->err);
    qsort(b.rows, b.n, sizeof(*b.rows), best_cmp);
    printf("Micro-creators with the best audience quality (niche analyze):\n");
    printf("  %-28s %4s %10s %6s %10s  %s\n", "ACCOUNT", "AQS", "ER", "PCTL", "AUTHENTIC",
           "NICHE");
    for (i = 0; i < b.n && i < 8; i++) {
        const struct niche_metrics *m = &b.rows[i].m;
        enum niche_er_variant v = niche_platform_has_views(m->platform) ? NICHE_ER_V
                                                                        : NICHE_ER_F_MEAN;

        printf("  %-28s %4.0f %7.2f%% %s %6.0f %9.1f%%  %s\n", b.rows[i].handle, m->aqs,
               100 * m->er[v].value, v == NICHE_ER_V ? "V" : "F", 100 * m->peer[v].percentile, 100 * m->authentic,
               m->nniches ? niche_topic_name(m->niche[0].topic) : "unknown");
    }
    free(b.rows);
}

static int top_row(void *ctx, const struct niche_account *a)
{
    char b[32], h[300];

    (void)ctx;
    snprintf(h, sizeof(h), "%s:%s", niche_platform_name(a->platform), a->handle);
    printf("  %-28s %10s followers  %-10s %s\n", h, cli_fmt_count(b, a->followers),
           a->category ? a->category : "", a->country ? a->country : "");
    return 0;
}

static void print_tiers(const struct niche_synth_result *r)
{
    char b[32];
    int t;

    printf("Creator accounts per tier (%s):\n ", niche_tier_scheme_find(NULL)->title);
    for (t = NICHE_TIER_NANO; t <= NICHE_TIER_MEGA; t++)
        printf(" %s %s%s", niche_tier_name((enum niche_tier)t),
               cli_fmt_count(b, r->creator_tiers[t]), t < NICHE_TIER_MEGA ? "," : "\n\n");
}

/* Discovery: the brand-fit query a fitness brand aiming at the US would run:
 * some US audience required, 40% aimed at. */
static void print_search(struct cli *c)
{
    struct niche_search_query q;
    struct niche_search_result r;
    struct niche_index *ix = NULL;
    char path[4096];
    int64_t i;

    snprintf(path, sizeof(path), "%s.index", c->db);
    niche_search_query_init(&q);
    q.niches[q.nniches++] = "fitness";
    q.tiers = 1u << NICHE_TIER_MICRO | 1u << NICHE_TIER_MID;
    q.audience[0].dimension = "country";
    q.audience[0].key = "US";
    q.audience[0].min = 0.1;
    q.naudience = 1;
    q.targets[0] = q.audience[0];
    q.targets[0].min = 0.4;
    q.ntargets = 1;
    q.budget = 300;
    q.sort = NICHE_KEY_FIT;
    q.limit = 5;
    if (niche_index_open(c->st, path, 0, &ix, NULL, &c->err) < 0 ||
        niche_search(ix, &q, &r, &c->err) < 0) {
        niche_index_free(ix);
        printf("\nDiscovery: not available (%s)\n", c->err.msg);
        return;
    }
    printf("\nDiscovery: fitness micro and mid-tier creators, >= 10%% US audience (40%%"
           " aimed at),\n$300 a post, by brand fit (niche search --niche fitness --tier"
           " micro,mid\n--audience country:US>=10%% --target country:US>=40%% --budget 300"
           " --sort fit):\n");
    for (i = 0; i < r.n; i++) {
        struct niche_account a;
        char h[300];

        niche_account_init(&a);
        if (niche_store_account_get_by_id(c->st, r.hits[i].account_id, &a, NULL) < 0)
            continue;
        snprintf(h, sizeof(h), "%s:%s", niche_platform_name(a.platform), a.handle);
        printf("  %-28s fit %.3f  (niche %.2f, audience %.2f, quality %.2f, engagement %.2f)\n",
               h, r.hits[i].fit, r.hits[i].part[NICHE_FIT_NICHE],
               r.hits[i].part[NICHE_FIT_AUDIENCE], r.hits[i].part[NICHE_FIT_QUALITY],
               r.hits[i].part[NICHE_FIT_ENGAGEMENT]);
        niche_account_release(&a);
    }
    printf("  %lld matched\n", (long long)r.matched);
    niche_search_result_free(&r);
    niche_index_free(ix);
}

static void summary(struct cli *c, const struct niche_synth_opts *o,
                    const struct niche_synth_result *r, const struct niche_analysis_run *run)
{
    struct niche_account_query q = NICHE_ACCOUNT_QUERY_INIT;
    const struct niche_tier_scheme *sc = niche_tier_scheme_find(NULL);
    char b1[32], b2[32], b3[32], b4[32];

    printf("niche demo: a generated world in workspace '%s' of %s (seed %llu)\n\n",
           niche_store_workspace_name(c->st), c->db, (unsigned long long)o->seed);
    printf("  %s creators with %s accounts on instagram, tiktok, youtube and x\n",
           cli_fmt_count(b1, r->creators), cli_fmt_count(b2, r->creator_accounts));
    printf("  %s audience accounts, %s posts, %s follower edges, %s snapshots\n\n",
           cli_fmt_count(b1, r->audience_accounts), cli_fmt_count(b2, r->posts),
           cli_fmt_count(b3, r->follower_edges), cli_fmt_count(b4, r->snapshots));
    print_tiers(r);
    printf("Micro-creators (%lld-%lld followers), largest first:\n",
           (long long)sc->lower[NICHE_TIER_MICRO], (long long)sc->lower[NICHE_TIER_MID] - 1);
    q.min_followers = sc->lower[NICHE_TIER_MICRO];
    q.max_followers = sc->lower[NICHE_TIER_MID] - 1;
    q.limit = 8;
    niche_store_account_query(c->st, &q, top_row, NULL, &c->err);
    printf("\n");
    print_best(c, sc);
    printf("  (ER: F by followers, V by views; PCTL among same-platform peers of that rate)\n");
    printf("\nAudits against the ground truth of the world (docs/quality.md):\n");
    printf("  bought followers: %s accounts flagged, %s bought\n",
           cli_fmt_count(b1, run->bought_flagged), cli_fmt_count(b2, r->bought_accounts));
    printf("  engagement pods:  %s accounts in %s pods found, %s in pods\n",
           cli_fmt_count(b1, run->pod_accounts), cli_fmt_count(b3, run->pods),
           cli_fmt_count(b2, r->pod_accounts));
    printf("  undisclosed sponsorship: %s posts flagged, %s without disclosure\n",
           cli_fmt_count(b1, run->undisclosed_posts), cli_fmt_count(b2, r->undisclosed_posts));
    print_search(c);
    printf("\nNext:\n"
           "  niche --db %s --workspace demo stats\n"
           "  niche --db %s --workspace demo search --niche fitness --sort fit --explain\n"
           "  niche --db %s --workspace demo accounts list --tier micro --limit 20\n"
           "  niche --db %s --workspace demo audit PLATFORM:HANDLE\n"
           "  niche synth --accounts 100000 --out world/   (files, with ground truth)\n",
           c->db, c->db, c->db, c->db);
}

static int build(struct cli *c, const struct niche_synth_opts *o, struct niche_synth_result *r)
{
    int rc;

    /* One transaction: a failed demo leaves the old demo workspace intact. */
    if ((rc = niche_store_begin(c->st, &c->err)) < 0)
        return rc;
    rc = niche_store_workspace_clear(c->st, &c->err);
    if (rc == 0)
        rc = niche_synth_run(c->st, o, r, &c->err);
    if (rc == 0)
        return niche_store_commit(c->st, &c->err);
    niche_store_rollback(c->st);
    return rc;
}

int cmd_demo(struct cli *c, int argc, char **argv)
{
    struct niche_synth_opts o = NICHE_SYNTH_OPTS_INIT;
    struct niche_synth_result r;
    struct niche_analyze_opts ao = NICHE_ANALYZE_OPTS_INIT;
    struct niche_analysis_run run;
    int64_t accounts = 2000, seed = 42;
    char *pos[1];
    int npos, rc;
    const struct cli_opt opts[] = {
        { "--accounts", OPT_INT, &accounts, "N", "creator accounts (default 2000)" },
        { "--seed", OPT_INT, &seed, "S", "random seed (default 42)" },
        { NULL, OPT_FLAG, NULL, NULL, NULL }
    };

    if ((rc = cli_parse(c, argc, argv, opts, pos, 0, &npos)) != 0)
        return rc;
    if (accounts < 1 || accounts > 100000)
        return cli_usage_error(c, "--accounts must be 1 to 100000");
    if (seed < 0)
        return cli_usage_error(c, "--seed must not be negative");
    o.accounts = accounts;
    o.seed = (uint64_t)seed;
    if ((rc = cli_open_store(c)) != 0)
        return rc;
    if ((rc = niche_store_use_workspace(c->st, "demo", 1, &c->err)) < 0 ||
        (rc = build(c, &o, &r)) < 0)
        return cli_fail(c, rc);
    if ((rc = cli_analyze(c, &ao, 1, &run)) != 0)
        return rc;
    if (c->json)
        return cli_json_out(json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
            "database", c->db, "workspace", niche_store_workspace_name(c->st),
            "seed", (json_int_t)o.seed, "creators", (json_int_t)r.creators,
            "creator_accounts", (json_int_t)r.creator_accounts,
            "audience_accounts", (json_int_t)r.audience_accounts,
            "posts", (json_int_t)r.posts, "follower_edges", (json_int_t)r.follower_edges,
            "snapshots", (json_int_t)r.snapshots, "analysis", cli_run_json(&run)));
    summary(c, &o, &r, &run);
    return CLI_OK;
}
