//! U001 sale-without-opt-out.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::{Label, Severity};
use crate::knowledge::{Choice, Confidence, UsLaw};
use crate::law::us::{add_law, law_names};
use crate::source::Span;

pub struct SaleWithoutOptOut;

pub static META: RuleMeta = RuleMeta {
    code: "U001",
    name: "sale-without-opt-out",
    severity: Severity::Error,
    opt_in: false,
    summary: "personal data of consumers in a US state is sold, shared or used for targeted advertising or profiling with no opt-out, or one that ignores opt-out preference signals",
    docs: r#"# sale-without-opt-out (U001)

## What it checks
For each flow of personal data collected from consumers in a US state whose law applies
(the subject's `location US-CA`, or the controller's; the law in force on the as-of day;
and listed in the controller's `follows`, if it has one), what the flow is:
- a **sale**: a disclosure to a third party for monetary or other valuable
  consideration (a recipient that states a `consideration`, a data broker, or a
  `sharing.data_sale` purpose);
- **sharing** (California): a disclosure to a third party for cross-context behavioral
  advertising (`advertising.targeted`, `advertising.retargeting`);
- **targeted advertising** and **profiling** with significant effects (Virginia and the
  states like it).

A third party is any recipient and a processor without a service-provider contract
naming the business purposes it serves. A disclosure the law requires (a flow whose
every purpose rests on `legal_obligation`) is neither a sale nor sharing, whoever
receives it: an authority, an auditor, a manufacturer running a recall (Cal. Civ. Code
§1798.145(a)(1), Va. Code §59.1-582(A)(1)); an authority that pays for data it is not
owed buys it like anyone else. Each choice the law grants needs an `optout "…" covers …`
on the controller; an opt-out must also `honours gpc` where the law requires opt-out
preference signals to be honoured on the as-of day. One finding per missing choice (on its first flow, with the
others as labels), and one per opt-out that ignores the signals. The notes show the
derivation and the law of each state.

## Why
Consumers have the right to opt out of the sale and sharing of their personal
information, through a "Do Not Sell or Share My Personal Information" link or its
alternative, and a business must treat an opt-out preference signal such as Global
Privacy Control as a valid request. Virginia and the states that followed give the
right to opt out of targeted advertising, sale and profiling; most now require honouring
a universal opt-out mechanism.

## Law and guidance
Cal. Civ. Code §1798.120(a), §1798.135(a), §1798.140(ad), (ah), (k), (ag),
§1798.145(a)(1); Cal. Code Regs. tit. 11 §7025, §7026; Va. Code §59.1-577(A)(5),
§59.1-582(A)(1); Colo. Rev. Stat. §6-1-1306(1)(a)(IV); Conn. Gen. Stat. §42-520(e); the other states' rows of `redline
knowledge us-laws`.

## Failing example
```redline
controller "Stream Inc." { location US-CA }
subject viewer : user
category history : behavior.media_consumption
purpose ads : advertising.targeted { basis consent ads_optin retain 13 months }
consent ads_optin { default denied withdraw "settings" }
system app : application { location US-CA }
recipient adtech : ad_network { location US-CA contract "IO-7" }
flow viewer -> app : history for ads
flow app -> adtech : history for ads   # expect: U001
```

## Passing example
```redline
controller "Stream Inc." {
  location US-CA
  optout "Do Not Sell or Share My Personal Information" covers sale, sharing honours gpc
}
subject viewer : user
category history : behavior.media_consumption
purpose ads : advertising.targeted { basis consent ads_optin retain 13 months }
consent ads_optin { default denied withdraw "settings" }
system app : application { location US-CA }
recipient adtech : ad_network { location US-CA contract "IO-7" }
flow viewer -> app : history for ads
flow app -> adtech : history for ads
```
"#,
};

impl Rule for SaleWithoutOptOut {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let controller = cx.model.controller.as_ref();
        let mut needed: Vec<Needed<'_>> = Vec::new();
        let mut signal_laws: Vec<&UsLaw> = Vec::new();
        for flow in &cx.model.flows {
            let us = cx.law.us_flow(flow);
            for (choice, why) in us.choices {
                let granting: Vec<&UsLaw> = us
                    .laws
                    .iter()
                    .copied()
                    .filter(|l| l.opt_outs.value.contains(&choice))
                    .collect();
                for law in &granting {
                    if law.signals_required(cx.as_of).is_some() {
                        add_law(&mut signal_laws, law);
                    }
                }
                match needed.iter_mut().find(|(c, _, _)| *c == choice) {
                    Some((_, flows, laws)) => {
                        flows.push((flow.span, why));
                        for law in granting {
                            add_law(laws, law);
                        }
                    }
                    None => needed.push((choice, vec![(flow.span, why)], granting)),
                }
            }
        }
        for (choice, flows, laws) in &needed {
            if controller.and_then(|c| c.optout(*choice)).is_some() {
                continue;
            }
            let Some((first, why)) = flows.first() else {
                continue;
            };
            let confidence = laws
                .iter()
                .map(|l| l.opt_outs.provenance.confidence)
                .max()
                .unwrap_or(Confidence::Confirmed);
            let d = out.report_on(
                confidence,
                *first,
                format!(
                    "consumers may opt out of {}, and no opt-out covers it ({})",
                    describe(*choice),
                    law_names(laws)
                ),
            );
            d.notes.push(why.clone());
            for (span, why) in flows.iter().skip(1) {
                d.labels.push(Label {
                    span: *span,
                    message: format!("{} here too: {why}", describe(*choice)),
                });
            }
            for law in laws {
                d.notes.push(format!(
                    "law: {}: {}",
                    law.name, law.opt_outs.provenance.source
                ));
            }
            d.help = Some(format!(
                "offer the opt-out on the controller: `optout \"Do Not Sell or Share My Personal Information\" covers {choice} honours gpc`"
            ));
        }
        // An opt-out that covers a sale, sharing or targeted advertising this project
        // does must honour opt-out preference signals where a law requires it.
        let Some(controller) = controller else { return };
        for optout in &controller.optouts {
            let relevant = optout.covers.iter().any(|c| {
                matches!(
                    c,
                    Choice::Sale | Choice::Sharing | Choice::TargetedAdvertising
                ) && needed.iter().any(|(n, _, _)| n == c)
            });
            if optout.honours_gpc || !relevant || signal_laws.is_empty() {
                continue;
            }
            let confidence = signal_laws
                .iter()
                .filter_map(|l| l.signals_required(cx.as_of))
                .map(|f| f.provenance.confidence)
                .max()
                .unwrap_or(Confidence::Confirmed);
            let d = out.report_on(
                confidence,
                optout.span,
                format!(
                    "this opt-out does not honour opt-out preference signals, which {} requires",
                    law_names(&signal_laws)
                ),
            );
            for law in &signal_laws {
                if let Some(f) = law.signals_required(cx.as_of) {
                    d.notes.push(format!(
                        "law: {} (from {}): {}",
                        law.name, f.value, f.provenance.source
                    ));
                }
            }
            d.help = Some(
                "honour Global Privacy Control as a valid opt-out: add `honours gpc`".to_owned(),
            );
        }
    }
}

/// A choice the project's flows call for: the flows (where, and why), and the laws that
/// grant it.
type Needed<'k> = (Choice, Vec<(Span, String)>, Vec<&'k UsLaw>);

fn describe(choice: Choice) -> &'static str {
    match choice {
        Choice::Sale => "the sale of their personal information",
        Choice::Sharing => "the sharing of their personal information",
        Choice::TargetedAdvertising => "targeted advertising",
        Choice::Profiling => "profiling with significant effects",
        Choice::SensitiveUse => "the use of their sensitive personal information",
    }
}
