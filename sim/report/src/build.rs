//! The certification report's canonical form (`report.json`): what was certified, with
//! which seed, policy and start date, a verdict per conformance profile and what decided
//! it, the requirement matrix, and every scenario with its steps' outcome, its timeline in
//! virtual time and, for a failure, what was expected, what was observed, and the command
//! that replays it. The HTML page and the JUnit file are renderings of this one value.
//!
//! Deterministic by construction: built from values only (no wall clock), ordered by
//! requirement id and by file and line, so one seed against one implementation gives the
//! same bytes. Only values an external implementation generates would need redacting.

use crate::expected::{ExpectedFailures, Match};
use crate::requirements::{self, Requirement};
use crate::suite::{Outcome, ScenarioRecord, StepRecord};
use idn_contract::capabilities::Capabilities;
use serde::Serialize;
use std::collections::BTreeMap;

/// The schema's version, raised when a field changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub run: Run,
    /// `passed`, `passed with known deviations` (only expected failures failed) or
    /// `failed` (a scenario failed unexpectedly, an expected failure went stale, or a
    /// feature did not parse). The command's exit code follows it.
    pub result: String,
    /// One verdict per conformance profile (the core, and each optional mode or channel).
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
    /// Failures the expected failures file lists (warnings).
    pub expected_failures: usize,
    /// Scenarios the expected failures file lists that passed.
    pub stale: usize,
    pub not_applicable: usize,
    pub steps_in_trace: usize,
    pub requirements: usize,
    pub requirements_passed: usize,
    pub requirements_failed: usize,
    pub requirements_not_run: usize,
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
    /// `passed`, `failed`, `expected failure` (only known deviations failed), `not run`
    /// (no scenario checked it in this run), `not applicable` (its scenarios need what the
    /// implementation does not claim) or `not exercisable` (no scenario can: see `reason`).
    pub status: String,
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
    pub profile: String,
    /// `passed`, `failed`, `expected failure` (a known deviation listed in the expected
    /// failures file: a warning) or `stale expected failure` (listed, yet it passed: the
    /// entry must go, and the run fails until it does).
    pub status: String,
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
    /// Every message between the actors and the implementation, in virtual time.
    pub timeline: Vec<TimelineEntry>,
    pub narrative: Vec<crate::Narration>,
}

/// What a failed scenario expected and observed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The step that failed as `line: sentence`; `None` when the scenario failed outside
    /// its steps (a refusal no later step checked, a mode its tags do not declare, a set-up).
    pub step: Option<String>,
    /// What the scenario expected: the failed step's sentence, or the end-of-scenario rule.
    pub expected: String,
    /// What happened instead, as the step's check or the harness's client saw it.
    pub observed: String,
    /// The last requests to the implementation and its responses before the failure, in
    /// virtual time (at most [`LAST_EXCHANGES`] entries).
    pub last_exchanges: Vec<TimelineEntry>,
}

/// One line of a scenario's timeline as `report.json` shows it: at `at`, `from` did
/// `what` to `to` (empty: a decision of `from` alone), with `detail`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineEntry {
    pub at: idn_contract::Timestamp,
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

/// A timeline line as the suite recorded it, its values still structured so that the
/// report can redact them by field name.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEvent {
    pub at: idn_contract::Timestamp,
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

/// How many trace entries to and from the implementation a failure shows.
pub const LAST_EXCHANGES: usize = 8;

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
    /// The implementation's known deviations, if a file lists them.
    pub expected_failures: Option<&'a ExpectedFailures>,
    /// Redact the values the implementation generates (see [`REDACTED_FIELDS`]): true for
    /// an external implementation, whose ids and tokens differ from run to run.
    pub redact: bool,
}

/// Builds the report of a run.
pub fn build(outcome: &Outcome, cx: &Context<'_>) -> Report {
    let mut matched = Vec::new();
    let scenarios: Vec<ScenarioReport> =
        outcome.scenarios.iter().map(|r| scenario_report(r, cx, &mut matched)).collect();
    let unmatched_expected_failures =
        cx.expected_failures.map(|file| file.unmatched(&matched)).unwrap_or_default();
    let requirements = matrix(&requirements::all(), &scenarios, &outcome.not_applicable);
    let verdicts = verdicts(&scenarios, cx.capabilities);
    let counts = counts(&scenarios, &requirements, outcome.not_applicable.len());
    let result = if counts.failed > 0 || counts.stale > 0 || !outcome.syntax_errors.is_empty() {
        "failed"
    } else if counts.expected_failures > 0 {
        "passed with known deviations"
    } else {
        "passed"
    };
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
        result: result.to_string(),
        verdicts,
        counts,
        expected_failures_file: cx.expected_failures.map(|f| f.path.clone()),
        unmatched_expected_failures,
        syntax_errors: outcome.syntax_errors.clone(),
        requirements,
        scenarios,
        not_applicable: outcome.not_applicable.clone(),
    }
}

