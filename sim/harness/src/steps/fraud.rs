//! A notification the holder did not ask for (FRAUD-01..03, AUTH-03, MGT-05): a fraudster
//! who knows some of the holder's number, e-mail, password and document number starts
//! logins, guesses secret codes and tries to activate their own smartphone; the holder
//! refuses (« Refuser »), blocks, changes the password and unblocks, as the FAQ advises.
//!
//! The fraudster is a name of the scenario like a person (`Mallory`), so that their login
//! under way is kept as a person's is and the login steps (« la connexion de Mallory à Mon
//! Compte Formation n'aboutit pas ») apply to it; in the world they are a `Fraudster` with
//! a phone of their own, never a `Person`.

use super::account::renewed_password;
use super::params::{Personne, Texte};
use super::{IdnWorld, StepError, StepResult};
use crate::flows::login::MON_COMPTE_FORMATION;
use crate::journey::{Journey, JourneyError};
use chrono::TimeDelta;
use cucumber::{given, then, when};
use idn_contract::account::WebLogin;
use idn_contract::activation::{
    AppConfirmEmail, AppConfirmSms, AppDocumentSuffix, AppNewNumber, AppPurpose, AppSetPin,
    AppStart,
};
use idn_contract::management::{IdentityBlock, IdentityUnblock, PasswordChange};
use idn_contract::{CallError, ChallengeId, Channel, Operation, PhoneNumber, Request, Timestamp};
use idn_world::{
    Actor, FraudsterId, Knowledge, PersonId, TraceEntry, TraceEvent, World, WorldError, read_code,
};

/// The secret code a fraudster chooses for their own phone.
const FRAUDSTER_PIN: &str = "1357";

/// A world error as a journey error: a refusal inside stays a refusal, for `record`.
fn journey_error(j: &Journey, error: WorldError) -> JourneyError {
    match error {
        WorldError::Call(call) => j.call_error(call),
        other => j.world_error(other),
    }
}

/// The world's handle of the fraudster the feature calls `name`.
async fn fraudster_id(w: &mut IdnWorld, name: &str) -> Result<FraudsterId, StepError> {
    let j = w.journey().await?;
    j.world.fraudster_by_name(&name.to_lowercase()).ok_or_else(|| {
        StepError(format!(
            "{name} is not a fraudster of this scenario (« Soit {name}, un fraudeur, connaît … de … »)"
        ))
    })
}

/// What the fraudster knows, their actor name, their phone and its number.
struct Fraud {
    id: FraudsterId,
    actor: Actor,
    knows: Knowledge,
    device: idn_contract::DeviceId,
    number: PhoneNumber,
}

async fn fraud(w: &mut IdnWorld, name: &str) -> Result<Fraud, StepError> {
    let id = fraudster_id(w, name).await?;
    let j = w.journey().await?;
    let f = j.world.fraudster(id).clone();
    let number = j
        .world
        .phone(&f.device)
        .sim
        .clone()
        .ok_or_else(|| StepError(format!("the phone of {name} has no SIM")))?;
    Ok(Fraud { id, actor: f.actor(), knows: f.knows, device: f.device, number })
}

/// Something the fraudster needs and does not know fails the step, naming it.
fn needs<T: Clone>(name: &str, known: &Option<T>, what: &str) -> Result<T, StepError> {
    known.clone().ok_or_else(|| StepError(format!("{name} does not know the {what}")))
}

/// The challenge the fraudster's app is in, from « installe l'application … ».
fn challenge_of(w: &mut IdnWorld, name: &str) -> Result<ChallengeId, StepError> {
    w.holder(name)?.challenge.clone().ok_or_else(|| {
        StepError(format!("{name} has not started the app (« {name} installe l'application … »)"))
    })
}

