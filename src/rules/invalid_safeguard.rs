//! T002 invalid-safeguard.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::knowledge::{SafeguardKind, in_force};
use crate::model::NodeId;
use crate::values::Place;

pub struct InvalidSafeguard;

pub static META: RuleMeta = RuleMeta {
    code: "T002",
    name: "invalid-safeguard",
    severity: Severity::Error,
    summary: "a declared transfer safeguard cannot apply",
    docs: r#"# invalid-safeguard (T002)

## What it checks
A `safeguard` that cannot apply on the as-of date: `dpf` for a node outside the USA or
before the Data Privacy Framework (10 July 2023); `adequacy` for a country without an
adequacy decision in force; `privacy_shield`, invalidated on 16 July 2020; a
`derogation` that names no Art. 49 ground; any safeguard outside the dates it exists.

## Why
A safeguard that does not exist in law protects nothing: the transfer it was meant to
cover is unprotected, and the policy misleads its readers.

## Law and guidance
GDPR Art. 45, 46, 49; Implementing Decision (EU) 2023/1795; CJEU C-311/18 Schrems II
(16 July 2020), which invalidated Decision (EU) 2016/1250 (Privacy Shield).

## Failing example
```redline
controller "Shop" { location FR }
processor mailer { location US safeguard privacy_shield dpa "dpa.pdf" }
```

## Passing example
```redline
controller "Shop" { location FR }
processor mailer { location US safeguard dpf dpa "dpa.pdf" }
```
"#,
};

impl Rule for InvalidSafeguard {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let nodes = (0..cx.model.processors.len())
            .map(|i| NodeId::Processor(crate::model::ProcessorId(i as u32)))
            .chain(
                (0..cx.model.recipients.len())
                    .map(|i| NodeId::Recipient(crate::model::RecipientId(i as u32))),
            );
        for node in nodes {
            let Some(safeguard) = cx.safeguard_of(node) else {
                continue;
            };
            let name = cx.model.node_name(node);
            let kind = safeguard.node.kind;
            let place = cx.model.node_location(node);
            let country = match place {
                Some(Place::Country(c)) => Some(c),
                _ => None,
            };
            let entry = cx.knowledge().safeguard_entry(kind);
            let problem = match kind {
                SafeguardKind::PrivacyShield => entry.and_then(|e| {
                    let valid = e.from.is_some_and(|from| in_force(from, e.ends, cx.as_of));
                    (!valid).then(|| {
                        format!(
                            "the EU-US Privacy Shield is not valid on {}: {}",
                            cx.as_of,
                            e.note.clone().unwrap_or_default()
                        )
                    })
                }),
                SafeguardKind::Derogation if safeguard.node.ground.is_none() => {
                    Some("a derogation must name its Art. 49(1) ground".to_owned())
                }
                SafeguardKind::Adequacy => match country {
                    Some(c) if cx.knowledge().adequacy_on(c, cx.as_of).is_empty() => Some(format!(
                        "{c} has no adequacy decision in force on {}",
                        cx.as_of
                    )),
                    _ => None,
                },
                _ => entry.and_then(|e| {
                    if !e.countries.is_empty() && country.is_some_and(|c| !e.countries.contains(&c))
                    {
                        let places: Vec<String> =
                            e.countries.iter().map(|c| c.to_string()).collect();
                        return Some(format!(
                            "`{}` ({}) applies only to {}, and `{name}` is in {}",
                            kind.id(),
                            e.name,
                            places.join(", "),
                            place.map(|p| p.to_string()).unwrap_or_default()
                        ));
                    }
                    let dated = e.from.is_none_or(|from| in_force(from, e.ends, cx.as_of));
                    (!dated).then(|| {
                        format!(
                            "`{}` ({}) is not in force on {}",
                            kind.id(),
                            e.name,
                            cx.as_of
                        )
                    })
                }),
            };
            if let Some(problem) = problem {
                out.report(safeguard.span, format!("the safeguard of `{name}` cannot apply: {problem}"))
                    .help = Some("declare a safeguard that applies: `scc`, `bcr`, or `dpf` for a DPF-certified US organisation".to_owned());
            }
        }
    }
}
