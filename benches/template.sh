#!/usr/bin/env bash
# `aima export --to toolkit --template BOOK.xlsx` against the export without a template, on
# the release build, in the same run. Not a test: figures go to BENCHMARKS.md ("Filling the
# official workbook"). Goal: the template export within 2x the plain export.
#
#   benches/template.sh        # builds the release binary first; AIMA=path to measure another
#
# The template is a blank workbook in the toolkit's layout (the plain export of an empty
# assessment, which has the same sheets, rows, shared strings and formulas as OWASP's file).
# Counts instructions with valgrind's callgrind (repeatable on a busy machine) and wall time
# with hyperfine when installed.
set -euo pipefail
# shellcheck source=benches/common.sh
source "$(dirname "$0")/common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$AIMA" worksheet >"$work/blank.yaml"
"$AIMA" export "$work/blank.yaml" --to toolkit -o "$work/BOOK.xlsx" >/dev/null
answers=examples/acme-support-bot-2026-11.yaml
plain=("$AIMA" export "$answers" --to toolkit -o "$work/plain.xlsx")
filled=("$AIMA" export "$answers" --to toolkit --template "$work/BOOK.xlsx" -o "$work/filled.xlsx")

instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
if command -v valgrind >/dev/null; then
    a=$(instructions "${plain[@]}")
    b=$(instructions "${filled[@]}")
    echo "instructions: plain export $a, template export $b, ratio $(python3 -c "print(round($b/$a, 2))")"
fi
if command -v hyperfine >/dev/null; then
    hyperfine --style basic --warmup 3 --runs 20 -N \
        "$(printf '%q ' "${plain[@]}")" "$(printf '%q ' "${filled[@]}")"
fi
