//! What the server answers, on a copy of the web shop example.

use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    PrepareRenameRequest, References, Rename,
};
use serde_json::{Value, json};

use crate::{TestServer, example};

fn labels(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn diagnostics_follow_edits_with_the_paths_and_fixes() {
    let (_dir, shop) = example("webshop");
    let mut server = TestServer::start(&shop);
    let flows = server.open("policies/flows.redline");
    // Opening one file publishes for every file of its project that has findings.
    let published = server.take_published();
    let counts: Vec<(&str, usize)> = published
        .iter()
        .map(|(u, d)| (u.as_str(), d.as_array().unwrap().len()))
        .collect();
    insta::assert_debug_snapshot!("opened", counts);
    let creep = published[0].1[0].clone();
    assert_eq!(creep["code"], "P001");
    insta::assert_snapshot!("purpose-creep", server.shown(&creep));
    // The transfer, reported at the recipient, shows the flows the data took to it.
    let transfer = published
        .iter()
        .flat_map(|(_, d)| d.as_array().unwrap().iter())
        .find(|d| d["code"] == "T001")
        .expect("the web shop's transfer")
        .clone();
    let related: Vec<String> = transfer["relatedInformation"]
        .as_array()
        .map(|r| {
            r.iter()
                .map(|i| {
                    let uri = i["location"]["uri"].as_str().unwrap();
                    let file = uri.rsplit('/').next().unwrap();
                    format!("{file}:{}", i["location"]["range"]["start"]["line"])
                })
                .collect()
        })
        .unwrap_or_default();
    assert!(
        related.iter().any(|r| r.starts_with("flows.redline:")),
        "{related:?}"
    );
    // A finding offers a suppression comment with a reason to fill in.
    let actions = server.request::<CodeActionRequest>(json!({
        "textDocument": { "uri": flows.as_str() },
        "range": creep["range"],
        "context": { "diagnostics": [creep] }
    }));
    insta::assert_snapshot!("suppress", server.shown(&actions[0]["edit"]));

    // The last flow (line 11) is the purpose creep and the transfer: deleting it clears
    // both, in this file and in systems.redline (the transfer is reported at the
    // recipient); the missing consent stays, and the test that expects the flow now
    // names a flow that does not exist.
    server.edit(&flows, [(10, 0), (11, 0)], "");
    insta::assert_debug_snapshot!("deleted-flow", server.take_all_diagnostics());

    // A misspelt category: an unknown name, with a fix.
    server.edit(
        &flows,
        [(10, 0), (10, 0)],
        "flow crm -> adnet : ordrs for ads\n",
    );
    let typo = server.take_diagnostics(&flows).expect("republished");
    server.take_all_diagnostics();
    let unknown = typo
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "E002")
        .cloned()
        .expect("an unknown-name diagnostic");
    insta::assert_snapshot!("unknown-name", server.shown(&unknown));
    let actions = server.request::<CodeActionRequest>(json!({
        "textDocument": { "uri": flows.as_str() },
        "range": unknown["range"],
        "context": { "diagnostics": [unknown] }
    }));
    insta::assert_snapshot!("fix-typo", server.shown(&actions));

    // A syntax error as it is typed: one diagnostic, the rest of the file still checked.
    server.edit(&flows, [(0, 0), (0, 0)], "categroy x : contact.email\n");
    let broken = server.take_diagnostics(&flows).expect("republished");
    server.take_all_diagnostics();
    let codes: Vec<&str> = broken
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"E001"), "{codes:?}");
}

