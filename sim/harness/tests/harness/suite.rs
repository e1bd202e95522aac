//! The suite on bad input: a syntax error, an unknown step and an unknown world set-up
//! each give a message naming the file and the line, and the run fails.

use idn_harness::suite::Suite;
use idn_harness::target::Target;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A folder under the system's temp dir for this test, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("idn-suite-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("features")).expect("a temp dir");
        Self(dir)
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.0.join("features").join(name), text).expect("a temp feature");
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What cucumber writes, kept for the test to read.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("not poisoned").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn suite(dir: &Path) -> Suite {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    Suite {
        features: dir.join("features"),
        reports: dir.join("reports"),
        root: dir.to_path_buf(),
        target: Target::in_process(
            "embedded reference",
            |seed, outbound| idn_reference::embedded(seed)(outbound),
            root.join("scenarios"),
        ),
        tags: None,
        scenario: None,
        seed: 1,
    }
}

// Checks that each kind of bad input names its file and line, that the run fails, and
// that the reports are still written.
#[tokio::test]
async fn bad_features_are_reported_with_file_and_line() {
    let dir = TempDir::new("bad");
    dir.write(
        "a_good.feature",
        "# language: fr\nFonctionnalité: bonne\n  @ACC-01\n  Scénario: une personne\n    Soit Camille\n",
    );
    dir.write(
        "b_unknown_step.feature",
        "# language: fr\nFonctionnalité: inconnue\n  @ACC-01\n  Scénario: une danse\n    Soit Camille\n    Quand Camille danse la polka\n",
    );
    dir.write(
        "c_unknown_world.feature",
        "# language: fr\nFonctionnalité: monde\n  @ACC-01\n  Scénario: nulle part\n    Soit le monde « nulle part »\n",
    );
    dir.write(
        "d_syntax.feature",
        "# language: fr\nFonctionnalité: syntaxe\n  Scénario sans deux-points\n",
    );
    let out = Captured::default();
    let suite = suite(&dir.0);
    let target = suite.target.clone();
    let outcome = suite.run(out.clone(), false).await.expect("the reports are writable");
    let text = String::from_utf8(out.0.lock().expect("not poisoned").clone()).expect("UTF-8");

    assert!(!outcome.passed, "{text}");
    assert_eq!(outcome.syntax_errors.len(), 1, "{:?}", outcome.syntax_errors);
    assert!(
        outcome.syntax_errors[0]
            .starts_with("features/d_syntax.feature: syntax error: Error at 3:"),
        "{:?}",
        outcome.syntax_errors
    );
    assert!(
        text.contains("b_unknown_step.feature:6:5")
            && text.contains("Step doesn't match any function"),
        "{text}"
    );
    assert!(text.contains("c_unknown_world.feature:5:5"), "{text}");
    assert!(
        text.contains(
            "no world set-up named « nulle part »: expected the file scenarios/nulle-part.toml"
        ),
        "{text}"
    );
    assert!(text.contains("1 passed"), "the good scenario still runs and passes:\n{text}");
    assert!(dir.0.join("reports/cucumber.json").exists());
    // The report is still written, and says that a feature did not parse.
    let report = idn_harness::certification::of_run(&outcome, &target, 1, None);
    assert_eq!(report.result, idn_report::RunResult::Failed);
    assert!(report.syntax_errors.iter().any(|e| e.starts_with("features/d_syntax.feature:")));
    idn_report::write(&dir.0.join("reports"), &report).expect("the report is written");
    assert!(
        ["report.json", "index.html", "junit.xml"].iter().all(|f| dir
            .0
            .join("reports")
            .join(f)
            .exists())
    );
}

// Checks that a refusal no step checked fails its scenario, naming the step and the code.
#[tokio::test]
async fn an_unchecked_refusal_fails_the_scenario() {
    let dir = TempDir::new("unchecked");
    dir.write(
        "refus.feature",
        "# language: fr\nFonctionnalité: refus\n  @AUTH-05\n  Scénario: un code faux que personne ne vérifie\n    Soit Camille\n    Et Camille a activé son Identité Numérique sur son smartphone\n    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile\n    Et Camille ouvre l'application et saisit le code secret « 0000 »\n",
    );
    let out = Captured::default();
    let outcome = suite(&dir.0).run(out.clone(), false).await.expect("the reports are writable");
    let text = String::from_utf8(out.0.lock().expect("not poisoned").clone()).expect("UTF-8");
    assert!(!outcome.passed, "{text}");
    assert!(
        text.contains("was refused with `pin_wrong`") && text.contains("no step checked it"),
        "{text}"
    );
}

