# The four headline checks of redline, written as a Rego policy over the facts of
# benches/support/corpus.rs (model_json), for the comparison in docs/PERFORMANCE.md.
# Knowledge comes in as data.knowledge (benches/rego/knowledge.json).
package redline

import rego.v1

eea := {c | some c in data.knowledge.eea}

# P001 purpose creep: a flow sends a category on for a purpose that none of the flows
# bringing it to the sender had, nor one under the same top-level purpose id.
# Indexed once: the purposes each (node, category) is held for.
held[key] contains p if {
	some g in input.flows
	some category in g.categories
	key := concat("|", [g.to, category])
	some p in g.purposes
}

top(purpose) := split(input.purposes[purpose].kind, ".")[0]

findings contains {"code": "P001", "from": f.from, "to": f.to, "category": c, "purpose": p} if {
	some f in input.flows
	input.nodes[f.from].kind != "subject"
	some c in f.categories
	h := held[concat("|", [f.from, c])]
	some p in f.purposes
	not p in h
	every q in h { top(q) != top(p) }
}

# C001 missing consent: a purpose whose kind needs consent rests on another basis.
findings contains {"code": "C001", "purpose": name} if {
	some name, purpose in input.purposes
	purpose.kind in data.knowledge.consent_kinds
	not purpose.basis in {"consent", "explicit_consent"}
}

# R001 overlong retention: longer than the guidance for the purpose's kind.
findings contains {"code": "R001", "purpose": name} if {
	some name, purpose in input.purposes
	purpose.months > data.knowledge.caps[purpose.kind]
}

# T001 non-adequate transfer: data leaves the EEA for a country without an adequacy
# decision that covers the recipient, and the recipient has no safeguard.
covered(node) if {
	scope := data.knowledge.adequacy[node.location]
	scope == "all"
}

covered(node) if {
	scope := data.knowledge.adequacy[node.location]
	scope in node.safeguards
}

findings contains {"code": "T001", "to": f.to} if {
	some f in input.flows
	input.nodes[f.from].location in eea
	to := input.nodes[f.to]
	not to.location in eea
	not covered(to)
	count(to.safeguards) == 0
}
