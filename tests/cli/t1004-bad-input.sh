#!/bin/bash
# t1004-bad-input: every way an input file can be wrong. Each one exits 1
# with FILE:LINE[:COLUMN] on stderr and leaves the database exactly as it
# was; --skip-bad imports the good rows and reports each bad one.
. "$NICHE_SRC/tests/cli/lib.sh"

expect_exit 0 niche init
cat >seed.csv <<'EOF'
platform,handle,name,followers
instagram,seed_one,Seed,100
EOF
expect_exit 0 niche import accounts seed.csv
base=$(db_digest niche.db)
expect_true "the digest of a database is a sha256" test ${#base} = 64

# bad POSITION MESSAGE ARGS...: `niche ARGS...` fails with exit 1, stderr
# "niche: POSITION MESSAGE...", nothing on stdout, the database unchanged.
bad() {
    pos=$1 msg=$2
    shift 2
    expect_exit 1 niche "$@"
    expect_contains err "niche: $pos $msg"
    expect_empty out
    expect_eq "$(db_digest niche.db)" "$base" "database unchanged after: niche $*"
}

# ---- cell values ---------------------------------------------------------

printf 'platform,handle,followers\ninstagram,good,1\ninstagram,a,12x\n' >number.csv
bad number.csv:3:13: "followers '12x' is not a number" import accounts number.csv

printf 'platform,handle,followers\ninstagram,a,1.5\n' >fraction.csv
bad fraction.csv:2:13: "followers '1.5' is not a whole number" import accounts fraction.csv

printf 'platform,handle,followers\ninstagram,a,-5\n' >negative.csv
bad negative.csv:2:13: "followers '-5' is negative" import accounts negative.csv

printf 'platform,handle,followers\ninstagram,a,2%%\n' >percent.csv
bad percent.csv:2:13: "followers '2%' is a percentage, not a count" import accounts percent.csv

printf 'platform,handle,followers\ninstagram,a,"1,23"\n' >commas.csv
bad commas.csv:2:13: "followers '1,23' is not a number" import accounts commas.csv

printf 'platform,handle,verified\ninstagram,a,maybe\n' >flag.csv
bad flag.csv:2:13: "verified 'maybe' is not true or false" import accounts flag.csv

printf 'platform,handle,post_id,posted_at\ninstagram,a,p1,2024-02-30\n' >date.csv
bad date.csv:2:16: "posted_at '2024-02-30' is not a date" import posts date.csv

printf 'platform,handle,post_id,posted_at\ninstagram,a,p1,yesterday\n' >date2.csv
bad date2.csv:2:16: "posted_at 'yesterday' is not a date" import posts date2.csv

printf 'platform,handle,post_id,type\ninstagram,a,p1,tweet\n' >type.csv
bad type.csv:2:16: "type 'tweet' is not a post type" import posts type.csv

printf 'handle,platform,followers\na,instagram,1\nb,myspace,2\n' >platform.csv
bad platform.csv:3:3: "platform 'myspace' is not a platform" import accounts platform.csv

printf 'platform,handle,followers\ninstagram,,5\n' >nohandle.csv
bad nohandle.csv:2: "handle is empty" import accounts nohandle.csv

printf 'platform,handle,date,followers\ninstagram,a,,5\n' >nodate.csv
bad nodate.csv:2: "date is empty" import snapshots nodate.csv

printf 'handle,followers\na,5\n' >noplatformcol.csv
expect_exit 0 niche --db other.db import accounts noplatformcol.csv --platform x
printf 'platform,handle,followers\n,a,5\n' >noplatform.csv
bad noplatform.csv:2: "platform is empty (fill it in or give --platform)" import accounts noplatform.csv

# Multi-byte text before the bad cell: columns count bytes.
printf 'platform,handle,name,followers\ninstagram,a,\303\251\360\237\230\200,12x\n' >bytes.csv
bad bytes.csv:2:20: "followers '12x' is not a number" import accounts bytes.csv

# A quoted cell spanning lines moves the line numbers of what follows.
printf 'platform,handle,bio,followers\ninstagram,a,"one\ntwo\nthree",1\ninstagram,b,x,oops\n' >span.csv
bad span.csv:5:15: "followers 'oops' is not a number" import accounts span.csv
printf 'platform,handle,bio,followers\ninstagram,a,"one\ntwo",\n"x\ny"\n' >span2.csv
bad span2.csv:4:1: "platform 'x" import accounts span2.csv

# ---- CSV syntax ----------------------------------------------------------

printf 'platform,handle,name\ninstagram,a,ok\ninstagram,b,"never closed\ninstagram,c,x\n' >unterminated.csv
bad unterminated.csv:3:13: "quoted field is not closed before the end of input" import accounts unterminated.csv

printf 'platform,handle,name\ninstagram,a,"quoted"junk\n' >afterquote.csv
bad afterquote.csv:2:21: "unexpected text after a closing quote" import accounts afterquote.csv

printf 'platform,handle,name\r\ninstagram,a,ok\r\ninstagram,b,caf\351\r\n' >latin1.csv
bad latin1.csv:3:13: "name 'caf" import accounts latin1.csv
expect_contains err 'is not valid UTF-8'

printf 'platform,handle,f\351\n' >latin1hdr.csv
bad latin1hdr.csv:1:17: "header is not valid UTF-8" import accounts latin1hdr.csv

: >empty.csv
bad empty.csv:1: "file is empty: expected a header row" import accounts empty.csv
printf '\357\273\277' >bomonly.csv
bad bomonly.csv:1: "file is empty" import accounts bomonly.csv

# ---- JSON Lines syntax ---------------------------------------------------

printf '{"platform":"x","handle":"a"}\n{"platform":"x","handle": bad}\n' >invalid.jsonl
expect_exit 1 niche import accounts invalid.jsonl
expect_contains err 'niche: invalid.jsonl:2:'
expect_contains err 'invalid JSON'
expect_eq "$(db_digest niche.db)" "$base" "database unchanged after invalid JSON"
# The column of invalid JSON is jansson's byte `position`: a byte column,
# like CSV's, but it points at the end of the offending token rather than
# its start. 'bad' spans bytes 27 to 29 of line 2 (2:29 today); any
# column within the token is accepted.
expect_match err "^niche: invalid\.jsonl:2:(27|28|29): invalid JSON"

printf '{"platform":"x","handle":"a"}\n\n[1,2]\n' >array.jsonl
bad array.jsonl:3:1: "expected a JSON object" import accounts array.jsonl
printf '"just a string"\n' >string.jsonl
bad string.jsonl:1:15: "invalid JSON: '[' or '{' expected" import accounts string.jsonl

printf '{"platform":"x","handle":"a","name":"caf\351"}\n' >latin1.jsonl
expect_exit 1 niche import accounts latin1.jsonl
expect_contains err 'niche: latin1.jsonl:1:'
expect_contains err 'invalid JSON'
expect_eq "$(db_digest niche.db)" "$base" "database unchanged after invalid UTF-8 in JSON"

printf '{"platform":"x","handle":"a","followers":1.5}\n' >jfraction.jsonl
bad jfraction.jsonl:1:30: "followers 1.5 is not a whole number" import accounts jfraction.jsonl
printf '{"platform":"x","handle":"a","followers":true}\n' >jbool.jsonl
bad jbool.jsonl:1:30: "followers (a boolean) is not a number" import accounts jbool.jsonl
printf '{"platform":"x","handle":"a","name":{"first":"A"}}\n' >jobject.jsonl
bad jobject.jsonl:1:30: "name (a list or object) is not text" import accounts jobject.jsonl
printf '  {"platform":"x","handle":"a","followers":"abc"}\n' >jindent.jsonl
bad jindent.jsonl:1:32: "followers 'abc' is not a number" import accounts jindent.jsonl
printf '{"platform":"x","handle":"a","followers":1,"followers":2}\n' >jdup.jsonl
expect_exit 1 niche import accounts jdup.jsonl
expect_contains err 'niche: jdup.jsonl:1:'
expect_contains err 'invalid JSON: duplicate object key'
expect_eq "$(db_digest niche.db)" "$base" "database unchanged after a duplicate key"
printf '{"platform":"x","handle":"followers","followers":"abc"}\n' >jkeyvalue.jsonl
expect_exit 1 niche import accounts jkeyvalue.jsonl
expect_contains err "followers 'abc' is not a number"
# The column points at the key "followers" (byte 38), not at the earlier
# value "followers" (byte 26) that merely equals it.
expect_contains err "niche: jkeyvalue.jsonl:1:38: followers 'abc' is not a number"
expect_empty out

: >empty.jsonl
expect_exit 0 niche --json import accounts empty.jsonl
expect_py "an empty JSONL file imports nothing (it has no header to miss)" 'j["rows"] == 0 and j["imported"] == 0'
expect_eq "$(db_digest niche.db)" "$base" "database unchanged after an empty JSONL file"

# ---- columns and maps ----------------------------------------------------

printf 'platform,name\ninstagram,a\n' >nohandlecol.csv
bad nohandlecol.csv:1: "no column for handle: name one with --map handle=COLUMN" import accounts nohandlecol.csv
printf 'handle,name\na,b\n' >noplatcol.csv
bad noplatcol.csv:1: "no platform column: name one with --map platform=COLUMN or give --platform" import accounts noplatcol.csv
printf 'platform,handle,follower\ninstagram,a,b\n' >nofollowercol.csv
bad nofollowercol.csv:1: "no column for follower_handle" import followers nofollowercol.csv
printf 'platform,handle,followers\ninstagram,a,1\n' >nodatecol.csv
bad nodatecol.csv:1: "no column for date" import snapshots nodatecol.csv
printf 'platform,handle,likes\ninstagram,a,1\n' >nopostid.csv
bad nopostid.csv:1: "no column for post_id" import posts nopostid.csv

printf 'platform,handle,Subs\ninstagram,a,1\n' >map.csv
bad map.csv:1: "--map followers=Subscribers: no such column (columns: 'platform', 'handle', 'Subs')" \
    import accounts map.csv --map followers=Subscribers
bad map.csv:1: "--map followers=Subs#2: no such column" import accounts map.csv --map 'followers=Subs#2'
bad map.csv:1: "--map handle=nope: no such column" import accounts map.csv --map handle=nope
expect_exit 1 niche import accounts map.csv --map followers=Subs --map followers=handle
expect_contains err "niche: --map: field 'followers' takes one column, not several"
expect_eq "$(db_digest niche.db)" "$base" "database unchanged after two maps to a count"

# --map to a field the kind does not have is a usage error.
expect_exit 2 niche import accounts map.csv --map likes=Subs
expect_contains err "--map: accounts have no field 'likes'"
expect_contains err 'usage: niche import'
expect_eq "$(db_digest niche.db)" "$base" "database unchanged after a bad --map field"
expect_exit 2 niche import posts map.csv --map follower_handle=Subs
expect_contains err "posts have no field 'follower_handle'"

# ---- one bad row among 1000 good ones ------------------------------------

awk 'BEGIN {
    print "platform,handle,name,followers"
    for (i = 1; i <= 1000; i++) {
        if (i == 10) { printf "instagram,bulk_%d,\"two\nlines\",%d\n", i, i; continue }
        if (i == 500) { print "instagram,bulk_500,Bad,5OO"; continue }
        printf "instagram,bulk_%d,Name %d,%d.%dK\n", i, i, i % 900, i % 10
    }
}' >bulk.csv
# Header is line 1; row i is line i+1, plus one for the line break in row 10.
bad bulk.csv:502:24: "followers '5OO' is not a number" import accounts bulk.csv
awk 'BEGIN {
    print "platform,handle,followers"
    for (i = 1; i <= 1000; i++) printf "instagram,last_%d,%d\n", i, i
    print "instagram,last_bad,1.0.0"
}' >lastbad.csv
bad lastbad.csv:1002:20: "followers '1.0.0' is not a number" import accounts lastbad.csv
awk 'BEGIN {
    for (i = 1; i <= 1000; i++) printf "{\"platform\":\"x\",\"handle\":\"j%d\",\"followers\":%d}\n", i, i
    print "{\"platform\":\"x\",\"handle\":\"jbad\",\"followers\":\"many\"}"
}' >lastbad.jsonl
bad lastbad.jsonl:1001:33: "followers 'many' is not a number" import accounts lastbad.jsonl

