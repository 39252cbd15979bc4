#!/usr/bin/env bash
# Hashing evidence: `aima evidence FILE --check` over an answers file whose one evidence
# item is a 1 GiB file with a recorded digest, against `sha256sum` of the same file, in the
# same run (page cache warm for both). Not a test: figures go to BENCHMARKS.md
# ("Evidence digests"). Goal: within 1.5x sha256sum, and memory one buffer whatever the size.
#
#   benches/evidence.sh          # builds the release binary first; AIMA=path for another
#   SIZE_MB=256 benches/evidence.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [[ -z "${AIMA:-}" ]]; then
    cargo build --release --locked --quiet
    AIMA="${CARGO_TARGET_DIR:-$root/target}/release/aima"
fi
size=${SIZE_MB:-1024}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/docs"
head -c "$((size * 1024 * 1024))" /dev/urandom >"$work/docs/big.bin"
cat >"$work/a.yaml" <<'YAML'
aima: 1
model: owasp-aima@1.0
assessment:
  date: 2026-11-20
answers:
  GV-SM-A-1:
    answer: yes
    evidence:
      - docs/big.bin
YAML
cd "$work"
"$AIMA" evidence hash a.yaml
check=("$AIMA" evidence a.yaml --check)
"${check[@]}" >/dev/null
if command -v hyperfine >/dev/null; then
    hyperfine --style basic --warmup 1 --runs 5 -N \
        "sha256sum docs/big.bin" "$(printf '%q ' "${check[@]}")"
else
    for cmd in "sha256sum docs/big.bin" "${check[*]}"; do
        start=$(date +%s.%N)
        for _ in 1 2 3; do $cmd >/dev/null; done
        end=$(date +%s.%N)
        echo "$cmd: $(python3 -c "print(round(($end - $start) / 3, 3))") s per run"
    done
fi
# Peak memory of the check: one 256 KiB buffer, not the file.
/usr/bin/time -f "evidence --check peak RSS: %M KiB" "${check[@]}" >/dev/null
