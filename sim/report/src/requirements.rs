//! The requirements catalogue: `fixtures/requirements.md` (a copy of the project's
//! `REQUIREMENTS.md`, the rules of the source documents) then `SECURITY.md` (the `SEC-nn`
//! ids, what a trusted identity provider must do that the documents do not say). Every id
//! with its text and source, for coverage checks and reports.

/// The catalogue of the source documents as shipped with the harness.
pub const CATALOGUE: &str = include_str!("../../../fixtures/requirements.md");

/// The security catalogue (`SECURITY.md`, at the repository's root).
pub const SECURITY: &str = include_str!("../../../SECURITY.md");

/// The requirements no scenario can exercise, each with the reason (also README.md's
/// table, which a test holds to this file).
pub const UNEXERCISABLE: &str = include_str!("../../../fixtures/unexercisable.toml");

/// One numbered requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// `ELIG-01`.
    pub id: String,
    pub text: String,
    pub source: String,
}

/// Whether `text` has the shape of a requirement id: `ELIG-01`, `AR24-08`.
pub fn is_id(text: &str) -> bool {
    let Some((family, number)) = text.split_once('-') else { return false };
    !family.is_empty()
        && family.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && family.starts_with(|c: char| c.is_ascii_uppercase())
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
}

/// Every requirement of a catalogue in Markdown: the table rows whose first cell is an id.
pub fn parse(markdown: &str) -> Vec<Requirement> {
    markdown
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line
                .trim()
                .strip_prefix('|')?
                .strip_suffix('|')?
                .split('|')
                .map(str::trim)
                .collect();
            match cells.as_slice() {
                [id, text, source] if is_id(id) => Some(Requirement {
                    id: id.to_string(),
                    text: text.to_string(),
                    source: source.to_string(),
                }),
                _ => None,
            }
        })
        .collect()
}

/// The shipped catalogue: the documents' requirements, then the security ones.
pub fn all() -> Vec<Requirement> {
    let mut all = parse(CATALOGUE);
    all.extend(parse(SECURITY));
    all
}

/// The requirements no scenario can exercise, by id, with the reason.
pub fn unexercisable() -> std::collections::BTreeMap<String, String> {
    // The file ships inside the binary and a unit test parses it: it cannot be malformed.
    toml::from_str(UNEXERCISABLE).expect("fixtures/unexercisable.toml is a table of strings")
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that the shipped catalogue parses into its families, in order, without the
    // tables that are not requirements (the four journeys).
    #[test]
    fn the_catalogue_parses() {
        let all = all();
        assert!(all.len() >= 70, "{}", all.len());
        assert_eq!(all[0].id, "ELIG-01");
        assert!(all[0].text.contains("18 ans révolus"));
        assert!(all.iter().any(|r| r.id == "DATA-03"));
        assert!(!all.iter().any(|r| r.id.starts_with("Failed")));
        assert!(is_id("AR24-08") && !is_id("ar24-08") && !is_id("SEC") && !is_id("ACC-"));
    }

    // Checks that the security catalogue follows the documents' one, every row with an id
    // of the SEC family, a text and a source, each id once.
    #[test]
    fn the_security_catalogue_follows() {
        let all = all();
        let documents = parse(CATALOGUE).len();
        let security = &all[documents..];
        assert!(security.len() >= 25, "{}", security.len());
        assert_eq!(security[0].id, "SEC-01");
        for r in security {
            assert!(r.id.starts_with("SEC-"), "{} in SECURITY.md", r.id);
            assert!(!r.text.is_empty() && !r.source.is_empty(), "{r:?}");
        }
        let ids: std::collections::BTreeSet<&str> = all.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), all.len(), "an id is in the catalogue twice");
    }

    // Checks that every requirement listed as not exercisable exists, with a reason.
    #[test]
    fn unexercisable_ones_are_requirements() {
        let ids: Vec<String> = all().into_iter().map(|r| r.id).collect();
        let listed = unexercisable();
        assert!(listed.len() >= 4, "{listed:?}");
        for (id, reason) in &listed {
            assert!(ids.contains(id), "{id} is not in the catalogue");
            assert!(reason.len() > 20, "{id}: the reason is too short: {reason}");
        }
    }
}
