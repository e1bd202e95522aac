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
use crate::failure::Failure;
use crate::flows::login::MON_COMPTE_FORMATION;
use crate::journey::{Journey, JourneyError};
use chrono::TimeDelta;
use cucumber::gherkin::Step;
use cucumber::{Parameter, given, then, when};
use idn_contract::account::WebLogin;
use idn_contract::activation::{
    AppConfirmEmail, AppConfirmSms, AppDocumentSuffix, AppNewNumber, AppPurpose, AppSetPin,
    AppStart,
};
use idn_contract::management::{IdentityBlock, IdentityUnblock, PasswordChange};
use idn_contract::{CallError, ChallengeId, Channel, PhoneNumber, Request, Timestamp};
use idn_world::{
    Actor, FraudsterId, Knowledge, PersonId, TraceEntry, TraceEvent, World, WorldError, read_code,
};
use std::fmt;
use std::str::FromStr;

/// The secret code a fraudster chooses for their own phone.
const FRAUDSTER_PIN: &str = "1357";

/// A world error as a journey error: a refusal inside stays a refusal, for `ask`.
fn journey_error(j: &Journey, error: WorldError) -> JourneyError {
    match error {
        WorldError::Call(call) => j.call_error(call),
        other => j.world_error(other),
    }
}

/// The world's handle of the fraudster the feature calls `name`.
async fn fraudster_id(w: &mut IdnWorld, name: &str) -> Result<FraudsterId, StepError> {
    let id = w.journey().await?.world.fraudster_by_name(&name.to_lowercase());
    id.ok_or_else(|| {
        w.fail(Failure::observed(format!(
            "{name} is not a fraudster of this scenario (« Soit {name}, un fraudeur, connaît … de … »)"
        )))
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
    let Some(number) = j.world.phone(&f.device).sim.clone() else {
        return Err(w.fail(Failure::observed(format!("the phone of {name} has no SIM"))));
    };
    Ok(Fraud { id, actor: f.actor(), knows: f.knows, device: f.device, number })
}

/// Something the fraudster needs and does not know fails the step, naming it.
fn needs<T: Clone>(
    w: &mut IdnWorld,
    name: &str,
    known: &Option<T>,
    what: &str,
) -> Result<T, StepError> {
    match known {
        Some(value) => Ok(value.clone()),
        None => Err(w.fail(Failure::observed(format!("{name} does not know the {what}")))),
    }
}

/// The challenge the fraudster's app is in, from « installe l'application … ».
fn challenge_of(w: &mut IdnWorld, name: &str) -> Result<ChallengeId, StepError> {
    w.held(
        name,
        |h| h.challenge.clone(),
        || format!("{name} has not started the app (« {name} installe l'application … »)"),
    )
}

/// When `actor` last made a request that `operation` recognises, from the world's trace.
fn last_call(world: &World, actor: &Actor, operation: fn(&Request) -> bool) -> Option<Timestamp> {
    let made = |e: &&TraceEntry| match &e.event {
        TraceEvent::Call { request, .. } => e.from == *actor && operation(request),
        _ => false,
    };
    world.trace().entries().iter().rev().find(made).map(|e| e.at)
}

/// The last 4 characters of a document number.
fn last_four(number: &str) -> String {
    number.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect()
}

// ---- The fraudster ---------------------------------------------------------------------

/// One thing of the holder's a fraudster may know, as a feature names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Connu {
    PhoneNumber,
    Email,
    Password,
    DocumentNumber,
}

impl Connu {
    const ALL: [Connu; 4] =
        [Connu::PhoneNumber, Connu::Email, Connu::Password, Connu::DocumentNumber];

    fn french(self) -> &'static str {
        match self {
            Connu::PhoneNumber => "le numéro de mobile",
            Connu::Email => "l'adresse e-mail",
            Connu::Password => "le mot de passe",
            Connu::DocumentNumber => "le numéro de la pièce d'identité",
        }
    }
}

/// What a fraudster knows of the holder, as a feature lists it: one thing, or things
/// separated by commas with « et » before the last (« le numéro de mobile, l'adresse
/// e-mail et le mot de passe »).
#[derive(Debug, Clone, PartialEq, Eq, Parameter)]
#[param(
    name = "connaissances",
    regex = r"(?:le numéro de mobile|l'adresse e-mail|le mot de passe|le numéro de la pièce d'identité)(?:(?:, (?:le numéro de mobile|l'adresse e-mail|le mot de passe|le numéro de la pièce d'identité))* et (?:le numéro de mobile|l'adresse e-mail|le mot de passe|le numéro de la pièce d'identité))?"
)]
struct Connaissances(Vec<Connu>);

