/* cmd_analyze.c - `niche analyze`: audit every account of the workspace. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"

/* Where a run's time goes: the end of each stage, as the library reports
 * it (a stage's last report has done == total). */
#define STAGES_MAX 16

struct stage_clock {
    int show;                          /* progress on the terminal */
    int n;
    const char *stage[STAGES_MAX];     /* borrowed: the library's literals */
    double end[STAGES_MAX];            /* seconds since start */
    struct timespec start;
};

static double since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static int progress(void *ctx, const char *stage, int64_t done, int64_t total)
{
    struct stage_clock *k = ctx;

    /* A stage may report done == total more than once (writing's counts
     * in steps): its last report is its end. */
    if (done == total && k->n && strcmp(k->stage[k->n - 1], stage) == 0)
        k->end[k->n - 1] = since(&k->start);
    else if (done == total && k->n < STAGES_MAX) {
        k->stage[k->n] = stage;
        k->end[k->n++] = since(&k->start);
    }
    if (!k->show)
        return 0;
    fprintf(stderr, "\rniche analyze: %-10s %lld of %lld", stage, (long long)done,
            (long long)total);
    if (done == total)
        fputs("      \n", stderr);
    return 0;
}

static int analyze_timed(struct cli *c, const struct niche_analyze_opts *o,
                         struct stage_clock *k, struct niche_analysis_run *run)
{
    struct niche_analyze_opts oo = *o;
    int rc;

    clock_gettime(CLOCK_MONOTONIC, &k->start);
    oo.on_progress = progress;
    oo.ctx = k;
    if ((rc = niche_analyze(c->st, &oo, run, &c->err)) < 0)
        return cli_fail(c, rc);
    return 0;
}

int cli_analyze(struct cli *c, const struct niche_analyze_opts *o, int quiet,
                struct niche_analysis_run *run)
{
    struct stage_clock k;

    memset(&k, 0, sizeof(k));
    k.show = !quiet;
    return analyze_timed(c, o, &k, run);
}

/* --timings: each stage's wall time, from the end of the one before. */
static void print_timings(const struct stage_clock *k, double index_s)
{
    double prev = 0;
    int i;

    fprintf(stderr, "niche analyze: wall time by stage (snapshots are read beside the"
                    " accounts, followers beside the posts, comments and post-results,"
                    " audience sketches sealed beside the concluding and writing: theirs"
                    " is the wait after them)\n");
    for (i = 0; i < k->n; i++) {
        fprintf(stderr, "  %-14s %8.2f s\n", k->stage[i], k->end[i] - prev);
        prev = k->end[i];
    }
    if (index_s >= 0)
        fprintf(stderr, "  %-14s %8.2f s\n", "search index", index_s);
    fprintf(stderr, "  %-14s %8.2f s\n", "total", since(&k->start));
}

/* A count that runs of older versions did not keep: null for them. */
static json_t *count_or_null(int64_t n)
{
    return n == NICHE_MISSING ? json_null() : json_integer((json_int_t)n);
}

json_t *cli_run_json(const struct niche_analysis_run *r)
{
    char t[3][32];

    return json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I,"
                     " s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:s, s:s}",
        "run", (json_int_t)r->id, "version", r->version, "tier_scheme", r->scheme,
        "as_of", cli_fmt_time(t[0], r->as_of_ms), "started", cli_fmt_time(t[1], r->started_ms),
        "finished", cli_fmt_time(t[2], r->finished_ms),
        "accounts", (json_int_t)r->accounts, "analysed", (json_int_t)r->analysed,
        "posts", (json_int_t)r->posts, "follower_edges", (json_int_t)r->follower_edges,
        "snapshots", (json_int_t)r->snapshots, "comments", (json_int_t)r->comments,
        "followers_classified", (json_int_t)r->followers_classified,
        "er_known", (json_int_t)r->er_known, "bought_flagged", (json_int_t)r->bought_flagged,
        "pods", (json_int_t)r->pods, "pod_accounts", (json_int_t)r->pod_accounts,
        "undisclosed_posts", (json_int_t)r->undisclosed_posts, "brands", (json_int_t)r->brands,
        "facts_built", count_or_null(r->facts_built),
        "facts_refreshed", count_or_null(r->facts_refreshed),
        "tags_written", count_or_null(r->tags_written),
        "sketches_written", count_or_null(r->sketches_written),
        "currency", r->currency, "price_table", r->prices);
}

