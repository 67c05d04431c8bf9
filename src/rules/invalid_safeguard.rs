//! T002 invalid-safeguard.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;

pub struct InvalidSafeguard;

pub static META: RuleMeta = RuleMeta {
    code: "T002",
    name: "invalid-safeguard",
    severity: Severity::Error,
    opt_in: false,
    summary: "a declared transfer safeguard cannot apply",
    docs: r#"# invalid-safeguard (T002)

## What it checks
A `safeguard` that cannot apply on the as-of date: `dpf` for a node outside the USA or
before the Data Privacy Framework (10 July 2023); `adequacy` for a country without an
adequacy decision in force; `privacy_shield`, invalidated on 16 July 2020; a
`derogation` that names no Art. 49 ground (an empty ground counts as none); any
safeguard outside the dates it exists. The same judgement decides whether the safeguard
protects a transfer (non-adequate-transfer).

## Why
A safeguard that does not exist in law protects nothing: the transfer it was meant to
cover is unprotected, and the policy misleads its readers.

## Law and guidance
GDPR Art. 45, 46, 49; Implementing Decision (EU) 2023/1795; CJEU C-311/18 Schrems II
(16 July 2020), which invalidated Decision (EU) 2016/1250 (Privacy Shield).

## Failing example
```redline
controller "Shop" { location FR }
processor mailer { location US safeguard privacy_shield dpa "dpa.pdf" }   # expect: T002
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
        for node in cx.model.nodes() {
            let (Some(safeguard), Some(problem)) =
                (cx.model.safeguard_of(node), cx.law.safeguard_problem(node))
            else {
                continue;
            };
            let name = cx.model.node_name(node);
            out.report(safeguard.span, format!("the safeguard of `{name}` cannot apply: {problem}"))
                .help = Some("declare a safeguard that applies: `scc`, `bcr`, or `dpf` for a DPF-certified US organisation".to_owned());
        }
    }
}
