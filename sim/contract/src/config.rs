//! Reading a TOML file of ours into a typed value: a policy profile
//! (`fixtures/policy/*.toml`, [`crate::policy`]) now, the harness's world set-ups
//! (`scenarios/*.toml`) later. Every error names the file, the line and the dotted key
//! (`faults.sms_loss_rate`) it is about, so that whoever wrote the file can fix it without
//! reading our code.
//!
//! Why it lives in the contract: such a file is data that the harness and any
//! implementation must read the same way, and the reference may share no rule code with
//! the harness's model (DESIGN principle 1). This is the one reader; it holds no rule.
//!
//! [`parse`] deserializes with serde and, on the way, records the line of every key at
//! any depth ([`Spans`]), so that a check made after deserializing (a value out of range)
//! names its line too ([`Spans::error`]).

use serde::de::DeserializeOwned;
use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// Why a file was refused: where, about which key, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file the text came from, as the caller names it (normally its path).
    pub origin: String,
    /// The 1-based line the error is on, when it is on one.
    pub line: Option<usize>,
    /// The dotted path of the key the error is about (`faults.sms_loss_rate`).
    pub key: Option<String>,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
}

impl fmt::Display for ConfigError {
    /// `origin:line: key `key`: message`, leaving out what is not known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.origin)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(key) = &self.key {
            write!(f, "key `{key}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Where each key of a parsed file is: its dotted path (`faults.sms_loss_rate`; an element
/// of an array of tables is `name[0]`) and the 1-based line of the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spans {
    origin: String,
    lines: BTreeMap<String, usize>,
}

impl Spans {
    /// The file the text came from.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The line of `key` (a dotted path), if the file has it.
    pub fn line(&self, key: &str) -> Option<usize> {
        self.lines.get(key).copied()
    }

    /// Every key of the file, as dotted paths, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.lines.keys().map(String::as_str)
    }

    /// An error about `key` found after deserializing (a value out of range), on the
    /// key's line; a key the file does not have (a default that another value contradicts)
    /// is named without a line.
    pub fn error(&self, key: &str, message: impl Into<String>) -> ConfigError {
        ConfigError {
            origin: self.origin.clone(),
            line: self.line(key),
            key: Some(key.to_string()),
            message: message.into(),
        }
    }
}

/// Deserializes `text` into a `T`, with the line of every key; `origin` names the text in
/// errors (normally its path).
///
/// A syntax error names its line. A shape error (an unknown key under
/// `deny_unknown_fields`, a value of the wrong type, a missing key) names the line and the
/// key it is about.
pub fn parse<T: DeserializeOwned>(text: &str, origin: &str) -> Result<(T, Spans), ConfigError> {
    let root = DeTable::parse(text).map_err(|error| ConfigError {
        origin: origin.to_string(),
        line: error.span().map(|span| line_of(text, &span)),
        key: None,
        message: error.message().trim_end().to_string(),
    })?;
    let mut entries = Vec::new();
    walk_table(root.get_ref(), "", 1, text, &mut entries);
    // Deserializing the parsed table rather than the text parses the file once; serde's
    // errors carry the same spans as `toml::from_str`'s.
    let value = T::deserialize(toml::de::Deserializer::from(root))
        .map_err(|error| shape_error(&error, text, origin, &entries))?;
    let lines = entries.into_iter().map(|entry| (entry.path, entry.line)).collect();
    Ok((value, Spans { origin: origin.to_string(), lines }))
}

/// A key of the file: where its name and its value are.
struct Entry {
    path: String,
    /// How many tables deep the key is (1 at the top).
    depth: usize,
    key: Range<usize>,
    value: Range<usize>,
    line: usize,
}

fn walk_table(table: &DeTable<'_>, prefix: &str, depth: usize, text: &str, out: &mut Vec<Entry>) {
    for (key, value) in table.iter() {
        let path = if prefix.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{prefix}.{}", key.get_ref())
        };
        let line = line_of(text, &key.span());
        out.push(Entry { path: path.clone(), depth, key: key.span(), value: value.span(), line });
        walk_value(value.get_ref(), &path, depth, text, out);
    }
}

/// The keys inside a value: a table's, or those of each element of an array (`name[0]`).
fn walk_value(value: &DeValue<'_>, path: &str, depth: usize, text: &str, out: &mut Vec<Entry>) {
    match value {
        DeValue::Table(table) => walk_table(table, path, depth + 1, text, out),
        DeValue::Array(array) => {
            for (index, element) in array.iter().enumerate() {
                let element_path = format!("{path}[{index}]");
                let span = element.span();
                let line = line_of(text, &span);
                let (key, value) = (span.clone(), span);
                out.push(Entry { path: element_path.clone(), depth: depth + 1, key, value, line });
                walk_value(element.get_ref(), &element_path, depth + 1, text, out);
            }
        }
        _ => {}
    }
}

