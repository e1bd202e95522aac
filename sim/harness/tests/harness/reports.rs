//! The certification report of the reference, held by insta snapshots: the guide's whole
//! journey (ÉTAPES 1 to 26) and the activation rules, in-process, with one seed. A change
//! to what the report says or how the page shows it is seen in review, and the snapshots
//! hold the report's determinism: the same seed against the same implementation gives the
//! same bytes.
//!
//! The whole suite's report (megabytes of JSON) is checked for byte-identity by `.ci/run`,
//! which certifies the reference twice; a snapshot of that size would drown every review.

use idn_report as report;

/// The seed of `make demo`.
const SEED: u64 = 20260302;

/// The report of the guide's features against the embedded reference. The harness's
/// commit is left out: it changes with every commit, not with what the report says.
async fn reference_report() -> report::Report {
    let reports = std::env::temp_dir().join(format!("idn-report-snapshot-{}", std::process::id()));
    let tags = "(@GUIDE or @ACT-03) and not @fuzz-regression";
    let (_, mut report) = crate::reference_report(tags, SEED, &reports).await;
    let _ = std::fs::remove_dir_all(&reports);
    report.run.harness_commit = None;
    report
}

// Holds report.json and index.html of the reference's run, and checks that the run passed
// and covered more than a handful of scenarios (an empty selection would snapshot nothing).
#[tokio::test]
async fn the_reference_report_is_held_by_snapshots() {
    let report = reference_report().await;
    assert_eq!(report.result, report::RunResult::Passed, "{:?}", report.verdicts);
    assert!(report.counts.scenarios >= 15, "{:?}", report.counts);
    insta::assert_snapshot!("reference_report_json", report::to_json(&report));
    insta::assert_snapshot!("reference_index_html", report::html::render(&report));
    insta::assert_snapshot!("reference_junit_xml", report::junit::render(&report));
}
