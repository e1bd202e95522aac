//! Logging in to Mon Compte Formation through FranceConnect+ (AUTH): the number typed on
//! the service's page, the notification, the secret code typed in the app or the refusal,
//! and what the service and its page get.

use super::params::{Personne, Texte};
use super::{IdnWorld, StepError, StepResult};
use crate::failure::Failure;
use crate::flows::login::MON_COMPTE_FORMATION;
use crate::journey::Journey;
use cucumber::gherkin::Step;
use cucumber::{then, when};
use idn_contract::login::Acr;
use idn_world::{LoginAttempt, LoginHint, LoginOutcome, WorldError};

/// The login under way for `who`, started by « se connecte à Mon Compte Formation ».
pub(super) fn attempt(w: &mut IdnWorld, who: &str) -> Result<LoginAttempt, StepError> {
    w.held(who, |h| h.login.clone(), || {
        format!(
            "{who} has no login under way (« Quand {who} se connecte à Mon Compte Formation avec son numéro de mobile »)"
        )
    })
}

/// Starts a login for `who` at `service`, with `hint` typed on its page and `acr` asked by
/// FranceConnect; a refusal is recorded for the next step to check.
pub(super) async fn start(
    w: &mut IdnWorld,
    step: &Step,
    who: &str,
    hint: LoginHint,
    service: &str,
    acr: Acr,
) -> StepResult {
    let narrative = format!("{who} types a mobile number on {service} ({acr:?})");
    let started = w
        .ask(step, async |j| {
            j.step(narrative);
            let started = j.world.partner_login_start(hint, service, acr).await;
            started.map_err(|e| j.call_error(e))
        })
        .await?;
    if let Some(attempt) = started {
        hold(w, who, attempt)?;
    }
    Ok(())
}

/// `attempt` becomes `who`'s login under way, also kept by its service's name (two may be
/// in flight); what the browser got back from an earlier login is forgotten.
pub(super) fn hold(w: &mut IdnWorld, who: &str, attempt: LoginAttempt) -> StepResult {
    let holder = w.holder(who)?;
    holder.page = Some(attempt.page_message.clone());
    holder.approval = None;
    holder.logins.insert(attempt.service.clone(), attempt.clone());
    holder.login = Some(attempt);
    Ok(())
}

/// Finishes `who`'s login as the service does (poll, token, checked claims), keeping the
/// page's last message.
pub(super) async fn finish(w: &mut IdnWorld, who: &str) -> Result<LoginOutcome, StepError> {
    let login = attempt(w, who)?;
    finish_this(w, who, &login).await
}

/// Finishes the login `login` of `who` as the service does, keeping what it gave.
pub(super) async fn finish_this(
    w: &mut IdnWorld,
    who: &str,
    login: &LoginAttempt,
) -> Result<LoginOutcome, StepError> {
    w.ensure_checked()?;
    let finished = finish_login(w, who, login).await?;
    finished.map_err(|e| {
        w.fail(Failure::unexpected(format!("the login of {who} succeeds"), e.to_string()))
    })
}

/// `login` finished as the service does; on success, the page's last message is kept. A
/// login that does not go through is the answer, not the step's failure.
pub(super) async fn finish_login(
    w: &mut IdnWorld,
    who: &str,
    login: &LoginAttempt,
) -> Result<Result<LoginOutcome, WorldError>, StepError> {
    let finished = w.journey().await?.world.partner_login_finish(login).await;
    if let Ok(outcome) = &finished {
        let holder = w.holder(who)?;
        holder.page = Some(outcome.page_message.clone());
        holder.tokens = Some(outcome.tokens.clone());
        holder.outcome = Some(outcome.clone());
    }
    Ok(finished)
}

#[when(expr = "{personne} se connecte à Mon Compte Formation avec son numéro de mobile")]
async fn login_start(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let person = w.person(&who).await?;
    start(w, step, &who, LoginHint::Person(person), MON_COMPTE_FORMATION, Acr::Eidas2).await
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
    let device = w.person_data(&who).await?.device;
    let request = attempt(w, &who)?.request;
    let j = w.journey().await?;
    let (owned, wanted) = (device.clone(), request.clone());
    let waited = j.world.run_until(
        "the login's notification on the smartphone",
        move |world| world.notifications(&owned).iter().any(|n| n.request == wanted),
        chrono::TimeDelta::minutes(2),
    );
    let waited = waited.await;
    let shown = shown_for(&j.world, &device, &request);
    if let Err(e) = waited {
        let none = Failure::observed(format!("no notification shown on {who}'s smartphone: {e}"));
        return Err(w.fail(none));
    }
    w.check(shown.iter().any(|body| body.contains(&text.0)), || {
        Failure::unexpected(
            format!("the notification « {} » on {who}'s smartphone", text.0),
            format!("the smartphone shows {shown:?}"),
        )
    })
}

