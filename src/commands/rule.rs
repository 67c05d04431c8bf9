//! `redline rule [NAME]`: the rules, or one rule's documentation.

use crate::rules::{self, ALL};
use crate::suggest;

/// The listing, or the page of one rule; `Err` for an unknown name.
pub fn render(name: Option<&str>) -> Result<String, String> {
    let Some(name) = name else {
        let mut out = String::new();
        for rule in ALL {
            let m = rule.meta();
            out.push_str(&format!(
                "{}  {:<36} {:<8} {}\n",
                m.code,
                m.name,
                m.severity.as_str(),
                m.summary
            ));
        }
        return Ok(out);
    };
    match rules::find(name) {
        Some(meta) => Ok(format!(
            "{}\nDefault severity: {}.\n",
            meta.docs.trim_end(),
            meta.severity
        )),
        None => {
            let names = ALL.iter().flat_map(|r| [r.meta().code, r.meta().name]);
            let help = suggest::did_you_mean(name, names)
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            Err(format!("unknown rule `{name}`{help}"))
        }
    }
}
