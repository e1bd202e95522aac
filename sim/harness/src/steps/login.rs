//! Logging in to Mon Compte Formation through FranceConnect+ (AUTH): the number typed on
//! the service's page, the notification, the secret code typed in the app or the refusal,
//! and what the service and its page get.

use super::params::{Personne, Texte};
use super::{IdnWorld, StepError, StepResult};
use crate::flows::login::MON_COMPTE_FORMATION;
use cucumber::{then, when};
use idn_contract::login::Acr;
use idn_world::{LoginHint, LoginOutcome};

/// The login under way for `who`, started by « se connecte à Mon Compte Formation ».
pub(super) fn attempt(w: &mut IdnWorld, who: &str) -> Result<idn_world::LoginAttempt, StepError> {
    w.holder(who)?.login.clone().ok_or_else(|| {
        StepError(format!("{who} has no login under way (« Quand {who} se connecte à Mon Compte Formation avec son numéro de mobile »)"))
    })
}

/// Starts a login for `who` at `service`, with `hint` typed on its page and `acr` asked by
/// FranceConnect; a refusal is recorded for the next step to check.
pub(super) async fn start(
    w: &mut IdnWorld,
    who: &str,
    hint: LoginHint,
    service: &str,
    acr: Acr,
) -> StepResult {
    let result = {
        let j = w.journey().await?;
        j.step(format!("{who} types a mobile number on {service} ({acr:?})"));
        let started = j.world.partner_login_start(hint, service, acr).await;
        started.map_err(|e| j.call_error(e))
    };
    if let Some(attempt) = w.record(&format!("{who} se connecte à {service}"), result)? {
        let holder = w.holder(who)?;
        holder.page = Some(attempt.page_message.clone());
        holder.login = Some(attempt);
    }
    Ok(())
}

/// Finishes `who`'s login as the service does (poll, token, checked claims), keeping the
/// page's last message.
pub(super) async fn finish(w: &mut IdnWorld, who: &str) -> Result<LoginOutcome, StepError> {
    w.ensure_checked()?;
    let login = attempt(w, who)?;
    let j = w.journey().await?;
    let finished = j.world.partner_login_finish(&login).await;
    let outcome =
        finished.map_err(|e| StepError(format!("the login of {who} did not succeed: {e}")))?;
    w.holder(who)?.page = Some(outcome.page_message.clone());
    Ok(outcome)
}

#[when(expr = "{personne} se connecte à Mon Compte Formation avec son numéro de mobile")]
async fn login_start(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    start(w, &who.0, LoginHint::Person(person), MON_COMPTE_FORMATION, Acr::Eidas2).await
}

/// What `device` showed for the login `request`, by body.
fn shown_for(
    world: &idn_world::World,
    device: &idn_contract::DeviceId,
    request: &idn_contract::AuthRequestId,
) -> Vec<String> {
    let shown = world.notifications(device).into_iter().filter(|n| &n.request == request);
    shown.map(|n| n.body.clone()).collect()
}

#[then(expr = "le smartphone de {personne} affiche la notification {texte}")]
async fn notification_shown(w: &mut IdnWorld, who: Personne, text: Texte) -> StepResult {
    let person = w.person(&who.0).await?;
    let request = attempt(w, &who.0)?.request;
    let j = w.journey().await?;
    let device = j.world.person(person).device.clone();
    let (owned, wanted) = (device.clone(), request.clone());
    let wait = j.world.run_until(
        "the login's notification on the smartphone",
        move |world| world.notifications(&owned).iter().any(|n| n.request == wanted),
        chrono::TimeDelta::minutes(2),
    );
    wait.await.map_err(|e| {
        StepError(format!("no notification shown on {who}'s smartphone: {e}", who = who.0))
    })?;
    let shown = shown_for(&j.world, &device, &request);
    match shown.iter().any(|body| body.contains(&text.0)) {
        true => Ok(()),
        false => Err(StepError(format!("the smartphone shows {shown:?}, not « {} »", text.0))),
    }
}