/// A serde error as a [`ConfigError`] naming the key it is about: the innermost key whose
/// name or value holds the error's span.
fn shape_error(
    error: &toml::de::Error,
    text: &str,
    origin: &str,
    entries: &[Entry],
) -> ConfigError {
    let message = error.message().trim_end();
    // Serde gives the whole file an empty span at its start: no key, no line.
    let span = error.span().filter(|span| !span.is_empty());
    let owner = span.as_ref().and_then(|span| innermost(entries, span));
    if let Some(field) = quoted_after(message, "missing field `") {
        // Serde points at the table that lacks the field (the whole file at the top):
        // name the field under that table, on the table's line.
        let key = match owner {
            Some(table) => format!("{}.{field}", table.path),
            None => field.to_string(),
        };
        return ConfigError {
            origin: origin.to_string(),
            line: owner.map(|table| table.line),
            key: Some(key),
            message: "required but missing".to_string(),
        };
    }
    // The key is named already: "unknown field `x`, expected …" says the rest.
    let message = match quoted_after(message, "unknown field `") {
        Some(field) => {
            let rest = &message["unknown field `".len() + field.len() + 1..];
            format!("unknown key{rest}")
        }
        None => message.to_string(),
    };
    ConfigError {
        origin: origin.to_string(),
        line: span.map(|span| line_of(text, &span)),
        key: owner.map(|entry| entry.path.clone()),
        message,
    }
}

/// The deepest entry whose key or value span holds `span`; ties go to the tighter span,
/// then to the path, so that the choice never depends on an iteration order.
fn innermost<'e>(entries: &'e [Entry], span: &Range<usize>) -> Option<&'e Entry> {
    let holds = |outer: &Range<usize>| outer.start <= span.start && span.end <= outer.end;
    entries
        .iter()
        .filter_map(|entry| {
            let tightest = [&entry.key, &entry.value]
                .into_iter()
                .filter(|outer| holds(outer))
                .map(|outer| outer.len())
                .min()?;
            Some((entry, tightest))
        })
        .min_by(|(a, a_len), (b, b_len)| {
            (Reverse(a.depth), a_len, &a.path).cmp(&(Reverse(b.depth), b_len, &b.path))
        })
        .map(|(entry, _)| entry)
}

/// The name between `prefix` and the next backtick of `message`.
fn quoted_after<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    let rest = message.strip_prefix(prefix)?;
    rest.find('`').map(|end| &rest[..end])
}

