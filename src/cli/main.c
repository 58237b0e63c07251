/*
 * main.c - the niche command: global options, the command table and the
 * dispatcher that opens the store for the commands that need it.
 */
#include <stdlib.h>
#include <string.h>
#include "cli.h"

/* Sorted by name; `niche help` lists them in this order. */
static const struct cli_command commands[] = {
    { "accounts", cmd_accounts, CLI_STORE,
      "accounts list [options] | accounts show PLATFORM:HANDLE",
      "list accounts or show one",
      "  list   accounts of the workspace, filtered and sorted\n"
      "  show   everything stored about one account\n"
      "Run 'niche accounts list --help' for the filters.\n" },
    { "analyze", cmd_analyze, CLI_STORE,
      "analyze [--scheme ID] [--prices FILE] [--as-of DATE] [--window N]\n"
      "                   [--min-posts N] [--min-peers N] [--threads N] [--hll-precision P]\n"
      "                   [--quiet] [--timings]",
      "audit every account of the workspace and store the results",
      "Computes for every account with posts, snapshots or known followers: the\n"
      "engagement rates (ER_F_MEAN, ER_F_MEDIAN, ER_V), percentiles among same-\n"
      "platform peers in log-scaled follower bands, activity, growth and its\n"
      "anomalies, follower types and the authentic share with a 95% interval,\n"
      "engagement pods, disclosed and likely undisclosed sponsorship, brands,\n"
      "niches, estimates of reach, impressions and price, and each account's\n"
      "audience sketches (HyperLogLog and MinHash of its known followers, for\n"
      "'overlap' and 'lookalike'). Replaces the workspace's previous results in\n"
      "one transaction. Each account's posts are read once and kept as its post\n"
      "facts; later runs read those until the account's posts change, so the\n"
      "first run after an import is the slow one. Definitions, thresholds and\n"
      "measured precision: docs/quality.md; sketches: docs/sketches.md; post\n"
      "facts: docs/internals/facts.md.\n" },
    { "audit", cmd_audit, CLI_STORE,
      "audit PLATFORM:HANDLE [--posts N]",
      "one account's full report (runs 'analyze' first if it never ran)",
      "Prints the stored results of the latest 'niche analyze' for one account,\n"
      "section by section, with what each figure rests on; unknowns are printed\n"
      "as unknown. --json gives the same report as one JSON object.\n" },
    { "demo", cmd_demo, CLI_CREATE | CLI_OWN_WORKSPACE,
      "demo [--accounts N] [--seed S]",
      "build a demo workspace from a generated world and summarise it",
      "Generates a world with 'niche synth' (2000 creator accounts, seed 42 by\n"
      "default) into the workspace 'demo', replacing what it held, in one\n"
      "transaction, and prints a summary. Other workspaces in the database are\n"
      "not touched, and --workspace is ignored.\n" },
    { "import", cmd_import, CLI_CREATE,
      "import accounts|posts|followers|snapshots FILE [options]",
      "import an export (CSV or JSONL) into the workspace",
      NULL },
    { "index", cmd_index, CLI_STORE,
      "index build|info [--index FILE]",
      "build the discovery index's snapshot, or describe it",
      "build  rebuilds the search index from the store (running 'niche analyze'\n"
      "       first if the workspace never was) and saves it as a snapshot file,\n"
      "       by default the database's path + \".index\"\n"
      "info   maps the snapshot and prints what it holds and its memory per account\n"
      "'niche search' keeps the snapshot current by itself: it rebuilds it whenever\n"
      "the accounts or the analysis changed. Layout: docs/discovery.md.\n" },
    { "init", cmd_init, CLI_CREATE,
      "init",
      "create the database, or upgrade its schema",
      "Creates the database named by --db (default ./niche.db, or $NICHE_DB)\n"
      "and applies any pending schema migrations. Safe to run again.\n" },
    { "list", cmd_list, CLI_STORE,
      "list [ls] | list create|delete|show NAME | list rename OLD NEW\n"
      "                   | list add|remove NAME PLATFORM:HANDLE... [--note TEXT] [--file FILE]\n"
      "                   | list export NAME [--out FILE]",
      "shortlists: named, saved lists of accounts, exported as CSV",
      "  ls       every list with its member count and created date (the default)\n"
      "  create   a new, empty list         delete   a list (never its accounts)\n"
      "  rename   a list                    show     members with the latest analysis\n"
      "  add      accounts, all or none     remove   accounts, all or none\n"
      "  export   members as CSV (platform, handle, name, followers, tier, er, aqs,\n"
      "           est_price, currency, note, added) to stdout or --out FILE\n"
      "Every subcommand takes --json. Run 'niche list SUBCOMMAND --help' for its options.\n" },
    { "lookalike", cmd_lookalike, CLI_STORE,
      "lookalike PLATFORM:HANDLE [--limit N] [--by audience|content|both]",
      "the accounts most like one, by audience and by content",
      "Ranks the accounts of the same platform that have known followers or\n"
      "hashtags by their similarity to the account: audience, the Jaccard index\n"
      "of the known followers estimated from the MinHash signatures of the last\n"
      "'niche analyze'; content, the mean of the cosines of niche scores and of\n"
      "hashtags; both (the default), sqrt(audience x content). Each result shows\n"
      "both similarities. Formulas and bounds: docs/sketches.md.\n" },
    { "overlap", cmd_overlap, CLI_STORE,
      "overlap PLATFORM:HANDLE... [--list NAME] [--exact|--estimate]",
      "the unique audience of a set of accounts and how much they overlap",
      "Over each account's known followers (the sample the store holds): the\n"
      "unique audience of the set (the union), each account's unique share (its\n"
      "followers no other account of the set has, over its own), and for each pair\n"
      "the followers in common over the smaller audience. 2 to 50 accounts of one\n"
      "platform, from the arguments and --list NAME. Counted exactly with bitmaps\n"
      "up to 5,000,000 known follower edges in all, else estimated from the\n"
      "HyperLogLog sketches of the last 'niche analyze' (each count within\n"
      "1.04/sqrt(2^p), p set by 'analyze --hll-precision'); the output says which.\n"
      "Formulas and error bounds: docs/sketches.md.\n" },
    { "search", cmd_search, CLI_STORE,
      "search [filters] [--sort KEY] [--limit N] [--offset N] [--explain]",
      "find accounts by criteria, best first, with the reasons why",
      "Lists in one option match any of their values (--niche fitness,yoga);\n"
      "different options must all hold. Ranges: --min-KEY and --max-KEY for\n"
      "followers (12k, 1.2M), er, er-median, er-views, er-percentile, fake and\n"
      "growth (rates: 3.5%% or 3.5), aqs (0-100), posts-week and price (numbers).\n"
      "An unknown value never passes a bound. Sort keys: the range keys, last-post\n"
      "and fit. --sort fit ranks by brand fit: niche match (--niche), audience\n"
      "match to targets (--target country:US>=40%%: aimed at, not required, unlike\n"
      "--audience), audience quality, engagement percentile, price against\n"
      "--budget (or --max-price) and posting regularity, weighted 0.30, 0.20,\n"
      "0.20, 0.15, 0.10, 0.05 unless --weights says otherwise; parts the query does\n"
      "not ask about are left out, and --explain prints every part. The first\n"
      "search after an import or an analysis rebuilds the index. Semantics and\n"
      "precision of each filter: docs/discovery.md.\n" },
    { "stats", cmd_stats, CLI_STORE,
      "stats [--scheme ID]",
      "count accounts, posts, edges and snapshots per platform and tier",
      NULL },
    { "synth", cmd_synth, CLI_CREATE,
      "synth [--accounts N] [--seed S] [--platforms LIST] [--audience-ratio R]\n"
      "                   [--out DIR [--threads N]] [--quiet]",
      "generate a synthetic creator world with ground truth",
      "Generates creators (one to three accounts each), their posts, snapshots,\n"
      "audiences and a follower graph over audience accounts (real users, mass\n"
      "followers, inactive accounts, bought bots), with the ground truth that\n"
      "detectors are scored against. Deterministic for a seed and version.\n"
      "Without --out the world goes into the workspace, which must be empty; with\n"
      "--out DIR it is written as files (accounts.csv, posts.jsonl, edges.bin...).\n"
      "Every distribution and its source: docs/synth.md.\n" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* How library error codes become exit statuses, in one place. */
static const struct { int code; int status; } exit_map[] = {
    { NICHE_EINVAL, CLI_RUNTIME },   /* bad input data, not bad usage */
    { NICHE_ENOTFOUND, CLI_RUNTIME },
    { NICHE_EPARSE, CLI_RUNTIME },
    { NICHE_ETOOBIG, CLI_RUNTIME },
    { NICHE_ESCHEMA, CLI_RUNTIME },
    { NICHE_EUNSUPPORTED, CLI_RUNTIME },
};

int cli_fail(struct cli *c, int code)
{
    size_t i;

    if (c->err.msg[0])
        fprintf(stderr, "niche: %s\n", c->err.msg);
    else
        fprintf(stderr, "niche: %s\n", niche_strerror(code));
    for (i = 0; i < sizeof(exit_map) / sizeof(exit_map[0]); i++)
        if (exit_map[i].code == code)
            return exit_map[i].status;
    return CLI_RUNTIME;
}

static void print_main_help(FILE *out)
{
    size_t i;

    fprintf(out,
            "usage: niche [--db PATH] [--workspace NAME] [--json] COMMAND [ARGS]\n\n"
            "niche finds, audits and measures micro-influencers.\n\n"
            "Global options:\n"
            "  --db PATH          database (default ./niche.db, or $NICHE_DB)\n"
            "  --workspace NAME   workspace (default 'default', or $NICHE_WORKSPACE)\n"
            "  --json             machine-readable output\n"
            "  --version          print the version\n"
            "  --help             this help; 'niche COMMAND --help' for a command\n\n"
            "Commands:\n");
    for (i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\nExit status: 0 success, 1 runtime error, 2 usage error.\n"
                 "Documentation: docs/cli.md\n");
}

static const struct cli_command *find_command(const char *name)
{
    size_t i;

    for (i = 0; i < NCOMMANDS; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

/* Global options before the command; returns the index of the command. */
static int parse_globals(struct cli *c, int argc, char **argv, int *status)
{
    int i;

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];

        if (!strcmp(a, "--json")) {
            c->json = 1;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            print_main_help(stdout);
            *status = CLI_OK;
            return -1;
        } else if (!strcmp(a, "--version")) {
            printf("niche %s\n", niche_version());
            *status = CLI_OK;
            return -1;
        } else if (!strcmp(a, "--db") || !strcmp(a, "--workspace")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "niche: %s needs a value\n", a);
                *status = CLI_USAGE;
                return -1;
            }
            *(a[2] == 'd' ? &c->db : &c->workspace) = argv[++i];
        } else if (!strncmp(a, "--db=", 5)) {
            c->db = a + 5;
        } else if (!strncmp(a, "--workspace=", 12)) {
            c->workspace = a + 12;
        } else {
            fprintf(stderr, "niche: unknown global option '%s'\n"
                            "usage: niche [--db PATH] [--workspace NAME] [--json] COMMAND\n", a);
            *status = CLI_USAGE;
            return -1;
        }
    }
    if (i == argc) {
        print_main_help(stderr);
        *status = CLI_USAGE;
        return -1;
    }
    return i;
}

