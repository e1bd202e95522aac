//! Activating the app (ACT): eligibility of the smartphone, SMS code, secret-code rules, one smartphone at a time, the identity's 5 years.
//!
//! The app's challenge is driven step by step as the FAQ tells it (« Commencer », e-mail
//! and password, the code received by SMS, the last 4 characters of the document on a new
//! smartphone, the secret code), so that each answer of the SUT can be checked. The
//! challenge under way is kept in the person's [`super::Holder`].

use super::params::{Date, Personne, Systeme, Texte};
use super::{IdnWorld, StepError, StepResult};
use crate::failure::Failure;
use crate::flows::inbox::{type_code, wait_for_sms_code};
use crate::journey::Journey;
use chrono::TimeDelta;
use cucumber::gherkin::Step;
use cucumber::{Parameter, given, then, when};
use idn_contract::activation::{AppConfirmSms, AppDocumentSuffix, AppPurpose, AppSetPin, AppStart};
use idn_contract::login::AppApprove;
use idn_contract::{DeviceId, RefusalCode, SessionToken};
use idn_world::{PersonId, PhoneSpec, SimCard, World, phone_actor};
use std::str::FromStr;

// ---- Shared helpers (used by `management` too) -----------------------------------------

/// What a person types when asked for the last 4 characters of their document number
/// (MGT-07): their own, wrong ones, or characters the feature names.
#[derive(Debug, Clone, PartialEq, Eq, Parameter)]
#[param(
    name = "suffixe",
    regex = r"les 4 derniers caractères de sa pièce d'identité|de mauvais 4 derniers caractères|les caractères « [^»]+ »"
)]
pub enum Suffixe {
    Own,
    Wrong,
    Given(String),
}

impl FromStr for Suffixe {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "les 4 derniers caractères de sa pièce d'identité" => Ok(Suffixe::Own),
            "de mauvais 4 derniers caractères" => Ok(Suffixe::Wrong),
            other => {
                let inner = other.trim_start_matches("les caractères").trim();
                let inner = inner.trim_start_matches('«').trim_end_matches('»').trim();
                Ok(Suffixe::Given(inner.to_string()))
            }
        }
    }
}

impl Suffixe {
    /// The characters typed, for the person's current document.
    pub fn typed(&self, world: &World, person: PersonId) -> String {
        let own = world.person(person).identity.document.last4().to_string();
        match self {
            Suffixe::Own => own,
            Suffixe::Given(text) => text.clone(),
            Suffixe::Wrong => wrong_suffix(&own),
        }
    }
}

/// Four characters that differ from `own` in every position (digits shifted by 5, anything
/// else replaced by a digit), so that no SUT may read them as the right ones.
fn wrong_suffix(own: &str) -> String {
    let wrong: String = own
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_digit((d + 5) % 10, 10).expect("a digit"),
            None => '7',
        })
        .collect();
    format!("{wrong:0>4}")
}

/// The person's web session on the Espace Client: the one they hold, or a new login.
pub(super) async fn espace_client_session(
    w: &mut IdnWorld,
    who: &str,
) -> Result<SessionToken, StepError> {
    if let Some(session) = w.holder(who)?.session.clone() {
        return Ok(session);
    }
    let person = w.person(who).await?;
    let j = w.journey().await?;
    let logged_in = crate::flows::account::login(j, person).await;
    let session = w.settle(logged_in)?;
    w.holder(who)?.session = Some(session.clone());
    Ok(session)
}

/// The smartphone the person used before their current one (MGT-08).
pub(super) fn former_device(world: &World, person: PersonId) -> Result<DeviceId, Failure> {
    let current = world.person(person).device.clone();
    world
        .phones()
        .filter(|p| p.owner == Some(person) && p.id != current)
        .map(|p| p.id.clone())
        .last()
        .ok_or_else(|| {
            Failure::observed(format!("{} has had no other smartphone", world.person(person).name))
        })
}

/// `who`'s former smartphone (see [`former_device`]), or the step's failure.
async fn former_of(w: &mut IdnWorld, who: &str) -> Result<DeviceId, StepError> {
    let person = w.person(who).await?;
    let former = former_device(&w.journey().await?.world, person);
    w.settle(former)
}

/// Virtual time until 9:00 on `date`, which must be in the future.
async fn run_to_date(w: &mut IdnWorld, date: chrono::NaiveDate) -> StepResult {
    let target = date.and_hms_opt(9, 0, 0).expect("9:00 exists").and_utc();
    let j = w.journey().await?;
    let now = j.world.now();
    if target <= now {
        let past = Failure::observed(format!("{date} is not in the future (it is {now})"));
        return Err(w.fail(past));
    }
    j.step(format!("time passes until {date}"));
    let ran = j.world.run_for(target - now).await;
    w.settle(ran)
}

