//! Managing the identity (MGT-01..09, FRAUD-01): block and unblock, delete (by the user or
//! by customer service), change the number, change the password. Names, birth data and
//! e-mail cannot be changed (MGT-01): there is no operation for it.

use crate::account::{self, Account};
use crate::app;
use crate::codes::{self, Owner, Purpose};
use crate::identity::{self, Identity};
use crate::rules;
use crate::store::{Ctx, from_json, json};
use crate::texts;
use idn_contract::management::*;
use idn_contract::outbound::Sms;
use idn_contract::{Ack, Channel, OutboundMessage, PhoneNumber, Refusal, RefusalCode, SmsSent};

/// The identity a request is about: the session's account's, or the one activated on
/// the smartphone.
fn identity_via(cx: &Ctx<'_>, via: &Channel) -> Result<Identity, Refusal> {
    match via {
        Channel::Web { session } => {
            let account = account::by_session(cx, session)?;
            identity::current_or_refuse(cx, account.id)
        }
        Channel::App { device_id } => {
            app::identity_of_device(cx, device_id).ok_or_else(app::device_not_active)
        }
    }
}

/// MGT-05, MGT-07: blocking suspends every login at once (AUTH-08).
pub(crate) fn block(cx: &mut Ctx<'_>, op: IdentityBlock) -> Result<Ack, Refusal> {
    let identity = identity_via(cx, &op.via)?;
    identity::check_suffix(&identity, &op.document_suffix)?;
    if identity.blocked {
        return Err(Refusal::new(
            RefusalCode::AlreadyBlocked,
            "Votre Identité Numérique est déjà bloquée.",
        ));
    }
    cx.exec("UPDATE identities SET blocked = 1 WHERE id = ?1", [identity.id]);
    Ok(Ack)
}

/// MGT-05: unblocking restores the identity as it was, from the Espace Client.
pub(crate) fn unblock(cx: &mut Ctx<'_>, op: IdentityUnblock) -> Result<Ack, Refusal> {
    let account = account::by_session(cx, &op.session)?;
    let identity = identity::current_or_refuse(cx, account.id)?;
    identity::check_suffix(&identity, &op.document_suffix)?;
    if !identity.blocked {
        return Err(Refusal::new(
            RefusalCode::NotBlocked,
            "Votre Identité Numérique n'est pas bloquée.",
        ));
    }
    cx.exec("UPDATE identities SET blocked = 0 WHERE id = ?1", [identity.id]);
    Ok(Ack)
}

/// MGT-06: from the app if the identity was ever activated, from the Espace Client if it
/// never was; the box must be ticked and the last 4 characters given. A smartphone that
/// only started an activation leads to the Espace Client.
pub(crate) fn delete(cx: &mut Ctx<'_>, op: IdentityDelete) -> Result<Ack, Refusal> {
    if !op.confirmed {
        return Err(Refusal::new(
            RefusalCode::DeleteNotConfirmed,
            "Cochez « Oui, je souhaite supprimer définitivement mon Identité Numérique » pour continuer.",
        ));
    }
    let identity = match &op.via {
        Channel::Web { session } => {
            let account = account::by_session(cx, session)?;
            let identity = identity::current_or_refuse(cx, account.id)?;
            if identity.ever_activated {
                return Err(Refusal::new(
                    RefusalCode::DeleteViaAppRequired,
                    "Votre Identité Numérique a été activée : supprimez-la depuis l'application.",
                ));
            }
            identity
        }
        Channel::App { device_id } => match app::identity_of_device(cx, device_id) {
            Some(identity) => identity,
            None if app::never_activated_identity_of_device(cx, device_id).is_some() => {
                return Err(Refusal::new(
                    RefusalCode::DeleteViaWebRequired,
                    "Votre Identité Numérique n'a jamais été activée : supprimez-la depuis votre Espace Client.",
                ));
            }
            None => return Err(app::device_not_active()),
        },
    };
    identity::check_suffix(&identity, &op.document_suffix)?;
    identity::delete(cx, identity.id);
    Ok(Ack)
}

