#!/bin/sh
# Checks that three lists of names are one and the same set:
#   - the functions the public header declares with ACS_API,
#   - the global names of the linker version script,
#   - the functions the shared library exports (nm -D --defined-only),
# and that every exported function carries the version node the script
# puts it in (nm -D prints it as name@@NODE). A name in one list and not in
# another means a function that is public but not exported, exported but
# not public, or missing from the version script; each difference is
# printed. The last line is the summary.
#
# Usage: exports.sh HEADER MAP SHARED_LIBRARY [NM]

set -u
LC_ALL=C
export LC_ALL

if [ $# -lt 3 ]; then
    echo "usage: $0 HEADER MAP SHARED_LIBRARY [NM]" >&2
    exit 2
fi
header=$1
map=$2
library=$3
NM=${4:-${NM:-nm}}

for file in "$header" "$map" "$library"; do
    if [ ! -r "$file" ]; then
        echo "exports: cannot read $file"
        echo "abi: 0 passed, 1 failed (exports: missing input)"
        exit 1
    fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/acs-exports.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

# Removes comments and preprocessor directives (with their continuation
# lines) from C text, keeping string and character literals intact, so that
# neither a comment that mentions ACS_API nor a macro's text is read as a
# declaration. What remains of each line is printed; newlines are kept.
strip_c() {
    awk '
    BEGIN { in_comment = 0; in_directive = 0 }
    {
        line = $0
        # A directive continued from the line before: skip it all.
        if (in_directive) {
            in_directive = (line ~ /\\$/)
            print ""
            next
        }
        if (!in_comment && line ~ /^[ \t]*#/) {
            in_directive = (line ~ /\\$/)
            print ""
            next
        }
        out = ""
        i = 1
        n = length(line)
        while (i <= n) {
            c = substr(line, i, 1)
            two = substr(line, i, 2)
            if (in_comment) {
                if (two == "*/") { in_comment = 0; i += 2; out = out " " }
                else i++
                continue
            }
            if (two == "/*") { in_comment = 1; i += 2; continue }
            if (two == "//") break
            if (c == "\"" || c == "'\''") {
                # Copy the literal whole, escapes included.
                quote = c
                out = out c
                i++
                while (i <= n) {
                    d = substr(line, i, 1)
                    out = out d
                    i++
                    if (d == "\\") { out = out substr(line, i, 1); i++; continue }
                    if (d == quote) break
                }
                continue
            }
            out = out c
            i++
        }
        print out
    }' "$1"
}

# The public functions: every declaration (the text between two of ";",
# "{" and "}") that holds the word ACS_API; its name is the last identifier
# before the first "(". A declaration may span several lines.
header_functions() {
    strip_c "$header" | tr '\n' ' ' | tr ';{}' '\n\n\n' | awk '
    /(^|[^A-Za-z0-9_])ACS_API([^A-Za-z0-9_]|$)/ {
        paren = index($0, "(")
        if (paren == 0) { print "?" $0; next }
        before = substr($0, 1, paren - 1)
        sub(/[ \t]+$/, "", before)
        if (match(before, /[A-Za-z_][A-Za-z0-9_]*$/)) print substr(before, RSTART)
        else print "?" $0
    }'
}

# The version script as "NAME NODE" lines: the names listed under
# "global:" in each node, with the node they are in. Comments (/* */, then
# #) are removed first; "local:" ends the global names of a node.
map_globals() {
    strip_c "$map" | sed -e 's/#.*//' | tr '\n' ' ' |
        sed -e 's/[{};:]/ & /g' | awk '
    {
        for (i = 1; i <= NF; i++) {
            word = $i
            if (word == "{") { depth++; node = previous; section = "global"; continue }
            if (word == "}") { depth--; section = ""; previous = ""; continue }
            if (word == ":") {
                if (previous == "global" || previous == "local") section = previous
                previous = ""
                continue
            }
            if (word == ";") {
                if (depth > 0 && section == "global" && previous != "") print previous, node
                previous = ""
                continue
            }
            previous = word
        }
    }'
}

# The library's exported functions as "NAME VERSION" lines, VERSION as nm
# prints it: "@@NODE" for the default version of a name, "@NODE" for an
# older one, "-" for none. Version definitions (nm type A) are not
# functions.
library_exports() {
    "$NM" -D --defined-only "$library" | awk '
    NF >= 3 && $2 != "A" {
        name = $3
        version = "-"
        at = index(name, "@")
        if (at > 0) {
            version = substr(name, at)
            name = substr(name, 1, at - 1)
        }
        print name, version
    }'
}

status=0
failures=0

if ! header_functions > "$work/header.raw"; then
    echo "exports: cannot read the declarations of $header"; exit 1
fi
if grep '^?' "$work/header.raw" > "$work/header.bad"; then
    echo "exports: ACS_API declarations in $header with no function name:"
    sed 's/^?/  /' "$work/header.bad"
    status=1; failures=$((failures + 1))
fi
grep -v '^?' "$work/header.raw" | sort > "$work/header.list"
map_globals | sort > "$work/map.pairs"
if ! library_exports | sort > "$work/library.pairs"; then
    echo "exports: $NM -D failed on $library"; exit 1
fi
cut -d' ' -f1 "$work/map.pairs" > "$work/map.list"
cut -d' ' -f1 "$work/library.pairs" > "$work/library.list"

# A name listed twice in one list is a mistake of its own.
for list in header map library; do
    uniq -d "$work/$list.list" > "$work/$list.duplicates"
    if [ -s "$work/$list.duplicates" ]; then
        echo "exports: names listed more than once ($list):"
        sed 's/^/  /' "$work/$list.duplicates"
        status=1; failures=$((failures + 1))
    fi
    sort -u "$work/$list.list" > "$work/$list.set"
done

if [ ! -s "$work/header.set" ]; then
    echo "exports: no ACS_API function found in $header"
    status=1; failures=$((failures + 1))
fi

# Prints the names in the first set and not in the second, under a title.
difference() {
    comm -23 "$work/$1.set" "$work/$2.set" > "$work/diff"
    if [ -s "$work/diff" ]; then
        echo "exports: $3:"
        sed 's/^/  /' "$work/diff"
        status=1; failures=$((failures + 1))
    fi
}
difference header map "declared ACS_API in $header but not global in $map"
difference map header "global in $map but not declared ACS_API in $header"
difference header library "declared ACS_API in $header but not exported by $library"
difference library header "exported by $library but not declared ACS_API in $header"
difference map library "global in $map but not exported by $library"
difference library map "exported by $library but not global in $map"

# Every exported name carries, as its default version, the node the
# version script puts it in.
join "$work/map.pairs" "$work/library.pairs" | awk '
    "@@" $2 != $3 {
        printf "  %s: in node %s of the map, exported as %s\n", $1, $2,
            ($3 == "-" ? $1 " (no version)" : $1 $3)
    }' > "$work/nodes"
if [ -s "$work/nodes" ]; then
    echo "exports: exported without the version node of the map:"
    cat "$work/nodes"
    status=1; failures=$((failures + 1))
fi

count=$(wc -l < "$work/header.set" | tr -d ' ')
nodes=$(cut -d' ' -f2 "$work/map.pairs" | sort -u | tr '\n' ' ' | sed 's/ $//')
if [ $status -eq 0 ]; then
    echo "exports: $count functions: header, $map and $library agree (nodes: $nodes)"
    echo "abi: 1 passed, 0 failed (exports: $count functions)"
else
    echo "abi: 0 passed, 1 failed (exports: $failures checks failed)"
fi
exit $status
