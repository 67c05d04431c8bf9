//! `redline lsp`: the language server, over standard input and output.
//!
//! Built on `lsp-server` (rust-analyzer's, and ruff's): one thread owns the state and
//! takes the messages in the order they came, so an edit is never applied out of order
//! and a request is answered from the state every earlier edit left. After the messages
//! that are waiting have been taken (a burst of keystrokes), the projects they touched
//! are analysed once and the diagnostics that changed are published. An edit re-parses
//! one file; the other files' syntax trees are kept.

mod context;
mod features;
mod names;
pub mod text;
mod workspace;

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    PrepareRenameRequest, References, RegisterCapability, Rename, Request as _,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, DiagnosticRelatedInformation,
    DiagnosticSeverity, DiagnosticTag, FileSystemWatcher, GlobPattern, HoverProviderCapability,
    InitializeParams, InitializeResult, NumberOrString, OneOf, PositionEncodingKind,
    PublishDiagnosticsParams, Registration, RegistrationParams, RenameOptions, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri,
};
use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Severity};
use crate::knowledge::Knowledge;
use crate::source::FileId;
use crate::syntax::ast::Declaration;
use crate::values::Date;
use text::{Encoding, LineIndex};
use workspace::{Project, Workspace, document_path};

/// Runs the server on standard input and output until the client says `exit`.
pub fn run_stdio() -> Result<(), String> {
    let (connection, threads) = Connection::stdio();
    run(connection)?;
    threads.join().map_err(|e| e.to_string())
}