#[then(expr = "le smartphone de {personne} n'affiche aucune notification")]
async fn no_notification(w: &mut IdnWorld, who: Personne) -> StepResult {
    let device = w.person_data(&who).await?.device;
    let request = attempt(w, &who)?.request;
    let j = w.journey().await?;
    let ran = j.world.run_for(chrono::TimeDelta::minutes(2)).await;
    let shown = shown_for(&j.world, &device, &request);
    w.settle(ran)?;
    w.check(shown.is_empty(), || {
        Failure::unexpected(
            format!("no notification on {who}'s smartphone"),
            format!("the smartphone of {who} shows {shown:?}"),
        )
    })
}

/// Opens the app on the person's smartphone, finds the login under way and types `pin`.
pub(super) async fn approve(
    w: &mut IdnWorld,
    step: &Step,
    who: &str,
    pin: Option<String>,
) -> StepResult {
    let p = w.person_data(who).await?;
    let login = attempt(w, who)?;
    let pin = pin.unwrap_or(p.pin);
    let device = p.device;
    let approves = async |j: &mut Journey| {
        j.step(format!("{who} opens the app and types a secret code"));
        let pending = j.world.app_pending(&device).await.map_err(|e| j.call_error(e))?;
        if !pending.requests.iter().any(|r| r.request == login.request) {
            let expected = format!("the app of {who} shows the login request");
            return Err(j.unexpected(expected, format!("{pending:?}")));
        }
        let approved = j.world.app_approve(&device, &login.request, &pin).await;
        approved.map_err(|e| j.call_error(e))
    };
    w.ask(step, approves).await?;
    Ok(())
}

#[when(expr = "{personne} ouvre l'application et saisit son code secret")]
async fn approve_with_own_pin(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    approve(w, step, &who, None).await
}

#[when(expr = "{personne} ouvre l'application et saisit le code secret {texte}")]
async fn approve_with_pin(
    w: &mut IdnWorld,
    #[step] step: &Step,
    who: Personne,
    pin: Texte,
) -> StepResult {
    approve(w, step, &who, Some(pin.0)).await
}

#[when(expr = "{personne} refuse la demande dans l'application")]
async fn refuse(w: &mut IdnWorld, #[step] step: &Step, who: Personne) -> StepResult {
    let device = w.person_data(&who).await?.device;
    let login = attempt(w, &who)?;
    let refuses = async |j: &mut Journey| {
        j.step(format!("{who} taps « Je refuse » in the app"));
        let refused = j.world.app_refuse(&device, &login.request).await;
        refused.map_err(|e| j.call_error(e))
    };
    w.ask(step, refuses).await?;
    Ok(())
}

#[then(expr = "la connexion de {personne} à Mon Compte Formation réussit au niveau FranceConnect+")]
async fn login_succeeds(w: &mut IdnWorld, who: Personne) -> StepResult {
    let p = w.person_data(&who).await?;
    let outcome = finish(w, &who).await?;
    let acr = outcome.claims.acr;
    w.check(acr == Acr::Eidas2, || {
        Failure::unexpected("acr eidas2 (FranceConnect+)", format!("acr {acr:?}"))
            .enforcing(["AUTH-07"])
    })?;
    let received = &outcome.claims.identity;
    w.check(received.family_name == p.identity.birth_name, || {
        Failure::unexpected(
            format!("Mon Compte Formation receives {}", p.full_name()),
            format!("it received {} {}", received.given_name, received.family_name),
        )
    })
}

#[then(expr = "la connexion de {personne} à Mon Compte Formation n'aboutit pas")]
async fn login_fails(w: &mut IdnWorld, who: Personne) -> StepResult {
    // A refusal left unchecked must fail here, not pass as "the login did not succeed".
    w.ensure_checked()?;
    // Without a login under way, none can succeed: this step has always passed then.
    let Some(login) = w.holder(&who)?.login.clone() else { return Ok(()) };
    let Ok(outcome) = finish_login(w, &who, &login).await? else { return Ok(()) };
    let received = &outcome.claims.identity;
    Err(w.fail(Failure::observed(format!(
        "the login of {who} succeeded: Mon Compte Formation received {} {}",
        received.given_name, received.family_name
    ))))
}

#[then(expr = "la page de Mon Compte Formation de {personne} affiche {texte}")]
async fn page_shows(w: &mut IdnWorld, who: Personne, text: Texte) -> StepResult {
    let page = w.holder(&who)?.page.clone().unwrap_or_default();
    w.check(page.contains(&text.0), || {
        Failure::unexpected(
            format!("the page of Mon Compte Formation of {who} shows « {} »", text.0),
            format!("the page says « {page} »"),
        )
    })
}
