# Every clause of the EU AI Act that applies to the system is at target (its primary AIMA
# practices at their targets, never below level 2), or the organisation answered it with
# its own evidence (`clauses:` in the answers file, when present in the input).
package aima

framework := "eu-ai-act"

open_status := {"partial", "below target", "not met", "unassessed", "not covered"}

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
