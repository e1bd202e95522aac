//! The steps of the fuzzer's regression features (`features/regressions/`): each plays a
//! step of the fuzzer ([`FuzzStep`]) with the fuzzer's own [`Driver`], so that a
//! regression replays exactly what the fuzzer did. A step's single answer is recorded like
//! any other step's (checked by « Alors la demande est acceptée » or « … refusée : « code »
//! »); several answers (a flood) by « Alors les demandes reçoivent : « … » ».
//!
//! The parameters read what `fuzz::feature` writes: a fuzzer's step in its own words, a
//! state by its name in the contract, a smartphone as `Handset` names it, the answers as
//! `acceptée` or a refusal code.

use super::params::phrases;
use super::{IdnWorld, StepError, StepResult, sentence};
use crate::failure::Failure;
use crate::fuzz::driver::{Answer, Driver};
use crate::fuzz::replay::Replay;
use crate::fuzz::step::{Handset, Step as FuzzStep};
use crate::journey::{Journey, JourneyError};
use cucumber::gherkin::Step;
use cucumber::{Parameter, given, then, when};
use idn_contract::enrolment::IdentityState;
use idn_contract::{CallError, Refusal, RefusalCode};
use std::convert::Infallible;
use std::str::FromStr;

/// A step of the fuzzer as its features write it after « Camille », read with
/// [`FuzzStep::parse`]. The fuzzer's vocabulary is open (any text may be one of its
/// steps), so the text matches and is kept: the step fails, naming it, when it is not a
/// step the fuzzer knows.
#[derive(Debug, Clone, Parameter)]
#[param(name = "pas_du_fuzzer", regex = r".+")]
struct PasDuFuzzer {
    text: String,
    step: Option<FuzzStep>,
}

impl FromStr for PasDuFuzzer {
    type Err = Infallible;
    fn from_str(s: &str) -> Result<Self, Infallible> {
        Ok(PasDuFuzzer { text: s.to_string(), step: FuzzStep::parse(s) })
    }
}

phrases! {
    /// The identity's state by its name in the contract (`active`,
    /// `awaiting_verification`), as the fuzzer's features write it.
    struct EtatDuContrat(IdentityState) as "etat_du_contrat" {
        "none" => IdentityState::None,
        "awaiting_verification" => IdentityState::AwaitingVerification,
        "verified" => IdentityState::Verified,
        "active" => IdentityState::Active,
        "blocked" => IdentityState::Blocked,
        "deleted" => IdentityState::Deleted,
        "expired" => IdentityState::Expired,
    }
}

/// One of the fuzzer's smartphones, as its features name it: `A`, `B`, `perdu n° 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Parameter)]
#[param(name = "smartphone_du_fuzzer", regex = r"A|B|perdu n° \d+")]
struct SmartphoneDuFuzzer(Handset);

impl FromStr for SmartphoneDuFuzzer {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let handset = Handset::parse(s).map(SmartphoneDuFuzzer);
        handset.ok_or_else(|| format!("`{s}` is not a smartphone of the fuzzer"))
    }
}

/// The answers to a step's requests, in order: `acceptée`, or the refusal code
/// (`acceptée, acceptée, rate_limited`).
#[derive(Debug, Clone, PartialEq, Eq, Parameter)]
#[param(
    name = "reponses",
    regex = r"(?:acceptée|[a-z][a-z0-9_]*)(?:, (?:acceptée|[a-z][a-z0-9_]*))*"
)]
struct Reponses(Vec<Answer>);

impl FromStr for Reponses {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let answer = |word: &str| match word {
            "acceptée" => Ok(Answer::Accepted),
            code => RefusalCode::parse(code)
                .map(Answer::Refused)
                .ok_or_else(|| format!("`{code}` is not a refusal code of the contract")),
        };
        s.split(", ").map(answer).collect::<Result<_, _>>().map(Reponses)
    }
}

/// `acceptée, acceptée, rate_limited`, as the features write answers.
fn words(answers: &[Answer]) -> String {
    let words: Vec<String> = answers
        .iter()
        .map(|a| match a {
            Answer::Accepted => "acceptée".to_string(),
            Answer::Refused(code) => code.as_str(),
        })
        .collect();
    words.join(", ")
}

fn replay_missing(w: &mut IdnWorld) -> StepError {
    w.fail(Failure::observed(
        "no fuzzer journey under way (start with « Soit Camille au départ d'un parcours du fuzzer »)",
    ))
}

fn replay(w: &mut IdnWorld) -> Result<&mut Replay, StepError> {
    if w.fuzz.is_none() {
        return Err(replay_missing(w));
    }
    Ok(w.fuzz.as_mut().expect("checked above"))
}

/// Runs `act` with the fuzzer's journey under way and the world's journey. The replay is
/// taken out of the world meanwhile (both are the world's), and always put back.
async fn with_replay<T>(
    w: &mut IdnWorld,
    act: impl AsyncFnOnce(&mut Replay, &mut Journey) -> T,
) -> Result<T, StepError> {
    let Some(mut replay) = w.fuzz.take() else { return Err(replay_missing(w)) };
    let done = match w.journey().await {
        Ok(j) => Ok(act(&mut replay, j).await),
        Err(e) => Err(e),
    };
    w.fuzz = Some(replay);
    done
}

