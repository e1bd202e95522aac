//! The Compte La Poste step by step (ACC-01..08, ELIG-04): the e-mail and its 6-digit
//! code (in the inbox or the spam folder), the password, the mobile and its SMS code with
//! the re-send countdown, civility and names, the CGU, « Se connecter » with an existing
//! account, and the two « mot de passe oublié » routes. Codes are read from the e-mail or
//! the SMS as the person reads them, at the moment the step says they arrived.

use super::params::{Personne, Texte};
use super::{IdnWorld, StepError, StepResult};
use crate::failure::Failure;
use crate::flows::inbox::{type_code, wait_for_mail_code, wait_for_sms, wait_for_sms_code};
use crate::journey::{Journey, JourneyError};
use chrono::TimeDelta;
use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use idn_contract::account::*;
use idn_contract::enrolment::EnrolmentDeclareDocument;
use idn_contract::{RefusalCode, SessionToken};
use idn_world::{Folder, MailMessage, PersonId, World, read_code, read_link_token};

/// The subject of the e-mail that carries a 6-digit code (ARCHITECTURE, texts).
const CODE_SUBJECT: &str = "Votre code de vérification";

/// How a new password is made from the old one, so that a scenario can still name the old
/// one afterwards (« son ancien mot de passe »). The result meets ACC-03's baseline.
const NEW_PASSWORD_PREFIX: &str = "Nouveau-";

/// The password a person chooses when they reset or change theirs.
pub fn renewed_password(old: &str) -> String {
    format!("{NEW_PASSWORD_PREFIX}{old}")
}

/// The password the person had before their last change, if they changed it.
fn previous_password(current: &str) -> Option<String> {
    current.strip_prefix(NEW_PASSWORD_PREFIX).map(str::to_string)
}

/// `code` typed wrong: its last digit moved by one, as a person slips.
fn mistyped(code: &str) -> String {
    let mut chars: Vec<char> = code.chars().collect();
    if let Some(last) = chars.last_mut() {
        *last = match last.to_digit(10) {
            Some(d) => char::from_digit((d + 1) % 10, 10).expect("a digit"),
            None => '0',
        };
    }
    chars.into_iter().collect()
}

/// Waits until a new e-mail that `wanted` recognises reaches the person (inbox or spam),
/// and returns it as it arrived.
async fn receive_mail(
    w: &mut IdnWorld,
    who: &str,
    what: &str,
    wanted: fn(&MailMessage) -> bool,
) -> Result<MailMessage, StepError> {
    w.ensure_checked()?;
    let email = w.person_data(who).await?.email;
    let j = w.journey().await?;
    let count =
        |world: &World| world.mailbox(&email).all().into_iter().filter(|m| wanted(m)).count();
    let seen = count(&j.world);
    let waited = j.world.run_until(what, |world| count(world) > seen, TimeDelta::hours(1)).await;
    let mailbox = j.world.mailbox(&email);
    let arrived = mailbox.all().into_iter().rev().find(|m| wanted(m)).cloned();
    match (waited, arrived) {
        (Ok(()), Some(mail)) => Ok(mail),
        (waited, _) => {
            let why = waited.err().map(|e| e.to_string()).unwrap_or_default();
            Err(w.fail(Failure::unexpected(format!("{who} receives {what}"), why)))
        }
    }
}

fn carries_code(mail: &MailMessage) -> bool {
    mail.subject.contains(CODE_SUBJECT)
}

fn carries_reset_link(mail: &MailMessage) -> bool {
    read_link_token(&mail.body).is_some()
}

/// The code of the latest e-mail « Votre code de vérification » the person received.
async fn mail_code(w: &mut IdnWorld, who: &str) -> Result<String, StepError> {
    let email = w.person_data(who).await?.email;
    let code = w.journey().await?.world.latest_mail_code(&email, CODE_SUBJECT);
    let missing = || format!("{who} has no e-mail « {CODE_SUBJECT} » with a code to type");
    code.ok_or_else(|| w.fail(Failure::observed(missing())))
}

/// The code of the latest SMS that reached the person's phone.
async fn sms_code(w: &mut IdnWorld, who: &str) -> Result<String, StepError> {
    let number = w.person_data(who).await?.phone_number;
    let code = w.journey().await?.world.latest_sms_code(&number);
    code.ok_or_else(|| w.fail(Failure::observed(format!("{who} has no SMS with a code to type"))))
}

