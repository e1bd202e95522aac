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

/// `idn-sim serve` started on a port the system chooses, killed when dropped.
struct Served {
    child: std::process::Child,
    /// What it printed before serving: the address, the issuer, the warnings.
    banner: String,
    addr: String,
    store: Option<PathBuf>,
}

impl Served {
    /// `serve` on a store of its own.
    fn start(name: &str, extra: &[&str]) -> Served {
        let store = std::env::temp_dir()
            .join(format!("idn-sim-serve-{name}-{}.sqlite", std::process::id()));
        let _ = std::fs::remove_file(&store);
        let store_arg = store.to_str().expect("UTF-8").to_string();
        let mut args = vec!["--store", store_arg.as_str()];
        args.extend_from_slice(extra);
        let mut served = Served::spawn(&args);
        served.store = Some(store);
        served
    }

    /// `serve` with `args`, once it printed the line that says it takes requests (the
    /// default clock's, or the sandbox's "ready").
    fn spawn(args: &[&str]) -> Served {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_idn-sim"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("idn-sim serve starts");
        let mut lines = std::io::BufReader::new(child.stdout.take().expect("its stdout")).lines();
        let mut banner = String::new();
        loop {
            let line = lines.next().expect("a banner line").expect("UTF-8");
            banner.push_str(&line);
            banner.push('\n');
            if line.contains("requests without a test clock") || line.contains("sandbox ready") {
                break;
            }
        }
        let addr = banner
            .split("listening on http://")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .expect("the address listened on")
            .to_string();
        Served { child, banner, addr, store: None }
    }

    /// One HTTP/1.1 request, its status and body (the server closes after it).
    fn request(&self, method: &str, path: &str, headers: &[&str], body: &str) -> (u16, String) {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.addr).expect("connects");
        stream.set_read_timeout(Some(std::time::Duration::from_secs(5))).expect("a timeout");
        let mut text = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for header in headers {
            text.push_str(header);
            text.push_str("\r\n");
        }
        text.push_str("\r\n");
        text.push_str(body);
        stream.write_all(text.as_bytes()).expect("sends");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("reads the answer");
        let status = answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let body = answer.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
        (status, body)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(store) = &self.store {
            let _ = std::fs::remove_file(store);
        }
    }
}

