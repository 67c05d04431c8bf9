//! The projects the editor's documents belong to, kept between edits: each file's text
//! and syntax tree, so that an edit re-parses one file and re-runs the analysis over
//! trees already built. A project is found the way `redline check FILE` finds it
//! (`config::discover::plan`): the nearest `redline.yaml`, else the repository, else the
//! file alone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::Uri;
use rayon::prelude::*;

use crate::check;
use crate::config::{self, Settings, discover};
use crate::diagnostic::{Diagnostic, InputError, Location};
use crate::knowledge::Knowledge;
use crate::source::{FileId, SourceKind, Sources};
use crate::syntax::{self, ast::PolicyFile};

use super::text::{path_to_uri, uri_to_path};

/// A file as read and parsed: its path, its text or why it cannot be read, its tree.
type ReadFile = (
    PathBuf,
    Result<Arc<str>, String>,
    Option<(PolicyFile, Vec<Diagnostic>)>,
);

/// One policy or test file of a project.
#[derive(Debug)]
pub struct Entry {
    pub uri: Uri,
    /// The file's path; for a document with no path (`untitled:`), its URI as a path.
    pub path: PathBuf,
    pub id: FileId,
    /// Syntax diagnostics, or why the file cannot be read.
    pub syntax: Vec<Diagnostic>,
}

#[derive(Debug)]
pub struct Project {
    pub root: PathBuf,
    pub config: Option<(PathBuf, FileId)>,
    /// A file in no project: this file only, with the default settings.
    pub alone: bool,
    pub settings: Settings,
    pub sources: Sources,
    /// The trees of `entries` in the same order, then those of the enabled packs.
    pub files: Vec<PolicyFile>,
    pub entries: Vec<Entry>,
    /// Problems with the configuration: the project is not analysed while there are any.
    pub setup: Vec<Diagnostic>,
    /// The last analysis: every diagnostic, sorted.
    pub diagnostics: Vec<Diagnostic>,
    pub dirty: bool,
    /// Each file's diagnostics when they were last published.
    pub converted: BTreeMap<FileId, Vec<Diagnostic>>,
    pub converted_once: bool,
}

impl Project {
    pub fn entry(&self, path: &Path) -> Option<(usize, &Entry)> {
        self.entries
            .iter()
            .enumerate()
            .find(|(_, e)| e.path == path)
    }

    /// Whether `path` would be one of this project's files.
    fn covers(&self, path: &Path) -> bool {
        if self.entry(path).is_some() {
            return true;
        }
        if self.alone {
            return false;
        }
        let Ok(relative) = path.strip_prefix(&self.root) else {
            return false;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        // A directory below with a configuration of its own is another project.
        let nested = path
            .parent()
            .into_iter()
            .flat_map(Path::ancestors)
            .take_while(|d| d.starts_with(&self.root) && *d != self.root)
            .any(|d| d.join(config::FILE_NAME).exists());
        !nested && !self.settings.exclude.is_match(&relative) && discover::is_policy_file(path)
    }

    /// Re-parses one file after its text changed.
    pub fn set_text(&mut self, index: usize, text: Arc<str>) {
        let Some(entry) = self.entries.get_mut(index) else {
            return;
        };
        let (tree, syntax) = syntax::parse(entry.id, &text);
        entry.syntax = syntax;
        self.sources.set_text(entry.id, Some(text));
        if let Some(slot) = self.files.get_mut(index) {
            *slot = tree;
        }
        self.dirty = true;
    }

    /// Resolves the project and runs the rules, as `redline check` does.
    pub fn analyse(&mut self, knowledge: &Knowledge) {
        self.dirty = false;
        let mut diagnostics = self.setup.clone();
        if self.setup.is_empty() {
            let (_, found) = check::analyse(
                &self.files,
                &self.settings,
                knowledge,
                knowledge.as_of(),
                &self.sources,
            );
            diagnostics.extend(found);
        }
        diagnostics.extend(self.entries.iter().flat_map(|e| e.syntax.iter().cloned()));
        diagnostics.sort_by_cached_key(|d| {
            (
                d.location.file(),
                d.span().map_or(0, |s| s.start),
                d.rule.code.clone(),
                d.message.clone(),
            )
        });
        self.diagnostics = diagnostics;
    }
}

/// Every project loaded, and the text of every open document.
#[derive(Debug, Default)]
pub struct Workspace {
    pub projects: Vec<Project>,
    /// Open documents by path: the editor's text wins over the disk's.
    pub open: BTreeMap<PathBuf, (Uri, Arc<str>)>,
    /// Projects dropped since the last publication: their diagnostics are cleared.
    pub forgotten: Vec<Project>,
}

impl Workspace {
    /// The project holding `path` and the file's index in it, loading the project if
    /// need be (and adding the file to it if the project's globs miss it, as `check` does
    /// for a file named on its command line).
    pub fn locate(&mut self, path: &Path, knowledge: &Knowledge) -> Option<(usize, usize)> {
        if let Some(found) = self.find(path) {
            return Some(found);
        }
        let project = match self.projects.iter().position(|p| p.covers(path)) {
            Some(p) => p,
            None => {
                let project = self.load(path, knowledge);
                self.projects.push(project);
                self.projects.len() - 1
            }
        };
        if self.find(path).is_none() {
            self.add_file(project, path);
        }
        self.find(path)
    }

