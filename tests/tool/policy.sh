# policy.sh: the tests of acsctl lint, dot and fmt, sourced by run.sh
# (which provides expect, contains, lacks, empty, pass, fail, $ACSCTL and
# $tmp). The presets and policy files written here are the inputs; each
# check looks at the exit status and at what was printed.

presets="default consumer discretionary"

# ---- lint

for preset in default consumer; do
    expect 0 "lint $preset" "$ACSCTL" lint "$preset" &&
        empty "$tmp/out" "lint $preset has no findings"
done
expect 1 "lint discretionary" "$ACSCTL" lint discretionary
lines=$(wc -l < "$tmp/out" | tr -d ' ')
if [ "$lines" -eq 17 ]; then
    pass "lint discretionary prints 17 findings"
else
    fail "lint discretionary prints $lines findings, expected 17"
fi
contains "$tmp/out" "warning ANY_REASON HOLD_FROZEN -: " "lint names the rule of a finding"
contains "$tmp/out" "error NEVER_VALID_REASON CLOSE PUBLIC_CRITICISM: " \
    "lint names the reason of a finding"
contains "$tmp/out" "info NO_REVIEW HOLD_WITHDRAWAL_ONLY WITHDRAWAL_ONLY: " \
    "lint prints info findings"
if awk 'NF < 5 || $4 !~ /:$/ { bad = 1 } END { exit bad }' "$tmp/out"; then
    pass "every finding has severity, code, rule and subject"
else
    fail "a finding line does not have the SEVERITY CODE RULE SUBJECT: form"
fi

# The same preset as a file: the same findings.
cp docs/policies/discretionary.policy "$tmp/discretionary.policy"
"$ACSCTL" lint discretionary > "$tmp/preset-findings"
expect 1 "lint of a policy file" "$ACSCTL" lint "$tmp/discretionary.policy"
if cmp -s "$tmp/out" "$tmp/preset-findings"; then
    pass "a preset and its file give the same findings"
else
    fail "a preset and its file give different findings"
fi
expect 1 "lint of standard input" sh -c "'$ACSCTL' lint - < '$tmp/discretionary.policy'"

# The options: a longer notice threshold and another never-valid reason.
expect 1 "lint --notice-min 90 finds short notices" "$ACSCTL" lint default --notice-min 90
contains "$tmp/out" "warning SHORT_NOTICE NOTICE INACTIVITY: " "--notice-min is applied"
expect 0 "lint --notice-min=30" "$ACSCTL" lint default --notice-min=30
expect 1 "lint --never-valid" "$ACSCTL" lint default --never-valid PUBLIC_CRITICISM,INACTIVITY
contains "$tmp/out" "error NEVER_VALID_REASON HOLD_WITHDRAWAL_ONLY INACTIVITY: " \
    "--never-valid reasons are applied"
expect 2 "lint --notice-min 0" "$ACSCTL" lint default --notice-min 0
expect 2 "lint --notice-min abc" "$ACSCTL" lint default --notice-min abc
contains "$tmp/err" "--notice-min" "a bad --notice-min is named"
expect 2 "lint --never-valid of an unknown reason" "$ACSCTL" lint default --never-valid GREED
contains "$tmp/err" "'GREED' is not a reason" "the unknown reason is named"
expect 2 "lint --notice-min without a value" "$ACSCTL" lint default --notice-min

# Usage: one POLICY, no more, no less.
expect 2 "lint without a POLICY" "$ACSCTL" lint
contains "$tmp/err" "a POLICY is needed" "a missing POLICY is named"
expect 2 "lint with two policies" "$ACSCTL" lint default consumer
contains "$tmp/err" "one too many" "an extra argument is named"

# A syntax error: exit 2 with the file, line and column.
cat > "$tmp/syntax.policy" << 'EOF'
acctstate-policy 1
name "broken"
rule VERIFY
  from PENDING
  actors SUPPORT WIZARD
end
EOF
for command in lint fmt dot; do
    expect 2 "$command of a policy with a syntax error" "$ACSCTL" "$command" "$tmp/syntax.policy"
    contains "$tmp/err" "$tmp/syntax.policy:5:" "$command names the file and line"
    empty "$tmp/out" "$command prints nothing on stdout for a syntax error"
done
if grep -q "syntax.policy:5:[0-9][0-9]*: " "$tmp/err"; then
    pass "the error names the column"
else
    fail "the error does not name the column"
fi

# Rules the builder refuses: lint reports them as INVALID, fmt and dot
# refuse them.
sed 's/^never-valid PUBLIC_CRITICISM$/never-valid PUBLIC_CRITICISM SECURITY_COMPROMISE/' \
    docs/policies/default.policy > "$tmp/invalid.policy"
