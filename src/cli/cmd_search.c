/*
 * cmd_search.c - `niche search [filters]`: discovery over the index, and
 * `niche index build|info`: the index's snapshot file.
 *
 * Search opens the index (the snapshot beside the database when it is
 * current, else a fresh build that is saved for the next run), turns the
 * options into a struct niche_search_query, and prints the page with the
 * accounts' handles and stored results. --explain says why each account
 * matched and how its score was made; --sql prints the same query in SQL.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

/* --min-KEY / --max-KEY: the bounds search can take, and how to read them. */
enum val_kind { V_COUNT, V_RATIO, V_REAL };

static const struct {
    enum niche_search_key key;
    enum val_kind kind;
} ranges[] = {
    { NICHE_KEY_FOLLOWERS, V_COUNT }, { NICHE_KEY_ER, V_RATIO },
    { NICHE_KEY_ER_MEDIAN, V_RATIO }, { NICHE_KEY_ER_V, V_RATIO },
    { NICHE_KEY_ER_PCT, V_RATIO }, { NICHE_KEY_AQS, V_REAL }, { NICHE_KEY_FAKE, V_RATIO },
    { NICHE_KEY_GROWTH, V_RATIO }, { NICHE_KEY_POSTS_WEEK, V_REAL },
    { NICHE_KEY_PRICE, V_REAL },
};
#define NRANGES (sizeof(ranges) / sizeof(ranges[0]))

struct search_args {
    struct cli_list platform, tier, niche, country, language, audience, target, keyword,
                    hashtag, worked, not_worked;
    const char *bound[NRANGES][2];   /* --min-X, --max-X values */
    const char *sort, *weights, *budget, *index, *save_to;
    int64_t limit, offset, active_days;
    int asc, explain, sql, verified, not_verified, rebuild, no_save, all;
    char names[2][NRANGES][32];     /* option names */
    /* --audience then --target: DIM and KEY of each */
    char aud_dim[2 * NICHE_SEARCH_MAX_LIST][16], aud_key[2 * NICHE_SEARCH_MAX_LIST][32];
};

static void args_release(struct search_args *a)
{
    struct cli_list *l[] = { &a->platform, &a->tier, &a->niche, &a->country, &a->language,
                             &a->audience, &a->target, &a->keyword, &a->hashtag, &a->worked,
                             &a->not_worked };
    size_t i;

    for (i = 0; i < sizeof(l) / sizeof(l[0]); i++)
        cli_list_release(l[i]);
}

/* ---- options to a query ------------------------------------------------------- */

static int read_value(struct cli *c, const char *opt, enum val_kind kind, const char *v,
                      double *out)
{
    const char *why = NULL;
    int64_t n;
    int rc;

    if (kind == V_COUNT) {
        rc = niche_value_int(v, strlen(v), &n, &why);
        *out = (double)n;
    } else if (kind == V_RATIO) {
        rc = niche_value_ratio(v, strlen(v), out, &why);
    } else {
        rc = niche_value_real(v, strlen(v), out, &why);
    }
    if (rc < 0 || isnan(*out))
        return cli_usage_error(c, "%s: '%s' is not a %s%s%s", opt, v,
                               kind == V_COUNT ? "count (12000, 12k, 1.2M)"
                               : kind == V_RATIO ? "rate (3.5%% or 3.5)" : "number",
                               why ? ": " : "", why ? why : "");
    return 0;
}

/* "a,b" and repeated options alike: each item of l, split at commas. */
static int split_into(struct cli *c, const struct cli_list *l, const char *opt,
                      const char **out, int *n, char *store, size_t cap)
{
    size_t i, used = 0;

    for (i = 0; i < l->nr; i++) {
        const char *p = l->items[i];

        while (*p) {
            const char *e = strchr(p, ',');
            size_t len = e ? (size_t)(e - p) : strlen(p);

            if (len) {
                if (*n >= NICHE_SEARCH_MAX_LIST || used + len + 1 > cap)
                    return cli_usage_error(c, "%s: at most %d values", opt,
                                           NICHE_SEARCH_MAX_LIST);
                memcpy(store + used, p, len);
                store[used + len] = '\0';
                out[(*n)++] = store + used;
                used += len + 1;
            }
            p += len + (e != NULL);
        }
    }
    return 0;
}

