/*
 * cmd_list.c - `niche list`: shortlists, the named and saved lists of
 * accounts a brand hands to overlap and the planner, exported as CSV.
 *
 * Sub-verbs are a table, as in `niche accounts`. Adding and removing are
 * atomic: every PLATFORM:HANDLE is parsed and looked up before anything is
 * written, and the writes run in one transaction, so a typo in the
 * fortieth handle leaves the list as it was. `show` and `export` join each
 * member to the latest `niche analyze` results; what is not known stays
 * unknown (an empty CSV cell, JSON null), never 0.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

static int list_ls(struct cli *c, int argc, char **argv);
static int list_create(struct cli *c, int argc, char **argv);
static int list_delete(struct cli *c, int argc, char **argv);
static int list_rename(struct cli *c, int argc, char **argv);
static int list_add(struct cli *c, int argc, char **argv);
static int list_remove(struct cli *c, int argc, char **argv);
static int list_show(struct cli *c, int argc, char **argv);
static int list_export(struct cli *c, int argc, char **argv);

static const struct cli_command subcommands[] = {
    { "ls", list_ls, CLI_STORE, "list [ls]",
      "every list of the workspace with its member count and created date", NULL },
    { "create", list_create, CLI_STORE, "list create NAME", "create an empty list",
      "Names are 1 to 64 bytes of UTF-8, unique in the workspace, without control\n"
      "characters or spaces at either end.\n" },
    { "delete", list_delete, CLI_STORE, "list delete NAME",
      "delete a list (its accounts stay in the workspace)", NULL },
    { "rename", list_rename, CLI_STORE, "list rename OLD NEW", "rename a list", NULL },
    { "add", list_add, CLI_STORE,
      "list add NAME [PLATFORM:HANDLE...] [--note TEXT] [--file FILE]",
      "add accounts to a list, all or none",
      "FILE holds one PLATFORM:HANDLE per line ('-': standard input); blank lines\n"
      "and lines starting with '#' are skipped. If any handle is malformed or not\n"
      "in the workspace, nothing is added and each bad one is named (with FILE:LINE).\n"
      "An account already on the list keeps its place; --note replaces its note.\n" },
    { "remove", list_remove, CLI_STORE,
      "list remove NAME [PLATFORM:HANDLE...] [--file FILE]",
      "take accounts off a list, all or none",
      "An account that is not on the list is reported, not an error; a handle\n"
      "that is malformed or not in the workspace is, and then nothing is removed.\n" },
    { "show", list_show, CLI_STORE, "list show NAME",
      "the members in the order added, with the latest analysis",
      "Followers, tier, ER (ER_F_MEAN), audience quality score and estimated price\n"
      "per post come from the latest 'niche analyze'; what it did not establish,\n"
      "or accounts added since, show as unknown.\n" },
    { "export", list_export, CLI_STORE, "list export NAME [--out FILE]",
      "the members as CSV, to standard output or a file",
      "Columns: platform, handle, name, followers, tier, er, aqs, est_price,\n"
      "currency, note, added. er is a ratio (0.0321 for 3.21%); unknown values are\n"
      "empty cells. --out writes FILE atomically: a complete file or none.\n" },
};

#define NSUB (sizeof(subcommands) / sizeof(subcommands[0]))
#define JSON_OPT(c) { "--json", OPT_FLAG, &(c)->json, NULL, "machine-readable output" }
#define OPT_END { NULL, OPT_FLAG, NULL, NULL, NULL }

/* ---- shared -------------------------------------------------------------- */

/* A malformed list name is a usage error: checked before the store opens. */
static int check_name(struct cli *c, const char *name)
{
    struct niche_error e = NICHE_ERROR_INIT;

    if (niche_shortlist_name_check(name, &e) < 0)
        return cli_usage_error(c, "%s", e.msg);
    return 0;
}

