//! The app's challenges (ACT-01..07, MGT-04, MGT-07, MGT-08): log in with the Compte La
//! Poste, type the SMS code (or give a new number first), give the last 4 characters of the
//! document number on a new smartphone, and choose the secret code. Activating makes this
//! smartphone the only active one.

use crate::account;
use crate::codes::{self, Owner, Purpose};
use crate::identity::{self, Identity};
use crate::rules;
use crate::store::{Ctx, enum_from, enum_text, from_json, hash_secret, json};
use crate::texts;
use idn_contract::activation::*;
use idn_contract::outbound::{Email, Sms};
use idn_contract::{
    Ack, ChallengeId, DeviceId, DeviceInfo, OutboundMessage, PhoneNumber, Refusal, RefusalCode,
    SmsSent,
};

#[derive(Debug, Clone)]
struct Challenge {
    id: String,
    identity_id: i64,
    account_id: i64,
    device: DeviceInfo,
    purpose: AppPurpose,
    phone: PhoneNumber,
    sms_confirmed: bool,
    needs_email: bool,
    email_confirmed: bool,
    needs_suffix: bool,
    suffix_ok: bool,
    completed: bool,
}

/// A challenge still open, or the refusal that says why not.
fn open_challenge(cx: &Ctx<'_>, id: &ChallengeId) -> Result<Challenge, Refusal> {
    let challenge = cx
        .row(
            "SELECT id, identity_id, account_id, device, purpose, phone, sms_confirmed, needs_suffix, suffix_ok, completed,
                    needs_email, email_confirmed
             FROM challenges WHERE clock = ?1 AND id = ?2",
            (cx.clock, id.as_str()),
            |r| {
                Ok(Challenge {
                    id: r.get(0)?,
                    identity_id: r.get(1)?,
                    account_id: r.get(2)?,
                    device: from_json(&r.get::<_, String>(3)?),
                    purpose: enum_from(&r.get::<_, String>(4)?),
                    phone: from_json(&r.get::<_, String>(5)?),
                    sms_confirmed: r.get(6)?,
                    needs_suffix: r.get(7)?,
                    suffix_ok: r.get(8)?,
                    completed: r.get(9)?,
                    needs_email: r.get(10)?,
                    email_confirmed: r.get(11)?,
                })
            },
        )
        .ok_or_else(|| Refusal::new(RefusalCode::NotFound, "Cette démarche est inconnue : recommencez depuis l'application."))?;
    if challenge.completed {
        return Err(out_of_order("Cette démarche est déjà terminée."));
    }
    Ok(challenge)
}

fn out_of_order(message: &str) -> Refusal {
    Refusal::new(RefusalCode::StepOutOfOrder, message)
}

fn not_verified() -> Refusal {
    Refusal::new(
        RefusalCode::IdentityNotVerified,
        "Votre identité n'est pas encore vérifiée : l'application pourra être activée ensuite.",
    )
}

/// The identity the app may work on: usable, verified (ACT-02, ACT-07), and for a change of
/// secret code, activated on this very smartphone (MGT-04).
fn identity_for(
    cx: &Ctx<'_>,
    account_id: i64,
    purpose: AppPurpose,
    device: &DeviceId,
) -> Result<Identity, Refusal> {
    let identity =
        identity::current_or_refuse(cx, account_id).map_err(|refusal| match refusal.code {
            RefusalCode::NotFound => not_verified(),
            _ => refusal,
        })?;
    usable_for(cx, &identity, purpose)?;
    if identity.verified_at.is_none() {
        return Err(not_verified());
    }
    if purpose == AppPurpose::ChangePin {
        if !identity.ever_activated {
            return Err(Refusal::new(
                RefusalCode::IdentityNotActivated,
                "Activez d'abord votre Identité Numérique.",
            ));
        }
        if identity::active_device(cx, identity.id).as_deref() != Some(device.as_str()) {
            return Err(device_not_active());
        }
    }
    Ok(identity)
}

