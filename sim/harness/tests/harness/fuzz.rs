//! The fuzzer: a short fixed-seed campaign against the embedded reference finds nothing,
//! and each deliberately broken implementation is found, shrunk to a short journey, and
//! written as a feature that fails against it and passes against the reference.

use idn_harness::fuzz::{self, FuzzConfig};
use idn_harness::target::Target;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn reference() -> Target {
    Target::in_process(
        "embedded reference",
        |seed, outbound| idn_reference::embedded(seed)(outbound),
        root().join("scenarios"),
    )
}

// Checks that a short fixed-seed campaign against the reference finds no disagreement
// with the oracle and no broken invariant.
#[test]
fn the_reference_passes_a_short_campaign() {
    let cases: u32 =
        std::env::var("IDN_FUZZ_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(24);
    let mut config = FuzzConfig::new(reference(), cases, 20260302);
    config.regressions_file = Some(root().join("sim/harness/fuzz-regressions/reference.txt"));
    let outcome = fuzz::run(config);
    if let Some(failure) = &outcome.failure {
        panic!(
            "the reference failed at case {}: {}\nshrunk journey ({} of {} steps):\n{}",
            failure.found_at_case,
            failure.message,
            failure.shrunk.len(),
            failure.original_len,
            failure.feature_text
        );
    }
    assert_eq!(outcome.cases_run, cases);
    assert!(outcome.steps_run > u64::from(cases), "{} steps", outcome.steps_run);
}

/// A file name for a broken implementation's regression feature: its name's words, up to
/// a parenthesis, lower case, joined by dashes (`accepts-1234-as-a-secret-code`).
fn slug(name: &str) -> String {
    let words = name.split('(').next().unwrap_or(name);
    let words = words.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty());
    words.map(str::to_ascii_lowercase).collect::<Vec<_>>().join("-")
}

/// A folder under the system's temp dir for one feature, removed on drop.
struct TempFeature(PathBuf);

