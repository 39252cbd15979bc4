#!/usr/bin/env bash
# Policies (docs/policy.md) against a plain `aima check`, in the same run. Not a test:
# figures go to BENCHMARKS.md ("Policy as code").
#
#   benches/policy.sh              # builds the release binary first; AIMA=path for another
#   SMALL=100 LARGE=1000 benches/policy.sh   # the system counts of (b)
#
# (a) One complete assessment (benches/gen_assessments.py: 144 answers, notes, evidence) in
#     a project whose aima.toml names its system (high-risk under the EU AI Act):
#     `check FILE` against `check FILE --policy ONE.rego` and `--policy examples/policies`
#     (all five). Goal: one policy adds at most 20 % to check. Instructions by callgrind
#     (every thread; repeatable on a busy machine), wall time by hyperfine when installed,
#     else a loop under bash's `time`.
# (b) The five example policies over every system of a portfolio: SMALL and LARGE systems,
#     one assessment each, one aima.toml naming them all; `check SYSTEM/*.yaml --policy
#     examples/policies -f json` once per system, against `check SYSTEM/*.yaml -f json`
#     over the same systems in the same run, each system with its own aima.toml. Goal:
#     linear (the time per system stays the same when the portfolio grows tenfold). CPU
#     time of each whole loop (user + sys), and the instructions of one system's check.
#     Then one aima.toml naming every system: the instructions of one system's check.
# (c) `check --all` of the portfolio of (b2) in one process, with and without the five
#     policies, at SMALL and LARGE systems: CPU time (user + sys). Goal: linear.
set -euo pipefail
# shellcheck source=benches/common.sh
source "$(dirname "$0")/common.sh"
small=${SMALL:-100}
large=${LARGE:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1796083200 # 2026-12-01: the same ages in every run
policies="$root/examples/policies"

# portfolio DIR COUNT [each]: COUNT systems of one assessment each (every other one
# high-risk), each file saying its system; one DIR/aima.toml naming them all, or with
# `each` one aima.toml per system folder naming that system.
portfolio() {
    python3 benches/gen_assessments.py "$AIMA" "$1" "$2" --dates 1 >/dev/null
    python3 - "$1" "${3:-shared}" <<'EOF'
import os, sys
root, layout = sys.argv[1], sys.argv[2]
systems = sorted(d for d in os.listdir(root) if d.startswith("system-"))
shared = open(os.path.join(root, "aima.toml"), "w")
for i, s in enumerate(systems):
    risk = "high-risk" if i % 2 == 0 else "limited"
    entry = (f'[systems.{s}]\nname = "System {i}"\nlifecycle = "production"\n'
             f'eu_ai_act = {{ role = "deployer", risk = "{risk}" }}\n')
    if layout == "each":
        with open(os.path.join(root, s, "aima.toml"), "w") as own:
            own.write(entry)
    else:
        shared.write(entry)
    for name in os.listdir(os.path.join(root, s)):
        if not name.endswith(".yaml"):
            continue
        path = os.path.join(root, s, name)
        text = open(path).read().replace("assessment:\n", f"assessment:\n  system: {s}\n", 1)
        open(path, "w").write(text)
EOF
}

# instructions COMMAND...: instructions executed, every thread (check exits 1 when it fails).
instructions() {
    { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null || true; } |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -1
}
ratio() { python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f"{a / b:.3f}" if b else "n/a")' "$1" "$2"; }

# loop_cpu RUNS COMMAND...: wall, and user + sys, in seconds, of RUNS runs (bash's `time`).
loop_cpu() {
    local runs=$1
    shift
    TIMEFORMAT='%R %U %S'
    { time (for ((i = 0; i < runs; i++)); do "$@" >/dev/null 2>&1 || true; done); } 2>"$work/loop.time"
    awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$work/loop.time"
}

echo "== machine: nproc $(nproc); $(uptime)"
echo "aima: $("$AIMA" --version)"
portfolio "$work/one" 1
one=$(ls "$work"/one/system-*/*.yaml)
config=("--config" "$work/one/aima.toml")
plain=("$AIMA" "${config[@]}" check "$one" -f json)
single=("${plain[@]}" --policy "$policies/high-risk-data.rego")
five=("${plain[@]}" --policy "$policies")

echo
echo "== (a) one assessment: check, check with one policy, check with the five"
if command -v valgrind >/dev/null; then
    a=$(instructions "${plain[@]}")
    b=$(instructions "${single[@]}")
    c=$(instructions "${five[@]}")
    echo "instructions: check $a; + high-risk-data.rego $b (ratio $(ratio "$b" "$a")); + the five $c (ratio $(ratio "$c" "$a"))"
fi
if command -v hyperfine >/dev/null; then
    hyperfine --style basic --warmup 3 --runs 50 -N -i \
        "$(printf '%q ' "${plain[@]}")" "$(printf '%q ' "${single[@]}")" "$(printf '%q ' "${five[@]}")"
else
    # Interleaved, so that a change of load hits all three alike.
    tp=0 ts=0 tf=0
    for round in 1 2 3 4 5; do
        read -r _ p < <(loop_cpu 20 "${plain[@]}")
        read -r _ s < <(loop_cpu 20 "${single[@]}")
        read -r _ f < <(loop_cpu 20 "${five[@]}")
        tp=$(python3 -c "print($tp + $p)") ts=$(python3 -c "print($ts + $s)") tf=$(python3 -c "print($tf + $f)")
    done
    echo "CPU per run (100 runs each, interleaved): check $(python3 -c "print(round($tp * 10, 2))") ms;" \
        "+ one policy $(python3 -c "print(round($ts * 10, 2))") ms (ratio $(ratio "$ts" "$tp"));" \
        "+ the five $(python3 -c "print(round($tf * 10, 2))") ms (ratio $(ratio "$tf" "$tp"))"
fi

echo
echo "== (b) the five policies over every system: $small and $large systems, against check alone"
# (b1) each system with its own aima.toml: what the policies add per system.
for n in "$small" "$large"; do
    portfolio "$work/p$n" "$n" each
    for kind in plain five; do
        extra=""
        [[ $kind == five ]] && extra="--policy $(printf %q "$policies")"
        printf '#!/bin/sh\nfor s in %q/system-*; do %q --config "$s"/aima.toml check "$s"/*.yaml -f json %s >/dev/null 2>&1; done\n' \
            "$work/p$n" "$AIMA" "$extra" >"$work/$kind-$n.sh"
        chmod +x "$work/$kind-$n.sh"
    done
    read -r pwall pcpu < <(loop_cpu 1 "$work/plain-$n.sh")
    read -r fwall fcpu < <(loop_cpu 1 "$work/five-$n.sh")
    first=$(ls "$work/p$n"/system-00000/*.yaml)
    pi=n/a fi=n/a
    if command -v valgrind >/dev/null; then
        own=("--config" "$work/p$n/system-00000/aima.toml")
        pi=$(instructions "$AIMA" "${own[@]}" check "$first" -f json)
        fi=$(instructions "$AIMA" "${own[@]}" check "$first" --policy "$policies" -f json)
    fi
    echo "$n systems: check alone CPU $pcpu s (wall $pwall s), with the five policies CPU $fcpu s (wall $fwall s), ratio $(ratio "$fcpu" "$pcpu");" \
        "one system's check: $pi instructions alone, $fi with the five"
    eval "pcpu_$n=$pcpu fcpu_$n=$fcpu"
done
a="fcpu_$small" b="fcpu_$large" c="pcpu_$small" d="pcpu_$large"
echo "ratio $large / $small systems (linear: $(ratio "$large" "$small")): CPU with the five policies $(ratio "${!b}" "${!a}"), check alone $(ratio "${!d}" "${!c}")"
# (b2) one aima.toml naming every system: each check reads all of it.
for n in "$small" "$large"; do
    portfolio "$work/s$n" "$n"
    first=$(ls "$work/s$n"/system-00000/*.yaml)
    if command -v valgrind >/dev/null; then
        pi=$(instructions "$AIMA" --config "$work/s$n/aima.toml" check "$first" -f json)
        fi=$(instructions "$AIMA" --config "$work/s$n/aima.toml" check "$first" --policy "$policies" -f json)
        echo "one aima.toml of $n systems: one system's check $pi instructions alone, $fi with the five (added: $((fi - pi)))"
    fi
done

echo
echo "== (c) check --all over the portfolio (one process), with and without the five policies"
# The trees of (b2): one aima.toml naming every system.
for n in "$small" "$large"; do
    cfg=("--config" "$work/s$n/aima.toml")
    read -r awall acpu < <(loop_cpu 1 "$AIMA" "${cfg[@]}" check --all "$work/s$n")
    read -r fwall fcpu < <(loop_cpu 1 "$AIMA" "${cfg[@]}" check --all "$work/s$n" --policy "$policies")
    echo "$n systems: check --all CPU $acpu s (wall $awall s); with the five policies CPU $fcpu s (wall $fwall s)"
    eval "acpu_$n=$acpu apcpu_$n=$fcpu"
done
a="apcpu_$small" b="apcpu_$large" c="acpu_$small" d="acpu_$large"
echo "ratio $large / $small systems (linear: $(ratio "$large" "$small")): check --all with the five $(ratio "${!b}" "${!a}"), alone $(ratio "${!d}" "${!c}")"