static int platforms_tiers(struct cli *c, struct search_args *a, struct niche_search_query *q,
                           char *buf, size_t cap)
{
    const char *v[NICHE_SEARCH_MAX_LIST];
    int n = 0, i, t;

    if (split_into(c, &a->platform, "--platform", v, &n, buf, cap) != 0)
        return CLI_USAGE;
    for (i = 0; i < n; i++) {
        enum niche_platform p = niche_platform_parse(v[i], strlen(v[i]));

        if (p == NICHE_PLATFORM_UNKNOWN)
            return cli_usage_error(c, "--platform: unknown platform '%s'", v[i]);
        q->platforms |= 1u << p;
    }
    n = 0;
    if (split_into(c, &a->tier, "--tier", v, &n, buf, cap) != 0)
        return CLI_USAGE;
    for (i = 0; i < n; i++) {
        for (t = 0; t < NICHE_TIER__COUNT; t++)
            if (!strcmp(v[i], niche_tier_name((enum niche_tier)t)))
                break;
        if (t == NICHE_TIER__COUNT || t == NICHE_TIER_UNKNOWN)
            return cli_usage_error(c, "--tier: unknown tier '%s' (nano, micro, mid, macro,"
                                   " mega)", v[i]);
        q->tiers |= 1u << t;
    }
    return 0;
}

/* "country:US>=30%", "gender:female>=60%", "age:18-24>=25%" of option opt,
 * kept in a's slot i. */
static int audience_of(struct cli *c, struct search_args *a, const char *opt, const char *v,
                       int i, struct niche_audience_min *m)
{
    const char *colon = strchr(v, ':'), *ge = strstr(v, ">=");
    size_t dl, kl;

    if (!colon || !ge || ge < colon)
        return cli_usage_error(c, "%s: expected DIMENSION:KEY>=SHARE (country:US>=30%%),"
                               " not '%s'", opt, v);
    dl = (size_t)(colon - v);
    kl = (size_t)(ge - colon - 1);
    if (!dl || !kl || dl >= sizeof(a->aud_dim[i]) || kl >= sizeof(a->aud_key[i]))
        return cli_usage_error(c, "%s: bad dimension or key in '%s'", opt, v);
    memcpy(a->aud_dim[i], v, dl);
    a->aud_dim[i][dl] = '\0';
    memcpy(a->aud_key[i], colon + 1, kl);
    a->aud_key[i][kl] = '\0';
    m->dimension = a->aud_dim[i];
    m->key = a->aud_key[i];
    return read_value(c, opt, V_RATIO, ge + 2, &m->min);
}

static int weights_of(struct cli *c, const char *spec, struct niche_search_query *q)
{
    char buf[256], *p, *save = NULL;
    int k;

    if (strlen(spec) >= sizeof(buf))
        return cli_usage_error(c, "--weights: too long");
    memcpy(buf, spec, strlen(spec) + 1);
    for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(p, '='), *end;
        double w;

        if (!eq)
            return cli_usage_error(c, "--weights: expected PART=W, not '%s'", p);
        *eq = '\0';
        for (k = 0; k < NICHE_FIT__COUNT; k++)
            if (!strcmp(p, niche_fit_part_name((enum niche_fit_part)k)))
                break;
        w = strtod(eq + 1, &end);
        if (k == NICHE_FIT__COUNT)
            return cli_usage_error(c, "--weights: unknown part '%s' (niche, audience,"
                                   " quality, engagement, price, reliability)", p);
        if (end == eq + 1 || *end || !(w >= 0))
            return cli_usage_error(c, "--weights: '%s' is not a weight >= 0", eq + 1);
        q->weights[k] = w;
    }
    return 0;
}

