/*
 * cli.h - what the niche command's files share: the command table entry,
 * the run context, option parsing and output helpers.
 *
 * The CLI is only a client of libniche (include/niche/); it turns error
 * codes into exit statuses (0 success, 1 runtime error, 2 usage error) in
 * one table in main.c.
 */
#ifndef NICHE_CLI_H
#define NICHE_CLI_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include "niche/niche.h"

#define CLI_OK 0
#define CLI_RUNTIME 1
#define CLI_USAGE 2
#define CLI_HELP (-100)   /* --help was printed: exit 0 */

/* Command flags: how cli_open_store() opens the store for the command. */
#define CLI_STORE 0x1         /* the store must exist */
#define CLI_CREATE 0x2        /* create the store when missing */
#define CLI_OWN_WORKSPACE 0x4 /* the command picks its workspace itself */

struct cli;

struct cli_command {
    const char *name;
    int (*fn)(struct cli *c, int argc, char **argv);
    unsigned flags;
    const char *usage;     /* "import KIND FILE [options]" */
    const char *summary;   /* one line for the command list */
    const char *help;      /* paragraphs after the usage, or NULL */
};

struct cli {
    const char *db;                  /* borrowed: --db, NICHE_DB or niche.db */
    const char *workspace;           /* borrowed: --workspace or NICHE_WORKSPACE */
    int json;
    struct niche_store *st;          /* owned by main.c when the flags ask */
    const struct cli_command *cmd;   /* the command being run */
    const char *subcmd;              /* "list" in "accounts list", else NULL */
    struct niche_error err;
};

/* ---- options ---------------------------------------------------------- */

enum cli_opt_type { OPT_FLAG, OPT_STRING, OPT_INT, OPT_LIST };

struct cli_list {
    const char **items;   /* owned array of borrowed argv strings */
    size_t nr, alloc;
};

/* dest: int * (flag), const char ** (string), int64_t * (int),
 * struct cli_list * (list, repeatable). */
struct cli_opt {
    const char *name;     /* "--platform" */
    enum cli_opt_type type;
    void *dest;
    const char *arg;      /* "P" in the help, NULL for flags */
    const char *help;
};

/*
 * Parse argv (after the command name) against opts, terminated by a zero
 * row. Positional arguments are gathered in pos (at most maxpos; more is a
 * usage error). Returns 0, CLI_USAGE after printing the problem, or
 * CLI_HELP after printing the command's help for --help/-h.
 */
int cli_parse(struct cli *c, int argc, char **argv, const struct cli_opt *opts,
              char **pos, int maxpos, int *npos);
void cli_list_release(struct cli_list *l);
/* Print "niche CMD: message" and the usage line to stderr; CLI_USAGE. */
int cli_usage_error(struct cli *c, const char *fmt, ...) NICHE_PRINTF(2, 3);
/* Print the help of the current command (usage, options, help text). */
void cli_print_help(struct cli *c, const struct cli_opt *opts, FILE *out);

/* ---- the store --------------------------------------------------------- */

/* Open c->st as the command's flags say (after its arguments are parsed);
 * 0, or the exit status after reporting the failure. */
int cli_open_store(struct cli *c);

/* ---- analysis (cmd_analyze.c) ----------------------------------------- */

/* Run niche_analyze() on c->st with o, reporting progress on stderr unless
 * quiet; 0 or the exit status after reporting the failure. */
int cli_analyze(struct cli *c, const struct niche_analyze_opts *o, int quiet,
                struct niche_analysis_run *run);
/* The workspace's stored run into *run, running niche analyze first (with
 * a note on stderr) when the workspace was never analysed; 0 or an exit
 * status. Commands that read results call it first. */
int cli_ensure_analysis(struct cli *c, struct niche_analysis_run *run);
/* Rebuild the search index's snapshot if the database has one, so that the
 * next search starts warm; a failure is only a note (search rebuilds).
 * 1 when it was rebuilt. */
int cli_index_refresh(struct cli *c);
/* The run as JSON. */
json_t *cli_run_json(const struct niche_analysis_run *r);

/* ---- errors ----------------------------------------------------------- */

/* Report c->err (or code) on stderr and return the exit status for it. */
int cli_fail(struct cli *c, int code);

/* ---- output ----------------------------------------------------------- */

/* Print root as JSON on stdout and free it; CLI_OK or CLI_RUNTIME. */
int cli_json_out(json_t *root);
/* JSON value of a count (null when missing), a real, a string. */
json_t *cli_json_count(int64_t v);
json_t *cli_json_real(double v);
json_t *cli_json_str(const char *s);
/* v printed with fmt (one double), or unknown when v is NaN; buf needs 32
 * bytes. */
const char *cli_fmt_real(char *buf, double v, const char *fmt, const char *unknown);
/* "12,345", or "-" when missing; buf needs 32 bytes. */
const char *cli_fmt_count(char *buf, int64_t v);
/* Milliseconds as "2026-03-01T12:00:00Z" (or "-"); buf needs 32 bytes. */
const char *cli_fmt_time(char *buf, int64_t ms);

/* A text table: add rows of strings, then print aligned. */
struct cli_table {
    int ncols;
    const char **head;
    unsigned right;        /* bit i: column i right-aligned */
    char **cells;          /* owned: ncols per row */
    size_t nr, alloc;
};
void cli_table_init(struct cli_table *t, int ncols, const char **head, unsigned right);
void cli_table_add(struct cli_table *t, const char **row);
void cli_table_print(const struct cli_table *t, FILE *out);
void cli_table_release(struct cli_table *t);

/* Parse "platform:handle" into its parts; CLI_USAGE with a message. */
int cli_parse_account(struct cli *c, const char *arg, enum niche_platform *p,
                      char *handle, size_t n);
/* The same without printing: 0, or -1 with the reason in why (for input
 * read from a file, where the caller adds the position). */
int cli_account_ref(const char *arg, enum niche_platform *p, char *handle, size_t n,
                    char *why, size_t whyn);

/* ---- commands --------------------------------------------------------- */

int cmd_accounts(struct cli *c, int argc, char **argv);
int cmd_analyze(struct cli *c, int argc, char **argv);
int cmd_audit(struct cli *c, int argc, char **argv);
int cmd_index(struct cli *c, int argc, char **argv);
int cmd_search(struct cli *c, int argc, char **argv);
int cmd_demo(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_list(struct cli *c, int argc, char **argv);
int cmd_lookalike(struct cli *c, int argc, char **argv);
int cmd_overlap(struct cli *c, int argc, char **argv);
int cmd_stats(struct cli *c, int argc, char **argv);
int cmd_synth(struct cli *c, int argc, char **argv);

#endif
