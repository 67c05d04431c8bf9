//! The diff for people and for programs: a terminal report, a stable JSON document, a
//! pull-request comment in Markdown, and the changed part of the data map in Mermaid.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use super::facts::Facts;
use super::{ChangeKind, Diff, FindingChange, Risk};

/// The hidden line by which the Action finds its earlier comment and edits it.
pub const MARKER: &str = "<!-- redline-diff -->";

/// GitHub refuses a comment body longer than this many characters.
pub const COMMENT_LIMIT: usize = 65_536;

/// How many changes a banner names.
const BANNER_ITEMS: usize = 5;

/// Which revisions were compared, as the reports name them.
#[derive(Clone, Debug, Serialize)]
pub struct Revisions {
    pub base: String,
    pub base_commit: Option<String>,
    pub head: String,
    pub head_commit: Option<String>,
}

impl Revisions {
    fn short(rev: &str, commit: &Option<String>) -> String {
        match commit {
            Some(c) => format!("{rev} ({})", &c[..c.len().min(10)]),
            None => rev.to_owned(),
        }
    }

    pub fn base_words(&self) -> String {
        Revisions::short(&self.base, &self.base_commit)
    }

    pub fn head_words(&self) -> String {
        Revisions::short(&self.head, &self.head_commit)
    }
}

/// The sentence a reviewer reads first.
pub fn headline(diff: &Diff) -> String {
    let high = diff.count(Risk::High);
    let medium = diff.count(Risk::Medium);
    let low = diff.count(Risk::Low);
    let introduced = diff.introduced.len();
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    if diff.changes.is_empty() && introduced == 0 && diff.fixed.is_empty() {
        return "This change does not change how personal data is processed.".to_owned();
    }
    let findings = match (introduced, diff.fixed.len()) {
        (0, 0) => String::new(),
        (i, 0) => format!("; it introduces {}", plural(i, "finding", "findings")),
        (0, f) => format!("; it fixes {}", plural(f, "finding", "findings")),
        (i, f) => format!(
            "; it introduces {} and fixes {}",
            plural(i, "finding", "findings"),
            plural(f, "finding", "findings")
        ),
    };
    if high > 0 {
        format!(
            "This change is risky for privacy: {} to review before it merges{findings}.",
            plural(high, "high-risk change", "high-risk changes")
        )
    } else if medium > 0 {
        format!(
            "This change needs a privacy review: {}{}{findings}.",
            plural(medium, "change of medium risk", "changes of medium risk"),
            if low > 0 {
                format!(", {} of low risk", plural(low, "change", "changes"))
            } else {
                String::new()
            }
        )
    } else if low > 0 || introduced > 0 {
        // Findings introduced with no change of risk: no "0 changes" to read.
        let changes = if low > 0 {
            format!(": {} of low risk", plural(low, "change", "changes"))
        } else {
            String::new()
        };
        format!("This change adds little risk{changes}{findings}.")
    } else {
        format!("This change lowers or keeps the privacy risk{findings}.")
    }
}

pub fn human(diff: &Diff, revisions: &Revisions) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "redline diff {} -> {}",
        revisions.base_words(),
        revisions.head_words()
    );
    let _ = writeln!(out, "{}", headline(diff));
    for note in &diff.notes {
        let _ = writeln!(out, "note: {note}");
    }
    if !diff.changes.is_empty() {
        out.push('\n');
    }
    for c in &diff.changes {
        let project = if c.project == "." || c.project.is_empty() {
            String::new()
        } else {
            format!(" [{}]", c.project)
        };
        let _ = writeln!(
            out,
            "  {:<6}  {:<12}  {}{project}",
            c.risk.as_str(),
            c.kind.as_str(),
            c.summary
        );
    }
    let findings = |out: &mut String, title: &str, list: &[FindingChange]| {
        if list.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n{title}:");
        for f in list {
            let _ = writeln!(
                out,
                "  {} {} {}:{}  {}",
                f.code, f.name, f.file, f.line, f.message
            );
        }
    };
    findings(&mut out, "Findings introduced", &diff.introduced);
    findings(&mut out, "Findings fixed", &diff.fixed);
    out
}

