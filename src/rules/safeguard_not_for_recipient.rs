//! T004 safeguard-not-for-recipient.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;

pub struct SafeguardNotForRecipient;

pub static META: RuleMeta = RuleMeta {
    code: "T004",
    name: "safeguard-not-for-recipient",
    severity: Severity::Error,
    opt_in: false,
    summary: "a transfer safeguard is declared for a recipient it cannot serve",
    docs: r#"# safeguard-not-for-recipient (T004)

## What it checks
A `safeguard` that exists but cannot serve that kind of recipient:
- binding corporate rules (`bcr`) on a recipient that is not a `group_company`: they bind
  the members of a group of undertakings (or of enterprises engaged in a joint economic
  activity), not a partner, an ad network, a data broker or an authority;
- the EU-US Data Privacy Framework (`dpf`) for an organisation that cannot self-certify
  under it: only organisations subject to the powers of the FTC or the US Department of
  Transportation can, which leaves out public bodies, banks and, largely, insurers.
`redline knowledge safeguards` lists these limits with their sources. A confirmed limit
also means the safeguard protects no transfer (non-adequate-transfer judges it so); a limit
no primary source confirms gives only a warning and leaves the transfer's protection as
declared.

## Why
A safeguard protects a transfer only where it binds the importer. Claiming binding
corporate rules for an outside partner, or DPF certification for an organisation that
cannot hold it, leaves the data without the protection the policy promises.

## Law and guidance
GDPR Art. 4(19)-(20), Art. 46(2)(b) and Art. 47(1); Commission Implementing Decision (EU)
2023/1795 (EU-US Data Privacy Framework), Annex I.

## Failing example
```redline
controller "Shop" { location FR }
recipient partner : partner { location IN safeguard bcr contract "C-7" }   # expect: T004
```

## Passing example
```redline
controller "Shop" { location FR }
recipient subsidiary : group_company { location IN safeguard bcr }
```
"#,
};

impl Rule for SafeguardNotForRecipient {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for node in cx.model.nodes() {
            let (Some(safeguard), Some(misfit)) =
                (cx.model.safeguard_of(node), cx.law.safeguard_misfit(node))
            else {
                continue;
            };
            let d = out.report_on(
                misfit.confidence,
                safeguard.span,
                format!(
                    "the safeguard of `{}` cannot apply to it: {}",
                    cx.model.node_name(node),
                    misfit.reason
                ),
            );
            d.notes.push(format!("source: {}", misfit.source));
            d.help = Some(
                "use standard contractual clauses (`safeguard scc`), or declare the recipient's real kind"
                    .to_owned(),
            );
        }
    }
}
