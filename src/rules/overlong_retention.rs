//! R001 overlong-retention.

use std::collections::BTreeSet;

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::knowledge::{Confidence, Limit};
use crate::law::retention::{self, Bound, Period};
use crate::model::{CategoryId, Flow, PurposeId, Storage};
use crate::source::Span;

pub struct OverlongRetention;

pub static META: RuleMeta = RuleMeta {
    code: "R001",
    name: "overlong-retention",
    severity: Severity::Error,
    opt_in: false,
    summary: "data is kept longer than a cap that applies",
    docs: r#"# overlong-retention (R001)

## What it checks
A purpose's `retain`, or a system's or processor's `stores … for`, that a cap which
applies does not allow:
- the category's own `retention max`;
- the configuration's `retention.caps`, by category id or group;
- the built-in guidance for the category (13 months from placement for tracker ids, 1
  month for CCTV…), for the purpose (25 months for audience measurement, 3 years after
  last contact for direct marketing…) and for the kind of subject (2 years after last
  contact for applicants). An entry that rests on a national law (the French limit on
  video-protection footage) applies to controllers established in that country; a
  regulator's figure is a yardstick applied everywhere. A figure no primary source
  confirms (`redline knowledge retention` shows the confidence of each) only ever gives
  a warning, and its message says so.
A purpose is held to the caps of every personal category that flows for it and of every
kind of subject it collects from. Data that is not personal is not judged.

A retention and a cap compare only when counted from comparable events: from the same
event, the retention must not be longer; a retention counted from collection (as every
`stores … for` is) fits a cap counted from a later event when it is not longer; a
retention counted from a later event than its cap's (`retain 13 months after
last_contact` against a tracker's 13 months from placement) is not bounded by the cap,
since it starts again at each contact, and is reported. Two other events whose order the
policy does not fix (`contract_end` and `last_contact`) are not compared. The message names the strictest
cap and its source; the others follow as notes. Durations compare as LANGUAGE.md says (1
year = 12 months).

## Why
Personal data must be kept no longer than necessary for its purpose. Regulators publish
retention periods that serve as a yardstick in audits.

## Law and guidance
GDPR Art. 5(1)(e) (storage limitation), Art. 13(2)(a); CNIL Délibération 2020-092
(trackers, 13 months), the CNIL's audience-measurement guidance (25 months), its
référentiels on commercial management (prospects, 3 years after last contact) and
recruitment (2 years), Délibération 2018-303 on payment cards; Code de la sécurité
intérieure art. L252-5 (video-protection, 1 month). `redline knowledge retention` gives
each figure with its source and confidence.

## Failing example
```redline
controller "Shop" { location FR }
purpose cctv : security.cctv { basis legitimate_interests "LIA-CCTV" retain 3 months }   # expect: R001
```

## Passing example
```redline
controller "Shop" { location FR }
purpose cctv : security.cctv { basis legitimate_interests "LIA-CCTV" retain 1 month }
```
"#,
};

/// A cap that applies, and where it comes from.
struct Cap {
    period: Period,
    what: String,
    source: String,
    confidence: Confidence,
}

/// A cap a kept period does not respect.
struct Breach {
    cap: Cap,
    how: Bound,
}

impl OverlongRetention {
    fn category_caps(&self, cx: &Context<'_>, id: CategoryId, caps: &mut Vec<Cap>) {
        let Some(category) = cx.model.category(id) else {
            return;
        };
        if !cx.law.is_personal(id) {
            return;
        }
        let name = &category.name.node;
        if let Some(max) = &category.retention_max {
            caps.push(Cap {
                period: Period::from_collection(max.node),
                what: format!("`{name}`'s own `retention max`"),
                source: "the policy".to_owned(),
                confidence: Confidence::Confirmed,
            });
        }
        let path = category.path.node.as_str();
        for cap in cx.caps {
            if path == cap.taxonomy || path.starts_with(&format!("{}.", cap.taxonomy)) {
                caps.push(Cap {
                    period: cap.max.clone(),
                    what: format!("the configured cap for `{}`", cap.taxonomy),
                    source: "redline.yaml (`retention.caps`)".to_owned(),
                    confidence: Confidence::Confirmed,
                });
            }
        }
        if let Some(kind) = cx.law.category_kind(id) {
            self.guidance(
                cx,
                kind.cap.as_deref(),
                &format!("`{name}` ({})", kind.id),
                caps,
            );
        }
    }

    fn guidance(&self, cx: &Context<'_>, id: Option<&str>, subject: &str, caps: &mut Vec<Cap>) {
        let Some(g) = id.and_then(|id| cx.knowledge().guidance(id)) else {
            return;
        };
        // A national law binds only the controllers established in its country.
        if !g.applies_to_controller(cx.model.controller_location()) {
            return;
        }
        if let Limit::Max(max) = g.limit {
            caps.push(Cap {
                period: Period::new(max, g.after.clone()),
                what: format!("the guidance for {subject}"),
                source: g.provenance.source.clone(),
                confidence: g.provenance.confidence,
            });
        }
    }

    /// The strictest cap `kept` does not respect, reported at `span`; the others as notes.
    fn judge(&self, out: &mut Findings, span: Span, who: &str, kept: &Period, caps: Vec<Cap>) {
        let mut breaches: Vec<Breach> = caps
            .into_iter()
            .map(|cap| Breach {
                how: retention::compare(kept, &cap.period),
                cap,
            })
            .filter(|b| b.how.breaks())
            .collect();
        // A confirmed cap decides before an unconfirmed one, then the strictest.
        breaches.sort_by(|a, b| {
            a.cap
                .confidence
                .cmp(&b.cap.confidence)
                .then_with(|| a.cap.period.duration.compare(b.cap.period.duration))
                .then_with(|| a.cap.what.cmp(&b.cap.what))
        });
        // The same cap reached twice (by the category and by the purpose) is one cap.
        breaches.dedup_by(|a, b| {
            a.cap.what == b.cap.what
                || (a.cap.source == b.cap.source && a.cap.period == b.cap.period)
        });
        let Some(strictest) = breaches.first() else {
            return;
        };
        let kept_text = kept.short();
        let cap = &strictest.cap;
        let message = match strictest.how {
            Bound::Unbounded => format!(
                "{who} keeps data for {kept_text}, not bounded by {} after {}, {}",
                cap.period.duration, cap.period.after, cap.what
            ),
            _ => format!(
                "{who} keeps data for {kept_text}, longer than {} after {}, {}",
                cap.period.duration, cap.period.after, cap.what
            ),
        };
        let d = out.report_on(cap.confidence, span, message);
        if strictest.how == Bound::Unbounded {
            d.notes.push(format!(
                "counted from `{}`, the period starts again whenever that happens, while the cap runs from `{}`",
                kept.after, cap.period.after
            ));
        }
        d.notes.push(format!("source: {}", cap.source));
        for other in breaches.iter().skip(1) {
            d.notes.push(format!(
                "also over {} ({}): {}",
                other.cap.period, other.cap.what, other.cap.source
            ));
        }
        d.help = Some(format!(
            "keep it at most {}, or record why longer is necessary and suppress this finding with the reason",
            cap.period.short()
        ));
    }

    fn storage(&self, cx: &Context<'_>, node: &str, storage: &Storage, out: &mut Findings) {
        for category in &storage.categories {
            let mut caps = Vec::new();
            self.category_caps(cx, category.node, &mut caps);
            let name = cx
                .model
                .category(category.node)
                .map_or("?", |c| c.name.node.as_str());
            self.judge(
                out,
                storage.span,
                &format!("`{node}` storing `{name}`"),
                &Period::from_collection(storage.duration.node),
                caps,
            );
        }
    }
}

impl Rule for OverlongRetention {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for (i, purpose) in cx.model.purposes.iter().enumerate() {
            let Some(retain) = &purpose.retain else {
                continue;
            };
            let id = PurposeId(i as u32);
            let flows: Vec<&Flow> = cx
                .graph
                .flows_for(id)
                .iter()
                .filter_map(|f| cx.model.flows.get(f.index()))
                .collect();
            let mut categories = BTreeSet::new();
            let mut subject_kinds = BTreeSet::new();
            for flow in &flows {
                let personal: Vec<CategoryId> = flow
                    .categories
                    .iter()
                    .map(|c| c.node)
                    .filter(|&c| cx.law.is_personal(c))
                    .collect();
                if !personal.is_empty()
                    && let Some(kind) = cx.model.subject_kind(flow.from.node)
                {
                    subject_kinds.insert(kind);
                }
                categories.extend(personal);
            }
            // A purpose whose flows carry no personal data keeps nothing the law caps.
            if !flows.is_empty() && categories.is_empty() {
                continue;
            }
            let mut caps = Vec::new();
            for &c in &categories {
                self.category_caps(cx, c, &mut caps);
            }
            if let Some(kind) = cx.law.purpose_kind(id) {
                self.guidance(
                    cx,
                    kind.cap.as_deref(),
                    &format!("{} purposes", kind.id),
                    &mut caps,
                );
            }
            for kind in &subject_kinds {
                let cap = cx
                    .knowledge()
                    .subjects
                    .get(kind)
                    .and_then(|s| s.cap.as_deref());
                self.guidance(cx, cap, &format!("subjects of kind `{kind}`"), &mut caps);
            }
            let who = format!("`{}`", purpose.name.node);
            let kept = Period::new(retain.node.duration.node, retain.node.after.clone());
            self.judge(out, retain.span, &who, &kept, caps);
        }
        for (_, name, storage) in cx.model.storages() {
            self.storage(cx, &name.node, storage, out);
        }
    }
}
