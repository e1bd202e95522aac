//! Invariants of ARCHITECTURE.md that the compiler alone does not hold.

use std::collections::BTreeMap;
use std::process::Command;

/// Our crates' names and, for each, the names of our crates it depends on (normal deps).
fn our_dependencies() -> BTreeMap<String, Vec<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("metadata is JSON");
    let mut graph = BTreeMap::new();
    for package in metadata["packages"].as_array().expect("packages") {
        let name = package["name"].as_str().expect("name").to_string();
        let deps = package["dependencies"]
            .as_array()
            .expect("dependencies")
            .iter()
            .filter(|d| d["kind"].is_null())
            .filter_map(|d| d["name"].as_str())
            .filter(|d| d.starts_with("idn-"))
            .map(str::to_string)
            .collect();
        graph.insert(name, deps);
    }
    graph
}

// Checks DESIGN principle 1: the reference shares no rule code with the harness's model,
// and the crates depend on each other only as ARCHITECTURE.md's table allows.
#[test]
fn crates_depend_only_as_the_architecture_allows() {
    let graph = our_dependencies();
    let allowed: BTreeMap<&str, &[&str]> = BTreeMap::from([
        ("idn-model", &[][..]),
        ("idn-contract", &[][..]),
        ("idn-world", &["idn-model", "idn-contract"][..]),
        ("idn-reference", &["idn-contract"][..]),
        ("idn-report", &["idn-contract"][..]),
        ("idn-harness", &["idn-model", "idn-contract", "idn-world", "idn-report"][..]),
    ]);
    for (krate, deps) in &graph {
        let Some(allowed) = allowed.get(krate.as_str()) else { continue };
        for dep in deps {
            assert!(allowed.contains(&dep.as_str()), "{krate} must not depend on {dep}");
        }
    }
    assert_eq!(graph["idn-reference"], vec!["idn-contract".to_string()]);
}