/// AUTH-08 for the app: a deleted, blocked or expired identity is of no use, except that a
/// blocked one may be activated on a new smartphone (MGT-05, MGT-08: a lost phone is
/// blocked first, the new one activated, then the identity unblocked). It still cannot
/// log in until it is unblocked.
fn usable_for(cx: &Ctx<'_>, identity: &Identity, purpose: AppPurpose) -> Result<(), Refusal> {
    match identity::ensure_usable(cx, identity) {
        Err(refusal)
            if refusal.code == RefusalCode::IdentityBlocked
                && purpose == AppPurpose::Activate
                && !identity::expired(cx, identity) =>
        {
            Ok(())
        }
        other => other,
    }
}

pub(crate) fn device_not_active() -> Refusal {
    Refusal::new(
        RefusalCode::DeviceNotActive,
        "Ce smartphone n'est pas celui sur lequel votre Identité Numérique est activée.",
    )
}

/// Texts a fresh 6-digit code for a challenge.
fn send_code(cx: &mut Ctx<'_>, challenge_id: &str, account_id: i64, phone: &PhoneNumber) {
    let ttl_s = cx.config.policy.sms_code_ttl_s;
    let secret = cx.digits(6);
    let code = codes::issue(
        cx,
        Owner::about(account_id, Purpose::AppSms, challenge_id),
        secret,
        ttl_s,
        None,
    );
    cx.send(OutboundMessage::Sms(Sms { to: phone.clone(), text: texts::app_sms(&code) }));
}

/// "Commencer" or "Modifier votre code secret" (ACT-01, MGT-04, MGT-08). The OS is checked
/// first: an old one cannot run the app at all (ELIG-03).
pub(crate) fn start(cx: &mut Ctx<'_>, op: AppStart) -> Result<AppChallenge, Refusal> {
    if !rules::os_supported(op.device.os, op.device.os_major) {
        return Err(Refusal::new(
            RefusalCode::OsUnsupported,
            "L'application nécessite Android 6 ou iOS 13 au minimum : mettez à jour votre smartphone.",
        ));
    }
    let account = account::authenticate(cx, &op.email, &op.password)?;
    let identity = identity_for(cx, account.id, op.purpose, &op.device.device_id)?;
    // MGT-07: a smartphone other than the first (or the same one again) proves the document.
    let needs_suffix = op.purpose == AppPurpose::Activate && identity.ever_activated;
    let id = cx.id("chl", 12);
    let phone = account.mobile();
    cx.exec(
        "INSERT INTO challenges (clock, id, identity_id, account_id, device, purpose, phone, needs_suffix, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        (cx.clock, &id, identity.id, account.id, json(&op.device), enum_text(&op.purpose), json(&phone), needs_suffix, cx.now_text()),
    );
    send_code(cx, &id, account.id, &phone);
    Ok(AppChallenge {
        challenge: ChallengeId::new(id),
        sms_sent_to_last4: phone.last4().to_string(),
        needs_document_suffix: needs_suffix,
    })
}

/// "Nouveau numéro" (MGT-08): the code goes to this number instead, which replaces the
/// account's number once the activation completes. The account's mailbox must confirm it
/// too (FRAUD-02): whoever knows the e-mail, the password and the document number could
/// otherwise bind their own smartphone and number.
pub(crate) fn new_number(cx: &mut Ctx<'_>, op: AppNewNumber) -> Result<SmsSent, Refusal> {
    let challenge = open_challenge(cx, &op.challenge)?;
    if challenge.purpose != AppPurpose::Activate || challenge.sms_confirmed {
        return Err(out_of_order(
            "Le numéro ne peut être changé qu'avant de saisir le code, lors d'une activation.",
        ));
    }
    rules::check_phone(&op.phone)?;
    cx.exec(
        "UPDATE challenges SET phone = ?3, needs_email = 1, email_confirmed = 0 WHERE clock = ?1 AND id = ?2",
        (cx.clock, &challenge.id, json(&op.phone)),
    );
    send_code(cx, &challenge.id, challenge.account_id, &op.phone);
    send_new_number_email(cx, &challenge, &op.phone);
    Ok(SmsSent { resend_after_s: cx.config.policy.sms_resend_cooldown_s })
}