fn scenario_report(
    record: &ScenarioRecord,
    cx: &Context<'_>,
    matched: &mut Vec<usize>,
) -> ScenarioReport {
    let timeline: Vec<TimelineEntry> =
        record.timeline.iter().map(|event| timeline_entry(event, cx.redact)).collect();
    let failure = record.failure.as_ref().map(|message| failure(record, message, cx.redact));
    let listed =
        cx.expected_failures.and_then(|file| file.find(&record.feature, record.line, &record.name));
    let (status, known_deviation) = match (listed, &failure) {
        (None, None) => ("passed", None),
        (None, Some(_)) => ("failed", None),
        (Some(Match { index, reason }), Some(_)) => {
            matched.push(index);
            ("expected failure", Some(reason))
        }
        (Some(Match { index, reason }), None) => {
            matched.push(index);
            ("stale expected failure", Some(reason))
        }
    };
    ScenarioReport {
        feature: record.feature.clone(),
        line: record.line,
        name: record.name.clone(),
        requirements: requirement_ids(&record.tags),
        profile: profile_of(&record.tags),
        status: status.to_string(),
        failure,
        known_deviation,
        steps: record.steps.clone(),
        replay: replay(record, cx.seed, cx.target),
        seed: record.seed,
        timeline,
        narrative: record.narrative.clone(),
    }
}

/// A failure told as the failed step's expectation and what was observed, with the last
/// exchanges with the implementation.
fn failure(record: &ScenarioRecord, message: &str, redact: bool) -> Failure {
    let failed = record.steps.iter().find(|s| s.status == "failed" || s.status == "skipped");
    let (step, expected, observed) = match failed {
        Some(step) => (
            Some(format!("{}: {}", step.line, step.sentence())),
            step.sentence(),
            step.error.clone().unwrap_or_else(|| message.to_string()),
        ),
        None => (
            None,
            "every step passes, every refusal is checked by a later step, and only the modes \
             and channels its tags declare are used"
                .to_string(),
            message.to_string(),
        ),
    };
    let with_idp: Vec<&TimelineEvent> =
        record.timeline.iter().filter(|e| e.with_implementation).collect();
    let last = with_idp[with_idp.len().saturating_sub(LAST_EXCHANGES)..].iter();
    let last_exchanges = last.map(|e| timeline_entry(e, redact)).collect();
    Failure { step, expected, observed, last_exchanges }
}

/// The fields whose values an implementation generates: its ids, tokens and codes. In a
/// report on an external implementation they read `<redacted>`, so that two runs with one
/// seed give the same bytes whatever the implementation draws.
pub const REDACTED_FIELDS: &[&str] = &[
    "access_token",
    "appointment",
    "challenge",
    "code",
    "id_token",
    "kid",
    "letter",
    "refresh_token",
    "request",
    "session",
];

/// The marker a redacted value is replaced with.
pub const REDACTED: &str = "<redacted>";

/// A recorded line as the report shows it; with `redact`, the values of
/// [`REDACTED_FIELDS`] are replaced at any depth of its JSON detail (a phrase is left as
/// it is).
fn timeline_entry(event: &TimelineEvent, redact: bool) -> TimelineEntry {
    let detail = match &event.detail {
        Detail::None => String::new(),
        Detail::Json(value) if redact => {
            let mut value = value.clone();
            redact_value(&mut value);
            value.to_string()
        }
        Detail::Json(value) => value.to_string(),
        Detail::Text(text) => text.replace('\n', "\\n"),
    };
    TimelineEntry {
        at: event.at,
        from: event.from.clone(),
        to: event.to.clone(),
        what: event.what.clone(),
        detail,
    }
}

/// Redacts in place; true when something was.
fn redact_value(value: &mut serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut changed = false;
            for (key, field) in map.iter_mut() {
                if REDACTED_FIELDS.contains(&key.as_str()) && !field.is_null() {
                    *field = Value::String(REDACTED.to_string());
                    changed = true;
                } else {
                    changed |= redact_value(field);
                }
            }
            changed
        }
        Value::Array(items) => {
            let mut changed = false;
            for item in items {
                changed |= redact_value(item);
            }
            changed
        }
        _ => false,
    }
}

