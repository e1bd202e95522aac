//! Running the Gherkin suite: which features, against which target, with which seed, and
//! where its reports go. The `features` test binary runs it on the repository's features;
//! tests run it on broken features to prove that bad input gives a clear message.

use crate::failure::Failure;
use crate::steps::IdnWorld;
use crate::target::Target;
use cucumber::event;
use cucumber::event::ScenarioFinished;
use cucumber::gherkin::tagexpr::TagOperation;
use cucumber::gherkin::{Feature, GherkinEnv, ParseFileError};
use cucumber::tag::Ext as _;
use cucumber::writer::Coloring;
use cucumber::{StatsWriter as _, World as _, WriterExt as _, writer};
use futures::FutureExt as _;
use idn_report::{NotApplicable, Outcome, ScenarioFailure, ScenarioRecord, StepRecord, StepStatus};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The suite to run.
pub struct Suite {
    /// The folder of `.feature` files (searched recursively).
    pub features: PathBuf,
    /// Where `junit.xml` and `cucumber.json` are written.
    pub reports: PathBuf,
    /// Paths are shown relative to this folder (the repository's root).
    pub root: PathBuf,
    pub target: Target,
    /// A cucumber tag expression, e.g. `@VER-07 or @VER-08`.
    pub tags: Option<TagOperation>,
    /// Only scenarios whose name contains this text.
    pub scenario: Option<String>,
    /// The base seed; each scenario mixes in its file and name.
    pub seed: u64,
}

/// The steps of a scenario, its background's first, all `not run` until the run says
/// otherwise.
fn steps_of(
    feature: &cucumber::gherkin::Feature,
    rule: Option<&cucumber::gherkin::Rule>,
    scenario: &cucumber::gherkin::Scenario,
) -> Vec<StepRecord> {
    let background = feature.background.iter().chain(rule.and_then(|r| r.background.as_ref()));
    let steps = background.flat_map(|b| b.steps.iter()).chain(scenario.steps.iter());
    steps
        .map(|step| StepRecord {
            keyword: step.keyword.clone(),
            text: step.value.clone(),
            line: step.position.line,
            status: StepStatus::NotRun,
            error: None,
        })
        .collect()
}

/// Each step's outcome as cucumber's events tell it, by scenario (file and line) and by
/// step line. Kept aside by a writer, joined with the scenarios' records after the run
/// (the writer's events may come after the scenario's `after` hook).
type StepOutcomes = BTreeMap<(String, usize), BTreeMap<usize, (StepStatus, Option<String>)>>;

/// The writer that keeps [`StepOutcomes`].
#[derive(Clone)]
struct StepLog {
    root: PathBuf,
    outcomes: Arc<Mutex<StepOutcomes>>,
}

impl cucumber::Writer<IdnWorld> for StepLog {
    type Cli = cucumber::cli::Empty;

    async fn handle_event(
        &mut self,
        event: cucumber::parser::Result<cucumber::Event<event::Cucumber<IdnWorld>>>,
        _cli: &Self::Cli,
    ) {
        use event::{Cucumber, Feature as F, Rule as R, Scenario as S, Step};
        let Ok(event) = event else { return };
        let Cucumber::Feature(feature, feature_event) = event.value else { return };
        let (scenario, retryable) = match feature_event {
            F::Scenario(scenario, retryable) => (scenario, retryable),
            F::Rule(_, R::Scenario(scenario, retryable)) => (scenario, retryable),
            _ => return,
        };
        let (step, outcome) = match retryable.event {
            S::Step(step, outcome) | S::Background(step, outcome) => (step, outcome),
            _ => return,
        };
        let (status, error) = match outcome {
            Step::Started => return,
            Step::Passed(..) => (StepStatus::Passed, None),
            Step::Skipped => {
                (StepStatus::Skipped, Some("no step definition matches this text".to_string()))
            }
            Step::Failed(_, _, _, error) => (StepStatus::Failed, Some(step_error(&error))),
        };
        let key = (shown_path(&self.root, &feature), scenario.position.line);
        let mut outcomes = self.outcomes.lock().expect("not poisoned");
        outcomes.entry(key).or_default().insert(step.position.line, (status, error));
    }
}

/// A failed step's error as one message: a panic's text or the step's own error.
fn step_error(error: &event::StepError) -> String {
    match error {
        event::StepError::Panic(payload) => {
            let text = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()));
            text.unwrap_or_else(|| "the step panicked".to_string())
        }
        other => other.to_string(),
    }
}