impl FromStr for Connaissances {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let item = |text: &str| {
            let known = Connu::ALL.into_iter().find(|c| c.french() == text);
            known.ok_or_else(|| format!("« {text} » is not something a fraudster may know"))
        };
        let items = s.replace(" et ", ", ");
        items.split(", ").map(item).collect::<Result<_, _>>().map(Connaissances)
    }
}

impl fmt::Display for Connaissances {
    /// As the feature lists it: commas, and « et » before the last.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words: Vec<&str> = self.0.iter().map(|c| c.french()).collect();
        match words.split_last() {
            None => Ok(()),
            Some((only, [])) => f.write_str(only),
            Some((last, rest)) => write!(f, "{} et {last}", rest.join(", ")),
        }
    }
}

impl Connaissances {
    /// What the fraudster knows of `victim`.
    fn of(&self, victim: &idn_world::Person) -> Knowledge {
        let mut knows = Knowledge::default();
        for known in &self.0 {
            match known {
                Connu::PhoneNumber => knows.phone_number = Some(victim.phone_number.clone()),
                Connu::Email => knows.email = Some(victim.email.clone()),
                Connu::Password => knows.password = Some(victim.password.clone()),
                Connu::DocumentNumber => {
                    knows.document_number = Some(victim.identity.document.number.clone())
                }
            }
        }
        knows
    }
}

#[given(expr = "{personne}, un fraudeur, connaît {connaissances} de {personne}")]
async fn a_fraudster(
    w: &mut IdnWorld,
    name: Personne,
    knows: Connaissances,
    victim: Personne,
) -> StepResult {
    let holder = w.person_data(&victim).await?;
    w.introduce(&name)?;
    let j = w.journey().await?;
    j.note(format!("{name}, a fraudster with a phone of their own, knows {knows} of {victim}"));
    j.world.add_fraudster(&name.to_lowercase(), knows.of(&holder));
    Ok(())
}

/// Types the victim's number on Mon Compte Formation: the victim's phone is notified.
async fn fraudster_login(w: &mut IdnWorld, step: &Step, name: &str, victim: &str) -> StepResult {
    let id = fraudster_id(w, name).await?;
    w.person(victim).await?;
    let narrative = format!("{name} types the number of {victim} on {MON_COMPTE_FORMATION}");
    let started = w.ask(step, async |j| {
        j.step(narrative);
        let started = j.world.fraudster_login_start(id, MON_COMPTE_FORMATION).await;
        started.map_err(|e| journey_error(j, e))
    });
    if let Some(attempt) = started.await? {
        super::login::hold(w, name, attempt)?;
    }
    Ok(())
}

#[when(
    expr = "{personne} lance une connexion à Mon Compte Formation avec le numéro de mobile de {personne}"
)]
async fn starts_login(
    w: &mut IdnWorld,
    #[step] step: &Step,
    name: Personne,
    victim: Personne,
) -> StepResult {
    fraudster_login(w, step, &name, &victim).await
}

/// Starts `n` logins in a row; each must be accepted but the last, left for the next step.
#[when(
    expr = "{personne} lance {int} connexions à Mon Compte Formation avec le numéro de mobile de {personne}"
)]
async fn starts_logins(
    w: &mut IdnWorld,
    #[step] step: &Step,
    name: Personne,
    n: u32,
    victim: Personne,
) -> StepResult {
    for _ in 0..n {
        fraudster_login(w, step, &name, &victim).await?;
    }
    Ok(())
}

