//! An implementation's known deviations: the expected failures file.
//!
//! As in the OpenID Foundation's conformance suite, a team certifying an implementation
//! that is known to deviate lists those scenarios with the reason; their failures become
//! warnings (`expected failure`), and a listed scenario that passes is a stale entry that
//! fails the run until it is removed, so that the list never hides a fix nor outlives it.
//!
//! ```toml
//! [[expected_failure]]
//! scenario = "features/code-sms.feature:42"   # file:line, or the scenario's exact name
//! reason = "IDP-123: the SMS code lives 15 minutes, not 10"
//! ```

use serde::Deserialize;
use std::path::Path;

/// The file, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedFailures {
    /// The file as the report names it.
    pub path: String,
    pub entries: Vec<Entry>,
}

/// One listed scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The entry's line in the file.
    pub line: usize,
    /// `features/x.feature:42`, or a scenario's exact name.
    pub scenario: String,
    pub reason: String,
}

/// A scenario the file lists: which entry, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub index: usize,
    pub reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    expected_failure: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    scenario: toml::Spanned<String>,
    reason: String,
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

impl ExpectedFailures {
    /// Reads and checks the file; the error names the file and the line.
    pub fn load(path: &Path) -> Result<Self, String> {
        let shown = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("{shown}: cannot read it: {e}"))?;
        Self::parse(&shown, &text)
    }

    /// Parses the file's text; `path` names it in errors and in the report.
    pub fn parse(path: &str, text: &str) -> Result<Self, String> {
        let file: File = toml::from_str(text).map_err(|e| {
            let at = e.span().map(|s| format!(":{}", line_of(text, s.start))).unwrap_or_default();
            format!("{path}{at}: {}", e.message())
        })?;
        let mut entries = Vec::new();
        for raw in file.expected_failure {
            let line = line_of(text, raw.scenario.span().start);
            let scenario = raw.scenario.into_inner().trim().to_string();
            if scenario.is_empty() {
                return Err(format!("{path}:{line}: `scenario` is empty"));
            }
            if raw.reason.trim().is_empty() {
                return Err(format!("{path}:{line}: `reason` is empty: say why it deviates"));
            }
            if entries.iter().any(|e: &Entry| e.scenario == scenario) {
                return Err(format!("{path}:{line}: {scenario} is listed twice"));
            }
            entries.push(Entry { line, scenario, reason: raw.reason.trim().to_string() });
        }
        Ok(ExpectedFailures { path: path.to_string(), entries })
    }

    /// The entry that lists the scenario at `feature:line` named `name`, if any.
    pub fn find(&self, feature: &str, line: usize, name: &str) -> Option<Match> {
        let place = format!("{feature}:{line}");
        let index = self.entries.iter().position(|e| e.scenario == place || e.scenario == name)?;
        Some(Match { index, reason: self.entries[index].reason.clone() })
    }

    /// The entries that matched no scenario of the run, as `file:line: scenario`: a typo,
    /// a scenario since renamed, or one this run did not select.
    pub fn unmatched(&self, matched: &[usize]) -> Vec<String> {
        let unmatched = self.entries.iter().enumerate().filter(|(i, _)| !matched.contains(i));
        unmatched.map(|(_, e)| format!("{}:{}: {}", self.path, e.line, e.scenario)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# ACME IdP 2.3\n\
        [[expected_failure]]\n\
        scenario = \"features/code-sms.feature:42\"\n\
        reason = \"IDP-123\"\n\
        \n\
        [[expected_failure]]\n\
        scenario = \"ÉTAPE 8 : le code SMS\"\n\
        reason = \"IDP-124\"\n";

    // Checks that entries match by place or by exact name, and report the others.
    #[test]
    fn entries_match_by_place_or_name() {
        let file = ExpectedFailures::parse("known.toml", FILE).unwrap();
        assert_eq!(file.entries[0].line, 3);
        assert_eq!(file.entries[1].line, 7);
        let by_place = file.find("features/code-sms.feature", 42, "anything").unwrap();
        assert_eq!(by_place, Match { index: 0, reason: "IDP-123".into() });
        let by_name = file.find("features/guide.feature", 8, "ÉTAPE 8 : le code SMS").unwrap();
        assert_eq!(by_name.index, 1);
        assert_eq!(file.find("features/code-sms.feature", 43, "ÉTAPE 8"), None);
        assert_eq!(file.unmatched(&[1]), vec!["known.toml:3: features/code-sms.feature:42"]);
    }

    // Checks that a bad file names itself and the line.
    #[test]
    fn bad_files_name_the_line() {
        let unknown_key = "[[expected_failure]]\nscenario = \"x\"\nreason = \"y\"\nticket = 3\n";
        let error = ExpectedFailures::parse("known.toml", unknown_key).unwrap_err();
        assert!(error.starts_with("known.toml:4: unknown field `ticket`"), "{error}");
        let no_reason = "[[expected_failure]]\nscenario = \"x\"\nreason = \" \"\n";
        let error = ExpectedFailures::parse("known.toml", no_reason).unwrap_err();
        assert_eq!(error, "known.toml:2: `reason` is empty: say why it deviates");
        let twice = format!(
            "{FILE}[[expected_failure]]\nscenario = \"ÉTAPE 8 : le code SMS\"\nreason = \"z\"\n"
        );
        let error = ExpectedFailures::parse("known.toml", &twice).unwrap_err();
        assert_eq!(error, "known.toml:10: ÉTAPE 8 : le code SMS is listed twice");
        let error = ExpectedFailures::parse("known.toml", "expected_failure = 3").unwrap_err();
        assert!(error.starts_with("known.toml:1: "), "{error}");
    }
}
