//! T001 non-adequate-transfer.

use super::context::{Arrival, Destination};
use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::knowledge::{AdequacyScope, SafeguardKind, in_force};
use crate::model::NodeId;
use crate::values::Place;

pub struct NonAdequateTransfer;

pub static META: RuleMeta = RuleMeta {
    code: "T001",
    name: "non-adequate-transfer",
    severity: Severity::Error,
    summary: "EEA data goes to a country without adequate protection and no safeguard",
    docs: r#"# non-adequate-transfer (T001)

## What it checks
EEA-origin data (collected or held inside the EEA, there or upstream) that reaches a node
outside the EEA, in a country with no adequacy decision in force on the as-of date, or
outside the decision's scope, when that node declares no valid safeguard. The scopes:
the USA only for organisations certified under the Data Privacy Framework (`safeguard
dpf`), Canada and Japan for commercial and private-sector organisations (not a recipient
of kind `authority`). Standard contractual clauses, binding corporate rules, codes of
conduct and certification are safeguards; a derogation is allowed but reported by T003.
Onward transfers count (a hop between two third countries), and so do declared
subprocessors of a processor that holds EEA data. The configuration's
`transfers.adequate` countries count as adequate, and its `transfers.forbidden` ones are
refused whatever the safeguard. Reported once per receiving node, with the path.

## Why
Personal data may leave the EEA only to a country the Commission found adequate, or with
appropriate safeguards, so that the protection travels with the data.

## Law and guidance
GDPR Art. 44-46, Art. 49; Implementing Decision (EU) 2023/1795 (EU-US Data Privacy
Framework); CJEU C-311/18 Schrems II; EDPB Recommendations 01/2020.

## Failing example
```redline
controller "Shop" { location FR }
subject customer : customer
category orders : transaction.order_history
purpose ads : advertising.contextual { basis legitimate_interests "LIA-1" retain 1 year }
system shop : application { location FR }
recipient adnet : ad_network { location US }
flow customer -> shop : orders for ads
flow shop -> adnet : orders for ads
```

## Passing example
```redline
controller "Shop" { location FR }
subject customer : customer
category orders : transaction.order_history
purpose ads : advertising.contextual { basis legitimate_interests "LIA-1" retain 1 year }
system shop : application { location FR }
recipient adnet : ad_network { location US safeguard dpf }
flow customer -> shop : orders for ads
flow shop -> adnet : orders for ads
```
"#,
};

/// Why a transfer is not protected, when it is not.
fn unprotected(cx: &Context<'_>, destination: &Destination) -> Option<String> {
    let node = destination.node;
    let Some(Place::Country(country)) = cx.model.node_location(node) else {
        return None;
    };
    let name = cx
        .knowledge()
        .country(country)
        .map_or(country.as_str().to_owned(), |c| c.name.clone());
    if cx.settings.forbidden.contains(&country) {
        return Some(format!(
            "{country} ({name}) is forbidden by the configuration's `transfers.forbidden`"
        ));
    }
    if cx.settings.adequate.contains(&country) {
        return None;
    }
    let safeguard = cx.safeguard_of(node).map(|s| &s.node);
    let kind = safeguard.map(|s| s.kind);
    let is_authority = match node {
        NodeId::Recipient(id) => cx
            .model
            .recipients
            .get(id.index())
            .is_some_and(|r| r.kind.node == "authority"),
        _ => false,
    };
    if cx
        .knowledge()
        .adequacy_covers(country, cx.as_of, kind, is_authority)
    {
        return None;
    }
    // A decision exists but its scope leaves this recipient out: say whom it covers.
    let out_of_scope = cx.knowledge().adequacy_on(country, cx.as_of).first().map(|decision| {
        format!(
            "the adequacy decision for {name} ({}) covers only {}",
            decision.decision,
            match decision.scope {
                AdequacyScope::DpfCertified => "organisations certified under the Data Privacy Framework (`safeguard dpf`)",
                AdequacyScope::PrivacyShieldCertified => "organisations certified under the Privacy Shield",
                _ => "commercial and private-sector organisations, not public authorities",
            }
        )
    });
    let valid_safeguard = safeguard.is_some_and(|s| {
        let entry = cx.knowledge().safeguard_entry(s.kind);
        let dated =
            entry.is_none_or(|e| e.from.is_none_or(|from| in_force(from, e.ends, cx.as_of)));
        let usable = match s.kind {
            SafeguardKind::Scc
            | SafeguardKind::Bcr
            | SafeguardKind::CodeOfConduct
            | SafeguardKind::Certification => true,
            SafeguardKind::Derogation => s.ground.is_some(),
            // These work only through a decision, checked above.
            SafeguardKind::Adequacy | SafeguardKind::Dpf | SafeguardKind::PrivacyShield => false,
        };
        usable && dated
    });
    if valid_safeguard {
        return None;
    }
    let why =
        out_of_scope.unwrap_or_else(|| match cx.knowledge().ended_adequacy(country, cx.as_of) {
            Some(ended) => format!(
                "{name} has no adequacy decision in force on {} ({} ended on {}{})",
                cx.as_of,
                ended.decision,
                ended.ends.map(|d| d.to_string()).unwrap_or_default(),
                ended
                    .note
                    .as_ref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            ),
            None => format!("{name} has no adequacy decision in force on {}", cx.as_of),
        });
    Some(match safeguard {
        Some(s) => format!(
            "{why}, and `safeguard {}` does not protect this transfer",
            s.kind.id()
        ),
        None => format!(
            "{why}, and `{}` declares no safeguard",
            cx.model.node_name(node)
        ),
    })
}

impl Rule for NonAdequateTransfer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for destination in cx.destinations() {
            let Some(why) = unprotected(cx, destination) else {
                continue;
            };
            let span = match destination.arrival {
                Arrival::Subprocessor { span, .. } => Some(span),
                Arrival::Flow(..) => cx.node_name_span(destination.node),
            };
            let Some(span) = span else { continue };
            let node = destination.node;
            let place = cx
                .model
                .node_location(node)
                .map(|p| p.to_string())
                .unwrap_or_default();
            let d = out.report(
                span,
                format!(
                    "EEA personal data reaches `{}` in {place}, a transfer without adequate protection",
                    cx.model.node_name(node)
                ),
            );
            d.notes.push(why);
            let path = cx.arrival_path(destination);
            if !path.is_empty() {
                d.notes.push(format!("path: {path}"));
            }
            d.help = Some(format!(
                "declare a safeguard on `{}` (`safeguard scc`, `bcr`, or `dpf` for a DPF-certified US organisation), or keep the data in the EEA",
                cx.model.node_name(node)
            ));
        }
    }
}
