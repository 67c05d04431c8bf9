//! Flows between nodes.

use super::*;

impl Resolver<'_> {
    pub(super) fn flow(&mut self, decl: &FlowDecl) {
        let from = self.node_ref(&decl.from);
        let to = self.node_ref(&decl.to);
        let categories: Vec<Spanned<CategoryId>> = decl
            .categories
            .iter()
            .filter_map(|c| self.category_ref(c))
            .collect();
        let purposes: Vec<Spanned<PurposeId>> = decl
            .purposes
            .iter()
            .filter_map(|p| self.purpose_ref(p))
            .collect();
        let incomplete =
            categories.len() < decl.categories.len() || purposes.len() < decl.purposes.len();
        let has = |needle: fn(&Attribute) -> bool| decl.attributes.iter().any(|a| needle(&a.node));
        let (Some(from), Some(to)) = (from, to) else {
            return;
        };
        self.model.flows.push(Flow {
            from,
            to,
            categories,
            purposes,
            encrypted: has(|a| matches!(a, Attribute::Encrypted)),
            pseudonymised: has(|a| matches!(a, Attribute::Pseudonymised)),
            incomplete,
            span: decl.span,
        });
    }
}
