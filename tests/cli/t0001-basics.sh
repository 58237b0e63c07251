#!/bin/bash
# t0001-basics: help, version, usage errors, the database and workspace
# options and their environment variables.
. "$NICHE_SRC/tests/cli/lib.sh"

# ---- help and version -----------------------------------------------------

expect_exit 0 niche --help
expect_contains out 'usage: niche'
for cmd in accounts demo import init stats; do
    expect_contains out "  $cmd "
done
expect_empty err

expect_exit 0 niche -h
expect_contains out 'Exit status: 0 success, 1 runtime error, 2 usage error'

expect_exit 0 niche --version
expect_match out '^niche [0-9]+\.[0-9]+\.[0-9]+'

expect_exit 0 niche help
expect_contains out 'Commands:'

# `help CMD` is the command's own help.
for cmd in accounts demo import init stats; do
    expect_exit 0 niche help $cmd
    expect_contains out "usage: niche $cmd"
done

# Every command and sub-command answers --help with exit 0, on stdout,
# without needing (or creating) a database.
for cmd in "accounts" "accounts list" "accounts show" "demo" "import" "init" "stats"; do
    expect_exit 0 niche $cmd --help
    expect_contains out "usage: niche $cmd"
    expect_empty err
done
expect_exit 0 niche accounts list -h
expect_contains out '--min-followers N'
expect_exit 0 niche import --help
expect_contains out 'follower_handle'
expect_contains out 'required unless --platform'
expect_exit 0 niche stats --help
expect_contains out 'later-fohr'
expect_eq "$(ls)" "$(printf 'err\nout')" "--help created no database"

# ---- usage errors: exit 2, message on stderr, nothing on stdout ----------

expect_exit 2 niche
expect_contains err 'usage: niche'
expect_empty out

expect_exit 2 niche frobnicate
expect_contains err "'frobnicate' is not a command"
expect_empty out

expect_exit 2 niche --frobnicate stats
expect_contains err "unknown global option '--frobnicate'"
expect_empty out

expect_exit 2 niche --db
expect_contains err "niche: --db needs a value"
expect_not_contains err "unknown global option"
expect_empty out

# From here on there is a database: usage errors are checked after it opens.
expect_exit 0 niche init
expect_contains out "niche database 'niche.db' is ready"
expect_true "init made ./niche.db" test -f niche.db

expect_exit 2 niche init --frobnicate
expect_contains err "unknown option '--frobnicate'"
expect_contains err 'usage: niche init'
expect_empty out

expect_exit 2 niche stats --frobnicate
expect_contains err "unknown option '--frobnicate'"
expect_exit 2 niche stats --scheme nosuch
expect_contains err "unknown tier scheme 'nosuch'"

expect_exit 2 niche accounts
expect_contains err 'usage: niche accounts'
expect_exit 2 niche accounts frob
expect_contains err "'frob' is not a subcommand"
expect_exit 2 niche accounts list --limit many
expect_contains err '--limit expects a whole number'
expect_exit 2 niche accounts list --limit -1
expect_contains err 'cannot be negative'
expect_exit 2 niche accounts list --sort shoe-size
expect_contains err "cannot sort by 'shoe-size'"
expect_exit 2 niche accounts list --asc --desc
expect_contains err 'contradict'
expect_exit 2 niche accounts list --platform myspace
expect_contains err "'myspace' is not a platform"
expect_exit 2 niche accounts list --tier giga
expect_contains err "'giga' is not a tier"
expect_exit 2 niche accounts list surplus
expect_contains err "unexpected argument 'surplus'"
expect_exit 2 niche accounts show
expect_contains err 'expected PLATFORM:HANDLE'
expect_exit 2 niche accounts show natgeo
expect_contains err 'is not PLATFORM:HANDLE'
expect_exit 2 niche accounts show myspace:tom
expect_contains err "'myspace' is not a platform"

expect_exit 2 niche import
expect_contains err 'expected a kind and a file'
expect_exit 2 niche import likes x.csv
expect_contains err "'likes' is not accounts, posts, followers or snapshots"
expect_exit 2 niche import accounts x.csv --format xml
expect_contains err '--format must be csv or jsonl'
expect_exit 2 niche import accounts x.csv --platform myspace
expect_contains err "'myspace' is not a platform"
expect_exit 2 niche import accounts x.csv --map followers
expect_contains err '--map expects FIELD=COLUMN'
expect_exit 2 niche import accounts x.csv --skip-bad=yes
expect_contains err '--skip-bad takes no value'
expect_exit 2 niche import accounts x.csv --map
expect_contains err '--map needs a value'
expect_exit 2 niche demo --accounts 0
expect_contains err '--accounts must be 1 to 100000'

# ---- runtime errors: exit 1 ----------------------------------------------

expect_exit 1 niche import accounts no-such-file.csv
expect_contains err "cannot open 'no-such-file.csv'"
expect_exit 1 niche accounts show instagram:nobody
expect_contains err 'no account instagram:nobody'

# Read commands on a database that does not exist: exit 1, say what to do,
# and do not create it.
for cmd in "stats" "accounts list" "accounts show instagram:x"; do
    expect_exit 1 niche --db absent.db $cmd
    expect_contains err 'absent.db'
    expect_contains err "run 'niche init'"
    expect_empty out
done
expect_true "read commands did not create absent.db" test ! -e absent.db

