//! What the server answers: hover, completion, definition, references, rename, code
//! actions, formatting and the outline. Each reads one project's texts and syntax trees
//! (`Workspace`), never the disk.

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CompletionItem, CompletionItemKind,
    CompletionTextEdit, Diagnostic as LspDiagnostic, DocumentSymbol, Documentation, Hover,
    HoverContents, Location, MarkupContent, MarkupKind, Position, Range, SymbolKind, TextEdit, Uri,
    WorkspaceEdit,
};
use std::collections::HashMap;

use crate::knowledge::Knowledge;
use crate::model::{Right, Vocabulary, ids_and_groups};
use crate::rules::{self, ALL as RULES};
use crate::syntax::ast::{Declaration, Keyword, PolicyFile};
use crate::values::{CountryCode, Date, Event, Place, Subdivision};

use super::context::{self, Expect};
use super::names::{self, Occurrence, Role};
use super::text::{Encoding, LineIndex};
use super::workspace::Project;

/// A document of a project, with what positions need.
pub struct Doc<'a> {
    pub project: &'a Project,
    pub index: usize,
    pub text: &'a str,
    pub lines: LineIndex,
    pub encoding: Encoding,
    pub knowledge: &'static Knowledge,
    /// The day whose law hover describes.
    pub today: Date,
}

impl Doc<'_> {
    fn offset(&self, position: Position) -> usize {
        self.lines.offset(self.text, position, self.encoding)
    }

    fn range(&self, start: usize, end: usize) -> Range {
        self.lines.range(self.text, start, end, self.encoding)
    }

    fn vocabulary(&self) -> Vocabulary<'_> {
        self.project.settings.vocabulary(self.knowledge)
    }

    fn tree(&self) -> Option<&PolicyFile> {
        self.project.files.get(self.index)
    }
}

fn markdown(value: String) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: None,
    }
}

// ---------------------------------------------------------------------------------------
// Hover

pub fn hover(doc: &Doc<'_>, position: Position) -> Option<Hover> {
    let offset = doc.offset(position);
    let cursor = context::at(doc.text, offset);
    if let Some((_, comment)) = &cursor.comment {
        // A rule named in a suppression comment, or the comment's first rule.
        let word = doc
            .text
            .get(cursor.word_start..cursor.word_end)
            .unwrap_or("");
        let word =
            word.trim_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        let page = rules::find(word)
            .map(|m| word_page(m.code))
            .or_else(|| first_suppressed_rule(comment).map(|r| word_page(&r)))?;
        return page.map(markdown);
    }
    if cursor.word_start == cursor.word_end {
        return None;
    }
    let word = doc.text.get(cursor.word_start..cursor.word_end)?;
    let range = Some(doc.range(cursor.word_start, cursor.word_end));
    // The expectation of the word's own position: what was typed before it.
    let expect = context::at(doc.text, cursor.word_start).expect;
    let text = match expect {
        Expect::Taxonomy(k) | Expect::TaxonomyPattern(k) => taxonomy_hover(doc, k, word),
        Expect::Countries => place_hover(doc, word),
        Expect::Kind(k) => kind_hover(doc.knowledge, k, word),
        Expect::Safeguards => safeguard_hover(doc.knowledge, word),
        Expect::Bases => basis_hover(doc.knowledge, word),
        Expect::Conditions => condition_hover(doc.knowledge, word),
        Expect::Rules { .. } => word_page(word),
        _ => None,
    }
    .or_else(|| name_hover(doc, word))
    .or_else(|| rules::find(word).and_then(|m| word_page(m.code)))?;
    Some(Hover {
        range,
        ..markdown(text)
    })
}

fn word_page(rule: &str) -> Option<String> {
    crate::commands::rule::render(Some(rule)).ok()
}

fn first_suppressed_rule(comment: &str) -> Option<String> {
    let body = comment.trim_start_matches('#').trim_start();
    let rest = body
        .strip_prefix("redline:")?
        .trim_start()
        .strip_prefix("allow")?;
    let rules = rest.split("--").next()?;
    rules
        .split(',')
        .map(str::trim)
        .find(|r| !r.is_empty())
        .map(str::to_owned)
}

