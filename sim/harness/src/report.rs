//! The certification report's canonical form (`report.json`): what was certified, with
//! which seed, policy and start date, a verdict per conformance profile and what decided
//! it, the requirement matrix, and every scenario with its steps' outcome, its timeline in
//! virtual time and, for a failure, what was expected, what was observed, and the command
//! that replays it. The HTML page and the JUnit file are renderings of this one value.
//!
//! Deterministic by construction: built from values only (no wall clock), ordered by
//! requirement id and by file and line, so one seed against one implementation gives the
//! same bytes. Only values an external implementation generates would need redacting.

use crate::requirements::{self, Requirement};
use crate::suite::{Outcome, ScenarioRecord};
use idn_contract::capabilities::Capabilities;
use serde::Serialize;
use std::collections::BTreeMap;

/// The schema's version, raised when a field changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub run: Run,
    /// One verdict per conformance profile (the core, and each optional mode or channel).
    pub verdicts: Vec<Verdict>,
    pub counts: Counts,
    /// Every requirement of the catalogue, in its order.
    pub requirements: Vec<RequirementRow>,
    /// Every scenario that ran, by file and line, then those not applicable.
    pub scenarios: Vec<ScenarioReport>,
    pub not_applicable: Vec<String>,
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
    /// `core`, `mode-postman`, `mode-post-office`, `mode-online`, `channel-counter`.
    pub profile: String,
    /// `conformant`, `not conformant`, `not run` (no scenario of the profile was
    /// selected), or `not applicable` (the implementation does not claim it).
    pub status: String,
    /// What decided it: the failed scenarios, or how many passed.
    pub because: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub scenarios: usize,
    pub passed: usize,
    pub failed: usize,
    pub not_applicable: usize,
    pub steps_in_trace: usize,
    pub requirements: usize,
    pub requirements_passed: usize,
    pub requirements_failed: usize,
    pub requirements_not_run: usize,
}

/// One line of the requirement matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequirementRow {
    pub id: String,
    pub text: String,
    pub source: String,
    /// The scenarios that check it, as `file:line name`.
    pub scenarios: Vec<String>,
    /// `passed`, `failed`, `not run` (no scenario checked it in this run) or
    /// `not applicable` (its scenarios need what the implementation does not claim).
    pub status: String,
}

/// One scenario as the report tells it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioReport {
    pub feature: String,
    pub line: usize,
    pub name: String,
    pub requirements: Vec<String>,
    pub profile: String,
    pub status: String,
    pub failure: Option<String>,
    /// The one command that replays it.
    pub replay: String,
    pub seed: u64,
    /// Every message between the actors and the implementation, in virtual time.
    pub timeline: Vec<idn_world::TraceEntry>,
    pub narrative: Vec<crate::Narration>,
}

/// The conformance profile of a scenario: the optional part it needs, or the core.
fn profile_of(tags: &[String]) -> String {
    let needs = crate::capability::declared(tags);
    match needs.into_iter().next() {
        Some(need) => need.tag().to_string(),
        None => "core".to_string(),
    }
}

/// The requirement ids a scenario's tags name.
fn requirement_ids(tags: &[String]) -> Vec<String> {
    let ids = tags.iter().map(|t| t.trim_start_matches('@')).filter(|t| requirements::is_id(t));
    let mut ids: Vec<String> = ids.map(str::to_string).collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The command that replays one scenario.
fn replay(record: &ScenarioRecord, base_seed: u64, target: &str) -> String {
    let name = record.name.replace('\'', "'\\''");
    match target.starts_with("http") {
        true => format!("idn-sim certify --target {target} --seed {base_seed} --scenario '{name}'"),
        false => format!("idn-sim certify --seed {base_seed} --scenario '{name}'"),
    }
}

/// What the report is built from, besides the suite's outcome.
pub struct Context<'a> {
    pub capabilities: &'a Capabilities,
    pub target: &'a str,
    pub policy_name: &'a str,
    pub policy_toml: &'a str,
    pub seed: u64,
    pub virtual_start: &'a str,
}

/// Builds the report of a run.
pub fn build(outcome: &Outcome, cx: &Context<'_>) -> Report {
    let scenarios: Vec<ScenarioReport> =
        outcome.scenarios.iter().map(|r| scenario_report(r, cx)).collect();
    let requirements = matrix(&requirements::all(), &scenarios, &outcome.not_applicable);
    let verdicts = verdicts(&scenarios, cx.capabilities);
    let counts = counts(&scenarios, &requirements, outcome.not_applicable.len());
    Report {
        schema_version: SCHEMA_VERSION,
        run: Run {
            implementation: cx.capabilities.clone(),
            target: cx.target.to_string(),
            harness_version: env!("CARGO_PKG_VERSION").to_string(),
            harness_commit: option_env!("IDN_GIT_COMMIT")
                .filter(|c| !c.is_empty())
                .map(str::to_string),
            policy_name: cx.policy_name.to_string(),
            policy: cx.policy_toml.to_string(),
            seed: cx.seed,
            virtual_start: cx.virtual_start.to_string(),
        },
        verdicts,
        counts,
        requirements,
        scenarios,
        not_applicable: outcome.not_applicable.clone(),
    }
}

