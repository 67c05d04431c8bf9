//! The benchmark corpus: realistic policy files of services, shared by the corpus
//! example (which writes them to disk) and the benchmarks (which keep them in memory).
#![allow(dead_code)]

use std::fmt::Write as _;

pub fn service(i: usize) -> String {
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
        "purpose serve{i} : service.account {{\n  basis contract\n  retain 1 year after account_closure\n}}"
    );
    let _ = writeln!(
        s,
        "purpose logs{i} : security.monitoring {{\n  basis legitimate_interests \"LIA-{i}\"\n  retain {}\n}}",
        // Security logs beyond the guidance: overlong retention.
        if overlong { "5 years" } else { "6 months" }
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

pub const COMMON: &str = r#"# Shared by every service: the controller, the customers and the warehouse.
controller "Corpus Corp" {
  location FR
  dpo "dpo@corpus.example"
}
subject customer : customer
system warehouse : warehouse { location NL }
"#;

/// The path of service `i`, relative to the project: a hundred services a directory, as
/// a monorepo would group them.
pub fn service_path(i: usize) -> String {
    format!("services/group{:03}/svc{i:05}.redline", i / 100)
}

pub const CONFIG: &str = "include: [\"services/**/*.redline\"]\n";

/// The same project as facts in JSON, for the Rego comparison (benches/rego): nodes with
/// their kind, country and safeguards, purposes with their taxonomy id, basis and
/// retention in months, and flows. Only what the four headline checks read.
pub fn model_json(n: usize) -> String {
    let mut nodes = vec![
        r#""customer":{"kind":"subject","location":"FR","safeguards":[]}"#.to_owned(),
        r#""warehouse":{"kind":"system","location":"NL","safeguards":[]}"#.to_owned(),
    ];
    let mut purposes = Vec::new();
    let mut flows = Vec::new();
    let flow = |from: &str, to: &str, categories: &[&str], purpose: &str| {
        let categories: Vec<String> = categories.iter().map(|c| format!("\"{c}\"")).collect();
        format!(
            r#"{{"from":"{from}","to":"{to}","categories":[{}],"purposes":["{purpose}"]}}"#,
            categories.join(",")
        )
    };
    for i in 0..n {
        let unsigned = i % 11 == 5;
        let overlong = i % 13 == 7;
        let unsafe_transfer = i % 17 == 9;
        let creep = i % 7 == 3;
        nodes.push(format!(
            r#""app{i}":{{"kind":"system","location":"FR","safeguards":[]}}"#
        ));
        nodes.push(format!(
            r#""db{i}":{{"kind":"system","location":"IE","safeguards":[]}}"#
        ));
        nodes.push(format!(
            r#""cache{i}":{{"kind":"system","location":"DE","safeguards":[]}}"#
        ));
        nodes.push(if unsigned {
            format!(r#""mail{i}":{{"kind":"processor","location":"FR","safeguards":[]}}"#)
        } else {
            format!(r#""mail{i}":{{"kind":"processor","location":"US","safeguards":["dpf"]}}"#)
        });
        let logs_country = if unsafe_transfer { "IN" } else { "DE" };
        nodes.push(format!(
            r#""logs_vendor{i}":{{"kind":"processor","location":"{logs_country}","safeguards":[]}}"#
        ));
        purposes.push(format!(
            r#""serve{i}":{{"kind":"service.account","basis":"contract","months":12}}"#
        ));
        purposes.push(format!(
            r#""logs{i}":{{"kind":"security.monitoring","basis":"legitimate_interests","months":{}}}"#,
            if overlong { 60 } else { 6 }
        ));
        purposes.push(format!(
            r#""news{i}":{{"kind":"marketing.direct_email","basis":"consent","months":36}}"#
        ));
        let c = |name: &str| format!("{name}{i}");
        let (email, orders, ip, name) = (c("email"), c("orders"), c("ip"), c("name"));
        let (app, db, cache, mail, logs) =
            (c("app"), c("db"), c("cache"), c("mail"), c("logs_vendor"));
        let serve = c("serve");
        flows.push(flow("customer", &app, &[&email, &orders, &name], &serve));
        flows.push(flow("customer", &app, &[&ip], &c("logs")));
        flows.push(flow("customer", &app, &[&email], &c("news")));
        flows.push(flow(&app, &db, &[&email, &orders, &name], &serve));
        flows.push(flow(&app, &db, &[&email], &c("news")));
        flows.push(flow(&app, &cache, &[&orders], &serve));
        flows.push(flow(&app, &logs, &[&ip], &c("logs")));
        flows.push(flow(&db, &mail, &[&email], &c("news")));
        flows.push(flow(&db, "warehouse", &[&orders], &serve));
        if creep {
            flows.push(flow(&db, &mail, &[&orders], &c("news")));
        } else {
            flows.push(flow(&cache, &db, &[&orders], &serve));
        }
    }
    format!(
        r#"{{"nodes":{{{}}},"purposes":{{{}}},"flows":[{}]}}"#,
        nodes.join(","),
        purposes.join(","),
        flows.join(",")
    )
}

/// A flow as Fides sees it: from, to, categories and the purpose's (use, legal basis,
/// retention).
type FidesFlow<'a> = (&'a str, &'a str, Vec<&'a str>, (&'a str, &'a str, &'a str));

/// The same service as a Fides manifest (fideslang YAML), for the Fides comparison: its
/// five systems, each with the flows into it as privacy declarations (categories, data
/// use, subjects, legal basis, retention) and the flows as ingress and egress. The
/// taxonomy keys are the nearest in Fides's default taxonomy.
pub fn fides_service(i: usize) -> String {
    let creep = i % 7 == 3;
    let overlong = i % 13 == 7;
    let (email, orders, ip, name) = (
        "user.contact.email",
        "user.behavior.purchase_history",
        "user.device.ip_address",
        "user.name",
    );
    // (use, legal basis, retention) per purpose.
    let serve = ("essential.service", "Contract", "12 months");
    let logs = (
        "essential.service.security",
        "Legitimate interests",
        if overlong { "60 months" } else { "6 months" },
    );
    let news = ("marketing.communications.email", "Consent", "36 months");
    let s = |name: &str| format!("{name}{i}");
    let (app, db, cache, mail, vendor) =
        (s("app"), s("db"), s("cache"), s("mail"), s("logs_vendor"));
    let mut flows: Vec<FidesFlow<'_>> = vec![
        ("customer", &app, vec![email, orders, name], serve),
        ("customer", &app, vec![ip], logs),
        ("customer", &app, vec![email], news),
        (&app, &db, vec![email, orders, name], serve),
        (&app, &db, vec![email], news),
        (&app, &cache, vec![orders], serve),
        (&app, &vendor, vec![ip], logs),
        (&db, &mail, vec![email], news),
        (&db, "warehouse", vec![orders], serve),
    ];
    if creep {
        flows.push((&db, &mail, vec![orders], news));
    } else {
        flows.push((&cache, &db, vec![orders], serve));
    }
    let mut out = format!("# service {i}, as Fides systems\nsystem:\n");
    for system in [&app, &db, &cache, &mail, &vendor] {
        let _ = writeln!(
            out,
            "- fides_key: {system}\n  name: {system}\n  system_type: Service"
        );
        let ingress: Vec<&str> = flows
            .iter()
            .filter(|f| f.1 == system.as_str())
            .map(|f| f.0)
            .collect();
        let egress: Vec<&str> = flows
            .iter()
            .filter(|f| f.0 == system.as_str())
            .map(|f| f.1)
            .collect();
        let mut write_dataflows = |direction: &str, keys: &[&str]| {
            let mut keys = keys.to_vec();
            keys.sort_unstable();
            keys.dedup();
            if !keys.is_empty() {
                let _ = writeln!(out, "  {direction}:");
                for key in keys {
                    // Fides names the people data comes from `user`, of type `user`.
                    let (key, kind) = if key == "customer" {
                        ("user", "user")
                    } else {
                        (key, "system")
                    };
                    let _ = writeln!(out, "  - fides_key: {key}\n    type: {kind}");
                }
            }
        };
        write_dataflows("ingress", &ingress);
        write_dataflows("egress", &egress);
        let _ = writeln!(out, "  privacy_declarations:");
        for (n, (from, _, categories, (data_use, basis, retention))) in
            flows.iter().filter(|f| f.1 == system.as_str()).enumerate()
        {
            let _ = writeln!(
                out,
                "  - name: {system} from {from} {n}\n    data_categories: [{}]\n    data_use: {data_use}\n    data_subjects: [customer]\n    legal_basis_for_processing: {basis}\n    retention_period: {retention}\n    ingress: [{}]",
                categories.join(", "),
                if *from == "customer" { "user" } else { from }
            );
        }
    }
    out
}

/// The shared warehouse and the policy Fides evaluates. `fides evaluate` matches each
/// privacy declaration's categories, use and subjects against each rule, and nothing
/// else: of the four headline checks only purpose creep can be put that way (order
/// history used for email marketing, which is the corpus's creep); consent, retention
/// and transfers are outside what it evaluates. The second rule (special-category data
/// for marketing) is a usual Fides rule and stays silent here, as in redline.
pub const FIDES_COMMON: &str = r#"system:
- fides_key: warehouse
  name: warehouse
  system_type: Service
  privacy_declarations:
  - name: warehouse
    data_categories: [user.behavior.purchase_history]
    data_use: essential.service
    data_subjects: [customer]
policy:
- fides_key: headline
  name: Headline checks
  rules:
  - name: purpose creep, order history for email marketing
    data_categories:
      matches: ANY
      values: [user.behavior.purchase_history]
    data_uses:
      matches: ANY
      values: [marketing.communications.email]
    data_subjects:
      matches: ANY
      values: [customer]
  - name: special-category data for marketing
    data_categories:
      matches: ANY
      values: [user.health_and_medical, user.biometric]
    data_uses:
      matches: ANY
      values: [marketing]
    data_subjects:
      matches: ANY
      values: [customer]
"#;