// The scenario runs on the suite's own seed (not the fuzzer's world seed, which the
// feature keeps in a comment), so that its test clock is its own on a shared server.
#[given(regex = r"^Camille au départ d'un parcours du fuzzer$")]
async fn start(w: &mut IdnWorld) -> StepResult {
    w.before_start("start a fuzzer journey")?;
    w.allow_virtual_time(chrono::TimeDelta::days(crate::fuzz::MAX_VIRTUAL_DAYS))?;
    let j = w.journey().await?;
    let driver = Driver::start(j).await;
    let driver = w.settle(driver)?;
    w.fuzz = Some(Replay { driver, answers: Vec::new() });
    Ok(())
}

/// Plays the fuzzer's step. A single answer is recorded under this step's text, for the
/// next step to check; several (a flood) are kept for « les demandes reçoivent ».
#[when(expr = "pas {int} : Camille {pas_du_fuzzer}")]
async fn play(w: &mut IdnWorld, #[step] step: &Step, _number: u32, pas: PasDuFuzzer) -> StepResult {
    w.ensure_checked()?;
    let Some(fuzz_step) = pas.step else {
        let unknown = format!("« {} » is not a step the fuzzer knows", pas.text);
        return Err(w.fail(Failure::observed(unknown)));
    };
    let performed =
        with_replay(w, async |replay, j| replay.driver.perform(j, &fuzz_step).await).await?;
    let played = w.settle(performed)?.played();
    let name = sentence(step);
    let unlisted = played.iter().any(|p| p.listed == Some(false));
    w.check(!unlisted, || {
        Failure::unexpected(
            "the app opened by hand shows the login under way",
            format!("« {name} »: the app opened by hand does not show it"),
        )
        .enforcing(["AUTH-04"])
    })?;
    let answers: Vec<Answer> = played.into_iter().map(|p| p.answer).collect();
    match answers.as_slice() {
        [Answer::Accepted] => {
            w.record(&name, Ok(()))?;
        }
        [Answer::Refused(code)] => {
            let refusal = Refusal::new(*code, "(replayed by the fuzzer's driver)");
            let error =
                JourneyError::Call { step: name.clone(), source: CallError::Refused(refusal) };
            w.record::<()>(&name, Err(error))?;
        }
        _ => {}
    }
    replay(w)?.answers = answers;
    Ok(())
}

#[then(expr = "les demandes reçoivent : « {reponses} »")]
async fn answers(w: &mut IdnWorld, expected: Reponses) -> StepResult {
    let got = replay(w)?.answers.clone();
    w.check(got == expected.0, || {
        Failure::unexpected(format!("« {} »", words(&expected.0)), format!("« {} »", words(&got)))
    })
}

#[then(expr = "l'Espace Client de Camille montre l'état « {etat_du_contrat} »")]
async fn state_is(w: &mut IdnWorld, expected: EtatDuContrat) -> StepResult {
    w.ensure_checked()?;
    let view = with_replay(w, async |replay, j| replay.driver.espace_client(j).await).await?;
    let shown = w.settle(view)?.state;
    w.check(shown == expected.0, || {
        Failure::unexpected(
            format!("the state « {expected} »"),
            format!("the Espace Client shows « {} »", EtatDuContrat(shown)),
        )
    })
}

#[then(expr = "seule l'application du smartphone {smartphone_du_fuzzer} fonctionne")]
async fn only_phone_works(w: &mut IdnWorld, phone: SmartphoneDuFuzzer) -> StepResult {
    phones_work(w, Some(phone.0)).await
}

#[then("aucune application ne fonctionne")]
async fn no_phone_works(w: &mut IdnWorld) -> StepResult {
    phones_work(w, None).await
}

/// Checks each smartphone's app in turn: only `active`'s may work.
async fn phones_work(w: &mut IdnWorld, active: Option<Handset>) -> StepResult {
    w.ensure_checked()?;
    let wrong = with_replay(w, async |replay, j| {
        for (handset, device) in replay.driver.handsets() {
            let answer = replay.driver.app_works(j, &device).await?;
            if (answer == Answer::Accepted) != (Some(handset) == active) {
                return Ok(Some((handset, answer)));
            }
        }
        Ok::<_, JourneyError>(None)
    })
    .await?;
    let Some((handset, answer)) = w.settle(wrong)? else { return Ok(()) };
    let expected = match active {
        Some(active) => format!("only the app on smartphone {active} works"),
        None => "no app works".to_string(),
    };
    Err(w.fail(Failure::unexpected(
        expected,
        format!("the app on smartphone {handset} is {answer}"),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::params::matches;

    // Checks that the parameters read what `fuzz::feature` writes: every state by its name
    // in the contract, the smartphones, and the answers of a flood.
    #[test]
    fn parameters_read_the_fuzzers_words() {
        let states = [
            IdentityState::None,
            IdentityState::AwaitingVerification,
            IdentityState::Verified,
            IdentityState::Active,
            IdentityState::Blocked,
            IdentityState::Deleted,
            IdentityState::Expired,
        ];
        for state in states {
            // The name `fuzz::feature` writes is the contract's serde name.
            let name = serde_json::to_value(state).expect("a state serializes");
            let name = name.as_str().expect("a state is a string");
            assert!(matches::<EtatDuContrat>(name), "{name}");
            assert_eq!(name.parse::<EtatDuContrat>().unwrap().0, state);
        }
        let lost = "perdu n° 2".parse::<SmartphoneDuFuzzer>().unwrap().0;
        assert_eq!(lost, Handset::Lost(2));
        let flood = "acceptée, acceptée, rate_limited".parse::<Reponses>().unwrap().0;
        assert_eq!(words(&flood), "acceptée, acceptée, rate_limited");
        assert!("acceptée, not_a_code".parse::<Reponses>().is_err());
    }
}