    pub fn find(&self, path: &Path) -> Option<(usize, usize)> {
        self.projects
            .iter()
            .enumerate()
            .find_map(|(p, project)| project.entry(path).map(|(i, _)| (p, i)))
    }

    /// The document's text: the editor's if open, else the disk's.
    fn text_of(&self, path: &Path) -> Result<Arc<str>, String> {
        match self.open.get(path) {
            Some((_, text)) => Ok(text.clone()),
            None => crate::files::read_policy(path).map(Arc::from),
        }
    }

    fn uri_of(&self, path: &Path) -> Option<Uri> {
        match self.open.get(path) {
            Some((uri, _)) => Some(uri.clone()),
            None => path_to_uri(path),
        }
    }

    /// Loads the project `path` belongs to: its configuration, then every policy and
    /// test file, read and parsed on every core.
    fn load(&self, path: &Path, knowledge: &Knowledge) -> Project {
        let on_disk = uri_to_path_like(path);
        let plan = on_disk
            .then(|| path.parent())
            .flatten()
            .and_then(|dir| discover::plan(dir, &[path.to_path_buf()], None, Some(path)).ok())
            .and_then(|plans| plans.into_iter().next());
        let mut project = Project {
            root: plan
                .as_ref()
                .map_or_else(|| path.to_path_buf(), |p| p.root.clone()),
            config: None,
            alone: plan.as_ref().is_none_or(|p| p.alone),
            settings: Settings::default(),
            sources: Sources::default(),
            files: Vec::new(),
            entries: Vec::new(),
            setup: Vec::new(),
            diagnostics: Vec::new(),
            dirty: true,
            converted: BTreeMap::new(),
            converted_once: false,
        };
        let Some(plan) = plan else {
            return project;
        };
        if let Some(config_path) = &plan.config {
            let display = config_path.to_string_lossy().into_owned();
            let text = self
                .open
                .get(config_path)
                .map(|(_, t)| Ok(t.to_string()))
                .unwrap_or_else(|| crate::files::read_config(config_path));
            match text {
                Ok(text) => {
                    let text: Arc<str> = Arc::from(text);
                    let id = project.sources.add(
                        config_path.clone(),
                        display,
                        SourceKind::Config,
                        Some(text.clone()),
                    );
                    let (settings, problems) = config::read(id, &text, knowledge);
                    project.settings = settings;
                    project.setup = problems;
                    project.config = Some((config_path.clone(), id));
                }
                Err(reason) => {
                    let id =
                        project
                            .sources
                            .add(config_path.clone(), display, SourceKind::Config, None);
                    project.setup.push(Diagnostic::input_at(
                        InputError::InvalidConfig,
                        Location::File(id),
                        format!("the configuration cannot be read: {reason}"),
                    ));
                    project.config = Some((config_path.clone(), id));
                }
            }
        }
        if !plan.alone && project.setup.is_empty() {
            let mut found = discover::walk(&plan.root, "", &project.settings, false);
            found.extend(discover::walk(&plan.root, "", &project.settings, true));
            let mut paths: Vec<PathBuf> = found
                .into_iter()
                .map(|f| match f {
                    discover::Found::File { path, .. } | discover::Found::Problem { path, .. } => {
                        path
                    }
                })
                .collect();
            paths.sort();
            paths.dedup();
            let base = project.sources.len();
            let read: Vec<ReadFile> = paths
                .into_par_iter()
                .enumerate()
                .map(|(i, path)| {
                    let id = FileId(u32::try_from(base + i).unwrap_or(u32::MAX));
                    let text = self.text_of(&path);
                    let parsed = text.as_ref().ok().map(|t| syntax::parse(id, t));
                    (path, text, parsed)
                })
                .collect();
            for (path, text, parsed) in read {
                self.push_entry(&mut project, path, text, parsed);
            }
        }
        self.add_packs(&mut project);
        project
    }