/// Lets time pass until the first day the identity verified today is no longer valid
/// (ACT-06: 5 years from its verification). Needs a world started by
/// « la simulation couvre … ans ».
pub(super) async fn run_past_five_years(w: &mut IdnWorld) -> StepResult {
    let today = w.journey().await?.world.now().date_naive();
    run_to_date(w, idn_model::calendar::add_years(today, 5)).await
}

// ---- A world that may run for years (ACT-06) -------------------------------------------

/// Gives the run room for `years` of virtual time (the default limits stop a run after
/// 400 days; ACT-06 needs 5 years).
#[given(expr = "la simulation couvre {int} ans")]
async fn long_world(w: &mut IdnWorld, years: u32) -> StepResult {
    w.allow_virtual_time(TimeDelta::days(366 * i64::from(years)))
}

/// Moves virtual time to 9:00 on a later day.
#[when(expr = "le temps passe jusqu'au {date}")]
#[given(expr = "le temps passe jusqu'au {date}")]
async fn time_until(w: &mut IdnWorld, date: Date) -> StepResult {
    w.ensure_checked()?;
    run_to_date(w, date.0).await
}

// ---- The person's secrets, chosen by the feature ----------------------------------------

/// The secret code the person will choose whenever a step says « son code secret ».
#[given(expr = "le code secret que {personne} choisira est {texte}")]
async fn pin_will_be(w: &mut IdnWorld, who: Personne, pin: Texte) -> StepResult {
    let person = w.person(&who).await?;
    w.journey().await?.world.person_mut(person).pin = pin.0;
    Ok(())
}

// ---- The app's challenge, step by step (ACT-01, MGT-04, MGT-08) -------------------------

#[when(expr = "{personne} installe l'application L'Identité Numérique sur son smartphone")]
#[given(expr = "{personne} installe l'application L'Identité Numérique sur son smartphone")]
async fn install(w: &mut IdnWorld, who: Personne) -> StepResult {
    let device = w.person_data(&who).await?.device;
    let j = w.journey().await?;
    let info = j.world.device_info(&device);
    j.step(format!("{who} installs the app from the store"));
    let installed = j.world.install_app(&device);
    w.check(installed, || {
        Failure::unexpected(
            format!("the store installs the app on {who}'s smartphone"),
            format!(
                "the store does not install the app on {} {} ({})",
                info.os.label(),
                info.os_major,
                info.model
            ),
        )
    })
}

/// Starts a challenge of the app on the person's current smartphone.
async fn start_challenge(
    w: &mut IdnWorld,
    step: &Step,
    who: &str,
    purpose: AppPurpose,
) -> StepResult {
    let p = w.person_data(who).await?;
    let what = match purpose {
        AppPurpose::Activate => "taps « Commencer »",
        AppPurpose::ChangePin => "opens « Modifier votre code secret »",
    };
    let starts = async |j: &mut Journey| {
        let device = j.world.device_info(&p.device);
        j.step(format!("{who} {what} and logs in with e-mail and password"));
        let start = AppStart { device, email: p.email, password: p.password, purpose };
        j.call(&phone_actor(&p.device), start).await
    };
    let challenge = w.ask(step, starts).await?.map(|c| c.challenge);
    w.holder(who)?.challenge = challenge;
    Ok(())
}

#[when(
    expr = "{personne} appuie sur « Commencer » et se connecte avec son e-mail et son mot de passe"
)]
async fn commencer(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    start_challenge(w, step, &who, AppPurpose::Activate).await
}

#[when(
    expr = "{personne} ouvre « Paramètres » puis « Modifier votre code secret » et se connecte avec son e-mail et son mot de passe"
)]
#[when(
    expr = "{personne} appuie sur « Code oublié » et se connecte avec son e-mail et son mot de passe"
)]
async fn change_pin(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    start_challenge(w, step, &who, AppPurpose::ChangePin).await
}

fn challenge_of(w: &mut IdnWorld, who: &str) -> Result<idn_contract::ChallengeId, StepError> {
    w.held(
        who,
        |h| h.challenge.clone(),
        || {
            format!(
                "{who} has no démarche under way in the app (« {who} appuie sur « Commencer » … »)"
            )
        },
    )
}

/// Reads the code from the SMS sent to the person's number and types it in the app.
#[when(expr = "{personne} saisit dans l'application le code reçu par SMS")]
async fn type_sms_code(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    let challenge = challenge_of(w, &who)?;
    let p = w.person_data(&who).await?;
    let types = async |j: &mut Journey| {
        j.step(format!("{who} types the code received by SMS"));
        let code = wait_for_sms_code(j, &p.phone_number, TimeDelta::minutes(10)).await?;
        let confirm = |code| AppConfirmSms { challenge: challenge.clone(), code };
        type_code(j, person, &phone_actor(&p.device), &code, confirm).await
    };
    w.ask(step, types).await?;
    Ok(())
}