/// Calls the SUT as the fraudster and records the answer.
async fn act<O: Operation>(
    w: &mut IdnWorld,
    actor: &Actor,
    narrative: String,
    op: O,
) -> Result<Option<O::Reply>, StepError> {
    let result = {
        let j = w.journey().await?;
        j.step(narrative.clone());
        let answered = j.world.call(actor, op).await;
        answered.map_err(|e| j.call_error(e))
    };
    w.record(&narrative, result)
}

/// When `actor` last made a request that `operation` recognises, from the world's trace.
fn last_call(world: &World, actor: &Actor, operation: fn(&Request) -> bool) -> Option<Timestamp> {
    let made = |e: &&TraceEntry| match &e.event {
        TraceEvent::Call { request, .. } => e.from == *actor && operation(request),
        _ => false,
    };
    world.trace().entries().iter().rev().find(made).map(|e| e.at)
}

// ---- The fraudster ---------------------------------------------------------------------

/// What a fraudster may know, as a feature lists it (« le numéro de mobile, l'adresse
/// e-mail et le mot de passe »).
fn knowledge(items: &str, victim: &idn_world::Person) -> Result<Knowledge, StepError> {
    let mut knows = Knowledge::default();
    for item in items.replace(" et ", ", ").split(", ").map(str::trim) {
        match item {
            "le numéro de mobile" => knows.phone_number = Some(victim.phone_number.clone()),
            "l'adresse e-mail" => knows.email = Some(victim.email.clone()),
            "le mot de passe" => knows.password = Some(victim.password.clone()),
            "le numéro de la pièce d'identité" => {
                knows.document_number = Some(victim.identity.document.number.clone())
            }
            other => {
                return Err(StepError(format!(
                    "« {other} »: a fraudster may know « le numéro de mobile », « l'adresse e-mail », « le mot de passe », « le numéro de la pièce d'identité »"
                )));
            }
        }
    }
    Ok(knows)
}

#[given(
    regex = r"^([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?), un fraudeur, connaît (.+) de ([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)$"
)]
async fn a_fraudster(w: &mut IdnWorld, name: String, items: String, victim: String) -> StepResult {
    let victim_id = w.person(&victim).await?;
    w.introduce(&name)?;
    let j = w.journey().await?;
    let knows = knowledge(&items, j.world.person(victim_id))?;
    j.note(format!("{name}, a fraudster with a phone of their own, knows {items} of {victim}"));
    j.world.add_fraudster(&name.to_lowercase(), knows);
    Ok(())
}

/// Types the victim's number on Mon Compte Formation: the victim's phone is notified.
async fn fraudster_login(w: &mut IdnWorld, name: &str, victim: &str) -> StepResult {
    let id = fraudster_id(w, name).await?;
    w.person(victim).await?;
    let result = {
        let j = w.journey().await?;
        j.step(format!("{name} types the number of {victim} on {MON_COMPTE_FORMATION}"));
        let started = j.world.fraudster_login_start(id, MON_COMPTE_FORMATION).await;
        started.map_err(|e| journey_error(j, e))
    };
    let step = format!("{name} lance une connexion avec le numéro de {victim}");
    if let Some(attempt) = w.record(&step, result)? {
        let holder = w.holder(name)?;
        holder.page = Some(attempt.page_message.clone());
        holder.login = Some(attempt);
    }
    Ok(())
}

#[when(
    expr = "{personne} lance une connexion à Mon Compte Formation avec le numéro de mobile de {personne}"
)]
async fn starts_login(w: &mut IdnWorld, name: Personne, victim: Personne) -> StepResult {
    fraudster_login(w, &name.0, &victim.0).await
}

/// Starts `n` logins in a row; each must be accepted but the last, left for the next step.
#[when(
    expr = "{personne} lance {int} connexions à Mon Compte Formation avec le numéro de mobile de {personne}"
)]
async fn starts_logins(w: &mut IdnWorld, name: Personne, n: u32, victim: Personne) -> StepResult {
    for _ in 0..n {
        fraudster_login(w, &name.0, &victim.0).await?;
    }
    Ok(())
}