/// Approves the login under way from the fraudster's own phone with guessed codes. None
/// may succeed (FRAUD-02); the last answer is left for the next step.
#[when(expr = "{personne} saisit {int} codes secrets au hasard sur son propre smartphone")]
async fn guesses_pins(
    w: &mut IdnWorld,
    #[step] step: &Step,
    name: Personne,
    tries: u32,
) -> StepResult {
    let id = fraudster_id(w, &name).await?;
    let login = w.held(&name, |h| h.login.clone(), || format!("{name} has no login under way"))?;
    let narrative =
        format!("{name} types {tries} guessed secret codes in the app of their own phone");
    // The index of the first guess that approved the login, if one did; else the last
    // answer, a refusal for the next step to check.
    let approved = w.ask(step, async |j| {
        j.step(narrative);
        let answers = j.world.fraudster_guess_pins(id, &login.request, tries).await;
        if let Some(at) = answers.iter().position(Result::is_ok) {
            return Ok(Some(at));
        }
        let last = answers.into_iter().last().unwrap_or(Err(CallError::Transport {
            request: "AppApprove".to_string(),
            detail: "no guess was made".to_string(),
        }));
        last.map(|_| None).map_err(|e| j.call_error(e))
    });
    let Some(Some(at)) = approved.await? else { return Ok(()) };
    let failure = Failure::unexpected(
        format!("no guessed secret code approves the login from {name}'s own phone"),
        format!("guess {} of {tries} approved it", at + 1),
    );
    Err(w.fail(failure.enforcing(["FRAUD-02"])))
}

#[when(
    expr = "{personne} se connecte à l'Espace Client de {personne} avec le mot de passe qu'il connaît"
)]
async fn fraudster_web_login(
    w: &mut IdnWorld,
    #[step] step: &Step,
    name: Personne,
    victim: Personne,
) -> StepResult {
    let f = fraud(w, &name).await?;
    let email = needs(w, &name, &f.knows.email, "e-mail")?;
    let password = needs(w, &name, &f.knows.password, "password")?;
    let narrative =
        format!("{name} logs in to the Espace Client of {victim} with the password they know");
    w.ask_by(step, f.actor, narrative, WebLogin { email, password }).await?;
    Ok(())
}

/// « Commencer » on the fraudster's own phone, logging in with the victim's account.
#[when(
    expr = "{personne} installe l'application sur son smartphone et se connecte avec l'adresse e-mail et le mot de passe de {personne}"
)]
async fn fraudster_app_start(
    w: &mut IdnWorld,
    #[step] step: &Step,
    name: Personne,
    victim: Personne,
) -> StepResult {
    let f = fraud(w, &name).await?;
    let email = needs(w, &name, &f.knows.email, "e-mail")?;
    let password = needs(w, &name, &f.knows.password, "password")?;
    let device = w.journey().await?.world.device_info(&f.device);
    let start = AppStart { device, email, password, purpose: AppPurpose::Activate };
    let narrative = format!(
        "{name} installs the app, taps « Commencer » and logs in with the account of {victim}"
    );
    if let Some(challenge) = w.ask_by(step, f.actor, narrative, start).await? {
        w.holder(&name)?.challenge = Some(challenge.challenge);
    }
    Ok(())
}

/// The SMS code of the fraudster's activation reaches the victim's phone, not theirs.
#[then(
    expr = "le code SMS demandé par {personne} arrive sur le smartphone de {personne}, pas sur le sien"
)]
async fn code_goes_to_victim(w: &mut IdnWorld, name: Personne, victim: Personne) -> StepResult {
    let f = fraud(w, &name).await?;
    let number = w.person_data(&victim).await?.phone_number;
    let world = &w.journey().await?.world;
    let Some(since) = last_call(world, &f.actor, |r| matches!(r, Request::AppStart(_))) else {
        return Err(w.fail(Failure::observed(format!("{name} has not started the app"))));
    };
    let j = w.journey().await?;
    let arrived = move |world: &World| {
        world.received_sms(&number).iter().any(|s| s.at >= since && read_code(&s.text).is_some())
    };
    let waited =
        j.world.run_until("an SMS code on the victim's phone", arrived, TimeDelta::minutes(10));
    let waited = waited.await;
    let theirs = j.world.received_sms(&f.number).len();
    if let Err(e) = waited {
        return Err(w.fail(Failure::observed(format!("no SMS code reached {victim}: {e}"))));
    }
    w.check(theirs == 0, || {
        Failure::unexpected(
            format!("no SMS on the phone of {name}"),
            format!("{name} received {theirs} SMS on their own phone"),
        )
    })
}

/// Types a guessed 6-digit code where the app asks for the SMS code.
#[when(expr = "{personne} saisit un code SMS au hasard")]
async fn guesses_sms_code(w: &mut IdnWorld, #[step] step: &Step, name: Personne) -> StepResult {
    let f = fraud(w, &name).await?;
    let challenge = challenge_of(w, &name)?;
    let stream = format!("fraudster/{}", name.to_lowercase());
    let code = w.journey().await?.world.stream(&stream).digits(6);
    let narrative = format!("{name} types a guessed SMS code ({code})");
    w.ask_by(step, f.actor, narrative, AppConfirmSms { challenge, code }).await?;
    Ok(())
}