int cli_open_store(struct cli *c)
{
    unsigned flags = c->cmd->flags & CLI_CREATE ? NICHE_STORE_CREATE : 0;
    int rc = niche_store_open(&c->st, c->db, flags, &c->err);

    /* A command that picks its own workspace (demo) ignores --workspace. */
    if (rc == 0 && c->workspace && !(c->cmd->flags & CLI_OWN_WORKSPACE))
        rc = niche_store_use_workspace(c->st, c->workspace, flags != 0, &c->err);
    if (rc == NICHE_ENOTFOUND && c->workspace && c->st)
        snprintf(c->err.msg, sizeof(c->err.msg),
                 "workspace '%s' does not exist (import into it to create it)", c->workspace);
    return rc < 0 ? cli_fail(c, rc) : 0;
}

static int run(struct cli *c, int argc, char **argv)
{
    int rc;

    if (!strcmp(argv[0], "help")) {
        if (argc == 1) {
            print_main_help(stdout);
            return CLI_OK;
        }
        if ((c->cmd = find_command(argv[1])) == NULL) {
            fprintf(stderr, "niche: '%s' is not a command; see 'niche --help'\n", argv[1]);
            return CLI_USAGE;
        }
        cli_print_help(c, NULL, stdout);
        return CLI_OK;
    }
    c->cmd = find_command(argv[0]);
    if (!c->cmd) {
        fprintf(stderr, "niche: '%s' is not a command; see 'niche --help'\n", argv[0]);
        return CLI_USAGE;
    }
    /* Handlers parse their arguments first and then call cli_open_store(),
     * so that neither --help nor a usage error touches the database. */
    rc = c->cmd->fn(c, argc, argv);
    return rc == CLI_HELP ? CLI_OK : rc;
}

int main(int argc, char **argv)
{
    struct cli c;
    int status = CLI_OK, first;

    memset(&c, 0, sizeof(c));
    c.db = getenv("NICHE_DB");
    if (!c.db || !*c.db)
        c.db = "niche.db";
    c.workspace = getenv("NICHE_WORKSPACE");
    if (c.workspace && !*c.workspace)
        c.workspace = NULL;
    first = parse_globals(&c, argc, argv, &status);
    if (first < 0)
        return status;
    status = run(&c, argc - first, argv + first);
    niche_store_close(c.st);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "niche: writing the output failed\n");
        return CLI_RUNTIME;
    }
    return status;
}