#[then(expr = "le smartphone de {personne} n'affiche aucune notification")]
async fn no_notification(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let request = attempt(w, &who.0)?.request;
    let j = w.journey().await?;
    let device = j.world.person(person).device.clone();
    j.world.run_for(chrono::TimeDelta::minutes(2)).await.map_err(|e| StepError(e.to_string()))?;
    let shown = shown_for(&j.world, &device, &request);
    match shown.is_empty() {
        true => Ok(()),
        false => Err(StepError(format!("the smartphone of {} shows {shown:?}", who.0))),
    }
}

/// Opens the app on the person's smartphone, finds the login under way and types `pin`.
async fn approve(w: &mut IdnWorld, who: &str, pin: Option<String>) -> StepResult {
    let person = w.person(who).await?;
    let login = attempt(w, who)?;
    let result = {
        let j = w.journey().await?;
        let p = j.world.person(person).clone();
        let pin = pin.unwrap_or(p.pin.clone());
        j.step(format!("{who} opens the app and types a secret code"));
        let pending = j.world.app_pending(&p.device).await.map_err(|e| j.call_error(e));
        match pending {
            Err(e) => Err(e),
            Ok(pending) if !pending.requests.iter().any(|r| r.request == login.request) => {
                return Err(StepError(format!(
                    "the app of {who} does not show the login request: {pending:?}"
                )));
            }
            Ok(_) => {
                let approved = j.world.app_approve(&p.device, &login.request, &pin).await;
                approved.map_err(|e| j.call_error(e))
            }
        }
    };
    w.record(&format!("{who} saisit un code secret"), result).map(|_| ())
}

#[when(expr = "{personne} ouvre l'application et saisit son code secret")]
async fn approve_with_own_pin(w: &mut IdnWorld, who: Personne) -> StepResult {
    approve(w, &who.0, None).await
}

#[when(expr = "{personne} ouvre l'application et saisit le code secret {texte}")]
async fn approve_with_pin(w: &mut IdnWorld, who: Personne, pin: Texte) -> StepResult {
    approve(w, &who.0, Some(pin.0)).await
}

#[when(expr = "{personne} refuse la demande dans l'application")]
async fn refuse(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let login = attempt(w, &who.0)?;
    let result = {
        let j = w.journey().await?;
        let device = j.world.person(person).device.clone();
        j.step(format!("{} taps « Je refuse » in the app", who.0));
        let refused = j.world.app_refuse(&device, &login.request).await;
        refused.map_err(|e| j.call_error(e))
    };
    w.record(&format!("{} refuse la demande", who.0), result).map(|_| ())
}

#[then(expr = "la connexion de {personne} à Mon Compte Formation réussit au niveau FranceConnect+")]
async fn login_succeeds(w: &mut IdnWorld, who: Personne) -> StepResult {
    let person = w.person(&who.0).await?;
    let outcome = finish(w, &who.0).await?;
    let p = w.journey().await?.world.person(person).clone();
    if outcome.claims.acr != Acr::Eidas2 {
        return Err(StepError(format!(
            "acr {:?}, not eidas2 (FranceConnect+, AUTH-07)",
            outcome.claims.acr
        )));
    }
    if outcome.claims.identity.family_name != p.identity.birth_name {
        return Err(StepError(format!(
            "Mon Compte Formation received {} {}, not {}",
            outcome.claims.identity.given_name,
            outcome.claims.identity.family_name,
            p.full_name()
        )));
    }
    Ok(())
}

#[then(expr = "la connexion de {personne} à Mon Compte Formation n'aboutit pas")]
async fn login_fails(w: &mut IdnWorld, who: Personne) -> StepResult {
    // A refusal left unchecked must fail here, not pass as "the login did not succeed".
    w.ensure_checked()?;
    match finish(w, &who.0).await {
        Ok(outcome) => Err(StepError(format!(
            "the login of {} succeeded: Mon Compte Formation received {} {}",
            who.0, outcome.claims.identity.given_name, outcome.claims.identity.family_name
        ))),
        Err(_) => Ok(()),
    }
}

#[then(expr = "la page de Mon Compte Formation de {personne} affiche {texte}")]
async fn page_shows(w: &mut IdnWorld, who: Personne, text: Texte) -> StepResult {
    let page = w.holder(&who.0)?.page.clone().unwrap_or_default();
    match page.contains(&text.0) {
        true => Ok(()),
        false => Err(StepError(format!("the page says « {page} », not « {} »", text.0))),
    }
}