// Checks serve's issuer: by default `http://` and the address it listens on, in discovery
// and in every endpoint it lists; `--issuer` replaces it; and start-up says that the
// signing key is derived from a public seed (test only).
#[test]
fn serve_derives_its_issuer_from_its_address_or_takes_issuer() {
    let served = Served::start("issuer", &[]);
    let base = format!("http://{}", served.addr);
    assert!(served.banner.contains(&format!("issuer {base}\n")), "{}", served.banner);
    assert!(served.banner.contains("TEST ONLY: the signing key is derived from the seed"));
    let (status, discovery) = served.request("GET", "/.well-known/openid-configuration", &[], "");
    assert_eq!(status, 200, "{discovery}");
    assert!(discovery.contains(&format!(r#""issuer":"{base}""#)), "{discovery}");
    assert!(discovery.contains(&format!(r#""token_endpoint":"{base}/token""#)), "{discovery}");
    assert!(!discovery.contains("laposte.fr"), "{discovery}");

    let custom = Served::start("custom", &["--issuer", "https://idp.example.test/idn"]);
    assert!(custom.banner.contains("issuer https://idp.example.test/idn\n"));
    let (_, discovery) = custom.request("GET", "/.well-known/openid-configuration", &[], "");
    assert!(discovery.contains(r#""issuer":"https://idp.example.test/idn""#), "{discovery}");
    assert!(discovery.contains(r#""jwks_uri":"https://idp.example.test/idn/jwks""#), "{discovery}");

    for bad in ["ftp://x", "https://", "http://h/?q=1"] {
        let output = idn_sim(&[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--store",
            "/nonexistent/s",
            "--issuer",
            bad,
        ]);
        assert_eq!(output.status.code(), Some(2), "{bad}: {}", stderr(&output));
        assert!(stderr(&output).contains("bad --issuer"), "{bad}: {}", stderr(&output));
    }
}

// Checks `--default-clock`: a request without the clock header is on that clock (refused
// `clock_unknown` until it is created, then answered), and without the option such a
// request is refused 400.
#[test]
fn serve_gives_requests_without_a_clock_its_default_clock() {
    let served = Served::start("clock", &["--default-clock", "sandbox"]);
    assert!(served.banner.contains("requests without a test clock use sandbox"));
    let json = "Content-Type: application/json";
    let start = r#"{"email": "marie@example.fr"}"#;
    let (status, body) = served.request("POST", "/v1/ops/AccountStart", &[json], start);
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("clock_unknown") && body.contains("sandbox"), "{body}");
    let create = r#"{"now": "2024-06-03T09:00:00Z"}"#;
    let clock = "Idn-Test-Clock: sandbox";
    let (status, body) = served.request("POST", "/v1/ops/TestClockCreate", &[json, clock], create);
    assert_eq!(status, 200, "{body}");
    let (status, body) = served.request("POST", "/v1/ops/AccountStart", &[json], start);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("session"), "{body}");

    let strict = Served::start("strict", &[]);
    assert!(strict.banner.contains("requests without a test clock are refused"));
    let (status, body) = strict.request("POST", "/v1/ops/AccountStart", &[json], start);
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("Idn-Test-Clock"), "{body}");
}

/// The venv's Python, with Authlib (`make setup`).
fn venv_python() -> PathBuf {
    let python = repository().join("target/venv/bin/python");
    assert!(python.exists(), "{} is missing: run `make setup`", python.display());
    python
}

// Checks the sandbox with a stock relying party: Authlib (a certified OpenID Connect
// library) discovers the server from its issuer, sends a PKCE S256 authorization request
// with a state, a nonce and acr_values, follows the waiting page until the sandbox's phone
// approves, exchanges the code with client_secret_basic, validates the id_token as Authlib
// does (JWKS signature, iss, aud, exp, iat, nonce, at_hash) and reads userinfo; then a
// refusing identity comes back `access_denied` with the state and iss (RFC 9207) checked,
// this time with client_secret_post. The clients are registered with --client.
#[test]
fn sandbox_serves_a_stock_openid_client() {
    let python = venv_python();
    let redirect = "http://127.0.0.1:9/callback";
    let client = format!("rp-test:s3cret:{redirect}");
    let served = Served::spawn(&["--sandbox", "--client", &client]);
    assert!(served.banner.contains("client rp-test (redirect URIs http://127.0.0.1:9/callback)"));
    assert!(served.banner.contains("+33 600000001   Camille APPROUVE"), "{}", served.banner);
    let issuer = format!("http://{}", served.addr);
    let script = repository().join("sim/cli/tests/oidc_client.py");
    let login = |hint: &str, expect: &str, method: &str| {
        let output = Command::new(&python)
            .arg(&script)
            .args([&issuer, "rp-test", "s3cret", redirect, hint, expect, method])
            .output()
            .expect("python runs");
        let (out, err) = (stdout(&output), stderr(&output));
        assert!(output.status.success(), "{hint} {expect}: {out}{err}");
        out
    };
    let approved = login("+33 600000001", "approved", "client_secret_basic");
    for claim in [
        r#""acr": "eidas2""#,
        r#""family_name": "APPROUVE""#,
        r#""given_name": "Camille""#,
        r#""token_type": "Bearer""#,
    ] {
        assert!(approved.contains(claim), "{claim} in {approved}");
    }
    let refused = login("+33 600000002", "access_denied", "client_secret_post");
    assert!(refused.contains(r#""error": "access_denied""#), "{refused}");

    // A wrong secret is refused by the token endpoint: Authlib reports the failure.
    let output = Command::new(&python)
        .arg(&script)
        .args([&issuer, "rp-test", "wrong", redirect, "+33 600000001", "approved"])
        .output()
        .expect("python runs");
    assert!(!output.status.success(), "{}", stdout(&output));
    assert!(stderr(&output).contains("invalid_client"), "{}", stderr(&output));
}

// Checks the sandbox's usage errors: --sandbox keeps its store in memory and its own
// clock, so --store and --default-clock are refused with it; a --client that is not
// ID:SECRET:URI, or one id given two secrets, is refused naming the option. All exit 2.
#[test]
fn sandbox_usage_errors_exit_2() {
    let cases: [(&[&str], &str); 4] = [
        (&["--sandbox", "--store", "/tmp/x.sqlite"], "--store"),
        (&["--sandbox", "--default-clock", "c"], "--default-clock"),
        (&["--sandbox", "--client", "no-secret"], "bad --client"),
        (
            &["--sandbox", "--client", "a:1:http://h/cb", "--client", "a:2:http://h/cb"],
            "two secrets",
        ),
    ];
    for (args, says) in cases {
        let output = Command::new(env!("CARGO_BIN_EXE_idn-sim"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .output()
            .expect("idn-sim runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains(says), "{args:?}: {}", stderr(&output));
    }
}