/// Approves the login under way from the fraudster's own phone with guessed codes. None
/// may succeed (FRAUD-02); the last answer is left for the next step.
#[when(expr = "{personne} saisit {int} codes secrets au hasard sur son propre smartphone")]
async fn guesses_pins(w: &mut IdnWorld, name: Personne, tries: u32) -> StepResult {
    let id = fraudster_id(w, &name.0).await?;
    let login = w
        .holder(&name.0)?
        .login
        .clone()
        .ok_or_else(|| StepError(format!("{} has no login under way", name.0)))?;
    let result = {
        let j = w.journey().await?;
        j.step(format!(
            "{} types {tries} guessed secret codes in the app of their own phone",
            name.0
        ));
        let answers = j.world.fraudster_guess_pins(id, &login.request, tries).await;
        if let Some(at) = answers.iter().position(Result::is_ok) {
            return Err(StepError(format!(
                "FRAUD-02: guess {} of {} approved the login from {}'s own phone",
                at + 1,
                tries,
                name.0
            )));
        }
        let last = answers.into_iter().last().unwrap_or(Err(CallError::Transport {
            request: "AppApprove".to_string(),
            detail: "no guess was made".to_string(),
        }));
        last.map_err(|e| j.call_error(e))
    };
    w.record(&format!("{} saisit des codes secrets au hasard", name.0), result).map(|_| ())
}

#[when(
    expr = "{personne} se connecte à l'Espace Client de {personne} avec le mot de passe qu'il connaît"
)]
async fn fraudster_web_login(w: &mut IdnWorld, name: Personne, victim: Personne) -> StepResult {
    let f = fraud(w, &name.0).await?;
    let email = needs(&name.0, &f.knows.email, "e-mail")?;
    let password = needs(&name.0, &f.knows.password, "password")?;
    let narrative = format!(
        "{} logs in to the Espace Client of {} with the password they know",
        name.0, victim.0
    );
    act(w, &f.actor, narrative, WebLogin { email, password }).await.map(|_| ())
}

/// « Commencer » on the fraudster's own phone, logging in with the victim's account.
#[when(
    expr = "{personne} installe l'application sur son smartphone et se connecte avec l'adresse e-mail et le mot de passe de {personne}"
)]
async fn fraudster_app_start(w: &mut IdnWorld, name: Personne, victim: Personne) -> StepResult {
    let f = fraud(w, &name.0).await?;
    let email = needs(&name.0, &f.knows.email, "e-mail")?;
    let password = needs(&name.0, &f.knows.password, "password")?;
    let device = w.journey().await?.world.device_info(&f.device);
    let start = AppStart { device, email, password, purpose: AppPurpose::Activate };
    let narrative = format!(
        "{} installs the app, taps « Commencer » and logs in with the account of {}",
        name.0, victim.0
    );
    if let Some(challenge) = act(w, &f.actor, narrative, start).await? {
        w.holder(&name.0)?.challenge = Some(challenge.challenge);
    }
    Ok(())
}

/// The SMS code of the fraudster's activation reaches the victim's phone, not theirs.
#[then(
    expr = "le code SMS demandé par {personne} arrive sur le smartphone de {personne}, pas sur le sien"
)]
async fn code_goes_to_victim(w: &mut IdnWorld, name: Personne, victim: Personne) -> StepResult {
    let f = fraud(w, &name.0).await?;
    let victim_id = w.person(&victim.0).await?;
    let j = w.journey().await?;
    let since = last_call(&j.world, &f.actor, |r| matches!(r, Request::AppStart(_)))
        .ok_or_else(|| StepError(format!("{} has not started the app", name.0)))?;
    let number = j.world.person(victim_id).phone_number.clone();
    let owned = number.clone();
    let arrived = move |world: &World| {
        world.received_sms(&owned).iter().any(|s| s.at >= since && read_code(&s.text).is_some())
    };
    let waited =
        j.world.run_until("an SMS code on the victim's phone", arrived, TimeDelta::minutes(10));
    waited.await.map_err(|e| StepError(format!("no SMS code reached {}: {e}", victim.0)))?;
    let theirs = j.world.received_sms(&f.number).len();
    match theirs {
        0 => Ok(()),
        n => Err(StepError(format!("{} received {n} SMS on their own phone", name.0))),
    }
}

