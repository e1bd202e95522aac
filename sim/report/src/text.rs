//! Text made safe for the page and the JUnit file: an implementation's answers reach
//! both, and may hold anything.

/// Escapes text for HTML and XML content and for quoted attribute values alike (SVG and
/// `junit.xml` included). Control characters XML 1.0 cannot carry (all but tab, newline and
/// carriage return) become U+FFFD.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}