/* Check name, open the store and find the list; 0 or the exit status. */
static int open_list(struct cli *c, const char *name, struct niche_shortlist *l)
{
    int rc;

    if ((rc = check_name(c, name)) != 0 || (rc = cli_open_store(c)) != 0)
        return rc;
    rc = niche_store_shortlist_find(c->st, name, l, &c->err);
    if (rc == NICHE_ENOTFOUND)
        snprintf(c->err.msg, sizeof(c->err.msg), "no list '%s' in workspace '%s'"
                 " (see 'niche list')", name, niche_store_workspace_name(c->st));
    return rc < 0 ? cli_fail(c, rc) : 0;
}

/* Parse argv for a verb taking exactly n names; 0 or the exit status. */
static int parse_names(struct cli *c, int argc, char **argv, char **pos, int n)
{
    const struct cli_opt opts[] = { JSON_OPT(c), OPT_END };
    int npos, rc = cli_parse(c, argc, argv, opts, pos, n, &npos);

    if (rc == 0 && npos != n)
        return cli_usage_error(c, "expected %s", n == 1 ? "NAME" : "OLD NEW");
    return rc;
}

/* "2026-03-01T12:00:00Z"; buf needs 32 bytes. */
static const char *iso(char *buf, int64_t ms)
{
    niche_time_format(ms, buf, 32);
    return buf;
}

/* ---- ls, create, delete, rename ------------------------------------------- */

static int ls_row(void *ctx, const struct niche_shortlist *l)
{
    struct cli_table *t = ctx;
    char n[32], when[32];
    const char *row[3];

    row[0] = l->name;
    row[1] = cli_fmt_count(n, l->members);
    row[2] = iso(when, l->created_ms);
    when[10] = '\0';   /* the date */
    cli_table_add(t, row);
    return 0;
}

static int ls_json_row(void *ctx, const struct niche_shortlist *l)
{
    char when[32];

    return json_array_append_new(ctx, json_pack("{s:s, s:I, s:s, s:I}", "name", l->name,
        "members", (json_int_t)l->members, "created", iso(when, l->created_ms),
        "created_ms", (json_int_t)l->created_ms)) ? NICHE_ENOMEM : 0;
}

static int list_ls(struct cli *c, int argc, char **argv)
{
    static const char *head[] = { "NAME", "ACCOUNTS", "CREATED" };
    const struct cli_opt opts[] = { JSON_OPT(c), OPT_END };
    struct cli_table t;
    json_t *arr = NULL;
    char *pos[1];
    int npos, rc;

    if ((rc = cli_parse(c, argc, argv, opts, pos, 0, &npos)) != 0 ||
        (rc = cli_open_store(c)) != 0)
        return rc;
    cli_table_init(&t, 3, head, 1u << 1);
    if (c->json) {
        arr = json_array();
        rc = niche_store_shortlist_scan(c->st, ls_json_row, arr, &c->err);
    } else
        rc = niche_store_shortlist_scan(c->st, ls_row, &t, &c->err);
    if (rc < 0)
        rc = cli_fail(c, rc);
    else if (c->json)
        rc = cli_json_out(json_incref(arr));
    else if (t.nr)
        cli_table_print(&t, stdout);
    else
        fprintf(stderr, "no lists yet: create one with 'niche list create NAME'\n");
    json_decref(arr);
    cli_table_release(&t);
    return rc;
}

static int list_create(struct cli *c, int argc, char **argv)
{
    struct niche_shortlist l;
    char *pos[1], when[32];
    int rc;

    if ((rc = parse_names(c, argc, argv, pos, 1)) != 0 || (rc = check_name(c, pos[0])) != 0 ||
        (rc = cli_open_store(c)) != 0)
        return rc;
    if ((rc = niche_store_shortlist_create(c->st, pos[0], NULL, &c->err)) < 0 ||
        (rc = niche_store_shortlist_find(c->st, pos[0], &l, &c->err)) < 0)
        return cli_fail(c, rc);
    if (c->json)
        return cli_json_out(json_pack("{s:s, s:I, s:s, s:I}", "name", l.name, "members",
                                      (json_int_t)0, "created", iso(when, l.created_ms),
                                      "created_ms", (json_int_t)l.created_ms));
    printf("created list '%s'\n", l.name);
    return CLI_OK;
}

