//! The command line: parse arguments, run, print, return the exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::check::{CheckOptions, check};
use crate::diagnostic::Severity;
use crate::report;
use crate::rules::{self, Selector};
use crate::syntax::ast::Keyword;

#[derive(Parser, Debug)]
#[command(name = "redline", version, about = "A privacy policy-as-code linter", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to colour the human reports: on a terminal without NO_COLOR set (auto), or
    /// always, or never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour text bound for standard output (`output` is `None`), standard
    /// error, or a file. `auto` colours only a terminal, and never with `NO_COLOR` set
    /// (no-color.org); an explicit choice wins over both.
    fn colors(self, output: Option<&std::path::Path>, stream: Stream) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                output.is_none()
                    && match stream {
                        Stream::Stdout => std::io::stdout().is_terminal(),
                        Stream::Stderr => std::io::stderr().is_terminal(),
                    }
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Stream {
    Stdout,
    Stderr,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check policy files and report findings
    Check(CheckArgs),
    /// Run the `test` blocks of the project's test files
    Test(TestArgs),
    /// Print the data-flow graph: DOT, Mermaid or JSON
    Graph(GraphArgs),
    /// Print the record of processing activities (GDPR Art. 30(1))
    Ropa(RopaArgs),
    /// Print the notice at collection a US state law asks for (`--law ccpa`)
    Notice(NoticeArgs),
    /// What a change does to personal data: the semantic changes between a git revision
    /// and the work tree (or another revision), ranked by risk
    Diff(DiffArgs),
    /// Rewrite policy files in the canonical layout (whitespace only); files that do not
    /// parse are left alone
    Fmt(FmtArgs),
    /// Run the language server over standard input and output (for editors)
    Lsp,
    /// List the rules, or print one rule's documentation
    Rule {
        /// A rule name or code
        name: Option<String>,
    },
    /// Print the built-in knowledge tables with their sources
    Knowledge {
        /// One of: categories, subjects, purposes, kinds, countries, eea, adequacy,
        /// safeguards, safeguard-limits, retention, law
        table: Option<String>,
        /// Output format
        #[arg(long, value_enum, default_value_t = KnowledgeFormat::Human)]
        format: KnowledgeFormat,
    },
    /// Write a starter policy, tests, redline.yaml and a pre-commit configuration: the
    /// files that do not exist (none is overwritten; for an existing
    /// .pre-commit-config.yaml it prints the hooks to add)
    Init {
        /// The directory to write into (default: the current directory)
        dir: Option<PathBuf>,
    },
    /// Print the completion script of a shell: `redline completions bash >
    /// ~/.local/share/bash-completion/completions/redline`
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) of redline, or of one command: `redline man >
    /// ~/.local/share/man/man1/redline.1`
    Man {
        /// A command (`check`, `test`…): its page, `redline-COMMAND(1)`
        command: Option<String>,
    },
}

/// How `redline knowledge` prints a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KnowledgeFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Junit,
    Github,
    Gitlab,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Policy files or project directories (default: the project of the current directory)
    pub paths: Vec<PathBuf>,
    /// The configuration file (default: redline.yaml, looked up from the current directory)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The lowest severity that makes the exit code 1
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Rules to run: names, codes or code prefixes, comma-separated (replaces the configuration's)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Rules not to run (added to the configuration's)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Print only the findings
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the number of findings per rule
    #[arg(long)]
    pub statistics: bool,
    /// Write the report to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Apply the law of this day (YYYY-MM-DD): adequacy decisions, EEA membership,
    /// safeguards (default: the date of the built-in knowledge)
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<crate::values::Date>,
    /// Record today's findings in this baseline file (replacing it) and exit 0
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Report only the findings this baseline file does not hold
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Check the policy piped on standard input as if it were this file (for editors);
    /// `-` as the path means the same
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Also list the findings suppression comments silenced, with their reasons (the
    /// risks the team accepted); JSON and SARIF always carry them
    #[arg(long)]
    pub show_suppressed: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    Human,
    Json,
    Junit,
}

