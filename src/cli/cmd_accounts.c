/* cmd_accounts.c - `niche accounts list|show`: read accounts back. */
#include <math.h>
#include <string.h>
#include "cli.h"

static int accounts_list(struct cli *c, int argc, char **argv);
static int accounts_show(struct cli *c, int argc, char **argv);

/* Sub-verbs, like git's OPT_SUBCOMMAND. */
static const struct cli_command subcommands[] = {
    { "list", accounts_list, CLI_STORE,
      "accounts list [--platform P] [--tier T] [--min-followers N] [--max-followers N]\n"
      "                    [--sort KEY] [--asc|--desc] [--limit N] [--offset N] [--scheme ID]",
      "list the workspace's accounts",
      "Sort keys: followers (default), following, posts, er (as reported), handle,\n"
      "updated. Accounts whose sort value is unknown come last.\n"
      "Tiers (--tier) follow --scheme (default later-fohr): nano, micro, mid, macro, mega.\n" },
    { "show", accounts_show, CLI_STORE,
      "accounts show PLATFORM:HANDLE [--scheme ID]",
      "show everything stored about one account", NULL },
};

static const struct { const char *key; enum niche_account_sort sort; int desc; } sort_keys[] = {
    { "followers", NICHE_SORT_FOLLOWERS, 1 }, { "following", NICHE_SORT_FOLLOWING, 1 },
    { "posts", NICHE_SORT_POSTS, 1 }, { "er", NICHE_SORT_REPORTED_ER, 1 },
    { "handle", NICHE_SORT_HANDLE, 0 }, { "updated", NICHE_SORT_UPDATED, 1 },
};

static json_t *account_json(const struct niche_account *a,
                            const struct niche_tier_scheme *sc)
{
    return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o,"
                     " s:o, s:o, s:o, s:o, s:o, s:o}",
        "platform", niche_platform_name(a->platform), "handle", a->handle,
        "name", cli_json_str(a->name), "followers", cli_json_count(a->followers),
        "following", cli_json_count(a->following), "posts", cli_json_count(a->posts),
        "tier", niche_tier_name(niche_tier_of(sc, a->followers)),
        "bio", cli_json_str(a->bio), "country", cli_json_str(a->country),
        "language", cli_json_str(a->language), "category", cli_json_str(a->category),
        "verified", a->verified < 0 ? json_null() : json_boolean(a->verified),
        "avg_likes", cli_json_real(a->avg_likes),
        "avg_comments", cli_json_real(a->avg_comments),
        "avg_views", cli_json_real(a->avg_views),
        "avg_shares", cli_json_real(a->avg_shares),
        "reported_er", cli_json_real(a->reported_er),
        "audience_country", cli_json_str(a->audience_country),
        "updated_ms", cli_json_count(a->updated_ms));
}

struct list_ctx {
    struct cli_table table;
    json_t *arr;
    const struct niche_tier_scheme *sc;
};

static const char *fmt_rate(char *buf, double v)
{
    if (niche_is_missing_real(v))
        return "-";
    snprintf(buf, 32, "%.2f%%", v * 100.0);
    return buf;
}

static int list_row(void *ctx, const struct niche_account *a)
{
    struct list_ctx *lc = ctx;
    char fol[32], er[32], handle[300];
    const char *row[7];

    if (lc->arr)
        return json_array_append_new(lc->arr, account_json(a, lc->sc)) ? NICHE_ENOMEM : 0;
    snprintf(handle, sizeof(handle), "%s:%s", niche_platform_name(a->platform), a->handle);
    row[0] = handle;
    row[1] = a->name;
    row[2] = cli_fmt_count(fol, a->followers);
    row[3] = niche_tier_name(niche_tier_of(lc->sc, a->followers));
    row[4] = fmt_rate(er, a->reported_er);
    row[5] = a->country;
    row[6] = a->category;
    cli_table_add(&lc->table, row);
    return 0;
}

/* --tier T under scheme sc becomes a follower range. */
static int tier_range(struct cli *c, const char *tier, const struct niche_tier_scheme *sc,
                      struct niche_account_query *q)
{
    int t, u;

    for (t = NICHE_TIER_NANO; t <= NICHE_TIER_MEGA; t++)
        if (!strcmp(tier, niche_tier_name((enum niche_tier)t)))
            break;
    if (t > NICHE_TIER_MEGA || sc->lower[t] < 0)
        return cli_usage_error(c, "'%s' is not a tier of scheme %s", tier, sc->id);
    q->min_followers = sc->lower[t];
    for (u = t + 1; u <= NICHE_TIER_MEGA && sc->lower[u] < 0; u++)
        ;
    q->max_followers = u <= NICHE_TIER_MEGA ? sc->lower[u] - 1 : NICHE_MISSING;
    return 0;
}

