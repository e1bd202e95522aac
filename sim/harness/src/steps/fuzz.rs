//! The steps of the fuzzer's regression features (`features/regressions/`): each plays a
//! [`Step`] with the fuzzer's own [`Driver`], so that a regression replays exactly what
//! the fuzzer did. A step's single answer is recorded like any other step's (checked by
//! « Alors la demande est acceptée » or « … refusée : « code » »); several answers (a
//! flood) by « Alors les demandes reçoivent : « … » ».

use super::{IdnWorld, StepError, StepResult};
use crate::fuzz::driver::{Answer, Driver};
use crate::fuzz::step::{Handset, Step};
use crate::journey::JourneyError;
use cucumber::{given, then, when};
use idn_contract::{CallError, Refusal, RefusalCode};

/// A fuzzer's journey under way in a feature.
#[derive(Debug)]
pub struct Replay {
    driver: Driver,
    /// The answers of the last step, when it made more than one request.
    answers: Vec<Answer>,
}

fn replay(w: &mut IdnWorld) -> Result<&mut Replay, StepError> {
    w.fuzz.as_mut().ok_or_else(|| {
        StepError(
            "no fuzzer journey under way (start with « Soit Camille au départ d'un parcours du fuzzer »)"
                .to_string(),
        )
    })
}

// The scenario runs on the suite's own seed (not the fuzzer's world seed, which the
// feature keeps in a comment), so that its test clock is its own on a shared server.
#[given(regex = r"^Camille au départ d'un parcours du fuzzer$")]
async fn start(w: &mut IdnWorld) -> StepResult {
    w.before_start("start a fuzzer journey")?;
    w.allow_virtual_time(chrono::TimeDelta::days(crate::fuzz::MAX_VIRTUAL_DAYS))?;
    let j = w.journey().await?;
    let driver = Driver::start(j).await?;
    w.fuzz = Some(Replay { driver, answers: Vec::new() });
    Ok(())
}

#[when(regex = r"^pas (\d+) : Camille (.+)$")]
async fn play(w: &mut IdnWorld, _number: String, text: String) -> StepResult {
    w.ensure_checked()?;
    let step = Step::parse(&text)
        .ok_or_else(|| StepError(format!("« {text} » is not a step the fuzzer knows")))?;
    let mut under_way = w.fuzz.take().ok_or_else(replay_missing)?;
    let result = match w.journey().await {
        Ok(j) => under_way.driver.perform(j, &step).await,
        Err(e) => {
            w.fuzz = Some(under_way);
            return Err(e);
        }
    };
    w.fuzz = Some(under_way);
    let played = result?.played();
    let name = format!("Camille {text}");
    if played.iter().any(|p| p.listed == Some(false)) {
        return Err(StepError(format!(
            "« {name} »: the app opened by hand does not show the login under way (AUTH-04)"
        )));
    }
    let answers = played.into_iter().map(|p| p.answer).collect::<Vec<_>>();
    match answers.as_slice() {
        [] => {}
        [Answer::Accepted] => {
            w.record(&name, Ok(()))?;
        }
        [Answer::Refused(code)] => {
            let code = RefusalCode::parse(code).ok_or_else(|| {
                StepError(format!("« {name} » was refused with `{code}`, not a contract code"))
            })?;
            let refusal = Refusal::new(code, "(replayed by the fuzzer's driver)");
            let error =
                JourneyError::Call { step: name.clone(), source: CallError::Refused(refusal) };
            w.record::<()>(&name, Err(error))?;
        }
        _ => {}
    }
    replay(w)?.answers = answers;
    Ok(())
}

fn replay_missing() -> StepError {
    StepError("no fuzzer journey under way".to_string())
}

#[then(regex = r"^les demandes reçoivent : « (.+) »$")]
async fn answers(w: &mut IdnWorld, expected: String) -> StepResult {
    let got = &replay(w)?.answers;
    let words: Vec<&str> = got
        .iter()
        .map(|a| match a {
            Answer::Accepted => "acceptée",
            Answer::Refused(code) => code.as_str(),
        })
        .collect();
    let got_text = words.join(", ");
    match got_text == expected {
        true => Ok(()),
        false => Err(StepError(format!("expected « {expected} », observed « {got_text} »"))),
    }
}

#[then(regex = r"^l'Espace Client de Camille montre l'état « (.+) »$")]
async fn state_is(w: &mut IdnWorld, expected: String) -> StepResult {
    w.ensure_checked()?;
    let mut replay = w.fuzz.take().ok_or_else(replay_missing)?;
    let view = match w.journey().await {
        Ok(j) => replay.driver.espace_client(j).await,
        Err(e) => Err(JourneyError::Unexpected {
            step: "the Espace Client".to_string(),
            expected: "a world".to_string(),
            observed: e.0,
        }),
    };
    w.fuzz = Some(replay);
    let view = view?;
    let shown = serde_json::to_value(view.state).ok().and_then(|v| v.as_str().map(String::from));
    let shown = shown.unwrap_or_default();
    match shown == expected {
        true => Ok(()),
        false => Err(StepError(format!("the Espace Client shows « {shown} », not « {expected} »"))),
    }
}

#[then(regex = r"^seule l'application du smartphone (A|B|perdu n° \d+) fonctionne$")]
async fn only_phone_works(w: &mut IdnWorld, phone: String) -> StepResult {
    let active = Handset::parse(&phone)
        .ok_or_else(|| StepError(format!("« {phone} » is not a smartphone of the fuzzer")))?;
    phones_work(w, Some(active)).await
}

#[then("aucune application ne fonctionne")]
async fn no_phone_works(w: &mut IdnWorld) -> StepResult {
    phones_work(w, None).await
}

async fn phones_work(w: &mut IdnWorld, active: Option<Handset>) -> StepResult {
    w.ensure_checked()?;
    let replay = w.fuzz.take().ok_or_else(replay_missing)?;
    let mut found = Ok(());
    if let Ok(j) = w.journey().await {
        for (handset, device) in replay.driver.handsets() {
            match replay.driver.app_works(j, &device).await {
                Ok(answer) if (answer == Answer::Accepted) != (Some(handset) == active) => {
                    found = Err(StepError(format!(
                        "the app on smartphone {handset} is {answer} while the active one should be {active:?}"
                    )));
                    break;
                }
                Ok(_) => {}
                Err(e) => {
                    found = Err(e.into());
                    break;
                }
            }
        }
    }
    w.fuzz = Some(replay);
    found
}
