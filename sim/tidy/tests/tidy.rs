//! The repository's structural invariants, checked on its own manifests and source: our
//! crates depend on each other only as ARCHITECTURE.md allows, and no crate has a module
//! circle.

use idn_tidy::modules::Crate;
use idn_tidy::{circles, crates, uses};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Our crates whose modules are checked, as (`sim/harness`, its root file relative to
/// it): every directory of `sim/` with a `src/lib.rs` (else a `src/main.rs`), but this
/// crate, whose own logic is tested by its unit tests.
fn crates_with_modules() -> Vec<(String, PathBuf)> {
    let sim = repository_root().join("sim");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&sim).expect("sim/ is readable") {
        let dir = entry.expect("sim/ is readable").path();
        let name = dir.file_name().expect("a directory's name").to_string_lossy().into_owned();
        let root = ["src/lib.rs", "src/main.rs"].into_iter().find(|r| dir.join(r).is_file());
        if let (Some(root), false) = (root, name == "tidy") {
            found.push((format!("sim/{name}"), PathBuf::from(root)));
        }
    }
    found.sort();
    found
}

// Checks ARCHITECTURE invariant 1 (the reference depends on the contract only) and that
// every crate of ours depends on ours only as `ALLOWED` in sim/tidy/src/crates.rs says.
#[test]
fn crates_depend_only_as_the_architecture_allows() {
    let dependencies = crates::workspace_dependencies(&repository_root())
        .unwrap_or_else(|e| panic!("the workspace's dependencies: {e}"));
    let violations = crates::violations(&dependencies);
    assert!(
        violations.is_empty(),
        "our crates depend on each other as ARCHITECTURE.md does not allow:\n  {}",
        violations.join("\n  ")
    );
    assert_eq!(
        dependencies.get("idn-reference"),
        Some(&BTreeSet::from(["idn-contract".to_string()])),
        "idn-reference must depend on idn-contract and nothing else of ours (invariant 1)"
    );
}

// Checks that no crate of ours has a module circle: a module that uses something of a
// module which, directly or through others, uses something of it.
#[test]
fn no_module_circles() {
    let checked = crates_with_modules();
    let names: Vec<&str> = checked.iter().map(|(dir, _)| dir.as_str()).collect();
    for expected in
        ["sim/cli", "sim/contract", "sim/harness", "sim/model", "sim/reference", "sim/world"]
    {
        assert!(names.contains(&expected), "{expected} is not checked (checked: {names:?})");
    }
    let mut found = Vec::new();
    for (dir, root) in &checked {
        let base = repository_root().join(dir);
        let krate = Crate::load(root, |path| std::fs::read_to_string(base.join(path)))
            .unwrap_or_else(|e| panic!("{dir}: {e}"));
        let edges = uses::edges(&krate);
        let modules: Vec<String> = krate
            .files
            .iter()
            .map(|f| f.path.strip_prefix("src").unwrap_or(&f.path).display().to_string())
            .collect();
        found.extend(circles::find(&modules, &edges).iter().map(|c| c.render(dir)));
    }
    assert!(
        found.is_empty(),
        "{} module circle(s): in each, every module uses something of another that, directly \
         or through the others, uses something of it. Break each circle by moving one of the \
         uses below (or what it names) so that the arrows all go one way. Each line is an \
         edge, with the first line that makes it; re-exports are followed to where a name is \
         defined, and lib.rs/main.rs and #[cfg(test)] code are not counted (see \
         sim/tidy/src/uses.rs).\n\n{}",
        found.len(),
        found.join("\n")
    );
}
