//! P008 identifying-anonymised-data.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::CategoryId;

pub struct IdentifyingAnonymisedData;

pub static META: RuleMeta = RuleMeta {
    code: "P008",
    name: "identifying-anonymised-data",
    severity: Severity::Warning,
    opt_in: false,
    summary: "a category declared `anonymised` is a direct identifier, which stays personal data",
    docs: r#"# identifying-anonymised-data (P008)

## What it checks
A category declared `anonymised` whose taxonomy id identifies a person on its own: a
name, a government id, an account or loyalty number, an e-mail address, a phone number,
a postal address. Hashing or tokenising such an identifier pseudonymises it: the same
input gives the same output, and the input can be found again by hashing the candidates.
redline takes `anonymised` at its word and judges the data as non-personal everywhere
else (RULES.md, "Personal data only"), so a wrong claim silences every other rule: this
one says so. A warning, since the declaration may describe a real aggregate wrongly
placed in the taxonomy.

## Why
Anonymous information is outside the GDPR; pseudonymised information is not. Data that
can be attributed to a person with additional information remains personal data.

## Law and guidance
GDPR Recital 26 and Art. 4(5); Article 29 Working Party, Opinion 05/2014 on
Anonymisation Techniques (WP216, 10 April 2014), section 4 (hashing and tokenisation
are pseudonymisation, not anonymisation).

## Failing example
```redline
category hashed_email : contact.email { anonymised }   # expect: P008
```

## Passing example
```redline
category hashed_email : contact.email { pseudonymised }
category visits : anonymous.aggregate
```
"#,
};

impl Rule for IdentifyingAnonymisedData {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for (i, category) in cx.model.categories.iter().enumerate() {
            if !category.anonymised {
                continue;
            }
            let Some(provenance) = cx.law.direct_identifier(CategoryId(i as u32)) else {
                continue;
            };
            let d = out.report_on(
                provenance.confidence,
                category.name.span,
                format!(
                    "`{}` is declared `anonymised` but is {}, a direct identifier: hashed or tokenised, it is pseudonymised and stays personal data",
                    category.name.node, category.path.node
                ),
            );
            d.notes.push(format!("source: {}", provenance.source));
            d.help = Some(
                "write `pseudonymised` instead, so that every rule judges it as personal data; or place truly anonymous data at `anonymous.aggregate`"
                    .to_owned(),
            );
        }
    }
}
