#!/bin/sh
# Install test: installs the library into a temporary DESTDIR with
# PREFIX=/usr, builds tests/install/prog.c against it through pkg-config,
# once dynamically and once statically, runs both, checks what each needs
# at run time and the shared library's SONAME, then uninstalls and checks
# that nothing is left. Ends with "install: N passed, M failed".
#
# Environment: MAKE, BUILD (the build directory to install from), PROG_CC
# and PROG_CFLAGS (to build prog.c), PKG_CONFIG. `make check` sets them.

set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

MAKE=${MAKE:-make}
BUILD=${BUILD:-build}
CC=${PROG_CC:-${CC:-cc}}
CFLAGS=${PROG_CFLAGS:--std=c11 -Wall -Wextra}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

define() { awk -v name="$1" '$2 == name { print $3; exit }' include/acctstate.h; }
MAJOR=$(define ACS_VERSION_MAJOR)
VERSION=$MAJOR.$(define ACS_VERSION_MINOR).$(define ACS_VERSION_PATCH)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/acctstate-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest
libdir=$dest/usr/lib
includedir=$dest/usr/include
pcdir=$libdir/pkgconfig

passed=0
failed=0
pass() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAILED: $*"; failed=$((failed + 1)); }
finish() {
    echo "install: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}
# check DESCRIPTION COMMAND...: one counted check.
check() {
    what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

# pkg-config sees only this install; the sysroot is prefixed to -I and -L,
# and /usr/include, /usr/lib are kept although they are system directories.
pc() {
    PKG_CONFIG_PATH=$pcdir PKG_CONFIG_LIBDIR=$pcdir \
    PKG_CONFIG_SYSROOT_DIR=$dest \
    PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1 \
        "$PKG_CONFIG" "$@"
}

needs_libacctstate() {
    readelf -d "$1" | grep '(NEEDED)' | grep -q "\[libacctstate\.so\.$MAJOR\]"
}
needs_no_libacctstate() {
    ! readelf -d "$1" | grep '(NEEDED)' | grep -q 'libacctstate'
}
is_link() { [ -L "$1" ] && [ "$(readlink "$1")" = "$2" ]; }
soname_is() {
    readelf -d "$1" | grep '(SONAME)' | grep -q "\[libacctstate\.so\.$MAJOR\]"
}
resolves_into_destdir() {
    LD_LIBRARY_PATH=$libdir ldd "$1" | grep -q "libacctstate\.so\.$MAJOR => $libdir/"
}
nothing_left() {
    left=$(find "$dest" ! -type d)
    [ -z "$left" ] || { echo "left behind:"; echo "$left"; return 1; }
}

# 1. Install.
if "$MAKE" --no-print-directory install BUILD="$BUILD" DESTDIR="$dest" PREFIX=/usr; then
    pass "make install DESTDIR=... PREFIX=/usr"
else
    fail "make install DESTDIR=... PREFIX=/usr"
    finish
fi
check "header installed" test -f "$includedir/acctstate.h"
check "static library installed" test -f "$libdir/libacctstate.a"
check "shared library installed" test -f "$libdir/libacctstate.so.$VERSION"
check "libacctstate.so.$MAJOR -> libacctstate.so.$VERSION" \
    is_link "$libdir/libacctstate.so.$MAJOR" "libacctstate.so.$VERSION"
check "libacctstate.so -> libacctstate.so.$MAJOR" \
    is_link "$libdir/libacctstate.so" "libacctstate.so.$MAJOR"
check "SONAME is libacctstate.so.$MAJOR" soname_is "$libdir/libacctstate.so.$VERSION"
check "acctstate.pc installed" test -f "$pcdir/acctstate.pc"
check "pkg-config version is $VERSION" \
    test "$(pc --modversion acctstate)" = "$VERSION"
check "acsctl installed" test -x "$dest/usr/bin/acsctl"
check "installed acsctl runs" "$dest/usr/bin/acsctl" --version

# 2. Dynamic link, run with the DESTDIR library directory.
cflags=$(pc --cflags acctstate)
libs=$(pc --libs acctstate)
echo "dynamic: $CC $cflags prog.c $libs"
if $CC $CFLAGS $cflags tests/install/prog.c -o "$tmp/prog-dynamic" $libs; then
    pass "build prog against the shared library"
    check "run prog (dynamic)" env LD_LIBRARY_PATH="$libdir" "$tmp/prog-dynamic"
    check "prog (dynamic) needs libacctstate.so.$MAJOR" needs_libacctstate "$tmp/prog-dynamic"
    if command -v ldd >/dev/null 2>&1; then
        check "prog (dynamic) loads the installed library" \
            resolves_into_destdir "$tmp/prog-dynamic"
    fi
else
    fail "build prog against the shared library"
fi

# 3. Static link: the same flags with --static, libacctstate.a forced.
static_libs=
for word in $(pc --static --libs acctstate); do
    case $word in
    -lacctstate) word="-Wl,-Bstatic -lacctstate -Wl,-Bdynamic" ;;
    esac
    static_libs="$static_libs $word"
done
echo "static: $CC $cflags prog.c$static_libs"
if $CC $CFLAGS $cflags tests/install/prog.c -o "$tmp/prog-static" $static_libs; then
    pass "build prog against the static library"
    check "run prog (static)" env -u LD_LIBRARY_PATH "$tmp/prog-static"
    check "prog (static) does not need libacctstate.so" needs_no_libacctstate "$tmp/prog-static"
else
    fail "build prog against the static library"
fi

# 4. Uninstall into the same DESTDIR: nothing but empty directories stays.
check "make uninstall DESTDIR=... PREFIX=/usr" \
    "$MAKE" --no-print-directory uninstall BUILD="$BUILD" DESTDIR="$dest" PREFIX=/usr
check "uninstall removed every installed file" nothing_left

finish
