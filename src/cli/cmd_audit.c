/*
 * cmd_audit.c - `niche audit PLATFORM:HANDLE`: one account's full report.
 *
 * The report reads the stored results of the latest `niche analyze`
 * (running it first when the workspace was never analysed), plus the
 * account's own posts for the per-post rates. Every figure says what it
 * rests on, and what is not known is printed as unknown, never as zero.
 */
#include <math.h>
#include <string.h>
#include "cli.h"

struct audit {
    struct niche_account a;
    struct niche_metrics m;
    struct niche_analysis_run run;
    int has_metrics;
    struct niche_post *posts;   /* latest posts, numbers only */
    size_t nposts, max_posts;
    struct cli *c;
    json_t *spons;              /* sponsorship signs, newest first */
    json_t *stored;             /* stored signs by post row id */
    json_t *mates;              /* "platform:handle" of pod mates */
    json_t *flagged;            /* followers that are not plain real ones */
};

static const char *pct(char *b, double r)
{
    return cli_fmt_real(b, 100 * r, "%.2f%%", "unknown");
}

static const char *num(char *b, double v, const char *fmt)
{
    return cli_fmt_real(b, v, fmt, "unknown");
}

/* ---- gathering -------------------------------------------------------------- */

static json_t *spons_entry(const char *pid, int64_t posted_ms,
                           const struct niche_disclosure_check *chk, const char *brand,
                           int likely)
{
    char t[32];

    return json_pack("{s:s, s:s, s:s, s:o, s:b, s:b, s:o, s:b}",
        "post_id", pid ? pid : "", "posted_at", cli_fmt_time(t, posted_ms),
        "compliance", niche_compliance_name(chk->compliance), "marker", cli_json_str(chk->word),
        "platform_flag", chk->flag, "buried", chk->buried,
        "brand", cli_json_str(brand && *brand ? brand : NULL), "likely_undisclosed", likely);
}

/* Stored signs (posts a reviewer must see), keyed by the post's row id. */
static int spons_cb(void *ctx, const struct niche_post_sponsorship *ps, const char *pid,
                    int64_t posted_ms)
{
    struct audit *au = ctx;
    char key[32];

    snprintf(key, sizeof(key), "%lld", (long long)ps->post_id);
    json_object_set_new(au->stored, key, spons_entry(pid, posted_ms, &ps->check, ps->brand,
                                                     ps->likely_undisclosed));
    return 0;
}

/* Every post of the account, newest first: the latest keep their numbers;
 * each with a sign of sponsorship joins the list, stored (needs review,
 * likely undisclosed) or re-checked here (compliant). */
static int post_cb(void *ctx, const struct niche_post *p)
{
    struct audit *au = ctx;
    struct niche_disclosure_check chk;
    char key[32];
    json_t *stored;

    if (au->nposts < au->max_posts) {
        au->posts[au->nposts] = *p;
        au->posts[au->nposts].caption = au->posts[au->nposts].hashtags = NULL;
        au->posts[au->nposts].mentions = NULL;
        au->posts[au->nposts].post_id = niche_xstrdup(p->post_id ? p->post_id : "");
        au->nposts++;
    }
    snprintf(key, sizeof(key), "%lld", (long long)p->id);
    if ((stored = json_object_get(au->stored, key)) != NULL) {
        json_array_append(au->spons, stored);
        return 0;
    }
    niche_disclosure_check(p->caption, p->sponsored, &chk);
    if (chk.compliance == NICHE_COMPLIANCE_OK) {
        const char *sp = p->mentions ? strchr(p->mentions, ' ') : NULL;
        char brand[48] = "";

        if (p->mentions)
            snprintf(brand, sizeof(brand), "%.*s",
                     (int)(sp ? (size_t)(sp - p->mentions) : strlen(p->mentions)),
                     p->mentions);
        json_array_append_new(au->spons, spons_entry(p->post_id, p->posted_ms, &chk, brand, 0));
    }
    return 0;
}

