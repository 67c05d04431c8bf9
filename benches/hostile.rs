//! Hostile inputs (issue 8): each at two sizes ten times apart, through the whole pipeline
//! on one file as the fuzz target runs it (read checks, parse, resolve, graph, every rule,
//! every report format). The time must grow about tenfold, not a hundredfold.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

const HEAD: &str = "subject customer : customer\n\
    system app : application { location FR }\n\
    processor vendor { location IN dpa \"contracts/vendor.pdf\" }\n\
    category email : contact.email\n\
    purpose serve : service.account { basis contract retain 1 year }\n";

/// N declarations with the same name: N duplicate-declaration errors, each pointing at
/// the first.
fn same_name(n: usize) -> String {
    HEAD.to_owned() + &"category dup : contact.email\n".repeat(n)
}

/// N references to N different misspellings of 1,000 declared names: did-you-mean for
/// each, until the comparison budget is spent.
fn misspelt(n: usize) -> String {
    let mut text = HEAD.to_owned();
    for i in 0..1_000 {
        text.push_str(&format!("category email{i:05} : contact.email\n"));
    }
    for i in 0..n {
        text.push_str(&format!(
            "flow customer -> app : emial{:05} for serve\n",
            i % 100_000
        ));
    }
    text
}

/// N references to the same misspelling: one search, N errors.
fn misspelt_alike(n: usize) -> String {
    HEAD.to_owned() + &"flow customer -> app : emial for serve\n".repeat(n)
}

/// N flows between the same two nodes, and N more on to a processor in India without a
/// safeguard: N transfer findings on parallel edges.
fn two_nodes(n: usize) -> String {
    HEAD.to_owned()
        + &"flow customer -> app : email for serve\n".repeat(n)
        + &"flow app -> vendor : email for serve\n".repeat(n)
}

fn hostile(c: &mut Criterion) {
    type Case = (&'static str, fn(usize) -> String, [usize; 2]);
    let cases: [Case; 4] = [
        ("same name", same_name, [1_000, 10_000]),
        ("misspelt references", misspelt, [10_000, 100_000]),
        ("same misspelling", misspelt_alike, [10_000, 100_000]),
        ("flows between two nodes", two_nodes, [1_000, 10_000]),
    ];
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    for (name, generate, sizes) in cases {
        for n in sizes {
            let text = generate(n);
            group.bench_with_input(BenchmarkId::new(name, n), &text, |b, text| {
                b.iter(|| redline::fuzzing::pipeline(text.as_bytes()));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, hostile);
criterion_main!(benches);
