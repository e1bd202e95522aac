//! The certification report as one HTML page (`index.html`): the verdicts first, then the
//! counts, the requirement matrix and every scenario with its timeline drawn as a sequence
//! diagram in inline SVG.
//!
//! The page must open from disk on a machine with no network, so everything is inline: the
//! CSS, the SVG, no script, no font, no image. It is a pure function of the [`Report`]:
//! no clock, no hash ordering, so one report renders to the same bytes every time and an
//! insta snapshot can hold it. Every text that came from the report (and so possibly from
//! an external implementation) is escaped, in SVG as much as in HTML.

use crate::model::{
    Counts, Failure, Report, RequirementRow, ScenarioReport, TimelineEntry, Verdict,
};
use crate::record::{NotApplicable, Person};
use crate::status::{RequirementStatus, RunResult, ScenarioStatus, VerdictStatus};
use crate::text::esc;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The most trace entries drawn per scenario; beyond that the diagram would be many
/// screens tall and the page many megabytes. The first and last halves are kept because a
/// failure is usually explained by how the story began and how it ended.
const MAX_DRAWN: usize = 400;
/// How many characters of an entry's `detail` its tooltip shows.
const DETAIL_CHARS: usize = 300;

/// Geometry of the sequence diagram, in SVG user units.
const GUTTER: usize = 180;
const LANE: usize = 160;
const HEAD: usize = 44;
const ROW: usize = 26;

/// Renders the whole page.
pub fn render(report: &Report) -> String {
    let mut page = String::with_capacity(64 * 1024);
    head(&mut page, report);
    header(&mut page, report);
    verdicts(&mut page, report);
    counts(&mut page, &report.counts);
    matrix(&mut page, report);
    scenarios(&mut page, report);
    not_applicable(&mut page, &report.not_applicable);
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

/// Escapes text for element content only, where quotes are harmless: the traces' JSON
/// details are full of them, and escaping each would add a megabyte to a full report.
fn esc_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// At most `max` characters of `text`, with an ellipsis when cut (on a char boundary, so
/// multi-byte French text never panics).
fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// The colour of a status or verdict: green, red, amber for a known deviation, or grey
/// for everything that is neither (not applicable, not run, not exercisable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tone {
    Ok,
    Bad,
    Warn,
    Na,
}

impl Tone {
    /// The CSS class.
    fn class(self) -> &'static str {
        match self {
            Tone::Ok => "ok",
            Tone::Bad => "bad",
            Tone::Warn => "warn",
            Tone::Na => "na",
        }
    }

    fn of_scenario(status: ScenarioStatus) -> Tone {
        match status {
            ScenarioStatus::Passed => Tone::Ok,
            ScenarioStatus::Failed | ScenarioStatus::StaleExpectedFailure => Tone::Bad,
            ScenarioStatus::ExpectedFailure => Tone::Warn,
        }
    }

    fn of_requirement(status: RequirementStatus) -> Tone {
        match status {
            RequirementStatus::Passed => Tone::Ok,
            RequirementStatus::Failed => Tone::Bad,
            RequirementStatus::ExpectedFailure => Tone::Warn,
            RequirementStatus::NotRun
            | RequirementStatus::NotApplicable
            | RequirementStatus::NotExercisable => Tone::Na,
        }
    }

    fn of_verdict(status: VerdictStatus) -> Tone {
        match status {
            VerdictStatus::Conformant => Tone::Ok,
            VerdictStatus::NotConformant => Tone::Bad,
            VerdictStatus::NotRun | VerdictStatus::NotApplicable => Tone::Na,
        }
    }

    fn of_result(result: RunResult) -> Tone {
        match result {
            RunResult::Passed => Tone::Ok,
            RunResult::PassedWithKnownDeviations => Tone::Warn,
            RunResult::Failed => Tone::Bad,
        }
    }
}

/// Whether a scenario's block opens by itself: a reader comes for what went wrong first.
fn opens(status: ScenarioStatus) -> bool {
    status != ScenarioStatus::Passed
}

/// A stable anchor for a scenario, from its file and line (unique within a run).
fn anchor(feature: &str, line: usize) -> String {
    let slug: String = feature
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect();
    format!("s-{slug}-{line}")
}

/// The name an enum carries on the wire (`post_office`), so the page says what
/// `report.json` says.
fn wire_name<T: serde::Serialize>(value: &T) -> String {
    let json = serde_json::to_value(value).expect("a wire enum serializes");
    json.as_str().map(str::to_string).unwrap_or_else(|| json.to_string())
}