static int list_delete(struct cli *c, int argc, char **argv)
{
    struct niche_shortlist l;
    char *pos[1], n[32];
    int rc;

    if ((rc = parse_names(c, argc, argv, pos, 1)) != 0 || (rc = open_list(c, pos[0], &l)) != 0)
        return rc;
    if ((rc = niche_store_shortlist_delete(c->st, l.id, &c->err)) < 0)
        return cli_fail(c, rc);
    if (c->json)
        return cli_json_out(json_pack("{s:s, s:I}", "deleted", l.name,
                                      "members", (json_int_t)l.members));
    printf("deleted list '%s' (%s accounts; the accounts stay in the workspace)\n", l.name,
           cli_fmt_count(n, l.members));
    return CLI_OK;
}

static int list_rename(struct cli *c, int argc, char **argv)
{
    struct niche_shortlist l;
    char *pos[2];
    int rc;

    if ((rc = parse_names(c, argc, argv, pos, 2)) != 0 || (rc = check_name(c, pos[1])) != 0 ||
        (rc = open_list(c, pos[0], &l)) != 0)
        return rc;
    if ((rc = niche_store_shortlist_rename(c->st, l.id, pos[1], &c->err)) < 0)
        return cli_fail(c, rc);
    if (c->json)
        return cli_json_out(json_pack("{s:s, s:s, s:I}", "name", pos[1], "renamed_from",
                                      l.name, "members", (json_int_t)l.members));
    printf("renamed list '%s' to '%s'\n", l.name, pos[1]);
    return CLI_OK;
}

/* ---- add and remove: every handle resolved before any write --------------- */

struct ref {
    char *label;             /* owned: "platform:handle" as stored */
    char *where;             /* owned: "FILE:LINE: " for a file's line, else "" */
    enum niche_platform platform;
    char *handle;            /* borrowed: points into label */
    int64_t id;              /* the account, once resolved */
    int dup;                 /* named earlier in the same command */
};

struct refs {
    struct ref *items;
    size_t nr, alloc;
    int64_t bad;             /* malformed or unknown */
};

/* More bad handles than this are counted, not each printed. */
#define BAD_SHOWN 20

static void refs_release(struct refs *r)
{
    size_t i;

    for (i = 0; i < r->nr; i++) {
        free(r->items[i].label);
        free(r->items[i].where);
    }
    free(r->items);
    memset(r, 0, sizeof(*r));
}

static void bad_ref(struct refs *r, const char *where, const char *why)
{
    if (r->bad++ < BAD_SHOWN)
        fprintf(stderr, "niche: %s%s\n", where, why);
}

/* Parse one PLATFORM:HANDLE into r; -1 with the reason in why when it is
 * malformed. */
static int refs_push(struct refs *r, const char *arg, const char *where, char *why,
                     size_t whyn)
{
    char handle[512], label[600];
    enum niche_platform p;
    struct ref *x;

    if (cli_account_ref(arg, &p, handle, sizeof(handle), why, whyn) < 0)
        return -1;
    if (r->nr == r->alloc) {
        r->alloc = r->alloc ? 2 * r->alloc : 16;
        r->items = niche_xrealloc(r->items, r->alloc * sizeof(*r->items));
    }
    x = &r->items[r->nr++];
    memset(x, 0, sizeof(*x));
    snprintf(label, sizeof(label), "%s:%s", niche_platform_name(p), handle);
    x->label = niche_xstrdup(label);
    x->handle = x->label + strlen(niche_platform_name(p)) + 1;
    x->platform = p;
    x->where = niche_xstrdup(where);
    return 0;
}

/* Trim ASCII blanks (and the CR of CRLF files) from both ends in place. */
static char *trim(char *s)
{
    char *e = s + strlen(s);

    while (*s == ' ' || *s == '\t')
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        *--e = '\0';
    return s;
}

/* One PLATFORM:HANDLE per line of path ('-': stdin); lines are capped so a
 * binary file cannot grow a buffer. 0, or CLI_RUNTIME when unreadable. */
