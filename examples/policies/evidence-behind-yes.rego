# A `yes` is only as good as its evidence (docs/evidence.md): no question answered `yes`
# may rest on evidence past its `expires` date. Stale evidence (older than `[evidence]
# max_age_days`) behind a `yes` is a warning. Each message names the question and its
# practice.
package aima

deny contains {"msg": msg, "practice": q.practice} if {
	some code, q in input.evidence.by_question
	q.answer == "yes"
	some item in q.items
	item.state == "expired"
	msg := sprintf("%s (%s) is answered yes on expired evidence: %s expired %d days ago", [code, q.practice, item.ref, 0 - item.expires_in_days])
}

warn contains {"msg": msg, "practice": q.practice} if {
	some code, q in input.evidence.by_question
	q.answer == "yes"
	some item in q.items
	item.state == "stale"
	msg := sprintf("%s (%s) is answered yes on stale evidence: %s is %d days old (limit %d)", [code, q.practice, item.ref, item.age_days, input.evidence.max_age_days])
}