static int lists_of(struct cli *c, struct search_args *a, struct niche_search_query *q,
                    char *buf, size_t cap)
{
    size_t per = cap / 9;
    const char *aud[NICHE_SEARCH_MAX_LIST], *tgt[NICHE_SEARCH_MAX_LIST];
    int i, naud = 0, ntgt = 0;

    if (split_into(c, &a->niche, "--niche", q->niches, &q->nniches, buf, per) ||
        split_into(c, &a->country, "--country", q->countries, &q->ncountries, buf + per, per) ||
        split_into(c, &a->language, "--language", q->languages, &q->nlanguages,
                   buf + 2 * per, per) ||
        split_into(c, &a->keyword, "--keyword", q->keywords, &q->nkeywords, buf + 3 * per,
                   per) ||
        split_into(c, &a->hashtag, "--hashtag", q->hashtags, &q->nhashtags, buf + 4 * per,
                   per) ||
        split_into(c, &a->worked, "--worked-with", q->worked_with, &q->nworked_with,
                   buf + 5 * per, per) ||
        split_into(c, &a->not_worked, "--not-worked-with", q->not_worked_with,
                   &q->nnot_worked_with, buf + 6 * per, per) ||
        split_into(c, &a->audience, "--audience", aud, &naud, buf + 7 * per, per) ||
        split_into(c, &a->target, "--target", tgt, &ntgt, buf + 8 * per, per))
        return CLI_USAGE;
    for (i = 0; i < q->nniches; i++)
        if (niche_topic_parse(q->niches[i]) < 0)
            return cli_usage_error(c, "--niche: unknown niche '%s' (see docs/topics-lexicon.md)",
                                   q->niches[i]);
    for (i = 0; i < naud; i++)
        if (audience_of(c, a, "--audience", aud[i], i, &q->audience[i]) != 0)
            return CLI_USAGE;
    for (i = 0; i < ntgt; i++)
        if (audience_of(c, a, "--target", tgt[i], NICHE_SEARCH_MAX_LIST + i,
                        &q->targets[i]) != 0)
            return CLI_USAGE;
    q->naudience = naud;
    q->ntargets = ntgt;
    return 0;
}

static int query_of(struct cli *c, struct search_args *a, struct niche_search_query *q,
                    char *buf, size_t cap)
{
    size_t r;
    int s, rc;

    if ((rc = platforms_tiers(c, a, q, buf, cap / 2)) != 0 ||
        (rc = lists_of(c, a, q, buf + cap / 2, cap / 2)) != 0)
        return rc;
    for (r = 0; r < NRANGES; r++)
        for (s = 0; s < 2; s++)
            if (a->bound[r][s] &&
                read_value(c, a->names[s][r], ranges[r].kind, a->bound[r][s],
                           s ? &q->hi[ranges[r].key] : &q->lo[ranges[r].key]) != 0)
                return CLI_USAGE;
    if (a->sort && (s = niche_search_key_parse(a->sort)) < 0)
        return cli_usage_error(c, "--sort: unknown key '%s' (followers, er, er-median,"
                               " er-views, er-percentile, aqs, fake, growth, posts-week,"
                               " price, last-post, fit)", a->sort);
    if (a->sort)
        q->sort = (enum niche_search_key)s;
    if (a->weights && (rc = weights_of(c, a->weights, q)) != 0)
        return rc;
    if (a->budget && read_value(c, "--budget", V_REAL, a->budget, &q->budget) != 0)
        return CLI_USAGE;
    if ((a->target.nr || a->weights || a->budget) && q->sort != NICHE_KEY_FIT)
        return cli_usage_error(c, "--target, --weights and --budget shape the brand fit:"
                               " add --sort fit");
    if (a->verified && a->not_verified)
        return cli_usage_error(c, "--verified and --not-verified exclude each other");
    q->verified = a->verified ? 1 : a->not_verified ? 0 : -1;
    if (a->active_days < 0 || a->active_days > 36500)
        return cli_usage_error(c, "--active-days must be 0 to 36500");
    q->active_days = (int)a->active_days;
    q->ascending = a->asc;
    q->all_accounts = a->all;
    q->limit = a->limit;
    q->offset = a->offset;
    if (niche_search_query_check(q, &c->err) < 0)
        return cli_usage_error(c, "%s", c->err.msg);
    if (a->save_to && niche_shortlist_name_check(a->save_to, &c->err) < 0)
        return cli_usage_error(c, "--save-to: %s", c->err.msg);
    return 0;
}

/* ---- the index ------------------------------------------------------------------ */

/* The snapshot path: --index, or the database's path + ".index". */
static void index_path(struct cli *c, const char *opt, char *out, size_t n)
{
    snprintf(out, n, "%s%s", opt ? opt : c->db, opt ? "" : ".index");
}

/* Results need an analysis: run it first when the workspace never had one. */
static int ensure_analysis(struct cli *c)
{
    struct niche_analysis_run run;

    return cli_ensure_analysis(c, &run);
}

static int open_index(struct cli *c, const char *opt, int flags, struct niche_index **ix,
                      int *rebuilt)
{
    char path[4096];
    int rc;

    index_path(c, opt, path, sizeof(path));
    if ((rc = niche_index_open(c->st, path, flags, ix, rebuilt, &c->err)) < 0)
        return cli_fail(c, rc);
    return 0;
}

/* ---- output ------------------------------------------------------------------------ */

struct shown {
    struct niche_account a;
    struct niche_metrics m;
    int has_m;
};