static int refs_read(struct refs *r, const char *path)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    char line[1024], where[600], why[600], *s;
    long n = 0;
    int failed;

    if (!f) {
        fprintf(stderr, "niche: cannot read '%s': %s\n", path, strerror(errno));
        return CLI_RUNTIME;
    }
    while (fgets(line, sizeof(line), f)) {
        snprintf(where, sizeof(where), "%s:%ld: ", path, ++n);
        if (strlen(line) == sizeof(line) - 1 && line[sizeof(line) - 2] != '\n') {
            bad_ref(r, where, "line is longer than 1,022 bytes");
            while (fgets(line, sizeof(line), f) && !strchr(line, '\n'))
                ;
            continue;
        }
        s = trim(line);
        if (*s && *s != '#' && refs_push(r, s, where, why, sizeof(why)) < 0)
            bad_ref(r, where, why);
    }
    failed = ferror(f) != 0;
    if (f != stdin)
        fclose(f);
    if (failed)
        fprintf(stderr, "niche: reading '%s' failed\n", path);
    return failed ? CLI_RUNTIME : 0;
}

/* Look up every account; mark handles named twice. Unknown ones count as
 * bad. 0, or the exit status of a store failure. */
static int refs_resolve(struct cli *c, struct refs *r)
{
    struct niche_account a;
    size_t i, j;
    int rc;

    for (i = 0; i < r->nr; i++) {
        struct ref *x = &r->items[i];

        rc = niche_store_account_get(c->st, x->platform, x->handle, &a, &c->err);
        x->id = a.id;
        niche_account_release(&a);
        if (rc == NICHE_ENOTFOUND)
            bad_ref(r, x->where, c->err.msg);
        else if (rc < 0)
            return cli_fail(c, rc);
        niche_error_clear(&c->err);
        /* Quadratic, but lists are hand-picked: hundreds, not millions. */
        for (j = 0; j < i && rc == 0 && !x->dup; j++)
            x->dup = r->items[j].id == x->id;
    }
    return 0;
}

/* Parse NAME, the handles and --file; check the list; resolve every handle.
 * 0 when all are good, else the exit status (nothing written). */
static int refs_gather(struct cli *c, int argc, char **argv, const struct cli_opt *opts,
                       const char **file, struct refs *r, struct niche_shortlist *l)
{
    char **pos = niche_xcalloc((size_t)argc, sizeof(*pos)), why[600];
    int i, npos, rc = cli_parse(c, argc, argv, opts, pos, argc, &npos);

    if (rc == 0 && npos < 1)
        rc = cli_usage_error(c, "expected NAME and accounts");
    else if (rc == 0 && npos < 2 && !*file)
        rc = cli_usage_error(c, "no accounts given (PLATFORM:HANDLE... or --file FILE)");
    for (i = 1; rc == 0 && i < npos; i++)
        if (refs_push(r, pos[i], "", why, sizeof(why)) < 0)
            rc = cli_usage_error(c, "%s", why);   /* a typed handle: usage */
    if (rc == 0 && *file)
        rc = refs_read(r, *file);
    if (rc == 0)
        rc = open_list(c, pos[0], l);
    if (rc == 0)
        rc = refs_resolve(c, r);
    if (rc == 0 && r->bad) {
        if (r->bad > BAD_SHOWN)
            fprintf(stderr, "niche: ... and %lld more\n", (long long)(r->bad - BAD_SHOWN));
        fprintf(stderr, "niche: list '%s' unchanged: %lld malformed or unknown account%s\n",
                l->name, (long long)r->bad, r->bad == 1 ? "" : "s");
        rc = CLI_RUNTIME;
    }
    free(pos);
    return rc;
}

/* The accounts whose flag is set (or clear), as a JSON array of labels. */
static json_t *labels(const struct refs *r, const int *flag, int want)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; i < r->nr; i++)
        if (!r->items[i].dup && !!flag[i] == want)
            json_array_append_new(a, json_string(r->items[i].label));
    return a;
}

static void print_labels(const char *lead, json_t *a)
{
    size_t i;

    if (!json_array_size(a))
        return;
    printf("%s", lead);
    for (i = 0; i < json_array_size(a); i++)
        printf("%s%s", i ? ", " : " ", json_string_value(json_array_get(a, i)));
    printf("\n");
}

