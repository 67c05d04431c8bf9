//! T001 non-adequate-transfer.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::law::{Arrival, TransferStatus, Unprotected};

pub struct NonAdequateTransfer;

pub static META: RuleMeta = RuleMeta {
    code: "T001",
    name: "non-adequate-transfer",
    severity: Severity::Error,
    opt_in: false,
    summary: "EEA data goes to a country without adequate protection and no safeguard",
    docs: r#"# non-adequate-transfer (T001)

## What it checks
EEA-origin personal data that reaches a system, processor or recipient outside the EEA,
in a country with no adequacy decision in force on the as-of date, or outside the
decision's scope, when that node declares no valid safeguard.

Data is EEA-origin at a node when it was held inside the EEA there or upstream, or
collected by a controller established in the EEA (a subject is where the controller is
unless it says otherwise). A controller established outside the EEA that collects
directly from people in the EEA exports nothing by collecting: the GDPR applies to it
through Art. 3(2), and what it sends on from a node inside the EEA is a transfer. A flow
into a data subject (sending customers their own data wherever they are) is not a
transfer, and data that is not personal is not judged.

The scopes of the decisions: the USA only for organisations certified under the Data
Privacy Framework (`safeguard dpf`), Canada and Japan for commercial and private-sector
organisations (not a recipient of kind `authority`). Standard contractual clauses,
binding corporate rules, codes of conduct and certification are safeguards; a derogation
with its ground is allowed but reported by T003. Onward transfers count (a hop between
two third countries), and so do declared subprocessors of a processor that holds EEA
data. The configuration's `transfers.adequate` countries count as adequate, and its
`transfers.forbidden` ones are refused whatever the safeguard or decision. Reported once
per receiving node, at its declaration, with the path the data took.

## Why
Personal data may leave the EEA only to a country the Commission found adequate, or with
appropriate safeguards, so that the protection travels with the data.

## Law and guidance
GDPR Art. 3(2), 27, 44-46, 49; EDPB Guidelines 05/2021 on the interplay between Art. 3
and Chapter V (example 1: direct collection is no transfer); Implementing Decision (EU) 2023/1795 (EU-US Data Privacy
Framework); CJEU C-311/18 Schrems II; EDPB Recommendations 01/2020.

## Failing example
```redline
controller "Shop" { location FR }
subject customer : customer
category orders : transaction.order_history
purpose ads : advertising.contextual { basis legitimate_interests "LIA-1" retain 1 year }
system shop : application { location FR }
recipient adnet : ad_network { location US }   # expect: T001
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

impl Rule for NonAdequateTransfer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for destination in cx.law.destinations() {
            let node = destination.node;
            let TransferStatus::Unprotected(why) = cx.law.transfer_status(node) else {
                continue;
            };
            // A finding about a node points at that node's declaration.
            let Some(span) = cx.model.node_name_span(node) else {
                continue;
            };
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
            d.notes.push(cx.law.why_unprotected(node, &why));
            let path = cx.law.arrival_path(destination);
            if !path.is_empty() {
                let label = match destination.arrival {
                    Arrival::Flow { .. } => "path: ",
                    Arrival::Subprocessor { .. } => "",
                };
                d.notes.push(format!("{label}{path}"));
            }
            d.path = cx.law.arrival_labels(destination);
            d.help = Some(match why {
                Unprotected::Forbidden(_) => format!(
                    "the organisation never sends data there: stop the flow to `{}`",
                    cx.model.node_name(node)
                ),
                Unprotected::NotCovered { .. } => format!(
                    "declare a safeguard on `{}` (`safeguard scc`, `bcr`, or `dpf` for a DPF-certified US organisation), or keep the data in the EEA",
                    cx.model.node_name(node)
                ),
            });
        }
    }
}