fn matrix(
    catalogue: &[Requirement],
    scenarios: &[ScenarioReport],
    not_applicable: &[String],
) -> Vec<RequirementRow> {
    let unexercisable = requirements::unexercisable();
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
            let any = |status: &str| checked.iter().any(|s| s.status == status);
            let reason = unexercisable.get(&r.id).cloned();
            let status = if any("failed") || any("stale expected failure") {
                "failed"
            } else if any("expected failure") {
                "expected failure"
            } else if !checked.is_empty() {
                "passed"
            } else if not_applicable.iter().any(|n| n.contains(&r.id)) {
                "not applicable"
            } else if reason.is_some() {
                "not exercisable"
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
                reason,
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
            let places = |statuses: &[&str]| -> Vec<String> {
                let with = mine.iter().filter(|s| statuses.contains(&s.status.as_str()));
                with.map(|s| format!("{}:{}", s.feature, s.line)).collect()
            };
            let failed = places(&["failed"]);
            let stale = places(&["stale expected failure"]);
            let deviations = places(&["expected failure"]);
            let mut reasons = Vec::new();
            for (list, what) in [
                (&failed, "failed"),
                (&stale, "passed although listed as expected failures (stale entries)"),
                (&deviations, "failed as the expected failures file says (known deviations)"),
            ] {
                if !list.is_empty() {
                    reasons.push(format!("{} {what}: {}", plural(list.len()), list.join(", ")));
                }
            }
            let (status, because) = if !claimed {
                ("not applicable", "the implementation does not claim it".to_string())
            } else if !reasons.is_empty() {
                ("not conformant", reasons.join("; "))
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
    let scenarios_with = |status: &str| scenarios.iter().filter(|s| s.status == status).count();
    Counts {
        scenarios: scenarios.len(),
        passed: scenarios_with("passed"),
        failed: scenarios_with("failed"),
        expected_failures: scenarios_with("expected failure"),
        stale: scenarios_with("stale expected failure"),
        not_applicable,
        steps_in_trace: scenarios.iter().map(|s| s.timeline.len()).sum(),
        requirements: requirements.len(),
        requirements_passed: with("passed"),
        requirements_failed: with("failed"),
        requirements_not_run: with("not run"),
        requirements_not_exercisable: with("not exercisable"),
    }
}

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
    std::fs::write(dir.join("index.html"), crate::html::render(report))?;
    std::fs::write(dir.join("junit.xml"), crate::junit::render(report))
}

impl Report {
    /// Whether the run passed: no unexpected failure, no stale expected failure, every
    /// feature parsed. Known deviations alone do not fail it.
    pub fn passed(&self) -> bool {
        self.result != "failed"
    }
}

/// The report of a run on `target` with the default policy profile and virtual start, and
/// the implementation's known deviations if a file lists them.
pub fn of_run(
    outcome: &Outcome,
    target: &crate::steps::Target,
    seed: u64,
    expected_failures: Option<&ExpectedFailures>,
) -> Report {
    let policy = idn_model::policy::Policy::builtin_default();
    let policy = (policy.name.clone(), policy.to_toml());
    let start = idn_world::WorldConfig::new(seed).start.to_rfc3339();
    let mut cx = default_context(target, seed, &policy, &start);
    cx.expected_failures = expected_failures;
    build(outcome, &cx)
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
        expected_failures: None,
        // An implementation reached over HTTP may draw its ids and tokens as it likes.
        redact: target.outbound_url.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(detail: Detail) -> TimelineEvent {
        TimelineEvent {
            at: "2026-03-02T09:00:00Z".parse().expect("an instant"),
            from: "idp".into(),
            to: "person:camille".into(),
            what: "LoginStarted".into(),
            detail,
            with_implementation: true,
        }
    }

    fn json(text: &str) -> Detail {
        Detail::Json(serde_json::from_str(text).expect("test JSON"))
    }

    // Checks that the implementation's ids, tokens and codes are redacted by field name at
    // any depth, that other fields and phrases are left alone, and that nothing is
    // redacted for the embedded reference.
    #[test]
    fn redaction_is_by_field_name() {
        let tokens = json(
            r#"{"session":"s-81f2","tokens":[{"id_token":"eyJ","token_type":"Bearer"}],"phone":"+33 6"}"#,
        );
        assert_eq!(
            timeline_entry(&entry(tokens.clone()), true).detail,
            r#"{"phone":"+33 6","session":"<redacted>","tokens":[{"id_token":"<redacted>","token_type":"Bearer"}]}"#
        );
        let untouched = r#"{"letter":null,"phone":"+33 6"}"#;
        assert_eq!(timeline_entry(&entry(json(untouched)), true).detail, untouched);
        let phrase = Detail::Text("code 123456".into());
        assert_eq!(timeline_entry(&entry(phrase), true).detail, "code 123456");
        assert!(timeline_entry(&entry(tokens), false).detail.contains("s-81f2"));
    }
}
