#!/usr/bin/env bash
# aima's benchmarks, on the release build. Not a test: figures go to BENCHMARKS.md.
#
#   benches/run.sh            # all of it (builds the release binary first)
#   AIMA=path/to/aima benches/run.sh   # measure a binary built elsewhere
#   SMALL=100 LARGE=1000 benches/run.sh # other file counts for (b), e.g. a quick look
#   PORTFOLIO=0 benches/run.sh          # skip (c) and (d), the portfolio runs (benches/portfolio.sh)
#
# (a) start-up: `aima report` (and `aima score`) on one complete assessment with notes,
#     against `aima --version`. The model is compiled into the binary by build.rs, so
#     start-up parses nothing; the ratio shows what loading, scoring and rendering cost.
# (b) `aima validate` over 1,000 and 10,000 separate assessment files: the ratio of wall
#     times should be about 10 (linear), and CPU time (user + sys) well above wall time
#     (validate checks files on all cores).
#
# Uses hyperfine when installed (apt install hyperfine; NO_HYPERFINE=1 to skip it), else a
# timing loop with bash's `time`; instruction
# counts with valgrind's callgrind when installed (no hardware counters needed).
set -euo pipefail

# shellcheck source=benches/common.sh
source "$(dirname "$0")/common.sh"
small=${SMALL:-1000}
large=${LARGE:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== machine"
echo "nproc: $(nproc)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "rustc: $(rustc --version)"
echo "aima: $("$AIMA" --version)"
echo "hyperfine: $(command -v hyperfine >/dev/null && hyperfine --version || echo 'not installed')"
echo

echo "== generating assessments"
python3 benches/gen_assessments.py "$AIMA" "$work/one" 1
python3 benches/gen_assessments.py "$AIMA" "$work/small" "$small"
python3 benches/gen_assessments.py "$AIMA" "$work/large" "$large"
one="$work/one/assessment-00000.yaml"
echo "one file: $(wc -c <"$one") bytes; $small files: $(du -sh "$work/small" | cut -f1); $large files: $(du -sh "$work/large" | cut -f1)"
echo

# mean_seconds NAME RUNS COMMAND...: mean wall time in seconds, also user and sys means;
# prints "wall user sys".
mean_seconds() {
    local name=$1 runs=$2
    shift 2
    if [[ -z "${NO_HYPERFINE:-}" ]] && command -v hyperfine >/dev/null; then
        hyperfine --style none --warmup 3 --runs "$runs" -N --export-json "$work/$name.json" \
            -- "$(printf '%q ' "$@")" >/dev/null
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["mean"], r["user"], r["system"])' \
            "$work/$name.json"
    else
        TIMEFORMAT='%R %U %S'
        # bash's `time` over the whole loop: wall, user and sys, divided by the runs.
        { time (for ((i = 0; i < runs; i++)); do "$@" >/dev/null 2>&1 || true; done); } 2>"$work/$name.time"
        awk -v n="$runs" '{ printf "%.6f %.6f %.6f\n", $1 / n, $2 / n, $3 / n }' "$work/$name.time"
    fi
}

# instructions COMMAND...: instructions executed (callgrind), or "n/a".
instructions() {
    if command -v valgrind >/dev/null; then
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
            sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -1
    else
        echo n/a
    fi
}

ratio() { python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f"{a / b:.2f}" if b else "n/a")' "$1" "$2"; }

echo "== (a) one complete assessment against --version (means of 100 runs)"
read -r version_wall _ _ < <(mean_seconds version 100 "$AIMA" --version)
version_instr=$(instructions "$AIMA" --version)
printf '%-28s %10.2f ms  %14s instructions\n' "aima --version" "$(ratio "$version_wall" 0.001)" "$version_instr"
for cmd in score report; do
    if ! "$AIMA" "$cmd" "$one" >/dev/null 2>&1; then
        echo "$cmd: not available in this build"
        continue
    fi
    read -r wall _ _ < <(mean_seconds "$cmd" 100 "$AIMA" "$cmd" "$one")
    instr=$(instructions "$AIMA" "$cmd" "$one")
    printf '%-28s %10.2f ms  %14s instructions\n' "aima $cmd FILE" "$(ratio "$wall" 0.001)" "$instr"
    echo "  ratio to --version: wall $(ratio "$wall" "$version_wall"), instructions $(ratio "$instr" "$version_instr")"
done
echo

echo "== (b) aima validate over $small and $large separate files (means of 5 runs)"
# Through a script that expands the file list itself: 10,000 paths in one argument of
# hyperfine's would pass Linux's 128 KiB limit for a single argument.
for set in small large; do
    printf '#!/bin/sh\nexec %q validate %q/*.yaml\n' "$AIMA" "$work/$set" >"$work/validate-$set.sh"
    chmod +x "$work/validate-$set.sh"
done
read -r small_wall small_user small_sys < <(mean_seconds small 5 "$work/validate-small.sh")
read -r large_wall large_user large_sys < <(mean_seconds large 5 "$work/validate-large.sh")
report_validate() {
    local count=$1 wall=$2 user=$3 sys=$4 cpu
    cpu=$(python3 -c "print($user + $sys)")
    printf '%6s files: wall %8.3f s  user+sys %8.3f s  cores busy (cpu / wall) %s\n' \
        "$count" "$wall" "$cpu" "$(ratio "$cpu" "$wall")"
}
report_validate "$small" "$small_wall" "$small_user" "$small_sys"
report_validate "$large" "$large_wall" "$large_user" "$large_sys"
echo "ratio $large / $small files: wall $(ratio "$large_wall" "$small_wall") (linear: $(ratio "$large" "$small"))"

# (c) and (d): aima portfolio over 1,000, 10,000 and 100,000 files (benches/portfolio.sh).
if [[ "${PORTFOLIO:-1}" != 0 ]]; then
    echo
    AIMA="$AIMA" benches/portfolio.sh
fi
