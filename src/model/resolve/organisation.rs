//! Organisation rules: patterns, conditions, kinds and properties.

use super::*;

impl Resolver<'_> {
    // -----------------------------------------------------------------------------------
    // Organisation rules

    pub(super) fn rule(&mut self, decl: &RuleDecl) {
        let mut checks = Vec::new();
        let mut severity: Option<Spanned<Severity>> = None;
        let mut source: Option<Spanned<ast::Text>> = None;
        for statement in &decl.statements {
            let check = match &statement.node {
                RuleStatement::Source(text) => {
                    if let Some(first) = &source {
                        self.duplicate_attribute(statement.span, first.span, "source");
                    } else {
                        self.required_text(text, "the rule's source");
                        source = Some(Spanned::new(text.clone(), statement.span));
                    }
                    continue;
                }
                RuleStatement::Severity(word) => {
                    if let Some(first) = &severity {
                        let d = Diagnostic::input(
                            InputError::InvalidValue,
                            statement.span,
                            "`severity` is given twice".to_owned(),
                        )
                        .with_secondary(first.span, "first given here");
                        self.diagnostics.push(d);
                    } else if let Some(level) = Severity::parse(&word.node) {
                        severity = Some(Spanned::new(level, statement.span));
                    }
                    continue;
                }
                RuleStatement::DenyData {
                    patterns,
                    conditions,
                } => {
                    let data = patterns
                        .iter()
                        .filter_map(|p| self.data_pattern(p))
                        .collect();
                    let conditions = self.conditions(conditions);
                    OrgRuleCheck::DenyData { data, conditions }
                }
                RuleStatement::DenyFlow { conditions } => OrgRuleCheck::DenyFlow {
                    conditions: self.conditions(conditions),
                },
                RuleStatement::Require { property, target } => {
                    let Some((target, taxonomy)) = self.require_target(target) else {
                        continue;
                    };
                    let Some(property) = self.property(property, target.keyword()) else {
                        continue;
                    };
                    OrgRuleCheck::Require {
                        property,
                        target,
                        taxonomy,
                    }
                }
            };
            checks.push(Spanned::new(check, statement.span));
        }
        if !decl.statements.iter().any(|s| {
            !matches!(
                s.node,
                RuleStatement::Severity(_) | RuleStatement::Source(_)
            )
        }) {
            self.invalid(
                decl.name.span,
                format!("rule `{}` checks nothing", decl.name.node),
                Some("add `deny data …`, `deny flow …` or `require PROPERTY for KIND`".to_owned()),
            );
        }
        self.model.rules.push(OrgRule {
            name: decl.name.clone(),
            title: decl.title.clone(),
            checks,
            severity,
            source: source.and_then(|s| super::values::given(&s.node)),
            span: decl.span,
        });
    }

    /// What `require … for KIND` names: a kind filter and, for purposes and categories,
    /// a taxonomy pattern (`purpose : hr.monitoring`) that must match some id.
    fn require_target(
        &mut self,
        pattern: &KindPattern,
    ) -> Option<(KindFilter, Option<TaxonomyPattern>)> {
        let keyword = pattern.keyword.node;
        let (Keyword::Purpose | Keyword::Category, Some(word)) = (keyword, &pattern.kind) else {
            return self.kind_filter(pattern).map(|f| (f, None));
        };
        let ids = self.vocabulary.ids(keyword);
        let taxonomy = TaxonomyPattern::parse(&word.node);
        if ids.iter().any(|id| taxonomy.matches(id)) {
            let filter = if keyword == Keyword::Purpose {
                KindFilter::Purpose
            } else {
                KindFilter::Category
            };
            return Some((filter, Some(taxonomy)));
        }
        let groups = ids_and_groups(ids.iter().copied());
        let help = suggest::did_you_mean_within(
            &word.node,
            groups.iter().copied(),
            &mut self.suggestion_budget,
        );
        self.invalid(
            word.span,
            format!(
                "`{}` matches no {} id of the taxonomy",
                word.node,
                keyword.as_str()
            ),
            help.or_else(|| {
                Some(format!(
                    "`redline knowledge {}` lists the ids",
                    if keyword == Keyword::Purpose {
                        "purposes"
                    } else {
                        "categories"
                    }
                ))
            }),
        );
        None
    }

    /// A data pattern: a declared category, or a taxonomy pattern matching some id.
    fn data_pattern(&mut self, word: &ast::Word) -> Option<DataPattern> {
        let ids = self.vocabulary.ids(Keyword::Category);
        match self.pattern(word, Keyword::Category, &ids, "data category")? {
            PatternTarget::Declared(Declared::Category(id)) => Some(DataPattern::Category(id)),
            PatternTarget::Taxonomy(p) => Some(DataPattern::Taxonomy(p)),
            PatternTarget::Declared(_) => None,
        }
    }

    fn purpose_pattern(&mut self, word: &ast::Word) -> Option<PurposePattern> {
        let ids = self.vocabulary.ids(Keyword::Purpose);
        match self.pattern(word, Keyword::Purpose, &ids, "purpose")? {
            PatternTarget::Declared(Declared::Purpose(id)) => Some(PurposePattern::Purpose(id)),
            PatternTarget::Taxonomy(p) => Some(PurposePattern::Taxonomy(p)),
            PatternTarget::Declared(_) => None,
        }
    }

    fn pattern(
        &mut self,
        word: &ast::Word,
        keyword: Keyword,
        ids: &[&str],
        what: &str,
    ) -> Option<PatternTarget> {
        let text = word.node.as_str();
        let is_taxonomy = text.contains(['.', '*']);
        if !is_taxonomy && self.model.lookup(text).is_some() {
            return self.lookup(word, &[keyword]).map(PatternTarget::Declared);
        }
        let pattern = TaxonomyPattern::parse(text);
        if ids.iter().any(|id| pattern.matches(id)) {
            return Some(PatternTarget::Taxonomy(pattern));
        }
        let groups = ids_and_groups(ids.iter().copied());
        if is_taxonomy {
            // Suggest patterns as well as ids: `specal.*` should become `special.*`.
            let wildcards: Vec<String> = groups.iter().map(|g| format!("{g}.*")).collect();
            let candidates = groups
                .iter()
                .copied()
                .chain(wildcards.iter().map(String::as_str));
            let help = suggest::did_you_mean_within(text, candidates, &mut self.suggestion_budget);
            self.invalid(
                word.span,
                format!("`{text}` matches no {what} of the taxonomy"),
                help.or_else(|| Some("`redline knowledge categories` and `redline knowledge purposes` list the ids".to_owned())),
            );
        } else {
            let declared = self
                .model
                .names
                .iter()
                .filter(|(_, d)| d.keyword() == keyword)
                .map(|(n, _)| n.as_str());
            let help = suggest::did_you_mean_within(
                text,
                declared.chain(groups.iter().copied()),
                &mut self.suggestion_budget,
            );
            let d = Diagnostic::input(
                InputError::UnknownReference,
                word.span,
                format!("`{text}` is neither a declared {what} nor a taxonomy id"),
            )
            .with_help_opt(help);
            self.diagnostics.push(d);
        }
        None
    }

    fn conditions(&mut self, conditions: &[Spanned<RuleCondition>]) -> FlowConditions {
        let mut out = FlowConditions::default();
        let mut seen: BTreeMap<&'static str, Span> = BTreeMap::new();
        for condition in conditions {
            let key = match condition.node {
                RuleCondition::Outside(_) | RuleCondition::In(_) => "outside/in",
                _ => condition.node.keyword(),
            };
            if let Some(first) = seen.get(key) {
                let d = Diagnostic::input(
                    InputError::InvalidValue,
                    condition.span,
                    format!(
                        "`{}` conflicts with an earlier condition",
                        condition.node.keyword()
                    ),
                )
                .with_secondary(*first, "the earlier condition")
                .with_help(
                    "give each of `for`, `to`, `about` and one of `outside`/`in` at most once",
                );
                self.diagnostics.push(d);
                continue;
            }
            seen.insert(key, condition.span);
            match &condition.node {
                RuleCondition::For(patterns) => {
                    out.purposes = Some(
                        patterns
                            .iter()
                            .filter_map(|p| self.purpose_pattern(p))
                            .collect(),
                    );
                }
                RuleCondition::To(ast::NodePattern::Name(word)) => {
                    out.to = self.node_ref(word).map(|n| NodeFilter::Node(n.node));
                }
                RuleCondition::To(ast::NodePattern::Kind(kind)) => {
                    out.to = self.kind_filter(kind).map(NodeFilter::Kind);
                }
                RuleCondition::Outside(words) => {
                    out.regions = Some(Regions::Outside(
                        words
                            .iter()
                            .filter_map(|w| self.place(w))
                            .map(|p| p.node)
                            .collect(),
                    ));
                }
                RuleCondition::In(words) => {
                    out.regions = Some(Regions::In(
                        words
                            .iter()
                            .filter_map(|w| self.place(w))
                            .map(|p| p.node)
                            .collect(),
                    ));
                }
                RuleCondition::About(kinds) => {
                    out.about = Some(
                        kinds
                            .iter()
                            .filter_map(|k| {
                                self.kind(k, SubjectKind::parse, SubjectKind::ids(), "subject")
                            })
                            .map(|k| k.node)
                            .collect(),
                    );
                }
            }
        }
        out
    }

    fn kind_filter(&mut self, pattern: &KindPattern) -> Option<KindFilter> {
        let keyword = pattern.keyword.node;
        let kind = pattern.kind.as_ref();
        let filter = match (keyword, kind) {
            (Keyword::Subject, None) => KindFilter::Subject(None),
            (Keyword::Subject, Some(k)) => KindFilter::Subject(Some(
                self.kind(k, SubjectKind::parse, SubjectKind::ids(), "subject")?
                    .node,
            )),
            (Keyword::System, None) => KindFilter::System(None),
            (Keyword::System, Some(k)) => KindFilter::System(Some(
                self.kind(k, SystemKind::parse, SystemKind::ids(), "system")?
                    .node,
            )),
            (Keyword::Recipient, None) => KindFilter::Recipient(None),
            (Keyword::Recipient, Some(k)) => KindFilter::Recipient(Some(
                self.kind(k, RecipientKind::parse, RecipientKind::ids(), "recipient")?
                    .node,
            )),
            (_, Some(k)) => {
                self.invalid(
                    k.span,
                    format!("{} has no kind", keyword.with_article()),
                    Some(format!("write `{}` alone", keyword.as_str())),
                );
                return None;
            }
            (Keyword::Controller, None) => KindFilter::Controller,
            (Keyword::Category, None) => KindFilter::Category,
            (Keyword::Purpose, None) => KindFilter::Purpose,
            (Keyword::Consent, None) => KindFilter::Consent,
            (Keyword::Processor, None) => KindFilter::Processor,
            (Keyword::Flow, None) => KindFilter::Flow,
            (Keyword::Rule | Keyword::Test, None) => {
                self.invalid(
                    pattern.keyword.span,
                    format!(
                        "{} cannot be required to have properties",
                        keyword.with_article()
                    ),
                    None,
                );
                return None;
            }
        };
        Some(filter)
    }

    /// The property `require PROPERTY for KIND` names, if declarations of that kind have it.
    fn property(&mut self, property: &ast::Word, keyword: Keyword) -> Option<Property> {
        let properties = Property::of(keyword);
        if let Some(p) = Property::parse(&property.node).filter(|p| properties.contains(p)) {
            return Some(p);
        }
        let ids: Vec<&str> = properties.iter().map(|p| p.id()).collect();
        let help = suggest::did_you_mean_within(
            &property.node,
            ids.iter().copied(),
            &mut self.suggestion_budget,
        );
        self.invalid(
            property.span,
            format!(
                "{} has no property `{}`",
                keyword.with_article(),
                property.node
            ),
            with_suggestion(help, format!("its properties are {}", ids.join(", "))),
        );
        None
    }
}

enum PatternTarget {
    Declared(Declared),
    Taxonomy(TaxonomyPattern),
}
