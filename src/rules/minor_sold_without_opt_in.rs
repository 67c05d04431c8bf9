//! U003 minor-sold-without-opt-in.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::knowledge::{Choice, Confidence, SubjectKind};
use crate::law::consent::own_consent;

pub struct MinorSoldWithoutOptIn;

pub static META: RuleMeta = RuleMeta {
    code: "U003",
    name: "minor-sold-without-opt-in",
    severity: Severity::Error,
    opt_in: false,
    summary: "data of consumers under a state's age threshold is sold, shared or used for targeted advertising without opt-in consent",
    docs: r#"# minor-sold-without-opt-in (U003)

## What it checks
A flow that sells, shares or uses for targeted advertising personal data collected from
subjects who may be under the age a state law protects (California: 16; New Jersey and
Minnesota: 17; Colorado, Connecticut, Delaware, Maryland: 18; Oregon: 16), when its
purposes do not rest on the consumer's own consent (`basis consent …`), or, for a child
under 13 (`child_under_13`), on a consent that says how a parent gives it (`parental`).
Opt-in replaces opt-out: an opt-out link is not enough. A subject's kind gives its age:
`child_under_13` under 13, `child` under 16, `minor` from 16 to 17.

## Why
A business that knows, or wilfully disregards, that a consumer is under 16 may not sell
or share their data unless the consumer (from 13 to 15) or a parent (under 13) has
affirmatively authorised it; several states extend the rule to targeted advertising and
to older teenagers.

## Law and guidance
Cal. Civ. Code §1798.120(c)-(d); Cal. Code Regs. tit. 11 §7070-7072; Or. Rev. Stat.
§646A.578(2)(c); N.J. Stat. Ann. §56:8-166.12(a)(7); Conn. Gen. Stat. §42-529a; Md.
Code Ann., Com. Law §14-4607(a)(4)-(5); `redline knowledge us-laws` for every state.

## Failing example
```redline
controller "Games Inc." {
  location US-CA
  optout "Do Not Sell or Share My Personal Information" covers sale, sharing honours gpc
}
subject player : child
category clicks : behavior.browsing_history
purpose ads : advertising.targeted { basis legitimate_interests "LIA-ADS" retain 13 months }
system app : application { location US-CA }
recipient adtech : ad_network { location US-CA }
flow player -> app : clicks for ads
flow app -> adtech : clicks for ads   # expect: U003
```

## Passing example
```redline
controller "Games Inc." {
  location US-CA
  optout "Do Not Sell or Share My Personal Information" covers sale, sharing honours gpc
}
subject player : child
category clicks : behavior.browsing_history
purpose ads : advertising.targeted { basis consent ads_optin retain 13 months }
consent ads_optin { default denied withdraw "settings" parental "a parent confirms by e-mail" }
system app : application { location US-CA }
recipient adtech : ad_network { location US-CA }
flow player -> app : clicks for ads
flow app -> adtech : clicks for ads
```
"#,
};

/// The ages a subject kind spans, [from, to).
fn ages(kind: SubjectKind) -> Option<(u8, u8)> {
    match kind {
        SubjectKind::ChildUnder13 => Some((0, 13)),
        SubjectKind::Child => Some((0, 16)),
        SubjectKind::Minor => Some((16, 18)),
        _ => None,
    }
}

impl Rule for MinorSoldWithoutOptIn {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let m = cx.model;
        for flow in &m.flows {
            let us = cx.law.us_flow(flow);
            if !us.choices.iter().any(|(c, _)| {
                matches!(
                    c,
                    Choice::Sale | Choice::Sharing | Choice::TargetedAdvertising
                )
            }) {
                continue;
            }
            // Which protected ages the data comes from, under which laws.
            let mut protected: Vec<(SubjectKind, String)> = Vec::new();
            let mut confidence = Confidence::Confirmed;
            for c in &flow.categories {
                let kinds = cx.law.subject_kinds(c.node, flow.from.node);
                for law in cx.law.us_laws_at(c.node, flow.from.node) {
                    let Some((under, provenance)) = law.teen_rule(cx.as_of) else {
                        continue;
                    };
                    for kind in kinds.iter() {
                        let Some((from, _)) = ages(kind) else {
                            continue;
                        };
                        if from < under && !protected.iter().any(|(k, _)| *k == kind) {
                            protected.push((
                                kind,
                                format!(
                                    "{} ({}): opt-in under {under}: {}",
                                    law.id.to_uppercase(),
                                    law.state,
                                    provenance.source
                                ),
                            ));
                            confidence = confidence.max(provenance.confidence);
                        }
                    }
                }
            }
            if protected.is_empty() {
                continue;
            }
            // Every purpose of the flow must rest on consent; a parent's for children
            // under 13.
            let needs_parent = protected
                .iter()
                .any(|(k, _)| *k == SubjectKind::ChildUnder13);
            let lacking: Vec<&str> = flow
                .purposes
                .iter()
                .filter_map(|p| m.purpose(p.node))
                .filter(|p| {
                    let consent = own_consent(p).and_then(|c| m.consents.get(c.index()));
                    match consent {
                        None => true,
                        Some(c) => needs_parent && c.parental.is_none(),
                    }
                })
                .map(|p| p.name.node.as_str())
                .collect();
            if lacking.is_empty() {
                continue;
            }
            let kinds: Vec<String> = protected.iter().map(|(k, _)| format!("`{k}`")).collect();
            let d = out.report_on(
                confidence,
                flow.span,
                format!(
                    "data of subjects who may be minors ({}) is sold, shared or used for targeted advertising for `{}` without opt-in consent{}",
                    kinds.join(", "),
                    lacking.join("`, `"),
                    if needs_parent { " (a parent's, under 13)" } else { "" }
                ),
            );
            // One note per law, however many of the ages it protects are on the flow.
            for (_, why) in &protected {
                if !d.notes.contains(why) {
                    d.notes.push(why.clone());
                }
            }
            d.help = Some(
                "rest the purpose on a consent the consumer gives (`basis consent …`), with `parental \"…\"` for children under 13"
                    .to_owned(),
            );
        }
    }
}