    fn push_entry(
        &self,
        project: &mut Project,
        path: PathBuf,
        text: Result<Arc<str>, String>,
        parsed: Option<(PolicyFile, Vec<Diagnostic>)>,
    ) {
        let Some(uri) = self.uri_of(&path) else {
            return;
        };
        let display = path.to_string_lossy().into_owned();
        // Packs stay last: a file added later goes before them.
        let pack_trees: Vec<PolicyFile> = project.files.drain(project.entries.len()..).collect();
        match text {
            Ok(text) => {
                let id = project.sources.add(
                    path.clone(),
                    display,
                    SourceKind::Policy,
                    Some(text.clone()),
                );
                let (tree, syntax) = match parsed {
                    Some(parsed) if parsed.0.file == Some(id) => parsed,
                    _ => syntax::parse(id, &text),
                };
                project.files.push(tree);
                project.entries.push(Entry {
                    uri,
                    path,
                    id,
                    syntax,
                });
            }
            Err(reason) => {
                let id = project
                    .sources
                    .add(path.clone(), display, SourceKind::Policy, None);
                project.files.push(PolicyFile {
                    file: Some(id),
                    ..PolicyFile::default()
                });
                project.entries.push(Entry {
                    uri,
                    path,
                    id,
                    syntax: vec![Diagnostic::input_at(
                        InputError::UnreadableFile,
                        Location::File(id),
                        format!("cannot check this file: {reason}"),
                    )],
                });
            }
        }
        project.files.extend(pack_trees);
        project.dirty = true;
    }

    fn add_packs(&self, project: &mut Project) {
        for pack in &project.settings.packs {
            let text: Arc<str> = Arc::from(pack.text);
            let id = project.sources.add(
                PathBuf::from(pack.display()),
                pack.display(),
                SourceKind::Policy,
                Some(text.clone()),
            );
            let (mut tree, _) = syntax::parse(id, &text);
            tree.declarations
                .retain(|d| !matches!(d, syntax::ast::Declaration::Test(_)));
            project.files.push(tree);
        }
    }

    /// Adds a file the project's walk did not find (an open document its globs miss, or
    /// a file created since).
    fn add_file(&mut self, project: usize, path: &Path) {
        let text = self.text_of(path);
        let Some(mut taken) =
            (project < self.projects.len()).then(|| self.projects.swap_remove(project))
        else {
            return;
        };
        self.push_entry(&mut taken, path.to_path_buf(), text, None);
        self.projects.push(taken);
        let last = self.projects.len() - 1;
        self.projects.swap(project, last);
    }

    /// The document's text changed (opened, edited, or reverted to the disk's on close).
    pub fn changed(&mut self, path: &Path, knowledge: &Knowledge) {
        let Some((p, i)) = self.locate(path, knowledge) else {
            return;
        };
        let text = self.text_of(path);
        let Some(project) = self.projects.get_mut(p) else {
            return;
        };
        match text {
            Ok(text) => project.set_text(i, text),
            // Gone from the disk (deleted, or renamed while open) once closed: the
            // project is read again without it.
            Err(_) => {
                let gone = self.reload_containing(path, knowledge);
                self.forgotten.extend(gone);
            }
        }
    }

    /// Forgets the projects `path` belongs to (after their configuration changed, or a
    /// file was created or deleted) and loads them again for their open documents.
    /// Returns the forgotten projects, whose diagnostics are to be cleared.
    pub fn reload_containing(&mut self, path: &Path, knowledge: &Knowledge) -> Vec<Project> {
        let (gone, kept): (Vec<Project>, Vec<Project>) = std::mem::take(&mut self.projects)
            .into_iter()
            .partition(|p| {
                p.entry(path).is_some()
                    || p.covers(path)
                    || p.config.as_ref().is_some_and(|(c, _)| c == path)
            });
        self.projects = kept;
        let open: Vec<PathBuf> = self
            .open
            .keys()
            .filter(|o| gone.iter().any(|p| p.entry(o).is_some()))
            .cloned()
            .collect();
        for path in open {
            self.locate(&path, knowledge);
        }
        gone
    }
}

/// Whether a path stands for a file on disk (a document with a `file://` URI).
fn uri_to_path_like(path: &Path) -> bool {
    path.is_absolute()
}

/// The path a document's URI stands for: its file, or the URI itself as a path.
pub fn document_path(uri: &Uri) -> PathBuf {
    uri_to_path(uri).unwrap_or_else(|| PathBuf::from(uri.as_str()))
}