/// MGT-07: customer service deletes the identity of a user who lost the last 4 characters.
pub(crate) fn support_delete(cx: &mut Ctx<'_>, op: SupportDelete) -> Result<Ack, Refusal> {
    if op.agent.trim().is_empty() {
        return Err(Refusal::new(
            RefusalCode::InvalidRequest,
            "Le conseiller doit être identifié.",
        ));
    }
    let account = account::by_email(cx, &op.email).ok_or_else(|| {
        Refusal::new(RefusalCode::NotFound, "Aucun Compte La Poste n'existe avec cette adresse.")
    })?;
    let identity = identity::current_or_refuse(cx, account.id)?;
    identity::delete(cx, identity.id);
    Ok(Ack)
}

/// MGT-02: an identity activated on a smartphone, as a change of number needs.
fn activated_identity(cx: &Ctx<'_>, account: &Account) -> Result<Identity, Refusal> {
    let identity = identity::current_or_refuse(cx, account.id)?;
    identity::ensure_usable(cx, &identity)?;
    if identity::active_device(cx, identity.id).is_none() {
        return Err(Refusal::new(
            RefusalCode::AppNotActivated,
            "Le changement de numéro nécessite l'application activée sur votre smartphone.",
        ));
    }
    Ok(identity)
}

/// MGT-02: a 6-digit code goes to the new number.
pub(crate) fn phone_change_start(
    cx: &mut Ctx<'_>,
    op: PhoneChangeStart,
) -> Result<SmsSent, Refusal> {
    let account = account::by_session(cx, &op.session)?;
    activated_identity(cx, &account)?;
    rules::check_phone(&op.new_phone)?;
    let ttl_s = cx.config.policy.sms_code_ttl_s;
    let secret = cx.digits(6);
    let owner = Owner::of(account.id, Purpose::PhoneChange);
    let code = codes::issue(cx, owner, secret, ttl_s, Some(json(&op.new_phone)));
    cx.send(OutboundMessage::Sms(Sms { to: op.new_phone, text: texts::app_sms(&code) }));
    Ok(SmsSent { resend_after_s: cx.config.policy.sms_resend_cooldown_s })
}

/// MGT-02: the code received on the new number makes it the account's.
pub(crate) fn phone_change_confirm(
    cx: &mut Ctx<'_>,
    op: PhoneChangeConfirm,
) -> Result<Ack, Refusal> {
    let account = account::by_session(cx, &op.session)?;
    activated_identity(cx, &account)?;
    let owner = Owner::of(account.id, Purpose::PhoneChange);
    if codes::latest(cx, owner).is_none() {
        return Err(Refusal::new(
            RefusalCode::StepOutOfOrder,
            "Indiquez d'abord votre nouveau numéro.",
        ));
    }
    let code = codes::check(cx, owner, &op.code)?;
    let phone: PhoneNumber =
        from_json(code.sent_to.as_deref().expect("a change of number keeps the new number"));
    codes::consume(cx, code.id);
    cx.exec(
        "UPDATE accounts SET phone = ?2, phone_confirmed = 1 WHERE id = ?1",
        (account.id, json(&phone)),
    );
    Ok(Ack)
}

/// MGT-03, FRAUD-01: the current password is required; the account's other sessions end,
/// so that whoever knew the old password is logged out of the Espace Client.
pub(crate) fn password_change(cx: &mut Ctx<'_>, op: PasswordChange) -> Result<Ack, Refusal> {
    let account = account::by_session(cx, &op.session)?;
    if !account.password_matches(&op.current_password) {
        return Err(Refusal::new(
            RefusalCode::PasswordWrong,
            "Le mot de passe actuel est incorrect.",
        ));
    }
    rules::check_password(&op.new_password)?;
    account::store_password(cx, account.id, &op.new_password);
    cx.exec(
        "DELETE FROM sessions WHERE clock = ?1 AND account_id = ?2 AND token <> ?3",
        (cx.clock, account.id, op.session.as_str()),
    );
    Ok(Ack)
}