static int mate_cb(void *ctx, const struct niche_account *a)
{
    struct audit *au = ctx;

    json_array_append_new(au->mates, json_sprintf("%s:%s", niche_platform_name(a->platform),
                                                  a->handle));
    return 0;
}

#define FLAGGED_MAX 50

static int flagged_cb(void *ctx, const struct niche_account *f, enum niche_follower_type type,
                      int bot)
{
    struct audit *au = ctx;

    json_array_append_new(au->flagged, json_pack("{s:s, s:s, s:b}", "follower",
        f->handle ? f->handle : "", "type", niche_follower_type_name(type), "bot", bot));
    return 0;
}

static int gather(struct cli *c, struct audit *au)
{
    int rc = niche_store_metrics_get(c->st, au->a.id, &au->m, &c->err);

    if (rc < 0 && rc != NICHE_ENOTFOUND)
        return cli_fail(c, rc);
    au->has_metrics = rc == 0;
    niche_error_clear(&c->err);
    au->posts = niche_xcalloc(au->max_posts ? au->max_posts : 1, sizeof(*au->posts));
    au->spons = json_array();
    au->stored = json_object();
    au->mates = json_array();
    au->flagged = json_array();
    if ((rc = niche_store_flagged_followers(c->st, au->a.id, FLAGGED_MAX, flagged_cb, au,
                                            &c->err)) < 0 ||
        (rc = niche_store_sponsorship_list(c->st, au->a.id, spons_cb, au, &c->err)) < 0 ||
        (rc = niche_store_post_scan(c->st, au->a.id, post_cb, au, &c->err)) < 0)
        return cli_fail(c, rc);
    if (au->has_metrics &&
        (rc = niche_store_pod_members(c->st, au->m.pod, au->a.id, mate_cb, au, &c->err)) < 0)
        return cli_fail(c, rc);
    return 0;
}

/* ---- text ------------------------------------------------------------------- */

static void text_head(const struct audit *au)
{
    const struct niche_account *a = &au->a;
    char f[32], t1[32], t2[32];

    printf("%s:%s%s%s%s\n", niche_platform_name(a->platform), a->handle,
           a->name ? " (" : "", a->name ? a->name : "", a->name ? ")" : "");
    printf("  followers %s, tier %s (%s), country %s, language %s\n",
           cli_fmt_count(f, a->followers),
           au->has_metrics ? niche_tier_name(au->m.tier) : "unknown",
           au->run.scheme[0] ? au->run.scheme : "later-fohr", a->country ? a->country : "unknown",
           a->language ? a->language : "unknown");
    printf("  analysis v%d of %s, data as of %s\n", au->run.version,
           cli_fmt_time(t1, au->run.finished_ms), cli_fmt_time(t2, au->run.as_of_ms));
}

/* The engagements a network's rate counts (lib/metrics.c, [Keyhole]). */
static const char *numerator(enum niche_platform p)
{
    switch (p) {
    case NICHE_PLATFORM_TIKTOK:
    case NICHE_PLATFORM_FACEBOOK: return "likes+comments+shares";
    case NICHE_PLATFORM_X: return "likes+reposts";
    default: return "likes+comments";
    }
}

