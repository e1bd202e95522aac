//! The harness's one integration test binary: whole journeys against the embedded
//! reference and their determinism, the suite, its report, the fuzzer and the broken
//! implementations they must catch. (The repository's structural invariants, how the
//! crates depend on each other and no module circle, are checked in `sim/tidy`.)

mod broken;
mod browser;
mod coverage;
mod fuzz;
mod journeys;
mod policy;
mod reports;
mod suite;

use idn_harness::Journey;
use idn_world::{World, WorldConfig};

/// A journey on `seed` around a fresh in-process reference implementation.
pub async fn embedded_journey(seed: u64) -> Journey {
    let world = World::start(WorldConfig::new(seed), idn_reference::embedded(seed))
        .await
        .expect("the world starts around the embedded reference");
    Journey::new(world)
}

/// The repository's root, canonical as cucumber makes the features' paths, so that the
/// records show them relative to it (`features/activation.feature`).
pub fn repository_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository's root")
}

/// Runs the features `tags` selects against the embedded reference in-process, with
/// cucumber's own report in `reports`, and builds the certification report as `idn-sim
/// certify` does.
pub async fn reference_report(
    tags: &str,
    seed: u64,
    reports: &std::path::Path,
) -> (idn_report::Outcome, idn_report::Report) {
    let root = repository_root();
    let target = idn_harness::target::Target::in_process(
        "embedded reference",
        |seed, outbound| idn_reference::embedded(seed)(outbound),
        root.join("scenarios"),
    );
    let suite = idn_harness::suite::Suite {
        features: root.join("features"),
        reports: reports.to_path_buf(),
        root: root.clone(),
        target: target.clone(),
        tags: Some(tags.parse().expect("a tag expression")),
        scenario: None,
        seed,
    };
    let outcome = suite.run(std::io::sink(), false).await.expect("the reports are writable");
    let report = idn_harness::certification::of_run(&outcome, &target, seed, None);
    (outcome, report)
}
