//! Logging in to a partner service at FranceConnect+ level, ÉTAPE 26 (AUTH-01..03, AUTH-07).

use crate::journey::{Journey, JourneyError};
use chrono::TimeDelta;
use idn_contract::login::Acr;
use idn_contract::token::IdTokenClaims;
use idn_world::PersonId;

/// The partner service of the guide.
pub const MON_COMPTE_FORMATION: &str = "Mon Compte Formation";

/// Logs the person in to `service` by phone number: the notification arrives, the person
/// opens the app, types the secret code, and the service gets the identity claims.
pub async fn login_with_push(
    j: &mut Journey,
    person: PersonId,
    service: &str,
) -> Result<IdTokenClaims, JourneyError> {
    let p = j.world.person(person).clone();
    j.step(format!(
        "{} types the mobile number on {service} via FranceConnect+ (ÉTAPE 26)",
        p.full_name()
    ));
    let attempt = j.world.partner_login_start(person, service, Acr::Eidas2).await;
    let attempt = attempt.map_err(|e| j.call_error(e))?;
    j.note(format!("the page says \"{}\"", attempt.page_message));

    j.step(format!("{} waits for the notification on the smartphone (ACT-04)", p.full_name()));
    let device = p.device.clone();
    let seen = j.world.notifications(&device).len();
    let owned = device.clone();
    let waited = j
        .world
        .run_until(
            "a login notification",
            move |w| w.notifications(&owned).len() > seen,
            TimeDelta::minutes(2),
        )
        .await;
    waited.map_err(|e| j.world_error(e))?;
    let shown = j.world.notifications(&device).last().map(|n| n.body.clone()).unwrap_or_default();
    j.note(format!("the phone shows \"{shown}\""));

    j.step(format!("{} opens the app and types the secret code", p.full_name()));
    let pending = j.world.app_pending(&device).await.map_err(|e| j.call_error(e))?;
    let request = pending
        .requests
        .iter()
        .find(|r| r.request == attempt.request)
        .ok_or_else(|| {
            j.unexpected("the login request pending in the app", format!("{pending:?}"))
        })?
        .request
        .clone();
    let approved = j.world.app_approve(&device, &request, &p.pin).await;
    approved.map_err(|e| j.call_error(e))?;

    j.step(format!("{service} receives the identity from FranceConnect+"));
    let outcome = j.world.partner_login_finish(&attempt).await.map_err(|e| j.world_error(e))?;
    j.note(format!("the page says \"{}\"", outcome.page_message));
    j.ensure(outcome.claims.acr == Acr::Eidas2, "acr eidas2 (FranceConnect+, AUTH-07)", || {
        format!("{:?}", outcome.claims.acr)
    })?;
    Ok(outcome.claims)
}
