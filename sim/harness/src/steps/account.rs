//! The Compte La Poste step by step (ACC-01..08, ELIG-04): the e-mail and its 6-digit
//! code (in the inbox or the spam folder), the password, the mobile and its SMS code with
//! the re-send countdown, civility and names, the CGU, « Se connecter » with an existing
//! account, and the two « mot de passe oublié » routes. Codes are read from the e-mail or
//! the SMS as the person reads them, at the moment the step says they arrived.

use super::params::{Personne, Texte};
use super::{IdnWorld, StepError, StepResult};
use crate::flows::inbox::{type_code, wait_for_mail_code, wait_for_sms, wait_for_sms_code};
use chrono::TimeDelta;
use cucumber::{given, then, when};
use idn_contract::account::*;
use idn_contract::enrolment::EnrolmentDeclareDocument;
use idn_contract::{Operation, RefusalCode, SessionToken};
use idn_world::{Folder, MailMessage, World, read_code, read_link_token};

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

/// The web session of the account being created (or logged in to).
fn session_of(w: &mut IdnWorld, who: &str) -> Result<SessionToken, StepError> {
    w.holder(who)?.session.clone().ok_or_else(|| {
        StepError(format!(
            "{who} has no web session (« Quand {who} commence la création de son compte La Poste avec son adresse e-mail » or « … clique sur « Se connecter » … »)"
        ))
    })
}

/// Calls the SUT as `who`, tells it in the narrative, and records the answer for the next
/// step to check.
async fn act<O: Operation>(
    w: &mut IdnWorld,
    who: &str,
    narrative: String,
    op: O,
) -> Result<Option<O::Reply>, StepError> {
    let person = w.person(who).await?;
    let result = {
        let j = w.journey().await?;
        let actor = j.world.person(person).actor();
        j.step(narrative.clone());
        let answered = j.world.call(&actor, op).await;
        answered.map_err(|e| j.call_error(e))
    };
    w.record(&narrative, result)
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
    let person = w.person(who).await?;
    let j = w.journey().await?;
    let email = j.world.person(person).email.clone();
    let count =
        |world: &World| world.mailbox(&email).all().into_iter().filter(|m| wanted(m)).count();
    let seen = count(&j.world);
    let waited = j.world.run_until(what, |world| count(world) > seen, TimeDelta::hours(1)).await;
    waited.map_err(|e| StepError(format!("{who} did not receive {what}: {e}")))?;
    let mailbox = j.world.mailbox(&email);
    Ok(mailbox.all().into_iter().rev().find(|m| wanted(m)).cloned().expect("seen above"))
}

fn carries_code(mail: &MailMessage) -> bool {
    mail.subject.contains(CODE_SUBJECT)
}

fn carries_reset_link(mail: &MailMessage) -> bool {
    read_link_token(&mail.body).is_some()
}

/// The code of the latest e-mail « Votre code de vérification » the person received.
async fn mail_code(w: &mut IdnWorld, who: &str) -> Result<String, StepError> {
    let person = w.person(who).await?;
    let j = w.journey().await?;
    let email = j.world.person(person).email.clone();
    j.world.latest_mail_code(&email, CODE_SUBJECT).ok_or_else(|| {
        StepError(format!("{who} has no e-mail « {CODE_SUBJECT} » with a code to type"))
    })
}

/// The code of the latest SMS that reached the person's phone.
async fn sms_code(w: &mut IdnWorld, who: &str) -> Result<String, StepError> {
    let person = w.person(who).await?;
    let j = w.journey().await?;
    let number = j.world.person(person).phone_number.clone();
    j.world
        .latest_sms_code(&number)
        .ok_or_else(|| StepError(format!("{who} has no SMS with a code to type")))
}

/// Fails unless `code` has `digits` digits.
fn check_length(who: &str, channel: &str, code: &str, digits: usize) -> StepResult {
    match code.len() == digits && code.chars().all(|c| c.is_ascii_digit()) {
        true => Ok(()),
        false => Err(StepError(format!(
            "the code {who} received by {channel} is « {code} », not {digits} digits"
        ))),
    }
}

