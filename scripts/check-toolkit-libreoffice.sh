#!/usr/bin/env bash
# Checks that a workbook written by `aima export --to toolkit` opens in LibreOffice and that
# LibreOffice, recalculating every formula itself, gets the practice scores aima computes.
#
#   scripts/check-toolkit-libreoffice.sh
#
# Needs LibreOffice Calc (Debian: apt-get install -y libreoffice-calc-nogui) and python3.
# Not part of `cargo test`: LibreOffice is a large install. docs/interchange.md says more.
#
# Steps: build aima; write an assessment with every answer filled (no n/a, so the workbook's
# SUM/6 and aima's toolkit score must agree) and notes that look like formulas; export it;
# remove the cached formula results from the workbook, so LibreOffice cannot show them and
# must compute; have LibreOffice headless convert 'Assessment Questions' and 'Results' to
# CSV; compare its F and D cells with `aima score --format json`, and check the notes came
# through as text. Last, LibreOffice saves the workbook as .xlsx again, as a user who edits it
# there would, and `aima import` of that file must give back the same assessment.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v soffice >/dev/null || { echo "soffice not found: install LibreOffice Calc" >&2; exit 2; }
cargo build --quiet
aima="$root/target/debug/aima"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 1. A complete assessment, answers varied per practice (scores from 0.00 to 3.00); two notes
#    that look like formulas.
"$aima" worksheet | python3 -c '
import re, sys
words = ["no", "partly", "mostly", "yes"]
def word(i):
    k, pos = divmod(i, 6)
    return words[3] if k == 23 else words[(k * 5 + pos * (k % 4) + k // 4) % 4]
i = 0
for line in sys.stdin:
    m = re.match(r"^  ([A-Z]{2}-[A-Z]{2}-[AB]-[123]): ~$", line)
    if m:
        code = m.group(1)
        if code == "GV-PC-A-1":
            print(f"  {code}: {{answer: yes, note: \"=1+1\"}}")
        elif code == "OP-OM-B-3":
            print(f"  {code}: {{answer: partly, note: \"@SUM(A1:A2)\"}}")
        else:
            print(f"  {code}: {word(i)}")
        i += 1
    else:
        print(line, end="")
' > "$work/filled.yaml"
"$aima" validate "$work/filled.yaml" >/dev/null
"$aima" export "$work/filled.yaml" --to toolkit -o "$work/book.xlsx"

# 2. Drop every cached formula result (<v> inside a formula cell).
python3 - "$work/book.xlsx" "$work/nocache.xlsx" <<'PY'
import re, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
dropped = 0
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename.startswith("xl/worksheets/sheet"):
            text = data.decode("utf-8")
            text, n = re.subn(r"(<f>[^<]*</f>)<v>[^<]*</v>", r"\1", text)
            dropped += n
            data = text.encode("utf-8")
        zout.writestr(item, data)
print(f"cached formula results removed: {dropped}")
PY

# 3. LibreOffice: recalculate always on load (own profile), convert sheets 2 and 3 to CSV.
profile="$work/profile"
mkdir -p "$profile/user"
cat > "$profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU
for sheet in 2 3; do
  mkdir -p "$work/out$sheet"
  soffice -env:UserInstallation="file://$profile" --headless --calc \
    --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,$sheet" \
    --outdir "$work/out$sheet" "$work/nocache.xlsx" >/dev/null 2>&1
done
questions_csv="$(ls "$work"/out2/*.csv)"
results_csv="$(ls "$work"/out3/*.csv)"

# 4. Compare with aima.
"$aima" score "$work/filled.yaml" --format json > "$work/score.json"
python3 - "$work/score.json" "$questions_csv" "$results_csv" <<'PY'
import csv, json, sys
score = json.load(open(sys.argv[1]))
questions = list(csv.reader(open(sys.argv[2], encoding="utf-8")))
results = list(csv.reader(open(sys.argv[3], encoding="utf-8")))
practices = [p for d in score["domains"] for p in d["practices"]]
failures = 0
print(f"{'practice':8} {'aima':>6} {'F (LO)':>7} {'Results D (LO)':>15}")
for i, p in enumerate(practices):
    d, k = divmod(i, 3)
    row = 6 + 22 * d + 7 * k + 1          # the score cell F, 1-based
    f = f"{float(questions[row - 1][5]):.2f}"      # LibreOffice's full value, to 2 decimals
    r = f"{float(results[4 + 3 * d + k - 1][3]):.2f}"
    want = f"{p['score']:.2f}"
    ok = f == want and r == want
    failures += not ok
    print(f"{p['id']:8} {want:>6} {f:>7} {r:>15} {'ok' if ok else 'MISMATCH'}")
notes = {questions[35][6], questions[179][6]}
if notes != {"=1+1", "@SUM(A1:A2)"}:
    failures += 1
    print(f"notes not kept as text: {notes}")
else:
    print("notes '=1+1' and '@SUM(A1:A2)' stayed text in LibreOffice")
print(f"{len(practices)} of {len(practices)} practice scores match" if failures == 0 else f"FAILED: {failures} mismatches")
sys.exit(1 if failures else 0)
PY

# 5. Saved again by LibreOffice: import gives back the same assessment.
mkdir -p "$work/resaved"
soffice -env:UserInstallation="file://$profile" --headless --calc \
  --convert-to "xlsx:Calc MS Excel 2007 XML" --outdir "$work/resaved" "$work/book.xlsx" >/dev/null 2>&1
"$aima" import "$work/resaved/book.xlsx" -o "$work/back.yaml"
"$aima" diff "$work/filled.yaml" "$work/back.yaml" --fail-on-regression | tail -1
