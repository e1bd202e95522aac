//! What a run recorded, as the report reads it: the suite's outcome, each scenario with
//! its steps, its failure, its people, its narrative and its timeline, and the scenarios
//! not applicable to the implementation. Plain data, filled by the harness's suite; the
//! report is a pure function of it ([`build()`](fn@crate::build)).

use crate::profile::Need;
use crate::status::StepStatus;
use chrono::NaiveDate;
use idn_contract::Timestamp;
use serde::Serialize;

/// How a run of the suite went.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Every scenario passed and every file parsed.
    pub passed: bool,
    /// `file:line:col: …` for each feature that did not parse.
    pub syntax_errors: Vec<String>,
    /// The scenarios not run because they need what the implementation does not claim.
    pub not_applicable: Vec<NotApplicable>,
    /// Every scenario that ran, ordered by file and line whatever order they finished in.
    pub scenarios: Vec<ScenarioRecord>,
}

/// A scenario the suite did not run: it needs what the implementation does not claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotApplicable {
    /// The feature's file, relative to the repository's root.
    pub feature: String,
    pub line: usize,
    pub name: String,
    /// What it needs that the implementation does not claim.
    pub needs: Vec<Need>,
    /// The requirement ids its tags name.
    pub requirements: Vec<String>,
}

impl NotApplicable {
    /// `name (line 12, needs @mode-postman)`, as the page and the JUnit file name it.
    pub fn label(&self) -> String {
        let needs: Vec<&str> = self.needs.iter().map(|n| n.tag()).collect();
        format!("{} (line {}, needs @{})", self.name, self.line, needs.join(" @"))
    }
}

/// How one scenario went, with what a report needs to tell it and replay it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioRecord {
    /// The feature's file, relative to the repository's root.
    pub feature: String,
    pub name: String,
    /// The scenario's line (an outline's example row for an expanded example).
    pub line: usize,
    pub tags: Vec<String>,
    /// The scenario's own seed (the base seed mixed with its file, name and line).
    pub seed: u64,
    /// `None` when it passed; what its failure knew otherwise.
    pub failure: Option<ScenarioFailure>,
    /// Its steps (the background's first), each with how it went.
    pub steps: Vec<StepRecord>,
    /// Who the scenario's people are.
    pub people: Vec<Person>,
    /// Every event of its world, in virtual time, as timeline lines.
    pub timeline: Vec<TimelineEvent>,
    pub narrative: Vec<Narration>,
}

/// Why a scenario failed, as the check that failed knew it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioFailure {
    /// What the check expected; `None` when the failed step's own sentence says it.
    pub expected: Option<String>,
    /// What happened instead.
    pub observed: String,
    /// The requirement ids the failed check enforces, when it names them.
    pub requirements: Vec<String>,
}

/// One step of a scenario and how it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepRecord {
    /// `Soit`, `Quand`, `Alors`, `Et`…
    pub keyword: String,
    pub text: String,
    pub line: usize,
    pub status: StepStatus,
    /// For a failed step: what was observed instead of what the step expects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl StepRecord {
    /// `Alors la demande est refusée « pin_wrong »` (the keyword as written, then the text).
    pub fn sentence(&self) -> String {
        format!("{}{}", self.keyword, self.text)
    }
}

/// A person of a scenario: the name the feature gives them and the identity the world
/// drew for them, which the narrative uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// The feature's name for them, in lower case (`camille`).
    pub handle: String,
    /// Their first given name and the name in use (usage name, else birth name).
    pub given_name: String,
    pub name: String,
    pub birth_date: NaiveDate,
}

/// One line of the narrative: when, in virtual time, and what happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Narration {
    pub at: Timestamp,
    pub text: String,
}

/// A timeline line as the suite recorded it, its values still structured so that the
/// report can redact them by field name.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEvent {
    pub at: Timestamp,
    pub from: String,
    /// Empty for a decision of `from` alone.
    pub to: String,
    pub what: String,
    pub detail: Detail,
    /// A message to or from the implementation (a failure shows the last of these).
    pub with_implementation: bool,
}

/// The values of a timeline line.
#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    None,
    /// Structured values: redacted by field name for an external implementation.
    Json(serde_json::Value),
    /// A phrase.
    Text(String),
}
