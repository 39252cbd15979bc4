# A third-party system (aima.toml `vendor`) is assessed by its supplier, so its answers
# count only when the vendor signed them (docs/attestation.md): a `*.dsse.json` beside the
# answers files that verifies with the system's `vendor_key` and attests these very files.
# IM-SB (Secure Build) asks for supplier attestations. An envelope that is not valid is
# never silently used: each one is named.
package aima

vendor := input.system.vendor

deny contains {"msg": msg, "practice": "IM-SB"} if {
	vendor != null
	not input.attestation.attested
	msg := sprintf("IM-SB: vendor system %s (%s) has no valid attestation of these answers files: the vendor signs them with `aima attest`, and aima.toml names its `vendor_key`", [input.system.id, vendor])
}

deny contains {"msg": msg, "practice": "IM-SB"} if {
	vendor != null
	some e in input.attestation.envelopes
	e.state != "valid"
	msg := sprintf("IM-SB: vendor system %s: %s is %s: %s", [input.system.id, e.file, e.state, e.reason])
}

warn contains {"msg": msg, "practice": "IM-SB"} if {
	vendor != null
	some e in input.attestation.envelopes
	e.state == "valid"
	not e.covers
	msg := sprintf("IM-SB: vendor system %s: %s is signed by the vendor but does not attest these answers files: %s", [input.system.id, e.file, e.reason])
}
