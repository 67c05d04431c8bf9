//! S001 unused-suppression.

use super::suppress::Unused;
use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::{InputError, Severity};
use crate::suggest;

pub struct UnusedSuppression;

pub static META: RuleMeta = RuleMeta {
    code: "S001",
    name: "unused-suppression",
    severity: Severity::Warning,
    opt_in: false,
    summary: "a suppression comment silences nothing",
    docs: r#"# unused-suppression (S001)

## What it checks
A `# redline: allow RULE -- reason` comment, on a declaration's line or the line above
it, that silences no finding of RULE on that declaration: the finding is gone, the rule
is not enabled, the name is neither a built-in rule nor an organisation rule's id, or it
names an input diagnostic (E001-E006), which cannot be suppressed.

## Why
A suppression is an audit trail: it says an accepted risk and why. One that silences
nothing records a decision about a problem that no longer exists, and hides the next one.

## Law and guidance
GDPR Art. 5(2) (accountability): the reasons recorded in the policy must stay true.

## Failing example
```redline
controller "Shop" { location FR }
# expect: S001
# redline: allow missing-consent -- approved by the DPO on 2026-01-10
consent optin { default denied withdraw "link" }
```

## Passing example
```redline
controller "Shop" { location FR }
# redline: allow consent-without-withdrawal -- withdrawal by phone, see ticket 12
consent optin { default denied }
```
"#,
};

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Reports each rule named in a suppression that silenced nothing.
    fn check_suppressions(&self, cx: &Context<'_>, unused: &[Unused<'_>], out: &mut Findings) {
        let model = cx.model;
        for u in unused {
            let Some(rule) = u.suppression.rules.get(u.rule) else {
                continue;
            };
            let name = rule.node.as_str();
            let (message, help) = if InputError::ALL
                .iter()
                .any(|e| e.code() == name || e.name() == name)
            {
                (
                    format!("`{name}` is an input diagnostic and cannot be suppressed"),
                    None,
                )
            } else if super::find(name).is_none()
                && !model.rules.iter().any(|r| r.name.node == name)
            {
                let names = super::ALL
                    .iter()
                    .flat_map(|r| [r.meta().code, r.meta().name]);
                (
                    format!("`{name}` is not a rule"),
                    suggest::did_you_mean(name, names),
                )
            } else {
                (
                    format!("this suppression of `{name}` silences nothing"),
                    Some(
                        "remove it, or move it to the line of the declaration it is about"
                            .to_owned(),
                    ),
                )
            };
            out.report(rule.span, message).help = help;
        }
    }
}