# --skip-bad: the 999 good rows, one report.
expect_exit 0 niche import accounts bulk.csv --skip-bad
expect_contains out 'imported 999 accounts from bulk.csv, skipped 1 bad rows'
expect_contains err "niche: skipped bulk.csv:502:24: followers '5OO' is not a number"
expect_eq "$(wc -l <err)" 1 "one line on stderr per skipped row"
expect_exit 0 niche --json accounts show instagram:bulk_10
expect_py "the row after a multi-line cell" 'j["name"] == "two\nlines" and j["followers"] == 10'
expect_exit 0 niche --json accounts show instagram:bulk_999
expect_py "999 -> 99.9K" 'j["followers"] == 99900'
expect_exit 1 niche accounts show instagram:bulk_500
expect_eq "$(sqlite3 niche.db "select count(*) from account where handle like 'bulk_%'")" 999 "999 bulk accounts"
base=$(db_digest niche.db)

# ---- --skip-bad: every bad row reported with its position ----------------

cat >mixed.csv <<'EOF'
platform,handle,followers,name
instagram,mix_a,1,A
,,,
instagram,mix_b,zz,B
myspace,mix_c,1,C
instagram,,5,
instagram,mix_d,"1,5",D
instagram,mix_e,2,"multi
line"
instagram,mix_f,-3,F

