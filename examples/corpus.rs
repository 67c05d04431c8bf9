//! Writes a realistic project of N services for benchmarks: `cargo run --release
//! --example corpus -- N DIR`. Each service is one policy file with four categories,
//! three purposes, a consent, three systems, one or two processors and ten flows, and
//! sends order data to a shared warehouse; some services carry findings (purpose creep,
//! an unsigned processor, overlong retention, a transfer without safeguard), so reports
//! have work to do. The output depends only on N.

use std::path::PathBuf;

#[path = "../benches/support/corpus.rs"]
mod corpus;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(n), Some(dir)) = (
        args.next().and_then(|n| n.parse::<usize>().ok()),
        args.next(),
    ) else {
        eprintln!("usage: corpus N DIR [--fides]   (writes DIR/redline.yaml and N policy files)");
        std::process::exit(2);
    };
    // `--fides` writes the same services as a Fides manifest instead (benches/fides).
    let fides = args.next().as_deref() == Some("--fides");
    let dir = PathBuf::from(dir);
    if dir.exists() {
        eprintln!(
            "{} exists; corpus writes only new directories",
            dir.display()
        );
        std::process::exit(2);
    }
    let write = |path: PathBuf, text: &str| {
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(2);
        }
    };
    if fides {
        write(dir.join("common.yml"), corpus::FIDES_COMMON);
        for i in 0..n {
            write(
                dir.join(format!("svc{i:05}.yml")),
                &corpus::fides_service(i),
            );
        }
        return;
    }
    write(dir.join("redline.yaml"), corpus::CONFIG);
    write(dir.join("services/common.redline"), corpus::COMMON);
    for i in 0..n {
        write(dir.join(corpus::service_path(i)), &corpus::service(i));
    }
}
