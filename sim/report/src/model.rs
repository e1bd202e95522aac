//! The report's canonical form, `report.json` (documented in `docs/report.md`): what was
//! certified, with which seed, policy and start date, the run's result, a verdict per
//! conformance profile and what decided it, the requirement matrix, and every scenario
//! with its steps, its people, its timeline and, for a failure, what was expected, what
//! was observed and the command that replays it. The HTML page and the JUnit file are
//! renderings of this one value.

use crate::profile::Profile;
use crate::record::{Narration, NotApplicable, Person, StepRecord};
use crate::status::{RequirementStatus, RunResult, ScenarioStatus, VerdictStatus};
use idn_contract::Timestamp;
use idn_contract::capabilities::Capabilities;
use serde::Serialize;

/// The schema's version, raised when a field changes meaning or the shape changes.
/// 2: scenarios name their `people`; the counts add `requirements_expected_failures` and
/// `requirements_not_applicable`; `not_applicable` lists objects instead of labels; a
/// failure names the `requirements` of the check that failed and says what that check
/// expected. 3: a profile `security` (the scenarios tagged `@security`), second among the
/// verdicts; the matrix lists `SECURITY.md`'s `SEC-nn` ids after the documents' ones.
pub const SCHEMA_VERSION: u32 = 3;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub run: Run,
    /// The command's exit code follows it.
    pub result: RunResult,
    /// One verdict per conformance profile (the core, the security checks, and each
    /// optional mode or channel).
    pub verdicts: Vec<Verdict>,
    pub counts: Counts,
    /// The expected failures file the run used, if any.
    pub expected_failures_file: Option<String>,
    /// Its entries that matched no scenario of this run, as `line: scenario`.
    pub unmatched_expected_failures: Vec<String>,
    /// `file:line:col: …` for each feature that did not parse.
    pub syntax_errors: Vec<String>,
    /// Every requirement of the catalogue, in its order.
    pub requirements: Vec<RequirementRow>,
    /// Every scenario that ran, by file and line.
    pub scenarios: Vec<ScenarioReport>,
    /// The scenarios not run because they need what the implementation does not claim.
    pub not_applicable: Vec<NotApplicable>,
}

impl Report {
    /// Whether the run passed: no unexpected failure, no stale expected failure, every
    /// feature parsed. Known deviations alone do not fail it.
    pub fn passed(&self) -> bool {
        self.result != RunResult::Failed
    }
}

/// What was certified, and how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    /// The implementation as its capability document names it.
    pub implementation: Capabilities,
    /// `embedded reference, in-process` or the target's URL.
    pub target: String,
    pub harness_version: String,
    /// The harness's git commit, when known at build time.
    pub harness_commit: Option<String>,
    /// The policy profile's name and canonical TOML.
    pub policy_name: String,
    pub policy: String,
    pub seed: u64,
    /// The virtual instant scenarios start at unless they set their own date.
    pub virtual_start: String,
}

/// A conformance profile's verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub profile: Profile,
    pub status: VerdictStatus,
    /// What decided it: the failed scenarios, or how many passed.
    pub because: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub scenarios: usize,
    pub passed: usize,
    pub failed: usize,
    /// Failures the expected failures file lists (warnings).
    pub expected_failures: usize,
    /// Scenarios the expected failures file lists that passed.
    pub stale: usize,
    pub not_applicable: usize,
    pub steps_in_trace: usize,
    pub requirements: usize,
    pub requirements_passed: usize,
    pub requirements_failed: usize,
    pub requirements_expected_failures: usize,
    pub requirements_not_run: usize,
    pub requirements_not_applicable: usize,
    pub requirements_not_exercisable: usize,
}

/// One line of the requirement matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequirementRow {
    pub id: String,
    pub text: String,
    pub source: String,
    /// The scenarios that check it, as `file:line name`.
    pub scenarios: Vec<String>,
    pub status: RequirementStatus,
    /// Why no scenario can exercise it (the README's table), for those that cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One scenario as the report tells it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioReport {
    pub feature: String,
    pub line: usize,
    pub name: String,
    pub requirements: Vec<String>,
    pub profile: Profile,
    pub status: ScenarioStatus,
    /// Why it failed, when it did (expected failures included).
    pub failure: Option<Failure>,
    /// The expected failures file's reason, when the scenario is listed there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known_deviation: Option<String>,
    /// Its steps, the background's first, each with its status.
    pub steps: Vec<StepRecord>,
    /// The one command that replays it.
    pub replay: String,
    pub seed: u64,
    /// Who its people are: the feature's names and the identities the world drew.
    pub people: Vec<Person>,
    /// Every message between the actors and the implementation, in virtual time.
    pub timeline: Vec<TimelineEntry>,
    pub narrative: Vec<Narration>,
}

/// What a failed scenario expected and observed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The step that failed as `line: sentence`; `None` when the scenario failed outside
    /// its steps (a refusal no later step checked, a mode its tags do not declare, a set-up).
    pub step: Option<String>,
    /// What the failed check expected; the failed step's sentence when the check says no
    /// more.
    pub expected: String,
    /// What happened instead, as the step's check or the harness's client saw it.
    pub observed: String,
    /// The requirement ids the failed check enforces, when it names them (else the
    /// scenario's `requirements` say what failed).
    pub requirements: Vec<String>,
    /// The last requests to the implementation and its responses before the failure, in
    /// virtual time (at most [`crate::LAST_EXCHANGES`] entries).
    pub last_exchanges: Vec<TimelineEntry>,
}

/// One line of a scenario's timeline: at `at`, `from` did `what` to `to` (empty: a
/// decision of `from` alone), with `detail`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineEntry {
    pub at: Timestamp,
    pub from: String,
    pub to: String,
    pub what: String,
    /// The values: compact JSON or a short phrase; never contains a newline.
    pub detail: String,
}

impl TimelineEntry {
    /// `2026-03-02 09:00:00.000  person:camille -> idp  AccountStart {"email":"…"}`
    pub fn render(&self) -> String {
        let mut line = format!("{}  {}", self.at.format("%Y-%m-%d %H:%M:%S%.3f"), self.from);
        if !self.to.is_empty() {
            line.push_str(" -> ");
            line.push_str(&self.to);
        }
        line.push_str("  ");
        line.push_str(&self.what);
        if !self.detail.is_empty() {
            line.push(' ');
            line.push_str(&self.detail);
        }
        line
    }
}