instagram,mix_g,7
EOF
expect_exit 0 niche import accounts mixed.csv --skip-bad
expect_contains out 'imported 3 accounts from mixed.csv, skipped 5 bad rows, 1 blank rows ignored'
expect_contains err "niche: skipped mixed.csv:4:17: followers 'zz' is not a number"
expect_contains err "niche: skipped mixed.csv:5:1: platform 'myspace' is not a platform"
expect_contains err 'niche: skipped mixed.csv:6: handle is empty'
expect_contains err "niche: skipped mixed.csv:7:17: followers '1,5' is not a number"
expect_contains err "niche: skipped mixed.csv:10:17: followers '-3' is negative"
expect_eq "$(wc -l <err)" 5 "five skipped rows, five lines"
expect_exit 0 niche --json accounts list --sort handle --limit 0
expect_py "the good rows mix_a, mix_e, mix_g (a short row) were imported" \
    '[a["handle"] for a in j if a["handle"].startswith("mix_")] == ["mix_a", "mix_e", "mix_g"]'

expect_exit 0 niche --json import accounts mixed.csv --skip-bad
expect_empty err
expect_py "import --json: counts" \
    'j["kind"] == "accounts" and j["file"] == "mixed.csv" and j["workspace"] == "default" and j["rows"] == 8 and j["imported"] == 3 and j["skipped"] == 5 and j["blank"] == 1 and j["accounts_created"] == 0'
