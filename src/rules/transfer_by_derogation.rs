//! T003 transfer-by-derogation.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::law::{Protection, TransferStatus};

pub struct TransferByDerogation;

pub static META: RuleMeta = RuleMeta {
    code: "T003",
    name: "transfer-by-derogation",
    severity: Severity::Info,
    opt_in: false,
    summary: "a transfer rests on an Art. 49 derogation",
    docs: r#"# transfer-by-derogation (T003)

## What it checks
A node outside the EEA that receives EEA-origin personal data and rests that transfer on
`safeguard derogation "…"`, when nothing else protects it (an adequacy decision that
covers it, or the configuration's `transfers.adequate`).

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
recipient hotel : partner { location TH safeguard derogation "Art. 49(1)(b): the booking the customer asked for" }   # expect: T003
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
        for destination in cx.law.destinations() {
            let node = destination.node;
            let TransferStatus::Protected(Protection::Derogation { ground }) =
                cx.law.transfer_status(node)
            else {
                continue;
            };
            let Some(safeguard) = cx.model.safeguard_of(node) else {
                continue;
            };
            out.report(
                safeguard.span,
                format!(
                    "the transfer to `{}` rests on a derogation ({ground}): allowed only for occasional transfers",
                    cx.model.node_name(node)
                ),
            )
            .help = Some("for regular transfers, use standard contractual clauses or another Art. 46 safeguard".to_owned());
        }
    }
}