impl TempFeature {
    fn new(name: &str, text: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("idn-fuzz-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("features")).expect("a temp dir");
        std::fs::write(dir.join("features/regression.feature"), text).expect("a temp feature");
        Self(dir)
    }

    /// Runs the feature against `target` with the cucumber suite; whether it passed.
    fn passes(&self, target: Target) -> bool {
        let suite = idn_harness::suite::Suite {
            features: self.0.join("features"),
            reports: self.0.join("reports"),
            root: self.0.clone(),
            target,
            tags: None,
            scenario: None,
            seed: 1,
        };
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        let outcome = runtime.block_on(suite.run(std::io::sink(), false)).expect("the reports");
        outcome.passed
    }
}

impl Drop for TempFeature {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs a campaign against the broken implementation `target` named `name`, and checks
/// that the fuzzer finds it within 300 cases, shrinks it to at most 8 steps tagged with
/// one of `requirements`, and that the feature it writes fails against `target` and passes
/// against the reference. Returns the failure and the closing note's figure.
fn finds_and_shrinks(
    name: &str,
    target: &Target,
    requirements: &[&str],
) -> (idn_harness::fuzz::FuzzFailure, String) {
    finds_and_shrinks_to(name, target, requirements, 8)
}

/// [`finds_and_shrinks`], shrunk to at most `longest` steps.
fn finds_and_shrinks_to(
    name: &str,
    target: &Target,
    requirements: &[&str],
    longest: usize,
) -> (idn_harness::fuzz::FuzzFailure, String) {
    let mut config = FuzzConfig::new(target.clone(), 300, 20260302);
    config.max_shrink_iters = 512;
    let outcome = fuzz::run(config);
    let failure = outcome.failure.unwrap_or_else(|| {
        panic!("the fuzzer did not find « {name} » in {} cases", outcome.cases_run)
    });
    let figure = format!(
        "{name}: found at case {}, shrunk from {} to {} steps ({})",
        failure.found_at_case,
        failure.original_len,
        failure.shrunk.len(),
        failure.requirements.join(" ")
    );
    let text = &failure.feature_text;
    let len = failure.shrunk.len();
    assert!(len <= longest, "« {name} » shrunk to {len} steps, more than {longest}:\n{text}");
    assert!(
        requirements.iter().any(|id| failure.requirements.iter().any(|r| r == id)),
        "« {name} » breaks {requirements:?}, the journey is tagged {:?}",
        failure.requirements
    );
    let slug = slug(name);
    if std::env::var_os("IDN_FUZZ_WRITE_REGRESSIONS").is_some() {
        // How features/regressions/ was filled: the journeys that catch each defect.
        let path = root().join(format!("features/regressions/{slug}.feature"));
        std::fs::write(path, text).expect("features/regressions/ exists");
    }
    let feature = TempFeature::new(&slug, text);
    assert!(
        !feature.passes(target.clone()),
        "the feature of « {name} » passes against it:\n{text}"
    );
    assert!(
        feature.passes(reference()),
        "the feature of « {name} » fails against the reference:\n{text}"
    );
    (failure, figure)
}

// Checks that the fuzzer finds each deliberately broken implementation within a bounded
// number of cases, shrinks it to a short journey tagged with a requirement the defect
// breaks, and that the feature it writes fails against the broken implementation and
// passes against the reference.
#[test]
fn the_fuzzer_finds_every_broken_implementation() {
    let figures: Vec<String> = crate::broken::all()
        .iter()
        .map(|broken| finds_and_shrinks(broken.name, &broken.target, broken.requirements).1)
        .collect();
    // The closing note's figures (`--nocapture` shows them).
    println!("{}", figures.join("\n"));
}

// Checks that the fuzzer's logins, several in flight and each answered on its own and
// completed at the service, find the broken implementations of the login's rules (SEC-10,
// SEC-40, SEC-41) as the security scenarios do, each shrunk to at most 10 steps.
#[test]
fn the_fuzzer_finds_the_broken_logins() {
    let found = [
        "puts the nonce of the last request in the id_token",
        "approves the most recent pending request",
        "lets a refused request be approved",
    ];
    let figures: Vec<String> = crate::broken::security()
        .iter()
        .filter(|broken| found.contains(&broken.name))
        .map(|broken| finds_and_shrinks_to(broken.name, &broken.target, broken.requirements, 10).1)
        .collect();
    assert_eq!(figures.len(), found.len(), "{figures:?}");
    println!("{}", figures.join("\n"));
}

// Checks the transitions of the lost phone, the lost notification, the attacker's
// « Nouveau numéro » and the replayed SMS code on one fixed journey against the
// reference: each is played (not skipped) and answered as the oracle says, and the
// invariants hold after each (the lost phone's app works until another is activated).
#[test]
fn the_world_events_and_attacks_are_played() {
    use idn_harness::fuzz::step::{
        CounterCode, DocumentChoice, ModeChoice, Phone, PinChoice, PushCause, Step,
    };
    use idn_model::oracle::{Expectation, Typing};
    let activate = |phone, sms| Step::Activate { phone, sms, suffix_ok: true, pin: PinChoice::Own };
    let steps = [
        Step::Submit(DocumentChoice::Own),
        Step::Confirm,
        Step::Choose(ModeChoice::PostOffice),
        Step::Counter(CounterCode::Latest),
        Step::NewNumberAttack,
        activate(Phone::A, Typing::OnTime),
        Step::LoginUnnotified { phone: Phone::A, cause: PushCause::DoNotDisturb },
        Step::LoginUnnotified { phone: Phone::B, cause: PushCause::NotificationsOff },
        Step::NewNumberAttack,
        Step::LosePhone { phone: Phone::A },
        Step::Login { phone: Phone::A, pin_ok: true },
        Step::Block { suffix_ok: true },
        activate(Phone::A, Typing::OnTime),
        activate(Phone::B, Typing::Reused),
        Step::Unblock { suffix_ok: true },
        Step::Login { phone: Phone::A, pin_ok: true },
    ];
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let report = runtime.block_on(fuzz::run_case(&reference(), 7, &steps, None));
    assert_eq!(report.failure, None);
    let ok = Expectation::Accepted;
    let no = Expectation::Refused;
    let expected: Vec<Option<Vec<Expectation>>> = vec![
        Some(vec![ok]),
        Some(vec![ok]),
        Some(vec![ok]),
        Some(vec![ok]),
        Some(vec![no("email_confirmation_required"), no("code_invalid")]),
        Some(vec![ok]),
        Some(vec![ok, ok]),
        Some(vec![no("device_not_active"), no("device_not_active")]),
        Some(vec![no("email_confirmation_required"), no("code_invalid")]),
        Some(vec![]),
        Some(vec![no("device_not_active")]),
        Some(vec![ok]),
        Some(vec![ok]),
        Some(vec![no("code_invalid")]),
        Some(vec![ok]),
        Some(vec![ok]),
    ];
    for (index, (got, want)) in report.expected.iter().zip(&expected).enumerate() {
        assert_eq!(got, want, "step {}: {}", index + 1, steps[index]);
    }
    assert_eq!(report.expected.len(), steps.len());
}

// Checks that the fuzzer draws only the verification modes an implementation claims: an
// implementation that verifies only at the post office, and refuses the other modes as
// unknown, is fuzzed cleanly (it failed at case 1 choosing the postman before).
#[test]
fn a_one_mode_implementation_is_fuzzed_on_its_mode() {
    use idn_contract::capabilities::ModeKind;
    let mut target = Target::in_process(
        "post office only",
        |seed, outbound| defects::post_office_only(seed, outbound),
        root().join("scenarios"),
    );
    target.capabilities.verification_modes = vec![ModeKind::PostOffice];
    let outcome = fuzz::run(FuzzConfig::new(target, 200, 20260302));
    assert!(outcome.failure.is_none(), "{:?}", outcome.failure.map(|f| f.message));
    assert_eq!(outcome.cases_run, 200);
    assert!(outcome.steps_run > 200, "{} steps", outcome.steps_run);
}

// Checks that no drawn journey runs into the world's limit of virtual time: a limit
// reached is the harness's doing, not the implementation's (make fuzz-long found journeys
// of four 5-year waits).
#[test]
fn no_journey_outlives_the_worlds_limit() {
    use idn_harness::fuzz::step::{Modes, Step, Wait};
    use proptest::strategy::{Strategy, ValueTree};
    let strategy = idn_harness::fuzz::Model::strategy(Modes::ALL, 24);
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut most = 0;
    for _ in 0..3000 {
        let (_, steps, _) = strategy.new_tree(&mut runner).expect("a journey").current();
        let years = steps.iter().filter(|s| **s == Step::Wait(Wait::Years5)).count();
        let waited: i64 = (steps.iter())
            .filter_map(|s| if let Step::Wait(w) = s { Some(w.delta().num_days()) } else { None })
            .sum();
        assert!(years <= usize::from(idn_harness::fuzz::MAX_YEARS5_WAITS), "{steps:?}");
        assert!(waited < idn_harness::fuzz::MAX_VIRTUAL_DAYS - 366, "{waited} days: {steps:?}");
        most = most.max(years);
    }
    assert_eq!(most, usize::from(idn_harness::fuzz::MAX_YEARS5_WAITS), "the bound is reached");
}

// Checks that a campaign's outcome does not depend on how many threads play it: the same
// cases, the same counts, the same first failure shrunk to the same journey.
#[test]
fn the_threads_do_not_change_the_outcome() {
    let broken = crate::broken::all()
        .into_iter()
        .find(|b| b.name == "keeps the old smartphone active after a new activation")
        .expect("the broken implementation that keeps the old smartphone");
    let campaign = |target: &Target, jobs: usize| {
        let mut config = FuzzConfig::new(target.clone(), 120, 11);
        config.jobs = Some(jobs);
        config.max_shrink_iters = 256;
        let outcome = fuzz::run(config);
        let failure = outcome.failure.map(|f| (f.found_at_case, f.shrunk, f.message));
        (outcome.cases_run, outcome.steps_run, failure)
    };
    let one = campaign(&broken.target, 1);
    assert!(one.2.is_some(), "the defect is found in 120 cases");
    assert_eq!(campaign(&broken.target, 3), one);
    let clean = campaign(&reference(), 1);
    assert_eq!(clean.2, None);
    assert_eq!(campaign(&reference(), 2), clean);
}

/// Defects only the world events and attacks of the fuzzer reach (test code, beside the
/// deliberately broken implementations of `broken/`, whose plumbing they use).
mod defects {
    use crate::broken::sms_code;
    use crate::broken::{BoxFuture, Defect, PerClock, Sut, Tap, Wrapped, email_code, refused};
    use idn_contract::activation::{AppConfirmEmail, AppConfirmSms};
    use idn_contract::login::PendingRequests;
    use idn_contract::{
        CallError, ClockId, IdentityProvider, Outbound, RefusalCode, Reply, Request,
    };
    use std::collections::{BTreeMap, BTreeSet};
    use std::sync::Arc;