/// Fails unless `code` has `digits` digits.
fn check_length(
    w: &mut IdnWorld,
    who: &str,
    channel: &str,
    code: &str,
    digits: usize,
) -> StepResult {
    let ok = code.len() == digits && code.chars().all(|c| c.is_ascii_digit());
    w.check(ok, || {
        Failure::unexpected(
            format!("a code of {digits} digits by {channel}"),
            format!("the code {who} received by {channel} is « {code} »"),
        )
    })
}

// ---- Set-ups: an account part-way through its creation --------------------------------

/// ÉTAPES 5 to 7 done quickly: the e-mail confirmed with its code, a password chosen.
async fn confirm_email_and_password(w: &mut IdnWorld, who: &str) -> StepResult {
    let person = w.person(who).await?;
    let j = w.journey().await?;
    let done = email_and_password(j, person, who).await;
    let session = w.settle(done)?;
    w.holder(who)?.session = Some(session);
    Ok(())
}

async fn email_and_password(
    j: &mut Journey,
    person: PersonId,
    who: &str,
) -> Result<SessionToken, JourneyError> {
    let p = j.world.person(person).clone();
    let me = p.actor();
    j.step(format!("{who} starts a Compte La Poste with {} (ÉTAPES 5 and 6)", p.email));
    let session = j.call(&me, AccountStart { email: p.email.clone() }).await?.session;
    let code = wait_for_mail_code(j, person, CODE_SUBJECT, TimeDelta::hours(1)).await?;
    let confirm = |code| AccountConfirmEmail { session: session.clone(), code };
    type_code(j, person, &me, &code, confirm).await?;
    j.step(format!("{who} creates a password (ÉTAPE 7)"));
    let password = AccountSetPassword { session: session.clone(), password: p.password.clone() };
    j.call(&me, password).await?;
    Ok(session)
}

#[given(expr = "{personne} a confirmé son adresse e-mail et choisi son mot de passe")]
async fn has_email_and_password(w: &mut IdnWorld, who: Personne) -> StepResult {
    confirm_email_and_password(w, &who).await
}

/// Everything of ÉTAPES 5 to 12 but « ACCEPTER » the CGU (ÉTAPE 10).
#[given(expr = "{personne} a renseigné son compte La Poste sans accepter les CGU")]
async fn has_all_but_cgu(w: &mut IdnWorld, who: Personne) -> StepResult {
    confirm_email_and_password(w, &who).await?;
    let person = w.person(&who).await?;
    let session = w.session(&who)?;
    let j = w.journey().await?;
    let done = mobile_and_names(j, person, &who, session).await;
    w.settle(done)
}

async fn mobile_and_names(
    j: &mut Journey,
    person: PersonId,
    who: &str,
    session: SessionToken,
) -> Result<(), JourneyError> {
    let p = j.world.person(person).clone();
    let me = p.actor();
    j.step(format!("{who} gives the mobile number {} (ÉTAPE 8)", p.phone_number));
    let phone = p.phone_number.clone();
    j.call(&me, AccountSetMobile { session: session.clone(), phone }).await?;
    let code = wait_for_sms_code(j, &p.phone_number, TimeDelta::minutes(10)).await?;
    let confirm = |code| AccountConfirmMobile { session: session.clone(), code };
    type_code(j, person, &me, &code, confirm).await?;
    j.step(format!("{who} gives civility and names (ÉTAPE 9), and does not click « ACCEPTER »"));
    let names = crate::flows::account::names_of(&p.identity, session.clone());
    j.call(&me, names).await?;
    Ok(())
}

// ---- ÉTAPES 5 and 6: the e-mail and its code (ACC-01, ACC-08) --------------------------

#[when(expr = "{personne} commence la création de son compte La Poste avec son adresse e-mail")]
async fn start_account(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let email = w.person_data(&who).await?.email;
    let narrative = format!("{who} chooses the e-mail address {email} (ÉTAPE 5)");
    if let Some(started) = w.ask_as(step, &who, narrative, AccountStart { email }).await? {
        w.holder(&who)?.session = Some(started.session);
    }
    Ok(())
}

