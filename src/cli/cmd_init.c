/* cmd_init.c - `niche init`: create the database or upgrade its schema. */
#include "cli.h"

int cmd_init(struct cli *c, int argc, char **argv)
{
    static const struct cli_opt opts[] = { { NULL, OPT_FLAG, NULL, NULL, NULL } };
    char *pos[1];
    int npos, rc, cur = 0, latest = 0;
    json_t *j;

    if ((rc = cli_parse(c, argc, argv, opts, pos, 0, &npos)) != 0 ||
        (rc = cli_open_store(c)) != 0)
        return rc;
    if ((rc = niche_store_schema_version(c->st, &cur, &latest, &c->err)) < 0)
        return cli_fail(c, rc);
    if (c->json) {
        j = json_pack("{s:s, s:s, s:i, s:s}", "database", c->db, "backend",
                      niche_store_backend(c->st), "schema_version", cur, "workspace",
                      niche_store_workspace_name(c->st));
        return cli_json_out(j);
    }
    printf("niche database '%s' is ready (%s, schema version %d, workspace '%s')\n",
           c->db, niche_store_backend(c->st), cur, niche_store_workspace_name(c->st));
    return CLI_OK;
}
