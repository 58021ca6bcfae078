#!/bin/sh
# Checks that the tools of `make abi-check` are present: abidw and abidiff
# from libabigail (Debian's abigail-tools) and nm from binutils. When one
# is missing, installs them with apt-get if running as root, otherwise
# prints the command to run. The same pattern as tests/deps.sh.

PACKAGES="abigail-tools binutils"

# Prints what is missing, one word per line; prints nothing when all is there.
missing() {
    for tool in abidw abidiff nm; do
        command -v "$tool" >/dev/null 2>&1 || echo "$tool"
    done
}

absent=$(missing | tr '\n' ' ' | sed 's/ $//')
if [ -z "$absent" ]; then
    exit 0
fi

echo "abi deps: missing: $absent"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "abi deps: installing $PACKAGES"
    apt-get update || exit 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y $PACKAGES || exit 1
    absent=$(missing | tr '\n' ' ' | sed 's/ $//')
    if [ -n "$absent" ]; then
        echo "abi deps: still missing after install: $absent"
        exit 1
    fi
    exit 0
fi

echo "abi deps: install them with:"
echo "  sudo apt-get install -y $PACKAGES"
exit 1