/// A scenario as cucumber gave it to a hook: its feature, its rule, itself.
type Place<'a> =
    (&'a Feature, Option<&'a cucumber::gherkin::Rule>, &'a cucumber::gherkin::Scenario);

/// The record of a scenario that ran, and the failure that ends it after its last step:
/// a refusal the last step recorded and no step checked, or a mode or the counter used
/// without its tag.
fn record(
    root: &Path,
    (feature, rule, scenario): Place<'_>,
    finished: &ScenarioFinished,
    world: &mut IdnWorld,
) -> (ScenarioRecord, Option<crate::steps::StepError>) {
    let late = world.ensure_checked().and_then(|()| world.check_needs()).err();
    let failure = match finished {
        ScenarioFinished::StepPassed => late.as_ref().and(world.failure()).map(scenario_failure),
        ScenarioFinished::StepSkipped => Some(ScenarioFailure {
            expected: Some("a step definition that matches the text".into()),
            observed: "no step definition matches this text".into(),
            requirements: Vec::new(),
        }),
        ScenarioFinished::StepFailed(_, _, error) => {
            Some(failed_step(world.failure(), &step_error(error)))
        }
        ScenarioFinished::BeforeHookFailed(_) => Some(ScenarioFailure {
            expected: None,
            observed: "the set-up failed".into(),
            requirements: Vec::new(),
        }),
    };
    let record = ScenarioRecord {
        feature: shown_path(root, feature),
        name: scenario.name.clone(),
        line: scenario.position.line,
        tags: scenario_tags(feature, rule, scenario),
        seed: world.seed(),
        failure,
        steps: steps_of(feature, rule, scenario),
        people: world.people(),
        timeline: world.timeline(),
        narrative: world.narrations(),
    };
    (record, late)
}

/// Which scenarios a run plays: those its tags and its name filter select, but for those
/// that need what the implementation does not claim.
struct Selection {
    tags: Option<TagOperation>,
    scenario: Option<String>,
    capabilities: idn_contract::capabilities::Capabilities,
    root: PathBuf,
}

/// What a [`Selection`] does with a scenario.
enum Selected {
    Run,
    /// The tags or the name filter leave it out.
    Left,
    NotApplicable(NotApplicable),
}

impl Selection {
    fn select(
        &self,
        feature: &Feature,
        rule: Option<&cucumber::gherkin::Rule>,
        scenario: &cucumber::gherkin::Scenario,
    ) -> Selected {
        let tags = scenario_tags(feature, rule, scenario);
        let tagged = self.tags.as_ref().is_none_or(|op| op.eval(tags.iter()));
        let named = self.scenario.as_ref().is_none_or(|name| scenario.name.contains(name.as_str()));
        if !(tagged && named) {
            return Selected::Left;
        }
        let needs: Vec<_> = crate::capability::declared(&tags)
            .into_iter()
            .filter(|need| !need.claimed_by(&self.capabilities))
            .collect();
        if needs.is_empty() {
            return Selected::Run;
        }
        Selected::NotApplicable(NotApplicable {
            feature: shown_path(&self.root, feature),
            line: scenario.position.line,
            name: scenario.name.clone(),
            needs,
            requirements: idn_report::requirement_ids(&tags),
        })
    }
}

/// A failure as the report records it.
fn scenario_failure(failure: &Failure) -> ScenarioFailure {
    ScenarioFailure {
        expected: failure.expected.clone(),
        observed: failure.observed.clone(),
        requirements: failure.requirements.clone(),
    }
}

/// The failure a failed step ended with, as the world kept it whole. cucumber gives only
/// its text (`message`): when the kept failure is not the one that text shows, the step
/// panicked instead of failing (a harness bug), and the text is all there is to tell.
fn failed_step(kept: Option<&Failure>, message: &str) -> ScenarioFailure {
    match kept {
        Some(failure) if failure.to_string() == message => scenario_failure(failure),
        _ => ScenarioFailure {
            expected: Some("the step runs to its end".to_string()),
            observed: format!("the harness panicked: {message}"),
            requirements: Vec::new(),
        },
    }
}

/// Puts what the run said of each step into the records.
fn join_steps(records: &mut [ScenarioRecord], outcomes: &StepOutcomes) {
    for record in records {
        let Some(steps) = outcomes.get(&(record.feature.clone(), record.line)) else { continue };
        for step in &mut record.steps {
            if let Some((status, error)) = steps.get(&step.line) {
                step.status = *status;
                step.error.clone_from(error);
            }
        }
    }
}

/// One scenario's seed: the base seed mixed with the feature's file, the scenario's name
/// and its line (FNV-1a), so that each scenario, and each example of an outline, has its
/// own world (and its own test clock on a shared server) whatever runs beside it.
pub fn scenario_seed(base: u64, feature: &str, scenario: &str, line: usize) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ base;
    let line = line.to_string();
    for byte in feature.bytes().chain([0]).chain(scenario.bytes()).chain([0]).chain(line.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Every `.feature` file under `dir`, sorted.
pub fn feature_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for path in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "feature") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// A feature's file as the report shows it: relative to `root`.
fn shown_path(root: &Path, feature: &cucumber::gherkin::Feature) -> String {
    let path =
        feature.path.as_deref().map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string());
    path.unwrap_or_default()
}

/// A scenario's tags, its feature's and its rule's included.
fn scenario_tags(
    feature: &cucumber::gherkin::Feature,
    rule: Option<&cucumber::gherkin::Rule>,
    scenario: &cucumber::gherkin::Scenario,
) -> Vec<String> {
    let tags = feature.tags.iter().chain(rule.iter().flat_map(|r| r.tags.iter()));
    tags.chain(scenario.tags.iter()).cloned().collect()
}

