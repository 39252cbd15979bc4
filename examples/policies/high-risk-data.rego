# A high-risk system (EU AI Act Annex III, as aima.toml records it) needs data management
# at level 2 or more: DM-DT (data training) and DM-GA (data governance and accountability).
package aima

required := {"DM-DT": 2, "DM-GA": 2}

high_risk if input.system.eu_ai_act.risk == "high-risk"

deny contains {"msg": msg, "practice": id} if {
	high_risk
	some id, level in required
	practice := input.score.by_practice[id]
	not at_least(practice, level)
	msg := sprintf("%s is at level %s; a high-risk system needs %d or more", [id, practice.label, level])
}

at_least(practice, level) if practice.level >= level
