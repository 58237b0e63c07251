# lib.sh - shared helpers for the CLI test scripts (tests/cli/tNNNN-*.sh),
# in the manner of git's t/test-lib.sh.
#
# A script sources this file, makes its assertions and ends with
# `test_done`. CTest passes three variables:
#
#   NICHE           the niche binary under test
#   NICHE_SRC       the source root
#   NICHE_TEST_TMP  a scratch directory
#
# Run by hand: NICHE=build/niche NICHE_SRC=. NICHE_TEST_TMP=/tmp/t bash tests/cli/t0001-basics.sh
# Set TEST_VERBOSE=1 to print every passing assertion too.
#
# Every script gets a fresh directory $TRASH (its name) under
# $NICHE_TEST_TMP and runs inside it, with NICHE_DB and NICHE_WORKSPACE
# unset, so the default ./niche.db is the script's own. The directory is
# removed when every assertion passed and kept for inspection otherwise.
#
# Assertions (each counts once, prints "not ok N - what" with details on
# failure):
#   expect_exit CODE CMD...      run CMD; stdout -> ./out, stderr -> ./err;
#                                its status must be CODE
#   expect_contains FILE TEXT    FILE contains TEXT (fixed string)
#   expect_not_contains FILE TEXT
#   expect_match FILE REGEX      grep -E
#   expect_empty FILE / expect_nonempty FILE
#   expect_eq ACTUAL EXPECTED WHAT
#   expect_py WHAT PYEXPR [FILE] a Python expression over the JSON in FILE
#                                (default ./out), bound to `j`, is true
#   expect_true WHAT CMD...      CMD exits 0 (its output is discarded)
# Helpers:
#   niche ARGS...                "$NICHE" ARGS...
#   run_niche ARGS...            niche with stdout -> ./out, stderr -> ./err;
#                                returns its status (no assertion)
#   jget PYEXPR [FILE]           print a Python expression over JSON in FILE
#                                (strings bare, the rest as JSON; a unique
#                                "(jget failed ...)" line when it cannot)
#   $PYTHON                      the python3 interpreter, resolved
#   db_digest DB                 sha256 of `sqlite3 DB .dump`
#   db_count DB SQL              the single value a query returns
#   skip_all WHY                 skip the whole script (exit 77)
#   known_bug WHAT CMD...        a reported bug: noted, not counted (below)

set -u

: "${NICHE:?NICHE must name the niche binary}"
: "${NICHE_SRC:?NICHE_SRC must name the source root}"
: "${NICHE_TEST_TMP:?NICHE_TEST_TMP must name a scratch directory}"

