//! One diagnostic type for every problem redline reports: input errors (E001-E006) now,
//! rule findings later. Reports render it; nothing else prints.

use std::borrow::Cow;
use std::fmt;

use crate::source::{FileId, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The input diagnostics of RULES.md. They are always errors and cannot be suppressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InputError {
    Syntax,
    UnknownReference,
    DuplicateDeclaration,
    InvalidValue,
    UnreadableFile,
    InvalidConfig,
}

impl InputError {
    pub const ALL: [InputError; 6] = [
        InputError::Syntax,
        InputError::UnknownReference,
        InputError::DuplicateDeclaration,
        InputError::InvalidValue,
        InputError::UnreadableFile,
        InputError::InvalidConfig,
    ];

    pub fn code(self) -> &'static str {
        match self {
            InputError::Syntax => "E001",
            InputError::UnknownReference => "E002",
            InputError::DuplicateDeclaration => "E003",
            InputError::InvalidValue => "E004",
            InputError::UnreadableFile => "E005",
            InputError::InvalidConfig => "E006",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            InputError::Syntax => "syntax-error",
            InputError::UnknownReference => "unknown-reference",
            InputError::DuplicateDeclaration => "duplicate-declaration",
            InputError::InvalidValue => "invalid-value",
            InputError::UnreadableFile => "unreadable-file",
            InputError::InvalidConfig => "invalid-config",
        }
    }
}

impl InputError {
    /// One line: what it reports (the rule descriptions of machine reports).
    pub fn summary(self) -> &'static str {
        match self {
            InputError::Syntax => "the text is not valid policy language",
            InputError::UnknownReference => "a name that is declared nowhere",
            InputError::DuplicateDeclaration => "a name, controller or test declared twice",
            InputError::InvalidValue => {
                "a value that does not exist, a name of the wrong kind, or a missing or repeated attribute"
            }
            InputError::UnreadableFile => {
                "a policy file that cannot be read as UTF-8 text within the limits"
            }
            InputError::InvalidConfig => {
                "redline.yaml holds unknown keys, wrong types or bad values"
            }
        }
    }
}

/// A rule's identity in a finding: its stable code and its kebab-case name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId {
    pub code: Cow<'static, str>,
    pub name: Cow<'static, str>,
}

/// `P001 purpose-creep`; an organisation's rule, whose code is its name, once.
impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.code == self.name {
            f.write_str(&self.name)
        } else {
            write!(f, "{} {}", self.code, self.name)
        }
    }
}

impl RuleId {
    /// An input diagnostic (E001-E006) rather than a rule's finding.
    pub fn is_input(&self) -> bool {
        InputError::ALL.iter().any(|e| e.code() == self.code)
    }
}

impl From<InputError> for RuleId {
    fn from(e: InputError) -> Self {
        RuleId {
            code: Cow::Borrowed(e.code()),
            name: Cow::Borrowed(e.name()),
        }
    }
}

/// A secondary place a diagnostic points at, with what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// Where a diagnostic points: a span, or a whole file that has no usable text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    Span(Span),
    File(FileId),
    /// Not tied to any file (for example a bad command-line value).
    Nowhere,
}

impl Location {
    pub fn file(self) -> Option<FileId> {
        match self {
            Location::Span(span) => Some(span.file),
            Location::File(file) => Some(file),
            Location::Nowhere => None,
        }
    }
}

/// A finding a `# redline: allow RULE -- reason` comment silenced: a risk the team
/// accepted, kept with its reason so that reports can list it (`--show-suppressed`,
/// JSON `suppressed`, SARIF `suppressions`) instead of letting it vanish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppressed {
    pub finding: Diagnostic,
    pub reason: String,
    /// The suppression comment.
    pub comment: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: RuleId,
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    /// Text under the primary span, when it says more than the message.
    pub label: Option<String>,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub notes: Vec<String>,
    /// The flows the data took to where the finding is, in order: an editor shows them
    /// as related locations (the notes say the same in words).
    pub path: Vec<Label>,
}

impl Diagnostic {
    /// An input error at a span.
    pub fn input(kind: InputError, span: Span, message: impl Into<String>) -> Self {
        Diagnostic::input_at(kind, Location::Span(span), message)
    }

    pub fn input_at(kind: InputError, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            rule: kind.into(),
            severity: Severity::Error,
            message: message.into(),
            location,
            label: None,
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            path: Vec::new(),
        }
    }

    pub fn with_label(mut self, text: impl Into<String>) -> Self {
        self.label = Some(text.into());
        self
    }

    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn span(&self) -> Option<Span> {
        match self.location {
            Location::Span(span) => Some(span),
            _ => None,
        }
    }
}