static int fetch(struct cli *c, const struct niche_search_hit *h, struct shown *s)
{
    int rc;

    niche_account_init(&s->a);
    if ((rc = niche_store_account_get_by_id(c->st, h->account_id, &s->a, &c->err)) < 0)
        return rc;
    rc = niche_store_metrics_get(c->st, h->account_id, &s->m, &c->err);
    s->has_m = rc == 0;
    return rc == NICHE_ENOTFOUND ? 0 : rc;
}

static const char *fmt_pct(char *b, double v)
{
    return cli_fmt_real(b, 100 * v, "%.2f%%", "-");
}

static const char *fmt_num(char *b, double v, const char *f)
{
    return cli_fmt_real(b, v, f, "-");
}

/* The account's value for the sort key, as stored (value in the hit). */
static void fmt_value(char *b, enum niche_search_key k, double v)
{
    switch (k) {
    case NICHE_KEY_FOLLOWERS: cli_fmt_count(b, isnan(v) ? NICHE_MISSING : (int64_t)v); break;
    case NICHE_KEY_AQS: case NICHE_KEY_POSTS_WEEK: case NICHE_KEY_FIT:
        fmt_num(b, v, k == NICHE_KEY_FIT ? "%.3f" : "%.1f"); break;
    case NICHE_KEY_PRICE: fmt_num(b, v, "%.0f"); break;
    case NICHE_KEY_LAST_POST: cli_fmt_time(b, isnan(v) ? NICHE_MISSING : (int64_t)v); break;
    default: fmt_pct(b, v); break;
    }
}

static void niches_str(const struct shown *s, char *b, size_t n)
{
    size_t o = 0;
    int i;

    b[0] = '\0';
    for (i = 0; s->has_m && i < s->m.nniches && o + 1 < n; i++)
        o += (size_t)snprintf(b + o, n - o, "%s%s", i ? "," : "",
                              niche_topic_name(s->m.niche[i].topic));
    if (!b[0])
        snprintf(b, n, "-");
}

/* Why the account matched: its own value for each filter the query set. */
static json_t *why_json(const struct niche_index *ix, const struct niche_search_query *q,
                        const struct niche_search_hit *h, const struct shown *s)
{
    json_t *w = json_object();
    int i;

    if (q->platforms)
        json_object_set_new(w, "platform", json_string(niche_platform_name(s->a.platform)));
    if (q->tiers && s->has_m)
        json_object_set_new(w, "tier", json_string(niche_tier_name(s->m.tier)));
    if (q->ncountries)
        json_object_set_new(w, "country", cli_json_str(s->a.country));
    if (q->nlanguages)
        json_object_set_new(w, "language", cli_json_str(s->a.language));
    for (i = 0; i < q->nniches; i++) {
        double sc = niche_index_niche_score(ix, h->row, q->niches[i]);

        if (!isnan(sc))
            json_object_set_new(w, q->niches[i], json_real(sc));
    }
    for (i = 0; i < q->naudience + q->ntargets; i++) {
        const struct niche_audience_min *m = i < q->naudience ? &q->audience[i]
                                             : &q->targets[i - q->naudience];
        char key[64];

        snprintf(key, sizeof(key), "audience %s:%s", m->dimension, m->key);
        json_object_set_new(w, key, cli_json_real(niche_index_share(ix, h->row,
                            m->dimension, m->key)));
    }
    for (i = 0; i < q->nworked_with; i++)
        json_object_set_new(w, "worked with one of", json_string(q->worked_with[0]));
    return w;
}