/// A server that says it is ready, then answers 500 to everything; abort its task to make
/// it die.
async fn misbehaving_server() -> (String, tokio::task::JoinHandle<()>) {
    use axum::routing::{any, get};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let capabilities =
        serde_json::to_value(idn_contract::capabilities::Capabilities::everything("broken", "0"))
            .expect("capabilities serialize");
    let app = axum::Router::new()
        .route(
            idn_contract::http::CAPABILITIES_PATH,
            get(move || async move { axum::Json(capabilities) }),
        )
        .fallback(any(|| async { (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "boom") }));
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, task)
}

fn http_suite(
    dir: &Path,
    url: &str,
    loopback: Arc<idn_harness::loopback::Loopback>,
) -> impl std::future::Future<Output = Suite> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let (dir, url) = (dir.to_path_buf(), url.to_string());
    async move {
        let timeout = std::time::Duration::from_millis(500);
        let target =
            idn_harness::remote::http_target(&url, "", timeout, loopback, root.join("scenarios"))
                .await
                .expect("the server says it is ready");
        Suite { target, ..suite(&dir) }
    }
}

const TWO_SCENARIOS: &str = "# language: fr\nFonctionnalité: deux\n  @ACC-01\n  Scénario: premier\n    Soit Camille\n    Et Camille a créé son compte La Poste\n\n  @ACC-01\n  Scénario: second\n    Soit Camille\n    Et Camille a créé son compte La Poste\n";

// Checks that an implementation answering 500 fails each scenario with a finding naming
// the request and the status, that every scenario still runs, and that the run fails.
#[tokio::test]
async fn a_server_answering_500_fails_every_scenario_and_the_run_goes_on() {
    let dir = TempDir::new("http500");
    dir.write("deux.feature", TWO_SCENARIOS);
    let (url, _server) = misbehaving_server().await;
    let loopback = Arc::new(idn_harness::loopback::Loopback::start().await.expect("loopback"));
    let out = Captured::default();
    let outcome =
        http_suite(&dir.0, &url, loopback).await.run(out.clone(), false).await.expect("reports");
    let text = String::from_utf8(out.0.lock().expect("not poisoned").clone()).expect("UTF-8");
    assert!(!outcome.passed, "{text}");
    assert!(
        text.contains("POST /v1/ops/TestClockCreate") && text.contains("unexpected status 500"),
        "{text}"
    );
    assert!(text.contains("2 scenarios (2 failed)"), "{text}");
}

// Checks that a server dying in the middle of a run (its task aborted after the first
// scenario) gives a transport finding for the next scenario, and the run ends failed.
#[tokio::test]
async fn a_server_dying_mid_run_is_a_finding_not_a_hang() {
    let dir = TempDir::new("dying");
    dir.write("deux.feature", TWO_SCENARIOS);
    let (url, server) = misbehaving_server().await;
    let loopback = Arc::new(idn_harness::loopback::Loopback::start().await.expect("loopback"));
    let suite = http_suite(&dir.0, &url, loopback).await;
    server.abort();
    let out = Captured::default();
    let run =
        tokio::time::timeout(std::time::Duration::from_secs(30), suite.run(out.clone(), false));
    let outcome = run.await.expect("the run ends on its own").expect("reports");
    let text = String::from_utf8(out.0.lock().expect("not poisoned").clone()).expect("UTF-8");
    assert!(!outcome.passed, "{text}");
    assert!(text.contains("transport failure"), "{text}");
    assert!(text.contains("2 scenarios (2 failed)"), "{text}");
}

/// A server that answers only its capability document.
async fn claiming(
    capabilities: idn_contract::capabilities::Capabilities,
) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let document = serde_json::to_value(capabilities).expect("capabilities serialize");
    let app = axum::Router::new().route(
        idn_contract::http::CAPABILITIES_PATH,
        axum::routing::get(move || async move { axum::Json(document) }),
    );
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, task)
}

