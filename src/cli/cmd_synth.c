/* cmd_synth.c - `niche synth`: generate a world with ground truth. */
#include <string.h>
#include <unistd.h>
#include "cli.h"

static int progress(void *ctx, int64_t done, int64_t total)
{
    (void)ctx;
    fprintf(stderr, "\rniche synth: %lld of %lld creator accounts", (long long)done,
            (long long)total);
    if (done == total)
        fputc('\n', stderr);
    return 0;
}

static json_t *result_json(const struct niche_synth_opts *o, const struct niche_synth_result *r)
{
    return json_pack("{s:i, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
        "version", NICHE_SYNTH_VERSION, "seed", (json_int_t)o->seed,
        "creators", (json_int_t)r->creators, "creator_accounts", (json_int_t)r->creator_accounts,
        "audience_accounts", (json_int_t)r->audience_accounts, "posts", (json_int_t)r->posts,
        "follower_edges", (json_int_t)r->follower_edges, "snapshots", (json_int_t)r->snapshots,
        "comments", (json_int_t)r->comments, "audience_shares", (json_int_t)r->audience_shares,
        "bought_accounts", (json_int_t)r->bought_accounts,
        "pod_accounts", (json_int_t)r->pod_accounts,
        "undisclosed_posts", (json_int_t)r->undisclosed_posts);
}

static void print_result(struct cli *c, const struct niche_synth_opts *o,
                         const struct niche_synth_result *r)
{
    if (o->out_dir)
        printf("niche synth: world written to %s/ (seed %llu, version %d)\n", o->out_dir,
               (unsigned long long)o->seed, NICHE_SYNTH_VERSION);
    else
        printf("niche synth: world written to workspace '%s' of %s (seed %llu, version %d)\n",
               niche_store_workspace_name(c->st), c->db, (unsigned long long)o->seed,
               NICHE_SYNTH_VERSION);
    printf("  %lld creators with %lld accounts, %lld audience accounts\n",
           (long long)r->creators, (long long)r->creator_accounts,
           (long long)r->audience_accounts);
    printf("  %lld posts, %lld follower edges, %lld snapshots, %lld comment authors\n",
           (long long)r->posts, (long long)r->follower_edges, (long long)r->snapshots,
           (long long)r->comments);
    printf("  ground truth: %lld accounts bought followers, %lld in engagement pods,\n"
           "  %lld sponsored posts without disclosure\n", (long long)r->bought_accounts,
           (long long)r->pod_accounts, (long long)r->undisclosed_posts);
}

int cmd_synth(struct cli *c, int argc, char **argv)
{
    struct niche_synth_opts o = NICHE_SYNTH_OPTS_INIT;
    struct niche_synth_result r;
    int64_t accounts = o.accounts, seed = (int64_t)o.seed, threads = 0;
    const char *platforms = NULL, *out = NULL, *ratio = NULL;
    char *pos[1], *end;
    int npos, rc, quiet = 0;
    const struct cli_opt opts[] = {
        { "--accounts", OPT_INT, &accounts, "N", "creator accounts (default 10000)" },
        { "--seed", OPT_INT, &seed, "S", "random seed (default 42)" },
        { "--platforms", OPT_STRING, &platforms, "LIST",
          "comma-separated (default instagram,tiktok,youtube,x)" },
        { "--audience-ratio", OPT_STRING, &ratio, "R",
          "audience accounts per creator account (default 3)" },
        { "--out", OPT_STRING, &out, "DIR", "write files into DIR instead of the database" },
        { "--threads", OPT_INT, &threads, "N", "with --out: worker threads (default: one per core)" },
        { "--quiet", OPT_FLAG, &quiet, NULL, "no progress on stderr" },
        { NULL, OPT_FLAG, NULL, NULL, NULL }
    };

    if ((rc = cli_parse(c, argc, argv, opts, pos, 0, &npos)) != 0)
        return rc;
    if (accounts < 1 || accounts > 100000000)
        return cli_usage_error(c, "--accounts must be 1 to 100000000");
    if (seed < 0)
        return cli_usage_error(c, "--seed must not be negative");
    if (platforms && niche_synth_platforms(platforms, &o.platforms) < 0)
        return cli_usage_error(c, "--platforms: '%s' is not a list of instagram, tiktok,"
                                  " youtube and x", platforms);
    if (ratio && (o.audience_ratio = strtod(ratio, &end), *end || end == ratio ||
                  !(o.audience_ratio >= 0.1 && o.audience_ratio <= 100)))
        return cli_usage_error(c, "--audience-ratio expects a number from 0.1 to 100, not '%s'",
                               ratio);
    if (threads < 0 || threads > 8)
        return cli_usage_error(c, "--threads must be 0 (one per core) to 8");
    if (threads && !out)
        return cli_usage_error(c, "--threads applies to --out only (a database takes one writer)");
    o.accounts = accounts;
    o.seed = (uint64_t)seed;
    o.out_dir = out;
    o.threads = (int)threads;
    if (!quiet && isatty(2))
        o.on_progress = progress;
    if (!out && (rc = cli_open_store(c)) != 0)
        return rc;
    if ((rc = niche_synth_run(c->st, &o, &r, &c->err)) < 0)
        return cli_fail(c, rc);
    if (c->json)
        return cli_json_out(result_json(&o, &r));
    print_result(c, &o, &r);
    return CLI_OK;
}