/// Types a guessed 6-digit code where the app asks for the SMS code.
#[when(expr = "{personne} saisit un code SMS au hasard")]
async fn guesses_sms_code(w: &mut IdnWorld, name: Personne) -> StepResult {
    let f = fraud(w, &name.0).await?;
    let challenge = challenge_of(w, &name.0)?;
    let stream = format!("fraudster/{}", name.0.to_lowercase());
    let code = w.journey().await?.world.stream(&stream).digits(6);
    let narrative = format!("{} types a guessed SMS code ({code})", name.0);
    act(w, &f.actor, narrative, AppConfirmSms { challenge, code }).await.map(|_| ())
}

/// « Nouveau numéro » (MGT-08) with the fraudster's own number.
#[when(expr = "{personne} choisit « Nouveau numéro » et donne son propre numéro")]
async fn new_number(w: &mut IdnWorld, name: Personne) -> StepResult {
    let f = fraud(w, &name.0).await?;
    let challenge = challenge_of(w, &name.0)?;
    let narrative =
        format!("{} taps « Nouveau numéro » and gives their own number {}", name.0, f.number);
    act(w, &f.actor, narrative, AppNewNumber { challenge, phone: f.number }).await.map(|_| ())
}

#[when(expr = "{personne} saisit le code reçu par SMS sur son propre smartphone")]
async fn types_own_sms_code(w: &mut IdnWorld, name: Personne) -> StepResult {
    w.ensure_checked()?;
    let f = fraud(w, &name.0).await?;
    let challenge = challenge_of(w, &name.0)?;
    let code = {
        let j = w.journey().await?;
        let owned = f.number.clone();
        let arrived = move |world: &World| world.latest_sms_code(&owned).is_some();
        let waited = j.world.run_until(
            "an SMS code on the fraudster's phone",
            arrived,
            TimeDelta::minutes(10),
        );
        waited.await.map_err(|e| StepError(format!("no SMS code reached {}: {e}", name.0)))?;
        j.world.latest_sms_code(&f.number).expect("seen above")
    };
    let narrative = format!("{} types the code received on their own phone", name.0);
    act(w, &f.actor, narrative, AppConfirmSms { challenge, code }).await.map(|_| ())
}

#[when(
    expr = "{personne} saisit les 4 derniers caractères du numéro de la pièce d'identité de {personne}"
)]
async fn types_suffix(w: &mut IdnWorld, name: Personne, victim: Personne) -> StepResult {
    let f = fraud(w, &name.0).await?;
    let challenge = challenge_of(w, &name.0)?;
    let number = needs(&name.0, &f.knows.document_number, "document number")?;
    let last4: String =
        number.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    let narrative =
        format!("{} types the last 4 characters of the document of {}", name.0, victim.0);
    act(w, &f.actor, narrative, AppDocumentSuffix { challenge, last4 }).await.map(|_| ())
}

#[when(expr = "{personne} choisit un code secret sur son propre smartphone")]
async fn sets_pin(w: &mut IdnWorld, name: Personne) -> StepResult {
    let f = fraud(w, &name.0).await?;
    let challenge = challenge_of(w, &name.0)?;
    let narrative = format!("{} chooses a secret code on their own phone", name.0);
    let set = AppSetPin { challenge, pin: FRAUDSTER_PIN.to_string() };
    act(w, &f.actor, narrative, set).await.map(|_| ())
}

