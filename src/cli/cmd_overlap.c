/*
 * cmd_overlap.c - `niche overlap PLATFORM:HANDLE ...`: the unique audience
 * of a set of accounts, each one's unique share and the pairwise overlap,
 * over their known followers (overlap.h does the counting).
 *
 * Accounts come from the arguments and from --list NAME (a shortlist, in
 * the order added). Everything the arguments alone can show wrong (too
 * few, too many, two platforms, one account twice) is a usage error found
 * before the store opens; what needs the data (an unknown account, no
 * known followers, no sketch) is a runtime error.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

struct overlap_set {
    struct niche_account *a;     /* owned, with their handles */
    size_t nr, alloc;
    const char *list;            /* --list NAME, borrowed */
};

static void set_release(struct overlap_set *s)
{
    size_t i;

    for (i = 0; i < s->nr; i++)
        niche_account_release(&s->a[i]);
    free(s->a);
}

static struct niche_account *set_add(struct overlap_set *s)
{
    if (s->nr == s->alloc) {
        s->alloc = s->alloc ? 2 * s->alloc : 8;
        s->a = niche_xrealloc(s->a, s->alloc * sizeof(*s->a));
    }
    niche_account_init(&s->a[s->nr]);
    return &s->a[s->nr++];
}

static const char *name_of(const struct niche_account *a, char *b, size_t n)
{
    snprintf(b, n, "%s:%s", niche_platform_name(a->platform), a->handle);
    return b;
}

/* ---- gathering the accounts ------------------------------------------------- */

/* Parse the arguments: platforms must agree and none may repeat. */
static int check_args(struct cli *c, char **pos, int npos, int has_list)
{
    enum niche_platform p[NICHE_OVERLAP_MAX + 1];
    char h[NICHE_OVERLAP_MAX + 1][256];
    int i, j, rc;

    if (npos > NICHE_OVERLAP_MAX)
        return cli_usage_error(c, "overlap compares at most %d accounts", NICHE_OVERLAP_MAX);
    if (npos < 2 && !has_list)
        return cli_usage_error(c, "overlap needs at least two accounts (or --list NAME)");
    for (i = 0; i < npos; i++) {
        if ((rc = cli_parse_account(c, pos[i], &p[i], h[i], sizeof(h[i]))) != 0)
            return rc;
        if (p[i] != p[0])
            return cli_usage_error(c, "%s and %s are on different platforms: overlap "
                                      "compares audiences on one platform", pos[0], pos[i]);
        for (j = 0; j < i; j++)
            if (!strcmp(h[i], h[j]))
                return cli_usage_error(c, "%s is given twice", pos[i]);
    }
    return 0;
}

static int resolve_args(struct cli *c, struct overlap_set *s, char **pos, int npos)
{
    enum niche_platform p;
    char h[256];
    int i, rc;

    for (i = 0; i < npos; i++) {
        cli_parse_account(c, pos[i], &p, h, sizeof(h));   /* checked already */
        if ((rc = niche_store_account_get(c->st, p, h, set_add(s), &c->err)) < 0)
            return cli_fail(c, rc);
    }
    return 0;
}

static int member_cb(void *ctx, const struct niche_shortlist_member *m)
{
    struct overlap_set *s = ctx;
    struct niche_account *a = set_add(s);

    a->id = m->account.id;
    a->platform = m->account.platform;
    a->handle = niche_xstrdup(m->account.handle ? m->account.handle : "");
    return 0;
}

static int resolve_list(struct cli *c, struct overlap_set *s)
{
    struct niche_shortlist l;
    int rc;

    if (!s->list)
        return 0;
    if ((rc = niche_store_shortlist_find(c->st, s->list, &l, &c->err)) < 0 ||
        (rc = niche_store_shortlist_members(c->st, l.id, member_cb, s, &c->err)) < 0)
        return cli_fail(c, rc);
    return 0;
}

/* ---- text ------------------------------------------------------------------- */

/* A count: exact as an integer, an estimate rounded with a "~". */
static const char *count(char *b, double v, int exact)
{
    char t[32];

    if (isnan(v))
        return "unknown";
    cli_fmt_count(t, (int64_t)llround(v));
    snprintf(b, 40, "%s%s", exact ? "" : "~", t);
    return b;
}

