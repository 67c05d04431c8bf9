//! U004 service-provider-without-contract.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::law::us::{add_law, law_names};
use crate::model::{NodeId, ProcessorId};

pub struct ServiceProviderWithoutContract;

pub static META: RuleMeta = RuleMeta {
    code: "U004",
    name: "service-provider-without-contract",
    severity: Severity::Error,
    opt_in: false,
    summary: "a processor receives personal data of consumers in a US state without a contract naming the business purposes it serves",
    docs: r#"# service-provider-without-contract (U004)

## What it checks
A processor that receives personal data of consumers in a US state whose law applies,
and has no `contract "…" for purpose, …` limiting it to business purposes that cover
every purpose it receives data for. Without such a contract it is not a service provider
or contractor but a third party: what it receives may be a sale or sharing (U001).

## Why
A service provider processes personal information on behalf of a business under a
written contract that prohibits it from selling or sharing the information and from
using it for any purpose other than the business purposes specified in the contract; a
generic reference does not suffice. The states of the Virginia model likewise require a
binding contract between controller and processor.

## Law and guidance
Cal. Civ. Code §1798.140(ag)(1) and (j)(1); §1798.100(d); Cal. Code Regs. tit. 11 §7051
(the contract's mandatory terms); Va. Code §59.1-579.

## Failing example
```redline
controller "Stream Inc." { location US-CA }
subject viewer : user
category email : contact.email
purpose support : service.support { basis contract retain 1 year }
system app : application { location US-CA }
processor helpdesk { location US-CA }   # expect: U004
flow viewer -> app : email for support
flow app -> helpdesk : email for support
```

## Passing example
```redline
controller "Stream Inc." { location US-CA }
subject viewer : user
category email : contact.email
purpose support : service.support { basis contract retain 1 year }
system app : application { location US-CA }
processor helpdesk { location US-CA contract "MSA-7, schedule 2" for support }
flow viewer -> app : email for support
flow app -> helpdesk : email for support
```
"#,
};

impl Rule for ServiceProviderWithoutContract {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let m = cx.model;
        for (i, processor) in m.processors.iter().enumerate() {
            let id = ProcessorId(i as u32);
            let Err(why) = cx.law.service_provider(id) else {
                continue;
            };
            let node = NodeId::Processor(id);
            let mut laws = Vec::new();
            let incoming = cx.law.graph.flows_at(node, petgraph::Direction::Incoming);
            for flow in incoming.iter().filter_map(|f| m.flows.get(f.index())) {
                for law in cx.law.us_laws_on(flow) {
                    add_law(&mut laws, law);
                }
            }
            if laws.is_empty() {
                continue;
            }
            let d = out.report(
                processor.name.span,
                format!(
                    "`{}` receives personal information of consumers under {} as a service provider, but {why}",
                    processor.name.node,
                    law_names(&laws)
                ),
            );
            d.notes.push(
                "without such a contract it is a third party, and what it receives may be a sale or sharing"
                    .to_owned(),
            );
            d.help = Some(format!(
                "name the contract and the business purposes it limits `{}` to: `contract \"…\" for p1, p2` (Cal. Civ. Code §1798.140(ag))",
                processor.name.node
            ));
        }
    }
}