impl Suite {
    fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.root).unwrap_or(path).display().to_string()
    }

    /// Parses every feature first, to name the line and column of a syntax error
    /// (cucumber's own report names only the file).
    fn syntax_errors(&self) -> Vec<String> {
        let mut errors = Vec::new();
        for path in feature_files(&self.features) {
            match Feature::parse_path(&path, GherkinEnv::default()) {
                Ok(_) => {}
                Err(ParseFileError::Parsing { source, error, .. }) => {
                    let detail = error.map(|e| format!(" ({e})")).unwrap_or_default();
                    errors.push(format!("{}: syntax error: {source}{detail}", self.shown(&path)));
                }
                Err(other) => errors.push(format!("{}: {other}", self.shown(&path))),
            }
        }
        errors
    }

    /// Runs the suite, writing cucumber's report to `out`.
    pub async fn run<O: Write + 'static>(
        self,
        mut out: O,
        color: bool,
    ) -> std::io::Result<Outcome> {
        let syntax_errors = self.syntax_errors();
        for error in &syntax_errors {
            writeln!(out, "features: {error}")?;
        }
        std::fs::create_dir_all(&self.reports)?;
        let json = std::fs::File::create(self.reports.join("cucumber.json"))?;
        let coloring = if color { Coloring::Auto } else { Coloring::Never };
        let step_log = StepLog { root: self.root.clone(), outcomes: Arc::default() };
        let outcomes = step_log.outcomes.clone();
        let writer = writer::Basic::new(out, coloring, writer::Verbosity::Default)
            .summarized()
            .tee::<IdnWorld, _>(writer::Json::for_tee(json))
            .tee::<IdnWorld, _>(step_log.discard_stats_writes().discard_arbitrary_writes())
            .fail_on_skipped()
            .normalized();
        let (target, seed, root) = (self.target.clone(), self.seed, self.root.clone());
        let selection = Selection {
            tags: self.tags.clone(),
            scenario: self.scenario.clone(),
            capabilities: self.target.capabilities.clone(),
            root: self.root.clone(),
        };
        let not_applicable = Arc::new(Mutex::new(Vec::<NotApplicable>::new()));
        let excluded = not_applicable.clone();
        // An implementation that cannot serve several clocks at once gets one scenario at a
        // time; otherwise cucumber's default concurrency.
        let concurrency = if self.target.one_at_a_time { 1 } else { 64 };
        let records = Arc::new(Mutex::new(Vec::<ScenarioRecord>::new()));
        let after_root = self.root.clone();
        let collected = records.clone();
        let finished = IdnWorld::cucumber()
            .max_concurrent_scenarios(concurrency)
            .with_writer(writer)
            // Cucumber's own command line is not read: the options come from `Suite`.
            .with_cli::<cucumber::cli::Empty>(cucumber::cli::Opts::default())
            .before(move |feature, rule, scenario, world| {
                let tags = scenario_tags(feature, rule, scenario);
                let path = shown_path(&root, feature);
                let line = scenario.position.line;
                let seed = scenario_seed(seed, &path, &scenario.name, line);
                world.prepare(target.clone(), seed, &tags);
                async {}.boxed_local()
            })
            .after(move |feature, rule, scenario, finished, world| {
                let root = after_root.clone();
                let records = records.clone();
                async move {
                    let Some(world) = world else { return };
                    let (record, late) = record(&root, (feature, rule, scenario), finished, world);
                    records.lock().expect("not poisoned").push(record);
                    // A scenario that failed after its last step fails in cucumber's eyes too.
                    if let Some(error) = late {
                        panic!("{error}");
                    }
                }
                .boxed_local()
            })
            .filter_run(self.features.clone(), move |feature, rule, scenario| {
                match selection.select(feature, rule, scenario) {
                    Selected::Run => true,
                    Selected::Left => false,
                    Selected::NotApplicable(not_run) => {
                        excluded.lock().expect("not poisoned").push(not_run);
                        false
                    }
                }
            })
            .await;
        let passed = !finished.execution_has_failed() && syntax_errors.is_empty();
        let mut not_applicable = std::mem::take(&mut *not_applicable.lock().expect("not poisoned"));
        not_applicable.sort_by(|a, b| (&a.feature, a.line).cmp(&(&b.feature, b.line)));
        let mut scenarios = std::mem::take(&mut *collected.lock().expect("not poisoned"));
        scenarios.sort_by(|a, b| (&a.feature, a.line).cmp(&(&b.feature, b.line)));
        join_steps(&mut scenarios, &outcomes.lock().expect("not poisoned"));
        if !not_applicable.is_empty() {
            println!(
                "\nNot applicable ({} scenarios need what the implementation does not claim):",
                not_applicable.len()
            );
            for scenario in &not_applicable {
                println!("  - {}: {}", scenario.feature, scenario.label());
            }
        }
        Ok(Outcome { passed, syntax_errors, not_applicable, scenarios })
    }
}
