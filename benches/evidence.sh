#!/usr/bin/env bash
# Hashing evidence: `aima evidence FILE --check` over an answers file whose evidence is 1 GiB
# of files (one, or FILES of them) with recorded digests, against `sha256sum` of the same files, in the
# same run (page cache warm for both). Not a test: figures go to BENCHMARKS.md
# ("Evidence digests"). Goal (issue 22): at least 80 % of sha256sum's throughput (files hashed
# in parallel, each read once), and memory one buffer whatever the size.
#
#   benches/evidence.sh          # builds the release binary first; AIMA=path for another
#   SIZE_MB=256 benches/evidence.sh
#   FILES=1000 benches/evidence.sh   # the same bytes as FILES files (hashed in parallel)
set -euo pipefail
# shellcheck source=benches/common.sh
source "$(dirname "$0")/common.sh"
size=${SIZE_MB:-1024}
files=${FILES:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/docs"
printf 'aima: 1\nmodel: owasp-aima@1.0\nassessment:\n  date: 2026-11-20\nanswers:\n  GV-SM-A-1:\n    answer: yes\n    evidence:\n' >"$work/a.yaml"
for i in $(seq 1 "$files"); do
    head -c "$((size * 1024 * 1024 / files))" /dev/urandom >"$work/docs/part-$i.bin"
    echo "      - docs/part-$i.bin" >>"$work/a.yaml"
done
cd "$work"
"$AIMA" evidence hash a.yaml
check=("$AIMA" evidence a.yaml --check)
sums="sha256sum $(echo docs/*.bin)"
"${check[@]}" >/dev/null
if command -v hyperfine >/dev/null; then
    hyperfine --style basic --warmup 1 --runs 5 -N \
        -n "sha256sum of the $files file(s)" "$sums" \
        -n "aima evidence --check" "$(printf '%q ' "${check[@]}")"
else
    for cmd in "$sums" "${check[*]}"; do
        start=$(date +%s.%N)
        for _ in 1 2 3; do $cmd >/dev/null; done
        end=$(date +%s.%N)
        echo "$cmd: $(python3 -c "print(round(($end - $start) / 3, 3))") s per run"
    done
fi
# Peak memory of the check: one 256 KiB buffer, not the file.
/usr/bin/time -f "evidence --check peak RSS: %M KiB" "${check[@]}" >/dev/null
