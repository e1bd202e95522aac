//! Waiting for what the world delivers to a person, and reading it as they would.

use crate::journey::{Journey, JourneyError};
use chrono::TimeDelta;
use idn_contract::PhoneNumber;

/// Waits until a new e-mail whose subject contains `subject` reaches `email` (inbox or
/// spam: ACC-01 warns that it may land in spam), and returns its body.
pub async fn wait_for_mail(
    j: &mut Journey,
    email: &str,
    subject: &str,
    max: TimeDelta,
) -> Result<String, JourneyError> {
    let seen = mails_with(j, email, subject);
    let what = format!("an e-mail \"{subject}\" to {email}");
    let (owned_email, owned_subject) = (email.to_string(), subject.to_string());
    let waited = j
        .world
        .run_until(&what, move |w| mails_with_in(w, &owned_email, &owned_subject) > seen, max)
        .await;
    waited.map_err(|e| j.world_error(e))?;
    let latest = j.world.mailbox(email).latest(subject).map(|m| m.body.clone());
    let body = latest.expect("run_until saw the new message");
    Ok(body)
}

/// Waits for a new e-mail and reads the code in it.
pub async fn wait_for_mail_code(
    j: &mut Journey,
    email: &str,
    subject: &str,
    max: TimeDelta,
) -> Result<String, JourneyError> {
    let body = wait_for_mail(j, email, subject, max).await?;
    idn_world::read_code(&body)
        .ok_or_else(|| j.unexpected(format!("a code in the e-mail \"{subject}\""), body))
}

/// Waits until a new SMS reaches `number`, and returns its text.
pub async fn wait_for_sms(
    j: &mut Journey,
    number: &PhoneNumber,
    max: TimeDelta,
) -> Result<String, JourneyError> {
    let seen = j.world.received_sms(number).len();
    let what = format!("an SMS to {number}");
    let owned = number.clone();
    let waited = j.world.run_until(&what, move |w| w.received_sms(&owned).len() > seen, max).await;
    waited.map_err(|e| j.world_error(e))?;
    let text = j.world.received_sms(number).last().map(|s| s.text.clone());
    Ok(text.expect("run_until saw the new SMS"))
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

fn mails_with(j: &Journey, email: &str, subject: &str) -> usize {
    mails_with_in(&j.world, email, subject)
}

fn mails_with_in(w: &idn_world::World, email: &str, subject: &str) -> usize {
    w.mailbox(email).all().into_iter().filter(|m| m.subject.contains(subject)).count()
}