// ---- Set-ups: an account part-way through its creation --------------------------------

/// ÉTAPES 5 to 7 done quickly: the e-mail confirmed with its code, a password chosen.
async fn confirm_email_and_password(w: &mut IdnWorld, who: &str) -> Result<(), StepError> {
    let person = w.person(who).await?;
    let j = w.journey().await?;
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
    w.holder(who)?.session = Some(session);
    Ok(())
}

#[given(expr = "{personne} a confirmé son adresse e-mail et choisi son mot de passe")]
async fn has_email_and_password(w: &mut IdnWorld, who: Personne) -> StepResult {
    confirm_email_and_password(w, &who.0).await
}

/// Everything of ÉTAPES 5 to 12 but « ACCEPTER » the CGU (ÉTAPE 10).
#[given(expr = "{personne} a renseigné son compte La Poste sans accepter les CGU")]
async fn has_all_but_cgu(w: &mut IdnWorld, who: Personne) -> StepResult {
    confirm_email_and_password(w, &who.0).await?;
    let person = w.person(&who.0).await?;
    let session = session_of(w, &who.0)?;
    let j = w.journey().await?;
    let p = j.world.person(person).clone();
    let me = p.actor();
    j.step(format!("{} gives the mobile number {} (ÉTAPE 8)", who.0, p.phone_number));
    let phone = p.phone_number.clone();
    j.call(&me, AccountSetMobile { session: session.clone(), phone }).await?;
    let code = wait_for_sms_code(j, &p.phone_number, TimeDelta::minutes(10)).await?;
    let confirm = |code| AccountConfirmMobile { session: session.clone(), code };
    type_code(j, person, &me, &code, confirm).await?;
    j.step(format!(
        "{} gives civility and names (ÉTAPE 9), and does not click « ACCEPTER »",
        who.0
    ));
    let names = crate::flows::account::names_of(&p.identity, session.clone());
    j.call(&me, names).await?;
    Ok(())
}

// ---- ÉTAPES 5 and 6: the e-mail and its code (ACC-01, ACC-08) --------------------------

#[when(expr = "{personne} commence la création de son compte La Poste avec son adresse e-mail")]
async fn start_account(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let email = w.journey().await?.world.person(person).email.clone();
    let narrative = format!("{} chooses the e-mail address {email} (ÉTAPE 5)", who.0);
    if let Some(started) = act(w, &who.0, narrative, AccountStart { email }).await? {
        w.holder(&who.0)?.session = Some(started.session);
    }
    Ok(())
}

/// Waits for the e-mail « Votre code de vérification » (inbox or spam) and checks its code.
#[when(expr = "{personne} reçoit un code à 6 chiffres par e-mail")]
#[then(expr = "{personne} reçoit un code à 6 chiffres par e-mail")]
async fn receives_mail_code(w: &mut IdnWorld, who: Personne) -> StepResult {
    let mail =
        receive_mail(w, &who.0, "an e-mail « Votre code de vérification »", carries_code).await?;
    let code = read_code(&mail.body).unwrap_or_default();
    check_length(&who.0, "e-mail", &code, 6)
}

#[then(expr = "{personne} trouve l'e-mail {texte} dans le dossier « Indésirables\\/SPAMS »")]
async fn mail_in_spam(w: &mut IdnWorld, who: Personne, subject: Texte) -> StepResult {
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let email = j.world.person(person).email.clone();
    let mailbox = j.world.mailbox(&email);
    match mailbox.latest(&subject.0).map(|m| m.folder) {
        Some(Folder::Spam) => Ok(()),
        other => Err(StepError(format!(
            "the latest e-mail « {} » of {} is in {other:?}, not in the spam folder",
            subject.0, who.0
        ))),
    }
}