/// Runs the server on a connection (standard input and output, or a test's memory pair).
pub fn run(connection: Connection) -> Result<(), String> {
    let knowledge = Knowledge::builtin().map_err(str::to_owned)?;
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let encoding = negotiate(&params);
    let result = InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(ServerInfo {
            name: "redline".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    connection
        .initialize_finish(id, serde_json::to_value(result).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    // `{"asOf": "YYYY-MM-DD"}` fixes the day hover describes (tests); else today.
    let today = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("asOf"))
        .and_then(Value::as_str)
        .and_then(crate::values::parse_date)
        .unwrap_or_else(today);
    let mut server = Server {
        connection: &connection,
        knowledge,
        encoding,
        today,
        workspace: Workspace::default(),
        published: BTreeMap::new(),
        next_request: 0,
    };
    let watches = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    if watches {
        server.watch_files();
    }
    server.main_loop()
}

fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// UTF-8 positions when the client offers them (no conversion), else UTF-16, the
/// protocol's default.
fn negotiate(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|list| list.contains(&PositionEncodingKind::UTF8)) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), " ".into(), ".".into(), ",".into()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

struct Server<'c> {
    connection: &'c Connection,
    knowledge: &'static Knowledge,
    encoding: Encoding,
    today: Date,
    workspace: Workspace,
    /// What was last published for each document.
    published: BTreeMap<String, Vec<lsp_types::Diagnostic>>,
    next_request: i32,
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<(), String> {
        loop {
            let Ok(first) = self.connection.receiver.recv() else {
                return Ok(());
            };
            let mut pending = vec![first];
            // Take what else is waiting: one analysis for a burst of edits.
            while let Ok(more) = self.connection.receiver.try_recv() {
                pending.push(more);
            }
            for message in pending {
                match message {
                    Message::Request(request) => {
                        if self
                            .connection
                            .handle_shutdown(&request)
                            .map_err(|e| e.to_string())?
                        {
                            return Ok(());
                        }
                        self.request(request);
                    }
                    Message::Notification(notification) => {
                        if notification.method == "exit" {
                            return Ok(());
                        }
                        self.notification(notification);
                    }
                    Message::Response(_) => {}
                }
            }
            self.publish();
        }
    }

    fn send(&self, message: Message) {
        // A closed channel means the client has gone: the loop ends on the next receive.
        let _ = self.connection.sender.send(message);
    }

    /// Asks the client to tell the server when policy files or configurations change on
    /// disk (created, deleted, edited elsewhere).
    fn watch_files(&mut self) {
        let watchers = ["**/*.redline", "**/redline.yaml"]
            .iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String((*glob).to_owned()),
                kind: None,
            })
            .collect::<Vec<_>>();
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "redline-watch".to_owned(),
                method: DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(
                    lsp_types::DidChangeWatchedFilesRegistrationOptions { watchers },
                )
                .ok(),
            }],
        };
        self.next_request += 1;
        self.send(Message::Request(Request::new(
            RequestId::from(format!("redline-{}", self.next_request)),
            RegisterCapability::METHOD.to_owned(),
            params,
        )));
    }

    // -----------------------------------------------------------------------------------
    // Notifications: they change the state.

    fn notification(&mut self, notification: Notification) {
        let method = notification.method.clone();
        // A bug must not take the editor's server down: the state is read again instead.
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| self.apply(notification)));
        if outcome.is_err() {
            eprintln!("redline lsp: internal error while handling {method}; reloading");
            let forgotten = std::mem::take(&mut self.workspace.projects);
            self.workspace.forgotten.extend(forgotten);
            let open: Vec<_> = self.workspace.open.keys().cloned().collect();
            for path in open {
                self.workspace.changed(&path, self.knowledge);
            }
        }
    }

    fn apply(&mut self, notification: Notification) {
        let knowledge = self.knowledge;
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(params) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(
                    notification.params,
                ) else {
                    return;
                };
                let uri = params.text_document.uri;
                let path = document_path(&uri);
                self.workspace
                    .open
                    .insert(path.clone(), (uri, params.text_document.text.into()));
                self.workspace.changed(&path, knowledge);
            }
            DidChangeTextDocument::METHOD => {
                let Ok(params) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(
                    notification.params,
                ) else {
                    return;
                };
                let path = document_path(&params.text_document.uri);
                let Some((_, current)) = self.workspace.open.get(&path) else {
                    return;
                };
                let mut text = current.to_string();
                for change in &params.content_changes {
                    text::apply_change(&mut text, change, self.encoding);
                }
                if let Some(entry) = self.workspace.open.get_mut(&path) {
                    entry.1 = text.into();
                }
                self.workspace.changed(&path, knowledge);
            }
            DidCloseTextDocument::METHOD => {
                let Ok(params) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(
                    notification.params,
                ) else {
                    return;
                };
                let path = document_path(&params.text_document.uri);
                self.workspace.open.remove(&path);
                let alone = self
                    .workspace
                    .find(&path)
                    .and_then(|(p, _)| self.workspace.projects.get(p))
                    .is_some_and(|p| p.alone);
                if alone || !path.is_absolute() || !path.exists() {
                    // A file outside any project, or one gone from the disk: forgotten.
                    let gone = self.workspace.reload_containing(&path, knowledge);
                    self.workspace.forgotten.extend(gone);
                } else if self.workspace.find(&path).is_some() {
                    // Back to the text on disk.
                    self.workspace.changed(&path, knowledge);
                }
            }
            DidSaveTextDocument::METHOD => {}
            DidChangeWatchedFiles::METHOD => {
                let Ok(params) = serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(
                    notification.params,
                ) else {
                    return;
                };
                for change in params.changes {
                    let path = document_path(&change.uri);
                    let edited = change.typ == lsp_types::FileChangeType::CHANGED;
                    let is_config = path
                        .file_name()
                        .is_some_and(|n| n == crate::config::FILE_NAME);
                    if edited && !is_config {
                        // Edited elsewhere: read again, unless the editor has it open.
                        if !self.workspace.open.contains_key(&path)
                            && self.workspace.find(&path).is_some()
                        {
                            self.workspace.changed(&path, knowledge);
                        }
                    } else {
                        // Created, deleted, or a configuration: the project is read again.
                        let gone = self.workspace.reload_containing(&path, knowledge);
                        self.workspace.forgotten.extend(gone);
                    }
                }
            }
            _ => {}
        }
    }

    // -----------------------------------------------------------------------------------
    // Requests: answered from the state as it is.

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        let method = request.method.clone();
        let response = std::panic::catch_unwind(AssertUnwindSafe(|| self.answer(request)))
            .unwrap_or_else(|_| {
                Err((
                    ErrorCode::InternalError as i32,
                    format!("internal error while answering {method}"),
                ))
            });
        let response = match response {
            Ok(result) => Response::new_ok(id, result),
            Err((code, message)) => Response::new_err(id, code, message),
        };
        self.send(Message::Response(response));
    }

    fn answer(&mut self, request: Request) -> Result<Value, (i32, String)> {
        let invalid = |e: serde_json::Error| (ErrorCode::InvalidParams as i32, e.to_string());
        let to_json = |v: Result<Value, serde_json::Error>| {
            v.map_err(|e| (ErrorCode::InternalError as i32, e.to_string()))
        };
        match request.method.as_str() {
            HoverRequest::METHOD => {
                let p: lsp_types::HoverParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let position = p.text_document_position_params;
                let answer = self.with_doc(&position.text_document.uri, |doc| {
                    features::hover(doc, position.position)
                });
                to_json(serde_json::to_value(answer.flatten()))
            }
            Completion::METHOD => {
                let p: lsp_types::CompletionParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let position = p.text_document_position;
                let (items, incomplete) = self
                    .with_doc(&position.text_document.uri, |doc| {
                        features::completion(doc, position.position)
                    })
                    .unwrap_or_default();
                // A plain array unless some items were left out.
                let answer = if incomplete {
                    lsp_types::CompletionResponse::List(lsp_types::CompletionList {
                        is_incomplete: true,
                        items,
                    })
                } else {
                    lsp_types::CompletionResponse::Array(items)
                };
                to_json(serde_json::to_value(answer))
            }
            GotoDefinition::METHOD => {
                let p: lsp_types::GotoDefinitionParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let position = p.text_document_position_params;
                let found = self
                    .with_doc(&position.text_document.uri, |doc| {
                        features::definition(doc, position.position)
                    })
                    .unwrap_or_default();
                to_json(serde_json::to_value(
                    (!found.is_empty()).then_some(lsp_types::GotoDefinitionResponse::Array(found)),
                ))
            }
            References::METHOD => {
                let p: lsp_types::ReferenceParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let position = p.text_document_position;
                let found = self
                    .with_doc(&position.text_document.uri, |doc| {
                        features::references(doc, position.position, p.context.include_declaration)
                    })
                    .unwrap_or_default();
                to_json(serde_json::to_value(found))
            }
            PrepareRenameRequest::METHOD => {
                let p: lsp_types::TextDocumentPositionParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let range = self
                    .with_doc(&p.text_document.uri, |doc| {
                        features::prepare_rename(doc, p.position)
                    })
                    .flatten();
                to_json(serde_json::to_value(range))
            }
            Rename::METHOD => {
                let p: lsp_types::RenameParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let position = p.text_document_position;
                let edit = self
                    .with_doc(&position.text_document.uri, |doc| {
                        features::rename(doc, position.position, &p.new_name)
                    })
                    .transpose()
                    .map_err(|e| (ErrorCode::InvalidParams as i32, e))?
                    .flatten();
                to_json(serde_json::to_value(edit))
            }
            CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let actions = features::code_actions(&p.text_document.uri, &p.context.diagnostics);
                to_json(serde_json::to_value(actions))
            }
            Formatting::METHOD => {
                let p: lsp_types::DocumentFormattingParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let edits = self
                    .with_doc(&p.text_document.uri, features::formatting)
                    .flatten();
                to_json(serde_json::to_value(edits))
            }
            DocumentSymbolRequest::METHOD => {
                let p: lsp_types::DocumentSymbolParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let symbols = self
                    .with_doc(&p.text_document.uri, features::symbols)
                    .unwrap_or_default();
                to_json(serde_json::to_value(
                    lsp_types::DocumentSymbolResponse::Nested(symbols),
                ))
            }
            _ => Err((
                ErrorCode::MethodNotFound as i32,
                format!("redline does not answer {}", request.method),
            )),
        }
    }

    /// Runs `f` on the document of `uri`; `None` when it belongs to no project.
    fn with_doc<T>(&mut self, uri: &Uri, f: impl FnOnce(&features::Doc<'_>) -> T) -> Option<T> {
        let path = document_path(uri);
        let (p, index) = self.workspace.locate(&path, self.knowledge)?;
        let project = self.workspace.projects.get(p)?;
        let entry = project.entries.get(index)?;
        let text = project.sources.text(entry.id);
        let doc = features::Doc {
            project,
            index,
            text,
            lines: LineIndex::new(text),
            encoding: self.encoding,
            knowledge: self.knowledge,
            today: self.today,
        };
        Some(f(&doc))
    }

    // -----------------------------------------------------------------------------------
    // Diagnostics

    /// Analyses the projects edits touched and publishes what changed.
    fn publish(&mut self) {
        let mut now: BTreeMap<String, (Uri, Vec<lsp_types::Diagnostic>)> = BTreeMap::new();
        let forgotten = std::mem::take(&mut self.workspace.forgotten);
        for project in &forgotten {
            for entry in &project.entries {
                now.insert(
                    entry.uri.as_str().to_owned(),
                    (entry.uri.clone(), Vec::new()),
                );
            }
            if let Some(uri) = project
                .config
                .as_ref()
                .and_then(|(p, _)| text::path_to_uri(p))
            {
                now.insert(uri.as_str().to_owned(), (uri, Vec::new()));
            }
        }
        for project in &mut self.workspace.projects {
            if !project.dirty {
                continue;
            }
            project.analyse(self.knowledge);
            for (uri, diagnostics) in convert(project, self.encoding) {
                now.insert(uri.as_str().to_owned(), (uri, diagnostics));
            }
        }
        for (key, (uri, diagnostics)) in now {
            let before = self.published.get(&key);
            if before.is_none_or(|b| *b != diagnostics)
                && !(before.is_none() && diagnostics.is_empty())
            {
                let params = PublishDiagnosticsParams::new(uri, diagnostics.clone(), None);
                self.send(Message::Notification(Notification::new(
                    PublishDiagnostics::METHOD.to_owned(),
                    params,
                )));
            }
            if diagnostics.is_empty() {
                self.published.remove(&key);
            } else {
                self.published.insert(key, diagnostics);
            }
        }
    }
}

