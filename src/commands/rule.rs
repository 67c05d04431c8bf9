//! `redline rule [NAME]`: the rules, or one rule's documentation.

use crate::rules::{self, ALL};
use crate::suggest;

/// The listing, or the page of one rule; `Err` for an unknown name.
pub fn render(name: Option<&str>) -> Result<String, String> {
    let Some(name) = name else {
        let mut out = String::new();
        for rule in ALL {
            let m = rule.meta();
            let opt_in = if m.opt_in { "(opt-in) " } else { "" };
            out.push_str(&format!(
                "{}  {:<36} {:<8} {opt_in}{}\n",
                m.code,
                m.name,
                m.severity.as_str(),
                m.summary
            ));
        }
        return Ok(out);
    };
    match rules::find(name) {
        Some(meta) => Ok(format!("{}\n{}\n", meta.docs.trim_end(), meta.footer())),
        None => {
            let names = ALL.iter().flat_map(|r| [r.meta().code, r.meta().name]);
            let help = suggest::did_you_mean(name, names)
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            Err(format!("unknown rule `{name}`{help}"))
        }
    }
}
