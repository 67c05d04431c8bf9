//! T003 transfer-by-derogation.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::knowledge::SafeguardKind;

pub struct TransferByDerogation;

pub static META: RuleMeta = RuleMeta {
    code: "T003",
    name: "transfer-by-derogation",
    severity: Severity::Info,
    summary: "a transfer rests on an Art. 49 derogation",
    docs: r#"# transfer-by-derogation (T003)

## What it checks
A node outside the EEA that receives EEA-origin data and rests that transfer on
`safeguard derogation "…"`.

## Why
The derogations of Art. 49 are exceptions for specific situations, read restrictively:
they suit occasional transfers, not a system or vendor integration that runs every day.

## Law and guidance
GDPR Art. 49(1); EDPB Guidelines 2/2018 on derogations of Article 49.

## Failing example
```redline
controller "Travel" { location FR }
subject customer : customer
category name : identity.name
purpose booking : service.order_fulfilment { basis contract retain 1 year }
system app : application { location FR }
recipient hotel : partner { location TH safeguard derogation "Art. 49(1)(b): the booking the customer asked for" }
flow customer -> app : name for booking
flow app -> hotel : name for booking
```

## Passing example
```redline
controller "Travel" { location FR }
subject customer : customer
category name : identity.name
purpose booking : service.order_fulfilment { basis contract retain 1 year }
system app : application { location FR }
recipient hotel : partner { location TH safeguard scc }
flow customer -> app : name for booking
flow app -> hotel : name for booking
```
"#,
};

impl Rule for TransferByDerogation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for destination in cx.destinations() {
            let Some(safeguard) = cx.safeguard_of(destination.node) else {
                continue;
            };
            if safeguard.node.kind != SafeguardKind::Derogation {
                continue;
            }
            let ground = safeguard
                .node
                .ground
                .as_ref()
                .map_or("", |g| g.node.as_str());
            out.report(
                safeguard.span,
                format!(
                    "the transfer to `{}` rests on a derogation ({ground}): allowed only for occasional transfers",
                    cx.model.node_name(destination.node)
                ),
            )
            .help = Some("for regular transfers, use standard contractual clauses or another Art. 46 safeguard".to_owned());
        }
    }
}