static int list_query(struct cli *c, struct niche_account_query *q,
                      const struct niche_tier_scheme *sc)
{
    static const char *head[] = { "ACCOUNT", "NAME", "FOLLOWERS", "TIER", "ER (REPORTED)",
                                  "COUNTRY", "CATEGORY" };
    struct list_ctx lc;
    int rc;

    memset(&lc, 0, sizeof(lc));
    lc.sc = sc;
    if (c->json)
        lc.arr = json_array();
    else
        cli_table_init(&lc.table, 7, head, 1u << 2 | 1u << 4);
    rc = niche_store_account_query(c->st, q, list_row, &lc, &c->err);
    if (rc < 0) {
        json_decref(lc.arr);
        cli_table_release(&lc.table);
        return cli_fail(c, rc);
    }
    if (c->json)
        return cli_json_out(lc.arr);
    if (lc.table.nr)
        cli_table_print(&lc.table, stdout);
    else
        fprintf(stderr, "no accounts match\n");
    cli_table_release(&lc.table);
    return CLI_OK;
}

static int apply_sort(struct cli *c, const char *sort, int asc, int desc,
                      struct niche_account_query *q)
{
    size_t i;

    for (i = 0; i < sizeof(sort_keys) / sizeof(sort_keys[0]); i++)
        if (!strcmp(sort, sort_keys[i].key))
            break;
    if (i == sizeof(sort_keys) / sizeof(sort_keys[0]))
        return cli_usage_error(c, "cannot sort by '%s' (followers, following, posts, er,"
                                  " handle, updated)", sort);
    if (asc && desc)
        return cli_usage_error(c, "--asc and --desc contradict each other");
    q->sort = sort_keys[i].sort;
    q->descending = asc ? 0 : desc ? 1 : sort_keys[i].desc;
    return 0;
}

static int accounts_list(struct cli *c, int argc, char **argv)
{
    struct niche_account_query q = NICHE_ACCOUNT_QUERY_INIT;
    const char *platform = NULL, *tier = NULL, *sort = "followers", *scheme = NULL;
    int64_t minf = NICHE_MISSING, maxf = NICHE_MISSING, limit = 50, offset = 0;
    int asc = 0, desc = 0, npos, rc;
    const struct niche_tier_scheme *sc;
    const struct cli_opt opts[] = {
        { "--platform", OPT_STRING, &platform, "P", "only this platform" },
        { "--tier", OPT_STRING, &tier, "T", "only this tier (nano, micro, mid, macro, mega)" },
        { "--min-followers", OPT_INT, &minf, "N", "at least N followers" },
        { "--max-followers", OPT_INT, &maxf, "N", "at most N followers" },
        { "--sort", OPT_STRING, &sort, "KEY", "sort key (default followers)" },
        { "--asc", OPT_FLAG, &asc, NULL, "ascending order" },
        { "--desc", OPT_FLAG, &desc, NULL, "descending order" },
        { "--limit", OPT_INT, &limit, "N", "at most N accounts (default 50; 0: all)" },
        { "--offset", OPT_INT, &offset, "N", "skip the first N" },
        { "--scheme", OPT_STRING, &scheme, "ID", "tier scheme (default later-fohr)" },
        { NULL, OPT_FLAG, NULL, NULL, NULL }
    };
    char *pos[1];

    if ((rc = cli_parse(c, argc, argv, opts, pos, 0, &npos)) != 0)
        return rc;
    if (!(sc = niche_tier_scheme_find(scheme)))
        return cli_usage_error(c, "unknown tier scheme '%s'", scheme);
    if (platform && !(q.platform = niche_platform_parse(platform, strlen(platform))))
        return cli_usage_error(c, "'%s' is not a platform", platform);
    if (limit < 0 || offset < 0)
        return cli_usage_error(c, "--limit and --offset cannot be negative");
    if (tier && (rc = tier_range(c, tier, sc, &q)) != 0)
        return rc;
    if (minf != NICHE_MISSING && (q.min_followers == NICHE_MISSING || minf > q.min_followers))
        q.min_followers = minf;
    if (maxf != NICHE_MISSING && (q.max_followers == NICHE_MISSING || maxf < q.max_followers))
        q.max_followers = maxf;
    if ((rc = apply_sort(c, sort, asc, desc, &q)) != 0)
        return rc;
    q.limit = limit;
    q.offset = offset;
    if ((rc = cli_open_store(c)) != 0)
        return rc;
    return list_query(c, &q, sc);
}