#[test]
fn hover_explains_ids_places_names_and_rules() {
    let (_dir, shop) = example("webshop");
    let mut server = TestServer::start(&shop);
    let data = server.open("policies/data.redline");
    let systems = server.open("policies/systems.redline");
    server.take_all_diagnostics();
    // `category email    : contact.email`, on `contact.email`.
    let taxonomy = server.request::<HoverRequest>(TestServer::at(&data, 1, 24));
    insta::assert_snapshot!(
        "hover-category",
        taxonomy["contents"]["value"].as_str().unwrap()
    );
    // `recipient adnet : ad_network { location US }`, on `US`.
    let country = server.request::<HoverRequest>(TestServer::at(&systems, 13, 42));
    insta::assert_snapshot!(
        "hover-country",
        country["contents"]["value"].as_str().unwrap()
    );
    // `system crm     : database {`, on `database`.
    let kind = server.request::<HoverRequest>(TestServer::at(&systems, 2, 18));
    assert!(
        kind["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("**database** (system kind)")
    );
    // `  safeguard dpf`, on `dpf`: the safeguard's entry of the knowledge.
    let safeguard = server.request::<HoverRequest>(TestServer::at(&systems, 8, 13));
    let text = safeguard["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with(
            "**dpf**: EU-US Data Privacy Framework certification (GDPR Art. 45; \
             Implementing Decision (EU) 2023/1795)"
        ),
        "{text}"
    );
    // A name, used in another file.
    let flows = server.open("policies/flows.redline");
    server.take_all_diagnostics();
    let name = server.request::<HoverRequest>(TestServer::at(&flows, 7, 18));
    insta::assert_snapshot!("hover-name", name["contents"]["value"].as_str().unwrap());
    // A rule in a suppression comment.
    server.edit(
        &flows,
        [(10, 0), (10, 0)],
        "# redline: allow purpose-creep, non-adequate-transfer -- the DPO accepted it\n",
    );
    server.take_all_diagnostics();
    let rule = server.request::<HoverRequest>(TestServer::at(&flows, 10, 40));
    let page = rule["contents"]["value"].as_str().unwrap();
    assert!(page.starts_with("# non-adequate-transfer (T001)"), "{page}");
}

#[test]
fn completion_offers_what_the_line_expects_even_when_it_does_not_parse() {
    let (_dir, shop) = example("webshop");
    let mut server = TestServer::start(&shop);
    let new = server.open_text("policies/new.redline", "category phone : cont\n");
    server.take_all_diagnostics();
    let ids = server.request::<Completion>(TestServer::at(&new, 0, 21));
    let ids = labels(&ids);
    assert!(ids.contains(&"contact.email".to_owned()) && ids.contains(&"contact.phone".to_owned()));
    assert!(
        !ids.contains(&"service.payment".to_owned()),
        "purposes are not categories"
    );

    server.edit(
        &new,
        [(1, 0), (1, 0)],
        "system phones : database {\n  location \n}\n",
    );
    server.take_all_diagnostics();
    let countries = labels(&server.request::<Completion>(TestServer::at(&new, 2, 11)));
    for code in ["FR", "US", "EEA", "US-CA"] {
        assert!(countries.contains(&code.to_owned()), "{code} missing");
    }
    assert!(countries.len() > 250, "{}", countries.len());

    server.edit(&new, [(4, 0), (4, 0)], "flow webshop -> phones : phone, \n");
    server.take_all_diagnostics();
    let categories = labels(&server.request::<Completion>(TestServer::at(&new, 4, 32)));
    assert_eq!(
        categories,
        ["address", "browsing", "card", "email", "orders", "phone"]
    );

    server.edit(
        &new,
        [(5, 0), (5, 0)],
        "purpose calls : service.support {\n  basis \n}\n",
    );
    server.take_all_diagnostics();
    let bases = labels(&server.request::<Completion>(TestServer::at(&new, 6, 8)));
    insta::assert_debug_snapshot!("bases", bases);
}