#[when(expr = "{personne} saisit le code reçu par e-mail")]
async fn types_mail_code(w: &mut IdnWorld, who: Personne) -> StepResult {
    let code = mail_code(w, &who.0).await?;
    let session = session_of(w, &who.0)?;
    let narrative = format!("{} types the code received by e-mail (ÉTAPE 6)", who.0);
    act(w, &who.0, narrative, AccountConfirmEmail { session, code }).await.map(|_| ())
}

/// Types a wrong code `n` times in a row: each but the last must be refused `code_invalid`;
/// the last answer is left for the next step to check (ACC-08).
#[when(expr = "{personne} se trompe {int} fois en saisissant le code reçu par e-mail")]
async fn mistypes_mail_code(w: &mut IdnWorld, who: Personne, n: u32) -> StepResult {
    let wrong = mistyped(&mail_code(w, &who.0).await?);
    let session = session_of(w, &who.0)?;
    let person = w.person(&who.0).await?;
    for attempt in 1..n {
        let j = w.journey().await?;
        let actor = j.world.person(person).actor();
        j.step(format!("{} types a wrong e-mail code ({wrong}), attempt {attempt}", who.0));
        let op = AccountConfirmEmail { session: session.clone(), code: wrong.clone() };
        match j.world.call(&actor, op).await {
            Err(e) if e.refusal_code() == Some(RefusalCode::CodeInvalid) => {}
            other => {
                return Err(StepError(format!(
                    "wrong e-mail code, attempt {attempt} of {n}: expected a refusal `code_invalid`, got {other:?}"
                )));
            }
        }
    }
    let narrative = format!("{} types a wrong e-mail code ({wrong}), attempt {n}", who.0);
    act(w, &who.0, narrative, AccountConfirmEmail { session, code: wrong }).await.map(|_| ())
}

/// « Renvoyer le code » of ÉTAPE 6.
#[when(expr = "{personne} demande à recevoir un nouveau code par e-mail")]
async fn resend_mail_code(w: &mut IdnWorld, who: Personne) -> StepResult {
    let session = session_of(w, &who.0)?;
    let narrative = format!("{} asks for the e-mail code again", who.0);
    act(w, &who.0, narrative, AccountResendEmailCode { session }).await.map(|_| ())
}

/// Counts every e-mail whose subject contains the text (inbox and spam).
#[then(
    regex = r"^([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?) a reçu en tout (\d+) e-mails? « ([^»]+) »$"
)]
async fn mail_count(w: &mut IdnWorld, who: String, n: usize, subject: String) -> StepResult {
    let person = w.person(&who).await?;
    let j = w.journey().await?;
    j.world.run_for(TimeDelta::minutes(1)).await.map_err(|e| StepError(e.to_string()))?;
    let email = j.world.person(person).email.clone();
    let subject = subject.trim().to_string();
    let got = j.world.mailbox(&email).all().iter().filter(|m| m.subject.contains(&subject)).count();
    match got == n {
        true => Ok(()),
        false => Err(StepError(format!("{who} received {got} e-mails « {subject} », not {n}"))),
    }
}

// ---- ÉTAPE 7: the password (ACC-03) ---------------------------------------------------

#[when(expr = "{personne} crée son mot de passe")]
async fn sets_password(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let password = w.journey().await?.world.person(person).password.clone();
    let session = session_of(w, &who.0)?;
    let narrative = format!("{} creates a password (ÉTAPE 7)", who.0);
    act(w, &who.0, narrative, AccountSetPassword { session, password }).await.map(|_| ())
}

// ---- ÉTAPES 8, 11 and 12: the mobile and its SMS code (ACC-04, ELIG-04) ----------------

#[when(expr = "{personne} renseigne son numéro de mobile")]
async fn sets_mobile(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let phone = w.journey().await?.world.person(person).phone_number.clone();
    let session = session_of(w, &who.0)?;
    let narrative = format!("{} gives the mobile number {phone} (ÉTAPES 8 and 11)", who.0);
    act(w, &who.0, narrative, AccountSetMobile { session, phone }).await.map(|_| ())
}