static void print_run(const struct niche_analysis_run *r)
{
    char t[32];

    printf("niche analyze: %lld of %lld accounts analysed as of %s (analysis v%d, tiers %s)\n",
           (long long)r->analysed, (long long)r->accounts, cli_fmt_time(t, r->as_of_ms),
           r->version, r->scheme);
    printf("  read %lld posts, %lld snapshots, %lld known followers, %lld comment authors\n",
           (long long)r->posts, (long long)r->snapshots, (long long)r->follower_edges,
           (long long)r->comments);
    if (r->facts_built > 0)
        printf("  captions of %lld accounts read and reduced (new or changed since the last"
               " run); the others' from their stored post facts\n", (long long)r->facts_built);
    if (r->facts_refreshed > 0)
        printf("  post facts of %lld account%s refreshed: only new posts reduced\n",
               (long long)r->facts_refreshed, r->facts_refreshed == 1 ? "" : "s");
    printf("  engagement rate known for %lld accounts; %lld followers typed\n",
           (long long)r->er_known, (long long)r->followers_classified);
    printf("  %lld accounts likely bought followers; %lld pods with %lld accounts\n",
           (long long)r->bought_flagged, (long long)r->pods, (long long)r->pod_accounts);
    printf("  %lld brands learned from disclosed posts; %lld posts likely undisclosed\n",
           (long long)r->brands, (long long)r->undisclosed_posts);
    printf("  price estimates in %s from the %s price table\n", r->currency, r->prices);
    printf("Run 'niche audit PLATFORM:HANDLE' for one account's report.\n");
}

/* Load the JSON price table at path into t. */
static int load_prices(struct cli *c, const char *path, struct niche_price_table *t)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;
    int rc;

    if (!f) {
        niche_error_set(&c->err, NICHE_EIO, "%s: cannot open the price table", path);
        return cli_fail(c, NICHE_EIO);
    }
    buf = niche_xmalloc(1 << 20);
    n = fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    rc = niche_price_table_parse(t, buf, n, path, &c->err);
    free(buf);
    return rc < 0 ? cli_fail(c, rc) : 0;
}

struct analyze_args {
    const char *scheme, *prices, *as_of;
    int64_t min_peers, window, min_posts, threads;
    int quiet;
    int64_t hll_precision;
    int timings;
};

/* Options into o (t holds the price table o points at). */
static int analyze_setup(struct cli *c, const struct analyze_args *a,
                         struct niche_analyze_opts *o, struct niche_price_table *t)
{
    if (a->scheme && !(o->scheme = niche_tier_scheme_find(a->scheme)))
        return cli_usage_error(c, "unknown tier scheme '%s' (see 'niche stats --help')",
                               a->scheme);
    if (a->as_of && niche_value_time(a->as_of, strlen(a->as_of), &o->as_of_ms, NULL) != 0)
        return cli_usage_error(c, "--as-of '%s' is not a date (2026-11-01)", a->as_of);
    if (a->min_peers < 1 || a->window < 1 || a->min_posts < 1 || a->min_posts > a->window)
        return cli_usage_error(c, "--min-peers, --window and --min-posts must be >= 1, "
                                  "and --min-posts at most --window");
    if (a->threads < 0 || a->threads > NICHE_ANALYZE_THREADS_MAX)
        return cli_usage_error(c, "--threads must be 0 (one per core) to %d",
                               NICHE_ANALYZE_THREADS_MAX);
    if (a->hll_precision < NICHE_HLL_P_MIN || a->hll_precision > NICHE_HLL_P_MAX)
        return cli_usage_error(c, "--hll-precision must be %d to %d", NICHE_HLL_P_MIN,
                               NICHE_HLL_P_MAX);
    o->hll_precision = (int)a->hll_precision;
    o->threads = (int)a->threads;
    o->min_peers = (int)a->min_peers;
    o->er.mean_window = (int)a->window;
    o->er.min_posts = (int)a->min_posts;
    niche_price_table_default(t);
    if (a->prices) {
        int rc = load_prices(c, a->prices, t);

        if (rc)
            return rc;
    }
    o->prices = t;
    return 0;
}

