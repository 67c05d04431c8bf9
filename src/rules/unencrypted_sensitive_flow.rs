//! M002 unencrypted-sensitive-flow.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::knowledge::Confidence;
use crate::model::NodeId;

pub struct UnencryptedSensitiveFlow;

pub static META: RuleMeta = RuleMeta {
    code: "M002",
    name: "unencrypted-sensitive-flow",
    severity: Severity::Warning,
    opt_in: false,
    summary: "special-category, criminal, credential or payment data leaves the controller's systems without encryption in transit",
    docs: r#"# unencrypted-sensitive-flow (M002)

## What it checks
A flow to a processor or a recipient (data leaving the controller's own systems) that
carries personal data of a special category, criminal-offence data, credentials or
payment data, and is not marked `{ encrypted }`. Flows between the controller's own
systems and flows from or to data subjects are not judged. A warning: Art. 32 is about
measures appropriate to the risk, and for such data on the way to someone else the
regulators name encryption in transit.

## Why
Data in transit crosses networks the controller does not control; TLS or an encrypted
channel keeps it unintelligible to whoever reads it on the way.

## Law and guidance
GDPR Art. 5(1)(f), Art. 32(1)(a) and Recital 83; CNIL, Guide de la sécurité des données
personnelles (26 March 2024), fiche 9 (TLS for every exchange over the Internet), fiche
13 (encrypt what is exchanged) and fiche 22 (encrypt at rest and in transit).

## Failing example
```redline
category card : financial.payment_card
system shop : application { location FR }
processor psp { location FR dpa "DPA-PSP-1" }
flow shop -> psp : card for payment   # expect: M002
purpose payment : service.payment { basis contract retain 13 months }
```

## Passing example
```redline
category card : financial.payment_card
system shop : application { location FR }
processor psp { location FR dpa "DPA-PSP-1" }
flow shop -> psp : card for payment { encrypted }
purpose payment : service.payment { basis contract retain 13 months }
```
"#,
};

impl Rule for UnencryptedSensitiveFlow {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for flow in &cx.model.flows {
            let leaves = matches!(flow.to.node, NodeId::Processor(_) | NodeId::Recipient(_))
                && !matches!(flow.from.node, NodeId::Subject(_));
            if !leaves || flow.encrypted {
                continue;
            }
            let mut sensitive = Vec::new();
            let mut confidence = Confidence::Confirmed;
            let mut sources: Vec<&str> = Vec::new();
            for c in &flow.categories {
                let (Some(entry), Some(category)) =
                    (cx.law.needs_encryption(c.node), cx.model.category(c.node))
                else {
                    continue;
                };
                sensitive.push(format!("`{}` ({})", category.name.node, category.path.node));
                // The weakest source decides (Unconfirmed orders after Confirmed).
                confidence = confidence.max(entry.provenance.confidence);
                if !sources.contains(&entry.provenance.source.as_str()) {
                    sources.push(&entry.provenance.source);
                }
            }
            if sensitive.is_empty() {
                continue;
            }
            let d = out.report_on(
                confidence,
                flow.span,
                format!(
                    "{} {} from `{}` to `{}` without encryption in transit",
                    sensitive.join(", "),
                    if sensitive.len() == 1 { "goes" } else { "go" },
                    cx.model.node_name(flow.from.node),
                    cx.model.node_name(flow.to.node)
                ),
            );
            d.notes
                .extend(sources.iter().map(|s| format!("source: {s}")));
            d.help = Some(
                "encrypt the channel (TLS, SFTP, an encrypted payload) and say so: `flow a -> b : … { encrypted }` (GDPR Art. 32(1)(a))"
                    .to_owned(),
            );
        }
    }
}