/// « Nouveau numéro » (MGT-08) with the fraudster's own number.
#[when(expr = "{personne} choisit « Nouveau numéro » et donne son propre numéro")]
async fn new_number(w: &mut IdnWorld, #[step] step: &Step, name: Personne) -> StepResult {
    let f = fraud(w, &name).await?;
    let challenge = challenge_of(w, &name)?;
    let narrative =
        format!("{name} taps « Nouveau numéro » and gives their own number {}", f.number);
    w.ask_by(step, f.actor, narrative, AppNewNumber { challenge, phone: f.number }).await?;
    Ok(())
}

#[when(expr = "{personne} saisit le code reçu par SMS sur son propre smartphone")]
async fn types_own_sms_code(w: &mut IdnWorld, #[step] step: &Step, name: Personne) -> StepResult {
    w.ensure_checked()?;
    let f = fraud(w, &name).await?;
    let challenge = challenge_of(w, &name)?;
    let j = w.journey().await?;
    let owned = f.number.clone();
    let arrived = move |world: &World| world.latest_sms_code(&owned).is_some();
    let waited =
        j.world.run_until("an SMS code on the fraudster's phone", arrived, TimeDelta::minutes(10));
    let waited = waited.await;
    let code = j.world.latest_sms_code(&f.number);
    if let Err(e) = waited {
        return Err(w.fail(Failure::observed(format!("no SMS code reached {name}: {e}"))));
    }
    let code = code.expect("seen above");
    let narrative = format!("{name} types the code received on their own phone");
    w.ask_by(step, f.actor, narrative, AppConfirmSms { challenge, code }).await?;
    Ok(())
}

#[when(
    expr = "{personne} saisit les 4 derniers caractères du numéro de la pièce d'identité de {personne}"
)]
async fn types_suffix(
    w: &mut IdnWorld,
    #[step] step: &Step,
    name: Personne,
    victim: Personne,
) -> StepResult {
    let f = fraud(w, &name).await?;
    let challenge = challenge_of(w, &name)?;
    let number = needs(w, &name, &f.knows.document_number, "document number")?;
    let last4 = last_four(&number);
    let narrative = format!("{name} types the last 4 characters of the document of {victim}");
    w.ask_by(step, f.actor, narrative, AppDocumentSuffix { challenge, last4 }).await?;
    Ok(())
}

#[when(expr = "{personne} choisit un code secret sur son propre smartphone")]
async fn sets_pin(w: &mut IdnWorld, #[step] step: &Step, name: Personne) -> StepResult {
    let f = fraud(w, &name).await?;
    let challenge = challenge_of(w, &name)?;
    let narrative = format!("{name} chooses a secret code on their own phone");
    let set = AppSetPin { challenge, pin: FRAUDSTER_PIN.to_string() };
    w.ask_by(step, f.actor, narrative, set).await?;
    Ok(())
}

/// After « Nouveau numéro », the holder's mailbox receives a code they did not ask for
/// (FRAUD-02): a new e-mail carrying a code, sent after the fraudster's request.
#[then(
    expr = "{personne} reçoit par e-mail un code de confirmation du « Nouveau numéro » demandé par {personne}"
)]
async fn holder_gets_mail_code(w: &mut IdnWorld, victim: Personne, name: Personne) -> StepResult {
    w.ensure_checked()?;
    let f = fraud(w, &name).await?;
    let email = w.person_data(&victim).await?.email;
    let world = &w.journey().await?.world;
    let Some(since) = last_call(world, &f.actor, |r| matches!(r, Request::AppNewNumber(_))) else {
        let missing = format!("{name} has not chosen « Nouveau numéro »");
        return Err(w.fail(Failure::observed(missing)));
    };
    let j = w.journey().await?;
    let owned = email.clone();
    let arrived = move |world: &World| {
        world.mailbox(&owned).all().iter().any(|m| m.at >= since && read_code(&m.body).is_some())
    };
    let waited = j.world.run_until("a code by e-mail to the holder", arrived, TimeDelta::hours(1));
    let waited = waited.await.map_err(|e| {
        Failure::observed(format!("no e-mail with a code reached {victim} ({email}): {e}"))
    });
    w.settle(waited)
}

