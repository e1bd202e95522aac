//! The suite on bad input: a syntax error, an unknown step and an unknown world set-up
//! each give a message naming the file and the line, and the run fails.

use idn_harness::steps::Target;
use idn_harness::suite::Suite;
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
    let outcome = suite(&dir.0).run(out.clone(), false).await.expect("the reports are writable");
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
    assert!(
        dir.0.join("reports/junit.xml").exists() && dir.0.join("reports/cucumber.json").exists()
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