fn instant(at: &idn_contract::Timestamp) -> String {
    at.format("%Y-%m-%d %H:%M:%S%.3f").to_string()
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;\
color:#1b1f24;background:#f6f7f9}main{max-width:1200px;margin:0 auto;padding:1rem 1.5rem}\
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #ccd}\
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}\
dl.meta dt{font-weight:600}dl.meta dd{margin:0}\
#verdict{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}\
.verdict{flex:1 1 14rem;padding:.75rem 1rem;border-radius:6px;color:#fff}\
.verdict .profile{font-size:.9rem;opacity:.9}.verdict .status{font-size:1.4rem;font-weight:700}\
.verdict .because{font-size:.85rem;margin-top:.3rem}.verdict a{color:#fff}\
.verdict.ok{background:#1a7f37}.verdict.bad{background:#cf222e}.verdict.na{background:#6e7781}\
.tag{display:inline-block;padding:0 .4rem;border-radius:4px;font-size:.85rem;font-weight:600;color:#fff}\
.tag.ok{background:#1a7f37}.tag.bad{background:#cf222e}.tag.na{background:#8c959f}.tag.warn{background:#9a6700}\
#result{font-size:1.1rem;font-weight:700;padding:.5rem .8rem;border-radius:6px;color:#fff;display:inline-block}\
#result.ok{background:#1a7f37}#result.bad{background:#cf222e}#result.warn{background:#9a6700}\
ol.steps{margin:.2rem 0;padding-left:1.5rem}ol.steps li.failed,ol.steps li.skipped{color:#cf222e;font-weight:600}\
ol.steps li.not-run{color:#8c959f}ol.steps .st{display:inline-block;min-width:4.5rem;font-size:.8rem}\
dl.failure{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;background:#fff0f0;\
border:1px solid #f5c2c7;padding:.5rem;margin:0}dl.failure dt{font-weight:600}dl.failure dd{margin:0;white-space:pre-wrap}\
details.warn{border-left:6px solid #9a6700}.reason{color:#57606a;font-style:italic}\
table{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}\
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#eaeef2}td.num{text-align:right}table.counts{margin-bottom:.5rem}ul.links{margin:0;padding-left:1rem}\
details{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:.4rem 0;padding:.3rem .7rem}\
details.bad{border-left:6px solid #cf222e}details.ok{border-left:6px solid #1a7f37}\
summary{cursor:pointer}pre,code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}\
pre{background:#f0f2f4;padding:.5rem;overflow-x:auto;white-space:pre-wrap}\
pre.failure{background:#fff0f0;border:1px solid #f5c2c7}.diagram{overflow-x:auto}\
svg.seq text{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11px}\
svg.seq .t{fill:#57606a}.life line{stroke:#8c959f;stroke-dasharray:4 3}\
.life rect{fill:#ddf4ff;stroke:#54aeff}g.m line{stroke:#0969da}g.m polygon{fill:#0969da}\
g.n path{fill:none;stroke:#6e7781}g.n polygon{fill:#6e7781}\
.left-out{font-style:italic;color:#57606a}";

fn head(page: &mut String, report: &Report) {
    let implementation = &report.run.implementation.implementation;
    let title =
        format!("idn-sim certification: {} {}", implementation.name, implementation.version);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        esc(&title)
    );
}

/// What was certified, against what, with which harness, seed, start and policy.
fn header(page: &mut String, report: &Report) {
    let run = &report.run;
    let caps = &run.implementation;
    let join =
        |names: Vec<String>| if names.is_empty() { "none".to_string() } else { names.join(", ") };
    let modes = join(caps.verification_modes.iter().map(wire_name).collect());
    let channels = join(caps.channels.iter().map(wire_name).collect());
    let commit = run.harness_commit.as_deref().unwrap_or("unknown");
    let rows = [
        ("Implementation", format!("{} {}", caps.implementation.name, caps.implementation.version)),
        ("Verification modes", modes),
        ("Channels", channels),
        ("Target", run.target.clone()),
        ("Harness", format!("idn-sim {} (commit {commit})", run.harness_version)),
        ("Seed", run.seed.to_string()),
        ("Virtual start", run.virtual_start.clone()),
        ("Policy profile", run.policy_name.clone()),
    ];
    let _ = writeln!(
        page,
        "<header>\n<h1>Certification of {} {}</h1>\n<dl class=\"meta\">",
        esc(&caps.implementation.name),
        esc(&caps.implementation.version)
    );
    for (name, value) in rows {
        let _ = writeln!(page, "<dt>{name}</dt><dd>{}</dd>", esc(&value));
    }
    if let Some(file) = &report.expected_failures_file {
        let _ = writeln!(page, "<dt>Expected failures</dt><dd>{}</dd>", esc(file));
    }
    let _ = writeln!(
        page,
        "</dl>\n<details><summary>Policy profile <code>{}</code> (TOML)</summary>\n<pre>{}</pre>\n</details>",
        esc(&run.policy_name),
        esc(&run.policy)
    );
    let _ = writeln!(
        page,
        "<p>Result: <span id=\"result\" class=\"{}\">{}</span></p>",
        Tone::of_result(report.result).class(),
        esc(report.result.as_str())
    );
    for (title, lines) in [
        ("Features that did not parse", &report.syntax_errors),
        (
            "Expected failures that matched no scenario of this run",
            &report.unmatched_expected_failures,
        ),
    ] {
        if !lines.is_empty() {
            let items: Vec<String> = lines.iter().map(|l| format!("<li>{}</li>", esc(l))).collect();
            let _ = writeln!(page, "<p>{title}:</p>\n<ul>{}</ul>", items.concat());
        }
    }
    page.push_str("</header>\n");
}

/// One coloured block per conformance profile, with what decided it and links to the
/// failed scenarios that did.
fn verdicts(page: &mut String, report: &Report) {
    page.push_str("<section>\n<h2>Verdicts</h2>\n<div id=\"verdict\">\n");
    for verdict in &report.verdicts {
        verdict_block(page, verdict, &report.scenarios);
    }
    page.push_str("</div>\n</section>\n");
}

fn verdict_block(page: &mut String, verdict: &Verdict, scenarios: &[ScenarioReport]) {
    let _ = write!(
        page,
        "<div class=\"verdict {}\"><div class=\"profile\">{}</div><div class=\"status\">{}</div>\
         <div class=\"because\">{}</div>",
        Tone::of_verdict(verdict.status).class(),
        esc(verdict.profile.name()),
        esc(verdict.status.as_str()),
        esc(&verdict.because)
    );
    let failed = scenarios.iter().filter(|s| s.profile == verdict.profile && opens(s.status));
    let links: Vec<String> = failed
        .map(|s| {
            format!("<li><a href=\"#{}\">{}</a></li>", anchor(&s.feature, s.line), esc(&s.name))
        })
        .collect();
    if !links.is_empty() {
        let _ = write!(page, "<ul class=\"links because\">{}</ul>", links.concat());
    }
    page.push_str("</div>\n");
}

fn counts(page: &mut String, counts: &Counts) {
    let scenarios = [
        ("Scenarios run", counts.scenarios),
        ("Passed", counts.passed),
        ("Failed", counts.failed),
        ("Expected failures", counts.expected_failures),
        ("Stale expected failures", counts.stale),
        ("Not applicable", counts.not_applicable),
        ("Trace entries", counts.steps_in_trace),
    ];
    let requirements = [
        ("Requirements", counts.requirements),
        ("Passed", counts.requirements_passed),
        ("Failed", counts.requirements_failed),
        ("Expected failures", counts.requirements_expected_failures),
        ("Not run", counts.requirements_not_run),
        ("Not applicable", counts.requirements_not_applicable),
        ("Not exercisable", counts.requirements_not_exercisable),
    ];
    page.push_str("<section>\n<h2>Counts</h2>\n");
    for (id, rows) in [("counts", &scenarios[..]), ("requirement-counts", &requirements[..])] {
        let _ = write!(page, "<table id=\"{id}\" class=\"counts\">\n<tr>");
        for (name, _) in rows {
            let _ = write!(page, "<th>{name}</th>");
        }
        page.push_str("</tr>\n<tr>");
        for (_, value) in rows {
            let _ = write!(page, "<td class=\"num\">{value}</td>");
        }
        page.push_str("</tr>\n</table>\n");
    }
    page.push_str("</section>\n");
}

/// The requirement matrix. Its rows name scenarios as `file:line name` (the form of
/// `report.json`); they are linked back to their scenario through that same label.
fn matrix(page: &mut String, report: &Report) {
    let anchors: BTreeMap<String, String> = report
        .scenarios
        .iter()
        .map(|s| (format!("{}:{} {}", s.feature, s.line, s.name), anchor(&s.feature, s.line)))
        .collect();
    page.push_str(
        "<section>\n<h2>Requirement matrix</h2>\n<table id=\"matrix\">\n\
         <tr><th>Id</th><th>Requirement</th><th>Source</th><th>Status</th><th>Checked by</th></tr>\n",
    );
    for row in &report.requirements {
        matrix_row(page, row, &anchors);
    }
    page.push_str("</table>\n</section>\n");
}

fn matrix_row(page: &mut String, row: &RequirementRow, anchors: &BTreeMap<String, String>) {
    let checked: Vec<String> = row
        .scenarios
        .iter()
        .map(|label| match anchors.get(label) {
            Some(id) => format!("<li><a href=\"#{id}\">{}</a></li>", esc(label)),
            None => format!("<li>{}</li>", esc(label)),
        })
        .collect();
    let checked_by = match &row.reason {
        Some(reason) => format!("<span class=\"reason\">{}</span>", esc(reason)),
        None => format!("<ul class=\"links\">{}</ul>", checked.concat()),
    };
    let _ = writeln!(
        page,
        "<tr id=\"req-{}\"><td><code>{}</code></td><td>{}</td><td>{}</td>\
         <td><span class=\"tag {}\">{}</span></td><td>{checked_by}</td></tr>",
        esc(&row.id),
        esc(&row.id),
        esc(&row.text),
        esc(&row.source),
        Tone::of_requirement(row.status).class(),
        esc(row.status.as_str()),
    );
}

fn scenarios(page: &mut String, report: &Report) {
    page.push_str("<section>\n<h2>Scenarios</h2>\n");
    // The first diagram drawn is marked so that a browser test can find one timeline.
    let first = report.scenarios.iter().position(|s| !s.timeline.is_empty());
    for (index, scenario) in report.scenarios.iter().enumerate() {
        scenario_block(page, scenario, Some(index) == first);
    }
    page.push_str("</section>\n");
}

/// One scenario, folded unless it went wrong (a reader comes for the failures first) or it
/// is the first with a timeline (`first`), which shows one diagram without a click.
fn scenario_block(page: &mut String, s: &ScenarioReport, first: bool) {
    let tone = Tone::of_scenario(s.status).class();
    // The first scenario with a timeline is open too, so that a diagram shows at once.
    let open = if opens(s.status) || first { " open" } else { "" };
    let _ = writeln!(
        page,
        "<details id=\"{}\" class=\"scenario {tone}\"{open}>\n<summary><span class=\"tag {tone}\">{}</span> \
         {} <code>{}:{}</code></summary>",
        anchor(&s.feature, s.line),
        esc(s.status.as_str()),
        esc(&s.name),
        esc(&s.feature),
        s.line
    );
    let requirements: Vec<String> =
        s.requirements.iter().map(|id| format!("<a href=\"#req-{0}\">{0}</a>", esc(id))).collect();
    let people: Vec<String> = s.people.iter().map(person).collect();
    let people = match people.is_empty() {
        true => String::new(),
        false => format!("<dt>People</dt><dd>{}</dd>", esc(&people.join("; "))),
    };
    let _ = writeln!(
        page,
        "<dl class=\"meta\"><dt>Requirements</dt><dd>{}</dd><dt>Profile</dt><dd>{}</dd>\
         <dt>Seed</dt><dd>{}</dd>{people}</dl>",
        if requirements.is_empty() { "none".to_string() } else { requirements.join(", ") },
        esc(s.profile.name()),
        s.seed
    );
    if let Some(reason) = &s.known_deviation {
        let _ = writeln!(
            page,
            "<p class=\"reason\">Listed in the expected failures file: {}</p>",
            esc(reason)
        );
    }
    if let Some(failure) = &s.failure {
        failure_block(page, failure);
    }
    steps(page, s);
    let _ = writeln!(
        page,
        "<h4>Replay</h4>\n<pre><code class=\"replay\">{}</code></pre>",
        esc(&s.replay)
    );
    narrative(page, s);
    let _ = writeln!(page, "<h4>Timeline ({} entries)</h4>", s.timeline.len());
    sequence_diagram(page, &s.timeline, first);
    page.push_str("</details>\n");
}

/// Who a person of the scenario is: the feature names them (`camille`), the world draws
/// their identity, which the narrative uses: `camille is Anne-Sophie Bresson, born
/// 1992-06-07`.
fn person(p: &Person) -> String {
    format!("{} is {} {}, born {}", p.handle, p.given_name, p.name, p.birth_date)
}

/// What the scenario expected, what was observed, and the last exchanges before it.
fn failure_block(page: &mut String, failure: &Failure) {
    page.push_str("<h4>Failure</h4>\n<dl class=\"failure\">\n");
    if let Some(step) = &failure.step {
        let _ = writeln!(page, "<dt>Step</dt><dd>{}</dd>", esc_text(step));
    }
    let _ = writeln!(
        page,
        "<dt>Expected</dt><dd>{}</dd>\n<dt>Observed</dt><dd>{}</dd>",
        esc_text(&failure.expected),
        esc_text(&failure.observed)
    );
    if !failure.requirements.is_empty() {
        let links: Vec<String> = (failure.requirements.iter())
            .map(|id| format!("<a href=\"#req-{0}\">{0}</a>", esc(id)))
            .collect();
        let _ = writeln!(page, "<dt>Requirements</dt><dd>{}</dd>", links.join(", "));
    }
    page.push_str("</dl>\n");
    if !failure.last_exchanges.is_empty() {
        let lines: Vec<String> =
            failure.last_exchanges.iter().map(|e| esc_text(&e.render())).collect();
        let _ = writeln!(
            page,
            "<h4>Last requests and responses</h4>\n<pre class=\"exchanges\">{}</pre>",
            lines.join("\n")
        );
    }
}

/// The scenario's steps with their status.
fn steps(page: &mut String, s: &ScenarioReport) {
    if s.steps.is_empty() {
        return;
    }
    page.push_str("<h4>Steps</h4>\n<ol class=\"steps\">\n");
    for step in &s.steps {
        let _ = writeln!(
            page,
            "<li class=\"{}\" value=\"{}\"><span class=\"st\">{}</span> {}</li>",
            step.status.as_str().replace(' ', "-"),
            step.line,
            esc_text(step.status.as_str()),
            esc_text(&step.sentence())
        );
    }
    page.push_str("</ol>\n");
}

fn narrative(page: &mut String, s: &ScenarioReport) {
    if s.narrative.is_empty() {
        return;
    }
    page.push_str("<h4>Narrative</h4>\n<ol class=\"narrative\">\n");
    for line in &s.narrative {
        let _ = writeln!(page, "<li><code>{}</code> {}</li>", instant(&line.at), esc(&line.text));
    }
    page.push_str("</ol>\n");
}

/// What the diagram draws: entries, and at most one gap standing for those left out.
enum Row<'a> {
    Entry(&'a TimelineEntry),
    Gap(usize),
}

/// The rows to draw: all entries, or the first and last halves of `MAX_DRAWN` around a gap.
fn rows(timeline: &[TimelineEntry]) -> Vec<Row<'_>> {
    if timeline.len() <= MAX_DRAWN {
        return timeline.iter().map(Row::Entry).collect();
    }
    let half = MAX_DRAWN / 2;
    let tail = &timeline[timeline.len() - half..];
    let mut rows: Vec<Row<'_>> = timeline[..half].iter().map(Row::Entry).collect();
    rows.push(Row::Gap(timeline.len() - MAX_DRAWN));
    rows.extend(tail.iter().map(Row::Entry));
    rows
}

/// The participants, in order of first appearance (a lifeline per actor).
fn participants(timeline: &[TimelineEntry]) -> Vec<&str> {
    let mut seen: Vec<&str> = Vec::new();
    for entry in timeline {
        for actor in [entry.from.as_str(), entry.to.as_str()] {
            if !actor.is_empty() && !seen.contains(&actor) {
                seen.push(actor);
            }
        }
    }
    seen
}

fn lane_x(index: usize) -> usize {
    GUTTER + index * LANE + LANE / 2
}

/// The timeline as a sequence diagram: lifelines, then one row per entry.
fn sequence_diagram(page: &mut String, timeline: &[TimelineEntry], first: bool) {
    if timeline.is_empty() {
        page.push_str("<p class=\"left-out\">No trace entries.</p>\n");
        return;
    }
    let actors = participants(timeline);
    let rows = rows(timeline);
    let width = GUTTER + actors.len() * LANE + LANE / 2;
    let height = HEAD + rows.len() * ROW + ROW / 2;
    let class = if first { "timeline seq" } else { "seq" };
    let _ = writeln!(
        page,
        "<div class=\"diagram\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" \
         width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\">"
    );
    lifelines(page, &actors, height);
    for (index, row) in rows.iter().enumerate() {
        let y = HEAD + index * ROW + ROW / 2;
        match row {
            Row::Entry(entry) => entry_row(page, entry, &actors, y),
            Row::Gap(count) => {
                let _ = writeln!(
                    page,
                    "<text class=\"t\" x=\"8\" y=\"{y}\">… {count} entries left out …</text>"
                );
            }
        }
    }
    page.push_str("</svg></div>\n");
    if timeline.len() > MAX_DRAWN {
        let _ = writeln!(
            page,
            "<p class=\"left-out\">{} of {} entries drawn; {} in the middle left out.</p>",
            MAX_DRAWN,
            timeline.len(),
            timeline.len() - MAX_DRAWN
        );
    }
}

fn lifelines(page: &mut String, actors: &[&str], height: usize) {
    for (index, actor) in actors.iter().enumerate() {
        let x = lane_x(index);
        let box_x = x - LANE / 2 + 6;
        let _ = writeln!(
            page,
            "<g class=\"life\"><title>{}</title><line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" \
             y2=\"{height}\"/><rect x=\"{box_x}\" y=\"6\" width=\"{}\" height=\"26\" rx=\"4\"/><text x=\"{x}\" y=\"23\" text-anchor=\"middle\">{}</text></g>",
            esc(actor),
            HEAD - 12,
            LANE - 12,
            esc(&truncate(actor, 20))
        );
    }
}

/// One entry: the time in the gutter, an arrow from `from` to `to` labelled with `what`
/// (a loop on `from`'s lifeline for a decision of its own), the detail as a tooltip.
/// Colours come from the page's CSS classes: written once rather than on each of the
/// report's ten thousand entries.
fn entry_row(page: &mut String, entry: &TimelineEntry, actors: &[&str], y: usize) {
    let lane =
        |actor: &str| actors.iter().position(|a| *a == actor).expect("every actor has a lifeline");
    let from = lane_x(lane(&entry.from));
    let own = entry.to.is_empty() || entry.to == entry.from;
    // The time is on the row already; the tooltip names who and what, then the values.
    let arrow = if own { String::new() } else { format!(" -> {}", entry.to) };
    let mut tooltip = format!("{}{arrow} {}", entry.from, entry.what);
    if !entry.detail.is_empty() {
        tooltip.push('\n');
        tooltip.push_str(&truncate(&entry.detail, DETAIL_CHARS));
    }
    let _ = write!(
        page,
        "<g class=\"{}\"><title>{}</title><text class=\"t\" x=\"8\" y=\"{}\">{}</text>",
        if own { "n" } else { "m" },
        esc_text(&tooltip),
        y + 4,
        instant(&entry.at)
    );
    let what = esc(&truncate(&entry.what, 40));
    if own {
        // A decision of `from` alone: a small loop back onto its own lifeline.
        let _ = write!(
            page,
            "<path d=\"M{from} {} h24 v10 h-16\"/>{}<text x=\"{}\" y=\"{}\">{what}</text>",
            y - 6,
            arrow_head(from, y + 4, false),
            from + 30,
            y + 2
        );
    } else {
        let to = lane_x(lane(&entry.to));
        let (left, right) = (from.min(to), from.max(to));
        let _ = write!(
            page,
            "<line x1=\"{from}\" y1=\"{y}\" x2=\"{to}\" y2=\"{y}\"/>{}\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{what}</text>",
            arrow_head(to, y, to > from),
            (left + right) / 2,
            y - 4
        );
    }
    page.push_str("</g>\n");
}

/// A filled arrow head with its tip at (x, y), pointing right or left. Drawn as a polygon
/// rather than an SVG marker, whose id would repeat across the page's many diagrams.
fn arrow_head(x: usize, y: usize, rightwards: bool) -> String {
    let back = if rightwards { x - 8 } else { x + 8 };
    format!("<polygon points=\"{x},{y} {back},{} {back},{}\"/>", y - 4, y + 4)
}

fn not_applicable(page: &mut String, scenarios: &[NotApplicable]) {
    if scenarios.is_empty() {
        return;
    }
    page.push_str("<section>\n<h2>Not applicable</h2>\n<ul id=\"not-applicable\">\n");
    for scenario in scenarios {
        let _ = writeln!(page, "<li>{}: {}</li>", esc(&scenario.feature), esc(&scenario.label()));
    }
    page.push_str("</ul>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Run, SCHEMA_VERSION};
    use crate::profile::{Need, Profile};
    use crate::record::{Narration, StepRecord};
    use crate::status::StepStatus;
    use idn_contract::Timestamp;
    use idn_contract::capabilities::Capabilities;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("an RFC 3339 instant")
    }

    fn entry(time: &str, from: &str, to: &str, what: &str, detail: &str) -> TimelineEntry {
        let (from, to, what, detail) = (from.into(), to.into(), what.into(), detail.into());
        TimelineEntry { at: at(time), from, to, what, detail }
    }

    fn scenario(
        line: usize,
        name: &str,
        failure: Option<&str>,
        timeline: Vec<TimelineEntry>,
    ) -> ScenarioReport {
        ScenarioReport {
            feature: "features/account.feature".into(),
            line,
            name: name.into(),
            requirements: vec!["ACC-01".into()],
            profile: Profile::Core,
            status: if failure.is_none() { ScenarioStatus::Passed } else { ScenarioStatus::Failed },
            failure: failure.map(|observed| Failure {
                step: Some(format!("{}: Alors le code est refusé", line + 2)),
                expected: "Alors le code est refusé".into(),
                observed: observed.into(),
                requirements: vec!["ACC-01".into()],
                last_exchanges: timeline.clone(),
            }),
            known_deviation: None,
            steps: vec![
                StepRecord {
                    keyword: "Soit ".into(),
                    text: "Camille sur la page d'accueil".into(),
                    line: line + 1,
                    status: StepStatus::Passed,
                    error: None,
                },
                StepRecord {
                    keyword: "Alors ".into(),
                    text: "le code est refusé".into(),
                    line: line + 2,
                    status: if failure.is_none() { StepStatus::Passed } else { StepStatus::Failed },
                    error: failure.map(str::to_string),
                },
            ],
            replay: format!("idn-sim certify --seed 7 --scenario '{name}'"),
            seed: 7 + line as u64,
            people: vec![Person {
                handle: "camille".into(),
                given_name: "Anne-Sophie".into(),
                name: "Bresson".into(),
                birth_date: "1992-06-07".parse().expect("a date"),
            }],
            narrative: vec![Narration {
                at: at("2026-03-02T09:00:00Z"),
                text: format!("{name} begins"),
            }],
            timeline,
        }
    }

    /// Two scenarios of one requirement, the second failed, with a `<script>` in a detail.
    fn small_report() -> Report {
        let passed = scenario(
            3,
            "Camille opens an account",
            None,
            vec![
                entry(
                    "2026-03-02T09:00:00Z",
                    "person:camille",
                    "idp",
                    "AccountStart",
                    r#"{"email":"c@example.fr"}"#,
                ),
                entry("2026-03-02T09:00:00.250Z", "idp", "mail", "email", "code 123456"),
                entry("2026-03-02T09:00:01Z", "mail", "person:camille", "delivered", ""),
                entry("2026-03-02T09:00:02Z", "person:camille", "", "reads the code", "123456"),
            ],
        );
        let failed = scenario(
            9,
            "A wrong code is refused",
            Some("expected refusal code_invalid, observed <accepted>"),
            vec![
                entry(
                    "2026-03-02T09:00:00Z",
                    "person:dominique",
                    "idp",
                    "AccountConfirm",
                    "<script>alert(1)</script>",
                ),
                entry(
                    "2026-03-02T09:00:00Z",
                    "idp",
                    "person:dominique",
                    "reply",
                    "accepted & done",
                ),
            ],
        );
        Report {
            schema_version: SCHEMA_VERSION,
            run: Run {
                implementation: Capabilities::everything("idn-reference", "0.1.0"),
                target: "embedded reference, in-process".into(),
                harness_version: "0.1.0".into(),
                harness_commit: Some("abc1234".into()),
                policy_name: "default".into(),
                policy: "[pin]\nattempts = 3\n".into(),
                seed: 7,
                virtual_start: "2026-03-02T09:00:00Z".into(),
            },
            result: RunResult::Failed,
            expected_failures_file: None,
            unmatched_expected_failures: vec![],
            syntax_errors: vec![],
            verdicts: vec![
                Verdict {
                    profile: Profile::Core,
                    status: VerdictStatus::NotConformant,
                    because: "1 failed: features/account.feature:9".into(),
                },
                Verdict {
                    profile: Profile::Optional(Need::Online),
                    status: VerdictStatus::NotApplicable,
                    because: "the implementation does not claim it".into(),
                },
            ],
            counts: Counts {
                scenarios: 2,
                passed: 1,
                failed: 1,
                expected_failures: 0,
                stale: 0,
                not_applicable: 1,
                steps_in_trace: 6,
                requirements: 2,
                requirements_passed: 0,
                requirements_failed: 1,
                requirements_expected_failures: 0,
                requirements_not_run: 1,
                requirements_not_applicable: 0,
                requirements_not_exercisable: 0,
            },
            requirements: vec![
                RequirementRow {
                    id: "ACC-01".into(),
                    text: "An e-mail code confirms the address".into(),
                    source: "FAQ \"Créer mon compte\"".into(),
                    scenarios: vec![
                        "features/account.feature:3 Camille opens an account".into(),
                        "features/account.feature:9 A wrong code is refused".into(),
                    ],
                    status: RequirementStatus::Failed,
                    reason: None,
                },
                RequirementRow {
                    id: "AR24-01".into(),
                    text: "The LRE is identified".into(),
                    source: "AR24".into(),
                    scenarios: vec![],
                    status: RequirementStatus::NotRun,
                    reason: None,
                },
            ],
            scenarios: vec![passed, failed],
            not_applicable: vec![NotApplicable {
                feature: "features/online.feature".into(),
                line: 4,
                name: "An online identity".into(),
                needs: vec![Need::Online],
                requirements: vec!["AR24-01".into()],
            }],
        }
    }

    // Checks that the page shows the verdicts, the matrix, a drawn timeline and the replay
    // command, and that report text cannot inject markup.
    #[test]
    fn page_shows_verdict_matrix_timeline_and_replay() {
        let page = render(&small_report());
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("<div id=\"verdict\">"));
        assert!(page.contains("<div class=\"verdict bad\"><div class=\"profile\">core</div><div class=\"status\">not conformant</div>"));
        assert!(
            page.contains("<div class=\"verdict na\"><div class=\"profile\">mode-online</div>")
        );
        assert!(page.contains("<table id=\"matrix\">"));
        assert!(page.contains("<a href=\"#s-features-account-feature-9\">features/account.feature:9 A wrong code is refused</a>"));
        assert!(
            page.contains(
                "<details id=\"s-features-account-feature-9\" class=\"scenario bad\" open>"
            )
        );
        assert!(
            page.contains(
                "<details id=\"s-features-account-feature-3\" class=\"scenario ok\" open>"
            )
        );
        assert!(page.contains("class=\"timeline seq\""));
        assert_eq!(page.matches("class=\"timeline").count(), 1);
        assert_eq!(page.matches("<svg ").count(), 2);
        // Five arrows between actors, one loop for the person's own decision.
        assert_eq!(page.matches("<g class=\"m\">").count(), 5);
        assert_eq!(page.matches("<g class=\"n\">").count(), 1);
        assert!(page.contains("<title>idp -&gt; mail email\ncode 123456</title>"));
        assert!(page.contains("<code class=\"replay\">idn-sim certify --seed 7 --scenario &#39;A wrong code is refused&#39;</code>"));
        assert!(page.contains("observed &lt;accepted&gt;"));
        assert!(page.contains("<dt>Expected</dt><dd>Alors le code est refusé</dd>"));
        assert!(page.contains("<h4>Last requests and responses</h4>"));
        assert!(page.contains("<li class=\"failed\" value=\"11\"><span class=\"st\">failed</span> Alors le code est refusé</li>"));
        assert!(page.contains("<span id=\"result\" class=\"bad\">failed</span>"));
        assert!(
            page.contains(
                "<dt>People</dt><dd>camille is Anne-Sophie Bresson, born 1992-06-07</dd>"
            )
        );
        assert!(page.contains(
            "<li>features/online.feature: An online identity (line 4, needs @mode-online)</li>"
        ));
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!page.contains("<script"));
        assert!(
            !page.contains("http://")
                || page.matches("http://").count()
                    == page.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
        );
    }

    // Checks that one report renders to the same bytes (the page is a pure function).
    #[test]
    fn page_is_deterministic() {
        assert_eq!(render(&small_report()), render(&small_report()));
    }

    // Checks that a long timeline draws at most MAX_DRAWN entries and says how many it left out.
    #[test]
    fn long_timelines_are_capped() {
        let mut report = small_report();
        let entries = (0..1000)
            .map(|i| entry("2026-03-02T09:00:00Z", "idp", "sms-gateway", &format!("sms {i}"), "x"));
        report.scenarios[0].timeline = entries.collect();
        let page = render(&report);
        assert!(page.contains("400 of 1000 entries drawn; 600 in the middle left out."));
        assert!(
            page.contains(">sms 199<") && !page.contains(">sms 200<") && page.contains(">sms 800<")
        );
    }

    // Checks that a tooltip keeps at most DETAIL_CHARS characters of a detail, cut on a char boundary.
    #[test]
    fn details_are_truncated() {
        assert_eq!(truncate("ééé", 2), "éé…");
        assert_eq!(truncate("abc", 3), "abc");
    }

    // Holds the whole page of the small report, so a change of layout is seen in review.
    #[test]
    fn page_snapshot() {
        insta::assert_snapshot!("small_report", render(&small_report()));
    }
}
