# simulate.sh: acsctl simulate, sourced by tests/tool/run.sh (which gives
# expect, contains, lacks, empty, pass, fail, $ACSCTL and $tmp).
#
# A small scenario keeps each run short; the default scenario runs once.

sim=$tmp/sim
mkdir -p "$sim"
cat > "$sim/small.scenario" <<'EOF'
# a small population over four months, with the leak on day 20
accounts 6000
days 120
start 2026-01-01
leak-day 20
leak-share 0.05
complain 0.6
retaliate 0.8
EOF

# value CSV POLICY METRIC: the value of a total in a CSV file.
value() {
    awk -F, -v policy="$2" -v metric="$3" \
        '$1 == policy && $4 == metric { v = $5 } END { print v }' "$1"
}

# The default scenario, with no file, and the embedded text it comes from.
expect 0 "simulate with no file (the default scenario)" "$ACSCTL" simulate
contains "$tmp/out" "consumer" "the table names the consumer preset"
contains "$tmp/out" "discretionary" "the table names the discretionary preset"
empty "$tmp/err" "no progress bar when stderr is not a terminal"
expect 0 "simulate --print-scenario" "$ACSCTL" simulate --print-scenario
contains "$tmp/out" "accounts 100000" "the default scenario names its population"
cp "$tmp/out" "$sim/default.scenario"
"$ACSCTL" simulate > "$sim/default.out" 2>/dev/null
"$ACSCTL" simulate --scenario "$sim/default.scenario" > "$sim/printed.out" 2>/dev/null
if cmp -s "$sim/default.out" "$sim/printed.out"; then
    pass "the printed default scenario runs exactly as the embedded one"
else
    fail "the printed default scenario gives another result than the embedded one"
fi

# The same seed gives the same bytes for any number of threads: the
# table, the CSV and the chart.
for threads in 1 2 3 8; do
    expect 0 "simulate --threads $threads" "$ACSCTL" simulate --scenario "$sim/small.scenario" \
        --policy consumer --policy discretionary --threads "$threads" \
        --csv "$sim/t$threads.csv" --svg "$sim/t$threads.svg"
    cp "$tmp/out" "$sim/t$threads.out"
done
for threads in 2 3 8; do
    same=yes
    for kind in out csv svg; do
        cmp -s "$sim/t1.$kind" "$sim/t$threads.$kind" || same=no
    done
    if [ "$same" = yes ]; then
        pass "--threads $threads gives the table, CSV and chart of --threads 1"
    else
        fail "--threads $threads differs from --threads 1"
        diff "$sim/t1.out" "$sim/t$threads.out" | head -n 10
    fi
done
"$ACSCTL" simulate --scenario "$sim/small.scenario" --policy consumer --seed 2 \
    > "$sim/seed2.out" 2>/dev/null
"$ACSCTL" simulate --scenario "$sim/small.scenario" --policy consumer --seed 2 \
    > "$sim/seed2-again.out" 2>/dev/null
if cmp -s "$sim/seed2.out" "$sim/seed2-again.out"; then
    pass "the same seed twice gives the same table"
else
    fail "the same seed twice gives different tables"
fi
"$ACSCTL" simulate --scenario "$sim/small.scenario" --policy consumer --seed 3 \
    > "$sim/seed3.out" 2>/dev/null
if cmp -s "$sim/seed2.out" "$sim/seed3.out"; then
    fail "another seed gives the same table"
else
    pass "another seed gives another table"
fi

# The CSV: its header, a row per day and status, and what the two
# policies did differently on the same incidents.
csv=$sim/t1.csv
if [ "$(head -n 1 "$csv")" = "policy,day,date,metric,value" ]; then
    pass "CSV header"
else
    fail "CSV header is '$(head -n 1 "$csv")'"
fi
rows=$(awk -F, '$4 ~ /^status\./' "$csv" | wc -l)
if [ "$rows" -eq $((2 * 120 * 6)) ]; then
    pass "CSV has a row per policy, day and status ($rows)"
else
    fail "CSV has $rows status rows, expected $((2 * 120 * 6))"
fi
day0=$(awk -F, '$1 == "consumer" && $2 == 0 && $4 ~ /^status\./ { s += $5 } END { print s }' "$csv")
if [ "$day0" = 6000 ]; then
    pass "every account is counted once on day 0"
else
    fail "day 0 counts $day0 accounts, expected 6000"
fi
consumer_never=$(value "$csv" consumer restrictions.never_valid_reason)
discretionary_never=$(value "$csv" discretionary restrictions.never_valid_reason)
if [ "$consumer_never" = 0 ] && [ "${discretionary_never:-0}" -gt 0 ]; then
    pass "only discretionary restricts for a never-valid reason ($discretionary_never)"
else
    fail "never-valid restrictions: consumer '$consumer_never', discretionary '$discretionary_never'"
fi
consumer_closed=$(value "$csv" consumer closed_with_funds)
discretionary_closed=$(value "$csv" discretionary closed_with_funds)
if [ "$consumer_closed" = 0 ] && [ "${discretionary_closed:-0}" -gt 0 ]; then
    pass "only discretionary closes accounts that still hold funds ($discretionary_closed)"
else
    fail "closed with funds: consumer '$consumer_closed', discretionary '$discretionary_closed'"
