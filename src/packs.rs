//! Rule packs: curated organisation rules for good practice beyond the letter of the law
//! (`policies/*.redline`), each rule citing its source and each pack with its own tests.
//! They ship inside the binary and a project enables them in `redline.yaml`
//! (`packs: [children, health]`): their rules join the project's model as if its own
//! files declared them, and `redline test` runs their tests against the pack alone.

/// One pack: its name, what it is for, and its policy text.
#[derive(Debug)]
pub struct Pack {
    pub name: &'static str,
    pub summary: &'static str,
    pub text: &'static str,
}

impl Pack {
    /// How its file is shown in reports.
    pub fn display(&self) -> String {
        format!("<pack {}>/policies/{}.redline", self.name, self.name)
    }
}

pub static PACKS: [Pack; 4] = [
    Pack {
        name: "brokers",
        summary: "what never goes to data brokers: special-category and criminal-offence data",
        text: include_str!("../policies/brokers.redline"),
    },
    Pack {
        name: "children",
        summary: "children's data: no profiling-based advertising, nothing to data brokers",
        text: include_str!("../policies/children.redline"),
    },
    Pack {
        name: "employees",
        summary: "staff data: monitoring reviewed by staff representatives, no marketing",
        text: include_str!("../policies/employees.redline"),
    },
    Pack {
        name: "health",
        summary: "special-category data: never for advertising; every health purpose has its DPIA",
        text: include_str!("../policies/health.redline"),
    },
];

pub fn find(name: &str) -> Option<&'static Pack> {
    PACKS.iter().find(|p| p.name == name)
}

pub fn names() -> impl Iterator<Item = &'static str> + Clone {
    PACKS.iter().map(|p| p.name)
}