/// Waits for the e-mail « Votre code de vérification » (inbox or spam) and checks its code.
#[when(expr = "{personne} reçoit un code à 6 chiffres par e-mail")]
#[then(expr = "{personne} reçoit un code à 6 chiffres par e-mail")]
async fn receives_mail_code(w: &mut IdnWorld, who: Personne) -> StepResult {
    let mail = receive_mail(w, &who, "an e-mail « Votre code de vérification »", carries_code);
    let code = read_code(&mail.await?.body).unwrap_or_default();
    check_length(w, &who, "e-mail", &code, 6)
}

#[then(expr = "{personne} trouve l'e-mail {texte} dans le dossier « Indésirables\\/SPAMS »")]
async fn mail_in_spam(w: &mut IdnWorld, who: Personne, subject: Texte) -> StepResult {
    let email = w.person_data(&who).await?.email;
    let j = w.journey().await?;
    let folder = j.world.mailbox(&email).latest(&subject.0).map(|m| m.folder);
    w.check(folder == Some(Folder::Spam), || {
        Failure::unexpected(
            format!("the latest e-mail « {} » of {who} in the spam folder", subject.0),
            format!("it is in {folder:?}"),
        )
    })
}

#[when(expr = "{personne} saisit le code reçu par e-mail")]
async fn types_mail_code(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let code = mail_code(w, &who).await?;
    let session = w.session(&who)?;
    let narrative = format!("{who} types the code received by e-mail (ÉTAPE 6)");
    w.ask_as(step, &who, narrative, AccountConfirmEmail { session, code }).await?;
    Ok(())
}

/// Types a wrong code `n` times in a row: each but the last must be refused `code_invalid`;
/// the last answer is left for the next step to check (ACC-08).
#[when(expr = "{personne} se trompe {int} fois en saisissant le code reçu par e-mail")]
async fn mistypes_mail_code(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    n: u32,
) -> StepResult {
    let wrong = mistyped(&mail_code(w, &who).await?);
    let session = w.session(&who)?;
    let me = w.person_data(&who).await?.actor();
    let mistypes = async |j: &mut Journey| {
        for attempt in 1..n {
            j.step(format!("{who} types a wrong e-mail code ({wrong}), attempt {attempt}"));
            let op = AccountConfirmEmail { session: session.clone(), code: wrong.clone() };
            j.call_refused(&me, op, RefusalCode::CodeInvalid).await?;
        }
        j.step(format!("{who} types a wrong e-mail code ({wrong}), attempt {n}"));
        j.call(&me, AccountConfirmEmail { session, code: wrong.clone() }).await
    };
    w.ask(step, mistypes).await?;
    Ok(())
}

/// « Renvoyer le code » of ÉTAPE 6.
#[when(expr = "{personne} demande à recevoir un nouveau code par e-mail")]
async fn resend_mail_code(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let session = w.session(&who)?;
    let narrative = format!("{who} asks for the e-mail code again");
    w.ask_as(step, &who, narrative, AccountResendEmailCode { session }).await?;
    Ok(())
}

/// Counts every e-mail whose subject contains the text (inbox and spam).
#[then(expr = "{personne} a reçu en tout {int} e-mail(s) {texte}")]
async fn mail_count(w: &mut IdnWorld, who: Personne, n: usize, subject: Texte) -> StepResult {
    let email = w.person_data(&who).await?.email;
    let j = w.journey().await?;
    let ran = j.world.run_for(TimeDelta::minutes(1)).await;
    let got =
        j.world.mailbox(&email).all().iter().filter(|m| m.subject.contains(&subject.0)).count();
    w.settle(ran)?;
    w.check(got == n, || {
        Failure::unexpected(
            format!("{n} e-mails « {} » for {who}", subject.0),
            format!("{who} received {got}"),
        )
    })
}

// ---- ÉTAPE 7: the password (ACC-03) ---------------------------------------------------

/// One sentence, with or without the guide's « (ÉTAPE 7) »; said as the guide says it, it
/// is told as the guide's other ÉTAPES are (`<full name> — ÉTAPE n`), so that the guide's
/// narrative reads as one story.
#[when(
    regex = r"^([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?) crée son mot de passe((?: \(ÉTAPE 7\))?)$"
)]
async fn sets_password(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    guide: String,
) -> StepResult {
    let person = w.person_data(&who).await?;
    let session = w.session(&who)?;
    let narrative = match guide.is_empty() {
        true => format!("{who} creates a password (ÉTAPE 7)"),
        false => format!("{} — ÉTAPE 7", person.full_name()),
    };
    let op = AccountSetPassword { session, password: person.password };
    w.ask_as(step, &who, narrative, op).await?;
    Ok(())
}

