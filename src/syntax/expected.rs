//! Plain words for what the parser expected. Every grammar rule gets a description here;
//! the match has no catch-all arm, so a new grammar rule must be named for users.

use super::grammar::Rule;

/// How a rule is described in "expected …". `None` for rules that never end up in an
/// error on their own (pest reports the rule that wraps them).
pub(super) fn describe(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    let text = match rule {
        EOI => "the end of the file",
        next_declaration | whole_file | declaration => {
            "a declaration (`controller`, `subject`, `category`, `purpose`, `consent`, `system`, \
             `processor`, `recipient`, `flow`, `rule` or `test`)"
        }
        name | consent_ref => "a name",
        taxonomy_path => "a taxonomy path like `contact.email`",
        kind_name => "a kind like `customer` or `database`",
        pattern | pattern_list => "a taxonomy pattern like `special.*`, or a declared name",
        string | string_inner => "a quoted string",
        country | region_list => "a country code like `FR`",
        count => "a whole number",
        time_unit => "a unit of time (`days`, `weeks`, `months` or `years`)",
        duration => "a duration like `13 months`",
        lbrace => "`{`",
        rbrace => "`}`",
        colon => "`:`",
        comma => "`,`",
        arrow => "`->`",
        name_list => "a list of names",
        kw_controller => "`controller`",
        kw_subject => "`subject`",
        kw_category => "`category`",
        kw_purpose => "`purpose`",
        kw_consent => "`consent`",
        kw_system => "`system`",
        kw_processor => "`processor`",
        kw_recipient => "`recipient`",
        kw_flow => "`flow`",
        kw_rule => "`rule`",
        kw_test => "`test`",
        kw_location | location_attr => "`location`",
        kw_dpo | dpo_attr => "`dpo`",
        kw_representative | representative_attr => "`representative`",
        kw_description | description_attr => "`description`",
        kw_retention | retention_max_attr => "`retention`",
        kw_max => "`max`",
        kw_pseudonymised | pseudonymised_attr => "`pseudonymised`",
        kw_anonymised | anonymised_attr => "`anonymised`",
        kw_basis | basis_attr => "`basis`",
        kw_compatible | compatible_attr => "`compatible`",
        kw_retain | retain_attr => "`retain`",
        kw_after => "`after`",
        kw_automated | automated_attr => "`automated_decisions`",
        kw_condition | condition_attr => "`condition`",
        kw_default | default_attr => "`default`",
        kw_withdraw | withdraw_attr => "`withdraw`",
        kw_explicit | explicit_attr => "`explicit`",
        kw_parental | parental_attr => "`parental`",
        kw_renew | renew_attr => "`renew`",
        kw_proof | proof_attr => "`proof`",
        kw_stores | stores_attr => "`stores`",
        kw_for => "`for`",
        kw_safeguard | safeguard_attr => "`safeguard`",
        kw_dpa | dpa_attr => "`dpa`",
        kw_subprocessor | subprocessor_attr => "`subprocessor`",
        kw_contract | contract_attr | basis_contract => "`contract`",
        kw_explicit_consent | basis_explicit_consent => "`explicit_consent`",
        kw_legal_obligation | basis_legal_obligation => "`legal_obligation`",
        kw_vital_interests | basis_vital_interests => "`vital_interests`",
        kw_public_task | basis_public_task => "`public_task`",
        kw_legitimate_interests | basis_legitimate_interests => "`legitimate_interests`",
        basis_consent => "`consent`",
        kw_encrypted | encrypted_attr => "`encrypted`",
        kw_dpia | dpia_attr => "`dpia`",
        kw_scale | scale_attr => "`scale`",
        scale_value => "`large` or `small`",
        kw_new_technology | new_technology_attr => "`new_technology`",
        kw_human_review | human_review_attr => "`human_review`",
        kw_contest | contest_attr => "`contest`",
        kw_needs | needs_attr => "`needs`",
        kw_consultation | consultation_attr => "`consultation`",
        kw_access_control | access_control_attr => "`access_control`",
        kw_erasure | erasure_attr => "`erasure`",
        kw_right | right_attr => "`right`",
        right_name => {
            "a right (`access`, `rectification`, `erasure`, `restriction`, `portability` or \
             `objection`)"
        }
        kw_within => "`within`",
        kw_source | source_statement => "`source`",
        kw_about | about_condition => "`about`",
        kw_follows | follows_attr => "`follows`",
        law_name => "a law like `ccpa` or `vcdpa`",
        kw_notice | notice_attr => "`notice`",
        kw_optout | optout_attr => "`optout`",
        kw_covers => "`covers`",
        choice_name => {
            "what the opt-out covers (`sale`, `sharing`, `targeted_advertising`, `profiling` or \
             `sensitive_use`)"
        }
        kw_honours => "`honours`",
        signal_name => "an opt-out preference signal like `gpc`",
        kw_consideration | consideration_attr => "`consideration`",
        kw_criteria | retention_criteria_attr => "`criteria`",
        service_contract_attr => "`contract`",
        kw_deny => "`deny`",
        kw_data => "`data`",
        kw_to => "`to`",
        kw_outside => "`outside`",
        kw_in => "`in`",
        kw_require => "`require`",
        kw_severity => "`severity`",
        kw_isolated | isolated => "`isolated`",
        kw_expect => "`expect`",
        kw_clean | expect_clean => "`clean`",
        kw_no => "`no`",
        kw_at => "`at`",
        kw_times => "`times`",
        basis => {
            "a legal basis (`consent`, `explicit_consent`, `contract`, `legal_obligation`, \
             `vital_interests`, `public_task` or `legitimate_interests`)"
        }
        law_citation => "the law that imposes the obligation, as a quoted string",
        task_citation => "the public task and the law that grants it, as a quoted string",
        assessment_ref => {
            "the reference of the legitimate interests assessment, as a quoted string like \
             \"LIA-2025-04\""
        }
        justification => "the justification of the condition, as a quoted string",
        event => "an event like `contract_end` or `last_contact`",
        art9_condition => "an Art. 9(2) condition like `health_care` or `employment_law`",
        consent_default => "`denied` or `granted`",
        safeguard_name => {
            "a transfer safeguard (`adequacy`, `dpf`, `scc`, `bcr`, `code_of_conduct`, \
             `certification` or `derogation`)"
        }
        derogation_ground => "the Art. 49 ground of the derogation, as a quoted string",
        rule_title => "the rule's title, as a quoted string",
        deny_data | deny_flow => "`deny data …` or `deny flow …`",
        for_condition => "`for`",
        to_condition => "`to`",
        outside_condition => "`outside`",
        in_condition => "`in`",
        node_pattern => {
            "a declared name, or `subject`, `system`, `processor` or `recipient` with an \
             optional `: kind`"
        }
        node_keyword => "`subject`, `system`, `processor` or `recipient`",
        require_statement => "`require`",
        property => "a property like `dpa` or `safeguard`",
        declaration_kind | decl_keyword => "a kind of declaration like `processor`",
        severity_statement => "`severity`",
        severity_level => "`error`, `warning` or `info`",
        test_name => "the test's name, as a quoted string",
        expect_statement => "`expect`",
        expect_absent => "`no`",
        expect_present | rule_ref => "a rule name or code",
        at_clause => "`at`",
        declaration_ref => "`flow a -> b` or a declaration like `purpose name`",
        times_clause => "`times`",
        controller_decl | subject_decl | category_decl | purpose_decl | consent_decl
        | system_decl | processor_decl | recipient_decl | flow_decl | rule_decl | test_decl => {
            return None;
        }
        controller_body | subject_body | category_body | purpose_body | consent_body
        | system_body | processor_body | recipient_body | flow_body => "`{`",
        // Silent rules: pest never reports them.
        WHITESPACE | COMMENT | plain_declaration | ident_char | reserved | declaration_start
        | taxonomy_segment | pattern_segment | controller_attr | subject_attr | category_attr
        | purpose_attr | consent_attr | system_attr | processor_attr | recipient_attr
        | flow_attr | rule_statement | rule_condition | test_member | storage_flag => return None,
    };
    Some(text)
}

