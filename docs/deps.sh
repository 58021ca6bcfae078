#!/bin/sh
# Checks that what `make docs` needs beyond the compiler is present:
# Graphviz's dot, which turns each policy's DOT text into an SVG. When it
# is missing, installs it with apt-get if running as root, otherwise prints
# the command to run.

PACKAGES="graphviz"
DOT=${DOT:-dot}

# Prints what is missing, one word per line; prints nothing when all is there.
missing() {
    command -v "$DOT" >/dev/null 2>&1 || echo graphviz
}

absent=$(missing | tr '\n' ' ' | sed 's/ $//')
if [ -z "$absent" ]; then
    exit 0
fi

echo "docs deps: missing: $absent"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "docs deps: installing $PACKAGES"
    apt-get update || exit 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y $PACKAGES || exit 1
    absent=$(missing | tr '\n' ' ' | sed 's/ $//')
    if [ -n "$absent" ]; then
        echo "docs deps: still missing after install: $absent"
        exit 1
    fi
    exit 0
fi

echo "docs deps: install it with:"
echo "  sudo apt-get install -y $PACKAGES"
exit 1