expect_py "import --json: every skipped row with file, line, column, error" \
    '[(r["file"], r["line"], r["column"]) for r in j["skipped_rows"]] == [("mixed.csv", 4, 17), ("mixed.csv", 5, 1), ("mixed.csv", 6, 0), ("mixed.csv", 7, 17), ("mixed.csv", 10, 17)]'
expect_py "import --json: the error text carries the position" \
    'all(r["error"].startswith("mixed.csv:%d:" % r["line"]) for r in j["skipped_rows"]) and "negative" in j["skipped_rows"][4]["error"]'
expect_py "import --json: ignored columns" 'j["ignored_columns"] is None'

printf 'platform,handle,followers,Rank,Rank\ninstagram,ign,1,2,3\n' >ignored.csv
expect_exit 0 niche --json import accounts ignored.csv
expect_py "ignored_columns names repeats as --map would" 'j["ignored_columns"] == "Rank, Rank#2" and j["skipped_rows"] == []'

# JSONL rows with bad values are skipped too.
cat >mixed.jsonl <<'EOF'
{"platform":"x","handle":"jm_a","followers":"1K"}
{"platform":"x","handle":"jm_b","followers":"lots"}
{"platform":"x","followers":3}
{"platform":"x","handle":"jm_c","verified":"perhaps"}
{"platform":"x","handle":"jm_d","followers":4}
EOF
expect_exit 0 niche --json import accounts mixed.jsonl --skip-bad
expect_py "JSONL --skip-bad: two imported, three reported" \
    'j["imported"] == 2 and [(r["line"], r["column"]) for r in j["skipped_rows"]] == [(2, 33), (3, 0), (4, 33)]'

