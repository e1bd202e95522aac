//! A shrunk journey written as a French feature (`features/regressions/`): the same
//! steps played by the same [`super::Driver`] through `steps/fuzz.rs`, each followed by
//! the answers the oracle expected, tagged with the requirements the failure breaks.

use super::check::{Finding, Invariant};
use super::step::Step;
use idn_model::oracle::Expectation;
use std::fmt::Write;

/// Everything the feature says.
pub struct Regression<'a> {
    pub target: &'a str,
    pub run_seed: u64,
    pub found_at_case: u32,
    pub original_len: usize,
    pub world_seed: u64,
    pub steps: &'a [Step],
    /// The oracle's expected answers of each step but the last (`None`: nothing to do).
    pub expected: &'a [Option<Vec<Expectation>>],
    pub finding: &'a Finding,
}

/// The text of the feature.
pub fn write(r: &Regression<'_>) -> String {
    let mut tags: Vec<String> = r.finding.requirements.iter().map(|id| format!("@{id}")).collect();
    tags.extend(capability_tags(r.steps));
    tags.push("@fuzz-regression".to_string());
    let mut out = String::new();
    let _ = writeln!(out, "# language: fr");
    let _ =
        writeln!(out, "# Written by the fuzzer (idn-sim fuzz): {}", one_line(&r.finding.message));
    let _ = writeln!(
        out,
        "# Found against {} with the seed {} at case {}, shrunk from {} to {} steps.",
        r.target,
        r.run_seed,
        r.found_at_case,
        r.original_len,
        r.steps.len()
    );
    let _ = writeln!(out, "{}", tags.join(" "));
    let _ = writeln!(
        out,
        "Fonctionnalité: Régression trouvée par le fuzzer (graine {}, cas {})",
        r.run_seed, r.found_at_case
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  # The fuzzer's world had the seed {}; the scenario runs on the suite's, as every \
         scenario does: the journey's steps, not the seed, make the finding.",
        r.world_seed
    );
    let _ = writeln!(out, "  Scénario: le parcours réduit en {} pas", r.steps.len());
    let _ = writeln!(out, "    Soit Camille au départ d'un parcours du fuzzer");
    for (index, step) in r.steps.iter().enumerate() {
        let last = index + 1 == r.steps.len();
        // « Quand » each time: after an « Alors », « Et » would continue the checks.
        let _ = writeln!(out, "    Quand pas {} : Camille {step}", index + 1);
        let expected = match (last, r.finding.invariant) {
            (true, None) => Some(r.finding.expected.clone()),
            _ => r.expected.get(index).cloned().flatten(),
        };
        for line in expectation_lines(expected.as_deref().unwrap_or_default()) {
            let _ = writeln!(out, "    Alors {line}");
        }
    }
    if let Some(invariant) = r.finding.invariant {
        let _ = writeln!(out, "    Alors {}", invariant_line(invariant));
    } else if let Some(state) = r.finding.state_after {
        let _ = writeln!(out, "    Alors {}", invariant_line(Invariant::State(state)));
    }
    out
}

/// The verification modes the journey may use (a scenario declares them, ARCHITECTURE.md
/// invariant 12).
fn capability_tags(steps: &[Step]) -> Vec<String> {
    use super::step::ModeChoice;
    let mut tags = std::collections::BTreeSet::new();
    for step in steps {
        let tag = match step {
            Step::Choose(ModeChoice::PostOffice) | Step::Counter(_) => "@mode-post-office",
            Step::Choose(ModeChoice::Postman) | Step::PostmanNoShow => "@mode-postman",
            Step::Choose(ModeChoice::Online { .. }) | Step::Ar24Identify => "@mode-online",
            _ => continue,
        };
        tags.insert(tag.to_string());
    }
    tags.into_iter().collect()
}

fn one_line(text: &str) -> String {
    text.replace('\n', " ")
}

/// The checks of a step's answers: one request, or several (a flood).
fn expectation_lines(expected: &[Expectation]) -> Vec<String> {
    match expected {
        [] => Vec::new(),
        [Expectation::Accepted] => vec!["la demande est acceptée".to_string()],
        [Expectation::Refused(code)] => {
            vec![format!("la demande est refusée avec le code « {code} »")]
        }
        many => vec![format!("les demandes reçoivent : « {} »", answers_text(many))],
    }
}

/// `acceptée, acceptée, rate_limited`.
pub fn answers_text(expected: &[Expectation]) -> String {
    let words: Vec<&str> = expected
        .iter()
        .map(|e| match e {
            Expectation::Accepted => "acceptée",
            Expectation::Refused(code) => code,
        })
        .collect();
    words.join(", ")
}

fn invariant_line(invariant: Invariant) -> String {
    match invariant {
        Invariant::State(state) => {
            let name = serde_json::to_value(state).ok().and_then(|v| v.as_str().map(String::from));
            format!("l'Espace Client de Camille montre l'état « {} »", name.unwrap_or_default())
        }
        Invariant::ActivePhone(Some(handset)) => {
            format!("seule l'application du smartphone {handset} fonctionne")
        }
        Invariant::ActivePhone(None) => "aucune application ne fonctionne".to_string(),
    }
}
