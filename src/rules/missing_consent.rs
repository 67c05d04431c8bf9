//! C001 missing-consent.

use std::collections::BTreeSet;

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::knowledge::ConsentNeed;
use crate::model::{Basis, NodeId};

pub struct MissingConsent;

pub static META: RuleMeta = RuleMeta {
    code: "C001",
    name: "missing-consent",
    severity: Severity::Error,
    summary: "a purpose that needs consent does not rest on a declared consent",
    docs: r#"# missing-consent (C001)

## What it checks
- a purpose whose basis is `consent` or `explicit_consent` and names no declared consent;
- a purpose whose kind needs consent by default (targeted advertising, retargeting,
  tracking analytics, direct e-mail marketing, data sale, emotion profiling; TAXONOMY.md's
  consent column) that rests on another basis; automated decisions need explicit consent
  unless they rest on a contract or a legal obligation;
- a subject of kind `child` whose data is used under a consent that has no `parental`
  mechanism.

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
  basis legitimate_interests "LIA-2025-04"
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
        for purpose in &cx.model.purposes {
            let Some(basis) = &purpose.basis else {
                continue;
            };
            match &basis.node {
                Basis::Consent(None) | Basis::ExplicitConsent(None) => {
                    out.report(
                        basis.span,
                        format!(
                            "`{}` rests on consent but names no declared consent",
                            purpose.name.node
                        ),
                    )
                    .help = Some(
                        "declare the consent: `consent NAME { default denied withdraw \"…\" }`"
                            .to_owned(),
                    );
                    continue;
                }
                _ => {}
            }
            let Some(kind) = cx.vocabulary.purpose(&purpose.path.node) else {
                continue;
            };
            let is_consent = matches!(basis.node, Basis::Consent(_) | Basis::ExplicitConsent(_));
            let is_explicit = matches!(basis.node, Basis::ExplicitConsent(_));
            let needs_explicit = kind.default_basis == "explicit_consent";
            let (missing, wanted) = match kind.consent {
                ConsentNeed::No => (false, ""),
                ConsentNeed::Yes if needs_explicit => (!is_explicit, "explicit consent"),
                ConsentNeed::Yes => (!is_consent, "consent"),
                ConsentNeed::ExplicitUnlessContractOrLaw => (
                    !matches!(
                        basis.node,
                        Basis::ExplicitConsent(_) | Basis::Contract | Basis::LegalObligation(_)
                    ),
                    "explicit consent, a contract or a legal obligation",
                ),
            };
            if missing {
                let d = out.report(
                    basis.span,
                    format!(
                        "`{}` is {} ({}), which needs {wanted}, but rests on `{}`",
                        purpose.name.node,
                        kind.description.to_lowercase(),
                        kind.id,
                        basis.node.id()
                    ),
                );
                d.notes.push(format!("source: {}", kind.provenance.source));
                d.help = Some(format!(
                    "rest `{}` on `basis {} CONSENT` and declare that consent",
                    purpose.name.node,
                    if needs_explicit {
                        "explicit_consent"
                    } else {
                        "consent"
                    }
                ));
            }
        }
        self.children(cx, out);
    }
}

impl MissingConsent {
    /// A child's data used under a consent with no parental mechanism (Art. 8).
    fn children(&self, cx: &Context<'_>, out: &mut Findings) {
        let mut reported = BTreeSet::new();
        for flow in &cx.model.flows {
            let NodeId::Subject(subject) = flow.from.node else {
                continue;
            };
            let Some(s) = cx.model.subjects.get(subject.index()) else {
                continue;
            };
            if s.kind.node != "child" {
                continue;
            }
            for purpose in flow
                .purposes
                .iter()
                .filter_map(|p| cx.model.purpose(p.node))
            {
                let Some(Basis::Consent(Some(c)) | Basis::ExplicitConsent(Some(c))) =
                    purpose.basis.as_ref().map(|b| &b.node)
                else {
                    continue;
                };
                let Some(consent) = cx.model.consents.get(c.index()) else {
                    continue;
                };
                if consent.parental.is_none() && reported.insert(*c) {
                    out.report(
                        consent.name.span,
                        format!(
                            "`{}` is given for `{}`, a child, but has no parental mechanism",
                            consent.name.node, s.name.node
                        ),
                    )
                    .help = Some("say how a parent's consent is obtained and verified: `parental \"…\"` (GDPR Art. 8)".to_owned());
                }
            }
        }
    }
}
