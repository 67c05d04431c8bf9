//! The graph and rules on 10,000 flows in a chain and in a star: the cost must grow with
//! the number of flows, not with the number of paths.

use criterion::{Criterion, criterion_group, criterion_main};
use redline::check::run_rules;
use redline::config::Settings;
use redline::knowledge::Knowledge;
use redline::model::{Model, ProjectInput, Vocabulary, resolve_project};
use redline::source::{FileId, Sources};
use redline::syntax;

const HEAD: &str = "controller \"Acme\" { location FR dpo \"dpo@acme.example\" }\n\
    subject customer : customer\ncategory email : contact.email\n\
    purpose account : service.account { basis contract retain 1 year }\n\
    purpose offers : marketing.postal { basis legitimate_interests \"LIA\" retain 1 year }\n";

fn chain(n: usize) -> String {
    let mut text = String::from(HEAD);
    for i in 0..n {
        text.push_str(&format!("system s{i} : application {{ location FR }}\n"));
    }
    text.push_str("flow customer -> s0 : email for account\n");
    for i in 1..n {
        let purpose = if i < n / 2 { "account" } else { "offers" };
        text.push_str(&format!("flow s{} -> s{i} : email for {purpose}\n", i - 1));
    }
    text
}

fn star(n: usize) -> String {
    let mut text = format!(
        "{HEAD}system hub : application {{ location FR }}\nflow customer -> hub : email for account\n"
    );
    for i in 0..n {
        let place = if i % 100 == 0 { "US" } else { "DE" };
        text.push_str(&format!("recipient r{i} : partner {{ location {place} }}\nflow hub -> r{i} : email for account\n"));
    }
    text
}

fn model(text: &str, knowledge: &'static Knowledge) -> Model {
    let (file, _) = syntax::parse(FileId(0), text);
    let files = [file];
    resolve_project(ProjectInput {
        files: &files,
        vocabulary: Vocabulary::builtin(knowledge),
        controller_location: None,
    })
    .0
}

fn graph_and_rules(c: &mut Criterion) {
    let Ok(knowledge) = Knowledge::builtin() else {
        return;
    };
    let settings = Settings::default();
    let sources = Sources::default();
    for (name, text) in [
        ("chain 10,000 flows", chain(10_000)),
        ("star 10,000 flows", star(10_000)),
    ] {
        let model = model(&text, knowledge);
        c.bench_function(&format!("graph and rules, {name}"), |b| {
            b.iter(|| {
                run_rules(&model, &settings, knowledge, knowledge.as_of(), &sources)
                    .findings
                    .len()
            })
        });
        c.bench_function(&format!("parse and resolve, {name}"), |b| {
            b.iter(|| model_len(&text, knowledge))
        });
    }
}

fn model_len(text: &str, knowledge: &'static Knowledge) -> usize {
    model(text, knowledge).flows.len()
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = graph_and_rules
}
criterion_main!(benches);