fi
consumer_ended=$(value "$csv" consumer windows.ended_with_funds)
discretionary_ended=$(value "$csv" discretionary windows.ended_with_funds)
if [ "${discretionary_ended:-0}" -gt "${consumer_ended:-0}" ]; then
    pass "more windows end with funds under discretionary ($discretionary_ended > $consumer_ended)"
else
    fail "windows ended with funds: consumer '$consumer_ended', discretionary '$discretionary_ended'"
fi
consumer_lapsed=$(value "$csv" consumer holds.lapsed)
discretionary_lapsed=$(value "$csv" discretionary holds.lapsed)
if [ "${consumer_lapsed:-0}" -gt 0 ] && [ "$discretionary_lapsed" = 0 ]; then
    pass "reviews lapse under consumer only ($consumer_lapsed)"
else
    fail "lapsed holds: consumer '$consumer_lapsed', discretionary '$discretionary_lapsed'"
fi

# The chart: an SVG document with one panel per policy.
svg=$sim/t1.svg
if head -c 400 "$svg" | grep -q '<svg' && grep -q 'xmlns="http://www.w3.org/2000/svg"' "$svg"; then
    pass "the chart is an SVG document"
else
    fail "the chart is not an SVG document"
fi
contains "$svg" ">consumer<" "the chart has a panel titled consumer"
contains "$svg" ">discretionary<" "the chart has a panel titled discretionary"
if command -v python3 >/dev/null 2>&1; then
    if python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$svg"; then
        pass "the chart is well-formed XML"
    else
        fail "the chart is not well-formed XML"
    fi
fi

# The progress bar: on stderr when it is a terminal (script(1) gives one).
if command -v script >/dev/null 2>&1; then
    script -qec "$ACSCTL simulate --scenario $sim/small.scenario --policy consumer" /dev/null \
        > "$sim/tty.out" 2>&1 < /dev/null
    contains "$sim/tty.out" "% of 6000 accounts" "a progress bar is drawn on a terminal"
fi
expect 0 "simulate --timing" "$ACSCTL" simulate --scenario "$sim/small.scenario" --timing
contains "$tmp/err" "account-days per second" "--timing reports the speed on stderr"

# Bad usage and bad input: exit 2 with a message that says what is wrong.
printf 'accounts 100\nfrobs 3\n' > "$sim/unknown.scenario"
expect 2 "a scenario with an unknown setting" "$ACSCTL" simulate --scenario "$sim/unknown.scenario"
contains "$tmp/err" "unknown.scenario:2: no setting named 'frobs'" "the unknown setting is named with its line"
printf 'incident suspicious 1.5\n' > "$sim/rate.scenario"
expect 2 "a scenario with a rate above 1" "$ACSCTL" simulate --scenario "$sim/rate.scenario"
contains "$tmp/err" "rate.scenario:1:" "the bad rate is reported at its line"
printf 'incident meteor 0.1\n' > "$sim/meteor.scenario"
expect 2 "a scenario with an unknown incident" "$ACSCTL" simulate --scenario "$sim/meteor.scenario"
printf 'days 10\n' > "$sim/leak.scenario"
expect 2 "a leak day past the last day" "$ACSCTL" simulate --scenario "$sim/leak.scenario"
contains "$tmp/err" "leak-day 30 is past the last day" "the leak day is named"
printf 'accounts 10\000\n' > "$sim/nul.scenario"
expect 2 "a scenario with a NUL byte" "$ACSCTL" simulate --scenario "$sim/nul.scenario"
printf 'start 2026-02-30\n' > "$sim/date.scenario"
expect 2 "a scenario with an impossible date" "$ACSCTL" simulate --scenario "$sim/date.scenario"
printf 'accounts 10 20\n' > "$sim/words.scenario"
expect 2 "a setting with two values" "$ACSCTL" simulate --scenario "$sim/words.scenario"
expect 2 "a missing scenario file" "$ACSCTL" simulate --scenario "$sim/none.scenario"
expect 2 "--threads 0" "$ACSCTL" simulate --threads 0
expect 2 "--threads 65" "$ACSCTL" simulate --threads 65
expect 2 "--accounts 0" "$ACSCTL" simulate --accounts 0
expect 2 "--days 3661" "$ACSCTL" simulate --days 3661
expect 2 "--seed that is not a number" "$ACSCTL" simulate --seed twelve
expect 2 "--policy with no value" "$ACSCTL" simulate --policy
expect 2 "--policy naming nothing" "$ACSCTL" simulate --policy no-such-policy
printf 'acctstate-policy 1\nname "broken"\nrule VERIFY\n  from NOWHERE\nend\n' > "$sim/broken.policy"
expect 2 "--policy with a syntax error" "$ACSCTL" simulate --policy "$sim/broken.policy"
contains "$tmp/err" "broken.policy:4:" "the policy's error is reported at its line"
expect 2 "nine policies" "$ACSCTL" simulate --policy default --policy default --policy default \
    --policy default --policy default --policy default --policy default --policy default \
    --policy default
expect 2 "--csv into a directory that does not exist" "$ACSCTL" simulate \
    --scenario "$sim/small.scenario" --csv "$sim/no/such/dir.csv"
expect 2 "--print-scenario with other options" "$ACSCTL" simulate --print-scenario --seed 3