/* Report an add (verb "added") or a remove; done[i] says whether item i
 * changed the list. */
static int report(struct cli *c, const char *verb, const struct niche_shortlist *l,
                  const struct refs *r, const int *done, const char *note)
{
    struct niche_shortlist now;
    json_t *yes = labels(r, done, 1), *no = labels(r, done, 0);
    int rc = niche_store_shortlist_find(c->st, l->name, &now, &c->err);

    if (rc < 0) {
        json_decref(yes);
        json_decref(no);
        return cli_fail(c, rc);
    }
    if (c->json)
        return cli_json_out(json_pack("{s:s, s:o, s:o, s:I}", "list", l->name, verb, yes,
                                      *verb == 'a' ? "already" : "not_on_list", no,
                                      "members", (json_int_t)now.members));
    printf("%s %zu account%s %s list '%s' (now %lld)\n", verb, json_array_size(yes),
           json_array_size(yes) == 1 ? "" : "s", *verb == 'a' ? "to" : "from", l->name,
           (long long)now.members);
    print_labels(*verb == 'a' ? (note ? "already on it (note updated):"
                                      : "already on it (left as it was):")
                              : "not on it:", no);
    json_decref(yes);
    json_decref(no);
    return CLI_OK;
}

/* Add (note may be NULL) or remove every resolved account in one
 * transaction; done[i] gets whether it changed the list. */
static int apply(struct cli *c, const struct niche_shortlist *l, const struct refs *r,
                 int adding, const char *note, int *done)
{
    size_t i;
    int rc = niche_store_begin(c->st, &c->err);

    for (i = 0; rc == 0 && i < r->nr; i++)
        if (!r->items[i].dup)
            rc = adding ? niche_store_shortlist_add(c->st, l->id, r->items[i].id, note,
                                                    &done[i], &c->err)
                        : niche_store_shortlist_remove(c->st, l->id, r->items[i].id,
                                                       &done[i], &c->err);
    if (rc == 0)
        return niche_store_commit(c->st, &c->err);
    niche_store_rollback(c->st);
    return rc;
}

static int add_or_remove(struct cli *c, int argc, char **argv, int adding)
{
    const char *note = NULL, *file = NULL;
    const struct cli_opt add_opts[] = {
        { "--note", OPT_STRING, &note, "TEXT", "a note kept with each account added" },
        { "--file", OPT_STRING, &file, "FILE", "read PLATFORM:HANDLE lines from FILE" },
        JSON_OPT(c), OPT_END
    };
    struct niche_shortlist l;
    struct refs r = { NULL, 0, 0, 0 };
    int *done = NULL, rc;

    /* remove takes no --note: its options start one row later. */
    rc = refs_gather(c, argc, argv, add_opts + !adding, &file, &r, &l);
    if (rc == 0) {
        done = niche_xcalloc(r.nr ? r.nr : 1, sizeof(*done));
        if ((rc = apply(c, &l, &r, adding, note, done)) < 0)
            rc = cli_fail(c, rc);
        else
            rc = report(c, adding ? "added" : "removed", &l, &r, done, note);
    }
    free(done);
    refs_release(&r);
    return rc;
}

static int list_add(struct cli *c, int argc, char **argv)
{
    return add_or_remove(c, argc, argv, 1);
}

static int list_remove(struct cli *c, int argc, char **argv)
{
    return add_or_remove(c, argc, argv, 0);
}

/* ---- show and export: members joined to the latest analysis ---------------- */

/* What show and export print of a member; unknown: NaN, "" currency. */
struct facts {
    enum niche_tier tier;
    double er, aqs, price;
    char currency[4];
};

struct view {
    struct cli *c;
    const struct niche_tier_scheme *sc;   /* the run's, else the default */
    struct niche_metrics met;             /* scratch, one member at a time */
    struct cli_table table;               /* show */
    json_t *arr;                          /* show --json */
    FILE *csv;                            /* export */
    int64_t rows;
};

