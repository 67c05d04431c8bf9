//! A002 dpia-likely-required.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::PurposeId;

pub struct DpiaLikelyRequired;

pub static META: RuleMeta = RuleMeta {
    code: "A002",
    name: "dpia-likely-required",
    severity: Severity::Warning,
    opt_in: false,
    summary: "a purpose meets two or more of the EDPB's criteria of high risk and names no impact assessment",
    docs: r#"# dpia-likely-required (A002)

## What it checks
A purpose that names no `dpia "…"`, is not already one A001 reports, and meets at least
two of the nine criteria of the WP29 guidelines endorsed by the EDPB: evaluation or
scoring; automated decisions with legal or similar effect; systematic monitoring;
sensitive or highly personal data; large scale; matching or combining datasets;
vulnerable data subjects (children, employees, patients); innovative technology; and
processing that prevents people from using a right, a service or a contract. The
message lists the criteria met and the notes the declarations that show each. A
warning: the guidelines say two criteria require a DPIA "in most cases", and the
controller may document why its processing is not high-risk.

## Why
Art. 35(1) asks for an assessment wherever processing is likely to result in a high
risk, "in particular using new technologies"; the criteria are how the EDPB tells when.

## Law and guidance
GDPR Art. 35(1) and Recitals 75, 89-91; Article 29 Working Party, Guidelines on Data
Protection Impact Assessment (WP248 rev.01, 4 October 2017), endorsed by the EDPB on 25
May 2018, section III.B.a. The guidelines' text was read in faithful copies only, so the
criteria are marked unconfirmed (`redline knowledge dpia`).

## Failing example
```redline
controller "Hotel" { location FR }
subject guest : guest
category footage : media.cctv
category moods : inferred.profile
purpose mood_analysis : profiling.emotion {   # expect: A002
  basis explicit_consent mood_optin
  retain 1 month
  new_technology "emotion recognition from camera images"
}
consent mood_optin { default denied explicit withdraw "front desk" }
system cameras : camera { location FR }
flow guest -> cameras : footage for mood_analysis
```

## Passing example
```redline
controller "Hotel" { location FR }
subject guest : guest
category footage : media.cctv
category moods : inferred.profile
purpose mood_analysis : profiling.emotion {
  basis explicit_consent mood_optin
  retain 1 month
  new_technology "emotion recognition from camera images"
  dpia "DPIA-2026-04"
}
consent mood_optin { default denied explicit withdraw "front desk" }
system cameras : camera { location FR }
flow guest -> cameras : footage for mood_analysis
```
"#,
};

impl Rule for DpiaLikelyRequired {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let dpia = &cx.knowledge().assessment.dpia;
        for (i, purpose) in cx.model.purposes.iter().enumerate() {
            if purpose.dpia.is_some() {
                continue;
            }
            let need = cx.law.dpia_need(PurposeId(i as u32));
            // What the law requires outright is A001's; one cause, one finding.
            if need.required() || need.criteria.len() < dpia.threshold {
                continue;
            }
            let names: Vec<&str> = need
                .criteria
                .iter()
                .map(|m| m.entry.name.as_str())
                .collect();
            let confidence = need
                .criteria
                .iter()
                .map(|m| m.entry.provenance.confidence)
                .chain([dpia.threshold_provenance.confidence])
                .max()
                .unwrap_or(dpia.threshold_provenance.confidence);
            let d = out.report_on(
                confidence,
                purpose.name.span,
                format!(
                    "`{}` meets {} criteria of high risk ({}) and names no impact assessment",
                    purpose.name.node,
                    need.criteria.len(),
                    names.join("; ")
                ),
            );
            for m in &need.criteria {
                d.notes.push(format!("{}: {}", m.entry.name, m.evidence));
            }
            d.notes
                .push(format!("source: {}", dpia.threshold_provenance.source));
            d.help = Some(format!(
                "carry out an impact assessment and name it with `dpia \"DPIA-…\"` on `{}`, or record why the processing is not likely to result in a high risk",
                purpose.name.node
            ));
        }
    }
}
