//! Reading the embedded reference data (`fixtures/*.toml`): the one error type of every
//! fixture parser, and the helper that turns a TOML error into a message naming the file
//! and the line.

use serde::de::DeserializeOwned;

/// Why a fixture could not be read. `origin` is the file the text came from, as the caller
/// names it (e.g. `fixtures/calling_codes.toml`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FixtureError {
    /// The text is not TOML, or not the shape the fixture expects.
    #[error("{origin}: {}{message}", line_prefix(*.line))]
    Syntax { origin: String, line: Option<usize>, message: String },
    /// The shape is right but an entry is not (a malformed calling code, a duplicate).
    #[error("{origin}: {what}: {message}")]
    Invalid { origin: String, what: String, message: String },
}

/// "line 3: " when the line is known, nothing otherwise.
pub(crate) fn line_prefix(line: Option<usize>) -> String {
    line.map(|n| format!("line {n}: ")).unwrap_or_default()
}

/// The 1-based line holding byte `offset` of `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}

/// The line a TOML error points at, if it points anywhere.
pub(crate) fn error_line(text: &str, error: &toml::de::Error) -> Option<usize> {
    error.span().map(|span| line_of(text, span.start))
}

/// Deserializes a fixture, naming `origin` and the line in any error.
pub(crate) fn parse_toml<T: DeserializeOwned>(text: &str, origin: &str) -> Result<T, FixtureError> {
    toml::from_str(text).map_err(|error| FixtureError::Syntax {
        origin: origin.to_string(),
        line: error_line(text, &error),
        message: error.message().trim_end().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // Only the parse outcome matters here.
    struct Sample {
        name: String,
    }

    // Checks that a syntax error names the origin and the line it is on.
    #[test]
    fn syntax_error_names_origin_and_line() {
        let error = parse_toml::<Sample>("# a comment\nname = \n", "x.toml").unwrap_err();
        let text = error.to_string();
        assert!(text.starts_with("x.toml: line 2: "), "{text}");
    }

    // Checks that line numbers count from 1 and follow newlines.
    #[test]
    fn line_of_counts_newlines() {
        assert_eq!(line_of("abc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 4), 3);
        assert_eq!(line_of("a\n", 99), 2);
    }
}
