#!/usr/bin/env bash
# `aima import` of workbooks up to 16 MiB (the import limit) against the import of the
# example workbook (examples/acme-support-bot-2026-11.xlsx, 23 KB), in the same run, on the
# release build. Not a test: figures go to BENCHMARKS.md ("Importing workbooks").
# Goals (issue #20): every workbook up to 16 MiB imports (or is refused) within 2 s and
# 64 MiB + 4 x its size of memory; the example workbook is the baseline of the ratios.
#
#   benches/import.sh          # builds the release binary first; AIMA=path to measure another
#   RUNS=5 benches/import.sh   # runs per file (the median is reported)
#
# The large workbooks are the example with one part grown to the limits a reader meets
# (generated here, never committed):
#   strings-N    xl/sharedStrings.xml with unreferenced strings added (stored, so the file is
#                N MiB), up to 1,000,000 strings;
#   cells-N      the sheet `aima` with rows of text cells (up to 200,000 cells, 8 MiB of
#                text), stored: calamine reads them all, then aima refuses the first row
#                (its key is not one the sheet has);
#   deflated-16  both parts grown with random text, deflated, to 16 MiB of file (unpacking to
#                under the 32 MiB limit).
# Wall time is the median of RUNS runs (date +%s%N); memory is the peak RSS from
# /usr/bin/time -f %M.
set -euo pipefail
# shellcheck source=benches/common.sh
source "$(dirname "$0")/common.sh"
RUNS=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[[ -n "${KEEP:-}" ]] && trap - EXIT && echo "workbooks in $work"
base=examples/acme-support-bot-2026-11.xlsx

python3 - "$base" "$work" <<'PY'
import random, sys, zipfile
base, work = sys.argv[1], sys.argv[2]
MIB = 1024 * 1024
src = zipfile.ZipFile(base)
parts = {i.filename: src.read(i.filename) for i in src.infolist()}

def write(name, changed, method):
    with zipfile.ZipFile(f"{work}/{name}.xlsx", "w") as z:
        for filename, data in parts.items():
            data = changed.get(filename, data)
            z.writestr(zipfile.ZipInfo(filename), data, compress_type=method)

def text(n, rng):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(n))

def strings(size, rng, compressible=True):
    xml = parts["xl/sharedStrings.xml"].decode()
    head, rest = xml.split("<si>", 1)
    count = xml.count("<si>")
    extra, total, n = [], len(xml), 0
    unit = 200 if compressible else 1000
    while total < size and count + n < 1_000_000:
        s = f"<si><t>{n} {text(unit, rng) if not compressible else 'x' * unit}</t></si>"
        extra.append(s); total += len(s); n += 1
    head = head.replace(f'count="{count}"', f'count="{count + n}"', 1)
    head = head.replace(f'uniqueCount="{count}"', f'uniqueCount="{count + n}"', 1)
    return (head + "<si>" + rest.replace("</sst>", "".join(extra) + "</sst>")).encode()

def cells(size, rng, compressible=True):
    xml = parts["xl/worksheets/sheet4.xml"].decode()
    rows, total, r, cells = [], len(xml), 100, 0
    per = 40 if compressible else 40
    while total < size and cells < 199_000 and (cells * per) < 8 * MIB - MIB:
        value = "y" * per if compressible else text(per, rng)
        row = f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>note.GV-SM-A-1</t></is></c><c r="B{r}" t="inlineStr"><is><t>{value}</t></is></c></row>'
        rows.append(row); total += len(row); r += 1; cells += 2
    return xml.replace("</sheetData>", "".join(rows) + "</sheetData>").encode()

rng = random.Random(20)
for mib in (1, 4, 16):
    write(f"strings-{mib}", {"xl/sharedStrings.xml": strings(mib * MIB - 200_000, rng)}, zipfile.ZIP_STORED)
    write(f"cells-{mib}", {"xl/worksheets/sheet4.xml": cells(mib * MIB - 200_000, rng)}, zipfile.ZIP_STORED)
write("deflated-16", {
    "xl/sharedStrings.xml": strings(18 * MIB, rng, compressible=False),
    "xl/worksheets/sheet4.xml": cells(9 * MIB, rng, compressible=False),
}, zipfile.ZIP_DEFLATED)
PY
cp "$base" "$work/example.xlsx"

# Median wall time in ms of RUNS imports of $1, and the peak RSS in KiB of one more.
measure() {
    local times=() i start end
    for ((i = 0; i < RUNS; i++)); do
        start=$(date +%s%N)
        "$AIMA" import "$1" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        times+=($(((end - start) / 1000)))
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
    local rss
    rss=$({ /usr/bin/time -f %M "$AIMA" import "$1" 2>&1 >/dev/null || true; } | tail -1)
    echo "$median $rss"
}

read -r base_us base_rss < <(measure "$work/example.xlsx")
printf '| workbook | size | outcome | wall time | ratio to the example | peak RSS | memory goal (64 MiB + 4 x size) |\n'
printf '|---|---:|---|---:|---:|---:|---:|\n'
for name in example strings-1 cells-1 strings-4 cells-4 strings-16 cells-16 deflated-16; do
    book="$work/$name.xlsx"
    size=$(stat -c %s "$book")
    if "$AIMA" import "$book" >/dev/null 2>"$work/err"; then outcome=imported; else outcome="refused: $(sed "s|$work/||" "$work/err" | head -c 50 | tr '\n|' '  ')…"; fi
    read -r us rss < <(measure "$book")
    goal=$(((64 * 1024 * 1024 + 4 * size) / 1024))
    verdict=$([[ $us -le 2000000 && $rss -le $goal ]] && echo within || echo OVER)
    printf '| %s | %.1f MiB | %s | %d ms | %.1f | %d MiB | %d MiB (%s) |\n' "$name" \
        "$(python3 -c "print($size/1048576)")" "$outcome" $((us / 1000)) \
        "$(python3 -c "print($us/$base_us)")" $((rss / 1024)) $((goal / 1024)) "$verdict"
done
