#!/bin/bash
# t1005-kill: an import killed with SIGKILL in the middle leaves the
# database intact and without any row of that import (one transaction in
# WAL mode).
. "$NICHE_SRC/tests/cli/lib.sh"

ROWS=${NICHE_KILL_ROWS:-2000000}

expect_exit 0 niche init
cat >seed.csv <<'EOF'
platform,handle,name,followers
instagram,kill_1,Already here,5
instagram,survivor,Survivor,6
tiktok,survivor,Survivor on TikTok,7
EOF
expect_exit 0 niche import accounts seed.csv
before_count=$(db_count niche.db 'select count(*) from account')
before=$(db_digest niche.db)
expect_eq "$before_count" 3 "three accounts before the import"

# About 100 MB: tens of seconds of import even on a fast machine, while the
# page cache (64 MiB) spills into the WAL within the first seconds. kill_1
# exists already, so the import updates as well as inserts.
awk -v n="$ROWS" 'BEGIN {
    print "platform,handle,name,followers,following,posts"
    for (i = 1; i <= n; i++)
        printf "instagram,kill_%d,Name %d,%d.%dK,%d,%d\n", i, i, i % 999, i % 10, i % 5000, i % 300
}' >big.csv
expect_eq "$(wc -l <big.csv)" "$((ROWS + 1))" "the generated file has $ROWS rows"

"$NICHE" import accounts big.csv >import.out 2>import.err &
pid=$!

# Wait until the import is writing: the WAL exists and grew between two
# looks. Poll, never sleep blindly; give up after 120 s.
wal_size() {
    stat -c %s niche.db-wal 2>/dev/null || echo 0
}
last=$(wal_size)
grew=0
deadline=$((SECONDS + 120))
while [ $SECONDS -lt $deadline ]; do
    if ! kill -0 $pid 2>/dev/null; then
        break
    fi
    sleep 0.05
    now=$(wal_size)
    if [ "$now" -gt "$last" ] && [ "$now" -gt 1048576 ]; then
        grew=1
        break
    fi
    last=$now
done

if [ $grew = 0 ]; then
    if kill -0 $pid 2>/dev/null; then
        kill -9 $pid
        { wait $pid; } 2>/dev/null
        expect_eq "no WAL growth" "WAL growth" "the WAL grew within 120 s of starting the import"
        test_done
    fi
    wait $pid
    status=$?
    if [ $status = 0 ]; then
        skip_all "the import of $ROWS rows finished before it could be killed"
    fi
    expect_eq "$status" 0 "the import ran until it could be killed (stderr: $(head -c 300 import.err))"
    test_done
fi

kill -9 $pid
{ wait $pid; } 2>/dev/null
status=$?
expect_eq "$status" 137 "the import died of SIGKILL (128 + 9)"
expect_true "the WAL holds the unfinished import ($(wal_size) bytes)" test "$(wal_size)" -gt 1048576
expect_empty import.out

# What a later reader sees: a sound database without the killed import.
expect_eq "$(sqlite3 niche.db 'PRAGMA integrity_check')" "ok" "integrity_check is ok"
expect_eq "$(sqlite3 niche.db 'PRAGMA foreign_key_check' | wc -l)" 0 "no dangling foreign keys"
expect_eq "$(db_count niche.db 'select count(*) from account')" "$before_count" \
    "the account count is what it was before the import"
expect_eq "$(db_count niche.db "select name || '|' || followers from account where handle = 'kill_1'")" \
    "Already here|5" "the existing account kept its values"
expect_eq "$(db_digest niche.db)" "$before" "the whole database is as it was before"

# niche itself opens it, reads it and writes to it again.
expect_exit 0 niche --json stats
expect_py "stats after the kill" 'j["platforms"]["all"]["accounts"] == 3'
expect_exit 0 niche --json accounts show instagram:survivor
expect_py "an account from before the kill" 'j["followers"] == 6'
head -n 1001 big.csv >small.csv
expect_exit 0 niche import accounts small.csv
expect_contains out 'imported 1000 accounts'
expect_eq "$(db_count niche.db 'select count(*) from account')" 1002 \
    "a later import works (1000 rows, one of them an update)"
expect_eq "$(sqlite3 niche.db 'PRAGMA integrity_check')" "ok" "integrity_check is still ok"

test_done