int cmd_analyze(struct cli *c, int argc, char **argv)
{
    struct niche_analyze_opts o = NICHE_ANALYZE_OPTS_INIT;
    struct niche_analysis_run run;
    struct niche_price_table t;
    struct analyze_args a = { NULL, NULL, NULL, 50, 12, 10, 0, 0, NICHE_HLL_P_DEFAULT, 0 };
    struct stage_clock k;
    struct timespec t0;
    double index_s;
    char *pos[1];
    int npos, rc;
    const struct cli_opt opts[] = {
        { "--scheme", OPT_STRING, &a.scheme, "ID", "tier scheme (default later-fohr)" },
        { "--prices", OPT_STRING, &a.prices, "FILE", "price table, JSON (docs/quality.md)" },
        { "--as-of", OPT_STRING, &a.as_of, "DATE",
          "inactivity reference (default: the latest time in the data)" },
        { "--window", OPT_INT, &a.window, "N", "latest posts for ER_F_MEAN (default 12)" },
        { "--min-posts", OPT_INT, &a.min_posts, "N",
          "fewer valid posts: rate missing (default 10)" },
        { "--min-peers", OPT_INT, &a.min_peers, "N", "peers per benchmark band (default 50)" },
        { "--threads", OPT_INT, &a.threads, "N",
          "threads, 0 (default): one per core; 1: everything on one" },
        { "--hll-precision", OPT_INT, &a.hll_precision, "P",
          "audience sketch precision, 4-18 (default 14: 0.81% error, 12 KiB)" },
        { "--quiet", OPT_FLAG, &a.quiet, NULL, "no progress on stderr" },
        { "--timings", OPT_FLAG, &a.timings, NULL, "each stage's wall time, on stderr" },
        { NULL, OPT_FLAG, NULL, NULL, NULL }
    };

    if ((rc = cli_parse(c, argc, argv, opts, pos, 0, &npos)) != 0)
        return rc == CLI_HELP ? CLI_OK : rc;
    if ((rc = analyze_setup(c, &a, &o, &t)) != 0)
        return rc;
    if ((rc = cli_open_store(c)) != 0)
        return rc;
    /* Progress on a terminal only, as synth: logs and pipes stay clean. */
    memset(&k, 0, sizeof(k));
    k.show = !(a.quiet || c->json || !isatty(2));
    if ((rc = analyze_timed(c, &o, &k, &run)) != 0)
        return rc;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    index_s = cli_index_refresh(c) ? since(&t0) : -1;
    if (a.timings)
        print_timings(&k, index_s);
    if (c->json)
        return cli_json_out(cli_run_json(&run));
    print_run(&run);
    return CLI_OK;
}

int cli_ensure_analysis(struct cli *c, struct niche_analysis_run *run)
{
    int rc = niche_store_analysis_get(c->st, run, &c->err);

    if (rc == NICHE_ENOTFOUND) {
        struct niche_analyze_opts o = NICHE_ANALYZE_OPTS_INIT;

        fprintf(stderr, "niche %s: the workspace was never analysed; running 'niche"
                        " analyze' first\n", c->cmd->name);
        return cli_analyze(c, &o, 1, run);
    }
    return rc < 0 ? cli_fail(c, rc) : 0;
}
