//! The four headline checks as Rego (benches/rego/headline.rego), evaluated by regorus on
//! the facts of the benchmark corpus of N services: `cargo run --release --example rego
//! -- N`. Prints the findings per code and the time to load the policy, read the input
//! JSON and evaluate, for the comparison in docs/PERFORMANCE.md.

use std::collections::BTreeMap;
use std::time::Instant;

#[path = "../benches/support/corpus.rs"]
mod corpus;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .ok_or("usage: rego N")?;
    let input = corpus::model_json(n);
    let started = Instant::now();
    let mut engine = regorus::Engine::new();
    engine.add_policy(
        "headline.rego".to_owned(),
        include_str!("../benches/rego/headline.rego").to_owned(),
    )?;
    engine.add_data_json(include_str!("../benches/rego/knowledge.json"))?;
    engine.set_input_json(&input)?;
    let loaded = started.elapsed();
    let findings = engine.eval_rule("data.redline.findings".to_owned())?;
    let total = started.elapsed();
    let mut per_code: BTreeMap<String, usize> = BTreeMap::new();
    if let Ok(set) = findings.as_set() {
        for finding in set.iter() {
            let code = finding["code"]
                .as_string()
                .map(|s| s.to_string())
                .unwrap_or_default();
            *per_code.entry(code).or_default() += 1;
        }
    }
    println!(
        "services {n}: input {:.1} MB, load {:.0} ms, total {:.0} ms, findings {per_code:?}",
        input.len() as f64 / 1e6,
        loaded.as_secs_f64() * 1000.0,
        total.as_secs_f64() * 1000.0
    );
    Ok(())
}