#[derive(Args, Debug)]
pub struct TestArgs {
    /// Test files or project directories (default: the project of the current directory)
    pub paths: Vec<PathBuf>,
    /// The configuration file (default: redline.yaml, looked up from the current directory)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    pub format: TestFormat,
    /// Apply the law of this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<crate::values::Date>,
    /// Write the report to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn run_tests(args: TestArgs, color: ColorChoice) -> ExitCode {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => return usage_error(&format!("the current directory cannot be read: {e}")),
    };
    let options = crate::harness::TestOptions {
        paths: args.paths,
        config: args.config,
        as_of: args.as_of,
    };
    let run = match crate::harness::run(&cwd, &options) {
        Ok(run) => run,
        Err(e) => return usage_error(&e.0),
    };
    let style = report::human::Style {
        color: color.colors(args.output.as_deref(), Stream::Stdout),
        width: 100,
    };
    let text = match args.format {
        TestFormat::Human => crate::harness::report::human(&run, style),
        TestFormat::Json => crate::harness::report::json(&run),
        TestFormat::Junit => crate::harness::report::junit(&run),
    };
    if let Err(e) = emit(args.output.as_deref(), &text) {
        return usage_error(&e);
    }
    if run.run_failed {
        ExitCode::from(2)
    } else if run.is_failure() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
    Json,
}

/// What `graph` and `ropa` read: one project, under the law of one day.
#[derive(Args, Debug)]
pub struct ProjectArgs {
    /// The project directory (default: the project of the current directory)
    pub path: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Apply the law of this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<crate::values::Date>,
    /// Write to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The first project of `graph` and `ropa` and the built-in knowledge, or the exit code
/// of why they cannot be had.
fn load_project(
    args: &ProjectArgs,
    color: ColorChoice,
) -> Result<(crate::check::Outcome, &'static crate::knowledge::Knowledge), ExitCode> {
    let knowledge = crate::knowledge::Knowledge::builtin().map_err(|e| {
        usage_error(&format!(
            "internal error: the built-in knowledge is invalid: {e}"
        ))
    })?;
    let cwd = std::env::current_dir()
        .map_err(|e| usage_error(&format!("the current directory cannot be read: {e}")))?;
    let outcome = crate::export::load(&cwd, args.path.clone(), args.config.clone(), args.as_of)
        .map_err(|e| usage_error(&e.0))?;
    // A document derived from input that did not all resolve would look complete and not
    // be: the input errors instead, and exit code 2 (CLI.md, "Projects").
    let errors: Vec<crate::diagnostic::Diagnostic> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.rule.is_input())
        .cloned()
        .collect();
    if !errors.is_empty() {
        let style = report::human::Style {
            color: color.colors(None, Stream::Stderr),
            width: 100,
        };
        let report = report::human::render(&outcome.sources, &errors, outcome.files, style, true);
        eprint!("{report}");
        return Err(usage_error(&format!(
            "the project has {} input error{}: no document is derived from it until they are fixed",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        )));
    }
    match outcome.projects.len() {
        0 => return Err(usage_error("no project found")),
        1 => {}
        n => {
            let roots: Vec<&str> = outcome
                .projects
                .iter()
                .map(|p| {
                    if p.display_root.is_empty() {
                        "."
                    } else {
                        p.display_root.as_str()
                    }
                })
                .collect();
            return Err(usage_error(&format!(
                "{n} projects are here ({}): name the one to derive the document from",
                roots.join(", ")
            )));
        }
    }
    Ok((outcome, knowledge))
}

#[derive(Args, Debug)]
pub struct GraphArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
    /// Show only the flows that carry this category (a declared name)
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
    /// Show only the flows for this purpose (a declared name)
    #[arg(long, value_name = "PURPOSE")]
    pub purpose: Option<String>,
}