static json_t *hit_json(const struct niche_index *ix, const struct niche_search_query *q,
                        const struct niche_search_hit *h, const struct shown *s, int64_t rank,
                        int explain)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:o}", "rank", (json_int_t)rank,
        "platform", niche_platform_name(s->a.platform), "handle", s->a.handle,
        "name", cli_json_str(s->a.name), "followers", cli_json_count(s->a.followers));
    json_t *niches = json_array(), *parts;
    int i;

    json_object_set_new(o, "sort_value", cli_json_real(h->value));
    if (s->has_m) {
        json_object_set_new(o, "tier", json_string(niche_tier_name(s->m.tier)));
        json_object_set_new(o, "er", cli_json_real(s->m.er[NICHE_ER_F_MEAN].value));
        json_object_set_new(o, "er_views", cli_json_real(s->m.er[NICHE_ER_V].value));
        json_object_set_new(o, "er_percentile",
                            cli_json_real(s->m.peer[NICHE_ER_F_MEAN].percentile));
        json_object_set_new(o, "aqs", cli_json_real(s->m.aqs));
        json_object_set_new(o, "fake", cli_json_real(s->m.fake));
        json_object_set_new(o, "est_price", cli_json_real(s->m.est.price));
        json_object_set_new(o, "currency", json_string(s->m.currency));
        for (i = 0; i < s->m.nniches; i++)
            json_array_append_new(niches, json_string(niche_topic_name(s->m.niche[i].topic)));
    }
    json_object_set_new(o, "niches", niches);
    if (q->sort == NICHE_KEY_FIT) {
        json_object_set_new(o, "fit", cli_json_real(h->fit));
        parts = json_object();
        for (i = 0; i < NICHE_FIT__COUNT; i++)
            json_object_set_new(parts, niche_fit_part_name((enum niche_fit_part)i),
                                cli_json_real(h->part[i]));
        json_object_set_new(o, "fit_parts", parts);
    }
    if (explain)
        json_object_set_new(o, "why", why_json(ix, q, h, s));
    return o;
}

/* "fit 0.712 = 0.30 x niche 0.62 + ..." with unknown and unasked parts said. */
static void explain_fit(const struct niche_search_query *q, const struct niche_search_hit *h)
{
    int i;

    printf("    fit %.3f =", h->fit);
    for (i = 0; i < NICHE_FIT__COUNT; i++) {
        const char *name = niche_fit_part_name((enum niche_fit_part)i);
        int asked = !(i == NICHE_FIT_NICHE && !q->nniches) &&
                    !(i == NICHE_FIT_AUDIENCE && !q->ntargets) &&
                    !(i == NICHE_FIT_PRICE && isnan(q->budget) && isnan(q->hi[NICHE_KEY_PRICE]));

        if (!asked)
            printf(" [%s not asked]", name);
        else if (isnan(h->part[i]))
            printf(" %s%.2f x %s unknown (0)", i ? "+ " : "", q->weights[i], name);
        else
            printf(" %s%.2f x %s %.2f", i ? "+ " : "", q->weights[i], name, h->part[i]);
    }
    printf(" (normalised by the asked weights)\n");
}

static void explain_text(json_t *why)
{
    const char *k;
    json_t *v;
    int first = 1;

    printf("    matched:");
    json_object_foreach(why, k, v) {
        if (json_is_real(v))
            printf("%s %s %.2f%%", first ? "" : ";", k, 100 * json_real_value(v));
        else if (json_is_string(v))
            printf("%s %s %s", first ? "" : ";", k, json_string_value(v));
        first = 0;
    }
    printf("%s\n", first ? " every account (no category filter)" : "");
}

static void row_text(struct cli_table *t, const struct niche_search_query *q,
                     const struct niche_search_hit *h, const struct shown *s, int64_t rank)
{
    char b[10][32], acct[300], niches[128];
    const char *row[11];
    const struct niche_metrics *m = &s->m;
    double nan = NAN;

    snprintf(b[0], sizeof(b[0]), "%lld", (long long)rank);
    snprintf(acct, sizeof(acct), "%s:%s", niche_platform_name(s->a.platform), s->a.handle);
    niches_str(s, niches, sizeof(niches));
    row[0] = b[0];
    row[1] = acct;
    row[2] = cli_fmt_count(b[1], s->a.followers);
    row[3] = s->has_m ? niche_tier_name(m->tier) : "-";
    row[4] = fmt_pct(b[2], s->has_m ? m->er[NICHE_ER_F_MEAN].value : nan);
    row[5] = fmt_num(b[3], s->has_m ? 100 * m->peer[NICHE_ER_F_MEAN].percentile : nan, "%.0f");
    row[6] = fmt_num(b[4], s->has_m ? m->aqs : nan, "%.0f");
    row[7] = fmt_pct(b[5], s->has_m ? m->fake : nan);
    row[8] = fmt_num(b[6], s->has_m ? m->est.price : nan, "%.0f");
    row[9] = niches;
    fmt_value(b[7], q->sort, h->value);
    row[10] = b[7];
    cli_table_add(t, row);
}