/// Waits for a new SMS on the person's phone and checks the code in it.
#[when(expr = "{personne} reçoit un code à 4 chiffres par SMS")]
#[then(expr = "{personne} reçoit un code à 4 chiffres par SMS")]
async fn receives_sms_code(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let number = j.world.person(person).phone_number.clone();
    let text = wait_for_sms(j, &number, TimeDelta::minutes(10)).await?;
    let code = read_code(&text).unwrap_or_default();
    check_length(&who.0, "SMS", &code, 4)
}

#[when(expr = "{personne} saisit le code reçu par SMS")]
async fn types_sms_code(w: &mut IdnWorld, who: Personne) -> StepResult {
    let code = sms_code(w, &who.0).await?;
    let session = session_of(w, &who.0)?;
    let narrative = format!("{} types the code received by SMS (ÉTAPE 12)", who.0);
    act(w, &who.0, narrative, AccountConfirmMobile { session, code }).await.map(|_| ())
}

/// « Vous n'avez pas reçu par sms ? »: asks for the SMS code again.
#[when(expr = "{personne} demande le renvoi du sms")]
async fn resend_sms(w: &mut IdnWorld, who: Personne) -> StepResult {
    let session = session_of(w, &who.0)?;
    let narrative = format!("{} clicks « Vous n'avez pas reçu par sms ? »", who.0);
    act(w, &who.0, narrative, AccountResendSms { session }).await.map(|_| ())
}

/// The re-send was refused `sms_resend_too_soon`, and the countdown (« Veuillez patienter
/// 00:54 ») shows `seconds` left.
#[then(expr = "le renvoi du sms est refusé, le compte à rebours indiquant encore {int} secondes")]
async fn resend_countdown(w: &mut IdnWorld, seconds: u64) -> StepResult {
    let refusal = w.expect_refusal(RefusalCode::SmsResendTooSoon)?;
    match refusal.retry_after_s {
        Some(left) if left == seconds => Ok(()),
        other => Err(StepError(format!(
            "the countdown shows {other:?} seconds left, not {seconds} ({})",
            refusal.message
        ))),
    }
}

// ---- ÉTAPES 9 and 10: names and CGU (ACC-05) -------------------------------------------

#[when(expr = "{personne} renseigne sa civilité, ses prénoms et son nom")]
async fn sets_names(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let identity = w.journey().await?.world.person(person).identity.clone();
    let session = session_of(w, &who.0)?;
    let names = crate::flows::account::names_of(&identity, session);
    let narrative = format!("{} gives civility and names (ÉTAPE 9)", who.0);
    act(w, &who.0, narrative, names).await.map(|_| ())
}

#[when(expr = "{personne} accepte les CGU en cliquant sur « ACCEPTER »")]
async fn accepts_cgu(w: &mut IdnWorld, who: Personne) -> StepResult {
    let session = session_of(w, &who.0)?;
    let narrative = format!("{} accepts the CGU: « ACCEPTER » (ÉTAPE 10)", who.0);
    act(w, &who.0, narrative, AccountAcceptCgu { session }).await.map(|_| ())
}

/// ÉTAPE 13 reached from the account: « Oui » to « Avez vous une pièce d'identité
/// française ? », which needs a complete account.
#[when(expr = "{personne} passe à la création de son Identité Numérique")]
async fn goes_on_to_enrolment(w: &mut IdnWorld, who: Personne) -> StepResult {
    let session = session_of(w, &who.0)?;
    let narrative = format!("{} goes on to ÉTAPE 13 and answers « Oui »", who.0);
    let declare = EnrolmentDeclareDocument { session, has_french_document: true };
    act(w, &who.0, narrative, declare).await.map(|_| ())
}

// ---- « Se connecter » (ACC-02) and the Espace Client ---------------------------------