fn run_graph(args: GraphArgs, color: ColorChoice) -> ExitCode {
    use crate::export::map;
    use crate::model::Declared;
    let (outcome, knowledge) = match load_project(&args.project, color) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let Some(project) = outcome.projects.first() else {
        return usage_error("no project found");
    };
    let model = &project.model;
    let name_of = |wanted: &str, kind: Keyword| -> Result<Declared, String> {
        match model.lookup(wanted) {
            Some(d) if d.keyword() == kind => Ok(d),
            _ => {
                let names = model
                    .names
                    .iter()
                    .filter(|(_, d)| d.keyword() == kind)
                    .map(|(n, _)| n.as_str());
                let help = crate::suggest::did_you_mean(wanted, names)
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default();
                Err(format!("no {} is named `{wanted}`{help}", kind.as_str()))
            }
        }
    };
    let mut slice = map::Slice::default();
    if let Some(c) = &args.category {
        match name_of(c, Keyword::Category) {
            Ok(Declared::Category(id)) => slice.category = Some(id),
            Ok(_) => {}
            Err(e) => return usage_error(&e),
        }
    }
    if let Some(p) = &args.purpose {
        match name_of(p, Keyword::Purpose) {
            Ok(Declared::Purpose(id)) => slice.purpose = Some(id),
            Ok(_) => {}
            Err(e) => return usage_error(&e),
        }
    }
    let on = args.project.as_of.unwrap_or_else(|| knowledge.as_of());
    let data_map = map::build(project, &outcome.diagnostics, knowledge, on, &slice);
    let text = match args.format {
        GraphFormat::Dot => map::dot(&data_map),
        GraphFormat::Mermaid => map::mermaid(&data_map),
        GraphFormat::Json => map::json(&data_map),
    };
    match emit(args.project.output.as_deref(), &text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => usage_error(&e),
    }
}

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Policy files or directories (default: the current directory); `-` reads standard
    /// input and prints the formatted text
    pub paths: Vec<PathBuf>,
    /// Write nothing; exit 1 if a file would be reformatted
    #[arg(long)]
    pub check: bool,
    /// Write nothing; print what would change as a unified diff and exit 1 if anything would
    #[arg(long)]
    pub diff: bool,
    /// The name to show for standard input
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
}

fn run_fmt(args: FmtArgs, color: ColorChoice) -> ExitCode {
    use crate::commands::fmt::{self, Mode};
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => return usage_error(&format!("the current directory cannot be read: {e}")),
    };
    let mode = if args.diff {
        Mode::Diff
    } else if args.check {
        Mode::Check
    } else {
        Mode::Write
    };
    let mut paths = args.paths;
    if paths.is_empty() && args.stdin_filename.is_some() {
        paths.push(PathBuf::from("-"));
    }
    let style = report::human::Style {
        color: color.colors(None, Stream::Stderr),
        width: 100,
    };
    let outcome = fmt::run(&cwd, &paths, mode, args.stdin_filename.as_deref(), style);
    let _ = emit(None, &outcome.stdout);
    eprint!("{}", outcome.stderr);
    let reads_stdin = paths.iter().any(|p| p.as_os_str() == "-");
    if !(reads_stdin && mode == Mode::Write) {
        eprintln!("{}", outcome.summary(mode));
    }
    ExitCode::from(outcome.exit_code(mode))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RopaFormat {
    Markdown,
    Csv,
    Json,
}

#[derive(Args, Debug)]
pub struct RopaArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    #[arg(long, value_enum, default_value_t = RopaFormat::Markdown)]
    pub format: RopaFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
    /// A pull-request comment
    Markdown,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// Policy files or project directories (default: the project of the current directory)
    pub paths: Vec<PathBuf>,
    /// The revision to compare with: a branch, tag, commit or `HEAD~1`
    #[arg(long, value_name = "REF")]
    pub base: String,
    /// The revision whose changes to report (default: the work tree)
    #[arg(long, value_name = "REF")]
    pub head: Option<String>,
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Apply the law of this day (YYYY-MM-DD) to both sides
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<crate::values::Date>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// Write to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when the diff has: findings introduced at or above `error`, `warning` or
    /// `info`; a change at or above `high`, `medium` or `low` risk; or a change of a kind
    /// (`transfer`, `special-data`, `reach`, `basis`, `consent`, `retention`, `party`,
    /// `finding`, `record`). Comma-separated; `never` (the default) never fails
    #[arg(
        long,
        value_name = "WHEN",
        value_delimiter = ',',
        default_value = "never"
    )]
    pub fail_on: Vec<String>,
}

