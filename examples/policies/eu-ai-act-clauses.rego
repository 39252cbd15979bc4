# Every clause of the EU AI Act that applies to the system is at target (its primary AIMA
# practices at their targets, never below level 2), or the organisation answered it with
# its own evidence: `clauses:` in the answers files (docs/answers-format.md), answered yes
# or mostly with at least one evidence item. Clauses that do not apply to the system's role
# and risk class (`does not apply`) pass.
package aima

framework := "eu-ai-act"

open_status := {"partial", "below target", "unassessed", "not covered"}

deny contains {"msg": msg, "clause": sprintf("%s:%s", [framework, id])} if {
	some id, clause in input.crosswalk[framework].clauses
	clause.status in open_status
	not own_evidence(clause)
	msg := sprintf("EU AI Act %s (%s) is %s, and the organisation has no evidence of its own for it", [id, clause.title, clause.status])
}

own_evidence(clause) if {
	clause.own.answer in {"yes", "mostly"}
	count(clause.own.evidence) > 0
}

# Own evidence that does not count (answered partly or no, or without an evidence item) is
# worth a look.
warn contains {"msg": msg, "clause": sprintf("%s:%s", [framework, id])} if {
	some id, clause in input.crosswalk[framework].clauses
	clause.status in open_status
	clause.own
	not own_evidence(clause)
	msg := sprintf("EU AI Act %s: the organisation's own evidence (%v) does not count: it needs yes or mostly and an evidence item", [id, clause.own.answer])
}
