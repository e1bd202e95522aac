//! Model-based fuzzing: random journeys against the oracle (`idn_model::oracle`), played
//! through the world's actors against any [`Target`], shrunk to a minimal failing journey
//! by proptest, persisted, and written back as a French regression feature.
//!
//! Start with [`run`]. A case is a world seed and a list of [`Step`]s, drawn by the
//! reference state machine ([`Model`]: the oracle's state weights the draw) after a fixed
//! prefix (an account with its e-mail and mobile confirmed). [`Driver`] plays each step,
//! [`check::Checker`] judges it; the regression features replay the same [`Driver`]
//! (`steps/fuzz.rs`).

pub mod check;
pub mod driver;
pub mod feature;
pub mod replay;
pub mod step;

pub use check::{Checker, Finding, rules_of};
pub use driver::{Driver, Outcome};
pub use step::Step;

use crate::journey::Journey;
use crate::target::{SutContext, Target};
use idn_model::oracle::{Expectation, LifecycleState, Oracle};
use idn_world::{World, WorldConfig};
use proptest::prelude::*;
use proptest::test_runner::{
    Config, FailurePersistence, FileFailurePersistence, PersistedSeed, RngAlgorithm, TestCaseError,
    TestError, TestRng, TestRunner,
};
use proptest_state_machine::ReferenceStateMachine;
use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How much virtual time a case may cover: ACT-06's 5 years, several times.
pub const MAX_VIRTUAL_DAYS: i64 = 366 * 20;

/// The most 5-year waits a journey draws: two expiries, and the rest of the journey's
/// waits (at most 24 of 31 days) stay well within [`MAX_VIRTUAL_DAYS`], so that a journey
/// never runs into the world's limit (a limit reached is not the implementation's fault).
pub const MAX_YEARS5_WAITS: u8 = 2;

/// Where a run stands, given to the progress callback after every case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub cases_run: u32,
    pub steps_run: u64,
    /// Set once a failure was found: proptest is shrinking it.
    pub shrinking: bool,
}

/// Told where the run stands after every case (from whichever thread played it).
pub type ProgressFn = Box<dyn FnMut(&Progress) + Send>;

/// A fuzzing campaign.
pub struct FuzzConfig {
    pub cases: u32,
    /// The run's seed: the proptest generator and, through it, every case's world seed.
    pub seed: u64,
    /// The most generated steps of a case (after the prefix).
    pub max_steps: usize,
    pub target: Target,
    /// proptest's regressions file: its seeds are replayed first, new failures added.
    pub regressions_file: Option<PathBuf>,
    pub progress: Option<ProgressFn>,
    /// How many shrinking attempts at most.
    pub max_shrink_iters: u32,
    /// How many threads play the cases ([`default_jobs`] when `None`); the outcome is the
    /// same whatever the number.
    pub jobs: Option<usize>,
}

impl FuzzConfig {
    pub fn new(target: Target, cases: u32, seed: u64) -> Self {
        Self {
            cases,
            seed,
            max_steps: 24,
            target,
            regressions_file: None,
            progress: None,
            max_shrink_iters: 2048,
            jobs: None,
        }
    }
}

/// What a campaign found.
#[derive(Debug, Clone)]
pub struct FuzzOutcome {
    pub cases_run: u32,
    pub steps_run: u64,
    pub failure: Option<FuzzFailure>,
}

/// The minimal journey that breaks a rule.
#[derive(Debug, Clone)]
pub struct FuzzFailure {
    /// The number of the case (1-based, counting the regressions replayed first) that failed.
    pub found_at_case: u32,
    pub world_seed: u64,
    pub shrunk: Vec<Step>,
    pub original_len: usize,
    pub message: String,
    pub requirements: Vec<&'static str>,
    pub feature_text: String,
}

// ---- The reference state machine ------------------------------------------------------