static void text_er(const struct audit *au)
{
    const struct niche_metrics *m = &au->m;
    char what[NICHE_ER__COUNT][96];
    int v;

    snprintf(what[0], sizeof(what[0]), "mean (%s)/followers, latest posts",
             numerator(m->platform));
    snprintf(what[1], sizeof(what[1]), "median likes/followers, about 2 months of posts");
    snprintf(what[2], sizeof(what[2]), "sum(likes+comments+shares)/sum(views), latest 30 posts");

    printf("\nEngagement rate (never compare a views-based rate with a followers-based one)\n");
    for (v = 0; v < NICHE_ER__COUNT; v++) {
        const struct niche_er *e = &m->er[v];
        const struct niche_peer *p = &m->peer[v];
        char b[32], b2[32], lo[32], hi[32];

        if (v == NICHE_ER_V && !niche_platform_has_views(m->platform)) {
            printf("  %-11s not used on %s\n", niche_er_variant_name(v),
                   niche_platform_name(m->platform));
            continue;
        }
        printf("  %-11s %-9s %s; %d posts used", niche_er_variant_name(v), pct(b, e->value),
               what[v], e->n);
        if (e->hidden)
            printf(", %d with hidden likes left out", e->hidden);
        if (isnan(e->value))
            printf(" (insufficient data: too few valid posts)");
        printf("\n");
        if (isnan(p->percentile) && !isnan(e->value))
            printf("              percentile unknown: %lld %s peers, fewer than the floor\n",
                   (long long)p->peers, niche_platform_name(m->platform));
        if (!isnan(p->percentile))
            printf("              percentile %.0f among %lld %s peers with %s-%s followers"
                   " (median %s)\n", 100 * p->percentile, (long long)p->peers,
                   niche_platform_name(m->platform),
                   cli_fmt_count(lo, niche_band_floor(p->band_lo)),
                   cli_fmt_count(hi, niche_band_floor(p->band_hi + 1)), pct(b2, p->median));
    }
}

static void text_posts(const struct audit *au)
{
    static const char *head[] = { "POSTED", "POST", "TYPE", "LIKES", "COMMENTS", "VIEWS",
                                  "ER (by followers)" };
    struct cli_table t;
    size_t i;

    if (!au->nposts)
        return;
    printf("\nLatest %zu posts\n", au->nposts);
    cli_table_init(&t, 7, head, 0x78);
    for (i = 0; i < au->nposts; i++) {
        const struct niche_post *p = &au->posts[i];
        char b[6][32];
        const char *row[7];

        row[0] = cli_fmt_time(b[0], p->posted_ms);
        row[1] = p->post_id;
        row[2] = niche_post_type_name(p->type);
        row[3] = niche_likes_valid(p) ? cli_fmt_count(b[1], p->likes) : "hidden";
        row[4] = cli_fmt_count(b[2], p->comments);
        row[5] = cli_fmt_count(b[3], p->views);
        row[6] = pct(b[4], niche_post_er(p, au->a.followers));
        cli_table_add(&t, row);
    }
    cli_table_print(&t, stdout);
    cli_table_release(&t);
}

static void text_growth(const struct niche_metrics *m)
{
    const struct niche_activity *a = &m->activity;
    const struct niche_growth *g = &m->growth;
    char b[32], b2[32], t1[32], t2[32];
    int i;

    printf("\nActivity and growth\n");
    printf("  %d dated posts, %s posts/week, gap variation %s, last post %s\n", a->n,
           num(b, a->posts_per_week, "%.2f"), num(b2, a->interval_cv, "%.2f"),
           cli_fmt_time(t1, a->last_ms));
    printf("  %d snapshots %s to %s: %s a month, %s over the last 30 days\n", g->n,
           cli_fmt_time(t1, g->from_ms), cli_fmt_time(t2, g->to_ms), pct(b, g->monthly),
           pct(b2, g->last_30d));
    if (g->n < 5)
        printf("  anomalies: unknown (needs 5 snapshots)\n");
    else if (!g->anomalies)
        printf("  anomalies: none\n");
    for (i = 0; i < g->anomalies && i < NICHE_MAX_ANOMALIES; i++)
        printf("  %s %s to %s: %+lld followers (%+.1f%%, robust z %.0f)\n",
               m->anomaly[i].kind == NICHE_ANOMALY_SPIKE ? "SPIKE" : "DROP",
               cli_fmt_time(t1, m->anomaly[i].from_ms), cli_fmt_time(t2, m->anomaly[i].to_ms),
               (long long)m->anomaly[i].delta, 100 * m->anomaly[i].relative,
               m->anomaly[i].score);
}

