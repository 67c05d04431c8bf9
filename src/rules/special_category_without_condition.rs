//! P003 special-category-without-condition.

use std::collections::BTreeSet;

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::law::consent::{ExplicitConsent, explicit_consent, has_art9_ground};

pub struct SpecialCategoryWithoutCondition;

pub static META: RuleMeta = RuleMeta {
    code: "P003",
    name: "special-category-without-condition",
    severity: Severity::Error,
    opt_in: false,
    summary: "special-category data is processed with no Art. 9(2) condition",
    docs: r#"# special-category-without-condition (P003)

## What it checks
A flow that carries a special category (taxonomy `special.*`: health, biometric,
genetic, racial or ethnic origin, political, religious, trade-union, sex life) for a
purpose that rests on no explicit consent (a consent that says `explicit`) and names no
Art. 9(2) `condition`. Reported once per category and purpose, on the first flow that
carries it. A category declared `anonymised` is not personal data and is not judged.

## Why
Processing special categories is prohibited unless one of the conditions of Art. 9(2)
applies, on top of an Art. 6 basis.

## Law and guidance
GDPR Art. 9(1) and 9(2); CJEU C-184/20 (data that indirectly reveals a special category
is special data).

## Failing example
```redline
controller "Clinic" { location FR }
subject patient : patient
category health : special.health
purpose care : service.order_fulfilment { basis contract retain 1 year }
system records : database { location FR }
flow patient -> records : health for care   # expect: P003
```

## Passing example
```redline
controller "Clinic" { location FR }
subject patient : patient
category health : special.health
purpose care : service.order_fulfilment {
  basis contract
  condition health_care "care under the contract with a health professional"
  retain 1 year
}
system records : database { location FR }
flow patient -> records : health for care
```
"#,
};

impl Rule for SpecialCategoryWithoutCondition {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let mut reported = BTreeSet::new();
        for flow in &cx.model.flows {
            for category in flow.categories.iter().filter(|c| cx.law.is_special(c.node)) {
                for purpose in &flow.purposes {
                    let Some(p) = cx.model.purpose(purpose.node) else {
                        continue;
                    };
                    if has_art9_ground(cx.model, p)
                        || !reported.insert((category.node, purpose.node))
                    {
                        continue;
                    }
                    let name = cx
                        .model
                        .category(category.node)
                        .map_or("?", |c| c.name.node.as_str());
                    let kind = cx
                        .law
                        .category_kind(category.node)
                        .map_or("", |k| k.id.as_str());
                    out.report(
                        category.span,
                        format!(
                            "`{name}` is special-category data ({kind}) used for `{}` with no Art. 9(2) condition",
                            p.name.node
                        ),
                    )
                    .help = Some(match explicit_consent(cx.model, p) {
                        ExplicitConsent::NotMarked(c) => format!(
                            "`{}` is named as explicit consent but does not say `explicit`: add it if the consent is explicit, or name a condition",
                            cx.model.consents.get(c.index()).map_or("?", |c| c.name.node.as_str())
                        ),
                        _ => format!(
                            "rest `{}` on explicit consent (`basis explicit_consent CONSENT`, with `explicit` on the consent), or name its condition: `condition health_care \"…\"`",
                            p.name.node
                        ),
                    });
                }
            }
        }
    }
}
