//! Activating the app on the smartphone, ÉTAPES 24 and 25 (ACT-01, ACT-03, MGT-08).

use super::inbox::{type_code, wait_for_sms_code};
use crate::journey::{Journey, JourneyError};
use chrono::TimeDelta;
use idn_contract::DeviceId;
use idn_contract::activation::*;
use idn_world::PersonId;
use idn_world::phone_actor;

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

    j.step(format!("{} types the code received by SMS", p.full_name()));
    let code = wait_for_sms_code(j, &p.phone_number, TimeDelta::minutes(10)).await?;
    let id = challenge.challenge.clone();
    let confirm = |code| AppConfirmSms { challenge: id.clone(), code };
    type_code(j, person, &me, &code, confirm).await?;

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
