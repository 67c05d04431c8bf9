//! The built-in knowledge, converted from its YAML sources (`knowledge/*.yaml`, the files
//! people edit and review) to JSON at build time, so that a run deserializes JSON instead
//! of parsing YAML at every start (a third of a small project's run). A YAML file that
//! does not parse fails the build; the typed checks of the tables run when the knowledge
//! is loaded, which every test does.

// A build script reports a problem by failing, with the message.
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=knowledge");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out).join("knowledge");
    std::fs::create_dir_all(&out).expect("OUT_DIR is writable");
    let mut names: Vec<_> = std::fs::read_dir("knowledge")
        .expect("the knowledge directory is there")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    names.sort();
    for path in names {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("a knowledge file is UTF-8");
        // The same reading as the runtime's YAML loader: booleans only as true/false.
        let options = serde_saphyr::options! {
            strict_booleans: true,
            with_snippet: false,
        };
        let value: serde_json::Value = serde_saphyr::from_str_with_options(&text, options)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a file name");
        std::fs::write(
            out.join(format!("{name}.json")),
            serde_json::to_string(&value).expect("JSON"),
        )
        .expect("OUT_DIR is writable");
    }
}
