"""Checks a CISO Assistant library file by the rules of its loader (docs/interchange.md):
reads it with PyYAML as CISO Assistant does, applies the checks of
StoredLibrary.store_library_content and LibraryImporter, and prints a JSON summary.
Exit 1 with the first broken rule."""
import json, re, sys
import yaml

URN_REGEX = r"^urn:([a-zA-Z0-9_-]+):([a-zA-Z0-9_-]+):([a-zA-Z0-9_-]+)(?::([a-zA-Z0-9_-]+))?:([0-9A-Za-z\[\]\(\)\-\._:]+)$"

def fail(msg):
    print(msg)
    sys.exit(1)

lib = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
for key in ("urn", "name", "version", "objects", "ref_id"):
    if key not in lib:
        fail(f"missing {key}")
if not re.match(URN_REGEX, lib["urn"].lower()):
    fail("library urn does not match URN_REGEX")
int(lib["version"])
if len(lib["name"]) > 200 or len(lib["ref_id"]) > 100 or len(lib.get("copyright", "")) > 4096:
    fail("a top-level text is too long")
if len(lib.get("provider", "")) > 200 or len(lib.get("packager", "")) > 100:
    fail("provider or packager too long")
objects = lib["objects"]
if ("framework" in objects) == ("frameworks" in objects):
    fail("objects: exactly one of framework and frameworks")
fw = objects["framework"]
for key in ("urn", "ref_id", "requirement_nodes"):
    if key not in fw:
        fail(f"framework: missing {key}")
if fw["urn"].split(":")[1] == "intuitem":
    fail("framework uses intuitem's namespace")
lo, hi = fw.get("min_score", 0), fw.get("max_score", 100)
if not (isinstance(lo, int) and isinstance(hi, int) and 0 <= lo < hi):
    fail("minimum score must be less than maximum score and equal or greater than 0.")
for s in fw.get("scores_definition", []):
    if not isinstance(s["score"], int) or not isinstance(s["name"], str):
        fail("scores_definition: score int, name str")
nodes = fw["requirement_nodes"]
if not nodes:
    fail("No object has been detected")
urns, choice_urns, assessable, answer_sets = set(), set(), [], set()
for n in nodes:
    urn = n.get("urn")
    if not urn:
        fail("[REQUIREMENT_ERROR] Missing the following fields : urn")
    if urn.lower() != urn or len(urn) > 255 or urn in urns:
        fail(f"node urn {urn}: not lower case, too long or twice")
    if not isinstance(n.get("assessable"), bool):
        fail(f"{urn}: NOT NULL constraint failed: core_requirementnode.assessable")
    if "parent_urn" in n and n["parent_urn"] not in urns:
        fail(f"{urn}: parent_urn is not an earlier node")
    urns.add(urn)
    if len(n.get("name", "")) > 200 or len(str(n.get("ref_id", ""))) > 100:
        fail(f"{urn}: Ensure this value has at most 200 characters")
    if not isinstance(n.get("ref_id"), str):
        fail(f"{urn}: ref_id is not a text")
    questions = n.get("questions", {})
    if not isinstance(questions, dict):
        fail(f"{urn}: questions must be a mapping")
    if n["assessable"]:
        assessable.append(n["ref_id"])
    for q_urn, q in questions.items():
        if not q_urn.startswith(urn + ":question:") or q.get("type") != "unique_choice":
            fail(f"{q_urn}: question urn or type")
        if not isinstance(q.get("text"), str) or "\n" in q["text"]:
            fail(f"{q_urn}: text")
        values = []
        for c in q["choices"]:
            if "urn" not in c or c["urn"] in choice_urns or not isinstance(c["value"], str):
                fail(f"{q_urn}: a choice without urn, twice, or a value that is no text")
            choice_urns.add(c["urn"])
            if not isinstance(c["add_score"], int) or not lo <= c["add_score"] <= hi:
                fail(f"{q_urn}: add_score outside the range")
            if c.get("compute_result") not in ("compliant", "partially_compliant", "non_compliant", "not_applicable"):
                fail(f"{q_urn}: compute_result")
            values.append((c["value"], c["add_score"]))
        answer_sets.add(json.dumps(values))
print(json.dumps({
    "urn": lib["urn"],
    "framework": fw["urn"],
    "scores": [lo, hi],
    "scale": [[s["score"], s["name"]] for s in fw.get("scores_definition", [])],
    "nodes": len(nodes),
    "assessable": assessable,
    "answer_sets": sorted(json.loads(a) for a in answer_sets),
}))