static void text_audience(const struct niche_metrics *m)
{
    char b[4][32];
    int t;

    printf("\nAudience (%lld known followers: a crawled sample, not random)\n",
           (long long)m->followers_known);
    if (m->followers_known < 20) {
        printf("  too few known followers for shares (20 needed): quality unknown\n");
    } else {
        printf("  by type:");
        for (t = 0; t < NICHE_FOLLOWER__COUNT; t++)
            printf(" %s %lld", niche_follower_type_name((enum niche_follower_type)t),
                   (long long)m->by_type[t]);
        printf("\n  authentic (real + influencer) %s, 95%% interval %s-%s\n",
               pct(b[0], m->authentic), pct(b[1], m->authentic_lo), pct(b[2], m->authentic_hi));
        printf("  likely bots %lld: %s, 95%% interval %s-%s; reachability %s\n",
               (long long)m->bots, pct(b[0], m->fake), pct(b[1], m->fake_lo),
               pct(b[2], m->fake_hi), pct(b[3], m->reachability));
        printf("  a +-5%% margin needs %lld known followers\n",
               (long long)niche_sample_size(0.05, m->followers));
    }
    printf("  bought followers: %s\n", m->bought == 1 ? "LIKELY (spike or bot share)"
                                     : m->bought == 0 ? "no sign" : "unknown");
}

/* The followers behind the shares, bots first: the "ghost follower" list. */
static void text_flagged(const struct audit *au)
{
    size_t i, n = json_array_size(au->flagged);

    if (!n)
        return;
    printf("  flagged followers (%s%zu shown, likely bots first):\n",
           n == FLAGGED_MAX ? "first " : "", n < 12 ? n : (size_t)12);
    for (i = 0; i < n && i < 12; i++) {
        json_t *f = json_array_get(au->flagged, i);

        printf("    %-28s %-10s%s\n", json_string_value(json_object_get(f, "follower")),
               json_string_value(json_object_get(f, "type")),
               json_is_true(json_object_get(f, "bot")) ? " likely bot" : "");
    }
}

static void text_comments(const struct audit *au)
{
    const struct niche_metrics *m = &au->m;
    char b[32];
    size_t i;

    printf("\nComments (%lld with known authors)\n", (long long)m->comments_known);
    if (!m->pod) {
        printf("  engagement pod: none found\n");
    } else {
        printf("  ENGAGEMENT POD #%lld of %lld accounts trading recurring comments; "
               "%lld comments from pod mates (%lld in the first hour)\n  mates:",
               (long long)m->pod, (long long)m->pod_size, (long long)m->pod_comments,
               (long long)m->first_hour_comments);
        for (i = 0; i < json_array_size(au->mates); i++)
            printf("%s %s", i && i % 4 == 0 ? "\n        " : "",
                   json_string_value(json_array_get(au->mates, i)));
        printf("\n");
    }
    printf("  comment authenticity (share not from pod mates): %s\n",
           pct(b, m->comment_authenticity));
}

static void text_aqs(const struct niche_metrics *m)
{
    char b[2][32];
    int i;

    printf("\nAudience quality score: %s of 100\n", num(b[0], m->aqs, "%.0f"));
    printf("  %-24s %6s %9s\n", "component", "weight", "value");
    for (i = 0; i < NICHE_AQS__COUNT; i++)
        printf("  %-24s %6.2f %9s\n", niche_aqs_part_name((enum niche_aqs_part)i),
               niche_aqs_weight((enum niche_aqs_part)i), num(b[1], m->aqs_part[i], "%.3f"));
    printf("  (unknown components are left out and the other weights rescaled)\n");
}

