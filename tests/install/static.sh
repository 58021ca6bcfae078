#!/bin/sh
# static.sh: the library linked into a fully static program whose every
# function carries a stack protector. In such a program the SHA-256 block
# function is chosen by the C library's start-up code before thread-local
# storage (and with it the stack protector's canary) exists, so this is
# where a resolver that is not kept free of instrumentation would crash.
# Usage: sh tests/install/static.sh BUILD_DIR CC
set -eu
build=$1
cc=$2
make --no-print-directory BUILD="$build" CC="$cc" \
    CFLAGS="-std=c11 -O2 -fstack-protector-all" "$build/libacctstate.a"
"$cc" -std=c11 -O2 -static -fstack-protector-all -Iinclude \
    -o "$build/prog-static" tests/install/prog.c "$build/libacctstate.a"
"$build/prog-static"
echo "static: a static, stack-protected program runs ($cc)"
