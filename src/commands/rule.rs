//! `redline rule [NAME]`: the rules, or one rule's documentation. The rules of the
//! packs (`policies/`) are listed after the catalog, with the pack that holds them.

use crate::packs::{PACKS, Pack};
use crate::rules::{self, ALL};
use crate::source::FileId;
use crate::suggest;
use crate::syntax::ast::{Declaration, RuleDecl, RuleStatement};

/// A pack's rule: its declaration and the pack's text it was read from.
struct PackRule {
    pack: &'static Pack,
    decl: RuleDecl,
}

impl PackRule {
    fn severity(&self) -> &str {
        self.decl
            .statements
            .iter()
            .find_map(|s| match &s.node {
                RuleStatement::Severity(w) => Some(w.node.as_str()),
                _ => None,
            })
            .unwrap_or("error")
    }

    fn source(&self) -> Option<&str> {
        self.decl.statements.iter().find_map(|s| match &s.node {
            RuleStatement::Source(t) => Some(t.node.as_str()),
            _ => None,
        })
    }

    fn page(&self) -> String {
        let d = &self.decl;
        let text = self
            .pack
            .text
            .get(d.span.start as usize..d.span.end as usize)
            .unwrap_or("");
        format!(
            "# {} (pack {})\n\n{}\n\n## Source\n{}\n\n## Rule\n```redline\n{text}\n```\n\nSeverity: {}. Enable the pack with `packs: [{}]` in redline.yaml; `redline test` runs its tests.\n",
            d.name.node,
            self.pack.name,
            d.title.node,
            self.source().unwrap_or("(none given)"),
            self.severity(),
            self.pack.name
        )
    }
}

fn pack_rules() -> Vec<PackRule> {
    let mut out = Vec::new();
    for pack in &PACKS {
        let (file, _) = crate::syntax::parse(FileId(0), pack.text);
        for d in file.declarations {
            if let Declaration::Rule(decl) = d {
                out.push(PackRule { pack, decl });
            }
        }
    }
    out
}

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
        out.push_str("\nRule packs (enable one with `packs: [NAME]` in redline.yaml):\n");
        for r in pack_rules() {
            out.push_str(&format!(
                "{:<10} {:<36} {:<8} {}\n",
                r.pack.name,
                r.decl.name.node,
                r.severity(),
                r.decl.title.node
            ));
        }
        return Ok(out);
    };
    if let Some(r) = pack_rules().into_iter().find(|r| r.decl.name.node == name) {
        return Ok(r.page());
    }
    match rules::find(name) {
        Some(meta) => Ok(format!("{}\n{}\n", meta.docs.trim_end(), meta.footer())),
        None => {
            let packed: Vec<String> = pack_rules().into_iter().map(|r| r.decl.name.node).collect();
            let names = ALL
                .iter()
                .flat_map(|r| [r.meta().code, r.meta().name])
                .chain(packed.iter().map(String::as_str));
            let help = suggest::did_you_mean(name, names)
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            Err(format!("unknown rule `{name}`{help}"))
        }
    }
}
