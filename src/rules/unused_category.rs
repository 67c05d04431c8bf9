//! P002 unused-category.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::CategoryId;
use crate::syntax::ast::Keyword;

pub struct UnusedCategory;

pub static META: RuleMeta = RuleMeta {
    code: "P002",
    name: "unused-category",
    severity: Severity::Warning,
    opt_in: false,
    summary: "a declared category is on no flow and in no storage",
    docs: r#"# unused-category (P002)

## What it checks
A declared data category that no flow carries and no system or processor stores.

## Why
A declaration that nothing uses is either data collected without a purpose or a policy
that no longer says what the application does. Both should be fixed: the policy is the
record of what is processed.

## Law and guidance
GDPR Art. 5(1)(c) (data minimisation), Art. 30(1)(c) (the record lists the categories of
personal data processed).

## Failing example
```redline
controller "Shop" { location FR }
category phone : contact.phone   # expect: P002
```

## Passing example
```redline
controller "Shop" { location FR }
subject customer : customer
category phone : contact.phone
purpose delivery : service.order_fulfilment { basis contract retain 1 year }
system shop : application { location FR }
flow customer -> shop : phone for delivery
```
"#,
};

impl Rule for UnusedCategory {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        // A flow or storage that names a category that does not resolve may have meant
        // any of them: which one is unused cannot be told until that error is fixed.
        if cx.model.unresolved.contains(&Keyword::Category) {
            return;
        }
        let stored: std::collections::BTreeSet<CategoryId> = cx
            .model
            .storages()
            .flat_map(|(_, _, s)| s.categories.iter().map(|c| c.node))
            .collect();
        for (i, category) in cx.model.categories.iter().enumerate() {
            let id = CategoryId(i as u32);
            if cx.graph.flows_of(id).is_empty() && !stored.contains(&id) {
                out.report(
                    category.name.span,
                    format!(
                        "`{}` is declared but no flow carries it and nothing stores it",
                        category.name.node
                    ),
                )
                .help = Some(
                    "remove the declaration, or add the flows that collect and use it".to_owned(),
                );
            }
        }
    }
}