/* After the table: for each account, what it matched and how it scored. */
static int explain_block(struct cli *c, const struct niche_index *ix,
                         const struct niche_search_query *q, const struct niche_search_result *r)
{
    int64_t i;
    int rc;

    printf("\nwhy:\n");
    for (i = 0; i < r->n; i++) {
        struct shown s;
        json_t *why;

        if ((rc = fetch(c, &r->hits[i], &s)) < 0)
            return rc;
        printf("  %lld %s:%s\n", (long long)(q->offset + i + 1),
               niche_platform_name(s.a.platform), s.a.handle);
        why = why_json(ix, q, &r->hits[i], &s);
        explain_text(why);
        if (q->sort == NICHE_KEY_FIT)
            explain_fit(q, &r->hits[i]);
        json_decref(why);
        niche_account_release(&s.a);
    }
    return 0;
}

static int show_json(struct cli *c, const struct niche_index *ix,
                     const struct niche_search_query *q, const struct niche_search_result *r,
                     int explain, int rebuilt)
{
    json_t *arr = json_array();
    int64_t i;
    int rc;

    for (i = 0; i < r->n; i++) {
        struct shown s;

        if ((rc = fetch(c, &r->hits[i], &s)) < 0) {
            json_decref(arr);
            return cli_fail(c, rc);
        }
        json_array_append_new(arr, hit_json(ix, q, &r->hits[i], &s, q->offset + i + 1,
                                            explain));
        niche_account_release(&s.a);
    }
    return cli_json_out(json_pack("{s:I, s:I, s:I, s:o, s:b, s:o}", "matched",
        (json_int_t)r->matched, "offset", (json_int_t)q->offset, "limit",
        (json_int_t)q->limit, "sort", json_string(niche_search_key_name(q->sort)),
        "index_rebuilt", rebuilt, "results", arr));
}

static int show(struct cli *c, const struct niche_index *ix, const struct niche_search_query *q,
                const struct niche_search_result *r, int explain, int rebuilt)
{
    static const char *head[] = { "#", "account", "followers", "tier", "ER", "ER pct", "AQS",
                                  "fake", "price~", "niches", NULL };
    struct cli_table t;
    int64_t i;
    int rc = 0;

    if (c->json)
        return show_json(c, ix, q, r, explain, rebuilt);
    head[10] = niche_search_key_name(q->sort);
    cli_table_init(&t, 11, head, 0x5fd);
    for (i = 0; i < r->n && rc == 0; i++) {
        struct shown s;

        if ((rc = fetch(c, &r->hits[i], &s)) == 0) {
            row_text(&t, q, &r->hits[i], &s, q->offset + i + 1);
            niche_account_release(&s.a);
        }
    }
    if (rc == 0)
        cli_table_print(&t, stdout);
    cli_table_release(&t);
    if (rc == 0 && explain)
        rc = explain_block(c, ix, q, r);
    if (rc < 0)
        return cli_fail(c, rc);
    printf("%lld matched; showing %lld from %lld, by %s%s. price~ is an estimate.\n",
           (long long)r->matched, (long long)r->n, (long long)q->offset + (r->n > 0),
           niche_search_key_name(q->sort), q->ascending ? " (ascending)" : "");
    return 0;
}

int cli_index_refresh(struct cli *c)
{
    struct niche_index *ix = NULL;
    char path[4096];
    int rc;

    index_path(c, NULL, path, sizeof(path));
    if (access(path, F_OK) != 0)
        return 0;
    if ((rc = niche_index_open(c->st, path, NICHE_INDEX_REBUILD, &ix, NULL, &c->err)) < 0)
        fprintf(stderr, "niche %s: note: the search index was not refreshed (%s); the next"
                        " search rebuilds it\n", c->cmd->name, c->err.msg);
    niche_index_free(ix);
    niche_error_clear(&c->err);
    return rc == 0;
}

/* The page onto shortlist name, created when missing; all or nothing. */
static int save_to(struct cli *c, const char *name, const struct niche_search_result *r)
{
    struct niche_shortlist l;
    int64_t i, id, added = 0;
    int rc, one;

    if ((rc = niche_store_begin(c->st, &c->err)) < 0)
        return cli_fail(c, rc);
    rc = niche_store_shortlist_find(c->st, name, &l, &c->err);
    if (rc == NICHE_ENOTFOUND)
        rc = niche_store_shortlist_create(c->st, name, &id, &c->err);
    else
        id = l.id;
    for (i = 0; rc == 0 && i < r->n; i++) {
        rc = niche_store_shortlist_add(c->st, id, r->hits[i].account_id, NULL, &one, &c->err);
        added += rc == 0 && one;
    }
    if (rc < 0) {
        niche_store_rollback(c->st);
        return cli_fail(c, rc);
    }
    if ((rc = niche_store_commit(c->st, &c->err)) < 0)
        return cli_fail(c, rc);
    if (!c->json)
        printf("added %lld of these accounts to list '%s'%s\n", (long long)added, name,
               added < r->n ? " (the others were on it)" : "");
    return 0;
}