static const char *share(char *b, double v, double se)
{
    if (isnan(v))
        snprintf(b, 40, "unknown");
    else if (se > 0)
        snprintf(b, 40, "%.1f%% +-%.1f", 100 * v, 100 * se);
    else
        snprintf(b, 40, "%.1f%%", 100 * v);
    return b;
}

static void text_method(const struct niche_overlap *o)
{
    char t[32];

    if (o->method == NICHE_OVERLAP_EXACT) {
        printf("Method: exact, with bitmaps of the follower ids (%s).\n", o->why);
        return;
    }
    printf("Method: estimate from the HyperLogLog sketches of the last 'niche analyze'\n"
           "  (p = %d, the oldest last changed %s; %s).\n"
           "  Each count has a relative standard error of %.2f%%; +- is one standard\n"
           "  error of a pair's overlap.\n", o->precision, cli_fmt_time(t, o->sketched_ms),
           o->why, 100 * o->std_error);
}

static void text_accounts(const struct overlap_set *s, const struct niche_overlap *o)
{
    const char *head[] = { "account", "known", "audience", "unique", "unique share" };
    struct cli_table t;
    char nm[300], k[32], z[40], u[40], sh[40];
    size_t i;
    int ex = o->method == NICHE_OVERLAP_EXACT;

    cli_table_init(&t, 5, head, 0x1e);
    for (i = 0; i < o->n; i++) {
        const struct niche_overlap_item *it = &o->items[i];
        const char *row[5] = { name_of(&s->a[i], nm, sizeof(nm)), cli_fmt_count(k, it->known),
                               count(z, it->size, ex), count(u, it->unique, ex),
                               share(sh, it->unique_share, 0) };

        cli_table_add(&t, row);
    }
    cli_table_print(&t, stdout);
    cli_table_release(&t);
}

static void text_pairs(const struct overlap_set *s, const struct niche_overlap *o)
{
    const char *head[] = { "account", "with", "shared", "overlap" };
    struct cli_table t;
    char a[300], b[300], sh[40], ov[40];
    size_t k;

    cli_table_init(&t, 4, head, 0xc);
    for (k = 0; k < o->npairs; k++) {
        const struct niche_overlap_pair *p = &o->pairs[k];
        const char *row[4] = { name_of(&s->a[p->i], a, sizeof(a)),
                               name_of(&s->a[p->j], b, sizeof(b)),
                               count(sh, p->shared, o->method == NICHE_OVERLAP_EXACT),
                               share(ov, p->overlap, p->overlap_se) };

        cli_table_add(&t, row);
    }
    cli_table_print(&t, stdout);
    cli_table_release(&t);
}

static void overlap_text(const struct overlap_set *s, const struct niche_overlap *o)
{
    char u[40], e[32];

    printf("Audience overlap of %zu %s accounts, over their known followers (the\n"
           "samples the store holds, not every follower).\n", o->n,
           niche_platform_name(s->a[0].platform));
    text_method(o);
    printf("\nUnique audience of the set: %s known followers (of %s follower edges).\n\n",
           count(u, o->union_size, o->method == NICHE_OVERLAP_EXACT), cli_fmt_count(e, o->edges));
    text_accounts(s, o);
    printf("\nPairwise overlap: followers in common / the smaller audience.\n");
    text_pairs(s, o);
}

/* ---- JSON -------------------------------------------------------------------- */

static json_t *jcount(double v, int exact)
{
    if (isnan(v))
        return json_null();
    return exact ? json_integer((json_int_t)llround(v)) : json_real(v);
}