fn run_diff(args: DiffArgs) -> ExitCode {
    use crate::commands::diff::{FailOn, Request, run};
    use crate::diff::render;
    let knowledge = match crate::knowledge::Knowledge::builtin() {
        Ok(k) => k,
        Err(e) => {
            return usage_error(&format!(
                "internal error: the built-in knowledge is invalid: {e}"
            ));
        }
    };
    let mut gates = Vec::new();
    for value in &args.fail_on {
        match FailOn::parse(value.trim()) {
            Ok(Some(gate)) => gates.push(gate),
            Ok(None) => {}
            Err(e) => return usage_error(&e),
        }
    }
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => return usage_error(&format!("the current directory cannot be read: {e}")),
    };
    let request = Request {
        base: args.base,
        head: args.head,
        paths: args.paths,
        config: args.config,
        as_of: args.as_of,
    };
    let mut compared = match run(&cwd, &request, knowledge) {
        Ok(c) => c,
        Err(e) => return usage_error(&e),
    };
    let text = match args.format {
        DiffFormat::Human => render::human(&compared.diff, &compared.revisions),
        DiffFormat::Json => render::json(&compared.diff, &compared.revisions),
        DiffFormat::Markdown => render::markdown(&compared.diff, &compared.revisions),
    };
    if let Err(e) = emit(args.output.as_deref(), &text) {
        return usage_error(&e);
    }
    compared.leftovers.leave_sides();
    if gates.iter().any(|g| g.holds(&compared.diff)) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NoticeFormat {
    Markdown,
    Json,
}

#[derive(Args, Debug)]
pub struct NoticeArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// The law whose notice to write
    #[arg(long, value_name = "LAW", default_value = "ccpa")]
    pub law: String,
    #[arg(long, value_enum, default_value_t = NoticeFormat::Markdown)]
    pub format: NoticeFormat,
}

fn run_notice(args: NoticeArgs, color: ColorChoice) -> ExitCode {
    use crate::export::notice;
    let (outcome, knowledge) = match load_project(&args.project, color) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let Some(project) = outcome.projects.first() else {
        return usage_error("no project found");
    };
    let on = args.project.as_of.unwrap_or_else(|| knowledge.as_of());
    let built = match notice::build(project, knowledge, on, &args.law) {
        Ok(n) => n,
        Err(e) => return usage_error(&e),
    };
    let text = match args.format {
        NoticeFormat::Markdown => notice::markdown(&built),
        NoticeFormat::Json => notice::json(&built),
    };
    match emit(args.project.output.as_deref(), &text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => usage_error(&e),
    }
}

fn run_ropa(args: RopaArgs, color: ColorChoice) -> ExitCode {
    use crate::export::ropa;
    let (outcome, knowledge) = match load_project(&args.project, color) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let Some(project) = outcome.projects.first() else {
        return usage_error("no project found");
    };
    let record = ropa::build(
        project,
        knowledge,
        args.project.as_of.unwrap_or_else(|| knowledge.as_of()),
    );
    let text = match args.format {
        RopaFormat::Markdown => ropa::markdown(&record),
        RopaFormat::Csv => ropa::csv(&record),
        RopaFormat::Json => ropa::json(&record),
    };
    match emit(args.project.output.as_deref(), &text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => usage_error(&e),
    }
}