/// « Se connecter » with the e-mail and the current password of an existing account.
#[when(
    expr = "{personne} clique sur « Se connecter » et saisit l'adresse e-mail et le mot de passe de son compte La Poste"
)]
#[when(expr = "{personne} se connecte à l'Espace Client avec son nouveau mot de passe")]
async fn logs_in(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let p = w.journey().await?.world.person(person).clone();
    let narrative = format!("{} logs in with {} and the current password", who.0, p.email);
    let login = WebLogin { email: p.email, password: p.password };
    if let Some(logged) = act(w, &who.0, narrative, login).await? {
        w.holder(&who.0)?.session = Some(logged.session);
    }
    Ok(())
}

#[when(expr = "{personne} se connecte à l'Espace Client avec son ancien mot de passe")]
async fn logs_in_with_old_password(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let p = w.journey().await?.world.person(person).clone();
    let old = previous_password(&p.password).ok_or_else(|| {
        StepError(format!("{} has not changed their password in this scenario", who.0))
    })?;
    let narrative = format!("{} logs in with the old password", who.0);
    act(w, &who.0, narrative, WebLogin { email: p.email, password: old }).await.map(|_| ())
}

// ---- « Mot de passe oublié » (ACC-06, ACC-07, ACC-08) ----------------------------------

/// The Compte La Poste's route: a link by e-mail (ACC-06).
#[when(
    expr = "{personne} clique sur « mot de passe oublié » sous « Se connecter » du compte La Poste"
)]
async fn forgot_password_link(w: &mut IdnWorld, who: Personne) -> StepResult {
    reset_request(w, &who.0, ResetMethod::Link).await
}

/// The Espace Client's route: a 6-digit code by e-mail (ACC-07).
#[when(
    expr = "{personne} clique sur « mot de passe oublié » de l'Espace Client et renseigne son adresse e-mail"
)]
async fn forgot_password_code(w: &mut IdnWorld, who: Personne) -> StepResult {
    reset_request(w, &who.0, ResetMethod::Code).await
}

async fn reset_request(w: &mut IdnWorld, who: &str, method: ResetMethod) -> StepResult {
    let person = w.person(who).await?;
    let email = w.journey().await?.world.person(person).email.clone();
    let narrative = format!("{who} clicks « mot de passe oublié » ({method:?}) and types {email}");
    act(w, who, narrative, PasswordResetRequest { email, method }).await.map(|_| ())
}

#[when(expr = "{personne} reçoit un e-mail avec le lien de réinitialisation")]
#[then(expr = "{personne} reçoit un e-mail avec le lien de réinitialisation")]
async fn receives_reset_link(w: &mut IdnWorld, who: Personne) -> StepResult {
    receive_mail(w, &who.0, "an e-mail with a reset link", carries_reset_link).await.map(|_| ())
}

/// Follows the link of the latest reset e-mail and types a new password.
#[when(expr = "{personne} suit le lien de réinitialisation et définit un nouveau mot de passe")]
async fn follows_reset_link(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let j = w.journey().await?;
    let p = j.world.person(person).clone();
    let token = j
        .world
        .reset_token_from_mail(&p.email)
        .ok_or_else(|| StepError(format!("{} has no e-mail with a reset link to follow", who.0)))?;
    let narrative = format!("{} follows the reset link and defines a new password", who.0);
    reset_complete(w, &who.0, narrative, token).await
}

#[when(expr = "{personne} saisit le code reçu par e-mail et crée un nouveau mot de passe")]
async fn types_reset_code(w: &mut IdnWorld, who: Personne) -> StepResult {
    let code = mail_code(w, &who.0).await?;
    let narrative =
        format!("{} types the 6-digit code received by e-mail and a new password", who.0);
    reset_complete(w, &who.0, narrative, code).await
}

/// Completes a reset with `secret`; on success the person's password is the new one.
async fn reset_complete(
    w: &mut IdnWorld,
    who: &str,
    narrative: String,
    secret: String,
) -> StepResult {
    let person = w.person(who).await?;
    let p = w.journey().await?.world.person(person).clone();
    let new_password = renewed_password(&p.password);
    let op = PasswordResetComplete { email: p.email, secret, new_password: new_password.clone() };
    if act(w, who, narrative, op).await?.is_some() {
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