/// The last 4 characters of the document number, asked on a new smartphone (MGT-07).
#[when(expr = "{personne} saisit dans l'application {suffixe}")]
async fn type_suffix(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    suffix: Suffixe,
) -> StepResult {
    let person = w.person(&who).await?;
    let challenge = challenge_of(w, &who)?;
    let types = async |j: &mut Journey| {
        let last4 = suffix.typed(&j.world, person);
        let device = j.world.person(person).device.clone();
        j.step(format!("{who} types « {last4} » as the last 4 characters of the document"));
        j.call(&phone_actor(&device), AppDocumentSuffix { challenge, last4 }).await
    };
    w.ask(step, types).await?;
    Ok(())
}

/// Chooses the secret code; once accepted it is the one the person types from then on.
async fn choose_pin(w: &mut IdnWorld, step: &Step, who: &str, pin: Option<String>) -> StepResult {
    let person = w.person(who).await?;
    let challenge = challenge_of(w, who)?;
    let p = w.person_data(who).await?;
    let pin = pin.unwrap_or(p.pin);
    let set = AppSetPin { challenge, pin: pin.clone() };
    let chooses = async |j: &mut Journey| {
        j.step(format!("{who} chooses the secret code {pin}"));
        j.call(&phone_actor(&p.device), set).await
    };
    if w.ask(step, chooses).await?.is_some() {
        w.journey().await?.world.person_mut(person).pin = pin;
    }
    Ok(())
}

#[when(expr = "{personne} choisit dans l'application le code secret {texte}")]
async fn choose_given_pin(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    pin: Texte,
) -> StepResult {
    choose_pin(w, step, &who, Some(pin.0)).await
}

#[when(expr = "{personne} choisit dans l'application son code secret")]
async fn choose_own_pin(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    choose_pin(w, step, &who, None).await
}

// ---- Smartphones: a new one, a lost one, the old one (MGT-08) ---------------------------

/// A new smartphone, without the app, into which the person puts their SIM (or a new
/// SIM with the same number): it becomes their current one.
#[given(expr = "{personne} a un nouveau smartphone {systeme} avec son numéro de mobile")]
#[when(expr = "{personne} a un nouveau smartphone {systeme} avec son numéro de mobile")]
async fn new_phone(w: &mut IdnWorld, who: Personne, system: Systeme) -> StepResult {
    let person = w.person(&who).await?;
    let j = w.journey().await?;
    let spec = PhoneSpec {
        os: system.0,
        os_major: system.1,
        sim: SimCard::OwnersNumber,
        app_installed: Some(false),
        ..PhoneSpec::default()
    };
    j.step(format!("{who} gets a new smartphone {} {}", system.0.label(), system.1));
    j.world.add_phone(person, spec);
    Ok(())
}

#[given(expr = "{personne} perd son smartphone")]
#[when(expr = "{personne} perd son smartphone")]
async fn lose_phone(w: &mut IdnWorld, who: Personne) -> StepResult {
    let device = w.person_data(&who).await?.device;
    let j = w.journey().await?;
    j.step(format!("{who} loses the smartphone {device}"));
    j.world.phone_mut(&device).set_lost(true);
    Ok(())
}

/// The app of the former smartphone lists what waits for it (AUTH-04's « open by hand »).
#[when(expr = "{personne} ouvre l'application sur son ancien smartphone")]
async fn open_former(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let former = former_of(w, &who).await?;
    let opens = async |j: &mut Journey| {
        j.step(format!("{who} opens the app on the former smartphone {former}"));
        let pending = j.world.app_pending(&former).await;
        pending.map_err(|e| j.call_error(e))
    };
    w.ask(step, opens).await?;
    Ok(())
}

/// The login under way, approved from the former smartphone with the right secret code.
#[when(expr = "{personne} valide la demande depuis son ancien smartphone avec son code secret")]
async fn approve_on_former(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    let login = super::login::attempt(w, &who)?;
    let former = former_of(w, &who).await?;
    let approves = async |j: &mut Journey| {
        let pin = j.world.person(person).pin.clone();
        j.step(format!("{who} types the secret code on the former smartphone {former}"));
        let approved = j.world.app_approve(&former, &login.request, &pin).await;
        approved.map_err(|e| j.call_error(e))
    };
    w.ask(step, approves).await?;
    Ok(())
}

#[then(expr = "l'ancien smartphone de {personne} n'affiche aucune notification")]
async fn former_shows_nothing(w: &mut IdnWorld, who: Personne) -> StepResult {
    let since = super::login::attempt(w, &who)?.started_at;
    let former = former_of(w, &who).await?;
    let j = w.journey().await?;
    let ran = j.world.run_for(TimeDelta::minutes(2)).await;
    let shown: Vec<String> = (j.world.notifications(&former).iter())
        .filter(|n| n.at >= since)
        .map(|n| n.body.clone())
        .collect();
    w.settle(ran)?;
    w.check(shown.is_empty(), || {
        Failure::unexpected(
            format!("no notification on the former smartphone of {who}"),
            format!("it shows {shown:?}"),
        )
    })
}