/// The reference state: the world seed of the case and the oracle, fed each step at an
/// approximate time, only to weight the next draw (the judge replays the oracle at the
/// world's real times).
#[derive(Debug, Clone)]
pub struct Model {
    pub world_seed: u64,
    oracle: Oracle,
    now: idn_contract::Timestamp,
    pin: String,
    /// A smartphone was lost since the last activation.
    phone_lost: bool,
    /// The verification modes the implementation claims: the only ones drawn.
    modes: step::Modes,
    /// How many 5-year waits the journey drew.
    years5_waits: u8,
}

impl ReferenceStateMachine for Model {
    type State = Model;
    type Transition = Step;

    /// Every mode (the campaign draws from [`Model::strategy`], which knows the claimed ones).
    fn init_state() -> BoxedStrategy<Model> {
        Model::init(step::Modes::ALL)
    }

    fn transitions(state: &Model) -> BoxedStrategy<Step> {
        step::transitions(state.oracle.state(), state.phone_lost, state.modes)
    }

    fn apply(mut state: Model, step: &Step) -> Model {
        state.now += chrono::TimeDelta::minutes(15);
        let fake = model_actions(&state, step);
        for action in fake {
            state.oracle.apply(state.now, &action);
        }
        match step {
            Step::Wait(wait) => {
                state.now += wait.delta();
                if *wait == step::Wait::Years5 {
                    state.years5_waits += 1;
                }
            }
            Step::LosePhone { .. } => state.phone_lost = true,
            Step::Activate { .. } => state.phone_lost = false,
            _ => {}
        }
        state
    }
}

/// The journeys a campaign draws: at most `max_steps` steps after the prefix.
pub type Journeys = proptest_state_machine::strategy::Sequential<
    Model,
    Step,
    BoxedStrategy<Model>,
    BoxedStrategy<Step>,
>;

impl Model {
    /// A case's first state, on a drawn world seed.
    fn init(modes: step::Modes) -> BoxedStrategy<Model> {
        any::<u64>()
            .no_shrink()
            .prop_map(move |world_seed| Model {
                world_seed,
                oracle: Oracle::new(rules_of(&idn_contract::policy::Policy::builtin_default())),
                now: WorldConfig::new(0).start,
                pin: String::from("2580"),
                phone_lost: false,
                modes,
                years5_waits: 0,
            })
            .boxed()
    }

    /// The journeys of a campaign against an implementation that claims `modes`.
    pub fn strategy(modes: step::Modes, max_steps: usize) -> Journeys {
        Journeys::new(
            (1..=max_steps).into(),
            move || Model::init(modes),
            |state: &Model, step: &Step| {
                let too_long = *step == Step::Wait(step::Wait::Years5)
                    && state.years5_waits >= MAX_YEARS5_WAITS;
                state.modes.allow(step) && !too_long
            },
            <Model as ReferenceStateMachine>::transitions,
            <Model as ReferenceStateMachine>::apply,
        )
    }
}

