#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `redline diff` on real git repositories built here: a base commit, then a head commit
//! (or the work tree) for each kind of change, renames and moves, and the inputs that
//! must not break it (a base without the project, a base with input errors, a ref that
//! does not exist, a shallow clone).

mod support;

use std::path::Path;
use std::process::Command;

use support::{copy_example, redline};

/// Runs git with a fixed identity and clock, so that commit ids are the same each run.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "redline")
        .env("GIT_AUTHOR_EMAIL", "redline@example.com")
        .env("GIT_COMMITTER_NAME", "redline")
        .env("GIT_COMMITTER_EMAIL", "redline@example.com")
        .env("GIT_AUTHOR_DATE", "2026-11-28T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-11-28T12:00:00Z")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn commit_all(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "--allow-empty", "-m", message]);
}

/// The web shop example in a new repository, committed as the base.
fn shop_repository() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, shop) = copy_example("webshop");
    git(&shop, &["init", "-q", "-b", "main"]);
    commit_all(&shop, "the web shop");
    (dir, shop)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn append(path: &Path, text: &str) {
    let mut old = std::fs::read_to_string(path).unwrap_or_default();
    old.push_str(text);
    std::fs::write(path, old).unwrap();
}

const AS_OF: &str = "--as-of=2026-11-22";

/// The change the README shows: order histories to a new analytics partner in India for
/// checkout, and card data kept three years instead of 13 months.
fn transfer_and_retention(shop: &Path) {
    append(
        &shop.join("policies/systems.redline"),
        "recipient analytics : partner {\n  location IN\n  contract \"C-7\"\n}\n",
    );
    append(
        &shop.join("policies/flows.redline"),
        "flow crm      -> analytics : orders for checkout\n",
    );
    edit(
        &shop.join("policies/purposes.redline"),
        "  basis contract\n  retain 13 months",
        "  basis contract\n  retain 3 years",
    );
}

