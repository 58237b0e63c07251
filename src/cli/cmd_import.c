/* cmd_import.c - `niche import KIND FILE`: load an export into the store. */
#include <string.h>
#include "cli.h"

struct import_ctx {
    int json;
    json_t *skipped;     /* --json: the skipped rows */
};

static void on_skip(void *ctx, const struct niche_error *e)
{
    struct import_ctx *ic = ctx;

    if (ic->json)
        json_array_append_new(ic->skipped,
            json_pack("{s:s, s:I, s:I, s:s}", "file", e->file, "line", (json_int_t)e->line,
                      "column", (json_int_t)e->column, "error", e->msg));
    else
        fprintf(stderr, "niche: skipped %s\n", e->msg);
}

static void print_fields(FILE *out)
{
    const struct niche_import_field_info *f;
    int k;
    size_t i;

    fprintf(out, "\nFields (a column of the same name feeds each; --map names others):\n");
    for (k = 0; k < NICHE_IMPORT__COUNT; k++) {
        fprintf(out, "  %s:\n", niche_import_kind_name((enum niche_import_kind)k));
        for (i = 0; (f = niche_import_field((enum niche_import_kind)k, i)) != NULL; i++)
            fprintf(out, "    %-22s %-24s %s%s\n", f->name, f->type, f->help,
                    f->required == 1 ? " (required)"
                    : f->required == 2 ? " (required unless --platform)" : "");
    }
}

static int is_field(enum niche_import_kind k, const char *name)
{
    const struct niche_import_field_info *f;
    size_t i;

    for (i = 0; (f = niche_import_field(k, i)) != NULL; i++)
        if (!strcmp(f->name, name))
            return 1;
    return 0;
}

/* Split FIELD=COLUMN options into maps; CLI_USAGE on a malformed one. */
static int parse_maps(struct cli *c, enum niche_import_kind k, const struct cli_list *l,
                      struct niche_import_map *m, char **owned)
{
    size_t i;

    for (i = 0; i < l->nr; i++) {
        const char *eq = strchr(l->items[i], '=');

        if (!eq || eq == l->items[i] || !eq[1])
            return cli_usage_error(c, "--map expects FIELD=COLUMN, not '%s'", l->items[i]);
        owned[i] = niche_xstrndup(l->items[i], (size_t)(eq - l->items[i]));
        if (!is_field(k, owned[i]))
            return cli_usage_error(c, "--map: %s have no field '%s' (see 'niche import --help')",
                                   niche_import_kind_name(k), owned[i]);
        m[i].field = owned[i];
        m[i].column = eq + 1;
    }
    return 0;
}

static int report(struct cli *c, const char *kind, const char *file,
                  const struct niche_import_result *r, struct import_ctx *ic, int o_dry)
{
    if (c->json) {
        json_t *j = json_pack("{s:s, s:s, s:o, s:b, s:I, s:I, s:I, s:I, s:I, s:o, s:O}",
            "kind", kind, "file", file,
            "workspace", cli_json_str(c->st ? niche_store_workspace_name(c->st) : NULL),
            "dry_run", o_dry,
            "rows", (json_int_t)r->rows, "imported", (json_int_t)r->imported,
            "skipped", (json_int_t)r->skipped, "blank", (json_int_t)r->blank,
            "accounts_created", (json_int_t)r->accounts_created,
            "ignored_columns", cli_json_str(r->ignored_columns), "skipped_rows", ic->skipped);
        return cli_json_out(j);
    }
    printf("%s %lld %s from %s", o_dry ? "checked (dry run, nothing written):" : "imported",
           (long long)r->imported, kind, file);
    if (r->skipped)
        printf(", skipped %lld bad rows", (long long)r->skipped);
    if (r->blank)
        printf(", %lld blank rows ignored", (long long)r->blank);
    printf("\n");
    if (r->accounts_created)
        printf("created %lld accounts seen for the first time\n",
               (long long)r->accounts_created);
    if (r->ignored_columns && *r->ignored_columns)
        printf("columns not imported: %s\n", r->ignored_columns);
    return CLI_OK;
}

static int do_import(struct cli *c, const char *kind, const char *file,
                     struct niche_import_opts *o)
{
    struct niche_import_result r;
    struct import_ctx ic = { c->json, json_array() };
    int rc;

    o->on_skip = on_skip;
    o->ctx = &ic;
    rc = niche_import_file(c->st, file, o, &r, &c->err);
    if (rc < 0) {
        json_decref(ic.skipped);
        return cli_fail(c, rc);
    }
    rc = report(c, kind, file, &r, &ic, o->dry_run);
    json_decref(ic.skipped);
    niche_import_result_release(&r);
    return rc;
}

int cmd_import(struct cli *c, int argc, char **argv)
{
    struct niche_import_opts o = NICHE_IMPORT_OPTS_INIT;
    struct cli_list maps = { NULL, 0, 0 };
    const char *format = NULL, *platform = NULL;
    int skip_bad = 0, dry_run = 0, npos, rc, kind;
    const struct cli_opt opts[] = {
        { "--format", OPT_STRING, &format, "csv|jsonl", "file format (default: from the name)" },
        { "--platform", OPT_STRING, &platform, "P", "platform of rows that name none" },
        { "--map", OPT_LIST, &maps, "FIELD=COLUMN", "feed FIELD from COLUMN (repeatable)" },
        { "--skip-bad", OPT_FLAG, &skip_bad, NULL, "import the good rows, report the bad" },
        { "--dry-run", OPT_FLAG, &dry_run, NULL, "check every row, write nothing" },
        { NULL, OPT_FLAG, NULL, NULL, NULL }
    };
    struct niche_import_map *m = NULL;
    char **owned = NULL, *pos[2];
    size_t i;

    rc = cli_parse(c, argc, argv, opts, pos, 2, &npos);
    if (rc == CLI_HELP)
        print_fields(stdout);
    if (rc != 0)
        goto out;
    if (npos != 2) {
        rc = cli_usage_error(c, "expected a kind and a file");
        goto out;
    }
    if ((kind = niche_import_kind_parse(pos[0])) < 0) {
        rc = cli_usage_error(c, "'%s' is not accounts, posts, followers or snapshots", pos[0]);
        goto out;
    }
    o.kind = (enum niche_import_kind)kind;
    o.skip_bad = skip_bad;
    o.dry_run = dry_run;
    if (format && strcmp(format, "csv") && strcmp(format, "jsonl")) {
        rc = cli_usage_error(c, "--format must be csv or jsonl, not '%s'", format);
        goto out;
    }
    o.format = !format ? NICHE_FORMAT_AUTO : !strcmp(format, "csv") ? NICHE_FORMAT_CSV
                                                                    : NICHE_FORMAT_JSONL;
    if (platform && !(o.platform = niche_platform_parse(platform, strlen(platform)))) {
        rc = cli_usage_error(c, "'%s' is not a platform", platform);
        goto out;
    }
    m = niche_xcalloc(maps.nr + 1, sizeof(*m));
    owned = niche_xcalloc(maps.nr + 1, sizeof(*owned));
    if ((rc = parse_maps(c, o.kind, &maps, m, owned)) != 0)
        goto out;
    o.maps = m;
    o.nmaps = maps.nr;
    /* A dry run never opens (or creates) the database. */
    if (dry_run || (rc = cli_open_store(c)) == 0)
        rc = do_import(c, pos[0], pos[1], &o);
out:
    for (i = 0; owned && i < maps.nr; i++)
        free(owned[i]);
    free(owned);
    free(m);
    cli_list_release(&maps);
    return rc;
}
