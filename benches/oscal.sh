#!/usr/bin/env bash
# `aima export --to oscal` of a full assessment against `aima score --format json` of the
# same file, in the same run. Not a test: figures go to BENCHMARKS.md ("OSCAL export").
# Goal: the OSCAL export within 2x the score.
#
#   benches/oscal.sh        # builds the release binary first; AIMA=path to measure another
#
# The assessment answers all 144 questions, with notes, evidence and n/a reasons
# (benches/gen_assessments.py). Counts instructions with valgrind's callgrind (repeatable on
# a busy machine) and wall time with hyperfine when installed.
set -euo pipefail
# shellcheck source=benches/common.sh
source "$(dirname "$0")/common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 benches/gen_assessments.py "$AIMA" "$work/in" 1 26 >/dev/null
answers=$(ls "$work"/in/*.yaml | head -1)
score=("$AIMA" score "$answers" --format json)
oscal=("$AIMA" export "$answers" --to oscal -o "$work/results.json")

instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
if command -v valgrind >/dev/null; then
    a=$(instructions "${score[@]}")
    b=$(instructions "${oscal[@]}")
    echo "instructions: score --format json $a, export --to oscal $b, ratio $(python3 -c "print(round($b/$a, 2))")"
fi
if command -v hyperfine >/dev/null; then
    hyperfine --style basic --warmup 3 --runs 20 -N \
        "$(printf '%q ' "${score[@]}")" "$(printf '%q ' "${oscal[@]}")"
fi
echo "results.json: $(wc -c <"$work/results.json") bytes"