// Checks that the capability document decides how the suite runs: without concurrent
// clocks, one scenario at a time; without a test clock, no run at all, with a reason.
#[tokio::test]
async fn the_capability_document_decides_how_the_suite_runs() {
    use idn_contract::capabilities::Capabilities;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join("scenarios");
    let loopback = Arc::new(idn_harness::loopback::Loopback::start().await.expect("loopback"));
    let timeout = std::time::Duration::from_millis(500);

    let mut sequential = Capabilities::everything("one-at-a-time", "1");
    sequential.test_features.concurrent_clocks = false;
    let (url, _a) = claiming(sequential).await;
    let target =
        idn_harness::remote::http_target(&url, "", timeout, loopback.clone(), root.clone()).await;
    assert!(target.expect("a usable target").one_at_a_time);

    let mut clockless = Capabilities::everything("clockless", "1");
    clockless.test_features.test_clock = false;
    let (url, _b) = claiming(clockless).await;
    let refused = idn_harness::remote::http_target(&url, "", timeout, loopback, root).await;
    let Err(message) = refused else { panic!("a target without a test clock was accepted") };
    assert!(message.contains("does not offer the test clock"), "{message}");
}

// Checks that a scenario needing a mode the implementation does not claim is not run and
// is reported not applicable, while the others run, and that the requirement only it
// checks is "not applicable" in the matrix (not "not run"); and that an untagged use of a
// mode fails its scenario, so the tags stay true.
#[tokio::test]
async fn unclaimed_modes_are_not_applicable_and_tags_must_be_true() {
    use idn_contract::capabilities::ModeKind;
    let dir = TempDir::new("capabilities");
    dir.write(
        "modes.feature",
        "# language: fr\nFonctionnalité: modes\n  @VER-04 @mode-postman\n  Scénario: avec le facteur\n    Soit Camille\n    Et Camille a déclaré son identité\n\n  @ACC-01\n  Scénario: au bureau de poste, sans le dire\n    Soit Camille\n    Et l'identité de Camille est vérifiée\n",
    );
    let mut without_postman = suite(&dir.0);
    without_postman.target.capabilities.verification_modes.retain(|m| *m != ModeKind::Postman);
    let target = without_postman.target.clone();
    let out = Captured::default();
    let outcome = without_postman.run(out.clone(), false).await.expect("reports");
    let text = String::from_utf8(out.0.lock().expect("not poisoned").clone()).expect("UTF-8");
    assert!(outcome.passed, "the fast-forward's own choice of mode needs no tag:\n{text}");
    assert_eq!(outcome.not_applicable.len(), 1, "{:?}", outcome.not_applicable);
    assert!(
        outcome.not_applicable[0].name.contains("avec le facteur")
            && outcome.not_applicable[0].needs == [idn_report::Need::Postman]
    );
    let report = idn_harness::certification::of_run(&outcome, &target, 1, None);
    let status = |id: &str| report.requirements.iter().find(|r| r.id == id).map(|r| r.status);
    assert_eq!(status("VER-04"), Some(idn_report::RequirementStatus::NotApplicable));
    assert_eq!(status("ACC-01"), Some(idn_report::RequirementStatus::Passed));
    assert_eq!(report.counts.requirements_not_applicable, 1);

    dir.write(
        "untagged.feature",
        "# language: fr\nFonctionnalité: sans étiquette\n  @ACC-01\n  Scénario: choisit le bureau de poste sans le dire\n    Soit Camille\n    Et Camille a déclaré son identité\n    Quand Camille opte pour le passage en bureau de poste\n",
    );
    let out = Captured::default();
    let outcome = suite(&dir.0).run(out.clone(), false).await.expect("reports");
    let text = String::from_utf8(out.0.lock().expect("not poisoned").clone()).expect("UTF-8");
    assert!(!outcome.passed && text.contains("add @mode-post-office"), "{text}");
}