// ---- ÉTAPES 8, 11 and 12: the mobile and its SMS code (ACC-04, ELIG-04) ----------------

#[when(expr = "{personne} renseigne son numéro de mobile")]
async fn sets_mobile(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let phone = w.person_data(&who).await?.phone_number;
    let session = w.session(&who)?;
    let narrative = format!("{who} gives the mobile number {phone} (ÉTAPES 8 and 11)");
    w.ask_as(step, &who, narrative, AccountSetMobile { session, phone }).await?;
    Ok(())
}

/// Waits for a new SMS on the person's phone and checks the code in it.
#[when(expr = "{personne} reçoit un code à 4 chiffres par SMS")]
#[then(expr = "{personne} reçoit un code à 4 chiffres par SMS")]
async fn receives_sms_code(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let number = w.person_data(&who).await?.phone_number;
    let j = w.journey().await?;
    let text = wait_for_sms(j, &number, TimeDelta::minutes(10)).await;
    let code = read_code(&w.settle(text)?).unwrap_or_default();
    check_length(w, &who, "SMS", &code, 4)
}

#[when(expr = "{personne} saisit le code reçu par SMS")]
async fn types_sms_code(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let code = sms_code(w, &who).await?;
    let session = w.session(&who)?;
    let narrative = format!("{who} types the code received by SMS (ÉTAPE 12)");
    w.ask_as(step, &who, narrative, AccountConfirmMobile { session, code }).await?;
    Ok(())
}

/// « Vous n'avez pas reçu par sms ? »: asks for the SMS code again.
#[when(expr = "{personne} demande le renvoi du sms")]
async fn resend_sms(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let session = w.session(&who)?;
    let narrative = format!("{who} clicks « Vous n'avez pas reçu par sms ? »");
    w.ask_as(step, &who, narrative, AccountResendSms { session }).await?;
    Ok(())
}

/// The re-send was refused `sms_resend_too_soon`, and the countdown (« Veuillez patienter
/// 00:54 ») shows `seconds` left.
#[then(expr = "le renvoi du sms est refusé, le compte à rebours indiquant encore {int} secondes")]
async fn resend_countdown(w: &mut IdnWorld, seconds: u64) -> StepResult {
    let refusal = w.expect_refusal(RefusalCode::SmsResendTooSoon)?;
    w.check(refusal.retry_after_s == Some(seconds), || {
        Failure::unexpected(
            format!("a countdown of {seconds} seconds"),
            format!("{:?} seconds left ({})", refusal.retry_after_s, refusal.message),
        )
    })
}

// ---- ÉTAPES 9 and 10: names and CGU (ACC-05) -------------------------------------------

#[when(expr = "{personne} renseigne sa civilité, ses prénoms et son nom")]
async fn sets_names(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let identity = w.person_data(&who).await?.identity;
    let session = w.session(&who)?;
    let names = crate::flows::account::names_of(&identity, session);
    let narrative = format!("{who} gives civility and names (ÉTAPE 9)");
    w.ask_as(step, &who, narrative, names).await?;
    Ok(())
}

#[when(expr = "{personne} accepte les CGU en cliquant sur « ACCEPTER »")]
async fn accepts_cgu(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let session = w.session(&who)?;
    let narrative = format!("{who} accepts the CGU: « ACCEPTER » (ÉTAPE 10)");
    w.ask_as(step, &who, narrative, AccountAcceptCgu { session }).await?;
    Ok(())
}

/// ÉTAPE 13 reached from the account: « Oui » to « Avez vous une pièce d'identité
/// française ? », which needs a complete account.
#[when(expr = "{personne} passe à la création de son Identité Numérique")]
async fn goes_on_to_enrolment(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let session = w.session(&who)?;
    let narrative = format!("{who} goes on to ÉTAPE 13 and answers « Oui »");
    let declare = EnrolmentDeclareDocument { session, has_french_document: true };
    w.ask_as(step, &who, narrative, declare).await?;
    Ok(())
}

// ---- « Se connecter » (ACC-02) and the Espace Client ---------------------------------

