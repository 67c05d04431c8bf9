//! The expectations of `test` blocks.

use super::*;

impl Resolver<'_> {
    // -----------------------------------------------------------------------------------
    // Test expectations

    pub(super) fn expectation(&mut self, expectation: &Spanned<Expectation>) {
        let (at, times) = match &expectation.node {
            Expectation::Present { at, times, .. } => (at, times.as_ref()),
            Expectation::Absent { at, .. } => (at, None),
            Expectation::Clean => return,
        };
        if let Some(times) = times
            && times.node == 0
        {
            self.invalid(
                times.span,
                "`times 0` can never be met by a finding".to_owned(),
                Some("write `expect no RULE` instead".to_owned()),
            );
        }
        let Some(at) = at else { return };
        match &at.node {
            DeclRef::Named { keyword, name } => {
                self.lookup(name, &[keyword.node]);
            }
            DeclRef::Flow { from, to } => {
                let (Some(a), Some(b)) = (self.node_ref(from), self.node_ref(to)) else {
                    return;
                };
                if !self
                    .model
                    .flows
                    .iter()
                    .any(|f| f.from.node == a.node && f.to.node == b.node)
                {
                    let d = Diagnostic::input(
                        InputError::UnknownReference,
                        at.span,
                        format!("there is no flow from `{}` to `{}`", from.node, to.node),
                    )
                    .with_help("an expectation `at` a flow needs that flow in the test's model");
                    self.diagnostics.push(d);
                }
            }
        }
    }
}
