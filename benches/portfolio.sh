#!/usr/bin/env bash
# aima portfolio over many files, on the release build. Not a test: figures go to
# BENCHMARKS.md ("Portfolio").
#
#   benches/portfolio.sh                    # builds the release binary first
#   AIMA=target/release/aima benches/portfolio.sh
#   HUGE=0 benches/portfolio.sh             # skip the 100,000-file run (1.8 GB of files)
#   WORK=/tmp/aima-bench benches/portfolio.sh  # keep the generated files there, and reuse them
#
# (c) `aima portfolio` over 1,000 files (100 systems x 10 dates) and 10,000 files
#     (1,000 systems x 10 dates): the ratio of wall times (linear: 10), against `aima
#     validate` over the same files (goal: portfolio within 1.3x), CPU / wall (cores busy)
#     and peak memory (maximum resident set, from /usr/bin/time -v).
# (d) 100,000 files (10,000 systems x 10 dates) in one call, through the folder.
set -euo pipefail

# shellcheck source=benches/common.sh
source "$(dirname "$0")/common.sh"
runs=${RUNS:-5}
if [[ -n "${WORK:-}" ]]; then
    work=$WORK
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
# gen DIR COUNT: a portfolio of COUNT files, 10 dates per system (kept when already there).
gen() {
    if [[ ! -f "$work/$1.done" ]]; then
        rm -rf "${work:?}/$1"
        python3 benches/gen_assessments.py "$AIMA" "$work/$1" "$2" --dates 10
        touch "$work/$1.done"
    fi
}

echo "== machine: nproc $(nproc); $(uptime)"
gen small 1000
gen large 10000
echo "1,000 files: $(du -sh "$work/small" | cut -f1); 10,000 files: $(du -sh "$work/large" | cut -f1)"

# measure NAME COMMAND...: best wall, its user+sys, and the peak RSS (KB) over $runs runs.
measure() {
    local name=$1 best="" line
    shift
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" >/dev/null 2>"$work/$name.err" || true
        line=$(tail -1 "$work/$name.time")
        if [[ -z "$best" ]] || python3 -c "import sys; sys.exit(0 if float('${line%% *}') < float('${best%% *}') else 1)"; then
            best=$line
        fi
    done
    echo "$best"
}

for set in small large; do
    printf '#!/bin/sh\nexec %q validate --separate %q/*/*.yaml\n' "$AIMA" "$work/$set" >"$work/validate-$set.sh"
    chmod +x "$work/validate-$set.sh"
done
declare -A result
for set in small large; do
    result[portfolio-$set]=$(measure "portfolio-$set" "$AIMA" portfolio "$work/$set" --format json)
    result[validate-$set]=$(measure "validate-$set" "$work/validate-$set.sh")
done

ratio() { python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f"{a / b:.2f}" if b else "n/a")' "$1" "$2"; }
echo
echo "== (c) best of $runs runs: wall s, user s, sys s, peak RSS KB; cpu/wall"
for key in portfolio-small validate-small portfolio-large validate-large; do
    read -r wall user sys rss <<<"${result[$key]}"
    cpu=$(python3 -c "print($user + $sys)")
    printf '%-16s wall %7.2f  user+sys %7.2f  cores busy %s  peak %6d MB\n' "$key" "$wall" "$cpu" "$(ratio "$cpu" "$wall")" "$((rss / 1024))"
done
w() { echo "${result[$1]%% *}"; }
echo "portfolio 10k / 1k: $(ratio "$(w portfolio-large)" "$(w portfolio-small)") (linear: 10)"
echo "portfolio / validate: 1k $(ratio "$(w portfolio-small)" "$(w validate-small)"), 10k $(ratio "$(w portfolio-large)" "$(w validate-large)")"

if [[ "${HUGE:-1}" != 0 ]]; then
    gen huge 100000
    echo
    echo "== (d) 100,000 files in one call: $(du -sh "$work/huge" | cut -f1)"
    /usr/bin/time -f 'wall %e s  user %U s  sys %S s  peak %M KB' "$AIMA" portfolio "$work/huge" --format json >"$work/huge.json"
    python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); print(len(p["systems"]), "systems,", p["assessments"], "assessments")' "$work/huge.json"
fi