/// « Se connecter » with the e-mail and the current password of an existing account.
#[when(
    expr = "{personne} clique sur « Se connecter » et saisit l'adresse e-mail et le mot de passe de son compte La Poste"
)]
#[when(expr = "{personne} se connecte à l'Espace Client avec son nouveau mot de passe")]
async fn logs_in(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let p = w.person_data(&who).await?;
    let narrative = format!("{who} logs in with {} and the current password", p.email);
    let login = WebLogin { email: p.email, password: p.password };
    if let Some(logged) = w.ask_as(step, &who, narrative, login).await? {
        w.holder(&who)?.session = Some(logged.session);
    }
    Ok(())
}

#[when(expr = "{personne} se connecte à l'Espace Client avec son ancien mot de passe")]
async fn logs_in_with_old_password(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
) -> StepResult {
    let p = w.person_data(&who).await?;
    let Some(old) = previous_password(&p.password) else {
        let unchanged = format!("{who} has not changed their password in this scenario");
        return Err(w.fail(Failure::observed(unchanged)));
    };
    let narrative = format!("{who} logs in with the old password");
    w.ask_as(step, &who, narrative, WebLogin { email: p.email, password: old }).await?;
    Ok(())
}

// ---- « Mot de passe oublié » (ACC-06, ACC-07, ACC-08) ----------------------------------

/// The Compte La Poste's route: a link by e-mail (ACC-06).
#[when(
    expr = "{personne} clique sur « mot de passe oublié » sous « Se connecter » du compte La Poste"
)]
async fn forgot_password_link(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    reset_request(w, step, &who, ResetMethod::Link).await
}

/// The Espace Client's route: a 6-digit code by e-mail (ACC-07).
#[when(
    expr = "{personne} clique sur « mot de passe oublié » de l'Espace Client et renseigne son adresse e-mail"
)]
async fn forgot_password_code(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    reset_request(w, step, &who, ResetMethod::Code).await
}

async fn reset_request(
    w: &mut IdnWorld,
    step: &Step,
    who: &str,
    method: ResetMethod,
) -> StepResult {
    let email = w.person_data(who).await?.email;
    let narrative = format!("{who} clicks « mot de passe oublié » ({method:?}) and types {email}");
    w.ask_as(step, who, narrative, PasswordResetRequest { email, method }).await?;
    Ok(())
}

#[when(expr = "{personne} reçoit un e-mail avec le lien de réinitialisation")]
#[then(expr = "{personne} reçoit un e-mail avec le lien de réinitialisation")]
async fn receives_reset_link(w: &mut IdnWorld, who: Personne) -> StepResult {
    receive_mail(w, &who, "an e-mail with a reset link", carries_reset_link).await.map(|_| ())
}

/// Follows the link of the latest reset e-mail and types a new password.
#[when(expr = "{personne} suit le lien de réinitialisation et définit un nouveau mot de passe")]
async fn follows_reset_link(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let email = w.person_data(&who).await?.email;
    let token = w.journey().await?.world.reset_token_from_mail(&email);
    let Some(token) = token else {
        let missing = format!("{who} has no e-mail with a reset link to follow");
        return Err(w.fail(Failure::observed(missing)));
    };
    let narrative = format!("{who} follows the reset link and defines a new password");
    reset_complete(w, step, &who, narrative, token).await
}

#[when(expr = "{personne} saisit le code reçu par e-mail et crée un nouveau mot de passe")]
async fn types_reset_code(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let code = mail_code(w, &who).await?;
    let narrative = format!("{who} types the 6-digit code received by e-mail and a new password");
    reset_complete(w, step, &who, narrative, code).await
}

/// Completes a reset with `secret`; on success the person's password is the new one.
async fn reset_complete(
    w: &mut IdnWorld,
    step: &Step,
    who: &str,
    narrative: String,
    secret: String,
) -> StepResult {
    let person = w.person(who).await?;
    let p = w.person_data(who).await?;
    let new_password = renewed_password(&p.password);
    let op = PasswordResetComplete { email: p.email, secret, new_password: new_password.clone() };
    if w.ask_as(step, who, narrative, op).await?.is_some() {
        w.journey().await?.world.person_mut(person).set_password(new_password);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that a renewed password names its predecessor and a slip changes a code.
    #[test]
    fn passwords_and_slips() {
        let new = renewed_password("Abcdef123!");
        assert_eq!(previous_password(&new).as_deref(), Some("Abcdef123!"));
        assert_eq!(previous_password("Abcdef123!"), None);
        assert_eq!(mistyped("123459"), "123450");
        assert_ne!(mistyped("0000"), "0000");
    }
}