fn source_line(p: &crate::knowledge::Provenance) -> String {
    let unconfirmed = match p.confidence {
        crate::knowledge::Confidence::Confirmed => "",
        crate::knowledge::Confidence::Unconfirmed => {
            " (unconfirmed: no primary source checked; never an error)"
        }
    };
    format!("Source: {} (checked {}){unconfirmed}", p.source, p.as_of)
}

fn cap_line(knowledge: &Knowledge, cap: &str) -> String {
    match knowledge.guidance(cap) {
        Some(g) => format!(
            "- retention: {} after {} ({}); {}",
            g.limit,
            g.after.id(),
            g.id,
            source_line(&g.provenance)
        ),
        None => format!("- retention cap: `{cap}`"),
    }
}

fn taxonomy_hover(doc: &Doc<'_>, keyword: Keyword, id: &str) -> Option<String> {
    let vocabulary = doc.vocabulary();
    let yes = |b: bool| if b { "yes" } else { "no" };
    if keyword == Keyword::Category {
        if let Some(c) = vocabulary.category(id) {
            let mut out = format!("**{}** (data category)\n\n{}\n\n", c.id, c.description);
            out.push_str(&format!("- personal data: {}\n", yes(c.personal)));
            out.push_str(&format!(
                "- special category (GDPR Art. 9): {}\n",
                yes(c.special)
            ));
            out.push_str(&format!(
                "- criminal-offence data (Art. 10): {}\n",
                yes(c.criminal)
            ));
            out.push_str(&format!(
                "- sensitive personal information (Cal. Civ. Code §1798.140(ae)): {}\n",
                yes(c.ccpa_sensitive)
            ));
            if let Some(cap) = &c.cap {
                out.push_str(&cap_line(doc.knowledge, cap));
                out.push('\n');
            }
            out.push_str(&format!("\n{}", source_line(&c.provenance)));
            return Some(out);
        }
    } else if let Some(p) = vocabulary.purpose(id) {
        let mut out = format!("**{}** (purpose)\n\n{}\n\n", p.id, p.description);
        if let Some(basis) = p.default_basis {
            out.push_str(&format!("- expected basis: {}\n", basis.id()));
        }
        let consent = match p.consent {
            crate::knowledge::ConsentNeed::No => "no",
            crate::knowledge::ConsentNeed::Yes => "yes",
            crate::knowledge::ConsentNeed::ExplicitUnlessContractOrLaw => {
                "explicit consent, unless a contract or a legal obligation (Art. 22(2))"
            }
        };
        out.push_str(&format!("- needs consent: {consent}\n"));
        if let Some(cap) = &p.cap {
            out.push_str(&cap_line(doc.knowledge, cap));
            out.push('\n');
        }
        for minimum in &p.minimums {
            out.push_str(&cap_line(doc.knowledge, minimum));
            out.push('\n');
        }
        out.push_str(&format!("\n{}", source_line(&p.provenance)));
        return Some(out);
    }
    // A group (`contact`, `special.*`).
    let group = id.trim_end_matches(".*");
    let members = crate::model::members(vocabulary.ids(keyword).into_iter(), group);
    (!members.is_empty()).then(|| {
        format!(
            "**{group}** (a group of {} {}): {}",
            members.len(),
            if keyword == Keyword::Category {
                "categories"
            } else {
                "purposes"
            },
            members
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

fn place_hover(doc: &Doc<'_>, word: &str) -> Option<String> {
    let knowledge = doc.knowledge;
    let today = doc.today;
    if let Some(place) = knowledge.place(word) {
        let mut out = String::new();
        match place {
            Place::Region(_) => {
                out.push_str(&format!("**{word}**: a region; data may move freely within the EEA (GDPR Art. 1(3), EEA Agreement).\n"));
            }
            Place::Country(code) | Place::Subdivision(Subdivision { country: code, .. }) => {
                let name = knowledge
                    .country(code)
                    .map_or(code.as_str(), |c| c.name.as_str());
                out.push_str(&format!("**{word}**: {name}"));
                if let Place::Subdivision(sub) = place {
                    if let Some(state) = knowledge.us.subdivisions.get(&sub) {
                        out.push_str(&format!(", {state}"));
                    }
                    let laws: Vec<&str> = knowledge
                        .us
                        .laws
                        .iter()
                        .filter(|l| l.state == sub)
                        .map(|l| l.name.as_str())
                        .collect();
                    if !laws.is_empty() {
                        out.push_str(&format!("\n\nState law: {}", laws.join(", ")));
                    }
                }
                out.push_str(&format!("\n\nOn {today}:\n\n"));
                out.push_str(&country_status(knowledge, code, today));
            }
        }
        out.push_str(&format!(
            "\n\n(built-in knowledge checked on {})",
            knowledge.as_of()
        ));
        return Some(out);
    }
    None
}

fn country_status(knowledge: &Knowledge, code: CountryCode, today: Date) -> String {
    if knowledge.in_eea(Place::Country(code), today) {
        return "- in the EEA: transfers need no safeguard (GDPR Art. 44 does not apply)"
            .to_owned();
    }
    let decisions = knowledge.adequacy_on(code, today);
    if decisions.is_empty() {
        let mut out = "- outside the EEA, with no adequacy decision: a transfer needs a safeguard (GDPR Art. 46) or a derogation (Art. 49)".to_owned();
        if let Some(ended) = knowledge.ended_adequacy(code, today) {
            out.push_str(&format!(
                "\n- {} ended on {}",
                ended.decision,
                ended.ends.map_or_else(String::new, |d| d.to_string())
            ));
        }
        return out;
    }
    decisions
        .iter()
        .map(|d| {
            format!(
                "- adequacy (Art. 45): {} (from {}, scope: {}); {}",
                d.decision,
                d.from,
                d.scope.as_str(),
                source_line(&d.provenance)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn kind_hover(knowledge: &Knowledge, keyword: Keyword, word: &str) -> Option<String> {
    let (description, provenance) = match keyword {
        Keyword::Subject => knowledge
            .subjects
            .values()
            .find(|s| s.kind.id() == word)
            .map(|s| (&s.description, &s.provenance))?,
        Keyword::System => knowledge
            .system_kinds
            .iter()
            .find(|s| s.kind.id() == word)
            .map(|s| (&s.description, &s.provenance))?,
        Keyword::Recipient => knowledge
            .recipient_kinds
            .iter()
            .find(|s| s.kind.id() == word)
            .map(|s| (&s.description, &s.provenance))?,
        _ => return None,
    };
    Some(format!(
        "**{word}** ({} kind)\n\n{description}\n\n{}",
        keyword.as_str(),
        source_line(provenance)
    ))
}

fn safeguard_hover(knowledge: &Knowledge, word: &str) -> Option<String> {
    let entry = knowledge.safeguard(word)?;
    let mut out = format!("**{}**: {} ({})", word, entry.name, entry.article);
    if let Some(note) = &entry.note {
        out.push_str(&format!("\n\n{note}"));
    }
    out.push_str(&format!("\n\n{}", source_line(&entry.provenance)));
    Some(out)
}

fn basis_hover(knowledge: &Knowledge, word: &str) -> Option<String> {
    let b = knowledge.bases.iter().find(|b| b.id == word)?;
    Some(format!("**{}**: {} ({})", b.id, b.name, b.article))
}

fn condition_hover(knowledge: &Knowledge, word: &str) -> Option<String> {
    let c = knowledge.condition(word)?;
    Some(format!("**{}**: {} ({})", c.id, c.name, c.article))
}

/// A declared name: where it is declared, and the declaration's first line.
fn name_hover(doc: &Doc<'_>, word: &str) -> Option<String> {
    let occurrences = names::occurrences(&doc.project.files);
    let mut out = String::new();
    for o in occurrences.iter().filter(|o| o.name == word) {
        let Role::Declaration(keyword) = o.role else {
            continue;
        };
        let Some(entry) = doc.project.entries.iter().find(|e| e.id == o.span.file) else {
            continue;
        };
        let text = doc.project.sources.text(entry.id);
        let line_start = text
            .get(..o.span.start as usize)
            .and_then(|b| b.rfind('\n'))
            .map_or(0, |i| i + 1);
        let line_end = text
            .get(line_start..)
            .and_then(|r| r.find('\n'))
            .map_or(text.len(), |i| line_start + i);
        let header = text.get(line_start..line_end).unwrap_or("").trim();
        let (line, _) = doc.project.sources.get(entry.id)?.line_col(o.span.start);
        let shown = entry
            .path
            .strip_prefix(&doc.project.root)
            .unwrap_or(&entry.path)
            .to_string_lossy()
            .replace('\\', "/");
        out.push_str(&format!(
            "**{word}** ({}), declared in {shown}:{line}\n\n```redline\n{header}\n```\n",
            keyword.as_str()
        ));
    }
    (!out.is_empty()).then_some(out)
}

// ---------------------------------------------------------------------------------------
// Completion

const DECLARATIONS: &[&str] = &[
    "controller",
    "subject",
    "category",
    "purpose",
    "consent",
    "system",
    "processor",
    "recipient",
    "flow",
    "rule",
    "test",
];

fn attributes_of(keyword: Keyword) -> &'static [&'static str] {
    match keyword {
        Keyword::Controller => &[
            "location",
            "dpo",
            "representative",
            "right",
            "follows",
            "notice",
            "optout",
            "description",
        ],
        Keyword::Subject => &["location", "description"],
        Keyword::Category => &["retention", "pseudonymised", "anonymised", "description"],
        Keyword::Purpose => &[
            "basis",
            "compatible",
            "retain",
            "automated_decisions",
            "condition",
            "dpia",
            "scale",
            "new_technology",
            "human_review",
            "contest",
            "needs",
            "consultation",
            "description",
        ],
        Keyword::Consent => &[
            "default",
            "withdraw",
            "explicit",
            "parental",
            "renew",
            "proof",
            "description",
        ],
        Keyword::System => &[
            "location",
            "stores",
            "access_control",
            "erasure",
            "description",
        ],
        Keyword::Processor => &[
            "location",
            "safeguard",
            "dpa",
            "subprocessor",
            "stores",
            "access_control",
            "erasure",
            "contract",
            "description",
        ],
        Keyword::Recipient => &[
            "location",
            "safeguard",
            "contract",
            "erasure",
            "consideration",
            "description",
        ],
        Keyword::Flow => &["encrypted", "pseudonymised"],
        Keyword::Rule => &["deny", "require", "severity", "source"],
        Keyword::Test => &[],
    }
}

fn item(label: &str, kind: CompletionItemKind, detail: Option<String>) -> CompletionItem {
    CompletionItem {
        label: label.to_owned(),
        kind: Some(kind),
        detail,
        ..CompletionItem::default()
    }
}

/// The items for the cursor's place, and whether the list is incomplete (the editor then
/// asks again as the user types).
pub fn completion(doc: &Doc<'_>, position: Position) -> (Vec<CompletionItem>, bool) {
    let offset = doc.offset(position);
    let cursor = context::at(doc.text, offset);
    let typed = doc.text.get(cursor.word_start..offset).unwrap_or("");
    let mut incomplete = false;
    let knowledge = doc.knowledge;
    let vocabulary = doc.vocabulary();
    let words = |list: &[&str], kind: CompletionItemKind| -> Vec<CompletionItem> {
        list.iter().map(|w| item(w, kind, None)).collect()
    };
    let mut items: Vec<CompletionItem> = match &cursor.expect {
        Expect::Declaration { in_test } => {
            let mut out = words(DECLARATIONS, CompletionItemKind::KEYWORD);
            if *in_test {
                out.retain(|i| i.label != "test" && i.label != "controller");
                out.push(item("expect", CompletionItemKind::KEYWORD, None));
            }
            out
        }
        Expect::Attribute(keyword) => words(attributes_of(*keyword), CompletionItemKind::KEYWORD),
        Expect::Names(kinds) => {
            let (names, more) = declared_names(doc, kinds, offset, typed);
            incomplete = more;
            names
        }
        Expect::Taxonomy(keyword) => taxonomy_items(&vocabulary, *keyword, false),
        Expect::TaxonomyPattern(keyword) => taxonomy_items(&vocabulary, *keyword, true),
        Expect::Kind(keyword) => kind_items(knowledge, *keyword),
        Expect::Countries => {
            let mut out: Vec<CompletionItem> = ["EEA", "EU"]
                .iter()
                .map(|r| item(r, CompletionItemKind::ENUM_MEMBER, Some("region".into())))
                .collect();
            out.extend(knowledge.countries.values().map(|c| {
                item(
                    c.code.as_str(),
                    CompletionItemKind::ENUM_MEMBER,
                    Some(c.name.clone()),
                )
            }));
            out.extend(knowledge.us.subdivisions.iter().map(|(code, name)| {
                item(
                    &code.to_string(),
                    CompletionItemKind::ENUM_MEMBER,
                    Some(name.clone()),
                )
            }));
            out
        }
        Expect::Bases => knowledge
            .bases
            .iter()
            .map(|b| {
                item(
                    &b.id,
                    CompletionItemKind::ENUM_MEMBER,
                    Some(format!("{} ({})", b.name, b.article)),
                )
            })
            .collect(),
        Expect::Safeguards => knowledge
            .safeguards
            .iter()
            .map(|s| {
                item(
                    s.kind.id(),
                    CompletionItemKind::ENUM_MEMBER,
                    Some(format!("{} ({})", s.name, s.article)),
                )
            })
            .collect(),
        Expect::Conditions => knowledge
            .conditions
            .iter()
            .map(|c| {
                item(
                    &c.id,
                    CompletionItemKind::ENUM_MEMBER,
                    Some(format!("{} ({})", c.name, c.article)),
                )
            })
            .collect(),
        Expect::Words(list) => words(list, CompletionItemKind::KEYWORD),
        Expect::Rights => Right::ids()
            .map(|r| item(r, CompletionItemKind::ENUM_MEMBER, None))
            .collect(),
        Expect::Laws => knowledge
            .us
            .laws
            .iter()
            .map(|l| item(&l.id, CompletionItemKind::ENUM_MEMBER, Some(l.name.clone())))
            .collect(),
        Expect::Choices => crate::knowledge::Choice::ids()
            .map(|c| item(c, CompletionItemKind::ENUM_MEMBER, None))
            .collect(),
        Expect::Events => Event::KNOWN
            .iter()
            .map(|e| item(e, CompletionItemKind::ENUM_MEMBER, None))
            .collect(),
        Expect::TimeUnits => words(
            &["days", "weeks", "months", "years"],
            CompletionItemKind::UNIT,
        ),
        Expect::Properties => crate::model::Property::ids()
            .map(|p| item(p, CompletionItemKind::PROPERTY, None))
            .collect(),
        Expect::Rules { in_expect } => {
            let mut out: Vec<CompletionItem> = RULES
                .iter()
                .flat_map(|r| {
                    let m = r.meta();
                    [
                        item(
                            m.name,
                            CompletionItemKind::REFERENCE,
                            Some(m.code.to_owned()),
                        ),
                        item(
                            m.code,
                            CompletionItemKind::REFERENCE,
                            Some(m.name.to_owned()),
                        ),
                    ]
                })
                .collect();
            let (names, more) = declared_names(doc, &[Keyword::Rule], offset, typed);
            incomplete = more;
            out.extend(names);
            if *in_expect {
                out.extend(words(&["clean", "no"], CompletionItemKind::KEYWORD));
            }
            out
        }
        Expect::DeclarationKinds => words(
            &[
                "controller",
                "subject",
                "category",
                "purpose",
                "consent",
                "system",
                "processor",
                "recipient",
                "flow",
            ],
            CompletionItemKind::KEYWORD,
        ),
        Expect::NodeKinds => {
            let mut out = words(
                &["subject", "system", "processor", "recipient"],
                CompletionItemKind::KEYWORD,
            );
            let (names, more) = declared_names(doc, names::NODES, offset, typed);
            incomplete = more;
            out.extend(names);
            out
        }
        Expect::Nothing => Vec::new(),
    };
    // Every item replaces the word typed so far, dots and dashes included.
    let replace = doc.range(cursor.word_start, cursor.word_end.max(offset));
    for i in &mut items {
        i.text_edit = Some(CompletionTextEdit::Edit(TextEdit::new(
            replace,
            i.label.clone(),
        )));
    }
    (items, incomplete)
}

/// At most this many names are offered at once; the list is then marked incomplete, so
/// the editor asks again as the word grows (a project of thousands of names stays fast).
const NAMES_AT_ONCE: usize = 200;

/// The names of these kinds declared in the project, and in the test the cursor is in,
/// that match the word typed so far (its letters in order, as editors filter). The flag
/// says whether some were left out.
fn declared_names(
    doc: &Doc<'_>,
    kinds: &[Keyword],
    offset: usize,
    typed: &str,
) -> (Vec<CompletionItem>, bool) {
    let file = doc.project.entries.get(doc.index).map(|e| e.id);
    let in_test = |t: crate::source::Span| {
        Some(t.file) == file && (t.start as usize) <= offset && offset <= t.end as usize
    };
    let mut seen = std::collections::BTreeMap::new();
    for (name, k) in names::declared(&doc.project.files, in_test) {
        if kinds.contains(&k) && matches_typed(name, typed) {
            seen.entry(name).or_insert(k);
        }
    }
    let incomplete = seen.len() > NAMES_AT_ONCE;
    let items = seen
        .into_iter()
        .take(NAMES_AT_ONCE)
        .map(|(name, k)| {
            item(
                name,
                CompletionItemKind::VARIABLE,
                Some(k.as_str().to_owned()),
            )
        })
        .collect();
    (items, incomplete)
}

/// Whether the letters typed appear in `name` in order, ignoring case.
fn matches_typed(name: &str, typed: &str) -> bool {
    let mut rest = name.chars().map(|c| c.to_ascii_lowercase());
    typed
        .chars()
        .all(|t| rest.any(|c| c == t.to_ascii_lowercase()))
}

fn taxonomy_items(
    vocabulary: &Vocabulary<'_>,
    keyword: Keyword,
    patterns: bool,
) -> Vec<CompletionItem> {
    let ids = vocabulary.ids(keyword);
    let describe = |id: &str| match keyword {
        Keyword::Category => vocabulary.category(id).map(|c| c.description.clone()),
        _ => vocabulary.purpose(id).map(|p| p.description.clone()),
    };
    let mut out: Vec<CompletionItem> = ids
        .iter()
        .map(|id| {
            let mut i = item(id, CompletionItemKind::ENUM_MEMBER, describe(id));
            i.documentation = i.detail.clone().map(Documentation::String);
            i
        })
        .collect();
    if patterns {
        let mut groups: Vec<&str> = ids_and_groups(ids.iter().copied())
            .into_iter()
            .filter(|g| !ids.contains(g))
            .collect();
        groups.sort_unstable();
        groups.dedup();
        out.extend(groups.into_iter().map(|g| {
            item(
                &format!("{g}.*"),
                CompletionItemKind::MODULE,
                Some("every id in the group".into()),
            )
        }));
    }
    out
}

fn kind_items(knowledge: &Knowledge, keyword: Keyword) -> Vec<CompletionItem> {
    let kind = CompletionItemKind::ENUM_MEMBER;
    match keyword {
        Keyword::Subject => knowledge
            .subjects
            .values()
            .map(|s| item(s.kind.id(), kind, Some(s.description.clone())))
            .collect(),
        Keyword::System => knowledge
            .system_kinds
            .iter()
            .map(|s| item(s.kind.id(), kind, Some(s.description.clone())))
            .collect(),
        Keyword::Recipient => knowledge
            .recipient_kinds
            .iter()
            .map(|s| item(s.kind.id(), kind, Some(s.description.clone())))
            .collect(),
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Definition, references, rename

/// The occurrence under the cursor and every occurrence of the same name and kind.
fn same_name(doc: &Doc<'_>, position: Position) -> Option<(Occurrence, Vec<Occurrence>)> {
    let offset = doc.offset(position) as u32;
    let id = doc.project.entries.get(doc.index)?.id;
    let all = names::occurrences(&doc.project.files);
    let here = all
        .iter()
        .find(|o| o.span.file == id && o.span.start <= offset && offset <= o.span.end)?
        .clone();
    // The kinds the name is declared as, among those the occurrence accepts.
    let kinds: Vec<Keyword> = all
        .iter()
        .filter(|o| o.name == here.name)
        .filter_map(|o| match o.role {
            Role::Declaration(k) if here.accepts(k) => Some(k),
            _ => None,
        })
        .collect();
    let same = all
        .into_iter()
        .filter(|o| {
            o.name == here.name && (kinds.is_empty() || kinds.iter().any(|k| o.accepts(*k)))
        })
        .collect();
    Some((here, same))
}

fn location(project: &Project, o: &Occurrence, encoding: Encoding) -> Option<Location> {
    let entry = project.entries.iter().find(|e| e.id == o.span.file)?;
    let text = project.sources.text(entry.id);
    let lines = LineIndex::new(text);
    Some(Location::new(
        entry.uri.clone(),
        lines.range(text, o.span.start as usize, o.span.end as usize, encoding),
    ))
}

pub fn definition(doc: &Doc<'_>, position: Position) -> Vec<Location> {
    let Some((_, same)) = same_name(doc, position) else {
        return Vec::new();
    };
    same.iter()
        .filter(|o| matches!(o.role, Role::Declaration(_)))
        .filter_map(|o| location(doc.project, o, doc.encoding))
        .collect()
}

pub fn references(doc: &Doc<'_>, position: Position, include_declaration: bool) -> Vec<Location> {
    let Some((_, same)) = same_name(doc, position) else {
        return Vec::new();
    };
    same.iter()
        .filter(|o| include_declaration || !matches!(o.role, Role::Declaration(_)))
        .filter_map(|o| location(doc.project, o, doc.encoding))
        .collect()
}

pub fn prepare_rename(doc: &Doc<'_>, position: Position) -> Option<Range> {
    let (here, _) = same_name(doc, position)?;
    Some(doc.range(here.span.start as usize, here.span.end as usize))
}

#[allow(clippy::mutable_key_type)] // lsp-types keys a WorkspaceEdit by Uri.
pub fn rename(
    doc: &Doc<'_>,
    position: Position,
    new_name: &str,
) -> Result<Option<WorkspaceEdit>, String> {
    if !names::is_valid_name(new_name) {
        return Err(format!(
            "`{new_name}` is not a name: a letter, then letters, digits, `_` or `-`"
        ));
    }
    let Some((_, same)) = same_name(doc, position) else {
        return Ok(None);
    };
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for o in &same {
        if let Some(l) = location(doc.project, o, doc.encoding) {
            changes
                .entry(l.uri)
                .or_default()
                .push(TextEdit::new(l.range, new_name.to_owned()));
        }
    }
    Ok(Some(WorkspaceEdit::new(changes)))
}

// ---------------------------------------------------------------------------------------
// Code actions and formatting

/// The fixes attached to the diagnostics in the request (`data`, see `server::convert`).
#[allow(clippy::mutable_key_type)] // lsp-types keys a WorkspaceEdit by Uri.
pub fn code_actions(uri: &Uri, diagnostics: &[LspDiagnostic]) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    for d in diagnostics {
        let Some(data) = &d.data else { continue };
        for (key, kind, preferred) in [
            ("fix", CodeActionKind::QUICKFIX, true),
            ("suppress", CodeActionKind::QUICKFIX, false),
        ] {
            let Some(fix) = data.get(key) else { continue };
            let (Some(title), Some(edit)) = (
                fix.get("title").and_then(|t| t.as_str()),
                fix.get("edit")
                    .and_then(|e| serde_json::from_value::<TextEdit>(e.clone()).ok()),
            ) else {
                continue;
            };
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: title.to_owned(),
                kind: Some(kind),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(WorkspaceEdit::new(HashMap::from([(
                    uri.clone(),
                    vec![edit],
                )]))),
                is_preferred: Some(preferred),
                ..CodeAction::default()
            }));
        }
    }
    out
}

pub fn formatting(doc: &Doc<'_>) -> Option<Vec<TextEdit>> {
    let id = doc.project.entries.get(doc.index)?.id;
    let formatted = crate::format::format(id, doc.text).ok()?;
    if formatted == doc.text {
        return Some(Vec::new());
    }
    Some(vec![TextEdit::new(doc.range(0, doc.text.len()), formatted)])
}

// ---------------------------------------------------------------------------------------
// Outline

pub fn symbols(doc: &Doc<'_>) -> Vec<DocumentSymbol> {
    doc.tree()
        .map(|t| declaration_symbols(doc, &t.declarations))
        .unwrap_or_default()
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written to build one.
fn declaration_symbols(doc: &Doc<'_>, declarations: &[Declaration]) -> Vec<DocumentSymbol> {
    declarations
        .iter()
        .map(|d| {
            let span = d.span();
            let (name, detail, kind, name_span, children) = match d {
                Declaration::Entity(e) => (
                    e.name.node.clone(),
                    Some(match &e.kind {
                        Some(k) => format!("{} : {}", e.keyword.node.as_str(), k.node),
                        None => e.keyword.node.as_str().to_owned(),
                    }),
                    match e.keyword.node {
                        Keyword::Controller => SymbolKind::MODULE,
                        Keyword::Subject => SymbolKind::OBJECT,
                        Keyword::Category => SymbolKind::FIELD,
                        Keyword::Purpose => SymbolKind::EVENT,
                        Keyword::Consent => SymbolKind::BOOLEAN,
                        Keyword::System | Keyword::Processor => SymbolKind::CLASS,
                        _ => SymbolKind::INTERFACE,
                    },
                    e.name.span,
                    None,
                ),
                Declaration::Flow(f) => (
                    format!("{} -> {}", f.from.node, f.to.node),
                    Some(format!(
                        "{} for {}",
                        f.categories
                            .iter()
                            .map(|c| c.node.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        f.purposes
                            .iter()
                            .map(|p| p.node.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                    SymbolKind::OPERATOR,
                    f.from.span.to(f.to.span),
                    None,
                ),
                Declaration::Rule(r) => (
                    r.name.node.clone(),
                    Some(r.title.node.clone()),
                    SymbolKind::FUNCTION,
                    r.name.span,
                    None,
                ),
                Declaration::Test(t) => (
                    t.name.node.clone(),
                    Some("test".to_owned()),
                    SymbolKind::METHOD,
                    t.name.span,
                    Some(declaration_symbols(doc, &t.declarations)),
                ),
            };
            DocumentSymbol {
                name: if name.is_empty() {
                    "(unnamed)".to_owned()
                } else {
                    name
                },
                detail,
                kind,
                tags: None,
                deprecated: None,
                range: doc.range(span.start as usize, span.end as usize),
                selection_range: doc.range(name_span.start as usize, name_span.end as usize),
                children,
            }
        })
        .collect()
}
