//! The certification report as JUnit XML (`junit.xml`), for CI systems.
//!
//! Rendered from the [`Report`], like the HTML page, so that the three files agree and
//! one seed gives the same bytes: no wall-clock durations (`time` is always 0; virtual
//! time is in the report). One `<testsuite>` per feature file, one `<testcase>` per
//! scenario (`classname` the file, `name` the scenario and its line). A failure or a stale
//! expected failure is a `<failure>` carrying what was expected, what was observed and the
//! command that replays it; a known deviation (an expected failure) and a scenario not
//! applicable to the implementation are `<skipped>` with the reason. Each conformance
//! profile's verdict (the core, `security`, each optional part) is a property of every
//! `<testsuite>` (`verdict.security` = `not conformant: 1 scenario failed: …`), where a CI
//! system shows it, and a failure's text names its scenario's profile.

use crate::model::{Report, ScenarioReport};
use crate::status::ScenarioStatus;
use crate::text::esc;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One `<testcase>`'s outcome.
enum Case<'a> {
    Passed,
    /// A failure, or a stale expected failure.
    Failed(&'a ScenarioReport),
    Skipped(String),
}

/// Renders `junit.xml`.
pub fn render(report: &Report) -> String {
    let mut suites: BTreeMap<&str, Vec<(String, Case<'_>)>> = BTreeMap::new();
    for s in &report.scenarios {
        let case = match s.status {
            ScenarioStatus::Passed => Case::Passed,
            ScenarioStatus::Failed | ScenarioStatus::StaleExpectedFailure => Case::Failed(s),
            ScenarioStatus::ExpectedFailure => Case::Skipped(format!(
                "expected failure (known deviation): {}",
                s.known_deviation.as_deref().unwrap_or("listed in the expected failures file")
            )),
        };
        suites.entry(&s.feature).or_default().push((format!("{} (line {})", s.name, s.line), case));
    }
    for scenario in &report.not_applicable {
        let label = scenario.label();
        let case = Case::Skipped(format!("not applicable: {label}"));
        suites.entry("not applicable").or_default().push((label, case));
    }
    let count = |cases: &[(String, Case<'_>)]| {
        let failures = cases.iter().filter(|(_, c)| matches!(c, Case::Failed(_))).count();
        let skipped = cases.iter().filter(|(_, c)| matches!(c, Case::Skipped(_))).count();
        (cases.len(), failures, skipped)
    };
    let all: Vec<&(String, Case<'_>)> = suites.values().flatten().collect();
    let tests = all.len();
    let failures = all.iter().filter(|(_, c)| matches!(c, Case::Failed(_))).count();
    let skipped = all.iter().filter(|(_, c)| matches!(c, Case::Skipped(_))).count();
    let mut xml = String::with_capacity(256 * 1024);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<testsuites name=\"idn-sim certify: {}\" tests=\"{tests}\" failures=\"{failures}\" \
         errors=\"0\" skipped=\"{skipped}\" time=\"0\">",
        esc(&report.run.implementation.implementation.name)
    );
    for (feature, cases) in &suites {
        let (tests, failures, skipped) = count(cases);
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" \
             skipped=\"{skipped}\" time=\"0\">",
            esc(feature)
        );
        let _ = writeln!(
            xml,
            "    <properties>\n      <property name=\"seed\" value=\"{}\"/>\n      \
             <property name=\"target\" value=\"{}\"/>",
            report.run.seed,
            esc(&report.run.target)
        );
        for verdict in &report.verdicts {
            let _ = writeln!(
                xml,
                "      <property name=\"verdict.{}\" value=\"{}: {}\"/>",
                esc(verdict.profile.name()),
                esc(verdict.status.as_str()),
                esc(&verdict.because)
            );
        }
        xml.push_str("    </properties>\n");
        for (name, case) in cases {
            testcase(&mut xml, feature, name, case);
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

fn testcase(xml: &mut String, feature: &str, name: &str, case: &Case<'_>) {
    let _ = write!(
        xml,
        "    <testcase classname=\"{}\" name=\"{}\" time=\"0\"",
        esc(feature),
        esc(name)
    );
    match case {
        Case::Passed => xml.push_str("/>\n"),
        Case::Skipped(message) => {
            let _ =
                writeln!(xml, ">\n      <skipped message=\"{}\"/>\n    </testcase>", esc(message));
        }
        Case::Failed(s) => {
            let kind = s.status.as_str();
            let (message, body) = failure_text(s);
            let _ = writeln!(
                xml,
                ">\n      <failure message=\"{}\" type=\"{kind}\">{}</failure>\n      \
                 <system-out>{}</system-out>\n    </testcase>",
                esc(&message),
                esc(&body),
                esc(&format!("replay: {}\nseed: {}", s.replay, s.seed))
            );
        }
    }
}

/// A failure's one-line message and its body: expected, observed, the last exchanges and
/// the command that replays it.
fn failure_text(s: &ScenarioReport) -> (String, String) {
    let Some(failure) = &s.failure else {
        let message = format!(
            "passed, but the expected failures file lists it ({}): remove the entry",
            s.known_deviation.as_deref().unwrap_or("no reason given")
        );
        return (message.clone(), format!("{message}\nreplay: {}\n", s.replay));
    };
    let mut body = String::new();
    if let Some(step) = &failure.step {
        let _ = writeln!(body, "step: {step}");
    }
    let _ = writeln!(body, "profile: {}", s.profile.name());
    let _ = writeln!(body, "expected: {}\nobserved: {}", failure.expected, failure.observed);
    if !failure.requirements.is_empty() {
        let _ = writeln!(body, "requirements: {}", failure.requirements.join(", "));
    }
    if !failure.last_exchanges.is_empty() {
        body.push_str("last requests and responses:\n");
        for entry in &failure.last_exchanges {
            let _ = writeln!(body, "  {}", entry.render());
        }
    }
    let _ = writeln!(body, "replay: {}", s.replay);
    let first_line = failure.observed.lines().next().unwrap_or_default();
    let message = match s.status {
        ScenarioStatus::Failed => first_line.to_string(),
        other => format!("{other}: {first_line}"),
    };
    (message, body)
}
