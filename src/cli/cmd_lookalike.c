/*
 * cmd_lookalike.c - `niche lookalike PLATFORM:HANDLE`: the accounts most
 * like one, by audience (MinHash Jaccard of the known followers) and by
 * content (niches and hashtags); lookalike.h has the formulas.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static const char *sim(char *b, double v)
{
    if (isnan(v))
        return "unknown";
    snprintf(b, 32, "%.3f", v);
    return b;
}

static const char *rule(enum niche_lookalike_by by)
{
    switch (by) {
    case NICHE_LOOKALIKE_AUDIENCE: return "audience similarity";
    case NICHE_LOOKALIKE_CONTENT: return "content similarity";
    default: return "sqrt(audience x content)";
    }
}

/* Every hit's account, in order; accounts[i] owns its strings. */
static int fetch(struct cli *c, const struct niche_lookalike *l, struct niche_account *acc)
{
    size_t i;
    int rc;

    for (i = 0; i < l->n; i++)
        if ((rc = niche_store_account_get_by_id(c->st, l->hits[i].account_id, &acc[i],
                                                &c->err)) < 0)
            return cli_fail(c, rc);
    return 0;
}

static void lookalike_text(const struct niche_account *q, const struct niche_lookalike *l,
                           const struct niche_account *acc)
{
    const char *head[] = { "#", "account", "followers", "audience", "content", "niches",
                           "hashtags", "score" };
    char cells[8][300];
    struct cli_table t;
    size_t i;

    printf("Accounts most like %s:%s, ranked by %s.\n", niche_platform_name(q->platform),
           q->handle, rule(l->by));
    if (l->k)
        printf("Audience: Jaccard index of the known followers (%lld known), estimated from\n"
               "MinHash signatures of %d values: within about 3 sqrt(J(1-J)/%d).\n",
               (long long)l->known, l->k, l->k);
    printf("Content: mean of the cosines of niche scores (%d) and hashtags (%d).\n"
           "%lld candidate accounts on %s.\n\n", l->query_niches, l->query_hashtags,
           (long long)l->candidates, niche_platform_name(q->platform));
    if (!l->n) {
        printf("No account has any similarity of that kind.\n");
        return;
    }
    cli_table_init(&t, 8, head, 0xfd);
    for (i = 0; i < l->n; i++) {
        const struct niche_lookalike_hit *h = &l->hits[i];
        const char *row[8] = { cells[0], cells[1], cli_fmt_count(cells[2], acc[i].followers),
                               sim(cells[3], h->audience), sim(cells[4], h->content),
                               sim(cells[5], h->niches), sim(cells[6], h->hashtags),
                               sim(cells[7], h->score) };

        snprintf(cells[0], sizeof(cells[0]), "%zu", i + 1);
        snprintf(cells[1], sizeof(cells[1]), "%s:%s", niche_platform_name(acc[i].platform),
                 acc[i].handle);
        cli_table_add(&t, row);
    }
    cli_table_print(&t, stdout);
    cli_table_release(&t);
}

static json_t *lookalike_json(const struct niche_account *q, const struct niche_lookalike *l,
                              const struct niche_account *acc)
{
    json_t *hits = json_array();
    size_t i;

    for (i = 0; i < l->n; i++) {
        const struct niche_lookalike_hit *h = &l->hits[i];

        json_array_append_new(hits, json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
            "rank", (json_int_t)(i + 1),
            "account", json_sprintf("%s:%s", niche_platform_name(acc[i].platform),
                                    acc[i].handle),
            "followers", cli_json_count(acc[i].followers), "audience", cli_json_real(h->audience),
            "content", cli_json_real(h->content), "niches", cli_json_real(h->niches),
            "hashtags", cli_json_real(h->hashtags), "score", cli_json_real(h->score)));
    }
    return json_pack("{s:o, s:s, s:s, s:I, s:o, s:I, s:i, s:i, s:o}",
        "account", json_sprintf("%s:%s", niche_platform_name(q->platform), q->handle),
        "by", niche_lookalike_by_name(l->by), "rule", rule(l->by),
        "candidates", (json_int_t)l->candidates, "minhash_k", l->k ? json_integer(l->k)
                                                                   : json_null(),
        "known_followers", (json_int_t)l->known, "query_niches", l->query_niches,
        "query_hashtags", l->query_hashtags, "hits", hits);
}

static int run(struct cli *c, const struct niche_account *q, enum niche_lookalike_by by,
               size_t limit)
{
    struct niche_lookalike l;
    struct niche_account *acc = NULL;
    size_t i;
    int rc = niche_lookalike(c->st, q, by, limit, &l, &c->err);

    if (rc < 0) {
        niche_lookalike_release(&l);
        return cli_fail(c, rc);
    }
    acc = niche_xcalloc(l.n ? l.n : 1, sizeof(*acc));
    if ((rc = fetch(c, &l, acc)) == 0) {
        if (c->json)
            rc = cli_json_out(lookalike_json(q, &l, acc));
        else
            lookalike_text(q, &l, acc);
    }
    for (i = 0; i < l.n; i++)
        niche_account_release(&acc[i]);
    free(acc);
    niche_lookalike_release(&l);
    return rc;
}

int cmd_lookalike(struct cli *c, int argc, char **argv)
{
    struct niche_account q;
    enum niche_platform p;
    const char *by_name = "both";
    int64_t limit = 10;
    char handle[512], *pos[1];
    int npos, by, rc;
    const struct cli_opt opts[] = {
        { "--limit", OPT_INT, &limit, "N", "accounts listed (default 10, at most 1000)" },
        { "--by", OPT_STRING, &by_name, "WHAT", "audience, content or both (default both)" },
        { "--json", OPT_FLAG, &c->json, NULL, "machine-readable output" },
        { NULL, OPT_FLAG, NULL, NULL, NULL }
    };

    if ((rc = cli_parse(c, argc, argv, opts, pos, 1, &npos)) != 0)
        return rc == CLI_HELP ? CLI_OK : rc;
    if (npos != 1)
        return cli_usage_error(c, "expected one PLATFORM:HANDLE");
    if ((by = niche_lookalike_by_parse(by_name)) < 0)
        return cli_usage_error(c, "--by is audience, content or both, not '%s'", by_name);
    if (limit < 1 || limit > NICHE_LOOKALIKE_MAX)
        return cli_usage_error(c, "--limit must be 1 to %d", NICHE_LOOKALIKE_MAX);
    if ((rc = cli_parse_account(c, pos[0], &p, handle, sizeof(handle))) != 0 ||
        (rc = cli_open_store(c)) != 0)
        return rc;
    niche_account_init(&q);
    if ((rc = niche_store_account_get(c->st, p, handle, &q, &c->err)) < 0)
        rc = cli_fail(c, rc);
    else
        rc = run(c, &q, (enum niche_lookalike_by)by, (size_t)limit);
    niche_account_release(&q);
    return rc;
}