/* ---- commands ------------------------------------------------------------------------- */

static void range_opts(struct search_args *a, struct cli_opt *o, int *n)
{
    size_t r;
    int s;

    for (r = 0; r < NRANGES; r++)
        for (s = 0; s < 2; s++) {
            snprintf(a->names[s][r], sizeof(a->names[s][r]), "--%s-%s", s ? "max" : "min",
                     niche_search_key_name(ranges[r].key));
            o[*n].name = a->names[s][r];
            o[*n].type = OPT_STRING;
            o[*n].dest = (void *)&a->bound[r][s];
            o[*n].arg = ranges[r].kind == V_COUNT ? "N" : ranges[r].kind == V_RATIO ? "R" : "X";
            o[*n].help = s ? NULL : "bound (inclusive); see the help text";
            (*n)++;
        }
}

static int run_search(struct cli *c, struct search_args *a, struct niche_search_query *q)
{
    struct niche_index *ix = NULL;
    struct niche_search_result r;
    char *sql = NULL;
    int rc, rebuilt = 0;

    if ((rc = cli_open_store(c)) != 0 || (rc = ensure_analysis(c)) != 0)
        return rc;
    if ((rc = open_index(c, a->index, (a->rebuild ? NICHE_INDEX_REBUILD : 0) |
                         (a->no_save ? NICHE_INDEX_NO_SAVE : 0), &ix, &rebuilt)) != 0)
        return rc;
    if (a->sql) {
        if ((rc = niche_search_sql(ix, q, &sql, &c->err)) < 0)
            rc = cli_fail(c, rc);
        else
            printf("%s;\n", sql);
        free(sql);
    } else if ((rc = niche_search(ix, q, &r, &c->err)) < 0) {
        rc = cli_fail(c, rc);
    } else {
        rc = show(c, ix, q, &r, a->explain, rebuilt);
        if (rc == 0 && a->save_to)
            rc = save_to(c, a->save_to, &r);
        niche_search_result_free(&r);
    }
    niche_index_free(ix);
    return rc;
}

int cmd_search(struct cli *c, int argc, char **argv)
{
    struct search_args a;
    struct niche_search_query q;
    struct cli_opt opts[64];
    char buf[16384];   /* half platforms and tiers, half the nine lists */
    int n = 0, npos, rc;

    memset(&a, 0, sizeof(a));
    a.limit = 50;
    {
        const struct cli_opt fixed[] = {
            { "--platform", OPT_LIST, &a.platform, "P[,P]", "instagram, tiktok, youtube..." },
            { "--tier", OPT_LIST, &a.tier, "T[,T]", "nano, micro, mid, macro, mega" },
            { "--niche", OPT_LIST, &a.niche, "N[,N]", "any of these niches" },
            { "--country", OPT_LIST, &a.country, "CC[,CC]", "account's country (any of)" },
            { "--language", OPT_LIST, &a.language, "L[,L]", "account's language (any of)" },
            { "--audience", OPT_LIST, &a.audience, "DIM:KEY>=SHARE",
              "audience share minimum, e.g. country:US>=30% (all must hold)" },
            { "--target", OPT_LIST, &a.target, "DIM:KEY>=SHARE",
              "brand fit: audience share aimed at, not required (--sort fit)" },
            { "--keyword", OPT_LIST, &a.keyword, "WORD", "word in the bio (all must hold)" },
            { "--hashtag", OPT_LIST, &a.hashtag, "TAG", "among its top hashtags (all)" },
            { "--worked-with", OPT_LIST, &a.worked, "BRAND[,BRAND]", "posted about any of" },
            { "--not-worked-with", OPT_LIST, &a.not_worked, "BRAND[,BRAND]",
              "posted about none of (a brand and its competitors)" },
            { "--active-days", OPT_INT, &a.active_days, "N", "posted within N days" },
            { "--verified", OPT_FLAG, &a.verified, NULL, "verified accounts only" },
            { "--all-accounts", OPT_FLAG, &a.all, NULL,
              "also accounts never analysed (mostly followers)" },
            { "--not-verified", OPT_FLAG, &a.not_verified, NULL, "unverified accounts only" },
            { "--sort", OPT_STRING, &a.sort, "KEY", "followers (default), er, aqs, fit..." },
            { "--asc", OPT_FLAG, &a.asc, NULL, "ascending (default: best first)" },
            { "--weights", OPT_STRING, &a.weights, "PART=W,...", "brand-fit weights" },
            { "--budget", OPT_STRING, &a.budget, "AMOUNT", "price per post the fit aims at" },
            { "--limit", OPT_INT, &a.limit, "N", "results per page (50)" },
            { "--offset", OPT_INT, &a.offset, "N", "skip the first N results" },
            { "--explain", OPT_FLAG, &a.explain, NULL, "why each account matched and scored" },
            { "--sql", OPT_FLAG, &a.sql, NULL, "print the same query in SQL and stop" },
            { "--index", OPT_STRING, &a.index, "FILE", "snapshot file (DB.index)" },
            { "--rebuild", OPT_FLAG, &a.rebuild, NULL, "rebuild the index from the store" },
            { "--no-save", OPT_FLAG, &a.no_save, NULL, "do not write the snapshot" },
            { "--save-to", OPT_STRING, &a.save_to, "LIST",
              "add this page to a shortlist (made if missing)" },
        };

        memcpy(opts, fixed, sizeof(fixed));
        n = (int)(sizeof(fixed) / sizeof(fixed[0]));
    }
    range_opts(&a, opts, &n);
    memset(&opts[n], 0, sizeof(opts[n]));
    niche_search_query_init(&q);
    if ((rc = cli_parse(c, argc, argv, opts, NULL, 0, &npos)) == 0 &&
        (rc = query_of(c, &a, &q, buf, sizeof(buf))) == 0)
        rc = run_search(c, &a, &q);
    args_release(&a);
    return rc;
}

