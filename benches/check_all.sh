#!/usr/bin/env bash
# `aima check --all` over a tree of 1,000 systems x 4 rounds (4,000 files), against
# `aima portfolio` over the same tree, in the same run. Not a test: figures go to
# BENCHMARKS.md ("check --all", issue 21). Goal: check --all within 1.3x portfolio.
#
#   benches/check_all.sh          # builds the release binary first; AIMA=path for another
#   SYSTEMS=100 benches/check_all.sh
set -euo pipefail
# shellcheck source=benches/common.sh
source "$(dirname "$0")/common.sh"
systems=${SYSTEMS:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 benches/gen_assessments.py "$AIMA" "$work/tree" "$((systems * 4))" --dates 4 >/dev/null
echo "== $(find "$work/tree" -name '*.yaml' | wc -l) files; nproc $(nproc); $(uptime)"
# check exits 1 when a system is below its target: that is its answer, not a failure here.
hyperfine --style basic --warmup 1 --runs "${RUNS:-3}" -N -i \
    -n "portfolio" "$AIMA portfolio $work/tree" \
    -n "check --all" "$AIMA check --all $work/tree"