// Checks that a run keeps, for every scenario, what a report needs: its place, seed,
// failure and trace, ordered by file and line; and that one seed gives the same records,
// byte for byte, however the scenarios interleaved.
#[tokio::test]
async fn every_scenario_is_recorded_the_same_for_one_seed() {
    let dir = TempDir::new("records");
    dir.write(
        "records.feature",
        "# language: fr\nFonctionnalité: traces\n  @ACC-01\n  Scénario: un compte\n    Soit Camille\n    Et Camille a créé son compte La Poste\n\n  @AUTH-05\n  Scénario: un code faux\n    Soit Camille\n    Et Camille a activé son Identité Numérique sur son smartphone\n    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile\n    Et Camille ouvre l'application et saisit le code secret « 0000 »\n    Alors la demande est acceptée\n",
    );
    let run = || async { suite(&dir.0).run(Captured::default(), false).await.expect("reports") };
    let first = run().await;
    let lines: Vec<(usize, bool)> =
        first.scenarios.iter().map(|s| (s.line, s.failure.is_none())).collect();
    assert_eq!(lines, vec![(4, true), (9, false)]);
    // The failure keeps what the check expected and what it observed, apart.
    let failure = first.scenarios[1].failure.clone().expect("the second scenario failed");
    assert_eq!(failure.expected.as_deref(), Some("an acceptance"));
    assert!(failure.observed.contains("pin_wrong"), "{failure:?}");
    assert!(first.scenarios.iter().all(|s| s.timeline.len() > 10 && !s.narrative.is_empty()));
    assert!(first.scenarios == run().await.scenarios, "one seed, one record");
}

