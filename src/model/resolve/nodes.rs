//! The controller, subjects and the nodes data goes to: systems, processors, recipients.

use super::values::{CONTROLLER_LOCATION, NODE_LOCATION, given};
use super::*;

impl Resolver<'_> {
    pub(super) fn entity(&mut self, decl: &EntityDecl) {
        let mut seen = BTreeMap::new();
        let attributes: Vec<&Spanned<Attribute>> = decl
            .attributes
            .iter()
            .filter(|a| self.once(&mut seen, a))
            .collect();
        let mut location = None;
        let mut description = None;
        for a in &attributes {
            match &a.node {
                Attribute::Location(word) => location = self.place(word),
                Attribute::Description(text) => description = given(text),
                _ => {}
            }
        }
        // A subject, system or recipient written without a kind is of the kind its name says.
        let kind = decl.kind.clone().unwrap_or_else(|| decl.name.clone());
        let text_of = |pick: fn(&Attribute) -> Option<&Text>| {
            attributes
                .iter()
                .find_map(|a| pick(&a.node))
                .and_then(given)
        };
        match decl.keyword.node {
            Keyword::Controller => {
                self.require(
                    seen.contains_key("location"),
                    decl,
                    "location",
                    CONTROLLER_LOCATION,
                );
                self.model.controller = Some(Controller {
                    name: decl.name.clone(),
                    location,
                    dpo: text_of(|a| match a {
                        Attribute::Dpo(t) => Some(t),
                        _ => None,
                    }),
                    representative: text_of(|a| match a {
                        Attribute::Representative(t) => Some(t),
                        _ => None,
                    }),
                    rights: self.rights(&attributes),
                    follows: self.follows(&attributes),
                    notice: text_of(|a| match a {
                        Attribute::Notice(t) => Some(t),
                        _ => None,
                    }),
                    optouts: self.optouts(&attributes),
                    description,
                    span: decl.span,
                });
            }
            Keyword::Subject => {
                let kind = self.kind(&kind, SubjectKind::parse, SubjectKind::ids(), "subject");
                self.model.subjects.push(Subject {
                    name: decl.name.clone(),
                    kind,
                    location,
                    description,
                    span: decl.span,
                });
            }
            Keyword::Category => self.category(decl, &attributes, kind, description),
            Keyword::Purpose => self.purpose(decl, &attributes, kind, description),
            Keyword::Consent => self.consent(decl, &attributes, &seen, description),
            Keyword::System => {
                let kind = self.kind(&kind, SystemKind::parse, SystemKind::ids(), "system");
                self.require(
                    seen.contains_key("location"),
                    decl,
                    "location",
                    NODE_LOCATION,
                );
                let stores = self.storages(&attributes);
                self.model.systems.push(System {
                    name: decl.name.clone(),
                    kind,
                    location,
                    stores,
                    access_control: text_of(|a| match a {
                        Attribute::AccessControl(t) => Some(t),
                        _ => None,
                    }),
                    erasure: text_of(|a| match a {
                        Attribute::Erasure(t) => Some(t),
                        _ => None,
                    }),
                    description,
                    span: decl.span,
                });
            }
            Keyword::Processor => {
                if let Some(kind) = &decl.kind {
                    self.invalid(
                        kind.span,
                        format!(
                            "a processor takes no kind: `{}` is a processor by its role, processing on the controller's behalf (GDPR Art. 28)",
                            decl.name.node
                        ),
                        Some(format!(
                            "remove `: {}`; say what it does with `description \"…\"`, or declare a `recipient {} : KIND` if it uses the data for its own ends",
                            kind.node, decl.name.node
                        )),
                    );
                }
                self.require(
                    seen.contains_key("location"),
                    decl,
                    "location",
                    NODE_LOCATION,
                );
                let stores = self.storages(&attributes);
                let safeguard = self.safeguard(&attributes);
                let mut subprocessors = Vec::new();
                for a in &attributes {
                    if let Attribute::Subprocessor(word) = &a.node
                        && let Some(Declared::Processor(id)) =
                            self.lookup(word, &[Keyword::Processor])
                    {
                        subprocessors.push(Spanned::new(id, word.span));
                    }
                }
                let service_contract = self.service_contract(&attributes);
                self.model.processors.push(Processor {
                    name: decl.name.clone(),
                    location,
                    safeguard,
                    dpa: text_of(|a| match a {
                        Attribute::Dpa(t) => Some(t),
                        _ => None,
                    }),
                    subprocessors,
                    stores,
                    access_control: text_of(|a| match a {
                        Attribute::AccessControl(t) => Some(t),
                        _ => None,
                    }),
                    erasure: text_of(|a| match a {
                        Attribute::Erasure(t) => Some(t),
                        _ => None,
                    }),
                    service_contract,
                    description,
                    span: decl.span,
                });
            }
            Keyword::Recipient => {
                let kind = self.kind(
                    &kind,
                    RecipientKind::parse,
                    RecipientKind::ids(),
                    "recipient",
                );
                self.require(
                    seen.contains_key("location"),
                    decl,
                    "location",
                    NODE_LOCATION,
                );
                let safeguard = self.safeguard(&attributes);
                self.model.recipients.push(Recipient {
                    name: decl.name.clone(),
                    kind,
                    location,
                    safeguard,
                    contract: text_of(|a| match a {
                        Attribute::Contract(t) => Some(t),
                        _ => None,
                    }),
                    consideration: text_of(|a| match a {
                        Attribute::Consideration(t) => Some(t),
                        _ => None,
                    }),
                    erasure: text_of(|a| match a {
                        Attribute::Erasure(t) => Some(t),
                        _ => None,
                    }),
                    description,
                    span: decl.span,
                });
            }
            Keyword::Flow | Keyword::Rule | Keyword::Test => {}
        }
    }

    fn storages(&mut self, attributes: &[&Spanned<Attribute>]) -> Vec<Storage> {
        let mut stores = Vec::new();
        for a in attributes {
            if let Attribute::Stores {
                categories,
                duration,
                encrypted,
                pseudonymised,
            } = &a.node
            {
                let categories = categories
                    .iter()
                    .filter_map(|c| self.category_ref(c))
                    .collect();
                if let Some(duration) = self.duration(duration) {
                    stores.push(Storage {
                        categories,
                        duration,
                        encrypted: *encrypted,
                        pseudonymised: *pseudonymised,
                        span: a.span,
                    });
                }
            }
        }
        stores
    }

    /// `follows ccpa, vcdpa`: the US laws the controller says it is subject to.
    fn follows(&mut self, attributes: &[&Spanned<Attribute>]) -> Option<Vec<usize>> {
        let words = attributes.iter().find_map(|a| match &a.node {
            Attribute::Follows(words) => Some(words),
            _ => None,
        })?;
        let laws = &self.vocabulary.knowledge.us.laws;
        let mut out = Vec::new();
        for word in words {
            match laws.iter().position(|l| l.id == word.node) {
                Some(i) if !out.contains(&i) => out.push(i),
                Some(_) => {}
                None => {
                    let ids = laws.iter().map(|l| l.id.as_str());
                    let help = suggest::did_you_mean_within(
                        &word.node,
                        ids.clone(),
                        &mut self.suggestion_budget,
                    );
                    self.invalid(
                        word.span,
                        format!("redline knows no law `{}`", word.node),
                        with_suggestion(
                            help,
                            format!(
                                "the laws are {} (`redline knowledge us-laws` lists them)",
                                ids.collect::<Vec<_>>().join(", ")
                            ),
                        ),
                    );
                }
            }
        }
        Some(out)
    }

    /// `optout "link" covers … [honours gpc]`: what each opt-out covers, each choice once.
    fn optouts(&mut self, attributes: &[&Spanned<Attribute>]) -> Vec<OptOut> {
        let mut out: Vec<OptOut> = Vec::new();
        for a in attributes {
            let Attribute::OptOut {
                link,
                covers,
                honours,
            } = &a.node
            else {
                continue;
            };
            self.required_text(link, "the link or method of this opt-out");
            let mut choices = Vec::new();
            for word in covers {
                let Some(choice) = Choice::parse(&word.node) else {
                    let help = suggest::did_you_mean_within(
                        &word.node,
                        Choice::ids(),
                        &mut self.suggestion_budget,
                    );
                    self.invalid(
                        word.span,
                        format!("an opt-out cannot cover `{}`", word.node),
                        with_suggestion(
                            help,
                            format!(
                                "an opt-out covers {}",
                                Choice::ids().collect::<Vec<_>>().join(", ")
                            ),
                        ),
                    );
                    continue;
                };
                // Two opt-outs for one choice contradict each other on how it is made.
                if let Some(first) = out.iter().find(|o| o.covers.contains(&choice)) {
                    let d = Diagnostic::input(
                        InputError::InvalidValue,
                        word.span,
                        format!("`{choice}` is covered by two opt-outs"),
                    )
                    .with_secondary(first.span, "first covered here")
                    .with_help("one opt-out per choice: keep the one consumers use");
                    self.diagnostics.push(d);
                    continue;
                }
                if !choices.contains(&choice) {
                    choices.push(choice);
                }
            }
            let honours_gpc = match honours {
                None => false,
                Some(w) if w.node == "gpc" => true,
                Some(w) => {
                    self.invalid(
                        w.span,
                        format!("unknown opt-out preference signal `{}`", w.node),
                        Some(
                            "the signal redline knows is `gpc` (Global Privacy Control)".to_owned(),
                        ),
                    );
                    false
                }
            };
            out.push(OptOut {
                link: link.clone(),
                covers: choices,
                honours_gpc,
                span: a.span,
            });
        }
        out
    }

    /// `contract "ref" for p1, p2` on a processor.
    fn service_contract(&mut self, attributes: &[&Spanned<Attribute>]) -> Option<ServiceContract> {
        let (reference, purposes, span) = attributes.iter().find_map(|a| match &a.node {
            Attribute::ServiceContract {
                reference,
                purposes,
            } => Some((reference, purposes, a.span)),
            _ => None,
        })?;
        let purposes = purposes
            .iter()
            .filter_map(|p| self.purpose_ref(p))
            .collect();
        Some(ServiceContract {
            reference: given(reference)?,
            purposes,
            span,
        })
    }

    /// `right KIND "how" [within D]`: one channel per right; the same right twice is an
    /// error pointing at both.
    fn rights(&mut self, attributes: &[&Spanned<Attribute>]) -> Vec<RightChannel> {
        let mut rights: Vec<RightChannel> = Vec::new();
        for a in attributes {
            let Attribute::Right { right, how, within } = &a.node else {
                continue;
            };
            let Some(kind) = Right::parse(&right.node) else {
                let help = suggest::did_you_mean_within(
                    &right.node,
                    Right::ids(),
                    &mut self.suggestion_budget,
                );
                self.invalid(
                    right.span,
                    format!("unknown right `{}`", right.node),
                    with_suggestion(
                        help,
                        format!(
                            "the rights are {} (GDPR Art. 15-21)",
                            Right::ids().collect::<Vec<_>>().join(", ")
                        ),
                    ),
                );
                continue;
            };
            if let Some(first) = rights.iter().find(|r| r.right == kind) {
                let first = first.span;
                self.duplicate_attribute(a.span, first, &format!("right {kind}"));
                continue;
            }
            self.required_text(how, "how this right is exercised");
            let within = within.as_ref().and_then(|d| self.duration(d));
            rights.push(RightChannel {
                right: kind,
                how: given(how),
                within,
                span: a.span,
            });
        }
        rights
    }

    fn safeguard(&mut self, attributes: &[&Spanned<Attribute>]) -> Option<Spanned<Safeguard>> {
        let (name, ground, span) = attributes.iter().find_map(|a| match &a.node {
            Attribute::Safeguard { name, ground } => Some((name, ground, a.span)),
            _ => None,
        })?;
        let Some(kind) = SafeguardKind::parse(&name.node) else {
            let ids = SafeguardKind::ALL.map(SafeguardKind::id);
            let help = suggest::did_you_mean_within(&name.node, ids, &mut self.suggestion_budget);
            self.invalid(
                name.span,
                format!("unknown transfer safeguard `{}`", name.node),
                with_suggestion(help, format!("the safeguards are {}", ids[..7].join(", "))),
            );
            return None;
        };
        if let (Some(ground), false) = (ground, kind == SafeguardKind::Derogation) {
            self.invalid(
                ground.span,
                format!("only a `derogation` takes a ground, not `{}`", name.node),
                Some(
                    "remove the string, or write `safeguard derogation \"Art. 49(1)(b) …\"`"
                        .to_owned(),
                ),
            );
        }
        Some(Spanned::new(
            Safeguard {
                kind,
                // A blank ground is no ground: the derogation names none (T002).
                ground: ground.as_ref().and_then(given),
            },
            span,
        ))
    }
}