static void print_avg(const char *what, double v)
{
    if (!niche_is_missing_real(v))
        printf("  avg %-9s %.0f per post (as reported)\n", what, v);
}

static void show_text(const struct niche_account *a, const struct niche_account_counts *n,
                      const struct niche_tier_scheme *sc)
{
    char b1[32], b2[32], er[32];

    printf("%s:%s  %s\n", niche_platform_name(a->platform), a->handle, a->name ? a->name : "");
    printf("  followers     %s (%s, %s)\n", cli_fmt_count(b1, a->followers),
           niche_tier_name(niche_tier_of(sc, a->followers)), sc->title);
    printf("  following     %s\n", cli_fmt_count(b1, a->following));
    printf("  posts         %s\n", cli_fmt_count(b1, a->posts));
    printf("  verified      %s\n", a->verified < 0 ? "unknown" : a->verified ? "yes" : "no");
    printf("  country       %s\n", a->country ? a->country : "unknown");
    printf("  language      %s\n", a->language ? a->language : "unknown");
    printf("  category      %s\n", a->category ? a->category : "unknown");
    if (a->bio)
        printf("  bio           %s\n", a->bio);
    printf("  reported ER   %s (as the export reported it)\n", fmt_rate(er, a->reported_er));
    print_avg("likes", a->avg_likes);
    print_avg("comments", a->avg_comments);
    print_avg("views", a->avg_views);
    print_avg("shares", a->avg_shares);
    if (a->audience_country)
        printf("  audience      mostly %s (as reported)\n", a->audience_country);
    printf("  stored        %s posts", cli_fmt_count(b1, n->posts));
    if (n->posts)
        printf(" (%s to %s)", cli_fmt_time(b1, n->first_post_ms),
               cli_fmt_time(b2, n->last_post_ms));
    printf(", %s followers known", cli_fmt_count(b1, n->followers_known));
    printf(", %s snapshots\n", cli_fmt_count(b1, n->snapshots));
}

static int accounts_show(struct cli *c, int argc, char **argv)
{
    struct niche_account a;
    struct niche_account_counts n;
    enum niche_platform p;
    const char *scheme = NULL;
    const struct niche_tier_scheme *sc;
    char handle[512], *pos[1];
    int npos, rc;
    const struct cli_opt opts[] = {
        { "--scheme", OPT_STRING, &scheme, "ID", "tier scheme (default later-fohr)" },
        { NULL, OPT_FLAG, NULL, NULL, NULL }
    };

    if ((rc = cli_parse(c, argc, argv, opts, pos, 1, &npos)) != 0)
        return rc;
    if (npos != 1)
        return cli_usage_error(c, "expected PLATFORM:HANDLE");
    if (!(sc = niche_tier_scheme_find(scheme)))
        return cli_usage_error(c, "unknown tier scheme '%s'", scheme);
    if ((rc = cli_parse_account(c, pos[0], &p, handle, sizeof(handle))) != 0 ||
        (rc = cli_open_store(c)) != 0)
        return rc;
    if ((rc = niche_store_account_get(c->st, p, handle, &a, &c->err)) < 0 ||
        (rc = niche_store_account_counts(c->st, a.id, &n, &c->err)) < 0) {
        niche_account_release(&a);
        return cli_fail(c, rc);
    }
    if (c->json) {
        json_t *j = account_json(&a, sc);
        json_object_set_new(j, "stored", json_pack("{s:I, s:I, s:I, s:I}",
            "posts", (json_int_t)n.posts, "followers_known", (json_int_t)n.followers_known,
            "following_known", (json_int_t)n.following_known,
            "snapshots", (json_int_t)n.snapshots));
        json_object_set_new(j, "tier_scheme", json_string(sc->id));
        niche_account_release(&a);
        return cli_json_out(j);
    }
    show_text(&a, &n, sc);
    niche_account_release(&a);
    return CLI_OK;
}

int cmd_accounts(struct cli *c, int argc, char **argv)
{
    const struct cli_command *top = c->cmd;
    size_t i;

    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        cli_print_help(c, NULL, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_HELP;
    }
    for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++) {
        if (!strcmp(argv[1], subcommands[i].name)) {
            c->cmd = &subcommands[i];
            c->subcmd = subcommands[i].name;
            return subcommands[i].fn(c, argc - 1, argv + 1);
        }
    }
    c->cmd = top;
    return cli_usage_error(c, "'%s' is not a subcommand (list, show)", argv[1]);
}