/* `niche index build|info`. */
int cmd_index(struct cli *c, int argc, char **argv)
{
    struct niche_index *ix = NULL;
    struct niche_index_stats s;
    const char *path_opt = NULL;
    char *pos[1], path[4096];
    int npos, rc, rebuilt = 0, build;
    const struct cli_opt opts[] = {
        { "--index", OPT_STRING, &path_opt, "FILE", "snapshot file (DB.index)" },
        { NULL, OPT_FLAG, NULL, NULL, NULL }
    };

    if ((rc = cli_parse(c, argc, argv, opts, pos, 1, &npos)) != 0)
        return rc;
    if (npos != 1 || (strcmp(pos[0], "build") && strcmp(pos[0], "info")))
        return cli_usage_error(c, "expected build or info");
    build = !strcmp(pos[0], "build");
    if ((rc = cli_open_store(c)) != 0 || (build && (rc = ensure_analysis(c)) != 0))
        return rc;
    index_path(c, path_opt, path, sizeof(path));
    rc = build ? niche_index_open(c->st, path, NICHE_INDEX_REBUILD, &ix, &rebuilt, &c->err)
               : niche_index_load(path, &ix, &c->err);
    if (rc < 0)
        return cli_fail(c, rc);
    niche_index_stats(ix, &s);
    niche_index_free(ix);
    if (c->json)
        return cli_json_out(json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I,"
            " s:I, s:f}", "path", path, "accounts", (json_int_t)s.accounts,
            "dense_audience_keys", (json_int_t)s.dense_keys,
            "analysed", (json_int_t)s.analysed, "terms", (json_int_t)s.terms,
            "audience_entries", (json_int_t)s.audience_entries, "bytes", (json_int_t)s.bytes,
            "bytes_columns", (json_int_t)s.bytes_columns,
            "bytes_bitmaps", (json_int_t)s.bytes_bitmaps, "bytes_text", (json_int_t)s.bytes_text,
            "bytes_audience", (json_int_t)s.bytes_audience, "run_id", (json_int_t)s.run_id,
            "bytes_per_account", s.accounts ? (double)s.bytes / (double)s.accounts : 0.0));
    printf("%s: %lld accounts (%lld analysed, run %lld), %lld terms, %lld audience shares"
           " (%lld keys dense)\n", path, (long long)s.accounts, (long long)s.analysed,
           (long long)s.run_id, (long long)s.terms, (long long)s.audience_entries,
           (long long)s.dense_keys);
    printf("memory: %.1f bytes per account (columns %zu, bitmaps %zu, text %zu, audience %zu,"
           " names %zu bytes)\n", s.accounts ? (double)s.bytes / (double)s.accounts : 0.0,
           s.bytes_columns, s.bytes_bitmaps, s.bytes_text, s.bytes_audience, s.bytes_dict);
    return 0;
}
