//! U002 sensitive-use-without-choice.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::knowledge::{Choice, Confidence, SensitiveModel, UsLaw};
use crate::law::us::add_law;
use crate::model::{Basis, PurposeId};

pub struct SensitiveUseWithoutChoice;

pub static META: RuleMeta = RuleMeta {
    code: "U002",
    name: "sensitive-use-without-choice",
    severity: Severity::Error,
    opt_in: false,
    summary: "sensitive personal information of consumers in a US state is used beyond what the law allows without the choice it requires",
    docs: r#"# sensitive-use-without-choice (U002)

## What it checks
A purpose that uses sensitive personal information (Cal. Civ. Code §1798.140(ae): ids,
account log-ins, precise location, communications, health, biometrics and most other
special categories, the taxonomy's `ccpa_sensitive` flag; political opinions and
criminal records are special under the GDPR, not sensitive under these laws) of consumers in a US state whose law applies, for something other
than providing the service, security or what the law requires (11 CCR §7027(m)), and
lacks what that state's law asks:
- California: a "Limit the Use of My Sensitive Personal Information" opt-out
  (`optout "…" covers sensitive_use`);
- Virginia and most states: the consumer's consent first (the purpose rests on
  `consent` or `explicit_consent`);
- Utah and Iowa: notice and a right to opt out (`covers sensitive_use`);
- Maryland: sensitive data only where strictly necessary, never for such purposes.

One finding per purpose, naming each law and what it asks.

## Why
The states protect sensitive data more than other personal data: California lets
consumers limit its use to what the service needs, most states ask for opt-in consent,
and Maryland forbids processing it beyond what is strictly necessary.

## Law and guidance
Cal. Civ. Code §1798.121(a), §1798.135(a)(2), §1798.140(ae); Cal. Code Regs. tit. 11
§7027(m); Va. Code §59.1-578(A)(5); Conn. Gen. Stat. §42-520(a)(4); Utah Code
§13-61-302(3); Iowa Code §715D.4(2); Md. Code Ann., Com. Law §14-4607(a)(1).

## Failing example
```redline
controller "Fit Inc." { location US-CA }
subject member : user
category heart : special.health
purpose ads : advertising.contextual { basis legitimate_interests "LIA-1" retain 1 year }   # expect: U002
system app : application { location US-CA }
flow member -> app : heart for ads
```

## Passing example
```redline
controller "Fit Inc." {
  location US-CA
  optout "Limit the Use of My Sensitive Personal Information" covers sensitive_use
}
subject member : user
category heart : special.health
purpose ads : advertising.contextual { basis legitimate_interests "LIA-1" retain 1 year }
system app : application { location US-CA }
flow member -> app : heart for ads
```
"#,
};

impl Rule for SensitiveUseWithoutChoice {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let m = cx.model;
        let limit = m
            .controller
            .as_ref()
            .and_then(|c| c.optout(Choice::SensitiveUse))
            .is_some();
        for (i, purpose) in m.purposes.iter().enumerate() {
            if cx.law.us_sensitive_permitted(&purpose.path.node) {
                continue;
            }
            let consent = matches!(
                purpose.basis.as_ref().map(|b| &b.node),
                Some(Basis::Consent(_) | Basis::ExplicitConsent(_))
            );
            // The laws of the consumers whose sensitive data this purpose uses.
            let mut laws: Vec<&UsLaw> = Vec::new();
            let mut sensitive: Vec<String> = Vec::new();
            for f in cx.graph.flows_for(PurposeId(i as u32)) {
                let Some(flow) = m.flows.get(f.index()) else {
                    continue;
                };
                for c in flow
                    .categories
                    .iter()
                    .filter(|c| cx.law.us_sensitive(c.node))
                {
                    let here = cx.law.us_laws_at(c.node, flow.from.node);
                    if here.is_empty() {
                        continue;
                    }
                    if let Some(category) = m.category(c.node) {
                        let name = format!("`{}`", category.name.node);
                        if !sensitive.contains(&name) {
                            sensitive.push(name);
                        }
                    }
                    for law in here {
                        add_law(&mut laws, law);
                    }
                }
            }
            let unmet: Vec<(&UsLaw, &str)> = laws
                .iter()
                .filter_map(|law| match law.sensitive.value {
                    SensitiveModel::Limit if !limit => {
                        Some((*law, "a right to limit its use (`optout … covers sensitive_use`)"))
                    }
                    SensitiveModel::OptOut if !limit => {
                        Some((*law, "notice and a right to opt out (`optout … covers sensitive_use`)"))
                    }
                    SensitiveModel::OptIn if !consent => {
                        Some((*law, "the consumer's consent first (`basis consent …`)"))
                    }
                    SensitiveModel::Strict => Some((
                        *law,
                        "its use only where strictly necessary for the product or service requested",
                    )),
                    _ => None,
                })
                .collect();
            if unmet.is_empty() {
                continue;
            }
            // The list of permitted purposes only exempts; a purpose it leaves out is
            // judged by each law's own model.
            let confidence = unmet
                .iter()
                .map(|(l, _)| l.sensitive.provenance.confidence)
                .max()
                .unwrap_or(Confidence::Confirmed);
            let d = out.report_on(
                confidence,
                purpose.name.span,
                format!(
                    "`{}` ({}) uses sensitive personal information ({}) beyond providing the service, without what the law of the consumers' state asks",
                    purpose.name.node,
                    purpose.path.node,
                    sensitive.join(", ")
                ),
            );
            for (law, asks) in &unmet {
                d.notes.push(format!(
                    "{} ({}) asks {asks}: {}",
                    law.id.to_uppercase(),
                    law.state,
                    law.sensitive.provenance.source
                ));
            }
            d.help = Some(
                "offer the choice each law asks, or use sensitive data only to provide the service, for security or as the law requires"
                    .to_owned(),
            );
        }
    }
}