fn parse_as_of(text: &str) -> Result<crate::values::Date, String> {
    crate::values::parse_date(text).ok_or_else(|| format!("`{text}` is not a date like 2019-06-30"))
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Check(args) => run_check(args, cli.color),
        Command::Test(args) => run_tests(args, cli.color),
        Command::Graph(args) => run_graph(args, cli.color),
        Command::Ropa(args) => run_ropa(args, cli.color),
        Command::Notice(args) => run_notice(args, cli.color),
        Command::Diff(args) => run_diff(args),
        Command::Fmt(args) => run_fmt(args, cli.color),
        Command::Lsp => match crate::server::run_stdio() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => usage_error(&format!("the language server stopped: {e}")),
        },
        Command::Init { dir } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("."));
            match crate::commands::init::run(&dir) {
                Ok(done) => {
                    for path in &done.written {
                        println!("wrote {}", path.display());
                    }
                    for path in &done.kept {
                        println!(
                            "kept {} (it exists; redline init never overwrites)",
                            path.display()
                        );
                    }
                    if let Some(hooks) = &done.hooks_to_add {
                        println!(
                            "\nAdd redline's hooks to the `repos:` list of {}:\n\n{hooks}",
                            dir.join(".pre-commit-config.yaml").display()
                        );
                    }
                    if done.written.is_empty() {
                        println!("Nothing to write: every starter file exists.");
                    } else {
                        println!(
                            "Next: `redline check {}`, and `pre-commit install` to check every commit.",
                            dir.display()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => usage_error(&e),
            }
        }
        Command::Rule { name } => print(crate::commands::rule::render(name.as_deref())),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "redline", &mut script);
            print(Ok(String::from_utf8_lossy(&script).into_owned()))
        }
        Command::Man { command } => print(man_page(command.as_deref())),
        Command::Knowledge { table, format } => match crate::knowledge::Knowledge::builtin() {
            Ok(k) => {
                use crate::commands::knowledge as tables;
                print(match table.as_deref() {
                    None => Ok(tables::index()),
                    Some(name) => tables::table(k, name).map(|t| match format {
                        KnowledgeFormat::Human => tables::human(&t),
                        KnowledgeFormat::Json => tables::json(&t),
                        KnowledgeFormat::Markdown => tables::markdown(&t),
                    }),
                })
            }
            Err(e) => usage_error(&format!(
                "internal error: the built-in knowledge is invalid: {e}"
            )),
        },
    }
}

