//! Notifications that do not show (PUSH-01, PUSH-02, AUTH-04): the states of the
//! smartphone that keep the login notification from showing, what the person does to
//! restore it, a number on file that is not the phone's, and the pending request found by
//! opening the app by hand.

use super::params::{Personne, Systeme, Texte};
use super::{IdnWorld, StepResult};
use crate::failure::Failure;
use crate::flows::activation;
use crate::flows::inbox::{type_code, wait_for_sms_code};
use crate::journey::Journey;
use chrono::TimeDelta;
use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use idn_contract::PhoneNumber;
use idn_contract::management::{PhoneChangeConfirm, PhoneChangeStart};
use idn_world::{Phone, phone_actor};

/// Changes a setting of `who`'s current smartphone, telling it in the narrative and the
/// trace.
async fn set_phone(
    w: &mut IdnWorld,
    who: &str,
    what: &str,
    change: impl FnOnce(&mut Phone),
) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(who).await?;
    let j = w.journey().await?;
    let device = j.world.person(person).device.clone();
    j.step(format!("{who}'s smartphone: {what}"));
    let actor = j.world.person(person).actor();
    let settings = idn_world::TraceEvent::PhoneSettings { change: what.to_string() };
    j.world.record(actor, Some(phone_actor(&device)), settings);
    change(j.world.phone_mut(&device));
    Ok(())
}

// ---- The causes of PUSH-01 ------------------------------------------------------------

#[given(
    expr = "les notifications de l'application sont désactivées sur le smartphone de {personne}"
)]
async fn notifications_off(w: &mut IdnWorld, who: Personne) -> StepResult {
    set_phone(w, &who, "notifications not allowed for the app", |p| {
        p.set_notifications_allowed(false)
    })
    .await
}

#[given(expr = "le smartphone de {personne} est en mode « Ne pas déranger »")]
async fn do_not_disturb_on(w: &mut IdnWorld, who: Personne) -> StepResult {
    set_phone(w, &who, "« Ne pas déranger » on", |p| p.set_do_not_disturb(true)).await
}

#[given(
    expr = "l'économie de batterie met l'application en veille sur le smartphone de {personne}"
)]
async fn battery_saver_on(w: &mut IdnWorld, who: Personne) -> StepResult {
    set_phone(w, &who, "battery saving restricts the app in the background", |p| {
        p.set_battery_saver_restricts_app(true)
    })
    .await
}

/// The phone's system is older than the app supports (ELIG-03), after the activation.
#[given(expr = "le système du smartphone de {personne} n'est plus à jour : {systeme}")]
async fn os_outdated(w: &mut IdnWorld, who: Personne, system: Systeme) -> StepResult {
    let what = format!("system {:?} {}", system.0, system.1);
    let mut supported = true;
    set_phone(w, &who, &what, |p| {
        (p.os, p.os_major) = (system.0, system.1);
        supported = p.os_supported();
    })
    .await?;
    w.check(!supported, || {
        Failure::unexpected(
            "a system the app no longer supports (ELIG-03)",
            format!("{what} is not outdated: the app supports it"),
        )
    })
}

/// A new SIM, with a new number, in the same smartphone: the number on file is no longer
/// the phone's.
#[given(
    expr = "{personne} a changé de carte SIM sans mettre à jour son numéro dans son Espace Client"
)]
async fn new_sim(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let person = w.person(&who).await?;
    let j = w.journey().await?;
    let old = j.world.person(person).phone_number.clone();
    let keep = old.national.len().min(3);
    let number = loop {
        let rest = j.world.stream("notifications/sim").digits(old.national.len() - keep);
        let number =
            PhoneNumber::new(&old.calling_code, format!("{}{rest}", &old.national[..keep]));
        let taken = j.world.people().iter().any(|p| p.phone_number == number)
            || j.world.phone_with_number(&number).is_some();
        if !taken && number != old {
            break number;
        }
    };
    let device = j.world.person(person).device.clone();
    j.step(format!("{who} puts a new SIM ({number}) in the smartphone"));
    let actor = j.world.person(person).actor();
    let new_sim = idn_world::TraceEvent::NewSim { number: number.clone() };
    j.world.record(actor, Some(phone_actor(&device)), new_sim);
    j.world.phone_mut(&device).sim = Some(number.clone());
    j.world.person_mut(person).phone_number = number;
    Ok(())
}

// ---- What restores delivery -----------------------------------------------------------

/// iOS: Réglages > Notifications > L'Identité Numérique > Autoriser les notifications;
/// Android: Paramètres > Applications Notifications.
#[when(
    expr = "{personne} autorise les notifications de l'application dans les réglages de son smartphone"
)]
async fn notifications_on(w: &mut IdnWorld, who: Personne) -> StepResult {
    set_phone(w, &who, "notifications allowed for the app", |p| p.set_notifications_allowed(true))
        .await
}

#[when(expr = "{personne} désactive le mode « Ne pas déranger »")]
async fn do_not_disturb_off(w: &mut IdnWorld, who: Personne) -> StepResult {
    set_phone(w, &who, "« Ne pas déranger » off", |p| p.set_do_not_disturb(false)).await
}

