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