// ---- Logging in: notifications, the secret code only, expiry (ACT-04, ACT-05, AUTH-06) --

/// Counts the login notifications the person's current smartphone has shown (ACT-04).
#[then(expr = "le smartphone de {personne} a affiché {int} notification(s) de connexion")]
async fn notifications_count(w: &mut IdnWorld, who: Personne, count: usize) -> StepResult {
    let device = w.person_data(&who).await?.device;
    let j = w.journey().await?;
    // The person looks at the phone for up to 2 minutes: a notification may be on its way,
    // and none coming is what the count below reports.
    let owned = device.clone();
    let enough = move |world: &World| world.notifications(&owned).len() >= count;
    let _ =
        j.world.run_until("notifications on the smartphone", enough, TimeDelta::minutes(2)).await;
    let shown: Vec<String> = (j.world.notifications(&device).iter())
        .map(|n| format!("{} {} ({})", n.at.format("%H:%M:%S"), n.body, n.request))
        .collect();
    w.check(shown.len() == count, || {
        Failure::unexpected(
            format!("{count} login notifications on the smartphone of {who}"),
            format!("{} shown: {shown:?}", shown.len()),
        )
    })
}

/// ACT-05: the app offers no fingerprint or FaceID; approving without typing the secret
/// code sends an empty one.
#[when(
    expr = "{personne} tente de valider la demande avec son empreinte digitale, sans code secret"
)]
async fn approve_with_fingerprint(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
) -> StepResult {
    let what = "approves with a fingerprint, no secret code";
    approve_directly(w, step, &who, String::new(), what).await
}

/// AUTH-06: the person comes back to the app after the request expired and types the
/// secret code for it (the app may still show the old notification).
#[when(expr = "{personne} revient à la notification et saisit son code secret")]
async fn approve_late(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let pin = w.person_data(&who).await?.pin;
    let what = "comes back to the notification and types the secret code";
    approve_directly(w, step, &who, pin, what).await
}

async fn approve_directly(
    w: &mut IdnWorld,
    step: &Step,
    who: &str,
    pin: String,
    what: &str,
) -> StepResult {
    let device = w.person_data(who).await?.device;
    let login = super::login::attempt(w, who)?;
    let approves = async |j: &mut Journey| {
        j.step(format!("{who} {what}"));
        let approved = j.world.app_approve(&device, &login.request, &pin).await;
        approved.map_err(|e| j.call_error(e))
    };
    w.ask(step, approves).await?;
    Ok(())
}

#[then(expr = "l'application de {personne} n'affiche plus la demande de connexion")]
async fn request_not_listed(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let device = w.person_data(&who).await?.device;
    let login = super::login::attempt(w, &who)?;
    let pending = w.journey().await?.world.app_pending(&device).await;
    let pending = w.settle(pending.map_err(|e| Failure::observed(e.to_string())))?;
    let listed = pending.requests.iter().any(|r| r.request == login.request);
    w.check(!listed, || {
        Failure::unexpected(
            format!("the app of {who} no longer shows the login request"),
            format!("it still shows it: {pending:?}"),
        )
    })
}

/// Lets the person wrongly type `count` secret codes on the login under way; all but the
/// last must be refused `pin_wrong` (AUTH-05); the last answer is left for the next step
/// to check.
#[when(expr = "{personne} se trompe {int} fois de code secret dans l'application")]
async fn wrong_pins(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    count: u32,
) -> StepResult {
    w.ensure_checked()?;
    let p = w.person_data(&who).await?;
    let login = super::login::attempt(w, &who)?;
    if count == 0 {
        // Nothing typed, nothing answered: no answer is left for the next step.
        return Ok(());
    }
    let wrong = if p.pin == "0000" { "1111" } else { "0000" };
    let device = p.device;
    let approve = |pin: &str| AppApprove {
        device_id: device.clone(),
        request: login.request.clone(),
        pin: pin.to_string(),
    };
    let mistypes = async |j: &mut Journey| {
        for attempt in 1..count {
            j.step(format!("{who} types a wrong secret code ({wrong}), attempt {attempt}"));
            j.call_refused(&phone_actor(&device), approve(wrong), RefusalCode::PinWrong).await?;
        }
        j.step(format!("{who} types a wrong secret code ({wrong}), attempt {count}"));
        j.call(&phone_actor(&device), approve(wrong)).await
    };
    w.ask(step, mistypes).await?;
    Ok(())
}
