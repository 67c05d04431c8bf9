//! A001 dpia-required.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::knowledge::Confidence;
use crate::model::PurposeId;

pub struct DpiaRequired;

pub static META: RuleMeta = RuleMeta {
    code: "A001",
    name: "dpia-required",
    severity: Severity::Error,
    opt_in: false,
    summary: "a purpose the GDPR or the national list requires an impact assessment for names none",
    docs: r#"# dpia-required (A001)

## What it checks
A purpose that names no `dpia "…"` although the law requires an impact assessment for
it:
- one of the cases of Art. 35(3): profiling on which decisions with legal or similarly
  significant effects are based (a profiling or scoring purpose, or one using inferred
  profiles or scores, that says `automated_decisions`); special-category or criminal
  data on a large scale (`scale large`); systematic monitoring of a publicly accessible
  area on a large scale (CCTV with `scale large`);
- or an item of the list of processing that always needs one, adopted under Art. 35(4)
  by the supervisory authority of the controller's country (the CNIL's list for a
  controller in France: health data for care, HR profiling, constant monitoring of
  employees, whistleblowing, biometric identification involving pupils or patients,
  location data on a large scale, …).

The message names each case or item met, and the notes say which declarations show it.
An item of the national list that no primary text confirms gives at most a warning.

## Why
An impact assessment is carried out before the processing starts; where one is
required and missing, the processing should not have begun, and the supervisory
authority can order it stopped (Art. 58(2)(f)) or fine it (Art. 83(4)(a)).

## Law and guidance
GDPR Art. 35(1), 35(3)(a)-(c), 35(4) and 35(7); CNIL, Délibération n° 2018-327 du 11
octobre 2018 (the French list, amended by Délibération n° 2019-011); EDPB Opinion
9/2018 on the French draft list. `redline knowledge dpia` prints the cases, the
criteria and the list with their sources.

## Failing example
```redline
controller "Clinic" { location FR }
subject patient : patient
category records : special.health
purpose care : health.treatment {   # expect: A001
  basis contract
  condition health_care "Care under the treatment contract"
  retain 20 years after contract_end
  scale large
}
system ehr : database { location FR stores records for 20 years encrypted }
flow patient -> ehr : records for care
```

## Passing example
```redline
controller "Clinic" { location FR }
subject patient : patient
category records : special.health
purpose care : health.treatment {
  basis contract
  condition health_care "Care under the treatment contract"
  retain 20 years after contract_end
  scale large
  dpia "DPIA-2026-01, approved by the DPO on 2026-01-15"
}
system ehr : database { location FR stores records for 20 years encrypted }
flow patient -> ehr : records for care
```
"#,
};

impl Rule for DpiaRequired {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for (i, purpose) in cx.model.purposes.iter().enumerate() {
            if purpose.dpia.is_some() {
                continue;
            }
            let need = cx.law.dpia_need(PurposeId(i as u32));
            if !need.required() {
                continue;
            }
            // The message cites the provisions; the notes say what meets each.
            let mut why: Vec<String> = need
                .cases
                .iter()
                .map(|m| m.entry.provenance.source.clone())
                .collect();
            why.extend(
                need.listed
                    .iter()
                    .map(|m| format!("item `{}` of the national list (Art. 35(4))", m.entry.id)),
            );
            // A case of Art. 35(3) is the regulation's own text; a list item is as sure
            // as its source.
            let confidence = if need.cases.is_empty() {
                need.listed
                    .iter()
                    .map(|m| m.entry.provenance.confidence)
                    .min()
                    .unwrap_or(Confidence::Unconfirmed)
            } else {
                Confidence::Confirmed
            };
            let d = out.report_on(
                confidence,
                purpose.name.span,
                format!(
                    "`{}` needs a data protection impact assessment ({})",
                    purpose.name.node,
                    why.join("; ")
                ),
            );
            for m in need.cases.iter().chain(&need.listed) {
                d.notes.push(format!("{}: {}", m.entry.name, m.evidence));
            }
            if let Some(m) = need.listed.first() {
                d.notes
                    .push(format!("source: {}", m.entry.provenance.source));
            }
            d.help = Some(format!(
                "carry out the assessment before the processing starts and name it: `dpia \"DPIA-…\"` on `{}` (GDPR Art. 35)",
                purpose.name.node
            ));
        }
    }
}