static json_t *overlap_json(const struct overlap_set *s, const struct niche_overlap *o)
{
    int ex = o->method == NICHE_OVERLAP_EXACT;
    json_t *acc = json_array(), *pairs = json_array();
    char nm[300], nm2[300], t[32];
    size_t i;

    for (i = 0; i < o->n; i++)
        json_array_append_new(acc, json_pack("{s:s, s:I, s:o, s:o, s:o}",
            "account", name_of(&s->a[i], nm, sizeof(nm)), "known", (json_int_t)o->items[i].known,
            "audience", jcount(o->items[i].size, ex), "unique", jcount(o->items[i].unique, ex),
            "unique_share", cli_json_real(o->items[i].unique_share)));
    for (i = 0; i < o->npairs; i++) {
        const struct niche_overlap_pair *p = &o->pairs[i];

        json_array_append_new(pairs, json_pack("{s:s, s:s, s:o, s:o, s:o}",
            "account", name_of(&s->a[p->i], nm, sizeof(nm)),
            "with", name_of(&s->a[p->j], nm2, sizeof(nm2)), "shared", jcount(p->shared, ex),
            "overlap", cli_json_real(p->overlap),
            "overlap_se", ex ? json_real(0) : cli_json_real(p->overlap_se)));
    }
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:I, s:o, s:o, s:o}",
        "platform", niche_platform_name(s->a[0].platform), "basis", "known followers",
        "method", ex ? "exact" : "estimate", "why", o->why,
        "precision", ex ? json_null() : json_integer(o->precision),
        "standard_error", ex ? json_real(0) : json_real(o->std_error),
        "sketched_at", ex ? json_null() : json_string(cli_fmt_time(t, o->sketched_ms)),
        "edges", (json_int_t)o->edges, "union", jcount(o->union_size, ex),
        "accounts", acc, "pairs", pairs);
}

/* ---- the command ---------------------------------------------------------------- */

static int run(struct cli *c, struct overlap_set *s, enum niche_overlap_method m)
{
    struct niche_overlap o;
    int rc;

    if (s->nr < 2) {
        niche_error_set(&c->err, NICHE_EINVAL, "overlap needs at least two accounts; list '%s'"
                        " adds %zu", s->list ? s->list : "", s->nr);
        return cli_fail(c, NICHE_EINVAL);
    }
    if ((rc = niche_overlap(c->st, s->a, s->nr, m, &o, &c->err)) < 0) {
        niche_overlap_release(&o);
        return cli_fail(c, rc);
    }
    if (c->json)
        rc = cli_json_out(overlap_json(s, &o));
    else
        overlap_text(s, &o);
    niche_overlap_release(&o);
    return rc;
}

int cmd_overlap(struct cli *c, int argc, char **argv)
{
    struct overlap_set s;
    int exact = 0, estimate = 0, npos, rc;
    char *pos[NICHE_OVERLAP_MAX + 1];
    const struct cli_opt opts[] = {
        { "--list", OPT_STRING, &s.list, "NAME", "the accounts of a shortlist (niche list)" },
        { "--exact", OPT_FLAG, &exact, NULL, "count exactly whatever the size" },
        { "--estimate", OPT_FLAG, &estimate, NULL, "use the stored HyperLogLog sketches" },
        { "--json", OPT_FLAG, &c->json, NULL, "machine-readable output" },
        { NULL, OPT_FLAG, NULL, NULL, NULL }
    };

    memset(&s, 0, sizeof(s));
    if ((rc = cli_parse(c, argc, argv, opts, pos, NICHE_OVERLAP_MAX + 1, &npos)) != 0)
        return rc == CLI_HELP ? CLI_OK : rc;
    if (exact && estimate)
        return cli_usage_error(c, "--exact and --estimate exclude each other");
    if ((rc = check_args(c, pos, npos, s.list != NULL)) != 0)
        return rc;
    if (s.list) {
        struct niche_error e = NICHE_ERROR_INIT;

        if (niche_shortlist_name_check(s.list, &e) < 0)
            return cli_usage_error(c, "%s", e.msg);
    }
    if ((rc = cli_open_store(c)) == 0 && (rc = resolve_args(c, &s, pos, npos)) == 0 &&
        (rc = resolve_list(c, &s)) == 0)
        rc = run(c, &s, exact ? NICHE_OVERLAP_EXACT
                        : estimate ? NICHE_OVERLAP_ESTIMATE : NICHE_OVERLAP_AUTO);
    set_release(&s);
    return rc;
}
