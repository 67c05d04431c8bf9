//! Every place a declared name is written in a project's syntax trees: where it is
//! declared and where it is used, with the kinds of declaration a use can refer to. Go
//! to definition, find references and rename read this.

use crate::source::Span;
use crate::syntax::ast::{
    Attribute, BasisLit, DeclRef, Declaration, Expectation, Keyword, NodePattern, PolicyFile,
    RuleCondition, RuleStatement, Word,
};

/// The kinds of declaration a flow's ends can name.
pub const NODES: &[Keyword] = &[
    Keyword::Subject,
    Keyword::System,
    Keyword::Processor,
    Keyword::Recipient,
];

#[derive(Clone, Debug)]
pub struct Occurrence {
    pub name: String,
    pub span: Span,
    pub role: Role,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// `KEYWORD name`: the name is declared here.
    Declaration(Keyword),
    /// A use, which refers to a declaration of one of these kinds.
    Use(&'static [Keyword]),
}

impl Occurrence {
    /// Whether this occurrence and a declaration of `keyword` can be the same name.
    pub fn accepts(&self, keyword: Keyword) -> bool {
        match &self.role {
            Role::Declaration(k) => *k == keyword,
            Role::Use(kinds) => kinds.contains(&keyword),
        }
    }
}

/// The occurrences in the files, in file order then source order.
pub fn occurrences(files: &[PolicyFile]) -> Vec<Occurrence> {
    let mut out = Vec::new();
    for file in files {
        declarations(&file.declarations, &mut out);
    }
    out
}

/// The names declared in the files, with their kinds, borrowed: completion asks for these
/// on every keystroke, and the uses `occurrences` also collects are not needed for it.
/// Names declared in a test are included only for the test `in_test` accepts.
pub fn declared(files: &[PolicyFile], in_test: impl Fn(Span) -> bool) -> Vec<(&str, Keyword)> {
    fn walk<'a>(
        declarations: &'a [Declaration],
        in_test: &impl Fn(Span) -> bool,
        out: &mut Vec<(&'a str, Keyword)>,
    ) {
        for declaration in declarations {
            match declaration {
                Declaration::Entity(d) if d.keyword.node != Keyword::Controller => {
                    out.push((&d.name.node, d.keyword.node));
                }
                Declaration::Rule(d) => out.push((&d.name.node, Keyword::Rule)),
                Declaration::Test(d) if in_test(d.span) => walk(&d.declarations, in_test, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for file in files {
        walk(&file.declarations, &in_test, &mut out);
    }
    out
}

fn declarations(declarations: &[Declaration], out: &mut Vec<Occurrence>) {
    let used = |w: &Word, kinds: &'static [Keyword], out: &mut Vec<Occurrence>| {
        out.push(Occurrence {
            name: w.node.clone(),
            span: w.span,
            role: Role::Use(kinds),
        });
    };
    for declaration in declarations {
        match declaration {
            Declaration::Entity(d) => {
                if d.keyword.node != Keyword::Controller {
                    out.push(Occurrence {
                        name: d.name.node.clone(),
                        span: d.name.span,
                        role: Role::Declaration(d.keyword.node),
                    });
                }
                for attribute in &d.attributes {
                    attribute_uses(&attribute.node, out, &used);
                }
            }
            Declaration::Flow(d) => {
                used(&d.from, NODES, out);
                used(&d.to, NODES, out);
                for c in &d.categories {
                    used(c, &[Keyword::Category], out);
                }
                for p in &d.purposes {
                    used(p, &[Keyword::Purpose], out);
                }
            }
            Declaration::Rule(d) => {
                out.push(Occurrence {
                    name: d.name.node.clone(),
                    span: d.name.span,
                    role: Role::Declaration(Keyword::Rule),
                });
                for statement in &d.statements {
                    let conditions = match &statement.node {
                        RuleStatement::DenyData {
                            patterns,
                            conditions,
                        } => {
                            // A pattern without `.` or `*` may be a declared category.
                            for p in patterns.iter().filter(|p| is_plain_name(&p.node)) {
                                used(p, &[Keyword::Category], out);
                            }
                            conditions.as_slice()
                        }
                        RuleStatement::DenyFlow { conditions } => conditions.as_slice(),
                        _ => &[],
                    };
                    for condition in conditions {
                        match &condition.node {
                            RuleCondition::For(patterns) => {
                                for p in patterns.iter().filter(|p| is_plain_name(&p.node)) {
                                    used(p, &[Keyword::Purpose], out);
                                }
                            }
                            RuleCondition::To(NodePattern::Name(w)) => used(w, NODES, out),
                            _ => {}
                        }
                    }
                }
            }
            Declaration::Test(d) => {
                self::declarations(&d.declarations, out);
                for expectation in &d.expectations {
                    let at = match &expectation.node {
                        Expectation::Absent { at, .. } | Expectation::Present { at, .. } => at,
                        Expectation::Clean => &None,
                    };
                    match at.as_ref().map(|a| &a.node) {
                        Some(DeclRef::Flow { from, to }) => {
                            used(from, NODES, out);
                            used(to, NODES, out);
                        }
                        Some(DeclRef::Named { keyword, name }) => {
                            used(name, kinds_of(keyword.node), out)
                        }
                        None => {}
                    }
                }
            }
        }
    }
}

fn attribute_uses(
    attribute: &Attribute,
    out: &mut Vec<Occurrence>,
    used: &impl Fn(&Word, &'static [Keyword], &mut Vec<Occurrence>),
) {
    match attribute {
        Attribute::Basis(basis) => match &basis.node {
            BasisLit::Consent(w) | BasisLit::ExplicitConsent(w) => {
                used(w, &[Keyword::Consent], out)
            }
            _ => {}
        },
        Attribute::Compatible(words) => {
            for w in words {
                used(w, &[Keyword::Purpose], out);
            }
        }
        Attribute::Needs(words) => {
            for w in words {
                used(w, &[Keyword::Category], out);
            }
        }
        Attribute::Stores { categories, .. } => {
            for w in categories {
                used(w, &[Keyword::Category], out);
            }
        }
        Attribute::ServiceContract { purposes, .. } => {
            for w in purposes {
                used(w, &[Keyword::Purpose], out);
            }
        }
        Attribute::Subprocessor(w) => used(w, &[Keyword::Processor], out),
        _ => {}
    }
}

/// `&[keyword]` for a declaration keyword, as a static slice.
pub fn kinds_of(keyword: Keyword) -> &'static [Keyword] {
    match keyword {
        Keyword::Controller => &[Keyword::Controller],
        Keyword::Subject => &[Keyword::Subject],
        Keyword::Category => &[Keyword::Category],
        Keyword::Purpose => &[Keyword::Purpose],
        Keyword::Consent => &[Keyword::Consent],
        Keyword::System => &[Keyword::System],
        Keyword::Processor => &[Keyword::Processor],
        Keyword::Recipient => &[Keyword::Recipient],
        Keyword::Flow => &[Keyword::Flow],
        Keyword::Rule => &[Keyword::Rule],
        Keyword::Test => &[Keyword::Test],
    }
}

fn is_plain_name(word: &str) -> bool {
    !word.contains(['.', '*'])
}

/// Whether `name` can be declared: a letter, then letters, digits, `_` or `-`, and not
/// `for` (the grammar's `name`).
pub fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && name != "for"
}
