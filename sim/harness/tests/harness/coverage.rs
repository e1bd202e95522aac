//! Traceability (DESIGN principle 5): every requirement is exercised by a scenario or
//! listed in the README with the reason it cannot be, and every tag names a requirement.

use idn_report::requirements;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn feature_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("features/ exists").filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            found.extend(feature_files(&path));
        } else if path.extension().is_some_and(|e| e == "feature") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Every `@TAG` that looks like a requirement id, with where it stands.
fn tags() -> Vec<(String, String)> {
    let mut tags = Vec::new();
    for path in feature_files(&root().join("features")) {
        let text = std::fs::read_to_string(&path).expect("a readable feature");
        let shown = path.strip_prefix(root()).unwrap_or(&path).display().to_string();
        for (n, line) in text.lines().enumerate() {
            if !line.trim_start().starts_with('@') {
                continue;
            }
            for tag in line.split_whitespace().filter_map(|t| t.strip_prefix('@')) {
                if tag.contains('-') {
                    tags.push((tag.to_string(), format!("{shown}:{}", n + 1)));
                }
            }
        }
    }
    tags
}

/// The README's table of requirements no scenario can exercise: id and reason.
fn table_in_readme() -> std::collections::BTreeMap<String, String> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with("Requirements no scenario exercises"))
        .expect("README.md has a section \"Requirements no scenario exercises\"");
    section
        .lines()
        .filter_map(|l| {
            let row = l.trim().strip_prefix('|')?.strip_suffix('|')?;
            let (id, reason) = row.split_once('|')?;
            let id = id.trim().trim_matches('`');
            requirements::is_id(id).then(|| (id.to_string(), reason.trim().to_string()))
        })
        .collect()
}

/// The ids of the README's table of requirements no scenario can exercise.
fn listed_in_readme() -> BTreeSet<String> {
    table_in_readme().into_keys().collect()
}

// Checks that the README's table says what the report's matrix shows (the fixture the
// harness ships): the same ids with the same reasons.
#[test]
fn readme_table_matches_the_shipped_list() {
    assert_eq!(
        table_in_readme(),
        requirements::unexercisable(),
        "README.md's table differs from fixtures/unexercisable.toml"
    );
}

// Checks that every tag that looks like a requirement id names one of the catalogue.
#[test]
fn every_tag_names_a_requirement() {
    let known: BTreeSet<String> = requirements::all().into_iter().map(|r| r.id).collect();
    let unknown: Vec<String> = tags()
        .into_iter()
        .filter(|(tag, _)| requirements::is_id(tag) && !known.contains(tag))
        .map(|(tag, at)| format!("@{tag} at {at}"))
        .collect();
    assert!(
        unknown.is_empty(),
        "tags that name no requirement of fixtures/requirements.md: {unknown:#?}"
    );
}

// Checks that every requirement is tagged on a scenario or listed in the README with the
// reason it cannot be, and that nothing is both.
#[test]
fn every_requirement_is_exercised_or_listed() {
    let tagged: BTreeSet<String> = tags().into_iter().map(|(tag, _)| tag).collect();
    let listed = listed_in_readme();
    let neither: Vec<String> = requirements::all()
        .into_iter()
        .map(|r| r.id)
        .filter(|id| !tagged.contains(id) && !listed.contains(id))
        .collect();
    assert!(
        neither.is_empty(),
        "requirements neither tagged on a scenario nor listed in README.md: {neither:?}"
    );
    let both: Vec<&String> = listed.intersection(&tagged).collect();
    assert!(
        both.is_empty(),
        "listed in README.md as not exercised, yet tagged on a scenario: {both:?}"
    );
}

// Checks that the shipped catalogue is the project's: when ../shared/REQUIREMENTS.md is
// beside the repository, fixtures/requirements.md must be a copy of it.
#[test]
fn the_shipped_catalogue_is_the_projects() {
    let shared = root().join("../shared/REQUIREMENTS.md");
    if let Ok(text) = std::fs::read_to_string(&shared) {
        assert!(
            text == requirements::CATALOGUE,
            "fixtures/requirements.md differs from {}: copy it again",
            shared.display()
        );
    }
}
