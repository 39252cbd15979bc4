#!/usr/bin/env bash
# `aima report --format html` against `aima report` (Markdown) on the same complete
# assessment, on the release build. Not a test: figures go to BENCHMARKS.md ("HTML report").
#
#   benches/report_html.sh                 # builds the release binary first
#   AIMA=path/to/aima RUNS=50 benches/report_html.sh
#
# Goal (issue 25): HTML within 1.5 x Markdown. Both runs read, check and score the same file;
# the HTML page also lays out the charts, the executive page and one line per framework of
# the crosswalk (which Markdown shows only with --framework), so the same file with
# `--framework` for all four frameworks is measured too (the Markdown then holds the full
# clause sections).
set -euo pipefail

# shellcheck source=benches/common.sh
source "$(dirname "$0")/common.sh"
runs=${RUNS:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 benches/gen_assessments.py "$AIMA" "$work/one" 1 >/dev/null
one="$work/one/assessment-00000.yaml"
all=eu-ai-act,iso-42001,nist-ai-rmf,owasp-samm

echo "== machine"
echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "aima: $("$AIMA" --version); file: $(wc -c <"$one") bytes; runs: $runs (interleaved)"

# Interleaved runs, so load from other processes falls on both sides alike; mean wall
# seconds of each command.
measure() {
    python3 - "$runs" "$@" <<'PY'
import subprocess, sys, time
runs, cmds = int(sys.argv[1]), [c.split("\x1f") for c in sys.argv[2:]]
totals = [0.0] * len(cmds)
for _ in range(3):
    for c in cmds:
        subprocess.run(c, stdout=subprocess.DEVNULL, check=True)
for _ in range(runs):
    for i, c in enumerate(cmds):
        t = time.perf_counter()
        subprocess.run(c, stdout=subprocess.DEVNULL, check=True)
        totals[i] += time.perf_counter() - t
print(" ".join(f"{t / runs:.6f}" for t in totals))
PY
}
sep=$'\x1f'
read -r md html md_fw html_fw < <(measure \
    "$AIMA${sep}report${sep}$one" \
    "$AIMA${sep}report${sep}$one${sep}--format${sep}html" \
    "$AIMA${sep}report${sep}$one${sep}--framework${sep}$all" \
    "$AIMA${sep}report${sep}$one${sep}--framework${sep}$all${sep}--format${sep}html")
ratio() { python3 -c 'import sys; print(f"{float(sys.argv[1]) / float(sys.argv[2]):.2f}")' "$1" "$2"; }
echo
echo "== report, mean wall time (ms)"
printf '%-34s %8.2f\n' "markdown" "$(python3 -c "print($md*1000)")"
printf '%-34s %8.2f   ratio %s\n' "html" "$(python3 -c "print($html*1000)")" "$(ratio "$html" "$md")"
printf '%-34s %8.2f\n' "markdown --framework (all four)" "$(python3 -c "print($md_fw*1000)")"
printf '%-34s %8.2f   ratio %s\n' "html --framework (all four)" "$(python3 -c "print($html_fw*1000)")" "$(ratio "$html_fw" "$md_fw")"
echo "output bytes: markdown $("$AIMA" report "$one" | wc -c), html $("$AIMA" report "$one" --format html | wc -c)"
if command -v valgrind >/dev/null; then
    count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -1; }
    a=$(count "$AIMA" report "$one"); b=$(count "$AIMA" report "$one" --format html)
    echo "instructions: markdown $a, html $b, ratio $(ratio "$b" "$a")"
fi