/// The 1-based line holding the start of `span`.
fn line_of(text: &str, span: &Range<usize>) -> usize {
    let end = span.start.min(text.len());
    text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    /// A world set-up of the shape of `scenarios/*.toml`.
    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Setup {
        description: String,
        #[serde(default)]
        start: Option<String>,
        #[serde(default)]
        faults: Option<Faults>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Faults {
        sms_loss_rate: f64,
        #[serde(default)]
        spam_rate: f64,
    }

    const ORIGIN: &str = "scenarios/x.toml";

    fn error(text: &str) -> String {
        parse::<Setup>(text, ORIGIN).expect_err("the file is refused").to_string()
    }

    // Checks that a valid file gives its value and the line of every key at any depth.
    #[test]
    fn parse_gives_the_value_and_every_key_line() {
        let text = "# a set-up\ndescription = \"x\"\n\n[faults]\nsms_loss_rate = 0.2\n";
        let (setup, spans) = parse::<Setup>(text, ORIGIN).expect("a valid set-up");
        let faults = Faults { sms_loss_rate: 0.2, spam_rate: 0.0 };
        assert_eq!(setup, Setup { description: "x".into(), start: None, faults: Some(faults) });
        let keys: Vec<&str> = spans.keys().collect();
        assert_eq!(keys, ["description", "faults", "faults.sms_loss_rate"]);
        assert_eq!(spans.line("description"), Some(2));
        assert_eq!(spans.line("faults"), Some(4));
        assert_eq!(spans.line("faults.sms_loss_rate"), Some(5));
        assert_eq!(spans.line("faults.spam_rate"), None);
        assert_eq!(spans.origin(), ORIGIN);
    }

    // Checks that a TOML syntax error names its line and no key.
    #[test]
    fn syntax_error_names_the_line() {
        assert_eq!(
            error("description = \"x\"\n\nstart = = 3\n"),
            "scenarios/x.toml:3: extra `=`, expected nothing"
        );
        assert_eq!(
            error("description = \"x\"\ndescription = \"y\"\n"),
            "scenarios/x.toml:2: duplicate key"
        );
        assert_eq!(error("[faults\n"), "scenarios/x.toml:1: unclosed table, expected `]`");
    }

    // Checks that an unknown key at the top level names its line and itself.
    #[test]
    fn unknown_key_at_the_top() {
        assert_eq!(
            error("description = \"x\"\nfoo = 1\n"),
            "scenarios/x.toml:2: key `foo`: unknown key, expected one of `description`, \
             `start`, `faults`"
        );
    }

    // Checks that an unknown key in a sub-table is named by its dotted path, whether the
    // table is a section, dotted keys or an inline table.
    #[test]
    fn unknown_key_in_a_sub_table() {
        let expected = "key `faults.bar`: unknown key, expected `sms_loss_rate` or `spam_rate`";
        let cases = [
            ("description = \"x\"\n[faults]\nsms_loss_rate = 0.1\nbar = 2\n", 4),
            ("description = \"x\"\nfaults.sms_loss_rate = 0.1\nfaults.bar = 2\n", 3),
            ("description = \"x\"\nfaults = { sms_loss_rate = 0.1, bar = 2 }\n", 2),
        ];
        for (text, line) in cases {
            assert_eq!(error(text), format!("{ORIGIN}:{line}: {expected}"), "{text}");
        }
        assert_eq!(
            error("description = \"x\"\n[faults.deep]\na = 1\n"),
            "scenarios/x.toml:2: key `faults.deep`: unknown key, expected `sms_loss_rate` or \
             `spam_rate`"
        );
    }

    // Checks that a value of the wrong type names the line and the key, at any depth.
    #[test]
    fn wrong_type() {
        assert_eq!(
            error("description = 3\n"),
            "scenarios/x.toml:1: key `description`: invalid type: integer `3`, expected a string"
        );
        assert_eq!(
            error("description = \"x\"\n\n[faults]\nsms_loss_rate = \"a\"\n"),
            "scenarios/x.toml:4: key `faults.sms_loss_rate`: invalid type: string \"a\", \
             expected f64"
        );
        assert_eq!(
            error("description = \"x\"\nfaults = 3\n"),
            "scenarios/x.toml:2: key `faults`: invalid type: integer `3`, expected struct Faults"
        );
    }

    // Checks that a missing key is named under its table, on the table's line (no line at
    // the top, where serde points at the whole file).
    #[test]
    fn missing_field() {
        assert_eq!(
            error("description = \"x\"\n\n[faults]\nspam_rate = 0.5\n"),
            "scenarios/x.toml:3: key `faults.sms_loss_rate`: required but missing"
        );
        assert_eq!(
            error("description = \"x\"\nfaults = { spam_rate = 0.5 }\n"),
            "scenarios/x.toml:2: key `faults.sms_loss_rate`: required but missing"
        );
        assert_eq!(
            error("start = \"2026-03-02\"\n"),
            "scenarios/x.toml: key `description`: required but missing"
        );
        assert_eq!(error(""), "scenarios/x.toml: key `description`: required but missing");
    }

    // Checks that a check made after deserializing names the key's line, and no line for a
    // key the file does not have.
    #[test]
    fn validation_error_names_the_key_line() {
        let text = "description = \"x\"\n[faults]\n\nsms_loss_rate = 1.5\n";
        let (_, spans) = parse::<Setup>(text, ORIGIN).expect("the shape is right");
        let message = spans.error("faults.sms_loss_rate", "expected a rate from 0 to 1, got 1.5");
        assert_eq!(
            message.to_string(),
            "scenarios/x.toml:4: key `faults.sms_loss_rate`: expected a rate from 0 to 1, got 1.5"
        );
        let absent = spans.error("start", "must be set when faults are");
        assert_eq!(
            absent.to_string(),
            "scenarios/x.toml: key `start`: must be set when faults are"
        );
    }

    // Checks the keys of arrays of tables (`name[0].key`) and their errors.
    #[test]
    fn arrays_of_tables() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)] // Only the outcome of parsing matters here.
        struct Rounds {
            round: Vec<Faults>,
        }
        let text = "[[round]]\nsms_loss_rate = 0.1\n[[round]]\nspam_rate = 0.2\n";
        let message = parse::<Rounds>(text, ORIGIN).expect_err("a round lacks a rate").to_string();
        assert_eq!(
            message,
            "scenarios/x.toml:3: key `round[1].sms_loss_rate`: required but missing"
        );
        let text = "[[round]]\nsms_loss_rate = 0.1\n";
        let (_, spans) = parse::<Rounds>(text, ORIGIN).expect("a valid file");
        assert_eq!(spans.line("round[0].sms_loss_rate"), Some(2));
    }

    // Checks the display of an error without a line or a key.
    #[test]
    fn display_leaves_out_what_is_unknown() {
        let error = ConfigError {
            origin: "a.toml".to_string(),
            line: None,
            key: None,
            message: "bad".to_string(),
        };
        assert_eq!(error.to_string(), "a.toml: bad");
        let error = ConfigError { line: Some(7), ..error };
        assert_eq!(error.to_string(), "a.toml:7: bad");
    }
}