// Checks the report of a run with a failure: the core verdict is "not conformant" because
// of that scenario, the matrix marks its requirement failed and the other passed, the
// failure carries the command that replays it, and one seed gives the same report.json.
#[tokio::test]
async fn the_report_says_what_failed_why_and_how_to_replay_it() {
    use idn_harness::certification;
    use idn_report as report;
    let dir = TempDir::new("report");
    dir.write(
        "report.feature",
        "# language: fr\nFonctionnalité: rapport\n  @ACC-01\n  Scénario: un compte\n    Soit Camille\n    Et Camille a créé son compte La Poste\n\n  @AUTH-05\n  Scénario: un code faux accepté\n    Soit Camille\n    Et Camille a activé son Identité Numérique sur son smartphone\n    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile\n    Et Camille ouvre l'application et saisit le code secret « 0000 »\n    Alors la demande est acceptée\n",
    );
    let policy = ("default".to_string(), "name = \"default\"\n".to_string());
    let build = || async {
        let suite = suite(&dir.0);
        let target = suite.target.clone();
        let outcome = suite.run(Captured::default(), false).await.expect("reports");
        let cx = certification::default_context(&target, 1, &policy, "2026-03-02T08:00:00+00:00");
        report::to_json(&report::build(&outcome, &cx))
    };
    let json = build().await;
    let value: serde_json::Value = serde_json::from_str(&json).expect("report.json is JSON");
    let core = &value["verdicts"][0];
    assert_eq!(
        (core["profile"].as_str(), core["status"].as_str()),
        (Some("core"), Some("not conformant"))
    );
    assert!(
        core["because"].as_str().unwrap_or_default().contains("features/report.feature:9"),
        "{core}"
    );
    let status = |id: &str| {
        let rows = value["requirements"].as_array().expect("a matrix");
        rows.iter()
            .find(|r| r["id"] == id)
            .map(|r| r["status"].as_str().unwrap_or_default().to_string())
    };
    assert_eq!(status("AUTH-05").as_deref(), Some("failed"));
    assert_eq!(status("ACC-01").as_deref(), Some("passed"));
    assert_eq!(status("MGT-05").as_deref(), Some("not run"));
    assert_eq!(status("DATA-01").as_deref(), Some("not exercisable"));
    let failed = &value["scenarios"][1];
    let failure = &failed["failure"];
    assert_eq!(failure["step"], "14: Alors la demande est acceptée", "{failure}");
    // What the check expected, apart from what it observed (not the step's sentence again).
    assert_eq!(failure["expected"], "an acceptance");
    let observed = failure["observed"].as_str().unwrap_or_default();
    assert!(observed.starts_with("« Et Camille ouvre l'application et saisit le code secret « 0000 » » was refused with `pin_wrong`"), "{failure}");
    assert_eq!(failure["requirements"], serde_json::json!([]), "{failure}");
    let exchanges = failure["last_exchanges"].as_array().expect("the last exchanges");
    assert_eq!(exchanges.len(), report::LAST_EXCHANGES);
    assert!(exchanges.iter().all(|e| e["from"] == "idp" || e["to"] == "idp"), "{exchanges:?}");
    assert!(exchanges.iter().any(|e| e["what"] == "refused"), "{exchanges:?}");
    let statuses: Vec<&str> =
        failed["steps"].as_array().unwrap().iter().map(|s| s["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["passed", "passed", "passed", "passed", "failed"]);
    assert_eq!(failed["replay"], "idn-sim certify --seed 1 --scenario 'un code faux accepté'");
    assert!(failed["timeline"].as_array().is_some_and(|t| t.len() > 10));
    assert_eq!(json, build().await, "one seed, one report.json");
}

// Checks the expected failures file: a listed failure becomes a warning and the run
// passes with known deviations; a listed scenario that passes is stale and fails the run;
// an entry that matches nothing is reported; junit.xml says the same.
#[tokio::test]
async fn expected_failures_turn_into_warnings_and_stale_entries_fail() {
    use idn_harness::certification;
    use idn_report::{self as report, ExpectedFailures, ScenarioStatus};
    let dir = TempDir::new("expected");
    dir.write(
        "known.feature",
        "# language: fr\nFonctionnalité: connu\n  @ACC-01\n  Scénario: un compte\n    Soit Camille\n    Et Camille a créé son compte La Poste\n\n  @AUTH-05\n  Scénario: un code faux accepté\n    Soit Camille\n    Et Camille a activé son Identité Numérique sur son smartphone\n    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile\n    Et Camille ouvre l'application et saisit le code secret « 0000 »\n    Alors la demande est acceptée\n",
    );
    let suite = suite(&dir.0);
    let target = suite.target.clone();
    let outcome = suite.run(Captured::default(), false).await.expect("reports");
    let with = |text: &str| {
        let file = ExpectedFailures::parse("known.toml", text).expect("a good file");
        certification::of_run(&outcome, &target, 1, Some(&file))
    };
    let deviation =
        "[[expected_failure]]\nscenario = \"features/known.feature:9\"\nreason = \"IDP-7\"\n";
    let known = with(deviation);
    assert_eq!(known.result, report::RunResult::PassedWithKnownDeviations);
    assert!(known.passed());
    assert_eq!((known.counts.failed, known.counts.expected_failures), (0, 1));
    assert_eq!(known.scenarios[1].status, ScenarioStatus::ExpectedFailure);
    assert_eq!(known.scenarios[1].known_deviation.as_deref(), Some("IDP-7"));
    assert!(known.verdicts[0].because.contains("known deviations"), "{:?}", known.verdicts[0]);
    let junit = report::junit::render(&known);
    assert!(junit.contains("tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"1\""), "{junit}");
    let stale = with(&format!(
        "{deviation}[[expected_failure]]\nscenario = \"un compte\"\nreason = \"IDP-8\"\n\
         [[expected_failure]]\nscenario = \"features/gone.feature:3\"\nreason = \"IDP-9\"\n"
    ));
    assert_eq!(stale.result, report::RunResult::Failed);
    assert!(!stale.passed());
    assert_eq!(stale.scenarios[0].status, ScenarioStatus::StaleExpectedFailure);
    assert_eq!(stale.counts.stale, 1);
    assert_eq!(stale.unmatched_expected_failures, ["known.toml:8: features/gone.feature:3"]);
    let junit = report::junit::render(&stale);
    assert!(junit.contains("type=\"stale expected failure\""), "{junit}");
    let plain = certification::of_run(&outcome, &target, 1, None);
    assert_eq!((plain.result.as_str(), plain.counts.failed), ("failed", 1));
    let junit = report::junit::render(&plain);
    assert!(
        junit.contains("<failure message=\"")
            && junit.contains("expected: an acceptance\nobserved: « Et Camille ouvre"),
        "{junit}"
    );
}