fn changes(json: &serde_json::Value) -> Vec<(String, String, String)> {
    json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["risk"].as_str().unwrap().to_owned(),
                c["kind"].as_str().unwrap().to_owned(),
                c["summary"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_transfer_and_a_longer_retention_in_every_format() {
    let (_dir, shop) = shop_repository();
    transfer_and_retention(&shop);
    commit_all(&shop, "analytics in India; cards kept 3 years");
    for format in ["human", "json", "markdown"] {
        let run = redline(
            &shop,
            &[
                "diff", "--base", "main~1", "--head", "main", AS_OF, "--format", format,
            ],
        );
        assert_eq!(run.code, 0, "{}", run.transcript());
        insta::assert_snapshot!(format!("diff_webshop_{format}"), run.stdout);
        if format == "markdown" {
            // The README shows this comment as the program writes it.
            let readme = std::fs::read_to_string(support::root().join("README.md")).unwrap();
            let shown = readme
                .split_once("<!-- diff-example:start -->\n")
                .and_then(|(_, rest)| rest.split_once("<!-- diff-example:end -->"))
                .map(|(block, _)| block)
                .expect("the README has the diff example");
            assert_eq!(shown, run.stdout, "README.md's diff example is stale");
        }
    }
}

#[test]
fn the_work_tree_is_the_default_head_and_fail_on_gates_the_run() {
    let (_dir, shop) = shop_repository();
    transfer_and_retention(&shop);
    let run = redline(
        &shop,
        &["diff", "--base", "main", AS_OF, "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let json = run.json();
    assert_eq!(json["revisions"]["head"], "the work tree");
    assert_eq!(
        json["labels"],
        serde_json::json!([
            "privacy:reach",
            "privacy:transfer",
            "privacy:retention",
            "privacy:party",
            "privacy:finding"
        ])
    );
    for (gate, code) in [
        ("never", 0),
        ("error", 1),
        ("high", 1),
        ("transfer", 1),
        ("special-data", 0),
        ("consent", 0),
        ("retention", 1),
    ] {
        let run = redline(&shop, &["diff", "--base", "main", AS_OF, "--fail-on", gate]);
        assert_eq!(run.code, code, "--fail-on {gate}: {}", run.transcript());
    }
    let run = redline(&shop, &["diff", "--base", "main", "--fail-on", "sometimes"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not a --fail-on value"),
        "{}",
        run.stderr
    );
}

#[test]
fn each_kind_of_change_is_named_and_ranked() {
    let (_dir, shop) = shop_repository();
    // Special-category data, collected for a new purpose on explicit consent.
    append(
        &shop.join("policies/data.redline"),
        "category allergies : special.health\n",
    );
    append(
        &shop.join("policies/purposes.redline"),
        "purpose diet : service.order_fulfilment {\n  basis explicit_consent diet_optin\n  condition explicit_consent \"asked at checkout\"\n  retain 1 year\n}\nconsent diet_optin {\n  default denied\n  withdraw \"account settings\"\n  explicit\n}\n",
    );
    append(
        &shop.join("policies/flows.redline"),
        "flow customer -> webshop : allergies for diet\n",
    );
    // Criminal-offence data, collected from adults: needs care of its own.
    append(
        &shop.join("policies/data.redline"),
        "category records : criminal.offences\n",
    );
    append(
        &shop.join("policies/flows.redline"),
        "flow customer -> webshop : records for checkout\n",
    );
    // The newsletter's consent: granted by default, and no way to withdraw it.
    edit(
        &shop.join("policies/purposes.redline"),
        "consent newsletter_optin {\n  default denied\n  withdraw \"unsubscribe link in every e-mail\"\n}",
        "consent newsletter_optin {\n  default granted\n}",
    );
    // The mailer loses its DPA and its DPF certification: its transfer is unprotected.
    edit(
        &shop.join("policies/systems.redline"),
        "  safeguard dpf\n  dpa \"contracts/mailer-dpa.pdf\"\n",
        "",
    );
    // Orders kept for checkout two years instead of five: shorter, no risk.
    edit(
        &shop.join("policies/purposes.redline"),
        "retain 5 years after contract_end",
        "retain 2 years after contract_end",
    );
    // The CRM moves from Ireland to Germany: a move inside the EEA, no transfer.
    edit(
        &shop.join("policies/systems.redline"),
        "  location IE\n",
        "  location DE\n",
    );
    append(
        &shop.join("policies/flows.redline"),
        "flow webshop -> crm : address for newsletter\n",
    );
    // A courier in Germany gets addresses: a third party, though in the EEA.
    append(
        &shop.join("policies/systems.redline"),
        "recipient courier : partner { location DE }\n",
    );
    append(
        &shop.join("policies/flows.redline"),
        "flow webshop -> courier : address for checkout\n",
    );
    let run = redline(
        &shop,
        &["diff", "--base", "main", AS_OF, "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let found = changes(&run.json());
    let expect = |risk: &str, kind: &str, summary: &str| {
        assert!(
            found.contains(&(risk.to_owned(), kind.to_owned(), summary.to_owned())),
            "no {risk} {kind} {summary:?} in\n{found:#?}"
        );
    };
    expect(
        "high",
        "special-data",
        "`allergies` is newly processed as special-category data (GDPR Art. 9)",
    );
    expect(
        "high",
        "special-data",
        "`records` is newly processed as criminal-offence data (GDPR Art. 10)",
    );
    // Health data in the shop's own system in France: sensitive, so not low.
    expect(
        "medium",
        "reach",
        "`allergies` now reaches `webshop` (system, FR) for `diet`",
    );
    expect(
        "high",
        "consent",
        "consent `newsletter_optin` changes: default granted, no way to withdraw stated (was: default denied, withdrawn by \"unsubscribe link in every e-mail\")",
    );
    expect(
        "low",
        "consent",
        "new consent `diet_optin` (default denied, withdrawn by \"account settings\", explicit)",
    );
    expect("high", "party", "`mailer` (processor, US) loses its DPA");
    expect("none", "record", "the record gains the activity `diet`");
    // A new purpose's retention is part of the new purpose, not a change of its own.
    assert!(
        !found
            .iter()
            .any(|(_, kind, summary)| kind == "retention" && summary.contains("`diet`")),
        "{found:#?}"
    );
    expect("low", "transfer", "`crm` (system, DE) moves from IE to DE");
    // Data that needs no care reaching the shop's own system in the EEA: low.
    expect(
        "low",
        "reach",
        "`address` now reaches `crm` (system, DE) for `newsletter`",
    );
    // Not sensitive, but a third party's: not low.
    expect(
        "medium",
        "reach",
        "`address` now reaches `courier` (recipient, DE) for `checkout`",
    );
    expect(
        "none",
        "retention",
        "lowers the retention for `checkout` from 5 years after contract_end to 2 years after contract_end",
    );
    assert!(
        found.iter().any(|(risk, kind, summary)| risk == "low"
            && kind == "basis"
            && summary.starts_with("new purpose `diet`, on ")),
        "{found:#?}"
    );
    // DPF certification gone: the transfer to the mailer loses its protection.
    assert!(
        found.iter().any(|(risk, kind, summary)| risk == "high"
            && kind == "transfer"
            && summary.starts_with("the transfer to `mailer` (processor, US) changes: ")),
        "{found:#?}"
    );
    // Ranked: every high change before every medium one, and so on.
    let ranks: Vec<u8> = found
        .iter()
        .map(|(risk, _, _)| match risk.as_str() {
            "high" => 3,
            "medium" => 2,
            "low" => 1,
            _ => 0,
        })
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "{found:#?}");
    let json = redline(
        &shop,
        &["diff", "--base", "main", AS_OF, "--format", "json"],
    )
    .json();
    let introduced: Vec<&str> = json["findings"]["introduced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    // The mailer's unprotected transfer, and the shop's own rule that processors sign a DPA.
    assert!(introduced.contains(&"T001"), "{introduced:?}");
    assert!(introduced.contains(&"processors-signed"), "{introduced:?}");
}

#[test]
fn removals_weakenings_and_new_protection_are_ranked() {
    let (_dir, shop) = shop_repository();
    let purposes = shop.join("policies/purposes.redline");
    // The base: the personalisation consent is explicit, and a survey consent is declared.
    edit(
        &purposes,
        "  withdraw \"privacy centre, one click\"\n",
        "  withdraw \"privacy centre, one click\"\n  explicit\n",
    );
    append(
        &purposes,
        "consent survey_optin {\n  default denied\n  withdraw \"reply STOP\"\n}\nconsent loyalty_optin {\n  default denied\n  withdraw \"account settings\"\n}\n",
    );
    // The newsletter states no retention at the base.
    edit(&purposes, "  retain 3 years after last_contact\n", "");
    commit_all(&shop, "the base");
    // The newsletter states one; payment no longer does.
    edit(
        &purposes,
        "purpose newsletter : marketing.direct_email {\n",
        "purpose newsletter : marketing.direct_email {\n  retain 3 years after last_contact\n",
    );
    edit(
        &purposes,
        "purpose payment : service.payment {\n  basis contract\n  retain 13 months\n",
        "purpose payment : service.payment {\n  basis contract\n",
    );
    // A consent granted by default from now on, its withdrawal kept.
    edit(
        &purposes,
        "consent loyalty_optin {\n  default denied\n",
        "consent loyalty_optin {\n  default granted\n",
    );
    // The head: recommendations are dropped (the purpose and its flow); the survey
    // consent is removed; the personalisation consent is no longer explicit; the
    // newsletter's withdrawal is worded anew; the newsletter moves from consent to
    // legitimate interests and payment from the contract to a legal obligation; the ad
    // network's transfer gains standard contractual clauses.
    edit(
        &purposes,
        "purpose recommendations : personalisation.recommendation {\n  basis consent personalisation_optin\n  retain 13 months\n}\n",
        "",
    );
    edit(
        &shop.join("policies/flows.redline"),
        "flow visitor  -> webshop : browsing for recommendations\n",
        "",
    );
    edit(
        &purposes,
        "consent survey_optin {\n  default denied\n  withdraw \"reply STOP\"\n}\n",
        "",
    );
    edit(
        &purposes,
        "  withdraw \"privacy centre, one click\"\n  explicit\n",
        "  withdraw \"privacy centre, one click\"\n",
    );
    edit(
        &purposes,
        "unsubscribe link in every e-mail",
        "one-click unsubscribe",
    );
    edit(
        &purposes,
        "  basis consent newsletter_optin\n",
        "  basis legitimate_interests \"LIA-2026-01\"\n",
    );
    edit(
        &purposes,
        "purpose payment : service.payment {\n  basis contract\n",
        "purpose payment : service.payment {\n  basis legal_obligation \"Code monetaire et financier, L561-5\"\n",
    );
    edit(
        &shop.join("policies/systems.redline"),
        "recipient adnet : ad_network { location US }",
        "recipient adnet : ad_network { location US safeguard scc }",
    );
    // A partner in India gets e-mail addresses, with no safeguard: a transfer finding
    // of the same rule as the one the ad network's safeguard fixes, about another node.
    append(
        &shop.join("policies/systems.redline"),
        "recipient reseller : partner { location IN }\n",
    );
    append(
        &shop.join("policies/flows.redline"),
        "flow crm -> reseller : email for checkout\n",
    );
    let run = redline(
        &shop,
        &["diff", "--base", "main", AS_OF, "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let json = run.json();
    assert_eq!(json["notes"], serde_json::json!([]), "both sides resolve");
    let found = changes(&json);
    let expect = |risk: &str, kind: &str, start: &str| {
        assert!(
            found
                .iter()
                .any(|(r, k, summary)| r == risk && k == kind && summary.starts_with(start)),
            "no {risk} {kind} {start:?}… in\n{found:#?}"
        );
    };
    expect("none", "basis", "purpose `recommendations` is removed");
    expect("none", "consent", "consent `survey_optin` is removed");
    // Consent given up for legitimate interests is high; one basis for another, medium.
    expect("high", "basis", "`newsletter` moves from ");
    expect("medium", "basis", "`payment` moves from ");
    // Explicit consent no longer explicit is medium; a new wording of the withdrawal, low.
    expect(
        "medium",
        "consent",
        "consent `personalisation_optin` changes: default denied, withdrawn by \"privacy centre, one click\" (was: ",
    );
    expect(
        "low",
        "consent",
        "consent `newsletter_optin` changes: default denied, withdrawn by \"one-click unsubscribe\" (was: ",
    );
    expect(
        "high",
        "consent",
        "consent `loyalty_optin` changes: default granted, withdrawn by \"account settings\" (was: default denied",
    );
    // A transfer that gains a safeguard takes no risk.
    expect(
        "none",
        "transfer",
        "the transfer to `adnet` (recipient, US) changes: ",
    );
    // A retention stated is no risk; one no longer stated is. A removed purpose's
    // retention is not a change of its own, only its removal is.
    expect(
        "none",
        "retention",
        "`newsletter` now states its retention: 3 years after last_contact",
    );
    expect(
        "medium",
        "retention",
        "`payment` no longer states a retention (was 13 months)",
    );
    assert!(
        !found
            .iter()
            .any(|(_, kind, summary)| kind == "retention" && summary.contains("`recommendations`")),
        "{found:#?}"
    );
    expect(
        "none",
        "record",
        "the record loses the activity `recommendations`",
    );
    // One T001 fixed and one introduced: two findings, not one renamed.
    let messages = |list: &str| -> Vec<String> {
        json["findings"][list]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "T001")
            .map(|f| f["message"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        messages("fixed"),
        ["EEA personal data reaches `adnet` in US, a transfer without adequate protection"]
    );
    assert_eq!(
        messages("introduced"),
        ["EEA personal data reaches `reseller` in IN, a transfer without adequate protection"]
    );
}

#[test]
fn a_rename_and_flows_moved_between_files_are_a_rename_and_nothing_else() {
    let (_dir, shop) = shop_repository();
    // `crm` becomes `sales` everywhere, and the flows move into two files.
    for file in ["policies/systems.redline", "policies/flows.redline"] {
        let path = shop.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("crm", "sales")).unwrap();
    }
    let flows = std::fs::read_to_string(shop.join("policies/flows.redline")).unwrap();
    let (first, second) = flows.split_at(flows.find("flow visitor").unwrap());
    std::fs::write(shop.join("policies/flows.redline"), first).unwrap();
    std::fs::write(shop.join("policies/more-flows.redline"), second).unwrap();
    let run = redline(
        &shop,
        &["diff", "--base", "main", AS_OF, "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let json = run.json();
    assert_eq!(
        changes(&json),
        [(
            "none".to_owned(),
            "rename".to_owned(),
            "system `crm` is renamed `sales`, and is otherwise unchanged".to_owned()
        )]
    );
    // The example's findings moved with the flows: none is new, none is fixed.
    assert_eq!(json["summary"]["introduced"], 0, "{json:#}");
    assert_eq!(json["summary"]["fixed"], 0, "{json:#}");
}

#[test]
fn a_project_against_itself_has_no_changes() {
    for example in ["webshop", "saas", "hotel", "clinic"] {
        let (_dir, project) = copy_example(example);
        git(&project, &["init", "-q", "-b", "main"]);
        commit_all(&project, "as it is");
        let run = redline(&project, &["diff", "--base", "main", "--format", "json"]);
        assert_eq!(run.code, 0, "{example}: {}", run.transcript());
        let json = run.json();
        assert_eq!(json["changes"], serde_json::json!([]), "{example}");
        assert_eq!(json["summary"]["introduced"], 0, "{example}");
        assert_eq!(json["summary"]["fixed"], 0, "{example}");
        assert_eq!(
            json["headline"],
            "This change does not change how personal data is processed."
        );
    }
}

#[test]
fn swapping_base_and_head_swaps_additions_and_removals() {
    let (_dir, shop) = shop_repository();
    transfer_and_retention(&shop);
    std::fs::remove_file(shop.join("policies/rules.redline")).unwrap();
    commit_all(&shop, "head");
    let read = |base: &str, head: &str| {
        let run = redline(
            &shop,
            &[
                "diff", "--base", base, "--head", head, AS_OF, "--format", "json",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.transcript());
        run.json()
    };
    let forward = read("main~1", "main");
    let backward = read("main", "main~1");
    let keyed = |json: &serde_json::Value, swap: bool| {
        let mut out: Vec<(String, String, String)> = json["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let effect = c["effect"].as_str().unwrap();
                let effect = match (swap, effect) {
                    (true, "added") => "removed",
                    (true, "removed") => "added",
                    (_, other) => other,
                };
                (
                    c["kind"].as_str().unwrap().to_owned(),
                    c["subject"].as_str().unwrap().to_owned(),
                    effect.to_owned(),
                )
            })
            .collect();
        out.sort();
        out
    };
    assert!(!keyed(&forward, false).is_empty());
    assert_eq!(keyed(&forward, false), keyed(&backward, true));
    assert_eq!(
        forward["findings"]["introduced"], backward["findings"]["fixed"],
        "introduced one way is fixed the other"
    );
    assert_eq!(
        forward["findings"]["fixed"],
        backward["findings"]["introduced"]
    );
}

#[test]
fn a_base_without_the_project_or_with_input_errors_is_said_so() {
    // The project does not exist at the base: everything is new.
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q", "-b", "main"]);
    std::fs::write(repo.join("README.md"), "an application\n").unwrap();
    commit_all(repo, "before any policy");
    support::copy_tree(
        &support::root().join("examples/webshop"),
        &repo.join("shop"),
    );
    let run = redline(
        repo,
        &["diff", "--base", "main", "shop", AS_OF, "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let json = run.json();
    assert_eq!(
        json["notes"],
        serde_json::json!(["`shop` is a new project: everything in it is new"])
    );
    let all_added = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["effect"] == "added");
    assert!(all_added, "{json:#}");
    assert_eq!(
        json["summary"]["introduced"], 3,
        "the example's three errors"
    );

    // The project does not exist at the head: everything is removed. The base waits for
    // the head's parses, and a head without a project parses nothing: the run must still
    // end, so it is given a minute.
    commit_all(repo, "the shop's policies");
    let run = within_a_minute(
        repo,
        &[
            "diff", "--base", "main", "--head", "main~1", "shop", AS_OF, "--format", "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let json = run.json();
    assert_eq!(
        json["notes"],
        serde_json::json!([
            "`shop` is no longer a project at the head: everything in it is removed"
        ])
    );
    assert_eq!(json["summary"]["fixed"], 3, "the example's three errors");

    // The base has a typo in a flow; the head fixes it.
    let (_dir, shop) = copy_example("webshop");
    git(&shop, &["init", "-q", "-b", "main"]);
    edit(
        &shop.join("policies/flows.redline"),
        "flow crm      -> mailer  : email for newsletter",
        "flow crm      -> mailer  : emial for newsletter",
    );
    commit_all(&shop, "a typo");
    edit(
        &shop.join("policies/flows.redline"),
        "flow crm      -> mailer  : emial for newsletter",
        "flow crm      -> mailer  : email for newsletter",
    );
    let run = redline(
        &shop,
        &["diff", "--base", "main", AS_OF, "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let json = run.json();
    assert_eq!(
        json["notes"],
        serde_json::json!([
            "`.` has 1 input error at the base: what did not resolve is not compared"
        ])
    );
}

/// `redline` with `args`, failing the test where it has not ended within a minute.
fn within_a_minute(cwd: &Path, args: &[&str]) -> support::Run {
    let (cwd, args): (std::path::PathBuf, Vec<String>) = (
        cwd.to_path_buf(),
        args.iter().map(|a| (*a).to_owned()).collect(),
    );
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let _ = send.send(redline(&cwd, &args));
    });
    match receive.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(run) => run,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("the run did not end within a minute")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            panic!("the thread that ran it panicked (above)")
        }
    }
}

#[test]
fn a_missing_ref_and_a_shallow_clone_are_clear_errors() {
    let (_dir, shop) = shop_repository();
    let run = redline(&shop, &["diff", "--base", "no-such-branch"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("the revision `no-such-branch` does not exist in this repository"),
        "{}",
        run.stderr
    );

    transfer_and_retention(&shop);
    commit_all(&shop, "second");
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", shop.display());
    git(
        clones.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let shallow = clones.path().join("shallow");
    let run = redline(&shallow, &["diff", "--base", "HEAD~1"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("shallow"), "{}", run.stderr);
    assert!(run.stderr.contains("fetch-depth: 0"), "{}", run.stderr);

    let outside = tempfile::tempdir().unwrap();
    let run = redline(outside.path(), &["diff", "--base", "main"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("is not in a git repository"),
        "{}",
        run.stderr
    );
}

/// A new repository with two projects made by `redline init`, `svc1` and `svc2`.
fn two_projects() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    for project in ["svc1", "svc2"] {
        let run = redline(dir.path(), &["init", project]);
        assert_eq!(run.code, 0, "{}", run.transcript());
    }
    dir
}

#[test]
fn a_file_moved_between_projects_changes_both() {
    let dir = two_projects();
    let repo = dir.path();
    std::fs::write(
        repo.join("svc1/policies/support.redline"),
        "category phone : contact.phone
purpose calls : service.support {
  basis contract
  retain 1 year
}
flow customer -> app : phone for calls
",
    )
    .unwrap();
    commit_all(repo, "two projects");
    std::fs::rename(
        repo.join("svc1/policies/support.redline"),
        repo.join("svc2/policies/support.redline"),
    )
    .unwrap();
    let run = redline(
        repo,
        &[
            "diff", "--base", "main", "svc1", "svc2", AS_OF, "--format", "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let json = run.json();
    let reach: Vec<(String, String)> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "reach")
        .map(|c| {
            (
                c["project"].as_str().unwrap().to_owned(),
                c["effect"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        reach,
        [
            ("svc2".to_owned(), "added".to_owned()),
            ("svc1".to_owned(), "removed".to_owned())
        ]
    );
}

/// A category and a consent renamed everywhere are two renames: the record's derived
/// texts ("orders (transaction.order_history)") and a basis that quotes its consent are
/// read with the new names, so nothing else changes.
#[test]
fn a_category_and_a_consent_renamed_are_renames_and_nothing_else() {
    let (_dir, shop) = shop_repository();
    for file in [
        "policies/data.redline",
        "policies/flows.redline",
        "policies/systems.redline",
    ] {
        let path = shop.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("orders", "purchases")).unwrap();
    }
    let purposes = shop.join("policies/purposes.redline");
    let text = std::fs::read_to_string(&purposes).unwrap();
    std::fs::write(&purposes, text.replace("newsletter_optin", "news_optin")).unwrap();
    let run = redline(
        &shop,
        &["diff", "--base", "main", AS_OF, "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let json = run.json();
    let mut found = changes(&json);
    found.sort();
    let rename = |summary: &str| ("none".to_owned(), "rename".to_owned(), summary.to_owned());
    assert_eq!(
        found,
        [
            rename("category `orders` is renamed `purchases`, and is otherwise unchanged"),
            rename(
                "consent `newsletter_optin` is renamed `news_optin`, and is otherwise unchanged"
            ),
        ],
        "{json:#}"
    );
    assert_eq!(json["summary"]["introduced"], 0, "{json:#}");
    assert_eq!(json["summary"]["fixed"], 0, "{json:#}");
}

/// The shop's own system moving between two third countries changes the transfer: from
/// India, with no adequacy decision, to Switzerland, which has one.
#[test]
fn a_system_moving_between_third_countries_changes_its_transfer() {
    let (_dir, shop) = copy_example("webshop");
    git(&shop, &["init", "-q", "-b", "main"]);
    let systems = shop.join("policies/systems.redline");
    edit(&systems, "  location IE\n", "  location IN\n");
    commit_all(&shop, "the CRM in India");
    edit(&systems, "  location IN\n", "  location CH\n");
    let run = redline(
        &shop,
        &["diff", "--base", "main", AS_OF, "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let found = changes(&run.json());
    assert!(
        found.iter().any(|(risk, kind, summary)| risk == "none"
            && kind == "transfer"
            && summary.starts_with("the transfer to `crm` (system, CH) changes: ")),
        "{found:#?}"
    );
}

/// An input error is its own project's: the note names that project alone.
#[test]
fn an_input_error_is_noted_for_its_own_project_only() {
    let dir = two_projects();
    let repo = dir.path();
    commit_all(repo, "two projects");
    std::fs::write(
        repo.join("svc1/policies/typo.redline"),
        "flow customer -> app : phnoe for calls\n",
    )
    .unwrap();
    let run = redline(
        repo,
        &[
            "diff", "--base", "main", "svc1", "svc2", AS_OF, "--format", "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let notes = &run.json()["notes"];
    let notes: Vec<&str> = notes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with("`svc1` has 2 input errors at the head"),
        "{notes:?}"
    );
}

/// The base is read as the loader reads a work tree: with its `.gitignore` and `.ignore`
/// (files they name stay out, even where git tracks them), and whole when its checkout
/// cannot link to the work tree, as from a temporary directory on another file system
/// (`/dev/shm`, where there is one). The comparison is the same either way.
#[test]
fn the_base_is_read_whole_with_its_ignore_files_from_any_temporary_directory() {
    let (_dir, shop) = copy_example("webshop");
    git(&shop, &["init", "-q", "-b", "main"]);
    // Inside `policies/`, which the example's `include` reads: only the ignore files
    // keep these out.
    std::fs::write(shop.join(".gitignore"), "drafts/\n").unwrap();
    std::fs::write(shop.join(".ignore"), "scratch/\n").unwrap();
    for dir in ["drafts", "scratch"] {
        let dir_path = shop.join("policies").join(dir);
        std::fs::create_dir(&dir_path).unwrap();
        std::fs::write(
            dir_path.join("leak.redline"),
            format!("recipient leak_{dir} : partner {{ location IN }}\nflow crm -> leak_{dir} : email for checkout\n"),
        )
        .unwrap();
    }
    git(&shop, &["add", "-A"]);
    git(&shop, &["add", "-f", "policies/drafts/leak.redline"]);
    commit_all(&shop, "the web shop, and ignored drafts");
    transfer_and_retention(&shop);
    let run = |tmp: Option<&Path>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_redline"));
        command
            .args(["diff", "--base", "main", AS_OF, "--format", "json"])
            .current_dir(&shop)
            .env("NO_COLOR", "1");
        if let Some(tmp) = tmp {
            command.env("TMPDIR", tmp);
        }
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let here = run(None);
    let json: serde_json::Value = serde_json::from_str(&here).unwrap();
    let found = changes(&json);
    assert!(
        found
            .iter()
            .all(|(_, _, summary)| !summary.contains("leak")),
        "{found:#?}"
    );
    for expected in [
        "new transfer to `analytics` (recipient, IN): ",
        "raises the retention for `payment` from 13 months to 3 years",
    ] {
        assert!(
            found.iter().any(|(_, _, s)| s.starts_with(expected)),
            "{found:#?}"
        );
    }
    assert_eq!(json["notes"], serde_json::json!([]), "{json:#}");
    assert_eq!(json["summary"]["fixed"], 0, "{json:#}");
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        assert_eq!(run(Some(shm)), here);
    }
}
