//! D001 processor-without-dpa.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;

pub struct ProcessorWithoutDpa;

pub static META: RuleMeta = RuleMeta {
    code: "D001",
    name: "processor-without-dpa",
    severity: Severity::Warning,
    opt_in: false,
    summary: "a processor or subprocessor has no data processing agreement",
    docs: r#"# processor-without-dpa (D001)

## What it checks
A processor with no `dpa` reference, including the subprocessors of other processors.

## Why
Processing by a processor must be governed by a contract that binds it to the
controller's instructions, confidentiality, security, the handling of subprocessors,
help with people's rights, and deletion at the end.

## Law and guidance
GDPR Art. 28(2)-(4); Commission Implementing Decision (EU) 2021/915 (standard
contractual clauses between controllers and processors).

## Failing example
```redline
controller "Shop" { location FR }
processor mailer { location FR }   # expect: D001
```

## Passing example
```redline
controller "Shop" { location FR }
processor mailer { location FR dpa "contracts/mailer-dpa.pdf" }
```
"#,
};

impl Rule for ProcessorWithoutDpa {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        // Who names each processor as its subprocessor, in one pass.
        let mut parents: Vec<Vec<&str>> = vec![Vec::new(); cx.model.processors.len()];
        for p in &cx.model.processors {
            for sub in &p.subprocessors {
                if let Some(list) = parents.get_mut(sub.node.index()) {
                    list.push(&p.name.node);
                }
            }
        }
        for (i, processor) in cx.model.processors.iter().enumerate() {
            if processor.dpa.is_some() {
                continue;
            }
            let parents = parents.get(i).map_or(&[][..], Vec::as_slice);
            let role = if parents.is_empty() {
                String::new()
            } else {
                format!(", a subprocessor of `{}`,", parents.join("`, `"))
            };
            out.report(
                processor.name.span,
                format!(
                    "`{}`{role} has no data processing agreement",
                    processor.name.node
                ),
            )
            .help =
                Some("reference the signed agreement: `dpa \"…\"` (GDPR Art. 28(3))".to_owned());
        }
    }
}
