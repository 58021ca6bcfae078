#!/bin/sh
# The tests of acsctl: the built program driven as a user drives it, with
# real files in and its output and exit status checked. Each part is a
# file of this directory, sourced here in turn:
#
#   policy.sh    lint, dot, fmt
#   logs.sh      verify, replay, show (logs written by tests/tool/make_logs.c)
#   simulate.sh  simulate (scenarios, outputs, threads)
#
# Ends with "tool: N passed, M failed".
#
# Environment (make check-tool sets them): ACSCTL (the program), BUILD, CC,
# CFLAGS and STATIC (to build tests/tool/make_logs.c against the library).

set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

ACSCTL=${ACSCTL:-build/acsctl}
BUILD=${BUILD:-build}
CC=${CC:-cc}
CFLAGS=${CFLAGS:--std=c11 -O2}
STATIC=${STATIC:-$BUILD/libacctstate.a}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/acsctl-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
pass() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAILED: $*"; failed=$((failed + 1)); }

# run NAME CMD...: runs CMD with stdout in $tmp/out and stderr in $tmp/err;
# its exit status in $status.
run() {
    name=$1
    shift
    "$@" > "$tmp/out" 2> "$tmp/err"
    status=$?
}

# expect STATUS NAME CMD...: runs CMD and passes when it exits with STATUS.
# On failure prints what it wrote.
expect() {
    want=$1
    name=$2
    shift 2
    run "$name" "$@"
    if [ "$status" -eq "$want" ]; then
        pass "$name (exit $status)"
        return 0
    fi
    fail "$name: exit $status, expected $want"
    sed 's/^/  stdout: /' "$tmp/out" | head -n 20
    sed 's/^/  stderr: /' "$tmp/err" | head -n 20
    return 1
}

# contains FILE TEXT NAME: passes when FILE holds the fixed string TEXT.
contains() {
    if grep -qF -- "$2" "$1"; then
        pass "$3"
    else
        fail "$3: '$2' not found in $(basename "$1")"
        sed 's/^/  | /' "$1" | head -n 20
    fi
}

# lacks FILE TEXT NAME: passes when FILE does not hold TEXT.
lacks() {
    if grep -qF -- "$2" "$1"; then
        fail "$3: '$2' found in $(basename "$1")"
    else
        pass "$3"
    fi
}

# empty FILE NAME: passes when FILE is empty.
empty() {
    if [ -s "$1" ]; then
        fail "$2: $(basename "$1") is not empty"
        sed 's/^/  | /' "$1" | head -n 10
    else
        pass "$2"
    fi
}

if [ ! -x "$ACSCTL" ]; then
    fail "$ACSCTL is not built"
else
    # Every subcommand answers --help on stdout with exit 0, and an unknown
    # option with exit 2.
    for command in lint dot fmt verify replay show simulate; do
        expect 0 "$command --help" "$ACSCTL" "$command" --help &&
            contains "$tmp/out" "usage: acsctl $command" "$command --help prints its usage"
        expect 2 "$command with an unknown option" "$ACSCTL" "$command" --no-such-option
    done
    expect 0 "acsctl --help" "$ACSCTL" --help
    expect 2 "acsctl with no command" "$ACSCTL"
    expect 2 "acsctl with an unknown command" "$ACSCTL" frobnicate
    contains "$tmp/err" "no command named 'frobnicate'" "an unknown command is named"
    expect 0 "acsctl --version" "$ACSCTL" --version
    contains "$tmp/out" "acsctl " "--version prints the version"

    for part in policy logs simulate; do
        if [ -f "tests/tool/$part.sh" ]; then
            echo "---- tests/tool/$part.sh"
            . "tests/tool/$part.sh"
        else
            fail "tests/tool/$part.sh is missing"
        fi
    done
fi

echo "tool: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
