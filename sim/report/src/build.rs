//! Building the report from a run's records: each scenario's status (the implementation's
//! known deviations taken into account), the requirement matrix, a verdict per profile,
//! the counts and the run's result.
//!
//! Deterministic by construction: built from values only (no wall clock), ordered by
//! requirement id and by file and line, so one seed against one implementation gives the
//! same bytes. Only values an external implementation generates are redacted
//! ([`crate::timeline`]).

use crate::expected::{ExpectedFailures, Match};
use crate::model::{
    Counts, Failure, Report, RequirementRow, Run, SCHEMA_VERSION, ScenarioReport, Verdict,
};
use crate::profile::Profile;
use crate::record::{NotApplicable, Outcome, ScenarioFailure, ScenarioRecord};
use crate::requirements::{self, Requirement};
use crate::status::{RequirementStatus, RunResult, ScenarioStatus, StepStatus, VerdictStatus};
use crate::timeline;
use idn_contract::capabilities::Capabilities;
use std::collections::BTreeMap;

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
    /// Redact the values the implementation generates (see
    /// [`crate::timeline::REDACTED_FIELDS`]): true for an external implementation, whose
    /// ids and tokens differ from run to run.
    pub redact: bool,
}

/// Builds the report of a run.
pub fn build(outcome: &Outcome, cx: &Context<'_>) -> Report {
    let mut matched = Vec::new();
    let scenarios: Vec<ScenarioReport> =
        outcome.scenarios.iter().map(|r| scenario_report(r, cx, &mut matched)).collect();
    let unmatched_expected_failures =
        cx.expected_failures.map(|file| file.unmatched(&matched)).unwrap_or_default();
    let catalogue = requirements::all();
    let requirements = matrix(&catalogue, &scenarios, &outcome.not_applicable);
    let verdicts = verdicts(&scenarios, cx.capabilities);
    let counts = counts(&scenarios, &requirements, outcome.not_applicable.len());
    let result = if counts.failed > 0 || counts.stale > 0 || !outcome.syntax_errors.is_empty() {
        RunResult::Failed
    } else if counts.expected_failures > 0 {
        RunResult::PassedWithKnownDeviations
    } else {
        RunResult::Passed
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
        result,
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

/// The requirement ids a scenario's tags name, sorted.
pub fn requirement_ids(tags: &[String]) -> Vec<String> {
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

fn scenario_report(
    record: &ScenarioRecord,
    cx: &Context<'_>,
    matched: &mut Vec<usize>,
) -> ScenarioReport {
    let failure = record.failure.as_ref().map(|failed| failure(record, failed, cx.redact));
    let listed =
        cx.expected_failures.and_then(|file| file.find(&record.feature, record.line, &record.name));
    let (status, known_deviation) = match (listed, &failure) {
        (None, None) => (ScenarioStatus::Passed, None),
        (None, Some(_)) => (ScenarioStatus::Failed, None),
        (Some(Match { index, reason }), Some(_)) => {
            matched.push(index);
            (ScenarioStatus::ExpectedFailure, Some(reason))
        }
        (Some(Match { index, reason }), None) => {
            matched.push(index);
            (ScenarioStatus::StaleExpectedFailure, Some(reason))
        }
    };
    ScenarioReport {
        feature: record.feature.clone(),
        line: record.line,
        name: record.name.clone(),
        requirements: requirement_ids(&record.tags),
        profile: Profile::of_tags(&record.tags),
        status,
        failure,
        known_deviation,
        steps: record.steps.clone(),
        replay: replay(record, cx.seed, cx.target),
        seed: record.seed,
        people: record.people.clone(),
        timeline: record.timeline.iter().map(|e| timeline::entry(e, cx.redact)).collect(),
        narrative: record.narrative.clone(),
    }
}

/// A failure as its check knew it, placed at the step that failed, with the last
/// exchanges with the implementation. A check that does not say what it expected expects
/// what its step's sentence says.
fn failure(record: &ScenarioRecord, failed: &ScenarioFailure, redact: bool) -> Failure {
    let step =
        record.steps.iter().find(|s| matches!(s.status, StepStatus::Failed | StepStatus::Skipped));
    let expected = failed.expected.clone().or_else(|| step.map(|s| s.sentence()));
    Failure {
        step: step.map(|s| format!("{}: {}", s.line, s.sentence())),
        expected: expected.unwrap_or_else(|| AFTER_THE_STEPS.to_string()),
        observed: failed.observed.clone(),
        requirements: failed.requirements.clone(),
        last_exchanges: timeline::last_exchanges(&record.timeline, redact),
    }
}

/// What a scenario that failed after its last step expected.
const AFTER_THE_STEPS: &str = "every step passes, every refusal is checked by a later step, and \
     only the modes and channels its tags declare are used";

/// One row per requirement of the catalogue. A requirement is checked by the scenarios
/// that ran and name it; when none ran, it is not applicable if a scenario that names it
/// needs what the implementation does not claim, not exercisable if no scenario can check
/// it, and not run otherwise.
fn matrix(
    catalogue: &[Requirement],
    scenarios: &[ScenarioReport],
    not_applicable: &[NotApplicable],
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
            let reason = unexercisable.get(&r.id).cloned();
            let excluded = not_applicable.iter().any(|n| n.requirements.contains(&r.id));
            RequirementRow {
                id: r.id.clone(),
                text: r.text.clone(),
                source: r.source.clone(),
                scenarios: checked
                    .iter()
                    .map(|s| format!("{}:{} {}", s.feature, s.line, s.name))
                    .collect(),
                status: requirement_status(&checked, excluded, reason.is_some()),
                reason,
            }
        })
        .collect()
}

/// A requirement's status from the scenarios that checked it.
fn requirement_status(
    checked: &[&ScenarioReport],
    not_applicable: bool,
    unexercisable: bool,
) -> RequirementStatus {
    let any = |status: ScenarioStatus| checked.iter().any(|s| s.status == status);
    if checked.iter().any(|s| s.status.fails_the_run()) {
        RequirementStatus::Failed
    } else if any(ScenarioStatus::ExpectedFailure) {
        RequirementStatus::ExpectedFailure
    } else if !checked.is_empty() {
        RequirementStatus::Passed
    } else if not_applicable {
        RequirementStatus::NotApplicable
    } else if unexercisable {
        RequirementStatus::NotExercisable
    } else {
        RequirementStatus::NotRun
    }
}

fn verdicts(scenarios: &[ScenarioReport], capabilities: &Capabilities) -> Vec<Verdict> {
    Profile::all().map(|profile| verdict(profile, scenarios, capabilities)).collect()
}

fn verdict(profile: Profile, scenarios: &[ScenarioReport], capabilities: &Capabilities) -> Verdict {
    let mine: Vec<&ScenarioReport> = scenarios.iter().filter(|s| s.profile == profile).collect();
    let places = |status: ScenarioStatus| -> Vec<String> {
        let with = mine.iter().filter(|s| s.status == status);
        with.map(|s| format!("{}:{}", s.feature, s.line)).collect()
    };
    let mut reasons = Vec::new();
    for (status, what) in [
        (ScenarioStatus::Failed, "failed"),
        (
            ScenarioStatus::StaleExpectedFailure,
            "passed although listed as expected failures (stale entries)",
        ),
        (
            ScenarioStatus::ExpectedFailure,
            "failed as the expected failures file says (known deviations)",
        ),
    ] {
        let list = places(status);
        if !list.is_empty() {
            reasons.push(format!("{} {what}: {}", plural(list.len()), list.join(", ")));
        }
    }
    let (status, because) = if !profile.claimed_by(capabilities) {
        (VerdictStatus::NotApplicable, "the implementation does not claim it".to_string())
    } else if !reasons.is_empty() {
        (VerdictStatus::NotConformant, reasons.join("; "))
    } else if mine.is_empty() {
        (VerdictStatus::NotRun, "no scenario of this profile ran".to_string())
    } else {
        (VerdictStatus::Conformant, format!("{} passed", plural(mine.len())))
    };
    Verdict { profile, status, because }
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
    let with =
        |status: RequirementStatus| requirements.iter().filter(|r| r.status == status).count();
    let scenarios_with =
        |status: ScenarioStatus| scenarios.iter().filter(|s| s.status == status).count();
    Counts {
        scenarios: scenarios.len(),
        passed: scenarios_with(ScenarioStatus::Passed),
        failed: scenarios_with(ScenarioStatus::Failed),
        expected_failures: scenarios_with(ScenarioStatus::ExpectedFailure),
        stale: scenarios_with(ScenarioStatus::StaleExpectedFailure),
        not_applicable,
        steps_in_trace: scenarios.iter().map(|s| s.timeline.len()).sum(),
        requirements: requirements.len(),
        requirements_passed: with(RequirementStatus::Passed),
        requirements_failed: with(RequirementStatus::Failed),
        requirements_expected_failures: with(RequirementStatus::ExpectedFailure),
        requirements_not_run: with(RequirementStatus::NotRun),
        requirements_not_applicable: with(RequirementStatus::NotApplicable),
        requirements_not_exercisable: with(RequirementStatus::NotExercisable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Need;
    use crate::record::StepRecord;

    fn record(line: usize, tags: &[&str], failure: Option<&str>) -> ScenarioRecord {
        let failed = |observed: &str| ScenarioFailure {
            expected: None,
            observed: observed.to_string(),
            requirements: Vec::new(),
        };
        let status = if failure.is_some() { StepStatus::Failed } else { StepStatus::Passed };
        ScenarioRecord {
            feature: "features/x.feature".into(),
            name: format!("scenario {line}"),
            line,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            seed: 1,
            failure: failure.map(failed),
            steps: vec![StepRecord {
                keyword: "Alors ".into(),
                text: "ça marche".into(),
                line: line + 1,
                status,
                error: failure.map(str::to_string),
            }],
            people: Vec::new(),
            timeline: Vec::new(),
            narrative: Vec::new(),
        }
    }

    fn catalogue(ids: &[&str]) -> Vec<Requirement> {
        let row =
            |id: &&str| Requirement { id: id.to_string(), text: "t".into(), source: "s".into() };
        ids.iter().map(row).collect()
    }

    fn statuses(
        outcome: &Outcome,
        file: Option<&ExpectedFailures>,
        ids: &[&str],
    ) -> Vec<RequirementStatus> {
        let capabilities = Capabilities::everything("x", "1");
        let cx = Context {
            capabilities: &capabilities,
            target: "embedded reference, in-process",
            policy_name: "default",
            policy_toml: "",
            seed: 1,
            virtual_start: "2026-03-02T08:00:00+00:00",
            expected_failures: file,
            redact: false,
        };
        let mut matched = Vec::new();
        let scenarios: Vec<ScenarioReport> =
            outcome.scenarios.iter().map(|r| scenario_report(r, &cx, &mut matched)).collect();
        let rows = matrix(&catalogue(ids), &scenarios, &outcome.not_applicable);
        rows.into_iter().map(|r| r.status).collect()
    }

    // Checks each status of the matrix, derived from the records: passed, failed, failed
    // by a stale expected failure, expected failure, not applicable (only scenarios that
    // need what the implementation does not claim name it), not exercisable (the
    // catalogue of unexercisable requirements lists it) and not run.
    #[test]
    fn the_matrix_derives_every_status_from_the_records() {
        let outcome = Outcome {
            passed: false,
            syntax_errors: Vec::new(),
            not_applicable: vec![NotApplicable {
                feature: "features/x.feature".into(),
                line: 40,
                name: "by the postman".into(),
                needs: vec![Need::Postman],
                requirements: vec!["VER-04".into()],
            }],
            scenarios: vec![
                record(3, &["@ACC-01"], None),
                record(6, &["@ACC-02", "@ACC-01"], Some("refused")),
                record(9, &["@ACC-03"], None),
                record(12, &["@ACC-04"], Some("refused")),
            ],
        };
        let file = ExpectedFailures::parse(
            "known.toml",
            "[[expected_failure]]\nscenario = \"features/x.feature:9\"\nreason = \"stale\"\n\
             [[expected_failure]]\nscenario = \"features/x.feature:12\"\nreason = \"known\"\n",
        )
        .expect("a valid file");
        let ids = ["ACC-01", "ACC-02", "ACC-03", "ACC-04", "VER-04", "DATA-01", "ACC-05"];
        use RequirementStatus as R;
        assert_eq!(
            statuses(&outcome, Some(&file), &ids),
            [
                R::Failed,
                R::Failed,
                R::Failed,
                R::ExpectedFailure,
                R::NotApplicable,
                R::NotExercisable,
                R::NotRun
            ]
        );
        let passing = Outcome { scenarios: vec![record(3, &["@ACC-01"], None)], ..outcome };
        assert_eq!(statuses(&passing, None, &["ACC-01", "VER-04"]), [R::Passed, R::NotApplicable]);
    }

    // Checks that a profile the implementation does not claim is not applicable, one with
    // a failure not conformant, one with no scenario not run, and one whose scenarios all
    // passed conformant.
    #[test]
    fn verdicts_follow_claims_and_scenarios() {
        let capabilities = Capabilities::everything("x", "1");
        let mut some = capabilities.clone();
        some.verification_modes.retain(|m| *m != idn_contract::capabilities::ModeKind::Online);
        let cx = |capabilities| Context {
            capabilities,
            target: "t",
            policy_name: "p",
            policy_toml: "",
            seed: 1,
            virtual_start: "s",
            expected_failures: None,
            redact: false,
        };
        let outcome = Outcome {
            passed: false,
            syntax_errors: Vec::new(),
            not_applicable: Vec::new(),
            scenarios: vec![
                record(3, &["@ACC-01"], None),
                record(6, &["@mode-postman"], Some("refused")),
            ],
        };
        let report = build(&outcome, &cx(&some));
        let shown: Vec<(&str, VerdictStatus)> =
            report.verdicts.iter().map(|v| (v.profile.name(), v.status)).collect();
        use VerdictStatus::*;
        assert_eq!(
            shown,
            [
                ("core", Conformant),
                ("security", NotRun),
                ("mode-postman", NotConformant),
                ("mode-post-office", NotRun),
                ("mode-online", NotApplicable),
                ("channel-counter", NotRun),
            ]
        );
        assert_eq!(report.result, RunResult::Failed);
        assert_eq!(report.verdicts[2].because, "1 scenario failed: features/x.feature:6");
    }

    // Checks that the security scenarios have a verdict of their own: one failed security
    // scenario makes the security profile not conformant and leaves the core conformant,
    // its requirements (SEC ids among them) fail in the matrix, and the JUnit file carries
    // each verdict as a property and the failure's profile.
    #[test]
    fn security_scenarios_get_their_own_verdict() {
        let capabilities = Capabilities::everything("x", "1");
        let cx = Context {
            capabilities: &capabilities,
            target: "t",
            policy_name: "p",
            policy_toml: "",
            seed: 1,
            virtual_start: "s",
            expected_failures: None,
            redact: false,
        };
        let outcome = Outcome {
            passed: false,
            syntax_errors: Vec::new(),
            not_applicable: Vec::new(),
            scenarios: vec![
                record(3, &["@AUTH-01"], None),
                record(6, &["@security", "@SEC-06", "@AUTH-01"], Some("accepted twice")),
                record(9, &["@security", "@SEC-10"], None),
            ],
        };
        let report = build(&outcome, &cx);
        let verdict = |name: &str| {
            let found = report.verdicts.iter().find(|v| v.profile.name() == name);
            found.map(|v| (v.status, v.because.clone())).expect("a verdict")
        };
        assert_eq!(verdict("core"), (VerdictStatus::Conformant, "1 scenario passed".into()));
        assert_eq!(
            verdict("security"),
            (VerdictStatus::NotConformant, "1 scenario failed: features/x.feature:6".into())
        );
        assert_eq!(report.scenarios[1].profile, Profile::Security);
        let row = |id: &str| report.requirements.iter().find(|r| r.id == id).map(|r| r.status);
        assert_eq!(row("SEC-06"), Some(RequirementStatus::Failed));
        assert_eq!(row("SEC-10"), Some(RequirementStatus::Passed));
        assert_eq!(row("AUTH-01"), Some(RequirementStatus::Failed));
        let json = serde_json::to_value(&report).expect("the report serializes");
        assert_eq!(json["verdicts"][1]["profile"], "security");
        assert_eq!(json["scenarios"][1]["profile"], "security");
        let junit = crate::junit::render(&report);
        assert!(
            junit.contains(
                "<property name=\"verdict.security\" value=\"not conformant: 1 scenario failed: features/x.feature:6\"/>"
            ),
            "{junit}"
        );
        assert!(junit.contains("<property name=\"verdict.core\" value=\"conformant: "), "{junit}");
        assert!(junit.contains("profile: security\n"), "{junit}");
        let page = crate::html::render(&report);
        assert!(
            page.contains("<div class=\"verdict bad\"><div class=\"profile\">security</div>"),
            "the page shows the security verdict"
        );
    }
}
