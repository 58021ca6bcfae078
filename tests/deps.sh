#!/bin/sh
# Checks that the test dependencies are present: pkg-config, cmocka (unit
# tests), Check (scenario tests) and OpenSSL's libcrypto (the unit tests
# that compare against it). When one is missing, installs them with
# apt-get if running as root, otherwise prints the command to run.

PACKAGES="libcmocka-dev check pkg-config libssl-dev"
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

# Prints what is missing, one word per line; prints nothing when all is there.
missing() {
    if ! command -v "$PKG_CONFIG" >/dev/null 2>&1; then
        echo pkg-config
        echo cmocka
        echo check
        echo libcrypto
        return
    fi
    "$PKG_CONFIG" --exists cmocka || echo cmocka
    "$PKG_CONFIG" --exists check || echo check
    "$PKG_CONFIG" --exists libcrypto || echo libcrypto
}

absent=$(missing | tr '\n' ' ' | sed 's/ $//')
if [ -z "$absent" ]; then
    exit 0
fi

echo "deps: missing: $absent"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "deps: installing $PACKAGES"
    apt-get update || exit 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y $PACKAGES || exit 1
    absent=$(missing | tr '\n' ' ' | sed 's/ $//')
    if [ -n "$absent" ]; then
        echo "deps: still missing after install: $absent"
        exit 1
    fi
    exit 0
fi

echo "deps: install them with:"
echo "  sudo apt-get install -y $PACKAGES"
exit 1
