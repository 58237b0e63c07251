/* cmd_stats.c - `niche stats`: what the workspace holds, per platform and tier. */
#include <string.h>
#include "cli.h"

static void print_schemes(FILE *out)
{
    const struct niche_tier_scheme *s;
    int i;

    fprintf(out, "Tier schemes (--scheme):\n");
    for (i = 0; (s = niche_tier_scheme_at(i)) != NULL; i++)
        fprintf(out, "  %-18s %s%s\n", s->id, s->title, i == 0 ? " (default)" : "");
}

static json_t *stats_json(const struct niche_store_counts *n,
                          const struct niche_tier_scheme *sc)
{
    json_t *plats = json_object(), *root;
    int p, t;

    for (p = 0; p < NICHE_PLATFORM__COUNT; p++) {
        json_t *tiers, *o;

        if (p && !n->accounts[p])
            continue;
        tiers = json_object();
        for (t = 0; t < NICHE_TIER__COUNT; t++)
            if (n->tiers[p][t])
                json_object_set_new(tiers, niche_tier_name((enum niche_tier)t),
                                    json_integer(n->tiers[p][t]));
        o = json_pack("{s:I, s:I, s:I, s:I, s:o}", "accounts", (json_int_t)n->accounts[p],
                      "posts", (json_int_t)n->posts[p],
                      "follower_edges", (json_int_t)n->follower_edges[p],
                      "snapshots", (json_int_t)n->snapshots[p], "tiers", tiers);
        json_object_set_new(plats, p ? niche_platform_name((enum niche_platform)p) : "all", o);
    }
    root = json_pack("{s:s, s:o}", "tier_scheme", sc->id, "platforms", plats);
    return root;
}

static void add_row(struct cli_table *t, const char *name, const int64_t *v, int nv)
{
    char buf[16][32];
    const char *row[16];
    int i;

    row[0] = name;
    for (i = 0; i < nv; i++)
        row[i + 1] = cli_fmt_count(buf[i], v[i]);
    cli_table_add(t, row);
}

static void stats_text(const struct niche_store_counts *n, const struct niche_tier_scheme *sc)
{
    static const char *head1[] = { "PLATFORM", "ACCOUNTS", "POSTS", "FOLLOWER EDGES",
                                   "SNAPSHOTS" };
    const char *head2[NICHE_TIER__COUNT + 1];
    struct cli_table t;
    int64_t v[NICHE_TIER__COUNT];
    int p, k;

    cli_table_init(&t, 5, head1, 0x1e);
    for (p = 1; p <= NICHE_PLATFORM__COUNT; p++) {
        int q = p % NICHE_PLATFORM__COUNT;   /* the total comes last */
        int64_t row[4] = { n->accounts[q], n->posts[q], n->follower_edges[q], n->snapshots[q] };

        if (q && !n->accounts[q])
            continue;
        add_row(&t, q ? niche_platform_name((enum niche_platform)q) : "all", row, 4);
    }
    cli_table_print(&t, stdout);
    cli_table_release(&t);

    printf("\nAccounts per tier (%s):\n", sc->title);
    head2[0] = "PLATFORM";
    for (k = 0; k < NICHE_TIER__COUNT; k++)
        head2[k + 1] = niche_tier_name((enum niche_tier)k);
    cli_table_init(&t, NICHE_TIER__COUNT + 1, head2, ~1u);
    for (p = 1; p <= NICHE_PLATFORM__COUNT; p++) {
        int q = p % NICHE_PLATFORM__COUNT;

        if (q && !n->accounts[q])
            continue;
        memcpy(v, n->tiers[q], sizeof(v));
        add_row(&t, q ? niche_platform_name((enum niche_platform)q) : "all", v,
                NICHE_TIER__COUNT);
    }
    cli_table_print(&t, stdout);
    cli_table_release(&t);
}

int cmd_stats(struct cli *c, int argc, char **argv)
{
    struct niche_store_counts n;
    const struct niche_tier_scheme *sc;
    const char *scheme = NULL;
    char *pos[1];
    int npos, rc;
    const struct cli_opt opts[] = {
        { "--scheme", OPT_STRING, &scheme, "ID", "tier scheme (default later-fohr)" },
        { NULL, OPT_FLAG, NULL, NULL, NULL }
    };

    rc = cli_parse(c, argc, argv, opts, pos, 0, &npos);
    if (rc == CLI_HELP)
        print_schemes(stdout);
    if (rc != 0)
        return rc;
    if (!(sc = niche_tier_scheme_find(scheme))) {
        print_schemes(stderr);
        return cli_usage_error(c, "unknown tier scheme '%s'", scheme);
    }
    if ((rc = cli_open_store(c)) != 0)
        return rc;
    if ((rc = niche_store_counts(c->st, sc, &n, &c->err)) < 0)
        return cli_fail(c, rc);
    if (c->json)
        return cli_json_out(stats_json(&n, sc));
    stats_text(&n, sc);
    return CLI_OK;
}
