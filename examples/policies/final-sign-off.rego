# An assessment that an audit relies on is final and freshly approved (docs/record.md):
# status `final`, and its latest `approver` sign-off no older than 365 days. GV-PC (Policy
# and Compliance) is the practice of showing compliance; a draft or a stale approval shows
# none. Warns 30 days before the approval runs out.
package aima

max_age_days := 365

warn_days := 30

deny contains {"msg": msg, "practice": "GV-PC"} if {
	input.assessment.status != "final"
	msg := sprintf("GV-PC: the assessment is %s, not final; approve it with `aima sign FILE --role approver --final`", [input.assessment.status])
}

deny contains {"msg": msg, "practice": "GV-PC"} if {
	input.assessment.status == "final"
	approval := input.assessment.last_sign_off.approver
	approval.age_days > max_age_days
	msg := sprintf("GV-PC: the final sign-off by %s on %s is %d days old; it must be at most %d", [approval.by, approval.date, approval.age_days, max_age_days])
}

warn contains {"msg": msg, "practice": "GV-PC"} if {
	input.assessment.status == "final"
	approval := input.assessment.last_sign_off.approver
	approval.age_days <= max_age_days
	left := max_age_days - approval.age_days
	left < warn_days
	msg := sprintf("GV-PC: the final sign-off by %s on %s runs out in %d days", [approval.by, approval.date, left])
}