/// After « Nouveau numéro », the holder's mailbox receives a code they did not ask for
/// (FRAUD-02): a new e-mail carrying a code, sent after the fraudster's request.
#[then(
    expr = "{personne} reçoit par e-mail un code de confirmation du « Nouveau numéro » demandé par {personne}"
)]
async fn holder_gets_mail_code(w: &mut IdnWorld, victim: Personne, name: Personne) -> StepResult {
    w.ensure_checked()?;
    let f = fraud(w, &name.0).await?;
    let person = w.person(&victim.0).await?;
    let j = w.journey().await?;
    let since = last_call(&j.world, &f.actor, |r| matches!(r, Request::AppNewNumber(_)))
        .ok_or_else(|| StepError(format!("{} has not chosen « Nouveau numéro »", name.0)))?;
    let email = j.world.person(person).email.clone();
    let owned = email.clone();
    let arrived = move |world: &World| {
        world.mailbox(&owned).all().iter().any(|m| m.at >= since && read_code(&m.body).is_some())
    };
    let waited = j.world.run_until("a code by e-mail to the holder", arrived, TimeDelta::hours(1));
    waited.await.map_err(|e| {
        StepError(format!("no e-mail with a code reached {} ({email}): {e}", victim.0))
    })
}

/// The fraudster does not read the holder's mailbox: they can only guess its code.
#[when(expr = "{personne} saisit au hasard le code envoyé à l'adresse e-mail de {personne}")]
async fn guesses_mail_code(w: &mut IdnWorld, name: Personne, victim: Personne) -> StepResult {
    let f = fraud(w, &name.0).await?;
    let challenge = challenge_of(w, &name.0)?;
    let stream = format!("fraudster/{}", name.0.to_lowercase());
    let code = w.journey().await?.world.stream(&stream).digits(6);
    let narrative =
        format!("{} types a guessed code ({code}) for the e-mail sent to {}", name.0, victim.0);
    act(w, &f.actor, narrative, AppConfirmEmail { challenge, code }).await.map(|_| ())
}

/// Every attempt the fraudster's knowledge allows (FRAUD-02): with the number, a login
/// and guessed codes from their own phone; with the e-mail and the password, activating
/// their own phone (the SMS code goes to the holder, so it is guessed); with the document
/// number too, « Nouveau numéro » with their own number. The step fails as soon as one
/// attempt succeeds.
#[when(
    expr = "{personne} tente tout ce que ses connaissances lui permettent contre l'Identité Numérique de {personne}"
)]
async fn tries_everything(w: &mut IdnWorld, name: Personne, victim: Personne) -> StepResult {
    w.ensure_checked()?;
    let f = fraud(w, &name.0).await?;
    w.person(&victim.0).await?;
    let name = name.0;
    let j = w.journey().await?;
    let violated = |what: String| Err(StepError(format!("FRAUD-02 violated: {what}")));
    if f.knows.phone_number.is_some() {
        j.step(format!("{name} starts a login with the number of {} and guesses codes", victim.0));
        let login = j.world.fraudster_login_start(f.id, MON_COMPTE_FORMATION).await;
        let login = login.map_err(|e| StepError(format!("{name} could not start a login: {e}")))?;
        let guesses = j.world.fraudster_guess_pins(f.id, &login.request, 5).await;
        if guesses.iter().any(Result::is_ok) {
            return violated(format!("a guessed code from {name}'s phone approved the login"));
        }
        if let Ok(outcome) = j.world.partner_login_finish(&login).await {
            return violated(format!(
                "{name} logged in to {MON_COMPTE_FORMATION} as {} {}",
                outcome.claims.identity.given_name, outcome.claims.identity.family_name
            ));
        }
    }
    if f.knows.email.is_some() && f.knows.password.is_some() {
        j.step(format!(
            "{name} tries to activate their own phone with the account of {}",
            victim.0
        ));
        if j.world.fraudster_activate(f.id).await.is_ok() {
            return violated(format!("{name} activated their phone with a guessed SMS code"));
        }
        if f.knows.document_number.is_some() {
            j.step(format!("{name} tries « Nouveau numéro » with their own number"));
            if new_number_path(j, &f).await.is_ok() {
                return violated(format!(
                    "{name} activated their phone with « Nouveau numéro », the e-mail, the password and the document number"
                ));
            }
        }
    }
    Ok(())
}