    /// Not a defect: an implementation that offers the post office only, and refuses the
    /// other modes as a request it does not know.
    pub fn post_office_only(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
        Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), PostOfficeOnly)
    }

    struct PostOfficeOnly;

    impl Defect for PostOfficeOnly {
        fn handle<'a>(
            &'a self,
            sut: &'a Sut,
            clock: &'a ClockId,
            request: Request,
        ) -> BoxFuture<'a, Result<Reply, CallError>> {
            use idn_contract::verification::VerificationMode;
            Box::pin(async move {
                match &request {
                    Request::VerificationChoose(choose)
                        if !matches!(choose.mode, VerificationMode::PostOffice) =>
                    {
                        let unknown = idn_contract::Refusal::new(
                            RefusalCode::InvalidRequest,
                            "Seul le bureau de poste est proposé.",
                        );
                        Err(CallError::Refused(unknown))
                    }
                    _ => sut.call(clock, request).await,
                }
            })
        }
    }

    /// Breaks AUTH-04: the app opened by hand lists no pending request.
    pub fn no_pending_list(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
        Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), NoPendingList)
    }

    struct NoPendingList;

    impl Defect for NoPendingList {
        fn handle<'a>(
            &'a self,
            sut: &'a Sut,
            clock: &'a ClockId,
            request: Request,
        ) -> BoxFuture<'a, Result<Reply, CallError>> {
            Box::pin(async move {
                match sut.call(clock, request).await {
                    Ok(Reply::PendingRequests(_)) => {
                        Ok(Reply::PendingRequests(PendingRequests { requests: Vec::new() }))
                    }
                    other => other,
                }
            })
        }
    }

    /// Breaks FRAUD-02: « Nouveau numéro » needs no proof from the account's mailbox (the
    /// wrapper types the e-mailed code itself before the secret code).
    pub fn no_email_proof(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
        let defect = NoEmailProof { codes: PerClock::new() };
        Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), defect)
    }

    struct NoEmailProof {
        /// The e-mail code of each challenge.
        codes: PerClock<BTreeMap<String, String>>,
    }

    impl Defect for NoEmailProof {
        fn handle<'a>(
            &'a self,
            sut: &'a Sut,
            clock: &'a ClockId,
            request: Request,
        ) -> BoxFuture<'a, Result<Reply, CallError>> {
            Box::pin(async move {
                match request {
                    Request::AppNewNumber(op) => {
                        let id = op.challenge.to_string();
                        let (reply, sent) = sut.watched(clock, op.into()).await;
                        if let Some(code) = email_code(&sent) {
                            self.codes.with(clock, |codes| codes.insert(id, code));
                        }
                        reply
                    }
                    Request::AppSetPin(op) => {
                        let id = op.challenge.to_string();
                        if let Some(code) = self.codes.with(clock, |codes| codes.remove(&id)) {
                            let proof = AppConfirmEmail { challenge: op.challenge.clone(), code };
                            let _ = sut.quiet(clock, proof.into()).await;
                        }
                        sut.call(clock, op.into()).await
                    }
                    other => sut.call(clock, other).await,
                }
            })
        }
    }

    /// Breaks ACC-08's « used once »: an SMS code the person already used confirms a later
    /// challenge (the wrapper swaps in the code of the challenge).
    pub fn reused_sms_code(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
        let defect = ReusedSmsCode { state: PerClock::new() };
        Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), defect)
    }

    struct ReusedSmsCode {
        /// Each challenge's SMS code, and the codes used.
        state: PerClock<(BTreeMap<String, String>, BTreeSet<String>)>,
    }

    impl Defect for ReusedSmsCode {
        fn handle<'a>(
            &'a self,
            sut: &'a Sut,
            clock: &'a ClockId,
            request: Request,
        ) -> BoxFuture<'a, Result<Reply, CallError>> {
            Box::pin(async move {
                match request {
                    Request::AppStart(op) => {
                        let (reply, sent) = sut.watched(clock, op.into()).await;
                        if let (Ok(Reply::AppChallenge(c)), Some(code)) = (&reply, sms_code(&sent))
                        {
                            let id = c.challenge.to_string();
                            self.state.with(clock, |(codes, _)| codes.insert(id, code));
                        }
                        reply
                    }
                    Request::AppConfirmSms(op) => {
                        let reply = sut.call(clock, op.clone().into()).await;
                        let (id, typed) = (op.challenge.to_string(), op.code.clone());
                        if reply.is_ok() {
                            self.state.with(clock, |(_, used)| used.insert(typed));
                            return reply;
                        }
                        let own = self.state.with(clock, |(codes, used)| {
                            used.contains(&typed).then(|| codes.get(&id).cloned()).flatten()
                        });
                        match own {
                            Some(code) if refused(&reply, RefusalCode::CodeInvalid) => {
                                let again = AppConfirmSms { challenge: op.challenge, code };
                                sut.call(clock, again.into()).await
                            }
                            _ => reply,
                        }
                    }
                    other => sut.call(clock, other).await,
                }
            })
        }
    }
}

