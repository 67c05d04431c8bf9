//! M001 unencrypted-sensitive-storage.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::Storage;

pub struct UnencryptedSensitiveStorage;

pub static META: RuleMeta = RuleMeta {
    code: "M001",
    name: "unencrypted-sensitive-storage",
    severity: Severity::Warning,
    opt_in: false,
    summary: "special-category, criminal, credential or payment data is stored without encryption at rest",
    docs: r#"# unencrypted-sensitive-storage (M001)

## What it checks
A `stores` line of a system or processor that keeps personal data of a special category
(`special.*`), criminal-offence data (`criminal.*`), credentials
(`identity.credentials`) or payment data (`financial.payment_card`,
`financial.bank_account`) and does not say `encrypted` after its duration:
`stores card for 13 months encrypted`. A warning: Art. 32 asks for measures appropriate
to the risk, and for such data the regulators name encryption at rest as the measure.

## Why
A stolen disk, a leaked backup or a misconfigured bucket exposes what is stored in the
clear; encrypted data stays unintelligible, and a breach of it need not even be
notified to the people concerned (Art. 34(3)(a)).

## Law and guidance
GDPR Art. 5(1)(f), Art. 32(1)(a) ("the pseudonymisation and encryption of personal
data"), Art. 34(3)(a) and Recital 83; CNIL, Guide de la sécurité des données
personnelles (26 March 2024), fiches 4 (passwords stored as salted hashes), 9, 21 and 22
(encrypt data at rest and in transit). `redline knowledge assessment` lists the data
concerned and the source of each entry.

## Failing example
```redline
category diagnosis : special.health
system records : database {
  location FR
  stores diagnosis for 20 years   # expect: M001
}
```

## Passing example
```redline
category diagnosis : special.health
system records : database {
  location FR
  stores diagnosis for 20 years encrypted
}
```
"#,
};

impl Rule for UnencryptedSensitiveStorage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let m = cx.model;
        let holders = m
            .systems
            .iter()
            .map(|s| (&s.name.node, &s.stores))
            .chain(m.processors.iter().map(|p| (&p.name.node, &p.stores)));
        for (holder, stores) in holders {
            for storage in stores.iter().filter(|s| !s.encrypted) {
                report(cx, holder, storage, out);
            }
        }
    }
}

fn report(cx: &Context<'_>, holder: &str, storage: &Storage, out: &mut Findings) {
    let mut sensitive = Vec::new();
    let mut confidence = crate::knowledge::Confidence::Confirmed;
    let mut sources: Vec<&str> = Vec::new();
    for c in &storage.categories {
        let Some(entry) = cx.law.needs_encryption(c.node) else {
            continue;
        };
        let Some(category) = cx.model.category(c.node) else {
            continue;
        };
        sensitive.push(format!("`{}` ({})", category.name.node, category.path.node));
        // The weakest source decides (Unconfirmed orders after Confirmed).
        confidence = confidence.max(entry.provenance.confidence);
        if !sources.contains(&entry.provenance.source.as_str()) {
            sources.push(&entry.provenance.source);
        }
    }
    if sensitive.is_empty() {
        return;
    }
    let d = out.report_on(
        confidence,
        storage.span,
        format!(
            "`{holder}` stores {} without encryption at rest",
            sensitive.join(", ")
        ),
    );
    d.notes
        .extend(sources.iter().map(|s| format!("source: {s}")));
    d.help = Some(
        "encrypt the storage and say so: `stores … for DURATION encrypted` (GDPR Art. 32(1)(a))"
            .to_owned(),
    );
}