/// « Commencer », « Nouveau numéro » with the fraudster's own number, the code read on
/// their own phone, the document's last 4 characters, a secret code: the activation, or
/// the first refusal.
async fn new_number_path(j: &mut Journey, f: &Fraud) -> Result<(), CallError> {
    let (email, password) = (f.knows.email.clone(), f.knows.password.clone());
    let document = f.knows.document_number.clone().unwrap_or_default();
    let start = AppStart {
        device: j.world.device_info(&f.device),
        email: email.unwrap_or_default(),
        password: password.unwrap_or_default(),
        purpose: AppPurpose::Activate,
    };
    let challenge = j.world.call(&f.actor, start).await?.challenge;
    let seen = j.world.received_sms(&f.number).len();
    let phone = f.number.clone();
    j.world.call(&f.actor, AppNewNumber { challenge: challenge.clone(), phone }).await?;
    let owned = f.number.clone();
    let arrived = move |world: &World| world.received_sms(&owned).len() > seen;
    let waited =
        j.world.run_until("an SMS on the fraudster's phone", arrived, TimeDelta::minutes(10));
    if waited.await.is_err() {
        return Err(CallError::Transport {
            request: "AppNewNumber".to_string(),
            detail: "no SMS reached the new number".to_string(),
        });
    }
    let code = j.world.latest_sms_code(&f.number).unwrap_or_default();
    j.world.call(&f.actor, AppConfirmSms { challenge: challenge.clone(), code }).await?;
    let last4: String =
        document.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    j.world.call(&f.actor, AppDocumentSuffix { challenge: challenge.clone(), last4 }).await?;
    let set = AppSetPin { challenge, pin: FRAUDSTER_PIN.to_string() };
    j.world.call(&f.actor, set).await.map(|_| ())
}

/// The fraudster's app cannot list the holder's login requests: their phone is not the
/// one the identity is activated on.
#[then(
    expr = "l'application du smartphone de {personne} n'a pas accès à l'Identité Numérique de {personne}"
)]
async fn no_access(w: &mut IdnWorld, name: Personne, victim: Personne) -> StepResult {
    w.ensure_checked()?;
    let f = fraud(w, &name.0).await?;
    let j = w.journey().await?;
    match j.world.app_pending(&f.device).await {
        Err(CallError::Refused(_)) => Ok(()),
        Ok(pending) => Err(StepError(format!(
            "the app on {}'s phone is activated on the identity of {}: {pending:?}",
            name.0, victim.0
        ))),
        Err(other) => Err(StepError(other.to_string())),
    }
}

// ---- The holder ------------------------------------------------------------------------

/// The notification of the login the fraudster started, on the holder's smartphone.
#[then(
    expr = "le smartphone de {personne} affiche la notification {texte} déclenchée par {personne}"
)]
async fn notified(w: &mut IdnWorld, victim: Personne, text: Texte, name: Personne) -> StepResult {
    let since = w
        .holder(&name.0)?
        .login
        .as_ref()
        .map(|l| l.started_at)
        .ok_or_else(|| StepError(format!("{} has started no login", name.0)))?;
    let person = w.person(&victim.0).await?;
    let j = w.journey().await?;
    let device = j.world.person(person).device.clone();
    let owned = device.clone();
    let wanted = text.0.clone();
    let shown = move |world: &World| {
        world.notifications(&owned).iter().any(|n| n.at >= since && n.body.contains(&wanted))
    };
    let waited =
        j.world.run_until("the notification on the holder's phone", shown, TimeDelta::minutes(2));
    waited.await.map_err(|e| {
        let seen: Vec<String> =
            j.world.notifications(&device).iter().map(|n| n.body.clone()).collect();
        StepError(format!(
            "the smartphone of {} does not show « {} » ({e}); it shows {seen:?}",
            victim.0, text.0
        ))
    })
}

