//! The certification report: a pure function of what a run recorded. [`build()`](fn@crate::build) turns the
//! suite's [`Outcome`] (plain data: each scenario's steps, failure, people, narrative and
//! timeline) into the canonical [`Report`], `report.json`, documented in
//! `docs/report.md`; [`html::render`] and [`junit::render`] are renderings of that one
//! value, so the three files always agree.
//!
//! It is not the suite (the harness runs the features and fills the records) and knows
//! nothing of the world or the implementation beyond the contract's capability document.
//! It reads no clock and no environment but the build's `IDN_GIT_COMMIT`: one seed
//! against one implementation gives the same bytes, which its snapshots hold. Its only
//! I/O is [`write()`](fn@crate::write).
//!
//! Start with `record.rs` (what it is given), `model.rs` (what it produces), then
//! `build.rs` (statuses, the requirement matrix, the verdicts); `status.rs` and
//! `profile.rs` hold the enums every part matches on.

pub mod build;
pub mod expected;
pub mod html;
pub mod junit;
pub mod model;
pub mod profile;
pub mod record;
pub mod requirements;
pub mod status;
mod text;
pub mod timeline;

pub use build::{Context, build, requirement_ids};
pub use expected::ExpectedFailures;
pub use model::*;
pub use profile::{Need, Profile};
pub use record::{
    Detail, Narration, NotApplicable, Outcome, Person, ScenarioFailure, ScenarioRecord, StepRecord,
    TimelineEvent,
};
pub use status::{RequirementStatus, RunResult, ScenarioStatus, StepStatus, VerdictStatus};
pub use timeline::{LAST_EXCHANGES, REDACTED, REDACTED_FIELDS};

/// The report as `report.json`: pretty, ending with a newline.
pub fn to_json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a report serializes");
    text.push('\n');
    text
}

/// Writes `report.json` and its renderings `index.html` and `junit.xml` into `dir`,
/// beside the Cucumber JSON the suite wrote.
pub fn write(dir: &std::path::Path, report: &Report) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("report.json"), to_json(report))?;
    std::fs::write(dir.join("index.html"), html::render(report))?;
    std::fs::write(dir.join("junit.xml"), junit::render(report))
}
