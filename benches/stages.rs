//! The stages of `redline check` on the benchmark corpus (benches/support/corpus.rs) of
//! 100 and 1,000 services: parse, resolve, graph and rules, report; and the whole check
//! from disk, which reads and parses on every core. docs/PERFORMANCE.md has the numbers.

#[path = "support/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use redline::check::{CheckOptions, check, run_rules};
use redline::config::Settings;
use redline::knowledge::Knowledge;
use redline::model::{ProjectInput, Vocabulary, resolve_project};
use redline::report;
use redline::source::{SourceKind, Sources};
use redline::syntax::{self, ast::PolicyFile};

/// The corpus's texts: the common file, then each service.
fn texts(n: usize) -> Vec<(String, String)> {
    let mut out = vec![(
        "services/common.redline".to_owned(),
        corpus::COMMON.to_owned(),
    )];
    out.extend((0..n).map(|i| (corpus::service_path(i), corpus::service(i))));
    out
}

fn parse_all(sources: &Sources) -> Vec<PolicyFile> {
    sources
        .iter()
        .map(|(id, file)| syntax::parse(id, file.text.as_deref().unwrap_or("")).0)
        .collect()
}

fn stages(c: &mut Criterion) {
    let Ok(knowledge) = Knowledge::builtin() else {
        return;
    };
    let settings = Settings::default();
    let vocabulary = Vocabulary::builtin(knowledge);
    let mut group = c.benchmark_group("stages");
    group.sample_size(10);
    for n in [100, 1_000] {
        let mut sources = Sources::default();
        for (path, text) in texts(n) {
            let text: Arc<str> = Arc::from(text);
            sources.add(path.clone().into(), path, SourceKind::Policy, Some(text));
        }
        group.bench_with_input(BenchmarkId::new("parse", n), &sources, |b, sources| {
            b.iter(|| parse_all(sources).len())
        });
        let files = parse_all(&sources);
        group.bench_with_input(BenchmarkId::new("resolve", n), &files, |b, files| {
            b.iter(|| {
                let input = ProjectInput {
                    files,
                    vocabulary,
                    controller_location: None,
                };
                resolve_project(input).0.flows.len()
            })
        });
        let input = ProjectInput {
            files: &files,
            vocabulary,
            controller_location: None,
        };
        let model = resolve_project(input).0;
        let as_of = knowledge.as_of();
        group.bench_with_input(
            BenchmarkId::new("graph and rules", n),
            &model,
            |b, model| {
                b.iter(|| {
                    run_rules(model, &settings, knowledge, as_of, &sources)
                        .findings
                        .len()
                })
            },
        );
        let findings = run_rules(&model, &settings, knowledge, as_of, &sources).findings;
        let fingerprints = report::fingerprint::fingerprints(&sources, &findings);
        group.bench_with_input(BenchmarkId::new("report human", n), &findings, |b, f| {
            let style = report::human::Style {
                color: false,
                width: 100,
            };
            b.iter(|| report::human::render(&sources, f, n + 1, style, false).len())
        });
        group.bench_with_input(BenchmarkId::new("report json", n), &findings, |b, f| {
            b.iter(|| report::json::render(&sources, f, &[], n + 1).len())
        });
        let checked = report::Checked {
            sources: &sources,
            diagnostics: &findings,
            fingerprints: &fingerprints,
            suppressed: &[],
            suppressed_fingerprints: &[],
            files: &[],
            fail_on: None,
        };
        group.bench_function(BenchmarkId::new("report sarif", n), |b| {
            b.iter(|| report::sarif::render(black_box(&checked)).len())
        });

        // The whole check from disk, as the binary runs it minus process start.
        let Ok(dir) = tempfile::tempdir() else {
            return;
        };
        for (path, text) in texts(n) {
            let path = dir.path().join(path);
            if let Some(parent) = path.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::write(path, text);
        }
        let _ = std::fs::write(dir.path().join("redline.yaml"), corpus::CONFIG);
        group.bench_function(BenchmarkId::new("check from disk", n), |b| {
            let options = CheckOptions::default();
            b.iter(|| check(dir.path(), &options).map_or(0, |o| o.diagnostics.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
