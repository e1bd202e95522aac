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
    Config, FileFailurePersistence, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner,
};
use proptest_state_machine::ReferenceStateMachine;
use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How much virtual time a case may cover: ACT-06's 5 years, several times.
pub const MAX_VIRTUAL_DAYS: i64 = 366 * 20;

/// Where a run stands, given to the progress callback after every case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub cases_run: u32,
    pub steps_run: u64,
    /// Set once a failure was found: proptest is shrinking it.
    pub shrinking: bool,
}

/// Told where the run stands after every case.
pub type ProgressFn = Box<dyn FnMut(&Progress)>;

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
}

impl ReferenceStateMachine for Model {
    type State = Model;
    type Transition = Step;

    fn init_state() -> BoxedStrategy<Model> {
        any::<u64>()
            .no_shrink()
            .prop_map(|world_seed| Model {
                world_seed,
                oracle: Oracle::new(rules_of(&idn_contract::policy::Policy::builtin_default())),
                now: WorldConfig::new(0).start,
                pin: String::from("2580"),
                phone_lost: false,
            })
            .boxed()
    }

    fn transitions(state: &Model) -> BoxedStrategy<Step> {
        step::transitions(state.oracle.state(), state.phone_lost)
    }

    fn apply(mut state: Model, step: &Step) -> Model {
        state.now += chrono::TimeDelta::minutes(15);
        let fake = model_actions(&state, step);
        for action in fake {
            state.oracle.apply(state.now, &action);
        }
        match step {
            Step::Wait(wait) => state.now += wait.delta(),
            Step::LosePhone { .. } => state.phone_lost = true,
            Step::Activate { .. } => state.phone_lost = false,
            _ => {}
        }
        state
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
        let mark = j.world.trace().entries().len();
        let outcome = match driver.perform(&mut j, step).await {
            Ok(outcome) => outcome,
            Err(e) => {
                report.failure = Some(misbehaved(Some(step), e.to_string()));
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

fn misbehaved(step: Option<&Step>, what: String) -> Finding {
    let requirements = step.map(|s| s.requirements().to_vec()).unwrap_or_default();
    let place = step.map(|s| format!("« {s} »: ")).unwrap_or_default();
    Finding::new(format!("{place}{what}"), requirements)
}

// ---- The campaign ---------------------------------------------------------------------

/// Runs `config.cases` generated journeys (after the regressions file's), shrinks the
/// first failure, and writes its feature text.
pub fn run(config: FuzzConfig) -> FuzzOutcome {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime");
    let persistence = config.regressions_file.as_ref().map(|path| {
        // proptest wants a `&'static str`: one small leak per campaign.
        let path: &'static str = Box::leak(path.display().to_string().into_boxed_str());
        Box::new(FileFailurePersistence::Direct(path))
            as Box<dyn proptest::test_runner::FailurePersistence>
    });
    let proptest_config = Config {
        cases: config.cases,
        max_shrink_iters: config.max_shrink_iters,
        failure_persistence: persistence,
        max_global_rejects: 100_000,
        ..Config::default()
    };
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&config.seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes);
    let mut runner = TestRunner::new_with_rng(proptest_config, rng);
    let strategy = Model::sequential_strategy(1..=config.max_steps);

    struct Tally {
        cases_run: u32,
        steps_run: u64,
        found_at: Option<u32>,
        original_len: usize,
        progress: Option<ProgressFn>,
    }
    let tally = RefCell::new(Tally {
        cases_run: 0,
        steps_run: 0,
        found_at: None,
        original_len: 0,
        progress: config.progress,
    });
    let target = config.target.clone();
    let result = runner.run(
        &strategy,
        |(model, steps, seen): (Model, Vec<Step>, Option<Arc<AtomicUsize>>)| {
            let report =
                runtime.block_on(run_case(&target, model.world_seed, &steps, seen.as_deref()));
            let mut t = tally.borrow_mut();
            let shrinking = t.found_at.is_some();
            if !shrinking {
                t.cases_run += 1;
                t.steps_run += report.steps_run as u64;
                if report.failure.is_some() {
                    t.found_at = Some(t.cases_run);
                    t.original_len = steps.len();
                }
            }
            let progress = Progress { cases_run: t.cases_run, steps_run: t.steps_run, shrinking };
            if let Some(callback) = t.progress.as_mut() {
                callback(&progress);
            }
            match report.failure {
                None => Ok(()),
                Some(finding) => Err(TestCaseError::fail(finding.message)),
            }
        },
    );
    let t = tally.into_inner();
    let failure = match result {
        Ok(()) => None,
        Err(TestError::Fail(_, (model, steps, _))) => {
            let report = runtime.block_on(run_case(&config.target, model.world_seed, &steps, None));
            let finding = report.failure.clone().unwrap_or_else(|| {
                let why = "the shrunk journey passed when replayed: the SUT is not deterministic";
                Finding::new(why.to_string(), Vec::new())
            });
            let shrunk = steps[..report.steps_run.min(steps.len())].to_vec();
            let feature_text = feature::write(&feature::Regression {
                target: &config.target.name,
                run_seed: config.seed,
                found_at_case: t.found_at.unwrap_or(0),
                original_len: t.original_len,
                world_seed: model.world_seed,
                steps: &shrunk,
                expected: &report.expected,
                finding: &finding,
            });
            Some(FuzzFailure {
                found_at_case: t.found_at.unwrap_or(0),
                world_seed: model.world_seed,
                shrunk,
                original_len: t.original_len,
                message: finding.message,
                requirements: finding.requirements,
                feature_text,
            })
        }
        Err(TestError::Abort(why)) => Some(FuzzFailure {
            found_at_case: t.cases_run,
            world_seed: 0,
            shrunk: Vec::new(),
            original_len: 0,
            message: format!("proptest aborted: {why}"),
            requirements: Vec::new(),
            feature_text: String::new(),
        }),
    };
    FuzzOutcome { cases_run: t.cases_run, steps_run: t.steps_run, failure }
}
