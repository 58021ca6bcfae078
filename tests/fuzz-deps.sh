#!/bin/sh
# Checks that the fuzz harnesses can be built: a clang ($CC, default clang)
# that links a program with -fsanitize=fuzzer,address,undefined, which
# needs clang's runtime libraries (Debian: libclang-rt-N-dev for clang N).
# When that fails, installs clang and the runtime with apt-get if running as
# root, otherwise prints the command to run. Only `make fuzz` and
# `make fuzz-run` call it; tests/deps.sh covers the other suites.

CC=${CC:-clang}

# The runtime package that matches $CC's major version, or the one that
# follows Debian's default clang when $CC is not a clang there yet.
runtime_package() {
    major=
    if "$CC" --version 2>/dev/null | grep -q clang; then
        major=$("$CC" -dumpversion 2>/dev/null | cut -d. -f1)
    fi
    if [ -n "$major" ]; then
        echo "libclang-rt-$major-dev"
    else
        echo "libclang-rt-dev"
    fi
}

# Succeeds when $CC builds and links a trivial harness.
links() {
    command -v "$CC" >/dev/null 2>&1 || return 1
    dir=$(mktemp -d) || return 1
    cat > "$dir/probe.c" <<'EOF'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)data;
    (void)size;
    return 0;
}
EOF
    "$CC" -fsanitize=fuzzer,address,undefined -o "$dir/probe" "$dir/probe.c" \
        > "$dir/log" 2>&1
    status=$?
    rm -rf "$dir"
    return $status
}

if links; then
    exit 0
fi

PACKAGES="clang $(runtime_package)"
echo "fuzz-deps: $CC cannot link a libFuzzer harness"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "fuzz-deps: installing $PACKAGES"
    apt-get update || exit 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y $PACKAGES || exit 1
    if ! links; then
        echo "fuzz-deps: $CC still cannot link a libFuzzer harness after install"
        exit 1
    fi
    exit 0
fi

echo "fuzz-deps: install them with:"
echo "  sudo apt-get install -y $PACKAGES"
exit 1