/// Rough oracle actions of a step for the generator (devices by letter, waits ignored,
/// world reports guessed): enough to weight the draw towards where the journey is.
fn model_actions(state: &Model, step: &Step) -> Vec<idn_model::oracle::Action> {
    use idn_model::oracle::{Action, Mode};
    use step::{ModeChoice, Phone};
    let device = |p: Phone| format!("{p:?}");
    let awaiting = |online: bool| {
        matches!(state.oracle.state(), LifecycleState::AwaitingVerification(v)
            if matches!(v.mode, Mode::Online { .. }) == online)
    };
    match *step {
        Step::Submit(_) => vec![Action::SubmitIdentity {
            holder_birth: chrono::NaiveDate::from_ymd_opt(1980, 1, 1).expect("a date"),
            document: idn_model::document::Document {
                kind: idn_model::document::DocumentKind::Passport,
                issued_on: state.now.date_naive() - chrono::TimeDelta::days(100),
                expires_on: state.now.date_naive() + chrono::TimeDelta::days(3000),
            },
        }],
        Step::Confirm => vec![Action::ConfirmIdentity],
        Step::Choose(ModeChoice::Online { cgu }) => {
            let mut actions =
                vec![Action::ChooseVerification(Mode::Online { ar24_cgu_accepted: cgu })];
            actions.push(Action::LreDelivered);
            actions
        }
        Step::Choose(_) => vec![Action::ChooseVerification(Mode::PostOffice)],
        Step::Counter(code) => {
            vec![Action::InPersonCheck { code_ok: code == step::CounterCode::Latest }]
        }
        Step::Ar24Identify if awaiting(true) => {
            vec![Action::LreIdentified, Action::VerificationSucceeded]
        }
        Step::Wait(step::Wait::Days2) if awaiting(false) => {
            vec![Action::InPersonCheck { code_ok: true }]
        }
        Step::Activate { phone, suffix_ok, pin, sms, .. } => vec![Action::Activate {
            device: device(phone),
            os: idn_model::device::Os::Android,
            os_major: 13,
            sms,
            suffix_ok,
            pin: pin.pin(&state.pin),
        }],
        Step::Block { suffix_ok } => vec![Action::Block { suffix_ok }],
        Step::Unblock { suffix_ok } => vec![Action::Unblock { suffix_ok }],
        Step::Delete { via_app, confirmed, suffix_ok } => {
            vec![Action::Delete { via_app, device: "A".to_string(), confirmed, suffix_ok }]
        }
        _ => Vec::new(),
    }
}

// ---- One case -------------------------------------------------------------------------

/// What one case did.
#[derive(Debug, Clone)]
pub struct CaseReport {
    pub steps_run: usize,
    /// Per step played: the oracle's expected answers to its requests (`None`: the step
    /// had nothing to do in the world).
    pub expected: Vec<Option<Vec<Expectation>>>,
    pub failure: Option<Finding>,
    /// The oracle's state at the end.
    pub final_state: Option<LifecycleState>,
}

/// The world configuration of a case (the regression features build the same).
pub fn world_config(target: &Target, world_seed: u64) -> WorldConfig {
    let mut config = WorldConfig::new(world_seed);
    config.limits.max_virtual = chrono::TimeDelta::days(MAX_VIRTUAL_DAYS);
    config.outbound_url = target.outbound_url.clone();
    config.clock_prefix = target.clock_prefix.clone();
    config
}

/// Plays one case: the prefix, then each step judged by the oracle; stops at the first
/// finding. `seen` counts the steps played (proptest drops the unseen ones first).
pub async fn run_case(
    target: &Target,
    world_seed: u64,
    steps: &[Step],
    seen: Option<&AtomicUsize>,
) -> CaseReport {
    let mut report =
        CaseReport { steps_run: 0, expected: Vec::new(), failure: None, final_state: None };
    let config = world_config(target, world_seed);
    let cx = SutContext { seed: world_seed, clock: config.clock_id() };
    let make = target.make_sut.clone();
    let world = match World::start(config, move |outbound| make(cx, outbound)).await {
        Ok(world) => world,
        Err(e) => {
            report.failure = Some(misbehaved(None, format!("the world did not start: {e}")));
            return report;
        }
    };
    let mut j = Journey::new(world);
    let mut driver = match Driver::start(&mut j).await {
        Ok(driver) => driver,
        Err(e) => {
            report.failure = Some(misbehaved(None, format!("the prefix failed: {e}")));
            return report;
        }
    };
    let mut checker = Checker::new(rules_of(&j.world.config().policy));
    for step in steps {
        if let Some(seen) = seen {
            seen.fetch_add(1, Ordering::SeqCst);
        }
        report.steps_run += 1;
        let plan = checker.plan(&j, &driver, step);
        let (mark, started) = (j.world.trace().entries().len(), j.world.now());
        let outcome = match driver.perform(&mut j, step).await {
            Ok(outcome) => outcome,
            Err(e) => {
                // What a conformant SUT answers to the step, so that its feature checks it.
                let mut finding = misbehaved(Some(step), e.to_string());
                finding.expected = checker.clone().expected_of(started, &plan);
                if let Some(ids) = id_token_requirements(&e) {
                    finding.requirements = ids;
                }
                report.failure = Some(finding);
                return report;
            }
        };
        let nothing = matches!(outcome, Outcome::Nothing(_));
        match checker.judge(step, plan, outcome, &j, &driver, mark) {
            Ok(expected) => report.expected.push((!nothing).then_some(expected)),
            Err(finding) => {
                report.failure = Some(finding);
                return report;
            }
        }
        match checker.invariants(step, &mut j, &mut driver).await {
            Ok(Ok(())) => {}
            Ok(Err(finding)) => {
                report.failure = Some(finding);
                return report;
            }
            Err(e) => {
                report.failure = Some(misbehaved(Some(step), e.to_string()));
                return report;
            }
        }
    }
    report.final_state = Some(checker.state().clone());
    report
}