static int member_facts(struct view *v, const struct niche_account *a, struct facts *f)
{
    int rc = niche_store_metrics_get(v->c->st, a->id, &v->met, &v->c->err);

    f->er = f->aqs = f->price = niche_missing_real();
    f->currency[0] = '\0';
    f->tier = niche_tier_of(v->sc, a->followers);
    if (rc == NICHE_ENOTFOUND) {   /* never analysed, or added since */
        niche_error_clear(&v->c->err);
        return 0;
    }
    if (rc < 0)
        return rc;
    f->tier = v->met.tier;
    f->er = v->met.er[NICHE_ER_F_MEAN].value;
    f->aqs = v->met.aqs;
    f->price = v->met.est.price;
    snprintf(f->currency, sizeof(f->currency), "%s", v->met.currency);
    return 0;
}

static const char *fmt_or_unknown(char *b, double x, const char *fmt, double scale)
{
    if (isnan(x))
        return "unknown";
    snprintf(b, 32, fmt, x * scale);
    return b;
}

static void show_row(struct view *v, const struct niche_shortlist_member *m,
                     const struct facts *f)
{
    char acct[600], b[5][32], price[48];
    const struct niche_account *a = &m->account;
    const char *row[9];

    snprintf(acct, sizeof(acct), "%s:%s", niche_platform_name(a->platform), a->handle);
    snprintf(price, sizeof(price), "%s%s%s", fmt_or_unknown(b[3], f->price, "%.0f", 1),
             isnan(f->price) ? "" : " ", isnan(f->price) ? "" : f->currency);
    row[0] = acct;
    row[1] = a->name;
    row[2] = a->followers == NICHE_MISSING ? "unknown" : cli_fmt_count(b[0], a->followers);
    row[3] = niche_tier_name(f->tier);
    row[4] = fmt_or_unknown(b[1], f->er, "%.2f%%", 100);
    row[5] = fmt_or_unknown(b[2], f->aqs, "%.0f", 1);
    row[6] = price;
    row[7] = iso(b[4], m->added_ms);
    b[4][10] = '\0';
    row[8] = m->note;
    cli_table_add(&v->table, row);
}

static json_t *member_json(const struct niche_shortlist_member *m, const struct facts *f)
{
    const struct niche_account *a = &m->account;
    char when[32];

    return json_pack("{s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:I}",
        "platform", niche_platform_name(a->platform), "handle", a->handle,
        "name", cli_json_str(a->name), "followers", cli_json_count(a->followers),
        "tier", niche_tier_name(f->tier), "er", cli_json_real(f->er),
        "aqs", cli_json_real(f->aqs), "est_price", cli_json_real(f->price),
        "currency", cli_json_str(f->currency[0] ? f->currency : NULL),
        "note", cli_json_str(m->note), "added", iso(when, m->added_ms),
        "added_ms", (json_int_t)m->added_ms);
}

/* One CSV cell, quoted (RFC 4180) when it holds a comma, quote or line
 * break; NULL is an empty cell. */
static void csv_cell(FILE *f, const char *v, int last)
{
    if (v && strpbrk(v, ",\"\r\n")) {
        fputc('"', f);
        for (; *v; v++) {
            if (*v == '"')
                fputc('"', f);
            fputc(*v, f);
        }
        fputc('"', f);
    } else if (v) {
        fputs(v, f);
    }
    fputc(last ? '\n' : ',', f);
}

static const char *csv_real(char *b, double x, const char *fmt)
{
    if (isnan(x))
        return NULL;
    snprintf(b, 32, fmt, x);
    return b;
}

static void csv_row(FILE *out, const struct niche_shortlist_member *m, const struct facts *f)
{
    const struct niche_account *a = &m->account;
    char b[5][32];

    if (a->followers != NICHE_MISSING)
        snprintf(b[0], sizeof(b[0]), "%lld", (long long)a->followers);
    csv_cell(out, niche_platform_name(a->platform), 0);
    csv_cell(out, a->handle, 0);
    csv_cell(out, a->name, 0);
    csv_cell(out, a->followers == NICHE_MISSING ? NULL : b[0], 0);
    csv_cell(out, niche_tier_name(f->tier), 0);
    csv_cell(out, csv_real(b[1], f->er, "%.6f"), 0);
    csv_cell(out, csv_real(b[2], f->aqs, "%.1f"), 0);
    csv_cell(out, csv_real(b[3], f->price, "%.2f"), 0);
    csv_cell(out, isnan(f->price) || !f->currency[0] ? NULL : f->currency, 0);
    csv_cell(out, m->note, 0);
    csv_cell(out, iso(b[4], m->added_ms), 1);
}