// Checks that the fuzzer's world events and attacks catch what only they reach: an app
// that does not list the pending request (the lost notification), « Nouveau numéro »
// without the e-mail proof (the attacker who knows the last 4 characters), a used SMS
// code taken again (the replayed code). Each is found, shrunk to a short journey that
// contains the step, and its feature fails against it and passes against the reference.
#[test]
fn the_world_events_and_attacks_catch_their_defects() {
    use idn_harness::fuzz::step::Step;
    type Make = fn(
        u64,
        std::sync::Arc<dyn idn_contract::Outbound>,
    ) -> std::sync::Arc<dyn idn_contract::IdentityProvider>;
    /// The step that must be in the shrunk journey.
    type Reaches = fn(&Step) -> bool;
    let cases: [(&str, Make, &str, Reaches); 3] = [
        ("lists no pending request in the app", defects::no_pending_list, "AUTH-04", |s| {
            matches!(s, Step::LoginUnnotified { .. })
        }),
        ("asks no e-mail proof for a new number", defects::no_email_proof, "FRAUD-02", |s| {
            matches!(s, Step::NewNumberAttack)
        }),
        ("takes a used SMS code again", defects::reused_sms_code, "ACC-08", |s| {
            matches!(s, Step::Activate { sms: idn_model::oracle::Typing::Reused, .. })
        }),
    ];
    let mut figures = Vec::new();
    for (name, make, requirement, step_of) in cases {
        let target = Target::in_process(name, make, root().join("scenarios"));
        let (failure, figure) = finds_and_shrinks(name, &target, &[requirement]);
        assert!(failure.shrunk.iter().any(step_of), "« {name} »:\n{}", failure.feature_text);
        figures.push(figure);
    }
    println!("{}", figures.join("\n"));
}

