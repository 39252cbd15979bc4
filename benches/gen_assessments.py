#!/usr/bin/env python3
"""Writes synthetic, complete aima assessments for the benchmarks.

Usage: gen_assessments.py AIMA OUT_DIR COUNT [SEED] [--dates D]

With --dates D the files form a portfolio: COUNT / D systems, each assessed on D dates
(90 days apart), as OUT_DIR/system-NNNNN/YYYY-MM-DD.yaml (the folder names the system).

Each file answers all the model's questions (codes taken from `AIMA model --format json`,
so the files follow the model the binary embeds): a mix of the five answer words, `na`
with a reason, a note on about half of the answers and evidence on a third, metadata and
targets. Files differ (seeded per file) and are valid, so `aima validate` reads each
completely. Deterministic for a given SEED.
"""

import datetime
import json
import os
import random
import subprocess
import sys


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def assessment(codes, domains, rng, index, date=None):
    lines = [
        "# Synthetic assessment for aima's benchmarks (benches/gen_assessments.py).",
        "aima: 1",
        "model: owasp-aima@1.0",
        "assessment:",
        f"  organization: {quote(f'Org {index:05d}')}",
        f"  scope: {quote('Customer-support chatbot (LLM), synthetic #' + str(index))}",
        "  assessor: Benchmark Generator",
        f"  date: {date or f'2026-{1 + index % 12:02d}-{1 + index % 28:02d}'}",
        "targets:",
        f"  default: {1 + index % 3}",
        f"  {rng.choice(domains)}: 3",
        "answers:",
    ]
    words = ["yes", "mostly", "partly", "no"]
    for code in codes:
        roll = rng.random()
        if roll < 0.05:
            lines.append(f"  {code}:")
            lines.append("    answer: na")
            lines.append(f"    reason: {quote('Not used in this system: ' + code)}")
            continue
        word = rng.choice(words)
        note = rng.random() < 0.5
        evidence = rng.random() < 0.33
        if not note and not evidence:
            lines.append(f"  {code}: {word}")
            continue
        lines.append(f"  {code}:")
        lines.append(f"    answer: {word}")
        if note:
            lines.append(
                "    note: "
                + quote(
                    f"{code}: reviewed with the team; owner J. Doe; follow-up in ticket "
                    f"SEC-{rng.randrange(10000)} | \"quoted\" <b>text</b> # not a comment"
                )
            )
        if evidence:
            lines.append("    evidence:")
            lines.append(f"      - {quote(f'https://wiki.example/aima/{code.lower()}')}")
            lines.append(f"      - {quote(f'docs/evidence/{code}.pdf')}")
    return "\n".join(lines) + "\n"


def main():
    args = sys.argv[1:]
    dates = None
    if "--dates" in args:
        at = args.index("--dates")
        dates = int(args[at + 1])
        del args[at:at + 2]
    if len(args) not in (3, 4):
        sys.exit(__doc__)
    aima, out_dir, count = args[0], args[1], int(args[2])
    seed = int(args[3]) if len(args) == 4 else 2026
    model = json.loads(subprocess.run([aima, "model", "--format", "json"], check=True,
                                      capture_output=True, text=True).stdout)
    domains = [d["id"] for d in model["domains"]]
    codes = [q["id"]
             for d in model["domains"] for p in d["practices"]
             for s in p["streams"] for q in s["questions"]]
    os.makedirs(out_dir, exist_ok=True)
    for i in range(count):
        rng = random.Random(seed * 1_000_003 + i)
        date = None
        if dates:
            date = (datetime.date(2024, 1, 1) + datetime.timedelta(days=90 * (i % dates))).isoformat()
            folder = os.path.join(out_dir, f"system-{i // dates:05d}")
            os.makedirs(folder, exist_ok=True)
            path = os.path.join(folder, f"{date}.yaml")
        else:
            path = os.path.join(out_dir, f"assessment-{i:05d}.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(assessment(codes, domains, rng, i, date))


if __name__ == "__main__":
    main()
