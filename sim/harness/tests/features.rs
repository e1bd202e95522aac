//! The Gherkin conformance suite, run by cucumber against the embedded reference.
//!
//! `make features` runs it; `make features TAGS='@VER-07'` runs a subset (a cucumber tag
//! expression); `SCENARIO=regex` picks scenarios by name; `SEED=n` changes the base seed.
//! It writes `reports/features/junit.xml` and `reports/features/cucumber.json`. It takes
//! no command-line arguments, so that a workspace-wide `cargo test` with libtest's flags
//! cannot break it. Exit code: 0 all passed, 1 something failed or did not parse.

use cucumber::gherkin::tagexpr::TagOperation;
use cucumber::tag::Ext as _;
use cucumber::{StatsWriter as _, World as _, WriterExt as _, writer};
use futures::FutureExt as _;
use idn_harness::steps::{IdnWorld, Target};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

const DEFAULT_SEED: u64 = 20260302;

/// What the suite was asked to run, from the environment.
struct Options {
    tags: Option<TagOperation>,
    scenario: Option<String>,
    seed: u64,
}

fn options() -> Result<Options, String> {
    let tags = match std::env::var("TAGS").ok().filter(|t| !t.trim().is_empty()) {
        None => None,
        Some(text) => Some(
            text.parse::<TagOperation>()
                .map_err(|e| format!("TAGS={text}: not a tag expression: {e}"))?,
        ),
    };
    let scenario = std::env::var("SCENARIO").ok().filter(|s| !s.is_empty());
    let seed = match std::env::var("SEED").ok().filter(|s| !s.is_empty()) {
        None => DEFAULT_SEED,
        Some(text) => text.parse().map_err(|_| format!("SEED={text}: not a whole number"))?,
    };
    Ok(Options { tags, scenario, seed })
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One scenario's seed: the base seed mixed with the feature's file and the scenario's
/// name, so that each scenario has its own world whatever runs beside it.
fn scenario_seed(base: u64, feature: &str, scenario: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ base;
    for byte in feature.bytes().chain([0]).chain(scenario.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

fn embedded_target() -> Target {
    Target {
        name: "embedded reference".to_string(),
        make_sut: Arc::new(|seed, outbound| idn_reference::embedded(seed)(outbound)),
        scenarios_dir: root().join("scenarios"),
    }
}

fn main() -> ExitCode {
    // Cucumber reports a failed step's message itself; the default hook would add a
    // backtrace note for every expected failure.
    std::panic::set_hook(Box::new(|_| {}));
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("features: {message}");
            return ExitCode::from(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
    runtime.block_on(run(options))
}

/// Every `.feature` file under `dir`, sorted.
fn feature_files(dir: &Path) -> Vec<PathBuf> {
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

/// Parses every feature first, to name the line and column of a syntax error (cucumber's
/// own report names only the file). Returns how many files did not parse.
fn report_syntax_errors(dir: &Path) -> usize {
    use cucumber::gherkin::{Feature, GherkinEnv, ParseFileError};
    let mut broken = 0;
    for path in feature_files(dir) {
        let shown = path.strip_prefix(root()).unwrap_or(&path).display().to_string();
        match Feature::parse_path(&path, GherkinEnv::default()) {
            Ok(_) => {}
            Err(ParseFileError::Parsing { source, error, .. }) => {
                broken += 1;
                let detail = error.map(|e| format!(" ({e})")).unwrap_or_default();
                eprintln!("features: {shown}: syntax error: {source}{detail}");
            }
            Err(other) => {
                broken += 1;
                eprintln!("features: {shown}: {other}");
            }
        }
    }
    broken
}

async fn run(options: Options) -> ExitCode {
    let syntax_errors = report_syntax_errors(&root().join("features"));
    let reports = root().join("reports/features");
    if let Err(e) = std::fs::create_dir_all(&reports) {
        eprintln!("features: cannot create {}: {e}", reports.display());
        return ExitCode::from(2);
    }
    let (Ok(junit), Ok(json)) = (
        std::fs::File::create(reports.join("junit.xml")),
        std::fs::File::create(reports.join("cucumber.json")),
    ) else {
        eprintln!("features: cannot write the reports in {}", reports.display());
        return ExitCode::from(2);
    };
    let target = embedded_target();
    let seed = options.seed;
    println!(
        "features: seed {seed}, target {} (replay one scenario: SCENARIO='<name>' SEED={seed} make features)",
        target.name
    );
    let writer = writer::Basic::stdout()
        .summarized()
        .tee::<IdnWorld, _>(writer::JUnit::for_tee(junit, 0))
        .tee::<IdnWorld, _>(writer::Json::for_tee(json))
        .fail_on_skipped()
        .normalized();
    let finished = IdnWorld::cucumber()
        .with_writer(writer)
        // Cucumber's own command line is not read: the options come from the environment.
        .with_cli::<cucumber::cli::Empty>(cucumber::cli::Opts::default())
        .before(move |feature, _rule, scenario, world| {
            let path = feature.path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
            world.prepare(target.clone(), scenario_seed(seed, &path, &scenario.name));
            async {}.boxed_local()
        })
        .after(|_feature, _rule, _scenario, _finished, world| {
            async move {
                if let Some(world) = world {
                    // A refusal recorded by the last step and never checked fails the scenario.
                    if let Err(error) = world.ensure_checked() {
                        panic!("{error}");
                    }
                }
            }
            .boxed_local()
        })
        .filter_run(root().join("features"), move |feature, rule, scenario| {
            let tags = feature
                .tags
                .iter()
                .chain(rule.iter().flat_map(|r| r.tags.iter()))
                .chain(scenario.tags.iter());
            let tags: Vec<String> = tags.cloned().collect();
            let tagged = options.tags.as_ref().is_none_or(|op| op.eval(tags.iter()));
            let named =
                options.scenario.as_ref().is_none_or(|name| scenario.name.contains(name.as_str()));
            tagged && named
        })
        .await;
    if finished.execution_has_failed() || syntax_errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