static int member_cb(void *ctx, const struct niche_shortlist_member *m)
{
    struct view *v = ctx;
    struct facts f;
    int rc = member_facts(v, &m->account, &f);

    if (rc < 0)
        return rc;
    v->rows++;
    if (v->csv)
        csv_row(v->csv, m, &f);
    else if (v->arr)
        return json_array_append_new(v->arr, member_json(m, &f)) ? NICHE_ENOMEM : 0;
    else
        show_row(v, m, &f);
    return 0;
}

/* The scheme tiers are shown under: the latest run's, so that members
 * without results get tiers comparable with those that have them. */
static int view_init(struct cli *c, struct view *v, struct niche_analysis_run *run,
                     int *analysed)
{
    int rc = niche_store_analysis_get(c->st, run, &c->err);

    memset(v, 0, sizeof(*v));
    v->c = c;
    *analysed = rc == 0;
    if (rc < 0 && rc != NICHE_ENOTFOUND)
        return cli_fail(c, rc);
    niche_error_clear(&c->err);
    v->sc = niche_tier_scheme_find(*analysed ? run->scheme : NULL);
    if (!v->sc)
        v->sc = niche_tier_scheme_find(NULL);
    return 0;
}

static void show_text(struct view *v, const struct niche_shortlist *l,
                      const struct niche_analysis_run *run, int analysed)
{
    char when[32];

    printf("list '%s': %lld account%s, created %s\n", l->name, (long long)l->members,
           l->members == 1 ? "" : "s", iso(when, l->created_ms));
    if (v->table.nr)
        cli_table_print(&v->table, stdout);
    else
        printf("add accounts with 'niche list add %s PLATFORM:HANDLE...'\n", l->name);
    if (!analysed)
        printf("the workspace was never analysed: ER, AQS and price stay unknown until"
               " 'niche analyze' runs\n");
    else if (v->table.nr)
        printf("ER is ER_F_MEAN, AQS the audience quality score (of 100), price an estimate"
               " per post; from the analysis of %s\n", iso(when, run->finished_ms));
}

static int list_show(struct cli *c, int argc, char **argv)
{
    static const char *head[] = { "ACCOUNT", "NAME", "FOLLOWERS", "TIER", "ER", "AQS",
                                  "EST. PRICE", "ADDED", "NOTE" };
    struct niche_shortlist l;
    struct niche_analysis_run run;
    struct view v;
    char *pos[1], when[32];
    int analysed, rc;

    if ((rc = parse_names(c, argc, argv, pos, 1)) != 0 || (rc = open_list(c, pos[0], &l)) != 0 ||
        (rc = view_init(c, &v, &run, &analysed)) != 0)
        return rc;
    cli_table_init(&v.table, 9, head, 1u << 2 | 1u << 4 | 1u << 5 | 1u << 6);
    v.arr = c->json ? json_array() : NULL;
    if ((rc = niche_store_shortlist_members(c->st, l.id, member_cb, &v, &c->err)) < 0)
        rc = cli_fail(c, rc);
    else if (c->json)
        rc = cli_json_out(json_pack("{s:s, s:I, s:s, s:o, s:O}", "name", l.name,
                                    "members", (json_int_t)l.members,
                                    "created", iso(when, l.created_ms),
                                    "analysis", analysed ? cli_run_json(&run) : json_null(),
                                    "accounts", v.arr));
    else
        show_text(&v, &l, &run, analysed);
    json_decref(v.arr);
    cli_table_release(&v.table);
    return rc;
}

/* ---- export ----------------------------------------------------------------- */

static const char csv_head[] =
    "platform,handle,name,followers,tier,er,aqs,est_price,currency,note,added\n";