# Usage errors have no side effects: a mistyped command line must not
# create a database (main.c once opened the store, creating it for
# CLI_CREATE commands, before the command parsed its arguments).
expect_exit 2 niche --db typo.db import
expect_contains err 'usage: niche import'
expect_true "a usage error of import did not create typo.db" test ! -e typo.db
expect_exit 2 niche --db typo2.db init --frobnicate
expect_contains err "unknown option '--frobnicate'"
expect_true "a usage error of init did not create typo2.db" test ! -e typo2.db
# A usage error wins over the missing database: exit 2, not 1.
expect_exit 2 niche --db typo3.db stats --frobnicate
expect_contains err "unknown option '--frobnicate'"
expect_not_contains err "run 'niche init'"
expect_true "a usage error of stats did not create typo3.db" test ! -e typo3.db
expect_exit 2 niche help nosuch
expect_contains err "'nosuch' is not a command"
expect_empty out


# ---- init twice ----------------------------------------------------------

expect_exit 0 niche --db twice.db init
before=$(db_digest twice.db)
expect_exit 0 niche --db twice.db init
expect_contains out 'schema version'
expect_eq "$(db_digest twice.db)" "$before" "a second init changes nothing"
expect_exit 0 niche --db twice.db --json init
expect_py "init --json names the database and schema" \
    'j["database"] == "twice.db" and j["backend"] == "sqlite" and j["schema_version"] >= 1 and j["workspace"] == "default"'
expect_eq "$(sqlite3 twice.db 'PRAGMA journal_mode')" "wal" "the database is in WAL mode"

# ---- --db and NICHE_DB ---------------------------------------------------

cat >one.csv <<'EOF'
platform,handle,followers
instagram,only_in_a,100
EOF

expect_exit 0 niche --db a.db import accounts one.csv
expect_true "--db PATH wrote a.db" test -f a.db
expect_exit 0 niche --db=a.db --json stats
expect_py "--db=PATH reads a.db" 'j["platforms"]["all"]["accounts"] == 1'
expect_exit 0 env NICHE_DB=a.db "$NICHE" --json stats
expect_py "NICHE_DB reads a.db" 'j["platforms"]["all"]["accounts"] == 1'
expect_exit 0 env NICHE_DB=a.db "$NICHE" --db b.db init
expect_true "--db wins over NICHE_DB" test -f b.db
expect_exit 0 env NICHE_DB=a.db "$NICHE" --db b.db --json stats
expect_py "--db wins over NICHE_DB (b.db is empty)" 'j["platforms"]["all"]["accounts"] == 0'
expect_exit 0 env NICHE_DB= "$NICHE" --json stats
expect_py "an empty NICHE_DB means ./niche.db" 'j["platforms"]["all"]["accounts"] == 0'
mkdir sub
expect_exit 0 env NICHE_DB="$TRASH/a.db" sh -c 'cd sub && "$NICHE" --json accounts list'
expect_py "NICHE_DB with an absolute path works from elsewhere" \
    '[a["handle"] for a in j] == ["only_in_a"]'

# ---- --workspace and NICHE_WORKSPACE -------------------------------------

cat >two.csv <<'EOF'
platform,handle,followers
tiktok,only_in_w,200
tiktok,also_in_w,300
EOF

expect_exit 1 niche --db a.db --workspace w stats
expect_contains err "workspace 'w' does not exist"
expect_exit 0 niche --db a.db --workspace w import accounts two.csv
expect_contains out 'imported 2 accounts'
expect_exit 0 niche --db a.db --workspace w --json accounts list
expect_py "workspace w holds its two accounts only" \
    'sorted(a["handle"] for a in j) == ["also_in_w", "only_in_w"]'
expect_exit 0 niche --db a.db --json accounts list
expect_py "the default workspace is untouched" '[a["handle"] for a in j] == ["only_in_a"]'
expect_exit 0 niche --db a.db --workspace=default --json accounts list
expect_py "--workspace=default is the default workspace" '[a["handle"] for a in j] == ["only_in_a"]'
expect_exit 0 env NICHE_WORKSPACE=w "$NICHE" --db a.db --json stats
expect_py "NICHE_WORKSPACE selects w" \
    'j["platforms"]["all"]["accounts"] == 2 and j["platforms"]["tiktok"]["accounts"] == 2 and "instagram" not in j["platforms"]'
expect_exit 0 env NICHE_WORKSPACE=w "$NICHE" --db a.db --workspace default --json stats
expect_py "--workspace wins over NICHE_WORKSPACE" \
    'j["platforms"]["all"]["accounts"] == 1 and "instagram" in j["platforms"]'
expect_exit 1 env NICHE_WORKSPACE=w "$NICHE" --db a.db accounts show instagram:only_in_a
expect_contains err 'no account instagram:only_in_a'
expect_exit 0 env NICHE_WORKSPACE=w "$NICHE" --db a.db accounts show tiktok:only_in_w
expect_contains out 'tiktok:only_in_w'
expect_exit 0 env NICHE_WORKSPACE=w "$NICHE" --db a.db --json import accounts one.csv
expect_py "import --json names its workspace" 'j["workspace"] == "w" and j["imported"] == 1'
expect_exit 0 niche --db a.db --json stats
expect_py "importing into w left default alone" 'j["platforms"]["all"]["accounts"] == 1'
expect_exit 0 niche --db a.db --workspace w --json stats
expect_py "w now has three accounts" 'j["platforms"]["all"]["accounts"] == 3'

test_done
