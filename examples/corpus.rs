//! Writes a realistic project of N services for benchmarks: `cargo run --release
//! --example corpus -- N DIR`. Each service is one policy file with four categories,
//! three purposes, a consent, three systems, one or two processors and ten flows, and
//! sends order data to a shared warehouse; some services carry findings (purpose creep,
//! an unsigned processor, overlong retention, a transfer without safeguard), so reports
//! have work to do. The output depends only on N.

use std::fmt::Write as _;
use std::path::PathBuf;

fn service(i: usize) -> String {
    let mut s = String::new();
    // Findings, by service number: realistic rather than none or all.
    let creep = i % 7 == 3;
    let unsigned = i % 11 == 5;
    let overlong = i % 13 == 7;
    let unsafe_transfer = i % 17 == 9;
    let _ = writeln!(s, "# service {i}: accounts, orders, logs and a newsletter");
    let _ = writeln!(s, "category email{i}  : contact.email");
    let _ = writeln!(s, "category orders{i} : transaction.order_history");
    let _ = writeln!(s, "category ip{i}     : device.ip_address");
    let _ = writeln!(s, "category name{i}   : identity.name");
    let _ = writeln!(
        s,
        "purpose serve{i} : service.account {{\n  basis contract\n  retain {} after account_closure\n}}",
        if overlong { "30 years" } else { "1 year" }
    );
    let _ = writeln!(
        s,
        "purpose logs{i} : security.monitoring {{\n  basis legitimate_interests \"LIA-{i}\"\n  retain 6 months\n}}"
    );
    let _ = writeln!(
        s,
        "purpose news{i} : marketing.direct_email {{\n  basis consent optin{i}\n  retain 3 years after last_contact\n}}"
    );
    let _ = writeln!(
        s,
        "consent optin{i} {{ default denied withdraw \"unsubscribe link\" }}"
    );
    let _ = writeln!(s, "system app{i} : application {{ location FR }}");
    let _ = writeln!(
        s,
        "system db{i} : database {{\n  location IE\n  stores email{i}, orders{i}, name{i} for 1 year\n}}"
    );
    let _ = writeln!(s, "system cache{i} : database {{ location DE }}");
    if unsigned {
        let _ = writeln!(s, "processor mail{i} {{ location FR }}");
    } else {
        let _ = writeln!(
            s,
            "processor mail{i} {{\n  location US\n  safeguard dpf\n  dpa \"contracts/mail-{i}.pdf\"\n}}"
        );
    }
    if unsafe_transfer {
        let _ = writeln!(
            s,
            "processor logs_vendor{i} {{ location IN dpa \"contracts/logs-{i}.pdf\" }}"
        );
    } else {
        let _ = writeln!(
            s,
            "processor logs_vendor{i} {{\n  location DE\n  dpa \"contracts/logs-{i}.pdf\"\n}}"
        );
    }
    let _ = writeln!(
        s,
        "flow customer -> app{i} : email{i}, orders{i}, name{i} for serve{i}"
    );
    let _ = writeln!(s, "flow customer -> app{i} : ip{i} for logs{i}");
    let _ = writeln!(s, "flow customer -> app{i} : email{i} for news{i}");
    let _ = writeln!(
        s,
        "flow app{i} -> db{i} : email{i}, orders{i}, name{i} for serve{i}"
    );
    let _ = writeln!(s, "flow app{i} -> db{i} : email{i} for news{i}");
    let _ = writeln!(s, "flow app{i} -> cache{i} : orders{i} for serve{i}");
    let _ = writeln!(s, "flow app{i} -> logs_vendor{i} : ip{i} for logs{i}");
    let _ = writeln!(s, "flow db{i} -> mail{i} : email{i} for news{i}");
    let _ = writeln!(s, "flow db{i} -> warehouse : orders{i} for serve{i}");
    if creep {
        // Order history reused for the newsletter: purpose creep.
        let _ = writeln!(s, "flow db{i} -> mail{i} : orders{i} for news{i}");
    } else {
        let _ = writeln!(s, "flow cache{i} -> db{i} : orders{i} for serve{i}");
    }
    s
}

const COMMON: &str = r#"# Shared by every service: the controller, the customers and the warehouse.
controller "Corpus Corp" {
  location FR
  dpo "dpo@corpus.example"
}
subject customer : customer
system warehouse : warehouse { location NL }
"#;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(n), Some(dir)) = (
        args.next().and_then(|n| n.parse::<usize>().ok()),
        args.next(),
    ) else {
        eprintln!("usage: corpus N DIR   (writes DIR/redline.yaml and N policy files)");
        std::process::exit(2);
    };
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
    write(
        dir.join("redline.yaml"),
        "include: [\"services/**/*.redline\"]\n",
    );
    write(dir.join("services/common.redline"), COMMON);
    for i in 0..n {
        // A hundred services a directory, as a monorepo would group them.
        let path = dir.join(format!("services/group{:03}/svc{i:05}.redline", i / 100));
        write(path, &service(i));
    }
}
