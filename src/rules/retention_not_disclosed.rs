//! U005 retention-not-disclosed.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::knowledge::{Confidence, UsLaw};
use crate::law::us::add_law;
use crate::model::CategoryId;

pub struct RetentionNotDisclosed;

pub static META: RuleMeta = RuleMeta {
    code: "U005",
    name: "retention-not-disclosed",
    severity: Severity::Warning,
    opt_in: false,
    summary: "a category of personal information of California consumers has no retention period or criteria to disclose",
    docs: r#"# retention-not-disclosed (U005)

## What it checks
A category of personal information collected from consumers whose state's law asks the
notice at collection to say how long each category is kept (California), with neither
its own `retention max D` or `retention criteria "…"`, nor a `retain` on every purpose
that uses it (from which the period can be told).

## Why
The notice at collection states, for each category of personal information, the length
of time the business intends to retain it, or, if that is not possible, the criteria
used to determine that period; and a business may not keep it longer than is reasonably
necessary for the disclosed purpose.

## Law and guidance
Cal. Civ. Code §1798.100(a)(3); Cal. Code Regs. tit. 11 §7012(e)(4).

## Failing example
```redline
controller "Stream Inc." { location US-CA }
subject viewer : user
category history : behavior.media_consumption   # expect: U005
purpose recommendations : personalisation.recommendation { basis contract }
system app : application { location US-CA }
flow viewer -> app : history for recommendations
```

## Passing example
```redline
controller "Stream Inc." { location US-CA }
subject viewer : user
category history : behavior.media_consumption {
  retention criteria "kept while the account is open, deleted 30 days after it closes"
}
purpose recommendations : personalisation.recommendation { basis contract }
system app : application { location US-CA }
flow viewer -> app : history for recommendations
```
"#,
};

impl Rule for RetentionNotDisclosed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let m = cx.model;
        for (i, category) in m.categories.iter().enumerate() {
            let id = CategoryId(i as u32);
            if category.retention_max.is_some() || category.retention_criteria.is_some() {
                continue;
            }
            let flows: Vec<&crate::model::Flow> = cx
                .graph
                .flows_of(id)
                .iter()
                .filter_map(|f| m.flows.get(f.index()))
                .collect();
            let mut laws: Vec<&UsLaw> = Vec::new();
            for flow in &flows {
                for law in cx.law.us_laws_at(id, flow.from.node) {
                    if law.retention_per_category.is_some() {
                        add_law(&mut laws, law);
                    }
                }
            }
            if laws.is_empty() {
                continue;
            }
            let every_purpose_retains = flows
                .iter()
                .flat_map(|f| &f.purposes)
                .all(|p| m.purpose(p.node).is_some_and(|p| p.retain.is_some()));
            if every_purpose_retains {
                continue;
            }
            let confidence = laws
                .iter()
                .filter_map(|l| l.retention_per_category.as_ref())
                .map(|p| p.confidence)
                .max()
                .unwrap_or(Confidence::Confirmed);
            let d = out.report_on(
                confidence,
                category.name.span,
                format!(
                    "the notice at collection must say how long `{}` is kept, and neither the category nor every purpose using it says",
                    category.name.node
                ),
            );
            for law in &laws {
                if let Some(p) = &law.retention_per_category {
                    d.notes.push(format!("law: {}: {}", law.name, p.source));
                }
            }
            d.help = Some(
                "give the category `retention max D` or `retention criteria \"…\"`, or a `retain` to each purpose using it"
                    .to_owned(),
            );
        }
    }
}