/// The fraudster does not read the holder's mailbox: they can only guess its code.
#[when(expr = "{personne} saisit au hasard le code envoyé à l'adresse e-mail de {personne}")]
async fn guesses_mail_code(
    w: &mut IdnWorld,
    #[step] step: &Step,
    name: Personne,
    victim: Personne,
) -> StepResult {
    let f = fraud(w, &name).await?;
    let challenge = challenge_of(w, &name)?;
    let stream = format!("fraudster/{}", name.to_lowercase());
    let code = w.journey().await?.world.stream(&stream).digits(6);
    let narrative = format!("{name} types a guessed code ({code}) for the e-mail sent to {victim}");
    w.ask_by(step, f.actor, narrative, AppConfirmEmail { challenge, code }).await?;
    Ok(())
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
    let f = fraud(w, &name).await?;
    w.person(&victim).await?;
    let j = w.journey().await?;
    let tried = attempt_everything(j, &f, &name, &victim).await;
    w.settle(tried)
}

/// The attempts of [`tries_everything`]; the first that succeeds, as a failure of FRAUD-02.
async fn attempt_everything(
    j: &mut Journey,
    f: &Fraud,
    name: &str,
    victim: &str,
) -> Result<(), Failure> {
    let violated = |what: String| -> Result<(), Failure> {
        let expected = format!("no attempt of {name} against the identity of {victim} succeeds");
        Err(Failure::unexpected(expected, what).enforcing(["FRAUD-02"]))
    };
    if f.knows.phone_number.is_some() {
        j.step(format!("{name} starts a login with the number of {victim} and guesses codes"));
        let login = j.world.fraudster_login_start(f.id, MON_COMPTE_FORMATION).await;
        let login =
            login.map_err(|e| Failure::observed(format!("{name} could not start a login: {e}")))?;
        let guesses = j.world.fraudster_guess_pins(f.id, &login.request, 5).await;
        if guesses.iter().any(Result::is_ok) {
            return violated(format!("a guessed code from {name}'s phone approved the login"));
        }
        if let Ok(outcome) = j.world.partner_login_finish(&login).await {
            let who = &outcome.claims.identity;
            return violated(format!(
                "{name} logged in to {MON_COMPTE_FORMATION} as {} {}",
                who.given_name, who.family_name
            ));
        }
    }
    if f.knows.email.is_some() && f.knows.password.is_some() {
        j.step(format!("{name} tries to activate their own phone with the account of {victim}"));
        if j.world.fraudster_activate(f.id).await.is_ok() {
            return violated(format!("{name} activated their phone with a guessed SMS code"));
        }
        if f.knows.document_number.is_some() {
            j.step(format!("{name} tries « Nouveau numéro » with their own number"));
            if new_number_path(j, f).await.is_ok() {
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
    let last4 = last_four(&document);
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
    let f = fraud(w, &name).await?;
    let pending = w.journey().await?.world.app_pending(&f.device).await;
    let observed = match pending {
        Err(CallError::Refused(_)) => return Ok(()),
        Ok(pending) => format!(
            "the app on {name}'s phone is activated on the identity of {victim}: {pending:?}"
        ),
        Err(other) => other.to_string(),
    };
    Err(w.fail(Failure::observed(observed)))
}

// ---- The holder ------------------------------------------------------------------------

/// The notification of the login the fraudster started, on the holder's smartphone.
#[then(
    expr = "le smartphone de {personne} affiche la notification {texte} déclenchée par {personne}"
)]
async fn notified(w: &mut IdnWorld, victim: Personne, text: Texte, name: Personne) -> StepResult {
    let since = w.held(
        &name,
        |h| h.login.as_ref().map(|l| l.started_at),
        || format!("{name} has started no login"),
    )?;
    let device = w.person_data(&victim).await?.device;
    let j = w.journey().await?;
    let owned = device.clone();
    let wanted = text.0.clone();
    let shown = move |world: &World| {
        world.notifications(&owned).iter().any(|n| n.at >= since && n.body.contains(&wanted))
    };
    let waited =
        j.world.run_until("the notification on the holder's phone", shown, TimeDelta::minutes(2));
    let Err(e) = waited.await else { return Ok(()) };
    let seen: Vec<String> = j.world.notifications(&device).iter().map(|n| n.body.clone()).collect();
    Err(w.fail(Failure::unexpected(
        format!("the notification « {} » on the smartphone of {victim}", text.0),
        format!("it does not show it ({e}); it shows {seen:?}"),
    )))
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
    let person = w.person(&victim).await?;
    let ran = w.journey().await?.world.run_for(TimeDelta::minutes(1)).await;
    w.settle(ran)?;
    let j = w.journey().await?;
    let device = j.world.person(person).device.clone();
    let got = j.world.notifications(&device).iter().filter(|m| m.body.contains(&text.0)).count();
    w.check(got == n, || {
        Failure::unexpected(
            format!("{n} notifications « {} » on the smartphone of {victim}", text.0),
            format!("it showed {got}"),
        )
    })
}

/// « Refuser » on the request the app shows (the holder did not start it).
#[when(expr = "{personne} refuse la connexion en appuyant sur « Refuser »")]
async fn refuses(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let device = w.person_data(&who).await?.device;
    let narrative = format!(
        "{who} opens the app, sees a login request they did not make, and taps « Refuser »"
    );
    let refused = w.ask(step, async |j| {
        j.step(narrative);
        let pending = j.world.app_pending(&device).await.map_err(|e| j.call_error(e))?;
        let Some(latest) = pending.requests.last() else {
            let none = format!("the app of {who} shows no login request");
            return Err(j.unexpected("a login request in the app", none));
        };
        let refused = j.world.app_refuse(&device, &latest.request).await;
        refused.map_err(|e| j.call_error(e))
    });
    refused.await?;
    Ok(())
}

/// Logs in to the Espace Client with the person's current password (not under test here).
async fn espace_client(
    w: &mut IdnWorld,
    who: &str,
    person: PersonId,
) -> Result<idn_contract::SessionToken, StepError> {
    let j = w.journey().await?;
    let session = crate::flows::account::login(j, person).await;
    let session = w.settle(session)?;
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
async fn blocks(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let session = espace_client(w, &who, person).await?;
    let document_suffix = last4(w, person).await?;
    let narrative = format!("{who} blocks the identity from the Espace Client");
    let block = IdentityBlock { via: Channel::Web { session }, document_suffix };
    w.ask_as(step, &who, narrative, block).await?;
    Ok(())
}

#[when(expr = "{personne} suit le conseil « Modifier le mot de passe de votre compte »")]
async fn changes_password(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let session = espace_client(w, &who, person).await?;
    let current_password = w.person_data(&who).await?.password;
    let new_password = renewed_password(&current_password);
    let narrative = format!("{who} changes the password of the account, typing the current one");
    let change = PasswordChange { session, current_password, new_password: new_password.clone() };
    if w.ask_as(step, &who, narrative, change).await?.is_some() {
        w.journey().await?.world.person_mut(person).set_password(new_password);
    }
    Ok(())
}

#[when(
    expr = "{personne} suit le conseil « Débloquer votre Identité Numérique » avec son nouveau mot de passe"
)]
async fn unblocks(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let session = espace_client(w, &who, person).await?;
    let document_suffix = last4(w, person).await?;
    let narrative = format!("{who} unblocks the identity from the Espace Client");
    w.ask_as(step, &who, narrative, IdentityUnblock { session, document_suffix }).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::params::matches;

    // Checks that every list of what a fraudster knows that `fraude.feature` writes
    // matches the parameter, reads back item by item, and tells the same words.
    #[test]
    fn knowledge_reads_the_features_lists() {
        let lists = [
            "le numéro de mobile",
            "le numéro de mobile et l'adresse e-mail",
            "l'adresse e-mail et le mot de passe",
            "le numéro de mobile, l'adresse e-mail et le mot de passe",
            "l'adresse e-mail, le mot de passe et le numéro de la pièce d'identité",
            "le numéro de mobile, l'adresse e-mail, le mot de passe et le numéro de la pièce d'identité",
        ];
        for list in lists {
            assert!(matches::<Connaissances>(list), "{list}");
            assert_eq!(list.parse::<Connaissances>().unwrap().to_string(), list);
        }
        let everything = lists[5].parse::<Connaissances>().unwrap().0;
        assert_eq!(everything, Connu::ALL);
        assert!(!matches::<Connaissances>("le numéro de mobile, l'adresse e-mail"));
        assert!(!matches::<Connaissances>("le code secret"));
    }
}