# Syntax errors are not row errors in CSV: after one the reader cannot
# tell where the next record starts (a stray quote may swallow lines), so
# even with --skip-bad a CSV syntax error ends the import, and nothing is
# written.
base=$(db_digest niche.db)
printf 'platform,handle,name\ninstagram,sx_a,ok\ninstagram,sx_b,"q"junk\ninstagram,sx_c,x\n' >syntax.csv
bad syntax.csv:3:19: "unexpected text after a closing quote" import accounts syntax.csv --skip-bad
# In JSONL each line stands alone; with --skip-bad an invalid JSON line
# and a line that is not an object are skipped and reported with their
# position like any bad row.
printf '{"platform":"x","handle":"sj_a"}\n{"platform":"x", bad}\n[1]\n{"platform":"x","handle":"sj_b"}\n' >syntax.jsonl
expect_exit 1 niche --db skip.db import accounts syntax.jsonl
expect_contains err 'niche: syntax.jsonl:2:'
expect_true "without --skip-bad nothing is written" \
    sh -c 'test ! -e skip.db || test "$(sqlite3 skip.db "select count(*) from account")" = 0'
expect_exit 0 niche --db skip.db import accounts syntax.jsonl --skip-bad
expect_contains out 'imported 2 accounts from syntax.jsonl, skipped 2 bad rows'
expect_match err "^niche: skipped syntax\.jsonl:2:(18|19|20): invalid JSON"
expect_contains err 'niche: skipped syntax.jsonl:3:1: expected a JSON object'
expect_eq "$(wc -l <err)" 2 "two skipped JSONL lines, two lines"
expect_eq "$(sqlite3 skip.db "select group_concat(handle, ',') from (select handle from account order by handle)")" \
    "sj_a,sj_b" "the readable lines around the bad ones were imported"
expect_exit 0 niche --db skip2.db --json import accounts syntax.jsonl --skip-bad
# 'bad' spans bytes 18 to 20 of line 2; the column is jansson's byte
# position at the token's end (see invalid.jsonl above).
expect_py "JSONL --skip-bad --json: the unreadable lines reported with their positions" \
    'j["rows"] == 4 and j["imported"] == 2 and j["skipped"] == 2 and [(r["line"], r["column"]) for r in j["skipped_rows"]][1] == (3, 1) and j["skipped_rows"][0]["line"] == 2 and 18 <= j["skipped_rows"][0]["column"] <= 20 and "invalid JSON" in j["skipped_rows"][0]["error"] and "expected a JSON object" in j["skipped_rows"][1]["error"]'

# An error on the command line wins over --json: text on stderr, nothing
# on stdout.
bad number.csv:3:13: "followers '12x' is not a number" --json import accounts number.csv

test_done
