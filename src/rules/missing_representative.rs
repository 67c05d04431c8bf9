//! D003 missing-representative.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::NodeId;

pub struct MissingRepresentative;

pub static META: RuleMeta = RuleMeta {
    code: "D003",
    name: "missing-representative",
    severity: Severity::Warning,
    opt_in: false,
    summary: "a controller outside the EEA processes EEA subjects' data and names no representative",
    docs: r#"# missing-representative (D003)

## What it checks
A controller established outside the EEA whose policy collects personal data from
subjects located in the EEA (a subject's own `location` inside the EEA), and that names
no `representative`. The GDPR applies to it through Art. 3(2) (offering goods or
services to people in the Union, or monitoring their behaviour), and Art. 27 asks it to
designate a representative in the Union in writing. A warning: the exception of Art.
27(2) (occasional processing, no large-scale special or criminal data, unlikely to
result in a risk; or a public authority) cannot be read from a policy.

## Why
The representative is the point of contact for supervisory authorities and data
subjects in the Union; without one, the controller cannot be reached where the people
whose data it processes are.

## Law and guidance
GDPR Art. 3(2), Art. 27 and Recital 80; EDPB Guidelines 3/2018 on the territorial scope
of the GDPR (Article 3), section 4.

## Failing example
```redline
controller "Prairie Goods Inc." { location US }   # expect: D003
subject customer : customer { location DE }
category orders : transaction.order_history
purpose checkout : service.order_fulfilment { basis contract retain 5 years }
system shop : application { location US }
flow customer -> shop : orders for checkout
```

## Passing example
```redline
controller "Prairie Goods Inc." { location US representative "Prairie EU Rep GmbH, Berlin" }
subject customer : customer { location DE }
category orders : transaction.order_history
purpose checkout : service.order_fulfilment { basis contract retain 5 years }
system shop : application { location US }
flow customer -> shop : orders for checkout
```
"#,
};

impl Rule for MissingRepresentative {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let Some(controller) = &cx.model.controller else {
            return;
        };
        let outside = controller
            .location
            .as_ref()
            .is_some_and(|l| !cx.law.place_in_eea(l.node));
        if !outside || controller.representative.is_some() {
            return;
        }
        // Subjects said to be in the EEA whose personal data the controller collects.
        let mut in_eea: Vec<&str> = Vec::new();
        for flow in &cx.model.flows {
            let NodeId::Subject(id) = flow.from.node else {
                continue;
            };
            let located_in_eea = cx
                .model
                .subjects
                .get(id.index())
                .and_then(|s| s.location.as_ref())
                .is_some_and(|l| cx.law.place_in_eea(l.node));
            let personal = flow.categories.iter().any(|c| cx.law.is_personal(c.node));
            let name = cx.model.node_name(flow.from.node);
            if located_in_eea && personal && !in_eea.contains(&name) {
                in_eea.push(name);
            }
        }
        if in_eea.is_empty() {
            return;
        }
        let d = out.report(
            controller.name.span,
            format!(
                "the controller \"{}\" is established outside the EEA and collects personal data of subjects in the EEA (`{}`), but names no representative in the Union",
                controller.name.node,
                in_eea.join("`, `")
            ),
        );
        d.help = Some(
            "designate a representative in the Union in writing: `representative \"…\"` (GDPR Art. 27)"
                .to_owned(),
        );
    }
}