case $NICHE in /*) ;; *) NICHE=$PWD/$NICHE ;; esac
case $NICHE_SRC in /*) ;; *) NICHE_SRC=$PWD/$NICHE_SRC ;; esac
case $NICHE_TEST_TMP in /*) ;; *) NICHE_TEST_TMP=$PWD/$NICHE_TEST_TMP ;; esac

unset NICHE_DB NICHE_WORKSPACE
export NICHE NICHE_SRC NICHE_TEST_TMP
export LC_ALL=C.UTF-8 TZ=UTC

# Python parses the JSON output. Resolve the interpreter once: version
# managers' shims cost a tenth of a second per call.
PYTHON=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
[ -n "$PYTHON" ] || PYTHON=python3
export PYTHON

TEST_NAME=$(basename "$0" .sh)
TRASH=$NICHE_TEST_TMP/trash.$TEST_NAME
rm -rf "$TRASH"
mkdir -p "$TRASH" || exit 1
cd "$TRASH" || exit 1

test_count=0
test_pass=0
test_fail=0
test_finished=0
test_skipped=0

test_on_exit() {
    status=$?
    if [ "$test_finished" = 0 ] && [ "$test_skipped" = 0 ]; then
        echo "# $TEST_NAME ended before test_done (status $status)" >&2
        echo "$test_pass passed, $((test_fail + 1)) failed"
        exit 1
    fi
}
trap test_on_exit EXIT

niche() {
    "$NICHE" "$@"
}

run_niche() {
    "$NICHE" "$@" >out 2>err
}

test_ok_() {
    test_count=$((test_count + 1))
    test_pass=$((test_pass + 1))
    if [ "${TEST_VERBOSE:-0}" != 0 ]; then
        echo "ok $test_count - $1"
    fi
    return 0
}

# test_fail_ WHAT [DETAIL...]: a failed assertion, with what to show.
test_fail_() {
    test_count=$((test_count + 1))
    test_fail=$((test_fail + 1))
    echo "not ok $test_count - $1"
    shift
    for d in "$@"; do
        printf '#   %s\n' "$d"
    done
    return 1
}

# Show a file's start in a failure report.
test_show_() {
    if [ -s "$1" ]; then
        echo "#   --- $1:"
        head -c 2000 "$1" | sed 's/^/#   | /'
        echo
    else
        echo "#   --- $1: (empty)"
    fi
}

expect_exit() {
    want=$1
    shift
    "$@" >out 2>err
    got=$?
    if [ "$got" = "$want" ]; then
        test_ok_ "exit $want: $*"
    else
        test_fail_ "exit $want: $*" "exit status was $got"
        test_show_ out
        test_show_ err
        return 1
    fi
}

expect_contains() {
    if grep -qF -- "$2" "$1" 2>/dev/null; then
        test_ok_ "$1 contains '$2'"
    else
        test_fail_ "$1 contains '$2'"
        test_show_ "$1"
        return 1
    fi
}

expect_not_contains() {
    if [ -e "$1" ] && ! grep -qF -- "$2" "$1"; then
        test_ok_ "$1 does not contain '$2'"
    else
        test_fail_ "$1 does not contain '$2'"
        test_show_ "$1"
        return 1
    fi
}

expect_match() {
    if grep -qE -- "$2" "$1" 2>/dev/null; then
        test_ok_ "$1 matches /$2/"
    else
        test_fail_ "$1 matches /$2/"
        test_show_ "$1"
        return 1
    fi
}

expect_empty() {
    if [ -e "$1" ] && [ ! -s "$1" ]; then
        test_ok_ "$1 is empty"
    else
        test_fail_ "$1 is empty"
        test_show_ "$1"
        return 1
    fi
}

expect_nonempty() {
    if [ -s "$1" ]; then
        test_ok_ "$1 is not empty"
    else
        test_fail_ "$1 is not empty"
        return 1
    fi
}

expect_eq() {
    if [ "$1" = "$2" ]; then
        test_ok_ "$3"
    else
        test_fail_ "$3" "expected: $2" "actual:   $1"
        return 1
    fi
}

expect_true() {
    what=$1
    shift
    if "$@" >/dev/null 2>&1; then
        test_ok_ "$what"
    else
        test_fail_ "$what" "command failed: $*"
        return 1
    fi
}

# Evaluate PYEXPR with j bound to the parsed JSON of FILE.
test_py_() {
    "$PYTHON" -S -c '
import json, math, sys
expr, path, mode = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    with open(path, encoding="utf-8") as f:
        j = json.load(f)
except Exception as e:
    print("cannot parse %s as JSON: %s" % (path, e), file=sys.stderr)
    sys.exit(3)
try:
    v = eval(expr)
except Exception as e:
    print("%s raised %s: %s" % (expr, type(e).__name__, e), file=sys.stderr)
    sys.exit(4)
if mode == "get":
    print(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
    sys.exit(0)
sys.exit(0 if v else 1)
' "$@"
}

# On failure jget prints a marker unique to the call, so that two failed
# reads never compare equal.
jget() {
    test_py_ "$1" "${2:-out}" get || echo "(jget failed: $1 #$RANDOM$RANDOM)"
}

expect_py() {
    if pyerr=$(test_py_ "$2" "${3:-out}" test 2>&1); then
        test_ok_ "$1"
    else
        test_fail_ "$1" "python: $2 is not true" ${pyerr:+"$pyerr"}
        test_show_ "${3:-out}"
        return 1
    fi
}

db_digest() {
    if [ ! -e "$1" ]; then
        echo "no-database"
        return 0
    fi
    sqlite3 "$1" .dump | sha256sum | cut -d' ' -f1
}

db_count() {
    sqlite3 "$1" "$2"
}

# A digest of every stored result of database $1's latest analysis, without
# run ids and times: two runs that found the same things give the same.
results_digest() {
    local cols
    cols=$(sqlite3 "$1" "SELECT group_concat(name) FROM pragma_table_info('account_metric')
                         WHERE name <> 'run_id'")
    sqlite3 "$1" "
      SELECT $cols FROM account_metric ORDER BY account_id;
      SELECT * FROM account_niche ORDER BY 1, 2;
      SELECT * FROM account_brand ORDER BY 1, 2;
      SELECT * FROM account_tag ORDER BY 1, 2;
      SELECT * FROM post_sponsorship ORDER BY 1;
      SELECT * FROM follower_class ORDER BY 1;
      SELECT account_id, sample_size, hex(hll), hex(minhash) FROM audience ORDER BY 1;
      SELECT account_id, kind, from_ms, to_ms, delta, relative, score
        FROM account_anomaly ORDER BY 1, 2, 3;" | sha256sum | cut -d' ' -f1
}

# results_digest of a copy of database $1 (fresh.db) analysed from scratch:
# no post facts, hashtags or sketches kept from earlier runs.
fresh_results_digest() {
    cp "$1" fresh.db
    sqlite3 fresh.db "UPDATE post_facts SET data = NULL;
                      DELETE FROM account_tag; DELETE FROM audience"
    niche --db fresh.db analyze --quiet >/dev/null 2>&1
    results_digest fresh.db
}

skip_all() {
    echo "# skipped: $*"
    test_skipped=1
    exit 77
}

# The last line a script prints is "N passed, M failed".
test_done() {
    test_finished=1
    if [ "$test_fail" != 0 ]; then
        echo "# scratch directory kept: $TRASH"
        echo "$test_pass passed, $test_fail failed"
        exit 1
    fi
    if [ "$test_count" = 0 ]; then
        echo "# no assertions ran"
        echo "0 passed, 1 failed"
        exit 1
    fi
    [ "$test_known" = 0 ] || echo "# $test_known known bugs noted (not counted)"
    echo "$test_pass passed, $test_fail failed"
    cd "$NICHE_TEST_TMP" && rm -rf "$TRASH"
    exit 0
}

# known_bug WHAT CMD...: behaviour that is wrong today and reported. CMD
# states the right behaviour; while it fails, the script notes the bug and
# carries on (git's test_expect_failure); once it passes the note says so,
# and the check should become a real assertion.
test_known=0
known_bug() {
    what=$1
    shift
    if "$@" >/dev/null 2>&1; then
        echo "# known bug now FIXED (make it an assertion): $what"
    else
        test_known=$((test_known + 1))
        echo "# known bug, still present: $what"
    fi
}
