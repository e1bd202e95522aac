//! What reaches a person, read as they would: they look at their mail after their own
//! delay (`Behaviour::answers_mail_after`), read codes from the text, and may mistype one
//! (`Behaviour::mistypes_codes`), in which case they read it again and retype it.

use crate::journey::{Journey, JourneyError};
use chrono::TimeDelta;
use idn_contract::{CallError, Operation, PhoneNumber, RefusalCode, Timestamp};
use idn_world::PersonId;

/// An e-mail as the person read it.
pub struct ReadMail {
    pub body: String,
    /// When it reached the mailbox (the person read it `answers_mail_after` later).
    pub arrived_at: Timestamp,
}

/// How many times a person types a code before giving up.
const TYPING_ATTEMPTS: u32 = 3;

/// Waits until a new e-mail whose subject starts with `subject` reaches the person (inbox or
/// spam: ACC-01 warns that it may land in spam), then until they look at it.
pub async fn wait_for_mail(
    j: &mut Journey,
    person: PersonId,
    subject: &str,
    max: TimeDelta,
) -> Result<ReadMail, JourneyError> {
    let p = j.world.person(person).clone();
    let seen = mails_with(&j.world, &p.email, subject);
    let what = format!("an e-mail \"{subject}\" to {}", p.email);
    let (email, owned_subject) = (p.email.clone(), subject.to_string());
    let waited =
        j.world.run_until(&what, move |w| mails_with(w, &email, &owned_subject) > seen, max).await;
    waited.map_err(|e| j.world_error(e))?;
    let mail = j
        .world
        .mailbox(&p.email)
        .all()
        .into_iter()
        .rev()
        .find(|m| m.subject.starts_with(subject))
        .expect("run_until saw the new message");
    let read = ReadMail { body: mail.body.clone(), arrived_at: mail.at };
    let looked = j.world.run_for(p.behaviour.answers_mail_after).await;
    looked.map_err(|e| j.world_error(e))?;
    Ok(read)
}

/// Waits for a new e-mail and reads the code in it.
pub async fn wait_for_mail_code(
    j: &mut Journey,
    person: PersonId,
    subject: &str,
    max: TimeDelta,
) -> Result<String, JourneyError> {
    let mail = wait_for_mail(j, person, subject, max).await?;
    idn_world::read_code(&mail.body)
        .ok_or_else(|| j.unexpected(format!("a code in the e-mail \"{subject}\""), mail.body))
}

/// Waits until a new SMS reaches `number`, and returns its text.
pub async fn wait_for_sms(
    j: &mut Journey,
    number: &PhoneNumber,
    max: TimeDelta,
) -> Result<String, JourneyError> {
    wait_for_sms_containing(j, number, "", max).await
}

/// Waits until a new SMS whose text contains `text` reaches `number` (an SMS of another
/// kind, such as a leftover code from an abandoned step, is not taken for it).
pub async fn wait_for_sms_containing(
    j: &mut Journey,
    number: &PhoneNumber,
    text: &str,
    max: TimeDelta,
) -> Result<String, JourneyError> {
    let count = |w: &idn_world::World, number: &PhoneNumber, text: &str| {
        w.received_sms(number).iter().filter(|s| s.text.contains(text)).count()
    };
    let seen = count(&j.world, number, text);
    let what = if text.is_empty() {
        format!("an SMS to {number}")
    } else {
        format!("an SMS « {text} » to {number}")
    };
    let (owned, wanted) = (number.clone(), text.to_string());
    let waited = j.world.run_until(&what, move |w| count(w, &owned, &wanted) > seen, max).await;
    waited.map_err(|e| j.world_error(e))?;
    let latest = j.world.received_sms(number).into_iter().rev().find(|s| s.text.contains(text));
    Ok(latest.map(|s| s.text.clone()).expect("run_until saw the new SMS"))
}

/// Waits for a new SMS and reads the code in it.
pub async fn wait_for_sms_code(
    j: &mut Journey,
    number: &PhoneNumber,
    max: TimeDelta,
) -> Result<String, JourneyError> {
    let text = wait_for_sms(j, number, max).await?;
    idn_world::read_code(&text).ok_or_else(|| j.unexpected("a code in the SMS", text))
}

/// Types `code` into the operation `make` builds, as `person` would: when they mistyped it
/// and the SUT says `code_invalid`, they read it again and retype it.
pub async fn type_code<O: Operation>(
    j: &mut Journey,
    person: PersonId,
    actor: &idn_world::Actor,
    code: &str,
    make: impl Fn(String) -> O,
) -> Result<O::Reply, JourneyError> {
    for _ in 1..TYPING_ATTEMPTS {
        let typed = j.world.typed_code(person, code);
        match j.world.call(actor, make(typed.clone())).await {
            Err(CallError::Refused(r)) if r.code == RefusalCode::CodeInvalid && typed != code => {
                let name = j.world.person(person).full_name();
                j.note(format!(
                    "{name} mistypes the code ({typed}), is told it is wrong, and types it again"
                ));
            }
            outcome => return outcome.map_err(|e| j.call_error(e)),
        }
    }
    j.call(actor, make(code.to_string())).await
}

/// E-mails whose subject starts with `subject`: AR24's « Rappel : Vous avez reçu… » is
/// not the letter's own « Vous avez reçu… ».
fn mails_with(w: &idn_world::World, email: &str, subject: &str) -> usize {
    w.mailbox(email).all().into_iter().filter(|m| m.subject.starts_with(subject)).count()
}
