/*
 * opt.c - option parsing for the commands, table-driven like git's
 * parse-options: each command lists its options once, and the same table
 * prints its help.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

void cli_list_release(struct cli_list *l)
{
    free(l->items);
    memset(l, 0, sizeof(*l));
}

static void list_add(struct cli_list *l, const char *s)
{
    if (l->nr == l->alloc) {
        l->alloc = l->alloc ? 2 * l->alloc : 8;
        l->items = niche_xrealloc(l->items, l->alloc * sizeof(*l->items));
    }
    l->items[l->nr++] = s;
}

static const char *full_usage(const struct cli *c)
{
    return c->cmd ? c->cmd->usage : "";
}

int cli_usage_error(struct cli *c, const char *fmt, ...)
{
    va_list ap;

    fputs("niche: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: niche %s\n", full_usage(c));
    return CLI_USAGE;
}

void cli_print_help(struct cli *c, const struct cli_opt *opts, FILE *out)
{
    char left[64];
    int i;

    fprintf(out, "usage: niche %s\n\n%s.\n", full_usage(c), c->cmd->summary);
    if (opts && opts[0].name) {
        fprintf(out, "\nOptions:\n");
        for (i = 0; opts[i].name; i++) {
            snprintf(left, sizeof(left), "%s%s%s", opts[i].name, opts[i].arg ? " " : "",
                     opts[i].arg ? opts[i].arg : "");
            fprintf(out, "  %-24s %s\n", left, opts[i].help);
        }
    }
    if (c->cmd->help)
        fprintf(out, "\n%s", c->cmd->help);
}

static int set_int(struct cli *c, const struct cli_opt *o, const char *v)
{
    char *end;
    long long n;

    errno = 0;
    n = strtoll(v, &end, 10);
    if (errno || end == v || *end)
        return cli_usage_error(c, "%s expects a whole number, not '%s'", o->name, v);
    *(int64_t *)o->dest = n;
    return 0;
}

static const struct cli_opt *find_opt(const struct cli_opt *opts, const char *a,
                                      size_t len)
{
    int i;

    for (i = 0; opts[i].name; i++)
        if (strlen(opts[i].name) == len && !strncmp(opts[i].name, a, len))
            return &opts[i];
    return NULL;
}

/* Take the value of option o (from "--x=v" or the next argument). */
static int take(struct cli *c, const struct cli_opt *o, const char *inline_v,
                int argc, char **argv, int *i)
{
    const char *v = inline_v;

    if (o->type == OPT_FLAG) {
        if (inline_v)
            return cli_usage_error(c, "%s takes no value", o->name);
        *(int *)o->dest = 1;
        return 0;
    }
    if (!v) {
        if (*i + 1 >= argc)
            return cli_usage_error(c, "%s needs a value (%s)", o->name, o->arg);
        v = argv[++*i];
    }
    if (o->type == OPT_INT)
        return set_int(c, o, v);
    if (o->type == OPT_LIST)
        list_add((struct cli_list *)o->dest, v);
    else
        *(const char **)o->dest = v;
    return 0;
}

int cli_parse(struct cli *c, int argc, char **argv, const struct cli_opt *opts,
              char **pos, int maxpos, int *npos)
{
    int i, rc, only_pos = 0;

    *npos = 0;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *eq;
        const struct cli_opt *o;

        if (!only_pos && (!strcmp(a, "--help") || !strcmp(a, "-h"))) {
            cli_print_help(c, opts, stdout);
            return CLI_HELP;
        }
        if (!only_pos && !strcmp(a, "--")) {
            only_pos = 1;
            continue;
        }
        if (only_pos || a[0] != '-' || !a[1]) {
            if (*npos >= maxpos)
                return cli_usage_error(c, "unexpected argument '%s'", a);
            pos[(*npos)++] = argv[i];
            continue;
        }
        eq = strchr(a, '=');
        o = find_opt(opts, a, eq ? (size_t)(eq - a) : strlen(a));
        if (!o)
            return cli_usage_error(c, "unknown option '%s'", a);
        if ((rc = take(c, o, eq ? eq + 1 : NULL, argc, argv, &i)) != 0)
            return rc;
    }
    return 0;
}

int cli_account_ref(const char *arg, enum niche_platform *p, char *handle, size_t n,
                    char *why, size_t whyn)
{
    const char *colon = strchr(arg, ':');
    size_t i, len;

    if (!colon || colon == arg || !colon[1]) {
        snprintf(why, whyn, "'%s' is not PLATFORM:HANDLE (e.g. instagram:natgeo)", arg);
        return -1;
    }
    *p = niche_platform_parse(arg, (size_t)(colon - arg));
    if (*p == NICHE_PLATFORM_UNKNOWN) {
        snprintf(why, whyn, "'%.*s' is not a platform", (int)(colon - arg), arg);
        return -1;
    }
    arg = colon + 1;
    if (*arg == '@')
        arg++;
    len = strlen(arg);
    if (!len || len >= n) {
        snprintf(why, whyn, "handle '%s' is empty or too long", arg);
        return -1;
    }
    /* Handles are stored lowercase (import.h). */
    for (i = 0; i <= len; i++)
        handle[i] = (char)(arg[i] >= 'A' && arg[i] <= 'Z' ? arg[i] + 32 : arg[i]);
    return 0;
}

int cli_parse_account(struct cli *c, const char *arg, enum niche_platform *p,
                      char *handle, size_t n)
{
    char why[600];

    return cli_account_ref(arg, p, handle, n, why, sizeof(why)) < 0
           ? cli_usage_error(c, "%s", why) : 0;
}