#[test]
fn names_are_filtered_by_what_is_typed_and_a_long_list_says_it_is_incomplete() {
    let (_dir, shop) = example("webshop");
    let mut server = TestServer::start(&shop);
    // 250 systems: more than one answer offers.
    let many: String = (0..250)
        .map(|i| format!("system store{i:03} : database {{ location FR }}\n"))
        .collect();
    server.open_text("policies/many.redline", &many);
    let new = server.open_text("policies/new.redline", "flow webshop -> \n");
    server.take_all_diagnostics();
    let all = server.request::<Completion>(TestServer::at(&new, 0, 16));
    assert_eq!(all["isIncomplete"], json!(true), "{all}");
    assert_eq!(all["items"].as_array().unwrap().len(), 200);

    // What is typed narrows the list: the letters in order, any case.
    server.edit(&new, [(0, 16), (0, 16)], "STR24");
    server.take_all_diagnostics();
    let narrowed = server.request::<Completion>(TestServer::at(&new, 0, 21));
    // s, t, r, then a 2 and later a 4: 024, 124, 204 to 234, and 240 to 249.
    let mut expected = vec!["store024", "store124", "store204", "store214"];
    expected.extend(["store224", "store234"]);
    let tail: Vec<String> = (240..250).map(|i| format!("store{i}")).collect();
    let mut expected: Vec<String> = expected.into_iter().map(String::from).collect();
    expected.extend(tail);
    assert_eq!(labels(&narrowed), expected);
}

#[test]
fn definition_references_and_rename_cross_files() {
    let (_dir, shop) = example("webshop");
    let mut server = TestServer::start(&shop);
    let flows = server.open("policies/flows.redline");
    server.take_all_diagnostics();
    // `flow webshop  -> crm     : …` on `crm`.
    let at_crm = TestServer::at(&flows, 7, 18);
    let definition = server.request::<GotoDefinition>(at_crm.clone());
    insta::assert_snapshot!("definition", server.shown(&definition));
    let mut references = at_crm.clone();
    references["context"] = json!({ "includeDeclaration": true });
    let found = server.request::<References>(references);
    // The declaration, four flows here, and two flows and two expectations in tests.
    assert_eq!(
        found.as_array().unwrap().len(),
        9,
        "{}",
        server.shown(&found)
    );
    let range = server.request::<PrepareRenameRequest>(at_crm.clone());
    assert_eq!(range["start"], json!({ "line": 7, "character": 17 }));
    let mut rename = at_crm.clone();
    rename["newName"] = json!("customer_db");
    let edit = server.request::<Rename>(rename);
    let mut files: Vec<(String, usize)> = edit["changes"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(uri, edits)| {
            (
                uri.rsplit('/').next().unwrap().to_owned(),
                edits.as_array().unwrap().len(),
            )
        })
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            ("advertising.redline".to_owned(), 4),
            ("flows.redline".to_owned(), 4),
            ("systems.redline".to_owned(), 1)
        ]
    );
    let mut bad = at_crm;
    bad["newName"] = json!("2crm");
    let refused = server.request_result("textDocument/rename", bad);
    assert!(refused.is_err_and(|e| e.contains("is not a name")));
}

#[test]
fn formatting_and_the_outline() {
    let (_dir, shop) = example("webshop");
    let mut server = TestServer::start(&shop);
    let messy = server.open_text(
        "policies/messy.redline",
        "category phone:contact.phone\nsystem phones : database { location FR\nstores phone for 1 year }\n",
    );
    server.take_all_diagnostics();
    let edits = server.request::<Formatting>(json!({
        "textDocument": { "uri": messy.as_str() },
        "options": { "tabSize": 2, "insertSpaces": true }
    }));
    insta::assert_snapshot!("formatting", edits[0]["newText"].as_str().unwrap());
    let systems = server.open("policies/systems.redline");
    server.take_all_diagnostics();
    let outline = server.request::<DocumentSymbolRequest>(json!({
        "textDocument": { "uri": systems.as_str() }
    }));
    let names: Vec<String> = outline
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} ({})",
                s["name"].as_str().unwrap(),
                s["detail"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_debug_snapshot!("outline", names);
}