fn scenario_report(record: &ScenarioRecord, cx: &Context<'_>) -> ScenarioReport {
    ScenarioReport {
        feature: record.feature.clone(),
        line: record.line,
        name: record.name.clone(),
        requirements: requirement_ids(&record.tags),
        profile: profile_of(&record.tags),
        status: if record.failure.is_none() { "passed" } else { "failed" }.to_string(),
        failure: record.failure.clone(),
        replay: replay(record, cx.seed, cx.target),
        seed: record.seed,
        timeline: record.trace.clone(),
        narrative: record.narrative.clone(),
    }
}

fn matrix(
    catalogue: &[Requirement],
    scenarios: &[ScenarioReport],
    not_applicable: &[String],
) -> Vec<RequirementRow> {
    let mut by_id: BTreeMap<&str, Vec<&ScenarioReport>> = BTreeMap::new();
    for scenario in scenarios {
        for id in &scenario.requirements {
            by_id.entry(id.as_str()).or_default().push(scenario);
        }
    }
    catalogue
        .iter()
        .map(|r| {
            let checked = by_id.get(r.id.as_str()).cloned().unwrap_or_default();
            let status = if checked.iter().any(|s| s.status == "failed") {
                "failed"
            } else if !checked.is_empty() {
                "passed"
            } else if not_applicable.iter().any(|n| n.contains(&r.id)) {
                "not applicable"
            } else {
                "not run"
            };
            RequirementRow {
                id: r.id.clone(),
                text: r.text.clone(),
                source: r.source.clone(),
                scenarios: checked
                    .iter()
                    .map(|s| format!("{}:{} {}", s.feature, s.line, s.name))
                    .collect(),
                status: status.to_string(),
            }
        })
        .collect()
}

fn verdicts(scenarios: &[ScenarioReport], capabilities: &Capabilities) -> Vec<Verdict> {
    let profiles = std::iter::once("core".to_string())
        .chain(crate::capability::Need::ALL.iter().map(|n| n.tag().to_string()));
    profiles
        .map(|profile| {
            let mine: Vec<&ScenarioReport> =
                scenarios.iter().filter(|s| s.profile == profile).collect();
            let claimed = crate::capability::Need::from_tag(&profile)
                .is_none_or(|n| n.claimed_by(capabilities));
            let failed: Vec<String> = mine
                .iter()
                .filter(|s| s.status == "failed")
                .map(|s| format!("{}:{}", s.feature, s.line))
                .collect();
            let (status, because) = if !claimed {
                ("not applicable", "the implementation does not claim it".to_string())
            } else if !failed.is_empty() {
                (
                    "not conformant",
                    format!("{} failed: {}", plural(failed.len()), failed.join(", ")),
                )
            } else if mine.is_empty() {
                ("not run", "no scenario of this profile ran".to_string())
            } else {
                ("conformant", format!("{} passed", plural(mine.len())))
            };
            Verdict { profile, status: status.to_string(), because }
        })
        .collect()
}

/// "1 scenario", "2 scenarios".
fn plural(n: usize) -> String {
    if n == 1 { "1 scenario".to_string() } else { format!("{n} scenarios") }
}

fn counts(
    scenarios: &[ScenarioReport],
    requirements: &[RequirementRow],
    not_applicable: usize,
) -> Counts {
    let with = |status: &str| requirements.iter().filter(|r| r.status == status).count();
    let passed = scenarios.iter().filter(|s| s.status == "passed").count();
    Counts {
        scenarios: scenarios.len(),
        passed,
        failed: scenarios.len() - passed,
        not_applicable,
        steps_in_trace: scenarios.iter().map(|s| s.timeline.len()).sum(),
        requirements: requirements.len(),
        requirements_passed: with("passed"),
        requirements_failed: with("failed"),
        requirements_not_run: with("not run"),
    }
}

/// The report as `report.json`: pretty, ending with a newline.
pub fn to_json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a report serializes");
    text.push('\n');
    text
}

/// Writes `report.json` and its rendering `index.html` into `dir`, beside the JUnit and
/// Cucumber files the suite wrote.
pub fn write(dir: &std::path::Path, report: &Report) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("report.json"), to_json(report))?;
    std::fs::write(dir.join("index.html"), crate::html::render(report))
}

/// The context of a run on `target` with the default policy profile and start.
pub fn default_context<'a>(
    target: &'a crate::steps::Target,
    seed: u64,
    policy: &'a (String, String),
    start: &'a str,
) -> Context<'a> {
    Context {
        capabilities: &target.capabilities,
        target: &target.name,
        policy_name: &policy.0,
        policy_toml: &policy.1,
        seed,
        virtual_start: start,
    }
}
