#!/bin/bash
# t5004-list: shortlists (`niche list`) on a small generated world: every
# subcommand in text and JSON, the atomicity of add and remove, the CSV
# export parsed back and checked against the store, memberships following
# their account and list, and errors with their exit status.
. "$NICHE_SRC/tests/cli/lib.sh"

# ---- without a database: help works, the rest says so -------------------------

expect_exit 0 niche list --help
expect_contains out "list add|remove NAME PLATFORM:HANDLE..."
expect_exit 0 niche list add --help
expect_contains out "--note TEXT"
expect_exit 0 niche help list
expect_exit 0 niche --help
expect_match out '^  list +shortlists' 
expect_exit 1 niche list
expect_contains err "niche init"
expect_true "help and errors created no database" test ! -e niche.db

# ---- a small audited world ------------------------------------------------------

expect_exit 0 niche synth --accounts 200 --seed 7 --quiet
expect_exit 0 niche analyze --quiet
# q SQL [OPTIONS]: what sqlite3 prints for SQL (one value, or -json rows).
q() {
    sqlite3 "${@:2}" niche.db "$1"
}
# Analysed creator accounts, most followers first, and one audience account
# with no results (its ER, AQS and price are unknown).
mapfile -t creators < <(q "SELECT a.platform || ':' || a.handle FROM account a
    JOIN account_metric m ON m.account_id = a.id WHERE m.er_f_mean IS NOT NULL
    AND m.aqs IS NOT NULL AND m.est_price IS NOT NULL ORDER BY a.followers DESC LIMIT 6")
plain=$(q "SELECT a.platform || ':' || a.handle FROM account a WHERE NOT EXISTS
    (SELECT 1 FROM account_metric m WHERE m.account_id = a.id) ORDER BY a.id LIMIT 1")
expect_eq "${#creators[@]}" 6 "six analysed creator accounts to pick from"
expect_true "an account without results to pick" test -n "$plain"

# ---- ls and create -------------------------------------------------------------

expect_exit 0 niche list
expect_empty out
expect_contains err "no lists yet"
expect_exit 0 niche --json list ls
expect_py "no lists: an empty array" 'j == []'
expect_exit 0 niche list create summer
expect_contains out "created list 'summer'"
expect_exit 0 niche list create "été ✨ 2026" --json
expect_py "create --json: the name, no members, a created time" \
    'j["name"] == "été ✨ 2026" and j["members"] == 0 and j["created"].endswith("Z")'
expect_exit 1 niche list create summer
expect_contains err "list 'summer' already exists"
expect_exit 2 niche list create ""
expect_contains err "list name is empty"
expect_exit 2 niche list create "$(printf 'tab\there')"
expect_contains err "control character"
expect_exit 2 niche list create " summer"
expect_contains err "starts or ends with a space"
expect_exit 2 niche list create "$(printf 'x%.0s' $(seq 65))"
expect_contains err "65 bytes long (at most 64)"
expect_exit 2 niche list create
expect_exit 2 niche list create a b
expect_exit 2 niche list frobnicate
expect_contains err "'frobnicate' is not a subcommand"
expect_exit 0 niche --json list
expect_py "ls --json: both lists by name, empty" \
    '[l["name"] for l in j] == ["summer", "été ✨ 2026"] and all(l["members"] == 0 for l in j)'

# ---- add: all or nothing ---------------------------------------------------------

note='rate "tbd", call back
after the 5th'
expect_exit 0 niche list add summer "${creators[0]}" "${creators[1]}" --note "$note"
expect_contains out "added 2 accounts to list 'summer' (now 2)"
before=$(db_digest niche.db)
expect_exit 1 niche list add summer "${creators[2]}" instagram:no.such.creator tiktok:ghost
expect_contains err "no account instagram:no.such.creator"
expect_contains err "no account tiktok:ghost"
expect_contains err "list 'summer' unchanged: 2 malformed or unknown accounts"
expect_eq "$(db_digest niche.db)" "$before" "an unknown handle adds nothing, not even the good ones"
expect_exit 2 niche list add summer "${creators[2]}" nocolon
expect_contains err "'nocolon' is not PLATFORM:HANDLE"
expect_exit 2 niche list add summer "${creators[2]}" myspace:tom
expect_contains err "'myspace' is not a platform"
expect_exit 2 niche list add summer
expect_contains err "no accounts given"
expect_exit 1 niche list add nosuch "${creators[2]}"
expect_contains err "no list 'nosuch' in workspace 'default'"
# A file: comments, blank lines, CRLF, blanks around, '@' and capitals.
{
    printf '# the autumn picks\n\n'
    printf '  %s  \r\n' "${creators[2]}"
    printf '%s\n' "${creators[3]}" | sed 's/:/:@/' | tr 'a-z' 'A-Z'
    printf 'not a handle\n'
    printf 'instagram:missing.one\n'
} >picks.txt
expect_exit 1 niche list add summer --file picks.txt
expect_contains err "picks.txt:5: 'not a handle' is not PLATFORM:HANDLE"
expect_contains err "picks.txt:6: no account instagram:missing.one"
expect_eq "$(db_digest niche.db)" "$before" "a bad line in the file adds nothing"
expect_exit 1 niche list add summer --file nosuch.txt
expect_contains err "cannot read 'nosuch.txt'"
head -n 4 picks.txt >good.txt
expect_exit 0 niche --json list add summer "${creators[0]}" "$plain" "$plain" --file good.txt
expect_py "add --json: new ones in order (arguments, then the file), the one already on it, the total" \
    "j['added'] == ['$plain', '${creators[2]}', '${creators[3]}'] and j['already'] == ['${creators[0]}'] and j['members'] == 5"
expect_eq "$(q "SELECT note FROM shortlist_member m JOIN account a ON a.id = m.account_id
    WHERE a.platform || ':' || a.handle = '${creators[0]}'")" "$note" "re-adding without --note keeps the note"
expect_exit 0 niche list add summer "${creators[1]}"
expect_contains out "added 0 accounts"
expect_contains out "already on it (left as it was): ${creators[1]}"
before=$(db_digest niche.db)
expect_exit 1 niche list add summer "${creators[4]}" --note "$(printf 'n%.0s' $(seq 1001))"
expect_contains err "note is 1001 bytes long (at most 1000)"
expect_eq "$(db_digest niche.db)" "$before" "a refused note adds nothing"
printf '%s\n' "${creators[4]}" >one.txt
expect_exit 0 niche list add summer --file - <one.txt
expect_contains out "added 1 account to list 'summer' (now 6)"

# ---- show -------------------------------------------------------------------------

expect_exit 0 niche list show summer
expect_contains out "list 'summer': 6 accounts"
expect_match out '^ACCOUNT +NAME +FOLLOWERS +TIER +ER +AQS +EST\. PRICE +ADDED +NOTE'
expect_match out "^$plain .* unknown +unknown +unknown "
expect_contains out "ER is ER_F_MEAN"
expect_exit 0 niche list show summer --json
cp out show.json
expect_py "show --json: members in the order added" \
    "[a['platform'] + ':' + a['handle'] for a in j['accounts']] == ['${creators[0]}', '${creators[1]}', '$plain', '${creators[2]}', '${creators[3]}', '${creators[4]}']"
expect_py "show --json: no results is null, never 0" \
    'j["accounts"][2]["er"] is None and j["accounts"][2]["aqs"] is None and j["accounts"][2]["est_price"] is None and j["accounts"][2]["currency"] is None'
expect_py "show --json: analysed members have ER, AQS and a price in a currency" \
    'all(a["er"] is not None and a["aqs"] is not None and a["est_price"] > 0 and a["currency"] == "USD" for i, a in enumerate(j["accounts"]) if i != 2)'
expect_py "show --json: the analysis it rests on" 'j["analysis"]["tier_scheme"] == "later-fohr" and j["members"] == 6'
expect_exit 0 niche --json audit "${creators[2]}"
er=$(jget 'j["engagement"]["ER_F_MEAN"]["value"]')
aqs=$(jget 'j["audience_quality"]["score"]')
expect_py "show agrees with the audit of the same account" \
    "abs(j['accounts'][3]['er'] - $er) < 1e-12 and abs(j['accounts'][3]['aqs'] - $aqs) < 1e-9" show.json
expect_exit 1 niche list show nosuch
expect_contains err "no list 'nosuch'"
expect_exit 0 niche list show "été ✨ 2026"
expect_contains out "0 accounts"

# ---- export: CSV checked against the store ---------------------------------------

expect_exit 0 niche list export summer
cp out summer.csv
q "SELECT a.platform, a.handle, coalesce(a.name, ''), coalesce(a.followers, ''),
       coalesce(m.tier, ''), coalesce(m.er_f_mean, ''), coalesce(m.aqs, ''),
       coalesce(m.est_price, ''), coalesce(m.currency, ''), coalesce(s.note, ''), s.added_ms
   FROM shortlist_member s JOIN shortlist l ON l.id = s.shortlist_id
   JOIN account a ON a.id = s.account_id LEFT JOIN account_metric m ON m.account_id = a.id
   WHERE l.name = 'summer' ORDER BY s.seq" -json >store.json
cat >check_csv.py <<'EOF'
import csv, datetime, json, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
store = json.load(open(sys.argv[2]))
head = "platform,handle,name,followers,tier,er,aqs,est_price,currency,note,added".split(",")
assert rows[0] == head, rows[0]
rows = rows[1:]
assert len(rows) == len(store) == 6, (len(rows), len(store))
def close(cell, want, tol):
    if want == "":
        return cell == ""          # unknown: an empty cell, never 0
    return cell != "" and abs(float(cell) - float(want)) <= tol
for r, s in zip(rows, store):
    v = list(s.values())
    assert r[:3] == [str(x) for x in v[:3]], (r, v)
    assert r[3] == str(v[3]), (r, v)
    if v[4]:
        assert r[4] == v[4], (r, v)
    assert close(r[5], v[5], 5e-7) and close(r[6], v[6], 0.05) and close(r[7], v[7], 0.005), (r, v)
    assert r[8] == v[8] and r[9] == v[9], (r, v)
    added = datetime.datetime.strptime(r[10], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    assert int(added.timestamp()) == v[10] // 1000, (r[10], v[10])
print("ok")
EOF
expect_true "the CSV parses back to what the store holds" "$PYTHON" check_csv.py summer.csv store.json
expect_eq "$(sed -n 2p summer.csv | grep -c '"rate ""tbd"", call back')" 1 \
    "a note with a comma, quotes and a line break is quoted (RFC 4180)"
expect_exit 0 niche list export summer --out exported.csv
expect_contains out "exported 6 accounts of list 'summer' to exported.csv"
expect_true "--out writes what stdout gets" cmp exported.csv summer.csv
expect_eq "$(ls | grep -c '\.tmp$')" 0 "no temporary file left behind"
expect_exit 0 niche list export summer --out exported.csv --json
expect_py "export --json: where and how many" 'j == {"list": "summer", "file": "exported.csv", "rows": 6}'
expect_exit 2 niche list export summer --json
expect_contains err "--json needs --out FILE"
expect_exit 1 niche list export summer --out no/such/dir/x.csv
expect_contains err "cannot write"
expect_true "a failed export leaves no file" test ! -e no/such/dir/x.csv
expect_exit 1 niche list export nosuch --out never.csv
expect_true "an unknown list writes no file" test ! -e never.csv

# ---- remove: all or nothing ------------------------------------------------------

before=$(db_digest niche.db)
expect_exit 1 niche list remove summer "${creators[0]}" youtube:never.was
expect_contains err "no account youtube:never.was"
expect_eq "$(db_digest niche.db)" "$before" "an unknown handle removes nothing"
expect_exit 0 niche --json list remove summer "${creators[0]}" "${creators[5]}"
expect_py "remove --json: removed and not on the list" \
    "j['removed'] == ['${creators[0]}'] and j['not_on_list'] == ['${creators[5]}'] and j['members'] == 5"
expect_exit 0 niche list remove summer "${creators[5]}"
expect_contains out "not on it: ${creators[5]}"
expect_exit 0 niche list add summer "${creators[0]}"
expect_exit 0 niche --json list show summer
expect_py "added back, it goes to the end" "j['accounts'][-1]['handle'] == '${creators[0]#*:}' and j['accounts'][-1]['note'] is None"

# ---- memberships follow their account and their list ----------------------------

victim=$(q "SELECT a.id FROM account a WHERE a.platform || ':' || a.handle = '$plain'")
q "PRAGMA foreign_keys = ON; DELETE FROM account WHERE id = $victim"
expect_exit 0 niche --json list
expect_py "deleting an account takes it off its lists" \
    '[l["members"] for l in j if l["name"] == "summer"] == [5]'

# ---- rename and delete -----------------------------------------------------------

expect_exit 1 niche list rename summer "été ✨ 2026"
expect_contains err "list 'été ✨ 2026' already exists"
expect_exit 2 niche list rename summer ""
expect_exit 1 niche list rename nosuch other
expect_exit 0 niche list rename summer autumn
expect_contains out "renamed list 'summer' to 'autumn'"
expect_exit 0 niche list rename autumn fall --json
expect_py "rename --json" 'j["name"] == "fall" and j["renamed_from"] == "autumn" and j["members"] == 5'
expect_exit 1 niche list show summer
accounts=$(q "SELECT count(*) FROM account")
expect_exit 0 niche list delete fall --json
expect_py "delete --json" 'j == {"deleted": "fall", "members": 5}'
expect_eq "$(q "SELECT count(*) FROM shortlist_member")" 0 "the list's memberships are gone"
expect_eq "$(q "SELECT count(*) FROM account")" "$accounts" "its accounts stay"
expect_exit 1 niche list delete fall
expect_contains err "no list 'fall'"

# ---- workspaces keep their own lists ---------------------------------------------

printf 'platform,handle,followers\ninstagram,elsewhere,1200\n' >other.csv
expect_exit 0 niche --workspace other import accounts other.csv
expect_exit 0 niche --workspace other list create "été ✨ 2026"
expect_exit 1 niche --workspace other list add "été ✨ 2026" "${creators[0]}"
expect_contains err "no account ${creators[0]}"
expect_exit 0 niche --workspace other list add "été ✨ 2026" instagram:elsewhere
expect_exit 0 niche --json list
expect_py "the default workspace's list is still empty" 'j == [{"name": "été ✨ 2026", "members": 0, "created": j[0]["created"], "created_ms": j[0]["created_ms"]}]'
expect_exit 1 niche --workspace nowhere list
expect_contains err "workspace 'nowhere' does not exist"

test_done