/// The security requirement an id_token the service refused breaks (SECURITY.md), when the
/// error names one: a login that went through the app but gave a wrong token.
fn id_token_requirements(error: &crate::journey::JourneyError) -> Option<Vec<&'static str>> {
    use crate::journey::JourneyError;
    use idn_world::WorldError;
    let JourneyError::World { source, .. } = error else { return None };
    let id = match source {
        WorldError::ClaimMismatch { claim: "nonce", .. } => "SEC-10",
        WorldError::ClaimMismatch { claim: "acr", .. } => "SEC-11",
        WorldError::ClaimMismatch { claim: "iss" | "aud", .. } => "SEC-13",
        WorldError::ClaimMismatch { claim: "iat" | "exp", .. } => "SEC-14",
        WorldError::IdToken(_) => "SEC-15",
        _ => return None,
    };
    Some(vec![id, "AUTH-01"])
}

fn misbehaved(step: Option<&Step>, what: String) -> Finding {
    let requirements = step.map(|s| s.requirements().to_vec()).unwrap_or_default();
    let place = step.map(|s| format!("« {s} »: ")).unwrap_or_default();
    Finding::new(format!("{place}{what}"), requirements)
}

// ---- The campaign ---------------------------------------------------------------------

/// A campaign is cut into this many shards whatever the machine: shard `i` plays the
/// campaign's cases `i + 1`, `i + 1 + SHARDS`, … from a generator of its own, forked from
/// the run's seed, and the threads take the shards as they come. The failure reported is
/// the one of lowest case number, so that one seed and one case count find the same
/// failure, shrunk to the same journey, on any machine and with any number of threads.
pub const SHARDS: u32 = 16;

/// How many threads play a campaign against `target` when the caller does not say: every
/// core in-process; over HTTP, one per shard (the cases wait on the network, each on its
/// own test clock), or one if the implementation does not claim concurrent clocks.
pub fn default_jobs(target: &Target) -> usize {
    if target.one_at_a_time {
        1
    } else if target.outbound_url.is_some() {
        SHARDS as usize
    } else {
        std::thread::available_parallelism().map_or(1, usize::from)
    }
}

/// What the threads share: the lowest failing case number so far, the counts for the
/// progress callback.
struct Shared {
    best: Option<u32>,
    cases_run: u32,
    steps_run: u64,
    progress: Option<ProgressFn>,
}

impl Shared {
    fn tell(&mut self, shrinking: bool) {
        let progress = Progress { cases_run: self.cases_run, steps_run: self.steps_run, shrinking };
        if let Some(callback) = self.progress.as_mut() {
            callback(&progress);
        }
    }
}

/// A failure found, shrunk: its case number, its length before shrinking, proptest's
/// message of the last failing run, the journey.
type Found = (u32, usize, String, (Model, Vec<Step>));

/// What one shard found: the steps of each case it played (by its order in the shard),
/// and its first failure, shrunk.
struct ShardOutcome {
    steps: Vec<u32>,
    failure: Option<Found>,
    abort: Option<String>,
}