/// E-mails the code that confirms "Nouveau numéro" to the account's address.
fn send_new_number_email(cx: &mut Ctx<'_>, challenge: &Challenge, phone: &PhoneNumber) {
    let ttl_s = cx.config.policy.email_code_ttl_s;
    let secret = cx.digits(6);
    let owner = Owner::about(challenge.account_id, Purpose::AppEmail, &challenge.id);
    let code = codes::issue(cx, owner, secret, ttl_s, None);
    let to = account::by_id(cx, challenge.account_id).email;
    cx.send(OutboundMessage::Email(Email {
        to,
        from: texts::EMAIL_FROM.to_string(),
        subject: texts::NEW_NUMBER_SUBJECT.to_string(),
        body: texts::new_number_body(&code, phone.last4()),
    }));
}

/// The code e-mailed after "Nouveau numéro" (FRAUD-02).
pub(crate) fn confirm_email(cx: &mut Ctx<'_>, op: AppConfirmEmail) -> Result<Ack, Refusal> {
    let challenge = open_challenge(cx, &op.challenge)?;
    if !challenge.needs_email || challenge.email_confirmed {
        return Err(out_of_order(
            "Aucun code envoyé par e-mail n'est attendu pour cette démarche.",
        ));
    }
    let owner = Owner::about(challenge.account_id, Purpose::AppEmail, &challenge.id);
    let code = codes::check(cx, owner, &op.code)?;
    codes::consume(cx, code.id);
    cx.exec(
        "UPDATE challenges SET email_confirmed = 1 WHERE clock = ?1 AND id = ?2",
        (cx.clock, &challenge.id),
    );
    Ok(Ack)
}

/// The code received by SMS.
pub(crate) fn confirm_sms(cx: &mut Ctx<'_>, op: AppConfirmSms) -> Result<Ack, Refusal> {
    let challenge = open_challenge(cx, &op.challenge)?;
    if challenge.sms_confirmed {
        return Err(out_of_order("Le code SMS est déjà validé."));
    }
    let code = codes::check(
        cx,
        Owner::about(challenge.account_id, Purpose::AppSms, &challenge.id),
        &op.code,
    )?;
    codes::consume(cx, code.id);
    cx.exec(
        "UPDATE challenges SET sms_confirmed = 1 WHERE clock = ?1 AND id = ?2",
        (cx.clock, &challenge.id),
    );
    Ok(Ack)
}

/// MGT-07: the last 4 characters of the document number, after the SMS code.
pub(crate) fn document_suffix(cx: &mut Ctx<'_>, op: AppDocumentSuffix) -> Result<Ack, Refusal> {
    let challenge = open_challenge(cx, &op.challenge)?;
    if !challenge.sms_confirmed {
        return Err(out_of_order("Saisissez d'abord le code reçu par SMS."));
    }
    if !challenge.needs_suffix {
        return Err(out_of_order(
            "Les 4 derniers caractères ne sont pas demandés pour cette démarche.",
        ));
    }
    identity::check_suffix(&identity::by_id(cx, challenge.identity_id), &op.last4)?;
    cx.exec(
        "UPDATE challenges SET suffix_ok = 1 WHERE clock = ?1 AND id = ?2",
        (cx.clock, &challenge.id),
    );
    Ok(Ack)
}

