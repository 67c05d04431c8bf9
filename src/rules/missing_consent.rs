//! C001 missing-consent.

use std::collections::BTreeSet;

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::knowledge::{BasisKind, ConsentNeed, SubjectKind};
use crate::law::consent::{ExplicitConsent, explicit_consent, own_consent};
use crate::model::{Basis, PurposeId};

pub struct MissingConsent;

pub static META: RuleMeta = RuleMeta {
    code: "C001",
    name: "missing-consent",
    severity: Severity::Error,
    opt_in: false,
    summary: "a purpose that needs consent does not rest on a declared consent",
    docs: r#"# missing-consent (C001)

## What it checks
- a purpose whose basis is `explicit_consent` but whose consent does not say `explicit`
  (a consent used as explicit consent must say so; one that says so counts as explicit
  consent whichever way the basis names it);
- a purpose whose kind needs consent by default (targeted advertising, retargeting,
  tracking analytics, direct e-mail marketing, data sale, emotion profiling; TAXONOMY.md's
  consent column) that rests on another basis; automated decisions need explicit consent
  unless they rest on a contract or a legal obligation;
- a subject of kind `child` whose data is used under a consent that has no `parental`
  mechanism.

Purposes whose flows carry no personal data are not judged.

## Why
For these purposes only consent is a valid basis: legitimate interests or a contract do
not cover them. A child's consent to an information-society service needs the consent of
a holder of parental responsibility.

## Law and guidance
ePrivacy Directive 2002/58/EC Art. 5(3) (trackers) and Art. 13(1) (e-mail marketing);
GDPR Art. 6(1)(a), Art. 7, Art. 8 (children), Art. 22(2); CJEU C-252/21 Meta v
Bundeskartellamt; EDPB Guidelines 05/2020 on consent.

## Failing example
```redline
controller "Shop" { location FR }
purpose ads : advertising.targeted {
  basis legitimate_interests "LIA-2025-04"   # expect: C001
  retain 13 months
}
```

## Passing example
```redline
controller "Shop" { location FR }
purpose ads : advertising.targeted {
  basis consent ads_optin
  retain 13 months
}
consent ads_optin { default denied withdraw "privacy centre" }
```
"#,
};

impl Rule for MissingConsent {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for (i, purpose) in cx.model.purposes.iter().enumerate() {
            // A basis naming an unknown consent has its E002: nothing more to say here.
            let Some(basis) = &purpose.basis else {
                continue;
            };
            if !processes_personal_data(cx, PurposeId(i as u32)) {
                continue;
            }
            let explicit = explicit_consent(cx.model, purpose);
            if let ExplicitConsent::NotMarked(c) = explicit {
                let consent = cx
                    .model
                    .consents
                    .get(c.index())
                    .map_or("?", |c| c.name.node.as_str());
                out.report(
                    basis.span,
                    format!(
                        "`{}` rests on explicit consent, but `{consent}` does not say `explicit`",
                        purpose.name.node
                    ),
                )
                .help = Some(format!(
                    "if `{consent}` is explicit consent (an express statement, EDPB Guidelines 05/2020 §93), add `explicit` to it"
                ));
                continue;
            }
            let Some(kind) = cx.vocabulary.purpose(&purpose.path.node) else {
                continue;
            };
            let is_consent = basis.node.kind().is_consent();
            let is_explicit = matches!(explicit, ExplicitConsent::Given(_));
            let needs_explicit = kind.default_basis == Some(BasisKind::ExplicitConsent);
            let (missing, wanted) = match kind.consent {
                ConsentNeed::No => (false, ""),
                ConsentNeed::Yes if needs_explicit => (!is_explicit, "explicit consent"),
                ConsentNeed::Yes => (!is_consent, "consent"),
                ConsentNeed::ExplicitUnlessContractOrLaw => (
                    !is_explicit
                        && !matches!(basis.node, Basis::Contract | Basis::LegalObligation(_)),
                    "explicit consent, a contract or a legal obligation",
                ),
            };
            if missing {
                let d = out.report_on(
                    kind.provenance.confidence,
                    basis.span,
                    format!(
                        "`{}` is {} ({}), which needs {wanted}, but rests on `{}`",
                        purpose.name.node,
                        kind.description.to_lowercase(),
                        kind.id,
                        basis.node.kind()
                    ),
                );
                d.notes.push(format!("source: {}", kind.provenance.source));
                let name = &purpose.name.node;
                d.help = Some(match kind.consent {
                    ConsentNeed::Yes if needs_explicit => format!(
                        "rest `{name}` on `basis explicit_consent CONSENT` and declare that consent with `explicit`"
                    ),
                    ConsentNeed::ExplicitUnlessContractOrLaw => format!(
                        "rest `{name}` on `basis contract`, `basis legal_obligation \"law\"` or `basis explicit_consent CONSENT` with an `explicit` consent"
                    ),
                    _ => {
                        format!("rest `{name}` on `basis consent CONSENT` and declare that consent")
                    }
                });
            }
        }
        self.children(cx, out);
    }
}

/// Whether a purpose processes personal data: it has no flow yet (judged on what it
/// declares), or one of its flows carries personal data.
fn processes_personal_data(cx: &Context<'_>, purpose: PurposeId) -> bool {
    let flows = cx.graph.flows_for(purpose);
    flows.is_empty()
        || flows.iter().any(|f| {
            cx.model
                .flows
                .get(f.index())
                .is_some_and(|f| f.categories.iter().any(|c| cx.law.is_personal(c.node)))
        })
}

impl MissingConsent {
    /// A child's data used under a consent with no parental mechanism (Art. 8).
    fn children(&self, cx: &Context<'_>, out: &mut Findings) {
        let mut reported = BTreeSet::new();
        for flow in &cx.model.flows {
            if !cx
                .model
                .subject_kind(flow.from.node)
                .is_some_and(SubjectKind::is_child)
                || !flow.categories.iter().any(|c| cx.law.is_personal(c.node))
            {
                continue;
            }
            let child = cx.model.node_name(flow.from.node);
            for purpose in flow
                .purposes
                .iter()
                .filter_map(|p| cx.model.purpose(p.node))
            {
                let Some(c) = own_consent(purpose) else {
                    continue;
                };
                let Some(consent) = cx.model.consents.get(c.index()) else {
                    continue;
                };
                if consent.parental.is_none() && reported.insert(c) {
                    out.report(
                        consent.name.span,
                        format!(
                            "`{}` is given for `{child}`, a child, but has no parental mechanism",
                            consent.name.node
                        ),
                    )
                    .help = Some("say how a parent's consent is obtained and verified: `parental \"…\"` (GDPR Art. 8)".to_owned());
                }
            }
        }
    }
}