/// The case number, within the campaign (after the replayed regressions), of the `k`-th
/// case (from 0) of shard `shard`.
fn case_number(replayed: u32, shard: u32, k: u32) -> u32 {
    replayed + k * SHARDS + shard + 1
}

/// Runs `config.cases` generated journeys (after the regressions file's, replayed first),
/// shrinks the first failure, and writes its feature text.
pub fn run(config: FuzzConfig) -> FuzzOutcome {
    let FuzzConfig {
        cases,
        seed,
        max_steps,
        target,
        regressions_file,
        progress,
        max_shrink_iters,
        jobs,
    } = config;
    let shared = std::sync::Mutex::new(Shared { best: None, cases_run: 0, steps_run: 0, progress });
    let runs = AtomicUsize::new(0);
    let play = |runtime: &tokio::runtime::Runtime,
                model: &Model,
                steps: &[Step],
                seen: Option<&AtomicUsize>| {
        play_case(&target, &runs, runtime, model, steps, seen)
    };
    let persistence = regressions_file.as_ref().map(|path| {
        // proptest wants a `&'static str`: one small leak per campaign.
        let path: &'static str = Box::leak(path.display().to_string().into_boxed_str());
        FileFailurePersistence::Direct(path)
    });
    let strategy = Model::strategy(step::Modes::claimed(&target.capabilities), max_steps);
    let runner_config = |cases: u32, persistence: Option<Box<dyn FailurePersistence>>| Config {
        cases,
        max_shrink_iters,
        failure_persistence: persistence,
        max_global_rejects: 100_000,
        ..Config::default()
    };
    let new_runtime = || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a current-thread runtime")
    };

    // First the regressions file's cases, in its order, on this thread.
    let runtime = new_runtime();
    let replayed_count = std::cell::Cell::new(0u32);
    let replayed_steps = std::cell::Cell::new(0u64);
    let mut first: Option<Found> = None;
    let mut abort = None;
    if let Some(file) = &persistence {
        let mut runner = TestRunner::new_with_rng(
            runner_config(0, Some(Box::new(*file))),
            shard_rng(seed, u32::MAX),
        );
        let original = RefCell::new(None);
        let result = runner.run(&strategy, |(model, steps, seen): Input| {
            let report = play(&runtime, &model, &steps, seen.as_deref());
            let mut s = shared.lock().expect("the fuzzer's tally");
            if original.borrow().is_none() {
                replayed_count.set(replayed_count.get() + 1);
                replayed_steps.set(replayed_steps.get() + report.steps_run as u64);
                s.cases_run += 1;
                s.steps_run += report.steps_run as u64;
                if report.failure.is_some() {
                    *original.borrow_mut() = Some((replayed_count.get(), steps.len()));
                }
            }
            s.tell(original.borrow().is_some());
            verdict(report)
        });
        match result {
            Ok(()) => {}
            Err(TestError::Fail(why, (model, steps, _))) => {
                let (at, len) = original.into_inner().unwrap_or((replayed_count.get(), 0));
                first = Some((at, len, why.to_string(), (model, steps)));
            }
            Err(TestError::Abort(why)) => abort = Some(why.to_string()),
        }
    }

    let replayed = replayed_count.get();
    // Then the generated cases, shard by shard, on `jobs` threads.
    let mut outcomes: Vec<Option<ShardOutcome>> = (0..SHARDS).map(|_| None).collect();
    if first.is_none() && abort.is_none() && cases > 0 {
        let next_shard = AtomicUsize::new(0);
        let save_only = persistence.map(SaveOnly);
        let jobs = jobs.unwrap_or_else(|| default_jobs(&target)).clamp(1, SHARDS as usize);
        let done = std::sync::Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for _ in 0..jobs {
                scope.spawn(|| {
                    let runtime = new_runtime();
                    loop {
                        let shard = next_shard.fetch_add(1, Ordering::SeqCst) as u32;
                        if shard >= SHARDS {
                            break;
                        }
                        let shard_cases = (cases + SHARDS - 1 - shard) / SHARDS;
                        let outcome = run_shard(ShardRun {
                            shard,
                            replayed,
                            config: runner_config(
                                shard_cases,
                                save_only.clone().map(|p| Box::new(p) as Box<_>),
                            ),
                            rng: shard_rng(seed, shard),
                            strategy: &strategy,
                            shared: &shared,
                            play: &|model, steps, seen| play(&runtime, model, steps, seen),
                        });
                        done.lock().expect("the shards' outcomes").push((shard, outcome));
                    }
                });
            }
        });
        for (shard, outcome) in done.into_inner().expect("the shards' outcomes") {
            outcomes[shard as usize] = Some(outcome);
        }
    }

    // The lowest-numbered failure; the counts up to it.
    let (mut cases_run, mut steps_run) = (replayed, replayed_steps.get());
    if first.is_none() {
        for outcome in outcomes.iter().flatten() {
            if let Some(failure) = &outcome.failure
                && first.as_ref().is_none_or(|f| failure.0 < f.0)
            {
                first = Some(failure.clone());
            }
            abort = abort.or(outcome.abort.clone());
        }
        let last = first.as_ref().map_or(u32::MAX, |f| f.0);
        for (shard, outcome) in outcomes.iter().enumerate() {
            let Some(outcome) = outcome else { continue };
            for (k, steps) in outcome.steps.iter().enumerate() {
                if case_number(replayed, shard as u32, k as u32) <= last {
                    cases_run += 1;
                    steps_run += u64::from(*steps);
                }
            }
        }
    }
    let failure = match (first, abort) {
        (Some((found_at, original_len, why, (model, steps))), _) => {
            let report = play(&runtime, &model, &steps, None);
            let finding = report.failure.clone().unwrap_or_else(|| {
                let why = format!(
                    "the shrunk journey passed when replayed: the SUT is not deterministic (it had failed with: {why})"
                );
                Finding::new(why, Vec::new())
            });
            let shrunk = steps[..report.steps_run.min(steps.len())].to_vec();
            let feature_text = feature::write(&feature::Regression {
                target: &target.name,
                run_seed: seed,
                found_at_case: found_at,
                original_len,
                world_seed: model.world_seed,
                steps: &shrunk,
                expected: &report.expected,
                finding: &finding,
            });
            Some(FuzzFailure {
                found_at_case: found_at,
                world_seed: model.world_seed,
                shrunk,
                original_len,
                message: finding.message,
                requirements: finding.requirements,
                feature_text,
            })
        }
        (None, Some(why)) => Some(FuzzFailure {
            found_at_case: cases_run,
            world_seed: 0,
            shrunk: Vec::new(),
            original_len: 0,
            message: format!("proptest aborted: {why}"),
            requirements: Vec::new(),
            feature_text: String::new(),
        }),
        (None, None) => None,
    };
    FuzzOutcome { cases_run, steps_run, failure }
}