/// The roff man page of redline, or of one of its commands.
fn man_page(command: Option<&str>) -> Result<String, String> {
    let redline = Cli::command();
    let page = match command {
        None => redline,
        Some(name) => {
            let names: Vec<String> = redline
                .get_subcommands()
                .map(|c| c.get_name().to_owned())
                .collect();
            let Some(sub) = redline.find_subcommand(name).cloned() else {
                let hint = crate::suggest::did_you_mean(name, names.iter().map(String::as_str))
                    .unwrap_or_else(|| format!("the commands are {}", names.join(", ")));
                return Err(format!("no command `{name}`: {hint}"));
            };
            // A command's page is named as man expects it: redline-check(1).
            let full = format!("redline-{name}");
            sub.name(full.clone())
                .bin_name(full)
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut roff)
        .map_err(|e| format!("cannot render the man page: {e}"))?;
    Ok(String::from_utf8_lossy(&roff).into_owned())
}

/// Prints a reference page, or its error with exit code 2.
fn print(page: Result<String, String>) -> ExitCode {
    match page {
        Ok(text) => {
            let _ = emit(None, &text);
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(&e),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

fn selectors(values: &[String]) -> Result<Vec<Selector>, String> {
    values
        .iter()
        .map(|v| rules::parse_selector(v.trim()))
        .collect()
}

fn run_check(args: CheckArgs, color: ColorChoice) -> ExitCode {
    let select = match args.select.as_deref().map(selectors).transpose() {
        Ok(s) => s,
        Err(e) => return usage_error(&e),
    };
    let ignore = match selectors(&args.ignore) {
        Ok(s) => s,
        Err(e) => return usage_error(&e),
    };
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => return usage_error(&format!("the current directory cannot be read: {e}")),
    };
    let stdin_name = match (
        args.paths.iter().any(|p| p.as_os_str() == "-"),
        &args.stdin_filename,
    ) {
        (true, _) if args.paths.len() > 1 => {
            return usage_error("`-` (standard input) cannot be checked together with other paths");
        }
        (true, name) => Some(
            name.clone()
                .unwrap_or_else(|| PathBuf::from("stdin.redline")),
        ),
        (false, Some(name)) if args.paths.is_empty() => Some(name.clone()),
        (false, Some(_)) => {
            return usage_error("--stdin-filename checks standard input; it takes no other paths");
        }
        (false, None) => None,
    };
    let stdin = stdin_name.map(|name| {
        let text = crate::files::read_text(std::io::stdin().lock(), 0)
            .map_err(|reason| reason.replace("the file", "standard input"));
        (name, text)
    });
    let options = CheckOptions {
        paths: args.paths,
        config: args.config,
        select,
        ignore,
        as_of: args.as_of,
        stdin,
        keep_syntax_trees: false,
        memo: None,
        keep_analysis: false,
    };
    let baseline = match args
        .baseline
        .as_deref()
        .map(crate::baseline::read)
        .transpose()
    {
        Ok(b) => b,
        Err(e) => return usage_error(&e),
    };
    let mut outcome = match check(&cwd, &options) {
        Ok(outcome) => outcome,
        Err(e) => return usage_error(&e.0),
    };
    let mut fingerprints =
        report::fingerprint::fingerprints(&outcome.sources, &outcome.diagnostics);
    let suppressed_fingerprints = report::fingerprint::fingerprints(
        &outcome.sources,
        outcome.suppressed.iter().map(|s| &s.finding),
    );
    if let Some(path) = &args.write_baseline {
        if outcome.run_failed {
            // A baseline of a run that could not be done would accept nothing useful.
            let text = report::human::render(
                &outcome.sources,
                &outcome.diagnostics,
                outcome.files,
                human_style(color, None),
                true,
            );
            let _ = emit(None, &text);
            return usage_error("the baseline was not written: the run could not be done");
        }
        return match crate::baseline::write(
            path,
            &outcome.sources,
            &outcome.diagnostics,
            &fingerprints,
        ) {
            Ok(n) => {
                eprintln!(
                    "Wrote {} to the baseline `{}`.",
                    report::plural(n, "finding"),
                    path.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => usage_error(&e),
        };
    }
    let applied = baseline.map(|b| {
        b.apply(
            &mut outcome.diagnostics,
            &mut fingerprints,
            &outcome.checked,
        )
    });
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let checked = report::Checked {
        sources: &outcome.sources,
        diagnostics: &outcome.diagnostics,
        fingerprints: &fingerprints,
        suppressed: &outcome.suppressed,
        suppressed_fingerprints: &suppressed_fingerprints,
        files: &outcome.checked,
        fail_on: threshold,
    };
    let text = match args.format {
        Format::Human => {
            let mut text = report::human::render(
                &outcome.sources,
                &outcome.diagnostics,
                outcome.files,
                human_style(color, args.output.as_deref()),
                args.quiet,
            );
            if let Some(applied) = applied.filter(|_| !args.quiet) {
                text.push_str(&report::human::baseline(applied));
            }
            if args.show_suppressed {
                text.push_str(&report::human::suppressed(
                    &outcome.sources,
                    &outcome.suppressed,
                ));
            }
            if args.statistics {
                text.push_str(&report::human::statistics(&outcome.diagnostics));
            }
            text
        }
        Format::Json => report::json::render(
            &outcome.sources,
            &outcome.diagnostics,
            &outcome.suppressed,
            outcome.files,
        ),
        Format::Sarif => report::sarif::render(&checked),
        Format::Junit => report::junit::render(&checked),
        Format::Github => report::github::render(&checked),
        Format::Gitlab => report::gitlab::render(&checked),
    };
    if let Err(e) = emit(args.output.as_deref(), &text) {
        return usage_error(&e);
    }
    let code = if outcome.run_failed {
        ExitCode::from(2)
    } else if threshold.is_some_and(|t| outcome.diagnostics.iter().any(|d| d.severity >= t)) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends now: freeing the model of a large project one allocation at a
    // time took a twentieth of the run, for memory the system takes back anyway.
    std::mem::forget(outcome);
    code
}

fn human_style(color: ColorChoice, output: Option<&std::path::Path>) -> report::human::Style {
    report::human::Style {
        color: color.colors(output, Stream::Stdout),
        width: 100,
    }
}

/// Prints, or writes the file atomically: a reader never sees half a report.
fn emit(output: Option<&std::path::Path>, text: &str) -> Result<(), String> {
    let Some(path) = output else {
        let mut stdout = std::io::stdout().lock();
        // A closed pipe (`| head`) is not an error worth reporting.
        let _ = stdout.write_all(text.as_bytes());
        let _ = stdout.flush();
        return Ok(());
    };
    crate::write::atomically(path, text.as_bytes(), crate::write::Existing::Replace)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