/// A project's diagnostics as the protocol's, by document: every file whose diagnostics
/// differ from the last conversion (those now without any included, so that fixed files
/// are cleared). An edit usually changes one file's: the others are not converted again.
fn convert(project: &mut Project, encoding: Encoding) -> Vec<(Uri, Vec<lsp_types::Diagnostic>)> {
    let mut current: BTreeMap<FileId, Vec<Diagnostic>> = BTreeMap::new();
    for d in &project.diagnostics {
        if let Some(file) = d.location.file() {
            current.entry(file).or_default().push(d.clone());
        }
    }
    let ids: Vec<FileId> = project
        .entries
        .iter()
        .map(|e| e.id)
        .chain(project.config.as_ref().map(|(_, id)| *id))
        .collect();
    let changed: std::collections::BTreeSet<FileId> = ids
        .into_iter()
        .filter(|id| current.get(id) != project.converted.get(id) || !project.converted_once)
        .collect();
    project.converted = current;
    project.converted_once = true;
    convert_files(project, encoding, &changed)
}

fn convert_files(
    project: &Project,
    encoding: Encoding,
    changed: &std::collections::BTreeSet<FileId>,
) -> Vec<(Uri, Vec<lsp_types::Diagnostic>)> {
    let mut uris: BTreeMap<FileId, Uri> = project
        .entries
        .iter()
        .map(|e| (e.id, e.uri.clone()))
        .collect();
    if let Some((path, id)) = &project.config
        && let Some(uri) = text::path_to_uri(path)
    {
        uris.insert(*id, uri);
    }
    let mut lines: BTreeMap<FileId, LineIndex> = BTreeMap::new();
    let mut range_of = |file: FileId, start: u32, end: u32| {
        let text = project.sources.text(file);
        let index = lines.entry(file).or_insert_with(|| LineIndex::new(text));
        index.range(text, start as usize, end as usize, encoding)
    };
    let mut by_file: BTreeMap<FileId, Vec<lsp_types::Diagnostic>> = uris
        .keys()
        .filter(|id| changed.contains(id))
        .map(|id| (*id, Vec::new()))
        .collect();
    for d in &project.diagnostics {
        let Some(file) = d.location.file() else {
            continue;
        };
        if !uris.contains_key(&file) || !changed.contains(&file) {
            continue;
        }
        let range = match d.span() {
            Some(span) => range_of(file, span.start, span.end),
            None => range_of(file, 0, 0),
        };
        let related: Vec<DiagnosticRelatedInformation> = d
            .labels
            .iter()
            .chain(&d.path)
            .filter_map(|l| {
                let uri = uris.get(&l.span.file)?.clone();
                Some(DiagnosticRelatedInformation {
                    location: lsp_types::Location::new(
                        uri,
                        range_of(l.span.file, l.span.start, l.span.end),
                    ),
                    message: l.message.clone(),
                })
            })
            .collect();
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        for note in &d.notes {
            message.push_str(&format!("\nnote: {note}"));
        }
        let mut data = serde_json::Map::new();
        if let (Some(help), Some(span)) = (&d.help, d.span())
            && let Some(suggestion) = crate::suggest::suggestion_in(help)
        {
            let written = project.sources.snippet(span);
            if !written.is_empty() && !written.contains(char::is_whitespace) {
                let edit = TextEdit::new(range, suggestion.to_owned());
                data.insert(
                    "fix".into(),
                    json!({ "title": format!("Replace `{written}` with `{suggestion}`"), "edit": edit }),
                );
            }
        }
        if !d.rule.is_input()
            && d.rule.code != "S001"
            && let Some(edit) = suppression_edit(project, d, encoding)
        {
            data.insert(
                "suppress".into(),
                json!({ "title": format!("Accept the risk: add `# redline: allow {}` with a reason", d.rule.name), "edit": edit }),
            );
        }
        by_file
            .entry(file)
            .or_default()
            .push(lsp_types::Diagnostic {
                range,
                severity: Some(match d.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                    Severity::Info => DiagnosticSeverity::INFORMATION,
                }),
                code: Some(NumberOrString::String(d.rule.code.to_string())),
                code_description: None,
                source: Some("redline".to_owned()),
                message,
                related_information: (!related.is_empty()).then_some(related),
                tags: (d.rule.code == "S001").then(|| vec![DiagnosticTag::UNNECESSARY]),
                data: (!data.is_empty()).then_some(Value::Object(data)),
            });
    }
    by_file
        .into_iter()
        .filter_map(|(id, list)| Some((uris.get(&id)?.clone(), list)))
        .collect()
}

