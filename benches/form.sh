#!/usr/bin/env bash
# The browser questionnaire (BENCHMARKS.md): its size, and how long until it is ready in
# Chromium, against a page of the same size that runs no script, opened in the same run.
#
#   benches/form.sh           # builds the release binary first
#   AIMA=path/to/aima RUNS=50 benches/form.sh
set -euo pipefail
# shellcheck source=benches/common.sh
source "$(dirname "$0")/common.sh"
[[ -d tests/browser/node_modules/playwright-core ]] || npm ci --prefix tests/browser --no-audit --no-fund --silent
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$AIMA" worksheet --format html -o "$work/form.html" >/dev/null
# The baseline: the same bytes with the script turned into a comment of the same length.
python3 - "$work/form.html" "$work/baseline.html" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r"<script>(.*)</script>", lambda m: "<!--" + "x" * (len(m.group(1)) - 7) + "-->", text, flags=re.S)
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
echo "form: $(wc -c <"$work/form.html") bytes (144 questions); baseline: $(wc -c <"$work/baseline.html") bytes"
node benches/form.mjs "$work/form.html" "$work/baseline.html" "${RUNS:-20}"