static void text_sponsorship(const struct audit *au)
{
    const struct niche_metrics *m = &au->m;
    char b[32];
    size_t i;
    int k;

    printf("\nSponsorship (%d posts scanned)\n", m->posts_scanned);
    printf("  disclosed %d, ambiguous marker %d, buried marker %d, likely undisclosed %d\n",
           m->sponsored, m->ambiguous, m->buried, m->undisclosed);
    printf("  PPP (ER sponsored / ER organic): %s (%d sponsored, %d organic posts)\n",
           num(b, m->ppp, "%.2f"), m->ppp_sponsored.n, m->ppp_organic.n);
    for (k = 0; k < m->nbrands; k++)
        printf("  brand @%s: %d posts (%d disclosed, %d ambiguous, %d likely undisclosed)\n",
               m->brand[k].name, m->brand[k].posts, m->brand[k].disclosed,
               m->brand[k].ambiguous, m->brand[k].undisclosed);
    for (i = 0; i < json_array_size(au->spons) && i < 10; i++) {
        json_t *s = json_array_get(au->spons, i);

        printf("  %s %-14s %s%s%s\n", json_string_value(json_object_get(s, "posted_at")),
               json_string_value(json_object_get(s, "compliance")),
               json_string_value(json_object_get(s, "post_id")),
               json_is_string(json_object_get(s, "brand")) ? " @" : "",
               json_is_string(json_object_get(s, "brand"))
                   ? json_string_value(json_object_get(s, "brand")) : "");
    }
}

static void text_rest(const struct niche_metrics *m)
{
    char b[3][32];
    int i;

    printf("\nNiches:");
    for (i = 0; i < m->nniches; i++)
        printf(" %s %.2f", niche_topic_name(m->niche[i].topic), m->niche[i].score);
    printf("%s\n", m->nniches ? "" : " unknown (no matching words)");
    printf("\nEstimates (not measured; docs/quality.md)\n");
    printf("  reach %s per post (from %s), impressions %s, price %s %s per post\n",
           num(b[0], m->est.reach, "%.0f"), m->est.basis ? m->est.basis : "-",
           num(b[1], m->est.impressions, "%.0f"), m->currency, num(b[2], m->est.price, "%.0f"));
}

static void audit_text(const struct audit *au)
{
    text_head(au);
    if (!au->has_metrics) {
        printf("\nNothing to analyse: no posts, no snapshots and no known followers.\n"
               "Engagement, growth, audience quality, sponsorship and niches are unknown.\n");
        return;
    }
    text_er(au);
    text_posts(au);
    text_growth(&au->m);
    text_audience(&au->m);
    text_flagged(au);
    text_comments(au);
    text_aqs(&au->m);
    text_sponsorship(au);
    text_rest(&au->m);
}

/* ---- JSON -------------------------------------------------------------------- */

static json_t *er_json(const struct niche_metrics *m)
{
    json_t *o = json_object();
    int v;

    for (v = 0; v < NICHE_ER__COUNT; v++) {
        const struct niche_peer *p = &m->peer[v];

        if (v == NICHE_ER_V && !niche_platform_has_views(m->platform))
            continue;
        json_object_set_new(o, niche_er_variant_name(v), json_pack(
            "{s:o, s:i, s:i, s:o}", "value", cli_json_real(m->er[v].value),
            "posts", m->er[v].n, "hidden_likes", m->er[v].hidden,
            "peers", isnan(p->percentile) ? json_null() : json_pack(
                "{s:o, s:I, s:I, s:I, s:o}", "percentile", cli_json_real(p->percentile),
                "count", (json_int_t)p->peers,
                "followers_from", (json_int_t)niche_band_floor(p->band_lo),
                "followers_to", (json_int_t)niche_band_floor(p->band_hi + 1),
                "median", cli_json_real(p->median))));
    }
    return o;
}

