//! Activating the app on the smartphone, ÉTAPES 24 and 25 (ACT-01, ACT-03, MGT-08).

use super::inbox::{type_code, wait_for_sms_code};
use crate::journey::{Journey, JourneyError};
use chrono::TimeDelta;
use idn_contract::activation::*;
use idn_contract::{ChallengeId, DeviceId};
use idn_world::{Actor, PersonId, phone_actor};

/// Activates the app on `device`: log in, SMS code, the document suffix when asked, PIN.
pub async fn activate(
    j: &mut Journey,
    person: PersonId,
    device: &DeviceId,
) -> Result<(), JourneyError> {
    let p = j.world.person(person).clone();
    let me = phone_actor(device);
    let info = j.world.device_info(device);
    j.step(format!(
        "{} installs the app on a {} ({} {}), taps \"Commencer\" and logs in (ACT-01)",
        p.full_name(),
        info.model,
        info.os.label(),
        info.os_major
    ));
    let start = AppStart {
        device: info,
        email: p.email.clone(),
        password: p.password.clone(),
        purpose: AppPurpose::Activate,
    };
    let challenge = j.call(&me, start).await?;
    let id = challenge.challenge.clone();
    confirm_by_sms(j, person, &me, &id).await?;

    if challenge.needs_document_suffix {
        j.step(format!(
            "{} types the last 4 characters of the document number (MGT-07)",
            p.full_name()
        ));
        let last4 = p.identity.document.last4().to_string();
        j.call(&me, AppDocumentSuffix { challenge: id.clone(), last4 }).await?;
    }

    j.step(format!("{} chooses a 4-digit secret code (ACT-03)", p.full_name()));
    let activated = j.call(&me, AppSetPin { challenge: id, pin: p.pin.clone() }).await?;
    j.ensure(&activated.device == device, format!("{device} activated"), || {
        format!("{} activated", activated.device)
    })?;
    j.world.phone_mut(device).set_app_activated(true);
    Ok(())
}

/// Changes the secret code in the app on `device` (MGT-04): « Modifier votre code secret »,
/// log in, the SMS code, the new code `pin`, which the person then knows.
pub async fn change_pin(
    j: &mut Journey,
    person: PersonId,
    device: &DeviceId,
    pin: &str,
) -> Result<(), JourneyError> {
    let p = j.world.person(person).clone();
    let me = phone_actor(device);
    j.step(format!(
        "{} opens « Paramètres », « Modifier votre code secret » and logs in (MGT-04)",
        p.full_name()
    ));
    let start = AppStart {
        device: j.world.device_info(device),
        email: p.email.clone(),
        password: p.password.clone(),
        purpose: AppPurpose::ChangePin,
    };
    let id = j.call(&me, start).await?.challenge;
    confirm_by_sms(j, person, &me, &id).await?;
    j.step(format!("{} chooses a new secret code", p.full_name()));
    j.call(&me, AppSetPin { challenge: id, pin: pin.to_string() }).await?;
    j.world.person_mut(person).pin = pin.to_string();
    Ok(())
}

/// The person types the code the SMS brought for the app's `challenge` (ACT-01, MGT-04).
async fn confirm_by_sms(
    j: &mut Journey,
    person: PersonId,
    me: &Actor,
    challenge: &ChallengeId,
) -> Result<(), JourneyError> {
    let p = j.world.person(person).clone();
    j.step(format!("{} types the code received by SMS", p.full_name()));
    let code = wait_for_sms_code(j, &p.phone_number, TimeDelta::minutes(10)).await?;
    let confirm = |code| AppConfirmSms { challenge: challenge.clone(), code };
    type_code(j, person, me, &code, confirm).await?;
    Ok(())
}