/// Plays one case: on the target's own runtime if it has one (its pooled connections live
/// there), else on `runtime`, this thread's. Over HTTP a clock is created once: every play
/// of a case, shrinking included, gets its own (`runs` numbers them).
fn play_case(
    target: &Target,
    runs: &AtomicUsize,
    runtime: &tokio::runtime::Runtime,
    model: &Model,
    steps: &[Step],
    seen: Option<&AtomicUsize>,
) -> CaseReport {
    let block_on = |target: &Target| {
        let case = run_case(target, model.world_seed, steps, seen);
        match &target.runtime {
            Some(handle) => handle.block_on(case),
            None => runtime.block_on(case),
        }
    };
    if target.outbound_url.is_none() {
        return block_on(target);
    }
    let mut target = target.clone();
    let n = runs.fetch_add(1, Ordering::SeqCst);
    target.clock_prefix = format!("{}{n}-", target.clock_prefix);
    block_on(&target)
}

/// What proptest draws for a case: the reference state, the steps, the steps-seen counter.
type Input = (Model, Vec<Step>, Option<Arc<AtomicUsize>>);

/// The generator of shard `shard` (`u32::MAX`: the regressions' replay), forked from the
/// run's seed.
fn shard_rng(seed: u64, shard: u32) -> TestRng {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8..12].copy_from_slice(&shard.to_le_bytes());
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

