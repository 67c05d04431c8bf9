#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Properties of the meaning the rules share (RULES.md, "How data moves"), on generated
//! projects: a flow carried back up a cycle never launders purpose creep; a category
//! declared `anonymised` is judged exactly as data that is not personal; and for every
//! node the data map's colour, the record of processing's transfer line and
//! non-adequate-transfer tell the same decision.

use std::collections::BTreeSet;
use std::path::PathBuf;

use proptest::prelude::*;
use redline::check::{CheckOptions, Outcome, check};
use redline::diagnostic::Diagnostic;
use redline::export::{map, ropa};
use redline::knowledge::Knowledge;
use redline::model::NodeId;

const CATEGORIES: [&str; 6] = [
    "contact.email",
    "transaction.order_history",
    "special.health",
    "device.cookie_id",
    "identity.name",
    "anonymous.aggregate",
];

/// Purposes with every kind of compatibility: same top level, declared, consent, the law,
/// research, an Art. 9(2) condition; `q` is compatible with none of them.
const PURPOSES: &str = "\
purpose p0 : service.account { basis contract retain 1 year }
purpose p1 : service.support { basis contract retain 2 years }
purpose p2 : marketing.direct_email { basis consent k0 retain 3 years after last_contact }
purpose p3 : advertising.contextual { basis legitimate_interests \"L\" retain 1 year }
purpose p4 : legal.compliance { basis legal_obligation \"law\" retain 5 years }
purpose p5 : research.statistics { basis legitimate_interests \"L\" retain 1 year }
purpose p6 : product.improvement { basis legitimate_interests \"L\" compatible p0 retain 1 year }
purpose p7 : personalisation.content { basis explicit_consent k1 condition health_care \"x\" retain 1 year }
purpose q : sharing.data_sale { basis legitimate_interests \"L\" retain 1 year }
consent k0 { default denied withdraw \"w\" }
consent k1 { default denied withdraw \"w\" explicit }
";

const PLACES: [&str; 7] = ["FR", "IE", "DE", "US", "IN", "CH", "BR"];
const SAFEGUARDS: [&str; 5] = [
    "",
    "safeguard scc",
    "safeguard dpf",
    "safeguard derogation \"occasional\"",
    "safeguard bcr",
];
const RECIPIENT_KINDS: [&str; 3] = ["partner", "authority", "group_company"];

/// Node names: two subjects, four systems, three processors, two recipients.
const NODES: [&str; 11] = [
    "s0", "s1", "y0", "y1", "y2", "y3", "r0", "r1", "r2", "e0", "e1",
];

#[derive(Clone, Debug)]
struct Project {
    controller: &'static str,
    subject_places: [Option<&'static str>; 2],
    categories: Vec<usize>,
    system_places: [&'static str; 4],
    processors: [(&'static str, &'static str, Option<usize>); 3],
    recipients: [(&'static str, &'static str, &'static str); 2],
    collections: Vec<(usize, usize, Vec<usize>, Vec<usize>)>,
    flows: Vec<(usize, usize, Vec<usize>, Vec<usize>)>,
}

impl Project {
    fn categories_text(&self, anonymised: Option<usize>) -> String {
        self.categories
            .iter()
            .enumerate()
            .map(|(i, &path)| {
                let mark = if anonymised == Some(i) {
                    " { anonymised }"
                } else {
                    ""
                };
                format!("category c{i} : {}{mark}\n", CATEGORIES[path])
            })
            .collect()
    }

    fn flow_text(
        &self,
        flow: &(usize, usize, Vec<usize>, Vec<usize>),
        rename: Option<usize>,
    ) -> String {
        let (from, to, categories, purposes) = flow;
        let categories: Vec<String> = categories
            .iter()
            .map(|&c| {
                let c = c % self.categories.len();
                if rename == Some(c) {
                    format!("z{c}")
                } else {
                    format!("c{c}")
                }
            })
            .collect();
        let purposes: Vec<String> = purposes.iter().map(|p| format!("p{p}")).collect();
        format!(
            "flow {} -> {} : {} for {}\n",
            NODES[*from],
            NODES[*to],
            categories.join(", "),
            purposes.join(", ")
        )
    }

    /// The policy text; `anonymised` declares one category so; `replaced` carries a
    /// non-personal category `zN` in its place on every flow instead.
    fn text(&self, anonymised: Option<usize>, replaced: Option<usize>) -> String {
        let mut out = format!(
            "controller \"C\" {{ location {} dpo \"d\" }}\n",
            self.controller
        );
        for (i, place) in self.subject_places.iter().enumerate() {
            let location = place
                .map(|p| format!(" {{ location {p} }}"))
                .unwrap_or_default();
            out.push_str(&format!("subject s{i} : customer{location}\n"));
        }
        out.push_str(&self.categories_text(anonymised));
        out.push_str(PURPOSES);
        for (i, place) in self.system_places.iter().enumerate() {
            out.push_str(&format!(
                "system y{i} : application {{ location {place} }}\n"
            ));
        }
        for (i, (place, safeguard, sub)) in self.processors.iter().enumerate() {
            let sub = sub
                .filter(|s| *s != i)
                .map(|s| format!(" subprocessor r{s}"))
                .unwrap_or_default();
            out.push_str(&format!(
                "processor r{i} {{ location {place} {safeguard} dpa \"d\"{sub} }}\n"
            ));
        }
        for (i, (kind, place, safeguard)) in self.recipients.iter().enumerate() {
            out.push_str(&format!(
                "recipient e{i} : {kind} {{ location {place} {safeguard} contract \"c\" }}\n"
            ));
        }
        for flow in self.collections.iter().chain(&self.flows) {
            out.push_str(&self.flow_text(flow, replaced));
        }
        // Declared last, so that every other line and column stays where it was.
        if let Some(c) = replaced {
            out.push_str(&format!("category z{c} : anonymous.aggregate\n"));
        }
        out
    }
}

fn project() -> impl Strategy<Value = Project> {
    let place = || prop::sample::select(PLACES.to_vec());
    let categories = prop::collection::vec(0..CATEGORIES.len(), 1..5);
    let indices = |max: usize| {
        prop::collection::btree_set(0..max, 1..3).prop_map(|s| s.into_iter().collect::<Vec<_>>())
    };
    let collection = (0..2usize, 2..6usize, indices(5), indices(8));
    let flow = (2..NODES.len(), 0..NODES.len(), indices(5), indices(8));
    (
        prop::sample::select(vec!["FR", "US", "DE"]),
        [prop::option::of(place()), prop::option::of(place())],
        categories,
        [place(), place(), place(), place()],
        [
            (
                place(),
                prop::sample::select(SAFEGUARDS.to_vec()),
                prop::option::of(0..3usize),
            ),
            (
                place(),
                prop::sample::select(SAFEGUARDS.to_vec()),
                prop::option::of(0..3usize),
            ),
            (
                place(),
                prop::sample::select(SAFEGUARDS.to_vec()),
                prop::option::of(0..3usize),
            ),
        ],
        [
            (
                prop::sample::select(RECIPIENT_KINDS.to_vec()),
                place(),
                prop::sample::select(SAFEGUARDS.to_vec()),
            ),
            (
                prop::sample::select(RECIPIENT_KINDS.to_vec()),
                place(),
                prop::sample::select(SAFEGUARDS.to_vec()),
            ),
        ],
        prop::collection::vec(collection, 1..4),
        prop::collection::vec(flow, 0..14),
    )
        .prop_map(
            |(
                controller,
                subject_places,
                categories,
                system_places,
                processors,
                recipients,
                collections,
                flows,
            )| {
                Project {
                    controller,
                    subject_places,
                    categories,
                    system_places,
                    processors,
                    recipients,
                    collections,
                    flows,
                }
            },
        )
}

fn run(text: &str) -> (tempfile::TempDir, Outcome) {
    run_keeping(text, false)
}

/// `keep_analysis`: the project keeps what its rules decided (as `redline graph`,
/// `ropa`, `notice` and `diff` load it).
fn run_keeping(text: &str, keep_analysis: bool) -> (tempfile::TempDir, Outcome) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policy.redline"), text).unwrap();
    let outcome = check(
        dir.path(),
        &CheckOptions {
            paths: vec![PathBuf::from(".")],
            keep_analysis,
            ..CheckOptions::default()
        },
    )
    .unwrap();
    let input_errors: Vec<&Diagnostic> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.rule.is_input())
        .collect();
    assert!(input_errors.is_empty(), "{input_errors:?}\n{text}");
    (dir, outcome)
}

/// Every finding as (code, line, column, message), without the declaration-level P002.
/// Every finding but those about the declaration itself: whether it is used (P002) and
/// whether its `anonymised` claim is plausible (P008, which judges the claim, not the data).
fn judged(outcome: &Outcome) -> BTreeSet<(String, (usize, usize), String)> {
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.rule.code != "P002" && d.rule.code != "P008")
        .map(|d| {
            let at = d.span().map_or((0, 0), |s| {
                outcome.sources.get(s.file).unwrap().line_col(s.start)
            });
            (d.rule.code.to_string(), at, d.message.clone())
        })
        .collect()
}

fn creep(outcome: &Outcome) -> BTreeSet<u32> {
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.rule.code == "P001")
        .filter_map(|d| d.span().map(|s| s.start))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    /// A flow that carries a purpose back up a cycle (the reverse of an existing flow,
    /// for `q`, which nothing holds and nothing is compatible with) never removes a
    /// purpose-creep finding: the purpose drifts, and a drift grants nothing.
    #[test]
    fn a_flow_back_up_a_cycle_never_launders_purpose_creep(p in project(), pick in any::<prop::sample::Index>()) {
        let text = p.text(None, None);
        let (_dir, before) = run(&text);
        let internal: Vec<&(usize, usize, Vec<usize>, Vec<usize>)> = p.flows.iter().filter(|f| f.1 >= 2).collect();
        prop_assume!(!internal.is_empty());
        let (from, to, categories, _) = internal[pick.index(internal.len())];
        let back = format!(
            "flow {} -> {} : c{} for q\n",
            NODES[*to],
            NODES[*from],
            categories[0] % p.categories.len()
        );
        let (_dir2, after) = run(&format!("{text}{back}"));
        let lost: Vec<u32> = creep(&before).difference(&creep(&after)).copied().collect();
        prop_assert!(lost.is_empty(), "{back} removed findings at {lost:?}\n{text}");
    }

    /// Declaring a category `anonymised` makes every rule judge it exactly as data that
    /// is not personal at all: the same findings as when a non-personal category travels
    /// in its place.
    #[test]
    fn an_anonymised_category_is_judged_as_data_that_is_not_personal(p in project(), pick in any::<prop::sample::Index>()) {
        let c = pick.index(p.categories.len());
        let (_a, anonymised) = run(&p.text(Some(c), None));
        let (_b, replaced) = run(&p.text(None, Some(c)));
        prop_assert_eq!(judged(&anonymised), judged(&replaced));
        let name = format!("`c{c}`");
        for d in &anonymised.diagnostics {
            if d.rule.code != "P002" && d.rule.code != "P008" {
                prop_assert!(!d.message.contains(&name), "{}: {}", d.rule.code, d.message);
            }
        }
    }

    /// For every node, the map's colour, the record's transfer line and
    /// non-adequate-transfer agree.
    #[test]
    fn the_map_the_record_and_the_transfer_rule_agree(p in project()) {
        let (_dir, outcome) = run(&p.text(None, None));
        let knowledge = Knowledge::builtin().unwrap();
        let on = knowledge.as_of();
        let project = &outcome.projects[0];
        let data_map = map::build(project, &outcome.diagnostics, knowledge, on, &map::Slice::default());
        let record = ropa::build(project, knowledge, on);
        let model = &project.model;
        for node in model.nodes() {
            let name = model.node_name(node);
            let declaration = model.span_of(node.declared()).unwrap();
            let t001 = outcome.diagnostics.iter().any(|d| {
                d.rule.code == "T001"
                    && d.span().is_some_and(|s| declaration.start <= s.start && s.end <= declaration.end)
            });
            let drawn = data_map.nodes.iter().find(|n| n.name == name).unwrap();
            let red = drawn.zone == map::Zone::NonAdequate;
            prop_assert_eq!(t001, red, "{} in zone {:?}", name, drawn.zone);
            // The record writes the same decision wherever it names the node's transfer.
            let unprotected = drawn.transfer.starts_with("unprotected");
            prop_assert_eq!(unprotected, red, "{}: {}", name, drawn.transfer);
            for activity in &record.activities {
                for transfer in activity.transfers.iter().filter(|t| t.to == name) {
                    prop_assert_eq!(&transfer.decision.text, &drawn.transfer);
                    prop_assert_eq!(!transfer.decision.protected, red, "{}", transfer.text);
                }
            }
            if let NodeId::Processor(_) = node {
                let entry = record.processors.iter().find(|e| e.name == name).unwrap();
                prop_assert_eq!(&entry.transfer.text, &drawn.transfer);
                prop_assert_eq!(!entry.transfer.protected, red);
            }
        }
    }

    /// The record, the map, the CCPA notice and a diff's facts drawn from what the rules
    /// decided (kept with the project) are those drawn by deciding again.
    #[test]
    fn the_answers_the_rules_leave_are_the_answers_decided_again(p in project()) {
        let text = p.text(None, None);
        let knowledge = Knowledge::builtin().unwrap();
        let on = knowledge.as_of();
        let drawn = |keep: bool| {
            let (_dir, outcome) = run_keeping(&text, keep);
            let project = &outcome.projects[0];
            prop_assert_eq!(project.analysis.is_some(), keep);
            let data_map = map::build(project, &outcome.diagnostics, knowledge, on, &map::Slice::default());
            let record = ropa::build(project, knowledge, on);
            let (side, _) = redline::diff::side_of(&outcome, knowledge, on);
            let notice = redline::export::notice::build(project, knowledge, on, "ccpa");
            Ok((
                serde_json::to_string(&data_map).unwrap(),
                serde_json::to_string(&record).unwrap(),
                format!("{side:?}"),
                format!("{notice:?}"),
            ))
        };
        prop_assert_eq!(drawn(true)?, drawn(false)?);
    }

    /// A project diffed against itself has no change; two projects diffed one way and
    /// the other have the same changes with additions and removals swapped, and the
    /// findings one way introduces are those the other fixes.
    #[test]
    fn a_diff_is_empty_on_itself_and_swaps_with_its_sides(p in project(), q in project()) {
        use redline::diff::facts::rename_words;
        use redline::diff::{ChangeKind, Effect, compare_sides, side_of};
        let knowledge = Knowledge::builtin().unwrap();
        let on = knowledge.as_of();
        let (_a, first) = run(&p.text(None, None));
        let (_b, second) = run(&q.text(None, None));
        let (p_side, p_findings) = side_of(&first, knowledge, on);
        let (q_side, q_findings) = side_of(&second, knowledge, on);

        let same = compare_sides(&p_side, &p_side, &p_findings, &p_findings);
        prop_assert!(same.changes.is_empty(), "{:#?}", same.changes);
        prop_assert!(same.introduced.is_empty() && same.fixed.is_empty());

        // Each direction names things as its head does: a rename found backward is read
        // under the forward head's names.
        let keyed = |diff: &redline::diff::Diff, swap: bool| {
            let names: std::collections::BTreeMap<String, String> = diff
                .changes
                .iter()
                .filter(|c| swap && c.kind == ChangeKind::Rename)
                .filter_map(|c| Some((c.after.clone()?, c.before.clone()?)))
                .collect();
            let mut out: Vec<(String, String, String, Effect)> = diff
                .changes
                .iter()
                .filter(|c| c.kind != ChangeKind::Rename)
                .map(|c| {
                    let effect = if swap { c.effect.reversed() } else { c.effect };
                    let subject = rename_words(&c.subject, &names);
                    (c.kind.as_str().to_owned(), c.project.clone(), subject, effect)
                })
                .collect();
            out.sort();
            out
        };
        let forward = compare_sides(&p_side, &q_side, &p_findings, &q_findings);
        let backward = compare_sides(&q_side, &p_side, &q_findings, &p_findings);
        prop_assert_eq!(keyed(&forward, false), keyed(&backward, true));
        prop_assert_eq!(&forward.introduced, &backward.fixed);
        prop_assert_eq!(&forward.fixed, &backward.introduced);
    }

    /// The record of processing has an activity for every purpose, lists every category
    /// a flow carries for that purpose, and the data map draws every node a flow touches.
    #[test]
    fn the_record_and_the_map_mention_everything_the_flows_use(p in project()) {
        let (_dir, outcome) = run(&p.text(None, None));
        let knowledge = Knowledge::builtin().unwrap();
        let on = knowledge.as_of();
        let project = &outcome.projects[0];
        let model = &project.model;
        let record = ropa::build(project, knowledge, on);
        let drawn = map::build(project, &outcome.diagnostics, knowledge, on, &map::Slice::default());
        for purpose in &model.purposes {
            prop_assert!(record.activities.iter().any(|a| a.purpose == purpose.name.node), "{}", purpose.name.node);
        }
        for flow in &model.flows {
            for end in [flow.from.node, flow.to.node] {
                let name = model.node_name(end);
                prop_assert!(drawn.nodes.iter().any(|n| n.name == name), "{} not drawn", name);
            }
            for purpose in &flow.purposes {
                let purpose = &model.purposes[purpose.node.index()].name.node;
                let activity = record.activities.iter().find(|a| &a.purpose == purpose).unwrap();
                for category in &flow.categories {
                    let category = &model.categories[category.node.index()].name.node;
                    prop_assert!(
                        activity.personal_data.iter().any(|d| &d.name == category),
                        "{} missing from the activity {}", category, purpose
                    );
                }
            }
        }
    }

    /// Declaring something nothing uses never removes a finding: a system, a processor
    /// with its DPA in the EEA, and a purpose, all unused, added at the end of the file.
    #[test]
    fn an_unrelated_declaration_never_removes_a_finding(p in project(), which in 0usize..3) {
        let text = p.text(None, None);
        let (_dir, before) = run(&text);
        let extra = [
            "system zz_unused : database { location FR }\n",
            "processor zz_unused { location DE dpa \"D-9\" }\n",
            "purpose zz_unused : service.account { basis contract retain 1 year }\n",
        ][which];
        let (_dir2, after) = run(&format!("{text}{extra}"));
        let lost: Vec<_> = judged(&before).difference(&judged(&after)).cloned().collect();
        prop_assert!(lost.is_empty(), "{} removed {:?}\n{}", extra, lost, text);
    }
}