#[derive(Serialize)]
struct JsonDiff<'a> {
    version: u32,
    revisions: &'a Revisions,
    headline: String,
    summary: JsonSummary,
    labels: Vec<String>,
    notes: &'a [String],
    changes: &'a [super::Change],
    findings: JsonFindings<'a>,
    maps: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct JsonSummary {
    high: usize,
    medium: usize,
    low: usize,
    none: usize,
    introduced: usize,
    fixed: usize,
}

#[derive(Serialize)]
struct JsonFindings<'a> {
    introduced: &'a [FindingChange],
    fixed: &'a [FindingChange],
}

pub fn json(diff: &Diff, revisions: &Revisions) -> String {
    let document = JsonDiff {
        version: 1,
        revisions,
        headline: headline(diff),
        summary: JsonSummary {
            high: diff.count(Risk::High),
            medium: diff.count(Risk::Medium),
            low: diff.count(Risk::Low),
            none: diff.count(Risk::None),
            introduced: diff.introduced.len(),
            fixed: diff.fixed.len(),
        },
        labels: diff.labels(),
        notes: &diff.notes,
        changes: &diff.changes,
        findings: JsonFindings {
            introduced: &diff.introduced,
            fixed: &diff.fixed,
        },
        maps: &diff.maps,
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// A banner for each dangerous kind of change present: GitHub shows `> [!CAUTION]`
/// blocks as red alerts.
fn banners(diff: &Diff) -> Vec<String> {
    let mut out = Vec::new();
    let high = |kind: ChangeKind| {
        diff.changes
            .iter()
            .filter(move |c| c.kind == kind && c.risk == Risk::High)
    };
    // A banner names a few; the table has them all.
    let list = |kind: ChangeKind| -> String {
        let all: Vec<String> = high(kind)
            .map(|c| format!("> - {}", escape(&c.summary)))
            .collect();
        let mut shown = all[..all.len().min(BANNER_ITEMS)].join("\n");
        if all.len() > BANNER_ITEMS {
            let _ = write!(shown, "\n> - and {} more", all.len() - BANNER_ITEMS);
        }
        shown
    };
    for (kind, title) in [
        (
            ChangeKind::Transfer,
            "A transfer outside the EEA without adequate protection",
        ),
        (
            ChangeKind::SpecialData,
            "Special-category, criminal or children's data newly processed",
        ),
        (
            ChangeKind::Reach,
            "Personal data reaches new places at high risk",
        ),
        (
            ChangeKind::Basis,
            "A purpose leaves consent for another basis",
        ),
        (ChangeKind::Consent, "A consent weakened"),
        (ChangeKind::Party, "An agreement lost"),
    ] {
        if high(kind).next().is_some() {
            out.push(format!("> [!CAUTION]\n> **{title}**\n{}", list(kind)));
        }
    }
    let longer: Vec<String> = diff
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Retention && c.risk >= Risk::Medium)
        .map(|c| format!("> - {}", escape(&c.summary)))
        .collect();
    if !longer.is_empty() {
        let mut shown = longer[..longer.len().min(BANNER_ITEMS)].join("\n");
        if longer.len() > BANNER_ITEMS {
            let _ = write!(shown, "\n> - and {} more", longer.len() - BANNER_ITEMS);
        }
        out.push(format!("> [!WARNING]\n> **Data kept longer**\n{shown}"));
    }
    out
}

/// Markdown table cells: no pipes, no line breaks.
fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The pull-request comment. Sections are added while they fit under GitHub's limit; what
/// does not fit is counted on a closing line that says where the whole report is.
pub fn markdown(diff: &Diff, revisions: &Revisions) -> String {
    let mut head = String::new();
    let _ = writeln!(head, "{MARKER}");
    let _ = writeln!(
        head,
        "### redline: what this change does to personal data\n"
    );
    let _ = writeln!(head, "**{}**\n", headline(diff));
    for note in &diff.notes {
        let _ = writeln!(head, "> [!NOTE]\n> {}\n", escape(note));
    }
    for banner in banners(diff) {
        let _ = writeln!(head, "{banner}\n");
    }
    let footer = format!(
        "\n<sub>Compared {} with {} by `redline diff`. This comment is updated in place on \
         every push.</sub>\n",
        escape(&revisions.base_words()),
        escape(&revisions.head_words())
    );
    // What must remain: the head, the truncation line and the footer.
    let reserve = 400;
    let budget = COMMENT_LIMIT.saturating_sub(head.len() + footer.len() + reserve);
    let mut body = String::new();
    let mut left_out = 0usize;
    let mut add = |body: &mut String, text: String, items: usize| {
        if body.len() + text.len() <= budget {
            body.push_str(&text);
            true
        } else {
            left_out += items;
            false
        }
    };

    let risky: Vec<&super::Change> = diff
        .changes
        .iter()
        .filter(|c| c.risk > Risk::None)
        .collect();
    let calm: Vec<&super::Change> = diff
        .changes
        .iter()
        .filter(|c| c.risk == Risk::None)
        .collect();
    if !risky.is_empty() {
        add(
            &mut body,
            "| Risk | Kind | Change |\n| --- | --- | --- |\n".to_owned(),
            0,
        );
        for c in &risky {
            let project = if c.project == "." || c.project.is_empty() {
                String::new()
            } else {
                format!(" ({})", escape(&c.project))
            };
            add(
                &mut body,
                format!(
                    "| {} | {} | {}{project} |\n",
                    c.risk.as_str(),
                    c.kind.as_str(),
                    escape(&c.summary)
                ),
                1,
            );
        }
        body.push('\n');
    }
    let section = |title: String, lines: Vec<String>| -> String {
        format!(
            "<details><summary>{title}</summary>\n\n{}\n\n</details>\n\n",
            lines.join("\n")
        )
    };
    if !diff.introduced.is_empty() || !diff.fixed.is_empty() {
        let mut lines = Vec::new();
        for (verb, list) in [("introduced", &diff.introduced), ("fixed", &diff.fixed)] {
            for f in list.iter() {
                lines.push(format!(
                    "- **{verb}** `{}` {} ({}:{}): {}",
                    f.code,
                    f.name,
                    escape(&f.file),
                    f.line,
                    escape(&f.message)
                ));
            }
        }
        let count = lines.len();
        add(
            &mut body,
            section(
                format!(
                    "Findings: {} introduced, {} fixed",
                    diff.introduced.len(),
                    diff.fixed.len()
                ),
                lines,
            ),
            count,
        );
    }
    if !calm.is_empty() {
        let lines: Vec<String> = calm
            .iter()
            .map(|c| format!("- {} ({})", escape(&c.summary), c.kind.as_str()))
            .collect();
        let count = lines.len();
        add(
            &mut body,
            section(
                format!(
                    "{count} change{} that add no risk",
                    if count == 1 { "" } else { "s" }
                ),
                lines,
            ),
            count,
        );
    }
    for (project, map) in &diff.maps {
        let title = if project == "." || project.is_empty() {
            "The data map of the change".to_owned()
        } else {
            format!("The data map of the change in {}", escape(project))
        };
        add(
            &mut body,
            format!(
                "<details><summary>{title}</summary>\n\nAdded flows are green, removed ones red and dashed.\n\n```mermaid\n{map}```\n\n</details>\n\n"
            ),
            1,
        );
    }
    let mut out = head;
    out.push_str(&body);
    if left_out > 0 {
        let _ = writeln!(
            out,
            "**{left_out} more item{} did not fit in a comment**: the job summary has the whole \
             report, and `redline diff --format json` every change.",
            if left_out == 1 { "" } else { "s" }
        );
    }
    out.push_str(&footer);
    out
}

/// The part of the data map a change touches: every edge whose data or purposes differ,
/// drawn green when added, red and dashed when removed, with the nodes at their ends.
/// `None` when no edge changes.
pub fn mermaid_delta(base: &Facts, head: &Facts) -> Option<String> {
    let mut added: Vec<(&String, &String, Vec<String>)> = Vec::new();
    let mut removed: Vec<(&String, &String, Vec<String>)> = Vec::new();
    let keys: BTreeSet<&(String, String)> = base.edges.keys().chain(head.edges.keys()).collect();
    let empty = BTreeSet::new();
    for key in keys {
        let b = base.edges.get(key).unwrap_or(&empty);
        let h = head.edges.get(key).unwrap_or(&empty);
        let label = |set: Vec<&(String, String)>| -> Vec<String> {
            let mut by_purpose: BTreeMap<&String, Vec<&String>> = BTreeMap::new();
            for (c, p) in set {
                by_purpose.entry(p).or_default().push(c);
            }
            by_purpose
                .into_iter()
                .map(|(p, cs)| {
                    format!(
                        "{} for {p}",
                        cs.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
                    )
                })
                .collect()
        };
        let new: Vec<&(String, String)> = h.difference(b).collect();
        let gone: Vec<&(String, String)> = b.difference(h).collect();
        if !new.is_empty() {
            added.push((&key.0, &key.1, label(new)));
        }
        if !gone.is_empty() {
            removed.push((&key.0, &key.1, label(gone)));
        }
    }
    if added.is_empty() && removed.is_empty() {
        return None;
    }
    let mut ids: BTreeMap<&String, usize> = BTreeMap::new();
    for (from, to, _) in added.iter().chain(&removed) {
        let next = ids.len();
        ids.entry(from).or_insert(next);
        let next = ids.len();
        ids.entry(to).or_insert(next);
    }
    let mut out = String::from("flowchart LR\n");
    for (node, id) in &ids {
        let (kind, name) = node.split_once(':').unwrap_or(("", node.as_str()));
        let place = head
            .places
            .get(*node)
            .or_else(|| base.places.get(*node))
            .and_then(|p| p.location.clone())
            .map(|l| format!(", {l}"))
            .unwrap_or_default();
        let _ = writeln!(out, "  n{id}[\"{}<br/>{kind}{place}\"]", mermaid_text(name));
    }
    let mut link = 0;
    let mut styles = String::new();
    for (from, to, labels) in &added {
        let _ = writeln!(
            out,
            "  n{} -->|\"{}\"| n{}",
            ids[from],
            mermaid_text(&labels.join("; ")),
            ids[to]
        );
        let _ = writeln!(styles, "  linkStyle {link} stroke:#1a7f37,stroke-width:2px");
        link += 1;
    }
    for (from, to, labels) in &removed {
        let _ = writeln!(
            out,
            "  n{} -.->|\"{}\"| n{}",
            ids[from],
            mermaid_text(&labels.join("; ")),
            ids[to]
        );
        let _ = writeln!(
            styles,
            "  linkStyle {link} stroke:#cf222e,stroke-dasharray:4"
        );
        link += 1;
    }
    out.push_str(&styles);
    Some(out)
}

/// Text inside a quoted Mermaid label: quotes and brackets as entities.
fn mermaid_text(text: &str) -> String {
    text.replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Change, Effect};

    fn revisions() -> Revisions {
        Revisions {
            base: "main".into(),
            base_commit: None,
            head: "HEAD".into(),
            head_commit: None,
        }
    }

    /// The `i`th change of a kind and risk, with a summary that names it.
    fn change(kind: ChangeKind, risk: Risk, i: usize, summary: String) -> Change {
        Change {
            kind,
            risk,
            effect: Effect::Added,
            project: ".".into(),
            subject: format!("c{i}"),
            summary,
            before: None,
            after: None,
        }
    }

    /// A diff with `risks` changes and `introduced`, `fixed` findings.
    fn diff_of(risks: &[Risk], introduced: usize, fixed: usize) -> Diff {
        let finding = |i: usize| crate::diff::FindingChange {
            fingerprint: format!("f{i}"),
            code: "R002".into(),
            name: "missing-retention".into(),
            severity: "warning",
            message: format!("finding {i}"),
            file: "policy.redline".into(),
            line: i,
        };
        Diff {
            changes: risks
                .iter()
                .enumerate()
                .map(|(i, r)| change(ChangeKind::Reach, *r, i, format!("change {i}")))
                .collect(),
            introduced: (0..introduced).map(finding).collect(),
            fixed: (0..fixed).map(finding).collect(),
            ..Diff::default()
        }
    }

    /// The headline's sentence for each mix of risks and findings: the highest risk
    /// decides it, counts are singular or plural, and findings are named after.
    #[test]
    fn the_headline_names_the_highest_risk_and_the_findings() {
        use Risk::{High, Low, Medium, None as No};
        let cases: &[(&[Risk], usize, usize, &str)] = &[
            (
                &[],
                0,
                0,
                "This change does not change how personal data is processed.",
            ),
            (&[No], 0, 0, "This change lowers or keeps the privacy risk."),
            (
                &[],
                0,
                1,
                "This change lowers or keeps the privacy risk; it fixes 1 finding.",
            ),
            (
                &[No],
                0,
                2,
                "This change lowers or keeps the privacy risk; it fixes 2 findings.",
            ),
            (
                &[Low],
                0,
                0,
                "This change adds little risk: 1 change of low risk.",
            ),
            (
                &[],
                1,
                0,
                "This change adds little risk; it introduces 1 finding.",
            ),
            (
                &[Low, Low],
                2,
                1,
                "This change adds little risk: 2 changes of low risk; it introduces 2 findings and fixes 1 finding.",
            ),
            (
                &[Medium],
                0,
                0,
                "This change needs a privacy review: 1 change of medium risk.",
            ),
            (
                &[Medium, Medium, Low],
                0,
                0,
                "This change needs a privacy review: 2 changes of medium risk, 1 change of low risk.",
            ),
            (
                &[Medium, Low, Low],
                0,
                0,
                "This change needs a privacy review: 1 change of medium risk, 2 changes of low risk.",
            ),
            (
                &[High],
                0,
                0,
                "This change is risky for privacy: 1 high-risk change to review before it merges.",
            ),
            (
                &[High, High, Medium, Low],
                1,
                0,
                "This change is risky for privacy: 2 high-risk changes to review before it merges; it introduces 1 finding.",
            ),
        ];
        for (risks, introduced, fixed, sentence) in cases {
            assert_eq!(
                headline(&diff_of(risks, *introduced, *fixed)),
                *sentence,
                "{risks:?} {introduced} {fixed}"
            );
        }
    }

    /// A banner lists a few changes of its kind and counts the rest; a list that fits
    /// says nothing more.
    #[test]
    fn banners_list_a_few_and_count_the_rest() {
        let item =
            |kind: ChangeKind, risk: Risk, i: usize| change(kind, risk, i, format!("summary {i}"));
        let mut changes: Vec<Change> = (0..BANNER_ITEMS)
            .map(|i| item(ChangeKind::Transfer, Risk::High, i))
            .collect();
        changes.extend((0..BANNER_ITEMS + 2).map(|i| item(ChangeKind::Retention, Risk::Medium, i)));
        let shown = banners(&Diff {
            changes,
            ..Diff::default()
        });
        assert_eq!(shown.len(), 2, "{shown:#?}");
        assert!(shown[0].starts_with("> [!CAUTION]\n> **A transfer outside the EEA"));
        assert!(!shown[0].contains("more"), "{}", shown[0]);
        assert_eq!(shown[0].matches("\n> - summary").count(), BANNER_ITEMS);
        assert!(shown[1].starts_with("> [!WARNING]\n> **Data kept longer**"));
        assert_eq!(shown[1].matches("\n> - summary").count(), BANNER_ITEMS);
        assert!(shown[1].ends_with("\n> - and 2 more"), "{}", shown[1]);
        // Exactly as many as a banner lists: nothing more to count.
        let just: Vec<Change> = (0..BANNER_ITEMS)
            .map(|i| item(ChangeKind::Retention, Risk::Medium, i))
            .collect();
        let shown = banners(&Diff {
            changes: just,
            ..Diff::default()
        });
        assert_eq!(shown.len(), 1, "{shown:#?}");
        assert!(!shown[0].contains("more"), "{}", shown[0]);
    }

    /// The comment fills the space GitHub gives, and no more, whatever the length of the
    /// footer's revision names.
    #[test]
    fn a_long_comment_uses_the_space_and_keeps_its_footer() {
        let changes: Vec<Change> = (0..5_000)
            .map(|i| {
                let summary = format!("`category_{i:05}` now reaches `somewhere` for `a_purpose`");
                change(ChangeKind::Reach, Risk::Medium, i, summary)
            })
            .collect();
        let diff = Diff {
            changes,
            ..Diff::default()
        };
        let long = Revisions {
            base: format!("release/{}", "b".repeat(300)),
            base_commit: None,
            head: format!("feature/{}", "h".repeat(300)),
            head_commit: None,
        };
        let text = markdown(&diff, &long);
        assert!(text.len() <= COMMENT_LIMIT, "{}", text.len());
        assert!(text.len() > COMMENT_LIMIT - 2_000, "{}", text.len());
        assert!(text.trim_end().ends_with("</sub>"));
    }

    /// Each link of the changed map is styled by its own number: added ones green,
    /// removed ones red and dashed, in the order they are drawn.
    #[test]
    fn the_map_delta_styles_each_link_by_its_number() {
        use crate::diff::facts::Facts;
        let edge = |from: &str, to: &str| {
            (
                (from.to_owned(), to.to_owned()),
                [("email".to_owned(), "newsletter".to_owned())].into(),
            )
        };
        let base = Facts {
            edges: [
                edge("system:app", "system:old"),
                edge("system:app", "system:older"),
            ]
            .into(),
            ..Facts::default()
        };
        let head = Facts {
            edges: [
                edge("system:app", "system:crm"),
                edge("system:app", "processor:mailer"),
            ]
            .into(),
            ..Facts::default()
        };
        let map = mermaid_delta(&base, &head).unwrap_or_default();
        let styles: Vec<&str> = map.lines().filter(|l| l.contains("linkStyle")).collect();
        assert_eq!(
            styles,
            [
                "  linkStyle 0 stroke:#1a7f37,stroke-width:2px",
                "  linkStyle 1 stroke:#1a7f37,stroke-width:2px",
                "  linkStyle 2 stroke:#cf222e,stroke-dasharray:4",
                "  linkStyle 3 stroke:#cf222e,stroke-dasharray:4",
            ],
            "{map}"
        );
    }

    /// The findings' section is there when a finding is introduced or fixed, and only
    /// then.
    #[test]
    fn the_findings_section_is_there_when_findings_change() {
        let with = |introduced: usize, fixed: usize| {
            markdown(&diff_of(&[Risk::Low], introduced, fixed), &revisions())
        };
        assert!(!with(0, 0).contains("<summary>Findings:"));
        assert!(with(0, 1).contains("<summary>Findings: 0 introduced, 1 fixed</summary>"));
        assert!(with(1, 0).contains("<summary>Findings: 1 introduced, 0 fixed</summary>"));
    }

    #[test]
    fn a_comment_stays_under_githubs_limit_and_says_what_it_left_out() {
        let changes: Vec<Change> = (0..5_000)
            .map(|i| {
                let risk = if i % 2 == 0 { Risk::High } else { Risk::None };
                let summary =
                    format!("`category_{i:05}` now reaches `somewhere_far_away` for `a_purpose`");
                change(ChangeKind::Reach, risk, i, summary)
            })
            .collect();
        let diff = Diff {
            changes,
            ..Diff::default()
        };
        let text = markdown(&diff, &revisions());
        assert!(text.len() <= COMMENT_LIMIT, "{}", text.len());
        assert!(text.starts_with(MARKER));
        assert!(
            text.contains("did not fit in a comment"),
            "{}",
            &text[text.len() - 600..]
        );
        assert!(text.trim_end().ends_with("</sub>"));
        // Everything shown or counted: the rows in the table and the items left out.
        let rows = text.lines().filter(|l| l.starts_with("| high |")).count();
        let left: usize = text
            .lines()
            .find_map(|l| {
                l.strip_prefix("**")?
                    .split_whitespace()
                    .next()?
                    .parse()
                    .ok()
            })
            .unwrap_or(0);
        // The 2,500 high-risk rows, and one folded list of the 2,500 others.
        assert_eq!(
            rows + left,
            2_500
                + if text.contains("that add no risk") {
                    0
                } else {
                    2_500
                }
        );
    }

    #[test]
    fn a_diff_without_changes_says_so_in_one_sentence() {
        let text = markdown(&Diff::default(), &revisions());
        assert!(text.contains("**This change does not change how personal data is processed.**"));
        assert!(!text.contains("| Risk |"));
    }
}