static json_t *growth_json(const struct niche_metrics *m)
{
    json_t *an = json_array();
    char t[2][32];
    int i;

    for (i = 0; i < m->growth.anomalies && i < NICHE_MAX_ANOMALIES; i++)
        json_array_append_new(an, json_pack("{s:s, s:s, s:s, s:I, s:f, s:f}",
            "kind", m->anomaly[i].kind == NICHE_ANOMALY_SPIKE ? "spike" : "drop",
            "from", cli_fmt_time(t[0], m->anomaly[i].from_ms),
            "to", cli_fmt_time(t[1], m->anomaly[i].to_ms), "delta",
            (json_int_t)m->anomaly[i].delta, "relative", m->anomaly[i].relative,
            "robust_z", m->anomaly[i].score));
    return json_pack("{s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
        "posts_dated", m->activity.n, "posts_per_week", cli_json_real(m->activity.posts_per_week),
        "gap_variation", cli_json_real(m->activity.interval_cv),
        "snapshots", json_integer(m->growth.n), "monthly", cli_json_real(m->growth.monthly),
        "last_30d", cli_json_real(m->growth.last_30d),
        "anomalies", m->growth.n >= 5 ? an : (json_decref(an), json_null()),
        "last_post", cli_json_str(m->activity.last_ms == NICHE_MISSING ? NULL
                                  : cli_fmt_time(t[0], m->activity.last_ms)));
}

static json_t *audience_json(const struct niche_metrics *m)
{
    json_t *types = json_object();
    int t;

    for (t = 0; t < NICHE_FOLLOWER__COUNT; t++)
        json_object_set_new(types, niche_follower_type_name((enum niche_follower_type)t),
                            json_integer(m->by_type[t]));
    return json_pack("{s:I, s:o, s:I, s:[o,o,o], s:[o,o,o], s:o, s:o}",
        "followers_known", (json_int_t)m->followers_known, "by_type", types,
        "bots", (json_int_t)m->bots,
        "authentic", cli_json_real(m->authentic), cli_json_real(m->authentic_lo),
        cli_json_real(m->authentic_hi),
        "bot_share", cli_json_real(m->fake), cli_json_real(m->fake_lo), cli_json_real(m->fake_hi),
        "reachability", cli_json_real(m->reachability),
        "bought_followers", m->bought < 0 ? json_null() : json_boolean(m->bought));
}

static json_t *aqs_json(const struct niche_metrics *m)
{
    json_t *parts = json_object();
    int i;

    for (i = 0; i < NICHE_AQS__COUNT; i++)
        json_object_set_new(parts, niche_aqs_part_name((enum niche_aqs_part)i),
            json_pack("{s:f, s:o}", "weight", niche_aqs_weight((enum niche_aqs_part)i),
                      "value", cli_json_real(m->aqs_part[i])));
    return json_pack("{s:o, s:o}", "score", cli_json_real(m->aqs), "components", parts);
}

static json_t *sponsorship_json(const struct audit *au)
{
    const struct niche_metrics *m = &au->m;
    json_t *brands = json_array();
    int k;

    for (k = 0; k < m->nbrands; k++)
        json_array_append_new(brands, json_pack("{s:s, s:i, s:i, s:i, s:i}",
            "brand", m->brand[k].name, "posts", m->brand[k].posts,
            "disclosed", m->brand[k].disclosed, "ambiguous", m->brand[k].ambiguous,
            "undisclosed", m->brand[k].undisclosed));
    return json_pack("{s:i, s:i, s:i, s:i, s:i, s:o, s:o, s:O}",
        "posts_scanned", m->posts_scanned, "disclosed", m->sponsored,
        "ambiguous", m->ambiguous, "buried", m->buried, "likely_undisclosed", m->undisclosed,
        "ppp", cli_json_real(m->ppp), "brands", brands, "posts", au->spons);
}

