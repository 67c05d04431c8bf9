//! What is processed and why: categories, purposes and consents.

use super::values::given;
use super::*;

impl Resolver<'_> {
    pub(super) fn category(
        &mut self,
        decl: &EntityDecl,
        attributes: &[&Spanned<Attribute>],
        path: ast::Word,
        description: Option<ast::Text>,
    ) {
        self.taxonomy_id(&path, Keyword::Category);
        let mut category = Category {
            name: decl.name.clone(),
            path,
            retention_max: None,
            retention_criteria: None,
            pseudonymised: false,
            anonymised: false,
            description,
            span: decl.span,
        };
        for a in attributes {
            match &a.node {
                Attribute::RetentionMax(d) => category.retention_max = self.duration(d),
                Attribute::RetentionCriteria(t) => category.retention_criteria = given(t),
                Attribute::Pseudonymised => category.pseudonymised = true,
                Attribute::Anonymised => category.anonymised = true,
                _ => {}
            }
        }
        self.model.categories.push(category);
    }

    pub(super) fn purpose(
        &mut self,
        decl: &EntityDecl,
        attributes: &[&Spanned<Attribute>],
        path: ast::Word,
        description: Option<ast::Text>,
    ) {
        self.taxonomy_id(&path, Keyword::Purpose);
        let mut purpose = Purpose {
            name: decl.name.clone(),
            path,
            basis: None,
            compatible: Vec::new(),
            retain: None,
            automated_decisions: None,
            conditions: Vec::new(),
            dpia: None,
            scale: None,
            new_technology: None,
            human_review: None,
            contest: None,
            needs: None,
            consultation: None,
            description,
            span: decl.span,
        };
        // A `needs` list with a name that did not resolve says less than it means: the
        // unknown name is the one diagnostic, and what the purpose needs is not judged.
        let mut needs_incomplete = false;
        for a in attributes {
            match &a.node {
                Attribute::Basis(basis) => {
                    let resolved = match &basis.node {
                        BasisLit::Consent(w) => Basis::Consent(self.consent_ref(w)),
                        BasisLit::ExplicitConsent(w) => Basis::ExplicitConsent(self.consent_ref(w)),
                        BasisLit::Contract => Basis::Contract,
                        BasisLit::LegalObligation(t) => {
                            self.required_text(t, "the law this legal obligation cites");
                            Basis::LegalObligation(t.clone())
                        }
                        BasisLit::VitalInterests => Basis::VitalInterests,
                        BasisLit::PublicTask(t) => {
                            self.required_text(t, "the public task this basis names");
                            Basis::PublicTask(t.clone())
                        }
                        BasisLit::LegitimateInterests(t) => {
                            self.required_text(
                                t,
                                "the reference of the legitimate interests assessment",
                            );
                            Basis::LegitimateInterests(t.clone())
                        }
                    };
                    purpose.basis = Some(Spanned::new(resolved, basis.span));
                }
                Attribute::Compatible(words) => {
                    for w in words {
                        if w.node == decl.name.node {
                            self.invalid(
                                w.span,
                                format!("`{}` is declared compatible with itself", w.node),
                                Some("a purpose is always compatible with itself".to_owned()),
                            );
                        } else if let Some(id) = self.purpose_ref(w) {
                            purpose.compatible.push(id);
                        }
                    }
                }
                Attribute::Retain { duration, after } => {
                    if let Some(d) = self.duration(duration) {
                        let event = after
                            .as_ref()
                            .map_or(Event::Collection, |w| Event::parse(&w.node));
                        purpose.retain = Some(Spanned::new(
                            Retention {
                                duration: d,
                                after: event,
                            },
                            a.span,
                        ));
                    }
                }
                Attribute::AutomatedDecisions => purpose.automated_decisions = Some(a.span),
                Attribute::Dpia(t) => purpose.dpia = given(t),
                Attribute::NewTechnology(t) => purpose.new_technology = given(t),
                Attribute::HumanReview(t) => purpose.human_review = given(t),
                Attribute::Contest(t) => purpose.contest = given(t),
                Attribute::Consultation(t) => purpose.consultation = given(t),
                Attribute::Scale(word) => match Scale::parse(&word.node) {
                    Some(scale) => purpose.scale = Some(Spanned::new(scale, a.span)),
                    None => {
                        let help = suggest::did_you_mean_within(
                            &word.node,
                            Scale::ids(),
                            &mut self.suggestion_budget,
                        );
                        self.invalid(
                            word.span,
                            format!("unknown scale `{}`", word.node),
                            with_suggestion(
                                help,
                                "the scales are `large` and `small` (GDPR Art. 35(3))".to_owned(),
                            ),
                        );
                    }
                },
                Attribute::Needs(words) => {
                    // `needs` may be split over several lines: they add up.
                    let ids: Vec<Spanned<CategoryId>> =
                        words.iter().filter_map(|w| self.category_ref(w)).collect();
                    needs_incomplete |= ids.len() < words.len();
                    match &mut purpose.needs {
                        Some(needs) => needs.node.extend(ids),
                        None => purpose.needs = Some(Spanned::new(ids, a.span)),
                    }
                }
                Attribute::Condition {
                    condition,
                    justification,
                } => {
                    self.required_text(justification, "the justification of this condition");
                    if let Some((c, covers)) = self.condition(condition) {
                        purpose.conditions.push(LegalCondition {
                            id: c,
                            covers,
                            justification: justification.clone(),
                            span: a.span,
                        });
                    }
                }
                _ => {}
            }
        }
        if needs_incomplete {
            purpose.needs = None;
        }
        self.require(
            purpose.basis.is_some(),
            decl,
            "basis",
            "every purpose needs a legal basis (GDPR Art. 6(1)): add `basis contract`, \
             `basis consent CONSENT`, `basis legitimate_interests \"LIA-…\"`, …",
        );
        self.model.purposes.push(purpose);
    }

    fn condition(&mut self, word: &ast::Word) -> Option<(String, ConditionCovers)> {
        let knowledge = self.vocabulary.knowledge;
        if let Some(c) = knowledge.condition(&word.node) {
            return Some((c.id.clone(), c.covers));
        }
        if word.node == "explicit_consent" {
            self.invalid(
                word.span,
                "explicit consent is a basis, not a `condition`".to_owned(),
                Some("write `basis explicit_consent CONSENT` instead".to_owned()),
            );
            return None;
        }
        let ids: Vec<&str> = knowledge.conditions.iter().map(|c| c.id.as_str()).collect();
        let help = suggest::did_you_mean_within(
            &word.node,
            ids.iter().copied(),
            &mut self.suggestion_budget,
        );
        self.invalid(
            word.span,
            format!("unknown condition `{}` (Art. 9(2) or Art. 10)", word.node),
            with_suggestion(help, format!("the conditions are {}", ids.join(", "))),
        );
        None
    }

    pub(super) fn consent(
        &mut self,
        decl: &EntityDecl,
        attributes: &[&Spanned<Attribute>],
        seen: &BTreeMap<&'static str, Span>,
        description: Option<ast::Text>,
    ) {
        self.require(
            seen.contains_key("default"),
            decl,
            "default",
            "say what the choice is before the person acts: `default denied`",
        );
        let mut consent = Consent {
            name: decl.name.clone(),
            default: None,
            withdraw: None,
            explicit: false,
            parental: None,
            renew: None,
            proof: None,
            description,
            span: decl.span,
        };
        for a in attributes {
            match &a.node {
                Attribute::Default(word) => {
                    let value = if word.node == "granted" {
                        ConsentDefault::Granted
                    } else {
                        ConsentDefault::Denied
                    };
                    consent.default = Some(Spanned::new(value, a.span));
                }
                Attribute::Withdraw(t) => consent.withdraw = given(t),
                Attribute::Explicit => consent.explicit = true,
                Attribute::Parental(t) => consent.parental = given(t),
                Attribute::Renew(d) => consent.renew = self.duration(d),
                Attribute::Proof(t) => consent.proof = given(t),
                _ => {}
            }
        }
        self.model.consents.push(consent);
    }
}
