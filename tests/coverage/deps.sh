#!/bin/sh
# Checks that make coverage can run: gcc (the counts are gcov's), gcov and
# gcovr. When one is missing, installs them with apt-get if running as
# root, otherwise prints the command to run. The test frameworks are
# checked by tests/deps.sh, which make check runs.

PACKAGES="gcc gcovr"
CC=${CC:-gcc}
GCOV=${GCOV:-gcov}
GCOVR=${GCOVR:-gcovr}

# Prints what is missing, one word per line; prints nothing when all is there.
missing() {
    command -v "$CC" >/dev/null 2>&1 || echo "$CC"
    command -v "$GCOV" >/dev/null 2>&1 || echo "$GCOV"
    command -v "$GCOVR" >/dev/null 2>&1 || echo "$GCOVR"
}

absent=$(missing | tr '\n' ' ' | sed 's/ $//')
if [ -z "$absent" ]; then
    exit 0
fi

echo "coverage deps: missing: $absent"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "coverage deps: installing $PACKAGES"
    apt-get update || exit 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y $PACKAGES || exit 1
    absent=$(missing | tr '\n' ' ' | sed 's/ $//')
    if [ -n "$absent" ]; then
        echo "coverage deps: still missing after install: $absent"
        exit 1
    fi
    exit 0
fi

echo "coverage deps: install them with:"
echo "  sudo apt-get install -y $PACKAGES"
exit 1