static json_t *rest_json(const struct audit *au, json_t *root)
{
    const struct niche_metrics *m = &au->m;
    json_t *niches = json_array();
    int i;

    for (i = 0; i < m->nniches; i++)
        json_array_append_new(niches, json_pack("{s:s, s:f}", "niche",
            niche_topic_name(m->niche[i].topic), "score", m->niche[i].score));
    json_object_set_new(root, "niches", niches);
    json_object_set_new(root, "estimates", json_pack("{s:b, s:o, s:o, s:o, s:s, s:o}",
        "estimated", 1, "reach", cli_json_real(m->est.reach),
        "impressions", cli_json_real(m->est.impressions), "price", cli_json_real(m->est.price),
        "currency", m->currency, "basis", cli_json_str(m->est.basis)));
    json_object_set_new(root, "pod", m->pod ? json_pack("{s:I, s:I, s:O, s:I, s:I, s:o}",
        "pod", (json_int_t)m->pod, "size", (json_int_t)m->pod_size, "mates", au->mates,
        "pod_comments", (json_int_t)m->pod_comments,
        "first_hour", (json_int_t)m->first_hour_comments,
        "comment_authenticity", cli_json_real(m->comment_authenticity)) : json_null());
    return root;
}

static json_t *audit_json(const struct audit *au)
{
    json_t *root = json_pack("{s:s, s:s, s:o, s:s, s:o}",
        "platform", niche_platform_name(au->a.platform), "handle", au->a.handle,
        "followers", cli_json_count(au->a.followers),
        "tier", au->has_metrics ? niche_tier_name(au->m.tier) : "unknown",
        "analysis", cli_run_json(&au->run));

    if (!au->has_metrics) {
        json_object_set_new(root, "unknown", json_string(
            "no posts, snapshots or known followers: nothing to analyse"));
        return root;
    }
    json_object_set_new(root, "engagement", er_json(&au->m));
    json_object_set_new(root, "activity_growth", growth_json(&au->m));
    json_object_set_new(root, "audience", audience_json(&au->m));
    json_object_set_new(json_object_get(root, "audience"), "flagged_followers",
                        json_incref(au->flagged));
    json_object_set_new(root, "comments_known", json_integer(au->m.comments_known));
    json_object_set_new(root, "audience_quality", aqs_json(&au->m));
    json_object_set_new(root, "sponsorship", sponsorship_json(au));
    return rest_json(au, root);
}

/* ---- the command ------------------------------------------------------------- */

static void audit_release(struct audit *au)
{
    size_t i;

    for (i = 0; i < au->nposts; i++)
        free(au->posts[i].post_id);
    free(au->posts);
    json_decref(au->spons);
    json_decref(au->stored);
    json_decref(au->mates);
    json_decref(au->flagged);
    niche_account_release(&au->a);
}

int cmd_audit(struct cli *c, int argc, char **argv)
{
    struct audit au;
    enum niche_platform p;
    int64_t nposts = 12;
    char handle[512], *pos[1];
    int npos, rc;
    const struct cli_opt opts[] = {
        { "--posts", OPT_INT, &nposts, "N", "latest posts listed with their rates (12)" },
        { NULL, OPT_FLAG, NULL, NULL, NULL }
    };

    memset(&au, 0, sizeof(au));
    if ((rc = cli_parse(c, argc, argv, opts, pos, 1, &npos)) != 0)
        return rc;
    if (npos != 1)
        return cli_usage_error(c, "expected PLATFORM:HANDLE");
    if (nposts < 0 || nposts > 1000)
        return cli_usage_error(c, "--posts must be 0 to 1000");
    au.max_posts = (size_t)nposts;
    if ((rc = cli_parse_account(c, pos[0], &p, handle, sizeof(handle))) != 0 ||
        (rc = cli_open_store(c)) != 0)
        return rc;
    niche_account_init(&au.a);
    if ((rc = niche_store_account_get(c->st, p, handle, &au.a, &c->err)) < 0)
        return cli_fail(c, rc);
    if ((rc = cli_ensure_analysis(c, &au.run)) == 0 && (rc = gather(c, &au)) == 0) {
        if (c->json)
            rc = cli_json_out(audit_json(&au));
        else
            audit_text(&au);
    }
    audit_release(&au);
    return rc;
}
