//! The fuzzer: a short fixed-seed campaign against the embedded reference finds nothing,
//! and each deliberately broken implementation is found, shrunk to a short journey, and
//! written as a feature that fails against it and passes against the reference.

use idn_harness::fuzz::{self, FuzzConfig};
use idn_harness::steps::Target;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn reference() -> Target {
    Target::in_process(
        "embedded reference",
        |seed, outbound| idn_reference::embedded(seed)(outbound),
        root().join("scenarios"),
    )
}

// Checks that a short fixed-seed campaign against the reference finds no disagreement
// with the oracle and no broken invariant.
#[test]
fn the_reference_passes_a_short_campaign() {
    let cases: u32 =
        std::env::var("IDN_FUZZ_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(24);
    let mut config = FuzzConfig::new(reference(), cases, 20260302);
    config.regressions_file = Some(root().join("sim/harness/fuzz-regressions/reference.txt"));
    let outcome = fuzz::run(config);
    if let Some(failure) = &outcome.failure {
        panic!(
            "the reference failed at case {}: {}\nshrunk journey ({} of {} steps):\n{}",
            failure.found_at_case,
            failure.message,
            failure.shrunk.len(),
            failure.original_len,
            failure.feature_text
        );
    }
    assert_eq!(outcome.cases_run, cases);
    assert!(outcome.steps_run > u64::from(cases), "{} steps", outcome.steps_run);
}

/// A folder under the system's temp dir for one feature, removed on drop.
struct TempFeature(PathBuf);

impl TempFeature {
    fn new(name: &str, text: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("idn-fuzz-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("features")).expect("a temp dir");
        std::fs::write(dir.join("features/regression.feature"), text).expect("a temp feature");
        Self(dir)
    }

    /// Runs the feature against `target` with the cucumber suite; whether it passed.
    fn passes(&self, target: Target) -> bool {
        let suite = idn_harness::suite::Suite {
            features: self.0.join("features"),
            reports: self.0.join("reports"),
            root: self.0.clone(),
            target,
            tags: None,
            scenario: None,
            seed: 1,
        };
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        let outcome = runtime.block_on(suite.run(std::io::sink(), false)).expect("the reports");
        outcome.passed
    }
}

impl Drop for TempFeature {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// Checks that the fuzzer finds each deliberately broken implementation within a bounded
// number of cases, shrinks it to a short journey tagged with a requirement the defect
// breaks, and that the feature it writes fails against the broken implementation and
// passes against the reference.
#[test]
fn the_fuzzer_finds_every_broken_implementation() {
    let mut figures = Vec::new();
    for broken in crate::broken::all() {
        let mut config = FuzzConfig::new(broken.target.clone(), 300, 20260302);
        config.max_shrink_iters = 512;
        let outcome = fuzz::run(config);
        let failure = outcome.failure.unwrap_or_else(|| {
            panic!("the fuzzer did not find « {} » in {} cases", broken.name, outcome.cases_run)
        });
        figures.push(format!(
            "{}: found at case {}, shrunk from {} to {} steps ({})",
            broken.name,
            failure.found_at_case,
            failure.original_len,
            failure.shrunk.len(),
            failure.requirements.join(" ")
        ));
        assert!(
            failure.shrunk.len() <= 8,
            "« {} » shrunk to {} steps:\n{}",
            broken.name,
            failure.shrunk.len(),
            failure.feature_text
        );
        assert!(
            broken.requirements.iter().any(|id| failure.requirements.iter().any(|r| r == id)),
            "« {} » breaks {:?}, the journey is tagged {:?}",
            broken.name,
            broken.requirements,
            failure.requirements
        );
        let slug: String = broken
            .name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
            .collect();
        if std::env::var_os("IDN_FUZZ_WRITE_REGRESSIONS").is_some() {
            // How features/regressions/ was filled: the journeys that catch each defect.
            let path = root().join(format!("features/regressions/{slug}.feature"));
            std::fs::write(path, &failure.feature_text).expect("features/regressions/ exists");
        }
        let feature = TempFeature::new(&slug, &failure.feature_text);
        assert!(
            !feature.passes(broken.target.clone()),
            "the feature of « {} » passes against it:\n{}",
            broken.name,
            failure.feature_text
        );
        assert!(
            feature.passes(reference()),
            "the feature of « {} » fails against the reference:\n{}",
            broken.name,
            failure.feature_text
        );
    }
    // The closing note's figures (`--nocapture` shows them).
    println!("{}", figures.join("\n"));
}
