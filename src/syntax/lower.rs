//! From pest's pairs to the syntax tree. The grammar fixes the shape of every pair, so a
//! missing child is a bug in this file, not in the input: such a function returns `None`
//! and the caller reports an internal error instead of panicking.

use pest::iterators::Pair;

use super::ast::*;
use super::grammar::Rule;
use crate::source::{FileId, Span, Spanned};

/// Lowers pairs of one parse call; pest's offsets are relative to `offset` in the file.
pub(super) struct Lowerer {
    pub file: FileId,
    pub offset: usize,
}

impl Lowerer {
    /// The pair's span, ending where its last token ends: pest counts the whitespace it
    /// skipped before a trailing optional part that then did not match.
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let start = pair.as_span().start();
        let mut last = pair.clone();
        // A string's last inner pair is its content, before the closing quote.
        while last.as_rule() != Rule::string
            && let Some(inner) = last.clone().into_inner().last()
        {
            last = inner;
        }
        let end = last.as_span().end().max(start);
        Span::new(self.file, self.offset + start, self.offset + end)
    }

    fn word(&self, pair: &Pair<'_, Rule>) -> Word {
        Spanned::new(pair.as_str().to_owned(), self.span(pair))
    }

    /// A `string` pair, or a rule that wraps one, with escapes resolved.
    fn text(&self, pair: Pair<'_, Rule>) -> Option<Text> {
        let span = self.span(&pair);
        let string = if pair.as_rule() == Rule::string {
            pair
        } else {
            find(pair, Rule::string)?
        };
        let inner = find(string, Rule::string_inner)?;
        let mut out = String::with_capacity(inner.as_str().len());
        let mut chars = inner.as_str().chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                // The grammar only admits `\"` and `\\`.
                out.extend(chars.next());
            } else {
                out.push(c);
            }
        }
        Some(Spanned::new(out, span))
    }

    fn words(&self, list: Pair<'_, Rule>, rule: Rule) -> Vec<Word> {
        list.into_inner()
            .filter(|p| p.as_rule() == rule)
            .map(|p| self.word(&p))
            .collect::<Vec<_>>()
            .into_boxed_slice()
            .into_vec()
    }

    pub fn declaration(&self, pair: Pair<'_, Rule>) -> Option<Declaration> {
        let inner = if pair.as_rule() == Rule::declaration {
            pair.into_inner().next()?
        } else {
            pair
        };
        match inner.as_rule() {
            Rule::controller_decl => self.entity(inner, Keyword::Controller),
            Rule::subject_decl => self.entity(inner, Keyword::Subject),
            Rule::category_decl => self.entity(inner, Keyword::Category),
            Rule::purpose_decl => self.entity(inner, Keyword::Purpose),
            Rule::consent_decl => self.entity(inner, Keyword::Consent),
            Rule::system_decl => self.entity(inner, Keyword::System),
            Rule::processor_decl => self.entity(inner, Keyword::Processor),
            Rule::recipient_decl => self.entity(inner, Keyword::Recipient),
            Rule::flow_decl => self.flow(inner).map(Declaration::Flow),
            Rule::rule_decl => self.rule(inner).map(Declaration::Rule),
            Rule::test_decl => self.test(inner).map(Declaration::Test),
            _ => None,
        }
    }

    fn entity(&self, pair: Pair<'_, Rule>, keyword: Keyword) -> Option<Declaration> {
        let span = self.span(&pair);
        let mut keyword_span = None;
        let mut name = None;
        let mut kind = None;
        let mut attributes = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => name = Some(self.text(p)?),
                Rule::name => name = Some(self.word(&p)),
                Rule::kind_name | Rule::taxonomy_path => kind = Some(self.word(&p)),
                Rule::controller_body
                | Rule::subject_body
                | Rule::category_body
                | Rule::purpose_body
                | Rule::consent_body
                | Rule::system_body
                | Rule::processor_body
                | Rule::recipient_body => {
                    for a in p.into_inner() {
                        if !matches!(a.as_rule(), Rule::lbrace | Rule::rbrace) {
                            attributes.push(self.attribute(a)?);
                        }
                    }
                }
                _ if keyword_span.is_none() => keyword_span = Some(self.span(&p)),
                _ => {}
            }
        }
        Some(Declaration::Entity(EntityDecl {
            keyword: Spanned::new(keyword, keyword_span?),
            name: name?,
            kind,
            attributes,
            span,
        }))
    }

    fn duration(&self, pair: Pair<'_, Rule>) -> Option<DurationLit> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let count = self.word(&inner.next()?);
        let unit = self.word(&inner.next()?);
        Some(DurationLit { count, unit, span })
    }

    fn attribute(&self, pair: Pair<'_, Rule>) -> Option<Spanned<Attribute>> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let attribute = match rule {
            Rule::location_attr => Attribute::Location(self.word(&find(pair, Rule::country)?)),
            Rule::description_attr => Attribute::Description(self.text(pair)?),
            Rule::dpo_attr => Attribute::Dpo(self.text(pair)?),
            Rule::representative_attr => Attribute::Representative(self.text(pair)?),
            Rule::withdraw_attr => Attribute::Withdraw(self.text(pair)?),
            Rule::parental_attr => Attribute::Parental(self.text(pair)?),
            Rule::proof_attr => Attribute::Proof(self.text(pair)?),
            Rule::dpa_attr => Attribute::Dpa(self.text(pair)?),
            Rule::contract_attr => Attribute::Contract(self.text(pair)?),
            Rule::retention_max_attr => {
                Attribute::RetentionMax(self.duration(find(pair, Rule::duration)?)?)
            }
            Rule::renew_attr => Attribute::Renew(self.duration(find(pair, Rule::duration)?)?),
            Rule::pseudonymised_attr => Attribute::Pseudonymised,
            Rule::anonymised_attr => Attribute::Anonymised,
            Rule::automated_attr => Attribute::AutomatedDecisions,
            Rule::explicit_attr => Attribute::Explicit,
            Rule::encrypted_attr => Attribute::Encrypted,
            Rule::basis_attr => Attribute::Basis(self.basis(find(pair, Rule::basis)?)?),
            Rule::compatible_attr => {
                Attribute::Compatible(self.words(find(pair, Rule::name_list)?, Rule::name))
            }
            Rule::retain_attr => {
                let mut duration = None;
                let mut after = None;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::duration => duration = Some(self.duration(p)?),
                        Rule::event => after = Some(self.word(&p)),
                        _ => {}
                    }
                }
                Attribute::Retain {
                    duration: duration?,
                    after,
                }
            }
            Rule::condition_attr => {
                let condition = self.word(&find(pair.clone(), Rule::art9_condition)?);
                let justification = self.text(find(pair, Rule::justification)?)?;
                Attribute::Condition {
                    condition,
                    justification,
                }
            }
            Rule::default_attr => {
                Attribute::Default(self.word(&find(pair, Rule::consent_default)?))
            }
            Rule::stores_attr => {
                let categories = self.words(find(pair.clone(), Rule::name_list)?, Rule::name);
                let duration = self.duration(find(pair.clone(), Rule::duration)?)?;
                let flag = |rule| pair.clone().into_inner().any(|p| p.as_rule() == rule);
                Attribute::Stores {
                    categories,
                    duration,
                    encrypted: flag(Rule::encrypted_attr),
                    pseudonymised: flag(Rule::pseudonymised_attr),
                }
            }
            Rule::dpia_attr => Attribute::Dpia(self.text(pair)?),
            Rule::scale_attr => Attribute::Scale(self.word(&find(pair, Rule::scale_value)?)),
            Rule::new_technology_attr => Attribute::NewTechnology(self.text(pair)?),
            Rule::human_review_attr => Attribute::HumanReview(self.text(pair)?),
            Rule::contest_attr => Attribute::Contest(self.text(pair)?),
            Rule::needs_attr => {
                Attribute::Needs(self.words(find(pair, Rule::name_list)?, Rule::name))
            }
            Rule::consultation_attr => Attribute::Consultation(self.text(pair)?),
            Rule::access_control_attr => Attribute::AccessControl(self.text(pair)?),
            Rule::erasure_attr => Attribute::Erasure(self.text(pair)?),
            Rule::follows_attr => Attribute::Follows(
                pair.into_inner()
                    .filter(|p| p.as_rule() == Rule::law_name)
                    .map(|p| self.word(&p))
                    .collect(),
            ),
            Rule::notice_attr => Attribute::Notice(self.text(pair)?),
            Rule::optout_attr => {
                let link = self.text(find(pair.clone(), Rule::string)?)?;
                let covers = pair
                    .clone()
                    .into_inner()
                    .filter(|p| p.as_rule() == Rule::choice_name)
                    .map(|p| self.word(&p))
                    .collect();
                let honours = find(pair, Rule::signal_name).map(|p| self.word(&p));
                Attribute::OptOut {
                    link,
                    covers,
                    honours,
                }
            }
            Rule::retention_criteria_attr => Attribute::RetentionCriteria(self.text(pair)?),
            Rule::service_contract_attr => {
                let reference = self.text(find(pair.clone(), Rule::string)?)?;
                let purposes = match find(pair, Rule::name_list) {
                    Some(list) => self.words(list, Rule::name),
                    None => Vec::new(),
                };
                Attribute::ServiceContract {
                    reference,
                    purposes,
                }
            }
            Rule::consideration_attr => Attribute::Consideration(self.text(pair)?),
            Rule::right_attr => {
                let right = self.word(&find(pair.clone(), Rule::right_name)?);
                let how = self.text(find(pair.clone(), Rule::string)?)?;
                let within = match find(pair, Rule::duration) {
                    Some(d) => Some(self.duration(d)?),
                    None => None,
                };
                Attribute::Right { right, how, within }
            }
            Rule::safeguard_attr => {
                let name = self.word(&find(pair.clone(), Rule::safeguard_name)?);
                let ground = match find(pair, Rule::derogation_ground) {
                    Some(g) => Some(self.text(g)?),
                    None => None,
                };
                Attribute::Safeguard { name, ground }
            }
            Rule::subprocessor_attr => Attribute::Subprocessor(self.word(&find(pair, Rule::name)?)),
            _ => return None,
        };
        Some(Spanned::new(attribute, span))
    }

    fn basis(&self, pair: Pair<'_, Rule>) -> Option<Spanned<BasisLit>> {
        let span = self.span(&pair);
        let inner = pair.into_inner().next()?;
        let basis = match inner.as_rule() {
            Rule::basis_consent => {
                BasisLit::Consent(self.word(&find(find(inner, Rule::consent_ref)?, Rule::name)?))
            }
            Rule::basis_explicit_consent => BasisLit::ExplicitConsent(
                self.word(&find(find(inner, Rule::consent_ref)?, Rule::name)?),
            ),
            Rule::basis_contract => BasisLit::Contract,
            Rule::basis_legal_obligation => {
                BasisLit::LegalObligation(self.text(find(inner, Rule::law_citation)?)?)
            }
            Rule::basis_vital_interests => BasisLit::VitalInterests,
            Rule::basis_public_task => {
                BasisLit::PublicTask(self.text(find(inner, Rule::task_citation)?)?)
            }
            Rule::basis_legitimate_interests => {
                BasisLit::LegitimateInterests(self.text(find(inner, Rule::assessment_ref)?)?)
            }
            _ => return None,
        };
        Some(Spanned::new(basis, span))
    }

    fn flow(&self, pair: Pair<'_, Rule>) -> Option<FlowDecl> {
        let span = self.span(&pair);
        let mut names = Vec::new();
        let mut lists = Vec::new();
        let mut attributes = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => names.push(self.word(&p)),
                Rule::name_list => lists.push(self.words(p, Rule::name)),
                Rule::flow_body => {
                    for a in p.into_inner() {
                        if !matches!(a.as_rule(), Rule::lbrace | Rule::rbrace) {
                            attributes.push(self.attribute(a)?);
                        }
                    }
                }
                _ => {}
            }
        }
        let mut names = names.into_iter();
        let mut lists = lists.into_iter();
        Some(FlowDecl {
            from: names.next()?,
            to: names.next()?,
            categories: lists.next()?,
            purposes: lists.next()?,
            attributes,
            span,
        })
    }

    fn rule(&self, pair: Pair<'_, Rule>) -> Option<RuleDecl> {
        let span = self.span(&pair);
        let mut name = None;
        let mut title = None;
        let mut statements = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => name = Some(self.word(&p)),
                Rule::rule_title => title = Some(self.text(p)?),
                Rule::deny_data
                | Rule::deny_flow
                | Rule::require_statement
                | Rule::severity_statement
                | Rule::source_statement => statements.push(self.rule_statement(p)?),
                _ => {}
            }
        }
        Some(RuleDecl {
            name: name?,
            title: title?,
            statements,
            span,
        })
    }

    fn rule_statement(&self, pair: Pair<'_, Rule>) -> Option<Spanned<RuleStatement>> {
        let span = self.span(&pair);
        let statement = match pair.as_rule() {
            Rule::deny_data => {
                let mut patterns = Vec::new();
                let mut conditions = Vec::new();
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::pattern_list => patterns = self.words(p, Rule::pattern),
                        Rule::kw_deny | Rule::kw_data => {}
                        _ => conditions.push(self.rule_condition(p)?),
                    }
                }
                RuleStatement::DenyData {
                    patterns,
                    conditions,
                }
            }
            Rule::deny_flow => {
                let mut conditions = Vec::new();
                for p in pair.into_inner() {
                    if !matches!(p.as_rule(), Rule::kw_deny | Rule::kw_flow) {
                        conditions.push(self.rule_condition(p)?);
                    }
                }
                RuleStatement::DenyFlow { conditions }
            }
            Rule::require_statement => {
                let property = self.word(&find(pair.clone(), Rule::property)?);
                let target = self.kind_pattern(find(pair, Rule::declaration_kind)?)?;
                RuleStatement::Require { property, target }
            }
            Rule::severity_statement => {
                RuleStatement::Severity(self.word(&find(pair, Rule::severity_level)?))
            }
            Rule::source_statement => RuleStatement::Source(self.text(pair)?),
            _ => return None,
        };
        Some(Spanned::new(statement, span))
    }

    fn rule_condition(&self, pair: Pair<'_, Rule>) -> Option<Spanned<RuleCondition>> {
        let span = self.span(&pair);
        let condition = match pair.as_rule() {
            Rule::for_condition => {
                RuleCondition::For(self.words(find(pair, Rule::pattern_list)?, Rule::pattern))
            }
            Rule::to_condition => {
                let node = find(pair, Rule::node_pattern)?;
                let first = node.clone().into_inner().next()?;
                if first.as_rule() == Rule::name {
                    RuleCondition::To(NodePattern::Name(self.word(&first)))
                } else {
                    RuleCondition::To(NodePattern::Kind(self.kind_pattern(node)?))
                }
            }
            Rule::outside_condition => {
                RuleCondition::Outside(self.words(find(pair, Rule::region_list)?, Rule::country))
            }
            Rule::in_condition => {
                RuleCondition::In(self.words(find(pair, Rule::region_list)?, Rule::country))
            }
            Rule::about_condition => RuleCondition::About(
                pair.into_inner()
                    .filter(|p| p.as_rule() == Rule::kind_name)
                    .map(|p| self.word(&p))
                    .collect(),
            ),
            _ => return None,
        };
        Some(Spanned::new(condition, span))
    }

    /// A keyword with an optional `: kind`, from `node_pattern` or `declaration_kind`.
    fn kind_pattern(&self, pair: Pair<'_, Rule>) -> Option<KindPattern> {
        let mut keyword = None;
        let mut kind = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::node_keyword | Rule::decl_keyword => keyword = Some(self.keyword(p)?),
                Rule::kind_name | Rule::pattern => kind = Some(self.word(&p)),
                _ => {}
            }
        }
        Some(KindPattern {
            keyword: keyword?,
            kind,
        })
    }

    fn keyword(&self, pair: Pair<'_, Rule>) -> Option<Spanned<Keyword>> {
        let span = self.span(&pair);
        let inner = pair.into_inner().next()?;
        let keyword = match inner.as_rule() {
            Rule::kw_controller => Keyword::Controller,
            Rule::kw_subject => Keyword::Subject,
            Rule::kw_category => Keyword::Category,
            Rule::kw_purpose => Keyword::Purpose,
            Rule::kw_consent => Keyword::Consent,
            Rule::kw_system => Keyword::System,
            Rule::kw_processor => Keyword::Processor,
            Rule::kw_recipient => Keyword::Recipient,
            Rule::kw_flow => Keyword::Flow,
            _ => return None,
        };
        Some(Spanned::new(keyword, span))
    }

    fn test(&self, pair: Pair<'_, Rule>) -> Option<TestDecl> {
        let span = self.span(&pair);
        let mut name = None;
        let mut isolated = false;
        let mut declarations = Vec::new();
        let mut expectations = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::test_name => name = Some(self.text(p)?),
                Rule::isolated => isolated = true,
                Rule::expect_statement => expectations.push(self.expectation(p)?),
                Rule::kw_test | Rule::lbrace | Rule::rbrace => {}
                _ => declarations.push(self.declaration(p)?),
            }
        }
        Some(TestDecl {
            name: name?,
            isolated,
            declarations,
            expectations,
            span,
        })
    }

    fn expectation(&self, pair: Pair<'_, Rule>) -> Option<Spanned<Expectation>> {
        let span = self.span(&pair);
        let inner = pair.into_inner().find(|p| p.as_rule() != Rule::kw_expect)?;
        let expectation = match inner.as_rule() {
            Rule::expect_clean => Expectation::Clean,
            Rule::expect_absent => {
                let rule = self.word(&find(inner.clone(), Rule::rule_ref)?);
                let at = match find(inner, Rule::at_clause) {
                    Some(at) => Some(self.declaration_ref(find(at, Rule::declaration_ref)?)?),
                    None => None,
                };
                Expectation::Absent { rule, at }
            }
            Rule::expect_present => {
                let mut rule = None;
                let mut at = None;
                let mut times = None;
                for p in inner.into_inner() {
                    match p.as_rule() {
                        Rule::rule_ref => rule = Some(self.word(&p)),
                        Rule::at_clause => {
                            at = Some(self.declaration_ref(find(p, Rule::declaration_ref)?)?)
                        }
                        Rule::times_clause => {
                            let count = find(p, Rule::count)?;
                            // An overflowing count saturates; resolution rejects it.
                            let n = count.as_str().parse::<u32>().unwrap_or(u32::MAX);
                            times = Some(Spanned::new(n, self.span(&count)));
                        }
                        _ => {}
                    }
                }
                Expectation::Present {
                    rule: rule?,
                    at,
                    times,
                }
            }
            _ => return None,
        };
        Some(Spanned::new(expectation, span))
    }

    fn declaration_ref(&self, pair: Pair<'_, Rule>) -> Option<Spanned<DeclRef>> {
        let span = self.span(&pair);
        let mut names = Vec::new();
        let mut keyword = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => names.push(self.word(&p)),
                Rule::decl_keyword => keyword = Some(self.keyword(p)?),
                _ => {}
            }
        }
        let mut names = names.into_iter();
        let decl_ref = match keyword {
            Some(keyword) => DeclRef::Named {
                keyword,
                name: names.next()?,
            },
            None => DeclRef::Flow {
                from: names.next()?,
                to: names.next()?,
            },
        };
        Some(Spanned::new(decl_ref, span))
    }
}

/// The first descendant pair of `rule`, depth first.
fn find(pair: Pair<'_, Rule>, rule: Rule) -> Option<Pair<'_, Rule>> {
    pair.into_inner().flatten().find(|p| p.as_rule() == rule)
}