/// The secret code (ACT-03) completes the challenge. On activation this smartphone becomes
/// the only active one and the old one stops working at once (MGT-08); on either purpose
/// the secret code is new and unlocked (AUTH-05, MGT-04).
pub(crate) fn set_pin(cx: &mut Ctx<'_>, op: AppSetPin) -> Result<AppActivated, Refusal> {
    let challenge = open_challenge(cx, &op.challenge)?;
    if !challenge.sms_confirmed {
        return Err(out_of_order("Saisissez d'abord le code reçu par SMS."));
    }
    if challenge.needs_suffix && !challenge.suffix_ok {
        return Err(Refusal::new(
            RefusalCode::DocumentSuffixRequired,
            "Saisissez d'abord les 4 derniers caractères du numéro de votre pièce d'identité.",
        ));
    }
    if challenge.needs_email && !challenge.email_confirmed {
        return Err(Refusal::new(
            RefusalCode::EmailConfirmationRequired,
            "Saisissez d'abord le code envoyé par e-mail à l'adresse de votre compte pour confirmer votre nouveau numéro.",
        ));
    }
    rules::check_pin(&op.pin, cx.config.policy.pin_refuse_descending)?;
    // The identity may have changed since the challenge started (blocked, deleted).
    let identity = identity::by_id(cx, challenge.identity_id);
    usable_for(cx, &identity, challenge.purpose)?;
    match challenge.purpose {
        AppPurpose::Activate => activate(cx, &challenge, &identity),
        AppPurpose::ChangePin => {
            if identity::active_device(cx, identity.id).as_deref()
                != Some(challenge.device.device_id.as_str())
            {
                return Err(device_not_active());
            }
        }
    }
    let (salt, hash) = cx.hash_new(&op.pin);
    cx.exec(
        "UPDATE identities SET pin_salt = ?2, pin_hash = ?3, pin_failures = 0, pin_locked = 0 WHERE id = ?1",
        (identity.id, salt, hash),
    );
    cx.exec(
        "UPDATE challenges SET completed = 1 WHERE clock = ?1 AND id = ?2",
        (cx.clock, &challenge.id),
    );
    Ok(AppActivated { device: challenge.device.device_id })
}

/// Binds the smartphone: every other device of the identity stops, and this device stops
/// serving any other identity (one app, one identity).
fn activate(cx: &Ctx<'_>, challenge: &Challenge, identity: &Identity) {
    let device = &challenge.device;
    identity::deactivate_devices(cx, identity.id);
    cx.exec(
        "UPDATE devices SET active = 0, deactivated_at = ?3 WHERE clock = ?1 AND device_id = ?2 AND active = 1",
        (cx.clock, device.device_id.as_str(), cx.now_text()),
    );
    cx.exec(
        "INSERT INTO devices (clock, identity_id, device_id, os, os_major, model, app_version, active, activated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8)
         ON CONFLICT (clock, identity_id, device_id) DO UPDATE SET
            os = excluded.os, os_major = excluded.os_major, model = excluded.model,
            app_version = excluded.app_version, active = 1, activated_at = excluded.activated_at,
            deactivated_at = NULL",
        (
            cx.clock,
            identity.id,
            device.device_id.as_str(),
            enum_text(&device.os),
            device.os_major,
            &device.model,
            &device.app_version,
            cx.now_text(),
        ),
    );
    cx.exec("UPDATE identities SET ever_activated = 1 WHERE id = ?1", [identity.id]);
    cx.exec(
        "UPDATE accounts SET phone = ?2, phone_confirmed = 1 WHERE id = ?1",
        (challenge.account_id, json(&challenge.phone)),
    );
}

/// The identity whose active smartphone this is, if any.
pub(crate) fn identity_of_device(cx: &Ctx<'_>, device: &DeviceId) -> Option<Identity> {
    let id: Option<i64> = cx.row(
        "SELECT identity_id FROM devices WHERE clock = ?1 AND device_id = ?2 AND active = 1 ORDER BY activated_at DESC LIMIT 1",
        (cx.clock, device.as_str()),
        |r| r.get(0),
    );
    id.map(|id| identity::by_id(cx, id))
}

/// A device that started an activation of an identity never activated (for MGT-06: such
/// an identity is deleted from the Espace Client).
pub(crate) fn never_activated_identity_of_device(
    cx: &Ctx<'_>,
    device: &DeviceId,
) -> Option<Identity> {
    let ids: Vec<i64> = cx.rows(
        "SELECT c.identity_id FROM challenges c JOIN identities i ON i.id = c.identity_id
         WHERE c.clock = ?1 AND json_extract(c.device, '$.device_id') = ?2
           AND i.deleted_at IS NULL AND i.ever_activated = 0
         ORDER BY c.created_at DESC",
        (cx.clock, device.as_str()),
        |r| r.get(0),
    );
    ids.first().map(|&id| identity::by_id(cx, id))
}

/// AUTH-01, AUTH-05: the secret code of the identity, checked against its salted hash.
pub(crate) fn pin_matches(identity: &Identity, pin: &str) -> bool {
    match (&identity.pin_salt, &identity.pin_hash) {
        (Some(salt), Some(hash)) => hash_secret(salt, pin) == *hash,
        _ => false,
    }
}