/// What a quoted string after `keyword` is, for "expected …" when the string is missing.
pub(super) fn string_after(keyword: &str) -> Option<&'static str> {
    Some(match keyword {
        "controller" => "the controller's name, as a quoted string like \"Acme Shop SAS\"",
        "dpo" => "the DPO's contact, as a quoted string like \"dpo@example.com\"",
        "representative" => "the representative's name and contact, as a quoted string",
        "description" => "a description, as a quoted string",
        "withdraw" => "how the consent is withdrawn, as a quoted string",
        "parental" => "how a parent's consent is obtained and verified, as a quoted string",
        "proof" => "where consent records are kept, as a quoted string",
        "dpa" => "a reference to the signed data processing agreement, as a quoted string",
        "contract" => "a reference to the contract, as a quoted string",
        "legitimate_interests" => {
            "the reference of the legitimate interests assessment, as a quoted string like \
             \"LIA-2025-04\""
        }
        "legal_obligation" => "the law that imposes the obligation, as a quoted string",
        "public_task" => "the public task and the law that grants it, as a quoted string",
        "derogation" => "the Art. 49 ground of the derogation, as a quoted string",
        "test" => "the test's name, as a quoted string",
        "dpia" => {
            "the reference of the impact assessment, as a quoted string like \"DPIA-2026-03\""
        }
        "new_technology" => "the technology, as a quoted string",
        "human_review" => "how a person reviews the decision, as a quoted string",
        "contest" => "how the decision is contested, as a quoted string",
        "consultation" => "who was consulted and when, as a quoted string",
        "access_control" => "who may access the data and how, as a quoted string",
        "erasure" => "how an erasure request reaches the data here, as a quoted string",
        "source" => "what the rule rests on, as a quoted string like \"DSA Art. 28(2)\"",
        "notice" => "where the notice at collection is published, as a quoted string",
        "optout" => {
            "the link or method of the opt-out, as a quoted string like \"Do Not Sell or Share \
             My Personal Information\""
        }
        "consideration" => "what the business receives for the data, as a quoted string",
        "criteria" => "how the retention period is determined, as a quoted string",
        _ => return None,
    })
}

/// The keyword a misspelt word was probably meant to be, among those expected.
pub(super) fn closest_keyword(found: &str, expected: &[Rule]) -> Option<String> {
    // Every back-quoted word of the descriptions is a keyword that may stand here.
    let candidates: Vec<&str> = expected
        .iter()
        .filter_map(|rule| describe(*rule))
        .flat_map(|text| text.split('`').skip(1).step_by(2))
        .filter(|word| word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    crate::suggest::closest(found, candidates).map(str::to_owned)
}