/* Write the CSV to out; 0 or a NICHE_E* code (c->err or errno says why). */
static int export_to(struct view *v, FILE *out, const struct niche_shortlist *l)
{
    int rc;

    v->csv = out;
    fputs(csv_head, out);
    rc = niche_store_shortlist_members(v->c->st, l->id, member_cb, v, &v->c->err);
    if (rc == 0 && (fflush(out) != 0 || ferror(out)))
        rc = NICHE_EIO;
    return rc;
}

/* Write path whole or not at all: a temporary file beside it, flushed to
 * disk, then renamed over it (rename is atomic within a file system). */
static int export_file(struct cli *c, struct view *v, const struct niche_shortlist *l,
                       const char *path)
{
    char tmp[4200];
    FILE *f;
    int rc, saved;

    snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
    if (!(f = fopen(tmp, "wx"))) {
        fprintf(stderr, "niche: cannot write '%s': %s\n", tmp, strerror(errno));
        return CLI_RUNTIME;
    }
    rc = export_to(v, f, l);
    saved = errno;
    if (rc == 0 && fsync(fileno(f)) != 0)
        rc = NICHE_EIO, saved = errno;
    if (fclose(f) != 0 && rc == 0)
        rc = NICHE_EIO, saved = errno;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = NICHE_EIO, saved = errno;
    if (rc == 0)
        return 0;
    unlink(tmp);
    if (rc == NICHE_EIO) {
        fprintf(stderr, "niche: cannot write '%s': %s\n", path, strerror(saved));
        return CLI_RUNTIME;
    }
    return cli_fail(c, rc);
}

static int list_export(struct cli *c, int argc, char **argv)
{
    const char *out = NULL;
    const struct cli_opt opts[] = {
        { "--out", OPT_STRING, &out, "FILE", "write FILE (atomically) instead of stdout" },
        JSON_OPT(c), OPT_END
    };
    struct niche_shortlist l;
    struct niche_analysis_run run;
    struct view v;
    char *pos[1];
    int npos, analysed, rc;

    if ((rc = cli_parse(c, argc, argv, opts, pos, 1, &npos)) != 0)
        return rc;
    if (npos != 1)
        return cli_usage_error(c, "expected NAME");
    if (out && !strcmp(out, "-"))
        out = NULL;
    if (c->json && !out)
        return cli_usage_error(c, "--json needs --out FILE (without it the CSV is the output)");
    if ((rc = open_list(c, pos[0], &l)) != 0 || (rc = view_init(c, &v, &run, &analysed)) != 0)
        return rc;
    if (!out)
        return (rc = export_to(&v, stdout, &l)) == 0 ? CLI_OK
               : rc == NICHE_EIO ? CLI_RUNTIME : cli_fail(c, rc);
    if ((rc = export_file(c, &v, &l, out)) != 0)
        return rc;
    if (c->json)
        return cli_json_out(json_pack("{s:s, s:s, s:I}", "list", l.name, "file", out,
                                      "rows", (json_int_t)v.rows));
    printf("exported %lld account%s of list '%s' to %s\n", (long long)v.rows,
           v.rows == 1 ? "" : "s", l.name, out);
    return CLI_OK;
}

/* ---- dispatch ------------------------------------------------------------- */

int cmd_list(struct cli *c, int argc, char **argv)
{
    const struct cli_command *top = c->cmd;
    size_t i;

    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        cli_print_help(c, NULL, stdout);
        return CLI_HELP;
    }
    /* `niche list` alone, or with only options, lists the lists. */
    if (argc < 2 || argv[1][0] == '-') {
        c->cmd = &subcommands[0];
        return list_ls(c, argc, argv);
    }
    for (i = 0; i < NSUB; i++) {
        if (!strcmp(argv[1], subcommands[i].name)) {
            c->cmd = &subcommands[i];
            c->subcmd = subcommands[i].name;
            return subcommands[i].fn(c, argc - 1, argv + 1);
        }
    }
    c->cmd = top;
    return cli_usage_error(c, "'%s' is not a subcommand (ls, create, delete, rename, add,"
                              " remove, show, export)", argv[1]);
}