// Checks that a failure is persisted in the regressions file and replayed first by the
// next campaign, whatever its seed: the committed file keeps a found bug found.
#[test]
fn a_failure_is_persisted_and_replayed_first() {
    let broken = crate::broken::all()
        .into_iter()
        .find(|b| b.name == "accepts 1234 as a secret code")
        .expect("the broken implementation that accepts 1234");
    let file =
        std::env::temp_dir().join(format!("idn-fuzz-regressions-{}.txt", std::process::id()));
    let _ = std::fs::remove_file(&file);
    let campaign = |seed: u64| {
        let mut config = FuzzConfig::new(broken.target.clone(), 300, seed);
        config.regressions_file = Some(file.clone());
        fuzz::run(config).failure.expect("the fuzzer finds the defect")
    };
    let first = campaign(20260302);
    assert!(first.found_at_case > 1, "found at case {}", first.found_at_case);
    let persisted = std::fs::read_to_string(&file).expect("the regressions file is written");
    assert!(persisted.lines().any(|l| l.starts_with("cc ")), "{persisted}");
    let again = campaign(7);
    assert_eq!(again.found_at_case, 1, "the persisted case runs first");
    assert_eq!(again.shrunk, first.shrunk, "and shrinks to the same journey");
    let _ = std::fs::remove_file(&file);
}

// Checks that the fuzzer drives an implementation over HTTP as it does in-process: the
// reference served on loopback passes a short campaign, with its outbound messages routed
// back to each case's world.
#[test]
fn a_short_campaign_over_http() {
    use idn_reference::server::{self, Unrouted};
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        runtime.block_on(async move {
            let config = idn_reference::ReferenceConfig::default();
            let reference =
                idn_reference::Reference::in_memory(config, std::sync::Arc::new(Unrouted))
                    .expect("an in-memory store");
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
            let url = format!("http://{}", listener.local_addr().expect("an address"));
            let _ = send.send(url);
            server::serve(listener, std::sync::Arc::new(reference), std::future::pending()).await
        })
    });
    let url = receive.recv().expect("the server's address");
    let timeout = std::time::Duration::from_secs(5);
    let target =
        idn_harness::remote::http_target_on_own_thread(&url, "", timeout, root().join("scenarios"))
            .expect("the served reference is a target");
    let outcome = fuzz::run(FuzzConfig::new(target, 8, 20260302));
    assert!(outcome.failure.is_none(), "{:?}", outcome.failure.map(|f| f.message));
    assert_eq!(outcome.cases_run, 8);
    assert!(outcome.steps_run > 8, "{} steps", outcome.steps_run);
}
