/*
 * out.c - output helpers: JSON through jansson, aligned text tables, and
 * the formatting of counts and times for people.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

int cli_json_out(json_t *root)
{
    int rc;

    if (!root) {
        fprintf(stderr, "niche: building the JSON output failed\n");
        return CLI_RUNTIME;
    }
    rc = json_dumpf(root, stdout, JSON_INDENT(2));
    fputc('\n', stdout);
    json_decref(root);
    return rc == 0 ? CLI_OK : CLI_RUNTIME;
}

json_t *cli_json_count(int64_t v)
{
    return v == NICHE_MISSING ? json_null() : json_integer((json_int_t)v);
}

json_t *cli_json_real(double v)
{
    return niche_is_missing_real(v) ? json_null() : json_real(v);
}

json_t *cli_json_str(const char *s)
{
    json_t *j = s ? json_string(s) : NULL;

    return j ? j : json_null();   /* invalid UTF-8 never reaches here (import checks) */
}

const char *cli_fmt_count(char *buf, int64_t v)
{
    char tmp[32];
    int n, i, j = 0, lead;

    if (v == NICHE_MISSING)
        return "-";
    n = snprintf(tmp, sizeof(tmp), "%lld", (long long)(v < 0 ? -v : v));
    if (v < 0)
        buf[j++] = '-';
    lead = n % 3 ? n % 3 : 3;
    for (i = 0; i < n; i++) {
        if (i && (i - lead) % 3 == 0)
            buf[j++] = ',';
        buf[j++] = tmp[i];
    }
    buf[j] = '\0';
    return buf;
}

const char *cli_fmt_time(char *buf, int64_t ms)
{
    if (ms == NICHE_MISSING)
        return "-";
    niche_time_format(ms, buf, 32);
    if (!strcmp(buf + 10, "T00:00:00Z"))
        buf[10] = '\0';   /* a date */
    return buf;
}

void cli_table_init(struct cli_table *t, int ncols, const char **head, unsigned right)
{
    memset(t, 0, sizeof(*t));
    t->ncols = ncols;
    t->head = head;
    t->right = right;
}

void cli_table_add(struct cli_table *t, const char **row)
{
    int i;

    if (t->nr == t->alloc) {
        t->alloc = t->alloc ? 2 * t->alloc : 16;
        t->cells = niche_xrealloc(t->cells, t->alloc * (size_t)t->ncols * sizeof(char *));
    }
    for (i = 0; i < t->ncols; i++)
        t->cells[t->nr * (size_t)t->ncols + (size_t)i] = niche_xstrdup(row[i] ? row[i] : "-");
    t->nr++;
}

/* Display width: count UTF-8 code points, not bytes (good enough for
 * alignment; wide CJK and emoji may still be off by a column). */
static size_t width(const char *s)
{
    size_t w = 0;

    for (; *s; s++)
        w += ((unsigned char)*s & 0xc0) != 0x80;
    return w;
}

static void print_cell(FILE *out, const char *s, size_t w, int right, int last)
{
    size_t pad = w - width(s);

    if (right)
        fprintf(out, "%*s%s", (int)pad, "", s);
    else
        fprintf(out, "%s%*s", s, last ? 0 : (int)pad, "");
    if (!last)
        fputs("  ", out);
}

void cli_table_print(const struct cli_table *t, FILE *out)
{
    size_t w[16] = { 0 }, r;
    int i;

    for (i = 0; i < t->ncols && i < 16; i++) {
        w[i] = width(t->head[i]);
        for (r = 0; r < t->nr; r++)
            if (width(t->cells[r * (size_t)t->ncols + (size_t)i]) > w[i])
                w[i] = width(t->cells[r * (size_t)t->ncols + (size_t)i]);
    }
    for (i = 0; i < t->ncols; i++)
        print_cell(out, t->head[i], w[i], (t->right >> i) & 1, i == t->ncols - 1);
    fputc('\n', out);
    for (r = 0; r < t->nr; r++) {
        for (i = 0; i < t->ncols; i++)
            print_cell(out, t->cells[r * (size_t)t->ncols + (size_t)i], w[i],
                       (t->right >> i) & 1, i == t->ncols - 1);
        fputc('\n', out);
    }
}

void cli_table_release(struct cli_table *t)
{
    size_t i;

    for (i = 0; i < t->nr * (size_t)t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof(*t));
}

const char *cli_fmt_real(char *buf, double v, const char *fmt, const char *unknown)
{
    if (isnan(v))
        return unknown;
    snprintf(buf, 32, fmt, v);
    return buf;
}
