//! How our crates may depend on each other: the table of ARCHITECTURE.md's "Crates"
//! section, and the dependencies `cargo metadata` reports.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use std::process::Command;

/// For each of our crates, the only crates of ours it may depend on (normal and build
/// dependencies; dev-dependencies are free, so that the harness's tests can drive the
/// reference). A crate of ours missing here fails the check: add its row when you add it.
pub const ALLOWED: &[(&str, &[&str])] = &[
    ("idn-model", &[]),
    ("idn-contract", &[]),
    ("idn-world", &["idn-model", "idn-contract"]),
    // ARCHITECTURE invariant 1: a suite that imports the code it checks proves nothing.
    ("idn-reference", &["idn-contract"]),
    // The report is a pure function of plain records: it knows the contract's capability
    // document, never the world or the suite.
    ("idn-report", &["idn-contract"]),
    ("idn-harness", &["idn-model", "idn-contract", "idn-world", "idn-report"]),
    // The checks must run while the crates they check do not compile.
    ("idn-tidy", &[]),
];

/// The binary that wires everything together, and so may depend on every crate of ours.
pub const MAY_DEPEND_ON_ALL: &str = "idn-cli";

/// Each of the workspace's crates and the crates of the workspace it depends on.
pub type Dependencies = BTreeMap<String, BTreeSet<String>>;

/// Every way `dependencies` breaks the table, one sentence each, in the order of the
/// crates' names.
pub fn violations(dependencies: &Dependencies) -> Vec<String> {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut found = Vec::new();
    for (krate, deps) in dependencies {
        if krate == MAY_DEPEND_ON_ALL {
            continue;
        }
        let Some(allowed) = allowed.get(krate.as_str()) else {
            found.push(format!(
                "{krate} is not in the table of allowed dependencies: add it to `ALLOWED` \
                 in sim/tidy/src/crates.rs (and to ARCHITECTURE.md's crates)"
            ));
            continue;
        };
        for dep in deps.iter().filter(|dep| !allowed.contains(&dep.as_str())) {
            found.push(format!(
                "{krate} depends on {dep}, which it may not (it may depend on: {})",
                if allowed.is_empty() { "none of ours".to_string() } else { allowed.join(", ") }
            ));
        }
    }
    found
}

/// Why the workspace's dependencies could not be read.
#[derive(Debug)]
pub enum MetadataError {
    Run(std::io::Error),
    Failed(String),
    Json(serde_json::Error),
    Shape(&'static str),
}

impl fmt::Display for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetadataError::Run(e) => write!(f, "cannot run cargo metadata: {e}"),
            MetadataError::Failed(stderr) => write!(f, "cargo metadata failed: {stderr}"),
            MetadataError::Json(e) => write!(f, "cargo metadata's output is not JSON: {e}"),
            MetadataError::Shape(what) => write!(f, "cargo metadata's output has no {what}"),
        }
    }
}

impl std::error::Error for MetadataError {}

/// The workspace around `dir`, from `cargo metadata`: each member and the members it
/// depends on (normal and build dependencies).
pub fn workspace_dependencies(dir: &Path) -> Result<Dependencies, MetadataError> {
    // Under `cargo test`, CARGO is the cargo running the test: the same toolchain.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(dir)
        .output()
        .map_err(MetadataError::Run)?;
    if !output.status.success() {
        return Err(MetadataError::Failed(String::from_utf8_lossy(&output.stderr).into_owned()));
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(MetadataError::Json)?;
    of_metadata(&metadata)
}

/// The members and their dependencies on each other, from `cargo metadata --no-deps`'s
/// JSON (whose packages are exactly the workspace's members).
fn of_metadata(metadata: &serde_json::Value) -> Result<Dependencies, MetadataError> {
    let packages = metadata["packages"].as_array().ok_or(MetadataError::Shape("packages"))?;
    let mut names = BTreeSet::new();
    for package in packages {
        names.insert(package["name"].as_str().ok_or(MetadataError::Shape("package name"))?);
    }
    let mut graph = Dependencies::new();
    for package in packages {
        let name = package["name"].as_str().ok_or(MetadataError::Shape("package name"))?;
        let deps = package["dependencies"]
            .as_array()
            .ok_or(MetadataError::Shape("dependencies"))?
            .iter()
            .filter(|d| d["kind"].as_str() != Some("dev"))
            .filter_map(|d| d["name"].as_str())
            .filter(|d| names.contains(d))
            .map(str::to_string)
            .collect();
        graph.insert(name.to_string(), deps);
    }
    Ok(graph)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deps(edges: &[(&str, &[&str])]) -> Dependencies {
        edges
            .iter()
            .map(|(k, ds)| (k.to_string(), ds.iter().map(|d| d.to_string()).collect()))
            .collect()
    }

    // Checks that the table's own crates, as ARCHITECTURE.md draws them, pass, and that
    // the CLI may depend on everything.
    #[test]
    fn the_architecture_passes() {
        let graph = deps(&[
            ("idn-model", &[]),
            ("idn-contract", &[]),
            ("idn-world", &["idn-model", "idn-contract"]),
            ("idn-reference", &["idn-contract"]),
            ("idn-harness", &["idn-model", "idn-contract", "idn-world"]),
            ("idn-report", &["idn-contract"]),
            ("idn-cli", &["idn-model", "idn-reference", "idn-harness", "idn-report"]),
            ("idn-tidy", &[]),
        ]);
        assert_eq!(violations(&graph), Vec::<String>::new());
    }

    // Checks that a forbidden dependency and a crate missing from the table are both
    // reported, naming the crates.
    #[test]
    fn forbidden_and_unknown_crates_are_reported() {
        let graph = deps(&[
            ("idn-reference", &["idn-contract", "idn-model"]),
            ("idn-tidy", &["idn-world"]),
            ("idn-new", &[]),
        ]);
        assert_eq!(
            violations(&graph),
            [
                "idn-new is not in the table of allowed dependencies: add it to `ALLOWED` in \
                 sim/tidy/src/crates.rs (and to ARCHITECTURE.md's crates)",
                "idn-reference depends on idn-model, which it may not (it may depend on: \
                 idn-contract)",
                "idn-tidy depends on idn-world, which it may not (it may depend on: none of ours)",
            ]
        );
    }

    // Checks that only the workspace's own crates count, and dev-dependencies do not.
    #[test]
    fn metadata_keeps_members_and_drops_dev_dependencies() {
        let metadata = serde_json::json!({ "packages": [
            { "name": "idn-harness", "dependencies": [
                { "name": "idn-world", "kind": null },
                { "name": "serde", "kind": null },
                { "name": "idn-reference", "kind": "dev" },
            ] },
            { "name": "idn-world", "dependencies": [] },
            { "name": "idn-reference", "dependencies": [] },
        ] });
        let graph = of_metadata(&metadata).expect("well-formed metadata");
        assert_eq!(
            graph,
            deps(&[("idn-harness", &["idn-world"]), ("idn-reference", &[]), ("idn-world", &[]),])
        );
    }
}
