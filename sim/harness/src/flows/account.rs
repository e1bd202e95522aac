//! The Compte La Poste, ÉTAPES 5 to 12 of the guide (ACC-01..05).

use super::inbox::{type_code, wait_for_mail_code, wait_for_sms_code};
use crate::journey::{Journey, JourneyError};
use chrono::TimeDelta;
use idn_contract::SessionToken;
use idn_contract::account::*;
use idn_world::PersonId;

/// Creates the account in the guide's order and returns the logged-in web session.
pub async fn create(j: &mut Journey, person: PersonId) -> Result<SessionToken, JourneyError> {
    let p = j.world.person(person).clone();
    let me = p.actor();
    j.step(format!("{} chooses the e-mail address {} (ÉTAPE 5)", p.full_name(), p.email));
    let started = j.call(&me, AccountStart { email: p.email.clone() }).await?;
    let session = started.session;

    j.step(format!("{} types the code received by e-mail (ÉTAPE 6)", p.full_name()));
    let code =
        wait_for_mail_code(j, person, "Votre code de vérification", TimeDelta::hours(1)).await?;
    let confirm = |code| AccountConfirmEmail { session: session.clone(), code };
    type_code(j, person, &me, &code, confirm).await?;

    j.step(format!("{} creates a password (ÉTAPE 7)", p.full_name()));
    let password = p.password.clone();
    j.call(&me, AccountSetPassword { session: session.clone(), password }).await?;

    j.step(format!(
        "{} gives the mobile number {} (ÉTAPES 8 and 11)",
        p.full_name(),
        p.phone_number
    ));
    let phone = p.phone_number.clone();
    j.call(&me, AccountSetMobile { session: session.clone(), phone }).await?;

    j.step(format!("{} gives civility and names (ÉTAPE 9)", p.full_name()));
    j.call(&me, names_of(&p.identity, session.clone())).await?;

    j.step(format!("{} accepts the CGU: \"ACCEPTER\" (ÉTAPE 10)", p.full_name()));
    j.call(&me, AccountAcceptCgu { session: session.clone() }).await?;

    j.step(format!("{} types the code received by SMS (ÉTAPE 12)", p.full_name()));
    let code = wait_for_sms_code(j, &p.phone_number, TimeDelta::minutes(10)).await?;
    let confirm = |code| AccountConfirmMobile { session: session.clone(), code };
    type_code(j, person, &me, &code, confirm).await?;
    Ok(session)
}

/// Logs in to the Espace Client with the person's current password.
pub async fn login(j: &mut Journey, person: PersonId) -> Result<SessionToken, JourneyError> {
    let p = j.world.person(person).clone();
    j.step(format!("{} logs in to the Espace Client", p.full_name()));
    let reply = j.call(&p.actor(), WebLogin { email: p.email, password: p.password }).await?;
    Ok(reply.session)
}

/// ÉTAPE 9 as the person fills it: civility and names as on their document.
pub fn names_of(
    identity: &idn_contract::DeclaredIdentity,
    session: SessionToken,
) -> AccountSetNames {
    AccountSetNames {
        session,
        civility: identity.civility,
        given_names: identity.given_names.clone(),
        family_name: identity.birth_name.clone(),
    }
}
