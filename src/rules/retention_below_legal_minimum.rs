//! R004 retention-below-legal-minimum.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::knowledge::Limit;
use crate::law::retention::{self, Period};

pub struct RetentionBelowLegalMinimum;

pub static META: RuleMeta = RuleMeta {
    code: "R004",
    name: "retention-below-legal-minimum",
    severity: Severity::Error,
    opt_in: false,
    summary: "a purpose the law requires keeps its data for less than the law's minimum",
    docs: r#"# retention-below-legal-minimum (R004)

## What it checks
A `legal.*` purpose whose `retain` does not reach a minimum period the law sets for it,
where the controller is established: accounting records and invoices (10 years after
the close of the financial year in France; 8 years after the end of the calendar year
for German booking vouchers), tax records (6 years in France), the employer's copy of
pay slips (5 years in France), customer due-diligence records (5 years after the end of
the business relationship, EU-wide). `redline knowledge retention` lists them with their
sources. Periods compare as RULES.md says: a retention counted from collection does not
reach a minimum counted from a later event unless that event comes at a known latest
time (the end of the calendar year); write the retention from the law's own event
(`retain 10 years after financial_year_end`). A minimum no primary source confirms only
ever gives a warning, and says so.

## Why
Storage limitation is not the only duty: a law that obliges the controller to keep a
record is the very legal obligation the purpose rests on (Art. 6(1)(c)). Deleting the
record earlier breaks that law, and the policy would promise a deletion the controller
cannot make.

## Law and guidance
GDPR Art. 5(1)(e), 6(1)(c), 17(3)(b); Code de commerce art. L123-22; Livre des
procédures fiscales art. L102 B; Code du travail art. L3243-4; Abgabenordnung §147 and
Handelsgesetzbuch §257 (as amended by the Bürokratieentlastungsgesetz IV); Directive (EU)
2015/849 art. 40.

## Failing example
```redline
controller "Boutique SAS" { location FR }
subject customer : customer
category invoices : transaction.invoice
purpose books : legal.accounting {
  basis legal_obligation "Code de commerce L123-22"
  retain 6 years   # expect: R004
}
system ledger : database { location FR }
flow customer -> ledger : invoices for books
```

## Passing example
```redline
controller "Boutique SAS" { location FR }
subject customer : customer
category invoices : transaction.invoice
purpose books : legal.accounting {
  basis legal_obligation "Code de commerce L123-22"
  retain 10 years after financial_year_end
}
system ledger : database { location FR }
flow customer -> ledger : invoices for books
```
"#,
};

impl Rule for RetentionBelowLegalMinimum {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let controller = cx.model.controller_location();
        for (i, purpose) in cx.model.purposes.iter().enumerate() {
            let Some(retain) = &purpose.retain else {
                continue;
            };
            let Some(kind) = cx.law.purpose_kind(crate::model::PurposeId(i as u32)) else {
                continue;
            };
            let kept = Period::new(retain.node.duration.node, retain.node.after.clone());
            for id in &kind.minimums {
                let Some(g) = cx.knowledge().guidance(id) else {
                    continue;
                };
                let Limit::Min(min) = g.limit else { continue };
                if !g.applies_to_controller(controller) {
                    continue;
                }
                let minimum = Period::new(min, g.after.clone());
                // The minimum must fit within what the purpose keeps.
                if !retention::compare(&minimum, &kept).breaks() {
                    continue;
                }
                let d = out.report_on(
                    g.provenance.confidence,
                    retain.span,
                    format!(
                        "`{}` keeps data for {}, short of the legal minimum of {minimum} for {}",
                        purpose.name.node,
                        kept.short(),
                        g.applies_to
                    ),
                );
                d.notes.push(format!("source: {}", g.provenance.source));
                d.help = Some(format!("keep it at least that long: `retain {minimum}`"));
            }
        }
    }
}
