# logs.sh: the tests of acsctl verify, replay and show, sourced by run.sh
# (which provides expect, contains, lacks, empty, pass, fail, $ACSCTL, $tmp,
# $CC, $CFLAGS and $STATIC). tests/tool/make_logs.c writes real logs with
# the library; the damaged copies are made here, each with a known fault.

R=216 # ACS_RECORD_ENCODED_SIZE
logs=$tmp/logs
mkdir -p "$logs"

# put_byte FILE OFFSET OCTAL: overwrites one byte of FILE.
put_byte() {
    printf "\\$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2> /dev/null
}

# shellcheck disable=SC2086 # CFLAGS is a list of flags
if ! $CC $CFLAGS -Iinclude tests/tool/make_logs.c "$STATIC" -o "$tmp/make_logs"; then
    fail "tests/tool/make_logs.c does not build"
elif ! "$tmp/make_logs" "$logs"; then
    fail "make_logs could not write the logs"
else
    pass "make_logs wrote the logs"
    head=$(cat "$logs/story.head")
    mixed_head=$(cat "$logs/mixed.head")

    # ---- verify: intact logs

    for form in bin jsonl; do
        expect 0 "verify story.$form" "$ACSCTL" verify "$logs/story.$form"
        contains "$tmp/out" "story.$form: 9 records, chain intact, head $head" \
            "verify story.$form prints the count and the head"
    done
    expect 0 "verify from standard input" sh -c "'$ACSCTL' verify - < '$logs/story.bin'"
    contains "$tmp/out" "standard input: 9 records, chain intact" "standard input is named"
    expect 0 "verify --head with the right head" "$ACSCTL" verify "$logs/story.bin" --head "$head"
    expect 0 "verify --head in capitals" "$ACSCTL" verify "$logs/story.jsonl" \
        --head "$(echo "$head" | tr 'a-f' 'A-F')"
    expect 1 "verify --head with another head" "$ACSCTL" verify "$logs/story.bin" \
        --head "$mixed_head"
    contains "$tmp/out" "(V_HEAD_MISMATCH)" "a wrong head is a V_HEAD_MISMATCH"
    expect 2 "verify --head of bad hex" "$ACSCTL" verify "$logs/story.bin" --head "${head%?}x"
    contains "$tmp/err" "not 64 hex digits" "bad hex is named"
    expect 2 "verify --head of a short head" "$ACSCTL" verify "$logs/story.bin" --head abc

    # Two accounts in one chain: a finding, unless --log says so.
    expect 1 "verify of a mixed log" "$ACSCTL" verify "$logs/mixed.bin"
    contains "$tmp/out" "mixed.bin: record 2: " "the first record of the second account is named"
    contains "$tmp/out" "(V_ACCOUNTS_MIXED)" "mixed accounts are V_ACCOUNTS_MIXED"
    contains "$tmp/out" "--log" "the finding points to --log"
    expect 0 "verify --log of a mixed log" "$ACSCTL" verify --log "$logs/mixed.jsonl" \
        --head "$mixed_head"
    contains "$tmp/out" "13 records, chain intact" "verify --log counts every record"

    expect 1 "verify of records without a chain" "$ACSCTL" verify "$logs/unchained.jsonl"
    contains "$tmp/out" "record 0 (line 1): a record carries no chain hash (V_NOT_CHAINED)" \
        "unchained records are V_NOT_CHAINED"

    # ---- verify: damaged logs

    # A byte of record 3's actor id changed: its hash no longer matches.
    cp "$logs/story.bin" "$tmp/tampered.bin"
    put_byte "$tmp/tampered.bin" $((3 * R + 48)) 001
    expect 1 "verify of a changed byte" "$ACSCTL" verify "$tmp/tampered.bin"
    contains "$tmp/out" "tampered.bin: record 3: a record's hash does not match its contents (V_HASH)" \
        "a changed byte is found at its record"

    # Record 2 dropped: record 3 skips a sequence number.
    { dd if="$logs/story.bin" bs=$R count=2 && dd if="$logs/story.bin" bs=$R skip=3; } \
        > "$tmp/dropped.bin" 2> /dev/null
    expect 1 "verify of a dropped record" "$ACSCTL" verify "$tmp/dropped.bin"
    contains "$tmp/out" "dropped.bin: record 2: " "a dropped record is found where it was"
    contains "$tmp/out" "(V_SEQUENCE_GAP)" "a dropped change is a V_SEQUENCE_GAP"

    # The last record cut off: only the anchored head tells.
    dd if="$logs/story.bin" bs=$R count=8 > "$tmp/short.bin" 2> /dev/null
    expect 0 "verify of a log cut at a record, without --head" "$ACSCTL" verify "$tmp/short.bin"
    expect 1 "verify of a log cut at a record, with --head" "$ACSCTL" verify "$tmp/short.bin" \
        --head "$head"
    contains "$tmp/out" "(V_HEAD_MISMATCH)" "a cut log does not end at the head"

    # Cut inside a record: bad input.
    dd if="$logs/story.bin" bs=100 count=19 > "$tmp/truncated.bin" 2> /dev/null
    expect 2 "verify of a truncated file" "$ACSCTL" verify "$tmp/truncated.bin"
    contains "$tmp/err" "truncated.bin: truncated: record 8 has 172 of 216 bytes" \
        "a truncated file says which record is cut"
    empty "$tmp/out" "a truncated file prints no result"

    cp "$logs/story.bin" "$tmp/magic.bin"
    put_byte "$tmp/magic.bin" $((4 * R)) 130 # 'X'
    expect 2 "verify of a wrong magic" "$ACSCTL" verify "$tmp/magic.bin"
    contains "$tmp/err" "magic.bin: record 4: the bytes do not start with the record magic (E_MAGIC)" \
        "a wrong magic names the record"

    cp "$logs/story.bin" "$tmp/version.bin"
    put_byte "$tmp/version.bin" $((2 * R + 4)) 011
    expect 2 "verify of an unknown format version" "$ACSCTL" verify "$tmp/version.bin"
    contains "$tmp/err" "record 2: " "an unknown version names the record"
    contains "$tmp/err" "(E_VERSION)" "an unknown version is E_VERSION"

    sed '3s/"seq":/"seq";/' "$logs/story.jsonl" > "$tmp/syntax.jsonl"
    expect 2 "verify of a JSON syntax error" "$ACSCTL" verify "$tmp/syntax.jsonl"
    contains "$tmp/err" "syntax.jsonl:3:26: record 2: " "a JSON error names the line and column"
    contains "$tmp/err" "(E_SYNTAX)" "a JSON error is E_SYNTAX"

    sed '4s/"kind":"APPEAL"/"kind":"APPEASE"/' "$logs/story.jsonl" > "$tmp/kind.jsonl"
    expect 2 "verify of an unknown kind in JSON" "$ACSCTL" verify "$tmp/kind.jsonl"
    contains "$tmp/err" "kind.jsonl:4:" "an unknown kind names the line"

    # Blank lines and CR LF line ends are read.
    { echo; sed 's/$/\r/' "$logs/story.jsonl"; echo; echo "  "; } > "$tmp/spaced.jsonl"
    expect 0 "verify of JSON with blank lines and CR LF" "$ACSCTL" verify "$tmp/spaced.jsonl"

    : > "$tmp/empty.bin"
    expect 2 "verify of an empty file" "$ACSCTL" verify "$tmp/empty.bin"
    contains "$tmp/err" "empty.bin: empty" "an empty file is named"
    expect 2 "verify of a missing file" "$ACSCTL" verify "$tmp/no-such.log"
    contains "$tmp/err" "no-such.log" "a missing file is named"
    expect 2 "verify of a policy file" "$ACSCTL" verify docs/policies/default.policy
    expect 2 "verify without a LOG" "$ACSCTL" verify
    expect 2 "verify with two logs" "$ACSCTL" verify "$logs/story.bin" "$logs/story.jsonl"

    # ---- replay

    expect 0 "replay under the right policy" "$ACSCTL" replay "$logs/story.bin" --policy default
    contains "$tmp/out" "9 records of account 42 replayed under policy \"default\"" \
        "replay counts the records"
    contains "$tmp/out" "account 42 ends CLOSED (lifecycle CLOSED), 0 holds, sequence 8" \
        "replay prints the account as it ends"
    expect 0 "replay of JSON" "$ACSCTL" replay "$logs/story.jsonl" --policy=default
    expect 1 "replay under another policy" "$ACSCTL" replay "$logs/story.bin" --policy consumer
    contains "$tmp/out" "story.bin: record 0: the record was made under another policy (V_POLICY)" \
        "another policy is V_POLICY at the first record"
    contains "$tmp/out" "made under policy \"default\" (a preset)" "the records' policy is named"

    # A record that claims support froze the account: support may not.
    sed '3s/"actor_role":"SECURITY"/"actor_role":"SUPPORT"/' "$logs/story.jsonl" \
        > "$tmp/forged.jsonl"
    expect 1 "verify of a forged record" "$ACSCTL" verify "$tmp/forged.jsonl"
    contains "$tmp/out" "record 2 (line 3): a record's hash does not match its contents (V_HASH)" \
        "the forged record breaks the chain"
    expect 1 "replay of a forged record" "$ACSCTL" replay "$tmp/forged.jsonl" --policy default
    contains "$tmp/out" "record 2 (line 3): the policy in force would have refused the change (V_REFUSED)" \
        "a refused change is V_REFUSED at its record"
    contains "$tmp/out" "R_ROLE: the actor's role may not perform the event" \
        "the refusal's code and sentence are printed"

    expect 2 "replay of a mixed log without --account" "$ACSCTL" replay "$logs/mixed.bin" \
        --policy default
    contains "$tmp/err" "2 accounts" "the accounts are counted"
    contains "$tmp/err" "--account" "the user is told to pick one"
    expect 0 "replay of a mixed log with --account 42" "$ACSCTL" replay "$logs/mixed.bin" \
        --policy default --account 42
    contains "$tmp/out" "9 records of account 42" "--account picks that account's records"
    expect 0 "replay of a mixed log with --account 43" "$ACSCTL" replay "$logs/mixed.jsonl" \
        --policy default --account 43
    contains "$tmp/out" "account 43 ends ACTIVE" "account 43 ends active"
    expect 2 "replay --account of an absent account" "$ACSCTL" replay "$logs/mixed.bin" \
        --policy default --account 7
    expect 2 "replay --account of a bad id" "$ACSCTL" replay "$logs/mixed.bin" \
        --policy default --account forty-two
    expect 2 "replay without --policy" "$ACSCTL" replay "$logs/story.bin"
    expect 2 "replay under a missing policy file" "$ACSCTL" replay "$logs/story.bin" \
        --policy "$tmp/no-such.policy"
    expect 0 "replay under a policy file" "$ACSCTL" replay "$logs/house.bin" \
        --policy "$logs/house.policy"
    expect 1 "replay of house records under the default preset" "$ACSCTL" replay \
        "$logs/house.bin" --policy default
    contains "$tmp/out" "a policy with fingerprint " "a policy that is no preset is named by fingerprint"

    # ---- show

    expect 1 "show before the opening" "$ACSCTL" show "$logs/story.bin" --at 2024-02-01
    contains "$tmp/out" "account 42 was not open yet at 2024-02-01T00:00:00Z" \
        "show says the account was not open yet"
    contains "$tmp/out" "opened at 2024-03-01T09:00:00Z" "show says when it opened"

    expect 0 "show during the freeze" "$ACSCTL" show "$logs/story.bin" --at 2024-03-12T00:00Z
    contains "$tmp/out" "account 42 at 2024-03-12T00:00:00Z, under policy \"default\"" \
        "show names the account, the time and the policy"
    contains "$tmp/out" "status         FROZEN" "the account is frozen"
    contains "$tmp/out" "capabilities   LOGIN" "a frozen account may only log in"
    contains "$tmp/out" "hold 1: FROZEN for SECURITY_COMPROMISE by SECURITY 9, placed 2024-03-10T10:00:00Z, review by 2024-03-24T10:00:00Z, APPEALED" \
        "show prints the hold"
    contains "$tmp/out" "against hold 1: answer due 2024-03-25T08:00:00Z" "show prints the appeal"
    contains "$tmp/out" "next deadline  2024-03-24T10:00:00Z, REVIEW_LAPSED" \
        "show prints the next deadline"

    expect 0 "show during the notice" "$ACSCTL" show "$logs/story.jsonl" --at 2024-04-10
    contains "$tmp/out" "lifecycle      CLOSING" "the account is closing"
    contains "$tmp/out" "window end     2024-06-03T09:00:00Z" "show prints the window end"
    contains "$tmp/out" "notice reason  INACTIVITY" "show prints the notice reason"

    expect 0 "show after the close" "$ACSCTL" show "$logs/story.bin" --at 1719792000000
    contains "$tmp/out" "status         CLOSED" "the account is closed"
    contains "$tmp/out" "(9 of 9 records)" "every record stands after the close"
    lacks "$tmp/out" "hold 1:" "no hold is left"

    expect 0 "show of account 43 in a mixed log" "$ACSCTL" show "$logs/mixed.bin" \
        --at 2024-03-06 --account 43
    contains "$tmp/out" "hold 1: WITHDRAWAL_ONLY for KYC_REFRESH" "account 43's hold is shown"
    expect 2 "show of a mixed log without --account" "$ACSCTL" show "$logs/mixed.bin" \
        --at 2024-03-06

    expect 2 "show of records of a policy that is not a preset" "$ACSCTL" show \
        "$logs/house.bin" --at 2024-03-12
    contains "$tmp/err" "not a preset; give it with --policy" "show asks for the policy"
    expect 0 "show with --policy FILE" "$ACSCTL" show "$logs/house.bin" --at 2024-03-12 \
        --policy "$logs/house.policy"
    contains "$tmp/out" "under policy \"house\"" "show uses the policy given"
    contains "$tmp/out" "status         FROZEN" "the house account is frozen too"
    expect 1 "show under another policy" "$ACSCTL" show "$logs/story.bin" --at 2024-03-12 \
        --policy consumer
    contains "$tmp/out" "(V_POLICY)" "show under another policy is V_POLICY"

    expect 2 "show with a bad TIME" "$ACSCTL" show "$logs/story.bin" --at 2024-13-01
    contains "$tmp/err" "not a time" "a bad TIME is named"
    expect 2 "show without --at" "$ACSCTL" show "$logs/story.bin"
    expect 2 "show of a truncated file" "$ACSCTL" show "$tmp/truncated.bin" --at 2024-03-12
fi