/// Paramètres > Batterie > Limites utilisation arrière-plan.
#[when(expr = "{personne} retire l'application des limites d'utilisation en arrière-plan")]
async fn battery_saver_off(w: &mut IdnWorld, who: Personne) -> StepResult {
    set_phone(w, &who, "battery saving no longer restricts the app", |p| {
        p.set_battery_saver_restricts_app(false)
    })
    .await
}

/// Paramètres > Mise à jour du logiciel.
#[when(expr = "{personne} met à jour le système de son smartphone : {systeme}")]
async fn os_updated(w: &mut IdnWorld, who: Personne, system: Systeme) -> StepResult {
    let what = format!("system updated to {:?} {}", system.0, system.1);
    let mut supported = false;
    set_phone(w, &who, &what, |p| {
        p.os = system.0;
        p.set_os_major(system.1);
        supported = p.os_supported();
    })
    .await?;
    w.check(supported, || {
        Failure::unexpected(
            "a system the app supports (ELIG-03)",
            format!("{what}: still too old for the app"),
        )
    })
}

/// « supprimer votre application et la télécharger à nouveau »: the app forgets its
/// activation, is activated again (ACT-01, MGT-08) and asks to allow notifications, which
/// the person accepts (ACT-04).
#[when(
    expr = "{personne} supprime l'application, la télécharge à nouveau et l'active en autorisant les notifications"
)]
async fn reinstall(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    let reinstalls = async |j: &mut Journey| {
        let device = j.world.person(person).device.clone();
        j.step(format!("{who} deletes the app and downloads it again"));
        j.world.uninstall_app(&device);
        if !j.world.install_app(&device) {
            let refused = format!("the app cannot be installed on {device}");
            return Err(j.unexpected("the store installs the app again", refused));
        }
        let activated = activation::activate(j, person, &device).await;
        if activated.is_ok() {
            j.note(format!("{who} allows notifications when the app asks (ACT-04)"));
            j.world.phone_mut(&device).set_notifications_allowed(true);
        }
        activated
    };
    w.ask(step, reinstalls).await?;
    Ok(())
}

/// MGT-02 from the Espace Client: the phone's number, confirmed by the code sent to it.
#[when(expr = "{personne} met à jour son numéro de mobile dans son Espace Client")]
async fn update_number(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    let session = w.session(&who)?;
    let p = w.person_data(&who).await?;
    let updates = async |j: &mut Journey| {
        let me = p.actor();
        j.step(format!("{who} gives the phone's number {} in the Espace Client", p.phone_number));
        let start =
            PhoneChangeStart { session: session.clone(), new_phone: p.phone_number.clone() };
        j.call(&me, start).await?;
        let code = wait_for_sms_code(j, &p.phone_number, TimeDelta::minutes(10)).await?;
        let confirm = |code: String| PhoneChangeConfirm { session: session.clone(), code };
        type_code(j, person, &me, &code, confirm).await
    };
    w.ask(step, updates).await?;
    Ok(())
}

// ---- What the person sees ---------------------------------------------------------------

/// PUSH-02, AUTH-04: the app, opened by hand, lists the login under way and offers the
/// keypad of the secret code.
#[then(
    expr = "l'application de {personne} affiche la demande de connexion à {texte} et le pavé numérique du code secret"
)]
async fn app_shows_request(w: &mut IdnWorld, who: Personne, service: Texte) -> StepResult {
    w.ensure_checked()?;
    let device = w.person_data(&who).await?.device;
    let request = super::login::attempt(w, &who)?.request;
    let j = w.journey().await?;
    j.step(format!("{who} opens the app by hand"));
    let pending = j.world.app_pending(&device).await;
    let pending = pending.map_err(|e| Failure::observed(format!("the app shows no request: {e}")));
    let pending = w.settle(pending)?;
    let observed = match pending.requests.iter().find(|r| r.request == request) {
        Some(r) if r.service_name == service.0 => return Ok(()),
        Some(r) => format!("it shows a request from « {} »", r.service_name),
        None => format!("it does not show the login request: {pending:?}"),
    };
    let expected = format!("the app of {who} shows the login request from « {} »", service.0);
    Err(w.fail(Failure::unexpected(expected, observed)))
}

/// No notification shows on the person's smartphone in the next 2 minutes (the login was
/// not even accepted, so « n'affiche aucune notification » of login.rs cannot be used).
#[then(expr = "le smartphone de {personne} ne reçoit aucune notification de connexion")]
async fn no_login_notification(w: &mut IdnWorld, who: Personne) -> StepResult {
    w.ensure_checked()?;
    let device = w.person_data(&who).await?.device;
    let j = w.journey().await?;
    let before = j.world.notifications(&device).len();
    let ran = j.world.run_for(TimeDelta::minutes(2)).await;
    let shown: Vec<String> =
        j.world.notifications(&device).iter().skip(before).map(|n| n.body.clone()).collect();
    w.settle(ran)?;
    w.check(shown.is_empty(), || {
        Failure::unexpected(
            format!("no login notification on the smartphone of {who}"),
            format!("the smartphone of {who} shows {shown:?}"),
        )
    })
}
