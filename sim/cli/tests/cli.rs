//! The `idn-sim` binary as a person and CI use it: exit codes, messages, determinism.

use std::path::PathBuf;
use std::process::{Command, Output};

fn idn_sim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_idn-sim")).args(args).output().expect("idn-sim runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A file under the system's temp dir, unique to this test, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("idn-sim-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, text).expect("temp file");
        Self(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("a UTF-8 temp path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The demo's output without its one wall-clock line.
fn without_wall_time(text: &str) -> String {
    text.lines().filter(|l| !l.contains("wall milliseconds")).collect::<Vec<_>>().join("\n")
}

// Checks that the demo passes both journeys with exit code 0, and that one seed gives the
// same output twice (but for the wall time) while another seed gives another run.
#[test]
fn demo_passes_and_one_seed_gives_one_output() {
    let first = idn_sim(&["demo", "--seed", "7"]);
    assert_eq!(first.status.code(), Some(0), "{}{}", stdout(&first), stderr(&first));
    let text = stdout(&first);
    assert!(text.contains("Both journeys passed."), "{text}");
    assert!(text.contains("Identification réussie"), "{text}");
    assert!(text.contains("virtual days in"), "{text}");
    let second = idn_sim(&["demo", "--seed", "7"]);
    assert_eq!(without_wall_time(&text), without_wall_time(&stdout(&second)));
    let other = idn_sim(&["demo", "--seed", "8"]);
    assert_ne!(without_wall_time(&text), without_wall_time(&stdout(&other)));
}

// Checks that a policy profile is applied and printed, and that a bad one is refused with
// exit code 2 and a message naming the file and the key, without a panic.
#[test]
fn policy_profiles_are_applied_or_refused_naming_file_and_key() {
    let fast = TempFile::new("fast.toml", "name = \"fast\"\nsms_code_ttl_s = 120\n");
    let ok = idn_sim(&["demo", "--seed", "3", "--policy", fast.path()]);
    assert_eq!(ok.status.code(), Some(0), "{}{}", stdout(&ok), stderr(&ok));
    assert!(stdout(&ok).contains("policy \"fast\""), "{}", stdout(&ok));

    let bad = TempFile::new("bad.toml", "sms_code_ttl_s = 120\npin_max_tries = 3\n");
    let refused = idn_sim(&["demo", "--policy", bad.path()]);
    assert_eq!(refused.status.code(), Some(2));
    let message = stderr(&refused);
    assert!(message.contains(bad.path()) && message.contains("pin_max_tries"), "{message}");
    assert!(!message.contains("panicked"), "{message}");

    let missing = idn_sim(&["demo", "--policy", "/nonexistent/profile.toml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("/nonexistent/profile.toml"), "{}", stderr(&missing));
}

// Checks that a usage error exits with code 2 and says what is wrong.
#[test]
fn usage_errors_exit_with_code_2() {
    let output = idn_sim(&["demo", "--seed", "not-a-number"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--seed"), "{}", stderr(&output));
}

/// The repository's root, where `features/` and `scenarios/` are.
fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn idn_sim_in_repository(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_idn-sim"))
        .args(args)
        .current_dir(repository())
        .output()
        .expect("idn-sim runs")
}

// Checks that certify runs a subset of the suite against the embedded reference and
// passes, writing its reports where it is told.
#[test]
fn certify_runs_a_subset_against_the_embedded_reference() {
    let reports = std::env::temp_dir().join(format!("idn-sim-certify-{}", std::process::id()));
    let reports_arg = reports.to_str().expect("a UTF-8 temp path").to_string();
    let output =
        idn_sim_in_repository(&["certify", "--tags", "@MGT-05", "--reports", &reports_arg]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    assert!(
        stdout(&output).contains("scenarios (") && stdout(&output).contains("passed"),
        "{}",
        stdout(&output)
    );
    assert!(
        ["junit.xml", "cucumber.json", "report.json", "index.html"]
            .iter()
            .all(|f| reports.join(f).exists())
    );
    assert!(stdout(&output).contains("index.html"), "{}", stdout(&output));
    let _ = std::fs::remove_dir_all(&reports);
}

// Checks the expected failures file at the command's edge: a listed scenario that passes
// fails the run (exit 1) naming it, and a malformed file is a usage error (exit 2) naming
// its line.
#[test]
fn certify_reads_the_expected_failures_file() {
    let reports = std::env::temp_dir().join(format!("idn-sim-expected-{}", std::process::id()));
    let reports_arg = reports.to_str().expect("a UTF-8 temp path").to_string();
    let stale = TempFile::new(
        "stale.toml",
        "[[expected_failure]]\nscenario = \"features/telephone-perdu.feature:19\"\nreason = \"IDP-1\"\n",
    );
    let run = |file: &str| {
        idn_sim_in_repository(&[
            "certify",
            "--quiet",
            "--tags",
            "@MGT-05",
            "--reports",
            &reports_arg,
            "--expected-failures",
            file,
        ])
    };
    let output = run(stale.path());
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}{}", stderr(&output));
    assert!(text.contains("Result: failed"), "{text}");
    assert!(text.contains("STALE EXPECTED FAILURE features/telephone-perdu.feature:19"), "{text}");
    let bad = TempFile::new("bad.toml", "[[expected_failure]]\nscenario = \"x\"\n");
    let output = run(bad.path());
    assert_eq!(output.status.code(), Some(2), "{}{}", stdout(&output), stderr(&output));
    assert!(stderr(&output).contains(&format!("{}:1: missing field `reason`", bad.path())));
    let _ = std::fs::remove_dir_all(&reports);
}

// Checks that fuzzing a target where nothing answers is a usage error (exit 2) naming it.
#[test]
fn fuzz_against_a_dead_target_names_it_and_exits_2() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("an address");
    drop(listener);
    let target = format!("http://{addr}");
    let output = idn_sim_in_repository(&["fuzz", "--cases", "2", "--target", &target]);
    assert_eq!(output.status.code(), Some(2), "{}{}", stdout(&output), stderr(&output));
    assert!(stderr(&output).contains(&target), "{}", stderr(&output));
}

// Checks that certifying a target where nothing answers is a clear usage error (exit 2)
// naming the target and the request, not a hang or a panic.
#[test]
fn certify_against_a_dead_target_names_it_and_exits_2() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("an address");
    drop(listener);
    let target = format!("http://{addr}");
    let output = idn_sim_in_repository(&["certify", "--target", &target]);
    assert_eq!(output.status.code(), Some(2), "{}{}", stdout(&output), stderr(&output));
    let message = stderr(&output);
    assert!(message.contains(&target) && message.contains("GET /v1/capabilities"), "{message}");
    assert!(!message.contains("panicked"), "{message}");
}

// Checks that serve refuses an address already in use with exit 2 and says so.
#[test]
fn serve_on_a_busy_address_exits_2() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = busy.local_addr().expect("an address").to_string();
    let store = std::env::temp_dir().join(format!("idn-sim-busy-{}.sqlite", std::process::id()));
    let output = idn_sim(&["serve", "--addr", &addr, "--store", store.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(2), "{}{}", stdout(&output), stderr(&output));
    assert!(stderr(&output).contains(&addr), "{}", stderr(&output));
    let _ = std::fs::remove_file(&store);
}
