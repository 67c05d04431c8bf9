#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The bundled examples: their human and JSON reports are snapshotted, and each one
//! resolves without an input diagnostic.

mod support;

use support::{redline, root};

const EXAMPLES: [&str; 3] = ["webshop", "hotel", "saas"];

#[test]
fn examples_have_no_input_errors() {
    for example in EXAMPLES {
        let run = redline(
            root(),
            &["check", &format!("examples/{example}"), "--format", "json"],
        );
        let report = run.json();
        let input_errors: Vec<_> = report["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["code"].as_str().is_some_and(|c| c.starts_with('E')))
            .collect();
        assert!(input_errors.is_empty(), "{example}: {input_errors:#?}");
        assert!(
            report["summary"]["files"].as_u64() >= Some(3),
            "{example} has several policy files"
        );
    }
}

#[test]
fn example_reports() {
    for example in EXAMPLES {
        let path = format!("examples/{example}");
        let human = redline(root(), &["check", &path]);
        insta::assert_snapshot!(format!("{example}-human"), human.transcript());
        let json = redline(root(), &["check", &path, "--format", "json"]);
        insta::assert_snapshot!(format!("{example}-json"), json.transcript());
    }
}

#[test]
fn the_language_reference_reports_what_it_says() {
    // tests/language holds every code block of LANGUAGE.md in one file. It has no input
    // error, and its text names four problems, all on the last flow and what it uses:
    // purpose creep, missing consent, overlong retention and a non-adequate transfer. The
    // third no longer holds: TAXONOMY.md puts the 13 months of targeted advertising on the
    // tracker identifiers, which this flow does not carry, and no source caps the orders
    // kept for advertising (a departure recorded in the issue's note).
    let run = redline(root(), &["check", "tests/language", "--format", "json"]);
    let report = run.json();
    let found: Vec<(String, u64)> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or("").to_owned(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let expected = [("C001", 36), ("T001", 59), ("P001", 68)];
    let expected: Vec<(String, u64)> = expected
        .iter()
        .map(|(c, l)| ((*c).to_owned(), *l))
        .collect();
    assert_eq!(found, expected, "{}", run.transcript());
    assert_eq!(report["summary"]["files"], 1);
}

#[test]
fn the_readme_shows_the_real_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let marker = "$ redline check examples/webshop\n";
    let start = readme
        .find(marker)
        .map(|i| i + marker.len())
        .expect("the README shows a run");
    let shown = &readme[start..start + readme[start..].find("```").unwrap_or(0)];
    let run = redline(root(), &["check", "examples/webshop"]);
    assert_eq!(shown, run.stdout, "update the README's example output");
}

/// The clinic is the example of a policy that says everything the rules of security,
/// impact assessment, rights and minimisation ask: it is clean with every rule selected,
/// and each statement is what keeps its rule silent (take it away and the rule fires).
#[test]
fn the_clinic_is_clean_and_each_safeguard_it_states_matters() {
    let clean = redline(root(), &["check", "examples/clinic"]);
    assert_eq!(clean.code, 0, "{}", clean.transcript());
    assert!(
        clean.stdout.contains("No findings"),
        "{}",
        clean.transcript()
    );
    let tests = redline(root(), &["test", "examples/clinic"]);
    assert_eq!(tests.code, 0, "{}", tests.transcript());
    // (file, text to change, what it becomes, the rule that must then fire)
    let mutations: [(&str, &str, &str, &str); 15] = [
        (
            "care",
            "stores identity, email, records for 20 years encrypted",
            "stores identity, email, records for 20 years",
            "M001",
        ),
        (
            "care",
            "flow ehr     -> host   : records for teleconsultation { encrypted }",
            "flow ehr     -> host   : records for teleconsultation",
            "M002",
        ),
        (
            "care",
            "  dpia \"DPIA-TELE-2026-01, approved by the DPO on 2026-01-20\"\n",
            "",
            "A001",
        ),
        (
            "billing",
            "  dpia \"DPIA-TELE-2026-01, section 6 (billing)\"\n",
            "",
            "A002",
        ),
        (
            "care",
            "  contest \"The patient calls the front desk or writes from the portal; a doctor answers\"\n",
            "",
            "P006",
        ),
        (
            "newsletter",
            "flow patient -> portal : email for newsletter",
            "flow patient -> portal : email, identity for newsletter",
            "P007",
        ),
        (
            "clinic",
            "category visits : anonymous.aggregate",
            "category visits : contact.email { anonymised }",
            "P008",
        ),
        (
            "care",
            "  erasure \"Records kept 20 years by law (CSP R1112-7); other data deleted by the DPO's job\"\n",
            "",
            "Q001",
        ),
        (
            "care",
            "  erasure \"Rectifications and erasures sent through the secure messaging service (MSSanté)\"\n",
            "",
            "Q002",
        ),
        (
            "clinic",
            "  right portability \"Patient portal > Download my record (FHIR JSON)\" within 1 month\n",
            "",
            "Q003",
        ),
        (
            "clinic",
            "  right objection \"Unsubscribe link in every newsletter; dpo@saint-roch.example\" within 1 month\n",
            "",
            "Q004",
        ),
        (
            "clinic",
            "  right restriction \"dpo@saint-roch.example\" within 1 month\n",
            "",
            "Q005",
        ),
        (
            "clinic",
            "Patient portal > My data, or dpo@saint-roch.example\" within 1 month",
            "Patient portal > My data, or dpo@saint-roch.example\" within 2 months",
            "Q006",
        ),
        (
            "care",
            "  dpia \"DPIA-TELE-2026-01, section 4 (triage)\"\n",
            "",
            "health-purposes-have-dpia",
        ),
        (
            "care",
            "  human_review \"A triage nurse confirms or changes every urgency level within 2 hours\"\n",
            "",
            "P006",
        ),
    ];
    for (file, from, to, code) in mutations {
        let (dir, copy) = support::copy_example("clinic");
        let path = copy.join(format!("policies/{file}.redline"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains(from),
            "{file}.redline no longer holds {from:?}"
        );
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let run = redline(dir.path(), &["check", "clinic", "--format", "json"]);
        let codes: Vec<String> = run.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap_or_default().to_owned())
            .collect();
        assert!(
            codes.iter().any(|c| c == code),
            "without {from:?}, {code} should fire; found {codes:?}"
        );
    }
}