/// The edit that silences a finding: its rule added to the suppression comment on the
/// line above its declaration, or such a comment written there, with a reason to fill in.
fn suppression_edit(project: &Project, d: &Diagnostic, encoding: Encoding) -> Option<TextEdit> {
    let span = d.span()?;
    let index = project.entries.iter().position(|e| e.id == span.file)?;
    let tree = project.files.get(index)?;
    let declaration = tree
        .declarations
        .iter()
        .map(Declaration::span)
        .find(|s| s.start <= span.start && span.start < s.end.max(s.start + 1))?;
    let text = project.sources.text(span.file);
    let lines = LineIndex::new(text);
    let start = declaration.start as usize;
    let line_start = text
        .get(..start)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |i| i + 1);
    let indent: String = text
        .get(line_start..start)
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    // An existing suppression on the line above: the rule joins it.
    if line_start > 0 {
        let above_start = text
            .get(..line_start - 1)
            .and_then(|b| b.rfind('\n'))
            .map_or(0, |i| i + 1);
        let above = text.get(above_start..line_start - 1).unwrap_or("");
        if let Some(at) = above.find("redline: allow ")
            && above.trim_start().starts_with('#')
        {
            let insert = above_start + at + "redline: allow ".len();
            let position = lines.position(text, insert, encoding);
            return Some(TextEdit::new(
                lsp_types::Range::new(position, position),
                format!("{}, ", d.rule.name),
            ));
        }
    }
    let position = lines.position(text, line_start, encoding);
    Some(TextEdit::new(
        lsp_types::Range::new(position, position),
        format!(
            "{indent}# redline: allow {} -- TODO: why this risk is accepted, and who accepted it\n",
            d.rule.name
        ),
    ))
}
