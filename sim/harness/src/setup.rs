//! Named world set-ups (`scenarios/*.toml`): how unreliable the world around the SUT is,
//! and when the scenario starts. A feature calls one by its name,
//! `Soit le monde « tournée perturbée »`, which reads `scenarios/tournee-perturbee.toml`.
//! Read with the contract's one TOML reader (`idn_contract::config`), as the policy
//! profile is: every error names the file, the line and the key.

use chrono::{DateTime, Utc};
use idn_contract::config::{self, ConfigError};
use idn_world::Faults;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// One named set-up. Every key but `description` is optional.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setup {
    /// What the set-up simulates, in a sentence for the report.
    pub description: String,
    /// The virtual instant the scenario starts at (RFC 3339).
    #[serde(default)]
    pub start: Option<DateTime<Utc>>,
    #[serde(default)]
    pub faults: Faults,
}

/// Why a set-up could not be loaded; the message names the file, and the line and key
/// when the file is at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    #[error("no world set-up named « {name} »: expected the file {path} (known set-ups: {known})")]
    Unknown { name: String, path: String, known: String },
    #[error("{0}")]
    Invalid(ConfigError),
}

/// The file a set-up's name designates: lower case, accents and spaces folded, under `dir`.
pub fn path_of(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{}.toml", slug(name)))
}

/// Loads the set-up `name` from `dir` (the `scenarios/` folder).
pub fn load(dir: &Path, name: &str) -> Result<Setup, SetupError> {
    let path = path_of(dir, name);
    let shown = display(&path);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Err(SetupError::Unknown { name: name.to_string(), path: shown, known: known(dir) });
    };
    parse(&text, &shown)
}

/// Parses a set-up; `origin` names the file in errors.
pub fn parse(text: &str, origin: &str) -> Result<Setup, SetupError> {
    let (setup, spans): (Setup, _) = config::parse(text, origin).map_err(SetupError::Invalid)?;
    match setup.faults.validate() {
        Ok(()) => Ok(setup),
        Err(bad) => {
            Err(SetupError::Invalid(spans.error(&format!("faults.{}", bad.key), bad.reason())))
        }
    }
}

/// Folds a set-up's name to its file name: « Tournée perturbée » → `tournee-perturbee`.
pub fn slug(name: &str) -> String {
    let folded: String = name
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        })
        .collect();
    folded.split('-').filter(|part| !part.is_empty()).collect::<Vec<_>>().join("-")
}

fn known(dir: &Path) -> String {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter_map(|n| n.strip_suffix(".toml").map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    if names.is_empty() { "none".to_string() } else { names.join(", ") }
}

/// A path as the person running the suite wrote it: relative to the repository's root.
fn display(path: &Path) -> String {
    let shown = path.display().to_string();
    match shown.find("/scenarios/") {
        Some(at) => shown[at + 1..].to_string(),
        None => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that set-up names fold to the file names QA expect.
    #[test]
    fn names_fold_to_file_names() {
        assert_eq!(slug("tournée perturbée"), "tournee-perturbee");
        assert_eq!(slug(" Réseau  SMS dégradé "), "reseau-sms-degrade");
        assert_eq!(slug("défaut"), "defaut");
    }

    // Checks that a bad set-up is refused naming the file, the line and the key.
    #[test]
    fn bad_setups_name_the_file_line_and_key() {
        let unknown_key =
            parse("description = \"x\"\n[faults]\nsms_los_rate = 0.5\n", "scenarios/x.toml");
        let message = unknown_key.unwrap_err().to_string();
        assert!(
            message.starts_with("scenarios/x.toml:3: key `faults.sms_los_rate`: unknown key"),
            "{message}"
        );
        let bad_rate =
            parse("description = \"x\"\n[faults]\nsms_loss_rate = 1.5\n", "scenarios/y.toml");
        let message = bad_rate.unwrap_err().to_string();
        assert_eq!(
            message,
            "scenarios/y.toml:3: key `faults.sms_loss_rate`: expected a probability from 0 to 1, got 1.5"
        );
        let missing = parse("[faults]\n", "scenarios/z.toml").unwrap_err().to_string();
        assert_eq!(missing, "scenarios/z.toml: key `description`: required but missing");
    }

    // Checks that an unknown name names the file it looked for and the known set-ups.
    #[test]
    fn an_unknown_name_lists_the_known_setups() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
        let error = load(&dir, "nulle part").unwrap_err().to_string();
        assert!(error.contains("scenarios/nulle-part.toml"), "{error}");
        assert!(error.contains("defaut"), "{error}");
    }
}
