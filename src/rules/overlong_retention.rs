//! R001 overlong-retention.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::knowledge::Limit;
use crate::model::{CategoryId, NodeId, PurposeId, Storage};
use crate::source::Span;
use crate::values::Duration;

pub struct OverlongRetention;

pub static META: RuleMeta = RuleMeta {
    code: "R001",
    name: "overlong-retention",
    severity: Severity::Error,
    summary: "data is kept longer than a cap that applies",
    docs: r#"# overlong-retention (R001)

## What it checks
A purpose's `retain`, or a system's or processor's `stores … for`, that exceeds a cap
that applies to it:
- the category's own `retention max`;
- the configuration's `retention.caps`, by category id or group;
- the built-in guidance of TAXONOMY.md for the category (13 months for browsing history
  and tracker ids, 1 month for CCTV…), for the purpose (13 months for targeted
  advertising, 3 years after last contact for direct marketing…) and for the kind of
  subject (2 years after last contact for applicants).
A purpose is held to the caps of every category that flows for it and of every kind of
subject it collects from. The message names the strictest cap exceeded and its source;
the others follow as notes. Durations compare as LANGUAGE.md says (1 year = 12 months).

## Why
Personal data must be kept no longer than necessary for its purpose. Regulators publish
retention periods that serve as a yardstick in audits.

## Law and guidance
GDPR Art. 5(1)(e) (storage limitation), Art. 13(2)(a); CNIL guidance on trackers (13
months), audience measurement (25 months), prospects (3 years after last contact), video
surveillance (1 month), recruitment (2 years) and Délib. 2018-303 on payment cards.

## Failing example
```redline
controller "Shop" { location FR }
purpose ads : advertising.targeted { basis consent optin retain 2 years }
consent optin { default denied withdraw "privacy centre" }
```

## Passing example
```redline
controller "Shop" { location FR }
purpose ads : advertising.targeted { basis consent optin retain 13 months }
consent optin { default denied withdraw "privacy centre" }
```
"#,
};

/// A cap that applies, and where it comes from.
struct Cap {
    max: Duration,
    after: String,
    what: String,
    source: String,
}

impl OverlongRetention {
    fn category_caps(&self, cx: &Context<'_>, id: CategoryId, caps: &mut Vec<Cap>) {
        let Some(category) = cx.model.category(id) else {
            return;
        };
        let name = &category.name.node;
        if let Some(max) = &category.retention_max {
            caps.push(Cap {
                max: max.node,
                after: "collection".to_owned(),
                what: format!("`{name}`'s own `retention max`"),
                source: "the policy".to_owned(),
            });
        }
        let path = category.path.node.as_str();
        for cap in &cx.settings.caps {
            if path == cap.taxonomy || path.starts_with(&format!("{}.", cap.taxonomy)) {
                caps.push(Cap {
                    max: cap.max,
                    after: "collection".to_owned(),
                    what: format!("the configured cap for `{}`", cap.taxonomy),
                    source: crate::config::FILE_NAME.to_owned(),
                });
            }
        }
        if let Some(kind) = cx.category_kind(id) {
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
        if let Limit::Max(max) = g.limit {
            caps.push(Cap {
                max,
                after: g.after.clone(),
                what: format!("the guidance for {subject}"),
                source: g.provenance.source.clone(),
            });
        }
    }

    /// The strictest cap `kept` exceeds, reported at `span`; the others as notes.
    fn judge(&self, out: &mut Findings, span: Span, who: &str, kept: Duration, mut caps: Vec<Cap>) {
        caps.retain(|c| kept.compare(c.max) == Ordering::Greater);
        caps.sort_by(|a, b| a.max.compare(b.max).then_with(|| a.what.cmp(&b.what)));
        caps.dedup_by(|a, b| a.what == b.what);
        let Some(strictest) = caps.first() else {
            return;
        };
        let d = out.report(
            span,
            format!(
                "{who} keeps data for {kept}, longer than {} after {}, {}",
                strictest.max, strictest.after, strictest.what
            ),
        );
        d.notes.push(format!("source: {}", strictest.source));
        for other in caps.iter().skip(1) {
            d.notes.push(format!(
                "also over {} ({}): {}",
                other.max, other.what, other.source
            ));
        }
        d.help = Some(format!(
            "keep it at most {}, or record why longer is necessary and suppress this finding with the reason",
            strictest.max
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
                storage.duration.node,
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
            let mut categories = BTreeSet::new();
            let mut subject_kinds = BTreeSet::new();
            let flows = cx.graph.flows_for(id).iter();
            for flow in flows.filter_map(|f| cx.model.flows.get(f.index())) {
                categories.extend(flow.categories.iter().map(|c| c.node));
                if let NodeId::Subject(s) = flow.from.node
                    && let Some(subject) = cx.model.subjects.get(s.index())
                {
                    subject_kinds.insert(subject.kind.node.clone());
                }
            }
            let mut caps = Vec::new();
            for &c in &categories {
                self.category_caps(cx, c, &mut caps);
            }
            if let Some(kind) = cx.purpose_kind(id) {
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
            self.judge(out, retain.span, &who, retain.node.duration.node, caps);
        }
        for (_, name, storage) in cx.model.storages() {
            self.storage(cx, &name.node, storage, out);
        }
    }
}