/// Counts the notifications shown on the holder's smartphone whose text contains `text`.
#[then(expr = "le smartphone de {personne} a affiché {int} notifications {texte}")]
async fn notification_count(
    w: &mut IdnWorld,
    victim: Personne,
    n: usize,
    text: Texte,
) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&victim.0).await?;
    let j = w.journey().await?;
    j.world.run_for(TimeDelta::minutes(1)).await.map_err(|e| StepError(e.to_string()))?;
    let device = j.world.person(person).device.clone();
    let got = j.world.notifications(&device).iter().filter(|m| m.body.contains(&text.0)).count();
    match got == n {
        true => Ok(()),
        false => Err(StepError(format!(
            "the smartphone of {} showed {got} notifications « {} », not {n}",
            victim.0, text.0
        ))),
    }
}

/// « Refuser » on the request the app shows (the holder did not start it).
#[when(expr = "{personne} refuse la connexion en appuyant sur « Refuser »")]
async fn refuses(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let result = {
        let j = w.journey().await?;
        let device = j.world.person(person).device.clone();
        j.step(format!(
            "{} opens the app, sees a login request they did not make, and taps « Refuser »",
            who.0
        ));
        match j.world.app_pending(&device).await {
            Err(e) => Err(j.call_error(e)),
            Ok(pending) => {
                let Some(latest) = pending.requests.last() else {
                    return Err(StepError(format!("the app of {} shows no login request", who.0)));
                };
                let refused = j.world.app_refuse(&device, &latest.request).await;
                refused.map_err(|e| j.call_error(e))
            }
        }
    };
    w.record(&format!("{} appuie sur « Refuser »", who.0), result).map(|_| ())
}

/// Logs in to the Espace Client with the person's current password (not under test here).
async fn espace_client(
    w: &mut IdnWorld,
    who: &str,
    person: PersonId,
) -> Result<idn_contract::SessionToken, StepError> {
    let j = w.journey().await?;
    let session = crate::flows::account::login(j, person).await?;
    w.holder(who)?.session = Some(session.clone());
    Ok(session)
}

/// The document's last 4 characters, as the holder reads them on their document.
async fn last4(w: &mut IdnWorld, person: PersonId) -> Result<String, StepError> {
    Ok(w.journey().await?.world.person(person).identity.document.last4().to_string())
}

#[when(
    expr = "{personne} suit le conseil « Bloquer votre Identité Numérique » avec les 4 derniers caractères de sa pièce d'identité"
)]
async fn blocks(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let session = espace_client(w, &who.0, person).await?;
    let document_suffix = last4(w, person).await?;
    let narrative = format!("{} blocks the identity from the Espace Client", who.0);
    let block = IdentityBlock { via: Channel::Web { session }, document_suffix };
    let actor = w.journey().await?.world.person(person).actor();
    act(w, &actor, narrative, block).await.map(|_| ())
}

#[when(expr = "{personne} suit le conseil « Modifier le mot de passe de votre compte »")]
async fn changes_password(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let session = espace_client(w, &who.0, person).await?;
    let p = w.journey().await?.world.person(person).clone();
    let new_password = renewed_password(&p.password);
    let narrative =
        format!("{} changes the password of the account, typing the current one", who.0);
    let change = PasswordChange {
        session,
        current_password: p.password.clone(),
        new_password: new_password.clone(),
    };
    if act(w, &p.actor(), narrative, change).await?.is_some() {
        w.journey().await?.world.person_mut(person).set_password(new_password);
    }
    Ok(())
}

#[when(
    expr = "{personne} suit le conseil « Débloquer votre Identité Numérique » avec son nouveau mot de passe"
)]
async fn unblocks(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let session = espace_client(w, &who.0, person).await?;
    let document_suffix = last4(w, person).await?;
    let narrative = format!("{} unblocks the identity from the Espace Client", who.0);
    let actor = w.journey().await?.world.person(person).actor();
    act(w, &actor, narrative, IdentityUnblock { session, document_suffix }).await.map(|_| ())
}
