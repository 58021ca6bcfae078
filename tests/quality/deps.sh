#!/bin/sh
# Checks that the analysis tools are present: valgrind for
# `make valgrind-check`, cppcheck and clang-tidy for `make analyze`. The
# arguments name the tools to check (valgrind, cppcheck, clang-tidy); none
# means all three. When one is missing, installs it with apt-get if running
# as root, otherwise prints the command to run. VALGRIND, CPPCHECK and
# CLANG_TIDY name the programs, as in the Makefile.

VALGRIND=${VALGRIND:-valgrind}
CPPCHECK=${CPPCHECK:-cppcheck}
CLANG_TIDY=${CLANG_TIDY:-clang-tidy}
TOOLS=${*:-valgrind cppcheck clang-tidy}

# The program of a tool; each tool is also the name of its Debian package.
program_of() {
    case $1 in
    valgrind) echo "$VALGRIND" ;;
    cppcheck) echo "$CPPCHECK" ;;
    clang-tidy) echo "$CLANG_TIDY" ;;
    esac
}

for tool in $TOOLS; do
    if [ -z "$(program_of "$tool")" ]; then
        echo "quality deps: unknown tool $tool (valgrind, cppcheck or clang-tidy)"
        exit 2
    fi
done

# Prints the tools that are missing, one per line.
missing() {
    for tool in $TOOLS; do
        command -v "$(program_of "$tool")" >/dev/null 2>&1 || echo "$tool"
    done
}

# make analyze passes its checks with --config-file, which clang-tidy has
# since version 12.
config_file_ok() {
    case " $TOOLS " in
    *" clang-tidy "*) ;;
    *) return 0 ;;
    esac
    command -v "$CLANG_TIDY" >/dev/null 2>&1 || return 0
    if ! "$CLANG_TIDY" --help 2>/dev/null | grep -q -- '--config-file'; then
        echo "quality deps: $CLANG_TIDY has no --config-file option (clang-tidy 12 or later has)"
        return 1
    fi
}

absent=$(missing | tr '\n' ' ' | sed 's/ $//')
if [ -z "$absent" ]; then
    config_file_ok
    exit
fi

echo "quality deps: missing: $absent"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "quality deps: installing $absent"
    apt-get update || exit 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y $absent || exit 1
    absent=$(missing | tr '\n' ' ' | sed 's/ $//')
    if [ -n "$absent" ]; then
        echo "quality deps: still missing after install: $absent"
        exit 1
    fi
    config_file_ok
    exit
fi

echo "quality deps: install them with:"
echo "  sudo apt-get install -y $absent"
exit 1