fn verdict(report: CaseReport) -> Result<(), TestCaseError> {
    match report.failure {
        None => Ok(()),
        Some(finding) => Err(TestCaseError::fail(finding.message)),
    }
}

/// How a shard plays a case (on its thread's runtime).
type Play<'a> = dyn Fn(&Model, &[Step], Option<&AtomicUsize>) -> CaseReport + 'a;

/// One shard's run.
struct ShardRun<'a> {
    shard: u32,
    replayed: u32,
    config: Config,
    rng: TestRng,
    strategy: &'a Journeys,
    shared: &'a std::sync::Mutex<Shared>,
    play: &'a Play<'a>,
}

/// Plays a shard's cases in order until its first failure (shrunk), or until its next case
/// comes after a failure another shard found: that one is reported, whatever this one
/// would find.
fn run_shard(run: ShardRun<'_>) -> ShardOutcome {
    let ShardRun { shard, replayed, config, rng, strategy, shared, play } = run;
    let mut runner = TestRunner::new_with_rng(config, rng);
    let tally = RefCell::new((Vec::<u32>::new(), None::<(u32, usize)>));
    let result = runner.run(strategy, |(model, steps, seen): Input| {
        let mut t = tally.borrow_mut();
        let shrinking = t.1.is_some();
        let number = case_number(replayed, shard, t.0.len() as u32);
        if !shrinking {
            let later = shared.lock().expect("the fuzzer's tally").best.is_some_and(|b| b < number);
            if later {
                return Ok(());
            }
        }
        let report = play(&model, &steps, seen.as_deref());
        let mut s = shared.lock().expect("the fuzzer's tally");
        if !shrinking {
            t.0.push(report.steps_run as u32);
            s.cases_run += 1;
            s.steps_run += report.steps_run as u64;
            if report.failure.is_some() {
                t.1 = Some((number, steps.len()));
                s.best = Some(s.best.map_or(number, |b| b.min(number)));
            }
        }
        s.tell(t.1.is_some());
        verdict(report)
    });
    let (steps, found) = tally.into_inner();
    let mut outcome = ShardOutcome { steps, failure: None, abort: None };
    match result {
        Ok(()) => {}
        Err(TestError::Fail(why, (model, shrunk, _))) => {
            let (number, len) = found.unwrap_or((0, 0));
            outcome.failure = Some((number, len, why.to_string(), (model, shrunk)));
        }
        Err(TestError::Abort(why)) => outcome.abort = Some(why.to_string()),
    }
    outcome
}

/// The regressions file for the shards: they add their failures to it, and leave its
/// replay to the campaign's first phase (else every shard would replay it).
#[derive(Debug, Clone, PartialEq)]
struct SaveOnly(FileFailurePersistence);

impl FailurePersistence for SaveOnly {
    fn load_persisted_failures2(&self, _source_file: Option<&'static str>) -> Vec<PersistedSeed> {
        Vec::new()
    }

    fn save_persisted_failure2(
        &mut self,
        source_file: Option<&'static str>,
        seed: PersistedSeed,
        shrunken_value: &dyn std::fmt::Debug,
    ) {
        self.0.save_persisted_failure2(source_file, seed, shrunken_value);
    }

    fn box_clone(&self) -> Box<dyn FailurePersistence> {
        Box::new(self.clone())
    }

    fn eq(&self, other: &dyn FailurePersistence) -> bool {
        other.as_any().downcast_ref::<SaveOnly>().is_some_and(|o| o == self)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