if cmp -s docs/policies/default.policy "$tmp/invalid.policy"; then
    fail "invalid.policy could not be written from default.policy"
fi
expect 1 "lint of rules that do not build" "$ACSCTL" lint "$tmp/invalid.policy"
contains "$tmp/out" "error INVALID HOLD_WITHDRAWAL_ONLY -: The rules do not build" \
    "lint reports the refusal as INVALID"
contains "$tmp/out" "P_REASON_CONFLICT" "the INVALID finding names the problem"
for command in fmt dot; do
    expect 2 "$command of rules that do not build" "$ACSCTL" "$command" "$tmp/invalid.policy"
    contains "$tmp/err" "invalid.policy:" "$command names the file"
done

expect 2 "lint of a missing file" "$ACSCTL" lint "$tmp/no-such.policy"
contains "$tmp/err" "no-such.policy" "the missing file is named"

# ---- fmt

for preset in $presets; do
    expect 0 "fmt $preset" "$ACSCTL" fmt "$preset" || continue
    cp "$tmp/out" "$tmp/$preset.canonical"
    expect 0 "fmt of fmt $preset" "$ACSCTL" fmt "$tmp/$preset.canonical"
    if cmp -s "$tmp/out" "$tmp/$preset.canonical"; then
        pass "fmt $preset is a fixed point"
    else
        fail "fmt of the canonical text of $preset changes it"
    fi
    expect 0 "fmt --check of canonical $preset" "$ACSCTL" fmt --check "$tmp/$preset.canonical" &&
        empty "$tmp/out" "fmt --check prints nothing"
done
# The documented file has comments, so it is not canonical; its canonical
# form is the preset's.
expect 0 "fmt of docs/policies/default.policy" "$ACSCTL" fmt docs/policies/default.policy
if cmp -s "$tmp/out" "$tmp/default.canonical"; then
    pass "the file and the preset have the same canonical text"
else
    fail "fmt of docs/policies/default.policy differs from fmt default"
fi
expect 1 "fmt --check of a file with comments" "$ACSCTL" fmt --check docs/policies/default.policy
empty "$tmp/out" "fmt --check prints nothing on stdout"
contains "$tmp/err" "docs/policies/default.policy:1: not in canonical form" \
    "fmt --check says the file is not canonical, and where"
# One changed byte at the end is found.
sed 's/^capabilities FROZEN LOGIN$/capabilities  FROZEN LOGIN/' "$tmp/default.canonical" \
    > "$tmp/spaced.policy"
expect 1 "fmt --check of one extra space" "$ACSCTL" fmt --check "$tmp/spaced.policy"
spaced_line=$(grep -n "capabilities  FROZEN" "$tmp/spaced.policy" | cut -d: -f1)
contains "$tmp/err" "spaced.policy:$spaced_line:" "fmt --check names the first line that differs"
expect 2 "fmt --check of a preset name" "$ACSCTL" fmt --check default
expect 2 "fmt with two policies" "$ACSCTL" fmt default consumer

# ---- dot

for preset in $presets; do
    expect 0 "dot $preset" "$ACSCTL" dot "$preset" || continue
    if [ "$(head -c 7 "$tmp/out")" = "digraph" ]; then
        pass "dot $preset writes a digraph"
    else
        fail "dot $preset does not start with 'digraph'"
    fi
    contains "$tmp/out" "policy $preset" "dot $preset names the policy"
done
expect 0 "dot of a policy file" "$ACSCTL" dot docs/policies/consumer.policy
expect 2 "dot without a POLICY" "$ACSCTL" dot
expect 2 "dot --svg without a file" "$ACSCTL" dot default --svg

if command -v dot > /dev/null 2>&1; then
    rm -f "$tmp/default.svg"
    expect 0 "dot --svg" "$ACSCTL" dot default --svg "$tmp/default.svg" &&
        empty "$tmp/out" "dot --svg writes nothing on stdout"
    if [ -s "$tmp/default.svg" ] && grep -q "<svg" "$tmp/default.svg"; then
        pass "dot --svg writes an SVG file"
    else
        fail "dot --svg did not write an SVG file"
    fi
    expect 2 "dot --svg into a missing directory" \
        "$ACSCTL" dot default --svg "$tmp/no/such/dir/x.svg"
    contains "$tmp/err" "dot failed" "a failing Graphviz is reported"
else
    pass "dot --svg not checked: Graphviz's dot is not installed"
fi
# Without Graphviz on the PATH, --svg says so.
mkdir -p "$tmp/empty-path"
expect 2 "dot --svg without Graphviz" env PATH="$tmp/empty-path" "$ACSCTL" dot default \
    --svg "$tmp/nodot.svg"
contains "$tmp/err" "not installed" "a missing Graphviz is named"
