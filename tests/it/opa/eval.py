"""OPA itself as the oracle for aima's policies (tests/it/policy.rs).

Reads a JSON list of jobs from the file named by argv[1], each
{"policy": PATH, "libraries": [PATH...], "input": PATH}, evaluates `data.aima.deny` and
`data.aima.warn` with OPA's own engine (the pip package opa-golib-python-bindings, which
embeds OPA v1.20's Go engine) over the input, and prints a JSON list of results in job
order: {"deny": [...], "warn": [...]} with every message as {msg, practice?, clause?},
sorted, or {"error": TEXT} when OPA refuses the policy.

The bindings' eval_query returns only variable bindings (expression values are
dropped), so the value is bound to a variable: `x := data.aima.deny`. An undefined
rule gives no binding at all: that is an empty set.
"""

import json
import sys

from opa_bindings import OpaEngine, OpaError


def normalized(value):
    if value is None:
        return []
    out = []
    for item in value:
        if isinstance(item, str):
            out.append({"msg": item})
        else:
            out.append({k: item[k] for k in ("msg", "practice", "clause") if k in item})
    return sorted(out, key=lambda m: (m["msg"], m.get("practice") or "", m.get("clause") or ""))


def rule(engine, name, data):
    rows = engine.eval_query(f"x := data.aima.{name}", data)
    return rows[0]["x"] if rows else None


def run(job):
    with OpaEngine() as engine:
        try:
            for path in job["libraries"] + [job["policy"]]:
                with open(path, encoding="utf-8") as f:
                    engine.add_policy(path, f.read())
            with open(job["input"], encoding="utf-8") as f:
                data = json.load(f)
            return {
                "deny": normalized(rule(engine, "deny", data)),
                "warn": normalized(rule(engine, "warn", data)),
            }
        except OpaError as e:
            return {"error": str(e)}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        jobs = json.load(f)
    json.dump([run(job) for job in jobs], sys.stdout)


if __name__ == "__main__":
    main()
