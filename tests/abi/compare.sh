#!/bin/sh
# Compares the ABI of a built shared library with the baseline kept in the
# repository (the ABI of the last release, as abidw wrote it) and decides
# whether the change is one a program linked against the baseline survives.
#
# abidiff's exit status is a bit field: 1 an error, 2 a usage error, 4 the
# ABIs differ, 8 they differ in a way libabigail knows to be incompatible
# (a function's symbol removed). 4 alone means "a human must look": it is
# set by an added function, which is compatible, and by a change to a type
# an existing function uses (a field added to a public struct changes its
# size and the offsets after it), which is not, for the caller owns every
# structure. So a 4 is judged again with --no-added-syms: what still
# differs without the additions is a change to what already existed, and
# is taken as incompatible.
#
# An incompatible change passes only when the major version of the header
# differs from the baseline's: the SONAME changes with it, so no program
# linked against the old library will load the new one.
#
# Usage: compare.sh BASELINE BASELINE_VERSION_FILE LIBRARY HEADERS_DIR VERSION OUT_DIR
# Writes OUT_DIR/libacctstate.abi (the library's ABI, the next baseline
# when a release is made) and OUT_DIR/abidiff.txt (the report).

set -u

if [ $# -ne 6 ]; then
    echo "usage: $0 BASELINE BASELINE_VERSION_FILE LIBRARY HEADERS_DIR VERSION OUT_DIR" >&2
    exit 2
fi
baseline=$1
baseline_version_file=$2
library=$3
headers=$4
version=$5
out=$6

ABIDW=${ABIDW:-abidw}
ABIDIFF=${ABIDIFF:-abidiff}

for file in "$baseline" "$baseline_version_file" "$library"; do
    if [ ! -r "$file" ]; then
        echo "abi-check: cannot read $file (make abi-baseline writes the baseline)"
        exit 1
    fi
done

baseline_version=$(head -n 1 "$baseline_version_file" | tr -d '[:space:]')
baseline_major=${baseline_version%%.*}
major=${version%%.*}
case "$baseline_major" in
    '' | *[!0-9]*)
        echo "abi-check: $baseline_version_file does not hold a version MAJOR.MINOR.PATCH"
        exit 1
        ;;
esac

mkdir -p "$out" || exit 1
# The current ABI, written the way the baseline is, for a look or a copy.
"$ABIDW" --headers-dir "$headers" --drop-private-types --no-comp-dir-path \
    --no-corpus-path --out-file "$out/libacctstate.abi" "$library" || {
    echo "abi-check: abidw failed on $library"
    exit 1
}

# Only the types of the public headers count. (abidiff's own
# --drop-private-types is not passed: libabigail 2.2 aborts with it when
# the first input is an ABI file. abidw has dropped them from the baseline
# already, and the header directories filter the library's.)
compare() {
    "$ABIDIFF" --headers-dir1 "$headers" --headers-dir2 "$headers" \
        "$@" "$baseline" "$library"
}

compare > "$out/abidiff.txt" 2>&1
status=$?
verdict=
if [ $((status & 3)) -ne 0 ]; then
    cat "$out/abidiff.txt"
    echo "abi-check: abidiff failed (exit status $status)"
    exit 1
elif [ "$status" -eq 0 ]; then
    verdict=same
elif [ $((status & 8)) -ne 0 ]; then
    verdict=incompatible
else
    compare --no-added-syms > "$out/abidiff-changed.txt" 2>&1
    changed=$?
    if [ $((changed & 3)) -ne 0 ]; then
        cat "$out/abidiff-changed.txt"
        echo "abi-check: abidiff failed (exit status $changed)"
        exit 1
    elif [ "$changed" -eq 0 ]; then
        verdict=additions
    else
        verdict=incompatible
    fi
fi

cat "$out/abidiff.txt"
case $verdict in
    same)
        echo "abi-check: ok: abidiff reports no ABI change from $baseline_version"
        ;;
    additions)
        echo "abi-check: ok: compatible with $baseline_version, with additions only (above)"
        ;;
    incompatible)
        if [ "$major" != "$baseline_major" ]; then
            echo "abi-check: ok: the major version moved ($baseline_version -> $version):" \
                "the incompatible changes above are allowed; run make abi-baseline at the release"
        else
            echo "abi-check: FAILED: incompatible with $baseline_version (above) and the" \
                "major version is still $major; keep the ABI, or move ACS_VERSION_MAJOR"
            exit 1
        fi
        ;;
esac
exit 0
